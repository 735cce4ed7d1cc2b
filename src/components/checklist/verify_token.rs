//! The "verify a token" form of the secret fix: the token is checked against
//! GitHub (kind, scopes, owner, single sign-on) without being stored, and
//! handed to the fix only when the person confirms. The input is cleared
//! and the value dropped as soon as it is used or the form goes away. A
//! status region says when the check starts and how it ended; a token that
//! cannot be stored is an alert.

use crate::components::error_message::{ErrorMessage, Problem};
use crate::components::field_error::FieldError;
use crate::driver::Driven;
use ghcr_setup_core::check::fix::verify::{TokenReport, VerifyToken};
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{parse_pasted_token, Secret};
use leptos::prelude::*;
use std::rc::Rc;

#[component]
pub fn VerifyTokenForm(
    /// The secret's name, for the text.
    name: String,
    repo: RepoSlug,
    #[prop(into)] api_base: Signal<String>,
    #[prop(into)] login: Signal<Option<String>>,
    /// Called with a verified token when the person stores it.
    on_store: Callback<Secret>,
    on_cancel: Callback<()>,
) -> impl IntoView {
    let input_id = format!("verify-token-{name}");
    let error_id = format!("{input_id}-error");
    let value = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let checking = RwSignal::new(false);
    let report = RwSignal::new(None::<TokenReport>);
    let verified: StoredValue<Option<Secret>, LocalStorage> = StoredValue::new_local(None);
    let running: StoredValue<Option<Rc<Driven<VerifyToken>>>, LocalStorage> =
        StoredValue::new_local(None);
    on_cleanup(move || {
        verified.set_value(None);
        running.set_value(None);
    });
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if checking.get_untracked() {
            return;
        }
        report.set(None);
        verified.set_value(None);
        let token = match parse_pasted_token(&value.get_untracked()) {
            Ok(t) => t,
            Err(e) => {
                error.set(Some(e.message().to_string()));
                return;
            }
        };
        error.set(None);
        match VerifyToken::new(
            &api_base.get_untracked(),
            token.clone(),
            &repo,
            login.get_untracked(),
        ) {
            Err(refused) => report.set(Some(refused)),
            Ok(program) => {
                checking.set(true);
                let d = Driven::new(program, move || {
                    running.with_value(|r| {
                        if let Some(d) = r {
                            if let Some(r) = d.with(VerifyToken::report) {
                                checking.set(false);
                                if r.usable() {
                                    verified.set_value(Some(token.clone()));
                                }
                                report.set(Some(r));
                            }
                        }
                    });
                });
                running.set_value(Some(d.clone()));
                d.pump();
            }
        }
    };
    let store = move |_| {
        if let Some(token) = verified.try_update_value(Option::take).flatten() {
            value.set(String::new());
            report.set(None);
            on_store.run(token);
        }
    };
    view! {
        <form class="verify-token" on:submit=check>
            <p>
                "Paste the token that " <code>{name.clone()}</code>
                " should hold: a classic token (ghp_…) of a service account with "
                <code>"repo"</code> " and " <code>"write:packages"</code>
                ". It is checked with GitHub now and kept only until you store it; it is never saved in this browser."
            </p>
            <label for=input_id.clone() class="field-label">"Token to store"</label>
            <div class="btn-row verify-token-row">
                <input id=input_id type="password" autocomplete="off" spellcheck="false"
                    prop:value=value on:input=move |ev| value.set(event_target_value(&ev))
                    aria-describedby=error_id.clone()
                    aria-invalid=move || error.with(Option::is_some).then_some("true")/>
                // Not `disabled`: a disabled button loses focus, and a second
                // submit while checking is ignored above.
                <button type="submit" class="btn" aria-disabled=move || checking.get().then_some("true")>
                    {move || if checking.get() { "Checking…" } else { "Check this token" }}
                </button>
                <button type="button" class="btn" on:click=move |_| {
                    value.set(String::new());
                    verified.set_value(None);
                    on_cancel.run(());
                }>"Cancel"</button>
            </div>
            <FieldError id=error_id message=error/>
            <p class="visually-hidden" role="status">{move || announcement(checking.get(), report.get().as_ref())}</p>
            {move || report.get().map(|r| view! { <Report report=r on_store=store/> })}
        </form>
    }
}

/// What the status region says: that the token is being checked, and then
/// whether it can be stored (a token that cannot is an alert of its own).
fn announcement(checking: bool, report: Option<&TokenReport>) -> String {
    match report {
        _ if checking => "Checking the token with GitHub…".into(),
        Some(r) if r.usable() => std::iter::once(usable_line(r))
            .chain(r.warnings.iter().cloned())
            .collect::<Vec<_>>()
            .join(" "),
        _ => String::new(),
    }
}

/// "This classic token of ci-bot can push to ghcr.io (scopes: …)."
fn usable_line(report: &TokenReport) -> String {
    let who = report
        .login
        .as_ref()
        .map_or(String::new(), |l| format!(" of {l}"));
    format!(
        "This {}{who} can push to ghcr.io (scopes: {}).",
        report.kind.in_sentence(),
        report.scopes.join(", ")
    )
}

#[component]
fn Report(
    report: TokenReport,
    on_store: impl Fn(leptos::ev::MouseEvent) + 'static,
) -> impl IntoView {
    let usable = report.usable();
    let warnings = report.warnings.clone();
    view! {
        {if usable {
            view! {
                <div class="flash flash-success">
                    <p>{usable_line(&report)}</p>
                </div>
            }.into_any()
        } else {
            let mut problem = Problem::new("This token cannot be stored");
            problem.detail = Some(report.problems.join(" "));
            view! { <ErrorMessage problem=problem/> }.into_any()
        }}
        {(!warnings.is_empty()).then(|| view! {
            <div class="flash flash-warn">
                {warnings.into_iter().map(|w| view! { <p>{w}</p> }).collect_view()}
            </div>
        })}
        {usable.then(|| view! {
            <p><button type="button" class="btn btn-primary" on:click=on_store>"Store it as the secret"</button></p>
        })}
    }
}
