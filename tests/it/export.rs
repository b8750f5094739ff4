//! `migrate export` against a real local HTTP server (tests/it/fake_zendesk.rs): the
//! layout it writes loads and plans, every fault of issue 5 is survived or reported, and
//! the token never shows up anywhere. Waits go through a fake clock: nothing here sleeps
//! for a rate limit or a backoff (only the client timeout test waits for a real socket).

// Test helpers outside #[test] functions: clippy's test exemption does not reach them.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use migrate::account::manifest::ResourceState;
use migrate::export::{ExportError, Job, export_account};
use migrate::printer::Printer;
use migrate::secret::Secret;
use migrate::zendesk::Auth;
use migrate::zendesk::pace::Rates;
use migrate::zendesk::retry::RetryPolicy;
use migrate::zendesk::{ApiError, ApiErrorKind, Client, ClientOptions, FakeClock};
use predicates::prelude::PredicateBooleanExt as _;
use serde_json::{Value, json};

use crate::common::samples as samples_dir;
use crate::fake_zendesk::{Account, CLIENT_SECRET, Fake, Fault, Options};

const TOKEN: &str = "tok-SECRET-5b7d1c0ffee-e2e";

/// Rates so high that pacing never matters (fault tests look at the waits they cause).
const FAST: Rates = Rates { chat: 1_000_000, support: 1_000_000, incremental: 1_000_000 };

struct Run {
    result: Result<migrate::export::ExportReport, ExportError>,
    clock: Arc<FakeClock>,
    progress: Printer,
}

impl Run {
    fn said(&self) -> String {
        self.progress.lines().join("\n")
    }

    /// Waits of at least `min` (pacing slots at FAST rates are microseconds).
    fn waits(&self, min: f64) -> Vec<f64> {
        self.clock.sleeps().into_iter().map(|d| d.as_secs_f64()).filter(|s| *s >= min).collect()
    }
}

struct Setup {
    rates: Rates,
    timeout: Duration,
    resume: bool,
    chat_page_limit: u32,
    subdomain: &'static str,
    token: &'static str,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            rates: FAST,
            timeout: Duration::from_secs(5),
            resume: false,
            chat_page_limit: 2,
            subdomain: "acme",
            token: TOKEN,
        }
    }
}

fn now() -> jiff::Timestamp {
    "2026-11-02T09:30:00Z".parse().unwrap()
}

async fn export(fake: &Fake, out: &Path, s: Setup) -> Run {
    let clock = Arc::new(FakeClock::new());
    let progress = Printer::memory();
    let opts = ClientOptions {
        base_url: url::Url::parse(&fake.uri()).unwrap(),
        auth: Auth::Bearer(Secret::new(s.token)),
        rates: s.rates,
        timeout: s.timeout,
        policy: RetryPolicy::default(),
        seed: Some(7),
    };
    let client = Client::new(opts, clock.clone(), progress.for_account(s.subdomain)).unwrap();
    assert!(!format!("{client:?}").contains(s.token), "Debug of the client shows the token");
    let job = Job {
        subdomain: s.subdomain.into(),
        out: out.to_path_buf(),
        since: "2026-08-04T09:30:00Z".parse().unwrap(),
        now: now(),
        resume: s.resume,
        chats: true,
        chat_page_limit: s.chat_page_limit,
    };
    let result = export_account(&client, &job).await;
    Run { result, clock, progress }
}

fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))).unwrap()
}

fn chat_lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn manifest(dir: &Path) -> migrate::account::Manifest {
    let p = dir.join("manifest.toml");
    migrate::account::Manifest::parse(&p, &std::fs::read_to_string(&p).unwrap()).unwrap()
}

fn status(dir: &Path, rel: &str) -> ResourceState {
    manifest(dir).resources.get(rel).unwrap_or_else(|| panic!("{rel} not in the manifest")).status
}

/// Every string that would give the token away: itself and its Basic forms.
fn assert_no_secret(what: &str, text: &str) {
    assert!(!text.contains(TOKEN), "the token appears in {what}");
    assert!(!text.contains(CLIENT_SECRET), "an OAuth client secret appears in {what}");
}

fn assert_no_secret_in_dir(dir: &Path) {
    for entry in walk(dir) {
        let bytes = std::fs::read(&entry).unwrap();
        assert_no_secret(&entry.display().to_string(), &String::from_utf8_lossy(&bytes));
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() { out.extend(walk(&p)) } else { out.push(p) }
    }
    out
}

use crate::common::plan_dir as plan;

#[tokio::test]
async fn exports_the_real_captures_and_migrate_plan_reads_them() {
    let Some(samples) = samples_dir() else { return };
    let account = Account::from_samples(&samples);
    let fake = Fake::start(account.clone(), Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    let report = run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    assert_eq!(report.dir, out);
    assert!(!tmp.path().join("acme.partial").exists(), "the staging directory is moved into place");

    // The files hold what the server held, in the layout's shapes.
    let chat = out.join("chat");
    assert_eq!(read_json(&chat.join("account.json")), account.account);
    assert_eq!(read_json(&chat.join("agents.json")), Value::Array(account.agents.clone()));
    assert_eq!(read_json(&chat.join("triggers.json")), account.triggers);
    assert_eq!(read_json(&chat.join("departments.json")), account.departments);
    assert_eq!(read_json(&chat.join("shortcuts.json")), account.shortcuts);
    assert_eq!(read_json(&chat.join("goals.json")), account.goals);
    assert_eq!(read_json(&chat.join("skills.json")), account.skills);
    assert_eq!(read_json(&chat.join("roles.json")), account.roles);
    assert_eq!(read_json(&chat.join("routing_settings.json")), json!({"data": account.routing}));
    let bans = read_json(&chat.join("bans.json"));
    let mut visitor = account.bans_visitor.clone();
    visitor.sort_by_key(|b| b["id"].as_u64());
    let mut ip = account.bans_ip.clone();
    ip.sort_by_key(|b| b["id"].as_u64());
    assert_eq!(bans, json!({"visitor": visitor, "ip_address": ip}), "bans concatenated across since_id pages");
    assert_eq!(chat_lines(&chat.join("chats.jsonl")), account.chats, "one chat per line, every page");
    assert_eq!(read_json(&out.join("support/brands.json")), json!({"brands": account.brands}));
    assert_eq!(read_json(&out.join("support/groups.json")), json!({"groups": account.groups}));
    assert_eq!(read_json(&out.join("support/schedules.json")), json!({"schedules": account.schedules}));
    assert_eq!(read_json(&out.join("support/users.json")), json!({"users": account.users}));

    // OAuth client secrets are redacted, the rest of the client kept.
    let clients = read_json(&chat.join("oauth_clients.json"));
    assert_eq!(clients[0]["client_secret"], "[redacted]");
    assert_eq!(clients[0]["client_identifier"], "web");

    // Only facts an API gives, each with the request that gave it (issue 14). The help
    // centre's public articles are counted over every cursor page (drafts and articles for
    // a user segment are not public: D-17).
    assert_eq!(
        read_json(&out.join("support/account.json")),
        json!({
            "chat_tickets_last_30_days": 4812,
            "tickets_last_30_days": 9120,
            "help_center": {"enabled": true, "public_articles": 12},
            "from_api": {
                "chat_tickets_last_30_days": "GET /api/v2/search/count",
                "tickets_last_30_days": "GET /api/v2/search/count",
                "help_center": "GET /api/v2/brands; GET /api/v2/help_center/articles",
            },
        })
    );
    assert_eq!(fake.hits_on("/api/v2/help_center/articles").len(), 7, "14 articles, 2 a page");
    // The readiness endpoints' answers are kept exactly as the API gave them: the real
    // salto capture of the account settings, the 7 zenpy support addresses over 4 pages.
    assert_eq!(read_json(&out.join("support/account_settings.json")), account.account_settings);
    assert_eq!(
        read_json(&out.join("support/recipient_addresses.json")),
        json!({"recipient_addresses": account.recipient_addresses})
    );
    assert_eq!(fake.hits_on("/api/v2/recipient_addresses").len(), 4);
    assert_eq!(status(&out, "support/account_settings.json"), ResourceState::Complete);
    let counts = fake.hits_on("/api/v2/search/count");
    assert_eq!(counts.len(), 2);
    assert!(
        counts.iter().any(|h| h.query.contains("via%3Achat") && h.query.contains("created%3E%3D2026-10-03")),
        "{counts:?}"
    );

    // Templates for what no API gives.
    let hours = read_json(&chat.join("operating_hours.json"));
    assert_eq!(hours["template"], true);
    assert_eq!(hours["department_schedule"].as_object().unwrap().len(), 4, "one empty week per department");
    assert_eq!(read_json(&chat.join("widget.json"))["template"], true);

    let m = manifest(&out);
    assert_eq!(m.subdomain, "acme");
    assert_eq!(m.exported_at.to_string(), "2026-11-02T09:30:00Z");
    assert_eq!(m.exported_by.as_deref(), Some(concat!("migrate ", env!("CARGO_PKG_VERSION"))));
    for rel in migrate::account::LAYOUT {
        let want = match *rel {
            "chat/operating_hours.json" | "chat/widget.json" => ResourceState::Template,
            _ => ResourceState::Complete,
        };
        assert_eq!(status(&out, rel), want, "{rel}");
    }
    assert_eq!(m.resources["chat/chats.jsonl"].items, Some(account.chats.len() as u64));
    assert!(!out.join(".migrate-export.json").exists(), "a complete export has no resume file");

    // The incremental export asked for whole chats from the start of the window.
    let first = &fake.hits_on("/api/v2/chat/incremental/chats")[0];
    assert!(
        first.query.contains("fields=chats%28*%29") && first.query.contains("start_time=1785835800"),
        "{}",
        first.query
    );

    // `migrate plan` reads it; the templates are reported as unverified.
    let export = migrate::account::load(&out).unwrap();
    assert_eq!(export.state("chat/widget.json"), migrate::account::FileState::Template);
    assert!(export.notes.iter().any(|n| n.code == "template-unverified" && n.file == "chat/operating_hours.json"));
    let p = plan(&out);
    assert_eq!(p.account.subdomain, "acme");
    assert!(p.items.iter().any(|i| i.source.starts_with("chat/triggers.json")), "triggers are translated");

    let said = run.said();
    assert!(said.contains("acme: chat/agents.json: 3 item(s) in 3 pages"), "{said}");
    assert!(said.contains("chat/widget.json: no API gives it; wrote a template"), "{said}");
    assert_no_secret("the narration", &said);
    assert_no_secret_in_dir(tmp.path());
}

#[tokio::test]
async fn rate_limits_are_honoured_with_seconds_dates_and_without_retry_after() {
    let fake = Fake::start(Account::synthetic(3, 2, 3, 1), Options::bearer(TOKEN)).await;
    let date = httpdate::fmt_http_date(std::time::SystemTime::now() + Duration::from_secs(30));
    fake.fault(
        "/api/v2/chat/triggers",
        vec![
            // The date first: the fake clock's wall time moves with every wait.
            Fault::Status(429, Some(date)),
            Fault::Status(429, Some("7".into())),
            Fault::Status(429, None),
            Fault::Status(429, Some("soon".into())),
        ],
    );
    let tmp = tempfile::tempdir().unwrap();
    let run = export(&fake, &tmp.path().join("acme"), Setup::default()).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    let waits = run.waits(0.4);
    assert_eq!(waits.len(), 4, "{waits:?}");
    assert!((28.0..=31.0).contains(&waits[0]), "Retry-After: <date 30 s ahead>, got {waits:?}");
    assert!((waits[1] - 7.0).abs() < 0.01, "Retry-After: 7 → 7 s, got {waits:?}");
    // Backoff grows with the 429s this request met: the 3rd waits 2–4 s, the 4th 4–8 s.
    assert!((2.0..=4.0).contains(&waits[2]), "third 429: 2–4 s, got {waits:?}");
    assert!((4.0..=8.0).contains(&waits[3]), "fourth 429: 4–8 s, got {waits:?}");
    let said = run.said();
    assert!(said.contains("chat/triggers.json: rate limited (HTTP 429); waiting 7s as Retry-After asks"), "{said}");
    assert!(said.contains("rate limited (HTTP 429) without Retry-After; backing off"), "{said}");
    assert!(said.contains("Retry-After \"soon\" is neither seconds nor an HTTP date; backing off"), "{said}");
    assert_eq!(fake.hits_on("/api/v2/chat/triggers").len(), 5);
    assert_eq!(run.result.unwrap().stats.rate_limited, 4);
}

#[tokio::test]
async fn server_errors_are_retried_then_given_up_and_resume_fetches_the_rest() {
    let fake = Fake::start(Account::synthetic(3, 2, 3, 1), Options::bearer(TOKEN)).await;
    fake.fault(
        "/api/v2/chat/departments",
        vec![Fault::Status(500, None), Fault::Status(502, None), Fault::Status(503, Some("3".into()))],
    );
    fake.fault("/api/v2/chat/goals", vec![Fault::Status(500, None); 6]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    let said = run.said();
    assert!(said.contains("chat/departments.json: HTTP 500 Internal Server Error"), "{said}");
    assert!(said.contains("HTTP 502 Bad Gateway"), "{said}");
    assert!(said.contains("HTTP 503 Service Unavailable"), "{said}");
    assert!(
        run.waits(2.99).iter().any(|w| (w - 3.0).abs() < 0.01),
        "503 with Retry-After: 3 waits 3 s: {:?}",
        run.waits(0.4)
    );
    assert_eq!(fake.hits_on("/api/v2/chat/departments").len(), 4);
    // Goals: 1 try + 5 retries, then the export goes on without them.
    assert_eq!(fake.hits_on("/api/v2/chat/goals").len(), 6);
    let Err(ExportError::Incomplete { dir, failures }) = &run.result else { panic!("{:?}", run.result) };
    assert_eq!(failures.len(), 1, "{failures:?}");
    assert!(failures[0].contains("chat/goals.json: GET /api/v2/chat/goals: HTTP 500"), "{failures:?}");
    assert!(failures[0].contains("gave up after 6 attempts"), "{failures:?}");
    let staging = tmp.path().join("acme.partial");
    assert_eq!(dir, &staging);
    assert!(!out.exists(), "an incomplete export is not moved into place");
    assert_eq!(status(&staging, "chat/goals.json"), ResourceState::Partial);
    assert_eq!(status(&staging, "chat/skills.json"), ResourceState::Complete, "the others are still fetched");
    assert_eq!(status(&staging, "chat/chats.jsonl"), ResourceState::Complete);
    // The partial directory plans, with the gap reported.
    let export = migrate::account::load(&staging).unwrap();
    assert!(export.notes.iter().any(|n| n.code == "resource-partial" && n.file == "chat/goals.json"));

    // Without --resume, the interrupted export is not overwritten.
    let again = export_again(&fake, &out, false).await;
    assert!(
        matches!(&again.result, Err(ExportError::Refused(r)) if r.message.contains("an interrupted export is in")),
        "{:?}",
        again.result
    );

    let triggers_before = fake.hits_on("/api/v2/chat/triggers").len();
    let resumed = export_again(&fake, &out, true).await;
    resumed.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", resumed.said()));
    assert_eq!(
        fake.hits_on("/api/v2/chat/triggers").len(),
        triggers_before,
        "complete resources are not fetched again"
    );
    assert_eq!(fake.hits_on("/api/v2/chat/goals").len(), 7);
    assert_eq!(status(&out, "chat/goals.json"), ResourceState::Complete);
    assert!(!staging.exists());
    plan(&out);
}

async fn export_again(fake: &Fake, out: &Path, resume: bool) -> Run {
    export(fake, out, Setup { resume, ..Setup::default() }).await
}

#[tokio::test]
async fn a_slow_answer_times_out_and_is_retried() {
    let fake = Fake::start(Account::synthetic(1, 0, 0, 1), Options::bearer(TOKEN)).await;
    fake.fault("/api/v2/chat/account", vec![Fault::Delay(Duration::from_secs(3))]);
    let tmp = tempfile::tempdir().unwrap();
    let started = std::time::Instant::now();
    let run =
        export(&fake, &tmp.path().join("acme"), Setup { timeout: Duration::from_millis(300), ..Setup::default() })
            .await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    assert!(started.elapsed() < Duration::from_secs(3), "the client did not wait for the slow answer");
    assert!(run.said().contains("chat/account.json: no complete answer within 0.3s; retrying in"), "{}", run.said());
    assert_eq!(fake.hits_on("/api/v2/chat/account").len(), 2);
}

#[tokio::test]
async fn a_truncated_body_is_retried() {
    let fake = Fake::start(Account::synthetic(3, 0, 0, 1), Options::bearer(TOKEN)).await;
    fake.fault("/api/v2/chat/agents", vec![Fault::Pass, Fault::Truncated]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    assert!(run.said().contains("chat/agents.json: the response is not complete JSON"), "{}", run.said());
    assert_eq!(read_json(&out.join("chat/agents.json")).as_array().unwrap().len(), 3);
}

/// A server that promises 200 bytes, sends 10 and hangs up, then answers properly.
#[tokio::test]
async fn a_body_cut_off_on_the_wire_is_retried() {
    use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        for n in 0..2 {
            let (mut sock, _) = listener.accept().await.unwrap();
            let mut buf = vec![0u8; 4096];
            let mut got = Vec::new();
            while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                let k = sock.read(&mut buf).await.unwrap();
                if k == 0 {
                    break;
                }
                got.extend_from_slice(&buf[..k]);
            }
            let body = br#"[{"id":1,"name":"Sales"}]"#;
            let head = if n == 0 {
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 200\r\nconnection: close\r\n\r\n"
                    .to_owned()
            } else {
                format!(
                    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n",
                    body.len()
                )
            };
            sock.write_all(head.as_bytes()).await.unwrap();
            sock.write_all(if n == 0 { &body[..10] } else { body }).await.unwrap();
            sock.shutdown().await.ok();
        }
    });
    let clock = Arc::new(FakeClock::new());
    let progress = Printer::memory();
    let opts = ClientOptions {
        base_url: url::Url::parse(&format!("http://{addr}")).unwrap(),
        auth: Auth::Bearer(Secret::new(TOKEN)),
        rates: FAST,
        timeout: Duration::from_secs(5),
        policy: RetryPolicy::default(),
        seed: Some(1),
    };
    let client = Client::new(opts, clock.clone(), progress.clone()).unwrap();
    let url = client.url("/api/v2/chat/departments").unwrap();
    let v = client.get_json(&url, &[migrate::zendesk::pace::Lane::Chat], "chat/departments.json").await.unwrap();
    assert_eq!(v, json!([{"id": 1, "name": "Sales"}]));
    server.await.unwrap();
    let said = progress.lines().join("\n");
    assert!(said.contains("chat/departments.json: the response body was cut short"), "{said}");
    assert_eq!(client.stats().requests, 2);
}

#[tokio::test]
async fn a_next_page_pointing_back_to_itself_stops_with_an_error() {
    let mut options = Options::bearer(TOKEN);
    options.self_loop_chats = true;
    let fake = Fake::start(Account::synthetic(1, 0, 5, 1), options).await;
    let tmp = tempfile::tempdir().unwrap();
    let run = export(&fake, &tmp.path().join("acme"), Setup::default()).await;
    let Err(ExportError::Incomplete { dir, failures }) = &run.result else { panic!("{:?}", run.result) };
    assert!(failures[0].contains("was already fetched: the pagination loops"), "{failures:?}");
    assert_eq!(fake.hits_on("/api/v2/chat/incremental/chats").len(), 1, "the repeated page is not fetched again");
    assert_eq!(chat_lines(&dir.join("chat/chats.jsonl")).len(), 2, "the page read is kept");
    assert_eq!(status(dir, "chat/chats.jsonl"), ResourceState::Partial);
}

#[tokio::test]
async fn support_offset_and_cursor_pagination_and_support_loops() {
    let mut account = Account::synthetic(1, 0, 0, 5);
    account.groups = (0..5).map(|i| json!({"id": i, "name": format!("G{i}")})).collect();
    let fake = Fake::start(account, Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    assert_eq!(read_json(&out.join("support/groups.json"))["groups"].as_array().unwrap().len(), 5);
    assert_eq!(fake.hits_on("/api/v2/groups").len(), 3, "offset pages of 2 follow next_page");
    assert_eq!(read_json(&out.join("support/users.json"))["users"].as_array().unwrap().len(), 5);
    let users = fake.hits_on("/api/v2/users");
    assert_eq!(users.len(), 3, "cursor pages of 2 follow links.next");
    assert!(
        users.iter().all(|h| h.query.contains("role[]=agent&role[]=admin") || h.query.contains("role%5B%5D")),
        "{users:?}"
    );
}

#[tokio::test]
async fn forbidden_endpoints_are_recorded_and_the_export_goes_on() {
    let mut options = Options::bearer(TOKEN);
    options.forbidden =
        vec!["/api/v2/chat/skills".into(), "/api/v2/chat/routing_settings".into(), "/api/v2/search".into()];
    let fake = Fake::start(Account::synthetic(2, 1, 2, 1), options).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    assert_eq!(status(&out, "chat/skills.json"), ResourceState::Forbidden);
    assert_eq!(status(&out, "chat/routing_settings.json"), ResourceState::Forbidden);
    assert!(!out.join("chat/skills.json").exists());
    assert_eq!(status(&out, "chat/roles.json"), ResourceState::Complete);
    // Without search, support/account.json holds only the help centre's facts.
    assert_eq!(
        read_json(&out.join("support/account.json")),
        json!({"help_center": {"enabled": true, "public_articles": 12}, "from_api": {"help_center": "GET /api/v2/brands; GET /api/v2/help_center/articles"}})
    );
    let export = migrate::account::load(&out).unwrap();
    assert!(export.notes.iter().any(|n| n.code == "resource-forbidden" && n.file == "chat/skills.json"));
    assert!(
        run.said()
            .contains("chat/skills.json: not available to this account or token (HTTP 403); recorded as forbidden")
    );
    plan(&out);
}

#[tokio::test]
async fn refused_credentials_stop_the_account_and_leave_nothing() {
    let fake = Fake::start(Account::synthetic(2, 1, 2, 1), Options::bearer("the-right-token")).await;
    let tmp = tempfile::tempdir().unwrap();
    let run = export(&fake, &tmp.path().join("acme"), Setup::default()).await;
    let Err(ExportError::Remote(e)) = &run.result else { panic!("{:?}", run.result) };
    assert!(matches!(e.kind, ApiErrorKind::Unauthorized));
    assert_eq!(fake.hits().len(), 1, "no request after a 401");
    let msg = format!("{e} {:?}", e);
    assert!(msg.contains("GET /api/v2/chat/account: HTTP 401 Unauthorized"), "{msg}");
    assert_no_secret("the error", &msg);
    assert_eq!(std::fs::read_dir(tmp.path()).unwrap().count(), 0, "nothing was fetched, nothing is left");
}

#[tokio::test]
async fn an_interrupted_chat_export_resumes_from_its_last_complete_page() {
    let account = Account::synthetic(1, 0, 7, 1);
    let fake = Fake::start(account.clone(), Options::bearer(TOKEN)).await;
    let mut faults = vec![Fault::Pass, Fault::Pass];
    faults.extend(vec![Fault::Status(500, None); 6]);
    fake.fault("/api/v2/chat/incremental/chats", faults);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    assert!(matches!(run.result, Err(ExportError::Incomplete { .. })), "{:?}", run.result);
    let staging = tmp.path().join("acme.partial");
    let jsonl = staging.join("chat/chats.jsonl");
    assert_eq!(chat_lines(&jsonl).len(), 4, "two complete pages of two");
    let m = manifest(&staging);
    assert_eq!(m.resources["chat/chats.jsonl"].status, ResourceState::Partial);
    assert_eq!(m.resources["chat/chats.jsonl"].items, Some(4));
    // An append cut short by the interruption.
    let mut f = std::fs::OpenOptions::new().append(true).open(&jsonl).unwrap();
    std::io::Write::write_all(&mut f, b"{\"id\": \"half a ch").unwrap();
    drop(f);

    let before = fake.hits_on("/api/v2/chat/incremental/chats").len();
    let resumed = export_again(&fake, &out, true).await;
    resumed.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", resumed.said()));
    let hits = fake.hits_on("/api/v2/chat/incremental/chats");
    assert!(hits[before].query.contains("start_id=4"), "resumes at the third page: {}", hits[before].query);
    assert_eq!(hits.len() - before, 2, "pages 3 and 4 only");
    assert_eq!(chat_lines(&out.join("chat/chats.jsonl")), account.chats, "every chat once, in order, no half line");
    assert!(resumed.said().contains("chat/chats.jsonl: resuming after page 2 (4 chats)"), "{}", resumed.said());
    assert_eq!(manifest(&out).resources["chat/chats.jsonl"].items, Some(7));
}

#[tokio::test]
async fn pacing_stays_under_the_limits_and_says_so() {
    let fake = Fake::start(Account::synthetic(3, 0, 6, 1), Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let rates = Rates { chat: 60, support: 600, incremental: 6 };
    let run = export(&fake, &tmp.path().join("acme"), Setup { rates, ..Setup::default() }).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    // Chat requests are spaced 60 s / (60 × 0.95); incremental pages 60 s / (6 × 0.95).
    let chat = 1.0 / 0.95;
    let incr = 10.0 / 0.95;
    let waits = run.waits(0.01);
    assert!(waits.iter().any(|w| (w - chat).abs() < 0.01), "{waits:?}");
    assert_eq!(
        waits.iter().filter(|w| (*w - incr).abs() < 0.01).count(),
        3,
        "4 chat pages → 3 waits of {incr:.2}s: {waits:?}"
    );
    assert!(
        run.said().contains("chat/chats.jsonl: waiting 10.5s for the incremental export limit (6/min)"),
        "{}",
        run.said()
    );
    // Virtual time covers every Chat request at ≤ 57/min.
    let chat_requests = fake.hits().iter().filter(|h| h.path.starts_with("/api/v2/chat")).count() as f64;
    assert!(run.clock.elapsed().as_secs_f64() >= (chat_requests - 1.0) * chat - 0.01);
}

#[tokio::test]
async fn reruns_never_mix_two_exports() {
    let fake = Fake::start(Account::synthetic(1, 0, 1, 1), Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    export(&fake, &out, Setup::default()).await.result.unwrap();

    // Another account into the same directory: refused.
    let other = export(&fake, &out, Setup { subdomain: "beta", ..Setup::default() }).await;
    assert!(
        matches!(&other.result, Err(ExportError::Refused(r)) if r.message.contains("holds an export of \"acme\", not \"beta\"")),
        "{:?}",
        other.result
    );
    // A directory that is not an export: refused, untouched.
    let mine = tmp.path().join("mine");
    std::fs::create_dir(&mine).unwrap();
    std::fs::write(mine.join("notes.txt"), "keep me").unwrap();
    let r = export(&fake, &mine, Setup::default()).await;
    assert!(
        matches!(&r.result, Err(ExportError::Refused(r)) if r.message.contains("holds no export")),
        "{:?}",
        r.result
    );
    assert_eq!(std::fs::read_to_string(mine.join("notes.txt")).unwrap(), "keep me");

    // The same account again: replaced as a whole, a completed template carried over.
    let widget =
        json!({"template": false, "pre_chat_form": {"enabled": true, "fields": [{"name": "email", "required": true}]}});
    std::fs::write(out.join("chat/widget.json"), widget.to_string()).unwrap();
    std::fs::write(out.join("chat/stale.json"), "[]").unwrap();
    let again = export(&fake, &out, Setup::default()).await;
    let report = again.result.unwrap();
    assert!(report.replaced);
    assert!(!out.join("chat/stale.json").exists(), "nothing of the previous export is mixed in");
    assert_eq!(read_json(&out.join("chat/widget.json")), widget);
    assert_eq!(status(&out, "chat/widget.json"), ResourceState::Complete);
    assert!(!tmp.path().join("acme.previous").exists());
    let p = plan(&out);
    assert_eq!(
        p.classification.evidence.features.pre_chat_form.state,
        migrate::plan::FeatureState::Used,
        "the completed widget.json is read"
    );
}

// ---- the command line ------------------------------------------------------------------

fn cli() -> assert_cmd::Command {
    let mut c = assert_cmd::Command::cargo_bin("migrate").unwrap();
    for k in
        ["ZENDESK_SUBDOMAIN", "ZENDESK_OAUTH_TOKEN", "ZENDESK_EMAIL", "ZENDESK_API_TOKEN", "MIGRATE_CONFIG", "RUST_LOG"]
    {
        c.env_remove(k);
    }
    c
}

const FAST_FLAGS: [&str; 6] = ["--chat-rate", "600000", "--support-rate", "600000", "--incremental-rate", "600000"];

/// `migrate [GLOBAL…] export` of the account `acme` from the local Zendesk stand-in at
/// `uri` into `out`, with an empty config file, the token in the environment and no pacing
/// to wait for; `extra` adds the flags a test is about.
fn cli_export(global: &[&str], uri: &str, out: &Path, config: &Path, extra: &[&str]) -> assert_cmd::Command {
    let mut c = cli();
    c.args(global)
        .args(["export", "--subdomain", "acme", "--base-url", uri])
        .args(extra)
        .arg("--out")
        .arg(out)
        .arg("--config")
        .arg(config)
        .args(FAST_FLAGS)
        .env("ZENDESK_OAUTH_TOKEN", TOKEN);
    c
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_export_then_plan_and_the_token_never_shows() {
    let fake = Fake::start(Account::synthetic(3, 2, 3, 2), Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let config = tmp.path().join("none.toml");
    std::fs::write(&config, "").unwrap();
    let uri = fake.uri();
    let (o, c) = (out.clone(), config.clone());
    let output = tokio::task::spawn_blocking(move || {
        cli_export(&["-vvv"], &uri, &o, &c, &["--since", "30d"]).env("RUST_LOG", "trace").output().unwrap()
    })
    .await
    .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert_eq!(stdout, "", "stdout is for data; an export writes files");
    assert!(stderr.contains("acme: exporting"), "{stderr}");
    // Per-page progress is for a terminal only (issue 14); the resource's result is said.
    assert!(!stderr.contains("chat/chats.jsonl: page 1"), "{stderr}");
    assert!(stderr.contains("acme: chat/chats.jsonl: "), "{stderr}");
    assert!(stderr.contains("acme: exported into"), "{stderr}");
    assert_no_secret("stderr at trace level", &stderr);
    assert_no_secret_in_dir(tmp.path());

    let o = out.clone();
    let planned =
        tokio::task::spawn_blocking(move || cli().arg("plan").arg(&o).args(["--format", "json"]).output().unwrap())
            .await
            .unwrap();
    assert!(planned.status.success(), "{}", String::from_utf8_lossy(&planned.stderr));
    let plan: Value = serde_json::from_slice(&planned.stdout).unwrap();
    assert_eq!(plan["account"]["subdomain"], "acme");
    assert_no_secret("the plan", &String::from_utf8_lossy(&planned.stdout));

    // --quiet: nothing on stderr for a successful export.
    let (uri, o) = (fake.uri(), out.clone());
    let quiet = tokio::task::spawn_blocking(move || cli_export(&["--quiet"], &uri, &o, &config, &[]).output().unwrap())
        .await
        .unwrap();
    assert!(quiet.status.success());
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
}

#[tokio::test(flavor = "multi_thread")]
async fn cli_batch_reports_the_failing_account_and_exports_the_others() {
    let fake = Fake::start(Account::synthetic(2, 0, 1, 1), Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.good]\nsubdomain = \"good\"\noauth_token = \"{TOKEN}\"\nbase_url = \"{uri}\"\n\n[profiles.bad]\nsubdomain = \"bad\"\noauth_token = \"a-revoked-token-1234\"\nbase_url = \"{uri}\"\n",
            uri = fake.uri()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let list = tmp.path().join("accounts.txt");
    std::fs::write(&list, "bad\ngood\n").unwrap();
    let exports = tmp.path().join("exports");
    let (c, l, e) = (config.clone(), list.clone(), exports.clone());
    let output = tokio::task::spawn_blocking(move || {
        cli()
            .arg("export")
            .arg("--subdomains")
            .arg(&l)
            .arg("--out")
            .arg(&e)
            .arg("--config")
            .arg(&c)
            .args(FAST_FLAGS)
            .output()
            .unwrap()
    })
    .await
    .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(5), "an API failure in one account: exit 5\n{stderr}");
    #[cfg(unix)]
    assert!(stderr.contains("is readable by others (mode 644)"), "{stderr}");
    assert!(stderr.contains("error: bad: GET /api/v2/chat/account: HTTP 401 Unauthorized"), "{stderr}");
    assert!(stderr.contains("2 account(s): 1 exported, 1 failed (bad)"), "{stderr}");
    assert!(exports.join("good/manifest.toml").is_file());
    assert!(!exports.join("bad").exists());
    assert_no_secret("stderr", &stderr);
    assert!(!stderr.contains("a-revoked-token-1234"));
    plan(&exports.join("good"));
}

#[test]
fn cli_config_errors_exit_2_with_a_hint() {
    let tmp = tempfile::tempdir().unwrap();
    let config = tmp.path().join("none.toml");
    std::fs::write(&config, "").unwrap();
    cli()
        .args(["export", "--subdomain", "acme", "--out"])
        .arg(tmp.path().join("x"))
        .arg("--config")
        .arg(&config)
        .assert()
        .code(2)
        .stderr(
            predicates::str::contains("error: no credentials")
                .and(predicates::str::contains("hint: set ZENDESK_OAUTH_TOKEN")),
        );
}

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory as _;
    migrate::cli::Cli::command().debug_assert();
}

pub(crate) fn bare_client(uri: &str) -> Client {
    let opts = ClientOptions {
        base_url: url::Url::parse(uri).unwrap(),
        auth: Auth::Bearer(Secret::new(TOKEN)),
        rates: FAST,
        timeout: Duration::from_secs(5),
        policy: RetryPolicy::default(),
        seed: Some(1),
    };
    Client::new(opts, Arc::new(FakeClock::new()), Printer::memory()).unwrap()
}

#[tokio::test]
async fn support_and_since_id_cursors_that_do_not_move_stop_with_an_error() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};
    let server = MockServer::start().await;
    let uri = server.uri();
    // A next_page that points back to the first page.
    Mock::given(method("GET"))
        .and(path("/api/v2/groups"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"groups": [{"id": 1}], "next_page": format!("{uri}/api/v2/groups")})),
        )
        .mount(&server)
        .await;
    // A list that ignores since_id: the same page for ever.
    Mock::given(method("GET"))
        .and(path("/api/v2/chat/agents"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!([{"id": 1}, {"id": 2}])))
        .mount(&server)
        .await;
    let client = bare_client(&uri);
    let err = migrate::zendesk::pages::support_list(&client, "/api/v2/groups", "groups", false, "support/groups.json")
        .await
        .unwrap_err();
    assert!(matches!(err.kind, ApiErrorKind::Loop { .. }), "{err}");
    assert!(err.to_string().contains("the next page /api/v2/groups was already fetched"), "{err}");
    let err =
        migrate::zendesk::pages::since_id(&client, "/api/v2/chat/agents", 100, "chat/agents.json").await.unwrap_err();
    assert!(err.to_string().contains("since_id=3 was already fetched"), "{err}");
    // groups: the link back is seen before it is fetched; agents: the second page shows no progress.
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}

#[tokio::test]
async fn an_outage_ends_the_account_within_the_budget_and_resumes() {
    // "500 forever" used to end after every resource had used all its retries (17 × 6
    // requests, 383 s); the outage budget (90 s of failures in a row, any request) ends it
    // in about that long, keeping what was fetched for --resume (issue 11).
    let fake = Fake::start(Account::synthetic(1, 0, 3, 1), Options::bearer(TOKEN)).await;
    let mut faults = vec![Fault::Pass, Fault::Pass];
    faults.extend(vec![Fault::Status(500, None); 500]);
    fake.fault("/api/v2/", faults);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    let Err(ExportError::Remote(ApiError { kind: ApiErrorKind::Outage { failures, lasted, .. }, .. })) = &run.result
    else {
        panic!("{:?}\n{}", run.result, run.said())
    };
    let waited: f64 = run.clock.sleeps().iter().map(Duration::as_secs_f64).sum();
    assert!(*lasted >= Duration::from_secs(90) && waited < 150.0, "{lasted:?}, waited {waited} s");
    assert!(fake.hits().len() < 40, "{} requests for an outage (17 × 6 before)", fake.hits().len());
    assert!(*failures < 40, "{failures}");
    // What was fetched is kept, and the export resumes once the server is back.
    let staging = tmp.path().join("acme.partial");
    assert_eq!(status(&staging, "chat/account.json"), ResourceState::Complete);
    fake.clear_faults();
    let resumed = export_again(&fake, &out, true).await;
    resumed.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", resumed.said()));
}

/// Issue 14: the readiness endpoints. The account settings and the help centre answer 403
/// and 404: the export goes on, the files are not written, the facts stay unknown (never
/// guessed) and the manifest says why; the support addresses are paged (2 a page here).
#[tokio::test]
async fn readiness_endpoints_forbidden_or_absent_leave_their_facts_unknown() {
    let mut options = Options::bearer(TOKEN);
    options.forbidden = vec!["/api/v2/account/settings".into()];
    let mut account = Account::synthetic(2, 1, 2, 1);
    account.articles = None; // no help centre: 404
    account.recipient_addresses =
        (0..5).map(|i| json!({"id": i + 1, "email": format!("support{i}@acme.example"), "default": i == 0})).collect();
    let fake = Fake::start(account, options).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));

    assert_eq!(status(&out, "support/account_settings.json"), ResourceState::Forbidden);
    assert!(!out.join("support/account_settings.json").exists());
    assert_eq!(fake.hits_on("/api/v2/recipient_addresses").len(), 3, "5 addresses, 2 a page");
    assert_eq!(status(&out, "support/recipient_addresses.json"), ResourceState::Complete);
    let facts = read_json(&out.join("support/account.json"));
    assert_eq!(facts["help_center"], json!({"enabled": true}), "no article count without a help centre");
    assert!(
        manifest(&out).resources["support/account.json"]
            .detail
            .as_deref()
            .unwrap()
            .contains("public_articles (HTTP 404)")
    );

    let plan = plan(&out);
    let fact = |name: &str| plan.account.facts.iter().find(|f| f.fact == name).unwrap().clone();
    assert_eq!(fact("agent_workspace").value, Value::Null, "403: unknown, never guessed");
    assert_eq!(fact("agent_workspace").origin, None);
    assert_eq!(fact("help_center_public_articles").value, Value::Null);
    assert_eq!(fact("support_addresses").value.as_array().map(Vec::len), Some(5));
    assert_eq!(fact("support_addresses").origin, Some(migrate::account::facts::Origin::Api));
    assert!(plan.account.undecided.iter().any(|u| u.fact == "agent_workspace"));
}

/// A 404 from the account settings (an account or host without the endpoint) is recorded
/// like a 403 for the readiness endpoints only; on a Chat endpoint it is a failure.
#[tokio::test]
async fn account_settings_404_is_unknown_and_429_waits_as_retry_after_asks() {
    let mut account = Account::synthetic(2, 1, 2, 1);
    account.account_settings = Value::Null; // 404
    let fake = Fake::start(account, Options::bearer(TOKEN)).await;
    fake.fault("/api/v2/recipient_addresses", vec![Fault::Status(429, Some("9".into()))]);
    fake.fault("/api/v2/help_center/articles", vec![Fault::Status(429, Some("4".into()))]);
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let run = export(&fake, &out, Setup::default()).await;
    run.result.as_ref().unwrap_or_else(|e| panic!("{e}\n{}", run.said()));
    assert_eq!(status(&out, "support/account_settings.json"), ResourceState::Forbidden);
    assert!(manifest(&out).resources["support/account_settings.json"].detail.as_deref().unwrap().contains("HTTP 404"));
    let said = run.said();
    assert!(
        said.contains("support/recipient_addresses.json: rate limited (HTTP 429); waiting 9s as Retry-After asks"),
        "{said}"
    );
    assert!(said.contains("support/account.json: rate limited (HTTP 429); waiting 4s as Retry-After asks"), "{said}");
    let waits = run.waits(0.4);
    assert!(waits.iter().any(|w| (w - 9.0).abs() < 0.01) && waits.iter().any(|w| (w - 4.0).abs() < 0.01), "{waits:?}");
    assert_eq!(read_json(&out.join("support/account.json"))["help_center"]["public_articles"], json!(12));
    assert_eq!(
        read_json(&out.join("support/recipient_addresses.json")),
        json!({"recipient_addresses": [{"id": 1, "brand_id": 47, "default": true, "email": "support@acme.example", "forwarding_status": "verified"}]})
    );
}

/// Issue 14, end to end as a support engineer scripts it: `migrate export` against the
/// local Zendesk stand-in leaves the four D-5 facts as templates (the plan cannot decide the
/// segment), `migrate answer --answers FILE` gives them, and the next plan decides the
/// segment with each fact saying whether it came from an API or from the admin.
#[tokio::test(flavor = "multi_thread")]
async fn export_then_answer_by_script_then_plan_decides_the_segment() {
    let fake = Fake::start(Account::synthetic(3, 1, 0, 2), Options::bearer(TOKEN)).await;
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("acme");
    let config = tmp.path().join("none.toml");
    std::fs::write(&config, "").unwrap();
    let answers = tmp.path().join("answers.toml");
    std::fs::write(
        &answers,
        "[operating_hours]\nenabled = false\n\n[pre_chat_form]\nenabled = false\n\n\
         [offline_form]\nenabled = false\n\n[visitor_authentication]\nenabled = false\n",
    )
    .unwrap();
    let (uri, o, c, ans) = (fake.uri(), out.clone(), config.clone(), answers.clone());
    let plan_json = |o: &Path| -> Value {
        let planned = cli().arg("plan").arg(o).args(["--format", "json"]).output().unwrap();
        assert!(planned.status.success(), "{}", String::from_utf8_lossy(&planned.stderr));
        serde_json::from_slice(&planned.stdout).unwrap()
    };
    let (before, after) = tokio::task::spawn_blocking(move || {
        // No terminal here: the export asks nothing, and --no-progress is accepted.
        let exported = cli_export(&[], &uri, &o, &c, &["--no-chats", "--no-progress"]).output().unwrap();
        assert!(exported.status.success(), "{}", String::from_utf8_lossy(&exported.stderr));
        let before = plan_json(&o);
        let answered = cli().arg("answer").arg(&o).arg("--answers").arg(&ans).output().unwrap();
        assert!(answered.status.success(), "{}", String::from_utf8_lossy(&answered.stderr));
        (before, plan_json(&o))
    })
    .await
    .unwrap();

    assert_eq!(before["classification"]["segment"], "undetermined");
    assert_eq!(before["classification"]["evidence"]["features"]["pre_chat_form"]["state"], "unknown");
    // Active (12 chat tickets in 30 days, D-4), one brand, none of the four features: segment 1 (D-5).
    assert_eq!(after["classification"]["segment"], "segment_1", "{:#}", after["classification"]);
    for f in ["operating_hours", "pre_chat_form", "offline_form", "visitor_authentication"] {
        let feature = &after["classification"]["evidence"]["features"][f];
        assert_eq!(feature["state"], "not_used", "{f}");
        assert_eq!(feature["origin"], "admin", "{f}");
    }
    let fact =
        |name: &str| after["account"]["facts"].as_array().unwrap().iter().find(|f| f["fact"] == name).unwrap().clone();
    assert_eq!(fact("agent_workspace")["value"], true);
    assert_eq!(fact("agent_workspace")["origin"], "api");
    assert_eq!(fact("agent_workspace")["source"], "support/account_settings.json#settings.agents.agent_workspace");
    assert_eq!(fact("chat_integrated")["value"], true);
    assert_eq!(fact("support_addresses")["origin"], "api");
    assert_eq!(fact("help_center_public_articles")["value"], 12);
    assert_eq!(fact("help_center_public_articles")["origin"], "api");
    assert_eq!(fact("chat_tickets_last_30_days")["origin"], "api");
    assert_eq!(fact("plan")["value"], Value::Null, "no API gives the plan: unknown, not guessed");
}
