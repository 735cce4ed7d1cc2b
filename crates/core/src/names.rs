//! Validated names: repositories, images, branches, platforms, secrets, runner labels.
//!
//! Every type here can only hold a valid value. Each is built with `parse`,
//! which says what is wrong *and* what would be right when it refuses. The
//! rest of the crate (the workflow generator above all) relies on these rules
//! to keep typed text from changing the meaning of generated YAML.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a name was refused, phrased for a person: what is wrong and what to use instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameError {
    message: String,
}

impl NameError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        NameError {
            message: message.into(),
        }
    }

    /// The full message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for NameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for NameError {}

/// Shared plumbing for a string newtype: `as_str`, `Display`, `FromStr`, serde as a string.
macro_rules! string_name {
    ($ty:ident) => {
        impl $ty {
            /// The validated text.
            pub fn as_str(&self) -> &str {
                &self.text
            }
        }
        impl fmt::Display for $ty {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.text)
            }
        }
        impl std::str::FromStr for $ty {
            type Err = NameError;
            fn from_str(s: &str) -> Result<Self, NameError> {
                $ty::parse(s)
            }
        }
        impl TryFrom<String> for $ty {
            type Error = NameError;
            fn try_from(s: String) -> Result<Self, NameError> {
                $ty::parse(&s)
            }
        }
        impl From<$ty> for String {
            fn from(v: $ty) -> String {
                v.text
            }
        }
    };
}

/// Shorten typed text for quoting inside an error message.
fn shown(s: &str) -> String {
    const MAX: usize = 60;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}…")
    }
}

fn require_non_empty(s: &str, what: &str, example: &str) -> Result<(), NameError> {
    if s.is_empty() {
        Err(NameError::new(format!(
            "{what} is empty: enter one, e.g. `{example}`."
        )))
    } else {
        Ok(())
    }
}

// ---------------------------------------------------------------- RepoSlug

/// A GitHub repository as `owner/name`, in the case the person typed it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RepoSlug {
    text: String,
    owner_len: usize,
}
string_name!(RepoSlug);

const GITHUB_PREFIXES: &[&str] = &[
    "https://github.com/",
    "http://github.com/",
    "https://www.github.com/",
    "www.github.com/",
    "github.com/",
    "git@github.com:",
];

impl RepoSlug {
    /// Parse `owner/name`, or a pasted GitHub URL such as
    /// `https://github.com/Owner/Repo.git` or `https://github.com/Owner/Repo/tree/main`.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim();
        require_non_empty(trimmed, "The repository", "octocat/hello-world")?;
        let path = strip_github_prefix(trimmed)?;
        let mut parts = path.split('/');
        let owner = parts.next().unwrap_or_default();
        let mut name = parts.next().unwrap_or_default();
        let from_url = path.len() != trimmed.len();
        if from_url {
            name = name.strip_suffix(".git").unwrap_or(name);
        } else if parts.next().is_some() {
            return Err(NameError::new(format!(
                "`{}` has more than one `/`: write the repository as `owner/name`, e.g. `octocat/hello-world`.",
                shown(trimmed)
            )));
        }
        if name.is_empty() {
            return Err(NameError::new(format!(
                "`{}` has no repository name: write it as `owner/name`, e.g. `octocat/hello-world`.",
                shown(trimmed)
            )));
        }
        check_owner(owner)?;
        check_repo_name(name)?;
        Ok(RepoSlug {
            text: format!("{owner}/{name}"),
            owner_len: owner.len(),
        })
    }

    /// The user or organization that owns the repository.
    pub fn owner(&self) -> &str {
        &self.text[..self.owner_len]
    }

    /// The repository name without its owner.
    pub fn name(&self) -> &str {
        &self.text[self.owner_len + 1..]
    }
}

// ---------------------------------------------------------------- Login

/// A GitHub account name — a user or an organization — as GitHub spells it
/// (logins are case-insensitive, so the case is kept as typed).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Login {
    text: String,
}
string_name!(Login);

impl Login {
    /// Parse a login: letters, digits and single inner hyphens, at most 39 characters.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        check_owner(s)?;
        Ok(Login {
            text: s.to_string(),
        })
    }

    /// True when both name the same account (GitHub ignores case).
    pub fn same_account(&self, other: &str) -> bool {
        self.text.eq_ignore_ascii_case(other.trim())
    }
}

impl RepoSlug {
    /// The owner as a [`Login`].
    pub fn owner_login(&self) -> Login {
        Login {
            text: self.owner().to_string(),
        }
    }
}

fn strip_github_prefix(s: &str) -> Result<&str, NameError> {
    let lower = s.to_ascii_lowercase();
    for prefix in GITHUB_PREFIXES {
        if lower.starts_with(prefix) {
            return Ok(&s[prefix.len()..]);
        }
    }
    if s.contains("://") || s.starts_with("git@") {
        return Err(NameError::new(format!(
            "`{}` is not a github.com address: enter `owner/name` or a URL like `https://github.com/owner/name`.",
            shown(s)
        )));
    }
    Ok(s)
}

fn check_owner(owner: &str) -> Result<(), NameError> {
    let example = "octocat";
    require_non_empty(owner, "The owner", example)?;
    let valid_chars = owner.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if !valid_chars {
        return Err(NameError::new(format!(
            "The owner `{}` may only contain letters, digits and single hyphens, e.g. `{example}` or `my-org`.",
            shown(owner)
        )));
    }
    if owner.len() > 39 {
        return Err(NameError::new(format!(
            "The owner `{}` is {} characters long: GitHub user and organization names have at most 39.",
            shown(owner),
            owner.len()
        )));
    }
    if owner.starts_with('-') || owner.ends_with('-') || owner.contains("--") {
        return Err(NameError::new(format!(
            "The owner `{}` cannot start or end with a hyphen or contain two in a row: e.g. `my-org`.",
            shown(owner)
        )));
    }
    Ok(())
}

fn check_repo_name(name: &str) -> Result<(), NameError> {
    let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
    if !name.chars().all(ok) {
        return Err(NameError::new(format!(
            "The repository name `{}` may only contain letters, digits, `.`, `_` and `-`, e.g. `hello-world`.",
            shown(name)
        )));
    }
    if name.len() > 100 {
        return Err(NameError::new(format!(
            "The repository name is {} characters long: GitHub allows at most 100.",
            name.len()
        )));
    }
    if name == "." || name == ".." {
        return Err(NameError::new(
            "`.` and `..` are not repository names: use the real name, e.g. `hello-world`.",
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------- ImageName

/// The registry every image name refers to.
pub const REGISTRY: &str = "ghcr.io";

/// A full lower-case image reference on ghcr.io without a tag: `ghcr.io/<namespace>/<name>`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ImageName {
    text: String,
}
string_name!(ImageName);

const MAX_IMAGE_PATH: usize = 255;

impl ImageName {
    /// Parse `ghcr.io/namespace/name` or `namespace/name` (the prefix is added).
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let trimmed = input.trim();
        require_non_empty(trimmed, "The image name", "ghcr.io/octocat/app")?;
        let path = strip_registry(trimmed)?;
        let suggestion = format!("{REGISTRY}/{}", path.to_lowercase());
        if path.chars().any(|c| c.is_uppercase()) {
            return Err(NameError::new(format!(
                "Image names must be lower case on ghcr.io: use `{}`.",
                shown(&suggestion)
            )));
        }
        if let Some(pos) = path.find([':', '@']) {
            let bare = &path[..pos];
            return Err(NameError::new(format!(
                "Enter the image name without a tag or digest: use `{REGISTRY}/{}`; the workflow adds the tags.",
                shown(bare)
            )));
        }
        check_image_path(path)?;
        Ok(ImageName {
            text: format!("{REGISTRY}/{path}"),
        })
    }

    /// The image name GitHub's conventions give a repository: `ghcr.io/<owner>/<name>` in lower case.
    ///
    /// Fails only when the lower-cased repository name is not a valid image
    /// path component (e.g. `my..repo` or `_private`); the person then types one.
    pub fn for_repo(repo: &RepoSlug) -> Result<Self, NameError> {
        let path = format!("{}/{}", repo.owner(), repo.name()).to_lowercase();
        check_image_path(&path).map_err(|e| {
            NameError::new(format!(
                "The repository `{repo}` does not lower-case to a valid image name ({}). Type an image name instead, e.g. `{REGISTRY}/{}/app`.",
                e.message.trim_end_matches('.'),
                repo.owner().to_lowercase()
            ))
        })?;
        Ok(ImageName {
            text: format!("{REGISTRY}/{path}"),
        })
    }

    /// The part after `ghcr.io/`.
    pub fn path(&self) -> &str {
        &self.text[REGISTRY.len() + 1..]
    }

    /// The account the package lives under: the first path part (`octocat` in `ghcr.io/octocat/app`).
    pub fn namespace(&self) -> &str {
        self.path().split('/').next().unwrap_or_default()
    }

    /// The package GitHub creates for this image: the path after the namespace
    /// (`app` in `ghcr.io/octocat/app`, `tools/app` in `ghcr.io/octocat/tools/app`).
    pub fn package_name(&self) -> PackageName {
        let path = self.path();
        let start = path.find('/').map_or(path.len(), |i| i + 1);
        PackageName {
            text: path[start..].to_string(),
        }
    }
}

/// A container package name: an image path after its namespace, lower case,
/// possibly with `/` (sent as one escaped path segment).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PackageName {
    text: String,
}

impl PackageName {
    /// The validated text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for PackageName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn strip_registry(s: &str) -> Result<&str, NameError> {
    if let Some(rest) = s.strip_prefix("ghcr.io/") {
        return Ok(rest);
    }
    if s.to_ascii_lowercase().starts_with("ghcr.io/") {
        return Err(NameError::new(format!(
            "Image names must be lower case on ghcr.io: use `{}`.",
            shown(&s.to_lowercase())
        )));
    }
    let first = s.split('/').next().unwrap_or_default();
    if s.contains('/') && (first.contains('.') || first.contains(':') || first == "localhost") {
        let rest = &s[first.len() + 1..];
        return Err(NameError::new(format!(
            "`{}` is a registry other than ghcr.io: this tool publishes to ghcr.io, e.g. `{REGISTRY}/{}`.",
            shown(first),
            shown(&rest.to_lowercase())
        )));
    }
    Ok(s)
}

fn check_image_path(path: &str) -> Result<(), NameError> {
    let components: Vec<&str> = path.split('/').collect();
    if components.len() < 2 {
        return Err(NameError::new(format!(
            "`{}` needs a namespace: use `{REGISTRY}/<owner>/{}`, e.g. `{REGISTRY}/octocat/{}`.",
            shown(path),
            shown(path),
            shown(path)
        )));
    }
    if path.len() > MAX_IMAGE_PATH {
        return Err(NameError::new(format!(
            "The image name is {} characters long: keep it under {MAX_IMAGE_PATH}.",
            path.len()
        )));
    }
    components.iter().try_for_each(|c| check_image_component(c))
}

/// One OCI path component: `[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*`.
fn check_image_component(c: &str) -> Result<(), NameError> {
    let alnum = |ch: char| ch.is_ascii_lowercase() || ch.is_ascii_digit();
    let wrong = || {
        NameError::new(format!(
            "`{}` is not a valid image path part: use lower-case letters and digits, separated by `.`, `_`, `__` or hyphens, e.g. `my-app`.",
            shown(c)
        ))
    };
    if c.is_empty() {
        return Err(NameError::new(
            "The image name has an empty part (`//` or a trailing `/`): write it as `ghcr.io/owner/name`.",
        ));
    }
    let bytes: Vec<char> = c.chars().collect();
    if !alnum(bytes[0]) || !alnum(bytes[bytes.len() - 1]) {
        return Err(wrong());
    }
    let mut i = 0;
    while i < bytes.len() {
        if alnum(bytes[i]) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && !alnum(bytes[i]) {
            i += 1;
        }
        let sep: String = bytes[start..i].iter().collect();
        let ok = sep == "." || sep == "_" || sep == "__" || sep.chars().all(|s| s == '-');
        if !ok {
            return Err(wrong());
        }
    }
    Ok(())
}

// ---------------------------------------------------------------- BranchPattern

/// A branch or tag name, or a GitHub filter pattern such as `release/*` or `v*.*.*`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BranchPattern {
    text: String,
}
string_name!(BranchPattern);

const GLOB_CHARS: &[char] = &['*', '?', '+', '[', ']'];

impl BranchPattern {
    /// Parse a git ref name or filter pattern. Allowed: letters, digits, `. _ - /`
    /// and the pattern characters `* ? + [ ]`.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        require_non_empty(s, "The branch or tag pattern", "main")?;
        let ok = |c: char| {
            c.is_ascii_alphanumeric()
                || matches!(c, '.' | '_' | '-' | '/')
                || GLOB_CHARS.contains(&c)
        };
        if let Some(bad) = s.chars().find(|c| !ok(*c)) {
            return Err(NameError::new(format!(
                "`{}` contains `{}`: use letters, digits, `.`, `_`, `-`, `/` and the pattern characters `*`, `?`, `+`, `[`, `]`, e.g. `main` or `release/*`.",
                shown(s),
                bad.escape_default()
            )));
        }
        if s.len() > 255 {
            return Err(NameError::new(
                "The branch or tag pattern is longer than 255 characters: shorten it.",
            ));
        }
        let bad_shape = s.starts_with(['/', '-', '.'])
            || s.ends_with(['/', '.'])
            || s.contains("..")
            || s.contains("//")
            || s.ends_with(".lock");
        if bad_shape {
            return Err(NameError::new(format!(
                "`{}` is not a valid git ref: it cannot start with `/`, `-` or `.`, end with `/`, `.` or `.lock`, or contain `..` or `//`; e.g. `release/*`.",
                shown(s)
            )));
        }
        Ok(BranchPattern {
            text: s.to_string(),
        })
    }

    /// True when the pattern contains wildcard characters and so names no single branch.
    pub fn is_glob(&self) -> bool {
        self.text.contains(GLOB_CHARS)
    }
}

// ---------------------------------------------------------------- BranchName

/// One branch or tag name (no wildcards), as used in a git ref.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct BranchName {
    text: String,
}
string_name!(BranchName);

impl BranchName {
    /// Parse a branch or tag name: the rules of [`BranchPattern`] without wildcards.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let pattern = BranchPattern::parse(input)?;
        if pattern.is_glob() {
            return Err(NameError::new(format!(
                "`{}` is a pattern: name one branch, e.g. `main`.",
                shown(pattern.as_str())
            )));
        }
        Ok(BranchName { text: pattern.text })
    }
}

// ---------------------------------------------------------------- CommitSha

/// A full 40-hex-digit git object id, lower case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct CommitSha {
    text: String,
}
string_name!(CommitSha);

impl CommitSha {
    /// Parse 40 hex digits (upper case is lower-cased).
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        if s.len() != 40 || !s.chars().all(|c| c.is_ascii_hexdigit()) {
            return Err(NameError::new(format!(
                "`{}` is not a full commit SHA: it has 40 hexadecimal digits.",
                shown(s)
            )));
        }
        Ok(CommitSha {
            text: s.to_ascii_lowercase(),
        })
    }
}

// ---------------------------------------------------------------- WorkflowFileName

/// The file name of a workflow under `.github/workflows/`, e.g. `docker-image.yml`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct WorkflowFileName {
    text: String,
}
string_name!(WorkflowFileName);

/// Where GitHub Actions reads workflows from.
pub const WORKFLOWS_DIR: &str = ".github/workflows";

impl WorkflowFileName {
    /// Parse a `.yml`/`.yaml` file name of letters, digits, `.`, `_` and `-`.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        require_non_empty(s, "The workflow file name", "docker-image.yml")?;
        let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        let lower = s.to_ascii_lowercase();
        if !s.chars().all(ok)
            || s.starts_with('.')
            || s.len() > 100
            || !(lower.ends_with(".yml") || lower.ends_with(".yaml"))
        {
            return Err(NameError::new(format!(
                "`{}` is not a workflow file name: use letters, digits, `.`, `_` and `-` ending in `.yml`, e.g. `docker-image.yml`.",
                shown(s)
            )));
        }
        Ok(WorkflowFileName {
            text: s.to_string(),
        })
    }

    /// `docker-image.yml`, the file the generator writes.
    pub fn docker_image() -> Self {
        WorkflowFileName {
            text: "docker-image.yml".to_string(),
        }
    }

    /// The path in the repository: `.github/workflows/<name>`.
    pub fn repo_path(&self) -> RepoPath {
        RepoPath {
            text: format!("{WORKFLOWS_DIR}/{}", self.text),
        }
    }
}

// ---------------------------------------------------------------- Platform

/// A build platform `os/arch[/variant]`, e.g. `linux/amd64` or `linux/arm/v7`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Platform {
    text: String,
}
string_name!(Platform);

impl Platform {
    /// Parse `os/arch` or `os/arch/variant`, each part lower-case letters, digits or `_`.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        require_non_empty(s, "The platform", "linux/amd64")?;
        if s.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(NameError::new(format!(
                "Platforms are lower case: use `{}`.",
                shown(&s.to_ascii_lowercase())
            )));
        }
        let parts: Vec<&str> = s.split('/').collect();
        let part_ok = |p: &&str| {
            !p.is_empty()
                && p.len() <= 32
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        if !(2..=3).contains(&parts.len()) || !parts.iter().all(part_ok) {
            return Err(NameError::new(format!(
                "`{}` is not a platform: write `os/arch` or `os/arch/variant`, e.g. `linux/amd64`, `linux/arm64` or `linux/arm/v7`.",
                shown(s)
            )));
        }
        Ok(Platform {
            text: s.to_string(),
        })
    }

    /// `linux/amd64`, the platform of GitHub's standard hosted runners.
    pub fn linux_amd64() -> Self {
        Platform {
            text: "linux/amd64".to_string(),
        }
    }
}

// ---------------------------------------------------------------- SecretName

/// An Actions secret name, normalized to upper case: `[A-Z0-9_]`, not starting
/// with a digit or `GITHUB_`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SecretName {
    text: String,
}
string_name!(SecretName);

impl SecretName {
    /// Parse and upper-case a secret name.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        let example = "LOCAL_RUNNER_FALLBACK_TOKEN";
        require_non_empty(s, "The secret name", example)?;
        let upper = s.to_ascii_uppercase();
        if !upper.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            let cleaned: String = upper
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            return Err(NameError::new(format!(
                "Secret names may only contain letters, digits and `_`: e.g. `{}`.",
                shown(&cleaned)
            )));
        }
        if upper.starts_with(|c: char| c.is_ascii_digit()) {
            return Err(NameError::new(format!(
                "Secret names cannot start with a digit: e.g. `TOKEN_{}`.",
                shown(&upper)
            )));
        }
        if upper.starts_with("GITHUB_") {
            return Err(NameError::new(format!(
                "Secret names cannot start with `GITHUB_` (GitHub reserves that prefix): e.g. `{example}`."
            )));
        }
        if upper.len() > 100 {
            return Err(NameError::new(
                "The secret name is longer than 100 characters: shorten it.",
            ));
        }
        Ok(SecretName { text: upper })
    }
}

// ---------------------------------------------------------------- RunnerLabel

/// A runner label for `runs-on`, e.g. `ubuntu-latest`, `self-hosted` or `my-label`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RunnerLabel {
    text: String,
}
string_name!(RunnerLabel);

impl RunnerLabel {
    /// Parse one label: letters, digits, `.`, `_`, `-`; at most 100 characters.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        require_non_empty(s, "The runner label", "ubuntu-latest")?;
        let ok = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-');
        if !s.chars().all(ok) || s.starts_with('-') {
            return Err(NameError::new(format!(
                "`{}` is not a runner label: use letters, digits, `.`, `_` and `-`, e.g. `ubuntu-latest` or `self-hosted`.",
                shown(s)
            )));
        }
        if s.len() > 100 {
            return Err(NameError::new(
                "The runner label is longer than 100 characters: shorten it.",
            ));
        }
        Ok(RunnerLabel {
            text: s.to_string(),
        })
    }

    /// `ubuntu-latest`, GitHub's standard hosted runner.
    pub fn ubuntu_latest() -> Self {
        RunnerLabel {
            text: "ubuntu-latest".to_string(),
        }
    }

    /// True for the `self-hosted` label.
    pub fn is_self_hosted(&self) -> bool {
        self.text.eq_ignore_ascii_case("self-hosted")
    }
}

// ---------------------------------------------------------------- RepoPath

/// A path inside the repository, relative to its root: `.`, `./Dockerfile`, `docker/app.Dockerfile`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct RepoPath {
    text: String,
}
string_name!(RepoPath);

impl RepoPath {
    /// Parse a relative path of letters, digits, `.`, `_`, `-`, `+`, `@` and `/`, without `..` parts.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        require_non_empty(s, "The path", "./Dockerfile")?;
        let ok =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '+' | '@' | '/');
        if let Some(bad) = s.chars().find(|c| !ok(*c)) {
            return Err(NameError::new(format!(
                "The path `{}` contains `{}`: use letters, digits, `.`, `_`, `-`, `+`, `@` and `/`, e.g. `./docker/Dockerfile`.",
                shown(s),
                bad.escape_default()
            )));
        }
        if s.starts_with('/') || s.split('/').any(|part| part == "..") {
            return Err(NameError::new(format!(
                "The path `{}` leaves the repository: write it relative to the repository root, e.g. `./Dockerfile`.",
                shown(s)
            )));
        }
        if s.len() > 255 {
            return Err(NameError::new(
                "The path is longer than 255 characters: shorten it.",
            ));
        }
        Ok(RepoPath {
            text: s.to_string(),
        })
    }

    /// The path as the contents API names it: `./` and `.` parts and empty
    /// parts dropped (`./docker//Dockerfile` → `docker/Dockerfile`); empty for
    /// the repository root.
    pub fn normalized(&self) -> String {
        self.text
            .split('/')
            .filter(|part| !part.is_empty() && *part != ".")
            .collect::<Vec<_>>()
            .join("/")
    }

    /// `file` inside this directory (`app` + `Dockerfile` → `app/Dockerfile`).
    pub fn join(&self, file: &str) -> Result<RepoPath, NameError> {
        let dir = self.normalized();
        if dir.is_empty() {
            RepoPath::parse(file)
        } else {
            RepoPath::parse(&format!("{dir}/{file}"))
        }
    }
}

// ---------------------------------------------------------------- UsesRef

/// A remote action or reusable workflow as a `uses:` names it:
/// `owner/repo[/path]@ref`, every part checked. The owner follows the login
/// rules, the repository the repository-name rules, the path [`RepoPath`]'s
/// (without empty or `.` parts), the ref is letters, digits, `.`, `_`, `-`,
/// `/` and `+`. So no part holds `*`, `!`, `,` or whitespace, and a policy
/// pattern made from one ([`AllowPattern::exact`]) names exactly this action.
/// Case is kept as written (GitHub ignores it).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct UsesRef {
    owner: Login,
    repo: String,
    path: Option<RepoPath>,
    reference: String,
}

impl UsesRef {
    /// Parse a `uses:` value such as `docker/login-action@v4` or
    /// `org/repo/.github/workflows/build.yml@main`. Local (`./…`) and
    /// `docker://` references are not remote actions and are refused too.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        let example =
            "write it as `owner/repo@ref` or `owner/repo/path@ref`, e.g. `docker/login-action@v4`";
        require_non_empty(s, "The `uses:` value", "docker/login-action@v4")?;
        if let Some(bad) = s
            .chars()
            .find(|c| matches!(c, '*' | '!' | ',') || c.is_whitespace())
        {
            return Err(NameError::new(format!(
                "`{}` contains `{}`, which no action reference has: {example}.",
                shown(s),
                bad.escape_default()
            )));
        }
        let Some((name, reference)) = s.split_once('@') else {
            return Err(NameError::new(format!(
                "`{}` has no `@ref`: {example}.",
                shown(s)
            )));
        };
        let mut parts = name.splitn(3, '/');
        let owner = parts.next().unwrap_or_default();
        let repo = parts.next().unwrap_or_default();
        if repo.is_empty() {
            return Err(NameError::new(format!(
                "`{}` names no repository: {example}.",
                shown(s)
            )));
        }
        let owner = Login::parse(owner)
            .map_err(|e| NameError::new(format!("In `{}`: {}", shown(s), e.message())))?;
        check_repo_name(repo)
            .map_err(|e| NameError::new(format!("In `{}`: {}", shown(s), e.message())))?;
        let path = match parts.next() {
            None => None,
            Some(p) => {
                let parsed = RepoPath::parse(p)
                    .map_err(|e| NameError::new(format!("In `{}`: {}", shown(s), e.message())))?;
                if parsed.normalized() != p {
                    return Err(NameError::new(format!(
                        "The path in `{}` has an empty or `.` part: write it as `owner/repo/dir/action@ref`.",
                        shown(s)
                    )));
                }
                Some(parsed)
            }
        };
        let ref_ok =
            |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/' | '+');
        if reference.is_empty() {
            return Err(NameError::new(format!(
                "`{}` has nothing after `@`: name a tag, branch or commit SHA, e.g. `@v4`.",
                shown(s)
            )));
        }
        if let Some(bad) = reference.chars().find(|c| !ref_ok(*c)) {
            return Err(NameError::new(format!(
                "The ref in `{}` contains `{}`: a tag, branch or commit SHA has letters, digits, `.`, `_`, `-`, `/` and `+`, e.g. `@v4`.",
                shown(s),
                bad.escape_default()
            )));
        }
        if reference.len() > 255 {
            return Err(NameError::new(
                "The ref after `@` is longer than 255 characters: name a tag, branch or commit SHA.",
            ));
        }
        Ok(UsesRef {
            owner,
            repo: repo.to_string(),
            path,
            reference: reference.to_string(),
        })
    }

    /// The account that owns the action.
    pub fn owner(&self) -> &str {
        self.owner.as_str()
    }

    /// The repository name, without its owner.
    pub fn repo(&self) -> &str {
        &self.repo
    }

    /// The path inside the repository (`restore`, `.github/workflows/f.yml`), if any.
    pub fn path(&self) -> Option<&str> {
        self.path.as_ref().map(RepoPath::as_str)
    }

    /// The tag, branch or SHA after `@`.
    pub fn reference(&self) -> &str {
        &self.reference
    }

    /// `owner/repo`.
    pub fn repository(&self) -> String {
        format!("{}/{}", self.owner, self.repo)
    }

    /// `owner/repo[/path]`.
    pub fn name(&self) -> String {
        match &self.path {
            Some(p) => format!("{}/{}/{p}", self.owner, self.repo),
            None => self.repository(),
        }
    }
}

impl fmt::Display for UsesRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.name(), self.reference)
    }
}

// ---------------------------------------------------------------- AllowPattern

/// A pattern this tool adds to an allowed-actions list: one action at any
/// version, `owner/repo[/path]@*`. The trailing `@*` is the only wildcard it
/// can hold, so adding one never allows another action (never `*/*@*` or
/// `owner/*@*`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AllowPattern {
    text: String,
}
string_name!(AllowPattern);

impl AllowPattern {
    /// The pattern allowing exactly `action`, at any version.
    pub fn exact(action: &UsesRef) -> AllowPattern {
        AllowPattern {
            text: format!("{}@*", action.name()),
        }
    }

    /// Parse `owner/repo[/path]@*`; any other `*`, a `!`, a `,` or
    /// whitespace is refused.
    pub fn parse(input: &str) -> Result<Self, NameError> {
        let s = input.trim();
        let Some(name) = s.strip_suffix("@*") else {
            return Err(NameError::new(format!(
                "`{}` does not end in `@*`: an allow pattern names one action at any version, e.g. `docker/login-action@*`.",
                shown(s)
            )));
        };
        let action = UsesRef::parse(&format!("{name}@any"))?;
        Ok(AllowPattern::exact(&action))
    }

    /// The account whose action it allows.
    pub fn owner(&self) -> &str {
        self.text.split('/').next().unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repo_slug_accepts_urls_and_keeps_case() {
        for input in [
            "Kulzer-Dental/kdc-experimental-image",
            "https://github.com/Kulzer-Dental/kdc-experimental-image",
            "https://github.com/Kulzer-Dental/kdc-experimental-image.git",
            "https://github.com/Kulzer-Dental/kdc-experimental-image/tree/main/src",
            "git@github.com:Kulzer-Dental/kdc-experimental-image.git",
            "  github.com/Kulzer-Dental/kdc-experimental-image/  ",
        ] {
            let slug = RepoSlug::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            assert_eq!(slug.as_str(), "Kulzer-Dental/kdc-experimental-image");
            assert_eq!(slug.owner(), "Kulzer-Dental");
            assert_eq!(slug.name(), "kdc-experimental-image");
        }
    }

    #[test]
    fn repo_slug_refuses_bad_owners_and_names() {
        for bad in [
            "",
            "owner",
            "-a/b",
            "a-/b",
            "a--b/c",
            "a/b/c",
            "a b/c",
            "a/.",
            "a/..",
            "a/b c",
            "https://gitlab.com/a/b",
            "o/",
            "/r",
        ] {
            assert!(RepoSlug::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(RepoSlug::parse(&format!("{}/r", "a".repeat(40))).is_err());
        assert!(RepoSlug::parse(&format!("{}/r", "a".repeat(39))).is_ok());
        assert!(RepoSlug::parse(&format!("o/{}", "r".repeat(101))).is_err());
    }

    #[test]
    fn image_for_repo_lower_cases() {
        let slug = RepoSlug::parse("Kulzer-Dental/kdc-experimental-image").unwrap();
        let image = ImageName::for_repo(&slug).unwrap();
        assert_eq!(
            image.as_str(),
            "ghcr.io/kulzer-dental/kdc-experimental-image"
        );
        assert_eq!(image.path(), "kulzer-dental/kdc-experimental-image");
        let odd = RepoSlug::parse("o/_private").unwrap();
        assert!(ImageName::for_repo(&odd).is_err());
    }

    #[test]
    fn image_upper_case_error_names_the_lower_case_form() {
        let err = ImageName::parse("ghcr.io/Kulzer-Dental/App").unwrap_err();
        assert_eq!(
            err.to_string(),
            "Image names must be lower case on ghcr.io: use `ghcr.io/kulzer-dental/app`."
        );
        let err = ImageName::parse("Kulzer-Dental/App").unwrap_err();
        assert!(
            err.to_string().contains("`ghcr.io/kulzer-dental/app`"),
            "{err}"
        );
    }

    #[test]
    fn image_parse_rules() {
        assert_eq!(ImageName::parse("o/app").unwrap().as_str(), "ghcr.io/o/app");
        assert_eq!(
            ImageName::parse("ghcr.io/o/a/b.c_d__e--f")
                .unwrap()
                .as_str(),
            "ghcr.io/o/a/b.c_d__e--f"
        );
        for bad in [
            "app",
            "ghcr.io/app",
            "o/app:latest",
            "o/app@sha256:00",
            "docker.io/o/a",
            "o//a",
            "o/a-",
            "o/_a",
            "o/a___b",
            "o/a..b",
        ] {
            assert!(ImageName::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn branch_patterns() {
        for good in ["main", "release/*", "v*.*.*", "feature/**", "v[0-9]+"] {
            assert_eq!(BranchPattern::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "", "a b", "a..b", "/a", "a/", "-a", "a'b", "a:b", "${{x}}", "!main", "a#b",
        ] {
            assert!(BranchPattern::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(BranchPattern::parse("v*").unwrap().is_glob());
        assert!(!BranchPattern::parse("main").unwrap().is_glob());
    }

    #[test]
    fn platforms() {
        for good in [
            "linux/amd64",
            "linux/arm64",
            "linux/arm/v7",
            "windows/amd64",
        ] {
            assert!(Platform::parse(good).is_ok(), "{good}");
        }
        for bad in ["linux", "linux/", "a/b/c/d", "Linux/amd64", "linux/amd 64"] {
            assert!(Platform::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert_eq!(
            Platform::parse("Linux/AMD64").unwrap_err().to_string(),
            "Platforms are lower case: use `linux/amd64`."
        );
    }

    #[test]
    fn secret_names() {
        assert_eq!(
            SecretName::parse("local_runner_fallback_token")
                .unwrap()
                .as_str(),
            "LOCAL_RUNNER_FALLBACK_TOKEN"
        );
        for bad in ["", "GITHUB_TOKEN", "github_x", "1ABC", "A-B", "A B", "A}}"] {
            assert!(SecretName::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn runner_labels() {
        for good in [
            "ubuntu-latest",
            "self-hosted",
            "linux",
            "x64",
            "my-label",
            "ubuntu-24.04",
        ] {
            assert!(RunnerLabel::parse(good).is_ok(), "{good}");
        }
        for bad in ["", "a b", "a,b", "-x", "a'b"] {
            assert!(RunnerLabel::parse(bad).is_err(), "{bad:?} accepted");
        }
        assert!(RunnerLabel::parse("Self-Hosted").unwrap().is_self_hosted());
    }

    #[test]
    fn repo_paths() {
        for good in [".", "./Dockerfile", "docker/app.Dockerfile", "a/b_c-d+e@f"] {
            assert_eq!(RepoPath::parse(good).unwrap().as_str(), good);
        }
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../b",
            "a b",
            "${{ x }}",
            "a'b",
            "a\nb",
        ] {
            assert!(RepoPath::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn serde_is_a_plain_string_and_validates() {
        let slug = RepoSlug::parse("O/r").unwrap();
        assert_eq!(serde_json::to_string(&slug).unwrap(), "\"O/r\"");
        let back: RepoSlug = serde_json::from_str("\"O/r\"").unwrap();
        assert_eq!(back, slug);
        assert!(serde_json::from_str::<ImageName>("\"ghcr.io/O/r\"").is_err());
    }
}
