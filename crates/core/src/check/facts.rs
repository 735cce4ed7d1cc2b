//! The facts a checklist reads from GitHub: which ones exist ([`FactKey`]),
//! what each answer means ([`FactValue`]), and what is known so far
//! ([`Facts`]). Answers are parsed once, when they arrive — a workflow file is
//! also summarized and analyzed then — so checks only read typed values.

use std::collections::BTreeMap;

use crate::analyze::{self, AnalyzeError, Finding, WorkflowSummary};
use crate::api::actions::{
    OrgActionsPermissions, OrgMembership, RepoActionsPermissions, RepositoryList, RunnerList,
    SecretList, SelectedActions, SelfHostedRunnerPolicy, WorkflowInfo, WorkflowPermissions,
    WorkflowRunList,
};
use crate::api::contents::{Contents, DirEntry, FileContent};
use crate::api::git::PullRequest;
use crate::api::package::Package;
use crate::api::{ApiError, Repo, User};
use crate::engine::Success;
use crate::names::{RepoPath, WorkflowFileName};
use crate::token::Scopes;

use super::verdict::Why;

/// One fact to read. Facts with a parameter (a file) may exist several times.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKey {
    User,
    Repo,
    Membership,
    RepoActions,
    RepoSelectedActions,
    RepoWorkflowPermissions,
    RepoRunners,
    RepoSecrets,
    RepoOrgSecrets,
    OrgActions,
    OrgSelectedActions,
    OrgWorkflowPermissions,
    OrgRunnerPolicy,
    OrgRunnerRepos,
    OrgRunners,
    ImageOwner,
    Package,
    ProposalPulls,
    WorkflowDir,
    WorkflowFile(WorkflowFileName),
    Dockerfile(RepoPath),
    WorkflowState(WorkflowFileName),
    WorkflowRuns(WorkflowFileName),
}

/// A [`FactKey`] without its parameter: what checks declare they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum FactKind {
    User,
    Repo,
    Membership,
    RepoActions,
    RepoSelectedActions,
    RepoWorkflowPermissions,
    RepoRunners,
    RepoSecrets,
    RepoOrgSecrets,
    OrgActions,
    OrgSelectedActions,
    OrgWorkflowPermissions,
    OrgRunnerPolicy,
    /// The repositories a `selected` self-hosted runner policy allows.
    OrgRunnerRepos,
    OrgRunners,
    /// The account an image of another namespace belongs to (user or organization).
    ImageOwner,
    Package,
    /// Open pull requests from the branch the workflow is proposed on.
    ProposalPulls,
    /// The workflow directory and the workflow files read to find the publishing workflow.
    Workflow,
    Dockerfile,
    WorkflowState,
    WorkflowRuns,
}

impl FactKind {
    /// Every kind, in the order they are planned.
    pub const ALL: [FactKind; 22] = [
        FactKind::User,
        FactKind::Repo,
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
        FactKind::ImageOwner,
        FactKind::Package,
        FactKind::ProposalPulls,
        FactKind::Workflow,
        FactKind::Dockerfile,
        FactKind::WorkflowState,
        FactKind::WorkflowRuns,
    ];

    /// What the fact is, for progress text ("Reading the package…").
    pub fn label(self) -> &'static str {
        match self {
            FactKind::User => "your account",
            FactKind::Repo => "the repository",
            FactKind::Membership => "your organization role",
            FactKind::RepoActions => "the repository's Actions permissions",
            FactKind::RepoSelectedActions => "the repository's allowed actions",
            FactKind::RepoWorkflowPermissions => "the repository's workflow permissions",
            FactKind::RepoRunners => "the repository's runners",
            FactKind::RepoSecrets => "the repository's secrets",
            FactKind::RepoOrgSecrets => "the organization secrets visible to the repository",
            FactKind::OrgActions => "the organization's Actions policy",
            FactKind::OrgSelectedActions => "the organization's allowed actions",
            FactKind::OrgWorkflowPermissions => "the organization's workflow permissions",
            FactKind::OrgRunnerPolicy => "the organization's self-hosted runner policy",
            FactKind::OrgRunnerRepos => {
                "the repositories allowed to use the organization's self-hosted runners"
            }
            FactKind::OrgRunners => "the organization's runners",
            FactKind::ImageOwner => "the account the image belongs to",
            FactKind::Package => "the container package",
            FactKind::ProposalPulls => "the open pull requests proposing the workflow",
            FactKind::Workflow => "the workflow files",
            FactKind::Dockerfile => "the Dockerfile",
            FactKind::WorkflowState => "the workflow's state",
            FactKind::WorkflowRuns => "the workflow's runs",
        }
    }
}

impl FactKey {
    /// The kind of this fact.
    pub fn kind(&self) -> FactKind {
        match self {
            FactKey::User => FactKind::User,
            FactKey::Repo => FactKind::Repo,
            FactKey::Membership => FactKind::Membership,
            FactKey::RepoActions => FactKind::RepoActions,
            FactKey::RepoSelectedActions => FactKind::RepoSelectedActions,
            FactKey::RepoWorkflowPermissions => FactKind::RepoWorkflowPermissions,
            FactKey::RepoRunners => FactKind::RepoRunners,
            FactKey::RepoSecrets => FactKind::RepoSecrets,
            FactKey::RepoOrgSecrets => FactKind::RepoOrgSecrets,
            FactKey::OrgActions => FactKind::OrgActions,
            FactKey::OrgSelectedActions => FactKind::OrgSelectedActions,
            FactKey::OrgWorkflowPermissions => FactKind::OrgWorkflowPermissions,
            FactKey::OrgRunnerPolicy => FactKind::OrgRunnerPolicy,
            FactKey::OrgRunnerRepos => FactKind::OrgRunnerRepos,
            FactKey::OrgRunners => FactKind::OrgRunners,
            FactKey::ImageOwner => FactKind::ImageOwner,
            FactKey::Package => FactKind::Package,
            FactKey::ProposalPulls => FactKind::ProposalPulls,
            FactKey::WorkflowDir | FactKey::WorkflowFile(_) => FactKind::Workflow,
            FactKey::Dockerfile(_) => FactKind::Dockerfile,
            FactKey::WorkflowState(_) => FactKind::WorkflowState,
            FactKey::WorkflowRuns(_) => FactKind::WorkflowRuns,
        }
    }

    /// Whether a 404 answer means "not there" (a fact in itself) rather than an error.
    pub fn absence_is_an_answer(&self) -> bool {
        matches!(
            self,
            FactKey::Package
                | FactKey::WorkflowDir
                | FactKey::WorkflowFile(_)
                | FactKey::Dockerfile(_)
                | FactKey::WorkflowState(_)
                | FactKey::WorkflowRuns(_)
        )
    }
}

/// A workflow file, read and judged once when it arrives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowDoc {
    pub file: WorkflowFileName,
    pub text: String,
    pub blob_sha: String,
    pub html_url: Option<String>,
    /// What the checks need to know about it, or why it could not be read.
    pub summary: Result<WorkflowSummary, AnalyzeError>,
    /// The analyzer's findings (empty when it could not be read).
    pub findings: Vec<Finding>,
}

impl WorkflowDoc {
    /// Whether the workflow logs in to or pushes to ghcr.io.
    pub fn publishes_to_ghcr(&self) -> bool {
        self.summary
            .as_ref()
            .is_ok_and(WorkflowSummary::publishes_to_ghcr)
    }
}

/// A typed answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FactValue {
    User(User),
    Repo(Repo),
    Membership(OrgMembership),
    RepoActions(RepoActionsPermissions),
    OrgActions(OrgActionsPermissions),
    SelectedActions(SelectedActions),
    WorkflowPermissions(WorkflowPermissions),
    RunnerPolicy(SelfHostedRunnerPolicy),
    Repositories(RepositoryList),
    Runners(RunnerList),
    Secrets(SecretList),
    Account(User),
    Package(Package),
    Pulls(Vec<PullRequest>),
    Dir(Vec<DirEntry>),
    Workflow(Box<WorkflowDoc>),
    File(FileContent),
    WorkflowState(WorkflowInfo),
    Runs(WorkflowRunList),
}

impl FactValue {
    /// Reads the answer for `key`.
    pub fn parse(key: &FactKey, success: &Success) -> Result<FactValue, ApiError> {
        Ok(match key {
            FactKey::User => FactValue::User(success.parse()?),
            FactKey::Repo => FactValue::Repo(success.parse()?),
            FactKey::Membership => FactValue::Membership(success.parse()?),
            FactKey::RepoActions => FactValue::RepoActions(success.parse()?),
            FactKey::OrgActions => FactValue::OrgActions(success.parse()?),
            FactKey::RepoSelectedActions | FactKey::OrgSelectedActions => {
                FactValue::SelectedActions(success.parse()?)
            }
            FactKey::RepoWorkflowPermissions | FactKey::OrgWorkflowPermissions => {
                FactValue::WorkflowPermissions(success.parse()?)
            }
            FactKey::OrgRunnerPolicy => FactValue::RunnerPolicy(success.parse()?),
            FactKey::OrgRunnerRepos => FactValue::Repositories(success.parse()?),
            FactKey::RepoRunners | FactKey::OrgRunners => FactValue::Runners(success.parse()?),
            FactKey::RepoSecrets | FactKey::RepoOrgSecrets => FactValue::Secrets(success.parse()?),
            FactKey::ImageOwner => FactValue::Account(success.parse()?),
            FactKey::Package => FactValue::Package(success.parse()?),
            FactKey::ProposalPulls => FactValue::Pulls(success.parse()?),
            FactKey::WorkflowDir => match success.parse::<Contents>()? {
                Contents::Dir(entries) => FactValue::Dir(entries),
                Contents::File(_) => FactValue::Dir(Vec::new()),
            },
            FactKey::WorkflowFile(file) => {
                let content = file_content(success)?;
                let text = content.text()?;
                let summary = analyze::summarize(&text);
                let findings = analyze::analyze(&text).unwrap_or_default();
                FactValue::Workflow(Box::new(WorkflowDoc {
                    file: file.clone(),
                    blob_sha: content.sha,
                    html_url: content.html_url,
                    text,
                    summary,
                    findings,
                }))
            }
            FactKey::Dockerfile(_) => FactValue::File(file_content(success)?),
            FactKey::WorkflowState(_) => FactValue::WorkflowState(success.parse()?),
            FactKey::WorkflowRuns(_) => FactValue::Runs(success.parse()?),
        })
    }
}

fn file_content(success: &Success) -> Result<FileContent, ApiError> {
    match success.parse::<Contents>()? {
        Contents::File(f) => Ok(f),
        Contents::Dir(_) => Err(ApiError::Malformed(
            "a directory was found where a file was expected".into(),
        )),
    }
}

/// What is known about one fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Slot {
    /// Requested; no final answer yet.
    Waiting,
    /// Does not apply (an organization fact of a personal repository).
    NotApplicable,
    /// Not requested because it cannot be read, and why.
    Skipped(Why),
    /// GitHub answered 404 where that means "not there".
    Absent { source: String },
    /// The typed answer.
    Ready { value: FactValue, source: String },
    /// GitHub answered with an error (after any retries).
    Failed { error: ApiError, source: String },
}

impl Slot {
    /// Whether this fact will not change any more in this run.
    pub fn is_settled(&self) -> bool {
        !matches!(self, Slot::Waiting)
    }
}

/// What a check gets when it asks for a fact.
#[derive(Debug, PartialEq, Eq)]
pub enum Got<'a, T> {
    /// Not known yet.
    Pending,
    /// Does not apply here.
    NotApplicable,
    /// GitHub says it is not there.
    Absent,
    /// Could not be read, and why.
    Unknown(&'a Why),
    /// GitHub answered with an error, for a fact of this kind.
    Failed(&'a ApiError, FactKind),
    /// The answer and the request it came from.
    Ready(&'a T, &'a str),
}

/// Why a check stopped early (see [`Got::need`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stop {
    Pending,
    NotApplicable,
    Unknown(Why),
}

impl Stop {
    /// The reason, when the check stopped because something is unreadable.
    pub fn into_unknown(self) -> Option<Why> {
        match self {
            Stop::Unknown(why) => Some(why),
            Stop::Pending | Stop::NotApplicable => None,
        }
    }
}

// Only references inside: copyable whatever `T` is (a derive would ask `T: Copy`).
impl<T> Clone for Got<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Got<'_, T> {}

impl<'a, T> Got<'a, T> {
    /// The value, or stop the check: pending stays pending, anything else
    /// makes it unknown (with the reason).
    pub fn need(self, what: &str) -> Result<(&'a T, &'a str), Stop> {
        match self {
            Got::Ready(v, source) => Ok((v, source)),
            Got::Pending => Err(Stop::Pending),
            Got::NotApplicable => Err(Stop::NotApplicable),
            Got::Absent => Err(Stop::Unknown(Why::Blocked(what.to_string()))),
            Got::Unknown(why) => Err(Stop::Unknown(why.clone())),
            Got::Failed(err, kind) => Err(Stop::Unknown(
                Why::from_error(err.clone(), kind).blocking(kind),
            )),
        }
    }

    /// Why a check reading this fact must stop, when it is not ready
    /// (pending, not applicable, or unknown with its reason).
    pub fn stop(self, what: &str) -> Stop {
        match self.need(what) {
            Err(stop) => stop,
            Ok(_) => Stop::Pending,
        }
    }

    /// The value if there is one; only "pending" stops the check.
    pub fn optional(self) -> Result<Option<(&'a T, &'a str)>, Stop> {
        match self {
            Got::Ready(v, source) => Ok(Some((v, source))),
            Got::Pending => Err(Stop::Pending),
            _ => Ok(None),
        }
    }

    /// True once the fact will not change any more.
    pub fn is_settled(&self) -> bool {
        !matches!(self, Got::Pending)
    }

    /// Why facts that depend on this one (of `kind`) cannot be read, when
    /// it is settled without a value (`None` when ready, pending or not
    /// applicable).
    pub fn blocks(self, kind: FactKind) -> Option<Why> {
        match self {
            Got::Absent => Some(Why::Blocked(capitalized(kind.label()))),
            other => other.unread().map(|why| why.blocking(kind)),
        }
    }

    /// Why this fact could not be read (the cause alone, for a sentence
    /// that names the fact itself); `None` unless it failed or was skipped.
    pub fn unread(self) -> Option<Why> {
        match self {
            Got::Failed(err, kind) => Some(Why::from_error(err.clone(), kind)),
            Got::Unknown(why) => Some(why.clone()),
            Got::Absent | Got::Pending | Got::NotApplicable | Got::Ready(..) => None,
        }
    }
}

impl Why {
    /// The reason an error gives for a fact of `kind`. An organization a
    /// refusal does not name is left empty for [`Why::naming_org`].
    pub fn from_error(err: ApiError, kind: FactKind) -> Why {
        match err {
            ApiError::SsoRequired { authorize_url } => Why::Sso {
                org: authorize_url
                    .as_deref()
                    .and_then(sso_org)
                    .unwrap_or_default(),
                url: authorize_url,
            },
            ApiError::OAuthAppRestricted { org } => Why::OAuthRestricted {
                org: org.unwrap_or_default(),
            },
            ApiError::MissingScopes { needed, .. } => match needed.first().map(String::as_str) {
                Some("admin:org") => Why::MissingScope("admin:org"),
                Some("read:org") => Why::MissingScope("read:org"),
                Some("read:packages") => Why::MissingScope("read:packages"),
                Some("workflow") => Why::MissingScope("workflow"),
                Some("repo") => Why::MissingScope("repo"),
                _ => Why::Api(ApiError::MissingScopes {
                    needed,
                    have: Vec::new(),
                }),
            },
            ApiError::NotFound(_) => Why::NotVisible(kind),
            other => Why::Api(other),
        }
    }

    /// Why a fact of `kind` that others depend on could not be read, as
    /// those others say it: the fact named, then the cause (a 404 already
    /// names the fact).
    pub fn blocking(self, kind: FactKind) -> Why {
        match self {
            Why::NotVisible(_) | Why::Blocked(_) | Why::BlockedBy { .. } => self,
            cause => Why::BlockedBy {
                what: capitalized(kind.label()),
                cause: Box::new(cause),
            },
        }
    }
}

/// The organization in an SSO address: `https://github.com/orgs/ORG/sso?…`.
fn sso_org(url: &str) -> Option<String> {
    let rest = url.split("/orgs/").nth(1)?;
    let org = rest.split(['/', '?', '#']).next()?;
    crate::names::Login::parse(org).ok().map(|l| l.to_string())
}

/// `the repository` → `The repository`.
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Everything known so far in one run.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    slots: BTreeMap<FactKey, Slot>,
    /// Scopes GitHub reported on `/user` (none for fine-grained tokens).
    user_scopes: Option<Scopes>,
}

macro_rules! getter {
    ($(#[$doc:meta])* $name:ident, $key:expr, $variant:ident, $ty:ty) => {
        $(#[$doc])*
        pub fn $name(&self) -> Got<'_, $ty> {
            self.get($key, |v| match v {
                FactValue::$variant(x) => Some(x),
                _ => None,
            })
        }
    };
}

impl Facts {
    /// No facts yet.
    pub fn new() -> Self {
        Facts::default()
    }

    /// The slot of `key`, if it was decided.
    pub fn slot(&self, key: &FactKey) -> Option<&Slot> {
        self.slots.get(key)
    }

    /// Every decided fact.
    pub fn slots(&self) -> impl Iterator<Item = (&FactKey, &Slot)> {
        self.slots.iter()
    }

    /// Records what is known about `key`.
    pub fn set(&mut self, key: FactKey, slot: Slot) {
        self.slots.insert(key, slot);
    }

    /// Forgets `key` so the planner asks for it again.
    pub fn forget(&mut self, key: &FactKey) {
        self.slots.remove(key);
    }

    /// Records a final answer (or error) for `key`.
    pub fn record(&mut self, key: FactKey, source: String, result: Result<Success, ApiError>) {
        if key == FactKey::User {
            if let Ok(success) = &result {
                self.user_scopes.clone_from(&success.scopes);
            }
        }
        let slot = match result.and_then(|s| FactValue::parse(&key, &s)) {
            Ok(value) => Slot::Ready { value, source },
            Err(ApiError::NotFound(_)) if key.absence_is_an_answer() => Slot::Absent { source },
            Err(error) => Slot::Failed { error, source },
        };
        self.slots.insert(key, slot);
    }

    /// Scopes reported by `/user`, if it was read and reported any.
    pub fn user_scopes(&self) -> Option<&Scopes> {
        self.user_scopes.as_ref()
    }

    fn get<'a, T>(
        &'a self,
        key: FactKey,
        pick: impl Fn(&'a FactValue) -> Option<&'a T>,
    ) -> Got<'a, T> {
        let kind = key.kind();
        got(self.slots.get(&key), kind, pick)
    }

    getter!(/// `GET /user`.
        user, FactKey::User, User, User);
    getter!(/// `GET /repos/{owner}/{repo}`.
        repo, FactKey::Repo, Repo, Repo);
    getter!(/// The caller's membership of the owning organization.
        membership, FactKey::Membership, Membership, OrgMembership);
    getter!(/// The repository's Actions permissions.
        repo_actions, FactKey::RepoActions, RepoActions, RepoActionsPermissions);
    getter!(/// The repository's allow-list.
        repo_selected_actions, FactKey::RepoSelectedActions, SelectedActions, SelectedActions);
    getter!(/// The repository's default token permissions.
        repo_workflow_permissions, FactKey::RepoWorkflowPermissions, WorkflowPermissions, WorkflowPermissions);
    getter!(/// The repository's runners.
        repo_runners, FactKey::RepoRunners, Runners, RunnerList);
    getter!(/// The repository's secrets.
        repo_secrets, FactKey::RepoSecrets, Secrets, SecretList);
    getter!(/// Organization secrets visible to the repository.
        repo_org_secrets, FactKey::RepoOrgSecrets, Secrets, SecretList);
    getter!(/// The organization's Actions policy.
        org_actions, FactKey::OrgActions, OrgActions, OrgActionsPermissions);
    getter!(/// The organization's allow-list.
        org_selected_actions, FactKey::OrgSelectedActions, SelectedActions, SelectedActions);
    getter!(/// The organization's default token permissions.
        org_workflow_permissions, FactKey::OrgWorkflowPermissions, WorkflowPermissions, WorkflowPermissions);
    getter!(/// The organization's self-hosted runner policy.
        org_runner_policy, FactKey::OrgRunnerPolicy, RunnerPolicy, SelfHostedRunnerPolicy);
    getter!(/// The repositories a `selected` runner policy allows.
        org_runner_repos, FactKey::OrgRunnerRepos, Repositories, RepositoryList);
    getter!(/// The organization's runners.
        org_runners, FactKey::OrgRunners, Runners, RunnerList);
    getter!(/// The account of an image in another namespace.
        image_owner, FactKey::ImageOwner, Account, User);
    getter!(/// The container package.
        package, FactKey::Package, Package, Package);
    getter!(/// Open pull requests from the proposal branch.
        proposal_pulls, FactKey::ProposalPulls, Pulls, Vec<PullRequest>);
    getter!(/// The `.github/workflows` listing.
        workflow_dir, FactKey::WorkflowDir, Dir, Vec<DirEntry>);

    /// A workflow file.
    pub fn workflow_file(&self, file: &WorkflowFileName) -> Got<'_, WorkflowDoc> {
        self.get(FactKey::WorkflowFile(file.clone()), |v| match v {
            FactValue::Workflow(doc) => Some(&**doc),
            _ => None,
        })
    }

    /// A file read as the Dockerfile.
    pub fn dockerfile(&self, path: &RepoPath) -> Got<'_, FileContent> {
        self.get(FactKey::Dockerfile(path.clone()), |v| match v {
            FactValue::File(f) => Some(f),
            _ => None,
        })
    }

    /// A workflow's state.
    pub fn workflow_state(&self, file: &WorkflowFileName) -> Got<'_, WorkflowInfo> {
        self.get(FactKey::WorkflowState(file.clone()), |v| match v {
            FactValue::WorkflowState(w) => Some(w),
            _ => None,
        })
    }

    /// A workflow's latest runs.
    pub fn workflow_runs(&self, file: &WorkflowFileName) -> Got<'_, WorkflowRunList> {
        self.get(FactKey::WorkflowRuns(file.clone()), |v| match v {
            FactValue::Runs(r) => Some(r),
            _ => None,
        })
    }

    /// Every workflow file read so far, in name order.
    pub fn workflow_files(&self) -> impl Iterator<Item = (&WorkflowFileName, &Slot)> {
        self.slots.iter().filter_map(|(k, s)| match k {
            FactKey::WorkflowFile(f) => Some((f, s)),
            _ => None,
        })
    }

    /// Whether a fact of `kind` is still awaited (for "waiting for …" text).
    pub fn kind_pending(&self, kind: FactKind) -> bool {
        let mut seen = false;
        for (key, slot) in &self.slots {
            if key.kind() == kind {
                seen = true;
                if !slot.is_settled() {
                    return true;
                }
            }
        }
        if seen {
            return false;
        }
        match kind {
            FactKind::Dockerfile | FactKind::WorkflowState | FactKind::WorkflowRuns => {
                self.kind_pending(FactKind::Workflow)
            }
            _ => true,
        }
    }

    /// Every error GitHub answered, with the request it came from.
    pub fn errors(&self) -> impl Iterator<Item = (&FactKey, &ApiError, &str)> {
        self.slots.iter().filter_map(|(k, s)| match s {
            Slot::Failed { error, source } => Some((k, error, source.as_str())),
            _ => None,
        })
    }
}

fn got<'a, T>(
    slot: Option<&'a Slot>,
    kind: FactKind,
    pick: impl Fn(&'a FactValue) -> Option<&'a T>,
) -> Got<'a, T> {
    match slot {
        None | Some(Slot::Waiting) => Got::Pending,
        Some(Slot::NotApplicable) => Got::NotApplicable,
        Some(Slot::Absent { .. }) => Got::Absent,
        Some(Slot::Skipped(why)) => Got::Unknown(why),
        Some(Slot::Failed { error, .. }) => Got::Failed(error, kind),
        Some(Slot::Ready { value, source }) => match pick(value) {
            Some(v) => Got::Ready(v, source),
            None => Got::Pending,
        },
    }
}
