//! What a finished checklist run found, for both outputs (text and JSON):
//! the core's [`CheckView`] plus the API base it was read from, and the
//! exit-code rule.
//!
//! Exit codes of `check`: 0 when every item is pass, warning, confirm,
//! unknown or not applicable; 1 when any item fails; 2 when the check could
//! not be made at all: GitHub was unreachable (see
//! [`ghcr_setup_core::check::Unreachable::of`]) or an item never finished.

use ghcr_setup_core::check::{CheckView, Group, Item, Run, Status};

/// Everything the outputs show.
#[derive(Debug, Clone)]
pub struct Report {
    pub repo: String,
    pub api_base: String,
    /// The run as of when it finished.
    pub view: CheckView,
}

impl Report {
    /// Reads a run that has finished.
    pub fn of(run: &Run, api_base: &str, now_ms: u64) -> Report {
        Report {
            repo: run.target().repo.to_string(),
            api_base: api_base.to_string(),
            view: run.view(now_ms),
        }
    }

    /// When the run finished, in Unix milliseconds.
    pub fn checked_at(&self) -> u64 {
        self.view.finished_ms.unwrap_or(self.view.started_ms)
    }

    /// The items of `group`, in the registry's order.
    pub fn group(&self, group: Group) -> impl Iterator<Item = &Item> {
        self.view.group(group)
    }

    /// How many items have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.view.count(status)
    }

    /// The exit code (see the module docs): 1 on any failure, 2 if an item
    /// never finished, else 0.
    pub fn exit_code(&self) -> u8 {
        if self.count(Status::Pending) > 0 {
            2
        } else if self.count(Status::Fail) > 0 {
            1
        } else {
            0
        }
    }
}
