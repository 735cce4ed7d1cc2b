//! Share links and exports: round trips through the whole link pipeline
//! (JSON, raw DEFLATE, base64url) for 10,000 generated snapshots, lenient
//! reading of damaged, newer and unknown links, no token shape in any link
//! or export, and issue links that stay short.

mod support;

use ghcr_setup_core::check::{Status, CHECKS};
use ghcr_setup_core::encoding::{decode_url, encode_url};
use ghcr_setup_core::share::{
    contains_token_shape, decode_json, issue_url, markdown, scrub, share_url, SharedItem, Snapshot,
    MAX_ISSUE_URL, SHARE_VERSION,
};
use proptest::prelude::*;

fn deflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec(bytes, 9)
}

fn inflate(bytes: &[u8]) -> Vec<u8> {
    miniz_oxide::inflate::decompress_to_vec(bytes).unwrap()
}

fn link_data(s: &Snapshot) -> String {
    encode_url(&deflate(&s.to_json()))
}

fn read(data: &str) -> ghcr_setup_core::share::Decoded {
    decode_json(&inflate(&decode_url(data).unwrap()))
}

fn status_strategy() -> impl Strategy<Value = Status> {
    prop::sample::select(vec![
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Manual,
        Status::Unknown,
        Status::NotApplicable,
    ])
}

prop_compose! {
    fn snapshot()(
        owner in "[A-Za-z0-9]{1,12}(-[A-Za-z0-9]{1,8})?",
        name in "[A-Za-z0-9._-]{1,20}".prop_filter("not . or ..", |n| n != "." && n != ".."),
        at in 0u64..4_102_444_800_000,
        picks in prop::collection::vec((0..CHECKS.len(), status_strategy(), "\\PC{0,80}", prop::collection::vec("\\PC{0,40}", 0..3)), 0..25),
    ) -> Snapshot {
        let mut items: Vec<SharedItem> = Vec::new();
        for (i, s, t, e) in picks {
            let id = CHECKS[i].meta().id.to_string();
            if items.iter().any(|x| x.id == id) { continue; }
            items.push(SharedItem { id, s: s.id().into(), t: scrub(&t), e: e.iter().map(|x| scrub(x)).collect(), l: None });
        }
        Snapshot { v: SHARE_VERSION, repo: format!("{owner}/{name}"), image: None, at, options: "repo=o%2Fr".into(), items }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn every_snapshot_survives_the_link(s in snapshot()) {
        let decoded = read(&link_data(&s));
        prop_assert_eq!(decoded.snapshot.as_ref(), Some(&s), "notes: {:?}", decoded.notes);
        prop_assert!(decoded.notes.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_bytes_are_read_without_panicking(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let decoded = decode_json(&bytes);
        prop_assert!(decoded.snapshot.is_some() || !decoded.notes.is_empty());
    }

    #[test]
    fn any_json_is_read_without_panicking(v in "\\{\"v\":[0-9]{1,3},\"repo\":\"[a-z]{1,5}/[a-z]{1,5}\",\"items\":\\[(\\{\"id\":\"[a-z-]{1,15}\",\"s\":\"[a-z]{1,7}\",\"t\":\"[^\"\\\\]{0,10}\"\\},?){0,4}\\]\\}") {
        let _ = decode_json(v.as_bytes());
    }

    #[test]
    fn no_token_shape_survives_scrubbing(prefix in "\\PC{0,20}", kind in prop::sample::select(vec!["ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"]), body in "[A-Za-z0-9]{20,60}", suffix in "\\PC{0,20}") {
        let text = format!("{prefix} {kind}{body} {suffix}");
        prop_assert!(contains_token_shape(&text));
        prop_assert!(!contains_token_shape(&scrub(&text)));
        // Glued to the text before it, as in `TOKEN_ghp_…`.
        let glued = format!("{prefix}{kind}{body} {suffix}");
        prop_assert!(contains_token_shape(&glued));
        prop_assert!(!contains_token_shape(&scrub(&glued)), "{}", scrub(&glued));
    }
}

fn sample() -> Snapshot {
    Snapshot {
        v: SHARE_VERSION,
        repo: "acme/app".into(),
        image: Some("ghcr.io/acme/app".into()),
        at: 1_795_651_200_000,
        options: "repo=acme%2Fapp&runner=self-hosted%2Clinux".into(),
        items: vec![
            SharedItem {
                id: "workflow-permissions".into(),
                s: "warn".into(),
                t: "Default workflow permissions are write.".into(),
                e: vec!["Repository default: write".into()],
                l: Some("https://github.com/acme/app/settings/actions".into()),
            },
            SharedItem {
                id: "identity".into(),
                s: "pass".into(),
                t: "Signed in as octo.".into(),
                e: vec![],
                l: None,
            },
        ],
    }
}

#[test]
fn newer_versions_unknown_parts_and_unknown_checks_are_read_as_far_as_possible() {
    let json = r#"{"v":7,"repo":"acme/app","at":5,"colour":"blue","items":[
        {"id":"identity","s":"pass","t":"ok"},
        {"id":"from-the-future","s":"pass","t":"?"},
        {"id":"token-scopes","s":"purple","t":"?"},
        {"id":"package","s":"fail","t":"x","l":"javascript:alert(1)"}]}"#;
    let d = decode_json(json.as_bytes());
    let s = d.snapshot.expect("read");
    assert_eq!(s.items.len(), 2);
    assert_eq!(s.items[1].l, None, "only github.com links survive");
    let notes = d.notes.join(" ");
    assert!(notes.contains("newer version"), "{notes}");
    assert!(notes.contains("colour"), "{notes}");
    assert!(notes.contains("does not know"), "{notes}");
    assert!(notes.contains("damaged"), "{notes}");
    for bad in [
        "",
        "null",
        "[]",
        "{\"v\":1}",
        "{\"v\":1,\"repo\":\"not a repo\"}",
    ] {
        let d = decode_json(bad.as_bytes());
        assert!(d.snapshot.is_none(), "{bad}");
        assert!(!d.notes.is_empty(), "{bad}");
    }
}

#[test]
fn markdown_and_issue_links() {
    let s = sample();
    let link = share_url(
        "https://example.github.io/ghcr-setup/#/check/acme/app",
        &link_data(&s),
    );
    assert!(link.starts_with("https://example.github.io/ghcr-setup/#/share?d="));
    let md = markdown(&s, Some(&link));
    insta::assert_snapshot!("markdown", md.replace(&link, "<share link>"));
    assert!(md.contains("- [ ] **Workflow token permissions** — Warning:"));
    assert!(md.contains("- [x] **Signed-in account** — Pass:"));
    let url = issue_url(&s, Some(&link));
    assert!(url.starts_with("https://github.com/acme/app/issues/new?title="));
    assert!(url.len() <= MAX_ISSUE_URL);
    // A long checklist is trimmed at a line, with a note and the link.
    let mut long = s.clone();
    long.items = CHECKS
        .iter()
        .map(|c| SharedItem {
            id: c.meta().id.into(),
            s: "fail".into(),
            t: "x".repeat(600),
            e: vec![],
            l: None,
        })
        .collect();
    let url = issue_url(&long, Some(&link));
    assert!(url.len() <= MAX_ISSUE_URL, "{}", url.len());
    let body = ghcr_setup_core::url::query_value(url.split_once('?').unwrap().1, "body").unwrap();
    assert!(body.contains("trimmed to fit a link") && body.contains(&link));
}

#[test]
fn a_snapshot_of_a_real_run_holds_no_token_and_hides_names_on_request() {
    use ghcr_setup_core::api::EtagCache;
    use ghcr_setup_core::check::{Identity, Run, Target};
    use ghcr_setup_core::engine::Scheduler;
    use ghcr_setup_core::names::RepoSlug;
    use ghcr_setup_core::token::{Secret, TokenKind};
    use support::{bodies, drive, ready_org, Canned, BASE};
    let token = "ghp_SECRETsecretSECRETsecretSECRET000000";
    let mut script = ready_org("acme/app");
    script.set(
        "GET",
        "/repos/acme/app/actions/secrets",
        Canned::json(
            200,
            &bodies::secrets(&[("DEPLOY_BOX_KEY", "2026-01-01T00:00:00Z")]),
        ),
    );
    script.set(
        "GET",
        "/repos/acme/app/actions/runners",
        Canned::json(
            200,
            &bodies::runners(&[("build-box-7", "online", "2.330.0", &["self-hosted"])]),
        ),
    );
    let sched = Scheduler::new(BASE, Some(Secret::new(token)), EtagCache::new());
    let mut run = Run::with_scheduler(
        Target::repo(RepoSlug::parse("acme/app").unwrap()),
        Identity::of_kind(TokenKind::ClassicPat),
        sched,
        0,
    );
    drive(&mut run, &mut script, 0, 10);
    let items = run.items(0);
    let hidden = ghcr_setup_core::share::private_names(run.facts());
    assert!(
        hidden.contains(&"build-box-7".to_string())
            && hidden.contains(&"DEPLOY_BOX_KEY".to_string())
    );
    for names in [&hidden[..], &[]] {
        let snap = Snapshot::new("acme/app", None, 0, "repo=acme%2Fapp", &items, names);
        let json = String::from_utf8(snap.to_json()).unwrap();
        let md = markdown(&snap, Some("https://x.test/#/share?d=abc"));
        for text in [&json, &md, &issue_url(&snap, None)] {
            assert!(!text.contains(token) && !contains_token_shape(text));
        }
    }
}

/// An error quoting a whole malformed answer once made a link too large to
/// be read back.
#[test]
fn a_run_full_of_long_errors_still_shares_as_a_readable_link() {
    use ghcr_setup_core::api::EtagCache;
    use ghcr_setup_core::check::{Identity, Run, Target};
    use ghcr_setup_core::engine::Scheduler;
    use ghcr_setup_core::names::RepoSlug;
    use ghcr_setup_core::share::MAX_SNAPSHOT_BYTES;
    use ghcr_setup_core::token::{Secret, TokenKind};
    use support::{drive, ready_org, Canned, BASE};
    let mut script = ready_org("acme/app");
    let body = format!("\"{}\"", "x".repeat(4000));
    script.set("GET", "/repos/acme/app", Canned::json(200, &body));
    let sched = Scheduler::new(
        BASE,
        Some(Secret::new("ghp_SECRETsecretSECRETsecretSECRET000000")),
        EtagCache::new(),
    );
    let mut run = Run::with_scheduler(
        Target::repo(RepoSlug::parse("acme/app").unwrap()),
        Identity::of_kind(TokenKind::ClassicPat),
        sched,
        0,
    );
    drive(&mut run, &mut script, 0, 10);
    let items = run.items(0);
    assert!(
        items.iter().any(|i| i.verdict.summary.len() > 1000
            || i.verdict.evidence.iter().any(|e| e.value.len() > 1000)),
        "the answer is quoted at length somewhere, or this test proves nothing"
    );
    let snap = Snapshot::new("acme/app", None, 0, "repo=acme%2Fapp", &items, &[]);
    let json = snap.to_json();
    assert!(json.len() <= MAX_SNAPSHOT_BYTES, "{} bytes", json.len());
    let back = decode_json(&json);
    assert_eq!(back.snapshot.as_ref(), Some(&snap), "{:?}", back.notes);
    assert!(snap.items.iter().all(|i| i.t.chars().count() <= 401));
}

#[test]
fn hidden_names_leave_the_generator_options_too() {
    let snap = Snapshot::new(
        "acme/app",
        None,
        0,
        "repo=acme%2Fapp&runner=self-hosted%2Cbuild-box-7&fallback=DEPLOY_TOKEN&cache=false",
        &[],
        &["build-box-7".to_string(), "DEPLOY_TOKEN".to_string()],
    );
    assert_eq!(snap.options, "repo=acme%2Fapp&cache=false");
}

#[test]
fn a_trimmed_issue_keeps_what_needs_attention() {
    let mut s = sample();
    s.items = CHECKS
        .iter()
        .enumerate()
        .map(|(i, c)| SharedItem {
            id: c.meta().id.into(),
            s: if i == CHECKS.len() - 1 {
                "fail".into()
            } else {
                "pass".into()
            },
            t: "x".repeat(500),
            e: vec![],
            l: None,
        })
        .collect();
    let url = issue_url(&s, None);
    assert!(url.len() <= MAX_ISSUE_URL);
    let body = ghcr_setup_core::url::query_value(url.split_once('?').unwrap().1, "body").unwrap();
    let last = CHECKS[CHECKS.len() - 1].meta().title;
    assert!(
        body.contains(&format!("**{last}** — Fail")),
        "the only failure survives: {body}"
    );
    assert!(
        body.contains("items that pass or do not apply are left out"),
        "{body}"
    );
}
