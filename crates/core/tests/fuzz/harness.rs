//! The fuzz harness every fuzz target runs under.
//!
//! - How many cases: `GHCR_FUZZ_CASES` when set (`cargo xtask fuzz` sets it),
//!   else the target's small default, so plain `cargo test` stays quick.
//! - Bounded memory: a counting global allocator keeps, per thread, the bytes
//!   live now and the most live since the case began; each case reports how
//!   much it added at its peak, and targets assert a ceiling.
//! - No hang: a watchdog thread watches the case in progress; one that runs
//!   longer than [`HANG_LIMIT`] is printed (its input goes to a file under
//!   the system's temporary folder) and the test process exits with failure.
//! - A summary line per target (`fuzz-summary target=… cases=… …`) that
//!   `cargo xtask fuzz` collects into its table.
//!
//! The harness is shared with the fake GitHub's scenario target (included
//! there by path), so it depends on nothing but `std` and `proptest`.

#![allow(dead_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::{Cell, RefCell};
use std::fmt::Debug;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, TestRunner};

/// The environment variable that sets the number of cases of every target.
pub const CASES_ENV: &str = "GHCR_FUZZ_CASES";

/// A case running longer than this is a hang.
pub const HANG_LIMIT: Duration = Duration::from_secs(10);

/// Bytes in a mebibyte, for memory ceilings.
pub const MIB: usize = 1024 * 1024;

/// Counts allocations per thread (see the module docs).
struct Counting;

thread_local! {
    /// Bytes allocated minus bytes freed on this thread (frees of memory
    /// allocated elsewhere can make it negative).
    static LIVE: Cell<isize> = const { Cell::new(0) };
    /// The highest `LIVE` since the last [`Target::case`] began.
    static PEAK: Cell<isize> = const { Cell::new(0) };
}

fn note(delta: isize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get().saturating_add(delta);
        live.set(now);
        let _ = PEAK.try_with(|peak| {
            if now > peak.get() {
                peak.set(now);
            }
        });
    });
}

fn size_of(layout: Layout) -> isize {
    isize::try_from(layout.size()).unwrap_or(isize::MAX)
}

// SAFETY: every call is passed to `System` unchanged; the counters only
// observe sizes and never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            note(size_of(layout));
        }
        p
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            note(size_of(layout));
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        note(-size_of(layout));
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            note(isize::try_from(new_size).unwrap_or(isize::MAX) - size_of(layout));
        }
        p
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

/// Cases to run: `GHCR_FUZZ_CASES` if set and valid, else `default`.
pub fn cases(default: u32) -> u32 {
    match std::env::var(CASES_ENV) {
        Ok(text) => match text.trim().replace('_', "").parse::<u32>() {
            Ok(n) if n > 0 => n,
            _ => panic!("{CASES_ENV}={text:?} is not a positive whole number"),
        },
        Err(_) => default,
    }
}

/// What one case cost.
#[derive(Debug, Clone, Copy)]
pub struct Cost {
    pub elapsed: Duration,
    /// Most bytes the case had allocated (and not yet freed) at once.
    pub peak_bytes: usize,
}

/// The case in progress, as the watchdog sees it.
struct Current {
    started: Instant,
    what: String,
    input: String,
}

/// Per-target figures.
#[derive(Default)]
struct Stats {
    cases: u64,
    slowest: Duration,
    slowest_what: String,
    peak_bytes: usize,
    peak_what: String,
    /// How many cases ended each way (see [`Target::tally`]).
    outcomes: std::collections::BTreeMap<&'static str, u64>,
}

/// One fuzz target: runs cases under the watchdog and keeps its figures.
pub struct Target {
    name: &'static str,
    started: Instant,
    stats: RefCell<Stats>,
    current: Arc<Mutex<Option<Current>>>,
    stop: Arc<AtomicBool>,
}

impl Target {
    /// Starts the target `name` and its watchdog.
    pub fn new(name: &'static str) -> Target {
        let current: Arc<Mutex<Option<Current>>> = Arc::new(Mutex::new(None));
        let stop = Arc::new(AtomicBool::new(false));
        let (watched, stopped) = (Arc::clone(&current), Arc::clone(&stop));
        std::thread::spawn(move || watchdog(name, &watched, &stopped));
        Target {
            name,
            started: Instant::now(),
            stats: RefCell::new(Stats::default()),
            current,
            stop,
        }
    }

    /// Runs one case: `what` names it in reports (kind and size), `input` is
    /// what the watchdog saves if it hangs. Returns the result and its cost.
    pub fn case<T>(
        &self,
        what: impl Into<String>,
        input: impl FnOnce() -> String,
        f: impl FnOnce() -> T,
    ) -> (T, Cost) {
        let what = what.into();
        if let Ok(mut slot) = self.current.lock() {
            *slot = Some(Current {
                started: Instant::now(),
                what: what.clone(),
                input: input(),
            });
        }
        let base = LIVE.with(Cell::get);
        PEAK.with(|p| p.set(base));
        let started = Instant::now();
        let value = f();
        let elapsed = started.elapsed();
        let peak_bytes = usize::try_from(PEAK.with(Cell::get) - base).unwrap_or(0);
        if let Ok(mut slot) = self.current.lock() {
            *slot = None;
        }
        let mut stats = self.stats.borrow_mut();
        stats.cases += 1;
        if elapsed > stats.slowest {
            stats.slowest = elapsed;
            stats.slowest_what.clone_from(&what);
        }
        if peak_bytes > stats.peak_bytes {
            stats.peak_bytes = peak_bytes;
            stats.peak_what = what;
        }
        (
            value,
            Cost {
                elapsed,
                peak_bytes,
            },
        )
    }

    /// Counts a case as having ended the way `outcome` names, so the
    /// summary shows how deep the inputs reached.
    pub fn tally(&self, outcome: &'static str) {
        *self.stats.borrow_mut().outcomes.entry(outcome).or_default() += 1;
    }

    /// Runs `cases(default_cases)` cases of `strategy` through `test` with
    /// proptest (shrinking any failure), prints the summary line, and
    /// panics with the smallest failing input if one failed.
    pub fn run<S>(
        &self,
        default_cases: u32,
        strategy: S,
        test: impl Fn(S::Value) -> Result<(), proptest::test_runner::TestCaseError>,
    ) where
        S: Strategy,
        S::Value: Debug,
    {
        let config = Config {
            cases: cases(default_cases),
            max_shrink_iters: 2_000,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new(config);
        let result = runner.run(&strategy, test);
        self.stop.store(true, Ordering::Relaxed);
        let stats = self.stats.borrow();
        let outcome = if result.is_ok() { "ok" } else { "FAILED" };
        let mix: Vec<String> = stats
            .outcomes
            .iter()
            .map(|(name, n)| format!("{name}:{n}"))
            .collect();
        println!(
            "fuzz-summary target={} cases={} secs={:.1} slowest_ms={:.1} slowest={:?} peak_kib={} peak={:?} mix={} result={outcome}",
            self.name,
            stats.cases,
            self.started.elapsed().as_secs_f64(),
            stats.slowest.as_secs_f64() * 1000.0,
            stats.slowest_what,
            stats.peak_bytes / 1024,
            stats.peak_what,
            mix.join(","),
        );
        if let Err(error) = result {
            panic!("fuzz target {} failed: {error}", self.name);
        }
    }
}

impl Drop for Target {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn watchdog(name: &'static str, current: &Mutex<Option<Current>>, stop: &AtomicBool) {
    while !stop.load(Ordering::Relaxed) {
        std::thread::sleep(Duration::from_millis(200));
        let Ok(slot) = current.lock() else { return };
        let Some(case) = slot.as_ref() else { continue };
        let running = case.started.elapsed();
        if running < HANG_LIMIT {
            continue;
        }
        let file = std::env::temp_dir().join(format!("ghcr-fuzz-hang-{name}.txt"));
        let saved = match std::fs::write(&file, &case.input) {
            Ok(()) => format!("the whole input is in {}", file.display()),
            Err(e) => format!("the input could not be saved ({e})"),
        };
        let head: String = case.input.chars().take(2_000).collect();
        eprintln!(
            "fuzz target {name}: a case ({}) has run for {:.1} s, over the {} s hang limit; {saved}. It begins:\n{head:?}",
            case.what,
            running.as_secs_f64(),
            HANG_LIMIT.as_secs()
        );
        std::process::exit(101);
    }
}

/// `text` as a short description: its size in bytes.
pub fn sized(kind: &str, bytes: usize) -> String {
    format!("{kind}, {bytes} bytes")
}
