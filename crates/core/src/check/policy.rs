//! GitHub's allowed-actions policy, evaluated locally: given `allowed_actions`
//! (`all`, `local_only`, `selected`) and, for `selected`, the allow-list
//! (GitHub-owned, verified creators, patterns with `*` wildcards, `!`
//! patterns that block and win), is a `uses:` reference allowed to run?

use crate::api::actions::{AllowedActions, SelectedActions};
use crate::names::{AllowPattern, UsesRef};

/// Owners whose actions count as GitHub-owned.
const GITHUB_OWNED: &[&str] = &["actions", "github"];

/// Owners this tool knows to be Marketplace verified creators (among the
/// actions a publishing workflow uses).
const VERIFIED_CREATORS: &[&str] = &["docker", "sigstore"];

/// A `uses:` reference as the policy sees it: validated, so a pattern made
/// from it names exactly this action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsedAction {
    pub uses: UsesRef,
    /// The line in the workflow, when read from one.
    pub line: Option<usize>,
}

impl UsedAction {
    /// The account that owns the action.
    pub fn owner(&self) -> &str {
        self.uses.owner()
    }

    /// `owner/repo[/path]`.
    pub fn name(&self) -> String {
        self.uses.name()
    }

    /// Whether GitHub owns it (`actions/*`, `github/*`).
    pub fn is_github_owned(&self) -> bool {
        is_github_owned(self.owner())
    }

    /// Whether GitHub owns it or its owner is a verified creator this tool knows.
    pub fn is_trusted_owner(&self) -> bool {
        self.is_github_owned() || is_verified_creator(self.owner())
    }

    /// `owner/repo[/path]@ref`.
    pub fn full(&self) -> String {
        self.uses.to_string()
    }

    /// The pattern that allows exactly this action at any version: `owner/repo@*`
    /// (`owner/repo/path@*` for an action in a sub-directory).
    pub fn exact_pattern(&self) -> AllowPattern {
        AllowPattern::exact(&self.uses)
    }
}

/// Whether `owner` is GitHub itself (`actions`, `github`; any case).
pub fn is_github_owned(owner: &str) -> bool {
    GITHUB_OWNED.contains(&owner.to_ascii_lowercase().as_str())
}

/// Whether `owner` is a Marketplace verified creator this tool knows (any case).
pub fn is_verified_creator(owner: &str) -> bool {
    VERIFIED_CREATORS.contains(&owner.to_ascii_lowercase().as_str())
}

/// One level of policy (the repository's or the organization's).
#[derive(Debug, Clone, Copy)]
pub struct Policy<'a> {
    pub allowed: AllowedActions,
    /// The allow-list; only read when `allowed` is `selected`.
    pub list: Option<&'a SelectedActions>,
    /// The account whose own actions are always allowed (`local_only` and `selected`).
    pub local_owner: &'a str,
}

impl Policy<'_> {
    /// Whether `action` may run under this policy.
    pub fn allows(&self, action: &UsedAction) -> bool {
        let local = action.owner().eq_ignore_ascii_case(self.local_owner);
        match self.allowed {
            AllowedActions::All => true,
            AllowedActions::LocalOnly => local,
            AllowedActions::Selected => {
                let Some(list) = self.list else {
                    return local;
                };
                if list
                    .patterns_allowed
                    .iter()
                    .filter_map(|p| p.trim().strip_prefix('!'))
                    .any(|p| pattern_matches(p, action))
                {
                    return false;
                }
                local
                    || (list.github_owned_allowed && action.is_github_owned())
                    || (list.verified_allowed && is_verified_creator(action.owner()))
                    || list
                        .patterns_allowed
                        .iter()
                        .filter(|p| !p.trim().starts_with('!'))
                        .any(|p| pattern_matches(p, action))
            }
            AllowedActions::Other => true,
        }
    }

    /// Whether a `!` pattern of this policy blocks `action`.
    pub fn blocks_explicitly(&self, action: &UsedAction) -> bool {
        self.allowed == AllowedActions::Selected
            && self.list.is_some_and(|l| {
                l.patterns_allowed
                    .iter()
                    .filter_map(|p| p.trim().strip_prefix('!'))
                    .any(|p| pattern_matches(p, action))
            })
    }
}

/// Matches a policy pattern: with `@`, against `owner/repo[/path]@ref`;
/// without, against `owner/repo[/path]`; `*` matches any run of characters;
/// case is ignored.
pub fn pattern_matches(pattern: &str, action: &UsedAction) -> bool {
    let pattern = pattern.trim().to_ascii_lowercase();
    let subject = if pattern.contains('@') {
        action.full()
    } else {
        action.name()
    };
    glob(pattern.as_bytes(), subject.to_ascii_lowercase().as_bytes())
}

/// `*`-only glob matching, iterative (no recursion, linear backtracking).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if p < pattern.len() && pattern[p] == text[t] {
            p += 1;
            t += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == b'*')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn used(full: &str) -> UsedAction {
        UsedAction {
            uses: UsesRef::parse(full).unwrap(),
            line: None,
        }
    }

    fn list(github: bool, verified: bool, patterns: &[&str]) -> SelectedActions {
        SelectedActions {
            github_owned_allowed: github,
            verified_allowed: verified,
            patterns_allowed: patterns.iter().map(|p| p.to_string()).collect(),
        }
    }

    #[test]
    fn globs() {
        assert!(pattern_matches("docker/*", &used("docker/login-action@v4")));
        assert!(pattern_matches(
            "docker/login-action@*",
            &used("docker/login-action@v4")
        ));
        assert!(pattern_matches(
            "Docker/Login-Action@v4",
            &used("docker/login-action@v4")
        ));
        assert!(!pattern_matches(
            "docker/login-action@v3",
            &used("docker/login-action@v4")
        ));
        assert!(pattern_matches("*", &used("a/b@c")));
        assert!(!pattern_matches(
            "docker/*-x",
            &used("docker/login-action@v4")
        ));
        assert!(pattern_matches("a/*/c", &used("a/b/c@main")));
    }

    #[test]
    fn selected_lists() {
        let gh_only = list(true, false, &[]);
        let p = Policy {
            allowed: AllowedActions::Selected,
            list: Some(&gh_only),
            local_owner: "acme",
        };
        assert!(p.allows(&used("actions/checkout@v5")));
        assert!(!p.allows(&used("docker/login-action@v4")));
        assert!(
            p.allows(&used("acme/tools@v1")),
            "the owner's own actions stay allowed"
        );
        let verified = list(false, true, &[]);
        let p = Policy {
            list: Some(&verified),
            ..p
        };
        assert!(p.allows(&used("docker/login-action@v4")));
        assert!(!p.allows(&used("actions/checkout@v5")));
        let blocked = list(true, true, &["docker/*", "!docker/login-action@*"]);
        let p = Policy {
            list: Some(&blocked),
            ..p
        };
        assert!(
            !p.allows(&used("docker/login-action@v4")),
            "a ! pattern wins"
        );
        assert!(p.blocks_explicitly(&used("docker/login-action@v4")));
        assert!(p.allows(&used("docker/build-push-action@v7")));
    }

    #[test]
    fn all_and_local_only() {
        let p = Policy {
            allowed: AllowedActions::LocalOnly,
            list: None,
            local_owner: "acme",
        };
        assert!(!p.allows(&used("actions/checkout@v5")));
        assert!(p.allows(&used("ACME/x@v1")));
        let p = Policy {
            allowed: AllowedActions::All,
            ..p
        };
        assert!(p.allows(&used("anyone/anything@v1")));
    }
}
