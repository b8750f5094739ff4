//! The HTTP client: one GET with authentication, pacing, retries and narration.
//!
//! Everything above it (pagination, the account export) sees either a parsed JSON body or
//! a typed [`FetchError`]; every wait, retry and give-up is decided here, in one loop, so
//! that the policy is the same for every endpoint and testable with a fake clock.
//!
//! The token goes into one `Authorization` header marked *sensitive*: hyper and h2 neither
//! log nor index it, and `Debug` of the request prints `Sensitive`. Error messages are
//! built from status codes and paths (which hold no credentials), and anything quoted from
//! a response body is scrubbed of the token first.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ACCEPT, AUTHORIZATION, HeaderValue, RETRY_AFTER};
use serde_json::Value;
use url::Url;

use super::clock::Clock;
use super::narration::Narrator;
use super::pace::{Lane, Pacer, Rates};
use super::retry::{RetryAfter, RetryPolicy, retry_after};
use crate::fetch::settings::Auth;
use crate::secret::{REDACTED, Secret};

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

/// Why a request failed for good.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    #[error("GET {path}: HTTP 401 Unauthorized: the credentials were refused")]
    Unauthorized { path: String },
    #[error("GET {path}: HTTP 403 Forbidden{detail}")]
    Forbidden { path: String, detail: String },
    #[error("GET {path}: HTTP {status}{detail}")]
    Status { path: String, status: u16, detail: String },
    #[error("GET {path}: {message} (gave up after {attempts} attempts)")]
    GaveUp { path: String, attempts: u32, message: String },
    #[error("GET {path}: still rate limited (HTTP 429) after {waits} waits")]
    RateLimited { path: String, waits: u32 },
    #[error("GET {path}: {message}")]
    Shape { path: String, message: String },
    #[error("GET {path}: the next page {next} was already fetched: the pagination loops")]
    Loop { path: String, next: String },
    /// A body larger than any real answer: read up to the cap, never buffered whole.
    #[error("GET {path}: the response is larger than {}, more than any real API answer", crate::text::human_bytes(*limit))]
    TooLarge { path: String, limit: u64 },
    /// The server failed every request for longer than the outage budget.
    #[error("GET {path}: the server has failed every request for {} ({failures} failures in a row: {message}); stopping", secs(*lasted))]
    Outage { path: String, failures: u32, lasted: Duration, message: String },
}

impl FetchError {
    /// Errors that will recur on every request of the account: stop the account at once.
    pub fn is_fatal(&self) -> bool {
        matches!(self, FetchError::Unauthorized { .. } | FetchError::TooLarge { .. } | FetchError::Outage { .. })
    }

    /// A short hint for the user, when there is something to do.
    pub fn hint(&self) -> Option<&'static str> {
        match self {
            FetchError::Unauthorized { .. } => Some(
                "check the token: the Chat API needs a Chat OAuth token; Support API tokens do not authenticate Chat calls",
            ),
            FetchError::Loop { .. } => {
                Some("the server's next_page points back to a page already read; report it to Zendesk")
            }
            FetchError::TooLarge { .. } => {
                Some("check --base-url: this does not look like the Zendesk API; what was fetched is kept for --resume")
            }
            FetchError::Outage { .. } => {
                Some("the Zendesk API seems down; what was fetched is kept: rerun the same command with --resume later")
            }
            _ => None,
        }
    }
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
    progress: Narrator,
    stats: Mutex<Stats>,
    /// When the current run of failed requests began (any request, any resource), and how
    /// many failed since: reset by any answer that is not a failure.
    outage: Mutex<Option<(std::time::Instant, u32)>>,
}

impl Client {
    pub fn new(opts: ClientOptions, clock: Arc<dyn Clock>, progress: Narrator) -> anyhow::Result<Client> {
        let mut auth_header = HeaderValue::from_str(opts.auth.header_value().expose()).map_err(|_| {
            anyhow::anyhow!("the token holds characters an HTTP header cannot carry (a stray newline or quote?)")
        })?;
        auth_header.set_sensitive(true);
        // Every sink that writes for people scrubs these (crate::secret::scrub).
        for f in opts.auth.forbidden_strings() {
            crate::secret::register(&f);
        }
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
            progress,
            stats: Mutex::new(Stats::default()),
            outage: Mutex::new(None),
        })
    }

    pub fn stats(&self) -> Stats {
        self.stats.lock().map(|s| *s).unwrap_or_default()
    }

    pub fn progress(&self) -> &Narrator {
        &self.progress
    }

    pub fn clock(&self) -> &Arc<dyn Clock> {
        &self.clock
    }

    /// An absolute URL on the base origin for an API path (`/api/v2/chat/agents?limit=100`).
    pub fn url(&self, path_and_query: &str) -> Result<Url, FetchError> {
        self.base.join(path_and_query).map_err(|e| FetchError::Shape {
            path: path_and_query.to_owned(),
            message: format!("not a valid API path: {e}"),
        })
    }

    /// A `next_page`/`links.next` link from a response, on our base origin. The token is only
    /// ever sent to the configured origin: a link to another host keeps its path and query
    /// but is fetched from the base (staging hosts and tests answer with their own links;
    /// captures show production hosts there).
    pub fn follow(&self, from: &Url, link: &str) -> Result<Url, FetchError> {
        let abs = from.join(link).map_err(|e| FetchError::Shape {
            path: path_of(from),
            message: format!("the next page link is not a URL: {e}"),
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
            self.progress.say(&format!(
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
    pub async fn get_json(&self, url: &Url, lanes: &[Lane], what: &str) -> Result<Value, FetchError> {
        let path = path_of(url);
        let mut failures = 0u32;
        let mut limited = 0u32;
        let mut narrated = false;
        loop {
            // After a retry the wait was already narrated with its reason.
            self.wait_for_slot(lanes, what, narrated).await;
            self.bump(|s| s.requests += 1);
            // A path may carry what the server put in a `next_page` link (a reflected token).
            tracing::debug!(path = %self.scrub(&path), "GET");
            let sent = self
                .http
                .get(url.clone())
                .header(AUTHORIZATION, self.auth_header.clone())
                .header(ACCEPT, "application/json")
                .send()
                .await;
            // Either a retryable problem (with the wait the server asked for, if any) or an outcome.
            let problem: (String, Option<RetryAfter>) = match sent {
                Err(e) => (self.transport_message(&e), None),
                Ok(resp) => {
                    let status = resp.status();
                    let header = resp.headers().get(RETRY_AFTER).and_then(|v| v.to_str().ok()).map(str::to_owned);
                    if status.is_success() {
                        match read_capped(resp, MAX_BODY).await {
                            Ok(Some(body)) => match serde_json::from_slice::<Value>(&body) {
                                Ok(v) => {
                                    self.answered();
                                    return Ok(v);
                                }
                                Err(e) => (format!("the response is not complete JSON ({e})"), None),
                            },
                            Ok(None) => return Err(FetchError::TooLarge { path, limit: MAX_BODY }),
                            Err(e) => (self.transport_message(&e), None),
                        }
                    } else if status == StatusCode::TOO_MANY_REQUESTS {
                        // The server is up and answering: not part of an outage.
                        self.answered();
                        limited += 1;
                        self.bump(|s| s.rate_limited += 1);
                        if limited > self.policy.max_rate_limited {
                            return Err(FetchError::RateLimited { path, waits: limited - 1 });
                        }
                        let ra = retry_after(header.as_deref(), self.clock.wall(), self.policy.retry_after_cap);
                        let wait = self.rate_limit_wait(&ra, limited, what, "rate limited (HTTP 429)");
                        self.hold(lanes, wait);
                        self.bump(|s| s.retries += 1);
                        narrated = true;
                        continue;
                    } else if status.is_server_error() {
                        let detail = self.detail(resp).await;
                        let ra = (status == StatusCode::SERVICE_UNAVAILABLE)
                            .then(|| retry_after(header.as_deref(), self.clock.wall(), self.policy.retry_after_cap));
                        (format!("HTTP {}{detail}", status.as_u16()), ra)
                    } else {
                        self.answered();
                        let detail = self.detail(resp).await;
                        return Err(match status {
                            StatusCode::UNAUTHORIZED => FetchError::Unauthorized { path },
                            StatusCode::FORBIDDEN => FetchError::Forbidden { path, detail },
                            s => FetchError::Status { path, status: s.as_u16(), detail },
                        });
                    }
                }
            };
            let (message, ra) = problem;
            failures += 1;
            self.failed(&path, &message)?;
            if failures > self.policy.max_retries {
                return Err(FetchError::GaveUp { path, attempts: failures, message });
            }
            let wait = match ra {
                Some(ra @ RetryAfter::Wait { .. }) => self.rate_limit_wait(&ra, failures, what, &message),
                _ => {
                    let wait = self.backoff(failures);
                    self.progress.say(&format!(
                        "{what}: {message}; retrying in {} (attempt {} of {})",
                        secs(wait),
                        failures + 1,
                        self.policy.max_retries + 1
                    ));
                    wait
                }
            };
            self.hold(lanes, wait);
            self.bump(|s| s.retries += 1);
            narrated = true;
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
    /// used all its retries).
    fn failed(&self, path: &str, message: &str) -> Result<(), FetchError> {
        let now = self.clock.now();
        let Ok(mut o) = self.outage.lock() else { return Ok(()) };
        let (since, n) = o.get_or_insert((now, 0));
        *n += 1;
        let lasted = now.saturating_duration_since(*since);
        if lasted >= self.policy.outage_budget {
            return Err(FetchError::Outage {
                path: path.to_owned(),
                failures: *n,
                lasted,
                message: message.to_owned(),
            });
        }
        Ok(())
    }

    /// How long to wait after a 429 (or a 503 with `Retry-After`), said on stderr.
    fn rate_limit_wait(&self, ra: &RetryAfter, n: u32, what: &str, why: &str) -> Duration {
        match ra {
            RetryAfter::Wait { wait, capped_from } => {
                let capped =
                    capped_from.map(|c| format!(" (the server asked for {}; capped)", secs(c))).unwrap_or_default();
                self.progress.say(&format!("{what}: {why}; waiting {} as Retry-After asks{capped}", secs(*wait)));
                *wait
            }
            RetryAfter::Missing => {
                let wait = self.backoff(n);
                self.progress.say(&format!("{what}: {why} without Retry-After; backing off {}", secs(wait)));
                wait
            }
            RetryAfter::Wrong(why_wrong) => {
                let wait = self.backoff(n);
                self.progress.say(&format!(
                    "{what}: {why}; Retry-After {}; backing off {}",
                    self.scrub(why_wrong),
                    secs(wait)
                ));
                wait
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

/// `0.3s`, `7s`, `2m05s`.
pub fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s < 120.0 && d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else if s < 60.0 {
        format!("{s:.1}s")
    } else if s < 120.0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{}m{:02}s", d.as_secs() / 60, d.as_secs() % 60)
    }
}
