//! A fixed set of option combinations for linting generated workflows.
//!
//! Every combination of the boolean options, plus a few text variants
//! (multi-arch, self-hosted with a fallback token, mixed-case owner, custom
//! paths). CI writes them all out and runs zizmor and actionlint over them.

use super::{RawOptions, WorkflowOptions};

/// The boolean fields, with the word used in sample names.
const TOGGLES: &[(&str, &str)] = &[
    ("pr", "pr"),
    ("dispatch", "dispatch"),
    ("cache", "cache"),
    ("cache_tags", "tagcache"),
    ("attest", "attest"),
    ("pin", "pin"),
    ("concurrency", "concurrency"),
];

/// Named variants that change text fields: (name, [(key, value)]).
const VARIANTS: &[(&str, &[(&str, &str)])] = &[
    ("minimal", &[]),
    (
        "multi-arch",
        &[("platforms", "linux/amd64,linux/arm64,linux/arm/v7")],
    ),
    (
        "self-hosted-fallback",
        &[
            ("repo", "Kulzer-Dental/kdc-experimental-image"),
            ("runner", "self-hosted,linux,x64"),
            ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
        ],
    ),
    (
        "mixed-case-owner",
        &[(
            "repo",
            "https://github.com/Kulzer-Dental/KDC.Experimental_Image.git",
        )],
    ),
    (
        "attested-release",
        &[
            ("attest", "true"),
            ("pr", "false"),
            ("dispatch", "false"),
            ("cache", "false"),
        ],
    ),
    (
        "custom-paths",
        &[
            ("image", "ghcr.io/octo-org/tools/app"),
            ("dockerfile", "docker/app.Dockerfile"),
            ("context", "docker"),
            ("branch", "develop"),
            ("tags", "release-*"),
        ],
    ),
];

const SAMPLE_REPO: &str = "octo-org/sample-app";

/// Every sample, named for use as a file name (`<name>.yml`).
pub fn sample_matrix() -> Vec<(String, WorkflowOptions)> {
    let mut out: Vec<(String, WorkflowOptions)> = VARIANTS
        .iter()
        .filter_map(|(name, sets)| build(sets).map(|o| (name.to_string(), o)))
        .collect();
    for bits in 0..(1u32 << TOGGLES.len()) {
        let mut raw = RawOptions::defaults();
        raw.set("repo", SAMPLE_REPO);
        let mut words = vec!["combo".to_string()];
        for (i, (key, word)) in TOGGLES.iter().enumerate() {
            let on = bits & (1 << i) != 0;
            raw.set(key, if on { "true" } else { "false" });
            words.push(if on {
                word.to_string()
            } else {
                format!("no{word}")
            });
        }
        if let Ok(opts) = raw.validate() {
            out.push((words.join("-"), opts));
        }
    }
    out
}

fn build(sets: &[(&str, &str)]) -> Option<WorkflowOptions> {
    let mut raw = RawOptions::defaults();
    raw.set("repo", SAMPLE_REPO);
    for (key, value) in sets {
        raw.set(key, *value);
    }
    raw.validate().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_validates_and_names_are_unique() {
        let samples = sample_matrix();
        assert_eq!(samples.len(), VARIANTS.len() + 128);
        let mut names: Vec<&str> = samples.iter().map(|(n, _)| n.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), samples.len());
        assert!(names
            .iter()
            .all(|n| n.chars().all(|c| c.is_ascii_lowercase() || c == '-')));
    }

    #[test]
    fn combos_cover_both_values_of_every_toggle() {
        let samples = sample_matrix();
        let attests = samples.iter().filter(|(_, o)| o.attest).count();
        let pins = samples.iter().filter(|(_, o)| !o.pin_sha).count();
        assert_eq!(attests, 64 + 1);
        assert_eq!(pins, 64);
    }
}
