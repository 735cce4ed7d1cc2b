//! Check a repository. Without a token the sign-in panel appears in place
//! and the check continues by itself once signed in; nothing typed is lost.
//!
//! What it reads today: the repository itself (`GET /repos/{owner}/{repo}`)
//! — your access, visibility, owner kind, default branch — shown with
//! GitHub's own figures and every error explained. The full settings
//! checklist is not built yet, and the page says so.

use crate::app::SettingsCtx;
use crate::browser;
use crate::components::icons::{IconAlert, IconCheck};
use crate::components::session::use_session;
use crate::components::sign_in_panel::SignInPanel;
use crate::github::{self, RateLimitCtx};
use crate::route::Route;
use ghcr_setup_core::api::{ApiError, Endpoint, Repo};
use ghcr_setup_core::names::RepoSlug;
use leptos::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Outcome {
    Loading,
    Found(Box<Repo>),
    Failed { title: String, what: String },
}

#[component]
pub fn CheckPage(repo: String) -> impl IntoView {
    let (input, set_input) = signal(repo.clone());
    let parsed = match repo.trim() {
        "" => None,
        r => Some(RepoSlug::parse(r).map_err(|e| e.to_string())),
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        browser::navigate(&Route::Check {
            repo: input.get_untracked().trim().to_string(),
            image: None,
        });
    };
    view! {
        <h1>"Check repository"</h1>
        <form class="start-form" on:submit=submit>
            <label for="check-repo" class="field-label">"Repository"</label>
            <div class="btn-row" style="flex-wrap: nowrap">
                <input id="check-repo" type="text" autocomplete="off" spellcheck="false"
                    placeholder="owner/repo" prop:value=input
                    aria-invalid=parsed.as_ref().is_some_and(|p| p.is_err()).then_some("true")
                    aria-describedby="check-repo-error"
                    on:input=move |ev| set_input.set(event_target_value(&ev))/>
                <button type="submit" class="btn btn-primary">"Check"</button>
            </div>
            <p id="check-repo-error" class="error-text" role="alert">
                {parsed.as_ref().and_then(|p| p.as_ref().err().cloned())}
            </p>
        </form>
        {match parsed {
            Some(Ok(slug)) => view! { <CheckBody slug=slug/> }.into_any(),
            Some(Err(_)) => ().into_any(),
            None => view! { <p class="muted">"Name a repository to check, as " <code>"owner/repo"</code> " or its GitHub URL."</p> }.into_any(),
        }}
    }
}

#[component]
fn CheckBody(slug: RepoSlug) -> impl IntoView {
    let session = use_session();
    let SettingsCtx(settings) = expect_context::<SettingsCtx>();
    let outcome = RwSignal::new(Outcome::Loading);
    let run = RwSignal::new(0u32);
    let target = slug.clone();
    Effect::new(move |_| {
        run.track();
        let Some(token) = session.token() else { return };
        let base = settings.with(|s| s.api_base.clone());
        let ep = Endpoint::Repo {
            owner: target.owner().to_string(),
            repo: target.name().to_string(),
        };
        outcome.set(Outcome::Loading);
        leptos::task::spawn_local(async move {
            let result = match github::call(&base, Some(&token), &ep, None).await {
                Ok(a) => github::json::<Repo>(&a),
                Err(e) => Err(e),
            };
            outcome.set(match result {
                Ok(r) => Outcome::Found(Box::new(r)),
                Err(e) => failed(&e),
            });
        });
    });
    let slug_name = slug.to_string();
    view! {
        <Show when=move || session.is_signed_in() fallback=move || view! {
            <div class="flash" role="status">
                <p>{format!("Checking {slug_name} needs a GitHub sign-in. Sign in below and the check continues by itself.")}</p>
            </div>
            <SignInPanel on_done=Callback::new(|_| ())/>
        }>
            <Summary run=run/>
            {let slug = slug.clone(); move || match outcome.get() {
                Outcome::Loading => view! { <p role="status">"Reading the repository from GitHub…"</p> }.into_any(),
                Outcome::Failed { title, what } => view! {
                    <div class="flash flash-error" role="alert"><h3>{title}</h3><p>{what}</p></div>
                }.into_any(),
                Outcome::Found(repo) => view! { <RepoFacts slug=slug.clone() repo=*repo/> }.into_any(),
            }}
        </Show>
    }
}

fn failed(e: &ApiError) -> Outcome {
    Outcome::Failed {
        title: e.title(),
        what: e.what_to_do(),
    }
}

#[component]
fn Summary(run: RwSignal<u32>) -> impl IntoView {
    let RateLimitCtx(rate) = expect_context::<RateLimitCtx>();
    let checked_at = js_sys::Date::new_0()
        .to_locale_time_string("en-GB")
        .as_string()
        .unwrap_or_default();
    view! {
        <div class="box-header box" style="margin: 16px 0">
            <span>{format!("As of {checked_at}")}</span>
            <span class="muted">{move || rate.get().map(|r| format!("· API requests left this hour: {} of {}", r.remaining, r.limit))}</span>
            <button type="button" class="btn" style="margin-left:auto" on:click=move |_| run.update(|n| *n += 1)>"Re-check"</button>
        </div>
    }
}

#[component]
fn RepoFacts(slug: RepoSlug, repo: Repo) -> impl IntoView {
    let perms = repo.permissions;
    let admin = perms.map(|p| p.admin).unwrap_or(false);
    let role = match perms {
        Some(p) if p.admin => "admin",
        Some(p) if p.maintain.unwrap_or(false) => "maintain",
        Some(p) if p.push => "write",
        Some(p) if p.triage.unwrap_or(false) => "triage",
        Some(p) if p.pull => "read",
        _ => "unknown",
    };
    let gen_href = Route::generate_for(&slug, Some(&repo.default_branch), None).href();
    view! {
        <div class="box">
            <div class="box-header"><strong>{repo.full_name.clone()}</strong></div>
            <div class="box-body">
                <dl class="facts">
                    <dt>"Owner"</dt><dd>{format!("{} ({})", repo.owner.login, if repo.owned_by_org() { "organization" } else { "user" })}</dd>
                    <dt>"Visibility"</dt><dd>{repo.visibility.clone().unwrap_or_else(|| if repo.private { "private".into() } else { "public".into() })}</dd>
                    <dt>"Default branch"</dt><dd><code>{repo.default_branch.clone()}</code></dd>
                    <dt>"Your access"</dt><dd>{role}</dd>
                </dl>
                <ul class="findings" style="margin-top: 16px">
                    <li class="finding">
                        {if admin { view! { <IconCheck/> }.into_any() } else { view! { <IconAlert/> }.into_any() }}
                        <span>{if admin {
                            "You are an admin of this repository: you can change its Actions settings and secrets.".to_string()
                        } else {
                            format!("Your access is {role}. Changing Actions settings and secrets needs an admin of the repository.")
                        }}</span>
                    </li>
                    {repo.archived.then(|| view! {
                        <li class="finding"><IconAlert/><span>"This repository is archived: workflows do not run until it is unarchived."</span></li>
                    })}
                </ul>
                <p class="muted">
                    "The full checklist — workflow permissions, allowed actions, the package, secrets and runners — is not built yet. "
                    "Meanwhile the generator below is filled in from what GitHub reported."
                </p>
                <p class="btn-row"><a class="btn btn-primary" href=gen_href>"Generate the workflow for this repository"</a></p>
            </div>
        </div>
    }
}
