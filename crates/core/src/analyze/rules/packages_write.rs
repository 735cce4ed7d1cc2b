//! Rule `packages-write`: every job that publishes to ghcr.io with the
//! workflow's own token has `packages: write`. Without it ghcr.io refuses the
//! push; without any `permissions:` the job silently depends on the
//! repository's default token permissions, which an owner may have set to
//! read-only. Jobs that log in only with a personal token, or only to other
//! registries, do not need it.

use super::{Ctx, Out};
use crate::analyze::summary::{Login, PackagesGrant};
use crate::analyze::Severity;

rule!(
    /// Checks that publishing jobs can write packages.
    PackagesWrite,
    "packages-write",
    "a job publishing to ghcr.io has `packages: write`"
);

const FIX: &str =
    "Add `permissions:` with `contents: read` and `packages: write` to the publishing job.";

impl PackagesWrite {
    fn run(ctx: &Ctx, out: &mut Out) {
        for job in &ctx.summary.jobs {
            if !job.publishes_to_ghcr() {
                continue;
            }
            let mut ghcr_logins = job.logins.iter().filter(|l| Login::is_ghcr(l)).peekable();
            let personal_token_only =
                ghcr_logins.peek().is_some() && ghcr_logins.all(|l| !l.uses_github_token);
            if personal_token_only {
                continue;
            }
            let name = &job.id;
            match job.packages() {
                PackagesGrant::Write => {}
                PackagesGrant::NotDeclared => out.push(job.line, Severity::Warning,
                    format!("Job `{name}` pushes images but declares no permissions, so it depends on the repository's default token permissions."),
                    FIX),
                PackagesGrant::ReadOrNone => {
                    let line = job
                        .permissions
                        .line()
                        .or(ctx.summary.permissions.line())
                        .unwrap_or(job.line);
                    out.push(line, Severity::Error,
                        format!("Job `{name}` pushes images but its token lacks `packages: write`, so ghcr.io will refuse the push."),
                        FIX);
                }
            }
        }
    }
}
