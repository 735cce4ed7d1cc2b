//! Rule `login-password`: the ghcr.io login uses the workflow's own
//! `GITHUB_TOKEN` (or `secrets.X || secrets.GITHUB_TOKEN` for self-hosted
//! runners). A password written into the file is readable by anyone who can
//! read the repository, and a personal token breaks publishing when its owner
//! leaves and can reach more than this repository's package.

use super::{login_registry, Ctx, Out};
use crate::actions::Action;
use crate::analyze::workflow::compact;
use crate::analyze::Severity;

rule!(
    /// Checks that the ghcr.io login's password is the workflow's own token.
    LoginPassword,
    "login-password",
    "the ghcr.io password is GITHUB_TOKEN or `secrets.X || secrets.GITHUB_TOKEN`"
);

const FIX: &str = "Use `password: ${{ secrets.GITHUB_TOKEN }}` (with `packages: write`), or `${{ secrets.NAME || secrets.GITHUB_TOKEN }}` when self-hosted runners need a fallback token.";

impl LoginPassword {
    fn run(ctx: &Ctx, out: &mut Out) {
        for s in ctx.wf.steps_of(Action::Login) {
            let registry = login_registry(ctx, &s);
            if registry.is_some_and(|r| !r.contains("ghcr.io") && !r.contains("${{")) {
                continue;
            }
            let Some(node) = s.input("password") else {
                out.push(
                    s.line,
                    Severity::Error,
                    "The ghcr.io login has no `password:`.",
                    FIX,
                );
                continue;
            };
            let raw = node.str().unwrap_or_default();
            if let Some((severity, message)) = judge_password(raw) {
                out.push(node.line, severity, message, FIX);
            }
        }
    }
}

/// `None` for an acceptable password; otherwise how bad it is and why.
fn judge_password(raw: &str) -> Option<(Severity, String)> {
    let value = compact(raw);
    let fallback_form = value
        .strip_prefix("${{secrets.")
        .and_then(|r| r.strip_suffix("||secrets.GITHUB_TOKEN}}"))
        .is_some_and(|name| {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    let good = matches!(
        value.as_str(),
        "${{secrets.GITHUB_TOKEN}}" | "${{github.token}}"
    ) || fallback_form;
    if good {
        return None;
    }
    Some(if !value.contains("${{") {
        (Severity::Error, "The password is written into the workflow file; anyone who can read the repository can read it.".to_string())
    } else if value.starts_with("${{secrets.") && !value.contains("||") {
        (Severity::Warning, format!("The password `{}` is a personal token: publishing breaks when its owner leaves, and it can reach more than this repository.", raw.trim()))
    } else {
        (
            Severity::Warning,
            format!(
                "The password `{}` is not the workflow's own token.",
                raw.trim()
            ),
        )
    })
}
