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
pub mod cli;
pub mod clock;
pub mod control;
pub mod device;
pub mod layers;
pub mod scenario;
pub mod shapes;
pub mod state;

use std::net::SocketAddr;

use axum::http::StatusCode;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::Router;

pub use cli::{parse_args, ArgError, Command, Options, HELP};
pub use scenario::{Scenario, ScenarioError};
pub use state::App;

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
        .layer(from_fn_with_state(app.clone(), layers::moved_layer))
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
    running: server_kit::Running,
    app: App,
}

impl Server {
    /// The bound address (real port when 0 was asked for).
    pub fn addr(&self) -> SocketAddr {
        self.running.addr()
    }

    /// `http://ADDR`.
    pub fn url(&self) -> String {
        self.running.url()
    }

    /// The live state (tests may inspect it).
    pub fn app(&self) -> &App {
        &self.app
    }

    /// Waits until the server stops.
    pub async fn wait(self) -> std::io::Result<()> {
        self.running.wait().await
    }
}

/// Binds and serves the fake in a background task.
pub async fn start(options: Options) -> Result<Server, StartError> {
    let (listener, addr) = server_kit::bind(options.listen)
        .await
        .map_err(|e| StartError(options.listen, e))?;
    let app = App::new(options.scenario, format!("http://{addr}"), options.latency);
    let service = router(app.clone());
    let running =
        server_kit::Running::spawn(addr, async move { axum::serve(listener, service).await });
    Ok(Server { running, app })
}
