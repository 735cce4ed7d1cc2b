//! One file per page of the app.

pub mod analyze;
pub mod check;
pub mod generate;
pub mod home;
pub mod not_found;
pub mod share;
pub mod signin;
