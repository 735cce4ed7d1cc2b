//! One-click fixes where GitHub or the caller's role says no: the
//! organization's allowed-actions fix (offered only to an owner with
//! `admin:org`), enabling Actions, and storing the token secret — each
//! refusal's message, and for the secret that the value never shows. Then the
//! exact wording of every offer and of each success, as snapshots.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOffer, FixOutcome};
use ghcr_setup_core::check::{Run, Status};
use ghcr_setup_core::engine::{Outgoing, Program, Ticket, TransportFailure};
use ghcr_setup_core::http::HttpResponse;
use support::fixes::{
    actions_disabled, find, fresh, offer, org_local_only, org_selected, read_default_without_grant,
    repo_local_only, repo_selected, secret_input, secret_missing, status, ALL, LATENCY, SECRET,
};
use support::{bodies, drive, Canned, Script, BASE};

const NO_ADMIN_ORG: &str = "repo, read:org, read:packages, workflow";
const R: &str = "/repos/acme/app";
const O: &str = "/orgs/acme";

/// The checklist of acme/app with a token of `scopes`, which the script reports too.
fn checked(script: &mut Script, scopes: &str) -> Run {
    script.scopes = Some(scopes.into());
    support::fixes::checked(script, "acme/app", scopes)
}

fn org_allow(k: &FixKind) -> bool {
    matches!(k, FixKind::AllowActions { org: true, .. })
}

/// One request a fix sent: method, path and body.
#[derive(Debug, Clone)]
struct Sent {
    method: String,
    path: String,
    body: Option<String>,
}

/// A run that records every request it sends.
struct Recorded<'a> {
    run: &'a mut Run,
    sent: Vec<Sent>,
}

impl Program for Recorded<'_> {
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        let out = self.run.due(now_ms);
        for o in &out {
            self.sent.push(Sent {
                method: o.request.method.as_str().to_string(),
                path: o
                    .request
                    .url
                    .strip_prefix(BASE)
                    .unwrap_or(&o.request.url)
                    .to_string(),
                body: o.request.body.clone(),
            });
        }
        out
    }

    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) {
        self.run.answered(ticket, now_ms, result);
    }

    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.run.next_wake(now_ms)
    }

    fn is_idle(&self) -> bool {
        self.run.is_idle()
    }
}

/// Starts `offer` at 1 s and drives the run to idle; the requests sent and how it ended.
fn run_fix(
    run: &mut Run,
    script: &mut Script,
    offer: &FixOffer,
    input: FixInput,
) -> (Vec<Sent>, FixOutcome) {
    let mut rec = Recorded {
        run,
        sent: Vec::new(),
    };
    rec.run.start_fix(offer, input, 1_000).unwrap();
    drive(&mut rec, script, 1_000, LATENCY);
    let outcome = rec.run.fix_outcome().cloned().expect("the fix ended");
    (rec.sent, outcome)
}

fn writes(sent: &[Sent]) -> Vec<String> {
    sent.iter()
        .filter(|s| s.method != "GET")
        .map(|s| format!("{} {}", s.method, s.path))
        .collect()
}

fn body_json(sent: &[Sent], path: &str) -> serde_json::Value {
    let s = sent
        .iter()
        .find(|s| s.method == "PUT" && s.path == path)
        .unwrap_or_else(|| panic!("no PUT {path}: {sent:#?}"));
    serde_json::from_str(s.body.as_deref().unwrap_or_default()).unwrap()
}

/// Everything a secret fix could show or send, none of which may hold the token.
fn assert_token_nowhere(run: &Run, sent: &[Sent], outcome: &FixOutcome) {
    let needle = "SERVICEaccountTOKEN";
    let mut places = vec![
        ("outcome", format!("{outcome:?}")),
        ("run", format!("{run:?}")),
        ("offers", format!("{:?}", run.offers(10_000))),
        ("items", format!("{:?}", run.items(10_000))),
    ];
    for s in sent {
        places.push(("request", format!("{} {} {:?}", s.method, s.path, s.body)));
    }
    for (what, text) in places {
        assert!(!text.contains(needle), "the token shows in the {what}");
    }
}

// ------------------------------------------------- the organization's list

#[test]
fn the_org_allow_list_is_offered_only_to_an_owner_with_admin_org() {
    // An owner with admin:org: offered, with nothing missing.
    let mut script = org_selected();
    let run = checked(&mut script, ALL);
    assert_eq!(status(&run, "allowed-actions"), Status::Fail);
    let o = offer(&run, "allowed-actions", org_allow);
    assert_eq!(o.blocked, None);
    assert!(
        find(&run, "allowed-actions", |k| matches!(
            k,
            FixKind::AllowActions { org: false, .. }
        ))
        .is_none(),
        "the repository itself allows everything: nothing to change there"
    );

    // A member who is not an owner: the change is named, and who can make it.
    let mut script = org_selected();
    script.set(
        "GET",
        "/user/memberships/orgs/acme",
        Canned::json(200, &bodies::membership("member")),
    );
    let run = checked(&mut script, ALL);
    let o = offer(&run, "allowed-actions", org_allow);
    assert_eq!(
        o.blocked.as_deref(),
        Some("Needs an owner of the organization — ask one to make this change.")
    );

    // An owner whose token lacks admin:org: the organization's policy is not
    // read, so there is no organization change to offer.
    let mut script = org_selected();
    let run = checked(&mut script, NO_ADMIN_ORG);
    assert_eq!(find(&run, "allowed-actions", org_allow), None);
    assert_eq!(
        script.count(&format!("{O}/actions/permissions")),
        0,
        "not asked without admin:org"
    );
}

#[test]
fn the_org_allow_list_gains_exactly_the_docker_actions_and_keeps_the_rest() {
    let mut script = org_selected();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "allowed-actions", org_allow);
    let FixKind::AllowActions {
        patterns,
        to_selected,
        ..
    } = &o.kind
    else {
        unreachable!()
    };
    assert!(!to_selected);
    let patterns = patterns.clone();
    let list = format!("{O}/actions/permissions/selected-actions");
    script.set("PUT", &list, Canned::json(204, ""));
    // After the change the organization allows them.
    let mut after: Vec<&str> = vec!["acme/*"];
    after.extend(
        patterns
            .iter()
            .map(ghcr_setup_core::names::AllowPattern::as_str),
    );
    script.set(
        "GET",
        &list,
        Canned::json(200, &bodies::selected(true, false, &after)),
    );
    let (sent, outcome) = run_fix(&mut run, &mut script, &o, FixInput::default());
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(writes(&sent), vec![format!("PUT {list}")]);
    let body = body_json(&sent, &list);
    assert_eq!(body["github_owned_allowed"], true);
    assert_eq!(body["verified_allowed"], false);
    let sent_patterns: Vec<&str> = body["patterns_allowed"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|v| v.as_str())
        .collect();
    assert_eq!(sent_patterns[0], "acme/*", "the existing list stays first");
    assert_eq!(&sent_patterns[1..], after[1..].to_vec());
    assert!(
        patterns
            .iter()
            .all(|p| p.as_str().starts_with("docker/") && p.as_str().ends_with("@*")),
        "{patterns:?}"
    );
    assert!(
        sent.iter()
            .any(|s| s.method == "GET" && s.path == format!("{O}/actions/permissions")),
        "the organization's policy is read again"
    );
    assert_eq!(status(&run, "allowed-actions"), Status::Pass);
}

#[test]
fn an_org_that_allows_only_its_own_actions_switches_to_selected_in_two_writes() {
    let mut script = org_local_only();
    let mut run = checked(&mut script, ALL);
    assert_eq!(status(&run, "allowed-actions"), Status::Fail);
    let o = offer(&run, "allowed-actions", org_allow);
    assert!(matches!(
        o.kind,
        FixKind::AllowActions {
            to_selected: true,
            ..
        }
    ));
    let policy = format!("{O}/actions/permissions");
    let list = format!("{O}/actions/permissions/selected-actions");
    script.set("PUT", &policy, Canned::json(204, ""));
    script.set("PUT", &list, Canned::json(204, ""));
    let (sent, outcome) = run_fix(&mut run, &mut script, &o, FixInput::default());
    assert!(outcome.ok, "{}", outcome.message);
    assert_eq!(
        writes(&sent),
        vec![format!("PUT {policy}"), format!("PUT {list}")]
    );
    let first = body_json(&sent, &policy);
    assert_eq!(
        first,
        serde_json::json!({"enabled_repositories": "selected", "allowed_actions": "selected"}),
        "which repositories may use Actions stays as it was"
    );
    let second = body_json(&sent, &list);
    assert_eq!(second["github_owned_allowed"], true);
    assert_eq!(second["verified_allowed"], false);
}

#[test]
fn the_org_refuses_the_allow_list_with_403_or_409() {
    let list = format!("{O}/actions/permissions/selected-actions");
    // 403: the token is not allowed to change it after all.
    let mut script = org_selected();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "allowed-actions", org_allow);
    script.set(
        "PUT",
        &list,
        Canned::json(
            403,
            r#"{"message":"Must have admin rights to Organization."}"#,
        ),
    );
    let (_, outcome) = run_fix(&mut run, &mut script, &o, FixInput::default());
    assert!(!outcome.ok);
    assert!(
        outcome
            .message
            .starts_with("GitHub refused to change the organization's allowed actions (403)"),
        "{}",
        outcome.message
    );
    insta::assert_snapshot!("org_allow_403", outcome.message);
    assert_eq!(status(&run, "allowed-actions"), Status::Fail);

    // 409: the enterprise (or a change made meanwhile) decides the policy.
    let mut script = org_selected();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "allowed-actions", org_allow);
    script.set("PUT", &list, Canned::json(409, ""));
    let (_, outcome) = run_fix(&mut run, &mut script, &o, FixInput::default());
    assert!(!outcome.ok);
    assert!(outcome.message.contains("409"), "{}", outcome.message);
    insta::assert_snapshot!("org_allow_409", outcome.message);

    // The first of two writes refused: the second is never sent.
    let mut script = org_local_only();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "allowed-actions", org_allow);
    script.set(
        "PUT",
        &format!("{O}/actions/permissions"),
        Canned::json(409, ""),
    );
    let (sent, outcome) = run_fix(&mut run, &mut script, &o, FixInput::default());
    assert!(!outcome.ok);
    assert_eq!(writes(&sent), vec![format!("PUT {O}/actions/permissions")]);
}

// ---------------------------------------------------------- enable Actions

#[test]
fn enabling_actions_refused_says_why() {
    let path = format!("{R}/actions/permissions");
    let cases = [
        (
            403,
            r#"{"message":"Must have admin rights to Repository."}"#,
            "GitHub refused to enable GitHub Actions (403): only an admin of the repository can",
        ),
        (
            409,
            "",
            "GitHub answered 409: the organization that owns acme/app does not let it enable Actions; an organization owner enables them under Settings → Actions → General.",
        ),
    ];
    for (code, body, says) in cases {
        let mut script = actions_disabled();
        let mut run = checked(&mut script, ALL);
        assert_eq!(status(&run, "actions-enabled"), Status::Fail);
        let o = offer(&run, "actions-enabled", |k| *k == FixKind::EnableActions);
        script.set("PUT", &path, Canned::json(code, body));
        let (sent, outcome) = run_fix(&mut run, &mut script, &o, FixInput::default());
        assert!(!outcome.ok, "{code}");
        assert!(
            outcome.message.starts_with(says),
            "{code}: {}",
            outcome.message
        );
        assert_eq!(writes(&sent), vec![format!("PUT {path}")]);
        assert_eq!(
            body_json(&sent, &path),
            serde_json::json!({"enabled": true})
        );
        assert_eq!(
            status(&run, "actions-enabled"),
            Status::Fail,
            "{code}: still off"
        );
        insta::assert_snapshot!(format!("enable_actions_{code}"), outcome.message);
    }
}

// ------------------------------------------------------------ token secret

#[test]
fn a_refused_secret_write_is_explained_and_the_token_never_shows() {
    let key = format!("{R}/actions/secrets/public-key");
    let put = format!("{R}/actions/secrets/{SECRET}");
    let public = ghcr_setup_core::encoding::encode(
        crypto_box::SecretKey::from_bytes([5u8; 32])
            .public_key()
            .as_bytes(),
    );
    let key_body = format!(r#"{{"key_id":"568250167242549743","key":"{public}"}}"#);
    // (what is refused, its answer, the writes sent, how the message starts)
    let cases: [(&str, Canned, Option<Canned>, usize, &str); 3] = [
        (
            "public key 404",
            Canned::json(404, r#"{"message":"Not Found"}"#),
            None,
            0,
            "GitHub answered 404 when asked to store the secret `LOCAL_RUNNER_FALLBACK_TOKEN`:",
        ),
        (
            "public key 403",
            Canned::json(403, r#"{"message":"Resource not accessible by integration"}"#),
            None,
            0,
            "GitHub refused to store the secret `LOCAL_RUNNER_FALLBACK_TOKEN` (403): it needs write access to the repository",
        ),
        (
            "secret write 403",
            Canned::json(200, &key_body),
            Some(Canned::json(403, r#"{"message":"Must have admin rights to Repository."}"#)),
            1,
            "GitHub refused to store the secret `LOCAL_RUNNER_FALLBACK_TOKEN` (403): it needs write access to the repository",
        ),
    ];
    for (what, key_answer, put_answer, puts, says) in cases {
        let mut script = secret_missing();
        let mut run = checked(&mut script, ALL);
        let o = offer(&run, "fallback-secret", |k| {
            matches!(k, FixKind::FallbackSecret(_))
        });
        script.set("GET", &key, key_answer);
        if let Some(a) = put_answer {
            script.set("PUT", &put, a);
        }
        let (sent, outcome) = run_fix(&mut run, &mut script, &o, secret_input());
        assert!(!outcome.ok, "{what}");
        assert!(
            outcome.message.starts_with(says),
            "{what}: {}",
            outcome.message
        );
        assert_eq!(writes(&sent).len(), puts, "{what}: {sent:#?}");
        assert_token_nowhere(&run, &sent, &outcome);
        assert_ne!(
            status(&run, "fallback-secret"),
            Status::Pass,
            "{what}: still missing"
        );
        insta::assert_snapshot!(
            format!("secret_{}", what.replace(' ', "_")),
            outcome.message
        );
    }
}

// ----------------------------------------------------- the wording, whole

/// An offer as the person reads it: the button, what will change, and what is missing.
fn shown(o: &FixOffer) -> String {
    let mut text = format!(
        "[{}] {}{}\n  confirm: {}\n  blocked: {}",
        o.check,
        o.label,
        if o.recommended { " (recommended)" } else { "" },
        o.confirm,
        o.blocked.as_deref().unwrap_or("-")
    );
    if let Some(tick) = &o.replaces {
        text.push_str(&format!("\n  tick first: {tick}"));
    }
    text
}

fn all_shown(run: &Run) -> String {
    let offers = run.offers(0);
    assert!(!offers.is_empty(), "the fixture offers something");
    offers.iter().map(shown).collect::<Vec<_>>().join("\n\n")
}

/// A scripted GitHub to check against.
type Fixture = fn() -> Script;

#[test]
fn every_offer_reads_as_reviewed() {
    let fixtures: [(&str, Fixture, &str); 9] = [
        ("read_default", fresh, ALL),
        ("write_default", read_default_without_grant, ALL),
        ("enable_actions", actions_disabled, ALL),
        ("repo_allow", repo_selected, ALL),
        ("repo_allow_local_only", repo_local_only, ALL),
        ("org_allow", org_selected, ALL),
        ("org_allow_local_only", org_local_only, ALL),
        ("secret", secret_missing, ALL),
        (
            "propose_without_workflow_scope",
            fresh,
            "repo, read:org, read:packages",
        ),
    ];
    for (name, fixture, scopes) in fixtures {
        let mut script = fixture();
        let run = checked(&mut script, scopes);
        insta::assert_snapshot!(format!("offers_{name}"), all_shown(&run));
    }
    // Not an admin of the repository, not an owner of the organization:
    // every offer that needs either names what is missing. (A non-admin
    // cannot read whether Actions are enabled, so that row is unknown and
    // offers nothing.)
    let cases: [(&str, &str, Canned); 2] = [
        (
            "not_admin_read_default",
            R,
            Canned::json(200, &bodies::repo("acme/app", true, false, false)),
        ),
        (
            "not_owner_org_allow",
            "/user/memberships/orgs/acme",
            Canned::json(200, &bodies::membership("member")),
        ),
    ];
    for (name, path, answer) in cases {
        let mut script = if name == "not_admin_read_default" {
            fresh()
        } else {
            org_selected()
        };
        script.set("GET", path, answer);
        let run = checked(&mut script, ALL);
        for o in run.offers(0) {
            let needs_admin = matches!(
                o.kind,
                FixKind::DefaultPermissions(_)
                    | FixKind::EnableActions
                    | FixKind::AllowActions { .. }
            );
            if needs_admin {
                assert!(o.blocked.is_some(), "{name}: {o:?}");
            }
        }
        insta::assert_snapshot!(format!("offers_{name}"), all_shown(&run));
    }
}

#[test]
fn every_success_reads_as_reviewed() {
    let mut said = Vec::new();
    // Read default.
    let mut script = fresh();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    script.set(
        "PUT",
        &format!("{R}/actions/permissions/workflow"),
        Canned::json(204, ""),
    );
    said.push(run_fix(&mut run, &mut script, &o, FixInput::default()).1);
    // Write default.
    let mut script = read_default_without_grant();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "workflow-permissions", |k| {
        matches!(k, FixKind::DefaultPermissions(_))
    });
    script.set(
        "PUT",
        &format!("{R}/actions/permissions/workflow"),
        Canned::json(204, ""),
    );
    said.push(run_fix(&mut run, &mut script, &o, FixInput::default()).1);
    // Enable Actions.
    let mut script = actions_disabled();
    let mut run = checked(&mut script, ALL);
    let o = offer(&run, "actions-enabled", |k| *k == FixKind::EnableActions);
    script.set(
        "PUT",
        &format!("{R}/actions/permissions"),
        Canned::json(204, ""),
    );
    said.push(run_fix(&mut run, &mut script, &o, FixInput::default()).1);
    // The repository's and the organization's list.
    for (fixture, org) in [(repo_selected as Fixture, false), (org_selected, true)] {
        let mut script = fixture();
        let mut run = checked(&mut script, ALL);
        let o = offer(
            &run,
            "allowed-actions",
            |k| matches!(k, FixKind::AllowActions { org: o, .. } if *o == org),
        );
        let base = if org { O.to_string() } else { R.to_string() };
        script.set(
            "PUT",
            &format!("{base}/actions/permissions/selected-actions"),
            Canned::json(204, ""),
        );
        said.push(run_fix(&mut run, &mut script, &o, FixInput::default()).1);
    }
    // The secret, created and replaced.
    for (code, name) in [(201, "created"), (204, "replaced")] {
        let mut script = secret_missing();
        let mut run = checked(&mut script, ALL);
        let o = offer(&run, "fallback-secret", |k| {
            matches!(k, FixKind::FallbackSecret(_))
        });
        let public = ghcr_setup_core::encoding::encode(
            crypto_box::SecretKey::from_bytes([5u8; 32])
                .public_key()
                .as_bytes(),
        );
        script.set(
            "GET",
            &format!("{R}/actions/secrets/public-key"),
            Canned::json(200, &format!(r#"{{"key_id":"1","key":"{public}"}}"#)),
        );
        script.set(
            "PUT",
            &format!("{R}/actions/secrets/{SECRET}"),
            Canned::json(code, if code == 201 { "{}" } else { "" }),
        );
        let (sent, outcome) = run_fix(&mut run, &mut script, &o, secret_input());
        assert_token_nowhere(&run, &sent, &outcome);
        assert!(outcome.ok, "{name}: {}", outcome.message);
        said.push(outcome);
    }
    for o in &said {
        assert!(o.ok, "{o:?}");
    }
    let text: Vec<String> = said
        .iter()
        .map(|o| format!("[{}] {}", o.check, o.message))
        .collect();
    insta::assert_snapshot!("successes", text.join("\n"));
}
