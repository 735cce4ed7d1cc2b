//! The sign-in page; after signing in it continues to `next` when given.

use crate::browser;
use crate::components::sign_in_panel::SignInPanel;
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn SignInPage(next: Option<Box<Route>>) -> impl IntoView {
    let on_done = Callback::new(move |_| {
        if let Some(n) = &next {
            browser::navigate(n);
        }
    });
    view! {
        <div class="narrow">
            <h1>"Sign in"</h1>
            <p class="muted">
                "Checking a repository reads its settings through GitHub's API, which needs a token. "
                "The token stays in this browser and is sent only to GitHub's API — never in a link, never to this site."
            </p>
            <SignInPanel on_done=on_done/>
        </div>
    }
}
