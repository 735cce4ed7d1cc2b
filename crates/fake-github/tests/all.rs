//! Every integration test of the fake GitHub, in one binary (one link step). Each
//! file beside this one is an area; run one with
//! `cargo test -p fake-github --test all -- AREA::`.

mod common;

mod access;
mod contract;
mod fake;
mod fuzz_scenario;
mod resources;
