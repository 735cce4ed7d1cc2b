//! Rule `invalid-uses`: every `uses:` is a local path (`./…`), a
//! `docker://` image, or a remote `owner/repo[/path]@ref` whose owner,
//! repository, path and ref are valid names. GitHub refuses to start a
//! workflow with any other value, so no image reaches ghcr.io; and a value
//! such as `*/*@v4` must never be turned into an allowed-actions pattern,
//! which would let every action run in the organization.

use super::{Ctx, Out};
use crate::analyze::Severity;

rule!(
    /// Checks that every `uses:` is a local path, a `docker://` image or `owner/repo@ref`.
    InvalidUses,
    "invalid-uses",
    "every `uses:` is a local path, a docker:// image or owner/repo@ref"
);

impl InvalidUses {
    fn run(ctx: &Ctx, out: &mut Out) {
        for bad in ctx.wf.bad_uses() {
            let what = match bad.text {
                Some(text) => format!("`uses: {}`", text.trim()),
                None => "This `uses:`".to_string(),
            };
            out.push(
                bad.line,
                Severity::Error,
                format!(
                    "{what} is not an action reference, so GitHub refuses to start the workflow: {}",
                    bad.why
                ),
                "Name one action as `owner/repo@ref` (or `owner/repo/path@ref`), e.g. `docker/login-action@v4`; a local action starts with `./`. Wildcards and lists are not action references, and the checklist's allowed-actions fix waits until this line is corrected.",
            );
        }
    }
}
