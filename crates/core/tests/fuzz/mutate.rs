//! Mutations of valid inputs, as proptest strategies: byte-level edits of a
//! text (flips, deletions, duplications, insertions from a dictionary,
//! swapped and re-indented lines, truncation) and structural edits of a
//! JSON document (a value deleted, replaced, duplicated, wrapped, a key
//! renamed). Positions are [`Index`]es, so failures shrink to few edits.
//!
//! Shared with the fake GitHub's scenario target (included there by path).

#![allow(dead_code)]

use proptest::prelude::*;
use proptest::sample::Index;
use serde_json::{Map, Value};

/// One byte-level edit.
#[derive(Debug, Clone)]
pub enum Edit {
    /// XOR one byte with a mask.
    Flip(Index, u8),
    /// Remove up to `len` bytes.
    Delete(Index, usize),
    /// Copy up to `len` bytes from one place to another.
    Duplicate(Index, usize, Index),
    /// Insert a dictionary word.
    Insert(Index, Index),
    /// Swap two lines.
    SwapLines(Index, Index),
    /// Add or remove leading spaces of a line.
    Indent(Index, i8),
    /// Cut the text.
    Truncate(Index),
}

/// Any edit (inserted words are picked from the dictionary given to [`apply`]).
pub fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        3 => (any::<Index>(), any::<u8>()).prop_map(|(at, mask)| Edit::Flip(at, mask)),
        2 => (any::<Index>(), 1usize..64).prop_map(|(at, len)| Edit::Delete(at, len)),
        2 => (any::<Index>(), 1usize..512, any::<Index>()).prop_map(|(f, len, t)| Edit::Duplicate(f, len, t)),
        4 => (any::<Index>(), any::<Index>()).prop_map(|(at, word)| Edit::Insert(at, word)),
        1 => (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Edit::SwapLines(a, b)),
        1 => (any::<Index>(), -8i8..8).prop_map(|(line, by)| Edit::Indent(line, by)),
        1 => any::<Index>().prop_map(Edit::Truncate),
    ]
}

/// Applies `edits` to `seed`; inserted words come from `dictionary`.
pub fn apply(seed: &[u8], edits: &[Edit], dictionary: &[&str]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for edit in edits {
        let len = bytes.len();
        match edit {
            Edit::Flip(at, mask) if len > 0 => bytes[at.index(len)] ^= mask.max(&1),
            Edit::Delete(at, n) if len > 0 => {
                let start = at.index(len);
                let end = (start + n).min(len);
                bytes.drain(start..end);
            }
            Edit::Duplicate(from, n, to) if len > 0 => {
                let start = from.index(len);
                let piece: Vec<u8> = bytes[start..(start + n).min(len)].to_vec();
                let at = to.index(len + 1);
                bytes.splice(at..at, piece);
            }
            Edit::Insert(at, word) if !dictionary.is_empty() => {
                let word = dictionary[word.index(dictionary.len())].as_bytes();
                let at = at.index(len + 1);
                bytes.splice(at..at, word.iter().copied());
            }
            Edit::SwapLines(a, b) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                lines.swap(a.index(n), b.index(n));
                bytes = lines.join(&b'\n');
            }
            Edit::Indent(line, by) => {
                let mut lines: Vec<Vec<u8>> =
                    bytes.split(|b| *b == b'\n').map(<[u8]>::to_vec).collect();
                let n = lines.len();
                let target = &mut lines[line.index(n)];
                if *by >= 0 {
                    target.splice(
                        0..0,
                        std::iter::repeat_n(b' ', usize::from(by.unsigned_abs())),
                    );
                } else {
                    let spaces = target.iter().take_while(|c| **c == b' ').count();
                    target.drain(0..spaces.min(usize::from(by.unsigned_abs())));
                }
                bytes = lines.join(&b'\n');
            }
            Edit::Truncate(at) => bytes.truncate(at.index(len + 1)),
            _ => {}
        }
    }
    bytes
}

/// One of `seeds` with 1 to `max_edits` edits, as text (bytes that are not
/// UTF-8 become U+FFFD).
pub fn mutated_text(
    seeds: Vec<String>,
    dictionary: &'static [&'static str],
    max_edits: usize,
) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(seeds),
        proptest::collection::vec(edit(), 1..=max_edits),
    )
        .prop_map(move |(seed, edits)| {
            String::from_utf8_lossy(&apply(seed.as_bytes(), &edits, dictionary)).into_owned()
        })
}

/// One of `seeds` with 1 to `max_edits` edits, as bytes.
pub fn mutated_bytes(
    seeds: Vec<Vec<u8>>,
    dictionary: &'static [&'static str],
    max_edits: usize,
) -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::select(seeds),
        proptest::collection::vec(edit(), 1..=max_edits),
    )
        .prop_map(move |(seed, edits)| apply(&seed, &edits, dictionary))
}

/// Words worth inserting into JSON.
pub const JSON_WORDS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e999",
    "-0",
    "18446744073709551616",
    "-9223372036854775809",
    "\\u0000",
    "\\ud800",
    "\\\"",
    "\"\":",
    "[[[[[[[[[[[[[[[[",
    "]]]]]]]]",
    "{\"a\":{\"a\":{\"a\":",
    "\"v\":2,",
    "\"items\":[",
    " ",
    "\n",
    "\u{feff}",
    "\u{0}",
    "\u{fffd}",
    "ghp_0123456789abcdefghij0123456789abcd",
];

/// One structural edit of a JSON document.
#[derive(Debug, Clone)]
pub enum JsonEdit {
    /// Remove the value (from its object or array).
    Remove(Index),
    /// Put another value in its place.
    Replace(Index, Value),
    /// Put a copy of it next to itself (arrays), or under a second key.
    Duplicate(Index),
    /// Put it inside a one-element array.
    Wrap(Index),
    /// Rename its key (values in objects).
    Rename(Index, String),
    /// Put a copy of another value of the same JSON type in its place
    /// (text for text, number for number, …): damage that still fits.
    Swap(Index, Index),
}

/// A JSON value of any shape, small.
pub fn json_value() -> impl Strategy<Value = Value> {
    let leaf = json_leaf();
    leaf.prop_recursive(4, 24, 6, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            proptest::collection::vec((json_key(), inner), 0..6)
                .prop_map(|entries| Value::Object(entries.into_iter().collect::<Map<_, _>>())),
        ]
    })
}

/// A key: a word GitHub's answers use, or any text.
pub fn json_key() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(KEYS).prop_map(str::to_string),
        1 => any::<String>(),
    ]
}

const KEYS: &[&str] = &[
    "v",
    "repo",
    "image",
    "at",
    "options",
    "items",
    "id",
    "s",
    "t",
    "e",
    "l",
    "login",
    "name",
    "type",
    "full_name",
    "owner",
    "private",
    "visibility",
    "default_branch",
    "archived",
    "permissions",
    "admin",
    "push",
    "pull",
    "maintain",
    "triage",
    "enabled",
    "allowed_actions",
    "enabled_repositories",
    "sha_pinning_required",
    "default_workflow_permissions",
    "can_approve_pull_request_reviews",
    "github_owned_allowed",
    "verified_allowed",
    "patterns_allowed",
    "total_count",
    "runners",
    "secrets",
    "labels",
    "status",
    "busy",
    "os",
    "version",
    "created_at",
    "updated_at",
    "state",
    "role",
    "package_type",
    "repository",
    "html_url",
    "version_count",
    "path",
    "sha",
    "content",
    "encoding",
    "workflow_runs",
    "conclusion",
    "head_branch",
    "event",
    "run_number",
    "message",
    "documentation_url",
    "errors",
    "resource",
    "field",
    "code",
    "device_code",
    "user_code",
    "verification_uri",
    "expires_in",
    "interval",
    "error",
    "error_description",
    "access_token",
    "token_type",
    "scope",
    "key",
    "key_id",
];

/// A JSON leaf: the awkward numbers, texts and words.
pub fn json_leaf() -> impl Strategy<Value = Value> {
    prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        proptest::num::f64::NORMAL.prop_map(Value::from),
        Just(Value::from(0)),
        Just(Value::from(-1)),
        any::<String>().prop_map(Value::String),
        proptest::sample::select(WORDS).prop_map(Value::from),
        (1usize..5_000).prop_map(|n| Value::String("x".repeat(n))),
        "[A-Za-z0-9]{36}".prop_map(|b| Value::String(format!("ghp_{b}"))),
    ]
}

const WORDS: &[&str] = &[
    "",
    " ",
    "all",
    "selected",
    "local_only",
    "none",
    "read",
    "write",
    "public",
    "private",
    "internal",
    "container",
    "active",
    "disabled_manually",
    "completed",
    "in_progress",
    "success",
    "failure",
    "Organization",
    "User",
    "Bot",
    "admin",
    "member",
    "file",
    "dir",
    "base64",
    "utf-8",
    "pass",
    "fail",
    "warn",
    "manual",
    "unknown",
    "na",
    "pending",
    "o/r",
    "acme/app",
    "ghcr.io/o/r",
    "main",
    "2026-11-20T10:00:00Z",
    "not a date",
    "https://github.com/o/r",
    "javascript:alert(1)",
    "authorization_pending",
    "slow_down",
    "expired_token",
    "access_denied",
    "incorrect_device_code",
    "device_flow_disabled",
    "repo, workflow",
];

/// Any structural edit.
pub fn json_edit() -> impl Strategy<Value = JsonEdit> {
    prop_oneof![
        2 => any::<Index>().prop_map(JsonEdit::Remove),
        3 => (any::<Index>(), json_value()).prop_map(|(at, v)| JsonEdit::Replace(at, v)),
        1 => any::<Index>().prop_map(JsonEdit::Duplicate),
        1 => any::<Index>().prop_map(JsonEdit::Wrap),
        1 => (any::<Index>(), json_key()).prop_map(|(at, k)| JsonEdit::Rename(at, k)),
        2 => (any::<Index>(), any::<Index>()).prop_map(|(at, from)| JsonEdit::Swap(at, from)),
    ]
}

/// One step from a value to a child.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    At(usize),
}

/// Every path in `value`, parents before children (the root is the empty path).
fn paths(value: &Value) -> Vec<Vec<Step>> {
    let mut out = vec![Vec::new()];
    let mut i = 0;
    while i < out.len() {
        let path = out[i].clone();
        if let Some(node) = get(value, &path) {
            match node {
                Value::Object(map) => {
                    for key in map.keys() {
                        let mut p = path.clone();
                        p.push(Step::Key(key.clone()));
                        out.push(p);
                    }
                }
                Value::Array(items) => {
                    for n in 0..items.len() {
                        let mut p = path.clone();
                        p.push(Step::At(n));
                        out.push(p);
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    out
}

fn get<'a>(value: &'a Value, path: &[Step]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get(k.as_str()),
        Step::At(n) => v.get(*n),
    })
}

fn get_mut<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    path.iter().try_fold(value, |v, step| match step {
        Step::Key(k) => v.get_mut(k.as_str()),
        Step::At(n) => v.get_mut(*n),
    })
}

/// Applies `edits` to a copy of `doc`.
pub fn apply_json(doc: &Value, edits: &[JsonEdit]) -> Value {
    let mut doc = doc.clone();
    for edit in edits {
        let all = paths(&doc);
        let pick = |at: &Index| all[at.index(all.len())].clone();
        match edit {
            JsonEdit::Replace(at, with) => {
                if let Some(v) = get_mut(&mut doc, &pick(at)) {
                    *v = with.clone();
                }
            }
            JsonEdit::Swap(at, from) => {
                let source = get(&doc, &pick(from)).cloned();
                if let (Some(source), Some(v)) = (source, get_mut(&mut doc, &pick(at))) {
                    if std::mem::discriminant(&source) == std::mem::discriminant(v) {
                        *v = source;
                    }
                }
            }
            JsonEdit::Wrap(at) => {
                if let Some(v) = get_mut(&mut doc, &pick(at)) {
                    *v = Value::Array(vec![v.take()]);
                }
            }
            JsonEdit::Remove(at) | JsonEdit::Duplicate(at) | JsonEdit::Rename(at, _) => {
                let path = pick(at);
                let Some((last, parent)) = path.split_last() else {
                    continue;
                };
                let Some(container) = get_mut(&mut doc, parent) else {
                    continue;
                };
                match (edit, last, container) {
                    (JsonEdit::Remove(_), Step::Key(k), Value::Object(map)) => {
                        map.remove(k);
                    }
                    (JsonEdit::Remove(_), Step::At(n), Value::Array(items)) => {
                        items.remove(*n);
                    }
                    (JsonEdit::Duplicate(_), Step::At(n), Value::Array(items)) => {
                        let copy = items[*n].clone();
                        items.insert(*n, copy);
                    }
                    (JsonEdit::Duplicate(_), Step::Key(k), Value::Object(map)) => {
                        if let Some(copy) = map.get(k).cloned() {
                            map.insert(format!("{k}_"), copy);
                        }
                    }
                    (JsonEdit::Rename(_, to), Step::Key(k), Value::Object(map)) => {
                        if let Some(v) = map.remove(k) {
                            map.insert(to.clone(), v);
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    doc
}

/// One of `seeds` (JSON documents) with 1 to `max_edits` structural edits,
/// serialized.
pub fn mutated_json(seeds: Vec<Value>, max_edits: usize) -> impl Strategy<Value = String> {
    (
        proptest::sample::select(seeds),
        proptest::collection::vec(json_edit(), 1..=max_edits),
    )
        .prop_map(|(seed, edits)| apply_json(&seed, &edits).to_string())
}
