//! Who owns the repository `generate` writes for, when it matters (an
//! attested image gets a storage record only in an organization's
//! repository): `--owner` when given, else the owner's kind as GitHub
//! reports it for the repository, read through the core's [`Single`]
//! program; when it cannot be read, the generator's default, said on stderr.

use ghcr_setup_core::api::{parse_json, Endpoint, Repo};
use ghcr_setup_core::engine::Single;
use ghcr_setup_core::names::RepoSlug;

use crate::api_base::ApiBase;
use crate::credentials::token_from_env;
use crate::drive::drive;
use crate::http::Http;

/// The `owner` option for `repo` as GitHub reports it (`organization` or
/// `user`), and the line to print on stderr about it.
pub fn from_github(repo: &RepoSlug, api_base: &ApiBase) -> (Option<&'static str>, String) {
    let mut program = Single::new(
        api_base.as_str(),
        token_from_env().ok(),
        Endpoint::Repo { repo: repo.clone() },
        None,
    );
    drive(&mut program, &Http::new());
    let read = match program.take_result() {
        Some(Ok(answer)) => parse_json::<Repo>(&answer.body).map_err(|e| e.to_string()),
        Some(Err(e)) => Err(e.to_string()),
        None => Err("no answer".to_string()),
    };
    match read {
        Ok(r) if r.owned_by_org() => (
            Some("organization"),
            format!("repository owner: an organization (read from GitHub for {repo})"),
        ),
        Ok(_) => (
            Some("user"),
            format!(
                "repository owner: a personal account (read from GitHub for {repo}): the attestation gets no storage record"
            ),
        ),
        Err(why) => (
            None,
            format!(
                "repository owner: not read from GitHub ({why}); written for an organization's repository — pass --owner user for a personal one"
            ),
        ),
    }
}
