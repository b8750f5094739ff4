//! `chat/site_scan.json`: the widget API uses `migrate scan-site --account` found in the
//! site's code (docs/export-format.md). Optional: without it the plan works from the
//! hand-typed `js_api_calls` alone; with it, each use is listed under the JS API step.
//!
//! Only the keys the plan needs are read; the file is the scan's JSON report, written by
//! our own tool, so its other keys (summary, skipped files) are not reported as unknown.

use std::path::Path;

use serde::Deserialize;

use super::read;
use crate::error::{InputError, InputErrorKind};

/// The layout name of the file.
pub const FILE: &str = "chat/site_scan.json";

/// The newest `format_version` this reader knows.
const SUPPORTED: i64 = 1;

#[derive(Clone, Debug, Deserialize)]
pub struct SiteScan {
    pub format_version: i64,
    #[serde(default)]
    pub findings: Vec<SiteUse>,
}

/// One use in the site's code.
#[derive(Clone, Debug, Deserialize)]
pub struct SiteUse {
    pub file: String,
    pub line: u64,
    pub column: u64,
    pub call: String,
    /// `rewrite`, `no-equivalent`, `visitor-auth`, `risk`, `different-product`,
    /// `dynamic`, `suspected-bug`, `keep`, `already-messaging`.
    pub verdict: String,
    #[serde(default)]
    pub messaging: Option<String>,
    #[serde(default)]
    pub advice: String,
}

impl SiteUse {
    /// Whether the site still has to change for this use.
    pub fn needs_change(&self) -> bool {
        !matches!(self.verdict.as_str(), "keep" | "already-messaging")
    }
}

/// Read the stored scan of an account, or `None` when the site was not scanned.
pub fn load(root: &Path) -> Result<Option<SiteScan>, InputError> {
    let path = root.join(FILE);
    let Some(bytes) = read::read_file(&path, read::MAX_JSON_BYTES)? else { return Ok(None) };
    let text = read::as_utf8(&path, &bytes)?;
    let scan: SiteScan = read::parse(&path, text)?;
    if scan.format_version > SUPPORTED || scan.format_version < 1 {
        return Err(InputError::new(
            &path,
            InputErrorKind::UnsupportedFormat { found: scan.format_version, supported: SUPPORTED },
        )
        .with_hint("rerun `migrate scan-site --account` with this version of migrate"));
    }
    Ok(Some(scan))
}
