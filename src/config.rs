//! Where the app talks to: GitHub's API base, the device-flow relay and the
//! OAuth App client id.
//!
//! Values come from build-time environment variables (documented in the
//! README) and can be overridden at run time in the sign-in page's
//! "Advanced" panel; overrides are kept in localStorage. Storage is shared
//! with every page of the origin, so an override is used only when it would
//! be accepted if typed: `https` (plain `http` only on loopback), allowed by
//! the page's security policy, and a plausible client id. Anything else is
//! dropped when read. No token ever lives here.

use crate::browser;
use serde::{Deserialize, Serialize};

/// Build-time default for the REST API base (`GHCR_SETUP_API_BASE`).
pub const BUILD_API_BASE: &str = match option_env!("GHCR_SETUP_API_BASE") {
    Some(v) => v,
    None => "https://api.github.com",
};
/// Build-time default for the device-flow relay (`GHCR_SETUP_RELAY_URL`); empty: none configured.
pub const BUILD_RELAY_URL: &str = match option_env!("GHCR_SETUP_RELAY_URL") {
    Some(v) => v,
    None => "",
};
/// Build-time OAuth App client id (`GHCR_SETUP_CLIENT_ID`); empty: none configured.
pub const BUILD_CLIENT_ID: &str = match option_env!("GHCR_SETUP_CLIENT_ID") {
    Some(v) => v,
    None => "",
};
/// Set (`GHCR_SETUP_DEMO=1`) for the offline demo build: shows the demo banner.
pub const BUILD_DEMO: bool = option_env!("GHCR_SETUP_DEMO").is_some();

const STORAGE_KEY: &str = "ghcr-setup.settings";

/// The connection settings in force.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub api_base: String,
    pub relay_url: String,
    pub client_id: String,
}

impl Settings {
    /// The values this build was made with.
    pub fn built_in() -> Self {
        Settings {
            api_base: BUILD_API_BASE.to_string(),
            relay_url: BUILD_RELAY_URL.to_string(),
            client_id: BUILD_CLIENT_ID.to_string(),
        }
    }

    /// Build-time values with any saved override applied, when it passes
    /// [`Settings::acceptable`]; a stored override that does not is removed.
    pub fn load() -> Self {
        let Some(text) = browser::local_get(STORAGE_KEY) else {
            return Self::built_in();
        };
        match serde_json::from_str::<Settings>(&text) {
            Ok(saved) if saved.acceptable() => saved,
            _ => {
                browser::local_remove(STORAGE_KEY);
                Self::built_in()
            }
        }
    }

    /// Whether these values could have been saved from the Advanced panel
    /// of this build (see [`Settings::problem`]).
    pub fn acceptable(&self) -> bool {
        self.problem().is_none()
    }

    /// Why these values cannot be used, in a sentence: a URL that is not
    /// `https` (plain `http` only on loopback), one the security policy
    /// blocks, or a client id that is not letters, digits and `.`.
    pub fn problem(&self) -> Option<String> {
        let plain = [&self.api_base, &self.relay_url]
            .into_iter()
            .map(|u| u.trim())
            .find(|u| !(u.is_empty() || secure_or_loopback(u)));
        if let Some(u) = plain {
            return Some(format!(
                "{u} is not an https:// address. The token and the sign-in code travel to these hosts, so they must use https (plain http only on 127.0.0.1 or localhost)."
            ));
        }
        if self.api_base.trim().is_empty() {
            return Some("The API base URL is empty: use https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server.".into());
        }
        if let Some(why) = self.policy_problem() {
            return Some(why);
        }
        let id_ok = self.client_id.len() <= 64
            && self
                .client_id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.');
        (!id_ok).then(|| {
            "The client ID holds letters, digits and dots only (GitHub shows it on the OAuth App's page, e.g. Ov23li…).".to_string()
        })
    }

    /// Saves these values as the override, or clears it when they equal the build's.
    pub fn save(&self) {
        if *self == Self::built_in() {
            browser::local_remove(STORAGE_KEY);
        } else if let Ok(s) = serde_json::to_string(self) {
            browser::local_set(STORAGE_KEY, &s);
        }
    }

    /// True when the API base is the loopback fake rather than GitHub.
    pub fn is_demo(&self) -> bool {
        BUILD_DEMO
            || self.api_base.starts_with("http://127.0.0.1")
            || self.api_base.starts_with("http://localhost")
    }
}

/// `https://…`, or plain `http` to loopback (the demo's fake GitHub and relay).
fn secure_or_loopback(url: &str) -> bool {
    url.starts_with("https://")
        || url.starts_with("http://127.0.0.1:")
        || url.starts_with("http://localhost:")
}

/// `scheme://host[:port]` of a URL, or `None` when it has no `scheme://`.
fn origin_of(url: &str) -> Option<&str> {
    let start = url.find("://")? + 3;
    let end = url[start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| start + i);
    (end > start).then(|| &url[..end])
}

/// Whether the page's Content-Security-Policy lets it connect to `url`.
///
/// The release bundle (`xtask/src/bundle.rs`) allows exactly the built-in
/// API base and relay, and in a demo build any loopback port, so an
/// override to another host would fail with nothing but a blocked request.
pub fn allowed_by_policy(url: &str) -> bool {
    let Some(origin) = origin_of(url.trim()) else {
        return false;
    };
    let built = [BUILD_API_BASE, BUILD_RELAY_URL];
    built
        .iter()
        .filter_map(|b| origin_of(b))
        .any(|b| b.eq_ignore_ascii_case(origin))
        || (BUILD_DEMO
            && (origin.starts_with("http://127.0.0.1:") || origin.starts_with("http://localhost:")))
}

impl Settings {
    /// Why this page cannot use these settings, when its security policy
    /// blocks one of the hosts.
    pub fn policy_problem(&self) -> Option<String> {
        let blocked: Vec<&str> = [&self.api_base, &self.relay_url]
            .into_iter()
            .map(|u| u.trim())
            .filter(|u| !u.is_empty() && !allowed_by_policy(u))
            .collect();
        if blocked.is_empty() {
            return None;
        }
        let allowed: Vec<&str> = [BUILD_API_BASE, BUILD_RELAY_URL]
            .into_iter()
            .filter_map(origin_of)
            .collect();
        Some(format!(
            "This copy of ghcr-setup may connect only to {}; its security policy blocks {}. To use another GitHub (Enterprise Server) or relay, build a copy with GHCR_SETUP_API_BASE and GHCR_SETUP_RELAY_URL set to them (see the README).",
            allowed.join(" and "),
            blocked.join(" and ")
        ))
    }
}

/// Connection settings in force (API base, relay, client id), editable in
/// "Advanced", shared with every component as context.
#[derive(Clone, Copy)]
struct SettingsCtx(leptos::prelude::RwSignal<Settings>);

/// Loads the settings and provides them to every component below.
pub fn provide_settings() -> leptos::prelude::RwSignal<Settings> {
    let settings = leptos::prelude::RwSignal::new(Settings::load());
    leptos::prelude::provide_context(SettingsCtx(settings));
    settings
}

/// The settings in force (provided by [`provide_settings`] at the root).
pub fn use_settings() -> leptos::prelude::RwSignal<Settings> {
    leptos::prelude::expect_context::<SettingsCtx>().0
}
