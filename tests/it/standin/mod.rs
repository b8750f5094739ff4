//! A stateful Support API stand-in on a real local HTTP server (127.0.0.1, wiremock), for
//! the `migrate verify` tests and bench, and for `migrate apply` next.
//!
//! Three parts, so that apply adds writes without rewriting it:
//! - [`store`]: the account's Support objects in memory (schedules with intervals, groups,
//!   memberships, users, macros, triggers, trigger categories, ticket fields, account
//!   settings, support addresses, brands, help-centre articles), with ids and timestamps;
//! - [`router`]: the endpoints over the store, pure (GET lists with each one's real
//!   pagination and GET by id today; apply adds POST/PUT/DELETE in `router::write`);
//! - this module: the server, which checks the `Authorization` header, records every hit,
//!   enforces a rate limit (429 + `Retry-After` over a sliding second) and serves faults on
//!   demand (a status with or without `Retry-After`, a slow answer, a body cut short), and
//!   [`presets`], which fill the store from a plan in a named state (nothing done, all
//!   done, half done, drifted, duplicated).

#![allow(dead_code)]

mod gate;
pub(crate) mod presets;
pub(crate) mod router;
pub(crate) mod store;

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

pub(crate) use presets::State;
pub(crate) use store::Store;

/// A fault served instead of (or around) the normal answer.
#[derive(Clone, Debug)]
pub(crate) enum Fault {
    /// An error status, with an optional `Retry-After` value.
    Status(u16, Option<String>),
    /// The normal answer, late.
    Delay(Duration),
    /// The normal answer's body cut in half (invalid JSON).
    Truncated,
    /// The request is carried out (a write committed), then this status is answered: the
    /// answer to a write that did happen is lost.
    Committed(u16),
    /// The normal answer (to let some requests through before a fault).
    Pass,
}

/// One request the server saw.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub(crate) at: Instant,
    pub(crate) method: String,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) status: u16,
}

/// How the server behaves.
#[derive(Clone, Debug)]
pub(crate) struct Options {
    /// The `Authorization` header every request must carry.
    pub(crate) authorization: String,
    /// The largest page served (the real API's is 100; small pages make many requests).
    pub(crate) page_cap: usize,
    /// Requests per second answered; beyond it, 429 with `Retry-After: 1`.
    pub(crate) rate_per_sec: Option<usize>,
    /// Path prefixes answered 403 (not allowed on this plan or for this role).
    pub(crate) forbidden: Vec<String>,
}

impl Options {
    pub(crate) fn bearer(token: &str) -> Options {
        Options { authorization: format!("Bearer {token}"), page_cap: 100, rate_per_sec: None, forbidden: Vec::new() }
    }
}

struct Shared {
    store: Mutex<Store>,
    options: Mutex<Options>,
    faults: Mutex<Vec<(String, VecDeque<Fault>)>>,
    hits: Mutex<Vec<Hit>>,
    window: Mutex<VecDeque<Instant>>,
}

/// The running server.
pub(crate) struct StandIn {
    pub(crate) server: MockServer,
    shared: Arc<Shared>,
}

impl StandIn {
    pub(crate) async fn start(store: Store, options: Options) -> StandIn {
        let server = MockServer::start().await;
        let shared = Arc::new(Shared {
            store: Mutex::new(store),
            options: Mutex::new(options),
            faults: Mutex::new(Vec::new()),
            hits: Mutex::new(Vec::new()),
            window: Mutex::new(VecDeque::new()),
        });
        Mock::given(any()).respond_with(Responder(Arc::clone(&shared))).mount(&server).await;
        StandIn { server, shared }
    }

    pub(crate) fn uri(&self) -> String {
        self.server.uri()
    }

    /// Serve `faults`, in order, to the next requests whose path starts with `prefix`
    /// (`POST /api/v2/groups`: only the requests of that method).
    pub(crate) fn fault(&self, prefix: &str, faults: Vec<Fault>) {
        self.shared.faults.lock().unwrap().push((prefix.to_owned(), faults.into()));
    }

    pub(crate) fn hits(&self) -> Vec<Hit> {
        self.shared.hits.lock().unwrap().clone()
    }

    /// Look at or change the account while the server runs.
    pub(crate) fn with_store<R>(&self, f: impl FnOnce(&mut Store) -> R) -> R {
        f(&mut self.shared.store.lock().unwrap())
    }

    pub(crate) fn set_options(&self, f: impl FnOnce(&mut Options)) {
        f(&mut self.shared.options.lock().unwrap());
    }
}

struct Responder(Arc<Shared>);

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let (template, status) = self.answer(req);
        self.0.hits.lock().unwrap().push(Hit {
            at: Instant::now(),
            method: req.method.to_string(),
            path: req.url.path().to_owned(),
            query: req.url.query().unwrap_or("").to_owned(),
            status,
        });
        template
    }
}

impl Responder {
    fn answer(&self, req: &Request) -> (ResponseTemplate, u16) {
        let sh = &self.0;
        let opts = sh.options.lock().unwrap().clone();
        if let Some(refused) = gate::gate(req, &sh.window, opts.rate_per_sec, &opts.authorization) {
            return refused;
        }
        let path = req.url.path();
        if opts.forbidden.iter().any(|p| path.starts_with(p.as_str())) {
            let body = json!({"error": "Forbidden", "description": "You do not have access to this page"});
            return (ResponseTemplate::new(403).set_body_json(body), 403);
        }
        let fault = {
            let mut faults = sh.faults.lock().unwrap();
            faults
                .iter_mut()
                .find(|(p, q)| {
                    // `POST /api/v2/groups`: only that method's requests; `/api/v2/groups`: any.
                    let (method, prefix) = match p.split_once(' ') {
                        Some((m, rest)) => (Some(m), rest),
                        None => (None, p.as_str()),
                    };
                    method.is_none_or(|m| m == req.method.as_str()) && path.starts_with(prefix) && !q.is_empty()
                })
                .and_then(|(_, q)| q.pop_front())
        };
        if let Some(Fault::Status(code, retry_after)) = &fault {
            let mut t = ResponseTemplate::new(*code)
                .set_body_json(json!({"error": "fault", "description": format!("injected {code}")}));
            if let Some(ra) = retry_after {
                t = t.insert_header("Retry-After", ra.as_str());
            }
            return (t, *code);
        }
        let origin = req.url.origin().ascii_serialization();
        let query: Vec<(String, String)> =
            req.url.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
        let body: Option<Value> = serde_json::from_slice(&req.body).ok();
        let r = router::Req {
            method: req.method.as_str(),
            path: path.trim_end_matches(".json"),
            query,
            origin: &origin,
            body,
        };
        let (status, value) = router::route(&mut sh.store.lock().unwrap(), &r, opts.page_cap);
        let t = ResponseTemplate::new(status);
        match fault {
            Some(Fault::Delay(d)) => (t.set_body_json(value).set_delay(d), status),
            Some(Fault::Committed(code)) => (
                ResponseTemplate::new(code).set_body_json(
                    json!({"error": "fault", "description": format!("injected {code} after the write")}),
                ),
                code,
            ),
            Some(Fault::Truncated) => {
                let s = value.to_string();
                (t.set_body_raw(s[..s.len() / 2].to_owned(), "application/json"), status)
            }
            _ => (t.set_body_json(value), status),
        }
    }
}
