//! The end of the Workflow group: the workflow this repository should have,
//! generated with the options the checklist found (owner, default branch,
//! runner labels, image name, token secret, Dockerfile), ready to copy,
//! download or propose — and a link to adjust it in the generator.

use crate::browser;
use crate::components::code_view::CodeView;
use crate::components::copy_button::CopyButton;
use crate::components::icons::{IconDownload, IconExternal};
use crate::components::pins_note::PinsNote;
use crate::components::rich_text::RichText;
use crate::route::Route;
use ghcr_setup_core::check::Suggestion;
use ghcr_setup_core::workflow::{self, WorkflowOptions};
use leptos::prelude::*;

#[component]
pub fn WorkflowPanel(#[prop(into)] suggestion: Signal<Suggestion>) -> impl IntoView {
    crate::pins::ensure_resolving();
    let pins = crate::pins::current_pins();
    let options = Memo::new(move |_| suggestion.with(|s| s.options.validate().ok()));
    let text = Signal::derive(move || {
        pins.with(|p| {
            options.with(|o| {
                o.as_ref()
                    .map(|o| workflow::generate_with(o, p))
                    .unwrap_or_default()
            })
        })
    });
    let propose = move || {
        options.with(|o: &Option<WorkflowOptions>| {
            o.as_ref().map(|o| workflow::propose_url(o, &text.get()))
        })
    };
    let generator = move || suggestion.with(|s| Route::generate_from(&s.options)).href();
    let download = move |_| {
        browser::download(
            "docker-image.yml",
            &text.get_untracked(),
            "application/yaml",
        );
    };
    view! {
        <section class="workflow-panel box" aria-labelledby="workflow-panel-title">
            <div class="box-header">
                <h3 id="workflow-panel-title">"The workflow for this repository"</h3>
            </div>
            <div class="box-body">
                <p class="muted">
                    <RichText text=Signal::derive(move || suggestion.with(describe))/>" "
                    <a href=generator>"Adjust the options in the generator"</a>"."
                </p>
                {move || options.with(Option::is_some).then(|| view! {
                    <div class="btn-row">
                        <CopyButton text=text label="Copy" what="the workflow"/>
                        <button type="button" class="btn" on:click=download><IconDownload/>"Download"</button>
                        <a class="btn" target="_blank" rel="noopener noreferrer" href=propose
                            title="Opens GitHub's new-file page with this workflow filled in; nothing is written until you commit there.">
                            <IconExternal/>"Propose on GitHub"
                        </a>
                    </div>
                })}
            </div>
            <div class="box-body"><PinsNote/></div>
            <details class="workflow-yaml">
                <summary>"Show " <code>".github/workflows/docker-image.yml"</code></summary>
                <CodeView text=text label="Generated workflow"/>
            </details>
        </section>
    }
}

/// What the suggested options were filled in from, as one sentence.
fn describe(s: &Suggestion) -> String {
    let list = |items: &[(&str, String)]| {
        items
            .iter()
            .map(|(what, value)| format!("{what} `{value}`"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut text = String::from("Recommended options");
    if !s.from_repo.is_empty() {
        text.push_str(&format!(", with the repository's {}", list(&s.from_repo)));
    }
    match &s.from_workflow {
        Some((file, found)) if !found.is_empty() => {
            text.push_str(&format!(" and, from `{file}`, its {}.", list(found)));
        }
        _ => text.push('.'),
    }
    text
}
