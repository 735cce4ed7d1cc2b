//! Version findings against a pin set: one finding per line, and no fix ever
//! proposes a release older than the one in use.

use ghcr_setup_core::actions::{Action, Pin, Pins};
use ghcr_setup_core::analyze::{analyze, analyze_with, Finding, Severity};

const TABLE_CACHE_SHA: &str = "27d5ce7f107fe9357f9df03efb73ab90386fccae";
const TABLE_LOGIN_SHA: &str = "4907a6ddec9925e35a0a9e82d7399ccc52663121";
const LIVE_LOGIN_SHA: &str = "4646464646464646464646464646464646464646";

/// A workflow whose only step is `uses: <uses>`.
fn one_step(uses: &str) -> String {
    format!(
        "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {uses}\n"
    )
}

/// The version findings (outdated or unpinned) about the step's `uses:` line.
fn on_line_8(found: &[Finding]) -> Vec<(&'static str, Severity)> {
    found
        .iter()
        .filter(|f| f.line == 8 && matches!(f.rule, "outdated-action" | "unpinned-action"))
        .map(|f| (f.rule, f.severity))
        .collect()
}

fn fix_of(found: &[Finding], rule: &str) -> String {
    found
        .iter()
        .find(|f| f.rule == rule)
        .map(|f| f.fix.clone())
        .unwrap_or_else(|| panic!("no {rule} finding in {found:?}"))
}

fn run(yaml: &str) -> Vec<Finding> {
    analyze(yaml).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_newer_major_is_info_and_never_offered_the_older_sha() {
    let found = run(&one_step("actions/cache@v6"));
    assert_eq!(
        on_line_8(&found),
        [
            ("outdated-action", Severity::Info),
            ("unpinned-action", Severity::Warning)
        ]
    );
    for f in &found {
        assert!(!f.fix.contains(TABLE_CACHE_SHA), "{f:?}");
        assert!(!f.fix.contains("v5.0.5"), "{f:?}");
    }
    assert!(
        fix_of(&found, "unpinned-action").contains("actions/cache@<commit SHA> # v6"),
        "{found:?}"
    );
}

#[test]
fn a_newer_major_pinned_by_sha_is_only_noted() {
    let yaml = one_step("actions/cache@6161616161616161616161616161616161616161 # v6.1.0");
    assert_eq!(
        on_line_8(&run(&yaml)),
        [("outdated-action", Severity::Info)]
    );
}

#[test]
fn a_newer_minor_than_the_table_is_pinned_to_its_own_commit() {
    let found = run(&one_step("docker/login-action@v4.6.0"));
    assert_eq!(on_line_8(&found), [("unpinned-action", Severity::Warning)]);
    let fix = fix_of(&found, "unpinned-action");
    assert!(!fix.contains(TABLE_LOGIN_SHA), "{fix}");
    assert!(
        fix.contains("docker/login-action@<commit SHA> # v4.6.0"),
        "{fix}"
    );
}

#[test]
fn the_same_or_an_older_release_of_the_newest_major_gets_the_table_pin() {
    for tag in ["v4", "v4.0.0", "v4.1.0"] {
        let found = run(&one_step(&format!("docker/login-action@{tag}")));
        assert_eq!(
            on_line_8(&found),
            [("unpinned-action", Severity::Warning)],
            "{tag}"
        );
        assert_eq!(
            fix_of(&found, "unpinned-action"),
            format!("Use `uses: docker/login-action@{TABLE_LOGIN_SHA} # v4.1.0`.")
        );
    }
}

#[test]
fn an_old_major_gets_one_finding_with_the_newest_pin() {
    let found = run(&one_step("docker/login-action@v2"));
    assert_eq!(on_line_8(&found), [("outdated-action", Severity::Warning)]);
    assert_eq!(
        fix_of(&found, "outdated-action"),
        format!("Use `uses: docker/login-action@{TABLE_LOGIN_SHA} # v4.1.0`.")
    );
}

#[test]
fn a_deliberate_tag_on_an_old_major_is_offered_the_new_major_tag_too() {
    let found = run(&one_step(
        "docker/login-action@v3 # zizmor: ignore[unpinned-uses]",
    ));
    assert_eq!(on_line_8(&found), [("outdated-action", Severity::Warning)]);
    assert_eq!(
        fix_of(&found, "outdated-action"),
        format!("Use `uses: docker/login-action@v4`, or pin its newest release: `uses: docker/login-action@{TABLE_LOGIN_SHA} # v4.1.0`.")
    );
}

#[test]
fn branches_and_unknown_actions_get_a_general_pin_fix() {
    let found = run(&one_step("docker/login-action@master"));
    assert_eq!(on_line_8(&found), [("unpinned-action", Severity::Warning)]);
    assert!(fix_of(&found, "unpinned-action").contains("# <tag>"));
    let found = run(&one_step("someone/tool@v1.2.3"));
    assert!(fix_of(&found, "unpinned-action").contains("someone/tool@<commit SHA> # v1.2.3"));
}

fn live_pins() -> Pins {
    let mut pins = Pins::builtin();
    let live = Pin::live(Action::Login, "v4.6.0", LIVE_LOGIN_SHA, 1_796_083_200_000);
    pins.set(live.unwrap_or_else(|e| panic!("{e}")));
    pins
}

#[test]
fn live_pins_are_what_the_analyzer_compares_and_proposes() {
    let pins = live_pins();
    let tag = one_step("docker/login-action@v4");
    let found = analyze_with(&tag, &pins).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        fix_of(&found, "unpinned-action"),
        format!("Use `uses: docker/login-action@{LIVE_LOGIN_SHA} # v4.6.0`.")
    );
    let old = one_step("docker/login-action@v3");
    let found = analyze_with(&old, &pins).unwrap_or_else(|e| panic!("{e}"));
    let outdated = found
        .iter()
        .find(|f| f.rule == "outdated-action")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert_eq!(
        outdated.message,
        "`docker/login-action` is on major version 3; the newest is v4.6.0 (read from GitHub on 2026-12-01)."
    );
    let table_pin = one_step(&format!("docker/login-action@{TABLE_LOGIN_SHA} # v4.1.0"));
    let found = analyze_with(&table_pin, &pins).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(on_line_8(&found), []);
}

#[test]
fn reusable_workflows_are_checked_for_pins_like_steps() {
    let yaml = "on: push\npermissions: {}\njobs:\n  call:\n    uses: acme/ci/.github/workflows/docker.yml@main\n";
    let found = run(yaml);
    assert_eq!(
        found
            .iter()
            .map(|f| (f.line, f.rule, f.severity))
            .collect::<Vec<_>>(),
        [(5, "unpinned-action", Severity::Warning)]
    );
    assert!(found[0].message.starts_with(
        "`acme/ci/.github/workflows/docker.yml@main` is pinned by branch or tag name"
    ));
    assert!(found[0].fix.starts_with("Pin the reusable workflow"));
}

/// Every `uses:` value a fix proposes (the text between "`uses: " and the next backtick).
fn proposed_uses(found: &[Finding]) -> Vec<String> {
    found
        .iter()
        .flat_map(|f| f.fix.split("`uses: ").skip(1))
        .filter_map(|rest| rest.split('`').next())
        .map(str::to_string)
        .collect()
}

#[test]
fn an_action_inside_a_repository_keeps_its_sub_path_in_every_fix() {
    let yaml = "on: push\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/cache/restore@v4\n      - uses: actions/cache/save@v5\n      - uses: actions/cache/restore@v4 # zizmor: ignore[unpinned-uses]\n      - uses: github/codeql-action/init@v3\n";
    let found = run(yaml);
    let fixes: Vec<(usize, &str, &str)> = found
        .iter()
        .filter(|f| matches!(f.rule, "outdated-action" | "unpinned-action"))
        .map(|f| (f.line, f.rule, f.fix.as_str()))
        .collect();
    assert_eq!(
        fixes,
        [
            (
                8,
                "outdated-action",
                &*format!("Use `uses: actions/cache/restore@{TABLE_CACHE_SHA} # v5.0.5`.")
            ),
            (
                9,
                "unpinned-action",
                &*format!("Use `uses: actions/cache/save@{TABLE_CACHE_SHA} # v5.0.5`.")
            ),
            (
                10,
                "outdated-action",
                &*format!("Use `uses: actions/cache/restore@v5`, or pin its newest release: `uses: actions/cache/restore@{TABLE_CACHE_SHA} # v5.0.5`.")
            ),
            (
                11,
                "unpinned-action",
                "Pin the action to the full commit SHA that `v3` points to, keeping the tag in a comment: `uses: github/codeql-action/init@<commit SHA> # v3`."
            ),
        ],
        "{found:#?}"
    );
    let outdated = found
        .iter()
        .find(|f| f.rule == "outdated-action")
        .unwrap_or_else(|| panic!("{found:?}"));
    assert!(
        outdated
            .message
            .starts_with("`actions/cache/restore` is on major version 4;"),
        "{}",
        outdated.message
    );
    // No fix ever names the repository's root action for a step that uses one inside it.
    let proposed = proposed_uses(&found);
    assert_eq!(proposed.len(), 5, "{proposed:?}");
    for uses in proposed {
        assert!(
            uses.starts_with("actions/cache/restore@")
                || uses.starts_with("actions/cache/save@")
                || uses.starts_with("github/codeql-action/init@"),
            "{uses}"
        );
    }
}

#[test]
fn a_live_pin_keeps_the_sub_path_too() {
    let mut pins = Pins::builtin();
    let live = Pin::live(Action::Cache, "v5.1.0", LIVE_LOGIN_SHA, 1_796_083_200_000);
    pins.set(live.unwrap_or_else(|e| panic!("{e}")));
    let found = analyze_with(&one_step("actions/cache/restore@v5"), &pins)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        fix_of(&found, "unpinned-action"),
        format!("Use `uses: actions/cache/restore@{LIVE_LOGIN_SHA} # v5.1.0`.")
    );
}
