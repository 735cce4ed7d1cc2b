//! `fake-github`: runs the fake GitHub on loopback for tests and the demo.
//!
//! Flags: `--listen ADDR` (default 127.0.0.1:0), `--scenario FILE` (default
//! the built-in demo), `--latency-ms N`. Prints the address it listens on.

use std::process::ExitCode;

use fake_github::{parse_args, start, Command, HELP};

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let options = match parse_args(std::env::args().skip(1)) {
        Ok(Command::Help) => {
            print!("{HELP}");
            return ExitCode::SUCCESS;
        }
        Ok(Command::Run(options)) => options,
        Err(e) => {
            eprintln!("fake-github: {e}");
            return ExitCode::from(2);
        }
    };
    let server = match start(*options).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("fake-github: {e}");
            return ExitCode::FAILURE;
        }
    };
    println!("fake-github listening on {}", server.url());
    tokio::select! {
        result = server.wait() => match result {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => {
                eprintln!("fake-github: {e}");
                ExitCode::FAILURE
            }
        },
        _ = tokio::signal::ctrl_c() => ExitCode::SUCCESS,
    }
}
