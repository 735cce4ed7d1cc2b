//! Helpers for the one-click fix tests: a checklist run driven to its end
//! against a scripted GitHub with a classic token of given scopes, a row's
//! status, and the offer of a kind on a row.

use ghcr_setup_core::api::EtagCache;
use ghcr_setup_core::check::fix::{FixKind, FixOffer};
use ghcr_setup_core::check::{Identity, Run, Status, Target};
use ghcr_setup_core::engine::Scheduler;
use ghcr_setup_core::names::RepoSlug;
use ghcr_setup_core::token::{Scopes, Secret, TokenKind};

use super::{drive, Script, BASE};

/// The latency every scripted answer takes, in milliseconds.
pub const LATENCY: u64 = 100;

/// Every scope the checks and fixes use.
pub const ALL: &str = "repo, read:org, read:packages, workflow, admin:org";

/// A workflow that logs in to ghcr.io and declares no `permissions:`.
pub const UNDECLARED_LOGIN: &str = "name: x\non: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: docker/login-action@v3\n        with:\n          registry: ghcr.io\n          username: ${{ github.actor }}\n          password: ${{ secrets.GITHUB_TOKEN }}\n";

/// octo, signed in with a classic token that has `scopes`.
pub fn identity(scopes: &str) -> Identity {
    Identity {
        login: Some("octo".into()),
        kind: TokenKind::ClassicPat,
        scopes: Some(Scopes::parse_header(scopes)),
    }
}

/// The checklist of `full`, run to its end.
pub fn checked(script: &mut Script, full: &str, scopes: &str) -> Run {
    let target = Target::repo(RepoSlug::parse(full).unwrap());
    let sched = Scheduler::new(BASE, Some(Secret::new("ghp_admin")), EtagCache::new())
        .with_max_in_flight(100);
    let mut run = Run::with_scheduler(target, identity(scopes), sched, 0);
    drive(&mut run, script, 0, LATENCY);
    run
}

/// The status of row `id`.
pub fn status(run: &Run, id: &str) -> Status {
    run.items(0)
        .into_iter()
        .find(|i| i.meta.id == id)
        .unwrap()
        .verdict
        .status
}

/// The offer on row `check` whose kind `pick` accepts, if there is one.
pub fn find(run: &Run, check: &str, pick: impl Fn(&FixKind) -> bool) -> Option<FixOffer> {
    run.offers(0)
        .into_iter()
        .find(|o| o.check == check && pick(&o.kind))
}

/// The offer on row `check` whose kind `pick` accepts; panics with every
/// offer when there is none.
pub fn offer(run: &Run, check: &str, pick: impl Fn(&FixKind) -> bool) -> FixOffer {
    find(run, check, pick)
        .unwrap_or_else(|| panic!("no such offer on {check}: {:#?}", run.offers(0)))
}
