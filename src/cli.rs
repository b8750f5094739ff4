//! The command line, as clap sees it. Raw arguments only: resolving them into settings
//! (environment, config file, defaults) happens below, once per command: the connection
//! every remote command shares in `zendesk::connection`, `migrate export`'s own settings in
//! `export::settings`, the others in `cmd/`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::plan::ActivationPath;

#[derive(Debug, Parser)]
#[command(
    name = "migrate",
    version,
    about = "Plan the move of a Zendesk Chat account to Zendesk messaging",
    long_about = "Plan the move of a Zendesk Chat (live chat, Web Widget classic) account to Zendesk messaging: \
classify the account, translate every setting, and list the setup steps that remain.",
    after_help = crate::exit_codes::HELP,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,

    /// More logging on stderr (-v info, -vv debug, -vvv trace); RUST_LOG overrides
    #[arg(short, long, action = clap::ArgAction::Count, global = true)]
    pub verbose: u8,

    /// Print nothing on stderr but errors
    #[arg(short, long, global = true)]
    pub quiet: bool,

    /// No progress bar or progress lines (they are shown only when stderr is a terminal)
    #[arg(long, global = true)]
    pub no_progress: bool,

    /// When to use colour on a terminal
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read an exported account, classify it, translate every setting, write the steps that remain
    #[command(after_help = crate::exit_codes::HELP)]
    Plan(PlanArgs),
    /// Fetch an account from the Zendesk APIs into the export layout (docs/export.md)
    #[command(after_help = EXPORT_AFTER_HELP)]
    Export(ExportArgs),
    /// Answer what no API gives (operating hours, pre-chat and offline forms, visitor
    /// authentication: D-5) and write it into an exported account
    #[command(after_help = ANSWER_AFTER_HELP)]
    Answer(AnswerArgs),
    /// Plan every account under a directory (or listed in a CSV) into --out, with a summary.csv
    #[command(after_help = crate::exit_codes::HELP)]
    Batch(BatchArgs),
    /// Plan each fixture and compare it with its expect.toml (docs/check.md)
    #[command(after_help = crate::exit_codes::HELP)]
    Check(CheckArgs),
    /// Write N varied, generated accounts (for benchmarks and tests; deterministic per seed)
    GenFixtures(GenArgs),
    /// Print a completion script for a shell (bash, zsh, fish, elvish, powershell)
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions(CompletionsArgs),
    /// Print the man page, or write one page per command into --out
    Man(ManArgs),
    /// Find every Web Widget (Classic) and Chat JS API use in a site's code and say what each becomes
    #[command(after_help = SCAN_SITE_AFTER_HELP)]
    ScanSite(ScanSiteArgs),
    /// After activation, check the live account against a plan, item by item and step by step
    /// (GET only; docs/verify.md)
    #[command(
        after_help = VERIFY_AFTER_HELP,
        mut_arg("support_rate", |a| a.help(PLAN_SUPPORT_RATE_HELP)),
        mut_arg("support_plan", |a| a.help(PLAN_SUPPORT_PLAN_HELP)),
        mut_arg("chat_rate", |a| a.hide(true)),
        mut_arg("incremental_rate", |a| a.hide(true))
    )]
    Verify(VerifyArgs),
    /// Create the plan's Support objects in the live account: show the change set, ask, write
    /// (journalled, never twice), or undo what it made (docs/apply.md)
    #[command(
        after_help = APPLY_AFTER_HELP,
        mut_arg("support_rate", |a| a.help(PLAN_SUPPORT_RATE_HELP)),
        mut_arg("support_plan", |a| a.help(PLAN_SUPPORT_PLAN_HELP)),
        mut_arg("chat_rate", |a| a.hide(true)),
        mut_arg("incremental_rate", |a| a.hide(true))
    )]
    Apply(ApplyArgs),
}

/// `--support-rate` of the commands that work from a plan (verify, apply): without a flag
/// or a profile setting, the pace is the plan's Support plan's (`zendesk::connection`).
/// They call only the Support API: `--chat-rate` and `--incremental-rate` are accepted (a
/// profile may set them for export) but hidden from their `--help`.
const PLAN_SUPPORT_RATE_HELP: &str =
    "Support API requests per minute [default: from --support-plan, else the Support plan the plan records, else 200]";
const PLAN_SUPPORT_PLAN_HELP: &str = "The Support plan, which sets the Support API limit (team 200/min … enterprise_plus 2500/min) [default: the one the plan records]";

pub const VERIFY_AFTER_HELP: &str = "\
Each item and step of the plan is pass (the live account matches), fail (it differs, is
missing, or is there twice), or unknown: no API (messaging-only settings), needs a person,
not readable (403/404), or not applicable. Credentials and the subdomain as for export.
Requests are paced at the Support API limit of the Support plan the plan records, unless
--support-plan, --support-rate or the profile says otherwise. With --account, a plan made
from another or an older export is refused before any request.

Exit codes:
  0    no check failed
  2    usage: the command line or the config file is wrong, or the plan is another account's
  3    invalid input: the plan directory (or --account's export) could not be read, or the
       plan was made from another or an older export
  4    at least one check failed (with --strict, also an unknown one a person could settle)
  5    remote: the Zendesk API refused or failed
  130  interrupted
With --subdomains the worst result wins (130 > 2 > 1 > 5 > 3 > 4 > 0).";

/// `migrate verify`: raw arguments.
#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The plan directory (`migrate plan --out`); with --subdomains, the folder holding one
    /// plan directory per account, named by its subdomain
    #[arg(value_name = "PLAN_DIR")]
    pub plan: PathBuf,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// A file of accounts, one per line: `SUBDOMAIN [PROFILE]` (# starts a comment); prints a
    /// summary CSV
    #[arg(long, value_name = "FILE", conflicts_with = "subdomain", display_order = 2)]
    pub subdomains: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,

    /// Count an unknown check as a failure (except not applicable ones: nothing to check)
    #[arg(long)]
    pub strict: bool,

    /// The export directory the plan was made from (`migrate export --out`; with
    /// --subdomains, the folder holding one per account): a plan made from another or an
    /// older export is refused before any request
    #[arg(long, value_name = "DIR")]
    pub account: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    /// Each check with what was found, then the summary line
    Text,
    /// Tables to paste next to the setup guide
    Markdown,
    /// The machine contract (docs/verify.md)
    Json,
}

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

/// How to reach one Zendesk account: the flags every remote command (`export`, and the
/// commands that read or write a live account) flattens into its own. Resolved with the
/// environment and the config file's profile by `zendesk::connection`.
///
/// `display_order` keeps `migrate export --help` in the order it had before these flags
/// were shared (export's own flags sit between them).
#[derive(Debug, Default, Clone, Args)]
pub struct ConnectionArgs {
    /// The Zendesk subdomain (acme for acme.zendesk.com) [env: ZENDESK_SUBDOMAIN]
    #[arg(long, value_name = "NAME", display_order = 1)]
    pub subdomain: Option<String>,

    /// A profile of the config file
    #[arg(long, value_name = "NAME", display_order = 3)]
    pub profile: Option<String>,

    /// The config file [default: migrate/config.toml in the user's config directory]
    #[arg(long, value_name = "PATH", env = "MIGRATE_CONFIG", display_order = 4)]
    pub config: Option<PathBuf>,

    /// Read the token from this file (first line)
    #[arg(long, value_name = "PATH", display_order = 5)]
    pub token_file: Option<PathBuf>,

    /// Send requests to this origin instead of https://SUBDOMAIN.zendesk.com (staging, tests)
    #[arg(long, value_name = "URL", display_order = 6)]
    pub base_url: Option<String>,

    /// The Support plan, which sets the Support API limit (team 200/min … enterprise_plus 2500/min)
    #[arg(long, value_enum, value_name = "PLAN", display_order = 11)]
    pub support_plan: Option<SupportTierArg>,

    /// Chat API requests per minute [default: 200]
    #[arg(long, value_name = "N", display_order = 12)]
    pub chat_rate: Option<u32>,

    /// Support API requests per minute [default: from --support-plan, else 200]
    #[arg(long, value_name = "N", display_order = 13)]
    pub support_rate: Option<u32>,

    /// Incremental export requests per minute [default: 10]
    #[arg(long, value_name = "N", display_order = 14)]
    pub incremental_rate: Option<u32>,

    /// Seconds before one request is given up and retried [default: 30]
    #[arg(long, value_name = "SECS", display_order = 15)]
    pub timeout: Option<f64>,
}

/// Support plans, which set the Support API limit (chat-api.md §2); also the values of a
/// profile's `support_plan`.
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

/// `migrate export`: raw arguments; `export::settings::resolve` turns them, the environment
/// and the config file into settings.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Where to write: the account directory, or with --subdomains the parent of one
    /// directory per account
    #[arg(long, value_name = "DIR", display_order = 0)]
    pub out: PathBuf,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// A file of accounts, one per line: `SUBDOMAIN [PROFILE]` (# starts a comment)
    #[arg(long, value_name = "FILE", conflicts_with = "subdomain", display_order = 2)]
    pub subdomains: Option<PathBuf>,

    /// How far back the chat history goes: 90d, 12w, 36h, or a date (2026-01-31) [default: 90d]
    #[arg(long, value_name = "WHEN", display_order = 7)]
    pub since: Option<String>,

    /// Continue an interrupted export (OUT.partial) from its last complete page
    #[arg(long, display_order = 8)]
    pub resume: bool,

    /// Skip the chat history (chat/chats.jsonl)
    #[arg(long, display_order = 9)]
    pub no_chats: bool,

    /// Do not ask the four facts no API gives after the export (they are asked only when
    /// stdin and stderr are a terminal; `migrate answer` asks them any time)
    #[arg(long, display_order = 10)]
    pub no_input: bool,
}

const ANSWER_AFTER_HELP: &str = "\
On a terminal each of the four facts is asked in turn, with where to find it in the Chat
dashboard and the current answer as the default. Without a terminal (or with --no-input) the
answers come from the flags and --answers FILE (flags win); a fact given by neither, and not
known from an earlier answer, is refused. A bad answer is refused with what was expected,
and nothing is written. The shared secret of visitor authentication is never asked for and
never written. Details: docs/cli.md.

Exit codes:
  0    the answers were written (or nothing changed)
  1    failure: a file could not be written
  2    usage: a refused answer, a missing one without a terminal, or a bad answers file
  3    invalid input: the account could not be read
  130  interrupted: nothing was written";

const COMPLETIONS_AFTER_HELP: &str = "\
Install, for example:
  bash  migrate completions bash > ~/.local/share/bash-completion/completions/migrate
  zsh   migrate completions zsh > ~/.zfunc/_migrate   (with fpath+=~/.zfunc before compinit)
  fish  migrate completions fish > ~/.config/fish/completions/migrate.fish";

/// `migrate answer`: the four D-5 facts, asked or given.
#[derive(Debug, Args)]
pub struct AnswerArgs {
    /// The exported account directory (the one holding manifest.toml)
    #[arg(value_name = "ACCOUNT_DIR")]
    pub account: PathBuf,

    /// Read the answers from this TOML file (docs/cli.md shows its keys); flags win over it
    #[arg(long, value_name = "FILE")]
    pub answers: Option<PathBuf>,

    /// Never ask, even on a terminal: every answer comes from the flags, --answers, or an
    /// earlier answer
    #[arg(long)]
    pub no_input: bool,

    /// Operating hours on or off (Chat: Settings › Account › Operating Hours)
    #[arg(long, value_name = "on|off")]
    pub hours: Option<String>,

    /// The operating hours' time zone, an IANA name such as Europe/Berlin
    #[arg(long, value_name = "IANA")]
    pub timezone: Option<String>,

    /// Which schedule is in force: account (one for all) or department
    #[arg(long, value_name = "account|department")]
    pub hours_type: Option<String>,

    /// The account schedule, e.g. "Mon-Fri 09:00-17:00, Sat 10:00-14:00"
    #[arg(long, value_name = "WEEK")]
    pub week: Option<String>,

    /// A department's schedule, by id or name: "Sales=Mon-Fri 08:00-20:00" (repeat it)
    #[arg(long, value_name = "DEPT=WEEK")]
    pub department_week: Vec<String>,

    /// Pre-chat form on or off (Chat: Settings › Widget › Forms › Pre-Chat Form)
    #[arg(long, value_name = "on|off")]
    pub pre_chat: Option<String>,

    /// The pre-chat form's greeting
    #[arg(long, value_name = "TEXT")]
    pub pre_chat_greeting: Option<String>,

    /// The pre-chat form's fields, `*` after a required one: "name*, email*, phone, department, message"
    #[arg(long, value_name = "FIELDS")]
    pub pre_chat_fields: Option<String>,

    /// Offline form on or off (Chat: Settings › Widget › Forms › Offline Form)
    #[arg(long, value_name = "on|off")]
    pub offline_form: Option<String>,

    /// The offline form's greeting
    #[arg(long, value_name = "TEXT")]
    pub offline_greeting: Option<String>,

    /// The offline form's fields, as for --pre-chat-fields
    #[arg(long, value_name = "FIELDS")]
    pub offline_fields: Option<String>,

    /// Whether the offline form shows the operating hours (on or off)
    #[arg(long, value_name = "on|off")]
    pub offline_shows_hours: Option<String>,

    /// Visitor authentication on or off (Chat: Settings › Widget › Widget Security); the
    /// shared secret is never asked for
    #[arg(long, value_name = "on|off")]
    pub visitor_auth: Option<String>,

    /// Whether the account got Zendesk's migration email and in-product banner (yes or
    /// no): only then is it in the programme, activated by Zendesk with the migration wizard
    /// (D-2, K2); `migrate plan` follows it unless --activation is given
    #[arg(long, value_name = "yes|no")]
    pub enrolled: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write migrate.1 and one migrate-COMMAND.1 per command into this directory instead
    /// of printing migrate.1 on stdout
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

const SCAN_SITE_AFTER_HELP: &str = "\
Exit codes:
  0    the scan ran (uses of the Classic widget found or not: a finding is not an error)
  1    failure: the report or the stored scan could not be written
  2    usage: the command line is wrong, or a PATH does not exist
  4    check failed (--check): a use still needs a change on the site
Unreadable, binary, too large and non-UTF-8 files do not change the exit code: they are
counted, and listed with -v.";

/// `migrate scan-site`: raw arguments.
#[derive(Debug, Args)]
pub struct ScanSiteArgs {
    /// Folders (or files) of the site's source: pages, templates, components, bundles
    #[arg(required = true, value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Store the scan in this exported account (chat/site_scan.json), for `migrate plan`
    #[arg(long, value_name = "DIR")]
    pub account: Option<PathBuf>,

    /// Output format on stdout
    #[arg(long, value_enum, default_value_t = ScanFormat::Text)]
    pub format: ScanFormat,

    /// Print, instead of the report, a unified diff whose patched calls run on both the
    /// Classic and the messaging widget (a file that would still fail after the switch gets
    /// none, and stderr says why)
    #[arg(long, conflicts_with = "format")]
    pub patch: bool,

    /// Exit with 4 when a use still needs a change (for CI)
    #[arg(long)]
    pub check: bool,

    /// Also scan node_modules, vendor and bower_components
    #[arg(long)]
    pub include_vendored: bool,

    /// Also scan hidden files and folders
    #[arg(long)]
    pub hidden: bool,

    /// Do not read .gitignore, .ignore and the like
    #[arg(long)]
    pub no_ignore: bool,

    /// Follow symbolic links (loops are detected and reported)
    #[arg(long, short = 'L')]
    pub follow: bool,

    /// Skip files larger than this many megabytes (they are listed as skipped)
    #[arg(long, value_name = "MB", default_value_t = 20)]
    pub max_file_size: u64,

    /// Threads [default: the number of CPUs]
    #[arg(long, short = 'j', value_name = "N")]
    pub threads: Option<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScanFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Debug, Args)]
pub struct BatchArgs {
    /// A directory of exported accounts (searched recursively for folders holding
    /// manifest.toml), or a CSV file with a `path` column
    #[arg(value_name = "DIR|CSV")]
    pub input: PathBuf,

    /// Write each account's files into DIR/<account>/ and the summary into DIR/summary.csv
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,

    /// Accounts planned at once [default: the number of cores]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<std::num::NonZeroUsize>,

    /// Skip accounts whose outputs are complete and current (same inputs, same migrate)
    #[arg(long)]
    pub resume: bool,

    #[command(flatten)]
    pub plan: PlanFlags,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// A folder of fixture accounts (each subfolder is one), or one fixture
    #[arg(value_name = "FIXTURES_DIR")]
    pub fixtures: PathBuf,

    /// Rewrite each expect.toml from the current plan instead of checking it
    #[arg(long)]
    pub bless: bool,
}

#[derive(Debug, Args)]
pub struct GenArgs {
    /// How many accounts
    pub count: usize,

    /// Seed: the same seed gives the same accounts
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// How many of them are broken (bad JSON, wrong types, newer format, no manifest…)
    #[arg(long, default_value_t = 0, value_name = "K")]
    pub broken: usize,

    /// Where to write them (one folder per account)
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// The exported account directory (the one holding manifest.toml)
    pub account: PathBuf,

    /// Output format on stdout [default: text]
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// Write plan.json, messaging-config.json and setup-guide.md into this directory
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,

    #[command(flatten)]
    pub plan: PlanFlags,
}

/// Flags that change what a plan says.
#[derive(Debug, Clone, Args)]
pub struct PlanFlags {
    /// How the account is moved: Zendesk's assisted migration copies some settings (K2),
    /// a self-serve activation only the widget's look (K7)
    /// [default: from the account's answer about Zendesk's notice (`migrate answer
    /// --enrolled`), else assisted, or self-serve when the agent workspace is off and no
    /// --activation-date is given (D-1)]
    #[arg(long, value_enum)]
    pub activation: Option<ActivationPath>,

    /// The day Zendesk activates messaging for the account: dates every step (notice 30
    /// days before for inactive accounts, 60 for active ones; D-4, D-6)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::timeline::parse_date)]
    pub activation_date: Option<jiff::civil::Date>,

    /// Time zone of the chat history's days and hours (an IANA name such as Europe/Berlin),
    /// used when chat/operating_hours.json gives none [default: UTC]
    #[arg(long, value_name = "IANA", value_parser = parse_time_zone)]
    pub timezone: Option<String>,

    /// Length of the quietest window to launch in, found in the chat history (D-10): whole
    /// hours, e.g. 2h or 3
    #[arg(long, value_name = "HOURS", default_value = "2h", value_parser = parse_launch_window)]
    pub launch_window: u8,

    /// Concurrent conversations to check the history's peak against (the current Zendesk
    /// page says 8,000; a 2021 article said 4,000) [default: 8000]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub concurrent_limit: Option<u64>,
}

fn parse_time_zone(s: &str) -> Result<String, String> {
    match jiff::tz::TimeZone::get(s) {
        Ok(_) => Ok(s.to_owned()),
        Err(_) => Err(format!("unknown time zone {s:?}: expected an IANA name such as Europe/Berlin")),
    }
}

/// `2h`, `2 hours`, `PT2H` or `2`: whole hours from 1 to 24.
fn parse_launch_window(s: &str) -> Result<u8, String> {
    let secs = match s.trim().parse::<u64>() {
        Ok(h) => h.saturating_mul(3600),
        Err(_) => match s.trim().parse::<jiff::SignedDuration>() {
            Ok(d) => u64::try_from(d.as_secs()).map_err(|_| format!("{s:?} is negative"))?,
            Err(_) => return Err(format!("{s:?} is not a duration: expected whole hours such as 2h")),
        },
    };
    if secs % 3600 != 0 {
        return Err(format!("{s:?} is not a whole number of hours: the heatmap has one-hour cells"));
    }
    match u8::try_from(secs / 3600) {
        Ok(h @ 1..=24) => Ok(h),
        _ => Err(format!("{s:?} is out of range: from 1 to 24 hours")),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// A readable plan
    Text,
    /// The setup guide as a checklist
    Markdown,
    /// The machine contract (docs/plan-format.md)
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub const APPLY_AFTER_HELP: &str = "\
It reads the live account first and shows the change set: + create, ~ set (a new schedule's
hours), = already there, ! conflict (same name, other content: never overwritten), · left
(with why). On a terminal it asks before writing; --yes for scripts; --dry-run stops after
the change set. Each write is recorded in PLAN_DIR/apply-state.json before it is sent and
completed after; a run that stopped (Ctrl-C, a crash, a lost answer) is continued by running
it again: nothing is created twice. --undo deletes what apply created and nobody changed
since. Credentials and the subdomain as for migrate export (docs/export.md). Writes are
paced at the Support API limit of the Support plan the plan records, unless --support-plan,
--support-rate or the profile says otherwise. Pass --account DIR, the export the plan was
made from: a stale plan is then refused before any request (without it, the change set says
that staleness was not checked).

Exit codes:
  0    done (or nothing to change, or a dry run)
  1    failure: the journal could not be written, or an internal error
  2    usage: the command line is wrong, no terminal to ask and no --yes, the plan is for
       another account, or another apply holds the plan directory
  3    invalid input: the plan directory (or --account's export) cannot be read, the plan
       is hand-edited, or it was made from another or an older export (--account)
  4    applied, but conflicts remain (objects of the same name with other content)
  5    remote: the Zendesk API refused or failed a read or a write (run again to continue)
  130  interrupted between two writes: run again to continue";

/// `migrate apply`: raw arguments.
#[derive(Debug, Args)]
pub struct ApplyArgs {
    /// A plan directory (`migrate plan --out DIR`)
    #[arg(value_name = "PLAN_DIR")]
    pub plan_dir: PathBuf,

    #[command(flatten)]
    pub connection: ConnectionArgs,

    /// Apply without asking (for scripts; required without a terminal)
    #[arg(long, short = 'y', display_order = 20)]
    pub yes: bool,

    /// Show the change set and stop: nothing is written
    #[arg(long, display_order = 21)]
    pub dry_run: bool,

    /// Also create what Zendesk's activation should have made and did not (after activation)
    #[arg(long, display_order = 22)]
    pub fill_missing: bool,

    /// Delete what apply created (per PLAN_DIR/apply-state.json) and nobody changed since
    #[arg(long, conflicts_with = "fill_missing", display_order = 23)]
    pub undo: bool,

    /// Output format of the change set on stdout
    #[arg(long, value_enum, default_value_t = ApplyFormat::Text, display_order = 24)]
    pub format: ApplyFormat,

    /// The export directory the plan was made from (`migrate export --out`). Strongly
    /// recommended: a plan made from another or an older export is then refused before any
    /// request; without it, staleness is not checked (nor with --undo)
    #[arg(long, value_name = "DIR", display_order = 19)]
    pub account: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ApplyFormat {
    Text,
    Json,
}
