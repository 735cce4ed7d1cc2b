//! Why a fact could not be read, or a check could not be decided: the one
//! [`Why`] type, how an API error for a fact becomes one, and the sentence
//! each says (what stopped the check, and what to do).

use super::facts::{capitalized, FactKind, On404};
use crate::api::ApiError;
use crate::token::{Scope, TokenKind};

/// Why a check could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The token lacks a scope.
    MissingScope(Scope),
    /// Reading this needs admin rights on the repository.
    NotRepoAdmin,
    /// Reading this needs write access to the repository.
    NotRepoWriter,
    /// Reading this needs an owner of the organization.
    NotOrgOwner,
    /// This kind of token cannot read it (the Packages API takes classic tokens only).
    TokenKind(TokenKind),
    /// The organization requires SAML single sign-on for this token (an
    /// empty `org` is named by [`Why::naming_org`], else "The organization").
    Sso { org: String, url: Option<String> },
    /// The organization has not approved this OAuth App (`org` as above).
    OAuthRestricted { org: String },
    /// GitHub answered 404 for a fact where that does not mean "not there":
    /// it hides what this token may not see.
    NotVisible(FactKind),
    /// Something this depends on could not be read.
    Blocked(String),
    /// Something this depends on could not be read, for this reason.
    BlockedBy { what: String, cause: Box<Why> },
    /// GitHub answered with an error.
    Api(ApiError),
    /// The workflow file was read but is too large to analyze (its `env:`
    /// values expand past the analyzer's budget): the reason, as a sentence.
    WorkflowTooLarge { file: String, reason: String },
}

/// Why GitHub answers 404 for a fact that exists: one sentence per class
/// of fact, chosen in the facts table ([`FactKind::on_404`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hidden {
    /// `GET /user`: the API base is wrong, or the token cannot read itself.
    Account,
    /// The repository: no such name, or a token that may not see it.
    Repository,
    /// A repository setting that needs admin rights ("Administration: read").
    RepoAdmin,
    /// A repository's secrets ("Secrets: read").
    RepoSecrets,
    /// An organization setting (an owner and `admin:org`).
    OrgAdmin,
    /// Your membership: you are not a member.
    NotMember,
    /// The image's namespace: no such user or organization.
    ImageAccount,
    /// Anything else the token may not see.
    Other,
}

impl Why {
    /// One sentence: what stopped the check and what to do.
    pub fn describe(&self) -> String {
        match self {
            Why::MissingScope(scope) => format!(
                "The token lacks the `{scope}` scope: sign in again with it ticked, or paste a classic token that has it."
            ),
            Why::NotRepoAdmin => "Reading this needs admin rights on the repository; ask an admin to run the check, or to share its link.".into(),
            Why::NotRepoWriter => "Reading this needs write access to the repository; ask an admin to run the check, or to share its link.".into(),
            Why::NotOrgOwner => "Reading this needs an owner of the organization (and the `admin:org` scope).".into(),
            Why::TokenKind(kind) => format!(
                "A {} cannot read packages: GitHub's Packages API accepts only classic tokens (ghp_) and OAuth tokens. Sign in with the device flow or paste a classic token.",
                kind.in_sentence()
            ),
            Why::Sso { org, url: Some(url) } => format!(
                "{} requires SAML single sign-on: authorize the token at {url}, then re-check.",
                org_or_generic(org)
            ),
            Why::Sso { org, url: None } => format!(
                "{} requires SAML single sign-on: authorize the token for it (GitHub settings → Tokens → Configure SSO), then re-check.",
                org_or_generic(org)
            ),
            Why::OAuthRestricted { org } => format!(
                "{} has OAuth App access restrictions and has not approved this app: an owner approves it, or paste a classic token.",
                org_or_generic(org)
            ),
            Why::NotVisible(kind) => not_visible(*kind),
            Why::Blocked(what) => format!("{what} could not be read, so this cannot be judged."),
            Why::BlockedBy { what, cause } => {
                format!("{what} could not be read. {}", cause.describe())
            }
            Why::Api(err) => format!("{}. {}", err.title(), err.what_to_do()),
            Why::WorkflowTooLarge { file, reason } => format!(
                "{file} is not judged. {reason} Simplify it, or replace it with the generated workflow below, then re-check."
            ),
        }
    }

    /// Names the organization in an SSO or OAuth App refusal that did not
    /// name it (`owner`: the repository's owner, whose policy refused).
    pub fn naming_org(self, owner: &str) -> Why {
        match self {
            Why::Sso { org, url } if org.is_empty() => Why::Sso {
                org: owner.to_string(),
                url,
            },
            Why::OAuthRestricted { org } if org.is_empty() => Why::OAuthRestricted {
                org: owner.to_string(),
            },
            Why::BlockedBy { what, cause } => Why::BlockedBy {
                what,
                cause: Box::new(cause.naming_org(owner)),
            },
            other => other,
        }
    }

    /// The reason an error gives for a fact of `kind`. An organization a
    /// refusal does not name is left empty for [`Why::naming_org`].
    pub fn from_error(err: ApiError, kind: FactKind) -> Why {
        match err {
            ApiError::SsoRequired { authorize_url } => Why::Sso {
                org: authorize_url
                    .as_deref()
                    .and_then(sso_org)
                    .unwrap_or_default(),
                url: authorize_url,
            },
            ApiError::OAuthAppRestricted { org } => Why::OAuthRestricted {
                org: org.unwrap_or_default(),
            },
            ApiError::MissingScopes { needed, .. } => {
                match needed.first().map(|s| Scope::parse(s)) {
                    Some(scope) if !matches!(scope, Scope::Other(_)) => Why::MissingScope(scope),
                    _ => Why::Api(ApiError::MissingScopes {
                        needed,
                        have: Vec::new(),
                    }),
                }
            }
            ApiError::NotFound(_) => Why::NotVisible(kind),
            other => Why::Api(other),
        }
    }

    /// Why a fact of `kind` that others depend on could not be read, as
    /// those others say it: the fact named, then the cause (a 404 already
    /// names the fact).
    pub fn blocking(self, kind: FactKind) -> Why {
        match self {
            Why::NotVisible(_) | Why::Blocked(_) | Why::BlockedBy { .. } => self,
            cause => Why::BlockedBy {
                what: capitalized(kind.label()),
                cause: Box::new(cause),
            },
        }
    }
}

fn org_or_generic(org: &str) -> &str {
    if org.is_empty() {
        "The organization"
    } else {
        org
    }
}

/// The organization in an SSO address: `https://github.com/orgs/ORG/sso?…`.
fn sso_org(url: &str) -> Option<String> {
    let rest = url.split("/orgs/").nth(1)?;
    let org = rest.split(['/', '?', '#']).next()?;
    crate::names::Login::parse(org).ok().map(|l| l.to_string())
}

/// Why GitHub answered 404 for a fact that exists, and what to do.
fn not_visible(kind: FactKind) -> String {
    let label = kind.label();
    let hidden = match kind.on_404() {
        On404::Hidden(hidden) => hidden,
        On404::Absent => Hidden::Other,
    };
    match hidden {
        Hidden::Account => "GitHub answered 404 for your account (`GET /user`), which it does only when the API base is not GitHub's REST API or the token cannot read its own account. Check the API base (sign-in page → Advanced), or sign in again.".into(),
        Hidden::Repository => "GitHub answered 404 for the repository: it does not exist under this name, or this token may not see it — a private repository needs the `repo` scope, a fine-grained token must be granted this repository, and an organization that has not approved this app hides its private repositories. Check the name, or sign in again with `repo` ticked.".into(),
        Hidden::RepoAdmin => format!(
            "GitHub answered 404 for {label}, as it does for what this token may not see: a private repository without the `repo` scope, a fine-grained token not granted this repository or without the \"Administration: read\" permission, or an organization that hides it from this app. Sign in again with `repo` ticked (or give the fine-grained token \"Administration: read\" on this repository), then re-check."
        ),
        Hidden::RepoSecrets => format!(
            "GitHub answered 404 for {label}, as it does for what this token may not see: a private repository without the `repo` scope, a fine-grained token not granted this repository or without the \"Secrets: read\" permission, or an organization that hides it from this app. Sign in again with `repo` ticked (or give the fine-grained token \"Secrets: read\"), then re-check."
        ),
        Hidden::OrgAdmin => format!(
            "GitHub answered 404 for {label}, as it does when this token may not read the organization's settings: that takes an owner of the organization and the `admin:org` scope (for a fine-grained token, the organization's \"Administration: read\" permission). Ask an owner to run the check, or sign in again with `admin:org` ticked."
        ),
        Hidden::NotMember => "GitHub answered 404 for your organization role: you are not a member of the organization (an outside collaborator, perhaps), so what only members or owners may read stays unknown. Ask an owner of the organization to run the check.".into(),
        Hidden::ImageAccount => "GitHub answered 404 for the account the image belongs to: no user or organization has that name. Check the image name: its namespace (ghcr.io/NAMESPACE/NAME) must be a GitHub user or organization.".into(),
        Hidden::Other => format!(
            "GitHub answered 404 for {label}: it is not there, or this token may not see it. Sign in again with the `repo` scope ticked, then re-check."
        ),
    }
}
