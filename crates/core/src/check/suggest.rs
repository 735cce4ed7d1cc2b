//! The generator's options, filled in from what the checklist found: the
//! repository, its default branch, and from the existing publishing workflow
//! its image name, runner labels, token secret and Dockerfile — so the
//! workflow offered beside the checklist fits the repository as it is.

use crate::workflow::RawOptions;

use super::checks::login_secret;
use super::context::{pick_workflow, Target, WorkflowPick};
use super::facts::{Facts, Got};

/// Suggested generator options and what they were filled in from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub options: RawOptions,
    /// `(what, value)` read from the repository, e.g. `("default branch", "main")`.
    pub from_repo: Vec<(&'static str, String)>,
    /// The workflow file the rest came from, and `(what, value)` read from it.
    pub from_workflow: Option<(String, Vec<(&'static str, String)>)>,
}

/// Generator options for `target`, from `facts` (defaults where nothing was found).
pub fn suggested_options(facts: &Facts, target: &Target) -> Suggestion {
    let mut raw = RawOptions::defaults();
    let mut from_repo = Vec::new();
    let mut found = Vec::new();
    raw.set("repo", target.repo.as_str());
    if let Some(image) = &target.image {
        raw.set("image", image.as_str());
    }
    if let Got::Ready(repo, _) = facts.repo() {
        raw.set("branch", repo.default_branch.as_str());
        from_repo.push(("default branch", repo.default_branch.clone()));
        let owner = if repo.owned_by_org() {
            "organization"
        } else {
            "user"
        };
        raw.set("owner", owner);
        from_repo.push(("owner", owner.to_string()));
    }
    let done = |options: RawOptions, from_repo, from_workflow| Suggestion {
        options,
        from_repo,
        from_workflow,
    };
    let WorkflowPick::Found(doc) = pick_workflow(facts) else {
        return done(raw, from_repo, None);
    };
    let file = doc.file.repo_path().to_string();
    let Ok(summary) = &doc.summary else {
        return done(raw, from_repo, None);
    };
    if target.image.is_none() {
        if let Some(image) = summary
            .images()
            .find(|i| i.is_ghcr() && i.literal)
            .map(|i| i.name.to_ascii_lowercase())
        {
            raw.set("image", image.as_str());
            found.push(("image", image));
        }
    }
    if let Some(job) = summary.publishing_jobs().find(|j| j.self_hosted()) {
        if let Some(runs_on) = job.runs_on.as_ref().filter(|r| !r.has_expression()) {
            let labels: Vec<&str> = runs_on.labels.iter().map(|l| l.text.as_str()).collect();
            raw.set("runner", labels.join(","));
            found.push(("runner labels", labels.join(", ")));
        }
    }
    if let Some((secret, _)) = login_secret(summary) {
        raw.set("fallback", secret.as_str());
        found.push(("token secret", secret));
    }
    if let Some(build) = summary.builds().next() {
        if let Some(path) = build.dockerfile.as_deref().filter(|p| *p != "Dockerfile") {
            raw.set("dockerfile", format!("./{path}"));
            found.push(("Dockerfile", path.to_string()));
        }
        if let Some(context) = build.context.as_deref().filter(|c| *c != ".") {
            raw.set("context", format!("./{context}"));
            found.push(("build context", context.to_string()));
        }
    }
    done(raw, from_repo, Some((file, found)))
}
