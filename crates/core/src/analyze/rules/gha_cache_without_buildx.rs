//! Rule `gha-cache-without-buildx`: a build-push step that uses the GitHub
//! Actions cache (`type=gha` in `cache-from`/`cache-to`) has a
//! `docker/setup-buildx-action` step before it in the same job. The default
//! docker driver cannot export that cache, so the build fails and no image
//! reaches ghcr.io.

use super::{Ctx, Out};
use crate::actions::Action;
use crate::analyze::workflow::ActionUse;
use crate::analyze::Severity;

rule!(
    /// Checks that the gha cache backend has setup-buildx before it.
    GhaCacheWithoutBuildx,
    "gha-cache-without-buildx",
    "the gha cache backend has setup-buildx before it"
);

impl GhaCacheWithoutBuildx {
    fn run(ctx: &Ctx, out: &mut Out) {
        let uses = ctx.wf.action_uses();
        for job in ctx.wf.jobs() {
            let steps = uses
                .iter()
                .filter(|u| u.step.is_some() && std::ptr::eq(u.job.node, job.node));
            check_job(ctx, steps, out);
        }
    }
}

/// Walk one job's action steps in order, flagging gha-cached builds before setup-buildx.
fn check_job<'a>(ctx: &Ctx, steps: impl Iterator<Item = &'a ActionUse<'a>>, out: &mut Out) {
    let mut buildx_seen = false;
    for u in steps {
        if u.is(Action::SetupBuildx) {
            buildx_seen = true;
        }
        if !u.is(Action::BuildPush) || buildx_seen {
            continue;
        }
        let gha = ["cache-from", "cache-to"]
            .iter()
            .filter_map(|k| u.input(k))
            .find(|n| n.str().is_some_and(|v| v.contains("type=gha")));
        if let Some(node) = gha {
            let buildx = ctx.pins.get(Action::SetupBuildx);
            out.push(node.line, Severity::Error,
                "The GitHub Actions cache (`type=gha`) needs a BuildKit builder, but no `docker/setup-buildx-action` step runs before this build.",
                format!("Add a step before the build with `uses: {}`.", buildx.pinned_uses()));
        }
    }
}
