//! Reading and writing the generated workflow through the contents API, as both the
//! pull-request proposal and the direct commit do: the body GitHub expects
//! (base64 content, the branch, and the blob SHA when a file is replaced —
//! GitHub refuses a blind overwrite).

use serde::Serialize;

use super::Step;
use crate::api::Endpoint;
use crate::names::{BranchName, RepoPath, RepoSlug, WorkflowFileName};

#[derive(Serialize)]
struct FileBody<'a> {
    message: &'a str,
    content: String,
    branch: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    sha: Option<&'a str>,
}

/// Where the generated workflow lives: `.github/workflows/docker-image.yml`.
pub(crate) fn workflow_path() -> RepoPath {
    WorkflowFileName::docker_image().repo_path()
}

/// The request that reads the workflow file on `branch` (its blob SHA is
/// needed to replace it; a 404 means it is not there).
pub(crate) fn read_workflow(repo: &RepoSlug, branch: &BranchName) -> Step {
    Step::Send(
        Endpoint::Contents {
            repo: repo.clone(),
            path: workflow_path(),
            at: Some(branch.clone()),
        },
        None,
    )
}

/// The request that writes `yaml` to the workflow path on `branch`,
/// replacing the blob `sha` when the file is there.
pub(crate) fn write_workflow(
    repo: &RepoSlug,
    branch: &BranchName,
    yaml: &str,
    message: &str,
    sha: Option<&str>,
) -> Step {
    let body = FileBody {
        message,
        content: crate::encoding::encode(yaml.as_bytes()),
        branch: branch.as_str(),
        sha,
    };
    Step::Send(
        Endpoint::PutContents {
            repo: repo.clone(),
            path: workflow_path(),
        },
        serde_json::to_string(&body).ok(),
    )
}
