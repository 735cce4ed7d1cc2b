//! What a check says: a [`Status`] (never told by colour alone — every status
//! has a word), a one-line summary, the evidence it read, and the fix.

use super::facts::FactKind;
use crate::api::ApiError;
use crate::token::TokenKind;

/// The checklist's groups, in the order of the setup guide.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Group {
    TokenAccount,
    RepoSettings,
    Package,
    SecretsRunners,
    Workflow,
}

impl Group {
    /// Every group, in display order.
    pub const ALL: [Group; 5] = [
        Group::TokenAccount,
        Group::RepoSettings,
        Group::Package,
        Group::SecretsRunners,
        Group::Workflow,
    ];

    /// The heading shown for the group.
    pub fn title(self) -> &'static str {
        match self {
            Group::TokenAccount => "Token & account",
            Group::RepoSettings => "Repository Actions settings",
            Group::Package => "Package",
            Group::SecretsRunners => "Secrets & runners",
            Group::Workflow => "Workflow",
        }
    }

    /// A short stable id (`token`, `settings`, `package`, `runners`, `workflow`).
    pub fn id(self) -> &'static str {
        match self {
            Group::TokenAccount => "token",
            Group::RepoSettings => "settings",
            Group::Package => "package",
            Group::SecretsRunners => "runners",
            Group::Workflow => "workflow",
        }
    }
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Status {
    /// Nothing is wrong.
    Pass,
    /// Works, but weaker or more fragile than it should be.
    Warn,
    /// Publishing fails (or is unsafe) until this is fixed.
    Fail,
    /// GitHub's API cannot tell; the person confirms (a deep link helps).
    Manual,
    /// This token or account could not read what the check needs (see [`Why`]).
    Unknown,
    /// Does not apply to this repository.
    NotApplicable,
    /// Still reading from GitHub.
    Pending,
}

impl Status {
    /// Every status, in the order the summary bar counts them.
    pub const ALL: [Status; 7] = [
        Status::Fail,
        Status::Warn,
        Status::Manual,
        Status::Unknown,
        Status::Pass,
        Status::NotApplicable,
        Status::Pending,
    ];

    /// The word shown beside the icon.
    pub fn label(self) -> &'static str {
        match self {
            Status::Pass => "Pass",
            Status::Warn => "Warning",
            Status::Fail => "Fail",
            Status::Manual => "Confirm",
            Status::Unknown => "Unknown",
            Status::NotApplicable => "Not applicable",
            Status::Pending => "Checking",
        }
    }

    /// `n` items of this status, for counts: "3 failing", "1 warning",
    /// "2 to confirm", "12 passing".
    pub fn count(self, n: usize) -> String {
        let word = match (self, n) {
            (Status::Pass, _) => "passing",
            (Status::Warn, 1) => "warning",
            (Status::Warn, _) => "warnings",
            (Status::Fail, _) => "failing",
            (Status::Manual, _) => "to confirm",
            (Status::Unknown, _) => "unknown",
            (Status::NotApplicable, _) => "not applicable",
            (Status::Pending, _) => "still checking",
        };
        format!("{n} {word}")
    }

    /// A stable lower-case id (`pass`, `warn`, `fail`, `manual`, `unknown`, `na`, `pending`).
    pub fn id(self) -> &'static str {
        match self {
            Status::Pass => "pass",
            Status::Warn => "warn",
            Status::Fail => "fail",
            Status::Manual => "manual",
            Status::Unknown => "unknown",
            Status::NotApplicable => "na",
            Status::Pending => "pending",
        }
    }

    /// The status for an id from [`Status::id`].
    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// Why a check could not be decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// The token lacks a scope.
    MissingScope(&'static str),
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
}

fn org_or_generic(org: &str) -> &str {
    if org.is_empty() {
        "The organization"
    } else {
        org
    }
}

/// Why GitHub answered 404 for a fact that exists, and what to do.
fn not_visible(kind: FactKind) -> String {
    let label = kind.label();
    match kind {
        FactKind::User => "GitHub answered 404 for your account (`GET /user`), which it does only when the API base is not GitHub's REST API or the token cannot read its own account. Check the API base (sign-in page → Advanced), or sign in again.".into(),
        FactKind::Repo => "GitHub answered 404 for the repository: it does not exist under this name, or this token may not see it — a private repository needs the `repo` scope, a fine-grained token must be granted this repository, and an organization that has not approved this app hides its private repositories. Check the name, or sign in again with `repo` ticked.".into(),
        FactKind::RepoActions
        | FactKind::RepoSelectedActions
        | FactKind::RepoWorkflowPermissions
        | FactKind::RepoRunners => format!(
            "GitHub answered 404 for {label}, as it does for what this token may not see: a private repository without the `repo` scope, a fine-grained token not granted this repository or without the \"Administration: read\" permission, or an organization that hides it from this app. Sign in again with `repo` ticked (or give the fine-grained token \"Administration: read\" on this repository), then re-check."
        ),
        FactKind::RepoSecrets | FactKind::RepoOrgSecrets => format!(
            "GitHub answered 404 for {label}, as it does for what this token may not see: a private repository without the `repo` scope, a fine-grained token not granted this repository or without the \"Secrets: read\" permission, or an organization that hides it from this app. Sign in again with `repo` ticked (or give the fine-grained token \"Secrets: read\"), then re-check."
        ),
        FactKind::OrgActions
        | FactKind::OrgSelectedActions
        | FactKind::OrgWorkflowPermissions
        | FactKind::OrgRunnerPolicy
        | FactKind::OrgRunnerRepos
        | FactKind::OrgRunners => format!(
            "GitHub answered 404 for {label}, as it does when this token may not read the organization's settings: that takes an owner of the organization and the `admin:org` scope (for a fine-grained token, the organization's \"Administration: read\" permission). Ask an owner to run the check, or sign in again with `admin:org` ticked."
        ),
        FactKind::Membership => "GitHub answered 404 for your organization role: you are not a member of the organization (an outside collaborator, perhaps), so what only members or owners may read stays unknown. Ask an owner of the organization to run the check.".into(),
        FactKind::ImageOwner => "GitHub answered 404 for the account the image belongs to: no user or organization has that name. Check the image name: its namespace (ghcr.io/NAMESPACE/NAME) must be a GitHub user or organization.".into(),
        _ => format!(
            "GitHub answered 404 for {label}: it is not there, or this token may not see it. Sign in again with the `repo` scope ticked, then re-check."
        ),
    }
}

/// A value a check read, and where from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub label: String,
    pub value: String,
    /// The request it came from (`GET /repos/o/r/actions/permissions/workflow`),
    /// or `None` for values read from the workflow file or the token.
    pub source: Option<String>,
}

/// A link to a page on GitHub.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    pub href: String,
    pub text: String,
}

/// How to fix a check's finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What to do, in one or two sentences.
    pub text: String,
    /// The exact settings page, when there is one.
    pub link: Option<Link>,
}

/// What one check concluded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub status: Status,
    /// The one-line verdict.
    pub summary: String,
    /// Set when `status` is [`Status::Unknown`].
    pub unknown: Option<Why>,
    pub evidence: Vec<Evidence>,
    pub fix: Option<Fix>,
}

impl Verdict {
    /// A verdict with no evidence and no fix yet.
    pub fn new(status: Status, summary: impl Into<String>) -> Self {
        Verdict {
            status,
            summary: summary.into(),
            unknown: None,
            evidence: Vec::new(),
            fix: None,
        }
    }

    pub fn pass(summary: impl Into<String>) -> Self {
        Verdict::new(Status::Pass, summary)
    }

    pub fn warn(summary: impl Into<String>) -> Self {
        Verdict::new(Status::Warn, summary)
    }

    pub fn fail(summary: impl Into<String>) -> Self {
        Verdict::new(Status::Fail, summary)
    }

    pub fn manual(summary: impl Into<String>) -> Self {
        Verdict::new(Status::Manual, summary)
    }

    pub fn not_applicable(summary: impl Into<String>) -> Self {
        Verdict::new(Status::NotApplicable, summary)
    }

    /// Still waiting for GitHub.
    pub fn pending() -> Self {
        Verdict::new(Status::Pending, "Reading from GitHub…")
    }

    /// Could not be decided, and why.
    pub fn unknown(why: Why) -> Self {
        let summary = why.describe();
        Verdict {
            unknown: Some(why),
            ..Verdict::new(Status::Unknown, summary)
        }
    }

    /// Adds a piece of evidence.
    pub fn evidence(
        mut self,
        label: impl Into<String>,
        value: impl Into<String>,
        source: Option<&str>,
    ) -> Self {
        self.evidence.push(Evidence {
            label: label.into(),
            value: value.into(),
            source: source.map(str::to_string),
        });
        self
    }

    /// Sets the fix.
    pub fn fix(mut self, text: impl Into<String>) -> Self {
        self.fix = Some(Fix {
            text: text.into(),
            link: None,
        });
        self
    }

    /// Sets the fix with a link to the settings page.
    pub fn fix_at(
        mut self,
        text: impl Into<String>,
        href: impl Into<String>,
        link_text: impl Into<String>,
    ) -> Self {
        self.fix = Some(Fix {
            text: text.into(),
            link: Some(Link {
                href: href.into(),
                text: link_text.into(),
            }),
        });
        self
    }
}
