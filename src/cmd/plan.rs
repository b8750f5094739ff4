//! `migrate plan ACCOUNT_DIR`: one account, one plan.

use anyhow::Result;

use crate::cli::{Format, PlanArgs, PlanFlags};
use crate::error::UsageError;
use crate::exit_codes::ExitCode;
use crate::plan::PlanOptions;
use crate::printer::{Printer, print_stdout};
use crate::{output, pipeline, render};

pub fn options(flags: &PlanFlags) -> PlanOptions {
    PlanOptions {
        activation: flags.activation,
        activation_date: flags.activation_date,
        timezone: flags.timezone.clone(),
        launch_window_hours: flags.launch_window,
        concurrent_limit: flags.concurrent_limit,
        ..PlanOptions::default()
    }
}

pub fn run(args: &PlanArgs, ui: &Printer) -> Result<ExitCode> {
    if let Some(dir) = &args.out {
        // The plan's files would become part of the account: the next run would report
        // them as unknown files and plan differently.
        if output::is_within(dir, &args.account) {
            return Err(UsageError::new(format!(
                "--out {} is inside the account folder {}",
                dir.display(),
                args.account.display()
            ))
            .with_hint("write the plan beside the export, e.g. --out plans/ACCOUNT")
            .into());
        }
    }
    let plan = pipeline::plan_account(&args.account, &options(&args.plan))?;
    if let Some(dir) = &args.out {
        let f = pipeline::outputs(&plan);
        let refs: Vec<(&str, &str)> = f.iter().map(|(n, c)| (*n, c.as_str())).collect();
        output::write_files(dir, &refs)?;
        ui.info(&format!("{} (wrote {})", plan.summary_line(), dir.display()));
        if args.format.is_none() {
            return Ok(ExitCode::Success);
        }
    }
    let text = match args.format.unwrap_or(Format::Text) {
        Format::Text => render::terminal::render(&plan, ui.color_stdout()),
        Format::Markdown => render::markdown::render(&plan),
        Format::Json => render::json::plan(&plan),
    };
    print_stdout(&text)?;
    Ok(ExitCode::Success)
}
