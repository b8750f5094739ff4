//! Values that must never leave memory.
//!
//! The visitor-authentication shared secret, OAuth client secrets and API tokens are held
//! in [`Secret`]: it cannot be serialized, and `Debug`/`Display` print `[redacted]`, so a
//! stray `{:?}` in a log line or an error message cannot leak one.

use std::fmt;

use serde::de::Unexpected;
use serde::{Deserialize, Deserializer};

pub const REDACTED: &str = "[redacted]";

/// Every credential this process holds, in every form it could be quoted in. The sinks that
/// write for people (`progress`: errors, narration, logs) replace them by [`REDACTED`]
/// whatever the message: a token a server reflects in a `next_page` link, logged at
/// `-vv`/`-vvv` by us or by an HTTP library, never shows (issue 11).
static REGISTERED: std::sync::RwLock<Vec<String>> = std::sync::RwLock::new(Vec::new());

/// Shorter strings are not registered: replacing them would garble ordinary text.
const MIN_SECRET: usize = 4;

/// Remember `s` as never to be shown, however a URL spells it: each of its bytes may
/// appear as itself or percent-encoded (`%2F`, `%2f`), a space also as `+`.
pub fn register(s: &str) {
    if s.trim().len() < MIN_SECRET {
        return;
    }
    if let Ok(mut r) = REGISTERED.write() {
        if !r.iter().any(|x| x == s) {
            r.push(s.to_owned());
            // Longest first, so that a secret containing another is replaced whole.
            r.sort_by(|a, b| b.len().cmp(&a.len()).then_with(|| a.cmp(b)));
        }
    }
}

/// The length of `secret` spelt at the start of `text` (bytes as themselves or as `%XX`,
/// a space as `+`), if it is there.
fn spelt_at(text: &[u8], secret: &[u8]) -> Option<usize> {
    let mut i = 0;
    for &b in secret {
        match text.get(i) {
            Some(&t) if t == b => i += 1,
            Some(b'+') if b == b' ' => i += 1,
            Some(b'%') => {
                let hex = text.get(i + 1..i + 3)?;
                let v = u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()?;
                if v != b {
                    return None;
                }
                i += 3;
            }
            _ => return None,
        }
    }
    Some(i)
}

/// `text` with every registered credential, however URL-encoded, replaced by [`REDACTED`].
pub fn scrub(text: &str) -> std::borrow::Cow<'_, str> {
    let Ok(r) = REGISTERED.read() else { return std::borrow::Cow::Borrowed(text) };
    if r.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let bytes = text.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    let mut i = 0;
    while i < bytes.len() {
        let found = r.iter().find_map(|s| {
            let first = s.as_bytes()[0];
            (bytes[i] == first || bytes[i] == b'%' || (first == b' ' && bytes[i] == b'+'))
                .then(|| spelt_at(&bytes[i..], s.as_bytes()))
                .flatten()
        });
        match found {
            Some(len) => {
                out.get_or_insert_with(|| bytes[..i].to_vec()).extend_from_slice(REDACTED.as_bytes());
                i += len;
            }
            None => {
                if let Some(o) = &mut out {
                    o.push(bytes[i]);
                }
                i += 1;
            }
        }
    }
    match out {
        // Only whole secrets (valid UTF-8 sequences) were replaced.
        Some(o) => std::borrow::Cow::Owned(
            String::from_utf8(o).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
        ),
        None => std::borrow::Cow::Borrowed(text),
    }
}

#[derive(Clone, Default, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }

    /// The secret itself, for the one place that needs it (an HTTP header).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(REDACTED)
    }
}

impl<'de> Deserialize<'de> for Secret {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Error messages from serde quote the rejected value, and so does serde_json when it
        // is asked for a string and finds something else: a secret typed as a number would
        // be printed in the error. So the value is taken as whatever it is
        // (`deserialize_any`) and every wrong type is refused by name only ("invalid type:
        // integer, expected a secret string").
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Secret;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a secret string")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Secret, E> {
                Ok(Secret(v.to_owned()))
            }
            fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Secret, E> {
                Ok(Secret(v))
            }
            fn visit_bool<E: serde::de::Error>(self, _: bool) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("boolean"), &self))
            }
            fn visit_i64<E: serde::de::Error>(self, _: i64) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("integer"), &self))
            }
            fn visit_u64<E: serde::de::Error>(self, _: u64) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("integer"), &self))
            }
            fn visit_i128<E: serde::de::Error>(self, _: i128) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("integer"), &self))
            }
            fn visit_u128<E: serde::de::Error>(self, _: u128) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("integer"), &self))
            }
            fn visit_f64<E: serde::de::Error>(self, _: f64) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("floating point"), &self))
            }
            fn visit_bytes<E: serde::de::Error>(self, _: &[u8]) -> Result<Secret, E> {
                Err(E::invalid_type(Unexpected::Other("bytes"), &self))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registered_secrets_are_scrubbed_in_every_form() {
        register("tok/en+with spaces=");
        for shown in [
            "tok/en+with spaces=",
            "tok%2Fen%2Bwith%20spaces%3D",
            "tok%2fen%2bwith%20spaces%3d",
            "tok%2Fen%2Bwith+spaces%3D",
        ] {
            assert_eq!(scrub(&format!("GET /x?access_token={shown}&a=1")), "GET /x?access_token=[redacted]&a=1");
        }
        assert!(matches!(scrub("nothing here"), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn debug_and_display_redact() {
        let s = Secret::new("hunter2-very-secret");
        assert_eq!(format!("{s:?} {s}"), "[redacted] [redacted]");
        #[derive(Debug)]
        #[allow(dead_code)]
        struct Holder {
            token: Secret,
        }
        assert!(!format!("{:?}", Holder { token: s }).contains("hunter2"));
    }

    #[test]
    fn a_wrong_type_is_refused_without_its_value() {
        for (json, kind) in [("12345678901", "integer"), ("-42424242", "integer"), ("3.14159", "floating point")] {
            let err = serde_json::from_str::<Secret>(json).unwrap_err().to_string();
            assert!(err.starts_with(&format!("invalid type: {kind}, expected a secret string")), "{err}");
            assert!(!err.contains(json.trim_start_matches('-')), "{err}");
        }
        assert_eq!(serde_json::from_str::<Secret>("\"s3cr3t\"").unwrap().expose(), "s3cr3t");
    }
}
