//! Relay configuration from command-line flags and environment variables.
//!
//! Flags win over environment variables, which win over the defaults. Parsing
//! is a pure function of the arguments and an environment lookup so it can be
//! tested without touching the process environment.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

/// Address the relay listens on when nothing else is configured.
pub const DEFAULT_LISTEN: &str = "127.0.0.1:8788";
/// Where requests are forwarded when nothing else is configured.
pub const DEFAULT_UPSTREAM: &str = "https://github.com";
/// Upstream timeout when nothing else is configured.
pub const DEFAULT_TIMEOUT_SECS: u64 = 10;

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
    pub timeout: Duration,
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
    UnknownFlag(String),
    MissingValue(String),
    BadListen(String),
    BadUpstream(String),
    BadOrigin(String),
    BadTimeout(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::UnknownFlag(flag) => write!(f, "unknown option {flag} (see --help)"),
            ConfigError::MissingValue(flag) => write!(f, "option {flag} needs a value"),
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

/// Parses flags (without the program name) with `env` as the fallback.
pub fn parse<I, E>(args: I, env: E) -> Result<Command, ConfigError>
where
    I: IntoIterator<Item = String>,
    E: Fn(&str) -> Option<String>,
{
    let mut raw = Raw::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_owned(), Some(v.to_owned())),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            return Ok(Command::Help);
        }
        let mut value = || {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or_else(|| ConfigError::MissingValue(flag.clone()))
        };
        match flag.as_str() {
            "--listen" => raw.listen = Some(value()?),
            "--upstream" => raw.upstream = Some(value()?),
            "--allow-origin" => raw.origins.push(value()?),
            "--timeout-secs" => raw.timeout = Some(value()?),
            _ => return Err(ConfigError::UnknownFlag(arg)),
        }
    }
    fill_from_env(&mut raw, &env);
    validate(raw).map(Command::Run)
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
            Err(ConfigError::MissingValue(_))
        ));
        assert!(matches!(
            parse(args(&["--bogus"]), no_env),
            Err(ConfigError::UnknownFlag(_))
        ));
        assert!(matches!(parse(args(&["-h"]), no_env), Ok(Command::Help)));
    }
}
