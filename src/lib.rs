//! `migrate`: plan the move of a Zendesk Chat account to Zendesk messaging.
//!
//! The modules form one stack; each imports only modules below it (check with
//! `grep -rn "use crate::" src`, and `../shared/tools/module-cycles src` finds any circle):
//!
//! ```text
//! main.rs → cmd/<verb>      settings from the raw arguments of cli → run → exit code
//!         → batch, check, gen, answer   library code for many accounts, fixtures, generated
//!                           accounts and answers; they return results (an ExitCode value
//!                           where a batch merges them), they print no error
//!         → scan            `migrate scan-site`: walk a site's code, parse it, answer each widget API use
//!                           (helpers only; the plan reads its stored file through account/;
//!                           its rules table is translate/widget_api, which the plan's widget
//!                           translation answers hand-typed calls from)
//!         → apply/          `migrate apply`: the live account read through zendesk/ (verify's
//!                           list table), the change set (pure; reconcile's verdicts), the
//!                           journal (apply-state.json, fsynced before and after each write,
//!                           the plan directory locked), markers, the runner and undo (pure
//!                           decision); → verify, reconcile, plan/, zendesk/, interrupt
//!         → verify/         `migrate verify`: the Support lists a plan needs, read GET-only
//!                           through zendesk/, checked item by item and step by step through
//!                           reconcile (pure), rendered as text, markdown or JSON; → render
//!                           (the plan's prose), plan/
//!         → reconcile/      pure: which live Support object stands for a plan item (by
//!                           normalised name, duplicates found) and how it differs; verify and
//!                           apply share it; → plan/, account/ (ids)
//!         → export/         `migrate export`: one account fetched into the layout account/
//!                           reads (its settings, staging, resume); → account/, plan/ (the
//!                           30-day window), zendesk/
//!         → zendesk/        the connection every remote command shares: profiles and
//!                           credentials resolved into a Connection (paced at a plan's
//!                           Support plan when no flag says otherwise; → account/ for the
//!                           tier), one client (GET and writes) with pacing, a pure retry
//!                           decision, a clock, narration
//!         → cli             clap's raw argument types (ConnectionArgs once, flattened into each
//!                           remote command): read by cmd/ and the resolvers of export/ and
//!                           zendesk/; imports only leaf types below (plan, timeline, exit_codes)
//!         → pipeline        plan_account(dir, &PlanOptions) → Plan; outputs(&Plan)
//!         → planner         pure: &Account + Option<&HistoryReport> + &PlanOptions → Plan
//!         → classify · translate/ · readiness · steps · timeline · history/ · capacity
//!           (the deciding stages; translate and readiness write into findings)
//!         → render          text, markdown, JSON of a Plan: reads plan/ only
//!         → plan/           the Plan type and everything it holds (options, window, history
//!                           summary, the typed payloads and API calls, step ids): the leaf
//!                           every output renders; plan::dir reads a plan directory back
//!                           (for verify and apply), checked against its export's fingerprint
//!         → account/        reading an exported account directory into a typed model
//!         → text/, output, error, exit_codes, refs, secret, printer, interrupt, progress
//!                           (helpers: printer is the one way to stdout and stderr, interrupt
//!                           the one Ctrl-C handler)
//! ```
//!
//! `cli` holds clap's raw arguments only, with one exception: `plan::ActivationPath` derives
//! `clap::ValueEnum` in `plan/options.rs` so that `--activation` parses straight into it. The
//! commands and the resolvers (`export::settings`, `zendesk::connection`) turn the raw
//! arguments into settings.

// The command line and the commands.
pub mod cli;
pub mod cmd;

// The answers no API gives (D-5), asked or scripted (its questions are in cmd/answer).
pub(crate) mod answer;

// Many accounts, fixtures, generated accounts.
pub mod batch;
pub mod check;
// `gen` is a reserved word since the 2024 edition.
pub mod r#gen;
pub(crate) mod scan;

// One account, from its directory to its outputs.
pub mod pipeline;
pub mod planner;
pub mod render;

// The deciding stages.
pub mod capacity;
pub(crate) mod classify;
pub(crate) mod findings;
pub mod history;
pub(crate) mod readiness;
pub(crate) mod steps;
pub mod timeline;
pub mod translate;

// The plan (what every output renders) and the account (what every stage reads).
pub mod account;
pub mod plan;

// Which live Support object stands for a plan item, and how it differs (verify, apply).
pub mod reconcile;

// `migrate verify`: the live account against the plan.
pub mod verify;

// `migrate export`, and the connection every remote command shares.
pub mod export;
pub mod zendesk;

// `migrate apply`: change set, journal, markers, runner, undo.
pub mod apply;

// Helpers that import nothing above them.
pub mod error;
pub mod exit_codes;
pub mod interrupt;
pub(crate) mod output;
pub mod printer;
pub mod progress;
pub(crate) mod refs;
pub mod secret;
pub mod text;
