//! `summarize` on the generator's own output: every sample publishes to
//! ghcr.io with `packages: write`, never on pull requests, and says where its
//! Dockerfile is.

use ghcr_setup_core::analyze::{summarize, AnalyzeError, LoginVia, PackagesGrant, PushVia};
use ghcr_setup_core::workflow::{generate, sample_matrix, RawOptions, WorkflowOptions};

fn options(sets: &[(&str, &str)]) -> WorkflowOptions {
    let mut raw = RawOptions::defaults();
    raw.set("repo", "octo-org/sample-app");
    for (k, v) in sets {
        raw.set(k, *v);
    }
    raw.validate().unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn every_generated_sample_reads_back_as_what_was_asked() {
    for (name, opts) in sample_matrix() {
        let s = summarize(&generate(&opts)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(s.publishes_to_ghcr(), "{name}");
        assert!(!s.publishes_on_pull_request(), "{name}");
        assert_eq!(s.runs_on_pull_requests(), opts.pr_build_only, "{name}");
        assert_eq!(s.jobs.len(), 1, "{name}");
        let job = &s.jobs[0];
        assert_eq!(job.packages(), PackagesGrant::Write, "{name}");
        assert_eq!(job.registries(), ["ghcr.io"], "{name}");
        let login = &job.logins[0];
        assert!(
            login.uses_github_token && login.via == LoginVia::Action,
            "{name}"
        );
        let fallback = opts
            .fallback_secret
            .as_ref()
            .map(|s| s.as_str().to_string());
        let expected: Vec<String> = fallback
            .into_iter()
            .chain(["GITHUB_TOKEN".to_string()])
            .collect();
        assert_eq!(login.secrets, expected, "{name}");
        assert_eq!(job.pushes.len(), 1, "{name}");
        assert_eq!(job.pushes[0].via, PushVia::BuildPush);
        assert_eq!(job.pushes[0].conditional, opts.pr_build_only, "{name}");
        let images: Vec<&str> = job.images.iter().map(|i| i.name.as_str()).collect();
        assert_eq!(images, [opts.image.as_str()], "{name}");
        assert!(
            job.images[0].literal && !job.images[0].from_repository,
            "{name}"
        );
        assert!(s.repository_flows.is_empty(), "{name}");
        assert_eq!(
            job.self_hosted(),
            opts.runner.iter().any(|r| r.as_str() == "self-hosted"),
            "{name}"
        );
        assert!(
            s.actions.iter().all(|a| a.pinned_by_sha == opts.pin_sha),
            "{name}"
        );
        assert!(s.actions.iter().all(|a| a.known().is_some()), "{name}");
    }
}

#[test]
fn dockerfile_paths_follow_the_options() {
    let default = summarize(&generate(&options(&[]))).unwrap_or_else(|e| panic!("{e}"));
    let build = &default.jobs[0].builds[0];
    assert_eq!(
        (build.context.as_deref(), build.dockerfile.as_deref()),
        (Some("."), Some("Dockerfile"))
    );
    let custom = options(&[
        ("dockerfile", "docker/app.Dockerfile"),
        ("context", "docker"),
    ]);
    let custom = summarize(&generate(&custom)).unwrap_or_else(|e| panic!("{e}"));
    let build = &custom.jobs[0].builds[0];
    assert_eq!(
        (build.context.as_deref(), build.dockerfile.as_deref()),
        (Some("docker"), Some("docker/app.Dockerfile"))
    );
}

#[test]
fn self_hosted_runner_labels_and_fallback_token() {
    let opts = options(&[
        ("repo", "Kulzer-Dental/kdc-experimental-image"),
        ("runner", "self-hosted,linux,x64"),
        ("fallback", "LOCAL_RUNNER_FALLBACK_TOKEN"),
    ]);
    let s = summarize(&generate(&opts)).unwrap_or_else(|e| panic!("{e}"));
    let job = &s.jobs[0];
    let runs_on = job.runs_on.as_ref().unwrap_or_else(|| panic!("runs-on"));
    let labels: Vec<&str> = runs_on.labels.iter().map(|l| l.text.as_str()).collect();
    assert_eq!(labels, ["self-hosted", "linux", "x64"]);
    assert!(job.self_hosted() && !runs_on.has_expression());
    assert_eq!(
        job.logins[0].secrets,
        ["LOCAL_RUNNER_FALLBACK_TOKEN", "GITHUB_TOKEN"]
    );
    assert_eq!(
        job.images[0].name,
        "ghcr.io/kulzer-dental/kdc-experimental-image"
    );
}

#[test]
fn summarize_has_the_analyzers_limits() {
    assert!(matches!(summarize(""), Err(AnalyzeError::NotAWorkflow(_))));
    assert!(matches!(
        summarize("on: push\n"),
        Err(AnalyzeError::NotAWorkflow(_))
    ));
    let huge = "a: b\n".repeat(ghcr_setup_core::analyze::MAX_INPUT_BYTES / 5 + 1);
    assert!(matches!(
        summarize(&huge),
        Err(AnalyzeError::TooLarge { .. })
    ));
    let odd = summarize(
        "jobs:\n  x: [1]\n  y:\n    runs-on: {labels: 3}\n    permissions: [a]\n    steps: 4\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(odd.jobs.len(), 2);
}
