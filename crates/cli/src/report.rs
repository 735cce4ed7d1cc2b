//! What a finished checklist run found, gathered once for both outputs (text
//! and JSON), and the exit-code rule.
//!
//! Exit codes of `check`: 0 when every item is pass, warning, confirm,
//! unknown or not applicable; 1 when any item fails; 2 when the check could
//! not be made at all: GitHub was unreachable (both `GET /user` and
//! `GET /repos/OWNER/REPO` ended in a connection error or a timeout, after the
//! core's retries: see [`Unreachable::of`]) or an item never finished.

use ghcr_setup_core::api::{ApiError, RateLimit};
use ghcr_setup_core::check::context::{image_for, pick_workflow, shown_image, WorkflowPick};
use ghcr_setup_core::check::{FactKey, Group, Item, Run, Slot, Status};

/// Everything the outputs show.
#[derive(Debug, Clone)]
pub struct Report {
    pub repo: String,
    /// The image the checks looked for: the one given, else the one found.
    pub image: Option<String>,
    /// Whether `image` came from `--image`.
    pub image_given: bool,
    pub api_base: String,
    /// When the run finished, in Unix milliseconds.
    pub checked_at: u64,
    /// Every check, in the registry's order.
    pub items: Vec<Item>,
    pub rate_limit: Option<RateLimit>,
}

impl Report {
    /// Reads a run that has finished.
    pub fn of(run: &Run, api_base: &str, now_ms: u64) -> Report {
        let target = run.target();
        let summary = match pick_workflow(run.facts()) {
            WorkflowPick::Found(doc) => doc.summary.as_ref().ok(),
            _ => None,
        };
        Report {
            repo: target.repo.to_string(),
            image: image_for(target, summary).map(|i| shown_image(&i)),
            image_given: target.image.is_some(),
            api_base: api_base.to_string(),
            checked_at: run.finished_ms().unwrap_or(now_ms),
            items: run.items(now_ms),
            rate_limit: run.rate_limit().cloned(),
        }
    }

    /// The items of `group`, in the registry's order.
    pub fn group(&self, group: Group) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.meta.group == group)
    }

    /// How many items have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.items
            .iter()
            .filter(|i| i.verdict.status == status)
            .count()
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

/// GitHub could not be reached at all, so nothing was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreachable {
    /// What the HTTP client said about `GET /user` (no header, no token).
    pub detail: String,
}

impl Unreachable {
    /// The rule: both the signed-in user (`GET /user`) and the repository
    /// (`GET /repos/OWNER/REPO`) ended in a connection error or a timeout
    /// after the core's retries. Any answer from GitHub, even an error
    /// status, means it was reached, and the items tell the rest.
    pub fn of(run: &Run) -> Option<Unreachable> {
        let cut_off = |key: &FactKey| match run.facts().slot(key) {
            Some(Slot::Failed {
                error: ApiError::Network(detail),
                ..
            }) => Some(detail.clone()),
            Some(Slot::Failed {
                error: ApiError::Timeout,
                ..
            }) => Some(format!(
                "no answer within {} seconds",
                crate::http::TIMEOUT.as_secs()
            )),
            _ => None,
        };
        let user = cut_off(&FactKey::User)?;
        cut_off(&FactKey::Repo)?;
        Some(Unreachable { detail: user })
    }
}
