//! Reading a plan directory back (`migrate plan --out DIR`): what `migrate verify` and
//! `migrate apply` start from.
//!
//! A plan is only executed as it was written. [`load`] refuses, each with an error that
//! names the file and says what to do:
//!
//! - a path that is not a directory, or a directory without `plan.json` or
//!   `messaging-config.json`;
//! - a file without `format_version`, or of an older or newer format than this build's
//!   [`FORMAT_VERSION`] (the plan is made again rather than guessed at);
//! - JSON that does not parse into the plan's types, hand-edited or cut short (the file,
//!   line, column and JSON path);
//! - API calls that cannot be executed (a key used twice, a dependency that does not come
//!   first, an unknown `$ref`);
//! - two files of one directory from different exports or runs (their fingerprints,
//!   subdomains or items differ);
//!
//! and [`load_for`] / [`load_for_account`] also refuse a plan made from another export, or
//! from an older copy of the same one (terraform's rule for a stale plan).

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::{ActivationPath, FORMAT_VERSION, Item, Plan};
use crate::account::lenient::Timestamp;
use crate::account::read;
use crate::error::InputError;

/// The plan file, and the messaging configuration written beside it.
pub const PLAN: &str = "plan.json";
pub const CONFIG: &str = "messaging-config.json";

/// Plans hold one item per Chat object; the loader reads at most this much of each file.
const MAX_PLAN_BYTES: u64 = 512 * 1024 * 1024;

/// `messaging-config.json`, as read back.
#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct MessagingConfig {
    pub format_version: u32,
    pub subdomain: String,
    pub exported_at: Timestamp,
    pub input_fingerprint: String,
    pub activation: ActivationPath,
    pub items: Vec<Item>,
}

/// A plan directory that passed every check: its plan (whose items are also those of
/// `messaging-config.json`).
#[derive(Clone, Debug, PartialEq)]
pub struct LoadedPlan {
    pub dir: PathBuf,
    pub plan: Plan,
}

impl LoadedPlan {
    /// The export the plan was made from.
    pub fn fingerprint(&self) -> &str {
        &self.plan.account.input_fingerprint
    }
}

/// Why a plan directory was refused.
#[derive(Debug, thiserror::Error)]
pub enum PlanDirError {
    #[error("{}: no such directory: give the plan directory `migrate plan --out DIR` wrote", .0.display())]
    NoDirectory(PathBuf),
    #[error("{}: not a directory: give the plan directory `migrate plan --out DIR` wrote (the folder holding plan.json), not a file in it", .0.display())]
    NotADirectory(PathBuf),
    #[error("{}: no such file: this is not a plan directory written by `migrate plan --out`", .0.display())]
    Missing(PathBuf),
    #[error("{}: no format_version: not a plan written by `migrate plan`", .0.display())]
    NoVersion(PathBuf),
    #[error(
        "{}: plan format {found} is older than this migrate reads (format {supported}); run `migrate plan` again",
        file.display()
    )]
    OlderFormat { file: PathBuf, found: u64, supported: u32 },
    #[error(
        "{}: plan format {found} is newer than this migrate understands (format {supported}); use the migrate that wrote it, or run `migrate plan` again with this one",
        file.display()
    )]
    NewerFormat { file: PathBuf, found: u64, supported: u32 },
    /// Unreadable, not UTF-8, too large, or JSON that does not parse into the plan's types:
    /// the error names the file, and where the JSON is wrong, the line, column and path.
    #[error("{0}")]
    Invalid(InputError),
    #[error("{}: {message}", file.display())]
    Calls { file: PathBuf, message: String },
    #[error(
        "{}: {what} differs from {PLAN}'s: the two files come from different runs of `migrate plan`; write them again with one `migrate plan --out`",
        dir.join(CONFIG).display()
    )]
    Mixed { dir: PathBuf, what: &'static str },
    #[error(
        "{}: this plan was made from another export (fingerprint {plan}; the export{} now has {export}); run `migrate plan` again",
        dir.display(),
        account.as_deref().map(|a| format!(" in {}", a.display())).unwrap_or_default()
    )]
    Stale { dir: PathBuf, account: Option<PathBuf>, plan: String, export: String },
    /// The account directory given to check the plan against could not be read.
    #[error("{0}")]
    Account(InputError),
}

/// Read and check the plan directory `dir` (module docs).
pub fn load(dir: &Path) -> Result<LoadedPlan, PlanDirError> {
    match std::fs::metadata(dir) {
        Ok(m) if m.is_dir() => {}
        Ok(_) => return Err(PlanDirError::NotADirectory(dir.to_path_buf())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(PlanDirError::NoDirectory(dir.to_path_buf())),
        // Unreadable: the read of plan.json below names the file and the reason.
        Err(_) => {}
    }
    let plan_path = dir.join(PLAN);
    let config_path = dir.join(CONFIG);
    let plan_text = text(&plan_path)?;
    let config_text = text(&config_path)?;
    version(&plan_path, &plan_text)?;
    version(&config_path, &config_text)?;
    let plan: Plan = read::parse(&plan_path, &plan_text).map_err(PlanDirError::Invalid)?;
    let config: MessagingConfig = read::parse(&config_path, &config_text).map_err(PlanDirError::Invalid)?;
    super::payload::api::check_calls(plan.calls().map(|(_, c)| c))
        .map_err(|message| PlanDirError::Calls { file: plan_path.clone(), message })?;
    let mixed = |what| Err(PlanDirError::Mixed { dir: dir.to_path_buf(), what });
    if config.input_fingerprint != plan.account.input_fingerprint {
        return mixed("the export fingerprint");
    }
    if config.subdomain != plan.account.subdomain || config.exported_at != plan.account.exported_at {
        return mixed("the account");
    }
    if config.activation != plan.account.activation {
        return mixed("the activation path");
    }
    if config.items != plan.items {
        return mixed("the list of items");
    }
    Ok(LoadedPlan { dir: dir.to_path_buf(), plan })
}

/// [`load`], and refuse a plan made from an export other than the one of `fingerprint`.
pub fn load_for(dir: &Path, fingerprint: &str) -> Result<LoadedPlan, PlanDirError> {
    let loaded = load(dir)?;
    if loaded.fingerprint() != fingerprint {
        return Err(PlanDirError::Stale {
            dir: dir.to_path_buf(),
            account: None,
            plan: loaded.fingerprint().to_owned(),
            export: fingerprint.to_owned(),
        });
    }
    Ok(loaded)
}

/// [`load_for`] the export in `account` (read as `migrate plan` reads it).
pub fn load_for_account(dir: &Path, account: &Path) -> Result<LoadedPlan, PlanDirError> {
    let loaded = load(dir)?;
    let export = crate::account::load(account).map_err(PlanDirError::Account)?.fingerprint;
    if loaded.fingerprint() != export {
        return Err(PlanDirError::Stale {
            dir: dir.to_path_buf(),
            account: Some(account.to_path_buf()),
            plan: loaded.fingerprint().to_owned(),
            export,
        });
    }
    Ok(loaded)
}

fn text(path: &Path) -> Result<String, PlanDirError> {
    let bytes = read::read_file(path, MAX_PLAN_BYTES)
        .map_err(PlanDirError::Invalid)?
        .ok_or_else(|| PlanDirError::Missing(path.to_path_buf()))?;
    read::as_utf8(path, &bytes).map(str::to_owned).map_err(PlanDirError::Invalid)
}

/// The format is checked before the shape: a plan of another format is refused as such,
/// not as a list of fields that do not fit.
fn version(path: &Path, text: &str) -> Result<(), PlanDirError> {
    #[derive(Deserialize)]
    struct Head {
        format_version: Option<serde_json::Value>,
    }
    let head: Head = read::parse(path, text).map_err(PlanDirError::Invalid)?;
    let found = match head.format_version {
        None | Some(serde_json::Value::Null) => return Err(PlanDirError::NoVersion(path.to_path_buf())),
        Some(v) => v.as_u64().ok_or_else(|| PlanDirError::NoVersion(path.to_path_buf()))?,
    };
    let supported = FORMAT_VERSION;
    match found.cmp(&u64::from(supported)) {
        std::cmp::Ordering::Less => Err(PlanDirError::OlderFormat { file: path.to_path_buf(), found, supported }),
        std::cmp::Ordering::Greater => Err(PlanDirError::NewerFormat { file: path.to_path_buf(), found, supported }),
        std::cmp::Ordering::Equal => Ok(()),
    }
}
