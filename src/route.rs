//! Hash routing: `#/generate?repo=o/r`, `#/check/o/r`, …
//!
//! Hash routes work unchanged on a GitHub Pages sub-path
//! (`https://OWNER.github.io/REPO/`), survive reloads without a 404.html
//! trick, and keep query state out of the server's logs.

/// A page of the app and the state its URL carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// The generator; `query` is the raw option query string.
    Generate {
        query: String,
    },
    Analyze,
    /// Checklist for a repository; `repo` is what the URL said, not yet validated.
    Check {
        repo: String,
    },
    /// Sign-in; `next` is the route to continue to afterwards.
    SignIn {
        next: Option<String>,
    },
    NotFound {
        path: String,
    },
}

/// The navigation sections, for `aria-current`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Home,
    Generate,
    Analyze,
    Check,
    SignIn,
    None,
}

impl Route {
    /// Parses `location.hash` (with or without the leading `#`).
    pub fn parse(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let path = path.trim_end_matches('/');
        match path {
            "" => Route::Home,
            "/generate" => Route::Generate {
                query: query.to_string(),
            },
            "/analyze" => Route::Analyze,
            "/signin" => Route::SignIn {
                next: query_param(query, "next").filter(|n| n.starts_with('/')),
            },
            "/check" => Route::Check {
                repo: query_param(query, "repo").unwrap_or_default(),
            },
            p if p.starts_with("/check/") => Route::Check {
                repo: decode(&p["/check/".len()..]),
            },
            p => Route::NotFound { path: decode(p) },
        }
    }

    /// The `href` of this route, for links.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Generate { query } if query.is_empty() => "#/generate".into(),
            Route::Generate { query } => format!("#/generate?{query}"),
            Route::Analyze => "#/analyze".into(),
            Route::Check { repo } if repo.is_empty() => "#/check".into(),
            Route::Check { repo } => format!("#/check/{}", encode_path(repo)),
            Route::SignIn { next: None } => "#/signin".into(),
            Route::SignIn { next: Some(n) } => format!("#/signin?next={}", encode(n)),
            Route::NotFound { path } => format!("#{path}"),
        }
    }

    /// The hash without `#`, used for `SignIn { next }`.
    pub fn path(&self) -> String {
        self.href().trim_start_matches('#').to_string()
    }

    pub fn section(&self) -> Section {
        match self {
            Route::Home => Section::Home,
            Route::Generate { .. } => Section::Generate,
            Route::Analyze => Section::Analyze,
            Route::Check { .. } => Section::Check,
            Route::SignIn { .. } => Section::SignIn,
            Route::NotFound { .. } => Section::None,
        }
    }

    /// The document title for this page.
    pub fn title(&self) -> String {
        let page = match self {
            Route::Home => return "ghcr-setup — publish Docker images to GitHub Packages".into(),
            Route::Generate { .. } => "Generate workflow",
            Route::Analyze => "Analyze a workflow",
            Route::Check { .. } => "Check repository",
            Route::SignIn { .. } => "Sign in",
            Route::NotFound { .. } => "Page not found",
        };
        format!("{page} · ghcr-setup")
    }
}

/// The value of `key` in a query string, percent-decoded.
pub fn query_param(query: &str, key: &str) -> Option<String> {
    query.split('&').find_map(|pair| {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        (k == key).then(|| decode(v))
    })
}

fn decode(s: &str) -> String {
    let plus = s.replace('+', " ");
    let bytes = plus.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
            if let Ok(b) = u8::from_str_radix(hex, 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes everything but unreserved characters.
pub fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Like [`encode`] but keeps `/` (for `owner/repo` in a path).
fn encode_path(s: &str) -> String {
    s.split('/').map(encode).collect::<Vec<_>>().join("/")
}
