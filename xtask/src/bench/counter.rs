//! The baseline of `cargo xtask bench`: `crates/bench-counter`, a bare
//! Leptos counter, built the way the release bundle builds the app — the
//! release profile, Leptos's `erase_components`, `wasm-bindgen --target web`
//! with weak references, `wasm-opt` with the same flags — and loaded the same
//! way (module preload of the glue, preload of the wasm, an external boot
//! module). It has no split points, so it is one wasm and no loader.
//!
//! It builds in its own cargo target folder, so its flags never rebuild the
//! other builds.

use crate::bundle::{self, Bundle, WASM_TARGET};
use crate::cmd::{command, root, run};
use std::path::{Path, PathBuf};

const CRATE: &str = "bench-counter";
const BOOT: &str = "boot.js";

/// The counter's cargo target folder.
fn target_dir() -> PathBuf {
    root().join("target/bench-counter")
}

/// Where the counter's bundle is written.
pub fn dist_dir() -> PathBuf {
    target_dir().join("dist")
}

/// Builds the counter into [`dist_dir`] (emptied first).
pub fn build() -> Result<Bundle, String> {
    let dist = dist_dir();
    println!(
        "== building the bare Leptos counter into {} (1-3 minutes the first time)",
        dist.display()
    );
    let mut c = command(
        "cargo",
        &[
            "build",
            "--release",
            "--quiet",
            "--target",
            WASM_TARGET,
            "-p",
            CRATE,
        ],
    );
    // The app's release flags, less `--emit-relocs`, which only its splitter needs.
    c.env("CARGO_TARGET_DIR", target_dir()).env(
        "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
        "--cfg erase_components",
    );
    run(c)?;
    if dist.exists() {
        std::fs::remove_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    }
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let wasm = target_dir().join(format!("{WASM_TARGET}/release/{CRATE}.wasm"));
    let input = wasm.display().to_string();
    let out = dist.display().to_string();
    run(command(
        "wasm-bindgen",
        &[
            "--target",
            "web",
            "--no-typescript",
            "--weak-refs",
            "--out-name",
            CRATE,
            "--out-dir",
            &out,
            &input,
        ],
    ))?;
    bundle::optimize(&dist)?;
    write(
        &dist,
        BOOT,
        &format!(
            "// Starts the counter: loads the wasm-bindgen glue and its wasm.\n\
             import init from \"./{CRATE}.js\";\n\
             init({{ module_or_path: new URL(\"./{CRATE}_bg.wasm\", import.meta.url) }});\n"
        ),
    )?;
    write(&dist, "index.html", &index_html())?;
    Ok(Bundle {
        dist,
        first_load: vec![
            "index.html".to_string(),
            BOOT.to_string(),
            format!("{CRATE}.js"),
            format!("{CRATE}_bg.wasm"),
        ],
    })
}

/// The page, with the same preloads as the app's `index.html`.
fn index_html() -> String {
    format!(
        "<!doctype html>\n<html lang=\"en\">\n  <head>\n    <meta charset=\"utf-8\" />\n    \
         <title>Counter</title>\n    \
         <link rel=\"modulepreload\" href=\"./{CRATE}.js\" />\n    \
         <link rel=\"preload\" href=\"./{CRATE}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin />\n    \
         <script type=\"module\" src=\"./{BOOT}\"></script>\n  </head>\n  <body></body>\n</html>\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) -> Result<(), String> {
    std::fs::write(dir.join(name), text).map_err(|e| format!("{name}: {e}"))
}
