//! The action versions the page writes and compares against: resolved live
//! from GitHub once per visit (through the shared driver), the built-in
//! table until then or when GitHub cannot be reached. Signed out, the
//! resolution is anonymous. Either way its conditional-request cache (URL,
//! ETag and body of public release lists and tags: nothing about the token or
//! who asked) is kept in localStorage, so a return visit costs `304`s only.
//!
//! Only the generator's actions are resolved on every visit. The analyzer
//! hands each pasted workflow to [`on_demand`], and the known actions it
//! uses that were not asked about yet (the core decides which) are added to
//! the same resolution: most visits cost nothing more, and a pasted workflow
//! costs a request or a few per action it adds, once per visit.

use crate::browser;
use crate::components::session::Session;
use crate::config::Settings;
use crate::driver::Driven;
use ghcr_setup_core::actions::{
    table_age_note, to_resolve_for_workflow, PinResolver, Pins, Resolution, GENERATOR_ACTIONS,
    LAST_CHECKED,
};
use ghcr_setup_core::api::EtagCache;
use leptos::prelude::*;
use std::rc::Rc;

const CACHE_KEY: &str = "ghcr-setup.release-cache";

/// What the note says while releases are being read.
const READING: &str = "Reading the newest action releases from GitHub…";

/// How far the resolution is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    NotStarted,
    Resolving,
    Done,
}

/// One line about one action's version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinNote {
    pub action: &'static str,
    pub text: String,
    pub link: Option<String>,
}

/// What the page uses and shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PinsState {
    pub pins: Pins,
    pub phase: Phase,
    /// Where the versions came from, in one sentence.
    pub source: String,
    pub notes: Vec<PinNote>,
    /// How old the built-in table is, while any version comes from it and
    /// it is older than the core's limit (`table_age_note`).
    pub age: Option<String>,
}

impl PinsState {
    /// The built-in table, before anything was read, at `now_ms`.
    pub fn builtin(now_ms: u64) -> Self {
        PinsState {
            pins: Pins::builtin(),
            phase: Phase::NotStarted,
            source: format!("Built-in action versions, checked on {LAST_CHECKED}."),
            notes: Vec::new(),
            age: table_age_note(now_ms),
        }
    }
}

/// The page-wide pin state.
#[derive(Clone, Copy)]
pub struct PinsCtx {
    pub state: RwSignal<PinsState>,
    running: StoredValue<Option<Rc<Driven<PinResolver>>>, LocalStorage>,
}

/// Provides the pin state (once, at the root).
pub fn provide_pins() {
    provide_context(PinsCtx {
        state: RwSignal::new(PinsState::builtin(browser::now_ms())),
        running: StoredValue::new_local(None),
    });
}

fn describe(r: &PinResolver, signed_in: bool) -> PinsState {
    let mut notes = Vec::new();
    let (mut live, mut kept) = (0, Vec::new());
    for (action, resolution) in r.resolutions() {
        match resolution {
            Resolution::Live => live += 1,
            Resolution::Kept(why) => kept.push((action, why.clone())),
            Resolution::Pending => {}
        }
        if let Some(newer) = r.newer_major(action) {
            notes.push(PinNote {
                action: action.name(),
                text: format!(
                    "{} is out; the workflow stays on {} because inputs can change between majors. Read the release notes before moving up.",
                    newer.tag,
                    r.pins().get(action).major_tag()
                ),
                link: Some(newer.url.clone()),
            });
        }
    }
    for (action, why) in &kept {
        notes.push(PinNote {
            action: action.name(),
            text: format!("built-in {} kept: {why}", r.pins().get(*action).tag()),
            link: None,
        });
    }
    let phase = if r.is_done() {
        Phase::Done
    } else {
        Phase::Resolving
    };
    let how = if signed_in {
        ""
    } else {
        " (without signing in)"
    };
    let source = match (phase, live, kept.len()) {
        (Phase::Resolving, _, _) => READING.to_string(),
        (_, 0, _) => format!(
            "Built-in action versions, checked on {LAST_CHECKED}: GitHub's releases could not be read{how} just now."
        ),
        (_, n, 0) => format!("All {n} action versions were read from GitHub{how} just now."),
        (_, n, k) => format!(
            "{n} action versions were read from GitHub{how} just now; {k} kept as built in (checked on {LAST_CHECKED})."
        ),
    };
    let built_in_used = phase == Phase::Resolving || live == 0 || !kept.is_empty();
    PinsState {
        pins: r.pins().clone(),
        phase,
        source,
        notes,
        age: built_in_used
            .then(|| table_age_note(browser::now_ms()))
            .flatten(),
    }
}

/// Starts resolving the generator's actions, if not already done this visit.
/// While a remembered token is still being verified at start-up, it waits
/// for that (saying it is reading), so a return visit reads with the token it
/// restores instead of racing it without one.
pub fn ensure_resolving() {
    let Some(ctx) = use_context::<PinsCtx>() else {
        return;
    };
    if ctx.state.with_untracked(|s| s.phase != Phase::NotStarted) {
        return;
    }
    let settings = crate::config::use_settings();
    let session = use_context::<Session>();
    // Said at once: the built-in sentence must not read as the answer while
    // the first release (or the remembered session) is still on its way.
    ctx.state.update(|s| {
        s.phase = Phase::Resolving;
        s.source = READING.to_string();
    });
    match session {
        Some(session) if session.restoring.get_untracked() => {
            let started = StoredValue::new(false);
            Effect::new(move |_| {
                if !session.restoring.get() && !started.get_value() {
                    started.set_value(true);
                    start(ctx, settings, Some(session));
                }
            });
        }
        session => start(ctx, settings, session),
    }
}

fn start(ctx: PinsCtx, settings: RwSignal<Settings>, session: Option<Session>) {
    let token = session.and_then(|s| s.token_untracked());
    let signed_in = token.is_some();
    // Release lists and tags of public action repositories read the same
    // for everyone, so the cache is shared by signed-in and signed-out visits.
    let cache = browser::local_get(CACHE_KEY)
        .map(|t| EtagCache::from_json(&t))
        .unwrap_or_default();
    let base = settings.with_untracked(|s| s.api_base.clone());
    let resolver = PinResolver::new(&base, token, cache, &GENERATOR_ACTIONS, browser::now_ms());
    let state = ctx.state;
    let running = ctx.running;
    let d = Driven::new(resolver, move || {
        running.with_value(|r| {
            if let Some(d) = r {
                d.with(|r| {
                    state.set(describe(r, signed_in));
                    if r.is_done() {
                        browser::local_set(CACHE_KEY, &r.cache_to_keep().to_json());
                    }
                });
            }
        });
    });
    running.set_value(Some(d.clone()));
    d.pump();
}

/// A function that resolves, in the running resolution, the known actions
/// a workflow's YAML uses and that were not asked about yet; it sends nothing
/// when there are none, or before [`ensure_resolving`] has started.
pub fn on_demand() -> impl Fn(&str) + Copy + 'static {
    let running = use_context::<PinsCtx>().map(|ctx| ctx.running);
    move |yaml: &str| {
        let Some(d) = running.and_then(|r| r.with_value(Option::clone)) else {
            return;
        };
        let wanted = d.with(|r| to_resolve_for_workflow(yaml, &r.asked()));
        if !wanted.is_empty() {
            d.update(|r| {
                r.add(&wanted, browser::now_ms());
            });
        }
    }
}

/// The pins to use now (built-in until resolved).
pub fn current_pins() -> Signal<Pins> {
    match use_context::<PinsCtx>() {
        Some(ctx) => Signal::derive(move || ctx.state.with(|s| s.pins.clone())),
        None => Signal::derive(Pins::builtin),
    }
}
