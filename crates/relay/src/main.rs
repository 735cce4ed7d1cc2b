//! `ghcr-setup-relay`: command-line entry point of the device-flow CORS relay.
//!
//! Reads flags and environment variables (see `--help`), prints the address it
//! listens on and serves until interrupted.

use std::process::ExitCode;

use ghcr_setup_relay::{config, start, stderr_log, Command};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let parsed = config::parse(std::env::args().skip(1), |k| std::env::var(k).ok());
    let config = match parsed {
        Ok(Command::Help) => {
            print!("{}", config::HELP);
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(config)) => *config,
        Err(e) => {
            eprintln!("ghcr-setup-relay: {e}");
            return ExitCode::from(2);
        }
    };
    if config.allow_origins.is_empty() {
        eprintln!(
            "warning: no --allow-origin given; every browser request will be refused with 403"
        );
    }
    let upstream = config.upstream.as_str().to_owned();
    let server = match start(config, stderr_log()).await {
        Ok(server) => server,
        Err(e) => {
            eprintln!("ghcr-setup-relay: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("relay listening on {}", server.url());
    eprintln!("forwarding to {upstream}");
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("ghcr-setup-relay: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
