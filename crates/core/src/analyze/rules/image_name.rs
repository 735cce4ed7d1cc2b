//! Rule `image-name`: image names given to metadata-action (`images:`),
//! build-push (`tags:`), attest (`subject-name:`) and `*IMAGE*` env variables
//! are literal and lower case. ghcr.io refuses repository names with
//! upper-case letters, and `github.repository` keeps the owner's capitals, so
//! such a push fails at the very end of the build.

use super::{finding, with_input, Ctx, Rule, BUILD_PUSH};
use crate::analyze::tree::Node;
use crate::analyze::{Finding, Severity};

const ID: &str = "image-name";

const METADATA: &str = "docker/metadata-action";
const ATTEST: &[&str] = &["actions/attest", "actions/attest-build-provenance"];

/// Checks that image names are literal and lower case.
pub struct ImageName;

impl Rule for ImageName {
    fn id(&self) -> &'static str {
        ID
    }

    fn summary(&self) -> &'static str {
        "image names are literal and lower case"
    }

    fn check(&self, ctx: &Ctx, out: &mut Vec<Finding>) {
        for s in ctx.action_steps() {
            let Some(input) = image_input(s.name) else {
                continue;
            };
            if let Some(node) = with_input(s.step, input) {
                check_image_value(node, out);
            }
        }
        let scopes = std::iter::once(ctx.root)
            .chain(ctx.jobs().map(|(_, j)| j))
            .chain(ctx.steps().map(|(_, s)| s));
        for scope in scopes {
            for (key, value) in scope.get("env").into_iter().flat_map(Node::entries) {
                if key
                    .str()
                    .is_some_and(|k| k.to_ascii_uppercase().contains("IMAGE"))
                {
                    check_image_value(value, out);
                }
            }
        }
    }
}

/// The `with:` input that holds image names for this action, if it has one.
fn image_input(action: &str) -> Option<&'static str> {
    if action.eq_ignore_ascii_case(METADATA) {
        Some("images")
    } else if action.eq_ignore_ascii_case(BUILD_PUSH) {
        Some("tags")
    } else if ATTEST.iter().any(|a| action.eq_ignore_ascii_case(a)) {
        Some("subject-name")
    } else {
        None
    }
}

/// Remove `${{ ... }}` parts, keeping the literal text around them.
fn literal_parts(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(start) = rest.find("${{") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("}}")
            .map_or("", |end| &rest[start + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// The repository part of an image reference: drop `name=` prefixes, options and the `:tag`.
fn repository_part(item: &str) -> &str {
    let item = item.trim();
    let item = item.strip_prefix("name=").unwrap_or(item);
    let item = item.split(',').next().unwrap_or(item);
    let last_slash = item.rfind('/').map_or(0, |i| i + 1);
    match item[last_slash..].find(':') {
        Some(colon) => &item[..last_slash + colon],
        None => item,
    }
}

fn check_image_value(node: &Node, out: &mut Vec<Finding>) {
    let Some(text) = node.str() else { return };
    if text.contains("github.repository") {
        out.push(finding(node.line, ID, Severity::Warning,
            "The image name is built from `github.repository`, which keeps the owner's upper-case letters; ghcr.io only accepts lower case.".into(),
            "Write the image name literally in lower case, e.g. `ghcr.io/owner/name`."));
        return;
    }
    let literal = literal_parts(text);
    for item in literal
        .split(['\n', ','])
        .map(repository_part)
        .filter(|i| !i.is_empty())
    {
        if item.chars().any(|c| c.is_ascii_uppercase()) {
            out.push(finding(
                node.line,
                ID,
                Severity::Error,
                format!("The image name `{item}` has upper-case letters; ghcr.io refuses them."),
                format!("Use `{}`.", item.to_ascii_lowercase()),
            ));
        }
    }
}
