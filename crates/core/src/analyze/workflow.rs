//! Read helpers over a parsed workflow: its jobs, their steps, the actions and
//! reusable workflows they use, `env:` lookups and `${{ }}` expressions.
//!
//! Both the summary ([`super::summary`]) and the rules read the tree only
//! through these helpers, so "which step is a login" or "what does
//! `${{ env.X }}` stand for" has one answer.
//!
//! Filling in `env:` values has a budget: variables defined through each
//! other can grow exponentially (a few KiB of YAML to gigabytes), so one
//! filled-in value stops at [`MAX_EXPANDED_VALUE`], and one analysis at
//! [`MAX_EXPANSION_WORK`] steps and [`MAX_EXPANDED_TOTAL`] bytes. Past any of
//! them [`Workflow::over_budget`] says where, and the analysis is refused as
//! too large rather than guessed.

use super::tree::{Node, Value};
use crate::actions::{self, Action};
use crate::names::UsesRef;

use std::cell::Cell;

/// How many `env` indirections are followed (`A: ${{ env.B }}` …).
const MAX_ENV_DEPTH: usize = 4;
/// Most bytes one value may grow to by filling in `env:` variables (a value
/// longer than this as written keeps its own length as the limit).
pub const MAX_EXPANDED_VALUE: usize = 64 * 1024;
/// Most work filling in variables may take over one analysis: each
/// substitution costs one step plus one per KiB it scans or copies.
pub const MAX_EXPANSION_WORK: usize = 100_000;
/// Most bytes filled-in variables may add over one analysis.
pub const MAX_EXPANDED_TOTAL: usize = 16 * 1024 * 1024;

/// Which expansion limit was passed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overrun {
    /// One value grew past [`MAX_EXPANDED_VALUE`].
    Value,
    /// The analysis passed [`MAX_EXPANSION_WORK`].
    Work,
    /// The analysis passed [`MAX_EXPANDED_TOTAL`].
    Total,
}

/// Where expansion stopped: the limit and the line of the variable (or
/// value) being filled in then.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overran {
    pub limit: Overrun,
    pub line: usize,
}

/// What filling in variables has spent so far in one analysis.
#[derive(Default)]
struct Budget {
    work: Cell<usize>,
    bytes: Cell<usize>,
    /// The line of the variable filled in last.
    last_line: Cell<usize>,
    over: Cell<Option<Overran>>,
}

/// How far below a value's first line its text is looked for (a long script
/// is still found; hostile input cannot make every search scan the file).
pub const LINE_SEARCH_WINDOW: usize = 500;

/// The parsed workflow plus its source lines (comments are not in the tree).
pub struct Workflow<'a> {
    pub root: &'a Node,
    lines: Vec<&'a str>,
    budget: Budget,
}

/// One entry under `jobs:`.
#[derive(Clone, Copy)]
pub struct Job<'a> {
    /// The job id, e.g. `build` (`?` if the key is not text).
    pub id: &'a str,
    /// The line of the job's key.
    pub line: usize,
    pub node: &'a Node,
}

/// A `uses: owner/repo[/path]@ref` in a step or on a job (a reusable workflow).
#[derive(Clone, Copy)]
pub struct ActionUse<'a> {
    pub job: Job<'a>,
    /// The step, or `None` for a job-level reusable workflow.
    pub step: Option<&'a Node>,
    /// `owner/repo`, as written.
    pub name: &'a str,
    /// The path inside the repository, if any (`restore`, `.github/workflows/f.yml`).
    pub path: Option<&'a str>,
    pub reference: &'a str,
    /// The whole value, trimmed: a valid [`UsesRef`].
    pub text: &'a str,
    /// The line of the `uses:` value.
    pub line: usize,
}

/// A `uses:` that is neither local (`./…`), nor `docker://`, nor a valid
/// `owner/repo[/path]@ref`: GitHub cannot run it, and no policy may be
/// widened for it.
#[derive(Clone)]
pub struct BadUses<'a> {
    pub job: Job<'a>,
    /// The value as written (`None` when it is not text).
    pub text: Option<&'a str>,
    /// What is wrong with it, and what would be right.
    pub why: String,
    /// The line of the `uses:` value.
    pub line: usize,
}

impl<'a> ActionUse<'a> {
    /// True when this uses `action` (any case, any sub-path).
    pub fn is(&self, action: Action) -> bool {
        Action::from_name(self.name) == Some(action)
    }

    /// True when this uses the repository `owner/repo` (any case).
    pub fn is_named(&self, name: &str) -> bool {
        self.name.eq_ignore_ascii_case(name)
    }

    /// A `with:` input of the step.
    pub fn input(&self, name: &str) -> Option<&'a Node> {
        self.step?.get("with")?.get(name)
    }

    /// The text of a `with:` input, if it is a scalar.
    pub fn input_text(&self, name: &str) -> Option<&'a str> {
        self.input(name).and_then(Node::str)
    }

    pub fn pinned_by_sha(&self) -> bool {
        actions::is_full_sha(self.reference)
    }
}

/// A text with its `${{ env.X }}` parts replaced, and which variables were used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub text: String,
    /// `(name, line of its definition)` of each variable substituted, in order.
    pub used: Vec<(String, usize)>,
}

impl<'a> Workflow<'a> {
    pub fn new(root: &'a Node, source: &'a str) -> Self {
        Workflow {
            root,
            lines: source.lines().collect(),
            budget: Budget::default(),
        }
    }

    /// Where filling in `env:` values passed its budget, if it did: every
    /// value read since is as written, so the analysis must not be trusted.
    pub fn over_budget(&self) -> Option<Overran> {
        self.budget.over.get()
    }

    /// Record the first overrun.
    fn overran(&self, limit: Overrun, line: usize) {
        if self.budget.over.get().is_none() {
            self.budget.over.set(Some(Overran { limit, line }));
        }
    }

    /// Spend one substitution that scans or copies `bytes` and adds `added`
    /// bytes; false (and the overrun recorded) once past the budget.
    fn spend(&self, bytes: usize, added: usize, line: usize) -> bool {
        if self.budget.over.get().is_some() {
            return false;
        }
        self.budget.last_line.set(line);
        let work = self.budget.work.get().saturating_add(1 + bytes / 1024);
        let total = self.budget.bytes.get().saturating_add(added);
        self.budget.work.set(work);
        self.budget.bytes.set(total);
        if work > MAX_EXPANSION_WORK {
            self.overran(Overrun::Work, line);
            false
        } else if total > MAX_EXPANDED_TOTAL {
            self.overran(Overrun::Total, line);
            false
        } else {
            true
        }
    }

    /// `text` with `$NAME` and `${NAME}` replaced by the `env:` value of each
    /// shell variable it names (seen from the step), except those `skip`
    /// accepts; which variables were used. Within the expansion budget: past
    /// it, the rest is left as written.
    pub fn fill_shell(
        &self,
        job: Job<'a>,
        step: Option<&'a Node>,
        word: &str,
        mut skip: impl FnMut(&str) -> bool,
    ) -> (String, Vec<(String, usize)>) {
        let mut text = word.to_string();
        let mut used = Vec::new();
        let cap = MAX_EXPANDED_VALUE.max(word.len());
        for name in super::flow::shell_variables(word) {
            if skip(name) {
                continue;
            }
            let Some(node) = self.env_var(job, step, name) else {
                continue;
            };
            let Some(value) = node.str() else { continue };
            let (braced, bare) = (format!("${{{name}}}"), format!("${name}"));
            let count = text.matches(&braced).count() + text.matches(&bare).count();
            let grown = text.len().saturating_add(count.saturating_mul(value.len()));
            if grown > cap {
                self.overran(Overrun::Value, node.line);
                break;
            }
            if !self.spend(text.len(), count * value.len() + name.len(), node.line) {
                break;
            }
            used.push((name.to_string(), node.line));
            text = text.replace(&braced, value).replace(&bare, value);
        }
        (text, used)
    }

    /// Append `value` to `text` within the expansion budget: false (and
    /// nothing appended) past it.
    pub fn append_within_budget(&self, text: &mut String, value: &str, line: usize) -> bool {
        if text.len().saturating_add(value.len()) > MAX_EXPANDED_VALUE.max(text.len()) {
            self.overran(Overrun::Value, line);
            return false;
        }
        if !self.spend(value.len(), value.len(), line) {
            return false;
        }
        text.push_str(value);
        true
    }

    pub fn jobs(&self) -> impl Iterator<Item = Job<'a>> {
        self.root
            .get("jobs")
            .into_iter()
            .flat_map(Node::entries)
            .map(|(key, node)| Job {
                id: key.str().unwrap_or("?"),
                line: key.line,
                node,
            })
    }

    /// Every step of every job, with its job.
    pub fn steps(&self) -> impl Iterator<Item = (Job<'a>, &'a Node)> + '_ {
        self.jobs()
            .flat_map(|job| job.steps().iter().map(move |step| (job, step)))
    }

    /// Every `uses:` node with its job and step (`None` for a job's reusable
    /// workflow), in file order.
    fn uses_nodes(&self) -> Vec<(Job<'a>, Option<&'a Node>, &'a Node)> {
        let mut out = Vec::new();
        for job in self.jobs() {
            if let Some(n) = job.node.get("uses") {
                out.push((job, None, n));
            }
            for step in job.steps() {
                if let Some(n) = step.get("uses") {
                    out.push((job, Some(step), n));
                }
            }
        }
        out
    }

    /// Every valid `uses:` of a remote action or reusable workflow, steps and
    /// jobs alike, in file order. Local (`./…`) and `docker://` references are
    /// left out, and so is every `uses:` that is not a valid reference (see
    /// [`Workflow::bad_uses`]).
    pub fn action_uses(&self) -> Vec<ActionUse<'a>> {
        self.uses_nodes()
            .into_iter()
            .filter_map(|(job, step, n)| parse_uses(job, step, n).ok().flatten())
            .collect()
    }

    /// Every `uses:` that is not a local, `docker://` or valid remote reference.
    pub fn bad_uses(&self) -> Vec<BadUses<'a>> {
        self.uses_nodes()
            .into_iter()
            .filter_map(|(job, step, n)| parse_uses(job, step, n).err())
            .collect()
    }

    /// The steps that use `action`.
    pub fn steps_of(&self, action: Action) -> impl Iterator<Item = ActionUse<'a>> {
        self.action_uses()
            .into_iter()
            .filter(move |u| u.step.is_some() && u.is(action))
    }

    /// The trailing `# comment` on a source line, if any.
    pub fn comment_on(&self, line: usize) -> Option<&'a str> {
        let text = self.lines.get(line.checked_sub(1)?)?;
        text.find(" #").map(|i| text[i + 2..].trim())
    }

    /// The first line at or after `from` (within [`LINE_SEARCH_WINDOW`] lines)
    /// whose text contains `needle`; `from` if none does.
    pub fn line_of(&self, from: usize, needle: &str) -> usize {
        let start = from.saturating_sub(1);
        self.lines
            .iter()
            .enumerate()
            .skip(start)
            .take(LINE_SEARCH_WINDOW)
            .find(|(_, text)| !needle.is_empty() && text.contains(needle))
            .map_or(from, |(i, _)| i + 1)
    }

    /// The event names under `on:`.
    pub fn triggers(&self) -> Vec<&'a str> {
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

    /// The line where the event `name` is listed under `on:` (its key, its
    /// list item, or the scalar `on: name`), if it is.
    pub fn trigger_line(&self, name: &str) -> Option<usize> {
        let on = self.root.get("on")?;
        match &on.value {
            Value::Scalar { text, .. } => (text == name).then_some(on.line),
            Value::Seq(items) => items.iter().find(|n| n.str() == Some(name)).map(|n| n.line),
            Value::Map(_) => on.key_node(name).map(|k| k.line),
            Value::Alias => None,
        }
    }

    /// True when the workflow runs on `pull_request` or `pull_request_target`.
    pub fn runs_on_pull_requests(&self) -> bool {
        self.triggers()
            .iter()
            .any(|t| matches!(*t, "pull_request" | "pull_request_target"))
    }

    /// The `env:` definition of `name` seen from a step (step, then job, then workflow).
    pub fn env_var(&self, job: Job<'a>, step: Option<&'a Node>, name: &str) -> Option<&'a Node> {
        let scopes = [step, Some(job.node), Some(self.root)];
        scopes
            .into_iter()
            .flatten()
            .find_map(|scope| scope.get("env").and_then(|e| e.get(name)))
    }

    /// Replace each `${{ env.X }}` in `text` by the variable's value, following
    /// variables defined through other variables a few levels deep. Unknown
    /// variables and other expressions are kept as written. Within the
    /// expansion budget: past it, `text` comes back as written.
    pub fn resolve(&self, job: Job<'a>, step: Option<&'a Node>, text: &str) -> Resolved {
        let mut used = Vec::new();
        let mut out = String::new();
        let cap = MAX_EXPANDED_VALUE.max(text.len());
        if self.over_budget().is_some()
            || !self.resolve_into(job, step, text, 0, cap, &mut out, &mut used)
        {
            return Resolved {
                text: text.to_string(),
                used: Vec::new(),
            };
        }
        Resolved { text: out, used }
    }

    /// Append `text`, with its variables filled in, to `out`; false once past
    /// the budget (`out` is then incomplete).
    #[allow(clippy::too_many_arguments)]
    fn resolve_into(
        &self,
        job: Job<'a>,
        step: Option<&'a Node>,
        text: &str,
        depth: usize,
        cap: usize,
        out: &mut String,
        used: &mut Vec<(String, usize)>,
    ) -> bool {
        let push = |out: &mut String, piece: &str| {
            if out.len().saturating_add(piece.len()) > cap {
                self.overran(Overrun::Value, self.budget.last_line.get());
                return false;
            }
            out.push_str(piece);
            true
        };
        let mut rest = text;
        while let Some((before, inner, after)) = next_expression(rest) {
            if !push(out, before) {
                return false;
            }
            let value = env_name(inner)
                .filter(|_| depth < MAX_ENV_DEPTH)
                .and_then(|name| Some((name, self.env_var(job, step, name)?)))
                .and_then(|(name, node)| Some((name, node.line, node.str()?)));
            match value {
                Some((name, line, value)) => {
                    if !self.spend(value.len(), value.len() + name.len(), line) {
                        return false;
                    }
                    used.push((name.to_string(), line));
                    if !self.resolve_into(job, step, value, depth + 1, cap, out, used) {
                        return false;
                    }
                }
                None => {
                    for piece in ["${{", inner, "}}"] {
                        if !push(out, piece) {
                            return false;
                        }
                    }
                }
            }
            rest = after;
        }
        push(out, rest)
    }
}

impl<'a> Job<'a> {
    pub fn steps(&self) -> &'a [Node] {
        self.node.get("steps").map_or(&[], Node::items)
    }

    pub fn get(&self, key: &str) -> Option<&'a Node> {
        self.node.get(key)
    }
}

/// Split off the first `${{ … }}`: (text before, inside, text after).
/// An unterminated `${{` counts as an expression running to the end.
pub fn next_expression(text: &str) -> Option<(&str, &str, &str)> {
    let start = text.find("${{")?;
    let inner_start = start + 3;
    let (inner, after) = match text[inner_start..].find("}}") {
        Some(end) => (
            &text[inner_start..inner_start + end],
            &text[inner_start + end + 2..],
        ),
        None => (&text[inner_start..], ""),
    };
    Some((&text[..start], inner, after))
}

/// Every `${{ … }}` inside `text`, compacted (whitespace removed).
pub fn expressions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some((_, inner, after)) = next_expression(rest) {
        out.push(compact(inner));
        rest = after;
    }
    out
}

/// The text outside every `${{ … }}`.
pub fn literal_parts(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some((before, _, after)) = next_expression(rest) {
        out.push_str(before);
        rest = after;
    }
    out.push_str(rest);
    out
}

/// `X` when an expression's inside is exactly `env.X` or `env['X']`.
fn env_name(inner: &str) -> Option<&str> {
    let inner = inner.trim();
    let name = inner.strip_prefix("env.").or_else(|| {
        inner
            .strip_prefix("env['")
            .and_then(|r| r.strip_suffix("']"))
    })?;
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    valid.then_some(name)
}

/// The text with all whitespace removed, so `${{ x }}` and `${{x}}` compare equal.
pub fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A `uses:` node read: `Ok(None)` for a local or `docker://` reference,
/// `Ok(Some)` for a valid remote one, `Err` for anything else.
fn parse_uses<'a>(
    job: Job<'a>,
    step: Option<&'a Node>,
    node: &'a Node,
) -> Result<Option<ActionUse<'a>>, BadUses<'a>> {
    let bad = |text: Option<&'a str>, why: String| BadUses {
        job,
        text,
        why,
        line: node.line,
    };
    let Some(raw) = node.str() else {
        return Err(bad(
            None,
            "`uses:` is not text: write it as `owner/repo@ref`, e.g. `docker/login-action@v4`."
                .into(),
        ));
    };
    let text = raw.trim();
    if text.starts_with("./") || text.starts_with("docker://") {
        return Ok(None);
    }
    UsesRef::parse(text).map_err(|e| bad(Some(raw), e.message().to_string()))?;
    // Validated, so the text splits as the parse did: owner/repo[/path]@ref.
    let (path, reference) = text.split_once('@').unwrap_or((text, ""));
    let mut parts = path.splitn(3, '/');
    let owner = parts.next().unwrap_or_default();
    let repo = parts.next().unwrap_or_default();
    let sub = parts.next().filter(|s| !s.is_empty());
    Ok(Some(ActionUse {
        job,
        step,
        name: path.get(..owner.len() + 1 + repo.len()).unwrap_or(path),
        path: sub,
        reference,
        text,
        line: node.line,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tree;

    fn parse(yaml: &str) -> Node {
        tree::parse(yaml).unwrap().unwrap()
    }

    #[test]
    fn uses_of_steps_and_jobs() {
        let root = parse(
            "jobs:\n  a:\n    uses: org/repo/.github/workflows/f.yml@v1\n  b:\n    steps:\n      - uses: actions/cache/restore@v5\n      - uses: ./local\n      - uses: docker://alpine:3\n      - uses: nobody@\n      - uses: /x@v1\n",
        );
        let wf = Workflow::new(&root, "");
        let uses = wf.action_uses();
        let seen: Vec<(&str, Option<&str>, &str, bool)> = uses
            .iter()
            .map(|u| (u.name, u.path, u.reference, u.step.is_some()))
            .collect();
        assert_eq!(
            seen,
            [
                ("org/repo", Some(".github/workflows/f.yml"), "v1", false),
                ("actions/cache", Some("restore"), "v5", true),
            ]
        );
        assert!(uses[1].is(Action::Cache));
    }

    #[test]
    fn env_resolution_follows_scopes_and_chains() {
        let root = parse(
            "env:\n  REGISTRY: ghcr.io\n  NAME: ${{ github.repository }}\njobs:\n  a:\n    env:\n      IMAGE: ${{ env.REGISTRY }}/${{ env.NAME }}\n      LOOP: ${{ env.LOOP }}\n    steps:\n      - run: x\n",
        );
        let wf = Workflow::new(&root, "");
        let job = wf.jobs().next().unwrap();
        let r = wf.resolve(
            job,
            None,
            "${{env.IMAGE}}:1 ${{ env.MISSING }} ${{ matrix.x }}",
        );
        assert_eq!(
            r.text,
            "ghcr.io/${{ github.repository }}:1 ${{ env.MISSING }} ${{ matrix.x }}"
        );
        let names: Vec<&str> = r.used.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["IMAGE", "REGISTRY", "NAME"]);
        let looped = wf.resolve(job, None, "${{ env.LOOP }}");
        assert!(looped.text.contains("${{ env.LOOP }}"), "{}", looped.text);
        assert_eq!(wf.resolve(job, None, "a ${{ env.X").text, "a ${{ env.X}}");
    }

    #[test]
    fn expression_helpers() {
        assert_eq!(expressions("a ${{ x.y }} b ${{z}}"), ["x.y", "z"]);
        assert_eq!(literal_parts("ghcr.io/${{ x }}/Name"), "ghcr.io//Name");
        assert_eq!(env_name(" env['A_B'] "), Some("A_B"));
        assert_eq!(env_name("env.a b"), None);
    }
}
