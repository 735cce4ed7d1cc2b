//! A small YAML tree with line numbers, built from yaml-rust2's event stream.
//!
//! Aliases are kept as leaves and never expanded, so "billion laughs" inputs
//! stay small; depth and node count are capped so hostile input ends in an
//! error instead of exhausting memory or the stack.

use super::AnalyzeError;
use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::TScalarStyle;

/// Deepest nesting accepted; real workflows stay under 15.
pub const MAX_DEPTH: usize = 64;
/// Most nodes accepted; a large real workflow has a few thousand.
pub const MAX_NODES: usize = 200_000;

/// One YAML node with the 1-based line it starts on.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub line: usize,
    pub value: Value,
}

/// The content of a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A scalar; `plain` is false for quoted and block scalars.
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
    /// A `*alias` reference, deliberately not expanded.
    Alias,
}

impl Node {
    /// The scalar text, if this is a scalar.
    pub fn str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// The value for a scalar key in a mapping.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entries()
            .find(|(k, _)| k.str() == Some(key))
            .map(|(_, v)| v)
    }

    /// The key node for a scalar key in a mapping (for its line number).
    pub fn key_node(&self, key: &str) -> Option<&Node> {
        self.entries()
            .find(|(k, _)| k.str() == Some(key))
            .map(|(k, _)| k)
    }

    /// A mapping's entries; empty for anything else.
    pub fn entries(&self) -> impl Iterator<Item = (&Node, &Node)> {
        let entries: &[(Node, Node)] = match &self.value {
            Value::Map(e) => e,
            _ => &[],
        };
        entries.iter().map(|(k, v)| (k, v))
    }

    /// A sequence's items; empty for anything else.
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// True for `~`, `null` or an empty plain scalar.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, plain: true } if matches!(text.as_str(), "" | "~" | "null" | "Null" | "NULL"))
    }
}

/// A container being filled while events arrive.
enum Open {
    Seq(usize, Vec<Node>),
    Map(usize, Vec<(Node, Node)>, Option<Node>),
}

/// Parse the first YAML document of `input` into a tree. `None` for an empty stream.
pub fn parse(input: &str) -> Result<Option<Node>, AnalyzeError> {
    let mut parser = Parser::new_from_str(input);
    let mut stack: Vec<Open> = Vec::new();
    let mut nodes = 0usize;
    loop {
        let (event, mark) = parser.next_token().map_err(|e| AnalyzeError::Syntax {
            line: e.marker().line(),
            column: e.marker().col() + 1,
            message: e.info().to_string(),
        })?;
        let line = mark.line();
        let done = match event {
            Event::StreamEnd | Event::DocumentEnd if stack.is_empty() => return Ok(None),
            Event::Scalar(text, style, _, _) => {
                let plain = style == TScalarStyle::Plain;
                Some(Node {
                    line,
                    value: Value::Scalar { text, plain },
                })
            }
            Event::Alias(_) => Some(Node {
                line,
                value: Value::Alias,
            }),
            Event::SequenceStart(..) | Event::MappingStart(..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(AnalyzeError::TooDeep {
                        line,
                        limit: MAX_DEPTH,
                    });
                }
                stack.push(if matches!(event, Event::SequenceStart(..)) {
                    Open::Seq(line, Vec::new())
                } else {
                    Open::Map(line, Vec::new(), None)
                });
                None
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Open::Seq(line, items)) => Some(Node {
                    line,
                    value: Value::Seq(items),
                }),
                Some(Open::Map(line, entries, _)) => Some(Node {
                    line,
                    value: Value::Map(entries),
                }),
                None => None,
            },
            _ => None,
        };
        let Some(node) = done else { continue };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(AnalyzeError::TooManyNodes { limit: MAX_NODES });
        }
        match stack.last_mut() {
            None => return Ok(Some(node)),
            Some(Open::Seq(_, items)) => items.push(node),
            Some(Open::Map(_, entries, pending)) => match pending.take() {
                None => *pending = Some(node),
                Some(key) => entries.push((key, node)),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_one_based() {
        let root = parse("a: 1\nb:\n  - x\n  - y: 'q'\n").unwrap().unwrap();
        assert_eq!(root.key_node("a").unwrap().line, 1);
        let b = root.get("b").unwrap();
        assert_eq!(b.items()[0].line, 3);
        assert_eq!(b.items()[1].get("y").unwrap().line, 4);
        assert_eq!(b.items()[1].get("y").unwrap().str(), Some("q"));
    }

    #[test]
    fn empty_input_is_no_document() {
        assert_eq!(parse("").unwrap(), None);
        assert_eq!(parse("# only a comment\n").unwrap(), None);
    }

    #[test]
    fn aliases_are_not_expanded() {
        let root = parse("a: &x [1, 2]\nb: *x\n").unwrap().unwrap();
        assert_eq!(root.get("b").unwrap().value, Value::Alias);
    }
}
