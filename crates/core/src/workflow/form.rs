//! The raw, form-friendly layer over [`WorkflowOptions`](super::WorkflowOptions).
//!
//! One list of [`FieldSpec`]s describes every option; the web form, the
//! shareable URL query and the CLI flags are all built from it. A
//! [`RawOptions`] holds what was typed (as strings) and validates into typed
//! options, reporting every bad field at once.

use super::WorkflowOptions;
use crate::names::{
    BranchPattern, ImageName, NameError, Platform, RepoPath, RepoSlug, RunnerLabel, SecretName,
};
use crate::url;
use std::collections::BTreeMap;

pub(super) const DEFAULT_DOCKERFILE: &str = "./Dockerfile";
pub(super) const DEFAULT_CONTEXT: &str = ".";
pub(super) const DEFAULT_BRANCH: &str = "main";
pub(super) const DEFAULT_TAGS: &str = "v*.*.*";

/// Groups of fields, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Repository,
    Triggers,
    Build,
    Runner,
    Security,
}

impl Section {
    /// Heading shown above the section's fields.
    pub fn label(self) -> &'static str {
        match self {
            Section::Repository => "Repository and image",
            Section::Triggers => "When it runs",
            Section::Build => "Build",
            Section::Runner => "Runner",
            Section::Security => "Security",
        }
    }
}

/// How a field is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Free text; multi-valued fields take comma-separated values.
    Text { placeholder: &'static str },
    /// `"true"` or `"false"`.
    Toggle,
    /// One of `(value, label)`.
    Choice(&'static [(&'static str, &'static str)]),
}

/// One option of the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldSpec {
    /// Short, URL-friendly key, also the CLI flag name.
    pub key: &'static str,
    pub label: &'static str,
    /// One line: why this option exists.
    pub help: &'static str,
    pub section: Section,
    pub kind: FieldKind,
    /// The raw value when nothing was typed.
    pub default: &'static str,
}

const fn text(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    section: Section,
    placeholder: &'static str,
    default: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        section,
        kind: FieldKind::Text { placeholder },
        default,
    }
}

const fn toggle(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    section: Section,
    on: bool,
) -> FieldSpec {
    let default = if on { "true" } else { "false" };
    FieldSpec {
        key,
        label,
        help,
        section,
        kind: FieldKind::Toggle,
        default,
    }
}

/// A choice among `(value, label)` pairs, `default` being one of the values.
const fn choice(
    key: &'static str,
    label: &'static str,
    help: &'static str,
    section: Section,
    choices: &'static [(&'static str, &'static str)],
    default: &'static str,
) -> FieldSpec {
    FieldSpec {
        key,
        label,
        help,
        section,
        kind: FieldKind::Choice(choices),
        default,
    }
}

/// Who owns the repository, for what an attestation may record.
pub const OWNER_KINDS: &[(&str, &str)] = &[
    ("organization", "An organization"),
    ("user", "A personal account"),
];

static FIELDS: &[FieldSpec] = &[
    text("repo", "Repository", "The GitHub repository (owner/name or its URL) whose workflow this is.", Section::Repository, "octocat/hello-world", ""),
    text("image", "Image name", "Where the image is published; empty means ghcr.io/<owner>/<name> in lower case, which ghcr.io requires.", Section::Repository, "ghcr.io/octocat/hello-world", ""),
    text("dockerfile", "Dockerfile", "Path of the Dockerfile, relative to the repository root.", Section::Build, DEFAULT_DOCKERFILE, DEFAULT_DOCKERFILE),
    text("context", "Build context", "Directory sent to the build; COPY paths in the Dockerfile are relative to it.", Section::Build, DEFAULT_CONTEXT, DEFAULT_CONTEXT),
    text("branch", "Default branch", "Pushes to this branch publish the image; pull requests against it are built.", Section::Triggers, DEFAULT_BRANCH, DEFAULT_BRANCH),
    text("tags", "Release tag pattern", "Pushing a git tag that matches publishes a versioned image.", Section::Triggers, DEFAULT_TAGS, DEFAULT_TAGS),
    toggle("pr", "Build pull requests", "Catches a broken Dockerfile before merge; pull requests never log in or push.", Section::Triggers, true),
    toggle("dispatch", "Manual runs", "Adds a Run workflow button in the Actions tab.", Section::Triggers, true),
    text("platforms", "Platforms", "Comma-separated CPU platforms; anything beyond linux/amd64 adds QEMU emulation.", Section::Build, "linux/amd64,linux/arm64", "linux/amd64"),
    text("runner", "Runner labels", "Comma-separated runs-on labels; use self-hosted plus your labels for your own machines.", Section::Runner, "self-hosted,linux,x64", "ubuntu-latest"),
    text("fallback", "Fallback token secret", "Secret holding a token with write:packages, used instead of GITHUB_TOKEN when set (e.g. on self-hosted runners).", Section::Runner, "LOCAL_RUNNER_FALLBACK_TOKEN", ""),
    toggle("cache", "Layer cache", "Reuses unchanged layers from earlier runs through the GitHub Actions cache.", Section::Build, true),
    toggle("cache_tags", "Cache release builds", "Release (tag) builds normally skip the cache so a poisoned cache cannot reach a release.", Section::Security, false),
    toggle("attest", "Provenance attestation", "Signs a record of how the image was built; needs a public repository or GitHub Enterprise Cloud.", Section::Security, false),
    choice("owner", "Repository owner", "With an attestation, an organization's repository also records where the image is stored (artifact-metadata: write); GitHub keeps such records only for organization-owned repositories.", Section::Security, OWNER_KINDS, "organization"),
    toggle("pin", "Pin actions by SHA", "A commit SHA is the only reference a tag move cannot change.", Section::Security, true),
    toggle("concurrency", "One run per ref", "Stops two runs for the same branch or tag from racing to push.", Section::Triggers, true),
];

/// Every option, in display order.
pub fn fields() -> &'static [FieldSpec] {
    FIELDS
}

fn spec(key: &str) -> Option<&'static FieldSpec> {
    FIELDS.iter().find(|f| f.key == key)
}

/// A field that did not validate, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub key: &'static str,
    pub message: String,
}

/// A query parameter that was ignored, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryNote {
    pub param: String,
    pub reason: String,
}

/// The options as typed: one string per field key.
///
/// Only values that differ from the field's default are stored, so two
/// `RawOptions` that mean the same thing compare equal.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct RawOptions {
    values: BTreeMap<&'static str, String>,
}

impl RawOptions {
    /// Every field at its default. Toggles are `"true"`/`"false"`; an empty image means "derive from repo".
    pub fn defaults() -> Self {
        RawOptions::default()
    }

    /// The current raw value of a field (its default when unset; empty for unknown keys).
    pub fn get(&self, key: &str) -> &str {
        match spec(key) {
            Some(f) => self.values.get(f.key).map_or(f.default, String::as_str),
            None => "",
        }
    }

    /// Set a field's raw value. Unknown keys are ignored.
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        let Some(f) = spec(key) else { return };
        let value = value.into();
        if value == f.default {
            self.values.remove(f.key);
        } else {
            self.values.insert(f.key, value);
        }
    }

    /// Validate every field; on failure return all the errors, in field order.
    pub fn validate(&self) -> Result<WorkflowOptions, Vec<FieldError>> {
        let mut v = Validator {
            raw: self,
            errors: Vec::new(),
        };
        let repo = v.field("repo", RepoSlug::parse);
        let image = v.image(repo.as_ref());
        let dockerfile = v.field("dockerfile", RepoPath::parse);
        let context = v.field("context", RepoPath::parse);
        let default_branch = v.field("branch", parse_branch_name);
        let tag_pattern = v.field("tags", BranchPattern::parse);
        let pr_build_only = v.toggle("pr");
        let workflow_dispatch = v.toggle("dispatch");
        let platforms = v.list("platforms", Platform::parse);
        let runner = v.list("runner", RunnerLabel::parse);
        let fallback_secret = v.optional("fallback", SecretName::parse);
        let cache = v.toggle("cache");
        let cache_tags = v.toggle("cache_tags");
        let attest = v.toggle("attest");
        let owner_is_org = v.choice("owner", OWNER_KINDS) == "organization";
        let pin_sha = v.toggle("pin");
        let concurrency = v.toggle("concurrency");
        if !v.errors.is_empty() {
            let position = |key: &str| FIELDS.iter().position(|f| f.key == key);
            v.errors.sort_by_key(|e| position(e.key));
            return Err(v.errors);
        }
        match (
            repo,
            image,
            dockerfile,
            context,
            default_branch,
            tag_pattern,
            platforms,
            runner,
            fallback_secret,
        ) {
            (
                Some(repo),
                Some(image),
                Some(dockerfile),
                Some(context),
                Some(default_branch),
                Some(tag_pattern),
                Some(platforms),
                Some(runner),
                Some(fallback_secret),
            ) => Ok(WorkflowOptions {
                repo,
                image,
                dockerfile,
                context,
                default_branch,
                tag_pattern,
                pr_build_only,
                workflow_dispatch,
                platforms,
                runner,
                fallback_secret,
                cache,
                no_cache_on_tags: !cache_tags,
                attest,
                owner_is_org,
                pin_sha,
                concurrency,
            }),
            _ => Err(vec![FieldError {
                key: "repo",
                message: "Internal error: a field failed without a message.".into(),
            }]),
        }
    }

    /// The non-default values as a percent-encoded query, in field order: `repo=o%2Fr&attest=true`.
    pub fn to_query(&self) -> String {
        FIELDS
            .iter()
            .filter_map(|f| self.values.get(f.key).map(|v| url::query_pair(f.key, v)))
            .collect::<Vec<_>>()
            .join("&")
    }

    /// Read a query (with or without a leading `?`). Unknown parameters and
    /// toggle values other than true/false (also 1/0, on/off, yes/no) are ignored with a note.
    pub fn from_query(query: &str) -> (RawOptions, Vec<QueryNote>) {
        let mut raw = RawOptions::default();
        let mut notes = Vec::new();
        for (key, value) in url::query_pairs(query) {
            let Some(f) = spec(&key) else {
                notes.push(QueryNote {
                    param: key,
                    reason: "not an option of the generator; ignored".into(),
                });
                continue;
            };
            match f.kind {
                FieldKind::Toggle => match parse_toggle(&value) {
                    Some(on) => raw.set(f.key, if on { "true" } else { "false" }),
                    None => notes.push(QueryNote {
                        param: key,
                        reason: format!(
                            "`{}` is not true or false; the default `{}` is used",
                            shorten(&value),
                            f.default
                        ),
                    }),
                },
                _ => raw.set(f.key, value),
            }
        }
        (raw, notes)
    }
}

/// Collects field errors while validating.
struct Validator<'a> {
    raw: &'a RawOptions,
    errors: Vec<FieldError>,
}

impl Validator<'_> {
    fn error(&mut self, key: &'static str, e: NameError) {
        self.errors.push(FieldError {
            key,
            message: e.to_string(),
        });
    }

    fn field<T>(
        &mut self,
        key: &'static str,
        parse: impl Fn(&str) -> Result<T, NameError>,
    ) -> Option<T> {
        parse(self.raw.get(key))
            .map_err(|e| self.error(key, e))
            .ok()
    }

    fn image(&mut self, repo: Option<&RepoSlug>) -> Option<ImageName> {
        let typed = self.raw.get("image");
        if !typed.trim().is_empty() {
            return self.field("image", ImageName::parse);
        }
        let derived = ImageName::for_repo(repo?);
        derived.map_err(|e| self.error("image", e)).ok()
    }

    /// The value of a choice field, one of `choices`; an error (and the
    /// first choice) otherwise.
    fn choice(&mut self, key: &'static str, choices: &[(&'static str, &str)]) -> &'static str {
        let value = self.raw.get(key).trim().to_string();
        match choices.iter().find(|(v, _)| *v == value) {
            Some((v, _)) => v,
            None => {
                let listed: Vec<String> = choices.iter().map(|(v, _)| format!("`{v}`")).collect();
                let message = format!(
                    "`{}` is not one of {}.",
                    shorten(&value),
                    listed.join(" or ")
                );
                self.errors.push(FieldError { key, message });
                choices.first().map_or("", |(v, _)| v)
            }
        }
    }

    fn toggle(&mut self, key: &'static str) -> bool {
        let value = self.raw.get(key);
        parse_toggle(value).unwrap_or_else(|| {
            let message = format!(
                "`{}` is not a yes/no value: use `true` or `false`.",
                shorten(value)
            );
            self.errors.push(FieldError { key, message });
            false
        })
    }

    fn optional<T>(
        &mut self,
        key: &'static str,
        parse: impl Fn(&str) -> Result<T, NameError>,
    ) -> Option<Option<T>> {
        if self.raw.get(key).trim().is_empty() {
            return Some(None);
        }
        self.field(key, parse).map(Some)
    }

    fn list<T: PartialEq>(
        &mut self,
        key: &'static str,
        parse: impl Fn(&str) -> Result<T, NameError>,
    ) -> Option<Vec<T>> {
        let mut items = Vec::new();
        for part in self
            .raw
            .get(key)
            .split(',')
            .filter(|p| !p.trim().is_empty())
        {
            match parse(part) {
                Ok(item) if !items.contains(&item) => items.push(item),
                Ok(_) => {}
                Err(e) => {
                    self.error(key, e);
                    return None;
                }
            }
        }
        if items.is_empty() {
            let example = spec(key).map_or("", |f| f.default);
            self.error(
                key,
                NameError::new(format!("Enter at least one value, e.g. `{example}`.")),
            );
            return None;
        }
        Some(items)
    }
}

/// The default branch must name one branch: GitHub's "new file" link needs it.
fn parse_branch_name(s: &str) -> Result<BranchPattern, NameError> {
    let branch = BranchPattern::parse(s)?;
    if branch.is_glob() {
        return Err(NameError::new(format!(
            "`{branch}` is a pattern: the default branch must be one branch name, e.g. `main`."
        )));
    }
    Ok(branch)
}

fn parse_toggle(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "on" | "yes" => Some(true),
        "false" | "0" | "off" | "no" => Some(false),
        _ => None,
    }
}

fn shorten(s: &str) -> String {
    s.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_url_friendly() {
        let keys: Vec<&str> = fields().iter().map(|f| f.key).collect();
        assert_eq!(
            keys,
            [
                "repo",
                "image",
                "dockerfile",
                "context",
                "branch",
                "tags",
                "pr",
                "dispatch",
                "platforms",
                "runner",
                "fallback",
                "cache",
                "cache_tags",
                "attest",
                "owner",
                "pin",
                "concurrency"
            ]
        );
        for f in fields() {
            assert_eq!(url::encode_query_value(f.key), f.key);
            assert!(!f.help.is_empty() && !f.help.contains('\n'), "{}", f.key);
        }
    }

    #[test]
    fn defaults_validate_once_repo_is_set() {
        let mut raw = RawOptions::defaults();
        let errors = raw.validate().unwrap_err();
        assert_eq!(errors.iter().map(|e| e.key).collect::<Vec<_>>(), ["repo"]);
        raw.set("repo", "Kulzer-Dental/kdc-experimental-image");
        let opts = raw.validate().unwrap();
        assert_eq!(
            opts.image.as_str(),
            "ghcr.io/kulzer-dental/kdc-experimental-image"
        );
        assert!(
            opts.pr_build_only && opts.workflow_dispatch && opts.cache && opts.no_cache_on_tags
        );
        assert!(opts.pin_sha && opts.concurrency && !opts.attest);
        assert_eq!(opts.fallback_secret, None);
    }

    #[test]
    fn validate_reports_every_error() {
        let mut raw = RawOptions::defaults();
        raw.set("repo", "a/b/c");
        raw.set("image", "ghcr.io/A/B");
        raw.set("branch", "release/*");
        raw.set("platforms", "linux");
        raw.set("runner", " , ");
        raw.set("fallback", "GITHUB_X");
        raw.set("attest", "maybe");
        let keys: Vec<&str> = raw.validate().unwrap_err().iter().map(|e| e.key).collect();
        assert_eq!(
            keys,
            [
                "repo",
                "image",
                "branch",
                "platforms",
                "runner",
                "fallback",
                "attest"
            ]
        );
    }

    #[test]
    fn lists_split_on_commas() {
        let mut raw = RawOptions::defaults();
        raw.set("repo", "o/r");
        raw.set("platforms", "linux/amd64, linux/arm64,,linux/amd64");
        raw.set("runner", "self-hosted,linux");
        let opts = raw.validate().unwrap();
        assert_eq!(opts.platforms.len(), 2);
        assert_eq!(
            opts.runner.iter().map(|r| r.as_str()).collect::<Vec<_>>(),
            ["self-hosted", "linux"]
        );
    }

    #[test]
    fn query_keeps_only_changes_and_notes_junk() {
        let mut raw = RawOptions::defaults();
        raw.set("repo", "o/r");
        raw.set("attest", "true");
        raw.set("pin", "true");
        assert_eq!(raw.to_query(), "repo=o%2Fr&attest=true");
        let (back, notes) = RawOptions::from_query("?repo=o%2Fr&attest=true&foo=1&pin=maybe");
        assert_eq!(back, raw);
        assert_eq!(
            notes.iter().map(|n| n.param.as_str()).collect::<Vec<_>>(),
            ["foo", "pin"]
        );
        let (plus, _) = RawOptions::from_query("image=a+b%zz");
        assert_eq!(plus.get("image"), "a b%zz");
    }

    #[test]
    fn the_owner_is_one_of_its_choices() {
        let mut raw = RawOptions::defaults();
        raw.set("repo", "o/r");
        assert!(
            raw.validate().unwrap().owner_is_org,
            "an organization by default"
        );
        raw.set("owner", "user");
        assert!(!raw.validate().unwrap().owner_is_org);
        raw.set("owner", "team");
        let errors = raw.validate().unwrap_err();
        assert_eq!(errors[0].key, "owner");
        assert_eq!(
            errors[0].message,
            "`team` is not one of `organization` or `user`."
        );
    }
}
