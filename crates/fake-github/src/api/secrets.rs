//! Actions secrets of a repository: names and dates (never values), the
//! org secrets the repository can see, the public key to seal a value with,
//! and creating or updating a secret (201 created / 204 updated).

use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use base64::Engine as _;
use serde_json::{json, Value};

use super::{
    caller_login, find_org, parse_body, repo_access, repo_mut, str_value, Call, Need, Reply,
    RepoPath, Res, Route,
};
use crate::scenario::{Repo, Secret};

pub(super) fn routes() -> Vec<Route> {
    vec![
        Route::get("/repos/{owner}/{repo}/actions/secrets", list_secrets),
        Route::get(
            "/repos/{owner}/{repo}/actions/secrets/public-key",
            get_public_key,
        ),
        Route::put(
            "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
            put_secret,
        ),
        Route::get(
            "/repos/{owner}/{repo}/actions/organization-secrets",
            list_org_secrets,
        ),
    ]
}

fn secret_body(s: &Secret) -> Value {
    json!({ "name": s.name, "created_at": s.created_at, "updated_at": s.updated_at })
}

/// `GET /repos/{owner}/{repo}/actions/secrets` (collaborators with write).
async fn list_secrets(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    let repo = call.repo(&owner, &name, Need::Write)?;
    let secrets: Vec<Value> = repo.secrets.iter().map(secret_body).collect();
    Ok(Reply::ok(
        json!({ "total_count": secrets.len(), "secrets": secrets }),
        "repo",
    ))
}

/// `GET /repos/{owner}/{repo}/actions/organization-secrets`: the org's
/// secrets shared with this repository (`private` ones only with private
/// repositories; `selected` ones are not modelled and never shared).
async fn list_org_secrets(Call { app, caller }: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
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

/// `GET /repos/{owner}/{repo}/actions/secrets/public-key`: any signed-in
/// caller who can read the repository.
async fn get_public_key(call: Call, Path((owner, name)): RepoPath) -> Res<Reply> {
    caller_login(&call.caller)?;
    let repo = call.repo(&owner, &name, Need::Read)?;
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

/// `PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}`: needs write
/// access; 201 created, 204 updated. The name is stored upper-case and the
/// dates are the fake's wall clock.
async fn put_secret(
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
    let now = crate::clock::now();
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        assert!(valid_secret_name("LOCAL_RUNNER_FALLBACK_TOKEN"));
        assert!(!valid_secret_name("GITHUB_TOKEN"));
        assert!(!valid_secret_name("1ABC"));
        assert!(!valid_secret_name("A-B"));
        assert!(!valid_secret_name(""));
    }
}
