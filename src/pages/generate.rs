//! The workflow generator: the form on one side, the live YAML on the other
//! (stacked on a phone). Every option lives in the URL, so a link reproduces
//! the exact workflow; a malformed link says which parameter was ignored.

use crate::browser;
use crate::components::code_view::CodeView;
use crate::components::copy_button::CopyButton;
use crate::components::icons::{IconDownload, IconExternal};
use crate::components::option_field::OptionField;
use crate::components::pins_note::PinsNote;
use crate::components::push_commands::PushCommands;
use crate::components::session::use_session;
use crate::route::Route;
use ghcr_setup_core::workflow::{self, fields, FieldError, RawOptions, Section, WorkflowOptions};
use leptos::prelude::*;

const SECTIONS: [Section; 5] = [
    Section::Repository,
    Section::Triggers,
    Section::Build,
    Section::Runner,
    Section::Security,
];

#[component]
pub fn GeneratePage(query: String) -> impl IntoView {
    let (initial, notes) = RawOptions::from_query(&query);
    let raw = RwSignal::new(initial);
    let checked: Memo<Result<WorkflowOptions, Vec<FieldError>>> =
        Memo::new(move |_| raw.with(RawOptions::validate));
    crate::pins::ensure_resolving();
    let pins = crate::pins::current_pins();
    let yaml = Memo::new(move |_| {
        pins.with(|p| checked.with(|c| c.as_ref().ok().map(|o| workflow::generate_with(o, p))))
    });
    Effect::new(move |_| browser::replace_hash(&raw.with(Route::generate_from)));
    view! {
        <h1>"Generate docker-image.yml"</h1>
        <p class="muted narrow">
            "A publishing workflow for ghcr.io with current action versions pinned by commit, "
            <code>"contents: read"</code> " at the top and " <code>"packages: write"</code>
            " only on the job, and pull requests that build without pushing."
        </p>
        {(!notes.is_empty()).then(|| view! {
            <div class="flash flash-warn" role="status">
                <h2>"Some parts of this link were ignored"</h2>
                <ul>
                    {notes.into_iter().map(|n| view! { <li><code>{n.param}</code> ": " {n.reason}</li> }).collect_view()}
                </ul>
            </div>
        })}
        <div class="gen-layout">
            <form class="gen-form" aria-label="Workflow options" on:submit=|ev| ev.prevent_default()>
                {SECTIONS.into_iter().map(|section| view! { <OptionSection section=section raw=raw checked=checked/> }).collect_view()}
            </form>
            <div class="gen-preview">
                <Preview raw=raw checked=checked yaml=yaml/>
            </div>
        </div>
        <h2>"Push from your own machine"</h2>
        <LocalPush checked=checked/>
    }
}

#[component]
fn OptionSection(
    section: Section,
    raw: RwSignal<RawOptions>,
    checked: Memo<Result<WorkflowOptions, Vec<FieldError>>>,
) -> impl IntoView {
    view! {
        <fieldset>
            <legend>{section.label()}</legend>
            {fields().iter().filter(|f| f.section == section).map(|spec| {
                let key = spec.key;
                let value = Signal::derive(move || raw.with(|r| r.get(key).to_string()));
                let error = Signal::derive(move || checked.with(|c| match c {
                    Err(errors) => errors.iter().find(|e| e.key == key).map(|e| e.message.clone()),
                    Ok(_) => None,
                }));
                let on_change = Callback::new(move |v: String| raw.update(|r| r.set(key, v)));
                view! { <OptionField spec=spec value=value error=error on_change=on_change/> }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
fn Preview(
    raw: RwSignal<RawOptions>,
    checked: Memo<Result<WorkflowOptions, Vec<FieldError>>>,
    yaml: Memo<Option<String>>,
) -> impl IntoView {
    let text = Signal::derive(move || yaml.get().unwrap_or_default());
    let propose = move || {
        checked.with(|c| {
            c.as_ref()
                .ok()
                .map(|o| workflow::propose_url(o, &text.get()))
        })
    };
    let download = move |_| {
        browser::download(
            "docker-image.yml",
            &text.get_untracked(),
            "application/yaml",
        );
    };
    view! {
        <div class="box">
            <div class="box-header">
                <strong><code>".github/workflows/docker-image.yml"</code></strong>
            </div>
            {move || match yaml.get() {
                Some(_) => view! {
                    <div class="box-body btn-row">
                        <CopyButton text=text label="Copy" what="the workflow"/>
                        <button type="button" class="btn" on:click=download><IconDownload/>"Download"</button>
                        <a class="btn" target="_blank" rel="noopener noreferrer" href=propose
                            title="Opens GitHub's new-file page with this workflow filled in; nothing is written until you commit there.">
                            <IconExternal/>"Propose on GitHub"
                        </a>
                    </div>
                    <PinsNote/>
                    <CodeView text=text label="Generated workflow"/>
                }.into_any(),
                None => view! { <PreviewBlocked raw=raw checked=checked/> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn PreviewBlocked(
    raw: RwSignal<RawOptions>,
    checked: Memo<Result<WorkflowOptions, Vec<FieldError>>>,
) -> impl IntoView {
    let no_repo = move || raw.with(|r| r.get("repo").trim().is_empty());
    view! {
        <div class="box-body" role="status">
            {move || if no_repo() {
                view! { <p>"Enter a repository (" <code>"owner/name"</code> ") to see its workflow."</p> }.into_any()
            } else {
                let errors = checked.with(|c| c.clone().err().unwrap_or_default());
                view! {
                    <p>{format!("The preview updates when {} fixed:", if errors.len() == 1 { "this field is" } else { "these fields are" })}</p>
                    <ul>
                        {errors.into_iter().map(|e| {
                            let href = format!("#opt-{}", e.key);
                            view! { <li><a href=href on:click=move |ev| { ev.prevent_default(); browser::focus(&format!("opt-{}", e.key)); }>{label_of(e.key)}</a> ": " {e.message}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn LocalPush(checked: Memo<Result<WorkflowOptions, Vec<FieldError>>>) -> impl IntoView {
    let session = use_session();
    let image = Signal::derive(move || checked.with(|c| c.as_ref().ok().map(|o| o.image.clone())));
    let user = Signal::derive(move || session.login());
    view! { <PushCommands image=image user=user/> }
}

fn label_of(key: &str) -> &'static str {
    fields()
        .iter()
        .find(|f| f.key == key)
        .map_or("Field", |f| f.label)
}
