//! `cargo xtask bench`: figures, never pass/fail. Builds the release bundle,
//! prints its size (raw, gzip -9, brotli), then drives Chromium through
//! sign-in and a repository check against the fake GitHub with a fixed
//! latency injected into every request, and prints the number of API
//! requests and the wall time as a multiple of that latency.

use crate::cmd::{command, root, run};
use crate::{serve, size, test, tools};

pub fn bench(args: &[String]) -> Result<(), String> {
    let latency = args
        .iter()
        .position(|a| a == "--latency-ms")
        .and_then(|i| args.get(i + 1))
        .map_or("200", String::as_str)
        .to_string();
    tools::ensure_all(tools::Need::Everything)?;
    test::release()?;
    println!("\n== bundle size");
    let totals = size::report(&size::last_bundle(&test::dist_dir())?)?;
    println!(
        "bundle: first load {} B gzip / {} B brotli; every file {} B gzip",
        totals.first_load.gzip, totals.first_load.brotli, totals.all.gzip
    );
    serve::build_servers()?;
    println!("\n== sign-in and check, {latency} ms injected per request");
    let script = root().join("tests/e2e/bench.mjs").display().to_string();
    let mut c = command("node", &[&script]);
    test::e2e_env(&mut c);
    c.env("BENCH_LATENCY_MS", latency);
    run(c)
}
