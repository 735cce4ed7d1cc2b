//! Rule `image-name`: the image names a workflow pushes, signs or attests are
//! lower case. ghcr.io refuses repository names with upper-case letters, and
//! `github.repository` (like the owner and actor names) keeps the owner's
//! capitals, so such a push fails at the very end of the build.
//!
//! The rule follows where the value flows: docker/metadata-action lower-cases
//! its `images:` itself, so `github.repository` reaching only that input (as
//! in GitHub's own starter workflow) is fine. Reaching build-push's `tags:`,
//! bake's `set:`, attest's `subject-name:` or a `docker`/`cosign` command as
//! written is not.

use super::{Ctx, Out};
use crate::analyze::flow::{sink_sites, Origin, SinkKind};
use crate::analyze::images::items_at;
use crate::analyze::Severity;

rule!(
    /// Checks that pushed image names are lower case.
    ImageName,
    "image-name",
    "image names that are pushed as written are lower case"
);

impl ImageName {
    fn run(ctx: &Ctx, out: &mut Out) {
        let mut reported: Vec<usize> = Vec::new();
        for flow in &ctx.summary.repository_flows {
            for sink in flow.sinks.iter().filter(|s| !s.kind.lower_cases()) {
                if reported.contains(&sink.line) {
                    continue;
                }
                reported.push(sink.line);
                out.push(
                    sink.line,
                    Severity::Warning,
                    format!(
                        "The image name in {} comes from {}, which keeps any upper-case letters of the GitHub name; ghcr.io accepts only lower case.",
                        sink.kind.describe(),
                        source(&flow.origin)
                    ),
                    case_fix(sink.kind),
                );
            }
        }
        for site in sink_sites(&ctx.wf) {
            let mut fixes: Vec<String> = Vec::new();
            for item in items_at(&ctx.wf, &site) {
                let Some(fixed) = item.upper_case_fix() else {
                    continue;
                };
                if fixes.contains(&fixed) {
                    continue;
                }
                fixes.push(fixed.clone());
                let line = ctx.wf.line_of(site.line, &item.raw);
                let set_in = match item.via.last() {
                    Some((name, line)) => format!(" (set in `env.{name}`, line {line})"),
                    None => String::new(),
                };
                if site.kind.lower_cases() {
                    out.push(
                        line,
                        Severity::Info,
                        format!(
                            "metadata-action lower-cases the image name `{}` to `{fixed}` before pushing.",
                            item.name
                        ),
                        format!("Nothing to change; writing `{fixed}`{set_in} shows the published name as it is."),
                    );
                } else {
                    out.push(
                        line,
                        Severity::Error,
                        format!(
                            "The image name `{}` has upper-case letters; ghcr.io refuses them.",
                            item.name
                        ),
                        format!("Use `{fixed}`{set_in}."),
                    );
                }
            }
        }
    }
}

/// Where the value comes from, for a message: the expression, and the variable it passes through.
fn source(origin: &Origin) -> String {
    match origin {
        Origin::Expression { expression, .. } => format!("`{expression}`"),
        Origin::Env {
            name,
            line,
            expression,
        } => format!("`{expression}` through `env.{name}` (line {line})"),
        Origin::RunnerVariable { name, .. } => format!("`${name}`"),
    }
}

/// How to fix a case-keeping name at a place that uses it as written.
fn case_fix(kind: SinkKind) -> &'static str {
    match kind {
        SinkKind::BuildPushTags | SinkKind::BakeSet => "Give the name to docker/metadata-action's `images:` and use its tags (`tags: ${{ steps.meta.outputs.tags }}`), which it lower-cases; or write the name in lower case, e.g. `ghcr.io/owner/name`.",
        SinkKind::AttestSubject => "Write `subject-name:` in lower case, e.g. `ghcr.io/owner/name`.",
        SinkKind::RunCommand | SinkKind::MetadataImages => "Write the name in lower case, e.g. `ghcr.io/owner/name`, or lower-case it in the script first (`${NAME,,}` in bash).",
    }
}
