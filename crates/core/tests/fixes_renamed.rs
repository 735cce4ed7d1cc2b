//! A repository renamed or transferred since it was typed: GitHub answers
//! `GET /repos/{old}` (through its redirect) with the new `full_name`.
//! Everything read after it, and every write, goes to the new name; the
//! offer says so and the confirmation names it.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind};
use support::fixes::{checked, fresh, offer, org_selected, proposal_script, ALL, LATENCY};
use support::{drive, Canned, Script};

/// Every write after `from`, as `METHOD path`.
fn writes(script: &Script, from: usize) -> Vec<String> {
    script.log[from..]
        .iter()
        .filter(|l| l.method != "GET")
        .map(|l| format!("{} {}", l.method, l.path))
        .collect()
}

/// The paths read under the old name (only the first round's, sent before
/// the repository answered).
fn read_under(script: &Script, old: &str) -> Vec<String> {
    let prefix = format!("/repos/{old}");
    let mut paths: Vec<String> = script
        .log
        .iter()
        .filter(|l| l.path.starts_with(&prefix))
        .map(|l| l.path.clone())
        .collect();
    paths.dedup();
    paths
}

#[test]
fn after_a_rename_the_fix_writes_to_the_new_name_and_says_so() {
    let mut script = fresh();
    script.moved("acme/old-app", "acme/app");
    script.set(
        "PUT",
        "/repos/acme/app/actions/permissions/workflow",
        Canned::json(204, ""),
    );
    let mut run = checked(&mut script, "acme/old-app", ALL);
    assert_eq!(
        read_under(&script, "acme/old-app"),
        vec![
            "/repos/acme/old-app",
            "/repos/acme/old-app/contents/.github/workflows",
            "/repos/acme/old-app/contents/.github/workflows/docker-image.yml",
        ],
        "only what is read together with the repository goes to the old name"
    );
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    assert_eq!(
        o.confirm,
        "The default permissions of GITHUB_TOKEN in acme/app change from read and write to read (Settings → Actions → General → Workflow permissions). Workflows that declare their own `permissions:` keep them; those that declare none can then only read. GitHub now names acme/old-app acme/app (renamed or transferred): the change is made there."
    );
    let from = script.log.len();
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert_eq!(
        outcome.message,
        "The default permissions of GITHUB_TOKEN in acme/app are now read."
    );
    assert_eq!(
        writes(&script, from),
        vec!["PUT /repos/acme/app/actions/permissions/workflow"]
    );
}

#[test]
fn after_a_rename_the_pull_request_is_proposed_in_the_new_name() {
    let mut script = proposal_script();
    script.moved("acme/old-app", "acme/app");
    let mut run = checked(&mut script, "acme/old-app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    assert!(o.confirm.contains("in acme/app with"), "{}", o.confirm);
    let from = script.log.len();
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        outcome.message,
        "Opened pull request #7 in acme/app with the workflow. Nothing changes on the default branch until it is merged; then re-check."
    );
    assert_eq!(
        writes(&script, from),
        vec![
            "POST /repos/acme/app/git/refs",
            "PUT /repos/acme/app/contents/.github/workflows/docker-image.yml",
            "POST /repos/acme/app/pulls",
        ]
    );
    assert!(
        script.log[from..]
            .iter()
            .all(|l| !l.path.starts_with("/repos/acme/old-app")),
        "nothing of the fix goes to the old name"
    );
}

#[test]
fn after_a_transfer_the_new_owners_policy_is_read_and_changed() {
    // octo/app moved to the organization acme: its policy is acme's.
    let mut script = org_selected();
    script.moved("octo/app", "acme/app");
    script.set(
        "PUT",
        "/orgs/acme/actions/permissions/selected-actions",
        Canned::json(204, ""),
    );
    let mut run = checked(&mut script, "octo/app", ALL);
    assert!(
        script.log.iter().all(|l| !l.path.starts_with("/orgs/octo")
            && !l.path.starts_with("/user/memberships/orgs/octo")),
        "the old owner is never asked about"
    );
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { org: true, .. })
    });
    assert!(
        o.confirm.ends_with(
            "GitHub now names octo/app acme/app (renamed or transferred): the change is made there."
        ),
        "{}",
        o.confirm
    );
    let from = script.log.len();
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(outcome.ok, "{}", outcome.message);
    assert!(
        outcome.message.starts_with("acme now allows"),
        "{}",
        outcome.message
    );
    assert_eq!(
        writes(&script, from),
        vec!["PUT /orgs/acme/actions/permissions/selected-actions"]
    );
}
