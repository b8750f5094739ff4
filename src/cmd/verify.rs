//! `migrate verify PLAN_DIR`: read a plan directory, refuse it when it is another account's,
//! read the live account (GET only) through the one Zendesk client, check every item and
//! step, print the report, and turn it into an exit code (0 no fail, 4 a fail, 5 the API
//! refused or failed, 3 an unreadable plan directory). With `--subdomains`, one plan
//! directory per account under PLAN_DIR, one report summary line per account on stderr and
//! a summary CSV on stdout; the worst result wins.

use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Result;

use crate::cli::{VerifyArgs, VerifyFormat};
use crate::error::UsageError;
use crate::exit_codes::ExitCode;
use crate::interrupt::{Interrupt, OnInterrupt};
use crate::printer::{Printer, print_stdout};
use crate::verify::{Report, render};
use crate::zendesk::connection::Resolver;
use crate::zendesk::{Client, Clock, Connection, RealClock};

/// One account to verify: its plan directory and how to reach it.
struct Target {
    subdomain: String,
    plan_dir: PathBuf,
    /// `--account`: the export the plan must have been made from.
    account: Option<PathBuf>,
    connection: Result<Connection, UsageError>,
}

/// How one account went, for the batch CSV.
struct Outcome {
    subdomain: String,
    code: ExitCode,
    report: Option<Report>,
    error: Option<String>,
}

pub fn run(args: &VerifyArgs, ui: &Printer) -> Result<ExitCode> {
    let env = |k: &str| std::env::var(k).ok();
    let targets = match targets(args, &env) {
        Ok((t, warnings)) => {
            for w in warnings {
                ui.info(&format!("warning: {w}"));
            }
            t
        }
        Err(e) => {
            ui.print_error(None, &e.message, e.hint.as_deref());
            return Ok(ExitCode::Usage);
        }
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    let batch = args.subdomains.is_some();
    // Verify only reads: Ctrl-C stops where it is, nothing to keep or undo.
    let interrupt = Interrupt::install(ui, OnInterrupt::Stop { message: None });
    let outcomes = rt.block_on(async {
        tokio::select! {
            o = verify_all(&targets, args, ui, batch) => Some(o),
            () = interrupt.wait() => None,
        }
    });
    let Some(outcomes) = outcomes else {
        ui.print_error(None, "interrupted; nothing was changed (verify only reads)", None);
        return Ok(ExitCode::Interrupted);
    };
    if batch {
        print_stdout(&summary_csv(&outcomes)?)?;
    }
    Ok(outcomes.iter().fold(ExitCode::Success, |c, o| c.merge(o.code)))
}

fn targets(args: &VerifyArgs, env: &dyn Fn(&str) -> Option<String>) -> Result<(Vec<Target>, Vec<String>), UsageError> {
    let mut resolver = Resolver::new(&args.connection, env, "verified")?;
    let timeout = resolver.timeout()?;
    let named = resolver.named_profile()?;
    let mut out = Vec::new();
    match &args.subdomains {
        Some(list) => {
            for (sub, line_profile) in crate::export::settings::read_account_list(list)? {
                let profile =
                    line_profile.or_else(|| resolver.has_profile(&sub).then(|| sub.clone())).or_else(|| named.clone());
                let connection = resolver.connection(profile.as_deref(), Some(&sub), timeout);
                out.push(Target {
                    plan_dir: args.plan.join(&sub),
                    account: args.account.as_ref().map(|a| a.join(&sub)),
                    subdomain: sub,
                    connection,
                });
            }
            if out.is_empty() {
                return Err(UsageError::new(format!("{} lists no account", list.display()))
                    .with_hint("write one subdomain per line, optionally followed by a profile name"));
            }
        }
        None => {
            let connection = resolver.connection(named.as_deref(), None, timeout)?;
            out.push(Target {
                subdomain: connection.subdomain.clone(),
                plan_dir: args.plan.clone(),
                account: args.account.clone(),
                connection: Ok(connection),
            });
        }
    }
    Ok((out, resolver.warnings))
}

async fn verify_all(targets: &[Target], args: &VerifyArgs, ui: &Printer, batch: bool) -> Vec<Outcome> {
    let clock: Arc<dyn Clock> = Arc::new(RealClock);
    let mut out = Vec::new();
    for t in targets {
        out.push(verify_one(t, args, ui, Arc::clone(&clock), batch).await);
    }
    out
}

/// Verify one account and print its report (or, in a batch, its summary line). Never
/// fails: the result is an exit code.
async fn verify_one(t: &Target, args: &VerifyArgs, ui: &Printer, clock: Arc<dyn Clock>, batch: bool) -> Outcome {
    let fail = |code: ExitCode, error: String| Outcome {
        subdomain: t.subdomain.clone(),
        code,
        report: None,
        error: Some(error),
    };
    let mut c = match &t.connection {
        Ok(c) => c.clone(),
        Err(e) => {
            ui.print_error(Some(&t.subdomain), &e.message, e.hint.as_deref());
            return fail(ExitCode::Usage, e.message.clone());
        }
    };
    // plan3's reader refuses a missing, older, newer, hand-edited or mixed plan directory,
    // and with --account one made from another or an older export.
    let loaded = match &t.account {
        Some(a) => crate::plan::dir::load_for_account(&t.plan_dir, a),
        None => crate::plan::dir::load(&t.plan_dir),
    };
    let plan = match loaded {
        Ok(loaded) => loaded.plan,
        Err(e) => {
            let err = anyhow::Error::new(e);
            ui.error(&err);
            return fail(ExitCode::InvalidInput, crate::error::summary(&err));
        }
    };
    // Another account's plan is refused before any request (issue 20).
    if plan.account.subdomain != c.subdomain {
        let msg = format!(
            "the plan in {} is for {}, not {}",
            t.plan_dir.display(),
            crate::text::display::quote(&plan.account.subdomain),
            crate::text::display::quote(&c.subdomain)
        );
        ui.print_error(
            Some(&t.subdomain),
            &msg,
            Some("pass the plan directory of this account, or --subdomain of the plan's account"),
        );
        return fail(ExitCode::Usage, msg);
    }
    c.pace_for_plan(plan.subscription());
    let progress = ui.for_account(&c.subdomain);
    progress.info(&format!(
        "verifying against {} with {} (from {}); {}",
        c.base_url.as_str().trim_end_matches('/'),
        c.auth.describe(),
        c.auth_source,
        c.support_limit()
    ));
    let opts = c.client_options();
    let client = match Client::new(opts, clock, progress.clone()) {
        Ok(cl) => cl,
        Err(e) => {
            ui.print_error(Some(&c.subdomain), &e.to_string(), None);
            return fail(ExitCode::Usage, e.to_string());
        }
    };
    let live = match crate::verify::read::read(&client, &crate::verify::needs(&plan)).await {
        Ok(l) => l,
        Err(e) => {
            let msg = client.scrub(&e.to_string());
            ui.print_error(Some(&c.subdomain), &msg, e.hint());
            return fail(ExitCode::Remote, msg);
        }
    };
    let report = Report::new(&plan.account.subdomain, crate::verify::check(&plan, &live));
    let stats = client.stats();
    progress.info(&format!("{} requests, {} rate-limited", stats.requests, stats.rate_limited));
    if batch {
        ui.info(&report.summary.line());
    } else {
        let text = match args.format {
            VerifyFormat::Text => render::text(&report),
            VerifyFormat::Markdown => render::markdown(&report),
            VerifyFormat::Json => render::json(&report),
        };
        if let Err(e) = print_stdout(&text) {
            ui.error(&e);
            return fail(ExitCode::Failure, e.to_string());
        }
    }
    let code = if report.summary.failed(args.strict) { ExitCode::CheckFailed } else { ExitCode::Success };
    Outcome { subdomain: t.subdomain.clone(), code, report: Some(report), error: None }
}

/// The batch summary: one row per account, in the list's order.
fn summary_csv(outcomes: &[Outcome]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "account",
        "result",
        "pass",
        "fail",
        "unknown",
        "no_api",
        "needs_person",
        "not_readable",
        "not_applicable",
        "error",
    ])?;
    for o in outcomes {
        let cell = |s: &str| crate::text::display::csv_cell(s).into_owned();
        let result = match (o.code, &o.report) {
            (ExitCode::Success, _) => "pass",
            (ExitCode::CheckFailed, _) => "fail",
            _ => "error",
        };
        let n = |f: fn(&crate::verify::Summary) -> usize| {
            o.report.as_ref().map_or_else(String::new, |r| f(&r.summary).to_string())
        };
        w.write_record([
            cell(&o.subdomain),
            result.to_owned(),
            n(|s| s.pass),
            n(|s| s.fail),
            n(|s| s.unknown),
            n(|s| s.no_api),
            n(|s| s.needs_person),
            n(|s| s.not_readable),
            n(|s| s.not_applicable),
            cell(o.error.as_deref().unwrap_or("")),
        ])?;
    }
    Ok(String::from_utf8(w.into_inner().map_err(|e| anyhow::anyhow!("{e}"))?)?)
}
