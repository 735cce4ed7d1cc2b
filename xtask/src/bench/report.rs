//! The printed report of `cargo xtask bench`: size, browser speed and the
//! engine's figures as aligned tables with units. Every browser figure is a
//! median over the runs with its range.

use super::figures::{ApiRun, DeepLink, Figures, Spread};
use crate::bundle::Bundle;
use crate::size::{self, Sizes};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// What the report is about besides the figures.
pub struct Context<'a> {
    pub date: String,
    pub machine: String,
    pub rustc: String,
    /// The 1-minute load average when the browser figures began.
    pub load: String,
    pub runs: usize,
    pub app: &'a Bundle,
    pub counter: &'a Bundle,
    /// The engine example's output, or why it is missing.
    pub engine: Result<String, String>,
}

/// Sizes of files already compressed once (brotli at quality 11 is slow,
/// and the pages share most of their files).
#[derive(Default)]
struct Measured(HashMap<PathBuf, Sizes>);

impl Measured {
    /// The summed sizes of `names` in `dir`.
    fn of(&mut self, dir: &Path, names: &[String]) -> Result<Sizes, String> {
        let mut total = Sizes::default();
        for name in names {
            let path = dir.join(name);
            let known = self.0.get(&path).copied();
            let one = match known {
                Some(s) => s,
                None => {
                    let s = size::of_files(dir, std::slice::from_ref(name))?;
                    self.0.insert(path, s);
                    s
                }
            };
            total.raw += one.raw;
            total.gzip += one.gzip;
            total.brotli += one.brotli;
        }
        Ok(total)
    }
}

pub fn print(cx: &Context, f: &Figures) -> Result<(), String> {
    println!(
        "\n================ ghcr-setup benchmark, {} ================",
        cx.date
    );
    println!(
        "machine:  {}; load average {} when the browser figures began",
        cx.machine, cx.load
    );
    println!("tools:    {}; Chromium {}", cx.rustc, f.chromium);
    println!(
        "method:   {} runs per browser figure, shown as median (min–max); every visit in a fresh browser context (cold cache); files served from loopback without compression",
        cx.runs
    );
    let (app, counter) = size_section(cx, f)?;
    speed_section(f);
    println!(
        "\n== 3. engine, native (crates/core/examples/engine_bench.rs, virtual time, L = latency)"
    );
    match &cx.engine {
        Ok(text) => {
            for line in text.lines() {
                println!("  {line}");
            }
        }
        Err(why) => println!("  not measured: {why}"),
    }
    targets_section(f, app.gzip, counter.gzip);
    Ok(())
}

/// The targets the product holds itself to, each met or missed by how much.
/// Why a target is missed is in ARCHITECTURE.md, "Performance targets".
fn targets_section(f: &Figures, app_gzip: usize, counter_gzip: usize) {
    println!("\n== 4. targets (why a target is missed: ARCHITECTURE.md, \"Performance targets\")");
    let verdict = |met: bool, by: String| {
        if met {
            "met".to_string()
        } else {
            format!("missed by {by}")
        }
    };
    let row = |target: &str, value: String, verdict: String| {
        println!("{target:<46} {value:>22}  {verdict}");
    };
    let budget = crate::bundle::FIRST_LOAD_BUDGET;
    row(
        "first load ≤ 200 KB gzip",
        format!("{} B", group(app_gzip)),
        verdict(
            app_gzip <= budget,
            format!("{} B", group(app_gzip.saturating_sub(budget))),
        ),
    );
    let allowed = counter_gzip * 7 / 2;
    row(
        "first load ≤ 3.5 × the bare counter (gzip)",
        ratio(app_gzip, counter_gzip),
        verdict(
            app_gzip <= allowed,
            format!("{} B", group(app_gzip.saturating_sub(allowed))),
        ),
    );
    let median = |runs: &[ApiRun], pick: fn(&ApiRun) -> f64| {
        Spread::of(&runs.iter().map(pick).collect::<Vec<_>>()).map(|s| s.median)
    };
    let l = f.latency_ms;
    match median(&f.check, |r| r.wall_ms) {
        Some(wall) if l > 0.0 => {
            let x = wall / l;
            row(
                "full check ≤ 3 × L (browser, HTTP/1.1 fake)",
                format!("{x:.1}× L"),
                verdict(x <= 3.0, format!("{:.1}× L", x - 3.0)),
            );
        }
        _ => row("full check ≤ 3 × L", "not measured".into(), String::new()),
    }
    match median(&f.recheck, |r| r.rate_spent) {
        Some(spent) => row(
            "re-check spends 0 primary rate limit",
            format!("{spent:.0} spent"),
            verdict(spent == 0.0, format!("{spent:.0}")),
        ),
        None => row(
            "re-check spends 0 rate limit",
            "not measured".into(),
            String::new(),
        ),
    }
    let app = Spread::of(&f.home_app_ms);
    let counter = Spread::of(&f.home_counter_ms);
    if let (Some(a), Some(c)) = (app, counter) {
        let x = a.median / c.median;
        row(
            "load ≤ 1.5 × the bare counter",
            format!("{x:.1}×"),
            verdict(x <= 1.5, format!("{:.1}×", x - 1.5)),
        );
    }
}

/// Prints the sizes; returns the first loads of the app and the counter.
fn size_section(cx: &Context, f: &Figures) -> Result<(Sizes, Sizes), String> {
    let mut measured = Measured::default();
    println!("\n== 1. size (bytes; gzip -9 and brotli quality 11 of each file)");
    println!("\n-- the app's release bundle ({})", cx.app.dist.display());
    let totals = size::report(cx.app)?;
    let app = totals.first_load;
    let app_wasm: Vec<String> = cx
        .app
        .first_load
        .iter()
        .filter(|n| n.ends_with(".wasm"))
        .cloned()
        .collect();
    let wasm = measured.of(&cx.app.dist, &app_wasm)?;
    println!(
        "first load's wasm: {} B gzip, {} B brotli; every file together: {} B gzip, {} B brotli",
        group(wasm.gzip),
        group(wasm.brotli),
        group(totals.all.gzip),
        group(totals.all.brotli)
    );

    println!(
        "\n-- baseline: a bare Leptos counter, same profile and tools ({})",
        cx.counter.dist.display()
    );
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip -9", "brotli"
    );
    for name in &cx.counter.first_load {
        let s = measured.of(&cx.counter.dist, std::slice::from_ref(name))?;
        println!(
            "{:<40} {:>10} {:>10} {:>10}",
            name,
            group(s.raw),
            group(s.gzip),
            group(s.brotli)
        );
    }
    let counter = measured.of(&cx.counter.dist, &cx.counter.first_load)?;
    if f.counter_files != sorted(&cx.counter.first_load) {
        println!(
            "(the browser fetched {} for the counter)",
            f.counter_files.join(", ")
        );
    }

    println!("\n-- first load: the app against the counter");
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "", "raw", "gzip -9", "brotli"
    );
    let row = |label: String, s: &Sizes| {
        println!(
            "{:<40} {:>10} {:>10} {:>10}",
            label,
            group(s.raw),
            group(s.gzip),
            group(s.brotli)
        );
    };
    row(format!("app ({} files)", cx.app.first_load.len()), &app);
    row(
        format!(
            "bare Leptos counter ({} files)",
            cx.counter.first_load.len()
        ),
        &counter,
    );
    println!(
        "{:<40} {:>10} {:>10} {:>10}",
        "app / counter",
        ratio(app.raw, counter.raw),
        ratio(app.gzip, counter.gzip),
        ratio(app.brotli, counter.brotli)
    );

    println!(
        "\n-- first visit straight to an address: files the browser fetched from the app's origin"
    );
    println!(
        "{:<12} {:>6} {:>10} {:>10} {:>14}  navigation → page heading",
        "address", "files", "gzip -9", "brotli", "beyond 1st load"
    );
    for link in &f.deep_links {
        deep_link_row(cx, &mut measured, link)?;
    }
    println!("(home: includes the pages it prefetches once it is up; share: a link made from the checked repository)");
    Ok((app, counter))
}

fn deep_link_row(cx: &Context, measured: &mut Measured, link: &DeepLink) -> Result<(), String> {
    let total = measured.of(&cx.app.dist, &link.files)?;
    let extra: Vec<String> = link
        .files
        .iter()
        .filter(|n| !cx.app.first_load.contains(n))
        .cloned()
        .collect();
    let beyond = measured.of(&cx.app.dist, &extra)?;
    println!(
        "{:<12} {:>6} {:>10} {:>10} {:>14}  {}",
        link.name,
        link.files.len(),
        group(total.gzip),
        group(total.brotli),
        format!("+{}", group(beyond.gzip)),
        ms(Spread::of(&link.ms))
    );
    println!("{:<12} {}", "", link.hash);
    if !extra.is_empty() {
        let short: Vec<&str> = extra.iter().map(|n| unhashed(n)).collect();
        println!("{:<12} beyond the first load: {}", "", short.join(", "));
    }
    Ok(())
}

fn speed_section(f: &Figures) {
    println!(
        "\n== 2. speed in headless Chromium (fake GitHub on loopback, {} ms added to every API request)",
        f.latency_ms
    );
    println!("\n-- navigation → interactive, a first visit");
    let app = Spread::of(&f.home_app_ms);
    let counter = Spread::of(&f.home_counter_ms);
    println!("{:<50} {:>26}", "page (ready when)", "median (min–max)");
    println!(
        "{:<50} {:>26}",
        "app home (heading and repository input)",
        ms(app)
    );
    println!(
        "{:<50} {:>26}",
        "bare Leptos counter (its button)",
        ms(counter)
    );
    if let (Some(a), Some(c)) = (app, counter) {
        println!(
            "{:<50} {:>26}",
            "app / counter",
            format!(
                "{:.1}× ({:.1}× fastest runs)",
                a.median / c.median,
                a.min / c.min
            )
        );
    }

    println!(
        "\n-- checking {} with the demo token: from the click on Check (or Re-check) to the complete checklist",
        f.repo
    );
    let l = f.latency_ms;
    let columns: [(String, &[ApiRun], f64); 4] = [
        (format!("check, {l} ms"), &f.check, l),
        (format!("re-check, {l} ms"), &f.recheck, l),
        ("check, 0 ms".into(), &f.check_cpu, 0.0),
        ("re-check, 0 ms".into(), &f.recheck_cpu, 0.0),
    ];
    print!("{:<34}", "");
    for (label, _, _) in &columns {
        print!(" {label:>22}");
    }
    println!();
    type Pick = fn(&ApiRun) -> f64;
    let line = |label: &str, pick: Pick, show: &dyn Fn(Option<Spread>, f64) -> String| {
        print!("{label:<34}");
        for (_, runs, latency) in &columns {
            let values: Vec<f64> = runs.iter().map(pick).collect();
            print!(" {:>22}", show(Spread::of(&values), *latency));
        }
        println!();
    };
    line("wall time", |r| r.wall_ms, &|s, _| ms(s));
    line("wall time / latency", |r| r.wall_ms, &times_latency);
    let counts: [(&str, Pick); 8] = [
        ("API requests", |r| r.requests),
        ("  of which action-version look-ups", |r| r.pin_lookups),
        ("  answered 304 Not Modified", |r| r.not_modified),
        ("most requests open at once", |r| r.max_open),
        ("most requests on the wire at once", |r| r.max_on_wire),
        ("rate limit spent, token", |r| r.rate_spent),
        ("rate limit spent, anonymous", |r| r.anon_rate_spent),
        ("CORS preflights (no added latency)", |r| r.preflights),
    ];
    for (label, pick) in counts {
        line(label, pick, &|s, _| count(s));
    }
    println!("(open: issued by the page and not finished, some waiting for one of the 6 connections Chromium opens to an HTTP/1.1 host such as the fake; on the wire: sent and not fully answered)");
    println!("(rate limit: read from the fake's /rate_limit before and after; GitHub does not count 304s)");
    println!("(preflights: the app fetches with cache: no-store, and Chromium then sends a preflight before every API request; the fake answers them at once, GitHub would take a round trip)");
    let untimed = columns
        .iter()
        .flat_map(|(_, runs, _)| runs.iter())
        .filter(|r| r.timed < r.requests)
        .count();
    if untimed > 0 {
        println!("(in {untimed} check(s) some requests had no timing: they are left out of \"on the wire\")");
    }
}

/// `1458 ms (1401–1520)`.
fn ms(s: Option<Spread>) -> String {
    match s {
        Some(s) => format!("{:.0} ms ({:.0}–{:.0})", s.median, s.min, s.max),
        None => "—".into(),
    }
}

/// `7.3× (7.0–7.6)`; a dash without latency.
fn times_latency(s: Option<Spread>, latency: f64) -> String {
    match s {
        Some(s) if latency > 0.0 => format!(
            "{:.1}× ({:.1}–{:.1})",
            s.median / latency,
            s.min / latency,
            s.max / latency
        ),
        _ => "—".into(),
    }
}

/// `24`, or `24 (23–25)` when the runs differ.
fn count(s: Option<Spread>) -> String {
    match s {
        Some(s) if s.min == s.max => format!("{:.0}", s.median),
        Some(s) => format!("{} ({:.0}–{:.0})", trim(s.median), s.min, s.max),
        None => "—".into(),
    }
}

/// A median of counts: whole, or with one decimal when it falls between two.
fn trim(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn ratio(a: usize, b: usize) -> String {
    if b == 0 {
        "—".into()
    } else {
        format!("{:.1}×", a as f64 / b as f64)
    }
}

/// `162236` → `162,236`.
pub fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `chunk_6-0123456789abcdef.wasm` → `chunk_6`: a file's name without its
/// content hash and extension.
fn unhashed(name: &str) -> &str {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    match stem.rsplit_once('-') {
        Some((base, hash)) if hash.len() == 16 && hash.chars().all(|c| c.is_ascii_hexdigit()) => {
            base
        }
        _ => stem,
    }
}

fn sorted(names: &[String]) -> Vec<String> {
    let mut v = names.to_vec();
    v.sort();
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_well() {
        assert_eq!(group(162236), "162,236");
        assert_eq!(group(999), "999");
        assert_eq!(group(1000), "1,000");
        assert_eq!(ratio(10, 4), "2.5×");
        assert_eq!(ratio(1, 0), "—");
        let s = Spread::of(&[1400.0, 1458.0, 1520.0]);
        assert_eq!(ms(s), "1458 ms (1400–1520)");
        assert_eq!(times_latency(s, 200.0), "7.3× (7.0–7.6)");
        assert_eq!(times_latency(s, 0.0), "—");
        assert_eq!(count(Spread::of(&[24.0, 24.0])), "24");
        assert_eq!(count(Spread::of(&[23.0, 24.0])), "23.5 (23–24)");
        assert_eq!(unhashed("chunk_6-0123456789abcdef.wasm"), "chunk_6");
        assert_eq!(unhashed("favicon.svg"), "favicon");
        assert_eq!(unhashed("ghcr-setup-web.js"), "ghcr-setup-web");
    }
}
