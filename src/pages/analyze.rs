//! The analyzer: paste an existing workflow, see what to change, line by line.

use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::icons::{IconAlert, IconCheck, IconCross, IconInfo};
use crate::components::pins_note::PinsNote;
use crate::components::rich_text::RichText;
use ghcr_setup_core::actions::{Action, Pins, Source, GENERATOR_ACTIONS};
use ghcr_setup_core::analyze::{self, Finding, Severity};
use leptos::prelude::*;

/// A workflow in the style of the setup guide this tool replaces: old action
/// majors, no permissions block, a registry URL with a trailing slash.
const EXAMPLE: &str = "name: Docker image
on:
  push:
    branches: [main]
  pull_request:
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v3
      - name: Log in to container registry
        uses: docker/login-action@v2
        with:
          registry: ghcr.io/
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - name: Build and push container image to registry
        uses: docker/build-push-action@v3
        with:
          context: .
          push: true
          tags: ghcr.io/${{ github.repository }}:latest
          file: ./Dockerfile
";

#[component]
pub fn AnalyzePage() -> impl IntoView {
    let (text, set_text) = signal(String::new());
    crate::pins::ensure_resolving();
    let pins = crate::pins::current_pins();
    // The known actions a pasted workflow uses beyond the generator's are
    // read live too, once each; a workflow using nothing new costs nothing.
    let resolve_used = crate::pins::on_demand();
    Effect::new(move |_| text.with(|t| resolve_used(t)));
    let result = Memo::new(move |_| {
        text.with(|t| {
            (!t.trim().is_empty()).then(|| {
                pins.with(|p| analyze::analyze_with(t, p))
                    .map_err(|e| e.to_string())
            })
        })
    });
    let announcement = Memo::new(move |_| match result.get() {
        None => String::new(),
        Some(Err(_)) => "This is not a workflow the analyzer can read.".to_string(),
        Some(Ok(f)) if f.is_empty() => "No findings.".to_string(),
        Some(Ok(f)) => format!(
            "{} finding{}.",
            f.len(),
            if f.len() == 1 { "" } else { "s" }
        ),
    });
    view! {
        <div class="narrow">
            <h1>"Analyze a workflow"</h1>
            <p class="muted">
                "Paste the workflow that builds and pushes your image. Findings are specific to publishing on ghcr.io: "
                "registry and login, token permissions, action versions and pinning, image names, pull-request safety, caching."
            </p>
            <div class="field">
                <label for="analyze-input">"Workflow YAML"</label>
                <textarea id="analyze-input" spellcheck="false" aria-describedby="analyze-count"
                    placeholder="name: Docker image\non:\n  push: …"
                    prop:value=text on:input=move |ev| set_text.set(event_target_value(&ev))></textarea>
            </div>
            <p class="btn-row">
                <button type="button" class="btn" on:click=move |_| set_text.set(EXAMPLE.to_string())>"Load an outdated example"</button>
                <button type="button" class="btn" on:click=move |_| set_text.set(String::new())>"Clear"</button>
            </p>
            // The findings change with every key pressed, so they are not
            // announced; this status line says only how many there are, or
            // that the text cannot be read, once per change.
            <p class="visually-hidden" id="analyze-count" role="status">{announcement}</p>
            <section id="analyze-result">
                {move || match result.get() {
                    None => view! { <p class="muted">"Findings appear here as you paste."</p> }.into_any(),
                    Some(Err(e)) => view! {
                        <ErrorMessage problem=Problem::new("This is not a workflow the analyzer can read").detail(e) level=2 alert=false/>
                    }.into_any(),
                    Some(Ok(findings)) if findings.is_empty() => view! {
                        <div class="flash flash-success"><IconCheck/>" No findings: this workflow follows every rule the analyzer knows."</div>
                    }.into_any(),
                    Some(Ok(findings)) => view! { <Findings findings=findings/> }.into_any(),
                }}
            </section>
            <VersionsNote pins=pins/>
        </div>
    }
}

/// Where the versions the findings compare against came from: the same note
/// the generator shows, plus the known actions read live because a pasted
/// workflow uses them and those compared with the built-in table.
#[component]
fn VersionsNote(pins: Signal<Pins>) -> impl IntoView {
    let rest = move || pins.with(other_actions);
    view! {
        // `field` spaces it from the findings above.
        <div class="box field" id="analyze-pins">
            <div class="box-header"><h2>"Newest action versions"</h2></div>
            <PinsNote/>
            <div class="pins-note"><p class="muted">{rest}</p></div>
        </div>
    }
}

/// Sentences about the known actions the generator does not write: which
/// were read live for a pasted workflow, and which are compared with their
/// built-in versions.
fn other_actions(pins: &Pins) -> String {
    let (live, built_in): (Vec<Action>, Vec<Action>) = Action::ALL
        .into_iter()
        .filter(|a| !GENERATOR_ACTIONS.contains(a))
        .partition(|a| matches!(pins.get(*a).source(), Source::Live { .. }));
    let live: Vec<&str> = live.into_iter().map(Action::name).collect();
    let built_in: Vec<&str> = built_in.into_iter().map(Action::name).collect();
    let checked = ghcr_setup_core::actions::LAST_CHECKED;
    let read = match live.as_slice() {
        [] => None,
        [one] => Some(format!(
            "{one} was read from GitHub too, because a workflow pasted here uses it."
        )),
        [init @ .., last] => Some(format!(
            "{} and {last} were read from GitHub too, because a workflow pasted here uses them.",
            init.join(", ")
        )),
    };
    let kept = match built_in.as_slice() {
        [] => None,
        [one] => Some(format!(
            "{one} is compared with its built-in version, checked on {checked}."
        )),
        more => Some(format!(
            "{} more actions the analyzer knows ({}) are compared with their built-in versions, checked on {checked}.",
            more.len(),
            more.join(", ")
        )),
    };
    [read, kept]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

#[component]
fn Findings(findings: Vec<Finding>) -> impl IntoView {
    let count = findings.len();
    view! {
        <div class="box">
            <div class="box-header"><h2 class="visually-hidden">"Findings"</h2>
                <strong>{format!("{count} finding{}", if count == 1 { "" } else { "s" })}</strong>
            </div>
            <ul class="findings">
                {findings.into_iter().map(|f| view! {
                    <li class="finding">
                        <SeverityBadge severity=f.severity/>
                        <div>
                            <div><strong>{format!("Line {}", f.line)}</strong> " · " <RichText text=f.message/></div>
                            <p class="fix">"Fix: " <RichText text=f.fix/></p>
                            <p class="fix"><code>{f.rule}</code></p>
                        </div>
                    </li>
                }).collect_view()}
            </ul>
        </div>
    }
}

#[component]
fn SeverityBadge(severity: Severity) -> impl IntoView {
    match severity {
        Severity::Error => {
            view! { <span class="badge badge-error"><IconCross/>" Error"</span> }.into_any()
        }
        Severity::Warning => {
            view! { <span class="badge badge-warning"><IconAlert/>" Warning"</span> }.into_any()
        }
        Severity::Info => {
            view! { <span class="badge badge-info"><IconInfo/>" Info"</span> }.into_any()
        }
    }
}
