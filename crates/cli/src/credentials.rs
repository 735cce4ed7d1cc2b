//! Where `check` gets its token: the environment, never a flag (flags end up
//! in shell history and in other users' process lists).
//!
//! `GITHUB_TOKEN` wins over `GH_TOKEN`; an empty variable counts as unset.
//! The token is wrapped in a [`Secret`] at once and no message here contains it.

use ghcr_setup_core::token::{parse_pasted_token, Secret};

/// The variables read, in order.
pub const TOKEN_VARS: [&str; 2] = ["GITHUB_TOKEN", "GH_TOKEN"];

/// Why no usable token was found; [`std::fmt::Display`] says what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// Neither variable is set (or both are empty).
    Missing,
    /// The variable holds something that is not a token.
    Malformed { var: &'static str, reason: String },
}

impl std::fmt::Display for TokenError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TokenError::Missing => f.write_str(
                "no GitHub token: set GITHUB_TOKEN (or GH_TOKEN) to a token that can read the repository, \
                 e.g. `export GITHUB_TOKEN=\"$(gh auth token)\"`. A classic token with the repo, \
                 read:org and read:packages scopes lets every check run.",
            ),
            TokenError::Malformed { var, reason } => write!(f, "{var} does not hold a usable token: {reason}"),
        }
    }
}

/// The token from the first non-empty variable of [`TOKEN_VARS`], as
/// `lookup` (normally `std::env::var`) sees them.
pub fn token_from(lookup: impl Fn(&str) -> Option<String>) -> Result<Secret, TokenError> {
    for var in TOKEN_VARS {
        let Some(value) = lookup(var) else { continue };
        if value.trim().is_empty() {
            continue;
        }
        return parse_pasted_token(&value).map_err(|e| TokenError::Malformed {
            var,
            reason: e.message().to_string(),
        });
    }
    Err(TokenError::Missing)
}

/// The token from the process environment.
pub fn token_from_env() -> Result<Secret, TokenError> {
    token_from(|var| std::env::var(var).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    const A: &str = "ghp_AAAAaaaaAAAAaaaaAAAAaaaaAAAAaaaa0000";
    const B: &str = "ghp_BBBBbbbbBBBBbbbbBBBBbbbbBBBBbbbb0000";

    fn env<'a>(pairs: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |var| {
            pairs
                .iter()
                .find(|(k, _)| *k == var)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn github_token_wins_then_gh_token() {
        let both = [("GITHUB_TOKEN", A), ("GH_TOKEN", B)];
        assert_eq!(
            token_from(env(&both)).map(|s| s.expose().to_string()),
            Ok(A.into())
        );
        let gh = [("GITHUB_TOKEN", "  "), ("GH_TOKEN", B)];
        assert_eq!(
            token_from(env(&gh)).map(|s| s.expose().to_string()),
            Ok(B.into())
        );
        let newline = [("GH_TOKEN", "ghp_BBBBbbbbBBBBbbbbBBBBbbbbBBBBbbbb0000\n")];
        assert_eq!(
            token_from(env(&newline)).map(|s| s.expose().to_string()),
            Ok(B.into())
        );
    }

    #[test]
    fn missing_and_malformed_say_so_without_the_value() {
        assert_eq!(token_from(env(&[])).err(), Some(TokenError::Missing));
        let bad = [("GITHUB_TOKEN", "Bearer ghp_secretsecretsecretsecret")];
        let err = token_from(env(&bad))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(
            err.starts_with("GITHUB_TOKEN does not hold a usable token"),
            "{err}"
        );
        assert!(!err.contains("secret"), "{err}");
    }
}
