//! The site header: product name and the main navigation, with
//! `aria-current="page"` on the section being shown.

use crate::components::icons::Logo;
use crate::components::session::use_session;
use crate::route::{Route, Section};
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let route = crate::route::use_route();
    let session = use_session();
    let current = move |s: Section| move || (route.get().section() == s).then_some("page");
    let account_label = move || match session.login() {
        Some(login) => format!("Signed in as {login}"),
        None => "Sign in".to_string(),
    };
    view! {
        <header class="site-header">
            <a class="brand" href=Route::Home.href() aria-label="ghcr-setup home">
                <Logo/>
                <span>"ghcr-setup"</span>
            </a>
            <nav class="site-nav" aria-label="Main">
                <a href=Route::generate().href() aria-current=current(Section::Generate)>"Generate workflow"</a>
                <a href=Route::Analyze.href() aria-current=current(Section::Analyze)>"Analyze workflow"</a>
                <a href=Route::check_blank().href() aria-current=current(Section::Check)>"Check repository"</a>
                <a href=Route::sign_in().href() aria-current=current(Section::SignIn)>{account_label}</a>
            </nav>
        </header>
    }
}
