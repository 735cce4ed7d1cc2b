//! Tests of the device-flow state machine with a virtual clock.

use ghcr_setup_core::device_flow::{DeviceFlow, FlowError, FlowState, Step};
use ghcr_setup_core::engine::{Program, TransportFailure};
use ghcr_setup_core::http::{HttpResponse, Method};
use proptest::prelude::*;
use serde_json::{json, Value};

const RELAY: &str = "http://127.0.0.1:8788/";
const DEVICE_CODE: &str = "3584d83530557fdd1f46af8289938c8ef79f9dc5";

fn new_flow() -> DeviceFlow {
    DeviceFlow::new(RELAY, "Iv1.client", &["repo", "read:org", "read:packages"])
}

fn answer(status: u16, body: Value) -> HttpResponse {
    HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.to_string(),
    }
}

fn code_answer(interval: u64) -> HttpResponse {
    answer(
        200,
        json!({
            "device_code": DEVICE_CODE,
            "user_code": "WDJB-MJHT",
            "verification_uri": "https://github.com/login/device",
            "expires_in": 900,
            "interval": interval,
        }),
    )
}

fn error_answer(code: &str) -> HttpResponse {
    answer(
        200,
        json!({ "error": code, "error_description": "described" }),
    )
}

/// A flow waiting for the person, started at t = 0 with a 5 s interval.
fn waiting() -> DeviceFlow {
    let mut flow = new_flow();
    flow.start_request();
    flow.on_code_response(0, &code_answer(5));
    flow
}

fn interval_of(flow: &DeviceFlow) -> u64 {
    match flow.state() {
        FlowState::WaitingForUser { interval_s, .. } => *interval_s,
        other => panic!("not waiting: {other:?}"),
    }
}

fn unreachable(detail: &str) -> TransportFailure {
    TransportFailure::Unreachable(detail.into())
}

fn body_of(req: &ghcr_setup_core::http::HttpRequest) -> Value {
    serde_json::from_str(req.body.as_deref().expect("body")).expect("json body")
}

#[test]
fn happy_path() {
    let mut flow = new_flow();
    assert_eq!(flow.state(), &FlowState::Idle);

    let start = flow.start_request();
    assert_eq!(start.method, Method::Post);
    assert_eq!(start.url, "http://127.0.0.1:8788/login/device/code");
    assert!(start
        .headers
        .contains(&("Accept".into(), "application/json".into())));
    assert!(start
        .headers
        .contains(&("Content-Type".into(), "application/json".into())));
    assert_eq!(
        body_of(&start),
        json!({"client_id": "Iv1.client", "scope": "repo read:org read:packages"})
    );
    assert_eq!(flow.state(), &FlowState::Requesting);

    let shown = flow.on_code_response(1_000, &code_answer(5));
    assert_eq!(
        shown,
        Step::ShowCode {
            user_code: "WDJB-MJHT".into(),
            verification_uri: "https://github.com/login/device".into(),
            expires_at_ms: 901_000,
            poll_at_ms: 6_000,
        }
    );
    assert_eq!(flow.seconds_left(1_000), Some(900));
    assert_eq!(flow.seconds_left(900_500), Some(0));

    assert!(flow.poll_request_at(5_999).is_none(), "too early");
    let poll = flow.poll_request_at(6_000).expect("poll due");
    assert_eq!(poll.url, "http://127.0.0.1:8788/login/oauth/access_token");
    assert_eq!(
        body_of(&poll),
        json!({
            "client_id": "Iv1.client",
            "device_code": DEVICE_CODE,
            "grant_type": "urn:ietf:params:oauth:grant-type:device_code",
        })
    );
    assert!(flow.poll_request_at(6_000).is_none(), "one poll at a time");

    let pending = flow.on_poll_response(6_300, &error_answer("authorization_pending"));
    assert_eq!(pending, Step::PollAt(11_300));

    flow.poll_request_at(11_300).expect("second poll");
    let done = flow.on_poll_response(
        11_500,
        &answer(
            200,
            json!({"access_token": "gho_abc", "token_type": "bearer", "scope": "repo,read:org"}),
        ),
    );
    let Step::Done { token, scopes } = done else {
        panic!("expected Done, got {done:?}");
    };
    assert_eq!(token.expose(), "gho_abc");
    assert_eq!(scopes, "repo,read:org");
    assert!(matches!(flow.state(), FlowState::Done { .. }));
    assert!(flow.poll_request_at(20_000).is_none());
    assert_eq!(flow.seconds_left(20_000), None);
}

#[test]
fn device_code_and_token_never_appear_in_debug() {
    let mut flow = waiting();
    assert!(!format!("{flow:?}").contains(DEVICE_CODE));
    let poll = flow.poll_request_at(5_000).expect("poll");
    assert!(!format!("{poll:?}").contains(DEVICE_CODE));
    flow.on_poll_response(5_100, &answer(200, json!({"access_token": "gho_secret"})));
    assert!(!format!("{flow:?}").contains("gho_secret"));
}

#[test]
fn each_error_code_fails_with_its_own_error() {
    let cases = [
        ("expired_token", FlowError::Expired),
        ("access_denied", FlowError::AccessDenied),
        ("incorrect_device_code", FlowError::IncorrectDeviceCode),
        (
            "incorrect_client_credentials",
            FlowError::IncorrectClientCredentials,
        ),
        ("unsupported_grant_type", FlowError::UnsupportedGrantType),
        ("device_flow_disabled", FlowError::DeviceFlowDisabled),
        (
            "something_new",
            FlowError::GitHub {
                code: "something_new".into(),
                description: Some("described".into()),
            },
        ),
    ];
    for (code, expected) in cases {
        for status in [200, 400] {
            let mut flow = waiting();
            flow.poll_request_at(5_000).expect("poll");
            let mut resp = error_answer(code);
            resp.status = status;
            let step = flow.on_poll_response(5_100, &resp);
            assert_eq!(step, Step::Failed(expected.clone()), "{code} {status}");
            assert_eq!(flow.state(), &FlowState::Failed(expected.clone()));
            assert!(flow.poll_request_at(100_000).is_none());
        }
    }
}

#[test]
fn errors_on_the_code_request_are_read_too() {
    let mut flow = new_flow();
    flow.start_request();
    let step = flow.on_code_response(0, &answer(400, json!({"error": "device_flow_disabled"})));
    assert_eq!(step, Step::Failed(FlowError::DeviceFlowDisabled));
    assert_eq!(
        FlowError::DeviceFlowDisabled.what_to_do(),
        "The OAuth App needs \"Enable Device Flow\" ticked in its settings on GitHub. Until then, paste a token instead."
    );
}

#[test]
fn every_error_has_specific_text() {
    let errors = [
        FlowError::Expired,
        FlowError::AccessDenied,
        FlowError::IncorrectDeviceCode,
        FlowError::IncorrectClientCredentials,
        FlowError::UnsupportedGrantType,
        FlowError::DeviceFlowDisabled,
        FlowError::GitHub {
            code: "x".into(),
            description: None,
        },
        FlowError::Http { status: 502 },
        FlowError::Malformed("m".into()),
        FlowError::RelayUnreachable {
            relay: "http://r".into(),
            detail: "d".into(),
        },
        FlowError::PollingFailed {
            relay: "http://r".into(),
            failures: 3,
            last: "HTTP 502".into(),
        },
    ];
    let mut titles: Vec<String> = errors.iter().map(FlowError::title).collect();
    titles.sort();
    titles.dedup();
    assert_eq!(titles.len(), errors.len());
    let mut advice: Vec<String> = errors.iter().map(FlowError::what_to_do).collect();
    advice.sort();
    advice.dedup();
    assert_eq!(advice.len(), errors.len());
}

#[test]
fn slow_down_adopts_the_new_interval_twice() {
    let mut flow = waiting();
    flow.poll_request_at(5_000).expect("poll 1");
    let step = flow.on_poll_response(
        5_000,
        &answer(200, json!({"error": "slow_down", "interval": 10})),
    );
    assert_eq!(step, Step::PollAt(15_000));
    assert_eq!(interval_of(&flow), 10);
    assert!(flow.poll_request_at(14_999).is_none());

    flow.poll_request_at(15_000).expect("poll 2");
    // No interval in the answer: add 5 s.
    let step = flow.on_poll_response(15_000, &error_answer("slow_down"));
    assert_eq!(step, Step::PollAt(30_000));
    assert_eq!(interval_of(&flow), 15);

    flow.poll_request_at(30_000).expect("poll 3");
    let step = flow.on_poll_response(30_000, &error_answer("authorization_pending"));
    assert_eq!(step, Step::PollAt(45_000), "the slower interval stays");
}

#[test]
fn slow_down_never_speeds_up() {
    let mut flow = waiting();
    flow.poll_request_at(5_000).expect("poll");
    flow.on_poll_response(
        5_000,
        &answer(200, json!({"error": "slow_down", "interval": 1})),
    );
    assert_eq!(interval_of(&flow), 5);
}

#[test]
fn expiry_without_answer_fails_the_flow() {
    let mut flow = waiting();
    assert!(flow.poll_request_at(900_000).is_none());
    assert_eq!(flow.state(), &FlowState::Failed(FlowError::Expired));
}

#[test]
fn pending_after_expiry_fails_the_flow() {
    let mut flow = waiting();
    flow.poll_request_at(899_000).expect("last poll");
    let step = flow.on_poll_response(900_100, &error_answer("authorization_pending"));
    assert_eq!(step, Step::Failed(FlowError::Expired));
}

#[test]
fn cancel_stops_everything() {
    let mut flow = waiting();
    flow.poll_request_at(5_000).expect("poll");
    flow.cancel();
    assert_eq!(flow.state(), &FlowState::Cancelled);
    let late = answer(200, json!({"access_token": "gho_late"}));
    assert_eq!(flow.on_poll_response(5_100, &late), Step::Ignored);
    assert_eq!(
        flow.on_transport_error(5_100, &unreachable("x")),
        Step::Ignored
    );
    assert!(flow.poll_request_at(60_000).is_none());
    assert_eq!(flow.state(), &FlowState::Cancelled);

    let mut requesting = new_flow();
    requesting.start_request();
    requesting.cancel();
    assert_eq!(
        requesting.on_code_response(0, &code_answer(5)),
        Step::Ignored
    );
    assert_eq!(requesting.state(), &FlowState::Cancelled);
}

#[test]
fn restart_after_failure_begins_anew() {
    let mut flow = waiting();
    flow.poll_request_at(900_000);
    assert_eq!(flow.state(), &FlowState::Failed(FlowError::Expired));
    flow.start_request();
    assert_eq!(flow.state(), &FlowState::Requesting);
    assert!(matches!(
        flow.on_code_response(1_000_000, &code_answer(5)),
        Step::ShowCode { .. }
    ));
}

#[test]
fn answers_out_of_turn_are_ignored() {
    let mut idle = new_flow();
    assert_eq!(idle.on_code_response(0, &code_answer(5)), Step::Ignored);
    let mut flow = waiting();
    // No poll was sent, so an access-token answer is stale.
    let stray = answer(200, json!({"access_token": "gho_x"}));
    assert_eq!(flow.on_poll_response(6_000, &stray), Step::Ignored);
    assert_eq!(flow.on_code_response(6_000, &code_answer(5)), Step::Ignored);
    assert!(matches!(flow.state(), FlowState::WaitingForUser { .. }));
}

#[test]
fn malformed_answers_fail_clearly() {
    let cases = [
        (
            HttpResponse {
                status: 200,
                headers: vec![],
                body: "<html>".into(),
            },
            "not a JSON object",
        ),
        (
            HttpResponse {
                status: 200,
                headers: vec![],
                body: "[1]".into(),
            },
            "not a JSON object",
        ),
        (
            answer(
                200,
                json!({"user_code": "A", "verification_uri": "https://github.com/login/device", "expires_in": 900}),
            ),
            "device_code",
        ),
        (
            answer(
                200,
                json!({"device_code": "d", "verification_uri": "https://github.com/login/device", "expires_in": 900}),
            ),
            "user_code",
        ),
        (
            answer(
                200,
                json!({"device_code": "d", "user_code": "A", "expires_in": 900}),
            ),
            "verification_uri",
        ),
        (
            answer(
                200,
                json!({"device_code": "d", "user_code": "A", "verification_uri": "https://github.com/login/device"}),
            ),
            "expires_in",
        ),
    ];
    for (resp, mentions) in cases {
        let mut flow = new_flow();
        flow.start_request();
        match flow.on_code_response(0, &resp) {
            Step::Failed(FlowError::Malformed(detail)) => {
                assert!(detail.contains(mentions), "{detail} / {mentions}")
            }
            other => panic!("expected Malformed for {resp:?}, got {other:?}"),
        }
    }
    let mut flow = waiting();
    flow.poll_request_at(5_000).expect("poll");
    let step = flow.on_poll_response(5_000, &answer(200, json!({"token_type": "bearer"})));
    assert!(
        matches!(step, Step::Failed(FlowError::Malformed(_))),
        "{step:?}"
    );
}

#[test]
fn missing_interval_defaults_to_five_seconds() {
    let mut flow = new_flow();
    flow.start_request();
    let resp = answer(
        200,
        json!({"device_code": "d", "user_code": "A", "verification_uri": "https://github.com/login/device", "expires_in": "900"}),
    );
    let Step::ShowCode {
        poll_at_ms,
        expires_at_ms,
        ..
    } = flow.on_code_response(0, &resp)
    else {
        panic!("expected ShowCode");
    };
    assert_eq!((poll_at_ms, expires_at_ms), (5_000, 900_000));
}

#[test]
fn http_errors_without_error_field() {
    let mut flow = new_flow();
    flow.start_request();
    let resp = HttpResponse {
        status: 502,
        headers: vec![],
        body: "Bad Gateway".into(),
    };
    assert_eq!(
        flow.on_code_response(0, &resp),
        Step::Failed(FlowError::Http { status: 502 })
    );

    let mut flow = waiting();
    flow.poll_request_at(5_000).expect("poll");
    let resp = answer(404, json!({"message": "Not Found"}));
    assert_eq!(
        flow.on_poll_response(5_000, &resp),
        Step::Failed(FlowError::Http { status: 404 })
    );
}

#[test]
fn unreachable_relay_is_named() {
    let mut flow = new_flow();
    flow.start_request();
    let step = flow.on_transport_error(0, &unreachable("connection refused"));
    let Step::Failed(error) = step else {
        panic!("expected failure");
    };
    assert_eq!(
        error,
        FlowError::RelayUnreachable {
            relay: "http://127.0.0.1:8788".into(),
            detail: "could not connect (connection refused)".into()
        }
    );
    let advice = error.what_to_do();
    assert!(advice.contains("http://127.0.0.1:8788"));
    assert!(advice.contains("Advanced"));
    assert!(advice.contains("paste a token"));
}

#[test]
fn transport_errors_while_polling_retry_then_fail() {
    let mut flow = waiting();
    let mut now = 5_000;
    for _ in 0..2 {
        flow.poll_request_at(now).expect("poll");
        let step = flow.on_transport_error(now + 100, &TransportFailure::Timeout);
        assert_eq!(step, Step::PollAt(now + 5_100));
        now += 5_100;
    }
    flow.poll_request_at(now).expect("poll");
    let step = flow.on_transport_error(now, &TransportFailure::Timeout);
    assert_eq!(
        step,
        Step::Failed(FlowError::PollingFailed {
            relay: "http://127.0.0.1:8788".into(),
            failures: 3,
            last: "no answer within the time limit".into(),
        })
    );
}

#[derive(Debug, Clone)]
enum Event {
    Wait(u64),
    TryPoll,
    Pending,
    SlowDown(Option<u64>),
    Transport,
}

fn event() -> impl Strategy<Value = Event> {
    prop_oneof![
        (0u64..12_000).prop_map(Event::Wait),
        Just(Event::TryPoll),
        Just(Event::TryPoll),
        Just(Event::Pending),
        proptest::option::of(0u64..30).prop_map(Event::SlowDown),
        Just(Event::Transport),
    ]
}

proptest! {
    /// Whatever the shell does, two polls are never closer than the
    /// interval in force, and the first waits one interval after the code.
    #[test]
    fn polls_are_never_too_close(interval in 1u64..10, events in proptest::collection::vec(event(), 0..200)) {
        let mut flow = new_flow();
        flow.start_request();
        flow.on_code_response(0, &code_answer(interval));
        let mut now = 0u64;
        let mut last_poll: Option<u64> = None;
        let mut min_gap = interval * 1_000;
        prop_assert!(flow.poll_request_at(0).is_none());
        for event in events {
            match event {
                Event::Wait(ms) => now += ms,
                Event::TryPoll => {
                    let current = match flow.state() {
                        FlowState::WaitingForUser { interval_s, .. } => *interval_s,
                        _ => 0,
                    };
                    if flow.poll_request_at(now).is_some() {
                        let since = now - last_poll.unwrap_or(0);
                        prop_assert!(since >= current * 1_000, "poll after {since} ms, interval {current} s");
                        prop_assert!(current * 1_000 >= min_gap, "interval shrank");
                        min_gap = current * 1_000;
                        last_poll = Some(now);
                    }
                }
                Event::Pending => { flow.on_poll_response(now, &error_answer("authorization_pending")); }
                Event::SlowDown(interval) => {
                    let body = match interval {
                        Some(s) => json!({"error": "slow_down", "interval": s}),
                        None => json!({"error": "slow_down"}),
                    };
                    flow.on_poll_response(now, &answer(200, body));
                }
                Event::Transport => { flow.on_transport_error(now, &unreachable("down")); }
            }
        }
    }
}

// ---- The flow as an `engine::Program`, driven with a virtual clock ----

/// How long each virtual request takes.
const LATENCY_MS: u64 = 200;

/// Drives `flow` (after [`DeviceFlow::begin`]) the way every shell's driver
/// does, with a virtual clock starting at 0: sends what `due` hands out,
/// answers each request with `reply` `LATENCY_MS` later, and jumps to
/// `next_wake` when nothing is due. Returns each request's path and send time.
fn drive_virtually(
    flow: &mut DeviceFlow,
    mut reply: impl FnMut(&str) -> Result<HttpResponse, TransportFailure>,
) -> Vec<(String, u64)> {
    flow.begin();
    let mut now = 0;
    let mut sent = Vec::new();
    for _ in 0..1_000 {
        let due = flow.due(now);
        let idle_wake = due.is_empty();
        for out in due {
            let path = out.request.url.trim_start_matches("http://127.0.0.1:8788");
            sent.push((path.to_string(), now));
            let result = reply(path);
            now += LATENCY_MS;
            flow.answered(out.ticket, now, result);
        }
        if flow.is_idle() {
            return sent;
        }
        match flow.next_wake(now) {
            Some(at) if at > now => now = at,
            Some(_) if !idle_wake => {}
            other => panic!(
                "the flow is stuck at {now} ms (wake {other:?}): {:?}",
                flow.state()
            ),
        }
    }
    panic!("the flow never ended: {:?}", flow.state());
}

const CODE_PATH: &str = "/login/device/code";
const POLL_PATH: &str = "/login/oauth/access_token";

/// Answers the code request with `code_answer(5)`, then each poll with the
/// next of `polls` (the last one repeats).
fn scripted(
    polls: Vec<Result<HttpResponse, TransportFailure>>,
) -> impl FnMut(&str) -> Result<HttpResponse, TransportFailure> {
    let mut n = 0;
    move |path| {
        if path == CODE_PATH {
            return Ok(code_answer(5));
        }
        assert_eq!(path, POLL_PATH);
        let i = n.min(polls.len() - 1);
        n += 1;
        polls[i].clone()
    }
}

fn pending() -> Result<HttpResponse, TransportFailure> {
    Ok(error_answer("authorization_pending"))
}

fn token() -> Result<HttpResponse, TransportFailure> {
    Ok(answer(
        200,
        json!({"access_token": "gho_program", "scope": "repo,read:org"}),
    ))
}

fn poll_times(sent: &[(String, u64)]) -> Vec<u64> {
    sent.iter()
        .filter(|(path, _)| path == POLL_PATH)
        .map(|(_, at)| *at)
        .collect()
}

#[test]
fn program_polls_at_the_interval_until_the_token() {
    let mut flow = new_flow();
    let sent = drive_virtually(&mut flow, scripted(vec![pending(), pending(), token()]));
    assert_eq!(sent[0], (CODE_PATH.to_string(), 0));
    // The code arrives at 200 ms; each poll waits 5 s after the last answer.
    assert_eq!(poll_times(&sent), vec![5_200, 10_400, 15_600]);
    let FlowState::Done { token, scopes } = flow.state() else {
        panic!("not signed in: {:?}", flow.state());
    };
    assert_eq!(token.expose(), "gho_program");
    assert_eq!(scopes, "repo,read:org");
    assert!(flow.is_idle());
    assert_eq!(flow.next_wake(20_000), None);
    assert!(flow.due(100_000).is_empty(), "nothing after the token");
}

#[test]
fn program_slow_down_raises_the_interval() {
    let mut flow = new_flow();
    let slow_to_20 = Ok(answer(200, json!({"error": "slow_down", "interval": 20})));
    let sent = drive_virtually(
        &mut flow,
        scripted(vec![
            Ok(error_answer("slow_down")),
            pending(),
            slow_to_20,
            pending(),
            token(),
        ]),
    );
    let times = poll_times(&sent);
    let gaps: Vec<u64> = times.windows(2).map(|w| w[1] - w[0]).collect();
    // +5 s after a bare slow_down, kept after a pending; then the named 20 s.
    assert_eq!(gaps, vec![10_200, 10_200, 20_200, 20_200]);
    assert!(matches!(flow.state(), FlowState::Done { .. }));
}

#[test]
fn program_expired_token_ends_it_with_a_clear_message() {
    let mut flow = new_flow();
    drive_virtually(
        &mut flow,
        scripted(vec![pending(), Ok(error_answer("expired_token"))]),
    );
    assert_eq!(flow.state(), &FlowState::Failed(FlowError::Expired));
    assert_eq!(
        FlowError::Expired.to_string(),
        "The sign-in code expired. Start the sign-in again and enter the new code within 15 minutes."
    );
}

#[test]
fn program_access_denied_ends_it() {
    let mut flow = new_flow();
    let sent = drive_virtually(&mut flow, scripted(vec![Ok(error_answer("access_denied"))]));
    assert_eq!(poll_times(&sent), vec![5_200]);
    assert_eq!(flow.state(), &FlowState::Failed(FlowError::AccessDenied));
    assert_eq!(
        FlowError::AccessDenied.to_string(),
        "Sign-in was cancelled on GitHub. Start the sign-in again if that was a mistake, or paste a token instead."
    );
}

#[test]
fn program_wakes_at_the_expiry_and_stops_polling() {
    let mut flow = new_flow();
    let sent = drive_virtually(&mut flow, scripted(vec![pending()]));
    assert_eq!(flow.state(), &FlowState::Failed(FlowError::Expired));
    let times = poll_times(&sent);
    // The code (answered at 200 ms) is valid for 900 s: no poll at or after.
    assert!(*times.last().expect("polls") < 900_200);
    assert_eq!(
        times.len(),
        173,
        "one poll every 5.2 s until the expiry (900_200 / 5_200)"
    );
}

#[test]
fn program_retries_a_lost_answer_at_the_interval() {
    let mut flow = new_flow();
    let sent = drive_virtually(
        &mut flow,
        scripted(vec![Err(TransportFailure::Timeout), pending(), token()]),
    );
    assert_eq!(poll_times(&sent), vec![5_200, 10_400, 15_600]);
    assert!(matches!(flow.state(), FlowState::Done { .. }));
}

#[test]
fn program_ignores_answers_from_before_a_restart_or_cancel() {
    let mut flow = new_flow();
    flow.begin();
    let first = flow.due(0).pop().expect("code request");
    assert!(flow.due(0).is_empty(), "one request at a time");
    flow.begin();
    let second = flow.due(10).pop().expect("code request again");
    flow.answered(first.ticket, 20, Ok(code_answer(5)));
    assert_eq!(
        flow.state(),
        &FlowState::Requesting,
        "the old answer is ignored"
    );
    flow.answered(second.ticket, 30, Ok(code_answer(5)));
    assert!(matches!(flow.state(), FlowState::WaitingForUser { .. }));
    assert_eq!(flow.next_wake(30), Some(5_030));

    let poll = flow.due(5_030).pop().expect("poll");
    flow.cancel();
    flow.answered(poll.ticket, 5_100, token());
    assert_eq!(flow.state(), &FlowState::Cancelled);
    assert!(flow.is_idle());
    assert!(flow.due(10_000).is_empty());
}

#[test]
fn program_code_request_unreachable_fails_at_once() {
    let mut flow = new_flow();
    let sent = drive_virtually(&mut flow, |_| Err(unreachable("refused")));
    assert_eq!(sent.len(), 1);
    assert!(matches!(
        flow.state(),
        FlowState::Failed(FlowError::RelayUnreachable { .. })
    ));
}

// ---- A relay in trouble for a moment while polling ----

fn relay_error(status: u16) -> Result<HttpResponse, TransportFailure> {
    Ok(HttpResponse {
        status,
        headers: vec![("Content-Type".into(), "text/html".into())],
        body: "<h1>Bad Gateway</h1>".into(),
    })
}

#[test]
fn a_5xx_while_polling_is_retried_at_the_interval() {
    let mut flow = new_flow();
    let sent = drive_virtually(
        &mut flow,
        scripted(vec![relay_error(502), relay_error(503), token()]),
    );
    assert_eq!(poll_times(&sent), vec![5_200, 10_400, 15_600]);
    assert!(matches!(flow.state(), FlowState::Done { .. }));
}

#[test]
fn failures_must_be_in_a_row_to_end_the_sign_in() {
    let mut flow = new_flow();
    drive_virtually(
        &mut flow,
        scripted(vec![
            relay_error(502),
            relay_error(502),
            pending(),
            relay_error(502),
            Err(TransportFailure::Timeout),
            token(),
        ]),
    );
    assert!(matches!(flow.state(), FlowState::Done { .. }));
}

#[test]
fn three_failed_polls_in_a_row_end_it_with_what_failed_and_what_to_do() {
    let mut flow = new_flow();
    let sent = drive_virtually(
        &mut flow,
        scripted(vec![
            Err(TransportFailure::Timeout),
            relay_error(500),
            relay_error(502),
        ]),
    );
    assert_eq!(poll_times(&sent).len(), 3);
    let FlowState::Failed(error) = flow.state() else {
        panic!("not failed: {:?}", flow.state());
    };
    assert_eq!(
        error,
        &FlowError::PollingFailed {
            relay: "http://127.0.0.1:8788".into(),
            failures: 3,
            last: "HTTP 502".into(),
        }
    );
    assert_eq!(
        error.to_string(),
        "Lost contact with the sign-in relay while waiting for approval. The last 3 checks for your approval at http://127.0.0.1:8788 failed (HTTP 502), so this sign-in stopped. Start again in a minute and enter the new code; if it keeps failing, the relay may be down: check the relay setting in Advanced, or paste a token instead."
    );
}

#[test]
fn a_5xx_carrying_githubs_error_is_githubs_answer() {
    let mut flow = waiting();
    flow.poll_request_at(5_000).expect("poll");
    let mut resp = error_answer("access_denied");
    resp.status = 500;
    assert_eq!(
        flow.on_poll_response(5_100, &resp),
        Step::Failed(FlowError::AccessDenied)
    );
}

#[test]
fn a_5xx_on_the_code_request_still_ends_it_at_once() {
    let mut flow = new_flow();
    let sent = drive_virtually(&mut flow, |_| relay_error(502));
    assert_eq!(sent.len(), 1);
    assert_eq!(
        flow.state(),
        &FlowState::Failed(FlowError::Http { status: 502 })
    );
}
