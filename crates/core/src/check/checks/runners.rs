//! `runners`: when the workflow runs on self-hosted runners, one that carries
//! all of the job's labels is online and new enough: the docker/* actions and
//! checkout run on Node 24, which needs runner 2.327.1 or later.

use super::{and_list, plural, Check, Cx, Meta};
use crate::api::actions::Runner;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Status, Verdict, Why};

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
        let runs_on_expression = |j: &&crate::analyze::JobSummary| {
            j.runs_on.as_ref().is_some_and(|r| r.has_expression())
        };
        let Some(job) = summary
            .publishing_jobs()
            .find(|j| j.self_hosted() || runs_on_expression(j))
        else {
            return Ok(Verdict::not_applicable(
                "The workflow runs on GitHub-hosted runners.",
            ));
        };
        let Some(runs_on) = &job.runs_on else {
            return Err(Stop::NotApplicable);
        };
        if runs_on.has_expression() {
            return Ok(Verdict::manual(format!(
                "Job `{}` picks its runner with an expression at run time: if that is a self-hosted runner, confirm one with all its labels is online.",
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
        // Each runner with the list it came from; the lists that could not be read, and why.
        let mut all: Vec<(&Runner, usize)> = Vec::new();
        let mut sources: Vec<(&str, &str)> = Vec::new();
        let mut unreadable: Option<(&str, Why)> = None;
        let lists = [
            (repo_runners, "the repository's runners", "Matching runners"),
            (
                org_runners,
                "the organization's runners",
                "Matching organization runners",
            ),
        ];
        for (got, name, label) in lists {
            match got {
                Got::Ready(list, source) => {
                    all.extend(list.runners.iter().map(|r| (r, sources.len())));
                    sources.push((label, source));
                }
                Got::Unknown(why, _) => {
                    unreadable.get_or_insert_with(|| (name, why.clone().naming_org(cx.owner())));
                }
                Got::Failed(err, kind) => {
                    unreadable.get_or_insert_with(|| {
                        (
                            name,
                            Why::from_error(err.clone(), kind).naming_org(cx.owner()),
                        )
                    });
                }
                _ => {}
            }
        }
        if sources.is_empty() {
            return Err(Stop::Unknown(
                unreadable.map_or(Why::Blocked("The runners".into()), |(_, why)| why),
            ));
        }
        let matching: Vec<&Runner> = all
            .iter()
            .map(|(r, _)| *r)
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
                "No runner carries all of the labels {wanted}: job `{}` would wait in the queue forever.",
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
        } else if current.iter().filter(|r| r.ephemeral != Some(true)).count() > 1 {
            Verdict::manual(format!(
                "{} online with the labels {wanted}, all new enough for current actions. Confirm that no two of them share a machine and user: parallel jobs would share `~/.docker/config.json`, and one job's logout signs the other out of ghcr.io.",
                plural(current.len(), "runner is", "runners are")
            ))
            .fix_at(
                "Run each runner on a machine under its own user (or set its own `DOCKER_CONFIG`), or use ephemeral runners.",
                &settings,
                "Runners",
            )
        } else {
            Verdict::pass(format!(
                "{} online with the labels {wanted}, all new enough for current actions.",
                plural(current.len(), "runner is", "runners are")
            ))
        };
        if let (true, Some((name, why))) = (current.is_empty(), &unreadable) {
            // A runner in the list that could not be read may serve the job.
            v = Verdict {
                status: Status::Unknown,
                summary: format!(
                    "None of the runners read is online, current and carries all of the labels {wanted}, and {name} could not be read: {}",
                    why.describe()
                ),
                unknown: Some(why.clone()),
                ..v
            };
        }
        v = v.evidence("Job labels", wanted, None);
        for (i, (label, source)) in sources.iter().enumerate() {
            let described: Vec<String> = all
                .iter()
                .filter(|(r, from)| *from == i && r.has_labels(labels.iter().copied()))
                .map(|(r, _)| describe(r))
                .collect();
            let text = if described.is_empty() {
                "none".to_string()
            } else {
                and_list(&described)
            };
            v = v.evidence(*label, text, Some(source));
        }
        if let Some((name, why)) = unreadable {
            v = v.evidence("Not read", format!("{name} — {}", why.describe()), None);
        }
        Ok(v)
    }
}

/// `name (status, v2.329.0)`.
fn describe(r: &Runner) -> String {
    let version = r
        .version
        .as_deref()
        .map_or("version unknown".to_string(), |v| format!("v{v}"));
    format!("{} ({}, {version})", r.name, r.status)
}
