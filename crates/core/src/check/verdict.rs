//! What a check says: a [`Status`] (never told by colour alone — every status
//! has a word), a one-line summary, the evidence it read, and the fix.

pub use super::why::Why;

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
