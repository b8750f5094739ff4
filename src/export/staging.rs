//! Where an export is written, so that a directory never mixes two exports unnoticed.
//!
//! An export is built in a staging directory beside its target, `OUT.partial`, which holds
//! a resume file (`.migrate-export.json`: statuses and the chat-export cursor) and a
//! manifest that is always current, so an interrupted export is both resumable
//! (`--resume`) and plannable (the loader reports what is partial). Only a complete export
//! is moved to `OUT`: if `OUT` holds an earlier export of the same account it is replaced
//! (renamed aside, then removed once the new one is in place); an export of another
//! account, or a directory that is not an export, is never touched: the command refuses.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};

use crate::account::manifest::{self, Manifest, ResourceStatus};

/// The resume file inside the staging directory (hidden: the loader ignores dot files).
pub const STATE_FILE: &str = ".migrate-export.json";
const STATE_FORMAT: u32 = 1;

/// Why an export refuses to start or to finish.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Refusal {
    pub message: String,
    pub hint: Option<String>,
}

fn refuse(message: String, hint: &str) -> Refusal {
    Refusal { message, hint: Some(hint.to_owned()) }
}

/// The staging directory of `out`: `exports/acme` → `exports/acme.partial`.
pub fn staging_dir(out: &Path) -> Result<PathBuf, Refusal> {
    let name = out.file_name().filter(|n| !n.is_empty() && *n != "." && *n != "..").ok_or_else(|| Refusal {
        message: format!("--out {} has no directory name to export into", out.display()),
        hint: Some("name the account directory, e.g. --out exports/acme".into()),
    })?;
    let mut staged = name.to_os_string();
    staged.push(".partial");
    Ok(out.with_file_name(staged))
}

/// What `OUT` holds now.
#[derive(Debug, PartialEq, Eq)]
pub enum Existing {
    /// Nothing (or an empty directory): the export is moved there.
    Nothing,
    /// An earlier export of the same account: replaced when the new one is complete.
    SameAccount { exported_at: String },
}

/// Check that `out` may receive an export of `subdomain`.
pub fn check_out(out: &Path, subdomain: &str) -> Result<Existing, Refusal> {
    match std::fs::metadata(out) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Existing::Nothing),
        Err(e) => return Err(Refusal { message: format!("cannot read {}: {e}", out.display()), hint: None }),
        Ok(m) if !m.is_dir() => {
            return Err(refuse(format!("{} exists and is not a directory", out.display()), "choose another --out"));
        }
        Ok(_) => {}
    }
    let empty = std::fs::read_dir(out).map(|mut d| d.next().is_none()).unwrap_or(false);
    if empty {
        return Ok(Existing::Nothing);
    }
    let manifest_path = out.join("manifest.toml");
    let text = std::fs::read_to_string(&manifest_path).map_err(|_| {
        refuse(
            format!("{} is not empty and holds no export (no manifest.toml); refusing to write into it", out.display()),
            "choose an empty or new directory for --out",
        )
    })?;
    let m = Manifest::parse(&manifest_path, &text).map_err(|e| {
        refuse(
            format!(
                "{} holds a manifest.toml that cannot be read ({}); refusing to replace it",
                out.display(),
                e.headline()
            ),
            "choose another --out, or remove the directory",
        )
    })?;
    if m.subdomain != subdomain {
        return Err(refuse(
            format!(
                "{} holds an export of {:?}, not {subdomain:?}; refusing to mix two accounts",
                out.display(),
                m.subdomain
            ),
            "choose another --out (with --subdomains, each account gets its own directory)",
        ));
    }
    Ok(Existing::SameAccount { exported_at: m.exported_at.to_string() })
}

/// The resume file.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct State {
    pub format: u32,
    pub subdomain: String,
    /// RFC 3339; the manifest's `exported_at`, fixed when the export started.
    pub exported_at: String,
    /// Start of the chat history window (unix seconds).
    pub since: i64,
    pub resources: BTreeMap<String, ResourceStatus>,
    #[serde(default)]
    pub chats: Option<ChatCursor>,
}

/// Where the chat export stands, updated after every complete page.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ChatCursor {
    /// The next page to fetch; `None` before the first page.
    pub next: Option<String>,
    pub pages: u64,
    pub items: u64,
    /// Length of `chat/chats.jsonl` after the last complete page: a page cut short by an
    /// interruption is cut off on resume.
    pub bytes: u64,
    /// Every page URL fetched, to detect a `next_page` that points back.
    pub fetched: Vec<String>,
    pub done: bool,
}

impl State {
    pub fn new(subdomain: &str, exported_at: jiff::Timestamp, since: jiff::Timestamp) -> Self {
        State {
            format: STATE_FORMAT,
            subdomain: subdomain.to_owned(),
            exported_at: manifest_timestamp(exported_at).to_string(),
            since: since.as_second(),
            resources: BTreeMap::new(),
            chats: None,
        }
    }

    pub fn load(dir: &Path) -> Result<State, Refusal> {
        let path = dir.join(STATE_FILE);
        let bad = |why: String| {
            refuse(format!("{} cannot be resumed: {why}", dir.display()), "remove that directory to start a new export")
        };
        let text = std::fs::read_to_string(&path).map_err(|e| bad(format!("{STATE_FILE}: {e}")))?;
        let state: State = serde_json::from_str(&text).map_err(|e| bad(format!("{STATE_FILE}: {e}")))?;
        if state.format != STATE_FORMAT {
            return Err(bad(format!("{STATE_FILE} has format {}, this migrate writes {STATE_FORMAT}", state.format)));
        }
        Ok(state)
    }

    pub fn save(&self, dir: &Path) -> Result<()> {
        let text = serde_json::to_vec_pretty(self).context("cannot encode the resume file")?;
        crate::output::write_file(&dir.join(STATE_FILE), &text)
    }

    pub fn exported_at(&self) -> jiff::Timestamp {
        self.exported_at.parse().unwrap_or_default()
    }

    /// The manifest for the current state.
    pub fn manifest(&self) -> Manifest {
        Manifest {
            format: manifest::FORMAT,
            subdomain: self.subdomain.clone(),
            exported_at: manifest_timestamp(self.exported_at()),
            exported_by: Some(concat!("migrate ", env!("CARGO_PKG_VERSION")).to_owned()),
            resources: self.resources.clone(),
            unknown_keys: Vec::new(),
        }
    }

    pub fn write_manifest(&self, dir: &Path) -> Result<()> {
        let text = toml::to_string(&self.manifest()).context("cannot encode manifest.toml")?;
        crate::output::write_file(&dir.join("manifest.toml"), text.as_bytes())
    }
}

fn manifest_timestamp(t: jiff::Timestamp) -> crate::account::lenient::Timestamp {
    crate::account::lenient::Timestamp(jiff::Timestamp::from_second(t.as_second()).unwrap_or(t))
}

/// Move the complete export in `staging` to `out`, replacing an earlier export of the same
/// account. Checked again here: another run may have written `out` meanwhile.
pub fn swap_into_place(staging: &Path, out: &Path, subdomain: &str) -> Result<bool> {
    let existing = check_out(out, subdomain).map_err(anyhow::Error::new)?;
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    let replaced = match existing {
        Existing::Nothing => {
            if out.exists() {
                std::fs::remove_dir(out).with_context(|| format!("cannot replace the empty {}", out.display()))?;
            }
            std::fs::rename(staging, out)
                .with_context(|| format!("cannot move {} to {}", staging.display(), out.display()))?;
            false
        }
        Existing::SameAccount { .. } => {
            let mut old_name = out.file_name().unwrap_or_default().to_os_string();
            old_name.push(".previous");
            let old = out.with_file_name(old_name);
            if old.exists() {
                std::fs::remove_dir_all(&old).with_context(|| format!("cannot remove {}", old.display()))?;
            }
            std::fs::rename(out, &old).with_context(|| format!("cannot move {} aside", out.display()))?;
            std::fs::rename(staging, out)
                .with_context(|| format!("cannot move {} to {}", staging.display(), out.display()))?;
            std::fs::remove_dir_all(&old)
                .with_context(|| format!("cannot remove the previous export {}", old.display()))?;
            true
        }
    };
    Ok(replaced)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_is_a_sibling() {
        assert_eq!(staging_dir(Path::new("exports/acme")).unwrap(), PathBuf::from("exports/acme.partial"));
        assert_eq!(staging_dir(Path::new("exports/acme/")).unwrap(), PathBuf::from("exports/acme.partial"));
        assert!(staging_dir(Path::new("..")).is_err());
    }

    #[test]
    fn out_checks() {
        let d = tempfile::tempdir().unwrap();
        let out = d.path().join("acme");
        assert_eq!(check_out(&out, "acme").unwrap(), Existing::Nothing);
        std::fs::create_dir(&out).unwrap();
        assert_eq!(check_out(&out, "acme").unwrap(), Existing::Nothing);
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(check_out(&out, "acme").unwrap_err().message.contains("holds no export"));
        std::fs::write(
            out.join("manifest.toml"),
            "format = 1\nsubdomain = \"beta\"\nexported_at = \"2026-01-01T00:00:00Z\"\n",
        )
        .unwrap();
        assert!(check_out(&out, "acme").unwrap_err().message.contains("refusing to mix two accounts"));
        assert!(matches!(check_out(&out, "beta").unwrap(), Existing::SameAccount { .. }));
    }
}
