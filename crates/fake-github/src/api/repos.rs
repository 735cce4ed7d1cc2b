//! `GET /repos/{owner}/{repo}`: the repository and the caller's rights on it.

use super::{account, repo_access, Call, Need, Reply, RepoPath, Res, Route};
use crate::scenario::RepoRole;
use crate::shapes;

pub(super) fn routes() -> Vec<Route> {
    vec![Route::get("/repos/{owner}/{repo}", get_repo)]
}

/// `GET /repos/{owner}/{repo}`; `permissions` only for a signed-in caller.
async fn get_repo(
    Call { app, caller }: Call,
    axum::extract::Path((owner, name)): RepoPath,
) -> Res<Reply> {
    let world = app.world();
    let (repo, role) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let acct = account(&world, &repo.owner).ok_or_else(|| Reply::not_found("repo"))?;
    let role = caller.user.as_ref().map(|_| role.unwrap_or(RepoRole::Read));
    Ok(Reply::ok(
        shapes::full_repository(app.base(), &repo, &acct, role),
        "repo",
    ))
}
