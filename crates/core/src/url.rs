//! Percent-encoding for every URL the tool writes or reads: GitHub API paths,
//! the app's hash routes and their queries, and GitHub's "new file" link.
//!
//! One place decides which characters are escaped and how escapes are read:
//!
//! - Writing keeps only RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`)
//!   and escapes every other byte of the UTF-8 text as `%XX` (upper-case hex).
//!   [`PATH_SEGMENT`] and [`QUERY_VALUE`] name what each escape protects; today
//!   they escape the same bytes (see their docs for why).
//! - Reading ([`decode`]) is strict: only `%` followed by two hex digits is an
//!   escape; any other `%` is kept as typed. Bytes that do not form UTF-8
//!   become U+FFFD. A `+` means a space in a query value (links typed by hand
//!   and HTML forms write spaces that way) and itself in a path segment. It
//!   never panics.
//!
//! `decode_segment(&encode_segment(x)) == x` and
//! `decode_query_value(&encode_query_value(x)) == x` for every string `x`.

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Every byte but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const ALL_BUT_UNRESERVED: AsciiSet = NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The bytes escaped in one URL path segment: a GitHub owner, repository,
/// package or secret name, one part of a file path or branch name.
///
/// A segment must escape `/` (it would split the segment), `?` and `#` (they
/// end the path), `%` (it starts an escape), spaces, controls and non-ASCII.
/// RFC 3986 would allow `! $ & ' ( ) * + , ; = : @` too; they are escaped as
/// well, because servers and proxies read some of them (`;` parameters, `+`
/// as space) in ways the name never meant.
pub const PATH_SEGMENT: &AsciiSet = &ALL_BUT_UNRESERVED;

/// The bytes escaped in one `key=value` of a query: the generator's options,
/// a route's `image` or `next`, the body of GitHub's "new file" link.
///
/// A query value must escape `&` and `=` (they split pairs), `+` (readers take
/// it for a space), `#` (it ends the query), `%`, spaces, controls and
/// non-ASCII. RFC 3986 would allow `/ ? : @` and most sub-delimiters; they are
/// escaped as well so that one value has one spelling in every link (links
/// shared before write `repo=o%2Fr`).
pub const QUERY_VALUE: &AsciiSet = &ALL_BUT_UNRESERVED;

/// Percent-encodes one path segment (see [`PATH_SEGMENT`]): `a b/c` → `a%20b%2Fc`.
pub fn encode_segment(segment: &str) -> String {
    utf8_percent_encode(segment, PATH_SEGMENT).to_string()
}

/// Percent-encodes each `/`-separated segment of `path` and keeps the `/`
/// between them: `release/2.0 x` → `release/2.0%20x`. Empty segments stay
/// empty; callers that must not send `//` drop them first.
pub fn encode_path(path: &str) -> String {
    path.split('/')
        .map(encode_segment)
        .collect::<Vec<_>>()
        .join("/")
}

/// Percent-encodes one query value or key (see [`QUERY_VALUE`]): `o/r` → `o%2Fr`.
pub fn encode_query_value(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

/// What a `+` means where the text was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plus {
    /// In a path: a `+` is a `+`.
    Literal,
    /// In a query: a `+` is a space (an escaped `%2B` is a `+`).
    Space,
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as it
/// is, bytes that do not form UTF-8 become U+FFFD, and `+` is read as `plus` says.
pub fn decode(text: &str, plus: Plus) -> String {
    match plus {
        Plus::Literal => percent_decode_str(text).decode_utf8_lossy().into_owned(),
        Plus::Space if text.contains('+') => percent_decode_str(&text.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned(),
        Plus::Space => percent_decode_str(text).decode_utf8_lossy().into_owned(),
    }
}

/// Decodes a path segment (or several, `/` is kept): `+` stays `+`.
pub fn decode_segment(segment: &str) -> String {
    decode(segment, Plus::Literal)
}

/// Decodes a query key or value: `+` is a space.
pub fn decode_query_value(value: &str) -> String {
    decode(value, Plus::Space)
}

/// The decoded `(key, value)` pairs of a query, in order, with or without a
/// leading `?`. Empty pieces (`a=1&&b=2`) are skipped; a piece without `=`
/// has an empty value.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    let query = query.strip_prefix('?').unwrap_or(query);
    query
        .split('&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| {
            let (key, value) = piece.split_once('=').unwrap_or((piece, ""));
            (decode_query_value(key), decode_query_value(value))
        })
}

/// The decoded value of the first `key` in a query, if it is there.
pub fn query_value(query: &str, key: &str) -> Option<String> {
    query_pairs(query).find_map(|(k, v)| (k == key).then_some(v))
}

/// `key=value` with both parts encoded as query values.
pub fn query_pair(key: &str, value: &str) -> String {
    format!("{}={}", encode_query_value(key), encode_query_value(value))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn only_unreserved_characters_stay() {
        assert_eq!(encode_segment("a b/c?d#e%f"), "a%20b%2Fc%3Fd%23e%25f");
        assert_eq!(encode_segment("ok-._~AZaz09"), "ok-._~AZaz09");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(encode_segment(".."), "..");
        assert_eq!(
            encode_query_value("a+b&c=d:e@f,g;h!"),
            "a%2Bb%26c%3Dd%3Ae%40f%2Cg%3Bh%21"
        );
        assert_eq!(encode_query_value("ghcr.io/o/r"), "ghcr.io%2Fo%2Fr");
        assert_eq!(encode_path("release/2.0 x"), "release/2.0%20x");
        assert_eq!(encode_path("a//b"), "a//b");
    }

    #[test]
    fn escapes_use_upper_case_hex() {
        assert_eq!(encode_query_value("\n\u{7f}\u{ff}"), "%0A%7F%C3%BF");
    }

    #[test]
    fn malformed_escapes_are_kept_as_typed() {
        // A sign before the digits is not hex, though `u8::from_str_radix` accepts it.
        assert_eq!(decode_segment("%+1"), "%+1");
        assert_eq!(decode_query_value("%+1"), "% 1");
        assert_eq!(decode_segment("%zz%4"), "%zz%4");
        assert_eq!(decode_segment("100%"), "100%");
        assert_eq!(decode_segment("%4a%4A"), "JJ");
    }

    #[test]
    fn plus_is_explicit_per_context() {
        assert_eq!(decode_segment("a+b%2Bc"), "a+b+c");
        assert_eq!(decode_query_value("a+b%2Bc"), "a b+c");
        assert_eq!(decode("a+b", Plus::Literal), "a+b");
        assert_eq!(decode("a+b", Plus::Space), "a b");
    }

    #[test]
    fn invalid_utf8_becomes_replacement_characters() {
        assert_eq!(decode_segment("a%FFb"), "a\u{FFFD}b");
        assert_eq!(decode_segment("%C3"), "\u{FFFD}");
    }

    #[test]
    fn query_pairs_decode_keys_and_values() {
        let pairs: Vec<_> = query_pairs("?repo=o%2Fr&&flag&image=a+b&=x").collect();
        assert_eq!(
            pairs,
            [
                ("repo".to_string(), "o/r".to_string()),
                ("flag".into(), String::new()),
                ("image".into(), "a b".into()),
                (String::new(), "x".into()),
            ]
        );
        assert_eq!(query_value("a=1&b=2&a=3", "a").as_deref(), Some("1"));
        assert_eq!(query_value("a=1", "b"), None);
        assert_eq!(query_pair("image", "o/r x"), "image=o%2Fr%20x");
    }

    proptest! {
        #[test]
        fn segments_round_trip(text in any::<String>()) {
            let encoded = encode_segment(&text);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            prop_assert_eq!(decode_segment(&encoded), text);
        }

        #[test]
        fn query_values_round_trip(text in any::<String>()) {
            let encoded = encode_query_value(&text);
            prop_assert!(encoded.bytes().all(|b| b.is_ascii_alphanumeric() || b"-._~%".contains(&b)));
            prop_assert_eq!(decode_query_value(&encoded), text);
        }

        #[test]
        fn paths_round_trip(parts in proptest::collection::vec(any::<String>(), 0..4)) {
            let path = parts.join("/");
            prop_assert_eq!(decode_segment(&encode_path(&path)), path);
        }

        #[test]
        fn pairs_round_trip(key in any::<String>(), value in any::<String>()) {
            prop_assume!(!key.is_empty() || !value.is_empty());
            let pairs: Vec<_> = query_pairs(&query_pair(&key, &value)).collect();
            prop_assert_eq!(pairs, vec![(key, value)]);
        }

        #[test]
        fn decoding_any_text_never_panics(text in any::<String>(), bytes in "[%+a-fA-F0-9 ]{0,12}") {
            let _ = decode_segment(&text);
            let _ = decode_query_value(&text);
            let _ = decode_query_value(&bytes);
        }
    }
}
