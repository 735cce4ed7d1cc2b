//! Runs `ghcr-setup check` against the fake GitHub on loopback: statuses and
//! exit codes per scenario repository, the JSON document, the token's
//! sources, an unreachable API, and that the token never reaches the output.
//! Assertions are on statuses, ids and titles, not on the checks' sentences.

use std::collections::BTreeSet;
use std::process::{Command, Output};

use ghcr_setup_core::check::{Status, CHECKS};
use serde_json::Value;

use crate::support::FakeServer;

/// The demo scenario's token: every scope, admin of the demo-org repositories.
const DEMO: &str = "ghp_DEMOdemoDEMOdemoDEMOdemoDEMOdemo0000";
/// A well-formed token the fake does not know (GitHub answers 401).
const UNKNOWN_TOKEN: &str = "ghp_NOTknownNOTknownNOTknownNOTknown0000";

/// The fake GitHub's demo scenario, in-process.
type Fake = FakeServer;

/// Where the token comes from in one run.
enum Env<'a> {
    None,
    GithubToken(&'a str),
    GhToken(&'a str),
}

/// Runs the binary with a clean token environment and no colour, and checks
/// that no known token appears in what it printed.
fn run(args: &[&str], token: Env) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_ghcr-setup"));
    cmd.args(args)
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env("NO_COLOR", "1");
    match token {
        Env::None => {}
        Env::GithubToken(t) => {
            cmd.env("GITHUB_TOKEN", t);
        }
        Env::GhToken(t) => {
            cmd.env("GH_TOKEN", t);
        }
    }
    let out = cmd.output().expect("binary runs");
    for secret in [DEMO, UNKNOWN_TOKEN] {
        assert!(!stdout(&out).contains(secret), "token on stdout");
        assert!(!stderr(&out).contains(secret), "token on stderr");
    }
    out
}

fn check(fake: &Fake, repo: &str, extra: &[&str]) -> Output {
    let base = fake.url();
    let mut args = vec!["check", repo, "--api-base", base.as_str()];
    args.extend_from_slice(extra);
    run(&args, Env::GithubToken(DEMO))
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const WORDS: [&str; 7] = [
    "PASS", "WARN", "FAIL", "CONFIRM", "UNKNOWN", "N/A", "PENDING",
];

/// The item rows of the text output as (status word, rest of the line).
fn rows(text: &str) -> Vec<(String, String)> {
    text.lines()
        .filter_map(|line| {
            let body = line.strip_prefix("  ")?;
            let word = body.split_whitespace().next()?;
            WORDS.contains(&word).then(|| {
                let rest = body[word.len()..].trim_start().to_string();
                (word.to_string(), rest)
            })
        })
        .collect()
}

/// The status word of the row for the check titled `title`.
fn status_of(rows: &[(String, String)], title: &str) -> Option<String> {
    rows.iter()
        .find(|(_, rest)| rest.starts_with(&format!("{title} — ")))
        .map(|(w, _)| w.clone())
}

fn json_of(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).expect("stdout is one JSON document")
}

fn ids_with_status(doc: &Value, status: &str) -> BTreeSet<String> {
    doc["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|i| i["status"] == status)
                .filter_map(|i| i["id"].as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// What a ready repository still asks to confirm: execution protections,
/// which GitHub's REST API cannot show.
const CONFIRM_WHEN_READY: &str = "execution-protections";

#[test]
fn ready_repository_passes_every_item_but_what_the_api_cannot_show() {
    let fake = Fake::demo();
    let o = check(&fake, "demo-org/ready-app", &[]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    let text = stdout(&o);
    assert!(
        text.lines()
            .next()
            .is_some_and(|l| l.contains("demo-org/ready-app")),
        "{text}"
    );
    let rows = rows(&text);
    assert_eq!(rows.len(), CHECKS.len(), "{text}");
    for check in CHECKS {
        let title = check.meta().title;
        let word = status_of(&rows, title);
        if check.meta().id == CONFIRM_WHEN_READY {
            assert_eq!(word.as_deref(), Some("CONFIRM"), "{title}\n{text}");
        } else {
            assert!(
                matches!(word.as_deref(), Some("PASS" | "N/A")),
                "{title}: {word:?}\n{text}"
            );
        }
    }
    // The one fix shown says where to confirm it.
    assert_eq!(text.matches("Fix:").count(), 1, "{text}");
    assert!(text.contains("Settings → Rules → Rulesets"), "{text}");
    let last = text.lines().last().unwrap_or_default();
    assert!(last.contains(&format!("{} checks", CHECKS.len())), "{last}");
    assert!(last.contains("API requests left:"), "{last}");
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn fresh_repository_fails_and_names_the_failing_items() {
    let fake = Fake::demo();
    let text_run = check(&fake, "demo-org/fresh-app", &[]);
    assert_eq!(text_run.status.code(), Some(1), "{}", stderr(&text_run));
    let json_run = check(&fake, "demo-org/fresh-app", &["--json"]);
    assert_eq!(json_run.status.code(), Some(1));
    let doc = json_of(&json_run);
    let failing = ids_with_status(&doc, "fail");
    assert!(!failing.is_empty(), "{doc}");
    let text = stdout(&text_run);
    let rows = rows(&text);
    for check in CHECKS {
        let meta = check.meta();
        let word = status_of(&rows, meta.title);
        if failing.contains(meta.id) {
            assert_eq!(word.as_deref(), Some("FAIL"), "{}\n{text}", meta.id);
        } else {
            assert_ne!(word.as_deref(), Some("FAIL"), "{}\n{text}", meta.id);
        }
    }
    // A fresh repository has no workflow: that check fails, with a fix below it.
    assert!(failing.contains("workflow-file"), "{failing:?}");
    let fail_line = text
        .lines()
        .position(|l| l.starts_with("  FAIL "))
        .expect("a FAIL row");
    assert!(
        text.lines()
            .nth(fail_line + 1)
            .is_some_and(|l| l.trim_start().starts_with("Fix: ")),
        "{text}"
    );
    assert!(text.contains(&format!("{} FAIL", failing.len())), "{text}");
}

#[test]
fn json_lists_every_check_with_stable_fields() {
    let fake = Fake::demo();
    let o = check(
        &fake,
        "demo-org/ready-app",
        &["--json", "--image", "ghcr.io/demo-org/ready-app"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let doc = json_of(&o);
    assert_eq!(doc["format"], 1);
    assert_eq!(doc["repo"], "demo-org/ready-app");
    assert_eq!(doc["image"], "ghcr.io/demo-org/ready-app");
    assert_eq!(doc["image_given"], true);
    assert_eq!(doc["api_base"], fake.url());
    assert!(doc["checked_at"]
        .as_u64()
        .is_some_and(|t| t > 1_600_000_000_000));
    let items = doc["items"].as_array().expect("items");
    let ids: Vec<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
    let expected: Vec<&str> = CHECKS.iter().map(|c| c.meta().id).collect();
    assert_eq!(ids, expected);
    for item in items {
        let status = item["status"].as_str().unwrap_or_default();
        assert!(Status::from_id(status).is_some(), "{item}");
        for key in ["group", "title", "summary"] {
            assert!(
                item[key].as_str().is_some_and(|s| !s.is_empty()),
                "{key}: {item}"
            );
        }
        assert!(item["evidence"].is_array(), "{item}");
        for e in item["evidence"].as_array().into_iter().flatten() {
            assert!(e["label"].is_string() && e["value"].is_string(), "{e}");
            assert!(e["source"].is_string() || e["source"].is_null(), "{e}");
        }
        let fix = &item["fix"];
        assert!(fix.is_null() || fix["text"].is_string(), "{item}");
    }
    let counts = doc["counts"].as_object().expect("counts");
    let total: u64 = counts.values().filter_map(Value::as_u64).sum();
    assert_eq!(total, items.len() as u64);
    assert_eq!(counts["fail"], 0);
    let rate = &doc["rate_limit"];
    let (limit, remaining) = (rate["limit"].as_u64(), rate["remaining"].as_u64());
    assert!(
        matches!((limit, remaining), (Some(l), Some(r)) if r < l),
        "{rate}"
    );
}

#[test]
fn gh_token_is_used_when_github_token_is_unset() {
    let fake = Fake::demo();
    let base = fake.url();
    let o = run(
        &["check", "demo-org/ready-app", "--api-base", &base, "--json"],
        Env::GhToken(DEMO),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(ids_with_status(&json_of(&o), "fail").is_empty());
}

#[test]
fn no_token_exits_2_and_says_where_to_put_one() {
    let o = run(
        &[
            "check",
            "demo-org/ready-app",
            "--api-base",
            "http://127.0.0.1:9",
        ],
        Env::None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(
        err.contains("GITHUB_TOKEN") && err.contains("GH_TOKEN"),
        "{err}"
    );
    let o = run(&["check", "demo-org/ready-app"], Env::GithubToken("  "));
    assert_eq!(
        o.status.code(),
        Some(2),
        "an empty variable counts as unset"
    );
}

#[test]
fn unreachable_api_exits_2_naming_the_address() {
    let o = check_at("http://127.0.0.1:9");
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    let err = stderr(&o);
    assert!(err.contains("http://127.0.0.1:9"), "{err}");
    assert!(err.contains("could not reach"), "{err}");
}

fn check_at(base: &str) -> Output {
    run(
        &["check", "demo-org/ready-app", "--api-base", base],
        Env::GithubToken(DEMO),
    )
}

#[test]
fn a_repository_github_does_not_show_is_a_finding_not_a_connection_error() {
    let fake = Fake::demo();
    let o = check(&fake, "demo-org/no-such-repo", &["--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let doc = json_of(&o);
    assert!(
        ids_with_status(&doc, "fail").contains("repo-access"),
        "{doc}"
    );
}

#[test]
fn a_token_github_rejects_fails_the_identity_check() {
    let fake = Fake::demo();
    let base = fake.url();
    let o = run(
        &["check", "demo-org/ready-app", "--api-base", &base, "--json"],
        Env::GithubToken(UNKNOWN_TOKEN),
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(ids_with_status(&json_of(&o), "fail").contains("identity"));
}

#[test]
fn bad_arguments_exit_2_before_any_request() {
    for args in [
        vec!["check"],
        vec!["check", "not-a-repo"],
        vec!["check", "o/r", "--image", "ghcr.io/Upper/Case"],
        // The token would cross the network in clear text.
        vec!["check", "o/r", "--api-base", "http://api.github.com"],
        // There is no way to pass the token as a flag.
        vec!["check", "o/r", "--token", DEMO],
    ] {
        let o = run(&args, Env::GithubToken(DEMO));
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty(), "{args:?}");
    }
}

#[test]
fn help_says_where_the_token_comes_from_and_what_the_exit_codes_mean() {
    let o = run(&["check", "--help"], Env::None);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    for needle in [
        "OWNER/REPO",
        "--image",
        "--json",
        "--api-base",
        "GITHUB_TOKEN",
        "GH_TOKEN",
        "shell history",
        "Exit status",
    ] {
        assert!(help.contains(needle), "{needle} missing in\n{help}");
    }
    assert!(
        !help.lines().any(|l| l.trim_start().starts_with("--token")),
        "{help}"
    );
}

#[test]
fn markdown_and_share_link_match_the_web_page_format() {
    let fake = Fake::demo();
    let out = check(
        &fake,
        "demo-org/runner-app",
        &[
            "--markdown",
            "--share-link",
            "https://octo.github.io/ghcr-setup/",
            "--hide-names",
        ],
    );
    let md = stdout(&out);
    assert!(
        md.starts_with("## ghcr.io publishing checklist for demo-org/runner-app"),
        "{md}"
    );
    assert!(md.contains("- [x] **Signed-in account** — Pass:"), "{md}");
    assert!(md.contains("- [ ] "), "{md}");
    assert!(!md.contains("build-box-1"), "runner names hidden");
    assert!(!ghcr_setup_core::share::contains_token_shape(&md));
    let link = md
        .split("](")
        .find_map(|part| part.strip_prefix("https://octo.github.io/ghcr-setup/#/share?d="))
        .and_then(|rest| rest.split(')').next())
        .expect("the share link is in the Markdown");
    // The link opens as the same checklist: raw DEFLATE under base64url, as the browser reads it.
    let data = ghcr_setup_core::url::decode_query_value(link);
    let packed = ghcr_setup_core::encoding::decode_url(&data).expect("base64url");
    let json = miniz_oxide::inflate::decompress_to_vec(&packed).expect("raw deflate");
    let decoded = ghcr_setup_core::share::decode_json(&json);
    assert!(decoded.notes.is_empty(), "{:?}", decoded.notes);
    let snapshot = decoded.snapshot.expect("snapshot");
    assert_eq!(snapshot.repo, "demo-org/runner-app");
    assert_eq!(snapshot.items.len(), CHECKS.len());
    let doc = json_of(&check(&fake, "demo-org/runner-app", &["--json"]));
    for item in &snapshot.items {
        assert!(
            ids_with_status(&doc, &item.s).contains(&item.id),
            "{} is {} in the link",
            item.id,
            item.s
        );
    }
    // Text output ends with the link; a link to anything but an https app is refused.
    let text = stdout(&check(
        &fake,
        "demo-org/ready-app",
        &["--share-link", "https://octo.github.io/ghcr-setup/"],
    ));
    assert!(text
        .lines()
        .last()
        .unwrap_or_default()
        .starts_with("Share this checklist: https://octo.github.io/ghcr-setup/#/share?d="));
    let bad = check(
        &fake,
        "demo-org/ready-app",
        &["--share-link", "javascript:alert(1)"],
    );
    assert_eq!(bad.status.code(), Some(2));
    let both = check(&fake, "demo-org/ready-app", &["--json", "--markdown"]);
    assert_eq!(both.status.code(), Some(2));
}

/// The demo scenario with one newer login-action release behind an annotated tag.
fn fake_with_newer_login_release() -> Fake {
    FakeServer::demo_with(|scenario| {
        let login = scenario
            .repos
            .iter_mut()
            .find(|r| r.owner == "docker" && r.name == "login-action")
            .expect("login-action is in the demo");
        let mut release = login.releases[1].clone();
        release.tag_name = "v4.5.0".into();
        login.releases.insert(0, release);
        login.tags.insert(
            "v4.5.0".into(),
            fake_github::scenario::Tag {
                commit: Some("5555555555555555555555555555555555555555".into()),
                annotated: true,
            },
        );
    })
}

#[test]
fn generate_pins_the_newest_release_of_the_major_unless_offline() {
    let fake = fake_with_newer_login_release();
    // Reading the newest releases is the default.
    let out = run(
        &["generate", "--repo", "o/r", "--api-base", &fake.url()],
        Env::None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let yaml = stdout(&out);
    assert!(
        yaml.contains("docker/login-action@5555555555555555555555555555555555555555 # v4.5.0"),
        "{yaml}"
    );
    assert!(
        stderr(&out).contains("docker/login-action: v4.5.0 (read from GitHub without a token)"),
        "{}",
        stderr(&out)
    );
    // The old flag still means the same.
    let old = run(
        &[
            "generate",
            "--repo",
            "o/r",
            "--resolve-latest",
            "--api-base",
            &fake.url(),
        ],
        Env::None,
    );
    assert_eq!(stdout(&old), yaml);
    // --offline: the built-in table, no request, and stderr says so.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
    listener.set_nonblocking(true).expect("non-blocking");
    let watched = format!("http://{}", listener.local_addr().expect("its address"));
    let out = run(
        &[
            "generate",
            "--repo",
            "o/r",
            "--offline",
            "--api-base",
            &watched,
        ],
        Env::None,
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(stderr(&out).contains("built-in table"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("v4.5.0"));
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "--offline connects to nothing"
    );
    // GitHub unreachable: the built-in pins, each saying why.
    let out = run(
        &[
            "generate",
            "--repo",
            "o/r",
            "--api-base",
            "http://127.0.0.1:9",
        ],
        Env::None,
    );
    assert_eq!(out.status.code(), Some(0));
    assert!(stderr(&out).contains("built in"), "{}", stderr(&out));
    assert!(!stdout(&out).contains("v4.5.0"));
}

/// The demo scenario's final table, shared with the browser tests: for each
/// repository, how to sign in, the final status of every row and the causes
/// its key rows' verdicts must name (regular expressions).
const DEMO_TABLE: &str = include_str!("../../../tests/e2e/fixtures/demo-checklist.json");

/// A token the fake GitHub issues through its device flow, as the web app's
/// "Sign in with GitHub" gets one: an OAuth App token with the app's
/// required scopes.
fn device_flow_token(fake: &Fake) -> String {
    let base = fake.url();
    let scopes: Vec<&str> = ghcr_setup_core::token::scope_catalog()
        .iter()
        .filter(|s| s.required)
        .map(|s| s.name)
        .collect();
    let post = |path: &str, content_type: &str, body: String| -> Value {
        let mut answer = ureq::post(format!("{base}{path}"))
            .header("accept", "application/json")
            .header("content-type", content_type)
            .send(body)
            .expect("the fake answers");
        serde_json::from_str(&answer.body_mut().read_to_string().expect("a body"))
            .expect("a JSON answer")
    };
    let form = "application/x-www-form-urlencoded";
    let code = post(
        "/login/device/code",
        form,
        format!("client_id={DEMO_CLIENT_ID}&scope={}", scopes.join("%20")),
    );
    post(
        "/_fake/approve",
        "application/json",
        serde_json::json!({ "user_code": code["user_code"] }).to_string(),
    );
    let token = post(
        "/login/oauth/access_token",
        form,
        format!(
            "client_id={DEMO_CLIENT_ID}&device_code={}&grant_type=urn:ietf:params:oauth:grant-type:device_code",
            code["device_code"].as_str().expect("a device code")
        ),
    );
    token["access_token"]
        .as_str()
        .unwrap_or_else(|| panic!("no token: {token}"))
        .to_string()
}

/// The demo OAuth App's client id, as the web app's demo build uses it.
const DEMO_CLIENT_ID: &str = "Ov23liDEMOdemo000000";

#[test]
fn every_demo_repository_ends_with_the_final_status_of_every_row_and_names_its_causes() {
    let table: Value = serde_json::from_str(DEMO_TABLE).expect("the table is JSON");
    let table = table.as_object().expect("one entry per repository");
    assert!(table.len() >= 10, "{} repositories", table.len());
    let fake = Fake::demo();
    let base = fake.url();
    let oauth = device_flow_token(&fake);
    assert!(oauth.starts_with("gho_"), "an OAuth App token");
    let mut wrong = Vec::new();
    for (repo, entry) in table {
        let token = match entry["sign_in"].as_str() {
            Some("device-flow") => oauth.as_str(),
            Some("demo-token") => DEMO,
            other => panic!("{repo}: unknown sign-in {other:?}"),
        };
        let o = run(
            &["check", repo, "--api-base", base.as_str(), "--json"],
            Env::GithubToken(token),
        );
        assert!(!stdout(&o).contains(&oauth), "the OAuth token stays out");
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{repo}: {}",
            stderr(&o)
        );
        let doc = json_of(&o);
        let items = doc["items"].as_array().expect("items");
        let expected = entry["statuses"].as_object().expect("statuses");
        let ids: BTreeSet<&str> = items.iter().filter_map(|i| i["id"].as_str()).collect();
        let listed: BTreeSet<&str> = expected.keys().map(String::as_str).collect();
        assert_eq!(ids, listed, "{repo}: the table lists every check");
        for item in items {
            let id = item["id"].as_str().unwrap_or_default();
            // What the page shows: backticked parts are code, without the backticks.
            let summary = item["summary"]
                .as_str()
                .unwrap_or_default()
                .replace('`', "");
            if item["status"] != expected[id] {
                wrong.push(format!(
                    "{repo} {id}: expected {}, got {} ({summary})",
                    expected[id], item["status"]
                ));
            }
            if let Some(cause) = entry["causes"][id].as_str() {
                let re = regex::Regex::new(cause).expect("a valid pattern");
                if !re.is_match(&summary) {
                    wrong.push(format!("{repo} {id}: {summary:?} does not name /{cause}/"));
                }
            }
            assert!(
                summary.len() >= 20 && (summary.ends_with('.') || summary.ends_with(')')),
                "{repo} {id}: the verdict is a finished sentence: {summary:?}"
            );
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn generate_asks_github_who_owns_the_repository_when_it_attests() {
    let fake = Fake::demo();
    let base = fake.url();
    let gen = |repo: &str, extra: &[&str]| {
        let mut args = vec!["generate", "--repo", repo, "--attest", "--api-base", &base];
        args.extend_from_slice(extra);
        run(&args, Env::GithubToken(DEMO))
    };
    let personal = gen("octo-demo/hello-ghcr", &[]);
    assert_eq!(personal.status.code(), Some(0), "{}", stderr(&personal));
    assert!(
        stderr(&personal).contains("repository owner: a personal account"),
        "{}",
        stderr(&personal)
    );
    assert!(stdout(&personal).contains("create-storage-record: false"));
    assert!(!stdout(&personal).contains("artifact-metadata"));
    let org = gen("demo-org/ready-app", &[]);
    assert!(
        stderr(&org).contains("repository owner: an organization"),
        "{}",
        stderr(&org)
    );
    assert!(stdout(&org).contains("artifact-metadata: write"));
    // Told on the command line, it asks nothing about the owner.
    let told = gen("octo-demo/hello-ghcr", &["--owner", "organization"]);
    assert!(
        !stderr(&told).contains("repository owner"),
        "{}",
        stderr(&told)
    );
    assert!(stdout(&told).contains("artifact-metadata: write"));
    // Unreadable: the default, and stderr says how to choose.
    let missing = gen("demo-org/no-such-repo", &[]);
    assert_eq!(missing.status.code(), Some(0), "{}", stderr(&missing));
    assert!(
        stderr(&missing).contains("pass --owner user"),
        "{}",
        stderr(&missing)
    );
}
