//! What holds for every check of the registry: each has fixture tests with
//! its wording snapshotted (in `checks_<group>.rs`), and whatever GitHub
//! answers — good, absent, refused, skipped, garbage — every check gives a
//! verdict without panicking: a summary, a reason when unknown, a fix when
//! failing or warning, and only `https://` links.

use crate::support;

use std::path::Path;

use ghcr_setup_core::api::ApiError;
use ghcr_setup_core::check::checks::evaluate_all;
use ghcr_setup_core::check::{
    FactKey, FactKind, Facts, Identity, Slot, Status, Target, Why, CHECKS,
};
use ghcr_setup_core::engine::Success;
use ghcr_setup_core::names::{ImageName, RepoPath, RepoSlug};
use ghcr_setup_core::token::{Scope, Scopes, TokenKind};
use proptest::prelude::*;
use support::bodies;
use support::checklist::{
    every_api_error, file_name, generated, handwritten, invariant_problems, CI_ONLY, GITHUB_TOKEN,
};

/// Every check, by group, in registry order. A new check fails this test
/// until it is listed here and has its fixture test and snapshot in
/// `tests/checks_<group>.rs`.
const COVERED: &[(&str, &[&str])] = &[
    (
        "token",
        &[
            "identity",
            "token-scopes",
            "repo-access",
            "org-role",
            "org-access",
        ],
    ),
    (
        "settings",
        &[
            "actions-enabled",
            "allowed-actions",
            "sha-pinning",
            "workflow-permissions",
        ],
    ),
    (
        "package",
        &[
            "package",
            "package-access",
            "package-visibility",
            "image-name",
        ],
    ),
    (
        "runners",
        &[
            "runners",
            "runner-policy",
            "fallback-secret",
            "fallback-secret-kind",
        ],
    ),
    (
        "workflow",
        &[
            "workflow-file",
            "workflow-findings",
            "pull-requests",
            "execution-protections",
            "dockerfile",
            "latest-run",
        ],
    ),
];

#[test]
fn every_check_has_a_fixture_test_and_snapshot() {
    let registry: Vec<(&str, &str)> = CHECKS
        .iter()
        .map(|c| (c.meta().group.id(), c.meta().id))
        .collect();
    let covered: Vec<(&str, &str)> = COVERED
        .iter()
        .flat_map(|(group, ids)| ids.iter().map(move |id| (*group, *id)))
        .collect();
    assert_eq!(
        registry, covered,
        "list every check here and add its fixture test to tests/checks_<group>.rs"
    );
    let snapshots = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    for (group, id) in covered {
        let path = snapshots.join(format!("all__checks_{group}__{id}.snap"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{id}: no snapshot {}; add a test to tests/checks_{group}.rs",
                path.display()
            )
        });
        let statuses: Vec<&str> = text
            .lines()
            .filter_map(|l| l.strip_prefix("status: "))
            .collect();
        for needed in [Status::Pending, Status::Unknown] {
            assert!(
                statuses.contains(&needed.label()),
                "{id}: the snapshot has no {:?} scenario",
                needed
            );
        }
        assert!(
            statuses
                .iter()
                .any(|s| *s != Status::Pending.label() && *s != Status::Unknown.label()),
            "{id}: the snapshot has no scenario with a verdict"
        );
    }
}

/// One way a fact can be known.
#[derive(Debug, Clone)]
enum Known {
    Body(String),
    Error(ApiError),
    Slot(Slot),
}

/// The facts the property test draws from, each with every way it can be known.
struct Pool {
    keys: Vec<(FactKey, Vec<Known>)>,
}

fn workflow_texts() -> Vec<String> {
    vec![
        generated("acme/app", &[]),
        generated(
            "Acme/App",
            &[
                ("runner", "self-hosted,linux,x64"),
                ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
                ("pin", "false"),
                ("dockerfile", "docker/Dockerfile"),
            ],
        ),
        handwritten(
            "${{ inputs.runner }}",
            "${{ secrets.GHCR_TOKEN }}",
            &[
                "push: true",
                "file: ${{ env.F }}",
                "tags: ghcr.io/${{ github.repository }}:x",
            ],
        ),
        handwritten(
            "[self-hosted, gpu]",
            GITHUB_TOKEN,
            &["push: true", "tags: ghcr.io/Acme/App:latest"],
        ),
        CI_ONLY.to_string(),
        "on: [push\njobs: {\n".to_string(),
        String::new(),
        "jobs:\n  a:\n    steps: 7\n".to_string(),
    ]
}

fn errors() -> Vec<Known> {
    let mut out: Vec<Known> = every_api_error()
        .into_iter()
        .map(|(_, e)| Known::Error(e))
        .collect();
    out.push(Known::Error(ApiError::SsoRequired {
        authorize_url: Some("javascript:alert(1)".into()),
    }));
    out.push(Known::Error(ApiError::OAuthAppRestricted { org: None }));
    out
}

fn skipped() -> Vec<Known> {
    [
        Why::MissingScope(Scope::Repo),
        Why::MissingScope(Scope::AdminOrg),
        Why::NotRepoAdmin,
        Why::NotRepoWriter,
        Why::NotOrgOwner,
        Why::TokenKind(TokenKind::FineGrainedPat),
        Why::Sso {
            org: "acme".into(),
            url: None,
        },
        Why::OAuthRestricted { org: "acme".into() },
        Why::Blocked("The repository".into()),
        Why::NotVisible(FactKind::RepoActions),
        Why::BlockedBy {
            what: "The repository".into(),
            cause: Box::new(Why::Sso {
                org: String::new(),
                url: None,
            }),
        },
        Why::Api(ApiError::Timeout),
        Why::Api(ApiError::EmptyRepository),
    ]
    .into_iter()
    .map(|w| Known::Slot(Slot::Skipped(w)))
    .chain([Known::Slot(Slot::NotApplicable), Known::Slot(Slot::Waiting)])
    .collect()
}

/// Answers that parse as JSON but are not what the fact expects, or are not JSON.
fn garbage() -> Vec<Known> {
    [
        "",
        "garbage",
        "{}",
        "[]",
        "null",
        "42",
        r#"{"login":5}"#,
        "{\"a\":",
    ]
    .into_iter()
    .map(|b| Known::Body(b.to_string()))
    .collect()
}

impl Pool {
    fn new() -> Pool {
        let b = |s: String| Known::Body(s);
        let wf_bodies = |name: &str| -> Vec<Known> {
            workflow_texts()
                .into_iter()
                .map(|t| b(bodies::file(&format!(".github/workflows/{name}"), &t)))
                .chain([b(bodies::dir(&["x.yml"]))])
                .collect()
        };
        let runs = vec![
            b(bodies::runs(&[("completed", Some("success"))])),
            b(bodies::runs(&[("completed", Some("failure"))])),
            b(bodies::runs(&[("completed", Some("cancelled"))])),
            b(bodies::runs(&[("queued", None), ("completed", Some("skipped"))])),
            b(bodies::runs(&[])),
            b(r#"{"total_count":1,"workflow_runs":[{"status":"completed","conclusion":"failure","html_url":"javascript:alert(1)"}]}"#.into()),
            b(r#"{"total_count":1,"workflow_runs":[{}]}"#.into()),
        ];
        let state = vec![
            b(bodies::workflow_state("active")),
            b(bodies::workflow_state("disabled_inactivity")),
            b(bodies::workflow_state("disabled_manually")),
            b(bodies::workflow_state("")),
        ];
        let runner_list = vec![
            b(bodies::runners(&[])),
            b(bodies::runners(&[(
                "a",
                "online",
                "2.329.0",
                &["self-hosted", "linux", "x64"],
            )])),
            b(bodies::runners(&[
                (
                    "a",
                    "offline",
                    "2.300.0",
                    &["self-hosted", "Linux", "X64", "gpu"],
                ),
                ("b", "online", "v2", &["self-hosted", "gpu"]),
                ("c", "online", "", &["self-hosted", "linux", "x64"]),
            ])),
        ];
        let secrets = vec![
            b(bodies::secrets(&[])),
            b(bodies::secrets(&[
                ("LOCAL_RUNNER_FALLBACK_TOKEN", "2020-01-01T00:00:00Z"),
                ("GHCR_TOKEN", "not a date"),
            ])),
            b(bodies::secrets(&[("GHCR_TOKEN", "2999-01-01T00:00:00Z")])),
        ];
        let actions = vec![
            b(bodies::actions(true, "all", false)),
            b(bodies::actions(true, "selected", true)),
            b(bodies::actions(true, "local_only", false)),
            b(bodies::actions(true, "something_new", false)),
            b(r#"{"enabled":false}"#.into()),
        ];
        let org_actions = vec![
            b(bodies::org_actions("all", "all", false)),
            b(bodies::org_actions("none", "selected", true)),
            b(bodies::org_actions("selected", "local_only", false)),
            b(bodies::org_actions("later", "later", false)),
        ];
        let selected = vec![
            b(bodies::selected(true, false, &[])),
            b(bodies::selected(
                true,
                true,
                &["docker/*", "!docker/login-action@*"],
            )),
            b(bodies::selected(
                false,
                false,
                &["*", "", "!", "@", "a/b/c@*"],
            )),
        ];
        let permissions = vec![
            b(bodies::workflow_permissions("read")),
            b(bodies::workflow_permissions("write")),
            b(bodies::workflow_permissions("admin")),
        ];
        let mut keys = vec![
            (
                FactKey::User,
                vec![b(bodies::user("octo")), b(bodies::user(""))],
            ),
            (
                FactKey::Repo,
                vec![
                    b(bodies::repo("acme/app", true, false, true)),
                    b(bodies::repo("acme/app", true, true, false)),
                    b(bodies::repo("octo/tool", false, false, true)),
                    b(bodies::repo("Acme/App", true, false, true)
                        .replace("\"archived\":false", "\"archived\":true")),
                    b(r#"{"full_name":"x","owner":{"login":"x","type":"Bot"},"private":false,"default_branch":"","archived":false}"#.into()),
                ],
            ),
            (
                FactKey::Membership,
                vec![
                    b(bodies::membership("admin")),
                    b(bodies::membership("member")),
                    b(r#"{"state":"pending","role":"admin"}"#.into()),
                ],
            ),
            (FactKey::RepoActions, actions),
            (FactKey::RepoSelectedActions, selected.clone()),
            (FactKey::RepoWorkflowPermissions, permissions.clone()),
            (FactKey::RepoRunners, runner_list.clone()),
            (FactKey::RepoSecrets, secrets.clone()),
            (FactKey::RepoOrgSecrets, secrets),
            (FactKey::OrgActions, org_actions),
            (FactKey::OrgSelectedActions, selected),
            (FactKey::OrgWorkflowPermissions, permissions),
            (
                FactKey::OrgRunnerPolicy,
                vec![
                    b(bodies::runner_policy("all")),
                    b(bodies::runner_policy("none")),
                    b(bodies::runner_policy("selected")),
                ],
            ),
            (
                FactKey::OrgRunnerRepos,
                vec![
                    b(bodies::repositories(1, &["acme/app"])),
                    b(bodies::repositories(0, &[])),
                    b(bodies::repositories(300, &["acme/other"])),
                    b(r#"{"total_count":1,"repositories":[{"full_name":""}]}"#.into()),
                ],
            ),
            (FactKey::OrgRunners, runner_list),
            (
                FactKey::ImageOwner,
                vec![
                    b(bodies::user("someone")),
                    b(bodies::organization("platform")),
                    b(r#"{"login":"x","id":3,"type":"Bot"}"#.into()),
                ],
            ),
            (
                FactKey::ProposalPulls,
                vec![
                    b("[]".into()),
                    b(bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")])),
                    b(bodies::pulls(&[(8, "javascript:alert(1)")])),
                ],
            ),
            (
                FactKey::Package,
                vec![
                    b(bodies::package("app", "public", Some("acme/app"))),
                    b(bodies::package("app", "private", Some("acme/other"))),
                    b(bodies::package("app", "internal", None)),
                    b(r#"{"name":"","visibility":""}"#.into()),
                ],
            ),
            (
                FactKey::WorkflowDir,
                vec![
                    b(bodies::dir(&["ci.yml", "docker-image.yml", "release.yaml"])),
                    b(bodies::dir(&[])),
                    b(bodies::file("x", "y")),
                    b(r#"[{"name":"../x","path":"x","type":"dir","sha":"1"}]"#.into()),
                ],
            ),
        ];
        for name in ["docker-image.yml", "ci.yml", "release.yaml"] {
            let file = file_name(name);
            keys.push((FactKey::WorkflowFile(file.clone()), wf_bodies(name)));
            keys.push((FactKey::WorkflowState(file.clone()), state.clone()));
            keys.push((FactKey::WorkflowRuns(file), runs.clone()));
        }
        for path in ["Dockerfile", "docker/Dockerfile", "./Dockerfile"] {
            let key = FactKey::Dockerfile(RepoPath::parse(path).unwrap());
            keys.push((
                key,
                vec![
                    b(bodies::file(path, "FROM alpine\n")),
                    b(bodies::dir(&["Dockerfile"])),
                ],
            ));
        }
        for (_, known) in &mut keys {
            known.push(Known::Error(support::checklist::not_found()));
            known.extend(errors());
            known.extend(skipped());
            known.extend(garbage());
        }
        Pool { keys }
    }
}

fn targets() -> Vec<Target> {
    let repo = |s: &str| RepoSlug::parse(s).unwrap();
    vec![
        Target::repo(repo("acme/app")),
        Target::repo(repo("Acme/App")),
        Target::repo(repo("octo/tool")),
        Target::repo(repo("acme/.github")),
        Target {
            repo: repo("acme/app"),
            image: Some(ImageName::parse("ghcr.io/someone/else").unwrap()),
        },
    ]
}

const KINDS: [TokenKind; 7] = [
    TokenKind::ClassicPat,
    TokenKind::FineGrainedPat,
    TokenKind::OAuth,
    TokenKind::AppUser,
    TokenKind::Installation,
    TokenKind::Refresh,
    TokenKind::Unknown,
];

const SCOPE_HEADERS: [Option<&str>; 5] = [
    None,
    Some(""),
    Some("repo"),
    Some("repo, read:org, read:packages"),
    Some("repo, admin:org, write:packages, workflow"),
];

/// Builds the facts: for each fact of the pool, `choice` says whether it is
/// known and how (`None`: never asked).
fn facts_from(pool: &Pool, choices: &[Option<usize>], scopes: Option<&str>) -> Facts {
    let mut facts = Facts::new();
    for ((key, known), choice) in pool.keys.iter().zip(choices) {
        let Some(i) = choice else { continue };
        let source = format!("GET /{key:?}");
        match &known[i % known.len()] {
            Known::Body(body) => facts.record(
                key.clone(),
                source,
                Ok(Success {
                    status: 200,
                    body: body.clone(),
                    scopes: scopes.map(Scopes::parse_header),
                    from_cache: false,
                }),
            ),
            Known::Error(e) => facts.record(key.clone(), source, Err(e.clone())),
            Known::Slot(slot) => facts.set(key.clone(), slot.clone()),
        }
    }
    facts
}

fn check_all(facts: &Facts, target: &Target, identity: &Identity, now_ms: u64) -> Vec<String> {
    let items = evaluate_all(facts, target, identity, now_ms);
    let mut problems = Vec::new();
    if items.len() != CHECKS.len() {
        problems.push(format!("{} items for {} checks", items.len(), CHECKS.len()));
    }
    for (item, check) in items.iter().zip(CHECKS) {
        if item.meta.id != check.meta().id {
            problems.push(format!("{} out of registry order", item.meta.id));
        }
        if !Status::ALL.contains(&item.verdict.status) {
            problems.push(format!(
                "{}: status {:?}",
                item.meta.id, item.verdict.status
            ));
        }
        for p in invariant_problems(item) {
            problems.push(format!("{}: {p} ({:?})", item.meta.id, item.verdict));
        }
    }
    problems
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 600, ..ProptestConfig::default() })]

    #[test]
    fn no_check_panics_and_every_verdict_keeps_its_invariants(
        choices in prop::collection::vec(prop::option::weighted(0.8, 0usize..64), 40),
        target in 0usize..5,
        kind in 0usize..KINDS.len(),
        scopes in 0usize..SCOPE_HEADERS.len(),
        now_ms in prop_oneof![Just(support::checklist::NOW_MS), 0u64..u64::MAX],
    ) {
        let pool = Pool::new();
        prop_assert!(pool.keys.len() <= choices.len());
        let header = SCOPE_HEADERS[scopes];
        let facts = facts_from(&pool, &choices, header);
        let identity = Identity {
            login: Some("octo".into()),
            kind: KINDS[kind],
            scopes: header.map(Scopes::parse_header),
        };
        let target = &targets()[target];
        let problems = check_all(&facts, target, &identity, now_ms);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }

    /// Arbitrary text as the workflow file, with everything else ready.
    #[test]
    fn any_workflow_text_gives_verdicts(text in "[ -~\n]{0,400}") {
        let f = support::checklist::Fixture::org().workflow(&text);
        let problems = check_all(&f.facts, &f.target, &f.identity, f.now_ms);
        prop_assert!(problems.is_empty(), "{}", problems.join("\n"));
    }
}

/// Nothing known at all: every item is pending and names what it waits for.
#[test]
fn with_no_facts_every_item_is_pending() {
    let facts = Facts::new();
    let target = Target::repo(RepoSlug::parse("acme/app").unwrap());
    let identity = Identity::of_kind(TokenKind::ClassicPat);
    for item in evaluate_all(&facts, &target, &identity, 0) {
        assert_eq!(item.verdict.status, Status::Pending, "{}", item.meta.id);
        assert!(!item.waiting_for.is_empty(), "{}", item.meta.id);
    }
}

/// Every fact refused the same way: no item passes, and every unknown one
/// says why.
#[test]
fn when_every_fact_fails_nothing_passes() {
    let pool = Pool::new();
    let target = Target::repo(RepoSlug::parse("acme/app").unwrap());
    let identity = Identity::of_kind(TokenKind::ClassicPat);
    for (name, error) in every_api_error() {
        let mut facts = Facts::new();
        for (key, _) in &pool.keys {
            facts.record(key.clone(), format!("GET /{key:?}"), Err(error.clone()));
        }
        let problems = check_all(&facts, &target, &identity, 0);
        assert!(problems.is_empty(), "{name}: {}", problems.join("\n"));
        for item in evaluate_all(&facts, &target, &identity, 0) {
            let v = &item.verdict;
            // A 404 means "not there" for files and the package, which some checks judge.
            if name != "404" {
                assert!(
                    matches!(
                        v.status,
                        Status::Unknown | Status::Fail | Status::NotApplicable
                    ),
                    "{name}: {} says {:?}: {}",
                    item.meta.id,
                    v.status,
                    v.summary
                );
            }
        }
    }
}
