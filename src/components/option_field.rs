//! One generator option rendered from its `FieldSpec`: label, input, the
//! one-line reason it exists, and its validation message. The form is built
//! entirely from the core's field list, so the page, the URL and the CLI can
//! never disagree about which options exist.

use crate::components::field_error::FieldError;
use ghcr_setup_core::workflow::{FieldKind, FieldSpec};
use leptos::prelude::*;

#[component]
pub fn OptionField(
    spec: &'static FieldSpec,
    #[prop(into)] value: Signal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    on_change: Callback<String>,
) -> impl IntoView {
    let id = format!("opt-{}", spec.key);
    let help_id = format!("{id}-help");
    let error_id = format!("{id}-error");
    let described = format!("{help_id} {error_id}");
    let invalid = move || error.get().is_some().then_some("true");
    // Checked on every keystroke: shown, and read with the field, but not
    // announced as an alert while the person is still typing.
    let error_view = view! { <FieldError id=error_id message=error alert=false/> };
    match spec.kind {
        FieldKind::Toggle => view! {
            <div class="field toggle">
                <input type="checkbox" id=id.clone() aria-describedby=described
                    prop:checked=move || value.get() == "true"
                    on:change=move |ev| on_change.run(if event_target_checked(&ev) { "true".into() } else { "false".into() })/>
                <label for=id>{spec.label}</label>
                <p id=help_id class="help">{spec.help}</p>
                {error_view}
            </div>
        }
        .into_any(),
        FieldKind::Text { placeholder } => view! {
            <div class="field">
                <label for=id.clone()>{spec.label}</label>
                <input type="text" id=id autocomplete="off" spellcheck="false" placeholder=placeholder
                    aria-describedby=described aria-invalid=invalid
                    prop:value=move || value.get()
                    on:input=move |ev| on_change.run(event_target_value(&ev))/>
                <p id=help_id class="help">{spec.help}</p>
                {error_view}
            </div>
        }
        .into_any(),
        FieldKind::Choice(choices) => view! {
            <div class="field">
                <label for=id.clone()>{spec.label}</label>
                <select id=id aria-describedby=described aria-invalid=invalid
                    on:change=move |ev| on_change.run(event_target_value(&ev))>
                    {choices.iter().map(|(v, l)| {
                        let v = *v;
                        view! { <option value=v selected=move || value.get() == v>{*l}</option> }
                    }).collect_view()}
                </select>
                <p id=help_id class="help">{spec.help}</p>
                {error_view}
            </div>
        }
        .into_any(),
    }
}
