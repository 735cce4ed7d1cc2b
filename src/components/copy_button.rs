//! A copy button with a visible and announced confirmation. Uses the
//! Clipboard API and falls back to a hidden textarea; if both fail it says
//! how to copy by hand.

use crate::browser;
use crate::components::icons::IconCopy;
use leptos::prelude::*;
use std::time::Duration;

#[component]
pub fn CopyButton(
    #[prop(into)] text: Signal<String>,
    /// Visible label, e.g. "Copy".
    label: &'static str,
    /// What is copied, for screen readers, e.g. "the workflow".
    #[prop(default = "")]
    what: &'static str,
    /// An id for the button, for a caller that moves focus to it.
    #[prop(optional)]
    id: Option<&'static str>,
) -> impl IntoView {
    let (status, set_status) = signal(String::new());
    let on_click = move |_| {
        let value = text.get_untracked();
        leptos::task::spawn_local(async move {
            let ok = browser::copy_text(&value).await;
            set_status.set(if ok {
                "Copied to the clipboard.".to_string()
            } else {
                "Copy failed: select the text and press Ctrl+C (⌘C on a Mac).".to_string()
            });
            set_timeout(
                move || set_status.set(String::new()),
                Duration::from_secs(4),
            );
        });
    };
    let aria = if what.is_empty() {
        label.to_string()
    } else {
        format!("{label} {what}")
    };
    view! {
        <button type="button" class="btn" id=id aria-label=aria on:click=on_click>
            <IconCopy/>
            {label}
        </button>
        <span class="status-live" role="status" aria-live="polite">{status}</span>
    }
}
