//! Rule `unpinned-action`: actions are pinned by full commit SHA. The login
//! and build steps handle the token that can write to ghcr.io; a tag can be
//! moved to different code, so a tag-pinned action can publish anything under
//! the repository's name. A `zizmor: ignore[unpinned-uses]` comment lowers the
//! finding to Info.

use super::{finding, pinned_fix, Ctx, Rule};
use crate::actions;
use crate::analyze::{Finding, Severity};

const ID: &str = "unpinned-action";

/// Checks that every action is pinned by full commit SHA.
pub struct UnpinnedAction;

impl Rule for UnpinnedAction {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "actions are pinned by full commit SHA"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for s in ctx.action_steps() {
            if actions::is_full_sha(s.reference) {
                continue;
            }
            let deliberate = ctx
                .comment_on(s.line)
                .is_some_and(|c| c.contains("zizmor: ignore[unpinned-uses]"));
            let severity = if deliberate {
                Severity::Info
            } else {
                Severity::Warning
            };
            let fix = actions::lookup(s.name).map_or_else(
                || "Pin the action to the full commit SHA of its release and keep the tag in a comment.".to_string(),
                pinned_fix,
            );
            let note = if deliberate {
                " (marked as a deliberate choice)"
            } else {
                ""
            };
            out.push(finding(s.line, ID, severity,
                format!("`{}@{}` is pinned by tag{note}; a tag can be moved to different code, a commit SHA cannot.", s.name, s.reference),
                fix));
        }
    }
}
