//! The page for any hash route the app does not know.

use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage(path: String) -> impl IntoView {
    view! {
        <div class="narrow">
            <h1>"Page not found"</h1>
            <p>"There is no page at " <code>{path}</code> ". The link may be mistyped or from a newer version of ghcr-setup."</p>
            <p class="btn-row">
                <a class="btn btn-primary" href=Route::Home.href()>"Go to the start page"</a>
                <a class="btn" href=Route::generate().href()>"Generate a workflow"</a>
            </p>
        </div>
    }
}
