//! The analyzer's rules: one unit struct per file, each implementing [`Rule`],
//! all listed in order in the registry [`RULES`]. This module holds what
//! several rules share: the workflow context [`Ctx`], the iteration over steps
//! that run an action, and small helpers for building findings.
//!
//! Adding a rule:
//! 1. Create `analyze/rules/<name>.rs`, opening with a `//!` comment that says
//!    what the rule checks and why it matters for publishing to ghcr.io.
//! 2. In it, declare a unit struct (e.g. `pub struct MyRule;`) and implement
//!    [`Rule`] for it: `id` (the kebab-case id shown in findings), `summary`
//!    (one line) and `check`, which pushes findings built with [`finding`].
//! 3. Add `mod <name>;` below and put `&<name>::MyRule` in [`RULES`] at the
//!    place it should run.
//! 4. Add the id to `every_rule_has_a_fixture_below` and a fixture test that
//!    fails without the rule in `crates/core/tests/analyze_rules.rs`.

mod gha_cache_without_buildx;
mod image_name;
mod login_password;
mod login_registry;
mod outdated_action;
mod packages_write;
mod push_on_pull_request;
mod top_level_permissions;
mod unpinned_action;

use super::tree::{Node, Value};
use super::{Finding, Severity};
use crate::actions;

/// One analyzer rule: its id (as shown in findings), what it checks, and the check.
pub trait Rule {
    /// The kebab-case id put in every finding of this rule, e.g. `login-registry`.
    fn id(&self) -> &'static str;
    /// One line saying what the rule checks.
    fn summary(&self) -> &'static str;
    /// Push this rule's findings about the workflow in `ctx` onto `out`.
    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>);
}

/// The registry: every rule, in the order they run.
pub const RULES: &[&dyn Rule] = &[
    &login_registry::LoginRegistry,
    &login_password::LoginPassword,
    &packages_write::PackagesWrite,
    &top_level_permissions::TopLevelPermissions,
    &outdated_action::OutdatedAction,
    &unpinned_action::UnpinnedAction,
    &image_name::ImageName,
    &push_on_pull_request::PushOnPullRequest,
    &gha_cache_without_buildx::GhaCacheWithoutBuildx,
];

/// The login action, checked by the login rules and by `packages-write`.
const LOGIN: &str = "docker/login-action";
/// The build action, whose `push:`, `tags:` and cache inputs several rules read.
const BUILD_PUSH: &str = "docker/build-push-action";

/// The parsed workflow plus its source lines (comments are not in the tree).
pub struct Ctx<'a> {
    root: &'a Node,
    lines: Vec<&'a str>,
}

/// A step that runs an action: `uses: owner/repo[/path]@ref`.
struct ActionStep<'a> {
    job: &'a Node,
    step: &'a Node,
    /// `owner/repo`, as written.
    name: &'a str,
    reference: &'a str,
    line: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(root: &'a Node, source: &'a str) -> Self {
        Ctx {
            root,
            lines: source.lines().collect(),
        }
    }

    fn jobs(&self) -> impl Iterator<Item = (&'a Node, &'a Node)> {
        self.root.get("jobs").into_iter().flat_map(|j| j.entries())
    }

    fn steps(&self) -> impl Iterator<Item = (&'a Node, &'a Node)> + '_ {
        self.jobs().flat_map(|(_, job)| {
            job.get("steps")
                .into_iter()
                .flat_map(|s| s.items())
                .map(move |step| (job, step))
        })
    }

    fn action_steps(&self) -> impl Iterator<Item = ActionStep<'a>> + '_ {
        self.steps().filter_map(|(job, step)| {
            let uses = step.get("uses")?;
            let (path, reference) = uses.str()?.trim().split_once('@')?;
            if path.starts_with("./") || path.starts_with("docker://") {
                return None;
            }
            let end = path
                .match_indices('/')
                .nth(1)
                .map_or(path.len(), |(i, _)| i);
            Some(ActionStep {
                job,
                step,
                name: &path[..end],
                reference,
                line: uses.line,
            })
        })
    }

    fn steps_of<'s>(&'s self, action: &'s str) -> impl Iterator<Item = ActionStep<'a>> + 's {
        self.action_steps()
            .filter(move |s| s.name.eq_ignore_ascii_case(action))
    }

    /// The trailing `# comment` on a source line, if any.
    fn comment_on(&self, line: usize) -> Option<&'a str> {
        let text = self.lines.get(line.checked_sub(1)?)?;
        text.find(" #").map(|i| text[i + 2..].trim())
    }

    fn triggers(&self) -> Vec<&'a str> {
        let Some(on) = self.root.get("on") else {
            return Vec::new();
        };
        match &on.value {
            Value::Scalar { text, .. } => vec![text.as_str()],
            Value::Seq(items) => items.iter().filter_map(Node::str).collect(),
            Value::Map(entries) => entries.iter().filter_map(|(k, _)| k.str()).collect(),
            Value::Alias => Vec::new(),
        }
    }

    /// Resolve `${{ env.NAME }}` from the step, job or workflow `env:`.
    fn resolve(&self, job: &'a Node, step: &'a Node, value: &'a str) -> &'a str {
        let compact = compact(value);
        let Some(name) = compact
            .strip_prefix("${{env.")
            .and_then(|r| r.strip_suffix("}}"))
        else {
            return value;
        };
        [step, job, self.root]
            .iter()
            .find_map(|scope| {
                scope
                    .get("env")
                    .and_then(|e| e.get(name))
                    .and_then(Node::str)
            })
            .unwrap_or(value)
    }
}

fn with_input<'a>(step: &'a Node, input: &str) -> Option<&'a Node> {
    step.get("with").and_then(|w| w.get(input))
}

fn finding(
    line: usize,
    rule: &'static str,
    severity: Severity,
    message: String,
    fix: impl Into<String>,
) -> Finding {
    Finding {
        line,
        rule,
        severity,
        message,
        fix: fix.into(),
    }
}

/// The text with all whitespace removed, so `${{ x }}` and `${{x}}` compare equal.
fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The registry a login step logs in to, with `${{ env.X }}` resolved.
fn login_registry<'a>(ctx: &Ctx<'a>, s: &ActionStep<'a>) -> Option<&'a str> {
    with_input(s.step, "registry")
        .and_then(Node::str)
        .map(|r| ctx.resolve(s.job, s.step, r).trim())
}

/// The fix text for a known action: its pinned `uses:` line.
fn pinned_fix(a: &actions::PinnedAction) -> String {
    format!("Use `uses: {}@{} # {}`.", a.name, a.sha, a.tag)
}
