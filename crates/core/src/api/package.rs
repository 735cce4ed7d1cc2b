//! Typed answer of the container package endpoints.

use serde::Deserialize;

/// The repository a package is linked to.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct PackageRepository {
    pub name: String,
    #[serde(default)]
    pub full_name: Option<String>,
}

/// `GET /orgs/{org}/packages/container/{name}` and the user equivalents.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Package {
    pub name: String,
    /// `public`, `private` or `internal`.
    pub visibility: String,
    /// Absent when the package is linked to no repository.
    #[serde(default)]
    pub repository: Option<PackageRepository>,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub version_count: Option<u64>,
}

impl Package {
    /// Whether anyone may pull it without signing in.
    pub fn is_public(&self) -> bool {
        self.visibility.eq_ignore_ascii_case("public")
    }

    /// Whether it is linked to `owner/name` (case-insensitive).
    pub fn linked_to(&self, full_name: &str) -> bool {
        self.repository.as_ref().is_some_and(|r| {
            r.full_name
                .as_deref()
                .is_some_and(|f| f.eq_ignore_ascii_case(full_name))
        })
    }
}
