//! The REST API (api.github.com paths at the root): who is calling, how a
//! handler answers, GitHub's access rules (classic scopes, token kinds,
//! repository and org roles, OAuth App access restrictions, SAML SSO), and
//! the route table. Handlers live in one file per resource.

mod actions;
mod contents;
mod git;
mod packages;
mod pulls;
mod releases;
mod repos;
mod runners;
mod secrets;
mod users;
mod workflows;

use axum::body::Bytes;
use axum::extract::rejection::ExtensionRejection;
use axum::extract::FromRequestParts;
use axum::handler::Handler;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{on, MethodFilter, MethodRouter};
use axum::Extension;
use serde_json::{json, Value};

use crate::scenario::{Org, OrgRole, Repo, RepoRole};
use crate::shapes::Account;
use crate::state::{App, World};

pub use secrets::valid_secret_name;

/// Documentation link used in error bodies.
pub const DOCS: &str = "https://docs.github.com/rest";

/// What kind of token authenticated a request, by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// `ghp_` classic personal access token.
    Classic,
    /// `gho_` OAuth App token (subject to OAuth App access restrictions).
    OAuthApp,
    /// `github_pat_` fine-grained token (no classic scopes header, no packages).
    FineGrained,
    /// `ghu_` GitHub App user token (no classic scopes header, no packages).
    AppUser,
    /// `ghs_` GitHub App installation token (no classic scopes header, no packages).
    Installation,
}

impl TokenKind {
    /// The kind a token's prefix says it is (classic when no prefix matches).
    pub fn of(token: &str) -> Self {
        if token.starts_with("gho_") {
            TokenKind::OAuthApp
        } else if token.starts_with("github_pat_") {
            TokenKind::FineGrained
        } else if token.starts_with("ghu_") {
            TokenKind::AppUser
        } else if token.starts_with("ghs_") {
            TokenKind::Installation
        } else {
            TokenKind::Classic
        }
    }

    /// Whether GitHub reports classic scopes (`X-OAuth-Scopes`) for it.
    pub fn has_classic_scopes(self) -> bool {
        matches!(self, TokenKind::Classic | TokenKind::OAuthApp)
    }

    /// How GitHub names the token in its SAML SSO refusal.
    fn sso_name(self) -> &'static str {
        match self {
            TokenKind::OAuthApp | TokenKind::AppUser | TokenKind::Installation => "OAuth token",
            TokenKind::Classic | TokenKind::FineGrained => "Personal Access token",
        }
    }
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

    /// Whether the token's scopes include `needed`, with GitHub's implied
    /// scopes (`admin:org` ⊃ `write:org` ⊃ `read:org`; `write:packages` ⊃
    /// `read:packages`, while `delete:packages` alone does not include it).
    pub fn has_scope(&self, needed: &str) -> bool {
        let implied: &[&str] = match needed {
            "read:org" => &["read:org", "write:org", "admin:org"],
            "write:org" => &["write:org", "admin:org"],
            "read:packages" => &["read:packages", "write:packages"],
            other => return self.scopes.iter().any(|s| s == other),
        };
        self.scopes.iter().any(|s| implied.contains(&s.as_str()))
    }

    /// Whether the caller is `login` (case-insensitive, like GitHub).
    fn is(&self, login: &str) -> bool {
        self.user
            .as_deref()
            .is_some_and(|u| u.eq_ignore_ascii_case(login))
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

    /// 422 "Validation Failed" with one custom error, as GitHub words them.
    fn validation_failed(resource: &str, message: &str, accepted: &'static str) -> Self {
        let body = json!({
            "message": "Validation Failed",
            "errors": [{ "resource": resource, "code": "custom", "message": message }],
            "documentation_url": DOCS, "status": "422"
        });
        Reply::with(StatusCode::UNPROCESSABLE_ENTITY, Some(body), accepted)
    }

    fn unauthenticated(accepted: &'static str) -> Self {
        Reply::error(
            StatusCode::UNAUTHORIZED,
            "Requires authentication",
            accepted,
        )
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

/// How much access an endpoint needs on a repo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Need {
    Read,
    Write,
    Admin,
}

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

/// The org whose login is exactly `login` (as returned by [`org_admin_access`]).
fn org_mut<'a>(world: &'a mut World, login: &str) -> Res<&'a mut Org> {
    world
        .scenario
        .orgs
        .iter_mut()
        .find(|o| o.login == login)
        .ok_or_else(|| Reply::not_found("admin:org"))
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

/// The caller's role on a repo, if any: owners and org admins administer it.
fn role_on(world: &World, caller: &Caller, repo: &Repo) -> Option<RepoRole> {
    let user = caller.user.as_deref()?;
    if repo.owner.eq_ignore_ascii_case(user) {
        return Some(RepoRole::Admin);
    }
    let org_admin = find_org(world, &repo.owner)
        .and_then(|o| o.members.get(user))
        .is_some_and(|r| *r == OrgRole::Admin);
    if org_admin {
        Some(RepoRole::Admin)
    } else {
        repo.permissions.get(user).copied()
    }
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
fn sso_refusal(org: &str, kind: TokenKind, accepted: &'static str) -> Reply {
    let mut reply = Reply::error(
        StatusCode::FORBIDDEN,
        &format!(
            "Resource protected by organization SAML enforcement. You must grant your {} access to this organization.",
            kind.sso_name()
        ),
        accepted,
    );
    reply.headers.push((
        "x-github-sso",
        format!("required; url=https://github.com/orgs/{org}/sso?authorization_request=FAKE"),
    ));
    reply
}

/// Org-level gates on private resources and privileged writes: OAuth App
/// access restrictions (`gho_` tokens only) and SAML SSO (installation
/// tokens are exempt).
fn org_gates(world: &World, caller: &Caller, owner: &str, accepted: &'static str) -> Res<()> {
    let (Some(org), Some(kind)) = (find_org(world, owner), caller.kind) else {
        return Ok(());
    };
    if org.oauth_app_restricted && kind == TokenKind::OAuthApp {
        return Err(oauth_restricted(&org.login, accepted));
    }
    let authorised = kind == TokenKind::Installation
        || caller
            .sso_orgs
            .iter()
            .any(|o| o.eq_ignore_ascii_case(&org.login));
    if org.sso_required && !authorised {
        return Err(sso_refusal(&org.login, kind, accepted));
    }
    Ok(())
}

/// Checks access to a repo; returns a clone of it and the caller's role.
///
/// Private repos are invisible (404) without the `repo` scope and a role.
/// Anything above `Read` needs a role and the `repo` scope, passes the org
/// gates even on public repos, then needs the role it names (403).
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
    let visible = !repo.is_private() || (caller.has_scope("repo") && role.is_some());
    if !visible {
        return Err(Reply::not_found(ACCEPTED));
    }
    if need > Need::Read && (role.is_none() || !caller.has_scope("repo")) {
        return Err(Reply::not_found(ACCEPTED));
    }
    if repo.is_private() || need > Need::Read {
        org_gates(world, caller, &repo.owner, ACCEPTED)?;
    }
    let (required, what) = match need {
        Need::Read => (None, ""),
        Need::Write => (Some(RepoRole::Write), "write"),
        Need::Admin => (Some(RepoRole::Admin), "admin"),
    };
    if role < required {
        return Err(Reply::error(
            StatusCode::FORBIDDEN,
            &format!("Must have {what} rights to Repository."),
            ACCEPTED,
        ));
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
        .ok_or_else(|| Reply::unauthenticated(""))
}

fn parse_body(body: &Bytes, accepted: &'static str) -> Res<Value> {
    serde_json::from_slice(body)
        .map_err(|_| Reply::error(StatusCode::BAD_REQUEST, "Problems parsing JSON", accepted))
}

/// An optional enumerated field of a request body (422 for other values).
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

/// `per_page` from a query (GitHub: default 30, at most 100).
fn per_page(query: &std::collections::BTreeMap<String, String>) -> usize {
    query
        .get("per_page")
        .and_then(|p| p.parse::<usize>().ok())
        .unwrap_or(30)
        .clamp(1, 100)
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

type RepoPath = axum::extract::Path<(String, String)>;

/// One REST route: its method, GitHub's OpenAPI path template (the one
/// string the axum path is derived from) and its handler.
pub struct Route {
    pub method: &'static str,
    pub template: &'static str,
    pub handler: MethodRouter<App>,
}

impl Route {
    fn new<H, T>(method: &'static str, filter: MethodFilter, template: &'static str, h: H) -> Self
    where
        H: Handler<T, App>,
        T: 'static,
    {
        Route {
            method,
            template,
            handler: on(filter, h),
        }
    }

    fn get<H: Handler<T, App>, T: 'static>(template: &'static str, h: H) -> Self {
        Route::new("GET", MethodFilter::GET, template, h)
    }

    fn put<H: Handler<T, App>, T: 'static>(template: &'static str, h: H) -> Self {
        Route::new("PUT", MethodFilter::PUT, template, h)
    }

    fn post<H: Handler<T, App>, T: 'static>(template: &'static str, h: H) -> Self {
        Route::new("POST", MethodFilter::POST, template, h)
    }

    /// The axum path: the template, with a final `{path}`, `{ref}` or
    /// `{basehead}` (which may hold slashes) turned into a catch-all.
    pub fn axum_path(&self) -> String {
        axum_path(self.template)
    }
}

/// See [`Route::axum_path`].
pub fn axum_path(template: &str) -> String {
    for name in ["path", "ref", "basehead"] {
        let last = format!("/{{{name}}}");
        if let Some(stem) = template.strip_suffix(&last) {
            return format!("{stem}/{{*{name}}}");
        }
    }
    template.to_owned()
}

/// Every REST route the fake serves, resource by resource.
pub fn table() -> Vec<Route> {
    [
        users::routes(),
        repos::routes(),
        actions::routes(),
        runners::routes(),
        secrets::routes(),
        packages::routes(),
        contents::routes(),
        git::routes(),
        pulls::routes(),
        workflows::routes(),
        releases::routes(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn caller(scopes: &[&str]) -> Caller {
        Caller {
            user: Some("a".into()),
            scopes: scopes.iter().map(|s| s.to_string()).collect(),
            kind: Some(TokenKind::Classic),
            sso_orgs: vec![],
        }
    }

    #[test]
    fn implied_scopes() {
        let c = caller(&["admin:org", "write:packages"]);
        assert!(c.has_scope("read:org"));
        assert!(c.has_scope("read:packages"));
        assert!(!c.has_scope("repo"));
        let delete_only = caller(&["delete:packages"]);
        assert!(!delete_only.has_scope("read:packages"));
    }

    #[test]
    fn token_kinds_by_prefix() {
        assert_eq!(TokenKind::of("ghp_x"), TokenKind::Classic);
        assert_eq!(TokenKind::of("gho_x"), TokenKind::OAuthApp);
        assert_eq!(TokenKind::of("github_pat_x"), TokenKind::FineGrained);
        assert_eq!(TokenKind::of("ghu_x"), TokenKind::AppUser);
        assert_eq!(TokenKind::of("ghs_x"), TokenKind::Installation);
        assert!(!TokenKind::AppUser.has_classic_scopes());
        assert!(TokenKind::OAuthApp.has_classic_scopes());
    }

    #[test]
    fn catch_all_parameters() {
        assert_eq!(
            axum_path("/repos/{owner}/{repo}/contents/{path}"),
            "/repos/{owner}/{repo}/contents/{*path}"
        );
        assert_eq!(
            axum_path("/repos/{owner}/{repo}/git/ref/{ref}"),
            "/repos/{owner}/{repo}/git/ref/{*ref}"
        );
        assert_eq!(
            axum_path("/repos/{owner}/{repo}/compare/{basehead}"),
            "/repos/{owner}/{repo}/compare/{*basehead}"
        );
        assert_eq!(axum_path("/repos/{owner}/{repo}"), "/repos/{owner}/{repo}");
    }
}
