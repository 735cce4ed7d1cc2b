//! Pure rules for resolving an action's newest release live, without I/O.
//!
//! The app asks GitHub three things per action and hands each answer's body
//! here:
//!
//! 1. `GET /repos/{o}/{r}/releases?per_page=N` → [`newest_release`]: the
//!    newest full release (not a draft, not a pre-release) within the major
//!    the project writes, and whether a newer major exists.
//! 2. `GET /repos/{o}/{r}/git/ref/tags/{tag}` → [`parse_ref_object`]: a
//!    lightweight tag names its commit directly; an annotated tag names a tag
//!    object.
//! 3. For an annotated tag, `GET /repos/{o}/{r}/git/tags/{sha}` →
//!    [`parse_ref_object`] again, at most [`MAX_TAG_DEREFERENCES`] times.
//!
//! Only a [`RefObject::Commit`] becomes a live pin ([`super::Pin::live`]);
//! anything else keeps the built-in pin.

use super::{is_full_sha, Action, Version};
use serde::Deserialize;
use std::fmt;

/// How many tag objects to follow before giving up on a tag.
pub const MAX_TAG_DEREFERENCES: usize = 3;

/// One published release of an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Release {
    /// The tag as GitHub lists it, e.g. `v7.0.1`.
    pub tag: String,
    pub version: Version,
    /// `https://github.com/{o}/{r}/releases/tag/{tag}`.
    pub url: String,
    /// When GitHub published it (Unix milliseconds), if the answer says.
    pub published_ms: Option<u64>,
}

/// What a releases listing says about an action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LatestReleases {
    /// The newest full release within the requested major, if the page has one.
    pub in_major: Option<Release>,
    /// The newest full release of a higher major, if the page has one.
    pub newer_major: Option<Release>,
}

/// What a tag reference or tag object points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefObject {
    /// A commit: the SHA to pin (lower case, 40 hex digits).
    Commit(String),
    /// An annotated tag object: dereference it with `GET …/git/tags/{sha}`.
    Tag(String),
    /// Anything else (a tree or blob); the tag cannot be pinned.
    Other { kind: String, sha: String },
}

/// An answer that could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// The body is not JSON of the expected shape.
    Malformed(String),
}

impl fmt::Display for ResolveError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResolveError::Malformed(why) => write!(f, "GitHub's answer could not be read: {why}"),
        }
    }
}

impl std::error::Error for ResolveError {}

#[derive(Deserialize)]
struct ReleaseJson {
    tag_name: Option<String>,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    prerelease: bool,
    #[serde(default)]
    published_at: Option<String>,
}

#[derive(Deserialize)]
struct RefJson {
    object: ObjectJson,
}

#[derive(Deserialize)]
struct ObjectJson {
    sha: String,
    #[serde(rename = "type")]
    kind: String,
}

/// The release page of a tag: `https://github.com/{o}/{r}/releases/tag/{tag}`.
pub fn release_url(action: Action, tag: &str) -> String {
    repo_release_url(&format!("{}/{}", action.owner(), action.repo()), tag)
}

/// The release page of a tag of the repository `owner/name`.
pub fn repo_release_url(full_name: &str, tag: &str) -> String {
    format!(
        "https://github.com/{full_name}/releases/tag/{}",
        crate::url::encode_segment(tag)
    )
}

/// Read a `GET /repos/{o}/{r}/releases` answer of the repository `full_name`
/// (`owner/name`): its full releases, in the order listed.
///
/// Drafts, releases marked `prerelease`, tags with a pre-release suffix and
/// tags that name no version are skipped; an entry of another shape is
/// skipped too, so one odd release does not hide the others.
pub fn full_releases(releases_json: &str, full_name: &str) -> Result<Vec<Release>, ResolveError> {
    let releases: Vec<serde_json::Value> = serde_json::from_str(releases_json)
        .map_err(|e| ResolveError::Malformed(format!("expected a list of releases ({e})")))?;
    Ok(releases
        .into_iter()
        .filter_map(|value| serde_json::from_value::<ReleaseJson>(value).ok())
        .filter(|r| !r.draft && !r.prerelease)
        .filter_map(|r| {
            let tag = r.tag_name.filter(|t| super::version::is_safe_tag(t))?;
            let version = Version::parse(&tag).filter(|v| !v.is_pre_release())?;
            Some(Release {
                url: repo_release_url(full_name, &tag),
                published_ms: r.published_at.as_deref().and_then(crate::time::parse_utc),
                tag,
                version,
            })
        })
        .collect())
}

/// Read a `GET /repos/{o}/{r}/releases` answer: the newest full release
/// within `major`, and the newest full release of any higher major.
///
/// Drafts, releases marked `prerelease`, tags with a pre-release suffix,
/// tags that name no version and tags that are not safe to write into a
/// workflow or a terminal ([`super::version::is_safe_tag`]) are skipped.
pub fn newest_release(
    releases_json: &str,
    action: Action,
    major: u32,
) -> Result<LatestReleases, ResolveError> {
    let full = full_releases(
        releases_json,
        &format!("{}/{}", action.owner(), action.repo()),
    )?;
    let newest = |keep: &dyn Fn(&Version) -> bool| {
        full.iter()
            .filter(|r| keep(&r.version))
            .max_by_key(|r| r.version.rank())
            .cloned()
    };
    Ok(LatestReleases {
        in_major: newest(&|v| v.major() == major),
        newer_major: newest(&|v| v.major() > major),
    })
}

/// Read the `object` of a `GET …/git/ref/tags/{tag}` or `GET …/git/tags/{sha}` answer.
pub fn parse_ref_object(json: &str) -> Result<RefObject, ResolveError> {
    let parsed: RefJson = serde_json::from_str(json)
        .map_err(|e| ResolveError::Malformed(format!("expected a git reference ({e})")))?;
    let ObjectJson { sha, kind } = parsed.object;
    if !is_full_sha(&sha) {
        return Err(ResolveError::Malformed(format!(
            "`{}` is not a full object SHA",
            sha.chars().take(64).collect::<String>()
        )));
    }
    let sha = sha.to_ascii_lowercase();
    Ok(match kind.as_str() {
        "commit" => RefObject::Commit(sha),
        "tag" => RefObject::Tag(sha),
        _ => RefObject::Other { kind, sha },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SHA_A: &str = "368f82528645a54fb793d4d04e342629a3f51346";
    const SHA_B: &str = "45bfe0192ca1faeb007ade9deae92b16b8254a0d";

    fn release(tag: &str, draft: bool, prerelease: bool) -> String {
        format!(r#"{{"tag_name":"{tag}","draft":{draft},"prerelease":{prerelease},"name":"x"}}"#)
    }

    fn listing(items: &[String]) -> String {
        format!("[{}]", items.join(","))
    }

    fn tags(latest: &LatestReleases) -> (Option<&str>, Option<&str>) {
        (
            latest.in_major.as_ref().map(|r| r.tag.as_str()),
            latest.newer_major.as_ref().map(|r| r.tag.as_str()),
        )
    }

    #[test]
    fn full_releases_keep_their_publication_dates() {
        let json = r#"[
            {"tag_name":"v2.331.0","draft":false,"prerelease":false,"published_at":"2026-01-09T17:22:08Z"},
            {"tag_name":"v2.332.0-rc.1","draft":false,"prerelease":false,"published_at":"2026-02-20T00:00:00Z"},
            {"tag_name":"v2.330.0","draft":true,"prerelease":false,"published_at":null},
            {"tag_name":"v2.329.0","published_at":"not a date"},
            {"tag_name":7}
        ]"#;
        let full = full_releases(json, "actions/runner").unwrap();
        let seen: Vec<(&str, Option<u64>)> = full
            .iter()
            .map(|r| (r.tag.as_str(), r.published_ms))
            .collect();
        assert_eq!(
            seen,
            [
                ("v2.331.0", crate::time::parse_utc("2026-01-09T17:22:08Z")),
                ("v2.329.0", None)
            ]
        );
        assert_eq!(
            full[0].url,
            "https://github.com/actions/runner/releases/tag/v2.331.0"
        );
        assert!(full_releases("{}", "actions/runner").is_err());
    }

    #[test]
    fn picks_the_newest_full_release_of_the_same_major() {
        let json = listing(&[
            release("v5.0.0", false, false),
            release("v5.0.5", false, false),
            release("v5.0.10", false, false),
            release("v4.9.9", false, false),
        ]);
        let latest = newest_release(&json, Action::Cache, 5).unwrap();
        assert_eq!(tags(&latest), (Some("v5.0.10"), None));
        let first = latest.in_major.unwrap();
        assert_eq!(
            first.url,
            "https://github.com/actions/cache/releases/tag/v5.0.10"
        );
        assert_eq!(first.version.patch(), Some(10));
    }

    #[test]
    fn skips_drafts_and_pre_releases() {
        let json = listing(&[
            release("v5.1.0", true, false),
            release("v5.2.0", false, true),
            release("v5.3.0-rc.1", false, false),
            release("v5.0.5", false, false),
        ]);
        let latest = newest_release(&json, Action::Cache, 5).unwrap();
        assert_eq!(tags(&latest), (Some("v5.0.5"), None));
    }

    #[test]
    fn notes_a_newer_major_without_taking_it() {
        let json = listing(&[
            release("v6.1.0", false, false),
            release("v6.0.0", false, false),
            release("v7.0.0-beta", false, false),
            release("v5.0.5", false, false),
        ]);
        let latest = newest_release(&json, Action::Cache, 5).unwrap();
        assert_eq!(tags(&latest), (Some("v5.0.5"), Some("v6.1.0")));
        assert_eq!(
            latest.newer_major.unwrap().url,
            "https://github.com/actions/cache/releases/tag/v6.1.0"
        );
        let only_newer = listing(&[release("v6.0.0", false, false)]);
        let latest = newest_release(&only_newer, Action::ConfigurePages, 5).unwrap();
        assert_eq!(tags(&latest), (None, Some("v6.0.0")));
    }

    #[test]
    fn odd_tags_and_entries_are_skipped_not_fatal() {
        let json = format!(
            r#"[{},{},{},{{"draft":false}},{{"tag_name":7}},3,null,{}]"#,
            release("latest", false, false),
            release("predicate@1.0.0", false, false),
            release("v1.2.3.4", false, false),
            release("4.2.2", false, false),
        );
        let latest = newest_release(&json, Action::Attest, 4).unwrap();
        assert_eq!(tags(&latest), (Some("4.2.2"), None));
        let weird = listing(&[release("v4 odd/tag#x", false, false)]);
        assert_eq!(
            tags(&newest_release(&weird, Action::Attest, 4).unwrap()),
            (None, None)
        );
        assert_eq!(
            release_url(Action::Attest, "a b/c#d"),
            "https://github.com/actions/attest/releases/tag/a%20b%2Fc%23d"
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for garbage in [
            "",
            "{",
            "null",
            "{\"message\":\"Not Found\"}",
            "\"v1\"",
            "[1,",
        ] {
            assert!(
                newest_release(garbage, Action::Cache, 5).is_err(),
                "{garbage:?}"
            );
            assert!(parse_ref_object(garbage).is_err(), "{garbage:?}");
        }
        assert!(parse_ref_object(r#"{"object":{"sha":"abc","type":"commit"}}"#).is_err());
        assert!(parse_ref_object(r#"{"object":{"sha":7,"type":"commit"}}"#).is_err());
        assert!(parse_ref_object(r#"[{"object":{"sha":"x","type":"commit"}}]"#).is_err());
        let empty = newest_release("[]", Action::Cache, 5).unwrap();
        assert_eq!(tags(&empty), (None, None));
    }

    #[test]
    fn lightweight_tag_names_its_commit() {
        let json = format!(
            r#"{{"ref":"refs/tags/v5.0.1","node_id":"x","url":"u","object":{{"sha":"{}","type":"commit","url":"u"}}}}"#,
            SHA_A.to_ascii_uppercase()
        );
        assert_eq!(
            parse_ref_object(&json),
            Ok(RefObject::Commit(SHA_A.to_string()))
        );
    }

    #[test]
    fn annotated_tag_is_dereferenced_to_its_commit() {
        let reference =
            format!(r#"{{"ref":"refs/tags/v6.0.0","object":{{"sha":"{SHA_A}","type":"tag"}}}}"#);
        let RefObject::Tag(tag_sha) = parse_ref_object(&reference).unwrap() else {
            panic!("an annotated tag reference names a tag object");
        };
        assert_eq!(tag_sha, SHA_A);
        let tag_object = format!(
            r#"{{"sha":"{SHA_A}","tag":"v6.0.0","message":"m","object":{{"sha":"{SHA_B}","type":"commit"}}}}"#
        );
        assert_eq!(
            parse_ref_object(&tag_object),
            Ok(RefObject::Commit(SHA_B.to_string()))
        );
        let tree = format!(r#"{{"object":{{"sha":"{SHA_B}","type":"tree"}}}}"#);
        assert!(matches!(
            parse_ref_object(&tree),
            Ok(RefObject::Other { .. })
        ));
    }
}
