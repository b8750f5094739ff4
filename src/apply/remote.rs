//! The remote side of a run, as the runner sees it: send a write, list a kind of object.
//! The Zendesk client implements it ([`super::live::ZendeskRemote`]); the unit tests use an
//! in-memory account.

use crate::plan::payload::Method;
use serde_json::Value;

use super::changeset::{Kind, LiveObject};

/// Why a request did not give an answer to use.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RemoteError {
    /// The server answered and did nothing (4xx, or rate limiting that outlasted the retries).
    #[error("{0}")]
    Refused(String),
    /// The request may have been carried out: timeout, 5xx, connection lost after sending.
    #[error("{0}")]
    Ambiguous(String),
}

/// The live account, as the runner needs it.
#[allow(async_fn_in_trait)]
pub trait Remote {
    /// Send one write; the answer's JSON on success.
    async fn send(&mut self, method: Method, path: &str, body: Option<&Value>) -> Result<Value, RemoteError>;
    /// Every live object of a kind (for looking up after an ambiguous write).
    async fn list(&mut self, kind: Kind) -> Result<Vec<LiveObject>, RemoteError>;
}
