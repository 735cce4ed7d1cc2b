//! The site header: product name and the main navigation, with
//! `aria-current="page"` on the section being shown.

use crate::app::CurrentRoute;
use crate::components::icons::Logo;
use crate::components::session::use_session;
use crate::route::Section;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let CurrentRoute(route) = expect_context::<CurrentRoute>();
    let session = use_session();
    let current = move |s: Section| move || (route.get().section() == s).then_some("page");
    let account_label = move || match session.login() {
        Some(login) => format!("Signed in as {login}"),
        None => "Sign in".to_string(),
    };
    view! {
        <header class="site-header">
            <a class="brand" href="#/" aria-label="ghcr-setup home">
                <Logo/>
                <span>"ghcr-setup"</span>
            </a>
            <nav class="site-nav" aria-label="Main">
                <a href="#/generate" aria-current=current(Section::Generate)>"Generate workflow"</a>
                <a href="#/analyze" aria-current=current(Section::Analyze)>"Analyze workflow"</a>
                <a href="#/check" aria-current=current(Section::Check)>"Check repository"</a>
                <a href="#/signin" aria-current=current(Section::SignIn)>{account_label}</a>
            </nav>
        </header>
    }
}
