//! Rule `pull-request-target-publishes`: a workflow triggered by
//! `pull_request_target` never logs in to a registry or pushes an image.
//! That trigger runs in the context of the base repository — with its
//! secrets and a `GITHUB_TOKEN` that can write, `packages: write` included —
//! for pull requests opened from any fork, so a job there that logs in or
//! pushes can publish an image built from a stranger's code under the
//! repository's ghcr.io name. An `if:` guard does not make it safe: the
//! common `github.event_name != 'pull_request'` is true on
//! `pull_request_target`. Since 2026-11-02 GitHub's default
//! execution-protection policy also restricts the trigger on public
//! repositories.

use super::{Ctx, Out};
use crate::analyze::Severity;

rule!(
    /// Checks that a workflow run by `pull_request_target` never logs in or pushes.
    PullRequestTargetPublishes,
    "pull-request-target-publishes",
    "pull_request_target never logs in or pushes"
);

impl PullRequestTargetPublishes {
    fn run(ctx: &Ctx, out: &mut Out) {
        let Some(line) = ctx.summary.pull_request_target else {
            return;
        };
        let mut lines: Vec<usize> = ctx
            .summary
            .jobs
            .iter()
            .flat_map(|j| {
                j.logins
                    .iter()
                    .map(|l| l.line)
                    .chain(j.pushes.iter().map(|p| p.line))
            })
            .collect();
        if lines.is_empty() {
            return;
        }
        lines.sort_unstable();
        lines.dedup();
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        out.push(
            line,
            Severity::Error,
            format!(
                "`pull_request_target` runs pull requests from forks with this repository's secrets and a write token, and this workflow logs in or pushes ({} {}): an image built from a fork's code could be published under your name, whatever `if:` guards it. Since 2026-11-02 GitHub's default execution-protection policy restricts this trigger on public repositories.",
                if lines.len() == 1 { "line" } else { "lines" },
                and_list(&lines),
            ),
            "Build pull requests on `pull_request` instead (forks get a read-only token and no secrets) without logging in or pushing, and publish only on `push` and `workflow_dispatch`, as the generated workflow does.",
        );
    }
}

/// `a`, `a and b`, `a, b and c`.
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
