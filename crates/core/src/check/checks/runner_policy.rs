//! `runner-policy`: the organization lets this repository use self-hosted
//! runners at all (`enabled_repositories` of its self-hosted runner policy).

use super::{repositories, Check, Cx, Meta};
use crate::api::actions::EnabledRepositories;
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct RunnerPolicy;

const META: Meta = Meta {
    id: "runner-policy",
    group: Group::SecretsRunners,
    title: "Organization's self-hosted runner policy",
    why: "An organization can forbid self-hosted runners for some or all of its repositories; their jobs then never start.",
    symptom: Some("jobs queued forever"),
    needs: &[FactKind::Repo, FactKind::Workflow, FactKind::OrgRunnerPolicy],
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
        let (policy, source) = cx
            .facts
            .org_runner_policy()
            .need("The organization's runner policy")?;
        let link = cx.org_settings_url("/actions");
        let v = match policy.enabled_repositories {
            EnabledRepositories::All => Verdict::pass(format!("{org} lets all its repositories use self-hosted runners.")),
            EnabledRepositories::None => Verdict::fail(format!("{org} lets none of its repositories use self-hosted runners."))
                .fix_at(format!("An owner of {org} allows this repository under Settings → Actions → General → Runners, or the workflow moves to GitHub-hosted runners."), link, "Organization Actions settings"),
            _ => Verdict::manual(format!("{org} lets only selected repositories use self-hosted runners: confirm this one is selected."))
                .fix_at(format!("An owner of {org} checks the list under Settings → Actions → General → Runners."), link, "Organization Actions settings"),
        };
        Ok(v.evidence(
            "Self-hosted runners allowed for",
            repositories(policy.enabled_repositories),
            Some(source),
        ))
    }
}
