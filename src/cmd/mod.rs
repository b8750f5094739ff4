//! The commands: resolve settings, run, report, and turn the result into an exit code.

pub mod answer;
pub mod apply;
pub mod batch;
pub mod check;
pub mod completions;
pub mod export;
pub mod gen_fixtures;
pub mod plan;
pub mod scan_site;
pub mod verify;

use crate::cli::{Cli, ColorChoice, Command};
use crate::exit_codes::ExitCode;
use crate::printer::{Color, Printer};

/// The printer of a run, from the presentation flags ([`crate::printer`] decides the rest).
pub fn printer(cli: &Cli) -> Printer {
    let color = match cli.color {
        ColorChoice::Auto => Color::Auto,
        ColorChoice::Always => Color::Always,
        ColorChoice::Never => Color::Never,
    };
    Printer::new(color, cli.quiet, cli.no_progress)
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let ui = printer(&cli);
    let result = match cli.command {
        Command::Plan(args) => plan::run(&args, &ui),
        Command::Export(args) => export::run(&args, &ui),
        Command::Batch(args) => batch::run(&args, &ui),
        Command::Check(args) => check::run(&args, &ui),
        Command::GenFixtures(args) => gen_fixtures::run(&args, &ui),
        Command::Answer(args) => answer::run(&args, &ui),
        Command::Completions(args) => completions::completions(&args),
        Command::Man(args) => completions::man(&args, &ui),
        Command::ScanSite(args) => scan_site::run(&args, &ui, cli.verbose),
        Command::Verify(args) => verify::run(&args, &ui),
        Command::Apply(args) => apply::run(&args, &ui),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            ui.error(&e);
            ExitCode::for_error(&e)
        }
    }
}
