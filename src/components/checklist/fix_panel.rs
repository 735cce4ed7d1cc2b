//! The fixes of one row: a button per offer (or what is missing when this
//! caller cannot make it), the confirmation that says exactly what will
//! change, progress, and how it ended. Rows GitHub's API cannot fix get
//! "Done — re-check" instead.

use super::fix_context::{FixCtx, StartFix};
use super::verify_token::VerifyTokenForm;
use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::icons::IconExternal;
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
    let confirming = RwSignal::new(None::<FixOffer>);
    let busy = move || ctx.running.get().is_some();
    view! {
        <div class="fix-panel">
            {move || offers.get().into_iter().map(|offer| {
                let shown = offer.clone();
                match offer.blocked.clone() {
                    Some(reason) => view! {
                        <p class="fix-blocked"><strong>{offer.label.clone()}": "</strong><RichText text=reason/></p>
                    }.into_any(),
                    None => view! {
                        <button type="button" class=if offer.recommended { "btn btn-primary" } else { "btn" }
                            disabled=busy
                            aria-expanded=move || confirming.with(|c| c.as_ref() == Some(&shown)).to_string()
                            on:click=move |_| confirming.set(Some(offer.clone()))>
                            {offer.label.clone()}
                        </button>
                    }.into_any(),
                }
            }).collect_view()}
            {move || (status.get() == Status::Manual).then(|| view! {
                <button type="button" class="btn" disabled=busy on:click=move |_| ctx.recheck.run(())>"Done — re-check"</button>
            })}
            {move || confirming.get().map(|offer| view! {
                <Confirm offer=offer on_close=Callback::new(move |_| confirming.set(None))/>
            })}
            {move || (ctx.running.get() == Some(check)).then(|| view! {
                <p class="fix-progress" role="status">"Changing it on GitHub…"</p>
            })}
            {move || ctx.refused.get().filter(|(c, _)| *c == check).map(|(_, why)| view! {
                <ErrorMessage problem=Problem::new("The change did not start").detail(why)/>
            })}
            {move || ctx.outcome.get().filter(|o| o.check == check).map(|o| {
                if o.ok {
                    view! {
                        <div class="flash flash-success" role="status">
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

#[component]
fn Confirm(offer: FixOffer, on_close: Callback<()>) -> impl IntoView {
    let ctx = expect_context::<FixCtx>();
    let heading = format!("confirm-{}", offer.check);
    let labelled_by = heading.clone();
    let start = {
        let offer = offer.clone();
        move |secret| {
            on_close.run(());
            ctx.start.run(StartFix {
                offer: offer.clone(),
                secret,
            });
        }
    };
    let body = match &offer.kind {
        FixKind::FallbackSecret(name) => {
            let start = start.clone();
            view! {
                <VerifyTokenForm name=name.to_string() repo=ctx.repo.get_value()
                    api_base=ctx.api_base login=ctx.login
                    on_store=Callback::new(move |secret| start(Some(secret)))
                    on_cancel=on_close/>
            }
            .into_any()
        }
        _ => view! {
            <div class="btn-row">
                <button type="button" class="btn btn-primary" on:click=move |_| start(None)>"Make this change"</button>
                <button type="button" class="btn" on:click=move |_| on_close.run(())>"Cancel"</button>
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="fix-confirm" role="group" aria-labelledby=labelled_by>
            <h4 id=heading>"What will change"</h4>
            <p><RichText text=offer.confirm.clone()/></p>
            {body}
        </div>
    }
}
