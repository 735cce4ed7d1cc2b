//! The one way the app shows an inline message about a form's input: a short
//! red line under the field (or the form) it is about. It carries an `id`
//! so the input can point at it with `aria-describedby`, and the element is
//! always in the page, empty while there is nothing to say, so a screen
//! reader hears the message as soon as its text arrives.
//!
//! A failure that needs a title, an explanation or a next step is not a
//! field message: show it with [`ErrorMessage`](super::error_message::ErrorMessage).

use crate::components::rich_text::RichText;
use leptos::prelude::*;

/// Shows `message` as a `.error-text` line with `id`, empty while `None`;
/// its backticked parts (`owner/name`) show as code, as in every message.
#[component]
pub fn FieldError(
    /// The element's id, for the input's `aria-describedby`.
    #[prop(into)]
    id: String,
    /// What is wrong with the input, or `None` while it is fine.
    #[prop(into)]
    message: Signal<Option<String>>,
    /// Whether it is announced as it changes (`role="alert"`); off beside a
    /// field checked on every keystroke, where it would interrupt typing.
    #[prop(default = true)]
    alert: bool,
) -> impl IntoView {
    view! {
        <p id=id class="error-text" role=alert.then_some("alert")>
            {move || message.get().map(|m| view! { <RichText text=m/> })}
        </p>
    }
}
