//! Generated accounts for benchmarks and batch tests (`migrate gen-fixtures N --seed S`).
//!
//! Hand-made fixtures cover the rules one by one; a batch over thousands of accounts needs
//! many *varied* ones: every segment, one to four brands, each complexity feature alone and
//! together, department schedules, time zones Rails lists and ones it does not (the costly
//! equivalence search), triggers of every event, shortcuts, bans, and on request a few
//! broken accounts of the kinds support engineers meet (bad JSON, wrong types, a newer
//! manifest, no manifest, non-UTF-8, an unknown time zone).
//!
//! Output is a pure function of (index, seed): account `i` is the same whatever `N` is, so
//! `gen-fixtures 100` is a prefix of `gen-fixtures 10000` with the same seed. The RNG is
//! `fastrand`'s wyrand with an explicit seed per account, never the global one.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};
use serde_json::{Value, json};

/// What to generate.
#[derive(Clone, Debug)]
pub struct GenOptions {
    pub count: usize,
    pub seed: u64,
    /// How many of the `count` accounts are broken.
    pub broken: usize,
}

/// What was generated.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GenReport {
    pub accounts: usize,
    /// Directory names of the broken accounts, sorted.
    pub broken: Vec<String>,
}

/// The ways a generated account is broken, each giving a different `InputError`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakage {
    /// `chat/triggers.json` cut off in the middle.
    TruncatedJson,
    /// `chat/departments.json` with a string where a list of ids belongs.
    WrongType,
    /// `manifest.toml` of a newer layout.
    NewerFormat,
    /// No `manifest.toml` at all.
    NoManifest,
    /// `chat/shortcuts.json` with bytes that are not UTF-8.
    NotUtf8,
    /// `chat/operating_hours.json` naming a time zone that does not exist.
    UnknownTimeZone,
}

impl Breakage {
    const ALL: [Breakage; 6] = [
        Breakage::TruncatedJson,
        Breakage::WrongType,
        Breakage::NewerFormat,
        Breakage::NoManifest,
        Breakage::NotUtf8,
        Breakage::UnknownTimeZone,
    ];
}

/// Directory name of account `i` (zero-padded so that names sort in index order).
pub fn account_name(i: usize, count: usize) -> String {
    let width = count.saturating_sub(1).max(1).to_string().len().max(5);
    format!("acct-{i:0width$}")
}

/// Which accounts are broken: `broken` distinct indexes chosen by the seed.
pub fn broken_indexes(opts: &GenOptions) -> BTreeSet<usize> {
    let mut rng = fastrand::Rng::with_seed(opts.seed ^ 0xB80C_E4ED_5EED_0001);
    let want = opts.broken.min(opts.count);
    let mut set = BTreeSet::new();
    while set.len() < want {
        set.insert(rng.usize(..opts.count));
    }
    set
}

/// Write `opts.count` accounts into `out`, one directory each.
pub fn generate(out: &Path, opts: &GenOptions) -> Result<GenReport> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let broken = broken_indexes(opts);
    let mut report = GenReport { accounts: opts.count, broken: Vec::new() };
    for i in 0..opts.count {
        let name = account_name(i, opts.count);
        let mut rng = account_rng(opts.seed, i);
        let mut files = account(&mut rng, i);
        if broken.contains(&i) {
            let kind = Breakage::ALL[rng.usize(..Breakage::ALL.len())];
            break_account(&mut files, kind);
            report.broken.push(name.clone());
        }
        write_account(&out.join(&name), &files)?;
    }
    Ok(report)
}

/// One RNG per account, so that account `i` does not depend on how many come before it.
fn account_rng(seed: u64, i: usize) -> fastrand::Rng {
    // splitmix64 of (seed, i): neighbouring indexes get unrelated streams.
    let mut z = seed ^ (i as u64).wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    fastrand::Rng::with_seed(z ^ (z >> 31))
}

/// An account as (relative path, bytes).
type Files = Vec<(String, Vec<u8>)>;

fn write_account(dir: &Path, files: &Files) -> Result<()> {
    for (rel, bytes) in files {
        let path: PathBuf = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn put(files: &mut Files, rel: &str, v: &Value) {
    // Pretty JSON like `curl | jq` leaves it: errors then name a useful line.
    let text = serde_json::to_string_pretty(v).unwrap_or_default();
    files.push((rel.to_owned(), text.into_bytes()));
}

fn find<'a>(files: &'a mut Files, rel: &str) -> Option<&'a mut Vec<u8>> {
    files.iter_mut().find(|(r, _)| r == rel).map(|(_, b)| b)
}

fn break_account(files: &mut Files, kind: Breakage) {
    match kind {
        Breakage::TruncatedJson => {
            let text = b"[\n  {\"id\": 1, \"name\": \"First Reply\", \"enabled\": 1,\n   \"definition\": {\"event\": \"chat_requested\",\n".to_vec();
            files.retain(|(r, _)| r != "chat/triggers.json");
            files.push(("chat/triggers.json".into(), text));
        }
        Breakage::WrongType => {
            files.retain(|(r, _)| r != "chat/departments.json");
            put(
                files,
                "chat/departments.json",
                &json!([
                    {"id": 201, "name": "Sales", "enabled": true, "members": [1001], "settings": {}},
                    {"id": 202, "name": "Billing", "enabled": true, "members": "everyone", "settings": {}}
                ]),
            );
        }
        Breakage::NewerFormat => {
            if let Some(b) = find(files, "manifest.toml") {
                let text = String::from_utf8_lossy(b).replacen("format = 1", "format = 7", 1);
                *b = text.into_bytes();
            }
        }
        Breakage::NoManifest => files.retain(|(r, _)| r != "manifest.toml"),
        Breakage::NotUtf8 => {
            files.retain(|(r, _)| r != "chat/shortcuts.json");
            let mut text = b"[{\"id\": \"hi\", \"name\": \"hi\", \"message\": \"Gr".to_vec();
            text.extend_from_slice(&[0xFF, 0xFE]);
            text.extend_from_slice(b"sse\"}]\n");
            files.push(("chat/shortcuts.json".into(), text));
        }
        Breakage::UnknownTimeZone => {
            files.retain(|(r, _)| r != "chat/operating_hours.json");
            put(
                files,
                "chat/operating_hours.json",
                &json!({"enabled": true, "type": "account", "timezone": "Europe/Atlantis",
                        "account_schedule": {"1": [{"start": 540, "end": 1020}]}}),
            );
        }
    }
}

const WORDS_A: &[&str] = &[
    "north", "blue", "bright", "swift", "green", "iron", "silver", "red", "oak", "sun", "lake", "stone", "cloud",
    "true", "happy", "urban",
];
const WORDS_B: &[&str] = &[
    "wind", "harbor", "works", "labs", "goods", "mart", "travel", "bank", "health", "foods", "media", "energy",
    "bikes", "books", "games", "home",
];
const FIRST: &[&str] = &["Ana", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jo", "Kai", "Lea", "Mo", "Noa"];
const LAST: &[&str] = &["Silva", "Berg", "Kim", "Okafor", "Novak", "Rossi", "Tanaka", "Meyer", "Haddad", "Ng"];
const DEPARTMENTS: &[&str] =
    &["Sales", "Billing", "Support", "Returns", "Technical", "VIP", "Onboarding", "Partners", "Shipping", "Accounts"];
/// Zones Rails lists (cheap) and zones it does not (matched by offsets, or not at all).
const ZONES: &[&str] = &[
    "Europe/Berlin",
    "Europe/London",
    "America/New_York",
    "America/Los_Angeles",
    "America/Chicago",
    "Asia/Tokyo",
    "Australia/Sydney",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "America/Toronto",
    "Europe/Oslo",
    "Asia/Dubai",
    "America/Vancouver",
    "Europe/Kyiv",
    "Africa/Lagos",
    "Pacific/Marquesas",
];
const PLANS: &[&str] = &[
    "support_team",
    "support_professional",
    "support_enterprise",
    "suite_team",
    "suite_growth",
    "suite_professional",
    "suite_enterprise",
    "suite_enterprise_plus",
];

/// The kind of account to make; the segment follows from the data, not from a label.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Profile {
    Inactive,
    Simple,
    Complex,
    UnknownActivity,
}

fn pick<'a>(rng: &mut fastrand::Rng, list: &[&'a str]) -> &'a str {
    list[rng.usize(..list.len())]
}

fn account(rng: &mut fastrand::Rng, i: usize) -> Files {
    let mut files = Files::new();
    let profile = match rng.u32(..100) {
        0..15 => Profile::Inactive,
        15..45 => Profile::Simple,
        45..92 => Profile::Complex,
        _ => Profile::UnknownActivity,
    };
    let subdomain = format!("{}{}-{i}", pick(rng, WORDS_A), pick(rng, WORDS_B));
    let company = {
        let mut c = subdomain.split('-').next().unwrap_or("acme").to_owned();
        if let Some(f) = c.get_mut(..1) {
            f.make_ascii_uppercase();
        }
        c
    };
    let month = rng.u32(1..=12);
    let day = rng.u32(1..=28);
    let manifest = format!(
        "format = 1\nsubdomain = \"{subdomain}\"\nexported_at = \"2026-{month:02}-{day:02}T{:02}:{:02}:00Z\"\nexported_by = \"migrate gen-fixtures\"\n",
        rng.u32(0..24),
        rng.u32(0..60)
    );
    files.push(("manifest.toml".into(), manifest.into_bytes()));

    // Features: a complex account uses one to four of them, or none but several brands.
    let mut features = [false; 4]; // hours, pre-chat, offline, auth
    let mut brand_count = 1;
    if profile == Profile::Complex {
        let n = rng.usize(0..=4);
        for _ in 0..n {
            features[rng.usize(..4)] = true;
        }
        brand_count = if n == 0 || rng.u32(..100) < 25 { rng.usize(2..=4) } else { 1 };
    } else if profile == Profile::UnknownActivity {
        brand_count = rng.usize(1..=2);
    }

    // Agents, departments, groups.
    let n_agents = rng.usize(1..=12);
    let agents: Vec<(u64, String)> =
        (0..n_agents).map(|a| (1000 + a as u64, format!("{} {}", pick(rng, FIRST), pick(rng, LAST)))).collect();
    let n_depts = if rng.bool() { rng.usize(1..=5) } else { 0 };
    let mut dept_names: Vec<&str> = DEPARTMENTS.to_vec();
    rng.shuffle(&mut dept_names);
    let depts: Vec<(u64, &str)> =
        dept_names.iter().take(n_depts).enumerate().map(|(d, n)| (200 + d as u64, *n)).collect();
    let dept_json: Vec<Value> = depts
        .iter()
        .map(|(id, name)| {
            let members: Vec<u64> = agents.iter().filter(|_| rng.bool()).map(|a| a.0).collect();
            let settings = if rng.u32(..100) < 70 {
                json!({"chat_enabled": true, "support_group_id": 9000 + id})
            } else {
                json!({})
            };
            json!({"id": id, "name": name, "description": format!("{name} team"), "enabled": if rng.bool() { json!(true) } else { json!(1) }, "members": members, "settings": settings})
        })
        .collect();
    let agents_json: Vec<Value> = agents
        .iter()
        .enumerate()
        .map(|(a, (id, name))| {
            let email = format!("{}@{subdomain}.example", name.to_lowercase().replace(' ', "."));
            let ds: Vec<u64> = depts.iter().filter(|_| rng.bool()).map(|d| d.0).collect();
            json!({"id": id, "email": email, "display_name": name, "enabled": true, "role_id": if a == 0 { 1 } else { 2 },
                   "departments": ds, "enabled_departments": ds, "skills": [],
                   "roles": {"administrator": a == 0, "owner": a == 0}})
        })
        .collect();
    put(
        &mut files,
        "chat/account.json",
        &json!({"account_key": format!("gen{i:08}"), "status": "active", "create_date": "2021-03-04T05:06:07Z",
                "plan": {"name": pick(rng, &["lite", "team", "professional", "enterprise"]), "max_agents": rng.u32(1..50),
                         "max_departments": "unlimited", "operating_hours": 1, "goals": 5}}),
    );
    put(&mut files, "chat/agents.json", &Value::Array(agents_json));
    if n_depts > 0 || rng.bool() {
        put(&mut files, "chat/departments.json", &Value::Array(dept_json));
    }

    // Triggers of every event, some department-setting.
    if rng.u32(..100) < 85 {
        let n = rng.usize(0..=10);
        let triggers: Vec<Value> = (0..n).map(|t| trigger(rng, t, &depts)).collect();
        put(&mut files, "chat/triggers.json", &Value::Array(triggers));
    }
    if rng.u32(..100) < 80 {
        let n = rng.usize(0..=12);
        let shortcuts: Vec<Value> = (0..n)
            .map(|s| {
                let name = format!("{}{s}", pick(rng, &["hi", "bye", "refund", "shipping", "hours", "reset"]));
                let options = if rng.u32(..100) < 20 { "Yes/No" } else { "" };
                let mut v = json!({"id": name, "name": name, "message": format!("Canned reply {s} for {company}."),
                                   "options": options, "tags": if rng.bool() { json!([name]) } else { json!([]) }, "scope": "all"});
                if let (Some((d, _)), true) = (depts.first(), rng.bool()) {
                    v["scope"] = json!("department");
                    v["departments"] = json!([d]);
                }
                v
            })
            .collect();
        put(&mut files, "chat/shortcuts.json", &Value::Array(shortcuts));
    }
    if rng.bool() {
        let visitors: Vec<Value> = (0..rng.usize(0..4))
            .map(|b| json!({"id": b + 1, "type": "visitor", "visitor_id": format!("{}.{b}", 1_000_000 + i), "visitor_name": format!("Visitor {b}"), "reason": "Spam", "created_at": "2025-04-27T15:52:32Z"}))
            .collect();
        let ips: Vec<Value> = (0..rng.usize(0..3))
            .map(|b| json!({"id": 100 + b, "type": "ip_address", "ip_address": format!("192.0.2.{}", 1 + b), "reason": "Abuse", "created_at": "2025-04-21T14:42:46Z"}))
            .collect();
        put(&mut files, "chat/bans.json", &json!({"visitor": visitors, "ip_address": ips}));
    }
    if rng.u32(..100) < 30 {
        put(
            &mut files,
            "chat/goals.json",
            &json!([{"id": 513_481, "name": "Checkout", "enabled": true, "attribution_model": "first_touch", "attribution_period": 15,
                     "settings": {"conditions": [{"operator": "equals", "type": "url", "value": format!("https://{subdomain}.example/thanks")}]}}]),
        );
    }
    if rng.u32(..100) < 40 {
        let skills: Vec<Value> = ["english", "german", "spanish"]
            .iter()
            .take(rng.usize(1..=3))
            .enumerate()
            .map(|(s, n)| json!({"id": 300 + s, "name": n, "enabled": true, "members": [agents[0].0]}))
            .collect();
        put(&mut files, "chat/skills.json", &Value::Array(skills));
    }
    if rng.u32(..100) < 60 {
        put(
            &mut files,
            "chat/routing_settings.json",
            &json!({"data": {"routing_mode": pick(rng, &["assigned", "broadcast"]),
                             "chat_limit": {"enabled": rng.bool(), "limit": rng.u32(1..6), "limit_type": "account", "allow_agent_override": false},
                             "skill_routing": {"enabled": rng.bool(), "max_wait_time": 30},
                             "reassignment": {"enabled": rng.bool(), "timeout": 30},
                             "auto_idle": {"enabled": false, "reassignments_before_idle": 3, "new_status": "away"},
                             "auto_accept": {"enabled": false}}}),
        );
    }

    // Operating hours: in use, switched off, or not exported.
    if features[0] {
        let tz = pick(rng, ZONES);
        let dept_hours = !depts.is_empty() && rng.u32(..100) < 30;
        let mut v = json!({"enabled": true, "type": if dept_hours { "department" } else { "account" }, "timezone": tz,
                           "account_schedule": week(rng)});
        if dept_hours {
            let mut m = serde_json::Map::new();
            for (id, _) in depts.iter().take(3) {
                m.insert(id.to_string(), week(rng));
            }
            v["department_schedule"] = Value::Object(m);
        }
        put(&mut files, "chat/operating_hours.json", &v);
    } else if profile != Profile::UnknownActivity && rng.bool() {
        put(
            &mut files,
            "chat/operating_hours.json",
            &json!({"enabled": false, "type": "account", "timezone": pick(rng, ZONES), "account_schedule": {}}),
        );
    }

    // Widget: the three form/auth features, appearance, classic API calls.
    if profile != Profile::UnknownActivity || rng.bool() {
        let mut w = json!({
            "pre_chat_form": {"enabled": features[1], "greeting": "Hi! Tell us who you are.",
                              "fields": [{"name": "name", "required": true}, {"name": "email", "required": true},
                                         {"name": "phone", "required": false}]},
            "offline_form": {"enabled": features[2], "greeting": "We're offline. Leave a message.", "display_operating_hours": features[0],
                             "fields": [{"name": "name", "required": true}, {"name": "email", "required": true}, {"name": "message", "required": true}]},
            "visitor_authentication": {"enabled": features[3]},
            "appearance": {"color": format!("#{:06x}", rng.u32(..0x0100_0000)), "position": pick(rng, &["br", "bl"]), "button_text": "Chat with us"}
        });
        if features[1] && !depts.is_empty() && rng.bool() {
            if let Some(fields) = w["pre_chat_form"]["fields"].as_array_mut() {
                fields.push(json!({"name": "department", "required": false, "label": "Choose a team"}));
            }
        }
        if features[3] {
            w["visitor_authentication"]["shared_secret"] = json!(format!("gen-secret-{i}-{}", rng.u64(..)));
        }
        if rng.u32(..100) < 30 {
            w["js_api_calls"] = json!(["zE('webWidget', 'open')", "$zopim.livechat.departments.filter('Sales')"]);
        }
        put(&mut files, "chat/widget.json", &w);
    }

    // Support side.
    let brands: Vec<Value> = (0..brand_count.max(1) + usize::from(rng.u32(..100) < 20))
        .map(|b| {
            let active = b < brand_count;
            let sub = if b == 0 { subdomain.clone() } else { format!("{subdomain}-b{b}") };
            json!({"id": 360_000 + b, "name": if b == 0 { company.clone() } else { format!("{company} {b}") }, "subdomain": sub,
                   "brand_url": format!("https://{sub}.zendesk.com"), "active": active, "default": b == 0})
        })
        .collect();
    put(&mut files, "support/brands.json", &json!({"brands": brands, "next_page": null, "count": brands.len()}));
    let groups: Vec<Value> = depts
        .iter()
        .map(|(id, name)| json!({"id": 9000 + id, "name": name, "deleted": false}))
        .chain(std::iter::once(json!({"id": 9999, "name": "Support", "deleted": false})))
        .collect();
    put(&mut files, "support/groups.json", &json!({"groups": groups}));
    let users: Vec<Value> = agents
        .iter()
        .filter(|_| rng.u32(..100) < 90)
        .enumerate()
        .map(|(u, (_, name))| {
            json!({"id": 7000 + u, "name": name, "email": format!("{}@{subdomain}.example", name.to_lowercase().replace(' ', ".")),
                   "role": if u == 0 { "admin" } else { "agent" }})
        })
        .collect();
    put(&mut files, "support/users.json", &json!({"users": users}));
    let (chat_tickets, tickets) = match profile {
        Profile::Inactive => (json!(0), json!(0)),
        Profile::UnknownActivity => (Value::Null, Value::Null),
        _ => {
            let c = rng.u64(1..5000);
            (json!(c), json!(c + rng.u64(0..5000)))
        }
    };
    let mut support = json!({"plan": pick(rng, PLANS), "agent_workspace": rng.u32(..100) < 80,
        "help_center": {"enabled": rng.bool(), "public_articles": rng.u32(0..200)},
        "support_addresses": [format!("support@{subdomain}.example")], "social_channels": [], "zendesk_message_channels": [],
        "data_center_location_addon": false, "integrations": rng.u32(0..20), "mobile_sdk_apps": rng.u32(0..2)});
    if !chat_tickets.is_null() {
        support["chat_tickets_last_30_days"] = chat_tickets;
        support["tickets_last_30_days"] = tickets;
    }
    put(&mut files, "support/account.json", &support);

    // A small chat history now and then: the account's activity then comes from it.
    if profile != Profile::UnknownActivity && rng.u32(..100) < 10 {
        // The day before the export, so the chats fall inside its 30-day window (D-4) and
        // agree with support/account.json. (On the 1st of a month they once fell on the
        // export day itself, possibly after the export time: an active account then
        // classified inactive.)
        let chat_day = jiff::civil::date(2026, i8::try_from(month).unwrap_or(1), i8::try_from(day).unwrap_or(1))
            .yesterday()
            .unwrap_or(jiff::civil::date(2026, 1, 1));
        let mut text = String::new();
        for c in 0..rng.usize(3..40) {
            let ticket = if profile == Profile::Inactive { Value::Null } else { json!(50_000 + c) };
            text.push_str(&format!(
                "{}\n",
                json!({"id": format!("2601.{i}.{c}"), "timestamp": format!("{chat_day}T10:00:00Z"),
                       "zendesk_ticket_id": ticket, "type": "chat"})
            ));
        }
        files.push(("chat/chats.jsonl".into(), text.into_bytes()));
    }
    files
}

fn trigger(rng: &mut fastrand::Rng, t: usize, depts: &[(u64, &str)]) -> Value {
    let id = t + 1;
    match rng.u32(..5) {
        0 => json!({"id": id, "name": format!("First Reply {id}"), "description": "Standard first reply", "enabled": 1,
                    "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@visitor_requesting_chat", true], ["not", ["firedBefore"]]],
                                   "actions": [["wait", rng.u32(1..30)], ["sendMessageToVisitor", "Customer Service", "Thanks, an agent will be with you shortly."]]}}),
        1 => json!({"id": id, "name": format!("Away reply {id}"), "description": "", "enabled": rng.bool(),
                    "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@account_status", "away"]],
                                   "actions": [["addTag", "away_request"], ["sendMessageToVisitor", "Customer Service", "We are away right now."]]}}),
        2 if !depts.is_empty() => {
            let d = depts[rng.usize(..depts.len())].0;
            json!({"id": id, "name": format!("Route {id}"), "description": "", "enabled": 1,
                   "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@visitor_country_code", pick(rng, &["DE", "FR", "US", "BR"])]],
                                  "actions": [["setDepartment", d]]}})
        }
        3 => json!({"id": id, "name": format!("Cart helper {id}"), "description": "Proactive help", "enabled": 0,
                    "definition": {"event": "page_enter", "condition": ["and", ["icontains", "@visitor_page_url", "/checkout"], ["stillOnPage", rng.u32(10..90)]],
                                   "action": [["sendMessageToVisitor", "Stephanie", "Need a hand?"]]}}),
        _ => json!({"name": format!("Tag keywords {id}"), "description": "", "enabled": 1,
                    "definition": {"event": "chat_message", "condition": ["and", ["icontains", "@visitor_message", "refund"]],
                                   "actions": [["addTag", "refund"]]}}),
    }
}

/// A working week with the odd late shift that crosses midnight.
fn week(rng: &mut fastrand::Rng) -> Value {
    let start = 60 * rng.u32(6..=10);
    let end = start + 60 * rng.u32(6..=10);
    let mut m = serde_json::Map::new();
    for d in 0..7u32 {
        let v = if d == 0 || (d == 6 && rng.bool()) {
            json!([])
        } else if rng.u32(..100) < 10 {
            json!([{"start": 1200, "end": 1560}])
        } else if rng.u32(..100) < 20 {
            json!([{"start": start, "end": 720}, {"start": 780, "end": end.max(800)}])
        } else {
            json!([{"start": start, "end": end}])
        };
        m.insert(d.to_string(), v);
    }
    Value::Object(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_in_index_order() {
        assert_eq!(account_name(7, 10), "acct-00007");
        assert_eq!(account_name(123_456, 200_000), "acct-123456");
        assert!(account_name(99, 100) < account_name(100, 100));
    }

    #[test]
    fn an_account_does_not_depend_on_the_count() {
        let a = account(&mut account_rng(42, 5), 5);
        let b = account(&mut account_rng(42, 5), 5);
        assert_eq!(a, b);
        let c = account(&mut account_rng(43, 5), 5);
        assert_ne!(a, c);
    }

    #[test]
    fn broken_indexes_are_distinct_and_bounded() {
        let set = broken_indexes(&GenOptions { count: 10, seed: 1, broken: 4 });
        assert_eq!(set.len(), 4);
        assert!(set.iter().all(|i| *i < 10));
        assert_eq!(broken_indexes(&GenOptions { count: 3, seed: 1, broken: 9 }).len(), 3);
    }
}
