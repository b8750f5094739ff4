//! `migrate apply PLAN_DIR`: read the plan directory and the live account, show the change
//! set, ask (or `--yes`), write with the journal, report; `--dry-run` stops after the change
//! set (the same path, without the writes); `--undo` deletes what apply made.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::path::Path;
use std::sync::Arc;

use anyhow::Result;

use crate::apply::changeset::{self, Options};
use crate::apply::journal::{Journal, JournalError};
use crate::apply::live::ZendeskRemote;
use crate::apply::run::{self, RunError};
use crate::apply::{calls, undo};
use crate::cli::{ApplyArgs, ApplyFormat};
use crate::error::UsageError;
use crate::exit_codes::ExitCode;
use crate::interrupt::{Interrupt, OnInterrupt};
use crate::plan::Plan;
use crate::plan::dir::PlanDirError;
use crate::printer::{Printer as Ui, print_stdout};
use crate::zendesk::{Client, RealClock, connection};

pub fn run(args: &ApplyArgs, ui: &Ui) -> Result<ExitCode> {
    // Undo deletes what the journal records, whatever the export became since: a stale plan
    // is no reason to keep what apply made.
    let account = args.account.as_deref().filter(|_| !args.undo);
    if args.undo && args.account.is_some() {
        ui.info("--undo: the plan is not checked against --account (undo deletes what the journal records)");
    }
    let (plan, fingerprint) = match read_plan(&args.plan_dir, account) {
        Ok(p) => p,
        Err(PlanDirError::Invalid(e) | PlanDirError::Account(e)) => return Err(e.into()),
        Err(e @ (PlanDirError::NoDirectory(_) | PlanDirError::NotADirectory(_))) => {
            ui.print_error(None, &e.to_string(), None);
            return Ok(ExitCode::InvalidInput);
        }
        Err(e @ PlanDirError::Stale { .. }) => {
            ui.print_error(
                None,
                &e.to_string(),
                Some("plan again from the export as it is now (`migrate plan ACCOUNT --out PLAN_DIR`), then apply that plan"),
            );
            return Ok(ExitCode::InvalidInput);
        }
        Err(e) => {
            ui.print_error(
                None,
                &e.to_string(),
                Some("apply reads a plan directory exactly as `migrate plan --out` wrote it"),
            );
            return Ok(ExitCode::InvalidInput);
        }
    };
    let (mut conn, warnings) = match connection::resolve(&args.connection, &|k| std::env::var(k).ok(), "changed") {
        Ok(c) => c,
        Err(e) => {
            ui.print_error(None, &e.message, e.hint.as_deref());
            return Ok(ExitCode::Usage);
        }
    };
    for w in &warnings {
        ui.info(&format!("warning: {w}"));
    }
    conn.pace_for_plan(plan.subscription());
    if conn.subdomain != plan.account.subdomain {
        return Err(UsageError::new(format!(
            "the plan in {} is for {}, not {}",
            args.plan_dir.display(),
            plan.account.subdomain,
            conn.subdomain
        ))
        .with_hint("apply a plan to the account it was made for")
        .into());
    }
    let mut journal = match Journal::open(&args.plan_dir, &conn.subdomain, &fingerprint) {
        Ok(j) => j,
        // A journal cut short or hand-edited: refused before any request; nothing is guessed.
        Err(JournalError::Input(e)) => {
            return Err(e
                .with_hint(format!(
                    "{} is apply's record of what it made, and nothing was sent: restore it from a copy if you have one; otherwise move it aside and run again (what an earlier run made is then adopted where its content is unchanged, and --undo will not delete it)",
                    crate::apply::journal::STATE_FILE
                ))
                .into());
        }
        Err(e @ JournalError::Locked { .. }) => {
            ui.print_error(
                Some(&conn.subdomain),
                &e.to_string(),
                Some("wait for it to finish; two applies on one plan never run at once (a run that was killed holds nothing: the lock is the system's and ends with its process)"),
            );
            return Ok(ExitCode::Usage);
        }
        Err(e @ JournalError::OtherPlan { .. }) => {
            ui.print_error(
                Some(&conn.subdomain),
                &e.to_string(),
                Some("the journal records what an apply of the earlier plan made: undo it with that plan, or write the new plan into another directory"),
            );
            return Ok(ExitCode::Usage);
        }
        Err(e) => return Err(e.into()),
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| anyhow::anyhow!("cannot start the async runtime: {e}"))?;
    let progress = ui.for_account(&conn.subdomain);
    progress.info(&conn.support_limit());
    let opts = conn.client_options();
    let client = Client::new(opts, Arc::new(RealClock), progress)?;
    // Ctrl-C stops the run between two writes: the write in flight finishes and is recorded
    // (the runner holds the write guard around each one).
    let interrupt = Interrupt::install(
        ui,
        OnInterrupt::Stop {
            message: Some("stopping after the write in progress; run the same command again to continue"),
        },
    );
    rt.block_on(async {
        let interrupted = || interrupt.requested();
        if args.undo {
            run_undo(args, ui, &client, &mut journal, &interrupted).await
        } else {
            let header = header(&args.plan_dir, args.account.as_deref(), &fingerprint);
            run_apply(args, ui, &plan, &fingerprint, &header, &client, &mut journal, &interrupted).await
        }
    })
}

#[allow(clippy::too_many_arguments)]
async fn run_apply(
    args: &ApplyArgs,
    ui: &Ui,
    plan: &Plan,
    fingerprint: &str,
    header: &str,
    client: &Client,
    journal: &mut Journal,
    interrupted: &dyn Fn() -> bool,
) -> Result<ExitCode> {
    let subdomain = &plan.account.subdomain;
    let mut remote = ZendeskRemote { client };
    let account = match remote.read(true).await {
        Ok(a) => a,
        Err(e) => {
            ui.print_error(Some(subdomain), &format!("cannot read the live account: {e}"), None);
            return Ok(ExitCode::Remote);
        }
    };
    let calls = calls::calls(plan, &account);
    let live = account.live(calls::limits(plan));
    let options = Options { fill_missing: args.fill_missing };
    let set = changeset::plan_changes(subdomain, fingerprint, &calls, &live, Some(journal.state()), options);
    match args.format {
        ApplyFormat::Text => print_stdout(&format!("{header}\n{}", changeset::render_terminal(&set)))?,
        ApplyFormat::Json => {
            if args.account.is_none() {
                ui.info(&format!("warning: {header}"));
            }
            print_stdout(&changeset::render_json(&set))?;
        }
    }
    let conflicts = if set.summary.conflict > 0 { ExitCode::CheckFailed } else { ExitCode::Success };
    if args.dry_run {
        ui.info("dry run: nothing was written");
        return Ok(conflicts);
    }
    if set.is_noop() {
        // Adoptions and recoveries are still recorded, so that undo knows them.
        run::apply(&mut remote, journal, fingerprint, &set, &calls, &account, interrupted).await.ok();
        return Ok(conflicts);
    }
    let writes = set.summary.create + set.summary.update;
    if !args.yes {
        match confirm(&format!("Apply these {writes} changes to {subdomain}?")) {
            Some(true) => {}
            Some(false) => {
                ui.info("nothing was written");
                return Ok(ExitCode::Success);
            }
            None => {
                return Err(UsageError::new("there is no terminal to ask before writing")
                    .with_hint("check the change set with --dry-run, then run again with --yes")
                    .into());
            }
        }
    }
    match run::apply(&mut remote, journal, fingerprint, &set, &calls, &account, interrupted).await {
        Ok(r) => {
            ui.info(&format!(
                "{subdomain}: {} created, {} set, {} found after an earlier interrupted run, {} adopted",
                r.created.len(),
                r.updated.len(),
                r.recovered.len(),
                r.adopted.len()
            ));
            Ok(conflicts)
        }
        Err(e) => Ok(run_error(ui, subdomain, &e)),
    }
}

async fn run_undo(
    args: &ApplyArgs,
    ui: &Ui,
    client: &Client,
    journal: &mut Journal,
    interrupted: &dyn Fn() -> bool,
) -> Result<ExitCode> {
    let subdomain = journal.state().subdomain.clone();
    let mut remote = ZendeskRemote { client };
    let account = match remote.read(false).await {
        Ok(a) => a,
        Err(e) => {
            ui.print_error(Some(&subdomain), &format!("cannot read the live account: {e}"), None);
            return Ok(ExitCode::Remote);
        }
    };
    let steps = undo::plan_undo(journal.state(), |_, id| account.objects.iter().find(|o| o.id == id));
    let mut text = String::new();
    for s in &steps {
        let line = match &s.action {
            undo::UndoAction::Delete { id } => format!("  - delete {} (id {id})", s.key),
            undo::UndoAction::Keep { id, why } => format!("  ! keep   {} (id {id}): {why}", s.key),
            undo::UndoAction::Gone { id } => format!("  · gone   {} (id {id}): already deleted", s.key),
        };
        text.push_str(&crate::text::display::terminal_line(&line));
        text.push('\n');
    }
    let deletes = steps.iter().filter(|s| matches!(s.action, undo::UndoAction::Delete { .. })).count();
    text.push_str(&format!("{subdomain}: {deletes} to delete · {} kept\n", steps.len() - deletes));
    match args.format {
        ApplyFormat::Text => print_stdout(&text)?,
        ApplyFormat::Json => {
            let mut s = serde_json::to_string_pretty(
                &serde_json::json!({"format_version": 1, "subdomain": subdomain, "undo": steps}),
            )?;
            s.push('\n');
            print_stdout(&s)?;
        }
    }
    if args.dry_run || deletes == 0 {
        return Ok(ExitCode::Success);
    }
    if !args.yes {
        match confirm(&format!("Delete these {deletes} objects from {subdomain}?")) {
            Some(true) => {}
            Some(false) => return Ok(ExitCode::Success),
            None => {
                return Err(UsageError::new("there is no terminal to ask before deleting")
                    .with_hint("check with --undo --dry-run, then run again with --undo --yes")
                    .into());
            }
        }
    }
    match run::undo(&mut remote, journal, &steps, interrupted).await {
        Ok(r) => {
            ui.info(&format!("{subdomain}: {} deleted, {} kept (changed since)", r.deleted.len(), r.kept.len()));
            Ok(ExitCode::Success)
        }
        Err(e) => Ok(run_error(ui, &subdomain, &e)),
    }
}

fn run_error(ui: &Ui, subdomain: &str, e: &RunError) -> ExitCode {
    let (code, hint) = match e {
        RunError::Interrupted { .. } => (ExitCode::Interrupted, "run the same command again to continue"),
        RunError::Journal(_) => (ExitCode::Failure, "nothing more was sent; fix the plan directory and run again"),
        RunError::Unresolved { .. } => (ExitCode::Failure, "this is a bug in the plan's calls; please report it"),
        RunError::Refused { .. } | RunError::Ambiguous { .. } => {
            (ExitCode::Remote, "run the same command again: it looks up what was sent before creating anything")
        }
    };
    ui.print_error(Some(subdomain), &e.to_string(), Some(hint));
    code
}

/// Ask on the terminal: `Some(true)` only for `yes`; `None` without a terminal.
fn confirm(question: &str) -> Option<bool> {
    if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
        return None;
    }
    let mut err = std::io::stderr().lock();
    let _ = write!(err, "{question} Only 'yes' is accepted: ");
    let _ = err.flush();
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).ok()?;
    Some(line.trim() == "yes")
}

/// The change set's first line: which plan, and whether it was checked against its export.
fn header(plan_dir: &Path, account: Option<&Path>, fingerprint: &str) -> String {
    let short = fingerprint.get(..8).unwrap_or(fingerprint);
    match account {
        Some(a) => format!("plan {} (export {short}, checked: {} is that export)", plan_dir.display(), a.display()),
        None => format!(
            "plan {} (export {short}): staleness not checked; pass --account DIR to refuse a plan made from another or an older export",
            plan_dir.display()
        ),
    }
}

/// Read the plan directory through [`crate::plan::dir::load`], which refuses a missing,
/// hand-edited, mixed or other-format plan directory (file, line, what to do), and with
/// `--account` through [`crate::plan::dir::load_for_account`], which also refuses a plan made
/// from another or an older export. The plan's input fingerprint names the journal's plan and
/// goes into every marker.
fn read_plan(dir: &Path, account: Option<&Path>) -> Result<(Plan, String), PlanDirError> {
    let loaded = match account {
        Some(a) => crate::plan::dir::load_for_account(dir, a)?,
        None => crate::plan::dir::load(dir)?,
    };
    let fingerprint = loaded.fingerprint().to_owned();
    Ok((loaded.plan, fingerprint))
}
