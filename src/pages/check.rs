//! The live setup checklist for one repository. Without a token the sign-in
//! panel appears in place and the check starts by itself once signed in;
//! nothing typed is lost. Every item appears at once and fills in as its
//! facts arrive; Re-check asks again with the cached ETags, so an unchanged
//! repository costs no rate limit.

use crate::browser;
use crate::components::checklist::check_row::CheckRow;
use crate::components::checklist::fix_context::{FixCtx, StartFix};
use crate::components::checklist::fix_panel::FixPanel;
use crate::components::checklist::share_dialog::ShareDialog;
use crate::components::checklist::summary_bar::{SummaryBar, SummaryState, SUMMARY_ID};
use crate::components::checklist::workflow_panel::WorkflowPanel;
use crate::components::field_error::FieldError;
use crate::components::page_focus;
use crate::components::session::use_session;
use crate::components::sign_in_panel::SignInPanel;
use crate::driver::Driven;
use crate::route::Route;
use ghcr_setup_core::check::fix::FixInput;
use ghcr_setup_core::check::{CheckView, Group, Item, Run, Status, Suggestion, Target, CHECKS};
use ghcr_setup_core::names::{ImageName, RepoSlug};
use leptos::prelude::*;
use std::rc::Rc;

/// The local time of `ms` (Unix milliseconds), `14:03:21`.
fn local_time(ms: u64) -> String {
    js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64))
        .to_locale_time_string("en-GB")
        .as_string()
        .unwrap_or_default()
}

#[component]
pub fn CheckPage(repo: String, image: Option<String>) -> impl IntoView {
    let (repo_input, set_repo_input) = signal(repo.clone());
    let (image_input, set_image_input) = signal(image.clone().unwrap_or_default());
    let parsed_repo = match repo.trim() {
        "" => None,
        r => Some(RepoSlug::parse(r).map_err(|e| e.to_string())),
    };
    let parsed_image = image
        .as_deref()
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(|i| ImageName::parse(i).map_err(|e| e.to_string()));
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let image = image_input.get_untracked().trim().to_string();
        browser::navigate(&Route::Check {
            repo: repo_input.get_untracked().trim().to_string(),
            image: (!image.is_empty()).then_some(image),
        });
    };
    let repo_error = parsed_repo.as_ref().and_then(|p| p.as_ref().err().cloned());
    let image_error = parsed_image
        .as_ref()
        .and_then(|p| p.as_ref().err().cloned());
    let body = match (parsed_repo, parsed_image.transpose()) {
        (Some(Ok(repo)), Ok(image)) => {
            view! { <CheckBody target=Target { repo, image }/> }.into_any()
        }
        (None, _) => view! {
            <p class="muted">"Name a repository to check, as " <code>"owner/repo"</code> " or its GitHub URL."</p>
        }
        .into_any(),
        _ => ().into_any(),
    };
    view! {
        <h1>"Check repository"</h1>
        <form class="check-form" on:submit=submit>
            <div class="check-form-fields">
                <div class="field">
                    <label for="check-repo">"Repository"</label>
                    <input id="check-repo" type="text" autocomplete="off" spellcheck="false"
                        placeholder="owner/repo" prop:value=repo_input
                        aria-invalid=repo_error.is_some().then_some("true")
                        aria-describedby="check-repo-error"
                        on:input=move |ev| set_repo_input.set(event_target_value(&ev))/>
                    <FieldError id="check-repo-error" message=repo_error/>
                </div>
                <div class="field">
                    <label for="check-image">"Image " <span class="muted">"(optional)"</span></label>
                    <input id="check-image" type="text" autocomplete="off" spellcheck="false"
                        placeholder="found in the workflow, or ghcr.io/owner/repo" prop:value=image_input
                        aria-invalid=image_error.is_some().then_some("true")
                        aria-describedby="check-image-error"
                        on:input=move |ev| set_image_input.set(event_target_value(&ev))/>
                    <FieldError id="check-image-error" message=image_error/>
                </div>
                <div class="field check-form-submit">
                    <button type="submit" class="btn btn-primary">"Check"</button>
                </div>
            </div>
        </form>
        {body}
    }
}

#[component]
fn CheckBody(target: Target) -> impl IntoView {
    let session = use_session();
    let settings = crate::config::use_settings();
    let version = RwSignal::new(0u64);
    let driven: StoredValue<Option<Rc<Driven<Run>>>, LocalStorage> = StoredValue::new_local(None);
    // The one look at the run the whole page reads from.
    let look = RwSignal::new(CheckView::before(&target));
    let refused = RwSignal::new(None::<(&'static str, String)>);
    let slug = target.repo.to_string();

    let start_target = target.clone();
    Effect::new(move |_| {
        let Some(token) = session.token() else { return };
        let Some(identity) = session.identity() else {
            return;
        };
        let base = settings.with_untracked(|s| s.api_base.clone());
        let mut run = Run::new(
            start_target.clone(),
            identity,
            &base,
            Some(token),
            session.take_etags(),
            browser::now_ms(),
        );
        run.set_pins(crate::pins::current_pins().get_untracked());
        let d = Driven::new(run, move || version.update(|v| *v += 1));
        driven.set_value(Some(d.clone()));
        d.pump();
        version.update(|v| *v += 1);
    });
    Effect::new(move |_| {
        version.track();
        driven.with_value(|d| {
            if let Some(d) = d {
                let now = d.with(|run| run.view(browser::now_ms()));
                look.set(now);
            }
        });
    });
    let items = Memo::new(move |_| look.with(|v| v.items.clone()));
    let summary = Memo::new(move |_| look.with(|v| SummaryState::of(v, local_time)));
    let suggested = Memo::new(move |_| look.with(|v| v.suggestion.clone()));
    let offers = Memo::new(move |_| look.with(|v| v.offers.clone()));
    let running = Memo::new(move |_| look.with(|v| v.running));
    let outcome = Memo::new(move |_| look.with(|v| v.outcome.clone()));
    let pins = crate::pins::current_pins();
    Effect::new(move |_| {
        let p = pins.get();
        driven.with_value(|d| {
            if let Some(d) = d {
                d.update(|run| run.set_pins(p));
            }
        });
    });
    on_cleanup(move || {
        driven.with_value(|d| {
            if let Some(d) = d {
                session.keep_etags(d.with(|run| run.cache().clone()));
            }
        });
    });
    let recheck = Callback::new(move |_| {
        driven.with_value(|d| {
            if let Some(d) = d {
                d.update(|run| run.recheck(browser::now_ms()));
            }
        });
    });

    let start = Callback::new(move |fix: StartFix| {
        let StartFix {
            offer,
            secret,
            replace_existing,
        } = fix;
        refused.set(None);
        let input = FixInput {
            entropy: secret.as_ref().and_then(|_| browser::random_bytes()),
            secret,
            replace_existing,
        };
        driven.with_value(|d| {
            if let Some(d) = d {
                let mut result = Ok(());
                d.update(|run| result = run.start_fix(&offer, input, browser::now_ms()));
                if let Err(why) = result {
                    refused.set(Some((offer.check, why)));
                }
            }
        });
    });
    let sharing = RwSignal::new(false);
    let snapshot = Callback::new(move |include_names: bool| {
        driven.with_value(|d| d.as_ref()?.with(|run| run.snapshot(!include_names)))
    });
    provide_context(FixCtx {
        offers,
        running,
        outcome,
        refused,
        start,
        recheck,
        login: Signal::derive(move || session.login()),
        api_base: Signal::derive(move || settings.with(|s| s.api_base.clone())),
        repo: StoredValue::new(target.repo.clone()),
    });

    // When signing in here replaces the sign-in form, focus (which was in
    // the form) moves to the summary bar at the top of the checklist.
    Effect::new(move |was: Option<bool>| {
        let now = session.is_signed_in();
        if was == Some(false) && now {
            page_focus::rescue(SUMMARY_ID, None);
        }
        now
    });
    let fix_news = Memo::new(move |_| look.with(CheckView::fix_announcement));
    let close_share = Callback::new(move |_| {
        sharing.set(false);
        browser::focus(SHARE_OPENER);
    });

    view! {
        <Show when=move || session.is_signed_in() fallback=move || {
            let slug = slug.clone();
            view! {
                <div class="flash" role="status">
                    <p>{format!("Checking {slug} needs a GitHub sign-in. Sign in below and the check starts by itself.")}</p>
                </div>
                <SignInPanel on_done=Callback::new(|_| ())/>
            }
        }>
            <SummaryBar state=summary on_recheck=recheck share=view! {
                <button type="button" class="btn" id=SHARE_OPENER aria-haspopup="dialog"
                    aria-disabled=move || summary.with(|s| s.as_of.is_none()).then_some("true")
                    on:click=move |_| if summary.with(|s| s.as_of.is_some()) { sharing.set(true) }>"Share"</button>
            }.into_any()/>
            // Fix progress and success, said once each; a failure is an alert in its row.
            <p class="visually-hidden" role="status" id="fix-status">{fix_news}</p>
            {move || sharing.get().then(|| view! {
                <ShareDialog snapshot=snapshot on_close=close_share/>
            })}
            {Group::ALL.into_iter().map(|group| view! {
                <CheckGroup group=group items=items suggested=suggested/>
            }).collect_view()}
        </Show>
    }
}

/// The share button, where focus returns when the share dialog closes.
const SHARE_OPENER: &str = "share-open";

#[component]
fn CheckGroup(group: Group, items: Memo<Vec<Item>>, suggested: Memo<Suggestion>) -> impl IntoView {
    let heading = format!("group-{}", group.id());
    let labelled_by = heading.clone();
    let rows = CHECKS
        .iter()
        .filter(|c| c.meta().group == group)
        .map(|c| {
            let id = c.meta().id;
            let item = Memo::new(move |_| {
                items.with(|list| list.iter().find(|i| i.meta.id == id).cloned())
            });
            let status = Signal::derive(move || {
                item.with(|i| i.as_ref().map_or(Status::Pending, |i| i.verdict.status))
            });
            view! { <CheckRow id=id item=item><FixPanel check=id status=status/></CheckRow> }
        })
        .collect_view();
    view! {
        <section class="check-group" aria-labelledby=labelled_by>
            <h2 id=heading>{group.title()}</h2>
            <ul class="check-list">{rows}</ul>
            {(group == Group::Workflow).then(|| view! { <WorkflowPanel suggestion=suggested/> })}
        </section>
    }
}
