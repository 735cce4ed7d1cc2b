//! `package-visibility`: a package created by a workflow starts private,
//! whatever the repository's visibility; for a public project, anonymous
//! `docker pull` then fails although every run is green. Visibility can only
//! be changed on the package's settings page.

use super::{unknown_because, Check, Cx, Meta};
use crate::check::context::shown_image;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct PackageVisibility;

const META: Meta = Meta {
    id: "package-visibility",
    group: Group::Package,
    title: "Package visibility",
    why: "A private package needs a login to pull; a public repository's users usually expect to pull without one.",
    symptom: Some("unauthorized / 401 on docker pull while the run is green"),
    needs: &[
        FactKind::Repo,
        FactKind::Workflow,
        FactKind::ImageOwner,
        FactKind::Package,
    ],
};

impl Check for PackageVisibility {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let repo = cx.repo()?;
        let repo_public = !repo.private;
        let Some(image) = cx.image() else {
            return Ok(Verdict::not_applicable(
                "There is no image name to look up yet; the container package item says how to name it.",
            ));
        };
        if let Some(why) = cx.image_unknown() {
            return Ok(unknown_because(
                "The image the workflow publishes is not known, so neither is its package's visibility.".into(),
                why,
            ));
        }
        let owner = cx.package_owner(&image);
        let settings = |name: &str| {
            owner
                .as_ref()
                .map(|o| o.settings_url(name))
                .unwrap_or_else(|| "https://github.com/settings/packages".into())
        };
        let (package, source) = match cx.facts.package() {
            Got::Absent(_) if repo_public => {
                return Ok(Verdict::manual(format!(
                    "{} is not published yet. New packages start private even for a public repository: after the first push, make it public if anyone should pull it without signing in.",
                    shown_image(&image)
                ))
                .fix_at(
                    "After the first run, open the package settings → Danger Zone → Change visibility → Public.",
                    settings(image.package_name().as_str()),
                    "Package settings",
                ))
            }
            Got::Absent(_) => {
                return Ok(Verdict::not_applicable(
                    "Not published yet; the package will start private, like this repository.",
                ))
            }
            other => other.need()?,
        };
        let v = if package.is_public() {
            Verdict::pass("The package is public: anyone can pull it.")
        } else if repo_public {
            Verdict::warn(format!(
                "The package is {} while the repository is public: pulls without signing in fail with `unauthorized`.",
                package.visibility
            ))
            .fix_at(
                "If it should be public: package settings → Danger Zone → Change visibility → Public (no API can change it).",
                settings(package.name.as_str()),
                "Package settings",
            )
        } else {
            Verdict::pass(format!(
                "The package is {}, like the repository.",
                package.visibility
            ))
        };
        Ok(
            v.evidence("Package visibility", &package.visibility, Some(source))
                .evidence(
                    "Repository visibility",
                    repo.visibility.as_deref().unwrap_or(if repo_public {
                        "public"
                    } else {
                        "private"
                    }),
                    None,
                ),
        )
    }
}
