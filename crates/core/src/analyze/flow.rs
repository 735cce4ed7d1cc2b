//! Where a case-keeping value such as `github.repository` flows.
//!
//! `github.repository` keeps the owner's capitals (`Kulzer-Dental/app`) and
//! ghcr.io refuses image names with capitals. Whether that matters depends on
//! where the value ends up: docker/metadata-action lower-cases its `images:`
//! itself, while build-push's `tags:`, attest's `subject-name:`, bake's `set:`
//! and `docker`/`cosign` commands in `run:` scripts use the name as written.
//!
//! [`sink_sites`] lists every place that takes an image name; [`flows`]
//! follows each case-keeping expression, directly or through `env:` variables
//! (workflow, job or step level, also read as `$NAME` in scripts), to those
//! places. A variable defined but never used where the case matters makes no
//! flow that matters.

use super::tree::{Node, Value};
use super::workflow::{expressions, ActionUse, Job, Workflow};
use crate::actions::Action;

/// docker/bake-action, which is not in the pinned table.
pub(crate) const BAKE: &str = "docker/bake-action";

/// A kind of place that takes an image name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SinkKind {
    /// docker/metadata-action `images:` (lower-cased by the action).
    MetadataImages,
    /// docker/build-push-action `tags:`.
    BuildPushTags,
    /// docker/bake-action `set:` (`*.tags=…`).
    BakeSet,
    /// actions/attest or attest-build-provenance `subject-name:`.
    AttestSubject,
    /// A `docker`, `podman`, `buildah` or `cosign` command in a `run:` script.
    RunCommand,
}

impl SinkKind {
    /// True when the action lower-cases the name before using it.
    pub fn lower_cases(self) -> bool {
        matches!(self, SinkKind::MetadataImages)
    }

    /// How messages name this place, e.g. "build-push's `tags:`".
    pub fn describe(self) -> &'static str {
        match self {
            SinkKind::MetadataImages => "metadata-action's `images:`",
            SinkKind::BuildPushTags => "build-push's `tags:`",
            SinkKind::BakeSet => "bake's `set:`",
            SinkKind::AttestSubject => "attest's `subject-name:`",
            SinkKind::RunCommand => "this command",
        }
    }
}

/// Where a case-keeping value enters the workflow.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A `${{ github.repository }}`-like expression written at the place itself
    /// (`expression` is its inside without spaces, e.g. `github.repository`).
    Expression { expression: String, line: usize },
    /// An `env:` variable whose value holds such an expression (`expression`,
    /// without spaces), directly or through other variables.
    Env {
        name: String,
        line: usize,
        expression: String,
    },
    /// A runner variable in a script: `$GITHUB_REPOSITORY`, `$GITHUB_REPOSITORY_OWNER`, `$GITHUB_ACTOR`.
    RunnerVariable { name: String, line: usize },
}

/// One place a case-keeping value reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sink {
    /// The job id.
    pub job: String,
    pub line: usize,
    pub kind: SinkKind,
}

/// A case-keeping value and every place it reaches.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepositoryFlow {
    pub origin: Origin,
    pub sinks: Vec<Sink>,
}

impl RepositoryFlow {
    /// True when every place it reaches lower-cases it (only metadata-action's `images:`).
    pub fn is_case_safe(&self) -> bool {
        self.sinks.iter().all(|s| s.kind.lower_cases())
    }
}

/// One place in the workflow that takes an image name.
pub(crate) struct SinkSite<'a> {
    pub job: Job<'a>,
    pub step: &'a Node,
    pub kind: SinkKind,
    /// The text of the input, or of one (continuation-joined) script command.
    pub text: String,
    pub line: usize,
}

/// Every place that takes an image name, in file order.
pub(crate) fn sink_sites<'a>(wf: &Workflow<'a>) -> Vec<SinkSite<'a>> {
    let mut out = Vec::new();
    for u in wf.action_uses() {
        let Some(step) = u.step else { continue };
        let Some((kind, input)) = image_input(&u) else {
            continue;
        };
        if let Some(node) = u.input(input) {
            if let Some(text) = scalar_or_list(node) {
                out.push(SinkSite {
                    job: u.job,
                    step,
                    kind,
                    text,
                    line: node.line,
                });
            }
        }
    }
    for (job, step) in wf.steps() {
        let Some(run) = step.get("run") else { continue };
        let Some(script) = run.str() else { continue };
        for command in container_commands(script) {
            if !command.has_verb(IMAGE_VERBS) {
                continue;
            }
            out.push(SinkSite {
                job,
                step,
                kind: SinkKind::RunCommand,
                line: wf.line_of(run.line, &command.first_line),
                text: command.text,
            });
        }
    }
    out.sort_by_key(|s| s.line);
    out
}

/// The kind of place and the `with:` input that holds image names, for the actions that take them.
fn image_input(u: &ActionUse) -> Option<(SinkKind, &'static str)> {
    if u.is(Action::Metadata) {
        Some((SinkKind::MetadataImages, "images"))
    } else if u.is(Action::BuildPush) {
        Some((SinkKind::BuildPushTags, "tags"))
    } else if u.is(Action::Attest) || u.is(Action::AttestBuildProvenance) {
        Some((SinkKind::AttestSubject, "subject-name"))
    } else if u.is_named(BAKE) {
        Some((SinkKind::BakeSet, "set"))
    } else {
        None
    }
}

/// A scalar's text, or a sequence of scalars joined by newlines.
fn scalar_or_list(node: &Node) -> Option<String> {
    match &node.value {
        Value::Scalar { text, .. } => Some(text.clone()),
        Value::Seq(items) => Some(
            items
                .iter()
                .filter_map(Node::str)
                .collect::<Vec<_>>()
                .join("\n"),
        ),
        _ => None,
    }
}

/// One command of a script that runs a container tool.
pub(crate) struct Command {
    /// The command with `\`-continued lines joined.
    pub text: String,
    /// Its first physical line, trimmed, to find it in the source.
    pub first_line: String,
}

impl Command {
    /// The command's words, split at whitespace and shell operators.
    pub fn words(&self) -> Vec<&str> {
        words(&self.text)
    }

    /// True when one of the words is one of `verbs` (e.g. `push`, `login`).
    pub fn has_verb(&self, verbs: &[&str]) -> bool {
        self.words().iter().any(|w| verbs.contains(w))
    }
}

/// The programs whose commands name images.
const CONTAINER_TOOLS: &[&str] = &["docker", "podman", "buildah", "cosign"];
/// The sub-commands that build, name, push or sign an image.
const IMAGE_VERBS: &[&str] = &[
    "build", "buildx", "tag", "push", "sign", "attest", "manifest", "bake", "create",
];

/// The commands of a script that run `docker`, `podman`, `buildah` or `cosign`.
pub(crate) fn container_commands(script: &str) -> Vec<Command> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut first_line = String::new();
    let mut finish = |text: &mut String, first_line: &str| {
        if runs_container_tool(text) {
            out.push(Command {
                text: text.trim().to_string(),
                first_line: first_line.to_string(),
            });
        }
        text.clear();
    };
    for line in script.lines() {
        let trimmed = line.trim();
        if text.is_empty() {
            first_line = trimmed.to_string();
        }
        let (body, continues) = match trimmed.strip_suffix('\\') {
            Some(body) => (body, true),
            None => (trimmed, false),
        };
        text.push_str(body);
        text.push(' ');
        if !continues {
            finish(&mut text, &first_line);
        }
    }
    finish(&mut text, &first_line);
    out
}

fn words(text: &str) -> Vec<&str> {
    text.split(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | '(' | ')'))
        .filter(|w| !w.is_empty())
        .collect()
}

fn runs_container_tool(text: &str) -> bool {
    words(text).iter().any(|w| {
        let program = w.rsplit('/').next().unwrap_or(w);
        CONTAINER_TOOLS.contains(&program)
    })
}

/// True when an expression (compacted) reads a value that keeps GitHub's
/// capitals: the repository, its owner, or the actor.
pub(crate) fn is_case_keeping(expression: &str) -> bool {
    let e = expression.to_ascii_lowercase();
    let mentions = |needle: &str, except: &[&str]| {
        e.match_indices(needle).any(|(i, _)| {
            let rest = &e[i + needle.len()..];
            let boundary = i == 0 || !is_name_char(e.as_bytes()[i - 1]);
            boundary && !except.iter().any(|x| rest.starts_with(x))
        })
    };
    mentions("github.repository", &["_id"])
        || mentions("github.event.repository.", &["id", "node_id", "private"])
        || mentions("github.actor", &["_id"])
        || mentions("github.triggering_actor", &[])
}

fn is_name_char(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.'
}

/// The runner variables that hold case-keeping values.
const RUNNER_VARIABLES: &[&str] = &[
    "GITHUB_REPOSITORY",
    "GITHUB_REPOSITORY_OWNER",
    "GITHUB_ACTOR",
    "GITHUB_TRIGGERING_ACTOR",
];

/// Every case-keeping origin the text of one place reaches.
pub(crate) fn origins_at(wf: &Workflow, site: &SinkSite) -> Vec<Origin> {
    let mut out: Vec<Origin> = Vec::new();
    for expr in expressions(&site.text) {
        if is_case_keeping(&expr) {
            out.push(Origin::Expression {
                expression: expr.clone(),
                line: site.line,
            });
        } else if let Some(name) = expr.strip_prefix("env.") {
            out.extend(env_origin(wf, site, name));
        }
    }
    if site.kind == SinkKind::RunCommand {
        for name in shell_variables(&site.text) {
            if RUNNER_VARIABLES.contains(&name) {
                out.push(Origin::RunnerVariable {
                    name: name.to_string(),
                    line: site.line,
                });
            } else {
                out.extend(env_origin(wf, site, name));
            }
        }
    }
    let mut unique: Vec<Origin> = Vec::new();
    for o in out {
        if !unique.contains(&o) {
            unique.push(o);
        }
    }
    unique
}

/// The origin behind an `env:` variable, if its value (followed through other
/// variables) holds a case-keeping expression.
fn env_origin(wf: &Workflow, site: &SinkSite, name: &str) -> Option<Origin> {
    let node = wf.env_var(site.job, Some(site.step), name)?;
    let resolved = wf.resolve(site.job, Some(site.step), node.str()?);
    let expression = expressions(&resolved.text)
        .into_iter()
        .find(|e| is_case_keeping(e))?;
    Some(Origin::Env {
        name: name.to_string(),
        line: node.line,
        expression,
    })
}

/// Names of `$NAME` and `${NAME…}` references in a script, each once in
/// order of first appearance, leaving out `${NAME,,}` and `${NAME@L}`, which
/// lower-case the value.
pub(crate) fn shell_variables(script: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut rest = script;
    while let Some(i) = rest.find('$') {
        rest = &rest[i + 1..];
        let braced = rest.starts_with('{');
        let body = if braced { &rest[1..] } else { rest };
        let len = body
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(body.len());
        let name = &body[..len];
        let after = &body[len..];
        let lowered = braced && (after.starts_with(",,") || after.starts_with("@L"));
        let valid = !name.is_empty() && !name.starts_with(|c: char| c.is_ascii_digit());
        if valid && !lowered && seen.insert(name) {
            out.push(name);
        }
        rest = after;
    }
    out
}

/// Every case-keeping value that reaches a place taking an image name, with all
/// the places it reaches, in order of first appearance.
pub(crate) fn flows(wf: &Workflow) -> Vec<RepositoryFlow> {
    let mut out: Vec<RepositoryFlow> = Vec::new();
    for site in sink_sites(wf) {
        for origin in origins_at(wf, &site) {
            let sink = Sink {
                job: site.job.id.to_string(),
                line: wf.line_of(site.line, origin.needle()),
                kind: site.kind,
            };
            match out.iter_mut().find(|f| f.origin == origin) {
                Some(flow) if !flow.sinks.contains(&sink) => flow.sinks.push(sink),
                Some(_) => {}
                None => out.push(RepositoryFlow {
                    origin,
                    sinks: vec![sink],
                }),
            }
        }
    }
    out
}

impl Origin {
    /// Text that appears on the line where the origin is used, to find that line.
    fn needle(&self) -> &str {
        match self {
            Origin::Expression { expression, .. } => expression
                .split(['(', ')', ',', '|', '&', '='])
                .find(|p| p.contains('.'))
                .unwrap_or(""),
            Origin::Env { name, .. } | Origin::RunnerVariable { name, .. } => name,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_keeping_expressions() {
        for yes in [
            "github.repository",
            "GITHUB.REPOSITORY",
            "github.repository_owner",
            "format('{0}',github.repository)",
            "github.event.repository.full_name",
            "github.actor",
        ] {
            assert!(is_case_keeping(yes), "{yes}");
        }
        for no in [
            "github.repository_id",
            "github.actor_id",
            "steps.meta.outputs.tags",
            "env.IMAGE",
            "mygithub.repository",
            "github.event.repository.id",
        ] {
            assert!(!is_case_keeping(no), "{no}");
        }
    }

    #[test]
    fn shell_variable_references() {
        assert_eq!(
            shell_variables(
                "docker push $IMAGE:${TAG} ${NAME,,} ${X@L} $1 $ ${A:-b} $GITHUB_REPOSITORY $IMAGE"
            ),
            ["IMAGE", "TAG", "A", "GITHUB_REPOSITORY"]
        );
    }

    #[test]
    fn container_commands_join_continuations() {
        let script = "echo build\ndocker build \\\n  -t ghcr.io/$IMAGE:1 .\nsudo docker push x\n/usr/bin/cosign sign --yes a@b\nmake push\necho x | docker login ghcr.io\n";
        let commands: Vec<String> = container_commands(script)
            .into_iter()
            .map(|c| c.text)
            .collect();
        assert_eq!(
            commands,
            [
                "docker build  -t ghcr.io/$IMAGE:1 .",
                "sudo docker push x",
                "/usr/bin/cosign sign --yes a@b",
                "echo x | docker login ghcr.io"
            ]
        );
        assert_eq!(container_commands("docker push \\").len(), 1);
    }
}
