//! The bar above the checklist: counts by status (icon and word), API
//! requests left this hour, when the results are from, Re-check and Share.
//! Progress and the final result are announced to screen readers.

use super::status_badge::StatusIcon;
use ghcr_setup_core::api::RateLimit;
use ghcr_setup_core::check::{Item, Run, Status};
use leptos::prelude::*;

/// What the bar shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SummaryState {
    pub counts: Vec<(Status, usize)>,
    pub total: usize,
    pub rate: Option<RateLimit>,
    /// When every fact was in, as a local time; `None` while checking.
    pub as_of: Option<String>,
    /// API answers served from cache (`304`) in this check.
    pub not_modified: u32,
}

impl SummaryState {
    /// The bar's figures for a set of items.
    pub fn of(
        items: &[Item],
        rate: Option<RateLimit>,
        as_of: Option<String>,
        not_modified: u32,
    ) -> Self {
        SummaryState {
            counts: Run::counts(items),
            total: items.len(),
            rate,
            as_of,
            not_modified,
        }
    }

    fn count(&self, status: Status) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    /// The sentence announced to screen readers.
    pub fn announcement(&self) -> String {
        let pending = self.count(Status::Pending);
        if pending > 0 {
            return format!(
                "Checking: {} of {} items done.",
                self.total - pending,
                self.total
            );
        }
        let parts: Vec<String> = self.counts.iter().map(|(s, n)| s.count(*n)).collect();
        format!("Check complete: {}.", parts.join(", "))
    }
}

#[component]
pub fn SummaryBar(
    #[prop(into)] state: Signal<SummaryState>,
    on_recheck: Callback<()>,
    #[prop(optional)] share: Option<AnyView>,
) -> impl IntoView {
    view! {
        <div class="summary-bar box">
            <div class="summary-counts" aria-hidden="true">
                {move || state.with(|s| s.counts.iter().map(|(status, n)| {
                    let class = format!("summary-count status-{}", status.id());
                    view! {
                        <span class=class><StatusIcon status=*status/>{status.count(*n)}</span>
                    }
                }).collect_view())}
            </div>
            <p class="visually-hidden" role="status" aria-live="polite">{move || state.with(SummaryState::announcement)}</p>
            <div class="summary-meta">
                <span>{move || state.with(|s| match &s.as_of {
                    Some(t) => format!("As of {t}"),
                    None => "Checking…".to_string(),
                })}</span>
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
                <button type="button" class="btn" on:click=move |_| on_recheck.run(())
                    disabled=move || state.with(|s| s.as_of.is_none())>"Re-check"</button>
                {share}
            </div>
        </div>
    }
}

/// The local time a rate limit resets (`14:03`).
fn reset_time(reset_s: u64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(reset_s as f64 * 1000.0));
    format!("{:02}:{:02}", date.get_hours(), date.get_minutes())
}
