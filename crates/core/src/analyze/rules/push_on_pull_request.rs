//! Rule `push-on-pull-request`: when the workflow runs on `pull_request` or
//! `pull_request_target`, no step pushes an image on every run: a
//! build-push or bake step with `push: true`, or a `docker push` command,
//! needs an `if:` or a `push:` expression that leaves pull requests out.
//! Otherwise anyone who opens a pull request can publish an image to the
//! repository's ghcr.io package.

use super::{Ctx, Out};
use crate::analyze::summary::PushVia;
use crate::analyze::Severity;

rule!(
    /// Checks that pull requests never push.
    PushOnPullRequest,
    "push-on-pull-request",
    "pull requests never push"
);

impl PushOnPullRequest {
    fn run(ctx: &Ctx, out: &mut Out) {
        let pushes = ctx.summary.jobs.iter().flat_map(|j| j.pushes.iter());
        for push in pushes.filter(|p| p.on_pull_request) {
            match push.via {
                PushVia::BuildPush | PushVia::Bake => out.push(push.line, Severity::Error,
                    "The workflow runs on pull requests and this step always pushes, so a pull request can publish an image.",
                    "Use `push: ${{ github.event_name != 'pull_request' }}` and skip the login step on pull requests."),
                PushVia::RunCommand => out.push(push.line, Severity::Error,
                    "The workflow runs on pull requests and this push command runs on them too, so a pull request can publish an image.",
                    "Add `if: github.event_name != 'pull_request'` to this step and to the login step."),
            }
        }
    }
}
