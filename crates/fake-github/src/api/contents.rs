//! Repository contents: `GET …/contents/{path}` answers a file (base64
//! content, blob SHA) or a directory listing derived from the scenario's
//! file paths; `PUT …/contents/{path}` creates or updates a file on a
//! branch (workflow files need the `workflow` scope — 404 without it, as
//! GitHub answers).

use std::collections::{BTreeMap, BTreeSet};

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use base64::Engine as _;
use serde_json::Value;

use super::{parse_body, repo_access, repo_mut, str_value, Call, Need, Reply, Res, Route};
use crate::scenario::{fake_sha, Repo};
use crate::shapes;

pub(super) fn routes() -> Vec<Route> {
    const CONTENTS: &str = "/repos/{owner}/{repo}/contents/{path}";
    vec![
        Route::get(CONTENTS, get_contents),
        Route::put(CONTENTS, put_contents),
    ]
}

/// Files of `branch` (the default branch uses `files`).
fn branch_files<'a>(repo: &'a Repo, branch: &str) -> Option<&'a BTreeMap<String, String>> {
    if branch == repo.default_branch {
        Some(&repo.files)
    } else {
        repo.branch_files.get(branch)
    }
}

/// One entry of a directory: a file or a sub-directory.
enum Entry<'a> {
    File(&'a str),
    Dir,
}

/// The direct children of directory `dir` (no trailing slash) in `files`.
fn children<'a>(files: &'a BTreeMap<String, String>, dir: &str) -> BTreeMap<String, Entry<'a>> {
    let prefix = format!("{dir}/");
    let mut out = BTreeMap::new();
    let mut dirs = BTreeSet::new();
    for (path, content) in files {
        let Some(rest) = path.strip_prefix(&prefix) else {
            continue;
        };
        match rest.split_once('/') {
            Some((sub, _)) => {
                dirs.insert(sub.to_owned());
            }
            None => {
                out.insert(rest.to_owned(), Entry::File(content));
            }
        }
    }
    for d in dirs {
        out.entry(d).or_insert(Entry::Dir);
    }
    out
}

/// `GET /repos/{owner}/{repo}/contents/{path}` (`?ref=` supported).
async fn get_contents(
    Call { app, caller }: Call,
    Path((owner, name, path)): Path<(String, String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let branch = q
        .get("ref")
        .map(|r| r.trim_start_matches("refs/heads/").to_owned())
        .unwrap_or_else(|| repo.default_branch.clone());
    let files = branch_files(&repo, &branch).ok_or_else(|| Reply::not_found("repo"))?;
    let path = path.trim_end_matches('/');
    if let Some(content) = files.get(path) {
        return Ok(Reply::ok(
            shapes::content_file(app.base(), &repo, path, content, &branch),
            "repo",
        ));
    }
    let entries = children(files, path);
    if entries.is_empty() {
        return Err(Reply::not_found("repo"));
    }
    let list: Vec<Value> = entries
        .iter()
        .map(|(entry_name, entry)| {
            let entry_path = format!("{path}/{entry_name}");
            match entry {
                Entry::File(content) => {
                    shapes::content_entry_file(app.base(), &repo, &entry_path, content, &branch)
                }
                Entry::Dir => shapes::content_entry_dir(app.base(), &repo, &entry_path, &branch),
            }
        })
        .collect();
    Ok(Reply::ok(Value::Array(list), "repo"))
}

/// `PUT /repos/{owner}/{repo}/contents/{path}`: needs `workflow` for workflow files.
async fn put_contents(
    Call { app, caller }: Call,
    Path((owner, name, path)): Path<(String, String, String)>,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Write)?;
    if path.starts_with(".github/workflows/") && !caller.has_scope("workflow") {
        return Err(Reply::error(
            StatusCode::NOT_FOUND,
            &format!("refusing to allow an OAuth App to create or update workflow `{path}` without `workflow` scope"),
            "repo, workflow",
        ));
    }
    let body = parse_body(&body, "repo")?;
    let message = str_value(&body, "message")
        .ok_or_else(|| Reply::invalid("Invalid request.\n\n\"message\" wasn't supplied.", "repo"))?
        .to_owned();
    let content = str_value(&body, "content")
        .and_then(|c| {
            base64::engine::general_purpose::STANDARD
                .decode(c.replace(['\n', '\r'], ""))
                .ok()
        })
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| {
            Reply::invalid("Invalid request.\n\ncontent is not valid Base64.", "repo")
        })?;
    let branch = str_value(&body, "branch")
        .unwrap_or(&repo.default_branch)
        .to_owned();
    let files = branch_files(&repo, &branch).ok_or_else(|| Reply::not_found("repo"))?;
    let existing = files.get(&path).map(|c| shapes::blob_sha(c));
    match (&existing, str_value(&body, "sha")) {
        (Some(_), None) => {
            return Err(Reply::invalid(
                "Invalid request.\n\n\"sha\" wasn't supplied.",
                "repo",
            ))
        }
        (Some(have), Some(sent)) if have != sent => {
            return Err(Reply::error(
                StatusCode::CONFLICT,
                &format!("{path} does not match {sent}"),
                "repo",
            ))
        }
        _ => {}
    }
    let commit_sha = fake_sha(&format!(
        "commit:{}:{}:{}",
        repo.full_name(),
        world.next_random(),
        path
    ));
    let author = caller.user.clone().unwrap_or_default();
    let target = repo_mut(world, &owner, &name)?;
    if let Some(parent) = target.branches.get(&branch).cloned() {
        target.commits.insert(
            commit_sha.clone(),
            crate::scenario::Commit {
                parent,
                message: message.clone(),
                author,
                path: path.clone(),
            },
        );
    }
    if branch == target.default_branch {
        target.files.insert(path.clone(), content.clone());
    } else if let Some(files) = target.branch_files.get_mut(&branch) {
        files.insert(path.clone(), content.clone());
    }
    target.branches.insert(branch.clone(), commit_sha.clone());
    let status = if existing.is_some() {
        StatusCode::OK
    } else {
        StatusCode::CREATED
    };
    let commit = shapes::FileCommit {
        path: &path,
        content: &content,
        branch: &branch,
        commit_sha: &commit_sha,
        message: &message,
    };
    let body = shapes::file_commit(app.base(), target, &commit);
    Ok(Reply::with(status, Some(body), "repo"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_come_from_file_paths() {
        let files: BTreeMap<String, String> = [
            (".github/workflows/a.yml", "a"),
            (".github/workflows/b.yml", "b"),
            (".github/dependabot.yml", "c"),
            ("Dockerfile", "d"),
        ]
        .into_iter()
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
        .collect();
        let wf = children(&files, ".github/workflows");
        assert_eq!(wf.keys().collect::<Vec<_>>(), ["a.yml", "b.yml"]);
        let gh = children(&files, ".github");
        assert!(matches!(gh.get("workflows"), Some(Entry::Dir)));
        assert!(matches!(gh.get("dependabot.yml"), Some(Entry::File("c"))));
        assert!(children(&files, ".git").is_empty());
        assert!(children(&files, "Dockerfile").is_empty());
    }
}
