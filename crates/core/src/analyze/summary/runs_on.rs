//! A job's `runs-on:`: one label, a list of labels, or a mapping with
//! `group:` and `labels:`. Expressions are kept as written and flagged.

use crate::analyze::tree::{Node, Value};

/// One runner label as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub text: String,
    /// True when the label is (or contains) a `${{ }}` expression, known only at run time.
    pub expression: bool,
}

/// Where a job runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunsOn {
    /// The line of the `runs-on:` value.
    pub line: usize,
    pub labels: Vec<Label>,
    /// The runner group of the mapping form, if any.
    pub group: Option<String>,
}

impl RunsOn {
    /// Read a job's `runs-on:`; `None` when it has none (e.g. a reusable-workflow call).
    pub(crate) fn of(job: &Node) -> Option<RunsOn> {
        let node = job.get("runs-on")?;
        let (labels, group) = match &node.value {
            Value::Map(_) => (
                node.get("labels").map(labels_of).unwrap_or_default(),
                node.get("group").and_then(Node::str).map(str::to_string),
            ),
            _ => (labels_of(node), None),
        };
        Some(RunsOn {
            line: node.line,
            labels,
            group,
        })
    }

    /// True when a label is `self-hosted` (any case).
    pub fn self_hosted(&self) -> bool {
        self.labels
            .iter()
            .any(|l| l.text.trim().eq_ignore_ascii_case("self-hosted"))
    }

    /// True when any label is decided at run time.
    pub fn has_expression(&self) -> bool {
        self.labels.iter().any(|l| l.expression)
    }
}

fn labels_of(node: &Node) -> Vec<Label> {
    let label = |text: &str| Label {
        text: text.to_string(),
        expression: text.contains("${{"),
    };
    match &node.value {
        Value::Scalar { text, .. } if !node.is_null() => vec![label(text)],
        Value::Seq(items) => items.iter().filter_map(Node::str).map(label).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tree;

    fn runs_on(yaml: &str) -> Option<RunsOn> {
        RunsOn::of(&tree::parse(yaml).unwrap().unwrap())
    }

    fn texts(r: &RunsOn) -> Vec<&str> {
        r.labels.iter().map(|l| l.text.as_str()).collect()
    }

    #[test]
    fn every_form() {
        let one = runs_on("runs-on: ubuntu-latest\n").unwrap();
        assert_eq!(texts(&one), ["ubuntu-latest"]);
        assert!(!one.self_hosted());
        let list = runs_on("runs-on: [self-hosted, linux, x64]\n").unwrap();
        assert_eq!(texts(&list), ["self-hosted", "linux", "x64"]);
        assert!(list.self_hosted());
        let map = runs_on("runs-on:\n  group: big\n  labels: Self-Hosted\n").unwrap();
        assert_eq!(
            (map.group.as_deref(), texts(&map)),
            (Some("big"), vec!["Self-Hosted"])
        );
        assert!(map.self_hosted());
        let expr = runs_on("runs-on: ${{ matrix.os }}\n").unwrap();
        assert!(expr.has_expression() && !expr.self_hosted());
        assert_eq!(runs_on("steps: []\n"), None);
        assert_eq!(runs_on("runs-on:\n").map(|r| r.labels.len()), Some(0));
    }
}
