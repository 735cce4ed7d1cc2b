//! `workflow-file`: a workflow that publishes to ghcr.io exists —
//! `.github/workflows/docker-image.yml`, or any other file in the workflows
//! directory that logs in to or pushes to ghcr.io — is valid YAML, and is
//! not disabled. A failing row names the pull request that proposes the
//! generated workflow, when one is open.

use super::{Check, Cx, Meta};
use crate::api::git::PullRequest;
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
    needs: &[
        FactKind::Workflow,
        FactKind::WorkflowState,
        FactKind::ProposalPulls,
    ],
};

/// A failing verdict: `summary` and `fix`, or — when a pull request already
/// proposes the generated workflow — that pull request and what to do with it.
fn failing(summary: String, fix: &str, proposal: Option<(&PullRequest, &str)>) -> Verdict {
    let Some((pull, source)) = proposal else {
        return Verdict::fail(summary).fix(fix);
    };
    let n = pull.number;
    let v = Verdict::fail(format!(
        "{summary} Pull request #{n} proposes the generated workflow."
    ));
    let text = format!("Review and merge pull request #{n}: the workflow runs once it is on the default branch. Then re-check.");
    // The address comes from GitHub's answer: only an https:// one becomes a link.
    if pull.html_url.starts_with("https://") {
        v.fix_at(text, &pull.html_url, format!("Pull request #{n}"))
            .evidence("Open proposal", &pull.html_url, Some(source))
    } else {
        v.fix(text)
    }
}

impl Check for WorkflowFile {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let pick = cx.workflow();
        match pick {
            WorkflowPick::Pending => return Err(Stop::Pending),
            WorkflowPick::Unknown(why) => return Err(Stop::Unknown(why.clone())),
            _ => {}
        }
        // An open proposal is news only where the row fails; whether one is
        // open is not worth an unknown row when it cannot be read.
        let proposal = || -> Result<Option<(&PullRequest, &str)>, Stop> {
            Ok(cx
                .facts
                .proposal_pulls()
                .optional()?
                .and_then(|(list, source)| list.first().map(|p| (p, source))))
        };
        let doc = match pick {
            WorkflowPick::Found(doc) => *doc,
            _ => {
                return Ok(failing(
                    "No workflow in .github/workflows publishes to ghcr.io yet.".into(),
                    "Generate `docker-image.yml` below and add it to the default branch (copy, download or propose it).",
                    proposal()?,
                ))
            }
        };
        let path = doc.file.repo_path();
        if let Some(why) = doc.too_large() {
            return Ok(Verdict::unknown(why));
        }
        let summary = match &doc.summary {
            Ok(s) => s,
            Err(err) => {
                return Ok(failing(
                    format!("{path} cannot be read as a workflow: {err}"),
                    "Fix the file, or replace it with the generated workflow below.",
                    proposal()?,
                ))
            }
        };
        if !summary.publishes_to_ghcr() {
            return Ok(failing(
                format!("{path} exists but neither logs in to ghcr.io nor pushes an image there."),
                "Replace it with the generated workflow below, or add a docker/login-action step with `registry: ghcr.io`.",
                proposal()?,
            ));
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
            Got::Absent(_) => Verdict::manual(format!(
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
                    .stop()
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
