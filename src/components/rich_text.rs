//! Check texts mark code with backticks (`packages: write`); this renders
//! those parts as `<code>` and the rest as plain text. Nothing is parsed as
//! HTML, so a value read from GitHub cannot inject markup.

use leptos::prelude::*;

/// The pieces of `text`: `(is_code, part)`.
pub fn pieces(text: &str) -> Vec<(bool, String)> {
    text.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(i, part)| (i % 2 == 1, part.to_string()))
        .collect()
}

/// `text` with its backticked parts as code.
#[component]
pub fn RichText(#[prop(into)] text: Signal<String>) -> impl IntoView {
    move || {
        text.with(|t| pieces(t))
            .into_iter()
            .map(|(code, part)| {
                if code {
                    view! { <code>{part}</code> }.into_any()
                } else {
                    part.into_any()
                }
            })
            .collect_view()
    }
}
