//! Rule `push-on-pull-request`: when the workflow runs on `pull_request` or
//! `pull_request_target`, no build-push step has an unguarded `push: true`.
//! Otherwise anyone who opens a pull request can publish an image to the
//! repository's ghcr.io package.

use super::{finding, with_input, Ctx, Rule, BUILD_PUSH};
use crate::analyze::{Finding, Severity};

const ID: &str = "push-on-pull-request";

/// Checks that pull requests never push images.
pub struct PushOnPullRequest;

impl Rule for PushOnPullRequest {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "pull requests never push"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        let on_pr = ctx
            .triggers()
            .iter()
            .any(|t| matches!(*t, "pull_request" | "pull_request_target"));
        if !on_pr {
            return;
        }
        for s in ctx.steps_of(BUILD_PUSH) {
            let Some(push) = with_input(s.step, "push") else {
                continue;
            };
            let guarded = s.step.get("if").is_some() || s.job.get("if").is_some();
            if push.str().is_some_and(|p| p.trim() == "true") && !guarded {
                out.push(finding(push.line, ID, Severity::Error,
                    "The workflow runs on pull requests and this step always pushes, so a pull request can publish an image.".into(),
                    "Use `push: ${{ github.event_name != 'pull_request' }}` and skip the login step on pull requests."));
            }
        }
    }
}
