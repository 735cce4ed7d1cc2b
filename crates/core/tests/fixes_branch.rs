//! The proposal never reuses a branch that holds commits it did not make:
//! an existing `ghcr-setup/docker-image` is compared with the default
//! branch, reused only when every commit beyond it is the proposal's own
//! (its message, the workflow file alone), and otherwise left alone for
//! `-2` … `-5`.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOutcome};
use serde_json::Value;
use support::fixes::{checked, offer, proposal_script, ALL, LATENCY};
use support::{drive, Canned, FaultKind, Script};

const R: &str = "/repos/acme/app";
const BRANCH: &str = "ghcr-setup/docker-image";
const OURS: &str = "Add the workflow that publishes the image to ghcr.io";

fn compare_path(branch: &str) -> String {
    format!("{R}/compare/main...{branch}")
}

/// A comparison whose extra commits have `messages` and changed `files`.
fn comparison(messages: &[&str], files: &[&str]) -> Canned {
    let commits: Vec<Value> = messages
        .iter()
        .enumerate()
        .map(|(i, m)| serde_json::json!({ "sha": format!("{i:040}"), "commit": { "message": m } }))
        .collect();
    let files: Vec<Value> = files
        .iter()
        .map(|f| serde_json::json!({ "filename": f, "status": "added" }))
        .collect();
    Canned::json(
        200,
        &serde_json::json!({
            "status": "ahead", "ahead_by": commits.len(), "behind_by": 0,
            "total_commits": commits.len(), "commits": commits, "files": files,
        })
        .to_string(),
    )
}

/// `proposal_script()` where `POST …/git/refs` is refused 422 ("Reference
/// already exists") `existing` times: the first `existing` names are taken.
fn taken(existing: u32) -> Script {
    let mut s = proposal_script();
    if existing > 0 {
        s.fault(
            "POST",
            &format!("{R}/git/refs"),
            FaultKind::Answer(Canned::json(
                422,
                r#"{"message":"Reference already exists"}"#,
            )),
            Some(existing),
        );
    }
    s
}

fn propose(script: &mut Script) -> FixOutcome {
    let mut run = checked(script, "acme/app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, script, 1_000, LATENCY);
    run.fix_outcome().cloned().expect("the fix ended")
}

/// The writes sent, with the branch each names.
fn writes(script: &Script) -> Vec<String> {
    script
        .log
        .iter()
        .filter(|l| l.method != "GET")
        .map(|l| {
            let branch = l.body["ref"]
                .as_str()
                .or(l.body["branch"].as_str())
                .or(l.body["head"].as_str())
                .unwrap_or_default();
            format!("{} {} {} {branch}", l.method, l.path, l.status)
        })
        .collect()
}

#[test]
fn a_branch_with_someone_elses_commit_is_left_alone_for_the_next_name() {
    let mut script = taken(1);
    script.set(
        "GET",
        &compare_path(BRANCH),
        comparison(&["WIP: try a different base image"], &["Dockerfile"]),
    );
    let outcome = propose(&mut script);
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        outcome.message,
        "Opened pull request #7 in acme/app with the workflow. Nothing changes on the default branch until it is merged; then re-check. `ghcr-setup/docker-image` holds commits this tool did not make, so it was left alone and the proposal is on `ghcr-setup/docker-image-2`."
    );
    assert_eq!(
        writes(&script),
        vec![
            format!("POST {R}/git/refs 422 refs/heads/{BRANCH}"),
            format!("POST {R}/git/refs 201 refs/heads/{BRANCH}-2"),
            format!("PUT {R}/contents/.github/workflows/docker-image.yml 201 {BRANCH}-2"),
            format!("POST {R}/pulls 201 {BRANCH}-2"),
        ]
    );
    assert_eq!(script.count(&compare_path(BRANCH)), 1);
}

#[test]
fn a_branch_holding_only_the_proposals_own_commits_is_reused() {
    let mut script = taken(1);
    script.set(
        "GET",
        &compare_path(BRANCH),
        comparison(&[OURS, OURS], &[".github/workflows/docker-image.yml"]),
    );
    let outcome = propose(&mut script);
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        writes(&script),
        vec![
            format!("POST {R}/git/refs 422 refs/heads/{BRANCH}"),
            format!("PUT {R}/contents/.github/workflows/docker-image.yml 201 {BRANCH}"),
            format!("POST {R}/pulls 201 {BRANCH}"),
        ]
    );
}

#[test]
fn the_proposals_message_on_another_file_is_not_the_proposals_commit() {
    // Same message, but another file changed too: someone else's work.
    let mut script = taken(1);
    script.set(
        "GET",
        &compare_path(BRANCH),
        comparison(
            &[OURS],
            &[".github/workflows/docker-image.yml", "src/main.rs"],
        ),
    );
    let outcome = propose(&mut script);
    assert!(outcome.ok, "{}", outcome.message);
    assert!(
        writes(&script).contains(&format!("POST {R}/pulls 201 {BRANCH}-2")),
        "{:#?}",
        writes(&script)
    );
}

#[test]
fn when_every_name_holds_foreign_commits_nothing_is_written() {
    let mut script = taken(5);
    script.set(
        "GET",
        &compare_path(BRANCH),
        comparison(&["Someone's work"], &["README.md"]),
    );
    for n in 2..=5 {
        script.set(
            "GET",
            &compare_path(&format!("{BRANCH}-{n}")),
            comparison(&["Someone's work"], &["README.md"]),
        );
    }
    let outcome = propose(&mut script);
    assert!(!outcome.ok);
    assert_eq!(
        outcome.message,
        "The branches `ghcr-setup/docker-image` and `ghcr-setup/docker-image-2` to `ghcr-setup/docker-image-5` all hold commits this tool did not make, so none of them was reused and nothing was written. Delete the ones no longer needed, then propose again."
    );
    let w = writes(&script);
    assert_eq!(w.len(), 5, "five branch names tried, nothing else: {w:#?}");
    assert!(w
        .iter()
        .all(|l| l.starts_with(&format!("POST {R}/git/refs 422"))));
}

#[test]
fn a_second_proposal_finds_its_pull_request_on_the_suffixed_branch_without_writing() {
    // `ghcr-setup/docker-image` holds someone else's work; `-2` holds only
    // the proposal's commit and pull request #9 is open from it.
    let mut script = taken(2);
    script.set(
        "GET",
        &compare_path(BRANCH),
        comparison(&["Someone's work"], &["README.md"]),
    );
    script.set(
        "GET",
        &compare_path(&format!("{BRANCH}-2")),
        comparison(&[OURS], &[".github/workflows/docker-image.yml"]),
    );
    script.set(
        "GET",
        &format!("{R}/pulls?head=acme%3Aghcr-setup%2Fdocker-image-2&state=open"),
        Canned::json(
            200,
            &support::bodies::pulls(&[(9, "https://github.com/acme/app/pull/9")]),
        ),
    );
    let outcome = propose(&mut script);
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        outcome.message,
        "A pull request from `ghcr-setup/docker-image-2` is already open in acme/app (#9); it was not opened twice. `ghcr-setup/docker-image` holds commits this tool did not make, so it was left alone and the proposal is on `ghcr-setup/docker-image-2`."
    );
    assert_eq!(
        writes(&script),
        vec![
            format!("POST {R}/git/refs 422 refs/heads/{BRANCH}"),
            format!("POST {R}/git/refs 422 refs/heads/{BRANCH}-2"),
        ],
        "nothing written: the pull request is linked"
    );
}
