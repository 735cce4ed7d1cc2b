//! `cargo xtask size`: builds the release bundle and prints every file's size
//! raw, gzip -9 and brotli (quality 11), and the totals. No budget is enforced;
//! the figures are for people to read and compare.

use crate::cmd::{command, root, run};
use crate::tools;
use std::io::Write;
use std::path::{Path, PathBuf};

pub fn report(dist: &Path) -> Result<(), String> {
    let mut files = Vec::new();
    collect(dist, &mut files)?;
    files.sort();
    let mut total = [0usize; 3];
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli"
    );
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let sizes = [bytes.len(), gzip(&bytes)?, brotli(&bytes)?];
        let name = f.strip_prefix(dist).unwrap_or(f).display().to_string();
        println!(
            "{:<44} {:>10} {:>10} {:>10}",
            name, sizes[0], sizes[1], sizes[2]
        );
        for (t, s) in total.iter_mut().zip(sizes) {
            *t += s;
        }
    }
    println!(
        "{:<44} {:>10} {:>10} {:>10}",
        "total", total[0], total[1], total[2]
    );
    Ok(())
}

pub fn size(args: &[String]) -> Result<(), String> {
    let dist = root().join("target/dist-size");
    if !args.iter().any(|a| a == "--no-build") {
        tools::ensure_all(tools::Need::Serve)?;
        build_release(&dist, &[])?;
    }
    report(&dist)?;
    let wasm = root().join("target/wasm32-unknown-unknown/release/ghcr-setup-web.wasm");
    crate::contributors::report(&wasm, 15)
}

/// Builds the app in release mode into `dist` with the given build-time settings.
pub fn build_release(dist: &Path, env: &[(&str, String)]) -> Result<(), String> {
    println!(
        "== building the release bundle into {} (1-3 minutes)",
        dist.display()
    );
    let dist_s = dist.display().to_string();
    let mut c = command("trunk", &["build", "--release", "--dist", &dist_s]);
    for (k, v) in env {
        c.env(k, v);
    }
    run(c)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn gzip(bytes: &[u8]) -> Result<usize, String> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).map_err(|e| e.to_string())?;
    Ok(enc.finish().map_err(|e| e.to_string())?.len())
}

fn brotli(bytes: &[u8]) -> Result<usize, String> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).map_err(|e| e.to_string())?;
    }
    Ok(out.len())
}
