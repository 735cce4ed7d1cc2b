//! The resources the checklist and its fixes read and write: directory
//! listings, branch comparisons, pull requests (found again, duplicates
//! refused), workflow
//! state and runs, runners and the org's self-hosted runner policy, the
//! selected-actions allow-list, secret dates, and the action repositories'
//! releases and tags used to resolve pins.

use crate::common;

use common::*;
use fake_github::scenario::{RepoRole, WorkflowState};
use serde_json::{json, Value};

const READY: &str = "/repos/demo-org/ready-app";

#[tokio::test]
async fn workflows_directory_is_listed_from_file_paths() {
    let f = demo().await;
    let list = f
        .json(&format!("{READY}/contents/.github/workflows"), Some(DEMO))
        .await;
    let entries = list.as_array().expect("a directory is an array");
    assert_eq!(entries.len(), 1);
    let entry = &entries[0];
    assert_eq!(entry["type"], "file");
    assert_eq!(entry["name"], "docker-image.yml");
    assert_eq!(entry["path"], ".github/workflows/docker-image.yml");
    assert!(entry.get("content").is_none(), "listings carry no content");
    let file = f
        .json(
            &format!("{READY}/contents/{}", entry["path"].as_str().unwrap_or("")),
            Some(DEMO),
        )
        .await;
    assert_eq!(file["sha"], entry["sha"]);
    assert_eq!(file["size"], entry["size"]);

    let parent = f
        .json(&format!("{READY}/contents/.github/"), Some(DEMO))
        .await;
    assert_eq!(parent[0]["type"], "dir");
    assert_eq!(parent[0]["name"], "workflows");
    assert_eq!(parent[0]["download_url"], Value::Null);
    assert_eq!(
        f.status(
            "/repos/demo-org/fresh-app/contents/.github/workflows",
            Some(DEMO)
        )
        .await,
        404,
        "no workflows, no directory"
    );
}

/// Creates branch `name` from main with one new file; returns nothing.
async fn branch_with_file(f: &Fake, repo: &str, name: &str) {
    let main = f
        .json(&format!("{repo}/git/ref/heads/main"), Some(DEMO))
        .await;
    let created = f
        .post(
            &format!("{repo}/git/refs"),
            Some(DEMO),
            json!({ "ref": format!("refs/heads/{name}"), "sha": main["object"]["sha"] }),
        )
        .await;
    assert_eq!(created.status(), 201);
    let file = f
        .put(
            &format!("{repo}/contents/.github/workflows/docker-image.yml"),
            Some(DEMO),
            json!({ "message": "Add workflow", "content": "bmFtZTogeAo=", "branch": name }),
        )
        .await;
    assert_eq!(file.status(), 201);
}

#[tokio::test]
async fn a_branch_is_compared_with_the_default_branch() {
    let f = demo().await;
    let repo = "/repos/demo-org/fresh-app";
    branch_with_file(&f, repo, "ghcr-setup/docker-image").await;
    let cmp = f
        .json(
            &format!("{repo}/compare/main...ghcr-setup/docker-image"),
            Some(DEMO),
        )
        .await;
    assert_eq!(cmp["status"], "ahead");
    assert_eq!(cmp["ahead_by"], 1);
    assert_eq!(cmp["behind_by"], 0);
    assert_eq!(cmp["total_commits"], 1);
    assert_eq!(cmp["commits"][0]["commit"]["message"], "Add workflow");
    assert_eq!(
        cmp["commits"][0]["parents"][0]["sha"], cmp["merge_base_commit"]["sha"],
        "made on top of main"
    );
    assert_eq!(cmp["base_commit"]["sha"], cmp["merge_base_commit"]["sha"]);
    assert_eq!(
        cmp["files"][0]["filename"],
        ".github/workflows/docker-image.yml"
    );
    assert_eq!(cmp["files"][0]["status"], "added");
    // The other way round: main is behind, holding nothing new.
    let back = f
        .json(
            &format!("{repo}/compare/ghcr-setup/docker-image...main"),
            Some(DEMO),
        )
        .await;
    assert_eq!(back["status"], "behind");
    assert_eq!(back["ahead_by"], 0);
    assert_eq!(back["behind_by"], 1);
    assert_eq!(back["commits"], json!([]));
    // A branch that does not exist: 404.
    assert_eq!(
        f.status(&format!("{repo}/compare/main...nope"), Some(DEMO))
            .await,
        404
    );
}

#[tokio::test]
async fn a_renamed_repository_redirects_its_old_name() {
    let mut f = fake_with(|s| {
        let repo = s
            .repos
            .iter_mut()
            .find(|r| r.name == "fresh-app")
            .expect("fresh-app");
        repo.former_names.push("demo-org/old-app".into());
    })
    .await;
    f.http = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let moved = f
        .get("/repos/demo-org/old-app/pulls?state=open", Some(DEMO))
        .await;
    assert_eq!(moved.status(), 301);
    let to = f.url("/repos/demo-org/fresh-app/pulls?state=open");
    assert_eq!(header(&moved, "location").as_deref(), Some(to.as_str()));
    let (_, body) = answer(moved).await;
    assert_eq!(body["message"], "Moved Permanently");
    assert_eq!(body["url"], to);
    let write = f
        .put(
            "/repos/demo-org/old-app/actions/permissions/workflow",
            Some(DEMO),
            json!({ "default_workflow_permissions": "read" }),
        )
        .await;
    assert_eq!(write.status(), 307, "a write is redirected with its method");
    // Followed, the old name answers as the new one.
    let follows = reqwest::Client::new()
        .get(f.url("/repos/demo-org/old-app"))
        .header("authorization", format!("Bearer {DEMO}"))
        .send()
        .await
        .expect("send");
    assert_eq!(follows.status(), 200);
    let (_, repo) = answer(follows).await;
    assert_eq!(repo["full_name"], "demo-org/fresh-app");
}

#[tokio::test]
async fn a_second_proposal_finds_the_first_pull_request() {
    let f = demo().await;
    let repo = "/repos/demo-org/fresh-app";
    let open = format!("{repo}/pulls?head=demo-org:ghcr-setup&state=open");
    assert_eq!(f.json(&open, Some(DEMO)).await, json!([]));

    let same_sha = f
        .post(
            &format!("{repo}/git/refs"),
            Some(DEMO),
            json!({ "ref": "refs/heads/empty", "sha": f.json(&format!("{repo}/git/ref/heads/main"), Some(DEMO)).await["object"]["sha"] }),
        )
        .await;
    assert_eq!(same_sha.status(), 201);
    let (status, body) = answer(
        f.post(
            &format!("{repo}/pulls"),
            Some(DEMO),
            json!({ "title": "t", "head": "empty", "base": "main" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 422, "a branch without commits cannot be proposed");
    assert!(body["errors"][0]["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("No commits between")));

    branch_with_file(&f, repo, "ghcr-setup").await;
    let pr = json!({ "title": "Publish to ghcr.io", "head": "ghcr-setup", "base": "main" });
    let (status, first) = answer(
        f.post(&format!("{repo}/pulls"), Some(DEMO), pr.clone())
            .await,
    )
    .await;
    assert_eq!(status, 201);
    let (status, dup) = answer(f.post(&format!("{repo}/pulls"), Some(DEMO), pr).await).await;
    assert_eq!(status, 422);
    assert_eq!(dup["message"], "Validation Failed");
    assert_eq!(
        dup["errors"][0]["message"],
        "A pull request already exists for demo-org:ghcr-setup."
    );

    let found = f.json(&open, Some(DEMO)).await;
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    assert_eq!(found[0]["number"], first["number"]);
    assert_eq!(found[0]["html_url"], first["html_url"]);
    assert_eq!(found[0]["head"]["ref"], "ghcr-setup");
    for other in [
        "head=someone-else:ghcr-setup&state=open",
        "head=demo-org:other&state=open",
        "head=demo-org:ghcr-setup&state=closed",
    ] {
        assert_eq!(
            f.json(&format!("{repo}/pulls?{other}"), Some(DEMO)).await,
            json!([]),
            "{other}"
        );
    }
    let reset = f
        .http
        .post(f.url("/_fake/reset"))
        .send()
        .await
        .expect("send");
    assert_eq!(reset.status(), 204);
    assert_eq!(
        f.json(&open, Some(DEMO)).await,
        json!([]),
        "reset forgets it"
    );
}

#[tokio::test]
async fn workflow_state_and_runs() {
    let f = fake_with(|s| {
        let repo = s
            .repos
            .iter_mut()
            .find(|r| r.name == "no-packages-write")
            .expect("repo");
        repo.workflow_states
            .insert("docker-image.yml".into(), WorkflowState::DisabledInactivity);
    })
    .await;
    let ready = f
        .json(
            &format!("{READY}/actions/workflows/docker-image.yml"),
            Some(DEMO),
        )
        .await;
    assert_eq!(ready["state"], "active");
    assert_eq!(ready["name"], "Docker image");
    assert_eq!(ready["path"], ".github/workflows/docker-image.yml");
    let by_id = f
        .json(&format!("{READY}/actions/workflows/{}", ready["id"]), None)
        .await;
    assert_eq!(by_id["id"], ready["id"], "a workflow is found by id too");

    let idle = f
        .json(
            "/repos/demo-org/no-packages-write/actions/workflows/docker-image.yml",
            Some(DEMO),
        )
        .await;
    assert_eq!(idle["state"], "disabled_inactivity");
    assert_eq!(
        f.status(
            &format!("{READY}/actions/workflows/missing.yml"),
            Some(DEMO)
        )
        .await,
        404
    );

    let runs = f
        .json(
            "/repos/demo-org/no-packages-write/actions/workflows/docker-image.yml/runs?per_page=1",
            Some(DEMO),
        )
        .await;
    assert_eq!(runs["total_count"], 2);
    let run = &runs["workflow_runs"][0];
    assert_eq!(run["conclusion"], "failure");
    assert_eq!(run["workflow_id"], idle["id"]);
    assert_eq!(run["name"], "Publish image");
    assert!(run["html_url"].as_str().is_some_and(
        |u| u.starts_with("https://github.com/demo-org/no-packages-write/actions/runs/")
    ));
}

#[tokio::test]
async fn runners_carry_version_ephemeral_group_and_label_types() {
    let f = demo().await;
    let repo = f
        .json("/repos/demo-org/runner-app/actions/runners", Some(DEMO))
        .await;
    let first = &repo["runners"][0];
    assert_eq!(first["version"], "2.321.0");
    assert_eq!(first["status"], "online");
    assert_eq!(first["ephemeral"], false);
    assert_eq!(first["runner_group_id"], 1);
    let second = &repo["runners"][1];
    assert_eq!(second["status"], "offline");
    let types: Vec<(&str, &str)> = second["labels"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|l| {
            (
                l["name"].as_str().unwrap_or(""),
                l["type"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        types,
        [
            ("self-hosted", "read-only"),
            ("Linux", "read-only"),
            ("X64", "read-only"),
            ("gpu", "custom")
        ]
    );
    let org = f.json("/orgs/demo-org/actions/runners", Some(DEMO)).await;
    assert_eq!(org["runners"][0]["ephemeral"], true);
    assert_eq!(org["runners"][0]["runner_group_id"], 2);
    assert_eq!(
        org["runners"][0]["version"],
        fake_github::scenario::CURRENT_RUNNER_VERSION,
        "the default version"
    );
}

#[tokio::test]
async fn org_self_hosted_runner_policy_and_its_repositories() {
    let f = demo().await;
    let policy = "/orgs/demo-org/actions/permissions/self-hosted-runners";
    let demo_org = f.json(policy, Some(DEMO)).await;
    assert_eq!(demo_org["enabled_repositories"], "selected");
    let url = demo_org["selected_repositories_url"].as_str().expect("url");
    let path = url
        .strip_prefix(&f.server.url())
        .expect("a URL of the fake");
    let repos = f.json(path, Some(DEMO)).await;
    let names: Vec<&str> = repos["repositories"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(
        names,
        [
            "runner-app",
            "runner-ready",
            "runner-expiring",
            "runner-stale"
        ]
    );
    assert_eq!(repos["total_count"], 4);

    let locked = f
        .json(
            "/orgs/locked-down-org/actions/permissions/self-hosted-runners",
            Some(DEMO),
        )
        .await;
    assert_eq!(locked, json!({ "enabled_repositories": "none" }));
    assert_eq!(
        f.status(policy, Some(MAINTAINER)).await,
        403,
        "org admins only"
    );
}

#[tokio::test]
async fn selected_actions_can_be_set_where_the_org_allows_it() {
    let f = demo().await;
    let fresh = "/repos/demo-org/fresh-app/actions/permissions";
    let allow_docker = json!({ "github_owned_allowed": true, "patterns_allowed": ["docker/*"] });
    let not_selected = f
        .put(
            &format!("{fresh}/selected-actions"),
            Some(DEMO),
            allow_docker.clone(),
        )
        .await;
    assert_eq!(not_selected.status(), 409, "allowed_actions is still all");
    let selected = f
        .put(
            fresh,
            Some(DEMO),
            json!({ "enabled": true, "allowed_actions": "selected" }),
        )
        .await;
    assert_eq!(selected.status(), 204);
    let set = f
        .put(
            &format!("{fresh}/selected-actions"),
            Some(DEMO),
            allow_docker,
        )
        .await;
    assert_eq!(set.status(), 204);
    let now = f
        .json(&format!("{fresh}/selected-actions"), Some(DEMO))
        .await;
    assert_eq!(now["patterns_allowed"], json!(["docker/*"]));
    assert_eq!(now["verified_allowed"], false, "fields not sent are kept");

    // The org restricts actions itself: its repositories cannot widen that.
    let service = "/repos/locked-down-org/service/actions/permissions";
    let widen = f
        .put(
            &format!("{service}/selected-actions"),
            Some(DEMO),
            json!({ "patterns_allowed": ["docker/*"] }),
        )
        .await;
    assert_eq!(widen.status(), 409);
    let all = f
        .put(
            service,
            Some(DEMO),
            json!({ "enabled": true, "allowed_actions": "all" }),
        )
        .await;
    assert_eq!(all.status(), 409);
    let org = f
        .put(
            "/orgs/locked-down-org/actions/permissions/selected-actions",
            Some(DEMO),
            json!({ "patterns_allowed": ["docker/*"] }),
        )
        .await;
    assert_eq!(org.status(), 204);
    let org_now = f
        .json(
            "/orgs/locked-down-org/actions/permissions/selected-actions",
            Some(DEMO),
        )
        .await;
    assert_eq!(org_now["patterns_allowed"], json!(["docker/*"]));
    assert_eq!(org_now["github_owned_allowed"], true);
}

#[tokio::test]
async fn updating_a_secret_stamps_it_with_the_current_time() {
    let f = demo().await;
    let repo = "/repos/demo-org/runner-ready/actions/secrets";
    let before = f.json(repo, Some(DEMO)).await;
    assert_eq!(before["secrets"][0]["updated_at"], "2025-06-01T09:00:00Z");
    let key = f.json(&format!("{repo}/public-key"), Some(DEMO)).await;
    let put = f
        .put(
            &format!("{repo}/local_runner_fallback_token"),
            Some(DEMO),
            json!({ "encrypted_value": sealed_value(), "key_id": key["key_id"] }),
        )
        .await;
    assert_eq!(
        put.status(),
        204,
        "an existing secret (names are upper-cased)"
    );
    let after = f.json(repo, Some(DEMO)).await;
    let today = fake_github::clock::now();
    let updated = after["secrets"][0]["updated_at"].as_str().unwrap_or("");
    assert_eq!(updated.get(..10), today.get(..10), "{updated}");
    assert_eq!(after["secrets"][0]["created_at"], "2025-03-10T09:00:00Z");
}

#[tokio::test]
async fn action_releases_newest_first_with_pre_releases_marked_and_drafts_hidden() {
    let f = fake_with(|s| {
        let login = s
            .repos
            .iter_mut()
            .find(|r| r.full_name() == "docker/login-action")
            .expect("login-action");
        login
            .permissions
            .insert("octo-demo".into(), RepoRole::Write);
    })
    .await;
    let resp = f
        .get("/repos/docker/build-push-action/releases?per_page=3", None)
        .await;
    assert_eq!(
        header(&resp, "x-ratelimit-limit").as_deref(),
        Some("60"),
        "anonymous limit"
    );
    let (status, list) = answer(resp).await;
    assert_eq!(status, 200);
    let tags: Vec<(&str, bool)> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["tag_name"].as_str().unwrap_or(""),
                r["prerelease"] == true,
            )
        })
        .collect();
    assert_eq!(
        tags,
        [("v7.4.0-rc.1", true), ("v7.3.0", false), ("v7.2.0", false)]
    );
    assert_eq!(
        list[1]["html_url"],
        "https://github.com/docker/build-push-action/releases/tag/v7.3.0"
    );

    let path = "/repos/docker/login-action/releases";
    let anonymous = f.json(path, None).await;
    assert_eq!(anonymous[0]["tag_name"], "v4.1.0", "drafts are hidden");
    let writer = f.json(path, Some(DEMO)).await;
    assert_eq!(writer[0]["tag_name"], "v4.2.0");
    assert_eq!(writer[0]["draft"], true);
    assert_eq!(writer[0]["published_at"], Value::Null);

    let configure = f
        .json("/repos/actions/configure-pages/releases", None)
        .await;
    assert_eq!(
        configure[0]["tag_name"], "v6.0.0",
        "a newer major than the pinned v5"
    );
}

#[tokio::test]
async fn runner_releases_are_dated_relative_to_the_start() {
    let f = demo().await;
    let list = f
        .json("/repos/actions/runner/releases?per_page=30", None)
        .await;
    let after = fake_github::clock::now();
    let seen: Vec<(&str, bool, &str)> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|r| {
            (
                r["tag_name"].as_str().unwrap_or(""),
                r["prerelease"] == true,
                r["published_at"].as_str().unwrap_or(""),
            )
        })
        .collect();
    let tags: Vec<(&str, bool)> = seen.iter().map(|(t, p, _)| (*t, *p)).collect();
    assert_eq!(
        tags,
        [
            ("v2.334.0", true),
            ("v2.333.0", false),
            ("v2.332.0", false),
            ("v2.331.0", false),
            ("v2.330.0", false),
            ("v2.329.0", false)
        ],
        "newest first, the pre-release marked"
    );
    // `published_days_ago: 25` is 25 days before the fake started, whatever today is.
    let secs = |text: &str| -> u64 {
        let days = |y: u64, m: u64, d: u64| {
            let (y, m) = if m <= 2 { (y - 1, m + 12) } else { (y, m) };
            365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d
        };
        let n = |r: std::ops::Range<usize>| {
            text.get(r).and_then(|s| s.parse::<u64>().ok()).unwrap_or(0)
        };
        days(n(0..4), n(5..7), n(8..10)) * 86_400 + n(11..13) * 3600 + n(14..16) * 60 + n(17..19)
    };
    let newest = seen[1].2;
    let age = secs(&after) - secs(newest);
    assert!(
        (25 * 86_400..25 * 86_400 + 60).contains(&age),
        "v2.333.0 published {newest}, {age} s before {after}"
    );
    assert_eq!(
        secs(newest) - secs(seen[5].2),
        135 * 86_400,
        "v2.329.0 is 160 days old"
    );
}

#[tokio::test]
async fn tags_dereference_to_the_pinned_commits() {
    let f = demo().await;
    let lightweight = f
        .json("/repos/docker/login-action/git/ref/tags/v4.1.0", None)
        .await;
    assert_eq!(lightweight["ref"], "refs/tags/v4.1.0");
    assert_eq!(lightweight["object"]["type"], "commit");
    assert_eq!(
        lightweight["object"]["sha"],
        "4907a6ddec9925e35a0a9e82d7399ccc52663121"
    );

    let annotated = f
        .json("/repos/actions/checkout/git/ref/tags/v7.0.1", None)
        .await;
    assert_eq!(annotated["object"]["type"], "tag");
    let tag_sha = annotated["object"]["sha"].as_str().expect("sha");
    assert_ne!(tag_sha, "3d3c42e5aac5ba805825da76410c181273ba90b1");
    let object_url = annotated["object"]["url"].as_str().expect("url");
    let object_path = object_url.strip_prefix(&f.server.url()).expect("fake URL");
    assert_eq!(
        object_path,
        format!("/repos/actions/checkout/git/tags/{tag_sha}")
    );
    let tag = f.json(object_path, None).await;
    assert_eq!(tag["tag"], "v7.0.1");
    assert_eq!(tag["object"]["type"], "commit");
    assert_eq!(
        tag["object"]["sha"],
        "3d3c42e5aac5ba805825da76410c181273ba90b1"
    );

    let major = f
        .json("/repos/actions/checkout/git/ref/tags/v7", None)
        .await;
    assert_eq!(
        major["object"]["type"], "commit",
        "major tags are lightweight"
    );
    assert_eq!(
        major["object"]["sha"],
        "3d3c42e5aac5ba805825da76410c181273ba90b1"
    );
    assert_eq!(
        f.status("/repos/sigstore/cosign-installer/git/ref/tags/v4", None)
            .await,
        404,
        "cosign-installer has no major tag"
    );
    assert_eq!(
        f.status(
            "/repos/actions/checkout/git/tags/0000000000000000000000000000000000000000",
            None
        )
        .await,
        404
    );
}

#[tokio::test]
async fn every_repository_of_the_demo_is_described_in_its_comment() {
    let scenario = fake_github::Scenario::demo().expect("demo");
    let comment = scenario.comment.join("\n");
    for repo in &scenario.repos {
        let is_action = ["actions", "docker", "sigstore"].contains(&repo.owner.as_str());
        let named = comment.contains(&repo.full_name())
            || (is_action && comment.contains(&format!("{}/*", repo.owner)));
        assert!(named, "{} is not described in _comment", repo.full_name());
    }
    for token in &scenario.tokens {
        assert!(
            comment.contains(&token.value),
            "token {} is not listed",
            token.value
        );
    }
}
