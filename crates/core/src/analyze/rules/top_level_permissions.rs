//! Rule `top-level-permissions`: the workflow sets `permissions:` at the top
//! and never uses `write-all`. Publishing to ghcr.io needs only
//! `packages: write` on one job; every wider grant is write access an
//! attacker gets if any step of the workflow is compromised.

use super::{Ctx, Out};
use crate::analyze::summary::Permissions;
use crate::analyze::Severity;

rule!(
    /// Checks the top-level permissions and flags `write-all` anywhere.
    TopLevelPermissions,
    "top-level-permissions",
    "the workflow sets top-level permissions and never write-all"
);

impl TopLevelPermissions {
    fn run(ctx: &Ctx, out: &mut Out) {
        if ctx.summary.permissions == Permissions::NotDeclared {
            let line = ctx.wf.root.key_node("jobs").map_or(1, |k| k.line);
            out.push(line, Severity::Warning,
                "There is no top-level `permissions:`, so every job gets the repository's default token permissions, which may be write access.",
                "Add `permissions:` with `contents: read` at the top; give `packages: write` only to the publishing job.");
        }
        let scopes = std::iter::once(("the workflow".to_string(), &ctx.summary.permissions)).chain(
            ctx.summary
                .jobs
                .iter()
                .map(|j| (format!("job `{}`", j.id), &j.permissions)),
        );
        for (whom, permissions) in scopes {
            if let Permissions::WriteAll { line } = permissions {
                out.push(*line, Severity::Warning,
                    format!("`write-all` gives {whom} write access to every scope, far more than publishing needs."),
                    "Replace it with `contents: read` (and `packages: write` on the publishing job).");
            }
        }
    }
}
