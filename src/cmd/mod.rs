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

use std::io::{IsTerminal, Write};

use crate::cli::{Cli, ColorChoice, Command};
use crate::exit_codes::ExitCode;

/// Presentation settings resolved once from flags and the environment.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    pub color_stdout: bool,
    pub color_stderr: bool,
    pub quiet: bool,
    /// Progress (a bar, per-page lines) is shown: stderr is a terminal, and neither
    /// `--quiet` nor `--no-progress` was given.
    pub progress: bool,
}

impl Ui {
    pub fn new(choice: ColorChoice, quiet: bool, no_progress: bool) -> Ui {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => tty && !no_color,
        };
        Ui {
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(std::io::stderr().is_terminal()),
            quiet,
            progress: !quiet && !no_progress && std::io::stderr().is_terminal(),
        }
    }

    /// A line of narration on stderr (suppressed by --quiet), made safe as every line for a
    /// person is ([`crate::progress::eprint_lines`]).
    pub fn info(&self, msg: &str) {
        if !self.quiet {
            crate::progress::eprint_lines(&[msg]);
        }
    }

    /// An error on stderr, with its hint after a blank line ([`crate::error::parts`]).
    pub fn error(&self, err: &anyhow::Error) {
        let (headline, hint, causes) = crate::error::parts(err);
        crate::progress::eprint_error(self.color_stderr, &headline, hint.as_deref(), &causes);
    }

    /// The one error printer: `error: [ACCOUNT: ]MESSAGE`, then `hint: …` after a blank
    /// line; each part one safe line ([`crate::progress::eprint_error`]). Errors are printed
    /// even with `--quiet`.
    pub fn print_error(&self, account: Option<&str>, message: &str, hint: Option<&str>) {
        let prefix = account.map(|a| format!("{a}: ")).unwrap_or_default();
        crate::progress::eprint_error(self.color_stderr, &format!("{prefix}{message}"), hint, &[]);
    }
}

/// Write data to stdout. A closed pipe (`migrate plan … | head`) is not an error.
pub fn print_stdout(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
    }
}

/// Run the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    let ui = Ui::new(cli.color, cli.quiet, cli.no_progress);
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
