//! `dockerfile`: the Dockerfile the workflow builds (build-push `file:` and
//! `context:`, default `Dockerfile`) is on the default branch.

use super::{Check, Cx, Meta};
use crate::check::context::{dockerfile_path, WorkflowPick};
use crate::check::facts::{FactKey, FactKind, Got, Slot, Stop};
use crate::check::verdict::{Group, Verdict};
use crate::names::RepoPath;

pub struct Dockerfile;

const META: Meta = Meta {
    id: "dockerfile",
    group: Group::Workflow,
    title: "Dockerfile",
    why: "The build fails at once when the Dockerfile it names is not in the repository.",
    symptom: Some("failed to read dockerfile: open Dockerfile: no such file or directory"),
    needs: &[FactKind::Workflow, FactKind::Dockerfile],
};

impl Check for Dockerfile {
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
        let from_workflow = matches!(pick, WorkflowPick::Found(_));
        let Some(path) = dockerfile_path(pick) else {
            let v = Verdict::manual(
                "The workflow names its Dockerfile or build context with an expression: confirm the file exists.",
            );
            let text = "Read the build step's `file:` and `context:` in the workflow, and confirm that the Dockerfile they name is in the repository.";
            return Ok(match pick {
                WorkflowPick::Found(doc) => v.fix_at(
                    text,
                    cx.repo_url(&format!("/blob/HEAD/{}", doc.file.repo_path())),
                    "The workflow",
                ),
                _ => v.fix(text),
            });
        };
        let shown = path.normalized();
        let v = match cx.facts.dockerfile(&path) {
            Got::Ready(file, source) => {
                let whose = if from_workflow { "the workflow builds" } else { "the generated workflow builds by default" };
                Verdict::pass(format!("`{shown}`, which {whose}, is on the default branch.")).evidence(
                    "File",
                    file.html_url.as_deref().unwrap_or(&file.path),
                    Some(source),
                )
            }
            Got::Absent(_) if from_workflow => Verdict::fail(format!(
                "The workflow builds `{shown}`, which is not on the default branch."
            ))
            .fix("Add the Dockerfile, or point the build step's `file:` and `context:` at it.")
            .evidence("File", format!("{shown}: not found (404)"), absent_source(cx, &path)),
            Got::Absent(_) => Verdict::warn(format!(
                "There is no `{shown}` at the repository root, which the generated workflow builds by default."
            ))
            .fix("Set the generator's Dockerfile and context options to where yours is.")
            .evidence("File", format!("{shown}: not found (404)"), absent_source(cx, &path)),
            other => return Err(other.stop()),
        };
        Ok(v)
    }
}

/// The request that answered 404 for the Dockerfile.
fn absent_source<'a>(cx: &Cx<'a>, path: &RepoPath) -> Option<&'a str> {
    match cx.facts.slot(&FactKey::Dockerfile(path.clone())) {
        Some(Slot::Absent { source }) => Some(source.as_str()),
        _ => None,
    }
}
