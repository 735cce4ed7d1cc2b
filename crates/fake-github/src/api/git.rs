//! Git references and tag objects: a branch's or tag's ref
//! (`…/git/ref/heads/{branch}`, `…/git/ref/tags/{tag}`), creating a branch
//! (`POST …/git/refs`) and reading an annotated tag object
//! (`…/git/tags/{tag_sha}`), which leads on to the tagged commit.

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
