//! One file per page of the app, and [`page_for`]: which page each route
//! shows, and whether its code loads on demand ([`crate::lazy`]).

pub mod analyze;
pub mod check;
pub mod generate;
pub mod home;
pub mod not_found;
pub mod share;
pub mod signin;

use crate::lazy::{self, on_demand};
use crate::route::Route;
use leptos::prelude::*;

/// The page `route` shows. The start page and "not found" are in the first
/// load; every other page's code is fetched the first time it is shown.
pub fn page_for(route: Route) -> AnyView {
    match route {
        Route::Home => view! { <home::HomePage/> }.into_any(),
        Route::NotFound { path } => view! { <not_found::NotFoundPage path=path/> }.into_any(),
        Route::Check { repo, image } => {
            on_demand(lazy::check, move |page| page(repo.clone(), image.clone()))
        }
        Route::Share { data } => on_demand(lazy::share, move |page| page(data.clone())),
        Route::Generate { query } => on_demand(lazy::generate, move |page| page(query.clone())),
        Route::Analyze => on_demand(lazy::analyze, |page| page()),
        Route::SignIn { next } => on_demand(lazy::signin, move |page| page(next.clone())),
    }
}
