//! `latest-run`: how the publishing workflow's latest run ended, with a link
//! to it. A failed run is usually explained by a failing item above.

use super::{plural, Check, Cx, Meta};
use crate::api::actions::WorkflowRun;
use crate::check::context::WorkflowPick;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};
use crate::time::date_part;

pub struct LatestRun;

const META: Meta = Meta {
    id: "latest-run",
    group: Group::Workflow,
    title: "Latest run",
    why: "The latest run shows whether publishing works today, not only whether it should.",
    symptom: None,
    needs: &[FactKind::Workflow, FactKind::WorkflowRuns],
};

impl Check for LatestRun {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let doc = match cx.workflow() {
            WorkflowPick::Pending => return Err(Stop::Pending),
            WorkflowPick::Unknown(why) => return Err(Stop::Unknown(why.clone())),
            WorkflowPick::None => {
                return Ok(Verdict::not_applicable(
                    "There is no publishing workflow yet.",
                ))
            }
            WorkflowPick::Found(doc) => *doc,
        };
        let (runs, source) = match cx.facts.workflow_runs(&doc.file) {
            Got::Absent(_) | Got::NotApplicable => {
                return Ok(Verdict::not_applicable(format!(
                    "{} has not run yet.",
                    doc.file
                )))
            }
            other => other.need()?,
        };
        // A cancelled or skipped run says nothing about publishing (a newer
        // push cancels an older pull-request run): judge the latest other one.
        let inconclusive =
            |r: &&WorkflowRun| matches!(r.conclusion.as_deref(), Some("cancelled" | "skipped"));
        let passed_over = runs
            .workflow_runs
            .iter()
            .take_while(|r| inconclusive(r))
            .count();
        let Some(run) = runs
            .workflow_runs
            .iter()
            .find(|r| !inconclusive(r))
            .or(runs.workflow_runs.first())
        else {
            return Ok(Verdict::not_applicable(format!(
                "{} has not run yet.",
                doc.file
            )));
        };
        let number = run.run_number.map_or(String::new(), |n| format!(" #{n}"));
        let when = run
            .created_at
            .as_deref()
            .map(date_part)
            .unwrap_or("an unknown date");
        let on = run
            .head_branch
            .as_deref()
            .map_or(String::new(), |b| format!(" on {b}"));
        let v = match (run.status.as_deref(), run.conclusion.as_deref()) {
            (Some("completed"), Some("success")) => {
                Verdict::pass(format!("Run{number}{on} succeeded ({when})."))
            }
            (Some("completed"), Some(conclusion @ ("cancelled" | "skipped"))) => {
                Verdict::pass(format!(
                    "Run{number}{on} was {conclusion} ({when}); no recent run went to the end, so none shows yet whether publishing works."
                ))
            }
            (Some("completed"), Some(conclusion)) => {
                let v = Verdict::fail(format!(
                    "Run{number}{on} ended with `{conclusion}` ({when}); an item above that fails or warns most likely names the cause."
                ));
                match run.html_url.as_deref().filter(|u| u.starts_with("https://")) {
                    Some(url) => v.fix_at(
                        "Open the run's log to see the step that failed.",
                        url,
                        "The failed run",
                    ),
                    None => {
                        v.fix("Open the run's log in the Actions tab to see the step that failed.")
                    }
                }
            }
            (status, _) => Verdict::pass(format!(
                "Run{number}{on} is {} ({when}).",
                status.unwrap_or("queued").replace('_', " ")
            )),
        };
        let mut v = v.evidence("Runs listed", runs.total_count.to_string(), Some(source));
        if passed_over > 0 && passed_over < runs.workflow_runs.len() {
            v = v.evidence(
                "Newer runs passed over",
                plural(
                    passed_over,
                    "cancelled or skipped run",
                    "cancelled or skipped runs",
                ),
                Some(source),
            );
        }
        if let Some(url) = &run.html_url {
            let label = if passed_over > 0 && passed_over < runs.workflow_runs.len() {
                "Run judged"
            } else {
                "Latest run"
            };
            v = v.evidence(label, url, None);
        }
        Ok(v)
    }
}
