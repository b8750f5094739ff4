//! A fake Zendesk on a real local HTTP server (wiremock), for the export tests and the
//! export benchmark (`benches/export.rs` includes this file).
//!
//! It serves the documented shapes (chat-api.md §3, §4, §6) with each endpoint's real
//! pagination: `since_id` for agents and bans, unpaginated arrays, `{"data":{}}` routing
//! settings, the incremental chat export with `next_page` and `count`, Support cursor
//! pagination (`page[size]`, `meta.has_more`, `links.next`) and offset pagination
//! (`next_page`) for groups. It checks the `Authorization` header, can enforce a rate limit
//! (a sliding one-second window answering 429 beyond it), and injects faults per path:
//! statuses with or without `Retry-After`, slow answers, bodies cut short, and a
//! `next_page` that points back to itself. A POST that creates a group is answered 201 with
//! the group and a new id (faults apply to writes too).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::print_stderr)]

// The same file as `standin::gate`: each server includes it so that a bench can take one
// server alone (benches/export.rs includes only this file).
#[allow(clippy::duplicate_mod)]
#[path = "standin/gate.rs"]
mod gate;

use std::collections::VecDeque;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde_json::{Value, json};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate, matchers::any};

/// What the fake account holds.
#[derive(Clone, Debug, Default)]
pub(crate) struct Account {
    pub account: Value,
    pub agents: Vec<Value>,
    pub departments: Value,
    pub triggers: Value,
    pub shortcuts: Value,
    pub bans_visitor: Vec<Value>,
    pub bans_ip: Vec<Value>,
    pub goals: Value,
    pub skills: Value,
    pub roles: Value,
    /// The object inside `{"data": …}`.
    pub routing: Value,
    pub oauth_clients: Value,
    pub chats: Vec<Value>,
    pub brands: Vec<Value>,
    pub groups: Vec<Value>,
    pub schedules: Vec<Value>,
    pub users: Vec<Value>,
    pub chat_tickets: u64,
    pub tickets: u64,
    /// `GET /api/v2/account/settings` (`{"settings": …}`); null answers 404.
    pub account_settings: Value,
    pub recipient_addresses: Vec<Value>,
    /// Help-centre articles; `None` answers 404 (no help centre).
    pub articles: Option<Vec<Value>>,
}

fn read(dir: &Path, rel: &str) -> Value {
    let text = std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn as_vec(v: Value) -> Vec<Value> {
    match v {
        Value::Array(a) => a,
        other => vec![other],
    }
}

impl Account {
    /// The real captures (`airbyte-chat/`, `zenpy-support/`, zenpy's chat), served as the API
    /// returns them, plus OAuth clients with a secret that must be redacted.
    pub(crate) fn from_samples(dir: &Path) -> Account {
        // The Support captures of issue 14 (account settings, recipient addresses) are in
        // `real/` beside `samples/`.
        let real = dir.join("../real");
        assert!(
            std::env::var_os("CI").is_none() || real.join("SOURCES.md").is_file(),
            "CI is set but the real captures are missing at {}",
            real.display()
        );
        let bans = read(dir, "airbyte-chat/bans.json");
        let routing = read(dir, "airbyte-chat/routing_settings_account.json");
        let page = read(dir, "airbyte-chat/incremental_chats_page.json");
        let mut chats = as_vec(page["chats"].clone());
        chats.push(read(dir, "zenpy-chat/chat.json"));
        chats.push(read(dir, "zenpy-chat/offline_message.json"));
        Account {
            account: read(dir, "airbyte-chat/account.json"),
            agents: as_vec(read(dir, "airbyte-chat/agents.json")),
            departments: read(dir, "airbyte-chat/departments.json"),
            triggers: read(dir, "airbyte-chat/triggers.json"),
            shortcuts: read(dir, "airbyte-chat/shortcuts.json"),
            bans_visitor: as_vec(bans["visitor"].clone()),
            bans_ip: as_vec(bans["ip_address"].clone()),
            goals: read(dir, "airbyte-chat/goals.json"),
            skills: read(dir, "airbyte-chat/skills.json"),
            roles: read(dir, "airbyte-chat/roles.json"),
            routing: routing["data"].clone(),
            oauth_clients: oauth_clients(),
            chats,
            brands: as_vec(read(dir, "zenpy-support/brand.json")),
            groups: as_vec(read(dir, "zenpy-support/group.json")),
            schedules: as_vec(read(dir, "zenpy-support/schedule.json")),
            users: vec![json!({"id": 1, "name": "Admin", "email": "admin@example.com", "role": "admin"})],
            chat_tickets: 4812,
            tickets: 9120,
            account_settings: read(&real, "salto-zendesk-adapter/account_settings.json"),
            recipient_addresses: as_vec(
                read(&real, "zenpy-betamax/recipient_addresses.json")["recipient_addresses"].clone(),
            ),
            articles: Some(articles()),
        }
    }

    /// A made-up account of a given size, for fault tests and the benchmark.
    pub(crate) fn synthetic(agents: usize, bans: usize, chats: usize, users: usize) -> Account {
        let agents = (0..agents)
            .map(|i| json!({"id": 1000 + i, "email": format!("agent{i}@example.com"), "display_name": format!("Agent {i}"), "enabled": true, "role_id": 1, "departments": [1], "enabled_departments": [1], "skills": []}))
            .collect();
        let bans_visitor = (0..bans)
            .map(|i| json!({"id": 5_000_000 + i, "type": "visitor", "visitor_id": format!("v.{i}"), "visitor_name": format!("Visitor {i}"), "reason": "spam", "created_at": "2026-01-01T00:00:00Z"}))
            .collect();
        let bans_ip = (0..bans / 2)
            .map(|i| json!({"id": 70 + i, "type": "ip_address", "ip_address": format!("10.0.0.{}", i % 250), "reason": "spam", "created_at": "2026-01-01T00:00:00Z"}))
            .collect();
        let chats = (0..chats)
            .map(|i| json!({"id": format!("2610.1.chat{i:06}"), "type": "chat", "timestamp": "2026-10-20T10:00:00Z", "update_timestamp": "2026-10-20T10:05:00Z", "zendesk_ticket_id": if i % 2 == 0 { json!(100 + i) } else { Value::Null }, "deleted": false}))
            .collect();
        let users = (0..users)
            .map(|i| json!({"id": 9000 + i, "name": format!("User {i}"), "email": format!("user{i}@example.com"), "role": "agent"}))
            .collect();
        Account {
            account: json!({"account_key": "key", "status": "active", "create_date": "2020-01-01T00:00:00Z", "plan": {"name": "enterprise", "max_agents": 50, "operating_hours": true}}),
            agents,
            departments: json!([{"id": 1, "name": "Sales", "enabled": true, "members": [1000], "settings": {"support_group_id": 77}}]),
            triggers: json!([{"name": "First Reply", "enabled": 1, "definition": {"event": "chat_message", "condition": ["and", ["eq", "@visitor_served", false]], "actions": [["sendMessageToVisitor", "Bot", "Hi"]]}}]),
            shortcuts: json!([{"id": "help", "name": "help", "message": "How can I help?", "options": "", "tags": [], "scope": "all"}]),
            bans_visitor,
            bans_ip,
            goals: json!([]),
            skills: json!([{"id": 1, "name": "English", "enabled": true, "members": [1000]}]),
            roles: json!([{"id": 1, "name": "Agent", "enabled": true, "members_count": 1, "permissions": {}}]),
            routing: json!({"routing_mode": "assigned", "chat_limit": {"enabled": false, "limit": 3, "limit_type": "account", "allow_agent_override": false}, "skill_routing": {"enabled": false, "max_wait_time": 30}, "reassignment": {"enabled": true, "timeout": 30}, "auto_idle": {"enabled": false, "reassignments_before_idle": 3, "new_status": "away"}, "auto_accept": {"enabled": false}}),
            oauth_clients: oauth_clients(),
            chats,
            brands: vec![
                json!({"id": 47, "name": "Brand 1", "active": true, "default": true, "has_help_center": true, "help_center_state": "enabled"}),
            ],
            groups: vec![json!({"id": 77, "name": "Support", "deleted": false})],
            schedules: vec![
                json!({"id": 1, "name": "Business Hours", "time_zone": "Central Time (US & Canada)", "intervals": [{"start_time": 1980, "end_time": 2460}]}),
            ],
            users,
            chat_tickets: 12,
            tickets: 40,
            account_settings: json!({"settings": {"agents": {"agent_workspace": true}, "chat": {"enabled": true, "integrated": true, "available": true}, "active_features": {"chat": true, "business_hours": true, "voice": false}}}),
            recipient_addresses: vec![
                json!({"id": 1, "brand_id": 47, "default": true, "email": "support@acme.example", "forwarding_status": "verified"}),
            ],
            articles: Some(articles()),
        }
    }
}

/// Help-centre articles: 12 public ones, a draft, and one only signed-in users see.
pub(crate) fn articles() -> Vec<Value> {
    let mut v: Vec<Value> = (0..12)
        .map(|i| json!({"id": 100 + i, "title": format!("Article {i}"), "draft": false, "user_segment_id": null, "body": "<p>…</p>"}))
        .collect();
    v.push(json!({"id": 200, "title": "Draft", "draft": true, "user_segment_id": null}));
    v.push(json!({"id": 201, "title": "Agents only", "draft": false, "user_segment_id": 7}));
    v
}

pub(crate) const CLIENT_SECRET: &str = "oauth-client-secret-DO-NOT-WRITE-91c2";

fn oauth_clients() -> Value {
    json!([{"id": 1, "name": "Website", "company": "Acme", "agent_id": 1, "client_identifier": "web", "client_secret": CLIENT_SECRET, "client_type": "confidential", "scopes": "read write", "redirect_uris": "http://localhost/redirect"}])
}

/// A fault served instead of (or around) the normal answer.
#[derive(Clone, Debug)]
pub(crate) enum Fault {
    /// An error status, with an optional `Retry-After` value.
    Status(u16, Option<String>),
    /// The normal answer, late.
    Delay(Duration),
    /// The normal answer's body cut in half (invalid JSON).
    Truncated,
    /// The normal answer (to let some requests through before a fault).
    Pass,
}

/// One request the server saw.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub at: Instant,
    pub method: String,
    pub path: String,
    pub query: String,
    pub status: u16,
}

#[derive(Debug)]
pub(crate) struct Options {
    /// The `Authorization` header every request must carry.
    pub authorization: String,
    /// Page size cap for `since_id` and Support lists.
    pub page_size: usize,
    /// Requests per second answered; beyond it, 429 with `Retry-After: 1`.
    pub rate_per_sec: Option<usize>,
    /// Path prefixes answered 403 (not in the plan).
    pub forbidden: Vec<String>,
    /// The chat export's `next_page` points back to the page itself.
    pub self_loop_chats: bool,
}

impl Options {
    pub(crate) fn bearer(token: &str) -> Options {
        Options {
            authorization: format!("Bearer {token}"),
            page_size: 2,
            rate_per_sec: None,
            forbidden: Vec::new(),
            self_loop_chats: false,
        }
    }
}

#[derive(Debug)]
pub(crate) struct State {
    pub account: Account,
    pub options: Mutex<Options>,
    faults: Mutex<Vec<(String, VecDeque<Fault>)>>,
    pub hits: Mutex<Vec<Hit>>,
    window: Mutex<VecDeque<Instant>>,
}

/// The running server.
pub(crate) struct Fake {
    pub server: MockServer,
    pub state: Arc<State>,
}

impl Fake {
    pub(crate) async fn start(account: Account, options: Options) -> Fake {
        let server = MockServer::start().await;
        let state = Arc::new(State {
            account,
            options: Mutex::new(options),
            faults: Mutex::new(Vec::new()),
            hits: Mutex::new(Vec::new()),
            window: Mutex::new(VecDeque::new()),
        });
        Mock::given(any()).respond_with(Responder(Arc::clone(&state))).mount(&server).await;
        Fake { server, state }
    }

    pub(crate) fn uri(&self) -> String {
        self.server.uri()
    }

    /// Serve `faults`, in order, to the next requests whose path starts with `prefix`.
    pub(crate) fn fault(&self, prefix: &str, faults: Vec<Fault>) {
        self.state.faults.lock().unwrap().push((prefix.to_owned(), faults.into()));
    }

    pub(crate) fn clear_faults(&self) {
        self.state.faults.lock().unwrap().clear();
    }

    pub(crate) fn hits(&self) -> Vec<Hit> {
        self.state.hits.lock().unwrap().clone()
    }

    pub(crate) fn hits_on(&self, prefix: &str) -> Vec<Hit> {
        self.hits().into_iter().filter(|h| h.path.starts_with(prefix)).collect()
    }
}

struct Responder(Arc<State>);

impl Respond for Responder {
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let st = &self.0;
        let method = req.method.as_str().to_owned();
        let path = req.url.path().to_owned();
        let query = req.url.query().unwrap_or("").to_owned();
        let (status_template, status) = {
            let resp = self.answer(req);
            let s = resp.1;
            (resp.0, s)
        };
        st.hits.lock().unwrap().push(Hit { at: Instant::now(), method, path, query, status });
        status_template
    }
}

impl Responder {
    fn answer(&self, req: &Request) -> (ResponseTemplate, u16) {
        let st = &self.0;
        let opts = st.options.lock().unwrap();
        if let Some(refused) = gate::gate(req, &st.window, opts.rate_per_sec, &opts.authorization) {
            return refused;
        }
        let path = req.url.path();
        if opts.forbidden.iter().any(|p| path.starts_with(p.as_str())) {
            return (
                ResponseTemplate::new(403)
                    .set_body_json(json!({"error": "Forbidden", "description": "You do not have access to this page"})),
                403,
            );
        }
        let fault = {
            let mut faults = st.faults.lock().unwrap();
            faults
                .iter_mut()
                .find(|(p, q)| path.starts_with(p.as_str()) && !q.is_empty())
                .and_then(|(_, q)| q.pop_front())
        };
        let origin = req.url.origin().ascii_serialization();
        let (body, ok) = if req.method.as_str() == "GET" {
            (route(&st.account, &opts, req, &origin), 200)
        } else {
            (create(req, st.hits.lock().unwrap().len()), 201)
        };
        drop(opts);
        match (fault, body) {
            (Some(Fault::Status(code, retry_after)), _) => {
                let mut t = ResponseTemplate::new(code)
                    .set_body_json(json!({"error": "fault", "description": format!("injected {code}")}));
                if let Some(ra) = retry_after {
                    t = t.insert_header("Retry-After", ra.as_str());
                }
                (t, code)
            }
            (_, None) => (ResponseTemplate::new(404).set_body_json(json!({"error": "InvalidEndpoint"})), 404),
            (Some(Fault::Delay(d)), Some(v)) => (ResponseTemplate::new(ok).set_body_json(v).set_delay(d), ok),
            (Some(Fault::Truncated), Some(v)) => {
                let s = v.to_string();
                (ResponseTemplate::new(ok).set_body_raw(s[..s.len() / 2].to_owned(), "application/json"), ok)
            }
            (None | Some(Fault::Pass), Some(v)) => (ResponseTemplate::new(ok).set_body_json(v), ok),
        }
    }
}

/// A POST that creates an object: `/api/v2/groups` with `{"group": {…}}` answers the group
/// with an id. Nothing is stored: a later GET does not list it.
fn create(req: &Request, n: usize) -> Option<Value> {
    let body: Value = req.body_json().ok()?;
    match req.url.path() {
        "/api/v2/groups" => {
            let mut group = body.get("group")?.clone();
            group.as_object_mut()?.insert("id".into(), json!(90_000 + n));
            Some(json!({ "group": group }))
        }
        _ => None,
    }
}

fn param(req: &Request, key: &str) -> Option<String> {
    req.url.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

fn id_of(v: &Value) -> u64 {
    v["id"].as_u64().unwrap_or(0)
}

fn since_page(items: &[Value], since: u64, limit: usize) -> Vec<Value> {
    let mut v: Vec<Value> = items.iter().filter(|i| id_of(i) >= since).cloned().collect();
    v.sort_by_key(id_of);
    v.truncate(limit);
    v
}

fn route(a: &Account, o: &Options, req: &Request, origin: &str) -> Option<Value> {
    // Links in real answers end in `.json` (`/api/v2/groups.json?page=2`).
    let path = req.url.path().trim_end_matches(".json");
    let limit = || param(req, "limit").and_then(|l| l.parse::<usize>().ok()).unwrap_or(100).min(o.page_size);
    let since = || param(req, "since_id").and_then(|l| l.parse::<u64>().ok()).unwrap_or(0);
    Some(match path {
        "/api/v2/chat/account" => a.account.clone(),
        "/api/v2/chat/agents" => Value::Array(since_page(&a.agents, since(), limit())),
        "/api/v2/chat/bans" => json!({
            "visitor": since_page(&a.bans_visitor, since(), limit()),
            "ip_address": since_page(&a.bans_ip, since(), limit()),
        }),
        "/api/v2/chat/departments" => a.departments.clone(),
        "/api/v2/chat/triggers" => a.triggers.clone(),
        "/api/v2/chat/shortcuts" => a.shortcuts.clone(),
        "/api/v2/chat/goals" => a.goals.clone(),
        "/api/v2/chat/skills" => a.skills.clone(),
        "/api/v2/chat/roles" => a.roles.clone(),
        "/api/v2/chat/routing_settings/account" => json!({"data": a.routing}),
        "/api/v2/chat/oauth/clients" => a.oauth_clients.clone(),
        "/api/v2/chat/incremental/chats" => {
            let limit = param(req, "limit").and_then(|l| l.parse::<usize>().ok()).unwrap_or(1000);
            let start: usize = param(req, "start_id").and_then(|s| s.parse().ok()).unwrap_or(0);
            let start_time = param(req, "start_time").unwrap_or_default();
            let page: Vec<Value> = a.chats.iter().skip(start).take(limit).cloned().collect();
            let end = start + page.len();
            let next = if o.self_loop_chats {
                req.url.to_string()
            } else {
                format!(
                    "{origin}/api/v2/chat/incremental/chats?fields=chats%28%2A%29&limit={limit}&start_time={start_time}&start_id={end}"
                )
            };
            json!({"chats": page, "count": page.len(), "end_id": end.to_string(), "end_time": 1_700_000_000, "next_page": next})
        }
        "/api/v2/brands" => cursor_page(req, origin, "brands", &a.brands, o.page_size),
        "/api/v2/users" => cursor_page(req, origin, "users", &a.users, o.page_size),
        "/api/v2/groups" => {
            let page: usize = param(req, "page").and_then(|p| p.parse().ok()).unwrap_or(1);
            let items: Vec<Value> = a.groups.iter().skip((page - 1) * o.page_size).take(o.page_size).cloned().collect();
            let more = page * o.page_size < a.groups.len();
            let next = if more { json!(format!("{origin}/api/v2/groups.json?page={}", page + 1)) } else { Value::Null };
            json!({"groups": items, "next_page": next, "previous_page": null, "count": a.groups.len()})
        }
        "/api/v2/business_hours/schedules" => json!({"schedules": a.schedules}),
        "/api/v2/account/settings" if !a.account_settings.is_null() => a.account_settings.clone(),
        "/api/v2/recipient_addresses" => {
            cursor_page(req, origin, "recipient_addresses", &a.recipient_addresses, o.page_size)
        }
        "/api/v2/help_center/articles" => cursor_page(req, origin, "articles", a.articles.as_ref()?, o.page_size),
        "/api/v2/search/count" => {
            let q = param(req, "query").unwrap_or_default();
            json!({"count": if q.contains("via:chat") { a.chat_tickets } else { a.tickets }})
        }
        _ => return None,
    })
}

fn cursor_page(req: &Request, origin: &str, key: &str, all: &[Value], cap: usize) -> Value {
    let size = param(req, "page[size]").and_then(|s| s.parse::<usize>().ok()).unwrap_or(100).min(cap);
    let after: usize = param(req, "page[after]").and_then(|s| s.parse().ok()).unwrap_or(0);
    let items: Vec<Value> = all.iter().skip(after).take(size).cloned().collect();
    let end = after + items.len();
    let more = end < all.len();
    let path = req.url.path();
    let extra: String =
        req.url.query_pairs().filter(|(k, _)| !k.starts_with("page[")).map(|(k, v)| format!("&{k}={v}")).collect();
    json!({
        key: items,
        "meta": {"has_more": more, "after_cursor": end.to_string(), "before_cursor": after.to_string()},
        "links": {"next": if more { json!(format!("{origin}{path}?page[size]={size}&page[after]={end}{extra}")) } else { Value::Null }, "prev": null},
    })
}
