//! Fixes that change an Actions setting: the default token permissions,
//! Actions on/off, and the allowed-actions list (repository or organization).

use serde::Serialize;

use super::{refusal, Role, Step};
use crate::api::actions::{DefaultPermission, EnabledRepositories, SelectedActions};
use crate::api::{ApiError, Endpoint};
use crate::engine::Success;
use crate::names::{AllowPattern, Login, RepoSlug};

#[derive(Serialize)]
struct DefaultBody {
    default_workflow_permissions: &'static str,
}

#[derive(Serialize)]
struct RepoActionsBody {
    enabled: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    allowed_actions: Option<&'static str>,
}

#[derive(Serialize)]
struct OrgActionsBody {
    enabled_repositories: &'static str,
    allowed_actions: &'static str,
}

fn json<T: Serialize>(body: &T) -> Option<String> {
    serde_json::to_string(body).ok()
}

/// One settings change, as up to two writes.
#[derive(Debug)]
pub(crate) struct SettingsExec {
    writes: Vec<(Endpoint, Option<String>)>,
    done: String,
    what: String,
    /// The message for a 409 (a setting the organization forbids).
    on_conflict: Option<String>,
    /// Who may make the change.
    role: Role,
    next: usize,
}

impl SettingsExec {
    /// Sets the repository's default token permissions.
    pub(crate) fn default_permissions(
        repo: &RepoSlug,
        to: DefaultPermission,
        owner_forces: &str,
    ) -> Self {
        let word = match to {
            DefaultPermission::Write => "write",
            _ => "read",
        };
        SettingsExec {
            role: Role::Admin,
            writes: vec![(
                Endpoint::PutRepoWorkflowPermissions { repo: repo.clone() },
                json(&DefaultBody {
                    default_workflow_permissions: word,
                }),
            )],
            done: format!("The default permissions of GITHUB_TOKEN in {repo} are now {word}."),
            what: "change the default workflow permissions".into(),
            on_conflict: Some(format!(
                "GitHub answered 409: {owner_forces} forces read-only tokens on its repositories, so this repository cannot raise its default. Add `packages: write` to the publishing job instead (\"Propose the workflow\" does); it works under a read default."
            )),
            next: 0,
        }
    }

    /// Enables Actions for the repository.
    pub(crate) fn enable_actions(repo: &RepoSlug) -> Self {
        SettingsExec {
            role: Role::Admin,
            writes: vec![(
                Endpoint::PutRepoActionsPermissions { repo: repo.clone() },
                json(&RepoActionsBody {
                    enabled: true,
                    allowed_actions: None,
                }),
            )],
            done: format!("GitHub Actions are now enabled for {repo}."),
            what: "enable GitHub Actions".into(),
            on_conflict: Some(format!(
                "GitHub answered 409: the organization that owns {repo} does not let it enable Actions; an organization owner enables them under Settings → Actions → General."
            )),
            next: 0,
        }
    }

    /// Allows `patterns` for the repository, keeping the rest of its list.
    pub(crate) fn allow_for_repo(
        repo: &RepoSlug,
        current: Option<&SelectedActions>,
        patterns: &[AllowPattern],
        to_selected: bool,
    ) -> Self {
        let mut writes = Vec::new();
        if to_selected {
            writes.push((
                Endpoint::PutRepoActionsPermissions { repo: repo.clone() },
                json(&RepoActionsBody {
                    enabled: true,
                    allowed_actions: Some("selected"),
                }),
            ));
        }
        writes.push((
            Endpoint::PutRepoSelectedActions { repo: repo.clone() },
            json(&selected(current, patterns, to_selected)),
        ));
        SettingsExec {
            role: Role::Admin,
            writes,
            done: format!("{repo} now allows {}.", joined(patterns)),
            what: "change the allowed actions".into(),
            on_conflict: Some(format!(
                "GitHub answered 409: the organization's policy decides the allowed actions for {repo}; an organization owner changes it."
            )),
            next: 0,
        }
    }

    /// Allows `patterns` for the organization, keeping the rest of its list.
    pub(crate) fn allow_for_org(
        org: &Login,
        enabled: EnabledRepositories,
        current: Option<&SelectedActions>,
        patterns: &[AllowPattern],
        to_selected: bool,
    ) -> Self {
        let mut writes = Vec::new();
        if to_selected {
            writes.push((
                Endpoint::PutOrgActionsPermissions { org: org.clone() },
                json(&OrgActionsBody {
                    enabled_repositories: match enabled {
                        EnabledRepositories::None => "none",
                        EnabledRepositories::Selected => "selected",
                        _ => "all",
                    },
                    allowed_actions: "selected",
                }),
            ));
        }
        writes.push((
            Endpoint::PutOrgSelectedActions { org: org.clone() },
            json(&selected(current, patterns, to_selected)),
        ));
        SettingsExec {
            role: Role::OrgOwner,
            writes,
            done: format!(
                "{org} now allows {} for its repositories.",
                joined(patterns)
            ),
            what: "change the organization's allowed actions".into(),
            on_conflict: Some(format!(
                "GitHub answered 409: {org}'s allowed actions are decided above it — by its enterprise's policy — or its policy changed since it was read. Re-check; if it stays, an enterprise owner changes it."
            )),
            next: 0,
        }
    }

    pub(crate) fn start(&mut self) -> Step {
        self.send_next()
    }

    fn send_next(&mut self) -> Step {
        match self.writes.get(self.next) {
            Some((endpoint, body)) => {
                self.next += 1;
                Step::Send(endpoint.clone(), body.clone())
            }
            None => Step::ok(self.done.clone()),
        }
    }

    pub(crate) fn answered(&mut self, result: Result<Success, ApiError>) -> Step {
        match result {
            Ok(_) => self.send_next(),
            Err(ApiError::Unexpected { status: 409, .. }) => match &self.on_conflict {
                Some(m) => Step::failed(m.clone()),
                None => Step::failed(format!("GitHub answered 409 and did not {}.", self.what)),
            },
            Err(err) => Step::failed(refusal(&err, &self.what, self.role)),
        }
    }
}

/// The allow-list to PUT: the current one plus `patterns` (never widened to all).
fn selected(
    current: Option<&SelectedActions>,
    patterns: &[AllowPattern],
    to_selected: bool,
) -> SelectedBody {
    let mut list: Vec<String> = current
        .map(|c| c.patterns_allowed.clone())
        .unwrap_or_default();
    for p in patterns {
        if !list.iter().any(|q| q.eq_ignore_ascii_case(p.as_str())) {
            list.push(p.to_string());
        }
    }
    SelectedBody {
        github_owned_allowed: current
            .map_or(to_selected, |c| c.github_owned_allowed || to_selected),
        verified_allowed: current.is_some_and(|c| c.verified_allowed),
        patterns_allowed: list,
    }
}

/// `a, b, c`.
fn joined(patterns: &[AllowPattern]) -> String {
    patterns
        .iter()
        .map(AllowPattern::as_str)
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct SelectedBody {
    github_owned_allowed: bool,
    verified_allowed: bool,
    patterns_allowed: Vec<String>,
}
