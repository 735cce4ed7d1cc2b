//! What a checklist row needs to offer and run fixes, shared by the page as
//! context: the current offers, the fix in progress and how the last one
//! ended, and the two actions (start a fix, re-check).

use ghcr_setup_core::check::fix::{FixOffer, FixOutcome};
use ghcr_setup_core::token::Secret;
use leptos::prelude::*;

/// A confirmed fix to start, with the verified token for a secret fix and
/// whether the person ticked the offer's "replace" box.
#[derive(Clone)]
pub struct StartFix {
    pub offer: FixOffer,
    pub secret: Option<Secret>,
    pub replace_existing: bool,
}

/// The checklist page's fix state and actions.
#[derive(Clone, Copy)]
pub struct FixCtx {
    pub offers: Memo<Vec<FixOffer>>,
    /// The check whose fix is running.
    pub running: Memo<Option<&'static str>>,
    pub outcome: Memo<Option<FixOutcome>>,
    /// Why a fix could not start (shown on its row).
    pub refused: RwSignal<Option<(&'static str, String)>>,
    pub start: Callback<StartFix>,
    pub recheck: Callback<()>,
    /// The signed-in login (to warn when a verified token is the person's own).
    pub login: Signal<Option<String>>,
    /// The API base, for verifying a token.
    pub api_base: Signal<String>,
    pub repo: StoredValue<ghcr_setup_core::names::RepoSlug>,
}
