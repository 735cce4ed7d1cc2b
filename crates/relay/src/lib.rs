//! A tiny, stateless CORS relay for GitHub's device-flow sign-in.
//!
//! GitHub's `POST /login/device/code` and `POST /login/oauth/access_token`
//! send no CORS headers, so a web page cannot read their answers. This relay
//! forwards exactly those two requests to the upstream and adds
//! `Access-Control-Allow-Origin` for allow-listed origins. It keeps no state
//! and never logs bodies, tokens or codes: a log line holds only the method,
//! the path, the status and the duration (see [`log_line`]). Connections are
//! limited in number and in how slowly they may send headers and bodies
//! (see [`serve`]).

pub mod body;
pub mod config;
pub mod limits;
pub mod serve;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use config::{Command, Config, ConfigError, Origin, Upstream};

/// The only two paths the relay forwards.
pub const FORWARDED_PATHS: [&str; 2] = ["/login/device/code", "/login/oauth/access_token"];
/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 4 * 1024;
/// Largest upstream answer passed back, in bytes.
pub const MAX_UPSTREAM_BYTES: usize = 64 * 1024;
/// Request headers a browser may send (answered in preflights).
pub const ALLOWED_REQUEST_HEADERS: &str = "content-type, accept";

/// Where log lines go. Each line is built by [`log_line`] only.
pub type LogSink = Arc<dyn Fn(String) + Send + Sync>;

/// A log sink that writes each line to standard error.
pub fn stderr_log() -> LogSink {
    Arc::new(|line| eprintln!("{line}"))
}

/// The one log line written per request: method, path (no query), status,
/// duration. Nothing from headers or bodies can reach the log.
pub fn log_line(method: &Method, path: &str, status: StatusCode, elapsed: Duration) -> String {
    let shown: String = path
        .chars()
        .take(80)
        .map(|c| if c.is_ascii_graphic() { c } else { '?' })
        .collect();
    format!(
        "{} {} {} {}ms",
        method.as_str(),
        shown,
        status.as_u16(),
        elapsed.as_millis()
    )
}

/// Shared state of the request handler.
#[derive(Clone)]
struct AppState {
    config: Arc<Config>,
    client: reqwest::Client,
    log: LogSink,
}

/// Why the relay could not start.
#[derive(Debug)]
pub enum StartError {
    Client(reqwest::Error),
    Bind(SocketAddr, std::io::Error),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            StartError::Client(e) => write!(f, "could not set up the HTTP client: {e}"),
            StartError::Bind(addr, e) => write!(f, "could not listen on {addr}: {e}"),
        }
    }
}

impl std::error::Error for StartError {}

/// Builds the relay's router for `config`.
pub fn app(config: Config, log: LogSink) -> Result<Router, StartError> {
    let client = reqwest::Client::builder()
        .timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("ghcr-setup-relay/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(StartError::Client)?;
    let state = AppState {
        config: Arc::new(config),
        client,
        log,
    };
    Ok(Router::new().fallback(handle).with_state(state))
}

/// A running relay; stops when dropped.
pub type Server = server_kit::Running;

/// Binds `config.listen` and serves the relay in a background task.
pub async fn start(config: Config, log: LogSink) -> Result<Server, StartError> {
    let listen = config.listen;
    let limits = serve::Limits {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections,
    };
    let router = app(config, log)?;
    let (listener, addr) = server_kit::bind(listen)
        .await
        .map_err(|e| StartError::Bind(listen, e))?;
    Ok(server_kit::Running::spawn(addr, async move {
        serve::serve(listener, router, limits).await;
        Ok(())
    }))
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let origin = server_kit::origin(request.headers());
    let mut response = route(&state, request, origin.as_deref()).await;
    add_common_headers(response.headers_mut(), &state.config, origin.as_deref());
    (state.log)(log_line(
        &method,
        &path,
        response.status(),
        started.elapsed(),
    ));
    response
}

async fn route(state: &AppState, request: Request, origin: Option<&str>) -> Response {
    let path = request.uri().path();
    let method = request.method();
    if path == "/healthz" {
        return match *method {
            Method::GET | Method::HEAD => (StatusCode::OK, "ok").into_response(),
            _ => method_not_allowed("GET"),
        };
    }
    if !FORWARDED_PATHS.contains(&path) {
        return json_error(
            StatusCode::NOT_FOUND,
            "not_found",
            "This relay only forwards POST /login/device/code and POST /login/oauth/access_token.",
        );
    }
    let is_preflight = *method == Method::OPTIONS;
    if !is_preflight && *method != Method::POST {
        return method_not_allowed("POST, OPTIONS");
    }
    if let Some(refusal) = origin_refusal(&state.config, origin) {
        return refusal;
    }
    if is_preflight {
        preflight()
    } else {
        forward(state, request).await
    }
}

/// The refusal for a missing or unlisted origin, or `None` when allowed.
fn origin_refusal(config: &Config, origin: Option<&str>) -> Option<Response> {
    match origin {
        Some(o) if config.allows(o) => None,
        Some(_) => Some(json_error(
            StatusCode::FORBIDDEN,
            "origin_not_allowed",
            "This web page's origin is not on the relay's allow-list. Whoever runs the relay adds it with --allow-origin.",
        )),
        None => Some(json_error(
            StatusCode::FORBIDDEN,
            "origin_required",
            "The relay only answers requests from web pages (an Origin header on its allow-list).",
        )),
    }
}

fn preflight() -> Response {
    let mut response = StatusCode::NO_CONTENT.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_METHODS,
        HeaderValue::from_static("POST, OPTIONS"),
    );
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        HeaderValue::from_static(ALLOWED_REQUEST_HEADERS),
    );
    headers.insert(
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderValue::from_static("600"),
    );
    response
}

/// The request's content type if it is one GitHub accepts here.
fn accepted_content_type(headers: &HeaderMap) -> Option<HeaderValue> {
    let value = headers.get(header::CONTENT_TYPE)?;
    let essence = value.to_str().ok()?.split(';').next()?.trim();
    let ok = essence.eq_ignore_ascii_case("application/x-www-form-urlencoded")
        || essence.eq_ignore_ascii_case("application/json");
    ok.then(|| value.clone())
}

fn declared_length(headers: &HeaderMap) -> Option<usize> {
    headers
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .parse()
        .ok()
}

fn too_large() -> Response {
    json_error(
        StatusCode::PAYLOAD_TOO_LARGE,
        "body_too_large",
        "The request body is larger than the relay accepts (4 KiB).",
    )
}

async fn forward(state: &AppState, request: Request) -> Response {
    let Some(content_type) = accepted_content_type(request.headers()) else {
        return json_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_content_type",
            "Send the body as application/x-www-form-urlencoded or application/json.",
        );
    };
    if declared_length(request.headers()).is_some_and(|n| n > MAX_BODY_BYTES) {
        return too_large();
    }
    let url = format!("{}{}", state.config.upstream.as_str(), request.uri().path());
    let reading = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES);
    let body = match tokio::time::timeout(state.config.body_timeout, reading).await {
        Ok(Ok(body)) => body,
        Ok(Err(_)) => return too_large(),
        Err(_) => return body_too_slow(),
    };
    let sent = state
        .client
        .post(url)
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, content_type)
        .body(body)
        .send()
        .await;
    match sent {
        Ok(upstream) => pass_back(upstream).await,
        Err(e) => upstream_failure(&e),
    }
}

async fn pass_back(upstream: reqwest::Response) -> Response {
    let status = upstream.status();
    let content_type = upstream.headers().get(header::CONTENT_TYPE).cloned();
    if upstream
        .content_length()
        .is_some_and(|n| n > MAX_UPSTREAM_BYTES as u64)
    {
        return upstream_too_large();
    }
    let body: Bytes = match upstream.bytes().await {
        Ok(b) if b.len() <= MAX_UPSTREAM_BYTES => b,
        Ok(_) => return upstream_too_large(),
        Err(e) => return upstream_failure(&e),
    };
    let mut response = Response::new(Body::from(body));
    *response.status_mut() = status;
    if let Some(ct) = content_type {
        response.headers_mut().insert(header::CONTENT_TYPE, ct);
    }
    response
}

fn body_too_slow() -> Response {
    let mut response = json_error(
        StatusCode::REQUEST_TIMEOUT,
        "body_timeout",
        "The request body arrived too slowly; the relay stopped waiting.",
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

fn upstream_too_large() -> Response {
    json_error(
        StatusCode::BAD_GATEWAY,
        "upstream_too_large",
        "GitHub's answer was unexpectedly large; the relay did not pass it on.",
    )
}

fn upstream_failure(error: &reqwest::Error) -> Response {
    if error.is_timeout() {
        json_error(
            StatusCode::GATEWAY_TIMEOUT,
            "upstream_timeout",
            "GitHub did not answer in time. Try again in a moment.",
        )
    } else {
        json_error(
            StatusCode::BAD_GATEWAY,
            "upstream_unreachable",
            "The relay could not reach GitHub. Try again in a moment.",
        )
    }
}

fn method_not_allowed(allow: &'static str) -> Response {
    let mut response = json_error(
        StatusCode::METHOD_NOT_ALLOWED,
        "method_not_allowed",
        &format!("This path only answers {allow}."),
    );
    response
        .headers_mut()
        .insert(header::ALLOW, HeaderValue::from_static(allow));
    response
}

/// A JSON error body `{"error": code, "message": message}`.
fn json_error(status: StatusCode, code: &str, message: &str) -> Response {
    let body = serde_json::json!({ "error": code, "message": message });
    (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

/// CORS for allow-listed origins, `Vary: Origin`, and no caching anywhere.
fn add_common_headers(headers: &mut HeaderMap, config: &Config, origin: Option<&str>) {
    headers.insert(header::VARY, HeaderValue::from_static("Origin"));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    let allowed = origin
        .filter(|o| config.allows(o))
        .and_then(|o| HeaderValue::from_str(o).ok());
    if let Some(value) = allowed {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_line_has_only_method_path_status_duration() {
        let line = log_line(
            &Method::POST,
            "/login/oauth/access_token",
            StatusCode::OK,
            Duration::from_millis(42),
        );
        assert_eq!(line, "POST /login/oauth/access_token 200 42ms");
    }

    #[test]
    fn log_line_cuts_and_cleans_odd_paths() {
        let long = format!("/{}\n", "a".repeat(200));
        let line = log_line(&Method::GET, &long, StatusCode::NOT_FOUND, Duration::ZERO);
        assert!(!line.contains('\n'));
        assert!(line.len() < 120, "{line}");
    }

    #[test]
    fn content_type_filter() {
        let mut h = HeaderMap::new();
        assert!(accepted_content_type(&h).is_none());
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain"));
        assert!(accepted_content_type(&h).is_none());
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json; charset=utf-8"),
        );
        assert!(accepted_content_type(&h).is_some());
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        assert!(accepted_content_type(&h).is_some());
    }
}
