//! Fixtures for the checklist's checks: the facts of a repository that is
//! ready to publish (an organization's or a person's), helpers that change
//! one fact, and a plain-text rendering of a verdict for snapshots.
//!
//! A check's test builds one [`Fixture`] per outcome, states the [`Status`]
//! it must give, and hands the list to [`scenarios`], which checks every
//! status and the invariants every verdict keeps, and returns the document
//! that is snapshotted (one file per check, named by its id).

use ghcr_setup_core::api::{ApiError, ErrorBody};
use ghcr_setup_core::check::context::{dockerfile_path, pick_workflow};
use ghcr_setup_core::check::{
    checks::evaluate_all, FactKey, Facts, Got, Identity, Item, Slot, Status, Target, Why,
};
use ghcr_setup_core::engine::Success;
use ghcr_setup_core::names::{RepoPath, RepoSlug, WorkflowFileName};
use ghcr_setup_core::token::{Scopes, TokenKind};
use ghcr_setup_core::workflow::{generate, RawOptions};

use super::bodies;

/// 2026-11-26T12:00:00Z, the fixtures' "now".
pub const NOW_MS: u64 = 1_795_694_400_000;

/// Every scope the checks and fixes use.
pub const ALL_SCOPES: &str = "repo, read:org, read:packages, workflow, admin:org";

/// `docker-image.yml`.
pub fn main_file() -> WorkflowFileName {
    WorkflowFileName::docker_image()
}

/// A workflow file name.
pub fn file_name(name: &str) -> WorkflowFileName {
    WorkflowFileName::parse(name).unwrap_or_else(|e| panic!("{name}: {}", e.message()))
}

/// The generated workflow for `repo` with these form options
/// (`runner`, `fallback`, `pin`, …).
pub fn generated(repo: &str, sets: &[(&str, &str)]) -> String {
    let mut raw = RawOptions::defaults();
    raw.set("repo", repo);
    for (k, v) in sets {
        raw.set(k, *v);
    }
    match raw.validate() {
        Ok(options) => generate(&options),
        Err(errors) => panic!("fixture options are invalid: {errors:?}"),
    }
}

/// A 404 as GitHub sends it.
pub fn not_found() -> ApiError {
    ApiError::NotFound(ErrorBody {
        message: Some("Not Found".into()),
        documentation_url: None,
        errors: Vec::new(),
    })
}

/// What the checks read, for one repository, as a run would record it.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub facts: Facts,
    pub target: Target,
    pub identity: Identity,
    pub now_ms: u64,
    scopes: Option<Scopes>,
}

impl Fixture {
    /// An empty fixture for `repo`: every fact still pending.
    pub fn empty(repo: &str) -> Self {
        let slug = RepoSlug::parse(repo).unwrap_or_else(|e| panic!("{repo}: {}", e.message()));
        let scopes = Scopes::parse_header(ALL_SCOPES);
        Fixture {
            facts: Facts::new(),
            target: Target::repo(slug),
            identity: Identity {
                login: Some("octo".into()),
                kind: TokenKind::ClassicPat,
                scopes: Some(scopes.clone()),
            },
            now_ms: NOW_MS,
            scopes: Some(scopes),
        }
    }

    /// `acme/app`: an organization's public repository, you an admin of it
    /// and an owner of the organization, a token with every scope; the
    /// generated workflow (active, last run green), its Dockerfile, a read
    /// default, Actions on for everything, the package public and linked.
    pub fn org() -> Self {
        Fixture::org_repo("acme/app")
    }

    /// Like [`Fixture::org`] for another organization repository.
    pub fn org_repo(full: &str) -> Self {
        let f = Fixture::empty(full);
        let (_, name) = f.owner_and_name();
        let pkg = name.to_lowercase();
        f.user("octo")
            .ok(FactKey::Repo, &bodies::repo(full, true, false, true))
            .ok(
                FactKey::WorkflowDir,
                &bodies::dir(&["ci.yml", "docker-image.yml"]),
            )
            .ok(
                FactKey::WorkflowFile(file_name("ci.yml")),
                &bodies::file(".github/workflows/ci.yml", CI_ONLY),
            )
            .workflow(&generated(full, &[]))
            .ok(FactKey::RepoActions, &bodies::actions(true, "all", false))
            .na(FactKey::RepoSelectedActions)
            .ok(
                FactKey::RepoWorkflowPermissions,
                &bodies::workflow_permissions("read"),
            )
            .ok(FactKey::RepoRunners, &bodies::runners(&[]))
            .ok(FactKey::RepoSecrets, &bodies::secrets(&[]))
            .ok(FactKey::RepoOrgSecrets, &bodies::secrets(&[]))
            .ok(FactKey::Membership, &bodies::membership("admin"))
            .ok(
                FactKey::OrgActions,
                &bodies::org_actions("all", "all", false),
            )
            .na(FactKey::OrgSelectedActions)
            .ok(
                FactKey::OrgWorkflowPermissions,
                &bodies::workflow_permissions("read"),
            )
            .ok(FactKey::OrgRunnerPolicy, &bodies::runner_policy("all"))
            .ok(FactKey::OrgRunners, &bodies::runners(&[]))
            .ok(
                FactKey::Package,
                &bodies::package(&pkg, "public", Some(full)),
            )
            .ok(FactKey::ProposalPulls, "[]")
            .na(FactKey::ImageOwner)
            .na(FactKey::RunnerReleases)
    }

    /// `octo/tool`: your own public repository; organization facts do not
    /// apply; otherwise like [`Fixture::org`].
    pub fn personal() -> Self {
        Fixture::personal_repo("octo/tool")
    }

    /// Like [`Fixture::personal`] for another repository of `octo`'s.
    pub fn personal_repo(full: &str) -> Self {
        let f = Fixture::empty(full);
        let (_, name) = f.owner_and_name();
        let pkg = name.to_lowercase();
        f.user("octo")
            .ok(FactKey::Repo, &bodies::repo(full, false, false, true))
            .ok(
                FactKey::WorkflowDir,
                &bodies::dir(&["ci.yml", "docker-image.yml"]),
            )
            .ok(
                FactKey::WorkflowFile(file_name("ci.yml")),
                &bodies::file(".github/workflows/ci.yml", CI_ONLY),
            )
            .workflow(&generated(full, &[]))
            .ok(FactKey::RepoActions, &bodies::actions(true, "all", false))
            .na(FactKey::RepoSelectedActions)
            .ok(
                FactKey::RepoWorkflowPermissions,
                &bodies::workflow_permissions("read"),
            )
            .ok(FactKey::RepoRunners, &bodies::runners(&[]))
            .ok(FactKey::RepoSecrets, &bodies::secrets(&[]))
            .na(FactKey::RepoOrgSecrets)
            .na(FactKey::Membership)
            .na(FactKey::OrgActions)
            .na(FactKey::OrgSelectedActions)
            .na(FactKey::OrgWorkflowPermissions)
            .na(FactKey::OrgRunnerPolicy)
            .na(FactKey::OrgRunners)
            .ok(
                FactKey::Package,
                &bodies::package(&pkg, "public", Some(full)),
            )
            .ok(FactKey::ProposalPulls, "[]")
            .na(FactKey::ImageOwner)
            .na(FactKey::RunnerReleases)
    }

    fn owner_and_name(&self) -> (String, String) {
        (
            self.target.repo.owner().to_string(),
            self.target.repo.name().to_string(),
        )
    }

    /// The request a run would have sent for `key`.
    fn source(&self, key: &FactKey) -> String {
        let (owner, name) = self.owner_and_name();
        let r = format!("/repos/{owner}/{name}");
        let o = format!("/orgs/{owner}");
        let path = match key {
            FactKey::User => "/user".to_string(),
            FactKey::Repo => r,
            FactKey::Membership => format!("/user/memberships/orgs/{owner}"),
            FactKey::RepoActions => format!("{r}/actions/permissions"),
            FactKey::RepoSelectedActions => format!("{r}/actions/permissions/selected-actions"),
            FactKey::RepoWorkflowPermissions => format!("{r}/actions/permissions/workflow"),
            FactKey::RepoRunners => format!("{r}/actions/runners"),
            FactKey::RepoSecrets => format!("{r}/actions/secrets"),
            FactKey::RepoOrgSecrets => format!("{r}/actions/organization-secrets"),
            FactKey::OrgActions => format!("{o}/actions/permissions"),
            FactKey::OrgSelectedActions => format!("{o}/actions/permissions/selected-actions"),
            FactKey::OrgWorkflowPermissions => format!("{o}/actions/permissions/workflow"),
            FactKey::OrgRunnerPolicy => format!("{o}/actions/permissions/self-hosted-runners"),
            FactKey::OrgRunnerRepos => {
                format!("{o}/actions/permissions/self-hosted-runners/repositories?per_page=100")
            }
            FactKey::OrgRunners => format!("{o}/actions/runners"),
            FactKey::Package => match (&self.target.image, self.facts.image_owner()) {
                // Another account's image: its kind decides the path.
                (Some(image), Got::Ready(account, _)) => {
                    let kind = if account.kind.as_deref() == Some("Organization") {
                        "orgs"
                    } else {
                        "users"
                    };
                    format!(
                        "/{kind}/{}/packages/container/{}",
                        image.namespace(),
                        image.package_name().as_str()
                    )
                }
                _ => match self.facts.repo() {
                    Got::Ready(repo, _) if !repo.owned_by_org() => {
                        format!("/user/packages/container/{}", name.to_lowercase())
                    }
                    _ => format!("{o}/packages/container/{}", name.to_lowercase()),
                },
            },
            FactKey::ImageOwner => {
                let namespace = self
                    .target
                    .image
                    .as_ref()
                    .map_or(owner.clone(), |i| i.namespace().to_string());
                format!("/users/{namespace}")
            }
            FactKey::ProposalPulls => {
                format!("{r}/pulls?head={owner}%3Aghcr-setup%2Fdocker-image&state=open")
            }
            FactKey::WorkflowDir => format!("{r}/contents/.github/workflows"),
            FactKey::WorkflowFile(f) => format!("{r}/contents/{}", f.repo_path().normalized()),
            FactKey::Dockerfile(p) => format!("{r}/contents/{}", p.normalized()),
            FactKey::WorkflowState(f) => format!("{r}/actions/workflows/{f}"),
            FactKey::WorkflowRuns(f) => format!("{r}/actions/workflows/{f}/runs?per_page=5"),
            FactKey::RunnerReleases => "/repos/actions/runner/releases?per_page=30".to_string(),
        };
        format!("GET {path}")
    }

    /// GitHub answered `key` with 200 and `body`.
    pub fn ok(mut self, key: FactKey, body: &str) -> Self {
        let source = self.source(&key);
        let success = Success {
            status: 200,
            body: body.to_string(),
            scopes: self.scopes.clone(),
            from_cache: false,
        };
        self.facts.record(key, source, Ok(success));
        self
    }

    /// GitHub answered `key` with `error` (a 404 of a fact whose absence is
    /// an answer is recorded as absent, as a run does).
    pub fn fail(mut self, key: FactKey, error: ApiError) -> Self {
        let source = self.source(&key);
        self.facts.record(key, source, Err(error));
        self
    }

    /// GitHub answered `key` with 404.
    pub fn absent(self, key: FactKey) -> Self {
        self.fail(key, not_found())
    }

    /// `key` was settled without a request, because of `why`.
    pub fn skipped(mut self, key: FactKey, why: Why) -> Self {
        self.facts.set(key, Slot::Skipped(why));
        self
    }

    /// `key` does not apply.
    pub fn na(mut self, key: FactKey) -> Self {
        self.facts.set(key, Slot::NotApplicable);
        self
    }

    /// `key` is not known yet.
    pub fn pending(mut self, key: FactKey) -> Self {
        self.facts.forget(&key);
        self
    }

    /// `key` was requested and its answer has not arrived.
    pub fn waiting(mut self, key: FactKey) -> Self {
        self.facts.set(key, Slot::Waiting);
        self
    }

    /// `/user` answered with `login`, reporting the fixture's scopes.
    pub fn user(self, login: &str) -> Self {
        self.ok(FactKey::User, &bodies::user(login))
    }

    /// The token has exactly these scopes (as `X-OAuth-Scopes` says).
    pub fn scopes(mut self, header: &str) -> Self {
        let scopes = Scopes::parse_header(header);
        self.identity.scopes = Some(scopes.clone());
        self.scopes = Some(scopes);
        self.reread_user()
    }

    /// The token is of `kind`; kinds without scopes report none.
    pub fn token_kind(mut self, kind: TokenKind) -> Self {
        self.identity.kind = kind;
        if !kind.uses_scopes() {
            self.identity.scopes = None;
            self.scopes = None;
        }
        self.reread_user()
    }

    fn reread_user(self) -> Self {
        match self.facts.user() {
            Got::Ready(u, _) => {
                let login = u.login.clone();
                self.user(&login)
            }
            _ => self,
        }
    }

    /// `docker-image.yml` holds `yaml`. The Dockerfile fact follows the
    /// workflow: a missing or unreadable Dockerfile stays so at the path the
    /// new workflow builds, a present one is present there too,
    /// and the workflow's state (active) and runs (one green run) are set
    /// unless already known.
    pub fn workflow(self, yaml: &str) -> Self {
        self.workflow_file(main_file(), yaml)
    }

    /// Like [`Fixture::workflow`] for another file in `.github/workflows`.
    pub fn workflow_file(self, file: WorkflowFileName, yaml: &str) -> Self {
        let body = bodies::file(&file.repo_path().normalized(), yaml);
        let mut f = self.ok(FactKey::WorkflowFile(file.clone()), &body);
        if f.facts
            .slot(&FactKey::WorkflowState(file.clone()))
            .is_none()
        {
            f = f.ok(
                FactKey::WorkflowState(file.clone()),
                &bodies::workflow_state("active"),
            );
        }
        if f.facts.slot(&FactKey::WorkflowRuns(file.clone())).is_none() {
            f = f.ok(
                FactKey::WorkflowRuns(file),
                &bodies::runs(&[("completed", Some("success"))]),
            );
        }
        f.follow_dockerfile()
    }

    /// No workflow publishes: `docker-image.yml` is absent and `ci.yml`
    /// only runs tests.
    pub fn no_workflow(mut self) -> Self {
        let main = main_file();
        self.facts.forget(&FactKey::WorkflowState(main.clone()));
        self.facts.forget(&FactKey::WorkflowRuns(main.clone()));
        let ci = file_name("ci.yml");
        self.absent(FactKey::WorkflowFile(main))
            .ok(FactKey::WorkflowDir, &bodies::dir(&["ci.yml"]))
            .ok(
                FactKey::WorkflowFile(ci.clone()),
                &bodies::file(".github/workflows/ci.yml", CI_ONLY),
            )
            .follow_dockerfile()
    }

    /// Moves the Dockerfile fact to the path the publishing workflow builds.
    fn follow_dockerfile(mut self) -> Self {
        let old: Vec<(FactKey, Slot)> = self
            .facts
            .slots()
            .filter(|(k, _)| matches!(k, FactKey::Dockerfile(_)))
            .map(|(k, s)| (k.clone(), s.clone()))
            .collect();
        for (k, _) in &old {
            self.facts.forget(k);
        }
        let Some(path) = dockerfile_path(&pick_workflow(&self.facts)) else {
            return self;
        };
        let key = FactKey::Dockerfile(path.clone());
        match old.into_iter().next() {
            Some((_, slot)) if !matches!(slot, Slot::Ready { .. }) => {
                self.facts.set(key, slot);
                self
            }
            _ => {
                let body = bodies::file(&path.normalized(), "FROM alpine:3.22\n");
                self.ok(key, &body)
            }
        }
    }

    /// The Dockerfile fact's key, for the current workflow.
    pub fn dockerfile_key(&self) -> Option<FactKey> {
        dockerfile_path(&pick_workflow(&self.facts)).map(FactKey::Dockerfile)
    }

    /// What GitHub answered for the Dockerfile the workflow builds.
    pub fn dockerfile(self, answer: Result<&str, ApiError>) -> Self {
        let key = self
            .dockerfile_key()
            .unwrap_or_else(|| FactKey::Dockerfile(RepoPath::parse("Dockerfile").unwrap()));
        match answer {
            Ok(text) => {
                let body = bodies::file("Dockerfile", text);
                self.ok(key, &body)
            }
            Err(e) => self.fail(key, e),
        }
    }

    /// The publishing workflow's latest runs: `(status, conclusion)`.
    pub fn runs(self, list: &[(&str, Option<&str>)]) -> Self {
        self.ok(FactKey::WorkflowRuns(main_file()), &bodies::runs(list))
    }

    /// The publishing workflow's state (`active`, `disabled_manually`, …).
    pub fn state(self, state: &str) -> Self {
        self.ok(
            FactKey::WorkflowState(main_file()),
            &bodies::workflow_state(state),
        )
    }

    /// Every item of the checklist.
    pub fn items(&self) -> Vec<Item> {
        evaluate_all(&self.facts, &self.target, &self.identity, self.now_ms)
    }

    /// The item of check `id`.
    pub fn item(&self, id: &str) -> Item {
        self.items()
            .into_iter()
            .find(|i| i.meta.id == id)
            .unwrap_or_else(|| panic!("no check `{id}` in the registry"))
    }
}

/// A workflow that only runs tests.
pub const CI_ONLY: &str =
    "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n";

/// One fixture and the status the check must give for it.
pub struct Scenario {
    pub name: &'static str,
    pub expect: Status,
    pub fixture: Fixture,
}

/// `Scenario { name, expect, fixture }`.
pub fn case(name: &'static str, expect: Status, fixture: Fixture) -> Scenario {
    Scenario {
        name,
        expect,
        fixture,
    }
}

/// Judges check `id` in every scenario: each must give its expected status
/// and keep the verdict invariants (a non-empty summary, a reason when
/// unknown, a fix when failing or warning, waiting-for facts when pending).
/// Returns the text that is snapshotted. Panics with every mismatch at once.
pub fn scenarios(id: &str, list: Vec<Scenario>) -> String {
    let mut doc = String::new();
    let mut wrong = Vec::new();
    let mut names = std::collections::BTreeSet::new();
    for s in &list {
        assert!(names.insert(s.name), "{id}: scenario `{}` twice", s.name);
        let item = s.fixture.item(id);
        let v = &item.verdict;
        if v.status != s.expect {
            wrong.push(format!(
                "{id} / {}: expected {:?}, got {:?}: {}",
                s.name, s.expect, v.status, v.summary
            ));
        }
        for problem in invariant_problems(&item) {
            wrong.push(format!("{id} / {}: {problem}", s.name));
        }
        for e in &v.evidence {
            if e.label.trim().is_empty() || e.value.trim().is_empty() {
                wrong.push(format!("{id} / {}: empty evidence {e:?}", s.name));
            }
        }
        if v.status == Status::Pending && item.waiting_for.is_empty() {
            wrong.push(format!(
                "{id} / {}: pending without naming what it waits for",
                s.name
            ));
        }
        doc.push_str(&render(s.name, &item));
    }
    assert!(wrong.is_empty(), "\n{}\n\n{doc}", wrong.join("\n"));
    doc
}

/// What is wrong with an item, whatever the facts: an empty summary, an
/// unknown verdict without its reason (or a reason on another status), a
/// failure or warning without a fix, a link that is not `https://`, or
/// facts waited for by an item that is not pending.
pub fn invariant_problems(item: &Item) -> Vec<String> {
    let v = &item.verdict;
    let mut out = Vec::new();
    if v.summary.trim().is_empty() {
        out.push("empty summary".to_string());
    }
    if (v.status == Status::Unknown) != v.unknown.is_some() {
        out.push(format!(
            "status {:?} with reason {:?}: only an unknown verdict carries a reason, and it always does",
            v.status, v.unknown
        ));
    }
    // A row to confirm says how, too: the API cannot tell, the person can.
    if matches!(v.status, Status::Fail | Status::Warn | Status::Manual) {
        match &v.fix {
            Some(fix) if !fix.text.trim().is_empty() => {}
            _ => out.push(format!("{:?} without a fix", v.status)),
        }
    }
    if let Some(link) = v.fix.as_ref().and_then(|f| f.link.as_ref()) {
        if !link.href.starts_with("https://") || link.text.trim().is_empty() {
            out.push(format!("bad link {link:?}"));
        }
    }
    if v.status != Status::Pending && !item.waiting_for.is_empty() {
        out.push("waits for facts but is not pending".to_string());
    }
    out
}

/// One scenario as text: name, status, summary, evidence, fix, link.
pub fn render(name: &str, item: &Item) -> String {
    let v = &item.verdict;
    let mut out = format!(
        "## {name}\nstatus: {}\nsummary: {}\n",
        v.status.label(),
        v.summary
    );
    if !item.waiting_for.is_empty() {
        let labels: Vec<&str> = item.waiting_for.iter().map(|k| k.label()).collect();
        out.push_str(&format!("waiting for: {}\n", labels.join(", ")));
    }
    for e in &v.evidence {
        match &e.source {
            Some(source) => {
                out.push_str(&format!("evidence: {}: {} [{source}]\n", e.label, e.value))
            }
            None => out.push_str(&format!("evidence: {}: {}\n", e.label, e.value)),
        }
    }
    if let Some(fix) = &v.fix {
        out.push_str(&format!("fix: {}\n", fix.text));
        if let Some(link) = &fix.link {
            out.push_str(&format!("link: {} <{}>\n", link.text, link.href));
        }
    }
    out.push('\n');
    out
}

/// Every reason a fact can be unreadable, for "unknown" scenarios.
pub fn every_api_error() -> Vec<(&'static str, ApiError)> {
    vec![
        ("401", ApiError::BadCredentials(ErrorBody::default())),
        (
            "403-scopes",
            ApiError::MissingScopes {
                needed: vec!["admin:org".into()],
                have: vec!["repo".into()],
            },
        ),
        (
            "403-sso",
            ApiError::SsoRequired {
                authorize_url: Some(
                    "https://github.com/orgs/acme/sso?authorization_request=1".into(),
                ),
            },
        ),
        (
            "403-oauth",
            ApiError::OAuthAppRestricted {
                org: Some("acme".into()),
            },
        ),
        (
            "403-rate",
            ApiError::RateLimited {
                reset_at_s: Some(1_795_698_000),
                retry_after_s: None,
                secondary: false,
            },
        ),
        ("403", ApiError::Forbidden(ErrorBody::default())),
        ("404", not_found()),
        ("422", ApiError::Validation(ErrorBody::default())),
        ("500", ApiError::Server { status: 502 }),
        ("network", ApiError::Network("connection reset".into())),
        ("timeout", ApiError::Timeout),
        (
            "malformed",
            ApiError::Malformed("expected value at line 1".into()),
        ),
        (
            "418",
            ApiError::Unexpected {
                status: 418,
                body: ErrorBody::default(),
            },
        ),
    ]
}

/// A short hand-written publishing workflow: one job on `runs_on` that logs
/// in to ghcr.io with `password` and builds with the `with:` lines `build`
/// (each indented by ten spaces), on pushes to main only.
pub fn handwritten(runs_on: &str, password: &str, build: &[&str]) -> String {
    let with: Vec<String> = build.iter().map(|l| format!("          {l}\n")).collect();
    format!(
        "name: Publish\non:\n  push:\n    branches: [main]\njobs:\n  publish:\n    runs-on: {runs_on}\n    permissions:\n      contents: read\n      packages: write\n    steps:\n      - uses: actions/checkout@v5\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{{{ github.actor }}}}\n          password: {password}\n      - uses: docker/build-push-action@v6\n        with:\n{}",
        with.concat()
    )
}

/// The rows a repository set up right still asks to confirm, because GitHub's
/// REST API cannot show what they judge (execution protections).
pub const CONFIRM_WHEN_READY: &[&str] = &["execution-protections"];

/// The password most workflows log in with.
pub const GITHUB_TOKEN: &str = "${{ secrets.GITHUB_TOKEN }}";
