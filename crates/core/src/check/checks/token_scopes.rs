//! `token-scopes`: the token's OAuth scopes against what the checks and fixes
//! need: `repo`, `read:org` and `read:packages` to read everything;
//! `workflow` to propose the workflow as a pull request and `admin:org` to
//! read organization policies, both optional.

use super::{and_list, Check, Cx, Meta};
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};
use crate::token::{scope_catalog, Scopes};

pub struct TokenScopes;

const META: Meta = Meta {
    id: "token-scopes",
    group: Group::TokenAccount,
    title: "Token scopes",
    why: "A scope the token lacks turns the checks that need it into \"unknown\", and some fixes into links you follow by hand.",
    symptom: None,
    needs: &[FactKind::User],
};

impl Check for TokenScopes {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (_, source) = cx.facts.user().need()?;
        if !cx.identity.kind.uses_scopes() {
            return Ok(Verdict::not_applicable(
                "This kind of token has permissions, not scopes: an item that needs a permission the token lacks says so (and the package checks need a classic or OAuth token).",
            )
            .evidence(
                "Scopes",
                "not reported (this kind of token has permissions, not scopes)",
                Some(source),
            ));
        }
        let empty = Scopes::default();
        let scopes = cx
            .facts
            .user_scopes()
            .or(cx.identity.scopes.as_ref())
            .unwrap_or(&empty);
        let granted: Vec<&str> = scopes.listed().iter().map(|s| s.as_str()).collect();
        let missing_required: Vec<String> = scope_catalog()
            .iter()
            .filter(|i| i.required && !scopes.has(&i.scope))
            .map(|i| format!("`{}` ({})", i.name, i.used_by.join(", ")))
            .collect();
        let missing_optional: Vec<String> = scope_catalog()
            .iter()
            .filter(|i| !i.required && !scopes.has(&i.scope))
            .map(|i| format!("`{}`", i.name))
            .collect();
        let shown = if granted.is_empty() {
            "none".to_string()
        } else {
            granted.join(", ")
        };
        let verdict = if !missing_required.is_empty() {
            Verdict::fail(format!(
                "The token lacks {}: those checks will show as unknown.",
                and_list(&missing_required)
            ))
            .fix("Sign in again and keep the required scopes ticked, or paste a classic token that has them.")
        } else if !missing_optional.is_empty() {
            Verdict::pass(format!(
                "The token has every scope the checks need; without {} some fixes become links you follow on GitHub.",
                and_list(&missing_optional)
            ))
        } else {
            Verdict::pass("The token has every scope the checks and fixes use.")
        };
        Ok(verdict.evidence("Scopes granted", shown, Some(source)))
    }
}
