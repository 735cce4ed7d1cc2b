//! The bar above the checklist: counts by status (icon and word), API
//! requests left this hour, until when the run waits because GitHub asked it
//! to slow down, when the results are from, Re-check and Share.
//! A status region tells screen readers when the check starts and how it
//! ended, once each.

use super::status_badge::StatusIcon;
use ghcr_setup_core::api::RateLimit;
use ghcr_setup_core::check::{CheckView, Status};
use leptos::prelude::*;

/// What the bar shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryState {
    pub counts: Vec<(Status, usize)>,
    pub rate: Option<RateLimit>,
    /// When every fact was in, as a local time; `None` while checking.
    pub as_of: Option<String>,
    /// API answers served from cache (`304`) in this check.
    pub not_modified: u32,
    /// "Waiting for GitHub until 14:03:20 (it asked us to slow down)"
    /// while a `Retry-After` pause holds requests back (the core's
    /// [`CheckView::pause_sentence`]).
    pub paused: Option<String>,
    /// The sentence for screen readers (the core's
    /// [`CheckView::announcement`]).
    pub announcement: String,
}

impl SummaryState {
    /// The bar's figures for `view`; `local_time` writes a Unix time in
    /// milliseconds as the reader's local time.
    pub fn of(view: &CheckView, local_time: impl Fn(u64) -> String) -> Self {
        SummaryState {
            counts: view.counts.clone(),
            rate: view.rate_limit.clone(),
            as_of: view.finished_ms.map(&local_time),
            not_modified: view.not_modified,
            paused: view.pause_sentence(&local_time),
            announcement: view.announcement(),
        }
    }
}

#[component]
pub fn SummaryBar(
    #[prop(into)] state: Signal<SummaryState>,
    on_recheck: Callback<()>,
    #[prop(optional)] share: Option<AnyView>,
) -> impl IntoView {
    let announcement = Memo::new(move |_| state.with(|s| s.announcement.clone()));
    let checking = move || state.with(|s| s.as_of.is_none());
    view! {
        // Focus lands here when the checklist replaces the sign-in form.
        <section class="summary-bar box" id=SUMMARY_ID tabindex="-1" aria-label="Check summary">
            <div class="summary-counts" aria-hidden="true">
                {move || state.with(|s| s.counts.iter().map(|(status, n)| {
                    let class = format!("summary-count status-{}", status.id());
                    view! {
                        <span class=class><StatusIcon status=*status/>{status.count(*n)}</span>
                    }
                }).collect_view())}
            </div>
            <p class="visually-hidden" role="status">{announcement}</p>
            <div class="summary-meta">
                <span>{move || state.with(|s| match &s.as_of {
                    Some(t) => format!("As of {t}"),
                    None => "Checking…".to_string(),
                })}</span>
                {move || state.with(|s| s.paused.clone()).map(|text| view! {
                    <span class="summary-paused" data-testid="summary-paused">{text}</span>
                })}
                {move || state.with(|s| s.rate.clone()).map(|r| view! {
                    <span class="muted">{format!(
                        "API requests left this hour: {} of {} (resets at {})",
                        r.remaining, r.limit, reset_time(r.reset_s)
                    )}</span>
                })}
                {move || state.with(|s| (s.as_of.is_some() && s.not_modified > 0).then(|| view! {
                    <span class="muted">{format!("{} answers unchanged since the last check (free)", s.not_modified)}</span>
                }))}
            </div>
            <div class="summary-actions btn-row">
                // `aria-disabled`, not `disabled`: a disabled button drops
                // the focus of the person who just pressed it.
                <button type="button" class="btn" aria-disabled=move || checking().then_some("true")
                    on:click=move |_| if !checking() { on_recheck.run(()) }>"Re-check"</button>
                {share}
            </div>
        </section>
    }
}

/// The id of the bar, which takes focus when the checklist first appears.
pub const SUMMARY_ID: &str = "check-summary";

/// The local time a rate limit resets (`14:03`).
fn reset_time(reset_s: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(reset_s as f64 * 1000.0));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}
