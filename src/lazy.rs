//! Pages whose code loads on demand. With the `split` feature (release
//! builds; see `xtask/src/bundle.rs`) each of these pages lives in its own
//! wasm chunk, fetched the first time the page is shown, so the first load
//! carries only the shell and the start page. Without it (Trunk's
//! development server) the same calls run from the one wasm.
//!
//! A split point returns a plain function pointer to the page's constructor,
//! typed by the fields of its route: nothing but an address crosses the
//! split boundary, and the page itself runs as ordinary Rust once its chunk
//! is in. Which route shows which page, and whether it loads on demand, is
//! decided in one place: [`crate::pages::page_for`]. A chunk that cannot be
//! fetched ends in an error with a retry button, never a panic.

use crate::components::error_message::{ErrorMessage, Problem};
use crate::route::Route;
use leptos::prelude::*;

/// The check page, from its route's repository and image text.
pub type CheckFn = fn(String, Option<String>) -> AnyView;
/// The share page, from its route's data.
pub type ShareFn = fn(String) -> AnyView;
/// The generator, from its route's option query.
pub type GenerateFn = fn(String) -> AnyView;
/// The analyzer.
pub type AnalyzeFn = fn() -> AnyView;
/// The sign-in page, from the page to continue to.
pub type SignInFn = fn(Option<Box<Route>>) -> AnyView;

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
fn check_page() -> Result<CheckFn, ChunkLoadFailed> {
    Ok(|repo, image| view! { <crate::pages::check::CheckPage repo=repo image=image/> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_share, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn share_page() -> Result<ShareFn, ChunkLoadFailed> {
    Ok(|data| view! { <crate::pages::share::SharePage data=data/> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_generate, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_generate))
)]
fn generate_page() -> Result<GenerateFn, ChunkLoadFailed> {
    Ok(|query| view! { <crate::pages::generate::GeneratePage query=query/> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_analyze, wasm_split_path = ::leptos::wasm_split, fallible)
)]
fn analyze_page() -> Result<AnalyzeFn, ChunkLoadFailed> {
    Ok(|| view! { <crate::pages::analyze::AnalyzePage/> }.into_any())
}

#[cfg_attr(
    feature = "split",
    leptos::wasm_split::wasm_split(ghcr_signin, wasm_split_path = ::leptos::wasm_split, fallible, preload(prefetch_signin))
)]
fn signin_page() -> Result<SignInFn, ChunkLoadFailed> {
    Ok(|next| view! { <crate::pages::signin::SignInPage next=next/> }.into_any())
}

/// Each on-demand page's loader: the chunk is fetched first in a split
/// build; without `split` the constructor is at hand.
macro_rules! loader {
    ($(#[$doc:meta])* $name:ident => $split:ident -> $ty:ty) => {
        $(#[$doc])*
        pub async fn $name() -> Result<$ty, ChunkLoadFailed> {
            #[cfg(feature = "split")]
            {
                $split().await
            }
            #[cfg(not(feature = "split"))]
            {
                $split()
            }
        }
    };
}

loader!(/// The check page's constructor.
    check => check_page -> CheckFn);
loader!(/// The share page's constructor.
    share => share_page -> ShareFn);
loader!(/// The generator's constructor.
    generate => generate_page -> GenerateFn);
loader!(/// The analyzer's constructor.
    analyze => analyze_page -> AnalyzeFn);
loader!(/// The sign-in page's constructor.
    signin => signin_page -> SignInFn);

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

/// A page whose code `load` fetches, built by `build` once it is in;
/// "Loading…" meanwhile, and an error with a retry button if the code cannot
/// be fetched.
pub fn on_demand<T, F>(
    load: fn() -> F,
    build: impl Fn(T) -> AnyView + Clone + Send + Sync + 'static,
) -> AnyView
where
    T: 'static,
    F: std::future::Future<Output = Result<T, ChunkLoadFailed>> + Send + 'static,
{
    let attempt = RwSignal::new(0u32);
    view! {
        <Suspense fallback=|| view! { <p class="muted" role="status">"Loading…"</p> }>
            {move || {
                attempt.track();
                let build = build.clone();
                Suspend::new(async move {
                    match load().await {
                        Ok(page) => build(page),
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
