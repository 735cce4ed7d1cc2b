//! `Run::view`: one look at a run, with every sentence the shells show about
//! the run as a whole, and `Run::snapshot` for share links.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind};
use ghcr_setup_core::check::{CheckView, Status, Target, Unreachable, CHECKS};
use ghcr_setup_core::engine::{Program, TransportFailure};
use ghcr_setup_core::names::{ImageName, RepoSlug};
use ghcr_setup_core::share::private_names;
use support::fixes::{checked, offer, ALL, LATENCY};
use support::{bodies, drive, ready_org, Canned, FaultKind};

#[test]
fn the_view_holds_the_same_verdicts_and_offers_as_the_run() {
    let mut script = ready_org("acme/app");
    script.set(
        "GET",
        "/repos/acme/app/actions/permissions/workflow",
        Canned::json(200, &bodies::workflow_permissions("write")),
    );
    let run = checked(&mut script, "acme/app", ALL);
    let view = run.view(0);
    assert_eq!(view.items, run.items(0));
    assert_eq!(view.items.len(), CHECKS.len());
    assert_eq!(view.offers, run.offers(0));
    assert!(
        view.offers
            .iter()
            .any(|o| o.check == "workflow-permissions"),
        "{:#?}",
        view.offers
    );
    let total: usize = view.counts.iter().map(|(_, n)| n).sum();
    assert_eq!(total, CHECKS.len());
    assert!(view.counts.iter().all(|(_, n)| *n > 0), "{:?}", view.counts);
    assert_eq!(
        view.count(Status::Warn),
        view.items
            .iter()
            .filter(|i| i.verdict.status == Status::Warn)
            .count()
    );
    assert_eq!(view.finished_ms, run.finished_ms());
    assert!(view.unreachable.is_none());
    assert_eq!(view.image.as_deref(), Some("ghcr.io/acme/app"));
    assert!(!view.image_given);
}

#[test]
fn the_announcement_says_checking_until_every_item_is_in_then_the_counts() {
    let target = Target::repo(RepoSlug::parse("acme/app").unwrap());
    let before = CheckView::before(&target);
    assert_eq!(before.count(Status::Pending), CHECKS.len());
    assert_eq!(
        before.announcement(),
        format!("Checking {} items…", CHECKS.len())
    );
    assert!(before.offers.is_empty() && before.finished_ms.is_none());

    let mut script = ready_org("acme/app");
    let run = checked(&mut script, "acme/app", ALL);
    let view = run.view(0);
    assert_eq!(view.count(Status::Pending), 0);
    let said = view.announcement();
    assert!(said.starts_with("Check complete: "), "{said}");
    for (status, n) in &view.counts {
        assert!(said.contains(&status.count(*n)), "{said} lacks {status:?}");
    }
}

#[test]
fn an_image_given_is_shown_and_marked_given() {
    let target = Target {
        repo: RepoSlug::parse("acme/app").unwrap(),
        image: Some(ImageName::parse("ghcr.io/acme/other").unwrap()),
    };
    let view = CheckView::before(&target);
    assert_eq!(view.image.as_deref(), Some("ghcr.io/acme/other"));
    assert!(view.image_given);
}

#[test]
fn the_fix_announcement_names_the_change_under_way_then_how_it_went() {
    let mut script = ready_org("acme/app");
    let r = "/repos/acme/app/actions/permissions/workflow";
    script.set(
        "GET",
        r,
        Canned::json(200, &bodies::workflow_permissions("write")),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(run.view(0).fix_announcement(), "");
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    script.set("PUT", r, Canned::json(204, ""));
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    let running = run.view(1_000);
    assert_eq!(running.running, Some("workflow-permissions"));
    let title = CHECKS
        .iter()
        .map(|c| c.meta())
        .find(|m| m.id == "workflow-permissions")
        .unwrap()
        .title;
    assert_eq!(
        running.fix_announcement(),
        format!("{title}: changing it on GitHub…")
    );
    script.set(
        "GET",
        r,
        Canned::json(200, &bodies::workflow_permissions("read")),
    );
    drive(&mut run, &mut script, 1_000, LATENCY);
    let done = run.view(10_000);
    assert_eq!(done.running, None);
    let outcome = done.outcome.clone().expect("the fix ended");
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(done.fix_announcement(), outcome.message.replace('`', ""));
    assert!(!done.fix_announcement().is_empty());
}

#[test]
fn github_is_unreachable_only_when_neither_the_user_nor_the_repository_answered() {
    let mut script = ready_org("acme/app");
    let refused =
        || FaultKind::Transport(TransportFailure::Unreachable("connection refused".into()));
    script.fault("GET", "/user", refused(), None);
    script.fault("GET", "/repos/acme/app", refused(), None);
    let run = checked(&mut script, "acme/app", ALL);
    let cut_off = run.view(0).unreachable.expect("nothing answered");
    assert_eq!(cut_off, Unreachable::Network("connection refused".into()));
    assert_eq!(
        cut_off.sentence("https://api.github.com", 30, "--api-base"),
        "could not reach the GitHub API at https://api.github.com (connection refused). \
         Check --api-base and your network connection; nothing was checked."
    );
    assert_eq!(
        Unreachable::Timeout.sentence("https://ghe.example.com/api/v3", 30, "the API address"),
        "could not reach the GitHub API at https://ghe.example.com/api/v3 (no answer within 30 seconds). \
         Check the API address and your network connection; nothing was checked."
    );

    // The repository answered (even with an error): GitHub was reached.
    let mut script = ready_org("acme/app");
    script.fault("GET", "/user", refused(), None);
    script.set(
        "GET",
        "/repos/acme/app",
        Canned::json(500, r#"{"message":"boom"}"#),
    );
    let run = checked(&mut script, "acme/app", ALL);
    assert_eq!(run.view(0).unreachable, None);
}

#[test]
fn the_snapshot_waits_for_the_run_to_finish_and_can_leave_names_out() {
    let mut script = ready_org("acme/app");
    let mut run = checked(&mut script, "acme/app", ALL);
    let at = run.finished_ms().unwrap();
    let shown = run.snapshot(false).expect("finished");
    let hidden = run.snapshot(true).expect("finished");
    assert_eq!(shown.items.len(), CHECKS.len());
    assert_eq!(shown.at, at);
    assert_eq!(shown.repo, "acme/app");
    assert_eq!(shown.items.len(), hidden.items.len());
    let hidden_json = String::from_utf8(hidden.to_json()).unwrap();
    for name in private_names(run.facts()) {
        assert!(!hidden_json.contains(&name), "{name} left in {hidden_json}");
    }
    run.recheck(at + 1);
    assert!(
        run.snapshot(false).is_none(),
        "a re-check in progress has no snapshot"
    );
    assert!(!run.is_idle());
}

/// A repository with no publishing workflow and an open proposal whose
/// `html_url` is `url`.
fn open_proposal_at(url: &str) -> ghcr_setup_core::check::Run {
    let mut script = ready_org("acme/app");
    script.set(
        "GET",
        "/repos/acme/app/contents/.github/workflows",
        Canned::json(200, &bodies::dir(&[])),
    );
    script.set(
        "GET",
        "/repos/acme/app/contents/.github/workflows/docker-image.yml",
        Canned::json(404, r#"{"message":"Not Found"}"#),
    );
    script.set(
        "GET",
        &bodies::proposal_pulls_path("acme/app"),
        Canned::json(200, &bodies::pulls(&[(7, url)])),
    );
    checked(&mut script, "acme/app", ALL)
}

#[test]
fn a_link_from_an_answer_is_shown_only_on_githubs_web_host() {
    let fine = open_proposal_at("https://github.com/acme/app/pull/7");
    let row = fine.view(0).item("workflow-file").cloned().unwrap();
    assert_eq!(row.verdict.status, Status::Fail, "{:?}", row.verdict);
    let link = row
        .verdict
        .fix
        .and_then(|f| f.link)
        .expect("the proposal's link");
    assert_eq!(link.href, "https://github.com/acme/app/pull/7");

    for bad in [
        "javascript:alert(1)",
        "http://github.com/acme/app/pull/7",
        "https://github.com.evil.example/acme/app/pull/7",
        "https://evil@github.com/acme/app/pull/7",
        "https://github.com/acme/app/pull/7\u{1b}[2J",
    ] {
        let run = open_proposal_at(bad);
        for items in [run.view(0).items, run.items(0)] {
            let row = items.iter().find(|i| i.meta.id == "workflow-file").unwrap();
            let fix = row.verdict.fix.as_ref().expect("the fix's text stays");
            assert!(fix.link.is_none(), "{bad:?} kept as {:?}", fix.link);
            assert!(!fix.text.is_empty());
        }
        assert!(!run.link_is_safe(bad), "{bad:?}");
    }
    assert!(fine.link_is_safe("https://docs.github.com/en/packages"));
}

#[test]
fn the_view_says_until_when_the_run_waits_for_github() {
    use ghcr_setup_core::api::{EtagCache, RetryPolicy};
    use ghcr_setup_core::check::Run;
    use ghcr_setup_core::engine::Scheduler;
    use ghcr_setup_core::token::Secret;

    let mut script = ready_org("acme/app");
    script.fault(
        "GET",
        "/repos/acme/app",
        FaultKind::Answer(
            Canned::json(
                403,
                r#"{"message":"You have exceeded a secondary rate limit."}"#,
            )
            .header("Retry-After", "60"),
        ),
        Some(1),
    );
    let target = Target::repo(RepoSlug::parse("acme/app").unwrap());
    let sched = Scheduler::new(
        support::BASE,
        Some(Secret::new("ghp_admin")),
        EtagCache::new(),
    )
    .with_policy(RetryPolicy::default());
    let mut run = Run::with_scheduler(target, support::fixes::identity("repo"), sched, 0);
    // Send and answer everything due at 0 ms (answers at 50 ms).
    for out in run.due(0) {
        let answer = script.respond(&out.request);
        run.answered(out.ticket, 50, answer);
    }
    let view = run.view(50);
    assert_eq!(view.paused_until_ms, Some(60_050));
    let clock = |ms: u64| format!("{}s", ms / 1000);
    assert_eq!(
        view.pause_sentence(clock).as_deref(),
        Some("Waiting for GitHub until 60s (it asked us to slow down)")
    );
    assert_eq!(run.view(60_050).paused_until_ms, None, "over at its end");
    assert_eq!(CheckView::before(run.target()).pause_sentence(clock), None);
}
