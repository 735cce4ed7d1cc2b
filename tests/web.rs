//! Component tests in a real headless Chromium (`wasm-bindgen-test`).
//!
//! Each test mounts the app or a component into a fresh element, acts as a
//! person would (types, clicks), lets Leptos settle, and asserts on the DOM.
//! Run with `cargo test --target wasm32-unknown-unknown -p ghcr-setup --test web`.

#![cfg(target_arch = "wasm32")]

use ghcr_setup::components::code_view::highlight_line;
use ghcr_setup::route::Route;
use ghcr_setup_core::names::{ImageName, RepoSlug};
use ghcr_setup_core::token::parse_pasted_token;
use ghcr_setup_core::workflow::RawOptions;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts the whole app at `hash` into a fresh container and returns it.
fn mount_app(hash: &str) -> HtmlElement {
    web_sys::window()
        .unwrap()
        .location()
        .set_hash(hash)
        .unwrap();
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), ghcr_setup::app::App);
    handle.forget();
    container
}

fn unmount(container: &HtmlElement) {
    container.remove();
}

async fn settle() {
    for _ in 0..3 {
        leptos::task::tick().await;
    }
}

fn find(root: &HtmlElement, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

fn type_into(input: &HtmlInputElement, text: &str) {
    input.set_value(text);
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = web_sys::Event::new_with_event_init_dict("input", &init).unwrap();
    input.dispatch_event(&ev).unwrap();
}

fn slug(s: &str) -> RepoSlug {
    RepoSlug::parse(s).unwrap()
}

/// A core message as the page shows it: its backticked parts become code,
/// so the backticks themselves are not in the text.
fn shown(message: &str) -> String {
    message.replace('`', "")
}

#[wasm_bindgen_test]
fn routes_round_trip_through_their_href() {
    let mut raw = RawOptions::defaults();
    raw.set("repo", "o/r");
    raw.set("attest", "true");
    let odd = "a b/c?d#e&f=g+h%zz%+1é";
    let routes = [
        Route::Home,
        Route::generate(),
        Route::generate_from(&raw),
        Route::generate_for(
            &slug("Kulzer-Dental/kdc-experimental-image"),
            Some("release/2.0"),
            Some("ghcr.io/kulzer-dental/app"),
        ),
        Route::Analyze,
        Route::check_blank(),
        Route::check(&slug("Kulzer-Dental/kdc-experimental-image")),
        Route::Check {
            repo: "o/r".into(),
            image: Some("ghcr.io/o/r-worker".into()),
        },
        Route::Check {
            repo: String::new(),
            image: Some(odd.into()),
        },
        Route::Check {
            repo: odd.into(),
            image: Some(odd.into()),
        },
        Route::Share {
            data: "eJzLSM3JyVcozy_KSQEAGgQEXQ".into(),
        },
        Route::Share { data: odd.into() },
        Route::sign_in(),
        Route::sign_in_then(Route::check(&slug("o/r"))),
        Route::sign_in_then(Route::generate_from(&raw)),
        Route::sign_in_then(Route::Check {
            repo: "o/r".into(),
            image: Some(odd.into()),
        }),
        Route::sign_in_then(Route::Home),
        Route::NotFound {
            path: "/nope/x y".into(),
        },
    ];
    for r in routes {
        assert_eq!(Route::parse(&r.href()), r, "href {}", r.href());
    }
}

#[wasm_bindgen_test]
fn settings_outside_the_security_policy_are_refused_with_the_reason() {
    use ghcr_setup::config::{allowed_by_policy, Settings, BUILD_API_BASE};
    assert!(allowed_by_policy(BUILD_API_BASE));
    assert!(allowed_by_policy(&format!("{BUILD_API_BASE}/some/path")));
    assert!(!allowed_by_policy("https://evil.example"));
    assert!(!allowed_by_policy("not a url"));
    assert_eq!(Settings::built_in().policy_problem(), None);
    let elsewhere = Settings {
        api_base: "https://ghe.example.com/api/v3".into(),
        ..Settings::built_in()
    };
    let why = elsewhere.policy_problem().expect("refused");
    assert!(
        why.contains("blocks https://ghe.example.com/api/v3"),
        "{why}"
    );
    assert!(why.contains("GHCR_SETUP_API_BASE"), "{why}");
}

#[wasm_bindgen_test]
fn stored_settings_another_page_could_plant_are_dropped_when_read() {
    use ghcr_setup::config::Settings;
    let storage = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    const KEY: &str = "ghcr-setup.settings";
    let built = Settings::built_in();
    // What the Advanced panel saves reads back.
    let fine = Settings {
        client_id: "Ov23liEXAMPLE0000000".into(),
        ..built.clone()
    };
    fine.save();
    assert_eq!(Settings::load(), fine);
    // Planted: a host the policy blocks, plain http, an odd client id.
    for planted in [
        Settings {
            api_base: "https://evil.example".into(),
            ..built.clone()
        },
        Settings {
            relay_url: "http://relay.example".into(),
            ..built.clone()
        },
        Settings {
            client_id: "x\" onmouseover=\"alert(1)".into(),
            ..built.clone()
        },
    ] {
        storage
            .set_item(KEY, &serde_json::to_string(&planted).unwrap())
            .unwrap();
        assert!(!planted.acceptable(), "{planted:?}");
        assert!(planted.problem().is_some());
        assert_eq!(Settings::load(), built, "{planted:?} was used");
        assert_eq!(storage.get_item(KEY).unwrap(), None, "and removed");
    }
    let plain = Settings {
        relay_url: "http://relay.example".into(),
        ..built.clone()
    };
    assert!(
        plain.problem().unwrap().contains("https"),
        "{:?}",
        plain.problem()
    );
    storage.remove_item(KEY).unwrap();
}

#[wasm_bindgen_test]
fn the_header_marks_only_the_section_a_route_belongs_to() {
    use ghcr_setup::route::Section;
    assert_eq!(Route::check_blank().section(), Section::Check);
    assert_eq!(Route::check(&slug("o/r")).section(), Section::Check);
    // A shared checklist is not the page behind "Check repository".
    let share = Route::Share { data: "x".into() };
    assert_eq!(share.section(), Section::None);
    assert_eq!(Route::Analyze.section(), Section::Analyze);
}

#[wasm_bindgen_test]
fn route_hrefs_are_the_documented_shapes() {
    assert_eq!(Route::generate().href(), "#/generate");
    assert_eq!(
        Route::generate_for(&slug("o/r"), Some("main"), None).href(),
        "#/generate?repo=o%2Fr",
        "a default value stays out of the link"
    );
    assert_eq!(
        Route::generate_for(&slug("o/r"), Some("dev"), Some("ghcr.io/o/x")).href(),
        "#/generate?repo=o%2Fr&image=ghcr.io%2Fo%2Fx&branch=dev"
    );
    assert_eq!(Route::check_blank().href(), "#/check");
    assert_eq!(Route::check(&slug("o/r")).href(), "#/check/o/r");
    assert_eq!(
        Route::Check {
            repo: "o/r".into(),
            image: Some("ghcr.io/o/r".into())
        }
        .href(),
        "#/check/o/r?image=ghcr.io%2Fo%2Fr"
    );
    // base64url text is written as it is.
    let data = "eJzLSM3JyVcozy_KSQEAGgQEXQ-_";
    assert_eq!(
        Route::Share { data: data.into() }.href(),
        format!("#/share?d={data}")
    );
    assert_eq!(
        Route::sign_in_then(Route::check(&slug("o/r"))).href(),
        "#/signin?next=%2Fcheck%2Fo%2Fr"
    );
}

#[wasm_bindgen_test]
fn routes_parse_what_people_type_and_old_links() {
    assert_eq!(Route::parse(""), Route::Home);
    assert_eq!(Route::parse("#/"), Route::Home);
    assert_eq!(Route::parse("#/analyze/"), Route::Analyze);
    assert_eq!(
        Route::parse("#/check?repo=o%2Fr"),
        Route::check(&slug("o/r"))
    );
    assert_eq!(
        Route::parse("#/check/o/r?image="),
        Route::check(&slug("o/r")),
        "an empty image is no image"
    );
    // `+` is a space in a query and itself in a path.
    assert_eq!(
        Route::parse("#/check/a+b/c?image=x+y"),
        Route::Check {
            repo: "a+b/c".into(),
            image: Some("x y".into())
        }
    );
    // A malformed escape is kept as typed.
    assert_eq!(
        Route::parse("#/nope%+1"),
        Route::NotFound {
            path: "/nope%+1".into()
        }
    );
    assert_eq!(
        Route::parse("#/nope"),
        Route::NotFound {
            path: "/nope".into()
        }
    );
    assert_eq!(
        Route::parse("#/share"),
        Route::Share {
            data: String::new()
        }
    );
    assert_eq!(
        Route::parse("#/signin?next=/check/o/r"),
        Route::sign_in_then(Route::check(&slug("o/r")))
    );
    // A `next` that leaves the app, or that is another sign-in, is dropped.
    assert_eq!(
        Route::parse("#/signin?next=https%3A%2F%2Fevil.example"),
        Route::sign_in()
    );
    assert_eq!(
        Route::parse("#/signin?next=%2Fsignin%3Fnext%3D%252F"),
        Route::sign_in()
    );
}

#[wasm_bindgen_test]
fn yaml_highlighter_marks_keys_strings_and_comments() {
    let toks = highlight_line("      - uses: docker/login-action@abc # v4.1.0");
    let classes: Vec<_> = toks.iter().map(|t| t.class).collect();
    assert_eq!(classes, ["", "tok-key", "", "", "tok-comment"]);
    let joined: String = toks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(joined, "      - uses: docker/login-action@abc # v4.1.0");
    let s = highlight_line("          images: 'ghcr.io/o/r'");
    assert_eq!(s.last().unwrap().class, "tok-str");
}

#[wasm_bindgen_test]
async fn generator_renders_workflow_from_url_and_validates_as_you_type() {
    let app = mount_app("#/generate?repo=Kulzer-Dental%2Fkdc-experimental-image&runner=self-hosted&fallback=LOCAL_RUNNER_FALLBACK_TOKEN");
    settle().await;
    let preview = find(&app, ".gen-preview pre").text_content().unwrap();
    assert!(
        preview.contains("ghcr.io/kulzer-dental/kdc-experimental-image"),
        "{preview}"
    );
    assert!(preview.contains("secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN"));
    assert!(preview.contains("runs-on: 'self-hosted'"), "{preview}");

    // An invalid image name: a specific message, the field marked, the text kept.
    let image: HtmlInputElement = find(&app, "#opt-image").unchecked_into();
    type_into(&image, "ghcr.io/Kulzer-Dental/App");
    settle().await;
    assert_eq!(image.value(), "ghcr.io/Kulzer-Dental/App");
    assert_eq!(image.get_attribute("aria-invalid").as_deref(), Some("true"));
    let msg = find(&app, "#opt-image-error").text_content().unwrap();
    let expected = ImageName::parse("ghcr.io/Kulzer-Dental/App")
        .unwrap_err()
        .to_string();
    assert_eq!(msg, shown(&expected));
    assert!(msg.contains("lower case"), "{msg}");
    assert!(
        app.query_selector(".gen-preview pre").unwrap().is_none(),
        "no stale preview while invalid"
    );

    // Fixing it brings the preview back and keeps the URL in step.
    type_into(&image, "ghcr.io/kulzer-dental/app");
    settle().await;
    assert!(image.get_attribute("aria-invalid").is_none());
    let preview = find(&app, ".gen-preview pre").text_content().unwrap();
    assert!(preview.contains("ghcr.io/kulzer-dental/app"));
    let hash = web_sys::window().unwrap().location().hash().unwrap();
    assert!(
        hash.contains("image=ghcr.io%2Fkulzer-dental%2Fapp"),
        "{hash}"
    );
    unmount(&app);
}

#[wasm_bindgen_test]
async fn malformed_generator_link_says_what_was_ignored() {
    let app = mount_app("#/generate?repo=o%2Fr&attest=maybe&colour=blue");
    settle().await;
    let flash = find(&app, ".flash-warn").text_content().unwrap();
    assert!(flash.contains("attest"), "{flash}");
    assert!(flash.contains("colour"), "{flash}");
    // The valid part of the link still produced a workflow.
    assert!(find(&app, ".gen-preview pre")
        .text_content()
        .unwrap()
        .contains("ghcr.io/o/r"));
    unmount(&app);
}

#[wasm_bindgen_test]
async fn start_page_rejects_a_bad_repository_and_keeps_the_text() {
    let app = mount_app("#/");
    settle().await;
    let input: HtmlInputElement = find(&app, "#start-repo").unchecked_into();
    type_into(&input, "not a repo!");
    settle().await;
    find(&app, "button[type=submit]").click();
    settle().await;
    assert_eq!(input.value(), "not a repo!");
    let err = find(&app, "#start-repo-error").text_content().unwrap();
    let expected = RepoSlug::parse("not a repo!").unwrap_err().to_string();
    assert_eq!(err, shown(&expected));
    assert_eq!(input.get_attribute("aria-invalid").as_deref(), Some("true"));
    unmount(&app);
}

#[wasm_bindgen_test]
async fn analyzer_lists_findings_with_line_numbers() {
    let app = mount_app("#/analyze");
    settle().await;
    let buttons = app.query_selector_all(".btn-row button").unwrap();
    let load: HtmlElement = buttons.item(0).unwrap().unchecked_into();
    load.click();
    settle().await;
    let text = find(&app, "#analyze-result").text_content().unwrap();
    assert!(text.contains("Line 12"), "{text}");
    assert!(text.contains("findings"), "{text}");
    unmount(&app);
}

#[wasm_bindgen_test]
async fn unknown_route_shows_not_found_and_check_asks_for_sign_in() {
    let app = mount_app("#/definitely/not/here");
    settle().await;
    assert!(find(&app, "h1")
        .text_content()
        .unwrap()
        .contains("Page not found"));
    unmount(&app);

    let app = mount_app("#/check/octo-org/ready-repo");
    settle().await;
    let text = app.text_content().unwrap();
    assert!(text.contains("needs a GitHub sign-in"), "{text}");
    assert!(
        app.query_selector("#token-input").unwrap().is_some()
            || app.query_selector(".device-sign-in").unwrap().is_some()
    );
    unmount(&app);
}

#[wasm_bindgen_test]
async fn token_paste_rejects_a_malformed_token_without_a_request() {
    let app = mount_app("#/signin");
    settle().await;
    find(&app, "#tab-paste").click();
    settle().await;
    let input: HtmlInputElement = find(&app, "#token-input").unchecked_into();
    input.set_value("not a token");
    let form: HtmlElement = input.closest("form").unwrap().unwrap().unchecked_into();
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    form.dispatch_event(&web_sys::Event::new_with_event_init_dict("submit", &init).unwrap())
        .unwrap();
    settle().await;
    let err = find(&app, "#token-error [role=alert]")
        .text_content()
        .unwrap();
    let why = parse_pasted_token("not a token").unwrap_err().message();
    assert!(
        err.contains("This does not look like a GitHub token"),
        "{err}"
    );
    assert!(err.ends_with(&shown(why)), "{err}");
    assert_eq!(input.value(), "not a token", "what was typed is kept");
    unmount(&app);
}

#[wasm_bindgen_test]
async fn device_flow_without_a_relay_says_how_to_configure_it() {
    // The test build sets no GHCR_SETUP_RELAY_URL / CLIENT_ID.
    let app = mount_app("#/signin");
    settle().await;
    let start = app
        .query_selector_all(".device-sign-in button")
        .unwrap()
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>();
    start.click();
    settle().await;
    let text = find(&app, ".device-sign-in [role=alert]")
        .text_content()
        .unwrap();
    assert!(
        text.starts_with("Device sign-in is not configured here"),
        "{text}"
    );
    assert!(
        text.ends_with(
            "This build has no relay URL or OAuth App client ID. Set both under Advanced, or paste a token instead."
        ),
        "{text}"
    );
    unmount(&app);
}

#[wasm_bindgen_test]
async fn field_error_is_an_alert_with_its_id_empty_until_there_is_a_message() {
    use ghcr_setup::components::field_error::FieldError;
    use leptos::prelude::*;

    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let message = RwSignal::new(None::<String>);
    let quiet = RwSignal::new(Some("Use lower case.".to_string()));
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <FieldError id="demo-error" message=message/>
            <FieldError id="quiet-error" message=quiet alert=false/>
        }
    });
    settle().await;
    // In the page before there is anything to say, so the alert is heard
    // when its text arrives.
    let line = find(&container, "#demo-error");
    assert_eq!(line.tag_name(), "P");
    assert_eq!(line.class_name(), "error-text");
    assert_eq!(line.get_attribute("role").as_deref(), Some("alert"));
    assert_eq!(line.text_content().unwrap(), "");
    assert!(line.matches(":empty").unwrap(), "takes no room while empty");

    message.set(Some("Name a repository as `owner/repo`.".into()));
    settle().await;
    assert_eq!(
        line.text_content().unwrap(),
        "Name a repository as owner/repo."
    );
    assert_eq!(find(&line, "code").text_content().unwrap(), "owner/repo");
    message.set(None);
    settle().await;
    assert_eq!(line.text_content().unwrap(), "");
    assert!(line.matches(":empty").unwrap(), "empty again once fixed");

    let quiet_line = find(&container, "#quiet-error");
    assert_eq!(quiet_line.text_content().unwrap(), "Use lower case.");
    assert!(quiet_line.get_attribute("role").is_none());
    assert_eq!(
        container
            .query_selector_all("[role=alert]")
            .unwrap()
            .length(),
        1
    );
    drop(handle);
    container.remove();
}

#[wasm_bindgen_test]
async fn error_message_in_place_of_a_page_has_its_h1_and_an_action() {
    use ghcr_setup::components::error_message::{ErrorMessage, Problem};
    use leptos::prelude::*;

    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <ErrorMessage problem=Problem::new("Gone").detail("It went.") level=1>
                <p><button type="button">"Try again"</button></p>
            </ErrorMessage>
        }
    });
    settle().await;
    let alert = find(&container, ".error-message[role=alert]");
    assert_eq!(find(&alert, "h1").text_content().unwrap(), "Gone");
    assert!(alert.query_selector("h3").unwrap().is_none());
    let last: HtmlElement = alert.last_element_child().unwrap().unchecked_into();
    assert_eq!(find(&last, "button").text_content().unwrap(), "Try again");
    drop(handle);
    container.remove();
}

#[wasm_bindgen_test]
async fn error_message_is_an_alert_with_what_happened_and_what_to_do() {
    use ghcr_setup::components::error_message::{ErrorMessage, Problem};
    use ghcr_setup_core::api::ApiError;
    use leptos::prelude::*;

    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    let problem = Problem::new("The check could not finish")
        .detail("GitHub answered 502.")
        .next("Try again in a minute.")
        .link("https://www.githubstatus.com/", "GitHub's status page");
    let api = Problem::from_api_error(&ApiError::Timeout);
    let handle = leptos::mount::mount_to(container.clone(), move || {
        view! {
            <ErrorMessage problem=problem.clone()/>
            <ErrorMessage problem=api.clone()/>
            <ErrorMessage problem=Problem::new("Local").link(Route::Analyze.href(), "Analyze")/>
        }
    });
    settle().await;
    let alerts = container.query_selector_all("[role=alert]").unwrap();
    assert_eq!(alerts.length(), 3);
    let first: HtmlElement = alerts.item(0).unwrap().unchecked_into();
    assert_eq!(
        find(&first, "h3").text_content().unwrap(),
        "The check could not finish"
    );
    let paragraphs = first.query_selector_all("p").unwrap();
    assert_eq!(
        paragraphs.item(0).unwrap().text_content().unwrap(),
        "GitHub answered 502."
    );
    assert_eq!(
        paragraphs.item(1).unwrap().text_content().unwrap(),
        "Try again in a minute."
    );
    let link = find(&first, "a");
    assert_eq!(link.get_attribute("target").as_deref(), Some("_blank"));
    assert_eq!(
        link.get_attribute("rel").as_deref(),
        Some("noopener noreferrer")
    );

    let second: HtmlElement = alerts.item(1).unwrap().unchecked_into();
    let text = second.text_content().unwrap();
    assert!(text.contains(&ApiError::Timeout.title()), "{text}");
    assert!(text.contains(&ApiError::Timeout.what_to_do()), "{text}");
    assert!(second.query_selector("a").unwrap().is_none());

    let third: HtmlElement = alerts.item(2).unwrap().unchecked_into();
    let local = find(&third, "a");
    assert_eq!(local.get_attribute("href").as_deref(), Some("#/analyze"));
    assert!(
        local.get_attribute("target").is_none(),
        "a route stays in this tab"
    );
    drop(handle);
    container.remove();
}

/// Waits (up to about 5 s) until `root`'s text contains `needle`; the text then.
async fn wait_for_text(root: &HtmlElement, needle: &str) -> String {
    for _ in 0..250 {
        let text = root.text_content().unwrap_or_default();
        if text.contains(needle) {
            return text;
        }
        let sleep = js_sys::Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 20)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(sleep).await.unwrap();
        leptos::task::tick().await;
    }
    root.text_content().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn inflating_hands_out_chunks_and_stops_when_told() {
    use ghcr_setup::compress::{deflate, inflate_with};
    let zeros = vec![0u8; 8 * 1024 * 1024];
    let packed = deflate(&zeros).await.unwrap();
    assert!(packed.len() < 64 * 1024, "{} bytes packed", packed.len());
    let mut seen = 0usize;
    let mut chunks = 0usize;
    let mut each = |chunk: &[u8]| {
        seen += chunk.len();
        chunks += 1;
        seen <= 64 * 1024
    };
    inflate_with(&packed, &mut each).await.unwrap();
    assert!(chunks > 1, "the output came as one {seen}-byte chunk");
    assert!(seen < 1024 * 1024, "{seen} bytes unpacked after the stop");
    // A small input is unpacked whole.
    let packed = deflate(b"{\"v\":1}").await.unwrap();
    let mut out = Vec::new();
    let mut keep = |chunk: &[u8]| {
        out.extend_from_slice(chunk);
        true
    };
    inflate_with(&packed, &mut keep).await.unwrap();
    assert_eq!(out, b"{\"v\":1}");
    let mut never = |_: &[u8]| true;
    assert!(inflate_with(b"\xff\xff not deflate", &mut never)
        .await
        .is_err());
}

#[wasm_bindgen_test]
async fn a_share_link_bomb_or_an_overlong_link_shows_the_damaged_link_view() {
    use ghcr_setup_core::encoding::encode_url;
    use ghcr_setup_core::share::MAX_LINK_CHARS;
    // 8 MiB of zeros in a link of a few KiB.
    let packed = ghcr_setup::compress::deflate(&vec![0u8; 8 * 1024 * 1024])
        .await
        .unwrap();
    let app = mount_app(
        &Route::Share {
            data: encode_url(&packed),
        }
        .href(),
    );
    let text = wait_for_text(&app, "more than 64 KiB").await;
    assert!(text.contains("This share link cannot be read"), "{text}");
    assert!(text.contains("more than 64 KiB"), "{text}");
    unmount(&app);

    let long = "A".repeat(MAX_LINK_CHARS + 1);
    let app = mount_app(&Route::Share { data: long }.href());
    let needle = format!("at most {} KiB", MAX_LINK_CHARS / 1024);
    let text = wait_for_text(&app, &needle).await;
    assert!(text.contains("This share link cannot be read"), "{text}");
    assert!(text.contains(&needle), "{text}");
    unmount(&app);
}

#[wasm_bindgen_test]
fn the_built_in_table_says_its_age_only_once_it_is_old() {
    use ghcr_setup::pins::PinsState;
    use ghcr_setup_core::actions::LAST_CHECKED;
    let checked = ghcr_setup_core::time::parse_utc(&format!("{LAST_CHECKED}T00:00:00Z")).unwrap();
    let day = 86_400_000;
    assert_eq!(PinsState::builtin(checked + 30 * day).age, None);
    let age = PinsState::builtin(checked + 45 * day).age.expect("45 days");
    assert!(
        age.contains("45 days ago") && age.contains(LAST_CHECKED),
        "{age}"
    );
}
