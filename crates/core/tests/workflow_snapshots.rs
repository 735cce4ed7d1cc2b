//! Snapshots of four representative generated workflows, plus the seed guide's case.
//!
//! Review a changed snapshot by reading the `.snap` file: it is the exact YAML
//! a person would commit.

use ghcr_setup_core::analyze::{analyze, Severity};
use ghcr_setup_core::workflow::{generate, RawOptions, WorkflowOptions};

fn options(sets: &[(&str, &str)]) -> WorkflowOptions {
    let mut raw = RawOptions::defaults();
    raw.set("repo", "octo-org/sample-app");
    for (k, v) in sets {
        raw.set(k, *v);
    }
    raw.validate().expect("fixture options are valid")
}

#[test]
fn minimal() {
    insta::assert_snapshot!("minimal", generate(&options(&[])));
}

#[test]
fn multi_arch() {
    insta::assert_snapshot!(
        "multi_arch",
        generate(&options(&[(
            "platforms",
            "linux/amd64,linux/arm64,linux/arm/v7"
        )]))
    );
}

#[test]
fn self_hosted_with_fallback_token() {
    let opts = options(&[
        ("repo", "Kulzer-Dental/kdc-experimental-image"),
        ("runner", "self-hosted,linux,x64"),
        ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
    ]);
    insta::assert_snapshot!("self_hosted_fallback", generate(&opts));
}

#[test]
fn attested_release_only() {
    let opts = options(&[
        ("attest", "true"),
        ("pr", "false"),
        ("dispatch", "false"),
        ("cache", "false"),
    ]);
    insta::assert_snapshot!("attested_release", generate(&opts));
}

/// A personal repository's attestation: no storage record, so no
/// `artifact-metadata: write`, and the attest action told not to try.
#[test]
fn attested_by_a_personal_account_records_no_storage() {
    let org = generate(&options(&[("attest", "true")]));
    assert!(org.contains("artifact-metadata: write"), "{org}");
    assert!(!org.contains("create-storage-record"), "{org}");
    let user = generate(&options(&[("attest", "true"), ("owner", "user")]));
    assert!(!user.contains("artifact-metadata"), "{user}");
    assert!(user.contains("create-storage-record: false"), "{user}");
    assert!(user.contains("attestations: write") && user.contains("id-token: write"));
    let findings = analyze(&user).expect("it parses");
    assert!(
        findings.iter().all(|f| f.severity != Severity::Error),
        "{findings:#?}"
    );
    insta::assert_snapshot!("attested_personal", user);
}

/// The seed guide's repository: mixed-case owner, self-hosted runner, fallback token.
#[test]
fn seed_case_lower_cases_the_image_and_uses_the_fallback() {
    let mut raw = RawOptions::defaults();
    raw.set("repo", "Kulzer-Dental/kdc-experimental-image");
    raw.set("runner", "self-hosted");
    raw.set("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN");
    let opts = raw.validate().expect("seed options are valid");
    assert_eq!(
        opts.image.as_str(),
        "ghcr.io/kulzer-dental/kdc-experimental-image"
    );
    let yaml = generate(&opts);
    assert!(
        yaml.contains("images: 'ghcr.io/kulzer-dental/kdc-experimental-image'"),
        "{yaml}"
    );
    assert!(yaml.contains("runs-on: 'self-hosted'"), "{yaml}");
    assert!(
        yaml.contains(
            "password: ${{ secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN }}"
        ),
        "{yaml}"
    );
    assert!(
        !yaml.contains("Kulzer-Dental/kdc-experimental-image'"),
        "upper-case name leaked into a value"
    );
    let findings = analyze(&yaml).expect("generated YAML parses");
    assert!(
        findings.iter().all(|f| f.severity == Severity::Info),
        "{findings:?}"
    );
}
