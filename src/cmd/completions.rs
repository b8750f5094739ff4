//! `migrate completions SHELL` and `migrate man`: generated from the clap definitions, so
//! they always match the binary that prints them (as uv and just ship theirs; no build
//! script, no xtask).

use std::path::Path;

use anyhow::{Context as _, Result};
use clap::CommandFactory as _;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::exit_codes::ExitCode;
use crate::printer::Printer;

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "migrate", &mut out);
    crate::printer::print_stdout(&String::from_utf8_lossy(&out))?;
    Ok(ExitCode::Success)
}

pub fn man(args: &ManArgs, ui: &Printer) -> Result<ExitCode> {
    let cmd = Cli::command();
    match &args.out {
        None => {
            let mut out = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut out).context("cannot render the man page")?;
            crate::printer::print_stdout(&String::from_utf8_lossy(&out))?;
        }
        Some(dir) => {
            let pages = pages(cmd)?;
            let files: Vec<(&str, &str)> = pages.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
            crate::output::write_files(dir, &files)?;
            ui.info(&format!("wrote {} man pages into {}", pages.len(), show(dir)));
        }
    }
    Ok(ExitCode::Success)
}

fn show(dir: &Path) -> String {
    crate::text::display::prose(&dir.display().to_string()).into_owned()
}

/// `migrate.1` and `migrate-COMMAND.1` for each command, as (file name, roff).
pub fn pages(cmd: clap::Command) -> Result<Vec<(String, String)>> {
    let mut cmd = cmd;
    cmd.build();
    let mut pages = Vec::new();
    let mut render = |c: &clap::Command, name: &str| -> Result<()> {
        let mut out = Vec::new();
        clap_mangen::Man::new(c.clone())
            .title(name.to_owned())
            .render(&mut out)
            .with_context(|| format!("cannot render the man page of {name}"))?;
        pages.push((format!("{name}.1"), String::from_utf8_lossy(&out).into_owned()));
        Ok(())
    };
    render(&cmd, "migrate")?;
    for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
        render(sub, &format!("migrate-{}", sub.get_name()))?;
    }
    Ok(pages)
}
