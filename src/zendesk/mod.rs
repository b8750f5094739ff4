//! The connection to a Zendesk account that every remote command shares (`migrate export`
//! today; the commands that read or write a live account next): who we are and where the
//! account is, and one client that paces, retries and narrates every request the same way.
//!
//! [`connection`] resolves the flags of [`crate::cli::ConnectionArgs`], the environment and
//! the config file's [`profile`] into a [`Connection`] (subdomain, origin, [`auth`], rates,
//! timeout). [`client`] sends one paced request, GET or a write, and [`retry`] decides, as a
//! pure function of the method and what happened, whether to send it again; [`pace`] keeps
//! under each API family's limit; [`pages`] knows each endpoint's pagination. Time goes
//! through [`clock`] so that tests do not sleep; narration goes through the
//! [`crate::printer::Printer`] the client is given, one line per event, prefixed by the
//! account.
//!
//! Nothing here knows about an export's files: `export/` is one user of this module.

pub mod auth;
pub mod client;
pub mod clock;
pub mod connection;
pub mod pace;
pub mod pages;
pub mod profile;
pub mod request;
pub mod retry;

pub use auth::Auth;
pub use client::{Client, ClientOptions, Stats};
pub use clock::{Clock, FakeClock, RealClock};
pub use connection::Connection;
pub use request::{ApiError, ApiErrorKind, Method, Request, Response};
