//! `image-name`: the image name is lower case by the time it is pushed.
//! ghcr.io refuses upper-case repository names, and `github.repository`
//! keeps the owner's capitals — unless the name goes through metadata-action,
//! which lower-cases it.

use super::{and_list, Check, Cx, Meta};
use crate::check::context::shown_image;
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct ImageNameCheck;

const META: Meta = Meta {
    id: "image-name",
    group: Group::Package,
    title: "Image name in lower case",
    why: "ghcr.io refuses image names with capitals, and the push fails at the very end of the build.",
    symptom: Some("repository name must be lowercase"),
    needs: &[FactKind::Repo, FactKind::Workflow],
};

impl Check for ImageNameCheck {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let summary = cx.summary()?;
        let full_name = cx.full_name();
        let mixed = full_name.chars().any(|c| c.is_ascii_uppercase());
        let image = cx.image();
        let expected = image.as_ref().map(shown_image).unwrap_or_default();
        let Some(summary) = summary else {
            let v = if mixed {
                Verdict::pass(format!(
                    "{full_name} has capitals; the generated workflow publishes `{expected}` in lower case."
                ))
            } else {
                Verdict::pass(format!("The generated workflow publishes `{expected}`."))
            };
            return Ok(v);
        };
        let mut problems = Vec::new();
        let mut names = Vec::new();
        for img in summary.images() {
            names.push(format!("`{}` (line {})", img.name, img.line));
            if img.literal && img.name.chars().any(|c| c.is_ascii_uppercase()) && !img.lower_cased()
            {
                problems.push(format!("`{}` on line {} has capitals", img.name, img.line));
            } else if img.from_repository && !img.lower_cased() && mixed {
                problems.push(format!(
                    "line {} builds the name from `github.repository`, which is `{full_name}` here",
                    img.line
                ));
            }
        }
        let v = if !problems.is_empty() {
            Verdict::fail(format!("ghcr.io will refuse the push: {}.", and_list(&problems))).fix(format!(
                "Write the image name in lower case (`{expected}`), or pass it through docker/metadata-action's `images:`, which lower-cases it."
            ))
        } else if names.is_empty() {
            Verdict::pass(
                "The workflow names no image; the package checks use the repository's name.",
            )
        } else {
            Verdict::pass(format!(
                "Image names are lower case when pushed: {}.",
                and_list(&names)
            ))
        };
        Ok(v.evidence("Image checked", expected, None))
    }
}
