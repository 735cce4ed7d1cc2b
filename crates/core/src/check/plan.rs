//! Which facts to read next. Given what is known, [`plan`] decides for every
//! fact not yet decided: ask GitHub for it now (its prerequisites are in),
//! settle it without a request (not applicable, or known to be unreadable —
//! a missing scope, no admin rights — so no rate limit is spent on a sure
//! refusal), or wait.
//!
//! The chains are short by design: `/user`, the repository and the workflow
//! files go first and together; everything else needs only the repository
//! (owner kind, your rights) or the workflow (its file name, Dockerfile and
//! image); allowed-action lists need the permissions that say they are in
//! use, the runner policy's list of repositories needs the policy (and a
//! self-hosted job), the releases of `actions/runner` a self-hosted job, and
//! an image in another namespace needs that account's kind before its
//! package can be asked for.

use crate::api::actions::{AllowedActions, EnabledRepositories};
use crate::api::{Endpoint, OwnerKind};
use crate::names::{BranchName, RepoPath, RepoSlug, WorkflowFileName, WORKFLOWS_DIR};
use crate::token::Scope;

use super::context::{
    dockerfile_path, image_for, lacks_scope, pick_workflow, workflow_candidates, Identity,
    PackageOwner, Target, WorkflowPick,
};
use super::facts::{FactKey, Facts, Got, Slot};
use super::fix::PROPOSAL_BRANCH;
use super::runner_versions::RUNNER_REPO;
use super::verdict::Why;

/// Runner releases read in one request: about two years of them.
const RUNNER_RELEASES_PER_PAGE: u8 = 30;

/// What to do about one fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Ask GitHub now.
    Request(Endpoint),
    /// Known without asking.
    Settle(Slot),
}

/// Decisions for every fact that is not yet decided and can be now.
pub fn plan(facts: &Facts, target: &Target, identity: &Identity) -> Vec<(FactKey, Decision)> {
    let mut p = Planner {
        facts,
        target,
        identity,
        out: Vec::new(),
    };
    p.first_round();
    p.repository_facts();
    p.allow_lists();
    p.workflow_facts();
    p.runner_repos();
    p.runner_releases();
    p.package();
    p.out
}

struct Planner<'a> {
    facts: &'a Facts,
    target: &'a Target,
    identity: &'a Identity,
    out: Vec<(FactKey, Decision)>,
}

impl Planner<'_> {
    fn decide(&mut self, key: FactKey, decision: Decision) {
        if self.facts.slot(&key).is_none() && !self.out.iter().any(|(k, _)| *k == key) {
            self.out.push((key, decision));
        }
    }

    fn request(&mut self, key: FactKey, endpoint: Endpoint) {
        self.decide(key, Decision::Request(endpoint));
    }

    fn settle(&mut self, key: FactKey, slot: Slot) {
        self.decide(key, Decision::Settle(slot));
    }

    fn lacks(&self, scope: Scope) -> bool {
        lacks_scope(self.identity, self.facts.user_scopes(), &scope)
    }

    fn first_round(&mut self) {
        let repo = self.target.repo.clone();
        self.request(FactKey::User, Endpoint::User);
        self.request(FactKey::Repo, Endpoint::Repo { repo: repo.clone() });
        if let Ok(dir) = RepoPath::parse(WORKFLOWS_DIR) {
            self.request(
                FactKey::WorkflowDir,
                Endpoint::Contents {
                    repo: repo.clone(),
                    path: dir,
                    at: None,
                },
            );
        }
        let main = WorkflowFileName::docker_image();
        self.request(
            FactKey::WorkflowFile(main.clone()),
            Endpoint::Contents {
                repo,
                path: main.repo_path(),
                at: None,
            },
        );
    }

    /// Facts that need the repository's answer: your rights and its owner.
    fn repository_facts(&mut self) {
        let repo = self.target.canonical(self.facts);
        let org = repo.owner_login();
        let admin_facts = [
            (
                FactKey::RepoActions,
                Endpoint::RepoActionsPermissions { repo: repo.clone() },
            ),
            (
                FactKey::RepoWorkflowPermissions,
                Endpoint::RepoWorkflowPermissions { repo: repo.clone() },
            ),
            (
                FactKey::RepoRunners,
                Endpoint::RepoRunners { repo: repo.clone() },
            ),
        ];
        let org_admin_facts = [
            (
                FactKey::OrgActions,
                Endpoint::OrgActionsPermissions { org: org.clone() },
            ),
            (
                FactKey::OrgWorkflowPermissions,
                Endpoint::OrgWorkflowPermissions { org: org.clone() },
            ),
            (
                FactKey::OrgRunnerPolicy,
                Endpoint::OrgSelfHostedRunnerPolicy { org: org.clone() },
            ),
            (
                FactKey::OrgRunners,
                Endpoint::OrgRunners { org: org.clone() },
            ),
        ];
        let repo_got = self.facts.repo();
        let info = match repo_got {
            Got::Pending => return,
            Got::Ready(r, _) => Some((
                r.permissions.is_some_and(|p| p.admin),
                r.permissions.is_some_and(|p| p.push),
                r.owner.kind == OwnerKind::Organization,
            )),
            _ => None,
        };
        let Some((admin, push, is_org)) = info else {
            let why = repo_got
                .blocks()
                .unwrap_or_else(|| Why::Blocked("The repository".into()));
            let blocked = || Slot::Skipped(why.clone());
            for (key, _) in admin_facts.into_iter().chain(org_admin_facts) {
                self.settle(key, blocked());
            }
            for key in [
                FactKey::RepoSecrets,
                FactKey::RepoOrgSecrets,
                FactKey::Membership,
                FactKey::ProposalPulls,
            ] {
                self.settle(key, blocked());
            }
            return;
        };
        // A workflow proposed earlier, still open (read access is enough).
        if let Ok(branch) = BranchName::parse(PROPOSAL_BRANCH) {
            self.request(
                FactKey::ProposalPulls,
                Endpoint::OpenPulls {
                    repo: repo.clone(),
                    head_owner: repo.owner_login(),
                    head_branch: branch,
                },
            );
        }
        for (key, endpoint) in admin_facts {
            if admin {
                self.request(key, endpoint);
            } else {
                self.settle(key, Slot::Skipped(Why::NotRepoAdmin));
            }
        }
        let writer_facts = [
            (
                FactKey::RepoSecrets,
                Endpoint::RepoSecrets { repo: repo.clone() },
            ),
            (
                FactKey::RepoOrgSecrets,
                Endpoint::RepoOrgSecrets { repo: repo.clone() },
            ),
        ];
        for (key, endpoint) in writer_facts {
            if key == FactKey::RepoOrgSecrets && !is_org {
                self.settle(key, Slot::NotApplicable);
            } else if push {
                self.request(key, endpoint);
            } else {
                self.settle(key, Slot::Skipped(Why::NotRepoWriter));
            }
        }
        if !is_org {
            for (key, _) in org_admin_facts {
                self.settle(key, Slot::NotApplicable);
            }
            self.settle(FactKey::Membership, Slot::NotApplicable);
            return;
        }
        if self.lacks(Scope::ReadOrg) {
            self.settle(
                FactKey::Membership,
                Slot::Skipped(Why::MissingScope(Scope::ReadOrg)),
            );
        } else {
            self.request(FactKey::Membership, Endpoint::OrgMembership { org });
        }
        let no_admin_org = self.lacks(Scope::AdminOrg);
        for (key, endpoint) in org_admin_facts {
            if no_admin_org {
                self.settle(key, Slot::Skipped(Why::MissingScope(Scope::AdminOrg)));
            } else {
                self.request(key, endpoint);
            }
        }
    }

    /// The allow-lists, read only when `allowed_actions` is `selected`.
    fn allow_lists(&mut self) {
        let repo = self.target.canonical(self.facts);
        let repo_allowed = match self.facts.repo_actions() {
            Got::Pending => None,
            Got::Ready(a, _) => Some(Ok(
                a.enabled && a.allowed_actions == Some(AllowedActions::Selected)
            )),
            Got::NotApplicable => Some(Err(Slot::NotApplicable)),
            Got::Unknown(why, _) => Some(Err(Slot::Skipped(why.clone()))),
            other @ (Got::Absent(_) | Got::Failed(..)) => {
                Some(Err(Slot::Skipped(other.blocks().unwrap_or_else(|| {
                    Why::Blocked("The repository's Actions permissions".into())
                }))))
            }
        };
        match repo_allowed {
            None => {}
            Some(Ok(true)) => self.request(
                FactKey::RepoSelectedActions,
                Endpoint::RepoSelectedActions { repo: repo.clone() },
            ),
            Some(Ok(false)) => self.settle(FactKey::RepoSelectedActions, Slot::NotApplicable),
            Some(Err(slot)) => self.settle(FactKey::RepoSelectedActions, slot),
        }
        let org_allowed = match self.facts.org_actions() {
            Got::Pending => None,
            Got::Ready(a, _) => Some(Ok(a.allowed_actions == Some(AllowedActions::Selected))),
            Got::NotApplicable => Some(Err(Slot::NotApplicable)),
            Got::Unknown(why, _) => Some(Err(Slot::Skipped(why.clone()))),
            other @ (Got::Absent(_) | Got::Failed(..)) => {
                Some(Err(Slot::Skipped(other.blocks().unwrap_or_else(|| {
                    Why::Blocked("The organization's Actions policy".into())
                }))))
            }
        };
        match org_allowed {
            None => {}
            Some(Ok(true)) => self.request(
                FactKey::OrgSelectedActions,
                Endpoint::OrgSelectedActions {
                    org: repo.owner_login(),
                },
            ),
            Some(Ok(false)) => self.settle(FactKey::OrgSelectedActions, Slot::NotApplicable),
            Some(Err(slot)) => self.settle(FactKey::OrgSelectedActions, slot),
        }
    }

    /// Other workflow files (when `docker-image.yml` does not publish), then
    /// the publishing workflow's state, runs and Dockerfile.
    fn workflow_facts(&mut self) {
        let repo = self.target.canonical(self.facts);
        let main = self.facts.workflow_file(&WorkflowFileName::docker_image());
        let main_publishes = matches!(main, Got::Ready(doc, _) if doc.publishes_to_ghcr());
        if main.is_settled() && !main_publishes {
            if let Got::Ready(entries, _) = self.facts.workflow_dir() {
                for name in workflow_candidates(entries) {
                    self.request(
                        FactKey::WorkflowFile(name.clone()),
                        Endpoint::Contents {
                            repo: repo.clone(),
                            path: name.repo_path(),
                            at: None,
                        },
                    );
                }
            }
        }
        let pick = pick_workflow(self.facts);
        if matches!(pick, WorkflowPick::Pending | WorkflowPick::Unknown(_)) {
            return;
        }
        if let WorkflowPick::Found(doc) = &pick {
            let file = doc.file.clone();
            self.request(
                FactKey::WorkflowState(file.clone()),
                Endpoint::Workflow {
                    repo: repo.clone(),
                    workflow_id: file.clone(),
                },
            );
            self.request(
                FactKey::WorkflowRuns(file.clone()),
                Endpoint::WorkflowRuns {
                    repo: repo.clone(),
                    workflow_id: file,
                    per_page: 5,
                },
            );
        }
        if let Some(path) = dockerfile_path(&pick) {
            self.request(
                FactKey::Dockerfile(path.clone()),
                Endpoint::Contents {
                    repo,
                    path,
                    at: None,
                },
            );
        }
    }

    /// The repositories a `selected` self-hosted runner policy allows, read
    /// only when a publishing job runs on a self-hosted runner.
    fn runner_repos(&mut self) {
        let key = FactKey::OrgRunnerRepos;
        let selected = match self.facts.org_runner_policy() {
            Got::Pending => return,
            Got::Ready(p, _) => p.enabled_repositories == EnabledRepositories::Selected,
            Got::NotApplicable => false,
            other => {
                let why = other
                    .blocks()
                    .unwrap_or_else(|| Why::Blocked("The organization's runner policy".into()));
                self.settle(key, Slot::Skipped(why));
                return;
            }
        };
        if !selected {
            self.settle(key, Slot::NotApplicable);
            return;
        }
        let self_hosted = match pick_workflow(self.facts) {
            WorkflowPick::Pending => return,
            WorkflowPick::Found(doc) => doc
                .summary
                .as_ref()
                .is_ok_and(|s| s.publishing_jobs().any(|j| j.self_hosted())),
            WorkflowPick::None | WorkflowPick::Unknown(_) => false,
        };
        if self_hosted {
            self.request(
                key,
                Endpoint::OrgSelfHostedRunnerRepos {
                    org: self.target.canonical(self.facts).owner_login(),
                    per_page: 100,
                },
            );
        } else {
            self.settle(key, Slot::NotApplicable);
        }
    }

    /// The releases of `actions/runner` (public), read only when a
    /// publishing job runs on a self-hosted runner: GitHub's runner version
    /// policy counts from their dates.
    fn runner_releases(&mut self) {
        let self_hosted = match pick_workflow(self.facts) {
            WorkflowPick::Pending => return,
            WorkflowPick::Found(doc) => doc
                .summary
                .as_ref()
                .is_ok_and(|s| s.publishing_jobs().any(|j| j.self_hosted())),
            WorkflowPick::None | WorkflowPick::Unknown(_) => false,
        };
        match RepoSlug::parse(RUNNER_REPO) {
            Ok(repo) if self_hosted => self.request(
                FactKey::RunnerReleases,
                Endpoint::Releases {
                    repo,
                    per_page: RUNNER_RELEASES_PER_PAGE,
                },
            ),
            _ => self.settle(FactKey::RunnerReleases, Slot::NotApplicable),
        }
    }

    /// Settles the package (and the image's account, which is read only
    /// on the way to the package) without a request.
    fn skip_package(&mut self, slot: Slot) {
        self.settle(FactKey::ImageOwner, Slot::NotApplicable);
        self.settle(FactKey::Package, slot);
    }

    /// The package: under the repository's organization, your own account,
    /// or another account — which is read first, since an organization's
    /// packages live under `/orgs/` and a user's under `/users/`.
    fn package(&mut self) {
        if !self.identity.kind.packages_api_supported() {
            self.skip_package(Slot::Skipped(Why::TokenKind(self.identity.kind)));
            return;
        }
        if self.lacks(Scope::ReadPackages) {
            self.skip_package(Slot::Skipped(Why::MissingScope(Scope::ReadPackages)));
            return;
        }
        let owner_kind = match self.facts.repo() {
            Got::Pending => return,
            Got::Ready(r, _) => r.owner.kind,
            other => {
                let why = other
                    .blocks()
                    .unwrap_or_else(|| Why::Blocked("The repository".into()));
                self.settle(FactKey::ImageOwner, Slot::Skipped(why.clone()));
                self.settle(FactKey::Package, Slot::Skipped(why));
                return;
            }
        };
        let login = match self.facts.user() {
            Got::Ready(u, _) => Some(u.login.clone()),
            Got::Pending if self.identity.login.is_none() => return,
            _ => self.identity.login.clone(),
        };
        let image = if self.target.image.is_some() {
            image_for(self.target, None)
        } else {
            match pick_workflow(self.facts) {
                WorkflowPick::Pending => return,
                WorkflowPick::Found(doc) => image_for(self.target, doc.summary.as_ref().ok()),
                _ => image_for(self.target, None),
            }
        };
        let owner = image.as_ref().and_then(|i| {
            PackageOwner::of(i, &self.target.repo, owner_kind, login.as_deref())
                .map(|o| (o, i.package_name()))
        });
        let Some((owner, package_name)) = owner else {
            self.skip_package(Slot::Skipped(Why::Blocked("The image name".into())));
            return;
        };
        let owner = match owner.other_account().cloned() {
            None => {
                self.settle(FactKey::ImageOwner, Slot::NotApplicable);
                owner
            }
            Some(username) => match self.facts.image_owner() {
                Got::Ready(account, _) => owner.resolved(account),
                Got::Pending => {
                    self.request(FactKey::ImageOwner, Endpoint::Account { username });
                    return;
                }
                other => {
                    let why = other
                        .blocks()
                        .unwrap_or_else(|| Why::Blocked("The account the image belongs to".into()));
                    self.settle(FactKey::Package, Slot::Skipped(why));
                    return;
                }
            },
        };
        let endpoint = match owner {
            PackageOwner::Org(org) | PackageOwner::OtherOrg(org) => {
                Endpoint::OrgPackage { org, package_name }
            }
            PackageOwner::Own(_) => Endpoint::OwnPackage { package_name },
            PackageOwner::OtherUser(username) => Endpoint::PublicUserPackage {
                username,
                package_name,
            },
        };
        self.request(FactKey::Package, endpoint);
    }
}
