//! In the offline demo only: the sample repositories of the fake GitHub,
//! one per way publishing to ghcr.io fails, each a link to its checklist.

use crate::route::Route;
use leptos::prelude::*;

/// `(repository, what it shows)` for every demo repository.
pub const DEMO_REPOS: &[(&str, &str)] = &[
    (
        "demo-org/ready-app",
        "Everything set up: every item passes but the one GitHub's API cannot show (execution protections), left to confirm.",
    ),
    (
        "demo-org/fresh-app",
        "Nothing set up yet: fix it from red to green on the page.",
    ),
    (
        "demo-org/no-packages-write",
        "The job has no `packages: write` under a read default.",
    ),
    (
        "locked-down-org/service",
        "The organization forces read, allows only GitHub-owned actions and forbids the self-hosted runner the workflow asks for.",
    ),
    (
        "demo-org/unlinked-package",
        "The package is not linked to the repository (Manage Actions access).",
    ),
    (
        "new-org/first-image",
        "No package yet and the first run failed (package creation policy).",
    ),
    (
        "demo-org/pr-pusher",
        "The workflow logs in and pushes on pull requests.",
    ),
    (
        "demo-org/pr-target-pusher",
        "A public repository publishing from `pull_request_target`, restricted by GitHub's default policy since 2026-11-02.",
    ),
    (
        "Demo-Labs/Image-Builder",
        "Mixed-case owner: the image name keeps capitals.",
    ),
    (
        "demo-org/private-package",
        "A public repository with a private package.",
    ),
    (
        "demo-org/runner-app",
        "Self-hosted runners: one below 2.329.0, one offline, no fallback secret.",
    ),
    (
        "demo-org/runner-ready",
        "Self-hosted runners ready; the token secret is over 90 days old.",
    ),
    (
        "demo-org/runner-expiring",
        "A self-hosted runner one release behind: GitHub stops sending it jobs in 5 days.",
    ),
    (
        "demo-org/runner-stale",
        "A self-hosted runner more than 30 days behind the newest release: GitHub sends it no jobs.",
    ),
    (
        "demo-org/pinned-policy",
        "SHA pinning is required but the workflow uses tags.",
    ),
    ("sso-org/app", "SAML single sign-on blocks the demo token."),
    (
        "restricted-org/private-app",
        "OAuth App access restrictions (sign in with the device flow).",
    ),
    (
        "restricted-org/public-site",
        "The same restrictions on a public repository: its files can be read, its settings not.",
    ),
    (
        "octo-demo/hello-ghcr",
        "A personal repository with a public package.",
    ),
];

#[component]
pub fn DemoRepos() -> impl IntoView {
    view! {
        <section class="demo-repos" aria-labelledby="demo-repos-title">
            <h2 id="demo-repos-title">"Demo repositories"</h2>
            <p class="muted">
                "The fake GitHub has one repository for each way publishing to ghcr.io goes wrong. Paste the demo token "
                <code>"ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000"</code>
                " or sign in with the device flow, then open one:"
            </p>
            <ul class="demo-list">
                {DEMO_REPOS.iter().map(|(repo, what)| {
                    let href = Route::Check { repo: (*repo).to_string(), image: None }.href();
                    view! {
                        <li>
                            <a href=href><code>{*repo}</code></a>
                            <span><crate::components::rich_text::RichText text=*what/></span>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </section>
    }
}
