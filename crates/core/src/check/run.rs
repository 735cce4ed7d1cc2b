//! One checklist run: the planner's decisions sent through a [`Scheduler`],
//! answers recorded as facts, and every check judged on demand.

use std::collections::BTreeMap;

use crate::api::{EtagCache, RateLimit};
use crate::engine::{Outgoing, Program, Scheduler, Stats, Ticket, TransportFailure};
use crate::http::HttpResponse;
use crate::token::Secret;

use super::checks::{evaluate_all, Item};
use super::context::{Identity, Target};
use super::facts::{FactKey, Facts, Slot};
use super::plan::{plan, Decision};
use super::verdict::Status;

/// A checklist run against one repository (see the module docs).
#[derive(Debug, Clone)]
pub struct Run {
    target: Target,
    identity: Identity,
    facts: Facts,
    sources: BTreeMap<FactKey, String>,
    sched: Scheduler<FactKey>,
    started_ms: u64,
    finished_ms: Option<u64>,
}

impl Run {
    /// Starts checking `target` as `identity` through the API at `base`,
    /// reusing `cache` for conditional requests.
    pub fn new(
        target: Target,
        identity: Identity,
        base: &str,
        token: Option<Secret>,
        cache: EtagCache,
        now_ms: u64,
    ) -> Run {
        Run::with_scheduler(target, identity, Scheduler::new(base, token, cache), now_ms)
    }

    /// Like [`Run::new`] with a scheduler configured by the caller (retry
    /// policy, concurrency).
    pub fn with_scheduler(
        target: Target,
        identity: Identity,
        sched: Scheduler<FactKey>,
        now_ms: u64,
    ) -> Run {
        let mut run = Run {
            target,
            identity,
            facts: Facts::new(),
            sources: BTreeMap::new(),
            sched,
            started_ms: now_ms,
            finished_ms: None,
        };
        run.replan(now_ms);
        run
    }

    /// What is being checked.
    pub fn target(&self) -> &Target {
        &self.target
    }

    /// Who is asking.
    pub fn identity(&self) -> &Identity {
        &self.identity
    }

    /// Everything read so far.
    pub fn facts(&self) -> &Facts {
        &self.facts
    }

    fn replan(&mut self, now_ms: u64) {
        loop {
            let decisions = plan(&self.facts, &self.target, &self.identity);
            if decisions.is_empty() {
                break;
            }
            for (key, decision) in decisions {
                match decision {
                    Decision::Request(endpoint) => {
                        self.sources.insert(key.clone(), endpoint.describe());
                        self.facts.set(key.clone(), Slot::Waiting);
                        self.sched.submit(key, endpoint, None);
                    }
                    Decision::Settle(slot) => self.facts.set(key, slot),
                }
            }
        }
        if self.finished_ms.is_none() && self.sched.is_idle() {
            self.finished_ms = Some(now_ms);
        }
    }

    /// Reads everything again, keeping the cache (unchanged answers are
    /// `304`s and cost no rate limit). Answers to the previous run's
    /// requests are ignored from now on.
    pub fn recheck(&mut self, now_ms: u64) {
        self.sched.restart();
        self.facts = Facts::new();
        self.sources.clear();
        self.started_ms = now_ms;
        self.finished_ms = None;
        self.replan(now_ms);
    }

    /// Reads `keys` again (after a fix changed them), with the facts that
    /// were decided from them.
    pub fn refetch(&mut self, keys: &[FactKey], now_ms: u64) {
        for key in keys {
            self.facts.forget(key);
            for dependent in dependents(key) {
                self.facts.forget(&dependent);
            }
        }
        self.finished_ms = None;
        self.replan(now_ms);
    }

    /// When the run started (or was last re-checked).
    pub fn started_ms(&self) -> u64 {
        self.started_ms
    }

    /// When every fact was settled, once it is.
    pub fn finished_ms(&self) -> Option<u64> {
        self.finished_ms
    }

    /// Latest rate-limit figures.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.sched.rate_limit()
    }

    /// Request counters of this run.
    pub fn stats(&self) -> Stats {
        self.sched.stats()
    }

    /// Every check's verdict as of now.
    pub fn items(&self, now_ms: u64) -> Vec<Item> {
        evaluate_all(&self.facts, &self.target, &self.identity, now_ms)
    }

    /// How many items have each status.
    pub fn counts(items: &[Item]) -> Vec<(Status, usize)> {
        Status::ALL
            .into_iter()
            .map(|s| (s, items.iter().filter(|i| i.verdict.status == s).count()))
            .filter(|(_, n)| *n > 0)
            .collect()
    }

    /// The conditional-request cache.
    pub fn cache(&self) -> &EtagCache {
        self.sched.cache()
    }

    /// The conditional-request cache, to keep for the next run.
    pub fn into_cache(self) -> EtagCache {
        self.sched.into_cache()
    }
}

/// Facts planned from `key`'s answer, forgotten with it on a re-fetch.
fn dependents(key: &FactKey) -> Vec<FactKey> {
    match key {
        FactKey::RepoActions => vec![FactKey::RepoSelectedActions],
        FactKey::OrgActions => vec![FactKey::OrgSelectedActions],
        _ => Vec::new(),
    }
}

impl Program for Run {
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        self.sched.due(now_ms)
    }

    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) {
        if let Some((key, result)) = self.sched.answered(ticket, now_ms, result) {
            let source = self.sources.get(&key).cloned().unwrap_or_default();
            self.facts.record(key, source, result);
            self.replan(now_ms);
        }
    }

    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.sched.next_wake(now_ms)
    }

    fn is_idle(&self) -> bool {
        self.sched.is_idle()
    }
}
