//! `workflow-findings`: the analyzer's findings on the repository's real
//! publishing workflow, with line numbers: outdated or tag-pinned actions,
//! a wrong registry or password, missing permissions, pushes on pull
//! requests, a GitHub Actions cache without Buildx.

use super::{plural, Check, Cx, Meta};
use crate::analyze::Severity;
use crate::check::context::WorkflowPick;
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct WorkflowFindings;

const META: Meta = Meta {
    id: "workflow-findings",
    group: Group::Workflow,
    title: "Workflow review",
    why: "Old action versions, tag-pinned actions and missing permissions fail or weaken a publishing workflow long before anyone notices.",
    symptom: None,
    needs: &[FactKind::Workflow],
};

impl Check for WorkflowFindings {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let doc = match cx.workflow() {
            WorkflowPick::Pending => return Err(Stop::Pending),
            WorkflowPick::Unknown(why) => return Err(Stop::Unknown(why.clone())),
            WorkflowPick::None => {
                return Ok(Verdict::not_applicable(
                    "There is no workflow to review yet; the generated one has no findings.",
                ))
            }
            WorkflowPick::Found(doc) => *doc,
        };
        if let Some(why) = doc.too_large() {
            return Err(Stop::Unknown(why));
        }
        if doc.summary.is_err() {
            return Ok(Verdict::not_applicable(
                "The workflow could not be read; see the item above.",
            ));
        }
        let count = |s: Severity| doc.findings.iter().filter(|f| f.severity == s).count();
        let (errors, warnings, infos) = (
            count(Severity::Error),
            count(Severity::Warning),
            count(Severity::Info),
        );
        let path = doc.file.repo_path();
        let mut v = if errors > 0 {
            Verdict::fail(format!(
                "{path}: {}{}.",
                plural(errors, "error", "errors"),
                if warnings > 0 {
                    format!(" and {}", plural(warnings, "warning", "warnings"))
                } else {
                    String::new()
                }
            ))
        } else if warnings > 0 {
            Verdict::warn(format!(
                "{path}: {}.",
                plural(warnings, "warning", "warnings")
            ))
        } else if infos > 0 {
            Verdict::pass(format!(
                "{path} has no problems ({} worth knowing).",
                plural(infos, "note", "notes")
            ))
        } else {
            Verdict::pass(format!("{path} has no findings."))
        };
        for f in &doc.findings {
            v = v.evidence(
                format!("Line {} · {}", f.line, f.severity),
                format!("{} Fix: {}", f.message, f.fix),
                None,
            );
        }
        if errors + warnings > 0 {
            v = v.fix(
                "Apply the fixes listed, or replace the file with the generated workflow below.",
            );
        }
        Ok(v)
    }
}
