//! Turning an API answer into success or a specific [`ApiError`], with a calm
//! title and a concrete next step for each kind of failure.

use std::fmt;

use serde_json::Value;

use crate::http::HttpResponse;
use crate::token::Scopes;

/// One entry of the `errors` array of GitHub's error body.
///
/// GitHub sends either objects (`resource`, `field`, `code`, `message`) or
/// plain strings; a string lands in `message`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorDetail {
    pub resource: Option<String>,
    pub field: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
}

impl ErrorDetail {
    fn from_value(value: &Value) -> Self {
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
        match value {
            Value::String(message) => ErrorDetail {
                message: Some(message.clone()),
                ..ErrorDetail::default()
            },
            _ => ErrorDetail {
                resource: text("resource"),
                field: text("field"),
                code: text("code"),
                message: text("message"),
            },
        }
    }

    /// A one-line description.
    pub fn describe(&self) -> String {
        if let Some(message) = &self.message {
            return message.clone();
        }
        let parts: Vec<&str> = [&self.resource, &self.field, &self.code]
            .into_iter()
            .filter_map(|part| part.as_deref())
            .collect();
        parts.join(" ")
    }
}

/// GitHub's error body: `{ message, documentation_url, errors }`. Every
/// field is optional because proxies and servers may send anything.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorBody {
    pub message: Option<String>,
    pub documentation_url: Option<String>,
    pub errors: Vec<ErrorDetail>,
}

impl ErrorBody {
    /// Reads the body leniently; anything unreadable gives an empty body.
    pub fn parse(body: &str) -> Self {
        let Ok(value) = serde_json::from_str::<Value>(body) else {
            return ErrorBody::default();
        };
        let text = |name: &str| value.get(name).and_then(Value::as_str).map(str::to_string);
        let errors = value
            .get("errors")
            .and_then(Value::as_array)
            .map(|items| items.iter().map(ErrorDetail::from_value).collect())
            .unwrap_or_default();
        ErrorBody {
            message: text("message"),
            documentation_url: text("documentation_url"),
            errors,
        }
    }
}

/// Why an API call did not succeed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the token is wrong, expired or revoked.
    BadCredentials(ErrorBody),
    /// 403 and `X-Accepted-OAuth-Scopes` names scopes the token lacks.
    MissingScopes {
        needed: Vec<String>,
        have: Vec<String>,
    },
    /// 403 with `X-GitHub-SSO: required; url=…`.
    SsoRequired { authorize_url: Option<String> },
    /// 403 because the org has OAuth App access restrictions.
    OAuthAppRestricted { org: Option<String> },
    /// Primary (`X-RateLimit-Remaining: 0`) or secondary (`Retry-After`)
    /// rate limit.
    RateLimited {
        reset_at_s: Option<u64>,
        retry_after_s: Option<u64>,
        secondary: bool,
    },
    /// A secondary rate limit whose `Retry-After` (`wait_s`) is longer than
    /// the engine waits on its own (`max_wait_s`): the call gave up; GitHub
    /// takes requests again at `until_ms` (Unix milliseconds).
    WaitTooLong {
        wait_s: u64,
        until_ms: u64,
        max_wait_s: u64,
    },
    /// Any other 403.
    Forbidden(ErrorBody),
    /// 409 "Git Repository is empty": the repository has no commit yet, so
    /// the contents and git APIs have nothing to show.
    EmptyRepository,
    /// 404: absent, or invisible to this token.
    NotFound(ErrorBody),
    /// 422 with GitHub's `errors` list.
    Validation(ErrorBody),
    /// 5xx.
    Server { status: u16 },
    /// The request got no answer (set by the shell).
    Network(String),
    /// The request took too long (set by the shell).
    Timeout,
    /// A success answer that could not be read.
    Malformed(String),
    /// Any other status.
    Unexpected { status: u16, body: ErrorBody },
}

/// A successful answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Classified {
    /// 2xx with a body (possibly empty, e.g. 204).
    Fresh {
        status: u16,
        body: String,
        etag: Option<String>,
    },
    /// 304: the cached copy is still current.
    NotModified,
}

/// Sorts an answer into success or a specific [`ApiError`].
pub fn classify(resp: &HttpResponse) -> Result<Classified, ApiError> {
    let status = resp.status;
    match status {
        200..=299 => Ok(Classified::Fresh {
            status,
            body: resp.body.clone(),
            etag: resp.header("ETag").map(str::to_string),
        }),
        304 => Ok(Classified::NotModified),
        401 => Err(ApiError::BadCredentials(ErrorBody::parse(&resp.body))),
        403 | 429 => Err(classify_refusal(resp)),
        404 => Err(ApiError::NotFound(ErrorBody::parse(&resp.body))),
        409 => Err(classify_conflict(resp)),
        422 => Err(ApiError::Validation(ErrorBody::parse(&resp.body))),
        500..=599 => Err(ApiError::Server { status }),
        _ => Err(ApiError::Unexpected {
            status,
            body: ErrorBody::parse(&resp.body),
        }),
    }
}

/// 409: an empty repository (GitHub's message says so), or any other conflict.
fn classify_conflict(resp: &HttpResponse) -> ApiError {
    let body = ErrorBody::parse(&resp.body);
    let empty = body
        .message
        .as_deref()
        .is_some_and(|m| m.to_ascii_lowercase().contains("git repository is empty"));
    if empty {
        ApiError::EmptyRepository
    } else {
        ApiError::Unexpected { status: 409, body }
    }
}

/// 403 and 429: rate limit first, then SSO, OAuth App restrictions,
/// scopes, and plain refusal.
fn classify_refusal(resp: &HttpResponse) -> ApiError {
    let body = ErrorBody::parse(&resp.body);
    let message = body.message.clone().unwrap_or_default();
    if let Some(limited) = rate_limited(resp, &message) {
        return limited;
    }
    if let Some(sso) = resp.header("X-GitHub-SSO") {
        if sso.trim_start().starts_with("required") {
            return ApiError::SsoRequired {
                authorize_url: sso_url(sso),
            };
        }
    }
    if message.contains("OAuth App access restrictions") {
        return ApiError::OAuthAppRestricted {
            org: backticked_name(&message),
        };
    }
    if let Some(missing) = missing_scopes(resp) {
        return missing;
    }
    if resp.status == 429 {
        return ApiError::RateLimited {
            reset_at_s: None,
            retry_after_s: None,
            secondary: true,
        };
    }
    ApiError::Forbidden(body)
}

fn header_u64(resp: &HttpResponse, name: &str) -> Option<u64> {
    resp.header(name)?.trim().parse().ok()
}

fn rate_limited(resp: &HttpResponse, message: &str) -> Option<ApiError> {
    let retry_after_s = header_u64(resp, "Retry-After");
    let exhausted = header_u64(resp, "X-RateLimit-Remaining") == Some(0);
    let secondary_text = message
        .to_ascii_lowercase()
        .contains("secondary rate limit");
    if retry_after_s.is_none() && !exhausted && !secondary_text {
        return None;
    }
    Some(ApiError::RateLimited {
        reset_at_s: header_u64(resp, "X-RateLimit-Reset"),
        retry_after_s,
        secondary: retry_after_s.is_some() || secondary_text || !exhausted,
    })
}

/// `required; url=https://github.com/orgs/x/sso?authorization_request=…`.
fn sso_url(header: &str) -> Option<String> {
    header
        .split(';')
        .filter_map(|part| part.trim().strip_prefix("url="))
        .map(|url| url.trim().to_string())
        .find(|url| !url.is_empty())
}

/// The first name between backticks, as in "the `octo-org` organization".
fn backticked_name(message: &str) -> Option<String> {
    let start = message.find('`')? + 1;
    let len = message[start..].find('`')?;
    let name = &message[start..start + len];
    (!name.is_empty()).then(|| name.to_string())
}

/// A scope refusal: `X-Accepted-OAuth-Scopes` lists scopes of which none is
/// given by `X-OAuth-Scopes`. Needs both headers (fine-grained tokens have
/// no `X-OAuth-Scopes`).
fn missing_scopes(resp: &HttpResponse) -> Option<ApiError> {
    let accepted = split_list(resp.header("X-Accepted-OAuth-Scopes")?);
    let have_header = resp.header("X-OAuth-Scopes")?;
    let have = Scopes::parse_header(have_header);
    if accepted.is_empty() || accepted.iter().any(|scope| have.has_name(scope)) {
        return None;
    }
    Some(ApiError::MissingScopes {
        needed: accepted,
        have: split_list(have_header),
    })
}

fn split_list(header: &str) -> Vec<String> {
    header
        .split(',')
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .map(str::to_string)
        .collect()
}

impl ApiError {
    /// Whether the request may have reached GitHub and been carried out
    /// although no usable answer came back: a timeout, a connection lost, or
    /// a 5xx (GitHub's front end answers 502 or 504 for work still going on
    /// behind it). A write that ended so has an unknown outcome.
    pub fn outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Timeout | ApiError::Network(_) | ApiError::Server { .. }
        )
    }

    /// A short, calm title.
    pub fn title(&self) -> String {
        match self {
            ApiError::BadCredentials(_) => "GitHub did not accept the token".into(),
            ApiError::MissingScopes { needed, .. } => match needed.as_slice() {
                [] => "The token lacks a scope this needs".into(),
                [single] => format!("The token lacks the `{single}` scope"),
                _ => format!("The token lacks the scope this needs ({})", one_of(needed)),
            },
            ApiError::SsoRequired { .. } => {
                "The token is not authorized for this organization's single sign-on".into()
            }
            ApiError::OAuthAppRestricted { org: Some(org) } => {
                format!("The {org} organization has not approved this app")
            }
            ApiError::OAuthAppRestricted { org: None } => {
                "The organization has not approved this app".into()
            }
            ApiError::RateLimited {
                secondary: true, ..
            } => "GitHub asked us to slow down".into(),
            ApiError::RateLimited {
                secondary: false, ..
            } => "The hourly API limit is used up".into(),
            ApiError::WaitTooLong { wait_s, .. } => {
                format!("GitHub asked us to wait {}", about(*wait_s))
            }
            ApiError::Forbidden(_) => "GitHub refused this request".into(),
            ApiError::NotFound(_) => "Not found, or not visible to this token".into(),
            ApiError::EmptyRepository => {
                "The repository is empty: it has no commit yet (HTTP 409)".into()
            }
            ApiError::Validation(_) => "GitHub could not process the request (HTTP 422)".into(),
            ApiError::Server { status } => format!("GitHub had a problem (HTTP {status})"),
            ApiError::Network(_) => "GitHub could not be reached".into(),
            ApiError::Timeout => "GitHub took too long to answer".into(),
            ApiError::Malformed(_) => "GitHub's answer could not be read".into(),
            ApiError::Unexpected { status, .. } => {
                format!("Unexpected answer from GitHub (HTTP {status})")
            }
        }
    }

    /// What the person can do next.
    pub fn what_to_do(&self) -> String {
        match self {
            ApiError::BadCredentials(_) => "The token may have expired or been revoked. Sign in again or paste a new token.".into(),
            ApiError::MissingScopes { needed, .. } => format!(
                "Sign in again and grant {}, or paste a classic token that has it.",
                one_of(needed)
            ),
            ApiError::SsoRequired { authorize_url: Some(url) } => format!("Authorize the token for single sign-on at {url}, then re-check."),
            ApiError::SsoRequired { authorize_url: None } => "Authorize the token for the organization's single sign-on (GitHub settings → Tokens → Configure SSO), then re-check.".into(),
            ApiError::OAuthAppRestricted { .. } => "An organization owner must approve this OAuth App (Organization settings → Third-party access), or you can request approval when signing in. A classic token also works.".into(),
            ApiError::WaitTooLong { wait_s, until_ms, max_wait_s } => format!(
                "GitHub asked to wait {wait_s} seconds ({}) before the next request, longer than this tool waits on its own ({}). Try again after {}. If it keeps happening, another tool or browser tab is sending many requests with the same token.",
                about(*wait_s),
                about(*max_wait_s),
                crate::time::format_utc(*until_ms)
            ),
            ApiError::RateLimited { retry_after_s: Some(s), .. } => slow_down_advice(Some(*s)),
            ApiError::RateLimited { secondary: true, .. } => slow_down_advice(None),
            ApiError::RateLimited { .. } => "Wait until the limit resets (shown in the summary bar); re-checks use cached answers meanwhile.".into(),
            ApiError::Forbidden(body) => with_message("Your account may not have admin rights on this repository or organization.", body),
            ApiError::NotFound(_) => "GitHub answers 404 both for a repository that does not exist and for one your token cannot see. Check the name, or sign in with the `repo` scope.".into(),
            ApiError::EmptyRepository => "GitHub answers so until the default branch has a first commit. Push one (a README is enough), then re-check; the workflow can then be proposed as a pull request.".into(),
            ApiError::Validation(body) => with_message("GitHub found the request invalid. Try again; if it repeats, please report it.", body),
            ApiError::Server { .. } => "This is usually brief. Try again in a minute; githubstatus.com shows outages.".into(),
            ApiError::Network(_) => "Check your connection, or whether an extension or firewall blocks api.github.com (or the configured API base).".into(),
            ApiError::Timeout => "Try again; if it keeps happening, check your connection.".into(),
            ApiError::Malformed(detail) => format!("Try again. If it repeats, the API base may not point at GitHub ({detail})."),
            ApiError::Unexpected { body, .. } => with_message("Try again; if it repeats, please report it.", body),
        }
    }
}

/// What to do once a secondary rate limit outlasted the retries: the
/// engine has stopped waiting by then, so the person waits and re-checks.
fn slow_down_advice(retry_after_s: Option<u64>) -> String {
    let wait = match retry_after_s.map_or(1, |s| s.div_ceil(60)) {
        0 | 1 => "a minute".to_string(),
        minutes => format!("about {minutes} minutes"),
    };
    let asked = retry_after_s.map_or(String::new(), |s| {
        format!(" (GitHub asked for at least {s} seconds)")
    });
    format!("Wait {wait}{asked}, then re-check or try again. If it keeps happening, another tool or browser tab is sending requests with the same token at the same time.")
}

/// A wait in words: "2 minutes", "about 24 hours", "45 seconds".
fn about(secs: u64) -> String {
    let (n, unit, exact) = match secs {
        0..120 => (secs, "second", true),
        120..7_200 => (secs.div_ceil(60), "minute", secs.is_multiple_of(60)),
        _ => (secs.div_ceil(3_600), "hour", secs.is_multiple_of(3_600)),
    };
    let plural = if n == 1 { "" } else { "s" };
    let approx = if exact { "" } else { "about " };
    format!("{approx}{n} {unit}{plural}")
}

fn one_of(scopes: &[String]) -> String {
    let quoted: Vec<String> = scopes.iter().map(|s| format!("`{s}`")).collect();
    match quoted.as_slice() {
        [single] => single.clone(),
        _ => format!("one of {}", quoted.join(", ")),
    }
}

fn with_message(advice: &str, body: &ErrorBody) -> String {
    let details: Vec<String> = body.errors.iter().map(ErrorDetail::describe).collect();
    let message = body
        .message
        .as_deref()
        .map(|m| m.trim().trim_end_matches('.'));
    let said = match (message, details.is_empty()) {
        (Some(message), true) => format!(" GitHub says: {message}."),
        (Some(message), false) => format!(" GitHub says: {message} ({}).", details.join("; ")),
        (None, false) => format!(" GitHub says: {}.", details.join("; ")),
        (None, true) => String::new(),
    };
    format!("{advice}{said}")
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}. {}", self.title(), self.what_to_do())
    }
}
