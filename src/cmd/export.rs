//! `migrate export`: resolve settings, export each account, report, and merge the exit
//! codes (worst wins). With `--subdomains`, one failing account is reported and the others
//! go on.

use std::sync::Arc;

use anyhow::Result;

use super::Ui;
use crate::account::manifest::ResourceState;
use crate::cli::ExportArgs;
use crate::exit_codes::ExitCode;
use crate::fetch::account::CHAT_PAGE_LIMIT;
use crate::fetch::client::secs;
use crate::fetch::retry::RetryPolicy;
use crate::fetch::settings::{self as config, ExportSettings, Target};
use crate::fetch::{AccountError, Client, ClientOptions, Clock, Job, Narrator, RealClock};

pub fn run(args: &ExportArgs, ui: &Ui) -> Result<ExitCode> {
    let now = jiff::Timestamp::now();
    let settings = match config::resolve(args, &|k| std::env::var(k).ok(), now) {
        Ok(s) => s,
        Err(e) => {
            error(ui, None, &e.message, e.hint.as_deref());
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
    let progress = Narrator::stderr(ui.quiet);
    let code = rt.block_on(async {
        tokio::select! {
            code = export_all(&settings, ui, &progress, now) => code,
            _ = tokio::signal::ctrl_c() => {
                error(ui, None, "interrupted; every complete page is kept", Some("rerun the same command with --resume to continue"));
                ExitCode::Interrupted
            }
        }
    });
    Ok(code)
}

async fn export_all(settings: &ExportSettings, ui: &Ui, progress: &Narrator, now: jiff::Timestamp) -> ExitCode {
    let mut code = ExitCode::Success;
    let mut failed: Vec<String> = Vec::new();
    let clock: Arc<dyn Clock> = Arc::new(RealClock);
    for target in &settings.targets {
        let (name, result) = match target {
            Err(bad) => {
                error(ui, Some(&bad.subdomain), &bad.error.message, bad.error.hint.as_deref());
                (bad.subdomain.clone(), ExitCode::Usage)
            }
            Ok(t) => (t.subdomain.clone(), export_one(t, settings, ui, progress, Arc::clone(&clock), now).await),
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
    t: &Target,
    settings: &ExportSettings,
    ui: &Ui,
    progress: &Narrator,
    clock: Arc<dyn Clock>,
    now: jiff::Timestamp,
) -> ExitCode {
    let progress = progress.for_account(&t.subdomain);
    progress.say(&format!(
        "exporting {} with {} (from {}); limits: Chat {}/min, Support {}/min, incremental {}/min",
        t.base_url.as_str().trim_end_matches('/'),
        t.auth.describe(),
        t.auth_source,
        t.rates.chat,
        t.rates.support,
        t.rates.incremental
    ));
    let opts = ClientOptions {
        base_url: t.base_url.clone(),
        auth: t.auth.clone(),
        rates: t.rates,
        timeout: settings.timeout,
        policy: RetryPolicy::default(),
        seed: None,
    };
    let client = match Client::new(opts, clock, progress.clone()) {
        Ok(c) => c,
        Err(e) => {
            error(ui, Some(&t.subdomain), &e.to_string(), None);
            return ExitCode::Usage;
        }
    };
    let job = Job {
        subdomain: t.subdomain.clone(),
        out: t.out.clone(),
        since: settings.since,
        now,
        resume: settings.resume,
        chats: settings.chats,
        chat_page_limit: CHAT_PAGE_LIMIT,
    };
    let started = std::time::Instant::now();
    match crate::fetch::export_account(&client, &job).await {
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
            progress.say(&format!(
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
                AccountError::Refused(r) => (ExitCode::Usage, r.hint.clone()),
                AccountError::Remote(f) => (ExitCode::Remote, f.hint().map(str::to_owned)),
                AccountError::Incomplete { dir, .. } => {
                    (ExitCode::Remote, Some(format!("what was fetched is in {}; rerun with --resume", dir.display())))
                }
                AccountError::Local(_) => (ExitCode::Failure, None),
            };
            let msg = match &e {
                AccountError::Local(err) => format!("{err:#}"),
                e => e.to_string(),
            };
            error(ui, Some(&t.subdomain), &client.scrub(&msg), hint.as_deref());
            code
        }
    }
}

/// An error on stderr (even with --quiet), its hint after a blank line.
fn error(ui: &Ui, account: Option<&str>, msg: &str, hint: Option<&str>) {
    let prefix = account.map(|a| format!("{a}: ")).unwrap_or_default();
    crate::progress::eprint_error(ui.color_stderr, &format!("{prefix}{msg}"), hint, &[]);
}
