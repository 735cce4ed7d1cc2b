//! `runner-policy`: the organization lets this repository use self-hosted
//! runners at all (`enabled_repositories` of its self-hosted runner policy,
//! and when that is `selected`, whether the repository is on the list).

use super::{repositories, Check, Cx, Meta};
use crate::api::actions::EnabledRepositories;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict, Why};

pub struct RunnerPolicy;

const META: Meta = Meta {
    id: "runner-policy",
    group: Group::SecretsRunners,
    title: "Organization's self-hosted runner policy",
    why: "An organization can forbid self-hosted runners for some or all of its repositories; their jobs then never start.",
    symptom: Some("jobs queued forever"),
    needs: &[
        FactKind::Repo,
        FactKind::Workflow,
        FactKind::OrgRunnerPolicy,
        FactKind::OrgRunnerRepos,
    ],
};

impl Check for RunnerPolicy {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        if !cx.is_org()? {
            return Ok(Verdict::not_applicable(
                "A personal repository has no organization runner policy.",
            ));
        }
        let self_hosted = cx
            .summary()?
            .is_some_and(|s| s.publishing_jobs().any(|j| j.self_hosted()));
        if !self_hosted {
            return Ok(Verdict::not_applicable(
                "No publishing job of the workflow runs on a `self-hosted` runner.",
            ));
        }
        let org = cx.owner();
        let (policy, source) = cx.facts.org_runner_policy().need()?;
        let link = cx.org_settings_url("/actions");
        let repo = cx.full_name();
        let add = format!("An owner of {org} adds {repo} to the selected repositories under Settings → Actions → General → Runners, or the workflow moves to GitHub-hosted runners.");
        let mut listed = None;
        let v = match policy.enabled_repositories {
            EnabledRepositories::All => Verdict::pass(format!("{org} lets all its repositories use self-hosted runners.")),
            EnabledRepositories::None => Verdict::fail(format!("{org} lets none of its repositories use self-hosted runners."))
                .fix_at(format!("An owner of {org} allows this repository under Settings → Actions → General → Runners, or the workflow moves to GitHub-hosted runners."), link, "Organization Actions settings"),
            _ => match cx.facts.org_runner_repos() {
                Got::Pending => return Err(Stop::Pending),
                Got::Ready(list, list_source) => {
                    listed = Some((list, list_source));
                    if list.contains(repo) {
                        Verdict::pass(format!("{org} lets only selected repositories use self-hosted runners, and {repo} is one of them."))
                    } else if list.is_complete() {
                        Verdict::fail(format!("{org} lets only selected repositories use self-hosted runners, and {repo} is not one of them: its self-hosted jobs never start."))
                            .fix_at(add, link, "Organization Actions settings")
                    } else {
                        Verdict::manual(format!(
                            "{org} lets only selected repositories use self-hosted runners, and {repo} is not among the first {} of the {} listed: confirm it is selected.",
                            list.repositories.len(),
                            list.total_count
                        ))
                        .fix_at(format!("An owner of {org} checks the list under Settings → Actions → General → Runners."), link, "Organization Actions settings")
                    }
                }
                other => {
                    let why = other
                        .unread()
                        .unwrap_or_else(|| Why::Blocked("The list of selected repositories".into()))
                        .naming_org(org);
                    Verdict::manual(format!(
                        "{org} lets only selected repositories use self-hosted runners, and the list could not be read, so confirm {repo} is one of them. {}",
                        why.describe()
                    ))
                    .fix_at(format!("An owner of {org} checks the list under Settings → Actions → General → Runners."), link, "Organization Actions settings")
                }
            },
        };
        let mut v = v.evidence(
            "Self-hosted runners allowed for",
            repositories(policy.enabled_repositories),
            Some(source),
        );
        if let Some((list, list_source)) = listed {
            v = v.evidence(
                "Selected repositories",
                listed_names(list),
                Some(list_source),
            );
        }
        Ok(v)
    }
}

/// At most ten names of `list`, then how many more.
fn listed_names(list: &crate::api::actions::RepositoryList) -> String {
    const SHOWN: usize = 10;
    let names: Vec<&str> = list
        .repositories
        .iter()
        .take(SHOWN)
        .map(|r| r.full_name.as_str())
        .collect();
    let total = usize::try_from(list.total_count)
        .unwrap_or(usize::MAX)
        .max(list.repositories.len());
    match (names.is_empty(), total.saturating_sub(names.len())) {
        (true, _) => "none".to_string(),
        (false, 0) => names.join(", "),
        (false, more) => format!("{} and {more} more", names.join(", ")),
    }
}
