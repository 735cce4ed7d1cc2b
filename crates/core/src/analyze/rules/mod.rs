//! The analyzer's rules: one file per rule, all listed in order in the
//! registry [`RULES`]. This module holds what every rule shares: the
//! [`rule!`] declaration, the context [`Ctx`] a rule reads, and [`Out`],
//! which a rule pushes its findings to.
//!
//! Adding a rule:
//! 1. Create `analyze/rules/<name>.rs`, opening with a `//!` comment that says
//!    what the rule checks and why it matters for publishing to ghcr.io.
//! 2. Declare it with `rule!` (doc comment, type name, kebab-case id, one-line
//!    summary) and write its logic as `impl MyRule { fn run(ctx: &Ctx, out: &mut Out) }`.
//! 3. Add `mod <name>;` below and put `&<name>::MyRule` in [`RULES`] at the
//!    place it should run.
//! 4. In `crates/core/tests/`, add the id to `every_rule_has_a_fixture_below`
//!    (analyze_rules.rs), a fixture that fails without the rule, and an inline
//!    snapshot of its message and fix (analyze_messages.rs).

/// Declares a rule: a unit struct with its id and summary, implementing
/// [`Rule`] by calling the struct's own `fn run(ctx: &Ctx, out: &mut Out)`.
macro_rules! rule {
    ($(#[$doc:meta])* $name:ident, $id:literal, $summary:literal) => {
        $(#[$doc])*
        pub struct $name;

        impl $crate::analyze::rules::Rule for $name {
            fn id(&self) -> &'static str {
                $id
            }

            fn summary(&self) -> &'static str {
                $summary
            }

            fn check(
                &self,
                ctx: &$crate::analyze::rules::Ctx,
                findings: &mut Vec<$crate::analyze::Finding>,
            ) {
                $name::run(ctx, &mut $crate::analyze::rules::Out::new($id, findings));
            }
        }
    };
}

mod checkout_pull_request_head;
mod gha_cache_without_buildx;
mod image_name;
mod invalid_uses;
mod login_password;
mod login_registry;
mod outdated_action;
mod packages_write;
mod pr_writes_cache;
mod pull_request_target;
mod push_on_pull_request;
mod top_level_permissions;
mod unpinned_action;
mod versions;

use super::summary::WorkflowSummary;
use super::workflow::{ActionUse, Workflow};
use super::{Finding, Severity};
use crate::actions::Pins;

/// One analyzer rule: its id (as shown in findings), what it checks, and the check.
pub trait Rule: Sync {
    /// The kebab-case id put in every finding of this rule, e.g. `login-registry`.
    fn id(&self) -> &'static str;
    /// One line saying what the rule checks.
    fn summary(&self) -> &'static str;
    /// Push this rule's findings about the workflow in `ctx` onto `findings`.
    fn check(&self, ctx: &Ctx, findings: &mut Vec<Finding>);
}

/// The registry: every rule, in the order they run.
pub const RULES: &[&dyn Rule] = &[
    &invalid_uses::InvalidUses,
    &login_registry::LoginRegistry,
    &login_password::LoginPassword,
    &packages_write::PackagesWrite,
    &top_level_permissions::TopLevelPermissions,
    &outdated_action::OutdatedAction,
    &unpinned_action::UnpinnedAction,
    &image_name::ImageName,
    &push_on_pull_request::PushOnPullRequest,
    &pr_writes_cache::PrWritesCache,
    &pull_request_target::PullRequestTargetPublishes,
    &checkout_pull_request_head::CheckoutPullRequestHead,
    &gha_cache_without_buildx::GhaCacheWithoutBuildx,
];

/// What a rule reads: the workflow, its summary, and the releases it is compared against.
pub struct Ctx<'a> {
    pub(crate) wf: Workflow<'a>,
    pub(crate) summary: WorkflowSummary,
    pub(crate) pins: &'a Pins,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(wf: Workflow<'a>, pins: &'a Pins) -> Self {
        let summary = WorkflowSummary::build(&wf);
        Ctx { wf, summary, pins }
    }
}

/// Where one rule puts its findings; it stamps each with the rule's id.
pub struct Out<'o> {
    rule: &'static str,
    findings: &'o mut Vec<Finding>,
}

impl<'o> Out<'o> {
    pub(crate) fn new(rule: &'static str, findings: &'o mut Vec<Finding>) -> Self {
        Out { rule, findings }
    }

    /// Report something at `line`, with what is wrong and how to fix it.
    pub(crate) fn push(
        &mut self,
        line: usize,
        severity: Severity,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.findings.push(Finding {
            line,
            rule: self.rule,
            severity,
            message: message.into(),
            fix: fix.into(),
        });
    }
}

/// The registry a login step logs in to, with `${{ env.X }}` filled in.
fn login_registry(ctx: &Ctx, s: &ActionUse) -> Option<String> {
    s.input_text("registry")
        .map(|r| ctx.wf.resolve(s.job, s.step, r).text.trim().to_string())
}
