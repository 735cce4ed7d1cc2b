//! The guide's "push from your own machine" steps, filled in with the
//! person's image name (and user name when known), each copyable; for a
//! maintainer who was sent the image, a `docker pull` of it comes first.

use crate::components::copy_button::CopyButton;
use ghcr_setup_core::local_push::{self, PushCommand};
use ghcr_setup_core::names::ImageName;
use leptos::prelude::*;

#[component]
pub fn PushCommands(
    #[prop(into)] image: Signal<Option<ImageName>>,
    #[prop(into)] user: Signal<Option<String>>,
    /// Whether to say how to make the token first (the caller may already have).
    #[prop(default = true)]
    intro: bool,
    /// Whether to start with pulling the image (for someone who joins a
    /// repository whose workflow has already published it).
    #[prop(default = false)]
    pull: bool,
) -> impl IntoView {
    move || {
        let Some(img) = image.get() else {
            return view! { <p class="muted">"Enter a valid repository and image name to see the commands."</p> }.into_any();
        };
        let mut cmds = local_push::commands(&img, user.get().as_deref());
        if pull {
            cmds.insert(0, pull_command(&img));
        }
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

/// `docker pull` of the image's `latest` tag (the name is already lower case).
fn pull_command(image: &ImageName) -> PushCommand {
    PushCommand {
        label: "Pull the latest image (a private package needs the sign-in below first)",
        command: format!(
            "docker pull {}",
            local_push::shell_quote(&format!("{image}:latest"))
        ),
    }
}
