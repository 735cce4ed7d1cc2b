//! Rule `login-registry`: every `docker/login-action` step names ghcr.io as
//! its registry. Without `registry:` the action logs in to Docker Hub, and a
//! login to any other host leaves the push to ghcr.io unauthenticated, so
//! ghcr.io refuses it.

use super::{finding, login_registry, with_input, ActionStep, Ctx, Rule, LOGIN};
use crate::analyze::{Finding, Severity};

const ID: &str = "login-registry";

/// Checks that the login steps log in to ghcr.io.
pub struct LoginRegistry;

impl Rule for LoginRegistry {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "docker/login-action logs in to ghcr.io"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        let logins: Vec<ActionStep> = ctx.steps_of(LOGIN).collect();
        let any_ghcr = logins
            .iter()
            .any(|s| login_registry(ctx, s) == Some("ghcr.io"));
        for s in &logins {
            let line = with_input(s.step, "registry").map_or(s.line, |n| n.line);
            let fix = "Set `registry: ghcr.io` in the login step's `with:`.";
            match login_registry(ctx, s) {
                Some("ghcr.io") => {}
                None => out.push(finding(line, ID, Severity::Error,
                    "This login has no `registry:`, so it logs in to Docker Hub, not ghcr.io.".into(), fix)),
                Some("ghcr.io/") | Some("https://ghcr.io") | Some("https://ghcr.io/") => out.push(finding(line, ID, Severity::Warning,
                    "The registry is written with a scheme or trailing slash; the registry host is just `ghcr.io`.".into(), fix)),
                Some(other) if other.contains("${{") => out.push(finding(line, ID, Severity::Info,
                    format!("The registry comes from `{other}`, which the analyzer cannot resolve."), "Write `registry: ghcr.io` literally so readers and tools can see where it logs in.")),
                Some(other) if any_ghcr => out.push(finding(line, ID, Severity::Info,
                    format!("This workflow also logs in to `{other}`; only the ghcr.io login is checked further."), "Nothing to do if publishing there is intended.")),
                Some(other) => out.push(finding(line, ID, Severity::Error,
                    format!("The login goes to `{other}`, not ghcr.io, so pushes to ghcr.io will be refused."), fix)),
            }
        }
    }
}
