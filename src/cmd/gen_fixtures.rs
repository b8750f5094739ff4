//! `migrate gen-fixtures N --seed S --out DIR`: generated accounts for benchmarks and tests.

use anyhow::Result;

use crate::cli::GenArgs;
use crate::error::UsageError;
use crate::exit_codes::ExitCode;
use crate::r#gen::{GenOptions, generate};
use crate::printer::Printer;

pub fn run(args: &GenArgs, ui: &Printer) -> Result<ExitCode> {
    if args.broken > args.count {
        return Err(UsageError::new(format!(
            "--broken {} is more than the {} accounts to generate",
            args.broken, args.count
        ))
        .into());
    }
    // Accounts written over an earlier set would mix with it: a larger earlier run leaves
    // accounts this seed does not make, and a file an account lacks this time (a broken
    // one without its manifest) would survive from the last. Only a new or empty folder.
    let occupied = if args.out.is_file() {
        Some("is a file")
    } else {
        std::fs::read_dir(&args.out).is_ok_and(|mut d| d.next().is_some()).then_some("is not empty")
    };
    if let Some(why) = occupied {
        return Err(UsageError::new(format!("--out {} {why}", args.out.display()))
            .with_hint("generate into a new or empty folder; the same seed gives the same accounts again")
            .into());
    }
    let report = generate(&args.out, &GenOptions { count: args.count, seed: args.seed, broken: args.broken })?;
    ui.info(&format!(
        "wrote {} accounts into {} (seed {}){}",
        report.accounts,
        args.out.display(),
        args.seed,
        if report.broken.is_empty() { String::new() } else { format!("; broken: {}", report.broken.join(", ")) }
    ));
    Ok(ExitCode::Success)
}
