//! The "Repository Actions settings" checks, one scenario per outcome each
//! can give, with the wording snapshotted (`snapshots/checks_settings__<id>.snap`).

use crate::support;

use ghcr_setup_core::api::{ApiError, ErrorBody};
use ghcr_setup_core::check::{FactKey, Status, Why};
use ghcr_setup_core::token::Scope;
use support::bodies;
use support::checklist::{case, generated, not_found, scenarios, Fixture};

/// `text` with `from` replaced by `to`; panics when `from` is not there, so
/// a change to the generator cannot quietly turn a fixture into the baseline.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(
        text.contains(from),
        "fixture edit: `{from}` not found in\n{text}"
    );
    text.replace(from, to)
}

/// The generated workflow of `acme/app` with actions used by tag.
fn tagged() -> String {
    generated("acme/app", &[("pin", "false")])
}

const TOP_PERMISSIONS: &str = "permissions:\n  contents: read\n";
const JOB_PERMISSIONS: &str = "    permissions:\n      contents: read # to check out the repository\n      packages: write # to push the image to ghcr.io\n";
const JOB_PACKAGES: &str = "      packages: write # to push the image to ghcr.io\n";

/// No `permissions:` anywhere.
fn undeclared() -> String {
    let wf = edit(&generated("acme/app", &[]), TOP_PERMISSIONS, "");
    edit(&wf, JOB_PERMISSIONS, "")
}

/// The job declares `permissions:` without `packages: write`.
fn without_packages() -> String {
    edit(&generated("acme/app", &[]), JOB_PACKAGES, "")
}

/// `packages: write` granted at the top level, nothing on the job.
fn top_level_write() -> String {
    let wf = edit(
        &generated("acme/app", &[]),
        TOP_PERMISSIONS,
        "permissions:\n  contents: read\n  packages: write\n",
    );
    edit(&wf, JOB_PERMISSIONS, "")
}

#[test]
fn actions_enabled() {
    use Status::*;
    let org = |enabled: &str| {
        Fixture::org().ok(
            FactKey::OrgActions,
            &bodies::org_actions(enabled, "all", false),
        )
    };
    let doc = scenarios(
        "actions-enabled",
        vec![
            case("enabled", Pass, Fixture::org()),
            case("enabled, personal repository", Pass, Fixture::personal()),
            case(
                "organization enables selected repositories",
                Pass,
                org("selected"),
            ),
            case(
                "disabled for the repository",
                Fail,
                Fixture::org().ok(
                    FactKey::RepoActions,
                    r#"{"enabled":false,"sha_pinning_required":false}"#,
                ),
            ),
            case("organization disables every repository", Fail, org("none")),
            case(
                "disabled for the repository and by the organization",
                Fail,
                org("none").ok(
                    FactKey::RepoActions,
                    r#"{"enabled":false,"sha_pinning_required":false}"#,
                ),
            ),
            case(
                "organization policy unreadable (no admin:org)",
                Warn,
                Fixture::org().skipped(FactKey::OrgActions, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "organization policy refused (member, not owner)",
                Warn,
                Fixture::org().fail(
                    FactKey::OrgActions,
                    ApiError::Forbidden(ErrorBody {
                        message: Some("You must be an org admin to view this.".into()),
                        ..ErrorBody::default()
                    }),
                ),
            ),
            case(
                "organization policy unreadable, repository disabled",
                Fail,
                Fixture::org()
                    .ok(
                        FactKey::RepoActions,
                        r#"{"enabled":false,"sha_pinning_required":false}"#,
                    )
                    .fail(FactKey::OrgActions, ApiError::Timeout),
            ),
            case(
                "not an admin of the repository",
                Unknown,
                Fixture::org().skipped(FactKey::RepoActions, Why::NotRepoAdmin),
            ),
            case(
                "github had a problem",
                Unknown,
                Fixture::org().fail(FactKey::RepoActions, ApiError::Server { status: 500 }),
            ),
            case(
                "repository settings hidden (404)",
                Unknown,
                Fixture::org().fail(FactKey::RepoActions, not_found()),
            ),
            case(
                "repository settings pending",
                Pending,
                Fixture::org().waiting(FactKey::RepoActions),
            ),
            case(
                "organization policy pending",
                Pending,
                Fixture::org().waiting(FactKey::OrgActions),
            ),
        ],
    );
    insta::assert_snapshot!("actions-enabled", doc);
}

#[test]
fn allowed_actions() {
    use Status::*;
    let repo = |allowed: &str| {
        Fixture::org().ok(FactKey::RepoActions, &bodies::actions(true, allowed, false))
    };
    let repo_list = |github: bool, verified: bool, patterns: &[&str]| {
        repo("selected").ok(
            FactKey::RepoSelectedActions,
            &bodies::selected(github, verified, patterns),
        )
    };
    let org_list = |github: bool, verified: bool, patterns: &[&str]| {
        Fixture::org()
            .ok(
                FactKey::OrgActions,
                &bodies::org_actions("all", "selected", false),
            )
            .ok(
                FactKey::OrgSelectedActions,
                &bodies::selected(github, verified, patterns),
            )
    };
    let doc = scenarios(
        "allowed-actions",
        vec![
            case("all actions allowed", Pass, Fixture::org()),
            case(
                "selected: GitHub-owned and docker/*",
                Pass,
                repo_list(true, false, &["docker/*"]),
            ),
            case(
                "selected: GitHub-owned and verified creators",
                Pass,
                repo_list(true, true, &[]),
            ),
            case(
                "selected: GitHub-owned only",
                Fail,
                repo_list(true, false, &[]),
            ),
            case(
                "selected: a ! pattern blocks the login action",
                Fail,
                repo_list(true, true, &["!docker/login-action@*"]),
            ),
            case("local actions only", Fail, repo("local_only")),
            case(
                "local actions only, no workflow yet",
                Fail,
                repo("local_only").no_workflow(),
            ),
            case(
                "all allowed, no workflow yet",
                Pass,
                Fixture::org().no_workflow(),
            ),
            case(
                "organization allows GitHub-owned only",
                Fail,
                org_list(true, false, &[]),
            ),
            case(
                "organization allows docker/*",
                Pass,
                org_list(true, false, &["docker/*"]),
            ),
            case(
                "organization policy unreadable (no admin:org)",
                Warn,
                Fixture::org().skipped(FactKey::OrgActions, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "organization policy unreadable, repository blocks an action",
                Fail,
                repo("local_only").fail(FactKey::OrgActions, not_found()),
            ),
            case(
                "repository allow-list unreadable",
                Unknown,
                repo("selected").fail(
                    FactKey::RepoSelectedActions,
                    ApiError::Server { status: 500 },
                ),
            ),
            case(
                "organization allow-list unreadable",
                Unknown,
                Fixture::org()
                    .ok(
                        FactKey::OrgActions,
                        &bodies::org_actions("all", "selected", false),
                    )
                    .fail(FactKey::OrgSelectedActions, not_found()),
            ),
            case(
                "not an admin of the repository",
                Unknown,
                Fixture::org().skipped(FactKey::RepoActions, Why::NotRepoAdmin),
            ),
            case(
                "workflow file unreadable",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowFile(support::checklist::main_file()),
                    ApiError::Timeout,
                ),
            ),
            case(
                "allow-list pending",
                Pending,
                repo("selected").waiting(FactKey::RepoSelectedActions),
            ),
            case(
                "workflow pending",
                Pending,
                Fixture::org().waiting(FactKey::WorkflowFile(support::checklist::main_file())),
            ),
        ],
    );
    insta::assert_snapshot!("allowed-actions", doc);
}

#[test]
fn sha_pinning() {
    use Status::*;
    let repo_requires =
        |f: Fixture| f.ok(FactKey::RepoActions, &bodies::actions(true, "all", true));
    let org_requires = |f: Fixture| {
        f.ok(
            FactKey::OrgActions,
            &bodies::org_actions("all", "all", true),
        )
    };
    let doc = scenarios(
        "sha-pinning",
        vec![
            case("not required, pinned anyway", Pass, Fixture::org()),
            case(
                "not required, tags used",
                Pass,
                Fixture::org().workflow(&tagged()),
            ),
            case(
                "repository requires, all pinned",
                Pass,
                repo_requires(Fixture::org()),
            ),
            case(
                "repository requires, tags used",
                Fail,
                repo_requires(Fixture::org().workflow(&tagged())),
            ),
            case(
                "organization requires, tags used",
                Fail,
                org_requires(Fixture::org().workflow(&tagged())),
            ),
            case(
                "organization policy unreadable, tags used",
                Manual,
                Fixture::org()
                    .workflow(&tagged())
                    .skipped(FactKey::OrgActions, Why::MissingScope(Scope::AdminOrg)),
            ),
            case(
                "required, no workflow yet",
                Pass,
                repo_requires(Fixture::org().no_workflow()),
            ),
            case(
                "not required, no workflow yet",
                Pass,
                Fixture::org().no_workflow(),
            ),
            case(
                "personal repository, tags used",
                Pass,
                Fixture::personal().workflow(&generated("octo/tool", &[("pin", "false")])),
            ),
            case(
                "not an admin of the repository",
                Unknown,
                Fixture::org().skipped(FactKey::RepoActions, Why::NotRepoAdmin),
            ),
            case(
                "pending",
                Pending,
                Fixture::org().waiting(FactKey::OrgActions),
            ),
        ],
    );
    insta::assert_snapshot!("sha-pinning", doc);
}

#[test]
fn workflow_permissions() {
    use Status::*;
    let default = |f: Fixture, d: &str| {
        f.ok(
            FactKey::RepoWorkflowPermissions,
            &bodies::workflow_permissions(d),
        )
    };
    let doc = scenarios(
        "workflow-permissions",
        vec![
            case(
                "read default, job asks for packages: write",
                Pass,
                Fixture::org(),
            ),
            case(
                "read default, packages: write at the top level",
                Pass,
                Fixture::org().workflow(&top_level_write()),
            ),
            case(
                "write default, job asks for packages: write",
                Warn,
                default(Fixture::org(), "write"),
            ),
            case(
                "write default, no permissions declared",
                Warn,
                default(Fixture::org().workflow(&undeclared()), "write"),
            ),
            case(
                "read default, no permissions declared",
                Fail,
                Fixture::org().workflow(&undeclared()).ok(
                    FactKey::OrgWorkflowPermissions,
                    &bodies::workflow_permissions("write"),
                ),
            ),
            case(
                "organization forces read, no permissions declared",
                Fail,
                Fixture::org().workflow(&undeclared()),
            ),
            case(
                "read default, no permissions declared, personal repository",
                Fail,
                Fixture::personal().workflow(&undeclared().replace("acme/app", "octo/tool")),
            ),
            case(
                "permissions without packages: write",
                Fail,
                Fixture::org().workflow(&without_packages()),
            ),
            case(
                "permissions without packages: write, write default",
                Fail,
                default(Fixture::org().workflow(&without_packages()), "write"),
            ),
            case(
                "write default, no workflow yet",
                Warn,
                default(Fixture::org().no_workflow(), "write"),
            ),
            case(
                "read default, no workflow yet",
                Pass,
                Fixture::org().no_workflow(),
            ),
            case(
                "not an admin of the repository",
                Unknown,
                Fixture::org().skipped(FactKey::RepoWorkflowPermissions, Why::NotRepoAdmin),
            ),
            case(
                "sso not authorized",
                Unknown,
                Fixture::org().fail(
                    FactKey::RepoWorkflowPermissions,
                    ApiError::SsoRequired {
                        authorize_url: None,
                    },
                ),
            ),
            case(
                "pending",
                Pending,
                Fixture::org().waiting(FactKey::RepoWorkflowPermissions),
            ),
        ],
    );
    insta::assert_snapshot!("workflow-permissions", doc);
}
