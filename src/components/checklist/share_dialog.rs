//! "Share": a panel that says exactly what the link will hold — repository,
//! image, generator options and the verdicts as of a time, never a token or
//! a secret's value — lets the person leave runner and secret names out,
//! and copies the link, the checklist as Markdown, or opens it as an issue.
//!
//! It is a modal dialog: the page behind is inert, Tab and Shift+Tab cycle
//! through its controls, and Escape or Close closes it (the page then puts
//! focus back on the Share button).

use crate::browser;
use crate::components::copy_button::CopyButton;
use crate::components::field_error::FieldError;
use crate::components::icons::IconExternal;
use crate::compress;
use ghcr_setup_core::encoding::encode_url;
use ghcr_setup_core::share::{issue_url, markdown, share_url, Snapshot};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The three exports of one snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
struct Exports {
    link: String,
    markdown: String,
    issue: String,
}

#[component]
pub fn ShareDialog(
    /// Builds the snapshot; `true` keeps runner and secret names.
    snapshot: Callback<bool, Option<Snapshot>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let include_names = RwSignal::new(true);
    let exports = RwSignal::new(None::<Exports>);
    let failed = RwSignal::new(None::<String>);
    let summary = RwSignal::new(None::<Snapshot>);
    Effect::new(move |_| {
        let names = include_names.get();
        let Some(snap) = snapshot.run(names) else {
            failed.set(Some(
                "The checklist is not finished yet; share it once every item has a verdict.".into(),
            ));
            return;
        };
        summary.set(Some(snap.clone()));
        exports.set(None);
        leptos::task::spawn_local(async move {
            match compress::deflate(&snap.to_json()).await {
                Ok(bytes) => {
                    let link = share_url(&browser::current_url(), &encode_url(&bytes));
                    exports.set(Some(Exports {
                        markdown: markdown(&snap, Some(&link)),
                        issue: issue_url(&snap, Some(&link)),
                        link,
                    }));
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    });
    let link = Signal::derive(move || {
        exports.with(|e| e.as_ref().map(|e| e.link.clone()).unwrap_or_default())
    });
    let md = Signal::derive(move || {
        exports.with(|e| e.as_ref().map(|e| e.markdown.clone()).unwrap_or_default())
    });
    let issue = move || exports.with(|e| e.as_ref().map(|e| e.issue.clone()));
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Shown as a modal: the rest of the page is inert until it closes, and
    // focus starts on the dialog, so a screen reader reads its title and
    // what the link holds.
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
            let _ = d.focus();
        }
    });
    // Closing the element ends the modal state at once; its `close` event
    // (also sent when the browser closes it) then tells the page.
    let close = move || {
        if let Some(d) = dialog.get_untracked() {
            d.close();
        }
    };
    let on_keydown = move |ev: leptos::ev::KeyboardEvent| match ev.key().as_str() {
        "Escape" => {
            ev.prevent_default();
            close();
        }
        "Tab" => {
            if let Some(d) = dialog.get_untracked() {
                keep_tab_inside(&d, &ev);
            }
        }
        _ => {}
    };
    view! {
        <dialog class="share-dialog box" node_ref=dialog tabindex="-1"
            aria-labelledby="share-title" aria-describedby="share-what"
            on:keydown=on_keydown
            on:close=move |_| on_close.run(())>
            <div class="box-header">
                <h2 id="share-title">"Share this checklist"</h2>
                <button type="button" class="btn share-close" on:click=move |_| close()>"Close"</button>
            </div>
            <div class="box-body">
                <div id="share-what">{move || summary.get().map(|s| view! {
                    <p>"The link holds, and shows to anyone who opens it without signing in:"</p>
                    <ul class="share-contents">
                        <li>{format!("the repository {}", s.repo)}{s.image.clone().map(|i| format!(" and the image {i}"))}</li>
                        <li>{options_line(&s.options)}</li>
                        <li>"your GitHub login, as the account the check was made with"</li>
                        <li>{format!("{} verdicts, each with its one-line summary and a little evidence, as of {} (format {})", s.items.len(), ghcr_setup_core::time::format_utc(s.at), s.v)}</li>
                    </ul>
                    <p class="muted">"Never your token, and never a secret's value — GitHub does not reveal those to anyone."</p>
                    <details class="share-raw">
                        <summary>"Exactly what the link holds"</summary>
                        <pre tabindex="0" aria-label="The link's contents">{serde_json::to_string_pretty(&s).unwrap_or_default()}</pre>
                    </details>
                })}</div>
                <div class="field toggle">
                    <input id="share-names" type="checkbox" prop:checked=include_names
                        on:change=move |ev| include_names.set(event_target_checked(&ev))/>
                    <label for="share-names">"Include runner and secret names"</label>
                    <p class="help">"Untick to replace them with \"(name hidden)\"."</p>
                </div>
                <FieldError id="share-failed" message=failed/>
                <label for="share-link" class="field-label">"Link"</label>
                <div class="cmd share-link">
                    <input id="share-link" type="text" readonly prop:value=link aria-describedby="share-title share-failed"/>
                    <CopyButton text=link label="Copy link" what="the share link"/>
                </div>
                <div class="btn-row share-exports">
                    <CopyButton text=md label="Copy as Markdown" what="the checklist"/>
                    {move || issue().map(|href| view! {
                        <a class="btn" href=href target="_blank" rel="noopener noreferrer"><IconExternal/>"Open as GitHub issue"</a>
                    })}
                </div>
            </div>
        </dialog>
    }
}

/// The generator's options as the person set them, so they see what the
/// link carries ("the defaults" when nothing was changed).
fn options_line(query: &str) -> String {
    let pairs: Vec<String> = ghcr_setup_core::url::query_pairs(query)
        .filter(|(k, _)| k != "repo")
        .map(|(k, v)| format!("{k} = {v}"))
        .collect();
    if pairs.is_empty() {
        "the generator's options: the defaults, so the same workflow can be generated".into()
    } else {
        format!(
            "the generator's options, so the same workflow can be generated: {}",
            pairs.join(", ")
        )
    }
}

/// What Tab can reach inside the dialog.
const FOCUSABLE: &str =
    "a[href], button:not([disabled]), input:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";

/// Tab from the last control goes to the first, Shift+Tab from the first
/// (or from the dialog itself) to the last: focus never leaves the dialog.
fn keep_tab_inside(dialog: &web_sys::HtmlDialogElement, ev: &leptos::ev::KeyboardEvent) {
    let Ok(list) = dialog.query_selector_all(FOCUSABLE) else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = leptos::prelude::document().active_element();
    let on = |el: &web_sys::HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    };
    let on_dialog = active
        .as_ref()
        .is_some_and(|a| a == dialog.unchecked_ref::<web_sys::Element>());
    let target = if ev.shift_key() {
        (on(first) || on_dialog).then_some(last)
    } else {
        on(last).then_some(first)
    };
    if let Some(el) = target {
        ev.prevent_default();
        let _ = el.focus();
    }
}
