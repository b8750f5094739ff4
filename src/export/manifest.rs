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

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Manifest {
    pub format: i64,
    pub subdomain: String,
    pub exported_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub exported_by: Option<String>,
    /// Per-resource export status, written by `migrate export` (absent in hand-made
    /// exports): which files are complete, forbidden by the plan, or templates.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, ResourceStatus>,
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
            _ => {}
        }
        let m: Manifest = toml::from_str(text).map_err(|e| toml_error(path, text, &e))?;
        if m.subdomain.trim().is_empty() {
            return Err(InputError::new(path, InputErrorKind::Invalid("subdomain is empty".into())).at(Location {
                json_path: Some("subdomain".into()),
                line: line_of_key(text, "subdomain"),
                column: None,
            }));
        }
        Ok(m)
    }
}

fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> InputError {
    let (line, column) = match e.span() {
        Some(span) => {
            let prefix = &text.as_bytes()[..span.start.min(text.len())];
            let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
            let last_nl = prefix.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
            (Some(line), Some(span.start - last_nl + 1))
        }
        None => (None, None),
    };
    let msg = e.message().trim().to_owned();
    InputError::new(path, InputErrorKind::Invalid(msg))
        .at(Location { json_path: None, line, column })
        .with_hint("see docs/export-format.md for the manifest fields")
}

fn line_of_key(text: &str, key: &str) -> Option<usize> {
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            l.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with('='))
        })
        .map(|i| i + 1)
}
