//! Rule `outdated-action`: actions the project knows (checkout, the docker
//! actions, attest, …) are on the newest major version of the pin set. Old
//! majors run on retired Node versions and miss fixes to login, build and
//! push, so a publishing workflow on them starts failing without any change.
//! A major newer than the pin set knows is fine and only noted.

use super::versions::{self, deliberate_tag, full_path, Status};
use super::{Ctx, Out};
use crate::analyze::Severity;

rule!(
    /// Checks that known actions are on their newest major version.
    OutdatedAction,
    "outdated-action",
    "known actions are on their newest major version"
);

impl OutdatedAction {
    fn run(ctx: &Ctx, out: &mut Out) {
        for u in ctx.wf.action_uses() {
            match versions::status(ctx, &u) {
                Status::Outdated { used, pin } => {
                    let fix = if !u.pinned_by_sha() && deliberate_tag(ctx, &u) {
                        format!(
                            "Use `uses: {}`, or pin its newest release: `uses: {}`.",
                            pin.major_uses_at(u.path),
                            pin.pinned_uses_at(u.path)
                        )
                    } else {
                        format!("Use `uses: {}`.", pin.pinned_uses_at(u.path))
                    };
                    out.push(
                        u.line,
                        Severity::Warning,
                        format!(
                            "`{}` is on major version {}; the newest is {} ({}).",
                            full_path(&u),
                            used.major(),
                            pin.tag(),
                            pin.source().describe()
                        ),
                        fix,
                    );
                }
                Status::NewerMajor { used, pin } => out.push(
                    u.line,
                    Severity::Info,
                    format!(
                        "`{}` is on major version {}, newer than the versions this tool knows (up to {}, {}); that is fine.",
                        full_path(&u),
                        used.major(),
                        pin.tag(),
                        pin.source().describe()
                    ),
                    "Nothing to change. Check the step's inputs against that version's documentation if it was raised by hand.",
                ),
                Status::Current { .. } | Status::Unknown => {}
            }
        }
    }
}
