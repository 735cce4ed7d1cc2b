//! Sign-in by pasting a token: checks its shape, verifies it with
//! `GET /user`, and keeps what was typed when anything fails.

use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::session::use_session;
use ghcr_setup_core::token::parse_pasted_token;
use leptos::prelude::*;

#[component]
pub fn TokenPaste(#[prop(into)] remember: Signal<bool>, on_done: Callback<()>) -> impl IntoView {
    let settings = crate::config::use_settings();
    let session = use_session();
    let (busy, set_busy) = signal(false);
    let (error, set_error) = signal(None::<Problem>);
    let input = NodeRef::<leptos::html::Input>::new();
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(el) = input.get_untracked() else {
            return;
        };
        let token = match parse_pasted_token(&el.value()) {
            Ok(t) => t,
            Err(e) => {
                set_error.set(Some(
                    Problem::new("This does not look like a GitHub token").next(e.message()),
                ));
                return;
            }
        };
        set_busy.set(true);
        set_error.set(None);
        let s = settings.get_untracked();
        let remember = remember.get_untracked();
        leptos::task::spawn_local(async move {
            match session.sign_in(&s, token, remember).await {
                Ok(_) => {
                    el.set_value("");
                    on_done.run(());
                }
                Err(e) => set_error.set(Some(Problem::from_api_error(&e))),
            }
            set_busy.set(false);
        });
    };
    view! {
        <form on:submit=submit>
            <div class="field">
                <label for="token-input">"Personal access token"</label>
                <input id="token-input" type="password" autocomplete="off" spellcheck="false" node_ref=input
                    placeholder="ghp_… or github_pat_…" aria-describedby="token-help token-error"
                    aria-invalid=move || error.get().is_some().then_some("true")/>
                <p id="token-help" class="help">
                    "A classic token (" <code>"ghp_"</code> ") with the scopes above can run every check. "
                    "A fine-grained token (" <code>"github_pat_"</code> ") works too, but GitHub's Packages API does not accept it, so package checks show as unknown."
                </p>
            </div>
            <div id="token-error">
                {move || error.get().map(|problem| view! { <ErrorMessage problem=problem/> })}
            </div>
            // `aria-disabled`, not `disabled`, so the button keeps focus while
            // GitHub is asked; a second submit meanwhile is ignored above.
            <button type="submit" class="btn btn-primary" aria-disabled=move || busy.get().then_some("true")>
                {move || if busy.get() { "Checking with GitHub…" } else { "Use this token" }}
            </button>
        </form>
    }
}
