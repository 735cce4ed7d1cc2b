//! Relay configuration from command-line flags and environment variables.
//!
//! Flags (read with clap) win over environment variables, which win over the
//! defaults. Parsing is a pure function of the arguments and an environment
//! lookup so it can be tested without touching the process environment.

use std::fmt;
use std::net::SocketAddr;
use std::time::Duration;

use axum::http::HeaderName;

use crate::limits::{Policy, MAX_TRACKED};

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
/// How long one connection may live, whatever it is doing; it is closed
/// after it. Each connection carries one request, and a request needs at
/// most the header, body and upstream timeouts (30 s by default).
pub const CONNECTION_LIFETIME: Duration = Duration::from_secs(35);
/// Over-limit connections given a moment to send their request, so that
/// their refusal can carry CORS; beyond them a refusal is written at once.
pub const REFUSAL_SLOTS: usize = 64;
/// Connections one client address may have open when nothing else is
/// configured.
pub const DEFAULT_MAX_CONNECTIONS_PER_ADDRESS: u64 = 8;
/// Seconds between device-code requests per address (after a short burst).
pub const DEFAULT_CODE_INTERVAL_SECS: u64 = 10;
/// Seconds between polls of one sign-in: GitHub's device-flow default.
pub const DEFAULT_POLL_INTERVAL_SECS: u64 = 5;
/// Sign-ins one address may poll at a time (each counts until it has not
/// been polled for 15 minutes).
pub const DEFAULT_SIGN_INS_PER_ADDRESS: u64 = 5;

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
    --allow-client-id ID   An OAuth App client id the relay forwards for
                           (repeatable; env RELAY_ALLOW_CLIENT_IDS as a
                           comma-separated list) [default: any client id]
    --max-connections-per-address N
                           Connections one client address may have open at
                           once (env RELAY_MAX_CONNECTIONS_PER_ADDRESS)
                           [default: 8; 1-256]
    --code-interval-secs N Seconds between device-code requests from one
                           address, after a burst of 3
                           (env RELAY_CODE_INTERVAL_SECS) [default: 10; 0 = off]
    --poll-interval-secs N Seconds between polls of one sign-in; faster polls
                           get slow_down (env RELAY_POLL_INTERVAL_SECS)
                           [default: 5; 0 = off]
    --sign-ins-per-address N
                           Sign-ins one address may poll at a time; one
                           counts until unpolled for 15 minutes
                           (env RELAY_SIGN_INS_PER_ADDRESS) [default: 5]
    --client-address-header NAME
                           Behind a reverse proxy: the header in which it
                           puts the client's address, e.g. X-Forwarded-For
                           (the last address in it counts); only when the
                           relay cannot be reached but through that proxy
                           (env RELAY_CLIENT_ADDRESS_HEADER) [default: none,
                           the connection's own address counts]
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
    /// How long one connection may live before it is closed.
    pub connection_lifetime: Duration,
    /// Over-limit connections answered with a readable (CORS) refusal at
    /// once; more are answered without reading their request.
    pub refusal_slots: usize,
    /// OAuth App client ids forwarded; empty forwards any.
    pub allow_client_ids: Vec<ClientId>,
    /// The fairness limits between client addresses.
    pub policy: Policy,
    /// The header a trusted reverse proxy puts the client's address in;
    /// `None` counts the connection's own address.
    pub client_address_header: Option<HeaderName>,
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
            connection_lifetime: CONNECTION_LIFETIME,
            refusal_slots: REFUSAL_SLOTS,
            allow_client_ids: Vec::new(),
            policy: default_policy(),
            client_address_header: None,
        }
    }

    /// Whether `origin` is on the allow-list (exact match).
    pub fn allows(&self, origin: &str) -> bool {
        self.allow_origins.iter().any(|o| o.as_str() == origin)
    }

    /// Whether requests for `client_id` are forwarded: any when no client id
    /// is configured, else exactly the listed ones.
    pub fn allows_client_id(&self, client_id: Option<&str>) -> bool {
        self.allow_client_ids.is_empty()
            || client_id.is_some_and(|id| self.allow_client_ids.iter().any(|c| c.as_str() == id))
    }
}

/// The limits when nothing is configured.
fn default_policy() -> Policy {
    Policy {
        max_connections_per_address: DEFAULT_MAX_CONNECTIONS_PER_ADDRESS as usize,
        code_interval: Duration::from_secs(DEFAULT_CODE_INTERVAL_SECS),
        poll_interval: Duration::from_secs(DEFAULT_POLL_INTERVAL_SECS),
        sign_ins_per_address: DEFAULT_SIGN_INS_PER_ADDRESS as usize,
        max_tracked: MAX_TRACKED,
    }
}

/// An OAuth App's client id, e.g. `Iv1.0123456789abcdef` or `Ov23li…`:
/// letters, digits, `.`, `_` and `-`, at most 64 of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientId(String);

impl ClientId {
    pub fn parse(text: &str) -> Result<Self, ConfigError> {
        let text = text.trim();
        let valid = !text.is_empty()
            && text.len() <= 64
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'));
        if valid {
            Ok(ClientId(text.to_owned()))
        } else {
            Err(ConfigError::BadClientId(text.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// What the command line asks for.
#[derive(Debug, Clone)]
pub enum Command {
    Run(Box<Config>),
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
    BadClientId(String),
    BadHeaderName(String),
    /// A numeric limit outside its range: the flag, the value, the range.
    BadLimit(&'static str, String, u64, u64),
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
            ConfigError::BadHeaderName(v) => {
                write!(f, "{v:?} is not a header name, e.g. X-Forwarded-For")
            }
            ConfigError::BadClientId(v) => write!(
                f,
                "client id {v:?} must be an OAuth App client id: letters, digits, '.', '_' or '-'"
            ),
            ConfigError::BadLimit(flag, v, min, max) => write!(
                f,
                "--{flag} {v:?} must be a whole number from {min} to {max}"
            ),
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
    client_ids: Vec<String>,
    max_per_address: Option<String>,
    code_interval: Option<String>,
    poll_interval: Option<String>,
    sign_ins: Option<String>,
    address_header: Option<String>,
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
        .arg(value("allow-client-id", "ID").action(ArgAction::Append))
        .arg(value("max-connections-per-address", "N"))
        .arg(value("code-interval-secs", "N"))
        .arg(value("poll-interval-secs", "N"))
        .arg(value("sign-ins-per-address", "N"))
        .arg(value("client-address-header", "NAME"))
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
    let many = |name: &str| {
        matches
            .get_many::<String>(name)
            .map(|v| v.cloned().collect())
            .unwrap_or_default()
    };
    let mut raw = Raw {
        listen: one("listen"),
        upstream: one("upstream"),
        origins: many("allow-origin"),
        timeout: one("timeout-secs"),
        client_ids: many("allow-client-id"),
        max_per_address: one("max-connections-per-address"),
        code_interval: one("code-interval-secs"),
        poll_interval: one("poll-interval-secs"),
        sign_ins: one("sign-ins-per-address"),
        address_header: one("client-address-header"),
    };
    fill_from_env(&mut raw, &env);
    validate(raw).map(|c| Command::Run(Box::new(c)))
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
    let fill = |slot: &mut Option<String>, name: &str| {
        if slot.is_none() {
            *slot = env(name);
        }
    };
    fill(
        &mut raw.max_per_address,
        "RELAY_MAX_CONNECTIONS_PER_ADDRESS",
    );
    fill(&mut raw.code_interval, "RELAY_CODE_INTERVAL_SECS");
    fill(&mut raw.poll_interval, "RELAY_POLL_INTERVAL_SECS");
    fill(&mut raw.sign_ins, "RELAY_SIGN_INS_PER_ADDRESS");
    fill(&mut raw.address_header, "RELAY_CLIENT_ADDRESS_HEADER");
    let list = |slot: &mut Vec<String>, name: &str| {
        if slot.is_empty() {
            if let Some(list) = env(name) {
                *slot = list
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
            }
        }
    };
    list(&mut raw.origins, "RELAY_ALLOW_ORIGINS");
    list(&mut raw.client_ids, "RELAY_ALLOW_CLIENT_IDS");
}

/// A whole number for `flag` within `min..=max`, or `default` when unset.
fn number(
    flag: &'static str,
    text: Option<String>,
    default: u64,
    (min, max): (u64, u64),
) -> Result<u64, ConfigError> {
    match text {
        None => Ok(default),
        Some(text) => match text.trim().parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => Ok(n),
            _ => Err(ConfigError::BadLimit(flag, text, min, max)),
        },
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
    let allow_client_ids = raw
        .client_ids
        .iter()
        .map(|c| ClientId::parse(c))
        .collect::<Result<Vec<_>, _>>()?;
    let client_address_header = raw
        .address_header
        .map(|name| {
            HeaderName::from_bytes(name.trim().as_bytes())
                .map_err(|_| ConfigError::BadHeaderName(name.clone()))
        })
        .transpose()?;
    let policy = Policy {
        max_connections_per_address: number(
            "max-connections-per-address",
            raw.max_per_address,
            DEFAULT_MAX_CONNECTIONS_PER_ADDRESS,
            (1, MAX_CONNECTIONS as u64),
        )? as usize,
        code_interval: Duration::from_secs(number(
            "code-interval-secs",
            raw.code_interval,
            DEFAULT_CODE_INTERVAL_SECS,
            (0, 3600),
        )?),
        poll_interval: Duration::from_secs(number(
            "poll-interval-secs",
            raw.poll_interval,
            DEFAULT_POLL_INTERVAL_SECS,
            (0, 60),
        )?),
        sign_ins_per_address: number(
            "sign-ins-per-address",
            raw.sign_ins,
            DEFAULT_SIGN_INS_PER_ADDRESS,
            (1, 10_000),
        )? as usize,
        max_tracked: MAX_TRACKED,
    };
    Ok(Config {
        listen,
        upstream,
        allow_origins,
        timeout,
        header_timeout: HEADER_TIMEOUT,
        body_timeout: BODY_TIMEOUT,
        max_connections: MAX_CONNECTIONS,
        connection_lifetime: CONNECTION_LIFETIME,
        refusal_slots: REFUSAL_SLOTS,
        allow_client_ids,
        policy,
        client_address_header,
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
            Ok(Command::Run(c)) => *c,
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
    fn limits_have_defaults_flags_and_env() {
        let c = run(parse(args(&[]), no_env));
        assert_eq!(c.policy.max_connections_per_address, 8);
        assert_eq!(c.policy.code_interval, Duration::from_secs(10));
        assert_eq!(c.policy.poll_interval, Duration::from_secs(5));
        assert_eq!(c.policy.sign_ins_per_address, 5);
        assert_eq!(c.connection_lifetime, Duration::from_secs(35));

        let env = |k: &str| match k {
            "RELAY_MAX_CONNECTIONS_PER_ADDRESS" => Some("3".to_owned()),
            "RELAY_CODE_INTERVAL_SECS" => Some("0".to_owned()),
            "RELAY_POLL_INTERVAL_SECS" => Some("7".to_owned()),
            "RELAY_SIGN_INS_PER_ADDRESS" => Some("9".to_owned()),
            _ => None,
        };
        let c = run(parse(args(&["--poll-interval-secs", "1"]), env));
        assert_eq!(c.policy.max_connections_per_address, 3);
        assert_eq!(c.policy.code_interval, Duration::ZERO);
        assert_eq!(c.policy.poll_interval, Duration::from_secs(1));
        assert_eq!(c.policy.sign_ins_per_address, 9);

        for bad in [
            ["--max-connections-per-address", "0"],
            ["--max-connections-per-address", "257"],
            ["--poll-interval-secs", "61"],
            ["--code-interval-secs", "x"],
            ["--sign-ins-per-address", "0"],
        ] {
            assert!(
                matches!(parse(args(&bad), no_env), Err(ConfigError::BadLimit(f, _, _, _)) if bad[0].ends_with(f)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn client_address_header_from_flag_or_env() {
        assert_eq!(run(parse(args(&[]), no_env)).client_address_header, None);
        let c = run(parse(
            args(&["--client-address-header", "X-Forwarded-For"]),
            no_env,
        ));
        assert_eq!(
            c.client_address_header.as_ref().map(HeaderName::as_str),
            Some("x-forwarded-for")
        );
        let env =
            |k: &str| (k == "RELAY_CLIENT_ADDRESS_HEADER").then(|| "Fly-Client-IP".to_owned());
        let c = run(parse(args(&[]), env));
        assert_eq!(
            c.client_address_header.as_ref().map(HeaderName::as_str),
            Some("fly-client-ip")
        );
        assert!(matches!(
            parse(args(&["--client-address-header", "not a header"]), no_env),
            Err(ConfigError::BadHeaderName(_))
        ));
    }

    #[test]
    fn client_ids_from_flags_or_env() {
        let c = run(parse(args(&[]), no_env));
        assert!(c.allows_client_id(Some("anything")));
        assert!(c.allows_client_id(None), "unset: today's behaviour");

        let env = |k: &str| (k == "RELAY_ALLOW_CLIENT_IDS").then(|| "Iv1.aaa, Ov23bbb".to_owned());
        let c = run(parse(args(&[]), env));
        assert!(c.allows_client_id(Some("Iv1.aaa")));
        assert!(c.allows_client_id(Some("Ov23bbb")));
        assert!(!c.allows_client_id(Some("Iv1.aa")));
        assert!(!c.allows_client_id(None));

        let c = run(parse(
            args(&["--allow-client-id", "one", "--allow-client-id=two"]),
            env,
        ));
        assert!(c.allows_client_id(Some("two")));
        assert!(!c.allows_client_id(Some("Iv1.aaa")), "flags win over env");

        assert!(matches!(
            parse(args(&["--allow-client-id", "a b"]), no_env),
            Err(ConfigError::BadClientId(_))
        ));
    }

    #[test]
    fn help_is_the_documented_text() {
        let rendered = cli().render_help().to_string();
        assert_eq!(rendered.trim_end(), HELP.trim_end());
    }
}
