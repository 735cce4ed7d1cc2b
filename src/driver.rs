//! The one loop that runs the core's request programs in the browser.
//!
//! A [`Driven`] program (a checklist run, a fix, a single call, the device
//! sign-in) is pumped:
//! every request [`Program::due`] hands out is sent with `net::send`, each
//! answer goes back through [`Program::answered`], and the program is pumped
//! again after every answer and at [`Program::next_wake`]. Concurrency,
//! retries, ETags and which answer wins are the core's decisions; this file
//! only moves bytes and keeps one timer.

use crate::browser;
use crate::net;
use ghcr_setup_core::api::{ApiError, Endpoint};
use ghcr_setup_core::engine::{Outgoing, Program, Single, Success, Ticket, TransportFailure};
use ghcr_setup_core::http::HttpResponse;
use ghcr_setup_core::token::Secret;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

/// A program being driven, and who to tell when it may have changed (after
/// every answer, every update, and every timed wake).
pub struct Driven<P> {
    program: RefCell<P>,
    /// When the pending wake-up timer fires, if one is set.
    timer_at: Cell<Option<u64>>,
    notify: Box<dyn Fn()>,
}

impl<P: Program + 'static> Driven<P> {
    /// Wraps `program`; `notify` runs after every answer.
    pub fn new(program: P, notify: impl Fn() + 'static) -> Rc<Self> {
        Rc::new(Driven {
            program: RefCell::new(program),
            timer_at: Cell::new(None),
            notify: Box::new(notify),
        })
    }

    /// Reads the program.
    pub fn with<R>(&self, f: impl FnOnce(&P) -> R) -> R {
        f(&self.program.borrow())
    }

    /// Changes the program (e.g. starts a re-check), then pumps it.
    pub fn update(self: &Rc<Self>, f: impl FnOnce(&mut P)) {
        f(&mut self.program.borrow_mut());
        (self.notify)();
        self.pump();
    }

    /// Sends whatever is due now and arranges to be called again.
    pub fn pump(self: &Rc<Self>) {
        let now = browser::now_ms();
        let outgoing = self.program.borrow_mut().due(now);
        for out in outgoing {
            self.send(out);
        }
        let wake = self.program.borrow().next_wake(now);
        if let Some(at) = wake {
            if self.timer_at.get().is_none_or(|t| at < t) {
                self.timer_at.set(Some(at));
                let me = self.clone();
                leptos::task::spawn_local(async move {
                    net::sleep_ms(at.saturating_sub(now)).await;
                    if me.timer_at.get() == Some(at) {
                        me.timer_at.set(None);
                    }
                    // What is due at a wake can change the program (a
                    // device code expiring, a pause ending): send, then tell.
                    me.pump();
                    (me.notify)();
                });
            }
        }
    }

    fn send(self: &Rc<Self>, out: Outgoing) {
        let me = self.clone();
        leptos::task::spawn_local(async move {
            let result = net::send(&out.request).await;
            me.answered(out.ticket, result);
        });
    }

    fn answered(self: &Rc<Self>, ticket: Ticket, result: Result<HttpResponse, TransportFailure>) {
        self.program
            .borrow_mut()
            .answered(ticket, browser::now_ms(), result);
        (self.notify)();
        self.pump();
    }
}

/// Calls `endpoint` once (with the engine's retries) and waits for the result.
pub async fn call(
    base: &str,
    token: Option<&Secret>,
    endpoint: Endpoint,
    body: Option<String>,
) -> Result<Success, ApiError> {
    let program = Single::new(base, token.cloned(), endpoint, body);
    let waker: Rc<RefCell<Option<js_sys::Function>>> = Rc::default();
    let wake = waker.clone();
    let driven = Driven::new(program, move || {
        if let Some(resolve) = wake.borrow_mut().take() {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
        }
    });
    driven.pump();
    loop {
        if let Some(result) = driven.program.borrow_mut().take_result() {
            return result;
        }
        // Answers arrive in later tasks, so the waker is in place before any can.
        let next = js_sys::Promise::new(&mut |resolve, _| {
            *waker.borrow_mut() = Some(resolve);
        });
        let _ = wasm_bindgen_futures::JsFuture::from(next).await;
    }
}
