//! Resolving action pins live against a scripted GitHub: same major only,
//! pre-releases and drafts skipped, annotated tags dereferenced, newer majors
//! noted but not used, failures keeping the built-in pin, a second visit
//! costing `304`s for the listings and a fresh read of each commit (never
//! one from storage), and the known actions a pasted workflow uses resolved
//! on demand, once each, without asking again about the rest.

use crate::support;

use ghcr_setup_core::actions::{
    to_resolve_for_workflow, Action, PinResolver, Pins, Resolution, Source, GENERATOR_ACTIONS,
};
use ghcr_setup_core::api::EtagCache;
use support::{drive, Canned, Script, BASE};

const NEW_SHA: &str = "1111111111111111111111111111111111111111";
const TAG_OBJ: &str = "2222222222222222222222222222222222222222";

fn release(tag: &str, prerelease: bool, draft: bool) -> String {
    format!(r#"{{"tag_name":"{tag}","prerelease":{prerelease},"draft":{draft},"html_url":"x"}}"#)
}

fn script() -> Script {
    let login = Pins::builtin().get(Action::Login).clone();
    let major = login.major();
    Script::new()
        .get(
            "/repos/docker/login-action/releases?per_page=20",
            &format!(
                "[{},{},{},{}]",
                release(&format!("v{}.0.0", major + 1), false, false),
                release(&format!("v{major}.9.0-rc.1"), true, false),
                release(&format!("v{major}.8.0"), false, true),
                release(&format!("v{major}.7.0"), false, false),
            ),
        )
        .get(
            &format!("/repos/docker/login-action/git/ref/tags/v{major}.7.0"),
            &format!(
                r#"{{"ref":"refs/tags/v{major}.7.0","object":{{"sha":"{TAG_OBJ}","type":"tag"}}}}"#
            ),
        )
        .get(
            &format!("/repos/docker/login-action/git/tags/{TAG_OBJ}"),
            &format!(r#"{{"tag":"v{major}.7.0","object":{{"sha":"{NEW_SHA}","type":"commit"}}}}"#),
        )
        .get(
            "/repos/actions/checkout/releases?per_page=20",
            &format!(
                "[{}]",
                release(Pins::builtin().get(Action::Checkout).tag(), false, false)
            ),
        )
}

#[test]
fn resolves_within_the_major_dereferencing_annotated_tags() {
    let mut script = script();
    script.scopes = None;
    let mut r = PinResolver::new(
        BASE,
        None,
        EtagCache::new(),
        &[Action::Login, Action::Checkout, Action::Metadata],
        42,
    );
    drive(&mut r, &mut script, 0, 50);
    assert!(r.is_done());
    let login = r.pins().get(Action::Login);
    assert_eq!(
        login.sha(),
        NEW_SHA,
        "the annotated tag was followed to its commit"
    );
    assert!(
        login.tag().ends_with(".7.0"),
        "not the draft, not the pre-release: {}",
        login.tag()
    );
    assert_eq!(login.source(), Source::Live { resolved_at_ms: 42 });
    let newer = r
        .newer_major(Action::Login)
        .expect("the newer major is noted");
    assert_eq!(
        newer.version.major(),
        Pins::builtin().get(Action::Login).major() + 1
    );
    assert_eq!(
        login.major(),
        Pins::builtin().get(Action::Login).major(),
        "never moved to the new major"
    );
    // Checkout's newest is the built-in release: its known commit is used, no tag request.
    let checkout = r.pins().get(Action::Checkout);
    assert_eq!(checkout.sha(), Pins::builtin().get(Action::Checkout).sha());
    assert!(matches!(checkout.source(), Source::Live { .. }));
    assert_eq!(
        script.count(&format!(
            "/repos/actions/checkout/git/ref/tags/{}",
            checkout.tag()
        )),
        0
    );
    // Metadata's releases could not be read (404 here): the built-in pin stays, with the reason.
    let kept: Vec<_> = r
        .resolutions()
        .filter(|(_, s)| matches!(s, Resolution::Kept(_)))
        .collect();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].0, Action::Metadata);
    assert_eq!(
        r.pins().get(Action::Metadata),
        Pins::builtin().get(Action::Metadata)
    );
}

#[test]
fn a_return_visit_asks_for_listings_conditionally_and_reads_the_commit_again() {
    let mut script = script();
    let mut first = PinResolver::new(
        BASE,
        None,
        EtagCache::new(),
        &[Action::Login, Action::Checkout],
        1,
    );
    drive(&mut first, &mut script, 0, 10);
    let spent = script.rate_used;
    let saved = first.cache_to_keep().to_json();
    // What is kept names tags at most, never the commit a workflow pins.
    assert!(!saved.contains(NEW_SHA), "{saved}");
    assert!(!saved.contains(TAG_OBJ), "{saved}");
    let before = script.log.len();
    let mut second = PinResolver::new(
        BASE,
        None,
        EtagCache::from_json(&saved),
        &[Action::Login, Action::Checkout],
        2,
    );
    drive(&mut second, &mut script, 100, 10);
    let visit: Vec<_> = script.log[before..].iter().collect();
    for l in &visit {
        if l.path.contains("/releases") {
            assert!(l.conditional && l.status == 304, "{}", l.path);
        } else {
            assert!(!l.conditional, "a commit is read afresh: {}", l.path);
        }
    }
    // The release of login is newer than the built-in one: its tag and the
    // annotated tag object are read again (2 of the rate limit), nothing else.
    assert_eq!(script.rate_used, spent + 2);
    assert_eq!(second.pins().get(Action::Login).sha(), NEW_SHA);
    assert!(EtagCache::from_json("not json").is_empty());
}

#[test]
fn a_commit_planted_in_storage_is_never_pinned() {
    const PLANTED: &str = "6666666666666666666666666666666666666666";
    let mut script = script();
    let mut first = PinResolver::new(BASE, None, EtagCache::new(), &[Action::Login], 1);
    drive(&mut first, &mut script, 0, 10);
    // Another page of the origin rewrites the stored answers with the real
    // ETags (so GitHub would say `304`) and its own commit.
    let planted = first.cache().to_json().replace(NEW_SHA, PLANTED);
    assert!(planted.contains(PLANTED));
    let mut second = PinResolver::new(
        BASE,
        None,
        EtagCache::from_json(&planted),
        &[Action::Login],
        2,
    );
    drive(&mut second, &mut script, 100, 10);
    assert_eq!(second.pins().get(Action::Login).sha(), NEW_SHA);
    assert!(!second.cache_to_keep().to_json().contains(PLANTED));
}

#[test]
fn garbage_and_odd_tags_keep_the_built_in_pin() {
    let mut script = Script::new()
        .get(
            "/repos/docker/login-action/releases?per_page=20",
            "{ not json",
        )
        .get(
            "/repos/actions/checkout/releases?per_page=20",
            r#"[{"tag_name":"v7.9.9"}]"#,
        )
        .on(
            "GET",
            "/repos/actions/checkout/git/ref/tags/v7.9.9",
            Canned::json(200, r#"{"object":{"sha":"abc","type":"commit"}}"#),
        );
    let mut r = PinResolver::new(
        BASE,
        None,
        EtagCache::new(),
        &[Action::Login, Action::Checkout],
        1,
    );
    drive(&mut r, &mut script, 0, 10);
    assert_eq!(r.pins(), &Pins::builtin());
    assert!(r
        .resolutions()
        .all(|(_, s)| matches!(s, Resolution::Kept(_))));
}

/// An action whose built-in tag has a patch number above 0 (so an older
/// release of the same major exists), and that tag's numbers.
fn action_with_patch() -> (Action, u32, u32, u32) {
    let pins = Pins::builtin();
    Action::ALL
        .into_iter()
        .find_map(|a| {
            let v = pins.get(a).version()?;
            let patch = v.patch().filter(|p| *p > 0)?;
            Some((a, v.major(), v.minor().unwrap_or(0), patch))
        })
        .expect("some built-in tag has a patch above 0")
}

fn releases_path(action: Action) -> String {
    format!("/repos/{}/releases?per_page=20", action.name())
}

#[test]
fn a_listing_older_than_the_built_in_release_never_moves_the_pin_back() {
    let (action, major, minor, patch) = action_with_patch();
    let older = format!("v{major}.{minor}.{}", patch - 1);
    // The newest release object is older than the built-in tag: a newer tag
    // was pushed without a release, or the listing lags.
    let mut script = Script::new()
        .get(
            &releases_path(action),
            &format!(
                "[{},{}]",
                release(&older, false, false),
                release(&format!("v{major}.0.0"), false, false)
            ),
        )
        .get(
            &format!("/repos/{}/git/ref/tags/{older}", action.name()),
            &format!(r#"{{"object":{{"sha":"{NEW_SHA}","type":"commit"}}}}"#),
        );
    let mut r = PinResolver::new(BASE, None, EtagCache::new(), &[action], 7);
    drive(&mut r, &mut script, 0, 10);
    assert!(r.is_done());
    assert_eq!(r.pins().get(action), Pins::builtin().get(action));
    let why = match r.resolutions().next() {
        Some((a, Resolution::Kept(why))) if a == action => why.clone(),
        other => panic!("{other:?}"),
    };
    assert!(
        why.contains(&older) && why.contains(Pins::builtin().get(action).tag()),
        "{why}"
    );
    assert_eq!(
        script.count(&format!("/repos/{}/git/ref/tags/{older}", action.name())),
        0
    );
}

#[test]
fn versions_compare_as_numbers_not_text() {
    let (action, major, minor, patch) = action_with_patch();
    // `.{patch}0` sorts before `.{patch}` nowhere but in text; as numbers it is later.
    let later = format!("v{major}.{minor}.{patch}0");
    let between = format!("v{major}.{minor}.{}", patch + 1);
    let mut script = Script::new()
        .get(
            &releases_path(action),
            &format!(
                "[{},{}]",
                release(&between, false, false),
                release(&later, false, false)
            ),
        )
        .get(
            &format!("/repos/{}/git/ref/tags/{later}", action.name()),
            &format!(r#"{{"object":{{"sha":"{NEW_SHA}","type":"commit"}}}}"#),
        );
    let mut r = PinResolver::new(BASE, None, EtagCache::new(), &[action], 7);
    drive(&mut r, &mut script, 0, 10);
    let pin = r.pins().get(action);
    assert_eq!((pin.tag(), pin.sha()), (later.as_str(), NEW_SHA));
}

#[test]
fn the_built_in_release_spelled_differently_reuses_its_known_commit() {
    let (action, major, minor, patch) = action_with_patch();
    let bare = format!("{major}.{minor}.{patch}");
    let mut script = Script::new().get(
        &releases_path(action),
        &format!("[{}]", release(&bare, false, false)),
    );
    let mut r = PinResolver::new(BASE, None, EtagCache::new(), &[action], 7);
    drive(&mut r, &mut script, 0, 10);
    let built_in = Pins::builtin().get(action).clone();
    let pin = r.pins().get(action);
    assert_eq!((pin.tag(), pin.sha()), (built_in.tag(), built_in.sha()));
    assert_eq!(pin.source(), Source::Live { resolved_at_ms: 7 });
    assert_eq!(script.log.len(), 1, "no tag lookup: {:?}", script.log);
}

/// The value of header `name` in a request, if sent.
fn header<'r>(req: &'r ghcr_setup_core::http::HttpRequest, name: &str) -> Option<&'r str> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn a_signed_in_resolution_leaves_a_cache_safe_to_keep_and_reuse() {
    use ghcr_setup_core::engine::Program;
    use ghcr_setup_core::token::Secret;
    const TOKEN: &str = "gho_signedinvisitortoken0123456789";
    let actions = [Action::Login, Action::Checkout];
    let mut script = script();
    let mut first = PinResolver::new(
        BASE,
        Some(Secret::new(TOKEN)),
        EtagCache::new(),
        &actions,
        1,
    );
    drive(&mut first, &mut script, 0, 10);
    let kept = first.cache_to_keep().to_json();
    // Release lists are public: the stored cache holds URLs, ETags
    // and bodies, never the token or anything about who asked.
    assert!(!kept.contains(TOKEN), "{kept}");
    assert!(
        !kept.to_ascii_lowercase().contains("authorization"),
        "{kept}"
    );
    assert!(!kept.to_ascii_lowercase().contains("bearer"), "{kept}");
    let stored = EtagCache::from_json(&kept);
    assert!(!stored.is_empty());

    // The next visit, signed in again, asks conditionally and is answered `304`.
    let spent = script.rate_used;
    let mut second = PinResolver::new(BASE, Some(Secret::new(TOKEN)), stored, &actions, 2);
    let out = second.due(100);
    assert_eq!(out.len(), actions.len());
    for o in &out {
        assert!(
            header(&o.request, "If-None-Match").is_some(),
            "{}",
            o.request.url
        );
        assert_eq!(
            header(&o.request, "Authorization"),
            Some(format!("Bearer {TOKEN}").as_str()),
            "{}",
            o.request.url
        );
    }
    for o in out {
        let answer = script.respond(&o.request);
        second.answered(o.ticket, 110, answer);
    }
    drive(&mut second, &mut script, 120, 10);
    assert!(second.is_done());
    // The listings were `304`s; login's newer tag and its tag object were read again.
    assert_eq!(script.rate_used, spent + 2);
    assert_eq!(second.pins().get(Action::Login).sha(), NEW_SHA);
}

/// A pasted workflow: generator actions, two other known actions (one of
/// them twice, once through a sub-path), a reusable workflow and an unknown action.
const PASTED: &str = "on: push
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/cache/restore@v4
      - uses: Actions/Cache@v4
      - uses: someone/else@v1
      - uses: docker/login-action@v3
  pages:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/deploy-pages@v4
  shared:
    uses: octo/workflows/.github/workflows/build.yml@main
";

#[test]
fn a_workflow_asks_only_for_the_known_actions_not_resolved_yet() {
    assert_eq!(
        to_resolve_for_workflow(PASTED, &GENERATOR_ACTIONS),
        vec![Action::DeployPages, Action::Cache]
    );
    assert_eq!(
        to_resolve_for_workflow(PASTED, &[Action::Cache]),
        vec![Action::Checkout, Action::Login, Action::DeployPages]
    );
    assert!(to_resolve_for_workflow(PASTED, &Action::ALL).is_empty());
    // A workflow of generator actions only, text that is not a workflow, and
    // nothing at all ask for nothing more.
    let generator_only = "on: push\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v3\n      - uses: docker/build-push-action@v3\n";
    assert!(to_resolve_for_workflow(generator_only, &GENERATOR_ACTIONS).is_empty());
    for text in ["", "jobs: [", "- uses: actions/cache@v4", "name: x"] {
        assert!(
            to_resolve_for_workflow(text, &GENERATOR_ACTIONS).is_empty(),
            "{text:?}"
        );
    }
}

#[test]
fn an_action_a_workflow_uses_is_resolved_on_demand_and_only_once() {
    let cache = Pins::builtin().get(Action::Cache).clone();
    let (major, newer) = (cache.major(), format!("v{}.9.0", cache.major()));
    let mut script = script()
        .get(
            "/repos/actions/cache/releases?per_page=20",
            &format!(
                "[{},{},{},{}]",
                release(&format!("v{}.0.0", major + 1), false, false),
                release(&format!("v{major}.10.0-beta"), false, false),
                release(&newer, false, false),
                release(cache.tag(), false, false),
            ),
        )
        .get(
            &format!("/repos/actions/cache/git/ref/tags/{newer}"),
            &format!(r#"{{"object":{{"sha":"{NEW_SHA}","type":"commit"}}}}"#),
        );
    let first = [Action::Login, Action::Checkout];
    let mut r = PinResolver::new(BASE, None, EtagCache::new(), &first, 5);
    drive(&mut r, &mut script, 0, 10);
    assert!(r.is_done());
    let before = script.log.len();
    let login = r.pins().get(Action::Login).clone();
    assert_eq!(login.sha(), NEW_SHA);

    // The pasted workflow uses deploy-pages (unreadable here: 404) and cache.
    let wanted = to_resolve_for_workflow(PASTED, &r.asked());
    assert_eq!(wanted, vec![Action::DeployPages, Action::Cache]);
    assert_eq!(r.add(&wanted, 9), 2);
    assert!(!r.is_done(), "the added actions are pending");
    drive(&mut r, &mut script, 1_000, 10);
    assert!(r.is_done());
    let asked: Vec<&str> = script.log[before..]
        .iter()
        .map(|l| l.path.as_str())
        .collect();
    assert_eq!(
        asked,
        [
            "/repos/actions/deploy-pages/releases?per_page=20".to_string(),
            "/repos/actions/cache/releases?per_page=20".to_string(),
            format!("/repos/actions/cache/git/ref/tags/{newer}"),
        ],
        "only the added actions were asked about"
    );
    // Cache: the newest full release of the built-in major, dated when it was added.
    let pin = r.pins().get(Action::Cache);
    assert_eq!((pin.tag(), pin.sha()), (newer.as_str(), NEW_SHA));
    assert_eq!(pin.source(), Source::Live { resolved_at_ms: 9 });
    assert_eq!(
        r.newer_major(Action::Cache).map(|n| n.version.major()),
        Some(major + 1),
        "the newer major is noted, not taken"
    );
    // What was resolved before is untouched; deploy-pages keeps its built-in pin, with the reason.
    assert_eq!(r.pins().get(Action::Login), &login);
    assert_eq!(
        r.pins().get(Action::DeployPages),
        Pins::builtin().get(Action::DeployPages)
    );
    assert!(r
        .resolutions()
        .any(|(a, s)| a == Action::DeployPages && matches!(s, Resolution::Kept(_))));

    // The same workflow again, or one using only what was asked, costs nothing.
    let asked_now = r.asked();
    assert!(asked_now.contains(&Action::Cache) && asked_now.contains(&Action::DeployPages));
    assert!(to_resolve_for_workflow(PASTED, &asked_now).is_empty());
    assert_eq!(
        r.add(&[Action::Cache, Action::DeployPages, Action::Login], 20),
        0
    );
    let spent = script.log.len();
    drive(&mut r, &mut script, 2_000, 10);
    assert_eq!(script.log.len(), spent);
    assert_eq!(
        r.pins().get(Action::Cache).source(),
        Source::Live { resolved_at_ms: 9 }
    );

    // The cache kept after the visit answers the added action's listing
    // with a `304` next time; its newer tag is read again.
    let mut next = PinResolver::new(
        BASE,
        None,
        EtagCache::from_json(&r.cache_to_keep().to_json()),
        &[Action::Cache],
        30,
    );
    let used = script.rate_used;
    drive(&mut next, &mut script, 3_000, 10);
    assert_eq!(script.rate_used, used + 1, "only the tag was read again");
    assert_eq!(next.pins().get(Action::Cache).sha(), NEW_SHA);
}

#[test]
fn adding_while_the_first_resolution_runs_merges_into_it() {
    let mut script = script().get(
        "/repos/actions/cache/releases?per_page=20",
        &format!(
            "[{}]",
            release(Pins::builtin().get(Action::Cache).tag(), false, false)
        ),
    );
    let mut r = PinResolver::new(BASE, None, EtagCache::new(), &[Action::Login], 1);
    assert_eq!(r.add(&[Action::Cache, Action::Login], 2), 1);
    drive(&mut r, &mut script, 0, 10);
    assert!(r.is_done());
    assert_eq!(r.pins().get(Action::Login).sha(), NEW_SHA);
    let cache = r.pins().get(Action::Cache);
    assert_eq!(cache.sha(), Pins::builtin().get(Action::Cache).sha());
    assert!(matches!(cache.source(), Source::Live { .. }));
    assert_eq!(
        script.count("/repos/docker/login-action/releases?per_page=20"),
        1
    );
    assert_eq!(r.asked(), vec![Action::Login, Action::Cache]);
}
