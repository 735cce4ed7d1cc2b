//! Inline SVG icons drawn for this project. Each is `aria-hidden`: the text
//! beside it carries the meaning, so status is never told by icon or colour alone.

use leptos::prelude::*;

fn svg(class: &'static str, path: &'static str) -> impl IntoView {
    view! {
        <svg class=class viewBox="0 0 16 16" width="16" height="16" aria-hidden="true" focusable="false">
            <path d=path fill="none" stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

#[component]
pub fn Logo() -> impl IntoView {
    view! {
        <svg viewBox="0 0 32 32" aria-hidden="true" focusable="false">
            <rect width="32" height="32" rx="7" fill="#0969da"/>
            <path d="M7 12h18v12H7z M11 12V9h10v3 M12 18l3 3 5-6" fill="none" stroke="#fff" stroke-width="2.2" stroke-linecap="round" stroke-linejoin="round"/>
        </svg>
    }
}

#[component]
pub fn IconCheck() -> impl IntoView {
    svg("icon icon-ok", "M3 8.5l3 3 7-7")
}

#[component]
pub fn IconCross() -> impl IntoView {
    svg("icon icon-fail", "M4 4l8 8M12 4l-8 8")
}

#[component]
pub fn IconAlert() -> impl IntoView {
    svg("icon icon-warn", "M8 2L1.5 13.5h13zM8 6.5v3.2M8 11.8v.1")
}

#[component]
pub fn IconInfo() -> impl IntoView {
    svg(
        "icon",
        "M8 1.8a6.2 6.2 0 1 0 0 12.4A6.2 6.2 0 1 0 8 1.8zM8 7.2v4M8 4.8v.1",
    )
}

#[component]
pub fn IconCopy() -> impl IntoView {
    svg("icon", "M5.5 5.5h8v8h-8zM10.5 5.5v-3h-8v8h3")
}

#[component]
pub fn IconDownload() -> impl IntoView {
    svg("icon", "M8 2v8M4.5 6.5L8 10l3.5-3.5M2.5 13.5h11")
}

#[component]
pub fn IconExternal() -> impl IntoView {
    svg("icon", "M9.5 2.5h4v4M13.5 2.5L7 9M11.5 9.5v4h-9v-9h4")
}
