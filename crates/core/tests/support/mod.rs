//! Test support: a scripted GitHub (canned answers by path, ETags and `304`,
//! faults that clear after N tries, among them an answer lost after the
//! request was carried out; routes a write changes; a request log) and a
//! virtual-time driver that runs any [`Program`] against it the way a shell
//! would, with a fixed latency per request. No network, no clock.

use std::collections::BTreeMap;

use ghcr_setup_core::engine::{Program, Ticket, TransportFailure};
use ghcr_setup_core::http::{HttpRequest, HttpResponse};

pub const BASE: &str = "https://api.example.test";

/// A canned answer.
#[derive(Debug, Clone)]
pub struct Canned {
    pub status: u16,
    pub body: String,
    pub headers: Vec<(String, String)>,
}

impl Canned {
    pub fn json(status: u16, body: &str) -> Self {
        Canned {
            status,
            body: body.to_string(),
            headers: vec![("Content-Type".into(), "application/json".into())],
        }
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

/// What a fault does.
#[derive(Debug, Clone)]
pub enum FaultKind {
    /// Answered with this instead of the route's answer (nothing is done).
    Answer(Canned),
    /// Never reaches GitHub.
    Transport(TransportFailure),
    /// Carried out — answered by its route, its effects applied — but the
    /// answer never arrives.
    LoseAnswer(TransportFailure),
}

/// Routes that change once `method path` has succeeded: what GitHub holds
/// after a write.
#[derive(Debug, Clone)]
struct Effect {
    method: String,
    path: String,
    sets: Vec<(String, String, Canned)>,
}

#[derive(Debug, Clone)]
struct Fault {
    method: String,
    path_prefix: String,
    kind: FaultKind,
    /// `None`: forever.
    times: Option<u32>,
}

/// One request as the script saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    pub method: String,
    pub path: String,
    pub conditional: bool,
    pub status: u16,
    /// The request body, parsed as JSON (`Null` when there is none).
    pub body: serde_json::Value,
}

/// A scripted GitHub.
#[derive(Debug, Clone, Default)]
pub struct Script {
    routes: BTreeMap<(String, String), Canned>,
    faults: Vec<Fault>,
    effects: Vec<Effect>,
    /// A repository renamed or transferred: `(old, new)` full names.
    moved: Option<(String, String)>,
    pub log: Vec<Logged>,
    pub scopes: Option<String>,
    pub rate_used: u64,
}

fn etag_of(body: &str) -> String {
    let h = body.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    });
    format!("W/\"{h:016x}\"")
}

impl Script {
    pub fn new() -> Self {
        Script {
            scopes: Some("repo, read:org, read:packages, workflow, admin:org".into()),
            ..Script::default()
        }
    }

    /// `GET path` (query included) answers 200 with `body`.
    pub fn get(mut self, path: &str, body: &str) -> Self {
        self.routes
            .insert(("GET".into(), path.into()), Canned::json(200, body));
        self
    }

    /// `method path` answers `canned`.
    pub fn on(mut self, method: &str, path: &str, canned: Canned) -> Self {
        self.routes.insert((method.into(), path.into()), canned);
        self
    }

    /// Replaces or adds a route in place.
    pub fn set(&mut self, method: &str, path: &str, canned: Canned) {
        self.routes.insert((method.into(), path.into()), canned);
    }

    /// Requests to paths starting with `prefix` get `kind`, `times` times (forever if `None`).
    pub fn fault(&mut self, method: &str, prefix: &str, kind: FaultKind, times: Option<u32>) {
        self.faults.push(Fault {
            method: method.into(),
            path_prefix: prefix.into(),
            kind,
            times,
        });
    }

    /// Once `method path` succeeds, each `(method, path, answer)` of `sets`
    /// replaces its route (a created pull request is listed, a second one
    /// is refused, …).
    pub fn after(&mut self, method: &str, path: &str, sets: Vec<(&str, &str, Canned)>) {
        self.effects.push(Effect {
            method: method.into(),
            path: path.into(),
            sets: sets
                .into_iter()
                .map(|(m, p, c)| (m.to_string(), p.to_string(), c))
                .collect(),
        });
    }

    /// `old` (`owner/name`) was renamed or transferred to `new`: a read of
    /// one of its paths is answered as GitHub's redirect would be followed
    /// (by the route of the same path under `new`); a write to it is
    /// answered 404, so no test mistakes it for one that reached `new`.
    pub fn moved(&mut self, old: &str, new: &str) {
        self.moved = Some((old.into(), new.into()));
    }

    /// The path a request is answered for, after a move; `None` for a write
    /// to the old name.
    fn followed(&self, method: &str, path: &str) -> Option<String> {
        let Some((old, new)) = &self.moved else {
            return Some(path.to_string());
        };
        let prefix = format!("/repos/{old}");
        match path.strip_prefix(&prefix) {
            Some(rest) if rest.is_empty() || rest.starts_with(['/', '?']) => {
                (method == "GET").then(|| format!("/repos/{new}{rest}"))
            }
            _ => Some(path.to_string()),
        }
    }

    fn take_fault(&mut self, method: &str, path: &str) -> Option<FaultKind> {
        let i = self
            .faults
            .iter()
            .position(|f| f.method == method && path.starts_with(&f.path_prefix))?;
        let fault = &mut self.faults[i];
        let kind = fault.kind.clone();
        if let Some(t) = fault.times.as_mut() {
            *t -= 1;
            if *t == 0 {
                self.faults.remove(i);
            }
        }
        Some(kind)
    }

    /// Answers a request as GitHub would (404 for anything not scripted).
    pub fn respond(&mut self, req: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
        let method = req.method.as_str().to_string();
        let path = req.url.strip_prefix(BASE).unwrap_or(&req.url).to_string();
        let inm = req
            .headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("If-None-Match"))
            .map(|(_, v)| v.clone());
        let mut log = Logged {
            method: method.clone(),
            path: path.clone(),
            conditional: inm.is_some(),
            body: req
                .body
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok())
                .unwrap_or(serde_json::Value::Null),
            status: 0,
        };
        let result = match self.take_fault(&method, &path) {
            Some(FaultKind::Transport(t)) => Err(t),
            Some(FaultKind::Answer(c)) => Ok(self.finish(c, None)),
            Some(FaultKind::LoseAnswer(t)) => {
                log.status = self.route(&method, &path, inm).status;
                self.log.push(log);
                return Err(t);
            }
            None => Ok(self.route(&method, &path, inm)),
        };
        log.status = result.as_ref().map_or(0, |r| r.status);
        self.log.push(log);
        result
    }

    /// The route's answer to `method path` (404 when there is none), with
    /// the effects of a success applied.
    fn route(&mut self, method: &str, path: &str, inm: Option<String>) -> HttpResponse {
        let Some(followed) = self.followed(method, path) else {
            return self.finish(Canned::json(404, r#"{"message":"Not Found"}"#), None);
        };
        let path = followed.as_str();
        let canned = self
            .routes
            .get(&(method.to_string(), path.to_string()))
            .cloned()
            .unwrap_or_else(|| Canned::json(404, r#"{"message":"Not Found"}"#));
        if (200..300).contains(&canned.status) {
            if let Some(i) = self
                .effects
                .iter()
                .position(|e| e.method == method && e.path == path)
            {
                for (m, p, c) in self.effects.remove(i).sets {
                    self.routes.insert((m, p), c);
                }
            }
        }
        let etag = (method == "GET" && canned.status == 200).then(|| etag_of(&canned.body));
        if etag.is_some() && inm.is_some() && inm == etag {
            self.finish(
                Canned {
                    status: 304,
                    body: String::new(),
                    headers: Vec::new(),
                },
                etag,
            )
        } else {
            self.finish(canned, etag)
        }
    }

    fn finish(&mut self, canned: Canned, etag: Option<String>) -> HttpResponse {
        if canned.status != 304 {
            self.rate_used += 1;
        }
        let mut headers = canned.headers;
        if let Some(e) = etag {
            headers.push(("ETag".into(), e));
        }
        let has =
            |h: &Vec<(String, String)>, n: &str| h.iter().any(|(k, _)| k.eq_ignore_ascii_case(n));
        if let Some(s) = &self.scopes {
            if !has(&headers, "X-OAuth-Scopes") {
                headers.push(("X-OAuth-Scopes".into(), s.clone()));
            }
        }
        if !has(&headers, "X-RateLimit-Remaining") {
            headers.push(("X-RateLimit-Limit".into(), "5000".into()));
            headers.push((
                "X-RateLimit-Remaining".into(),
                (5000 - self.rate_used).to_string(),
            ));
            headers.push(("X-RateLimit-Used".into(), self.rate_used.to_string()));
            headers.push(("X-RateLimit-Reset".into(), "1900000000".into()));
        }
        HttpResponse {
            status: canned.status,
            headers,
            body: canned.body,
        }
    }

    /// Requests logged for `path` (any method).
    /// Answers the read of `owner/name`'s `.github/workflows/docker-image.yml` with `yaml`.
    pub fn set_workflow(&mut self, full: &str, yaml: &str) {
        self.set(
            "GET",
            &format!("/repos/{full}/contents/.github/workflows/docker-image.yml"),
            Canned::json(
                200,
                &bodies::file(".github/workflows/docker-image.yml", yaml),
            ),
        );
    }

    pub fn count(&self, path: &str) -> usize {
        self.log.iter().filter(|l| l.path == path).count()
    }
}

/// What a drive measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Drove {
    /// Virtual time from start to idle.
    pub elapsed_ms: u64,
    /// Requests answered.
    pub requests: usize,
    /// Most requests in flight at once.
    pub max_in_flight: usize,
}

/// Runs `program` to idle against `script`, each request taking `latency_ms`.
pub fn drive(
    program: &mut impl Program,
    script: &mut Script,
    start_ms: u64,
    latency_ms: u64,
) -> Drove {
    let mut now = start_ms;
    let mut in_flight: Vec<(u64, Ticket, Result<HttpResponse, TransportFailure>)> = Vec::new();
    let mut requests = 0;
    let mut max_in_flight = 0;
    for _ in 0..100_000 {
        for out in program.due(now) {
            let answer = script.respond(&out.request);
            in_flight.push((now + latency_ms, out.ticket, answer));
            requests += 1;
        }
        max_in_flight = max_in_flight.max(in_flight.len());
        if in_flight.is_empty() {
            match program.next_wake(now) {
                Some(at) if at > now => {
                    now = at;
                    continue;
                }
                Some(_) => continue,
                None => break,
            }
        }
        let next = in_flight.iter().map(|(t, _, _)| *t).min().unwrap_or(now);
        let wake = program.next_wake(now).unwrap_or(u64::MAX);
        if wake < next {
            now = wake;
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

/// JSON bodies GitHub sends, for a repository `owner/name`.
pub mod bodies {
    use ghcr_setup_core::encoding;

    pub fn user(login: &str) -> String {
        format!(r#"{{"login":"{login}","id":1,"type":"User"}}"#)
    }

    /// `GET /users/{login}` for an organization.
    pub fn organization(login: &str) -> String {
        format!(r#"{{"login":"{login}","id":2,"type":"Organization"}}"#)
    }

    pub fn repo(full: &str, org: bool, private: bool, admin: bool) -> String {
        let owner = full.split('/').next().unwrap_or_default();
        let kind = if org { "Organization" } else { "User" };
        let vis = if private { "private" } else { "public" };
        format!(
            r#"{{"full_name":"{full}","owner":{{"login":"{owner}","type":"{kind}"}},"private":{private},"visibility":"{vis}","default_branch":"main","archived":false,"permissions":{{"admin":{admin},"maintain":{admin},"push":true,"triage":true,"pull":true}}}}"#
        )
    }

    pub fn file(path: &str, text: &str) -> String {
        format!(
            r#"{{"type":"file","path":"{path}","sha":"0123456789abcdef0123456789abcdef01234567","encoding":"base64","content":"{}","html_url":"https://github.com/x/blob/main/{path}"}}"#,
            encoding::encode(text.as_bytes())
        )
    }

    pub fn dir(names: &[&str]) -> String {
        let entries: Vec<String> = names
            .iter()
            .map(|n| {
                format!(
                    r#"{{"name":"{n}","path":".github/workflows/{n}","type":"file","sha":"1"}}"#
                )
            })
            .collect();
        format!("[{}]", entries.join(","))
    }

    pub fn actions(enabled: bool, allowed: &str, pinning: bool) -> String {
        format!(
            r#"{{"enabled":{enabled},"allowed_actions":"{allowed}","sha_pinning_required":{pinning}}}"#
        )
    }

    pub fn org_actions(enabled_repositories: &str, allowed: &str, pinning: bool) -> String {
        format!(
            r#"{{"enabled_repositories":"{enabled_repositories}","allowed_actions":"{allowed}","sha_pinning_required":{pinning}}}"#
        )
    }

    pub fn workflow_permissions(default: &str) -> String {
        format!(
            r#"{{"default_workflow_permissions":"{default}","can_approve_pull_request_reviews":false}}"#
        )
    }

    pub fn selected(github: bool, verified: bool, patterns: &[&str]) -> String {
        let p: Vec<String> = patterns.iter().map(|p| format!("\"{p}\"")).collect();
        format!(
            r#"{{"github_owned_allowed":{github},"verified_allowed":{verified},"patterns_allowed":[{}]}}"#,
            p.join(",")
        )
    }

    pub fn runner_policy(enabled: &str) -> String {
        format!(r#"{{"enabled_repositories":"{enabled}"}}"#)
    }

    /// A page of repositories (`owner/name` each) out of `total`.
    /// A `GET /repos/actions/runner/releases` answer: `(tag, published_at,
    /// prerelease)`, as listed (drafts are not listed to outsiders).
    pub fn runner_releases(list: &[(&str, &str, bool)]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|(tag, at, pre)| {
                format!(
                    r#"{{"id":1,"tag_name":"{tag}","name":"{tag}","draft":false,"prerelease":{pre},"created_at":"{at}","published_at":"{at}","html_url":"https://github.com/actions/runner/releases/tag/{tag}"}}"#
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    }

    /// The runner releases the tests judge by, around the fixtures' "now"
    /// (2026-11-26T12:00:00Z): v2.333.0 6 days before it, v2.332.0 27 days,
    /// v2.331.0 67, v2.330.0 117, v2.329.0 178; a v2.334.0 pre-release the day before.
    pub fn runner_releases_now() -> String {
        runner_releases(&[
            ("v2.334.0-rc.1", "2026-11-25T12:00:00Z", true),
            ("v2.333.0", "2026-11-20T12:00:00Z", false),
            ("v2.332.0", "2026-10-30T12:00:00Z", false),
            ("v2.331.0", "2026-09-20T12:00:00Z", false),
            ("v2.330.0", "2026-08-01T12:00:00Z", false),
            ("v2.329.0", "2026-06-01T12:00:00Z", false),
        ])
    }

    pub fn repositories(total: usize, names: &[&str]) -> String {
        let items: Vec<String> = names
            .iter()
            .map(|n| {
                let short = n.split('/').nth(1).unwrap_or(n);
                format!(r#"{{"id":1,"name":"{short}","full_name":"{n}","private":false}}"#)
            })
            .collect();
        format!(
            r#"{{"total_count":{total},"repositories":[{}]}}"#,
            items.join(",")
        )
    }

    /// `(name, status, version, labels)`.
    pub fn runners(list: &[(&str, &str, &str, &[&str])]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|(name, status, version, labels)| {
                let l: Vec<String> = labels.iter().map(|l| format!(r#"{{"name":"{l}","type":"custom"}}"#)).collect();
                format!(r#"{{"id":1,"name":"{name}","os":"Linux","status":"{status}","busy":false,"version":"{version}","labels":[{}]}}"#, l.join(","))
            })
            .collect();
        format!(
            r#"{{"total_count":{},"runners":[{}]}}"#,
            list.len(),
            items.join(",")
        )
    }

    /// `(name, updated_at)`.
    pub fn secrets(list: &[(&str, &str)]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|(n, at)| format!(r#"{{"name":"{n}","created_at":"{at}","updated_at":"{at}"}}"#))
            .collect();
        format!(
            r#"{{"total_count":{},"secrets":[{}]}}"#,
            list.len(),
            items.join(",")
        )
    }

    pub fn membership(role: &str) -> String {
        format!(r#"{{"state":"active","role":"{role}"}}"#)
    }

    pub fn package(name: &str, visibility: &str, repo: Option<&str>) -> String {
        let linked = repo.map_or("null".to_string(), |r| {
            let short = r.split('/').nth(1).unwrap_or(r);
            format!(r#"{{"name":"{short}","full_name":"{r}"}}"#)
        });
        format!(
            r#"{{"id":1,"name":"{name}","package_type":"container","visibility":"{visibility}","repository":{linked},"html_url":"https://github.com/orgs/x/packages/container/package/{name}","version_count":3}}"#
        )
    }

    /// The path that lists open pull requests from the proposal branch.
    pub fn proposal_pulls_path(full: &str) -> String {
        let owner = full.split('/').next().unwrap_or_default();
        format!("/repos/{full}/pulls?head={owner}%3Aghcr-setup%2Fdocker-image&state=open")
    }

    /// Open pull requests: `(number, html_url)`.
    pub fn pulls(list: &[(u64, &str)]) -> String {
        let items: Vec<String> = list
            .iter()
            .map(|(n, url)| format!(r#"{{"number":{n},"html_url":"{url}","state":"open","title":"Publish the Docker image to ghcr.io"}}"#))
            .collect();
        format!("[{}]", items.join(","))
    }

    pub fn workflow_state(state: &str) -> String {
        format!(
            r#"{{"id":1,"name":"Docker image","path":".github/workflows/docker-image.yml","state":"{state}"}}"#
        )
    }

    /// `(status, conclusion)`.
    pub fn runs(list: &[(&str, Option<&str>)]) -> String {
        let items: Vec<String> = list
            .iter()
            .enumerate()
            .map(|(i, (status, conclusion))| {
                let c = conclusion.map_or("null".to_string(), |c| format!("\"{c}\""));
                format!(r#"{{"id":{i},"run_number":{},"status":"{status}","conclusion":{c},"head_branch":"main","event":"push","created_at":"2026-11-20T10:00:00Z","html_url":"https://github.com/x/actions/runs/{i}"}}"#, 10 - i)
            })
            .collect();
        format!(
            r#"{{"total_count":{},"workflow_runs":[{}]}}"#,
            list.len(),
            items.join(",")
        )
    }
}

/// A scripted GitHub where `owner/name` (an organization's private repo,
/// you an owner) is ready to publish: the generated workflow, read default,
/// package linked and public, last run green.
pub fn ready_org(full: &str) -> Script {
    use ghcr_setup_core::names::RepoSlug;
    use ghcr_setup_core::workflow::{generate, WorkflowOptions};
    let slug = RepoSlug::parse(full).unwrap();
    let (owner, name) = (slug.owner().to_string(), slug.name().to_string());
    let workflow = generate(&WorkflowOptions::new(slug).unwrap());
    let r = format!("/repos/{owner}/{name}");
    let o = format!("/orgs/{owner}");
    let pkg = name.to_lowercase();
    Script::new()
        .get("/user", &bodies::user("octo"))
        .get(&r, &bodies::repo(full, true, false, true))
        .get(
            &format!("{r}/contents/.github/workflows"),
            &bodies::dir(&["ci.yml", "docker-image.yml"]),
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
            &format!("{r}/actions/organization-secrets"),
            &bodies::secrets(&[]),
        )
        .get(
            &format!("/user/memberships/orgs/{owner}"),
            &bodies::membership("admin"),
        )
        .get(
            &format!("{o}/actions/permissions"),
            &bodies::org_actions("all", "all", false),
        )
        .get(
            &format!("{o}/actions/permissions/workflow"),
            &bodies::workflow_permissions("read"),
        )
        .get(
            &format!("{o}/actions/permissions/self-hosted-runners"),
            &bodies::runner_policy("all"),
        )
        .get(&format!("{o}/actions/runners"), &bodies::runners(&[]))
        .get(
            &format!("{o}/packages/container/{pkg}"),
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
        .get(
            "/repos/actions/runner/releases?per_page=30",
            &bodies::runner_releases_now(),
        )
}

/// Fixtures and snapshot text for the checklist checks.
pub mod checklist;

/// Helpers for the one-click fix tests.
pub mod fixes;

/// One exact fault per fact, for the fault matrix.
pub mod exact_faults;
