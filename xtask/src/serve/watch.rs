//! Change detection for `cargo xtask serve` by polling: a [`Snapshot`] is
//! every watched file with its modification time, and [`changes`] compares
//! two of them — a pure function, so what counts as a change is tested
//! without a file system or a clock.
//!
//! Watched are the app's own sources (the same list Trunk.toml watches):
//! `src/`, `style/`, `public/`, `index.html`, the manifests and
//! `crates/core/src`. Hidden files and editor leftovers (`.x.swp`, `x~`,
//! Vim's `4913` probe) are not sources and never start a build.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// What is watched, relative to the workspace root: folders (walked) and files.
pub const WATCHED: &[&str] = &[
    "src",
    "style",
    "public",
    "index.html",
    "Cargo.toml",
    "Cargo.lock",
    "crates/core/src",
    "crates/core/Cargo.toml",
];

/// Every watched file (relative path) with its modification time.
pub type Snapshot = Vec<(PathBuf, SystemTime)>;

/// One difference between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    Added(PathBuf),
    Removed(PathBuf),
    Modified(PathBuf),
}

impl Change {
    /// The file that changed.
    pub fn path(&self) -> &Path {
        match self {
            Change::Added(p) | Change::Removed(p) | Change::Modified(p) => p,
        }
    }
}

/// What changed from `before` to `after`, in path order. Either list may
/// be in any order; a file whose time moved backwards (a checkout of an
/// older version) counts as modified too.
pub fn changes(before: &[(PathBuf, SystemTime)], after: &[(PathBuf, SystemTime)]) -> Vec<Change> {
    let old: BTreeMap<&PathBuf, &SystemTime> = before.iter().map(|(p, t)| (p, t)).collect();
    let new: BTreeMap<&PathBuf, &SystemTime> = after.iter().map(|(p, t)| (p, t)).collect();
    let mut out = Vec::new();
    for (path, time) in &new {
        match old.get(path) {
            None => out.push(Change::Added((*path).clone())),
            Some(was) if was != time => out.push(Change::Modified((*path).clone())),
            Some(_) => {}
        }
    }
    for path in old.keys() {
        if !new.contains_key(path) {
            out.push(Change::Removed((*path).clone()));
        }
    }
    out.sort_by(|a, b| a.path().cmp(b.path()));
    out
}

/// Whether a file name can be a source (not hidden, not an editor's leftover).
pub fn is_source_name(name: &str) -> bool {
    !(name.is_empty()
        || name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913")
}

/// One line for a person: the first change and how many more.
pub fn summary(changes: &[Change]) -> String {
    let Some(first) = changes.first() else {
        return "nothing changed".into();
    };
    let what = match first {
        Change::Added(_) => "added",
        Change::Removed(_) => "removed",
        Change::Modified(_) => "changed",
    };
    let mut line = format!("{} {what}", first.path().display());
    if changes.len() > 1 {
        line.push_str(&format!(" (and {} more)", changes.len() - 1));
    }
    line
}

/// The watched files under `root` now. Files that vanish while being read
/// are left out (the next poll sees them gone).
pub fn snapshot(root: &Path) -> Snapshot {
    let mut out = Vec::new();
    for entry in WATCHED {
        walk(root, Path::new(entry), &mut out);
    }
    out.sort();
    out
}

fn walk(root: &Path, relative: &Path, out: &mut Snapshot) {
    let full = root.join(relative);
    let Ok(meta) = std::fs::metadata(&full) else {
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(&full) else {
            return;
        };
        for e in entries.flatten() {
            let name = e.file_name();
            if is_source_name(&name.to_string_lossy()) {
                walk(root, &relative.join(name), out);
            }
        }
    } else if let Ok(time) = meta.modified() {
        out.push((relative.to_path_buf(), time));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn at(secs: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(secs)
    }

    fn snap(files: &[(&str, u64)]) -> Snapshot {
        files
            .iter()
            .map(|(p, t)| (PathBuf::from(p), at(*t)))
            .collect()
    }

    #[test]
    fn the_same_files_at_the_same_times_are_no_change() {
        let a = snap(&[("src/app.rs", 10), ("index.html", 5)]);
        let b = snap(&[("index.html", 5), ("src/app.rs", 10)]);
        assert_eq!(changes(&a, &b), []);
        assert_eq!(changes(&[], &[]), []);
    }

    #[test]
    fn added_removed_and_modified_files_are_each_named_in_path_order() {
        let before = snap(&[
            ("src/app.rs", 10),
            ("src/old.rs", 10),
            ("style/main.css", 10),
        ]);
        let after = snap(&[
            ("style/main.css", 11),
            ("src/new.rs", 12),
            ("src/app.rs", 10),
        ]);
        assert_eq!(
            changes(&before, &after),
            [
                Change::Added("src/new.rs".into()),
                Change::Removed("src/old.rs".into()),
                Change::Modified("style/main.css".into()),
            ]
        );
    }

    #[test]
    fn a_time_moving_backwards_is_a_change() {
        let before = snap(&[("src/app.rs", 20)]);
        let after = snap(&[("src/app.rs", 10)]);
        assert_eq!(
            changes(&before, &after),
            [Change::Modified("src/app.rs".into())]
        );
    }

    #[test]
    fn the_first_snapshot_sees_every_file_added() {
        let after = snap(&[("b", 1), ("a", 1)]);
        assert_eq!(
            changes(&[], &after),
            [Change::Added("a".into()), Change::Added("b".into())]
        );
    }

    #[test]
    fn the_summary_names_the_first_change_and_counts_the_rest() {
        let c = changes(&snap(&[]), &snap(&[("src/a.rs", 1), ("src/b.rs", 1)]));
        assert_eq!(summary(&c), "src/a.rs added (and 1 more)");
        assert_eq!(
            summary(&[Change::Modified("index.html".into())]),
            "index.html changed"
        );
        assert_eq!(summary(&[]), "nothing changed");
    }

    #[test]
    fn editor_leftovers_are_not_sources() {
        for name in [".app.rs.swp", "app.rs~", "4913", ".hidden", "x.swx", ""] {
            assert!(!is_source_name(name), "{name}");
        }
        for name in ["app.rs", "main.css", "favicon.svg", "index.html"] {
            assert!(is_source_name(name), "{name}");
        }
    }

    #[test]
    fn a_snapshot_lists_watched_files_only() {
        let root = std::env::temp_dir().join(format!("xtask-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("src/pages")).unwrap();
        std::fs::create_dir_all(root.join("target")).unwrap();
        std::fs::write(root.join("src/pages/home.rs"), "").unwrap();
        std::fs::write(root.join("src/.home.rs.swp"), "").unwrap();
        std::fs::write(root.join("index.html"), "").unwrap();
        std::fs::write(root.join("target/out.wasm"), "").unwrap();
        let files: Vec<PathBuf> = snapshot(&root).into_iter().map(|(p, _)| p).collect();
        let _ = std::fs::remove_dir_all(&root);
        assert_eq!(
            files,
            [
                PathBuf::from("index.html"),
                PathBuf::from("src/pages/home.rs")
            ]
        );
    }
}
