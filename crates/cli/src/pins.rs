//! `generate --resolve-latest`: the newest release of each action the
//! workflow uses, read from GitHub through the core's [`PinResolver`] (with
//! `GITHUB_TOKEN`/`GH_TOKEN` when set, anonymously otherwise); without the
//! flag, the built-in table. Either way stderr says where the versions came from.

use ghcr_setup_core::actions::{PinResolver, Pins, Resolution, GENERATOR_ACTIONS, LAST_CHECKED};
use ghcr_setup_core::api::EtagCache;

use crate::api_base::ApiBase;
use crate::credentials::token_from_env;
use crate::drive::{drive, now_ms};
use crate::http::Http;

/// The pins to generate with, and the lines to print on stderr about them.
pub fn resolve(live: bool, api_base: &ApiBase) -> (Pins, Vec<String>) {
    if !live {
        return (
            Pins::builtin(),
            vec![format!(
                "action versions: the built-in table, checked on {LAST_CHECKED} (--resolve-latest reads the newest releases from GitHub)"
            )],
        );
    }
    let token = token_from_env().ok();
    let how = if token.is_some() {
        ""
    } else {
        " without a token"
    };
    let mut resolver = PinResolver::new(
        api_base.as_str(),
        token,
        EtagCache::new(),
        &GENERATOR_ACTIONS,
        now_ms(),
    );
    drive(&mut resolver, &Http::new());
    let mut lines = Vec::new();
    for (action, resolution) in resolver.resolutions() {
        let pin = resolver.pins().get(action);
        match resolution {
            Resolution::Live => lines.push(format!(
                "{}: {} (read from GitHub{how})",
                action.name(),
                pin.tag()
            )),
            Resolution::Kept(why) => lines.push(format!(
                "{}: {} (built in, checked on {LAST_CHECKED}; {why})",
                action.name(),
                pin.tag()
            )),
            Resolution::Pending => {}
        }
        if let Some(newer) = resolver.newer_major(action) {
            lines.push(format!(
                "{}: {} is out; staying on {} (read the release notes before moving up: {})",
                action.name(),
                newer.tag,
                pin.major_tag(),
                newer.url
            ));
        }
    }
    (resolver.pins().clone(), lines)
}
