//! Workflows in the shapes real publishing workflows take. Each hardened one
//! must give no Error or Warning (the analyzer is never wrong about a correct
//! workflow); each broken one must give exactly the finding its flaw deserves.

use ghcr_setup_core::analyze::{
    analyze, summarize, Access, ActionRef, Finding, LoginVia, Origin, PackagesGrant, Permissions,
    PushVia, Severity, SinkKind, UsesKind, WorkflowSummary,
};

const CHECKOUT: &str = "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1";
const BUILDX: &str = "docker/setup-buildx-action@37fe631027851001ddb9b187196cc803df7f5f0e # v4.3.0";
const LOGIN: &str = "docker/login-action@4907a6ddec9925e35a0a9e82d7399ccc52663121 # v4.1.0";
const METADATA: &str = "docker/metadata-action@dc802804100637a589fabce1cb79ff13a1411302 # v6.2.0";
const BUILD: &str = "docker/build-push-action@53b7df96c91f9c12dcc8a07bcb9ccacbed38856a # v7.3.0";
const COSIGN: &str = "sigstore/cosign-installer@6f9f17788090df1f26f669e9d70d6ae9567deba6 # v4.1.2";
const BAKE: &str = "docker/bake-action@a66e1c87e2eca0503c343edf1d208c716d54b8a8 # v7.1.0";

fn findings(yaml: &str) -> Vec<Finding> {
    analyze(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

/// The findings that are not Info, as (line, rule, severity).
fn problems(yaml: &str) -> Vec<(usize, &'static str, Severity)> {
    findings(yaml)
        .into_iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| (f.line, f.rule, f.severity))
        .collect()
}

/// The 1-based line of the first line containing `needle`.
fn line_of(yaml: &str, needle: &str) -> usize {
    yaml.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in\n{yaml}"))
}

/// GitHub's starter workflow (`docker-publish.yml`), hardened: top-level
/// permissions and SHA pins. It names the image `${{ github.repository }}`
/// through `env:` and gives it only to metadata-action, which lower-cases it.
fn starter() -> String {
    format!(
        r#"name: Docker

on:
  schedule:
    - cron: '36 2 * * *'
  push:
    branches: [ "main" ]
    tags: [ 'v*.*.*' ]
  pull_request:
    branches: [ "main" ]

permissions:
  contents: read

env:
  REGISTRY: ghcr.io
  IMAGE_NAME: ${{{{ github.repository }}}}

jobs:
  build:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
      id-token: write
    steps:
      - name: Checkout repository
        uses: {CHECKOUT}
        with:
          persist-credentials: false

      - name: Install cosign
        if: github.event_name != 'pull_request'
        uses: {COSIGN}

      - name: Set up Docker Buildx
        uses: {BUILDX}

      - name: Log into registry ${{{{ env.REGISTRY }}}}
        if: github.event_name != 'pull_request'
        uses: {LOGIN}
        with:
          registry: ${{{{ env.REGISTRY }}}}
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}

      - name: Extract Docker metadata
        id: meta
        uses: {METADATA}
        with:
          images: ${{{{ env.REGISTRY }}}}/${{{{ env.IMAGE_NAME }}}}

      - name: Build and push Docker image
        id: build-and-push
        uses: {BUILD}
        with:
          context: .
          push: ${{{{ github.event_name != 'pull_request' }}}}
          tags: ${{{{ steps.meta.outputs.tags }}}}
          labels: ${{{{ steps.meta.outputs.labels }}}}
          cache-from: type=gha
          cache-to: ${{{{ github.event_name != 'pull_request' && 'type=gha,mode=max' || '' }}}}

      - name: Sign the published Docker image
        if: ${{{{ github.event_name != 'pull_request' }}}}
        env:
          TAGS: ${{{{ steps.meta.outputs.tags }}}}
          DIGEST: ${{{{ steps.build-and-push.outputs.digest }}}}
        run: echo "${{TAGS}}" | xargs -I {{}} cosign sign --yes {{}}@${{DIGEST}}
"#
    )
}

#[test]
fn starter_workflow_hardened_is_clean() {
    assert_eq!(problems(&starter()), []);
}

#[test]
fn starter_workflow_with_repository_in_build_tags_is_flagged_there() {
    let yaml = starter().replace(
        "tags: ${{ steps.meta.outputs.tags }}",
        "tags: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}:latest",
    );
    let line = line_of(&yaml, "tags: ${{ env.REGISTRY }}");
    assert_eq!(problems(&yaml), [(line, "image-name", Severity::Warning)]);
}

#[test]
fn starter_workflow_signing_by_repository_name_is_flagged() {
    let yaml = starter().replace(
        "run: echo \"${TAGS}\" | xargs -I {} cosign sign --yes {}@${DIGEST}",
        "run: cosign sign --yes ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}@${DIGEST}",
    );
    let line = line_of(&yaml, "run: cosign sign");
    assert_eq!(problems(&yaml), [(line, "image-name", Severity::Warning)]);
}

#[test]
fn starter_workflow_as_published_needs_top_level_permissions_and_pins() {
    let yaml = starter()
        .replace("permissions:\n  contents: read\n\nenv:", "env:")
        .replace(CHECKOUT, "actions/checkout@v4")
        .replace(LOGIN, "docker/login-action@v3.0.0");
    let rules: Vec<&str> = problems(&yaml).iter().map(|p| p.1).collect();
    assert_eq!(
        rules,
        [
            "top-level-permissions",
            "outdated-action",
            "outdated-action"
        ]
    );
}

/// The registry and a literal lower-case image in `env:`, used in build-push's `tags:`.
fn registry_in_env() -> String {
    format!(
        r#"on:
  push:
    branches: [main]
permissions: {{}}
env:
  REGISTRY: ghcr.io
  IMAGE: ghcr.io/acme/widget
jobs:
  publish:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
      packages: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - uses: {BUILDX}
      - uses: {LOGIN}
        with:
          registry: ${{{{ env.REGISTRY }}}}
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}
      - uses: {BUILD}
        with:
          push: true
          tags: |
            ${{{{ env.IMAGE }}}}:latest
            ${{{{ env.IMAGE }}}}:${{{{ github.sha }}}}
"#
    )
}

#[test]
fn registry_and_image_in_env_are_clean() {
    assert_eq!(problems(&registry_in_env()), []);
}

#[test]
fn upper_case_image_in_env_is_an_error_at_its_use() {
    let yaml =
        registry_in_env().replace("IMAGE: ghcr.io/acme/widget", "IMAGE: ghcr.io/Acme/widget");
    let line = line_of(&yaml, "${{ env.IMAGE }}:latest");
    assert_eq!(problems(&yaml), [(line, "image-name", Severity::Error)]);
    let fix = findings(&yaml)
        .into_iter()
        .find(|f| f.rule == "image-name")
        .map(|f| f.fix)
        .unwrap_or_default();
    assert_eq!(
        fix,
        "Use `ghcr.io/acme/widget` (set in `env.IMAGE`, line 7)."
    );
}

#[test]
fn login_to_a_registry_in_env_that_is_not_ghcr_is_flagged() {
    let yaml = registry_in_env().replace("REGISTRY: ghcr.io", "REGISTRY: docker.io");
    let line = line_of(&yaml, "registry: ${{ env.REGISTRY }}");
    assert_eq!(problems(&yaml), [(line, "login-registry", Severity::Error)]);
}

/// docker/bake-action building from a bake file, pushing outside pull requests.
fn bake() -> String {
    format!(
        r#"name: bake
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  bake:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: {BUILDX}
      - if: github.event_name != 'pull_request'
        uses: {LOGIN}
        with:
          registry: ghcr.io
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}
      - uses: {BAKE}
        with:
          files: docker-bake.hcl
          push: ${{{{ github.event_name != 'pull_request' }}}}
          set: |
            *.tags=ghcr.io/acme/widget:edge
            *.cache-from=type=gha
"#
    )
}

#[test]
fn bake_hardened_is_clean() {
    assert_eq!(problems(&bake()), []);
}

#[test]
fn bake_pushing_on_pull_requests_is_an_error() {
    let yaml = bake().replace(
        "push: ${{ github.event_name != 'pull_request' }}",
        "push: true",
    );
    let line = line_of(&yaml, "push: true");
    assert_eq!(
        problems(&yaml),
        [(line, "push-on-pull-request", Severity::Error)]
    );
}

#[test]
fn bake_tag_from_repository_is_flagged() {
    let yaml = bake().replace(
        "*.tags=ghcr.io/acme/widget:edge",
        "*.tags=ghcr.io/${{ github.repository }}:edge",
    );
    let line = line_of(&yaml, "*.tags=ghcr.io/${{");
    assert_eq!(problems(&yaml), [(line, "image-name", Severity::Warning)]);
}

/// Two images from a matrix, each through metadata-action.
fn matrix() -> String {
    format!(
        r#"on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  images:
    strategy:
      matrix:
        include:
          - image: ghcr.io/acme/api
            dockerfile: api/Dockerfile
          - image: ghcr.io/acme/web
            dockerfile: web/Dockerfile
    runs-on: ${{{{ matrix.os || 'ubuntu-latest' }}}}
    permissions:
      contents: read
      packages: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - uses: {BUILDX}
      - uses: {LOGIN}
        with:
          registry: ghcr.io
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}
      - id: meta
        uses: {METADATA}
        with:
          images: ${{{{ matrix.image }}}}
      - uses: {BUILD}
        with:
          file: ${{{{ matrix.dockerfile }}}}
          push: true
          tags: ${{{{ steps.meta.outputs.tags }}}}
"#
    )
}

#[test]
fn matrix_of_images_is_clean() {
    assert_eq!(problems(&matrix()), []);
}

/// Two images from two metadata steps in one job, names from the repository.
fn two_metadata_steps() -> String {
    format!(
        r#"on:
  push:
    branches: [main]
permissions:
  contents: read
jobs:
  publish:
    runs-on: ubuntu-latest
    permissions:
      contents: read
      packages: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - uses: {BUILDX}
      - uses: {LOGIN}
        with:
          registry: ghcr.io
          username: ${{{{ github.actor }}}}
          password: ${{{{ secrets.GITHUB_TOKEN }}}}
      - id: meta-api
        uses: {METADATA}
        with:
          images: ghcr.io/${{{{ github.repository }}}}-api
      - id: meta-web
        uses: {METADATA}
        with:
          images: |
            name=ghcr.io/${{{{ github.repository_owner }}}}/web,enable=true
      - uses: {BUILD}
        with:
          context: api
          push: true
          tags: ${{{{ steps.meta-api.outputs.tags }}}}
      - uses: {BUILD}
        with:
          context: web
          push: true
          tags: ${{{{ steps.meta-web.outputs.tags }}}}
"#
    )
}

#[test]
fn two_metadata_steps_from_repository_names_are_clean() {
    assert_eq!(problems(&two_metadata_steps()), []);
}

/// A job that calls a reusable workflow, pinned by SHA.
fn reusable_call() -> String {
    r#"name: release
on:
  push:
    tags: ['v*']
permissions:
  contents: read
jobs:
  publish:
    permissions:
      contents: read
      packages: write
    uses: acme/workflows/.github/workflows/docker.yml@2121212121212121212121212121212121212121 # v2.1.0
    with:
      image: ghcr.io/acme/widget
    secrets: inherit
"#
    .to_string()
}

#[test]
fn reusable_workflow_call_pinned_by_sha_is_clean() {
    assert_eq!(problems(&reusable_call()), []);
}

#[test]
fn reusable_workflow_call_by_tag_is_unpinned() {
    let yaml = reusable_call().replace("@2121212121212121212121212121212121212121 # v2.1.0", "@v2");
    let line = line_of(&yaml, "uses: acme/");
    assert_eq!(
        problems(&yaml),
        [(line, "unpinned-action", Severity::Warning)]
    );
}

/// A self-hosted runner that logs in and pushes with docker commands.
fn docker_commands() -> String {
    format!(
        r#"on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
env:
  IMAGE_NAME: ${{{{ github.repository }}}}
jobs:
  local:
    runs-on: [self-hosted, linux]
    permissions:
      contents: read
      packages: write
    steps:
      - uses: {CHECKOUT}
        with:
          persist-credentials: false
      - name: Build
        run: |
          docker build \
            -t "ghcr.io/${{IMAGE_NAME,,}}:${{{{ github.sha }}}}" .
      - name: Push
        if: github.event_name != 'pull_request'
        run: |
          echo "${{{{ secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN }}}}" | docker login ghcr.io -u "${{{{ github.actor }}}}" --password-stdin
          docker push "ghcr.io/${{IMAGE_NAME,,}}:${{{{ github.sha }}}}"
"#
    )
}

#[test]
fn docker_commands_with_lower_cased_names_are_clean() {
    assert_eq!(problems(&docker_commands()), []);
}

#[test]
fn docker_commands_with_the_raw_repository_name_are_flagged() {
    let yaml = docker_commands().replace("${IMAGE_NAME,,}", "$IMAGE_NAME");
    let build = line_of(&yaml, "-t \"ghcr.io/$IMAGE_NAME");
    let push = line_of(&yaml, "docker push");
    assert_eq!(
        problems(&yaml),
        [
            (build, "image-name", Severity::Warning),
            (push, "image-name", Severity::Warning)
        ]
    );
}

#[test]
fn docker_push_on_pull_requests_is_an_error() {
    let yaml = docker_commands().replace("        if: github.event_name != 'pull_request'\n", "");
    let push = line_of(&yaml, "docker push");
    assert_eq!(
        problems(&yaml),
        [(push, "push-on-pull-request", Severity::Error)]
    );
}

/// The seed guide's steps: login v2 and build-push v3, `registry: ghcr.io/`,
/// push on every event, no permissions.
const SEED: &str = "on: [push, pull_request]
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

#[test]
fn seed_guide_pattern_gets_one_finding_per_flaw() {
    assert_eq!(
        problems(SEED),
        [
            (2, "top-level-permissions", Severity::Warning),
            (3, "packages-write", Severity::Warning),
            (7, "outdated-action", Severity::Warning),
            (9, "login-registry", Severity::Warning),
            (13, "outdated-action", Severity::Warning),
            (16, "push-on-pull-request", Severity::Error),
        ]
    );
}

// ---- The same fixtures, summarized for the checklist. ----

fn summary(yaml: &str) -> WorkflowSummary {
    summarize(yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"))
}

#[test]
fn starter_workflow_summary() {
    let s = summary(&starter());
    assert_eq!(s.triggers, ["schedule", "push", "pull_request"]);
    assert!(s.runs_on_pull_requests());
    assert!(
        !s.publishes_on_pull_request(),
        "login and push skip pull requests"
    );
    assert!(s.publishes_to_ghcr());
    let job = &s.jobs[0];
    assert_eq!(
        (job.id.as_str(), job.packages()),
        ("build", PackagesGrant::Write)
    );
    assert_eq!(job.permissions.access("id-token"), Access::Write);
    assert_eq!(job.permissions.access("actions"), Access::None);
    assert_eq!(job.registries(), ["ghcr.io"]);
    let login = &job.logins[0];
    assert_eq!(
        (login.secrets.as_slice(), login.uses_github_token),
        (&["GITHUB_TOKEN".to_string()][..], true)
    );
    assert!(login.registry_known && !login.on_pull_request);
    let image = &job.images[0];
    assert_eq!(image.name, "ghcr.io/${{ github.repository }}");
    assert!(image.from_repository && !image.literal && image.lower_cased() && image.is_ghcr());
    assert_eq!(s.repository_flows.len(), 1);
    let flow = &s.repository_flows[0];
    assert!(matches!(&flow.origin, Origin::Env { name, .. } if name == "IMAGE_NAME"));
    assert!(flow.is_case_safe());
    assert_eq!(flow.sinks[0].kind, SinkKind::MetadataImages);
    let build = &job.builds[0];
    assert_eq!(
        (build.context.as_deref(), build.dockerfile.as_deref()),
        (Some("."), Some("Dockerfile"))
    );
    assert!(job.pushes[0].conditional && !job.pushes[0].on_pull_request);
    assert!(s
        .actions
        .iter()
        .all(|a| a.pinned_by_sha && a.kind == UsesKind::Step));
    let names: Vec<String> = s.actions.iter().map(ActionRef::name).collect();
    assert_eq!(
        names[..2],
        ["actions/checkout", "sigstore/cosign-installer"]
    );
}

#[test]
fn starter_workflow_with_repository_in_tags_is_not_case_safe() {
    let yaml = starter().replace(
        "tags: ${{ steps.meta.outputs.tags }}",
        "tags: ${{ env.REGISTRY }}/${{ env.IMAGE_NAME }}:latest",
    );
    let s = summary(&yaml);
    let flow = &s.repository_flows[0];
    assert!(!flow.is_case_safe());
    let kinds: Vec<SinkKind> = flow.sinks.iter().map(|k| k.kind).collect();
    assert_eq!(kinds, [SinkKind::MetadataImages, SinkKind::BuildPushTags]);
    let tagged: Vec<(&str, bool)> = s
        .images()
        .map(|i| (i.name.as_str(), i.lower_cased()))
        .collect();
    assert_eq!(
        tagged,
        [
            ("ghcr.io/${{ github.repository }}", true),
            ("ghcr.io/${{ github.repository }}", false)
        ]
    );
}

#[test]
fn registry_in_env_summary() {
    let s = summary(&registry_in_env());
    assert_eq!(
        s.permissions,
        Permissions::Scopes {
            line: 4,
            scopes: Vec::new()
        }
    );
    assert_eq!(s.permissions.access("packages"), Access::None);
    let job = &s.jobs[0];
    assert_eq!(job.packages(), PackagesGrant::Write);
    assert_eq!(job.logins[0].registry.as_deref(), Some("ghcr.io"));
    let images: Vec<(&str, bool)> = job
        .images
        .iter()
        .map(|i| (i.name.as_str(), i.literal))
        .collect();
    assert_eq!(
        images,
        [("ghcr.io/acme/widget", true), ("ghcr.io/acme/widget", true)]
    );
    assert_eq!(job.builds[0].dockerfile.as_deref(), Some("Dockerfile"));
    assert!(!job.pushes[0].conditional);
}

#[test]
fn bake_summary() {
    let s = summary(&bake());
    let job = &s.jobs[0];
    assert!(job.publishes() && job.publishes_to_ghcr());
    assert_eq!(job.pushes[0].via, PushVia::Bake);
    assert!(
        job.builds.is_empty(),
        "a bake file's Dockerfiles are not known"
    );
    assert_eq!(job.images[0].name, "ghcr.io/acme/widget");
    assert_eq!(job.images[0].kind, SinkKind::BakeSet);
    let pushing = bake().replace(
        "push: ${{ github.event_name != 'pull_request' }}",
        "push: true",
    );
    assert!(summary(&pushing).publishes_on_pull_request());
}

#[test]
fn matrix_summary_keeps_expressions_as_written() {
    let s = summary(&matrix());
    let job = &s.jobs[0];
    let runs_on = job.runs_on.as_ref().unwrap_or_else(|| panic!("runs-on"));
    assert!(runs_on.has_expression() && !job.self_hosted());
    assert_eq!(
        runs_on.labels[0].text,
        "${{ matrix.os || 'ubuntu-latest' }}"
    );
    assert_eq!(job.images[0].name, "${{ matrix.image }}");
    assert!(!job.images[0].literal && !job.images[0].from_repository);
    assert_eq!(job.builds[0].dockerfile, None);
    assert_eq!(job.builds[0].context.as_deref(), Some("."));
}

#[test]
fn two_metadata_steps_summary() {
    let s = summary(&two_metadata_steps());
    let job = &s.jobs[0];
    let images: Vec<&str> = job.images.iter().map(|i| i.name.as_str()).collect();
    assert_eq!(
        images,
        [
            "ghcr.io/${{ github.repository }}-api",
            "ghcr.io/${{ github.repository_owner }}/web"
        ]
    );
    assert!(job
        .images
        .iter()
        .all(|i| i.from_repository && i.lower_cased()));
    assert!(s.repository_flows.iter().all(|f| f.is_case_safe()));
    let dockerfiles: Vec<Option<&str>> =
        job.builds.iter().map(|b| b.dockerfile.as_deref()).collect();
    assert_eq!(
        dockerfiles,
        [Some("api/Dockerfile"), Some("web/Dockerfile")]
    );
}

#[test]
fn reusable_call_summary() {
    let s = summary(&reusable_call());
    let job = &s.jobs[0];
    assert_eq!(job.runs_on, None);
    assert_eq!(
        job.calls.as_deref(),
        Some(
            "acme/workflows/.github/workflows/docker.yml@2121212121212121212121212121212121212121"
        )
    );
    assert_eq!(job.packages(), PackagesGrant::Write);
    assert!(
        !job.publishes(),
        "what the called workflow does is not known here"
    );
    let call = &s.actions[0];
    assert_eq!(call.kind, UsesKind::ReusableWorkflow);
    assert_eq!(
        (call.owner(), call.repo(), call.path()),
        ("acme", "workflows", Some(".github/workflows/docker.yml"))
    );
    assert!(call.pinned_by_sha);
    assert_eq!(call.known(), None);
}

#[test]
fn docker_commands_summary() {
    let s = summary(&docker_commands());
    let job = &s.jobs[0];
    assert!(job.self_hosted());
    let login = &job.logins[0];
    assert_eq!(login.via, LoginVia::RunCommand);
    assert_eq!(login.registry.as_deref(), Some("ghcr.io"));
    assert_eq!(
        login.secrets,
        ["LOCAL_RUNNER_FALLBACK_TOKEN", "GITHUB_TOKEN"]
    );
    assert!(login.uses_github_token && !login.on_pull_request);
    assert_eq!(job.pushes[0].via, PushVia::RunCommand);
    assert!(job.publishes() && job.publishes_to_ghcr() && !s.publishes_on_pull_request());
    assert!(job
        .images
        .iter()
        .all(|i| i.kind == SinkKind::RunCommand && !i.literal && i.is_ghcr()));
    assert!(
        s.repository_flows.is_empty(),
        "`${{IMAGE_NAME,,}}` lower-cases the name"
    );
}

#[test]
fn seed_summary() {
    let s = summary(SEED);
    assert_eq!(s.triggers, ["push", "pull_request"]);
    assert_eq!(s.permissions, Permissions::NotDeclared);
    let job = &s.jobs[0];
    assert_eq!(job.packages(), PackagesGrant::NotDeclared);
    assert!(job.self_hosted());
    assert_eq!(job.logins[0].registry.as_deref(), Some("ghcr.io/"));
    assert!(job.logins[0].is_ghcr());
    assert!(job.logins[0].on_pull_request && job.pushes[0].on_pull_request);
    assert!(s.publishes_on_pull_request() && s.publishes_to_ghcr());
    let refs: Vec<(&str, &str, bool)> = s
        .actions
        .iter()
        .map(|a| (a.repo(), a.reference(), a.pinned_by_sha))
        .collect();
    assert_eq!(
        refs,
        [
            ("login-action", "v2", false),
            ("build-push-action", "v3", false)
        ]
    );
    assert_eq!(s.actions[0].line, 7);
    let build = &job.builds[0];
    assert_eq!(
        (build.context.as_deref(), build.dockerfile.as_deref()),
        (Some("."), Some("Dockerfile"))
    );
    assert!(
        job.images.is_empty(),
        "tags come from a metadata step the excerpt does not have"
    );
}
