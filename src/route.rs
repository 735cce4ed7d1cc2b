//! Hash routing: `#/generate?repo=o%2Fr`, `#/check/o/r?image=…`, …
//!
//! Hash routes work unchanged on a GitHub Pages sub-path
//! (`https://OWNER.github.io/REPO/`), survive reloads without a 404.html
//! trick, and keep query state out of the server's logs. Every link and
//! every navigation in the app is a [`Route`] value; [`Route::href`] is the
//! only place a hash is written, [`Route::parse`] the only place one is read.
//! Percent-encoding comes from the core's `url` module.

use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::url::{decode_segment, encode_path, query_pair, query_value};
use ghcr_setup_core::workflow::RawOptions;

/// A page of the app and the state its URL carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    Home,
    /// The generator; `query` is the option query as [`RawOptions::to_query`]
    /// writes it (build one with [`Route::generate_from`] or [`Route::generate_for`]).
    Generate {
        query: String,
    },
    Analyze,
    /// Checklist for a repository (`#/check/OWNER/REPO?image=NAME`). Both are
    /// what the URL said, not yet validated; an empty `repo` is the blank form.
    Check {
        repo: String,
        image: Option<String>,
    },
    /// A shared snapshot (`#/share?d=DATA`); `data` is base64url text, written
    /// and read verbatim (other text is percent-encoded, so any string round-trips).
    Share {
        data: String,
    },
    /// Sign-in; `next` is the page to continue to afterwards.
    SignIn {
        next: Option<Box<Route>>,
    },
    NotFound {
        path: String,
    },
}

/// The navigation sections, for `aria-current`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Section {
    Home,
    Generate,
    Analyze,
    Check,
    SignIn,
    None,
}

impl Route {
    /// The generator with every option at its default.
    pub fn generate() -> Route {
        Route::Generate {
            query: String::new(),
        }
    }

    /// The generator filled in with `raw` (only non-default values reach the URL).
    pub fn generate_from(raw: &RawOptions) -> Route {
        Route::Generate {
            query: raw.to_query(),
        }
    }

    /// The generator for `repo`, with the default branch and image name when known.
    pub fn generate_for(repo: &RepoSlug, branch: Option<&str>, image: Option<&str>) -> Route {
        let mut raw = RawOptions::defaults();
        raw.set("repo", repo.to_string());
        if let Some(branch) = branch {
            raw.set("branch", branch);
        }
        if let Some(image) = image {
            raw.set("image", image);
        }
        Route::generate_from(&raw)
    }

    /// The checklist of `repo`, without an image name.
    pub fn check(repo: &RepoSlug) -> Route {
        Route::Check {
            repo: repo.to_string(),
            image: None,
        }
    }

    /// The check form with nothing filled in.
    pub fn check_blank() -> Route {
        Route::Check {
            repo: String::new(),
            image: None,
        }
    }

    /// Sign-in that stays on the sign-in page afterwards.
    pub fn sign_in() -> Route {
        Route::SignIn { next: None }
    }

    /// Sign-in, continuing to `next` afterwards.
    pub fn sign_in_then(next: Route) -> Route {
        Route::SignIn {
            next: Some(Box::new(next)),
        }
    }

    /// Parses `location.hash` (with or without the leading `#`). Never fails:
    /// a hash the app does not know is [`Route::NotFound`].
    pub fn parse(hash: &str) -> Route {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        let path = path.trim_end_matches('/');
        let image = || query_value(query, "image").filter(|i| !i.is_empty());
        match path {
            "" => Route::Home,
            "/generate" => Route::Generate {
                query: query.to_string(),
            },
            "/analyze" => Route::Analyze,
            "/signin" => Route::SignIn {
                next: query_value(query, "next").and_then(|n| parse_next(&n)),
            },
            "/share" => Route::Share {
                data: query_value(query, "d").unwrap_or_default(),
            },
            "/check" => Route::Check {
                repo: query_value(query, "repo").unwrap_or_default(),
                image: image(),
            },
            p if p.starts_with("/check/") => Route::Check {
                repo: decode_segment(&p["/check/".len()..]),
                image: image(),
            },
            p => Route::NotFound {
                path: decode_segment(p),
            },
        }
    }

    /// The `href` of this route, for links and navigation.
    pub fn href(&self) -> String {
        match self {
            Route::Home => "#/".into(),
            Route::Generate { query } if query.is_empty() => "#/generate".into(),
            Route::Generate { query } => format!("#/generate?{query}"),
            Route::Analyze => "#/analyze".into(),
            Route::Check { repo, image } => {
                let path = if repo.is_empty() {
                    "#/check".to_string()
                } else {
                    format!("#/check/{}", encode_path(repo))
                };
                match image {
                    Some(image) if !image.is_empty() => {
                        format!("{path}?{}", query_pair("image", image))
                    }
                    _ => path,
                }
            }
            Route::Share { data } => format!("#/share?{}", query_pair("d", data)),
            Route::SignIn { next: None } => "#/signin".into(),
            Route::SignIn { next: Some(n) } => {
                format!("#/signin?{}", query_pair("next", &n.path()))
            }
            Route::NotFound { path } => format!("#{}", encode_path(path)),
        }
    }

    /// The hash without `#` (the form a `next` parameter carries).
    pub fn path(&self) -> String {
        self.href().trim_start_matches('#').to_string()
    }

    pub fn section(&self) -> Section {
        match self {
            Route::Home => Section::Home,
            Route::Generate { .. } => Section::Generate,
            Route::Analyze => Section::Analyze,
            Route::Check { .. } => Section::Check,
            Route::SignIn { .. } => Section::SignIn,
            // A shared checklist is someone else's snapshot, not the check
            // page the header's link opens.
            Route::Share { .. } | Route::NotFound { .. } => Section::None,
        }
    }

    /// The document title for this page.
    pub fn title(&self) -> String {
        let page = match self {
            Route::Home => return "ghcr-setup — publish Docker images to GitHub Packages".into(),
            Route::Generate { .. } => "Generate workflow",
            Route::Analyze => "Analyze a workflow",
            Route::Check { .. } => "Check repository",
            Route::Share { .. } => "Shared check",
            Route::SignIn { .. } => "Sign in",
            Route::NotFound { .. } => "Page not found",
        };
        format!("{page} · ghcr-setup")
    }
}

/// The page a sign-in continues to: only a path inside the app (starting
/// with `/`), and never another sign-in, so `next` nests at most once.
fn parse_next(next: &str) -> Option<Box<Route>> {
    if !next.starts_with('/') {
        return None;
    }
    match Route::parse(next) {
        Route::SignIn { .. } => None,
        route => Some(Box::new(route)),
    }
}

/// The current route, shared with every component that links or navigates.
#[derive(Clone, Copy)]
struct CurrentRoute(leptos::prelude::ReadSignal<Route>);

/// Shares `route` as the current route with every component below.
pub fn provide_route(route: leptos::prelude::ReadSignal<Route>) {
    leptos::prelude::provide_context(CurrentRoute(route));
}

/// The current route (provided by [`provide_route`] at the root).
pub fn use_route() -> leptos::prelude::ReadSignal<Route> {
    leptos::prelude::expect_context::<CurrentRoute>().0
}
