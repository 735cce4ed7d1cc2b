//! `allowed-actions`: every action the workflow uses is allowed by the
//! repository's and the organization's Actions policy (`all`, `local_only`,
//! or `selected` with GitHub-owned, verified creators and patterns, where a
//! `!` pattern blocks and wins). A blocked action stops the run before its
//! first step.

use super::{and_list, plural, used_actions, Check, Cx, Meta};
use crate::analyze::BadUses;
use crate::api::actions::AllowedActions as Allowed;
use crate::check::context::WorkflowPick;
use crate::check::facts::{FactKind, Stop};
use crate::check::policy::{Policy, UsedAction};
use crate::check::verdict::{Group, Status, Verdict};

pub struct AllowedActions;

const META: Meta = Meta {
    id: "allowed-actions",
    group: Group::RepoSettings,
    title: "Allowed actions",
    why: "GitHub refuses to start a workflow that uses an action the repository's or organization's policy does not allow.",
    symptom: Some("docker/login-action@… is not allowed to be used in OWNER/REPO"),
    needs: &[
        FactKind::RepoActions,
        FactKind::RepoSelectedActions,
        FactKind::OrgActions,
        FactKind::OrgSelectedActions,
        FactKind::Workflow,
    ],
};

fn describe(a: &UsedAction) -> String {
    match a.line {
        Some(line) => format!("`{}` (line {line})", a.name()),
        None => format!("`{}`", a.name()),
    }
}

impl Check for AllowedActions {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (repo, repo_source) = cx.facts.repo_actions().need()?;
        // With `selected`, the allow-list decides: without it nothing can be judged.
        let repo_list = if repo.allowed_actions == Some(Allowed::Selected) {
            Some(cx.facts.repo_selected_actions().need()?)
        } else {
            cx.facts.repo_selected_actions().optional()?
        };
        let org_got = cx.facts.org_actions();
        let org = org_got.optional()?;
        let org_list = if org.is_some_and(|(o, _)| o.allowed_actions == Some(Allowed::Selected)) {
            Some(cx.facts.org_selected_actions().need()?)
        } else {
            cx.facts.org_selected_actions().optional()?
        };
        let summary = cx.summary()?;
        let (used, from_workflow) = used_actions(summary);
        let owner = cx.owner();
        let repo_policy = Policy {
            allowed: repo.allowed_actions.unwrap_or(Allowed::All),
            list: repo_list.map(|(l, _)| l),
            local_owner: owner,
        };
        let org_policy = org.map(|(o, _)| Policy {
            allowed: o.allowed_actions.unwrap_or(Allowed::All),
            list: org_list.map(|(l, _)| l),
            local_owner: owner,
        });
        let blocked: Vec<&UsedAction> = used
            .iter()
            .filter(|a| !repo_policy.allows(a) || org_policy.is_some_and(|p| !p.allows(a)))
            .collect();
        let whose = if from_workflow {
            "the workflow uses"
        } else {
            "the generated workflow would use"
        };
        let org_unread = org_got.unread().map(|why| why.naming_org(owner));
        let mut verdict = if let (true, Some(why)) = (blocked.is_empty(), org_unread) {
            // The organization can restrict actions further: not a pass.
            Verdict::warn(format!(
                "The repository's policy allows all {} {whose}, but {owner}'s Actions policy, which can restrict actions further, was not read. {}",
                plural(used.len(), "action", "actions"),
                why.describe()
            ))
            .fix_at(
                format!("An owner of {owner} can confirm under Settings → Actions → General that the organization allows these actions."),
                cx.org_settings_url("/actions"),
                "Organization Actions settings",
            )
        } else if blocked.is_empty() {
            let mut how = match repo_policy.allowed {
                Allowed::All => "the repository allows all actions".to_string(),
                other => format!("the repository's policy (`{}`) allows them", other.as_str()),
            };
            if let Some(p) = org_policy.filter(|p| p.allowed != Allowed::All) {
                how.push_str(&format!(
                    ", and {owner}'s policy (`{}`) allows them too",
                    p.allowed.as_str()
                ));
            }
            Verdict::pass(format!(
                "All {} {whose} may run: {how}.",
                plural(used.len(), "action", "actions")
            ))
        } else {
            let names: Vec<String> = blocked.iter().map(|a| describe(a)).collect();
            let patterns: Vec<String> = blocked
                .iter()
                .map(|a| format!("`{}`", a.exact_pattern()))
                .collect();
            let explicit = blocked.iter().any(|a| {
                repo_policy.blocks_explicitly(a)
                    || org_policy.is_some_and(|p| p.blocks_explicitly(a))
            });
            let org_blocks = org_policy.is_some_and(|p| blocked.iter().any(|a| !p.allows(a)));
            let (mut text, href, link) = if org_blocks {
                (
                    format!("An owner of {owner} adds {} to the organization's allowed actions (Settings → Actions → General), or allows actions by verified creators.", and_list(&patterns)),
                    cx.org_settings_url("/actions"),
                    "Organization Actions settings",
                )
            } else {
                (
                    format!("Add {} to the allowed actions under Settings → Actions → General (\"Allow {owner}, and select non-{owner}, actions\"), or allow actions by verified creators. Allowing every action is broader than the workflow needs.", and_list(&patterns)),
                    cx.repo_url("/settings/actions"),
                    "Actions settings",
                )
            };
            if explicit {
                text = format!("First remove the `!` pattern: it blocks an action whatever else allows it. {text}");
            }
            Verdict::fail(format!(
                "{} {whose} {} not allowed: {}{}.",
                plural(blocked.len(), "action", "actions"),
                if blocked.len() == 1 { "is" } else { "are" },
                and_list(&names),
                if explicit {
                    " (blocked by a `!` pattern)"
                } else {
                    ""
                },
            ))
            .fix_at(text, href, link)
        };
        if let Some(s) = summary.filter(|s| !s.bad_uses.is_empty()) {
            verdict = with_bad_uses(verdict, &s.bad_uses, &workflow_path(cx));
        }
        verdict = verdict.evidence(
            "Repository allows",
            repo_policy.allowed.as_str(),
            Some(repo_source),
        );
        if let Some((l, source)) = repo_list {
            verdict = verdict.evidence("Repository allow-list", list_text(l), Some(source));
        }
        if let Some((o, source)) = org {
            verdict = verdict.evidence(
                "Organization allows",
                o.allowed_actions.unwrap_or(Allowed::All).as_str(),
                Some(source),
            );
        }
        if let Some((l, source)) = org_list {
            verdict = verdict.evidence("Organization allow-list", list_text(l), Some(source));
        }
        Ok(verdict)
    }
}

/// The publishing workflow's path, for sentences.
fn workflow_path(cx: &Cx) -> String {
    match cx.workflow() {
        WorkflowPick::Found(doc) => doc.file.repo_path().to_string(),
        _ => "The workflow".to_string(),
    }
}

/// A `uses:` GitHub cannot run fails the row whatever the policy says, and
/// no allow-list change is judged for it.
fn with_bad_uses(verdict: Verdict, bad: &[BadUses], file: &str) -> Verdict {
    let lines: Vec<String> = bad
        .iter()
        .map(|b| match &b.text {
            Some(t) => format!("line {} (`{}`): {}", b.line, t.trim(), b.why),
            None => format!("line {}: {}", b.line, b.why),
        })
        .collect();
    let text = format!(
        "{file} has {} that {} not an action reference, so no policy can allow {}: {}",
        plural(bad.len(), "`uses:`", "`uses:` values"),
        if bad.len() == 1 { "is" } else { "are" },
        if bad.len() == 1 { "it" } else { "them" },
        lines.join(" ")
    );
    if verdict.status == Status::Fail {
        let mut v = verdict;
        v.summary = format!("{} {text}", v.summary);
        v
    } else {
        Verdict::fail(text).fix("Correct each line to `owner/repo@ref` (or `owner/repo/path@ref`), e.g. `docker/login-action@v4`, then re-check. A wildcard is never an action reference.")
    }
}

fn list_text(l: &crate::api::actions::SelectedActions) -> String {
    let mut parts = Vec::new();
    if l.github_owned_allowed {
        parts.push("GitHub-owned".to_string());
    }
    if l.verified_allowed {
        parts.push("verified creators".to_string());
    }
    parts.extend(l.patterns_allowed.iter().map(|p| format!("`{p}`")));
    if parts.is_empty() {
        "nothing".into()
    } else {
        parts.join(", ")
    }
}
