//! The pull-request fix against the fake GitHub on loopback, which keeps
//! what was written: a lost answer to opening the pull request leaves
//! exactly one pull request, a proposal branch holding someone else's
//! commit is left alone, and a renamed repository gets its pull request
//! under its new name. The core's `Run` is driven here over blocking
//! HTTP, one request at a time, on the wall clock.

use std::time::{Duration, Instant};

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOutcome};
use ghcr_setup_core::check::{Identity, Run, Target};
use ghcr_setup_core::engine::{Program, TransportFailure};
use ghcr_setup_core::http::{HttpRequest, HttpResponse, Method};
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};
use serde_json::{json, Value};

use crate::support::FakeServer;

const DEMO: &str = "ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000";
const REPO: &str = "/repos/demo-org/fresh-app";

/// The demo scenario on loopback, and a client that talks to it as the CLI does.
struct Fake {
    server: FakeServer,
    agent: ureq::Agent,
}

impl Fake {
    fn start() -> Fake {
        Fake::start_with(|_| {})
    }

    /// The demo scenario after `change`.
    fn start_with(change: impl FnOnce(&mut fake_github::scenario::Scenario)) -> Fake {
        let agent = ureq::Agent::new_with_config(
            ureq::Agent::config_builder()
                .http_status_as_error(false)
                .timeout_global(Some(Duration::from_secs(10)))
                // As the CLI does: a renamed repository's redirect keeps the token.
                .redirect_auth_headers(ureq::config::RedirectAuthHeaders::SameHost)
                .build(),
        );
        Fake {
            server: FakeServer::demo_with(change),
            agent,
        }
    }

    /// Sends one of the core's requests as it is.
    fn send(&self, request: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
        let method = match request.method {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
        };
        let mut builder = ureq::http::Request::builder()
            .method(method)
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let body = request.body.clone().unwrap_or_default();
        let mut response = self
            .agent
            .run(builder.body(body).expect("request builds"))
            .map_err(|e| TransportFailure::Unreachable(e.to_string()))?;
        let headers = response
            .headers()
            .iter()
            .filter_map(|(n, v)| Some((n.as_str().to_string(), v.to_str().ok()?.to_string())))
            .collect();
        Ok(HttpResponse {
            status: response.status().as_u16(),
            headers,
            body: response.body_mut().read_to_string().unwrap_or_default(),
        })
    }

    /// A JSON call as the demo user (or to the control API).
    fn call(&self, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
        let builder = ureq::http::Request::builder()
            .method(method)
            .uri(format!("{}{path}", self.server.url()))
            .header("Authorization", format!("Bearer {DEMO}"))
            .header("Content-Type", "application/json");
        let text = body.map(|b| b.to_string()).unwrap_or_default();
        let mut response = self
            .agent
            .run(builder.body(text).expect("request builds"))
            .expect("the fake answers");
        let status = response.status().as_u16();
        let text = response.body_mut().read_to_string().unwrap_or_default();
        (status, serde_json::from_str(&text).unwrap_or(Value::Null))
    }

    /// Runs `program` until it is idle, sleeping until each wake-up.
    fn drive(&self, program: &mut impl Program, started: Instant) {
        let now = || started.elapsed().as_millis() as u64;
        let deadline = Instant::now() + Duration::from_secs(60);
        while !program.is_idle() {
            assert!(Instant::now() < deadline, "the program never went idle");
            let due = program.due(now());
            if due.is_empty() {
                let wake = program.next_wake(now()).unwrap_or(now() + 10);
                std::thread::sleep(Duration::from_millis(wake.saturating_sub(now()).max(1)));
                continue;
            }
            for out in due {
                let answer = self.send(&out.request);
                program.answered(out.ticket, now(), answer);
            }
        }
    }

    /// The checklist of demo-org/fresh-app as the demo user, then the
    /// proposal fix; how it ended.
    fn propose(&self) -> FixOutcome {
        self.propose_in("demo-org/fresh-app")
    }

    /// The checklist of `full` (as typed) as the demo user, then the
    /// proposal fix; how it ended.
    fn propose_in(&self, full: &str) -> FixOutcome {
        let started = Instant::now();
        let identity = Identity {
            login: Some("octo-demo".into()),
            kind: TokenKind::ClassicPat,
            scopes: Some(Scopes::parse_header(
                "repo, workflow, read:org, read:packages, admin:org",
            )),
        };
        let target = Target::repo(RepoSlug::parse(full).unwrap());
        let mut run = Run::new(
            target,
            identity,
            &self.server.url(),
            Some(Secret::new(DEMO)),
            EtagCache::new(),
            0,
        );
        self.drive(&mut run, started);
        let offer = run
            .offers(started.elapsed().as_millis() as u64)
            .into_iter()
            .find(|o| o.kind == FixKind::ProposeWorkflow && o.blocked.is_none())
            .expect("the proposal is offered");
        run.start_fix(
            &offer,
            FixInput::default(),
            started.elapsed().as_millis() as u64,
        )
        .expect("the fix starts");
        self.drive(&mut run, started);
        run.fix_outcome().cloned().expect("the fix ended")
    }

    /// Every pull request of the repository, open or not.
    fn pulls(&self) -> Vec<Value> {
        let (status, list) = self.call("GET", &format!("{REPO}/pulls?state=all"), None);
        assert_eq!(status, 200);
        list.as_array().cloned().unwrap_or_default()
    }

    /// How many `method path` requests the fake saw.
    fn sent(&self, method: &str, path: &str) -> usize {
        self.log()
            .iter()
            .filter(|e| e["method"] == method && e["path"] == path)
            .count()
    }

    /// Every request the fake saw.
    fn log(&self) -> Vec<Value> {
        let (_, log) = self.call("GET", "/_fake/log", None);
        log.as_array().cloned().unwrap_or_default()
    }
}

#[test]
fn a_lost_answer_to_opening_the_pull_request_leaves_exactly_one() {
    let fake = Fake::start();
    // GitHub opens the pull request, and the answer is lost (502).
    let (status, _) = fake.call(
        "POST",
        "/_fake/faults",
        Some(json!({
            "method": "POST", "path_prefix": format!("{REPO}/pulls"),
            "status": 502, "after": true, "times": 1,
        })),
    );
    assert_eq!(status, 201);
    let outcome = fake.propose();
    assert!(outcome.ok, "{}", outcome.message);
    let pulls = fake.pulls();
    assert_eq!(pulls.len(), 1, "exactly one pull request: {pulls:#?}");
    let number = pulls[0]["number"].as_u64().unwrap();
    assert_eq!(
        outcome.message,
        format!("Opened pull request #{number} in demo-org/fresh-app with the workflow. Nothing changes on the default branch until it is merged; then re-check.")
    );
    assert_eq!(
        fake.sent("POST", &format!("{REPO}/pulls")),
        1,
        "asked for once, then read again"
    );
}

#[test]
fn a_proposal_branch_with_someone_elses_commit_is_left_alone() {
    let fake = Fake::start();
    let (_, main) = fake.call("GET", &format!("{REPO}/git/ref/heads/main"), None);
    let (status, _) = fake.call(
        "POST",
        &format!("{REPO}/git/refs"),
        Some(json!({ "ref": "refs/heads/ghcr-setup/docker-image", "sha": main["object"]["sha"] })),
    );
    assert_eq!(status, 201);
    let (status, _) = fake.call(
        "PUT",
        &format!("{REPO}/contents/notes.md"),
        Some(json!({
            "message": "Notes for the release", "content": "bm90ZXMK",
            "branch": "ghcr-setup/docker-image",
        })),
    );
    assert_eq!(status, 201);
    let outcome = fake.propose();
    assert!(outcome.ok, "{}", outcome.message);
    assert!(
        outcome
            .message
            .ends_with("the proposal is on `ghcr-setup/docker-image-2`."),
        "{}",
        outcome.message
    );
    let pulls = fake.pulls();
    assert_eq!(pulls.len(), 1);
    assert_eq!(pulls[0]["head"]["ref"], "ghcr-setup/docker-image-2");
    // The other branch still holds only its own commit.
    let (_, cmp) = fake.call(
        "GET",
        &format!("{REPO}/compare/main...ghcr-setup/docker-image"),
        None,
    );
    assert_eq!(cmp["ahead_by"], 1);
    assert_eq!(
        cmp["commits"][0]["commit"]["message"],
        "Notes for the release"
    );
}

#[test]
fn a_renamed_repository_gets_the_pull_request_under_its_new_name() {
    let fake = Fake::start_with(|s| {
        let repo = s
            .repos
            .iter_mut()
            .find(|r| r.name == "fresh-app")
            .expect("fresh-app");
        repo.former_names.push("demo-org/old-app".into());
    });
    let outcome = fake.propose_in("demo-org/old-app");
    assert!(outcome.ok, "{}", outcome.message);
    assert!(
        outcome
            .message
            .contains("in demo-org/fresh-app with the workflow"),
        "{}",
        outcome.message
    );
    assert_eq!(fake.pulls().len(), 1);
    let to_old: Vec<String> = fake
        .log()
        .iter()
        .filter(|e| {
            e["path"]
                .as_str()
                .unwrap_or_default()
                .starts_with("/repos/demo-org/old-app")
        })
        .map(|e| format!("{} {} {}", e["method"], e["path"], e["status"]))
        .collect();
    assert!(
        to_old
            .iter()
            .all(|l| l.starts_with("\"GET\"") && l.ends_with(" 301")),
        "only the first reads go to the old name, and are redirected: {to_old:#?}"
    );
}
