//! Everything a shell shows of a checklist run, decided once per look.
//!
//! [`Run::view`] judges every check once and derives the rest from those
//! verdicts: the counts, the fix offers, the running or ended fix, the
//! generator options the repository suggests, the image, and whether GitHub
//! could be reached at all. The web page keeps one signal of it; the CLI's
//! report is it plus the API base. Every sentence a person reads about the
//! run as a whole (the status announcement, the fix announcement, "could not
//! reach") is made here, so both shells say the same.
//!
//! [`Run::snapshot`] makes the share snapshot of a finished run the same way
//! for both shells.

use crate::api::{ApiError, RateLimit};
use crate::share::{private_names, Snapshot};

use super::checks::{Cx, Item, CHECKS};
use super::context::{image_for, pick_workflow, shown_image, Target, WorkflowPick};
use super::facts::{FactKey, Facts, Slot};
use super::fix::{self, FixOffer, FixOutcome};
use super::run::Run;
use super::suggest::{suggested_options, Suggestion};
use super::verdict::{Group, Status, Verdict};

/// One look at a run (see the module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckView {
    /// Every check, in the registry's order.
    pub items: Vec<Item>,
    /// How many items have each status, in [`Status::ALL`]'s order, leaving
    /// out statuses no item has.
    pub counts: Vec<(Status, usize)>,
    /// When the run started (or was last re-checked), Unix milliseconds.
    pub started_ms: u64,
    /// When every fact was in, once it is.
    pub finished_ms: Option<u64>,
    /// The latest rate-limit figures GitHub sent.
    pub rate_limit: Option<RateLimit>,
    /// Answers served from the cache (`304`, free of rate limit).
    pub not_modified: u32,
    /// Until when (Unix milliseconds) the run is holding requests back
    /// because GitHub asked it to slow down; see [`CheckView::pause_sentence`].
    pub paused_until_ms: Option<u64>,
    /// The fixes offered for these verdicts.
    pub offers: Vec<FixOffer>,
    /// The check whose fix is running.
    pub running: Option<&'static str>,
    /// How the last fix ended.
    pub outcome: Option<FixOutcome>,
    /// Generator options read from the repository.
    pub suggestion: Suggestion,
    /// The image the checks look for (`ghcr.io/owner/name`): the one given,
    /// else the one the workflow publishes.
    pub image: Option<String>,
    /// Whether `image` was given rather than found.
    pub image_given: bool,
    /// Set when GitHub could not be reached at all.
    pub unreachable: Option<Unreachable>,
}

impl CheckView {
    /// The view before a run exists (not signed in yet): every check
    /// waiting, nothing read.
    pub fn before(target: &Target) -> CheckView {
        let items: Vec<Item> = CHECKS
            .iter()
            .map(|c| Item {
                meta: c.meta(),
                verdict: Verdict::pending(),
                waiting_for: c.meta().needs.to_vec(),
            })
            .collect();
        CheckView {
            counts: counts(&items),
            items,
            started_ms: 0,
            finished_ms: None,
            rate_limit: None,
            not_modified: 0,
            paused_until_ms: None,
            offers: Vec::new(),
            running: None,
            outcome: None,
            suggestion: suggested_options(&Facts::new(), target),
            image: target.image.as_ref().map(shown_image),
            image_given: target.image.is_some(),
            unreachable: None,
        }
    }

    /// How many items have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.counts
            .iter()
            .find(|(s, _)| *s == status)
            .map_or(0, |(_, n)| *n)
    }

    /// The items of `group`, in the registry's order.
    pub fn group(&self, group: Group) -> impl Iterator<Item = &Item> {
        self.items.iter().filter(move |i| i.meta.group == group)
    }

    /// The item of check `id`.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.meta.id == id)
    }

    /// The sentence a screen reader hears about the run. It stays the same
    /// while answers come in, so it is spoken once when the check starts and
    /// once when it ends, not once per item.
    pub fn announcement(&self) -> String {
        if self.count(Status::Pending) > 0 {
            return format!("Checking {} items…", self.items.len());
        }
        let parts: Vec<String> = self.counts.iter().map(|(s, n)| s.count(*n)).collect();
        format!("Check complete: {}.", parts.join(", "))
    }

    /// What the summary bar says while the run waits on GitHub's request to
    /// slow down (`None` when it does not): "Waiting for GitHub until 14:03
    /// (it asked us to slow down)". `local_time` writes a Unix time in
    /// milliseconds as the reader's clock time.
    pub fn pause_sentence(&self, local_time: impl Fn(u64) -> String) -> Option<String> {
        self.paused_until_ms.map(|at| {
            format!(
                "Waiting for GitHub until {} (it asked us to slow down)",
                local_time(at)
            )
        })
    }

    /// What the fix status region says: the change under way, then how it
    /// went. Failures are said in their row, so they are not repeated here.
    pub fn fix_announcement(&self) -> String {
        if let Some(check) = self.running {
            let title = CHECKS
                .iter()
                .map(|c| c.meta())
                .find(|m| m.id == check)
                .map_or("The fix", |m| m.title);
            return format!("{title}: changing it on GitHub…");
        }
        match &self.outcome {
            Some(o) if o.ok => o.message.replace('`', ""),
            _ => String::new(),
        }
    }
}

/// GitHub could not be reached at all, so nothing was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unreachable {
    /// The connection failed; what the HTTP client said.
    Network(String),
    /// No answer came in time.
    Timeout,
}

impl Unreachable {
    /// The rule: both the signed-in user (`GET /user`) and the repository
    /// (`GET /repos/OWNER/REPO`) ended in a connection error or a timeout
    /// after the engine's retries. Any answer from GitHub, even an error
    /// status, means it was reached, and the items tell the rest.
    pub fn of(facts: &Facts) -> Option<Unreachable> {
        let cut_off = |key: &FactKey| match facts.slot(key) {
            Some(Slot::Failed {
                error: ApiError::Network(detail),
                ..
            }) => Some(Unreachable::Network(detail.clone())),
            Some(Slot::Failed {
                error: ApiError::Timeout,
                ..
            }) => Some(Unreachable::Timeout),
            _ => None,
        };
        let user = cut_off(&FactKey::User)?;
        cut_off(&FactKey::Repo)?;
        Some(user)
    }

    /// The whole sentence (starting in lower case, after the shell's
    /// "error: "), for the API at `api_base` whose requests give up after
    /// `timeout_secs`; `setting` names where the person changes the address.
    pub fn sentence(&self, api_base: &str, timeout_secs: u64, setting: &str) -> String {
        let cause = match self {
            Unreachable::Network(detail) => detail.clone(),
            Unreachable::Timeout => format!("no answer within {timeout_secs} seconds"),
        };
        format!(
            "could not reach the GitHub API at {api_base} ({cause}). Check {setting} and your network connection; nothing was checked."
        )
    }
}

impl Run {
    /// Everything a shell shows of the run as of `now_ms`, with every check
    /// judged once.
    pub fn view(&self, now_ms: u64) -> CheckView {
        let facts = self.facts();
        let target = self.target();
        let cx = Cx::new(facts, target, self.identity(), now_ms);
        let mut items = super::checks::evaluate_in(&cx);
        self.keep_safe_links(&mut items);
        let offers = fix::offers(&items, &cx);
        let summary = match pick_workflow(facts) {
            WorkflowPick::Found(doc) => doc.summary.as_ref().ok(),
            _ => None,
        };
        CheckView {
            counts: counts(&items),
            items,
            started_ms: self.started_ms(),
            finished_ms: self.finished_ms(),
            rate_limit: self.rate_limit().cloned(),
            not_modified: self.stats().not_modified,
            paused_until_ms: self.paused_until(now_ms),
            offers,
            running: self.fix_running().map(|(check, _)| check),
            outcome: self.fix_outcome().cloned(),
            suggestion: suggested_options(facts, target),
            image: image_for(target, summary).map(|i| shown_image(&i)),
            image_given: target.image.is_some(),
            unreachable: Unreachable::of(facts),
        }
    }

    /// The share snapshot of the finished run (`None` while it runs), as of
    /// when it finished. `hide_names` leaves runner and secret names out.
    pub fn snapshot(&self, hide_names: bool) -> Option<Snapshot> {
        let at = self.finished_ms()?;
        let target = self.target();
        let hidden = if hide_names {
            private_names(self.facts())
        } else {
            Vec::new()
        };
        let options = suggested_options(self.facts(), target).options.to_query();
        Some(Snapshot::new(
            target.repo.as_str(),
            target.image.as_ref().map(|i| i.as_str()),
            at,
            &options,
            &self.items(at),
            &hidden,
        ))
    }
}

/// How many of `items` have each status, leaving out statuses none has.
fn counts(items: &[Item]) -> Vec<(Status, usize)> {
    Status::ALL
        .into_iter()
        .map(|s| (s, items.iter().filter(|i| i.verdict.status == s).count()))
        .filter(|(_, n)| *n > 0)
        .collect()
}
