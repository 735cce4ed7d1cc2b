//! The live setup checklist, as a sans-IO engine.
//!
//! A [`Run`] decides which facts to read from GitHub ([`plan`]), sends the
//! requests through the shared [`crate::engine::Scheduler`] (concurrency,
//! retries, ETags, rate limits), records each answer as a typed fact
//! ([`facts`]) and judges every [`checks::Check`] in the registry on demand.
//! The shells — the web page and the CLI — only move bytes: they send what
//! the run hands out and give back what came in.
//!
//! Every check says pass, warning, fail, confirm (the API cannot tell),
//! unknown (and why: a missing scope, no admin rights, SSO, an OAuth App
//! restriction, a token kind, an API error) or not applicable, with the
//! evidence it read, why it matters and how to fix it.

pub mod checks;
pub mod context;
pub mod facts;
pub mod fix;
pub mod plan;
pub mod policy;
mod run;
pub mod runner_versions;
mod suggest;
pub mod verdict;
mod view;
pub mod why;

pub use checks::{Check, Cx, Item, Meta, CHECKS};
pub use context::{Identity, Target, WorkflowPick};
pub use facts::{FactKey, FactKind, Facts, Got, Slot, Stop};
pub use run::{Key, Run};
pub use suggest::{suggested_options, Suggestion};
pub use verdict::{Evidence, Fix, Group, Link, Status, Verdict, Why};
pub use view::{CheckView, Unreachable};
