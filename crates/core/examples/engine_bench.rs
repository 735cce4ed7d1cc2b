//! Figures for `cargo xtask bench`: a full checklist run of a ready
//! organization repository against the scripted GitHub, in virtual time
//! with a fixed latency per request — wall time as a multiple of that
//! latency, requests made, the longest chain of dependent requests — then
//! an immediate re-check (answers that were `304`, rate limit spent).
//! Prints numbers; asserts nothing.

// The bench drives the tests' scripted GitHub and uses only part of it.
#[allow(dead_code)]
#[path = "../tests/support/mod.rs"]
mod support;

use ghcr_setup_core::api::{EtagCache, MAX_CONCURRENT_REQUESTS};
use ghcr_setup_core::check::{Identity, Run, Target};
use ghcr_setup_core::engine::Scheduler;
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};

fn main() {
    const L: u64 = 100;
    let identity = Identity {
        login: Some("octo".into()),
        kind: TokenKind::ClassicPat,
        scopes: Some(Scopes::parse_header(
            "repo, read:org, read:packages, workflow, admin:org",
        )),
    };
    for (label, cap) in [
        (
            format!("the product's cap ({MAX_CONCURRENT_REQUESTS} at once, HTTP/2)"),
            MAX_CONCURRENT_REQUESTS,
        ),
        ("an HTTP/1.1 host (6 connections)".to_string(), 6usize),
        (
            "no cap (the longest dependent chain)".to_string(),
            usize::MAX,
        ),
    ] {
        let mut script = support::ready_org("acme/app");
        let sched = Scheduler::new(
            support::BASE,
            Some(Secret::new("ghp_bench")),
            EtagCache::new(),
        )
        .with_max_in_flight(cap);
        let target = Target::repo(RepoSlug::parse("acme/app").expect("valid"));
        let mut run = Run::with_scheduler(target, identity.clone(), sched, 0);
        let first = support::drive(&mut run, &mut script, 0, L);
        let spent_first = script.rate_used;
        run.recheck(10_000);
        let before = script.log.len();
        let again = support::drive(&mut run, &mut script, 10_000, L);
        let not_modified = script.log[before..]
            .iter()
            .filter(|l| l.status == 304)
            .count();
        println!(
            "engine, {label}: full check {} requests in {:.1}×L ({} waves); re-check {} requests in {:.1}×L, {} answered 304, primary rate limit spent {}",
            first.requests,
            first.elapsed_ms as f64 / L as f64,
            first.elapsed_ms / L,
            again.requests,
            again.elapsed_ms as f64 / L as f64,
            not_modified,
            script.rate_used - spent_first
        );
    }
}
