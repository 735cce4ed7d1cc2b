//! The exact wording of every rule's findings, as inline snapshots: a change
//! to a message or a fix shows up here and is reviewed like code.

use ghcr_setup_core::analyze::{analyze, Finding};

const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
const LOGIN: &str = "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0";
const BUILD: &str = "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0";

/// Every finding of `rule`, one block each: `line severity`, message, fix.
fn render(yaml: &str, rule: &str) -> String {
    let found: Vec<Finding> = analyze(yaml)
        .unwrap_or_else(|e| panic!("{e}\n{yaml}"))
        .into_iter()
        .filter(|f| f.rule == rule)
        .collect();
    found
        .iter()
        .map(|f| format!("{} {}\n{}\nfix: {}", f.line, f.severity, f.message, f.fix))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// A publishing job; `login` and `build` are the `with:` lines of those steps.
fn job(login: &str, build: &str) -> String {
    format!(
        "on: [push, pull_request]\npermissions:\n  contents: read\njobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      packages: write\n    steps:\n      - uses: {CHECKOUT}\n      - uses: {LOGIN}\n        with:\n{login}\n      - uses: {BUILD}\n        with:\n{build}\n"
    )
}

const GOOD_LOGIN: &str = "          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}";
const GOOD_BUILD: &str =
    "          push: ${{ github.event_name != 'pull_request' }}\n          tags: ghcr.io/o/r:1";

#[test]
fn login_registry() {
    let missing = job(
        "          username: x\n          password: ${{ secrets.GITHUB_TOKEN }}",
        GOOD_BUILD,
    );
    insta::assert_snapshot!(render(&missing, "login-registry"), @r"
11 error
This login has no `registry:`, so it logs in to Docker Hub, not ghcr.io.
fix: Set `registry: ghcr.io` in the login step's `with:`.
");
    let slash = job(&GOOD_LOGIN.replace("ghcr.io", "ghcr.io/"), GOOD_BUILD);
    insta::assert_snapshot!(render(&slash, "login-registry"), @r"
13 warning
The registry is written with a scheme or trailing slash; the registry host is just `ghcr.io`.
fix: Set `registry: ghcr.io` in the login step's `with:`.
");
    let other = job(&GOOD_LOGIN.replace("ghcr.io", "quay.io"), GOOD_BUILD);
    insta::assert_snapshot!(render(&other, "login-registry"), @r"
13 error
The login goes to `quay.io`, not ghcr.io, so pushes to ghcr.io will be refused.
fix: Set `registry: ghcr.io` in the login step's `with:`.
");
    let unknown = job(
        &GOOD_LOGIN.replace("ghcr.io", "${{ vars.REGISTRY }}"),
        GOOD_BUILD,
    );
    insta::assert_snapshot!(render(&unknown, "login-registry"), @r"
13 info
The registry comes from `${{ vars.REGISTRY }}`, which the analyzer cannot resolve.
fix: Write `registry: ghcr.io` literally so readers and tools can see where it logs in.
");
}

#[test]
fn login_password() {
    let pat = job(&GOOD_LOGIN.replace("GITHUB_TOKEN", "CR_PAT"), GOOD_BUILD);
    insta::assert_snapshot!(render(&pat, "login-password"), @r"
15 warning
The password `${{ secrets.CR_PAT }}` is a personal token: publishing breaks when its owner leaves, and it can reach more than this repository.
fix: Use `password: ${{ secrets.GITHUB_TOKEN }}` (with `packages: write`), or `${{ secrets.NAME || secrets.GITHUB_TOKEN }}` when self-hosted runners need a fallback token.
");
    let literal = job(
        &GOOD_LOGIN.replace("${{ secrets.GITHUB_TOKEN }}", "hunter2"),
        GOOD_BUILD,
    );
    insta::assert_snapshot!(render(&literal, "login-password"), @r"
15 error
The password is written into the workflow file; anyone who can read the repository can read it.
fix: Use `password: ${{ secrets.GITHUB_TOKEN }}` (with `packages: write`), or `${{ secrets.NAME || secrets.GITHUB_TOKEN }}` when self-hosted runners need a fallback token.
");
}

#[test]
fn packages_write() {
    let read = job(GOOD_LOGIN, GOOD_BUILD).replace("packages: write", "packages: read");
    insta::assert_snapshot!(render(&read, "packages-write"), @r"
7 error
Job `build` pushes images but its token lacks `packages: write`, so ghcr.io will refuse the push.
fix: Add `permissions:` with `contents: read` and `packages: write` to the publishing job.
");
    let undeclared = job(GOOD_LOGIN, GOOD_BUILD)
        .replace("    permissions:\n      packages: write\n", "")
        .replace("permissions:\n  contents: read\n", "");
    insta::assert_snapshot!(render(&undeclared, "packages-write"), @r"
3 warning
Job `build` pushes images but declares no permissions, so it depends on the repository's default token permissions.
fix: Add `permissions:` with `contents: read` and `packages: write` to the publishing job.
");
}

#[test]
fn top_level_permissions() {
    let none = job(GOOD_LOGIN, GOOD_BUILD).replace("permissions:\n  contents: read\n", "");
    insta::assert_snapshot!(render(&none, "top-level-permissions"), @r"
2 warning
There is no top-level `permissions:`, so every job gets the repository's default token permissions, which may be write access.
fix: Add `permissions:` with `contents: read` at the top; give `packages: write` only to the publishing job.
");
    let write_all = job(GOOD_LOGIN, GOOD_BUILD).replace(
        "permissions:\n  contents: read\n",
        "permissions: write-all\n",
    );
    insta::assert_snapshot!(render(&write_all, "top-level-permissions"), @r"
2 warning
`write-all` gives the workflow write access to every scope, far more than publishing needs.
fix: Replace it with `contents: read` (and `packages: write` on the publishing job).
");
}

#[test]
fn outdated_action() {
    let old = job(GOOD_LOGIN, GOOD_BUILD).replace(LOGIN, "docker/login-action@v3");
    insta::assert_snapshot!(render(&old, "outdated-action"), @r"
11 warning
`docker/login-action` is on major version 3; the newest is v4.1.0 (checked 2026-11-26).
fix: Use `uses: docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0`.
");
    let newer = job(GOOD_LOGIN, GOOD_BUILD).replace(CHECKOUT, "actions/checkout@v8.0.0");
    insta::assert_snapshot!(render(&newer, "outdated-action"), @r"
10 info
`actions/checkout` is on major version 8, newer than the versions this tool knows (up to v7.0.1, checked 2026-11-26); that is fine.
fix: Nothing to change. Check the step's inputs against that version's documentation if it was raised by hand.
");
}

#[test]
fn invalid_uses() {
    let wildcard = job(GOOD_LOGIN, GOOD_BUILD).replace(CHECKOUT, "\"*/*@v4\"");
    insta::assert_snapshot!(render(&wildcard, "invalid-uses"), @r"
10 error
`uses: */*@v4` is not an action reference, so GitHub refuses to start the workflow: `*/*@v4` contains `*`, which no action reference has: write it as `owner/repo@ref` or `owner/repo/path@ref`, e.g. `docker/login-action@v4`.
fix: Name one action as `owner/repo@ref` (or `owner/repo/path@ref`), e.g. `docker/login-action@v4`; a local action starts with `./`. Wildcards and lists are not action references, and the checklist's allowed-actions fix waits until this line is corrected.
");
    let no_ref = job(GOOD_LOGIN, GOOD_BUILD).replace(CHECKOUT, "actions/checkout");
    insta::assert_snapshot!(render(&no_ref, "invalid-uses"), @r"
10 error
`uses: actions/checkout` is not an action reference, so GitHub refuses to start the workflow: `actions/checkout` has no `@ref`: write it as `owner/repo@ref` or `owner/repo/path@ref`, e.g. `docker/login-action@v4`.
fix: Name one action as `owner/repo@ref` (or `owner/repo/path@ref`), e.g. `docker/login-action@v4`; a local action starts with `./`. Wildcards and lists are not action references, and the checklist's allowed-actions fix waits until this line is corrected.
");
}

#[test]
fn unpinned_action() {
    let tag = job(GOOD_LOGIN, GOOD_BUILD).replace(CHECKOUT, "actions/checkout@v7");
    insta::assert_snapshot!(render(&tag, "unpinned-action"), @r"
10 warning
`actions/checkout@v7` is pinned by tag; a tag can be moved to different code, a commit SHA cannot.
fix: Use `uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1`.
");
    let deliberate = job(GOOD_LOGIN, GOOD_BUILD).replace(
        CHECKOUT,
        "actions/checkout@v7 # zizmor: ignore[unpinned-uses]",
    );
    insta::assert_snapshot!(render(&deliberate, "unpinned-action"), @r"
10 info
`actions/checkout@v7` is pinned by tag (marked as a deliberate choice); a tag can be moved to different code, a commit SHA cannot.
fix: Use `uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1`.
");
    let newer = job(GOOD_LOGIN, GOOD_BUILD).replace(CHECKOUT, "actions/checkout@v8.0.0");
    insta::assert_snapshot!(render(&newer, "unpinned-action"), @r"
10 warning
`actions/checkout@v8.0.0` is pinned by tag; a tag can be moved to different code, a commit SHA cannot.
fix: Pin the action to the full commit SHA that `v8.0.0` points to, keeping the tag in a comment: `uses: actions/checkout@<commit SHA> # v8.0.0`.
");
}

#[test]
fn image_name() {
    let upper = job(
        GOOD_LOGIN,
        &GOOD_BUILD.replace("ghcr.io/o/r:1", "ghcr.io/Octo/App:1"),
    );
    insta::assert_snapshot!(render(&upper, "image-name"), @r"
19 error
The image name `ghcr.io/Octo/App` has upper-case letters; ghcr.io refuses them.
fix: Use `ghcr.io/octo/app`.
");
    let repository = job(
        GOOD_LOGIN,
        &GOOD_BUILD.replace("ghcr.io/o/r:1", "ghcr.io/${{ github.repository }}:1"),
    );
    insta::assert_snapshot!(render(&repository, "image-name"), @r"
19 warning
The image name in build-push's `tags:` comes from `github.repository`, which keeps any upper-case letters of the GitHub name; ghcr.io accepts only lower case.
fix: Give the name to docker/metadata-action's `images:` and use its tags (`tags: ${{ steps.meta.outputs.tags }}`), which it lower-cases; or write the name in lower case, e.g. `ghcr.io/owner/name`.
");
    let via_env = job(
        GOOD_LOGIN,
        &GOOD_BUILD.replace("ghcr.io/o/r:1", "ghcr.io/${{ env.IMAGE_NAME }}:1"),
    )
    .replace(
        "permissions:\n  contents",
        "env:\n  IMAGE_NAME: ${{ github.repository }}\npermissions:\n  contents",
    );
    insta::assert_snapshot!(render(&via_env, "image-name"), @r"
21 warning
The image name in build-push's `tags:` comes from `github.repository` through `env.IMAGE_NAME` (line 3), which keeps any upper-case letters of the GitHub name; ghcr.io accepts only lower case.
fix: Give the name to docker/metadata-action's `images:` and use its tags (`tags: ${{ steps.meta.outputs.tags }}`), which it lower-cases; or write the name in lower case, e.g. `ghcr.io/owner/name`.
");
    let attest = job(GOOD_LOGIN, GOOD_BUILD).replace(
        "      - uses: docker/build-push",
        "      - uses: actions/attest@1e69f48acb82d1966a394da916b4c1698aa569d6 # v4.2.2\n        with:\n          subject-name: ghcr.io/${{ github.repository }}\n      - uses: docker/build-push",
    );
    insta::assert_snapshot!(render(&attest, "image-name"), @r"
18 warning
The image name in attest's `subject-name:` comes from `github.repository`, which keeps any upper-case letters of the GitHub name; ghcr.io accepts only lower case.
fix: Write `subject-name:` in lower case, e.g. `ghcr.io/owner/name`.
");
    let script = job(GOOD_LOGIN, GOOD_BUILD).replace(
        "      - uses: docker/build-push",
        "      - run: docker push ghcr.io/$GITHUB_REPOSITORY:1\n        if: github.event_name == 'push'\n      - uses: docker/build-push",
    );
    insta::assert_snapshot!(render(&script, "image-name"), @r"
16 warning
The image name in this command comes from `$GITHUB_REPOSITORY`, which keeps any upper-case letters of the GitHub name; ghcr.io accepts only lower case.
fix: Write the name in lower case, e.g. `ghcr.io/owner/name`, or lower-case it in the script first (`${NAME,,}` in bash).
");
    let metadata = job(GOOD_LOGIN, GOOD_BUILD).replace(
        "      - uses: docker/build-push",
        "      - uses: docker/metadata-action@dc802804100637a589fabce1cb79ff13a1411302 # v6.2.0\n        with:\n          images: ghcr.io/Octo/App\n      - uses: docker/build-push",
    );
    insta::assert_snapshot!(render(&metadata, "image-name"), @r"
18 info
metadata-action lower-cases the image name `ghcr.io/Octo/App` to `ghcr.io/octo/app` before pushing.
fix: Nothing to change; writing `ghcr.io/octo/app` shows the published name as it is.
");
}

#[test]
fn push_on_pull_request() {
    let always = job(
        GOOD_LOGIN,
        &GOOD_BUILD.replace("${{ github.event_name != 'pull_request' }}", "true"),
    );
    insta::assert_snapshot!(render(&always, "push-on-pull-request"), @r"
18 error
The workflow runs on pull requests and this step always pushes, so a pull request can publish an image.
fix: Use `push: ${{ github.event_name != 'pull_request' }}` and skip the login step on pull requests.
");
    let script = job(GOOD_LOGIN, GOOD_BUILD).replace(
        "      - uses: docker/build-push",
        "      - run: docker push ghcr.io/o/r:1\n      - uses: docker/build-push",
    );
    insta::assert_snapshot!(render(&script, "push-on-pull-request"), @r"
16 error
The workflow runs on pull requests and this push command runs on them too, so a pull request can publish an image.
fix: Add `if: github.event_name != 'pull_request'` to this step and to the login step.
");
}

#[test]
fn pr_writes_cache() {
    let cached = job(
        GOOD_LOGIN,
        &format!("{GOOD_BUILD}\n          cache-to: type=gha,mode=max"),
    );
    insta::assert_snapshot!(render(&cached, "pr-writes-cache"), @r"
20 warning
This build writes the GitHub Actions cache on pull-request runs too: code from a pull request decides what is stored, its entries take the default branch's room in the cache, and under `pull_request_target` they are stored where the publishing builds read them.
fix: Write the cache only on trusted pushes and keep reading it everywhere: `cache-to: ${{ github.event_name != 'pull_request' && 'type=gha,mode=max' || '' }}`.
");
}

#[test]
fn gha_cache_without_buildx() {
    let cached = job(
        GOOD_LOGIN,
        &format!("{GOOD_BUILD}\n          cache-from: type=gha"),
    );
    insta::assert_snapshot!(render(&cached, "gha-cache-without-buildx"), @r"
20 error
The GitHub Actions cache (`type=gha`) needs a BuildKit builder, but no `docker/setup-buildx-action` step runs before this build.
fix: Add a step before the build with `uses: docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0`.
");
}

#[test]
fn pull_request_target_publishes() {
    let target = job(GOOD_LOGIN, GOOD_BUILD).replace(
        "on: [push, pull_request]",
        "on: [push, pull_request_target]",
    );
    insta::assert_snapshot!(render(&target, "pull-request-target-publishes"), @r"
1 error
`pull_request_target` runs pull requests from forks with this repository's secrets and a write token, and this workflow logs in or pushes (lines 11 and 18): an image built from a fork's code could be published under your name, whatever `if:` guards it. Since 2026-11-02 GitHub's default execution-protection policy restricts this trigger on public repositories.
fix: Build pull requests on `pull_request` instead (forks get a read-only token and no secrets) without logging in or pushing, and publish only on `push` and `workflow_dispatch`, as the generated workflow does.
");
}

#[test]
fn checkout_pull_request_head() {
    let with_ref = |on: &str| {
        job(GOOD_LOGIN, GOOD_BUILD)
            .replace("on: [push, pull_request]", on)
            .replace(
                &format!("      - uses: {CHECKOUT}\n"),
                &format!("      - uses: {CHECKOUT}\n        with:\n          ref: ${{{{ github.event.pull_request.head.sha }}}}\n"),
            )
    };
    insta::assert_snapshot!(render(&with_ref("on: [push, pull_request_target]"), "checkout-pull-request-head"), @r"
12 error
This checks out the pull request's own code in a workflow run by `pull_request_target`, which has this repository's secrets and a write token even for forks: any later step runs a stranger's code with them and can push an image or read the secrets.
fix: Build pull requests on `pull_request` (no secrets, read-only token for forks), or drop `ref:` so the base branch is checked out and never run the pull request's code here.
");
    insta::assert_snapshot!(render(&with_ref("on: [push, pull_request]"), "checkout-pull-request-head"), @r"
12 warning
This job's token can write and it checks out the pull request's own code: any later step runs that code with write access.
fix: Give the job that builds pull requests read-only `permissions:` (`contents: read`), and keep write permissions for the job that publishes on pushes.
");
}
