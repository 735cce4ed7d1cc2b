//! "Remember on this device": where remembering is refused, how long a kept
//! token lasts, and which failures forget it.

use ghcr_setup_core::api::{ApiError, ErrorBody};
use ghcr_setup_core::remember::{
    days_left, decode, encode, forget_after, how_to_revoke, remember_place, RememberPlace,
    Restored, REMEMBER_DAYS,
};
use ghcr_setup_core::token::{Secret, TokenKind};

const DAY: u64 = 24 * 60 * 60 * 1000;
const NOW: u64 = 1_800_000_000_000;
const TOKEN: &str = "gho_16C7e42F292c6912E7710c838347Ae178B4a";

#[test]
fn a_project_site_on_github_io_shares_its_origin_so_remembering_is_off() {
    for url in [
        "https://octo.github.io/ghcr-setup/",
        "https://octo.github.io/ghcr-setup/#/signin",
        "https://Octo.GitHub.io/ghcr-setup/index.html?x=1#/check/o/r",
        "https://octo.github.io/ghcr-setup",
    ] {
        let place = remember_place(url);
        assert_eq!(
            place,
            RememberPlace::SharedOrigin {
                origin: "https://octo.github.io".into()
            },
            "{url}"
        );
        let why = place.refusal().expect("a sentence");
        assert!(why.contains("https://octo.github.io"), "{why}");
        assert!(why.contains("own domain"), "{why}");
    }
}

#[test]
fn an_own_origin_may_remember() {
    for url in [
        "https://ghcr-setup.example.com/",
        "https://ghcr-setup.example.com/tools/#/signin",
        "https://octo.github.io/",
        "https://octo.github.io/index.html#/signin",
        "http://127.0.0.1:8080/#/signin",
        "https://github.io.example.com/repo/",
    ] {
        assert!(remember_place(url).is_allowed(), "{url}");
        assert_eq!(remember_place(url).refusal(), None);
    }
}

#[test]
fn a_kept_token_lasts_its_term_and_then_expires() {
    let kept = encode(&Secret::new(TOKEN), NOW);
    assert!(kept.contains(TOKEN), "the store holds the token itself");
    match decode(&kept, NOW + DAY) {
        Restored::Token { token, expires_ms } => {
            assert_eq!(token.expose(), TOKEN);
            assert_eq!(expires_ms, NOW + REMEMBER_DAYS * DAY);
            assert_eq!(days_left(expires_ms, NOW + DAY), REMEMBER_DAYS - 1);
        }
        other => panic!("expected a token, got {other:?}"),
    }
    assert_eq!(decode(&kept, NOW + REMEMBER_DAYS * DAY), Restored::Expired);
    assert_eq!(decode(&kept, NOW + 400 * DAY), Restored::Expired);
}

#[test]
fn a_kept_token_with_a_date_beyond_one_term_or_none_is_not_trusted() {
    let far = format!(
        r#"{{"token":"{TOKEN}","expires_ms":{}}}"#,
        NOW + 10 * 365 * DAY
    );
    assert_eq!(decode(&far, NOW), Restored::Expired);
    // A bare token, as kept before tokens expired.
    assert_eq!(decode(TOKEN, NOW), Restored::Expired);
    for junk in [
        "",
        "{}",
        r#"{"token":""}"#,
        "[1,2]",
        r#"{"token":"x","expires_ms":"soon"}"#,
        "not a token!",
    ] {
        assert_eq!(decode(junk, NOW), Restored::Unreadable, "{junk:?}");
    }
}

#[test]
fn only_a_rejected_token_is_forgotten() {
    assert!(forget_after(
        &ApiError::BadCredentials(ErrorBody::default())
    ));
    for kept in [
        ApiError::Network("offline".into()),
        ApiError::Timeout,
        ApiError::Server { status: 502 },
        ApiError::Malformed("html".into()),
        ApiError::Forbidden(ErrorBody::default()),
    ] {
        assert!(
            !forget_after(&kept),
            "{kept:?} says nothing about the token"
        );
    }
}

#[test]
fn each_kind_of_token_is_revoked_where_github_keeps_it() {
    assert!(how_to_revoke(TokenKind::OAuth)
        .1
        .ends_with("/settings/applications"));
    assert!(how_to_revoke(TokenKind::ClassicPat)
        .1
        .ends_with("/settings/tokens"));
    assert!(how_to_revoke(TokenKind::FineGrainedPat)
        .1
        .ends_with("/settings/personal-access-tokens"));
    for kind in [TokenKind::OAuth, TokenKind::ClassicPat, TokenKind::Unknown] {
        let (sentence, url) = how_to_revoke(kind);
        assert!(sentence.starts_with("Revoke it"));
        assert!(url.starts_with("https://github.com/settings/"));
    }
}
