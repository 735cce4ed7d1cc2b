//! Middleware around the fake: request log, CORS (API and control routes
//! only, never the device-flow endpoints), fault injection and latency,
//! redirects from a renamed or transferred repository's old name, and
//! the API layer that authenticates callers and adds GitHub's headers
//! (rate limit, scopes, ETag with `If-None-Match` → 304, cache control).

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderName, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::api::{Caller, Reply, TokenKind};
use crate::state::{App, Fault, LogEntry, ANON_RATE_LIMIT, RATE_LIMIT};

/// Request headers api.github.com accepts in a preflight.
pub const ALLOWED_HEADERS: &str = "Authorization, Content-Type, If-Match, If-Modified-Since, If-None-Match, If-Unmodified-Since, X-GitHub-OTP, X-Requested-With";
/// Response headers a page may read.
pub const EXPOSED_HEADERS: &str = "ETag, Link, Location, Retry-After, X-GitHub-OTP, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Used, X-RateLimit-Resource, X-RateLimit-Reset, X-OAuth-Scopes, X-Accepted-OAuth-Scopes, X-Poll-Interval, X-GitHub-Media-Type, X-GitHub-SSO, X-GitHub-Request-Id, Deprecation, Sunset";
/// Largest body the API layer buffers (to compute ETags).
const MAX_BUFFER: usize = 8 * 1024 * 1024;

/// Whether a path belongs to the control API.
pub fn is_control(path: &str) -> bool {
    path == "/_fake" || path.starts_with("/_fake/")
}

/// Whether a path is on github.com's login host (device flow, device page).
pub fn is_login(path: &str) -> bool {
    path == "/login" || path.starts_with("/login/")
}

/// Records every non-control request in the log (no tokens, no bodies).
pub async fn log_layer(State(app): State<App>, request: Request, next: Next) -> Response {
    let method = request.method().as_str().to_owned();
    let path = request.uri().path().to_owned();
    let origin = server_kit::origin(request.headers());
    let has_auth = request.headers().contains_key(header::AUTHORIZATION);
    let response = next.run(request).await;
    if !is_control(&path) {
        app.world().log.push(LogEntry {
            method,
            path,
            status: response.status().as_u16(),
            origin,
            has_auth,
        });
    }
    response
}

/// A repository renamed or transferred (`former_names` in the scenario): a
/// request to an old name is redirected to the name now, as GitHub does —
/// `301` for a read, `307` for a write — keeping the rest of the path and
/// the query. GitHub's `Location` names `/repositories/{id}`, which is not
/// in its description; the fake names `/repos/{owner}/{repo}`, which
/// answers the same.
pub async fn moved_layer(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    let Some(rest) = path.strip_prefix("/repos/") else {
        return next.run(request).await;
    };
    let mut parts = rest.splitn(3, '/');
    let (Some(owner), Some(name)) = (parts.next(), parts.next()) else {
        return next.run(request).await;
    };
    let tail = parts.next().map(|t| format!("/{t}")).unwrap_or_default();
    let old = format!("{owner}/{name}");
    let now = {
        let world = app.world();
        let repos = &world.scenario.repos;
        let taken = repos
            .iter()
            .any(|r| r.full_name().eq_ignore_ascii_case(&old));
        repos
            .iter()
            .filter(|_| !taken)
            .find(|r| r.former_names.iter().any(|f| f.eq_ignore_ascii_case(&old)))
            .map(|r| r.full_name())
    };
    let Some(now) = now else {
        return next.run(request).await;
    };
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let location = format!("{}/repos/{now}{tail}{query}", app.base());
    let (status, message) = if request.method() == Method::GET {
        (StatusCode::MOVED_PERMANENTLY, "Moved Permanently")
    } else {
        (StatusCode::TEMPORARY_REDIRECT, "Temporary Redirect")
    };
    let body = serde_json::json!({
        "message": message,
        "url": location,
        "documentation_url": "https://docs.github.com/rest/guides/best-practices-for-using-the-rest-api#follow-redirects",
    });
    let mut response = (status, body.to_string()).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    if let Ok(v) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, v);
    }
    response
}

/// CORS like api.github.com (`*`) for API and control paths; nothing at all
/// for `/login/…`, exactly like github.com.
pub async fn cors_layer(request: Request, next: Next) -> Response {
    if is_login(request.uri().path()) {
        return next.run(request).await;
    }
    let is_preflight = request.method() == Method::OPTIONS
        && request
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut response = if is_preflight {
        preflight()
    } else {
        next.run(request).await
    };
    insert_static(
        response.headers_mut(),
        [
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
            (header::ACCESS_CONTROL_EXPOSE_HEADERS, EXPOSED_HEADERS),
        ],
    );
    response
}

/// Sets each header to its fixed value.
fn insert_static<const N: usize>(headers: &mut HeaderMap, pairs: [(HeaderName, &'static str); N]) {
    for (name, value) in pairs {
        headers.insert(name, HeaderValue::from_static(value));
    }
}

fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    insert_static(
        response.headers_mut(),
        [
            (
                header::ACCESS_CONTROL_ALLOW_METHODS,
                "GET, POST, PATCH, PUT, DELETE",
            ),
            (header::ACCESS_CONTROL_ALLOW_HEADERS, ALLOWED_HEADERS),
            (header::ACCESS_CONTROL_MAX_AGE, "86400"),
        ],
    );
    response
}

/// Adds the global latency and applies the first matching injected fault
/// (before the request is handled, or after it when the fault says `after`).
pub async fn fault_layer(State(app): State<App>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if is_control(&path) {
        return next.run(request).await;
    }
    if !app.0.latency.is_zero() {
        tokio::time::sleep(app.0.latency).await;
    }
    let fault = take_fault(&app, request.method().as_str(), &path);
    if let Some(fault) = fault {
        if let Some(ms) = fault.latency_ms {
            tokio::time::sleep(Duration::from_millis(ms)).await;
        }
        if let Some(status) = fault.status {
            if fault.after {
                // Carried out; the answer is lost on its way back.
                let _ = next.run(request).await;
            }
            return fault_response(status, &fault);
        }
    }
    next.run(request).await
}

/// Finds the first matching fault and uses up one of its `times`.
fn take_fault(app: &App, method: &str, path: &str) -> Option<Fault> {
    let mut world = app.world();
    let index = world.faults.iter().position(|f| f.matches(method, path))?;
    let fault = world.faults.get_mut(index)?;
    if let Some(times) = fault.times.as_mut() {
        *times = times.saturating_sub(1);
    }
    let used = fault.clone();
    if fault.times == Some(0) {
        world.faults.remove(index);
    }
    Some(used)
}

fn fault_response(status: u16, fault: &Fault) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let (content_type, body) = match &fault.body {
        None => ("application/json; charset=utf-8", String::new()),
        Some(serde_json::Value::String(text)) => ("text/plain; charset=utf-8", text.clone()),
        Some(other) => ("application/json; charset=utf-8", other.to_string()),
    };
    let mut response = (status, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    for (name, value) in &fault.headers {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_str(value),
        ) {
            headers.insert(n, v);
        }
    }
    response
}

/// The token in `Authorization: Bearer|token …`, if any.
fn presented_token(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = value.split_once(' ')?;
    let known = scheme.eq_ignore_ascii_case("bearer") || scheme.eq_ignore_ascii_case("token");
    known.then(|| token.trim().to_owned())
}

/// A token the fake does not know (answered with 401 "Bad credentials").
struct BadCredentials;

/// Resolves the caller from the `Authorization` header.
fn resolve_caller(app: &App, headers: &HeaderMap) -> Result<Caller, BadCredentials> {
    let Some(token) = headers
        .get(header::AUTHORIZATION)
        .map(|_| presented_token(headers).unwrap_or_default())
    else {
        return Ok(Caller::anonymous());
    };
    let world = app.world();
    let found = world.scenario.tokens.iter().find(|t| t.value == token);
    match found {
        Some(t) => Ok(Caller {
            user: Some(t.user.clone()),
            scopes: t.scopes.clone(),
            kind: Some(TokenKind::of(&t.value)),
            sso_orgs: t.sso_authorized_orgs.clone(),
        }),
        None => Err(BadCredentials),
    }
}

/// A weak ETag over the body bytes.
fn etag_of(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!(
        "W/\"{:016x}{:016x}\"",
        hash,
        crate::scenario::splitmix(hash)
    )
}

fn etag_matches(if_none_match: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    if_none_match
        .split(',')
        .any(|candidate| candidate.trim() == "*" || bare(candidate) == bare(etag))
}

/// Authenticates API requests and adds GitHub's response headers.
pub async fn api_layer(State(app): State<App>, mut request: Request, next: Next) -> Response {
    let caller = match resolve_caller(&app, request.headers()) {
        Ok(c) => c,
        Err(BadCredentials) => {
            return Reply::error(StatusCode::UNAUTHORIZED, "Bad credentials", "").into_response()
        }
    };
    let is_get = request.method() == Method::GET;
    let counts = request.uri().path() != "/rate_limit";
    let if_none_match = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    request.extensions_mut().insert(caller.clone());
    let response = next.run(request).await;
    let (mut parts, body) = response.into_parts();
    let mut bytes = axum::body::to_bytes(body, MAX_BUFFER)
        .await
        .unwrap_or_default();
    if is_get && parts.status == StatusCode::OK {
        let etag = etag_of(&bytes);
        if if_none_match.is_some_and(|inm| etag_matches(&inm, &etag)) {
            parts.status = StatusCode::NOT_MODIFIED;
            bytes = Default::default();
            parts.headers.remove(header::CONTENT_TYPE);
        }
        if let Ok(v) = HeaderValue::from_str(&etag) {
            parts.headers.insert(header::ETAG, v);
        }
        let cache = if caller.user.is_some() {
            "private, max-age=60, s-maxage=60"
        } else {
            "public, max-age=60, s-maxage=60"
        };
        parts
            .headers
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
        parts.headers.insert(
            header::VARY,
            HeaderValue::from_static("Accept, Authorization, Cookie"),
        );
    }
    add_api_headers(
        &app,
        &caller,
        &mut parts.headers,
        counts && parts.status != StatusCode::NOT_MODIFIED,
    );
    Response::from_parts(parts, Body::from(bytes))
}

fn add_api_headers(app: &App, caller: &Caller, headers: &mut HeaderMap, count: bool) {
    let key = caller.user.clone().unwrap_or_default();
    let limit = if caller.user.is_some() {
        RATE_LIMIT
    } else {
        ANON_RATE_LIMIT
    };
    let (used, request_id) = {
        let mut world = app.world();
        let used = world.rate_used.entry(key).or_insert(0);
        if count {
            *used += 1;
        }
        let used = *used;
        world.counter += 1;
        (
            used,
            format!("FAKE:{:04X}:{:06X}", world.counter % 0xFFFF, world.counter),
        )
    };
    let mut set = |name: &'static str, value: String| {
        if let Ok(v) = HeaderValue::from_str(&value) {
            headers.insert(name, v);
        }
    };
    set("x-ratelimit-limit", limit.to_string());
    set(
        "x-ratelimit-remaining",
        limit.saturating_sub(used).to_string(),
    );
    set("x-ratelimit-used", used.to_string());
    set("x-ratelimit-reset", app.0.rate_reset.to_string());
    set("x-ratelimit-resource", "core".to_owned());
    set("x-github-request-id", request_id);
    set("x-github-media-type", "github.v3; format=json".to_owned());
    if caller.kind.is_some_and(TokenKind::has_classic_scopes) {
        set("x-oauth-scopes", caller.scopes.join(", "));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etags_compare_weakly() {
        let e = etag_of(b"abc");
        assert!(etag_matches(&e, &e));
        assert!(etag_matches(&e.replace("W/", ""), &e));
        assert!(etag_matches(&format!("\"x\", {e}"), &e));
        assert!(!etag_matches("\"other\"", &e));
        assert_ne!(etag_of(b"abc"), etag_of(b"abd"));
    }

    #[test]
    fn token_header_parsing() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("token abc"));
        assert_eq!(presented_token(&h).as_deref(), Some("abc"));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("Bearer xyz"),
        );
        assert_eq!(presented_token(&h).as_deref(), Some("xyz"));
        h.insert(header::AUTHORIZATION, HeaderValue::from_static("Basic xyz"));
        assert_eq!(presented_token(&h), None);
    }
}
