//! Fuzz target `scenario`: the scenario loader `Scenario::from_json` on
//! arbitrary text, arbitrary JSON, and the demo scenario damaged byte by
//! byte or value by value (values replaced, removed, duplicated, wrapped,
//! keys renamed to other keys the file uses).
//!
//! It must answer every input with a scenario or an error that says what
//! is wrong, within the hang limit and a memory ceiling; a scenario it
//! accepts must keep its promises (every repository has its default
//! branch) and load again after being written back out.
//!
//! `cargo xtask fuzz` runs it with 100,000 cases in release mode; `cargo
//! test` runs a few hundred. The harness and the mutations are the core's
//! fuzz modules, shared by path.

#[path = "../../core/tests/fuzz/harness.rs"]
mod harness;
#[path = "../../core/tests/fuzz/mutate.rs"]
mod mutate;

use fake_github::scenario::{Scenario, DEMO_JSON};
use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::Value;

use harness::{sized, Target, MIB};
use mutate::{json_value, mutated_bytes, mutated_json, JsonEdit, JSON_WORDS};

const DEFAULT_CASES: u32 = 1_000;

/// The demo is 48 KiB of JSON; reading a damaged copy of it takes a few
/// MiB at most. 64 MiB is far above.
const MEMORY_CEILING: usize = 64 * MIB;

/// Edits of the demo that keep it plausible: a value replaced by another
/// of the same type from elsewhere in the file, removed, or duplicated in
/// its list — so that many damaged copies still parse and reach the
/// loader's consistency checks.
fn plausible_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        4 => (any::<Index>(), any::<Index>()).prop_map(|(at, from)| JsonEdit::Swap(at, from)),
        1 => any::<Index>().prop_map(JsonEdit::Remove),
        1 => any::<Index>().prop_map(JsonEdit::Duplicate),
    ]
}

fn input() -> impl Strategy<Value = (&'static str, String)> {
    let demo: Value = serde_json::from_str(DEMO_JSON).unwrap_or(Value::Null);
    let plausible = proptest::collection::vec(plausible_edit(), 1..4);
    let demo_for_plausible = demo.clone();
    prop_oneof![
        2 => any::<String>().prop_map(|s| ("text", s)),
        2 => json_value().prop_map(|v| ("json", v.to_string())),
        3 => mutated_bytes(vec![DEMO_JSON.as_bytes().to_vec()], JSON_WORDS, 6)
            .prop_map(|b| ("byte-edited demo", String::from_utf8_lossy(&b).into_owned())),
        3 => mutated_json(vec![demo], 6).prop_map(|t| ("value-edited demo", t)),
        6 => plausible.prop_map(move |edits| {
            ("plausibly edited demo", mutate::apply_json(&demo_for_plausible, &edits).to_string())
        }),
    ]
}

fn check(text: &str) -> Result<&'static str, TestCaseError> {
    match Scenario::from_json(text) {
        Ok(scenario) => {
            prop_assert!(
                !scenario.users.is_empty(),
                "a scenario without users was accepted"
            );
            for repo in &scenario.repos {
                prop_assert!(
                    repo.branches.contains_key(&repo.default_branch),
                    "{} lacks its default branch",
                    repo.full_name()
                );
            }
            let written = serde_json::to_string(&scenario).map_err(|e| {
                TestCaseError::fail(format!("an accepted scenario cannot be written: {e}"))
            })?;
            if let Err(e) = Scenario::from_json(&written) {
                return Err(TestCaseError::fail(format!(
                    "an accepted scenario does not load again: {e}"
                )));
            }
            Ok("accepted")
        }
        Err(e) => {
            prop_assert!(!e.to_string().is_empty());
            Ok(match e {
                fake_github::ScenarioError::Parse(_) => "refused: not the format",
                fake_github::ScenarioError::Invalid(_) => "refused: inconsistent",
                fake_github::ScenarioError::Read(..) => "refused: read",
            })
        }
    }
}

#[test]
fn scenario() {
    let target = Target::new("scenario");
    target.run(DEFAULT_CASES, input(), |(how, text)| {
        let (result, cost) = target.case(sized(how, text.len()), || text.clone(), || check(&text));
        prop_assert!(
            cost.peak_bytes <= MEMORY_CEILING,
            "{} MiB",
            cost.peak_bytes / MIB
        );
        target.tally(result?);
        Ok(())
    });
}

#[test]
fn the_demo_loads_and_round_trips() {
    assert_eq!(check(DEMO_JSON).ok(), Some("accepted"));
}
