//! The page for any hash route the app does not know.

use leptos::prelude::*;

#[component]
pub fn NotFoundPage(path: String) -> impl IntoView {
    view! {
        <div class="narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at " <code>{path}</code> ". The link may be mistyped or from a newer version of ghcr-setup."</p>
            <p class="btn-row">
                <a class="btn btn-primary" href="#/">"Go to the start page"</a>
                <a class="btn" href="#/generate">"Generate a workflow"</a>
            </p>
        </div>
    }
}
