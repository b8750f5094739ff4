//! Fetching an account from the Zendesk APIs (`migrate export`).
//!
//! [`client`] does one paced, retried GET; [`pages`] knows each endpoint's pagination;
//! [`export`] exports one account into the layout of export-format.md through
//! [`staging`], which keeps two exports from ever mixing. Time goes through [`clock`] so
//! that tests do not sleep, and narration through [`narration`]; the command's settings (flags, environment, config file) are resolved in [`settings`].

pub mod client;
pub mod clock;
pub mod export;
pub mod narration;
pub mod pace;
pub mod pages;
pub mod retry;
pub mod settings;
pub mod staging;

pub use client::{Client, ClientOptions, FetchError, Stats};
pub use clock::{Clock, FakeClock, RealClock};
pub use export::{ExportError, ExportReport, Job, export_account};
pub use narration::Narrator;
