//! Fuzz target `checklist_run`: a whole checklist [`Run`] against a
//! scripted GitHub whose every answer may be changed at random — another
//! status, extra `Retry-After`/`X-RateLimit-*`/scope/SSO headers, a
//! damaged or replaced body, a transport failure — and arrive after any
//! latency, so answers overtake each other. Then a fix the checklist
//! offers is started, and sometimes the whole list is checked again.
//!
//! The run must become idle within a bounded number of steps and
//! requests, say when it finished, leave no item pending, and its share
//! snapshot must read back as written.

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::fix::FixInput;
use ghcr_setup_core::check::{Identity, Run, Status, Target as Checked};
use ghcr_setup_core::encoding;
use ghcr_setup_core::engine::{Program, Scheduler, Ticket, TransportFailure};
use ghcr_setup_core::http::HttpResponse;
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::seal::ENTROPY_BYTES;
use ghcr_setup_core::share::{decode_json, private_names, Snapshot, MAX_SNAPSHOT_BYTES};
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

use crate::support::{bodies, ready_org, Canned, Script, BASE};

use super::api::{body, header, status};
use super::harness::{Target, MIB};
use super::mutate::{apply_json, json_edit, JsonEdit};

const DEFAULT_CASES: u32 = 400;

/// Most loop turns of one drive; a normal run needs a few dozen.
const MAX_TURNS: usize = 20_000;

/// Most requests of one drive; a run reads about twenty facts, each tried
/// at most three times, and a fix sends a handful.
const MAX_REQUESTS: usize = 400;

/// A run holds a few workflows and their analyses; 64 MiB is far above.
const MEMORY_CEILING: usize = 64 * MIB;

const REPO: &str = "acme/app";

/// How one answer of the scripted GitHub is changed.
#[derive(Debug, Clone)]
enum Change {
    Keep,
    Status(u16),
    Headers(Vec<(String, String)>),
    Body(String),
    Edit(Vec<JsonEdit>),
    Timeout,
    Unreachable,
}

#[derive(Debug, Clone)]
struct Answer {
    latency_ms: u64,
    change: Change,
}

/// What the scripted GitHub holds before the answers are changed.
#[derive(Debug, Clone, Copy)]
enum Setup {
    /// Ready to publish: every check passes.
    Ready,
    /// No workflow, a write default, no package: the workflow proposal
    /// and the default-permission fix are offered, and their writes answer.
    Fresh,
    /// Actions disabled at the repository, a narrow allow-list.
    Locked,
    /// A self-hosted runner workflow without its fallback secret.
    SelfHosted,
}

/// The scripted GitHub for `setup`, with the answers a fix's writes get.
fn script(setup: Setup) -> Script {
    let r = "/repos/acme/app";
    let not_found = || Canned::json(404, r#"{"message":"Not Found"}"#);
    let mut s = ready_org(REPO);
    match setup {
        Setup::Ready => {}
        Setup::Fresh => {
            let write = Canned::json(200, &bodies::workflow_permissions("write"));
            s.set(
                "GET",
                &format!("{r}/actions/permissions/workflow"),
                write.clone(),
            );
            s.set("GET", "/orgs/acme/actions/permissions/workflow", write);
            s.set(
                "GET",
                &format!("{r}/contents/.github/workflows/docker-image.yml"),
                not_found(),
            );
            s.set(
                "GET",
                &format!("{r}/contents/.github/workflows"),
                not_found(),
            );
            s.set("GET", "/orgs/acme/packages/container/app", not_found());
            s.set(
                "PUT",
                &format!("{r}/actions/permissions/workflow"),
                Canned::json(204, ""),
            );
            s.set(
                "GET",
                &format!("{r}/pulls?head=acme%3Aghcr-setup%2Fdocker-image&state=open"),
                Canned::json(200, "[]"),
            );
            let head = r#"{"ref":"refs/heads/main","object":{"sha":"1111111111111111111111111111111111111111","type":"commit"}}"#;
            s.set(
                "GET",
                &format!("{r}/git/ref/heads/main"),
                Canned::json(200, head),
            );
            s.set("POST", &format!("{r}/git/refs"), Canned::json(201, head));
            s.set(
                "PUT",
                &format!("{r}/contents/.github/workflows/docker-image.yml"),
                Canned::json(201, r#"{"content":{"sha":"2222"},"commit":{"sha":"3333"}}"#),
            );
            s.set(
                "POST",
                &format!("{r}/pulls"),
                Canned::json(201, r#"{"number":7,"html_url":"https://github.com/acme/app/pull/7","state":"open"}"#),
            );
        }
        Setup::Locked => {
            s.set(
                "GET",
                &format!("{r}/actions/permissions"),
                Canned::json(200, &bodies::actions(true, "selected", false)),
            );
            s.set(
                "GET",
                &format!("{r}/actions/permissions/selected-actions"),
                Canned::json(200, &bodies::selected(true, false, &["acme/*"])),
            );
            s.set(
                "PUT",
                &format!("{r}/actions/permissions"),
                Canned::json(204, ""),
            );
            s.set(
                "PUT",
                &format!("{r}/actions/permissions/selected-actions"),
                Canned::json(204, ""),
            );
        }
        Setup::SelfHosted => {
            let workflow = crate::support::checklist::generated(
                REPO,
                &[
                    ("runner", "self-hosted,linux"),
                    ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
                ],
            );
            s.set(
                "GET",
                &format!("{r}/contents/.github/workflows/docker-image.yml"),
                Canned::json(
                    200,
                    &bodies::file(".github/workflows/docker-image.yml", &workflow),
                ),
            );
            s.set(
                "GET",
                &format!("{r}/actions/runners"),
                Canned::json(
                    200,
                    &bodies::runners(&[("box", "online", "2.330.0", &["self-hosted", "linux"])]),
                ),
            );
            let key = encoding::encode(&[9u8; 32]);
            s.set(
                "GET",
                &format!("{r}/actions/secrets/public-key"),
                Canned::json(
                    200,
                    &format!(r#"{{"key_id":"568250167242549743","key":"{key}"}}"#),
                ),
            );
            s.set(
                "PUT",
                &format!("{r}/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN"),
                Canned::json(201, "{}"),
            );
        }
    }
    s
}

#[derive(Debug, Clone)]
struct Case {
    setup: Setup,
    kind: TokenKind,
    scopes: Option<Vec<&'static str>>,
    login: bool,
    max_in_flight: usize,
    answers: Vec<Answer>,
    fix: Option<Index>,
    recheck: bool,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        10 => Just(Change::Keep),
        3 => status().prop_map(Change::Status),
        3 => proptest::collection::vec(header(), 1..4).prop_map(Change::Headers),
        2 => body().prop_map(Change::Body),
        3 => proptest::collection::vec(json_edit(), 1..4).prop_map(Change::Edit),
        1 => Just(Change::Timeout),
        1 => Just(Change::Unreachable),
    ]
}

fn answer() -> impl Strategy<Value = Answer> {
    (prop_oneof![4 => 0u64..500, 1 => 0u64..120_000], change())
        .prop_map(|(latency_ms, change)| Answer { latency_ms, change })
}

const KINDS: &[TokenKind] = &[
    TokenKind::ClassicPat,
    TokenKind::ClassicPat,
    TokenKind::FineGrainedPat,
    TokenKind::OAuth,
    TokenKind::AppUser,
    TokenKind::Installation,
    TokenKind::Refresh,
    TokenKind::Unknown,
];

const SCOPES: &[&str] = &[
    "repo",
    "read:org",
    "admin:org",
    "read:packages",
    "write:packages",
    "workflow",
];

fn case() -> impl Strategy<Value = Case> {
    (
        proptest::sample::select(
            &[Setup::Ready, Setup::Fresh, Setup::Locked, Setup::SelfHosted][..],
        ),
        proptest::sample::select(KINDS),
        proptest::option::of(proptest::sample::subsequence(SCOPES, 0..=SCOPES.len())),
        any::<bool>(),
        prop_oneof![3 => Just(6usize), 1 => 1usize..10],
        proptest::collection::vec(answer(), 0..80),
        prop_oneof![1 => Just(None), 3 => any::<Index>().prop_map(Some)],
        prop_oneof![4 => Just(false), 1 => Just(true)],
    )
        .prop_map(
            |(setup, kind, scopes, login, max_in_flight, answers, fix, recheck)| Case {
                setup,
                kind,
                scopes,
                login,
                max_in_flight,
                answers,
                fix,
                recheck,
            },
        )
}

fn changed(
    real: Result<HttpResponse, TransportFailure>,
    change: &Change,
) -> Result<HttpResponse, TransportFailure> {
    let mut resp = real?;
    match change {
        Change::Keep => {}
        Change::Status(s) => resp.status = *s,
        Change::Headers(extra) => {
            // First, so they win over the script's own headers of the same name.
            resp.headers.splice(0..0, extra.iter().cloned());
        }
        Change::Body(b) => resp.body.clone_from(b),
        Change::Edit(edits) => {
            if let Ok(value) = serde_json::from_str::<Value>(&resp.body) {
                resp.body = apply_json(&value, edits).to_string();
            }
        }
        Change::Timeout => return Err(TransportFailure::Timeout),
        Change::Unreachable => return Err(TransportFailure::Unreachable("refused".into())),
    }
    Ok(resp)
}

/// Drives `program` to idle the way a shell does, answering from `script`
/// changed by the next of `answers` (unchanged once they run out).
fn drive(
    program: &mut impl Program,
    script: &mut Script,
    answers: &mut std::slice::Iter<'_, Answer>,
    start_ms: u64,
) -> Result<u64, String> {
    let keep = Answer {
        latency_ms: 50,
        change: Change::Keep,
    };
    let mut now = start_ms;
    let mut in_flight: Vec<(u64, Ticket, Result<HttpResponse, TransportFailure>)> = Vec::new();
    let mut requests = 0usize;
    for _ in 0..MAX_TURNS {
        for out in program.due(now) {
            requests += 1;
            if requests > MAX_REQUESTS {
                return Err(format!("more than {MAX_REQUESTS} requests"));
            }
            let answer = answers.next().unwrap_or(&keep);
            let result = changed(script.respond(&out.request), &answer.change);
            in_flight.push((now.saturating_add(answer.latency_ms), out.ticket, result));
        }
        if in_flight.is_empty() {
            match program.next_wake(now) {
                Some(at) if at > now => {
                    now = at;
                    continue;
                }
                Some(at) => return Err(format!("next wake {at} is not after now {now}")),
                None if program.is_idle() => return Ok(now),
                None => return Err("nothing in flight or planned, yet not idle".into()),
            }
        }
        let next = in_flight.iter().map(|(t, _, _)| *t).min().unwrap_or(now);
        match program.next_wake(now) {
            Some(wake) if wake < next => {
                now = wake;
                continue;
            }
            _ => {}
        }
        now = next;
        let (done, rest): (Vec<_>, Vec<_>) = in_flight.into_iter().partition(|(t, _, _)| *t <= now);
        in_flight = rest;
        for (_, ticket, result) in done {
            program.answered(ticket, now, result);
        }
    }
    Err(format!("not idle after {MAX_TURNS} turns"))
}

/// At idle: finished, nothing pending, and the share snapshot reads back.
/// Returns false when the snapshot was larger than the reader accepts:
/// verdict texts can quote a whole damaged answer, and the snapshot keeps
/// them whole. Such cases are counted in the summary, not failed.
fn settled(run: &Run, now: u64) -> Result<(), TestCaseError> {
    prop_assert!(run.is_idle());
    prop_assert!(run.finished_ms().is_some(), "idle but not finished");
    let items = run.items(now);
    for item in &items {
        prop_assert!(
            item.verdict.status != Status::Pending,
            "{} pending at idle: {:?}",
            item.meta.id,
            item.verdict.summary
        );
        prop_assert!(
            !item.verdict.summary.is_empty(),
            "{} has no summary",
            item.meta.id
        );
    }
    let hidden = private_names(run.facts());
    let snapshot = Snapshot::new(REPO, None, now, "repo=acme%2Fapp", &items, &hidden);
    let json = snapshot.to_json();
    prop_assert!(
        json.len() <= MAX_SNAPSHOT_BYTES,
        "a share link of {} bytes could not be read back",
        json.len()
    );
    let read = decode_json(&json);
    prop_assert_eq!(read.snapshot.as_ref(), Some(&snapshot));
    prop_assert!(read.notes.is_empty(), "{:?}", read.notes);
    Ok(())
}

/// Plays `case`; says how it ended. Every settled state must share as a
/// link that reads back whole.
fn play(case: &Case) -> Result<&'static str, TestCaseError> {
    let slug = RepoSlug::parse(REPO).map_err(|e| TestCaseError::fail(e.message().to_string()))?;
    let identity = Identity {
        login: case.login.then(|| "octo".to_string()),
        kind: case.kind,
        scopes: case
            .scopes
            .as_ref()
            .map(|s| Scopes::parse_header(&s.join(", "))),
    };
    let sched = Scheduler::new(BASE, Some(Secret::new("ghp_x")), EtagCache::new())
        .with_max_in_flight(case.max_in_flight);
    let mut run = Run::with_scheduler(Checked::repo(slug), identity, sched, 0);
    let mut script = script(case.setup);
    let mut answers = case.answers.iter();
    let mut now = drive(&mut run, &mut script, &mut answers, 0).map_err(TestCaseError::fail)?;
    settled(&run, now)?;
    let mut how = "checked";
    if let Some(pick) = &case.fix {
        let offers: Vec<_> = run
            .offers(now)
            .into_iter()
            .filter(|o| o.blocked.is_none())
            .collect();
        if !offers.is_empty() {
            let offer = &offers[pick.index(offers.len())];
            let input = FixInput {
                secret: Some(Secret::new("ghp_0123456789abcdefghijABCDEFGHIJ012345")),
                entropy: Some([7; ENTROPY_BYTES]),
                replace_existing: true,
            };
            if run.start_fix(offer, input, now).is_ok() {
                now =
                    drive(&mut run, &mut script, &mut answers, now).map_err(TestCaseError::fail)?;
                prop_assert!(run.fix_running().is_none(), "a fix still runs at idle");
                prop_assert!(
                    run.fix_outcome().is_some(),
                    "a fix ended without an outcome"
                );
                how = if run.fix_outcome().is_some_and(|o| o.ok) {
                    "fix-succeeded"
                } else {
                    "fix-failed"
                };
                settled(&run, now)?;
            }
        }
    }
    if case.recheck {
        run.recheck(now);
        now = drive(&mut run, &mut script, &mut answers, now).map_err(TestCaseError::fail)?;
        settled(&run, now)?;
        how = "rechecked";
    }
    Ok(how)
}

pub fn run() {
    let target = Target::new("checklist_run");
    target.run(DEFAULT_CASES, case(), |case| {
        let what = format!("{} answers", case.answers.len());
        let (result, cost) = target.case(what, || format!("{case:?}"), || play(&case));
        prop_assert!(
            cost.peak_bytes <= MEMORY_CEILING,
            "{} KiB",
            cost.peak_bytes / 1024
        );
        let how = result?;
        target.tally(how);
        Ok(())
    });
}
