//! `workflow-file`: a workflow that publishes to ghcr.io exists —
//! `.github/workflows/docker-image.yml`, or any other file in the workflows
//! directory that logs in to or pushes to ghcr.io — is valid YAML, and is
//! not disabled.

use super::{Check, Cx, Meta};
use crate::check::context::WorkflowPick;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Status, Verdict, Why};

pub struct WorkflowFile;

const META: Meta = Meta {
    id: "workflow-file",
    group: Group::Workflow,
    title: "Publishing workflow",
    why: "Without a workflow that logs in to ghcr.io and pushes, nothing publishes the image.",
    symptom: None,
    needs: &[FactKind::Workflow, FactKind::WorkflowState],
};

impl Check for WorkflowFile {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let doc = match cx.workflow() {
            WorkflowPick::Pending => return Err(Stop::Pending),
            WorkflowPick::Unknown(why) => return Err(Stop::Unknown(why.clone())),
            WorkflowPick::None => {
                return Ok(Verdict::fail("No workflow in .github/workflows publishes to ghcr.io yet.")
                    .fix("Generate `docker-image.yml` below and add it to the default branch (copy, download or propose it)."))
            }
            WorkflowPick::Found(doc) => *doc,
        };
        let path = doc.file.repo_path();
        let summary = match &doc.summary {
            Ok(s) => s,
            Err(err) => {
                return Ok(
                    Verdict::fail(format!("{path} cannot be read as a workflow: {err}"))
                        .fix("Fix the file, or replace it with the generated workflow below."),
                )
            }
        };
        if !summary.publishes_to_ghcr() {
            return Ok(Verdict::fail(format!(
                "{path} exists but neither logs in to ghcr.io nor pushes an image there."
            ))
            .fix("Replace it with the generated workflow below, or add a docker/login-action step with `registry: ghcr.io`."));
        }
        let state = cx.facts.workflow_state(&doc.file);
        let runs_url = cx.repo_url(&format!("/actions/workflows/{}", doc.file));
        let v = match state {
            Got::Ready(info, source) => {
                let v = match info.state.as_str() {
                    "active" => Verdict::pass(format!("{path} publishes to ghcr.io and is active.")),
                    "disabled_inactivity" => Verdict::fail(format!(
                        "{path} publishes to ghcr.io but GitHub disabled it after 60 days without repository activity."
                    ))
                    .fix_at("Open the workflow in the Actions tab and choose \"Enable workflow\".", &runs_url, "The workflow"),
                    "disabled_manually" => Verdict::fail(format!("{path} publishes to ghcr.io but was disabled by hand."))
                        .fix_at("Open the workflow in the Actions tab and choose \"Enable workflow\".", &runs_url, "The workflow"),
                    other => Verdict::fail(format!("{path} publishes to ghcr.io but is disabled ({}).", other.replace('_', " ")))
                        .fix_at("Open the workflow in the Actions tab and choose \"Enable workflow\".", &runs_url, "The workflow"),
                };
                v.evidence("State", &info.state, Some(source))
            }
            Got::Pending => return Err(Stop::Pending),
            Got::Absent => Verdict::manual(format!(
                "{path} publishes to ghcr.io, but GitHub lists no workflow for it (404), so whether it runs is not known: confirm it appears in the Actions tab and is not disabled."
            ))
            .fix_at(
                "Open the workflow in the Actions tab: a disabled one shows \"Enable workflow\".",
                &runs_url,
                "The workflow",
            ),
            other => {
                // A disabled workflow fails this row: without its state, say so.
                let why = other
                    .stop("The workflow's state")
                    .into_unknown()
                    .unwrap_or_else(|| Why::Blocked("The workflow's state".into()))
                    .naming_org(cx.owner());
                Verdict {
                    status: Status::Unknown,
                    summary: format!(
                        "{path} publishes to ghcr.io, but whether it is enabled is not known. {}",
                        why.describe()
                    ),
                    unknown: Some(why),
                    ..Verdict::new(Status::Unknown, "")
                }
                .fix_at(
                    "The Actions tab shows whether it is enabled: a disabled workflow offers \"Enable workflow\" there.",
                    &runs_url,
                    "The workflow",
                )
            }
        };
        Ok(v.evidence("File", path.as_str(), None))
    }
}
