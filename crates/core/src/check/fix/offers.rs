//! Which fixes a row offers, and whether this caller may make them: the
//! change is offered only when the token's scopes and the caller's role
//! allow it; otherwise the row says what is missing.

use super::{FixKind, FixOffer, PROPOSAL_BRANCH};
use crate::analyze::PackagesGrant;
use crate::api::actions::{AllowedActions, DefaultPermission, EnabledRepositories};
use crate::api::ApiError;
use crate::check::checks::{and_list, login_secret, used_actions, Cx, Item};
use crate::check::context::{lacks_scope, WorkflowPick};
use crate::check::facts::Got;
use crate::check::policy::Policy;
use crate::check::verdict::Status;
use crate::names::{AllowPattern, RepoPath, SecretName, WorkflowFileName};
use crate::token::Scope;

/// Every fix offered for `items` (one per row and kind).
pub fn offers(items: &[Item], cx: &Cx) -> Vec<FixOffer> {
    let mut out = Vec::new();
    let status = |id: &str| {
        items
            .iter()
            .find(|i| i.meta.id == id)
            .map_or(Status::Pending, |i| i.verdict.status)
    };
    let gate = Gate::of(cx);
    let repo = &cx.target.canonical(cx.facts);
    let propose = || propose_offer(cx, &gate);

    // Default token permissions.
    let default = match cx.facts.repo_workflow_permissions() {
        Got::Ready(p, _) => Some(p.default_workflow_permissions),
        _ => None,
    };
    let org_forces_read = matches!(cx.facts.org_workflow_permissions(), Got::Ready(p, _) if p.default_workflow_permissions == DefaultPermission::Read);
    match (status("workflow-permissions"), default) {
        (Status::Warn, Some(DefaultPermission::Write)) => {
            out.push(FixOffer {
                check: "workflow-permissions",
                kind: FixKind::DefaultPermissions(DefaultPermission::Read),
                label: "Set the default to read".into(),
                confirm: format!(
                    "The default permissions of GITHUB_TOKEN in {repo} change from read and write to read (Settings → Actions → General → Workflow permissions). Workflows that declare their own `permissions:` keep them; those that declare none can then only read."
                ),
                recommended: true,
                replaces: None,
                blocked: gate.repo_admin(),
            });
            if grant(cx) == Some(PackagesGrant::NotDeclared) {
                out.push(FixOffer {
                    check: "workflow-permissions",
                    recommended: false,
                    ..propose()
                });
            }
        }
        (Status::Fail, Some(DefaultPermission::Read)) => {
            out.push(FixOffer {
                check: "workflow-permissions",
                ..propose()
            });
            if grant(cx) != Some(PackagesGrant::ReadOrNone) {
                out.push(FixOffer {
                    check: "workflow-permissions",
                    kind: FixKind::DefaultPermissions(DefaultPermission::Write),
                    label: "Set the default to read and write".into(),
                    confirm: format!(
                        "The default permissions of GITHUB_TOKEN in {repo} change from read to read and write, as the setup guide advises. Every workflow of the repository that declares no `permissions:` can then write — broader than publishing needs; the workflow fix is narrower."
                    ),
                    recommended: false,
                    replaces: None,
                    blocked: if org_forces_read {
                        Some(format!("{} forces read for its repositories, so GitHub would refuse (409); use the workflow fix.", cx.owner()))
                    } else {
                        gate.repo_admin()
                    },
                });
            }
        }
        (Status::Fail, _) => out.push(FixOffer {
            check: "workflow-permissions",
            ..propose()
        }),
        _ => {}
    }

    // Actions on/off.
    if status("actions-enabled") == Status::Fail
        && matches!(cx.facts.repo_actions(), Got::Ready(a, _) if !a.enabled)
    {
        out.push(FixOffer {
            check: "actions-enabled",
            kind: FixKind::EnableActions,
            label: "Enable GitHub Actions".into(),
            confirm: format!("GitHub Actions are enabled for {repo}: the workflows in .github/workflows start running on their triggers."),
            recommended: true,
            replaces: None,
            blocked: if matches!(cx.facts.org_actions(), Got::Ready(o, _) if o.enabled_repositories == EnabledRepositories::None) {
                Some(format!("{} disables Actions for all its repositories, so GitHub would refuse (409); an owner enables them in the organization's Actions settings first.", cx.owner()))
            } else {
                gate.repo_admin()
            },
        });
    }

    // Allowed actions.
    if status("allowed-actions") == Status::Fail {
        out.extend(allow_offers(cx, &gate));
    }

    // The token secret: only the one the workflow reads, and one that is
    // there now only when the person ticks that it is replaced.
    let secret_status = status("fallback-secret");
    let kind_status = status("fallback-secret-kind");
    if let Some(name) = secret_name(cx) {
        let in_repo =
            matches!(cx.facts.repo_secrets(), Got::Ready(l, _) if l.find(name.as_str()).is_some());
        let in_org = matches!(cx.facts.repo_org_secrets(), Got::Ready(l, _) if l.find(name.as_str()).is_some());
        if matches!(secret_status, Status::Fail | Status::Warn) || kind_status == Status::Manual {
            let check = if secret_status == Status::Pass {
                "fallback-secret-kind"
            } else {
                "fallback-secret"
            };
            let file = match cx.workflow() {
                WorkflowPick::Found(doc) => doc.file.repo_path().to_string(),
                _ => "the workflow".to_string(),
            };
            out.push(FixOffer {
                check,
                kind: FixKind::FallbackSecret(name.clone()),
                label: if in_repo { format!("Verify a token and replace {name}") } else { format!("Verify a token and create {name}") },
                confirm: format!(
                    "The repository secret `{name}`, which {file} logs in with, is {} in {repo} with the token you verified, sealed in this browser with the repository's public key. The token is then forgotten by this page. Everyone who can push to {repo} can write a workflow that reads this secret, and so use the token with all of its `repo` rights: store a service account's token that reaches only what publishing needs, not your own.{}",
                    if in_repo { "replaced" } else { "created" },
                    if in_org && !in_repo { " A repository secret takes precedence over the organization secret of the same name." } else { "" }
                ),
                recommended: true,
                blocked: gate.repo_writer(),
                replaces: secret_replaces(cx, &name),
            });
        }
    }

    // The workflow itself.
    for id in [
        "workflow-file",
        "workflow-findings",
        "pull-requests",
        "image-name",
        "sha-pinning",
    ] {
        if matches!(status(id), Status::Fail | Status::Warn) {
            out.push(FixOffer {
                check: id,
                ..propose()
            });
            out.push(FixOffer {
                check: id,
                ..commit_offer(cx, &gate)
            });
        }
    }
    if let Some(now) = cx.target.moved_to(cx.facts) {
        for o in &mut out {
            o.confirm.push_str(&format!(
                " GitHub now names {} {now} (renamed or transferred): the change is made there.",
                cx.target.repo
            ));
        }
    }
    out
}

/// The publishing job's `packages` grant, when there is a workflow.
fn grant(cx: &Cx) -> Option<PackagesGrant> {
    let summary = cx.summary().ok().flatten()?;
    Some(summary.publishing_job()?.packages())
}

/// The token secret the publishing workflow logs in with, if it reads one:
/// the only secret the fix may write.
pub(crate) fn secret_name(cx: &Cx) -> Option<SecretName> {
    let summary = cx.summary().ok().flatten()?;
    let (name, _) = login_secret(summary)?;
    SecretName::parse(&name).ok()
}

/// When storing `name` would replace a value there now — a repository
/// secret of that name, or an organization secret it would take the place
/// of — the label of the tick box that consents to it.
pub(crate) fn secret_replaces(cx: &Cx, name: &SecretName) -> Option<String> {
    let has = |got: Got<'_, crate::api::actions::SecretList>| matches!(got, Got::Ready(l, _) if l.find(name.as_str()).is_some());
    if has(cx.facts.repo_secrets()) {
        Some(format!(
            "Replace the secret `{name}` that is set now (its value cannot be read back)"
        ))
    } else if has(cx.facts.repo_org_secrets()) {
        Some(format!(
            "Let this repository's `{name}` take the place of the organization secret of the same name"
        ))
    } else {
        None
    }
}

/// The repository's default branch, once it is read.
fn default_branch<'c>(cx: &'c Cx) -> Option<&'c str> {
    match cx.facts.repo() {
        Got::Ready(r, _) => Some(r.default_branch.as_str()),
        _ => None,
    }
}

/// The publishing workflow found: `Ok` when it is the file the workflow
/// fixes write, `Err` with its path when it is another one.
fn found_workflow(cx: &Cx) -> Option<Result<(), RepoPath>> {
    match cx.workflow() {
        WorkflowPick::Found(doc) if doc.file == WorkflowFileName::docker_image() => Some(Ok(())),
        WorkflowPick::Found(doc) => Some(Err(doc.file.repo_path())),
        _ => None,
    }
}

fn propose_offer(cx: &Cx, gate: &Gate) -> FixOffer {
    let base = default_branch(cx).unwrap_or("the default branch");
    let replaces = match found_workflow(cx) {
        Some(Err(other)) => format!(
            " Your current publishing workflow, {other}, stays; remove it in the same pull request so the image is not pushed twice."
        ),
        _ => String::new(),
    };
    FixOffer {
        check: "workflow-file",
        kind: FixKind::ProposeWorkflow,
        label: "Propose the workflow as a pull request".into(),
        confirm: format!(
            "A branch `{PROPOSAL_BRANCH}` is created from `{base}` in {} with .github/workflows/docker-image.yml as shown in the workflow panel, and a pull request is opened against `{base}`. Nothing changes on `{base}` until you merge it. A branch of that name holding commits this tool did not make is left alone: `{PROPOSAL_BRANCH}-2` (up to `-5`) is used instead.{replaces}",
            cx.target.canonical(cx.facts)
        ),
        recommended: true,
        replaces: None,
        blocked: gate.propose(),
    }
}

/// The quick path beside the pull request: the same file, committed
/// straight to the default branch.
fn commit_offer(cx: &Cx, gate: &Gate) -> FixOffer {
    let (base, label) = match default_branch(cx) {
        Some(b) => (format!("`{b}`"), format!("Commit it to {b} directly")),
        None => (
            "the default branch".into(),
            "Commit it to the default branch directly".into(),
        ),
    };
    let (replacing, other) = match found_workflow(cx) {
        Some(Ok(())) => (", replacing the file there now", String::new()),
        Some(Err(other)) => (
            "",
            format!(" Your current publishing workflow, {other}, stays: remove it, or the image is pushed twice."),
        ),
        None => ("", String::new()),
    };
    FixOffer {
        check: "workflow-file",
        kind: FixKind::CommitWorkflow,
        label,
        confirm: format!(
            ".github/workflows/docker-image.yml, as shown in the workflow panel, is committed straight to {base} in {}{replacing} — no branch, no pull request, no review. That commit starts the workflow, which publishes the image. A protected {base} refuses this; then propose it as a pull request.{other}",
            cx.target.canonical(cx.facts)
        ),
        recommended: false,
        replaces: None,
        blocked: gate.propose(),
    }
}

fn allow_offers(cx: &Cx, gate: &Gate) -> Vec<FixOffer> {
    let mut out = Vec::new();
    let Ok(summary) = cx.summary() else {
        return out;
    };
    let (used, _) = used_actions(summary);
    let owner = cx.owner();
    let repo = &cx.target.canonical(cx.facts);
    let repo_actions = match cx.facts.repo_actions() {
        Got::Ready(a, _) => a,
        _ => return out,
    };
    let repo_list = match cx.facts.repo_selected_actions() {
        Got::Ready(l, _) => Some(l),
        _ => None,
    };
    let repo_policy = Policy {
        allowed: repo_actions.allowed_actions.unwrap_or(AllowedActions::All),
        list: repo_list,
        local_owner: owner,
    };
    let org = match cx.facts.org_actions() {
        Got::Ready(o, _) => Some(o),
        _ => None,
    };
    let org_list = match cx.facts.org_selected_actions() {
        Got::Ready(l, _) => Some(l),
        _ => None,
    };
    let org_policy = org.map(|o| Policy {
        allowed: o.allowed_actions.unwrap_or(AllowedActions::All),
        list: org_list,
        local_owner: owner,
    });
    let file = match cx.workflow() {
        WorkflowPick::Found(doc) => doc.file.repo_path().to_string(),
        _ => "the workflow".to_string(),
    };
    // A `uses:` that is not an action reference cannot be allow-listed
    // exactly: nothing is widened until it is fixed.
    let bad_uses = summary.map(|s| s.bad_uses.as_slice()).unwrap_or_default();
    let bad_reason = (!bad_uses.is_empty()).then(|| {
        let lines: Vec<String> = bad_uses
            .iter()
            .map(|b| match &b.text {
                Some(t) => format!("line {} (`uses: {}`)", b.line, t.trim()),
                None => format!("line {}", b.line),
            })
            .collect();
        format!(
            "{file} has a `uses:` that is not an action reference on {}; correct it to `owner/repo@ref` first — this tool allow-lists only actions it can name exactly, never a pattern with `*`.",
            and_list(&lines)
        )
    });
    let mut plan = |policy: Policy, org_level: bool| {
        let blocked: Vec<_> = used.iter().filter(|a| !policy.allows(a)).collect();
        if blocked.is_empty() {
            return;
        }
        let to_selected = policy.allowed == AllowedActions::LocalOnly;
        let mut patterns: Vec<AllowPattern> = Vec::new();
        // Leaving "own actions only" allows GitHub-owned actions as a whole:
        // a pattern for one of them would only repeat it.
        for a in blocked
            .iter()
            .filter(|a| !(to_selected && a.is_github_owned()))
        {
            let p = a.exact_pattern();
            if !patterns.contains(&p) {
                patterns.push(p);
            }
        }
        // Owners neither GitHub nor a known verified creator: their code
        // runs with the workflow's token, so it is read before it is allowed.
        let untrusted: Vec<String> = blocked
            .iter()
            .filter(|a| !a.is_trusted_owner())
            .map(|a| match a.line {
                Some(line) => format!("`{}` (line {line})", a.full()),
                None => format!("`{}`", a.full()),
            })
            .collect();
        let explicit: Vec<String> = blocked
            .iter()
            .filter(|a| policy.blocks_explicitly(a))
            .map(|a| a.name())
            .collect();
        let shown: Vec<String> = patterns.iter().map(|p| format!("`{p}`")).collect();
        let (who, where_) = if org_level {
            (format!("the organization {owner}"), "its repositories")
        } else {
            (repo.to_string(), "the repository")
        };
        let mut confirm = if to_selected {
            let and = if shown.is_empty() {
                String::new()
            } else {
                format!(" and {}", shown.join(", "))
            };
            format!(
                "{who}'s Actions policy changes from its own actions only to selected actions: GitHub-owned actions{and} become allowed for {where_}, together with {owner}'s own actions. Nothing else is allowed."
            )
        } else {
            format!(
                "{} {} added to the actions {who} allows for {where_}. The rest of the list, and whether GitHub-owned actions and verified creators are allowed, stay as they are.",
                shown.join(", "),
                if shown.len() == 1 { "is" } else { "are" }
            )
        };
        if !untrusted.is_empty() {
            confirm.push_str(&format!(
                " Neither GitHub nor a verified creator publishes {}: review {} in {file} and the action's code first — it runs with the workflow's token and can publish under {owner}'s name.",
                and_list(&untrusted),
                if untrusted.len() == 1 { "that line" } else { "those lines" }
            ));
        }
        let blocked_reason = if let Some(reason) = &bad_reason {
            Some(reason.clone())
        } else if !explicit.is_empty() {
            Some(format!(
                "A `!` pattern blocks {}; remove it in the Actions settings first — this tool never removes a block for you.",
                explicit.join(", ")
            ))
        } else if org_level {
            gate.org_owner()
        } else {
            gate.repo_admin()
        };
        out.push(FixOffer {
            check: "allowed-actions",
            kind: FixKind::AllowActions {
                org: org_level,
                patterns,
                to_selected,
            },
            label: if org_level {
                "Allow these actions in the organization".into()
            } else {
                "Allow these actions".into()
            },
            confirm,
            recommended: untrusted.is_empty(),
            replaces: None,
            blocked: blocked_reason,
        });
    };
    plan(repo_policy, false);
    if let Some(p) = org_policy {
        plan(p, true);
    }
    out
}

/// What this caller may change, from the facts read.
struct Gate {
    admin: Option<bool>,
    writer: Option<bool>,
    org_owner: Option<bool>,
    lacks_repo: bool,
    lacks_workflow: bool,
    lacks_admin_org: bool,
    restricted: Option<String>,
}

impl Gate {
    fn of(cx: &Cx) -> Gate {
        let scopes = cx.facts.user_scopes();
        let perms = match cx.facts.repo() {
            Got::Ready(r, _) => r.permissions,
            _ => None,
        };
        let org_owner = match cx.facts.membership() {
            Got::Ready(m, _) => Some(m.is_owner()),
            Got::NotApplicable => Some(false),
            _ => None,
        };
        let restricted = cx.facts.errors().find_map(|(_, e, _)| match e {
            ApiError::OAuthAppRestricted { org } => {
                Some(org.clone().unwrap_or_else(|| cx.owner().to_string()))
            }
            _ => None,
        });
        Gate {
            admin: perms.map(|p| p.admin),
            writer: perms.map(|p| p.push),
            org_owner,
            lacks_repo: lacks_scope(cx.identity, scopes, &Scope::Repo),
            lacks_workflow: lacks_scope(cx.identity, scopes, &Scope::Workflow),
            lacks_admin_org: lacks_scope(cx.identity, scopes, &Scope::AdminOrg),
            restricted,
        }
    }

    fn common(&self) -> Option<String> {
        if let Some(org) = &self.restricted {
            return Some(format!(
                "{org} has not approved this app, so GitHub refuses changes made through it; an owner approves it, or sign in with a classic token."
            ));
        }
        self.lacks_repo
            .then(|| "Needs the `repo` scope — sign in again with it ticked.".to_string())
    }

    fn repo_admin(&self) -> Option<String> {
        self.common().or_else(|| {
            (self.admin != Some(true)).then(|| {
                "Needs admin rights on the repository — ask an admin to make this change."
                    .to_string()
            })
        })
    }

    fn repo_writer(&self) -> Option<String> {
        self.common().or_else(|| {
            (self.writer != Some(true)).then(|| "Needs write access to the repository.".to_string())
        })
    }

    fn org_owner(&self) -> Option<String> {
        if let Some(reason) = self.common() {
            return Some(reason);
        }
        if self.org_owner != Some(true) {
            return Some(
                "Needs an owner of the organization — ask one to make this change.".into(),
            );
        }
        self.lacks_admin_org
            .then(|| "Needs the `admin:org` scope — sign in again with it ticked.".to_string())
    }

    fn propose(&self) -> Option<String> {
        if let Some(reason) = self.repo_writer() {
            return Some(reason);
        }
        self.lacks_workflow.then(|| {
            "Needs the `workflow` scope — sign in again with it ticked, or use \"Propose on GitHub\" in the workflow panel below.".to_string()
        })
    }
}
