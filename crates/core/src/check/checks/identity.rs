//! `identity`: who the token belongs to and what kind of token it is. A
//! fine-grained PAT or a GitHub App token cannot read packages at all, so the
//! package checks will say "unknown" — better said here, once, up front.

use super::{Check, Cx, Meta};
use crate::api::ApiError;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};
use crate::token::TokenKind;

pub struct Identity;

const META: Meta = Meta {
    id: "identity",
    group: Group::TokenAccount,
    title: "Signed-in account",
    why: "Every other check reads GitHub as this account; what it may see decides what the checklist can tell.",
    symptom: None,
    needs: &[FactKind::User],
};

impl Check for Identity {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (user, source) = match cx.facts.user() {
            Got::Failed(err @ ApiError::BadCredentials(_), _) => {
                return Ok(Verdict::fail(format!("{}.", err.title())).fix(err.what_to_do()));
            }
            other => other.need()?,
        };
        let kind = cx.identity.kind;
        let base = Verdict::pass(format!(
            "Signed in as {} with {}.",
            user.login,
            a_kind(kind)
        ))
        .evidence("Account", &user.login, Some(source))
        .evidence("Token kind", kind.label(), None);
        Ok(match kind {
            TokenKind::ClassicPat | TokenKind::OAuth | TokenKind::Unknown => base,
            TokenKind::FineGrainedPat | TokenKind::AppUser | TokenKind::Installation => Verdict {
                status: crate::check::verdict::Status::Warn,
                summary: format!(
                    "Signed in as {} with {}: GitHub's Packages API refuses this kind of token, so the package checks stay unknown.",
                    user.login,
                    a_kind(kind)
                ),
                ..base
            }
            .fix("Sign in with the device flow, or paste a classic token (ghp_…) with `repo`, `read:org` and `read:packages`."),
            TokenKind::Refresh => Verdict {
                status: crate::check::verdict::Status::Fail,
                summary: "A refresh token (ghr_) cannot call GitHub's API.".into(),
                ..base
            }
            .fix("Paste an access token instead."),
        })
    }
}

/// The kind in the middle of a sentence, with its article.
fn a_kind(kind: TokenKind) -> &'static str {
    match kind {
        TokenKind::ClassicPat => "a personal access token (classic)",
        TokenKind::FineGrainedPat => "a fine-grained personal access token",
        TokenKind::OAuth => "an OAuth App token",
        TokenKind::AppUser => "a GitHub App user token",
        TokenKind::Installation => "a GitHub App installation token",
        TokenKind::Refresh => "a GitHub App refresh token",
        TokenKind::Unknown => "a token of unknown kind",
    }
}
