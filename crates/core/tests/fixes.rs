//! One-click fixes against a scripted GitHub: what each offers and says,
//! the requests it sends, success and each refusal GitHub gives, and the
//! facts it re-reads afterwards.

use crate::support;

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::fix::verify::VerifyToken;
use ghcr_setup_core::check::fix::{FixInput, FixKind};
use ghcr_setup_core::check::{Identity, Run, Status, Target};
use ghcr_setup_core::engine::Scheduler;
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Secret, TokenKind};
use support::fixes::{
    checked, fresh, offer, proposal_script, status, ALL, LATENCY, UNDECLARED_LOGIN,
};
use support::{bodies, drive, ready_org, Canned, FaultKind, Script, BASE};

#[test]
fn the_write_default_becomes_read_and_the_row_passes() {
    let mut script = fresh();
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(status(&run, "workflow-permissions"), Status::Warn);
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    assert!(o.blocked.is_none());
    insta::assert_snapshot!("offer_default_read", format!("{}\n{}", o.label, o.confirm));
    script.set(
        "PUT",
        "/repos/acme/app/actions/permissions/workflow",
        Canned::json(204, ""),
    );
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    // After the PUT the repository reads `read`.
    script.set(
        "GET",
        "/repos/acme/app/actions/permissions/workflow",
        Canned::json(200, &bodies::workflow_permissions("read")),
    );
    drive(&mut run, &mut script, 1_000, LATENCY);
    let put = script.log.iter().find(|l| l.method == "PUT").unwrap();
    assert_eq!(put.path, "/repos/acme/app/actions/permissions/workflow");
    assert_eq!(
        put.body["default_workflow_permissions"], "read",
        "the PUT asks for read, as the offer said: {}",
        put.body
    );
    let outcome = run.fix_outcome().unwrap();
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(status(&run, "workflow-permissions"), Status::Pass);
    assert_eq!(
        script.count("/repos/acme/app/actions/permissions/workflow"),
        3,
        "read, write, read again"
    );
}

#[test]
fn an_org_forced_default_answers_409_and_points_to_the_workflow_fix() {
    let mut script = fresh();
    let r = "/repos/acme/app";
    // A workflow without permissions under a read default: fails.
    let wf = UNDECLARED_LOGIN;
    script.set_workflow("acme/app", wf);
    script.set(
        "GET",
        &format!("{r}/actions/permissions/workflow"),
        Canned::json(200, &bodies::workflow_permissions("read")),
    );
    // The org's default cannot be read (no admin:org): the write offer is not blocked up front.
    let mut run = checked(
        &mut script,
        "acme/app",
        "repo, read:org, read:packages, workflow",
    );
    assert_eq!(status(&run, "workflow-permissions"), Status::Fail);
    let offers: Vec<_> = run
        .offers(0)
        .into_iter()
        .filter(|o| o.check == "workflow-permissions")
        .collect();
    assert!(
        matches!(offers[0].kind, FixKind::ProposeWorkflow),
        "the workflow fix comes first"
    );
    let write = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    assert!(!write.recommended);
    script.set(
        "PUT",
        &format!("{r}/actions/permissions/workflow"),
        Canned::json(409, ""),
    );
    run.start_fix(&write, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(!outcome.ok);
    assert!(
        outcome.message.contains("409") && outcome.message.contains("packages: write"),
        "{}",
        outcome.message
    );
    insta::assert_snapshot!("outcome_409", outcome.message.clone());
    // When the org's read default is known, the write offer is blocked before any request.
    let mut script = fresh();
    script.set_workflow("acme/app", wf);
    script.set(
        "GET",
        &format!("{r}/actions/permissions/workflow"),
        Canned::json(200, &bodies::workflow_permissions("read")),
    );
    script.set(
        "GET",
        "/orgs/acme/actions/permissions/workflow",
        Canned::json(200, &bodies::workflow_permissions("read")),
    );
    let run = checked(&mut script, "acme/app", ALL);
    let write = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    assert!(
        write
            .blocked
            .as_deref()
            .unwrap_or_default()
            .contains("forces read"),
        "{:?}",
        write.blocked
    );
}

#[test]
fn disabled_actions_are_enabled() {
    let mut script = ready_org("acme/app");
    script.set(
        "GET",
        "/repos/acme/app/actions/permissions",
        Canned::json(200, r#"{"enabled":false}"#),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(status(&run, "actions-enabled"), Status::Fail);
    let o = offer(&run, "actions-enabled", |k| *k == FixKind::EnableActions);
    script.set(
        "PUT",
        "/repos/acme/app/actions/permissions",
        Canned::json(204, ""),
    );
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    script.set(
        "GET",
        "/repos/acme/app/actions/permissions",
        Canned::json(200, &bodies::actions(true, "all", false)),
    );
    drive(&mut run, &mut script, 1_000, LATENCY);
    assert!(run.fix_outcome().unwrap().ok);
    let put = script.log.iter().find(|l| l.method == "PUT").unwrap();
    assert_eq!(put.body["enabled"], true, "{}", put.body);
    assert_eq!(status(&run, "actions-enabled"), Status::Pass);
}

#[test]
fn a_narrow_allow_list_gets_exactly_the_actions_the_workflow_uses() {
    let mut script = ready_org("acme/app");
    let r = "/repos/acme/app";
    script.set(
        "GET",
        &format!("{r}/actions/permissions"),
        Canned::json(200, &bodies::actions(true, "selected", false)),
    );
    script.set(
        "GET",
        &format!("{r}/actions/permissions/selected-actions"),
        Canned::json(200, &bodies::selected(true, false, &["acme/*"])),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(status(&run, "allowed-actions"), Status::Fail);
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { org: false, .. })
    });
    let FixKind::AllowActions {
        patterns,
        to_selected,
        ..
    } = &o.kind
    else {
        unreachable!()
    };
    assert!(!to_selected);
    assert!(
        patterns
            .iter()
            .all(|p| p.as_str().starts_with("docker/") && p.as_str().ends_with("@*")),
        "{patterns:?}"
    );
    assert!(
        !patterns.iter().any(|p| p.as_str() == "*"),
        "never widened to all"
    );
    insta::assert_snapshot!("offer_allow", format!("{}\n{}", o.label, o.confirm));
    script.set(
        "PUT",
        &format!("{r}/actions/permissions/selected-actions"),
        Canned::json(204, ""),
    );
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    let mut patterns_sent = String::new();
    let outs = ghcr_setup_core::engine::Program::due(&mut run, 1_000);
    for out in outs {
        if let Some(body) = &out.request.body {
            patterns_sent = body.clone();
        }
        let answer = script.respond(&out.request);
        ghcr_setup_core::engine::Program::answered(&mut run, out.ticket, 1_100, answer);
    }
    assert!(
        patterns_sent.contains("\"acme/*\""),
        "keeps the existing list: {patterns_sent}"
    );
    assert!(
        patterns_sent.contains("docker/login-action@*"),
        "{patterns_sent}"
    );
    assert!(
        patterns_sent.contains("\"github_owned_allowed\":true"),
        "{patterns_sent}"
    );
    script.set(
        "GET",
        &format!("{r}/actions/permissions/selected-actions"),
        Canned::json(200, &bodies::selected(true, false, &["acme/*", "docker/*"])),
    );
    drive(&mut run, &mut script, 1_100, LATENCY);
    assert!(
        run.fix_outcome().unwrap().ok,
        "{}",
        run.fix_outcome().unwrap().message
    );
    assert_eq!(status(&run, "allowed-actions"), Status::Pass);
}

#[test]
fn a_bang_pattern_is_never_removed_silently() {
    let mut script = ready_org("acme/app");
    let r = "/repos/acme/app";
    script.set(
        "GET",
        &format!("{r}/actions/permissions"),
        Canned::json(200, &bodies::actions(true, "selected", false)),
    );
    script.set(
        "GET",
        &format!("{r}/actions/permissions/selected-actions"),
        Canned::json(
            200,
            &bodies::selected(true, true, &["!docker/login-action@*"]),
        ),
    );
    let run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "allowed-actions", |k| {
        matches!(k, FixKind::AllowActions { .. })
    });
    assert!(
        o.blocked
            .as_deref()
            .unwrap_or_default()
            .contains("`!` pattern"),
        "{:?}",
        o.blocked
    );
}

#[test]
fn the_secret_is_sealed_to_the_repository_key_and_created() {
    use crypto_box::SecretKey;
    let key = SecretKey::from_bytes([5u8; 32]);
    let mut script = ready_org("acme/app");
    let r = "/repos/acme/app";
    let wf = ghcr_setup_core::workflow::generate(&{
        let (raw, _) = ghcr_setup_core::workflow::RawOptions::from_query(
            "repo=acme/app&runner=self-hosted,linux&fallback=LOCAL_RUNNER_FALLBACK_TOKEN",
        );
        raw.validate().unwrap()
    });
    script.set_workflow("acme/app", &wf);
    script.set(
        "GET",
        &format!("{r}/actions/runners"),
        Canned::json(
            200,
            &bodies::runners(&[("box", "online", "2.330.0", &["self-hosted", "linux"])]),
        ),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(
        status(&run, "fallback-secret"),
        Status::Warn,
        "missing, but the login falls back to GITHUB_TOKEN"
    );
    let o = offer(&run, "fallback-secret", |k| {
        matches!(k, FixKind::FallbackSecret(_))
    });
    insta::assert_snapshot!("offer_secret", format!("{}\n{}", o.label, o.confirm));
    assert!(
        run.start_fix(&o, FixInput::default(), 1_000).is_err(),
        "no token yet"
    );
    let public = ghcr_setup_core::encoding::encode(key.public_key().as_bytes());
    script.set(
        "GET",
        &format!("{r}/actions/secrets/public-key"),
        Canned::json(
            200,
            &format!(r#"{{"key_id":"568250167242549743","key":"{public}"}}"#),
        ),
    );
    script.set(
        "PUT",
        &format!("{r}/actions/secrets/LOCAL_RUNNER_FALLBACK_TOKEN"),
        Canned::json(201, "{}"),
    );
    let token = "ghp_SERVICEaccountTOKENvalue000000000000";
    run.start_fix(
        &o,
        FixInput {
            secret: Some(Secret::new(token)),
            entropy: Some([3u8; 32]),
            replace_existing: false,
        },
        1_000,
    )
    .unwrap();
    assert!(
        !format!("{run:?}").contains("SERVICE"),
        "the token never shows in Debug"
    );
    let mut sealed_body = String::new();
    for _ in 0..2 {
        for out in ghcr_setup_core::engine::Program::due(&mut run, 1_000) {
            if let Some(b) = &out.request.body {
                sealed_body = b.clone();
            }
            assert!(!out.request.url.contains("SERVICE"));
            let answer = script.respond(&out.request);
            ghcr_setup_core::engine::Program::answered(&mut run, out.ticket, 1_000, answer);
        }
    }
    assert!(!sealed_body.contains("SERVICE"), "sent sealed, never plain");
    let v: serde_json::Value = serde_json::from_str(&sealed_body).unwrap();
    assert_eq!(v["key_id"], "568250167242549743");
    let sealed = ghcr_setup_core::encoding::decode(v["encrypted_value"].as_str().unwrap()).unwrap();
    assert_eq!(key.unseal(&sealed).unwrap(), token.as_bytes());
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(
        outcome.ok && outcome.message.starts_with("Created"),
        "{}",
        outcome.message
    );
    assert!(
        script.count(&format!("{r}/actions/secrets")) >= 2,
        "secrets re-read after the change"
    );
}

#[test]
fn the_workflow_is_proposed_as_a_pull_request_once() {
    let mut script = proposal_script();
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(status(&run, "workflow-file"), Status::Fail);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    assert!(o.blocked.is_none());
    insta::assert_snapshot!("offer_propose", format!("{}\n{}", o.label, o.confirm));
    // GitHub lists the pull request once it is opened: the fix's own look
    // finds none, the re-read after it finds #7.
    let open = "/repos/acme/app/pulls?head=acme%3Aghcr-setup%2Fdocker-image&state=open";
    let listed_before = script.count(open);
    script.set(
        "GET",
        open,
        Canned::json(
            200,
            &bodies::pulls(&[(7, "https://github.com/acme/app/pull/7")]),
        ),
    );
    script.fault(
        "GET",
        open,
        FaultKind::Answer(Canned::json(200, "[]")),
        Some(1),
    );
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap().clone();
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        outcome.link.unwrap().href,
        "https://github.com/acme/app/pull/7"
    );
    assert_eq!(
        script.count(open),
        listed_before + 2,
        "listed by the fix, then re-read"
    );
    let row = run
        .items(10_000)
        .into_iter()
        .find(|i| i.meta.id == "workflow-file")
        .unwrap();
    assert_eq!(row.verdict.status, Status::Fail, "nothing merged yet");
    assert!(
        row.verdict.summary.contains("Pull request #7"),
        "{}",
        row.verdict.summary
    );
    assert_eq!(
        row.verdict
            .fix
            .and_then(|f| f.link)
            .map(|l| l.href)
            .as_deref(),
        Some("https://github.com/acme/app/pull/7")
    );
    let writes: Vec<_> = script
        .log
        .iter()
        .filter(|l| l.method != "GET")
        .map(|l| format!("{} {}", l.method, l.path))
        .collect();
    assert_eq!(
        writes,
        vec![
            "POST /repos/acme/app/git/refs",
            "PUT /repos/acme/app/contents/.github/workflows/docker-image.yml",
            "POST /repos/acme/app/pulls",
        ]
    );
    // A second click finds the open pull request and links it.
    script.set(
        "GET",
        "/repos/acme/app/pulls?head=acme%3Aghcr-setup%2Fdocker-image&state=open",
        Canned::json(
            200,
            r#"[{"number":7,"html_url":"https://github.com/acme/app/pull/7","state":"open"}]"#,
        ),
    );
    run.start_fix(&o, FixInput::default(), 5_000).unwrap();
    drive(&mut run, &mut script, 5_000, LATENCY);
    let again = run.fix_outcome().unwrap();
    assert!(
        again.ok && again.message.contains("already open"),
        "{}",
        again.message
    );
    assert_eq!(
        script
            .log
            .iter()
            .filter(|l| l.method == "POST" && l.path.ends_with("/pulls"))
            .count(),
        1,
        "not opened twice"
    );
}

#[test]
fn without_the_workflow_scope_the_proposal_is_not_offered_and_a_404_is_explained() {
    let mut script = proposal_script();
    script.scopes = Some("repo, read:org, read:packages".into());
    let run = checked(&mut script, "acme/app", "repo, read:org, read:packages");
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    assert!(
        o.blocked
            .as_deref()
            .unwrap_or_default()
            .contains("`workflow` scope"),
        "{:?}",
        o.blocked
    );
    // A token whose scopes are not reported (fine-grained) is tried; GitHub's 404 is explained.
    let mut script = proposal_script();
    script.scopes = None;
    script.set(
        "PUT",
        "/repos/acme/app/contents/.github/workflows/docker-image.yml",
        Canned::json(404, r#"{"message":"Not Found"}"#),
    );
    let target = Target::repo(RepoSlug::parse("acme/app").unwrap());
    let sched = Scheduler::new(BASE, Some(Secret::new("github_pat_x")), EtagCache::new())
        .with_max_in_flight(100);
    let mut run = Run::with_scheduler(
        target,
        Identity {
            login: Some("octo".into()),
            kind: TokenKind::FineGrainedPat,
            scopes: None,
        },
        sched,
        0,
    );
    drive(&mut run, &mut script, 0, LATENCY);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::ProposeWorkflow);
    assert!(o.blocked.is_none());
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(
        !outcome.ok && outcome.message.contains("`workflow` scope"),
        "{}",
        outcome.message
    );
}

#[test]
fn fixes_are_not_offered_to_a_caller_without_the_rights() {
    let mut script = fresh();
    script.set(
        "GET",
        "/repos/acme/app",
        Canned::json(200, &bodies::repo("acme/app", true, false, false)),
    );
    let run = checked(&mut script, "acme/app", ALL);
    for o in run.offers(0) {
        // Writing the workflow needs write access, not admin rights.
        if o.kind == FixKind::ProposeWorkflow || o.kind == FixKind::CommitWorkflow {
            assert!(o.blocked.is_none(), "{o:?}");
        } else {
            assert!(o.blocked.is_some(), "{o:?}");
        }
    }
}

fn verify(
    script: &mut Script,
    token: &str,
    admin: &str,
) -> ghcr_setup_core::check::fix::verify::TokenReport {
    let repo = RepoSlug::parse("acme/app").unwrap();
    let mut v = match VerifyToken::new(BASE, Secret::new(token), &repo, Some(admin.into())) {
        Ok(v) => v,
        Err(report) => return report,
    };
    drive(&mut v, script, 0, LATENCY);
    v.report().expect("both answers in")
}

#[test]
fn a_token_is_verified_without_being_stored() {
    // Fine-grained: refused without a request.
    let mut script = Script::new();
    let r = verify(&mut script, "github_pat_11AAAAAAAAAAAAAAAAAAAA_bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "octo");
    assert!(!r.usable());
    assert!(r.problems[0].contains("fine-grained"));
    assert!(script.log.is_empty());
    // A service account's classic PAT with the scopes: usable.
    let mut script = Script::new().get("/user", &bodies::user("acme-bot")).get(
        "/repos/acme/app",
        &bodies::repo("acme/app", true, true, false),
    );
    script.scopes = Some("repo, write:packages".into());
    let r = verify(
        &mut script,
        "ghp_BOTbotBOTbotBOTbotBOTbotBOTbotBOT00000",
        "octo",
    );
    assert!(r.usable(), "{r:?}");
    assert!(r.warnings.is_empty(), "{r:?}");
    // The admin's own token without write:packages: a problem and a warning.
    let mut script = Script::new().get("/user", &bodies::user("octo")).get(
        "/repos/acme/app",
        &bodies::repo("acme/app", true, true, true),
    );
    script.scopes = Some("repo".into());
    let r = verify(
        &mut script,
        "ghp_OCTOoctoOCTOoctoOCTOoctoOCTOocto00000",
        "octo",
    );
    assert!(!r.usable());
    assert!(r.problems[0].contains("write:packages"), "{r:?}");
    assert!(
        r.warnings.iter().any(|w| w.contains("service account")),
        "{r:?}"
    );
    // Not authorized for SSO.
    let mut script = Script::new().get("/user", &bodies::user("acme-bot")).on(
        "GET",
        "/repos/acme/app",
        Canned::json(
            403,
            r#"{"message":"Resource protected by organization SAML enforcement."}"#,
        )
        .header(
            "X-GitHub-SSO",
            "required; url=https://github.com/orgs/acme/sso?authorization_request=1",
        ),
    );
    script.scopes = Some("repo, write:packages".into());
    let r = verify(
        &mut script,
        "ghp_BOTbotBOTbotBOTbotBOTbotBOTbotBOT00000",
        "octo",
    );
    assert!(
        r.problems.iter().any(|p| p.contains("single sign-on")),
        "{r:?}"
    );
    // Revoked.
    let mut script = Script::new().on(
        "GET",
        "/user",
        Canned::json(401, r#"{"message":"Bad credentials"}"#),
    );
    let r = verify(
        &mut script,
        "ghp_OLDoldOLDoldOLDoldOLDoldOLDoldOLD00000",
        "octo",
    );
    assert!(r.problems[0].contains("expired or revoked"), "{r:?}");
}

const WORKFLOW_ON_MAIN: &str = "/repos/acme/app/contents/.github/workflows/docker-image.yml";

/// `fresh()` where a commit to `main` is answered `status`.
fn commit_script(status: u16) -> Script {
    let mut s = fresh();
    s.set(
        "GET",
        &format!("{WORKFLOW_ON_MAIN}?ref=main"),
        Canned::json(404, r#"{"message":"Not Found"}"#),
    );
    let body = match status {
        201 => {
            r#"{"content":{"sha":"2222"},"commit":{"sha":"3333333333333333333333333333333333333333","html_url":"https://github.com/acme/app/commit/3333333333333333333333333333333333333333"}}"#
        }
        409 => {
            r#"{"message":"Repository rule violations found\n\nChanges must be made through a pull request."}"#
        }
        _ => r#"{"message":"Validation Failed"}"#,
    };
    s.set("PUT", WORKFLOW_ON_MAIN, Canned::json(status, body));
    s
}

#[test]
fn the_workflow_committed_to_the_default_branch_turns_the_row_green() {
    let mut script = commit_script(201);
    let mut run = checked(&mut script, "acme/app", ALL);
    assert_eq!(status(&run, "workflow-file"), Status::Fail);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
    assert!(o.blocked.is_none() && !o.recommended);
    insta::assert_snapshot!("offer_commit", format!("{}\n{}", o.label, o.confirm));
    // What GitHub holds once the commit is made.
    let (yaml, _) = run.proposal().unwrap();
    let r = "/repos/acme/app";
    script.set(
        "GET",
        &format!("{r}/contents/.github/workflows"),
        Canned::json(200, &support::bodies::dir(&["docker-image.yml"])),
    );
    script.set(
        "GET",
        WORKFLOW_ON_MAIN,
        Canned::json(
            200,
            &support::bodies::file(".github/workflows/docker-image.yml", &yaml),
        ),
    );
    let user_reads = script.count("/user");
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap().clone();
    assert!(outcome.ok, "{}", outcome.message);
    insta::assert_snapshot!("outcome_commit", &outcome.message);
    assert_eq!(
        outcome.link.map(|l| l.href).as_deref(),
        Some("https://github.com/acme/app/commit/3333333333333333333333333333333333333333")
    );
    let writes: Vec<_> = script
        .log
        .iter()
        .filter(|l| l.method != "GET")
        .map(|l| format!("{} {} {}", l.method, l.path, l.status))
        .collect();
    assert_eq!(
        writes,
        vec!["PUT /repos/acme/app/contents/.github/workflows/docker-image.yml 201"]
    );
    // The whole checklist is read again, with the cache.
    assert_eq!(script.count("/user"), user_reads + 1, "re-checked");
    assert!(
        script
            .log
            .iter()
            .any(|l| l.path == "/user" && l.conditional && l.status == 304),
        "unchanged facts answer 304"
    );
    assert_eq!(status(&run, "workflow-file"), Status::Pass);
    assert!(run.finished_ms().is_some());
}

#[test]
fn an_existing_workflow_is_replaced_with_its_sha_and_a_protected_branch_is_explained() {
    // The file is there on main: it is read first, so the write carries its SHA.
    let mut script = commit_script(409);
    script.set(
        "GET",
        &format!("{WORKFLOW_ON_MAIN}?ref=main"),
        Canned::json(
            200,
            &support::bodies::file(".github/workflows/docker-image.yml", "name: old\n"),
        ),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap().clone();
    assert!(!outcome.ok);
    insta::assert_snapshot!("outcome_commit_409", &outcome.message);
    assert_eq!(
        status(&run, "workflow-file"),
        Status::Fail,
        "nothing changed"
    );
    assert_eq!(
        script.count(&format!("{WORKFLOW_ON_MAIN}?ref=main")),
        1,
        "read once before writing"
    );

    // Branch protection that needs reviews answers 422.
    let mut script = commit_script(422);
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
    run.start_fix(&o, FixInput::default(), 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(!outcome.ok);
    assert!(
        outcome.message.contains("(422)") && outcome.message.contains("pull request instead"),
        "{}",
        outcome.message
    );

    // Without the workflow scope it is not offered, like the proposal.
    let mut script = commit_script(201);
    script.scopes = Some("repo, read:org, read:packages".into());
    let run = checked(&mut script, "acme/app", "repo, read:org, read:packages");
    let o = offer(&run, "workflow-file", |k| *k == FixKind::CommitWorkflow);
    assert!(o
        .blocked
        .as_deref()
        .unwrap_or_default()
        .contains("`workflow` scope"));
}
