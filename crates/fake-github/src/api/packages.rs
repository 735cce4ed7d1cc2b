//! Container packages: an org's (`/orgs/{org}/packages/…`), the caller's own
//! (`/user/packages/…`, private included) and another user's public ones
//! (`/users/{username}/packages/…`). Only classic-scoped tokens (`ghp_`,
//! `gho_`) with `read:packages` may use the Packages API.

use axum::extract::Path;
use axum::http::StatusCode;

use super::{account, find_org, find_repo, org_gates, Call, Caller, Reply, Res, Route, TokenKind};
use crate::scenario::{Package, Visibility};
use crate::shapes::{self, Account};
use crate::state::{App, World};

pub(super) fn routes() -> Vec<Route> {
    vec![
        Route::get(
            "/orgs/{org}/packages/{package_type}/{package_name}",
            get_org_package,
        ),
        Route::get(
            "/user/packages/{package_type}/{package_name}",
            get_own_package,
        ),
        Route::get(
            "/users/{username}/packages/{package_type}/{package_name}",
            get_user_package,
        ),
    ]
}

const ACCEPTED: &str = "read:packages";

/// Who may call the Packages API at all.
fn packages_gate(caller: &Caller) -> Res<()> {
    let forbidden = |message: &str| Err(Reply::error(StatusCode::FORBIDDEN, message, ACCEPTED));
    match caller.kind {
        None => Err(Reply::unauthenticated(ACCEPTED)),
        Some(TokenKind::FineGrained) => {
            forbidden("Resource not accessible by personal access token")
        }
        Some(TokenKind::AppUser | TokenKind::Installation) => {
            forbidden("Resource not accessible by integration")
        }
        Some(TokenKind::Classic | TokenKind::OAuthApp) if !caller.has_scope("read:packages") => {
            forbidden("You need at least read:packages scope to list packages.")
        }
        Some(_) => Ok(()),
    }
}

fn package_reply(app: &App, world: &World, owner: &Account, p: &Package) -> Reply {
    let repo = p
        .repository
        .as_deref()
        .and_then(|r| find_repo(world, &owner.login, r));
    Reply::ok(shapes::package(app.base(), p, owner, repo), ACCEPTED)
}

/// `GET /orgs/{org}/packages/{package_type}/{package_name}`: public
/// packages for anyone with a suitable token, private ones for org members.
async fn get_org_package(
    Call { app, caller }: Call,
    Path((org, kind, pkg)): Path<(String, String, String)>,
) -> Res<Reply> {
    let world = app.world();
    packages_gate(&caller)?;
    let org = find_org(&world, &org).ok_or_else(|| Reply::not_found(ACCEPTED))?;
    if kind != "container" {
        return Err(Reply::not_found(ACCEPTED));
    }
    let p = org
        .packages
        .iter()
        .find(|p| p.name == pkg)
        .ok_or_else(|| Reply::not_found(ACCEPTED))?;
    let member = caller
        .user
        .as_ref()
        .is_some_and(|u| org.members.contains_key(u));
    if p.visibility != Visibility::Public && !member {
        return Err(Reply::not_found(ACCEPTED));
    }
    if p.visibility != Visibility::Public {
        org_gates(&world, &caller, &org.login, ACCEPTED)?;
    }
    Ok(package_reply(&app, &world, &Account::from_org(org), p))
}

/// A user-owned package; `public_only` hides other people's private ones.
fn user_package(
    app: &App,
    world: &World,
    caller: &Caller,
    owner: &str,
    (kind, pkg): (&str, &str),
    public_only: bool,
) -> Res<Reply> {
    packages_gate(caller)?;
    if kind != "container" {
        return Err(Reply::not_found(ACCEPTED));
    }
    let found = world
        .scenario
        .user_packages
        .iter()
        .find(|p| p.owner.eq_ignore_ascii_case(owner) && p.package.name == pkg)
        .ok_or_else(|| Reply::not_found(ACCEPTED))?;
    if public_only && found.package.visibility != Visibility::Public && !caller.is(owner) {
        return Err(Reply::not_found(ACCEPTED));
    }
    let acct = account(world, &found.owner).ok_or_else(|| Reply::not_found(ACCEPTED))?;
    Ok(package_reply(app, world, &acct, &found.package))
}

/// `GET /user/packages/{package_type}/{package_name}`.
async fn get_own_package(
    Call { app, caller }: Call,
    Path((kind, pkg)): Path<(String, String)>,
) -> Res<Reply> {
    let world = app.world();
    let owner = caller.user.clone().unwrap_or_default();
    user_package(&app, &world, &caller, &owner, (&kind, &pkg), false)
}

/// `GET /users/{username}/packages/{package_type}/{package_name}`.
async fn get_user_package(
    Call { app, caller }: Call,
    Path((user, kind, pkg)): Path<(String, String, String)>,
) -> Res<Reply> {
    let world = app.world();
    user_package(&app, &world, &caller, &user, (&kind, &pkg), true)
}
