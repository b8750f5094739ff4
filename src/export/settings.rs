//! Settings for `migrate export`, resolved once from the command line, the environment and
//! the config file.
//!
//! clap fills [`ExportArgs`] (raw arguments, in `cli`); [`resolve`] resolves the connection
//! of each account through [`crate::zendesk::connection`] (the rules every remote command
//! shares: credentials, subdomain, profile, rates) and adds export's own: the chat history
//! window (`--since`), `--resume`, `--no-chats`, and `--subdomains`, a list of accounts each
//! resolved with its own profile. It returns [`ExportSettings`]: the only thing the export
//! itself sees.

use std::path::{Path, PathBuf};

use crate::cli::ExportArgs;
use crate::error::UsageError;
use crate::text::display::quote;
use crate::zendesk::connection::{Connection, Resolver};
use crate::zendesk::profile::read_limited;

/// The default chat history window (issue 5: `--since`, default 90 days).
pub const DEFAULT_SINCE_DAYS: i64 = 90;

/// One account to export, fully resolved.
#[derive(Clone, Debug)]
pub struct ExportTarget {
    pub connection: Connection,
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
    /// Things to say on stderr before starting (a config file readable by others).
    pub warnings: Vec<String>,
}

/// Resolve raw arguments into settings. `env` reads an environment variable (injected so
/// that tests do not depend on the process environment); `now` anchors `--since`.
pub fn resolve(
    args: &ExportArgs,
    env: &dyn Fn(&str) -> Option<String>,
    now: jiff::Timestamp,
) -> Result<ExportSettings, UsageError> {
    let mut resolver = Resolver::new(&args.connection, env, "exported")?;

    let since = match &args.since {
        Some(s) => parse_since(s, now)?,
        None => now
            .checked_sub(jiff::SignedDuration::from_hours(DEFAULT_SINCE_DAYS * 24))
            .map_err(|e| UsageError::new(format!("cannot compute the default --since: {e}")))?,
    };
    let timeout = resolver.timeout()?;
    let named_profile = resolver.named_profile()?;

    let mut targets = Vec::new();
    let batch = args.subdomains.is_some();
    if let Some(list) = &args.subdomains {
        for (subdomain, line_profile) in read_account_list(list)? {
            let profile_name = line_profile
                .clone()
                .or_else(|| resolver.has_profile(&subdomain).then(|| subdomain.clone()))
                .or_else(|| named_profile.clone());
            let result = resolver
                .connection(profile_name.as_deref(), Some(&subdomain), timeout)
                .map(|connection| ExportTarget { connection, out: args.out.join(&subdomain) });
            targets.push(result.map_err(|error| BadTarget { subdomain: subdomain.clone(), error }));
        }
        if targets.is_empty() {
            return Err(UsageError::new(format!("{} lists no account", list.display()))
                .with_hint("write one subdomain per line, optionally followed by a profile name"));
        }
    } else {
        let connection = resolver.connection(named_profile.as_deref(), None, timeout)?;
        targets.push(Ok(ExportTarget { connection, out: args.out.clone() }));
    }
    Ok(ExportSettings {
        targets,
        batch,
        since,
        resume: args.resume,
        chats: !args.no_chats,
        warnings: resolver.warnings,
    })
}

/// The largest `--subdomains` list read.
const MAX_ACCOUNT_LIST: u64 = 16 * 1024 * 1024;

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
pub(crate) fn read_account_list(path: &Path) -> Result<Vec<(String, Option<String>)>, UsageError> {
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
        let sub = crate::zendesk::connection::validate_subdomain(sub).map_err(|e| UsageError {
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
    use crate::cli::ConnectionArgs;
    use crate::zendesk::Auth;

    fn args(out: &str) -> ExportArgs {
        ExportArgs {
            out: PathBuf::from(out),
            connection: ConnectionArgs::default(),
            subdomains: None,
            since: None,
            resume: false,
            no_chats: false,
            no_input: false,
        }
    }

    fn now() -> jiff::Timestamp {
        "2026-11-02T09:30:00Z".parse().unwrap()
    }

    use crate::zendesk::connection::tests::{CONFIG, env, with_config};

    #[test]
    fn profiles_by_name_and_batch_lines() {
        let (d, path) = with_config(CONFIG);
        let list = d.path().join("accounts.txt");
        std::fs::write(&list, "# accounts\nacme\nbeta   # own profile by name\ngamma beta\n").unwrap();
        let mut a = args("exports");
        a.connection.config = Some(path);
        a.subdomains = Some(list);
        let s = resolve(&a, &env(&[]), now()).unwrap();
        assert!(s.batch);
        let t: Vec<ExportTarget> = s.targets.into_iter().map(Result::unwrap).collect();
        assert_eq!(t.iter().map(|t| t.connection.subdomain.as_str()).collect::<Vec<_>>(), ["acme", "beta", "gamma"]);
        assert_eq!(t[1].connection.rates.chat, 100);
        assert!(matches!(&t[1].connection.auth, Auth::ApiToken { email, .. } if email == "admin@beta.example"));
        assert!(
            matches!(&t[2].connection.auth, Auth::ApiToken { .. }),
            "gamma uses the beta profile named on its line"
        );
        assert_eq!(t[2].out, PathBuf::from("exports/gamma"));
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
