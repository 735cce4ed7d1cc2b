//! Small helpers for running commands and finding the workspace root.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

/// The workspace root (the folder holding the top-level Cargo.toml).
pub fn root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().map(Path::to_path_buf).unwrap_or(manifest)
}

/// Cargo's target folder: `CARGO_TARGET_DIR` when set (relative to the
/// workspace root, as cargo reads it from here), else `target/` in the root.
pub fn target() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// A binary of this workspace built by `cargo build` (debug profile).
pub fn debug_bin(name: &str) -> PathBuf {
    target().join("debug").join(name)
}

/// PATH with the project's own tool folders first (npm's `.bin` for wasm-opt,
/// cargo's bin folder for trunk and wasm-bindgen).
pub fn tool_path() -> String {
    let root = root();
    let mut parts = vec![root.join("node_modules/.bin").display().to_string()];
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        parts.push(PathBuf::from(home).join("bin").display().to_string());
    } else if let Some(home) = std::env::var_os("HOME") {
        parts.push(PathBuf::from(home).join(".cargo/bin").display().to_string());
    }
    if let Ok(path) = std::env::var("PATH") {
        parts.push(path);
    }
    parts.join(":")
}

/// A command that runs in the workspace root with the tool PATH.
pub fn command(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args).current_dir(root()).env("PATH", tool_path());
    c
}

/// Runs a command, echoing it first; an error names the command and its status.
/// `cargo ARGS`, with `--locked` on CI (`CI=true`) so a Cargo.lock that
/// would change fails loudly there instead of resolving anew. It goes
/// before any `--`: the flags after it belong to the tool.
pub fn cargo(args: &[&str]) -> Command {
    let mut all: Vec<&str> = args.to_vec();
    if on_ci() && !all.contains(&"--locked") {
        let at = all.iter().position(|a| *a == "--").unwrap_or(all.len());
        all.insert(at, "--locked");
    }
    command("cargo", &all)
}

/// Whether this runs on CI (`CI=true`, as `.ci/run` and GitHub Actions set it).
pub fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true")
}

pub fn run(mut c: Command) -> Result<(), String> {
    let shown = show(&c);
    println!("  $ {shown}");
    let status = c
        .status()
        .map_err(|e| format!("could not start `{shown}`: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{shown}` failed ({status})"))
    }
}

/// Runs a command quietly and returns its trimmed standard output, or None if it
/// could not start or failed.
pub fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = command(program, args).stderr(Stdio::null()).output().ok()?;
    if out.status.success() {
        Some(String::from_utf8_lossy(&out.stdout).trim().to_string())
    } else {
        None
    }
}

/// A command line as a person would type it.
pub fn show(c: &Command) -> String {
    let mut s = c.get_program().to_string_lossy().to_string();
    for a in c.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

/// Runs `f`, printing how long it took.
pub fn timed<T>(label: &str, f: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let value = f();
    println!("  ({label}: {:.1} s)", start.elapsed().as_secs_f64());
    value
}
