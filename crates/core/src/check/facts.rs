//! The facts a checklist reads from GitHub, declared once in the [`facts!`]
//! table below: which ones exist ([`FactKey`], [`FactKind`]), what each
//! answer means ([`FactValue`]), what a 404 means for it, what it is read
//! after, and what is known so far ([`Facts`]). Answers are parsed once,
//! when they arrive — a workflow file is also summarized and analyzed then —
//! so checks only read typed values.
//!
//! Adding a fact is one line in the table (and its request in
//! `plan.rs`); the key, the kind, the label, the typed value, its parser,
//! its accessor on [`Facts`], the 404 sentence and the facts forgotten with
//! it on a re-read all come from that line.

use std::collections::BTreeMap;

use crate::actions::{full_releases, Release};
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

use super::why::{Hidden, Why};

/// What GitHub's 404 means for a fact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On404 {
    /// "Not there", a fact in itself (no package yet, no such file).
    Absent,
    /// GitHub hides what this token may not see; [`Hidden`] says why and what to do.
    Hidden(Hidden),
}

/// Declares every fact: one block per [`FactKind`] (its label, what a 404
/// means, the kinds it is read after), with one line per [`FactKey`] of
/// that kind (its parameter, the accessor on [`Facts`], the value type and,
/// when an answer needs more than JSON decoding, its parser).
macro_rules! facts {
    ($(
        $(#[$doc:meta])*
        $kind:ident: $label:literal, 404 $on404:expr, after [$($after:ident),*] {
            $( $key:ident $([$param:ty])? => $getter:ident: $ty:ty $(, parse $parse:path)?; )+
        }
    )*) => {
        /// One fact to read. Facts with a parameter (a file) may exist several times.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FactKey {
            $($( $key $(($param))?, )+)*
        }

        /// A [`FactKey`] without its parameter: what checks declare they need.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FactKind {
            $( $(#[$doc])* $kind, )*
        }

        impl FactKind {
            /// Every kind, in the order of the table.
            pub const ALL: &'static [FactKind] = &[$(FactKind::$kind),*];

            /// What the fact is, in a sentence ("Reading the package…").
            pub fn label(self) -> &'static str {
                match self { $(FactKind::$kind => $label,)* }
            }

            /// What GitHub's 404 means for this fact.
            pub fn on_404(self) -> On404 {
                match self { $(FactKind::$kind => $on404,)* }
            }

            /// Whether every key of this kind has a parameter (a file name,
            /// a path): such facts exist only once a fact they are read
            /// after names them.
            pub fn parameterized(self) -> bool {
                match self { $(FactKind::$kind => true $( && has_param!($($param)?) )+,)* }
            }

            /// The kinds whose answers decide whether and how this one is read.
            pub fn read_after(self) -> &'static [FactKind] {
                match self { $(FactKind::$kind => &[$(FactKind::$after),*],)* }
            }
        }

        impl FactKey {
            /// The kind of this fact.
            pub fn kind(&self) -> FactKind {
                match self { $($( FactKey::$key { .. } => FactKind::$kind, )+)* }
            }
        }

        /// A typed answer, one variant per [`FactKey`].
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub enum FactValue {
            $($( $key(Box<$ty>), )+)*
        }

        impl FactValue {
            /// Reads the answer for `key`.
            pub fn parse(key: &FactKey, success: &Success) -> Result<FactValue, ApiError> {
                Ok(match key {
                    $($( FactKey::$key { .. } => {
                        FactValue::$key(Box::new(parse_answer!(key, success $(, $parse)?)))
                    } )+)*
                })
            }
        }

        impl Facts {
            $($( fact_getter!($label, $key [$($param)?] $getter $ty); )+)*
        }
    };
}

/// Whether a key line declares a parameter.
macro_rules! has_param {
    () => {
        false
    };
    ($param:ty) => {
        true
    };
}

/// An answer decoded as JSON, or by the table's parser.
macro_rules! parse_answer {
    ($key:ident, $success:ident) => {
        $success.parse()?
    };
    ($key:ident, $success:ident, $parse:path) => {
        $parse($key, $success)?
    };
}

/// The accessor of one fact on [`Facts`]: no argument, or its parameter.
macro_rules! fact_getter {
    ($label:literal, $key:ident [] $getter:ident $ty:ty) => {
        #[doc = concat!("The fact: ", $label, ".")]
        pub fn $getter(&self) -> Got<'_, $ty> {
            self.get(&FactKey::$key, |v| match v {
                FactValue::$key(x) => Some(&**x),
                _ => None,
            })
        }
    };
    ($label:literal, $key:ident [$param:ty] $getter:ident $ty:ty) => {
        #[doc = concat!("The fact: ", $label, ", for one parameter.")]
        pub fn $getter(&self, param: &$param) -> Got<'_, $ty> {
            self.get(&FactKey::$key(param.clone()), |v| match v {
                FactValue::$key(x) => Some(&**x),
                _ => None,
            })
        }
    };
}

facts! {
    User: "your account", 404 On404::Hidden(Hidden::Account), after [] {
        User => user: User;
    }
    Repo: "the repository", 404 On404::Hidden(Hidden::Repository), after [] {
        Repo => repo: Repo;
    }
    /// Your membership of the owning organization.
    Membership: "your organization role", 404 On404::Hidden(Hidden::NotMember), after [Repo] {
        Membership => membership: OrgMembership;
    }
    RepoActions: "the repository's Actions permissions", 404 On404::Hidden(Hidden::RepoAdmin), after [Repo] {
        RepoActions => repo_actions: RepoActionsPermissions;
    }
    RepoSelectedActions: "the repository's allowed actions", 404 On404::Hidden(Hidden::RepoAdmin), after [RepoActions] {
        RepoSelectedActions => repo_selected_actions: SelectedActions;
    }
    RepoWorkflowPermissions: "the repository's workflow permissions", 404 On404::Hidden(Hidden::RepoAdmin), after [Repo] {
        RepoWorkflowPermissions => repo_workflow_permissions: WorkflowPermissions;
    }
    RepoRunners: "the repository's runners", 404 On404::Hidden(Hidden::RepoAdmin), after [Repo] {
        RepoRunners => repo_runners: RunnerList;
    }
    RepoSecrets: "the repository's secrets", 404 On404::Hidden(Hidden::RepoSecrets), after [Repo] {
        RepoSecrets => repo_secrets: SecretList;
    }
    RepoOrgSecrets: "the organization secrets visible to the repository", 404 On404::Hidden(Hidden::RepoSecrets), after [Repo] {
        RepoOrgSecrets => repo_org_secrets: SecretList;
    }
    OrgActions: "the organization's Actions policy", 404 On404::Hidden(Hidden::OrgAdmin), after [Repo] {
        OrgActions => org_actions: OrgActionsPermissions;
    }
    OrgSelectedActions: "the organization's allowed actions", 404 On404::Hidden(Hidden::OrgAdmin), after [OrgActions] {
        OrgSelectedActions => org_selected_actions: SelectedActions;
    }
    OrgWorkflowPermissions: "the organization's workflow permissions", 404 On404::Hidden(Hidden::OrgAdmin), after [Repo] {
        OrgWorkflowPermissions => org_workflow_permissions: WorkflowPermissions;
    }
    OrgRunnerPolicy: "the organization's self-hosted runner policy", 404 On404::Hidden(Hidden::OrgAdmin), after [Repo] {
        OrgRunnerPolicy => org_runner_policy: SelfHostedRunnerPolicy;
    }
    /// The repositories a `selected` self-hosted runner policy allows.
    OrgRunnerRepos: "the repositories allowed to use the organization's self-hosted runners", 404 On404::Hidden(Hidden::OrgAdmin), after [OrgRunnerPolicy, Workflow] {
        OrgRunnerRepos => org_runner_repos: RepositoryList;
    }
    OrgRunners: "the organization's runners", 404 On404::Hidden(Hidden::OrgAdmin), after [Repo] {
        OrgRunners => org_runners: RunnerList;
    }
    /// The account an image of another namespace belongs to (user or organization).
    ImageOwner: "the account the image belongs to", 404 On404::Hidden(Hidden::ImageAccount), after [Repo, Workflow] {
        ImageOwner => image_owner: User;
    }
    Package: "the container package", 404 On404::Absent, after [Repo, Workflow, ImageOwner] {
        Package => package: Package;
    }
    /// Open pull requests from the branch the workflow is proposed on.
    ProposalPulls: "the open pull requests proposing the workflow", 404 On404::Hidden(Hidden::Other), after [Repo] {
        ProposalPulls => proposal_pulls: Vec<PullRequest>;
    }
    /// The workflow directory and the workflow files read to find the publishing workflow.
    Workflow: "the workflow files", 404 On404::Absent, after [] {
        WorkflowDir => workflow_dir: Vec<DirEntry>, parse workflow_listing;
        WorkflowFile[WorkflowFileName] => workflow_file: WorkflowDoc, parse workflow_doc;
    }
    Dockerfile: "the Dockerfile", 404 On404::Absent, after [Workflow] {
        Dockerfile[RepoPath] => dockerfile: FileContent, parse one_file;
    }
    WorkflowState: "the workflow's state", 404 On404::Absent, after [Workflow] {
        WorkflowState[WorkflowFileName] => workflow_state: WorkflowInfo;
    }
    WorkflowRuns: "the workflow's runs", 404 On404::Absent, after [Workflow] {
        WorkflowRuns[WorkflowFileName] => workflow_runs: WorkflowRunList;
    }
    /// The full releases of `actions/runner` (public), which GitHub's runner
    /// version policy counts from; read for a self-hosted publishing job.
    RunnerReleases: "the releases of actions/runner", 404 On404::Hidden(Hidden::Other), after [Workflow] {
        RunnerReleases => runner_releases: Vec<Release>, parse runner_release_list;
    }
}

impl FactKind {
    /// The kinds read after this one, directly or through others: what a
    /// re-read of this fact makes stale.
    pub fn dependents(self) -> Vec<FactKind> {
        let mut out: Vec<FactKind> = Vec::new();
        let mut frontier = vec![self];
        while let Some(kind) = frontier.pop() {
            for &other in FactKind::ALL {
                if other.read_after().contains(&kind) && !out.contains(&other) {
                    out.push(other);
                    frontier.push(other);
                }
            }
        }
        out
    }
}

impl FactKey {
    /// Whether a 404 answer means "not there" (a fact in itself) rather than an error.
    pub fn absence_is_an_answer(&self) -> bool {
        self.kind().on_404() == On404::Absent
    }
}

/// The `.github/workflows` listing (a file where the directory should be lists nothing).
fn workflow_listing(_: &FactKey, success: &Success) -> Result<Vec<DirEntry>, ApiError> {
    Ok(match success.parse::<Contents>()? {
        Contents::Dir(entries) => entries,
        Contents::File(_) => Vec::new(),
    })
}

/// A workflow file, summarized and analyzed once.
fn workflow_doc(key: &FactKey, success: &Success) -> Result<WorkflowDoc, ApiError> {
    let FactKey::WorkflowFile(file) = key else {
        return Err(ApiError::Malformed("not a workflow file".into()));
    };
    let content = one_file(key, success)?;
    let text = content.text()?;
    let summary = analyze::summarize(&text);
    let findings = analyze::analyze(&text).unwrap_or_default();
    Ok(WorkflowDoc {
        file: file.clone(),
        blob_sha: content.sha,
        html_url: content.html_url,
        text,
        summary,
        findings,
    })
}

/// A releases listing of `actions/runner`: its full releases with their dates.
fn runner_release_list(_: &FactKey, success: &Success) -> Result<Vec<Release>, ApiError> {
    full_releases(&success.body, super::runner_versions::RUNNER_REPO)
        .map_err(|e| ApiError::Malformed(e.to_string()))
}

/// A file's contents (a directory where a file was expected is malformed).
fn one_file(_: &FactKey, success: &Success) -> Result<FileContent, ApiError> {
    match success.parse::<Contents>()? {
        Contents::File(f) => Ok(f),
        Contents::Dir(_) => Err(ApiError::Malformed(
            "a directory was found where a file was expected".into(),
        )),
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

    /// Why the checks cannot judge this workflow though it is a workflow:
    /// it is too large to analyze, so whether and how it publishes is unknown.
    pub fn too_large(&self) -> Option<Why> {
        match &self.summary {
            Err(err @ AnalyzeError::TooLargeToExpand { .. }) => Some(Why::WorkflowTooLarge {
                file: self.file.repo_path().to_string(),
                reason: err.to_string(),
            }),
            _ => None,
        }
    }

    /// Whether this may be the publishing workflow: it publishes, or it is
    /// too large to tell.
    pub fn may_publish(&self) -> bool {
        self.publishes_to_ghcr() || self.too_large().is_some()
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

/// What a check gets when it asks for a fact. Every state that is not an
/// answer knows its fact's kind, so the reason it gives names the fact.
#[derive(Debug, PartialEq, Eq)]
pub enum Got<'a, T> {
    /// Not known yet.
    Pending,
    /// Does not apply here.
    NotApplicable,
    /// GitHub says it is not there.
    Absent(FactKind),
    /// Could not be read, and why.
    Unknown(&'a Why, FactKind),
    /// GitHub answered with an error.
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
    /// makes it unknown, with the reason naming the fact.
    pub fn need(self) -> Result<(&'a T, &'a str), Stop> {
        match self {
            Got::Ready(v, source) => Ok((v, source)),
            Got::Pending => Err(Stop::Pending),
            Got::NotApplicable => Err(Stop::NotApplicable),
            // A skipped fact's reason already says what is missing.
            Got::Unknown(why, _) => Err(Stop::Unknown(why.clone())),
            other => Err(other.blocks().map_or(Stop::Pending, Stop::Unknown)),
        }
    }

    /// Why a check reading this fact must stop, when it is not ready
    /// (pending, not applicable, or unknown with its reason).
    pub fn stop(self) -> Stop {
        match self.need() {
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

    /// Why what depends on this fact cannot be judged or read, when it is
    /// settled without a value, naming the fact (`None` when ready, pending
    /// or not applicable).
    pub fn blocks(self) -> Option<Why> {
        match self {
            Got::Absent(kind) => Some(Why::Blocked(capitalized(kind.label()))),
            Got::Unknown(why, kind) => Some(why.clone().blocking(kind)),
            Got::Failed(err, kind) => Some(Why::from_error(err.clone(), kind).blocking(kind)),
            Got::Pending | Got::NotApplicable | Got::Ready(..) => None,
        }
    }

    /// Why this fact could not be read (the cause alone, for a sentence
    /// that names the fact itself); `None` unless it failed or was skipped.
    pub fn unread(self) -> Option<Why> {
        match self {
            Got::Failed(err, kind) => Some(Why::from_error(err.clone(), kind)),
            Got::Unknown(why, _) => Some(why.clone()),
            Got::Absent(_) | Got::Pending | Got::NotApplicable | Got::Ready(..) => None,
        }
    }
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

    /// Forgets `key` and every fact read after it (what its old answer
    /// decided), so the planner asks for them again.
    pub fn forget_with_dependents(&mut self, key: &FactKey) {
        self.slots.remove(key);
        let stale = key.kind().dependents();
        self.slots.retain(|k, _| !stale.contains(&k.kind()));
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
        key: &FactKey,
        pick: impl Fn(&'a FactValue) -> Option<&'a T>,
    ) -> Got<'a, T> {
        let kind = key.kind();
        match self.slots.get(key) {
            None | Some(Slot::Waiting) => Got::Pending,
            Some(Slot::NotApplicable) => Got::NotApplicable,
            Some(Slot::Absent { .. }) => Got::Absent(kind),
            Some(Slot::Skipped(why)) => Got::Unknown(why, kind),
            Some(Slot::Failed { error, .. }) => Got::Failed(error, kind),
            Some(Slot::Ready { value, source }) => match pick(value) {
                Some(v) => Got::Ready(v, source),
                None => Got::Pending,
            },
        }
    }

    /// Every workflow file read so far, in name order.
    pub fn workflow_files(&self) -> impl Iterator<Item = (&WorkflowFileName, &Slot)> {
        self.slots.iter().filter_map(|(k, s)| match k {
            FactKey::WorkflowFile(f) => Some((f, s)),
            _ => None,
        })
    }

    /// Whether a fact of `kind` is still awaited (for "waiting for …"
    /// text): one of its keys is unsettled, or none was decided yet — for
    /// a parameterized fact (a file), only while what names it is awaited.
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
        !kind.parameterized() || kind.read_after().iter().any(|k| self.kind_pending(*k))
    }

    /// Every error GitHub answered, with the request it came from.
    pub fn errors(&self) -> impl Iterator<Item = (&FactKey, &ApiError, &str)> {
        self.slots.iter().filter_map(|(k, s)| match s {
            Slot::Failed { error, source } => Some((k, error, source.as_str())),
            _ => None,
        })
    }
}
