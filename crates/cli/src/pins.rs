//! The action versions of `generate`: by default the newest release of each
//! action the workflow uses, read from GitHub through the core's
//! [`PinResolver`] (with `GITHUB_TOKEN`/`GH_TOKEN` when set, anonymously
//! otherwise, and the built-in table for any it cannot read); with
//! `--offline`, the built-in table. Either way stderr says where the
//! versions came from, and how old the table is once that matters.

use ghcr_setup_core::actions::{
    table_age_note, PinResolver, Pins, Resolution, GENERATOR_ACTIONS, LAST_CHECKED,
};
use ghcr_setup_core::api::EtagCache;

use crate::api_base::ApiBase;
use crate::credentials::token_from_env;
use crate::drive::{drive, now_ms};
use crate::http::Http;

/// The pins to generate with, and the lines to print on stderr about them.
pub fn resolve(live: bool, api_base: &ApiBase) -> (Pins, Vec<String>) {
    let age = table_age_note(now_ms());
    if !live {
        let mut lines = vec![format!(
            "action versions: the built-in table, checked on {LAST_CHECKED} (without --offline they are read from GitHub)"
        )];
        lines.extend(age);
        return (Pins::builtin(), lines);
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
    let mut kept = false;
    for (action, resolution) in resolver.resolutions() {
        let pin = resolver.pins().get(action);
        match resolution {
            Resolution::Live => lines.push(format!(
                "{}: {} (read from GitHub{how})",
                action.name(),
                pin.tag()
            )),
            Resolution::Kept(why) => {
                kept = true;
                lines.push(format!(
                    "{}: {} (built in, checked on {LAST_CHECKED}; {why})",
                    action.name(),
                    pin.tag()
                ));
            }
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
    if kept {
        lines.extend(age);
    }
    (resolver.pins().clone(), lines)
}
