//! A pure conditional-request cache: remembers each URL's `ETag` and body so
//! a `304 Not Modified` (free against the rate limit) can be answered from
//! memory.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::http::HttpResponse;

use super::error::{classify, ApiError, Classified};

/// ETag and body per URL. Clear it when the token changes: answers depend
/// on who asks.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EtagCache {
    entries: HashMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    etag: String,
    body: String,
}

impl EtagCache {
    pub fn new() -> Self {
        EtagCache::default()
    }

    /// The ETag to send as `If-None-Match` for `url`, if one is stored.
    pub fn etag_for(&self, url: &str) -> Option<&str> {
        self.entries.get(url).map(|entry| entry.etag.as_str())
    }

    /// The stored body for `url`.
    pub fn body_for(&self, url: &str) -> Option<&str> {
        self.entries.get(url).map(|entry| entry.body.as_str())
    }

    /// Classifies the answer for `url` and returns the body to use: a fresh
    /// 2xx body (stored when it carries an ETag) or, on 304, the cached body.
    /// A 304 with nothing cached is [`ApiError::Malformed`].
    pub fn resolve(&mut self, url: &str, resp: &HttpResponse) -> Result<String, ApiError> {
        match classify(resp)? {
            Classified::Fresh { body, etag, .. } => {
                match etag {
                    Some(etag) => {
                        self.entries.insert(
                            url.to_string(),
                            Entry {
                                etag,
                                body: body.clone(),
                            },
                        );
                    }
                    None => {
                        self.entries.remove(url);
                    }
                }
                Ok(body)
            }
            Classified::NotModified => self.body_for(url).map(str::to_string).ok_or_else(|| {
                ApiError::Malformed("304 Not Modified for an answer that is not cached".into())
            }),
        }
    }

    /// Number of cached URLs.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The cache as JSON, to keep answers that are the same for everyone
    /// (public release lists and tags) between visits, whether asked with a
    /// token or without: it holds URLs, ETags and bodies, never a header
    /// sent. Never store a cache of answers that depend on who asked.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A cache read back from [`EtagCache::to_json`]; empty when unreadable.
    pub fn from_json(text: &str) -> EtagCache {
        serde_json::from_str(text).unwrap_or_default()
    }

    /// Keeps only the URLs for which `keep` is true.
    pub fn retain(&mut self, keep: impl Fn(&str) -> bool) {
        self.entries.retain(|url, _| keep(url));
    }

    /// Forgets everything (sign-out, token change).
    pub fn clear(&mut self) {
        self.entries.clear();
    }
}
