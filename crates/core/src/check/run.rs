//! One checklist run: the planner's decisions sent through a [`Scheduler`],
//! answers recorded as facts, and every check judged on demand.

use std::collections::BTreeMap;

use crate::api::{EtagCache, RateLimit};
use crate::engine::{Outgoing, Program, Scheduler, Stats, Ticket, TransportFailure};
use crate::http::HttpResponse;
use crate::token::Secret;

use super::checks::{evaluate_all, Item};
use super::context::{Identity, Target};
use super::facts::{FactKey, Facts, Got, Slot};
use super::fix::{self, Exec, FixInput, FixKind, FixOffer, FixOutcome, Reread, Step};
use super::plan::{plan, Decision};
use super::suggest::suggested_options;
use super::verdict::Status;
use crate::actions::Pins;
use crate::names::BranchName;
use crate::workflow::generate_with;

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
        evaluate_all(&self.facts, &self.target, &self.identity, now_ms)
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
        let exec = self.exec_for(&offer.kind, input)?;
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

    fn exec_for(&self, kind: &FixKind, input: FixInput) -> Result<Exec, String> {
        let repo = &self.target.repo;
        let owner = self.target.repo.owner();
        Ok(match kind {
            FixKind::DefaultPermissions(p) => {
                Exec::Settings(fix::SettingsExec::default_permissions(repo, *p, owner))
            }
            FixKind::EnableActions => Exec::Settings(fix::SettingsExec::enable_actions(repo)),
            FixKind::AllowActions {
                org: false,
                patterns,
                to_selected,
            } => {
                let current = match self.facts.repo_selected_actions() {
                    Got::Ready(l, _) => Some(l),
                    _ => None,
                };
                Exec::Settings(fix::SettingsExec::allow_for_repo(
                    repo,
                    current,
                    patterns,
                    *to_selected,
                ))
            }
            FixKind::AllowActions {
                org: true,
                patterns,
                to_selected,
            } => {
                let enabled = match self.facts.org_actions() {
                    Got::Ready(o, _) => o.enabled_repositories,
                    _ => return Err("The organization's Actions policy has not been read.".into()),
                };
                let current = match self.facts.org_selected_actions() {
                    Got::Ready(l, _) => Some(l),
                    _ => None,
                };
                Exec::Settings(fix::SettingsExec::allow_for_org(
                    &repo.owner_login(),
                    enabled,
                    current,
                    patterns,
                    *to_selected,
                ))
            }
            FixKind::FallbackSecret(name) => {
                let (Some(value), Some(entropy)) = (input.secret, input.entropy) else {
                    return Err("Verify the token first.".into());
                };
                Exec::Secret(fix::SecretExec::new(repo, name.clone(), value, entropy))
            }
            FixKind::ProposeWorkflow => {
                let (yaml, body) = self.proposal()?;
                let base = self.default_branch()?;
                Exec::Propose(
                    fix::ProposeExec::new(repo, base, yaml, body)
                        .ok_or("The proposal branch name is invalid.")?,
                )
            }
            FixKind::CommitWorkflow => {
                let (yaml, _) = self.proposal()?;
                Exec::Commit(fix::CommitExec::new(repo, self.default_branch()?, yaml))
            }
        })
    }

    /// The repository's default branch, once it is read.
    fn default_branch(&self) -> Result<BranchName, String> {
        match self.facts.repo() {
            Got::Ready(r, _) => BranchName::parse(&r.default_branch).map_err(|e| e.to_string()),
            _ => Err("The repository has not been read.".into()),
        }
    }

    /// The workflow to propose and the pull request's description.
    pub fn proposal(&self) -> Result<(String, String), String> {
        let suggestion = suggested_options(&self.facts, &self.target);
        let options = suggestion.options.validate().map_err(|errors| {
            errors
                .iter()
                .map(|e| e.message.clone())
                .collect::<Vec<_>>()
                .join(" ")
        })?;
        let yaml = generate_with(&options, &self.pins);
        let items = self.items(self.finished_ms.unwrap_or(self.started_ms));
        let fixed: Vec<String> = items
            .iter()
            .filter(|i| matches!(i.verdict.status, Status::Fail | Status::Warn))
            .filter(|i| {
                matches!(
                    i.meta.group,
                    super::verdict::Group::Workflow | super::verdict::Group::RepoSettings
                )
            })
            .map(|i| format!("- **{}**: {}", i.meta.title, i.verdict.summary))
            .collect();
        let mut body = String::from(
            "This adds `.github/workflows/docker-image.yml`, which builds the image and publishes it to ghcr.io:\n\n\
             - `contents: read` at the top, `packages: write` only on the publishing job (works under a read-only default)\n\
             - pull requests are built but never log in or push\n\
             - every action pinned to a full commit SHA, tag in a comment\n\
             - the image name in lower case, with the `org.opencontainers.image.source` label that links the package to this repository\n",
        );
        if !fixed.is_empty() {
            body.push_str("\nWhat the setup check found that this addresses:\n\n");
            body.push_str(&fixed.join("\n"));
            body.push('\n');
        }
        body.push_str("\nProposed by ghcr-setup. Review it like any change; nothing runs until it is merged.\n");
        Ok((yaml, body))
    }

    fn follow(&mut self, step: Step, now_ms: u64) {
        match step {
            Step::Send(endpoint, body) => self.sched.submit(Key::Fix, endpoint, body),
            Step::Done { ok, message, link } => {
                if let Some(f) = self.fix.take() {
                    let reread = ok.then(|| f.kind.reread());
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
