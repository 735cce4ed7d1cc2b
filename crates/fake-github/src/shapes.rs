//! Builders for GitHub-shaped JSON bodies (users, repositories, packages,
//! runs, contents, pull requests…), with every field GitHub's OpenAPI
//! description marks as required, so clients parse the fake like the real API.

use serde_json::{json, Value};

use crate::scenario::{fake_sha, Org, Package, Repo, RepoRole, Run, Runner, User};

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

/// `runner`.
pub fn runner(r: &Runner) -> Value {
    let labels: Vec<Value> = r
        .labels
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let kind = if name == "self-hosted" || i < 3 {
                "read-only"
            } else {
                "custom"
            };
            json!({ "id": i + 1, "name": name, "type": kind })
        })
        .collect();
    json!({ "id": r.id, "name": r.name, "os": r.os, "status": r.status, "busy": r.busy, "labels": labels })
}

/// `workflow-run`.
pub fn workflow_run(api: &str, r: &Repo, owner: &Account, run: &Run) -> Value {
    let u = format!("{api}/repos/{}/actions/runs/{}", r.full_name(), run.id);
    let workflow_id = crate::scenario::fnv(&run.workflow) % 100_000_000;
    let repo = minimal_repository(api, r, owner);
    json!({
        "id": run.id, "node_id": node_id("WFR", run.id), "name": "Docker image",
        "display_title": format!("Build {}", &run.head_sha.get(..7).unwrap_or("")),
        "head_branch": run.head_branch, "head_sha": run.head_sha,
        "path": format!(".github/workflows/{}", run.workflow), "run_number": run.run_number,
        "run_attempt": 1, "event": run.event, "status": run.status, "conclusion": run.conclusion,
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

/// `file-commit` for `PUT …/contents/{path}`.
pub fn file_commit(
    api: &str,
    r: &Repo,
    path: &str,
    content: &str,
    branch: &str,
    commit_sha: &str,
    message: &str,
) -> Value {
    let commit_url = format!("{api}/repos/{}/git/commits/{commit_sha}", r.full_name());
    json!({
        "content": content_file(api, r, path, content, branch),
        "commit": {
            "sha": commit_sha, "node_id": node_id("C", crate::scenario::fnv(commit_sha) % 100_000_000),
            "url": commit_url,
            "html_url": format!("{HTML_BASE}/{}/commit/{commit_sha}", r.full_name()),
            "author": { "date": EPOCH, "name": "Octo Demo", "email": "octo-demo@example.invalid" },
            "committer": { "date": EPOCH, "name": "Octo Demo", "email": "octo-demo@example.invalid" },
            "message": message,
            "tree": { "url": format!("{api}/repos/{}/git/trees/{}", r.full_name(), fake_sha(&format!("tree:{commit_sha}"))),
                      "sha": fake_sha(&format!("tree:{commit_sha}")) },
            "parents": [],
            "verification": { "verified": false, "reason": "unsigned", "signature": null, "payload": null, "verified_at": null }
        }
    })
}

/// `git-ref`.
pub fn git_ref(api: &str, r: &Repo, reference: &str, sha: &str) -> Value {
    json!({
        "ref": reference, "node_id": node_id("REF", crate::scenario::fnv(reference) % 100_000_000),
        "url": format!("{api}/repos/{}/git/{reference}", r.full_name()),
        "object": { "type": "commit", "sha": sha,
                    "url": format!("{api}/repos/{}/git/commits/{sha}", r.full_name()) }
    })
}

/// Inputs of a new pull request.
pub struct PullInput<'a> {
    pub number: u64,
    pub title: &'a str,
    pub body: Option<&'a str>,
    pub head: (&'a str, &'a str),
    pub base: (&'a str, &'a str),
}

/// `pull-request` for a freshly opened pull request.
pub fn pull_request(
    api: &str,
    r: &Repo,
    owner: &Account,
    author: &Account,
    p: &PullInput<'_>,
) -> Value {
    let u = format!("{api}/repos/{}/pulls/{}", r.full_name(), p.number);
    let issue = format!("{api}/repos/{}/issues/{}", r.full_name(), p.number);
    let html = format!("{HTML_BASE}/{}/pull/{}", r.full_name(), p.number);
    let side = |(branch, sha): (&str, &str)| {
        json!({ "label": format!("{}:{branch}", owner.login), "ref": branch, "sha": sha,
                "user": simple_user(api, owner), "repo": repository(api, r, owner) })
    };
    let link = |href: String| json!({ "href": href });
    json!({
        "url": u, "id": 9_000_000 + p.number, "node_id": node_id("PR", p.number), "html_url": html,
        "diff_url": format!("{html}.diff"), "patch_url": format!("{html}.patch"), "issue_url": issue,
        "commits_url": format!("{u}/commits"), "review_comments_url": format!("{u}/comments"),
        "review_comment_url": format!("{api}/repos/{}/pulls/comments{{/number}}", r.full_name()),
        "comments_url": format!("{issue}/comments"),
        "statuses_url": format!("{api}/repos/{}/statuses/{}", r.full_name(), p.head.1),
        "number": p.number, "state": "open", "locked": false, "title": p.title, "body": p.body,
        "user": simple_user(api, author), "labels": [], "milestone": null, "assignee": null,
        "assignees": [], "requested_reviewers": [], "requested_teams": [],
        "created_at": EPOCH, "updated_at": EPOCH, "closed_at": null, "merged_at": null,
        "merge_commit_sha": null, "head": side(p.head), "base": side(p.base),
        "_links": {
            "self": link(u.clone()), "html": link(html.clone()), "issue": link(issue.clone()),
            "comments": link(format!("{issue}/comments")),
            "review_comments": link(format!("{u}/comments")),
            "review_comment": link(format!("{api}/repos/{}/pulls/comments{{/number}}", r.full_name())),
            "commits": link(format!("{u}/commits")),
            "statuses": link(format!("{api}/repos/{}/statuses/{}", r.full_name(), p.head.1))
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
