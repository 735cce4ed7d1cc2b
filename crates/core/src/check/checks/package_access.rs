//! `package-access`: the package lets this repository's workflows push. A
//! package linked to the repository inherits its access; one pushed first by
//! hand, by another repository or with a PAT is not, and only its settings
//! page ("Manage Actions access") can grant write — no API can.

use super::{unknown_because, Check, Cx, Meta};
use crate::check::context::shown_image;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct PackageAccess;

const META: Meta = Meta {
    id: "package-access",
    group: Group::Package,
    title: "Package access for this repository",
    why: "A package not linked to the repository refuses its workflows' pushes until the repository is given write access on the package.",
    symptom: Some("permission_denied: write_package · 403 Forbidden on a blob HEAD"),
    needs: &[
        FactKind::Repo,
        FactKind::Workflow,
        FactKind::ImageOwner,
        FactKind::Package,
    ],
};

impl Check for PackageAccess {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let repo = cx.repo()?;
        let Some(image) = cx.image() else {
            return Ok(Verdict::not_applicable(
                "There is no image name to look up yet; the container package item says how to name it.",
            ));
        };
        if let Some(why) = cx.image_unknown() {
            return Ok(unknown_because(
                "The image the workflow publishes is not known, so neither is its package's access.".into(),
                why,
            ));
        }
        let (package, source) = match cx.facts.package() {
            Got::Absent(_) => {
                return Ok(Verdict::not_applicable(format!(
                    "{} is not published yet. The generated workflow labels the image with `org.opencontainers.image.source` (metadata-action), which links the package to this repository on its first push.",
                    shown_image(&image)
                )))
            }
            other => other.need()?,
        };
        let settings = cx
            .package_owner(&image)
            .map(|o| o.settings_url(package.name.as_str()))
            .unwrap_or_else(|| "https://github.com/settings/packages".into());
        let linked = package
            .repository
            .as_ref()
            .and_then(|r| r.full_name.clone());
        let v = if package.linked_to(&repo.full_name) {
            Verdict::pass(format!(
                "The package is linked to {}, so its workflows may push. (Extra grants under \"Manage Actions access\" are visible only on GitHub.)",
                repo.full_name
            ))
        } else {
            let now = match &linked {
                Some(other) => format!("linked to {other}, not to {}", repo.full_name),
                None => "linked to no repository".to_string(),
            };
            Verdict::manual(format!(
                "The package is {now}: this repository's workflows may push only if it was given write access under \"Manage Actions access\" — which the API cannot show."
            ))
            .fix_at(
                format!("Open the package settings → Manage Actions access → Add repository → {} with the Write role; then re-check.", repo.full_name),
                settings,
                "Package settings",
            )
        };
        Ok(v.evidence(
            "Linked repository",
            linked.unwrap_or_else(|| "none".into()),
            Some(source),
        ))
    }
}
