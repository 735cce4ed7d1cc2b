//! Fuzz target `analyzer`: `analyze::analyze` and `analyze::summarize` on
//! arbitrary text, on YAML built from a grammar, on mutated real workflows
//! (the generator's output and the analyzer tests' fixtures), on alias
//! bombs, nesting past the depth cap, and inputs at the 256 KiB limit.
//!
//! Each case must end (watchdog), stay under a memory ceiling, agree
//! between `analyze` and `summarize`, refuse what is over the limit, and
//! give findings on lines of the input with a message and a fix.

use ghcr_setup_core::analyze::{
    analyze, summarize, AnalyzeError, MAX_INPUT_BYTES, TOO_LARGE_TO_ANALYZE,
};
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::workflow::{generate, sample_matrix, WorkflowOptions};
use proptest::prelude::*;

use super::harness::{sized, Target, MIB};
use super::mutate::mutated_text;
use super::yaml;

/// Cases in a plain `cargo test` run.
const DEFAULT_CASES: u32 = 2_000;

/// Most memory one case may use. A 256 KiB input becomes at most a few
/// hundred thousand small nodes; 96 MiB is a ceiling far above that and far
/// below what an expanded alias bomb would take.
const MEMORY_CEILING: usize = 96 * MIB;

/// Words worth inserting into a workflow.
const WORDS: &[&str] = &[
    "${{ ",
    " }}",
    "${{ github.repository }}",
    "${{ env.IMAGE }}",
    "${{ secrets.GITHUB_TOKEN }}",
    "${{ matrix.x }}",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "<<: *a\n",
    "? ",
    ": ",
    "- ",
    "\n",
    "\t",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "|\n",
    ">-\n",
    "#",
    "!!str ",
    "!!binary ",
    "%YAML 1.2\n---\n",
    "---\n",
    "...\n",
    "\u{feff}",
    "\r\n",
    "\r",
    "\0",
    "\u{85}",
    "\u{2028}",
    "        ",
    ",",
    "\\",
    "jobs:\n",
    "on: pull_request\n",
    "uses: docker/login-action@v3\n",
    "registry: ghcr.io\n",
    "push: true\n",
    "permissions: write-all\n",
    "packages: write\n",
    "runs-on: self-hosted\n",
    "docker push ghcr.io/$IMAGE",
    "*undefined ",
    "&x &y ",
    "!<!> ",
];

/// The generator's workflow for `o/r`, a spread of the sample matrix, and
/// every workflow-shaped text in the analyzer tests' sources.
pub fn seeds() -> Vec<String> {
    let mut out = Vec::new();
    if let Ok(options) = RepoSlug::parse("o/r").and_then(WorkflowOptions::new) {
        out.push(generate(&options));
    }
    out.extend(
        sample_matrix()
            .into_iter()
            .step_by(7)
            .map(|(_, options)| generate(&options)),
    );
    for source in [
        include_str!("../analyze_fixtures.rs"),
        include_str!("../analyze_rules.rs"),
        include_str!("../analyze_messages.rs"),
        include_str!("../analyze_versions.rs"),
        include_str!("../summarize.rs"),
    ] {
        out.extend(
            string_literals(source)
                .into_iter()
                .filter(|s| s.contains("jobs:"))
                .map(|s| fill_placeholders(&s)),
        );
    }
    out
}

/// The string literals of a Rust source, plain (`"…"`, escapes read) and
/// raw (`r#"…"#`).
fn string_literals(source: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(start) = rest.find('"') {
        let raw = rest[..start].ends_with("r#");
        rest = &rest[start + 1..];
        if raw {
            let Some(end) = rest.find("\"#") else { break };
            out.push(rest[..end].to_string());
            rest = &rest[end + 2..];
            continue;
        }
        let mut text = String::new();
        let mut chars = rest.char_indices();
        let mut end = rest.len();
        while let Some((i, c)) = chars.next() {
            match c {
                '"' => {
                    end = i + 1;
                    break;
                }
                '\\' => match chars.next().map(|(_, e)| e) {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('0') => text.push('\0'),
                    Some('\n') => {
                        // A line continuation: skip the next line's indentation.
                        let skipped: String = chars
                            .clone()
                            .map(|(_, c)| c)
                            .take_while(|c| c.is_whitespace())
                            .collect();
                        for _ in skipped.chars() {
                            chars.next();
                        }
                    }
                    Some(other) => text.push(other),
                    None => {}
                },
                c => text.push(c),
            }
        }
        out.push(text);
        rest = &rest[end..];
    }
    out
}

/// Undoes `format!` escaping and fills the tests' action constants.
fn fill_placeholders(text: &str) -> String {
    let text = if text.contains("{{") {
        text.replace("{{", "\u{1}").replace("}}", "\u{2}")
    } else {
        text.to_string()
    };
    let pinned = "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0";
    let mut text = text;
    for name in [
        "{CHECKOUT}",
        "{BUILDX}",
        "{LOGIN}",
        "{METADATA}",
        "{BUILD}",
        "{COSIGN}",
        "{BAKE}",
        "{uses}",
        "{login}",
        "{build}",
    ] {
        text = text.replace(name, pinned);
    }
    text.replace('\u{1}', "{").replace('\u{2}', "}")
}

#[derive(Debug, Clone)]
enum Kind {
    Arbitrary,
    Grammar,
    Mutated,
    Bomb,
    Deep,
    Huge,
}

fn input() -> impl Strategy<Value = (Kind, String)> {
    let seeds = seeds();
    let big_seed = seeds.first().cloned().unwrap_or_default();
    // Weights: a case at the size limit costs as much as a few hundred
    // small ones, so it comes about once in 400.
    prop_oneof![
        80 => any::<String>().prop_map(|s| (Kind::Arbitrary, s)),
        20 => proptest::collection::vec(any::<u8>(), 0..2_048)
            .prop_map(|b| (Kind::Arbitrary, String::from_utf8_lossy(&b).into_owned())),
        120 => yaml::document().prop_map(|s| (Kind::Grammar, s)),
        160 => mutated_text(seeds, WORDS, 8).prop_map(|s| (Kind::Mutated, s)),
        20 => yaml::alias_bomb().prop_map(|s| (Kind::Bomb, s)),
        20 => yaml::deep().prop_map(|s| (Kind::Deep, s)),
        1 => yaml::huge(big_seed).prop_map(|s| (Kind::Huge, s)),
    ]
}

pub fn run() {
    let target = Target::new("analyzer");
    target.run(DEFAULT_CASES, input(), |(kind, text)| {
        let what = sized(&format!("{kind:?}"), text.len());
        let ((analyzed, summarized), cost) =
            target.case(what, || text.clone(), || (analyze(&text), summarize(&text)));
        prop_assert!(
            cost.peak_bytes <= MEMORY_CEILING,
            "{} MiB for a {}-byte input",
            cost.peak_bytes / MIB,
            text.len()
        );
        agree(&analyzed, &summarized)?;
        target.tally(match &analyzed {
            Ok(f) if f.is_empty() => "no-finding",
            Ok(_) => "findings",
            Err(AnalyzeError::TooLarge { .. }) => "too-large",
            Err(AnalyzeError::Syntax { .. }) => "syntax",
            Err(AnalyzeError::TooDeep { .. }) => "too-deep",
            Err(AnalyzeError::TooManyNodes { .. }) => "too-many-nodes",
            Err(AnalyzeError::TooLargeToExpand { .. }) => "too-large-to-expand",
            Err(AnalyzeError::NotAWorkflow(_)) => "not-a-workflow",
        });
        if text.len() > MAX_INPUT_BYTES {
            prop_assert!(
                matches!(analyzed, Err(AnalyzeError::TooLarge { .. })),
                "{} bytes were not refused",
                text.len()
            );
        }
        match analyzed {
            Ok(findings) => {
                let lines = text.lines().count().max(1);
                for f in findings {
                    prop_assert!(
                        f.line >= 1 && f.line <= lines + 1,
                        "line {} of {}",
                        f.line,
                        lines
                    );
                    prop_assert!(!f.message.is_empty() && !f.fix.is_empty(), "{:?}", f);
                }
            }
            Err(error) => prop_assert!(!error.to_string().is_empty()),
        }
        Ok(())
    });
}

/// `analyze` and `summarize` read the same text alike: both refuse it the
/// same way, or both read it — except a workflow too large to expand, which
/// the summary refuses and the analyzer reports as its one finding.
fn agree(
    analyzed: &Result<Vec<ghcr_setup_core::analyze::Finding>, AnalyzeError>,
    summarized: &Result<ghcr_setup_core::analyze::WorkflowSummary, AnalyzeError>,
) -> Result<(), proptest::test_runner::TestCaseError> {
    match (analyzed, summarized) {
        (Ok(findings), Err(AnalyzeError::TooLargeToExpand { .. })) => {
            prop_assert_eq!(findings.len(), 1);
            prop_assert_eq!(findings[0].rule, TOO_LARGE_TO_ANALYZE);
        }
        (Ok(findings), Ok(_)) => {
            // The rules fill in more than the summary: past the budget
            // alone, their one finding says so.
            let over = findings.iter().any(|f| f.rule == TOO_LARGE_TO_ANALYZE);
            prop_assert!(!over || findings.len() == 1, "{:?}", findings);
        }
        (Err(a), Err(s)) => prop_assert_eq!(a, s),
        (a, s) => prop_assert!(
            false,
            "analyze {:?} but summarize {:?}",
            a.as_ref().err(),
            s.as_ref().err()
        ),
    }
    Ok(())
}

/// The hostile shapes at full size, once each: refused or read, never
/// exploding in time or memory. Prints what each took.
pub fn limits() {
    let seed = seeds().first().cloned().unwrap_or_default();
    let target = Target::new("analyzer-limits");
    for filler in [
        yaml::Filler::Jobs,
        yaml::Filler::Aliases,
        yaml::Filler::LongLine,
        yaml::Filler::FlowItems,
        yaml::Filler::Expressions,
        yaml::Filler::Nested,
    ] {
        for size in [MAX_INPUT_BYTES, MAX_INPUT_BYTES + 1] {
            let text = yaml::fill(&seed, filler, size);
            assert_eq!(text.len(), size, "{filler:?}");
            let ((analyzed, summarized), cost) = target.case(
                sized(&format!("{filler:?}"), size),
                || text.clone(),
                || (analyze(&text), summarize(&text)),
            );
            let outcome = match &analyzed {
                Ok(findings) => format!("{} findings", findings.len()),
                Err(e) => format!("refused: {e}"),
            };
            println!(
                "  analyzer at {size} bytes of {filler:?}: {:.1} ms, {} KiB, {outcome}",
                cost.elapsed.as_secs_f64() * 1000.0,
                cost.peak_bytes / 1024
            );
            assert!(
                cost.peak_bytes <= MEMORY_CEILING,
                "{filler:?}: {} MiB",
                cost.peak_bytes / MIB
            );
            if let Err(e) = agree(&analyzed, &summarized) {
                panic!("{filler:?}: {e}");
            }
            if size > MAX_INPUT_BYTES {
                assert!(matches!(analyzed, Err(AnalyzeError::TooLarge { .. })));
            } else {
                assert!(!matches!(analyzed, Err(AnalyzeError::TooLarge { .. })));
            }
        }
    }
}
