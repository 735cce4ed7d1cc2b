//! Where the action versions in a generated workflow came from — read from
//! GitHub just now, or the built-in table and its date — and any newer
//! major GitHub lists, with a link to its release notes.

use crate::components::icons::IconExternal;
use crate::pins::PinsCtx;
use leptos::prelude::*;

#[component]
pub fn PinsNote() -> impl IntoView {
    let Some(ctx) = use_context::<PinsCtx>() else {
        return ().into_any();
    };
    view! {
        // Not a live region: where the versions came from changes in the
        // background while a person reads or checks, and is not news.
        <div class="pins-note">
            <p class="muted">{move || ctx.state.with(|s| s.source.clone())}</p>
            {move || ctx.state.with(|s| s.age.clone()).map(|age| view! {
                <p class="pins-age">{age}</p>
            })}
            {move || {
                let notes = ctx.state.with(|s| s.notes.clone());
                (!notes.is_empty()).then(|| view! {
                    <details class="pins-details">
                        <summary>{format!("About {} of the action versions", notes.len())}</summary>
                        <ul>
                            {notes.into_iter().map(|n| view! {
                                <li>
                                    <code>{n.action}</code>": "{n.text}
                                    {n.link.map(|href| view! { " " <a href=href target="_blank" rel="noopener noreferrer">"Release notes"<IconExternal/></a> })}
                                </li>
                            }).collect_view()}
                        </ul>
                    </details>
                })
            }}
        </div>
    }
    .into_any()
}
