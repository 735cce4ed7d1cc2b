//! Thin wrappers over the browser APIs the app uses: location, history,
//! localStorage, clipboard, file download, time. Each fails softly: a browser
//! that refuses (private mode, no clipboard permission) yields `None`/`false`
//! and the caller shows a message; nothing here panics.

use crate::route::Route;
use wasm_bindgen::JsCast;

fn window() -> Option<web_sys::Window> {
    web_sys::window()
}

/// Milliseconds since the epoch, from the browser clock.
pub fn now_ms() -> u64 {
    js_sys::Date::now().max(0.0) as u64
}

/// The current `location.hash`, including `#`.
pub fn hash() -> String {
    window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// Navigates to a route (adds a history entry, fires `hashchange`).
pub fn navigate(route: &Route) {
    if let Some(w) = window() {
        let _ = w.location().set_hash(route.path().as_str());
    }
}

/// Puts `route` in the address bar without a new history entry or `hashchange`
/// (used to keep form state in the URL while a person types).
pub fn replace_hash(route: &Route) {
    if let Some(w) = window() {
        if let Ok(history) = w.history() {
            let _ = history.replace_state_with_url(
                &wasm_bindgen::JsValue::NULL,
                "",
                Some(route.href().as_str()),
            );
        }
    }
}

/// The page's full URL.
pub fn current_url() -> String {
    window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    window().and_then(|w| w.local_storage().ok().flatten())
}

pub fn local_get(key: &str) -> Option<String> {
    storage().and_then(|s| s.get_item(key).ok().flatten())
}

/// Stores a value; false if the browser refused (private mode, quota).
pub fn local_set(key: &str, value: &str) -> bool {
    storage().is_some_and(|s| s.set_item(key, value).is_ok())
}

pub fn local_remove(key: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(key);
    }
}

/// Sets the document title.
pub fn set_title(title: &str) {
    if let Some(d) = window().and_then(|w| w.document()) {
        d.set_title(title);
    }
}

/// Copies text: the async Clipboard API first, then the old `execCommand`
/// route for pages where the API is missing or refused. True when copied.
pub async fn copy_text(text: &str) -> bool {
    if let Some(w) = window() {
        let clipboard = w.navigator().clipboard();
        let promise = clipboard.write_text(text);
        if wasm_bindgen_futures::JsFuture::from(promise).await.is_ok() {
            return true;
        }
    }
    copy_with_textarea(text)
}

fn copy_with_textarea(text: &str) -> bool {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return false;
    };
    let Some(body) = doc.body() else {
        return false;
    };
    let Ok(el) = doc.create_element("textarea") else {
        return false;
    };
    let Ok(area) = el.dyn_into::<web_sys::HtmlTextAreaElement>() else {
        return false;
    };
    area.set_value(text);
    let _ = area.set_attribute("readonly", "");
    area.set_class_name("offscreen");
    if body.append_child(&area).is_err() {
        return false;
    }
    area.select();
    let ok = doc
        .dyn_ref::<web_sys::HtmlDocument>()
        .and_then(|d| d.exec_command("copy").ok())
        .unwrap_or(false);
    area.remove();
    ok
}

/// Offers `text` as a file download named `filename`.
pub fn download(filename: &str, text: &str, mime: &str) -> bool {
    let Some(doc) = window().and_then(|w| w.document()) else {
        return false;
    };
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return false;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return false;
    };
    let ok = doc
        .create_element("a")
        .ok()
        .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        .map(|a| {
            a.set_href(&url);
            a.set_download(filename);
            a.click();
        })
        .is_some();
    let _ = web_sys::Url::revoke_object_url(&url);
    ok
}

/// Opens a URL in a new tab without giving it a handle on this page.
pub fn open_new_tab(url: &str) {
    if let Some(w) = window() {
        let _ = w.open_with_url_and_target_and_features(url, "_blank", "noopener,noreferrer");
    }
}

/// Moves keyboard focus to the element with this id, if there is one.
pub fn focus(id: &str) {
    if let Some(el) = window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// 32 bytes from the browser's cryptographic random source (`None` if it
/// refuses, which no current browser does).
pub fn random_bytes() -> Option<[u8; 32]> {
    let crypto = window()?.crypto().ok()?;
    let mut bytes = [0u8; 32];
    crypto.get_random_values_with_u8_array(&mut bytes).ok()?;
    Some(bytes)
}

/// Whether the page runs inside another page's frame. GitHub Pages cannot
/// send `frame-ancestors` or `X-Frame-Options`, and a page with one-click
/// changes to a repository must not be clickable through someone else's
/// overlay, so the app refuses to start in a frame.
pub fn is_framed() -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    match window.top() {
        Ok(Some(top)) => !js_sys::Object::is(&top, &window),
        // A top window that cannot be read is another origin's.
        Ok(None) | Err(_) => true,
    }
}
