//! Whether GitHub still sends jobs to a self-hosted runner of a given
//! version: the pure rules of GitHub's runner version policy, enforced since
//! 2026-09-25 (see `docs/github-changes.md`).
//!
//! - A runner below [`MIN_VERSION`] (2.329.0) cannot register and receives
//!   no jobs at all.
//! - A runner on release R is *behind* from the moment the first release
//!   newer than R is published (the earliest publication among the releases
//!   with a higher version: a patch of an older line published later does not
//!   reset the clock).
//! - [`GRACE_DAYS`] (30) days after that it is cut off: GitHub answers it
//!   "Runner version vR is deprecated and cannot receive messages" and its
//!   jobs wait in the queue. The cut-off is the exact instant
//!   `behind since + 30 days`; from that instant on it receives nothing.
//! - A runner whose cut-off is at most [`WARN_DAYS`] (7) days away still
//!   works, but is worth a warning.
//!
//! The releases come from `GET /repos/actions/runner/releases` ([`Timeline::live`])
//! or, when that cannot be read, from the built-in [`Timeline::builtin`]
//! table, which says when it was written. Nothing here reads a clock: every
//! judgement is given `now`.

use crate::actions::{Release, Version};
use crate::time::{days_between, format_utc_date, parse_utc, DAY_MS};

/// The oldest runner version GitHub registers and sends jobs to.
pub const MIN_VERSION: (u32, u32, u32) = (2, 329, 0);
/// Days a runner may stay behind the newest release before it is cut off.
pub const GRACE_DAYS: u64 = 30;
/// Days before its cut-off from which a working runner is warned about.
pub const WARN_DAYS: u64 = 7;
/// When GitHub started enforcing the policy.
pub const ENFORCED_SINCE: &str = "2026-09-25";
/// The repository whose releases are the runner's versions.
pub const RUNNER_REPO: &str = "actions/runner";
/// Where a person finds the releases.
pub const RELEASES_URL: &str = "https://github.com/actions/runner/releases";

/// When the built-in table was written.
pub const BUILTIN_WRITTEN: &str = "2026-12-07";

/// The built-in releases, newest first: tag and the date of the tagged
/// commit (UTC), read from the `actions/runner` repository. GitHub publishes
/// a release within hours of its tag, so these dates are at most that early.
/// Newer releases than the first line may exist.
const BUILTIN: &[(&str, &str)] = &[
    ("v2.336.0", "2026-07-20T17:42:20Z"),
    ("v2.335.1", "2026-06-09T01:28:02Z"),
    ("v2.335.0", "2026-06-08T17:04:53Z"),
    ("v2.334.0", "2026-04-21T18:49:15Z"),
    ("v2.333.1", "2026-03-27T16:55:20Z"),
    ("v2.333.0", "2026-03-18T17:26:07Z"),
    ("v2.332.0", "2026-02-25T13:46:12Z"),
    ("v2.331.0", "2026-01-09T17:22:08Z"),
    ("v2.330.0", "2025-11-19T14:34:20Z"),
    ("v2.329.0", "2025-10-14T14:48:35Z"),
];

/// One release of the runner with its publication time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunnerRelease {
    /// The tag, e.g. `v2.331.0`.
    pub tag: String,
    pub version: Version,
    /// Unix milliseconds.
    pub published_ms: u64,
}

impl RunnerRelease {
    /// `v2.331.0 of 2026-01-09`.
    pub fn describe(&self) -> String {
        format!("{} of {}", self.tag, format_utc_date(self.published_ms))
    }
}

/// Where a [`Timeline`]'s releases come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Read from GitHub in this run.
    Live,
    /// The built-in table of [`BUILTIN_WRITTEN`]: newer releases may exist.
    BuiltIn,
}

/// The runner's releases that judgements are made against.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    /// Highest version first.
    releases: Vec<RunnerRelease>,
    pub origin: Origin,
}

impl Timeline {
    /// The releases GitHub listed: full releases with a publication date
    /// (drafts and pre-releases are already left out by
    /// [`crate::actions::full_releases`]). `None` when none is left, so the
    /// caller falls back to [`Timeline::builtin`].
    pub fn live(releases: &[Release]) -> Option<Timeline> {
        let dated = releases.iter().filter_map(|r| {
            Some(RunnerRelease {
                tag: r.tag.clone(),
                version: r.version,
                published_ms: r.published_ms?,
            })
        });
        Timeline::of(dated.collect(), Origin::Live)
    }

    /// The built-in table (see [`BUILTIN_WRITTEN`]).
    pub fn builtin() -> Timeline {
        let releases = BUILTIN
            .iter()
            .filter_map(|(tag, date)| {
                Some(RunnerRelease {
                    tag: (*tag).to_string(),
                    version: Version::parse(tag)?,
                    published_ms: parse_utc(date)?,
                })
            })
            .collect();
        Timeline {
            releases,
            origin: Origin::BuiltIn,
        }
    }

    fn of(mut releases: Vec<RunnerRelease>, origin: Origin) -> Option<Timeline> {
        if releases.is_empty() {
            return None;
        }
        releases.sort_by_key(|r| std::cmp::Reverse(r.version.rank()));
        Some(Timeline { releases, origin })
    }

    /// The release with the highest version.
    pub fn newest(&self) -> Option<&RunnerRelease> {
        self.releases.first()
    }

    /// How `version` (as a runner reports it, `2.329.0`) stands.
    pub fn judge(&self, version: Option<&str>) -> Standing {
        let Some(v) = version
            .and_then(Version::parse)
            .filter(|v| !v.is_pre_release())
        else {
            return Standing::Unreadable;
        };
        let (major, minor, patch) = MIN_VERSION;
        let min = Version::parse(&format!("{major}.{minor}.{patch}"));
        if min.is_some_and(|min| min.is_newer_than(&v)) {
            return Standing::BelowMinimum;
        }
        let first_newer = self
            .releases
            .iter()
            .filter(|r| r.version.is_newer_than(&v))
            .min_by_key(|r| r.published_ms);
        match first_newer {
            None => Standing::Newest,
            Some(first) => Standing::Behind {
                first_newer: first.clone(),
                cutoff_ms: first.published_ms.saturating_add(GRACE_DAYS * DAY_MS),
            },
        }
    }
}

/// Where one runner version stands against the releases.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    /// The runner reports no version that can be read.
    Unreadable,
    /// Below [`MIN_VERSION`]: GitHub sends it no jobs.
    BelowMinimum,
    /// No newer release is known.
    Newest,
    /// A newer release exists: behind since `first_newer` was published,
    /// cut off at `cutoff_ms`.
    Behind {
        first_newer: RunnerRelease,
        cutoff_ms: u64,
    },
}

impl Standing {
    /// Whether GitHub sends this runner jobs at `now_ms`; `None` when its
    /// version cannot be read.
    pub fn receives_jobs(&self, now_ms: u64) -> Option<bool> {
        match self {
            Standing::Unreadable => None,
            Standing::BelowMinimum => Some(false),
            Standing::Newest => Some(true),
            Standing::Behind { cutoff_ms, .. } => Some(now_ms < *cutoff_ms),
        }
    }

    /// When it stops (or stopped) receiving jobs, if it is behind.
    pub fn cutoff_ms(&self) -> Option<u64> {
        match self {
            Standing::Behind { cutoff_ms, .. } => Some(*cutoff_ms),
            _ => None,
        }
    }

    /// Whether it still receives jobs but will be cut off within
    /// [`WARN_DAYS`] days of `now_ms` (exactly 7 days left included).
    pub fn near_cutoff(&self, now_ms: u64) -> bool {
        self.cutoff_ms()
            .is_some_and(|cut| now_ms < cut && cut - now_ms <= WARN_DAYS * DAY_MS)
    }

    /// How long it can still receive jobs, for ranking runners: `u64::MAX`
    /// for the newest, 0 once cut off or unreadable.
    pub fn time_left(&self, now_ms: u64) -> u64 {
        match self {
            Standing::Newest => u64::MAX,
            Standing::Behind { cutoff_ms, .. } => cutoff_ms.saturating_sub(now_ms),
            Standing::Unreadable | Standing::BelowMinimum => 0,
        }
    }

    /// A phrase for evidence: `31 days behind v2.331.0 of 2026-01-09, no
    /// jobs since 2026-02-08`.
    pub fn describe(&self, now_ms: u64) -> String {
        match self {
            Standing::Unreadable => "its version could not be read".into(),
            Standing::BelowMinimum => format!(
                "older than {}, which GitHub no longer sends jobs to",
                min_version()
            ),
            Standing::Newest => "the newest release".into(),
            Standing::Behind {
                first_newer,
                cutoff_ms,
            } => {
                let behind = days(days_between(first_newer.published_ms, now_ms));
                let cut = format_utc_date(*cutoff_ms);
                if now_ms < *cutoff_ms {
                    format!(
                        "{behind} behind {}, receives jobs until {cut}",
                        first_newer.describe()
                    )
                } else {
                    format!(
                        "{behind} behind {}, no jobs since {cut}",
                        first_newer.describe()
                    )
                }
            }
        }
    }
}

/// `2.329.0`.
pub fn min_version() -> String {
    let (major, minor, patch) = MIN_VERSION;
    format!("{major}.{minor}.{patch}")
}

/// `1 day`, `31 days`.
pub fn days(n: u64) -> String {
    if n == 1 {
        "1 day".into()
    } else {
        format!("{n} days")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::actions::full_releases;

    /// 2026-12-07T00:00:00Z.
    const NOW: u64 = 1_796_601_600_000;

    /// A listing of `(tag, days before NOW)`, as GitHub answers it.
    fn listing(items: &[(&str, u64)]) -> String {
        let entries: Vec<String> = items
            .iter()
            .map(|(tag, ago)| {
                let at = NOW - ago * DAY_MS;
                let date = crate::time::format_utc(at);
                format!(
                    r#"{{"tag_name":"{tag}","draft":false,"prerelease":false,"published_at":"{}T{}:00Z"}}"#,
                    &date[..10],
                    &date[11..16]
                )
            })
            .collect();
        format!("[{}]", entries.join(","))
    }

    fn timeline(items: &[(&str, u64)]) -> Timeline {
        let releases = full_releases(&listing(items), RUNNER_REPO).unwrap();
        Timeline::live(&releases).unwrap()
    }

    #[test]
    fn now_is_2026_12_07() {
        assert_eq!(format_utc_date(NOW), "2026-12-07");
    }

    #[test]
    fn the_newest_release_receives_jobs() {
        let t = timeline(&[("v2.331.0", 40), ("v2.330.0", 70)]);
        let s = t.judge(Some("2.331.0"));
        assert_eq!(s, Standing::Newest);
        assert_eq!(s.receives_jobs(NOW), Some(true));
        assert!(!s.near_cutoff(NOW));
        assert_eq!(s.describe(NOW), "the newest release");
        assert_eq!(t.newest().map(|r| r.tag.as_str()), Some("v2.331.0"));
    }

    #[test]
    fn exactly_thirty_days_behind_is_cut_off() {
        let t = timeline(&[("v2.331.0", 30), ("v2.330.0", 70)]);
        let s = t.judge(Some("2.330.0"));
        assert_eq!(s.cutoff_ms(), Some(NOW));
        assert_eq!(s.receives_jobs(NOW), Some(false));
        assert_eq!(s.receives_jobs(NOW - 1), Some(true));
        assert!(!s.near_cutoff(NOW), "cut off is not \"near\" any more");
        assert_eq!(
            s.describe(NOW),
            "30 days behind v2.331.0 of 2026-11-07, no jobs since 2026-12-07"
        );
    }

    #[test]
    fn twenty_three_days_behind_is_seven_days_from_the_cut_off() {
        let t = timeline(&[("v2.331.0", 23), ("v2.330.0", 70)]);
        let s = t.judge(Some("2.330.0"));
        assert_eq!(s.receives_jobs(NOW), Some(true));
        assert!(
            s.near_cutoff(NOW),
            "exactly 7 days left is within the warning"
        );
        assert_eq!(s.time_left(NOW), 7 * DAY_MS);
        assert_eq!(
            s.describe(NOW),
            "23 days behind v2.331.0 of 2026-11-14, receives jobs until 2026-12-14"
        );
        let earlier = timeline(&[("v2.331.0", 22), ("v2.330.0", 70)]).judge(Some("2.330.0"));
        assert!(!earlier.near_cutoff(NOW), "8 days left is no warning yet");
        assert_eq!(earlier.receives_jobs(NOW), Some(true));
    }

    #[test]
    fn behind_counts_from_the_first_newer_release_published() {
        // v2.331.0 came out 50 days ago; v2.332.0 only 3 days ago: a runner
        // on v2.330.0 has been behind for 50 days, not 3.
        let t = timeline(&[("v2.332.0", 3), ("v2.331.0", 50), ("v2.330.0", 90)]);
        let s = t.judge(Some("v2.330.0"));
        assert_eq!(s.receives_jobs(NOW), Some(false));
        assert!(s.describe(NOW).starts_with("50 days behind v2.331.0"));
        // A patch of an older line published later does not reset the clock.
        let t = timeline(&[("v2.331.0", 10), ("v2.330.1", 5), ("v2.330.0", 90)]);
        let s = t.judge(Some("2.330.0"));
        assert_eq!(s.receives_jobs(NOW), Some(true));
        assert!(
            s.describe(NOW).starts_with("10 days behind v2.331.0"),
            "{}",
            s.describe(NOW)
        );
        // The patch itself is behind v2.331.0 too, which came out before it.
        let s = t.judge(Some("2.330.1"));
        assert!(
            s.describe(NOW).starts_with("10 days behind v2.331.0"),
            "{}",
            s.describe(NOW)
        );
    }

    #[test]
    fn below_the_minimum_never_receives_jobs() {
        // Even as the newest release listed, and whatever the date.
        let t = timeline(&[("v2.328.0", 1)]);
        for v in ["2.328.0", "2.321.0", "1.999.9"] {
            let s = t.judge(Some(v));
            assert_eq!(s, Standing::BelowMinimum, "{v}");
            assert_eq!(s.receives_jobs(0), Some(false));
        }
        assert_eq!(
            t.judge(Some("2.329.0")),
            Standing::Newest,
            "2.329.0 itself is allowed"
        );
        assert!(t
            .judge(Some("2.328.0"))
            .describe(NOW)
            .contains("older than 2.329.0"));
    }

    #[test]
    fn unreadable_versions_are_not_judged() {
        let t = timeline(&[("v2.331.0", 1)]);
        for v in [
            None,
            Some(""),
            Some("latest"),
            Some("2.331.0-rc.1"),
            Some("v"),
        ] {
            let s = t.judge(v);
            assert_eq!(s, Standing::Unreadable, "{v:?}");
            assert_eq!(s.receives_jobs(NOW), None);
            assert_eq!(s.time_left(NOW), 0);
        }
    }

    #[test]
    fn no_releases_readable_means_the_built_in_table() {
        assert_eq!(Timeline::live(&[]), None);
        let undated = full_releases(r#"[{"tag_name":"v2.331.0"}]"#, RUNNER_REPO).unwrap();
        assert_eq!(
            Timeline::live(&undated),
            None,
            "a release without a date cannot be judged by"
        );
        let drafts_only = full_releases(
            r#"[{"tag_name":"v2.332.0","draft":true,"published_at":"2026-12-01T00:00:00Z"},{"tag_name":"v2.333.0-rc.1","published_at":"2026-12-02T00:00:00Z"}]"#,
            RUNNER_REPO,
        )
        .unwrap();
        assert_eq!(Timeline::live(&drafts_only), None);

        let builtin = Timeline::builtin();
        assert_eq!(builtin.origin, Origin::BuiltIn);
        assert_eq!(
            builtin.releases.len(),
            BUILTIN.len(),
            "every line of the table reads"
        );
        let newest = builtin.newest().unwrap();
        assert_eq!(newest.tag, BUILTIN[0].0);
        // By the table alone, v2.329.0 has been behind since v2.330.0.
        let s = builtin.judge(Some("2.329.0"));
        assert_eq!(s.receives_jobs(NOW), Some(false));
        assert_eq!(
            s.describe(NOW),
            "382 days behind v2.330.0 of 2025-11-19, no jobs since 2025-12-19"
        );
        assert_eq!(builtin.judge(Some(&newest.tag)), Standing::Newest);
    }

    #[test]
    fn the_built_in_table_is_newest_first_and_dated_before_it_was_written() {
        let written = parse_utc(&format!("{BUILTIN_WRITTEN}T23:59:59Z")).unwrap();
        let mut last: Option<(Version, u64)> = None;
        for (tag, date) in BUILTIN {
            let v = Version::parse(tag).unwrap();
            let at = parse_utc(date).unwrap();
            assert!(at <= written, "{tag} is dated after the table was written");
            if let Some((newer, newer_at)) = last {
                assert!(newer.is_newer_than(&v), "{tag} is out of order");
                assert!(newer_at >= at, "{tag} is dated after a newer release");
            }
            last = Some((v, at));
        }
        let oldest = last.unwrap().0;
        assert_eq!(
            oldest,
            Version::parse(&min_version()).unwrap(),
            "the table reaches back to the minimum"
        );
    }

    #[test]
    fn virtual_time_far_before_any_release_does_not_panic() {
        let t = Timeline::builtin();
        let s = t.judge(Some("2.330.0"));
        assert_eq!(s.receives_jobs(0), Some(true));
        assert_eq!(
            s.describe(0).split(',').next(),
            Some("0 days behind v2.331.0 of 2026-01-09")
        );
        assert_eq!(s.receives_jobs(u64::MAX), Some(false));
        let _ = s.describe(u64::MAX);
    }
}
