//! A status as icon + word, never colour alone; the icon is decorative
//! (`aria-hidden`), the word is what a screen reader says.

use ghcr_setup_core::check::Status;
use leptos::prelude::*;

fn path(status: Status) -> &'static str {
    match status {
        Status::Pass => "M3 8.5l3 3 7-7",
        Status::Fail => "M4 4l8 8M12 4l-8 8",
        Status::Warn => "M8 2L1.5 13.5h13zM8 6.5v3.2M8 11.8v.1",
        Status::Manual => "M8 1.8a6.2 6.2 0 1 0 0 12.4A6.2 6.2 0 1 0 8 1.8zM5.2 8.2l2 2 3.6-4",
        Status::Unknown => "M8 1.8a6.2 6.2 0 1 0 0 12.4A6.2 6.2 0 1 0 8 1.8zM6.2 6.2a1.9 1.9 0 1 1 2.6 1.7c-.5.3-.8.7-.8 1.3M8 11.4v.1",
        Status::NotApplicable => "M4 8h8",
        Status::Pending => "M8 2a6 6 0 1 0 6 6",
    }
}

/// The icon of a status.
#[component]
pub fn StatusIcon(status: Status) -> impl IntoView {
    let class = format!("icon status-icon status-{}", status.id());
    view! {
        <svg class=class viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d=path(status) fill="none" stroke="currentColor" stroke-width="1.7" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

/// Icon and word.
#[component]
pub fn StatusBadge(status: Status) -> impl IntoView {
    let class = format!("status-badge status-{}", status.id());
    view! {
        <span class=class>
            <StatusIcon status=status/>
            <span class="status-word">{status.label()}</span>
        </span>
    }
}
