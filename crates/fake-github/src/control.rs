//! The control API under `/_fake/…` for tests and the demo: inject faults,
//! read the request log, reset state, approve or deny device codes, list
//! pending codes. These paths never collide with GitHub's.

use std::time::Instant;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};

use crate::device;
use crate::state::{App, DeviceStatus, Fault};

fn json_reply(status: StatusCode, body: Value) -> Response {
    (
        status,
        [("content-type", "application/json; charset=utf-8")],
        body.to_string(),
    )
        .into_response()
}

fn bad_request(message: &str) -> Response {
    json_reply(
        StatusCode::BAD_REQUEST,
        json!({ "error": "bad_request", "message": message }),
    )
}

/// `POST /_fake/faults`: adds a fault; answers with its index.
pub async fn add_fault(State(app): State<App>, body: Bytes) -> Response {
    match serde_json::from_slice::<Fault>(&body) {
        Ok(fault) => {
            let mut world = app.world();
            world.faults.push(fault);
            let index = world.faults.len() - 1;
            json_reply(StatusCode::CREATED, json!({ "index": index }))
        }
        Err(e) => bad_request(&format!(
            "expected {{method?, path_prefix, status?, headers?, body?, latency_ms?, times?, after?}}: {e}"
        )),
    }
}

/// `GET /_fake/faults`: the active faults.
pub async fn list_faults(State(app): State<App>) -> Response {
    let faults = app.world().faults.clone();
    json_reply(StatusCode::OK, json!(faults))
}

/// `DELETE /_fake/faults`: removes every fault.
pub async fn clear_faults(State(app): State<App>) -> StatusCode {
    app.world().faults.clear();
    StatusCode::NO_CONTENT
}

/// `GET /_fake/log`: requests seen so far (never tokens).
pub async fn get_log(State(app): State<App>) -> Response {
    let log = app.world().log.clone();
    json_reply(StatusCode::OK, json!(log))
}

/// `DELETE /_fake/log`: forgets the log.
pub async fn clear_log(State(app): State<App>) -> StatusCode {
    app.world().log.clear();
    StatusCode::NO_CONTENT
}

/// `POST /_fake/reset`: back to the scenario as loaded.
pub async fn reset(State(app): State<App>) -> StatusCode {
    app.reset();
    StatusCode::NO_CONTENT
}

fn user_code(body: &Bytes) -> Option<String> {
    let v: Value = serde_json::from_slice(body).ok()?;
    v.get("user_code")?.as_str().map(str::to_owned)
}

/// `POST /_fake/approve` `{user_code}`.
pub async fn approve(State(app): State<App>, body: Bytes) -> Response {
    let Some(code) = user_code(&body) else {
        return bad_request("expected {\"user_code\": \"XXXX-XXXX\"}");
    };
    match device::approve(&mut app.world(), &code) {
        Ok(user) => json_reply(
            StatusCode::OK,
            json!({ "user_code": device::normalize_user_code(&code), "approved_for": user }),
        ),
        Err(e) => json_reply(
            e.status(),
            json!({ "error": format!("{e:?}").to_lowercase(), "message": e.message() }),
        ),
    }
}

/// `POST /_fake/deny` `{user_code}`.
pub async fn deny(State(app): State<App>, body: Bytes) -> Response {
    let Some(code) = user_code(&body) else {
        return bad_request("expected {\"user_code\": \"XXXX-XXXX\"}");
    };
    match device::deny(&mut app.world(), &code) {
        Ok(()) => json_reply(
            StatusCode::OK,
            json!({ "user_code": device::normalize_user_code(&code), "denied": true }),
        ),
        Err(e) => json_reply(
            e.status(),
            json!({ "error": format!("{e:?}").to_lowercase(), "message": e.message() }),
        ),
    }
}

/// `GET /_fake/pending`: user codes waiting for approval.
pub async fn pending(State(app): State<App>) -> Response {
    let now = Instant::now();
    let world = app.world();
    let list: Vec<Value> = world
        .devices
        .iter()
        .filter(|d| d.status == DeviceStatus::Pending && !d.expired(now))
        .map(|d| {
            let left = d.expires_in.saturating_sub(now.duration_since(d.created));
            json!({
                "user_code": d.user_code, "client_id": d.client_id,
                "scopes": d.scopes, "expires_in": left.as_secs()
            })
        })
        .collect();
    json_reply(StatusCode::OK, json!(list))
}
