//! How a `uses:` compares to the pin set, shared by `outdated-action` and
//! `unpinned-action` so that one line gets one finding with one fix, and no
//! fix ever proposes an older release than the one in use.

use super::Ctx;
use crate::actions::{Pin, Version};
use crate::analyze::workflow::ActionUse;

/// A `uses:` compared with the pin of its action.
pub(super) enum Status<'p> {
    /// Not a known action, or its version cannot be read (a branch, a bare SHA).
    Unknown,
    /// An older major than the pin's.
    Outdated { used: Version, pin: &'p Pin },
    /// The pin's major. `newer` when the written version is a later release than the pin.
    Current { newer: bool, pin: &'p Pin },
    /// A higher major than the pin's: newer than the versions the tool knows.
    NewerMajor { used: Version, pin: &'p Pin },
}

/// Compare a `uses:` with the pin set.
pub(super) fn status<'p>(ctx: &'p Ctx, u: &ActionUse) -> Status<'p> {
    let (Some(pin), Some(used)) = (ctx.pins.find(u.name), used_version(ctx, u)) else {
        return Status::Unknown;
    };
    let Some(known) = pin.version() else {
        return Status::Unknown;
    };
    if used.major() < known.major() {
        Status::Outdated { used, pin }
    } else if used.major() > known.major() {
        Status::NewerMajor { used, pin }
    } else {
        Status::Current {
            newer: used.is_newer_than(&known),
            pin,
        }
    }
}

/// The version a `uses:` names: its tag, or for a SHA the `# vX.Y.Z` comment beside it.
pub(super) fn used_version(ctx: &Ctx, u: &ActionUse) -> Option<Version> {
    if u.pinned_by_sha() {
        let comment = ctx.wf.comment_on(u.line)?;
        return Version::parse(comment.split_whitespace().next()?);
    }
    Version::parse(u.reference)
}

/// `owner/repo` plus the sub-path, as written (`actions/cache/restore`).
pub(super) fn full_path(u: &ActionUse) -> String {
    match u.path {
        Some(path) => format!("{}/{path}", u.name),
        None => u.name.to_string(),
    }
}

/// True when the line carries zizmor's marker for a deliberate tag pin.
pub(super) fn deliberate_tag(ctx: &Ctx, u: &ActionUse) -> bool {
    ctx.wf
        .comment_on(u.line)
        .is_some_and(|c| c.contains("zizmor: ignore[unpinned-uses]"))
}
