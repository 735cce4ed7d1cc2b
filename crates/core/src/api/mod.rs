//! Talking to GitHub's REST API as plain values: which request to send for
//! an [`Endpoint`], how to read the answer ([`classify`], [`parse_json`]),
//! rate limits, conditional requests and retries.
//!
//! The base is configurable (`https://api.github.com`, GitHub Enterprise
//! Server `https://HOST/api/v3`, or a loopback fake). No
//! `X-GitHub-Api-Version` header is sent: browsers' CORS preflight to
//! api.github.com may refuse it.

pub mod actions;
pub mod contents;
mod endpoint;
mod error;
mod etag;
pub mod git;
pub mod package;
mod rate_limit;
mod retry;
mod types;

pub use endpoint::{
    normalize_base, BaseHead, Endpoint, GitRef, DEFAULT_API_BASE, ENDPOINT_TEMPLATES, PACKAGE_TYPE,
};
pub use error::{classify, ApiError, Classified, ErrorBody, ErrorDetail};
pub use etag::EtagCache;
pub use rate_limit::RateLimit;
pub use retry::{RetryPolicy, MAX_CONCURRENT_REQUESTS};
pub use types::{OwnerKind, Repo, RepoOwner, RepoPermissions, User};

use serde::de::DeserializeOwned;

use crate::http::HttpRequest;
use crate::token::Secret;

/// The media type GitHub recommends for REST calls.
pub const ACCEPT: &str = "application/vnd.github+json";

/// Builds the request for `ep` under `base`.
///
/// Headers: `Accept: application/vnd.github+json`; `Authorization: Bearer …`
/// with a token; `If-None-Match` with an ETag; `Content-Type:
/// application/json` with a body.
pub fn build_request(
    base: &str,
    ep: &Endpoint,
    token: Option<&Secret>,
    etag: Option<&str>,
    body: Option<String>,
) -> HttpRequest {
    let mut headers = vec![("Accept".to_string(), ACCEPT.to_string())];
    if let Some(token) = token {
        headers.push((
            "Authorization".to_string(),
            format!("Bearer {}", token.expose()),
        ));
    }
    if let Some(etag) = etag {
        headers.push(("If-None-Match".to_string(), etag.to_string()));
    }
    if body.is_some() {
        headers.push(("Content-Type".to_string(), "application/json".to_string()));
    }
    HttpRequest {
        method: ep.method(),
        url: ep.url(base),
        headers,
        body,
    }
}

/// Reads a JSON answer into `T`; extra fields are ignored, a missing
/// required field or invalid JSON gives [`ApiError::Malformed`].
pub fn parse_json<T: DeserializeOwned>(body: &str) -> Result<T, ApiError> {
    serde_json::from_str(body).map_err(|err| ApiError::Malformed(err.to_string()))
}
