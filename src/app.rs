//! The root component: reads the hash route, provides shared state as
//! context, and renders the header, the current page and the footer.

use crate::browser;
use crate::components::header::Header;
use crate::config::Settings;
use crate::pages;
use crate::route::Route;
use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    let (route, set_route) = signal(Route::parse(&browser::hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::parse(&browser::hash()));
        crate::components::page_focus::after_navigation();
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| browser::set_title(&route.get().title()));
    crate::route::provide_route(route);
    let settings = crate::config::provide_settings();
    crate::components::session::provide_session();
    crate::pins::provide_pins();

    view! {
        <a class="skip-link" href="#main" on:click=|ev| {
            ev.prevent_default();
            browser::focus("main");
        }>"Skip to content"</a>
        <Header/>
        <Show when=move || settings.with(Settings::is_demo)>
            <aside class="demo-banner" aria-label="Demo">
                <strong>"Demo data — nothing here is GitHub."</strong>
                " This build talks to a fake GitHub on your machine. Sign in with the device flow and approve the code on the fake's page."
            </aside>
        </Show>
        <main id="main" tabindex="-1">
            {move || pages::page_for(route.get())}
        </main>
        <footer class="site-footer">
            "ghcr-setup runs entirely in your browser. Your token goes only to GitHub's API ("
            <code>{move || settings.with(|s| s.api_base.clone())}</code>
            "), never into a link or a log."
        </footer>
    }
}
