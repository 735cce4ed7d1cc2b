//! The checks: one unit struct per file, each implementing [`Check`], all
//! listed in order in the registry [`CHECKS`]. This module holds what every
//! check shares: its [`Meta`] (id, group, title, why it matters, the error
//! people see when it fails, the facts it reads), the context [`Cx`] it
//! reads facts through, and [`evaluate_all`].
//!
//! Adding a check:
//! 1. Create `check/checks/<name>.rs`, opening with a `//!` comment that says
//!    what it checks and which failure it names.
//! 2. Declare `pub struct MyCheck;`, a `const META: Meta` and implement
//!    [`Check`]: `evaluate` reads facts through [`Cx`] (`?` on a fact that is
//!    still pending or unreadable ends the check as pending or unknown) and
//!    returns a [`Verdict`] with evidence and, when something is wrong, a fix.
//! 3. Add `mod <name>;` below and `&<name>::MyCheck` to [`CHECKS`] in its group.
//! 4. Add the id to `COVERED` in `crates/core/tests/checks.rs`, and a test in
//!    `crates/core/tests/checks_<group id>.rs` with one scenario per outcome
//!    (`support::checklist::Fixture` changes one fact of a ready repository;
//!    `scenarios` checks each status). Write its snapshot with
//!    `INSTA_UPDATE=always cargo test -p ghcr-setup-core --test all -- checks_<group id>::`
//!    and read it: every sentence true, calm and naming the next step.

mod actions_enabled;
mod allowed_actions;
mod dockerfile;
mod execution_protections;
mod fallback_secret;
mod fallback_secret_kind;
mod identity;
mod image_name;
mod latest_run;
mod org_access;
mod org_role;
mod package;
mod package_access;
mod package_visibility;
mod pull_requests;
mod repo_access;
mod runner_policy;
mod runners;
mod sha_pinning;
mod token_scopes;
mod workflow_file;
mod workflow_findings;
mod workflow_permissions;

use crate::analyze::WorkflowSummary;
use crate::api::{OwnerKind, Repo};
use crate::names::ImageName;

use super::context::{image_for, pick_workflow, Identity, PackageOwner, Target, WorkflowPick};
use super::facts::{FactKind, Facts, Stop};
use super::verdict::{Group, Status, Verdict, Why};

/// What a check is, independent of any repository.
#[derive(Debug)]
pub struct Meta {
    /// Kebab-case id, stable across versions (share links use it).
    pub id: &'static str,
    pub group: Group,
    /// The row's title.
    pub title: &'static str,
    /// One sentence: why this matters for publishing to ghcr.io.
    pub why: &'static str,
    /// The error people see in their run when this fails, if there is one.
    pub symptom: Option<&'static str>,
    /// The facts it reads.
    pub needs: &'static [FactKind],
}

/// One check (see the module docs).
pub trait Check: Sync {
    /// The check's description.
    fn meta(&self) -> &'static Meta;
    /// Judges the facts; `Err` when it cannot yet (pending) or cannot at all (unknown).
    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop>;
}

/// The registry: every check, in display order within its group.
pub const CHECKS: &[&dyn Check] = &[
    &identity::Identity,
    &token_scopes::TokenScopes,
    &repo_access::RepoAccess,
    &org_role::OrgRole,
    &org_access::OrgAccess,
    &actions_enabled::ActionsEnabled,
    &allowed_actions::AllowedActions,
    &sha_pinning::ShaPinning,
    &workflow_permissions::WorkflowPermissions,
    &package::PackageCheck,
    &package_access::PackageAccess,
    &package_visibility::PackageVisibility,
    &image_name::ImageNameCheck,
    &runners::Runners,
    &runner_policy::RunnerPolicy,
    &fallback_secret::FallbackSecret,
    &fallback_secret_kind::FallbackSecretKind,
    &workflow_file::WorkflowFile,
    &workflow_findings::WorkflowFindings,
    &pull_requests::PullRequests,
    &execution_protections::ExecutionProtections,
    &dockerfile::Dockerfile,
    &latest_run::LatestRun,
];

/// What a check reads: the facts, the target, who asks, and now.
pub struct Cx<'a> {
    pub facts: &'a Facts,
    pub target: &'a Target,
    pub identity: &'a Identity,
    pub now_ms: u64,
    pick: WorkflowPick<'a>,
}

impl<'a> Cx<'a> {
    /// A context over `facts`.
    pub fn new(facts: &'a Facts, target: &'a Target, identity: &'a Identity, now_ms: u64) -> Self {
        Cx {
            facts,
            target,
            identity,
            now_ms,
            pick: pick_workflow(facts),
        }
    }

    /// The publishing workflow, as far as it is known.
    pub fn workflow(&self) -> &WorkflowPick<'a> {
        &self.pick
    }

    /// The publishing workflow's summary: `None` when there is no workflow
    /// (or it is not valid YAML); stops while pending or unreadable, and as
    /// unknown when the workflow is too large to analyze.
    pub fn summary(&self) -> Result<Option<&'a WorkflowSummary>, Stop> {
        match &self.pick {
            WorkflowPick::Pending => Err(Stop::Pending),
            WorkflowPick::Unknown(why) => Err(Stop::Unknown(why.clone())),
            WorkflowPick::None => Ok(None),
            WorkflowPick::Found(doc) => match doc.too_large() {
                Some(why) => Err(Stop::Unknown(why)),
                None => Ok(doc.summary.as_ref().ok()),
            },
        }
    }

    /// The repository answer.
    pub fn repo(&self) -> Result<&'a Repo, Stop> {
        self.facts.repo().need().map(|(r, _)| r)
    }

    /// Whether an organization owns the repository.
    pub fn is_org(&self) -> Result<bool, Stop> {
        Ok(self.repo()?.owner.kind == OwnerKind::Organization)
    }

    /// The owner as GitHub spells it.
    pub fn owner(&self) -> &'a str {
        match self.facts.repo() {
            super::facts::Got::Ready(r, _) => r.owner.login.as_str(),
            _ => self.target.repo.owner(),
        }
    }

    /// `owner/name` as GitHub spells it (as typed until the repository is read).
    pub fn full_name(&self) -> &'a str {
        match self.facts.repo() {
            super::facts::Got::Ready(r, _) => r.full_name.as_str(),
            _ => self.target.repo.as_str(),
        }
    }

    /// The image the checks look for (see [`image_for`]).
    pub fn image(&self) -> Option<ImageName> {
        let summary = match &self.pick {
            WorkflowPick::Found(doc) => doc.summary.as_ref().ok(),
            _ => None,
        };
        image_for(self.target, summary)
    }

    /// Why the image the checks look for is not known: none was named and
    /// the workflow could not be read, so the repository's name is a guess.
    pub fn image_unknown(&self) -> Option<Why> {
        match &self.pick {
            WorkflowPick::Unknown(why) if self.target.image.is_none() => {
                Some(why.clone().naming_org(self.owner()))
            }
            _ => None,
        }
    }

    /// Where `image`'s package lives (another account's kind as read), once
    /// the repository is read.
    pub fn package_owner(&self, image: &ImageName) -> Option<PackageOwner> {
        let repo = self.repo().ok()?;
        let login = match self.facts.user() {
            super::facts::Got::Ready(u, _) => Some(u.login.as_str()),
            _ => self.identity.login.as_deref(),
        };
        let owner = PackageOwner::of(image, &self.target.repo, repo.owner.kind, login)?;
        Some(match self.facts.image_owner() {
            super::facts::Got::Ready(account, _) => owner.resolved(account),
            _ => owner,
        })
    }

    /// Where GitHub refused this token because the organization restricts
    /// OAuth Apps and has not approved this one (the request's source), if
    /// any answer said so.
    pub fn oauth_restricted(&self) -> Option<String> {
        self.facts.errors().find_map(|(_, err, source)| {
            matches!(err, crate::api::ApiError::OAuthAppRestricted { .. })
                .then(|| source.to_string())
        })
    }

    /// `https://github.com/OWNER/REPO` + `path`.
    pub fn repo_url(&self, path: &str) -> String {
        format!("https://github.com/{}{path}", self.target.repo)
    }

    /// `https://github.com/organizations/OWNER/settings` + `path`.
    pub fn org_settings_url(&self, path: &str) -> String {
        format!(
            "https://github.com/organizations/{}/settings{path}",
            self.owner()
        )
    }
}

/// One row of the checklist.
#[derive(Debug, Clone)]
pub struct Item {
    pub meta: &'static Meta,
    pub verdict: Verdict,
    /// The facts a pending item still waits for.
    pub waiting_for: Vec<FactKind>,
}

impl PartialEq for Item {
    /// Two rows are the same when they are the same check with the same verdict.
    fn eq(&self, other: &Self) -> bool {
        self.meta.id == other.meta.id
            && self.verdict == other.verdict
            && self.waiting_for == other.waiting_for
    }
}

impl Eq for Item {}

/// Runs one check, turning an early stop into a pending or unknown verdict.
pub fn evaluate(check: &dyn Check, cx: &Cx) -> Verdict {
    match check.evaluate(cx) {
        Ok(v) => v,
        Err(Stop::Pending) => Verdict::pending(),
        Err(Stop::Unknown(why)) => Verdict::unknown(why.naming_org(cx.owner())),
        Err(Stop::NotApplicable) => Verdict::not_applicable("Does not apply to this repository."),
    }
}

/// Every check's verdict over `facts`.
pub fn evaluate_all(facts: &Facts, target: &Target, identity: &Identity, now_ms: u64) -> Vec<Item> {
    evaluate_in(&Cx::new(facts, target, identity, now_ms))
}

/// Every check's verdict in `cx`, in the registry's order.
pub fn evaluate_in(cx: &Cx) -> Vec<Item> {
    let facts = cx.facts;
    CHECKS
        .iter()
        .map(|check| {
            let verdict = evaluate(*check, cx);
            let waiting_for = if verdict.status == Status::Pending {
                check
                    .meta()
                    .needs
                    .iter()
                    .copied()
                    .filter(|k| facts.kind_pending(*k))
                    .collect()
            } else {
                Vec::new()
            };
            Item {
                meta: check.meta(),
                verdict,
                waiting_for,
            }
        })
        .collect()
}

/// Whether `err` means GitHub refused this token (no access, not found,
/// not authorized) rather than failing to answer (a server error, the
/// network, a rate limit, an unreadable answer).
pub(crate) fn refuses_access(err: &crate::api::ApiError) -> bool {
    use crate::api::ApiError;
    matches!(
        err,
        ApiError::BadCredentials(_)
            | ApiError::MissingScopes { .. }
            | ApiError::SsoRequired { .. }
            | ApiError::OAuthAppRestricted { .. }
            | ApiError::Forbidden(_)
            | ApiError::NotFound(_)
    )
}

/// `all repositories`, `no repositories`, `selected repositories`.
pub(crate) fn repositories(which: crate::api::actions::EnabledRepositories) -> String {
    use crate::api::actions::EnabledRepositories;
    match which {
        EnabledRepositories::None => "no repositories".into(),
        other => format!("{} repositories", other.as_str()),
    }
}

/// The newest of `runs` that says whether publishing works: completed, not
/// cancelled or skipped, not for a pull request, and on the default branch
/// when it is known (pushes there are what publish).
pub(crate) fn last_publishing_run<'r>(
    runs: &'r crate::api::actions::WorkflowRunList,
    default_branch: Option<&str>,
) -> Option<&'r crate::api::actions::WorkflowRun> {
    runs.workflow_runs.iter().find(|r| {
        r.status.as_deref() == Some("completed")
            && !matches!(
                r.conclusion.as_deref(),
                Some("cancelled" | "skipped") | None
            )
            && !matches!(
                r.event.as_deref(),
                Some("pull_request" | "pull_request_target")
            )
            && match (default_branch, r.head_branch.as_deref()) {
                (Some(default), Some(branch)) => branch == default,
                _ => true,
            }
    })
}

/// An unknown verdict that says what was found (`found`, a sentence) and
/// why it cannot be judged.
pub(crate) fn unknown_because(found: String, why: Why) -> Verdict {
    Verdict {
        summary: format!("{found} {}", why.describe()),
        unknown: Some(why),
        ..Verdict::new(Status::Unknown, "")
    }
}

/// `n thing` / `n things`.
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `a`, `a and b`, `a, b and c`.
pub(crate) fn and_list<S: AsRef<str>>(items: &[S]) -> String {
    match items {
        [] => String::new(),
        [one] => one.as_ref().to_string(),
        [rest @ .., last] => format!(
            "{} and {}",
            rest.iter()
                .map(|s| s.as_ref())
                .collect::<Vec<_>>()
                .join(", "),
            last.as_ref()
        ),
    }
}

/// The actions the publishing workflow uses, or — without one — those the
/// generated workflow would use.
pub(crate) fn used_actions(
    summary: Option<&WorkflowSummary>,
) -> (Vec<super::policy::UsedAction>, bool) {
    use super::policy::UsedAction;
    match summary {
        Some(s) => (
            s.actions
                .iter()
                .map(|a| UsedAction {
                    uses: a.uses.clone(),
                    line: Some(a.line),
                })
                .collect(),
            true,
        ),
        None => {
            use crate::actions::{Action, Pins};
            let pins = Pins::builtin();
            let generated = [
                Action::Checkout,
                Action::SetupBuildx,
                Action::Login,
                Action::Metadata,
                Action::BuildPush,
            ];
            (
                generated
                    .into_iter()
                    .filter_map(|a| {
                        let text = format!("{}/{}@{}", a.owner(), a.repo(), pins.get(a).sha());
                        Some(UsedAction {
                            uses: crate::names::UsesRef::parse(&text).ok()?,
                            line: None,
                        })
                    })
                    .collect(),
                false,
            )
        }
    }
}

/// The secret a publishing job logs in to ghcr.io with, other than
/// `GITHUB_TOKEN`: its name and whether the login falls back to
/// `GITHUB_TOKEN` when it is empty.
pub(crate) fn login_secret(summary: &WorkflowSummary) -> Option<(String, bool)> {
    summary
        .publishing_jobs()
        .flat_map(|j| j.logins.iter())
        .filter(|l| l.is_ghcr() || l.registry.is_none())
        .find_map(|l| {
            l.secrets
                .iter()
                .find(|s| !s.eq_ignore_ascii_case("GITHUB_TOKEN"))
                .map(|s| (s.to_ascii_uppercase(), l.uses_github_token))
        })
}

/// The name the setup guide gives the fallback token secret.
pub const GUIDE_SECRET: &str = "LOCAL_RUNNER_FALLBACK_TOKEN";
