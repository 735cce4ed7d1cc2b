//! `cargo xtask fuzz`: every fuzz target with many cases, in release mode.
//!
//! The targets are ordinary tests (`crates/core/tests/fuzz_parsers.rs`,
//! `crates/fake-github/tests/fuzz_scenario.rs`) built on proptest; a plain
//! `cargo test` runs them with a few hundred cases. Here each one runs on
//! its own with `GHCR_FUZZ_CASES` cases (100,000 unless `--cases` says
//! otherwise), one test thread, output shown; the harness prints a
//! `fuzz-summary` line per target that this task gathers into a table.
//! A target that panics, hangs (10 s per case) or passes its memory ceiling
//! fails with the smallest input proptest found.
//!
//! Not part of `cargo xtask test`: at full size it takes several minutes.

use crate::cmd::{self, command, run, show};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

/// Cases per target unless `--cases` says otherwise.
const DEFAULT_CASES: u64 = 100_000;

/// The environment variable the fuzz harness reads.
const CASES_ENV: &str = "GHCR_FUZZ_CASES";

struct FuzzTarget {
    name: &'static str,
    package: &'static str,
    /// The module of the crate's one integration-test binary (`tests/all.rs`).
    area: &'static str,
    /// Test functions of that module to run (exact names).
    tests: &'static [&'static str],
    what: &'static str,
}

const TARGETS: &[FuzzTarget] = &[
    FuzzTarget {
        name: "analyzer",
        package: "ghcr-setup-core",
        area: "fuzz_parsers",
        tests: &["analyzer", "analyzer_limits"],
        what: "workflow analyzer and summary: text, YAML grammar, mutated workflows, 256 KiB",
    },
    FuzzTarget {
        name: "env_chains",
        package: "ghcr-setup-core",
        area: "fuzz_parsers",
        tests: &["env_chains"],
        what: "env: values referring to each other, up to 256 KiB: the expansion budget",
    },
    FuzzTarget {
        name: "share",
        package: "ghcr-setup-core",
        area: "fuzz_parsers",
        tests: &["share", "share_tokens"],
        what: "share-link decoder, base64url and URL query decoding",
    },
    FuzzTarget {
        name: "device_flow",
        package: "ghcr-setup-core",
        area: "fuzz_parsers",
        tests: &["device_flow"],
        what: "device-flow state machine on any answers and times",
    },
    FuzzTarget {
        name: "api_answers",
        package: "ghcr-setup-core",
        area: "fuzz_parsers",
        tests: &["api_answers"],
        what: "classify, error bodies, rate limits, every fact's parser",
    },
    FuzzTarget {
        name: "checklist_run",
        package: "ghcr-setup-core",
        area: "fuzz_parsers",
        tests: &["checklist_run"],
        what: "whole checklist runs and fixes on randomly changed answers",
    },
    FuzzTarget {
        name: "scenario",
        package: "fake-github",
        area: "fuzz_scenario",
        tests: &["scenario", "the_demo_loads_and_round_trips"],
        what: "fake GitHub's scenario loader",
    },
];

/// What one target reported.
struct Outcome {
    name: &'static str,
    ok: bool,
    wall: Duration,
    /// `key=value` fields of the target's summary line.
    summary: Vec<(String, String)>,
}

impl Outcome {
    fn field(&self, key: &str) -> &str {
        self.summary
            .iter()
            .find(|(k, _)| k == key)
            .map_or("?", |(_, v)| v.as_str())
    }
}

pub fn fuzz(args: &[String]) -> Result<(), String> {
    let cases = match args.iter().position(|a| a == "--cases") {
        Some(i) => {
            let text = args.get(i + 1).ok_or("--cases needs a number")?;
            text.replace('_', "")
                .parse::<u64>()
                .ok()
                .filter(|n| (1..=u64::from(u32::MAX)).contains(n))
                .ok_or_else(|| format!("--cases {text}: give a whole number from 1"))?
        }
        None => DEFAULT_CASES,
    };
    let only: Option<Vec<&str>> = args
        .iter()
        .position(|a| a == "--only")
        .and_then(|i| args.get(i + 1))
        .map(|s| s.split(',').collect());
    if let Some(names) = &only {
        if let Some(bad) = names
            .iter()
            .find(|n| !TARGETS.iter().any(|t| t.name == **n))
        {
            let known: Vec<&str> = TARGETS.iter().map(|t| t.name).collect();
            return Err(format!(
                "no fuzz target `{bad}`; targets: {}",
                known.join(", ")
            ));
        }
    }
    let chosen: Vec<&FuzzTarget> = TARGETS
        .iter()
        .filter(|t| only.as_ref().is_none_or(|o| o.contains(&t.name)))
        .collect();

    println!("== building the fuzz targets (release)");
    let started = Instant::now();
    let mut packages: Vec<&str> = chosen.iter().map(|t| t.package).collect();
    packages.dedup();
    for package in &packages {
        run(command(
            "cargo",
            &[
                "test",
                "--release",
                "-p",
                package,
                "--test",
                "all",
                "--no-run",
            ],
        ))?;
    }
    println!("  (build: {:.0} s)", started.elapsed().as_secs_f64());

    let mut outcomes = Vec::new();
    for target in &chosen {
        println!("== fuzz {}: {} ({cases} cases)", target.name, target.what);
        outcomes.push(run_target(target, cases)?);
    }
    report(&outcomes, cases);
    let failed: Vec<&str> = outcomes.iter().filter(|o| !o.ok).map(|o| o.name).collect();
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("fuzz targets failed: {}", failed.join(", ")))
    }
}

/// Runs one target's tests, echoing their output and keeping the summary line.
fn run_target(target: &FuzzTarget, cases: u64) -> Result<Outcome, String> {
    let mut args = vec![
        "test",
        "--release",
        "-p",
        target.package,
        "--test",
        "all",
        "--",
        "--exact",
        "--nocapture",
        "--test-threads=1",
    ];
    let names: Vec<String> = target
        .tests
        .iter()
        .map(|t| format!("{}::{t}", target.area))
        .collect();
    args.extend(names.iter().map(String::as_str));
    let mut c = cmd::cargo(&args);
    c.env(CASES_ENV, cases.to_string()).stdout(Stdio::piped());
    let shown = show(&c);
    println!("  $ {CASES_ENV}={cases} {shown}");
    let started = Instant::now();
    let mut child = c
        .spawn()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let mut summary = Vec::new();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(Result::ok) {
            println!("{line}");
            // With one test thread the line may follow `test name ... `.
            if let Some((_, rest)) = line.split_once("fuzz-summary ") {
                summary = fields(rest);
            }
        }
    }
    let status = child
        .wait()
        .map_err(|e| format!("`{shown}` did not finish: {e}"))?;
    Ok(Outcome {
        name: target.name,
        ok: status.success(),
        wall: started.elapsed(),
        summary,
    })
}

/// `key=value` pairs; a value may be a quoted string with spaces.
fn fields(line: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = line.trim();
    while let Some((key, after)) = rest.split_once('=') {
        let (value, next) = if let Some(quoted) = after.strip_prefix('"') {
            match quoted.find("\" ") {
                Some(end) => (&quoted[..end], &quoted[end + 2..]),
                None => (quoted.trim_end_matches('"'), ""),
            }
        } else {
            match after.split_once(' ') {
                Some((v, n)) => (v, n),
                None => (after, ""),
            }
        };
        out.push((key.trim().to_string(), value.to_string()));
        rest = next.trim_start();
    }
    out
}

fn report(outcomes: &[Outcome], cases: u64) {
    println!("\n== fuzz summary ({cases} cases asked per target)");
    println!(
        "  {:<14} {:>9} {:>9} {:>12} {:>10}  {:<8} slowest case",
        "target", "cases", "time", "slowest", "peak mem", "result"
    );
    for o in outcomes {
        let peak = o
            .field("peak_kib")
            .parse::<u64>()
            .map_or("?".to_string(), |k| format!("{:.1} MiB", k as f64 / 1024.0));
        let slowest = o
            .field("slowest_ms")
            .parse::<f64>()
            .map_or("?".to_string(), |ms| format!("{ms:.1} ms"));
        println!(
            "  {:<14} {:>9} {:>8.1}s {:>12} {:>10}  {:<8} {}",
            o.name,
            o.field("cases"),
            o.wall.as_secs_f64(),
            slowest,
            peak,
            if o.ok { "ok" } else { "FAILED" },
            o.field("slowest"),
        );
    }
}
