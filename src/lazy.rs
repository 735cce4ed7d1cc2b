//! Pages whose code loads on demand. With the `split` feature (release
//! builds; see `xtask/src/bundle.rs`) each of these pages lives in its own
//! wasm chunk, fetched the first time the page is shown, so the first load
//! carries only the shell and the start page. Without it (Trunk's
//! development server) the same calls run from the one wasm.
//!
//! A split point returns a plain function pointer to the page's constructor:
//! nothing but an address crosses the split boundary, and the page itself
//! runs as ordinary Rust once its chunk is in. A chunk that cannot be
//! fetched ends in an error with a retry button, never a panic.

use crate::components::error_message::{ErrorMessage, Problem};
use crate::route::Route;
use leptos::prelude::*;

/// Builds a page's view for its route.
pub type PageFn = fn(Route) -> AnyView;

/// The pages that load on demand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LazyPage {
    Check,
    Share,
    Generate,
    Analyze,
    SignIn,
}

/// A page's chunk could not be fetched or started.
#[derive(Debug, Clone, Copy)]
pub struct ChunkLoadFailed;

#[cfg(feature = "split")]
impl From<leptos::wasm_split::SplitLoaderError> for ChunkLoadFailed {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> Self {
        ChunkLoadFailed
    }
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_check, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_check))
)]
fn check_page() -> Result<PageFn, ChunkLoadFailed> {
    Ok(|route| match route {
        Route::Check { repo, image } => {
            view! { <crate::pages::check::CheckPage repo=repo image=image/> }.into_any()
        }
        _ => ().into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_share, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn share_page() -> Result<PageFn, ChunkLoadFailed> {
    Ok(|route| match route {
        Route::Share { data } => view! { <crate::pages::share::SharePage data=data/> }.into_any(),
        _ => ().into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_generate, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_generate))
)]
fn generate_page() -> Result<PageFn, ChunkLoadFailed> {
    Ok(|route| match route {
        Route::Generate { query } => {
            view! { <crate::pages::generate::GeneratePage query=query/> }.into_any()
        }
        _ => ().into_any(),
    })
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_analyze, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn analyze_page() -> Result<PageFn, ChunkLoadFailed> {
    Ok(|_| view! { <crate::pages::analyze::AnalyzePage/> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_signin, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_signin))
)]
fn signin_page() -> Result<PageFn, ChunkLoadFailed> {
    Ok(|route| match route {
        Route::SignIn { next } => {
            view! { <crate::pages::signin::SignInPage next=next/> }.into_any()
        }
        _ => ().into_any(),
    })
}

/// The constructor of `page`, loading its chunk first in a split build.
async fn load(page: LazyPage) -> Result<PageFn, ChunkLoadFailed> {
    #[cfg(feature = "split")]
    {
        match page {
            LazyPage::Check => check_page().await,
            LazyPage::Share => share_page().await,
            LazyPage::Generate => generate_page().await,
            LazyPage::Analyze => analyze_page().await,
            LazyPage::SignIn => signin_page().await,
        }
    }
    #[cfg(not(feature = "split"))]
    {
        match page {
            LazyPage::Check => check_page(),
            LazyPage::Share => share_page(),
            LazyPage::Generate => generate_page(),
            LazyPage::Analyze => analyze_page(),
            LazyPage::SignIn => signin_page(),
        }
    }
}

/// Starts fetching the most visited on-demand pages in the background, once
/// the start page is up, so following a link rarely waits.
pub fn prefetch_likely() {
    #[cfg(feature = "split")]
    leptos::task::spawn_local(async {
        // A failure is not kept: the page itself tries again and explains.
        let _ = prefetch_check().await;
        let _ = prefetch_signin().await;
        let _ = prefetch_generate().await;
    });
}

/// What the page says in place of one whose code did not arrive.
fn load_failed() -> Problem {
    Problem::new("This page could not be loaded").detail(
        "Its code did not arrive: check your connection. If the site was just updated, reloading the page fetches the new version.",
    )
}

/// `route`'s page, shown once its code is in; "Loading…" meanwhile, and an
/// error with a retry button if the code cannot be fetched.
pub fn lazy_page(page: LazyPage, route: Route) -> AnyView {
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
            {move || {
                attempt.track();
                let route = route.clone();
                Suspend::new(async move {
                    match load(page).await {
                        Ok(build) => build(route),
                        Err(ChunkLoadFailed) => view! {
                            <ErrorMessage problem=load_failed() level=1>
                                <p><button type="button" class="btn" on:click=move |_| {
                                    attempt.update(|a| *a += 1);
                                    // The page replaces this button: focus goes to its heading.
                                    crate::components::page_focus::after_navigation();
                                }>"Try again"</button></p>
                            </ErrorMessage>
                        }
                        .into_any(),
                    }
                })
            }}
        </Suspense>
    }
    .into_any()
}
