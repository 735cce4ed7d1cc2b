//! GitHub's access rules as the fake applies them: effective (org-capped)
//! workflow permissions, OAuth App access restrictions on reads and writes,
//! SAML SSO refusals, token kinds, secrets' read/write split and implied
//! package scopes.

use crate::common;

use common::*;
use fake_github::scenario::{DefaultPermission, RepoRole, Token};
use serde_json::json;

const SERVICE_WORKFLOW: &str = "/repos/locked-down-org/service/actions/permissions/workflow";

#[tokio::test]
async fn repo_workflow_permissions_report_the_org_capped_value() {
    // The repository itself still stores write (set before the org capped it).
    let f = fake_with(|s| {
        let service = s
            .repos
            .iter_mut()
            .find(|r| r.name == "service")
            .expect("service");
        service.workflow.default_workflow_permissions = DefaultPermission::Write;
        service.workflow.can_approve_pull_request_reviews = true;
    })
    .await;
    let effective = f.json(SERVICE_WORKFLOW, Some(DEMO)).await;
    assert_eq!(effective["default_workflow_permissions"], "read");
    assert_eq!(effective["can_approve_pull_request_reviews"], false);

    let (status, body) = answer(
        f.put(
            SERVICE_WORKFLOW,
            Some(DEMO),
            json!({ "default_workflow_permissions": "write" }),
        )
        .await,
    )
    .await;
    assert_eq!(status, 409, "the org forces read");
    assert!(body.is_null(), "GitHub documents no body here: {body}");
    let read = f
        .put(
            SERVICE_WORKFLOW,
            Some(DEMO),
            json!({ "default_workflow_permissions": "read" }),
        )
        .await;
    assert_eq!(read.status(), 204, "asking for read is fine");

    // Once the org allows write, the repository's own value shows again.
    let repo_write = fake_with(|s| {
        let service = s
            .repos
            .iter_mut()
            .find(|r| r.name == "service")
            .expect("service");
        service.workflow.default_workflow_permissions = DefaultPermission::Write;
    })
    .await;
    let org = repo_write
        .put(
            "/orgs/locked-down-org/actions/permissions/workflow",
            Some(DEMO),
            json!({ "default_workflow_permissions": "write" }),
        )
        .await;
    assert_eq!(org.status(), 204);
    let now = repo_write.json(SERVICE_WORKFLOW, Some(DEMO)).await;
    assert_eq!(now["default_workflow_permissions"], "write");
}

#[tokio::test]
async fn oauth_app_restrictions_refuse_writes_on_public_org_repos() {
    let f = demo().await;
    let repo = "/repos/restricted-org/public-site";
    assert_eq!(f.status(repo, Some(OAUTH)).await, 200, "reading is allowed");
    let key = f
        .json(&format!("{repo}/actions/secrets/public-key"), Some(DEMO))
        .await;
    let main = f
        .json(&format!("{repo}/git/ref/heads/main"), Some(DEMO))
        .await;
    let writes = [
        (
            "PUT",
            format!("{repo}/actions/permissions/workflow"),
            json!({ "default_workflow_permissions": "read" }),
        ),
        (
            "PUT",
            format!("{repo}/actions/permissions"),
            json!({ "enabled": true }),
        ),
        (
            "PUT",
            format!("{repo}/actions/secrets/FALLBACK"),
            json!({ "encrypted_value": sealed_value(), "key_id": key["key_id"] }),
        ),
        (
            "PUT",
            format!("{repo}/contents/README.md"),
            json!({ "message": "m", "content": "aGk=" }),
        ),
        (
            "POST",
            format!("{repo}/git/refs"),
            json!({ "ref": "refs/heads/x", "sha": main["object"]["sha"] }),
        ),
        (
            "POST",
            format!("{repo}/pulls"),
            json!({ "title": "t", "head": "x", "base": "main" }),
        ),
    ];
    for (method, path, body) in &writes {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let (status, answer_body) = answer(
            f.call(method.clone(), path, Some(OAUTH), Some(body.clone()))
                .await,
        )
        .await;
        assert_eq!(status, 403, "{method} {path}: {answer_body}");
        assert!(
            answer_body["message"]
                .as_str()
                .is_some_and(|m| m.contains("has enabled OAuth App access restrictions")),
            "{answer_body}"
        );
    }
    // A classic PAT of the same person is not restricted.
    let pat = f
        .put(
            &format!("{repo}/actions/permissions/workflow"),
            Some(DEMO),
            json!({ "default_workflow_permissions": "read" }),
        )
        .await;
    assert_eq!(pat.status(), 204);
    // Private resources stay refused for reads too.
    assert_eq!(
        f.status("/repos/restricted-org/private-app", Some(OAUTH))
            .await,
        403
    );
}

#[tokio::test]
async fn sso_refusal_names_the_token_kind_and_sends_the_header() {
    let f = fake_with(|s| {
        s.tokens.push(Token {
            value: "gho_SSOunauthorisedOAuthTokenDEMO0000000".into(),
            user: "octo-demo".into(),
            scopes: vec!["repo".into()],
            note: None,
            sso_authorized_orgs: vec![],
        });
    })
    .await;
    let repo = "/repos/sso-org/app";
    for (token, words) in [
        (DEMO, "Personal Access token"),
        ("gho_SSOunauthorisedOAuthTokenDEMO0000000", "OAuth token"),
    ] {
        let resp = f.get(repo, Some(token)).await;
        let sso = header(&resp, "x-github-sso").unwrap_or_default();
        let (status, body) = answer(resp).await;
        assert_eq!(status, 403);
        assert!(sso.starts_with("required; url=https://"), "{sso}");
        let message = body["message"].as_str().unwrap_or_default();
        assert!(message.contains("SAML enforcement"), "{message}");
        assert!(message.contains(words), "{token}: {message}");
    }
    assert_eq!(f.status(repo, Some(SSO)).await, 200, "authorised token");
    let write = f
        .put(
            "/repos/sso-org/app/actions/permissions/workflow",
            Some(DEMO),
            json!({ "default_workflow_permissions": "read" }),
        )
        .await;
    assert_eq!(write.status(), 403);
}

#[tokio::test]
async fn app_tokens_have_no_scopes_header_and_no_packages() {
    let f = demo().await;
    for token in [APP_USER, INSTALLATION, FINE] {
        let me = f.get("/user", Some(token)).await;
        assert_eq!(me.status(), 200, "{token}");
        assert_eq!(header(&me, "x-oauth-scopes"), None, "{token}");
        let (status, body) = answer(
            f.get("/orgs/demo-org/packages/container/ready-app", Some(token))
                .await,
        )
        .await;
        assert_eq!(status, 403, "{token}: {body}");
        assert!(body["message"]
            .as_str()
            .is_some_and(|m| m.contains("Resource not accessible")));
    }
    for token in [DEMO, OAUTH] {
        let me = f.get("/user", Some(token)).await;
        assert!(header(&me, "x-oauth-scopes").is_some(), "{token}");
        assert_eq!(
            f.status("/orgs/demo-org/packages/container/ready-app", Some(token))
                .await,
            200
        );
    }
}

#[tokio::test]
async fn public_key_needs_read_and_secret_put_needs_write() {
    let f = fake_with(|s| {
        let fresh = s
            .repos
            .iter_mut()
            .find(|r| r.name == "fresh-app")
            .expect("fresh-app");
        fresh
            .permissions
            .insert("mona-maintainer".into(), RepoRole::Read);
    })
    .await;
    let base = "/repos/demo-org/fresh-app/actions/secrets";
    let key = f
        .json(&format!("{base}/public-key"), Some(MAINTAINER))
        .await;
    assert!(key["key"].is_string() && key["key_id"].is_string());
    let secret = format!("{base}/NEW_SECRET");
    let put = |token: &'static str| {
        f.put(
            &secret,
            Some(token),
            json!({ "encrypted_value": sealed_value(), "key_id": key["key_id"] }),
        )
    };
    let (status, body) = answer(put(MAINTAINER).await).await;
    assert_eq!(status, 403, "read access cannot write secrets: {body}");
    assert_eq!(f.status(base, Some(MAINTAINER)).await, 403);
    assert_eq!(put(DEMO).await.status(), 201);
    assert_eq!(
        f.status(&format!("{base}/public-key"), None).await,
        401,
        "anonymous callers get no key"
    );
}

#[tokio::test]
async fn delete_packages_alone_does_not_read_packages() {
    let token = |value: &str, scope: &str| Token {
        value: value.into(),
        user: "octo-demo".into(),
        scopes: vec![scope.into()],
        note: None,
        sso_authorized_orgs: vec![],
    };
    let f = fake_with(|s| {
        s.tokens.push(token(
            "ghp_DELETEonlyDELETEonlyDELETEonlyDE0000",
            "delete:packages",
        ));
        s.tokens.push(token(
            "ghp_WRITEpkgWRITEpkgWRITEpkgWRITEpkg0000",
            "write:packages",
        ));
    })
    .await;
    let path = "/orgs/demo-org/packages/container/ready-app";
    assert_eq!(
        f.status(path, Some("ghp_DELETEonlyDELETEonlyDELETEonlyDE0000"))
            .await,
        403
    );
    assert_eq!(
        f.status(path, Some("ghp_WRITEpkgWRITEpkgWRITEpkgWRITEpkg0000"))
            .await,
        200
    );
}
