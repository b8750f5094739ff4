//! Export one account: every resource of the layout (export-format.md), fetched with its
//! own pagination, written atomically into the staging directory, with its status in the
//! manifest; then templates for what no API gives; then the chat history, page by page
//! with a resumable cursor; then the move into place.
//!
//! A resource the account's plan does not include (HTTP 403) is recorded as `forbidden`
//! and the export goes on. Any other failure of one resource is recorded as `partial`, the
//! others are still fetched, and the account ends as failed with its staging directory
//! kept for `--resume`. Refused credentials (401) stop the account at once.

use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use serde_json::{Map, Value, json};

use super::staging::{self, Existing, Refusal, STATE_FILE, State};
use crate::account::manifest::{ResourceState, ResourceStatus};
use crate::secret::REDACTED;
use crate::text::secs;
use crate::zendesk::client::{Client, Stats};
use crate::zendesk::pace::Lane;
use crate::zendesk::pages::{self, Paged};
use crate::zendesk::request::{ApiError, ApiErrorKind};

/// How a resource is paged.
#[derive(Clone, Copy, Debug)]
enum Style {
    /// One object or array.
    Single(Lane),
    /// `since_id` + `limit`.
    SinceId,
    /// Support list under `key`; `cursor` when the endpoint takes `page[size]`.
    Support { key: &'static str, cursor: bool },
}

/// Every API resource of the layout, in the order they are fetched (chat-api.md §3, §6).
const RESOURCES: &[(&str, &str, Style)] = &[
    ("chat/account.json", "/api/v2/chat/account", Style::Single(Lane::Chat)),
    ("chat/agents.json", "/api/v2/chat/agents", Style::SinceId),
    ("chat/departments.json", "/api/v2/chat/departments", Style::Single(Lane::Chat)),
    ("chat/triggers.json", "/api/v2/chat/triggers", Style::Single(Lane::Chat)),
    ("chat/shortcuts.json", "/api/v2/chat/shortcuts", Style::Single(Lane::Chat)),
    ("chat/bans.json", "/api/v2/chat/bans", Style::SinceId),
    ("chat/goals.json", "/api/v2/chat/goals", Style::Single(Lane::Chat)),
    ("chat/skills.json", "/api/v2/chat/skills", Style::Single(Lane::Chat)),
    ("chat/roles.json", "/api/v2/chat/roles", Style::Single(Lane::Chat)),
    ("chat/routing_settings.json", "/api/v2/chat/routing_settings/account", Style::Single(Lane::Chat)),
    ("chat/oauth_clients.json", "/api/v2/chat/oauth/clients", Style::Single(Lane::Chat)),
    ("support/brands.json", "/api/v2/brands", Style::Support { key: "brands", cursor: true }),
    ("support/groups.json", "/api/v2/groups", Style::Support { key: "groups", cursor: true }),
    ("support/schedules.json", "/api/v2/business_hours/schedules", Style::Support { key: "schedules", cursor: false }),
    ("support/users.json", "/api/v2/users?role[]=agent&role[]=admin", Style::Support { key: "users", cursor: true }),
    // Readiness facts a documented Support API gives (issue 14): the agent workspace (D-16)
    // and Chat integrated or legacy from the account settings; the support addresses (D-26).
    ("support/account_settings.json", "/api/v2/account/settings", Style::Single(Lane::Support)),
    (
        "support/recipient_addresses.json",
        "/api/v2/recipient_addresses",
        Style::Support { key: "recipient_addresses", cursor: true },
    ),
];

/// Resources that answer readiness facts only: an account without them (HTTP 404, as well
/// as 403) leaves their facts unknown, never guessed, and the export goes on.
const FACT_RESOURCES: &[&str] = &["support/account_settings.json", "support/recipient_addresses.json"];

pub const CHATS: &str = "chat/chats.jsonl";
const OPERATING_HOURS: &str = "chat/operating_hours.json";
const WIDGET: &str = "chat/widget.json";
const SUPPORT_ACCOUNT: &str = "support/account.json";

/// `since_id` page size (the API's maximum, chat-api.md §3).
const SINCE_ID_LIMIT: u32 = 100;
/// Incremental chat export page size (the API's default and maximum, DOC-incr).
pub const CHAT_PAGE_LIMIT: u32 = 1000;

/// One account to export.
#[derive(Clone, Debug)]
pub struct Job {
    pub subdomain: String,
    pub out: PathBuf,
    pub since: jiff::Timestamp,
    /// The export's "now" (the manifest's `exported_at`) unless resuming.
    pub now: jiff::Timestamp,
    pub resume: bool,
    pub chats: bool,
    pub chat_page_limit: u32,
}

/// How an account export ended.
#[derive(Debug)]
pub struct ExportReport {
    /// Where the export is: `OUT` when complete, `OUT.partial` otherwise.
    pub dir: PathBuf,
    pub resources: std::collections::BTreeMap<String, ResourceStatus>,
    pub stats: Stats,
    /// An earlier export in `OUT` was replaced.
    pub replaced: bool,
}

/// Why an account export did not complete.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// `OUT` or the staging directory may not be used.
    #[error(transparent)]
    Refused(#[from] Refusal),
    /// The API refused the credentials (or another error that stops the account).
    #[error(transparent)]
    Remote(ApiError),
    /// Some resources failed; what was fetched is kept in `dir` for `--resume`.
    #[error("{} resource(s) could not be exported: {}", failures.len(), failures.join("; "))]
    Incomplete { dir: PathBuf, failures: Vec<String> },
    /// A local file could not be written.
    #[error(transparent)]
    Local(#[from] anyhow::Error),
}

/// Export one account. `Ok` only when every resource is complete, forbidden or a template
/// and the export is in place at `job.out`.
pub async fn export_account(client: &Client, job: &Job) -> Result<ExportReport, ExportError> {
    let say = |m: &str| client.printer().info(m);
    let existing = staging::check_out(&job.out, &job.subdomain)?;
    let dir = staging::staging_dir(&job.out)?;
    let mut state = if dir.exists() {
        if !job.resume {
            return Err(Refusal {
                message: format!("an interrupted export is in {}; refusing to start another over it", dir.display()),
                hint: Some(format!("pass --resume to continue it, or remove {} to start over", dir.display())),
            }
            .into());
        }
        let state = State::load(&dir)?;
        if state.subdomain != job.subdomain {
            return Err(Refusal {
                message: format!(
                    "{} holds an interrupted export of {:?}, not {:?}",
                    dir.display(),
                    state.subdomain,
                    job.subdomain
                ),
                hint: Some("choose another --out".into()),
            }
            .into());
        }
        say(&format!("resuming the export started at {} in {}", state.exported_at, dir.display()));
        state
    } else {
        if job.resume {
            say(&format!("nothing to resume in {}; starting a new export", dir.display()));
        }
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        State::new(&job.subdomain, job.now, job.since)
    };
    if let Existing::SameAccount { exported_at } = &existing {
        say(&format!(
            "{} holds the export of {exported_at}; it is replaced once this one is complete",
            job.out.display()
        ));
    }
    state.save(&dir)?;
    state.write_manifest(&dir)?;

    let mut failures: Vec<String> = Vec::new();
    for (rel, path, style) in RESOURCES {
        if done(&state, rel) {
            continue;
        }
        let result = match style {
            Style::Single(lane) => pages::single(client, path, &[*lane], rel).await,
            Style::SinceId => pages::since_id(client, path, SINCE_ID_LIMIT, rel).await,
            Style::Support { key, cursor } => pages::support_list(client, path, key, *cursor, rel).await,
        };
        let status = match result {
            Ok(mut paged) => {
                if *rel == "chat/oauth_clients.json" {
                    redact_client_secrets(&mut paged.value);
                }
                write_json(&dir, rel, &paged.value)?;
                say(&format!("{rel}: {} item(s){}", paged.items, pages_note(&paged)));
                ResourceStatus { status: ResourceState::Complete, detail: None, items: Some(paged.items) }
            }
            Err(e) => failed(client, &dir, rel, e, &mut failures, &mut state)?,
        };
        state.resources.insert((*rel).to_owned(), status);
        state.save(&dir)?;
        state.write_manifest(&dir)?;
    }

    if !done(&state, SUPPORT_ACCOUNT) {
        let status = support_account(client, &dir, &job.out, &state, &mut failures).await?;
        state.resources.insert(SUPPORT_ACCOUNT.to_owned(), status);
    }
    for rel in [OPERATING_HOURS, WIDGET] {
        if !done(&state, rel) {
            let status = template(&dir, &job.out, rel, client)?;
            state.resources.insert(rel.to_owned(), status);
        }
    }
    state.save(&dir)?;
    state.write_manifest(&dir)?;

    if job.chats && !done(&state, CHATS) {
        if let Err(e) = chat_history(client, &dir, &mut state, job.chat_page_limit).await {
            match e {
                ChatError::Fetch(e) => {
                    let mut status = failed(client, &dir, CHATS, e, &mut failures, &mut state)?;
                    if status.status == ResourceState::Partial {
                        status.items = Some(state.chats.as_ref().map_or(0, |c| c.items));
                    }
                    state.resources.insert(CHATS.to_owned(), status);
                }
                ChatError::Local(e) => return Err(e.into()),
            }
        }
        state.save(&dir)?;
        state.write_manifest(&dir)?;
    }

    if !failures.is_empty() {
        say(&format!(
            "incomplete: what was fetched is kept in {}; rerun with --resume to fetch the rest",
            dir.display()
        ));
        return Err(ExportError::Incomplete { dir, failures });
    }

    // Complete: the resume file goes, the manifest is final, and a self-check proves that
    // `migrate plan` reads what was written before it replaces anything.
    std::fs::remove_file(dir.join(STATE_FILE)).with_context(|| format!("cannot remove {STATE_FILE}"))?;
    state.write_manifest(&dir)?;
    if let Err(e) = crate::account::load(&dir) {
        client.printer().warn(&format!("the export is written, but `migrate plan` cannot read it: {}", e.headline()));
    }
    let replaced = staging::swap_into_place(&dir, &job.out, &job.subdomain)?;
    Ok(ExportReport { dir: job.out.clone(), resources: state.resources.clone(), stats: client.stats(), replaced })
}

fn done(state: &State, rel: &str) -> bool {
    state.resources.get(rel).is_some_and(|s| s.status != ResourceState::Partial)
}

fn pages_note(p: &Paged) -> String {
    if p.pages > 1 { format!(" in {} pages", p.pages) } else { String::new() }
}

/// Record a failed resource: 403 → forbidden (the export goes on), 401 → stop the account,
/// anything else → partial, and the account will end as failed.
fn failed(
    client: &Client,
    dir: &Path,
    rel: &str,
    e: ApiError,
    failures: &mut Vec<String>,
    state: &mut State,
) -> Result<ResourceStatus, ExportError> {
    match e.kind {
        ApiErrorKind::Forbidden { .. } => {
            // A file left from an earlier attempt must not pass for this export's.
            remove_if_present(&dir.join(rel))?;
            client
                .printer()
                .info(&format!("{rel}: not available to this account or token (HTTP 403); recorded as forbidden"));
            Ok(ResourceStatus {
                status: ResourceState::Forbidden,
                detail: Some("HTTP 403: not in this account's plan, or not allowed for this token".into()),
                items: None,
            })
        }
        ApiErrorKind::Status { status: 404, .. } if FACT_RESOURCES.contains(&rel) => {
            remove_if_present(&dir.join(rel))?;
            client.printer().info(&format!("{rel}: this account does not have it (HTTP 404); its facts stay unknown"));
            Ok(ResourceStatus {
                status: ResourceState::Forbidden,
                detail: Some("HTTP 404: not available on this account; the facts it gives stay unknown".into()),
                items: None,
            })
        }
        _ if e.is_fatal() => {
            // Nothing fetched yet (a refused token on the first request): leave nothing behind.
            if !state.resources.values().any(|r| r.status == ResourceState::Complete) && state.chats.is_none() {
                std::fs::remove_dir_all(dir).with_context(|| format!("cannot remove {}", dir.display()))?;
                return Err(ExportError::Remote(e));
            }
            state.resources.insert(
                rel.to_owned(),
                ResourceStatus { status: ResourceState::Partial, detail: Some(e.to_string()), items: None },
            );
            state.save(dir)?;
            state.write_manifest(dir)?;
            Err(ExportError::Remote(e))
        }
        _ => {
            let msg = e.to_string();
            client.printer().warn(&format!("{rel}: {msg}"));
            failures.push(format!("{rel}: {msg}"));
            Ok(ResourceStatus {
                status: ResourceState::Partial,
                detail: Some(format!("not complete: {msg}")),
                items: None,
            })
        }
    }
}

fn remove_if_present(path: &Path) -> anyhow::Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context(format!("cannot remove {}", path.display()))),
    }
}

fn write_json(dir: &Path, rel: &str, v: &Value) -> anyhow::Result<()> {
    let mut bytes = serde_json::to_vec_pretty(v).with_context(|| format!("cannot encode {rel}"))?;
    bytes.push(b'\n');
    crate::output::write_file(&dir.join(rel), &bytes)
}

/// OAuth client secrets are masked by the API except on create (DOC-oauthc); whatever is
/// there is replaced before it reaches a file.
fn redact_client_secrets(v: &mut Value) {
    match v {
        Value::Array(items) => items.iter_mut().for_each(redact_client_secrets),
        Value::Object(o) => {
            for (k, val) in o.iter_mut() {
                if k == "client_secret" {
                    if !val.is_null() {
                        *val = Value::String(REDACTED.to_owned());
                    }
                } else {
                    redact_client_secrets(val);
                }
            }
        }
        _ => {}
    }
}

/// `support/account.json`: only facts an API gives. The 30-day ticket counts come from the
/// search count endpoint (chat-api.md §6; D-4 decides on tickets in the last 30 days), the
/// help centre from the brands. Everything else is left absent ("unknown"), never guessed;
/// keys an admin filled by hand in an earlier export of `OUT` are kept.
async fn support_account(
    client: &Client,
    dir: &Path,
    out: &Path,
    state: &State,
    failures: &mut Vec<String>,
) -> Result<ResourceStatus, ExportError> {
    let window = crate::plan::Window::thirty_days_before(crate::account::lenient::Timestamp(state.exported_at()));
    let from = window.start.0.to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut facts = Map::new();
    let mut absent: Vec<String> = Vec::new();
    for (key, query) in [
        ("chat_tickets_last_30_days", format!("type:ticket via:chat created>={from}")),
        ("tickets_last_30_days", format!("type:ticket created>={from}")),
    ] {
        match pages::search_count(client, &query, SUPPORT_ACCOUNT).await {
            Ok(n) => {
                facts.insert(key.to_owned(), json!(n));
            }
            Err(e) if e.status() == Some(403) => absent.push(format!("{key} (search: HTTP 403)")),
            Err(e) if e.is_fatal() => return Err(ExportError::Remote(e)),
            Err(e) => {
                client.printer().warn(&format!("{SUPPORT_ACCOUNT}: {e}"));
                failures.push(format!("{SUPPORT_ACCOUNT}: {e}"));
                absent.push(format!("{key} (failed)"));
            }
        }
    }
    let mut from_api = Map::new();
    for key in facts.keys() {
        from_api.insert(key.clone(), json!("GET /api/v2/search/count"));
    }
    // The help centre (D-17): on when an active brand has one enabled; its public articles
    // counted from the Help Center API. A 403 or 404 (no help centre, or not for this
    // token) leaves the count unknown.
    let mut help_center = Map::new();
    let mut hc_requests = Vec::new();
    match help_center_from_brands(dir) {
        Some(enabled) => {
            help_center.insert("enabled".into(), json!(enabled));
            hc_requests.push("GET /api/v2/brands");
        }
        None => absent.push("help_center.enabled (no brands)".into()),
    }
    match pages::public_articles(client, SUPPORT_ACCOUNT).await {
        Ok(n) => {
            help_center.insert("public_articles".into(), json!(n));
            hc_requests.push("GET /api/v2/help_center/articles");
        }
        Err(e) if e.status() == Some(403) => absent.push("help_center.public_articles (HTTP 403)".into()),
        Err(e) if e.status() == Some(404) => absent.push("help_center.public_articles (HTTP 404)".into()),
        Err(e) if e.is_fatal() => return Err(ExportError::Remote(e)),
        Err(e) => {
            client.printer().warn(&format!("{SUPPORT_ACCOUNT}: {e}"));
            failures.push(format!("{SUPPORT_ACCOUNT}: {e}"));
            absent.push("help_center.public_articles (failed)".into());
        }
    }
    if !help_center.is_empty() {
        facts.insert("help_center".into(), Value::Object(help_center));
        from_api.insert("help_center".into(), json!(hc_requests.join("; ")));
    }
    // Hand-filled facts of the export being replaced (plan, channels, …) stay; facts an API
    // gave last time do not (they are fetched again, or unknown now).
    let mut kept = Vec::new();
    if let Some(Value::Object(prev)) = read_json(&out.join(SUPPORT_ACCOUNT))
        && prev.get("template") != Some(&Value::Bool(true))
    {
        let was_api: Vec<String> =
            prev.get("from_api").and_then(Value::as_object).map(|m| m.keys().cloned().collect()).unwrap_or_default();
        for (k, v) in prev {
            if k != "template" && k != "from_api" && !was_api.contains(&k) && !facts.contains_key(&k) {
                kept.push(k.clone());
                facts.insert(k, v);
            }
        }
    }
    if facts.is_empty() {
        return Ok(ResourceStatus {
            status: ResourceState::Forbidden,
            detail: Some(format!("no API gave any of its facts: {}", absent.join(", "))),
            items: None,
        });
    }
    let n = facts.len() as u64;
    if !from_api.is_empty() {
        facts.insert("from_api".into(), Value::Object(from_api));
    }
    write_json(dir, SUPPORT_ACCOUNT, &Value::Object(facts))?;
    let mut detail = vec!["facts from the APIs only; absent facts are unknown".to_owned()];
    if !absent.is_empty() {
        detail.push(format!("absent: {}", absent.join(", ")));
    }
    if !kept.is_empty() {
        detail.push(format!("kept from the previous export: {}", kept.join(", ")));
    }
    client.printer().info(&format!(
        "{SUPPORT_ACCOUNT}: {n} fact(s){}",
        if absent.is_empty() { String::new() } else { format!("; absent: {}", absent.join(", ")) }
    ));
    Ok(ResourceStatus { status: ResourceState::Complete, detail: Some(detail.join("; ")), items: Some(n) })
}

fn read_json(path: &Path) -> Option<Value> {
    let bytes = std::fs::read(path).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Help centre on: some active brand has one whose state is `enabled` (`has_help_center`,
/// `help_center_state` of `GET /api/v2/brands`).
fn help_center_from_brands(dir: &Path) -> Option<bool> {
    let brands = read_json(&dir.join("support/brands.json"))?;
    let list = brands.get("brands")?.as_array()?;
    if list.is_empty() {
        return None;
    }
    Some(list.iter().any(|b| {
        b.get("active").and_then(Value::as_bool).unwrap_or(true)
            && b.get("has_help_center").and_then(Value::as_bool).unwrap_or(false)
            && b.get("help_center_state").and_then(Value::as_str) == Some("enabled")
    }))
}

/// A file no API gives (chat-api.md §5): written as a template with `"template": true` and
/// a valid shape the admin completes; until then the plan treats its facts as unverified.
/// A completed file of the export being replaced is carried over instead.
fn template(dir: &Path, out: &Path, rel: &str, client: &Client) -> Result<ResourceStatus, ExportError> {
    let previous = out.join(rel);
    if let Some(prev) = read_json(&previous)
        && prev.is_object()
        && prev.get("template") != Some(&Value::Bool(true))
    {
        write_json(dir, rel, &prev)?;
        client.printer().info(&format!("{rel}: kept the completed file of the previous export"));
        return Ok(ResourceStatus {
            status: ResourceState::Complete,
            detail: Some("completed by hand; carried over from the previous export".into()),
            items: None,
        });
    }
    let value = match rel {
        OPERATING_HOURS => operating_hours_template(dir),
        _ => widget_template(),
    };
    write_json(dir, rel, &value)?;
    client.printer().info(&format!("{rel}: no API gives it; wrote a template to complete (docs/export.md)"));
    Ok(ResourceStatus {
        status: ResourceState::Template,
        detail: Some("no API gives this: complete the file and set \"template\": false".into()),
        items: None,
    })
}

fn empty_week() -> Value {
    json!({"0": [], "1": [], "2": [], "3": [], "4": [], "5": [], "6": []})
}

/// The shape of export-format.md, switched off, with one empty week per exported department.
fn operating_hours_template(dir: &Path) -> Value {
    let mut departments = Map::new();
    if let Some(Value::Array(list)) = read_json(&dir.join("chat/departments.json")) {
        for d in list {
            let id = match d.get("id") {
                Some(Value::Number(n)) => n.to_string(),
                Some(Value::String(s)) => s.clone(),
                _ => continue,
            };
            departments.insert(id, empty_week());
        }
    }
    json!({
        "template": true,
        "enabled": false,
        "type": "account",
        "timezone": "UTC",
        "account_schedule": empty_week(),
        "department_schedule": departments,
    })
}

fn widget_template() -> Value {
    json!({
        "template": true,
        "pre_chat_form": {"enabled": false, "greeting": "", "fields": []},
        "offline_form": {"enabled": false, "greeting": "", "display_operating_hours": false, "fields": []},
        "visitor_authentication": {"enabled": false},
        "appearance": {"color": null, "position": null, "button_text": null},
        "js_api_calls": [],
    })
}

enum ChatError {
    Fetch(ApiError),
    Local(anyhow::Error),
}

impl From<anyhow::Error> for ChatError {
    fn from(e: anyhow::Error) -> Self {
        ChatError::Local(e)
    }
}

/// The incremental chat export (chat-api.md §3): appended to `chat/chats.jsonl` one chat
/// per line, page by page; after each page the file is synced and the cursor saved, so an
/// interrupted export resumes from the last complete page.
///
/// Writing a page (two fsyncs) overlaps with fetching the next one: at high rate limits the
/// disk would otherwise add its latency to every pacing interval. A page's write always
/// finishes before the next page is written, and before this function returns, so the
/// saved cursor never runs ahead of the file.
async fn chat_history(client: &Client, dir: &Path, state: &mut State, limit: u32) -> Result<(), ChatError> {
    let path = dir.join(CHATS);
    let cursor = state.chats.clone().unwrap_or_default();
    let file = std::fs::OpenOptions::new()
        .create(true)
        .write(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("cannot open {}", path.display()))?;
    // Whatever follows the last complete page is an interrupted append.
    file.set_len(cursor.bytes).with_context(|| format!("cannot truncate {}", path.display()))?;
    let mut file = std::io::BufWriter::new(file);
    use std::io::Seek as _;
    file.seek(std::io::SeekFrom::End(0)).with_context(|| format!("cannot write {}", path.display()))?;

    let mut url = match &cursor.next {
        Some(u) => client.follow(&client.url("/").map_err(ChatError::Fetch)?, u).map_err(ChatError::Fetch)?,
        None => pages::first_chats_url(client, state.since, limit).map_err(ChatError::Fetch)?,
    };
    if cursor.pages > 0 {
        client.printer().info(&format!("{CHATS}: resuming after page {} ({} chats)", cursor.pages, cursor.items));
    }
    let mut fetched: BTreeSet<String> = cursor.fetched.iter().cloned().collect();
    let mut last_url: Option<url::Url> = cursor.fetched.last().and_then(|u| url::Url::parse(u).ok());
    let (mut pages_done, mut items_done) = (cursor.pages, cursor.items);
    state.chats = Some(cursor);
    state.resources.insert(
        CHATS.to_owned(),
        ResourceStatus {
            status: ResourceState::Partial,
            detail: Some("the export is running".into()),
            items: Some(items_done),
        },
    );
    state.write_manifest(dir)?;

    // The page being written: the file and the state travel to the blocking writer and back.
    let mut writer: Option<tokio::task::JoinHandle<anyhow::Result<PageWriter>>> = None;
    let mut owned = Some(PageWriter { file, path, dir: dir.to_path_buf(), state: std::mem::take(state) });
    let outcome: Result<(), ChatError> = async {
        loop {
            if !fetched.insert(url.to_string()) {
                return Err(ChatError::Fetch(ApiError::get(
                    last_url.as_ref().map(crate::zendesk::client::path_of).unwrap_or_default(),
                    ApiErrorKind::Loop { next: crate::zendesk::client::path_of(&url) },
                )));
            }
            let page = pages::chats_page(client, &url, limit, CHATS).await.map_err(ChatError::Fetch)?;
            if let Some(w) = writer.take() {
                owned = Some(join_writer(w).await?);
            }
            let Some(mut w) = owned.take() else { return Err(ChatError::Local(anyhow::anyhow!("chat writer lost"))) };
            pages_done += 1;
            items_done += page.chats.len() as u64;
            let (fetched_url, next) = (url.to_string(), page.next.clone());
            writer = Some(tokio::task::spawn_blocking(move || {
                w.append(&page.chats, fetched_url, page.next.as_ref().map(ToString::to_string))?;
                Ok(w)
            }));
            client.printer().progress(&format!("{CHATS}: page {pages_done} ({items_done} chats)"));
            last_url = Some(url.clone());
            match next {
                Some(n) => url = n,
                None => return Ok(()),
            }
        }
    }
    .await;
    // Whatever happened, the last page's write completes before the state is handed back.
    let finished = match writer.take() {
        Some(w) => join_writer(w).await.map(Some),
        None => Ok(owned.take()),
    };
    match finished {
        Ok(Some(w)) => *state = w.state,
        Ok(None) => {}
        Err(e) => return Err(e),
    }
    outcome?;
    let stats = client.stats();
    client.printer().info(&format!(
        "{CHATS}: {items_done} chats in {pages_done} page(s), complete (waited {} for rate limits so far)",
        secs(stats.waited)
    ));
    state.resources.insert(
        CHATS.to_owned(),
        ResourceStatus { status: ResourceState::Complete, detail: None, items: Some(items_done) },
    );
    Ok(())
}

async fn join_writer(w: tokio::task::JoinHandle<anyhow::Result<PageWriter>>) -> Result<PageWriter, ChatError> {
    match w.await {
        Ok(r) => r.map_err(ChatError::Local),
        Err(e) => Err(ChatError::Local(anyhow::anyhow!("the chat writer stopped: {e}"))),
    }
}

/// `chat/chats.jsonl` and the resume state, appended to and saved on a blocking thread.
struct PageWriter {
    file: std::io::BufWriter<std::fs::File>,
    path: PathBuf,
    dir: PathBuf,
    state: State,
}

impl PageWriter {
    /// Append one page, sync it, then save the cursor that points past it.
    fn append(&mut self, chats: &[Value], fetched: String, next: Option<String>) -> anyhow::Result<()> {
        let path = &self.path;
        for chat in chats {
            let line = serde_json::to_string(chat).context("cannot encode a chat")?;
            self.file
                .write_all(line.as_bytes())
                .and_then(|()| self.file.write_all(b"\n"))
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        self.file.flush().with_context(|| format!("cannot write {}", path.display()))?;
        self.file.get_ref().sync_data().with_context(|| format!("cannot write {}", path.display()))?;
        let bytes = self
            .file
            .get_ref()
            .metadata()
            .map(|m| m.len())
            .with_context(|| format!("cannot read {}", path.display()))?;
        let cursor = self.state.chats.get_or_insert_with(Default::default);
        cursor.bytes = bytes;
        cursor.pages += 1;
        cursor.items += chats.len() as u64;
        cursor.fetched.push(fetched);
        cursor.done = next.is_none();
        cursor.next = next;
        let (pages, items) = (cursor.pages, cursor.items);
        self.state.resources.insert(
            CHATS.to_owned(),
            ResourceStatus {
                status: ResourceState::Partial,
                detail: Some(format!("{pages} page(s) so far")),
                items: Some(items),
            },
        );
        self.state.save(&self.dir)
    }
}
