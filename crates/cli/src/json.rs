//! The `--json` document: a stable shape for scripts and CI, written from the
//! CLI's own serde structs so the core's types can change without changing it.
//!
//! ```text
//! { "format": 1, "repo": "owner/repo", "image": "ghcr.io/owner/repo" | null,
//!   "image_given": bool, "api_base": "https://api.github.com", "checked_at": ms,
//!   "items": [ { "id", "group", "title", "status", "summary",
//!                "evidence": [ { "label", "value", "source": "GET /…" | null } ],
//!                "fix": { "text", "link": { "href", "text" } | null } | null } ],
//!   "counts": { "fail", "warn", "manual", "unknown", "pass", "na", "pending" },
//!   "rate_limit": { "limit", "remaining" } | null,
//!   "share_link": "…" (only with --share-link) }
//! ```
//!
//! `status` is the core's stable id (`pass`, `warn`, `fail`, `manual`,
//! `unknown`, `na`); `group` is the group's id (`token`, `settings`,
//! `package`, `runners`, `workflow`). Fields are only ever added, and
//! `format` changes if one has to change meaning.

use serde::Serialize;

use ghcr_setup_core::check::{Item, Status};

use crate::report::Report;

/// Bumped when a field changes meaning or goes away.
pub const FORMAT: u32 = 1;

#[derive(Serialize)]
struct Document<'a> {
    format: u32,
    repo: &'a str,
    image: Option<&'a str>,
    image_given: bool,
    api_base: &'a str,
    checked_at: u64,
    items: Vec<JsonItem<'a>>,
    counts: Counts,
    rate_limit: Option<JsonRate>,
    /// Present with `--share-link`.
    #[serde(skip_serializing_if = "Option::is_none")]
    share_link: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: &'static str,
    group: &'static str,
    title: &'static str,
    status: &'static str,
    summary: &'a str,
    evidence: Vec<JsonEvidence<'a>>,
    fix: Option<JsonFix<'a>>,
}

#[derive(Serialize)]
struct JsonEvidence<'a> {
    label: &'a str,
    value: &'a str,
    source: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonFix<'a> {
    text: &'a str,
    link: Option<JsonLink<'a>>,
}

#[derive(Serialize)]
struct JsonLink<'a> {
    href: &'a str,
    text: &'a str,
}

#[derive(Serialize)]
struct Counts {
    fail: usize,
    warn: usize,
    manual: usize,
    unknown: usize,
    pass: usize,
    na: usize,
    pending: usize,
}

#[derive(Serialize)]
struct JsonRate {
    limit: u64,
    remaining: u64,
}

fn item(item: &Item) -> JsonItem<'_> {
    let v = &item.verdict;
    JsonItem {
        id: item.meta.id,
        group: item.meta.group.id(),
        title: item.meta.title,
        status: v.status.id(),
        summary: &v.summary,
        evidence: v
            .evidence
            .iter()
            .map(|e| JsonEvidence {
                label: &e.label,
                value: &e.value,
                source: e.source.as_deref(),
            })
            .collect(),
        fix: v.fix.as_ref().map(|f| JsonFix {
            text: &f.text,
            link: f.link.as_ref().map(|l| JsonLink {
                href: &l.href,
                text: &l.text,
            }),
        }),
    }
}

/// The document, pretty-printed, ending with a line break.
pub fn render(report: &Report, share_link: Option<&str>) -> String {
    let doc = Document {
        format: FORMAT,
        repo: &report.repo,
        image: report.view.image.as_deref(),
        image_given: report.view.image_given,
        api_base: &report.api_base,
        checked_at: report.checked_at(),
        items: report.view.items.iter().map(item).collect(),
        counts: Counts {
            fail: report.count(Status::Fail),
            warn: report.count(Status::Warn),
            manual: report.count(Status::Manual),
            unknown: report.count(Status::Unknown),
            pass: report.count(Status::Pass),
            na: report.count(Status::NotApplicable),
            pending: report.count(Status::Pending),
        },
        rate_limit: report.view.rate_limit.as_ref().map(|r| JsonRate {
            limit: r.limit,
            remaining: r.remaining,
        }),
        share_link,
    };
    // Plain structs of strings and numbers always serialize; the fallback is
    // still valid JSON rather than a panic.
    let mut text = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| serde_json::json!({ "error": e.to_string() }).to_string());
    text.push('\n');
    text
}
