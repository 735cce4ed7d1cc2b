//! `cargo xtask bench [--latency-ms N] [--runs K] [--ports APP,FAKE,RELAY] [--dist DIR]`:
//! figures, never pass/fail.
//!
//! Builds the app's release bundle (for the fake GitHub and relay on the
//! chosen ports, into `target/dist-bench`) and the bare Leptos counter it is
//! compared with, then prints one report: sizes (first load, every file,
//! app against counter, what a first visit straight to a page fetches);
//! browser speed against the fake GitHub with `N` ms added to every API
//! request (navigation → interactive for the app and the counter, a full
//! check and a Re-check: wall time as a multiple of `N`, requests, 304s,
//! concurrency, rate limit spent, and the same with no added latency); and
//! the engine's own figures in virtual time. `BENCHMARKS.md` says what each
//! figure means and records a run.

mod counter;
mod figures;
mod report;

use crate::cmd::{command, root, run};
use crate::{bundle, serve, size, test, tools};
use std::path::PathBuf;
use std::time::Instant;

/// What one benchmark run measures and where.
struct Options {
    latency_ms: u64,
    runs: u32,
    app_port: u16,
    fake_port: u16,
    relay_port: u16,
    /// An already built bundle to measure instead of building one.
    dist: Option<PathBuf>,
}

impl Options {
    /// Reads the flags; `ports_env` (`BENCH_PORTS=APP,FAKE,RELAY`) stands
    /// for `--ports` when that is not given.
    fn parse(args: &[String], ports_env: Option<&str>) -> Result<Options, String> {
        const FLAGS: [&str; 4] = ["--latency-ms", "--runs", "--ports", "--dist"];
        let mut i = 0;
        while i < args.len() {
            if !FLAGS.contains(&args[i].as_str()) {
                return Err(format!(
                    "unknown argument `{}` (usage: cargo xtask bench [--latency-ms N] [--runs K] [--ports APP,FAKE,RELAY] [--dist DIR])",
                    args[i]
                ));
            }
            i += 2;
        }
        let value = |flag: &str| -> Result<Option<&str>, String> {
            match args.iter().position(|a| a == flag) {
                None => Ok(None),
                Some(i) => args
                    .get(i + 1)
                    .map(|v| Some(v.as_str()))
                    .ok_or_else(|| format!("{flag} needs a value")),
            }
        };
        let latency_ms = match value("--latency-ms")? {
            Some(v) => v
                .parse::<u64>()
                .ok()
                .filter(|n| *n <= 10_000)
                .ok_or(format!(
                    "--latency-ms: `{v}` is not a number of milliseconds from 0 to 10000"
                ))?,
            None => 200,
        };
        let runs = match value("--runs")? {
            Some(v) => v
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=100).contains(n))
                .ok_or(format!("--runs: `{v}` is not a number from 1 to 100"))?,
            None => 5,
        };
        let ports = match value("--ports")?.or(ports_env) {
            Some(v) => parse_ports(v)?,
            None => [
                test::E2E_APP_PORT,
                test::E2E_FAKE_PORT,
                test::E2E_RELAY_PORT,
            ],
        };
        Ok(Options {
            latency_ms,
            runs,
            app_port: ports[0],
            fake_port: ports[1],
            relay_port: ports[2],
            dist: value("--dist")?.map(PathBuf::from),
        })
    }
}

/// `APP,FAKE,RELAY` as three distinct non-zero ports.
fn parse_ports(v: &str) -> Result<[u16; 3], String> {
    let bad = || format!("--ports: `{v}` is not three distinct ports APP,FAKE,RELAY");
    let ports: Vec<u16> = v
        .split(',')
        .map(|p| p.trim().parse::<u16>().ok().filter(|p| *p > 0))
        .collect::<Option<_>>()
        .ok_or_else(bad)?;
    match ports[..] {
        [a, f, r] if a != f && a != r && f != r => Ok([a, f, r]),
        _ => Err(bad()),
    }
}

pub fn bench(args: &[String]) -> Result<(), String> {
    let opts = Options::parse(args, std::env::var("BENCH_PORTS").ok().as_deref())?;
    ports_free(&[opts.app_port, opts.fake_port, opts.relay_port])?;
    tools::ensure_all(tools::Need::Everything)?;
    let app = match &opts.dist {
        Some(dist) => size::last_bundle(dist)?,
        None => bundle::build(
            &root().join("target/dist-bench"),
            &serve::demo_env(opts.fake_port, opts.relay_port),
        )?,
    };
    let counter = counter::build()?;
    serve::build_servers_and_cli()?;
    println!("== the engine's figures");
    let engine = engine_figures();
    let load = std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|l| l.split_whitespace().next().map(str::to_string))
        .unwrap_or_else(|| "unknown".into());
    let started = Instant::now();
    println!(
        "== browser figures: {} runs each, {} ms per API request (about 2-3 minutes)",
        opts.runs, opts.latency_ms
    );
    let figures = browser_figures(&opts, &app, &counter)?;
    println!(
        "  (browser figures took {:.0} s)",
        started.elapsed().as_secs_f64()
    );
    report::print(
        &report::Context {
            date: crate::cmd::output("date", &["-u", "+%Y-%m-%d %H:%M UTC"]).unwrap_or_default(),
            machine: machine(),
            rustc: crate::cmd::output("rustc", &["--version"]).unwrap_or_default(),
            load,
            runs: opts.runs as usize,
            app: &app,
            counter: &counter,
            engine,
        },
        &figures,
    )
}

/// Fails early, naming the port, when one of `ports` is taken on loopback.
fn ports_free(ports: &[u16]) -> Result<(), String> {
    for port in ports {
        if std::net::TcpListener::bind(("127.0.0.1", *port)).is_err() {
            return Err(format!(
                "port {port} on 127.0.0.1 is in use (end-to-end tests or a development server?); choose free ones with --ports APP,FAKE,RELAY"
            ));
        }
    }
    Ok(())
}

/// Runs `tests/e2e/bench.mjs` and reads what it wrote.
fn browser_figures(
    opts: &Options,
    app: &bundle::Bundle,
    counter: &bundle::Bundle,
) -> Result<figures::Figures, String> {
    let out = std::env::temp_dir().join(format!("ghcr-setup-bench-{}.json", std::process::id()));
    let script = root().join("tests/e2e/bench.mjs").display().to_string();
    let mut c = command("node", &[&script]);
    test::e2e_env(&mut c);
    c.env("E2E_DIST", &app.dist)
        .env("E2E_APP_PORT", opts.app_port.to_string())
        .env("E2E_FAKE_PORT", opts.fake_port.to_string())
        .env("E2E_RELAY_PORT", opts.relay_port.to_string())
        .env("BENCH_OUT", &out)
        .env("BENCH_LATENCY_MS", opts.latency_ms.to_string())
        .env("BENCH_RUNS", opts.runs.to_string())
        .env("BENCH_COUNTER_DIST", &counter.dist);
    run(c)?;
    let text = std::fs::read_to_string(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    let _ = std::fs::remove_file(&out);
    figures::Figures::parse(&text)
}

/// The engine example's output; an error says why there is none (the
/// report then says so instead of stopping).
fn engine_figures() -> Result<String, String> {
    let mut c = command(
        "cargo",
        &[
            "run",
            "--quiet",
            "-p",
            "ghcr-setup-core",
            "--example",
            "engine_bench",
        ],
    );
    let out = c
        .output()
        .map_err(|e| format!("could not run the engine example: {e}"))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).trim_end().to_string())
    } else {
        let err = String::from_utf8_lossy(&out.stderr);
        let last = err.lines().rev().take(5).collect::<Vec<_>>();
        Err(format!(
            "the engine example failed ({}): {}",
            out.status,
            last.into_iter().rev().collect::<Vec<_>>().join(" / ")
        ))
    }
}

/// `2 CPUs, <model name>` from the system.
fn machine() -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, m)| m.trim().to_string())
        })
        .unwrap_or_else(|| "CPU model unknown".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("MemTotal:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
        })
        .map(|kb| format!(", {:.1} GiB memory", kb as f64 / 1024.0 / 1024.0))
        .unwrap_or_default();
    format!("{cpus} CPUs ({model}){memory}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn defaults_are_the_end_to_end_ports_200_ms_and_5_runs() {
        let o = Options::parse(&[], None).unwrap();
        assert_eq!((o.latency_ms, o.runs), (200, 5));
        assert_eq!(
            (o.app_port, o.fake_port, o.relay_port),
            (
                test::E2E_APP_PORT,
                test::E2E_FAKE_PORT,
                test::E2E_RELAY_PORT
            )
        );
        assert!(o.dist.is_none());
    }

    #[test]
    fn flags_are_read_and_bad_values_refused() {
        let o = Options::parse(
            &args("--latency-ms 50 --runs 3 --ports 1,2,3 --dist /tmp/d"),
            Some("7,8,9"),
        )
        .unwrap();
        assert_eq!((o.latency_ms, o.runs), (50, 3));
        assert_eq!((o.app_port, o.fake_port, o.relay_port), (1, 2, 3));
        assert_eq!(o.dist, Some(PathBuf::from("/tmp/d")));
        for bad in [
            "--runs 0",
            "--runs x",
            "--latency-ms -1",
            "--ports 1,2",
            "--ports 1,1,2",
            "--ports 0,1,2",
            "--runs",
            "--fast",
        ] {
            assert!(Options::parse(&args(bad), None).is_err(), "{bad}");
        }
        let from_env = Options::parse(&[], Some("7,8,9")).unwrap();
        assert_eq!((from_env.app_port, from_env.fake_port), (7, 8));
    }

    #[test]
    fn a_taken_port_is_named() {
        let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
        let port = taken.local_addr().unwrap().port();
        let err = ports_free(&[port]).err().unwrap_or_default();
        assert!(err.contains(&port.to_string()), "{err}");
    }
}
