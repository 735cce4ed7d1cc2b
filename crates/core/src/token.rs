//! Tokens and OAuth scopes: what kind of token the person holds, what it may
//! do, and what that means for the checks.
//!
//! A token only ever lives in a [`Secret`], whose `Debug` and `Display` print
//! `***`. Scopes come from the `X-OAuth-Scopes` header (or the `scope` field of
//! a device-flow answer) and are compared with the implications GitHub applies
//! (`admin:org` includes `read:org`, `write:packages` includes `read:packages`).

use std::fmt;

/// A token (or any credential) that must never be printed.
///
/// `Debug` and `Display` print `***`; the only way to the text is
/// [`Secret::expose`]. Serde is deliberately not implemented.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a credential as given (no validation; see [`parse_pasted_token`]).
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The credential itself, for an `Authorization` header or storage.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// The kind of token, from its prefix.
    pub fn kind(&self) -> TokenKind {
        TokenKind::detect(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// The kind of a GitHub token, told by its prefix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// `ghp_`: personal access token (classic).
    ClassicPat,
    /// `github_pat_`: fine-grained personal access token.
    FineGrainedPat,
    /// `gho_`: OAuth App user token (what the device flow gives).
    OAuth,
    /// `ghu_`: GitHub App user-to-server token.
    AppUser,
    /// `ghs_`: GitHub App installation token (also `GITHUB_TOKEN`).
    Installation,
    /// `ghr_`: GitHub App refresh token; cannot call the API.
    Refresh,
    /// No known prefix (for example a pre-2021 40-hex token).
    Unknown,
}

impl TokenKind {
    /// Detects the kind from the token's prefix.
    pub fn detect(token: &str) -> Self {
        const PREFIXES: [(&str, TokenKind); 6] = [
            ("github_pat_", TokenKind::FineGrainedPat),
            ("ghp_", TokenKind::ClassicPat),
            ("gho_", TokenKind::OAuth),
            ("ghu_", TokenKind::AppUser),
            ("ghs_", TokenKind::Installation),
            ("ghr_", TokenKind::Refresh),
        ];
        let token = token.trim();
        PREFIXES
            .iter()
            .find(|(prefix, _)| token.starts_with(prefix))
            .map_or(TokenKind::Unknown, |(_, kind)| *kind)
    }

    /// A short human name for the kind.
    pub fn label(self) -> &'static str {
        match self {
            TokenKind::ClassicPat => "Personal access token (classic)",
            TokenKind::FineGrainedPat => "Fine-grained personal access token",
            TokenKind::OAuth => "OAuth App token",
            TokenKind::AppUser => "GitHub App user token",
            TokenKind::Installation => "GitHub App installation token",
            TokenKind::Refresh => "GitHub App refresh token",
            TokenKind::Unknown => "Token of unknown kind",
        }
    }

    /// The kind as it reads inside a sentence ("a fine-grained personal access token").
    pub fn in_sentence(self) -> &'static str {
        match self {
            TokenKind::ClassicPat => "personal access token (classic)",
            TokenKind::FineGrainedPat => "fine-grained personal access token",
            TokenKind::OAuth => "OAuth App token",
            TokenKind::AppUser => "GitHub App user token",
            TokenKind::Installation => "GitHub App installation token",
            TokenKind::Refresh => "GitHub App refresh token",
            TokenKind::Unknown => "token of unknown kind",
        }
    }

    /// Whether GitHub's Packages REST API accepts this kind of token.
    ///
    /// Only classic-style tokens (classic PAT, OAuth App token) have a
    /// packages scope; fine-grained and GitHub App tokens have no packages
    /// permission.
    pub fn packages_api_supported(self) -> bool {
        matches!(self, TokenKind::ClassicPat | TokenKind::OAuth)
    }

    /// Whether the token carries OAuth scopes (reported in `X-OAuth-Scopes`).
    /// Unknown tokens are treated as classic (old tokens had no prefix).
    pub fn uses_scopes(self) -> bool {
        matches!(
            self,
            TokenKind::ClassicPat | TokenKind::OAuth | TokenKind::Unknown
        )
    }
}

/// One OAuth scope.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Scope {
    Repo,
    ReadOrg,
    ReadPackages,
    WritePackages,
    Workflow,
    AdminOrg,
    /// Any other scope, as GitHub spells it.
    Other(String),
}

impl Scope {
    /// Parses one scope name (surrounding whitespace ignored).
    pub fn parse(name: &str) -> Self {
        match name.trim() {
            "repo" => Scope::Repo,
            "read:org" => Scope::ReadOrg,
            "read:packages" => Scope::ReadPackages,
            "write:packages" => Scope::WritePackages,
            "workflow" => Scope::Workflow,
            "admin:org" => Scope::AdminOrg,
            other => Scope::Other(other.to_string()),
        }
    }

    /// The scope as GitHub spells it.
    pub fn as_str(&self) -> &str {
        match self {
            Scope::Repo => "repo",
            Scope::ReadOrg => "read:org",
            Scope::ReadPackages => "read:packages",
            Scope::WritePackages => "write:packages",
            Scope::Workflow => "workflow",
            Scope::AdminOrg => "admin:org",
            Scope::Other(name) => name,
        }
    }
}

impl fmt::Display for Scope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Scopes that include the named one (GitHub's scope hierarchy, the parts
/// this tool meets).
fn broader_scopes(name: &str) -> &'static [&'static str] {
    match name {
        "read:org" => &["write:org", "admin:org"],
        "write:org" => &["admin:org"],
        "read:packages" => &["write:packages"],
        "public_repo" | "repo:status" | "repo_deployment" | "repo:invite" | "security_events" => {
            &["repo"]
        }
        "read:user" | "user:email" | "user:follow" => &["user"],
        "read:repo_hook" => &["write:repo_hook", "admin:repo_hook"],
        "write:repo_hook" => &["admin:repo_hook"],
        "read:public_key" => &["write:public_key", "admin:public_key"],
        "write:public_key" => &["admin:public_key"],
        "read:gpg_key" => &["write:gpg_key", "admin:gpg_key"],
        "write:gpg_key" => &["admin:gpg_key"],
        "read:discussion" => &["write:discussion"],
        _ => &[],
    }
}

/// The scopes a token was granted, as listed by GitHub.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Scopes {
    listed: Vec<Scope>,
}

impl Scopes {
    /// Parses an `X-OAuth-Scopes` header (or a device-flow `scope` field):
    /// names separated by commas and/or spaces; empty parts are skipped,
    /// duplicates kept once.
    pub fn parse_header(x_oauth_scopes: &str) -> Self {
        let mut listed: Vec<Scope> = Vec::new();
        for part in x_oauth_scopes.split([',', ' ']) {
            if part.trim().is_empty() {
                continue;
            }
            let scope = Scope::parse(part);
            if !listed.contains(&scope) {
                listed.push(scope);
            }
        }
        Scopes { listed }
    }

    /// Builds a set from scopes.
    pub fn from_scopes(scopes: impl IntoIterator<Item = Scope>) -> Self {
        let mut listed: Vec<Scope> = Vec::new();
        for scope in scopes {
            if !listed.contains(&scope) {
                listed.push(scope);
            }
        }
        Scopes { listed }
    }

    /// The scopes exactly as granted, in header order.
    pub fn listed(&self) -> &[Scope] {
        &self.listed
    }

    /// Whether no scope was granted.
    pub fn is_empty(&self) -> bool {
        self.listed.is_empty()
    }

    /// Whether the token may act with `scope`, directly or through a broader
    /// scope (`admin:org` gives `read:org`; `repo` gives nothing about
    /// packages).
    pub fn has(&self, scope: &Scope) -> bool {
        self.has_name(scope.as_str())
    }

    /// Like [`Scopes::has`], by name.
    pub fn has_name(&self, name: &str) -> bool {
        let name = name.trim();
        self.listed.iter().any(|granted| {
            let granted = granted.as_str();
            granted == name || broader_scopes(name).contains(&granted)
        })
    }
}

/// What the sign-in page says about one scope it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeInfo {
    pub scope: Scope,
    /// The scope as GitHub spells it.
    pub name: &'static str,
    /// Requested by default; without it some checks cannot run.
    pub required: bool,
    /// One line: why the tool asks for it.
    pub why: &'static str,
    /// The checks (or actions) that use it.
    pub used_by: &'static [&'static str],
}

static SCOPE_CATALOG: [ScopeInfo; 5] = [
    ScopeInfo {
        scope: Scope::Repo,
        name: "repo",
        required: true,
        why: "Read the repository's Actions settings, secret names, runners and workflow file (private repositories included).",
        used_by: &[
            "Repository access",
            "Repository Actions settings",
            "Secrets & runners",
            "Workflow",
        ],
    },
    ScopeInfo {
        scope: Scope::ReadOrg,
        name: "read:org",
        required: true,
        why: "See your role in the organization that owns the repository.",
        used_by: &["Token & account"],
    },
    ScopeInfo {
        scope: Scope::ReadPackages,
        name: "read:packages",
        required: true,
        why: "Read the container package: its visibility and linked repository.",
        used_by: &["Package"],
    },
    ScopeInfo {
        scope: Scope::Workflow,
        name: "workflow",
        required: false,
        why: "Propose the workflow file as a pull request (GitHub requires this scope to write under .github/workflows).",
        used_by: &["Propose workflow"],
    },
    ScopeInfo {
        scope: Scope::AdminOrg,
        name: "admin:org",
        required: false,
        why: "Read the organization's Actions settings, which can override the repository's.",
        used_by: &["Organization Actions settings"],
    },
];

/// The scopes the sign-in page offers, required ones first.
pub fn scope_catalog() -> &'static [ScopeInfo] {
    &SCOPE_CATALOG
}

/// The scopes marked required in [`scope_catalog`].
pub fn required_scopes() -> Vec<Scope> {
    scope_catalog()
        .iter()
        .filter(|info| info.required)
        .map(|info| info.scope.clone())
        .collect()
}

/// The scopes of `required` that `have` does not give (implications applied).
pub fn missing(have: &Scopes, required: &[Scope]) -> Vec<Scope> {
    required
        .iter()
        .filter(|scope| !have.has(scope))
        .cloned()
        .collect()
}

/// How much a [`TokenNote`] matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum NoteLevel {
    Info,
    Warning,
    Problem,
}

/// One thing to tell the person about their token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenNote {
    pub level: NoteLevel,
    pub message: String,
}

impl TokenNote {
    fn new(level: NoteLevel, message: impl Into<String>) -> Self {
        TokenNote {
            level,
            message: message.into(),
        }
    }
}

/// Notes about a token of `kind` granted `scopes` (from `X-OAuth-Scopes`;
/// empty for tokens without scopes).
pub fn token_check(kind: TokenKind, scopes: &Scopes) -> Vec<TokenNote> {
    let mut notes = kind_notes(kind);
    if kind.uses_scopes() {
        notes.extend(scope_notes(scopes));
    }
    notes
}

fn kind_notes(kind: TokenKind) -> Vec<TokenNote> {
    match kind {
        TokenKind::ClassicPat | TokenKind::OAuth => Vec::new(),
        TokenKind::Unknown => vec![TokenNote::new(
            NoteLevel::Info,
            "This token has no known GitHub prefix; it is treated like a classic token.",
        )],
        TokenKind::FineGrainedPat | TokenKind::AppUser | TokenKind::Installation => vec![
            TokenNote::new(
                NoteLevel::Warning,
                "Package checks will be shown as unknown: GitHub's Packages API accepts only classic tokens (ghp_) or OAuth tokens.",
            ),
            TokenNote::new(
                NoteLevel::Info,
                "This token's permissions cannot be read in advance; a check it is not allowed to make will say so.",
            ),
        ],
        TokenKind::Refresh => vec![TokenNote::new(
            NoteLevel::Problem,
            "This is a refresh token (ghr_); it cannot call GitHub's API. Paste an access token instead.",
        )],
    }
}

fn scope_notes(scopes: &Scopes) -> Vec<TokenNote> {
    scope_catalog()
        .iter()
        .filter(|info| !scopes.has(&info.scope))
        .map(|info| {
            let level = if info.required {
                NoteLevel::Warning
            } else {
                NoteLevel::Info
            };
            let message = format!(
                "Missing scope `{}` (needed for: {}): {}",
                info.name,
                info.used_by.join(", "),
                info.why
            );
            TokenNote::new(level, message)
        })
        .collect()
}

/// Why a pasted text is not accepted as a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenInputError {
    Empty,
    /// The text starts with `Bearer ` or `token `.
    HasAuthScheme,
    ContainsWhitespace,
    /// Characters no GitHub token contains (tokens are `[A-Za-z0-9_]`).
    BadCharacters,
    TooShort,
    TooLong,
}

impl TokenInputError {
    /// A clear one-line message for the sign-in form.
    pub fn message(self) -> &'static str {
        match self {
            TokenInputError::Empty => "Paste a token first.",
            TokenInputError::HasAuthScheme => {
                "Paste only the token itself, without \"Bearer\" or \"token\" in front."
            }
            TokenInputError::ContainsWhitespace => {
                "A token has no spaces or line breaks inside; copy it again from GitHub."
            }
            TokenInputError::BadCharacters => {
                "This does not look like a GitHub token: tokens contain only letters, digits and underscores (like ghp_… or github_pat_…)."
            }
            TokenInputError::TooShort => {
                "This is too short to be a GitHub token; copy the whole token (ghp_… is 40 characters)."
            }
            TokenInputError::TooLong => {
                "This is too long to be a GitHub token; paste only the token."
            }
        }
    }
}

impl fmt::Display for TokenInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

/// Shortest text accepted as a token.
pub const MIN_TOKEN_LEN: usize = 20;
/// Longest text accepted as a token (fine-grained PATs are 93 characters).
pub const MAX_TOKEN_LEN: usize = 255;

/// Checks the shape of a pasted token (surrounding whitespace is trimmed) and
/// wraps it. Nothing is sent anywhere; whether GitHub accepts it is learnt
/// from `GET /user`.
pub fn parse_pasted_token(input: &str) -> Result<Secret, TokenInputError> {
    let text = input.trim();
    if text.is_empty() {
        return Err(TokenInputError::Empty);
    }
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("bearer ") || lower.starts_with("token ") {
        return Err(TokenInputError::HasAuthScheme);
    }
    if text.chars().any(char::is_whitespace) {
        return Err(TokenInputError::ContainsWhitespace);
    }
    if !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(TokenInputError::BadCharacters);
    }
    if text.len() < MIN_TOKEN_LEN {
        return Err(TokenInputError::TooShort);
    }
    if text.len() > MAX_TOKEN_LEN {
        return Err(TokenInputError::TooLong);
    }
    Ok(Secret::new(text))
}
