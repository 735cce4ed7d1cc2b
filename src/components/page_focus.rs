//! Keeps keyboard focus on something useful when the view under it changes.
//!
//! A re-render can remove the element that had focus (a page replaced after
//! navigation, a sign-in form replaced by the checklist, a button replaced by
//! a message); the browser then drops focus to `<body>` and a keyboard or
//! screen-reader user is sent back to the top of the page. These helpers move
//! focus to the element that took the removed one's place, and only when
//! focus was actually lost, so they never pull it away from where a person
//! put it.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::JsCast;

fn document() -> Option<web_sys::Document> {
    web_sys::window().and_then(|w| w.document())
}

/// Whether nothing has focus: the active element is `<body>` (or none).
pub fn focus_is_lost() -> bool {
    let Some(doc) = document() else {
        return false;
    };
    match (doc.active_element(), doc.body()) {
        (None, _) => true,
        (Some(active), Some(body)) => active == *body.unchecked_ref::<web_sys::Element>(),
        (Some(_), None) => false,
    }
}

/// Whether focus is on the element with this id.
fn focus_is_on(id: &str) -> bool {
    document()
        .and_then(|d| d.active_element())
        .is_some_and(|a| a.id() == id)
}

/// Focuses `el`, making it focusable from script first when it is not
/// focusable by nature (a heading, a region).
fn focus_element(el: &web_sys::Element) {
    if !el.has_attribute("tabindex") {
        let _ = el.set_attribute("tabindex", "-1");
    }
    if let Some(el) = el.dyn_ref::<web_sys::HtmlElement>() {
        let _ = el.focus();
    }
}

/// Once the view has settled, moves focus to the element with id `target`
/// if focus was lost (or is still on `from`, a placeholder that stood in
/// while the view changed).
pub fn rescue(target: &'static str, from: Option<&'static str>) {
    request_animation_frame(move || {
        let stranded = focus_is_lost() || from.is_some_and(focus_is_on);
        if stranded {
            if let Some(el) = document().and_then(|d| d.get_element_by_id(target)) {
                focus_element(&el);
            }
        }
    });
}

/// Moves focus to the element with id `target` now (a dialog opening, a
/// confirmation appearing) once it is in the page.
pub fn focus_soon(target: String) {
    request_animation_frame(move || {
        if let Some(el) = document().and_then(|d| d.get_element_by_id(&target)) {
            focus_element(&el);
        }
    });
}

/// The first heading of the page's main content.
fn main_heading() -> Option<web_sys::Element> {
    document().and_then(|d| d.query_selector("main h1").ok().flatten())
}

/// Whether focus is inside the main content.
fn focus_in_main() -> bool {
    let Some(doc) = document() else {
        return false;
    };
    match (
        doc.active_element(),
        doc.query_selector("main").ok().flatten(),
    ) {
        (Some(active), Some(main)) => main.contains(Some(&active)),
        _ => false,
    }
}

/// How often, and how many times, to look for the new page's heading (pages
/// that load on demand arrive a little later).
const POLL_MS: u64 = 50;
const POLL_TIMES: u32 = 100;

/// After a route change: once the new page's `h1` is in, focus it, so the
/// next Tab starts in the new page and a screen reader says where it is.
/// Focus the person moved into the new page meanwhile is left alone; if no
/// heading arrives (a page that failed to load), `main` gets focus instead.
pub fn after_navigation() {
    let old = main_heading();
    look_for_heading(old, 0);
}

fn look_for_heading(old: Option<web_sys::Element>, attempt: u32) {
    let wait = if attempt == 0 { 0 } else { POLL_MS };
    set_timeout(
        move || match main_heading() {
            Some(h1) if Some(&h1) != old.as_ref() => {
                if !focus_in_main() || focus_is_lost() {
                    focus_element(&h1);
                }
            }
            _ if attempt < POLL_TIMES => look_for_heading(old, attempt + 1),
            _ => {
                if focus_is_lost() {
                    if let Some(main) = document().and_then(|d| d.get_element_by_id("main")) {
                        focus_element(&main);
                    }
                }
            }
        },
        Duration::from_millis(wait),
    );
}
