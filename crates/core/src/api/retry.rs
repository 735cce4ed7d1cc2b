//! When to try a failed request again, and how long to wait.
//!
//! Retried: 5xx, network failures and timeouts (exponential backoff) and
//! secondary rate limits (honouring `Retry-After` up to
//! [`MAX_RETRY_AFTER_MS`]; a longer wait gives up, and the engine says until
//! when GitHub asked to wait). Never retried: other
//! 4xx answers and the primary rate limit (waiting for its reset is the
//! person's choice, not a silent retry).

use super::error::ApiError;

/// At most this many requests in flight at once. GitHub's secondary limit
/// allows 100; api.github.com speaks HTTP/2, so a browser sends them all on
/// one connection. Sixteen lets every fact a checklist can read after the
/// repository go out in one wave (a full check is two round trips), far
/// below the limit. (Over HTTP/1.1, as to the loopback fake, the browser
/// itself holds a host to 6 connections.)
pub const MAX_CONCURRENT_REQUESTS: usize = 16;

/// The longest single `Retry-After` wait the engine sits out on its own (two
/// minutes); GitHub asking for more ends the call with
/// [`ApiError::WaitTooLong`].
pub const MAX_RETRY_AFTER_MS: u64 = 120_000;

/// How retries are spaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Total attempts, the first included.
    pub max_attempts: u32,
    /// Wait before the second attempt; doubled each time after.
    pub base_delay_ms: u64,
    /// Upper bound of a backoff wait.
    pub max_delay_ms: u64,
    /// Wait after a secondary rate limit without `Retry-After`.
    pub secondary_default_ms: u64,
    /// Longest `Retry-After` honoured; beyond it the call gives up.
    pub max_retry_after_ms: u64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            base_delay_ms: 1_000,
            max_delay_ms: 8_000,
            secondary_default_ms: 60_000,
            max_retry_after_ms: MAX_RETRY_AFTER_MS,
        }
    }
}

impl RetryPolicy {
    /// The wait before trying again after `attempt` attempts (1 = the first
    /// failed) ended in `err`, or `None` to give up.
    pub fn delay_for(&self, attempt: u32, err: &ApiError) -> Option<u64> {
        if attempt == 0 || attempt >= self.max_attempts {
            return None;
        }
        match err {
            ApiError::Server { .. } | ApiError::Network(_) | ApiError::Timeout => {
                Some(self.backoff(attempt))
            }
            ApiError::RateLimited {
                secondary: true,
                retry_after_s,
                ..
            } => match retry_after_s.map(|s| s.saturating_mul(1000)) {
                Some(wait) if wait > self.max_retry_after_ms => None,
                Some(wait) => Some(wait),
                None => Some(self.secondary_default_ms),
            },
            _ => None,
        }
    }

    /// The error a call ends with when `err` asked for a longer wait than
    /// [`RetryPolicy::max_retry_after_ms`], seen at `now_ms`.
    pub fn too_long_wait(&self, err: &ApiError, now_ms: u64) -> Option<ApiError> {
        match err {
            ApiError::RateLimited {
                secondary: true,
                retry_after_s: Some(s),
                ..
            } if s.saturating_mul(1000) > self.max_retry_after_ms => Some(ApiError::WaitTooLong {
                wait_s: *s,
                until_ms: now_ms.saturating_add(s.saturating_mul(1000)),
                max_wait_s: self.max_retry_after_ms / 1000,
            }),
            _ => None,
        }
    }

    fn backoff(&self, attempt: u32) -> u64 {
        let factor = 1u64.checked_shl(attempt - 1).unwrap_or(u64::MAX);
        self.base_delay_ms
            .saturating_mul(factor)
            .min(self.max_delay_ms)
    }
}
