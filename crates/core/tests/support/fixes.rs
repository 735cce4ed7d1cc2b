//! Helpers for the one-click fix tests: a checklist run driven to its end
//! against a scripted GitHub with a classic token of given scopes, a row's
//! status, the offer of a kind on a row, and the repositories the fixes
//! start from (a fresh one, each allowed-actions policy, a missing secret,
//! a proposal GitHub accepts).

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOffer};
use ghcr_setup_core::check::{Identity, Run, Status, Target};
use ghcr_setup_core::engine::Scheduler;
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};

use super::{bodies, drive, ready_org, Canned, Script, BASE};

const R: &str = "/repos/acme/app";
const O: &str = "/orgs/acme";

/// The latency every scripted answer takes, in milliseconds.
pub const LATENCY: u64 = 100;

/// Every scope the checks and fixes use.
pub const ALL: &str = "repo, read:org, read:packages, workflow, admin:org";

/// A workflow that logs in to ghcr.io and declares no `permissions:`.
pub const UNDECLARED_LOGIN: &str = "name: x\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n";

/// octo, signed in with a classic token that has `scopes`.
pub fn identity(scopes: &str) -> Identity {
    Identity {
        login: Some("octo".into()),
        kind: TokenKind::ClassicPat,
        scopes: Some(Scopes::parse_header(scopes)),
    }
}

/// The checklist of `full`, run to its end.
pub fn checked(script: &mut Script, full: &str, scopes: &str) -> Run {
    let target = Target::repo(RepoSlug::parse(full).unwrap());
    let sched = Scheduler::new(BASE, Some(Secret::new("ghp_admin")), EtagCache::new())
        .with_max_in_flight(100);
    let mut run = Run::with_scheduler(target, identity(scopes), sched, 0);
    drive(&mut run, script, 0, LATENCY);
    run
}

/// The status of row `id`.
pub fn status(run: &Run, id: &str) -> Status {
    run.items(0)
        .into_iter()
        .find(|i| i.meta.id == id)
        .unwrap()
        .verdict
        .status
}

/// The offer on row `check` whose kind `pick` accepts, if there is one.
pub fn find(run: &Run, check: &str, pick: impl Fn(&FixKind) -> bool) -> Option<FixOffer> {
    run.offers(0)
        .into_iter()
        .find(|o| o.check == check && pick(&o.kind))
}

/// The offer on row `check` whose kind `pick` accepts; panics with every
/// offer when there is none.
pub fn offer(run: &Run, check: &str, pick: impl Fn(&FixKind) -> bool) -> FixOffer {
    find(run, check, pick)
        .unwrap_or_else(|| panic!("no such offer on {check}: {:#?}", run.offers(0)))
}

/// An organization whose selected-actions list lacks the docker actions the
/// generated workflow uses; the repository allows everything itself.
pub fn org_selected() -> Script {
    let mut s = ready_org("acme/app");
    s.set(
        "GET",
        &format!("{O}/actions/permissions"),
        Canned::json(200, &bodies::org_actions("all", "selected", false)),
    );
    s.set(
        "GET",
        &format!("{O}/actions/permissions/selected-actions"),
        Canned::json(200, &bodies::selected(true, false, &["acme/*"])),
    );
    s
}

/// An organization that allows only its own actions.
pub fn org_local_only() -> Script {
    let mut s = ready_org("acme/app");
    s.set(
        "GET",
        &format!("{O}/actions/permissions"),
        Canned::json(200, &bodies::org_actions("selected", "local_only", false)),
    );
    s
}

pub fn actions_disabled() -> Script {
    let mut s = ready_org("acme/app");
    s.set(
        "GET",
        &format!("{R}/actions/permissions"),
        Canned::json(200, r#"{"enabled":false}"#),
    );
    s
}

pub fn repo_selected() -> Script {
    let mut s = ready_org("acme/app");
    s.set(
        "GET",
        &format!("{R}/actions/permissions"),
        Canned::json(200, &bodies::actions(true, "selected", false)),
    );
    s.set(
        "GET",
        &format!("{R}/actions/permissions/selected-actions"),
        Canned::json(200, &bodies::selected(true, false, &["acme/*"])),
    );
    s
}

pub fn repo_local_only() -> Script {
    let mut s = ready_org("acme/app");
    s.set(
        "GET",
        &format!("{R}/actions/permissions"),
        Canned::json(200, &bodies::actions(true, "local_only", false)),
    );
    s
}

/// A fresh repository: write default, no workflow, nothing published.
pub fn fresh() -> Script {
    let mut s = ready_org("acme/app");
    s.set(
        "GET",
        &format!("{R}/actions/permissions/workflow"),
        Canned::json(200, &bodies::workflow_permissions("write")),
    );
    for path in [
        format!("{R}/contents/.github/workflows/docker-image.yml"),
        format!("{R}/contents/.github/workflows"),
        format!("{O}/packages/container/app"),
    ] {
        s.set(
            "GET",
            &path,
            Canned::json(404, r#"{"message":"Not Found"}"#),
        );
    }
    s.set(
        "GET",
        &format!("{O}/actions/permissions/workflow"),
        Canned::json(200, &bodies::workflow_permissions("write")),
    );
    s
}

/// A workflow without `permissions:` under a read default (the org does not force it).
pub fn read_default_without_grant() -> Script {
    let mut s = ready_org("acme/app");
    let wf = UNDECLARED_LOGIN;
    s.set_workflow("acme/app", wf);
    s.set(
        "GET",
        &format!("{O}/actions/permissions/workflow"),
        Canned::json(200, &bodies::workflow_permissions("write")),
    );
    s
}

pub const SECRET: &str = "LOCAL_RUNNER_FALLBACK_TOKEN";
/// The token a secret fix stores; no output may ever show it.
pub const TOKEN: &str = "ghp_SERVICEaccountTOKENvalue000000000000";

/// A self-hosted workflow whose login falls back to a secret that does not exist yet.
pub fn secret_missing() -> Script {
    let mut s = ready_org("acme/app");
    let wf = ghcr_setup_core::workflow::generate(&{
        let (raw, _) = ghcr_setup_core::workflow::RawOptions::from_query(&format!(
            "repo=acme/app&runner=self-hosted,linux&fallback={SECRET}"
        ));
        raw.validate().unwrap()
    });
    s.set_workflow("acme/app", &wf);
    s.set(
        "GET",
        &format!("{R}/actions/runners"),
        Canned::json(
            200,
            &bodies::runners(&[("box", "online", "2.330.0", &["self-hosted", "linux"])]),
        ),
    );
    s
}

pub fn secret_input() -> FixInput {
    FixInput {
        secret: Some(Secret::new(TOKEN)),
        entropy: Some([3u8; 32]),
        replace_existing: false,
    }
}

/// `fresh()` where proposing the workflow succeeds: no open pull request,
/// `main` at 1111…, the branch, the file and pull request #7 created.
pub fn proposal_script() -> Script {
    let mut s = fresh();
    let r = "/repos/acme/app";
    s.set(
        "GET",
        &format!("{r}/pulls?head=acme%3Aghcr-setup%2Fdocker-image&state=open"),
        Canned::json(200, "[]"),
    );
    s.set("GET", &format!("{r}/git/ref/heads/main"), Canned::json(200, r#"{"ref":"refs/heads/main","object":{"sha":"1111111111111111111111111111111111111111","type":"commit"}}"#));
    s.set("POST", &format!("{r}/git/refs"), Canned::json(201, r#"{"ref":"refs/heads/ghcr-setup/docker-image","object":{"sha":"1111111111111111111111111111111111111111","type":"commit"}}"#));
    s.set(
        "PUT",
        &format!("{r}/contents/.github/workflows/docker-image.yml"),
        Canned::json(201, r#"{"content":{"sha":"2222"},"commit":{"sha":"3333"}}"#),
    );
    s.set(
        "POST",
        &format!("{r}/pulls"),
        Canned::json(
            201,
            r#"{"number":7,"html_url":"https://github.com/acme/app/pull/7","state":"open"}"#,
        ),
    );
    s
}
