//! Checking a token before it goes into the fallback secret, without storing
//! it: its kind (ghcr.io takes classic tokens only), its scopes (`repo` and
//! `write:packages`), whose it is (a warning when it is the signed-in
//! person's own rather than a service account's), and whether it can see the
//! repository (a refusal names SSO). The token is sent only to the API and
//! only as the `Authorization` header, through its own scheduler — never the
//! run's, so its answers are never cached with the signed-in token's.

use crate::api::{ApiError, Endpoint, EtagCache, Repo, User};
use crate::engine::{Outgoing, Program, Scheduler, Success, Ticket, TransportFailure};
use crate::http::HttpResponse;
use crate::names::RepoSlug;
use crate::token::{Scope, Secret, TokenKind};

/// What the check of a token found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenReport {
    pub kind: TokenKind,
    pub login: Option<String>,
    pub scopes: Vec<String>,
    /// Reasons the token cannot be used; empty when it can.
    pub problems: Vec<String>,
    /// Things worth knowing that do not stop it.
    pub warnings: Vec<String>,
}

impl TokenReport {
    /// Whether the token may be stored.
    pub fn usable(&self) -> bool {
        self.problems.is_empty()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Probe {
    User,
    Repo,
}

/// The token check, as a program of two calls.
#[derive(Debug)]
pub struct VerifyToken {
    sched: Scheduler<Probe>,
    repo: RepoSlug,
    admin_login: Option<String>,
    kind: TokenKind,
    user: Option<Result<Success, ApiError>>,
    repo_probe: Option<Result<Success, ApiError>>,
}

/// Refuses a token by its kind alone, before sending it anywhere.
fn refused_kind(kind: TokenKind) -> Option<String> {
    match kind {
        TokenKind::FineGrainedPat => Some("This is a fine-grained token (github_pat_…): ghcr.io refuses those for pushes. Create a classic token (ghp_…) with `repo` and `write:packages`.".into()),
        TokenKind::AppUser | TokenKind::Installation => Some("This is a GitHub App token: it cannot write organization packages and expires within hours. Create a classic token (ghp_…).".into()),
        TokenKind::Refresh => Some("This is a refresh token (ghr_): it cannot call the API. Create a classic token (ghp_…).".into()),
        _ => None,
    }
}

impl VerifyToken {
    /// Starts checking `candidate` for use in `repo`; `admin_login` is the
    /// signed-in person. Refused at once (no request) when its kind cannot work.
    pub fn new(
        base: &str,
        candidate: Secret,
        repo: &RepoSlug,
        admin_login: Option<String>,
    ) -> Result<Self, TokenReport> {
        let kind = candidate.kind();
        if let Some(problem) = refused_kind(kind) {
            return Err(TokenReport {
                kind,
                login: None,
                scopes: Vec::new(),
                problems: vec![problem],
                warnings: Vec::new(),
            });
        }
        let mut sched = Scheduler::new(base, Some(candidate), EtagCache::new());
        sched.submit(Probe::User, Endpoint::User, None);
        sched.submit(Probe::Repo, Endpoint::Repo { repo: repo.clone() }, None);
        Ok(VerifyToken {
            sched,
            repo: repo.clone(),
            admin_login,
            kind,
            user: None,
            repo_probe: None,
        })
    }

    /// The verdict, once both answers are in.
    pub fn report(&self) -> Option<TokenReport> {
        let (user, repo) = (self.user.as_ref()?, self.repo_probe.as_ref()?);
        let mut r = TokenReport {
            kind: self.kind,
            login: None,
            scopes: Vec::new(),
            problems: Vec::new(),
            warnings: Vec::new(),
        };
        match user {
            Err(ApiError::BadCredentials(_)) => {
                r.problems.push(
                    "GitHub does not accept this token: it is wrong, expired or revoked.".into(),
                );
                return Some(r);
            }
            Err(err) => {
                r.problems.push(format!(
                    "The token could not be checked: {} {}",
                    err.title(),
                    err.what_to_do()
                ));
                return Some(r);
            }
            Ok(s) => {
                if let Ok(u) = s.parse::<User>() {
                    r.login = Some(u.login);
                }
                let scopes = s.scopes.clone().unwrap_or_default();
                r.scopes = scopes
                    .listed()
                    .iter()
                    .map(|s| s.as_str().to_string())
                    .collect();
                let missing: Vec<&str> = [Scope::Repo, Scope::WritePackages]
                    .iter()
                    .filter(|s| !scopes.has(s))
                    .map(|s| match s {
                        Scope::Repo => "`repo`",
                        _ => "`write:packages`",
                    })
                    .collect();
                if !missing.is_empty() {
                    r.problems.push(format!(
                        "The token lacks {}: pushing to ghcr.io needs `write:packages`, and `repo` lets it read private repositories.",
                        missing.join(" and ")
                    ));
                }
            }
        }
        if self.kind == TokenKind::OAuth {
            r.warnings.push("This is an OAuth App token, tied to one person's authorization of an app; the setup guide asks for a classic token of a service account.".into());
        }
        if let (Some(login), Some(admin)) = (&r.login, &self.admin_login) {
            if login.eq_ignore_ascii_case(admin) {
                r.warnings.push(format!(
                    "This token belongs to {login} — you — not to a service account: publishing breaks when your access changes or you leave the organization."
                ));
            }
        }
        match repo {
            Err(ApiError::SsoRequired { authorize_url }) => r.problems.push(match authorize_url {
                Some(url) => format!("The token is not authorized for the organization's single sign-on: authorize it at {url}, then check again."),
                None => "The token is not authorized for the organization's single sign-on: authorize it (GitHub settings → Tokens → Configure SSO), then check again.".into(),
            }),
            Err(ApiError::NotFound(_)) => r.problems.push(format!(
                "This token cannot see {}: its account needs access to the repository.",
                self.repo
            )),
            Err(err) => r.warnings.push(format!("Reading {} with this token failed: {}", self.repo, err.title())),
            Ok(s) => {
                if let Ok(repo) = s.parse::<Repo>() {
                    if repo.permissions.is_some_and(|p| !p.push) {
                        r.warnings.push(format!(
                            "The token's account has read-only access to {}; it still pushes packages if the package grants it write access.",
                            self.repo
                        ));
                    }
                }
            }
        }
        Some(r)
    }
}

impl Program for VerifyToken {
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        self.sched.due(now_ms)
    }

    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) {
        if let Some((probe, r)) = self.sched.answered(ticket, now_ms, result) {
            match probe {
                Probe::User => self.user = Some(r),
                Probe::Repo => self.repo_probe = Some(r),
            }
        }
    }

    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.sched.next_wake(now_ms)
    }

    fn is_idle(&self) -> bool {
        self.sched.is_idle()
    }
}
