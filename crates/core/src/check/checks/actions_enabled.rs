//! `actions-enabled`: GitHub Actions may run in this repository — enabled for
//! the repository and, for an organization, not switched off for its
//! repositories by the organization's policy.

use super::{repositories, Check, Cx, Meta};
use crate::api::actions::EnabledRepositories;
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct ActionsEnabled;

const META: Meta = Meta {
    id: "actions-enabled",
    group: Group::RepoSettings,
    title: "GitHub Actions enabled",
    why: "With Actions disabled no workflow runs, so nothing is ever built or pushed.",
    symptom: Some("No runs appear in the Actions tab after a push"),
    needs: &[FactKind::RepoActions, FactKind::OrgActions],
};

impl Check for ActionsEnabled {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (repo, source) = cx.facts.repo_actions().need()?;
        let org_got = cx.facts.org_actions();
        let org = org_got.optional()?;
        let org_name = cx.owner();
        // An organization policy that could not be read can still switch
        // Actions off: say so instead of passing on the repository alone.
        let org_unread = org_got.unread().map(|why| why.naming_org(org_name));
        let org_off =
            matches!(org, Some((o, _)) if o.enabled_repositories == EnabledRepositories::None);
        let mut verdict = if !repo.enabled && org_off {
            Verdict::fail(format!(
                "GitHub Actions are off: {org_name} disables them for all its repositories, and this repository's own switch is off too."
            ))
            .fix_at(
                format!("An owner of {org_name} enables Actions for this repository under Settings → Actions → General; then allow actions in the repository's settings."),
                cx.org_settings_url("/actions"),
                "Organization Actions settings",
            )
        } else if !repo.enabled {
            Verdict::fail("GitHub Actions are disabled for this repository: no workflow runs.")
                .fix_at(
                    "Allow actions under Settings → Actions → General → Actions permissions.",
                    cx.repo_url("/settings/actions"),
                    "Actions settings",
                )
        } else if let Some(why) = org_unread {
            Verdict::warn(format!(
                "GitHub Actions are enabled for this repository, but {org_name}'s Actions policy, which can switch them off for its repositories, was not read. {}",
                why.describe()
            ))
            .fix_at(
                format!("An owner of {org_name} can confirm under Settings → Actions → General that Actions are enabled for this repository."),
                cx.org_settings_url("/actions"),
                "Organization Actions settings",
            )
        } else {
            match org.map(|(o, _)| o.enabled_repositories) {
                Some(EnabledRepositories::None) => Verdict::fail(format!(
                    "{org_name} disables GitHub Actions for all its repositories."
                ))
                .fix_at(
                    format!("An owner of {org_name} enables Actions for this repository under Settings → Actions → General."),
                    cx.org_settings_url("/actions"),
                    "Organization Actions settings",
                ),
                Some(EnabledRepositories::Selected) => Verdict::pass(format!(
                    "GitHub Actions are enabled for this repository ({org_name} enables them for selected repositories)."
                )),
                _ => Verdict::pass("GitHub Actions are enabled for this repository."),
            }
        };
        verdict = verdict.evidence("Enabled", repo.enabled.to_string(), Some(source));
        if let Some((o, org_source)) = org {
            verdict = verdict.evidence(
                "Organization enables Actions for",
                repositories(o.enabled_repositories),
                Some(org_source),
            );
        }
        Ok(verdict)
    }
}
