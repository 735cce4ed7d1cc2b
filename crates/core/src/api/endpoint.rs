//! Every api.github.com call the tool makes, as values: one line per call
//! gives its variant, its method and the OpenAPI path template it
//! instantiates, so the list of templates ([`ENDPOINT_TEMPLATES`], checked
//! against GitHub's OpenAPI description by the fake's contract test) and the
//! paths the client builds come from one source.
//!
//! Parameters are validated names ([`RepoSlug`], [`Login`], …), never bare
//! strings; each fills the template placeholder of the same name, escaped as
//! one path segment by [`crate::url`].

use crate::http::Method;
use crate::names::{
    BranchName, CommitSha, Login, PackageName, RepoPath, RepoSlug, SecretName, WorkflowFileName,
};
use crate::url::{encode_path, encode_query_value, encode_segment};

/// The only package type this tool looks at.
pub const PACKAGE_TYPE: &str = "container";

/// A git reference: a branch or a tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum GitRef {
    /// `heads/<branch>`.
    Branch(BranchName),
    /// `tags/<tag>`.
    Tag(BranchName),
}

impl GitRef {
    /// The ref below `refs/`: `heads/main`, `tags/v1.2.3`.
    pub fn short(&self) -> String {
        match self {
            GitRef::Branch(b) => format!("heads/{b}"),
            GitRef::Tag(t) => format!("tags/{t}"),
        }
    }
}

/// Two branches of a repository to compare: `{base}...{head}`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseHead {
    pub base: BranchName,
    pub head: BranchName,
}

/// How a parameter fills the placeholders of a path template.
trait PathParam {
    /// The escaped text for `placeholder`, if this parameter (a field called
    /// `field`) provides it.
    fn fill(&self, field: &str, placeholder: &str) -> Option<String>;
}

impl PathParam for RepoSlug {
    /// A repository fills `{owner}` and `{repo}` whatever its field is called.
    fn fill(&self, _field: &str, placeholder: &str) -> Option<String> {
        match placeholder {
            "owner" => Some(encode_segment(self.owner())),
            "repo" => Some(encode_segment(self.name())),
            _ => None,
        }
    }
}

impl PathParam for GitRef {
    fn fill(&self, _field: &str, placeholder: &str) -> Option<String> {
        (placeholder == "ref").then(|| encode_path(&self.short()))
    }
}

impl PathParam for BaseHead {
    /// Both branch names keep their `/` (the placeholder spans segments).
    fn fill(&self, _field: &str, placeholder: &str) -> Option<String> {
        (placeholder == "basehead").then(|| {
            format!(
                "{}...{}",
                encode_path(self.base.as_str()),
                encode_path(self.head.as_str())
            )
        })
    }
}

impl PathParam for RepoPath {
    /// A file path keeps its `/` separators; each part is escaped.
    fn fill(&self, field: &str, placeholder: &str) -> Option<String> {
        (field == placeholder).then(|| encode_path(&self.normalized()))
    }
}

/// Names that fill the placeholder called like their field, as one segment.
macro_rules! segment_param {
    ($($ty:ty),*) => {$(
        impl PathParam for $ty {
            fn fill(&self, field: &str, placeholder: &str) -> Option<String> {
                (field == placeholder).then(|| encode_segment(self.as_str()))
            }
        }
    )*};
}
segment_param!(Login, PackageName, SecretName, WorkflowFileName, CommitSha);

impl PathParam for u8 {
    /// Numbers are query parameters, never path parts.
    fn fill(&self, _field: &str, _placeholder: &str) -> Option<String> {
        None
    }
}

impl PathParam for BranchName {
    /// A bare branch name is a query parameter (`head=`), never a path part.
    fn fill(&self, _field: &str, _placeholder: &str) -> Option<String> {
        None
    }
}

impl PathParam for Option<BranchName> {
    /// A branch to read at is a query parameter (`ref=`), never a path part.
    fn fill(&self, _field: &str, _placeholder: &str) -> Option<String> {
        None
    }
}

/// Declares [`Endpoint`], [`ENDPOINT_TEMPLATES`], and the method, template
/// and placeholder filling of every variant from one list.
macro_rules! endpoints {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident $({ $($field:ident : $ty:ty),+ $(,)? })? => $method:ident $template:literal;
    )+) => {
        /// One call to GitHub's REST API.
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum Endpoint {
            $( $(#[doc = $doc])* $variant $({ $($field: $ty),+ })?, )+
        }

        /// Every `(method, OpenAPI path template)` pair [`Endpoint`] can build.
        pub const ENDPOINT_TEMPLATES: &[(&str, &str)] = &[
            $( (Method::$method.as_str(), $template), )+
        ];

        impl Endpoint {
            /// The HTTP method.
            pub fn method(&self) -> Method {
                match self {
                    $( Endpoint::$variant { .. } => Method::$method, )+
                }
            }

            /// The OpenAPI path template this endpoint instantiates (no query).
            pub fn template(&self) -> &'static str {
                match self {
                    $( Endpoint::$variant { .. } => $template, )+
                }
            }

            /// The escaped value of one placeholder of the template.
            fn placeholder(&self, name: &str) -> Option<String> {
                if name == "package_type" {
                    return Some(PACKAGE_TYPE.to_string());
                }
                match self {
                    $( Endpoint::$variant $({ $($field),+ })? => {
                        $($(
                            if let Some(v) = PathParam::fill($field, stringify!($field), name) {
                                return Some(v);
                            }
                        )+)?
                        None
                    } )+
                }
            }
        }
    };
}

endpoints! {
    /// Who am I (and `X-OAuth-Scopes`).
    User => Get "/user";
    /// The caller's rights on a repository, its owner type, visibility, default branch.
    Repo { repo: RepoSlug } => Get "/repos/{owner}/{repo}";
    /// Any account by name: a user or an organization (`type`).
    Account { username: Login } => Get "/users/{username}";
    /// The caller's role in an organization.
    OrgMembership { org: Login } => Get "/user/memberships/orgs/{org}";
    /// Actions on/off for the repository, allowed actions, SHA pinning.
    RepoActionsPermissions { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/permissions";
    /// Changes the repository's Actions permissions.
    PutRepoActionsPermissions { repo: RepoSlug } => Put "/repos/{owner}/{repo}/actions/permissions";
    /// The repository's allow-list when allowed actions are `selected`.
    RepoSelectedActions { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/permissions/selected-actions";
    /// Changes the repository's allow-list.
    PutRepoSelectedActions { repo: RepoSlug } => Put "/repos/{owner}/{repo}/actions/permissions/selected-actions";
    /// The repository's default `GITHUB_TOKEN` permissions.
    RepoWorkflowPermissions { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/permissions/workflow";
    /// Changes the repository's default `GITHUB_TOKEN` permissions (409 when the org forbids it).
    PutRepoWorkflowPermissions { repo: RepoSlug } => Put "/repos/{owner}/{repo}/actions/permissions/workflow";
    /// The organization's Actions policy (`enabled_repositories`, allowed actions, SHA pinning).
    OrgActionsPermissions { org: Login } => Get "/orgs/{org}/actions/permissions";
    /// Changes the organization's Actions policy.
    PutOrgActionsPermissions { org: Login } => Put "/orgs/{org}/actions/permissions";
    /// The organization's allow-list when allowed actions are `selected`.
    OrgSelectedActions { org: Login } => Get "/orgs/{org}/actions/permissions/selected-actions";
    /// Changes the organization's allow-list.
    PutOrgSelectedActions { org: Login } => Put "/orgs/{org}/actions/permissions/selected-actions";
    /// The organization's default `GITHUB_TOKEN` permissions.
    OrgWorkflowPermissions { org: Login } => Get "/orgs/{org}/actions/permissions/workflow";
    /// Changes the organization's default `GITHUB_TOKEN` permissions.
    PutOrgWorkflowPermissions { org: Login } => Put "/orgs/{org}/actions/permissions/workflow";
    /// Which repositories of the organization may use self-hosted runners.
    OrgSelfHostedRunnerPolicy { org: Login } => Get "/orgs/{org}/actions/permissions/self-hosted-runners";
    /// The repositories a `selected` self-hosted runner policy allows.
    OrgSelfHostedRunnerRepos { org: Login, per_page: u8 } => Get "/orgs/{org}/actions/permissions/self-hosted-runners/repositories";
    /// Repository secrets (names and dates only).
    RepoSecrets { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/secrets";
    /// Organization secrets visible to the repository.
    RepoOrgSecrets { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/organization-secrets";
    /// The key secrets are sealed with.
    SecretsPublicKey { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/secrets/public-key";
    /// Creates or updates a repository secret (201 created, 204 updated).
    PutSecret { repo: RepoSlug, secret_name: SecretName } => Put "/repos/{owner}/{repo}/actions/secrets/{secret_name}";
    /// Self-hosted runners registered to the repository.
    RepoRunners { repo: RepoSlug } => Get "/repos/{owner}/{repo}/actions/runners";
    /// Self-hosted runners registered to the organization.
    OrgRunners { org: Login } => Get "/orgs/{org}/actions/runners";
    /// A container package of an organization.
    OrgPackage { org: Login, package_name: PackageName } => Get "/orgs/{org}/packages/{package_type}/{package_name}";
    /// A container package of the signed-in user (private ones included).
    OwnPackage { package_name: PackageName } => Get "/user/packages/{package_type}/{package_name}";
    /// A public container package of another user.
    PublicUserPackage { username: Login, package_name: PackageName } => Get "/users/{username}/packages/{package_type}/{package_name}";
    /// A file (or a directory listing) on the default branch, or on `at`; 404 when absent.
    Contents { repo: RepoSlug, path: RepoPath, at: Option<BranchName> } => Get "/repos/{owner}/{repo}/contents/{path}";
    /// Creates or updates a file (needs the `workflow` scope under `.github/workflows`).
    PutContents { repo: RepoSlug, path: RepoPath } => Put "/repos/{owner}/{repo}/contents/{path}";
    /// A branch's or tag's head.
    GitRefHead { repo: RepoSlug, git_ref: GitRef } => Get "/repos/{owner}/{repo}/git/ref/{ref}";
    /// An annotated tag object, read to reach the commit it points to.
    AnnotatedTag { repo: RepoSlug, tag_sha: CommitSha } => Get "/repos/{owner}/{repo}/git/tags/{tag_sha}";
    /// Creates a branch.
    PostRef { repo: RepoSlug } => Post "/repos/{owner}/{repo}/git/refs";
    /// What `head` holds that `base` does not: its commits and the files they changed.
    Compare { repo: RepoSlug, basehead: BaseHead } => Get "/repos/{owner}/{repo}/compare/{basehead}";
    /// Open pull requests from `head_owner:head_branch`.
    OpenPulls { repo: RepoSlug, head_owner: Login, head_branch: BranchName } => Get "/repos/{owner}/{repo}/pulls";
    /// Opens a pull request (422 when one is already open for the branch).
    PostPull { repo: RepoSlug } => Post "/repos/{owner}/{repo}/pulls";
    /// A workflow's state (`active`, `disabled_manually`, …).
    Workflow { repo: RepoSlug, workflow_id: WorkflowFileName } => Get "/repos/{owner}/{repo}/actions/workflows/{workflow_id}";
    /// A workflow's latest runs.
    WorkflowRuns { repo: RepoSlug, workflow_id: WorkflowFileName, per_page: u8 } => Get "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs";
    /// A repository's releases, newest first.
    Releases { repo: RepoSlug, per_page: u8 } => Get "/repos/{owner}/{repo}/releases";
}

impl Endpoint {
    /// The path with every placeholder filled in and escaped (no query).
    pub fn path(&self) -> String {
        let template = self.template();
        let mut out = String::with_capacity(template.len() + 32);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let name = &after[..close];
            match self.placeholder(name) {
                Some(value) => out.push_str(&value),
                None => {
                    out.push('{');
                    out.push_str(name);
                    out.push('}');
                }
            }
            rest = &after[close + 1..];
        }
        out.push_str(rest);
        out
    }

    /// The query string including `?`, or empty.
    pub fn query(&self) -> String {
        match self {
            Endpoint::WorkflowRuns { per_page, .. }
            | Endpoint::Releases { per_page, .. }
            | Endpoint::OrgSelfHostedRunnerRepos { per_page, .. } => {
                format!("?per_page={per_page}")
            }
            Endpoint::Contents { at: Some(at), .. } => {
                format!("?ref={}", encode_query_value(at.as_str()))
            }
            Endpoint::OpenPulls {
                head_owner,
                head_branch,
                ..
            } => format!(
                "?head={}&state=open",
                encode_query_value(&format!("{head_owner}:{head_branch}"))
            ),
            _ => String::new(),
        }
    }

    /// The full URL under an API base (see [`normalize_base`]).
    pub fn url(&self, base: &str) -> String {
        format!("{}{}{}", normalize_base(base), self.path(), self.query())
    }

    /// Whether sending this call twice leaves GitHub as sending it once did:
    /// every read, and the `PUT`s that set a setting or a secret to a given
    /// value. Creating a branch or a pull request, and committing a file, are
    /// not — a lost answer does not say whether GitHub made the change, so the
    /// scheduler never sends them again on its own; the fix reads what GitHub
    /// holds first, then decides.
    pub fn is_idempotent(&self) -> bool {
        !matches!(
            self,
            Endpoint::PostRef { .. } | Endpoint::PostPull { .. } | Endpoint::PutContents { .. }
        )
    }

    /// `METHOD /path?query`, for evidence shown to a person.
    pub fn describe(&self) -> String {
        format!("{} {}{}", self.method().as_str(), self.path(), self.query())
    }
}

/// An API base without trailing `/` (`https://api.github.com`,
/// `https://HOST/api/v3`, `http://127.0.0.1:PORT`). Surrounding whitespace is
/// ignored; an empty base means `https://api.github.com`.
pub fn normalize_base(base: &str) -> String {
    let trimmed = base.trim().trim_end_matches('/');
    if trimmed.is_empty() {
        DEFAULT_API_BASE.to_string()
    } else {
        trimmed.to_string()
    }
}

/// GitHub.com's API base.
pub const DEFAULT_API_BASE: &str = "https://api.github.com";
