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
use super::fix::{self, Exec, FixInput, FixKind, FixOffer, FixOutcome, Reread, Step};
use super::plan::{plan, Decision};
use crate::actions::Pins;

/// What a request of the run is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Key {
    /// Reading a fact.
    Fact(FactKey),
    /// A step of the running fix.
    Fix,
}

/// The fix in progress.
#[derive(Debug)]
struct RunningFix {
    check: &'static str,
    kind: FixKind,
    exec: Exec,
}

/// A checklist run against one repository (see the module docs).
#[derive(Debug)]
pub struct Run {
    target: Target,
    identity: Identity,
    facts: Facts,
    sources: BTreeMap<FactKey, String>,
    sched: Scheduler<Key>,
    started_ms: u64,
    finished_ms: Option<u64>,
    fix: Option<RunningFix>,
    outcome: Option<FixOutcome>,
    pins: Pins,
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
        sched: Scheduler<Key>,
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
            fix: None,
            outcome: None,
            pins: Pins::builtin(),
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
                        self.sched.submit(Key::Fact(key), endpoint, None);
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
        self.fix = None;
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
            self.facts.forget_with_dependents(key);
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

    /// Until when GitHub asked us to hold requests back, while the run
    /// waits for it (see [`Scheduler::paused_until`]).
    pub fn paused_until(&self, now_ms: u64) -> Option<u64> {
        self.sched.paused_until(now_ms)
    }

    /// Request counters of this run.
    pub fn stats(&self) -> Stats {
        self.sched.stats()
    }

    /// Every check's verdict as of now.
    pub fn items(&self, now_ms: u64) -> Vec<Item> {
        let mut items = evaluate_all(&self.facts, &self.target, &self.identity, now_ms);
        self.keep_safe_links(&mut items);
        items
    }

    /// Drops every link a page or a terminal should not follow: a link is
    /// kept only when it is https (or http on loopback) on GitHub's web host
    /// or the web host of the API this run reads, or on GitHub's docs. Links
    /// the checks take from GitHub's answers (a pull request's or a run's
    /// `html_url`) are the ones this can remove; the fix's text stays.
    pub(super) fn keep_safe_links(&self, items: &mut [Item]) {
        for item in items {
            if let Some(fix) = &mut item.verdict.fix {
                if fix
                    .link
                    .as_ref()
                    .is_some_and(|l| !self.link_is_safe(&l.href))
                {
                    fix.link = None;
                }
            }
        }
    }

    /// Whether `href` may be shown as a link (see [`Run::keep_safe_links`]).
    pub fn link_is_safe(&self, href: &str) -> bool {
        let web = crate::device_flow::web_base_for(self.sched.base());
        crate::device_flow::on_web_base(href, &web)
            || crate::device_flow::on_web_base(href, crate::device_flow::GITHUB_WEB)
            || crate::device_flow::on_web_base(href, "https://docs.github.com")
    }

    /// Uses `pins` for the workflow it proposes (the ones the page shows).
    pub fn set_pins(&mut self, pins: Pins) {
        self.pins = pins;
    }

    /// The fixes offered for the current verdicts (the same as
    /// [`Run::view`]'s).
    pub fn offers(&self, now_ms: u64) -> Vec<FixOffer> {
        self.view(now_ms).offers
    }

    /// Starts `offer` (after the person confirmed its sentence). Refused
    /// when it is blocked, another fix runs, or its input is missing.
    pub fn start_fix(
        &mut self,
        offer: &FixOffer,
        input: FixInput,
        now_ms: u64,
    ) -> Result<(), String> {
        if let Some(reason) = &offer.blocked {
            return Err(reason.clone());
        }
        if self.fix.is_some() {
            return Err("Another change is still running; wait for it to finish.".into());
        }
        let exec = self.basis().exec_for(&offer.kind, input)?;
        self.outcome = None;
        self.fix = Some(RunningFix {
            check: offer.check,
            kind: offer.kind.clone(),
            exec,
        });
        let step = match self.fix.as_mut() {
            Some(f) => f.exec.start(),
            None => return Ok(()),
        };
        self.follow(step, now_ms);
        Ok(())
    }

    /// What a fix is built from: the facts, target, caller and pins of this run.
    fn basis(&self) -> fix::Basis<'_> {
        fix::Basis {
            target: &self.target,
            identity: &self.identity,
            facts: &self.facts,
            pins: &self.pins,
            judged_ms: self.finished_ms.unwrap_or(self.started_ms),
        }
    }

    /// The workflow to propose and the pull request's description.
    pub fn proposal(&self) -> Result<(String, String), String> {
        self.basis().proposal()
    }

    fn follow(&mut self, step: Step, now_ms: u64) {
        match step {
            Step::Send(endpoint, body) => self.sched.submit(Key::Fix, endpoint, body),
            Step::Done { ok, message, link } => {
                if let Some(f) = self.fix.take() {
                    let reread = ok.then(|| f.kind.reread());
                    let link = link.filter(|l| self.link_is_safe(&l.href));
                    self.outcome = Some(FixOutcome {
                        check: f.check,
                        kind: f.kind,
                        ok,
                        message,
                        link,
                    });
                    match reread {
                        Some(Reread::Everything) => self.recheck(now_ms),
                        Some(Reread::Facts(keys)) => self.refetch(&keys, now_ms),
                        None => {}
                    }
                }
            }
        }
    }

    /// The kind of the fix in progress.
    pub fn fix_running(&self) -> Option<(&'static str, &FixKind)> {
        self.fix.as_ref().map(|f| (f.check, &f.kind))
    }

    /// How the last fix ended.
    pub fn fix_outcome(&self) -> Option<&FixOutcome> {
        self.outcome.as_ref()
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
        match self.sched.answered(ticket, now_ms, result) {
            Some((Key::Fact(key), result)) => {
                let source = self.sources.get(&key).cloned().unwrap_or_default();
                self.facts.record(key, source, result);
                self.replan(now_ms);
            }
            Some((Key::Fix, result)) => {
                let step = match self.fix.as_mut() {
                    Some(f) => f.exec.answered(result),
                    None => return,
                };
                self.follow(step, now_ms);
            }
            None => {}
        }
    }

    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.sched.next_wake(now_ms)
    }

    fn is_idle(&self) -> bool {
        self.sched.is_idle()
    }
}
