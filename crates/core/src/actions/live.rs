//! Resolving the newest release of each action live, as a program for the
//! shared request engine: per action, the releases list, then the tag's ref,
//! then (for an annotated tag) the tag object, until a commit is found. The
//! answer is a [`Pins`] set where every resolved action is a live pin and
//! every other keeps its built-in pin with the reason, plus the newer majors
//! GitHub lists (reported, never used: inputs can change across majors).
//! More actions can be added while or after it runs ([`PinResolver::add`]):
//! the page adds the known actions a pasted workflow uses (see
//! [`super::to_resolve`]), sharing the requests, cache and pins.
//!
//! Anonymous calls work (GitHub answers 60 an hour without a token); the
//! conditional-request cache makes a return visit cost `304`s only.

use std::collections::BTreeMap;

use super::resolve::{newest_release, parse_ref_object, RefObject, Release, MAX_TAG_DEREFERENCES};
use super::{Action, Pin, Pins};
use crate::api::{Endpoint, EtagCache, GitRef, RateLimit};
use crate::engine::{Outgoing, Program, Scheduler, Success, Ticket, TransportFailure};
use crate::http::HttpResponse;
use crate::names::{BranchName, CommitSha, RepoSlug};
use crate::token::Secret;

/// The actions the generator writes, resolved by default.
pub const GENERATOR_ACTIONS: [Action; 7] = [
    Action::Checkout,
    Action::SetupQemu,
    Action::SetupBuildx,
    Action::Login,
    Action::Metadata,
    Action::BuildPush,
    Action::Attest,
];

/// Releases listed per request (the newest first).
const RELEASES_PER_PAGE: u8 = 20;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Releases,
    TagRef(String),
    TagObject { tag: String, depth: usize },
}

/// What became of one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Resolution {
    /// Still asking GitHub.
    Pending,
    /// Pinned to the newest release of its major, read just now.
    Live,
    /// The built-in pin stays, and why.
    Kept(String),
}

/// The live resolution of a set of actions.
#[derive(Debug)]
pub struct PinResolver {
    sched: Scheduler<(Action, Step)>,
    pins: Pins,
    state: BTreeMap<Action, Resolution>,
    newer: BTreeMap<Action, Release>,
    now_ms: u64,
}

/// A `…/repos/OWNER/REPO/releases` listing (any query).
fn is_release_listing(url: &str) -> bool {
    url.split(['?', '#'])
        .next()
        .is_some_and(|path| path.ends_with("/releases"))
}

fn repo_of(action: Action) -> Option<RepoSlug> {
    RepoSlug::parse(action.name()).ok()
}

impl PinResolver {
    /// Starts resolving `actions` at `base` (anonymously when `token` is
    /// `None`), reusing `cache`: only its release listings (see
    /// [`PinResolver::cache_to_keep`]), so a commit is always read live.
    pub fn new(
        base: &str,
        token: Option<Secret>,
        mut cache: EtagCache,
        actions: &[Action],
        now_ms: u64,
    ) -> Self {
        cache.retain(is_release_listing);
        let mut resolver = PinResolver {
            sched: Scheduler::new(base, token, cache),
            pins: Pins::builtin(),
            state: BTreeMap::new(),
            newer: BTreeMap::new(),
            now_ms,
        };
        for &action in actions {
            resolver.ask(action);
        }
        resolver
    }

    /// Also resolves those of `actions` not asked about yet (see
    /// [`super::to_resolve`]), through the same requests, cache and pins:
    /// what is resolved or still pending is left alone, and an action kept
    /// as built in is not asked again. Pins taken from now on are dated
    /// `now_ms`. Returns how many actions were added.
    pub fn add(&mut self, actions: &[Action], now_ms: u64) -> usize {
        let fresh: Vec<Action> = actions
            .iter()
            .copied()
            .filter(|a| !self.state.contains_key(a))
            .collect();
        if !fresh.is_empty() {
            self.now_ms = self.now_ms.max(now_ms);
        }
        for &action in &fresh {
            self.ask(action);
        }
        fresh.len()
    }

    /// Every action asked about so far, in table order.
    pub fn asked(&self) -> Vec<Action> {
        self.state.keys().copied().collect()
    }

    fn ask(&mut self, action: Action) {
        match repo_of(action) {
            Some(repo) => {
                self.sched.submit(
                    (action, Step::Releases),
                    Endpoint::Releases {
                        repo,
                        per_page: RELEASES_PER_PAGE,
                    },
                    None,
                );
                self.state.insert(action, Resolution::Pending);
            }
            None => self.keep(action, "its name is not a repository".into()),
        }
    }

    /// The pins as resolved so far (built-in where not resolved).
    pub fn pins(&self) -> &Pins {
        &self.pins
    }

    /// What became of each action.
    pub fn resolutions(&self) -> impl Iterator<Item = (Action, &Resolution)> {
        self.state.iter().map(|(a, r)| (*a, r))
    }

    /// A newer major than the one pinned, where GitHub lists one.
    pub fn newer_major(&self, action: Action) -> Option<&Release> {
        self.newer.get(&action)
    }

    /// Whether every action is resolved or kept.
    pub fn is_done(&self) -> bool {
        !self.state.values().any(|r| *r == Resolution::Pending)
    }

    /// Latest rate-limit figures.
    pub fn rate_limit(&self) -> Option<&RateLimit> {
        self.sched.rate_limit()
    }

    /// The conditional-request cache of this resolution, all of it.
    pub fn cache(&self) -> &EtagCache {
        self.sched.cache()
    }

    /// What may be kept for the next visit: the release listings only. A
    /// tag's or ref's answer names the commit a workflow pins, and storage
    /// is shared with every page of the origin, so a commit is never taken
    /// from it: a stored listing can at most name a tag, whose commit is
    /// then read from GitHub.
    pub fn cache_to_keep(&self) -> EtagCache {
        let mut kept = self.sched.cache().clone();
        kept.retain(is_release_listing);
        kept
    }

    fn keep(&mut self, action: Action, why: String) {
        self.state.insert(action, Resolution::Kept(why));
    }

    fn pin(&mut self, action: Action, tag: &str, sha: &str) {
        match Pin::live(action, tag, sha, self.now_ms) {
            Ok(pin) => {
                self.pins.set(pin);
                self.state.insert(action, Resolution::Live);
            }
            Err(e) => self.keep(action, e.to_string()),
        }
    }

    fn ask_tag(&mut self, action: Action, tag: String, repo: RepoSlug) {
        match BranchName::parse(&tag) {
            Ok(name) => self.sched.submit(
                (action, Step::TagRef(tag)),
                Endpoint::GitRefHead {
                    repo,
                    git_ref: GitRef::Tag(name),
                },
                None,
            ),
            Err(_) => self.keep(action, format!("the tag `{tag}` cannot be looked up")),
        }
    }

    fn step(&mut self, action: Action, step: Step, answer: Success) {
        let Some(repo) = repo_of(action) else { return };
        match step {
            Step::Releases => {
                let major = Pins::builtin().get(action).major();
                match newest_release(&answer.body, action, major) {
                    Err(e) => self.keep(action, e.to_string()),
                    Ok(latest) => {
                        if let Some(newer) = latest.newer_major {
                            self.newer.insert(action, newer);
                        }
                        match latest.in_major {
                            None => self
                                .keep(action, format!("GitHub lists no full release of v{major}")),
                            Some(release) => self.take_release(action, release, repo),
                        }
                    }
                }
            }
            Step::TagRef(tag) => self.object(action, tag, 0, &answer.body, repo),
            Step::TagObject { tag, depth } => self.object(action, tag, depth, &answer.body, repo),
        }
    }

    /// Acts on the newest release GitHub lists within the built-in major:
    /// never a step back. A listing can lag the tags (a newer tag may have no
    /// release object yet), so a release older than the built-in one keeps
    /// the built-in pin; the same release reuses its known commit; only a
    /// later one is looked up.
    fn take_release(&mut self, action: Action, release: Release, repo: RepoSlug) {
        let built_in = Pins::builtin().get(action).clone();
        let Some(known) = built_in.version() else {
            self.keep(action, "the built-in tag names no version".into());
            return;
        };
        if release.version.is_newer_than(&known) {
            self.ask_tag(action, release.tag, repo);
        } else if known.is_newer_than(&release.version) {
            self.keep(
                action,
                format!(
                    "the newest release GitHub lists, {}, is older than the built-in {}",
                    release.tag,
                    built_in.tag()
                ),
            );
        } else {
            // The release this build was made with is still the newest: its commit is known.
            let (tag, sha) = (built_in.tag().to_string(), built_in.sha().to_string());
            self.pin(action, &tag, &sha);
        }
    }

    fn object(&mut self, action: Action, tag: String, depth: usize, body: &str, repo: RepoSlug) {
        match parse_ref_object(body) {
            Err(e) => self.keep(action, e.to_string()),
            Ok(RefObject::Commit(sha)) => self.pin(action, &tag, &sha),
            Ok(RefObject::Tag(sha)) if depth < MAX_TAG_DEREFERENCES => match CommitSha::parse(&sha)
            {
                Ok(tag_sha) => self.sched.submit(
                    (
                        action,
                        Step::TagObject {
                            tag,
                            depth: depth + 1,
                        },
                    ),
                    Endpoint::AnnotatedTag { repo, tag_sha },
                    None,
                ),
                Err(_) => self.keep(
                    action,
                    format!("the tag `{tag}` points to an unreadable object"),
                ),
            },
            Ok(RefObject::Tag(_)) => self.keep(
                action,
                format!("the tag `{tag}` points to tags more than {MAX_TAG_DEREFERENCES} deep"),
            ),
            Ok(RefObject::Other { kind, .. }) => self.keep(
                action,
                format!("the tag `{tag}` points to a {kind}, not a commit"),
            ),
        }
    }
}

impl Program for PinResolver {
    fn due(&mut self, now_ms: u64) -> Vec<Outgoing> {
        self.sched.due(now_ms)
    }

    fn answered(
        &mut self,
        ticket: Ticket,
        now_ms: u64,
        result: Result<HttpResponse, TransportFailure>,
    ) {
        let Some(((action, step), result)) = self.sched.answered(ticket, now_ms, result) else {
            return;
        };
        match result {
            Ok(answer) => self.step(action, step, answer),
            Err(err) => self.keep(action, err.title()),
        }
    }

    fn next_wake(&self, now_ms: u64) -> Option<u64> {
        self.sched.next_wake(now_ms)
    }

    fn is_idle(&self) -> bool {
        self.sched.is_idle()
    }
}
