//! `runners`: when the workflow runs on self-hosted runners, one that carries
//! all of the job's labels is online and on a version GitHub still sends jobs
//! to. Since 2026-09-25 GitHub enforces its runner version policy: nothing
//! below 2.329.0, and nothing more than 30 days behind a newer release
//! ("Runner version vX is deprecated and cannot receive messages"). The
//! rules are in [`crate::check::runner_versions`]; the releases are read
//! live from `actions/runner`, or taken from the built-in list (and the row
//! says so) when they cannot be read.

use super::{and_list, plural, Check, Cx, Meta};
use crate::api::actions::Runner;
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::runner_versions::{
    days, min_version, Standing, Timeline, BUILTIN_WRITTEN, ENFORCED_SINCE, GRACE_DAYS,
    RELEASES_URL,
};
use crate::check::verdict::{Group, Status, Verdict, Why};
use crate::time::{days_between, format_utc_date, DAY_MS};

pub struct Runners;

const META: Meta = Meta {
    id: "runners",
    group: Group::SecretsRunners,
    title: "Self-hosted runners",
    why: "A job waits in the queue until a runner with all its labels is online, and since 2026-09-25 GitHub sends jobs only to runners at 2.329.0 or later that are at most 30 days behind a newer release.",
    symptom: Some("jobs queued forever · Runner version vX is deprecated and cannot receive messages"),
    needs: &[
        FactKind::Workflow,
        FactKind::RepoRunners,
        FactKind::OrgRunners,
        FactKind::RunnerReleases,
    ],
};

/// The releases runners are judged by, where they came from, and — when
/// the built-in list stands in — the sentence saying why.
struct Releases<'a> {
    timeline: Timeline,
    source: Option<&'a str>,
    /// Why the live releases are not used (the built-in list is).
    fallback: Option<String>,
}

impl Releases<'_> {
    /// `the built-in list of runner releases written 2026-12-07 (newest
    /// v2.336.0 of 2026-07-20)`.
    fn listed(&self) -> String {
        let newest = self
            .timeline
            .newest()
            .map_or(String::new(), |r| format!(" (newest {})", r.describe()));
        format!("the built-in list of runner releases written {BUILTIN_WRITTEN}{newest}")
    }

    /// `v2.336.0`, or a phrase when no release is known.
    fn newest_tag(&self) -> String {
        self.timeline
            .newest()
            .map_or("the newest release".to_string(), |r| r.tag.clone())
    }
}

/// The runner's releases: read live, or the built-in list and why.
fn releases<'a>(cx: &Cx<'a>) -> Result<Releases<'a>, Stop> {
    let builtin = |why: String| Releases {
        fallback: Some(why),
        timeline: Timeline::builtin(),
        source: None,
    };
    let unread = |why: Why| {
        format!(
            "The releases of actions/runner could not be read: {}",
            why.naming_org(cx.owner()).describe()
        )
    };
    match cx.facts.runner_releases() {
        Got::Pending => Err(Stop::Pending),
        Got::Ready(list, source) => Ok(match Timeline::live(list) {
            Some(timeline) => Releases {
                timeline,
                source: Some(source),
                fallback: None,
            },
            None => builtin("GitHub listed no dated full release of actions/runner.".to_string()),
        }),
        other => Ok(builtin(match other.unread() {
            Some(why) => unread(why),
            None => "The releases of actions/runner were not read.".to_string(),
        })),
    }
}

/// `v2.329.0`, or `an unknown version`.
fn version_of(r: &Runner) -> String {
    r.version
        .as_deref()
        .map_or("an unknown version".to_string(), |v| {
            format!("v{}", v.trim().trim_start_matches('v'))
        })
}

/// Why GitHub sends `r` no jobs: `box-1 (v2.329.0) is 31 days behind
/// v2.330.0 and has had no jobs since 2025-12-19`.
fn turned_away(r: &Runner, s: &Standing, now_ms: u64) -> String {
    let who = format!("{} ({})", r.name, version_of(r));
    match s {
        Standing::BelowMinimum => format!(
            "{who} is older than {}, the oldest version GitHub has sent jobs to since {ENFORCED_SINCE}",
            min_version()
        ),
        Standing::Behind {
            first_newer,
            cutoff_ms,
        } => format!(
            "{who} is {} behind {} and has had no jobs since {}",
            days(days_between(first_newer.published_ms, now_ms)),
            first_newer.tag,
            format_utc_date(*cutoff_ms)
        ),
        Standing::Newest | Standing::Unreadable => format!("{who} cannot be judged"),
    }
}

/// Whole days until `later_ms`, rounded up (`in 5 days`).
fn days_until(later_ms: u64, now_ms: u64) -> String {
    days(later_ms.saturating_sub(now_ms).div_ceil(DAY_MS))
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
        let wanted = labels.join(", ");
        let settings = cx.repo_url("/settings/actions/runners");
        let now = cx.now_ms;
        // The releases matter only once a matching runner is online.
        let judged = if online.is_empty() {
            None
        } else {
            Some(releases(cx)?)
        };
        let standing = |r: &Runner| {
            judged
                .as_ref()
                .map(|rel| rel.timeline.judge(r.version.as_deref()))
        };
        let online_standings: Vec<(&Runner, Standing)> = online
            .iter()
            .map(|r| (*r, standing(r).unwrap_or(Standing::Unreadable)))
            .collect();
        let receiving: Vec<&(&Runner, Standing)> = online_standings
            .iter()
            .filter(|(_, s)| s.receives_jobs(now) == Some(true))
            .collect();
        let unjudged: Vec<&Runner> = online_standings
            .iter()
            .filter(|(_, s)| s.receives_jobs(now).is_none())
            .map(|(r, _)| *r)
            .collect();
        let cut_off: Vec<String> = online_standings
            .iter()
            .filter(|(_, s)| s.receives_jobs(now) == Some(false))
            .map(|(r, s)| turned_away(r, s, now))
            .collect();
        // The runner GitHub keeps sending jobs to longest (the first on a tie).
        let best = receiving
            .iter()
            .fold(None::<&&(&Runner, Standing)>, |best, item| match best {
                Some(b) if b.1.time_left(now) >= item.1.time_left(now) => Some(b),
                _ => Some(item),
            });
        let newest = judged
            .as_ref()
            .map_or("the newest release".to_string(), Releases::newest_tag);
        let fallback = judged
            .as_ref()
            .and_then(|rel| rel.fallback.as_ref().map(|why| (rel, why)));
        let mut fallback_said = false;
        let update_note = "A runner configured with `--disableupdate` does not update itself: install the new version on its machine, then re-check.";
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
        } else if receiving.is_empty() && !unjudged.is_empty() {
            let names: Vec<&str> = unjudged.iter().map(|r| r.name.as_str()).collect();
            Verdict::manual(format!(
                "GitHub reports no version for {} (it reports one only once a runner has connected), and no other online runner with the labels {wanted} is on a version it sends jobs to. Confirm on the runners page that {} at least {} and at most {GRACE_DAYS} days behind a newer release (the newest is {newest}).",
                and_list(&names),
                if names.len() == 1 { "it is" } else { "they are" },
                min_version()
            ))
            .fix_at(
                format!("Open the runner's page, compare its version with {newest}, and update it if it is older."),
                &settings,
                "Runners",
            )
        } else if receiving.is_empty() {
            let quoted = online.first().map_or(String::new(), |r| {
                format!(
                    " (\"Runner version {} is deprecated and cannot receive messages\")",
                    version_of(r)
                )
            });
            Verdict::fail(format!(
                "No online runner with the labels {wanted} receives jobs: GitHub's runner version policy turns {} away{quoted}.",
                if online.len() == 1 { "it" } else { "them all" }
            ))
            .fix_at(
                format!("Update the runner application to {newest}: {}. {update_note}", cut_off.join("; ")),
                &settings,
                "Runners",
            )
        } else if let Some((
            r,
            Standing::Behind {
                first_newer,
                cutoff_ms,
            },
        )) = best.copied().filter(|(_, s)| s.near_cutoff(now))
        {
            let others = if receiving.len() == 1 {
                format!("It is the only online runner with the labels {wanted} that GitHub sends jobs to.")
            } else {
                format!("It is the one of the {} online runners with the labels {wanted} that GitHub keeps sending jobs to longest.", receiving.len())
            };
            Verdict::warn(format!(
                "{} ({}) stops receiving jobs on {}, in {}: it is {} behind {}, and GitHub sends no jobs to a runner {GRACE_DAYS} days behind a newer release. {others}",
                r.name,
                version_of(r),
                format_utc_date(*cutoff_ms),
                days_until(*cutoff_ms, now),
                days(days_between(first_newer.published_ms, now)),
                first_newer.tag
            ))
            .fix_at(
                format!("Update the runner application on {} to {newest} before {}. {update_note}", r.name, format_utc_date(*cutoff_ms)),
                &settings,
                "Runners",
            )
        } else if !cut_off.is_empty() || !unjudged.is_empty() {
            let mut why = cut_off.clone();
            why.extend(
                unjudged
                    .iter()
                    .map(|r| format!("{} reports no version", r.name)),
            );
            let names: Vec<&str> = online_standings
                .iter()
                .filter(|(_, s)| s.receives_jobs(now) != Some(true))
                .map(|(r, _)| r.name.as_str())
                .collect();
            Verdict::warn(format!(
                "{} online; {} no jobs under GitHub's runner version policy: {}.",
                plural(online.len(), "matching runner is", "matching runners are"),
                plural(online.len() - receiving.len(), "gets", "get"),
                why.join("; ")
            ))
            .fix_at(
                format!(
                    "Update {} to {newest}, or remove {}. {update_note}",
                    and_list(&names),
                    if names.len() == 1 { "it" } else { "them" }
                ),
                &settings,
                "Runners",
            )
        } else if receiving
            .iter()
            .filter(|(r, _)| r.ephemeral != Some(true))
            .count()
            > 1
        {
            Verdict::manual(format!(
                "{} online with the labels {wanted}, each on a version GitHub sends jobs to. Confirm that no two of them share a machine and user: parallel jobs would share `~/.docker/config.json`, and one job's logout signs the other out of ghcr.io.",
                plural(receiving.len(), "runner is", "runners are")
            ))
            .fix_at(
                "Run each runner on a machine under its own user (or set its own `DOCKER_CONFIG`), or use ephemeral runners.",
                &settings,
                "Runners",
            )
        } else {
            let lasting = best.map_or(String::new(), |(r, s)| match s {
                Standing::Behind {
                    first_newer,
                    cutoff_ms,
                } => format!(
                    ": {} is {} behind {} and receives jobs until {}",
                    r.name,
                    days(days_between(first_newer.published_ms, now)),
                    first_newer.tag,
                    format_utc_date(*cutoff_ms)
                ),
                _ => format!(": {} is on the newest release, {newest}", r.name),
            });
            let online_now = plural(receiving.len(), "runner is", "runners are");
            match fallback {
                // The built-in list may lack newer releases: nothing is sure to pass.
                Some((rel, why)) => {
                    fallback_said = true;
                    Verdict::manual(format!(
                    "{online_now} online with the labels {wanted}{lasting}, going by {}. {why} A newer release may have come out since, and GitHub stops sending jobs to a runner {GRACE_DAYS} days after one: compare with {RELEASES_URL}.",
                    rel.listed()
                ))
                .fix_at(
                    format!("Compare the runner's version with the newest release at {RELEASES_URL} and update it if it is older; then re-check."),
                    RELEASES_URL,
                    "actions/runner releases",
                )
                }
                None => Verdict::pass(format!(
                    "{online_now} online with the labels {wanted}, {} GitHub sends jobs to{lasting}.",
                    if receiving.len() == 1 { "on a version" } else { "each on a version" }
                )),
            }
        };
        if let (Some((rel, why)), false) = (fallback, fallback_said) {
            v.summary = format!("{} {why} Judged by {} instead.", v.summary, rel.listed());
        }
        if let (true, Some((name, why))) = (receiving.is_empty(), &unreadable) {
            // A runner in the list that could not be read may serve the job.
            v = Verdict {
                status: Status::Unknown,
                summary: format!(
                    "None of the runners read is online, on a version GitHub sends jobs to and carries all of the labels {wanted}, and {name} could not be read: {}",
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
                .map(|(r, _)| describe(r, standing(r).as_ref(), now))
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
        if let Some(rel) = &judged {
            let newest = rel
                .timeline
                .newest()
                .map_or("none".to_string(), |r| r.describe());
            v = match rel.source {
                Some(source) => v.evidence("Newest runner release", newest, Some(source)),
                None => v.evidence(
                    "Newest runner release",
                    format!("{newest}, from the built-in list written {BUILTIN_WRITTEN}"),
                    None,
                ),
            };
        }
        Ok(v)
    }
}

/// `name (status, v2.329.0)`, with how GitHub's policy treats that version
/// once the releases are known: `name (online, v2.329.0: 31 days behind
/// v2.330.0 of 2025-11-19, no jobs since 2025-12-19)`.
fn describe(r: &Runner, standing: Option<&Standing>, now_ms: u64) -> String {
    let version = version_of(r);
    match standing {
        Some(s @ (Standing::BelowMinimum | Standing::Newest | Standing::Behind { .. })) => {
            format!(
                "{} ({}, {version}: {})",
                r.name,
                r.status,
                s.describe(now_ms)
            )
        }
        _ => format!("{} ({}, {version})", r.name, r.status),
    }
}
