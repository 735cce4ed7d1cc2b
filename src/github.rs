//! The app's GitHub client: sends the core's requests through `net`, with
//! the core's retry policy, ETag cache and error classification, a cap on
//! concurrent requests, and rate-limit figures published to a signal.

use crate::net::{self, TransportError};
use ghcr_setup_core::api::{
    self, build_request, ApiError, Endpoint, EtagCache, RateLimit, RetryPolicy,
    MAX_CONCURRENT_REQUESTS,
};
use ghcr_setup_core::http::HttpResponse;
use ghcr_setup_core::token::{Scopes, Secret};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};

thread_local! {
    static ETAGS: RefCell<EtagCache> = RefCell::new(EtagCache::new());
    static IN_FLIGHT: Cell<usize> = const { Cell::new(0) };
    /// Where rate-limit figures go; set once by the session. Requests run in
    /// spawned tasks with no reactive owner, so context is not reachable there.
    static RATE_SINK: Cell<Option<RwSignal<Option<RateLimit>>>> = const { Cell::new(None) };
}

/// Latest rate-limit figures GitHub sent, for the summary bar.
#[derive(Clone, Copy)]
pub struct RateLimitCtx(pub RwSignal<Option<RateLimit>>);

/// A successful answer: the body (fresh or from the ETag cache) and the
/// scopes GitHub says the token has.
#[derive(Debug, Clone)]
pub struct Answer {
    pub body: String,
    pub scopes: Option<Scopes>,
}

/// Calls `ep` with retries for 5xx, network errors and secondary rate limits.
pub async fn call(
    base: &str,
    token: Option<&Secret>,
    ep: &Endpoint,
    body: Option<String>,
) -> Result<Answer, ApiError> {
    let policy = RetryPolicy::default();
    let mut attempt = 0;
    loop {
        match call_once(base, token, ep, body.clone()).await {
            Ok(a) => return Ok(a),
            Err(err) => match policy.delay_for(attempt, &err) {
                Some(delay) => {
                    attempt += 1;
                    net::sleep_ms(delay).await;
                }
                None => return Err(err),
            },
        }
    }
}

async fn call_once(
    base: &str,
    token: Option<&Secret>,
    ep: &Endpoint,
    body: Option<String>,
) -> Result<Answer, ApiError> {
    let url = ep.url(base);
    let etag = ETAGS.with(|c| c.borrow().etag_for(&url).map(str::to_string));
    let req = build_request(base, ep, token, etag.as_deref(), body);
    let _slot = Slot::acquire().await;
    let resp = net::send(&req).await.map_err(|e| match e {
        TransportError::Timeout => ApiError::Timeout,
        TransportError::Unreachable(d) => ApiError::Network(d),
    })?;
    publish_rate_limit(&resp);
    let scopes = resp.header("X-OAuth-Scopes").map(Scopes::parse_header);
    // `resolve` classifies the answer and serves a 304 from the cache.
    let body = ETAGS.with(|c| c.borrow_mut().resolve(&url, &resp))?;
    Ok(Answer { body, scopes })
}

/// Forgets cached answers (they depend on who asked): on sign-in and sign-out.
pub fn clear_cache() {
    ETAGS.with(|c| c.borrow_mut().clear());
}

/// Reads JSON from an answer.
pub fn json<T: serde::de::DeserializeOwned>(a: &Answer) -> Result<T, ApiError> {
    api::parse_json(&a.body)
}

/// Sends rate-limit figures from every answer to `sink`.
pub fn publish_rate_limits_to(sink: RateLimitCtx) {
    RATE_SINK.with(|c| c.set(Some(sink.0)));
}

fn publish_rate_limit(resp: &HttpResponse) {
    if let (Some(rl), Some(sig)) = (RateLimit::from_headers(resp), RATE_SINK.with(Cell::get)) {
        sig.set(Some(rl));
    }
}

/// A place among the `MAX_CONCURRENT_REQUESTS` requests allowed at once.
struct Slot;

impl Slot {
    async fn acquire() -> Slot {
        while IN_FLIGHT.with(Cell::get) >= MAX_CONCURRENT_REQUESTS {
            net::sleep_ms(25).await;
        }
        IN_FLIGHT.with(|c| c.set(c.get() + 1));
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        IN_FLIGHT.with(|c| c.set(c.get().saturating_sub(1)));
    }
}
