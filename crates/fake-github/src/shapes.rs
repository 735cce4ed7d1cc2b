//! Builders for GitHub-shaped JSON bodies (users, repositories, packages,
//! runs, contents, pull requests…), with every field GitHub's OpenAPI
//! description marks as required, so clients parse the fake like the real API.

use serde_json::{json, Value};

use crate::scenario::{
    fake_sha, fnv, Org, Package, Pull, PullState, Release, Repo, RepoRole, Run, RunConclusion,
    RunStatus, Runner, RunnerStatus, User, WorkflowState,
};

/// Base of `html_url` fields (the fake has no HTML pages for these).
pub const HTML_BASE: &str = "https://github.com";
/// A fixed timestamp for fields the scenario does not model.
pub const EPOCH: &str = "2024-01-01T00:00:00Z";

/// Owner of a repository or package, as needed for `simple-user`.
#[derive(Debug, Clone)]
pub struct Account {
    pub login: String,
    pub id: u64,
    pub is_org: bool,
}

impl Account {
    pub fn from_user(u: &User) -> Self {
        Account {
            login: u.login.clone(),
            id: u.id,
            is_org: false,
        }
    }

    pub fn from_org(o: &Org) -> Self {
        Account {
            login: o.login.clone(),
            id: o.id,
            is_org: true,
        }
    }
}

fn node_id(kind: &str, id: u64) -> String {
    format!("{kind}_kgDO{id:08}")
}

/// `simple-user`.
pub fn simple_user(api: &str, a: &Account) -> Value {
    let u = format!("{api}/users/{}", a.login);
    json!({
        "login": a.login, "id": a.id, "node_id": node_id(if a.is_org { "O" } else { "U" }, a.id),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", a.id),
        "gravatar_id": "", "url": u, "html_url": format!("{HTML_BASE}/{}", a.login),
        "followers_url": format!("{u}/followers"),
        "following_url": format!("{u}/following{{/other_user}}"),
        "gists_url": format!("{u}/gists{{/gist_id}}"),
        "starred_url": format!("{u}/starred{{/owner}}{{/repo}}"),
        "subscriptions_url": format!("{u}/subscriptions"),
        "organizations_url": format!("{u}/orgs"), "repos_url": format!("{u}/repos"),
        "events_url": format!("{u}/events{{/privacy}}"),
        "received_events_url": format!("{u}/received_events"),
        "type": if a.is_org { "Organization" } else { "User" },
        "user_view_type": "public", "site_admin": false
    })
}

/// `private-user` for `GET /user`.
pub fn private_user(api: &str, u: &User, owned_private_repos: u64, public_repos: u64) -> Value {
    let mut v = simple_user(api, &Account::from_user(u));
    let extra = json!({
        "name": u.name, "company": null, "blog": "", "location": null, "email": u.email,
        "hireable": null, "bio": null, "twitter_username": null,
        "public_repos": public_repos, "public_gists": 0, "followers": 0, "following": 0,
        "created_at": EPOCH, "updated_at": EPOCH,
        "private_gists": 0, "total_private_repos": owned_private_repos,
        "owned_private_repos": owned_private_repos, "disk_usage": 0, "collaborators": 0,
        "two_factor_authentication": true, "user_view_type": "private"
    });
    merge(&mut v, extra);
    v
}

/// `public-user` for `GET /users/{username}` (an organization's too: its
/// `type` says `Organization`).
pub fn public_user(api: &str, a: &Account, public_repos: u64) -> Value {
    let mut v = simple_user(api, a);
    let extra = json!({
        "name": null, "company": null, "blog": "", "location": null, "email": null,
        "hireable": null, "bio": null, "twitter_username": null,
        "public_repos": public_repos, "public_gists": 0, "followers": 0, "following": 0,
        "created_at": EPOCH, "updated_at": EPOCH
    });
    merge(&mut v, extra);
    v
}

/// `organization-simple`.
pub fn org_simple(api: &str, o: &Org) -> Value {
    let u = format!("{api}/orgs/{}", o.login);
    json!({
        "login": o.login, "id": o.id, "node_id": node_id("O", o.id), "url": u,
        "repos_url": format!("{u}/repos"), "events_url": format!("{u}/events"),
        "hooks_url": format!("{u}/hooks"), "issues_url": format!("{u}/issues"),
        "members_url": format!("{u}/members{{/member}}"),
        "public_members_url": format!("{u}/public_members{{/member}}"),
        "avatar_url": format!("https://avatars.githubusercontent.com/u/{}?v=4", o.id),
        "description": o.description
    })
}

/// `minimal-repository` (the URL-heavy core shared by all repo shapes).
pub fn minimal_repository(api: &str, r: &Repo, owner: &Account) -> Value {
    let u = format!("{api}/repos/{}", r.full_name());
    let t = |suffix: &str| format!("{u}/{suffix}");
    json!({
        "id": r.id, "node_id": node_id("R", r.id), "name": r.name, "full_name": r.full_name(),
        "owner": simple_user(api, owner), "private": r.is_private(),
        "html_url": format!("{HTML_BASE}/{}", r.full_name()), "description": r.description,
        "fork": false, "url": u,
        "archive_url": t("{archive_format}{/ref}"), "assignees_url": t("assignees{/user}"),
        "blobs_url": t("git/blobs{/sha}"), "branches_url": t("branches{/branch}"),
        "collaborators_url": t("collaborators{/collaborator}"),
        "comments_url": t("comments{/number}"), "commits_url": t("commits{/sha}"),
        "compare_url": t("compare/{base}...{head}"), "contents_url": t("contents/{+path}"),
        "contributors_url": t("contributors"), "deployments_url": t("deployments"),
        "downloads_url": t("downloads"), "events_url": t("events"), "forks_url": t("forks"),
        "git_commits_url": t("git/commits{/sha}"), "git_refs_url": t("git/refs{/sha}"),
        "git_tags_url": t("git/tags{/sha}"), "hooks_url": t("hooks"),
        "issue_comment_url": t("issues/comments{/number}"),
        "issue_events_url": t("issues/events{/number}"), "issues_url": t("issues{/number}"),
        "keys_url": t("keys{/key_id}"), "labels_url": t("labels{/name}"),
        "languages_url": t("languages"), "merges_url": t("merges"),
        "milestones_url": t("milestones{/number}"),
        "notifications_url": t("notifications{?since,all,participating}"),
        "pulls_url": t("pulls{/number}"), "releases_url": t("releases{/id}"),
        "stargazers_url": t("stargazers"), "statuses_url": t("statuses/{sha}"),
        "subscribers_url": t("subscribers"), "subscription_url": t("subscription"),
        "tags_url": t("tags"), "teams_url": t("teams"), "trees_url": t("git/trees{/sha}"),
        "visibility": visibility_str(r), "archived": r.archived, "disabled": false
    })
}

fn visibility_str(r: &Repo) -> &'static str {
    match r.visibility {
        crate::scenario::Visibility::Public => "public",
        crate::scenario::Visibility::Private => "private",
        crate::scenario::Visibility::Internal => "internal",
    }
}

/// `repository` (used inside pull requests).
pub fn repository(api: &str, r: &Repo, owner: &Account) -> Value {
    let mut v = minimal_repository(api, r, owner);
    merge(&mut v, repo_details(r));
    v
}

fn repo_details(r: &Repo) -> Value {
    json!({
        "clone_url": format!("{HTML_BASE}/{}.git", r.full_name()),
        "git_url": format!("git://github.com/{}.git", r.full_name()),
        "ssh_url": format!("git@github.com:{}.git", r.full_name()),
        "svn_url": format!("{HTML_BASE}/{}", r.full_name()),
        "mirror_url": null, "homepage": null, "language": "Dockerfile",
        "forks": 0, "forks_count": 0, "stargazers_count": 0, "watchers_count": 0, "watchers": 0,
        "size": 1, "default_branch": r.default_branch, "open_issues": 0, "open_issues_count": 0,
        "is_template": false, "topics": [], "has_issues": true, "has_projects": true,
        "has_wiki": false, "has_pages": false, "has_downloads": true, "has_discussions": false,
        "license": null, "pushed_at": EPOCH, "created_at": EPOCH, "updated_at": EPOCH,
        "allow_forking": true, "web_commit_signoff_required": false
    })
}

/// `full-repository` for `GET /repos/{owner}/{repo}`; `role` adds `permissions`.
pub fn full_repository(api: &str, r: &Repo, owner: &Account, role: Option<RepoRole>) -> Value {
    let mut v = repository(api, r, owner);
    merge(
        &mut v,
        json!({ "network_count": 0, "subscribers_count": 0 }),
    );
    if let (Some(role), Some(map)) = (role, v.as_object_mut()) {
        map.insert("permissions".into(), permissions(role));
    }
    v
}

/// The `permissions` object for a role.
pub fn permissions(role: RepoRole) -> Value {
    json!({
        "admin": role >= RepoRole::Admin,
        "maintain": role >= RepoRole::Maintain,
        "push": role >= RepoRole::Write,
        "triage": role >= RepoRole::Triage,
        "pull": true
    })
}

/// `package`; `repo` is the linked repository, if any.
pub fn package(api: &str, p: &Package, owner: &Account, repo: Option<&Repo>) -> Value {
    let owner_path = if owner.is_org { "orgs" } else { "users" };
    let mut v = json!({
        "id": p.id, "name": p.name, "package_type": "container",
        "owner": simple_user(api, owner), "version_count": p.version_count,
        "visibility": match p.visibility {
            crate::scenario::Visibility::Public => "public",
            _ => "private",
        },
        "url": format!("{api}/{owner_path}/{}/packages/container/{}", owner.login, p.name),
        "html_url": format!("{HTML_BASE}/{owner_path}/{}/packages/container/package/{}", owner.login, p.name),
        "created_at": p.created_at, "updated_at": p.updated_at
    });
    if let (Some(r), Some(map)) = (repo, v.as_object_mut()) {
        map.insert("repository".into(), minimal_repository(api, r, owner));
    }
    v
}

/// Whether GitHub assigned a runner label itself (`self-hosted`, the OS,
/// the architecture): those are `read-only`, the rest `custom`.
fn is_default_label(name: &str) -> bool {
    const DEFAULTS: [&str; 7] = [
        "self-hosted",
        "linux",
        "windows",
        "macos",
        "x64",
        "arm",
        "arm64",
    ];
    DEFAULTS.iter().any(|d| d.eq_ignore_ascii_case(name))
}

/// `runner`.
pub fn runner(r: &Runner) -> Value {
    let labels: Vec<Value> = r
        .labels
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let kind = if is_default_label(name) {
                "read-only"
            } else {
                "custom"
            };
            json!({ "id": i + 1, "name": name, "type": kind })
        })
        .collect();
    let status = match r.status {
        RunnerStatus::Online => "online",
        RunnerStatus::Offline => "offline",
    };
    json!({
        "id": r.id, "runner_group_id": r.runner_group_id, "name": r.name, "os": r.os,
        "status": status, "busy": r.busy, "ephemeral": r.ephemeral, "version": r.version,
        "labels": labels
    })
}

/// The (fake) numeric id of a workflow file.
pub fn workflow_id(r: &Repo, file: &str) -> u64 {
    fnv(&format!("{}:{file}", r.full_name())) % 100_000_000
}

/// The workflow's display name: its top-level `name:`, else its path.
fn workflow_name(r: &Repo, file: &str) -> String {
    let path = format!(".github/workflows/{file}");
    r.files
        .get(&path)
        .and_then(|text| {
            text.lines().find_map(|line| {
                let value = line.strip_prefix("name:")?.trim();
                let unquoted = value.trim_matches(|c| c == '"' || c == '\'');
                (!unquoted.is_empty()).then(|| unquoted.to_owned())
            })
        })
        .unwrap_or(path)
}

/// `workflow`.
pub fn workflow(api: &str, r: &Repo, file: &str) -> Value {
    let id = workflow_id(r, file);
    let path = format!(".github/workflows/{file}");
    let state = match r.workflow_state(file) {
        WorkflowState::Active => "active",
        WorkflowState::DisabledManually => "disabled_manually",
        WorkflowState::DisabledInactivity => "disabled_inactivity",
        WorkflowState::DisabledFork => "disabled_fork",
    };
    json!({
        "id": id, "node_id": node_id("W", id), "name": workflow_name(r, file), "path": path,
        "state": state, "created_at": EPOCH, "updated_at": EPOCH,
        "url": format!("{api}/repos/{}/actions/workflows/{id}", r.full_name()),
        "html_url": format!("{HTML_BASE}/{}/blob/{}/{path}", r.full_name(), r.default_branch),
        "badge_url": format!("{HTML_BASE}/{}/workflows/{file}/badge.svg", r.full_name())
    })
}

/// `workflow-run`.
pub fn workflow_run(api: &str, r: &Repo, owner: &Account, run: &Run) -> Value {
    let u = format!("{api}/repos/{}/actions/runs/{}", r.full_name(), run.id);
    let workflow_id = workflow_id(r, &run.workflow);
    let repo = minimal_repository(api, r, owner);
    let status = match run.status {
        RunStatus::Queued => "queued",
        RunStatus::InProgress => "in_progress",
        RunStatus::Completed => "completed",
        RunStatus::Waiting => "waiting",
        RunStatus::Pending => "pending",
    };
    let conclusion = run.conclusion.map(|c| match c {
        RunConclusion::Success => "success",
        RunConclusion::Failure => "failure",
        RunConclusion::Cancelled => "cancelled",
        RunConclusion::Skipped => "skipped",
        RunConclusion::TimedOut => "timed_out",
        RunConclusion::ActionRequired => "action_required",
        RunConclusion::StartupFailure => "startup_failure",
    });
    json!({
        "id": run.id, "node_id": node_id("WFR", run.id), "name": workflow_name(r, &run.workflow),
        "display_title": format!("Build {}", &run.head_sha.get(..7).unwrap_or("")),
        "head_branch": run.head_branch, "head_sha": run.head_sha,
        "path": format!(".github/workflows/{}", run.workflow), "run_number": run.run_number,
        "run_attempt": 1, "event": run.event, "status": status, "conclusion": conclusion,
        "workflow_id": workflow_id, "url": u,
        "html_url": format!("{HTML_BASE}/{}/actions/runs/{}", r.full_name(), run.id),
        "pull_requests": [], "created_at": run.created_at, "updated_at": run.updated_at,
        "run_started_at": run.created_at,
        "jobs_url": format!("{u}/jobs"), "logs_url": format!("{u}/logs"),
        "check_suite_url": format!("{api}/repos/{}/check-suites/{}", r.full_name(), run.id),
        "artifacts_url": format!("{u}/artifacts"), "cancel_url": format!("{u}/cancel"),
        "rerun_url": format!("{u}/rerun"),
        "workflow_url": format!("{api}/repos/{}/actions/workflows/{workflow_id}", r.full_name()),
        "head_commit": {
            "id": run.head_sha, "tree_id": fake_sha(&format!("tree:{}", run.head_sha)),
            "message": "Update", "timestamp": run.created_at,
            "author": { "name": "Octo Demo", "email": "octo-demo@example.invalid" },
            "committer": { "name": "GitHub", "email": "noreply@github.com" }
        },
        "repository": repo.clone(), "head_repository": repo
    })
}

/// `content-file`.
pub fn content_file(api: &str, r: &Repo, path: &str, content: &str, branch: &str) -> Value {
    use base64::Engine as _;
    let sha = blob_sha(content);
    let name = path.rsplit('/').next().unwrap_or(path);
    let self_url = format!("{api}/repos/{}/contents/{path}?ref={branch}", r.full_name());
    let git_url = format!("{api}/repos/{}/git/blobs/{sha}", r.full_name());
    let html_url = format!("{HTML_BASE}/{}/blob/{branch}/{path}", r.full_name());
    let encoded = base64::engine::general_purpose::STANDARD.encode(content.as_bytes());
    json!({
        "type": "file", "encoding": "base64", "size": content.len(), "name": name, "path": path,
        "content": wrap_base64(&encoded), "sha": sha, "url": self_url, "git_url": git_url,
        "html_url": html_url,
        "download_url": format!("https://raw.githubusercontent.com/{}/{branch}/{path}", r.full_name()),
        "_links": { "self": self_url, "git": git_url, "html": html_url }
    })
}

/// The `_links`-carrying fields every contents entry has.
fn entry_urls(api: &str, r: &Repo, path: &str, branch: &str, git: &str, html: &str) -> Value {
    let self_url = format!("{api}/repos/{}/contents/{path}?ref={branch}", r.full_name());
    let git_url = format!("{api}/repos/{}/git/{git}", r.full_name());
    let html_url = format!("{HTML_BASE}/{}/{html}/{branch}/{path}", r.full_name());
    json!({
        "url": self_url, "git_url": git_url, "html_url": html_url,
        "_links": { "self": self_url, "git": git_url, "html": html_url }
    })
}

/// A file in a directory listing (no `content`).
pub fn content_entry_file(api: &str, r: &Repo, path: &str, content: &str, branch: &str) -> Value {
    let sha = blob_sha(content);
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut v = json!({
        "type": "file", "size": content.len(), "name": name, "path": path, "sha": sha,
        "download_url": format!("https://raw.githubusercontent.com/{}/{branch}/{path}", r.full_name())
    });
    merge(
        &mut v,
        entry_urls(api, r, path, branch, &format!("blobs/{sha}"), "blob"),
    );
    v
}

/// A sub-directory in a directory listing.
pub fn content_entry_dir(api: &str, r: &Repo, path: &str, branch: &str) -> Value {
    let sha = fake_sha(&format!("tree:{}@{branch}:{path}", r.full_name()));
    let name = path.rsplit('/').next().unwrap_or(path);
    let mut v = json!({
        "type": "dir", "size": 0, "name": name, "path": path, "sha": sha, "download_url": null
    });
    merge(
        &mut v,
        entry_urls(api, r, path, branch, &format!("trees/{sha}"), "tree"),
    );
    v
}

/// GitHub wraps base64 file content at 60 characters per line.
fn wrap_base64(encoded: &str) -> String {
    let mut out = String::with_capacity(encoded.len() + encoded.len() / 60 + 1);
    for chunk in encoded.as_bytes().chunks(60) {
        out.push_str(&String::from_utf8_lossy(chunk));
        out.push('\n');
    }
    out
}

/// The (fake) blob SHA of file content.
pub fn blob_sha(content: &str) -> String {
    fake_sha(&format!("blob:{content}"))
}

/// What a contents PUT wrote.
pub struct FileCommit<'a> {
    pub path: &'a str,
    pub content: &'a str,
    pub branch: &'a str,
    pub commit_sha: &'a str,
    pub message: &'a str,
}

/// `file-commit` for `PUT …/contents/{path}`.
pub fn file_commit(api: &str, r: &Repo, c: &FileCommit<'_>) -> Value {
    let commit_sha = c.commit_sha;
    let commit_url = format!("{api}/repos/{}/git/commits/{commit_sha}", r.full_name());
    let tree = fake_sha(&format!("tree:{commit_sha}"));
    json!({
        "content": content_file(api, r, c.path, c.content, c.branch),
        "commit": {
            "sha": commit_sha, "node_id": node_id("C", fnv(commit_sha) % 100_000_000),
            "url": commit_url,
            "html_url": format!("{HTML_BASE}/{}/commit/{commit_sha}", r.full_name()),
            "author": { "date": EPOCH, "name": "Octo Demo", "email": "octo-demo@example.invalid" },
            "committer": { "date": EPOCH, "name": "Octo Demo", "email": "octo-demo@example.invalid" },
            "message": c.message,
            "tree": { "url": format!("{api}/repos/{}/git/trees/{tree}", r.full_name()), "sha": tree },
            "parents": [],
            "verification": { "verified": false, "reason": "unsigned", "signature": null, "payload": null, "verified_at": null }
        }
    })
}

/// A file a comparison shows: its path, its text on the head branch and,
/// when it was there, on the base branch.
pub struct ChangedFile {
    pub path: String,
    pub now: String,
    pub before: Option<String>,
}

/// What `…/compare/{base}...{head}` found.
pub struct Comparison<'a> {
    pub base: &'a str,
    pub head: &'a str,
    pub base_sha: &'a str,
    pub merge_base: &'a str,
    /// The head's commits the base does not hold, oldest first.
    pub ahead: &'a [String],
    pub behind: usize,
    pub files: &'a [ChangedFile],
}

/// `commit`: one of `r`'s commits (one the scenario gave, without a parent
/// or a message of its own, reads as the initial commit).
pub fn commit(api: &str, r: &Repo, sha: &str) -> Value {
    let full = r.full_name();
    let made = r.commits.get(sha);
    let message = made.map_or("Initial commit", |c| c.message.as_str());
    let login = made.map_or("octo-demo", |c| c.author.as_str());
    let person =
        json!({ "date": EPOCH, "name": login, "email": format!("{login}@example.invalid") });
    let tree = fake_sha(&format!("tree:{sha}"));
    let parents: Vec<Value> = made
        .map(|c| {
            vec![json!({
                "sha": c.parent,
                "url": format!("{api}/repos/{full}/commits/{}", c.parent),
                "html_url": format!("{HTML_BASE}/{full}/commit/{}", c.parent),
            })]
        })
        .unwrap_or_default();
    json!({
        "url": format!("{api}/repos/{full}/commits/{sha}"),
        "sha": sha,
        "node_id": node_id("C", fnv(sha) % 100_000_000),
        "html_url": format!("{HTML_BASE}/{full}/commit/{sha}"),
        "comments_url": format!("{api}/repos/{full}/commits/{sha}/comments"),
        "commit": {
            "url": format!("{api}/repos/{full}/git/commits/{sha}"),
            "author": person, "committer": person,
            "message": message, "comment_count": 0,
            "tree": { "sha": tree, "url": format!("{api}/repos/{full}/git/trees/{tree}") },
            "verification": { "verified": false, "reason": "unsigned", "signature": null, "payload": null, "verified_at": null }
        },
        "author": null, "committer": null,
        "parents": parents,
    })
}

/// `commit-comparison`.
pub fn comparison(api: &str, r: &Repo, c: &Comparison<'_>) -> Value {
    let full = r.full_name();
    let (base, head) = (c.base, c.head);
    let status = match (c.ahead.is_empty(), c.behind == 0) {
        (true, true) => "identical",
        (false, true) => "ahead",
        (true, false) => "behind",
        (false, false) => "diverged",
    };
    let lines = |text: &str| text.lines().count();
    let files: Vec<Value> = c
        .files
        .iter()
        .map(|f| {
            let blob = blob_sha(&f.now);
            let (additions, deletions) = (lines(&f.now), f.before.as_deref().map_or(0, lines));
            json!({
                "sha": blob, "filename": f.path,
                "status": if f.before.is_some() { "modified" } else { "added" },
                "additions": additions, "deletions": deletions, "changes": additions + deletions,
                "blob_url": format!("{HTML_BASE}/{full}/blob/{head}/{}", f.path),
                "raw_url": format!("{HTML_BASE}/{full}/raw/{head}/{}", f.path),
                "contents_url": format!("{api}/repos/{full}/contents/{}?ref={head}", f.path),
            })
        })
        .collect();
    json!({
        "url": format!("{api}/repos/{full}/compare/{base}...{head}"),
        "html_url": format!("{HTML_BASE}/{full}/compare/{base}...{head}"),
        "permalink_url": format!("{HTML_BASE}/{full}/compare/{}:{}...{}:{}", r.owner, c.base_sha, r.owner, c.ahead.last().map_or(c.merge_base, String::as_str)),
        "diff_url": format!("{HTML_BASE}/{full}/compare/{base}...{head}.diff"),
        "patch_url": format!("{HTML_BASE}/{full}/compare/{base}...{head}.patch"),
        "base_commit": commit(api, r, c.base_sha),
        "merge_base_commit": commit(api, r, c.merge_base),
        "status": status,
        "ahead_by": c.ahead.len(),
        "behind_by": c.behind,
        "total_commits": c.ahead.len(),
        "commits": c.ahead.iter().map(|sha| commit(api, r, sha)).collect::<Vec<_>>(),
        "files": files,
    })
}

/// What a ref points at: a commit, or an annotated tag's tag object.
pub enum RefTarget {
    Commit(String),
    Tag(String),
}

/// `git-ref`.
pub fn git_ref(api: &str, r: &Repo, reference: &str, target: &RefTarget) -> Value {
    let (kind, sha, collection) = match target {
        RefTarget::Commit(sha) => ("commit", sha, "commits"),
        RefTarget::Tag(sha) => ("tag", sha, "tags"),
    };
    json!({
        "ref": reference, "node_id": node_id("REF", fnv(reference) % 100_000_000),
        "url": format!("{api}/repos/{}/git/{reference}", r.full_name()),
        "object": { "type": kind, "sha": sha,
                    "url": format!("{api}/repos/{}/git/{collection}/{sha}", r.full_name()) }
    })
}

/// `git-tag`: an annotated tag object pointing at `commit`.
pub fn git_tag(api: &str, r: &Repo, tag: &str, sha: &str, commit: &str) -> Value {
    json!({
        "node_id": node_id("TAG", fnv(sha) % 100_000_000), "tag": tag, "sha": sha,
        "url": format!("{api}/repos/{}/git/tags/{sha}", r.full_name()),
        "message": format!("{tag}\n"),
        "tagger": { "date": EPOCH, "name": "Release Bot", "email": "releases@example.invalid" },
        "object": { "sha": commit, "type": "commit",
                    "url": format!("{api}/repos/{}/git/commits/{commit}", r.full_name()) },
        "verification": { "verified": false, "reason": "unsigned", "signature": null, "payload": null, "verified_at": null }
    })
}

/// `release`; `index` is its place in the scenario (for a stable id).
pub fn release(api: &str, r: &Repo, owner: &Account, index: usize, rel: &Release) -> Value {
    let id = r.id * 1000 + index as u64;
    let u = format!("{api}/repos/{}/releases/{id}", r.full_name());
    let tag = &rel.tag_name;
    let published = if rel.draft {
        Value::Null
    } else {
        json!(rel.published_at)
    };
    json!({
        "url": u, "html_url": format!("{HTML_BASE}/{}/releases/tag/{tag}", r.full_name()),
        "assets_url": format!("{u}/assets"),
        "upload_url": format!("https://uploads.github.com/repos/{}/releases/{id}/assets{{?name,label}}", r.full_name()),
        "tarball_url": format!("{api}/repos/{}/tarball/{tag}", r.full_name()),
        "zipball_url": format!("{api}/repos/{}/zipball/{tag}", r.full_name()),
        "id": id, "node_id": node_id("RE", id), "tag_name": tag,
        "target_commitish": r.default_branch, "name": rel.name.clone().unwrap_or_else(|| tag.clone()),
        "body": null, "draft": rel.draft, "prerelease": rel.prerelease, "immutable": false,
        "created_at": rel.published_at, "published_at": published, "updated_at": rel.published_at,
        "author": simple_user(api, owner), "assets": []
    })
}

/// Who is involved in a pull request and where its branches are.
pub struct PullSides<'a> {
    pub owner: &'a Account,
    pub author: &'a Account,
    pub head_sha: &'a str,
    pub base_sha: &'a str,
}

/// `pull-request` (also valid as `pull-request-simple` in lists).
pub fn pull_request(api: &str, r: &Repo, sides: &PullSides<'_>, p: &Pull) -> Value {
    let owner = sides.owner;
    let u = format!("{api}/repos/{}/pulls/{}", r.full_name(), p.number);
    let issue = format!("{api}/repos/{}/issues/{}", r.full_name(), p.number);
    let html = format!("{HTML_BASE}/{}/pull/{}", r.full_name(), p.number);
    let side = |branch: &str, sha: &str| {
        json!({ "label": format!("{}:{branch}", owner.login), "ref": branch, "sha": sha,
                "user": simple_user(api, owner), "repo": repository(api, r, owner) })
    };
    let link = |href: String| json!({ "href": href });
    let statuses = format!("{api}/repos/{}/statuses/{}", r.full_name(), sides.head_sha);
    let review_comment = format!("{api}/repos/{}/pulls/comments{{/number}}", r.full_name());
    let state = match p.state {
        PullState::Open => "open",
        PullState::Closed => "closed",
    };
    json!({
        "url": u, "id": r.id * 1000 + p.number, "node_id": node_id("PR", r.id * 1000 + p.number),
        "html_url": html,
        "diff_url": format!("{html}.diff"), "patch_url": format!("{html}.patch"), "issue_url": issue,
        "commits_url": format!("{u}/commits"), "review_comments_url": format!("{u}/comments"),
        "review_comment_url": review_comment, "comments_url": format!("{issue}/comments"),
        "statuses_url": statuses,
        "number": p.number, "state": state, "locked": false, "title": p.title, "body": p.body,
        "user": simple_user(api, sides.author), "labels": [], "milestone": null, "assignee": null,
        "assignees": [], "requested_reviewers": [], "requested_teams": [],
        "created_at": EPOCH, "updated_at": EPOCH, "closed_at": null, "merged_at": null,
        "merge_commit_sha": null, "head": side(&p.head, sides.head_sha),
        "base": side(&p.base, sides.base_sha),
        "_links": {
            "self": link(u.clone()), "html": link(html.clone()), "issue": link(issue.clone()),
            "comments": link(format!("{issue}/comments")),
            "review_comments": link(format!("{u}/comments")),
            "review_comment": link(review_comment.clone()),
            "commits": link(format!("{u}/commits")),
            "statuses": link(statuses.clone())
        },
        "author_association": "OWNER", "auto_merge": null, "draft": false, "merged": false,
        "mergeable": null, "rebaseable": null, "mergeable_state": "unknown", "merged_by": null,
        "comments": 0, "review_comments": 0, "maintainer_can_modify": false, "commits": 1,
        "additions": 1, "deletions": 0, "changed_files": 1
    })
}

/// `rate-limit` for one resource.
pub fn rate(limit: u64, used: u64, reset: u64) -> Value {
    json!({ "limit": limit, "used": used, "remaining": limit.saturating_sub(used), "reset": reset })
}

/// Adds the members of object `extra` to object `target`.
pub fn merge(target: &mut Value, extra: Value) {
    if let (Some(t), Value::Object(e)) = (target.as_object_mut(), extra) {
        t.extend(e);
    }
}
