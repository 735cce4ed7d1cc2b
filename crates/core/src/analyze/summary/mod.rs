//! Structured facts about a workflow, for the settings checklist and the rules.
//!
//! [`super::summarize`] turns a workflow into a [`WorkflowSummary`]: the
//! actions it uses, its triggers and permissions, and per job where it runs,
//! whether and where it publishes, with which secret, which images, and which
//! Dockerfile it builds. Values written through `env:` variables are filled
//! in; what cannot be known before a run (expressions) is kept as written and
//! flagged, never guessed.

mod jobs;
mod paths;
mod permissions;
mod runs_on;

pub use permissions::{Access, PackagesGrant, Permissions, Scope};
pub use runs_on::{Label, RunsOn};

use super::flow::{self, RepositoryFlow, SinkKind};
use super::images::registry_of;
use super::workflow::Workflow;
use crate::actions::Action;
use crate::names::UsesRef;

/// Everything the checklist needs to know about one workflow file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowSummary {
    /// The event names under `on:`, as written.
    pub triggers: Vec<String>,
    /// The line of the `pull_request_target` trigger, when the workflow has
    /// one: it runs with the base repository's secrets and write token on
    /// pull requests from forks.
    pub pull_request_target: Option<usize>,
    /// The top-level `permissions:`.
    pub permissions: Permissions,
    pub jobs: Vec<JobSummary>,
    /// Every valid remote `uses:` (steps and reusable-workflow jobs), in file order.
    pub actions: Vec<ActionRef>,
    /// Every `uses:` that is not a valid reference, in file order.
    pub bad_uses: Vec<BadUses>,
    /// Every `github.repository`-like value that reaches a place taking an image
    /// name, and the places it reaches.
    pub repository_flows: Vec<RepositoryFlow>,
}

/// Whether a `uses:` is a step's action or a job's reusable workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UsesKind {
    Step,
    ReusableWorkflow,
}

/// One `uses: owner/repo[/path]@ref`, validated. Local (`./…`) and
/// `docker://` references are not listed; nor is a `uses:` that is not a
/// valid reference (those are in [`WorkflowSummary::bad_uses`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionRef {
    /// The id of the job it is in.
    pub job: String,
    pub kind: UsesKind,
    /// The reference, as written and checked.
    pub uses: UsesRef,
    pub line: usize,
    /// True when the ref is a full 40-hex-digit commit SHA.
    pub pinned_by_sha: bool,
}

impl ActionRef {
    /// `owner/repo`, as written.
    pub fn name(&self) -> String {
        self.uses.repository()
    }

    /// The account that owns it, as written.
    pub fn owner(&self) -> &str {
        self.uses.owner()
    }

    /// The repository name, as written.
    pub fn repo(&self) -> &str {
        self.uses.repo()
    }

    /// The path inside the repository (`restore`, `.github/workflows/f.yml`), if any.
    pub fn path(&self) -> Option<&str> {
        self.uses.path()
    }

    /// The ref after `@`: a tag, branch or SHA.
    pub fn reference(&self) -> &str {
        self.uses.reference()
    }

    /// The known action this is, if any.
    pub fn known(&self) -> Option<Action> {
        Action::from_name(&self.name())
    }
}

/// A `uses:` GitHub cannot run: not local, not `docker://`, and not a valid
/// `owner/repo[/path]@ref`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadUses {
    /// The id of the job it is in.
    pub job: String,
    /// The value as written (`None` when it is not text).
    pub text: Option<String>,
    /// What is wrong, and what would be right.
    pub why: String,
    pub line: usize,
}

/// One job.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JobSummary {
    pub id: String,
    /// The line of the job's key.
    pub line: usize,
    /// `None` when the job has no `runs-on:` (a reusable-workflow call).
    pub runs_on: Option<RunsOn>,
    /// The job's own `permissions:`.
    pub permissions: Permissions,
    /// The reusable workflow the job calls (`org/repo/.github/workflows/f.yml@ref`), if any.
    pub calls: Option<String>,
    /// Registry logins: docker/login-action steps and `docker login` commands.
    pub logins: Vec<Login>,
    /// Steps that push an image.
    pub pushes: Vec<Push>,
    /// docker/build-push-action steps, with what they build.
    pub builds: Vec<BuildStep>,
    /// Image names given to metadata-action, build-push, bake or container commands.
    pub images: Vec<Image>,
    packages: PackagesGrant,
}

impl JobSummary {
    /// True when a runner label is `self-hosted`.
    pub fn self_hosted(&self) -> bool {
        self.runs_on.as_ref().is_some_and(RunsOn::self_hosted)
    }

    /// True when the job publishes: it runs docker/login-action, or a step pushes
    /// (build-push or bake with `push:` not `false`, or a `docker push` command).
    pub fn publishes(&self) -> bool {
        self.logins.iter().any(|l| l.via == LoginVia::Action) || !self.pushes.is_empty()
    }

    /// The `packages` access of the job's token as the workflow states it: the
    /// job's `permissions:`, else the workflow's, else the repository default.
    pub fn packages(&self) -> PackagesGrant {
        self.packages
    }

    /// True when the job logs in to ghcr.io, or publishes an image named `ghcr.io/…`.
    pub fn publishes_to_ghcr(&self) -> bool {
        self.logins.iter().any(Login::is_ghcr)
            || (self.publishes() && self.images.iter().any(Image::is_ghcr))
    }

    /// True when the job publishes and a login or push of it also runs on pull requests.
    pub fn publishes_on_pull_request(&self) -> bool {
        self.publishes()
            && (self.logins.iter().any(|l| l.on_pull_request)
                || self.pushes.iter().any(|p| p.on_pull_request))
    }

    /// The registries the job logs in to (with `env:` filled in), without repeats.
    pub fn registries(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in self.logins.iter().filter_map(|l| l.registry.as_deref()) {
            if !out.contains(&r) {
                out.push(r);
            }
        }
        out
    }
}

/// How a job logs in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LoginVia {
    /// A docker/login-action step.
    Action,
    /// A `docker login` (or podman/buildah) command in a `run:` script.
    RunCommand,
}

/// One registry login.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Login {
    pub line: usize,
    pub via: LoginVia,
    /// The registry with `env:` filled in; `None` when none is given (Docker Hub).
    pub registry: Option<String>,
    /// False when the registry still holds an expression after `env:` is filled in.
    pub registry_known: bool,
    /// Names of the secrets the password reads, in order (e.g. `LOCAL_RUNNER_FALLBACK_TOKEN`, `GITHUB_TOKEN`).
    pub secrets: Vec<String>,
    /// True when the password may be the workflow's own token (`secrets.GITHUB_TOKEN` or `github.token`).
    pub uses_github_token: bool,
    /// True when the workflow runs on pull requests and nothing keeps this login from running then.
    pub on_pull_request: bool,
}

impl Login {
    /// True for `ghcr.io`, also written `ghcr.io/` or `https://ghcr.io`.
    pub fn is_ghcr(&self) -> bool {
        self.registry.as_deref().is_some_and(is_ghcr_host)
    }
}

/// How a step pushes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PushVia {
    BuildPush,
    Bake,
    /// A `docker push` (or `buildx … --push`, podman/buildah push) command.
    RunCommand,
}

/// One step that pushes an image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Push {
    /// The line of `push:` or of the command.
    pub line: usize,
    pub via: PushVia,
    /// True when `push:` is an expression (e.g. `${{ github.event_name != 'pull_request' }}`).
    pub conditional: bool,
    /// True when the workflow runs on pull requests and this push always happens then.
    pub on_pull_request: bool,
}

/// One docker/build-push-action step and what it builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildStep {
    /// The line of its `uses:`.
    pub line: usize,
    /// The build context inside the repository (`.` for the root); `None` when unknown.
    pub context: Option<String>,
    /// The Dockerfile's path inside the repository (`Dockerfile`, `app/Dockerfile`); `None` when unknown.
    pub dockerfile: Option<String>,
}

/// One image name the job gives to metadata-action, build-push, bake or a command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    pub line: usize,
    /// Where the name is given (never [`SinkKind::AttestSubject`]).
    pub kind: SinkKind,
    /// The repository part (`ghcr.io/owner/name`), `env:` filled in, tag dropped.
    pub name: String,
    /// True when no expression or variable is left in the name.
    pub literal: bool,
    /// True when it is built from `github.repository` (or the owner or actor), which keeps capitals.
    pub from_repository: bool,
}

impl Image {
    /// True when the action lower-cases the name before pushing (metadata-action).
    pub fn lower_cased(&self) -> bool {
        self.kind.lower_cases()
    }

    /// The registry host, if the name starts with one.
    pub fn registry(&self) -> Option<&str> {
        registry_of(&self.name)
    }

    /// True when the image is under `ghcr.io/`.
    pub fn is_ghcr(&self) -> bool {
        self.registry().is_some_and(is_ghcr_host)
    }
}

impl WorkflowSummary {
    pub(crate) fn build(wf: &Workflow) -> WorkflowSummary {
        let permissions = Permissions::of(wf.root);
        let actions = wf
            .action_uses()
            .iter()
            .filter_map(|u| {
                Some(ActionRef {
                    job: u.job.id.to_string(),
                    kind: if u.step.is_some() {
                        UsesKind::Step
                    } else {
                        UsesKind::ReusableWorkflow
                    },
                    uses: UsesRef::parse(u.text).ok()?,
                    line: u.line,
                    pinned_by_sha: u.pinned_by_sha(),
                })
            })
            .collect();
        let bad_uses = wf
            .bad_uses()
            .into_iter()
            .map(|b| BadUses {
                job: b.job.id.to_string(),
                text: b.text.map(str::to_string),
                why: b.why,
                line: b.line,
            })
            .collect();
        WorkflowSummary {
            triggers: wf.triggers().into_iter().map(str::to_string).collect(),
            pull_request_target: wf.trigger_line("pull_request_target"),
            jobs: jobs::jobs(wf, &permissions),
            permissions,
            actions,
            bad_uses,
            repository_flows: flow::flows(wf),
        }
    }

    /// The job with this id.
    pub fn job(&self, id: &str) -> Option<&JobSummary> {
        self.jobs.iter().find(|j| j.id == id)
    }

    /// True when `on:` includes `pull_request` or `pull_request_target`.
    pub fn runs_on_pull_requests(&self) -> bool {
        self.triggers
            .iter()
            .any(|t| t == "pull_request" || t == "pull_request_target")
    }

    /// True when a publishing job logs in or pushes on pull requests.
    pub fn publishes_on_pull_request(&self) -> bool {
        self.jobs.iter().any(JobSummary::publishes_on_pull_request)
    }

    /// True when a job logs in to ghcr.io or publishes an image under `ghcr.io/`.
    pub fn publishes_to_ghcr(&self) -> bool {
        self.jobs.iter().any(JobSummary::publishes_to_ghcr)
    }

    /// The jobs that publish.
    pub fn publishing_jobs(&self) -> impl Iterator<Item = &JobSummary> {
        self.jobs.iter().filter(|j| j.publishes())
    }

    /// The job whose token permissions matter for ghcr.io: the one that
    /// publishes there, else the first that publishes anywhere.
    pub fn publishing_job(&self) -> Option<&JobSummary> {
        self.jobs
            .iter()
            .find(|j| j.publishes_to_ghcr())
            .or_else(|| self.publishing_jobs().next())
    }

    /// Every image name of every job.
    pub fn images(&self) -> impl Iterator<Item = &Image> {
        self.jobs.iter().flat_map(|j| j.images.iter())
    }

    /// Every build step of every job.
    pub fn builds(&self) -> impl Iterator<Item = &BuildStep> {
        self.jobs.iter().flat_map(|j| j.builds.iter())
    }
}

/// True for `ghcr.io`, `ghcr.io/`, `https://ghcr.io` (any case).
pub(crate) fn is_ghcr_host(registry: &str) -> bool {
    let r = registry.trim();
    let r = r
        .strip_prefix("https://")
        .or_else(|| r.strip_prefix("http://"))
        .unwrap_or(r);
    r.trim_end_matches('/').eq_ignore_ascii_case("ghcr.io")
}
