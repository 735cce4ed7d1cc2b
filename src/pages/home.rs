//! The start page: one repository input and two ways on — check the
//! repository's settings, or just generate the workflow.

use crate::browser;
use crate::components::demo_repos::DemoRepos;
use crate::components::field_error::FieldError;
use crate::route::Route;
use ghcr_setup_core::names::RepoSlug;
use leptos::prelude::*;

#[component]
pub fn HomePage() -> impl IntoView {
    let settings = crate::config::use_settings();
    crate::lazy::prefetch_likely();
    let (input, set_input) = signal(String::new());
    let (error, set_error) = signal(None::<String>);
    let go = move |check: bool| {
        let raw = input.get_untracked();
        if raw.trim().is_empty() && !check {
            browser::navigate(&Route::generate());
            return;
        }
        match RepoSlug::parse(&raw) {
            Ok(slug) => {
                set_error.set(None);
                let route = if check {
                    Route::check(&slug)
                } else {
                    Route::generate_for(&slug, None, None)
                };
                browser::navigate(&route);
            }
            Err(e) => set_error.set(Some(e.to_string())),
        }
    };
    view! {
        <section class="hero narrow">
            <h1>"Publish Docker images to GitHub Packages, set up right"</h1>
            <p>
                "Name a repository. ghcr-setup writes a hardened "
                <code>".github/workflows/docker-image.yml"</code>
                " for it, reviews the workflow you already have, and — once you sign in — checks every setting "
                "publishing depends on, says pass or fail with the evidence, and fixes what GitHub's API allows in one click."
            </p>
            <form class="start-form" on:submit=move |ev| { ev.prevent_default(); go(true); }>
                <label for="start-repo" class="field-label">"Repository"</label>
                <input id="start-repo" type="text" name="repo" autocomplete="off" spellcheck="false"
                    placeholder="owner/repo or https://github.com/owner/repo"
                    aria-describedby="start-repo-help start-repo-error"
                    aria-invalid=move || error.get().is_some().then_some("true")
                    prop:value=input
                    on:input=move |ev| set_input.set(event_target_value(&ev))/>
                <FieldError id="start-repo-error" message=error/>
                <div class="btn-row">
                    <button type="submit" class="btn btn-primary">"Check this repository"</button>
                    <button type="button" class="btn" on:click=move |_| go(false)>"Just generate the workflow"</button>
                </div>
                <p id="start-repo-help" class="muted">
                    "Checking needs a GitHub sign-in. The token stays in this browser and goes only to GitHub's API. "
                    "Generating needs no sign-in at all."
                </p>
            </form>
        </section>
        <Show when=move || settings.with(|s| s.is_demo())>
            <DemoRepos/>
        </Show>
        <section class="cards" aria-label="What you can do">
            <div class="card">
                <h2><a href=Route::generate().href()>"Generate workflow"</a></h2>
                <p>"Current action versions pinned by commit, least-privilege permissions, build-only pull requests, optional multi-arch and provenance."</p>
            </div>
            <div class="card">
                <h2><a href=Route::Analyze.href()>"Analyze a workflow"</a></h2>
                <p>"Paste an existing docker workflow and see what to change, line by line."</p>
            </div>
            <div class="card">
                <h2><a href=Route::check_blank().href()>"Check repository"</a></h2>
                <p>"A live checklist of token, Actions settings, package, secrets, runners and workflow — each with its evidence and its fix — that you can share with the next maintainer."</p>
            </div>
            <div class="card">
                <h2><a href=Route::sign_in().href()>"Sign in"</a></h2>
                <p>"GitHub device flow, or paste a token. Nothing is stored unless you ask to be remembered."</p>
            </div>
        </section>
    }
}
