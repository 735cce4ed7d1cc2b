//! Sends the core's request values over blocking HTTP (ureq with rustls).
//!
//! This file only moves bytes: it sends exactly the method, URL, headers and
//! body the core built, and hands back status, headers and body as they came,
//! whatever the status (a `404` is an answer, not an error). A connection
//! that cannot be made becomes [`TransportFailure::Unreachable`]; no answer
//! within [`TIMEOUT`] becomes [`TransportFailure::Timeout`]. Retries are the
//! core's decision, never this file's.

use std::time::Duration;

use ghcr_setup_core::engine::TransportFailure;
use ghcr_setup_core::http::{HttpRequest, HttpResponse, Method};
use ureq::config::RedirectAuthHeaders;
use ureq::http;

/// The longest one request may take, answer body included.
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The most of an answer body that is read (the Contents API caps files at 1 MB,
/// base64 makes that about 1.4 MB).
const MAX_BODY_BYTES: u64 = 16 * 1024 * 1024;

/// Something that answers the core's requests; [`Http`] for real, a script in tests.
pub trait Transport: Sync {
    /// Sends `request` and waits for its answer.
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportFailure>;
}

/// The real transport: one connection pool shared by every request of a run.
pub struct Http {
    agent: ureq::Agent,
}

impl Http {
    /// A transport with the 15-second time limit and the CLI's `User-Agent`.
    pub fn new() -> Self {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(TIMEOUT))
            // GitHub redirects renamed repositories within api.github.com; the
            // token follows only to the same host.
            .redirect_auth_headers(RedirectAuthHeaders::SameHost)
            .user_agent(concat!("ghcr-setup-cli/", env!("CARGO_PKG_VERSION")))
            .build();
        Http {
            agent: ureq::Agent::new_with_config(config),
        }
    }
}

impl Transport for Http {
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
        let method = match request.method {
            Method::Get => http::Method::GET,
            Method::Post => http::Method::POST,
            Method::Put => http::Method::PUT,
            Method::Patch => http::Method::PATCH,
            Method::Delete => http::Method::DELETE,
        };
        let mut builder = http::Request::builder()
            .method(method)
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let sent = match &request.body {
            Some(body) => builder
                .body(body.clone())
                .map_err(|e| invalid_request(&e))
                .and_then(|r| self.agent.run(r).map_err(|e| failure(&e))),
            None => builder
                .body(())
                .map_err(|e| invalid_request(&e))
                .and_then(|r| self.agent.run(r).map_err(|e| failure(&e))),
        };
        let mut response = sent?;
        let status = response.status().as_u16();
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| {
                let value = value.to_str().ok()?;
                Some((name.as_str().to_string(), value.to_string()))
            })
            .collect();
        let bytes = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_vec()
            .map_err(|e| failure(&e))?;
        Ok(HttpResponse {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        })
    }
}

/// The request could not even be built (a header value with a line break).
/// The message names no header value: one of them is the token.
fn invalid_request(_: &http::Error) -> TransportFailure {
    TransportFailure::Unreachable("the request could not be built (invalid URL or header)".into())
}

/// Sorts a ureq error into the two failures the core knows.
fn failure(err: &ureq::Error) -> TransportFailure {
    match err {
        ureq::Error::Timeout(_) => TransportFailure::Timeout,
        ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
            TransportFailure::Timeout
        }
        ureq::Error::Io(io) => TransportFailure::Unreachable(io.to_string()),
        other => TransportFailure::Unreachable(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refused_connection_is_unreachable_and_names_no_header() {
        let request = HttpRequest {
            method: Method::Get,
            // Port 9 (discard) on loopback: nothing listens there.
            url: "http://127.0.0.1:9/user".into(),
            headers: vec![("Authorization".into(), "Bearer secret-value".into())],
            body: None,
        };
        match Http::new().send(&request) {
            Err(TransportFailure::Unreachable(detail)) => {
                assert!(!detail.is_empty());
                assert!(!detail.contains("secret-value"), "{detail}");
            }
            other => panic!("expected Unreachable, got {other:?}"),
        }
    }

    #[test]
    fn a_header_with_a_line_break_fails_without_echoing_it() {
        let request = HttpRequest {
            method: Method::Get,
            url: "http://127.0.0.1:9/user".into(),
            headers: vec![("Authorization".into(), "Bearer a\nb-secret".into())],
            body: None,
        };
        match Http::new().send(&request) {
            Err(TransportFailure::Unreachable(detail)) => {
                assert!(!detail.contains("b-secret"), "{detail}");
            }
            other => panic!("expected Unreachable, got {other:?}"),
        }
    }
}
