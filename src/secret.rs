//! Values that must never leave memory.
//!
//! The visitor-authentication shared secret, OAuth client secrets and API tokens are held
//! in [`Secret`]: it cannot be serialized, and `Debug`/`Display` print `[redacted]`, so a
//! stray `{:?}` in a log line or an error message cannot leak one.

use std::fmt;

use serde::de::Unexpected;
use serde::{Deserialize, Deserializer};

pub const REDACTED: &str = "[redacted]";

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
