//! Whole checklist runs against a scripted GitHub: which requests go out and
//! when, what each item concludes, re-checks with `304`s, retries, and
//! answers of an older run arriving late.

use crate::support;

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::{FactKey, Identity, Run, Status, Target};
use ghcr_setup_core::engine::{Program, Scheduler};
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};
use support::{bodies, drive, ready_org, Canned, FaultKind, Script, BASE};

const LATENCY: u64 = 100;

fn identity() -> Identity {
    Identity {
        login: Some("octo".into()),
        kind: TokenKind::ClassicPat,
        scopes: Some(Scopes::parse_header(
            "repo, read:org, read:packages, workflow, admin:org",
        )),
    }
}

fn run_for(full: &str, identity: Identity) -> Run {
    let target = Target::repo(RepoSlug::parse(full).unwrap());
    let sched =
        Scheduler::new(BASE, Some(Secret::new("ghp_x")), EtagCache::new()).with_max_in_flight(100);
    Run::with_scheduler(target, identity, sched, 0)
}

fn statuses(run: &Run, now: u64) -> Vec<(&'static str, Status, String)> {
    run.items(now)
        .into_iter()
        .map(|i| (i.meta.id, i.verdict.status, i.verdict.summary))
        .collect()
}

#[test]
fn a_ready_org_repository_passes_in_three_round_trips() {
    let mut script = ready_org("acme/app");
    let mut run = run_for("acme/app", identity());
    let drove = drive(&mut run, &mut script, 0, LATENCY);
    let items = statuses(&run, drove.elapsed_ms);
    for (id, status, summary) in &items {
        assert!(
            matches!(status, Status::Pass | Status::NotApplicable)
                || (*status == Status::Manual
                    && crate::support::checklist::CONFIRM_WHEN_READY.contains(id)),
            "{id}: {status:?} {summary}"
        );
    }
    assert!(
        drove.elapsed_ms <= 3 * LATENCY,
        "took {} ms",
        drove.elapsed_ms
    );
    // Each fact once; nothing unscripted asked for.
    for l in &script.log {
        assert_eq!(script.count(&l.path), 1, "{} asked twice", l.path);
        assert_ne!(l.status, 404, "{} is not scripted", l.path);
    }
    assert_eq!(run.finished_ms(), Some(drove.elapsed_ms));
    assert!(run.is_idle());
}

#[test]
fn organization_facts_wait_for_the_repository_to_say_it_is_an_organization() {
    let mut script = ready_org("acme/app");
    let mut run = run_for("acme/app", identity());
    let first = run.due(0);
    let urls: Vec<&str> = first.iter().map(|o| o.request.url.as_str()).collect();
    assert!(
        urls.iter()
            .all(|u| !u.contains("/orgs/") && !u.contains("/memberships/")),
        "{urls:?}"
    );
    assert!(urls.iter().any(|u| u.ends_with("/repos/acme/app")));
    for out in first {
        let answer = script.respond(&out.request);
        run.answered(out.ticket, LATENCY, answer);
    }
    drive(&mut run, &mut script, LATENCY, LATENCY);
    assert!(script.count("/orgs/acme/actions/permissions") == 1);

    let user_repo = Script::new().get("/user", &bodies::user("octo")).get(
        "/repos/octo/tool",
        &bodies::repo("octo/tool", false, false, true),
    );
    let mut script = user_repo;
    let mut run = run_for("octo/tool", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert!(
        script.log.iter().all(|l| !l.path.starts_with("/orgs/")),
        "no org request for a personal repo"
    );
    assert!(
        script.count("/user/packages/container/tool") == 1,
        "own package read under /user"
    );
    let org_items: Vec<_> = statuses(&run, 0)
        .into_iter()
        .filter(|(id, _, _)| *id == "org-role" || *id == "runner-policy")
        .collect();
    assert!(
        org_items
            .iter()
            .all(|(_, s, _)| *s == Status::NotApplicable),
        "{org_items:?}"
    );
}

#[test]
fn a_recheck_of_an_unchanged_repository_spends_no_rate_limit() {
    let mut script = ready_org("acme/app");
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    let spent = script.rate_used;
    let first = statuses(&run, 0);
    run.recheck(10_000);
    let asked_before = script.log.len();
    drive(&mut run, &mut script, 10_000, LATENCY);
    assert_eq!(script.rate_used, spent, "every answer was a 304");
    let again: Vec<_> = script.log[asked_before..].iter().collect();
    assert!(!again.is_empty());
    assert!(
        again.iter().all(|l| l.conditional && l.status == 304),
        "{again:?}"
    );
    assert_eq!(run.stats().not_modified as usize, again.len());
    assert_eq!(statuses(&run, 0), first, "same verdicts from the cache");
}

#[test]
fn a_transient_500_is_retried_and_the_check_passes() {
    let mut script = ready_org("acme/app");
    script.fault(
        "GET",
        "/repos/acme/app/actions/permissions/workflow",
        FaultKind::Answer(Canned::json(500, "{}")),
        Some(1),
    );
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(
        script.count("/repos/acme/app/actions/permissions/workflow"),
        2
    );
    let item = statuses(&run, 0)
        .into_iter()
        .find(|(id, _, _)| *id == "workflow-permissions")
        .unwrap();
    assert_eq!(item.1, Status::Pass, "{}", item.2);
}

#[test]
fn a_late_answer_from_the_previous_run_never_overwrites_the_new_one() {
    let mut script = ready_org("acme/app");
    let mut run = run_for("acme/app", identity());
    let old: Vec<_> = run.due(0);
    let old_answers: Vec<_> = old
        .iter()
        .map(|o| (o.ticket, script.respond(&o.request)))
        .collect();
    // The repository changes to archived, and a re-check starts before the old answers land.
    script.set(
        "GET",
        "/repos/acme/app",
        Canned::json(
            200,
            &bodies::repo("acme/app", true, false, true)
                .replace("\"archived\":false", "\"archived\":true"),
        ),
    );
    run.recheck(50);
    drive(&mut run, &mut script, 50, LATENCY);
    for (ticket, answer) in old_answers {
        run.answered(ticket, 10_000, answer);
    }
    let access = statuses(&run, 0)
        .into_iter()
        .find(|(id, _, _)| *id == "repo-access")
        .unwrap();
    assert_eq!(
        access.1,
        Status::Fail,
        "the newer (archived) answer stands: {}",
        access.2
    );
}

#[test]
fn missing_scopes_and_roles_skip_requests_and_say_why() {
    let mut script = ready_org("acme/app");
    script.scopes = Some("repo".into());
    let ident = Identity {
        scopes: Some(Scopes::parse_header("repo")),
        ..identity()
    };
    let mut run = run_for("acme/app", ident);
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(
        script.count("/orgs/acme/actions/permissions"),
        0,
        "admin:org is missing: not asked"
    );
    assert_eq!(
        script.count("/orgs/acme/packages/container/app"),
        0,
        "read:packages is missing: not asked"
    );
    let items = statuses(&run, 0);
    let get = |id: &str| items.iter().find(|(i, _, _)| *i == id).cloned().unwrap();
    assert_eq!(get("package").1, Status::Unknown);
    assert!(
        get("package").2.contains("read:packages"),
        "{}",
        get("package").2
    );
    assert_eq!(get("token-scopes").1, Status::Fail);

    // A fine-grained token: package checks unknown because of the token kind.
    let mut script = ready_org("acme/app");
    script.scopes = None;
    let mut run = run_for(
        "acme/app",
        Identity {
            scopes: None,
            kind: TokenKind::FineGrainedPat,
            ..identity()
        },
    );
    drive(&mut run, &mut script, 0, LATENCY);
    let items = statuses(&run, 0);
    let package = items.iter().find(|(i, _, _)| *i == "package").unwrap();
    assert_eq!(package.1, Status::Unknown);
    assert!(package.2.contains("fine-grained"), "{}", package.2);
    assert_eq!(script.count("/orgs/acme/packages/container/app"), 0);

    // Not an admin: settings facts are not requested.
    let mut script = ready_org("acme/app");
    script.set(
        "GET",
        "/repos/acme/app",
        Canned::json(200, &bodies::repo("acme/app", true, false, false)),
    );
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(
        script.count("/repos/acme/app/actions/permissions/workflow"),
        0
    );
    let items = statuses(&run, 0);
    let wp = items
        .iter()
        .find(|(i, _, _)| *i == "workflow-permissions")
        .unwrap();
    assert_eq!(wp.1, Status::Unknown);
    assert!(wp.2.contains("admin rights"), "{}", wp.2);
}

#[test]
fn another_workflow_file_that_publishes_is_found() {
    let mut script = ready_org("acme/app");
    let r = "/repos/acme/app";
    let generated = ghcr_setup_core::workflow::generate(
        &ghcr_setup_core::workflow::WorkflowOptions::new(RepoSlug::parse("acme/app").unwrap())
            .unwrap(),
    );
    script.set(
        "GET",
        &format!("{r}/contents/.github/workflows/docker-image.yml"),
        Canned::json(404, r#"{"message":"Not Found"}"#),
    );
    script.set(
        "GET",
        &format!("{r}/contents/.github/workflows"),
        Canned::json(200, &bodies::dir(&["ci.yml", "release.yaml"])),
    );
    script.set("GET", &format!("{r}/contents/.github/workflows/ci.yml"), Canned::json(200, &bodies::file(".github/workflows/ci.yml", "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n")));
    script.set(
        "GET",
        &format!("{r}/contents/.github/workflows/release.yaml"),
        Canned::json(
            200,
            &bodies::file(".github/workflows/release.yaml", &generated),
        ),
    );
    script.set(
        "GET",
        &format!("{r}/actions/workflows/release.yaml"),
        Canned::json(200, &bodies::workflow_state("active")),
    );
    script.set(
        "GET",
        &format!("{r}/actions/workflows/release.yaml/runs?per_page=5"),
        Canned::json(200, &bodies::runs(&[("completed", Some("success"))])),
    );
    let mut run = run_for("acme/app", identity());
    let drove = drive(&mut run, &mut script, 0, LATENCY);
    let items = statuses(&run, 0);
    let wf = items
        .iter()
        .find(|(i, _, _)| *i == "workflow-file")
        .unwrap();
    assert_eq!(wf.1, Status::Pass, "{}", wf.2);
    assert!(wf.2.contains("release.yaml"), "{}", wf.2);
    assert!(drove.elapsed_ms <= 4 * LATENCY, "{}", drove.elapsed_ms);
    assert!(run
        .facts()
        .slot(&FactKey::WorkflowRuns(
            ghcr_setup_core::names::WorkflowFileName::parse("release.yaml").unwrap()
        ))
        .is_some());
}

#[test]
fn a_repository_github_does_not_show_is_not_judged_as_having_no_workflow() {
    let mut script = Script::new().get("/user", &bodies::user("octo"));
    let mut run = run_for("acme/hidden", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    let items = statuses(&run, 0);
    for id in [
        "workflow-file",
        "dockerfile",
        "image-name",
        "pull-requests",
        "workflow-findings",
    ] {
        let (_, status, summary) = items.iter().find(|(i, _, _)| *i == id).unwrap();
        assert_eq!(*status, Status::Unknown, "{id}: {summary}");
        assert!(summary.contains("repository"), "{id}: {summary}");
    }
}

#[test]
fn image_names_are_judged_by_githubs_spelling_not_by_what_was_typed() {
    let wf = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    permissions:\n      packages: write\n    steps:\n      - uses: docker/login-action@v4\n        with:\n          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n      - uses: docker/build-push-action@v7\n        with:\n          push: true\n          tags: ghcr.io/${{ github.repository }}:latest\n";
    let mut script = ready_org("Acme/App");
    script.set(
        "GET",
        "/repos/acme/app",
        Canned::json(200, &bodies::repo("Acme/App", true, false, true)),
    );
    script.set_workflow("acme/app", wf);
    script.set(
        "GET",
        "/repos/acme/app/contents/.github/workflows",
        Canned::json(200, &bodies::dir(&["docker-image.yml"])),
    );
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    let (_, status, summary) = statuses(&run, 0)
        .into_iter()
        .find(|(i, _, _)| *i == "image-name")
        .unwrap();
    assert_eq!(status, Status::Fail, "{summary}");
    assert!(summary.contains("Acme/App"), "{summary}");
}

#[test]
fn a_selected_runner_policy_is_read_only_for_a_self_hosted_job() {
    use ghcr_setup_core::workflow::{generate, RawOptions};
    const LIST: &str =
        "/orgs/acme/actions/permissions/self-hosted-runners/repositories?per_page=100";
    let mut script = ready_org("acme/app");
    script.set(
        "GET",
        "/orgs/acme/actions/permissions/self-hosted-runners",
        Canned::json(200, &bodies::runner_policy("selected")),
    );
    script.set(
        "GET",
        LIST,
        Canned::json(200, &bodies::repositories(1, &["acme/app"])),
    );
    // GitHub-hosted: the list says nothing about this workflow.
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(script.count(LIST), 0, "not read for GitHub-hosted runners");

    // Self-hosted: read once, and the row says the repository is on it.
    let mut raw = RawOptions::defaults();
    raw.set("repo", "acme/app");
    raw.set("runner", "self-hosted,linux,x64");
    let workflow = generate(&raw.validate().unwrap());
    script.set_workflow("acme/app", &workflow);
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(script.count(LIST), 1);
    let policy = statuses(&run, 0)
        .into_iter()
        .find(|(id, _, _)| *id == "runner-policy")
        .unwrap();
    assert_eq!(policy.1, Status::Pass, "{}", policy.2);
    assert!(policy.2.contains("acme/app is one of them"), "{}", policy.2);
}

/// The issue-17 case: the only matching runner is online at v2.329.0. It
/// used to pass; GitHub has sent it no jobs since 30 days after v2.330.0.
#[test]
fn the_runners_releases_are_read_once_for_a_self_hosted_job_and_decide_its_row() {
    use ghcr_setup_core::workflow::{generate, RawOptions};
    const RELEASES: &str = "/repos/actions/runner/releases?per_page=30";
    /// 2026-11-26T12:00:00Z.
    const NOW: u64 = 1_795_694_400_000;
    let mut script = ready_org("acme/app");
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(
        script.count(RELEASES),
        0,
        "not read for GitHub-hosted runners"
    );

    let mut raw = RawOptions::defaults();
    raw.set("repo", "acme/app");
    raw.set("runner", "self-hosted,linux,x64");
    script.set_workflow("acme/app", &generate(&raw.validate().unwrap()));
    let runner = |version: &str| {
        Canned::json(
            200,
            &bodies::runners(&[("box-1", "online", version, &["self-hosted", "linux", "x64"])]),
        )
    };
    script.set("GET", "/repos/acme/app/actions/runners", runner("2.329.0"));
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(script.count(RELEASES), 1, "one request");
    let row = |run: &Run| {
        statuses(run, NOW)
            .into_iter()
            .find(|(id, _, _)| *id == "runners")
            .unwrap()
    };
    let (_, status, summary) = row(&run);
    assert_eq!(status, Status::Fail, "{summary}");
    assert!(
        summary.contains("Runner version v2.329.0 is deprecated and cannot receive messages"),
        "{summary}"
    );

    script.set("GET", "/repos/acme/app/actions/runners", runner("2.333.0"));
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    let (_, status, summary) = row(&run);
    assert_eq!(status, Status::Pass, "{summary}");
    assert!(
        summary.contains("box-1 is on the newest release, v2.333.0"),
        "{summary}"
    );
}

#[test]
fn an_image_in_another_organization_is_read_under_orgs() {
    use ghcr_setup_core::workflow::{generate, RawOptions};
    let mut raw = RawOptions::defaults();
    raw.set("repo", "acme/app");
    raw.set("image", "ghcr.io/platform/app");
    let workflow = generate(&raw.validate().unwrap());
    let mut script = ready_org("acme/app");
    script.set_workflow("acme/app", &workflow);
    script.set(
        "GET",
        "/users/platform",
        Canned::json(200, &bodies::organization("platform")),
    );
    script.set(
        "GET",
        "/orgs/platform/packages/container/app",
        Canned::json(200, &bodies::package("app", "private", None)),
    );
    let mut run = run_for("acme/app", identity());
    drive(&mut run, &mut script, 0, LATENCY);
    assert_eq!(
        script.count("/users/platform"),
        1,
        "the account is read once"
    );
    assert_eq!(script.count("/orgs/platform/packages/container/app"), 1);
    assert_eq!(
        script.count("/users/platform/packages/container/app"),
        0,
        "an organization's package is not looked up among users'"
    );
    let items = run.items(0);
    let access = items
        .iter()
        .find(|i| i.meta.id == "package-access")
        .unwrap();
    assert_eq!(
        access.verdict.status,
        Status::Manual,
        "{}",
        access.verdict.summary
    );
    let link = access.verdict.fix.as_ref().and_then(|f| f.link.as_ref());
    assert_eq!(
        link.map(|l| l.href.as_str()),
        Some("https://github.com/orgs/platform/packages/container/app/settings")
    );
}

/// The facts table's `after` lists are what the planner does: no fact is
/// requested while a fact it is declared to be read after is still
/// awaited, and a re-read forgets exactly the facts declared after it.
#[test]
fn no_fact_is_requested_before_what_the_table_says_it_is_read_after() {
    use ghcr_setup_core::check::{FactKind, Slot};
    for (full, script) in [
        ("acme/app", ready_org("acme/app")),
        ("acme/app", {
            let mut s = ready_org("acme/app");
            s.set(
                "GET",
                "/repos/acme/app/actions/permissions",
                Canned::json(200, &bodies::actions(true, "selected", false)),
            );
            s.set(
                "GET",
                "/orgs/acme/actions/permissions",
                Canned::json(200, &bodies::org_actions("all", "selected", false)),
            );
            s
        }),
        (
            "octo/tool",
            Script::new().get("/user", &bodies::user("octo")).get(
                "/repos/octo/tool",
                &bodies::repo("octo/tool", false, false, true),
            ),
        ),
    ] {
        let mut script = script;
        let mut run = run_for(full, identity());
        let mut now = 0;
        let mut waves = 0;
        loop {
            let due = run.due(now);
            if due.is_empty() {
                break;
            }
            waves += 1;
            for (key, slot) in run.facts().slots() {
                if *slot != Slot::Waiting {
                    continue;
                }
                for after in key.kind().read_after() {
                    assert!(
                        !run.facts().kind_pending(*after),
                        "{full}: {key:?} requested while {after:?} is still awaited"
                    );
                }
            }
            now += LATENCY;
            for out in due {
                let answer = script.respond(&out.request);
                run.answered(out.ticket, now, answer);
            }
        }
        assert!(waves >= 2, "{full}: {waves} waves");
        assert!(run.is_idle());
    }
    assert_eq!(
        FactKind::RepoActions.dependents(),
        vec![FactKind::RepoSelectedActions]
    );
    assert!(FactKind::RepoSecrets.dependents().is_empty());
    let after_workflow = FactKind::Workflow.dependents();
    for kind in [
        FactKind::Dockerfile,
        FactKind::WorkflowState,
        FactKind::WorkflowRuns,
        FactKind::Package,
    ] {
        assert!(after_workflow.contains(&kind), "{kind:?}");
    }
}
