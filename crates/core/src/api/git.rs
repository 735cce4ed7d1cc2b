//! Typed answers of git refs, annotated tags, branch comparisons and pull
//! requests.

use serde::Deserialize;

/// The object a ref or tag points to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GitObject {
    pub sha: String,
    /// `commit` or `tag` (an annotated tag to read further).
    #[serde(rename = "type")]
    pub kind: String,
}

/// `GET …/git/ref/{ref}` and `POST …/git/refs`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct GitRefInfo {
    #[serde(rename = "ref")]
    pub name: String,
    pub object: GitObject,
}

/// `GET …/git/tags/{sha}` (an annotated tag).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct AnnotatedTagInfo {
    #[serde(default)]
    pub tag: Option<String>,
    pub object: GitObject,
}

/// A pull request (`GET …/pulls`, `POST …/pulls`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PullRequest {
    pub number: u64,
    pub html_url: String,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
}

/// `GET …/compare/{base}...{head}`: what the head branch holds that the base
/// does not.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Comparison {
    /// Commits of the head that the base does not hold.
    pub ahead_by: u64,
    /// Those commits, oldest first (GitHub lists at most 250).
    #[serde(default)]
    pub commits: Vec<ComparedCommit>,
    /// The files they changed.
    #[serde(default)]
    pub files: Vec<ComparedFile>,
}

/// One commit of a comparison.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ComparedCommit {
    pub sha: String,
    pub commit: CommitDetail,
}

/// A commit's own data (message, …).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct CommitDetail {
    pub message: String,
}

/// One file a comparison changed.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ComparedFile {
    pub filename: String,
}
