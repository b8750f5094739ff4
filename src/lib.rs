//! `migrate`: plan the move of a Zendesk Chat account to Zendesk messaging.
//!
//! The data flows one way: [`export`] reads an exported account into a typed model,
//! [`classify`] decides its segment, [`translate`] turns every setting into its messaging
//! counterpart, [`steps`] writes the setup steps that remain, [`planner`] puts them into a
//! [`plan::Plan`], and [`render`] prints it. [`cmd`] is the only layer that knows about the
//! terminal, files and exit codes.

pub mod account;
pub mod batch;
pub mod check;
pub mod capacity;
pub mod classify;
pub mod cli;
pub mod cmd;
pub mod error;
pub mod findings;
pub mod exit_codes;
pub mod fetch;
// `gen` is a reserved word since the 2024 edition.
pub mod r#gen;
pub mod history;
pub mod output;
pub mod plan;
pub mod pipeline;
pub mod planner;
pub mod readiness;
pub mod progress;
pub mod refs;
pub mod render;
pub mod secret;
pub mod steps;
pub mod text;
pub mod timeline;
pub mod translate;
