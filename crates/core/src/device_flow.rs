//! OAuth device flow, as a pure state machine driven by a shell with a timer.
//!
//! The browser cannot call `github.com/login/*` itself (no CORS), so both
//! requests go to a relay at `{relay}/login/device/code` and
//! `{relay}/login/oauth/access_token`. The shell sends the requests this
//! machine builds, hands back the answers with the current time in
//! milliseconds, and waits until the time a [`Step`] names. The machine never
//! lets a poll out earlier than GitHub's `interval` allows and hides the
//! device code from `Debug`.
//!
//! Shells drive it as an [`engine::Program`](crate::engine::Program), like
//! every other request program: [`DeviceFlow::begin`], then the shell's one
//! driver loop sends what `due` hands out, gives each answer (or
//! [`TransportFailure`]) to `answered`, wakes at `next_wake` (the next poll,
//! or the code's expiry) and reads [`DeviceFlow::state`] after each change.
//! Every timing decision — the interval, `slow_down`'s +5 s, expiry, retries
//! after a lost answer — is made here, with the time passed in.
//!
//! The step-level API underneath is public too (for tests and fuzzing):
//! [`DeviceFlow::start_request`] → send → [`DeviceFlow::on_code_response`]
//! gives [`Step::ShowCode`] → at `poll_at_ms` call [`DeviceFlow::poll_request_at`] → send →
//! [`DeviceFlow::on_poll_response`] gives [`Step::PollAt`] (again), [`Step::Done`]
//! or [`Step::Failed`].

use std::fmt;

use serde_json::{json, Map, Value};

use crate::engine::{Outgoing, Program, Ticket, TransportFailure};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::token::Secret;

const GRANT_TYPE: &str = "urn:ietf:params:oauth:grant-type:device_code";
/// Interval GitHub uses when an answer does not name one.
const DEFAULT_INTERVAL_S: u64 = 5;
/// What `slow_down` adds when the answer carries no new interval.
const SLOW_DOWN_STEP_S: u64 = 5;
/// Polls in a row that may fail (no answer, or a 5xx from the relay) before
/// the sign-in ends; each is retried at the interval.
pub const MAX_POLL_FAILURES: u32 = 3;

/// The device code: needed to poll, never shown.
#[derive(Clone, PartialEq, Eq)]
struct DeviceCode(String);

impl fmt::Debug for DeviceCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// Where the flow stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowState {
    /// Nothing asked yet.
    Idle,
    /// The code request is out.
    Requesting,
    /// The person should type `user_code` at `verification_uri`.
    WaitingForUser {
        user_code: String,
        verification_uri: String,
        expires_at_ms: u64,
        interval_s: u64,
        next_poll_at_ms: u64,
    },
    /// Signed in. `scopes` is GitHub's comma-separated `scope` field.
    Done {
        token: Secret,
        scopes: String,
    },
    Failed(FlowError),
    Cancelled,
}

/// What the shell should do after an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Show the code and link; call [`DeviceFlow::poll_request_at`] at `poll_at_ms`.
    ShowCode {
        user_code: String,
        verification_uri: String,
        expires_at_ms: u64,
        poll_at_ms: u64,
    },
    /// Call [`DeviceFlow::poll_request_at`] again at this time (ms).
    PollAt(u64),
    Done {
        token: Secret,
        scopes: String,
    },
    Failed(FlowError),
    /// The event did not belong to the current state (late answer, after
    /// cancel, duplicate); nothing changed.
    Ignored,
}

/// Why the sign-in stopped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowError {
    /// The code expired before the person entered it.
    Expired,
    /// The person pressed Cancel on GitHub.
    AccessDenied,
    IncorrectDeviceCode,
    IncorrectClientCredentials,
    UnsupportedGrantType,
    /// The OAuth App does not have "Enable Device Flow" ticked.
    DeviceFlowDisabled,
    /// An `error` code this tool does not know.
    GitHub {
        code: String,
        description: Option<String>,
    },
    /// An HTTP error without an `error` field (often the relay itself).
    Http {
        status: u16,
    },
    /// The answer was not the JSON expected.
    Malformed(String),
    /// The relay could not be reached.
    RelayUnreachable {
        relay: String,
        detail: String,
    },
    /// [`MAX_POLL_FAILURES`] checks for approval in a row got no usable
    /// answer (no answer at all, or a 5xx); `last` says how the last failed.
    PollingFailed {
        relay: String,
        failures: u32,
        last: String,
    },
    /// The answer sends the person to enter the code somewhere other than
    /// https on the configured GitHub host (`expected`); it is not shown.
    UntrustedVerificationUri {
        uri: String,
        expected: String,
    },
}

impl FlowError {
    /// A short title.
    pub fn title(&self) -> String {
        match self {
            FlowError::Expired => "The sign-in code expired".into(),
            FlowError::AccessDenied => "Sign-in was cancelled on GitHub".into(),
            FlowError::IncorrectDeviceCode => "GitHub did not recognise the device code".into(),
            FlowError::IncorrectClientCredentials => {
                "GitHub does not know this OAuth App's client ID".into()
            }
            FlowError::UnsupportedGrantType => "GitHub refused the sign-in request".into(),
            FlowError::DeviceFlowDisabled => "Device flow is not enabled for this OAuth App".into(),
            FlowError::GitHub { code, .. } => format!("GitHub answered \"{code}\""),
            FlowError::Http { status } => format!("The sign-in relay answered HTTP {status}"),
            FlowError::Malformed(_) => "The sign-in answer could not be read".into(),
            FlowError::RelayUnreachable { .. } => "The sign-in relay could not be reached".into(),
            FlowError::PollingFailed { .. } => {
                "Lost contact with the sign-in relay while waiting for approval".into()
            }
            FlowError::UntrustedVerificationUri { .. } => {
                "The sign-in answer pointed to a page that is not GitHub's".into()
            }
        }
    }

    /// What the person can do about it.
    pub fn what_to_do(&self) -> String {
        match self {
            FlowError::Expired => "Start the sign-in again and enter the new code within 15 minutes.".into(),
            FlowError::AccessDenied => "Start the sign-in again if that was a mistake, or paste a token instead.".into(),
            FlowError::IncorrectDeviceCode => "Start the sign-in again to get a fresh code.".into(),
            FlowError::IncorrectClientCredentials => "Check the OAuth App client ID in Advanced; it must be the client ID of an OAuth App on GitHub. Or paste a token instead.".into(),
            FlowError::UnsupportedGrantType => "The relay may be altering requests. Check the relay setting in Advanced, or paste a token instead.".into(),
            FlowError::DeviceFlowDisabled => "The OAuth App needs \"Enable Device Flow\" ticked in its settings on GitHub. Until then, paste a token instead.".into(),
            FlowError::GitHub { description: Some(text), .. } => format!("GitHub says: {text}. Start again, or paste a token instead."),
            FlowError::GitHub { description: None, .. } => "Start the sign-in again, or paste a token instead.".into(),
            FlowError::Http { status: 429 } => "Too many sign-in attempts (GitHub allows 50 codes per hour per app). Wait a while, or paste a token instead.".into(),
            FlowError::Http { .. } => "The relay may be down or misconfigured. Check the relay setting in Advanced, or paste a token instead.".into(),
            FlowError::Malformed(detail) => format!("The relay did not pass on GitHub's answer ({detail}). Check the relay setting in Advanced, or paste a token instead."),
            FlowError::RelayUnreachable { relay, .. } => format!("Nothing answered at {relay}. Check the relay setting in Advanced, or paste a token instead."),
            FlowError::PollingFailed { relay, failures, last } => format!(
                "The last {failures} checks for your approval at {relay} failed ({last}), so this sign-in stopped. Start again in a minute and enter the new code; if it keeps failing, the relay may be down: check the relay setting in Advanced, or paste a token instead."
            ),
            FlowError::UntrustedVerificationUri { uri, expected } => format!(
                "It said to enter the code at `{}`, not on {expected}, so no code is shown: the relay may be altering answers. Check the relay setting in Advanced, or paste a token instead.",
                crate::actions::version_shown(uri)
            ),
        }
    }

    fn from_code(code: &str, description: Option<String>) -> Self {
        match code {
            "expired_token" => FlowError::Expired,
            "access_denied" => FlowError::AccessDenied,
            "incorrect_device_code" => FlowError::IncorrectDeviceCode,
            "incorrect_client_credentials" => FlowError::IncorrectClientCredentials,
            "unsupported_grant_type" => FlowError::UnsupportedGrantType,
            "device_flow_disabled" => FlowError::DeviceFlowDisabled,
            other => FlowError::GitHub {
                code: other.to_string(),
                description,
            },
        }
    }
}

impl fmt::Display for FlowError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}. {}", self.title(), self.what_to_do())
    }
}

/// The device-flow state machine. See the module documentation.
#[derive(Debug, Clone)]
pub struct DeviceFlow {
    relay_base: String,
    /// Where the code may be entered: `verification_uri` must be on this
    /// origin (https, or http on loopback for the fake GitHub).
    web_base: String,
    client_id: String,
    scope: String,
    state: FlowState,
    device_code: Option<DeviceCode>,
    poll_in_flight: bool,
    poll_failures: u32,
    /// The code request [`DeviceFlow::begin`] queued, not handed out yet.
    start_due: Option<HttpRequest>,
    /// The request handed out by [`Program::due`] and not answered yet.
    sent: Option<(Ticket, Sent)>,
    /// Tickets handed out so far (their ids).
    tickets: u32,
}

/// Which request a ticket stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    Code,
    Poll,
}

impl DeviceFlow {
    /// A flow against the relay at `relay_base` (trailing `/` ignored) for the
    /// OAuth App `client_id`, asking for `scopes`.
    pub fn new(relay_base: &str, client_id: &str, scopes: &[&str]) -> Self {
        DeviceFlow {
            relay_base: relay_base.trim().trim_end_matches('/').to_string(),
            web_base: GITHUB_WEB.to_string(),
            client_id: client_id.trim().to_string(),
            scope: scopes.join(" "),
            state: FlowState::Idle,
            device_code: None,
            poll_in_flight: false,
            poll_failures: 0,
            start_due: None,
            sent: None,
            tickets: 0,
        }
    }

    /// The flow for a GitHub whose web pages are at `web_base` (see
    /// [`web_base_for`]); `https://github.com` unless set.
    pub fn with_web_base(mut self, web_base: &str) -> Self {
        self.web_base = web_base.trim().trim_end_matches('/').to_string();
        self
    }

    /// The relay base URL in use.
    pub fn relay_base(&self) -> &str {
        &self.relay_base
    }

    /// Where the flow stands.
    pub fn state(&self) -> &FlowState {
        &self.state
    }

    /// (Re)starts the flow: forgets any earlier attempt, enters
    /// [`FlowState::Requesting`] and returns the code request to send.
    pub fn start_request(&mut self) -> HttpRequest {
        self.state = FlowState::Requesting;
        self.device_code = None;
        self.poll_in_flight = false;
        self.poll_failures = 0;
        self.start_due = None;
        self.sent = None;
        let body = json!({ "client_id": self.client_id, "scope": self.scope });
        self.post("/login/device/code", body)
    }

    /// Handles the answer to the code request.
    pub fn on_code_response(&mut self, now_ms: u64, resp: &HttpResponse) -> Step {
        if self.state != FlowState::Requesting {
            return Step::Ignored;
        }
        match parse_code_answer(resp) {
            Ok(answer) => self.enter_waiting(now_ms, answer),
            Err(error) => self.fail(error),
        }
    }

    /// The poll request, if one may be sent at `now_ms`: only while waiting
    /// for the person, no earlier than `next_poll_at_ms`, and only one at a
    /// time. Past the code's expiry the flow fails with
    /// [`FlowError::Expired`] and `None` is returned.
    pub fn poll_request_at(&mut self, now_ms: u64) -> Option<HttpRequest> {
        let FlowState::WaitingForUser {
            expires_at_ms,
            next_poll_at_ms,
            ..
        } = self.state
        else {
            return None;
        };
        if now_ms >= expires_at_ms {
            self.fail(FlowError::Expired);
            return None;
        }
        if self.poll_in_flight || now_ms < next_poll_at_ms {
            return None;
        }
        let device_code = self.device_code.as_ref()?.0.clone();
        self.poll_in_flight = true;
        let body = json!({
            "client_id": self.client_id,
            "device_code": device_code,
            "grant_type": GRANT_TYPE,
        });
        Some(self.post("/login/oauth/access_token", body))
    }

    /// Whether a poll was sent and its answer has not come back yet.
    pub fn poll_in_flight(&self) -> bool {
        self.poll_in_flight
    }

    /// Handles the answer to a poll. A 5xx that is not GitHub's own answer
    /// (no `error` field) counts as a failed poll, retried at the interval
    /// like a lost answer (see [`DeviceFlow::on_transport_error`]).
    pub fn on_poll_response(&mut self, now_ms: u64, resp: &HttpResponse) -> Step {
        if !self.poll_in_flight || !matches!(self.state, FlowState::WaitingForUser { .. }) {
            return Step::Ignored;
        }
        self.poll_in_flight = false;
        if (500..600).contains(&resp.status) && !has_error_field(resp) {
            // A relay (or GitHub behind it) in trouble for a moment: the
            // person may be approving right now, so poll again.
            return self.poll_failed(now_ms, format!("HTTP {}", resp.status));
        }
        self.poll_failures = 0;
        match parse_poll_answer(resp) {
            PollAnswer::Token { token, scopes } => {
                self.device_code = None;
                self.state = FlowState::Done {
                    token: token.clone(),
                    scopes: scopes.clone(),
                };
                Step::Done { token, scopes }
            }
            PollAnswer::Pending => self.schedule_poll(now_ms, None),
            PollAnswer::SlowDown { interval_s } => self.schedule_poll(now_ms, Some(interval_s)),
            PollAnswer::Error(error) => self.fail(error),
        }
    }

    /// Handles a request that got no answer (relay unreachable, timeout).
    /// During the code request this fails at once; while polling, the poll
    /// is retried at the interval, and the sign-in ends with
    /// [`FlowError::PollingFailed`] after [`MAX_POLL_FAILURES`] in a row
    /// (5xx answers count too).
    pub fn on_transport_error(&mut self, now_ms: u64, err: &TransportFailure) -> Step {
        match self.state {
            FlowState::Requesting => self.fail(self.unreachable(err)),
            FlowState::WaitingForUser { .. } if self.poll_in_flight => {
                self.poll_in_flight = false;
                self.poll_failed(now_ms, err.to_string())
            }
            _ => Step::Ignored,
        }
    }

    /// A poll got no usable answer (`how`): poll again at the interval, or
    /// end the sign-in after [`MAX_POLL_FAILURES`] in a row.
    fn poll_failed(&mut self, now_ms: u64, how: String) -> Step {
        self.poll_failures += 1;
        if self.poll_failures >= MAX_POLL_FAILURES {
            let error = FlowError::PollingFailed {
                relay: self.relay_base.clone(),
                failures: self.poll_failures,
                last: how,
            };
            return self.fail(error);
        }
        self.schedule_poll(now_ms, None)
    }

    /// Stops the flow at any point; later answers are ignored. A token
    /// already received is forgotten too.
    pub fn cancel(&mut self) {
        self.state = FlowState::Cancelled;
        self.device_code = None;
        self.poll_in_flight = false;
        self.start_due = None;
        self.sent = None;
    }

    /// (Re)starts the flow as a [`Program`]: the code request goes out at
    /// the next [`Program::due`]; answers to anything sent before are
    /// ignored.
    pub fn begin(&mut self) {
        let request = self.start_request();
        self.start_due = Some(request);
    }

    fn ticket(&mut self, sent: Sent) -> Ticket {
        self.tickets = self.tickets.wrapping_add(1);
        let ticket = Ticket::new(0, self.tickets);
        self.sent = Some((ticket, sent));
        ticket
    }

    /// Whole seconds until the code expires, while waiting for the person.
    pub fn seconds_left(&self, now_ms: u64) -> Option<u64> {
        match self.state {
            FlowState::WaitingForUser { expires_at_ms, .. } => {
                Some(expires_at_ms.saturating_sub(now_ms) / 1000)
            }
            _ => None,
        }
    }

    fn post(&self, path: &str, body: Value) -> HttpRequest {
        HttpRequest {
            method: Method::Post,
            url: format!("{}{}", self.relay_base, path),
            headers: vec![
                ("Accept".into(), "application/json".into()),
                ("Content-Type".into(), "application/json".into()),
            ],
            body: Some(body.to_string()),
        }
    }

    fn enter_waiting(&mut self, now_ms: u64, answer: CodeAnswer) -> Step {
        if !on_web_base(&answer.verification_uri, &self.web_base) {
            let error = FlowError::UntrustedVerificationUri {
                uri: answer.verification_uri,
                expected: self.web_base.clone(),
            };
            self.state = FlowState::Failed(error.clone());
            return Step::Failed(error);
        }
        let expires_at_ms = now_ms.saturating_add(answer.expires_in_s.saturating_mul(1000));
        let next_poll_at_ms = now_ms.saturating_add(answer.interval_s.saturating_mul(1000));
        self.device_code = Some(answer.device_code);
        self.state = FlowState::WaitingForUser {
            user_code: answer.user_code.clone(),
            verification_uri: answer.verification_uri.clone(),
            expires_at_ms,
            interval_s: answer.interval_s,
            next_poll_at_ms,
        };
        Step::ShowCode {
            user_code: answer.user_code,
            verification_uri: answer.verification_uri,
            expires_at_ms,
            poll_at_ms: next_poll_at_ms,
        }
    }

    /// Plans the next poll `interval` after `now_ms` (a new interval from
    /// `slow_down` replaces the old one), or fails if the code has expired.
    fn schedule_poll(&mut self, now_ms: u64, slow_down_to: Option<Option<u64>>) -> Step {
        let FlowState::WaitingForUser {
            expires_at_ms,
            interval_s,
            next_poll_at_ms,
            ..
        } = &mut self.state
        else {
            return Step::Ignored;
        };
        if now_ms >= *expires_at_ms {
            return self.fail(FlowError::Expired);
        }
        if let Some(new_interval) = slow_down_to {
            let bumped = interval_s.saturating_add(SLOW_DOWN_STEP_S);
            // Never poll faster than before, whatever the answer says.
            *interval_s = new_interval.unwrap_or(bumped).max(*interval_s);
        }
        *next_poll_at_ms = now_ms.saturating_add(interval_s.saturating_mul(1000));
        Step::PollAt(*next_poll_at_ms)
    }

    fn fail(&mut self, error: FlowError) -> Step {
        self.state = FlowState::Failed(error.clone());
        self.device_code = None;
        self.poll_in_flight = false;
        Step::Failed(error)
    }

    fn unreachable(&self, err: &TransportFailure) -> FlowError {
        FlowError::RelayUnreachable {
            relay: self.relay_base.clone(),
            detail: err.to_string(),
        }
    }
}

impl Program for DeviceFlow {
    /// The code request after [`DeviceFlow::begin`]; then each poll once
    /// the interval in force has passed. Past the code's expiry nothing more
    /// is sent and the flow fails with [`FlowError::Expired`].
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        if self.sent.is_some() {
            return Vec::new();
        }
        if let Some(request) = self.start_due.take() {
            let ticket = self.ticket(Sent::Code);
            return vec![Outgoing { ticket, request }];
        }
        match self.poll_request_at(now_ms) {
            Some(request) => {
                let ticket = self.ticket(Sent::Poll);
                vec![Outgoing { ticket, request }]
            }
            None => Vec::new(),
        }
    }

    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) {
        let Some((_, sent)) = self.sent.take_if(|(t, _)| *t == ticket) else {
            return;
        };
        match (sent, result) {
            (Sent::Code, Ok(resp)) => self.on_code_response(now_ms, &resp),
            (Sent::Poll, Ok(resp)) => self.on_poll_response(now_ms, &resp),
            (_, Err(failure)) => self.on_transport_error(now_ms, &failure),
        };
    }

    /// The next poll, or the code's expiry if that comes first.
    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        if self.start_due.is_some() {
            return Some(now_ms);
        }
        match self.state {
            FlowState::WaitingForUser {
                expires_at_ms,
                next_poll_at_ms,
                ..
            } if self.sent.is_none() => Some(next_poll_at_ms.min(expires_at_ms)),
            _ => None,
        }
    }

    /// Signed in, failed, cancelled, or never begun.
    fn is_idle(&self) -> bool {
        self.start_due.is_none()
            && self.sent.is_none()
            && !matches!(
                self.state,
                FlowState::Requesting | FlowState::WaitingForUser { .. }
            )
    }
}

struct CodeAnswer {
    device_code: DeviceCode,
    user_code: String,
    verification_uri: String,
    expires_in_s: u64,
    interval_s: u64,
}

enum PollAnswer {
    Token {
        token: Secret,
        scopes: String,
    },
    Pending,
    /// `slow_down`, with the new interval if the answer named one.
    SlowDown {
        interval_s: Option<u64>,
    },
    Error(FlowError),
}

/// Reads a JSON object from the answer; an `error` field wins over the
/// HTTP status; an HTTP error without JSON becomes [`FlowError::Http`].
fn answer_object(resp: &HttpResponse) -> Result<Map<String, Value>, FlowError> {
    let success = (200..300).contains(&resp.status);
    let parsed: Option<Map<String, Value>> = serde_json::from_str::<Value>(&resp.body)
        .ok()
        .and_then(|value| match value {
            Value::Object(map) => Some(map),
            _ => None,
        });
    match parsed {
        Some(map) if map.contains_key("error") || success => Ok(map),
        _ if !success => Err(FlowError::Http {
            status: resp.status,
        }),
        _ => Err(FlowError::Malformed("not a JSON object".into())),
    }
}

/// Whether the answer is a JSON object with an `error` field (GitHub's own
/// answer, whatever its status).
fn has_error_field(resp: &HttpResponse) -> bool {
    serde_json::from_str::<Value>(&resp.body)
        .ok()
        .is_some_and(|value| value.get("error").is_some())
}

fn error_field(map: &Map<String, Value>) -> Option<FlowError> {
    let code = map.get("error")?;
    let code = code.as_str().unwrap_or("(not text)");
    let description = text_field(map, "error_description").ok();
    Some(FlowError::from_code(code, description))
}

fn text_field(map: &Map<String, Value>, name: &str) -> Result<String, FlowError> {
    match map.get(name).and_then(Value::as_str) {
        Some(text) if !text.trim().is_empty() => Ok(text.to_string()),
        _ => Err(FlowError::Malformed(format!("missing `{name}`"))),
    }
}

/// A whole number of seconds, sent as a number or as text.
fn seconds_field(map: &Map<String, Value>, name: &str) -> Option<u64> {
    match map.get(name)? {
        Value::Number(n) => n.as_u64(),
        Value::String(text) => text.trim().parse().ok(),
        _ => None,
    }
}

/// GitHub's web pages.
pub const GITHUB_WEB: &str = "https://github.com";

/// The web pages' base for an API base: `https://api.github.com` →
/// `https://github.com`, `https://HOST/api/v3` (GitHub Enterprise Server) →
/// `https://HOST`; anything else (the fake GitHub on loopback serves both)
/// is its own web base.
pub fn web_base_for(api_base: &str) -> String {
    let base = api_base.trim().trim_end_matches('/');
    if base.eq_ignore_ascii_case("https://api.github.com") {
        return GITHUB_WEB.to_string();
    }
    base.strip_suffix("/api/v3").unwrap_or(base).to_string()
}

/// Whether `uri` is a page on `web_base`'s origin: the same scheme and host
/// (and port), that scheme https — or http on a loopback host — and nothing
/// but visible characters.
pub fn on_web_base(uri: &str, web_base: &str) -> bool {
    let origin = |u: &str| -> Option<(String, String)> {
        let (scheme, rest) = u.split_once("://")?;
        let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
        Some((scheme.to_ascii_lowercase(), authority.to_ascii_lowercase()))
    };
    let (Some((scheme, host)), Some((want_scheme, want_host))) = (origin(uri), origin(web_base))
    else {
        return false;
    };
    let loopback = || {
        let name = host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h);
        matches!(name, "127.0.0.1" | "localhost" | "[::1]")
    };
    let visible = uri.chars().all(|c| c.is_ascii_graphic());
    visible
        && !host.is_empty()
        && !host.contains('@')
        && scheme == want_scheme
        && host == want_host
        && (scheme == "https" || (scheme == "http" && loopback()))
}

fn parse_code_answer(resp: &HttpResponse) -> Result<CodeAnswer, FlowError> {
    let map = answer_object(resp)?;
    if let Some(error) = error_field(&map) {
        return Err(error);
    }
    let expires_in_s = seconds_field(&map, "expires_in")
        .filter(|s| *s > 0)
        .ok_or_else(|| FlowError::Malformed("missing `expires_in`".into()))?;
    Ok(CodeAnswer {
        device_code: DeviceCode(text_field(&map, "device_code")?),
        user_code: text_field(&map, "user_code")?,
        verification_uri: text_field(&map, "verification_uri")?,
        expires_in_s,
        interval_s: seconds_field(&map, "interval")
            .filter(|s| *s > 0)
            .unwrap_or(DEFAULT_INTERVAL_S),
    })
}

fn parse_poll_answer(resp: &HttpResponse) -> PollAnswer {
    let map = match answer_object(resp) {
        Ok(map) => map,
        Err(error) => return PollAnswer::Error(error),
    };
    match map.get("error").and_then(Value::as_str) {
        Some("authorization_pending") => return PollAnswer::Pending,
        Some("slow_down") => {
            return PollAnswer::SlowDown {
                interval_s: seconds_field(&map, "interval").filter(|s| *s > 0),
            }
        }
        _ => {}
    }
    if let Some(error) = error_field(&map) {
        return PollAnswer::Error(error);
    }
    match text_field(&map, "access_token") {
        Ok(token) => PollAnswer::Token {
            token: Secret::new(token),
            scopes: map
                .get("scope")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
        },
        Err(error) => PollAnswer::Error(error),
    }
}
