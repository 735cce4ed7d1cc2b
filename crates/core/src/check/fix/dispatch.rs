//! From a confirmed offer to the step machine that makes the change: which
//! [`Exec`] a [`FixKind`] becomes, built from the facts the run has read
//! (the current allow-lists, the organization's policy, the default branch)
//! and what the person gave ([`FixInput`]).

use super::{offers, CommitExec, Exec, FixInput, FixKind, ProposeExec, SecretExec, SettingsExec};
use crate::actions::Pins;
use crate::check::checks::Cx;
use crate::check::context::{Identity, Target};
use crate::check::facts::{Facts, Got};
use crate::names::BranchName;

/// What a fix is built from: the run's target, caller, facts and pins, and
/// the time its verdicts are judged at.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Basis<'a> {
    pub(crate) target: &'a Target,
    pub(crate) identity: &'a Identity,
    pub(crate) facts: &'a Facts,
    pub(crate) pins: &'a Pins,
    /// When the checklist the pull request describes was judged.
    pub(crate) judged_ms: u64,
}

impl Basis<'_> {
    /// The step machine for `kind`, or why it cannot start.
    pub(crate) fn exec_for(&self, kind: &FixKind, input: FixInput) -> Result<Exec, String> {
        // After a rename or a transfer, the name GitHub answers with.
        let repo = &self.target.canonical(self.facts);
        let owner = repo.owner();
        Ok(match kind {
            FixKind::DefaultPermissions(p) => {
                Exec::Settings(SettingsExec::default_permissions(repo, *p, owner))
            }
            FixKind::EnableActions => Exec::Settings(SettingsExec::enable_actions(repo)),
            FixKind::AllowActions {
                org: false,
                patterns,
                to_selected,
            } => {
                let current = match self.facts.repo_selected_actions() {
                    Got::Ready(l, _) => Some(l),
                    _ => None,
                };
                Exec::Settings(SettingsExec::allow_for_repo(
                    repo,
                    current,
                    patterns,
                    *to_selected,
                ))
            }
            FixKind::AllowActions {
                org: true,
                patterns,
                to_selected,
            } => {
                let enabled = match self.facts.org_actions() {
                    Got::Ready(o, _) => o.enabled_repositories,
                    _ => return Err("The organization's Actions policy has not been read.".into()),
                };
                let current = match self.facts.org_selected_actions() {
                    Got::Ready(l, _) => Some(l),
                    _ => None,
                };
                Exec::Settings(SettingsExec::allow_for_org(
                    &repo.owner_login(),
                    enabled,
                    current,
                    patterns,
                    *to_selected,
                ))
            }
            FixKind::FallbackSecret(name) => {
                let cx = Cx::new(self.facts, self.target, self.identity, self.judged_ms);
                if offers::secret_name(&cx).as_ref() != Some(name) {
                    return Err(format!(
                        "The workflow does not log in with `{name}`, so it is not stored; re-check, then use the fix the row offers."
                    ));
                }
                if let Some(tick) = offers::secret_replaces(&cx, name) {
                    if !input.replace_existing {
                        return Err(format!(
                            "`{name}` is already set for {repo}: tick \"{tick}\" to replace it, or leave it as it is."
                        ));
                    }
                }
                let (Some(value), Some(entropy)) = (input.secret, input.entropy) else {
                    return Err("Verify the token first.".into());
                };
                Exec::Secret(SecretExec::new(repo, name.clone(), value, entropy))
            }
            FixKind::ProposeWorkflow => {
                let (yaml, body) = self.proposal()?;
                let base = self.default_branch()?;
                Exec::Propose(
                    ProposeExec::new(repo, base, yaml, body)
                        .ok_or("The proposal branch name is invalid.")?,
                )
            }
            FixKind::CommitWorkflow => {
                let (yaml, _) = self.proposal()?;
                Exec::Commit(CommitExec::new(repo, self.default_branch()?, yaml))
            }
        })
    }

    /// The workflow to propose and the pull request's description.
    pub(crate) fn proposal(&self) -> Result<(String, String), String> {
        super::description::proposal(self)
    }

    /// The repository's default branch, once it is read.
    fn default_branch(&self) -> Result<BranchName, String> {
        match self.facts.repo() {
            Got::Ready(r, _) => BranchName::parse(&r.default_branch).map_err(|e| e.to_string()),
            _ => Err("The repository has not been read.".into()),
        }
    }
}
