//! The primary rate limit as reported on every answer's `X-RateLimit-*`
//! headers.

use crate::http::HttpResponse;

/// Where the caller stands against a rate limit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    /// Requests used in this window (`limit - remaining` if not sent).
    pub used: u64,
    /// When the window resets, in Unix seconds.
    pub reset_s: u64,
    /// Which limit (`core`, `search`, `graphql`, …), if named.
    pub resource: Option<String>,
}

impl RateLimit {
    /// Reads `X-RateLimit-{Limit,Remaining,Used,Reset,Resource}`; `None`
    /// unless limit, remaining and reset are present and numeric.
    pub fn from_headers(resp: &HttpResponse) -> Option<RateLimit> {
        let number = |name: &str| -> Option<u64> { resp.header(name)?.trim().parse().ok() };
        let limit = number("X-RateLimit-Limit")?;
        let remaining = number("X-RateLimit-Remaining")?;
        let reset_s = number("X-RateLimit-Reset")?;
        let used = number("X-RateLimit-Used").unwrap_or(limit.saturating_sub(remaining));
        let resource = resp
            .header("X-RateLimit-Resource")
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        Some(RateLimit {
            limit,
            remaining,
            used,
            reset_s,
            resource,
        })
    }

    /// Whether this reading replaces `old`. Answers to parallel requests
    /// arrive in any order, so within one window the lowest remaining count
    /// is the latest; a later window replaces an earlier one, never the
    /// other way round.
    pub fn supersedes(&self, old: &RateLimit) -> bool {
        if self.resource != old.resource {
            return true;
        }
        match self.reset_s.cmp(&old.reset_s) {
            std::cmp::Ordering::Greater => true,
            std::cmp::Ordering::Less => false,
            std::cmp::Ordering::Equal => self.remaining <= old.remaining,
        }
    }

    /// Whole seconds until the reset, from `now_ms` (Unix milliseconds).
    pub fn seconds_until_reset(&self, now_ms: u64) -> u64 {
        self.reset_s.saturating_sub(now_ms / 1000)
    }
}
