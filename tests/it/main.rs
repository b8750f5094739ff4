//! The one integration-test binary (STYLE.md, after uv's `tests/it/`): one module per area.

// Test helpers may unwrap and print: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr, clippy::print_stdout)]

mod answer;
mod answer_pty;
mod apply;
mod bad_input;
mod batch;
mod check;
mod client;
mod common;
mod domain;
mod export;
mod fake_zendesk;
mod guide;
mod history;
mod hostile;
mod payload;
mod plan_cli;
mod plan_dir;
mod props;
mod readiness;
mod review;
mod robustness;
mod rules;
mod samples;
mod scan_site;
mod snapshots;
mod standin;
mod surprises;
mod triggers;
mod verify;
