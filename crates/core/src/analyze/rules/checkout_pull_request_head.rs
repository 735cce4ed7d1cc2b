//! Rule `checkout-pull-request-head`: a privileged job never checks out the
//! pull request's own code. `actions/checkout` with `ref:` set to
//! `github.event.pull_request.head.sha`, `…head.ref`, `github.head_ref` or
//! a `refs/pull/…` ref fetches the pull request author's commit; in a
//! workflow run by `pull_request_target` (the base repository's secrets and
//! write token, for forks too) or in a job whose token can write, any build
//! step then runs that code with those rights — it can push an image to the
//! repository's ghcr.io package or steal its secrets.

use super::{Ctx, Out};
use crate::actions::Action;
use crate::analyze::workflow::compact;
use crate::analyze::Severity;

rule!(
    /// Checks that a privileged job never checks out a pull request's head.
    CheckoutPullRequestHead,
    "checkout-pull-request-head",
    "privileged jobs never check out a pull request's code"
);

/// Parts of a `ref:` that name the pull request's own commit or branch.
const HEAD_REFS: &[&str] = &[
    "github.event.pull_request.head.sha",
    "github.event.pull_request.head.ref",
    "github.head_ref",
    "refs/pull/",
];

impl CheckoutPullRequestHead {
    fn run(ctx: &Ctx, out: &mut Out) {
        for u in ctx.wf.steps_of(Action::Checkout) {
            let Some(node) = u.input("ref") else {
                continue;
            };
            let Some(text) = node.str() else {
                continue;
            };
            let resolved = compact(&ctx.wf.resolve(u.job, u.step, text).text).to_ascii_lowercase();
            if !HEAD_REFS.iter().any(|h| resolved.contains(h)) {
                continue;
            }
            let line = node.line;
            if ctx.summary.pull_request_target.is_some() {
                out.push(
                    line,
                    Severity::Error,
                    "This checks out the pull request's own code in a workflow run by `pull_request_target`, which has this repository's secrets and a write token even for forks: any later step runs a stranger's code with them and can push an image or read the secrets.",
                    "Build pull requests on `pull_request` (no secrets, read-only token for forks), or drop `ref:` so the base branch is checked out and never run the pull request's code here.",
                );
                continue;
            }
            let writes = ctx.summary.job(u.job.id).is_some_and(|j| {
                if j.permissions.is_declared() {
                    j.permissions.grants_write()
                } else {
                    ctx.summary.permissions.grants_write()
                }
            });
            if writes {
                out.push(
                    line,
                    Severity::Warning,
                    "This job's token can write and it checks out the pull request's own code: any later step runs that code with write access.",
                    "Give the job that builds pull requests read-only `permissions:` (`contents: read`), and keep write permissions for the job that publishes on pushes.",
                );
            }
        }
    }
}
