//! Sign-in with GitHub's device flow, driven through the relay.
//!
//! The core's `DeviceFlow` decides every step; this component only sends its
//! requests, waits the time it names, and shows the code, a countdown, live
//! status, Cancel, and a specific message for each failure.

use crate::app::SettingsCtx;
use crate::browser;
use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::icons::IconExternal;
use crate::components::session::use_session;
use crate::net;
use ghcr_setup_core::device_flow::{DeviceFlow, Step};
use ghcr_setup_core::token::Secret;
use leptos::prelude::*;
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
    let SettingsCtx(settings) = expect_context::<SettingsCtx>();
    let session = use_session();
    let phase = RwSignal::new(Phase::Idle);
    let now = RwSignal::new(browser::now_ms());
    // Each start bumps the generation; a loop whose generation is stale stops.
    let generation = StoredValue::new(0u32);
    let ticker = set_interval_with_handle(
        move || now.set(browser::now_ms()),
        Duration::from_millis(1000),
    )
    .ok();
    on_cleanup(move || {
        if let Some(t) = ticker {
            t.clear();
        }
        generation.update_value(|g| *g += 1);
    });

    let start = move |_| {
        generation.update_value(|g| *g += 1);
        let my_gen = generation.get_value();
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
        leptos::task::spawn_local(async move {
            let alive = move || generation.try_get_value() == Some(my_gen);
            let mut flow = DeviceFlow::new(&s.relay_url, &s.client_id, &scope_list);
            let req = flow.start_request();
            let mut step = match net::send(&req).await {
                Ok(resp) => flow.on_code_response(browser::now_ms(), &resp),
                Err(e) => flow.on_transport_error(browser::now_ms(), &e.to_string()),
            };
            loop {
                if !alive() {
                    flow.cancel();
                    return;
                }
                let wait_until = match step {
                    Step::ShowCode {
                        user_code,
                        verification_uri,
                        expires_at_ms,
                        poll_at_ms,
                    } => {
                        phase.set(Phase::Waiting {
                            user_code,
                            uri: verification_uri,
                            expires_at_ms,
                        });
                        poll_at_ms
                    }
                    Step::PollAt(t) => t,
                    Step::Done { token, .. } => {
                        phase.set(Phase::Verifying);
                        finish(session, &s, token, remember, phase, on_done).await;
                        return;
                    }
                    Step::Failed(e) => {
                        phase.set(Phase::Failed(Problem::from_flow_error(&e)));
                        return;
                    }
                    Step::Ignored => return,
                };
                while browser::now_ms() < wait_until {
                    net::sleep_ms((wait_until - browser::now_ms()).min(500)).await;
                    if !alive() {
                        flow.cancel();
                        return;
                    }
                }
                let now_ms = browser::now_ms();
                step = match flow.poll_request_at(now_ms) {
                    Some(req) => match net::send(&req).await {
                        Ok(resp) => flow.on_poll_response(browser::now_ms(), &resp),
                        Err(e) => flow.on_transport_error(browser::now_ms(), &e.to_string()),
                    },
                    None => Step::PollAt(now_ms + 500),
                };
            }
        });
    };
    let cancel = move |_| {
        generation.update_value(|g| *g += 1);
        phase.set(Phase::Cancelled);
    };

    view! {
        <div class="device-sign-in">
            {move || match phase.get() {
                Phase::Idle | Phase::Cancelled => view! {
                    <p>"GitHub shows you a short code to confirm. Nothing is typed into this page but the code's approval on github.com."</p>
                    {(phase.get() == Phase::Cancelled).then(|| view! { <p class="muted" role="status">"Sign-in cancelled. Nothing was kept."</p> })}
                    <button type="button" class="btn btn-primary" on:click=start>"Sign in with GitHub"</button>
                }.into_any(),
                Phase::Requesting => view! { <p role="status">"Asking GitHub for a sign-in code…"</p> }.into_any(),
                Phase::Waiting { user_code, uri, expires_at_ms } => {
                    let code = user_code.clone();
                    let open_uri = uri.clone();
                    let left = move || expires_at_ms.saturating_sub(now.get()) / 1000;
                    view! {
                        <p>"1. Copy this code:"</p>
                        <p><span class="user-code" data-testid="user-code" aria-label=format!("Your code: {}", spell(&user_code))>{user_code.clone()}</span></p>
                        <p class="btn-row">
                            <crate::components::copy_button::CopyButton text=Signal::derive(move || code.clone()) label="Copy code" what=""/>
                        </p>
                        <p>"2. Enter it on GitHub and approve:"</p>
                        <p class="btn-row">
                            <button type="button" class="btn btn-primary" on:click=move |_| browser::open_new_tab(&open_uri)>
                                <IconExternal/>"Open " {uri.clone()}
                            </button>
                            <button type="button" class="btn" on:click=cancel>"Cancel"</button>
                        </p>
                        <p role="status" aria-live="polite" class="muted">
                            {move || format!("Waiting for approval… the code expires in {}:{:02}.", left() / 60, left() % 60)}
                        </p>
                    }.into_any()
                }
                Phase::Verifying => view! { <p role="status">"Approved. Checking the token with GitHub…"</p> }.into_any(),
                Phase::Failed(problem) => view! {
                    <ErrorMessage problem=problem/>
                    <button type="button" class="btn" on:click=start>"Start again"</button>
                }.into_any(),
            }}
        </div>
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
