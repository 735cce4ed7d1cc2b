//! Property tests of the generator's form layer.
//!
//! For every text field, arbitrary (and deliberately hostile) text either
//! fails validation or shows up in the YAML exactly where it belongs, and the
//! YAML keeps its shape: typed text can never add keys, steps or expressions.
//! Over every combination of options, the workflow never runs on
//! `pull_request_target`.

use ghcr_setup_core::analyze::{analyze, summarize};
use ghcr_setup_core::names::ImageName;
use ghcr_setup_core::workflow::{fields, generate, FieldKind, RawOptions, WorkflowOptions};
use proptest::prelude::*;
use yaml_rust2::{Yaml, YamlLoader};

const TEXT_KEYS: &[&str] = &[
    "repo",
    "image",
    "dockerfile",
    "context",
    "branch",
    "tags",
    "platforms",
    "runner",
    "fallback",
];

fn base() -> RawOptions {
    let mut raw = RawOptions::defaults();
    raw.set("repo", "octo-org/sample-app");
    raw
}

/// Text that is sometimes valid and often tries to break out of a YAML scalar or into `${{ }}`.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9]{1,8}",
        "[a-zA-Z0-9._/*?+!'\"#:${}\\[\\] \\n\\t,-]{0,24}",
        "(https://github.com/)?[A-Za-z0-9-]{1,12}/[A-Za-z0-9._-]{1,12}(\\.git)?",
        "(ghcr\\.io/)?[a-z0-9._-]{1,10}/[a-z0-9._/-]{1,12}",
        "(linux|windows)/(amd64|arm64|arm)(/v[0-9])?(, ?linux/arm64)?",
        "[a-z_]{1,6}\\$\\{\\{ [a-z.]{1,12} \\}\\}",
    ]
}

fn field_strategy() -> impl Strategy<Value = (&'static str, String)> {
    (0..TEXT_KEYS.len(), hostile_text()).prop_map(|(i, s)| (TEXT_KEYS[i], s))
}

fn load(yaml: &str) -> Yaml {
    let docs = YamlLoader::load_from_str(yaml).expect("generated YAML must parse");
    docs.into_iter().next().expect("one document")
}

fn step<'a>(doc: &'a Yaml, action: &str) -> &'a Yaml {
    let steps = doc["jobs"]["build"]["steps"].as_vec().expect("steps");
    steps
        .iter()
        .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(action)))
        .unwrap_or_else(|| panic!("no {action} step"))
}

fn list(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for part in value.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        if !out.iter().any(|o| o == part) {
            out.push(part.to_string());
        }
    }
    out
}

fn runs_on(doc: &Yaml) -> Vec<String> {
    let r = &doc["jobs"]["build"]["runs-on"];
    match r.as_str() {
        Some(s) => vec![s.to_string()],
        None => r
            .as_vec()
            .expect("runs-on list")
            .iter()
            .map(|y| y.as_str().expect("label").to_string())
            .collect(),
    }
}

/// The value at the field's place in the parsed YAML must equal what was typed.
fn assert_field_in_place(key: &str, typed: &str, opts: &WorkflowOptions, doc: &Yaml) {
    let t = typed.trim();
    let build = &step(doc, "docker/build-push-action")["with"];
    let images = step(doc, "docker/metadata-action")["with"]["images"]
        .as_str()
        .expect("images");
    match key {
        "repo" => {
            assert_eq!(
                images,
                ImageName::for_repo(&opts.repo).expect("derived").as_str()
            );
            if !t.contains(':') && !t.contains("github.com") {
                assert_eq!(opts.repo.as_str(), t);
            }
        }
        "image" => {
            let expected = if t.is_empty() {
                ImageName::for_repo(&opts.repo)
                    .expect("derived")
                    .as_str()
                    .to_string()
            } else if t.starts_with("ghcr.io/") {
                t.to_string()
            } else {
                format!("ghcr.io/{t}")
            };
            assert_eq!(images, expected);
        }
        "dockerfile" => assert_eq!(build["file"].as_str(), Some(t)),
        "context" => assert_eq!(build["context"].as_str(), Some(t)),
        "branch" => {
            assert_eq!(doc["on"]["push"]["branches"][0].as_str(), Some(t));
            assert_eq!(doc["on"]["pull_request"]["branches"][0].as_str(), Some(t));
        }
        "tags" => assert_eq!(doc["on"]["push"]["tags"][0].as_str(), Some(t)),
        "platforms" => assert_eq!(
            build["platforms"].as_str(),
            Some(list(typed).join(",").as_str())
        ),
        "runner" => assert_eq!(runs_on(doc), list(typed)),
        "fallback" => {
            let password = step(doc, "docker/login-action")["with"]["password"]
                .as_str()
                .expect("password");
            if t.is_empty() {
                assert_eq!(password, "${{ secrets.GITHUB_TOKEN }}");
            } else {
                assert_eq!(
                    password,
                    format!(
                        "${{{{ secrets.{} || secrets.GITHUB_TOKEN }}}}",
                        t.to_ascii_uppercase()
                    )
                );
            }
        }
        other => panic!("unexpected key {other}"),
    }
}

/// Only the generator's own expressions may appear inside `${{ }}`.
fn assert_only_known_expressions(yaml: &str, opts: &WorkflowOptions) {
    let fallback = opts
        .fallback_secret
        .as_ref()
        .map(|s| format!("secrets.{s} || secrets.GITHUB_TOKEN"));
    let known = [
        "github.workflow",
        "github.ref",
        "github.event_name == 'pull_request'",
        "github.actor",
        "secrets.GITHUB_TOKEN",
        "github.event_name != 'pull_request'",
        "steps.meta.outputs.tags",
        "steps.meta.outputs.labels",
        "steps.build.outputs.digest",
        "!startsWith(github.ref, 'refs/tags/') && 'type=gha' || ''",
        "!startsWith(github.ref, 'refs/tags/') && 'type=gha,mode=max' || ''",
        "github.event_name != 'pull_request' && !startsWith(github.ref, 'refs/tags/') && 'type=gha,mode=max' || ''",
        "github.event_name != 'pull_request' && 'type=gha,mode=max' || ''",
    ];
    for part in yaml.split("${{").skip(1) {
        let expr = part.split("}}").next().expect("closed").trim();
        let ok = known.contains(&expr) || fallback.as_deref() == Some(expr);
        assert!(ok, "unexpected expression `{expr}` in\n{yaml}");
    }
}

fn assert_shape(doc: &Yaml, opts: &WorkflowOptions) {
    let top: Vec<&str> = doc
        .as_hash()
        .expect("map")
        .keys()
        .filter_map(Yaml::as_str)
        .collect();
    let mut expected = vec!["name", "on", "permissions"];
    if opts.concurrency {
        expected.push("concurrency");
    }
    expected.push("jobs");
    assert_eq!(top, expected);
    let jobs = doc["jobs"].as_hash().expect("jobs");
    assert_eq!(jobs.len(), 1);
    let steps = doc["jobs"]["build"]["steps"].as_vec().expect("steps").len();
    assert_eq!(
        steps,
        5 + usize::from(opts.multi_platform()) + usize::from(opts.attest)
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(10_000))]

    #[test]
    fn typed_text_is_rejected_or_lands_verbatim((key, typed) in field_strategy()) {
        let mut raw = base();
        raw.set(key, typed.clone());
        if let Ok(opts) = raw.validate() {
            let yaml = generate(&opts);
            let doc = load(&yaml);
            assert_shape(&doc, &opts);
            assert_field_in_place(key, &typed, &opts, &doc);
            assert_only_known_expressions(&yaml, &opts);
        }
    }
}

/// A RawOptions with arbitrary text fields and valid toggles.
fn raw_options() -> impl Strategy<Value = RawOptions> {
    let n = fields().len();
    (
        proptest::collection::vec(hostile_text(), n),
        proptest::collection::vec(any::<bool>(), n),
    )
        .prop_map(|(texts, bools)| {
            let mut raw = RawOptions::defaults();
            for (i, f) in fields().iter().enumerate() {
                match f.kind {
                    FieldKind::Toggle => raw.set(f.key, if bools[i] { "true" } else { "false" }),
                    _ if bools[i] => raw.set(f.key, texts[i].clone()),
                    _ => {}
                }
            }
            raw
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn query_round_trips(raw in raw_options()) {
        let query = raw.to_query();
        let (back, notes) = RawOptions::from_query(&query);
        prop_assert!(notes.is_empty(), "{:?}", notes);
        prop_assert_eq!(back, raw);
    }

    /// Whatever the options, the generated workflow never runs on
    /// `pull_request_target` (a fork's code with this repository's secrets
    /// and write token), and neither rule about it finds anything.
    #[test]
    fn the_generator_never_emits_pull_request_target(raw in raw_options()) {
        if let Ok(opts) = raw.validate() {
            let yaml = generate(&opts);
            let doc = load(&yaml);
            let on: Vec<&str> = doc["on"].as_hash().expect("on: is a map").keys().filter_map(Yaml::as_str).collect();
            prop_assert!(!on.contains(&"pull_request_target"), "{:?}", on);
            let summary = summarize(&yaml).expect("generated YAML is read");
            prop_assert_eq!(summary.pull_request_target, None);
            let findings = analyze(&yaml).expect("generated YAML is analyzed");
            let flagged: Vec<_> = findings
                .iter()
                .filter(|f| matches!(f.rule, "pull-request-target-publishes" | "checkout-pull-request-head"))
                .collect();
            prop_assert!(flagged.is_empty(), "{:?}", flagged);
        }
    }

    #[test]
    fn from_query_never_panics(q in any::<String>()) {
        let (raw, _) = RawOptions::from_query(&q);
        let _ = raw.validate();
    }
}

/// The strategy must reach the "valid" branch for every field often, or the property proves little.
#[test]
fn hostile_text_is_often_valid_for_every_field() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    for key in TEXT_KEYS {
        let valid = (0..2_000)
            .filter(|_| {
                let typed = hostile_text()
                    .new_tree(&mut runner)
                    .expect("value")
                    .current();
                let mut raw = base();
                raw.set(key, typed);
                raw.validate().is_ok()
            })
            .count();
        assert!(
            valid >= 50,
            "{key}: only {valid} of 2000 samples were valid"
        );
    }
}
