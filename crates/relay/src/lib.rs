//! A tiny CORS relay for GitHub's device-flow sign-in.
//!
//! GitHub's `POST /login/device/code` and `POST /login/oauth/access_token`
//! send no CORS headers, so a web page cannot read their answers. This relay
//! forwards exactly those two requests to the upstream and adds
//! `Access-Control-Allow-Origin` for allow-listed origins. It stores nothing
//! but the counters its limits need (in memory, bounded; device codes only
//! as keyed hashes) and never logs bodies, tokens or codes: a log line is
//! made of fixed words and numbers only (see [`log_line`]).
//!
//! Connections are limited in number, per client address, in lifetime and
//! in how slowly they may send headers and bodies (see [`serve`]); requests
//! are paced per client address and per sign-in (see [`limits`]); the OAuth
//! App may be pinned with `--allow-client-id` (the body's fields are read
//! by [`body`]).

pub mod body;
pub mod config;
pub mod limits;
pub mod serve;

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderMap, HeaderValue};
use axum::http::{Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

pub use config::{ClientId, Command, Config, ConfigError, Origin, Upstream};
use limits::{ClientKey, Limits, Verdict};
use serve::{Peer, Refusal};

/// The only two paths the relay forwards.
pub const FORWARDED_PATHS: [&str; 2] = ["/login/device/code", "/login/oauth/access_token"];
/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 4 * 1024;
/// Largest upstream answer passed back, in bytes.
pub const MAX_UPSTREAM_BYTES: usize = 64 * 1024;
/// Request headers a browser may send (answered in preflights).
pub const ALLOWED_REQUEST_HEADERS: &str = "content-type, accept";

/// Where log lines go. Each line is built by [`log_line`] (or, for a
/// connection refused unread, from the refusal's fixed code) only.
pub type LogSink = Arc<dyn Fn(String) + Send + Sync>;

/// A log sink that writes each line to standard error.
pub fn stderr_log() -> LogSink {
    Arc::new(|line| eprintln!("{line}"))
}

/// What became of a request, as one fixed word for the log (the error code
/// of a refusal, `forwarded`, `preflight`, `health`).
#[derive(Debug, Clone, Copy)]
struct Outcome(&'static str);

/// The one log line written per request: method, path, status, outcome,
/// duration. Every part is a fixed word or a number: a method or path the
/// relay does not know is written as `OTHER` / `(other)`, so nothing a
/// client sends — in a header, the path, the query or the body — can reach
/// the log.
pub fn log_line(
    method: &Method,
    path: &str,
    status: StatusCode,
    outcome: &'static str,
    elapsed: Duration,
) -> String {
    let method = match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::OPTIONS => "OPTIONS",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        _ => "OTHER",
    };
    let path = FORWARDED_PATHS
        .iter()
        .chain(&["/healthz"])
        .find(|known| **known == path)
        .copied()
        .unwrap_or("(other)");
    format!(
        "{method} {path} {} {outcome} {}ms",
        status.as_u16(),
        elapsed.as_millis()
    )
}

/// The client address a reverse proxy put in header `name`: the last
/// address of the last such header (a proxy appends the address it saw, so
/// anything before it may have come from the client itself). `None` when
/// it is missing or not an IP address.
pub fn forwarded_address(headers: &HeaderMap, name: &header::HeaderName) -> Option<IpAddr> {
    let value = headers.get_all(name).iter().next_back()?.to_str().ok()?;
    value.rsplit(',').next()?.trim().parse().ok()
}

/// Shared state of the request handler.
#[derive(Clone)]
struct AppState {
    config: Arc<Config>,
    client: reqwest::Client,
    log: LogSink,
    limits: Arc<Mutex<Limits>>,
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

/// Builds the relay's router for `config`. The client address of each
/// request comes from the [`serve::Peer`] that [`serve`] puts in its
/// extensions; a router served some other way counts every request as one
/// client (`0.0.0.0`).
pub fn app(config: Config, log: LogSink) -> Result<Router, StartError> {
    let client = reqwest::Client::builder()
        .timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("ghcr-setup-relay/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(StartError::Client)?;
    let state = AppState {
        limits: Arc::new(Mutex::new(Limits::new(config.policy))),
        config: Arc::new(config),
        client,
        log,
    };
    Ok(Router::new().fallback(handle).with_state(state))
}

/// The router answering every request on a connection refused for
/// `refusal`: its JSON reason, with CORS for an allow-listed origin.
fn refusal_app(config: Arc<Config>, refusal: Refusal, log: LogSink) -> Router {
    Router::new().fallback(move |request: Request| {
        let config = config.clone();
        let log = log.clone();
        async move {
            let origin = server_kit::origin(request.headers());
            let status =
                StatusCode::from_u16(refusal.status()).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
            let mut response = json_error(status, refusal.code(), refusal.message());
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("1"));
            add_common_headers(response.headers_mut(), &config, origin.as_deref());
            log(log_line(
                request.method(),
                request.uri().path(),
                status,
                refusal.code(),
                Duration::ZERO,
            ));
            response
        }
    })
}

/// A running relay; stops when dropped.
pub type Server = server_kit::Running;

/// Binds `config.listen` and serves the relay in a background task.
pub async fn start(config: Config, log: LogSink) -> Result<Server, StartError> {
    let listen = config.listen;
    let settings = serve::Settings {
        header_timeout: config.header_timeout,
        max_connections: config.max_connections,
        max_connections_per_address: config.policy.max_connections_per_address,
        connection_lifetime: config.connection_lifetime,
        refusal_slots: config.refusal_slots,
    };
    let shared = Arc::new(config.clone());
    let refusals = serve::Refusals {
        busy: refusal_app(shared.clone(), Refusal::Busy, log.clone()),
        per_address: refusal_app(shared, Refusal::PerAddress, log.clone()),
    };
    let router = app(config, log.clone())?;
    let (listener, addr) = server_kit::bind(listen)
        .await
        .map_err(|e| StartError::Bind(listen, e))?;
    Ok(server_kit::Running::spawn(addr, async move {
        serve::serve(listener, router, refusals, settings, log).await;
        Ok(())
    }))
}

async fn handle(State(state): State<AppState>, request: Request) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let path = request.uri().path().to_owned();
    let origin = server_kit::origin(request.headers());
    let peer = request
        .extensions()
        .get::<Peer>()
        .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |p| p.0);
    let client = state
        .config
        .client_address_header
        .as_ref()
        .and_then(|name| forwarded_address(request.headers(), name))
        .unwrap_or(peer);
    let mut response = route(&state, request, origin.as_deref(), ClientKey::of(client)).await;
    add_common_headers(response.headers_mut(), &state.config, origin.as_deref());
    let outcome = response
        .extensions()
        .get::<Outcome>()
        .map_or("answered", |o| o.0);
    (state.log)(log_line(
        &method,
        &path,
        response.status(),
        outcome,
        started.elapsed(),
    ));
    response
}

async fn route(
    state: &AppState,
    request: Request,
    origin: Option<&str>,
    client: ClientKey,
) -> Response {
    let path = request.uri().path();
    let method = request.method();
    if path == "/healthz" {
        return match *method {
            Method::GET | Method::HEAD => {
                with_outcome((StatusCode::OK, "ok").into_response(), "health")
            }
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
        forward(state, request, client).await
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
    let mut response = with_outcome(StatusCode::NO_CONTENT.into_response(), "preflight");
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

/// The request's content type if it is one GitHub accepts here, and
/// whether it is JSON.
fn accepted_content_type(headers: &HeaderMap) -> Option<(HeaderValue, bool)> {
    let value = headers.get(header::CONTENT_TYPE)?;
    let essence = value.to_str().ok()?.split(';').next()?.trim();
    let json = essence.eq_ignore_ascii_case("application/json");
    let ok = json || essence.eq_ignore_ascii_case("application/x-www-form-urlencoded");
    ok.then(|| (value.clone(), json))
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

async fn forward(state: &AppState, request: Request, client: ClientKey) -> Response {
    let Some((content_type, json)) = accepted_content_type(request.headers()) else {
        return json_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_content_type",
            "Send the body as application/x-www-form-urlencoded or application/json.",
        );
    };
    if declared_length(request.headers()).is_some_and(|n| n > MAX_BODY_BYTES) {
        return too_large();
    }
    let is_poll = request.uri().path() == FORWARDED_PATHS[1];
    let url = format!("{}{}", state.config.upstream.as_str(), request.uri().path());
    let reading = axum::body::to_bytes(request.into_body(), MAX_BODY_BYTES);
    let body = match tokio::time::timeout(state.config.body_timeout, reading).await {
        Ok(Ok(body)) => body,
        Ok(Err(_)) => return too_large(),
        Err(_) => return body_too_slow(),
    };
    if let Some(refusal) = judge(state, &body, json, is_poll, client) {
        return refusal;
    }
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

/// The refusal for a body the relay will not forward — a repeated field, a
/// client id off the allow-list, a request over its client's limits — or
/// `None` to forward it.
fn judge(
    state: &AppState,
    body: &[u8],
    json: bool,
    is_poll: bool,
    client: ClientKey,
) -> Option<Response> {
    let Ok(fields) = body::fields(body, json) else {
        return Some(json_error(
            StatusCode::BAD_REQUEST,
            "repeated_field",
            "The request names client_id or device_code more than once.",
        ));
    };
    if !state.config.allows_client_id(fields.client_id.as_deref()) {
        return Some(json_error(
            StatusCode::FORBIDDEN,
            "client_id_not_allowed",
            "This relay only forwards sign-ins for the OAuth App it was set up for (--allow-client-id).",
        ));
    }
    let now = Instant::now();
    let verdict = {
        let Ok(mut limits) = state.limits.lock() else {
            return Some(json_error(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "The relay failed. Try again in a moment.",
            ));
        };
        if is_poll {
            limits.poll(client, fields.device_code.as_deref(), now)
        } else {
            limits.device_code(client, now)
        }
    };
    match verdict {
        Verdict::Allow => None,
        Verdict::SlowDown { interval } => Some(slow_down(interval)),
        Verdict::CodeTooSoon { retry_after } => Some(retry_later(
            "too_many_device_codes",
            "Too many sign-ins were started from your address just now. Wait a little, then try again.",
            retry_after,
        )),
        Verdict::TooManySignIns { retry_after } => Some(retry_later(
            "too_many_sign_ins",
            "Too many sign-ins are being completed from your address. Finish or wait for one to expire, then try again.",
            retry_after,
        )),
    }
}

/// Whole seconds, rounded up, at least 1.
fn whole_seconds(d: Duration) -> u64 {
    (d.as_secs() + u64::from(d.subsec_nanos() > 0)).max(1)
}

/// GitHub's own answer to a poll that came too soon: HTTP 200 with
/// `slow_down` and the interval to keep from now on.
fn slow_down(interval: Duration) -> Response {
    let body = serde_json::json!({
        "error": "slow_down",
        "error_description": "Too many requests have been made in the same timeframe.",
        "interval": whole_seconds(interval),
    });
    let response = (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    with_outcome(response, "slow_down")
}

/// 429 with `Retry-After`.
fn retry_later(code: &'static str, message: &str, retry_after: Duration) -> Response {
    let mut response = json_error(StatusCode::TOO_MANY_REQUESTS, code, message);
    let seconds = HeaderValue::from(whole_seconds(retry_after));
    response.headers_mut().insert(header::RETRY_AFTER, seconds);
    response
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
    let mut response = with_outcome(Response::new(Body::from(body)), "forwarded");
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

/// A JSON error body `{"error": code, "error_description": message,
/// "message": message}` (`error_description` is where GitHub's device flow
/// puts its sentence, so a sign-in page shows it as it shows GitHub's).
fn json_error(status: StatusCode, code: &'static str, message: &str) -> Response {
    let body = serde_json::json!({
        "error": code,
        "error_description": message,
        "message": message,
    });
    let response = (
        status,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response();
    with_outcome(response, code)
}

/// Marks `response` with what became of its request, for the log line.
fn with_outcome(mut response: Response, outcome: &'static str) -> Response {
    response.extensions_mut().insert(Outcome(outcome));
    response
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
            "forwarded",
            Duration::from_millis(42),
        );
        assert_eq!(line, "POST /login/oauth/access_token 200 forwarded 42ms");
    }

    #[test]
    fn log_line_never_repeats_an_unknown_path_or_method() {
        let path = "/login/oauth/access_token/gho_SECRET\nfake line";
        let line = log_line(
            &Method::GET,
            path,
            StatusCode::NOT_FOUND,
            "not_found",
            Duration::ZERO,
        );
        assert_eq!(line, "GET (other) 404 not_found 0ms");
        let method = Method::from_bytes(b"DEVICECODE").expect("an extension method");
        let line = log_line(
            &method,
            "/healthz",
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            Duration::ZERO,
        );
        assert_eq!(line, "OTHER /healthz 405 method_not_allowed 0ms");
    }

    #[test]
    fn the_forwarded_address_is_the_last_one_the_proxy_added() {
        let name = header::HeaderName::from_static("x-forwarded-for");
        let mut h = HeaderMap::new();
        assert_eq!(forwarded_address(&h, &name), None);
        h.append(&name, HeaderValue::from_static("203.0.113.9"));
        assert_eq!(
            forwarded_address(&h, &name),
            Some(IpAddr::from([203, 0, 113, 9]))
        );
        h.append(&name, HeaderValue::from_static("1.2.3.4, 2001:db8::1"));
        assert_eq!(
            forwarded_address(&h, &name),
            "2001:db8::1".parse().ok(),
            "what the client wrote first does not count"
        );
        h.insert(&name, HeaderValue::from_static("unknown"));
        assert_eq!(forwarded_address(&h, &name), None);
    }

    #[test]
    fn whole_seconds_round_up() {
        assert_eq!(whole_seconds(Duration::ZERO), 1);
        assert_eq!(whole_seconds(Duration::from_millis(1)), 1);
        assert_eq!(whole_seconds(Duration::from_secs(5)), 5);
        assert_eq!(whole_seconds(Duration::from_millis(5_001)), 6);
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
