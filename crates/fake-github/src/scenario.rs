//! The scenario file: the users, tokens, organisations and repositories the
//! fake serves, read from JSON (`--scenario FILE`) or the built-in demo.
//!
//! Enumerated settings are Rust enums, so a scenario with a value GitHub
//! would never send is rejected when it is loaded, not when it is served.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The built-in demo scenario (`scenarios/demo.json`).
pub const DEMO_JSON: &str = include_str!("../scenarios/demo.json");

/// Everything the fake knows at start (and after `POST /_fake/reset`).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// Free text for people reading the file.
    #[serde(default, rename = "_comment")]
    pub comment: Vec<String>,
    pub oauth_apps: Vec<OAuthApp>,
    #[serde(default)]
    pub device_flow: DeviceFlowSettings,
    pub users: Vec<User>,
    #[serde(default)]
    pub tokens: Vec<Token>,
    #[serde(default)]
    pub orgs: Vec<Org>,
    #[serde(default)]
    pub repos: Vec<Repo>,
    /// Container packages owned by users (not orgs).
    #[serde(default)]
    pub user_packages: Vec<UserPackage>,
}

/// An OAuth App that may start the device flow.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthApp {
    pub client_id: String,
    pub name: String,
    #[serde(default = "yes")]
    pub device_flow_enabled: bool,
}

fn yes() -> bool {
    true
}

/// Timing of the device flow and who approves codes on the fake's page.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeviceFlowSettings {
    /// Minimum seconds between polls (GitHub: 5).
    #[serde(default = "five")]
    pub interval: u64,
    /// Seconds a device code lives (GitHub: 900).
    #[serde(default = "nine_hundred")]
    pub expires_in: u64,
    /// Login of the user who signs in on the fake's device page; the first
    /// user when absent.
    #[serde(default)]
    pub user: Option<String>,
}

fn five() -> u64 {
    5
}

fn nine_hundred() -> u64 {
    900
}

impl Default for DeviceFlowSettings {
    fn default() -> Self {
        DeviceFlowSettings {
            interval: five(),
            expires_in: nine_hundred(),
            user: None,
        }
    }
}

/// A GitHub user account.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct User {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
}

/// A token the fake accepts, with its classic scopes.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Token {
    pub value: String,
    pub user: String,
    pub scopes: Vec<String>,
    #[serde(default)]
    pub note: Option<String>,
    /// Orgs with SAML SSO for which this token is authorised.
    #[serde(default)]
    pub sso_authorized_orgs: Vec<String>,
}

/// A role in an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgRole {
    Admin,
    Member,
}

/// A collaborator's role on a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RepoRole {
    Read,
    Triage,
    Write,
    Maintain,
    Admin,
}

/// Which repositories of an org may run Actions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnabledRepositories {
    All,
    None,
    Selected,
}

/// Which actions may run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowedActions {
    All,
    LocalOnly,
    Selected,
}

/// Default `GITHUB_TOKEN` permission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultPermission {
    Read,
    Write,
}

/// Package or repository visibility.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Public,
    Private,
    Internal,
}

/// The allow-list used when `allowed_actions` is `selected`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelectedActions {
    pub github_owned_allowed: bool,
    pub verified_allowed: bool,
    #[serde(default)]
    pub patterns_allowed: Vec<String>,
}

impl Default for SelectedActions {
    fn default() -> Self {
        SelectedActions {
            github_owned_allowed: true,
            verified_allowed: false,
            patterns_allowed: Vec::new(),
        }
    }
}

/// Default workflow permissions of a repo or org.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WorkflowPermissions {
    pub default_workflow_permissions: DefaultPermission,
    #[serde(default)]
    pub can_approve_pull_request_reviews: bool,
}

impl Default for WorkflowPermissions {
    fn default() -> Self {
        WorkflowPermissions {
            default_workflow_permissions: DefaultPermission::Read,
            can_approve_pull_request_reviews: false,
        }
    }
}

/// Organisation-level Actions permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrgActions {
    pub enabled_repositories: EnabledRepositories,
    pub allowed_actions: AllowedActions,
    #[serde(default)]
    pub sha_pinning_required: bool,
}

impl Default for OrgActions {
    fn default() -> Self {
        OrgActions {
            enabled_repositories: EnabledRepositories::All,
            allowed_actions: AllowedActions::All,
            sha_pinning_required: false,
        }
    }
}

/// Repository-level Actions permissions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RepoActions {
    pub enabled: bool,
    pub allowed_actions: AllowedActions,
    #[serde(default)]
    pub sha_pinning_required: bool,
}

impl Default for RepoActions {
    fn default() -> Self {
        RepoActions {
            enabled: true,
            allowed_actions: AllowedActions::All,
            sha_pinning_required: false,
        }
    }
}

/// A secret's name and dates (values are never stored).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secret {
    pub name: String,
    pub created_at: String,
    pub updated_at: String,
    /// For org secrets: `all`, `private` or `selected`.
    #[serde(default)]
    pub visibility: Option<String>,
}

/// A self-hosted runner. Labels GitHub assigns itself (`self-hosted`, the
/// OS and the architecture) are served as `read-only`, others as `custom`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Runner {
    pub id: u64,
    pub name: String,
    pub os: String,
    pub status: RunnerStatus,
    #[serde(default)]
    pub busy: bool,
    pub labels: Vec<String>,
    /// The runner application's version (GitHub sends jobs only to 2.329.0 or
    /// later, at most 30 days behind the newest release).
    #[serde(default = "current_runner_version")]
    pub version: String,
    #[serde(default)]
    pub ephemeral: bool,
    /// 1 is the "Default" group every org and repo has.
    #[serde(default = "default_runner_group")]
    pub runner_group_id: u64,
}

/// Whether a runner is connected to GitHub.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunnerStatus {
    Online,
    Offline,
}

/// The runner version a scenario runner has when it names none: the newest
/// full release the demo's `actions/runner` lists.
pub const CURRENT_RUNNER_VERSION: &str = "2.333.0";

fn current_runner_version() -> String {
    CURRENT_RUNNER_VERSION.to_owned()
}

fn default_runner_group() -> u64 {
    1
}

/// Which repositories of an org may use self-hosted runners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SelfHostedRunners {
    pub enabled_repositories: EnabledRepositories,
    /// Names of the org's repositories allowed when `enabled_repositories`
    /// is `selected`.
    #[serde(default)]
    pub selected_repositories: Vec<String>,
}

impl Default for SelfHostedRunners {
    fn default() -> Self {
        SelfHostedRunners {
            enabled_repositories: EnabledRepositories::All,
            selected_repositories: Vec::new(),
        }
    }
}

/// A container package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Package {
    pub id: u64,
    pub name: String,
    pub visibility: Visibility,
    /// Name of the linked repository (same owner), if any.
    #[serde(default)]
    pub repository: Option<String>,
    pub version_count: u64,
    pub created_at: String,
    pub updated_at: String,
}

/// A container package owned by a user account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserPackage {
    pub owner: String,
    #[serde(flatten)]
    pub package: Package,
}

/// An organisation.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Org {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub members: BTreeMap<String, OrgRole>,
    #[serde(default)]
    pub actions: OrgActions,
    #[serde(default)]
    pub selected_actions: SelectedActions,
    #[serde(default)]
    pub workflow: WorkflowPermissions,
    #[serde(default)]
    pub secrets: Vec<Secret>,
    #[serde(default)]
    pub runners: Vec<Runner>,
    #[serde(default)]
    pub self_hosted_runners: SelfHostedRunners,
    #[serde(default)]
    pub packages: Vec<Package>,
    /// OAuth App access restrictions on (calls with OAuth App tokens on
    /// private org resources, and privileged writes on public ones, answer 403).
    #[serde(default)]
    pub oauth_app_restricted: bool,
    /// SAML SSO enforced (tokens without SSO authorisation get 403 and an
    /// `X-GitHub-SSO` header on private org resources and on writes).
    #[serde(default)]
    pub sso_required: bool,
}

/// A workflow run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Run {
    pub id: u64,
    /// File name of the workflow, e.g. `docker-image.yml`.
    pub workflow: String,
    pub run_number: u64,
    pub status: RunStatus,
    #[serde(default)]
    pub conclusion: Option<RunConclusion>,
    pub head_branch: String,
    pub head_sha: String,
    pub event: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A repository.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Repo {
    pub owner: String,
    pub name: String,
    pub id: u64,
    pub visibility: Visibility,
    #[serde(default = "main_branch")]
    pub default_branch: String,
    #[serde(default)]
    pub archived: bool,
    #[serde(default)]
    pub description: Option<String>,
    /// Role of each user on this repo (the owner of a user repo is admin).
    #[serde(default)]
    pub permissions: BTreeMap<String, RepoRole>,
    #[serde(default)]
    pub actions: RepoActions,
    #[serde(default)]
    pub selected_actions: SelectedActions,
    #[serde(default)]
    pub workflow: WorkflowPermissions,
    #[serde(default)]
    pub secrets: Vec<Secret>,
    #[serde(default)]
    pub runners: Vec<Runner>,
    /// Branch name → head commit SHA. The default branch is added if absent.
    #[serde(default)]
    pub branches: BTreeMap<String, String>,
    /// Path → file content (UTF-8 text) on the default branch.
    #[serde(default)]
    pub files: BTreeMap<String, String>,
    /// Branch → (path → content) for branches other than the default one.
    #[serde(default)]
    pub branch_files: BTreeMap<String, BTreeMap<String, String>>,
    #[serde(default)]
    pub runs: Vec<Run>,
    /// Workflow file name → state; workflows not named here are `active`.
    #[serde(default)]
    pub workflow_states: BTreeMap<String, WorkflowState>,
    #[serde(default)]
    pub pulls: Vec<Pull>,
    #[serde(default)]
    pub releases: Vec<Release>,
    /// Tag name (e.g. `v4.1.0`, `v4`) → tag.
    #[serde(default)]
    pub tags: BTreeMap<String, Tag>,
    /// `owner/name`s the repository had before a rename or a transfer:
    /// requests to them are redirected to its name now.
    #[serde(default)]
    pub former_names: Vec<String>,
    /// Commits made on top of the scenario's branch heads (by a contents
    /// `PUT`, or given by a scenario): SHA → the commit. A branch's history
    /// is its head followed through `parent` until a SHA not listed here,
    /// a commit of the scenario without a parent.
    #[serde(default)]
    pub commits: BTreeMap<String, Commit>,
}

/// A commit made on top of a branch: one file written.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commit {
    pub parent: String,
    pub message: String,
    /// The login it was made as.
    pub author: String,
    /// The file it wrote.
    pub path: String,
}

impl Repo {
    /// The commits reachable from `sha`, newest first (`sha` included).
    pub fn history(&self, sha: &str) -> Vec<String> {
        let mut out = vec![sha.to_owned()];
        while let Some(commit) = out.last().and_then(|s| self.commits.get(s)) {
            if out.contains(&commit.parent) || out.len() > 10_000 {
                break;
            }
            out.push(commit.parent.clone());
        }
        out
    }
}

/// Where a workflow run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Queued,
    InProgress,
    Completed,
    Waiting,
    Pending,
}

/// How a completed workflow run ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunConclusion {
    Success,
    Failure,
    Cancelled,
    Skipped,
    TimedOut,
    ActionRequired,
    StartupFailure,
}

/// A workflow's state (`GET …/actions/workflows/{file}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WorkflowState {
    Active,
    DisabledManually,
    DisabledInactivity,
    DisabledFork,
}

/// Open or closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PullState {
    Open,
    Closed,
}

/// A pull request: seeded by the scenario or opened through the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pull {
    pub number: u64,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    /// Branch of this repository the changes are on.
    pub head: String,
    /// Branch the changes would be merged into.
    pub base: String,
    /// Login of the author.
    pub user: String,
    pub state: PullState,
}

/// A release of an action repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    pub tag_name: String,
    /// The title; GitHub shows the tag when absent.
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub draft: bool,
    #[serde(default)]
    pub prerelease: bool,
    /// When it was published, as GitHub writes it. Either this or
    /// `published_days_ago`, which the loader turns into this.
    #[serde(default)]
    pub published_at: String,
    /// Published this many days before the fake started: for releases whose
    /// age matters (the runner's versions are judged by it), so the demo
    /// does not rot as the real clock moves on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_days_ago: Option<u32>,
}

/// A git tag. `commit` is the commit it ends at; when absent the fake makes
/// one up from the repository and tag names. An annotated tag is a tag
/// object of its own (`git/ref/tags/…` answers `type: tag` with the tag
/// object's SHA, and `git/tags/{sha}` leads on to the commit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tag {
    #[serde(default)]
    pub commit: Option<String>,
    #[serde(default)]
    pub annotated: bool,
}

fn main_branch() -> String {
    "main".to_owned()
}

impl Repo {
    /// `owner/name`.
    pub fn full_name(&self) -> String {
        format!("{}/{}", self.owner, self.name)
    }

    /// Whether only collaborators can see it.
    pub fn is_private(&self) -> bool {
        self.visibility != Visibility::Public
    }

    /// The commit a tag ends at.
    pub fn tag_commit(&self, name: &str, tag: &Tag) -> String {
        tag.commit
            .clone()
            .unwrap_or_else(|| fake_sha(&format!("commit:{}@{name}", self.full_name())))
    }

    /// The SHA of an annotated tag's tag object.
    pub fn tag_object_sha(&self, name: &str) -> String {
        fake_sha(&format!("tag:{}@{name}", self.full_name()))
    }

    /// The state of a workflow file (`active` unless the scenario says otherwise).
    pub fn workflow_state(&self, file: &str) -> WorkflowState {
        self.workflow_states
            .get(file)
            .copied()
            .unwrap_or(WorkflowState::Active)
    }
}

/// Why a scenario could not be used.
#[derive(Debug)]
pub enum ScenarioError {
    Read(String, std::io::Error),
    Parse(serde_json::Error),
    Invalid(String),
}

impl std::fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ScenarioError::Read(path, e) => write!(f, "cannot read scenario {path}: {e}"),
            ScenarioError::Parse(e) => write!(f, "scenario is not valid: {e}"),
            ScenarioError::Invalid(why) => write!(f, "scenario is inconsistent: {why}"),
        }
    }
}

impl std::error::Error for ScenarioError {}

impl Scenario {
    /// The built-in demo.
    pub fn demo() -> Result<Self, ScenarioError> {
        Self::from_json(DEMO_JSON)
    }

    /// Reads a scenario file.
    pub fn from_file(path: &str) -> Result<Self, ScenarioError> {
        let text =
            std::fs::read_to_string(path).map_err(|e| ScenarioError::Read(path.to_owned(), e))?;
        Self::from_json(&text)
    }

    /// Parses and checks a scenario; release ages are counted from now.
    pub fn from_json(text: &str) -> Result<Self, ScenarioError> {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or(0);
        Self::from_json_at(text, now)
    }

    /// Parses and checks a scenario loaded at `now_secs` (Unix seconds):
    /// every `published_days_ago` becomes a `published_at` that many days
    /// before it.
    pub fn from_json_at(text: &str, now_secs: u64) -> Result<Self, ScenarioError> {
        let mut scenario: Scenario = serde_json::from_str(text).map_err(ScenarioError::Parse)?;
        scenario.check()?;
        for release in scenario
            .repos
            .iter_mut()
            .flat_map(|r| r.releases.iter_mut())
        {
            if let Some(days) = release.published_days_ago.take() {
                let secs = now_secs.saturating_sub(u64::from(days) * 86_400);
                release.published_at = crate::clock::timestamp(secs);
            }
        }
        for repo in &mut scenario.repos {
            if !repo.branches.contains_key(&repo.default_branch) {
                let sha = fake_sha(&format!("{}@{}", repo.full_name(), repo.default_branch));
                repo.branches.insert(repo.default_branch.clone(), sha);
            }
        }
        Ok(scenario)
    }

    fn check(&self) -> Result<(), ScenarioError> {
        let user_known = |login: &str| self.users.iter().any(|u| u.login == login);
        let owner_known =
            |login: &str| user_known(login) || self.orgs.iter().any(|o| o.login == login);
        if self.users.is_empty() {
            return Err(ScenarioError::Invalid("at least one user is needed".into()));
        }
        for t in &self.tokens {
            if !user_known(&t.user) {
                return Err(ScenarioError::Invalid(format!(
                    "a token names unknown user {}",
                    t.user
                )));
            }
        }
        if let Some(u) = &self.device_flow.user {
            if !user_known(u) {
                return Err(ScenarioError::Invalid(format!(
                    "device_flow.user {u} is not a user"
                )));
            }
        }
        for r in &self.repos {
            if !owner_known(&r.owner) {
                return Err(ScenarioError::Invalid(format!(
                    "repo {} has unknown owner",
                    r.full_name()
                )));
            }
            check_repo(r, &user_known)?;
        }
        for o in &self.orgs {
            for name in &o.self_hosted_runners.selected_repositories {
                let known = self
                    .repos
                    .iter()
                    .any(|r| r.owner == o.login && &r.name == name);
                if !known {
                    return Err(ScenarioError::Invalid(format!(
                        "org {} selects unknown repo {name} for self-hosted runners",
                        o.login
                    )));
                }
            }
        }
        for p in &self.user_packages {
            if !user_known(&p.owner) {
                return Err(ScenarioError::Invalid(format!(
                    "package {} has unknown owner {}",
                    p.package.name, p.owner
                )));
            }
        }
        Ok(())
    }

    /// The user who approves codes on the device page.
    pub fn device_user(&self) -> Option<&str> {
        self.device_flow
            .user
            .as_deref()
            .or_else(|| self.users.first().map(|u| u.login.as_str()))
    }
}

/// Checks what one repository's parts say about each other.
fn check_repo(r: &Repo, user_known: &dyn Fn(&str) -> bool) -> Result<(), ScenarioError> {
    let invalid = |why: String| {
        Err(ScenarioError::Invalid(format!(
            "repo {}: {why}",
            r.full_name()
        )))
    };
    for (name, tag) in &r.tags {
        if tag.commit.as_deref().is_some_and(|c| !is_sha(c)) {
            return invalid(format!(
                "tag {name} names a commit that is not 40 hex digits"
            ));
        }
    }
    for release in &r.releases {
        if !r.tags.contains_key(&release.tag_name) {
            return invalid(format!(
                "release {} has no tag of that name",
                release.tag_name
            ));
        }
        if release.published_at.is_empty() == release.published_days_ago.is_none() {
            return invalid(format!(
                "release {} needs exactly one of published_at and published_days_ago",
                release.tag_name
            ));
        }
    }
    for pull in &r.pulls {
        let branch_known = |b: &str| b == r.default_branch || r.branches.contains_key(b);
        if !branch_known(&pull.head) || !branch_known(&pull.base) || !user_known(&pull.user) {
            return invalid(format!(
                "pull request #{} names an unknown branch or user",
                pull.number
            ));
        }
    }
    Ok(())
}

/// Whether `text` looks like a full commit SHA.
pub fn is_sha(text: &str) -> bool {
    text.len() == 40 && text.bytes().all(|b| b.is_ascii_hexdigit())
}

/// A deterministic 40-hex-digit "SHA" derived from `seed`.
pub fn fake_sha(seed: &str) -> String {
    let mut out = String::with_capacity(40);
    let mut state = fnv(seed);
    while out.len() < 40 {
        state = splitmix(state);
        out.push_str(&format!("{state:016x}"));
    }
    out.truncate(40);
    out
}

/// FNV-1a hash of a string.
pub fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One step of splitmix64, a tiny deterministic mixer.
pub fn splitmix(state: u64) -> u64 {
    let mut z = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_loads() {
        let s = Scenario::demo().expect("demo scenario is valid");
        assert!(s.tokens.iter().any(|t| t.user == "octo-demo"));
        assert!(s
            .repos
            .iter()
            .all(|r| r.branches.contains_key(&r.default_branch)));
    }

    #[test]
    fn release_ages_are_counted_from_the_load() {
        let text = |release: &str| {
            format!(
                r#"{{"oauth_apps":[],"users":[{{"login":"a","id":1}}],
                "repos":[{{"owner":"a","name":"r","id":1,"visibility":"public",
                "tags":{{"v1.0.0":{{}}}},"releases":[{release}]}}]}}"#
            )
        };
        // 2026-12-07T10:00:00Z, then three days later.
        let relative = text(r#"{"tag_name":"v1.0.0","published_days_ago":3}"#);
        for (now, want) in [
            (1_796_637_600, "2026-12-04T10:00:00Z"),
            (1_796_896_800, "2026-12-07T10:00:00Z"),
        ] {
            let s = Scenario::from_json_at(&relative, now).expect("valid");
            let release = &s.repos[0].releases[0];
            assert_eq!(release.published_at, want);
            assert_eq!(release.published_days_ago, None);
        }
        let fixed = text(r#"{"tag_name":"v1.0.0","published_at":"2025-01-01T00:00:00Z"}"#);
        let s = Scenario::from_json_at(&fixed, 1_796_637_600).expect("valid");
        assert_eq!(s.repos[0].releases[0].published_at, "2025-01-01T00:00:00Z");
        for bad in [
            r#"{"tag_name":"v1.0.0"}"#,
            r#"{"tag_name":"v1.0.0","published_at":"2025-01-01T00:00:00Z","published_days_ago":1}"#,
        ] {
            assert!(
                matches!(
                    Scenario::from_json(&text(bad)),
                    Err(ScenarioError::Invalid(_))
                ),
                "{bad}"
            );
        }
    }

    #[test]
    fn rejects_unknown_values_and_owners() {
        let bad_enum = r#"{"oauth_apps":[],"users":[{"login":"a","id":1}],
            "repos":[{"owner":"a","name":"r","id":1,"visibility":"secret"}]}"#;
        assert!(matches!(
            Scenario::from_json(bad_enum),
            Err(ScenarioError::Parse(_))
        ));
        let bad_owner = r#"{"oauth_apps":[],"users":[{"login":"a","id":1}],
            "repos":[{"owner":"nobody","name":"r","id":1,"visibility":"public"}]}"#;
        assert!(matches!(
            Scenario::from_json(bad_owner),
            Err(ScenarioError::Invalid(_))
        ));
    }

    #[test]
    fn fake_sha_is_stable_hex() {
        let a = fake_sha("x");
        assert_eq!(a.len(), 40);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_eq!(a, fake_sha("x"));
        assert_ne!(a, fake_sha("y"));
    }
}
