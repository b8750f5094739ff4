//! `migrate batch`: the terminal side of [`crate::batch`]: settings, the progress bar,
//! Ctrl-C ([`crate::interrupt`]), and the short summary on stderr.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::batch::{self, BatchReport, Done, Observer, Settings};
use crate::cli::BatchArgs;
use crate::error::{InputError, InputErrorKind};
use crate::exit_codes::ExitCode;
use crate::interrupt::{Interrupt, OnInterrupt};
use crate::printer::Printer;
use crate::progress;
use crate::text::thousands;

/// Resolve the command line into settings (the default job count is the core count).
pub fn settings(args: &BatchArgs) -> Settings {
    let jobs = args
        .jobs
        .map(std::num::NonZeroUsize::get)
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get));
    Settings { out: args.out.clone(), jobs, resume: args.resume, options: super::plan::options(&args.plan) }
}

pub fn run(args: &BatchArgs, ui: &Printer) -> Result<ExitCode> {
    let settings = settings(args);
    let accounts = batch::discover(&args.input, Some(&args.out))?;
    batch::check_out(&args.input, &args.out, &accounts)?;
    if accounts.is_empty() {
        return Err(InputError::new(
            &args.input,
            InputErrorKind::NotAnAccount("no exported account found: no folder under it holds manifest.toml".into()),
        )
        .with_hint("pass the folder that holds the account folders, or a CSV file with a `path` column")
        .into());
    }
    // The first Ctrl-C asks the run to stop: no new account is started, the ones in flight
    // finish (their files are written atomically), and the summary lists the rest as not
    // planned. A second Ctrl-C exits at once; an in-flight write then leaves at most a
    // hidden `.*.tmp` file, never a half-written output.
    let interrupt = Interrupt::install(
        ui,
        OnInterrupt::Stop {
            message: Some(
                "interrupted: finishing the accounts in flight, then writing the summary (Ctrl-C again to stop at once)",
            ),
        },
    );

    let show_bar = ui.shows_progress();
    let bar = show_bar.then(|| new_bar(accounts.len()));
    let registration = bar.as_ref().map(progress::register);
    let observer = Bar { bar: bar.clone(), errors: AtomicUsize::new(0) };
    let started = Instant::now();
    tracing::info!("planning {} accounts on {} threads into {}", accounts.len(), settings.jobs, settings.out.display());
    let result = batch::run(&accounts, &settings, interrupt.flag(), &observer);
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    drop(registration);
    let report = result?;
    summarise(&report, started.elapsed(), settings.jobs, ui);
    Ok(report.code)
}

fn new_bar(total: usize) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(Some(total as u64), ProgressDrawTarget::stderr());
    let style = ProgressStyle::with_template(
        "{elapsed_precise} [{bar:30}] {human_pos}/{human_len} accounts · {per_sec} · ETA {eta} · {msg}",
    )
    .map(|s| s.progress_chars("=> "))
    .unwrap_or_else(|_| ProgressStyle::default_bar());
    bar.set_style(style);
    bar.set_message("0 errors");
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// Counts finished accounts on the bar.
struct Bar {
    bar: Option<ProgressBar>,
    errors: AtomicUsize,
}

impl Observer for Bar {
    fn finished(&self, done: &Done) {
        let Some(bar) = &self.bar else { return };
        if !done.row.error.is_empty() {
            let n = self.errors.fetch_add(1, Ordering::Relaxed) + 1;
            bar.set_message(format!("{n} error{}", if n == 1 { "" } else { "s" }));
        }
        bar.inc(1);
    }
}

/// The short summary on stderr: counts per segment, errors, what to do next.
fn summarise(report: &BatchReport, elapsed: Duration, jobs: usize, ui: &Printer) {
    let n = |v: usize| thousands(v as u64);
    if ui.is_quiet() {
        if report.errors > 0 {
            ui.important(&[format!(
                "error: {} of {} accounts could not be planned (see {})",
                n(report.errors),
                n(report.total),
                report.summary.display()
            )]);
        }
        return;
    }
    let secs = elapsed.as_secs_f64();
    let done = report.planned + report.skipped;
    let rate = if secs > 0.0 { done as f64 / secs } else { 0.0 };
    // One element per line: the sink escapes a line break inside a folder name or a
    // message, so no account can forge a line of this summary (issue 11).
    let mut s = vec![format!(
        "{} of {} accounts done in {secs:.1} s ({rate:.0} accounts/s, {jobs} job{})",
        n(done),
        n(report.total),
        if jobs == 1 { "" } else { "s" }
    )];
    s.push(format!("  planned: {}", n(report.planned - report.errors)));
    if report.skipped > 0 {
        s.push(format!("  skipped: {} (outputs complete and current, --resume)", n(report.skipped)));
    }
    let segments: Vec<String> = report.segments.iter().map(|(seg, c)| format!("{} {seg}", n(*c))).collect();
    if !segments.is_empty() {
        s.push(format!("  segments: {}", segments.join(" · ")));
    }
    let errors = report.errors;
    if errors > 0 {
        s.push(format!("  errors: {}", n(errors)));
        for (account, message) in &report.first_errors {
            s.push(format!("    {account}: {message}"));
        }
        if errors > report.first_errors.len() {
            s.push(format!(
                "    … and {} more (the error column of the summary)",
                n(errors - report.first_errors.len())
            ));
        }
    }
    if report.not_planned > 0 {
        s.push(format!("  interrupted: {} accounts not planned; rerun with --resume to finish", n(report.not_planned)));
    }
    s.push(format!("wrote {}", report.summary.display()));
    ui.info_lines(&s);
}
