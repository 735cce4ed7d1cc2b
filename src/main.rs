//! Entry point of the web app: installs the panic hook (so a bug shows as a
//! console message, never a silent blank page) and mounts the root
//! component — or, inside another page's frame, only a link out of it.

use leptos::prelude::*;

fn main() {
    console_error_panic_hook::set_once();
    if ghcr_setup::browser::is_framed() {
        leptos::mount::mount_to_body(Framed);
        return;
    }
    leptos::mount::mount_to_body(ghcr_setup::app::App);
}

/// What a framed copy shows: nothing it could be tricked into clicking.
#[component]
fn Framed() -> impl IntoView {
    let href = ghcr_setup::browser::current_url();
    view! {
        <main id="main">
            <h1>"ghcr-setup does not run inside another page"</h1>
            <p>
                "It can change a repository's settings, so it only works as a page of its own. "
                <a href=href target="_top" rel="noopener">"Open ghcr-setup in its own tab"</a>
            </p>
        </main>
    }
}
