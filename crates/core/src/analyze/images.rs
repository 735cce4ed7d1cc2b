//! Image names as a workflow writes them: the items of metadata-action's
//! `images:`, build-push's `tags:`, bake's `set: *.tags=`, attest's
//! `subject-name:` and registry references in container commands, with
//! `env:` variables filled in and the tag or digest dropped.

use super::flow::{is_case_keeping, SinkKind, SinkSite};
use super::workflow::{expressions, literal_parts, next_expression, Workflow};

/// One image name found at a place that takes image names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ImageItem {
    /// The item as written, before variables are filled in (to find its line).
    pub raw: String,
    /// The repository part (`ghcr.io/owner/name`), with variables filled in.
    pub name: String,
    /// True when no `${{ }}` or `$VAR` is left in the name.
    pub literal: bool,
    /// True when the name is built from `github.repository` (or the owner or actor).
    pub from_repository: bool,
    /// The `env:` variables filled in, with the lines that define them.
    pub via: Vec<(String, usize)>,
}

impl ImageItem {
    /// When the name's written parts (outside `${{ }}` and `$VAR`) have
    /// upper-case letters: the name with those parts lower-cased.
    pub fn upper_case_fix(&self) -> Option<String> {
        let parts = segments(&self.name);
        let upper = parts
            .iter()
            .any(|(variable, text)| !variable && text.chars().any(|c| c.is_ascii_uppercase()));
        upper.then(|| {
            parts
                .iter()
                .map(|(variable, text)| {
                    if *variable {
                        (*text).to_string()
                    } else {
                        text.to_ascii_lowercase()
                    }
                })
                .collect()
        })
    }
}

/// The text cut into written parts and variable parts (`${{ … }}`, `${…}`, `$NAME`), in order.
fn segments(text: &str) -> Vec<(bool, &str)> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('$') {
        let tail = &rest[start..];
        let len = if let Some((_, _, after)) = tail
            .starts_with("${{")
            .then(|| next_expression(tail))
            .flatten()
        {
            tail.len() - after.len()
        } else if let Some(body) = tail.strip_prefix("${") {
            body.find('}').map_or(tail.len(), |end| end + 3)
        } else {
            1 + tail[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(tail.len() - 1)
        };
        if start > 0 {
            out.push((false, &rest[..start]));
        }
        out.push((true, &tail[..len]));
        rest = &tail[len..];
    }
    if !rest.is_empty() {
        out.push((false, rest));
    }
    out
}

/// The image names at one place, in order.
pub(crate) fn items_at(wf: &Workflow, site: &SinkSite) -> Vec<ImageItem> {
    let raw: Vec<String> = match site.kind {
        SinkKind::MetadataImages => metadata_images(&site.text),
        SinkKind::BuildPushTags | SinkKind::AttestSubject => split_list(&site.text),
        SinkKind::BakeSet => bake_tags(&site.text),
        SinkKind::RunCommand => Vec::new(),
    };
    let mut out: Vec<ImageItem> = raw
        .iter()
        .filter_map(|item| {
            let resolved = wf.resolve(site.job, Some(site.step), item);
            to_item(item, &resolved.text, resolved.used)
        })
        .collect();
    if site.kind == SinkKind::RunCommand {
        out.extend(command_images(wf, site));
    }
    out
}

fn to_item(raw: &str, text: &str, via: Vec<(String, usize)>) -> Option<ImageItem> {
    let name = repository_part(text);
    if name.is_empty() {
        return None;
    }
    let exprs = expressions(name);
    let from_repository = exprs.iter().any(|e| is_case_keeping(e));
    let step_output = literal_parts(name).trim().is_empty()
        && !from_repository
        && exprs
            .iter()
            .all(|e| e.contains("steps.") || e.contains("needs."));
    if step_output {
        return None;
    }
    Some(ImageItem {
        raw: raw.to_string(),
        name: name.to_string(),
        literal: !segments(name).iter().any(|(variable, _)| *variable),
        from_repository,
        via,
    })
}

/// metadata-action `images:` items: one per line or comma, `name=` kept, other attributes dropped.
fn metadata_images(text: &str) -> Vec<String> {
    split_list(text)
        .into_iter()
        .filter_map(|part| match part.split_once('=') {
            None => Some(part),
            Some(("name", value)) => Some(value.trim().to_string()),
            Some(_) => None,
        })
        .collect()
}

/// Items separated by newlines or commas, trimmed, empty ones dropped. Commas
/// inside `${{ }}` do not split.
fn split_list(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut rest = text;
    loop {
        let (before, expr, after) = match next_expression(rest) {
            Some((before, inner, after)) => (before, Some(inner), after),
            None => (rest, None, ""),
        };
        for (i, piece) in before.split(['\n', ',']).enumerate() {
            if i > 0 {
                out.push(std::mem::take(&mut current));
            }
            current.push_str(piece);
        }
        match expr {
            Some(inner) => {
                current.push_str("${{");
                current.push_str(inner);
                current.push_str("}}");
                rest = after;
            }
            None => break,
        }
    }
    out.push(current);
    out.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The values of `<target>.tags=…` lines of bake's `set:`.
fn bake_tags(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| line.split_once('='))
        .filter(|(key, _)| key.trim().ends_with(".tags"))
        .flat_map(|(_, value)| split_list(value))
        .collect()
}

/// The repository part of an image reference: without `:tag` or `@digest`.
pub(crate) fn repository_part(item: &str) -> &str {
    let item = item.trim();
    let item = item.split_once('@').map_or(item, |(name, _)| name);
    let last_slash = item.rfind('/').map_or(0, |i| i + 1);
    match item[last_slash..].find(':') {
        Some(colon) => &item[..last_slash + colon],
        None => item,
    }
}

/// The registry host of an image name, if it names one (`ghcr.io/o/r` → `ghcr.io`).
pub(crate) fn registry_of(name: &str) -> Option<&str> {
    let (first, _) = name.split_once('/')?;
    (first.contains('.') || first.contains(':') || first == "localhost").then_some(first)
}

/// Registry references in a container command (`ghcr.io/o/r:1`, `ghcr.io/$IMAGE`),
/// with `$VAR` and `${{ env.X }}` filled in from `env:`.
fn command_images(wf: &Workflow, site: &SinkSite) -> Vec<ImageItem> {
    let mut out = Vec::new();
    for word in site.text.split_whitespace() {
        let word = word.trim_matches(|c| c == '"' || c == '\'');
        let word = word
            .strip_prefix("--tag=")
            .or_else(|| word.strip_prefix("-t="))
            .unwrap_or(word);
        let (filled, mut via, runner) = fill_shell(wf, site, word);
        let resolved = wf.resolve(site.job, Some(site.step), &filled);
        via.extend(resolved.used);
        let name = repository_part(&resolved.text);
        if registry_of(name).is_none() || name.starts_with("http") {
            continue;
        }
        if let Some(mut item) = to_item(word, name, via) {
            item.from_repository |= runner;
            item.literal &= !runner;
            out.push(item);
        }
    }
    out
}

/// Fill `$NAME`/`${NAME}` from `env:`; says which variables were used and
/// whether a case-keeping runner variable (`$GITHUB_REPOSITORY`) remains.
fn fill_shell<'a>(
    wf: &Workflow<'a>,
    site: &SinkSite<'a>,
    word: &str,
) -> (String, Vec<(String, usize)>, bool) {
    let mut runner = false;
    let (text, via) = wf.fill_shell(site.job, Some(site.step), word, |name| {
        if !name.starts_with("GITHUB_") {
            return false;
        }
        runner |= matches!(
            name,
            "GITHUB_REPOSITORY"
                | "GITHUB_REPOSITORY_OWNER"
                | "GITHUB_ACTOR"
                | "GITHUB_TRIGGERING_ACTOR"
        );
        true
    });
    (text, via, runner)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_outside_expressions() {
        assert_eq!(
            split_list("a, b\n\n ${{ format('{0},{1}', x, y) }}:1 ,c"),
            ["a", "b", "${{ format('{0},{1}', x, y) }}:1", "c"]
        );
        assert_eq!(
            metadata_images("name=ghcr.io/o/r,enable=true\ndocker.io/o/r"),
            ["ghcr.io/o/r", "docker.io/o/r"]
        );
        assert_eq!(
            bake_tags("*.tags=ghcr.io/o/r:1\n*.platform=linux/amd64"),
            ["ghcr.io/o/r:1"]
        );
    }

    #[test]
    fn repository_parts() {
        assert_eq!(repository_part("ghcr.io/o/r:latest"), "ghcr.io/o/r");
        assert_eq!(repository_part("localhost:5000/r"), "localhost:5000/r");
        assert_eq!(repository_part("ghcr.io/o/r@sha256:abc"), "ghcr.io/o/r");
        assert_eq!(repository_part("r"), "r");
        assert_eq!(registry_of("ghcr.io/o/r"), Some("ghcr.io"));
        assert_eq!(registry_of("o/r"), None);
    }

    #[test]
    fn upper_case_fix_keeps_expressions() {
        let raw = "ghcr.io/${{ github.repository_owner }}/MyApp:1";
        let item = to_item(raw, raw, Vec::new()).unwrap();
        assert!(item.from_repository && !item.literal);
        assert_eq!(
            item.upper_case_fix().as_deref(),
            Some("ghcr.io/${{ github.repository_owner }}/myapp")
        );
        let output = "${{ steps.meta.outputs.tags }}";
        assert_eq!(to_item(output, output, Vec::new()), None);
        let shell = "ghcr.io/${IMAGE_NAME,,}/$SUFFIX/Web";
        let item = to_item(shell, shell, Vec::new()).unwrap();
        assert!(!item.literal);
        assert_eq!(
            item.upper_case_fix().as_deref(),
            Some("ghcr.io/${IMAGE_NAME,,}/$SUFFIX/web")
        );
        assert_eq!(
            segments("a${{ x }}b${Y}c$Z-d$"),
            [
                (false, "a"),
                (true, "${{ x }}"),
                (false, "b"),
                (true, "${Y}"),
                (false, "c"),
                (true, "$Z"),
                (false, "-d"),
                (true, "$")
            ]
        );
    }
}
