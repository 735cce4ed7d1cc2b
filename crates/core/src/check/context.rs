//! What a run checks and who asks ([`Target`], [`Identity`]), and what the
//! checks derive from the facts before judging them: the publishing workflow
//! ([`WorkflowPick`]), the image and its package, the Dockerfile to read.

use crate::analyze::WorkflowSummary;
use crate::api::contents::DirEntry;
use crate::api::{OwnerKind, User};
use crate::names::{ImageName, Login, RepoPath, RepoSlug, WorkflowFileName, REGISTRY};
use crate::token::{Scope, Scopes, TokenKind};

use super::facts::{Facts, Got, WorkflowDoc};
use super::verdict::Why;

/// At most this many other workflow files are read to find the one that publishes.
pub const MAX_WORKFLOW_CANDIDATES: usize = 10;

/// The repository to check and, optionally, the image it publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    pub repo: RepoSlug,
    /// When `None`, the image named in the publishing workflow is used, else
    /// `ghcr.io/<owner>/<repo>` in lower case.
    pub image: Option<ImageName>,
}

impl Target {
    /// Checks `repo`, with the image found in its workflow.
    pub fn repo(repo: RepoSlug) -> Self {
        Target { repo, image: None }
    }

    /// The repository as GitHub names it now. After a rename or a transfer,
    /// `GET /repos/{old}` is answered (through GitHub's redirect) with the
    /// new `full_name`: everything read after it, and every fix, goes to
    /// that name, not to the old one (an organization's settings do not
    /// follow a transfer; a redirect is not followed for every write). As
    /// typed until the repository is read, or when the two differ only in
    /// case.
    pub fn canonical(&self, facts: &Facts) -> RepoSlug {
        match facts.repo() {
            Got::Ready(r, _) if !r.full_name.eq_ignore_ascii_case(self.repo.as_str()) => {
                RepoSlug::parse(&r.full_name).unwrap_or_else(|_| self.repo.clone())
            }
            _ => self.repo.clone(),
        }
    }

    /// Whether GitHub names the repository otherwise than it was typed
    /// (renamed or transferred), and how.
    pub fn moved_to(&self, facts: &Facts) -> Option<RepoSlug> {
        let now = self.canonical(facts);
        (now != self.repo).then_some(now)
    }
}

/// Who is asking: what the shell knows about the token before any request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    /// The signed-in login, if already known (the run also reads `/user`).
    pub login: Option<String>,
    pub kind: TokenKind,
    /// Scopes, if already known (classic and OAuth tokens only).
    pub scopes: Option<Scopes>,
}

impl Identity {
    /// Nothing known but the token's kind.
    pub fn of_kind(kind: TokenKind) -> Self {
        Identity {
            login: None,
            kind,
            scopes: None,
        }
    }
}

/// The publishing workflow, as far as it is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WorkflowPick<'a> {
    /// Still reading workflow files.
    Pending,
    /// No workflow file publishes to ghcr.io.
    None,
    /// The workflow that publishes (or `docker-image.yml`, when none does).
    Found(&'a WorkflowDoc),
    /// The workflow files could not be read.
    Unknown(Why),
}

/// Workflow files (other than `docker-image.yml`) worth reading, in name order.
pub fn workflow_candidates(entries: &[DirEntry]) -> Vec<WorkflowFileName> {
    let main = WorkflowFileName::docker_image();
    let mut names: Vec<WorkflowFileName> = entries
        .iter()
        .filter(|e| e.kind == "file")
        .filter_map(|e| WorkflowFileName::parse(&e.name).ok())
        .filter(|n| *n != main)
        .collect();
    names.sort();
    names.truncate(MAX_WORKFLOW_CANDIDATES);
    names
}

/// Finds the publishing workflow: `docker-image.yml` if it publishes to
/// ghcr.io, else the first other file in `.github/workflows` that does, else
/// `docker-image.yml` if it exists at all. A file too large to analyze may
/// publish, so it is picked where one that publishes would be (and the
/// checks that need it say why they cannot judge it).
pub fn pick_workflow<'a>(facts: &'a Facts) -> WorkflowPick<'a> {
    // A repository that cannot be read answers 404 for every file too:
    // that is not "no workflow".
    let repo = facts.repo();
    if !repo.is_settled() {
        return WorkflowPick::Pending;
    }
    if let Some(why) = repo.blocks() {
        return WorkflowPick::Unknown(why);
    }
    let main_name = WorkflowFileName::docker_image();
    let main = facts.workflow_file(&main_name);
    let main_doc = match main {
        Got::Pending => return WorkflowPick::Pending,
        Got::Ready(doc, _) if doc.may_publish() => return WorkflowPick::Found(doc),
        Got::Ready(doc, _) => Some(doc),
        Got::Absent(_) | Got::NotApplicable => None,
        Got::Unknown(why, _) => return WorkflowPick::Unknown(why.clone()),
        unreadable @ Got::Failed(..) => {
            return unreadable
                .blocks()
                .map_or(WorkflowPick::Pending, WorkflowPick::Unknown);
        }
    };
    let fallback = |doc: Option<&'a WorkflowDoc>| match doc {
        Some(doc) => WorkflowPick::Found(doc),
        None => WorkflowPick::None,
    };
    match facts.workflow_dir() {
        Got::Pending => WorkflowPick::Pending,
        Got::Ready(entries, _) => {
            for name in workflow_candidates(entries) {
                match facts.workflow_file(&name) {
                    Got::Pending => return WorkflowPick::Pending,
                    Got::Ready(doc, _) if doc.may_publish() => return WorkflowPick::Found(doc),
                    _ => {}
                }
            }
            fallback(main_doc)
        }
        _ => fallback(main_doc),
    }
}

/// Whether the token is known to lack `scope` (classic tokens only: others
/// report no scopes and are tried).
pub fn lacks_scope(identity: &Identity, reported: Option<&Scopes>, scope: &Scope) -> bool {
    if !identity.kind.uses_scopes() {
        return false;
    }
    match reported.or(identity.scopes.as_ref()) {
        Some(scopes) => !scopes.has(scope),
        None => false,
    }
}

/// The image the checks look for: given, else the first ghcr.io image the
/// workflow publishes under a literal lower-case name, else the repository's.
pub fn image_for(target: &Target, summary: Option<&WorkflowSummary>) -> Option<ImageName> {
    if let Some(image) = &target.image {
        return Some(image.clone());
    }
    let from_workflow = summary.and_then(|s| {
        s.images()
            .filter(|i| i.is_ghcr() && i.literal)
            .find_map(|i| ImageName::parse(&i.name.to_ascii_lowercase()).ok())
    });
    from_workflow.or_else(|| ImageName::for_repo(&target.repo).ok())
}

/// Where a package lives: under an organization or a user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PackageOwner {
    /// The organization that owns the repository.
    Org(Login),
    /// The signed-in user's own package (private ones readable).
    Own(Login),
    /// Another organization's package.
    OtherOrg(Login),
    /// Another account's package: a user's (public ones only), or — until
    /// the account is read ([`PackageOwner::resolved`]) — possibly an
    /// organization's.
    OtherUser(Login),
}

impl PackageOwner {
    /// Decides from the image's namespace, the repository's owner kind and
    /// the signed-in login.
    pub fn of(
        image: &ImageName,
        repo: &RepoSlug,
        owner_kind: OwnerKind,
        login: Option<&str>,
    ) -> Option<PackageOwner> {
        let namespace = Login::parse(image.namespace()).ok()?;
        let owners_namespace = namespace.same_account(repo.owner());
        if owners_namespace && owner_kind == OwnerKind::Organization {
            return Some(PackageOwner::Org(repo.owner_login()));
        }
        if login.is_some_and(|l| namespace.same_account(l)) {
            return Some(PackageOwner::Own(namespace));
        }
        Some(PackageOwner::OtherUser(namespace))
    }

    /// Another account's namespace, whose kind decides where its packages
    /// live (`None` for the repository's organization and your own account).
    pub fn other_account(&self) -> Option<&Login> {
        match self {
            PackageOwner::OtherUser(login) => Some(login),
            _ => None,
        }
    }

    /// With another account's answer from `GET /users/{username}`: an
    /// organization's packages live under `/orgs/`.
    pub fn resolved(self, account: &User) -> PackageOwner {
        match self {
            PackageOwner::OtherUser(login) if account.kind.as_deref() == Some("Organization") => {
                PackageOwner::OtherOrg(login)
            }
            other => other,
        }
    }

    /// The package's settings page on github.com.
    pub fn settings_url(&self, package: &str) -> String {
        let encoded = crate::url::encode_segment(package);
        match self {
            PackageOwner::Org(org) | PackageOwner::OtherOrg(org) => {
                format!("https://github.com/orgs/{org}/packages/container/{encoded}/settings")
            }
            PackageOwner::Own(user) | PackageOwner::OtherUser(user) => {
                format!("https://github.com/users/{user}/packages/container/{encoded}/settings")
            }
        }
    }
}

/// The Dockerfile the publishing workflow builds, or `Dockerfile` when
/// there is no workflow yet (what the generator writes). `None` when the
/// workflow names it with an expression.
pub fn dockerfile_path(pick: &WorkflowPick<'_>) -> Option<RepoPath> {
    match pick {
        WorkflowPick::Found(doc) => {
            let summary = doc.summary.as_ref().ok()?;
            match summary.builds().next() {
                Some(build) => RepoPath::parse(build.dockerfile.as_deref()?).ok(),
                None => RepoPath::parse("Dockerfile").ok(),
            }
        }
        _ => RepoPath::parse("Dockerfile").ok(),
    }
}

/// `ghcr.io/…` for messages.
pub fn shown_image(image: &ImageName) -> String {
    format!("{REGISTRY}/{}", image.path())
}
