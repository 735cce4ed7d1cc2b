//! The "Workflow" checks, one scenario per outcome each can give, with the
//! wording snapshotted (`snapshots/checks_workflow__<id>.snap`).

use crate::support;

use ghcr_setup_core::api::{ApiError, ErrorBody};
use ghcr_setup_core::check::{FactKey, Status, Why};
use ghcr_setup_core::token::Scope;
use support::bodies;
use support::checklist::{
    case, file_name, generated, handwritten, main_file, not_found, scenarios, Fixture, CI_ONLY,
    GITHUB_TOKEN,
};

/// `text` with `from` replaced by `to`; panics when `from` is not there.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "fixture edit: `{from}` not found in\n{text}"
    );
    text.replace(from, to)
}

/// The generated workflow of `acme/app`.
fn standard() -> String {
    generated("acme/app", &[])
}

/// The generated workflow, logging in and pushing on pull requests too.
fn pushes_on_pull_requests() -> String {
    let wf = edit(
        &standard(),
        "        if: github.event_name != 'pull_request'\n",
        "",
    );
    edit(
        &wf,
        "push: ${{ github.event_name != 'pull_request' }}",
        "push: true",
    )
}

/// The generated workflow with actions used by tag, which the generator
/// marks as a deliberate choice.
fn deliberate_tags() -> String {
    generated("acme/app", &[("pin", "false")])
}

/// Actions used by tag, not marked deliberate.
fn plain_tags() -> String {
    let marker = " # zizmor: ignore[unpinned-uses] -- SHA pinning was turned off in ghcr-setup";
    edit(&deliberate_tags(), marker, "")
}

/// `acme/app` whose publishing workflow is `release.yaml`, not `docker-image.yml`.
fn release_yaml() -> Fixture {
    Fixture::org()
        .no_workflow()
        .ok(
            FactKey::WorkflowDir,
            &bodies::dir(&["ci.yml", "release.yaml"]),
        )
        .workflow_file(file_name("release.yaml"), &standard())
}

fn main_key() -> FactKey {
    FactKey::WorkflowFile(main_file())
}

#[test]
fn workflow_file() {
    use Status::*;
    let doc = scenarios(
        "workflow-file",
        vec![
            case("docker-image.yml, active", Pass, Fixture::org()),
            case("another file publishes", Pass, release_yaml()),
            case("no workflow publishes", Fail, Fixture::org().no_workflow()),
            case(
                "no workflow publishes, a pull request proposes it",
                Fail,
                Fixture::org().no_workflow().ok(
                    FactKey::ProposalPulls,
                    &bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")]),
                ),
            ),
            case(
                "docker-image.yml does not publish, a pull request proposes the generated one",
                Fail,
                Fixture::org().workflow(CI_ONLY).ok(
                    FactKey::ProposalPulls,
                    &bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")]),
                ),
            ),
            case(
                "no workflow publishes, open proposals unreadable",
                Fail,
                Fixture::org()
                    .no_workflow()
                    .fail(FactKey::ProposalPulls, ApiError::Timeout),
            ),
            case(
                "active, a proposal open too",
                Pass,
                Fixture::org().ok(
                    FactKey::ProposalPulls,
                    &bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")]),
                ),
            ),
            case(
                "no workflow publishes, open proposals pending",
                Pending,
                Fixture::org().no_workflow().waiting(FactKey::ProposalPulls),
            ),
            case(
                "not valid YAML",
                Fail,
                Fixture::org().workflow("on: [push\njobs: {\n"),
            ),
            case(
                "docker-image.yml does not publish",
                Fail,
                Fixture::org().workflow(CI_ONLY),
            ),
            case(
                "disabled after 60 days without activity",
                Fail,
                Fixture::org().state("disabled_inactivity"),
            ),
            case(
                "disabled by hand",
                Fail,
                Fixture::org().state("disabled_manually"),
            ),
            case(
                "state unreadable",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowState(main_file()),
                    ApiError::Server { status: 500 },
                ),
            ),
            case(
                "state hidden by a policy",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowState(main_file()),
                    ApiError::SsoRequired {
                        authorize_url: None,
                    },
                ),
            ),
            case(
                "github lists no workflow for the file (404)",
                Manual,
                Fixture::org().absent(FactKey::WorkflowState(main_file())),
            ),
            case(
                "repository empty (409)",
                Unknown,
                Fixture::org().fail(main_key(), ApiError::EmptyRepository),
            ),
            case(
                "file unreadable",
                Unknown,
                Fixture::org().fail(main_key(), ApiError::Server { status: 500 }),
            ),
            case(
                "file needs the repo scope",
                Unknown,
                Fixture::org().skipped(main_key(), Why::MissingScope(Scope::Repo)),
            ),
            case("file pending", Pending, Fixture::org().waiting(main_key())),
            case(
                "state pending",
                Pending,
                Fixture::org().waiting(FactKey::WorkflowState(main_file())),
            ),
        ],
    );
    insta::assert_snapshot!("workflow-file", doc);
}

#[test]
fn workflow_findings() {
    use Status::*;
    let undeclared = edit(
        &edit(&standard(), "permissions:\n  contents: read\n", ""),
        "    permissions:\n      contents: read # to check out the repository\n      packages: write # to push the image to ghcr.io\n",
        "",
    );
    let doc = scenarios(
        "workflow-findings",
        vec![
            case("generated workflow", Pass, Fixture::org()),
            case(
                "deliberate tags only",
                Pass,
                Fixture::org().workflow(&deliberate_tags()),
            ),
            case(
                "actions used by tag",
                Warn,
                Fixture::org().workflow(&plain_tags()),
            ),
            case(
                "no permissions and pushes on pull requests",
                Fail,
                Fixture::org().workflow(&edit(
                    &undeclared,
                    "push: ${{ github.event_name != 'pull_request' }}",
                    "push: true",
                )),
            ),
            case(
                "no workflow yet",
                NotApplicable,
                Fixture::org().no_workflow(),
            ),
            case(
                "not valid YAML",
                NotApplicable,
                Fixture::org().workflow("on: [push\njobs: {\n"),
            ),
            case(
                "file unreadable",
                Unknown,
                Fixture::org().fail(main_key(), ApiError::Timeout),
            ),
            case("pending", Pending, Fixture::org().waiting(main_key())),
        ],
    );
    insta::assert_snapshot!("workflow-findings", doc);
}

#[test]
fn pull_requests() {
    use Status::*;
    let push_only = handwritten(
        "ubuntu-latest",
        GITHUB_TOKEN,
        &["push: true", "tags: ghcr.io/acme/app:latest"],
    );
    let doc = scenarios(
        "pull-requests",
        vec![
            case("builds pull requests without pushing", Pass, Fixture::org()),
            case(
                "does not run on pull requests",
                Pass,
                Fixture::org().workflow(&push_only),
            ),
            case(
                "logs in and pushes on pull requests",
                Fail,
                Fixture::org().workflow(&pushes_on_pull_requests()),
            ),
            case(
                "the generated guards on pull_request_target, where they are true",
                Fail,
                Fixture::org().workflow(&on_pull_request_target()),
            ),
            case(
                "logs in and pushes on pull_request_target",
                Fail,
                Fixture::org().workflow(&edit(
                    &pushes_on_pull_requests(),
                    "  pull_request:\n",
                    "  pull_request_target:\n",
                )),
            ),
            case(
                "no workflow yet",
                NotApplicable,
                Fixture::org().no_workflow(),
            ),
            case(
                "file unreadable",
                Unknown,
                Fixture::org().fail(
                    main_key(),
                    ApiError::SsoRequired {
                        authorize_url: None,
                    },
                ),
            ),
            case("pending", Pending, Fixture::org().waiting(main_key())),
        ],
    );
    insta::assert_snapshot!("pull-requests", doc);
}

/// The generated workflow of `acme/app`, run on `pull_request_target`
/// instead of `pull_request`.
fn on_pull_request_target() -> String {
    edit(&standard(), "  pull_request:\n", "  pull_request_target:\n")
}

#[test]
fn execution_protections() {
    use Status::*;
    let target = on_pull_request_target();
    let builds_only = "name: Test\non:\n  pull_request_target:\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";
    let doc = scenarios(
        "execution-protections",
        vec![
            case(
                "public repository, publishing on pull_request_target",
                Fail,
                Fixture::org().workflow(&target),
            ),
            case(
                "private repository, publishing on pull_request_target",
                Warn,
                Fixture::org()
                    .ok(FactKey::Repo, &bodies::repo("acme/app", true, true, true))
                    .workflow(&target),
            ),
            case(
                "generated workflow, organization: rulesets cannot be read",
                Manual,
                Fixture::org(),
            ),
            case(
                "personal repository: its rulesets cannot be read",
                Manual,
                Fixture::personal(),
            ),
            case(
                "only a workflow that does not publish runs on pull_request_target",
                Manual,
                Fixture::org()
                    .ok(
                        FactKey::WorkflowDir,
                        &bodies::dir(&["ci.yml", "docker-image.yml"]),
                    )
                    .ok(
                        FactKey::WorkflowFile(file_name("ci.yml")),
                        &bodies::file(".github/workflows/ci.yml", builds_only),
                    ),
            ),
            case("no workflow yet", Manual, Fixture::org().no_workflow()),
            case(
                "file unreadable",
                Unknown,
                Fixture::org().fail(
                    main_key(),
                    ApiError::SsoRequired {
                        authorize_url: None,
                    },
                ),
            ),
            case("pending", Pending, Fixture::org().waiting(FactKey::Repo)),
        ],
    );
    insta::assert_snapshot!("execution-protections", doc);
}

#[test]
fn dockerfile() {
    use Status::*;
    let custom = generated(
        "acme/app",
        &[
            ("dockerfile", "docker/app.Dockerfile"),
            ("context", "docker"),
        ],
    );
    let by_expression = handwritten(
        "ubuntu-latest",
        GITHUB_TOKEN,
        &[
            "push: true",
            "file: ${{ env.DOCKERFILE }}",
            "tags: ghcr.io/acme/app:latest",
        ],
    );
    let doc = scenarios(
        "dockerfile",
        vec![
            case("present", Pass, Fixture::org()),
            case(
                "present at the workflow's custom path",
                Pass,
                Fixture::org().workflow(&custom),
            ),
            case("missing", Fail, Fixture::org().dockerfile(Err(not_found()))),
            case(
                "missing at the workflow's custom path",
                Fail,
                Fixture::org()
                    .workflow(&custom)
                    .dockerfile(Err(not_found())),
            ),
            case(
                "no workflow yet, present at the root",
                Pass,
                Fixture::org().no_workflow(),
            ),
            case(
                "no workflow yet, none at the root",
                Warn,
                Fixture::org().no_workflow().dockerfile(Err(not_found())),
            ),
            case(
                "named by an expression",
                Manual,
                Fixture::org().workflow(&by_expression),
            ),
            case(
                "refused (403)",
                Unknown,
                Fixture::org().dockerfile(Err(ApiError::Forbidden(ErrorBody::default()))),
            ),
            case(
                "workflow unreadable",
                Unknown,
                Fixture::org().fail(main_key(), ApiError::Network("reset".into())),
            ),
            case("pending", Pending, {
                let f = Fixture::org();
                let key = f.dockerfile_key().unwrap();
                f.waiting(key)
            }),
        ],
    );
    insta::assert_snapshot!("dockerfile", doc);
}

#[test]
fn latest_run() {
    use Status::*;
    let no_url = r#"{"total_count":1,"workflow_runs":[{"id":7,"run_number":3,"status":"completed","conclusion":"failure","head_branch":"main","event":"push","created_at":"2026-11-20T10:00:00Z"}]}"#;
    let doc = scenarios(
        "latest-run",
        vec![
            case("succeeded", Pass, Fixture::org()),
            case(
                "failed",
                Fail,
                Fixture::org().runs(&[
                    ("completed", Some("failure")),
                    ("completed", Some("success")),
                ]),
            ),
            case(
                "failed, no link to the run",
                Fail,
                Fixture::org().ok(FactKey::WorkflowRuns(main_file()), no_url),
            ),
            case(
                "timed out",
                Fail,
                Fixture::org().runs(&[("completed", Some("timed_out"))]),
            ),
            case(
                "cancelled after a success",
                Pass,
                Fixture::org().runs(&[
                    ("completed", Some("cancelled")),
                    ("completed", Some("success")),
                ]),
            ),
            case(
                "cancelled after a failure",
                Fail,
                Fixture::org().runs(&[
                    ("completed", Some("cancelled")),
                    ("completed", Some("failure")),
                ]),
            ),
            case(
                "only cancelled runs",
                Pass,
                Fixture::org().runs(&[("completed", Some("cancelled"))]),
            ),
            case(
                "in progress",
                Pass,
                Fixture::org().runs(&[("in_progress", None)]),
            ),
            case("never run", NotApplicable, Fixture::org().runs(&[])),
            case(
                "runs not found",
                NotApplicable,
                Fixture::org().absent(FactKey::WorkflowRuns(main_file())),
            ),
            case(
                "no workflow yet",
                NotApplicable,
                Fixture::org().no_workflow(),
            ),
            case(
                "runs unreadable",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowRuns(main_file()),
                    ApiError::Server { status: 500 },
                ),
            ),
            case(
                "workflow unreadable",
                Unknown,
                Fixture::org().fail(main_key(), ApiError::Server { status: 500 }),
            ),
            case(
                "pending",
                Pending,
                Fixture::org().waiting(FactKey::WorkflowRuns(main_file())),
            ),
        ],
    );
    insta::assert_snapshot!("latest-run", doc);
}
