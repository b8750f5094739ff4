//! The command line, as clap sees it. Raw arguments only: resolving them into settings
//! (environment, config file, defaults) happens in the commands, and for `migrate export`
//! in `fetch::settings`, which also defines that command's raw arguments.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::fetch::settings::{ExportArgs, SupportTierArg};
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
    #[command(after_help = crate::fetch::settings::EXPORT_AFTER_HELP)]
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

    /// Print a unified diff of the one-to-one rewrites (open, close, show, hide, locale,
    /// open/close events) instead of the report
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
