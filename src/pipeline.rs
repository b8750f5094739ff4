//! One account from its directory to its outputs: load the export, scan the chat history,
//! make the plan, render the files. `migrate plan`, `batch`, `check`, the tests and the
//! benches all go through here, so they plan an account the same way.
//!
//! This is the one stage that reads files for a plan: [`crate::planner`] below it is pure.

use std::path::Path;

use anyhow::Result;

use crate::account::manifest::ResourceState;
use crate::account::{self, Account};
use crate::capacity::ConcurrentLimit;
use crate::error::InputError;
use crate::history::{self, HistoryOptions, HistoryReport};
use crate::plan::{Plan, PlanOptions, Window};
use crate::{planner, render};

/// Load and plan one account directory.
pub fn plan_account(dir: &Path, options: &PlanOptions) -> Result<Plan> {
    let account = account::load(dir)?;
    let report = scan_history(&account, options)?;
    Ok(planner::plan(&account, report.as_ref(), options))
}

/// Scan `chat/chats.jsonl` when the export has it. Fails only on a history file too damaged
/// to use.
pub fn scan_history(account: &Account, options: &PlanOptions) -> Result<Option<HistoryReport>, InputError> {
    let Some(path) = &account.chat.chats else {
        return Ok(None);
    };
    let hours_tz = account.chat.operating_hours.as_ref().map(|h| h.timezone.0.as_str());
    let (time_zone, time_zone_used) = history::resolve_time_zone(hours_tz, options.timezone.as_deref());
    let partial = account.manifest.resources.get(history::SOURCE).is_some_and(|r| r.status == ResourceState::Partial);
    history::scan(
        path,
        &HistoryOptions {
            window: Window::thirty_days_before(account.manifest.exported_at),
            max_bad_fraction: options.max_bad_history_fraction,
            time_zone,
            time_zone_used,
            launch_window_hours: options.launch_window_hours,
            limits: ConcurrentLimit::from_options(options.concurrent_limit),
            agents: planner::enabled_agents(account),
            partial,
            threads: None,
        },
    )
    .map(Some)
}

/// The three files of `--out`, in a fixed order.
pub fn outputs(plan: &Plan) -> [(&'static str, String); 3] {
    [
        ("plan.json", render::json::plan(plan)),
        ("messaging-config.json", render::json::messaging_config(plan)),
        ("setup-guide.md", render::markdown::render(plan)),
    ]
}
