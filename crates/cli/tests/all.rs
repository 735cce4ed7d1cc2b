//! Every integration test of the CLI, in one binary (one link step). Each
//! file beside this one is an area; run one with
//! `cargo test -p ghcr-setup-cli --test all -- AREA::`.

mod support;

mod check;
mod cli;
mod fixes;
