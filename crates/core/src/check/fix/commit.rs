//! Committing the workflow straight to the default branch: the quick path
//! for a repository without branch protection, beside the reviewed pull
//! request. The file is read first, so an existing one is replaced with its
//! blob SHA (GitHub refuses a blind overwrite); a protected branch, a
//! ruleset or a missing `workflow` scope each get their own explanation,
//! pointing to the pull request.

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
    ReadFile,
    WriteFile,
}

/// The direct commit.
#[derive(Debug)]
pub(crate) struct CommitExec {
    repo: RepoSlug,
    base: BranchName,
    yaml: String,
    stage: Stage,
}

impl CommitExec {
    pub(crate) fn new(repo: &RepoSlug, base: BranchName, yaml: String) -> Self {
        CommitExec {
            repo: repo.clone(),
            base,
            yaml,
            stage: Stage::ReadFile,
        }
    }

    pub(crate) fn start(&mut self) -> Step {
        self.stage = Stage::ReadFile;
        read_workflow(&self.repo, &self.base)
    }

    fn write_file(&mut self, sha: Option<&str>) -> Step {
        self.stage = Stage::WriteFile;
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
                "Committed {} to `{}`{short}: GitHub starts the workflow for that commit, which publishes the image. The checklist reads the repository again.",
                workflow_path(),
                self.base,
            ),
            link,
        }
    }

    pub(crate) fn answered(&mut self, result: Result<Success, ApiError>) -> Step {
        let base = &self.base;
        match (self.stage, result) {
            (Stage::ReadFile, Ok(s)) => match s.parse::<FileContent>() {
                Ok(file) => self.write_file(Some(&file.sha.clone())),
                Err(err) => Step::failed(refusal(&err, &format!("read the workflow file on `{base}`"), Role::Writer)),
            },
            (Stage::ReadFile, Err(ApiError::NotFound(_))) => self.write_file(None),
            (Stage::WriteFile, Ok(s)) => self.committed(&s),
            (Stage::WriteFile, Err(ApiError::NotFound(_))) => Step::failed(format!(
                "GitHub answered 404 when writing {} to `{base}`: it answers so when the token lacks the `workflow` scope. Sign in again with `workflow` ticked, or use \"Propose on GitHub\" in the workflow panel.",
                workflow_path()
            )),
            (Stage::WriteFile, Err(ApiError::Unexpected { status: 409, .. })) => Step::failed(format!(
                "GitHub refused the commit to `{base}` (409): a branch protection rule or ruleset requires changes to go through a pull request, or `{base}` moved meanwhile. Propose the workflow as a pull request instead."
            )),
            (Stage::WriteFile, Err(ApiError::Validation(_))) => Step::failed(format!(
                "GitHub did not accept the commit to `{base}` (422): protected branches refuse direct commits when they need reviews or status checks. Propose the workflow as a pull request instead."
            )),
            (stage, Err(err)) => Step::failed(refusal(
                &err,
                &match stage {
                    Stage::ReadFile => format!("read the workflow file on `{base}`"),
                    Stage::WriteFile => format!("commit the workflow to `{base}`"),
                }, Role::Writer)),
        }
    }
}
