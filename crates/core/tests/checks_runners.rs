//! The "Secrets & runners" checks, one scenario per outcome each can give,
//! with the wording snapshotted (`snapshots/checks_runners__<id>.snap`).

use crate::support;

use ghcr_setup_core::api::ApiError;
use ghcr_setup_core::check::{FactKey, Status, Why};
use ghcr_setup_core::token::Scope;
use support::bodies;
use support::checklist::{case, generated, handwritten, scenarios, Fixture, GITHUB_TOKEN};

const LABELS: &[&str] = &["self-hosted", "Linux", "X64"];

/// `acme/app` with the generated workflow on `self-hosted, linux, x64`, and
/// the runner's releases read (see [`bodies::runner_releases_now`]).
fn self_hosted() -> Fixture {
    Fixture::org()
        .workflow(&generated(
            "acme/app",
            &[("runner", "self-hosted,linux,x64")],
        ))
        .ok(FactKey::RunnerReleases, &bodies::runner_releases_now())
}

/// Like [`self_hosted`], logging in with the guide's fallback secret.
fn with_fallback() -> Fixture {
    Fixture::org().workflow(&generated(
        "acme/app",
        &[
            ("runner", "self-hosted,linux,x64"),
            ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
        ],
    ))
}

/// A workflow that logs in with `secrets.GHCR_TOKEN` only.
fn secret_only() -> Fixture {
    Fixture::org().workflow(&handwritten(
        "[self-hosted, linux]",
        "${{ secrets.GHCR_TOKEN }}",
        &["push: true", "tags: ghcr.io/acme/app:latest"],
    ))
}

fn repo_runners(f: Fixture, list: &[(&str, &str, &str, &[&str])]) -> Fixture {
    f.ok(FactKey::RepoRunners, &bodies::runners(list))
}

#[test]
fn runners() {
    use Status::*;
    let ephemeral = r#"{"total_count":2,"runners":[
        {"id":1,"name":"pool-a","os":"Linux","status":"online","busy":false,"version":"2.333.0","ephemeral":true,"labels":[{"name":"self-hosted"},{"name":"Linux"},{"name":"X64"}]},
        {"id":2,"name":"pool-b","os":"Linux","status":"online","busy":true,"version":"2.333.0","ephemeral":true,"labels":[{"name":"self-hosted"},{"name":"Linux"},{"name":"X64"}]}]}"#;
    let no_version = r#"{"total_count":1,"runners":[
        {"id":1,"name":"box-1","os":"Linux","status":"online","busy":false,"labels":[{"name":"self-hosted"},{"name":"Linux"},{"name":"X64"}]}]}"#;
    let current_ephemeral = r#"{"total_count":1,"runners":[
        {"id":3,"name":"org-pool","os":"Linux","status":"online","busy":false,"version":"2.333.0","ephemeral":true,"labels":[{"name":"self-hosted"},{"name":"Linux"},{"name":"X64"}]}]}"#;
    let one = |version: &str| repo_runners(self_hosted(), &[("box-1", "online", version, LABELS)]);
    let doc = scenarios(
        "runners",
        vec![
            case(
                "one runner online on the newest release",
                Pass,
                one("2.333.0"),
            ),
            case(
                "organization runner online, one release behind for 6 days",
                Pass,
                self_hosted().ok(
                    FactKey::OrgRunners,
                    &bodies::runners(&[("org-box", "online", "2.332.0", LABELS)]),
                ),
            ),
            case(
                "two ephemeral runners online",
                Pass,
                self_hosted().ok(FactKey::RepoRunners, ephemeral),
            ),
            case(
                "two long-lived runners online",
                Manual,
                repo_runners(
                    self_hosted(),
                    &[
                        ("box-1", "online", "2.333.0", LABELS),
                        ("box-2", "online", "2.332.0", LABELS),
                    ],
                ),
            ),
            case(
                "runner 27 days behind: 3 days from its cut-off",
                Warn,
                one("2.331.0"),
            ),
            case(
                "runner at 2.329.0, months behind: no jobs",
                Fail,
                one("2.329.0"),
            ),
            case("runner below 2.329.0: no jobs", Fail, one("2.328.0")),
            case(
                "one of two runners gets no jobs",
                Warn,
                repo_runners(
                    self_hosted(),
                    &[
                        ("box-1", "online", "2.321.0", LABELS),
                        ("box-2", "online", "2.333.0", LABELS),
                    ],
                ),
            ),
            case(
                "near the cut-off, but an ephemeral organization runner is current",
                Pass,
                one("2.331.0").ok(FactKey::OrgRunners, current_ephemeral),
            ),
            case(
                "runner reports no version",
                Manual,
                self_hosted().ok(FactKey::RepoRunners, no_version),
            ),
            case(
                "releases unreadable: the built-in list's newest cannot be confirmed",
                Manual,
                one("2.336.0").fail(FactKey::RunnerReleases, ApiError::Server { status: 502 }),
            ),
            case(
                "releases unreadable: by the built-in list, 2.329.0 gets no jobs",
                Fail,
                one("2.329.0").fail(FactKey::RunnerReleases, ApiError::Server { status: 502 }),
            ),
            case(
                "releases list no dated full release",
                Manual,
                one("2.336.0").ok(
                    FactKey::RunnerReleases,
                    &bodies::runner_releases(&[("v2.337.0-rc.1", "2026-11-25T12:00:00Z", true)]),
                ),
            ),
            case(
                "releases pending",
                Pending,
                one("2.333.0").waiting(FactKey::RunnerReleases),
            ),
            case(
                "no runner carries the labels",
                Fail,
                repo_runners(
                    self_hosted(),
                    &[(
                        "gpu-box",
                        "online",
                        "2.333.0",
                        &["self-hosted", "Linux", "ARM64"],
                    )],
                ),
            ),
            case("no runners at all", Fail, self_hosted()),
            case(
                "matching runner offline (releases not needed)",
                Fail,
                repo_runners(self_hosted(), &[("box-1", "offline", "2.333.0", LABELS)])
                    .waiting(FactKey::RunnerReleases),
            ),
            case(
                "labels chosen by an expression",
                Manual,
                Fixture::org().workflow(&handwritten(
                    "${{ inputs.runner }}",
                    GITHUB_TOKEN,
                    &["push: true", "tags: ghcr.io/acme/app:latest"],
                )),
            ),
            case(
                "self-hosted plus an expression",
                Manual,
                Fixture::org().workflow(&handwritten(
                    "[self-hosted, \"${{ matrix.arch }}\"]",
                    GITHUB_TOKEN,
                    &["push: true", "tags: ghcr.io/acme/app:latest"],
                )),
            ),
            case("github-hosted runners", NotApplicable, Fixture::org()),
            case(
                "no workflow yet",
                NotApplicable,
                Fixture::org().no_workflow(),
            ),
            case(
                "organization runners unreadable, repository runner fine",
                Pass,
                one("2.333.0").skipped(FactKey::OrgRunners, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "no repository runner receives jobs, organization runners unreadable",
                Unknown,
                one("2.329.0").skipped(FactKey::OrgRunners, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "no runner list readable",
                Unknown,
                self_hosted()
                    .skipped(FactKey::RepoRunners, Why::NotRepoAdmin)
                    .skipped(FactKey::OrgRunners, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "runners of a personal repository unreadable",
                Unknown,
                Fixture::personal()
                    .workflow(&generated("octo/tool", &[("runner", "self-hosted")]))
                    .fail(FactKey::RepoRunners, ApiError::Server { status: 500 }),
            ),
            case(
                "runners pending",
                Pending,
                self_hosted().waiting(FactKey::OrgRunners),
            ),
        ],
    );
    insta::assert_snapshot!("runners", doc);
}

#[test]
fn runner_policy() {
    use Status::*;
    let policy = |f: Fixture, p: &str| f.ok(FactKey::OrgRunnerPolicy, &bodies::runner_policy(p));
    let selected = |names: &[&str], total: usize| {
        policy(self_hosted(), "selected")
            .ok(FactKey::OrgRunnerRepos, &bodies::repositories(total, names))
    };
    let doc = scenarios(
        "runner-policy",
        vec![
            case("all repositories", Pass, self_hosted()),
            case("no repositories", Fail, policy(self_hosted(), "none")),
            case(
                "selected repositories, this one among them",
                Pass,
                selected(&["acme/tools", "acme/app"], 2),
            ),
            case(
                "selected repositories, this one not among them",
                Fail,
                selected(&["acme/tools"], 1),
            ),
            case(
                "selected repositories, not on the first page of a long list",
                Manual,
                selected(&["acme/tools"], 140),
            ),
            case(
                "selected repositories, list unreadable",
                Manual,
                policy(self_hosted(), "selected")
                    .fail(FactKey::OrgRunnerRepos, ApiError::Server { status: 502 }),
            ),
            case(
                "selected repositories, list pending",
                Pending,
                policy(self_hosted(), "selected").waiting(FactKey::OrgRunnerRepos),
            ),
            case("github-hosted runners", NotApplicable, Fixture::org()),
            case(
                "personal repository",
                NotApplicable,
                Fixture::personal().workflow(&generated("octo/tool", &[("runner", "self-hosted")])),
            ),
            case(
                "admin:org missing",
                Unknown,
                self_hosted().skipped(FactKey::OrgRunnerPolicy, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "not an owner (403)",
                Unknown,
                self_hosted().fail(
                    FactKey::OrgRunnerPolicy,
                    ApiError::Forbidden(Default::default()),
                ),
            ),
            case(
                "pending",
                Pending,
                self_hosted().waiting(FactKey::OrgRunnerPolicy),
            ),
        ],
    );
    insta::assert_snapshot!("runner-policy", doc);
}

#[test]
fn fallback_secret() {
    use Status::*;
    let secrets =
        |f: Fixture, list: &[(&str, &str)]| f.ok(FactKey::RepoSecrets, &bodies::secrets(list));
    let doc = scenarios(
        "fallback-secret",
        vec![
            case(
                "set as a repository secret",
                Pass,
                secrets(
                    with_fallback(),
                    &[("LOCAL_RUNNER_FALLBACK_TOKEN", "2026-10-01T09:00:00Z")],
                ),
            ),
            case(
                "set as an organization secret",
                Pass,
                with_fallback().ok(
                    FactKey::RepoOrgSecrets,
                    &bodies::secrets(&[("LOCAL_RUNNER_FALLBACK_TOKEN", "2026-09-01T09:00:00Z")]),
                ),
            ),
            case(
                "set, not updated for 200 days",
                Warn,
                secrets(
                    with_fallback(),
                    &[("LOCAL_RUNNER_FALLBACK_TOKEN", "2026-05-10T09:00:00Z")],
                ),
            ),
            case(
                "not set, the login falls back to GITHUB_TOKEN",
                Warn,
                with_fallback(),
            ),
            case("not set, no fallback", Fail, secret_only()),
            case("GITHUB_TOKEN on self-hosted runners", Pass, self_hosted()),
            case(
                "GITHUB_TOKEN on github-hosted runners",
                NotApplicable,
                Fixture::org(),
            ),
            case(
                "no workflow yet",
                NotApplicable,
                Fixture::org().no_workflow(),
            ),
            case(
                "secrets unreadable without write access",
                Unknown,
                with_fallback().skipped(FactKey::RepoSecrets, Why::NotRepoWriter),
            ),
            case(
                "secrets pending",
                Pending,
                with_fallback().waiting(FactKey::RepoSecrets),
            ),
        ],
    );
    insta::assert_snapshot!("fallback-secret", doc);
}

#[test]
fn fallback_secret_kind() {
    use Status::*;
    let set = |f: Fixture| {
        f.ok(
            FactKey::RepoSecrets,
            &bodies::secrets(&[
                ("LOCAL_RUNNER_FALLBACK_TOKEN", "2026-10-01T09:00:00Z"),
                ("GHCR_TOKEN", "2026-10-01T09:00:00Z"),
            ]),
        )
    };
    let doc = scenarios(
        "fallback-secret-kind",
        vec![
            case("set, organization repository", Manual, set(with_fallback())),
            case(
                "set, personal repository",
                Manual,
                set(Fixture::personal().workflow(&generated(
                    "octo/tool",
                    &[
                        ("runner", "self-hosted"),
                        ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
                    ],
                ))),
            ),
            case("set, no fallback", Manual, set(secret_only())),
            case("not set", NotApplicable, with_fallback()),
            case("no token secret", NotApplicable, self_hosted()),
            case(
                "no workflow yet",
                NotApplicable,
                Fixture::org().no_workflow(),
            ),
            case(
                "secrets unreadable",
                Unknown,
                with_fallback().fail(
                    FactKey::RepoSecrets,
                    ApiError::OAuthAppRestricted {
                        org: Some("acme".into()),
                    },
                ),
            ),
            case(
                "pending",
                Pending,
                with_fallback().waiting(FactKey::RepoOrgSecrets),
            ),
        ],
    );
    insta::assert_snapshot!("fallback-secret-kind", doc);
}
