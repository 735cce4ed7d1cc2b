//! One check as a disclosure row: status (icon and word), title and the
//! one-line verdict; opened, the evidence and where it came from, why it
//! matters, the error a failing run shows, and the fix with its link.

use super::status_badge::StatusBadge;
use crate::components::icons::IconExternal;
use crate::components::rich_text::RichText;
use ghcr_setup_core::check::{Item, Status};
use leptos::prelude::*;

#[component]
pub fn CheckRow(
    #[prop(into)] item: Signal<Option<Item>>,
    id: &'static str,
    /// Shown under the details: the row's fixes on a live checklist.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let status = move || item.with(|i| i.as_ref().map_or(Status::Pending, |i| i.verdict.status));
    let row_id = format!("check-{id}");
    let summary_id = summary_id(id);
    view! {
        <li class=move || format!("check-row status-{}", status().id()) id=row_id data-check=id>
            <details>
                <summary id=summary_id>
                    {move || item.get().map(|i| view! {
                        <StatusBadge status=i.verdict.status/>
                        <span class="check-title">{i.meta.title}</span>
                        <span class="check-verdict"><RichText text=i.verdict.summary.clone()/></span>
                    })}
                </summary>
                <div class="check-detail">
                    {move || item.get().map(|i| view! { <Detail item=i/> })}
                    {children.map(|c| c())}
                </div>
            </details>
        </li>
    }
}

/// The id of a row's `<summary>`, where focus goes when the row's fix starts.
pub fn summary_id(check: &str) -> String {
    format!("check-{check}-summary")
}

#[component]
fn Detail(item: Item) -> impl IntoView {
    let Item {
        meta,
        verdict,
        waiting_for,
    } = item;
    let waiting = (!waiting_for.is_empty()).then(|| {
        let names: Vec<&str> = waiting_for.iter().map(|k| k.label()).collect();
        view! { <p class="muted">{format!("Waiting for {}.", names.join(", "))}</p> }
    });
    let evidence = (!verdict.evidence.is_empty()).then(|| {
        view! {
            <dl class="evidence">
                {verdict.evidence.into_iter().map(|e| view! {
                    <div class="evidence-row">
                        <dt><RichText text=e.label/></dt>
                        <dd>
                            <RichText text=e.value/>
                            {e.source.map(|s| view! { <span class="evidence-source"><code>{s}</code></span> })}
                        </dd>
                    </div>
                }).collect_view()}
            </dl>
        }
    });
    let fix = verdict.fix.map(|f| {
        view! {
            <div class="check-fix">
                <p><strong>"Fix: "</strong><RichText text=f.text/></p>
                {f.link.map(|l| view! {
                    <p><a class="btn" href=l.href target="_blank" rel="noopener noreferrer">{l.text}<IconExternal/></a></p>
                })}
            </div>
        }
    });
    view! {
        {waiting}
        {evidence}
        <p class="check-why"><strong>"Why it matters: "</strong><RichText text=meta.why/></p>
        {meta.symptom.map(|s| view! {
            <p class="check-symptom"><strong>"When this fails, runs show: "</strong><code>{s}</code></p>
        })}
        {fix}
    }
}
