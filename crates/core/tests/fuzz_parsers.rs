//! Fuzzing of everything the core reads from outside: the workflow
//! analyzer, the share-link decoder, the device flow, GitHub's API answers
//! and a whole checklist run on random answers. No input may panic, hang
//! or take unbounded memory. `cargo xtask fuzz` runs each target with
//! 100,000 cases in release mode; `cargo test` runs a few hundred.

mod fuzz;
mod support;

#[test]
fn analyzer() {
    fuzz::analyzer::run();
}

#[test]
fn analyzer_limits() {
    fuzz::analyzer::limits();
}
