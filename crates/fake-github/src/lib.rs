//! A faithful fake of the parts of GitHub that ghcr-setup talks to, served on
//! loopback for tests and the offline demo.
//!
//! - github.com's device flow (`/login/device/code`,
//!   `/login/oauth/access_token`, the `/login/device` page) — no CORS, as on
//!   GitHub, so a browser needs the relay;
//! - api.github.com's REST endpoints listed by [`routes`] at the root, with
//!   scopes, roles, rate-limit headers, ETags and CORS `*`;
//! - a control API under `/_fake/` (faults, log, reset, approve/deny).
//!
//! State comes from a [`Scenario`] and lives in memory.

#![recursion_limit = "256"]

pub mod api;
pub mod clock;
pub mod control;
pub mod device;
pub mod layers;
pub mod scenario;
pub mod shapes;
pub mod state;

use std::net::SocketAddr;
use std::time::Duration;

use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;
use tokio::task::JoinHandle;

pub use scenario::{Scenario, ScenarioError};
pub use state::App;

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
    Unknown(String),
    MissingValue(String),
    BadValue(String, String),
    Scenario(ScenarioError),
}

impl std::fmt::Display for ArgError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ArgError::Unknown(a) => write!(f, "unknown option {a} (see --help)"),
            ArgError::MissingValue(a) => write!(f, "option {a} needs a value"),
            ArgError::BadValue(a, v) => write!(f, "option {a}: {v:?} is not valid"),
            ArgError::Scenario(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for ArgError {}

/// Parses the binary's flags (without the program name).
pub fn parse_args<I: IntoIterator<Item = String>>(args: I) -> Result<Command, ArgError> {
    let mut listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let mut scenario_file: Option<String> = None;
    let mut latency = Duration::ZERO;
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
                .ok_or_else(|| ArgError::MissingValue(flag.clone()))
        };
        match flag.as_str() {
            "--listen" => {
                let v = value()?;
                listen = v.parse().map_err(|_| ArgError::BadValue(flag.clone(), v))?;
            }
            "--scenario" => scenario_file = Some(value()?),
            "--latency-ms" => {
                let v = value()?;
                let ms: u64 = v.parse().map_err(|_| ArgError::BadValue(flag.clone(), v))?;
                latency = Duration::from_millis(ms);
            }
            _ => return Err(ArgError::Unknown(arg)),
        }
    }
    let scenario = match scenario_file {
        Some(path) => Scenario::from_file(&path),
        None => Scenario::demo(),
    }
    .map_err(ArgError::Scenario)?;
    Ok(Command::Run(Box::new(Options {
        listen,
        scenario,
        latency,
    })))
}

/// Every REST route the fake serves, as (METHOD, OpenAPI path template).
/// Excludes `/login/…` and `/_fake/…`.
pub fn routes() -> Vec<(&'static str, &'static str)> {
    api::table()
        .into_iter()
        .map(|r| (r.method, r.template))
        .collect()
}

async fn not_found() -> impl IntoResponse {
    api::Reply::error(StatusCode::NOT_FOUND, "Not Found", "")
}

/// Builds the whole fake as a router over `app`'s state.
pub fn router(app: App) -> Router {
    let mut rest = Router::new();
    for route in api::table() {
        rest = rest.route(&route.axum_path(), route.handler);
    }
    let rest = rest
        .fallback(not_found)
        .layer(from_fn_with_state(app.clone(), layers::api_layer));
    let login = Router::new()
        .route("/login/device/code", post(device::device_code))
        .route("/login/oauth/access_token", post(device::access_token))
        .route(
            "/login/device",
            get(device::device_page).post(device::device_submit),
        );
    let control = Router::new()
        .route(
            "/_fake/faults",
            post(control::add_fault)
                .get(control::list_faults)
                .delete(control::clear_faults),
        )
        .route(
            "/_fake/log",
            get(control::get_log).delete(control::clear_log),
        )
        .route("/_fake/reset", post(control::reset))
        .route("/_fake/approve", post(control::approve))
        .route("/_fake/deny", post(control::deny))
        .route("/_fake/pending", get(control::pending));
    login
        .merge(control)
        .merge(rest)
        .with_state(app.clone())
        .layer(from_fn_with_state(app.clone(), layers::fault_layer))
        .layer(from_fn(layers::cors_layer))
        .layer(from_fn_with_state(app, layers::log_layer))
}

/// Why the fake could not start.
#[derive(Debug)]
pub struct StartError(SocketAddr, std::io::Error);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "could not listen on {}: {}", self.0, self.1)
    }
}

impl std::error::Error for StartError {}

/// A running fake; stops when dropped.
pub struct Server {
    addr: SocketAddr,
    app: App,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    /// The bound address (real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://ADDR`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The live state (tests may inspect it).
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Waits until the server stops.
    pub async fn wait(mut self) -> std::io::Result<()> {
        match self.task.take() {
            Some(task) => task.await.unwrap_or_else(|e| Err(std::io::Error::other(e))),
            None => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Binds and serves the fake in a background task.
pub async fn start(options: Options) -> Result<Server, StartError> {
    let listener = tokio::net::TcpListener::bind(options.listen)
        .await
        .map_err(|e| StartError(options.listen, e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| StartError(options.listen, e))?;
    let app = App::new(options.scenario, format!("http://{addr}"), options.latency);
    let service = router(app.clone());
    let task = tokio::spawn(async move { axum::serve(listener, service).await });
    Ok(Server {
        addr,
        app,
        task: Some(task),
    })
}
