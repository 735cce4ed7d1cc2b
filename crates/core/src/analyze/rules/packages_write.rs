//! Rule `packages-write`: every job that publishes (logs in to a registry or
//! runs build-push with `push:` not `false`) has a token with
//! `packages: write`. Without it ghcr.io refuses the push; without any
//! `permissions:` the job silently depends on the repository's default token
//! permissions, which an owner may have set to read-only.

use super::{finding, with_input, Ctx, Rule, BUILD_PUSH, LOGIN};
use crate::analyze::tree::{Node, Value};
use crate::analyze::{Finding, Severity};

const ID: &str = "packages-write";

const FIX: &str =
    "Add `permissions:` with `contents: read` and `packages: write` to the publishing job.";

/// Checks that publishing jobs can write packages.
pub struct PackagesWrite;

impl Rule for PackagesWrite {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "a publishing job has `packages: write`"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for (key, job) in ctx.jobs() {
            if !publishes(ctx, job) {
                continue;
            }
            let name = key.str().unwrap_or("?");
            let scope = if job.get("permissions").is_some() {
                job
            } else {
                ctx.root
            };
            let Some(perms) = scope.get("permissions") else {
                out.push(finding(key.line, ID, Severity::Warning,
                    format!("Job `{name}` pushes images but declares no permissions, so it depends on the repository's default token permissions."), FIX));
                continue;
            };
            if !grants_packages_write(perms) {
                let line = scope.key_node("permissions").map_or(perms.line, |k| k.line);
                out.push(finding(line, ID, Severity::Error,
                    format!("Job `{name}` pushes images but its token lacks `packages: write`, so ghcr.io will refuse the push."), FIX));
            }
        }
    }
}

/// True when the job logs in to a registry or runs build-push without `push: false`.
fn publishes(ctx: &Ctx, job: &Node) -> bool {
    ctx.action_steps()
        .filter(|s| std::ptr::eq(s.job, job))
        .any(|s| {
            s.name.eq_ignore_ascii_case(LOGIN)
                || (s.name.eq_ignore_ascii_case(BUILD_PUSH)
                    && with_input(s.step, "push")
                        .and_then(Node::str)
                        .is_some_and(|p| p.trim() != "false"))
        })
}

/// True for `write-all` or a mapping with `packages: write`.
fn grants_packages_write(perms: &Node) -> bool {
    match &perms.value {
        Value::Scalar { text, .. } => text.trim() == "write-all",
        _ => perms
            .get("packages")
            .and_then(Node::str)
            .is_some_and(|p| p.trim() == "write"),
    }
}
