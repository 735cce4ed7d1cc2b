//! The analyzer's rules, one function each, listed in [`RULES`].
//!
//! Adding a rule: write `fn check_x(ctx: &Ctx, out: &mut Vec<Finding>)`, add
//! it to `RULES` with an id and a one-line summary, and add a fixture test
//! that fails without it (see `crates/core/tests/analyze_rules.rs`).

use super::tree::{Node, Value};
use super::{Finding, Severity};
use crate::actions;

/// One rule: its id (as shown in findings), what it checks, and the check.
pub struct Rule {
    pub id: &'static str,
    pub summary: &'static str,
    pub check: fn(&Ctx, &mut Vec<Finding>),
}

/// Every rule, in the order they run.
pub const RULES: &[Rule] = &[
    Rule {
        id: "login-registry",
        summary: "docker/login-action logs in to ghcr.io",
        check: check_login_registry,
    },
    Rule {
        id: "login-password",
        summary: "the ghcr.io password is GITHUB_TOKEN or `secrets.X || secrets.GITHUB_TOKEN`",
        check: check_login_password,
    },
    Rule {
        id: "packages-write",
        summary: "a publishing job has `packages: write`",
        check: check_packages_write,
    },
    Rule {
        id: "top-level-permissions",
        summary: "the workflow sets top-level permissions and never write-all",
        check: check_top_permissions,
    },
    Rule {
        id: "outdated-action",
        summary: "known actions are on their newest major version",
        check: check_outdated,
    },
    Rule {
        id: "unpinned-action",
        summary: "actions are pinned by full commit SHA",
        check: check_unpinned,
    },
    Rule {
        id: "image-name",
        summary: "image names are literal and lower case",
        check: check_image_names,
    },
    Rule {
        id: "push-on-pull-request",
        summary: "pull requests never push",
        check: check_push_on_pr,
    },
    Rule {
        id: "gha-cache-without-buildx",
        summary: "the gha cache backend has setup-buildx before it",
        check: check_gha_cache,
    },
];

/// The parsed workflow plus its source lines (comments are not in the tree).
pub struct Ctx<'a> {
    root: &'a Node,
    lines: Vec<&'a str>,
}

/// A step that runs an action: `uses: owner/repo[/path]@ref`.
struct ActionStep<'a> {
    job: &'a Node,
    step: &'a Node,
    /// `owner/repo`, as written.
    name: &'a str,
    reference: &'a str,
    line: usize,
}

impl<'a> Ctx<'a> {
    pub fn new(root: &'a Node, source: &'a str) -> Self {
        Ctx {
            root,
            lines: source.lines().collect(),
        }
    }

    fn jobs(&self) -> impl Iterator<Item = (&'a Node, &'a Node)> {
        self.root.get("jobs").into_iter().flat_map(|j| j.entries())
    }

    fn steps(&self) -> impl Iterator<Item = (&'a Node, &'a Node)> + '_ {
        self.jobs().flat_map(|(_, job)| {
            job.get("steps")
                .into_iter()
                .flat_map(|s| s.items())
                .map(move |step| (job, step))
        })
    }

    fn action_steps(&self) -> impl Iterator<Item = ActionStep<'a>> + '_ {
        self.steps().filter_map(|(job, step)| {
            let uses = step.get("uses")?;
            let (path, reference) = uses.str()?.trim().split_once('@')?;
            if path.starts_with("./") || path.starts_with("docker://") {
                return None;
            }
            let end = path
                .match_indices('/')
                .nth(1)
                .map_or(path.len(), |(i, _)| i);
            Some(ActionStep {
                job,
                step,
                name: &path[..end],
                reference,
                line: uses.line,
            })
        })
    }

    fn steps_of<'s>(&'s self, action: &'s str) -> impl Iterator<Item = ActionStep<'a>> + 's {
        self.action_steps()
            .filter(move |s| s.name.eq_ignore_ascii_case(action))
    }

    /// The trailing `# comment` on a source line, if any.
    fn comment_on(&self, line: usize) -> Option<&'a str> {
        let text = self.lines.get(line.checked_sub(1)?)?;
        text.find(" #").map(|i| text[i + 2..].trim())
    }

    fn triggers(&self) -> Vec<&'a str> {
        let Some(on) = self.root.get("on") else {
            return Vec::new();
        };
        match &on.value {
            Value::Scalar { text, .. } => vec![text.as_str()],
            Value::Seq(items) => items.iter().filter_map(Node::str).collect(),
            Value::Map(entries) => entries.iter().filter_map(|(k, _)| k.str()).collect(),
            Value::Alias => Vec::new(),
        }
    }

    /// Resolve `${{ env.NAME }}` from the step, job or workflow `env:`.
    fn resolve(&self, job: &'a Node, step: &'a Node, value: &'a str) -> &'a str {
        let compact: String = value.chars().filter(|c| !c.is_whitespace()).collect();
        let Some(name) = compact
            .strip_prefix("${{env.")
            .and_then(|r| r.strip_suffix("}}"))
        else {
            return value;
        };
        [step, job, self.root]
            .iter()
            .find_map(|scope| {
                scope
                    .get("env")
                    .and_then(|e| e.get(name))
                    .and_then(Node::str)
            })
            .unwrap_or(value)
    }
}

fn with_input<'a>(step: &'a Node, input: &str) -> Option<&'a Node> {
    step.get("with").and_then(|w| w.get(input))
}

fn finding(
    line: usize,
    rule: &'static str,
    severity: Severity,
    message: String,
    fix: impl Into<String>,
) -> Finding {
    Finding {
        line,
        rule,
        severity,
        message,
        fix: fix.into(),
    }
}

fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

// ---------------------------------------------------------------- login

const LOGIN: &str = "docker/login-action";

fn login_registry<'a>(ctx: &Ctx<'a>, s: &ActionStep<'a>) -> Option<&'a str> {
    with_input(s.step, "registry")
        .and_then(Node::str)
        .map(|r| ctx.resolve(s.job, s.step, r).trim())
}

fn check_login_registry(ctx: &Ctx, out: &mut Vec<Finding>) {
    let logins: Vec<ActionStep> = ctx.steps_of(LOGIN).collect();
    let any_ghcr = logins
        .iter()
        .any(|s| login_registry(ctx, s) == Some("ghcr.io"));
    for s in &logins {
        let line = with_input(s.step, "registry").map_or(s.line, |n| n.line);
        let fix = "Set `registry: ghcr.io` in the login step's `with:`.";
        match login_registry(ctx, s) {
            Some("ghcr.io") => {}
            None => out.push(finding(line, "login-registry", Severity::Error,
                "This login has no `registry:`, so it logs in to Docker Hub, not ghcr.io.".into(), fix)),
            Some("ghcr.io/") | Some("https://ghcr.io") | Some("https://ghcr.io/") => out.push(finding(line, "login-registry", Severity::Warning,
                "The registry is written with a scheme or trailing slash; the registry host is just `ghcr.io`.".into(), fix)),
            Some(other) if other.contains("${{") => out.push(finding(line, "login-registry", Severity::Info,
                format!("The registry comes from `{other}`, which the analyzer cannot resolve."), "Write `registry: ghcr.io` literally so readers and tools can see where it logs in.")),
            Some(other) if any_ghcr => out.push(finding(line, "login-registry", Severity::Info,
                format!("This workflow also logs in to `{other}`; only the ghcr.io login is checked further."), "Nothing to do if publishing there is intended.")),
            Some(other) => out.push(finding(line, "login-registry", Severity::Error,
                format!("The login goes to `{other}`, not ghcr.io, so pushes to ghcr.io will be refused."), fix)),
        }
    }
}

fn check_login_password(ctx: &Ctx, out: &mut Vec<Finding>) {
    const FIX: &str = "Use `password: ${{ secrets.GITHUB_TOKEN }}` (with `packages: write`), or `${{ secrets.NAME || secrets.GITHUB_TOKEN }}` when self-hosted runners need a fallback token.";
    for s in ctx.steps_of(LOGIN) {
        let registry = login_registry(ctx, &s);
        if registry.is_some_and(|r| !r.contains("ghcr.io") && !r.contains("${{")) {
            continue;
        }
        let Some(node) = with_input(s.step, "password") else {
            out.push(finding(
                s.line,
                "login-password",
                Severity::Error,
                "The ghcr.io login has no `password:`.".into(),
                FIX,
            ));
            continue;
        };
        let raw = node.str().unwrap_or_default();
        let value = compact(raw);
        let fallback_form = value
            .strip_prefix("${{secrets.")
            .and_then(|r| r.strip_suffix("||secrets.GITHUB_TOKEN}}"))
            .is_some_and(|name| {
                !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        let good = matches!(
            value.as_str(),
            "${{secrets.GITHUB_TOKEN}}" | "${{github.token}}"
        ) || fallback_form;
        if good {
            continue;
        }
        let (severity, message) = if !value.contains("${{") {
            (Severity::Error, "The password is written into the workflow file; anyone who can read the repository can read it.".to_string())
        } else if value.starts_with("${{secrets.") && !value.contains("||") {
            (Severity::Warning, format!("The password `{}` is a personal token: publishing breaks when its owner leaves, and it can reach more than this repository.", raw.trim()))
        } else {
            (
                Severity::Warning,
                format!(
                    "The password `{}` is not the workflow's own token.",
                    raw.trim()
                ),
            )
        };
        out.push(finding(node.line, "login-password", severity, message, FIX));
    }
}

// ---------------------------------------------------------------- permissions

/// True when the job logs in to a registry or runs build-push without `push: false`.
fn publishes(ctx: &Ctx, job: &Node) -> bool {
    ctx.action_steps()
        .filter(|s| std::ptr::eq(s.job, job))
        .any(|s| {
            s.name.eq_ignore_ascii_case(LOGIN)
                || (s.name.eq_ignore_ascii_case(BUILD_PUSH)
                    && with_input(s.step, "push")
                        .and_then(Node::str)
                        .is_some_and(|p| p.trim() != "false"))
        })
}

fn check_packages_write(ctx: &Ctx, out: &mut Vec<Finding>) {
    const FIX: &str =
        "Add `permissions:` with `contents: read` and `packages: write` to the publishing job.";
    for (key, job) in ctx.jobs() {
        if !publishes(ctx, job) {
            continue;
        }
        let name = key.str().unwrap_or("?");
        let scope = if job.get("permissions").is_some() {
            job
        } else {
            ctx.root
        };
        let Some(perms) = scope.get("permissions") else {
            out.push(finding(key.line, "packages-write", Severity::Warning,
                format!("Job `{name}` pushes images but declares no permissions, so it depends on the repository's default token permissions."), FIX));
            continue;
        };
        let ok = match &perms.value {
            Value::Scalar { text, .. } => text.trim() == "write-all",
            _ => perms
                .get("packages")
                .and_then(Node::str)
                .is_some_and(|p| p.trim() == "write"),
        };
        if !ok {
            let line = scope.key_node("permissions").map_or(perms.line, |k| k.line);
            out.push(finding(line, "packages-write", Severity::Error,
                format!("Job `{name}` pushes images but its token lacks `packages: write`, so ghcr.io will refuse the push."), FIX));
        }
    }
}

fn check_top_permissions(ctx: &Ctx, out: &mut Vec<Finding>) {
    match ctx.root.get("permissions") {
        None => {
            let line = ctx.root.key_node("jobs").map_or(1, |k| k.line);
            out.push(finding(line, "top-level-permissions", Severity::Warning,
                "There is no top-level `permissions:`, so every job gets the repository's default token permissions, which may be write access.".into(),
                "Add `permissions:` with `contents: read` at the top; give `packages: write` only to the publishing job."));
        }
        Some(p) => push_if_write_all(p, "the workflow", out),
    }
    for (key, job) in ctx.jobs() {
        if let Some(p) = job.get("permissions") {
            push_if_write_all(p, &format!("job `{}`", key.str().unwrap_or("?")), out);
        }
    }
}

fn push_if_write_all(perms: &Node, whom: &str, out: &mut Vec<Finding>) {
    if perms.str().is_some_and(|t| t.trim() == "write-all") {
        out.push(finding(perms.line, "top-level-permissions", Severity::Warning,
            format!("`write-all` gives {whom} write access to every scope, far more than publishing needs."),
            "Replace it with `contents: read` (and `packages: write` on the publishing job)."));
    }
}

// ---------------------------------------------------------------- actions

/// The version a step uses: its tag, or for a SHA the `# vX.Y.Z` comment beside it.
fn used_major(ctx: &Ctx, s: &ActionStep) -> Option<u32> {
    if actions::is_full_sha(s.reference) {
        let comment = ctx.comment_on(s.line)?;
        return actions::major_of(comment.split_whitespace().next()?);
    }
    actions::major_of(s.reference)
}

fn pinned_fix(a: &actions::PinnedAction) -> String {
    format!("Use `uses: {}@{} # {}`.", a.name, a.sha, a.tag)
}

fn check_outdated(ctx: &Ctx, out: &mut Vec<Finding>) {
    for s in ctx.action_steps() {
        let (Some(latest), Some(used)) = (actions::lookup(s.name), used_major(ctx, &s)) else {
            continue;
        };
        if used < latest.major() {
            out.push(finding(
                s.line,
                "outdated-action",
                Severity::Warning,
                format!(
                    "`{}` is on major version {used}; the newest is {} (checked {}).",
                    s.name,
                    latest.tag,
                    actions::LAST_CHECKED
                ),
                pinned_fix(latest),
            ));
        }
    }
}

fn check_unpinned(ctx: &Ctx, out: &mut Vec<Finding>) {
    for s in ctx.action_steps() {
        if actions::is_full_sha(s.reference) {
            continue;
        }
        let deliberate = ctx
            .comment_on(s.line)
            .is_some_and(|c| c.contains("zizmor: ignore[unpinned-uses]"));
        let severity = if deliberate {
            Severity::Info
        } else {
            Severity::Warning
        };
        let fix = actions::lookup(s.name).map_or_else(
            || "Pin the action to the full commit SHA of its release and keep the tag in a comment.".to_string(),
            pinned_fix,
        );
        let note = if deliberate {
            " (marked as a deliberate choice)"
        } else {
            ""
        };
        out.push(finding(s.line, "unpinned-action", severity,
            format!("`{}@{}` is pinned by tag{note}; a tag can be moved to different code, a commit SHA cannot.", s.name, s.reference),
            fix));
    }
}

// ---------------------------------------------------------------- images

const METADATA: &str = "docker/metadata-action";
const BUILD_PUSH: &str = "docker/build-push-action";
const ATTEST: &[&str] = &["actions/attest", "actions/attest-build-provenance"];

/// Remove `${{ ... }}` parts, keeping the literal text around them.
fn literal_parts(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("}}")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The repository part of an image reference: drop `name=` prefixes, options and the `:tag`.
fn repository_part(item: &str) -> &str {
    let item = item.trim();
    let item = item.strip_prefix("name=").unwrap_or(item);
    let item = item.split(',').next().unwrap_or(item);
    let last_slash = item.rfind('/').map_or(0, |i| i + 1);
    match item[last_slash..].find(':') {
        Some(colon) => &item[..last_slash + colon],
        None => item,
    }
}

fn check_image_value(node: &Node, out: &mut Vec<Finding>) {
    let Some(text) = node.str() else { return };
    if text.contains("github.repository") {
        out.push(finding(node.line, "image-name", Severity::Warning,
            "The image name is built from `github.repository`, which keeps the owner's upper-case letters; ghcr.io only accepts lower case.".into(),
            "Write the image name literally in lower case, e.g. `ghcr.io/owner/name`."));
        return;
    }
    let literal = literal_parts(text);
    for item in literal
        .split(['\n', ','])
        .map(repository_part)
        .filter(|i| !i.is_empty())
    {
        if item.chars().any(|c| c.is_ascii_uppercase()) {
            out.push(finding(
                node.line,
                "image-name",
                Severity::Error,
                format!("The image name `{item}` has upper-case letters; ghcr.io refuses them."),
                format!("Use `{}`.", item.to_ascii_lowercase()),
            ));
        }
    }
}

fn check_image_names(ctx: &Ctx, out: &mut Vec<Finding>) {
    for s in ctx.action_steps() {
        let input = if s.name.eq_ignore_ascii_case(METADATA) {
            "images"
        } else if s.name.eq_ignore_ascii_case(BUILD_PUSH) {
            "tags"
        } else if ATTEST.iter().any(|a| s.name.eq_ignore_ascii_case(a)) {
            "subject-name"
        } else {
            continue;
        };
        if let Some(node) = with_input(s.step, input) {
            check_image_value(node, out);
        }
    }
    let scopes = std::iter::once(ctx.root)
        .chain(ctx.jobs().map(|(_, j)| j))
        .chain(ctx.steps().map(|(_, s)| s));
    for scope in scopes {
        for (key, value) in scope.get("env").into_iter().flat_map(Node::entries) {
            if key
                .str()
                .is_some_and(|k| k.to_ascii_uppercase().contains("IMAGE"))
            {
                check_image_value(value, out);
            }
        }
    }
}

// ---------------------------------------------------------------- pull requests and cache

fn check_push_on_pr(ctx: &Ctx, out: &mut Vec<Finding>) {
    let on_pr = ctx
        .triggers()
        .iter()
        .any(|t| matches!(*t, "pull_request" | "pull_request_target"));
    if !on_pr {
        return;
    }
    for s in ctx.steps_of(BUILD_PUSH) {
        let Some(push) = with_input(s.step, "push") else {
            continue;
        };
        let guarded = s.step.get("if").is_some() || s.job.get("if").is_some();
        if push.str().is_some_and(|p| p.trim() == "true") && !guarded {
            out.push(finding(push.line, "push-on-pull-request", Severity::Error,
                "The workflow runs on pull requests and this step always pushes, so a pull request can publish an image.".into(),
                "Use `push: ${{ github.event_name != 'pull_request' }}` and skip the login step on pull requests."));
        }
    }
}

fn check_gha_cache(ctx: &Ctx, out: &mut Vec<Finding>) {
    for (_, job) in ctx.jobs() {
        let mut buildx_seen = false;
        for step in job.get("steps").into_iter().flat_map(Node::items) {
            let uses = step
                .get("uses")
                .and_then(Node::str)
                .unwrap_or_default()
                .to_ascii_lowercase();
            if uses.starts_with("docker/setup-buildx-action@") {
                buildx_seen = true;
            }
            if !uses.starts_with("docker/build-push-action@") || buildx_seen {
                continue;
            }
            let gha = ["cache-from", "cache-to"]
                .iter()
                .filter_map(|k| with_input(step, k))
                .find(|n| n.str().is_some_and(|v| v.contains("type=gha")));
            if let Some(node) = gha {
                out.push(finding(node.line, "gha-cache-without-buildx", Severity::Error,
                    "The GitHub Actions cache (`type=gha`) needs a BuildKit builder, but no `docker/setup-buildx-action` step runs before this build.".into(),
                    pinned_fix(&actions::SETUP_BUILDX).replace("Use", "Add a step before the build with")));
            }
        }
    }
}
