//! Workflows of a repository: one workflow by file name or id (its `state`:
//! active or disabled) and its runs, newest first (each with the `html_url`
//! of its page). A workflow exists while its file is on the default branch.

use std::collections::BTreeMap;

use axum::extract::{Path, Query};
use serde_json::{json, Value};

use super::{account, per_page, repo_access, Call, Need, Reply, Res, Route};
use crate::scenario::Repo;
use crate::shapes;

pub(super) fn routes() -> Vec<Route> {
    vec![
        Route::get(
            "/repos/{owner}/{repo}/actions/workflows/{workflow_id}",
            get_workflow,
        ),
        Route::get(
            "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
            list_runs,
        ),
    ]
}

/// The workflow file named by `id` (a file name such as `docker-image.yml`,
/// or the numeric id), if it is on the default branch.
fn workflow_file(repo: &Repo, id: &str) -> Option<String> {
    let by_name = format!(".github/workflows/{id}");
    if repo.files.contains_key(&by_name) {
        return Some(id.to_owned());
    }
    repo.files
        .keys()
        .filter_map(|p| p.strip_prefix(".github/workflows/"))
        .find(|file| shapes::workflow_id(repo, file).to_string() == id)
        .map(str::to_owned)
}

/// `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}`.
async fn get_workflow(
    call: Call,
    Path((owner, name, id)): Path<(String, String, String)>,
) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Read)?;
    let file = workflow_file(&repo, &id).ok_or_else(|| Reply::not_found("repo"))?;
    Ok(Reply::ok(
        shapes::workflow(call.app.base(), &repo, &file),
        "repo",
    ))
}

/// `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?per_page=`.
async fn list_runs(
    Call { app, caller }: Call,
    Path((owner, name, id)): Path<(String, String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let file = workflow_file(&repo, &id).ok_or_else(|| Reply::not_found("repo"))?;
    let acct = account(&world, &repo.owner).ok_or_else(|| Reply::not_found("repo"))?;
    let mut runs: Vec<_> = repo.runs.iter().filter(|r| r.workflow == file).collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.run_number));
    let total = runs.len();
    let list: Vec<Value> = runs
        .into_iter()
        .take(per_page(&q))
        .map(|r| shapes::workflow_run(app.base(), &repo, &acct, r))
        .collect();
    Ok(Reply::ok(
        json!({ "total_count": total, "workflow_runs": list }),
        "repo",
    ))
}
