//! `cargo xtask size`: builds the release bundle and prints every file's size
//! raw, gzip -9 and brotli (quality 11), marking what the first load fetches,
//! then the first load's total against its budget and where the wasm's bytes
//! go. The test command holds the first load to the budget
//! ([`check_budget`]); this command only reports.

use crate::bundle::{self, Bundle, FIRST_LOAD_BUDGET};
use crate::cmd::root;
use std::io::Write;
use std::path::Path;

/// Raw, gzip -9 and brotli sizes of one file.
#[derive(Clone, Copy, Default)]
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl Sizes {
    pub fn of(bytes: &[u8]) -> Result<Sizes, String> {
        Ok(Sizes {
            raw: bytes.len(),
            gzip: gzip(bytes)?,
            brotli: brotli(bytes)?,
        })
    }

    fn add(&mut self, other: Sizes) {
        self.raw += other.raw;
        self.gzip += other.gzip;
        self.brotli += other.brotli;
    }
}

/// Totals of a bundle: everything, and what the first load fetches.
pub struct Totals {
    pub all: Sizes,
    pub first_load: Sizes,
}

/// Prints a table of every file in `bundle.dist` and returns the totals.
pub fn report(bundle: &Bundle) -> Result<Totals, String> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&bundle.dist).map_err(|e| e.to_string())? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_file() {
            files.push(path);
        }
    }
    files.sort();
    let mut all = Sizes::default();
    let mut first = Sizes::default();
    println!(
        "{:<52} {:>9} {:>9} {:>9}",
        "file (* = first load)", "raw", "gzip -9", "brotli"
    );
    for f in &files {
        let bytes = std::fs::read(f).map_err(|e| format!("{}: {e}", f.display()))?;
        let sizes = Sizes::of(&bytes)?;
        let name = f.file_name().map(|n| n.to_string_lossy().to_string());
        let name = name.unwrap_or_default();
        let on_first = bundle.first_load.contains(&name);
        println!(
            "{:<52} {:>9} {:>9} {:>9}",
            format!("{}{name}", if on_first { "* " } else { "  " }),
            sizes.raw,
            sizes.gzip,
            sizes.brotli
        );
        all.add(sizes);
        if on_first {
            first.add(sizes);
        }
    }
    println!(
        "{:<52} {:>9} {:>9} {:>9}",
        format!("first load ({} files)", bundle.first_load.len()),
        first.raw,
        first.gzip,
        first.brotli
    );
    println!(
        "{:<52} {:>9} {:>9} {:>9}",
        format!("all {} files", files.len()),
        all.raw,
        all.gzip,
        all.brotli
    );
    println!(
        "first load: {} of the {} B gzip budget ({:.0} %)",
        first.gzip,
        FIRST_LOAD_BUDGET,
        first.gzip as f64 * 100.0 / FIRST_LOAD_BUDGET as f64
    );
    Ok(Totals {
        all,
        first_load: first,
    })
}

/// The summed sizes of the files `names` in `dir`: what one page visit
/// fetches.
pub fn of_files(dir: &Path, names: &[String]) -> Result<Sizes, String> {
    let mut total = Sizes::default();
    for name in names {
        let path = dir.join(name);
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        total.add(Sizes::of(&bytes)?);
    }
    Ok(total)
}

/// Fails when the first load is over its gzip budget, naming its files.
pub fn check_budget(bundle: &Bundle) -> Result<(), String> {
    let totals = report(bundle)?;
    if totals.first_load.gzip > FIRST_LOAD_BUDGET {
        return Err(format!(
            "the first load is {} B gzip, over the {} B budget; files: {} (run `cargo xtask size` to see where the bytes go)",
            totals.first_load.gzip,
            FIRST_LOAD_BUDGET,
            bundle.first_load.join(", ")
        ));
    }
    Ok(())
}

pub fn size(args: &[String]) -> Result<(), String> {
    let dist = root().join("target/dist-size");
    let bundle = if args.iter().any(|a| a == "--no-build") {
        last_bundle(&dist)?
    } else {
        crate::tools::ensure_all(crate::tools::Need::Build)?;
        bundle::build(&dist, &[])?
    };
    report(&bundle)?;
    println!("\n== what the first load's wasm holds (main module, before wasm-opt)");
    crate::contributors::report(&bundle::main_module(), 15)
}

/// The bundle already in `dist`, its first load read back from `index.html`.
pub fn last_bundle(dist: &Path) -> Result<Bundle, String> {
    let index = std::fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("no bundle in {} ({e}); build one first", dist.display()))?;
    let mut first_load = vec!["index.html".to_string()];
    let after = |marker: &'static str| index.split(marker).skip(1);
    for piece in after("href=\"./").chain(after("src=\"./")) {
        if let Some(end) = piece.find('"') {
            let name = &piece[..end];
            if !name.ends_with(".svg") && !first_load.iter().any(|n| n == name) {
                first_load.push(name.to_string());
            }
        }
    }
    Ok(Bundle {
        dist: dist.to_path_buf(),
        first_load,
    })
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
