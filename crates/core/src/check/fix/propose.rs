//! Proposing the workflow as a pull request: an open pull request from the
//! proposal branch is linked, never duplicated; otherwise the branch is
//! created from the default branch, the file is written (with its blob SHA
//! when it exists there) and the pull request opened. Without the
//! `workflow` scope GitHub answers 404, which is explained as such.
//!
//! A branch of that name that exists already is reused only when every
//! commit it holds beyond the default branch is one this fix makes (its
//! message, and only the workflow file changed), as GitHub's comparison of
//! the two shows; otherwise it is left alone and `-2` … `-5` are tried.
//!
//! Each of the three writes creates something, so none is sent twice
//! blindly: when its answer is lost (a timeout, a dropped connection, a
//! 5xx), the fix reads what GitHub holds — the branch, the file on it, the
//! open pull requests from it — and sends the write again only if it was
//! not made, once. Never two pull requests.

use serde::Serialize;

use super::contents::{read_workflow, workflow_path, write_workflow};
use super::{refusal, Role, Step, PROPOSAL_BRANCH};
use crate::api::contents::FileContent;
use crate::api::git::{Comparison, GitRefInfo, PullRequest};
use crate::api::{ApiError, BaseHead, Endpoint, GitRef};
use crate::check::verdict::Link;
use crate::engine::Success;
use crate::names::{BranchName, RepoSlug};

/// The message of the commit the proposal makes: how its commits are told
/// from anyone else's.
const COMMIT_MESSAGE: &str = "Add the workflow that publishes the image to ghcr.io";

/// The last suffix tried after `PROPOSAL_BRANCH` (`-2` … `-5`).
const LAST_SUFFIX: u8 = 5;

#[derive(Serialize)]
struct RefBody<'a> {
    #[serde(rename = "ref")]
    name: String,
    sha: &'a str,
}

#[derive(Serialize)]
struct PullBody<'a> {
    title: &'a str,
    head: &'a str,
    base: &'a str,
    body: &'a str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    ListOpen,
    BaseHead,
    CreateBranch,
    ReadFile,
    WriteFile,
    OpenPull,
    FindOpened,
    /// After a lost answer: is the branch there?
    CheckBranch,
    /// After a lost answer: is the file on the branch the one written?
    CheckFile,
    /// After a lost answer: is the pull request open?
    CheckPull,
    /// The branch exists: does it hold only this fix's commits?
    Compare,
    /// A `-2` … `-5` branch of this fix's: is a pull request open from it?
    ListOpenOnBranch,
}

/// The pull-request proposal.
#[derive(Debug)]
pub(crate) struct ProposeExec {
    repo: RepoSlug,
    base: BranchName,
    branch: BranchName,
    yaml: String,
    title: String,
    body: String,
    stage: Stage,
    /// The writes sent again after a lost answer (each at most once).
    resent: Vec<Stage>,
    /// The default branch's head, which the branch is created at.
    base_sha: Option<String>,
    /// Which branch is tried: 1 is `PROPOSAL_BRANCH`, then `-2` … `-5`.
    suffix: u8,
}

impl ProposeExec {
    pub(crate) fn new(
        repo: &RepoSlug,
        base: BranchName,
        yaml: String,
        body: String,
    ) -> Option<Self> {
        Some(ProposeExec {
            repo: repo.clone(),
            base,
            branch: BranchName::parse(PROPOSAL_BRANCH).ok()?,
            yaml,
            title: "Publish the Docker image to ghcr.io".into(),
            body,
            stage: Stage::ListOpen,
            resent: Vec::new(),
            base_sha: None,
            suffix: 1,
        })
    }

    fn open_pulls(&self) -> Endpoint {
        Endpoint::OpenPulls {
            repo: self.repo.clone(),
            head_owner: self.repo.owner_login(),
            head_branch: self.branch.clone(),
        }
    }

    pub(crate) fn start(&mut self) -> Step {
        self.stage = Stage::ListOpen;
        Step::Send(self.open_pulls(), None)
    }

    fn create_branch(&mut self, sha: &str) -> Step {
        self.stage = Stage::CreateBranch;
        let body = RefBody {
            name: format!("refs/heads/{}", self.branch),
            sha,
        };
        Step::Send(
            Endpoint::PostRef {
                repo: self.repo.clone(),
            },
            serde_json::to_string(&body).ok(),
        )
    }

    /// Asks GitHub what the existing branch holds beyond the default one.
    fn compare(&mut self) -> Step {
        self.stage = Stage::Compare;
        Step::Send(
            Endpoint::Compare {
                repo: self.repo.clone(),
                basehead: BaseHead {
                    base: self.base.clone(),
                    head: self.branch.clone(),
                },
            },
            None,
        )
    }

    /// Whether every commit the branch holds beyond the default branch is
    /// one this fix makes: its message, and the workflow file alone changed.
    fn only_ours(cmp: &Comparison) -> bool {
        let workflow = workflow_path().to_string();
        cmp.commits.len() as u64 == cmp.ahead_by
            && cmp
                .commits
                .iter()
                .all(|c| c.commit.message.lines().next() == Some(COMMIT_MESSAGE))
            && cmp.files.iter().all(|f| f.filename == workflow)
    }

    /// The branch holds commits this fix did not make: the next name is
    /// tried, or none is left.
    fn next_branch(&mut self) -> Step {
        if self.suffix >= LAST_SUFFIX {
            return Step::failed(format!(
                "The branches `{PROPOSAL_BRANCH}` and `{PROPOSAL_BRANCH}-2` to `{PROPOSAL_BRANCH}-{LAST_SUFFIX}` all hold commits this tool did not make, so none of them was reused and nothing was written. Delete the ones no longer needed, then propose again."
            ));
        }
        self.suffix += 1;
        let Ok(branch) = BranchName::parse(&format!("{PROPOSAL_BRANCH}-{}", self.suffix)) else {
            return Step::failed("The proposal branch name is invalid.");
        };
        self.branch = branch;
        self.resent.clear();
        let sha = self.base_sha.clone().unwrap_or_default();
        self.create_branch(&sha)
    }

    fn open_pull(&mut self) -> Step {
        self.stage = Stage::OpenPull;
        let body = PullBody {
            title: &self.title,
            head: self.branch.as_str(),
            base: self.base.as_str(),
            body: &self.body,
        };
        Step::Send(
            Endpoint::PostPull {
                repo: self.repo.clone(),
            },
            serde_json::to_string(&body).ok(),
        )
    }

    /// After the answer to the write of `stage` was lost: `check` reads
    /// what GitHub holds.
    fn lost(&mut self, check: Stage) -> Step {
        self.stage = check;
        match check {
            Stage::CheckBranch => Step::Send(
                Endpoint::GitRefHead {
                    repo: self.repo.clone(),
                    git_ref: GitRef::Branch(self.branch.clone()),
                },
                None,
            ),
            Stage::CheckFile => read_workflow(&self.repo, &self.branch),
            _ => Step::Send(self.open_pulls(), None),
        }
    }

    /// The write of `stage` was not made: sent once more, or given up on
    /// when it already was.
    fn resend(&mut self, stage: Stage, what: &str, send: impl FnOnce(&mut Self) -> Step) -> Step {
        if self.resent.contains(&stage) {
            return Step::failed(format!(
                "GitHub's answer was lost twice when asked to {what}, and it has not been done; nothing more was sent. Re-check, then try again."
            ));
        }
        self.resent.push(stage);
        send(self)
    }

    fn write_file(&mut self, sha: Option<&str>) -> Step {
        self.stage = Stage::WriteFile;
        write_workflow(&self.repo, &self.branch, &self.yaml, COMMIT_MESSAGE, sha)
    }

    fn linked(&self, pull: &PullRequest, already: bool) -> Step {
        let mut message = if already {
            format!(
                "A pull request from `{}` is already open in {} (#{}); it was not opened twice.",
                self.branch, self.repo, pull.number
            )
        } else {
            format!("Opened pull request #{} in {} with the workflow. Nothing changes on the default branch until it is merged; then re-check.", pull.number, self.repo)
        };
        if self.suffix > 1 {
            message.push_str(&format!(
                " `{PROPOSAL_BRANCH}` holds commits this tool did not make, so it was left alone and the proposal is on `{}`.",
                self.branch
            ));
        }
        Step::Done {
            ok: true,
            message,
            link: Some(Link {
                href: pull.html_url.clone(),
                text: format!("Pull request #{}", pull.number),
            }),
        }
    }

    pub(crate) fn answered(&mut self, result: Result<Success, ApiError>) -> Step {
        match (self.stage, result) {
            (Stage::ListOpen, Ok(s)) => match s.parse::<Vec<PullRequest>>() {
                Ok(open) if !open.is_empty() => self.linked(&open[0], true),
                Ok(_) => {
                    self.stage = Stage::BaseHead;
                    Step::Send(
                        Endpoint::GitRefHead {
                            repo: self.repo.clone(),
                            git_ref: GitRef::Branch(self.base.clone()),
                        },
                        None,
                    )
                }
                Err(err) => Step::failed(refusal(&err, "list open pull requests", Role::Writer)),
            },
            (Stage::BaseHead, Ok(s)) => match s.parse::<GitRefInfo>() {
                Ok(head) => {
                    self.base_sha = Some(head.object.sha.clone());
                    self.create_branch(&head.object.sha)
                }
                Err(err) => Step::failed(refusal(&err, &format!("read the head of `{}`", self.base), Role::Writer)),
            },
            (Stage::CreateBranch, Ok(_)) => {
                self.stage = Stage::ReadFile;
                self.read_file()
            }
            // The branch exists: reused only if it holds nothing but this fix's commits.
            (Stage::CreateBranch, Err(ApiError::Validation(_))) => self.compare(),
            (Stage::Compare, Ok(s)) => match s.parse::<Comparison>() {
                // `PROPOSAL_BRANCH` was looked at first; another of this
                // fix's branches may have its pull request open already.
                Ok(cmp) if Self::only_ours(&cmp) && self.suffix > 1 => {
                    self.stage = Stage::ListOpenOnBranch;
                    Step::Send(self.open_pulls(), None)
                }
                Ok(cmp) if Self::only_ours(&cmp) => self.read_file(),
                Ok(_) => self.next_branch(),
                Err(err) => Step::failed(refusal(&err, &format!("compare `{}` with `{}`", self.branch, self.base), Role::Writer)),
            },
            (Stage::ListOpenOnBranch, Ok(s)) => match s.parse::<Vec<PullRequest>>() {
                Ok(open) if !open.is_empty() => self.linked(&open[0], true),
                Ok(_) => self.read_file(),
                Err(err) => Step::failed(refusal(&err, "list open pull requests", Role::Writer)),
            },
            // No history in common with the default branch: not this fix's.
            (Stage::Compare, Err(ApiError::NotFound(_))) => self.next_branch(),
            (Stage::ReadFile, Ok(s)) => match s.parse::<FileContent>() {
                Ok(file) => self.write_file(Some(&file.sha.clone())),
                Err(err) => Step::failed(refusal(&err, "read the workflow file on the branch", Role::Writer)),
            },
            (Stage::ReadFile, Err(ApiError::NotFound(_))) => self.write_file(None),
            (Stage::WriteFile, Ok(_)) => self.open_pull(),
            (Stage::WriteFile, Err(ApiError::NotFound(_))) => Step::failed(
                "GitHub answered 404 when writing .github/workflows/docker-image.yml: it answers so when the token lacks the `workflow` scope. Sign in again with `workflow` ticked, or use \"Propose on GitHub\" in the workflow panel.",
            ),
            (Stage::OpenPull, Ok(s)) => match s.parse::<PullRequest>() {
                Ok(pull) => self.linked(&pull, false),
                Err(err) => Step::failed(refusal(&err, "open the pull request", Role::Writer)),
            },
            (Stage::OpenPull, Err(ApiError::Validation(_))) => {
                self.stage = Stage::FindOpened;
                Step::Send(self.open_pulls(), None)
            }
            (Stage::FindOpened, Ok(s)) => match s.parse::<Vec<PullRequest>>() {
                Ok(open) if !open.is_empty() => self.linked(&open[0], true),
                _ => Step::failed("GitHub refused to open the pull request (422) and none is open from the branch; open it on GitHub from the branch."),
            },
            // Answers lost: read what GitHub holds before anything is sent again.
            (Stage::CreateBranch, Err(err)) if err.outcome_unknown() => self.lost(Stage::CheckBranch),
            (Stage::WriteFile, Err(err)) if err.outcome_unknown() => self.lost(Stage::CheckFile),
            (Stage::OpenPull, Err(err)) if err.outcome_unknown() => self.lost(Stage::CheckPull),
            // There: made by the lost request (at the default branch's
            // head), or there before it and to be compared.
            (Stage::CheckBranch, Ok(s)) => match s.parse::<GitRefInfo>() {
                Ok(r) if Some(&r.object.sha) == self.base_sha.as_ref() => self.read_file(),
                Ok(_) => self.compare(),
                Err(err) => Step::failed(refusal(&err, "read the branch", Role::Writer)),
            },
            (Stage::CheckBranch, Err(ApiError::NotFound(_))) => {
                let sha = self.base_sha.clone().unwrap_or_default();
                self.resend(Stage::CreateBranch, "create the branch", |me| me.create_branch(&sha))
            }
            (Stage::CheckFile, Ok(s)) => match s.parse::<FileContent>() {
                Ok(file) if file.text().is_ok_and(|t| t == self.yaml) => self.open_pull(),
                Ok(file) => self.resend(Stage::WriteFile, "write the workflow file", |me| me.write_file(Some(&file.sha))),
                Err(err) => Step::failed(refusal(&err, "read the workflow file on the branch", Role::Writer)),
            },
            (Stage::CheckFile, Err(ApiError::NotFound(_))) => {
                self.resend(Stage::WriteFile, "write the workflow file", |me| me.write_file(None))
            }
            (Stage::CheckPull, Ok(s)) => match s.parse::<Vec<PullRequest>>() {
                Ok(open) if !open.is_empty() => self.linked(&open[0], false),
                Ok(_) => self.resend(Stage::OpenPull, "open the pull request", Self::open_pull),
                Err(err) => Step::failed(refusal(&err, "list open pull requests", Role::Writer)),
            },
            (stage, Err(err)) => Step::failed(refusal(&err, match stage {
                Stage::ListOpen | Stage::ListOpenOnBranch | Stage::FindOpened | Stage::CheckPull => {
                    "list open pull requests"
                }
                Stage::BaseHead => "read the default branch",
                Stage::CheckBranch => "read the branch",
                Stage::CheckFile => "read the workflow file on the branch",
                Stage::Compare => "compare the branch with the default branch",
                Stage::CreateBranch => "create the branch",
                Stage::ReadFile => "read the workflow file on the branch",
                Stage::WriteFile => "write the workflow file",
                Stage::OpenPull => "open the pull request",
            }, Role::Writer)),
        }
    }

    fn read_file(&mut self) -> Step {
        self.stage = Stage::ReadFile;
        read_workflow(&self.repo, &self.branch)
    }
}
