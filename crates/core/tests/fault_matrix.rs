//! The fault matrix: every fact the checklist reads × every way GitHub (or
//! the network) can fail to answer it, run natively on the engine in virtual
//! time.
//!
//! The facts are not listed by hand: they are the distinct endpoints that
//! fault-free runs of five ready repositories request — an organization's
//! (`ready_org`), the same publishing from a self-hosted runner under a
//! runner policy for selected repositories (so that list is read), the same
//! publishing an image of another organization (so that account is read),
//! the same with `selected` allowed actions at both levels (so the
//! allow-lists are read), and a personal one (its package lives under
//! `/user/packages/…`). Each fault is injected on exactly one path, forever
//! (except the transient 500, which clears after one answer), and the run is
//! driven until it is idle. Then, for every case:
//!
//! - the run ends: idle, finished, no row still checking, the faulted path
//!   asked exactly as often as the retry policy allows (3 attempts for what is
//!   retried, 1 for the rest, 2 for the transient 500);
//! - every `Unknown` row carries its [`Why`](ghcr_setup_core::check::Why), and
//!   no row still promises that the check "continues by itself";
//! - a fault that makes the fact unreadable: each row whose `meta().needs`
//!   names the fact's kind either says what happened (the fault's words, see
//!   [`Fault::cause`]) and what to do ([`Fault::advice`]) without passing, or
//!   is unchanged because it does not read the fact here (its fault-free
//!   verdict is "not applicable", or it is in [`OPTIONAL`] with the reason);
//!   rows that need a fact the planner could not ask for because of it
//!   ([`downstream`]) may not pass where they did not before;
//! - a 404 on a fact where 404 means "not there" ([`FactKey::absence_is_an_answer`])
//!   is an answer, not a failure: no row turns unknown, and the row that
//!   reports it says so ([`ABSENT`]);
//! - the transient 500 heals: every row as in the fault-free run;
//! - rows that neither need the fact nor anything downstream of it end as in
//!   the fault-free run (SSO and OAuth App refusals of any fact also turn the
//!   `org-access` row, which looks at every answer, into a failure naming them);
//! - the facts the planner left unread are the faulted one and those
//!   [`downstream`] of it, which keeps that table true;
//! - nothing panics.
//!
//! Every case runs; the test prints the matrix size and the pass count, lists
//! each failing case with its rows, and fails if any case fails that is not
//! in [`KNOWN`] (behaviour the maintainers have to decide about).

use crate::support;

use crate::support::exact_faults;

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::{FactKey, FactKind, Identity, Item, Run, Slot, Status, Target};
use ghcr_setup_core::engine::{Program, Scheduler, TransportFailure};
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};

use exact_faults::{drive_faulted, ready_user, Faulted};
use support::{bodies, ready_org, Canned, FaultKind, Script, BASE};

/// Virtual time each request takes.
const LATENCY: u64 = 100;
/// Every scope the checks and fixes use.
const ALL_SCOPES: &str = "repo, read:org, read:packages, workflow, admin:org";
/// A promise that is false once a run has given up on a fact.
const FALSE_PROMISE: &str = "continues by itself";

// ---------------------------------------------------------------------------
// The faults

/// One way an answer can fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Fault {
    Unauthorized,
    MissingScope,
    Sso,
    OAuthRestricted,
    NotFound,
    Conflict,
    Unprocessable,
    SecondaryLimit,
    PrimaryLimit,
    Server500,
    BadGateway,
    Timeout,
    Refused,
    Malformed,
    EmptyBody,
    Transient500,
}

const FAULTS: [Fault; 16] = [
    Fault::Unauthorized,
    Fault::MissingScope,
    Fault::Sso,
    Fault::OAuthRestricted,
    Fault::NotFound,
    Fault::Conflict,
    Fault::Unprocessable,
    Fault::SecondaryLimit,
    Fault::PrimaryLimit,
    Fault::Server500,
    Fault::BadGateway,
    Fault::Timeout,
    Fault::Refused,
    Fault::Malformed,
    Fault::EmptyBody,
    Fault::Transient500,
];

/// What a fault means for the fact it hits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Meaning {
    /// Cleared by a retry.
    Heals,
    /// A 404 where that means "not there".
    Absent,
    /// The fact cannot be read.
    Unreadable,
}

/// The scope GitHub would name in `X-Accepted-OAuth-Scopes` for `path`.
/// (`/user` needs none in reality; `read:user` stands in for the matrix.)
fn scope_for(path: &str) -> &'static str {
    if path.starts_with("/orgs/") {
        "admin:org"
    } else if path.starts_with("/user/memberships/") {
        "read:org"
    } else if path.contains("/packages/") {
        "read:packages"
    } else if path == "/user" {
        "read:user"
    } else {
        "repo"
    }
}

/// Whether `path` is read through the contents API.
fn is_contents(path: &str) -> bool {
    path.contains("/contents/")
}

/// Headers GitHub sends with an API answer (rate limit, scopes, media type).
fn github_headers(path: &str, scopes: Option<&str>) -> Vec<(String, String)> {
    let mut h: Vec<(String, String)> = [
        ("Content-Type", "application/json; charset=utf-8"),
        ("X-GitHub-Media-Type", "github.v3; format=json"),
        ("X-RateLimit-Limit", "5000"),
        ("X-RateLimit-Remaining", "4990"),
        ("X-RateLimit-Used", "10"),
        ("X-RateLimit-Reset", "1900000000"),
        ("X-RateLimit-Resource", "core"),
        ("X-GitHub-Request-Id", "0000:1111:2222:3333:44444444"),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect();
    if let Some(s) = scopes {
        h.push(("X-OAuth-Scopes".into(), s.into()));
        let accepted = if path == "/user" { "" } else { scope_for(path) };
        h.push(("X-Accepted-OAuth-Scopes".into(), accepted.into()));
    }
    h
}

fn set_header(headers: &mut Vec<(String, String)>, name: &str, value: &str) {
    headers.retain(|(k, _)| !k.eq_ignore_ascii_case(name));
    headers.push((name.into(), value.into()));
}

fn answer(status: u16, body: &str, headers: Vec<(String, String)>) -> FaultKind {
    FaultKind::Answer(Canned {
        status,
        body: body.into(),
        headers,
    })
}

/// Scopes that do not give `needed` (nor anything broader that would).
fn scopes_without(needed: &str) -> String {
    ["repo", "read:org", "read:packages", "workflow", "admin:org"]
        .into_iter()
        .filter(|s| !Scopes::parse_header(s).has_name(needed))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Fault {
    fn name(self) -> &'static str {
        match self {
            Fault::Unauthorized => "401",
            Fault::MissingScope => "403 missing scope",
            Fault::Sso => "403 SSO",
            Fault::OAuthRestricted => "403 OAuth App restriction",
            Fault::NotFound => "404",
            Fault::Conflict => "409",
            Fault::Unprocessable => "422",
            Fault::SecondaryLimit => "429 Retry-After",
            Fault::PrimaryLimit => "403 primary rate limit",
            Fault::Server500 => "500",
            Fault::BadGateway => "502",
            Fault::Timeout => "timeout",
            Fault::Refused => "connection refused",
            Fault::Malformed => "malformed JSON",
            Fault::EmptyBody => "empty body",
            Fault::Transient500 => "500 once",
        }
    }

    /// The fault as injected on `path` of a repository owned by `owner`, and
    /// how many answers it applies to (`None`: forever).
    fn injection(self, path: &str, owner: &str) -> (FaultKind, Option<u32>) {
        let full = Some(ALL_SCOPES);
        let json = |status: u16, message: &str, doc: &str| {
            format!(r#"{{"message":"{message}","documentation_url":"{doc}","status":"{status}"}}"#)
        };
        let rest = "https://docs.github.com/rest";
        let kind = match self {
            Fault::Unauthorized => answer(401, &json(401, "Bad credentials", rest), github_headers(path, None)),
            Fault::MissingScope => {
                let needed = scope_for(path);
                let mut h = github_headers(path, Some(&scopes_without(needed)));
                set_header(&mut h, "X-Accepted-OAuth-Scopes", needed);
                answer(403, &json(403, "Resource not accessible by personal access token", rest), h)
            }
            Fault::Sso => {
                let mut h = github_headers(path, full);
                let sso = format!("required; url=https://github.com/orgs/{owner}/sso?authorization_request=1");
                set_header(&mut h, "X-GitHub-SSO", &sso);
                answer(
                    403,
                    &json(
                        403,
                        "Resource protected by organization SAML enforcement. You must grant your Personal Access token access to this organization.",
                        "https://docs.github.com/articles/authenticating-to-a-github-organization-with-saml-single-sign-on/",
                    ),
                    h,
                )
            }
            Fault::OAuthRestricted => answer(
                403,
                &json(
                    403,
                    &format!("Although you appear to have the correct authorization credentials, the `{owner}` organization has enabled OAuth App access restrictions, meaning that data access to third-parties is limited. For more information on these restrictions, including how to enable this app, visit https://docs.github.com/articles/restricting-access-to-your-organization-s-data/"),
                    rest,
                ),
                github_headers(path, full),
            ),
            Fault::NotFound => answer(404, &json(404, "Not Found", rest), github_headers(path, full)),
            // GitHub's contents API answers 409 for a repository with no
            // commit; elsewhere a 409 is a conflict GitHub does not explain.
            Fault::Conflict if is_contents(path) => answer(
                409,
                &json(409, "Git Repository is empty.", "https://docs.github.com/rest/repos/contents#get-repository-content"),
                github_headers(path, full),
            ),
            Fault::Conflict => answer(409, &json(409, "Conflict", rest), github_headers(path, full)),
            Fault::Unprocessable => answer(422, &json(422, "Validation Failed", rest), github_headers(path, full)),
            Fault::SecondaryLimit => {
                let mut h = github_headers(path, full);
                set_header(&mut h, "Retry-After", "2");
                answer(
                    429,
                    &json(
                        429,
                        "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.",
                        "https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api#about-secondary-rate-limits",
                    ),
                    h,
                )
            }
            Fault::PrimaryLimit => {
                let mut h = github_headers(path, full);
                set_header(&mut h, "X-RateLimit-Remaining", "0");
                set_header(&mut h, "X-RateLimit-Used", "5000");
                answer(
                    403,
                    &json(
                        403,
                        "API rate limit exceeded for user ID 1. If you reach out to GitHub Support for help, please include the request ID 0000:1111:2222:3333:44444444.",
                        "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
                    ),
                    h,
                )
            }
            Fault::Server500 | Fault::Transient500 => answer(500, &json(500, "Server Error", rest), github_headers(path, full)),
            Fault::BadGateway => {
                let mut h = github_headers(path, None);
                set_header(&mut h, "Content-Type", "text/html");
                answer(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", h)
            }
            Fault::Timeout => FaultKind::Transport(TransportFailure::Timeout),
            Fault::Refused => FaultKind::Transport(TransportFailure::Unreachable("connection refused".into())),
            Fault::Malformed => answer(200, "{ not json", github_headers(path, full)),
            Fault::EmptyBody => answer(200, "", github_headers(path, full)),
        };
        let times = (self == Fault::Transient500).then_some(1);
        (kind, times)
    }

    /// Requests to the faulted path the run should make.
    fn attempts(self) -> usize {
        match self {
            Fault::SecondaryLimit
            | Fault::Server500
            | Fault::BadGateway
            | Fault::Timeout
            | Fault::Refused => 3,
            Fault::Transient500 => 2,
            _ => 1,
        }
    }

    fn meaning(self, fact: &Fact) -> Meaning {
        let answers_404 = fact.key.absence_is_an_answer()
            || ABSENT.iter().any(|(t, _, _, _)| *t == fact.template);
        match self {
            Fault::Transient500 => Meaning::Heals,
            Fault::NotFound if answers_404 => Meaning::Absent,
            _ => Meaning::Unreadable,
        }
    }

    /// Words (any of them, case-insensitive) that name what happened.
    fn cause(self, path: &str) -> Vec<String> {
        let words: &[&str] = match self {
            Fault::Unauthorized => &["did not accept the token"],
            Fault::MissingScope => return vec![format!("`{}`", scope_for(path))],
            Fault::Sso => &["single sign-on"],
            Fault::OAuthRestricted => &["approved this app", "OAuth App"],
            Fault::NotFound => &["not found", "404", "not visible"],
            Fault::Conflict if is_contents(path) => &["repository is empty"],
            Fault::Conflict => &["409"],
            Fault::Unprocessable => &["did not accept", "422"],
            Fault::SecondaryLimit => &["slow down"],
            Fault::PrimaryLimit => &["limit"],
            Fault::Server500 | Fault::Transient500 => &["HTTP 500"],
            Fault::BadGateway => &["HTTP 502"],
            Fault::Timeout => &["too long"],
            Fault::Refused => &["could not be reached"],
            Fault::Malformed | Fault::EmptyBody => &["answer could not be read"],
        };
        words.iter().map(|w| w.to_string()).collect()
    }

    /// Words (any of them, case-insensitive) of a next step.
    fn advice(self, path: &str) -> &'static [&'static str] {
        match self {
            Fault::Conflict if is_contents(path) => &["push a first commit", "push one"],
            Fault::Unauthorized => &["sign in again", "new token"],
            Fault::MissingScope => &["sign in again", "classic token"],
            Fault::Sso => &["authorize"],
            Fault::OAuthRestricted => &["approve", "classic token"],
            Fault::NotFound => &[
                "check the name",
                "check the image name",
                "admin",
                "scope",
                "sign in",
            ],
            Fault::Conflict => &["try again", "report"],
            Fault::Unprocessable => &["try again", "check"],
            Fault::SecondaryLimit | Fault::PrimaryLimit => &["wait"],
            Fault::Server500 | Fault::BadGateway | Fault::Transient500 => &["try again"],
            Fault::Timeout => &["try again", "connection"],
            Fault::Refused => &["connection", "firewall"],
            Fault::Malformed | Fault::EmptyBody => &["try again"],
        }
    }

    /// Faults that are an organization policy refusing the token.
    fn is_policy(self) -> bool {
        matches!(self, Fault::Sso | Fault::OAuthRestricted)
    }
}

// ---------------------------------------------------------------------------
// What depends on what

/// Facts the planner cannot ask for (or asks for differently) when `kind`
/// cannot be read, from `check/plan.rs`:
///
/// | unreadable             | not asked for                                             |
/// |------------------------|-----------------------------------------------------------|
/// | the repository         | every admin, writer and organization fact, the package    |
/// |                        | (its owner kind decides all of them), the open proposal;  |
/// |                        | the workflow files                                        |
/// |                        | are read but not trusted (a repository that cannot be     |
/// |                        | read answers 404 for every file), so neither are the      |
/// |                        | workflow's state, runs and Dockerfile                     |
/// | repo Actions perms     | the repository's allow-list (read only for `selected`)    |
/// | org Actions policy     | the organization's allow-list (likewise)                  |
/// | org runner policy      | its list of selected repositories (read for `selected`)   |
/// | the image's account    | the package (its path depends on the account's kind)      |
/// | the workflow files     | the workflow's state and runs, the Dockerfile (named by   |
/// |                        | the workflow), the runner policy's list (read only for a  |
/// |                        | job on a self-hosted runner), the image's account (read   |
/// |                        | only for an image in another namespace)                   |
fn downstream(kind: FactKind) -> &'static [FactKind] {
    match kind {
        FactKind::Repo => &[
            FactKind::Workflow,
            FactKind::WorkflowState,
            FactKind::WorkflowRuns,
            FactKind::Dockerfile,
            FactKind::Membership,
            FactKind::RepoActions,
            FactKind::RepoSelectedActions,
            FactKind::RepoWorkflowPermissions,
            FactKind::RepoRunners,
            FactKind::RepoSecrets,
            FactKind::RepoOrgSecrets,
            FactKind::OrgActions,
            FactKind::OrgSelectedActions,
            FactKind::OrgWorkflowPermissions,
            FactKind::OrgRunnerPolicy,
            FactKind::OrgRunnerRepos,
            FactKind::OrgRunners,
            FactKind::Package,
            FactKind::ProposalPulls,
            FactKind::ImageOwner,
        ],
        FactKind::RepoActions => &[FactKind::RepoSelectedActions],
        FactKind::ImageOwner => &[FactKind::Package],
        FactKind::OrgActions => &[FactKind::OrgSelectedActions],
        FactKind::OrgRunnerPolicy => &[FactKind::OrgRunnerRepos],
        FactKind::Workflow => &[
            FactKind::WorkflowState,
            FactKind::WorkflowRuns,
            FactKind::Dockerfile,
            FactKind::OrgRunnerRepos,
            FactKind::ImageOwner,
            FactKind::RunnerReleases,
        ],
        _ => &[],
    }
}

/// Rows that name a fact in `needs` but decide without it in these ready
/// repositories, and why that is right: (row or `"*"` for any, kind,
/// template or `None` for any fact of the kind, reason). An entry no case
/// uses fails the test, so the table stays true.
const OPTIONAL: &[(&str, FactKind, Option<&str>, &str)] = &[
    (
        "org-role",
        FactKind::OrgActions,
        None,
        "read only to notice an organization that has not approved the app; any other failure is explained by the row of the fact that failed",
    ),
    (
        "repo-access",
        FactKind::RepoActions,
        None,
        "as above",
    ),
    (
        "package",
        FactKind::RepoWorkflowPermissions,
        None,
        "reads the default only to name the likelier cause of a failed first push; without it the row still names the other",
    ),
    (
        "org-access",
        FactKind::Membership,
        None,
        "looks only for SSO and OAuth App refusals among all answers; any other failure is explained by the row of the fact that failed",
    ),
    (
        "org-access",
        FactKind::OrgActions,
        None,
        "as above",
    ),
    (
        "org-access",
        FactKind::Package,
        None,
        "as above",
    ),
    (
        "workflow-permissions",
        FactKind::OrgWorkflowPermissions,
        None,
        "an organization can only force the default to read, which changes nothing for a job that grants itself `packages: write`",
    ),
    (
        "sha-pinning",
        FactKind::OrgActions,
        None,
        "every action of the workflow is pinned, so no pinning policy can stop the run (with one unpinned the row asks to confirm; checks_settings covers that)",
    ),
    (
        "package",
        FactKind::WorkflowRuns,
        None,
        "the runs are read for this row only when the package does not exist yet",
    ),
    (
        "workflow-file",
        FactKind::ProposalPulls,
        None,
        "an open proposal is named only on a failing row; a passing one judges the default branch",
    ),
    (
        "*",
        FactKind::Workflow,
        Some("/repos/{owner}/{repo}/contents/.github/workflows"),
        "the listing is read only to find another publishing workflow when docker-image.yml does not publish",
    ),
];

/// What a 404 on a fact where it means "not there" must make of its row:
/// (template, row, status, words). Besides the facts of
/// [`FactKey::absence_is_an_answer`], the membership: GitHub answers 404 to
/// someone who is not a member of the organization.
const ABSENT: &[(&str, &str, Status, &str)] = &[
    (
        "/user/memberships/orgs/{owner}",
        "org-role",
        Status::Pass,
        "not a member",
    ),
    (
        "/orgs/{owner}/packages/container/{repo}",
        "package",
        Status::Manual,
        "not published yet",
    ),
    (
        "/user/packages/container/{repo}",
        "package",
        Status::Pass,
        "not published yet",
    ),
    (
        "/repos/{owner}/{repo}/contents/.github/workflows/docker-image.yml",
        "workflow-file",
        Status::Fail,
        "No workflow in .github/workflows publishes",
    ),
    (
        "/repos/{owner}/{repo}/contents/Dockerfile",
        "dockerfile",
        Status::Fail,
        "not on the default branch",
    ),
    (
        "/repos/{owner}/{repo}/actions/workflows/docker-image.yml",
        "workflow-file",
        Status::Manual,
        "GitHub lists no workflow for it",
    ),
    (
        "/repos/{owner}/{repo}/actions/workflows/docker-image.yml/runs?per_page=5",
        "latest-run",
        Status::NotApplicable,
        "has not run yet",
    ),
];

/// Failing (template, fault, row) triples the maintainers have to decide
/// about; `"*"` matches any. A case whose every problem is listed here is
/// counted as known, not failed; a listed triple that no longer fails fails
/// the test, so the list stays true.
const KNOWN: &[(&str, &str, &str, &str)] = &[];

// ---------------------------------------------------------------------------
// Scenarios and facts

struct Scenario {
    name: &'static str,
    repo: &'static str,
    login: &'static str,
    script: Script,
}

impl Scenario {
    fn owner(&self) -> &str {
        self.repo.split('/').next().unwrap_or_default()
    }

    fn run(&self) -> Run {
        let target = Target::repo(RepoSlug::parse(self.repo).expect("a valid slug"));
        let identity = Identity {
            login: Some(self.login.into()),
            kind: TokenKind::ClassicPat,
            scopes: Some(Scopes::parse_header(ALL_SCOPES)),
        };
        let sched = Scheduler::new(BASE, Some(Secret::new("ghp_x")), EtagCache::new());
        Run::with_scheduler(target, identity, sched, 0)
    }

    /// `path` with the owner and repository names as `{owner}` and `{repo}`.
    fn template(&self, path: &str) -> String {
        let (owner, name) = self.repo.split_once('/').unwrap_or_default();
        path.split('/')
            .map(|segment| {
                let (bare, query) = match segment.split_once('?') {
                    // `head=OWNER:BRANCH` names the owner in the query.
                    Some((b, q)) => (
                        b,
                        format!("?{}", q.replace(&format!("={owner}%3A"), "={owner}%3A")),
                    ),
                    None => (segment, String::new()),
                };
                let bare = if bare == owner {
                    "{owner}"
                } else if bare == name || bare == name.to_lowercase() {
                    "{repo}"
                } else {
                    bare
                };
                format!("{bare}{query}")
            })
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// `ready_org` with the publishing job on a self-hosted runner (one online
/// and current), in an organization that lets selected repositories use
/// self-hosted runners, this one among them.
fn self_hosted_selected(full: &str) -> Script {
    use ghcr_setup_core::workflow::RawOptions;
    let mut raw = RawOptions::defaults();
    raw.set("repo", full);
    raw.set("runner", "self-hosted,linux,x64");
    let workflow = match raw.validate() {
        Ok(options) => ghcr_setup_core::workflow::generate(&options),
        Err(errors) => panic!("self-hosted options are invalid: {errors:?}"),
    };
    let (owner, _) = full.split_once('/').unwrap_or_default();
    let mut script = ready_org(full);
    for (path, body) in [
        (
            format!("/repos/{full}/contents/.github/workflows/docker-image.yml"),
            bodies::file(".github/workflows/docker-image.yml", &workflow),
        ),
        (
            format!("/repos/{full}/actions/runners"),
            bodies::runners(&[(
                "box-1",
                "online",
                "2.329.0",
                &["self-hosted", "linux", "x64"],
            )]),
        ),
        (
            format!("/orgs/{owner}/actions/permissions/self-hosted-runners"),
            bodies::runner_policy("selected"),
        ),
        (
            format!(
                "/orgs/{owner}/actions/permissions/self-hosted-runners/repositories?per_page=100"
            ),
            bodies::repositories(2, &[&format!("{owner}/tools"), full]),
        ),
    ] {
        script.set("GET", &path, Canned::json(200, &body));
    }
    script
}

/// `ready_org` publishing `ghcr.io/<org>/<name>`: an image in another
/// organization, public and linked to the repository.
fn image_elsewhere(full: &str, org: &str) -> Script {
    use ghcr_setup_core::workflow::RawOptions;
    let (_, name) = full.split_once('/').unwrap_or_default();
    let package = name.to_lowercase();
    let mut raw = RawOptions::defaults();
    raw.set("repo", full);
    raw.set("image", format!("ghcr.io/{org}/{package}"));
    let workflow = match raw.validate() {
        Ok(options) => ghcr_setup_core::workflow::generate(&options),
        Err(errors) => panic!("image options are invalid: {errors:?}"),
    };
    let mut script = ready_org(full);
    for (path, body) in [
        (
            format!("/repos/{full}/contents/.github/workflows/docker-image.yml"),
            bodies::file(".github/workflows/docker-image.yml", &workflow),
        ),
        (format!("/users/{org}"), bodies::organization(org)),
        (
            format!("/orgs/{org}/packages/container/{package}"),
            bodies::package(&package, "public", Some(full)),
        ),
    ] {
        script.set("GET", &path, Canned::json(200, &body));
    }
    script
}

fn scenarios() -> Vec<Scenario> {
    let mut selected = ready_org("acme/app");
    for (path, body) in [
        (
            "/repos/acme/app/actions/permissions",
            bodies::actions(true, "selected", false),
        ),
        (
            "/orgs/acme/actions/permissions",
            bodies::org_actions("all", "selected", false),
        ),
        (
            "/repos/acme/app/actions/permissions/selected-actions",
            bodies::selected(true, true, &[]),
        ),
        (
            "/orgs/acme/actions/permissions/selected-actions",
            bodies::selected(true, true, &[]),
        ),
    ] {
        selected.set("GET", path, Canned::json(200, &body));
    }
    vec![
        Scenario {
            name: "organization",
            repo: "acme/app",
            login: "octo",
            script: ready_org("acme/app"),
        },
        Scenario {
            name: "organization, self-hosted runners for selected repositories",
            repo: "acme/app",
            login: "octo",
            script: self_hosted_selected("acme/app"),
        },
        Scenario {
            name: "organization, image in another organization",
            repo: "acme/app",
            login: "octo",
            script: image_elsewhere("acme/app", "platform"),
        },
        Scenario {
            name: "organization, selected actions",
            repo: "acme/app",
            login: "octo",
            script: selected,
        },
        Scenario {
            name: "personal",
            repo: "octo/tool",
            login: "octo",
            script: ready_user("octo/tool"),
        },
    ]
}

/// One row as it ended.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Row {
    id: &'static str,
    needs: &'static [FactKind],
    status: Status,
    summary: String,
    fix: String,
    has_why: bool,
}

impl Row {
    fn of(item: &Item) -> Row {
        Row {
            id: item.meta.id,
            needs: item.meta.needs,
            status: item.verdict.status,
            summary: item.verdict.summary.clone(),
            fix: item
                .verdict
                .fix
                .as_ref()
                .map(|f| f.text.clone())
                .unwrap_or_default(),
            has_why: item.verdict.unknown.is_some(),
        }
    }

    fn says_any(&self, words: &[impl AsRef<str>], with_fix: bool) -> bool {
        let mut text = self.summary.to_lowercase();
        if with_fix {
            text.push(' ');
            text.push_str(&self.fix.to_lowercase());
        }
        words
            .iter()
            .any(|w| text.contains(&w.as_ref().to_lowercase()))
    }

    fn same_verdict(&self, other: &Row) -> bool {
        self.status == other.status && self.summary == other.summary
    }
}

/// A fault-free run.
struct Baseline {
    rows: Vec<Row>,
    /// Facts it read, by the path they came from (query included).
    facts: BTreeMap<String, FactKey>,
    /// Facts it read with a value.
    ready: BTreeSet<FactKey>,
}

fn source_path(source: &str) -> Option<&str> {
    source.strip_prefix("GET ")
}

fn baseline(scn: &Scenario) -> Baseline {
    let mut faulted = Faulted::new(
        scn.script.clone(),
        "",
        FaultKind::Transport(TransportFailure::Timeout),
        Some(0),
    );
    let mut run = scn.run();
    let drove = drive_faulted(&mut run, &mut faulted, 0, LATENCY);
    let rows: Vec<Row> = run.items(drove.elapsed_ms).iter().map(Row::of).collect();
    for r in &rows {
        assert!(
            matches!(r.status, Status::Pass | Status::NotApplicable)
                || (r.status == Status::Manual
                    && crate::support::checklist::CONFIRM_WHEN_READY.contains(&r.id)),
            "{}: the fault-free run is not ready: {} {:?}: {}",
            scn.name,
            r.id,
            r.status,
            r.summary
        );
    }
    let mut facts = BTreeMap::new();
    let mut ready = BTreeSet::new();
    for (key, slot) in run.facts().slots() {
        if let Slot::Ready { source, .. } = slot {
            ready.insert(key.clone());
            if let Some(path) = source_path(source) {
                facts.insert(path.to_string(), key.clone());
            }
        }
    }
    for path in faulted.asked.keys() {
        assert!(
            facts.contains_key(path),
            "{}: {path} was asked but is no fact with a value",
            scn.name
        );
    }
    Baseline { rows, facts, ready }
}

/// One fact of the matrix.
struct Fact {
    scenario: usize,
    path: String,
    template: String,
    key: FactKey,
}

// ---------------------------------------------------------------------------
// One case

#[derive(Debug, Clone)]
struct Problem {
    row: &'static str,
    text: String,
}

fn problem(row: &'static str, text: impl Into<String>) -> Problem {
    Problem {
        row,
        text: text.into(),
    }
}

/// Whether [`OPTIONAL`] lets `row` decide without `kind`; records the entry used.
fn optional(row: &str, kind: FactKind, template: &str, used: &mut BTreeSet<usize>) -> bool {
    let found = OPTIONAL.iter().position(|(r, k, t, _)| {
        (*r == "*" || *r == row) && *k == kind && t.is_none_or(|t| t == template)
    });
    if let Some(i) = found {
        used.insert(i);
    }
    found.is_some()
}

fn run_case(
    scn: &Scenario,
    base: &Baseline,
    fact: &Fact,
    fault: Fault,
    used: &mut BTreeSet<usize>,
) -> Vec<Problem> {
    let mut out = Vec::new();
    let (kind, times) = fault.injection(&fact.path, scn.owner());
    let mut faulted = Faulted::new(scn.script.clone(), &fact.path, kind, times);
    let mut run = scn.run();
    let drove = drive_faulted(&mut run, &mut faulted, 0, LATENCY);
    let now = drove.elapsed_ms;
    if !run.is_idle() || run.finished_ms().is_none() {
        out.push(problem("-", "the run did not end"));
    }
    let asked = faulted.count(&fact.path);
    if asked != fault.attempts() {
        out.push(problem(
            "-",
            format!(
                "{} asked {asked} times, expected {}",
                fact.path,
                fault.attempts()
            ),
        ));
    }
    let rows: Vec<Row> = run.items(now).iter().map(Row::of).collect();
    let fkind = fact.key.kind();
    let label = fkind.label();
    let meaning = fault.meaning(fact);
    let down = downstream(fkind);

    // The planner left unread only the faulted fact and what is downstream of it.
    if meaning != Meaning::Heals {
        for key in &base.ready {
            let read = matches!(run.facts().slot(key), Some(Slot::Ready { .. }));
            if !read && *key != fact.key && !down.contains(&key.kind()) {
                out.push(problem(
                    "-",
                    format!("{key:?} was not read although it is not downstream of {label}"),
                ));
            }
        }
    }

    for (row, b) in rows.iter().zip(&base.rows) {
        let id = row.id;
        let shown = format!("{:?}: {}", row.status, row.summary);
        if row.status == Status::Pending {
            out.push(problem(id, format!("still checking: {shown}")));
            continue;
        }
        if row.status == Status::Unknown && !row.has_why {
            out.push(problem(id, format!("unknown without a reason: {shown}")));
        }
        if row.says_any(&[FALSE_PROMISE], true) {
            out.push(problem(
                id,
                format!("promises the check continues, but the run has ended: {shown}"),
            ));
        }
        let direct = row.needs.contains(&fkind);
        let transitive = !direct && row.needs.iter().any(|k| down.contains(k));
        match meaning {
            Meaning::Heals => {
                if !row.same_verdict(b) {
                    out.push(problem(
                        id,
                        format!(
                            "did not heal: {shown} (fault-free: {:?}: {})",
                            b.status, b.summary
                        ),
                    ));
                }
            }
            Meaning::Absent => {
                if let Some((_, _, status, words)) = ABSENT
                    .iter()
                    .find(|(t, r, _, _)| *t == fact.template && *r == id)
                {
                    if row.status != *status || !row.says_any(&[words], false) {
                        out.push(problem(
                            id,
                            format!("expected {status:?} saying \"{words}\" for a fact that is not there; got {shown}"),
                        ));
                    }
                } else if direct || transitive {
                    if row.status == Status::Unknown && b.status != Status::Unknown {
                        out.push(problem(
                            id,
                            format!("a 404 that means \"not there\" is an answer, yet: {shown}"),
                        ));
                    }
                } else if row.status != b.status {
                    out.push(problem(
                        id,
                        format!(
                            "does not need {label}, yet changed: {shown} (fault-free: {:?})",
                            b.status
                        ),
                    ));
                }
            }
            Meaning::Unreadable => {
                let unchanged = row.same_verdict(b);
                let mut may_skip = |k: FactKind| {
                    b.status == Status::NotApplicable || optional(id, k, &fact.template, used)
                };
                // An owner or admin is told their role does not help while
                // the organization has not approved the app.
                let role_row = matches!(id, "org-role" | "repo-access")
                    && matches!(fault, Fault::OAuthRestricted)
                    && !direct
                    && b.status == Status::Pass
                    && b.says_any(&["You are an owner", "You are an admin"], false)
                    && scn.name.starts_with("organization");
                if role_row {
                    if row.status != Status::Warn
                        || !row.says_any(&["has not approved this app"], false)
                    {
                        out.push(problem(
                            id,
                            format!("an owner or admin whose organization restricts the app, yet: {shown}"),
                        ));
                    }
                } else if fault.is_policy() && id == "org-access" {
                    if row.status != Status::Fail || !row.says_any(&fault.cause(&fact.path), false)
                    {
                        out.push(problem(
                            id,
                            format!("an organization policy refused {label}, yet: {shown}"),
                        ));
                    }
                } else if direct {
                    if unchanged {
                        if !may_skip(fkind) {
                            out.push(problem(
                                id,
                                format!(
                                    "{label} could not be read ({}), yet unchanged: {shown}",
                                    fault.name()
                                ),
                            ));
                        }
                    } else if row.status == Status::Pass {
                        out.push(problem(
                            id,
                            format!(
                                "passes although {label} could not be read ({}): {shown}",
                                fault.name()
                            ),
                        ));
                    } else {
                        let cause = fault.cause(&fact.path);
                        if !row.says_any(&cause, false) {
                            out.push(problem(
                                id,
                                format!("does not name the cause ({}; expected one of {cause:?}): {shown}", fault.name()),
                            ));
                        }
                        let advice = fault.advice(&fact.path);
                        if !row.says_any(advice, true) {
                            out.push(problem(
                                id,
                                format!(
                                    "names no next step (expected one of {advice:?}): {shown} / fix: {}",
                                    row.fix
                                ),
                            ));
                        }
                    }
                } else if transitive {
                    let skipped = row
                        .needs
                        .iter()
                        .filter(|k| down.contains(k))
                        .all(|k| may_skip(*k));
                    if unchanged && !skipped {
                        out.push(problem(
                            id,
                            format!("needs what {label} blocks, yet unchanged: {shown}"),
                        ));
                    } else if !unchanged && row.status == Status::Pass {
                        out.push(problem(
                            id,
                            format!(
                                "passes although what it needs was blocked by {label}: {shown}"
                            ),
                        ));
                    }
                } else if row.status != b.status {
                    out.push(problem(
                        id,
                        format!(
                            "does not need {label}, yet changed: {shown} (fault-free: {:?}: {})",
                            b.status, b.summary
                        ),
                    ));
                }
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------
// The matrix

#[test]
fn every_fact_times_every_fault() {
    let started = Instant::now();
    let scns = scenarios();
    let bases: Vec<Baseline> = scns.iter().map(baseline).collect();

    // The facts: each endpoint (owner and names aside) once, first scenario first.
    let mut facts: Vec<Fact> = Vec::new();
    let mut seen = BTreeSet::new();
    for (i, (scn, base)) in scns.iter().zip(&bases).enumerate() {
        for (path, key) in &base.facts {
            let template = scn.template(path);
            if seen.insert(template.clone()) {
                facts.push(Fact {
                    scenario: i,
                    path: path.clone(),
                    template,
                    key: key.clone(),
                });
            }
        }
    }
    let kinds: BTreeSet<FactKind> = facts.iter().map(|f| f.key.kind()).collect();
    let missing: Vec<_> = FactKind::ALL
        .iter()
        .filter(|k| !kinds.contains(k))
        .collect();
    assert!(missing.is_empty(), "no scenario reads {missing:?}");
    assert!(
        facts
            .iter()
            .any(|f| f.template == "/user/packages/container/{repo}"),
        "the personal package endpoint is in the matrix"
    );

    let mut passed = 0;
    let mut known_cases = Vec::new();
    let mut failed = Vec::new();
    let mut known_hit: BTreeSet<usize> = BTreeSet::new();
    let mut optional_used: BTreeSet<usize> = BTreeSet::new();
    for fact in &facts {
        let scn = &scns[fact.scenario];
        let base = &bases[fact.scenario];
        for fault in FAULTS {
            let case = format!(
                "{} × {} [{}; {}]",
                fact.template,
                fault.name(),
                scn.name,
                fact.key.kind().label()
            );
            let outcome = catch_unwind(AssertUnwindSafe(|| {
                run_case(scn, base, fact, fault, &mut optional_used)
            }));
            let problems = match outcome {
                Ok(p) => p,
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<String>()
                        .cloned()
                        .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                        .unwrap_or_default();
                    vec![problem("-", format!("panicked: {what}"))]
                }
            };
            if problems.is_empty() {
                passed += 1;
                continue;
            }
            let all_known = problems.iter().all(|p| {
                KNOWN.iter().enumerate().any(|(i, (t, f, r, _))| {
                    let hit = (*t == "*" || *t == fact.template)
                        && (*f == "*" || *f == fault.name())
                        && *r == p.row;
                    if hit {
                        known_hit.insert(i);
                    }
                    hit
                })
            });
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("    {}: {}", p.row, p.text))
                .collect();
            let entry = format!("  {case}\n{}", lines.join("\n"));
            if all_known {
                known_cases.push(entry);
            } else {
                failed.push(entry);
            }
        }
    }
    let total = facts.len() * FAULTS.len();
    let mut stale: Vec<_> = KNOWN
        .iter()
        .enumerate()
        .filter(|(i, _)| !known_hit.contains(i))
        .map(|(_, k)| format!("  KNOWN {} × {} ({}): {}", k.0, k.1, k.2, k.3))
        .collect();
    stale.extend(
        OPTIONAL
            .iter()
            .enumerate()
            .filter(|(i, _)| !optional_used.contains(i))
            .map(|(_, o)| format!("  OPTIONAL {} / {:?} / {:?}: {}", o.0, o.1, o.2, o.3)),
    );
    eprintln!(
        "fault matrix: {} facts × {} faults = {total} cases, {passed} passed, {} known, {} failed ({:.1} s)",
        facts.len(),
        FAULTS.len(),
        known_cases.len(),
        failed.len(),
        started.elapsed().as_secs_f64()
    );
    if !known_cases.is_empty() {
        eprintln!(
            "known (the maintainers decide):\n{}",
            known_cases.join("\n")
        );
    }
    if !stale.is_empty() {
        eprintln!(
            "entries no case uses any more (remove them):\n{}",
            stale.join("\n")
        );
    }
    if !failed.is_empty() {
        eprintln!("failing cases:\n{}", failed.join("\n"));
    }
    assert!(
        failed.is_empty() && stale.is_empty(),
        "{} of {total} cases failed, {} table entries are stale (see above)",
        failed.len(),
        stale.len()
    );
}
