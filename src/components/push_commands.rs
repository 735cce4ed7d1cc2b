//! The guide's "push from your own machine" steps, filled in with the
//! person's image name (and user name when known), each copyable.

use crate::components::copy_button::CopyButton;
use ghcr_setup_core::local_push;
use ghcr_setup_core::names::ImageName;
use leptos::prelude::*;

#[component]
pub fn PushCommands(
    #[prop(into)] image: Signal<Option<ImageName>>,
    #[prop(into)] user: Signal<Option<String>>,
    /// Whether to say how to make the token first (the caller may already have).
    #[prop(default = true)]
    intro: bool,
) -> impl IntoView {
    move || {
        let Some(img) = image.get() else {
            return view! { <p class="muted">"Enter a valid repository and image name to see the commands."</p> }.into_any();
        };
        let cmds = local_push::commands(&img, user.get().as_deref());
        view! {
            {intro.then(|| view! {
                <p class="muted">
                    "To push by hand, create a classic personal access token with "
                    <code>"write:packages"</code> " (it includes " <code>"read:packages"</code>
                    "), keep it in " <code>"CR_PAT"</code> ", then run:"
                </p>
            })}
            <ol class="cmd-list">
                {cmds.into_iter().map(|c| {
                    let text = c.command.clone();
                    view! {
                        <li>
                            <div class="cmd-label">{c.label}</div>
                            <div class="cmd">
                                <code>{c.command}</code>
                                <CopyButton text=Signal::derive(move || text.clone()) label="Copy" what=c.label/>
                            </div>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    }
}
