//! `fallback-secret-kind`: what is inside the token secret. GitHub never
//! shows a secret's value, so the person confirms it holds a classic PAT of a
//! service account with `repo` and `write:packages` — not a person's token
//! (it breaks when they leave), not a fine-grained PAT (ghcr.io refuses it).

use super::{login_secret, Check, Cx, Meta};
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct FallbackSecretKind;

const META: Meta = Meta {
    id: "fallback-secret-kind",
    group: Group::SecretsRunners,
    title: "What the token secret holds",
    why: "ghcr.io refuses fine-grained tokens, and a person's token stops working the day they leave the organization.",
    symptom: Some("denied: denied · unauthorized"),
    needs: &[FactKind::Workflow, FactKind::RepoSecrets, FactKind::RepoOrgSecrets],
};

impl Check for FallbackSecretKind {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let Some(summary) = cx.summary()? else {
            return Ok(Verdict::not_applicable(
                "There is no workflow yet; one that logs in with `GITHUB_TOKEN` needs no token secret.",
            ));
        };
        let Some((name, _)) = login_secret(summary) else {
            return Ok(Verdict::not_applicable(
                "The workflow uses no token secret.",
            ));
        };
        let (repo_secrets, source) = cx.facts.repo_secrets().need()?;
        let org_secrets = cx.facts.repo_org_secrets().optional()?;
        let present = repo_secrets.find(&name).is_some()
            || org_secrets.is_some_and(|(l, _)| l.find(&name).is_some());
        if !present {
            return Ok(Verdict::not_applicable(format!(
                "`{name}` is not set yet; see the item above."
            )));
        }
        Ok(Verdict::manual(format!(
            "GitHub never shows a secret's value: confirm `{name}` holds a classic token (ghp_…) of a service account with the `repo` and `write:packages` scopes."
        ))
        .evidence("Secret", &name, Some(source))
        .fix_at(
            format!(
                "A token tied to a person stops working when they leave; a fine-grained token is refused by ghcr.io.{} If unsure, create the token on a dedicated service account and set the secret again.",
                if !matches!(cx.is_org(), Ok(false)) {
                    " If the organization uses SAML single sign-on, the token must also be authorized for it (Configure SSO on the token's settings page)."
                } else {
                    ""
                }
            ),
            cx.repo_url("/settings/secrets/actions"),
            "Actions secrets",
        ))
    }
}
