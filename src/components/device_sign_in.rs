//! Sign-in with GitHub's device flow, driven through the relay.
//!
//! The core's `DeviceFlow` is an `engine::Program` and decides every step and
//! every wait; this component hands it to the same driver as every other
//! program (`driver::Driven`) and shows its state: the code, a countdown,
//! live status, Cancel, and a specific message for each failure. Focus
//! follows the phases: the code's Copy button when it is shown, "Start
//! again" after a failure.

use crate::browser;
use crate::components::copy_button::CopyButton;
use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::icons::IconExternal;
use crate::components::page_focus;
use crate::components::session::use_session;
use crate::driver::Driven;
use ghcr_setup_core::device_flow::{DeviceFlow, FlowState};
use ghcr_setup_core::token::Secret;
use leptos::prelude::*;
use std::rc::Rc;
use std::time::Duration;

/// What the person sees.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Phase {
    Idle,
    Requesting,
    Waiting {
        user_code: String,
        uri: String,
        expires_at_ms: u64,
    },
    Verifying,
    Failed(Problem),
    Cancelled,
}

#[component]
pub fn DeviceSignIn(
    /// Scope names to ask for.
    #[prop(into)]
    scopes: Signal<Vec<&'static str>>,
    #[prop(into)] remember: Signal<bool>,
    on_done: Callback<()>,
) -> impl IntoView {
    let settings = crate::config::use_settings();
    let session = use_session();
    let phase = RwSignal::new(Phase::Idle);
    let now = RwSignal::new(browser::now_ms());
    // The flow being driven, until it ends (then the slot is emptied, so a
    // late wake-up or answer finds nothing to act on).
    let flow: StoredValue<Option<Rc<Driven<DeviceFlow>>>, LocalStorage> =
        StoredValue::new_local(None);
    let stop = move || {
        if let Some(driven) = flow.try_update_value(Option::take).flatten() {
            driven.update(DeviceFlow::cancel);
        }
    };
    // The countdown's clock; the flow's own waits are the driver's timer.
    let ticker = set_interval_with_handle(
        move || now.set(browser::now_ms()),
        Duration::from_millis(1000),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
        stop();
    });

    let start = move |_| {
        stop();
        let s = settings.get_untracked();
        let scope_list = scopes.get_untracked();
        let remember = remember.get_untracked();
        if s.relay_url.trim().is_empty() || s.client_id.trim().is_empty() {
            phase.set(Phase::Failed(
                Problem::new("Device sign-in is not configured here").next(
                    "This build has no relay URL or OAuth App client ID. Set both under Advanced, or paste a token instead.",
                ),
            ));
            return;
        }
        phase.set(Phase::Requesting);
        let mut program = DeviceFlow::new(&s.relay_url, &s.client_id, &scope_list)
            .with_web_base(&ghcr_setup_core::device_flow::web_base_for(&s.api_base));
        program.begin();
        // After every change, show where the flow stands; once it has ended,
        // let go of it (and hand a token to the session).
        let show = move || {
            let Some(state) = flow
                .try_with_value(|d| d.as_ref().map(|d| d.with(|f| f.state().clone())))
                .flatten()
            else {
                return;
            };
            let next = match state {
                FlowState::Idle | FlowState::Requesting => return,
                FlowState::WaitingForUser {
                    user_code,
                    verification_uri,
                    expires_at_ms,
                    ..
                } => Phase::Waiting {
                    user_code,
                    uri: verification_uri,
                    expires_at_ms,
                },
                FlowState::Done { token, .. } => {
                    flow.try_set_value(None);
                    let s = s.clone();
                    leptos::task::spawn_local(async move {
                        finish(session, &s, token, remember, phase, on_done).await;
                    });
                    Phase::Verifying
                }
                FlowState::Failed(e) => {
                    flow.try_set_value(None);
                    Phase::Failed(Problem::from_flow_error(&e))
                }
                FlowState::Cancelled => {
                    flow.try_set_value(None);
                    return;
                }
            };
            if phase.try_with_untracked(|p| *p != next) == Some(true) {
                phase.try_set(next);
            }
        };
        let driven = Driven::new(program, show);
        flow.set_value(Some(driven.clone()));
        driven.pump();
    };
    let cancel = move |_| {
        stop();
        phase.set(Phase::Cancelled);
    };

    // When a phase replaces the button that had focus, focus moves to the
    // next thing to do in the new one (or to the panel while there is none).
    Effect::new(move |before: Option<&'static str>| {
        let target = match phase.get() {
            Phase::Idle | Phase::Cancelled | Phase::Failed(_) => START_ID,
            Phase::Waiting { .. } => COPY_ID,
            Phase::Requesting | Phase::Verifying => PANEL_ID,
        };
        if before.is_some() {
            page_focus::rescue(target, Some(PANEL_ID));
        }
        target
    });
    let status = move || phase.with(status_text);
    // The code, letter by letter, is said with the status but not shown twice.
    let spoken_code = move || {
        phase.with(|p| match p {
            Phase::Waiting { user_code, .. } => format!("Your code is {}. ", spell(user_code)),
            _ => String::new(),
        })
    };

    view! {
        <div class="device-sign-in" id=PANEL_ID tabindex="-1">
            {move || match phase.get() {
                Phase::Idle | Phase::Cancelled => view! {
                    <p>"GitHub shows you a short code to confirm. Nothing is typed into this page but the code's approval on github.com."</p>
                    <button type="button" class="btn btn-primary" id=START_ID on:click=start>"Sign in with GitHub"</button>
                }.into_any(),
                Phase::Requesting | Phase::Verifying => ().into_any(),
                Phase::Waiting { user_code, uri, .. } => {
                    let code = user_code.clone();
                    let open_uri = uri.clone();
                    view! {
                        <p>"1. Copy this code:"</p>
                        // Shown as one word, read out letter by letter.
                        <p>
                            <span class="user-code" data-testid="user-code" aria-hidden="true">{user_code.clone()}</span>
                            <span class="visually-hidden">{format!("Your code: {}", spell(&user_code))}</span>
                        </p>
                        <p class="btn-row">
                            <CopyButton id=COPY_ID text=Signal::derive(move || code.clone()) label="Copy code" what=""/>
                        </p>
                        <p>"2. Enter it on GitHub and approve:"</p>
                        <p class="btn-row">
                            <button type="button" class="btn btn-primary" on:click=move |_| browser::open_new_tab(&open_uri)>
                                <IconExternal/>"Open " {uri.clone()}
                            </button>
                            <button type="button" class="btn" on:click=cancel>"Cancel"</button>
                        </p>
                    }.into_any()
                }
                Phase::Failed(problem) => view! {
                    <ErrorMessage problem=problem/>
                    <button type="button" class="btn" id=START_ID on:click=start>"Start again"</button>
                }.into_any(),
            }}
            // One status line for every phase, always in the page, so a
            // screen reader hears each change once; the countdown beside it
            // is not announced every second.
            <p class="device-status muted">
                <span role="status"><span class="visually-hidden">{spoken_code}</span>{status}</span>
                {move || match phase.get() {
                    Phase::Waiting { expires_at_ms, .. } => {
                        let left = move || expires_at_ms.saturating_sub(now.get()) / 1000;
                        Some(view! { <span>{move || format!(" The code expires in {}:{:02}.", left() / 60, left() % 60)}</span> })
                    }
                    _ => None,
                }}
            </p>
        </div>
    }
}

/// The panel, which holds focus while a phase has nothing to press.
const PANEL_ID: &str = "device-sign-in";
/// "Sign in with GitHub" / "Start again".
const START_ID: &str = "device-start";
/// "Copy code".
const COPY_ID: &str = "device-copy";

/// What the status line says in each phase (a failure is an alert instead).
fn status_text(phase: &Phase) -> String {
    match phase {
        Phase::Idle | Phase::Failed(_) => String::new(),
        Phase::Requesting => "Asking GitHub for a sign-in code…".into(),
        Phase::Waiting { .. } => "Waiting for approval on GitHub…".into(),
        Phase::Verifying => "Approved. Checking the token with GitHub…".into(),
        Phase::Cancelled => "Sign-in cancelled. Nothing was kept.".into(),
    }
}

async fn finish(
    session: crate::components::session::Session,
    settings: &crate::config::Settings,
    token: Secret,
    remember: bool,
    phase: RwSignal<Phase>,
    on_done: Callback<()>,
) {
    match session.sign_in(settings, token, remember).await {
        Ok(_) => {
            phase.set(Phase::Idle);
            on_done.run(());
        }
        Err(e) => phase.set(Phase::Failed(Problem::from_api_error(&e))),
    }
}

/// "WDJB-MJHT" → "W D J B, M J H T" so a screen reader spells it.
fn spell(code: &str) -> String {
    code.split('-')
        .map(|part| part.chars().map(String::from).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join(", ")
}
