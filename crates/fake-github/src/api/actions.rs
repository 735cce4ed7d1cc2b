//! Actions settings of a repository and of an org: on/off and allowed
//! actions (`…/actions/permissions`), the allow-list
//! (`…/permissions/selected-actions`) and the default `GITHUB_TOKEN`
//! permissions (`…/permissions/workflow`).
//!
//! An org's choices bind its repositories: a repository PUT that would allow
//! more than the org does answers 409 with no body, and the repository's
//! workflow-permissions GET reports the effective (org-capped) value, as
//! GitHub does.

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::{json, Value};

use super::{
    bool_value, enum_value, find_org, org_admin_access, org_mut, parse_body, repo_access, repo_mut,
    Call, Need, Reply, RepoPath, Res, Route,
};
use crate::scenario::{
    AllowedActions, DefaultPermission, EnabledRepositories, Org, SelectedActions,
    WorkflowPermissions,
};
use crate::shapes;

pub(super) fn routes() -> Vec<Route> {
    const REPO: &str = "/repos/{owner}/{repo}/actions/permissions";
    const REPO_SELECTED: &str = "/repos/{owner}/{repo}/actions/permissions/selected-actions";
    const REPO_WORKFLOW: &str = "/repos/{owner}/{repo}/actions/permissions/workflow";
    const ORG: &str = "/orgs/{org}/actions/permissions";
    const ORG_SELECTED: &str = "/orgs/{org}/actions/permissions/selected-actions";
    const ORG_WORKFLOW: &str = "/orgs/{org}/actions/permissions/workflow";
    vec![
        Route::get(REPO, get_repo_actions),
        Route::put(REPO, put_repo_actions),
        Route::get(REPO_SELECTED, get_repo_selected),
        Route::put(REPO_SELECTED, put_repo_selected),
        Route::get(REPO_WORKFLOW, get_repo_workflow),
        Route::put(REPO_WORKFLOW, put_repo_workflow),
        Route::get(ORG, get_org_actions),
        Route::put(ORG, put_org_actions),
        Route::get(ORG_SELECTED, get_org_selected),
        Route::put(ORG_SELECTED, put_org_selected),
        Route::get(ORG_WORKFLOW, get_org_workflow),
        Route::put(ORG_WORKFLOW, put_org_workflow),
    ]
}

/// The answer when the owning org does not let a repository change a setting.
fn prevented_by_org() -> Reply {
    Reply::with(StatusCode::CONFLICT, None, "repo")
}

fn allowed_actions_str(a: AllowedActions) -> &'static str {
    match a {
        AllowedActions::All => "all",
        AllowedActions::LocalOnly => "local_only",
        AllowedActions::Selected => "selected",
    }
}

/// How much an `allowed_actions` value lets through (more is wider).
fn breadth(a: AllowedActions) -> u8 {
    match a {
        AllowedActions::LocalOnly => 0,
        AllowedActions::Selected => 1,
        AllowedActions::All => 2,
    }
}

/// The optional `allowed_actions` and `sha_pinning_required` fields of an
/// Actions-permissions PUT body.
struct ActionsUpdate {
    allowed: Option<AllowedActions>,
    pinning: Option<bool>,
}

impl ActionsUpdate {
    fn parse(body: &Value, accepted: &'static str) -> Res<Self> {
        Ok(ActionsUpdate {
            allowed: enum_value(body, "allowed_actions", accepted)?,
            pinning: bool_value(body, "sha_pinning_required", accepted)?,
        })
    }

    /// Whether `org` forbids this update for one of its repositories.
    fn exceeds(&self, org: &Org) -> bool {
        let wider = self
            .allowed
            .is_some_and(|a| breadth(a) > breadth(org.actions.allowed_actions));
        let unpins = org.actions.sha_pinning_required && self.pinning == Some(false);
        wider || unpins
    }

    /// Overwrites the settings that the body named.
    fn apply(self, allowed: &mut AllowedActions, pinning: &mut bool) {
        if let Some(a) = self.allowed {
            *allowed = a;
        }
        if let Some(p) = self.pinning {
            *pinning = p;
        }
    }
}

/// The optional fields of a workflow-permissions PUT body.
struct WorkflowUpdate {
    default: Option<DefaultPermission>,
    approve: Option<bool>,
}

impl WorkflowUpdate {
    fn parse(body: &Value, accepted: &'static str) -> Res<Self> {
        Ok(WorkflowUpdate {
            default: enum_value(body, "default_workflow_permissions", accepted)?,
            approve: bool_value(body, "can_approve_pull_request_reviews", accepted)?,
        })
    }

    /// Whether `org` forbids this update for one of its repositories.
    fn exceeds(&self, org: &Org) -> bool {
        let org_read = org.workflow.default_workflow_permissions == DefaultPermission::Read;
        (org_read && self.default == Some(DefaultPermission::Write))
            || (!org.workflow.can_approve_pull_request_reviews && self.approve == Some(true))
    }

    /// Overwrites the settings that the body named.
    fn apply(self, w: &mut WorkflowPermissions) {
        if let Some(d) = self.default {
            w.default_workflow_permissions = d;
        }
        if let Some(a) = self.approve {
            w.can_approve_pull_request_reviews = a;
        }
    }
}

/// The body of a selected-actions PUT (every field optional, as GitHub's).
fn selected_update(
    body: &Value,
    current: &SelectedActions,
    accepted: &'static str,
) -> Res<SelectedActions> {
    let patterns = match body.get("patterns_allowed") {
        None | Some(Value::Null) => current.patterns_allowed.clone(),
        Some(Value::Array(list)) => list
            .iter()
            .map(|p| p.as_str().map(str::to_owned))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| {
                Reply::invalid(
                    "Invalid request.\n\npatterns_allowed must be an array of strings.",
                    accepted,
                )
            })?,
        Some(_) => {
            return Err(Reply::invalid(
                "Invalid request.\n\npatterns_allowed must be an array of strings.",
                accepted,
            ))
        }
    };
    Ok(SelectedActions {
        github_owned_allowed: bool_value(body, "github_owned_allowed", accepted)?
            .unwrap_or(current.github_owned_allowed),
        verified_allowed: bool_value(body, "verified_allowed", accepted)?
            .unwrap_or(current.verified_allowed),
        patterns_allowed: patterns,
    })
}

/// 409 unless `allowed_actions` is `selected` (the allow-list is not in use).
fn require_selected(allowed: AllowedActions, accepted: &'static str) -> Res<()> {
    if allowed == AllowedActions::Selected {
        Ok(())
    } else {
        Err(Reply::error(
            StatusCode::CONFLICT,
            "Selected actions are not in use: allowed_actions is not \"selected\".",
            accepted,
        ))
    }
}

fn selected_body(s: &SelectedActions) -> Value {
    json!({
        "github_owned_allowed": s.github_owned_allowed,
        "verified_allowed": s.verified_allowed,
        "patterns_allowed": s.patterns_allowed
    })
}

fn workflow_body(w: &WorkflowPermissions) -> Value {
    json!({
        "default_workflow_permissions": match w.default_workflow_permissions {
            DefaultPermission::Read => "read",
            DefaultPermission::Write => "write",
        },
        "can_approve_pull_request_reviews": w.can_approve_pull_request_reviews
    })
}

/// `GET /repos/{owner}/{repo}/actions/permissions`.
async fn get_repo_actions(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Admin)?;
    let mut body = json!({ "enabled": repo.actions.enabled });
    if repo.actions.enabled {
        shapes::merge(
            &mut body,
            json!({
                "allowed_actions": allowed_actions_str(repo.actions.allowed_actions),
                "sha_pinning_required": repo.actions.sha_pinning_required,
            }),
        );
        if repo.actions.allowed_actions == AllowedActions::Selected {
            shapes::merge(
                &mut body,
                json!({ "selected_actions_url": format!(
                "{}/repos/{}/actions/permissions/selected-actions", call.app.base(), repo.full_name()) }),
            );
        }
    }
    Ok(Reply::ok(body, "repo"))
}

/// `PUT /repos/{owner}/{repo}/actions/permissions`.
async fn put_repo_actions(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Admin)?;
    let body = parse_body(&body, "repo")?;
    let enabled = bool_value(&body, "enabled", "repo")?.ok_or_else(|| {
        Reply::invalid("Invalid request.\n\n\"enabled\" wasn't supplied.", "repo")
    })?;
    let update = ActionsUpdate::parse(&body, "repo")?;
    if let Some(org) = find_org(world, &repo.owner) {
        let actions_off = org.actions.enabled_repositories == EnabledRepositories::None;
        if update.exceeds(org) || (enabled && actions_off) {
            return Err(prevented_by_org());
        }
    }
    let actions = &mut repo_mut(world, &owner, &name)?.actions;
    actions.enabled = enabled;
    update.apply(
        &mut actions.allowed_actions,
        &mut actions.sha_pinning_required,
    );
    Ok(Reply::no_content("repo"))
}

/// `GET /repos/{owner}/{repo}/actions/permissions/selected-actions`.
async fn get_repo_selected(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Admin)?;
    require_selected(repo.actions.allowed_actions, "repo")?;
    Ok(Reply::ok(selected_body(&repo.selected_actions), "repo"))
}

/// `PUT /repos/{owner}/{repo}/actions/permissions/selected-actions`: 409 when
/// the repository is not on `selected`, or when its org restricts actions
/// itself (a repository cannot widen the org's list).
async fn put_repo_selected(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Admin)?;
    let body = parse_body(&body, "repo")?;
    let wanted = selected_update(&body, &repo.selected_actions, "repo")?;
    require_selected(repo.actions.allowed_actions, "repo")?;
    let org_restricts = find_org(world, &repo.owner)
        .is_some_and(|o| o.actions.allowed_actions != AllowedActions::All);
    if org_restricts {
        return Err(prevented_by_org());
    }
    repo_mut(world, &owner, &name)?.selected_actions = wanted;
    Ok(Reply::no_content("repo"))
}

/// `GET /repos/{owner}/{repo}/actions/permissions/workflow`: the effective
/// value (an org default of `read` wins over the repository's `write`).
async fn get_repo_workflow(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Admin)?;
    let mut effective = repo.workflow.clone();
    if let Some(org) = find_org(&world, &repo.owner) {
        if org.workflow.default_workflow_permissions == DefaultPermission::Read {
            effective.default_workflow_permissions = DefaultPermission::Read;
        }
        effective.can_approve_pull_request_reviews &= org.workflow.can_approve_pull_request_reviews;
    }
    Ok(Reply::ok(workflow_body(&effective), "repo"))
}

/// `PUT /repos/{owner}/{repo}/actions/permissions/workflow`; 409 (no body)
/// when the owning org forces a more restrictive setting.
async fn put_repo_workflow(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Admin)?;
    let body = parse_body(&body, "repo")?;
    let update = WorkflowUpdate::parse(&body, "repo")?;
    if find_org(world, &repo.owner).is_some_and(|org| update.exceeds(org)) {
        return Err(prevented_by_org());
    }
    update.apply(&mut repo_mut(world, &owner, &name)?.workflow);
    Ok(Reply::no_content("repo"))
}

/// `GET /orgs/{org}/actions/permissions`.
async fn get_org_actions(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    let base = format!("{}/orgs/{}/actions/permissions", call.app.base(), org.login);
    let enabled = match org.actions.enabled_repositories {
        EnabledRepositories::All => "all",
        EnabledRepositories::None => "none",
        EnabledRepositories::Selected => "selected",
    };
    let mut body = json!({ "enabled_repositories": enabled });
    if org.actions.enabled_repositories != EnabledRepositories::None {
        shapes::merge(
            &mut body,
            json!({
                "allowed_actions": allowed_actions_str(org.actions.allowed_actions),
                "sha_pinning_required": org.actions.sha_pinning_required,
            }),
        );
    }
    if org.actions.enabled_repositories == EnabledRepositories::Selected {
        shapes::merge(
            &mut body,
            json!({ "selected_repositories_url": format!("{base}/repositories") }),
        );
    }
    if org.actions.allowed_actions == AllowedActions::Selected {
        shapes::merge(
            &mut body,
            json!({ "selected_actions_url": format!("{base}/selected-actions") }),
        );
    }
    Ok(Reply::ok(body, "admin:org"))
}

/// `PUT /orgs/{org}/actions/permissions`.
async fn put_org_actions(
    Call { app, caller }: Call,
    Path(org): Path<String>,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let org = org_admin_access(world, &caller, &org)?;
    let body = parse_body(&body, "admin:org")?;
    let enabled: EnabledRepositories = enum_value(&body, "enabled_repositories", "admin:org")?
        .ok_or_else(|| {
            Reply::invalid(
                "Invalid request.\n\n\"enabled_repositories\" wasn't supplied.",
                "admin:org",
            )
        })?;
    let update = ActionsUpdate::parse(&body, "admin:org")?;
    let actions = &mut org_mut(world, &org.login)?.actions;
    actions.enabled_repositories = enabled;
    update.apply(
        &mut actions.allowed_actions,
        &mut actions.sha_pinning_required,
    );
    Ok(Reply::no_content("admin:org"))
}

/// `GET /orgs/{org}/actions/permissions/selected-actions`.
async fn get_org_selected(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    require_selected(org.actions.allowed_actions, "admin:org")?;
    Ok(Reply::ok(selected_body(&org.selected_actions), "admin:org"))
}

/// `PUT /orgs/{org}/actions/permissions/selected-actions` (409 unless the
/// org's `allowed_actions` is `selected`).
async fn put_org_selected(
    Call { app, caller }: Call,
    Path(org): Path<String>,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let org = org_admin_access(world, &caller, &org)?;
    let body = parse_body(&body, "admin:org")?;
    let wanted = selected_update(&body, &org.selected_actions, "admin:org")?;
    require_selected(org.actions.allowed_actions, "admin:org")?;
    org_mut(world, &org.login)?.selected_actions = wanted;
    Ok(Reply::no_content("admin:org"))
}

/// `GET /orgs/{org}/actions/permissions/workflow`.
async fn get_org_workflow(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    Ok(Reply::ok(workflow_body(&org.workflow), "admin:org"))
}

/// `PUT /orgs/{org}/actions/permissions/workflow`.
async fn put_org_workflow(
    Call { app, caller }: Call,
    Path(org): Path<String>,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let org = org_admin_access(world, &caller, &org)?;
    let body = parse_body(&body, "admin:org")?;
    let update = WorkflowUpdate::parse(&body, "admin:org")?;
    update.apply(&mut org_mut(world, &org.login)?.workflow);
    Ok(Reply::no_content("admin:org"))
}
