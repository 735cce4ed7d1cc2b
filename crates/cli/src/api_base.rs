//! The API base `check` talks to, validated before any request is made.
//!
//! An [`ApiBase`] is an `https://` URL, or an `http://` URL whose host is a
//! loopback address (the fake GitHub in tests and the offline demo): the
//! token goes with every request, so it never crosses a network unencrypted.
//! No user name or password, query or fragment is accepted in it.

use std::fmt;
use std::net::IpAddr;

use ghcr_setup_core::api::{normalize_base, DEFAULT_API_BASE};

/// A usable API base, without a trailing `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiBase(String);

impl ApiBase {
    /// GitHub.com's API.
    pub fn github() -> Self {
        ApiBase(DEFAULT_API_BASE.to_string())
    }

    /// Checks `input`; the error says what would be accepted.
    pub fn parse(input: &str) -> Result<Self, String> {
        let base = normalize_base(input);
        let lower = base.to_ascii_lowercase();
        let (rest, https) = if let Some(rest) = lower.strip_prefix("https://") {
            (rest, true)
        } else if let Some(rest) = lower.strip_prefix("http://") {
            (rest, false)
        } else {
            return Err(format!(
                "`{base}` is not an http(s) URL; use e.g. {DEFAULT_API_BASE} or https://HOST/api/v3"
            ));
        };
        let authority = rest.split('/').next().unwrap_or_default();
        if authority.is_empty() {
            return Err(format!("`{base}` names no host"));
        }
        if authority.contains('@') {
            return Err("the API base must not contain a user name or password".into());
        }
        if base.contains(['?', '#']) {
            return Err(format!(
                "`{base}` has a query or fragment; give only the base URL"
            ));
        }
        if !https && !is_loopback(authority) {
            return Err(format!(
                "`{base}` is plain http: the token would cross the network unencrypted; use https:// (plain http is accepted only for loopback addresses)"
            ));
        }
        Ok(ApiBase(base))
    }

    /// The base as text, for the core's request builder.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApiBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether `authority` (`host`, `host:port`, `[v6]:port`) names this machine.
fn is_loopback(authority: &str) -> bool {
    let host = if let Some(v6) = authority.strip_prefix('[') {
        v6.split(']').next().unwrap_or_default()
    } else {
        authority.split(':').next().unwrap_or_default()
    };
    host == "localhost" || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_https_and_loopback_http() {
        for ok in [
            "https://api.github.com",
            "https://ghe.example.com/api/v3/",
            "http://127.0.0.1:8080",
            "http://localhost:3000",
            "http://[::1]:9",
            "  http://127.0.0.2  ",
        ] {
            assert!(ApiBase::parse(ok).is_ok(), "{ok}");
        }
        assert_eq!(
            ApiBase::parse("https://h.example/api/v3/").map(|b| b.to_string()),
            Ok("https://h.example/api/v3".to_string())
        );
        assert_eq!(
            ApiBase::parse("").map(|b| b.to_string()),
            Ok(DEFAULT_API_BASE.to_string())
        );
    }

    #[test]
    fn refuses_what_would_leak_or_cannot_work() {
        for bad in [
            "http://api.github.com",
            "http://10.0.0.1",
            "http://127.0.0.1.example.com",
            "ftp://x",
            "api.github.com",
            "https://user:pw@h.example",
            "https://",
            "https://h.example/?x=1",
        ] {
            assert!(ApiBase::parse(bad).is_err(), "{bad}");
        }
    }
}
