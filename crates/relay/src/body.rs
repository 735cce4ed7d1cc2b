//! Reading the two fields the relay's rules need from a request body: the
//! OAuth App's `client_id` (checked against `--allow-client-id`) and the
//! `device_code` being polled (the key polls are paced by).
//!
//! Bodies are form-encoded (`a=b&c=d`) or a JSON object, as GitHub accepts
//! them. A field sent twice is refused rather than guessed at: the relay
//! must judge the same value GitHub will use, and a body that names two
//! client ids leaves that open. Nothing read here is logged or kept.

use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;

/// The fields the relay looks at; `None` when absent or not readable text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    pub client_id: Option<String>,
    pub device_code: Option<String>,
}

/// Why a body's fields could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyError {
    /// `client_id` or `device_code` appears more than once.
    Repeated,
}

/// The fields of `body`, read as JSON when `json` is set and as a form
/// otherwise. A body that is not valid in its format has no fields.
pub fn fields(body: &[u8], json: bool) -> Result<Fields, BodyError> {
    let pairs = if json {
        json_pairs(body)
    } else {
        form_pairs(body)
    };
    let mut fields = Fields::default();
    for (name, value) in pairs {
        let slot = match name.as_deref() {
            Some("client_id") => &mut fields.client_id,
            Some("device_code") => &mut fields.device_code,
            _ => continue,
        };
        if slot.is_some() {
            return Err(BodyError::Repeated);
        }
        // An unreadable value still occupies the name: a repeat after it
        // is refused as well.
        *slot = Some(value.unwrap_or_default());
    }
    fields.client_id = fields.client_id.filter(|v| !v.is_empty());
    fields.device_code = fields.device_code.filter(|v| !v.is_empty());
    Ok(fields)
}

/// Name/value pairs of a form body, percent-decoded (`None` where the
/// decoding fails).
fn form_pairs(body: &[u8]) -> Vec<(Option<String>, Option<String>)> {
    body.split(|b| *b == b'&')
        .filter(|part| !part.is_empty())
        .map(|part| {
            let (name, value) = match part.iter().position(|b| *b == b'=') {
                Some(i) => (&part[..i], &part[i + 1..]),
                None => (part, &[][..]),
            };
            (form_decode(name), form_decode(value))
        })
        .collect()
}

/// Decodes one form component: `+` is a space, `%XX` a byte; the result
/// must be UTF-8.
fn form_decode(raw: &[u8]) -> Option<String> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match raw[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = raw.get(i + 1..i + 3)?;
                let text = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(text, 16).ok()?);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

/// Every top-level entry of a JSON object, in order and with repeats
/// (serde_json's own map would keep only the last of a repeated key).
struct Entries(Vec<(Option<String>, Option<String>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Each;
        impl<'de> Visitor<'de> for Each {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some((name, value)) = map.next_entry::<String, Value>()? {
                    let text = match value {
                        Value::String(s) => Some(s),
                        _ => None,
                    };
                    entries.push((Some(name), text));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(Each)
    }
}

fn json_pairs(body: &[u8]) -> Vec<(Option<String>, Option<String>)> {
    serde_json::from_slice::<Entries>(body)
        .map(|e| e.0)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(body: &str, json: bool) -> Result<Fields, BodyError> {
        fields(body.as_bytes(), json)
    }

    fn both(client_id: &str, device_code: &str) -> Fields {
        Fields {
            client_id: Some(client_id.to_owned()),
            device_code: Some(device_code.to_owned()),
        }
    }

    #[test]
    fn form_fields_are_decoded() {
        assert_eq!(
            read(
                "client_id=Iv1.a%2Bb&scope=repo+workflow&device_code=d+c",
                false
            ),
            Ok(both("Iv1.a+b", "d c"))
        );
        assert_eq!(read("scope=repo", false), Ok(Fields::default()));
        assert_eq!(read("", false), Ok(Fields::default()));
        assert_eq!(read("client_id=&device_code", false), Ok(Fields::default()));
    }

    #[test]
    fn bad_escapes_make_a_value_unreadable() {
        assert_eq!(read("client_id=ab%zz", false), Ok(Fields::default()));
        assert_eq!(read("client_id=ab%", false), Ok(Fields::default()));
        assert_eq!(read("client_id=%ff", false), Ok(Fields::default()));
    }

    #[test]
    fn json_fields_are_read() {
        assert_eq!(
            read(r#"{"client_id":"abc","device_code":"dc","n":1}"#, true),
            Ok(both("abc", "dc"))
        );
        assert_eq!(
            read(r#"{"client_id":7}"#, true),
            Ok(Fields::default()),
            "a number is not a client id"
        );
        assert_eq!(read("[1,2]", true), Ok(Fields::default()));
        assert_eq!(read("not json", true), Ok(Fields::default()));
    }

    #[test]
    fn repeated_fields_are_refused_in_both_formats() {
        assert_eq!(
            read("client_id=a&client_id=b", false),
            Err(BodyError::Repeated)
        );
        assert_eq!(
            read("device_code=a&x=1&device_code=a", false),
            Err(BodyError::Repeated)
        );
        assert_eq!(
            read("client_id=%zz&client_id=b", false),
            Err(BodyError::Repeated)
        );
        assert_eq!(
            read(r#"{"client_id":"a","client_id":"b"}"#, true),
            Err(BodyError::Repeated)
        );
        // An escaped name is the same name.
        assert_eq!(
            read(r#"{"client_id":"a","client\u005fid":"b"}"#, true),
            Err(BodyError::Repeated)
        );
        assert_eq!(
            read("client%5Fid=a&client_id=b", false),
            Err(BodyError::Repeated)
        );
    }
}
