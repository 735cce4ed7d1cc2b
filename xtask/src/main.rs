//! `cargo xtask`: the project's developer tasks in Rust instead of shell scripts.
//!
//! * `cargo xtask serve` — install what is missing, build the release bundle,
//!   and serve it on 127.0.0.1 together with the fake GitHub and the relay
//!   (offline demo), rebuilding on change; `--trunk` uses Trunk instead.
//! * `cargo xtask test` — install what is missing, then run every test layer and
//!   print one summary line.
//! * `cargo xtask dist` — the release bundle in `dist/` for GitHub Pages.
//! * `cargo xtask size` — build the release bundle and print the size of every file
//!   and of the first load.
//! * `cargo xtask bench` — size and speed figures (no assertions).
//! * `cargo xtask fuzz` — every fuzz target with 100,000 cases in release mode.
//! * `cargo xtask setup` — only install the tools.

mod bench;
mod bundle;
mod cmd;
mod contributors;
mod fuzz;
mod purity;
mod serve;
mod size;
mod test;
mod tools;

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task> [options]

tasks:
  serve [--port N] [--trunk]
                     install tools if missing, build the release bundle and serve the offline
                     demo on 127.0.0.1, rebuilding on change; --trunk: Trunk's live-reloading
                     server instead (installs Trunk, no Content-Security-Policy)
  test  [--skip-install] [--only STEP,...]
                     install tools if missing, then run every test layer
  size [--no-build]  build the release bundle and print file sizes (raw, gzip -9, brotli),
                     the first load against its 200 KB gzip budget, and where the wasm's bytes go
  dist [--out DIR]   build the release bundle into dist/ (or DIR) for GitHub Pages (reads
                     the GHCR_SETUP_* build settings from the environment)
  bench [--latency-ms N] [--runs K] [--ports APP,FAKE,RELAY] [--dist DIR]
                     size and speed figures, no pass/fail: the bundle against a bare Leptos counter,
                     page loads in Chromium, a check and a Re-check against the fake GitHub with N ms
                     per request (default 200; K runs, default 5), the engine's own figures
  fuzz [--cases N] [--only TARGET,...]
                     run the fuzz targets (analyzer, share, device_flow, api_answers,
                     checklist_run, scenario) with N cases each (default 100000), release mode
  setup              only install the tools (idempotent)
  purity             check that ghcr-setup-core has no web dependency
";

/// `cargo xtask dist [--out DIR]`: the bundle for GitHub Pages, built with
/// the `GHCR_SETUP_*` settings of the environment.
fn dist(args: &[String]) -> Result<(), String> {
    let out = args
        .iter()
        .position(|a| a == "--out")
        .and_then(|i| args.get(i + 1))
        .map_or_else(|| cmd::root().join("dist"), std::path::PathBuf::from);
    tools::ensure_all(tools::Need::Build)?;
    let bundle = bundle::build(&out, &bundle::settings_from_env())?;
    size::report(&bundle).map(drop)
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(task) = args.first() else {
        eprint!("{USAGE}");
        return ExitCode::from(2);
    };
    let rest = &args[1..];
    let result = match task.as_str() {
        "serve" => serve::serve(rest),
        "test" => test::test(rest),
        "size" => size::size(rest),
        "bench" => bench::bench(rest),
        "fuzz" => fuzz::fuzz(rest),
        "dist" => dist(rest),
        "setup" => tools::ensure_all(tools::Need::Everything),
        "purity" => purity::check(),
        "-h" | "--help" | "help" => {
            print!("{USAGE}");
            Ok(())
        }
        other => Err(format!("unknown task `{other}`\n{USAGE}")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("xtask: {message}");
            ExitCode::FAILURE
        }
    }
}
