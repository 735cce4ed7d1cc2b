//! The "Package" checks, one scenario per outcome each can give, with the
//! wording snapshotted (`snapshots/checks_package__<id>.snap`).

use crate::support;

use ghcr_setup_core::api::{ApiError, ErrorBody};
use ghcr_setup_core::check::{FactKey, Status, Target, Why};
use ghcr_setup_core::names::{ImageName, RepoSlug};
use ghcr_setup_core::token::Scope;
use ghcr_setup_core::token::TokenKind;
use support::bodies;
use support::checklist::{case, handwritten, scenarios, Fixture, GITHUB_TOKEN};

/// An organization repository whose name is not a valid image name, with no workflow.
fn unnamed() -> Fixture {
    let mut f = Fixture::org().no_workflow();
    f.target = Target::repo(RepoSlug::parse("acme/.github").unwrap());
    f
}

/// `acme/app` publishing to an image of another account (a user's, unless
/// it is `acme`'s own).
fn elsewhere(image: &str) -> Fixture {
    let mut f = Fixture::org();
    let image = ImageName::parse(image).unwrap();
    let namespace = image.namespace().to_string();
    f.target.image = Some(image);
    if namespace == "acme" {
        f
    } else {
        f.ok(FactKey::ImageOwner, &bodies::user(&namespace))
            .ok(FactKey::Package, &app_package("public", Some("acme/app")))
    }
}

/// `acme/app` publishing to an image of another organization.
fn other_org(image: &str) -> Fixture {
    let mut f = Fixture::org();
    let image = ImageName::parse(image).unwrap();
    let namespace = image.namespace().to_string();
    f.target.image = Some(image);
    f.ok(FactKey::ImageOwner, &bodies::organization(&namespace))
        .ok(FactKey::Package, &app_package("public", Some("acme/app")))
}

/// The newest run is a pull request's that failed; the push before it passed.
const PR_FAILED_PUSH_PASSED: &str = r#"{"total_count":2,"workflow_runs":[{"id":2,"run_number":12,"status":"completed","conclusion":"failure","head_branch":"feature","event":"pull_request","created_at":"2026-11-21T10:00:00Z","html_url":"https://github.com/acme/app/actions/runs/2"},{"id":1,"run_number":11,"status":"completed","conclusion":"success","head_branch":"main","event":"push","created_at":"2026-11-20T10:00:00Z","html_url":"https://github.com/acme/app/actions/runs/1"}]}"#;

fn app_package(visibility: &str, linked: Option<&str>) -> String {
    bodies::package("app", visibility, linked)
}

fn private_repo(f: Fixture, full: &str, org: bool) -> Fixture {
    f.ok(FactKey::Repo, &bodies::repo(full, org, true, true))
}

fn forbidden() -> ApiError {
    ApiError::Forbidden(ErrorBody {
        message: Some("Resource not accessible by personal access token".into()),
        ..ErrorBody::default()
    })
}

#[test]
fn package() {
    use Status::*;
    let doc = scenarios(
        "package",
        vec![
            case("published under the organization", Pass, Fixture::org()),
            case("published under your account", Pass, Fixture::personal()),
            case(
                "not published, personal repository",
                Pass,
                Fixture::personal().absent(FactKey::Package),
            ),
            case(
                "not published, organization repository",
                Manual,
                Fixture::org().absent(FactKey::Package),
            ),
            case(
                "not published, organization, last run failed",
                Warn,
                Fixture::org()
                    .absent(FactKey::Package)
                    .runs(&[("completed", Some("failure"))]),
            ),
            case(
                "not published, organization, last run failed, the job cannot write packages",
                Warn,
                Fixture::org()
                    .workflow(
                        &support::checklist::generated("acme/app", &[])
                            .replace("      packages: write # to push the image to ghcr.io\n", ""),
                    )
                    .absent(FactKey::Package)
                    .runs(&[("completed", Some("failure"))]),
            ),
            case(
                "not published, organization, last run failed, newer one cancelled",
                Warn,
                Fixture::org().absent(FactKey::Package).runs(&[
                    ("completed", Some("cancelled")),
                    ("completed", Some("failure")),
                ]),
            ),
            case(
                "not published, organization, only a pull request's run failed",
                Manual,
                Fixture::org().absent(FactKey::Package).ok(
                    FactKey::WorkflowRuns(support::checklist::main_file()),
                    PR_FAILED_PUSH_PASSED,
                ),
            ),
            case(
                "workflow unreadable, a package has the repository's name",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowFile(support::checklist::main_file()),
                    ApiError::Server { status: 500 },
                ),
            ),
            case(
                "workflow unreadable, nothing under the repository's name",
                Unknown,
                Fixture::org()
                    .fail(
                        FactKey::WorkflowFile(support::checklist::main_file()),
                        ApiError::Timeout,
                    )
                    .absent(FactKey::Package),
            ),
            case(
                "workflow unreadable, image named",
                Pass,
                elsewhere("ghcr.io/acme/app").fail(
                    FactKey::WorkflowFile(support::checklist::main_file()),
                    ApiError::Server { status: 500 },
                ),
            ),
            case(
                "not published, organization, never run",
                Manual,
                Fixture::org().absent(FactKey::Package).runs(&[]),
            ),
            case("repository name is no image name", Manual, unnamed()),
            case(
                "read:packages missing",
                Unknown,
                Fixture::org().skipped(FactKey::Package, Why::MissingScope(Scope::ReadPackages)),
            ),
            case(
                "fine-grained token",
                Unknown,
                Fixture::org()
                    .token_kind(TokenKind::FineGrainedPat)
                    .skipped(FactKey::Package, Why::TokenKind(TokenKind::FineGrainedPat)),
            ),
            case(
                "refused (403)",
                Unknown,
                Fixture::org().fail(FactKey::Package, forbidden()),
            ),
            case(
                "repository unreadable",
                Unknown,
                Fixture::org().fail(FactKey::Repo, ApiError::Network("reset".into())),
            ),
            case(
                "published under another organization",
                Pass,
                other_org("ghcr.io/platform/app"),
            ),
            case(
                "the image's account unreadable",
                Unknown,
                elsewhere("ghcr.io/platform/app")
                    .fail(FactKey::ImageOwner, ApiError::Server { status: 500 })
                    .skipped(
                        FactKey::Package,
                        Why::BlockedBy {
                            what: "The account the image belongs to".into(),
                            cause: Box::new(Why::Api(ApiError::Server { status: 500 })),
                        },
                    ),
            ),
            case(
                "package pending",
                Pending,
                Fixture::org().waiting(FactKey::Package),
            ),
            case(
                "runs pending",
                Pending,
                Fixture::org()
                    .absent(FactKey::Package)
                    .waiting(FactKey::WorkflowRuns(support::checklist::main_file())),
            ),
        ],
    );
    insta::assert_snapshot!("package", doc);
}

#[test]
fn package_access() {
    use Status::*;
    let doc = scenarios(
        "package-access",
        vec![
            case("linked to this repository", Pass, Fixture::org()),
            case(
                "linked to this repository, other letter case",
                Pass,
                Fixture::org().ok(FactKey::Package, &app_package("public", Some("Acme/App"))),
            ),
            case(
                "linked to another repository",
                Manual,
                Fixture::org().ok(
                    FactKey::Package,
                    &app_package("public", Some("acme/old-app")),
                ),
            ),
            case(
                "linked to no repository",
                Manual,
                Fixture::org().ok(FactKey::Package, &app_package("private", None)),
            ),
            case(
                "your own package, linked to no repository",
                Manual,
                Fixture::personal().ok(FactKey::Package, &bodies::package("tool", "public", None)),
            ),
            case(
                "another account's image",
                Manual,
                elsewhere("ghcr.io/someone/app").ok(
                    FactKey::Package,
                    &app_package("public", Some("someone/app")),
                ),
            ),
            case(
                "another organization's image",
                Manual,
                other_org("ghcr.io/platform/app").ok(
                    FactKey::Package,
                    &app_package("public", Some("platform/app")),
                ),
            ),
            case(
                "not published yet",
                NotApplicable,
                Fixture::org().absent(FactKey::Package),
            ),
            case(
                "workflow unreadable, no image named",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowFile(support::checklist::main_file()),
                    ApiError::Server { status: 500 },
                ),
            ),
            case("repository name is no image name", NotApplicable, unnamed()),
            case(
                "read:packages missing",
                Unknown,
                Fixture::org().skipped(FactKey::Package, Why::MissingScope(Scope::ReadPackages)),
            ),
            case(
                "sso not authorized",
                Unknown,
                Fixture::org().fail(
                    FactKey::Package,
                    ApiError::SsoRequired {
                        authorize_url: Some(
                            "https://github.com/orgs/acme/sso?authorization_request=7".into(),
                        ),
                    },
                ),
            ),
            case("pending", Pending, Fixture::org().waiting(FactKey::Package)),
        ],
    );
    insta::assert_snapshot!("package-access", doc);
}

#[test]
fn package_visibility() {
    use Status::*;
    let internal = r#"{"full_name":"acme/app","owner":{"login":"acme","type":"Organization"},"private":true,"visibility":"internal","default_branch":"main","archived":false,"permissions":{"admin":true,"push":true,"pull":true}}"#;
    let doc = scenarios(
        "package-visibility",
        vec![
            case("public package", Pass, Fixture::org()),
            case(
                "private package, public repository",
                Warn,
                Fixture::org().ok(FactKey::Package, &app_package("private", Some("acme/app"))),
            ),
            case(
                "private package, private repository",
                Pass,
                private_repo(Fixture::org(), "acme/app", true)
                    .ok(FactKey::Package, &app_package("private", Some("acme/app"))),
            ),
            case(
                "internal package, internal repository",
                Pass,
                Fixture::org()
                    .ok(FactKey::Repo, internal)
                    .ok(FactKey::Package, &app_package("internal", Some("acme/app"))),
            ),
            case(
                "public package, private repository",
                Pass,
                private_repo(Fixture::org(), "acme/app", true),
            ),
            case(
                "not published, public repository",
                Manual,
                Fixture::org().absent(FactKey::Package),
            ),
            case(
                "not published, your public repository",
                Manual,
                Fixture::personal().absent(FactKey::Package),
            ),
            case(
                "not published, private repository",
                NotApplicable,
                private_repo(Fixture::org(), "acme/app", true).absent(FactKey::Package),
            ),
            case(
                "workflow unreadable, no image named",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowFile(support::checklist::main_file()),
                    ApiError::Timeout,
                ),
            ),
            case(
                "another organization's private package, public repository",
                Warn,
                other_org("ghcr.io/platform/app")
                    .ok(FactKey::Package, &app_package("private", Some("acme/app"))),
            ),
            case("repository name is no image name", NotApplicable, unnamed()),
            case(
                "fine-grained token",
                Unknown,
                Fixture::org()
                    .token_kind(TokenKind::FineGrainedPat)
                    .skipped(FactKey::Package, Why::TokenKind(TokenKind::FineGrainedPat)),
            ),
            case(
                "rate limited",
                Unknown,
                Fixture::org().fail(
                    FactKey::Package,
                    ApiError::RateLimited {
                        reset_at_s: None,
                        retry_after_s: Some(60),
                        secondary: true,
                    },
                ),
            ),
            case("pending", Pending, Fixture::org().waiting(FactKey::Package)),
        ],
    );
    insta::assert_snapshot!("package-visibility", doc);
}

#[test]
fn image_name() {
    use Status::*;
    let mixed = || Fixture::org_repo("Acme/App");
    let tags = |image: &str| {
        handwritten(
            "ubuntu-latest",
            GITHUB_TOKEN,
            &["push: true", &format!("tags: {image}:latest")],
        )
    };
    let via_metadata = "name: Publish\non: push\njobs:\n  publish:\n    runs-on: ubuntu-latest\n    permissions:\n      contents: read\n      packages: write\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n      - id: meta\n        uses: docker/metadata-action@v5\n        with:\n          images: ghcr.io/${{ github.repository }}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ${{ steps.meta.outputs.tags }}\n";
    let doc = scenarios(
        "image-name",
        vec![
            case("generated workflow", Pass, Fixture::org()),
            case("generated workflow, mixed-case repository", Pass, mixed()),
            case(
                "no workflow yet, mixed-case repository",
                Pass,
                mixed().no_workflow(),
            ),
            case("no workflow yet", Pass, Fixture::org().no_workflow()),
            case(
                "capitals in a literal tag",
                Fail,
                Fixture::org().workflow(&tags("ghcr.io/Acme/App")),
            ),
            case(
                "github.repository of a mixed-case owner",
                Fail,
                mixed().workflow(&tags("ghcr.io/${{ github.repository }}")),
            ),
            case(
                "github.repository of a lower-case owner",
                Pass,
                Fixture::org().workflow(&tags("ghcr.io/${{ github.repository }}")),
            ),
            case(
                "github.repository through metadata-action",
                Pass,
                mixed().workflow(via_metadata),
            ),
            case(
                "workflow names no image",
                Pass,
                Fixture::org().workflow(&handwritten(
                    "ubuntu-latest",
                    GITHUB_TOKEN,
                    &["push: true"],
                )),
            ),
            case(
                "workflow file unreadable",
                Unknown,
                Fixture::org().fail(
                    FactKey::WorkflowFile(support::checklist::main_file()),
                    ApiError::MissingScopes {
                        needed: vec!["repo".into()],
                        have: vec![],
                    },
                ),
            ),
            case(
                "workflow pending",
                Pending,
                Fixture::org().waiting(FactKey::WorkflowFile(support::checklist::main_file())),
            ),
        ],
    );
    insta::assert_snapshot!("image-name", doc);
}
