//! The fuzz targets of the core's parsers and state machines, run by
//! `fuzz_parsers.rs`: a few hundred cases each in `cargo test`, as many as
//! `GHCR_FUZZ_CASES` says under `cargo xtask fuzz`.

pub mod analyzer;
pub mod api;
pub mod device_flow;
pub mod env_chains;
pub mod harness;
pub mod mutate;
pub mod run;
pub mod share;
pub mod yaml;
