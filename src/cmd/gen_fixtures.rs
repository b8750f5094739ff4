//! `migrate gen-fixtures N --seed S --out DIR`: generated accounts for benchmarks and tests.

use anyhow::Result;

use super::Ui;
use crate::cli::GenArgs;
use crate::exit_codes::ExitCode;
use crate::r#gen::{GenOptions, generate};

pub fn run(args: &GenArgs, ui: &Ui) -> Result<ExitCode> {
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
