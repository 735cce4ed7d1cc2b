//! The `permissions:` of a workflow or job, read into a small model: not
//! declared, `read-all`, `write-all`, or a mapping of scopes (where `{}`
//! grants nothing), and the effective `packages` grant of a job.

use crate::analyze::tree::{Node, Value};

/// The access one scope grants.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Access {
    /// No `permissions:` at this level: the level above, or the repository default, decides.
    NotDeclared,
    /// `none`, or left out of a `permissions:` mapping (which grants only what it lists).
    None,
    Read,
    Write,
}

/// A `permissions:` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Permissions {
    /// No `permissions:` key.
    NotDeclared,
    /// `permissions: read-all`.
    ReadAll { line: usize },
    /// `permissions: write-all`.
    WriteAll { line: usize },
    /// A mapping of scopes; `{}` is an empty mapping and grants nothing.
    Scopes { line: usize, scopes: Vec<Scope> },
    /// Anything else (an expression, a typo); GitHub rejects such a workflow.
    Unrecognized { line: usize, text: String },
}

/// One `scope: access` entry of a `permissions:` mapping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// The scope name as written, e.g. `packages`.
    pub name: String,
    pub access: Access,
    pub line: usize,
}

/// The `packages` access a job's token gets, as the workflow states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PackagesGrant {
    /// `packages: write` (or `write-all`) on the job, or on the workflow when the job declares nothing.
    Write,
    /// A `permissions:` applies and does not grant `packages: write`.
    ReadOrNone,
    /// Neither the job nor the workflow declares `permissions:`; the repository's default decides.
    NotDeclared,
}

impl Permissions {
    /// Read the `permissions:` value of a workflow or job mapping.
    pub(crate) fn of(owner: &Node) -> Permissions {
        let Some(node) = owner.get("permissions") else {
            return Permissions::NotDeclared;
        };
        let line = owner.key_node("permissions").map_or(node.line, |k| k.line);
        match &node.value {
            Value::Scalar { text, .. } => match text.trim() {
                "read-all" => Permissions::ReadAll { line },
                "write-all" => Permissions::WriteAll { line },
                other => Permissions::Unrecognized {
                    line,
                    text: other.to_string(),
                },
            },
            Value::Map(entries) => Permissions::Scopes {
                line,
                scopes: entries
                    .iter()
                    .filter_map(|(k, v)| {
                        Some(Scope {
                            name: k.str()?.to_string(),
                            access: access_of(v.str().unwrap_or_default()),
                            line: k.line,
                        })
                    })
                    .collect(),
            },
            Value::Seq(_) | Value::Alias => Permissions::Unrecognized {
                line,
                text: String::new(),
            },
        }
    }

    /// True when a `permissions:` key is present.
    pub fn is_declared(&self) -> bool {
        !matches!(self, Permissions::NotDeclared)
    }

    /// The line of the `permissions:` key, if present.
    pub fn line(&self) -> Option<usize> {
        match self {
            Permissions::NotDeclared => None,
            Permissions::ReadAll { line }
            | Permissions::WriteAll { line }
            | Permissions::Scopes { line, .. }
            | Permissions::Unrecognized { line, .. } => Some(*line),
        }
    }

    /// The access this block grants to `scope` (e.g. `packages`, `id-token`).
    /// An unrecognized block counts as granting nothing.
    pub fn access(&self, scope: &str) -> Access {
        match self {
            Permissions::NotDeclared => Access::NotDeclared,
            Permissions::ReadAll { .. } => Access::Read,
            Permissions::WriteAll { .. } => Access::Write,
            Permissions::Scopes { scopes, .. } => scopes
                .iter()
                .find(|s| s.name == scope)
                .map_or(Access::None, |s| s.access),
            Permissions::Unrecognized { .. } => Access::None,
        }
    }

    /// True when this block grants write access to any scope (`write-all`,
    /// or a mapping with a `write` entry).
    pub fn grants_write(&self) -> bool {
        match self {
            Permissions::WriteAll { .. } => true,
            Permissions::Scopes { scopes, .. } => scopes.iter().any(|s| s.access == Access::Write),
            Permissions::NotDeclared
            | Permissions::ReadAll { .. }
            | Permissions::Unrecognized { .. } => false,
        }
    }

    /// The `packages` grant of a job with these permissions inside a workflow with `workflow`'s.
    pub fn packages_grant(job: &Permissions, workflow: &Permissions) -> PackagesGrant {
        let applied = if job.is_declared() { job } else { workflow };
        match applied.access("packages") {
            Access::Write => PackagesGrant::Write,
            Access::NotDeclared => PackagesGrant::NotDeclared,
            Access::None | Access::Read => PackagesGrant::ReadOrNone,
        }
    }
}

/// `read`, `write`, `none`; anything else is treated as `none` (GitHub rejects it).
fn access_of(text: &str) -> Access {
    match text.trim() {
        "read" => Access::Read,
        "write" => Access::Write,
        _ => Access::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::tree;

    fn perms(yaml: &str) -> Permissions {
        let root = tree::parse(yaml).unwrap().unwrap();
        Permissions::of(&root)
    }

    #[test]
    fn every_form() {
        assert_eq!(perms("a: 1\n"), Permissions::NotDeclared);
        assert_eq!(
            perms("permissions: read-all\n").access("packages"),
            Access::Read
        );
        assert_eq!(
            perms("permissions: write-all\n").access("packages"),
            Access::Write
        );
        assert_eq!(perms("permissions: {}\n").access("contents"), Access::None);
        assert!(perms("permissions: {}\n").is_declared());
        let map = perms("permissions:\n  contents: read\n  packages: write\n  id-token: none\n");
        assert_eq!(map.access("packages"), Access::Write);
        assert_eq!(map.access("contents"), Access::Read);
        assert_eq!(map.access("id-token"), Access::None);
        assert_eq!(map.access("actions"), Access::None);
        assert_eq!(map.line(), Some(1));
        assert!(matches!(
            perms("permissions: ${{ x }}\n"),
            Permissions::Unrecognized { .. }
        ));
    }

    #[test]
    fn packages_grant_falls_back_to_the_workflow_then_the_repository() {
        let none = Permissions::NotDeclared;
        let write = perms("permissions:\n  packages: write\n");
        let read = perms("permissions:\n  contents: read\n");
        assert_eq!(
            Permissions::packages_grant(&none, &none),
            PackagesGrant::NotDeclared
        );
        assert_eq!(
            Permissions::packages_grant(&none, &write),
            PackagesGrant::Write
        );
        assert_eq!(
            Permissions::packages_grant(&read, &write),
            PackagesGrant::ReadOrNone
        );
        assert_eq!(
            Permissions::packages_grant(&write, &read),
            PackagesGrant::Write
        );
    }
}
