//! The built-in table: the newest release of each known action and the
//! commit its tag points to, read from each action's own repository.
//!
//! This is the one place these values live. A release bump is a one-line
//! change below (and [`LAST_CHECKED`] when the whole table was re-read). The
//! app replaces entries with live ones when it can resolve them; see
//! [`super::resolve`].

use super::Action;

/// When every tag and SHA below was last read from the actions' repositories.
pub const LAST_CHECKED: &str = "2026-11-26";

/// Past this many days the shells say how old the table is wherever they
/// use it: newer releases have likely come out since.
pub const STALE_AFTER_DAYS: u64 = 30;

/// How many whole days old the table is at `now_ms`.
pub fn table_age_days(now_ms: u64) -> u64 {
    let checked = crate::time::parse_utc(&format!("{LAST_CHECKED}T00:00:00Z")).unwrap_or(0);
    crate::time::days_between(checked, now_ms)
}

/// What to say about the table's age at `now_ms`, once it is older than
/// [`STALE_AFTER_DAYS`]; `None` while it is recent.
pub fn table_age_note(now_ms: u64) -> Option<String> {
    let days = table_age_days(now_ms);
    (days > STALE_AFTER_DAYS).then(|| {
        format!(
            "The built-in action versions were checked on {LAST_CHECKED}, {days} days ago: newer releases have probably come out since. Versions read from GitHub replace them where they can be read."
        )
    })
}

/// The built-in release of `action`: its tag and the commit that tag points to.
pub(super) const fn built_in(action: Action) -> (&'static str, &'static str) {
    match action {
        Action::Checkout => ("v7.0.1", "3d3c42e5aac5ba805825da76410c181273ba90b1"),
        Action::Login => ("v4.1.0", "4907a6ddec9925e35a0a9e82d7399ccc52663121"),
        Action::Metadata => ("v6.2.0", "dc802804100637a589fabce1cb79ff13a1411302"),
        Action::SetupBuildx => ("v4.3.0", "37fe631027851001ddb9b187196cc803df7f5f0e"),
        Action::SetupQemu => ("v4.2.0", "96fe6ef7f33517b61c61be40b68a1882f3264fb8"),
        Action::BuildPush => ("v7.3.0", "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a"),
        Action::Attest => ("v4.2.2", "1e69f48acb82d1966a394da916b4c1698aa569d6"),
        Action::AttestBuildProvenance => ("v4.1.0", "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32"),
        Action::CosignInstaller => ("v4.1.2", "6f9f17788090df1f26f669e9d70d6ae9567deba6"),
        Action::UploadPagesArtifact => ("v5.0.0", "fc324d3547104276b827a68afc52ff2a11cc49c9"),
        Action::DeployPages => ("v5.0.0", "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128"),
        Action::ConfigurePages => ("v5.0.0", "983d7736d9b0ae728b81ab479565c72886d7745b"),
        Action::Cache => ("v5.0.5", "27d5ce7f107fe9357f9df03efb73ab90386fccae"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY_MS: u64 = 86_400_000;

    #[test]
    fn the_age_is_said_only_past_thirty_days() {
        let checked = crate::time::parse_utc(&format!("{LAST_CHECKED}T00:00:00Z")).unwrap();
        assert_eq!(table_age_days(checked), 0);
        assert_eq!(
            table_age_days(checked - DAY_MS),
            0,
            "a clock behind the table"
        );
        assert_eq!(table_age_note(checked + 30 * DAY_MS), None);
        let note = table_age_note(checked + 31 * DAY_MS + 5).expect("31 days");
        assert!(
            note.contains(LAST_CHECKED) && note.contains("31 days ago"),
            "{note}"
        );
    }
}
