//! Base64 in the two spellings GitHub and share links use, on top of the
//! `base64` crate: standard (file contents, sealed secrets, public keys —
//! GitHub wraps long values in lines) and URL-safe without padding (share links).

use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use base64::Engine as _;

/// Decodes standard base64, ignoring line breaks and spaces; `None` if invalid.
pub fn decode(text: &str) -> Option<Vec<u8>> {
    let compact: String = text.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    STANDARD.decode(compact).ok()
}

/// Encodes standard base64 with padding.
pub fn encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Encodes URL-safe base64 without padding.
pub fn encode_url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes URL-safe base64 without padding; `None` if invalid.
pub fn decode_url(text: &str) -> Option<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(text.trim().trim_end_matches('='))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_tolerates_wrapping() {
        assert_eq!(decode("aGVs\nbG8=\n").as_deref(), Some(&b"hello"[..]));
        assert_eq!(decode("not base64!"), None);
        let bytes: Vec<u8> = (0..=255).collect();
        assert_eq!(decode(&encode(&bytes)), Some(bytes.clone()));
        assert_eq!(decode_url(&encode_url(&bytes)), Some(bytes));
        assert!(!encode_url(&[0xfb, 0xff]).contains(['+', '/', '=']));
    }
}
