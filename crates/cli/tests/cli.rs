//! Runs the `ghcr-setup` binary: generate, lint and samples, with their exit codes.

use std::path::PathBuf;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ghcr-setup"))
        .args(args)
        .output()
        .expect("binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("ghcr-setup-cli-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn generate_prints_yaml_for_the_seed_repo() {
    let o = run(&[
        "generate",
        "--offline",
        "--repo",
        "Kulzer-Dental/kdc-experimental-image",
        "--runner",
        "self-hosted",
        "--fallback",
        "local_runner_fallback_token",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let yaml = stdout(&o);
    assert!(
        yaml.contains("images: 'ghcr.io/kulzer-dental/kdc-experimental-image'"),
        "{yaml}"
    );
    assert!(
        yaml.contains("secrets.LOCAL_RUNNER_FALLBACK_TOKEN || secrets.GITHUB_TOKEN"),
        "{yaml}"
    );
}

#[test]
fn bare_toggle_flag_means_true() {
    let o = run(&["generate", "--offline", "--repo", "o/r", "--attest"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("actions/attest@"));
    let o = run(&["generate", "--offline", "--repo", "o/r", "--pin", "false"]);
    assert!(stdout(&o).contains("actions/checkout@v7 "));
}

#[test]
fn generate_reports_all_field_errors_and_exits_2() {
    let o = run(&[
        "generate",
        "--offline",
        "--repo",
        "a/b/c",
        "--image",
        "ghcr.io/A/B",
        "--platforms",
        "linux",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(stdout(&o).is_empty());
    for key in ["--repo:", "--image:", "--platforms:"] {
        assert!(err.contains(key), "{key} missing in {err}");
    }
    assert!(err.contains("use `ghcr.io/a/b`"), "{err}");
}

#[test]
fn generate_help_comes_from_the_field_list() {
    let o = run(&["generate", "--help"]);
    let help = stdout(&o);
    for f in ghcr_setup_core::workflow::fields() {
        assert!(
            help.contains(&format!("--{}", f.key)),
            "--{} missing",
            f.key
        );
        assert!(help.contains(f.help), "help for {} missing", f.key);
    }
}

#[test]
fn propose_url_flag_prints_a_link() {
    let o = run(&["generate", "--offline", "--repo", "o/r", "--propose-url"]);
    let url = stdout(&o);
    assert!(
        url.starts_with(
            "https://github.com/o/r/new/main?filename=.github/workflows/docker-image.yml&value="
        ),
        "{url}"
    );
}

#[test]
fn lint_clean_dirty_and_unreadable() {
    let dir = temp_dir("lint");
    let clean = dir.join("clean.yml");
    let gen = run(&["generate", "--offline", "--repo", "o/r"]);
    std::fs::write(&clean, gen.stdout).unwrap();
    let o = run(&["lint", clean.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(stdout(&o).is_empty());

    let dirty = dir.join("dirty.yml");
    std::fs::write(
        &dirty,
        "on: push\njobs:\n  b:\n    runs-on: x\n    steps:\n      - uses: docker/login-action@v2\n",
    )
    .unwrap();
    let o = run(&["lint", dirty.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let expected_prefix = format!("{}:6: warning outdated-action: ", dirty.display());
    assert!(
        out.lines()
            .any(|l| l.starts_with(&expected_prefix) && l.contains("(fix: ")),
        "{out}"
    );

    let broken = dir.join("broken.yml");
    std::fs::write(&broken, "a: [").unwrap();
    assert_eq!(
        run(&["lint", broken.to_str().unwrap()]).status.code(),
        Some(2)
    );
    assert_eq!(
        run(&["lint", dir.join("missing.yml").to_str().unwrap()])
            .status
            .code(),
        Some(2)
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn samples_writes_every_matrix_entry() {
    let dir = temp_dir("samples");
    let out = dir.join("wf");
    let o = run(&["samples", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let names = ghcr_setup_core::workflow::sample_matrix();
    for (name, opts) in &names {
        let text =
            std::fs::read_to_string(out.join(format!("{name}.yml"))).expect("sample written");
        assert_eq!(text, ghcr_setup_core::workflow::generate(opts));
    }
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), names.len());
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn checks_lists_the_registry_in_order() {
    let out = run(&["checks"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let list: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let ids: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    let registry: Vec<&str> = ghcr_setup_core::check::CHECKS
        .iter()
        .map(|c| c.meta().id)
        .collect();
    assert_eq!(ids, registry);
    assert!(list[0]["group"].is_string() && list[0]["title"].is_string());
}
