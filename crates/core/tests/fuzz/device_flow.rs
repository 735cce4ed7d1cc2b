//! Fuzz target `device_flow`: the device-flow state machine driven by a
//! shell gone wrong — answers of any status, headers and body (valid code
//! and poll answers with fields of every type, damaged ones, arbitrary
//! JSON and text), transport errors, cancels and restarts, polls tried at
//! any virtual time from 0 to the end of `u64`.
//!
//! After every event the returned step must match the state, a poll must
//! only go out when the state allows it, and neither the device code nor
//! the token may appear in any `Debug` output.

use ghcr_setup_core::device_flow::{DeviceFlow, FlowState, Step};
use ghcr_setup_core::http::HttpResponse;
use proptest::prelude::*;
use serde_json::{json, Map, Value};

use super::harness::{Target, MIB};
use super::mutate::{json_value, mutated_json};

const DEFAULT_CASES: u32 = 2_000;

/// A flow is a few small strings; 4 MiB for a whole case is generous.
const MEMORY_CEILING: usize = 4 * MIB;

/// Device codes and tokens carry these, so leaks are easy to spot.
const CODE_MARK: &str = "SECRETDC";
const TOKEN_MARK: &str = "SECRETTOK";

/// One answer; `clean` when no edit could have moved a secret into a
/// field that is shown.
#[derive(Debug, Clone)]
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
    clean: bool,
}

impl Answer {
    fn response(&self) -> HttpResponse {
        HttpResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }
}

#[derive(Debug, Clone)]
enum Event {
    Wait(u64),
    Code(Answer),
    Poll,
    PollAnswer(Answer),
    Transport(String),
    Cancel,
    Restart,
}

fn seconds() -> impl Strategy<Value = Value> {
    prop_oneof![
        16 => (1u64..20).prop_map(Value::from),
        8 => (20u64..2_000).prop_map(Value::from),
        1 => Just(Value::from(u64::MAX)),
        1 => any::<u64>().prop_map(Value::from),
        1 => any::<i64>().prop_map(Value::from),
        1 => Just(json!(1.5)),
        1 => Just(json!("900")),
        1 => Just(json!(" 5 ")),
        1 => Just(json!("soon")),
        1 => Just(json!("99999999999999999999999")),
        1 => Just(Value::Null),
        1 => Just(json!([5])),
    ]
}

fn text_field() -> impl Strategy<Value = Value> {
    prop_oneof![
        20 => "[A-Z0-9]{4}-[A-Z0-9]{4}".prop_map(Value::from),
        4 => Just(json!("https://github.com/login/device")),
        1 => Just(json!("")),
        1 => Just(json!("   ")),
        1 => Just(Value::Null),
        1 => Just(json!(42)),
        1 => "\\PC{0,40}".prop_map(Value::from),
    ]
}

/// Leave some fields out: `mask` bit n drops field n.
fn object(fields: Vec<(&str, Value)>, mask: u16) -> String {
    let map: Map<String, Value> = fields
        .into_iter()
        .enumerate()
        .filter(|(n, _)| mask & (1 << n) == 0)
        .map(|(_, (k, v))| (k.to_string(), v))
        .collect();
    Value::Object(map).to_string()
}

fn code_body() -> impl Strategy<Value = String> {
    (
        "[a-f0-9]{0,12}",
        text_field(),
        text_field(),
        seconds(),
        seconds(),
        prop_oneof![8 => Just(0u16), 1 => any::<u16>()],
    )
        .prop_map(|(code, user, uri, expires, interval, mask)| {
            object(
                vec![
                    ("device_code", json!(format!("{CODE_MARK}{code}"))),
                    ("user_code", user),
                    ("verification_uri", uri),
                    ("expires_in", expires),
                    ("interval", interval),
                ],
                mask,
            )
        })
}

/// The answers that keep the flow waiting.
const WAITING: &[&str] = &[
    "authorization_pending",
    "authorization_pending",
    "slow_down",
];

/// The answers that end it, and unknown ones.
const ERRORS: &[&str] = &[
    "expired_token",
    "access_denied",
    "incorrect_device_code",
    "incorrect_client_credentials",
    "unsupported_grant_type",
    "device_flow_disabled",
    "something_new",
    "",
];

fn poll_body() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => (proptest::sample::select(WAITING), seconds(), text_field(), any::<u16>()).prop_map(
            |(error, interval, description, mask)| object(
                vec![
                    ("error", json!(error)),
                    ("interval", interval),
                    ("error_description", description),
                ],
                mask & 0b110,
            )
        ),
        1 => (proptest::sample::select(ERRORS), seconds(), text_field(), any::<u16>()).prop_map(
            |(error, interval, description, mask)| object(
                vec![
                    ("error", json!(error)),
                    ("interval", interval),
                    ("error_description", description),
                ],
                mask & 0b110,
            )
        ),
        2 => ("[A-Za-z0-9]{0,20}", text_field(), any::<u16>()).prop_map(|(token, scope, mask)| {
            object(
                vec![
                    ("access_token", json!(format!("gho_{TOKEN_MARK}{token}"))),
                    ("token_type", json!("bearer")),
                    ("scope", scope),
                ],
                mask & 0b110,
            )
        }),
    ]
}

fn seeds() -> Vec<Value> {
    [
        json!({"device_code": format!("{CODE_MARK}1"), "user_code": "ABCD-EFGH", "verification_uri": "https://github.com/login/device", "expires_in": 900, "interval": 5}),
        json!({"error": "slow_down", "interval": 10}),
        json!({"access_token": format!("gho_{TOKEN_MARK}1"), "token_type": "bearer", "scope": "repo"}),
    ]
    .to_vec()
}

fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        16 => Just(200u16),
        1 => proptest::sample::select(&[201u16, 204, 301, 400, 401, 403, 404, 422, 429, 500, 502, 503, 0][..]),
        1 => any::<u16>(),
    ]
}

fn headers() -> impl Strategy<Value = Vec<(String, String)>> {
    proptest::collection::vec(
        (
            prop_oneof![
                Just("Content-Type".to_string()),
                Just("Retry-After".to_string()),
                Just("X-RateLimit-Remaining".to_string()),
                "\\PC{0,12}",
            ],
            "\\PC{0,24}",
        ),
        0..3,
    )
}

fn answer(body: impl Strategy<Value = String>) -> impl Strategy<Value = Answer> {
    let body = prop_oneof![
        14 => body.prop_map(|b| (b, true)),
        2 => mutated_json(seeds(), 4).prop_map(|b| (b, false)),
        1 => json_value().prop_map(|v| (v.to_string(), true)),
        1 => any::<String>().prop_map(|b| (b, true)),
    ];
    (status(), headers(), body).prop_map(|(status, headers, (body, clean))| Answer {
        status,
        headers,
        body,
        clean,
    })
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        16 => prop_oneof![
            12 => 0u64..20_000,
            1 => any::<u64>(),
        ].prop_map(Event::Wait),
        6 => answer(code_body()).prop_map(Event::Code),
        20 => Just(Event::Poll),
        20 => answer(poll_body()).prop_map(Event::PollAnswer),
        4 => "\\PC{0,30}".prop_map(Event::Transport),
        1 => Just(Event::Cancel),
        1 => Just(Event::Restart),
    ]
}

#[derive(Debug, Clone)]
struct Script {
    relay: String,
    client_id: String,
    start_ms: u64,
    events: Vec<Event>,
}

fn script() -> impl Strategy<Value = Script> {
    (
        prop_oneof![
            4 => Just("http://127.0.0.1:8788/".to_string()),
            1 => "\\PC{0,30}",
        ],
        prop_oneof![4 => Just("Iv1.client".to_string()), 1 => "\\PC{0,20}"],
        prop_oneof![4 => 0u64..2_000_000_000_000, 1 => any::<u64>()],
        proptest::option::of((1u64..10, 60u64..1_000)),
        proptest::collection::vec(event(), 0..48),
    )
        .prop_map(|(relay, client_id, start_ms, code, mut events)| {
            // Half the flows get a valid code first, so that many reach polling.
            if let Some((interval, expires)) = code {
                let body = json!({
                    "device_code": format!("{CODE_MARK}0"),
                    "user_code": "ABCD-1234",
                    "verification_uri": "https://github.com/login/device",
                    "expires_in": expires,
                    "interval": interval,
                });
                events.insert(
                    0,
                    Event::Code(Answer {
                        status: 200,
                        headers: Vec::new(),
                        body: body.to_string(),
                        clean: true,
                    }),
                );
            }
            Script {
                relay,
                client_id,
                start_ms,
                events,
            }
        })
}

/// The step an event returned must agree with the state it left.
fn step_matches_state(
    step: &Step,
    before: &FlowState,
    after: &FlowState,
    now: u64,
) -> Result<(), TestCaseError> {
    match step {
        Step::ShowCode {
            user_code,
            verification_uri,
            expires_at_ms,
            poll_at_ms,
        } => {
            let FlowState::WaitingForUser {
                user_code: u,
                verification_uri: v,
                expires_at_ms: e,
                next_poll_at_ms: p,
                ..
            } = after
            else {
                return Err(TestCaseError::fail(format!("ShowCode left {after:?}")));
            };
            prop_assert!(
                u == user_code && v == verification_uri && e == expires_at_ms && p == poll_at_ms
            );
            prop_assert!(!user_code.trim().is_empty() && !verification_uri.trim().is_empty());
            prop_assert!(*poll_at_ms >= now && *expires_at_ms >= now);
        }
        Step::PollAt(at) => {
            let FlowState::WaitingForUser {
                next_poll_at_ms, ..
            } = after
            else {
                return Err(TestCaseError::fail(format!("PollAt left {after:?}")));
            };
            prop_assert_eq!(next_poll_at_ms, at);
            prop_assert!(*at >= now);
        }
        Step::Done { token, scopes } => {
            prop_assert_eq!(
                after,
                &FlowState::Done {
                    token: token.clone(),
                    scopes: scopes.clone()
                }
            );
        }
        Step::Failed(error) => {
            prop_assert_eq!(after, &FlowState::Failed(error.clone()));
            prop_assert!(!error.title().is_empty() && !error.what_to_do().is_empty());
        }
        Step::Ignored => prop_assert_eq!(after, before),
    }
    Ok(())
}

fn play(script: &Script) -> Result<&'static str, TestCaseError> {
    let mut flow = DeviceFlow::new(&script.relay, &script.client_id, &["repo", "read:org"]);
    let mut now = script.start_ms;
    let mut clean = true;
    let start = flow.start_request();
    prop_assert!(start.url.ends_with("/login/device/code"));
    for event in &script.events {
        let before = flow.state().clone();
        let step = match event {
            Event::Wait(ms) => {
                now = now.saturating_add(*ms);
                let _ = flow.seconds_left(now);
                None
            }
            Event::Code(answer) => {
                clean &= answer.clean;
                Some(flow.on_code_response(now, &answer.response()))
            }
            Event::PollAnswer(answer) => {
                clean &= answer.clean;
                Some(flow.on_poll_response(now, &answer.response()))
            }
            Event::Transport(error) => Some(flow.on_transport_error(
                now,
                &ghcr_setup_core::engine::TransportFailure::Unreachable(error.clone()),
            )),
            Event::Cancel => {
                flow.cancel();
                prop_assert_eq!(flow.state(), &FlowState::Cancelled);
                prop_assert!(!flow.poll_in_flight());
                None
            }
            Event::Restart => {
                let request = flow.start_request();
                prop_assert!(request.url.ends_with("/login/device/code"));
                prop_assert_eq!(flow.state(), &FlowState::Requesting);
                None
            }
            Event::Poll => {
                let was_in_flight = flow.poll_in_flight();
                let request = flow.poll_request_at(now);
                match (&before, &request) {
                    (
                        FlowState::WaitingForUser {
                            expires_at_ms,
                            next_poll_at_ms,
                            ..
                        },
                        Some(request),
                    ) => {
                        prop_assert!(
                            !was_in_flight && now >= *next_poll_at_ms && now < *expires_at_ms
                        );
                        prop_assert!(flow.poll_in_flight());
                        prop_assert!(request.url.ends_with("/login/oauth/access_token"));
                    }
                    (_, Some(request)) => {
                        return Err(TestCaseError::fail(format!(
                            "poll {request:?} sent in {before:?}"
                        )))
                    }
                    (FlowState::WaitingForUser { expires_at_ms, .. }, None)
                        if flow.state() != &before =>
                    {
                        prop_assert!(now >= *expires_at_ms);
                        prop_assert!(matches!(flow.state(), FlowState::Failed(_)));
                    }
                    (_, None) => prop_assert_eq!(flow.state(), &before),
                }
                None
            }
        };
        if let Some(step) = &step {
            step_matches_state(step, &before, flow.state(), now)?;
        }
        if clean {
            let shown = format!("{flow:?} {step:?}");
            prop_assert!(
                !shown.contains(CODE_MARK) && !shown.contains(TOKEN_MARK),
                "{}",
                shown
            );
        }
    }
    Ok(match flow.state() {
        FlowState::Idle => "idle",
        FlowState::Requesting => "requesting",
        FlowState::WaitingForUser { .. } => "waiting",
        FlowState::Done { .. } => "done",
        FlowState::Failed(_) => "failed",
        FlowState::Cancelled => "cancelled",
    })
}

pub fn run() {
    let target = Target::new("device_flow");
    target.run(DEFAULT_CASES, script(), |script| {
        let what = format!("{} events", script.events.len());
        let (result, cost) = target.case(what, || format!("{script:?}"), || play(&script));
        prop_assert!(
            cost.peak_bytes <= MEMORY_CEILING,
            "{} KiB",
            cost.peak_bytes / 1024
        );
        target.tally(result?);
        Ok(())
    });
}
