//! One-click fixes: what the core offers for a row, the exact sentence of
//! what will change, whether this token and role may do it (and if not, what
//! is missing), and the small programs that make the change through the
//! run's own scheduler, then re-read the facts it touched.
//!
//! Offers come from [`offers`]; a confirmed offer starts with
//! [`crate::check::Run::start_fix`], which builds its step machine from the
//! run's facts (`dispatch.rs`; the workflow and the pull request's
//! description are in `description.rs`). Each fix is a step machine ([`Exec`]):
//! it names the next request and reads its answer, so a native test can walk
//! every path — success and each refusal GitHub gives.

mod commit;
mod contents;
mod description;
mod dispatch;
mod offers;
mod propose;
mod secret;
mod settings;
pub mod verify;

pub use offers::offers;

use crate::api::actions::DefaultPermission;
use crate::api::{ApiError, Endpoint};
use crate::engine::Success;
use crate::names::{AllowPattern, SecretName};
use crate::token::Secret;

use super::facts::FactKey;
use super::verdict::Link;

pub(crate) use commit::CommitExec;
pub(crate) use dispatch::Basis;
pub(crate) use propose::ProposeExec;
pub(crate) use secret::SecretExec;
pub(crate) use settings::SettingsExec;

/// The name of the branch a workflow is proposed on.
pub const PROPOSAL_BRANCH: &str = "ghcr-setup/docker-image";

/// A change the core can make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixKind {
    /// Set the repository's default `GITHUB_TOKEN` permissions.
    DefaultPermissions(DefaultPermission),
    /// Enable GitHub Actions for the repository.
    EnableActions,
    /// Allow exactly these action patterns, at the repository or the
    /// organization; `to_selected` switches a `local_only` policy to `selected`.
    AllowActions {
        org: bool,
        /// Each names one action at any version (never another `*`).
        patterns: Vec<AllowPattern>,
        to_selected: bool,
    },
    /// Create or replace the token secret with a verified token.
    FallbackSecret(SecretName),
    /// Propose the generated workflow as a pull request.
    ProposeWorkflow,
    /// Commit the generated workflow straight to the default branch.
    CommitWorkflow,
}

/// What a successful change makes stale.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reread {
    /// These facts (and what was decided from them).
    Facts(Vec<FactKey>),
    /// The whole checklist, with the cache: what did not change costs a `304`.
    Everything,
}

impl FixKind {
    /// What to read again after the change.
    pub fn reread(&self) -> Reread {
        let facts = |keys: &[FactKey]| Reread::Facts(keys.to_vec());
        match self {
            FixKind::DefaultPermissions(_) => facts(&[FactKey::RepoWorkflowPermissions]),
            FixKind::EnableActions => facts(&[FactKey::RepoActions]),
            FixKind::AllowActions { org: false, .. } => facts(&[FactKey::RepoActions]),
            FixKind::AllowActions { org: true, .. } => facts(&[FactKey::OrgActions]),
            FixKind::FallbackSecret(_) => facts(&[FactKey::RepoSecrets]),
            FixKind::ProposeWorkflow => facts(&[FactKey::ProposalPulls]),
            // The workflow decides most of the checklist.
            FixKind::CommitWorkflow => Reread::Everything,
        }
    }
}

/// A fix offered on a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOffer {
    /// The check whose row shows it.
    pub check: &'static str,
    pub kind: FixKind,
    /// The button's text.
    pub label: String,
    /// Exactly what will change, shown before anything changes.
    pub confirm: String,
    /// The narrower or safer of several offers on a row.
    pub recommended: bool,
    /// Why this caller cannot make the change (shown instead of the button).
    pub blocked: Option<String>,
    /// The change replaces something that is there now (a secret of the same
    /// name): the label of the tick box the person must tick first; the fix
    /// starts only with [`FixInput::replace_existing`].
    pub replaces: Option<String>,
}

/// What a fix needs from the person beyond a click.
#[derive(Default)]
pub struct FixInput {
    /// The verified token to store (secret fix only). Dropped after sealing.
    pub secret: Option<Secret>,
    /// Random bytes for sealing (secret fix only).
    pub entropy: Option<[u8; crate::seal::ENTROPY_BYTES]>,
    /// The person ticked the offer's [`FixOffer::replaces`] box.
    pub replace_existing: bool,
}

impl std::fmt::Debug for FixInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FixInput { .. }")
    }
}

/// How a fix ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixOutcome {
    pub check: &'static str,
    pub kind: FixKind,
    pub ok: bool,
    /// What happened, and on failure what to do instead.
    pub message: String,
    /// A pull request or page to open.
    pub link: Option<Link>,
}

/// The next thing a fix wants.
#[derive(Debug)]
pub(crate) enum Step {
    Send(Endpoint, Option<String>),
    Done {
        ok: bool,
        message: String,
        link: Option<Link>,
    },
}

impl Step {
    fn ok(message: impl Into<String>) -> Step {
        Step::Done {
            ok: true,
            message: message.into(),
            link: None,
        }
    }

    fn failed(message: impl Into<String>) -> Step {
        Step::Done {
            ok: false,
            message: message.into(),
            link: None,
        }
    }
}

/// A running fix (one of the step machines).
#[derive(Debug)]
pub(crate) enum Exec {
    Settings(SettingsExec),
    Secret(SecretExec),
    Propose(ProposeExec),
    Commit(CommitExec),
}

impl Exec {
    pub(crate) fn start(&mut self) -> Step {
        match self {
            Exec::Settings(e) => e.start(),
            Exec::Secret(e) => e.start(),
            Exec::Propose(e) => e.start(),
            Exec::Commit(e) => e.start(),
        }
    }

    pub(crate) fn answered(&mut self, result: Result<Success, ApiError>) -> Step {
        match self {
            Exec::Settings(e) => e.answered(result),
            Exec::Secret(e) => e.answered(result),
            Exec::Propose(e) => e.answered(result),
            Exec::Commit(e) => e.answered(result),
        }
    }
}

/// Who may make a change: what a 403 means GitHub found missing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Repository settings.
    Admin,
    /// Branches, files, pull requests and secrets.
    Writer,
    /// Organization policies.
    OrgOwner,
}

impl Role {
    /// What the change takes, scope included.
    fn takes(self) -> &'static str {
        match self {
            Role::Admin => "admin rights on the repository and a token with the `repo` scope",
            Role::Writer => "write access to the repository and a token with the `repo` scope",
            Role::OrgOwner => "an owner of the organization and a token with the `admin:org` scope",
        }
    }

    /// Why GitHub answered 403, and what to do.
    fn refused(self) -> &'static str {
        match self {
            Role::Admin => "only an admin of the repository can, and this account is not one — ask one to make this change",
            Role::Writer => "it needs write access to the repository, which this account lacks — ask an admin for it",
            Role::OrgOwner => "only an owner of the organization can, and this account is not one — ask one to make this change",
        }
    }
}

/// The explanation for a refusal common to every write; `role` is who may
/// make it, which a 403 names.
pub(crate) fn refusal(err: &ApiError, what: &str, role: Role) -> String {
    match err {
        ApiError::OAuthAppRestricted { org } => format!(
            "GitHub refused to {what}: {} has OAuth App access restrictions and has not approved this app. An owner approves it, or sign in with a classic token.",
            org.as_deref().unwrap_or("the organization")
        ),
        ApiError::SsoRequired { .. } => format!(
            "GitHub refused to {what}: the token is not authorized for the organization's single sign-on. Authorize it, then try again."
        ),
        ApiError::Forbidden(body) => {
            let said = body
                .message
                .as_deref()
                .map(|m| format!(" GitHub says: {}.", m.trim().trim_end_matches('.')))
                .unwrap_or_default();
            format!("GitHub refused to {what} (403): {}.{said}", role.refused())
        }
        // The repository was read a moment ago: a 404 here is GitHub hiding
        // what this token or account may not use.
        ApiError::NotFound(_) => format!(
            "GitHub answered 404 when asked to {what}: it answers so, rather than 403, when the token or your account may not use that part of the repository. It takes {}.",
            role.takes()
        ),
        ApiError::Validation(_) => format!(
            "GitHub did not accept the data sent to {what} (HTTP 422). {}",
            err.what_to_do()
        ),
        other => format!(
            "GitHub did not {what}: {}. {}",
            other.title(),
            other.what_to_do()
        ),
    }
}
