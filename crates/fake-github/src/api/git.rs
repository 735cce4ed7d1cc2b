//! Git references and tag objects: a branch's or tag's ref
//! (`…/git/ref/heads/{branch}`, `…/git/ref/tags/{tag}`), creating a branch
//! (`POST …/git/refs`), reading an annotated tag object
//! (`…/git/tags/{tag_sha}`), which leads on to the tagged commit, and
//! comparing two branches (`…/compare/{base}...{head}`: the commits one
//! holds that the other does not, and the files they changed).

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;

use super::{
    parse_body, repo_access, repo_mut, str_value, Call, Need, Reply, RepoPath, Res, Route,
};
use crate::shapes::{self, RefTarget};

pub(super) fn routes() -> Vec<Route> {
    vec![
        Route::get("/repos/{owner}/{repo}/git/ref/{ref}", get_ref),
        Route::post("/repos/{owner}/{repo}/git/refs", create_ref),
        Route::get("/repos/{owner}/{repo}/git/tags/{tag_sha}", get_tag),
        Route::get("/repos/{owner}/{repo}/compare/{basehead}", compare),
    ]
}

/// `GET /repos/{owner}/{repo}/git/ref/{ref}` (`heads/BRANCH` or `tags/TAG`).
async fn get_ref(
    call: Call,
    Path((owner, name, reference)): Path<(String, String, String)>,
) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Read)?;
    let full = format!("refs/{reference}");
    let target = if let Some(branch) = reference.strip_prefix("heads/") {
        let sha = repo
            .branches
            .get(branch)
            .ok_or_else(|| Reply::not_found("repo"))?;
        RefTarget::Commit(sha.clone())
    } else if let Some(tag_name) = reference.strip_prefix("tags/") {
        let tag = repo
            .tags
            .get(tag_name)
            .ok_or_else(|| Reply::not_found("repo"))?;
        if tag.annotated {
            RefTarget::Tag(repo.tag_object_sha(tag_name))
        } else {
            RefTarget::Commit(repo.tag_commit(tag_name, tag))
        }
    } else {
        return Err(Reply::not_found("repo"));
    };
    Ok(Reply::ok(
        shapes::git_ref(call.app.base(), &repo, &full, &target),
        "repo",
    ))
}

/// `GET /repos/{owner}/{repo}/git/tags/{tag_sha}`: an annotated tag object.
async fn get_tag(
    call: Call,
    Path((owner, name, sha)): Path<(String, String, String)>,
) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Read)?;
    let (tag_name, tag) = repo
        .tags
        .iter()
        .find(|(n, t)| t.annotated && repo.tag_object_sha(n) == sha)
        .ok_or_else(|| Reply::not_found("repo"))?;
    let commit = repo.tag_commit(tag_name, tag);
    Ok(Reply::ok(
        shapes::git_tag(call.app.base(), &repo, tag_name, &sha, &commit),
        "repo",
    ))
}

/// `POST /repos/{owner}/{repo}/git/refs` (`ref: refs/heads/NAME`, `sha` of
/// an existing branch head): the new branch starts with that branch's files.
async fn create_ref(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Write)?;
    let body = parse_body(&body, "repo")?;
    let reference = str_value(&body, "ref").unwrap_or_default().to_owned();
    let sha = str_value(&body, "sha").unwrap_or_default().to_owned();
    let branch = reference
        .strip_prefix("refs/heads/")
        .filter(|b| !b.is_empty())
        .ok_or_else(|| {
            Reply::invalid(
                "Reference name must start with 'refs/' and have at least two slashes.",
                "repo",
            )
        })?
        .to_owned();
    if repo.branches.contains_key(&branch) {
        return Err(Reply::invalid("Reference already exists", "repo"));
    }
    let source = repo
        .branches
        .iter()
        .find(|(_, s)| **s == sha)
        .map(|(b, _)| b.clone())
        .ok_or_else(|| Reply::invalid("Object does not exist", "repo"))?;
    let files = if source == repo.default_branch {
        repo.files.clone()
    } else {
        repo.branch_files.get(&source).cloned().unwrap_or_default()
    };
    let target = repo_mut(world, &owner, &name)?;
    target.branches.insert(branch.clone(), sha.clone());
    target.branch_files.insert(branch, files);
    Ok(Reply::with(
        StatusCode::CREATED,
        Some(shapes::git_ref(
            app.base(),
            target,
            &reference,
            &RefTarget::Commit(sha),
        )),
        "repo",
    ))
}

/// `GET /repos/{owner}/{repo}/compare/{base}...{head}` for two branches of
/// the repository: `ahead_by` counts the commits of `head` that `base` does
/// not hold (listed oldest first), `behind_by` the other way round; `files`
/// are the files those commits wrote, as `head` holds them. Two branches
/// without a common commit answer 404, as GitHub does.
async fn compare(
    call: Call,
    Path((owner, name, basehead)): Path<(String, String, String)>,
) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Read)?;
    let (base, head) = basehead
        .split_once("...")
        .ok_or_else(|| Reply::not_found("repo"))?;
    let (Some(base_sha), Some(head_sha)) = (repo.branches.get(base), repo.branches.get(head))
    else {
        return Err(Reply::not_found("repo"));
    };
    let base_history = repo.history(base_sha);
    let head_history = repo.history(head_sha);
    let merge_base = head_history
        .iter()
        .find(|s| base_history.contains(s))
        .cloned()
        .ok_or_else(|| Reply::not_found("repo"))?;
    let mut ahead: Vec<String> = head_history
        .iter()
        .filter(|s| !base_history.contains(s))
        .cloned()
        .collect();
    ahead.reverse();
    let behind = base_history
        .iter()
        .filter(|s| !head_history.contains(s))
        .count();
    let files_of = |branch: &str| {
        if branch == repo.default_branch {
            Some(&repo.files)
        } else {
            repo.branch_files.get(branch)
        }
    };
    let mut changed: Vec<shapes::ChangedFile> = Vec::new();
    for sha in &ahead {
        let Some(path) = repo.commits.get(sha).map(|c| c.path.as_str()) else {
            continue;
        };
        if changed.iter().any(|c| c.path == path) {
            continue;
        }
        changed.push(shapes::ChangedFile {
            path: path.to_owned(),
            now: files_of(head)
                .and_then(|f| f.get(path))
                .cloned()
                .unwrap_or_default(),
            before: files_of(base).and_then(|f| f.get(path)).cloned(),
        });
    }
    let sides = shapes::Comparison {
        base,
        head,
        base_sha,
        merge_base: &merge_base,
        ahead: &ahead,
        behind,
        files: &changed,
    };
    Ok(Reply::ok(
        shapes::comparison(call.app.base(), &repo, &sides),
        "repo",
    ))
}
