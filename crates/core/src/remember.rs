//! "Remember on this device": where a token may be kept between visits, for
//! how long, how it is written, and when a kept token is forgotten.
//!
//! The shell stores the text [`encode`] returns and hands back whatever it
//! finds; every decision is made here:
//!
//! - A page on `*.github.io` under a sub-path (a project site,
//!   `https://OWNER.github.io/REPO/`) shares its origin, and so its storage,
//!   with every other Pages site of that account: remembering is refused
//!   there ([`remember_place`]).
//! - A remembered token expires [`REMEMBER_DAYS`] after it was kept.
//! - A remembered token is forgotten only when GitHub rejects it (`401`):
//!   an offline start, a timeout or a `5xx` keeps it ([`forget_after`]).

use crate::api::ApiError;
use crate::token::{Secret, TokenKind};

/// How long a remembered token is kept.
pub const REMEMBER_DAYS: u64 = 30;

const DAY_MS: u64 = 24 * 60 * 60 * 1000;

/// Whether this page may keep a token in the browser's storage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RememberPlace {
    /// The origin is this app's own (as far as the URL tells).
    Allowed,
    /// A project site on `github.io`: `origin` is shared with every other
    /// Pages site of the account.
    SharedOrigin { origin: String },
}

impl RememberPlace {
    pub fn is_allowed(&self) -> bool {
        matches!(self, RememberPlace::Allowed)
    }

    /// Why remembering is off, in a sentence; `None` when it is allowed.
    pub fn refusal(&self) -> Option<String> {
        match self {
            RememberPlace::Allowed => None,
            RememberPlace::SharedOrigin { origin } => Some(format!(
                "Remembering is off on this copy: {origin} is shared by every GitHub Pages site of that account, \
                 and any of them could read a token kept here. Your token stays in this tab's memory; \
                 to be remembered, use a copy of ghcr-setup on its own domain."
            )),
        }
    }
}

/// Where `page_url` (the page's full address) lets a token be kept.
pub fn remember_place(page_url: &str) -> RememberPlace {
    let Some(rest) = page_url
        .strip_prefix("https://")
        .or_else(|| page_url.strip_prefix("http://"))
    else {
        return RememberPlace::Allowed;
    };
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..end].to_ascii_lowercase();
    let host_only = host.split(':').next().unwrap_or_default();
    let path = rest[end..]
        .split(['?', '#'])
        .next()
        .unwrap_or_default()
        .trim_start_matches('/');
    let on_pages = host_only.ends_with(".github.io");
    if on_pages && !path.is_empty() && !is_root_file(path) {
        let scheme = if page_url.starts_with("https://") {
            "https"
        } else {
            "http"
        };
        RememberPlace::SharedOrigin {
            origin: format!("{scheme}://{host}"),
        }
    } else {
        RememberPlace::Allowed
    }
}

/// `index.html` at the root is the user site itself, not a project site.
fn is_root_file(path: &str) -> bool {
    !path.contains('/') && path.ends_with(".html")
}

/// The text to keep for `token`, remembered at `now_ms` (milliseconds since
/// the epoch).
pub fn encode(token: &Secret, now_ms: u64) -> String {
    encode_until(token, now_ms.saturating_add(REMEMBER_DAYS * DAY_MS))
}

/// The text to keep for `token` expiring at `expires_ms` (re-written as it
/// was when a remembered token is verified again: the term is not extended).
pub fn encode_until(token: &Secret, expires_ms: u64) -> String {
    serde_json::json!({ "token": token.expose(), "expires_ms": expires_ms }).to_string()
}

/// What a kept text holds at `now_ms`.
#[derive(Debug, PartialEq, Eq)]
pub enum Restored {
    /// A token still within its time, and when it expires.
    Token { token: Secret, expires_ms: u64 },
    /// The token's time is over (or it was kept without one): forget it.
    Expired,
    /// Not something [`encode`] wrote: forget it.
    Unreadable,
}

/// Reads a text written by [`encode`]. A bare token (kept before tokens
/// expired) has no date and counts as expired.
pub fn decode(text: &str, now_ms: u64) -> Restored {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(text) else {
        return if looks_like_bare_token(text) {
            Restored::Expired
        } else {
            Restored::Unreadable
        };
    };
    let token = value.get("token").and_then(|t| t.as_str());
    let expires = value.get("expires_ms").and_then(|e| e.as_u64());
    match (token, expires) {
        (Some(token), Some(expires_ms)) if !token.is_empty() => {
            // A date further away than one full term was not written by encode.
            if expires_ms <= now_ms || expires_ms > now_ms.saturating_add(REMEMBER_DAYS * DAY_MS) {
                Restored::Expired
            } else {
                Restored::Token {
                    token: Secret::new(token),
                    expires_ms,
                }
            }
        }
        _ => Restored::Unreadable,
    }
}

fn looks_like_bare_token(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 255
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Whether a remembered token must be forgotten after verifying it failed
/// with `err`: only when GitHub said it is not valid (`401`). Any other
/// failure (offline, timeout, `5xx`, rate limit) says nothing about the
/// token, which is kept for the next visit.
pub fn forget_after(err: &ApiError) -> bool {
    matches!(err, ApiError::BadCredentials(_))
}

/// Days (rounded up) until `expires_ms`, for "remembered for N more days".
pub fn days_left(expires_ms: u64, now_ms: u64) -> u64 {
    expires_ms.saturating_sub(now_ms).div_ceil(DAY_MS)
}

/// Where GitHub revokes a token of `kind` for good (expiring it here only
/// stops this browser from using it), in a sentence with the address.
pub fn how_to_revoke(kind: TokenKind) -> (&'static str, &'static str) {
    match kind {
        TokenKind::OAuth => (
            "Revoke it under GitHub → Settings → Applications → Authorized OAuth Apps.",
            "https://github.com/settings/applications",
        ),
        TokenKind::FineGrainedPat => (
            "Revoke it under GitHub → Settings → Developer settings → Fine-grained tokens.",
            "https://github.com/settings/personal-access-tokens",
        ),
        TokenKind::AppUser => (
            "Revoke it under GitHub → Settings → Applications → Authorized GitHub Apps.",
            "https://github.com/settings/apps/authorizations",
        ),
        _ => (
            "Revoke it under GitHub → Settings → Developer settings → Personal access tokens.",
            "https://github.com/settings/tokens",
        ),
    }
}
