//! The loop that runs one of the core's request programs to the end.
//!
//! Whatever [`Program::due`] hands out is sent at once, each request on its
//! own scoped thread (the core caps how many are in flight); every answer goes
//! back through [`Program::answered`], and `due` is asked again after each
//! answer and at [`Program::next_wake`] (a retry's backoff, a rate-limit
//! pause), until [`Program::is_idle`]. Which request, when, and how often are
//! the core's decisions; this file only waits.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use ghcr_setup_core::engine::{Program, Ticket, TransportFailure};
use ghcr_setup_core::http::HttpResponse;

use crate::http::Transport;

/// Milliseconds since the Unix epoch (0 if the clock is before it).
pub fn now_ms() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
}

type Answer = (Ticket, Result<HttpResponse, TransportFailure>);

/// Runs `program` until it has nothing left to send or wait for.
pub fn drive(program: &mut impl Program, transport: &impl Transport) {
    thread::scope(|scope| {
        let (tx, rx) = mpsc::channel::<Answer>();
        let mut in_flight = 0usize;
        loop {
            let now = now_ms();
            for out in program.due(now) {
                in_flight += 1;
                let tx = tx.clone();
                scope.spawn(move || {
                    let result = catch_unwind(AssertUnwindSafe(|| transport.send(&out.request)))
                        .unwrap_or_else(|_| {
                            Err(TransportFailure::Unreachable(
                                "the HTTP client stopped unexpectedly".into(),
                            ))
                        });
                    // The loop below waits for every answer, so the receiver is there.
                    let _ = tx.send((out.ticket, result));
                });
            }
            let wake = program.next_wake(now).map(|at| at.saturating_sub(now));
            if in_flight == 0 {
                match wake {
                    _ if program.is_idle() => break,
                    Some(wait) => thread::sleep(Duration::from_millis(wait.max(1))),
                    // Queued work with no time to wait for and nothing in
                    // flight cannot move any more.
                    None => break,
                }
                continue;
            }
            let received = match wake {
                Some(wait) => rx.recv_timeout(Duration::from_millis(wait.max(1))),
                None => rx.recv().map_err(|_| mpsc::RecvTimeoutError::Disconnected),
            };
            match received {
                Ok((ticket, result)) => {
                    in_flight -= 1;
                    program.answered(ticket, now_ms(), result);
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {}
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use ghcr_setup_core::api::Endpoint;
    use ghcr_setup_core::engine::Single;
    use ghcr_setup_core::http::HttpRequest;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Refuses the first `refusals` requests, then answers 200 with `{}`.
    struct Flaky {
        refusals: usize,
        calls: AtomicUsize,
    }

    impl Transport for Flaky {
        fn send(&self, _: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if n < self.refusals {
                return Err(TransportFailure::Unreachable("refused".into()));
            }
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: "{}".into(),
            })
        }
    }

    #[test]
    fn waits_for_the_cores_retry_and_delivers_the_answer() {
        let transport = Flaky {
            refusals: 1,
            calls: AtomicUsize::new(0),
        };
        let mut program = Single::new("http://127.0.0.1:1", None, Endpoint::User, None);
        let started = now_ms();
        drive(&mut program, &transport);
        assert!(program.is_idle());
        assert_eq!(transport.calls.load(Ordering::SeqCst), 2);
        // The core's first backoff is a second; the loop slept for it.
        assert!(now_ms() - started >= 900);
        match program.take_result() {
            Some(Ok(success)) => assert_eq!(success.status, 200),
            other => panic!("expected a success, got {other:?}"),
        }
    }

    #[test]
    fn a_404_is_an_answer_the_core_reads() {
        struct NotFound;
        impl Transport for NotFound {
            fn send(&self, _: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
                Ok(HttpResponse {
                    status: 404,
                    headers: Vec::new(),
                    body: r#"{"message":"Not Found"}"#.into(),
                })
            }
        }
        let mut program = Single::new("http://127.0.0.1:1", None, Endpoint::User, None);
        drive(&mut program, &NotFound);
        assert!(matches!(
            program.take_result(),
            Some(Err(ghcr_setup_core::api::ApiError::NotFound(_)))
        ));
    }

    /// Holds each request until `expected` are in flight together (or a
    /// generous deadline passes, so a driver that sends one at a time fails
    /// instead of hanging), and records the most seen at once.
    struct Gathering {
        expected: usize,
        state: std::sync::Mutex<(usize, usize)>,
        changed: std::sync::Condvar,
    }

    impl Transport for Gathering {
        fn send(&self, _: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
            let mut guard = self.state.lock().unwrap();
            guard.0 += 1;
            guard.1 = guard.1.max(guard.0);
            self.changed.notify_all();
            let (mut guard, _) = self
                .changed
                .wait_timeout_while(guard, Duration::from_secs(10), |(_, most)| {
                    *most < self.expected
                })
                .unwrap();
            guard.0 -= 1;
            Ok(HttpResponse {
                status: 200,
                headers: Vec::new(),
                body: "{}".into(),
            })
        }
    }

    /// Four reads handed out at once.
    struct Four(ghcr_setup_core::engine::Scheduler<u8>);

    impl Program for Four {
        fn due(&mut self, now_ms: u64) -> Vec<ghcr_setup_core::engine::Outgoing> {
            self.0.due(now_ms)
        }
        fn answered(
            &mut self,
            ticket: Ticket,
            now_ms: u64,
            result: Result<HttpResponse, TransportFailure>,
        ) {
            self.0.answered(ticket, now_ms, result);
        }
        fn next_wake(&self, now_ms: u64) -> Option<u64> {
            self.0.next_wake(now_ms)
        }
        fn is_idle(&self) -> bool {
            self.0.is_idle()
        }
    }

    #[test]
    fn every_request_the_core_hands_out_is_in_flight_at_once() {
        let mut sched = ghcr_setup_core::engine::Scheduler::new(
            "http://127.0.0.1:1",
            None,
            ghcr_setup_core::api::EtagCache::new(),
        );
        for (key, login) in ["a", "b", "c", "d"].into_iter().enumerate() {
            let endpoint = Endpoint::OrgMembership {
                org: ghcr_setup_core::names::Login::parse(login).unwrap(),
            };
            sched.submit(key as u8, endpoint, None);
        }
        let transport = Gathering {
            expected: 4,
            state: std::sync::Mutex::new((0, 0)),
            changed: std::sync::Condvar::new(),
        };
        let mut program = Four(sched);
        drive(&mut program, &transport);
        assert!(program.is_idle());
        assert_eq!(transport.state.lock().unwrap().1, 4, "all four at once");
    }
}
