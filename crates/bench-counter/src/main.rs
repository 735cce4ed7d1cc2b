//! A bare Leptos counter: the reference `cargo xtask bench` builds with the
//! same release profile and tools as the app, to show what any Leptos page
//! costs before its own code.

use leptos::prelude::*;

#[component]
fn Counter() -> impl IntoView {
    let (count, set_count) = signal(0);
    view! {
        <main>
            <h1>"Counter"</h1>
            <button id="increment" on:click=move |_| set_count.update(|n| *n += 1)>"+1"</button>
            <p id="count">{count}</p>
        </main>
    }
}

fn main() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(Counter);
}
