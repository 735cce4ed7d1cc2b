//! The signed-in account: `GET /user`, `GET /rate_limit` and the caller's
//! org membership (`GET /user/memberships/orgs/{org}`); any account by name
//! (`GET /users/{username}`, a user or an organization).

use axum::extract::Path;
use axum::http::StatusCode;
use serde_json::json;

use super::{account, caller_login, find_org, Call, Reply, Res, Route};
use crate::scenario::OrgRole;
use crate::shapes::{self, Account};
use crate::state::{ANON_RATE_LIMIT, RATE_LIMIT};

pub(super) fn routes() -> Vec<Route> {
    vec![
        Route::get("/user", get_user),
        Route::get("/rate_limit", rate_limit),
        Route::get("/user/memberships/orgs/{org}", get_membership),
        Route::get("/users/{username}", get_account),
    ]
}

/// `GET /users/{username}`: a user or an organization (its `type` says
/// which), public to anyone; 404 for a name no account has.
async fn get_account(Call { app, .. }: Call, Path(username): Path<String>) -> Res<Reply> {
    let world = app.world();
    let found = account(&world, &username).ok_or_else(|| Reply::not_found(""))?;
    let public_repos = world
        .scenario
        .repos
        .iter()
        .filter(|r| r.owner.eq_ignore_ascii_case(&found.login) && !r.is_private())
        .count() as u64;
    Ok(Reply::ok(
        shapes::public_user(app.base(), &found, public_repos),
        "",
    ))
}

/// `GET /user`.
async fn get_user(Call { app, caller }: Call) -> Res<Reply> {
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
async fn rate_limit(Call { app, caller }: Call) -> Res<Reply> {
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

/// `GET /user/memberships/orgs/{org}`.
async fn get_membership(Call { app, caller }: Call, Path(org): Path<String>) -> Res<Reply> {
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
