//! `ghcr-setup check OWNER/REPO`: the live setup checklist in a terminal.
//!
//! A second shell over the core's checklist engine, like the web page: the
//! core's [`Run`] decides every request and judges every check; this command
//! reads the token from the environment, drives the run over blocking HTTP
//! ([`crate::drive`]), and prints the items as text or JSON. It only reads:
//! nothing on GitHub is changed.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::{Arg, ArgAction, ArgMatches, Command};
use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::{Identity, Run, Target};
use ghcr_setup_core::names::{ImageName, RepoSlug};
use ghcr_setup_core::token::Secret;

use crate::api_base::ApiBase;
use crate::credentials::token_from_env;
use crate::drive::{drive, now_ms};
use crate::http::Http;
use crate::report::Report;
use crate::{json, share, text};

const AFTER_HELP: &str = "\
Token:
  Read from the environment: GITHUB_TOKEN, else GH_TOKEN (e.g.
  `GITHUB_TOKEN=\"$(gh auth token)\" ghcr-setup check owner/repo`). On purpose,
  no flag takes the token: flags end up in shell history and process lists.
  The token is sent only to the API base and is never printed. A classic token
  with the repo, read:org and read:packages scopes runs the repository's
  checks, admin:org adds the organization's Actions settings; with less, the
  items it cannot read say UNKNOWN and why.

Output:
  One line per check: PASS, WARN, FAIL, CONFIRM (the API cannot tell: look
  yourself), UNKNOWN (this token could not read it) or N/A, with the fix and
  the settings link under every item that needs attention. --json prints the
  same as a JSON document (see the README for its fields).

Exit status:
  0  every item is PASS, WARN, CONFIRM, UNKNOWN or N/A
  1  at least one item is FAIL
  2  bad arguments, no token, or GitHub could not be reached: both GET /user
     and GET /repos/OWNER/REPO ended in a connection error or a 15-second
     timeout (after retries). Nothing is printed on standard output then.";

/// The `check` subcommand's flags.
pub fn command() -> Command {
    Command::new("check")
        .about("Check a repository's settings for publishing to ghcr.io (reads only)")
        .after_help(AFTER_HELP)
        .arg(
            Arg::new("repo")
                .value_name("OWNER/REPO")
                .required(true)
                .help("The repository to check (or its github.com URL)"),
        )
        .arg(Arg::new("image").long("image").value_name("NAME").help(
            "The image the workflow publishes, e.g. ghcr.io/owner/app \
             [default: the one the workflow names, else ghcr.io/OWNER/REPO in lower case]",
        ))
        .arg(
            Arg::new("json")
                .long("json")
                .action(ArgAction::SetTrue)
                .help("Print a JSON document instead of text"),
        )
        .arg(
            Arg::new("markdown")
                .long("markdown")
                .action(ArgAction::SetTrue)
                .conflicts_with("json")
                .help("Print the checklist as Markdown (a task list per group), as the web page copies it"),
        )
        .arg(
            Arg::new("share-link")
                .long("share-link")
                .value_name("APP_URL")
                .help(
                    "Also print a link to the web app at APP_URL (e.g. https://owner.github.io/ghcr-setup/) \
                     that shows this checklist to anyone, without signing in; never holds the token",
                ),
        )
        .arg(
            Arg::new("hide-names")
                .long("hide-names")
                .action(ArgAction::SetTrue)
                .help("Leave runner and secret names out of --markdown and --share-link"),
        )
        .arg(
            Arg::new("api-base")
                .long("api-base")
                .value_name("URL")
                .help(
                    "GitHub's REST API, e.g. https://HOST/api/v3 for GitHub Enterprise Server; \
                     plain http only on loopback [default: https://api.github.com]",
                ),
        )
}

/// What the flags asked for, validated.
struct Args {
    target: Target,
    api_base: ApiBase,
    json: bool,
    markdown: bool,
    share_link: Option<String>,
    hide_names: bool,
}

fn args(m: &ArgMatches) -> Result<Args, String> {
    let repo_text = m
        .get_one::<String>("repo")
        .ok_or("give the repository as OWNER/REPO")?;
    let repo = RepoSlug::parse(repo_text).map_err(|e| format!("OWNER/REPO: {e}"))?;
    let image = match m.get_one::<String>("image") {
        Some(text) => Some(ImageName::parse(text).map_err(|e| format!("--image: {e}"))?),
        None => None,
    };
    let api_base = match m.get_one::<String>("api-base") {
        Some(text) => ApiBase::parse(text).map_err(|e| format!("--api-base: {e}"))?,
        None => ApiBase::github(),
    };
    let share_link = match m.get_one::<String>("share-link") {
        Some(url)
            if url.starts_with("https://")
                || url.starts_with("http://127.0.0.1")
                || url.starts_with("http://localhost") =>
        {
            Some(url.clone())
        }
        Some(url) => {
            return Err(format!(
                "--share-link: `{url}` is not the app's https:// address"
            ))
        }
        None => None,
    };
    Ok(Args {
        target: Target { repo, image },
        api_base,
        json: m.get_flag("json"),
        markdown: m.get_flag("markdown"),
        share_link,
        hide_names: m.get_flag("hide-names"),
    })
}

/// Replaces the token wherever it appears in `text` (a server could echo it
/// back in an error message), so nothing this command prints can carry it.
fn redact(text: &str, token: &Secret) -> String {
    let secret = token.expose();
    if secret.is_empty() {
        text.to_string()
    } else {
        text.replace(secret, "***")
    }
}

/// Runs the subcommand and returns its exit status.
pub fn run(m: &ArgMatches) -> ExitCode {
    let args = match args(m) {
        Ok(a) => a,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::from(2);
        }
    };
    let token = match token_from_env() {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let identity = Identity::of_kind(token.kind());
    let mut checklist = Run::new(
        args.target,
        identity,
        args.api_base.as_str(),
        Some(token.clone()),
        EtagCache::new(),
        now_ms(),
    );
    drive(&mut checklist, &Http::new());
    let report = Report::of(&checklist, args.api_base.as_str(), now_ms());
    if let Some(cut_off) = &report.view.unreachable {
        let sentence = cut_off.sentence(
            args.api_base.as_str(),
            crate::http::TIMEOUT.as_secs(),
            "--api-base",
        );
        eprintln!("{}", redact(&format!("error: {sentence}"), &token));
        return ExitCode::from(2);
    }
    let Some(snapshot) = checklist.snapshot(args.hide_names) else {
        eprintln!("error: the check did not finish; run it again.");
        return ExitCode::from(2);
    };
    let link = args
        .share_link
        .as_deref()
        .map(|app| share::link(app, &snapshot));
    let output = if args.json {
        json::render(&report, link.as_deref())
    } else if args.markdown {
        ghcr_setup_core::share::markdown(&snapshot, link.as_deref())
    } else {
        let coloured = text::use_colour(
            std::io::stdout().is_terminal(),
            std::env::var("NO_COLOR").ok().as_deref(),
        );
        let mut out = text::render(&report, coloured);
        if let Some(link) = &link {
            out.push_str(&format!("Share this checklist: {link}\n"));
        }
        out
    };
    print!("{}", redact(&output, &token));
    let code = report.exit_code();
    if code == 2 {
        eprintln!("error: some checks did not finish (shown as PENDING); run the check again.");
    }
    ExitCode::from(code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redaction_removes_every_copy_of_the_token() {
        let token = Secret::new("ghp_AAAAaaaaAAAAaaaaAAAAaaaaAAAAaaaa0000");
        let text = "Bad credentials: ghp_AAAAaaaaAAAAaaaaAAAAaaaaAAAAaaaa0000 (ghp_AAAAaaaaAAAAaaaaAAAAaaaaAAAAaaaa0000)";
        assert_eq!(redact(text, &token), "Bad credentials: *** (***)");
    }

    #[test]
    fn bad_arguments_are_refused_before_any_request() {
        let parse = |argv: &[&str]| {
            command()
                .try_get_matches_from(argv)
                .map_err(|e| e.to_string())
                .and_then(|m| args(&m).map(|_| ()))
        };
        assert!(parse(&["check", "o/r"]).is_ok());
        assert!(parse(&["check", "o/r/x"]).is_err_and(|e| e.starts_with("OWNER/REPO:")));
        assert!(parse(&["check", "o/r", "--image", "ghcr.io/O/R"])
            .is_err_and(|e| e.starts_with("--image:")));
        assert!(
            parse(&["check", "o/r", "--api-base", "http://api.github.com"])
                .is_err_and(|e| e.starts_with("--api-base:"))
        );
        assert!(parse(&["check", "o/r", "--token", "x"]).is_err());
    }
}
