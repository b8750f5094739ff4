//! What one request is and how it can fail: the method, the target and body, the answer,
//! and [`ApiError`], which names the method and path of a failed request (never a
//! credential).

use std::time::Duration;

use serde_json::Value;
use url::Url;

use super::pace::Lane;
use crate::text::secs;

/// The HTTP method: the plan's type (a plan's calls, apply's journal and this client share it).
pub use crate::plan::payload::Method;

/// reqwest's name for a method.
pub(crate) fn http(m: Method) -> reqwest::Method {
    match m {
        Method::Get => reqwest::Method::GET,
        Method::Post => reqwest::Method::POST,
        Method::Put => reqwest::Method::PUT,
        Method::Delete => reqwest::Method::DELETE,
    }
}

/// One request: what to send, where, which rate limits it counts against, and what it is
/// called in narration.
#[derive(Clone, Debug)]
pub struct Request<'a> {
    pub method: Method,
    pub url: Url,
    /// A JSON body (writes), sent as `application/json`.
    pub body: Option<Value>,
    pub lanes: &'a [Lane],
    /// The resource, for narration (`support/groups.json`, `group "Sales"`).
    pub what: &'a str,
}

impl<'a> Request<'a> {
    pub fn get(url: Url, lanes: &'a [Lane], what: &'a str) -> Self {
        Request { method: Method::Get, url, body: None, lanes, what }
    }

    pub fn post(url: Url, body: Value, lanes: &'a [Lane], what: &'a str) -> Self {
        Request { method: Method::Post, url, body: Some(body), lanes, what }
    }

    pub fn put(url: Url, body: Value, lanes: &'a [Lane], what: &'a str) -> Self {
        Request { method: Method::Put, url, body: Some(body), lanes, what }
    }

    pub fn delete(url: Url, lanes: &'a [Lane], what: &'a str) -> Self {
        Request { method: Method::Delete, url, body: None, lanes, what }
    }
}

/// A successful answer: its status (200, 201, 204) and its JSON body (`null` when a 204
/// has none).
#[derive(Clone, Debug, PartialEq)]
pub struct Response {
    pub status: u16,
    pub body: Value,
}

/// Why a request failed for good: the method and path it was (never a credential: paths
/// hold none, and anything quoted from an answer is scrubbed) and what happened.
#[derive(Debug, thiserror::Error)]
#[error("{method} {path}: {kind}")]
pub struct ApiError {
    pub method: Method,
    /// Path and query (`/api/v2/chat/agents?limit=100`).
    pub path: String,
    pub kind: ApiErrorKind,
}

/// What went wrong with a request.
#[derive(Debug, thiserror::Error)]
pub enum ApiErrorKind {
    #[error("HTTP 401 Unauthorized: the credentials were refused")]
    Unauthorized,
    #[error("HTTP 403 Forbidden{detail}")]
    Forbidden { detail: String },
    #[error("HTTP {status}{detail}")]
    Status { status: u16, detail: String },
    #[error("{message} (gave up after {attempts} attempts)")]
    GaveUp { attempts: u32, message: String },
    #[error("still rate limited (HTTP 429) after {waits} waits")]
    RateLimited { waits: u32 },
    #[error("{message}")]
    Shape { message: String },
    #[error("the next page {next} was already fetched: the pagination loops")]
    Loop { next: String },
    /// A body larger than any real answer: read up to the cap, never buffered whole.
    #[error("the response is larger than {}, more than any real API answer", crate::text::human_bytes(*limit))]
    TooLarge { limit: u64 },
    /// The server failed every request for longer than the outage budget.
    #[error("the server has failed every request for {} ({failures} failures in a row: {message}); stopping", secs(*lasted))]
    Outage { failures: u32, lasted: Duration, message: String },
    /// A write that was sent and got no clear answer (a timeout, a 5xx, a body cut short):
    /// the server may have done it, so it is not sent again blindly.
    #[error("{message}; not sent again: the server may have done it")]
    Ambiguous { message: String },
}

impl ApiError {
    pub fn new(method: Method, path: impl Into<String>, kind: ApiErrorKind) -> Self {
        ApiError { method, path: path.into(), kind }
    }

    /// An error of a GET (pagination and the export only read).
    pub fn get(path: impl Into<String>, kind: ApiErrorKind) -> Self {
        ApiError::new(Method::Get, path, kind)
    }

    /// Errors that will recur on every request of the account: stop the account at once.
    pub fn is_fatal(&self) -> bool {
        matches!(self.kind, ApiErrorKind::Unauthorized | ApiErrorKind::TooLarge { .. } | ApiErrorKind::Outage { .. })
    }

    /// The HTTP status the server answered, when the error is one.
    pub fn status(&self) -> Option<u16> {
        match self.kind {
            ApiErrorKind::Unauthorized => Some(401),
            ApiErrorKind::Forbidden { .. } => Some(403),
            ApiErrorKind::Status { status, .. } => Some(status),
            _ => None,
        }
    }

    /// A short hint for the user, when there is something to do.
    pub fn hint(&self) -> Option<&'static str> {
        match self.kind {
            ApiErrorKind::Unauthorized => Some(
                "check the token: the Chat API needs a Chat OAuth token; Support API tokens do not authenticate Chat calls",
            ),
            ApiErrorKind::Loop { .. } => {
                Some("the server's next_page points back to a page already read; report it to Zendesk")
            }
            ApiErrorKind::TooLarge { .. } => {
                Some("check --base-url: this does not look like the Zendesk API; what was fetched is kept for --resume")
            }
            ApiErrorKind::Outage { .. } => {
                Some("the Zendesk API seems down; what was fetched is kept: rerun the same command with --resume later")
            }
            ApiErrorKind::Ambiguous { .. } => {
                Some("look the object up before sending it again: the server may have created or changed it")
            }
            _ => None,
        }
    }
}
