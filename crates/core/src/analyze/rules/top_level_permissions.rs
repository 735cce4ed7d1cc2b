//! Rule `top-level-permissions`: the workflow sets `permissions:` at the top
//! and never uses `write-all`. Publishing to ghcr.io needs only
//! `packages: write` on one job; every wider grant is write access an
//! attacker gets if any step of the workflow is compromised.

use super::{finding, Ctx, Rule};
use crate::analyze::tree::Node;
use crate::analyze::{Finding, Severity};

const ID: &str = "top-level-permissions";

/// Checks the top-level permissions and flags `write-all` anywhere.
pub struct TopLevelPermissions;

impl Rule for TopLevelPermissions {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "the workflow sets top-level permissions and never write-all"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        match ctx.root.get("permissions") {
            None => {
                let line = ctx.root.key_node("jobs").map_or(1, |k| k.line);
                out.push(finding(line, ID, Severity::Warning,
                    "There is no top-level `permissions:`, so every job gets the repository's default token permissions, which may be write access.".into(),
                    "Add `permissions:` with `contents: read` at the top; give `packages: write` only to the publishing job."));
            }
            Some(p) => push_if_write_all(p, "the workflow", out),
        }
        for (key, job) in ctx.jobs() {
            if let Some(p) = job.get("permissions") {
                push_if_write_all(p, &format!("job `{}`", key.str().unwrap_or("?")), out);
            }
        }
    }
}

fn push_if_write_all(perms: &Node, whom: &str, out: &mut Vec<Finding>) {
    if perms.str().is_some_and(|t| t.trim() == "write-all") {
        out.push(finding(perms.line, ID, Severity::Warning,
            format!("`write-all` gives {whom} write access to every scope, far more than publishing needs."),
            "Replace it with `contents: read` (and `packages: write` on the publishing job)."));
    }
}
