//! Writes whose answer was lost: creating the proposal branch, writing the
//! workflow file, opening the pull request and committing to the default
//! branch are never sent again blindly. The fix reads what GitHub holds
//! first and sends the write again only when it was not made — never two
//! pull requests.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOutcome};
use ghcr_setup_core::check::Run;
use ghcr_setup_core::engine::TransportFailure;
use support::fixes::{checked, fresh, offer, proposal_script, ALL, LATENCY};
use support::{bodies, drive, Canned, FaultKind, Script};

const R: &str = "/repos/acme/app";
const OPEN: &str = "/repos/acme/app/pulls?head=acme%3Aghcr-setup%2Fdocker-image&state=open";
const BRANCH_REF: &str = "/repos/acme/app/git/ref/heads/ghcr-setup/docker-image";
const WORKFLOW: &str = "/repos/acme/app/contents/.github/workflows/docker-image.yml";
const ON_BRANCH: &str =
    "/repos/acme/app/contents/.github/workflows/docker-image.yml?ref=ghcr-setup%2Fdocker-image";

fn timeout() -> FaultKind {
    FaultKind::LoseAnswer(TransportFailure::Timeout)
}

/// GitHub's pull request #7 from the proposal branch.
fn pull_7() -> Canned {
    Canned::json(
        200,
        &bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")]),
    )
}

/// `proposal_script()` where GitHub remembers what the proposal writes: the
/// branch once created, the file once written, pull request #7 once opened
/// (and a second one refused, as GitHub refuses it).
fn remembering(yaml: &str) -> Script {
    let mut s = proposal_script();
    s.after(
        "POST",
        &format!("{R}/git/refs"),
        vec![("GET", BRANCH_REF, Canned::json(200, r#"{"ref":"refs/heads/ghcr-setup/docker-image","object":{"sha":"1111111111111111111111111111111111111111","type":"commit"}}"#))],
    );
    s.after(
        "PUT",
        WORKFLOW,
        vec![(
            "GET",
            ON_BRANCH,
            Canned::json(
                200,
                &bodies::file(".github/workflows/docker-image.yml", yaml),
            ),
        )],
    );
    s.after(
        "POST",
        &format!("{R}/pulls"),
        vec![
            ("GET", OPEN, pull_7()),
            (
                "POST",
                &format!("{R}/pulls"),
                Canned::json(
                    422,
                    r#"{"message":"Validation Failed","errors":[{"resource":"PullRequest","code":"custom","message":"A pull request already exists for acme:ghcr-setup/docker-image."}]}"#,
                ),
            ),
        ],
    );
    s
}

/// Runs the proposal on `script` after the checklist, faulted by `fault`
/// (method, path, fault, times) once it starts.
fn propose(script: &mut Script, faults: &[(&str, &str, FaultKind, u32)]) -> (Run, FixOutcome) {
    let mut run = checked(script, "acme/app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    for (method, path, kind, times) in faults {
        script.fault(method, path, kind.clone(), Some(*times));
    }
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, script, 1_000, LATENCY);
    let outcome = run.fix_outcome().cloned().expect("the fix ended");
    (run, outcome)
}

/// The yaml the proposal writes for the fresh repository.
fn proposed_yaml() -> String {
    let mut s = proposal_script();
    checked(&mut s, "acme/app", ALL).proposal().unwrap().0
}

/// Each request of the fix after the checklist, as `METHOD path status`.
fn sent_after(script: &Script, from: usize) -> Vec<String> {
    script.log[from..]
        .iter()
        .map(|l| format!("{} {} {}", l.method, l.path, l.status))
        .collect()
}

/// How many times `method path` was answered `status` (lost answers included).
fn made(script: &Script, method: &str, path: &str, status: u16) -> usize {
    script
        .log
        .iter()
        .filter(|l| l.method == method && l.path == path && l.status == status)
        .count()
}

#[test]
fn a_lost_answer_to_opening_the_pull_request_is_read_again_and_one_pull_request_exists() {
    let mut script = remembering(&proposed_yaml());
    let pulls = format!("{R}/pulls");
    let (_, outcome) = propose(&mut script, &[("POST", &pulls, timeout(), 1)]);
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        outcome.message,
        "Opened pull request #7 in acme/app with the workflow. Nothing changes on the default branch until it is merged; then re-check."
    );
    assert_eq!(
        outcome.link.map(|l| l.href).as_deref(),
        Some("https://github.com/acme/app/pull/7")
    );
    assert_eq!(
        script
            .log
            .iter()
            .filter(|l| l.method == "POST" && l.path == pulls)
            .count(),
        1,
        "the pull request is asked for once"
    );
    assert_eq!(
        made(&script, "POST", &pulls, 201),
        1,
        "one pull request exists"
    );
    // The open pull requests were read after the lost answer.
    let last_post = script
        .log
        .iter()
        .rposition(|l| l.method == "POST" && l.path == pulls)
        .unwrap();
    assert!(
        script.log[last_post..].iter().any(|l| l.path == OPEN),
        "read again before deciding"
    );
}

#[test]
fn a_pull_request_that_was_not_opened_is_asked_for_once_more_after_reading() {
    // A 502 that GitHub sent before doing anything: nothing is open, so the
    // pull request is asked for again — once.
    let mut script = remembering(&proposed_yaml());
    let pulls = format!("{R}/pulls");
    let before = script.log.len();
    let (_, outcome) = propose(
        &mut script,
        &[(
            "POST",
            &pulls,
            FaultKind::Answer(Canned::json(502, r#"{"message":"Server Error"}"#)),
            1,
        )],
    );
    assert!(outcome.ok, "{}", outcome.message);
    let tail: Vec<String> = sent_after(&script, before)
        .into_iter()
        .skip_while(|l| !l.starts_with("POST"))
        .filter(|l| l.contains("/pulls"))
        .collect();
    assert_eq!(
        tail,
        vec![
            format!("POST {pulls} 502"),
            // Still none open (unchanged since the fix's first look).
            format!("GET {OPEN} 304"),
            format!("POST {pulls} 201"),
            // The checklist's re-read after the fix.
            format!("GET {OPEN} 200"),
        ]
    );
    assert_eq!(made(&script, "POST", &pulls, 201), 1);
}

#[test]
fn a_lost_answer_twice_gives_up_without_a_third_request() {
    let mut script = proposal_script();
    let pulls = format!("{R}/pulls");
    let (_, outcome) = propose(
        &mut script,
        &[(
            "POST",
            &pulls,
            FaultKind::Transport(TransportFailure::Unreachable("reset".into())),
            2,
        )],
    );
    assert!(!outcome.ok);
    assert_eq!(
        outcome.message,
        "GitHub's answer was lost twice when asked to open the pull request, and it has not been done; nothing more was sent. Re-check, then try again."
    );
    assert_eq!(
        script
            .log
            .iter()
            .filter(|l| l.method == "POST" && l.path == pulls)
            .count(),
        2
    );
}

#[test]
fn lost_answers_to_creating_the_branch_and_writing_the_file_are_read_again() {
    let yaml = proposed_yaml();
    let mut script = remembering(&yaml);
    let refs = format!("{R}/git/refs");
    let (_, outcome) = propose(
        &mut script,
        &[
            ("POST", &refs, timeout(), 1),
            ("PUT", WORKFLOW, timeout(), 1),
        ],
    );
    assert!(outcome.ok, "{}", outcome.message);
    let writes: Vec<String> = script
        .log
        .iter()
        .filter(|l| l.method != "GET" || l.path == BRANCH_REF || l.path == ON_BRANCH)
        .map(|l| format!("{} {} {}", l.method, l.path, l.status))
        .collect();
    assert_eq!(
        writes,
        vec![
            format!("POST {refs} 201"),
            format!("GET {BRANCH_REF} 200"),
            // The file is read once as the fix goes on (it is not there yet)…
            format!("GET {ON_BRANCH} 404"),
            format!("PUT {WORKFLOW} 201"),
            // …and once after the write's answer was lost: it is the one written.
            format!("GET {ON_BRANCH} 200"),
            format!("POST {R}/pulls 201"),
        ]
    );
}

#[test]
fn a_lost_answer_to_the_direct_commit_is_read_again() {
    let yaml = proposed_yaml();
    let on_main = format!("{WORKFLOW}?ref=main");
    let commit = |script: &mut Script, times: u32| {
        let mut run = checked(script, "acme/app", ALL);
        let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
        script.fault("PUT", WORKFLOW, timeout(), Some(times));
        run.start_fix(&o, FixInput::default(), 1_000).unwrap();
        drive(&mut run, script, 1_000, LATENCY);
        run.fix_outcome().cloned().unwrap()
    };
    // Made: the file on main is the one proposed.
    let mut script = fresh();
    script.set(
        "GET",
        &on_main,
        Canned::json(404, r#"{"message":"Not Found"}"#),
    );
    script.set(
        "PUT",
        WORKFLOW,
        Canned::json(201, r#"{"commit":{"sha":"3333"}}"#),
    );
    script.after(
        "PUT",
        WORKFLOW,
        vec![(
            "GET",
            &on_main,
            Canned::json(
                200,
                &bodies::file(".github/workflows/docker-image.yml", &yaml),
            ),
        )],
    );
    let outcome = commit(&mut script, 1);
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        outcome.message,
        "Committed .github/workflows/docker-image.yml to `main` in acme/app: GitHub's answer was lost, and the file there now is the one proposed. GitHub starts the workflow for that commit, which publishes the image. The checklist reads the repository again."
    );
    assert_eq!(made(&script, "PUT", WORKFLOW, 201), 1, "committed once");
    // Never made (the connection dropped before GitHub had it): written once
    // more after reading, then given up on.
    let mut script = fresh();
    script.set(
        "GET",
        &on_main,
        Canned::json(404, r#"{"message":"Not Found"}"#),
    );
    script.fault(
        "PUT",
        WORKFLOW,
        FaultKind::Transport(TransportFailure::Unreachable("reset".into())),
        Some(2),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert_eq!(
        outcome.message,
        "GitHub's answer was lost twice when asked to commit the workflow to `main`, and it has not been done; nothing more was sent. Re-check, then try again."
    );
    assert_eq!(
        script.log.iter().filter(|l| l.method == "PUT").count(),
        2,
        "sent, read, sent once more"
    );
    assert_eq!(
        script.count(&on_main),
        3,
        "read before, and after each loss"
    );
}
