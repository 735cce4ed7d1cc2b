//! The ghcr-setup web app: a thin Leptos shell around `ghcr-setup-core`.
//!
//! The core decides (names, workflows, findings, sign-in state, API errors);
//! this crate renders, routes, and performs browser I/O. Components live in
//! `components/`, one page per file in `pages/`.

pub mod app;
pub mod browser;
pub mod components;
pub mod compress;
pub mod config;
pub mod driver;
pub mod lazy;
pub mod net;
pub mod pages;
pub mod pins;
pub mod route;
