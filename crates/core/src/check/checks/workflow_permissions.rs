//! `workflow-permissions`: the publishing job's token can write packages,
//! judged from the repository's default `GITHUB_TOKEN` permissions (and the
//! organization's, which can force read) together with the workflow's own
//! `permissions:`. A job that declares `packages: write` works under a read
//! default — the least-privilege setup — while a write default is broader
//! than any one workflow needs.

use super::{Check, Cx, Meta};
use crate::analyze::{PackagesGrant, WorkflowSummary};
use crate::api::actions::DefaultPermission;
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct WorkflowPermissions;

const META: Meta = Meta {
    id: "workflow-permissions",
    group: Group::RepoSettings,
    title: "Workflow token permissions",
    why: "ghcr.io accepts a push only from a token with `packages: write`; the workflow can ask for it itself, so the repository default can stay read-only for every other workflow.",
    symptom: Some("denied: installation not allowed to Write organization package · permission_denied: write_package"),
    needs: &[FactKind::RepoWorkflowPermissions, FactKind::OrgWorkflowPermissions, FactKind::Workflow],
};

/// The grant of the job that publishes to ghcr.io (or any publishing job).
fn publishing_grant(summary: &WorkflowSummary) -> Option<(String, usize, PackagesGrant)> {
    let job = summary.publishing_job()?;
    Some((job.id.clone(), job.line, job.packages()))
}

impl Check for WorkflowPermissions {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (repo, source) = cx.facts.repo_workflow_permissions().need()?;
        let org = cx.facts.org_workflow_permissions().optional()?;
        let summary = cx.summary()?;
        let default = repo.default_workflow_permissions;
        let org_forces_read =
            org.is_some_and(|(o, _)| o.default_workflow_permissions == DefaultPermission::Read);
        let settings = cx.repo_url("/settings/actions");
        let owner = cx.owner();
        let forced_note = if org_forces_read {
            format!(" {owner} forces read for its repositories, so the repository setting cannot be raised; the workflow fix works anyway.")
        } else {
            String::new()
        };
        let grant = summary.and_then(publishing_grant);
        let mut verdict = match (&grant, default) {
            (Some((job, _, PackagesGrant::Write)), DefaultPermission::Write) => Verdict::warn(format!(
                "Default workflow permissions are write for this repository. Your workflow only needs `packages: write`, which it already grants job `{job}`; setting the default to read limits every other workflow."
            ))
            .fix_at("Under Settings → Actions → General → Workflow permissions, choose \"Read repository contents and packages permissions\".", &settings, "Workflow permissions"),
            (Some((job, _, PackagesGrant::Write)), _) => Verdict::pass(format!(
                "The default is read and the workflow grants job `{job}` `packages: write`: each workflow gets only what it asks for."
            )),
            (Some((job, _, PackagesGrant::NotDeclared)), DefaultPermission::Write) => Verdict::warn(format!(
                "Job `{job}` declares no `permissions:`, so it relies on the repository's write default: it works, but every workflow gets write access."
            ))
            .fix("Add `permissions:` with `contents: read` and `packages: write` to the publishing job (the generated workflow below does), then set the default to read."),
            (Some((job, _, PackagesGrant::NotDeclared)), _) if org_forces_read => Verdict::fail(format!(
                "Job `{job}` declares no `permissions:` and the repository default is read, so its token cannot push to ghcr.io.{forced_note}"
            ))
            .fix("Add `permissions:` with `contents: read` and `packages: write` to the publishing job: it works under a read default."),
            (Some((job, _, PackagesGrant::NotDeclared)), _) => Verdict::fail(format!(
                "Job `{job}` declares no `permissions:` and the repository default is read, so its token cannot push to ghcr.io."
            ))
            .fix_at(
                "Add `permissions:` with `contents: read` and `packages: write` to the publishing job (preferred: it works under a read default). Setting the default to \"Read and write\" — the setup guide's advice — also works, but gives every workflow write access.",
                &settings,
                "Workflow permissions",
            ),
            (Some((job, _, PackagesGrant::ReadOrNone)), _) => Verdict::fail(format!(
                "Job `{job}` declares `permissions:` without `packages: write`, so its token cannot push to ghcr.io whatever the default is."
            ))
            .fix("Add `packages: write` to that job's `permissions:`."),
            (None, DefaultPermission::Write) => Verdict::warn(
                "Default workflow permissions are write for this repository (the setup guide's advice). The generated workflow declares `packages: write` on its job, so read is enough and limits every other workflow.",
            )
            .fix_at("Under Settings → Actions → General → Workflow permissions, choose \"Read repository contents and packages permissions\".", &settings, "Workflow permissions"),
            (None, _) => Verdict::pass(
                "The default is read; the generated workflow declares `packages: write` on its job, which is all publishing needs.",
            ),
        };
        verdict = verdict.evidence("Repository default", default.as_str(), Some(source));
        if let Some((o, org_source)) = org {
            verdict = verdict.evidence(
                "Organization default",
                o.default_workflow_permissions.as_str(),
                Some(org_source),
            );
        }
        if let Some((job, line, g)) = grant {
            let text = match g {
                PackagesGrant::Write => "packages: write",
                PackagesGrant::ReadOrNone => "permissions without packages: write",
                PackagesGrant::NotDeclared => "no permissions declared",
            };
            verdict = verdict.evidence(format!("Job `{job}` (line {line})"), text, None);
        }
        Ok(verdict)
    }
}
