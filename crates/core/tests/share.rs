//! Share links and exports: round trips through the whole link pipeline
//! (JSON, raw DEFLATE, base64url) for 10,000 generated snapshots (images,
//! options, links, long unicode text) and 2,000 generated runs (clipped,
//! hidden names on and off, token-shaped text in the answers), lenient
//! reading of damaged, newer and unknown links, no token shape in any link
//! or export, and issue links that stay short.

use crate::support;

use ghcr_setup_core::check::{Evidence, Fix, Item, Link, Status, Verdict, CHECKS};
use ghcr_setup_core::encoding::{decode_url, encode_url};
use ghcr_setup_core::names::ImageName;
use ghcr_setup_core::share::{
    contains_token_shape, decode_json, issue_url, markdown, scrub, share_url, SharedItem, Snapshot,
    MAX_ISSUE_URL, MAX_SNAPSHOT_BYTES, SHARE_VERSION,
};
use ghcr_setup_core::url::query_pair;
use proptest::prelude::*;
use proptest::string::string_regex;

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

/// A valid lower-case image name under `owner`.
fn image_strategy() -> impl Strategy<Value = Option<String>> {
    prop::option::of(
        "[a-z0-9]{1,10}([._-][a-z0-9]{1,6})?(/[a-z0-9]{1,10}([._-][a-z0-9]{1,6})?){1,2}"
            .prop_map(|path| format!("ghcr.io/{path}"))
            .prop_filter("a valid image name", |i| ImageName::parse(i).is_ok()),
    )
}

/// Generator options as the generator writes them: a few of its keys with
/// any values (unicode, separators, long), each pair encoded.
fn options_strategy() -> impl Strategy<Value = String> {
    let key = prop::sample::select(vec![
        "repo",
        "image",
        "runner",
        "fallback",
        "cache",
        "platforms",
        "trigger",
        "dockerfile",
        "context",
    ]);
    prop::collection::vec((key, "\\PC{0,60}"), 0..6).prop_map(|pairs| {
        pairs
            .iter()
            .map(|(k, v)| query_pair(k, v))
            .collect::<Vec<_>>()
            .join("&")
    })
}

/// Any printable text, mostly short, one time in ten up to `long` characters.
fn text(long: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        9 => string_regex("\\PC{0,40}").unwrap(),
        1 => string_regex(&format!("\\PC{{0,{long}}}")).unwrap(),
    ]
}

/// A github.com page, as a fix links it (no spaces, quotes or angle brackets).
fn link_strategy() -> impl Strategy<Value = Option<String>> {
    prop::option::of("[^\\s\"<>]{0,120}".prop_map(|p| format!("https://github.com/{p}")))
}

prop_compose! {
    fn snapshot()(
        owner in "[A-Za-z0-9]{1,12}(-[A-Za-z0-9]{1,8})?",
        name in "[A-Za-z0-9._-]{1,20}".prop_filter("not . or ..", |n| n != "." && n != ".."),
        image in image_strategy(),
        at in 0u64..4_102_444_800_000,
        options in options_strategy(),
        picks in prop::collection::vec((0..CHECKS.len(), status_strategy(), text(400), prop::collection::vec(text(200), 0..=3), link_strategy()), 0..25),
    ) -> Snapshot {
        let mut items: Vec<SharedItem> = Vec::new();
        for (i, s, t, e, l) in picks {
            let id = CHECKS[i].meta().id.to_string();
            if items.iter().any(|x| x.id == id) { continue; }
            items.push(SharedItem { id, s: s.id().into(), t: scrub(&t), e: e.iter().map(|x| scrub(x)).collect(), l: l.map(|l| scrub(&l)) });
        }
        Snapshot { v: SHARE_VERSION, repo: format!("{owner}/{name}"), image, at, options: scrub(&options), items }
    }
}

/// Runner and secret names as GitHub allows them (never a piece of "(name hidden)").
fn private_name() -> impl Strategy<Value = String> {
    prop_oneof!["[a-z]{3,8}-box-[0-9]{1,3}", "[A-Z][A-Z0-9_]{5,20}"]
}

/// Text as a verdict may hold it: unicode, a private name, a token a fake
/// answer quoted, sometimes longer than a snapshot keeps.
fn verdict_text(max: usize, names: Vec<String>) -> impl Strategy<Value = String> {
    let token = prop_oneof![
        "ghp_[A-Za-z0-9]{36}",
        "gho_[A-Za-z0-9]{36}",
        "github_pat_[A-Za-z0-9_]{60,82}",
    ];
    (
        text(max),
        prop::option::of(prop::sample::select(names)),
        prop::option::of(token),
        string_regex(&format!("\\PC{{0,{}}}", max / 4)).unwrap(),
    )
        .prop_map(|(before, name, token, after)| {
            format!(
                "{before} {} {}{after}",
                name.unwrap_or_default(),
                token.unwrap_or_default()
            )
        })
}

/// Rows of a run (as [`Snapshot::new`] takes them) and the private names in them.
fn run_rows() -> impl Strategy<Value = (Vec<Item>, Vec<String>)> {
    prop::collection::vec(private_name(), 1..4)
        .prop_flat_map(|names| {
            let row = (
                0..CHECKS.len(),
                status_strategy(),
                verdict_text(600, names.clone()),
                prop::collection::vec(("\\PC{1,20}", verdict_text(300, names.clone())), 0..6),
                link_strategy(),
            );
            (prop::collection::vec(row, 0..25), Just(names))
        })
        .prop_map(|(rows, names)| {
            let mut items: Vec<Item> = Vec::new();
            for (i, status, summary, evidence, link) in rows {
                let meta = CHECKS[i].meta();
                if items.iter().any(|x| x.meta.id == meta.id) {
                    continue;
                }
                let mut verdict = Verdict::new(status, summary);
                verdict.evidence = evidence
                    .into_iter()
                    .map(|(label, value)| Evidence {
                        label,
                        value,
                        source: None,
                    })
                    .collect();
                verdict.fix = link.map(|href| Fix {
                    text: "Change it.".into(),
                    link: Some(Link {
                        href,
                        text: "Settings".into(),
                    }),
                });
                items.push(Item {
                    meta,
                    verdict,
                    waiting_for: Vec::new(),
                });
            }
            (items, names)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn every_snapshot_survives_the_link(s in snapshot()) {
        let json = s.to_json();
        let decoded = read(&link_data(&s));
        if json.len() <= MAX_SNAPSHOT_BYTES {
            prop_assert_eq!(decoded.snapshot.as_ref(), Some(&s), "notes: {:?}", decoded.notes);
            prop_assert!(decoded.notes.is_empty());
        } else {
            // The documented refusal of an oversized link.
            prop_assert_eq!(decoded.snapshot, None);
            prop_assert!(decoded.notes[0].contains("more data than a checklist ever needs"));
        }
    }

}

proptest! {
    // Each case builds a run's rows first; fewer cases keep the file quick.
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn every_run_shares_clipped_without_tokens_or_hidden_names(
        (items, names) in run_rows(),
        hide in any::<bool>(),
        image in image_strategy(),
        options in options_strategy(),
        in_options in any::<bool>(),
    ) {
        let hidden: Vec<String> = if hide { names.clone() } else { Vec::new() };
        // The runner label and fallback secret name also travel in the options.
        let options = if in_options {
            format!("{options}&{}&{}", query_pair("runner", &format!("self-hosted,{}", names[0])), query_pair("fallback", &names[0]))
        } else {
            options
        };
        let snap = Snapshot::new("acme/app", image.as_deref(), 5, &options, &items, &hidden);
        let json = snap.to_json();
        prop_assert!(json.len() <= MAX_SNAPSHOT_BYTES, "{} bytes", json.len());
        let decoded = read(&link_data(&snap));
        prop_assert_eq!(decoded.snapshot.as_ref(), Some(&snap), "notes: {:?}", decoded.notes);
        prop_assert!(decoded.notes.is_empty());
        // The documented clipped form.
        prop_assert_eq!(snap.items.len(), items.iter().filter(|i| i.verdict.status != Status::Pending).count());
        for i in &snap.items {
            prop_assert!(i.t.chars().count() <= 401);
            prop_assert!(i.e.len() <= 3);
            prop_assert!(i.e.iter().all(|e| e.chars().count() <= 201));
        }
        let md = markdown(&snap, Some("https://x.test/#/share?d=abc"));
        let json = String::from_utf8(json).unwrap_or_default();
        for text in [&json, &md] {
            prop_assert!(!contains_token_shape(text), "{}", text);
        }
        let shown: Vec<&str> = snap.items.iter().flat_map(|i| std::iter::once(i.t.as_str()).chain(i.e.iter().map(String::as_str))).chain(std::iter::once(snap.options.as_str())).collect();
        for name in &names {
            let found = shown.iter().any(|t| t.contains(name.as_str()));
            if hide {
                prop_assert!(!found, "{} is hidden but shows", name);
            }
        }
        if !hide && in_options {
            prop_assert!(snap.options.contains(&names[0]), "kept when names are included");
        }
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
    // Token-shaped text where GitHub's answers put it: a runner named after
    // a token, a token hard-coded in the workflow, an error message quoting one.
    let runner = "ghp_RUNNERrunnerRUNNERrunnerRUNNER000000";
    let hard_coded = "ghp_HARDCODEDhardcodedHARDCODEDhard0000";
    let quoted = "github_pat_11QUOTEDquotedQUOTEDquoted_QUOTEDquotedQUOTEDquoted000000";
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
            &bodies::runners(&[
                ("build-box-7", "online", "2.330.0", &["self-hosted"]),
                (runner, "offline", "2.300.0", &["self-hosted", runner]),
            ]),
        ),
    );
    let workflow = format!(
        "name: Docker image\non: push\njobs:\n  build:\n    runs-on: [self-hosted, {runner}]\n    permissions:\n      packages: write\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: acme-bot\n          password: {hard_coded}\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/acme/app:latest\n"
    );
    script.set_workflow("acme/app", &workflow);
    script.set(
        "GET",
        "/orgs/acme/packages/container/app",
        Canned::json(
            500,
            &format!(r#"{{"message":"upstream refused the token {quoted}"}}"#),
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
    let seen = format!("{items:?}");
    assert!(
        contains_token_shape(&seen),
        "the run's verdicts quote token-shaped text, or this test proves nothing"
    );
    let hidden = ghcr_setup_core::share::private_names(run.facts());
    assert!(
        hidden.contains(&"build-box-7".to_string())
            && hidden.contains(&"DEPLOY_BOX_KEY".to_string())
    );
    let options = format!(
        "repo=acme%2Fapp&runner=self-hosted%2C{runner}&fallback=DEPLOY_BOX_KEY&note={hard_coded}"
    );
    for names in [&hidden[..], &[]] {
        let snap = Snapshot::new(
            "acme/app",
            Some("ghcr.io/acme/app"),
            0,
            &options,
            &items,
            names,
        );
        let json = String::from_utf8(snap.to_json()).unwrap();
        let link = share_url(
            "https://example.github.io/ghcr-setup/#/check/acme/app",
            &link_data(&snap),
        );
        let md = markdown(&snap, Some(&link));
        let back = read(&link_data(&snap));
        assert_eq!(back.snapshot.as_ref(), Some(&snap), "{:?}", back.notes);
        for text in [&json, &md, &issue_url(&snap, Some(&link))] {
            for t in [token, runner, hard_coded, quoted] {
                assert!(!text.contains(t), "{t} in {text}");
            }
            assert!(!contains_token_shape(text), "{text}");
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
