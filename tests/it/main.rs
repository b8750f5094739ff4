//! The one integration-test binary: each module tests one capability end to end.

mod bad_input;
mod common;
mod plan_cli;
mod samples;
