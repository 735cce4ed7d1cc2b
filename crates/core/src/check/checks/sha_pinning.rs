//! `sha-pinning`: when the repository or organization requires actions pinned
//! to a full commit SHA, every `uses:` of the workflow must be pinned, or the
//! run fails before its first step.

use super::{and_list, plural, Check, Cx, Meta};
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct ShaPinning;

const META: Meta = Meta {
    id: "sha-pinning",
    group: Group::RepoSettings,
    title: "Actions pinned by commit SHA",
    why: "A commit SHA is the only reference that cannot be moved; when a policy requires it, any action used by tag stops the run.",
    symptom: Some("… must be pinned to a full-length commit SHA"),
    needs: &[FactKind::RepoActions, FactKind::OrgActions, FactKind::Workflow],
};

impl Check for ShaPinning {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (repo, source) = cx.facts.repo_actions().need()?;
        let org = cx.facts.org_actions().optional()?;
        let summary = cx.summary()?;
        let repo_requires = repo.sha_pinning_required.unwrap_or(false);
        let org_requires = org.is_some_and(|(o, _)| o.sha_pinning_required.unwrap_or(false));
        let Some(summary) = summary else {
            let base = if repo_requires || org_requires {
                Verdict::pass("SHA pinning is required; the generated workflow pins every action by commit SHA.")
            } else {
                Verdict::pass("SHA pinning is not required; the generated workflow pins every action by commit SHA anyway.")
            };
            return Ok(base.evidence(
                "Required",
                (repo_requires || org_requires).to_string(),
                Some(source),
            ));
        };
        let unpinned: Vec<String> = summary
            .actions
            .iter()
            .filter(|a| !a.pinned_by_sha)
            .map(|a| format!("`{}@{}` (line {})", a.name(), a.reference(), a.line))
            .collect();
        let total = summary.actions.len();
        let who = match (repo_requires, org_requires) {
            (_, true) => format!("{} requires", cx.owner()),
            (true, false) => "This repository requires".to_string(),
            _ => String::new(),
        };
        let mut verdict = if !who.is_empty() && !unpinned.is_empty() {
            Verdict::fail(format!(
                "{who} actions pinned to a full commit SHA, but {} of the workflow {} a tag: {}.",
                plural(unpinned.len(), "action", "actions"),
                if unpinned.len() == 1 { "uses" } else { "use" },
                and_list(&unpinned)
            ))
            .fix("Pin each to the commit its tag points to, with the tag in a comment (`uses: owner/repo@<40-hex SHA> # v1.2.3`); the generator below writes the workflow that way.")
        } else if !who.is_empty() {
            Verdict::pass(format!(
                "{who} SHA pinning and all {} of the workflow are pinned.",
                plural(total, "action", "actions")
            ))
        } else if unpinned.is_empty() {
            Verdict::pass(format!(
                "SHA pinning is not required; all {} of the workflow are pinned anyway.",
                plural(total, "action", "actions")
            ))
        } else if let Got::Unknown(_, _) | Got::Failed(..) = cx.facts.org_actions() {
            let owner = cx.owner();
            Verdict::manual(format!(
                "This repository does not require SHA pinning, but {owner}'s policy could not be read: if it requires pinning, the {} used by tag stop the run.",
                plural(unpinned.len(), "action", "actions")
            ))
            .fix_at(
                format!("Confirm under {owner}'s Settings → Actions → General whether SHA pinning is required, or pin every action by commit SHA (the generator below does)."),
                cx.org_settings_url("/actions"),
                "Organization Actions settings",
            )
        } else {
            Verdict::pass(format!(
                "SHA pinning is not required; {} of {total} actions use tags (the workflow findings say how to pin them).",
                unpinned.len()
            ))
        };
        verdict = verdict.evidence(
            "Repository requires SHA pinning",
            repo_requires.to_string(),
            Some(source),
        );
        if let Some((o, org_source)) = org {
            verdict = verdict.evidence(
                "Organization requires SHA pinning",
                o.sha_pinning_required.unwrap_or(false).to_string(),
                Some(org_source),
            );
        }
        Ok(verdict)
    }
}
