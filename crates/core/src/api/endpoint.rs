//! Every api.github.com endpoint the tool calls, as values: method, path
//! (segments percent-encoded) and the OpenAPI path template it instantiates.

use crate::http::Method;

/// The only package type this tool looks at.
pub const PACKAGE_TYPE: &str = "container";

/// One call to GitHub's REST API.
///
/// `owner`/`repo`/`org`/`user` are GitHub names; `name` on package variants is
/// the package name and on secret variants the secret name; `path` is a file
/// path inside the repository (`/` separates segments).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// `GET /user`: who am I (and `X-OAuth-Scopes`).
    User,
    /// `GET /repos/{owner}/{repo}`: the caller's rights, owner type, visibility.
    Repo { owner: String, repo: String },
    /// `GET /user/memberships/orgs/{org}`: the caller's role in an org.
    OrgMembership { org: String },
    /// `GET /repos/{owner}/{repo}/actions/permissions`.
    RepoActionsPermissions { owner: String, repo: String },
    /// `PUT /repos/{owner}/{repo}/actions/permissions`.
    PutRepoActionsPermissions { owner: String, repo: String },
    /// `GET /repos/{owner}/{repo}/actions/permissions/selected-actions`.
    RepoSelectedActions { owner: String, repo: String },
    /// `GET /repos/{owner}/{repo}/actions/permissions/workflow`.
    RepoWorkflowPermissions { owner: String, repo: String },
    /// `PUT /repos/{owner}/{repo}/actions/permissions/workflow`.
    PutRepoWorkflowPermissions { owner: String, repo: String },
    /// `GET /orgs/{org}/actions/permissions`.
    OrgActionsPermissions { org: String },
    /// `GET /orgs/{org}/actions/permissions/workflow`.
    OrgWorkflowPermissions { org: String },
    /// `GET /orgs/{org}/actions/permissions/selected-actions`.
    OrgSelectedActions { org: String },
    /// `GET /repos/{owner}/{repo}/actions/secrets` (names and dates only).
    RepoSecrets { owner: String, repo: String },
    /// `GET /repos/{owner}/{repo}/actions/secrets/{secret_name}`.
    RepoSecret {
        owner: String,
        repo: String,
        name: String,
    },
    /// `GET /repos/{owner}/{repo}/actions/organization-secrets`.
    RepoOrgSecrets { owner: String, repo: String },
    /// `GET /repos/{owner}/{repo}/actions/secrets/public-key`.
    SecretsPublicKey { owner: String, repo: String },
    /// `PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}`.
    PutSecret {
        owner: String,
        repo: String,
        name: String,
    },
    /// `GET /repos/{owner}/{repo}/actions/runners`.
    RepoRunners { owner: String, repo: String },
    /// `GET /orgs/{org}/actions/runners`.
    OrgRunners { org: String },
    /// `GET /orgs/{org}/packages/container/{package_name}`.
    OrgPackage { org: String, name: String },
    /// `GET /user/packages/container/{package_name}` (own, private included).
    UserPackage { name: String },
    /// `GET /users/{username}/packages/container/{package_name}` (public only).
    UsersPackage { user: String, name: String },
    /// `GET /repos/{owner}/{repo}/contents/{path}` (404 if absent).
    WorkflowFile {
        owner: String,
        repo: String,
        path: String,
    },
    /// `PUT /repos/{owner}/{repo}/contents/{path}` (needs `workflow` scope
    /// under `.github/workflows`).
    PutContents {
        owner: String,
        repo: String,
        path: String,
    },
    /// `GET /repos/{owner}/{repo}/git/ref/heads/{branch}`: a branch's head.
    BranchRef {
        owner: String,
        repo: String,
        branch: String,
    },
    /// `POST /repos/{owner}/{repo}/git/refs`: create a branch.
    CreateRef { owner: String, repo: String },
    /// `POST /repos/{owner}/{repo}/pulls`: open a pull request.
    CreatePull { owner: String, repo: String },
    /// `GET /repos/{owner}/{repo}/actions/workflows/{file}/runs?per_page=…`.
    WorkflowRuns {
        owner: String,
        repo: String,
        file: String,
        per_page: u8,
    },
    /// `GET /rate_limit` (free).
    RateLimit,
}

/// Every `(method, OpenAPI path template)` pair [`Endpoint`] can build.
pub const ENDPOINT_TEMPLATES: &[(&str, &str)] = &[
    ("GET", "/user"),
    ("GET", "/repos/{owner}/{repo}"),
    ("GET", "/user/memberships/orgs/{org}"),
    ("GET", "/repos/{owner}/{repo}/actions/permissions"),
    ("PUT", "/repos/{owner}/{repo}/actions/permissions"),
    (
        "GET",
        "/repos/{owner}/{repo}/actions/permissions/selected-actions",
    ),
    ("GET", "/repos/{owner}/{repo}/actions/permissions/workflow"),
    ("PUT", "/repos/{owner}/{repo}/actions/permissions/workflow"),
    ("GET", "/orgs/{org}/actions/permissions"),
    ("GET", "/orgs/{org}/actions/permissions/workflow"),
    ("GET", "/orgs/{org}/actions/permissions/selected-actions"),
    ("GET", "/repos/{owner}/{repo}/actions/secrets"),
    ("GET", "/repos/{owner}/{repo}/actions/secrets/{secret_name}"),
    ("GET", "/repos/{owner}/{repo}/actions/organization-secrets"),
    ("GET", "/repos/{owner}/{repo}/actions/secrets/public-key"),
    ("PUT", "/repos/{owner}/{repo}/actions/secrets/{secret_name}"),
    ("GET", "/repos/{owner}/{repo}/actions/runners"),
    ("GET", "/orgs/{org}/actions/runners"),
    ("GET", "/orgs/{org}/packages/{package_type}/{package_name}"),
    ("GET", "/user/packages/{package_type}/{package_name}"),
    (
        "GET",
        "/users/{username}/packages/{package_type}/{package_name}",
    ),
    ("GET", "/repos/{owner}/{repo}/contents/{path}"),
    ("PUT", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", "/repos/{owner}/{repo}/git/ref/{ref}"),
    ("POST", "/repos/{owner}/{repo}/git/refs"),
    ("POST", "/repos/{owner}/{repo}/pulls"),
    (
        "GET",
        "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
    ),
    ("GET", "/rate_limit"),
];

/// Percent-encodes one path segment: everything but RFC 3986 unreserved
/// characters (`A-Z a-z 0-9 - . _ ~`).
pub fn encode_segment(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Encodes a multi-segment value (a file path, a branch with `/`): each
/// segment encoded, `/` kept, empty segments dropped.
fn encode_path(path: &str) -> String {
    path.split('/')
        .filter(|segment| !segment.is_empty())
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

fn repo_path(owner: &str, repo: &str, rest: &str) -> String {
    format!(
        "/repos/{}/{}{}",
        encode_segment(owner),
        encode_segment(repo),
        rest
    )
}

impl Endpoint {
    /// The HTTP method.
    pub fn method(&self) -> Method {
        match self {
            Endpoint::PutRepoActionsPermissions { .. }
            | Endpoint::PutRepoWorkflowPermissions { .. }
            | Endpoint::PutSecret { .. }
            | Endpoint::PutContents { .. } => Method::Put,
            Endpoint::CreateRef { .. } | Endpoint::CreatePull { .. } => Method::Post,
            _ => Method::Get,
        }
    }

    /// The OpenAPI path template this endpoint instantiates (no query).
    pub fn template(&self) -> &'static str {
        match self {
            Endpoint::User => "/user",
            Endpoint::Repo { .. } => "/repos/{owner}/{repo}",
            Endpoint::OrgMembership { .. } => "/user/memberships/orgs/{org}",
            Endpoint::RepoActionsPermissions { .. }
            | Endpoint::PutRepoActionsPermissions { .. } => {
                "/repos/{owner}/{repo}/actions/permissions"
            }
            Endpoint::RepoSelectedActions { .. } => {
                "/repos/{owner}/{repo}/actions/permissions/selected-actions"
            }
            Endpoint::RepoWorkflowPermissions { .. }
            | Endpoint::PutRepoWorkflowPermissions { .. } => {
                "/repos/{owner}/{repo}/actions/permissions/workflow"
            }
            Endpoint::OrgActionsPermissions { .. } => "/orgs/{org}/actions/permissions",
            Endpoint::OrgWorkflowPermissions { .. } => "/orgs/{org}/actions/permissions/workflow",
            Endpoint::OrgSelectedActions { .. } => {
                "/orgs/{org}/actions/permissions/selected-actions"
            }
            Endpoint::RepoSecrets { .. } => "/repos/{owner}/{repo}/actions/secrets",
            Endpoint::RepoSecret { .. } | Endpoint::PutSecret { .. } => {
                "/repos/{owner}/{repo}/actions/secrets/{secret_name}"
            }
            Endpoint::RepoOrgSecrets { .. } => "/repos/{owner}/{repo}/actions/organization-secrets",
            Endpoint::SecretsPublicKey { .. } => "/repos/{owner}/{repo}/actions/secrets/public-key",
            Endpoint::RepoRunners { .. } => "/repos/{owner}/{repo}/actions/runners",
            Endpoint::OrgRunners { .. } => "/orgs/{org}/actions/runners",
            Endpoint::OrgPackage { .. } => "/orgs/{org}/packages/{package_type}/{package_name}",
            Endpoint::UserPackage { .. } => "/user/packages/{package_type}/{package_name}",
            Endpoint::UsersPackage { .. } => {
                "/users/{username}/packages/{package_type}/{package_name}"
            }
            Endpoint::WorkflowFile { .. } | Endpoint::PutContents { .. } => {
                "/repos/{owner}/{repo}/contents/{path}"
            }
            Endpoint::BranchRef { .. } => "/repos/{owner}/{repo}/git/ref/{ref}",
            Endpoint::CreateRef { .. } => "/repos/{owner}/{repo}/git/refs",
            Endpoint::CreatePull { .. } => "/repos/{owner}/{repo}/pulls",
            Endpoint::WorkflowRuns { .. } => {
                "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs"
            }
            Endpoint::RateLimit => "/rate_limit",
        }
    }

    /// The path with every parameter filled in and percent-encoded (no query).
    pub fn path(&self) -> String {
        match self {
            Endpoint::User => "/user".into(),
            Endpoint::RateLimit => "/rate_limit".into(),
            Endpoint::OrgMembership { org } => {
                format!("/user/memberships/orgs/{}", encode_segment(org))
            }
            Endpoint::OrgActionsPermissions { org } => org_path(org, "/actions/permissions"),
            Endpoint::OrgWorkflowPermissions { org } => {
                org_path(org, "/actions/permissions/workflow")
            }
            Endpoint::OrgSelectedActions { org } => {
                org_path(org, "/actions/permissions/selected-actions")
            }
            Endpoint::OrgRunners { org } => org_path(org, "/actions/runners"),
            Endpoint::OrgPackage { org, name } => org_path(org, &package_suffix(name)),
            Endpoint::UserPackage { name } => format!("/user{}", package_suffix(name)),
            Endpoint::UsersPackage { user, name } => {
                format!("/users/{}{}", encode_segment(user), package_suffix(name))
            }
            _ => self.repo_scoped_path().unwrap_or_default(),
        }
    }

    /// The query string including `?`, or empty.
    pub fn query(&self) -> String {
        match self {
            Endpoint::WorkflowRuns { per_page, .. } => format!("?per_page={per_page}"),
            _ => String::new(),
        }
    }

    /// The full URL under an API base (see [`normalize_base`]).
    pub fn url(&self, base: &str) -> String {
        format!("{}{}{}", normalize_base(base), self.path(), self.query())
    }

    fn repo_scoped_path(&self) -> Option<String> {
        let (owner, repo, rest) = match self {
            Endpoint::Repo { owner, repo } => (owner, repo, String::new()),
            Endpoint::RepoActionsPermissions { owner, repo }
            | Endpoint::PutRepoActionsPermissions { owner, repo } => {
                (owner, repo, "/actions/permissions".into())
            }
            Endpoint::RepoSelectedActions { owner, repo } => {
                (owner, repo, "/actions/permissions/selected-actions".into())
            }
            Endpoint::RepoWorkflowPermissions { owner, repo }
            | Endpoint::PutRepoWorkflowPermissions { owner, repo } => {
                (owner, repo, "/actions/permissions/workflow".into())
            }
            Endpoint::RepoSecrets { owner, repo } => (owner, repo, "/actions/secrets".into()),
            Endpoint::RepoSecret { owner, repo, name }
            | Endpoint::PutSecret { owner, repo, name } => (
                owner,
                repo,
                format!("/actions/secrets/{}", encode_segment(name)),
            ),
            Endpoint::RepoOrgSecrets { owner, repo } => {
                (owner, repo, "/actions/organization-secrets".into())
            }
            Endpoint::SecretsPublicKey { owner, repo } => {
                (owner, repo, "/actions/secrets/public-key".into())
            }
            Endpoint::RepoRunners { owner, repo } => (owner, repo, "/actions/runners".into()),
            Endpoint::WorkflowFile { owner, repo, path }
            | Endpoint::PutContents { owner, repo, path } => {
                (owner, repo, format!("/contents/{}", encode_path(path)))
            }
            Endpoint::BranchRef {
                owner,
                repo,
                branch,
            } => (
                owner,
                repo,
                format!("/git/ref/heads/{}", encode_path(branch)),
            ),
            Endpoint::CreateRef { owner, repo } => (owner, repo, "/git/refs".into()),
            Endpoint::CreatePull { owner, repo } => (owner, repo, "/pulls".into()),
            Endpoint::WorkflowRuns {
                owner, repo, file, ..
            } => (
                owner,
                repo,
                format!("/actions/workflows/{}/runs", encode_segment(file)),
            ),
            _ => return None,
        };
        Some(repo_path(owner, repo, &rest))
    }
}

fn org_path(org: &str, rest: &str) -> String {
    format!("/orgs/{}{}", encode_segment(org), rest)
}

fn package_suffix(name: &str) -> String {
    format!("/packages/{PACKAGE_TYPE}/{}", encode_segment(name))
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
