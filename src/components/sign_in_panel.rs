//! The whole sign-in block: who is signed in (with Sign out), or the two
//! ways in — device flow first, token paste second — with the scopes
//! explained one by one, the "Remember on this device" choice, and the
//! Advanced connection settings. Used by the sign-in page and, in place, by
//! the check page.

use crate::browser;
use crate::components::device_sign_in::DeviceSignIn;
use crate::components::field_error::FieldError;
use crate::components::icons::{IconAlert, IconCheck, IconInfo};
use crate::components::page_focus;
use crate::components::session::{use_session, SignedIn};
use crate::components::token_paste::TokenPaste;
use crate::config::Settings;
use ghcr_setup_core::remember::{self, remember_place};
use ghcr_setup_core::time::format_utc_date;
use ghcr_setup_core::token::{scope_catalog, NoteLevel};
use leptos::prelude::*;

#[component]
pub fn SignInPanel(on_done: Callback<()>) -> impl IntoView {
    let session = use_session();
    // Signing in replaces the form (and signing out the card) under the
    // person's focus: it moves to what took its place.
    Effect::new(move |was: Option<bool>| {
        let now = session.is_signed_in();
        match (was, now) {
            (Some(false), true) => page_focus::rescue(SIGNED_IN_TITLE, None),
            (Some(true), false) => page_focus::rescue("tab-device", None),
            _ => {}
        }
        now
    });
    move || match session.user.get() {
        Some(user) => view! { <SignedInCard user=user/> }.into_any(),
        None if session.restoring.get() => {
            view! { <p role="status">"Checking your remembered sign-in…"</p> }.into_any()
        }
        None => view! {
            <RestoreProblem/>
            <SignInChoices on_done=on_done/>
        }
        .into_any(),
    }
}

/// A remembered token that could not be verified (offline, GitHub down) is
/// kept: this says so and offers to try again.
#[component]
fn RestoreProblem() -> impl IntoView {
    let session = use_session();
    move || {
        session.restore_problem.get().map(|why| {
            view! {
                <div class="flash flash-warn" role="alert">
                    <p>{why}</p>
                    <p class="btn-row"><button type="button" class="btn" on:click=move |_| session.restore()>"Try again"</button></p>
                </div>
            }
        })
    }
}

/// Where the token is kept, and for how long, in words.
fn kept_text(user: &SignedIn) -> String {
    match user.remembered_until_ms {
        Some(until) => {
            let days = remember::days_left(until, browser::now_ms());
            let (revoke, _) = remember::how_to_revoke(user.kind);
            format!(
                "in this browser's storage until {} ({days} days), or until you sign out. Signing out here only forgets it in this browser; {revoke}",
                format_utc_date(until)
            )
        }
        None => "in memory only; closing the tab forgets it".into(),
    }
}

#[component]
fn SignedInCard(user: SignedIn) -> impl IntoView {
    let session = use_session();
    let scopes = user.scopes.as_ref().map(|s| {
        s.listed()
            .iter()
            .map(|x| x.as_str().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    });
    view! {
        <div class="box">
            <div class="box-header"><IconCheck/><h2 id=SIGNED_IN_TITLE>{format!("Signed in as {}", user.login)}</h2></div>
            <div class="box-body">
                <dl class="facts">
                    <dt>"Token"</dt><dd>{user.kind.label()}</dd>
                    <dt>"Scopes"</dt><dd>{scopes.filter(|s| !s.is_empty()).unwrap_or_else(|| "not reported by GitHub for this kind of token".into())}</dd>
                    <dt>"Kept"</dt><dd>{kept_text(&user)}{user.remembered_until_ms.map(|_| {
                        let (_, url) = remember::how_to_revoke(user.kind);
                        view! { " "<a href=url target="_blank" rel="noopener noreferrer">"Open that page on GitHub"</a> }
                    })}</dd>
                </dl>
                {(!user.notes.is_empty()).then(|| view! {
                    <ul class="findings">
                        {user.notes.iter().map(|n| {
                            let icon = match n.level {
                                NoteLevel::Problem | NoteLevel::Warning => view! { <IconAlert/> }.into_any(),
                                NoteLevel::Info => view! { <IconInfo/> }.into_any(),
                            };
                            view! { <li class="finding">{icon}<span>{n.message.clone()}</span></li> }
                        }).collect_view()}
                    </ul>
                })}
                <p class="btn-row">
                    <button type="button" class="btn btn-danger" on:click=move |_| session.sign_out()>"Sign out"</button>
                </p>
            </div>
        </div>
    }
}

/// The signed-in card's heading, which takes focus after signing in.
const SIGNED_IN_TITLE: &str = "signed-in-title";

#[derive(Clone, Copy, PartialEq, Eq)]
enum Tab {
    Device,
    Paste,
}

#[component]
fn SignInChoices(on_done: Callback<()>) -> impl IntoView {
    let tab = RwSignal::new(Tab::Device);
    let remember = RwSignal::new(false);
    // On a shared github.io origin the box is off and says why.
    let refusal = remember_place(&browser::current_url()).refusal();
    let optional = RwSignal::new(Vec::<&'static str>::new());
    let scopes = Signal::derive(move || {
        let mut s: Vec<&'static str> = scope_catalog()
            .iter()
            .filter(|i| i.required)
            .map(|i| i.name)
            .collect();
        s.extend(optional.get());
        s
    });
    // The WAI-ARIA tabs pattern: only the selected tab is in the Tab order;
    // the arrow keys move between tabs and select them.
    let tab_button = move |t: Tab, id: &'static str, label: &'static str| {
        view! {
            <button type="button" role="tab" id=id aria-controls="signin-tabpanel"
                aria-selected=move || (tab.get() == t).to_string()
                tabindex=move || if tab.get() == t { "0" } else { "-1" }
                on:click=move |_| tab.set(t)>{label}</button>
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        let next = match ev.key().as_str() {
            "ArrowRight" | "ArrowLeft" | "Home" | "End" => {
                match (ev.key().as_str(), tab.get_untracked()) {
                    ("Home", _) => Tab::Device,
                    ("End", _) => Tab::Paste,
                    (_, Tab::Device) => Tab::Paste,
                    (_, Tab::Paste) => Tab::Device,
                }
            }
            _ => return,
        };
        ev.prevent_default();
        tab.set(next);
        let id = if next == Tab::Device {
            "tab-device"
        } else {
            "tab-paste"
        };
        browser::focus(id);
    };
    view! {
        <div class="box">
            <div class="box-body">
                <h2 class="visually-hidden">"Sign in"</h2>
                <ScopeList optional=optional/>
                <div class="field toggle">
                    <input type="checkbox" id="remember" aria-describedby="remember-help"
                        disabled=refusal.is_some()
                        prop:checked=remember on:change=move |ev| remember.set(event_target_checked(&ev))/>
                    <label for="remember">"Remember on this device"</label>
                    <p class="help" id="remember-help">{refusal.clone().unwrap_or_else(|| format!(
                        "Keeps the token in this browser's local storage for {} days or until you sign out. Leave it off on a shared computer: the token then lives in memory only and is gone when you close the tab.",
                        remember::REMEMBER_DAYS
                    ))}</p>
                </div>
                <div class="tabs" role="tablist" aria-label="Ways to sign in" on:keydown=on_keydown>
                    {tab_button(Tab::Device, "tab-device", "Device flow")}
                    {tab_button(Tab::Paste, "tab-paste", "Paste a token instead")}
                </div>
                <div role="tabpanel" id="signin-tabpanel" aria-labelledby=move || if tab.get() == Tab::Device { "tab-device" } else { "tab-paste" }>
                    {move || match tab.get() {
                        Tab::Device => view! { <DeviceSignIn scopes=scopes remember=remember on_done=on_done/> }.into_any(),
                        Tab::Paste => view! { <TokenPaste remember=remember on_done=on_done/> }.into_any(),
                    }}
                </div>
            </div>
        </div>
        <Advanced/>
    }
}

#[component]
fn ScopeList(optional: RwSignal<Vec<&'static str>>) -> impl IntoView {
    view! {
        <h3>"What ghcr-setup asks for"</h3>
        <ul class="scope-list">
            {scope_catalog().iter().map(|info| {
                let name = info.name;
                let id = format!("scope-{}", name.replace(':', "-"));
                let head = if info.required {
                    view! { <span><code>{name}</code>" "<span class="badge">"required"</span></span> }.into_any()
                } else {
                    view! {
                        <span>
                            <input type="checkbox" id=id.clone()
                                prop:checked=move || optional.with(|o| o.contains(&name))
                                on:change=move |ev| optional.update(|o| {
                                    o.retain(|x| *x != name);
                                    if event_target_checked(&ev) { o.push(name); }
                                })/>
                            " "<label for=id><code>{name}</code>" (optional)"</label>
                        </span>
                    }.into_any()
                };
                view! { <li>{head}<span class="muted">{info.why}</span></li> }
            }).collect_view()}
        </ul>
    }
}

#[component]
fn Advanced() -> impl IntoView {
    let settings = crate::config::use_settings();
    let draft = RwSignal::new(settings.get_untracked());
    let (saved, set_saved) = signal(String::new());
    // Why the page's security policy would block the hosts typed, if it would.
    let (refused, set_refused) = signal(None::<String>);
    let field = move |id: &'static str,
                      label: &'static str,
                      help: &'static str,
                      get: fn(&Settings) -> String,
                      set: fn(&mut Settings, String)| {
        view! {
            <div class="field">
                <label for=id>{label}</label>
                <input type="text" id=id spellcheck="false" autocomplete="off"
                    prop:value=move || draft.with(get)
                    on:input=move |ev| draft.update(|d| set(d, event_target_value(&ev)))/>
                <p class="help">{help}</p>
            </div>
        }
    };
    view! {
        <details class="box advanced">
            <summary class="box-header">"Advanced: connection settings"</summary>
            <form class="box-body" on:submit=move |ev| {
                ev.prevent_default();
                let d = draft.get_untracked();
                if let Some(why) = d.problem() {
                    set_refused.set(Some(why));
                    set_saved.set(String::new());
                    return;
                }
                set_refused.set(None);
                d.save();
                settings.set(d);
                set_saved.set("Saved for this browser.".into());
            }>
                {field("adv-api", "API base URL", "https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.", |s| s.api_base.clone(), |s, v| s.api_base = v)}
                {field("adv-relay", "Device-flow relay URL", "The relay that forwards the two sign-in requests GitHub does not allow from a browser.", |s| s.relay_url.clone(), |s, v| s.relay_url = v)}
                {field("adv-client", "OAuth App client ID", "Of an OAuth App with \"Enable Device Flow\" ticked.", |s| s.client_id.clone(), |s, v| s.client_id = v)}
                <FieldError id="adv-refused" message=refused/>
                <p class="btn-row">
                    <button type="submit" class="btn">"Save"</button>
                    <button type="button" class="btn" on:click=move |_| {
                        let b = Settings::built_in();
                        b.save();
                        set_refused.set(None);
                        draft.set(b.clone());
                        settings.set(b);
                        set_saved.set("Back to this build's settings.".into());
                    }>"Reset"</button>
                    <span class="status-live" role="status">{saved}</span>
                </p>
            </form>
        </details>
    }
}
