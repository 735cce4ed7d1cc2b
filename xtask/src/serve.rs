//! `cargo xtask serve`: the offline demo. Starts the fake GitHub (demo
//! scenario) and the device-flow relay on loopback, builds the release
//! bundle for them (`bundle::build` with [`demo_env`], as the end-to-end
//! layer does) and serves it with the project's own static server
//! (`files.rs`) on 127.0.0.1, under the bundle's Content-Security-Policy.
//! It polls the app's sources every second (`watch.rs`) and rebuilds on a
//! change into a second folder, serving the previous bundle until the new
//! one is complete. Ctrl-C stops everything.
//!
//! `--trunk` runs `trunk serve` instead (installing Trunk first): live
//! reload and one unsplit wasm, but Trunk's inline boot script means that
//! build has no Content-Security-Policy.

mod files;
mod watch;

use crate::cmd::{self, command, root, run};
use crate::{bundle, tools};
use std::path::PathBuf;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

/// Loopback ports of the demo.
pub const DEMO_APP_PORT: u16 = 8080;
pub const DEMO_FAKE_PORT: u16 = 8787;
pub const DEMO_RELAY_PORT: u16 = 8788;
/// The OAuth App client id the demo scenario of the fake GitHub accepts.
pub const DEMO_CLIENT_ID: &str = "Ov23liDEMOdemo000000";

/// Build-time settings for an app that talks to a fake GitHub and relay on loopback.
pub fn demo_env(fake_port: u16, relay_port: u16) -> Vec<(&'static str, String)> {
    vec![
        (
            "GHCR_SETUP_API_BASE",
            format!("http://127.0.0.1:{fake_port}"),
        ),
        (
            "GHCR_SETUP_RELAY_URL",
            format!("http://127.0.0.1:{relay_port}"),
        ),
        ("GHCR_SETUP_CLIENT_ID", DEMO_CLIENT_ID.to_string()),
        ("GHCR_SETUP_DEMO", "1".to_string()),
    ]
}

/// Builds the two loopback servers (debug profile: they start in milliseconds).
pub fn build_servers() -> Result<(), String> {
    build(
        &["fake-github", "ghcr-setup-relay"],
        "the fake GitHub and the relay",
    )
}

/// The servers and the CLI, whose `checks` listing the end-to-end tests read.
pub fn build_servers_and_cli() -> Result<(), String> {
    build(
        &["fake-github", "ghcr-setup-relay", "ghcr-setup-cli"],
        "the fake GitHub, the relay and the CLI",
    )
}

fn build(packages: &[&str], what: &str) -> Result<(), String> {
    println!("== building {what} (first time: 1-3 minutes)");
    let mut args = vec!["build", "--quiet"];
    for p in packages {
        args.extend_from_slice(&["-p", p]);
    }
    run(cmd::cargo(&args))
}

/// Starts the fake GitHub with the built-in demo scenario.
pub fn start_fake(port: u16, latency_ms: u64) -> Result<Child, String> {
    let bin = cmd::debug_bin("fake-github");
    let listen = format!("127.0.0.1:{port}");
    let latency = latency_ms.to_string();
    command(
        &bin.display().to_string(),
        &["--listen", &listen, "--latency-ms", &latency],
    )
    .stdin(Stdio::null())
    .spawn()
    .map_err(|e| format!("could not start {}: {e}", bin.display()))
}

/// Starts the relay in front of the fake GitHub, allowing `origin`.
pub fn start_relay(port: u16, fake_port: u16, origin: &str) -> Result<Child, String> {
    let bin = cmd::debug_bin("ghcr-setup-relay");
    let listen = format!("127.0.0.1:{port}");
    let upstream = format!("http://127.0.0.1:{fake_port}");
    command(
        &bin.display().to_string(),
        &[
            "--listen",
            &listen,
            "--upstream",
            &upstream,
            "--allow-origin",
            origin,
            // One person on loopback: the per-address limits stay out of
            // the way of trying sign-in again and again.
            "--max-connections-per-address",
            "64",
            "--code-interval-secs",
            "0",
            "--poll-interval-secs",
            "1",
            "--sign-ins-per-address",
            "10000",
        ],
    )
    .stdin(Stdio::null())
    .spawn()
    .map_err(|e| format!("could not start {}: {e}", bin.display()))
}

/// Kills children when dropped, so an error or Ctrl-C leaves nothing running.
pub struct Children(pub Vec<Child>);

impl Drop for Children {
    fn drop(&mut self) {
        for c in &mut self.0 {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// `cargo xtask serve [--port N] [--trunk]`.
pub fn serve(args: &[String]) -> Result<(), String> {
    let port = match args.iter().position(|a| a == "--port") {
        Some(i) => args
            .get(i + 1)
            .and_then(|p| p.parse::<u16>().ok())
            .ok_or("--port needs a number")?,
        None => DEMO_APP_PORT,
    };
    let trunk = args.iter().any(|a| a == "--trunk");
    tools::ensure_all(if trunk {
        tools::Need::Serve
    } else {
        tools::Need::Build
    })?;
    // Claim the port before minutes of building.
    let site =
        files::Site::waiting("Building the demo's release bundle (a few minutes the first time).");
    if !trunk {
        files::start(port, std::sync::Arc::clone(&site))?;
    }
    build_servers()?;
    let origin = format!("http://127.0.0.1:{port}");
    let _children = Children(vec![
        start_fake(DEMO_FAKE_PORT, 0)?,
        start_relay(DEMO_RELAY_PORT, DEMO_FAKE_PORT, &origin)?,
    ]);
    println!();
    println!("== offline demo");
    println!("   app:          {origin}/");
    println!("   fake GitHub:  http://127.0.0.1:{DEMO_FAKE_PORT}/login/device  (approve device codes here)");
    println!("   relay:        http://127.0.0.1:{DEMO_RELAY_PORT}/healthz");
    if trunk {
        println!(
            "   Trunk builds the app first (1-2 minutes the first time); Ctrl-C stops everything."
        );
        println!();
        return run_trunk(port);
    }
    println!(
        "   the app is served from the release bundle once it is built; Ctrl-C stops everything."
    );
    println!();
    watch_and_rebuild(&site, &origin)
}

/// Builds the bundle, serves it, and rebuilds whenever a source changes.
/// Never returns unless the first snapshot cannot be taken.
fn watch_and_rebuild(site: &files::Site, origin: &str) -> Result<(), String> {
    let slots = [
        cmd::target().join("serve/bundle-a"),
        cmd::target().join("serve/bundle-b"),
    ];
    let env = demo_env(DEMO_FAKE_PORT, DEMO_RELAY_PORT);
    let mut seen = watch::snapshot(&root());
    if seen.is_empty() {
        return Err(format!("no sources to watch under {}", root().display()));
    }
    let mut next = 0;
    let mut reason = "first build".to_string();
    loop {
        let started = Instant::now();
        let into: &PathBuf = &slots[next];
        match bundle::build(into, &env) {
            Ok(_) => {
                site.publish(into.clone());
                next = 1 - next;
                println!(
                    "== serving the demo on {origin}/ (built in {:.0} s after {reason}); watching src/, style/, public/, index.html, crates/core/src",
                    started.elapsed().as_secs_f64()
                );
            }
            Err(e) => {
                eprintln!("xtask: the bundle did not build: {e}");
                if site.current().is_some() {
                    println!(
                        "== still serving the previous bundle; fix the error and save to rebuild"
                    );
                } else {
                    site.note("The first build failed; the terminal running cargo xtask serve says why. Save a fix to rebuild.");
                    println!("== nothing to serve yet; fix the error and save to rebuild");
                }
            }
        }
        // Wait for a change; a change made during the build is seen at once.
        loop {
            std::thread::sleep(Duration::from_secs(1));
            let now = watch::snapshot(&root());
            let changed = watch::changes(&seen, &now);
            if !changed.is_empty() {
                seen = now;
                reason = watch::summary(&changed);
                println!(
                    "== {reason}: rebuilding; {origin}/ keeps the previous bundle until the new one is ready"
                );
                break;
            }
        }
    }
}

fn run_trunk(port: u16) -> Result<(), String> {
    let port_s = port.to_string();
    let mut c = command(
        "trunk",
        &["serve", "--address", "127.0.0.1", "--port", &port_s],
    );
    for (k, v) in demo_env(DEMO_FAKE_PORT, DEMO_RELAY_PORT) {
        c.env(k, v);
    }
    run(c)
}
