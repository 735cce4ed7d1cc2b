//! The REST API handlers (api.github.com paths at the root), with GitHub's
//! access rules: classic scopes, repository roles, org roles, OAuth App
//! access restrictions and SAML SSO.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::rejection::ExtensionRejection;
use axum::extract::{FromRequestParts, Path, Query};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;
use base64::Engine as _;
use serde_json::{json, Value};

use crate::scenario::{
    fake_sha, AllowedActions, DefaultPermission, EnabledRepositories, Org, OrgRole, Repo, RepoRole,
    Secret, Visibility,
};
use crate::shapes::{self, Account};
use crate::state::{App, World, ANON_RATE_LIMIT, RATE_LIMIT};

/// Documentation link used in error bodies.
pub const DOCS: &str = "https://docs.github.com/rest";

/// What kind of token authenticated a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `ghp_` classic personal access token.
    Classic,
    /// `gho_` OAuth App token (subject to OAuth App access restrictions).
    OAuthApp,
    /// `github_pat_` fine-grained token (no classic scopes header, no packages).
    FineGrained,
}

/// Who is calling. Inserted into request extensions by the API layer.
#[derive(Debug, Clone)]
pub struct Caller {
    /// `None` for anonymous requests.
    pub user: Option<String>,
    pub scopes: Vec<String>,
    pub kind: Option<TokenKind>,
    pub sso_orgs: Vec<String>,
}

impl Caller {
    /// An unauthenticated caller.
    pub fn anonymous() -> Self {
        Caller {
            user: None,
            scopes: Vec::new(),
            kind: None,
            sso_orgs: Vec::new(),
        }
    }

    /// Whether the token's scopes include `needed` (with GitHub's implied scopes).
    pub fn has_scope(&self, needed: &str) -> bool {
        let implied: &[&str] = match needed {
            "read:org" => &["read:org", "write:org", "admin:org"],
            "write:org" => &["write:org", "admin:org"],
            "read:packages" => &["read:packages", "write:packages", "delete:packages"],
            other => return self.scopes.iter().any(|s| s == other),
        };
        self.scopes.iter().any(|s| implied.contains(&s.as_str()))
    }
}

/// A handler's answer; the API layer adds the common headers.
pub struct Reply {
    pub status: StatusCode,
    pub body: Option<Value>,
    /// Value of `X-Accepted-OAuth-Scopes`.
    pub accepted: &'static str,
    pub headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn ok(body: Value, accepted: &'static str) -> Self {
        Reply::with(StatusCode::OK, Some(body), accepted)
    }

    fn with(status: StatusCode, body: Option<Value>, accepted: &'static str) -> Self {
        Reply {
            status,
            body,
            accepted,
            headers: Vec::new(),
        }
    }

    /// `{message, documentation_url, status}` as GitHub sends errors.
    pub fn error(status: StatusCode, message: &str, accepted: &'static str) -> Self {
        let body = json!({ "message": message, "documentation_url": DOCS, "status": status.as_u16().to_string() });
        Reply::with(status, Some(body), accepted)
    }

    fn not_found(accepted: &'static str) -> Self {
        Reply::error(StatusCode::NOT_FOUND, "Not Found", accepted)
    }

    fn no_content(accepted: &'static str) -> Self {
        Reply::with(StatusCode::NO_CONTENT, None, accepted)
    }

    fn invalid(message: &str, accepted: &'static str) -> Self {
        Reply::error(StatusCode::UNPROCESSABLE_ENTITY, message, accepted)
    }
}

impl IntoResponse for Reply {
    fn into_response(self) -> Response {
        let mut response = match self.body {
            Some(body) => (
                self.status,
                [("content-type", "application/json; charset=utf-8")],
                body.to_string(),
            )
                .into_response(),
            None => self.status.into_response(),
        };
        let headers = response.headers_mut();
        if let Ok(v) = self.accepted.parse() {
            headers.insert("x-accepted-oauth-scopes", v);
        }
        for (name, value) in self.headers {
            if let Ok(v) = value.parse() {
                headers.insert(name, v);
            }
        }
        response
    }
}

/// What a handler returns: a success reply or an error reply (both are answers).
pub type Res<T> = Result<T, Reply>;

/// Finds a repo case-insensitively, like GitHub.
fn find_repo<'a>(world: &'a World, owner: &str, name: &str) -> Option<&'a Repo> {
    world
        .scenario
        .repos
        .iter()
        .find(|r| r.owner.eq_ignore_ascii_case(owner) && r.name.eq_ignore_ascii_case(name))
}

/// The repo to change (found like [`find_repo`]), or 404.
fn repo_mut<'a>(world: &'a mut World, owner: &str, name: &str) -> Res<&'a mut Repo> {
    world
        .scenario
        .repos
        .iter_mut()
        .find(|r| r.owner.eq_ignore_ascii_case(owner) && r.name.eq_ignore_ascii_case(name))
        .ok_or_else(|| Reply::not_found("repo"))
}

fn find_org<'a>(world: &'a World, login: &str) -> Option<&'a Org> {
    world
        .scenario
        .orgs
        .iter()
        .find(|o| o.login.eq_ignore_ascii_case(login))
}

/// The account owning `login` (an org or a user).
fn account(world: &World, login: &str) -> Option<Account> {
    find_org(world, login).map(Account::from_org).or_else(|| {
        world
            .scenario
            .users
            .iter()
            .find(|u| u.login.eq_ignore_ascii_case(login))
            .map(Account::from_user)
    })
}

/// The caller's role on a repo, if any.
fn role_on(world: &World, caller: &Caller, repo: &Repo) -> Option<RepoRole> {
    let user = caller.user.as_deref()?;
    if repo.owner.eq_ignore_ascii_case(user) {
        return Some(RepoRole::Admin);
    }
    let org_admin = find_org(world, &repo.owner)
        .and_then(|o| o.members.get(user))
        .is_some_and(|r| *r == OrgRole::Admin);
    let listed = repo.permissions.get(user).copied();
    if org_admin {
        Some(RepoRole::Admin)
    } else {
        listed
    }
}

/// How much access an endpoint needs on a repo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    Read,
    Write,
    Admin,
}

/// The 403 GitHub sends when an org restricts OAuth Apps.
fn oauth_restricted(org: &str, accepted: &'static str) -> Reply {
    Reply::error(
        StatusCode::FORBIDDEN,
        &format!(
            "Although you appear to have the correct authorization credentials, the `{org}` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited. For more information on these restrictions, including how to enable this app, visit https://docs.github.com/articles/restricting-access-to-your-organization-s-data/"
        ),
        accepted,
    )
}

/// The 403 for an org with SAML SSO when the token is not authorised.
fn sso_refusal(org: &str, accepted: &'static str) -> Reply {
    let mut reply = Reply::error(
        StatusCode::FORBIDDEN,
        "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.",
        accepted,
    );
    reply.headers.push((
        "x-github-sso",
        format!("required; url=https://github.com/orgs/{org}/sso?authorization_request=FAKE"),
    ));
    reply
}

/// Org-level gates on private resources: OAuth App restrictions and SSO.
fn org_gates(world: &World, caller: &Caller, owner: &str, accepted: &'static str) -> Res<()> {
    let Some(org) = find_org(world, owner) else {
        return Ok(());
    };
    if caller.user.is_none() {
        return Ok(());
    }
    if org.oauth_app_restricted && caller.kind == Some(TokenKind::OAuthApp) {
        return Err(oauth_restricted(&org.login, accepted));
    }
    let authorised = caller
        .sso_orgs
        .iter()
        .any(|o| o.eq_ignore_ascii_case(&org.login));
    if org.sso_required && !authorised {
        return Err(sso_refusal(&org.login, accepted));
    }
    Ok(())
}

/// Checks access to a repo; returns a clone of it and the caller's role.
fn repo_access(
    world: &World,
    caller: &Caller,
    owner: &str,
    name: &str,
    need: Need,
) -> Res<(Repo, Option<RepoRole>)> {
    const ACCEPTED: &str = "repo";
    let repo = find_repo(world, owner, name).ok_or_else(|| Reply::not_found(ACCEPTED))?;
    let role = role_on(world, caller, repo);
    if repo.is_private() {
        if !caller.has_scope("repo") || role.is_none() {
            return Err(Reply::not_found(ACCEPTED));
        }
        org_gates(world, caller, &repo.owner, ACCEPTED)?;
    }
    if need > Need::Read {
        if role.is_none() || !caller.has_scope("repo") {
            return Err(Reply::not_found(ACCEPTED));
        }
        let required = if need == Need::Admin {
            RepoRole::Admin
        } else {
            RepoRole::Write
        };
        if role < Some(required) {
            let what = if need == Need::Admin {
                "admin"
            } else {
                "write"
            };
            return Err(Reply::error(
                StatusCode::FORBIDDEN,
                &format!("Must have {what} rights to Repository."),
                ACCEPTED,
            ));
        }
    }
    Ok((repo.clone(), role))
}

/// Checks `admin:org` scope and admin role; returns a clone of the org.
fn org_admin_access(world: &World, caller: &Caller, login: &str) -> Res<Org> {
    const ACCEPTED: &str = "admin:org";
    let org = find_org(world, login).ok_or_else(|| Reply::not_found(ACCEPTED))?;
    let user = caller
        .user
        .as_deref()
        .ok_or_else(|| Reply::not_found(ACCEPTED))?;
    org_gates(world, caller, &org.login, ACCEPTED)?;
    if !caller.has_scope("admin:org") {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "You need the admin:org scope to read or change this organization's Actions settings.",
            ACCEPTED,
        ));
    }
    if org.members.get(user) != Some(&OrgRole::Admin) {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "Must have admin rights to organization.",
            ACCEPTED,
        ));
    }
    Ok(org.clone())
}

fn caller_login(caller: &Caller) -> Res<&str> {
    caller
        .user
        .as_deref()
        .ok_or_else(|| Reply::error(StatusCode::UNAUTHORIZED, "Requires authentication", ""))
}

fn parse_body(body: &Bytes, accepted: &'static str) -> Res<Value> {
    serde_json::from_slice(body)
        .map_err(|_| Reply::error(StatusCode::BAD_REQUEST, "Problems parsing JSON", accepted))
}

fn enum_value<T: serde::de::DeserializeOwned>(
    body: &Value,
    field: &str,
    accepted: &'static str,
) -> Res<Option<T>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => serde_json::from_value(v.clone()).map(Some).map_err(|_| {
            Reply::invalid(
                &format!("Invalid request.\n\n{v} is not a valid value for {field}."),
                accepted,
            )
        }),
    }
}

fn bool_value(body: &Value, field: &str, accepted: &'static str) -> Res<Option<bool>> {
    match body.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(*b)),
        Some(v) => Err(Reply::invalid(
            &format!("Invalid request.\n\n{v} is not a boolean for {field}."),
            accepted,
        )),
    }
}

fn str_value<'a>(body: &'a Value, field: &str) -> Option<&'a str> {
    body.get(field).and_then(Value::as_str)
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

    /// Overwrites the settings that the body named.
    fn apply(self, w: &mut crate::scenario::WorkflowPermissions) {
        if let Some(d) = self.default {
            w.default_workflow_permissions = d;
        }
        if let Some(a) = self.approve {
            w.can_approve_pull_request_reviews = a;
        }
    }
}

/// The org whose login is exactly `login` (as returned by [`org_admin_access`]).
fn org_mut<'a>(world: &'a mut World, login: &str) -> Res<&'a mut Org> {
    world
        .scenario
        .orgs
        .iter_mut()
        .find(|o| o.login == login)
        .ok_or_else(|| Reply::not_found("admin:org"))
}

/// What every handler starts from: the app and who is calling (the API
/// layer puts the caller into the request extensions).
pub struct Call {
    pub app: App,
    pub caller: Caller,
}

impl FromRequestParts<App> for Call {
    type Rejection = ExtensionRejection;

    async fn from_request_parts(parts: &mut Parts, app: &App) -> Result<Self, Self::Rejection> {
        let Extension(caller) = Extension::<Caller>::from_request_parts(parts, app).await?;
        Ok(Call {
            app: app.clone(),
            caller,
        })
    }
}

impl Call {
    /// Checks the caller's access to `owner/name`; a copy of the repo.
    fn repo(&self, owner: &str, name: &str, need: Need) -> Res<Repo> {
        let (repo, _) = repo_access(&self.app.world(), &self.caller, owner, name, need)?;
        Ok(repo)
    }

    /// Checks that the caller administers `login`; a copy of the org.
    fn admin_org(&self, login: &str) -> Res<Org> {
        org_admin_access(&self.app.world(), &self.caller, login)
    }
}

type RepoPath = Path<(String, String)>;

/// `GET /user`.
pub async fn get_user(Call { app, caller }: Call) -> Res<Reply> {
    let world = app.world();
    let login = caller_login(&caller)?;
    let Some(user) = world.scenario.users.iter().find(|u| u.login == login) else {
        return Err(Reply::not_found(""));
    };
    let owned = |private: bool| {
        world
            .scenario
            .repos
            .iter()
            .filter(|r| r.owner == login && r.is_private() == private)
            .count() as u64
    };
    Ok(Reply::ok(
        shapes::private_user(app.base(), user, owned(true), owned(false)),
        "",
    ))
}

/// `GET /rate_limit` (does not count against the limit).
pub async fn rate_limit(Call { app, caller }: Call) -> Res<Reply> {
    let world = app.world();
    let key = caller.user.clone().unwrap_or_default();
    let limit = if caller.user.is_some() {
        RATE_LIMIT
    } else {
        ANON_RATE_LIMIT
    };
    let used = world.rate_used.get(&key).copied().unwrap_or(0);
    let reset = app.0.rate_reset;
    let core = shapes::rate(limit, used, reset);
    let body = json!({
        "resources": {
            "core": core.clone(), "search": shapes::rate(30, 0, reset),
            "graphql": shapes::rate(limit, 0, reset), "integration_manifest": shapes::rate(limit, 0, reset)
        },
        "rate": core
    });
    Ok(Reply::ok(body, ""))
}

/// `GET /repos/{owner}/{repo}`.
pub async fn get_repo(Call { app, caller }: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let world = app.world();
    let (repo, role) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let acct = account(&world, &repo.owner).ok_or_else(|| Reply::not_found("repo"))?;
    let role = caller.user.as_ref().map(|_| role.unwrap_or(RepoRole::Read));
    Ok(Reply::ok(
        shapes::full_repository(app.base(), &repo, &acct, role),
        "repo",
    ))
}

/// `GET /user/memberships/orgs/{org}`.
pub async fn get_membership(Call { app, caller }: Call, Path(org): Path<String>) -> Res<Reply> {
    const ACCEPTED: &str = "admin:org, read:org, repo, user, write:org";
    let world = app.world();
    let login = caller_login(&caller)?;
    if !caller.has_scope("read:org") {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "You need at least read:org scope or user scope to list your organizations.",
            ACCEPTED,
        ));
    }
    let org = find_org(&world, &org).ok_or_else(|| Reply::not_found(ACCEPTED))?;
    let role = org
        .members
        .get(login)
        .ok_or_else(|| Reply::not_found(ACCEPTED))?;
    let user = world
        .scenario
        .users
        .iter()
        .find(|u| u.login == login)
        .ok_or_else(|| Reply::not_found(ACCEPTED))?;
    let base = app.base();
    Ok(Reply::ok(
        json!({
            "url": format!("{base}/orgs/{}/memberships/{login}", org.login),
            "state": "active",
            "role": match role { OrgRole::Admin => "admin", OrgRole::Member => "member" },
            "organization_url": format!("{base}/orgs/{}", org.login),
            "organization": shapes::org_simple(base, org),
            "user": shapes::simple_user(base, &Account::from_user(user)),
            "permissions": { "can_create_repository": *role == OrgRole::Admin }
        }),
        ACCEPTED,
    ))
}

fn allowed_actions_str(a: AllowedActions) -> &'static str {
    match a {
        AllowedActions::All => "all",
        AllowedActions::LocalOnly => "local_only",
        AllowedActions::Selected => "selected",
    }
}

/// `GET /repos/{owner}/{repo}/actions/permissions`.
pub async fn get_repo_actions(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
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
pub async fn put_repo_actions(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    repo_access(world, &caller, &owner, &name, Need::Admin)?;
    let body = parse_body(&body, "repo")?;
    let enabled = bool_value(&body, "enabled", "repo")?.ok_or_else(|| {
        Reply::invalid("Invalid request.\n\n\"enabled\" wasn't supplied.", "repo")
    })?;
    let update = ActionsUpdate::parse(&body, "repo")?;
    let actions = &mut repo_mut(world, &owner, &name)?.actions;
    actions.enabled = enabled;
    update.apply(
        &mut actions.allowed_actions,
        &mut actions.sha_pinning_required,
    );
    Ok(Reply::no_content("repo"))
}

/// The selected-actions settings, or 409 when `allowed_actions` is not `selected`.
fn selected_actions_reply(
    allowed: AllowedActions,
    s: &crate::scenario::SelectedActions,
    accepted: &'static str,
) -> Res<Reply> {
    if allowed != AllowedActions::Selected {
        return Err(Reply::error(
            StatusCode::CONFLICT,
            "Selected actions are not in use: allowed_actions is not \"selected\".",
            accepted,
        ));
    }
    let body = json!({
        "github_owned_allowed": s.github_owned_allowed,
        "verified_allowed": s.verified_allowed,
        "patterns_allowed": s.patterns_allowed
    });
    Ok(Reply::ok(body, accepted))
}

/// `GET /repos/{owner}/{repo}/actions/permissions/selected-actions`.
pub async fn get_repo_selected(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Admin)?;
    selected_actions_reply(repo.actions.allowed_actions, &repo.selected_actions, "repo")
}

fn workflow_body(w: &crate::scenario::WorkflowPermissions) -> Value {
    json!({
        "default_workflow_permissions": match w.default_workflow_permissions {
            DefaultPermission::Read => "read",
            DefaultPermission::Write => "write",
        },
        "can_approve_pull_request_reviews": w.can_approve_pull_request_reviews
    })
}

/// `GET /repos/{owner}/{repo}/actions/permissions/workflow`.
pub async fn get_repo_workflow(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Admin)?;
    Ok(Reply::ok(workflow_body(&repo.workflow), "repo"))
}

/// `PUT /repos/{owner}/{repo}/actions/permissions/workflow`; 409 when the
/// owning org forces a more restrictive setting.
pub async fn put_repo_workflow(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Admin)?;
    let body = parse_body(&body, "repo")?;
    let update = WorkflowUpdate::parse(&body, "repo")?;
    if let Some(org) = find_org(world, &repo.owner) {
        let org_read = org.workflow.default_workflow_permissions == DefaultPermission::Read;
        let org_no_approve = !org.workflow.can_approve_pull_request_reviews;
        if (org_read && update.default == Some(DefaultPermission::Write))
            || (org_no_approve && update.approve == Some(true))
        {
            return Err(Reply::with(StatusCode::CONFLICT, None, "repo"));
        }
    }
    let repo = repo_mut(world, &owner, &name)?;
    update.apply(&mut repo.workflow);
    Ok(Reply::no_content("repo"))
}

/// `GET /orgs/{org}/actions/permissions`.
pub async fn get_org_actions(call: Call, Path(org): Path<String>) -> Res<Reply> {
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
pub async fn put_org_actions(
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
pub async fn get_org_selected(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    selected_actions_reply(
        org.actions.allowed_actions,
        &org.selected_actions,
        "admin:org",
    )
}

/// `GET /orgs/{org}/actions/permissions/workflow`.
pub async fn get_org_workflow(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    Ok(Reply::ok(workflow_body(&org.workflow), "admin:org"))
}

/// `PUT /orgs/{org}/actions/permissions/workflow`.
pub async fn put_org_workflow(
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

fn secret_body(s: &Secret) -> Value {
    json!({ "name": s.name, "created_at": s.created_at, "updated_at": s.updated_at })
}

/// `GET /repos/{owner}/{repo}/actions/secrets`.
pub async fn list_secrets(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Write)?;
    let secrets: Vec<Value> = repo.secrets.iter().map(secret_body).collect();
    Ok(Reply::ok(
        json!({ "total_count": secrets.len(), "secrets": secrets }),
        "repo",
    ))
}

/// `GET /repos/{owner}/{repo}/actions/secrets/{secret_name}`.
pub async fn get_secret(
    Call { app, caller }: Call,
    Path((owner, name, secret)): Path<(String, String, String)>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Write)?;
    Ok(repo
        .secrets
        .iter()
        .find(|s| s.name.eq_ignore_ascii_case(&secret))
        .map(|s| Reply::ok(secret_body(s), "repo"))
        .unwrap_or_else(|| Reply::not_found("repo")))
}

/// The repo's (fake) public key id and base64 Curve25519-sized key.
fn public_key(repo: &Repo) -> (String, String) {
    let mut bytes = Vec::with_capacity(32);
    let mut state = crate::scenario::fnv(&format!("key:{}", repo.id));
    while bytes.len() < 32 {
        state = crate::scenario::splitmix(state);
        bytes.extend_from_slice(&state.to_le_bytes());
    }
    let key_id = format!("{}", 3_380_204_578_043_523_366u64 ^ repo.id);
    (
        key_id,
        base64::engine::general_purpose::STANDARD.encode(bytes),
    )
}

/// `GET /repos/{owner}/{repo}/actions/secrets/public-key`.
pub async fn get_public_key(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Write)?;
    let (key_id, key) = public_key(&repo);
    Ok(Reply::ok(json!({ "key_id": key_id, "key": key }), "repo"))
}

/// Whether a name is a valid secret name (`[A-Za-z0-9_]`, no `GITHUB_`, no leading digit).
pub fn valid_secret_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && !name.to_ascii_uppercase().starts_with("GITHUB_")
}

/// `PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}`: 201 created, 204 updated.
pub async fn put_secret(
    Call { app, caller }: Call,
    Path((owner, name, secret)): Path<(String, String, String)>,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Write)?;
    if !valid_secret_name(&secret) {
        return Err(Reply::invalid("Failed to add secret. Secret names can only contain alphanumeric characters ([a-z], [A-Z], [0-9]) or underscores (_), must not start with a number, and must not start with the GITHUB_ prefix.", "repo"));
    }
    let body = parse_body(&body, "repo")?;
    let (key_id, _) = public_key(&repo);
    if str_value(&body, "key_id") != Some(key_id.as_str()) {
        return Err(Reply::invalid(
            "Invalid request.\n\nkey_id does not match the repository's public key.",
            "repo",
        ));
    }
    let sealed = str_value(&body, "encrypted_value")
        .and_then(|v| base64::engine::general_purpose::STANDARD.decode(v).ok())
        .ok_or_else(|| {
            Reply::invalid(
                "Invalid request.\n\nencrypted_value is not valid base64.",
                "repo",
            )
        })?;
    if sealed.len() < 48 {
        return Err(Reply::invalid(
            "Invalid request.\n\nencrypted_value is too short to be a sealed box.",
            "repo",
        ));
    }
    let upper = secret.to_ascii_uppercase();
    let now = crate::shapes::EPOCH.replace("2024", "2025");
    let repo = repo_mut(world, &owner, &name)?;
    match repo.secrets.iter_mut().find(|s| s.name == upper) {
        Some(existing) => {
            existing.updated_at = now;
            Ok(Reply::no_content("repo"))
        }
        None => {
            repo.secrets.push(Secret {
                name: upper,
                created_at: now.clone(),
                updated_at: now,
                visibility: None,
            });
            Ok(Reply::with(StatusCode::CREATED, Some(json!({})), "repo"))
        }
    }
}

/// `GET /repos/{owner}/{repo}/actions/organization-secrets`.
pub async fn list_org_secrets(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Write)?;
    let visible: Vec<Value> = find_org(&world, &repo.owner)
        .map(|org| {
            org.secrets
                .iter()
                .filter(|s| match s.visibility.as_deref() {
                    Some("private") => repo.is_private(),
                    Some("selected") => false,
                    _ => true,
                })
                .map(secret_body)
                .collect()
        })
        .unwrap_or_default();
    Ok(Reply::ok(
        json!({ "total_count": visible.len(), "secrets": visible }),
        "repo",
    ))
}

fn runners_body(runners: &[crate::scenario::Runner]) -> Value {
    let list: Vec<Value> = runners.iter().map(shapes::runner).collect();
    json!({ "total_count": list.len(), "runners": list })
}

/// `GET /repos/{owner}/{repo}/actions/runners`.
pub async fn list_repo_runners(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Admin)?;
    Ok(Reply::ok(runners_body(&repo.runners), "repo"))
}

/// `GET /orgs/{org}/actions/runners`.
pub async fn list_org_runners(call: Call, Path(org): Path<String>) -> Res<Reply> {
    let org = call.admin_org(&org)?;
    Ok(Reply::ok(runners_body(&org.runners), "admin:org"))
}

const PACKAGES_ACCEPTED: &str = "read:packages";

fn packages_gate(caller: &Caller) -> Res<()> {
    if caller.user.is_none() {
        return Err(Reply::error(
            StatusCode::UNAUTHORIZED,
            "Requires authentication",
            PACKAGES_ACCEPTED,
        ));
    }
    if caller.kind == Some(TokenKind::FineGrained) || !caller.has_scope("read:packages") {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            "You need at least read:packages scope to list packages.",
            PACKAGES_ACCEPTED,
        ));
    }
    Ok(())
}

fn package_reply(app: &App, world: &World, owner: &Account, p: &crate::scenario::Package) -> Reply {
    let repo = p
        .repository
        .as_deref()
        .and_then(|r| find_repo(world, &owner.login, r));
    Reply::ok(
        shapes::package(app.base(), p, owner, repo),
        PACKAGES_ACCEPTED,
    )
}

/// `GET /orgs/{org}/packages/{package_type}/{package_name}`.
pub async fn get_org_package(
    Call { app, caller }: Call,
    Path((org, kind, pkg)): Path<(String, String, String)>,
) -> Res<Reply> {
    let world = app.world();
    packages_gate(&caller)?;
    let org = find_org(&world, &org).ok_or_else(|| Reply::not_found(PACKAGES_ACCEPTED))?;
    if kind != "container" {
        return Err(Reply::not_found(PACKAGES_ACCEPTED));
    }
    let p = org
        .packages
        .iter()
        .find(|p| p.name == pkg)
        .ok_or_else(|| Reply::not_found(PACKAGES_ACCEPTED))?;
    let member = caller
        .user
        .as_ref()
        .is_some_and(|u| org.members.contains_key(u));
    if p.visibility != Visibility::Public && !member {
        return Err(Reply::not_found(PACKAGES_ACCEPTED));
    }
    if p.visibility != Visibility::Public {
        org_gates(&world, &caller, &org.login, PACKAGES_ACCEPTED)?;
    }
    Ok(package_reply(&app, &world, &Account::from_org(org), p))
}

fn user_package(
    app: &App,
    world: &World,
    caller: &Caller,
    owner: &str,
    kind: &str,
    pkg: &str,
    public_only: bool,
) -> Res<Reply> {
    packages_gate(caller)?;
    if kind != "container" {
        return Err(Reply::not_found(PACKAGES_ACCEPTED));
    }
    let found = world
        .scenario
        .user_packages
        .iter()
        .find(|p| p.owner.eq_ignore_ascii_case(owner) && p.package.name == pkg)
        .ok_or_else(|| Reply::not_found(PACKAGES_ACCEPTED))?;
    let is_owner = caller
        .user
        .as_deref()
        .is_some_and(|u| u.eq_ignore_ascii_case(owner));
    if public_only && found.package.visibility != Visibility::Public && !is_owner {
        return Err(Reply::not_found(PACKAGES_ACCEPTED));
    }
    let acct = account(world, &found.owner).ok_or_else(|| Reply::not_found(PACKAGES_ACCEPTED))?;
    Ok(package_reply(app, world, &acct, &found.package))
}

/// `GET /user/packages/{package_type}/{package_name}`.
pub async fn get_own_package(
    Call { app, caller }: Call,
    Path((kind, pkg)): Path<(String, String)>,
) -> Res<Reply> {
    let world = app.world();
    let owner = caller.user.clone().unwrap_or_default();
    user_package(&app, &world, &caller, &owner, &kind, &pkg, false)
}

/// `GET /users/{username}/packages/{package_type}/{package_name}`.
pub async fn get_user_package(
    Call { app, caller }: Call,
    Path((user, kind, pkg)): Path<(String, String, String)>,
) -> Res<Reply> {
    let world = app.world();
    user_package(&app, &world, &caller, &user, &kind, &pkg, true)
}

/// Files of `branch` (the default branch uses `files`).
fn branch_files<'a>(
    repo: &'a Repo,
    world_branches: &'a BTreeMap<String, BTreeMap<String, String>>,
    branch: &str,
) -> Option<&'a BTreeMap<String, String>> {
    if branch == repo.default_branch {
        Some(&repo.files)
    } else {
        world_branches.get(branch)
    }
}

/// `GET /repos/{owner}/{repo}/contents/{path}` (`?ref=` supported).
pub async fn get_contents(
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
    let files =
        branch_files(&repo, &repo.branch_files, &branch).ok_or_else(|| Reply::not_found("repo"))?;
    let content = files.get(&path).ok_or_else(|| Reply::not_found("repo"))?;
    Ok(Reply::ok(
        shapes::content_file(app.base(), &repo, &path, content, &branch),
        "repo",
    ))
}

/// `PUT /repos/{owner}/{repo}/contents/{path}`: needs `workflow` for workflow files.
pub async fn put_contents(
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
    let files =
        branch_files(&repo, &repo.branch_files, &branch).ok_or_else(|| Reply::not_found("repo"))?;
    let existing = files.get(&path).map(|c| shapes::blob_sha(c));
    let sent_sha = str_value(&body, "sha");
    match (&existing, sent_sha) {
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
    let target = repo_mut(world, &owner, &name)?;
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
    let body = shapes::file_commit(
        app.base(),
        target,
        &path,
        &content,
        &branch,
        &commit_sha,
        &message,
    );
    Ok(Reply::with(status, Some(body), "repo"))
}

/// `GET /repos/{owner}/{repo}/git/ref/{ref}` (e.g. `heads/main`).
pub async fn get_ref(
    Call { app, caller }: Call,
    Path((owner, name, reference)): Path<(String, String, String)>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let branch = reference
        .strip_prefix("heads/")
        .ok_or_else(|| Reply::not_found("repo"))?;
    let sha = repo
        .branches
        .get(branch)
        .ok_or_else(|| Reply::not_found("repo"))?;
    Ok(Reply::ok(
        shapes::git_ref(app.base(), &repo, &format!("refs/{reference}"), sha),
        "repo",
    ))
}

/// `POST /repos/{owner}/{repo}/git/refs` (`ref: refs/heads/NAME`, `sha`).
pub async fn create_ref(
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
        .map(|(b, _)| b.clone());
    let Some(source) = source else {
        return Err(Reply::invalid("Object does not exist", "repo"));
    };
    let files = branch_files(&repo, &repo.branch_files, &source)
        .cloned()
        .unwrap_or_default();
    let target = repo_mut(world, &owner, &name)?;
    target.branches.insert(branch.clone(), sha.clone());
    target.branch_files.insert(branch, files);
    Ok(Reply::with(
        StatusCode::CREATED,
        Some(shapes::git_ref(app.base(), target, &reference, &sha)),
        "repo",
    ))
}

/// `POST /repos/{owner}/{repo}/pulls` (`title`, `head`, `base`, `body`).
pub async fn create_pull(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Write)?;
    let body = parse_body(&body, "repo")?;
    let title = str_value(&body, "title").unwrap_or_default();
    let head = str_value(&body, "head").unwrap_or_default();
    let head = head.rsplit(':').next().unwrap_or(head);
    let base = str_value(&body, "base").unwrap_or_default();
    let (Some(head_sha), Some(base_sha)) = (repo.branches.get(head), repo.branches.get(base))
    else {
        return Err(Reply::invalid("Validation Failed", "repo"));
    };
    if title.is_empty() || head == base {
        return Err(Reply::invalid("Validation Failed", "repo"));
    }
    let owner_acct = account(world, &repo.owner).ok_or_else(|| Reply::not_found("repo"))?;
    let login = caller_login(&caller)?;
    let author = account(world, login).ok_or_else(|| Reply::not_found("repo"))?;
    let number = world.next_pull_number;
    world.next_pull_number += 1;
    let input = shapes::PullInput {
        number,
        title,
        body: str_value(&body, "body"),
        head: (head, head_sha),
        base: (base, base_sha),
    };
    Ok(Reply::with(
        StatusCode::CREATED,
        Some(shapes::pull_request(
            app.base(),
            &repo,
            &owner_acct,
            &author,
            &input,
        )),
        "repo",
    ))
}

/// `GET /repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs?per_page=`.
pub async fn list_runs(
    Call { app, caller }: Call,
    Path((owner, name, workflow)): Path<(String, String, String)>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    if !repo
        .files
        .contains_key(&format!(".github/workflows/{workflow}"))
    {
        return Err(Reply::not_found("repo"));
    }
    let per_page = q
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(30)
        .clamp(1, 100);
    let acct = account(&world, &repo.owner).ok_or_else(|| Reply::not_found("repo"))?;
    let mut runs: Vec<_> = repo
        .runs
        .iter()
        .filter(|r| r.workflow == workflow)
        .collect();
    runs.sort_by_key(|r| std::cmp::Reverse(r.run_number));
    let total = runs.len();
    let list: Vec<Value> = runs
        .into_iter()
        .take(per_page)
        .map(|r| shapes::workflow_run(app.base(), &repo, &acct, r))
        .collect();
    Ok(Reply::ok(
        json!({ "total_count": total, "workflow_runs": list }),
        "repo",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn implied_scopes() {
        let c = Caller {
            user: Some("a".into()),
            scopes: vec!["admin:org".into(), "write:packages".into()],
            kind: Some(TokenKind::Classic),
            sso_orgs: vec![],
        };
        assert!(c.has_scope("read:org"));
        assert!(c.has_scope("read:packages"));
        assert!(!c.has_scope("repo"));
    }

    #[test]
    fn secret_names() {
        assert!(valid_secret_name("LOCAL_RUNNER_FALLBACK_TOKEN"));
        assert!(!valid_secret_name("GITHUB_TOKEN"));
        assert!(!valid_secret_name("1ABC"));
        assert!(!valid_secret_name("A-B"));
        assert!(!valid_secret_name(""));
    }
}
