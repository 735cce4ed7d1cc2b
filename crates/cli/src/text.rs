//! The human-readable checklist: a header line, then each group with one line
//! per item (`STATUS   Title — summary`, the status always as a word), the
//! fix and its link under every item that needs attention, and a closing
//! line with the counts and the API requests left.
//!
//! Colour is optional decoration on the status word, used only when asked
//! (stdout is a terminal and `NO_COLOR` is unset). Text that came from GitHub
//! has its control characters replaced, so an answer cannot move the cursor
//! or recolour the terminal.

use std::fmt::Write as _;

use ghcr_setup_core::api::DEFAULT_API_BASE;
use ghcr_setup_core::check::{Group, Item, Status};

use crate::report::Report;

/// Width of the status column (`CONFIRM`, `UNKNOWN`).
const STATUS_WIDTH: usize = 7;

/// The word shown for a status: fixed, upper case, never colour alone.
pub fn word(status: Status) -> &'static str {
    match status {
        Status::Pass => "PASS",
        Status::Warn => "WARN",
        Status::Fail => "FAIL",
        Status::Manual => "CONFIRM",
        Status::Unknown => "UNKNOWN",
        Status::NotApplicable => "N/A",
        Status::Pending => "PENDING",
    }
}

/// The ANSI colour of a status word.
fn colour(status: Status) -> &'static str {
    match status {
        Status::Pass => "\x1b[32m",
        Status::Warn => "\x1b[33m",
        Status::Fail => "\x1b[1;31m",
        Status::Manual => "\x1b[36m",
        Status::Unknown => "\x1b[35m",
        Status::NotApplicable | Status::Pending => "\x1b[2m",
    }
}

/// Whether an item shows its fix and link below it.
fn shows_fix(status: Status) -> bool {
    matches!(
        status,
        Status::Fail | Status::Warn | Status::Manual | Status::Unknown
    )
}

/// Whether to colour the output: `stdout_is_terminal` and `NO_COLOR` unset or empty.
pub fn use_colour(stdout_is_terminal: bool, no_color: Option<&str>) -> bool {
    stdout_is_terminal && no_color.is_none_or(str::is_empty)
}

/// One line of text from outside: control characters (line breaks, escape
/// sequences) become spaces.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// The whole report as text, ending with a line break.
pub fn render(report: &Report, coloured: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", header(report));
    for group in Group::ALL {
        let items: Vec<&Item> = report.group(group).collect();
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", group.title());
        for item in items {
            item_lines(&mut out, item, coloured);
        }
    }
    let _ = writeln!(out, "\n{}", summary_line(report));
    out
}

fn header(report: &Report) -> String {
    let mut line = format!("Setup check for {}", report.repo);
    if let Some(image) = &report.view.image {
        let _ = write!(line, ", image {}", clean(image));
    }
    if report.api_base != DEFAULT_API_BASE {
        let _ = write!(line, ", API {}", report.api_base);
    }
    line
}

fn item_lines(out: &mut String, item: &Item, coloured: bool) {
    let status = item.verdict.status;
    let padded = format!("{:<STATUS_WIDTH$}", word(status));
    let shown = if coloured {
        format!("{}{padded}\x1b[0m", colour(status))
    } else {
        padded
    };
    let _ = writeln!(
        out,
        "  {shown}  {} — {}",
        item.meta.title,
        clean(&item.verdict.summary)
    );
    if !shows_fix(status) {
        return;
    }
    let indent = " ".repeat(2 + STATUS_WIDTH + 2);
    if let Some(fix) = &item.verdict.fix {
        let _ = writeln!(out, "{indent}Fix: {}", clean(&fix.text));
        if let Some(link) = &fix.link {
            let _ = writeln!(out, "{indent}{}: {}", clean(&link.text), clean(&link.href));
        }
    }
}

fn summary_line(report: &Report) -> String {
    let counts: Vec<String> = Status::ALL
        .into_iter()
        .map(|s| (s, report.count(s)))
        .filter(|(_, n)| *n > 0)
        .map(|(s, n)| format!("{n} {}", word(s)))
        .collect();
    let mut line = format!("{} checks: {}.", report.view.items.len(), counts.join(", "));
    if let Some(rate) = &report.view.rate_limit {
        let _ = write!(
            line,
            " API requests left: {} of {}.",
            rate.remaining, rate.limit
        );
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_word_fits_the_column_and_differs() {
        let words: Vec<&str> = Status::ALL.into_iter().map(word).collect();
        for w in &words {
            assert!(w.len() <= STATUS_WIDTH, "{w}");
        }
        let mut unique = words.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), words.len());
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        assert!(use_colour(true, None));
        assert!(use_colour(true, Some("")));
        assert!(!use_colour(true, Some("1")));
        assert!(!use_colour(false, None));
    }

    #[test]
    fn control_characters_from_outside_are_neutralised() {
        assert_eq!(clean("a\x1b[2Jb\nc"), "a [2Jb c");
    }
}
