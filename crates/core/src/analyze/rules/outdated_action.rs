//! Rule `outdated-action`: actions the project knows (checkout, the docker
//! actions, attest) are on their newest major version. Old majors run on
//! retired Node versions and miss fixes to login, build and push, so a
//! publishing workflow on them starts failing or warning without any change.

use super::{finding, pinned_fix, ActionStep, Ctx, Rule};
use crate::actions;
use crate::analyze::{Finding, Severity};

const ID: &str = "outdated-action";

/// Checks that known actions are on their newest major version.
pub struct OutdatedAction;

impl Rule for OutdatedAction {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "known actions are on their newest major version"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for s in ctx.action_steps() {
            let (Some(latest), Some(used)) = (actions::lookup(s.name), used_major(ctx, &s)) else {
                continue;
            };
            if used < latest.major() {
                out.push(finding(
                    s.line,
                    ID,
                    Severity::Warning,
                    format!(
                        "`{}` is on major version {used}; the newest is {} (checked {}).",
                        s.name,
                        latest.tag,
                        actions::LAST_CHECKED
                    ),
                    pinned_fix(latest),
                ));
            }
        }
    }
}

/// The version a step uses: its tag, or for a SHA the `# vX.Y.Z` comment beside it.
fn used_major(ctx: &Ctx, s: &ActionStep) -> Option<u32> {
    if actions::is_full_sha(s.reference) {
        let comment = ctx.comment_on(s.line)?;
        return actions::major_of(comment.split_whitespace().next()?);
    }
    actions::major_of(s.reference)
}
