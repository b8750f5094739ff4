//! The one integration-test binary: each module tests one capability end to end.

// Test helpers may unwrap and print: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stderr, clippy::print_stdout)]

mod bad_input;
mod common;
mod plan_cli;
mod readiness;
mod rules;
mod samples;
