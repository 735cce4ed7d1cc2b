//! Pull requests: listing (`?head=OWNER:BRANCH&state=open` finds an earlier
//! proposal) and opening one (422 for a duplicate open pull request, as
//! GitHub answers). Opened pull requests are remembered until reset.

use std::collections::BTreeMap;

use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::http::StatusCode;
use serde_json::Value;

use super::{
    account, caller_login, parse_body, per_page, repo_access, repo_mut, str_value, Call, Need,
    Reply, RepoPath, Res, Route,
};
use crate::scenario::{Pull, PullState, Repo};
use crate::shapes::{self, Account};

pub(super) fn routes() -> Vec<Route> {
    const PULLS: &str = "/repos/{owner}/{repo}/pulls";
    vec![
        Route::get(PULLS, list_pulls),
        Route::post(PULLS, create_pull),
    ]
}

/// The pull request as GitHub shows it (head and base at their current SHAs).
fn pull_body(api: &str, world: &crate::state::World, repo: &Repo, pull: &Pull) -> Option<Value> {
    let owner = account(world, &repo.owner)?;
    let author = account(world, &pull.user)?;
    let sha = |branch: &str| repo.branches.get(branch).cloned().unwrap_or_default();
    Some(shapes::pull_request(
        api,
        repo,
        &shapes::PullSides {
            owner: &owner,
            author: &author,
            head_sha: &sha(&pull.head),
            base_sha: &sha(&pull.base),
        },
        pull,
    ))
}

/// Splits `OWNER:BRANCH`; a bare branch has no owner.
fn split_head(head: &str) -> (Option<&str>, &str) {
    match head.split_once(':') {
        Some((owner, branch)) => (Some(owner), branch),
        None => (None, head),
    }
}

/// `GET /repos/{owner}/{repo}/pulls` with `state` (open, closed, all), `head`
/// (`OWNER:BRANCH`; GitHub ignores a value without the owner), `base` and
/// `per_page`; newest first.
async fn list_pulls(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    Query(q): Query<BTreeMap<String, String>>,
) -> Res<Reply> {
    let world = app.world();
    let (repo, _) = repo_access(&world, &caller, &owner, &name, Need::Read)?;
    let state = q.get("state").map(String::as_str).unwrap_or("open");
    let wanted_state = match state {
        "open" => Some(PullState::Open),
        "closed" => Some(PullState::Closed),
        "all" => None,
        _ => {
            return Err(Reply::validation_failed(
                "PullRequest",
                "state must be one of open, closed, all",
                "repo",
            ))
        }
    };
    let head = q.get("head").map(|h| split_head(h));
    let mut pulls: Vec<&Pull> = repo
        .pulls
        .iter()
        .filter(|p| wanted_state.is_none_or(|s| p.state == s))
        .filter(|p| match head {
            Some((Some(head_owner), branch)) => {
                head_owner.eq_ignore_ascii_case(&repo.owner) && p.head == branch
            }
            _ => true,
        })
        .filter(|p| q.get("base").is_none_or(|b| &p.base == b))
        .collect();
    pulls.sort_by_key(|p| std::cmp::Reverse(p.number));
    let list: Vec<Value> = pulls
        .into_iter()
        .take(per_page(&q))
        .filter_map(|p| pull_body(app.base(), &world, &repo, p))
        .collect();
    Ok(Reply::ok(Value::Array(list), "repo"))
}

/// `POST /repos/{owner}/{repo}/pulls` (`title`, `head`, `base`, `body`).
async fn create_pull(
    Call { app, caller }: Call,
    Path((owner, name)): RepoPath,
    body: Bytes,
) -> Res<Reply> {
    let mut world = app.world();
    let world = &mut *world;
    let (repo, _) = repo_access(world, &caller, &owner, &name, Need::Write)?;
    let login = caller_login(&caller)?.to_owned();
    let body = parse_body(&body, "repo")?;
    let title = str_value(&body, "title").unwrap_or_default();
    let (head_owner, head) = split_head(str_value(&body, "head").unwrap_or_default());
    let base = str_value(&body, "base").unwrap_or_default();
    let foreign = head_owner.is_some_and(|o| !o.eq_ignore_ascii_case(&repo.owner));
    let (Some(head_sha), Some(base_sha)) = (repo.branches.get(head), repo.branches.get(base))
    else {
        return Err(Reply::validation_failed(
            "PullRequest",
            "head or base is not a branch of this repository",
            "repo",
        ));
    };
    if title.is_empty() || foreign || head == base {
        return Err(Reply::invalid("Validation Failed", "repo"));
    }
    if head_sha == base_sha {
        return Err(Reply::validation_failed(
            "PullRequest",
            &format!("No commits between {base} and {head}"),
            "repo",
        ));
    }
    let duplicate = repo
        .pulls
        .iter()
        .any(|p| p.state == PullState::Open && p.head == head);
    if duplicate {
        return Err(Reply::validation_failed(
            "PullRequest",
            &format!("A pull request already exists for {}:{head}.", repo.owner),
            "repo",
        ));
    }
    let pull = Pull {
        number: repo.pulls.iter().map(|p| p.number).max().unwrap_or(0) + 1,
        title: title.to_owned(),
        body: str_value(&body, "body").map(str::to_owned),
        head: head.to_owned(),
        base: base.to_owned(),
        user: account(world, &login)
            .map(|a: Account| a.login)
            .unwrap_or(login),
        state: PullState::Open,
    };
    let answer =
        pull_body(app.base(), world, &repo, &pull).ok_or_else(|| Reply::not_found("repo"))?;
    repo_mut(world, &owner, &name)?.pulls.push(pull);
    Ok(Reply::with(StatusCode::CREATED, Some(answer), "repo"))
}
