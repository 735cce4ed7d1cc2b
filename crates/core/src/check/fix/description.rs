//! What the workflow fixes write: the generated workflow (from the options
//! the facts suggest and the run's pins) and the pull request's Markdown
//! description — what the file does, and the rows of the checklist it
//! addresses.

use super::dispatch::Basis;
use crate::check::checks::{evaluate_all, Item};
use crate::check::suggest::suggested_options;
use crate::check::verdict::{Group, Status};
use crate::workflow::generate_with;

/// The workflow to write and the pull request's description.
pub(crate) fn proposal(basis: &Basis<'_>) -> Result<(String, String), String> {
    let suggestion = suggested_options(basis.facts, basis.target);
    let options = suggestion.options.validate().map_err(|errors| {
        errors
            .iter()
            .map(|e| e.message.clone())
            .collect::<Vec<_>>()
            .join(" ")
    })?;
    let yaml = generate_with(&options, basis.pins);
    let items = evaluate_all(basis.facts, basis.target, basis.identity, basis.judged_ms);
    Ok((yaml, pull_body(&items)))
}

/// The pull request's description: what the file does, then each failing
/// or warning row about the workflow or the repository's settings.
fn pull_body(items: &[Item]) -> String {
    let fixed: Vec<String> = items
        .iter()
        .filter(|i| matches!(i.verdict.status, Status::Fail | Status::Warn))
        .filter(|i| matches!(i.meta.group, Group::Workflow | Group::RepoSettings))
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
    body.push_str(
        "\nProposed by ghcr-setup. Review it like any change; nothing runs until it is merged.\n",
    );
    body
}
