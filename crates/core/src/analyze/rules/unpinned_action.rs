//! Rule `unpinned-action`: actions and reusable workflows are pinned by full
//! commit SHA. The login and build steps handle the token that can write to
//! ghcr.io; a tag can be moved to different code, so a tag-pinned action can
//! publish anything under the repository's name. A
//! `zizmor: ignore[unpinned-uses]` comment lowers the finding to Info. An
//! outdated action is left to `outdated-action`, whose fix pins it too.

use super::versions::{self, deliberate_tag, full_path, Status};
use super::{Ctx, Out};
use crate::actions::Version;
use crate::analyze::workflow::ActionUse;
use crate::analyze::Severity;

rule!(
    /// Checks that every action is pinned by full commit SHA.
    UnpinnedAction,
    "unpinned-action",
    "actions are pinned by full commit SHA"
);

impl UnpinnedAction {
    fn run(ctx: &Ctx, out: &mut Out) {
        for u in ctx.wf.action_uses() {
            if u.pinned_by_sha() {
                continue;
            }
            let fix = match versions::status(ctx, &u) {
                Status::Outdated { .. } => continue,
                Status::Current { newer: false, pin } => {
                    format!("Use `uses: {}`.", pin.pinned_uses_at(u.path))
                }
                Status::Current { newer: true, .. }
                | Status::NewerMajor { .. }
                | Status::Unknown => own_sha_fix(&u),
            };
            let deliberate = deliberate_tag(ctx, &u);
            let (severity, note) = if deliberate {
                (Severity::Info, " (marked as a deliberate choice)")
            } else {
                (Severity::Warning, "")
            };
            let what = if Version::parse(u.reference).is_some() {
                "tag"
            } else {
                "branch or tag name"
            };
            out.push(
                u.line,
                severity,
                format!(
                    "`{}@{}` is pinned by {what}{note}; a {what} can be moved to different code, a commit SHA cannot.",
                    full_path(&u),
                    u.reference
                ),
                fix,
            );
        }
    }
}

/// The fix when the pin set has no release to offer: pin the commit the ref names today.
fn own_sha_fix(u: &ActionUse) -> String {
    let kind = if u.step.is_some() {
        "the action"
    } else {
        "the reusable workflow"
    };
    if Version::parse(u.reference).is_some() {
        format!(
            "Pin {kind} to the full commit SHA that `{r}` points to, keeping the tag in a comment: `uses: {p}@<commit SHA> # {r}`.",
            r = u.reference,
            p = full_path(u)
        )
    } else {
        format!(
            "Pin {kind} to the full commit SHA of a release, keeping the release tag in a comment: `uses: {}@<commit SHA> # <tag>`.",
            full_path(u)
        )
    }
}
