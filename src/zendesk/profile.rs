//! The config file and its profiles: where a person keeps the accounts they work on and
//! their credentials (`[profiles.NAME]`, docs/export.md), and the token files they name.
//!
//! Files that hold tokens are read with a size cap (a token from `<(pass show zendesk)` is a
//! pipe, `/dev/zero` must not use all memory), a warning when others can read them, and
//! error messages that name the line and key but never quote a value.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::SupportTierArg;
use crate::error::UsageError;
use crate::secret::Secret;

/// The config file: profiles, and which one to use when `--profile` is not given.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub default_profile: Option<String>,
    pub profiles: BTreeMap<String, Profile>,
}

/// One `[profiles.NAME]` table.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    pub subdomain: Option<String>,
    pub oauth_token: Option<Secret>,
    pub email: Option<String>,
    pub api_token: Option<Secret>,
    pub token_file: Option<PathBuf>,
    pub base_url: Option<String>,
    pub support_plan: Option<SupportTierArg>,
    pub chat_rate: Option<u32>,
    pub support_rate: Option<u32>,
    pub incremental_rate: Option<u32>,
}

/// Where the config file is when `--config` is not given.
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("migrate").join("config.toml"))
}

/// The largest token file read (a token is under 1 KiB).
const MAX_TOKEN_FILE: u64 = 64 * 1024;
/// The largest config file read.
const MAX_CONFIG_FILE: u64 = 1024 * 1024;

/// Read a settings file of at most `limit` bytes. Any kind of file is read (a token from
/// `<(pass show zendesk)` is a pipe), but never more than `limit + 1` bytes: `/dev/zero`
/// ends with an error instead of using all memory (issue 11).
pub(crate) fn read_limited(path: &Path, limit: u64, what: &str) -> Result<String, std::io::Error> {
    use std::io::Read as _;
    let file = std::fs::File::open(path)?;
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "larger than the {} a {what} may be",
            crate::text::human_bytes(limit)
        )));
    }
    String::from_utf8(bytes).map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidData, "not UTF-8 text"))
}

pub(crate) fn read_token_file(path: &Path, warnings: &mut Vec<String>) -> Result<Secret, UsageError> {
    let text = read_limited(path, MAX_TOKEN_FILE, "token file")
        .map_err(|e| UsageError::new(format!("cannot read the token file {}: {e}", path.display())))?;
    warn_if_shared(path, "token file", warnings);
    let token = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
    if token.is_empty() {
        return Err(UsageError::new(format!("the token file {} is empty", path.display())));
    }
    Ok(Secret::new(token))
}

/// Read the config file. A missing default file is fine (no profiles); a missing file named
/// by `--config` is an error.
pub(crate) fn load_config(
    explicit: Option<&Path>,
    warnings: &mut Vec<String>,
) -> Result<(ConfigFile, Option<PathBuf>), UsageError> {
    let (path, required) = match explicit {
        Some(p) => (p.to_path_buf(), true),
        None => match default_config_path() {
            Some(p) => (p, false),
            None => return Ok((ConfigFile::default(), None)),
        },
    };
    let text = match read_limited(&path, MAX_CONFIG_FILE, "config file") {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && !required => return Ok((ConfigFile::default(), None)),
        Err(e) => return Err(UsageError::new(format!("cannot read the config file {}: {e}", path.display()))),
    };
    warn_if_shared(&path, "config file", warnings);
    let config = parse_config(&path, &text)?;
    Ok((config, Some(path)))
}

/// Parse the config file text. TOML errors quote the offending line, which may hold a
/// token, so only the position and the key are reported.
pub fn parse_config(path: &Path, text: &str) -> Result<ConfigFile, UsageError> {
    toml::from_str::<ConfigFile>(text).map_err(|e| {
        let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() + 1);
        // `message()` is the bare reason without the quoted source line.
        let msg = scrub_toml_message(e.message());
        UsageError::new(format!("{}{}: {msg}", path.display(), line.map(|l| format!(":{l}")).unwrap_or_default()))
            .with_hint("see docs/export.md for the config file format")
    })
}

/// toml's messages name keys and types, but an "invalid type" message may quote a value;
/// keep the message only up to any quoted string.
fn scrub_toml_message(msg: &str) -> String {
    let first = msg.lines().next().unwrap_or("").trim();
    match first.find(['"', '`', '\'']) {
        Some(i) if !first.starts_with("unknown field") => format!("{}…", first[..i].trim_end()),
        _ => first.to_owned(),
    }
}

/// A file holding tokens should be readable by its owner only.
fn warn_if_shared(path: &Path, what: &str, warnings: &mut Vec<String>) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if let Ok(meta) = std::fs::metadata(path) {
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                warnings.push(format!(
                    "the {what} {} is readable by others (mode {mode:o}) and holds tokens; run: chmod 600 {}",
                    path.display(),
                    path.display()
                ));
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = (path, what, warnings);
    }
}
