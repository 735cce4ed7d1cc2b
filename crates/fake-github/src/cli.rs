//! The binary's command line (read with clap): where to listen, which
//! scenario, how much latency. `--help` prints [`HELP`] exactly.

use std::net::SocketAddr;
use std::time::Duration;

use crate::scenario::{Scenario, ScenarioError};

/// Help text for the binary.
pub const HELP: &str = "\
fake-github: a fake of the GitHub endpoints ghcr-setup uses, for tests and the offline demo.

USAGE:
    fake-github [OPTIONS]

OPTIONS:
    --listen ADDR       Address to listen on [default: 127.0.0.1:0, a free port]
    --scenario FILE     Scenario JSON [default: the built-in demo]
    --latency-ms N      Delay added to every GitHub request [default: 0]
    -h, --help          Print this help

Control API (CORS *): POST/GET/DELETE /_fake/faults, GET/DELETE /_fake/log,
POST /_fake/reset, POST /_fake/approve {user_code}, POST /_fake/deny {user_code},
GET /_fake/pending. The device page is GET /login/device.
";

/// How to run the fake.
#[derive(Debug, Clone)]
pub struct Options {
    pub listen: SocketAddr,
    pub scenario: Scenario,
    pub latency: Duration,
}

impl Options {
    /// The demo scenario on a free loopback port.
    pub fn demo() -> Result<Self, ScenarioError> {
        Ok(Options::with(Scenario::demo()?))
    }

    /// `scenario` on a free loopback port, no latency.
    pub fn with(scenario: Scenario) -> Self {
        Options {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            scenario,
            latency: Duration::ZERO,
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
pub enum Command {
    Run(Box<Options>),
    Help,
}

/// A command-line problem.
#[derive(Debug)]
pub enum ArgError {
    /// Unknown flag, missing or malformed value, as clap words it.
    Args(String),
    Scenario(ScenarioError),
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::Args(message) => write!(f, "{message}"),
            ArgError::Scenario(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ArgError {}

/// The flags, for clap.
fn cli() -> clap::Command {
    use clap::{value_parser, Arg};
    clap::Command::new("fake-github")
        .override_help(HELP)
        .arg(
            Arg::new("listen")
                .long("listen")
                .value_name("ADDR")
                .value_parser(value_parser!(SocketAddr))
                .default_value("127.0.0.1:0"),
        )
        .arg(Arg::new("scenario").long("scenario").value_name("FILE"))
        .arg(
            Arg::new("latency-ms")
                .long("latency-ms")
                .value_name("N")
                .value_parser(value_parser!(u64))
                .default_value("0"),
        )
}

/// Parses the binary's flags (without the program name) and loads the scenario.
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, ArgError> {
    let argv = std::iter::once("fake-github".to_owned()).chain(args);
    let matches = match cli().try_get_matches_from(argv) {
        Ok(m) => m,
        Err(e) if e.kind() == clap::error::ErrorKind::DisplayHelp => return Ok(Command::Help),
        Err(e) => {
            let text = e.render().to_string();
            let text = text.trim();
            return Err(ArgError::Args(
                text.strip_prefix("error: ").unwrap_or(text).to_owned(),
            ));
        }
    };
    let listen = matches
        .get_one::<SocketAddr>("listen")
        .copied()
        .unwrap_or_else(|| SocketAddr::from(([127, 0, 0, 1], 0)));
    let latency = Duration::from_millis(matches.get_one::<u64>("latency-ms").copied().unwrap_or(0));
    let scenario = match matches.get_one::<String>("scenario") {
        Some(path) => Scenario::from_file(path),
        None => Scenario::demo(),
    }
    .map_err(ArgError::Scenario)?;
    Ok(Command::Run(Box::new(Options {
        listen,
        scenario,
        latency,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn help_is_the_documented_text() {
        let rendered = cli().render_help().to_string();
        assert_eq!(rendered.trim_end(), HELP.trim_end());
    }
}
