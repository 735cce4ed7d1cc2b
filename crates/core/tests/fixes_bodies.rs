//! What every one-click fix sends, byte for byte: the method, the path and
//! the whole JSON body of each write, for every fix kind. A fix that PUT
//! `write` instead of `read`, allowed other patterns, named another secret
//! or wrote the file to another branch fails here, natively.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOffer};
use ghcr_setup_core::check::Run;
use ghcr_setup_core::encoding;
use serde_json::{json, Value};
use support::fixes::{
    actions_disabled, checked, fresh, offer, org_local_only, org_selected, proposal_script,
    read_default_without_grant, repo_local_only, repo_selected, secret_input, secret_missing, ALL,
    LATENCY, SECRET, TOKEN,
};
use support::{drive, Canned, Script};

const R: &str = "/repos/acme/app";
const O: &str = "/orgs/acme";
const WORKFLOW: &str = "/repos/acme/app/contents/.github/workflows/docker-image.yml";

/// The docker actions the generated workflow uses, as allow patterns, in
/// the order the workflow uses them.
const DOCKER_PATTERNS: [&str; 4] = [
    "docker/setup-buildx-action@*",
    "docker/login-action@*",
    "docker/metadata-action@*",
    "docker/build-push-action@*",
];

/// Runs `offer` to its end and returns every write it sent: `METHOD path`
/// and the body as JSON (`Null` without one). Panics when the fix failed.
fn writes(
    run: &mut Run,
    script: &mut Script,
    offer: &FixOffer,
    input: FixInput,
) -> Vec<(String, Value)> {
    let from = script.log.len();
    run.start_fix(offer, input, 1_000).unwrap();
    drive(run, script, 1_000, LATENCY);
    let outcome = run.fix_outcome().expect("the fix ended");
    assert!(outcome.ok, "{}", outcome.message);
    script.log[from..]
        .iter()
        .filter(|l| l.method != "GET")
        .map(|l| (format!("{} {}", l.method, l.path), l.body.clone()))
        .collect()
}

fn put(path: &str, body: Value) -> (String, Value) {
    (format!("PUT {path}"), body)
}

/// A script whose `PUT`s to `paths` succeed with 204.
fn accepting(mut script: Script, paths: &[&str]) -> Script {
    for p in paths {
        script.set("PUT", p, Canned::json(204, ""));
    }
    script
}

#[test]
fn the_default_permissions_fix_puts_exactly_the_permission_it_offered() {
    let path = format!("{R}/actions/permissions/workflow");
    // A write default becomes read.
    let mut script = accepting(fresh(), &[&path]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![put(
            &path,
            json!({ "default_workflow_permissions": "read" })
        )]
    );
    // A read default the workflow cannot publish under becomes write, when asked.
    let mut script = accepting(read_default_without_grant(), &[&path]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![put(
            &path,
            json!({ "default_workflow_permissions": "write" })
        )]
    );
}

#[test]
fn enabling_actions_puts_enabled_and_nothing_else() {
    let path = format!("{R}/actions/permissions");
    let mut script = accepting(actions_disabled(), &[&path]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "actions-enabled", |k| *k == FixKind::EnableActions);
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![put(&path, json!({ "enabled": true }))],
        "the allowed-actions policy is left as it is"
    );
}

/// The selected-actions body: the list kept, the docker actions added.
fn selected_body(kept: &[&str]) -> Value {
    let patterns: Vec<&str> = kept.iter().chain(DOCKER_PATTERNS.iter()).copied().collect();
    json!({
        "github_owned_allowed": true,
        "verified_allowed": false,
        "patterns_allowed": patterns,
    })
}

#[test]
fn the_repository_allow_list_gains_exactly_the_actions_used() {
    let selected = format!("{R}/actions/permissions/selected-actions");
    // A selected list keeps what it had.
    let mut script = accepting(repo_selected(), &[&selected]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { org: false, .. })
    });
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![put(&selected, selected_body(&["acme/*"]))]
    );
    // Own actions only: switched to selected, then the list, in that order.
    let policy = format!("{R}/actions/permissions");
    let mut script = accepting(repo_local_only(), &[&policy, &selected]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { org: false, .. })
    });
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![
            put(
                &policy,
                json!({ "enabled": true, "allowed_actions": "selected" })
            ),
            put(&selected, selected_body(&[])),
        ]
    );
}

#[test]
fn the_organization_allow_list_gains_exactly_the_actions_used() {
    let selected = format!("{O}/actions/permissions/selected-actions");
    let mut script = accepting(org_selected(), &[&selected]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { org: true, .. })
    });
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![put(&selected, selected_body(&["acme/*"]))]
    );
    // Own actions only, for selected repositories: which repositories may
    // use Actions stays as it was.
    let policy = format!("{O}/actions/permissions");
    let mut script = accepting(org_local_only(), &[&policy, &selected]);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { org: true, .. })
    });
    assert_eq!(
        writes(&mut run, &mut script, &o, FixInput::default()),
        vec![
            put(
                &policy,
                json!({ "enabled_repositories": "selected", "allowed_actions": "selected" })
            ),
            put(&selected, selected_body(&[])),
        ]
    );
}

#[test]
fn the_secret_fix_writes_the_secret_the_workflow_reads_sealed_to_the_repository_key() {
    let key = crypto_box::SecretKey::from_bytes([5u8; 32]);
    let public = encoding::encode(key.public_key().as_bytes());
    let mut script = secret_missing();
    script.set(
        "GET",
        &format!("{R}/actions/secrets/public-key"),
        Canned::json(
            200,
            &format!(r#"{{"key_id":"568250167242549743","key":"{public}"}}"#),
        ),
    );
    let path = format!("{R}/actions/secrets/{SECRET}");
    script.set("PUT", &path, Canned::json(201, "{}"));
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "fallback-secret", |k| {
        matches!(k, FixKind::FallbackSecret(_))
    });
    let mut sent = writes(&mut run, &mut script, &o, secret_input());
    // The sealed value differs with the entropy: it must open to the token.
    let sealed = sent[0].1["encrypted_value"].take();
    let opened = key
        .unseal(&encoding::decode(sealed.as_str().unwrap()).unwrap())
        .unwrap();
    assert_eq!(opened, TOKEN.as_bytes());
    assert_eq!(
        sent,
        vec![put(
            &path,
            json!({ "encrypted_value": null, "key_id": "568250167242549743" })
        )]
    );
}

#[test]
fn the_proposal_creates_its_branch_writes_the_file_there_and_opens_the_pull_request() {
    let mut script = proposal_script();
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    let (yaml, description) = run.proposal().unwrap();
    let sent = writes(&mut run, &mut script, &o, FixInput::default());
    assert_eq!(
        sent,
        vec![
            (
                format!("POST {R}/git/refs"),
                json!({
                    "ref": "refs/heads/ghcr-setup/docker-image",
                    "sha": "1111111111111111111111111111111111111111",
                })
            ),
            put(
                WORKFLOW,
                json!({
                    "message": "Add the workflow that publishes the image to ghcr.io",
                    "content": encoding::encode(yaml.as_bytes()),
                    "branch": "ghcr-setup/docker-image",
                })
            ),
            (
                format!("POST {R}/pulls"),
                json!({
                    "title": "Publish the Docker image to ghcr.io",
                    "head": "ghcr-setup/docker-image",
                    "base": "main",
                    "body": description,
                })
            ),
        ]
    );
    insta::assert_snapshot!("proposal_description", description);
}

#[test]
fn the_direct_commit_writes_the_file_to_the_default_branch_replacing_it_by_its_sha() {
    let read = format!("{WORKFLOW}?ref=main");
    for (existing, message, sha) in [
        (
            None,
            "Add the workflow that publishes the image to ghcr.io",
            None,
        ),
        (
            Some("name: old\n"),
            "Replace the workflow that publishes the image to ghcr.io",
            Some("0123456789abcdef0123456789abcdef01234567"),
        ),
    ] {
        let mut script = fresh();
        script.set(
            "GET",
            &read,
            match existing {
                Some(text) => Canned::json(
                    200,
                    &support::bodies::file(".github/workflows/docker-image.yml", text),
                ),
                None => Canned::json(404, r#"{"message":"Not Found"}"#),
            },
        );
        script.set(
            "PUT",
            WORKFLOW,
            Canned::json(201, r#"{"commit":{"sha":"3333"}}"#),
        );
        let mut run = checked(&mut script, "acme/app", ALL);
        let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
        let (yaml, _) = run.proposal().unwrap();
        let mut body = json!({
            "message": message,
            "content": encoding::encode(yaml.as_bytes()),
            "branch": "main",
        });
        if let Some(sha) = sha {
            body["sha"] = json!(sha);
        }
        assert_eq!(
            writes(&mut run, &mut script, &o, FixInput::default()),
            vec![put(WORKFLOW, body)],
            "{existing:?}"
        );
    }
}
