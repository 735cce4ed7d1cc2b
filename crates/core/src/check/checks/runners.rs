//! `runners`: when the workflow runs on self-hosted runners, one that carries
//! all of the job's labels is online and new enough: the docker/* actions and
//! checkout run on Node 24, which needs runner 2.327.1 or later.

use super::{and_list, plural, Check, Cx, Meta};
use crate::api::actions::Runner;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict, Why};

pub struct Runners;

/// The oldest runner version that runs Node 24 actions.
pub const MIN_RUNNER_VERSION: (u32, u32, u32) = (2, 327, 1);

const META: Meta = Meta {
    id: "runners",
    group: Group::SecretsRunners,
    title: "Self-hosted runners",
    why: "A job waits in the queue until a runner with all its labels is online, and current actions need a recent runner.",
    symptom: Some("jobs queued forever · node24 is not supported"),
    needs: &[FactKind::Workflow, FactKind::RepoRunners, FactKind::OrgRunners],
};

/// `2.327.1` → `(2, 327, 1)`.
pub fn parse_version(text: &str) -> Option<(u32, u32, u32)> {
    let mut parts = text.trim().trim_start_matches('v').split('.');
    let major = parts.next()?.parse().ok()?;
    let minor = parts.next()?.parse().ok()?;
    let patch = parts.next().unwrap_or("0").parse().ok()?;
    Some((major, minor, patch))
}

fn too_old(r: &Runner) -> bool {
    r.version
        .as_deref()
        .and_then(parse_version)
        .is_some_and(|v| v < MIN_RUNNER_VERSION)
}

impl Check for Runners {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let Some(summary) = cx.summary()? else {
            return Ok(Verdict::not_applicable(
                "There is no workflow yet; the generated one runs on GitHub-hosted runners unless you choose self-hosted.",
            ));
        };
        let Some(job) = summary.publishing_jobs().find(|j| j.self_hosted()) else {
            return Ok(Verdict::not_applicable(
                "The workflow runs on GitHub-hosted runners.",
            ));
        };
        let Some(runs_on) = &job.runs_on else {
            return Err(Stop::NotApplicable);
        };
        if runs_on.has_expression() {
            return Ok(Verdict::manual(format!(
                "Job `{}` picks its runner labels with an expression at run time: confirm a matching runner is online.",
                job.id
            ))
            .fix_at("Check the runners list.", cx.repo_url("/settings/actions/runners"), "Runners"));
        }
        let labels: Vec<&str> = runs_on.labels.iter().map(|l| l.text.as_str()).collect();
        let repo_runners = cx.facts.repo_runners();
        let org_runners = cx.facts.org_runners();
        if !repo_runners.is_settled() || !org_runners.is_settled() {
            return Err(Stop::Pending);
        }
        let mut all: Vec<&Runner> = Vec::new();
        let mut sources = Vec::new();
        let mut unreadable: Option<Why> = None;
        for got in [repo_runners, org_runners] {
            match got {
                Got::Ready(list, source) => {
                    all.extend(list.runners.iter());
                    sources.push(source);
                }
                Got::Unknown(why) => {
                    unreadable.get_or_insert_with(|| why.clone());
                }
                Got::Failed(err) => {
                    unreadable.get_or_insert_with(|| Why::from_error(err.clone(), "The runners"));
                }
                _ => {}
            }
        }
        if sources.is_empty() {
            return Err(Stop::Unknown(
                unreadable.unwrap_or(Why::Blocked("The runners".into())),
            ));
        }
        let matching: Vec<&Runner> = all
            .iter()
            .copied()
            .filter(|r| r.has_labels(labels.iter().copied()))
            .collect();
        let online: Vec<&Runner> = matching.iter().copied().filter(|r| r.is_online()).collect();
        let current: Vec<&Runner> = online.iter().copied().filter(|r| !too_old(r)).collect();
        let wanted = labels.join(", ");
        let settings = cx.repo_url("/settings/actions/runners");
        let min = format!(
            "{}.{}.{}",
            MIN_RUNNER_VERSION.0, MIN_RUNNER_VERSION.1, MIN_RUNNER_VERSION.2
        );
        let mut v = if matching.is_empty() {
            Verdict::fail(format!(
                "No runner this repository can see carries all of the labels {wanted}: job `{}` would wait in the queue forever.",
                job.id
            ))
            .fix_at("Register a runner with these labels, or change `runs-on:`.", &settings, "Runners")
        } else if online.is_empty() {
            Verdict::fail(format!(
                "{} the labels {wanted}, but none is online.",
                plural(matching.len(), "runner carries", "runners carry")
            ))
            .fix_at(
                "Start the runner service on the machine (`./svc.sh start`), then re-check.",
                &settings,
                "Runners",
            )
        } else if current.is_empty() {
            Verdict::fail(format!(
                "The online runners with the labels {wanted} are older than {min}, which current actions (Node 24) need."
            ))
            .fix_at(format!("Update the runner application to {min} or later."), &settings, "Runners")
        } else if current.len() < online.len() {
            Verdict::warn(format!(
                "{} online; {} older than {min}, which current actions need.",
                plural(online.len(), "matching runner is", "matching runners are"),
                plural(online.len() - current.len(), "is", "are")
            ))
            .fix_at(
                format!("Update the older runners to {min} or later."),
                &settings,
                "Runners",
            )
        } else {
            Verdict::pass(format!(
                "{} online with the labels {wanted}, all new enough for current actions.",
                plural(current.len(), "runner is", "runners are")
            ))
        };
        let described: Vec<String> = matching
            .iter()
            .map(|r| {
                format!(
                    "{} ({}, {})",
                    r.name,
                    r.status,
                    r.version
                        .as_deref()
                        .map_or("version unknown".to_string(), |v| format!("v{v}"))
                )
            })
            .collect();
        v = v.evidence("Job labels", wanted, None);
        v = v.evidence(
            "Matching runners",
            if described.is_empty() {
                "none".to_string()
            } else {
                and_list(&described)
            },
            sources.first().copied(),
        );
        if let Some(why) = unreadable {
            v = v.evidence("Not read", why.describe(), None);
        }
        Ok(v)
    }
}
