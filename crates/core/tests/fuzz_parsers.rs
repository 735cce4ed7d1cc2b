//! Fuzzing of everything the core reads from outside: the workflow
//! analyzer, the share-link decoder, the device flow, GitHub's API answers
//! and a whole checklist run on random answers. No input may panic, hang
//! or take unbounded memory (see `fuzz/harness.rs`). `cargo xtask fuzz`
//! runs each target with 100,000 cases in release mode; `cargo test` runs
//! a few hundred.

use crate::fuzz;

#[test]
fn analyzer() {
    fuzz::analyzer::run();
}

#[test]
fn analyzer_limits() {
    fuzz::analyzer::limits();
}

#[test]
fn env_chains() {
    fuzz::env_chains::run();
}

#[test]
fn share() {
    fuzz::share::run();
}

#[test]
fn share_tokens() {
    fuzz::share::tokens_never_survive();
}

#[test]
fn device_flow() {
    fuzz::device_flow::run();
}

#[test]
fn api_answers() {
    fuzz::api::run();
}

#[test]
fn checklist_run() {
    fuzz::run::run();
}
