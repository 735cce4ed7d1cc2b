//! Typed answers of the endpoints the sign-in needs (`/user`,
//! `/repos/{owner}/{repo}`). Extra fields are ignored; missing required
//! ones make [`super::parse_json`] fail with `Malformed`.

use serde::Deserialize;

/// `GET /user`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct User {
    pub login: String,
    pub id: u64,
    #[serde(default)]
    pub name: Option<String>,
    /// `User`, `Organization` or `Bot`.
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

/// Who owns a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum OwnerKind {
    User,
    Organization,
    #[serde(other)]
    Other,
}

/// `owner` in a repository answer.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct RepoOwner {
    pub login: String,
    #[serde(rename = "type")]
    pub kind: OwnerKind,
}

/// The caller's rights on a repository.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub struct RepoPermissions {
    pub admin: bool,
    #[serde(default)]
    pub maintain: Option<bool>,
    pub push: bool,
    #[serde(default)]
    pub triage: Option<bool>,
    pub pull: bool,
}

/// `GET /repos/{owner}/{repo}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Repo {
    pub full_name: String,
    pub owner: RepoOwner,
    pub private: bool,
    /// `public`, `private` or `internal` (absent on old GHES).
    #[serde(default)]
    pub visibility: Option<String>,
    pub default_branch: String,
    pub archived: bool,
    /// Absent when the request was not authenticated.
    #[serde(default)]
    pub permissions: Option<RepoPermissions>,
}

impl Repo {
    /// Whether an organization owns the repository.
    pub fn owned_by_org(&self) -> bool {
        self.owner.kind == OwnerKind::Organization
    }
}
