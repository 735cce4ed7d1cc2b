//! The request engine: concurrency cap, retries (and what is never retried),
//! `Retry-After`, write spacing, conditional requests and `304`s, and stale
//! answers from before a restart.

use crate::support;

use ghcr_setup_core::api::{ApiError, Endpoint, EtagCache, RetryPolicy};
use ghcr_setup_core::engine::{Scheduler, TransportFailure, WRITE_SPACING_MS};
use ghcr_setup_core::http::HttpResponse;
use ghcr_setup_core::names::{Login, RepoSlug};
use ghcr_setup_core::token::Secret;
use support::{Canned, FaultKind, Script, BASE};

fn slug(s: &str) -> RepoSlug {
    RepoSlug::parse(s).unwrap()
}

fn sched() -> Scheduler<u32> {
    Scheduler::new(BASE, Some(Secret::new("ghp_test")), EtagCache::new())
}

fn ok(body: &str) -> HttpResponse {
    HttpResponse {
        status: 200,
        headers: vec![("ETag".into(), "\"e1\"".into())],
        body: body.into(),
    }
}

fn status(code: u16) -> HttpResponse {
    HttpResponse {
        status: code,
        headers: Vec::new(),
        body: r#"{"message":"x"}"#.into(),
    }
}

#[test]
fn sends_at_most_the_cap_at_once_and_the_rest_after_answers() {
    let mut s = sched().with_max_in_flight(3);
    for i in 0..5 {
        s.submit(
            i,
            Endpoint::Repo {
                repo: slug(&format!("o/r{i}")),
            },
            None,
        );
    }
    let first = s.due(0);
    assert_eq!(first.len(), 3);
    assert!(
        s.due(0).is_empty(),
        "nothing more while three are in flight"
    );
    assert_eq!(s.next_wake(0), None, "held back by the cap, not by time");
    let got = s.answered(first[0].ticket, 10, Ok(ok("{}")));
    assert_eq!(got.map(|(k, r)| (k, r.is_ok())), Some((0, true)));
    assert_eq!(s.due(10).len(), 1);
}

#[test]
fn a_500_that_clears_after_one_try_is_retried_with_backoff() {
    let mut s = sched();
    s.submit(7, Endpoint::User, None);
    let out = s.due(1_000);
    assert!(
        s.answered(out[0].ticket, 1_100, Ok(status(500))).is_none(),
        "retried, not final"
    );
    let wake = s.next_wake(1_100).expect("a retry is scheduled");
    assert_eq!(wake, 1_100 + RetryPolicy::default().base_delay_ms);
    assert!(s.due(wake - 1).is_empty(), "never early");
    let again = s.due(wake);
    assert_eq!(again.len(), 1);
    let (key, result) = s
        .answered(again[0].ticket, wake + 50, Ok(ok(r#"{"login":"a"}"#)))
        .unwrap();
    assert_eq!(key, 7);
    assert!(result.is_ok());
    assert_eq!(s.stats().retried, 1);
    assert_eq!(s.stats().sent, 2);
}

#[test]
fn network_failures_and_timeouts_are_retried_then_reported() {
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    let mut now = 0;
    let attempts = RetryPolicy::default().max_attempts;
    for attempt in 1..=attempts {
        let out = s.due(now);
        assert_eq!(out.len(), 1, "attempt {attempt}");
        let failure = if attempt % 2 == 0 {
            TransportFailure::Timeout
        } else {
            TransportFailure::Unreachable("refused".into())
        };
        match s.answered(out[0].ticket, now, Err(failure)) {
            None => now = s.next_wake(now).unwrap(),
            Some((_, result)) => {
                assert_eq!(attempt, attempts);
                assert!(matches!(
                    result,
                    Err(ApiError::Network(_)) | Err(ApiError::Timeout)
                ));
                return;
            }
        }
    }
    panic!("never gave up");
}

#[test]
fn a_write_that_creates_something_is_handed_back_not_retried_when_its_answer_is_lost() {
    let repo = slug("o/r");
    let creating = [
        Endpoint::PostRef { repo: repo.clone() },
        Endpoint::PostPull { repo: repo.clone() },
        Endpoint::PutContents {
            repo: repo.clone(),
            path: ghcr_setup_core::names::RepoPath::parse(".github/workflows/docker-image.yml")
                .unwrap(),
        },
    ];
    let lost = [
        Err(TransportFailure::Timeout),
        Err(TransportFailure::Unreachable("reset".into())),
        Ok(status(502)),
    ];
    for endpoint in &creating {
        assert!(!endpoint.is_idempotent(), "{endpoint:?}");
        for answer in &lost {
            let mut s = sched();
            s.submit(1, endpoint.clone(), Some("{}".into()));
            let out = s.due(0);
            let (key, result) = s
                .answered(out[0].ticket, 100, answer.clone())
                .unwrap_or_else(|| panic!("{endpoint:?} after {answer:?} was scheduled again"));
            assert_eq!(key, 1);
            assert!(result.unwrap_err().outcome_unknown());
            assert!(s.is_idle(), "nothing queued: {endpoint:?}");
            assert_eq!(s.stats().retried, 0);
        }
    }
    // A setting PUT twice is the same setting: retried as before.
    let mut s = sched();
    s.submit(
        2,
        Endpoint::PutRepoWorkflowPermissions { repo: repo.clone() },
        Some("{}".into()),
    );
    let out = s.due(0);
    assert!(s
        .answered(out[0].ticket, 100, Err(TransportFailure::Timeout))
        .is_none());
    assert_eq!(s.stats().retried, 1);
    // A secondary rate limit refused the write: it is sent again after the wait.
    let mut s = sched();
    s.submit(3, Endpoint::PostPull { repo }, Some("{}".into()));
    let out = s.due(0);
    let limited = HttpResponse {
        status: 403,
        headers: vec![("Retry-After".into(), "2".into())],
        body: r#"{"message":"You have exceeded a secondary rate limit."}"#.into(),
    };
    assert!(s.answered(out[0].ticket, 100, Ok(limited)).is_none());
    assert_eq!(s.stats().retried, 1);
}

#[test]
fn client_errors_and_the_primary_limit_are_not_retried() {
    for code in [401, 403, 404, 422] {
        let mut s = sched();
        s.submit(1, Endpoint::User, None);
        let out = s.due(0);
        let (_, result) = s
            .answered(out[0].ticket, 5, Ok(status(code)))
            .expect("final at once");
        assert!(result.is_err(), "{code}");
        assert!(s.is_idle());
    }
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    let out = s.due(0);
    let limited = HttpResponse {
        status: 403,
        headers: vec![
            ("X-RateLimit-Remaining".into(), "0".into()),
            ("X-RateLimit-Limit".into(), "5000".into()),
            ("X-RateLimit-Reset".into(), "1900000000".into()),
        ],
        body: r#"{"message":"API rate limit exceeded"}"#.into(),
    };
    let (_, result) = s.answered(out[0].ticket, 5, Ok(limited)).unwrap();
    assert!(matches!(
        result,
        Err(ApiError::RateLimited {
            secondary: false,
            ..
        })
    ));
    assert_eq!(s.rate_limit().map(|r| r.remaining), Some(0));
}

#[test]
fn retry_after_pauses_every_request_until_it_passes() {
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    s.submit(2, Endpoint::Repo { repo: slug("o/r") }, None);
    let out = s.due(0);
    assert_eq!(out.len(), 2);
    let limited = HttpResponse {
        status: 429,
        headers: vec![("Retry-After".into(), "30".into())],
        body: r#"{"message":"You have exceeded a secondary rate limit."}"#.into(),
    };
    assert!(s.answered(out[0].ticket, 100, Ok(limited)).is_none());
    // The other answer arrives fine; a new request must still wait.
    s.answered(out[1].ticket, 120, Ok(ok("{}")));
    s.submit(
        3,
        Endpoint::Repo {
            repo: slug("o/other"),
        },
        None,
    );
    assert!(s.due(200).is_empty(), "paused by Retry-After");
    assert_eq!(s.next_wake(200), Some(30_100));
    assert_eq!(s.due(30_100).len(), 2);
}

#[test]
fn writes_go_one_at_a_time_a_second_apart() {
    let mut s = sched();
    let repo = slug("o/r");
    s.submit(
        1,
        Endpoint::PutRepoWorkflowPermissions { repo: repo.clone() },
        Some("{}".into()),
    );
    s.submit(
        2,
        Endpoint::PutRepoActionsPermissions { repo: repo.clone() },
        Some("{}".into()),
    );
    s.submit(3, Endpoint::Repo { repo }, None);
    let out = s.due(0);
    assert_eq!(out.len(), 2, "one write and the read");
    let write = out
        .iter()
        .find(|o| o.request.method.as_str() == "PUT")
        .unwrap();
    let (_, r) = s
        .answered(
            write.ticket,
            50,
            Ok(HttpResponse {
                status: 204,
                ..Default::default()
            }),
        )
        .unwrap();
    assert_eq!(r.unwrap().status, 204);
    assert!(
        s.due(500).is_empty(),
        "the second write waits a second after the first was sent"
    );
    assert_eq!(s.next_wake(500), Some(WRITE_SPACING_MS));
    assert_eq!(s.due(WRITE_SPACING_MS).len(), 1);
}

#[test]
fn a_second_read_sends_if_none_match_and_a_304_reuses_the_body() {
    let mut script = Script::new().get("/user", r#"{"login":"octo","id":1}"#);
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    let out = s.due(0);
    assert!(!out[0]
        .request
        .headers
        .iter()
        .any(|(k, _)| k == "If-None-Match"));
    let first = s
        .answered(out[0].ticket, 1, script.respond(&out[0].request))
        .unwrap()
        .1
        .unwrap();
    assert!(!first.from_cache);
    s.submit(1, Endpoint::User, None);
    let out = s.due(2);
    assert!(out[0]
        .request
        .headers
        .iter()
        .any(|(k, _)| k == "If-None-Match"));
    let second = s
        .answered(out[0].ticket, 3, script.respond(&out[0].request))
        .unwrap()
        .1
        .unwrap();
    assert!(second.from_cache);
    assert_eq!(second.body, first.body);
    assert_eq!(second.status, 304);
    assert_eq!(s.stats().not_modified, 1);
    assert_eq!(s.stats().counted, 1);
    assert_eq!(script.rate_used, 1, "the 304 cost nothing");
}

#[test]
fn answers_from_before_a_restart_are_ignored() {
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    let old = s.due(0);
    s.restart();
    s.submit(2, Endpoint::User, None);
    let new = s.due(10);
    assert!(
        s.answered(old[0].ticket, 20, Ok(ok("{\"old\":true}")))
            .is_none(),
        "late old answer dropped"
    );
    let (key, _) = s.answered(new[0].ticket, 30, Ok(ok("{}"))).unwrap();
    assert_eq!(key, 2);
    assert!(s.is_idle());
}

#[test]
fn the_token_goes_only_into_the_authorization_header() {
    let mut s: Scheduler<u8> = Scheduler::new(
        BASE,
        Some(Secret::new("ghp_SECRETSECRETSECRET")),
        EtagCache::new(),
    );
    s.submit(
        0,
        Endpoint::OrgActionsPermissions {
            org: Login::parse("acme").unwrap(),
        },
        None,
    );
    let out = s.due(0);
    let req = &out[0].request;
    assert!(!req.url.contains("SECRET"));
    assert!(!format!("{req:?}").contains("SECRET"), "Debug redacts it");
    let auth: Vec<_> = req
        .headers
        .iter()
        .filter(|(_, v)| v.contains("SECRET"))
        .collect();
    assert_eq!(auth.len(), 1);
    assert_eq!(auth[0].0, "Authorization");
}

#[test]
fn a_fault_that_clears_heals_through_the_driver() {
    let mut script = Script::new().get("/user", r#"{"login":"octo","id":1}"#);
    script.fault(
        "GET",
        "/user",
        FaultKind::Answer(Canned::json(502, "bad gateway")),
        Some(1),
    );
    struct One(Scheduler<u8>, Option<bool>);
    impl ghcr_setup_core::engine::Program for One {
        fn due(&mut self, now: u64) -> Vec<ghcr_setup_core::engine::Outgoing> {
            self.0.due(now)
        }
        fn answered(
            &mut self,
            t: ghcr_setup_core::engine::Ticket,
            now: u64,
            r: Result<HttpResponse, TransportFailure>,
        ) {
            if let Some((_, r)) = self.0.answered(t, now, r) {
                self.1 = Some(r.is_ok());
            }
        }
        fn next_wake(&self, now: u64) -> Option<u64> {
            self.0.next_wake(now)
        }
        fn is_idle(&self) -> bool {
            self.0.is_idle()
        }
    }
    let mut s = Scheduler::new(BASE, None, EtagCache::new());
    s.submit(0u8, Endpoint::User, None);
    let mut p = One(s, None);
    let drove = support::drive(&mut p, &mut script, 0, 100);
    assert_eq!(p.1, Some(true));
    assert_eq!(drove.requests, 2);
    assert_eq!(script.count("/user"), 2);
}

/// Answers counted early can arrive last: the bar once showed more requests
/// left than GitHub had counted.
#[test]
fn the_rate_limit_shown_is_the_lowest_of_its_window_whatever_order_answers_arrive_in() {
    let mut s = sched();
    for i in 0..3 {
        s.submit(
            i,
            Endpoint::Repo {
                repo: slug(&format!("o/r{i}")),
            },
            None,
        );
    }
    let out = s.due(0);
    let with_rate = |remaining: u64, reset: u64| HttpResponse {
        status: 200,
        headers: vec![
            ("X-RateLimit-Limit".into(), "5000".into()),
            ("X-RateLimit-Remaining".into(), remaining.to_string()),
            ("X-RateLimit-Reset".into(), reset.to_string()),
        ],
        body: "{}".into(),
    };
    s.answered(out[0].ticket, 10, Ok(with_rate(4973, 1_800_000_000)));
    // Counted before the one above, arrived after it.
    s.answered(out[1].ticket, 20, Ok(with_rate(4977, 1_800_000_000)));
    assert_eq!(s.rate_limit().map(|r| r.remaining), Some(4973));
    // A new window starts over.
    s.answered(out[2].ticket, 30, Ok(with_rate(4999, 1_800_003_600)));
    assert_eq!(s.rate_limit().map(|r| r.remaining), Some(4999));
}

fn secondary_limit(retry_after_s: &str) -> HttpResponse {
    HttpResponse {
        status: 403,
        headers: vec![("Retry-After".into(), retry_after_s.into())],
        body: r#"{"message":"You have exceeded a secondary rate limit."}"#.into(),
    }
}

#[test]
fn the_pause_is_exposed_until_it_ends() {
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    let out = s.due(0);
    assert_eq!(s.paused_until(0), None, "no pause before GitHub asks");
    assert!(s
        .answered(out[0].ticket, 100, Ok(secondary_limit("30")))
        .is_none());
    assert_eq!(s.paused_until(100), Some(30_100));
    assert_eq!(s.paused_until(30_099), Some(30_100));
    assert_eq!(s.paused_until(30_100), None, "over at its end");
    let retry = s.due(30_100);
    assert_eq!(retry.len(), 1);
    assert_eq!(s.paused_until(30_100), None);
    s.answered(retry[0].ticket, 30_200, Ok(ok("{}")));
    assert_eq!(s.paused_until(30_200), None);
}

#[test]
fn a_retry_after_up_to_the_cap_is_waited_out() {
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    let out = s.due(0);
    assert!(s
        .answered(out[0].ticket, 100, Ok(secondary_limit("120")))
        .is_none());
    assert_eq!(s.next_wake(100), Some(120_100));
    assert_eq!(s.paused_until(100), Some(120_100));
}

#[test]
fn a_retry_after_beyond_the_cap_gives_up_and_says_until_when() {
    let mut s = sched();
    s.submit(1, Endpoint::User, None);
    s.submit(2, Endpoint::Repo { repo: slug("o/r") }, None);
    let out = s.due(0);
    // 2026-12-08 00:00:00 UTC, in milliseconds.
    let now = 1_796_688_000_000;
    let (key, result) = s
        .answered(out[0].ticket, now, Ok(secondary_limit("86400")))
        .expect("gives up at once");
    assert_eq!(key, 1);
    let err = result.expect_err("an error");
    assert_eq!(
        err,
        ApiError::WaitTooLong {
            wait_s: 86_400,
            until_ms: now + 86_400_000,
            max_wait_s: 120,
        }
    );
    assert_eq!(err.title(), "GitHub asked us to wait 24 hours");
    assert_eq!(
        err.what_to_do(),
        "GitHub asked to wait 86400 seconds (24 hours) before the next request, longer than \
         this tool waits on its own (2 minutes). Try again after 2026-12-09 00:00 UTC. If it \
         keeps happening, another tool or browser tab is sending many requests with the same token."
    );
    // Nothing sits out a day-long pause: no wake, no pause shown.
    assert_eq!(s.paused_until(now), None);
    assert_eq!(s.next_wake(now), None);
    let (key, result) = s
        .answered(out[1].ticket, now, Ok(secondary_limit("121")))
        .expect("just past the cap gives up too");
    assert_eq!(key, 2);
    let err = result.expect_err("an error");
    assert_eq!(err.title(), "GitHub asked us to wait about 3 minutes");
    assert!(err
        .what_to_do()
        .contains("Try again after 2026-12-08 00:02 UTC."));
}

#[test]
fn the_default_policy_caps_retry_after_at_two_minutes() {
    let policy = RetryPolicy::default();
    assert_eq!(policy.max_retry_after_ms, 120_000);
    let asked = |s: u64| ApiError::RateLimited {
        reset_at_s: None,
        retry_after_s: Some(s),
        secondary: true,
    };
    assert_eq!(policy.delay_for(1, &asked(120)), Some(120_000));
    assert_eq!(policy.delay_for(1, &asked(121)), None);
    assert_eq!(policy.delay_for(1, &asked(u64::MAX)), None);
}
