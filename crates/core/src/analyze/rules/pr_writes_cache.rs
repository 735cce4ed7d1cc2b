//! Rule `pr-writes-cache`: when the workflow runs on `pull_request` or
//! `pull_request_target`, a build step does not write the GitHub Actions
//! cache (`cache-to: type=gha`) on those runs. A pull request's code then
//! decides what the cache holds, its entries crowd out the default branch's
//! within the repository's cache quota, and under `pull_request_target`
//! they land where the default branch's builds — the ones that publish —
//! read them. Reading the cache on pull requests is fine.

use super::{Ctx, Out};
use crate::actions::Action;
use crate::analyze::Severity;

rule!(
    /// Checks that pull-request runs read the gha cache but never write it.
    PrWritesCache,
    "pr-writes-cache",
    "pull-request runs never write the GitHub Actions cache"
);

impl PrWritesCache {
    fn run(ctx: &Ctx, out: &mut Out) {
        if !ctx.wf.runs_on_pull_requests() {
            return;
        }
        for u in ctx.wf.action_uses() {
            if !u.is(Action::BuildPush) {
                continue;
            }
            let Some(node) = u.input("cache-to") else {
                continue;
            };
            let Some(text) = node.str() else { continue };
            // An expression decides per event; a step-level `if:` that names
            // the event leaves pull requests out as a whole.
            let decided = text.contains("${{")
                || u.step
                    .and_then(|s| s.get("if"))
                    .and_then(|n| n.str())
                    .is_some_and(|c| c.contains("github.event_name"));
            if text.contains("type=gha") && !decided {
                out.push(
                    node.line,
                    Severity::Warning,
                    "This build writes the GitHub Actions cache on pull-request runs too: code from a pull request decides what is stored, its entries take the default branch's room in the cache, and under `pull_request_target` they are stored where the publishing builds read them.",
                    "Write the cache only on trusted pushes and keep reading it everywhere: `cache-to: ${{ github.event_name != 'pull_request' && 'type=gha,mode=max' || '' }}`.",
                );
            }
        }
    }
}
