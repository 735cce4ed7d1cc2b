//! Fixture tests for each analyzer rule, the generator's samples, and hostile input.

use ghcr_setup_core::analyze::{
    analyze, summarize, AnalyzeError, Finding, Severity, MAX_INPUT_BYTES, RULES,
};
use ghcr_setup_core::workflow::{generate, sample_matrix};
use proptest::prelude::*;

const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
const BUILDX: &str = "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0";
const LOGIN: &str = "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0";
const BUILD: &str = "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0";

/// A clean workflow; each test changes one thing with `.replace`.
fn good() -> String {
    format!(
        "name: ok
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - uses: {BUILDX}
      - if: github.event_name != 'pull_request'
        uses: {LOGIN}
        with:
          registry: ghcr.io
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}
      - uses: {BUILD}
        with:
          tags: ghcr.io/o/r:latest
          push: ${{{{ github.event_name != 'pull_request' }}}}
          cache-from: type=gha
          cache-to: ${{{{ github.event_name != 'pull_request' && 'type=gha,mode=max' || '' }}}}
"
    )
}

fn findings(yaml: &str) -> Vec<Finding> {
    analyze(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

/// The findings of one rule as (line, severity).
fn of_rule(yaml: &str, rule: &str) -> Vec<(usize, Severity)> {
    findings(yaml)
        .into_iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.line, f.severity))
        .collect()
}

#[test]
fn the_clean_fixture_is_clean() {
    assert_eq!(findings(&good()), vec![]);
}

#[test]
fn every_rule_has_a_fixture_below() {
    let ids: Vec<&str> = RULES.iter().map(|r| r.id()).collect();
    assert_eq!(
        ids,
        [
            "invalid-uses",
            "login-registry",
            "login-password",
            "packages-write",
            "top-level-permissions",
            "outdated-action",
            "unpinned-action",
            "image-name",
            "push-on-pull-request",
            "pr-writes-cache",
            "pull-request-target-publishes",
            "checkout-pull-request-head",
            "gha-cache-without-buildx"
        ]
    );
}

#[test]
fn invalid_uses() {
    assert_eq!(of_rule(&good(), "invalid-uses"), []);
    for bad in [
        "\"*/*@v4\"",
        "\"mallory/*@v4\"",
        "docker/login-action",
        "docker/login-action@",
        "\"!docker/login-action@v4\"",
        "\"docker/login-action@v4, mallory/x@v1\"",
        "-bad/x@v1",
        "o/r/../../x@v1",
        "${{ matrix.action }}",
    ] {
        let yaml = good().replace(&format!("uses: {BUILDX}"), &format!("uses: {bad}"));
        assert_eq!(
            of_rule(&yaml, "invalid-uses"),
            [(18, Severity::Error)],
            "{bad}"
        );
        let summary = summarize(&yaml).unwrap();
        assert_eq!(summary.bad_uses.len(), 1, "{bad}");
        assert!(
            summary
                .actions
                .iter()
                .all(|a| !a.uses.to_string().contains('*')),
            "{bad}"
        );
    }
    for fine in [
        "./local/action",
        "docker://alpine:3",
        "org/repo/.github/workflows/f.yml@main",
    ] {
        let yaml = good().replace(&format!("uses: {BUILDX}"), &format!("uses: {fine}"));
        assert_eq!(of_rule(&yaml, "invalid-uses"), [], "{fine}");
    }
}

#[test]
fn login_registry() {
    let hub = good().replace("          registry: ghcr.io\n", "");
    assert_eq!(of_rule(&hub, "login-registry"), [(20, Severity::Error)]);
    let other = good().replace("registry: ghcr.io", "registry: docker.io");
    assert_eq!(of_rule(&other, "login-registry"), [(22, Severity::Error)]);
    let slash = good().replace("registry: ghcr.io", "registry: ghcr.io/");
    assert_eq!(of_rule(&slash, "login-registry"), [(22, Severity::Warning)]);
    let via_env = good()
        .replace("registry: ghcr.io", "registry: ${{ env.REGISTRY }}")
        .replace("name: ok\n", "name: ok\nenv:\n  REGISTRY: ghcr.io\n");
    assert_eq!(of_rule(&via_env, "login-registry"), []);
}

#[test]
fn login_password() {
    let fallback = good().replace(
        "secrets.GITHUB_TOKEN }}",
        "secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN }}",
    );
    assert_eq!(of_rule(&fallback, "login-password"), []);
    let pat = good().replace("secrets.GITHUB_TOKEN }}", "secrets.CR_PAT }}");
    assert_eq!(of_rule(&pat, "login-password"), [(24, Severity::Warning)]);
    let literal = good().replace("${{ secrets.GITHUB_TOKEN }}", "ghp_abcdef");
    assert_eq!(of_rule(&literal, "login-password"), [(24, Severity::Error)]);
}

#[test]
fn packages_write() {
    let missing = good().replace("      packages: write\n", "");
    assert_eq!(of_rule(&missing, "packages-write"), [(11, Severity::Error)]);
    let none = good()
        .replace(
            "    permissions:\n      contents: read\n      packages: write\n",
            "",
        )
        .replace("permissions:\n  contents: read\n", "");
    assert_eq!(of_rule(&none, "packages-write"), [(7, Severity::Warning)]);
}

#[test]
fn packages_write_is_only_for_the_workflows_own_token_on_ghcr() {
    let missing = good().replace("      packages: write\n", "");
    let docker_hub = missing
        .replace("registry: ghcr.io", "registry: docker.io")
        .replace("tags: ghcr.io/o/r:latest", "tags: docker.io/o/r:latest");
    assert_eq!(of_rule(&docker_hub, "packages-write"), []);
    let pat = missing.replace("secrets.GITHUB_TOKEN }}", "secrets.CR_PAT }}");
    assert_eq!(of_rule(&pat, "packages-write"), []);
    let fallback = missing.replace(
        "secrets.GITHUB_TOKEN }}",
        "secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN }}",
    );
    assert_eq!(
        of_rule(&fallback, "packages-write"),
        [(11, Severity::Error)]
    );
}

#[test]
fn top_level_permissions() {
    let missing = good().replace("permissions:\n  contents: read\njobs:", "jobs:");
    assert_eq!(
        of_rule(&missing, "top-level-permissions"),
        [(6, Severity::Warning)]
    );
    let write_all = good().replace(
        "permissions:\n  contents: read\njobs:",
        "permissions: write-all\njobs:",
    );
    assert_eq!(
        of_rule(&write_all, "top-level-permissions"),
        [(6, Severity::Warning)]
    );
}

#[test]
fn outdated_action_reads_tags_and_sha_comments() {
    let old_tag = good().replace(LOGIN, "docker/login-action@v2");
    assert_eq!(
        of_rule(&old_tag, "outdated-action"),
        [(20, Severity::Warning)]
    );
    let old_sha = good().replace("# v4.1.0", "# v3.0.0");
    assert_eq!(
        of_rule(&old_sha, "outdated-action"),
        [(20, Severity::Warning)]
    );
    assert_eq!(
        of_rule(&old_tag, "unpinned-action"),
        [],
        "one finding per line"
    );
    let f = findings(&old_tag)
        .into_iter()
        .find(|f| f.rule == "outdated-action")
        .unwrap();
    assert!(
        f.fix
            .contains("4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0"),
        "{}",
        f.fix
    );
}

#[test]
fn unpinned_action() {
    let tag = good().replace(CHECKOUT, "actions/checkout@v7");
    assert_eq!(of_rule(&tag, "unpinned-action"), [(15, Severity::Warning)]);
    let deliberate = good().replace(
        CHECKOUT,
        "actions/checkout@v7 # zizmor: ignore[unpinned-uses]",
    );
    assert_eq!(
        of_rule(&deliberate, "unpinned-action"),
        [(15, Severity::Info)]
    );
}

#[test]
fn image_name() {
    let upper = good().replace("tags: ghcr.io/o/r:latest", "tags: ghcr.io/O/r:Latest");
    let f: Vec<Finding> = findings(&upper)
        .into_iter()
        .filter(|f| f.rule == "image-name")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!((f[0].line, f[0].severity), (27, Severity::Error));
    assert!(f[0].fix.contains("ghcr.io/o/r"), "{}", f[0].fix);
    let repo = good().replace(
        "tags: ghcr.io/o/r:latest",
        "tags: ghcr.io/${{ github.repository }}:latest",
    );
    assert_eq!(of_rule(&repo, "image-name"), [(27, Severity::Warning)]);
    let env = "name: ok\nenv:\n  IMAGE_NAME: ${{ github.repository }}\n";
    let unused = good().replace("name: ok\n", env);
    assert_eq!(of_rule(&unused, "image-name"), []);
    let to_tags = unused.replace(
        "tags: ghcr.io/o/r:latest",
        "tags: ghcr.io/${{ env.IMAGE_NAME }}:latest",
    );
    assert_eq!(of_rule(&to_tags, "image-name"), [(29, Severity::Warning)]);
}

#[test]
fn push_on_pull_request() {
    let always = good().replace(
        "push: ${{ github.event_name != 'pull_request' }}",
        "push: true",
    );
    assert_eq!(
        of_rule(&always, "push-on-pull-request"),
        [(28, Severity::Error)]
    );
    let no_pr = always.replace("  pull_request:\n", "");
    assert_eq!(of_rule(&no_pr, "push-on-pull-request"), []);
}

#[test]
fn pr_writes_cache() {
    let always = good().replace(
        "cache-to: ${{ github.event_name != 'pull_request' && 'type=gha,mode=max' || '' }}",
        "cache-to: type=gha,mode=max",
    );
    let line = always
        .lines()
        .position(|l| l.contains("cache-to:"))
        .unwrap()
        + 1;
    assert_eq!(
        of_rule(&always, "pr-writes-cache"),
        [(line, Severity::Warning)]
    );
    // Without pull-request triggers, or with a step condition on the event, it is fine.
    let no_pr = always.replace("  pull_request:\n", "");
    assert_eq!(of_rule(&no_pr, "pr-writes-cache"), []);
    let registry_cache = always.replace("type=gha,mode=max", "type=registry,ref=ghcr.io/o/r:cache");
    assert_eq!(of_rule(&registry_cache, "pr-writes-cache"), []);
}

#[test]
fn gha_cache_without_buildx() {
    let no_buildx = good().replace(&format!("      - uses: {BUILDX}\n"), "");
    assert_eq!(
        of_rule(&no_buildx, "gha-cache-without-buildx"),
        [(28, Severity::Error)]
    );
}

/// The seed guide's workflow steps: old majors, `ghcr.io/`, push on every event.
#[test]
fn seed_workflow_is_flagged() {
    let seed = "on: [push, pull_request]
jobs:
  build:
    runs-on: self-hosted
    steps:
      - name: Log in to container registry
        uses: docker/login-action@v2
        with:
          registry: ghcr.io/
          username: ${{ github.actor }}
          password: ${{ secrets.GITHUB_TOKEN }}
      - name: Build and push container image to registry
        uses: docker/build-push-action@v3
        with:
          context: .
          push: true
          tags: ${{ steps.meta.outputs.tags }}
          file: ./Dockerfile
";
    let rules: Vec<&str> = findings(seed).iter().map(|f| f.rule).collect();
    for expected in [
        "login-registry",
        "outdated-action",
        "push-on-pull-request",
        "top-level-permissions",
        "packages-write",
    ] {
        assert!(
            rules.contains(&expected),
            "{expected} missing from {rules:?}"
        );
    }
    assert!(
        !rules.contains(&"unpinned-action"),
        "the outdated actions' fix already pins them: {rules:?}"
    );
}

#[test]
fn generated_samples_have_no_errors_or_warnings() {
    for (name, opts) in sample_matrix() {
        let found = findings(&generate(&opts));
        let bad: Vec<&Finding> = found
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?}");
        let unpinned = found.iter().filter(|f| f.rule == "unpinned-action").count();
        assert_eq!(unpinned > 0, !opts.pin_sha, "{name}");
    }
}

#[test]
fn hostile_inputs_are_clear_errors() {
    let huge = "a: b\n".repeat(MAX_INPUT_BYTES / 5 + 1);
    assert!(matches!(analyze(&huge), Err(AnalyzeError::TooLarge { .. })));
    let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
    assert!(analyze(&deep).is_err());
    let deep_block: String = (0..200)
        .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
        .collect();
    assert!(matches!(
        analyze(&deep_block),
        Err(AnalyzeError::TooDeep { .. })
    ));
    let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\njobs: *e\n";
    assert!(analyze(bomb).is_ok());
    for garbage in [
        "",
        "   ",
        "- a\n- b\n",
        "just text",
        "{",
        "a: [",
        "\u{0}",
        "on: push\n",
        "jobs: 3\n",
        "jobs:\n  x: [1]\n",
    ] {
        let _ = analyze(garbage);
    }
    assert!(matches!(
        analyze("- a\n"),
        Err(AnalyzeError::NotAWorkflow(_))
    ));
    let err = analyze("a: [").unwrap_err();
    assert!(
        err.to_string().starts_with("This is not valid YAML: line "),
        "{err}"
    );
}

/// A value for a slot of [`shaped`]: a meaningful one or arbitrary text, quoted.
fn slot() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("${{ github.repository }}".to_string()),
        Just("${{ env.IMAGE }}".to_string()),
        Just("ghcr.io/${{ env.IMAGE }}:1,ghcr.io/O/r".to_string()),
        Just("name=ghcr.io/a/b,enable=true\n${{ matrix.x }}".to_string()),
        Just("${{ secrets.A || secrets.GITHUB_TOKEN }}".to_string()),
        Just("docker push ghcr.io/$IMAGE \\\n && docker login $R -u x".to_string()),
        Just("echo ${IMAGE,,} ${{ env.IMAGE ".to_string()),
        Just("../x/./y".to_string()),
        Just("true".to_string()),
        Just("read-all".to_string()),
        any::<String>(),
        "[ -~]{0,24}",
    ]
    .prop_map(|v| ghcr_setup_core::workflow::yaml::quote(&v))
}

/// A workflow of the usual shape with every value drawn from [`slot`].
fn shaped() -> impl Strategy<Value = String> {
    proptest::collection::vec(slot(), 14).prop_map(|v| {
        format!(
            "on: {}\npermissions: {}\nenv:\n  IMAGE: {}\njobs:\n  j:\n    runs-on: {}\n    permissions:\n      packages: {}\n    if: {}\n    steps:\n      - uses: docker/login-action@v4\n        with:\n          registry: {}\n          password: {}\n      - uses: docker/build-push-action@{}\n        with:\n          tags: {}\n          push: {}\n          context: {}\n          file: {}\n      - run: {}\n  k:\n    uses: {}\n",
            v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], v[10], v[11], v[12], v[13], v[0]
        )
    })
}

fn yamlish() -> impl Strategy<Value = String> {
    let token = prop_oneof![
        Just("jobs:".to_string()),
        Just("steps:".to_string()),
        Just("uses: docker/login-action@v2".to_string()),
        Just("with:".to_string()),
        Just("registry: ghcr.io".to_string()),
        Just("push: true".to_string()),
        Just("- ".to_string()),
        Just("&a ".to_string()),
        Just("*a".to_string()),
        Just("permissions:".to_string()),
        Just("on: pull_request".to_string()),
        Just("cache-from: type=gha".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("{".to_string()),
        Just("'".to_string()),
        Just("# v1".to_string()),
        Just("run: |".to_string()),
        Just("docker push ghcr.io/$IMAGE:1 \\".to_string()),
        Just("echo $T | docker login ghcr.io -u".to_string()),
        Just("env:".to_string()),
        Just("IMAGE: ${{ github.repository }}".to_string()),
        Just("tags: ${{ env.IMAGE }}".to_string()),
        Just("images: ghcr.io/O/${{ env.X }},name=a".to_string()),
        Just("uses: docker/build-push-action@v9.1.0".to_string()),
        Just("uses: docker/metadata-action@3d3c42e5aac5ba805825da76410c181273ba90b1".to_string()),
        Just("uses: o/r/.github/workflows/f.yml@main".to_string()),
        Just("set: '*.tags=x'".to_string()),
        Just("runs-on: {group: g, labels: [self-hosted]}".to_string()),
        Just("permissions: write-all".to_string()),
        Just("if: github.event_name != 'pull_request'".to_string()),
        Just("${{".to_string()),
        Just("$".to_string()),
        Just("${X,,}".to_string()),
        "[ -~]{0,8}",
    ];
    let line = (0usize..8, proptest::collection::vec(token, 1..4))
        .prop_map(|(indent, parts)| format!("{}{}", " ".repeat(indent), parts.join(" ")));
    proptest::collection::vec(line, 0..30).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn analyzer_never_panics(input in prop_oneof![any::<String>(), yamlish(), shaped()]) {
        prop_assert_eq!(summarize(&input).is_ok(), analyze(&input).is_ok());
        if let Ok(found) = analyze(&input) {
            let lines = input.lines().count().max(1);
            for f in found {
                prop_assert!(f.line >= 1 && f.line <= lines + 1, "line {} of {}", f.line, lines);
                prop_assert!(!f.fix.is_empty() && !f.message.is_empty());
            }
        }
    }
}

#[test]
fn pull_request_target_publishes() {
    assert_eq!(of_rule(&good(), "pull-request-target-publishes"), []);
    // Line 6 is the trigger, whatever guards the login and the push.
    let target = good().replace(
        "  pull_request:\n",
        "  pull_request:\n  pull_request_target:\n",
    );
    assert_eq!(
        of_rule(&target, "pull-request-target-publishes"),
        [(6, Severity::Error)]
    );
    // As a list item and as the only event.
    let listed = good().replace(
        "on:\n  push:\n    branches: [main]\n  pull_request:\n",
        "on: [push, pull_request_target]\n",
    );
    assert_eq!(
        of_rule(&listed, "pull-request-target-publishes"),
        [(2, Severity::Error)]
    );
    let only = good().replace(
        "on:\n  push:\n    branches: [main]\n  pull_request:\n",
        "on: pull_request_target\n",
    );
    assert_eq!(
        of_rule(&only, "pull-request-target-publishes"),
        [(2, Severity::Error)]
    );
    // Building without logging in or pushing is not this rule's business.
    let build_only = format!(
        "on: pull_request_target\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: {CHECKOUT}\n      - run: make test\n"
    );
    assert_eq!(of_rule(&build_only, "pull-request-target-publishes"), []);
}

#[test]
fn checkout_pull_request_head() {
    assert_eq!(of_rule(&good(), "checkout-pull-request-head"), []);
    let head = |yaml: &str, r: &str| {
        yaml.replace(
            "          persist-credentials: false\n",
            &format!("          persist-credentials: false\n          ref: {r}\n"),
        )
    };
    let target = good().replace("  pull_request:\n", "  pull_request_target:\n");
    for r in [
        "${{ github.event.pull_request.head.sha }}",
        "${{ github.event.pull_request.head.ref }}",
        "${{github.head_ref}}",
        "refs/pull/${{ github.event.number }}/merge",
    ] {
        // The `ref:` line (18) of a job run by pull_request_target.
        assert_eq!(
            of_rule(&head(&target, r), "checkout-pull-request-head"),
            [(18, Severity::Error)],
            "{r}"
        );
        // On `pull_request` in a job whose token can write packages.
        assert_eq!(
            of_rule(&head(&good(), r), "checkout-pull-request-head"),
            [(18, Severity::Warning)],
            "{r}"
        );
    }
    // Through an `env:` variable.
    let via_env = head(&target, "${{ env.HEAD }}").replace(
        "permissions:\n  contents: read\njobs:",
        "permissions:\n  contents: read\nenv:\n  HEAD: ${{ github.event.pull_request.head.sha }}\njobs:",
    );
    assert_eq!(
        of_rule(&via_env, "checkout-pull-request-head"),
        [(20, Severity::Error)]
    );
    // A read-only job on `pull_request` may check out the head.
    let read_only = head(&good(), "${{ github.event.pull_request.head.sha }}")
        .replace("      packages: write\n", "");
    assert_eq!(of_rule(&read_only, "checkout-pull-request-head"), []);
    // The base branch, named, is not the pull request's code.
    let base = head(&target, "${{ github.event.pull_request.base.sha }}");
    assert_eq!(of_rule(&base, "checkout-pull-request-head"), []);
}

#[test]
fn a_pull_request_guard_does_not_guard_pull_request_target() {
    // `github.event_name != 'pull_request'` is true on pull_request_target:
    // the build pushes (line 28) and the login runs there.
    let target = good().replace("  pull_request:\n", "  pull_request_target:\n");
    assert_eq!(
        of_rule(&target, "push-on-pull-request"),
        [(28, Severity::Error)]
    );
    assert!(summarize(&target).unwrap().publishes_on_pull_request());
    // Guards naming the trigger, or another event, leave it out.
    for guard in [
        "github.event_name != 'pull_request_target'",
        "github.event_name == 'push'",
    ] {
        let guarded = target.replace("github.event_name != 'pull_request'", guard);
        assert_eq!(of_rule(&guarded, "push-on-pull-request"), [], "{guard}");
        assert!(
            !summarize(&guarded).unwrap().publishes_on_pull_request(),
            "{guard}"
        );
    }
    // On `pull_request` the usual guard still works.
    assert!(!summarize(&good()).unwrap().publishes_on_pull_request());
}
