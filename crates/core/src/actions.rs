//! The one table of GitHub Actions the generator uses, pinned by commit SHA.
//!
//! A release bump is a one-line change here: the generator pins these SHAs and
//! the analyzer compares a workflow's majors against them. Values come from
//! the tags in each action's repository (see docs/workflow-choices.md).

/// When the tags and SHAs below were last read from the action repositories.
pub const LAST_CHECKED: &str = "2026-11-26";

/// One action release: its `owner/repo` name, tag and the commit the tag points to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PinnedAction {
    pub name: &'static str,
    pub tag: &'static str,
    pub sha: &'static str,
}

pub const CHECKOUT: PinnedAction = pin(
    "actions/checkout",
    "v7.0.1",
    "3d3c42e5aac5ba805825da76410c181273ba90b1",
);
pub const LOGIN: PinnedAction = pin(
    "docker/login-action",
    "v4.1.0",
    "4907a6ddec9925e35a0a9e82d7399ccc52663121",
);
pub const METADATA: PinnedAction = pin(
    "docker/metadata-action",
    "v6.2.0",
    "dc802804100637a589fabce1cb79ff13a1411302",
);
pub const SETUP_BUILDX: PinnedAction = pin(
    "docker/setup-buildx-action",
    "v4.3.0",
    "37fe631027851001ddb9b187196cc803df7f5f0e",
);
pub const SETUP_QEMU: PinnedAction = pin(
    "docker/setup-qemu-action",
    "v4.2.0",
    "96fe6ef7f33517b61c61be40b68a1882f3264fb8",
);
pub const BUILD_PUSH: PinnedAction = pin(
    "docker/build-push-action",
    "v7.3.0",
    "53b7df96c91f9c12dcc8a07bcb9ccacbed38856a",
);
pub const ATTEST: PinnedAction = pin(
    "actions/attest",
    "v4.2.2",
    "1e69f48acb82d1966a394da916b4c1698aa569d6",
);
pub const ATTEST_BUILD_PROVENANCE: PinnedAction = pin(
    "actions/attest-build-provenance",
    "v4.1.0",
    "a2bbfa25375fe432b6a289bc6b6cd05ecd0c4c32",
);
pub const COSIGN_INSTALLER: PinnedAction = pin(
    "sigstore/cosign-installer",
    "v4.1.2",
    "6f9f17788090df1f26f669e9d70d6ae9567deba6",
);
pub const UPLOAD_PAGES_ARTIFACT: PinnedAction = pin(
    "actions/upload-pages-artifact",
    "v5.0.0",
    "fc324d3547104276b827a68afc52ff2a11cc49c9",
);
pub const DEPLOY_PAGES: PinnedAction = pin(
    "actions/deploy-pages",
    "v5.0.0",
    "cd2ce8fcbc39b97be8ca5fce6e763baed58fa128",
);
pub const CONFIGURE_PAGES: PinnedAction = pin(
    "actions/configure-pages",
    "v5.0.0",
    "983d7736d9b0ae728b81ab479565c72886d7745b",
);
pub const CACHE: PinnedAction = pin(
    "actions/cache",
    "v5.0.5",
    "27d5ce7f107fe9357f9df03efb73ab90386fccae",
);

/// Every known action, newest release of each.
pub const ALL: &[PinnedAction] = &[
    CHECKOUT,
    LOGIN,
    METADATA,
    SETUP_BUILDX,
    SETUP_QEMU,
    BUILD_PUSH,
    ATTEST,
    ATTEST_BUILD_PROVENANCE,
    COSIGN_INSTALLER,
    UPLOAD_PAGES_ARTIFACT,
    DEPLOY_PAGES,
    CONFIGURE_PAGES,
    CACHE,
];

const fn pin(name: &'static str, tag: &'static str, sha: &'static str) -> PinnedAction {
    PinnedAction { name, tag, sha }
}

impl PinnedAction {
    /// The major version number of the tag (`v7.0.1` → 7).
    pub fn major(&self) -> u32 {
        major_of(self.tag).unwrap_or(0)
    }

    /// The major tag, e.g. `v7`.
    pub fn major_tag(&self) -> String {
        format!("v{}", self.major())
    }

    /// The `uses:` value: `name@sha` when pinned, `name@vN` otherwise.
    pub fn reference(&self, pin_sha: bool) -> String {
        if pin_sha {
            format!("{}@{}", self.name, self.sha)
        } else {
            format!("{}@{}", self.name, self.major_tag())
        }
    }
}

/// Find an action by `owner/repo` (GitHub treats these case-insensitively).
/// A sub-path such as `owner/repo/sub` is looked up by its `owner/repo`.
pub fn lookup(name: &str) -> Option<&'static PinnedAction> {
    let repo: String = name.split('/').take(2).collect::<Vec<_>>().join("/");
    ALL.iter().find(|a| a.name.eq_ignore_ascii_case(&repo))
}

/// The newest major version known for an action.
pub fn latest_major(name: &str) -> Option<u32> {
    lookup(name).map(PinnedAction::major)
}

/// The major number of a version ref like `v4`, `v4.1.0` or `4.1`; `None` for branches and SHAs.
pub fn major_of(reference: &str) -> Option<u32> {
    let digits = reference.strip_prefix('v').unwrap_or(reference);
    let major = digits.split('.').next()?;
    if major.is_empty() || major.len() > 6 || !major.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    major.parse().ok()
}

/// True when a ref is a full 40-hex-digit commit SHA.
pub fn is_full_sha(reference: &str) -> bool {
    reference.len() == 40 && reference.chars().all(|c| c.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_well_formed() {
        for a in ALL {
            assert!(is_full_sha(a.sha), "{} sha", a.name);
            assert!(a.major() > 0, "{} tag {}", a.name, a.tag);
            assert_eq!(a.name.split('/').count(), 2, "{}", a.name);
        }
        let mut names: Vec<_> = ALL.iter().map(|a| a.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len(), "duplicate action in table");
    }

    #[test]
    fn lookups() {
        assert_eq!(lookup("Docker/Login-Action").map(|a| a.tag), Some("v4.1.0"));
        assert_eq!(latest_major("actions/checkout"), Some(7));
        assert_eq!(latest_major("docker/build-push-action"), Some(7));
        assert_eq!(lookup("nobody/nothing"), None);
        assert_eq!(CHECKOUT.reference(false), "actions/checkout@v7");
        assert_eq!(
            CHECKOUT.reference(true),
            "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1"
        );
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
