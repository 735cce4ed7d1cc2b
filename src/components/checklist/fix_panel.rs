//! The fixes of one row: a button per offer (or what is missing when this
//! caller cannot make it), the confirmation that says exactly what will
//! change, progress, and how it ended. A row that is not passing and has no
//! fix this caller can run — one settled on GitHub's own pages, such as an
//! organization's SSO or OAuth App approval — gets "Done — re-check" instead.
//! An offer that replaces something there now (a secret of the same name)
//! shows a tick box with the core's label; the change starts only ticked.
//!
//! From the keyboard: an offer's button opens its confirmation and focus
//! moves into it; Cancel or Escape closes it and focus returns to the
//! button; starting the change moves focus to the row's summary, which stays
//! while the buttons and messages under it change.

use super::check_row::summary_id;
use super::fix_context::{FixCtx, StartFix};
use super::verify_token::VerifyTokenForm;
use crate::browser;
use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::icons::IconExternal;
use crate::components::page_focus;
use crate::components::rich_text::RichText;
use ghcr_setup_core::check::fix::{FixKind, FixOffer};
use ghcr_setup_core::check::Status;
use leptos::prelude::*;

#[component]
pub fn FixPanel(check: &'static str, #[prop(into)] status: Signal<Status>) -> impl IntoView {
    let Some(ctx) = use_context::<FixCtx>() else {
        return ().into_any();
    };
    let offers = Memo::new(move |_| {
        ctx.offers.with(|all| {
            all.iter()
                .filter(|o| o.check == check)
                .cloned()
                .collect::<Vec<_>>()
        })
    });
    // The offer being confirmed and the id of the button that opened it.
    let confirming = RwSignal::new(None::<(FixOffer, String)>);
    let busy = move || ctx.running.get().is_some();
    // Cancel returns focus to the button that opened the confirmation;
    // starting the change moves it to the row's summary, which stays while
    // the offers and messages under it change.
    let cancel = Callback::new(move |_| {
        if let Some((_, opener)) = confirming.get_untracked() {
            browser::focus(&opener);
        }
        confirming.set(None);
    });
    let started = Callback::new(move |_| {
        browser::focus(&summary_id(check));
        confirming.set(None);
    });
    view! {
        <div class="fix-panel">
            {move || offers.get().into_iter().enumerate().map(|(n, offer)| {
                let shown = offer.clone();
                let opener = format!("fix-{check}-{n}");
                match offer.blocked.clone() {
                    Some(reason) => view! {
                        <p class="fix-blocked"><strong>{offer.label.clone()}": "</strong><RichText text=reason/></p>
                    }.into_any(),
                    None => view! {
                        <button type="button" id=opener.clone() class=if offer.recommended { "btn btn-primary" } else { "btn" }
                            disabled=busy
                            aria-expanded=move || confirming.with(|c| c.as_ref().is_some_and(|(o, _)| *o == shown)).to_string()
                            on:click=move |_| {
                                confirming.set(Some((offer.clone(), opener.clone())));
                                page_focus::focus_soon(confirm_id(check));
                            }>
                            {offer.label.clone()}
                        </button>
                    }.into_any(),
                }
            }).collect_view()}
            {move || offers.with(|o| settled_elsewhere(status.get(), o)).then(|| view! {
                <button type="button" class="btn" disabled=busy on:click=move |_| {
                    // The row goes back to pending and this button with it.
                    browser::focus(&summary_id(check));
                    ctx.recheck.run(());
                }>"Done — re-check"</button>
            })}
            {move || confirming.get().map(|(offer, _)| view! {
                <Confirm offer=offer on_cancel=cancel on_started=started/>
            })}
            // Progress and success are announced once, by the page's fix
            // status region; errors are alerts of their own.
            {move || (ctx.running.get() == Some(check)).then(|| view! {
                <p class="fix-progress">"Changing it on GitHub…"</p>
            })}
            {move || ctx.refused.get().filter(|(c, _)| *c == check).map(|(_, why)| view! {
                <ErrorMessage problem=Problem::new("The change did not start").detail(why)/>
            })}
            {move || ctx.outcome.get().filter(|o| o.check == check).map(|o| {
                if o.ok {
                    view! {
                        <div class="flash flash-success">
                            <p><RichText text=o.message.clone()/></p>
                            {o.link.map(|l| view! { <p><a href=l.href target="_blank" rel="noopener noreferrer">{l.text}<IconExternal/></a></p> })}
                        </div>
                    }.into_any()
                } else {
                    view! { <ErrorMessage problem=Problem::new("GitHub did not make the change").detail(o.message.clone())/> }.into_any()
                }
            })}
        </div>
    }
    .into_any()
}

/// Whether a row needs "Done — re-check": it asks something of the person
/// (fail, warn or manual) and offers no fix this caller can run here.
fn settled_elsewhere(status: Status, offers: &[FixOffer]) -> bool {
    matches!(status, Status::Fail | Status::Warn | Status::Manual)
        && offers.iter().all(|o| o.blocked.is_some())
}

/// The id of a row's confirmation, which takes focus when it opens.
fn confirm_id(check: &str) -> String {
    format!("confirm-{check}")
}

#[component]
fn Confirm(offer: FixOffer, on_cancel: Callback<()>, on_started: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<FixCtx>();
    let id = confirm_id(offer.check);
    let heading = format!("{id}-title");
    let labelled_by = heading.clone();
    let text = format!("{id}-text");
    let described_by = text.clone();
    // A change that replaces something there now starts only once its
    // box is ticked; the core refuses it otherwise, with the same words.
    let replace = RwSignal::new(false);
    let start = {
        let offer = offer.clone();
        move |secret| {
            on_started.run(());
            ctx.start.run(StartFix {
                offer: offer.clone(),
                secret,
                replace_existing: replace.get_untracked(),
            });
        }
    };
    let replace_box = offer.replaces.clone().map(|tick| {
        let box_id = format!("{id}-replace");
        view! {
            <div class="field toggle">
                <input id=box_id.clone() type="checkbox" prop:checked=replace
                    on:change=move |ev| replace.set(event_target_checked(&ev))/>
                <label for=box_id>{tick}</label>
            </div>
        }
    });
    let body = match &offer.kind {
        FixKind::FallbackSecret(name) => {
            let start = start.clone();
            view! {
                {replace_box}
                <VerifyTokenForm name=name.to_string() repo=ctx.repo.get_value()
                    api_base=ctx.api_base login=ctx.login
                    on_store=Callback::new(move |secret| start(Some(secret)))
                    on_cancel=on_cancel/>
            }
            .into_any()
        }
        _ => view! {
            <div class="btn-row">
                <button type="button" class="btn btn-primary" on:click=move |_| start(None)>"Make this change"</button>
                <button type="button" class="btn" on:click=move |_| on_cancel.run(())>"Cancel"</button>
            </div>
        }
        .into_any(),
    };
    // Escape anywhere in the confirmation cancels it, as Cancel does.
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel.run(());
        }
    };
    view! {
        <div class="fix-confirm" role="group" id=id tabindex="-1"
            aria-labelledby=labelled_by aria-describedby=described_by on:keydown=on_keydown>
            <h3 id=heading>"What will change"</h3>
            <p id=text><RichText text=offer.confirm.clone()/></p>
            {body}
        </div>
    }
}
