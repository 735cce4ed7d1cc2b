//! `org-role`: your role in the organization that owns the repository. Only
//! an owner can read or change the organization's Actions policies, which can
//! override the repository's.

use super::{Check, Cx, Meta};
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct OrgRole;

const META: Meta = Meta {
    id: "org-role",
    group: Group::TokenAccount,
    title: "Your role in the organization",
    why: "Organization policies can force a read-only token, restrict actions or forbid self-hosted runners; only an owner can change them.",
    symptom: None,
    needs: &[FactKind::Repo, FactKind::Membership, FactKind::OrgActions],
};

impl Check for OrgRole {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        if !cx.is_org()? {
            return Ok(Verdict::not_applicable(format!(
                "{} is a personal account: there is no organization policy above the repository.",
                cx.owner()
            )));
        }
        let org = cx.owner();
        let (m, source) = match cx.facts.membership() {
            Got::Failed(crate::api::ApiError::NotFound(_), _) => {
                let source = match cx.facts.slot(&crate::check::FactKey::Membership) {
                    Some(crate::check::Slot::Failed { source, .. }) => Some(source.as_str()),
                    _ => None,
                };
                return Ok(Verdict::pass(format!(
                    "You are not a member of {org}; you reach the repository as an outside collaborator. Organization policies will show as unknown."
                ))
                .evidence("Membership", "none (404)", source));
            }
            other => other.need()?,
        };
        let lacks_admin_org = crate::check::context::lacks_scope(
            cx.identity,
            cx.facts.user_scopes(),
            &crate::token::Scope::AdminOrg,
        );
        let restricted = cx.oauth_restricted();
        let verdict = if let (true, Some(refused)) = (m.is_owner(), &restricted) {
            Verdict::warn(format!(
                "You are an owner of {org}, but {org} has not approved this app (OAuth App access restrictions), so its policies cannot be read or changed through this sign-in."
            ))
            .fix_at(
                format!("Approve the app under {org}'s Settings → Third-party access → OAuth app policy, or sign in with a classic token; then re-check."),
                cx.org_settings_url("/oauth_application_policy"),
                "OAuth app policy",
            )
            .evidence("Refused", "403: has enabled OAuth App access restrictions", Some(refused))
        } else if m.is_owner() && lacks_admin_org {
            Verdict::pass(format!(
                "You are an owner of {org}, but the token lacks `admin:org`, so its organization policies cannot be read here."
            ))
            .fix("Sign in again with `admin:org` ticked to have the organization's Actions policies checked too.")
        } else if m.is_owner() {
            Verdict::pass(format!(
                "You are an owner of {org}: organization policies can be read and changed."
            ))
        } else if m.state != "active" {
            Verdict::warn(format!(
                "Your membership of {org} is {}: accept the invitation first.",
                m.state
            ))
            .fix_at(
                "Accept the invitation.",
                format!("https://github.com/orgs/{org}/invitation"),
                "Organization invitation",
            )
        } else {
            Verdict::pass(format!(
                "You are a member of {org} (not an owner): where an organization policy matters, its checks say so and name what to ask an owner."
            ))
        };
        Ok(verdict.evidence("Role", &m.role, Some(source)).evidence(
            "State",
            &m.state,
            Some(source),
        ))
    }
}
