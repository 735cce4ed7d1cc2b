//! `ghcr-setup`: generate, lint and sample `docker-image.yml`, and check a
//! repository's setup, from the command line.
//!
//! `generate` has one flag per generator field, built from
//! `workflow::fields()` so the CLI, the web form and the URL share one list.
//! `check` drives the core's checklist engine over HTTP (see [`check`]).
//! Exit codes: 0 success / clean, 1 findings (lint) or a failing check,
//! 2 bad input, unreadable file, no token or GitHub unreachable.

mod api_base;
mod check;
mod credentials;
mod drive;
mod http;
mod json;
mod owner;
mod pins;
mod report;
mod share;
mod text;

use clap::{Arg, ArgAction, ArgMatches, Command};
use ghcr_setup_core::analyze::{self, Severity};
use ghcr_setup_core::workflow::{self, fields, FieldKind, FieldSpec, RawOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = cli().get_matches();
    match matches.subcommand() {
        Some(("generate", m)) => generate(m),
        Some(("lint", m)) => lint(m),
        Some(("samples", m)) => samples(m),
        Some(("check", m)) => check::run(m),
        Some(("checks", _)) => list_checks(),
        _ => ExitCode::from(2),
    }
}

fn cli() -> Command {
    Command::new("ghcr-setup")
        .about("Write and check GitHub Actions workflows that publish Docker images to ghcr.io, and check a repository's setup")
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(generate_command())
        .subcommand(
            Command::new("lint")
                .about("Check a workflow file for problems publishing to ghcr.io")
                .arg(
                    Arg::new("file")
                        .value_name("FILE")
                        .required(true)
                        .value_parser(clap::value_parser!(PathBuf)),
                ),
        )
        .subcommand(
            Command::new("samples")
                .about("Write every sample workflow as DIR/<name>.yml (for linting the generator)")
                .arg(
                    Arg::new("out")
                        .long("out")
                        .value_name("DIR")
                        .required(true)
                        .value_parser(clap::value_parser!(PathBuf)),
                ),
        )
        .subcommand(check::command())
        .subcommand(Command::new("checks").about(
            "List every check of the checklist as JSON (id, group, title), in display order",
        ))
}

/// `checks`: the registry as JSON lines' array, so tests and scripts read
/// the checks from the product instead of keeping their own list.
fn list_checks() -> ExitCode {
    let list: Vec<serde_json::Value> = ghcr_setup_core::check::CHECKS
        .iter()
        .map(|c| {
            let m = c.meta();
            serde_json::json!({ "id": m.id, "group": m.group.id(), "title": m.title })
        })
        .collect();
    println!("{}", serde_json::Value::Array(list));
    ExitCode::SUCCESS
}

/// `generate` with one flag per field; help text is the field's own help.
fn generate_command() -> Command {
    let mut cmd = Command::new("generate")
        .about("Print docker-image.yml for the given options")
        .arg(
            Arg::new("propose-url")
                .long("propose-url")
                .action(ArgAction::SetTrue)
                .help("Print the GitHub link that proposes the workflow instead of the YAML"),
        )
        .arg(
            Arg::new("offline")
                .long("offline")
                .action(ArgAction::SetTrue)
                .help("Use the built-in table of action versions instead of reading the newest releases from GitHub (which is the default; it uses GITHUB_TOKEN or GH_TOKEN if set, and falls back to the table when GitHub cannot be reached)"),
        )
        .arg(
            // Reading the newest releases is the default now; the old flag still works.
            Arg::new("resolve-latest")
                .long("resolve-latest")
                .action(ArgAction::SetTrue)
                .hide(true)
                .conflicts_with("offline"),
        )
        .arg(
            Arg::new("api-base")
                .long("api-base")
                .value_name("URL")
                .help("GitHub's REST API to read action releases from [default: https://api.github.com]"),
        );
    for f in fields() {
        cmd = cmd.arg(field_arg(f));
    }
    cmd
}

/// The flag for one field: `--key VALUE`, toggles also as a bare `--key` meaning true.
fn field_arg(f: &FieldSpec) -> Arg {
    let mut help = format!("{}: {}", f.label, f.help);
    if let FieldKind::Text { placeholder } = f.kind {
        help.push_str(&format!(" (e.g. {placeholder})"));
    }
    if !f.default.is_empty() {
        help.push_str(&format!(" [default: {}]", f.default));
    }
    let arg = Arg::new(f.key).long(f.key).help(help);
    match f.kind {
        FieldKind::Text { .. } => arg.value_name("TEXT"),
        FieldKind::Toggle => arg
            .value_name("BOOL")
            .num_args(0..=1)
            .default_missing_value("true")
            .value_parser(["true", "false"]),
        FieldKind::Choice(choices) => arg
            .value_name("CHOICE")
            .value_parser(choices.iter().map(|(v, _)| *v).collect::<Vec<_>>()),
    }
}

fn generate(m: &ArgMatches) -> ExitCode {
    let mut raw = RawOptions::defaults();
    for f in fields() {
        if let Some(value) = m.get_one::<String>(f.key) {
            raw.set(f.key, value.clone());
        }
    }
    let api_base = match m
        .get_one::<String>("api-base")
        .map(|b| api_base::ApiBase::parse(b))
    {
        None => api_base::ApiBase::github(),
        Some(Ok(b)) => b,
        Some(Err(e)) => {
            eprintln!("error: --api-base: {e}");
            return ExitCode::from(2);
        }
    };
    let live = !m.get_flag("offline");
    // The owner matters only to an attestation; ask GitHub unless told.
    let owner_given = m.value_source("owner") == Some(clap::parser::ValueSource::CommandLine);
    if live && !owner_given {
        if let Ok(opts) = raw.validate() {
            if opts.attest {
                let (owner, note) = owner::from_github(&opts.repo, &api_base);
                eprintln!("{note}");
                if let Some(owner) = owner {
                    raw.set("owner", owner);
                }
            }
        }
    }
    match raw.validate() {
        Ok(opts) => {
            let (pins, notes) = pins::resolve(live, &api_base);
            for note in notes {
                eprintln!("{note}");
            }
            let yaml = workflow::generate_with(&opts, &pins);
            if m.get_flag("propose-url") {
                println!("{}", workflow::propose_url(&opts, &yaml));
            } else {
                print!("{yaml}");
            }
            ExitCode::SUCCESS
        }
        Err(errors) => {
            for e in errors {
                eprintln!("error: --{}: {}", e.key, e.message);
            }
            ExitCode::from(2)
        }
    }
}

fn lint(m: &ArgMatches) -> ExitCode {
    let Some(path) = m.get_one::<PathBuf>("file") else {
        return ExitCode::from(2);
    };
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: cannot read {}: {e}", path.display());
            return ExitCode::from(2);
        }
    };
    match analyze::analyze(&text) {
        Ok(findings) => {
            for f in &findings {
                println!(
                    "{}:{}: {} {}: {} (fix: {})",
                    path.display(),
                    f.line,
                    f.severity,
                    f.rule,
                    f.message,
                    f.fix
                );
            }
            let failing = findings.iter().any(|f| f.severity != Severity::Info);
            if failing {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {}: {e}", path.display());
            ExitCode::from(2)
        }
    }
}

fn samples(m: &ArgMatches) -> ExitCode {
    let Some(dir) = m.get_one::<PathBuf>("out") else {
        return ExitCode::from(2);
    };
    match write_samples(dir) {
        Ok(count) => {
            eprintln!("wrote {count} workflows to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: cannot write to {}: {e}", dir.display());
            ExitCode::from(2)
        }
    }
}

fn write_samples(dir: &Path) -> std::io::Result<usize> {
    std::fs::create_dir_all(dir)?;
    let all = workflow::sample_matrix();
    for (name, opts) in &all {
        std::fs::write(dir.join(format!("{name}.yml")), workflow::generate(opts))?;
    }
    Ok(all.len())
}
