//! The workflow generator: typed options in, `docker-image.yml` out.
//!
//! [`WorkflowOptions`] holds only validated values; [`generate_with`] turns
//! them and a pin set ([`Pins`]) into a commented workflow that passes zizmor
//! (default persona) and actionlint; [`generate`] uses the built-in pins.
//! The form layer in [`form`] is shared by the web page, the
//! shareable URL and the CLI. Typed text never lands inside `${{ }}` (the one
//! exception is a [`SecretName`], whose alphabet is `[A-Z0-9_]`), and every
//! typed scalar is quoted by [`yaml::quote`].

mod form;
mod samples;
pub mod yaml;

pub use form::{fields, FieldError, FieldKind, FieldSpec, QueryNote, RawOptions, Section};
pub use samples::sample_matrix;

use crate::actions::{Action, Pin, Pins};
use crate::names::{
    BranchPattern, ImageName, NameError, Platform, RepoPath, RepoSlug, RunnerLabel, SecretName,
};
use crate::url;
use yaml::{quote, Lines};

/// The path GitHub Actions reads the generated workflow from.
pub const WORKFLOW_PATH: &str = ".github/workflows/docker-image.yml";

/// Everything the generated workflow depends on, each value already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkflowOptions {
    pub repo: RepoSlug,
    pub image: ImageName,
    pub dockerfile: RepoPath,
    pub context: RepoPath,
    pub default_branch: BranchPattern,
    pub tag_pattern: BranchPattern,
    /// Build pull requests without logging in or pushing.
    pub pr_build_only: bool,
    pub workflow_dispatch: bool,
    /// Never empty; more than `linux/amd64` adds QEMU.
    pub platforms: Vec<Platform>,
    /// Never empty; one label or the labels a self-hosted runner must carry.
    pub runner: Vec<RunnerLabel>,
    pub fallback_secret: Option<SecretName>,
    pub cache: bool,
    pub no_cache_on_tags: bool,
    pub attest: bool,
    /// Whether an organization owns the repository: only then does GitHub
    /// keep an attested image's storage record (`artifact-metadata: write`).
    pub owner_is_org: bool,
    pub pin_sha: bool,
    pub concurrency: bool,
}

impl WorkflowOptions {
    /// The recommended options for a repository; the image is named after it.
    pub fn new(repo: RepoSlug) -> Result<Self, NameError> {
        let image = ImageName::for_repo(&repo)?;
        Ok(WorkflowOptions {
            repo,
            image,
            dockerfile: RepoPath::parse(form::DEFAULT_DOCKERFILE)?,
            context: RepoPath::parse(form::DEFAULT_CONTEXT)?,
            default_branch: BranchPattern::parse(form::DEFAULT_BRANCH)?,
            tag_pattern: BranchPattern::parse(form::DEFAULT_TAGS)?,
            pr_build_only: true,
            workflow_dispatch: true,
            platforms: vec![Platform::linux_amd64()],
            runner: vec![RunnerLabel::ubuntu_latest()],
            fallback_secret: None,
            cache: true,
            no_cache_on_tags: true,
            attest: false,
            owner_is_org: true,
            pin_sha: true,
            concurrency: true,
        })
    }

    /// True when the build targets more than plain `linux/amd64` and so needs QEMU.
    pub fn multi_platform(&self) -> bool {
        self.platforms.iter().any(|p| p.as_str() != "linux/amd64")
    }

    fn platforms_joined(&self) -> String {
        join(self.platforms.iter().map(Platform::as_str))
    }
}

fn join<'a>(items: impl Iterator<Item = &'a str>) -> String {
    items.collect::<Vec<_>>().join(",")
}

/// The condition that is true on every event except pull requests.
const NOT_PR: &str = "github.event_name != 'pull_request'";
/// True for tag (release) builds.
const ON_TAG: &str = "startsWith(github.ref, 'refs/tags/')";

/// Write the workflow YAML for `opts`, with the built-in action pins.
pub fn generate(opts: &WorkflowOptions) -> String {
    generate_with(opts, &Pins::builtin())
}

/// Write the workflow YAML for `opts`, pinning actions to the releases in `pins`.
pub fn generate_with(opts: &WorkflowOptions, pins: &Pins) -> String {
    let mut y = Lines::default();
    header(&mut y, opts, pins);
    triggers(&mut y, opts);
    top_level(&mut y, opts);
    y.line(0, "jobs:");
    y.line(1, "build:");
    y.line(2, "name: 'Build and publish image'");
    runs_on(&mut y, opts);
    job_permissions(&mut y, opts);
    y.line(2, "steps:");
    checkout_step(&mut y, opts, pins);
    setup_steps(&mut y, opts, pins);
    login_step(&mut y, opts, pins);
    metadata_step(&mut y, opts, pins);
    build_step(&mut y, opts, pins);
    if opts.attest {
        attest_step(&mut y, opts, pins);
    }
    y.finish()
}

fn header(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    y.comment(
        0,
        &format!(
            "Builds the Docker image of {} and publishes it to ghcr.io.",
            opts.repo
        ),
    );
    y.comment(
        0,
        &format!(
            "Written by ghcr-setup; {}.",
            pins.describe_for(&crate::actions::GENERATOR_ACTIONS)
        ),
    );
    y.line(0, "name: 'Docker image'");
    y.blank();
}

fn triggers(y: &mut Lines, opts: &WorkflowOptions) {
    y.line(0, "on:");
    y.comment(1, "Publish from the default branch and from version tags.");
    y.line(1, "push:");
    y.line(2, "branches:");
    y.line(3, &format!("- {}", quote(opts.default_branch.as_str())));
    y.line(2, "tags:");
    y.line(3, &format!("- {}", quote(opts.tag_pattern.as_str())));
    if opts.pr_build_only {
        y.comment(
            1,
            "Pull requests are built to catch mistakes early, but never logged in or pushed.",
        );
        y.line(1, "pull_request:");
        y.line(2, "branches:");
        y.line(3, &format!("- {}", quote(opts.default_branch.as_str())));
    }
    if opts.workflow_dispatch {
        y.comment(1, "Lets you start a run by hand from the Actions tab.");
        y.line(1, "workflow_dispatch:");
    }
    y.blank();
}

fn top_level(y: &mut Lines, opts: &WorkflowOptions) {
    y.comment(
        0,
        "The token starts read-only; the job below asks for exactly what it needs.",
    );
    y.line(0, "permissions:");
    y.line(1, "contents: read");
    y.blank();
    if opts.concurrency {
        y.comment(
            0,
            "One run per branch or tag at a time. A new push to a pull request cancels",
        );
        y.comment(
            0,
            "its older run; pushes to branches and tags wait, so no release is cut short.",
        );
        y.line(0, "concurrency:");
        y.line(1, "group: ${{ github.workflow }}-${{ github.ref }}");
        y.line(
            1,
            "cancel-in-progress: ${{ github.event_name == 'pull_request' }}",
        );
        y.blank();
    }
}

fn runs_on(y: &mut Lines, opts: &WorkflowOptions) {
    if let [only] = opts.runner.as_slice() {
        y.line(2, &format!("runs-on: {}", quote(only.as_str())));
        return;
    }
    y.comment(2, "A runner must carry all of these labels.");
    y.line(2, "runs-on:");
    for label in &opts.runner {
        y.line(3, &format!("- {}", quote(label.as_str())));
    }
}

fn job_permissions(y: &mut Lines, opts: &WorkflowOptions) {
    y.line(2, "permissions:");
    y.line(3, "contents: read # to check out the repository");
    y.line(3, "packages: write # to push the image to ghcr.io");
    if opts.attest {
        y.line(
            3,
            "attestations: write # to store the build provenance attestation",
        );
        y.line(
            3,
            "id-token: write # to get the Sigstore certificate that signs the attestation",
        );
        if opts.owner_is_org {
            y.line(
                3,
                "artifact-metadata: write # to record where the attested image is stored",
            );
        }
    }
}

/// A `uses:` line, pinned by SHA with the tag in a comment, or by major tag.
fn uses(y: &mut Lines, action: &Pin, pin_sha: bool) {
    let reference = action.reference(pin_sha);
    let comment = if pin_sha {
        action.tag().to_string()
    } else {
        "zizmor: ignore[unpinned-uses] -- SHA pinning was turned off in ghcr-setup".to_string()
    };
    y.line(4, &format!("uses: {reference} # {comment}"));
}

fn step_name(y: &mut Lines, name: &str) {
    y.blank();
    y.line(3, &format!("- name: {}", quote(name)));
}

fn checkout_step(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    y.line(3, &format!("- name: {}", quote("Check out the repository")));
    uses(y, pins.get(Action::Checkout), opts.pin_sha);
    y.line(4, "with:");
    y.comment(
        5,
        "No later step needs git credentials, so do not leave the token in .git/config.",
    );
    y.line(5, "persist-credentials: false");
}

fn setup_steps(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    if opts.multi_platform() {
        step_name(y, "Set up QEMU for other CPU architectures");
        uses(y, pins.get(Action::SetupQemu), opts.pin_sha);
    }
    step_name(y, "Set up Docker Buildx");
    y.comment(
        4,
        "BuildKit from Buildx is needed for multi-platform builds and the GitHub Actions cache.",
    );
    uses(y, pins.get(Action::SetupBuildx), opts.pin_sha);
}

fn login_step(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    step_name(y, "Log in to ghcr.io");
    if opts.pr_build_only {
        y.comment(
            4,
            "Pull requests never log in, so code from a pull request cannot reach the registry.",
        );
        y.line(4, &format!("if: {NOT_PR}"));
    }
    uses(y, pins.get(Action::Login), opts.pin_sha);
    y.line(4, "with:");
    y.line(5, "registry: ghcr.io");
    y.line(5, "username: ${{ github.actor }}");
    match &opts.fallback_secret {
        Some(secret) => {
            y.comment(
                5,
                &format!("Uses the {secret} secret (a token with write:packages) when it is set,"),
            );
            y.comment(
                5,
                "for example on self-hosted runners; otherwise the workflow's own token.",
            );
            y.line(
                5,
                &format!("password: ${{{{ secrets.{secret} || secrets.GITHUB_TOKEN }}}}"),
            );
        }
        None => {
            y.comment(
                5,
                "The workflow's own token; `packages: write` above lets it push.",
            );
            y.line(5, "password: ${{ secrets.GITHUB_TOKEN }}");
        }
    }
}

fn metadata_step(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    step_name(y, "Work out image tags and labels");
    y.line(4, "id: meta");
    uses(y, pins.get(Action::Metadata), opts.pin_sha);
    y.line(4, "with:");
    y.comment(5, "ghcr.io only accepts lower-case image names.");
    y.line(5, &format!("images: {}", quote(opts.image.as_str())));
    y.comment(
        5,
        "Branch name, tag name, v1.2.3 -> 1.2.3 and 1.2, and the commit SHA.",
    );
    y.line(5, "tags: |");
    y.line(6, "type=ref,event=branch");
    if opts.pr_build_only {
        y.line(6, "type=ref,event=pr");
    }
    y.line(6, "type=ref,event=tag");
    y.line(6, "type=semver,pattern={{version}}");
    y.line(6, "type=semver,pattern={{major}}.{{minor}}");
    y.line(6, "type=sha");
}

fn build_step(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    step_name(y, "Build and push the image");
    y.line(4, "id: build");
    uses(y, pins.get(Action::BuildPush), opts.pin_sha);
    y.line(4, "with:");
    y.line(5, &format!("context: {}", quote(opts.context.as_str())));
    y.line(5, &format!("file: {}", quote(opts.dockerfile.as_str())));
    y.line(
        5,
        &format!("platforms: {}", quote(&opts.platforms_joined())),
    );
    if opts.pr_build_only {
        y.comment(5, "Pull requests only build; every other event pushes.");
        y.line(5, &format!("push: ${{{{ {NOT_PR} }}}}"));
    } else {
        y.line(5, "push: true");
    }
    y.line(5, "tags: ${{ steps.meta.outputs.tags }}");
    y.line(5, "labels: ${{ steps.meta.outputs.labels }}");
    if opts.cache {
        cache_lines(y, opts);
    }
}

fn cache_lines(y: &mut Lines, opts: &WorkflowOptions) {
    if opts.no_cache_on_tags {
        y.comment(
            5,
            "Reuse layers from earlier runs through the GitHub Actions cache, except for",
        );
        y.comment(5, "tag (release) builds: they build from scratch so a poisoned cache cannot reach a release.");
        y.line(
            5,
            &format!("cache-from: ${{{{ !{ON_TAG} && 'type=gha' || '' }}}}"),
        );
        y.line(
            5,
            &format!("cache-to: ${{{{ !{ON_TAG} && 'type=gha,mode=max' || '' }}}}"),
        );
    } else {
        y.comment(
            5,
            "Reuse layers from earlier runs through the GitHub Actions cache.",
        );
        y.line(5, "cache-from: type=gha");
        y.line(5, "cache-to: type=gha,mode=max");
    }
}

fn attest_step(y: &mut Lines, opts: &WorkflowOptions, pins: &Pins) {
    step_name(y, "Attest build provenance");
    if opts.pr_build_only {
        y.line(4, &format!("if: {NOT_PR}"));
    }
    uses(y, pins.get(Action::Attest), opts.pin_sha);
    y.line(4, "with:");
    y.line(5, &format!("subject-name: {}", quote(opts.image.as_str())));
    y.line(5, "subject-digest: ${{ steps.build.outputs.digest }}");
    y.comment(
        5,
        "Stores the attestation next to the image so `gh attestation verify` finds it.",
    );
    y.line(5, "push-to-registry: true");
    if !opts.owner_is_org {
        y.comment(
            5,
            "GitHub keeps storage records only for organization-owned repositories.",
        );
        y.line(5, "create-storage-record: false");
    }
}

/// A link that opens GitHub's "new file" page on the default branch with the workflow filled in.
pub fn propose_url(opts: &WorkflowOptions, yaml: &str) -> String {
    format!(
        "https://github.com/{}/{}/new/{}?filename={}&value={}",
        opts.repo.owner(),
        opts.repo.name(),
        url::encode_path(opts.default_branch.as_str()),
        WORKFLOW_PATH,
        url::encode_query_value(yaml)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts() -> WorkflowOptions {
        WorkflowOptions::new(RepoSlug::parse("Kulzer-Dental/kdc-experimental-image").unwrap())
            .unwrap()
    }

    #[test]
    fn defaults_pin_and_lower_case() {
        let yaml = generate(&opts());
        assert!(
            yaml.contains("images: 'ghcr.io/kulzer-dental/kdc-experimental-image'"),
            "{yaml}"
        );
        assert!(yaml.contains(&format!(
            "uses: docker/login-action@{} # v4.1.0",
            Pins::builtin().get(Action::Login).sha()
        )));
        assert!(yaml.contains("persist-credentials: false"));
        assert!(!yaml.contains("setup-qemu"));
        assert!(!yaml.contains("attest"));
    }

    #[test]
    fn multi_arch_adds_qemu() {
        let mut o = opts();
        o.platforms.push(Platform::parse("linux/arm64").unwrap());
        let yaml = generate(&o);
        assert!(yaml.contains("docker/setup-qemu-action@"));
        assert!(yaml.contains("platforms: 'linux/amd64,linux/arm64'"));
    }

    #[test]
    fn propose_url_encodes_yaml_and_branch() {
        let mut o = opts();
        o.default_branch = BranchPattern::parse("release/2.0").unwrap();
        let url = propose_url(&o, "a: 'b c'\n");
        assert_eq!(
            url,
            "https://github.com/Kulzer-Dental/kdc-experimental-image/new/release/2.0?filename=.github/workflows/docker-image.yml&value=a%3A%20%27b%20c%27%0A"
        );
    }
}
