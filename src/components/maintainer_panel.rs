//! "For maintainers": what someone who was sent a checklist does on their
//! own machine — get write access to the package, create their own classic
//! token with `write:packages`, `docker login ghcr.io`, and the build and
//! push commands with the lower-case image — each copyable, led by a
//! `docker pull` once the package exists.

use crate::components::icons::IconExternal;
use crate::components::push_commands::PushCommands;
use ghcr_setup_core::names::ImageName;
use leptos::prelude::*;

#[component]
pub fn MaintainerPanel(
    repo: String,
    image: Option<ImageName>,
    /// Whether the package exists yet (its page is linked only then).
    published: bool,
) -> impl IntoView {
    let owner = repo.split('/').next().unwrap_or_default().to_string();
    let package_page = image.as_ref().filter(|_| published).map(|i| {
        format!(
            "https://github.com/{repo}/pkgs/container/{}",
            ghcr_setup_core::url::encode_segment(i.package_name().as_str())
        )
    });
    let token_page = "https://github.com/settings/tokens/new?scopes=write:packages&description=ghcr.io%20push%20from%20my%20machine";
    view! {
        <section class="maintainer-panel box" aria-labelledby="maintainer-title">
            <div class="box-header"><h2 id="maintainer-title">"For maintainers"</h2></div>
            <div class="box-body">
                <ol class="maintainer-steps">
                    <li>
                        <strong>"Get write access to the package. "</strong>
                        {if published {
                            format!("Pushing by hand needs the Write role on the package (an admin of {owner} grants it under the package's settings → Manage access). Pulling a public package needs nothing.")
                        } else {
                            format!("The package does not exist yet: the repository's workflow creates it on its first push. Then an admin of {owner} grants you the Write role under the package's settings → Manage access.")
                        }}
                        {package_page.map(|href| view! { " " <a href=href target="_blank" rel="noopener noreferrer">"The package"<IconExternal/></a> })}
                    </li>
                    <li>
                        <strong>"Create your own classic token. "</strong>
                        "Scope " <code>"write:packages"</code> " (it includes reading). Keep it to yourself; the workflow does not need it."
                        " " <a href=token_page target="_blank" rel="noopener noreferrer">"New classic token"<IconExternal/></a>
                    </li>
                    <li>
                        <strong>"Pull, log in and push. "</strong>
                        "Keep the token in " <code>"CR_PAT"</code> " (not in a file in the repository), then run:"
                    </li>
                </ol>
                <PushCommands image=Signal::derive(move || image.clone()) user=Signal::derive(|| None::<String>) intro=false pull=published/>
            </div>
        </section>
    }
}
