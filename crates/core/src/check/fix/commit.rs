//! Committing the workflow straight to the default branch: the quick path
//! for a repository without branch protection, beside the reviewed pull
//! request. The file is read first, so an existing one is replaced with its
//! blob SHA (GitHub refuses a blind overwrite); a protected branch, a
//! ruleset or a missing `workflow` scope each get their own explanation,
//! pointing to the pull request. When the commit's answer is lost, the file
//! is read again: if it is the one proposed the commit was made; otherwise
//! it is written once more, with the SHA it has now.

use super::contents::{read_workflow, workflow_path, write_workflow};
use super::{refusal, Role, Step};
use crate::api::contents::FileContent;
use crate::api::ApiError;
use crate::check::verdict::Link;
use crate::engine::Success;
use crate::names::{BranchName, RepoSlug};

/// The commit GitHub made, as far as the answer says.
#[derive(serde::Deserialize)]
struct Written {
    commit: Option<CommitRef>,
}

#[derive(serde::Deserialize)]
struct CommitRef {
    sha: Option<String>,
    html_url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Read,
    Write,
    /// After a lost answer: is the file on the branch the one written?
    Check,
}

/// The direct commit.
#[derive(Debug)]
pub(crate) struct CommitExec {
    repo: RepoSlug,
    base: BranchName,
    yaml: String,
    stage: Stage,
    /// Whether the write was sent again after a lost answer (at most once).
    resent: bool,
}

impl CommitExec {
    pub(crate) fn new(repo: &RepoSlug, base: BranchName, yaml: String) -> Self {
        CommitExec {
            repo: repo.clone(),
            base,
            yaml,
            stage: Stage::Read,
            resent: false,
        }
    }

    pub(crate) fn start(&mut self) -> Step {
        self.stage = Stage::Read;
        read_workflow(&self.repo, &self.base)
    }

    fn write_file(&mut self, sha: Option<&str>) -> Step {
        self.stage = Stage::Write;
        let message = if sha.is_some() {
            "Replace the workflow that publishes the image to ghcr.io"
        } else {
            "Add the workflow that publishes the image to ghcr.io"
        };
        write_workflow(&self.repo, &self.base, &self.yaml, message, sha)
    }

    fn committed(&self, answer: &Success) -> Step {
        let commit = answer.parse::<Written>().ok().and_then(|w| w.commit);
        let short = commit
            .as_ref()
            .and_then(|c| c.sha.as_deref())
            .filter(|s| s.len() >= 7 && s.bytes().all(|b| b.is_ascii_hexdigit()))
            .map(|s| format!(" (commit {})", &s[..7]))
            .unwrap_or_default();
        // The address comes from GitHub's answer: only an https:// one becomes a link.
        let link = commit
            .and_then(|c| c.html_url)
            .filter(|u| u.starts_with("https://"))
            .map(|href| Link {
                href,
                text: "The commit".into(),
            });
        Step::Done {
            ok: true,
            message: format!(
                "Committed {} to `{}` in {}{short}: GitHub starts the workflow for that commit, which publishes the image. The checklist reads the repository again.",
                workflow_path(),
                self.base,
                self.repo,
            ),
            link,
        }
    }

    /// The commit was not made although its answer was lost: written once
    /// more, or given up on when it already was.
    fn write_again(&mut self, sha: Option<&str>) -> Step {
        if self.resent {
            return Step::failed(format!(
                "GitHub's answer was lost twice when asked to commit the workflow to `{}`, and it has not been done; nothing more was sent. Re-check, then try again.",
                self.base
            ));
        }
        self.resent = true;
        self.write_file(sha)
    }

    pub(crate) fn answered(&mut self, result: Result<Success, ApiError>) -> Step {
        let base = &self.base;
        match (self.stage, result) {
            (Stage::Read, Ok(s)) => match s.parse::<FileContent>() {
                Ok(file) => self.write_file(Some(&file.sha.clone())),
                Err(err) => Step::failed(refusal(&err, &format!("read the workflow file on `{base}`"), Role::Writer)),
            },
            (Stage::Read, Err(ApiError::NotFound(_))) => self.write_file(None),
            (Stage::Write, Ok(s)) => self.committed(&s),
            (Stage::Write, Err(ApiError::NotFound(_))) => Step::failed(format!(
                "GitHub answered 404 when writing {} to `{base}`: it answers so when the token lacks the `workflow` scope. Sign in again with `workflow` ticked, or use \"Propose on GitHub\" in the workflow panel.",
                workflow_path()
            )),
            (Stage::Write, Err(ApiError::Unexpected { status: 409, .. })) => Step::failed(format!(
                "GitHub refused the commit to `{base}` (409): a branch protection rule or ruleset requires changes to go through a pull request, or `{base}` moved meanwhile. Propose the workflow as a pull request instead."
            )),
            (Stage::Write, Err(ApiError::Validation(_))) => Step::failed(format!(
                "GitHub did not accept the commit to `{base}` (422): protected branches refuse direct commits when they need reviews or status checks. Propose the workflow as a pull request instead."
            )),
            (Stage::Write, Err(err)) if err.outcome_unknown() => {
                self.stage = Stage::Check;
                read_workflow(&self.repo, &self.base)
            }
            (Stage::Check, Ok(s)) => match s.parse::<FileContent>() {
                Ok(file) if file.text().is_ok_and(|t| t == self.yaml) => Step::ok(format!(
                    "Committed {} to `{base}` in {}: GitHub's answer was lost, and the file there now is the one proposed. GitHub starts the workflow for that commit, which publishes the image. The checklist reads the repository again.",
                    workflow_path(),
                    self.repo,
                )),
                Ok(file) => self.write_again(Some(&file.sha.clone())),
                Err(err) => Step::failed(refusal(&err, &format!("read the workflow file on `{base}`"), Role::Writer)),
            },
            (Stage::Check, Err(ApiError::NotFound(_))) => self.write_again(None),
            (stage, Err(err)) => Step::failed(refusal(
                &err,
                &match stage {
                    Stage::Read | Stage::Check => format!("read the workflow file on `{base}`"),
                    Stage::Write => format!("commit the workflow to `{base}`"),
                }, Role::Writer)),
        }
    }
}
