//! The HTTP client: one request (GET or a write) with authentication, pacing, retries and
//! narration.
//!
//! Everything above it (pagination, the account export, the commands that write) sees
//! either a parsed JSON body or a typed [`ApiError`] naming the method and path. Whether to
//! send a request again is decided by [`retry::decide`](super::retry::decide), a pure
//! function of the method and what happened, kept apart from this loop and table-tested: a
//! POST that timed out or got a 5xx is never sent again blindly (the server may have created
//! the object), it ends as [`ApiErrorKind::Ambiguous`] for the caller to look it up first.
//! The loop here sends, classifies what came back, waits and narrates, so that the policy is
//! the same for every endpoint and testable with a fake clock.
//!
//! The token goes into one `Authorization` header marked *sensitive*: hyper and h2 neither
//! log nor index it, and `Debug` of the request prints `Sensitive`. Error messages are
//! built from status codes and paths (which hold no credentials), and anything quoted from
//! a response body is scrubbed of the token first.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue, RETRY_AFTER};
use serde_json::Value;
use url::Url;

use super::auth::Auth;
use super::clock::Clock;
use super::pace::{Lane, Pacer, Rates};
use super::request::{ApiError, ApiErrorKind, Request, Response};
use super::retry::{self, Attempts, Decision, Outcome, RetryAfter, RetryPolicy, Wait, retry_after};
use crate::printer::Printer;
use crate::secret::{REDACTED, Secret};
use crate::text::secs;

/// How a client is set up.
#[derive(Clone, Debug)]
pub struct ClientOptions {
    /// The origin every request goes to; `next_page` links are followed on it only.
    pub base_url: Url,
    pub auth: Auth,
    pub rates: Rates,
    /// One request (headers and body) may take this long before it is retried.
    pub timeout: Duration,
    pub policy: RetryPolicy,
    /// Seed of the backoff jitter (tests make it deterministic).
    pub seed: Option<u64>,
}

/// What the client did, for the summary and the benchmark.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Stats {
    pub requests: u64,
    pub rate_limited: u64,
    pub retries: u64,
    /// Time spent waiting for a pacing slot, a `Retry-After` or a backoff.
    pub waited: Duration,
}

/// A paced, retrying JSON client for one account.
#[derive(Debug)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    auth_header: HeaderValue,
    /// The token in every form it could be quoted in (Secret: `Debug` of the client hides them).
    forbidden: Vec<Secret>,
    clock: Arc<dyn Clock>,
    pacer: Mutex<Pacer>,
    policy: RetryPolicy,
    timeout: Duration,
    rng: Mutex<fastrand::Rng>,
    printer: Printer,
    stats: Mutex<Stats>,
    /// When the current run of failed requests began (any request, any resource), and how
    /// many failed since: reset by any answer that is not a failure.
    outage: Mutex<Option<(std::time::Instant, u32)>>,
}

impl Client {
    pub fn new(opts: ClientOptions, clock: Arc<dyn Clock>, printer: Printer) -> anyhow::Result<Client> {
        let mut auth_header = HeaderValue::from_str(opts.auth.header_value().expose()).map_err(|_| {
            anyhow::anyhow!("the token holds characters an HTTP header cannot carry (a stray newline or quote?)")
        })?;
        auth_header.set_sensitive(true);
        // Every sink that writes for people scrubs these (crate::secret::scrub).
        for f in opts.auth.forbidden_strings() {
            crate::secret::register(&f);
        }
        // TLS is rustls on ring (Cargo.toml: no C library to build but ring's own). The
        // provider is the process's default; a second client finds it installed already.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let http = reqwest::Client::builder()
            .user_agent(concat!("migrate/", env!("CARGO_PKG_VERSION")))
            .timeout(opts.timeout)
            .connect_timeout(opts.timeout.min(Duration::from_secs(10)))
            // A redirect could carry the request elsewhere; the API never redirects.
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| anyhow::anyhow!("cannot set up the HTTP client: {e}"))?;
        let rng = opts.seed.map_or_else(fastrand::Rng::new, fastrand::Rng::with_seed);
        Ok(Client {
            http,
            base: opts.base_url,
            auth_header,
            forbidden: opts.auth.forbidden_strings().into_iter().map(Secret::new).collect(),
            clock,
            pacer: Mutex::new(Pacer::new(opts.rates)),
            policy: opts.policy,
            timeout: opts.timeout,
            rng: Mutex::new(rng),
            printer,
            stats: Mutex::new(Stats::default()),
            outage: Mutex::new(None),
        })
    }

    pub fn stats(&self) -> Stats {
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    /// Where narration goes (prefixed by the account).
    pub fn printer(&self) -> &Printer {
        &self.printer
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// An absolute URL on the base origin for an API path (`/api/v2/chat/agents?limit=100`).
    /// A path that is not one is a programming error, reported as the GET it usually is.
    pub fn url(&self, path_and_query: &str) -> Result<Url, ApiError> {
        self.base.join(path_and_query).map_err(|e| {
            ApiError::get(path_and_query, ApiErrorKind::Shape { message: format!("not a valid API path: {e}") })
        })
    }

    /// A `next_page`/`links.next` link from a response, on our base origin. The token is only
    /// ever sent to the configured origin: a link to another host keeps its path and query
    /// but is fetched from the base (staging hosts and tests answer with their own links;
    /// captures show production hosts there).
    pub fn follow(&self, from: &Url, link: &str) -> Result<Url, ApiError> {
        let abs = from.join(link).map_err(|e| {
            ApiError::get(
                path_of(from),
                ApiErrorKind::Shape { message: format!("the next page link is not a URL: {e}") },
            )
        })?;
        let mut u = self.base.clone();
        u.set_path(abs.path());
        u.set_query(abs.query());
        Ok(u)
    }

    /// Replace every credential in `text` by `[redacted]`.
    pub fn scrub(&self, text: &str) -> String {
        let mut s = crate::secret::scrub(text).into_owned();
        for f in &self.forbidden {
            s = s.replace(f.expose(), REDACTED);
        }
        s
    }

    fn bump(&self, f: impl FnOnce(&mut Stats)) {
        if let Ok(mut s) = self.stats.lock() {
            f(&mut s);
        }
    }

    fn backoff(&self, n: u32) -> Duration {
        match self.rng.lock() {
            Ok(mut rng) => self.policy.backoff(n, &mut rng),
            Err(_) => self.policy.backoff_base,
        }
    }

    /// Wait for the pacing slot of `lanes`; narrate the wait when it is long enough to notice.
    async fn wait_for_slot(&self, lanes: &[Lane], what: &str, narrated: bool) {
        let now = self.clock.now();
        let (slot, rates) = match self.pacer.lock() {
            Ok(mut p) => (p.reserve(now, lanes), p.rates()),
            Err(_) => return,
        };
        let wait = slot.at.saturating_duration_since(now);
        if wait.is_zero() {
            return;
        }
        if !narrated
            && wait >= Duration::from_secs(1)
            && let Some(l) = slot.waited_for
        {
            self.printer.info(&format!(
                "{what}: waiting {} for the {} limit ({}/min)",
                secs(wait),
                l.name(),
                rates.get(l)
            ));
        }
        self.bump(|s| s.waited += wait);
        self.clock.sleep(wait).await;
    }

    /// Hold `lanes` until `wait` from now: the next request waits at least that long.
    fn hold(&self, lanes: &[Lane], wait: Duration) {
        let until = self.clock.now() + wait;
        if let Ok(mut p) = self.pacer.lock() {
            p.hold(lanes, until);
        }
    }

    /// GET `url` and parse its JSON body, pacing on `lanes` and retrying what can be
    /// retried. `what` names the resource in narration.
    pub async fn get_json(&self, url: &Url, lanes: &[Lane], what: &str) -> Result<Value, ApiError> {
        self.send_json(&Request::get(url.clone(), lanes, what)).await
    }

    /// Send `req` and return its JSON body ([`Self::send`]).
    pub async fn send_json(&self, req: &Request<'_>) -> Result<Value, ApiError> {
        self.send(req).await.map(|r| r.body)
    }

    /// Send `req`, paced on its lanes, and send it again while [`retry::decide`] says so:
    /// every wait is narrated with its reason, and every failure counts against the outage
    /// budget. A 2xx is the answer; anything else ends as an [`ApiError`].
    pub async fn send(&self, req: &Request<'_>) -> Result<Response, ApiError> {
        let path = path_of(&req.url);
        let error = |kind| ApiError::new(req.method, path.clone(), kind);
        let mut attempts = Attempts::default();
        let mut narrated = false;
        loop {
            // After a retry the wait was already narrated with its reason.
            self.wait_for_slot(req.lanes, req.what, narrated).await;
            self.bump(|s| s.requests += 1);
            // A path may carry what the server put in a `next_page` link (a reflected token).
            tracing::debug!(path = %self.scrub(&path), "{}", req.method);
            let (outcome, got) = self.attempt(req).await;
            let decision = retry::decide(req.method, &outcome, attempts, &self.policy);
            let message = match got {
                Got::Body(body) => {
                    self.answered();
                    let status = match outcome {
                        Outcome::Answered { status, .. } => status,
                        Outcome::NotSent | Outcome::NoAnswer => 200,
                    };
                    return Ok(Response { status, body });
                }
                Got::TooLarge => return Err(error(ApiErrorKind::TooLarge { limit: MAX_BODY })),
                Got::Message(m) => m,
            };
            let outage = if outcome.is_failure() {
                attempts.failed += 1;
                self.failed(&message)
            } else {
                // The server is up and answering (a refusal, a 429): not part of an outage.
                self.answered();
                if outcome.is_rate_limited() {
                    attempts.rate_limited += 1;
                    self.bump(|s| s.rate_limited += 1);
                }
                None
            };
            match decision {
                Decision::Done | Decision::Refused => {
                    let status = match outcome {
                        Outcome::Answered { status, .. } => status,
                        Outcome::NotSent | Outcome::NoAnswer => 0,
                    };
                    return Err(error(match status {
                        401 => ApiErrorKind::Unauthorized,
                        403 => ApiErrorKind::Forbidden { detail: message },
                        status => ApiErrorKind::Status { status, detail: message },
                    }));
                }
                Decision::Ambiguous => return Err(error(ApiErrorKind::Ambiguous { message })),
                Decision::GiveUp | Decision::Retry { .. } => {}
            }
            if let Some(outage) = outage {
                return Err(error(outage));
            }
            let wait = match decision {
                Decision::Retry { wait } => wait,
                _ if outcome.is_rate_limited() => {
                    return Err(error(ApiErrorKind::RateLimited { waits: attempts.rate_limited - 1 }));
                }
                _ => return Err(error(ApiErrorKind::GaveUp { attempts: attempts.failed, message })),
            };
            let d = match wait {
                Wait::AsAsked { wait, .. } => wait,
                Wait::Backoff(n) => self.backoff(n),
            };
            match (&outcome, &wait) {
                (Outcome::Answered { retry_after, .. }, _) if outcome.is_rate_limited() => {
                    self.narrate_wait(retry_after, d, req.what, "rate limited (HTTP 429)");
                }
                (Outcome::Answered { retry_after, .. }, Wait::AsAsked { .. }) => {
                    self.narrate_wait(retry_after, d, req.what, &message);
                }
                _ => self.printer.info(&format!(
                    "{}: {message}; retrying in {} (attempt {} of {})",
                    req.what,
                    secs(d),
                    attempts.failed + 1,
                    self.policy.max_retries + 1
                )),
            }
            self.hold(req.lanes, d);
            self.bump(|s| s.retries += 1);
            narrated = true;
        }
    }

    /// Send `req` once and say what happened: the outcome the retry decision reads, and
    /// the body of a 2xx or the message that describes a failure (scrubbed).
    async fn attempt(&self, req: &Request<'_>) -> (Outcome, Got) {
        let mut builder = self
            .http
            .request(super::request::http(req.method), req.url.clone())
            .header(AUTHORIZATION, self.auth_header.clone())
            .header(ACCEPT, "application/json");
        if let Some(body) = &req.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body.to_string());
        }
        let resp = match builder.send().await {
            // No connection was made: not one byte of the request reached the server.
            Err(e) if e.is_connect() => return (Outcome::NotSent, Got::Message(self.transport_message(&e))),
            Err(e) => return (Outcome::NoAnswer, Got::Message(self.transport_message(&e))),
            Ok(resp) => resp,
        };
        let status = resp.status();
        let header = resp.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned);
        let retry_after = retry_after(header.as_deref(), self.clock.wall(), self.policy.retry_after_cap);
        let answered = Outcome::Answered { status: status.as_u16(), retry_after };
        if status.is_success() {
            let body = match read_capped(resp, MAX_BODY).await {
                Ok(Some(body)) => body,
                Ok(None) => return (answered, Got::TooLarge),
                Err(e) => return (Outcome::NoAnswer, Got::Message(self.transport_message(&e))),
            };
            if body.is_empty() && status == StatusCode::NO_CONTENT {
                return (answered, Got::Body(Value::Null));
            }
            match serde_json::from_slice::<Value>(&body) {
                Ok(v) => (answered, Got::Body(v)),
                Err(e) => (Outcome::NoAnswer, Got::Message(format!("the response is not complete JSON ({e})"))),
            }
        } else if status == StatusCode::TOO_MANY_REQUESTS {
            (answered, Got::Message("rate limited (HTTP 429)".to_owned()))
        } else if status.is_server_error() {
            let detail = self.detail(resp).await;
            (answered, Got::Message(format!("HTTP {}{detail}", status.as_u16())))
        } else {
            let detail = self.detail(resp).await;
            (answered, Got::Message(detail))
        }
    }

    /// An answer that is not a failure ends any outage.
    fn answered(&self) {
        if let Ok(mut o) = self.outage.lock() {
            *o = None;
        }
    }

    /// Count a failed request (5xx, timeout, broken body) against the outage budget: once
    /// failures in a row, across every request, have lasted `policy.outage_budget`, the
    /// account stops ("500 forever" ends in about that long, not after every resource has
    /// used all its retries). `Some` is that outage.
    fn failed(&self, message: &str) -> Option<ApiErrorKind> {
        let now = self.clock.now();
        let Ok(mut o) = self.outage.lock() else { return None };
        let (since, n) = o.get_or_insert((now, 0));
        *n += 1;
        let lasted = now.saturating_duration_since(*since);
        (lasted >= self.policy.outage_budget).then(|| ApiErrorKind::Outage {
            failures: *n,
            lasted,
            message: message.to_owned(),
        })
    }

    /// Say why a request waits `wait` after a 429 (or a 503 with `Retry-After`).
    fn narrate_wait(&self, ra: &RetryAfter, wait: Duration, what: &str, why: &str) {
        match ra {
            RetryAfter::Wait { capped_from, .. } => {
                let capped =
                    capped_from.map(|c| format!(" (the server asked for {}; capped)", secs(c))).unwrap_or_default();
                self.printer.info(&format!("{what}: {why}; waiting {} as Retry-After asks{capped}", secs(wait)));
            }
            RetryAfter::Missing => {
                self.printer.info(&format!("{what}: {why} without Retry-After; backing off {}", secs(wait)));
            }
            RetryAfter::Wrong(why_wrong) => {
                self.printer.info(&format!(
                    "{what}: {why}; Retry-After {}; backing off {}",
                    self.scrub(why_wrong),
                    secs(wait)
                ));
            }
        }
    }

    fn transport_message(&self, e: &reqwest::Error) -> String {
        let kind = if e.is_timeout() {
            format!("no complete answer within {}", secs(self.timeout))
        } else if e.is_connect() {
            "cannot connect".to_owned()
        } else if e.is_body() || e.is_decode() {
            "the response body was cut short".to_owned()
        } else {
            "the request failed".to_owned()
        };
        // The innermost cause says the most ("connection refused", "unexpected EOF").
        let mut cause: &dyn std::error::Error = e;
        while let Some(next) = cause.source() {
            cause = next;
        }
        let root = cause.to_string();
        if root.is_empty() || e.is_timeout() { kind } else { self.scrub(&format!("{kind} ({root})")) }
    }

    /// A short excerpt of an error response: Zendesk's `{"error", "description"}`, or
    /// the start of the text. Scrubbed.
    async fn detail(&self, resp: reqwest::Response) -> String {
        let reason = resp.status().canonical_reason().unwrap_or("").to_owned();
        let body = read_prefix(resp, MAX_ERROR_BODY).await;
        let text = match serde_json::from_slice::<Value>(&body) {
            Ok(v) => {
                let part = |k: &str| match v.get(k) {
                    Some(Value::String(s)) => Some(s.clone()),
                    Some(Value::Object(o)) => o.get("title").and_then(Value::as_str).map(str::to_owned),
                    _ => None,
                };
                [part("error"), part("description")].into_iter().flatten().collect::<Vec<_>>().join(": ")
            }
            Err(_) => String::from_utf8_lossy(&body).chars().take(120).collect::<String>(),
        };
        let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut s = String::new();
        if !reason.is_empty() {
            s.push(' ');
            s.push_str(&reason);
        }
        if !text.is_empty() {
            s.push_str(": ");
            s.push_str(&self.scrub(&text));
        }
        s
    }
}

/// What one attempt brought back besides its [`Outcome`].
enum Got {
    /// A 2xx's JSON body.
    Body(Value),
    /// A 2xx larger than [`MAX_BODY`].
    TooLarge,
    /// What describes a failure or a refusal: a transport error, `HTTP 500: …`, or the
    /// excerpt of a 4xx answer (` Forbidden: …`).
    Message(String),
}

/// The largest response body read: the largest file an account may hold
/// ([`crate::account::read::MAX_JSON_BYTES`], 64 MiB). A larger one is refused as it
/// streams in, never buffered whole.
pub const MAX_BODY: u64 = crate::account::read::MAX_JSON_BYTES;

/// How much of an error answer is read for its message.
const MAX_ERROR_BODY: u64 = 64 * 1024;

/// A body read chunk by chunk up to `limit` bytes; `Ok(None)` when it is larger (by its
/// `Content-Length`, or as it arrives).
async fn read_capped(mut resp: reqwest::Response, limit: u64) -> Result<Option<Vec<u8>>, reqwest::Error> {
    if resp.content_length().is_some_and(|n| n > limit) {
        return Ok(None);
    }
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await? {
        if (body.len() + chunk.len()) as u64 > limit {
            return Ok(None);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Some(body))
}

/// At most the first `limit` bytes of a body (an error answer, quoted in part).
async fn read_prefix(mut resp: reqwest::Response, limit: u64) -> Vec<u8> {
    let mut body = Vec::new();
    while let Ok(Some(chunk)) = resp.chunk().await {
        let room = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(body.len());
        body.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if body.len() as u64 >= limit {
            break;
        }
    }
    body
}

/// `/api/v2/chat/agents?limit=100`: what error messages name (never the host's credentials,
/// which are never in a URL anyway).
pub fn path_of(url: &Url) -> String {
    match url.query() {
        Some(q) => format!("{}?{q}", url.path()),
        None => url.path().to_owned(),
    }
}
