//! The bounds on reading a share link: the `d` parameter is refused unread
//! above `MAX_LINK_CHARS`, and its data is unpacked chunk by chunk into an
//! `Unpacking`, which stops at `MAX_SNAPSHOT_BYTES` — so a short link that
//! unpacks to gigabytes (a DEFLATE bomb) costs 64 KiB, not the tab. The cap
//! on the link is measured against real checklists' links here.

use crate::support;

use ghcr_setup_core::check::{Item, CHECKS};
use ghcr_setup_core::encoding::encode_url;
use ghcr_setup_core::share::{
    decode_json, link_bytes, LinkError, SharedItem, Snapshot, Unpacking, MAX_LINK_CHARS,
    MAX_SNAPSHOT_BYTES, SHARE_VERSION,
};
use miniz_oxide::inflate::stream::{inflate, InflateState};
use miniz_oxide::{DataFormat, MZFlush, MZStatus};

/// What unpacking a link's bytes ended in, and how many bytes the inflater
/// produced before it stopped.
struct Unpacked {
    produced: usize,
    stopped: bool,
    decoded: ghcr_setup_core::share::Decoded,
}

/// Unpacks raw DEFLATE 16 KiB at a time into an `Unpacking`, stopping as
/// soon as it refuses a chunk — as the browser reads its stream.
fn unpack(packed: &[u8]) -> Unpacked {
    let mut state = InflateState::new_boxed(DataFormat::Raw);
    let mut unpacking = Unpacking::new();
    let mut input = packed;
    let mut out = vec![0u8; 16 * 1024];
    let mut produced = 0;
    let mut stopped = false;
    loop {
        let r = inflate(&mut state, input, &mut out, MZFlush::None);
        input = &input[r.bytes_consumed..];
        produced += r.bytes_written;
        if unpacking.push(&out[..r.bytes_written]).is_err() {
            stopped = true;
            break;
        }
        match r.status {
            Ok(MZStatus::StreamEnd) | Err(_) => break,
            Ok(_) if r.bytes_written == 0 && r.bytes_consumed == 0 => break,
            Ok(_) => {}
        }
    }
    Unpacked {
        produced,
        stopped,
        decoded: unpacking.finish(),
    }
}

fn link_data(json: &[u8], level: u8) -> String {
    encode_url(&miniz_oxide::deflate::compress_to_vec(json, level))
}

/// A checklist run of acme/app where GitHub's answer for the repository is
/// a 4,000-character error, quoted in many rows (the longest real rows).
fn long_error_rows() -> Vec<Item> {
    use ghcr_setup_core::api::EtagCache;
    use ghcr_setup_core::check::{Identity, Run, Target};
    use ghcr_setup_core::engine::Scheduler;
    use ghcr_setup_core::names::RepoSlug;
    use ghcr_setup_core::token::{Secret, TokenKind};
    use support::{drive, ready_org, Canned, BASE};
    let mut script = ready_org("acme/app");
    let body = format!("\"{}\"", "x".repeat(4000));
    script.set("GET", "/repos/acme/app", Canned::json(200, &body));
    let sched = Scheduler::new(BASE, Some(Secret::new("ghp_x")), EtagCache::new());
    let mut run = Run::with_scheduler(
        Target::repo(RepoSlug::parse("acme/app").unwrap()),
        Identity::of_kind(TokenKind::ClassicPat),
        sched,
        0,
    );
    drive(&mut run, &mut script, 0, 10);
    run.items(0)
}

/// The largest snapshot a real checklist can make: every row, each with a
/// summary and evidence at their clip limits, written from the checks' own
/// prose (as real verdicts are), and a fix link.
fn largest_real_snapshot() -> Snapshot {
    let prose: String = CHECKS
        .iter()
        .map(|c| format!("{} {} ", c.meta().title, c.meta().why))
        .collect();
    let words: Vec<&str> = prose.split_whitespace().collect();
    let text = |seed: usize, chars: usize| {
        let mut out = String::new();
        let mut i = seed;
        while out.chars().count() < chars {
            out.push_str(words[i % words.len()]);
            out.push(' ');
            i = i.wrapping_mul(31).wrapping_add(7);
        }
        out.chars().take(chars).collect::<String>()
    };
    let items = CHECKS
        .iter()
        .enumerate()
        .map(|(n, c)| SharedItem {
            id: c.meta().id.to_string(),
            s: "fail".into(),
            t: text(n, 400),
            e: (0..3).map(|k| text(n * 3 + k + 100, 200)).collect(),
            l: Some(format!(
                "https://github.com/octo-org/a-long-repository-name/settings/actions/{n}"
            )),
        })
        .collect();
    Snapshot {
        v: SHARE_VERSION,
        repo: "octo-org/a-long-repository-name".into(),
        image: Some("ghcr.io/octo-org/a-long-repository-name/with-a-sub-image".into()),
        at: 1_765_000_000_000,
        options: "repo=octo-org%2Fa-long-repository-name&platforms=linux%2Famd64%2Clinux%2Farm64&push=tags&sbom=true&provenance=true".into(),
        items,
    }
}

#[test]
fn the_link_cap_is_far_above_what_a_real_checklist_needs() {
    let real = Snapshot::new(
        "acme/app",
        None,
        0,
        "repo=acme%2Fapp",
        &long_error_rows(),
        &[],
    );
    let largest = largest_real_snapshot();
    let mut widest = 0;
    for (what, snap) in [("long errors", &real), ("largest", &largest)] {
        let json = snap.to_json();
        let data = link_data(&json, 9);
        println!(
            "{what}: {} items, {} bytes of JSON, {} characters of link data (cap {MAX_LINK_CHARS})",
            snap.items.len(),
            json.len(),
            data.len()
        );
        widest = widest.max(data.len());
        let back = unpack(&link_bytes(&data).unwrap());
        assert!(!back.stopped, "{what}");
        assert_eq!(back.decoded.snapshot.as_ref(), Some(snap), "{what}");
    }
    assert_eq!(largest.items.len(), CHECKS.len());
    assert!(
        widest * 4 <= MAX_LINK_CHARS,
        "a real link of {widest} characters leaves less than 4× headroom under {MAX_LINK_CHARS}"
    );
}

#[test]
fn any_snapshot_the_reader_accepts_fits_the_link_even_uncompressed() {
    // Incompressible text, as much as the reader takes, stored without
    // compression (level 0): the longest link a readable snapshot can need.
    let mut seed: u32 = 12345;
    let mut items = Vec::new();
    let mut n = 0;
    loop {
        let mut t = String::new();
        for _ in 0..400 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            t.push(char::from(b'!' + ((seed >> 16) % 90) as u8).to_ascii_lowercase());
        }
        let t = t.replace(['"', '\\'], "x");
        let item = SharedItem {
            id: format!("x{n}"),
            s: "fail".into(),
            t,
            e: Vec::new(),
            l: None,
        };
        items.push(item);
        n += 1;
        let snap = Snapshot {
            v: SHARE_VERSION,
            repo: "o/r".into(),
            image: None,
            at: 0,
            options: String::new(),
            items: items.clone(),
        };
        if snap.to_json().len() > MAX_SNAPSHOT_BYTES - 500 {
            let json = snap.to_json();
            assert!(json.len() <= MAX_SNAPSHOT_BYTES);
            let data = link_data(&json, 0);
            println!(
                "{} bytes of incompressible JSON, stored: {} characters (cap {MAX_LINK_CHARS})",
                json.len(),
                data.len()
            );
            assert!(data.len() <= MAX_LINK_CHARS, "{}", data.len());
            let back = unpack(&link_bytes(&data).unwrap());
            assert!(!back.stopped);
            assert_eq!(
                back.decoded.notes.len(),
                decode_json(&json).notes.len(),
                "read as the JSON itself is"
            );
            break;
        }
    }
}

#[test]
fn a_link_longer_than_the_cap_is_refused_unread() {
    let data = "A".repeat(MAX_LINK_CHARS + 1);
    let err = link_bytes(&data).unwrap_err();
    assert_eq!(
        err,
        LinkError::TooLong {
            chars: MAX_LINK_CHARS + 1
        }
    );
    let shown = err.decoded();
    assert_eq!(shown.snapshot, None);
    assert!(
        shown.notes[0].contains(&format!("at most {} KiB", MAX_LINK_CHARS / 1024)),
        "{:?}",
        shown.notes
    );
    // At the cap it is decoded (and then found to be no checklist).
    assert!(link_bytes(&"A".repeat(MAX_LINK_CHARS)).is_ok());
    assert_eq!(link_bytes("not base64!"), Err(LinkError::NotEncoded));
}

#[test]
fn a_deflate_bomb_is_stopped_at_64_kib_not_unpacked_whole() {
    // 16 MiB of zeros packs into a link of a few KiB (a 1.4 MB link holds
    // about 1 GiB the same way).
    let bomb = vec![0u8; 16 * 1024 * 1024];
    let data = link_data(&bomb, 9);
    println!("16 MiB of zeros: {} characters of link data", data.len());
    assert!(
        data.len() < MAX_LINK_CHARS,
        "the length cap alone does not stop it"
    );
    let back = unpack(&link_bytes(&data).unwrap());
    assert!(back.stopped);
    assert!(
        back.produced <= MAX_SNAPSHOT_BYTES + 16 * 1024,
        "{} bytes unpacked before stopping",
        back.produced
    );
    assert_eq!(back.decoded.snapshot, None);
    assert_eq!(back.decoded.notes, [LinkError::TooLarge.message()]);
    assert!(back.decoded.notes[0].contains("more than 64 KiB"));
}

#[test]
fn unpacking_takes_exactly_the_cap_and_refuses_a_byte_more() {
    let mut u = Unpacking::new();
    let chunk = vec![b' '; 1024];
    for _ in 0..MAX_SNAPSHOT_BYTES / 1024 {
        assert_eq!(u.push(&chunk), Ok(()));
    }
    assert_eq!(u.len(), MAX_SNAPSHOT_BYTES);
    assert_eq!(u.push(b" "), Err(LinkError::TooLarge));
    assert_eq!(u.push(b""), Err(LinkError::TooLarge), "stays stopped");
    assert!(u.is_empty(), "what was kept is dropped");
    assert_eq!(u.finish().notes, [LinkError::TooLarge.message()]);
}
