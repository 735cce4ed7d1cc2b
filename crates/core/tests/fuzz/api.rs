//! Fuzz target `api_answers`: how the core reads one answer from GitHub —
//! `api::classify`, `ErrorBody::parse`, `RateLimit::from_headers`, and
//! `FactValue::parse` for every kind of fact — on answers of any status,
//! with rate-limit, retry, scope and SSO headers holding anything, and
//! bodies that are GitHub's real answers (damaged or not), arbitrary JSON
//! or arbitrary text.
//!
//! Each status must land in its kind of result, the rate limit must be
//! read exactly when its three headers are numbers, and a success body
//! that does not fit must be `Malformed`, never a panic.

use ghcr_setup_core::api::{classify, ApiError, Classified, ErrorBody, RateLimit};
use ghcr_setup_core::check::facts::FactValue;
use ghcr_setup_core::check::FactKey;
use ghcr_setup_core::engine::Success;
use ghcr_setup_core::http::HttpResponse;
use ghcr_setup_core::names::{RepoPath, WorkflowFileName};
use ghcr_setup_core::token::Scopes;
use proptest::prelude::*;
use serde_json::Value;

use super::analyzer;
use super::harness::{sized, Target, MIB};
use super::mutate::{json_value, mutated_bytes, mutated_json, JSON_WORDS};
use crate::support::bodies;

const DEFAULT_CASES: u32 = 2_000;

/// Twenty parses of one answer, a workflow among them; 64 MiB is far above.
const MEMORY_CEILING: usize = 64 * MIB;

/// Every fact key, with a parameter where it takes one.
pub fn fact_keys() -> Vec<FactKey> {
    let file = WorkflowFileName::docker_image();
    let mut keys = vec![
        FactKey::User,
        FactKey::Repo,
        FactKey::Membership,
        FactKey::RepoActions,
        FactKey::RepoSelectedActions,
        FactKey::RepoWorkflowPermissions,
        FactKey::RepoRunners,
        FactKey::RepoSecrets,
        FactKey::RepoOrgSecrets,
        FactKey::OrgActions,
        FactKey::OrgSelectedActions,
        FactKey::OrgWorkflowPermissions,
        FactKey::OrgRunnerPolicy,
        FactKey::OrgRunnerRepos,
        FactKey::OrgRunners,
        FactKey::ImageOwner,
        FactKey::Package,
        FactKey::ProposalPulls,
        FactKey::WorkflowDir,
        FactKey::WorkflowFile(file.clone()),
        FactKey::WorkflowState(file.clone()),
        FactKey::WorkflowRuns(file),
    ];
    if let Ok(path) = RepoPath::parse("Dockerfile") {
        keys.push(FactKey::Dockerfile(path));
    }
    keys
}

/// GitHub's answers for every fact, as the tests' scripted GitHub sends them.
pub fn answer_seeds() -> Vec<String> {
    let workflow = analyzer::seeds().into_iter().next().unwrap_or_default();
    vec![
        bodies::user("octo"),
        bodies::repo("acme/app", true, true, true),
        bodies::repo("Octo/App", false, false, false),
        bodies::membership("admin"),
        bodies::actions(true, "selected", true),
        bodies::org_actions("selected", "local_only", false),
        bodies::selected(true, false, &["docker/*", "actions/checkout@*"]),
        bodies::workflow_permissions("write"),
        bodies::runner_policy("selected"),
        bodies::repositories(2, &["acme/app", "acme/tools"]),
        bodies::organization("platform"),
        bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")]),
        bodies::runners(&[("r1", "online", "2.300.0", &["self-hosted", "linux"])]),
        bodies::secrets(&[("CR_PAT", "2025-01-01T00:00:00Z")]),
        bodies::package("app", "private", Some("acme/app")),
        bodies::package("app", "public", None),
        bodies::dir(&["ci.yml", "docker-image.yml"]),
        bodies::file(".github/workflows/docker-image.yml", &workflow),
        bodies::file("Dockerfile", "FROM alpine\n"),
        bodies::workflow_state("disabled_manually"),
        bodies::runs(&[("completed", Some("failure")), ("in_progress", None)]),
        r#"{"message":"Resource not accessible by integration","documentation_url":"https://docs.github.com/rest","errors":[{"resource":"Repo","field":"name","code":"invalid"},"plain text"]}"#.into(),
        r#"{"message":"Although you appear to have the correct authorization credentials, the `acme` organization has enabled OAuth App access restrictions"}"#.into(),
        r#"{"message":"You have exceeded a secondary rate limit"}"#.into(),
    ]
}

/// An answer as the core sees it.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn response(&self) -> HttpResponse {
        HttpResponse {
            status: self.status,
            headers: self.headers.clone(),
            body: self.body.clone(),
        }
    }
}

/// Statuses GitHub and proxies send, and any other.
pub fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        6 => Just(200u16),
        4 => proptest::sample::select(&[201u16, 204, 304, 401, 403, 404, 409, 422, 429, 500, 502, 503][..]),
        1 => any::<u16>(),
    ]
}

/// A header value that is a number, almost one, or anything.
fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u64..100_000).prop_map(|n| n.to_string()),
        1 => Just("0".to_string()),
        1 => any::<u64>().prop_map(|n| n.to_string()),
        1 => Just("18446744073709551616".to_string()),
        1 => Just(" 60 ".to_string()),
        1 => Just("-1".to_string()),
        1 => Just("1.5".to_string()),
        1 => Just("Wed, 21 Oct 2026 07:28:00 GMT".to_string()),
        1 => "\\PC{0,12}",
    ]
}

const SCOPES: &[&str] = &[
    "repo",
    "read:org",
    "admin:org",
    "read:packages",
    "write:packages",
    "workflow",
    "",
    "user",
];

fn scope_list() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(SCOPES), 0..5).prop_map(|s| s.join(", "))
}

/// Headers GitHub sends that change what an answer means.
pub fn header() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        2 => number_text().prop_map(|v| ("Retry-After".to_string(), v)),
        2 => number_text().prop_map(|v| ("X-RateLimit-Remaining".to_string(), v)),
        2 => number_text().prop_map(|v| ("X-RateLimit-Limit".to_string(), v)),
        2 => number_text().prop_map(|v| ("X-RateLimit-Reset".to_string(), v)),
        1 => number_text().prop_map(|v| ("x-ratelimit-used".to_string(), v)),
        1 => "\\PC{0,10}".prop_map(|v| ("X-RateLimit-Resource".to_string(), v)),
        2 => scope_list().prop_map(|v| ("X-OAuth-Scopes".to_string(), v)),
        2 => scope_list().prop_map(|v| ("X-Accepted-OAuth-Scopes".to_string(), v)),
        1 => prop_oneof![
            Just("required; url=https://github.com/orgs/acme/sso?authorization_request=x".to_string()),
            Just("required".to_string()),
            Just("partial-results; organizations=1".to_string()),
            "\\PC{0,30}",
        ].prop_map(|v| ("X-GitHub-SSO".to_string(), v)),
        1 => "\\PC{0,20}".prop_map(|v| ("ETag".to_string(), v)),
        1 => ("\\PC{0,12}", "\\PC{0,20}"),
    ]
}

/// A body: a real answer (often damaged), arbitrary JSON or text.
pub fn body() -> impl Strategy<Value = String> {
    let seeds = answer_seeds();
    let values: Vec<Value> = seeds
        .iter()
        .filter_map(|s| serde_json::from_str(s).ok())
        .collect();
    let bytes: Vec<Vec<u8>> = seeds.iter().map(|s| s.clone().into_bytes()).collect();
    prop_oneof![
        3 => proptest::sample::select(seeds),
        5 => mutated_json(values, 4),
        3 => mutated_bytes(bytes, JSON_WORDS, 6).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        2 => json_value().prop_map(|v| v.to_string()),
        1 => any::<String>(),
    ]
}

fn answer() -> impl Strategy<Value = (Answer, Option<String>, bool)> {
    (
        status(),
        proptest::collection::vec(header(), 0..6),
        body(),
        proptest::option::of(scope_list()),
        any::<bool>(),
    )
        .prop_map(|(status, headers, body, scopes, from_cache)| {
            (
                Answer {
                    status,
                    headers,
                    body,
                },
                scopes,
                from_cache,
            )
        })
}

fn number(resp: &HttpResponse, name: &str) -> Option<u64> {
    resp.header(name)?.trim().parse().ok()
}

/// `classify` puts each status in its kind of result.
fn check_classify(resp: &HttpResponse) -> Result<(), TestCaseError> {
    let result = classify(resp);
    match (resp.status, &result) {
        (200..=299, Ok(Classified::Fresh { status, body, etag })) => {
            prop_assert_eq!(*status, resp.status);
            prop_assert_eq!(body, &resp.body);
            prop_assert_eq!(etag.as_deref(), resp.header("ETag"));
        }
        (304, Ok(Classified::NotModified))
        | (401, Err(ApiError::BadCredentials(_)))
        | (404, Err(ApiError::NotFound(_)))
        | (422, Err(ApiError::Validation(_)))
        | (409, Err(ApiError::EmptyRepository))
        | (500..=599, Err(ApiError::Server { .. }))
        | (
            403 | 429,
            Err(
                ApiError::MissingScopes { .. }
                | ApiError::SsoRequired { .. }
                | ApiError::OAuthAppRestricted { .. }
                | ApiError::RateLimited { .. }
                | ApiError::Forbidden(_),
            ),
        ) => {}
        (status, Err(ApiError::Unexpected { status: s, .. }))
            if status == *s
                && !matches!(status, 200..=299 | 304 | 401 | 403 | 404 | 422 | 429 | 500..=599) => {
        }
        (status, other) => {
            return Err(TestCaseError::fail(format!("{status} read as {other:?}")));
        }
    }
    if let Err(error) = &result {
        prop_assert!(!error.title().is_empty() && !error.what_to_do().is_empty());
    }
    if let Err(ApiError::RateLimited {
        secondary: false, ..
    }) = &result
    {
        prop_assert_eq!(number(resp, "X-RateLimit-Remaining"), Some(0));
    }
    Ok(())
}

fn check(
    answer: &Answer,
    scopes: Option<&str>,
    from_cache: bool,
) -> Result<&'static str, TestCaseError> {
    let resp = answer.response();
    check_classify(&resp)?;
    let limit = RateLimit::from_headers(&resp);
    let complete = [
        "X-RateLimit-Limit",
        "X-RateLimit-Remaining",
        "X-RateLimit-Reset",
    ]
    .iter()
    .all(|h| number(&resp, h).is_some());
    prop_assert_eq!(limit.is_some(), complete);
    if let Some(limit) = &limit {
        prop_assert_eq!(
            Some(limit.remaining),
            number(&resp, "X-RateLimit-Remaining")
        );
        let _ = limit.seconds_until_reset(u64::MAX);
        let _ = limit.seconds_until_reset(0);
    }
    let parsed = ErrorBody::parse(&answer.body);
    if serde_json::from_str::<Value>(&answer.body).is_err() {
        prop_assert_eq!(parsed, ErrorBody::default());
    }
    let success = Success {
        status: answer.status,
        body: answer.body.clone(),
        scopes: scopes.map(Scopes::parse_header),
        from_cache,
    };
    let mut read = "no-fact-read";
    for key in fact_keys() {
        let parsed = FactValue::parse(&key, &success);
        if parsed.is_ok() {
            read = "some-fact-read";
        }
        match parsed {
            Ok(FactValue::WorkflowFile(doc)) => {
                if doc.summary.is_err() {
                    prop_assert!(
                        doc.findings.is_empty(),
                        "findings for an unreadable workflow"
                    );
                }
            }
            Ok(_) => {}
            Err(ApiError::Malformed(why)) => prop_assert!(!why.is_empty()),
            Err(other) => {
                return Err(TestCaseError::fail(format!(
                    "{key:?}: a success read as {other:?}"
                )));
            }
        }
    }
    Ok(read)
}

pub fn run() {
    let target = Target::new("api_answers");
    target.run(DEFAULT_CASES, answer(), |(answer, scopes, from_cache)| {
        let (result, cost) = target.case(
            sized(&format!("HTTP {}", answer.status), answer.body.len()),
            || format!("{answer:?}"),
            || check(&answer, scopes.as_deref(), from_cache),
        );
        prop_assert!(
            cost.peak_bytes <= MEMORY_CEILING,
            "{} KiB",
            cost.peak_bytes / 1024
        );
        target.tally(result?);
        Ok(())
    });
}
