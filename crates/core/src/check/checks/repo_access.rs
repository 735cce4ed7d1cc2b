//! `repo-access`: the repository exists, you can see it, and your role on it.
//! Changing Actions settings and secrets needs an admin; an archived
//! repository runs no workflows at all.

use super::{refuses_access, Check, Cx, Meta};
use crate::check::facts::{FactKind, Got, Stop};
use crate::check::verdict::{Group, Verdict, Why};

pub struct RepoAccess;

const META: Meta = Meta {
    id: "repo-access",
    group: Group::TokenAccount,
    title: "Your access to the repository",
    why: "Reading and changing Actions settings, runners and secrets needs admin rights on the repository.",
    symptom: None,
    needs: &[FactKind::Repo, FactKind::RepoActions],
};

impl Check for RepoAccess {
    fn meta(&self) -> &'static Meta {
        &META
    }

    fn evaluate(&self, cx: &Cx) -> Result<Verdict, Stop> {
        let (repo, source) = match cx.facts.repo() {
            Got::Failed(err, _) if refuses_access(err) => {
                return Ok(Verdict::fail(format!(
                    "{} could not be read. {}.",
                    cx.target.repo,
                    err.title()
                ))
                .fix(err.what_to_do()));
            }
            other => other.need()?,
        };
        let perms = repo.permissions;
        let role = match perms {
            Some(p) if p.admin => "admin",
            Some(p) if p.maintain == Some(true) => "maintain",
            Some(p) if p.push => "write",
            Some(p) if p.triage == Some(true) => "triage",
            Some(p) if p.pull => "read",
            Some(_) => "none",
            None => "not reported",
        };
        let visibility = repo.visibility.clone().unwrap_or_else(|| {
            if repo.private {
                "private".into()
            } else {
                "public".into()
            }
        });
        let verdict = if repo.archived {
            Verdict::fail(format!(
                "{} is archived: its workflows do not run.",
                repo.full_name
            ))
            .fix_at(
                "Unarchive it in Settings → General → Danger Zone.",
                cx.repo_url("/settings"),
                "Repository settings",
            )
        } else if perms.is_none() {
            Verdict::unknown(Why::Blocked("Your role on the repository".into()))
        } else {
            match role {
                "admin" => match cx.oauth_restricted().filter(|_| cx.is_org().unwrap_or(false)) {
                    Some(refused) => Verdict::warn(format!(
                        "You are an admin of {}, but {} has not approved this app, so GitHub refuses its settings and changes through this sign-in.",
                        repo.full_name,
                        cx.owner()
                    ))
                    .fix("See \"Organization access for this token\" below: an owner approves the app, or sign in with a classic token.")
                    .evidence("Refused", "403: has enabled OAuth App access restrictions", Some(&refused)),
                    None => Verdict::pass(format!("You are an admin of {}.", repo.full_name)),
                },
                "maintain" | "write" => Verdict::warn(format!(
                    "Your access is {role}: you can propose the workflow, but Actions settings and runners need an admin, so those checks show as unknown."
                ))
                .fix("Ask an admin of the repository to run this check, or to share its link with you."),
                _ => Verdict::fail(format!(
                    "Your access is {role}: you cannot change the workflow or the settings of {}.",
                    repo.full_name
                ))
                .fix("Ask an admin for write access, or ask them to run this check."),
            }
        };
        Ok(verdict
            .evidence("Your role", role, Some(source))
            .evidence("Visibility", visibility, Some(source))
            .evidence("Default branch", &repo.default_branch, Some(source)))
    }
}
