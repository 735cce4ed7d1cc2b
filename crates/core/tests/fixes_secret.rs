//! The fallback-secret fix: it writes only the secret the workflow logs in
//! with, says that every writer of the repository can use a token stored
//! there, and replaces a secret that is set now only when the person ticks
//! that it is replaced.

use crate::support;

use ghcr_setup_core::check::fix::{FixInput, FixKind, FixOffer};
use ghcr_setup_core::check::Run;
use ghcr_setup_core::names::SecretName;
use support::fixes::{checked, secret_input, secret_missing, ALL, LATENCY, SECRET};
use support::{bodies, drive, Canned, Script};

const R: &str = "/repos/acme/app";

/// `secret_missing()` where GitHub gives the key and accepts the secret.
fn storing(mut script: Script) -> Script {
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
        Canned::json(204, ""),
    );
    script
}

/// The secret is set, last updated long ago (the row warns).
fn secret_set_long_ago() -> Script {
    let mut s = storing(secret_missing());
    s.set(
        "GET",
        &format!("{R}/actions/secrets"),
        Canned::json(200, &bodies::secrets(&[(SECRET, "2025-01-01T00:00:00Z")])),
    );
    s
}

/// The secret fix, on whichever of the two secret rows offers it.
fn secret_offer(run: &Run) -> FixOffer {
    run.offers(0)
        .into_iter()
        .find(|o| matches!(o.kind, FixKind::FallbackSecret(_)))
        .unwrap_or_else(|| panic!("no secret fix: {:#?}", run.offers(0)))
}

fn writes(script: &Script) -> usize {
    script.log.iter().filter(|l| l.method != "GET").count()
}

#[test]
fn the_offer_says_every_writer_can_use_the_token_stored() {
    let mut script = storing(secret_missing());
    let run = checked(&mut script, "acme/app", ALL);
    let o = secret_offer(&run);
    assert_eq!(
        o.confirm,
        format!(
            "The repository secret `{SECRET}`, which .github/workflows/docker-image.yml logs in with, is created in acme/app with the token you verified, sealed in this browser with the repository's public key. The token is then forgotten by this page. Everyone who can push to acme/app can write a workflow that reads this secret, and so use the token with all of its `repo` rights: store a service account's token that reaches only what publishing needs, not your own."
        )
    );
    assert_eq!(o.replaces, None, "nothing is set under that name");
}

#[test]
fn a_secret_that_is_set_is_replaced_only_when_the_person_ticks_it() {
    let mut script = secret_set_long_ago();
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = secret_offer(&run);
    assert_eq!(o.label, format!("Verify a token and replace {SECRET}"));
    assert_eq!(
        o.replaces.as_deref(),
        Some("Replace the secret `LOCAL_RUNNER_FALLBACK_TOKEN` that is set now (its value cannot be read back)")
    );
    let before = writes(&script);
    assert_eq!(
        run.start_fix(&o, secret_input(), 1_000),
        Err("`LOCAL_RUNNER_FALLBACK_TOKEN` is already set for acme/app: tick \"Replace the secret `LOCAL_RUNNER_FALLBACK_TOKEN` that is set now (its value cannot be read back)\" to replace it, or leave it as it is.".to_string())
    );
    drive(&mut run, &mut script, 1_000, LATENCY);
    assert_eq!(writes(&script), before, "nothing was sent");
    // Ticked: replaced.
    let input = FixInput {
        replace_existing: true,
        ..secret_input()
    };
    run.start_fix(&o, input, 2_000).unwrap();
    drive(&mut run, &mut script, 2_000, LATENCY);
    let outcome = run.fix_outcome().unwrap();
    assert!(outcome.ok, "{}", outcome.message);
    assert!(
        outcome.message.starts_with("Replaced"),
        "{}",
        outcome.message
    );
    assert_eq!(writes(&script), before + 1);
}

#[test]
fn taking_the_place_of_an_organization_secret_needs_the_tick_too() {
    let mut script = storing(secret_missing());
    script.set(
        "GET",
        &format!("{R}/actions/organization-secrets"),
        Canned::json(200, &bodies::secrets(&[(SECRET, "2025-01-01T00:00:00Z")])),
    );
    let mut run = checked(&mut script, "acme/app", ALL);
    let o = secret_offer(&run);
    assert_eq!(
        o.replaces.as_deref(),
        Some("Let this repository's `LOCAL_RUNNER_FALLBACK_TOKEN` take the place of the organization secret of the same name")
    );
    assert!(run.start_fix(&o, secret_input(), 1_000).is_err());
    let input = FixInput {
        replace_existing: true,
        ..secret_input()
    };
    run.start_fix(&o, input, 1_000).unwrap();
    drive(&mut run, &mut script, 1_000, LATENCY);
    assert!(run.fix_outcome().unwrap().ok);
}

#[test]
fn a_secret_the_workflow_does_not_read_is_never_written() {
    // An offer for another name than the workflow's login reads is refused
    // before any request, ticked or not.
    let mut script = storing(secret_missing());
    let mut run = checked(&mut script, "acme/app", ALL);
    let other = FixOffer {
        kind: FixKind::FallbackSecret(SecretName::parse("DEPLOY_TOKEN").unwrap()),
        ..secret_offer(&run)
    };
    let before = writes(&script);
    let input = FixInput {
        replace_existing: true,
        ..secret_input()
    };
    assert_eq!(
        run.start_fix(&other, input, 1_000),
        Err("The workflow does not log in with `DEPLOY_TOKEN`, so it is not stored; re-check, then use the fix the row offers.".to_string())
    );
    drive(&mut run, &mut script, 1_000, LATENCY);
    assert_eq!(writes(&script), before);
    // A self-hosted workflow that logs in with GITHUB_TOKEN reads no secret:
    // none is offered, the guide's name included.
    let mut script = storing(secret_missing());
    let wf = ghcr_setup_core::workflow::generate(&{
        let (raw, _) = ghcr_setup_core::workflow::RawOptions::from_query(
            "repo=acme/app&runner=self-hosted,linux",
        );
        raw.validate().unwrap()
    });
    script.set_workflow("acme/app", &wf);
    let run = checked(&mut script, "acme/app", ALL);
    assert!(
        run.offers(0)
            .iter()
            .all(|o| !matches!(o.kind, FixKind::FallbackSecret(_))),
        "{:#?}",
        run.offers(0)
    );
}
