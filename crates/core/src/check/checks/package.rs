//! `package`: the container package exists where the image will be pushed.
//! When it does not, the first push creates it — unless the organization does
//! not let members create packages, which the API cannot show: a failed first
//! run then names that setting — or, when the publishing job cannot write
//! packages at all, that cause first (GitHub answers both with the same
//! error).

use super::{last_publishing_run, unknown_because, Check, Cx, Meta};
use crate::analyze::PackagesGrant;
use crate::api::actions::DefaultPermission;
use crate::check::context::{shown_image, WorkflowPick};
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct PackageCheck;

const META: Meta = Meta {
    id: "package",
    group: Group::Package,
    title: "Container package",
    why: "The package is what `docker pull` fetches; its settings decide who may push and pull.",
    symptom: Some("installation not allowed to Create organization package"),
    needs: &[
        FactKind::Repo,
        FactKind::ImageOwner,
        FactKind::Package,
        FactKind::Workflow,
        FactKind::WorkflowRuns,
        FactKind::RepoWorkflowPermissions,
    ],
};

/// Whether the publishing job surely gets no `packages: write`: it declares
/// permissions without it, or declares none under a read-only default.
fn job_cannot_write_packages(cx: &Cx) -> Result<bool, Stop> {
    let job = cx.summary().ok().flatten().and_then(|s| s.publishing_job());
    Ok(match job.map(|j| j.packages()) {
        Some(PackagesGrant::ReadOrNone) => true,
        Some(PackagesGrant::NotDeclared) => matches!(
            cx.facts.repo_workflow_permissions().optional()?,
            Some((p, _)) if p.default_workflow_permissions == DefaultPermission::Read
        ),
        _ => false,
    })
}

impl Check for PackageCheck {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let is_org = cx.is_org()?;
        let Some(image) = cx.image() else {
            return Ok(Verdict::manual(format!(
                "`{}` does not lower-case to a valid image name: name the image (the image field above).",
                cx.target.repo
            ))
            .fix("Type the image the workflow pushes (for example `ghcr.io/owner/name`) in the Image field above and check again."));
        };
        let shown = shown_image(&image);
        // Without the workflow (and no image named), the package looked up
        // is the repository's name: it may not be the one the workflow pushes.
        let image_unknown = cx.image_unknown();
        match cx.facts.package() {
            Got::Ready(p, source) => {
                let versions = match p.version_count {
                    Some(1) => "1 version".to_string(),
                    Some(n) => format!("{n} versions"),
                    None => "an unknown number of versions".to_string(),
                };
                let mut v = match image_unknown {
                    Some(why) => unknown_because(
                        format!(
                            "{shown}, named after the repository, exists ({} package, {versions}); whether the workflow publishes that image is not known.",
                            p.visibility
                        ),
                        why,
                    ),
                    None => Verdict::pass(format!(
                        "{shown} exists ({} package, {versions}).",
                        p.visibility
                    )),
                }
                .evidence("Package", &p.name, Some(source))
                .evidence("Visibility", &p.visibility, Some(source));
                if let Some(url) = &p.html_url {
                    v = v.evidence("Page", url, None);
                }
                Ok(v)
            }
            Got::Absent(_) => {
                let source = match cx.facts.slot(&crate::check::FactKey::Package) {
                    Some(crate::check::Slot::Absent { source }) => source.clone(),
                    _ => String::new(),
                };
                if let Some(why) = image_unknown {
                    return Ok(unknown_because(
                        format!("{shown}, named after the repository, is not published; whether the workflow publishes another image is not known."),
                        why,
                    )
                    .evidence("Package", "not found (404)", Some(&source)));
                }
                // The newest run that went to the end on the default branch:
                // a newer cancelled, skipped or pull-request run hides nothing.
                let default_branch = cx.repo().ok().map(|r| r.default_branch.as_str());
                let failed_run = match cx.workflow() {
                    WorkflowPick::Found(doc) => {
                        match cx.facts.workflow_runs(&doc.file).optional()? {
                            Some((runs, source)) => last_publishing_run(runs, default_branch)
                                .filter(|r| r.conclusion.as_deref() == Some("failure"))
                                .map(|r| (r, source)),
                            None => None,
                        }
                    }
                    _ => None,
                };
                let org = cx.owner();
                // Package creation is an organization setting the API cannot read.
                let creation = |v: Verdict, fix: String| {
                    v.fix_at(
                        fix,
                        cx.org_settings_url("/packages"),
                        "Package creation settings",
                    )
                };
                let v = match (is_org, failed_run) {
                    (true, Some((run, runs_source))) => {
                        let on = default_branch
                            .map_or("the default branch".to_string(), |b| format!("`{b}`"));
                        let v = if job_cannot_write_packages(cx)? {
                            creation(
                                Verdict::warn(format!(
                                    "{shown} has never been published: the latest finished run on {on} failed, and its publishing job cannot write packages, which GitHub refuses with `installation not allowed to Create organization package`."
                                )),
                                format!("Give the publishing job `packages: write` (\"Workflow token permissions\" above), re-run the workflow, then re-check. If the same error stays, an owner of {org} allows members to create packages under Settings → Packages → Package creation."),
                            )
                        } else {
                            creation(
                                Verdict::warn(format!(
                                    "{shown} has never been published and the latest finished run on {on} failed. If its log shows `installation not allowed to Create organization package`, {org} does not let members create packages of this visibility."
                                )),
                                format!("An owner of {org} allows members to create packages under Settings → Packages → Package creation, then re-run the workflow."),
                            )
                        };
                        v.evidence(
                            "Run judged",
                            run.html_url.as_deref().unwrap_or("no link given"),
                            Some(runs_source),
                        )
                    }
                    (true, None) => creation(
                        Verdict::manual(format!(
                            "{shown} is not published yet: the first push creates it, if {org} lets members create packages."
                        )),
                        format!("Confirm that {org} allows members to create packages (Settings → Packages → Package creation)."),
                    ),
                    (false, _) => Verdict::pass(format!(
                        "{shown} is not published yet: the first push creates it under {org}."
                    )),
                };
                Ok(v.evidence("Package", "not found (404)", Some(&source)))
            }
            other => Err(other.stop()),
        }
    }
}
