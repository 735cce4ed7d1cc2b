//! The GitHub Actions the generator writes and the analyzer knows, and the
//! releases they are pinned to.
//!
//! A [`Pins`] value holds one [`Pin`] (tag + commit SHA + where it came from)
//! for every [`Action`]. [`Pins::builtin`] reads the table in [`table`]; the
//! app may replace entries with releases it resolved live from GitHub (the
//! pure rules for that are in [`resolve`], which actions to ask about on
//! demand in [`demand`]). The generator writes the pins it
//! is given and the analyzer compares a workflow's versions against them, so
//! both always agree on what "newest" means.

mod demand;
mod live;
mod resolve;
mod table;
mod version;

pub use demand::{to_resolve, to_resolve_for_workflow};
pub use live::{PinResolver, Resolution, GENERATOR_ACTIONS};
pub use resolve::{
    full_releases, newest_release, parse_ref_object, release_url, repo_release_url, LatestReleases,
    RefObject, Release, ResolveError, MAX_TAG_DEREFERENCES,
};
pub use table::{table_age_days, table_age_note, LAST_CHECKED, STALE_AFTER_DAYS};
pub use version::{is_safe_tag, shown_tag as version_shown, Version, MAX_TAG_CHARS};

use std::borrow::Cow;
use std::fmt;

/// An action this project knows by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Checkout,
    Login,
    Metadata,
    SetupBuildx,
    SetupQemu,
    BuildPush,
    Attest,
    AttestBuildProvenance,
    CosignInstaller,
    UploadPagesArtifact,
    DeployPages,
    ConfigurePages,
    Cache,
}

impl Action {
    /// How many actions are known.
    pub const COUNT: usize = 13;

    /// Every known action, in table order.
    pub const ALL: [Action; Action::COUNT] = [
        Action::Checkout,
        Action::Login,
        Action::Metadata,
        Action::SetupBuildx,
        Action::SetupQemu,
        Action::BuildPush,
        Action::Attest,
        Action::AttestBuildProvenance,
        Action::CosignInstaller,
        Action::UploadPagesArtifact,
        Action::DeployPages,
        Action::ConfigurePages,
        Action::Cache,
    ];

    /// The repository, `owner/repo`, as GitHub spells it.
    pub const fn name(self) -> &'static str {
        match self {
            Action::Checkout => "actions/checkout",
            Action::Login => "docker/login-action",
            Action::Metadata => "docker/metadata-action",
            Action::SetupBuildx => "docker/setup-buildx-action",
            Action::SetupQemu => "docker/setup-qemu-action",
            Action::BuildPush => "docker/build-push-action",
            Action::Attest => "actions/attest",
            Action::AttestBuildProvenance => "actions/attest-build-provenance",
            Action::CosignInstaller => "sigstore/cosign-installer",
            Action::UploadPagesArtifact => "actions/upload-pages-artifact",
            Action::DeployPages => "actions/deploy-pages",
            Action::ConfigurePages => "actions/configure-pages",
            Action::Cache => "actions/cache",
        }
    }

    /// The owner part of [`Action::name`].
    pub fn owner(self) -> &'static str {
        self.name().split_once('/').map_or("", |(owner, _)| owner)
    }

    /// The repository part of [`Action::name`].
    pub fn repo(self) -> &'static str {
        self.name().split_once('/').map_or("", |(_, repo)| repo)
    }

    /// The action a `uses:` path names: `owner/repo` or `owner/repo/sub/path`,
    /// compared without regard to case (as GitHub does).
    pub fn from_name(path: &str) -> Option<Action> {
        let mut parts = path.trim().splitn(3, '/');
        let (owner, repo) = (parts.next()?, parts.next()?);
        Action::ALL
            .into_iter()
            .find(|a| a.owner().eq_ignore_ascii_case(owner) && a.repo().eq_ignore_ascii_case(repo))
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Where a pin came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    /// The table compiled into this build, read from the repositories on `checked` (YYYY-MM-DD).
    BuiltIn { checked: &'static str },
    /// Resolved from GitHub's API at this time (milliseconds since the Unix epoch).
    Live { resolved_at_ms: u64 },
}

impl Source {
    /// The UTC day this source is as of, `YYYY-MM-DD`.
    pub fn date(&self) -> String {
        match self {
            Source::BuiltIn { checked } => (*checked).to_string(),
            Source::Live { resolved_at_ms } => utc_date(*resolved_at_ms),
        }
    }

    /// A short phrase for messages: `checked 2026-11-26` or `read from GitHub on 2026-12-01`.
    pub fn describe(&self) -> String {
        match self {
            Source::BuiltIn { checked } => format!("checked {checked}"),
            Source::Live { .. } => format!("read from GitHub on {}", self.date()),
        }
    }
}

/// One release of an action: its tag, the commit that tag points to, and
/// where this pairing came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pin {
    action: Action,
    tag: Cow<'static, str>,
    sha: Cow<'static, str>,
    source: Source,
}

/// Why a live pin was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PinError {
    /// The tag holds what no version tag does (space, a line break, control
    /// or other characters, or it is too long): it never enters YAML.
    UnsafeTag(String),
    /// The tag does not name a version (`main`, `latest`, `v1.2.3.4`).
    NotAVersion(String),
    /// The tag is a pre-release (`v7.0.0-rc.1`).
    PreRelease(String),
    /// The commit is not 40 hex digits.
    NotACommitSha(String),
}

impl fmt::Display for PinError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PinError::UnsafeTag(tag) => write!(
                f,
                "the tag `{}` holds characters no version tag has (a version tag is letters, digits, `.`, `-` and `+`), so it is not used",
                version::shown_tag(tag)
            ),
            PinError::NotAVersion(tag) => write!(f, "the tag `{}` does not name a version", version::shown_tag(tag)),
            PinError::PreRelease(tag) => write!(f, "the tag `{}` is a pre-release", version::shown_tag(tag)),
            PinError::NotACommitSha(sha) => write!(f, "`{}` is not a full commit SHA", version::shown_tag(sha)),
        }
    }
}

impl std::error::Error for PinError {}

impl Pin {
    /// A release resolved from GitHub: `tag` must name a full release (not a
    /// pre-release) and `sha` must be the 40-hex commit the tag points to.
    pub fn live(
        action: Action,
        tag: &str,
        sha: &str,
        resolved_at_ms: u64,
    ) -> Result<Pin, PinError> {
        if Version::parse(tag).is_some() && !version::is_safe_tag(tag) {
            return Err(PinError::UnsafeTag(tag.to_string()));
        }
        let version = Version::parse(tag).ok_or_else(|| PinError::NotAVersion(tag.to_string()))?;
        if version.is_pre_release() {
            return Err(PinError::PreRelease(tag.to_string()));
        }
        if !is_full_sha(sha) {
            return Err(PinError::NotACommitSha(sha.to_string()));
        }
        Ok(Pin {
            action,
            tag: Cow::Owned(tag.to_string()),
            sha: Cow::Owned(sha.to_ascii_lowercase()),
            source: Source::Live { resolved_at_ms },
        })
    }

    fn built_in(action: Action) -> Pin {
        let (tag, sha) = table::built_in(action);
        Pin {
            action,
            tag: Cow::Borrowed(tag),
            sha: Cow::Borrowed(sha),
            source: Source::BuiltIn {
                checked: LAST_CHECKED,
            },
        }
    }

    pub fn action(&self) -> Action {
        self.action
    }

    /// `owner/repo`.
    pub fn name(&self) -> &'static str {
        self.action.name()
    }

    /// The release tag, e.g. `v7.0.1`.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// The full commit SHA the tag points to.
    pub fn sha(&self) -> &str {
        &self.sha
    }

    pub fn source(&self) -> Source {
        self.source
    }

    /// The tag's version (always present for built-in and live pins; tested).
    pub fn version(&self) -> Option<Version> {
        Version::parse(&self.tag)
    }

    /// The major version number of the tag (`v7.0.1` → 7).
    pub fn major(&self) -> u32 {
        self.version().map_or(0, |v| v.major())
    }

    /// The major tag, e.g. `v7`.
    pub fn major_tag(&self) -> String {
        format!("v{}", self.major())
    }

    /// The `uses:` value: `name@sha` when pinned, `name@vN` otherwise.
    pub fn reference(&self, pin_sha: bool) -> String {
        if pin_sha {
            format!("{}@{}", self.name(), self.sha)
        } else {
            format!("{}@{}", self.name(), self.major_tag())
        }
    }

    /// The pinned `uses:` value with its tag in a comment: `name@sha # v7.0.1`.
    pub fn pinned_uses(&self) -> String {
        self.pinned_uses_at(None)
    }

    /// Like [`Pin::pinned_uses`], for an action inside the repository:
    /// `actions/cache/restore@sha # v5.0.5` for `sub_path` `restore`. The
    /// sub-path names a different action than the repository root, so a fix
    /// must keep it.
    pub fn pinned_uses_at(&self, sub_path: Option<&str>) -> String {
        format!("{}@{} # {}", self.path_at(sub_path), self.sha, self.tag)
    }

    /// The major-tag `uses:` value for an action inside the repository:
    /// `actions/cache/restore@v5` for `sub_path` `restore`.
    pub fn major_uses_at(&self, sub_path: Option<&str>) -> String {
        format!("{}@{}", self.path_at(sub_path), self.major_tag())
    }

    /// `owner/repo` or `owner/repo/sub/path` (surrounding slashes of the sub-path dropped).
    fn path_at(&self, sub_path: Option<&str>) -> String {
        match sub_path
            .map(|p| p.trim_matches('/'))
            .filter(|p| !p.is_empty())
        {
            Some(path) => format!("{}/{path}", self.name()),
            None => self.name().to_string(),
        }
    }
}

/// A release for every known action: what the generator writes and what the
/// analyzer calls "newest".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pins {
    pins: [Pin; Action::COUNT],
}

impl Pins {
    /// The table compiled into this build.
    pub fn builtin() -> Pins {
        Pins {
            pins: Action::ALL.map(Pin::built_in),
        }
    }

    /// The pin of `action`.
    pub fn get(&self, action: Action) -> &Pin {
        &self.pins[action.index()]
    }

    /// The pin of the action a `uses:` path names (`owner/repo[/sub]`, any case).
    pub fn find(&self, path: &str) -> Option<&Pin> {
        Action::from_name(path).map(|a| self.get(a))
    }

    /// Replace the pin of `pin.action()`.
    pub fn set(&mut self, pin: Pin) {
        let index = pin.action.index();
        self.pins[index] = pin;
    }

    /// Every pin, in table order.
    pub fn iter(&self) -> impl Iterator<Item = &Pin> {
        self.pins.iter()
    }

    /// The newest live resolution time among the pins, if any pin is live.
    pub fn live_since_ms(&self) -> Option<u64> {
        self.pins
            .iter()
            .filter_map(|p| match p.source {
                Source::Live { resolved_at_ms } => Some(resolved_at_ms),
                Source::BuiltIn { .. } => None,
            })
            .max()
    }

    /// One line for a generated workflow's header: where its versions come from.
    pub fn describe(&self) -> String {
        self.describe_for(&Action::ALL)
    }

    /// Like [`Pins::describe`], about `actions` only (those a workflow uses).
    pub fn describe_for(&self, actions: &[Action]) -> String {
        let used: Vec<&Pin> = actions.iter().map(|a| self.get(*a)).collect();
        let live_at = used
            .iter()
            .filter_map(|p| match p.source {
                Source::Live { resolved_at_ms } => Some(resolved_at_ms),
                Source::BuiltIn { .. } => None,
            })
            .max();
        let live = used
            .iter()
            .filter(|p| matches!(p.source, Source::Live { .. }))
            .count();
        match live_at {
            None => format!("action versions checked on {LAST_CHECKED}"),
            Some(ms) if live == used.len() => {
                format!("action versions read from GitHub on {}", utc_date(ms))
            }
            Some(ms) => format!(
                "action versions read from GitHub on {}, the rest as checked on {LAST_CHECKED}",
                utc_date(ms)
            ),
        }
    }
}

impl Default for Pins {
    fn default() -> Self {
        Pins::builtin()
    }
}

/// The major number of a version ref like `v4`, `v4.1.0` or `4.1`; `None` for branches and SHAs.
pub fn major_of(reference: &str) -> Option<u32> {
    Version::parse(reference).map(|v| v.major())
}

/// True when a ref is a full 40-hex-digit commit SHA.
pub fn is_full_sha(reference: &str) -> bool {
    reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The UTC calendar day of a Unix time in milliseconds, as `YYYY-MM-DD`.
fn utc_date(ms: u64) -> String {
    crate::time::format_utc_date(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        let pins = Pins::builtin();
        for (i, action) in Action::ALL.into_iter().enumerate() {
            assert_eq!(action.index(), i, "{action} is out of order in Action::ALL");
            let pin = pins.get(action);
            assert_eq!(pin.action(), action);
            assert!(is_full_sha(pin.sha()), "{action} sha");
            assert_eq!(
                pin.sha(),
                pin.sha().to_ascii_lowercase(),
                "{action} sha case"
            );
            let version = pin.version().unwrap_or_else(|| panic!("{action} tag"));
            assert!(version.major() > 0 && !version.is_pre_release(), "{action}");
            assert!(
                version.patch().is_some(),
                "{action}: use the full tag, not {}",
                pin.tag()
            );
            assert_eq!(action.name().split('/').count(), 2, "{action}");
            assert_eq!(Action::from_name(action.name()), Some(action));
            assert_eq!(
                pin.source(),
                Source::BuiltIn {
                    checked: LAST_CHECKED
                }
            );
        }
    }

    #[test]
    fn lookups() {
        let pins = Pins::builtin();
        assert_eq!(
            pins.find("Docker/Login-Action").map(Pin::tag),
            Some("v4.1.0")
        );
        assert_eq!(pins.find("actions/cache/restore").map(Pin::major), Some(5));
        assert_eq!(pins.get(Action::Checkout).major(), 7);
        assert_eq!(pins.find("nobody/nothing"), None);
        assert_eq!(pins.find("actions"), None);
        let checkout = pins.get(Action::Checkout);
        assert_eq!(checkout.reference(false), "actions/checkout@v7");
        assert_eq!(
            checkout.pinned_uses(),
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1"
        );
        assert_eq!(checkout.pinned_uses_at(None), checkout.pinned_uses());
        assert_eq!(checkout.pinned_uses_at(Some("")), checkout.pinned_uses());
        let cache = pins.get(Action::Cache);
        assert_eq!(
            cache.pinned_uses_at(Some("restore")),
            "actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5"
        );
        assert_eq!(
            cache.pinned_uses_at(Some("/save/")),
            "actions/cache/save@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5"
        );
        assert_eq!(
            cache.major_uses_at(Some("restore")),
            "actions/cache/restore@v5"
        );
        assert_eq!(cache.major_uses_at(None), "actions/cache@v5");
    }

    #[test]
    fn live_pins_replace_one_entry_and_are_validated() {
        let mut pins = Pins::builtin();
        assert_eq!(pins.live_since_ms(), None);
        assert_eq!(pins.describe(), "action versions checked on 2026-11-26");
        let sha = "368F82528645A54FB793D4D04E342629A3F51346";
        let live = Pin::live(Action::DeployPages, "v5.0.1", sha, 1_796_083_200_000);
        let live = live.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(live.sha(), sha.to_ascii_lowercase());
        pins.set(live);
        assert_eq!(pins.get(Action::DeployPages).tag(), "v5.0.1");
        assert_eq!(pins.get(Action::Cache).tag(), "v5.0.5");
        assert_eq!(
            pins.describe(),
            "action versions read from GitHub on 2026-12-01, the rest as checked on 2026-11-26"
        );
        assert_eq!(
            pins.get(Action::DeployPages).source().describe(),
            "read from GitHub on 2026-12-01"
        );
        assert!(matches!(
            Pin::live(Action::Cache, "v6.0.0-rc.1", sha, 0),
            Err(PinError::PreRelease(_))
        ));
        assert!(matches!(
            Pin::live(Action::Cache, "latest", sha, 0),
            Err(PinError::NotAVersion(_))
        ));
        assert!(matches!(
            Pin::live(Action::Cache, "v6.0.0", "abc123", 0),
            Err(PinError::NotACommitSha(_))
        ));
    }

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date(0), "1970-01-01");
        assert_eq!(utc_date(951_782_400_000), "2000-02-29");
        assert_eq!(utc_date(1_796_083_199_999), "2026-11-30");
        assert_eq!(utc_date(1_796_083_200_000), "2026-12-01");
        assert_eq!(utc_date(4_107_542_400_000), "2100-03-01");
        let _ = utc_date(u64::MAX);
    }

    #[test]
    fn majors() {
        assert_eq!(major_of("v4"), Some(4));
        assert_eq!(major_of("v4.1.0"), Some(4));
        assert_eq!(major_of("3"), Some(3));
        assert_eq!(major_of("main"), None);
        assert_eq!(major_of("v"), None);
        assert_eq!(major_of("3d3c42e5aac5ba805825da76410c181273ba90b1"), None);
    }
}
