//! The OAuth device flow: `POST /login/device/code`,
//! `POST /login/oauth/access_token`, and the `/login/device` page where a
//! person types the user code. Like GitHub, these endpoints send no CORS
//! headers and do not answer preflights.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::http::header::{self, HeaderMap};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde_json::{json, Value};

use crate::scenario::Token;
use crate::state::{App, DeviceCode, DeviceStatus, World};

/// The grant type of device-flow polls.
pub const DEVICE_GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";
const USER_CODE_ALPHABET: &[u8] = b"BCDFGHJKLMNPQRSTVWXZ";
const HEX: &[u8] = b"0123456789abcdef";
const TOKEN_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// Reads form or JSON parameters, by content type (GitHub accepts both).
fn params(headers: &HeaderMap, body: &Bytes) -> BTreeMap<String, String> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|ct| ct.to_ascii_lowercase().contains("json"));
    if is_json {
        let parsed: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
        parsed
            .as_object()
            .map(|o| {
                o.iter()
                    .filter_map(|(k, v)| v.as_str().map(|s| (k.clone(), s.to_owned())))
                    .collect()
            })
            .unwrap_or_default()
    } else {
        serde_urlencoded::from_bytes(body).unwrap_or_default()
    }
}

fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|a| a.contains("application/json"))
}

/// Answers with status 200 as JSON or form-encoded, as GitHub does.
fn oauth_answer(headers: &HeaderMap, fields: Vec<(&str, String)>) -> Response {
    if wants_json(headers) {
        let mut map = serde_json::Map::new();
        for (k, v) in fields {
            let value = match (k, v.parse::<u64>()) {
                ("expires_in" | "interval", Ok(n)) => json!(n),
                _ => json!(v),
            };
            map.insert(k.to_owned(), value);
        }
        (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            Value::Object(map).to_string(),
        )
            .into_response()
    } else {
        let body = serde_urlencoded::to_string(&fields).unwrap_or_default();
        (
            StatusCode::OK,
            [(
                header::CONTENT_TYPE,
                "application/x-www-form-urlencoded; charset=utf-8",
            )],
            body,
        )
            .into_response()
    }
}

/// An OAuth error answer (`error`, `error_description`, `error_uri`).
fn oauth_error(
    headers: &HeaderMap,
    error: &str,
    description: &str,
    extra: Option<(&str, String)>,
) -> Response {
    let mut fields = vec![
        ("error", error.to_owned()),
        ("error_description", description.to_owned()),
        (
            "error_uri",
            "https://docs.github.com/developers/apps/authorizing-oauth-apps#error-codes-for-the-device-flow"
                .to_owned(),
        ),
    ];
    fields.extend(extra);
    oauth_answer(headers, fields)
}

/// Why a client id is refused, if it is.
fn client_refusal(
    world: &World,
    client_id: Option<&String>,
) -> Option<(&'static str, &'static str)> {
    let app = client_id.and_then(|id| {
        world
            .scenario
            .oauth_apps
            .iter()
            .find(|a| &a.client_id == id)
    });
    match app {
        None => Some((
            "incorrect_client_credentials",
            "The client_id and/or client_secret passed are incorrect.",
        )),
        Some(a) if !a.device_flow_enabled => Some((
            "device_flow_disabled",
            "Device Flow must be explicitly enabled for this App",
        )),
        Some(_) => None,
    }
}

/// `POST /login/device/code`.
pub async fn device_code(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let p = params(&headers, &body);
    let mut world = app.world();
    if let Some((error, description)) = client_refusal(&world, p.get("client_id")) {
        return oauth_error(&headers, error, description, None);
    }
    let scopes: Vec<String> = p
        .get("scope")
        .map(|s| {
            s.split([' ', ','])
                .filter(|x| !x.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let settings = world.scenario.device_flow.clone();
    let device_code = world.random_chars(HEX, 40);
    let raw_user_code = world.random_chars(USER_CODE_ALPHABET, 8);
    let user_code = format!("{}-{}", &raw_user_code[..4], &raw_user_code[4..]);
    world.devices.push(DeviceCode {
        device_code: device_code.clone(),
        user_code: user_code.clone(),
        client_id: p.get("client_id").cloned().unwrap_or_default(),
        scopes,
        created: Instant::now(),
        expires_in: Duration::from_secs(settings.expires_in),
        interval: settings.interval,
        last_poll: None,
        status: DeviceStatus::Pending,
    });
    oauth_answer(
        &headers,
        vec![
            ("device_code", device_code),
            ("user_code", user_code),
            ("verification_uri", format!("{}/login/device", app.base())),
            ("expires_in", settings.expires_in.to_string()),
            ("interval", settings.interval.to_string()),
        ],
    )
}

/// `POST /login/oauth/access_token`.
pub async fn access_token(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let p = params(&headers, &body);
    let mut world = app.world();
    if let Some((error, description)) = client_refusal(&world, p.get("client_id")) {
        return oauth_error(&headers, error, description, None);
    }
    if p.get("grant_type").map(String::as_str) != Some(DEVICE_GRANT) {
        return oauth_error(
            &headers,
            "unsupported_grant_type",
            "The grant type is not supported.",
            None,
        );
    }
    let client_id = p.get("client_id").cloned().unwrap_or_default();
    let code = p.get("device_code").cloned().unwrap_or_default();
    let now = Instant::now();
    let Some(device) = world
        .devices
        .iter_mut()
        .find(|d| d.device_code == code && d.client_id == client_id)
    else {
        return oauth_error(
            &headers,
            "incorrect_device_code",
            "The device_code provided is not valid.",
            None,
        );
    };
    poll(&headers, device, now)
}

fn poll(headers: &HeaderMap, device: &mut DeviceCode, now: Instant) -> Response {
    if matches!(device.status, DeviceStatus::Consumed) {
        return oauth_error(
            headers,
            "incorrect_device_code",
            "The device_code provided is not valid.",
            None,
        );
    }
    if device.expired(now) {
        return oauth_error(
            headers,
            "expired_token",
            "The device_code has expired.",
            None,
        );
    }
    let too_fast = device
        .last_poll
        .is_some_and(|last| now.duration_since(last) < Duration::from_secs(device.interval));
    device.last_poll = Some(now);
    if too_fast {
        device.interval += 5;
        return oauth_error(
            headers,
            "slow_down",
            "Too many requests have been made in the same timeframe.",
            Some(("interval", device.interval.to_string())),
        );
    }
    match device.status.clone() {
        DeviceStatus::Pending => oauth_error(
            headers,
            "authorization_pending",
            "The authorization request is still pending.",
            None,
        ),
        DeviceStatus::Denied => oauth_error(
            headers,
            "access_denied",
            "The authorization request was denied.",
            None,
        ),
        DeviceStatus::Approved { token } => {
            device.status = DeviceStatus::Consumed;
            oauth_answer(
                headers,
                vec![
                    ("access_token", token),
                    ("token_type", "bearer".to_owned()),
                    ("scope", device.scopes.join(",")),
                ],
            )
        }
        DeviceStatus::Consumed => oauth_error(
            headers,
            "incorrect_device_code",
            "The device_code provided is not valid.",
            None,
        ),
    }
}

/// Why a user code cannot be approved or denied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeError {
    Unknown,
    Expired,
    AlreadyUsed,
}

impl CodeError {
    /// A sentence for people.
    pub fn message(self) -> &'static str {
        match self {
            CodeError::Unknown => "That code was not recognised. Check it and try again.",
            CodeError::Expired => "That code has expired. Start the sign-in again.",
            CodeError::AlreadyUsed => "That code was already used.",
        }
    }

    /// The HTTP status used by the control API.
    pub fn status(self) -> StatusCode {
        match self {
            CodeError::Unknown => StatusCode::NOT_FOUND,
            CodeError::Expired => StatusCode::GONE,
            CodeError::AlreadyUsed => StatusCode::CONFLICT,
        }
    }
}

/// Upper-cases and re-hyphenates a typed user code (`wdjbmjht` → `WDJB-MJHT`).
pub fn normalize_user_code(typed: &str) -> String {
    let letters: String = typed
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if letters.len() == 8 {
        format!("{}-{}", &letters[..4], &letters[4..])
    } else {
        letters
    }
}

fn pending_device<'a>(world: &'a mut World, typed: &str) -> Result<&'a mut DeviceCode, CodeError> {
    let code = normalize_user_code(typed);
    let now = Instant::now();
    let device = world
        .devices
        .iter_mut()
        .find(|d| d.user_code == code)
        .ok_or(CodeError::Unknown)?;
    if device.status != DeviceStatus::Pending {
        return Err(CodeError::AlreadyUsed);
    }
    if device.expired(now) {
        return Err(CodeError::Expired);
    }
    Ok(device)
}

/// Approves a user code for the scenario's device user; returns that login.
pub fn approve(world: &mut World, typed: &str) -> Result<String, CodeError> {
    let user = world
        .scenario
        .device_user()
        .map(str::to_owned)
        .ok_or(CodeError::Unknown)?;
    pending_device(world, typed)?;
    let token = format!("gho_{}", world.random_chars(TOKEN_ALPHABET, 36));
    let device = pending_device(world, typed)?;
    device.status = DeviceStatus::Approved {
        token: token.clone(),
    };
    let scopes = device.scopes.clone();
    world.scenario.tokens.push(Token {
        value: token,
        user: user.clone(),
        scopes,
        note: Some("issued by the device flow".to_owned()),
        sso_authorized_orgs: Vec::new(),
    });
    Ok(user)
}

/// Denies a user code (the person pressed Cancel).
pub fn deny(world: &mut World, typed: &str) -> Result<(), CodeError> {
    pending_device(world, typed)?.status = DeviceStatus::Denied;
    Ok(())
}

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

const PAGE_STYLE: &str = "body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5}\
.banner{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .75rem;border-radius:6px}\
label{display:block;font-weight:600;margin-top:1rem}input{font-size:1.5rem;letter-spacing:.2em;padding:.25rem .5rem;width:12ch}\
button{font-size:1rem;margin:1rem .5rem 0 0;padding:.4rem 1rem}";

fn page(body: &str) -> Html<String> {
    Html(format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">\
<title>Fake GitHub — demo device authorization</title><style>{PAGE_STYLE}</style></head><body>\
<main><h1>Fake GitHub — demo device authorization</h1>\
<p class=\"banner\" role=\"note\">Demo data — nothing here is GitHub. This page stands in for github.com/login/device.</p>\
{body}</main></body></html>"
    ))
}

/// `GET /login/device`: the form where the user code is typed.
pub async fn device_page(
    State(app): State<App>,
    Query(q): Query<BTreeMap<String, String>>,
) -> Html<String> {
    let user = app.world().scenario.device_user().unwrap_or("").to_owned();
    let prefill = q.get("user_code").map(|c| esc(c)).unwrap_or_default();
    page(&format!(
        "<form method=\"post\" action=\"/login/device\">\
<p>Signed in as <strong>{user}</strong>. Enter the code shown by the app.</p>\
<label for=\"user_code\">Device code</label>\
<input id=\"user_code\" name=\"user_code\" autocomplete=\"off\" autocapitalize=\"characters\" \
placeholder=\"XXXX-XXXX\" value=\"{prefill}\" required aria-describedby=\"code-help\">\
<p id=\"code-help\">Eight letters, like WDJB-MJHT.</p>\
<button type=\"submit\" name=\"action\" value=\"authorize\">Authorize</button>\
<button type=\"submit\" name=\"action\" value=\"cancel\">Cancel</button>\
</form>",
        user = esc(&user)
    ))
}

/// `POST /login/device`: approves or denies the typed code.
pub async fn device_submit(State(app): State<App>, body: Bytes) -> Response {
    let form: BTreeMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let code = form.get("user_code").cloned().unwrap_or_default();
    let cancel = form.get("action").map(String::as_str) == Some("cancel");
    let mut world = app.world();
    let outcome = if cancel {
        deny(&mut world, &code).map(|()| None)
    } else {
        approve(&mut world, &code).map(Some)
    };
    let (status, html) = match outcome {
        Ok(Some(user)) => (
            StatusCode::OK,
            format!(
                "<p role=\"status\"><strong>Congratulations, you're all set!</strong> \
The app is now authorized for {}. You can close this page.</p>",
                esc(&user)
            ),
        ),
        Ok(None) => (
            StatusCode::OK,
            "<p role=\"status\">Authorization cancelled. The app was not given access.</p>"
                .to_owned(),
        ),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            format!(
                "<p role=\"alert\">{}</p><p><a href=\"/login/device\">Try again</a></p>",
                e.message()
            ),
        ),
    };
    (status, page(&html)).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_codes_are_normalized() {
        assert_eq!(normalize_user_code("wdjb mjht"), "WDJB-MJHT");
        assert_eq!(normalize_user_code("WDJB-MJHT"), "WDJB-MJHT");
        assert_eq!(normalize_user_code("abc"), "ABC");
    }

    #[test]
    fn html_is_escaped() {
        assert_eq!(
            esc("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
