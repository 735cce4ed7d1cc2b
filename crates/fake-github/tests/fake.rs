//! Behaviour tests of the fake GitHub over real HTTP on loopback: device flow
//! (happy path, every error, the device page), scopes and roles, ETags,
//! fault injection, CORS differences, the request log and reset.

use std::time::{Duration, Instant};

use fake_github::{start, Options, Scenario, Server};
use reqwest::{Client, Method, Response};
use serde_json::{json, Value};

const DEMO: &str = "ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000";
const NO_SCOPES: &str = "ghp_DEMOnoscopesDEMOnoscopesDEMOnosc0000";
const MAINTAINER: &str = "ghp_DEMOmaintainerDEMOmaintainerDEMO0000";
const FINE: &str = "github_pat_DEMO_fineGrainedDemoToken0000000000";
const CLIENT_ID: &str = "Ov23liDEMOdemo000000";
const GRANT: &str = "urn:ietf:params:oauth:grant-type:device_code";

struct Fake {
    server: Server,
    http: Client,
}

/// Starts the demo with device-flow timing suited to tests.
async fn fake_with(interval: u64, expires_in: u64) -> Fake {
    let mut scenario = Scenario::demo().expect("demo");
    scenario.device_flow.interval = interval;
    scenario.device_flow.expires_in = expires_in;
    let server = start(Options::with(scenario)).await.expect("start");
    Fake {
        server,
        http: Client::new(),
    }
}

async fn fake() -> Fake {
    fake_with(0, 900).await
}

impl Fake {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.server.url())
    }

    async fn api(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut req = self.http.request(method, self.url(path));
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.expect("send")
    }

    async fn get(&self, path: &str, token: Option<&str>) -> Response {
        self.api(Method::GET, path, token, None).await
    }

    /// A PUT with a JSON body.
    async fn put(&self, path: &str, token: Option<&str>, body: Value) -> Response {
        self.api(Method::PUT, path, token, Some(body)).await
    }

    /// The status of a GET.
    async fn status_of(&self, path: &str, token: Option<&str>) -> reqwest::StatusCode {
        self.get(path, token).await.status()
    }

    /// The JSON body of a GET.
    async fn get_json(&self, path: &str, token: Option<&str>) -> Value {
        self.get(path, token).await.json().await.expect("json")
    }

    async fn control(&self, method: Method, path: &str, body: Value) -> Response {
        self.http
            .request(method, self.url(path))
            .json(&body)
            .send()
            .await
            .expect("send")
    }

    /// Approves (`"approve"`) or denies (`"deny"`) a user code via the control API.
    async fn decide(&self, action: &str, user_code: Value) -> Response {
        let path = format!("/_fake/{action}");
        self.control(Method::POST, &path, json!({ "user_code": user_code }))
            .await
    }

    /// The device codes waiting for a decision.
    async fn pending(&self) -> Value {
        self.get("/_fake/pending", None)
            .await
            .json()
            .await
            .expect("json")
    }

    /// Submits the HTML device page's form.
    async fn submit_device_page(&self, form: &[(&str, &str)]) -> Response {
        self.http
            .post(self.url("/login/device"))
            .form(form)
            .send()
            .await
            .expect("send")
    }

    async fn device_code(&self, scope: &str) -> Value {
        let resp = self
            .http
            .post(self.url("/login/device/code"))
            .header("accept", "application/json")
            .form(&[("client_id", CLIENT_ID), ("scope", scope)])
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), 200);
        resp.json().await.expect("json")
    }

    async fn poll(&self, client_id: &str, device_code: &str, grant: &str) -> Value {
        let resp = self
            .http
            .post(self.url("/login/oauth/access_token"))
            .header("accept", "application/json")
            .json(
                &json!({ "client_id": client_id, "device_code": device_code, "grant_type": grant }),
            )
            .send()
            .await
            .expect("send");
        assert_eq!(resp.status(), 200, "errors come with status 200");
        resp.json().await.expect("json")
    }
}

fn header(resp: &Response, name: &str) -> Option<String> {
    resp.headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

#[tokio::test]
async fn device_flow_happy_path_gives_a_working_token() {
    let f = fake().await;
    let code = f.device_code("repo read:org").await;
    let device = code["device_code"].as_str().expect("device_code");
    let user_code = code["user_code"].as_str().expect("user_code");
    assert_eq!(device.len(), 40);
    assert!(
        user_code.len() == 9 && user_code.as_bytes()[4] == b'-',
        "{user_code}"
    );
    assert_eq!(code["verification_uri"], f.url("/login/device"));
    assert_eq!(code["expires_in"], 900);
    assert_eq!(code["interval"], 0);

    assert_eq!(
        f.poll(CLIENT_ID, device, GRANT).await["error"],
        "authorization_pending"
    );
    let pending: Value = f.pending().await;
    assert_eq!(pending[0]["user_code"], user_code);

    let approved = f.decide("approve", json!(user_code.to_lowercase())).await;
    assert_eq!(approved.status(), 200);

    let token = f.poll(CLIENT_ID, device, GRANT).await;
    let access = token["access_token"]
        .as_str()
        .expect("access_token")
        .to_owned();
    assert!(access.starts_with("gho_") && access.len() == 40, "{access}");
    assert_eq!(token["token_type"], "bearer");
    assert_eq!(token["scope"], "repo,read:org");

    let me = f.get("/user", Some(&access)).await;
    assert_eq!(me.status(), 200);
    assert_eq!(
        header(&me, "x-oauth-scopes").as_deref(),
        Some("repo, read:org")
    );
    let me: Value = me.json().await.expect("json");
    assert_eq!(me["login"], "octo-demo");

    assert_eq!(
        f.poll(CLIENT_ID, device, GRANT).await["error"],
        "incorrect_device_code",
        "codes are single use"
    );
    let empty: Value = f.pending().await;
    assert_eq!(empty, json!([]));
}

#[tokio::test]
async fn device_code_is_form_encoded_without_accept_json() {
    let f = fake().await;
    let resp = f
        .http
        .post(f.url("/login/device/code"))
        .json(&json!({ "client_id": CLIENT_ID, "scope": "repo" }))
        .send()
        .await
        .expect("send");
    assert!(header(&resp, "content-type")
        .is_some_and(|c| c.starts_with("application/x-www-form-urlencoded")));
    let text = resp.text().await.expect("text");
    assert!(
        text.contains("device_code=") && text.contains("user_code=") && text.contains("interval=0"),
        "{text}"
    );
}

#[tokio::test]
async fn device_flow_errors() {
    let f = fake().await;
    let code = f.device_code("repo").await;
    let device = code["device_code"].as_str().expect("device_code");

    assert_eq!(
        f.poll("Ov23liUNKNOWN0000000", device, GRANT).await["error"],
        "incorrect_client_credentials"
    );
    assert_eq!(
        f.poll("Ov23liNODEVICEFLOW00", device, GRANT).await["error"],
        "device_flow_disabled"
    );
    assert_eq!(
        f.poll(CLIENT_ID, device, "authorization_code").await["error"],
        "unsupported_grant_type"
    );
    assert_eq!(
        f.poll(CLIENT_ID, "0".repeat(40).as_str(), GRANT).await["error"],
        "incorrect_device_code"
    );

    let resp = f
        .http
        .post(f.url("/login/device/code"))
        .header("accept", "application/json")
        .form(&[("client_id", "Ov23liNODEVICEFLOW00")])
        .send()
        .await
        .expect("send");
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["error"], "device_flow_disabled");
    assert!(body["error_description"].is_string() && body["error_uri"].is_string());

    let denied = f.decide("deny", code["user_code"].clone()).await;
    assert_eq!(denied.status(), 200);
    assert_eq!(
        f.poll(CLIENT_ID, device, GRANT).await["error"],
        "access_denied"
    );
    let again = f.decide("approve", code["user_code"].clone()).await;
    assert_eq!(again.status(), 409);
    let unknown = f.decide("approve", json!("ZZZZ-ZZZZ")).await;
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn device_codes_expire() {
    let f = fake_with(0, 1).await;
    let code = f.device_code("repo").await;
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let device = code["device_code"].as_str().expect("device_code");
    assert_eq!(
        f.poll(CLIENT_ID, device, GRANT).await["error"],
        "expired_token"
    );
    let late = f.decide("approve", code["user_code"].clone()).await;
    assert_eq!(late.status(), 410);
}

#[tokio::test]
async fn polling_too_fast_is_slowed_down() {
    let f = fake_with(1, 900).await;
    let code = f.device_code("repo").await;
    let device = code["device_code"].as_str().expect("device_code");
    assert_eq!(
        f.poll(CLIENT_ID, device, GRANT).await["error"],
        "authorization_pending"
    );
    let slow = f.poll(CLIENT_ID, device, GRANT).await;
    assert_eq!(slow["error"], "slow_down");
    assert_eq!(slow["interval"], 6, "interval grows by 5 s");
}

#[tokio::test]
async fn device_page_approves_and_cancels() {
    let f = fake().await;
    let page = f
        .get("/login/device?user_code=ABCD-EFGH", None)
        .await
        .text()
        .await
        .expect("html");
    assert!(page.contains("<title>Fake GitHub — demo device authorization</title>"));
    assert!(page.contains("<label for=\"user_code\">") && page.contains("id=\"user_code\""));
    assert!(page.contains(">Authorize</button>") && page.contains(">Cancel</button>"));
    assert!(page.contains("value=\"ABCD-EFGH\""));

    let code = f.device_code("repo").await;
    let form = [
        ("user_code", code["user_code"].as_str().expect("code")),
        ("action", "authorize"),
    ];
    let done = f.submit_device_page(&form).await;
    assert_eq!(done.status(), 200);
    assert!(done.text().await.expect("html").contains("all set"));
    let token = f
        .poll(CLIENT_ID, code["device_code"].as_str().expect("dc"), GRANT)
        .await;
    assert!(token["access_token"]
        .as_str()
        .is_some_and(|t| t.starts_with("gho_")));

    let code = f.device_code("repo").await;
    let form = [
        ("user_code", code["user_code"].as_str().expect("code")),
        ("action", "cancel"),
    ];
    f.submit_device_page(&form).await;
    assert_eq!(
        f.poll(CLIENT_ID, code["device_code"].as_str().expect("dc"), GRANT)
            .await["error"],
        "access_denied"
    );

    let bad = f.submit_device_page(&[("user_code", "NOPE-NOPE")]).await;
    assert_eq!(bad.status(), 422);
}

#[tokio::test]
async fn tokens_and_scopes_decide_access() {
    let f = fake().await;
    let bad = f.get("/user", Some("ghp_wrong")).await;
    assert_eq!(bad.status(), 401);
    let body: Value = bad.json().await.expect("json");
    assert_eq!(body["message"], "Bad credentials");
    assert!(body["documentation_url"].is_string());
    assert_eq!(f.status_of("/user", None).await, 401);

    // Private repo without the repo scope is invisible; a public one is fine.
    assert_eq!(
        f.status_of("/repos/demo-org/fresh-app", Some(NO_SCOPES))
            .await,
        404
    );
    assert_eq!(
        f.status_of("/repos/demo-org/fresh-app", Some(DEMO)).await,
        200
    );
    assert_eq!(
        f.status_of("/repos/demo-org/ready-app", Some(NO_SCOPES))
            .await,
        200
    );
    // Case-insensitive owner and name.
    let mixed: Value = f
        .get_json("/repos/demo-labs/image-builder", Some(DEMO))
        .await;
    assert_eq!(mixed["full_name"], "Demo-Labs/Image-Builder");
    assert_eq!(mixed["owner"]["type"], "Organization");
    assert_eq!(mixed["default_branch"], "develop");

    // Write role is not enough for admin settings.
    let perms: Value = f
        .get_json("/repos/demo-org/ready-app", Some(MAINTAINER))
        .await;
    assert_eq!(perms["permissions"]["admin"], false);
    assert_eq!(perms["permissions"]["push"], true);
    let denied = f
        .get(
            "/repos/demo-org/ready-app/actions/permissions",
            Some(MAINTAINER),
        )
        .await;
    assert_eq!(denied.status(), 403);

    // Org settings need admin:org.
    let org = f
        .get(
            "/orgs/demo-org/actions/permissions/workflow",
            Some(MAINTAINER),
        )
        .await;
    assert_eq!(org.status(), 403);
    assert_eq!(
        header(&org, "x-accepted-oauth-scopes").as_deref(),
        Some("admin:org")
    );
    assert!(org.json::<Value>().await.expect("json")["message"]
        .as_str()
        .is_some_and(|m| m.contains("admin:org")));
    assert_eq!(
        f.status_of("/orgs/demo-org/actions/permissions/workflow", Some(DEMO))
            .await,
        200
    );

    // Packages need read:packages; fine-grained tokens have no packages access.
    let pkg = f
        .get(
            "/orgs/demo-org/packages/container/ready-app",
            Some(NO_SCOPES),
        )
        .await;
    assert_eq!(pkg.status(), 403);
    assert_eq!(
        header(&pkg, "x-accepted-oauth-scopes").as_deref(),
        Some("read:packages")
    );
    let fine = f
        .get("/orgs/demo-org/packages/container/ready-app", Some(FINE))
        .await;
    assert_eq!(fine.status(), 403);
    let fine_user = f.get("/user", Some(FINE)).await;
    assert_eq!(fine_user.status(), 200);
    assert_eq!(
        header(&fine_user, "x-oauth-scopes"),
        None,
        "fine-grained tokens have no classic scopes"
    );
    let linked: Value = f
        .get_json("/orgs/demo-org/packages/container/ready-app", Some(DEMO))
        .await;
    assert_eq!(linked["repository"]["full_name"], "demo-org/ready-app");
}

#[tokio::test]
async fn oauth_app_restrictions_hit_device_tokens_only() {
    let f = fake().await;
    let code = f.device_code("repo read:org").await;
    f.decide("approve", code["user_code"].clone()).await;
    let token = f
        .poll(CLIENT_ID, code["device_code"].as_str().expect("dc"), GRANT)
        .await;
    let gho = token["access_token"].as_str().expect("token").to_owned();

    let restricted = f.get("/repos/restricted-org/private-app", Some(&gho)).await;
    assert_eq!(restricted.status(), 403);
    let body: Value = restricted.json().await.expect("json");
    assert!(body["message"]
        .as_str()
        .is_some_and(|m| m.contains("OAuth App access restrictions")));
    assert_eq!(
        f.status_of("/repos/restricted-org/private-app", Some(DEMO))
            .await,
        200,
        "PATs are not restricted"
    );
    assert_eq!(
        f.status_of("/repos/demo-org/fresh-app", Some(&gho)).await,
        200
    );
}

#[tokio::test]
async fn etag_gives_304_that_does_not_count() {
    let f = fake().await;
    let path = "/repos/demo-org/fresh-app/actions/permissions/workflow";
    let first = f.get(path, Some(DEMO)).await;
    assert_eq!(first.status(), 200);
    let etag = header(&first, "etag").expect("etag");
    assert_eq!(
        header(&first, "cache-control").as_deref(),
        Some("private, max-age=60, s-maxage=60")
    );
    let used: u64 = header(&first, "x-ratelimit-used")
        .and_then(|u| u.parse().ok())
        .expect("used");
    assert_eq!(header(&first, "x-ratelimit-limit").as_deref(), Some("5000"));
    assert_eq!(
        header(&first, "x-ratelimit-resource").as_deref(),
        Some("core")
    );
    assert!(header(&first, "x-ratelimit-reset").is_some());

    let again = f
        .http
        .get(f.url(path))
        .bearer_auth(DEMO)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("send");
    assert_eq!(again.status(), 304);
    assert_eq!(
        header(&again, "x-ratelimit-used"),
        Some(used.to_string()),
        "304 is free"
    );
    assert!(again.text().await.expect("body").is_empty());

    let changed = f
        .put(
            path,
            Some(DEMO),
            json!({ "default_workflow_permissions": "read" }),
        )
        .await;
    assert_eq!(changed.status(), 204);
    let after = f
        .http
        .get(f.url(path))
        .bearer_auth(DEMO)
        .header("if-none-match", &etag)
        .send()
        .await
        .expect("send");
    assert_eq!(after.status(), 200, "a changed setting has a new ETag");
    let body: Value = after.json().await.expect("json");
    assert_eq!(body["default_workflow_permissions"], "read");
}

#[tokio::test]
async fn writes_persist_respect_org_policy_and_reset() {
    let f = fake().await;
    let path = "/repos/locked-down-org/service/actions/permissions/workflow";
    let refused = f
        .put(
            path,
            Some(DEMO),
            json!({ "default_workflow_permissions": "write" }),
        )
        .await;
    assert_eq!(refused.status(), 409, "the org forces read");

    let repo_path = "/repos/demo-org/fresh-app/actions/permissions/workflow";
    f.put(
        repo_path,
        Some(DEMO),
        json!({ "default_workflow_permissions": "read" }),
    )
    .await;
    let now: Value = f.get_json(repo_path, Some(DEMO)).await;
    assert_eq!(now["default_workflow_permissions"], "read");
    assert_eq!(
        f.http
            .post(f.url("/_fake/reset"))
            .send()
            .await
            .expect("send")
            .status(),
        204
    );
    let back: Value = f.get_json(repo_path, Some(DEMO)).await;
    assert_eq!(back["default_workflow_permissions"], "write");

    // Workflow files need the workflow scope.
    let yaml = "bmFtZTogeAo=";
    let file = "/repos/demo-org/ready-app/contents/.github/workflows/x.yml";
    let no_scope = f
        .put(
            file,
            Some(MAINTAINER),
            json!({ "message": "m", "content": yaml }),
        )
        .await;
    assert_eq!(no_scope.status(), 404);
    assert!(no_scope
        .text()
        .await
        .expect("text")
        .contains("without `workflow` scope"));
    let ok = f
        .put(file, Some(DEMO), json!({ "message": "m", "content": yaml }))
        .await;
    assert_eq!(ok.status(), 201);
    let stored: Value = f.get_json(file, Some(DEMO)).await;
    assert_eq!(stored["content"].as_str().map(str::trim), Some(yaml));
    let update_without_sha = f
        .put(file, Some(DEMO), json!({ "message": "m", "content": yaml }))
        .await;
    assert_eq!(update_without_sha.status(), 422);
}

#[tokio::test]
async fn faults_are_injected_and_cleared() {
    let f = fake().await;
    let added = f
        .control(Method::POST, "/_fake/faults", json!({ "path_prefix": "/user", "method": "GET", "status": 502, "body": { "message": "Server Error" }, "headers": { "retry-after": "3" }, "times": 1 }))
        .await;
    assert_eq!(added.status(), 201);
    let broken = f.get("/user", Some(DEMO)).await;
    assert_eq!(broken.status(), 502);
    assert_eq!(header(&broken, "retry-after").as_deref(), Some("3"));
    assert_eq!(
        header(&broken, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    assert_eq!(
        f.status_of("/user", Some(DEMO)).await,
        200,
        "times: 1 is used up"
    );

    f.control(
        Method::POST,
        "/_fake/faults",
        json!({ "path_prefix": "/login/oauth/access_token", "status": 503, "body": "down" }),
    )
    .await;
    assert_eq!(
        f.http
            .post(f.url("/login/oauth/access_token"))
            .send()
            .await
            .expect("send")
            .status(),
        503
    );
    f.control(
        Method::POST,
        "/_fake/faults",
        json!({ "path_prefix": "/rate_limit", "latency_ms": 300 }),
    )
    .await;
    let started = Instant::now();
    assert_eq!(
        f.status_of("/rate_limit", Some(DEMO)).await,
        200,
        "latency-only fault keeps the real answer"
    );
    assert!(started.elapsed() >= Duration::from_millis(300));

    let cleared = f
        .http
        .delete(f.url("/_fake/faults"))
        .send()
        .await
        .expect("send");
    assert_eq!(cleared.status(), 204);
    assert_eq!(
        f.http
            .post(f.url("/login/oauth/access_token"))
            .form(&[("client_id", CLIENT_ID)])
            .send()
            .await
            .expect("send")
            .status(),
        200
    );
    let bad = f
        .control(Method::POST, "/_fake/faults", json!({ "status": 500 }))
        .await;
    assert_eq!(bad.status(), 400, "path_prefix is required");
}

#[tokio::test]
async fn a_fault_after_the_request_loses_only_the_answer() {
    let f = fake().await;
    let repo = "/repos/demo-org/fresh-app";
    let main = f
        .get_json(&format!("{repo}/git/ref/heads/main"), Some(DEMO))
        .await;
    f.control(
        Method::POST,
        "/_fake/faults",
        json!({ "path_prefix": format!("{repo}/git/refs"), "method": "POST", "status": 502, "after": true, "times": 1 }),
    )
    .await;
    let lost = f
        .api(
            Method::POST,
            &format!("{repo}/git/refs"),
            Some(DEMO),
            Some(json!({ "ref": "refs/heads/lost-answer", "sha": main["object"]["sha"] })),
        )
        .await;
    assert_eq!(lost.status(), 502, "the caller sees the fault");
    assert_eq!(
        f.status_of(&format!("{repo}/git/ref/heads/lost-answer"), Some(DEMO))
            .await,
        200,
        "but the branch was created"
    );
}

#[tokio::test]
async fn cors_differs_between_device_endpoints_and_api() {
    let f = fake().await;
    let origin = "http://127.0.0.1:8080";
    let api = f
        .http
        .get(f.url("/user"))
        .bearer_auth(DEMO)
        .header("origin", origin)
        .send()
        .await
        .expect("send");
    assert_eq!(
        header(&api, "access-control-allow-origin").as_deref(),
        Some("*")
    );
    let exposed = header(&api, "access-control-expose-headers").expect("expose");
    for h in [
        "ETag",
        "Link",
        "Retry-After",
        "X-RateLimit-Remaining",
        "X-OAuth-Scopes",
        "X-Accepted-OAuth-Scopes",
        "X-GitHub-SSO",
        "X-GitHub-Request-Id",
    ] {
        assert!(exposed.contains(h), "{h} not exposed");
    }
    let preflight = f
        .http
        .request(
            Method::OPTIONS,
            f.url("/repos/demo-org/ready-app/actions/permissions/workflow"),
        )
        .header("origin", origin)
        .header("access-control-request-method", "PUT")
        .header(
            "access-control-request-headers",
            "authorization, content-type, if-none-match",
        )
        .send()
        .await
        .expect("send");
    assert_eq!(preflight.status(), 204);
    let allowed = header(&preflight, "access-control-allow-headers").expect("allow-headers");
    for h in ["Authorization", "Content-Type", "If-None-Match"] {
        assert!(allowed.contains(h), "{h} not allowed");
    }
    assert!(!allowed.contains("X-GitHub-Api-Version"));
    assert!(header(&preflight, "access-control-allow-methods").is_some_and(|m| m.contains("PUT")));

    let device = f
        .http
        .post(f.url("/login/device/code"))
        .header("origin", origin)
        .header("accept", "application/json")
        .form(&[("client_id", CLIENT_ID)])
        .send()
        .await
        .expect("send");
    assert_eq!(device.status(), 200);
    assert_eq!(header(&device, "access-control-allow-origin"), None);
    for path in ["/login/device/code", "/login/oauth/access_token"] {
        let pre = f
            .http
            .request(Method::OPTIONS, f.url(path))
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .send()
            .await
            .expect("send");
        assert!(
            pre.status() == 405 || pre.status() == 404,
            "{path}: {}",
            pre.status()
        );
        assert_eq!(header(&pre, "access-control-allow-origin"), None);
    }
    let control = f
        .http
        .get(f.url("/_fake/log"))
        .header("origin", origin)
        .send()
        .await
        .expect("send");
    assert_eq!(
        header(&control, "access-control-allow-origin").as_deref(),
        Some("*")
    );
}

#[tokio::test]
async fn log_records_requests_without_tokens() {
    let f = fake().await;
    f.http
        .get(f.url("/user"))
        .bearer_auth(DEMO)
        .header("origin", "http://page.example")
        .send()
        .await
        .expect("send");
    f.get("/rate_limit", None).await;
    let log = f
        .http
        .get(f.url("/_fake/log"))
        .send()
        .await
        .expect("send")
        .text()
        .await
        .expect("text");
    assert!(!log.contains(DEMO) && !log.contains("ghp_"), "{log}");
    let entries: Value = serde_json::from_str(&log).expect("json");
    assert_eq!(
        entries[0],
        json!({ "method": "GET", "path": "/user", "status": 200, "origin": "http://page.example", "has_auth": true })
    );
    assert_eq!(entries[1]["has_auth"], false);
    assert_eq!(
        entries.as_array().map(Vec::len),
        Some(2),
        "control calls are not logged"
    );
}

#[tokio::test]
async fn unknown_paths_answer_like_github() {
    let f = fake().await;
    let resp = f.get("/nope/nothing", Some(DEMO)).await;
    assert_eq!(resp.status(), 404);
    let body: Value = resp.json().await.expect("json");
    assert_eq!(body["message"], "Not Found");
    let runs: Value = f
        .get_json(
            "/repos/demo-org/ready-app/actions/workflows/docker-image.yml/runs?per_page=1",
            Some(DEMO),
        )
        .await;
    assert_eq!(runs["total_count"], 2);
    assert_eq!(runs["workflow_runs"].as_array().map(Vec::len), Some(1));
    assert_eq!(runs["workflow_runs"][0]["run_number"], 12);
    assert_eq!(
        f.status_of(
            "/repos/demo-org/fresh-app/actions/workflows/docker-image.yml/runs",
            Some(DEMO)
        )
        .await,
        404
    );
}

#[test]
fn cli_flags_parse() {
    let args = |a: &[&str]| a.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    match fake_github::parse_args(args(&["--listen", "127.0.0.1:0", "--latency-ms=25"])) {
        Ok(fake_github::Command::Run(o)) => {
            assert_eq!(o.latency, Duration::from_millis(25));
            assert_eq!(o.listen.port(), 0);
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(fake_github::parse_args(args(&["--scenario", "/does/not/exist.json"])).is_err());
    assert!(fake_github::parse_args(args(&["--bogus"])).is_err());
    assert!(fake_github::parse_args(args(&["--listen", "nowhere"])).is_err());
    assert!(fake_github::parse_args(args(&["--latency-ms"])).is_err());
    assert!(matches!(
        fake_github::parse_args(args(&["--help"])),
        Ok(fake_github::Command::Help)
    ));
}

#[test]
fn readme_lists_every_route() {
    let readme = include_str!("../README.md");
    let listed: Vec<&str> = readme
        .split("```text\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .map(|block| block.lines().collect())
        .unwrap_or_default();
    let served: Vec<String> = fake_github::routes()
        .into_iter()
        .map(|(m, t)| format!("{m} {t}"))
        .collect();
    assert_eq!(listed, served, "README's route list differs from routes()");
}
