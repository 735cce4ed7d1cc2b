//! Version numbers read from action tags and `# vX.Y.Z` comments.
//!
//! Tags come in many shapes: `v7`, `v7.0.1`, `7.0.1`, `v7.0.1-rc.1`,
//! `v2-beta`, `predicate@1.0.0`, `latest`. [`Version::parse`] reads the ones
//! that name a version and says no to the rest; it never panics.

use std::cmp::Ordering;

/// A version as written in a tag: a major number, optional minor and patch,
/// and whether a pre-release suffix (`-rc.1`, `-beta`) follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Version {
    major: u32,
    minor: Option<u32>,
    patch: Option<u32>,
    pre_release: bool,
}

impl Version {
    /// Read a tag or version: an optional `v`/`V`, one to three dot-separated
    /// numbers, then optionally `-pre-release` and/or `+build`. `None` for
    /// anything else (branch names, SHAs, `v`, `v1.2.3.4`, `1..2`).
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let text = text
            .strip_prefix('v')
            .or_else(|| text.strip_prefix('V'))
            .unwrap_or(text);
        // Pre-release and build parts are dot-separated identifiers of
        // letters, digits and hyphens (as semver has them): never text that
        // could change a line it is written into.
        let identifiers = |s: &str| {
            !s.is_empty()
                && s.split('.').all(|id| {
                    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
                })
        };
        let text = match text.split_once('+') {
            Some((core, build)) if identifiers(build) => core,
            Some(_) => return None,
            None => text,
        };
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (text, None),
        };
        if pre.is_some_and(|p| !identifiers(p)) {
            return None;
        }
        let mut parts = core.split('.');
        let major = number(parts.next()?)?;
        let minor = match parts.next() {
            Some(part) => Some(number(part)?),
            None => None,
        };
        let patch = match parts.next() {
            Some(part) => Some(number(part)?),
            None => None,
        };
        if parts.next().is_some() {
            return None;
        }
        Some(Version {
            major,
            minor,
            patch,
            pre_release: pre.is_some(),
        })
    }

    /// The major number: 7 for `v7.0.1`.
    pub fn major(&self) -> u32 {
        self.major
    }

    /// The minor number, if the tag names one.
    pub fn minor(&self) -> Option<u32> {
        self.minor
    }

    /// The patch number, if the tag names one.
    pub fn patch(&self) -> Option<u32> {
        self.patch
    }

    /// True for tags like `v7.0.1-rc.1` or `v2-beta`.
    pub fn is_pre_release(&self) -> bool {
        self.pre_release
    }

    /// True when `self` is known to be a later release than `other`: a higher
    /// major, or the same major with a higher minor/patch that `self` spells
    /// out. A bare `v7` is never "newer" than `v7.3.0`: it means "some v7".
    pub fn is_newer_than(&self, other: &Version) -> bool {
        match self.major.cmp(&other.major) {
            Ordering::Greater => true,
            Ordering::Less => false,
            Ordering::Equal => {
                let mine = (self.minor, self.patch);
                let theirs = (other.minor.unwrap_or(0), other.patch.unwrap_or(0));
                match mine {
                    (Some(minor), patch) => (minor, patch.unwrap_or(0)) > theirs,
                    (None, _) => false,
                }
            }
        }
    }

    /// The order releases are ranked in: numbers first (missing parts count as
    /// 0), then a full release above its pre-releases, then the more specific
    /// spelling (`v7.0.0` above `v7`).
    pub fn rank(&self) -> impl Ord {
        (
            self.major,
            self.minor.unwrap_or(0),
            self.patch.unwrap_or(0),
            !self.pre_release,
            self.minor.is_some(),
            self.patch.is_some(),
        )
    }
}

/// A non-empty run of at most nine ASCII digits (so it always fits a `u32`).
/// Longest tag taken from a live release.
pub const MAX_TAG_CHARS: usize = 64;

/// Whether a tag from a live release may be written into a workflow or a
/// terminal: it names a version ([`Version::parse`]) and is exactly that —
/// no surrounding space, at most [`MAX_TAG_CHARS`] letters, digits, `.`,
/// `-` and `+` — so it cannot end a YAML comment, start a line or move a
/// terminal's cursor.
pub fn is_safe_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag.len() <= MAX_TAG_CHARS
        && tag
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'+'))
        && Version::parse(tag).is_some()
}

/// `tag` as it may be quoted in a message: control characters escaped and
/// cut to [`MAX_TAG_CHARS`] characters.
pub fn shown_tag(tag: &str) -> String {
    let escaped: String = tag.chars().flat_map(char::escape_debug).collect();
    match escaped.char_indices().nth(MAX_TAG_CHARS) {
        Some((at, _)) => format!("{}…", &escaped[..at]),
        None => escaped,
    }
}

fn number(part: &str) -> Option<u32> {
    if part.is_empty() || part.len() > 9 || !part.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    part.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> Version {
        Version::parse(text).unwrap_or_else(|| panic!("{text} should parse"))
    }

    #[test]
    fn reads_the_usual_shapes() {
        assert_eq!(v("v7").major(), 7);
        assert_eq!(v("v7").minor(), None);
        assert_eq!(
            (v("v7.0.1").minor(), v("v7.0.1").patch()),
            (Some(0), Some(1))
        );
        assert_eq!(v("7.0.1").major(), 7);
        assert_eq!(v("V4.2").minor(), Some(2));
        assert!(v("v7.0.1-rc.1").is_pre_release());
        assert!(v("v2-beta").is_pre_release());
        assert!(!v("v1.2.3+build.5").is_pre_release());
        assert_eq!(v(" v3 ").major(), 3);
    }

    #[test]
    fn refuses_what_is_not_a_version() {
        for odd in [
            "",
            "v",
            "V",
            "main",
            "latest",
            "predicate@1.0.0",
            "v1.2.3.4",
            "1..2",
            "v1.",
            ".1",
            "v-1",
            "v1-",
            "v99999999999",
            "3d3c42e5aac5ba805825da76410c181273ba90b1",
            "v１",
            "v1.x",
        ] {
            assert_eq!(Version::parse(odd), None, "{odd:?}");
        }
    }

    #[test]
    fn newer_is_strict_and_bare_majors_are_never_newer() {
        assert!(v("v8").is_newer_than(&v("v7.3.0")));
        assert!(v("v7.4.0").is_newer_than(&v("v7.3.0")));
        assert!(v("v7.3.1").is_newer_than(&v("v7.3.0")));
        assert!(!v("v7.3.0").is_newer_than(&v("v7.3.0")));
        assert!(!v("v7").is_newer_than(&v("v7.3.0")));
        assert!(!v("v7.2.9").is_newer_than(&v("v7.3.0")));
        assert!(!v("v6.99.0").is_newer_than(&v("v7")));
        assert!(v("v7.1").is_newer_than(&v("v7")));
    }

    #[test]
    fn rank_puts_releases_above_their_pre_releases() {
        let mut tags = ["v7.0.0-rc.1", "v7", "v7.0.0", "v6.9.9", "v7.0.1"];
        tags.sort_by_key(|t| std::cmp::Reverse(v(t).rank()));
        assert_eq!(tags, ["v7.0.1", "v7.0.0", "v7", "v7.0.0-rc.1", "v6.9.9"]);
    }
}
