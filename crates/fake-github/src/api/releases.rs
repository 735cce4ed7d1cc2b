//! Releases of a repository (`GET …/releases?per_page=N`), newest first.
//! Drafts are listed only for callers with write access, as on GitHub. The
//! action repositories of the scenario use this to offer newer pins.

use std::collections::BTreeMap;

use axum::extract::{Path, Query};
use serde_json::Value;

use super::{account, per_page, repo_access, Call, Need, Reply, RepoPath, Res, Route};
use crate::scenario::{Release, RepoRole};
use crate::shapes;

pub(super) fn routes() -> Vec<Route> {
    vec![Route::get("/repos/{owner}/{repo}/releases", list_releases)]
}

/// `GET /repos/{owner}/{repo}/releases`.
async fn list_releases(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    Query(q): Query<BTreeMap<String, String>>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, role) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let sees_drafts = role >= Some(RepoRole::Write);
    let acct = account(&world, &repo.owner).ok_or_else(|| Reply::not_found("repo"))?;
    let mut releases: Vec<(usize, &Release)> = repo
        .releases
        .iter()
        .enumerate()
        .filter(|(_, r)| sees_drafts || !r.draft)
        .collect();
    releases.sort_by(|(_, a), (_, b)| b.published_at.cmp(&a.published_at));
    let list: Vec<Value> = releases
        .into_iter()
        .take(per_page(&q))
        .map(|(index, r)| shapes::release(app.base(), &repo, &acct, index, r))
        .collect();
    Ok(Reply::ok(Value::Array(list), "repo"))
}
