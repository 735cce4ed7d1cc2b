//! Pure domain logic of ghcr-setup.
//!
//! Nothing in this crate touches the network, the browser or the clock: the
//! web app and the CLI are thin shells that feed it values and show what it
//! returns. See ARCHITECTURE.md for the invariants this crate keeps.

pub mod actions;
pub mod analyze;
pub mod api;
pub mod check;
pub mod device_flow;
pub mod encoding;
pub mod engine;
pub mod http;
pub mod local_push;
pub mod names;
pub mod remember;
pub mod seal;
pub mod share;
pub mod time;
pub mod token;
pub mod url;
pub mod workflow;
