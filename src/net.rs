//! The browser transport: performs an `HttpRequest` value from the core with
//! `fetch` (via gloo-net) and hands back an `HttpResponse` value. It adds
//! nothing the core did not ask for, never caches (`cache: no-store`; ETags are
//! the core's job), and aborts after a timeout. A request that gets no answer
//! is the core's `TransportFailure`, the same type every shell reports.

use ghcr_setup_core::engine::TransportFailure;
use ghcr_setup_core::http::{HttpRequest, HttpResponse, Method};
use gloo_net::http::RequestBuilder;
use wasm_bindgen::{JsCast, JsValue};

/// How long one request may take.
pub const TIMEOUT_MS: i32 = 15_000;

/// Sends `req` and returns the answer, whatever its status.
pub async fn send(req: &HttpRequest) -> Result<HttpResponse, TransportFailure> {
    let controller = web_sys::AbortController::new().ok();
    let signal = controller.as_ref().map(|c| c.signal());
    let timer = controller.clone().and_then(|c| {
        let cb = wasm_bindgen::closure::Closure::once_into_js(move || c.abort());
        web_sys::window()?
            .set_timeout_with_callback_and_timeout_and_arguments_0(cb.unchecked_ref(), TIMEOUT_MS)
            .ok()
    });
    let mut builder = RequestBuilder::new(&req.url)
        .method(method(req.method))
        .cache(web_sys::RequestCache::NoStore)
        .abort_signal(signal.as_ref());
    for (k, v) in &req.headers {
        builder = builder.header(k, v);
    }
    let request = match &req.body {
        Some(body) => builder.body(body.clone()),
        None => builder.build(),
    }
    .map_err(|e| TransportFailure::Unreachable(e.to_string()))?;
    let result = request.send().await;
    if let (Some(id), Some(w)) = (timer, web_sys::window()) {
        w.clear_timeout_with_handle(id);
    }
    let resp = match result {
        Ok(r) => r,
        Err(_) if signal.as_ref().is_some_and(|s| s.aborted()) => {
            return Err(TransportFailure::Timeout)
        }
        Err(e) => return Err(TransportFailure::Unreachable(short(&e.to_string()))),
    };
    let headers = resp.headers().entries().collect();
    let status = resp.status();
    let body = resp
        .text()
        .await
        .map_err(|e| TransportFailure::Unreachable(short(&e.to_string())))?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

fn method(m: Method) -> gloo_net::http::Method {
    match m {
        Method::Get => gloo_net::http::Method::GET,
        Method::Post => gloo_net::http::Method::POST,
        Method::Put => gloo_net::http::Method::PUT,
        Method::Patch => gloo_net::http::Method::PATCH,
        Method::Delete => gloo_net::http::Method::DELETE,
    }
}

fn short(s: &str) -> String {
    s.chars().take(160).collect()
}

/// Waits `ms` milliseconds.
pub async fn sleep_ms(ms: u64) {
    let ms = ms.min(i32::MAX as u64) as i32;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        } else {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
