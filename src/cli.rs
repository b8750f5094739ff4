//! The command line, as clap sees it. Raw arguments only: resolving them into settings
//! (environment, config file, defaults) happens in the commands.

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

    /// When to use colour on a terminal
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub color: ColorChoice,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read an exported account, classify it, translate every setting, write the steps that remain
    #[command(after_help = crate::exit_codes::HELP)]
    Plan(PlanArgs),
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
    #[arg(long, value_enum, default_value_t = ActivationPath::Assisted)]
    pub activation: ActivationPath,

    /// The day Zendesk activates messaging for the account: dates every step (notice 30
    /// days before for inactive accounts, 60 for active ones; D-4, D-6)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = crate::timeline::parse_date)]
    pub activation_date: Option<jiff::civil::Date>,
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
