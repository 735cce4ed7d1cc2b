//! `fallback-secret`: the token secret the workflow logs in with (the setup
//! guide's `LOCAL_RUNNER_FALLBACK_TOKEN` for self-hosted runners) exists as a
//! repository secret or an organization secret visible to the repository,
//! and is not so old that a classic PAT in it has likely expired.

use super::{login_secret, Check, Cx, Meta, GUIDE_SECRET};
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};
use crate::time::{date_part, days_between, parse_utc};

pub struct FallbackSecret;

/// After this many days a secret holding a classic PAT is worth renewing.
pub const STALE_AFTER_DAYS: u64 = 90;

const META: Meta = Meta {
    id: "fallback-secret",
    group: Group::SecretsRunners,
    title: "Fallback token secret",
    why: "A login that reads a missing secret gets an empty password; an expired token in it is refused.",
    symptom: Some("denied: denied · unauthorized · secret is empty"),
    needs: &[FactKind::Workflow, FactKind::RepoSecrets, FactKind::RepoOrgSecrets],
};

impl Check for FallbackSecret {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let Some(summary) = cx.summary()? else {
            return Ok(Verdict::not_applicable(format!(
                "There is no workflow yet. With GitHub-hosted runners none is needed; for self-hosted runners the generator can add `{GUIDE_SECRET}`."
            )));
        };
        let self_hosted = summary.publishing_jobs().any(|j| j.self_hosted());
        let Some((name, falls_back)) = login_secret(summary) else {
            return Ok(if self_hosted {
                Verdict::pass(format!(
                    "The workflow logs in with `GITHUB_TOKEN`, which has the same rights on self-hosted runners as on GitHub-hosted ones; the setup guide's `{GUIDE_SECRET}` is optional."
                ))
            } else {
                Verdict::not_applicable(
                    "The workflow logs in with `GITHUB_TOKEN`; no token secret is needed.",
                )
            });
        };
        let (repo_secrets, repo_source) = cx.facts.repo_secrets().need()?;
        let org_secrets = cx.facts.repo_org_secrets().optional()?;
        let found = repo_secrets
            .find(&name)
            .map(|s| (s, "repository secret", repo_source))
            .or_else(|| {
                org_secrets
                    .and_then(|(l, src)| l.find(&name).map(|s| (s, "organization secret", src)))
            });
        let settings = cx.repo_url("/settings/secrets/actions");
        let v = match found {
            Some((secret, kind, source)) => {
                let updated = secret.updated_at.as_deref().or(secret.created_at.as_deref());
                let age = updated.and_then(parse_utc).map(|t| days_between(t, cx.now_ms));
                let v = match age {
                    Some(days) if days > STALE_AFTER_DAYS => Verdict::warn(format!(
                        "`{name}` is set ({kind}), last updated {days} days ago: classic tokens often expire within {STALE_AFTER_DAYS} days."
                    ))
                    .fix_at("If the token in it has expired, create a new one and update the secret.", &settings, "Actions secrets"),
                    _ => Verdict::pass(format!("`{name}` is set ({kind}).")),
                };
                v.evidence("Secret", &name, Some(source))
                    .evidence("Last updated", updated.map(date_part).unwrap_or("unknown"), Some(source))
            }
            None if falls_back => Verdict::warn(format!(
                "The workflow reads `{name}`, which is not set: the login falls back to `GITHUB_TOKEN`, which works on self-hosted runners too."
            ))
            .fix_at(format!("Set `{name}` only if you want pushes made with a service account's token; otherwise remove it from the workflow."), &settings, "Actions secrets"),
            None => Verdict::fail(format!(
                "The workflow logs in with `{name}`, which is neither a repository secret nor an organization secret visible here: the login gets an empty password."
            ))
            .fix_at(format!("Create the repository secret `{name}` holding a classic token of a service account with `repo` and `write:packages`."), &settings, "Actions secrets"),
        };
        Ok(v.evidence(
            "Self-hosted runners",
            if self_hosted { "yes" } else { "no" },
            None,
        ))
    }
}
