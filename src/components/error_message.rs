//! The one way the app shows that something failed: a title, what happened,
//! what to do next and, when there is one, a link that helps. It is an
//! ARIA alert, so a screen reader reads it out as it appears (unless the
//! caller announces it another way).
//!
//! Build a [`Problem`] (by hand, or from an API or device-flow error) and
//! render `<ErrorMessage problem=problem/>`.

use crate::components::rich_text::RichText;
use ghcr_setup_core::api::ApiError;
use ghcr_setup_core::device_flow::FlowError;
use leptos::prelude::*;

/// A link shown under an error: where it goes and what it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HelpLink {
    /// A route (`#/…`) or an `https://` address; the latter opens in a new tab.
    pub href: String,
    pub text: String,
}

/// What went wrong, in the words the person reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// One line: what failed ("GitHub did not accept the token").
    pub title: String,
    /// What happened, when there is more to say than the title.
    pub detail: Option<String>,
    /// What the person can do about it.
    pub next: Option<String>,
    pub link: Option<HelpLink>,
}

impl Problem {
    /// A problem with only a title; add the rest with the builder methods.
    pub fn new(title: impl Into<String>) -> Self {
        Problem {
            title: title.into(),
            detail: None,
            next: None,
            link: None,
        }
    }

    /// Sets what happened.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// Sets what to do next.
    pub fn next(mut self, next: impl Into<String>) -> Self {
        self.next = Some(next.into());
        self
    }

    /// Adds a link (a route's `href()` or an `https://` address).
    pub fn link(mut self, href: impl Into<String>, text: impl Into<String>) -> Self {
        self.link = Some(HelpLink {
            href: href.into(),
            text: text.into(),
        });
        self
    }

    /// An API error: its title and what to do about it.
    pub fn from_api_error(error: &ApiError) -> Self {
        Problem::new(error.title()).next(error.what_to_do())
    }

    /// A device-flow error: its title and what to do about it.
    pub fn from_flow_error(error: &FlowError) -> Self {
        Problem::new(error.title()).next(error.what_to_do())
    }
}

impl From<&ApiError> for Problem {
    fn from(error: &ApiError) -> Self {
        Problem::from_api_error(error)
    }
}

/// Shows a [`Problem`] as a calm red-bordered box with `role="alert"`.
#[component]
pub fn ErrorMessage(
    #[prop(into)] problem: Problem,
    /// The level of its title's heading: 3 (the default) inside a section,
    /// 2 where it stands right under the page's `h1`, 1 where it takes the
    /// place of a whole page.
    #[prop(default = 3)]
    level: u8,
    /// Whether it is announced as it appears (`role="alert"`); off where
    /// a status line already says it, e.g. beside text being typed.
    #[prop(default = true)]
    alert: bool,
    /// What the person can do right here (e.g. a "Try again" button),
    /// shown last.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let Problem {
        title,
        detail,
        next,
        link,
    } = problem;
    let title = match level {
        1 => view! { <h1><RichText text=title/></h1> }.into_any(),
        2 => view! { <h2><RichText text=title/></h2> }.into_any(),
        _ => view! { <h3><RichText text=title/></h3> }.into_any(),
    };
    view! {
        <div class="flash flash-error error-message" role=alert.then_some("alert")>
            {title}
            {detail.map(|d| view! { <p><RichText text=d/></p> })}
            {next.map(|n| view! { <p><RichText text=n/></p> })}
            {link.map(|l| {
                let external = !l.href.starts_with('#');
                view! {
                    <p>
                        <a href=l.href
                            target=external.then_some("_blank")
                            rel=external.then_some("noopener noreferrer")>{l.text}</a>
                    </p>
                }
            })}
            {children.map(|c| c())}
        </div>
    }
}
