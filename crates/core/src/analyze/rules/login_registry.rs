//! Rule `login-registry`: every `docker/login-action` step names ghcr.io as
//! its registry. Without `registry:` the action logs in to Docker Hub, and a
//! login to any other host leaves the push to ghcr.io unauthenticated, so
//! ghcr.io refuses it.

use super::{login_registry, Ctx, Out};
use crate::actions::Action;
use crate::analyze::workflow::ActionUse;
use crate::analyze::Severity;

rule!(
    /// Checks that the login steps log in to ghcr.io.
    LoginRegistry,
    "login-registry",
    "docker/login-action logs in to ghcr.io"
);

const FIX: &str = "Set `registry: ghcr.io` in the login step's `with:`.";

impl LoginRegistry {
    fn run(ctx: &Ctx, out: &mut Out) {
        let logins: Vec<ActionUse> = ctx.wf.steps_of(Action::Login).collect();
        let any_ghcr = logins
            .iter()
            .any(|s| login_registry(ctx, s).as_deref() == Some("ghcr.io"));
        for s in &logins {
            let line = s.input("registry").map_or(s.line, |n| n.line);
            match login_registry(ctx, s).as_deref() {
                Some("ghcr.io") => {}
                None => out.push(line, Severity::Error,
                    "This login has no `registry:`, so it logs in to Docker Hub, not ghcr.io.", FIX),
                Some("ghcr.io/" | "https://ghcr.io" | "https://ghcr.io/") => out.push(line, Severity::Warning,
                    "The registry is written with a scheme or trailing slash; the registry host is just `ghcr.io`.", FIX),
                Some(other) if other.contains("${{") => out.push(line, Severity::Info,
                    format!("The registry comes from `{other}`, which the analyzer cannot resolve."),
                    "Write `registry: ghcr.io` literally so readers and tools can see where it logs in."),
                Some(other) if any_ghcr => out.push(line, Severity::Info,
                    format!("This workflow also logs in to `{other}`; only the ghcr.io login is checked further."),
                    "Nothing to do if publishing there is intended."),
                Some(other) => out.push(line, Severity::Error,
                    format!("The login goes to `{other}`, not ghcr.io, so pushes to ghcr.io will be refused."), FIX),
            }
        }
    }
}
