//! `pull-requests`: the workflow builds pull requests without logging in or
//! pushing. Pull requests from forks and Dependabot get a read-only token and
//! no secrets, so a login or push there fails; on `pull_request_target`
//! they get both, so the row says the push would succeed with a fork's code.

use super::{and_list, Check, Cx, Meta};
use crate::check::facts::{FactKind, Stop};
use crate::check::verdict::{Group, Verdict};

pub struct PullRequests;

const META: Meta = Meta {
    id: "pull-requests",
    group: Group::Workflow,
    title: "Pull requests build without pushing",
    why: "Forks and Dependabot get a read-only token and no secrets: a login or push on their pull requests fails, and pushing unreviewed code is unsafe anyway.",
    symptom: Some("denied · unauthorized · secret is empty on pull requests"),
    needs: &[FactKind::Workflow],
};

impl Check for PullRequests {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let Some(summary) = cx.summary()? else {
            return Ok(Verdict::not_applicable(
                "There is no workflow yet; the generated one builds pull requests without logging in or pushing.",
            ));
        };
        let v = if summary.publishes_on_pull_request() {
            let lines: Vec<String> = summary
                .publishing_jobs()
                .flat_map(|j| {
                    j.logins
                        .iter()
                        .filter(|l| l.on_pull_request)
                        .map(|l| l.line)
                        .chain(
                            j.pushes
                                .iter()
                                .filter(|p| p.on_pull_request)
                                .map(|p| p.line),
                        )
                })
                .map(|l| l.to_string())
                .collect();
            let at = format!(
                "{} {}",
                if lines.len() == 1 { "line" } else { "lines" },
                and_list(&lines)
            );
            match summary.pull_request_target {
                Some(trigger) => Verdict::fail(format!(
                    "The workflow logs in or pushes on pull requests ({at}) and runs on `pull_request_target` (line {trigger}), which gives a fork's pull request this repository's secrets and write token: the push succeeds with a stranger's code."
                ))
                .fix("Replace `pull_request_target` with `pull_request`, skip the login on pull requests (`if: github.event_name != 'pull_request'`) and set `push: ${{ github.event_name != 'pull_request' }}` on the build, as the generated workflow does."),
                None => Verdict::fail(format!(
                    "The workflow logs in or pushes on pull requests ({at}): those from forks and Dependabot fail."
                ))
                .fix("Skip the login on pull requests (`if: github.event_name != 'pull_request'`) and set `push: ${{ github.event_name != 'pull_request' }}` on the build, as the generated workflow does."),
            }
        } else if summary.runs_on_pull_requests() {
            Verdict::pass("Pull requests are built without logging in or pushing.")
        } else {
            Verdict::pass("The workflow does not run on pull requests.")
        };
        Ok(v.evidence("Triggers", summary.triggers.join(", "), None))
    }
}
