//! Share links and exports of a checklist: a [`Snapshot`] of the verdicts
//! (status and one-line summary per item, a little evidence), the
//! repository, image and generator options, the time it was taken and a
//! format version — never a token or a secret value. Runner and secret
//! *names* are kept only when the person leaves them in.
//!
//! The snapshot travels as JSON; the shells compress it (raw DEFLATE: the
//! browser's `CompressionStream("deflate-raw")`, a deflate crate in the
//! CLI) and [`crate::encoding::encode_url`] makes it a link. Reading is
//! lenient: a newer or unknown version, unknown fields, items this version
//! does not know and broken values are read as far as possible and listed
//! in [`Decoded::notes`]; nothing panics.
//!
//! Reading is bounded twice: the link's data is refused above
//! [`MAX_LINK_CHARS`] before it is decoded ([`link_bytes`]), and the
//! unpacked JSON is gathered chunk by chunk by [`Unpacking`], which stops at
//! [`MAX_SNAPSHOT_BYTES`] — DEFLATE packs a gigabyte of zeros into about a
//! megabyte, so a short link must never be unpacked whole.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::check::{Group, Item, Status, CHECKS};
use crate::time::format_utc;
use crate::url::{encode_query_value, query_pair};

/// The format version this build writes.
pub const SHARE_VERSION: u64 = 1;

/// Longest share data accepted when reading (bytes of JSON).
pub const MAX_SNAPSHOT_BYTES: usize = 64 * 1024;

/// Longest `d` parameter of a share link read (base64url characters). A
/// snapshot of [`MAX_SNAPSHOT_BYTES`] stored without any compression
/// encodes to about 87,400; a real checklist's link is a few thousand (see
/// the share tests, which measure one). Longer data is refused unread.
pub const MAX_LINK_CHARS: usize = 96 * 1024;

/// Evidence lines kept per item.
const EVIDENCE_PER_ITEM: usize = 3;

/// Longest summary and evidence line kept (characters): an error quoting a
/// whole malformed answer must not make a link too large to read back.
const SUMMARY_CHARS: usize = 400;
const EVIDENCE_CHARS: usize = 200;

/// `text` cut to `max` characters, with `…` where it was cut.
fn clip(text: String, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((at, _)) => format!("{}…", &text[..at]),
        None => text,
    }
}

/// A shared item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedItem {
    /// The check's id.
    pub id: String,
    /// The status id (`pass`, `fail`, …).
    pub s: String,
    /// The one-line summary.
    pub t: String,
    /// A few `label: value` lines of evidence.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub e: Vec<String>,
    /// The fix's page on github.com, if the item has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub l: Option<String>,
}

/// Only links to github.com pages survive in a snapshot.
fn safe_link(href: &str) -> Option<String> {
    let ok = href.starts_with("https://github.com/")
        && !href
            .chars()
            .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '>');
    ok.then(|| scrub(href))
}

/// A checklist as shared.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    /// Format version.
    pub v: u64,
    /// `owner/repo`.
    pub repo: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// When the checklist was taken (Unix milliseconds).
    pub at: u64,
    /// The generator's options as a URL query.
    #[serde(default)]
    pub options: String,
    pub items: Vec<SharedItem>,
}

/// Whether a text contains something shaped like a GitHub token.
pub fn contains_token_shape(text: &str) -> bool {
    token_spans(text).next().is_some()
}

/// Byte ranges of token-shaped text: `gh[pousr]_` + 20 or more
/// `[A-Za-z0-9]`, or `github_pat_` + 20 or more `[A-Za-z0-9_]`, wherever
/// it starts (also glued to other text, as in `TOKEN_ghp_…`).
fn token_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    (0..bytes.len()).filter_map(move |i| {
        let rest = &bytes[i..];
        let (prefix, allow_underscore) = if rest.starts_with(b"github_pat_") {
            (11, true)
        } else if rest.len() > 4
            && rest.starts_with(b"gh")
            && matches!(rest[2], b'p' | b'o' | b'u' | b's' | b'r')
            && rest[3] == b'_'
        {
            (4, false)
        } else {
            return None;
        };
        let body = rest[prefix..]
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || (allow_underscore && **c == b'_'))
            .count();
        (body >= 20).then_some((i, i + prefix + body))
    })
}

/// `text` with every token-shaped word replaced by `***`.
pub fn scrub(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in token_spans(text).collect::<Vec<_>>() {
        if start < at {
            continue;
        }
        out.push_str(&text[at..start]);
        out.push_str("***");
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// `text` with each of `names` (runner and secret names) replaced.
fn redact(text: &str, names: &[String]) -> String {
    names
        .iter()
        .filter(|n| n.len() >= 2)
        .fold(scrub(text), |t, n| t.replace(n.as_str(), "(name hidden)"))
}

impl Snapshot {
    /// A snapshot of `items`; `hidden` are names (runners, secrets) to
    /// leave out. Token-shaped text never enters it.
    pub fn new(
        repo: &str,
        image: Option<&str>,
        at: u64,
        options: &str,
        items: &[Item],
        hidden: &[String],
    ) -> Snapshot {
        let items = items
            .iter()
            .filter(|i| i.verdict.status != Status::Pending)
            .map(|i| SharedItem {
                id: i.meta.id.to_string(),
                s: i.verdict.status.id().to_string(),
                t: clip(redact(&i.verdict.summary, hidden), SUMMARY_CHARS),
                e: i.verdict
                    .evidence
                    .iter()
                    .take(EVIDENCE_PER_ITEM)
                    .map(|e| {
                        clip(
                            redact(&format!("{}: {}", e.label, e.value), hidden),
                            EVIDENCE_CHARS,
                        )
                    })
                    .collect(),
                l: i.verdict
                    .fix
                    .as_ref()
                    .and_then(|f| f.link.as_ref())
                    .and_then(|l| safe_link(&l.href)),
            })
            .collect();
        // A hidden name must not travel in the generator's options either.
        let options: Vec<String> = crate::url::query_pairs(options)
            .filter(|(_, value)| {
                !hidden
                    .iter()
                    .any(|n| n.len() >= 2 && value.contains(n.as_str()))
            })
            .map(|(k, v)| query_pair(&k, &v))
            .collect();
        Snapshot {
            v: SHARE_VERSION,
            repo: scrub(repo),
            image: image.map(scrub),
            at,
            options: scrub(&options.join("&")),
            items,
        }
    }

    /// The JSON to compress into a link.
    pub fn to_json(&self) -> Vec<u8> {
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// How many shared items have `status`.
    pub fn count(&self, status: Status) -> usize {
        self.items.iter().filter(|i| i.s == status.id()).count()
    }

    /// The items of `group`, in the checklist's order, with their check.
    pub fn group_items(&self, group: Group) -> Vec<(&'static crate::check::Meta, &SharedItem)> {
        CHECKS
            .iter()
            .filter(|c| c.meta().group == group)
            .filter_map(|c| {
                self.items
                    .iter()
                    .find(|i| i.id == c.meta().id)
                    .map(|i| (c.meta(), i))
            })
            .collect()
    }
}

/// A snapshot read from a link, and what could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// `None` when nothing usable was in the link.
    pub snapshot: Option<Snapshot>,
    /// What was ignored or guessed, one sentence each.
    pub notes: Vec<String>,
}

fn text_field(v: &Value, key: &str) -> Option<String> {
    v.get(key).and_then(Value::as_str).map(scrub)
}

/// Reads a snapshot's JSON as far as possible.
pub fn decode_json(bytes: &[u8]) -> Decoded {
    let mut notes = Vec::new();
    let failed = |why: &str| Decoded {
        snapshot: None,
        notes: vec![why.to_string()],
    };
    if bytes.len() > MAX_SNAPSHOT_BYTES {
        return failed("The link holds more data than a checklist ever needs; it was not read.");
    }
    let Ok(value) = serde_json::from_slice::<Value>(bytes) else {
        return failed(
            "The link is damaged: its checklist could not be read. Ask for the link again.",
        );
    };
    let Some(obj) = value.as_object() else {
        return failed("The link does not hold a checklist.");
    };
    match obj.get("v").and_then(Value::as_u64) {
        Some(SHARE_VERSION) => {}
        Some(v) if v > SHARE_VERSION => notes.push(format!(
            "This link was made by a newer version of ghcr-setup (format {v}); it is shown as far as this version can read it."
        )),
        Some(v) => notes.push(format!("This link uses format {v}; it is read as format {SHARE_VERSION}.")),
        None => notes.push("The link does not say its format version; it is read as the current one.".into()),
    }
    let known = ["v", "repo", "image", "at", "options", "items"];
    let unknown: Vec<&str> = obj
        .keys()
        .map(String::as_str)
        .filter(|k| !known.contains(k))
        .collect();
    if !unknown.is_empty() {
        notes.push(format!(
            "Ignored parts this version does not know: {}.",
            scrub(&unknown.join(", "))
        ));
    }
    let Some(repo) =
        text_field(&value, "repo").filter(|r| crate::names::RepoSlug::parse(r).is_ok())
    else {
        return Decoded {
            snapshot: None,
            notes: [
                notes,
                vec!["The link does not name a valid repository.".into()],
            ]
            .concat(),
        };
    };
    let image = text_field(&value, "image").filter(|i| crate::names::ImageName::parse(i).is_ok());
    let at = obj.get("at").and_then(Value::as_u64).unwrap_or_else(|| {
        notes.push("The link does not say when the checklist was taken.".into());
        0
    });
    let options = text_field(&value, "options").unwrap_or_default();
    let mut items = Vec::new();
    let (mut unknown_checks, mut broken) = (0usize, 0usize);
    for raw in obj
        .get("items")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let id = text_field(raw, "id");
        let status = raw
            .get("s")
            .and_then(Value::as_str)
            .and_then(Status::from_id);
        let summary = text_field(raw, "t");
        let (Some(id), Some(status), Some(summary)) = (id, status, summary) else {
            broken += 1;
            continue;
        };
        if !CHECKS.iter().any(|c| c.meta().id == id) {
            unknown_checks += 1;
            continue;
        }
        if items.iter().any(|i: &SharedItem| i.id == id) {
            continue;
        }
        let evidence = raw
            .get("e")
            .and_then(Value::as_array)
            .map(|lines| {
                lines
                    .iter()
                    .filter_map(Value::as_str)
                    .take(EVIDENCE_PER_ITEM)
                    .map(scrub)
                    .collect()
            })
            .unwrap_or_default();
        let link = raw.get("l").and_then(Value::as_str).and_then(safe_link);
        items.push(SharedItem {
            id,
            s: status.id().to_string(),
            t: summary,
            e: evidence,
            l: link,
        });
    }
    if unknown_checks > 0 {
        notes.push(format!(
            "{unknown_checks} item(s) from a check this version does not know were left out."
        ));
    }
    if broken > 0 {
        notes.push(format!("{broken} damaged item(s) were left out."));
    }
    Decoded {
        snapshot: Some(Snapshot {
            v: SHARE_VERSION,
            repo,
            image,
            at,
            options,
            items,
        }),
        notes,
    }
}

/// Why a share link's data was not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkError {
    /// The data is longer than [`MAX_LINK_CHARS`].
    TooLong { chars: usize },
    /// The data is not base64url.
    NotEncoded,
    /// The data could not be unpacked (not raw DEFLATE, or cut short).
    Damaged,
    /// The data unpacks to more than [`MAX_SNAPSHOT_BYTES`].
    TooLarge,
}

impl LinkError {
    /// What happened and what to do, one sentence or two.
    pub fn message(self) -> String {
        match self {
            LinkError::TooLong { chars } => format!(
                "The link's data is {} KiB long; a checklist's link holds at most {} KiB, so it was not read. Ask for the link again — a link that long was not made by ghcr-setup.",
                chars.div_ceil(1024),
                MAX_LINK_CHARS / 1024
            ),
            LinkError::NotEncoded => "The link is damaged: it is not in the expected encoding. Ask for the link again.".into(),
            LinkError::Damaged => "The link is damaged: its data could not be unpacked. Ask for the link again; links cut short by a mail or chat program are a common cause.".into(),
            LinkError::TooLarge => format!(
                "The link's data unpacks to more than {} KiB, more than a checklist ever holds, so unpacking was stopped there and nothing was read. Ask for the link again — this one was not made by ghcr-setup.",
                MAX_SNAPSHOT_BYTES / 1024
            ),
        }
    }

    /// The damaged-link view: no snapshot, and [`LinkError::message`].
    pub fn decoded(self) -> Decoded {
        Decoded {
            snapshot: None,
            notes: vec![self.message()],
        }
    }
}

/// The packed bytes in a share link's `d` parameter: refused unread above
/// [`MAX_LINK_CHARS`], then decoded from base64url. Unpack them into an
/// [`Unpacking`].
pub fn link_bytes(data: &str) -> Result<Vec<u8>, LinkError> {
    let data = data.trim();
    if data.len() > MAX_LINK_CHARS {
        return Err(LinkError::TooLong { chars: data.len() });
    }
    crate::encoding::decode_url(data).ok_or(LinkError::NotEncoded)
}

/// A link's JSON as it is unpacked, chunk by chunk: it takes at most
/// [`MAX_SNAPSHOT_BYTES`] and refuses the chunk that would pass them, so the
/// unpacker can stop there.
#[derive(Debug, Default)]
pub struct Unpacking {
    bytes: Vec<u8>,
    over: bool,
}

impl Unpacking {
    pub fn new() -> Self {
        Unpacking::default()
    }

    /// Adds one unpacked chunk. `Err` once the total passes
    /// [`MAX_SNAPSHOT_BYTES`]: stop unpacking (the chunk is not kept, nor is
    /// anything after it).
    pub fn push(&mut self, chunk: &[u8]) -> Result<(), LinkError> {
        if self.over || self.bytes.len().saturating_add(chunk.len()) > MAX_SNAPSHOT_BYTES {
            self.over = true;
            self.bytes = Vec::new();
            return Err(LinkError::TooLarge);
        }
        self.bytes.extend_from_slice(chunk);
        Ok(())
    }

    /// Bytes kept so far.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// True when nothing was kept.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// The snapshot read from what was unpacked, or the damaged-link view
    /// when it was stopped.
    pub fn finish(self) -> Decoded {
        if self.over {
            LinkError::TooLarge.decoded()
        } else {
            decode_json(&self.bytes)
        }
    }
}

/// The share link: `app_url` (the page's address without `#…`) + the route.
pub fn share_url(app_url: &str, data: &str) -> String {
    let base = app_url.split('#').next().unwrap_or(app_url);
    format!("{base}#/share?{}", query_pair("d", data))
}

fn checkbox(status: &str) -> &'static str {
    match status {
        "pass" | "na" => "[x]",
        _ => "[ ]",
    }
}

/// The checklist as Markdown: a task list per group, statuses in words,
/// fix links where the item has one, and the share link at the end.
pub fn markdown(snapshot: &Snapshot, share_link: Option<&str>) -> String {
    markdown_of(snapshot, share_link, true)
}

/// The Markdown; without `passing`, items that pass or do not apply are
/// left out and counted in one line.
fn markdown_of(snapshot: &Snapshot, share_link: Option<&str>, passing: bool) -> String {
    let mut md = format!(
        "## ghcr.io publishing checklist for {}\n\nAs of {} ({})\n",
        snapshot.repo,
        format_utc(snapshot.at),
        counts_line(snapshot)
    );
    let left_out = if passing {
        0
    } else {
        snapshot.count(Status::Pass) + snapshot.count(Status::NotApplicable)
    };
    for group in Group::ALL {
        let items: Vec<_> = snapshot
            .group_items(group)
            .into_iter()
            .filter(|(_, i)| passing || !matches!(i.s.as_str(), "pass" | "na"))
            .collect();
        if items.is_empty() {
            continue;
        }
        md.push_str(&format!("\n### {}\n\n", group.title()));
        for (meta, item) in items {
            let word = Status::from_id(&item.s).map_or("Unknown", Status::label);
            let fix = item
                .l
                .as_deref()
                .map_or(String::new(), |l| format!(" ([fix]({l}))"));
            md.push_str(&format!(
                "- {} **{}** — {}: {}{fix}\n",
                checkbox(&item.s),
                meta.title,
                word,
                item.t.replace('\n', " ")
            ));
        }
    }
    if left_out > 0 {
        md.push_str(&format!(
            "\n{left_out} items that pass or do not apply are left out here.\n"
        ));
    }
    if let Some(link) = share_link {
        md.push_str(&format!(
            "\n[Open this checklist]({link}) · made with ghcr-setup\n"
        ));
    }
    scrub(&md)
}

/// `3 failing, 2 warnings, 12 passing`.
pub fn counts_line(snapshot: &Snapshot) -> String {
    Status::ALL
        .into_iter()
        .filter_map(|s| {
            let n = snapshot.count(s);
            (n > 0).then(|| s.count(n))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Longest issue link produced (GitHub and browsers refuse much longer ones).
pub const MAX_ISSUE_URL: usize = 8_000;

/// A "new issue" link on the repository, prefilled with the Markdown,
/// trimmed at a line to stay under [`MAX_ISSUE_URL`] with a note and the
/// share link for the rest.
pub fn issue_url(snapshot: &Snapshot, share_link: Option<&str>) -> String {
    let base = format!(
        "https://github.com/{}/issues/new?{}&body=",
        snapshot.repo,
        query_pair("title", "Set up publishing to ghcr.io")
    );
    let full = markdown(snapshot, share_link);
    let encoded = encode_query_value(&full);
    if base.len() + encoded.len() <= MAX_ISSUE_URL {
        return base + &encoded;
    }
    // Too long: what needs attention first, passing items only counted.
    let full = markdown_of(snapshot, share_link, false);
    let encoded = encode_query_value(&full);
    if base.len() + encoded.len() <= MAX_ISSUE_URL {
        return base + &encoded;
    }
    let tail = match share_link.filter(|l| l.len() < MAX_ISSUE_URL / 2) {
        Some(link) => format!("\n…trimmed to fit a link. [The full checklist]({link})\n"),
        None => "\n…trimmed to fit a link.\n".into(),
    };
    let budget = MAX_ISSUE_URL.saturating_sub(base.len() + encode_query_value(&tail).len());
    let mut body = String::new();
    for line in full.lines() {
        let candidate = format!("{body}{line}\n");
        if encode_query_value(&candidate).len() > budget {
            break;
        }
        body = candidate;
    }
    base + &encode_query_value(&scrub(&(body + &tail)))
}

/// Runner and secret names read in a run, to hide from a share link when
/// the person asks.
pub fn private_names(facts: &crate::check::Facts) -> Vec<String> {
    use crate::check::Got;
    let mut names = Vec::new();
    for got in [facts.repo_runners(), facts.org_runners()] {
        if let Got::Ready(list, _) = got {
            names.extend(list.runners.iter().map(|r| r.name.clone()));
        }
    }
    for got in [facts.repo_secrets(), facts.repo_org_secrets()] {
        if let Got::Ready(list, _) = got {
            names.extend(list.secrets.iter().map(|s| s.name.clone()));
        }
    }
    names.push(crate::check::checks::GUIDE_SECRET.to_string());
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.dedup();
    names
}
