//! A fault on one exact path, for tests that break a single fact: the
//! [`Script`]'s own faults match by prefix, and many of GitHub's paths are
//! prefixes of others (`/user` of `/user/packages/…`, a repository of all its
//! settings). [`Faulted`] answers the fault for exactly one path (query
//! included) and everything else from the script, counting every request;
//! [`drive_faulted`] runs a program against it in virtual time, the way
//! [`super::drive`] does against a bare script. Also a ready personal
//! repository, [`ready_user`], next to the script's `ready_org`.
//!
//! Include it from a test crate that declares `mod support;` with
//! `#[path = "support/exact_faults.rs"] mod exact_faults;`.

use std::collections::BTreeMap;

use ghcr_setup_core::engine::{Program, Ticket, TransportFailure};
use ghcr_setup_core::http::{HttpRequest, HttpResponse};

use crate::support::{bodies, Drove, FaultKind, Script, BASE};

/// A scripted GitHub with one fault on one exact path.
#[derive(Debug, Clone)]
pub struct Faulted {
    pub script: Script,
    path: String,
    kind: FaultKind,
    /// Answers left to fault; `None`: forever.
    times: Option<u32>,
    /// Every request by path (query included), the faulted ones too.
    pub asked: BTreeMap<String, usize>,
}

impl Faulted {
    /// Requests to exactly `path` (query included) get `kind`, `times`
    /// times (forever if `None`); every other request goes to `script`.
    pub fn new(script: Script, path: &str, kind: FaultKind, times: Option<u32>) -> Self {
        Faulted {
            script,
            path: path.to_string(),
            kind,
            times,
            asked: BTreeMap::new(),
        }
    }

    /// Answers one request.
    pub fn respond(&mut self, req: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
        let path = req.url.strip_prefix(BASE).unwrap_or(&req.url).to_string();
        *self.asked.entry(path.clone()).or_default() += 1;
        if path != self.path || self.times == Some(0) {
            return self.script.respond(req);
        }
        if let Some(left) = self.times.as_mut() {
            *left -= 1;
        }
        match &self.kind {
            FaultKind::Transport(failure) => Err(failure.clone()),
            FaultKind::LoseAnswer(failure) => {
                let _ = self.script.respond(req);
                Err(failure.clone())
            }
            FaultKind::Answer(canned) => Ok(HttpResponse {
                status: canned.status,
                headers: canned.headers.clone(),
                body: canned.body.clone(),
            }),
        }
    }

    /// Requests made to exactly `path`.
    pub fn count(&self, path: &str) -> usize {
        self.asked.get(path).copied().unwrap_or(0)
    }
}

/// Runs `program` against `faulted` until it is idle (or 100,000 steps
/// pass), each request taking `latency_ms` of virtual time.
pub fn drive_faulted(
    program: &mut impl Program,
    faulted: &mut Faulted,
    start_ms: u64,
    latency_ms: u64,
) -> Drove {
    let mut now = start_ms;
    let mut in_flight: Vec<(u64, Ticket, Result<HttpResponse, TransportFailure>)> = Vec::new();
    let mut requests = 0;
    let mut max_in_flight = 0;
    for _ in 0..100_000 {
        for out in program.due(now) {
            let answer = faulted.respond(&out.request);
            in_flight.push((now + latency_ms, out.ticket, answer));
            requests += 1;
        }
        max_in_flight = max_in_flight.max(in_flight.len());
        let wake = program.next_wake(now);
        if in_flight.is_empty() {
            match wake {
                Some(at) if at > now => {
                    now = at;
                    continue;
                }
                Some(_) => continue,
                None => break,
            }
        }
        let next = in_flight.iter().map(|(t, _, _)| *t).min().unwrap_or(now);
        if wake.is_some_and(|at| at < next) {
            now = wake.unwrap_or(next);
            continue;
        }
        now = next;
        let (done, rest): (Vec<_>, Vec<_>) = in_flight.into_iter().partition(|(t, _, _)| *t <= now);
        in_flight = rest;
        for (_, ticket, answer) in done {
            program.answered(ticket, now, answer);
        }
    }
    Drove {
        elapsed_ms: now - start_ms,
        requests,
        max_in_flight,
    }
}

/// A scripted GitHub where `login/name` (your own public repository, you
/// signed in as `login`) is ready to publish: the generated workflow, read
/// default, your package linked and public, last run green.
pub fn ready_user(full: &str) -> Script {
    use ghcr_setup_core::names::RepoSlug;
    use ghcr_setup_core::workflow::{generate, WorkflowOptions};
    let Ok(slug) = RepoSlug::parse(full) else {
        return Script::new();
    };
    let Ok(options) = WorkflowOptions::new(slug.clone()) else {
        return Script::new();
    };
    let workflow = generate(&options);
    let (owner, name) = (slug.owner().to_string(), slug.name().to_string());
    let r = format!("/repos/{owner}/{name}");
    let pkg = name.to_lowercase();
    Script::new()
        .get("/user", &bodies::user(&owner))
        .get(&r, &bodies::repo(full, false, false, true))
        .get(
            &format!("{r}/contents/.github/workflows"),
            &bodies::dir(&["docker-image.yml"]),
        )
        .get(
            &format!("{r}/contents/.github/workflows/docker-image.yml"),
            &bodies::file(".github/workflows/docker-image.yml", &workflow),
        )
        .get(
            &format!("{r}/contents/Dockerfile"),
            &bodies::file("Dockerfile", "FROM alpine\n"),
        )
        .get(
            &format!("{r}/actions/permissions"),
            &bodies::actions(true, "all", false),
        )
        .get(
            &format!("{r}/actions/permissions/workflow"),
            &bodies::workflow_permissions("read"),
        )
        .get(&format!("{r}/actions/runners"), &bodies::runners(&[]))
        .get(&format!("{r}/actions/secrets"), &bodies::secrets(&[]))
        .get(
            &format!("/user/packages/container/{pkg}"),
            &bodies::package(&pkg, "public", Some(full)),
        )
        .get(
            &format!("{r}/actions/workflows/docker-image.yml"),
            &bodies::workflow_state("active"),
        )
        .get(
            &format!("{r}/actions/workflows/docker-image.yml/runs?per_page=5"),
            &bodies::runs(&[("completed", Some("success"))]),
        )
        .get(&bodies::proposal_pulls_path(full), "[]")
}
