//! `manifest.toml`: who exported the account, when, and which resources are complete.
//!
//! `exported_at` is the plan's "now": the 30-day activity window ends there, so a plan made
//! today from last month's export says what was true last month.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::lenient::Timestamp;
use crate::error::{InputError, InputErrorKind, Location};

/// The export layout version this build reads and writes.
pub const FORMAT: i64 = 1;

/// The years an `exported_at` may fall in: Zendesk Chat (then Zopim) did not exist before
/// 2010, and a date after 2099 is a typo or a broken clock.
pub const EXPORTED_AT_RANGE: (i16, i16) = (2010, 2100);

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: i64,
    pub subdomain: String,
    #[serde(deserialize_with = "exported_at")]
    pub exported_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_by: Option<String>,
    /// Per-resource export status, written by `migrate export` (absent in hand-made
    /// exports): which files are complete, forbidden by the plan, or templates.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, ResourceStatus>,
    /// Keys of the file this layout does not define (`subdomian`), by path: reported, so
    /// a misspelt key does not silently mean "absent".
    #[serde(skip)]
    pub unknown_keys: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResourceStatus {
    pub status: ResourceState,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<u64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ResourceState {
    /// Every page was fetched.
    Complete,
    /// Fetching stopped part way (an interrupted export).
    Partial,
    /// The API refused it (403: not in the account's plan).
    Forbidden,
    /// No API gives it: a template the admin must complete.
    Template,
}

impl Manifest {
    /// Parse the manifest, refusing a newer layout before anything else is read, so that
    /// the error says "upgrade" rather than naming some field of the new layout.
    pub fn parse(path: &Path, text: &str) -> Result<Manifest, InputError> {
        let table: toml::Table = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        match table.get("format") {
            Some(toml::Value::Integer(f)) if *f > FORMAT => {
                return Err(InputError::new(path, InputErrorKind::UnsupportedFormat { found: *f, supported: FORMAT })
                    .at(Location { json_path: Some("format".into()), line: line_of_key(text, "format"), column: None })
                    .with_hint("upgrade migrate to read this export"));
            }
            Some(toml::Value::Integer(f)) if *f < 1 => {
                return Err(InputError::new(
                    path,
                    InputErrorKind::Invalid(format!("format {f} is not a valid layout version")),
                )
                .at(Location {
                    json_path: Some("format".into()),
                    line: line_of_key(text, "format"),
                    column: None,
                }));
            }
            Some(toml::Value::Integer(_)) | None => {}
            Some(other) => {
                return Err(InputError::new(
                    path,
                    InputErrorKind::Invalid(format!(
                        "format must be a whole number such as 1, found a {}",
                        other.type_str()
                    )),
                )
                .at(Location { json_path: Some("format".into()), line: line_of_key(text, "format"), column: None })
                .with_hint("write format = 1 (no quotes)"));
            }
        }
        let mut unknown_keys = Vec::new();
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error(path, text, &e))?;
        let mut m: Manifest = serde_ignored::deserialize(de, |p| unknown_keys.push(super::read::ignored_path(&p)))
            .map_err(|e| toml_error(path, text, &e))?;
        let at = |key: &str| Location { json_path: Some(key.into()), line: line_of_key(text, key), column: None };
        if m.subdomain.trim().is_empty() {
            return Err(InputError::new(path, InputErrorKind::Invalid("subdomain is empty".into())).at(at("subdomain")));
        }
        // The subdomain names the account in every output (titles, the batch summary):
        // only a real Zendesk subdomain can reach them, not text that could break a
        // Markdown heading or a CSV cell.
        if !is_subdomain(&m.subdomain) {
            return Err(InputError::new(
                path,
                InputErrorKind::Invalid(format!(
                    "subdomain {} is not a Zendesk subdomain (letters, digits and '-', at most 63)",
                    crate::text::display::quote(&m.subdomain)
                )),
            )
            .at(at("subdomain"))
            .with_hint("use the first part of the host name: acme for acme.zendesk.com"));
        }
        // `exported_at` is the plan's "now": a zero or garbled clock (1970, year 1) would
        // put the 30-day window where no chat can be and classify the account inactive.
        let (earliest, latest) = EXPORTED_AT_RANGE;
        let year = m.exported_at.0.to_zoned(jiff::tz::TimeZone::UTC).year();
        if !(earliest..latest).contains(&year) {
            return Err(InputError::new(
                path,
                InputErrorKind::Invalid(format!(
                    "exported_at {} is not a plausible export date (expected {earliest} to {})",
                    m.exported_at,
                    latest - 1
                )),
            )
            .at(at("exported_at"))
            .with_hint("exported_at is when the export was made; the 30-day activity window ends there"));
        }
        m.unknown_keys = unknown_keys;
        Ok(m)
    }
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> InputError {
    super::read::toml_error(path, text, e).with_hint("see docs/export-format.md for the manifest fields")
}

fn is_subdomain(s: &str) -> bool {
    s.len() <= 63
        && s.starts_with(|c: char| c.is_ascii_alphanumeric())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
}

/// `exported_at` as a string (`"2026-11-02T09:30:00Z"`, as the contract writes it) or as
/// a TOML date-time (`2026-11-02T09:30:00Z` unquoted, the natural TOML spelling), read
/// like the API's dates; a number is unix seconds.
fn exported_at<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Timestamp, D::Error> {
    use serde::de::Error;
    let expected = "a date and time such as 2026-11-02T09:30:00Z";
    let (text, shown) = match toml::Value::deserialize(d)? {
        toml::Value::String(s) => (s.clone(), format!("{s:?}")),
        toml::Value::Datetime(dt) => (dt.to_string(), dt.to_string()),
        toml::Value::Integer(n) => {
            return jiff::Timestamp::from_second(n)
                .map(Timestamp)
                .map_err(|_| D::Error::custom(format!("{n} is out of range as unix seconds; expected {expected}")));
        }
        other => return Err(D::Error::custom(format!("expected {expected}, found a {}", other.type_str()))),
    };
    Timestamp::parse(&text).ok_or_else(|| D::Error::custom(format!("{shown} is not {expected}")))
}

fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}
