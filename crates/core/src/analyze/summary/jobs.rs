//! Per-job facts: logins, pushes, builds and image names, and whether each
//! login or push also runs on pull requests. On `pull_request_target` a
//! guard counts only when it is false on that trigger too.

use super::paths::build_paths;
use super::{BuildStep, Image, JobSummary, Login, LoginVia, Permissions, Push, PushVia, RunsOn};
use crate::actions::Action;
use crate::analyze::flow::{container_commands, shell_variables, sink_sites, SinkKind};
use crate::analyze::images::items_at;
use crate::analyze::tree::Node;
use crate::analyze::workflow::{compact, expressions, ActionUse, Job, Workflow};

/// docker/bake-action, which is not in the pinned table.
const BAKE: &str = crate::analyze::flow::BAKE;

/// Every job, in file order.
pub(super) fn jobs(wf: &Workflow, workflow_permissions: &Permissions) -> Vec<JobSummary> {
    let on_prs = wf.runs_on_pull_requests();
    let on_target = wf.trigger_line("pull_request_target").is_some();
    let uses = wf.action_uses();
    let sites = sink_sites(wf);
    wf.jobs()
        .map(|job| {
            let permissions = Permissions::of(job.node);
            let in_job = |j: &Job| std::ptr::eq(j.node, job.node);
            let steps: Vec<&ActionUse> = uses
                .iter()
                .filter(|u| u.step.is_some() && in_job(&u.job))
                .collect();
            let skips = |node: &Node| {
                skips_pull_requests(node) && (!on_target || node_guards_pull_request_target(node))
            };
            let pr_step = |step: &Node| on_prs && !skips(job.node) && !skips(step);
            let mut logins = Vec::new();
            let mut pushes = Vec::new();
            let mut builds = Vec::new();
            for u in &steps {
                let Some(step) = u.step else { continue };
                if u.is(Action::Login) {
                    logins.push(action_login(wf, u, pr_step(step)));
                }
                if let Some(push) = action_push(u, pr_step(step), on_target) {
                    pushes.push(push);
                }
                if u.is(Action::BuildPush) {
                    let (context, dockerfile) =
                        build_paths(u.input_text("context"), u.input_text("file"));
                    builds.push(BuildStep {
                        line: u.line,
                        context,
                        dockerfile,
                    });
                }
            }
            for step in job.steps() {
                script_facts(wf, job, step, pr_step(step), &mut logins, &mut pushes);
            }
            let images = sites
                .iter()
                .filter(|s| in_job(&s.job) && s.kind != SinkKind::AttestSubject)
                .flat_map(|s| {
                    items_at(wf, s).into_iter().map(|item| Image {
                        line: s.line,
                        kind: s.kind,
                        name: item.name,
                        literal: item.literal,
                        from_repository: item.from_repository,
                    })
                })
                .collect();
            JobSummary {
                id: job.id.to_string(),
                line: job.line,
                runs_on: RunsOn::of(job.node),
                packages: Permissions::packages_grant(&permissions, workflow_permissions),
                permissions,
                calls: job.get("uses").and_then(Node::str).map(str::to_string),
                logins,
                pushes,
                builds,
                images,
            }
        })
        .collect()
}

/// True when a condition is false on `pull_request_target` too: it tests
/// for another event by name, or against `pull_request_target` itself. The
/// usual `github.event_name != 'pull_request'` is true there, and so is a
/// test of `github.ref`, which is the base branch on that trigger.
fn guards_pull_request_target(condition: &str) -> bool {
    let c = compact(condition).to_ascii_lowercase().replace('"', "'");
    let target = ["!='pull_request_target'", "'pull_request_target'!="];
    let other_event = ["push", "workflow_dispatch", "release", "schedule"]
        .iter()
        .any(|e| {
            c.contains(&format!("github.event_name=='{e}'"))
                || c.contains(&format!("'{e}'==github.event_name"))
        });
    other_event || target.iter().any(|t| c.contains(t))
}

/// [`guards_pull_request_target`] for a step's or job's `if:`.
fn node_guards_pull_request_target(step_or_job: &Node) -> bool {
    step_or_job
        .get("if")
        .and_then(Node::str)
        .is_some_and(guards_pull_request_target)
}

/// True when the step or job's `if:` keeps it from running on pull requests,
/// as far as can be read: it tests the event, the ref or the pull request,
/// and does not ask for pull requests only.
pub(crate) fn skips_pull_requests(step_or_job: &Node) -> bool {
    let Some(condition) = step_or_job.get("if").and_then(Node::str) else {
        return false;
    };
    let c = compact(condition).to_ascii_lowercase().replace('"', "'");
    let only_prs = [
        "=='pull_request",
        "'pull_request'==",
        "'pull_request_target'==",
    ]
    .iter()
    .any(|p| c.contains(p));
    let tests_event = [
        "event_name",
        "pull_request",
        "github.ref",
        "head_ref",
        "base_ref",
    ]
    .iter()
    .any(|p| c.contains(p));
    tests_event && !only_prs
}

fn action_login(wf: &Workflow, u: &ActionUse, on_pull_request: bool) -> Login {
    let registry = u
        .input_text("registry")
        .map(|r| wf.resolve(u.job, u.step, r).text.trim().to_string())
        .filter(|r| !r.is_empty());
    let password = u
        .input_text("password")
        .map(|p| wf.resolve(u.job, u.step, p).text)
        .unwrap_or_default();
    let (secrets, uses_github_token) = secrets_in(&password);
    Login {
        line: u.line,
        via: LoginVia::Action,
        registry_known: !registry.as_deref().is_some_and(|r| r.contains("${{")),
        registry,
        secrets,
        uses_github_token,
        on_pull_request,
    }
}

/// A build-push or bake step that pushes: `push:` not `false` (build-push also
/// pushes with `outputs: type=registry` or `push=true`).
fn action_push(u: &ActionUse, on_pull_request: bool, on_target: bool) -> Option<Push> {
    let via = if u.is(Action::BuildPush) {
        PushVia::BuildPush
    } else if u.is_named(BAKE) {
        PushVia::Bake
    } else {
        return None;
    };
    let push = u.input("push");
    let text = push.and_then(Node::str).map(str::trim);
    let outputs_push = via == PushVia::BuildPush
        && u.input_text("outputs")
            .is_some_and(|o| o.contains("type=registry") || o.contains("push=true"));
    let (line, conditional) = match text {
        Some(t) if t.eq_ignore_ascii_case("false") => return None,
        Some(t) => (push.map_or(u.line, |n| n.line), t.contains("${{")),
        None if outputs_push => (u.line, false),
        None => return None,
    };
    Some(Push {
        line,
        via,
        conditional,
        // An expression is taken to leave pull requests out; on
        // `pull_request_target` only one that tests for that trigger or
        // another event does.
        on_pull_request: on_pull_request
            && !(conditional && (!on_target || text.is_some_and(guards_pull_request_target))),
    })
}

/// Logins and pushes made by `docker login` / `docker push` commands in a step's script.
fn script_facts(
    wf: &Workflow,
    job: Job,
    step: &Node,
    on_pull_request: bool,
    logins: &mut Vec<Login>,
    pushes: &mut Vec<Push>,
) {
    let Some(run) = step.get("run") else { return };
    let Some(script) = run.str() else { return };
    for command in container_commands(script) {
        let line = wf.line_of(run.line, &command.first_line);
        if command.has_verb(&["push", "--push"]) {
            pushes.push(Push {
                line,
                via: PushVia::RunCommand,
                conditional: false,
                on_pull_request,
            });
        }
        if !command.has_verb(&["login"]) {
            continue;
        }
        let registry = login_argument(&command.words()).map(|r| {
            let filled = fill_from_env(wf, job, step, r);
            wf.resolve(job, Some(step), &filled).text
        });
        let mut text = command.text.clone();
        for name in shell_variables(&command.text) {
            if let Some(node) = wf.env_var(job, Some(step), name) {
                if let Some(value) = node.str() {
                    text.push(' ');
                    if !wf.append_within_budget(&mut text, value, node.line) {
                        break;
                    }
                }
            }
        }
        let (secrets, uses_github_token) = secrets_in(&text);
        logins.push(Login {
            line,
            via: LoginVia::RunCommand,
            registry_known: !registry
                .as_deref()
                .is_some_and(|r| r.contains("${{") || r.contains('$')),
            registry,
            secrets,
            uses_github_token,
            on_pull_request,
        });
    }
}

/// The registry argument of a `… login [flags] REGISTRY` command.
fn login_argument<'w>(words: &[&'w str]) -> Option<&'w str> {
    let start = words.iter().position(|w| *w == "login")? + 1;
    let mut skip_value = false;
    for word in &words[start..] {
        if skip_value {
            skip_value = false;
            continue;
        }
        if word.starts_with('-') {
            skip_value = matches!(*word, "-u" | "--username" | "-p" | "--password");
            continue;
        }
        return Some(word.trim_matches(|c| c == '"' || c == '\''));
    }
    None
}

/// Replace `$NAME`/`${NAME}` by the `env:` value of NAME where one is defined.
fn fill_from_env<'a>(wf: &Workflow<'a>, job: Job<'a>, step: &'a Node, word: &str) -> String {
    wf.fill_shell(job, Some(step), word, |_| false).0
}

/// The secret names a text reads (`secrets.NAME`, `secrets['NAME']`), and
/// whether it may be the workflow's own token (`GITHUB_TOKEN` or `github.token`).
pub(crate) fn secrets_in(text: &str) -> (Vec<String>, bool) {
    let mut names: Vec<String> = Vec::new();
    let mut own_token = false;
    for expr in expressions(text) {
        own_token |= expr.to_ascii_lowercase().contains("github.token");
        let mut rest = expr.as_str();
        while let Some(i) = rest.find("secrets") {
            let after = &rest[i + "secrets".len()..];
            let name_start = after
                .strip_prefix('.')
                .or_else(|| after.strip_prefix("['"))
                .or_else(|| after.strip_prefix("[\""));
            rest = after;
            let Some(name_start) = name_start else {
                continue;
            };
            let len = name_start
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(name_start.len());
            let name = &name_start[..len];
            if !name.is_empty() && !names.iter().any(|n| n == name) {
                names.push(name.to_string());
            }
        }
    }
    own_token |= names.iter().any(|n| n.eq_ignore_ascii_case("GITHUB_TOKEN"));
    (names, own_token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_names() {
        let (names, own) =
            secrets_in("${{ secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN }}");
        assert_eq!(names, ["LOCAL_RUNNER_FALLBACK_TOKEN", "GITHUB_TOKEN"]);
        assert!(own);
        let (names, own) = secrets_in("${{ secrets['CR_PAT'] }} secrets.NOT_IN_EXPR");
        assert_eq!((names, own), (vec!["CR_PAT".to_string()], false));
        assert_eq!(secrets_in("${{ github.token }}"), (Vec::new(), true));
        assert_eq!(secrets_in("${{ secrets }}"), (Vec::new(), false));
    }

    #[test]
    fn login_arguments() {
        let words = [
            "echo",
            "x",
            "docker",
            "login",
            "-u",
            "me",
            "--password-stdin",
            "ghcr.io",
        ];
        assert_eq!(login_argument(&words), Some("ghcr.io"));
        assert_eq!(login_argument(&["docker", "login"]), None);
    }
}
