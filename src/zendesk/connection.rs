//! How to reach one Zendesk account, resolved once from [`ConnectionArgs`], the environment
//! and the config file's profile: the part of the settings every remote command shares
//! (`migrate export` adds its own in `export::settings`). The precedence rules live here, in
//! one place with one test suite:
//!
//! - credentials, as one unit from the first source that has any: `--token-file`, then the
//!   environment (`ZENDESK_OAUTH_TOKEN`, or `ZENDESK_EMAIL` + `ZENDESK_API_TOKEN`), then the
//!   profile (`oauth_token`, `email` + `api_token`, or `token_file`);
//! - the subdomain: `--subdomain` (or the caller's, e.g. a `--subdomains` line),
//!   `ZENDESK_SUBDOMAIN`, the profile;
//! - everything else: flag, then profile, then default.
//!
//! Tokens are [`Secret`]s from the moment they are read: they never reach a log line, an
//! error message or a file.

use std::path::PathBuf;
use std::time::Duration;

use super::auth::Auth;
use super::pace::Rates;
use super::profile::{self, ConfigFile, Profile};
use crate::account::support::SubscriptionTier;
use crate::cli::{ConnectionArgs, SupportTierArg};
use crate::error::UsageError;
use crate::secret::Secret;
use crate::text::display::quote;

/// The default time one request may take before it is retried.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);

/// One account, fully resolved: everything a [`super::Client`] needs.
#[derive(Clone, Debug)]
pub struct Connection {
    pub subdomain: String,
    /// The origin requests go to (`https://acme.zendesk.com`, or `--base-url`).
    pub base_url: url::Url,
    pub auth: Auth,
    /// Where the credentials came from (`--token-file`, `environment`, `profile "acme"`).
    pub auth_source: String,
    pub rates: Rates,
    /// Where `rates.support` came from.
    pub support_from: SupportRateFrom,
    /// One request (headers and body) may take this long before it is retried.
    pub timeout: Duration,
}

/// Support API requests per minute of a Support plan (chat-api.md §2, DOC-rate).
pub fn support_plan_rate(plan: SupportTierArg) -> u32 {
    match plan {
        SupportTierArg::Team => 200,
        SupportTierArg::Growth | SupportTierArg::Professional => 400,
        SupportTierArg::Enterprise => 700,
        SupportTierArg::EnterprisePlus | SupportTierArg::HighVolume => 2500,
    }
}

/// Where the Support API limit of a [`Connection`] came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SupportRateFrom {
    /// `--support-rate` or `--support-plan`.
    Flag(&'static str),
    /// The profile's `support_rate` or `support_plan`.
    Profile { name: String, key: &'static str },
    /// The Support plan a plan directory records ([`Connection::pace_for_plan`]).
    Plan(SubscriptionTier),
    /// Nothing said: the smallest plan's limit.
    Default,
}

/// The Support API limit of a Zendesk subscription (a plan's `plan` fact): the row of
/// [`support_plan_rate`] for that plan, so that `--support-plan` and the plan agree.
/// Suite plans: Zendesk's table (https://developer.zendesk.com/api-reference/introduction/rate-limits,
/// "Zendesk Suite plan limits": Team 200, Growth 400, Professional 400, Enterprise 700,
/// Enterprise Plus 2500). Stand-alone Support plans take the row of the same name (Team 200,
/// Professional 400, Enterprise 700): the same page's "Zendesk Support plan limits", read
/// through a secondary summary (rate-limits.apis.io), not checked line by line.
pub fn subscription_rate(tier: &SubscriptionTier) -> u32 {
    support_plan_rate(match tier {
        SubscriptionTier::SupportTeam | SubscriptionTier::SuiteTeam => SupportTierArg::Team,
        SubscriptionTier::SuiteGrowth => SupportTierArg::Growth,
        SubscriptionTier::SupportProfessional | SubscriptionTier::SuiteProfessional => SupportTierArg::Professional,
        SubscriptionTier::SupportEnterprise | SubscriptionTier::SuiteEnterprise => SupportTierArg::Enterprise,
        SubscriptionTier::SuiteEnterprisePlus => SupportTierArg::EnterprisePlus,
    })
}

impl Connection {
    /// The client's options for this connection (the default retry policy, no jitter seed):
    /// what export, verify and apply each connect with.
    pub fn client_options(&self) -> super::client::ClientOptions {
        super::client::ClientOptions {
            base_url: self.base_url.clone(),
            auth: self.auth.clone(),
            rates: self.rates,
            timeout: self.timeout,
            policy: super::retry::RetryPolicy::default(),
            seed: None,
        }
    }

    /// `migrate apply` and `migrate verify`: when neither a flag nor the profile set the
    /// Support API limit, pace at the limit of the Support plan the plan records (its `plan`
    /// fact), when it records one. A flag or the profile still wins.
    pub fn pace_for_plan(&mut self, tier: Option<SubscriptionTier>) {
        if let (SupportRateFrom::Default, Some(tier)) = (&self.support_from, tier) {
            self.rates.support = subscription_rate(&tier);
            self.support_from = SupportRateFrom::Plan(tier);
        }
    }

    /// For narration: `Support limit 400/min (the plan's Support plan, suite_growth)`.
    pub fn support_limit(&self) -> String {
        let from = match &self.support_from {
            SupportRateFrom::Flag(flag) => (*flag).to_owned(),
            SupportRateFrom::Profile { name, key } => format!("{key} of profile {}", quote(name)),
            SupportRateFrom::Plan(tier) => format!("the plan's Support plan, {}", tier.as_str()),
            SupportRateFrom::Default => "the smallest plan's; the plan records no Support plan".to_owned(),
        };
        format!("Support limit {}/min ({from})", self.rates.support)
    }
}

/// Resolves connections: the config file read once, then one [`Connection`] per account
/// (one for most commands, one per `--subdomains` line for `migrate export`).
pub struct Resolver<'a> {
    args: &'a ConnectionArgs,
    env: &'a dyn Fn(&str) -> Option<String>,
    config: ConfigFile,
    config_path: Option<PathBuf>,
    /// What the command does with the account, for "which Zendesk account should be …?".
    verb: &'static str,
    /// Things to say on stderr before starting (a config or token file readable by others).
    pub warnings: Vec<String>,
}

impl std::fmt::Debug for Resolver<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver").field("config_path", &self.config_path).finish_non_exhaustive()
    }
}

impl<'a> Resolver<'a> {
    /// Read the config file (`--config`, or the default one when it exists). `env` reads an
    /// environment variable (injected so that tests do not depend on the process
    /// environment); blank values count as unset. `verb` says what the command does with the
    /// account ("exported").
    pub fn new(
        args: &'a ConnectionArgs,
        env: &'a dyn Fn(&str) -> Option<String>,
        verb: &'static str,
    ) -> Result<Resolver<'a>, UsageError> {
        let mut warnings = Vec::new();
        let (config, config_path) = profile::load_config(args.config.as_deref(), &mut warnings)?;
        Ok(Resolver { args, env, config, config_path, verb, warnings })
    }

    /// `--timeout`, checked.
    pub fn timeout(&self) -> Result<Duration, UsageError> {
        match self.args.timeout {
            Some(t) if t.is_finite() && t > 0.0 && t <= 3600.0 => Ok(Duration::from_secs_f64(t)),
            Some(t) => Err(UsageError::new(format!("--timeout {t} is not a number of seconds between 0 and 3600"))),
            None => Ok(DEFAULT_TIMEOUT),
        }
    }

    /// The profile named by `--profile` or the config file's `default_profile`; an error
    /// when the config file has no such profile.
    pub fn named_profile(&self) -> Result<Option<String>, UsageError> {
        let named = self.args.profile.clone().or_else(|| self.config.default_profile.clone());
        match &named {
            Some(name) if !self.config.profiles.contains_key(name) => Err(self.unknown_profile(name)),
            _ => Ok(named),
        }
    }

    /// Whether the config file has a profile of this name.
    pub fn has_profile(&self, name: &str) -> bool {
        self.config.profiles.contains_key(name)
    }

    /// One account's connection, with the profile `profile` (already chosen by the caller:
    /// [`Self::named_profile`], or a `--subdomains` line's) and the subdomain `subdomain`
    /// when the caller knows it (a `--subdomains` line), else `--subdomain`.
    pub fn connection(
        &mut self,
        profile: Option<&str>,
        subdomain: Option<&str>,
        timeout: Duration,
    ) -> Result<Connection, UsageError> {
        if let Some(name) = profile
            && !self.config.profiles.contains_key(name)
        {
            return Err(self.unknown_profile(name));
        }
        let profile = profile.and_then(|n| self.config.profiles.get(n).map(|p| (n, p)));
        let args = self.args;
        let raw = self.env;
        let env = &|k: &str| raw(k).filter(|v| !v.trim().is_empty());
        let p = profile.map(|(_, p)| p);
        let subdomain = subdomain
            .or(args.subdomain.as_deref())
            .map(str::to_owned)
            .or_else(|| env("ZENDESK_SUBDOMAIN"))
            .or_else(|| p.and_then(|p| p.subdomain.clone()))
            .ok_or_else(|| {
                UsageError::new(format!("no subdomain: which Zendesk account should be {}?", self.verb))
                    .with_hint("pass --subdomain NAME, set ZENDESK_SUBDOMAIN, or use a --profile that sets subdomain")
            })?;
        let subdomain = validate_subdomain(subdomain.trim())?;

        let base_url = match args.base_url.clone().or_else(|| p.and_then(|p| p.base_url.clone())) {
            Some(u) => parse_base_url(&u)?,
            None => parse_base_url(&format!("https://{subdomain}.zendesk.com"))?,
        };

        let (auth, auth_source) = credentials(args, env, profile, &mut self.warnings)?;

        let from_profile =
            |key| SupportRateFrom::Profile { name: profile.map(|(n, _)| n.to_owned()).unwrap_or_default(), key };
        let (support, support_from) = if let Some(r) = args.support_rate {
            (Some(r), SupportRateFrom::Flag("--support-rate"))
        } else if let Some(r) = p.and_then(|p| p.support_rate) {
            (Some(r), from_profile("support_rate"))
        } else if let Some(t) = args.support_plan {
            (Some(support_plan_rate(t)), SupportRateFrom::Flag("--support-plan"))
        } else if let Some(t) = p.and_then(|p| p.support_plan) {
            (Some(support_plan_rate(t)), from_profile("support_plan"))
        } else {
            (None, SupportRateFrom::Default)
        };
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
        Ok(Connection { subdomain, base_url, auth, auth_source, rates, support_from, timeout })
    }

    fn unknown_profile(&self, name: &str) -> UsageError {
        let known: Vec<&str> = self.config.profiles.keys().map(String::as_str).collect();
        let where_ = self.config_path.as_deref().map_or_else(|| "the config file".into(), |p| p.display().to_string());
        let err = UsageError::new(format!("no profile {} in {where_}", quote(name)));
        if known.is_empty() {
            err.with_hint("add a [profiles.NAME] table to the config file (docs/export.md)")
        } else {
            err.with_hint(format!("known profiles: {}", known.join(", ")))
        }
    }
}

/// The connection of a command that works on one account: the config file, `--timeout`,
/// the named profile, then the account. Also returns the warnings to show first.
pub fn resolve(
    args: &ConnectionArgs,
    env: &dyn Fn(&str) -> Option<String>,
    verb: &'static str,
) -> Result<(Connection, Vec<String>), UsageError> {
    let mut r = Resolver::new(args, env, verb)?;
    let timeout = r.timeout()?;
    let profile = r.named_profile()?;
    let c = r.connection(profile.as_deref(), None, timeout)?;
    Ok((c, r.warnings))
}

fn credentials(
    args: &ConnectionArgs,
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
        let token = profile::read_token_file(path, warnings)?;
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
                let token = profile::read_token_file(path, warnings)?;
                return Ok((with_email(token), format!("{source} (token_file)")));
            }
            _ => {}
        }
    }
    Err(UsageError::new("no credentials: the Zendesk APIs need a token").with_hint(
        "set ZENDESK_OAUTH_TOKEN (or ZENDESK_EMAIL + ZENDESK_API_TOKEN), pass --token-file, or use a --profile with a token",
    ))
}

pub(crate) fn validate_subdomain(s: &str) -> Result<String, UsageError> {
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

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    fn args() -> ConnectionArgs {
        ConnectionArgs::default()
    }

    /// A config file holding `text` (mode 0600); export's settings tests share it.
    pub(crate) fn with_config(text: &str) -> (tempfile::TempDir, PathBuf) {
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

    pub(crate) fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let m: HashMap<String, String> = pairs.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        move |k| m.get(k).cloned()
    }

    pub(crate) const CONFIG: &str = r#"
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

    fn resolve(a: &ConnectionArgs, env: &dyn Fn(&str) -> Option<String>) -> Result<Connection, UsageError> {
        super::resolve(a, env, "exported").map(|(c, _)| c)
    }

    fn warnings(a: &ConnectionArgs, env: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
        super::resolve(a, env, "exported").unwrap().1
    }

    #[test]
    fn env_beats_the_profile_and_flags_beat_env() {
        let (_d, path) = with_config(CONFIG);
        let mut a = args();
        a.config = Some(path.clone());
        let t = resolve(&a, &env(&[])).unwrap();
        assert_eq!(t.subdomain, "acme");
        assert!(matches!(&t.auth, Auth::Bearer(s) if s.expose() == "profile-oauth-token"));
        assert_eq!(t.rates.support, 700, "support_plan = enterprise sets 700/min");
        assert_eq!(t.base_url.as_str(), "https://acme.zendesk.com/");

        let e = env(&[("ZENDESK_OAUTH_TOKEN", "env-token"), ("ZENDESK_SUBDOMAIN", "envsub")]);
        let t = resolve(&a, &e).unwrap();
        assert_eq!(t.subdomain, "envsub");
        assert!(matches!(&t.auth, Auth::Bearer(s) if s.expose() == "env-token"));
        assert_eq!(t.auth_source, "ZENDESK_OAUTH_TOKEN");

        let dir = tempfile::tempdir().unwrap();
        let tf = dir.path().join("token");
        std::fs::write(&tf, "\n  file-token \n").unwrap();
        a.token_file = Some(tf);
        a.subdomain = Some("flagsub".into());
        a.base_url = Some("http://127.0.0.1:9/ignored/path".into());
        let t = resolve(&a, &e).unwrap();
        assert_eq!(t.subdomain, "flagsub");
        assert!(matches!(&t.auth, Auth::Bearer(s) if s.expose() == "file-token"));
        assert_eq!(t.base_url.as_str(), "http://127.0.0.1:9/");
    }

    #[test]
    fn a_plan_paces_at_its_support_plan_unless_a_flag_or_the_profile_says_otherwise() {
        use crate::account::support::SubscriptionTier as T;
        let e = env(&[("ZENDESK_SUBDOMAIN", "acme"), ("ZENDESK_OAUTH_TOKEN", "tok")]);
        let (_d, empty) = with_config("");
        let mut a = args();
        a.config = Some(empty);
        // Nothing said: the plan's Support plan, from the table --support-plan uses.
        let mut c = resolve(&a, &e).unwrap();
        assert_eq!((c.rates.support, &c.support_from), (200, &SupportRateFrom::Default));
        c.pace_for_plan(Some(T::SuiteGrowth));
        assert_eq!(c.rates.support, support_plan_rate(SupportTierArg::Growth));
        assert_eq!(c.support_limit(), "Support limit 400/min (the plan's Support plan, suite_growth)");
        for (tier, rate) in [
            (T::SupportTeam, 200),
            (T::SuiteTeam, 200),
            (T::SupportProfessional, 400),
            (T::SuiteProfessional, 400),
            (T::SupportEnterprise, 700),
            (T::SuiteEnterprise, 700),
            (T::SuiteEnterprisePlus, 2500),
        ] {
            assert_eq!(subscription_rate(&tier), rate, "{tier:?}");
        }
        // A plan that records no Support plan: the smallest plan's limit, and it says so.
        let mut c = resolve(&a, &e).unwrap();
        c.pace_for_plan(None);
        assert_eq!(c.rates.support, 200);
        assert!(c.support_limit().contains("records no Support plan"), "{}", c.support_limit());
        // A flag wins.
        a.support_plan = Some(SupportTierArg::Team);
        let mut c = resolve(&a, &e).unwrap();
        c.pace_for_plan(Some(T::SuiteEnterprisePlus));
        assert_eq!(c.support_limit(), "Support limit 200/min (--support-plan)");
        a.support_rate = Some(90);
        let mut c = resolve(&a, &e).unwrap();
        c.pace_for_plan(Some(T::SuiteEnterprisePlus));
        assert_eq!(c.support_limit(), "Support limit 90/min (--support-rate)");
        // So does the profile.
        let (_d, path) = with_config(CONFIG);
        let mut a = args();
        a.config = Some(path);
        let mut c = resolve(&a, &env(&[])).unwrap();
        c.pace_for_plan(Some(T::SuiteTeam));
        assert_eq!(c.support_limit(), "Support limit 700/min (support_plan of profile \"acme\")");
    }

    #[test]
    fn api_token_needs_an_email_and_builds_basic_auth() {
        let e = env(&[("ZENDESK_SUBDOMAIN", "acme"), ("ZENDESK_API_TOKEN", "tok")]);
        let (_d, path) = with_config("");
        let mut a = args();
        a.config = Some(path);
        let err = resolve(&a, &e).unwrap_err();
        assert!(err.message.contains("no email"), "{err}");

        let e = env(&[("ZENDESK_SUBDOMAIN", "acme"), ("ZENDESK_API_TOKEN", "tok"), ("ZENDESK_EMAIL", "a@b.c")]);
        let t = resolve(&a, &e).unwrap();
        // base64("a@b.c/token:tok")
        assert_eq!(t.auth.header_value().expose(), "Basic YUBiLmMvdG9rZW46dG9r");
        assert!(t.auth.forbidden_strings().contains(&"YUBiLmMvdG9rZW46dG9r".to_owned()));
        assert!(!format!("{t:?}").contains("tok\""), "Debug of a target shows no token");
    }

    #[test]
    fn missing_things_are_explained() {
        let (_d, path) = with_config(CONFIG);
        let mut a = args();
        a.config = Some(path);
        a.profile = Some("nope".into());
        let err = resolve(&a, &env(&[])).unwrap_err();
        assert!(err.message.contains("no profile \"nope\""), "{err}");
        assert_eq!(err.hint.as_deref(), Some("known profiles: acme, beta"));

        let (_d2, empty) = with_config("");
        a.config = Some(empty);
        a.profile = None;
        let err = resolve(&a, &env(&[("ZENDESK_SUBDOMAIN", "acme")])).unwrap_err();
        assert!(err.message.starts_with("no credentials"), "{err}");
        let err = resolve(&a, &env(&[])).unwrap_err();
        assert!(err.message.starts_with("no subdomain"), "{err}");
    }

    #[test]
    fn config_errors_do_not_quote_tokens() {
        let (_d, path) = with_config("[profiles.a]\noauth_token = 12345678\nsubdomain = \"a\"\n");
        let mut a = args();
        a.config = Some(path);
        let err = resolve(&a, &env(&[])).unwrap_err();
        assert!(err.message.contains(":2"), "{err}");
        assert!(!err.message.contains("12345678"), "{err}");
        let (_d, path) = with_config("[profiles.a]\noauth_tokn = \"sekrit-value\"\n");
        a.config = Some(path);
        let err = resolve(&a, &env(&[])).unwrap_err();
        assert!(err.message.contains("unknown field"), "{err}");
        assert!(!err.message.contains("sekrit-value"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn a_config_file_readable_by_others_gets_a_warning() {
        use std::os::unix::fs::PermissionsExt as _;
        let (_d, path) = with_config(CONFIG);
        let mut a = args();
        a.config = Some(path.clone());
        assert!(warnings(&a, &env(&[])).is_empty());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        let w = warnings(&a, &env(&[]));
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("readable by others (mode 644)") && w[0].contains("chmod 600"), "{w:?}");
    }
}
