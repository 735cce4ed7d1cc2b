//! The request engine: every decision about GitHub requests, with no I/O.
//!
//! A [`Scheduler`] takes calls ([`Endpoint`] + optional body, tagged with a
//! caller-chosen key), hands out the requests due *now* ([`Scheduler::due`]),
//! and takes the answers back ([`Scheduler::answered`]). In between it decides
//! everything a shell must not: at most [`MAX_CONCURRENT_REQUESTS`] in flight,
//! retries with [`RetryPolicy`] (5xx, network failures, timeouts, secondary
//! rate limits honouring `Retry-After` — which pauses every request, not only
//! the refused one; a write that is not idempotent, [`Endpoint::is_idempotent`],
//! is handed back instead of retried when its answer was lost), at least [`WRITE_SPACING_MS`] between writes and one
//! write at a time, conditional requests from the [`EtagCache`] (a `304`
//! costs no primary rate limit), rate-limit figures, and which answer wins:
//! a ticket from before [`Scheduler::restart`] is ignored, so a late answer of
//! an old run never overwrites a newer one.
//!
//! Time is passed in (Unix milliseconds); the scheduler never reads a clock.
//! A shell's whole job is: send what [`Scheduler::due`] returns, give each
//! answer to [`Scheduler::answered`], and call `due` again after an answer or
//! at [`Scheduler::next_wake`].

use serde::de::DeserializeOwned;

use crate::api::{
    build_request, classify, parse_json, ApiError, Classified, Endpoint, EtagCache, RateLimit,
    RetryPolicy, MAX_CONCURRENT_REQUESTS,
};
use crate::http::{HttpRequest, HttpResponse, Method};
use crate::token::{Scopes, Secret};

/// Least time between two writes (GitHub asks for at least a second).
pub const WRITE_SPACING_MS: u64 = 1_000;

/// Why a request got no answer, as the shell saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TransportFailure {
    /// No answer within the shell's time limit.
    Timeout,
    /// Refused, unreachable, blocked (CORS) or offline; browsers do not say which.
    Unreachable(String),
}

impl std::fmt::Display for TransportFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TransportFailure::Timeout => f.write_str("no answer within the time limit"),
            TransportFailure::Unreachable(detail) => write!(f, "could not connect ({detail})"),
        }
    }
}

impl From<TransportFailure> for ApiError {
    fn from(f: TransportFailure) -> Self {
        match f {
            TransportFailure::Timeout => ApiError::Timeout,
            TransportFailure::Unreachable(detail) => ApiError::Network(detail),
        }
    }
}

/// Identifies one request handed out by [`Scheduler::due`]; give it back with
/// the answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Ticket {
    generation: u32,
    id: u32,
}

impl Ticket {
    /// A ticket for a program of this crate that is not a [`Scheduler`].
    pub(crate) fn new(generation: u32, id: u32) -> Self {
        Ticket { generation, id }
    }
}

/// A request to send now.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub ticket: Ticket,
    pub request: HttpRequest,
}

/// A successful answer: the body (fresh, or the cached one on `304`) and
/// the scopes GitHub reported for the token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Success {
    pub status: u16,
    pub body: String,
    /// `X-OAuth-Scopes`, absent for fine-grained and GitHub App tokens.
    pub scopes: Option<Scopes>,
    /// The answer was `304 Not Modified` and the body came from the cache.
    pub from_cache: bool,
}

impl Success {
    /// Reads the body as JSON into `T` ([`ApiError::Malformed`] if it does not fit).
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, ApiError> {
        parse_json(&self.body)
    }
}

/// What a scheduler has done so far, for the summary bar and the benchmark.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Requests handed to the shell (retries included).
    pub sent: u32,
    /// Answers that were `304 Not Modified`.
    pub not_modified: u32,
    /// Attempts that failed and were scheduled again.
    pub retried: u32,
    /// Answers that count against the primary rate limit (all but `304`).
    pub counted: u32,
}

#[derive(Debug, Clone)]
struct Job<K> {
    id: u32,
    key: K,
    endpoint: Endpoint,
    body: Option<String>,
    /// Attempts that failed so far.
    failures: u32,
    not_before_ms: u64,
}

impl<K> Job<K> {
    fn is_write(&self) -> bool {
        self.endpoint.method() != Method::Get
    }
}

/// Sans-IO scheduling of GitHub calls keyed by `K` (see the module docs).
#[derive(Debug, Clone)]
pub struct Scheduler<K> {
    base: String,
    token: Option<Secret>,
    cache: EtagCache,
    policy: RetryPolicy,
    max_in_flight: usize,
    generation: u32,
    next_id: u32,
    queue: Vec<Job<K>>,
    in_flight: Vec<Job<K>>,
    paused_until_ms: u64,
    last_write_ms: Option<u64>,
    rate: Option<RateLimit>,
    scopes: Option<Scopes>,
    stats: Stats,
}

impl<K: Clone> Scheduler<K> {
    /// A scheduler for the API at `base`, calling as `token` (anonymous when
    /// `None`), reusing `cache` (start with [`EtagCache::new`]; keep it across
    /// re-checks, drop it when the token changes).
    pub fn new(base: &str, token: Option<Secret>, cache: EtagCache) -> Self {
        Scheduler {
            base: base.to_string(),
            token,
            cache,
            policy: RetryPolicy::default(),
            max_in_flight: MAX_CONCURRENT_REQUESTS,
            generation: 0,
            next_id: 0,
            queue: Vec::new(),
            in_flight: Vec::new(),
            paused_until_ms: 0,
            last_write_ms: None,
            rate: None,
            scopes: None,
            stats: Stats::default(),
        }
    }

    /// Uses `policy` for retries.
    pub fn with_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// Allows at most `n` (at least 1) requests in flight.
    pub fn with_max_in_flight(mut self, n: usize) -> Self {
        self.max_in_flight = n.max(1);
        self
    }

    /// The API base requests go to.
    pub fn base(&self) -> &str {
        &self.base
    }

    /// Queues a call. It is sent by a later [`Scheduler::due`].
    pub fn submit(&mut self, key: K, endpoint: Endpoint, body: Option<String>) {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        self.queue.push(Job {
            id,
            key,
            endpoint,
            body,
            failures: 0,
            not_before_ms: 0,
        });
    }

    /// Whether `job` may be sent at `now_ms` (ignoring the concurrency cap).
    fn ready(&self, job: &Job<K>, now_ms: u64) -> bool {
        if now_ms < job.not_before_ms || now_ms < self.paused_until_ms {
            return false;
        }
        if job.is_write() {
            let write_in_flight = self.in_flight.iter().any(Job::is_write);
            let spaced = self
                .last_write_ms
                .is_none_or(|last| now_ms >= last.saturating_add(WRITE_SPACING_MS));
            return !write_in_flight && spaced;
        }
        true
    }

    /// The requests to send now, oldest first, within the concurrency cap.
    pub fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        let mut out = Vec::new();
        while self.in_flight.len() < self.max_in_flight {
            let Some(pos) = self.queue.iter().position(|j| self.ready(j, now_ms)) else {
                break;
            };
            let job = self.queue.remove(pos);
            let url = job.endpoint.url(&self.base);
            let etag = if job.is_write() {
                None
            } else {
                self.cache.etag_for(&url)
            };
            let request = build_request(
                &self.base,
                &job.endpoint,
                self.token.as_ref(),
                etag,
                job.body.clone(),
            );
            if job.is_write() {
                self.last_write_ms = Some(now_ms);
            }
            self.stats.sent += 1;
            out.push(Outgoing {
                ticket: Ticket {
                    generation: self.generation,
                    id: job.id,
                },
                request,
            });
            self.in_flight.push(job);
        }
        out
    }

    /// Takes the answer (or the transport failure) for `ticket`.
    ///
    /// Returns the final result for the call's key, or `None` when the
    /// answer is stale (from before [`Scheduler::restart`]), unknown, or the
    /// call was scheduled again (retry).
    pub fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) -> Option<(K, Result<Success, ApiError>)> {
        if ticket.generation != self.generation {
            return None;
        }
        let pos = self.in_flight.iter().position(|j| j.id == ticket.id)?;
        let mut job = self.in_flight.remove(pos);
        let outcome = match result {
            Err(failure) => Err(ApiError::from(failure)),
            Ok(resp) => self.read(&job, &resp),
        };
        match outcome {
            Ok(success) => Some((job.key, Ok(success))),
            // A write that is not idempotent and may have been carried out
            // is never sent again blindly: its caller reads what GitHub holds.
            Err(err) if !job.endpoint.is_idempotent() && err.outcome_unknown() => {
                Some((job.key, Err(err)))
            }
            Err(err) => {
                job.failures += 1;
                match self.policy.delay_for(job.failures, &err) {
                    Some(delay) => {
                        let at = now_ms.saturating_add(delay);
                        if matches!(err, ApiError::RateLimited { .. }) {
                            self.paused_until_ms = self.paused_until_ms.max(at);
                        }
                        job.not_before_ms = at;
                        self.stats.retried += 1;
                        self.queue.insert(0, job);
                        None
                    }
                    None => {
                        let err = self.policy.too_long_wait(&err, now_ms).unwrap_or(err);
                        Some((job.key, Err(err)))
                    }
                }
            }
        }
    }

    /// Classifies an answer, updating the rate limit, scopes and ETag cache.
    fn read(&mut self, job: &Job<K>, resp: &HttpResponse) -> Result<Success, ApiError> {
        if let Some(rate) = RateLimit::from_headers(resp) {
            if self.rate.as_ref().is_none_or(|old| rate.supersedes(old)) {
                self.rate = Some(rate);
            }
        }
        let scopes = resp.header("X-OAuth-Scopes").map(Scopes::parse_header);
        if scopes.is_some() {
            self.scopes.clone_from(&scopes);
        }
        let from_cache = resp.status == 304;
        if from_cache {
            self.stats.not_modified += 1;
        } else {
            self.stats.counted += 1;
        }
        let body = if job.is_write() {
            match classify(resp)? {
                Classified::Fresh { body, .. } => body,
                Classified::NotModified => String::new(),
            }
        } else {
            let url = job.endpoint.url(&self.base);
            self.cache.resolve(&url, resp)?
        };
        Ok(Success {
            status: resp.status,
            body,
            scopes,
            from_cache,
        })
    }

    /// When [`Scheduler::due`] will next have something to send that it has
    /// not now (a retry or a pause ending), if anything is waiting on time.
    /// Calls held back only by the concurrency cap go out after an answer.
    pub fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.queue
            .iter()
            .filter(|j| !self.ready(j, now_ms))
            .map(|j| {
                let mut at = j.not_before_ms.max(self.paused_until_ms);
                if j.is_write() {
                    if let Some(last) = self.last_write_ms {
                        at = at.max(last.saturating_add(WRITE_SPACING_MS));
                    }
                }
                at
            })
            .filter(|at| *at > now_ms)
            .min()
    }

    /// Until when (Unix milliseconds) calls are held back because GitHub
    /// asked us to slow down (a secondary rate limit's `Retry-After`), while
    /// something waits for it; `None` otherwise.
    pub fn paused_until(&self, now_ms: u64) -> Option<u64> {
        (self.paused_until_ms > now_ms && !self.queue.is_empty()).then_some(self.paused_until_ms)
    }

    /// Nothing queued and nothing in flight.
    pub fn is_idle(&self) -> bool {
        self.queue.is_empty() && self.in_flight.is_empty()
    }

    /// Calls queued or in flight.
    pub fn pending(&self) -> usize {
        self.queue.len() + self.in_flight.len()
    }

    /// Drops every queued and in-flight call; answers to tickets handed out
    /// before are ignored from now on. The cache, rate limit and any
    /// rate-limit pause stay.
    pub fn restart(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        self.queue.clear();
        self.in_flight.clear();
        self.stats = Stats::default();
    }

    /// Latest primary rate-limit figures GitHub sent.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.rate.as_ref()
    }

    /// Scopes from the latest answer that reported them.
    pub fn scopes(&self) -> Option<&Scopes> {
        self.scopes.as_ref()
    }

    /// Counters since the last restart.
    pub fn stats(&self) -> Stats {
        self.stats
    }

    /// The conditional-request cache.
    pub fn cache(&self) -> &EtagCache {
        &self.cache
    }

    /// The conditional-request cache (to keep it for a later scheduler).
    pub fn into_cache(self) -> EtagCache {
        self.cache
    }
}

/// Anything a shell can drive with the same small loop: a checklist run, a
/// fix, a pin resolution. The shell sends what [`Program::due`] returns,
/// hands every answer to [`Program::answered`], and calls `due` again after
/// each answer and at [`Program::next_wake`], until [`Program::is_idle`].
pub trait Program {
    /// Requests to send now.
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing>;
    /// The answer (or transport failure) for a request handed out by `due`.
    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    );
    /// When to call `due` again if no answer arrives first.
    fn next_wake(&self, now_ms: u64) -> Option<u64>;
    /// Nothing left to send or wait for.
    fn is_idle(&self) -> bool;
}

/// A program of one call (with the scheduler's retries): for sign-in and
/// other single requests.
#[derive(Debug, Clone)]
pub struct Single {
    sched: Scheduler<()>,
    result: Option<Result<Success, ApiError>>,
}

impl Single {
    /// Calls `endpoint` at `base` as `token`.
    pub fn new(
        base: &str,
        token: Option<Secret>,
        endpoint: Endpoint,
        body: Option<String>,
    ) -> Self {
        let mut sched = Scheduler::new(base, token, EtagCache::new());
        sched.submit((), endpoint, body);
        Single {
            sched,
            result: None,
        }
    }

    /// The result, once there is one (taken out).
    pub fn take_result(&mut self) -> Option<Result<Success, ApiError>> {
        self.result.take()
    }

    /// Latest rate-limit figures.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.sched.rate_limit()
    }
}

impl Program for Single {
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        self.sched.due(now_ms)
    }

    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) {
        if let Some(((), r)) = self.sched.answered(ticket, now_ms, result) {
            self.result = Some(r);
        }
    }

    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.sched.next_wake(now_ms)
    }

    fn is_idle(&self) -> bool {
        self.sched.is_idle()
    }
}
