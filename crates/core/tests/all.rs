//! Every integration test of the core, in one binary: the support code is
//! compiled once and linked once. Each file beside this one is an area
//! (`checks_package`, `fixes`, `fuzz_parsers`, …); run one with
//! `cargo test -p ghcr-setup-core --test all -- checks_package::`.

mod fuzz;
mod support;

mod analyze_fixtures;
mod analyze_messages;
mod analyze_rules;
mod analyze_versions;
mod api_requests;
mod api_responses;
mod check_run;
mod checks;
mod checks_package;
mod checks_runners;
mod checks_settings;
mod checks_token;
mod checks_workflow;
mod device_flow;
mod engine;
mod fault_matrix;
mod fixes;
mod fixes_bodies;
mod fixes_branch;
mod fixes_lost_answers;
mod fixes_refusals;
mod fixes_renamed;
mod fixes_secret;
mod fuzz_parsers;
mod hardening;
mod live_pins;
mod remember;
mod seal_libsodium;
mod share;
mod share_link_caps;
mod summarize;
mod token;
mod view;
mod workflow_props;
mod workflow_snapshots;
