//! The workflow analyzer: reads a pasted workflow and reports what would stop
//! it from publishing to ghcr.io, or make publishing unsafe.
//!
//! [`analyze`] parses the YAML into a small positioned tree ([`tree`]), reads
//! it through [`workflow`] into a [`WorkflowSummary`], then runs every rule in
//! [`RULES`], comparing action versions against a pin set
//! ([`analyze_with`]; [`analyze`] uses the built-in one). [`summarize`] gives
//! the summary alone, for the settings checklist. Any input — garbage, huge,
//! deeply nested, alias bombs — ends in a result or an [`AnalyzeError`],
//! never a panic.

mod flow;
mod images;
mod rules;
mod summary;
mod tree;
mod workflow;

pub use flow::{Origin, RepositoryFlow, Sink, SinkKind};
pub use rules::{Rule, RULES};
pub use summary::{
    Access, ActionRef, BadUses, BuildStep, Image, JobSummary, Label, Login, LoginVia,
    PackagesGrant, Permissions, Push, PushVia, RunsOn, Scope, UsesKind, WorkflowSummary,
};
pub use workflow::{
    Overrun as ExpansionLimit, MAX_EXPANDED_TOTAL, MAX_EXPANDED_VALUE, MAX_EXPANSION_WORK,
};

use crate::actions::Pins;

use std::fmt;

/// Largest input accepted, in bytes.
pub const MAX_INPUT_BYTES: usize = 256 * 1024;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Publishing will fail or is unsafe.
    Error,
    /// Works today but is fragile or weaker than it should be.
    Warning,
    /// Worth knowing; often a deliberate choice.
    Info,
}

impl Severity {
    /// Lower-case name: `error`, `warning`, `info`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing the analyzer noticed, with the line it is about and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line in the input.
    pub line: usize,
    /// The rule's id, e.g. `login-registry`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub fix: String,
}

/// Why a text could not be analyzed at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnalyzeError {
    TooLarge {
        bytes: usize,
        limit: usize,
    },
    Syntax {
        line: usize,
        column: usize,
        message: String,
    },
    TooDeep {
        line: usize,
        limit: usize,
    },
    TooManyNodes {
        limit: usize,
    },
    /// Filling in `env:` variables defined through each other passed the
    /// expansion budget (see [`MAX_EXPANDED_VALUE`]) at this line.
    TooLargeToExpand {
        line: usize,
        limit: ExpansionLimit,
    },
    NotAWorkflow(String),
}

impl fmt::Display for AnalyzeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnalyzeError::TooLarge { bytes, limit } => write!(
                f,
                "The text is {} KiB; the analyzer reads workflows up to {} KiB. Paste only the workflow file.",
                bytes.div_ceil(1024),
                limit / 1024
            ),
            AnalyzeError::Syntax { line, column, message } => {
                write!(f, "This is not valid YAML: line {line}, column {column}: {message}.")
            }
            AnalyzeError::TooDeep { line, limit } => write!(
                f,
                "The YAML nests more than {limit} levels deep (at line {line}); a workflow never needs that."
            ),
            AnalyzeError::TooManyNodes { limit } => {
                write!(f, "The YAML has more than {limit} values; a workflow never needs that.")
            }
            AnalyzeError::TooLargeToExpand { line, limit } => {
                let past = match limit {
                    ExpansionLimit::Value => format!("one value past {} KiB", MAX_EXPANDED_VALUE / 1024),
                    ExpansionLimit::Work => format!("past {MAX_EXPANSION_WORK} substitution steps"),
                    ExpansionLimit::Total => format!("past {} MiB in all", MAX_EXPANDED_TOTAL / (1024 * 1024)),
                };
                write!(
                    f,
                    "The workflow is too large to analyze: its `env:` variables refer to each other so that filling them in (at line {line}) grows {past}. A workflow never needs that: define each variable from text and `${{{{ github.… }}}}` values, not from variables that repeat other variables."
                )
            }
            AnalyzeError::NotAWorkflow(why) => write!(f, "This does not look like a GitHub Actions workflow: {why}"),
        }
    }
}

impl std::error::Error for AnalyzeError {}

/// Analyze a workflow's YAML against the built-in pin set. Findings are sorted by line, then rule.
pub fn analyze(yaml: &str) -> Result<Vec<Finding>, AnalyzeError> {
    analyze_with(yaml, &Pins::builtin())
}

/// Analyze a workflow's YAML, comparing its action versions with `pins`
/// (live ones when the app resolved them). Findings are sorted by line, then rule.
pub fn analyze_with(yaml: &str, pins: &Pins) -> Result<Vec<Finding>, AnalyzeError> {
    let root = parse_workflow(yaml)?;
    let ctx = rules::Ctx::new(workflow::Workflow::new(&root, yaml), pins);
    let mut findings = Vec::new();
    for rule in RULES {
        rule.check(&ctx, &mut findings);
        if ctx.wf.over_budget().is_some() {
            break;
        }
    }
    if let Some(over) = ctx.wf.over_budget() {
        // What the rules saw past the budget is as written, not as run:
        // one finding says so instead.
        let err = AnalyzeError::TooLargeToExpand {
            line: over.line,
            limit: over.limit,
        };
        return Ok(vec![Finding {
            line: over.line.max(1),
            rule: TOO_LARGE_TO_ANALYZE,
            severity: Severity::Error,
            message: err.to_string(),
            fix: "Write each `env:` value out, or from `${{ github.… }}` values; then paste it again. Until then nothing in this workflow is checked.".into(),
        }]);
    }
    findings.sort_by(|a, b| (a.line, a.rule).cmp(&(b.line, b.rule)));
    Ok(findings)
}

/// The id of the finding given instead of all others when a workflow's
/// variables expand past the budget.
pub const TOO_LARGE_TO_ANALYZE: &str = "too-large-to-analyze";

/// The error for a workflow whose expansion passed its budget.
fn too_large_to_expand(wf: &workflow::Workflow) -> Option<AnalyzeError> {
    wf.over_budget().map(|o| AnalyzeError::TooLargeToExpand {
        line: o.line,
        limit: o.limit,
    })
}

/// The structured facts of a workflow (same input limits and errors as [`analyze`]).
pub fn summarize(yaml: &str) -> Result<WorkflowSummary, AnalyzeError> {
    let root = parse_workflow(yaml)?;
    let wf = workflow::Workflow::new(&root, yaml);
    let summary = WorkflowSummary::build(&wf);
    match too_large_to_expand(&wf) {
        Some(err) => Err(err),
        None => Ok(summary),
    }
}

/// Parse and check that the text is a workflow: a mapping with `jobs:`.
fn parse_workflow(yaml: &str) -> Result<tree::Node, AnalyzeError> {
    if yaml.len() > MAX_INPUT_BYTES {
        return Err(AnalyzeError::TooLarge {
            bytes: yaml.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    let root = tree::parse(yaml)?
        .ok_or_else(|| AnalyzeError::NotAWorkflow("the text is empty.".into()))?;
    if !matches!(root.value, tree::Value::Map(_)) {
        return Err(AnalyzeError::NotAWorkflow(
            "the top level is not a mapping of keys like `on:` and `jobs:`.".into(),
        ));
    }
    if root.get("jobs").is_none() {
        return Err(AnalyzeError::NotAWorkflow(
            "it has no `jobs:` section.".into(),
        ));
    }
    Ok(root)
}
