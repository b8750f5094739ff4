//! `migrate export`: one account fetched from the Zendesk APIs into the layout of
//! export-format.md.
//!
//! [`account`] exports one account, resource by resource, through [`staging`], which keeps
//! two exports from ever mixing and lets `--resume` continue from the last complete page;
//! [`settings`] resolves the command's own flags (`--since`, `--resume`, `--no-chats`,
//! `--subdomains`) around the connection every remote command shares. Requests go through
//! [`crate::zendesk`].

pub mod account;
pub mod settings;
pub mod staging;

pub use account::{ExportError, ExportReport, Job, export_account};
