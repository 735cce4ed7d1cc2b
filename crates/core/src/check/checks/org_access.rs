//! `org-access`: whether an organization policy stopped this token: OAuth
//! App access restrictions (new organizations have them on by default: until
//! an owner approves the app, private resources answer 403 and privileged
//! writes are refused) or SAML single sign-on (the token must be authorized).

use super::{Check, Cx, Meta};
use crate::api::ApiError;
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};
use crate::token::TokenKind;

pub struct OrgAccess;

const META: Meta = Meta {
    id: "org-access",
    group: Group::TokenAccount,
    title: "Organization access for this token",
    why: "An organization can refuse third-party apps or tokens not authorized for its single sign-on; then GitHub hides settings and refuses changes.",
    symptom: Some("has enabled OAuth App access restrictions · Resource protected by organization SAML enforcement"),
    needs: &[FactKind::Repo, FactKind::Membership, FactKind::OrgActions, FactKind::Package],
};

impl Check for OrgAccess {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let org = cx.owner();
        let sso = cx.facts.errors().find_map(|(_, err, source)| match err {
            ApiError::SsoRequired { authorize_url } => Some((authorize_url.clone(), source)),
            _ => None,
        });
        if let Some(source) = cx.oauth_restricted() {
            return Ok(Verdict::fail(format!(
                "{org} has OAuth App access restrictions and has not approved this app, so GitHub hides its private resources and refuses changes."
            ))
            .evidence("Refused", "403: has enabled OAuth App access restrictions", Some(&source))
            .fix_at(
                format!("An owner of {org} approves the app under Settings → Third-party access → OAuth app policy; a member can request approval from their own authorized apps page. A classic token also works."),
                cx.org_settings_url("/oauth_application_policy"),
                "OAuth app policy",
            ));
        }
        if let Some((url, source)) = sso {
            let verdict = Verdict::fail(format!(
                "{org} requires SAML single sign-on and this token is not authorized for it."
            ))
            .evidence(
                "Refused",
                "403: Resource protected by organization SAML enforcement",
                Some(source),
            );
            // The address comes from a response header: only an https:// one becomes a link.
            return Ok(match url.filter(|u| u.starts_with("https://")) {
                Some(href) => verdict.fix_at(
                    "Authorize the token for the organization's single sign-on, then re-check.",
                    href,
                    "Authorize for SSO",
                ),
                // An OAuth token is authorized when it is issued during a
                // single sign-on session; a personal token from its settings page.
                None if cx.identity.kind == TokenKind::OAuth => verdict.fix_at(
                    format!("Sign in on {org}'s single sign-on page, then sign in here again: a token issued during a single sign-on session is authorized for it."),
                    format!("https://github.com/orgs/{org}/sso"),
                    "Single sign-on",
                ),
                None => verdict.fix_at(
                    "On your token's settings page, choose Configure SSO and authorize it for the organization, then re-check.",
                    "https://github.com/settings/tokens",
                    "Personal access tokens",
                ),
            });
        }
        if !cx.facts.kind_pending(FactKind::Repo) && !cx.is_org()? {
            return Ok(Verdict::not_applicable(format!(
                "{org} is a personal account: no organization policy applies."
            )));
        }
        if [
            FactKind::Membership,
            FactKind::OrgActions,
            FactKind::Package,
        ]
        .iter()
        .any(|k| cx.facts.kind_pending(*k))
        {
            return Err(Stop::Pending);
        }
        Ok(Verdict::pass(format!(
            "No policy of {org} refused this token."
        )))
    }
}
