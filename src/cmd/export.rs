//! `migrate export`: resolve settings, export each account, report, and merge the exit
//! codes (worst wins). With `--subdomains`, one failing account is reported and the others
//! go on.

use std::io::IsTerminal as _;
use std::sync::Arc;

use anyhow::Result;

use crate::account::manifest::ResourceState;
use crate::cli::ExportArgs;
use crate::exit_codes::ExitCode;
use crate::export::account::CHAT_PAGE_LIMIT;
use crate::export::settings::{self, ExportSettings, ExportTarget};
use crate::export::{ExportError, Job};
use crate::interrupt::{Interrupt, OnInterrupt};
use crate::printer::Printer;
use crate::text::secs;
use crate::zendesk::{Client, Clock, RealClock};

pub fn run(args: &ExportArgs, ui: &Printer) -> Result<ExitCode> {
    let now = jiff::Timestamp::now();
    let settings = match settings::resolve(args, &|k| std::env::var(k).ok(), now) {
        Ok(s) => s,
        Err(e) => {
            ui.print_error(None, &e.message, e.hint.as_deref());
            return Ok(ExitCode::Usage);
        }
    };
    for w in &settings.warnings {
        ui.info(&format!("warning: {w}"));
    }
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    // Ctrl-C drops the export where it is: every page is written atomically, and the
    // staging directory keeps what is complete for --resume.
    let interrupt = Interrupt::install(ui, OnInterrupt::Stop { message: None });
    let code = rt.block_on(async {
        tokio::select! {
            code = export_all(&settings, ui, now) => code,
            () = interrupt.wait() => {
                ui.print_error(None, "interrupted; every complete page is kept", Some("rerun the same command with --resume to continue"));
                ExitCode::Interrupted
            }
        }
    });
    if code == ExitCode::Success && !settings.batch && !args.no_input && !ui.is_quiet() && interactive() {
        if let Some(Ok(t)) = settings.targets.first() {
            return Ok(ask_after_export(&t.out, ui));
        }
    }
    Ok(code)
}

fn interactive() -> bool {
    std::io::stdin().is_terminal() && std::io::stderr().is_terminal()
}

/// After an export on a terminal: ask the four facts no API gives (D-5), so that the next
/// `migrate plan` decides the segment without anyone editing JSON (issue 14). Only when the
/// export left them as templates; `--no-input` skips it, `migrate answer` asks any time.
fn ask_after_export(dir: &std::path::Path, ui: &Printer) -> ExitCode {
    let account = match crate::account::load(dir) {
        Ok(a) => a,
        Err(e) => {
            ui.info(&format!("warning: cannot read the export back to ask what no API gives: {}", e.headline()));
            return ExitCode::Success;
        }
    };
    let templates = ["chat/operating_hours.json", "chat/widget.json"]
        .iter()
        .any(|f| account.state(f) == crate::account::FileState::Template);
    if !templates {
        return ExitCode::Success;
    }
    ui.info("\nFour facts decide the segment (D-5) and no API gives them: operating hours, the pre-chat form, the offline form and visitor authentication.");
    ui.info("Answer them now (Ctrl-C to leave them for `migrate answer` later).");
    match super::answer::ask_and_write(dir, &account, &crate::answer::Given::default(), ui) {
        // The export itself succeeded: a question left unanswered is not a failure of it.
        Ok(ExitCode::Interrupted) => ExitCode::Interrupted,
        Ok(_) => ExitCode::Success,
        Err(e) => {
            ui.error(&e);
            ExitCode::Failure
        }
    }
}

async fn export_all(settings: &ExportSettings, ui: &Printer, now: jiff::Timestamp) -> ExitCode {
    let mut code = ExitCode::Success;
    let mut failed: Vec<String> = Vec::new();
    let clock: Arc<dyn Clock> = Arc::new(RealClock);
    for target in &settings.targets {
        let (name, result) = match target {
            Err(bad) => {
                ui.print_error(Some(&bad.subdomain), &bad.error.message, bad.error.hint.as_deref());
                (bad.subdomain.clone(), ExitCode::Usage)
            }
            Ok(t) => (t.connection.subdomain.clone(), export_one(t, settings, ui, Arc::clone(&clock), now).await),
        };
        if result != ExitCode::Success {
            failed.push(name);
        }
        code = code.merge(result);
    }
    if settings.batch {
        let n = settings.targets.len();
        if failed.is_empty() {
            ui.info(&format!("{n} account(s) exported"));
        } else {
            ui.info(&format!(
                "{n} account(s): {} exported, {} failed ({})",
                n - failed.len(),
                failed.len(),
                failed.join(", ")
            ));
        }
    }
    code
}

/// Export one account and say how it went. Never fails: the result is an exit code.
pub async fn export_one(
    t: &ExportTarget,
    settings: &ExportSettings,
    ui: &Printer,
    clock: Arc<dyn Clock>,
    now: jiff::Timestamp,
) -> ExitCode {
    let c = &t.connection;
    // Narration per account; per-page progress only for a person watching (issue 14).
    let progress = ui.for_account(&c.subdomain);
    progress.info(&format!(
        "exporting {} with {} (from {}); limits: Chat {}/min, Support {}/min, incremental {}/min",
        c.base_url.as_str().trim_end_matches('/'),
        c.auth.describe(),
        c.auth_source,
        c.rates.chat,
        c.rates.support,
        c.rates.incremental
    ));
    let opts = c.client_options();
    let client = match Client::new(opts, clock, progress.clone()) {
        Ok(c) => c,
        Err(e) => {
            ui.print_error(Some(&c.subdomain), &e.to_string(), None);
            return ExitCode::Usage;
        }
    };
    let job = Job {
        subdomain: c.subdomain.clone(),
        out: t.out.clone(),
        since: settings.since,
        now,
        resume: settings.resume,
        chats: settings.chats,
        chat_page_limit: CHAT_PAGE_LIMIT,
    };
    let started = std::time::Instant::now();
    match crate::export::export_account(&client, &job).await {
        Ok(report) => {
            let count = |s: ResourceState| report.resources.values().filter(|r| r.status == s).count();
            let stats = report.stats;
            let mut notes = vec![format!("{} complete", count(ResourceState::Complete))];
            for (s, label) in
                [(ResourceState::Forbidden, "forbidden"), (ResourceState::Template, "template(s) to complete")]
            {
                if count(s) > 0 {
                    notes.push(format!("{} {label}", count(s)));
                }
            }
            progress.info(&format!(
                "exported into {}{} ({}; {} requests, {} rate-limited, {})",
                report.dir.display(),
                if report.replaced { ", replacing the previous export" } else { "" },
                notes.join(", "),
                stats.requests,
                stats.rate_limited,
                secs(started.elapsed())
            ));
            ExitCode::Success
        }
        Err(e) => {
            let (code, hint) = match &e {
                ExportError::Refused(r) => (ExitCode::Usage, r.hint.clone()),
                ExportError::Remote(f) => (ExitCode::Remote, f.hint().map(str::to_owned)),
                ExportError::Incomplete { dir, .. } => {
                    (ExitCode::Remote, Some(format!("what was fetched is in {}; rerun with --resume", dir.display())))
                }
                ExportError::Local(_) => (ExitCode::Failure, None),
            };
            let msg = match &e {
                ExportError::Local(err) => format!("{err:#}"),
                e => e.to_string(),
            };
            ui.print_error(Some(&c.subdomain), &client.scrub(&msg), hint.as_deref());
            code
        }
    }
}
