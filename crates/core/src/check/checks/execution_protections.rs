//! `execution-protections`: GitHub's execution protections (generally
//! available since 2026-09-17) let repository and organization rulesets
//! allow-list the events and actors that may run workflows, and since
//! 2026-11-02 a default policy restricts `pull_request_target` on public
//! repositories. A publishing workflow triggered by `pull_request_target`
//! fails here on a public repository (and warns on a private one): that
//! trigger runs with the base repository's secrets and write token on code
//! from a fork, so it must never build or push an image. The REST API
//! description (`@octokit/openapi`) has no execution-protection rule type —
//! its only workflow rule, `workflows`, requires workflows to pass before a
//! merge — so otherwise the row is a confirm with the rulesets' settings
//! link, never a silent pass.

use super::{Check, Cx, Meta};
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct ExecutionProtections;

const META: Meta = Meta {
    id: "execution-protections",
    group: Group::Workflow,
    title: "Execution protections allow the publishing workflow",
    why: "A ruleset's execution protections decide which events and actors may run workflows; a publishing workflow they block never runs, and one run by `pull_request_target` hands a fork's code this repository's secrets and write token.",
    symptom: Some("workflow run blocked by execution protections · pull_request_target restricted on public repositories"),
    needs: &[FactKind::Repo, FactKind::Workflow],
};

/// GitHub's rule for public repositories, and why it exists.
const PUBLIC_POLICY: &str = "Since 2026-11-02 GitHub's default execution-protection policy restricts `pull_request_target` on public repositories, and that trigger runs with the base repository's secrets and write token on code from a fork, so it must never build or push a fork's image.";

/// What to do about a publishing workflow on `pull_request_target`.
const REPLACE_TRIGGER: &str = "Replace `pull_request_target` with `pull_request` and build pull requests without logging in or pushing, as the generated workflow does; publish only on `push` and `workflow_dispatch`.";

/// The events the generated workflow runs on by default.
const GENERATED_TRIGGERS: &str = "push, pull_request, workflow_dispatch";

impl Check for ExecutionProtections {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (repo, source) = cx.facts.repo().need()?;
        let summary = cx.summary()?;
        let public = repo
            .visibility
            .as_deref()
            .map_or(!repo.private, |v| v == "public");
        let visibility = repo
            .visibility
            .clone()
            .unwrap_or_else(|| if repo.private { "private" } else { "public" }.into());
        let rulesets = cx.repo_url("/settings/rules");
        let prt = summary
            .filter(|s| s.publishing_job().is_some())
            .and_then(|s| s.pull_request_target);
        // Where to confirm matters only when the trigger itself is not the problem.
        let org_rulesets = repo
            .owned_by_org()
            .then(|| cx.org_settings_url("/rules"))
            .filter(|_| prt.is_none());
        let verdict = match (prt, public) {
            (Some(line), true) => Verdict::fail(format!(
                "The publishing workflow runs on `pull_request_target` (line {line}) in a public repository. {PUBLIC_POLICY}"
            ))
            .fix(REPLACE_TRIGGER),
            (Some(line), false) => Verdict::warn(format!(
                "The publishing workflow runs on `pull_request_target` (line {line}): that trigger runs with this repository's secrets and write token on the code of any pull request, forks included, so it must never build or push an image. GitHub's default policy restricts it only on public repositories, so here nothing stops it."
            ))
            .fix(REPLACE_TRIGGER),
            (None, _) => {
                let events = summary.map_or_else(
                    || format!("the generated workflow's events ({GENERATED_TRIGGERS})"),
                    |s| format!("the workflow's events ({})", s.triggers.join(", ")),
                );
                let org_note = if org_rulesets.is_some() {
                    format!(" and in {}'s organization rulesets", cx.owner())
                } else {
                    String::new()
                };
                Verdict::manual(format!(
                    "GitHub's REST API does not show execution protections (rulesets that allow-list the events and actors that may run workflows, generally available since 2026-09-17), so whether they allow {events} cannot be read here."
                ))
                .fix_at(
                    format!("Under Settings → Rules → Rulesets{org_note}, confirm that no ruleset's execution protections block these events or the people and apps who start them (a push to the default branch, a manual run)."),
                    &rulesets,
                    "Rulesets",
                )
            }
        };
        let mut verdict = verdict.evidence("Visibility", visibility, Some(source));
        if let Some(s) = summary {
            verdict = verdict.evidence("Triggers", s.triggers.join(", "), None);
        }
        if let Some(url) = org_rulesets {
            verdict = verdict.evidence("Organization rulesets", url, None);
        }
        Ok(verdict)
    }
}
