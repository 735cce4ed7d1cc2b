//! Typed answers of the Actions settings endpoints: permissions, allowed
//! actions, default token permissions, the self-hosted runner policy,
//! runners, secrets, workflows and their runs. Enumerations keep an `Other`
//! arm so a value GitHub adds later is read, not refused.

use serde::Deserialize;

/// Which actions may run (`allowed_actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AllowedActions {
    All,
    LocalOnly,
    Selected,
    #[serde(other)]
    Other,
}

impl AllowedActions {
    /// The value as GitHub spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            AllowedActions::All => "all",
            AllowedActions::LocalOnly => "local_only",
            AllowedActions::Selected => "selected",
            AllowedActions::Other => "other",
        }
    }
}

/// `GET /repos/{owner}/{repo}/actions/permissions`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RepoActionsPermissions {
    pub enabled: bool,
    /// Absent when Actions are disabled.
    #[serde(default)]
    pub allowed_actions: Option<AllowedActions>,
    #[serde(default)]
    pub sha_pinning_required: Option<bool>,
}

/// Which repositories of an organization may do something (`enabled_repositories`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EnabledRepositories {
    All,
    None,
    Selected,
    #[serde(other)]
    Other,
}

impl EnabledRepositories {
    /// The value as GitHub spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            EnabledRepositories::All => "all",
            EnabledRepositories::None => "none",
            EnabledRepositories::Selected => "selected",
            EnabledRepositories::Other => "other",
        }
    }
}

/// `GET /orgs/{org}/actions/permissions`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrgActionsPermissions {
    pub enabled_repositories: EnabledRepositories,
    #[serde(default)]
    pub allowed_actions: Option<AllowedActions>,
    #[serde(default)]
    pub sha_pinning_required: Option<bool>,
}

/// `GET …/actions/permissions/selected-actions` (repository or organization).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SelectedActions {
    #[serde(default)]
    pub github_owned_allowed: bool,
    #[serde(default)]
    pub verified_allowed: bool,
    #[serde(default)]
    pub patterns_allowed: Vec<String>,
}

/// The default permission of `GITHUB_TOKEN`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DefaultPermission {
    Read,
    Write,
    #[serde(other)]
    Other,
}

impl DefaultPermission {
    /// The value as GitHub spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            DefaultPermission::Read => "read",
            DefaultPermission::Write => "write",
            DefaultPermission::Other => "other",
        }
    }
}

/// `GET …/actions/permissions/workflow` (repository or organization).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WorkflowPermissions {
    pub default_workflow_permissions: DefaultPermission,
    #[serde(default)]
    pub can_approve_pull_request_reviews: bool,
}

/// `GET /orgs/{org}/actions/permissions/self-hosted-runners`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SelfHostedRunnerPolicy {
    pub enabled_repositories: EnabledRepositories,
}

/// One repository of a list (only its name is read).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ListedRepository {
    pub full_name: String,
}

/// `GET /orgs/{org}/actions/permissions/self-hosted-runners/repositories`:
/// the repositories a `selected` self-hosted runner policy allows (one page).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RepositoryList {
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub repositories: Vec<ListedRepository>,
}

impl RepositoryList {
    /// Whether `owner/name` is listed (case-insensitive, as GitHub's names are).
    pub fn contains(&self, full_name: &str) -> bool {
        self.repositories
            .iter()
            .any(|r| r.full_name.eq_ignore_ascii_case(full_name))
    }

    /// Whether this page holds every repository GitHub counted.
    pub fn is_complete(&self) -> bool {
        usize::try_from(self.total_count).is_ok_and(|n| n <= self.repositories.len())
    }
}

/// One label of a runner.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RunnerLabelInfo {
    pub name: String,
    /// `read-only` (given by the runner) or `custom`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// A self-hosted runner.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Runner {
    pub name: String,
    #[serde(default)]
    pub os: Option<String>,
    /// `online` or `offline`.
    pub status: String,
    #[serde(default)]
    pub busy: bool,
    #[serde(default)]
    pub labels: Vec<RunnerLabelInfo>,
    /// The runner application's version, e.g. `2.328.0`.
    #[serde(default)]
    pub version: Option<String>,
    #[serde(default)]
    pub ephemeral: Option<bool>,
}

impl Runner {
    /// Whether GitHub reports the runner online.
    pub fn is_online(&self) -> bool {
        self.status.eq_ignore_ascii_case("online")
    }

    /// Whether the runner carries every label in `wanted` (case-insensitive).
    pub fn has_labels<'a>(&self, mut wanted: impl Iterator<Item = &'a str>) -> bool {
        wanted.all(|w| self.labels.iter().any(|l| l.name.eq_ignore_ascii_case(w)))
    }
}

/// `GET …/actions/runners`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RunnerList {
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub runners: Vec<Runner>,
}

/// A secret's name and dates (values are never readable).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SecretInfo {
    pub name: String,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
}

/// `GET …/actions/secrets` and `…/actions/organization-secrets`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SecretList {
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub secrets: Vec<SecretInfo>,
}

impl SecretList {
    /// The secret called `name` (GitHub stores names upper-case).
    pub fn find(&self, name: &str) -> Option<&SecretInfo> {
        self.secrets
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(name))
    }
}

/// `GET /repos/{owner}/{repo}/actions/secrets/public-key`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct SecretsPublicKey {
    pub key_id: String,
    /// Base64 of the 32-byte Curve25519 public key.
    pub key: String,
}

/// `GET /repos/{owner}/{repo}/actions/workflows/{file}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WorkflowInfo {
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub path: Option<String>,
    /// `active`, `disabled_manually`, `disabled_inactivity`, …
    pub state: String,
    #[serde(default)]
    pub html_url: Option<String>,
}

/// One workflow run.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WorkflowRun {
    #[serde(default)]
    pub run_number: Option<u64>,
    /// `queued`, `in_progress`, `completed`, …
    #[serde(default)]
    pub status: Option<String>,
    /// `success`, `failure`, `cancelled`, … once completed.
    #[serde(default)]
    pub conclusion: Option<String>,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub head_branch: Option<String>,
    #[serde(default)]
    pub event: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// `GET …/actions/workflows/{file}/runs`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct WorkflowRunList {
    #[serde(default)]
    pub total_count: u64,
    #[serde(default)]
    pub workflow_runs: Vec<WorkflowRun>,
}

/// `GET /user/memberships/orgs/{org}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct OrgMembership {
    /// `active` or `pending`.
    pub state: String,
    /// `admin` (an owner) or `member`.
    pub role: String,
}

impl OrgMembership {
    /// An active owner of the organization.
    pub fn is_owner(&self) -> bool {
        self.role == "admin" && self.state == "active"
    }
}
