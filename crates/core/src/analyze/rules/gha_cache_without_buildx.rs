//! Rule `gha-cache-without-buildx`: a build-push step that uses the GitHub
//! Actions cache (`type=gha` in `cache-from`/`cache-to`) has a
//! `docker/setup-buildx-action` step before it in the same job. The default
//! docker driver cannot export that cache, so the build fails and no image
//! reaches ghcr.io.

use super::{finding, pinned_fix, with_input, Ctx, Rule};
use crate::actions;
use crate::analyze::tree::Node;
use crate::analyze::{Finding, Severity};

const ID: &str = "gha-cache-without-buildx";

/// Checks that the gha cache backend has setup-buildx before it.
pub struct GhaCacheWithoutBuildx;

impl Rule for GhaCacheWithoutBuildx {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "the gha cache backend has setup-buildx before it"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (_, job) in ctx.jobs() {
            check_job(job, out);
        }
    }
}

/// Walk one job's steps in order, flagging gha-cached builds before setup-buildx.
fn check_job(job: &Node, out: &mut Vec<Finding>) {
    let mut buildx_seen = false;
    for step in job.get("steps").into_iter().flat_map(Node::items) {
        let uses = step
            .get("uses")
            .and_then(Node::str)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if uses.starts_with("docker/setup-buildx-action@") {
            buildx_seen = true;
        }
        if !uses.starts_with("docker/build-push-action@") || buildx_seen {
            continue;
        }
        let gha = ["cache-from", "cache-to"]
            .iter()
            .filter_map(|k| with_input(step, k))
            .find(|n| n.str().is_some_and(|v| v.contains("type=gha")));
        if let Some(node) = gha {
            out.push(finding(node.line, ID, Severity::Error,
                "The GitHub Actions cache (`type=gha`) needs a BuildKit builder, but no `docker/setup-buildx-action` step runs before this build.".into(),
                pinned_fix(&actions::SETUP_BUILDX).replace("Use", "Add a step before the build with")));
        }
    }
}
