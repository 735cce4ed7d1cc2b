//! Relay configuration from command-line flags and environment variables.
//!
//! Flags (read with clap) win over environment variables, which win over the
//! defaults. Parsing is a pure function of the arguments and an environment
//! lookup so it can be tested without touching the process environment.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// Address the relay listens on when nothing else is configured.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8788";
/// Where requests are forwarded when nothing else is configured.
pub const DEFAULT_UPSTREAM: &str = "https://github.com";
/// Upstream timeout when nothing else is configured.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;
/// How long a client may take to send its request headers.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// How long a client may take to send its request body.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(10);
/// Connections served at once; more are answered 503 and closed.
pub const MAX_CONNECTIONS: usize = 256;

/// Text printed for `--help`.
pub const HELP: &str = "\
ghcr-setup-relay: a tiny CORS relay for GitHub's device-flow sign-in.

It forwards exactly POST /login/device/code and POST /login/oauth/access_token
to the upstream and adds CORS headers for allow-listed web page origins.
It stores nothing and never logs request or response bodies.

USAGE:
    ghcr-setup-relay [OPTIONS]

OPTIONS:
    --listen ADDR          Address to listen on (env RELAY_LISTEN)
                           [default: 127.0.0.1:8788; port 0 picks a free port]
    --upstream URL         Where to forward (env RELAY_UPSTREAM)
                           [default: https://github.com]
    --allow-origin ORIGIN  A web page origin allowed to call the relay, exact
                           match, e.g. https://me.github.io (repeatable;
                           env RELAY_ALLOW_ORIGINS as a comma-separated list)
    --timeout-secs N       Upstream timeout in seconds (env RELAY_TIMEOUT_SECS)
                           [default: 10]
    -h, --help             Print this help
";

/// An origin exactly as a browser sends it in the `Origin` header,
/// e.g. `https://example.github.io` (scheme, host, optional port; no path).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin(String);

impl Origin {
    /// Checks the shape of an origin: `http(s)://host[:port]` with no path.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let text = text.trim();
        let rest = text
            .strip_prefix("https://")
            .or_else(|| text.strip_prefix("http://"))
            .ok_or_else(|| ConfigError::BadOrigin(text.to_owned()))?;
        let valid_host = !rest.is_empty()
            && rest
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'));
        if valid_host {
            Ok(Origin(text.to_owned()))
        } else {
            Err(ConfigError::BadOrigin(text.to_owned()))
        }
    }

    /// The origin text, as sent in `Origin` / `Access-Control-Allow-Origin`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Base URL of the upstream (scheme + host + optional port, no trailing slash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Upstream(String);

impl Upstream {
    /// Accepts `http://…` or `https://…` without a path, query or fragment.
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let trimmed = text.trim().trim_end_matches('/');
        let rest = trimmed
            .strip_prefix("https://")
            .or_else(|| trimmed.strip_prefix("http://"));
        match rest {
            Some(host) if !host.is_empty() && !host.contains(['/', '?', '#', ' ']) => {
                Ok(Upstream(trimmed.to_owned()))
            }
            _ => Err(ConfigError::BadUpstream(text.to_owned())),
        }
    }

    /// The base URL, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Everything the relay needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    pub listen: SocketAddr,
    pub upstream: Upstream,
    pub allow_origins: Vec<Origin>,
    /// Upstream timeout (504 after it).
    pub timeout: Duration,
    /// Time allowed for a request's headers; the connection is closed after it.
    pub header_timeout: Duration,
    /// Time allowed for a request's body (408 after it).
    pub body_timeout: Duration,
    /// Connections served at once (at least 1).
    pub max_connections: usize,
}

impl Config {
    /// A configuration for `upstream` with the given origins, listening on a
    /// free loopback port (handy in tests).
    pub fn loopback(upstream: Upstream, allow_origins: Vec<Origin>) -> Self {
        Config {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            upstream,
            allow_origins,
            timeout: Duration::from_secs(DEFAULT_TIMEOUT_SECS),
            header_timeout: HEADER_TIMEOUT,
            body_timeout: BODY_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }

    /// Whether `origin` is on the allow-list (exact match).
    pub fn allows(&self, origin: &str) -> bool {
        self.allow_origins.iter().any(|o| o.as_str() == origin)
    }
}

/// What the command line asks for.
#[derive(Debug, Clone)]
pub enum Command {
    Run(Config),
    Help,
}

/// A configuration problem, reported to the person starting the relay.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ConfigError {
    /// The command line itself is wrong (unknown flag, missing value), as
    /// clap words it.
    Args(String),
    BadListen(String),
    BadUpstream(String),
    BadOrigin(String),
    BadTimeout(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::Args(message) => write!(f, "{message}"),
            ConfigError::BadListen(v) => {
                write!(
                    f,
                    "listen address {v:?} is not IP:PORT, e.g. 127.0.0.1:8788"
                )
            }
            ConfigError::BadUpstream(v) => write!(
                f,
                "upstream {v:?} must be http:// or https:// followed by a host, without a path"
            ),
            ConfigError::BadOrigin(v) => write!(
                f,
                "origin {v:?} must look like https://example.github.io (no path, no trailing slash)"
            ),
            ConfigError::BadTimeout(v) => {
                write!(
                    f,
                    "timeout {v:?} must be a whole number of seconds from 1 to 300"
                )
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// Raw values before validation.
#[derive(Default)]
struct Raw {
    listen: Option<String>,
    upstream: Option<String>,
    origins: Vec<String>,
    timeout: Option<String>,
}

/// The flags, for clap. `--help` prints [`HELP`] exactly.
fn cli() -> clap::Command {
    use clap::{Arg, ArgAction};
    let value = |name: &'static str, placeholder: &'static str| {
        Arg::new(name).long(name).value_name(placeholder)
    };
    clap::Command::new("ghcr-setup-relay")
        .override_help(HELP)
        .arg(value("listen", "ADDR"))
        .arg(value("upstream", "URL"))
        .arg(value("allow-origin", "ORIGIN").action(ArgAction::Append))
        .arg(value("timeout-secs", "N"))
}

/// Parses flags (without the program name) with `env` as the fallback.
pub fn parse<I, E>(args: I, env: E) -> Result<Command, ConfigError>
where
    I: IntoIterator<Item = String>,
    E: Fn(&str) -> Option<String>,
{
    let argv = std::iter::once("ghcr-setup-relay".to_owned()).chain(args);
    let matches = match cli().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => return Ok(Command::Help),
        Err(e) => return Err(ConfigError::Args(clap_message(&e))),
    };
    let one = |name: &str| matches.get_one::<String>(name).cloned();
    let mut raw = Raw {
        listen: one("listen"),
        upstream: one("upstream"),
        origins: matches
            .get_many::<String>("allow-origin")
            .map(|v| v.cloned().collect())
            .unwrap_or_default(),
        timeout: one("timeout-secs"),
    };
    fill_from_env(&mut raw, &env);
    validate(raw).map(Command::Run)
}

/// clap's message without its `error: ` lead-in (the binary adds its name).
fn clap_message(e: &clap::Error) -> String {
    let text = e.render().to_string();
    let text = text.trim();
    text.strip_prefix("error: ").unwrap_or(text).to_owned()
}

fn fill_from_env<E: Fn(&str) -> Option<String>>(raw: &mut Raw, env: &E) {
    raw.listen = raw.listen.take().or_else(|| env("RELAY_LISTEN"));
    raw.upstream = raw.upstream.take().or_else(|| env("RELAY_UPSTREAM"));
    raw.timeout = raw.timeout.take().or_else(|| env("RELAY_TIMEOUT_SECS"));
    if raw.origins.is_empty() {
        if let Some(list) = env("RELAY_ALLOW_ORIGINS") {
            raw.origins = list
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect();
        }
    }
}

fn validate(raw: Raw) -> Result<Config, ConfigError> {
    let listen_text = raw.listen.unwrap_or_else(|| DEFAULT_LISTEN.to_owned());
    let listen = listen_text
        .parse::<SocketAddr>()
        .map_err(|_| ConfigError::BadListen(listen_text.clone()))?;
    let upstream = Upstream::parse(raw.upstream.as_deref().unwrap_or(DEFAULT_UPSTREAM))?;
    let allow_origins = raw
        .origins
        .iter()
        .map(|o| Origin::parse(o))
        .collect::<Result<Vec<_>, _>>()?;
    let timeout = match raw.timeout {
        None => Duration::from_secs(DEFAULT_TIMEOUT_SECS),
        Some(text) => match text.trim().parse::<u64>() {
            Ok(n) if (1..=300).contains(&n) => Duration::from_secs(n),
            _ => return Err(ConfigError::BadTimeout(text)),
        },
    };
    Ok(Config {
        listen,
        upstream,
        allow_origins,
        timeout,
        header_timeout: HEADER_TIMEOUT,
        body_timeout: BODY_TIMEOUT,
        max_connections: MAX_CONNECTIONS,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn run(cmd: Result<Command, ConfigError>) -> Config {
        match cmd {
            Ok(Command::Run(c)) => c,
            other => panic!("expected a config, got {other:?}"),
        }
    }

    #[test]
    fn defaults() {
        let c = run(parse(args(&[]), no_env));
        assert_eq!(c.listen.to_string(), "127.0.0.1:8788");
        assert_eq!(c.upstream.as_str(), "https://github.com");
        assert!(c.allow_origins.is_empty());
        assert_eq!(c.timeout, Duration::from_secs(10));
    }

    #[test]
    fn flags_win_over_env() {
        let env = |k: &str| match k {
            "RELAY_LISTEN" => Some("0.0.0.0:9000".to_owned()),
            "RELAY_ALLOW_ORIGINS" => Some("https://a.example, https://b.example".to_owned()),
            "RELAY_UPSTREAM" => Some("http://127.0.0.1:1/".to_owned()),
            _ => None,
        };
        let c = run(parse(
            args(&["--listen=127.0.0.1:0", "--timeout-secs", "3"]),
            env,
        ));
        assert_eq!(c.listen.to_string(), "127.0.0.1:0");
        assert_eq!(c.upstream.as_str(), "http://127.0.0.1:1");
        assert!(c.allows("https://b.example"));
        assert!(!c.allows("https://c.example"));
        assert_eq!(c.timeout, Duration::from_secs(3));

        let c = run(parse(args(&["--allow-origin", "https://x.example"]), env));
        assert!(c.allows("https://x.example"));
        assert!(!c.allows("https://a.example"));
    }

    #[test]
    fn rejects_bad_values() {
        assert!(matches!(
            parse(args(&["--allow-origin", "https://x.example/path"]), no_env),
            Err(ConfigError::BadOrigin(_))
        ));
        assert!(matches!(
            parse(args(&["--upstream", "ftp://github.com"]), no_env),
            Err(ConfigError::BadUpstream(_))
        ));
        assert!(matches!(
            parse(args(&["--timeout-secs", "0"]), no_env),
            Err(ConfigError::BadTimeout(_))
        ));
        assert!(matches!(
            parse(args(&["--listen"]), no_env),
            Err(ConfigError::Args(m)) if m.contains("--listen")
        ));
        assert!(matches!(
            parse(args(&["--bogus"]), no_env),
            Err(ConfigError::Args(m)) if m.contains("--bogus")
        ));
        assert!(matches!(parse(args(&["-h"]), no_env), Ok(Command::Help)));
        assert!(matches!(
            parse(args(&["--help"]), no_env),
            Ok(Command::Help)
        ));
    }

    #[test]
    fn repeated_origins_and_inline_values() {
        let c = run(parse(
            args(&[
                "--allow-origin=https://a.example",
                "--allow-origin",
                "https://b.example",
            ]),
            no_env,
        ));
        assert!(c.allows("https://a.example") && c.allows("https://b.example"));
    }

    #[test]
    fn help_is_the_documented_text() {
        let rendered = cli().render_help().to_string();
        assert_eq!(rendered.trim_end(), HELP.trim_end());
    }
}
