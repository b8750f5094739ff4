//! Settings for `migrate export`, resolved once from the command line, the environment and
//! the config file.
//!
//! clap fills [`ExportArgs`] (raw arguments, defined here beside what they resolve into, and
//! mounted on the command line by `cli`); [`resolve`] applies the
//! environment (zcli's variable names), the TOML config file's profile and the defaults,
//! and returns [`ExportSettings`]: the only thing the export itself sees. Keeping the two
//! apart means the precedence rules live in one function with one test suite:
//!
//! - credentials, as one unit from the first source that has any: `--token-file`, then the
//!   environment (`ZENDESK_OAUTH_TOKEN`, or `ZENDESK_EMAIL` + `ZENDESK_API_TOKEN`), then the
//!   profile (`oauth_token`, `email` + `api_token`, or `token_file`);
//! - the subdomain: `--subdomain` (or the `--subdomains` line), `ZENDESK_SUBDOMAIN`, the profile;
//! - everything else: flag, then profile, then default.
//!
//! Tokens are [`Secret`]s from the moment they are read: they never reach a log line, an
//! error message or a file.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;

use crate::error::UsageError;
use crate::fetch::pace::Rates;
use crate::secret::Secret;
use crate::text::display::quote;
use clap::{Args, ValueEnum};

/// The default chat history window (issue 5: `--since`, default 90 days).
pub const DEFAULT_SINCE_DAYS: i64 = 90;
/// The default time one request may take before it is retried.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

pub const EXPORT_AFTER_HELP: &str = "\
Credentials, highest precedence first (docs/export.md):
  1. --token-file PATH (an API token when an email is known, else an OAuth token)
  2. environment: ZENDESK_OAUTH_TOKEN, or ZENDESK_EMAIL + ZENDESK_API_TOKEN
  3. the profile (--profile, or the config file's default_profile)
The subdomain: --subdomain, then ZENDESK_SUBDOMAIN, then the profile.

Exit codes:
  0    every account was exported
  1    failure: an output could not be written, or an internal error
  2    usage: the command line, the config file or --out is wrong
  5    remote: the Zendesk API refused or failed
  130  interrupted (rerun with --resume)
With --subdomains the worst result wins (130 > 2 > 1 > 5 > 0).";

/// `migrate export`: raw arguments. [`resolve`] turns them, the environment and the
/// config file into settings.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write: the account directory, or with --subdomains the parent of one
    /// directory per account
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// The Zendesk subdomain (acme for acme.zendesk.com) [env: ZENDESK_SUBDOMAIN]
    #[arg(long, value_name = "NAME", conflicts_with = "subdomains")]
    pub subdomain: Option<String>,

    /// A file of accounts, one per line: `SUBDOMAIN [PROFILE]` (# starts a comment)
    #[arg(long, value_name = "FILE")]
    pub subdomains: Option<PathBuf>,

    /// A profile of the config file
    #[arg(long, value_name = "NAME")]
    pub profile: Option<String>,

    /// The config file [default: migrate/config.toml in the user's config directory]
    #[arg(long, value_name = "PATH", env = "MIGRATE_CONFIG")]
    pub config: Option<PathBuf>,

    /// Read the token from this file (first line)
    #[arg(long, value_name = "PATH")]
    pub token_file: Option<PathBuf>,

    /// Send requests to this origin instead of https://SUBDOMAIN.zendesk.com (staging, tests)
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,

    /// How far back the chat history goes: 90d, 12w, 36h, or a date (2026-01-31) [default: 90d]
    #[arg(long, value_name = "WHEN")]
    pub since: Option<String>,

    /// Continue an interrupted export (OUT.partial) from its last complete page
    #[arg(long)]
    pub resume: bool,

    /// Skip the chat history (chat/chats.jsonl)
    #[arg(long)]
    pub no_chats: bool,

    /// Do not ask the four facts no API gives after the export (they are asked only when
    /// stdin and stderr are a terminal; `migrate answer` asks them any time)
    #[arg(long)]
    pub no_input: bool,

    /// The Support plan, which sets the Support API limit (team 200/min … enterprise_plus 2500/min)
    #[arg(long, value_enum, value_name = "PLAN")]
    pub support_plan: Option<SupportTierArg>,

    /// Chat API requests per minute [default: 200]
    #[arg(long, value_name = "N")]
    pub chat_rate: Option<u32>,

    /// Support API requests per minute [default: from --support-plan, else 200]
    #[arg(long, value_name = "N")]
    pub support_rate: Option<u32>,

    /// Incremental export requests per minute [default: 10]
    #[arg(long, value_name = "N")]
    pub incremental_rate: Option<u32>,

    /// Seconds before one request is given up and retried [default: 30]
    #[arg(long, value_name = "SECS")]
    pub timeout: Option<f64>,
}

/// Support plans and their API limits (chat-api.md §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SupportTierArg {
    Team,
    Growth,
    Professional,
    Enterprise,
    #[value(alias = "enterprise_plus")]
    EnterprisePlus,
    /// The High Volume API add-on
    #[value(alias = "high_volume")]
    HighVolume,
}

impl SupportTierArg {
    /// Support API requests per minute (chat-api.md §2, DOC-rate).
    pub fn requests_per_minute(self) -> u32 {
        match self {
            SupportTierArg::Team => 200,
            SupportTierArg::Growth | SupportTierArg::Professional => 400,
            SupportTierArg::Enterprise => 700,
            SupportTierArg::EnterprisePlus | SupportTierArg::HighVolume => 2500,
        }
    }
}

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

/// How requests authenticate. Both forms hold the token as a [`Secret`].
#[derive(Clone, Debug)]
pub enum Auth {
    /// `Authorization: Bearer TOKEN` (a Chat or Support OAuth token).
    Bearer(Secret),
    /// `Authorization: Basic base64(EMAIL/token:TOKEN)` (a Support API token).
    ApiToken { email: String, token: Secret },
}

impl Auth {
    /// The `Authorization` header value. It is a secret too: the caller marks the header
    /// sensitive so that no HTTP library logs it.
    pub fn header_value(&self) -> Secret {
        match self {
            Auth::Bearer(t) => Secret::new(format!("Bearer {}", t.expose())),
            Auth::ApiToken { email, token } => {
                let raw = format!("{email}/token:{}", token.expose());
                Secret::new(format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(raw)))
            }
        }
    }

    /// Every string that must never be shown: the token and its encoded header forms.
    pub fn forbidden_strings(&self) -> Vec<String> {
        let mut v = Vec::new();
        match self {
            Auth::Bearer(t) => v.push(t.expose().to_owned()),
            Auth::ApiToken { token, .. } => v.push(token.expose().to_owned()),
        }
        let header = self.header_value();
        if let Some((_, encoded)) = header.expose().split_once(' ') {
            v.push(encoded.to_owned());
        }
        v.retain(|s| s.len() >= 4);
        v
    }

    /// For narration: which kind of credential, never its value.
    pub fn describe(&self) -> String {
        match self {
            Auth::Bearer(_) => "an OAuth token".to_owned(),
            Auth::ApiToken { email, .. } => format!("the API token of {email}"),
        }
    }
}

/// One account to export, fully resolved.
#[derive(Clone, Debug)]
pub struct ExportTarget {
    pub subdomain: String,
    /// The origin requests go to (`https://acme.zendesk.com`, or `--base-url`).
    pub base_url: url::Url,
    pub auth: Auth,
    /// Where the credentials came from (`--token-file`, `environment`, `profile "acme"`).
    pub auth_source: String,
    pub rates: Rates,
    /// The account directory.
    pub out: PathBuf,
}

/// An account of `--subdomains` whose settings could not be resolved: reported, and the
/// others go on.
#[derive(Debug)]
pub struct BadTarget {
    pub subdomain: String,
    pub error: UsageError,
}

/// Everything `migrate export` needs.
#[derive(Debug)]
pub struct ExportSettings {
    pub targets: Vec<Result<ExportTarget, BadTarget>>,
    /// `--subdomains`: many accounts, one directory each under `--out`.
    pub batch: bool,
    /// The start of the chat history window.
    pub since: jiff::Timestamp,
    pub resume: bool,
    pub chats: bool,
    pub timeout: Duration,
    /// Things to say on stderr before starting (a config file readable by others).
    pub warnings: Vec<String>,
}

/// Where the config file is when `--config` is not given.
pub fn default_config_path() -> Option<PathBuf> {
    dirs::config_dir().map(|d| d.join("migrate").join("config.toml"))
}

/// Resolve raw arguments into settings. `env` reads an environment variable (injected so
/// that tests do not depend on the process environment); `now` anchors `--since`.
pub fn resolve(
    args: &ExportArgs,
    env: &dyn Fn(&str) -> Option<String>,
    now: jiff::Timestamp,
) -> Result<ExportSettings, UsageError> {
    let mut warnings = Vec::new();
    let (config, config_path) = load_config(args.config.as_deref(), &mut warnings)?;
    let env = |k: &str| env(k).filter(|v| !v.trim().is_empty());

    let since = match &args.since {
        Some(s) => parse_since(s, now)?,
        None => now
            .checked_sub(jiff::SignedDuration::from_hours(DEFAULT_SINCE_DAYS * 24))
            .map_err(|e| UsageError::new(format!("cannot compute the default --since: {e}")))?,
    };
    let timeout = match args.timeout {
        Some(t) if t.is_finite() && t > 0.0 && t <= 3600.0 => Duration::from_secs_f64(t),
        Some(t) => {
            return Err(UsageError::new(format!("--timeout {t} is not a number of seconds between 0 and 3600")));
        }
        None => DEFAULT_TIMEOUT,
    };

    let named_profile = args.profile.clone().or_else(|| config.default_profile.clone());
    if let Some(name) = &named_profile
        && !config.profiles.contains_key(name)
    {
        return Err(unknown_profile(name, &config, config_path.as_deref()));
    }

    let mut targets = Vec::new();
    let batch = args.subdomains.is_some();
    if let Some(list) = &args.subdomains {
        for (subdomain, line_profile) in read_account_list(list)? {
            let profile_name = line_profile
                .clone()
                .or_else(|| config.profiles.contains_key(&subdomain).then(|| subdomain.clone()))
                .or_else(|| named_profile.clone());
            let result = match profile_name.as_deref() {
                Some(name) if !config.profiles.contains_key(name) => {
                    Err(unknown_profile(name, &config, config_path.as_deref()))
                }
                _ => {
                    let profile = profile_name.as_deref().and_then(|n| config.profiles.get(n).map(|p| (n, p)));
                    target(args, &env, profile, Some(&subdomain), &args.out.join(&subdomain), &mut warnings)
                }
            };
            targets.push(result.map_err(|error| BadTarget { subdomain: subdomain.clone(), error }));
        }
        if targets.is_empty() {
            return Err(UsageError::new(format!("{} lists no account", list.display()))
                .with_hint("write one subdomain per line, optionally followed by a profile name"));
        }
    } else {
        let profile = named_profile.as_deref().and_then(|n| config.profiles.get(n).map(|p| (n, p)));
        let t = target(args, &env, profile, args.subdomain.as_deref(), &args.out, &mut warnings)?;
        targets.push(Ok(t));
    }
    Ok(ExportSettings { targets, batch, since, resume: args.resume, chats: !args.no_chats, timeout, warnings })
}

fn unknown_profile(name: &str, config: &ConfigFile, path: Option<&Path>) -> UsageError {
    let known: Vec<&str> = config.profiles.keys().map(String::as_str).collect();
    let where_ = path.map(|p| p.display().to_string()).unwrap_or_else(|| "the config file".into());
    let err = UsageError::new(format!("no profile {} in {where_}", quote(name)));
    if known.is_empty() {
        err.with_hint("add a [profiles.NAME] table to the config file (docs/export.md)")
    } else {
        err.with_hint(format!("known profiles: {}", known.join(", ")))
    }
}

fn target(
    args: &ExportArgs,
    env: &dyn Fn(&str) -> Option<String>,
    profile: Option<(&str, &Profile)>,
    subdomain_arg: Option<&str>,
    out: &Path,
    warnings: &mut Vec<String>,
) -> Result<ExportTarget, UsageError> {
    let p = profile.map(|(_, p)| p);
    let subdomain = subdomain_arg
        .map(str::to_owned)
        .or_else(|| env("ZENDESK_SUBDOMAIN"))
        .or_else(|| p.and_then(|p| p.subdomain.clone()))
        .ok_or_else(|| {
            UsageError::new("no subdomain: which Zendesk account should be exported?")
                .with_hint("pass --subdomain NAME, set ZENDESK_SUBDOMAIN, or use a --profile that sets subdomain")
        })?;
    let subdomain = validate_subdomain(subdomain.trim())?;

    let base_url = match args.base_url.clone().or_else(|| p.and_then(|p| p.base_url.clone())) {
        Some(u) => parse_base_url(&u)?,
        None => parse_base_url(&format!("https://{subdomain}.zendesk.com"))?,
    };

    let (auth, auth_source) = credentials(args, env, profile, warnings)?;

    let support = args
        .support_rate
        .or_else(|| p.and_then(|p| p.support_rate))
        .or_else(|| args.support_plan.or_else(|| p.and_then(|p| p.support_plan)).map(|s| s.requests_per_minute()));
    let defaults = Rates::default();
    let rates = Rates {
        chat: args.chat_rate.or_else(|| p.and_then(|p| p.chat_rate)).unwrap_or(defaults.chat),
        support: support.unwrap_or(defaults.support),
        incremental: args
            .incremental_rate
            .or_else(|| p.and_then(|p| p.incremental_rate))
            .unwrap_or(defaults.incremental),
    };
    for (name, v) in [("chat", rates.chat), ("support", rates.support), ("incremental", rates.incremental)] {
        if v == 0 {
            return Err(UsageError::new(format!("the {name} rate is 0 requests per minute")));
        }
    }
    Ok(ExportTarget { subdomain, base_url, auth, auth_source, rates, out: out.to_path_buf() })
}

fn credentials(
    args: &ExportArgs,
    env: &dyn Fn(&str) -> Option<String>,
    profile: Option<(&str, &Profile)>,
    warnings: &mut Vec<String>,
) -> Result<(Auth, String), UsageError> {
    let p = profile.map(|(_, p)| p);
    let email = || env("ZENDESK_EMAIL").or_else(|| p.and_then(|p| p.email.clone()));
    let with_email = |token: Secret| match email() {
        Some(email) => Auth::ApiToken { email, token },
        None => Auth::Bearer(token),
    };
    if let Some(path) = &args.token_file {
        let token = read_token_file(path, warnings)?;
        return Ok((with_email(token), format!("--token-file {}", path.display())));
    }
    if let Some(t) = env("ZENDESK_OAUTH_TOKEN") {
        return Ok((Auth::Bearer(Secret::new(t.trim())), "ZENDESK_OAUTH_TOKEN".into()));
    }
    if let Some(t) = env("ZENDESK_API_TOKEN") {
        let Some(email) = email() else {
            return Err(UsageError::new("ZENDESK_API_TOKEN is set but no email goes with it")
                .with_hint("set ZENDESK_EMAIL (an API token authenticates as EMAIL/token)"));
        };
        return Ok((Auth::ApiToken { email, token: Secret::new(t.trim()) }, "ZENDESK_API_TOKEN".into()));
    }
    if let Some((name, p)) = profile {
        let source = format!("profile {}", quote(name));
        match (&p.oauth_token, &p.api_token, &p.token_file) {
            (Some(_), Some(_), _) | (Some(_), _, Some(_)) | (_, Some(_), Some(_)) => {
                return Err(UsageError::new(format!(
                    "{source} sets more than one of oauth_token, api_token, token_file"
                ))
                .with_hint("keep one credential per profile"));
            }
            (Some(t), None, None) if !t.is_empty() => return Ok((Auth::Bearer(t.clone()), source)),
            (None, Some(t), None) if !t.is_empty() => {
                let Some(email) = env("ZENDESK_EMAIL").or_else(|| p.email.clone()) else {
                    return Err(UsageError::new(format!("{source} has an api_token but no email"))
                        .with_hint("add email = \"you@example.com\" to the profile"));
                };
                return Ok((Auth::ApiToken { email, token: t.clone() }, source));
            }
            (None, None, Some(path)) => {
                let token = read_token_file(path, warnings)?;
                return Ok((with_email(token), format!("{source} (token_file)")));
            }
            _ => {}
        }
    }
    Err(UsageError::new("no credentials: the Zendesk APIs need a token").with_hint(
        "set ZENDESK_OAUTH_TOKEN (or ZENDESK_EMAIL + ZENDESK_API_TOKEN), pass --token-file, or use a --profile with a token",
    ))
}

/// The largest token file read (a token is under 1 KiB).
const MAX_TOKEN_FILE: u64 = 64 * 1024;
/// The largest config file or `--subdomains` list read.
const MAX_CONFIG_FILE: u64 = 1024 * 1024;
const MAX_ACCOUNT_LIST: u64 = 16 * 1024 * 1024;

/// Read a settings file of at most `limit` bytes. Any kind of file is read (a token from
/// `<(pass show zendesk)` is a pipe), but never more than `limit + 1` bytes: `/dev/zero`
/// ends with an error instead of using all memory (issue 11).
fn read_limited(path: &Path, limit: u64, what: &str) -> Result<String, std::io::Error> {
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

fn read_token_file(path: &Path, warnings: &mut Vec<String>) -> Result<Secret, UsageError> {
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
fn load_config(
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

fn validate_subdomain(s: &str) -> Result<String, UsageError> {
    let ok = !s.is_empty() && s.len() <= 63 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if ok {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(UsageError::new(format!("{} is not a Zendesk subdomain", quote(s)))
            .with_hint("use the first part of the host name: acme for acme.zendesk.com"))
    }
}

fn parse_base_url(s: &str) -> Result<url::Url, UsageError> {
    let u =
        url::Url::parse(s.trim()).map_err(|e| UsageError::new(format!("--base-url {} is not a URL: {e}", quote(s))))?;
    if !matches!(u.scheme(), "http" | "https") || u.host_str().is_none() {
        return Err(UsageError::new(format!(
            "--base-url {} must be an http(s) origin such as https://acme.zendesk.com",
            quote(s)
        )));
    }
    if !u.username().is_empty() || u.password().is_some() {
        return Err(UsageError::new("--base-url must not carry credentials").with_hint("use a token instead"));
    }
    // Only the origin is kept: every API path is absolute (`/api/v2/...`).
    let origin = u.origin().ascii_serialization();
    url::Url::parse(&origin).map_err(|e| UsageError::new(format!("--base-url {}: {e}", quote(s))))
}

/// `--since`: `90d`, `12w`, `36h`, a date (`2026-01-31`, midnight UTC) or a timestamp.
pub fn parse_since(s: &str, now: jiff::Timestamp) -> Result<jiff::Timestamp, UsageError> {
    let s = s.trim();
    let bad = || {
        UsageError::new(format!("--since {} is not a duration or a date", quote(s)))
            .with_hint("use 90d, 12w, 36h, 2026-01-31 or 2026-01-31T12:00:00Z")
    };
    let start = if let Some(unit) = s.chars().last().filter(|c| c.is_ascii_alphabetic()) {
        let n: i64 = s[..s.len() - 1].parse().map_err(|_| bad())?;
        let hours = match unit {
            'h' => n,
            'd' => n * 24,
            'w' => n * 24 * 7,
            _ => return Err(bad()),
        };
        now.checked_sub(jiff::SignedDuration::from_hours(hours)).map_err(|_| bad())?
    } else if let Ok(ts) = s.parse::<jiff::Timestamp>() {
        ts
    } else if let Ok(d) = s.parse::<jiff::civil::Date>() {
        d.to_zoned(jiff::tz::TimeZone::UTC).map_err(|_| bad())?.timestamp()
    } else {
        return Err(bad());
    };
    // The incremental export refuses a start less than 5 minutes in the past (DOC-incr).
    let latest = now.checked_sub(jiff::SignedDuration::from_mins(6)).map_err(|_| bad())?;
    if start > latest {
        return Err(UsageError::new(format!("--since {} is not far enough in the past", quote(s)))
            .with_hint("the incremental chat export needs a start at least 5 minutes ago"));
    }
    Ok(start)
}

/// `--subdomains FILE`: `SUBDOMAIN [PROFILE]` per line; blank lines and `#` comments skipped.
fn read_account_list(path: &Path) -> Result<Vec<(String, Option<String>)>, UsageError> {
    let text = read_limited(path, MAX_ACCOUNT_LIST, "list of accounts")
        .map_err(|e| UsageError::new(format!("cannot read {}: {e}", path.display())))?;
    let mut out: Vec<(String, Option<String>)> = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let mut words = line.split_whitespace();
        let sub = words.next().unwrap_or_default();
        let profile = words.next().map(str::to_owned);
        if words.next().is_some() {
            return Err(UsageError::new(format!("{}:{}: expected `SUBDOMAIN [PROFILE]`", path.display(), i + 1)));
        }
        let sub = validate_subdomain(sub).map_err(|e| UsageError {
            message: format!("{}:{}: {}", path.display(), i + 1, e.message),
            hint: e.hint,
        })?;
        if out.iter().any(|(s, _)| *s == sub) {
            return Err(UsageError::new(format!("{}:{}: {sub} is listed twice", path.display(), i + 1)));
        }
        out.push((sub, profile));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn args(out: &str) -> ExportArgs {
        ExportArgs {
            out: PathBuf::from(out),
            subdomain: None,
            subdomains: None,
            profile: None,
            config: None,
            token_file: None,
            base_url: None,
            since: None,
            resume: false,
            no_chats: false,
            no_input: false,
            support_plan: None,
            chat_rate: None,
            support_rate: None,
            incremental_rate: None,
            timeout: None,
        }
    }

    fn now() -> jiff::Timestamp {
        "2026-11-02T09:30:00Z".parse().unwrap()
    }

    fn with_config(text: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        (dir, path)
    }

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |k| m.get(k).cloned()
    }

    const CONFIG: &str = r#"
default_profile = "acme"
[profiles.acme]
subdomain = "acme"
oauth_token = "profile-oauth-token"
support_plan = "enterprise"

[profiles.beta]
subdomain = "beta"
email = "admin@beta.example"
api_token = "profile-api-token"
chat_rate = 100
"#;

    fn only(s: ExportSettings) -> ExportTarget {
        s.targets.into_iter().next().unwrap().unwrap()
    }

    #[test]
    fn env_beats_the_profile_and_flags_beat_env() {
        let (_d, path) = with_config(CONFIG);
        let mut a = args("out");
        a.config = Some(path.clone());
        let t = only(resolve(&a, &env(&[]), now()).unwrap());
        assert_eq!(t.subdomain, "acme");
        assert!(matches!(&t.auth, Auth::Bearer(s) if s.expose() == "profile-oauth-token"));
        assert_eq!(t.rates.support, 700, "support_plan = enterprise sets 700/min");
        assert_eq!(t.base_url.as_str(), "https://acme.zendesk.com/");

        let e = env(&[("ZENDESK_OAUTH_TOKEN", "env-token"), ("ZENDESK_SUBDOMAIN", "envsub")]);
        let t = only(resolve(&a, &e, now()).unwrap());
        assert_eq!(t.subdomain, "envsub");
        assert!(matches!(&t.auth, Auth::Bearer(s) if s.expose() == "env-token"));
        assert_eq!(t.auth_source, "ZENDESK_OAUTH_TOKEN");

        let dir = tempfile::tempdir().unwrap();
        let tf = dir.path().join("token");
        std::fs::write(&tf, "\n  file-token \n").unwrap();
        a.token_file = Some(tf);
        a.subdomain = Some("flagsub".into());
        a.base_url = Some("http://127.0.0.1:9/ignored/path".into());
        let t = only(resolve(&a, &e, now()).unwrap());
        assert_eq!(t.subdomain, "flagsub");
        assert!(matches!(&t.auth, Auth::Bearer(s) if s.expose() == "file-token"));
        assert_eq!(t.base_url.as_str(), "http://127.0.0.1:9/");
    }

    #[test]
    fn api_token_needs_an_email_and_builds_basic_auth() {
        let e = env(&[("ZENDESK_SUBDOMAIN", "acme"), ("ZENDESK_API_TOKEN", "tok")]);
        let (_d, path) = with_config("");
        let mut a = args("out");
        a.config = Some(path);
        let err = resolve(&a, &e, now()).unwrap_err();
        assert!(err.message.contains("no email"), "{err}");

        let e = env(&[("ZENDESK_SUBDOMAIN", "acme"), ("ZENDESK_API_TOKEN", "tok"), ("ZENDESK_EMAIL", "a@b.c")]);
        let t = only(resolve(&a, &e, now()).unwrap());
        // base64("a@b.c/token:tok")
        assert_eq!(t.auth.header_value().expose(), "Basic YUBiLmMvdG9rZW46dG9r");
        assert!(t.auth.forbidden_strings().contains(&"YUBiLmMvdG9rZW46dG9r".to_owned()));
        assert!(!format!("{t:?}").contains("tok\""), "Debug of a target shows no token");
    }

    #[test]
    fn profiles_by_name_and_batch_lines() {
        let (d, path) = with_config(CONFIG);
        let list = d.path().join("accounts.txt");
        std::fs::write(&list, "# accounts\nacme\nbeta   # own profile by name\ngamma beta\n").unwrap();
        let mut a = args("exports");
        a.config = Some(path);
        a.subdomains = Some(list);
        let s = resolve(&a, &env(&[]), now()).unwrap();
        assert!(s.batch);
        let t: Vec<ExportTarget> = s.targets.into_iter().map(Result::unwrap).collect();
        assert_eq!(t.iter().map(|t| t.subdomain.as_str()).collect::<Vec<_>>(), ["acme", "beta", "gamma"]);
        assert_eq!(t[1].rates.chat, 100);
        assert!(matches!(&t[1].auth, Auth::ApiToken { email, .. } if email == "admin@beta.example"));
        assert!(matches!(&t[2].auth, Auth::ApiToken { .. }), "gamma uses the beta profile named on its line");
        assert_eq!(t[2].out, PathBuf::from("exports/gamma"));
    }

    #[test]
    fn missing_things_are_explained() {
        let (_d, path) = with_config(CONFIG);
        let mut a = args("out");
        a.config = Some(path);
        a.profile = Some("nope".into());
        let err = resolve(&a, &env(&[]), now()).unwrap_err();
        assert!(err.message.contains("no profile \"nope\""), "{err}");
        assert_eq!(err.hint.as_deref(), Some("known profiles: acme, beta"));

        let (_d2, empty) = with_config("");
        a.config = Some(empty);
        a.profile = None;
        let err = resolve(&a, &env(&[("ZENDESK_SUBDOMAIN", "acme")]), now()).unwrap_err();
        assert!(err.message.starts_with("no credentials"), "{err}");
        let err = resolve(&a, &env(&[]), now()).unwrap_err();
        assert!(err.message.starts_with("no subdomain"), "{err}");
    }

    #[test]
    fn config_errors_do_not_quote_tokens() {
        let (_d, path) = with_config("[profiles.a]\noauth_token = 12345678\nsubdomain = \"a\"\n");
        let mut a = args("out");
        a.config = Some(path);
        let err = resolve(&a, &env(&[]), now()).unwrap_err();
        assert!(err.message.contains(":2"), "{err}");
        assert!(!err.message.contains("12345678"), "{err}");
        let (_d, path) = with_config("[profiles.a]\noauth_tokn = \"sekrit-value\"\n");
        a.config = Some(path);
        let err = resolve(&a, &env(&[]), now()).unwrap_err();
        assert!(err.message.contains("unknown field"), "{err}");
        assert!(!err.message.contains("sekrit-value"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_config_file_readable_by_others_gets_a_warning() {
        use std::os::unix::fs::PermissionsExt as _;
        let (_d, path) = with_config(CONFIG);
        let mut a = args("out");
        a.config = Some(path.clone());
        assert!(resolve(&a, &env(&[]), now()).unwrap().warnings.is_empty());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let w = resolve(&a, &env(&[]), now()).unwrap().warnings;
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("readable by others (mode 644)") && w[0].contains("chmod 600"), "{w:?}");
    }

    #[test]
    fn since_accepts_durations_and_dates() {
        let n = now();
        assert_eq!(parse_since("90d", n).unwrap().to_string(), "2026-08-04T09:30:00Z");
        assert_eq!(parse_since("2w", n).unwrap().to_string(), "2026-10-19T09:30:00Z");
        assert_eq!(parse_since("2026-01-31", n).unwrap().to_string(), "2026-01-31T00:00:00Z");
        assert!(parse_since("1h", n).is_ok());
        assert!(parse_since("3m", n).is_err());
        assert!(parse_since("0h", n).unwrap_err().message.contains("not far enough"));
        assert!(parse_since("yesterday", n).is_err());
    }
}
