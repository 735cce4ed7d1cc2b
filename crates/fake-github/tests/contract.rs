//! Contract test against GitHub's own OpenAPI description (npm package
//! `@octokit/openapi`): every route the fake serves and every request
//! template the core client builds must exist in api.github.com's
//! description, and every body the fake answers (demo scenario, good token)
//! must match the response schema for the status it returned.
//!
//! The description is read from `$OCTOKIT_OPENAPI`, or from
//! `<workspace>/node_modules/@octokit/openapi/generated/api.github.com.json`.
//! The test fails (never skips) when it is missing.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::OnceLock;

use base64::Engine as _;
use fake_github::{routes, start, Options};
use serde_json::{json, Value};

const TOKEN: &str = "ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000";

fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = std::env::var("OCTOKIT_OPENAPI").map(PathBuf::from).unwrap_or_else(|_| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../node_modules/@octokit/openapi/generated/api.github.com.json")
        });
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "GitHub's OpenAPI description is missing at {} ({e}). Install it with \
                 `npm install @octokit/openapi@23.0.2` in the workspace root, or set OCTOKIT_OPENAPI \
                 to the api.github.com.json file.",
                path.display()
            )
        });
        serde_json::from_str(&text).expect("the OpenAPI description is valid JSON")
    })
}

/// `/repos/{owner}/{repo}` → `/repos/{}/{}`.
fn normalize(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out
}

/// Normalized (METHOD, template) pairs in the description.
fn spec_operations() -> BTreeSet<(String, String)> {
    let paths = spec()["paths"].as_object().expect("paths object");
    let mut ops = BTreeSet::new();
    for (path, item) in paths {
        for method in item.as_object().expect("path item").keys() {
            ops.insert((method.to_uppercase(), normalize(path)));
        }
    }
    ops
}

/// The description's path template matching a normalized one.
fn spec_path(method: &str, template: &str) -> Option<(String, Value)> {
    let wanted = normalize(template);
    spec()["paths"]
        .as_object()?
        .iter()
        .find_map(|(path, item)| {
            let op = item.get(method.to_lowercase())?;
            (normalize(path) == wanted).then(|| (path.clone(), op.clone()))
        })
}

#[test]
fn normalize_replaces_placeholders() {
    assert_eq!(normalize("/repos/{owner}/{repo}/x"), "/repos/{}/{}/x");
    assert_eq!(normalize("/user"), "/user");
}

#[test]
fn every_fake_route_exists_in_github_description() {
    let ops = spec_operations();
    let missing: Vec<_> = routes()
        .into_iter()
        .filter(|(m, t)| !ops.contains(&(m.to_string(), normalize(t))))
        .collect();
    assert!(
        missing.is_empty(),
        "routes the fake serves but GitHub does not describe: {missing:?}"
    );
    let unique: BTreeSet<_> = routes().into_iter().collect();
    assert_eq!(unique.len(), routes().len(), "a route is listed twice");
}

#[test]
fn every_client_template_exists_in_description_and_fake() {
    let ops = spec_operations();
    let client = ghcr_setup_core::api::ENDPOINT_TEMPLATES;
    assert!(!client.is_empty());
    let missing: Vec<_> = client
        .iter()
        .filter(|(m, t)| !ops.contains(&(m.to_string(), normalize(t))))
        .collect();
    assert!(
        missing.is_empty(),
        "client templates GitHub does not describe: {missing:?}"
    );
    let served: BTreeSet<(String, String)> = routes()
        .into_iter()
        .map(|(m, t)| (m.to_owned(), normalize(t)))
        .collect();
    let unserved: Vec<_> = client
        .iter()
        .filter(|(m, t)| !served.contains(&(m.to_string(), normalize(t))))
        .collect();
    assert!(
        unserved.is_empty(),
        "client templates the fake does not serve: {unserved:?}"
    );
}

// ---- a small OpenAPI 3.0 schema validator ----

fn resolve(schema: &Value) -> &Value {
    let mut current = schema;
    for _ in 0..32 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else {
            return current;
        };
        let pointer = reference.strip_prefix('#').expect("only local $refs");
        current = spec()
            .pointer(pointer)
            .unwrap_or_else(|| panic!("unresolved $ref {reference}"));
    }
    current
}

fn type_matches(kind: &str, value: &Value) -> bool {
    match kind {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "null" => value.is_null(),
        _ => true,
    }
}

/// Validates `value` against `schema`; errors are "json.path: problem".
fn validate(schema: &Value, value: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(schema);
    if value.is_null() && schema.get("nullable") == Some(&Value::Bool(true)) {
        return;
    }
    for sub in schema
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        validate(sub, value, at, errors);
    }
    if let Some(options) = schema.get("anyOf").and_then(Value::as_array) {
        check_alternatives(schema, options, value, at, errors, "anyOf");
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        check_alternatives(schema, options, value, at, errors, "oneOf");
    }
    if let Some(kind) = schema.get("type").and_then(Value::as_str) {
        if !type_matches(kind, value) {
            errors.push(format!("{at}: expected {kind}, got {value}"));
            return;
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array) {
        if !allowed.contains(value) {
            errors.push(format!("{at}: {value} not in enum {allowed:?}"));
        }
    }
    if let Value::Object(map) = value {
        validate_object(schema, map, at, errors);
    }
    if let (Some(items), Value::Array(list)) = (schema.get("items"), value) {
        for (i, item) in list.iter().enumerate() {
            validate(items, item, &format!("{at}[{i}]"), errors);
        }
    }
}

fn validate_object(
    schema: &Value,
    map: &serde_json::Map<String, Value>,
    at: &str,
    errors: &mut Vec<String>,
) {
    let props = schema.get("properties").and_then(Value::as_object);
    for name in schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let name = name.as_str().unwrap_or_default();
        if !map.contains_key(name) {
            errors.push(format!("{at}: missing required property {name:?}"));
        }
    }
    for (key, v) in map {
        match props.and_then(|p| p.get(key)) {
            Some(sub) => validate(sub, v, &format!("{at}.{key}"), errors),
            None => match schema.get("additionalProperties") {
                Some(Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected property {key:?}"))
                }
                Some(extra @ Value::Object(_)) => {
                    validate(extra, v, &format!("{at}.{key}"), errors)
                }
                _ => {}
            },
        }
    }
}

/// anyOf: at least one option fits. oneOf: the discriminator's choice fits,
/// or (without a discriminator) at least one option fits.
fn check_alternatives(
    schema: &Value,
    options: &[Value],
    value: &Value,
    at: &str,
    errors: &mut Vec<String>,
    kind: &str,
) {
    if let Some(disc) = schema.get("discriminator") {
        let prop = disc["propertyName"].as_str().unwrap_or_default();
        let chosen = value
            .get(prop)
            .and_then(Value::as_str)
            .and_then(|v| disc["mapping"].get(v))
            .and_then(Value::as_str);
        if let Some(reference) = chosen {
            validate(&json!({ "$ref": reference }), value, at, errors);
            return;
        }
    }
    let fits = options.iter().any(|option| {
        let mut sub = Vec::new();
        validate(option, value, at, &mut sub);
        sub.is_empty()
    });
    if !fits {
        let mut first = Vec::new();
        if let Some(option) = options.first() {
            validate(option, value, at, &mut first);
        }
        errors.push(format!(
            "{at}: fits none of {kind} (first option says {first:?})"
        ));
    }
}

#[test]
fn validator_catches_wrong_shapes() {
    let schema = json!({
        "type": "object", "required": ["a"],
        "properties": { "a": { "type": "integer" }, "b": { "type": "string", "nullable": true, "enum": ["x", null] } }
    });
    let mut errors = Vec::new();
    validate(&schema, &json!({ "a": 1, "b": null }), "$", &mut errors);
    assert!(errors.is_empty(), "{errors:?}");
    validate(&schema, &json!({ "b": "y" }), "$", &mut errors);
    assert_eq!(errors.len(), 2, "{errors:?}");
    let mut errors = Vec::new();
    validate(
        &json!({ "$ref": "#/components/schemas/simple-user" }),
        &json!({ "login": "x" }),
        "$",
        &mut errors,
    );
    assert!(
        errors.iter().any(|e| e.contains("avatar_url")),
        "{errors:?}"
    );
}

// ---- driving the fake ----

struct Call {
    method: &'static str,
    template: &'static str,
    path: String,
    body: Option<Value>,
    expect: u16,
}

fn call(
    method: &'static str,
    template: &'static str,
    path: impl Into<String>,
    body: Option<Value>,
    expect: u16,
) -> Call {
    Call {
        method,
        template,
        path: path.into(),
        body,
        expect,
    }
}

async fn send(
    client: &reqwest::Client,
    base: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> (u16, String) {
    let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
    let mut request = client
        .request(method, format!("{base}{path}"))
        .header("authorization", format!("Bearer {TOKEN}"))
        .header("accept", "application/vnd.github+json");
    if let Some(b) = body {
        request = request.json(b);
    }
    let response = request.send().await.expect("request reaches the fake");
    let status = response.status().as_u16();
    (status, response.text().await.expect("body"))
}

async fn json_at(client: &reqwest::Client, base: &str, path: &str, pointer: &str) -> String {
    let (status, text) = send(client, base, "GET", path, None).await;
    assert_eq!(status, 200, "{path}: {text}");
    let v: Value = serde_json::from_str(&text).expect("json");
    v.pointer(pointer)
        .and_then(Value::as_str)
        .unwrap_or_else(|| panic!("{path} has no {pointer}"))
        .to_owned()
}

/// Values read from the fake before the plan runs.
struct Known {
    key_id: String,
    fresh_sha: String,
    tag_sha: String,
}

fn plan(known: &Known) -> Vec<Call> {
    let Known {
        key_id,
        fresh_sha,
        tag_sha,
    } = known;
    let sealed = base64::engine::general_purpose::STANDARD.encode([7u8; 64]);
    let yaml = base64::engine::general_purpose::STANDARD.encode("name: Docker image\non: push\n");
    vec![
        call("GET", "/user", "/user", None, 200),
        call("GET", "/rate_limit", "/rate_limit", None, 200),
        call("GET", "/users/{username}", "/users/demo-org", None, 200),
        call("GET", "/users/{username}", "/users/octo-demo", None, 200),
        call(
            "GET",
            "/repos/{owner}/{repo}",
            "/repos/demo-org/ready-app",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}",
            "/repos/demo-org/does-not-exist",
            None,
            404,
        ),
        call(
            "GET",
            "/user/memberships/orgs/{org}",
            "/user/memberships/orgs/demo-org",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/permissions",
            "/repos/demo-org/ready-app/actions/permissions",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/permissions",
            "/repos/locked-down-org/service/actions/permissions",
            None,
            200,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/permissions",
            "/repos/demo-org/fresh-app/actions/permissions",
            Some(json!({"enabled": true, "allowed_actions": "all"})),
            204,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/permissions/selected-actions",
            "/repos/locked-down-org/service/actions/permissions/selected-actions",
            None,
            200,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/permissions",
            "/repos/demo-org/fresh-app/actions/permissions",
            Some(json!({"enabled": true, "allowed_actions": "selected"})),
            204,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/permissions/selected-actions",
            "/repos/demo-org/fresh-app/actions/permissions/selected-actions",
            Some(
                json!({"github_owned_allowed": true, "verified_allowed": false, "patterns_allowed": ["docker/*"]}),
            ),
            204,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/permissions/workflow",
            "/repos/demo-org/ready-app/actions/permissions/workflow",
            None,
            200,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/permissions/workflow",
            "/repos/locked-down-org/service/actions/permissions/workflow",
            Some(json!({"default_workflow_permissions": "write"})),
            409,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/permissions/workflow",
            "/repos/demo-org/fresh-app/actions/permissions/workflow",
            Some(
                json!({"default_workflow_permissions": "read", "can_approve_pull_request_reviews": false}),
            ),
            204,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/permissions",
            "/orgs/locked-down-org/actions/permissions",
            None,
            200,
        ),
        call(
            "PUT",
            "/orgs/{org}/actions/permissions",
            "/orgs/demo-org/actions/permissions",
            Some(json!({"enabled_repositories": "all", "allowed_actions": "all"})),
            204,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/permissions/selected-actions",
            "/orgs/locked-down-org/actions/permissions/selected-actions",
            None,
            200,
        ),
        call(
            "PUT",
            "/orgs/{org}/actions/permissions/selected-actions",
            "/orgs/locked-down-org/actions/permissions/selected-actions",
            Some(
                json!({"github_owned_allowed": true, "verified_allowed": true, "patterns_allowed": []}),
            ),
            204,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/permissions/self-hosted-runners",
            "/orgs/demo-org/actions/permissions/self-hosted-runners",
            None,
            200,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/permissions/self-hosted-runners",
            "/orgs/locked-down-org/actions/permissions/self-hosted-runners",
            None,
            200,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/permissions/self-hosted-runners/repositories",
            "/orgs/demo-org/actions/permissions/self-hosted-runners/repositories",
            None,
            200,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/permissions/workflow",
            "/orgs/demo-org/actions/permissions/workflow",
            None,
            200,
        ),
        call(
            "PUT",
            "/orgs/{org}/actions/permissions/workflow",
            "/orgs/demo-org/actions/permissions/workflow",
            Some(json!({"default_workflow_permissions": "read"})),
            204,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/secrets",
            "/repos/demo-org/runner-app/actions/secrets",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/secrets/public-key",
            "/repos/demo-org/runner-app/actions/secrets/public-key",
            None,
            200,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
            "/repos/demo-org/runner-app/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN",
            Some(json!({"encrypted_value": sealed, "key_id": key_id})),
            201,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/actions/secrets/{secret_name}",
            "/repos/demo-org/runner-app/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN",
            Some(json!({"encrypted_value": sealed, "key_id": key_id})),
            204,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/organization-secrets",
            "/repos/demo-org/ready-app/actions/organization-secrets",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/runners",
            "/repos/demo-org/runner-app/actions/runners",
            None,
            200,
        ),
        call(
            "GET",
            "/orgs/{org}/actions/runners",
            "/orgs/demo-org/actions/runners",
            None,
            200,
        ),
        call(
            "GET",
            "/orgs/{org}/packages/{package_type}/{package_name}",
            "/orgs/demo-org/packages/container/ready-app",
            None,
            200,
        ),
        call(
            "GET",
            "/orgs/{org}/packages/{package_type}/{package_name}",
            "/orgs/Demo-Labs/packages/container/image-builder",
            None,
            200,
        ),
        call(
            "GET",
            "/user/packages/{package_type}/{package_name}",
            "/user/packages/container/hello-ghcr",
            None,
            200,
        ),
        call(
            "GET",
            "/users/{username}/packages/{package_type}/{package_name}",
            "/users/octo-demo/packages/container/hello-ghcr",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/contents/{path}",
            "/repos/demo-org/ready-app/contents/.github/workflows/docker-image.yml",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/contents/{path}",
            "/repos/demo-org/fresh-app/contents/.github/workflows/docker-image.yml",
            None,
            404,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/contents/{path}",
            "/repos/demo-org/ready-app/contents/.github/workflows",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/contents/{path}",
            "/repos/demo-org/ready-app/contents/.github",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/git/ref/{ref}",
            "/repos/docker/login-action/git/ref/tags/v4.1.0",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/git/ref/{ref}",
            "/repos/actions/checkout/git/ref/tags/v7.0.1",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/git/tags/{tag_sha}",
            format!("/repos/actions/checkout/git/tags/{tag_sha}"),
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/releases",
            "/repos/docker/build-push-action/releases?per_page=5",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/git/ref/{ref}",
            "/repos/demo-org/ready-app/git/ref/heads/main",
            None,
            200,
        ),
        call(
            "POST",
            "/repos/{owner}/{repo}/git/refs",
            "/repos/demo-org/fresh-app/git/refs",
            Some(json!({"ref": "refs/heads/ghcr-setup", "sha": fresh_sha})),
            201,
        ),
        call(
            "POST",
            "/repos/{owner}/{repo}/git/refs",
            "/repos/demo-org/fresh-app/git/refs",
            Some(json!({"ref": "refs/heads/ghcr-setup", "sha": fresh_sha})),
            422,
        ),
        call(
            "PUT",
            "/repos/{owner}/{repo}/contents/{path}",
            "/repos/demo-org/fresh-app/contents/.github/workflows/docker-image.yml",
            Some(json!({"message": "Add workflow", "content": yaml, "branch": "ghcr-setup"})),
            201,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/compare/{basehead}",
            "/repos/demo-org/fresh-app/compare/main...ghcr-setup",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/compare/{basehead}",
            "/repos/demo-org/fresh-app/compare/main...no-such-branch",
            None,
            404,
        ),
        call(
            "POST",
            "/repos/{owner}/{repo}/pulls",
            "/repos/demo-org/fresh-app/pulls",
            Some(
                json!({"title": "Publish to ghcr.io", "head": "ghcr-setup", "base": "main", "body": "Adds the workflow."}),
            ),
            201,
        ),
        call(
            "POST",
            "/repos/{owner}/{repo}/pulls",
            "/repos/demo-org/fresh-app/pulls",
            Some(
                json!({"title": "Publish to ghcr.io", "head": "demo-org:ghcr-setup", "base": "main"}),
            ),
            422,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/pulls",
            "/repos/demo-org/fresh-app/pulls?head=demo-org:ghcr-setup&state=open",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/workflows/{workflow_id}",
            "/repos/demo-org/ready-app/actions/workflows/docker-image.yml",
            None,
            200,
        ),
        call(
            "GET",
            "/repos/{owner}/{repo}/actions/workflows/{workflow_id}/runs",
            "/repos/demo-org/ready-app/actions/workflows/docker-image.yml/runs?per_page=5",
            None,
            200,
        ),
    ]
}

/// The response schema for a status, or `None` when the status has no body.
fn response_schema(op: &Value, status: u16) -> Option<Value> {
    let response = resolve(op["responses"].get(status.to_string())?);
    let content = response.get("content")?;
    content
        .get("application/json")
        .or_else(|| content.as_object().and_then(|c| c.values().next()))
        .map(|c| c["schema"].clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fake_responses_match_github_schemas() {
    let _ = spec();
    let server = start(Options::demo().expect("demo"))
        .await
        .expect("fake starts");
    let base = server.url();
    let client = reqwest::Client::new();
    let known = Known {
        key_id: json_at(
            &client,
            &base,
            "/repos/demo-org/runner-app/actions/secrets/public-key",
            "/key_id",
        )
        .await,
        fresh_sha: json_at(
            &client,
            &base,
            "/repos/demo-org/fresh-app/git/ref/heads/main",
            "/object/sha",
        )
        .await,
        tag_sha: json_at(
            &client,
            &base,
            "/repos/actions/checkout/git/ref/tags/v7.0.1",
            "/object/sha",
        )
        .await,
    };
    let calls = plan(&known);

    let covered: BTreeSet<(&str, &str)> = calls.iter().map(|c| (c.method, c.template)).collect();
    let uncovered: Vec<_> = routes()
        .into_iter()
        .filter(|r| !covered.contains(r))
        .collect();
    assert!(
        uncovered.is_empty(),
        "routes without a contract call: {uncovered:?}"
    );

    let mut problems = Vec::new();
    for c in &calls {
        let (status, text) = send(&client, &base, c.method, &c.path, c.body.as_ref()).await;
        let label = format!("{} {} → {status}", c.method, c.path);
        if status != c.expect {
            problems.push(format!("{label}: expected {} ({text})", c.expect));
            continue;
        }
        let (_, op) = spec_path(c.method, c.template)
            .unwrap_or_else(|| panic!("{label}: not in description"));
        if !op["responses"]
            .as_object()
            .is_some_and(|r| r.contains_key(&status.to_string()))
        {
            problems.push(format!("{label}: GitHub does not document this status"));
            continue;
        }
        match response_schema(&op, status) {
            None => {
                if !text.is_empty() {
                    problems.push(format!(
                        "{label}: GitHub sends no body here, the fake sent {text}"
                    ));
                }
            }
            Some(schema) => {
                let value: Value = match serde_json::from_str(&text) {
                    Ok(v) => v,
                    Err(e) => {
                        problems.push(format!("{label}: not JSON ({e})"));
                        continue;
                    }
                };
                let mut errors = Vec::new();
                validate(&schema, &value, "$", &mut errors);
                problems.extend(errors.into_iter().map(|e| format!("{label}: {e}")));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} contract problems:\n{}",
        problems.len(),
        problems.join("\n")
    );
}
