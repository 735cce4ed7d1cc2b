//! Fuzz target `share`: the share-link decoder `share::decode_json` on
//! arbitrary bytes, arbitrary JSON, and valid snapshots damaged byte by
//! byte or value by value, up to and past its 64 KiB limit; and the text
//! layers of a link — `share::link_bytes` (its length cap),
//! `encoding::decode_url`, `url::decode` and `url::query_pairs` — on
//! arbitrary text. The same bytes unpacked in chunks through
//! `share::Unpacking` read the same, or are stopped past 64 KiB.
//!
//! Whatever comes in, what is read must be a snapshot this version could
//! have written: a valid repository, known checks once each, known
//! statuses, at most three evidence lines, only github.com links, no token
//! shape anywhere — and reading it again gives it back with no notes.

use ghcr_setup_core::check::{Status, CHECKS};
use ghcr_setup_core::encoding::{decode_url, encode_url};
use ghcr_setup_core::names::{ImageName, RepoSlug};
use ghcr_setup_core::share::{
    contains_token_shape, decode_json, link_bytes, share_url, Decoded, LinkError, SharedItem,
    Snapshot, Unpacking, MAX_LINK_CHARS, MAX_SNAPSHOT_BYTES, SHARE_VERSION,
};
use ghcr_setup_core::url::{
    decode, decode_query_value, decode_segment, encode_query_value, encode_segment, query_pairs,
    query_value, Plus,
};
use proptest::prelude::*;
use serde_json::Value;

use super::harness::{sized, Target, MIB};
use super::mutate::{json_value, mutated_bytes, mutated_json, JSON_WORDS};

const DEFAULT_CASES: u32 = 2_000;

/// Reading a 64 KiB link is a few copies of it; 16 MiB is far above that.
const MEMORY_CEILING: usize = 16 * MIB;

const TOKEN: &str = "ghp_0123456789abcdefghijABCDEFGHIJ012345";

/// Snapshots as this version writes them: every check, every status,
/// evidence, links, and text that needs escaping.
fn seeds() -> Vec<Snapshot> {
    let statuses = [
        Status::Pass,
        Status::Warn,
        Status::Fail,
        Status::Manual,
        Status::Unknown,
        Status::NotApplicable,
    ];
    let items: Vec<SharedItem> = CHECKS
        .iter()
        .enumerate()
        .map(|(i, c)| SharedItem {
            id: c.meta().id.to_string(),
            s: statuses[i % statuses.len()].id().to_string(),
            t: format!("Summary {i} with \"quotes\", <b>, é and \u{1F600}"),
            e: (0..i % 4)
                .map(|n| format!("label {n}: value {n}"))
                .collect(),
            l: (i % 2 == 0).then(|| format!("https://github.com/o/r/settings/{i}")),
        })
        .collect();
    let full = Snapshot {
        v: SHARE_VERSION,
        repo: "acme/app".into(),
        image: Some("ghcr.io/acme/app".into()),
        at: 1_795_651_200_000,
        options: "repo=acme%2Fapp&runner=self-hosted%2Clinux".into(),
        items: items.clone(),
    };
    let small = Snapshot {
        v: SHARE_VERSION,
        repo: "o/r".into(),
        image: None,
        at: 0,
        options: String::new(),
        items: items.into_iter().take(2).collect(),
    };
    vec![full, small]
}

/// A valid snapshot whose JSON is exactly `size` bytes (padded in `options`).
fn of_size(size: usize) -> Vec<u8> {
    let mut s = seeds().swap_remove(1);
    let base = s.to_json().len();
    s.options = "a".repeat(size.saturating_sub(base));
    s.to_json()
}

/// Bytes shown as text (what is not UTF-8 as U+FFFD) in failure reports.
#[derive(Clone)]
struct Bytes(Vec<u8>);

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", String::from_utf8_lossy(&self.0))
    }
}

#[derive(Debug, Clone)]
enum Case {
    /// Bytes for `decode_json`, and how they were made.
    Json(&'static str, Bytes),
    /// Text for the link layers.
    Link(String),
}

fn case() -> impl Strategy<Value = Case> {
    let snapshots = seeds();
    let json_seeds: Vec<Vec<u8>> = snapshots.iter().map(Snapshot::to_json).collect();
    let values: Vec<Value> = json_seeds
        .iter()
        .filter_map(|b| serde_json::from_slice(b).ok())
        .collect();
    let links: Vec<Vec<u8>> = json_seeds
        .iter()
        .map(|b| encode_url(b).into_bytes())
        .collect();
    prop_oneof![
        3 => proptest::collection::vec(any::<u8>(), 0..2_048).prop_map(|b| Case::Json("bytes", Bytes(b))),
        2 => json_value().prop_map(|v| Case::Json("json", Bytes(v.to_string().into_bytes()))),
        4 => mutated_bytes(json_seeds, JSON_WORDS, 8).prop_map(|b| Case::Json("byte-edited", Bytes(b))),
        4 => mutated_json(values, 6).prop_map(|t| Case::Json("value-edited", Bytes(t.into_bytes()))),
        1 => prop_oneof![
            Just(MAX_SNAPSHOT_BYTES),
            Just(MAX_SNAPSHOT_BYTES + 1),
            (MAX_SNAPSHOT_BYTES - 64)..(MAX_SNAPSHOT_BYTES + 64),
        ]
        .prop_map(|n| Case::Json("at the limit", Bytes(of_size(n)))),
        3 => any::<String>().prop_map(Case::Link),
        2 => "[A-Za-z0-9_=%+&?#/ -]{0,200}".prop_map(Case::Link),
        2 => mutated_bytes(links, &["=", "+", "/", "%", "&", " ", "\n", "d="], 4)
            .prop_map(|b| Case::Link(String::from_utf8_lossy(&b).into_owned())),
    ]
}

/// Everything read must be something this version could have written.
fn check_decoded(bytes: &[u8], decoded: &Decoded) -> Result<(), TestCaseError> {
    prop_assert!(decoded.snapshot.is_some() || !decoded.notes.is_empty());
    for note in &decoded.notes {
        prop_assert!(
            !note.is_empty() && !contains_token_shape(note),
            "{:?}",
            note
        );
    }
    if bytes.len() > MAX_SNAPSHOT_BYTES {
        prop_assert!(
            decoded.snapshot.is_none(),
            "{} bytes were read",
            bytes.len()
        );
    }
    let Some(s) = &decoded.snapshot else {
        return Ok(());
    };
    prop_assert_eq!(s.v, SHARE_VERSION);
    prop_assert!(RepoSlug::parse(&s.repo).is_ok(), "repo {:?}", s.repo);
    if let Some(image) = &s.image {
        prop_assert!(ImageName::parse(image).is_ok(), "image {:?}", image);
    }
    let mut texts = vec![s.repo.as_str(), s.options.as_str()];
    texts.extend(s.image.as_deref());
    for (n, item) in s.items.iter().enumerate() {
        prop_assert!(
            CHECKS.iter().any(|c| c.meta().id == item.id),
            "{:?}",
            item.id
        );
        prop_assert!(
            s.items[..n].iter().all(|i| i.id != item.id),
            "{:?} twice",
            item.id
        );
        prop_assert!(Status::from_id(&item.s).is_some(), "{:?}", item.s);
        prop_assert!(item.e.len() <= 3);
        if let Some(link) = &item.l {
            prop_assert!(link.starts_with("https://github.com/"), "{:?}", link);
        }
        texts.push(&item.t);
        texts.extend(item.e.iter().map(String::as_str));
        texts.extend(item.l.as_deref());
    }
    for text in texts {
        prop_assert!(!contains_token_shape(text), "token shape in {:?}", text);
    }
    let again = decode_json(&s.to_json());
    prop_assert_eq!(again.snapshot.as_ref(), Some(s));
    prop_assert!(again.notes.is_empty(), "{:?}", again.notes);
    Ok(())
}

/// The link layers on any text.
fn check_link(text: &str) -> Result<(), TestCaseError> {
    match link_bytes(text) {
        Ok(bytes) => prop_assert_eq!(Some(bytes), decode_url(text)),
        Err(LinkError::TooLong { chars }) => prop_assert!(chars > MAX_LINK_CHARS),
        Err(LinkError::NotEncoded) => prop_assert!(decode_url(text).is_none()),
        Err(other) => prop_assert!(false, "{:?} from the link's text alone", other),
    }
    if let Some(bytes) = decode_url(text) {
        prop_assert_eq!(encode_url(&bytes), text.trim().trim_end_matches('='));
    }
    for plus in [Plus::Literal, Plus::Space] {
        let decoded = decode(text, plus);
        prop_assert_eq!(decode_segment(&encode_segment(&decoded)), decoded.clone());
        prop_assert_eq!(decode_query_value(&encode_query_value(&decoded)), decoded);
    }
    let pairs: Vec<(String, String)> = query_pairs(text).collect();
    prop_assert!(pairs.len() <= text.matches('&').count() + 1);
    let link = share_url("https://o.github.io/ghcr-setup/#/check", text);
    let query = link
        .split_once("#/share?")
        .map(|(_, q)| q)
        .unwrap_or_default();
    let data = query_value(query, "d");
    prop_assert_eq!(data.as_deref(), Some(text));
    Ok(())
}

pub fn run() {
    let target = Target::new("share");
    target.run(DEFAULT_CASES, case(), |case| {
        match case {
            Case::Json(how, Bytes(bytes)) => {
                let (decoded, cost) = target.case(
                    sized(how, bytes.len()),
                    || String::from_utf8_lossy(&bytes).into_owned(),
                    || decode_json(&bytes),
                );
                prop_assert!(
                    cost.peak_bytes <= MEMORY_CEILING,
                    "{} KiB",
                    cost.peak_bytes / 1024
                );
                target.tally(match &decoded.snapshot {
                    Some(s) if !s.items.is_empty() => "read-with-items",
                    Some(_) => "read",
                    None => "not-read",
                });
                check_decoded(&bytes, &decoded)?;
                // Unpacked in chunks, the same bytes read the same, up to the cap.
                let mut unpacking = Unpacking::new();
                let fits = bytes.chunks(7).all(|c| unpacking.push(c).is_ok());
                prop_assert_eq!(fits, bytes.len() <= MAX_SNAPSHOT_BYTES);
                let chunked = unpacking.finish();
                if fits {
                    prop_assert_eq!(&chunked, &decoded);
                } else {
                    prop_assert_eq!(chunked.notes, vec![LinkError::TooLarge.message()]);
                }
            }
            Case::Link(text) => {
                let (result, _) = target.case(
                    sized("link", text.len()),
                    || text.clone(),
                    || check_link(&text),
                );
                target.tally(if decode_url(&text).is_some() {
                    "link-base64"
                } else {
                    "link-not-base64"
                });
                result?;
            }
        }
        Ok(())
    });
}

/// A token in any field never survives reading.
pub fn tokens_never_survive() {
    for snapshot in seeds() {
        let mut value: Value = serde_json::from_slice(&snapshot.to_json()).unwrap_or(Value::Null);
        value["options"] = Value::from(format!("x={TOKEN}"));
        value["items"][0]["t"] = Value::from(format!("uses {TOKEN} here"));
        value["items"][0]["e"] = Value::from(vec![format!("token: {TOKEN}")]);
        value[TOKEN] = Value::from("a part this version does not know, named like a token");
        let bytes = value.to_string().into_bytes();
        let decoded = decode_json(&bytes);
        assert!(
            decoded.snapshot.is_some(),
            "a valid snapshot with a token in it was not read: {:?}",
            decoded.notes
        );
        assert!(!format!("{decoded:?}").contains(TOKEN), "{decoded:?}");
        if let Err(e) = check_decoded(&bytes, &decoded) {
            panic!("{e}");
        }
    }
}
