//! The root component: reads the hash route, provides shared state as
//! context, and renders the header, the current page and the footer.

use crate::browser;
use crate::components::header::Header;
use crate::config::Settings;
use crate::pages;
use crate::route::Route;
use leptos::prelude::*;

/// The current route, shared with every component that links or navigates.
#[derive(Clone, Copy)]
pub struct CurrentRoute(pub ReadSignal<Route>);

/// Connection settings in force (API base, relay, client id), editable in "Advanced".
#[derive(Clone, Copy)]
pub struct SettingsCtx(pub RwSignal<Settings>);

#[component]
pub fn App() -> impl IntoView {
    let (route, set_route) = signal(Route::parse(&browser::hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        set_route.set(Route::parse(&browser::hash()));
        crate::components::page_focus::after_navigation();
    });
    on_cleanup(move || handle.remove());
    Effect::new(move |_| browser::set_title(&route.get().title()));
    provide_context(CurrentRoute(route));
    let settings = RwSignal::new(Settings::load());
    provide_context(SettingsCtx(settings));
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
            {move || page(route.get())}
        </main>
        <footer class="site-footer">
            "ghcr-setup runs entirely in your browser. Your token goes only to GitHub's API ("
            <code>{move || settings.with(|s| s.api_base.clone())}</code>
            "), never into a link or a log."
        </footer>
    }
}

fn page(route: Route) -> AnyView {
    use crate::lazy::{lazy_page, LazyPage};
    match route {
        Route::Home => view! { <pages::home::HomePage/> }.into_any(),
        r @ Route::Generate { .. } => lazy_page(LazyPage::Generate, r),
        r @ Route::Analyze => lazy_page(LazyPage::Analyze, r),
        r @ Route::Check { .. } => lazy_page(LazyPage::Check, r),
        r @ Route::Share { .. } => lazy_page(LazyPage::Share, r),
        r @ Route::SignIn { .. } => lazy_page(LazyPage::SignIn, r),
        Route::NotFound { path } => {
            view! { <pages::not_found::NotFoundPage path=path/> }.into_any()
        }
    }
}
