//! `latest-run`: how the publishing workflow's latest run ended, with a link
//! to it. A failed run is usually explained by a failing item above.

use super::{Check, Cx, Meta};
use crate::check::context::WorkflowPick;
use crate::check::facts::{FactKind, Stop};
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
        let Some((runs, source)) = cx.facts.workflow_runs(&doc.file).optional()? else {
            return Ok(Verdict::not_applicable(format!(
                "{} has not run yet.",
                doc.file
            )));
        };
        let Some(run) = runs.workflow_runs.first() else {
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
            (Some("completed"), Some(conclusion)) => {
                let v = Verdict::fail(format!(
                    "Run{number}{on} ended with `{conclusion}` ({when}); the failing items above name the likely cause."
                ));
                match &run.html_url {
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
        if let Some(url) = &run.html_url {
            v = v.evidence("Latest run", url, None);
        }
        Ok(v)
    }
}
