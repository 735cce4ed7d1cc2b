//! Self-hosted runners: the repository's and the org's runners, and the
//! org's policy on which repositories may use self-hosted runners at all
//! (`…/actions/permissions/self-hosted-runners` and its `/repositories`).

use std::collections::BTreeMap;

use axum::extract::{Path, Query};
use serde_json::{json, Value};

use super::{account, Call, Need, Reply, RepoPath, Res, Route};
use crate::scenario::{EnabledRepositories, Runner};
use crate::shapes;

pub(super) fn routes() -> Vec<Route> {
    const POLICY: &str = "/orgs/{org}/actions/permissions/self-hosted-runners";
    const POLICY_REPOS: &str = "/orgs/{org}/actions/permissions/self-hosted-runners/repositories";
    vec![
        Route::get("/repos/{owner}/{repo}/actions/runners", list_repo_runners),
        Route::get("/orgs/{org}/actions/runners", list_org_runners),
        Route::get(POLICY, get_policy),
        Route::get(POLICY_REPOS, list_policy_repos),
    ]
}

fn runners_body(runners: &[Runner]) -> Value {
    let list: Vec<Value> = runners.iter().map(shapes::runner).collect();
    json!({ "total_count": list.len(), "runners": list })
}

/// `GET /repos/{owner}/{repo}/actions/runners` (repository admins only).
async fn list_repo_runners(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Admin)?;
    Ok(Reply::ok(runners_body(&repo.runners), "repo"))
}

/// `GET /orgs/{org}/actions/runners`.
async fn list_org_runners(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    Ok(Reply::ok(runners_body(&org.runners), "admin:org"))
}

fn enabled_str(e: EnabledRepositories) -> &'static str {
    match e {
        EnabledRepositories::All => "all",
        EnabledRepositories::Selected => "selected",
        EnabledRepositories::None => "none",
    }
}

/// `GET /orgs/{org}/actions/permissions/self-hosted-runners`:
/// `enabled_repositories`, plus `selected_repositories_url` when `selected`.
async fn get_policy(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    let policy = &org.self_hosted_runners;
    let mut body = json!({ "enabled_repositories": enabled_str(policy.enabled_repositories) });
    if policy.enabled_repositories == EnabledRepositories::Selected {
        shapes::merge(
            &mut body,
            json!({ "selected_repositories_url": format!(
                "{}/orgs/{}/actions/permissions/self-hosted-runners/repositories",
                call.app.base(), org.login) }),
        );
    }
    Ok(Reply::ok(body, "admin:org"))
}

/// `GET /orgs/{org}/actions/permissions/self-hosted-runners/repositories`:
/// the repositories allowed when the policy is `selected` (empty otherwise).
async fn list_policy_repos(
    call: Call,
    Path(org): Path<String>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    let world = call.app.world();
    let owner = account(&world, &org.login).ok_or_else(|| Reply::not_found("admin:org"))?;
    let policy = &org.self_hosted_runners;
    let selected: Vec<Value> = world
        .scenario
        .repos
        .iter()
        .filter(|r| r.owner == org.login)
        .filter(|r| {
            policy.enabled_repositories == EnabledRepositories::Selected
                && policy.selected_repositories.contains(&r.name)
        })
        .map(|r| shapes::repository(call.app.base(), r, &owner))
        .collect();
    let total = selected.len();
    let page: Vec<Value> = selected.into_iter().take(super::per_page(&q)).collect();
    Ok(Reply::ok(
        json!({ "total_count": total, "repositories": page }),
        "admin:org",
    ))
}
