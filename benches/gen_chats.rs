//! Generate a realistic exported account with a large `chat/chats.jsonl`, for the history
//! benchmark (README, "Benchmarks"). Deterministic: the same seed and size give the same
//! bytes.
//!
//! The chats are shaped like the real capture `research/samples/zenpy-chat/chat.json`
//! (session, webpath, counts, response times and a `history` of member joins, messages,
//! tags and comments) plus the newer incremental-export fields `update_timestamp` and
//! `deleted` (`airbyte-chat/incremental_chats_page.json`). Traffic follows office hours in
//! Europe/Berlin with quiet nights and weekends, about 8% are offline messages, about 60% of
//! the chats made a ticket, about 3% re-appear later because they were updated (a tag added),
//! and about 0.5% re-appear as deleted. Lines are written in `update_timestamp` order, as
//! the incremental export returns them.
//!
//! ```sh
//! cargo run --release --example gen_chats -- --size 1GB --seed 7 --out /tmp/migrate-bench/acct-1g
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::cast_possible_truncation)]

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt::Write as _;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

use clap::Parser;
use jiff::civil::Date;
use jiff::tz::TimeZone;

#[derive(Debug, Parser)]
struct Args {
    /// Approximate size of chats.jsonl: 1GB, 4GB, 500MB, 200KB
    #[arg(long, default_value = "1GB")]
    size: String,
    /// Seed of the pseudo-random generator
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Account directory to write (manifest.toml, chat/…)
    #[arg(long)]
    out: PathBuf,
    /// Days of history before the export
    #[arg(long, default_value_t = 365)]
    days: u32,
    /// Small chat objects (no history, webpath or session, ~250 bytes): many more chats per
    /// GB, to check the memory bound's per-chat part
    #[arg(long)]
    lean: bool,
}

/// splitmix64: small, fast, and good enough for test data.
#[derive(Debug)]
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    /// Exponentially distributed with the given mean.
    fn exp(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.unit()).ln()
    }
    /// Poisson-distributed count (Knuth for small means, normal approximation above).
    fn poisson(&mut self, mean: f64) -> u64 {
        if mean < 30.0 {
            let l = (-mean).exp();
            let (mut k, mut p) = (0u64, 1.0);
            loop {
                p *= self.unit();
                if p <= l {
                    return k;
                }
                k += 1;
            }
        }
        let u1 = self.unit().max(1e-12);
        let u2 = self.unit();
        let z = (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos();
        (mean + z * mean.sqrt()).round().max(0.0) as u64
    }
}

const WORDS: &[&str] = &[
    "hello",
    "order",
    "invoice",
    "refund",
    "shipping",
    "delivery",
    "account",
    "password",
    "reset",
    "thanks",
    "please",
    "help",
    "broken",
    "cannot",
    "login",
    "payment",
    "card",
    "declined",
    "tracking",
    "number",
    "package",
    "arrived",
    "damaged",
    "return",
    "label",
    "size",
    "exchange",
    "subscription",
    "cancel",
    "upgrade",
    "plan",
    "discount",
    "code",
    "works",
    "again",
    "great",
    "sorry",
    "wait",
    "minute",
    "checking",
    "found",
    "sent",
    "email",
    "confirm",
    "address",
    "today",
    "tomorrow",
    "week",
    "status",
    "update",
    "anything",
    "else",
    "perfect",
    "bye",
    "problem",
    "solved",
];
const AGENTS: &[(&str, &str)] = &[
    ("361089721035", "Ana"),
    ("361089721036", "Bo"),
    ("361089721037", "Cy"),
    ("361089721038", "Dee"),
    ("361089721039", "Eli"),
    ("361089721040", "Fay"),
    ("361089721041", "Gus"),
    ("361089721042", "Hal"),
];
const PAGES: &[&str] = &["/", "/pricing", "/checkout", "/account", "/help/returns", "/help/shipping", "/orders"];
const CITIES: &[(&str, &str, &str)] = &[
    ("Berlin", "DE", "Germany"),
    ("Wien", "AT", "Austria"),
    ("Zürich", "CH", "Switzerland"),
    ("Paris", "FR", "France"),
];

/// Relative chat arrivals by local hour on a weekday: quiet nights, busy office hours.
const WEEKDAY_SHAPE: [f64; 24] = [
    0.05, 0.03, 0.02, 0.02, 0.03, 0.08, 0.3, 0.7, 1.3, 1.8, 2.0, 1.9, 1.5, 1.7, 1.9, 1.8, 1.5, 1.1, 0.8, 0.6, 0.5, 0.4,
    0.25, 0.1,
];

/// A chat to write: everything else is derived from `seed` when it is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Pending {
    update: i64,
    n: u64,
    start: i64,
    duration: i64,
    seed: u64,
    offline: bool,
    version: Version,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Version {
    First,
    /// Re-appears because it was updated (a tag added).
    Updated,
    /// Re-appears as deleted.
    Deleted,
}

fn parse_size(s: &str) -> u64 {
    let s = s.trim().to_ascii_uppercase();
    let (num, mult) = if let Some(n) = s.strip_suffix("GB") {
        (n, 1_000_000_000)
    } else if let Some(n) = s.strip_suffix("MB") {
        (n, 1_000_000)
    } else if let Some(n) = s.strip_suffix("KB") {
        (n, 1_000)
    } else {
        (s.as_str(), 1)
    };
    (num.trim().parse::<f64>().expect("size such as 1GB") * mult as f64) as u64
}

fn ts(secs: i64) -> String {
    jiff::Timestamp::from_second(secs).unwrap().strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn ts_ms(secs: i64, ms: u64) -> String {
    format!("{}.{:03}000Z", jiff::Timestamp::from_second(secs).unwrap().strftime("%Y-%m-%dT%H:%M:%S"), ms % 1000)
}

fn words(rng: &mut Rng, n: u64) -> String {
    let mut s = String::new();
    for i in 0..n {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    s
}

fn id(n: u64, start: i64, rng: &mut Rng) -> String {
    const ALPHA: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let date = jiff::Timestamp::from_second(start).unwrap().strftime("%y%m").to_string();
    let mut tail = String::new();
    let mut v = n;
    for _ in 0..5 {
        tail.push(ALPHA[(v % 62) as usize] as char);
        v /= 62;
    }
    for _ in 0..8 {
        tail.push(ALPHA[rng.below(62) as usize] as char);
    }
    format!("{date}.10414779.{tail}")
}

/// Only the fields the figures read, and a few more.
fn write_lean(out: &mut String, p: &Pending) {
    let mut rng = Rng(p.seed);
    let chat_id = id(p.n, p.start, &mut rng);
    let ticket = if rng.chance(0.6) { (100_000 + p.n).to_string() } else { "null".into() };
    let _ = writeln!(
        out,
        r#"{{"id":"{chat_id}","type":"{}","timestamp":"{}","end_timestamp":"{}","duration":{},"update_timestamp":"{}","deleted":{},"zendesk_ticket_id":{ticket},"missed":false,"tags":["vip"]}}"#,
        if p.offline { "offline_msg" } else { "chat" },
        ts(p.start),
        ts(p.start + p.duration),
        p.duration,
        ts(p.update),
        p.version == Version::Deleted,
    );
}

fn write_chat(out: &mut String, p: &Pending) {
    let mut rng = Rng(p.seed);
    let chat_id = id(p.n, p.start, &mut rng);
    let visitor_id = format!("10414779.{}", rng.next() % 10_000_000_000);
    let visitor_name = format!("Visitor {}", rng.below(100_000_000));
    let (city, cc, country) = CITIES[rng.below(CITIES.len() as u64) as usize];
    let ticket = if p.offline { rng.chance(0.9) } else { rng.chance(0.6) };
    let ticket = if ticket { (100_000 + p.n).to_string() } else { "null".into() };
    let session_start = p.start - 5 - rng.below(120) as i64;
    let end = p.start + p.duration;
    let deleted = p.version == Version::Deleted;
    let dept = if rng.chance(0.5) { ("7282630247567", "\"Sales\"") } else { ("null", "null") };
    let mut webpath = String::from("[");
    for i in 0..(1 + rng.below(4)) {
        if i > 0 {
            webpath.push(',');
        }
        let page = PAGES[rng.below(PAGES.len() as u64) as usize];
        let _ = write!(
            webpath,
            r#"{{"from":"https://shop.example.com{page}","timestamp":"{}","title":"Shop — {}","to":"https://shop.example.com{}"}}"#,
            ts(session_start + i as i64 * 20),
            words(&mut rng, 2),
            PAGES[rng.below(PAGES.len() as u64) as usize]
        );
    }
    webpath.push(']');
    let session = format!(
        r#"{{"browser":"Firefox","city":"{city}","country_code":"{cc}","country_name":"{country}","end_date":"{}","id":"{}.10414779.{}","ip":"203.0.113.{}","platform":"Linux","region":"{city}","start_date":"{}","user_agent":"Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}}"#,
        ts(end + 2),
        jiff::Timestamp::from_second(p.start).unwrap().strftime("%y%m%d"),
        rng.below(1_000_000_000),
        rng.below(255),
        ts(session_start)
    );
    let visitor = format!(
        r#"{{"email":"visitor{}@mail.example","id":"{visitor_id}","name":"{visitor_name}","notes":"","phone":""}}"#,
        rng.below(1_000_000)
    );
    if p.offline {
        let _ = writeln!(
            out,
            r#"{{"type":"offline_msg","unread":false,"tags":[],"update_timestamp":"{}","webpath":{webpath},"session":{session},"department_name":{},"id":"{chat_id}","message":"{}","deleted":{deleted},"timestamp":"{}","department_id":{},"visitor":{visitor},"zendesk_ticket_id":{ticket}}}"#,
            ts(p.update),
            dept.1,
            {
                let k = 5 + rng.below(40);
                words(&mut rng, k)
            },
            ts(p.start),
            dept.0,
        );
        return;
    }
    let (agent_id, agent) = AGENTS[rng.below(AGENTS.len() as u64) as usize];
    let msgs = 2 + rng.below(8) + if rng.chance(0.2) { rng.below(30) } else { 0 };
    let channel = format!("#supportchat:{}", visitor_id.replace('.', "-"));
    let mut history = String::from("[");
    let mut t = p.start;
    let mut ms = rng.below(1000);
    let _ = write!(
        history,
        r#"{{"channel":"{channel}","department_id":null,"department_name":null,"name":"{visitor_name}","timestamp":"{}","type":"chat.memberjoin"}}"#,
        ts_ms(t, ms)
    );
    let _ = write!(
        history,
        r#",{{"channel":"{channel}","name":"{agent}","timestamp":"{}","type":"chat.memberjoin"}}"#,
        ts_ms(t + 5, ms)
    );
    let (mut from_visitor, mut n_visitor, mut n_agent) = (0u64, 0u64, 0u64);
    for _ in 0..msgs {
        t += (p.duration / (msgs as i64 + 1)).max(1);
        ms = rng.below(1000);
        let visitor_msg = rng.chance(0.5);
        let k = 1 + rng.below(25);
        let text = words(&mut rng, k);
        if visitor_msg {
            n_visitor += 1;
            from_visitor = t as u64;
            let _ = write!(
                history,
                r#",{{"channel":"{channel}","msg":"{text}","msg_id":"{}","name":"{visitor_name}","options":"","timestamp":"{}","type":"chat.msg"}}"#,
                (t as u64) * 1000 + ms,
                ts_ms(t, ms)
            );
        } else {
            n_agent += 1;
            let _ = write!(
                history,
                r#",{{"channel":"{channel}","msg":"{text}","name":"{agent}","options":"","timestamp":"{}","type":"chat.msg"}}"#,
                ts_ms(t, ms)
            );
        }
    }
    let _ = from_visitor;
    let tags = if p.version == Version::Updated { r#"["followup","vip"]"# } else { r#"["vip"]"# };
    let _ = write!(
        history,
        r#",{{"channel":"{channel}","name":"{agent}","new_tags":["vip"],"tags":[],"timestamp":"{}","type":"chat.tag"}}"#,
        ts_ms(t, ms)
    );
    let _ = write!(
        history,
        r#",{{"channel":"{channel}","name":"{visitor_name}","timestamp":"{}","type":"chat.memberleave"}}]"#,
        ts_ms(end, ms)
    );
    let first = 5 + rng.below(120);
    let _ = writeln!(
        out,
        r#"{{"comment":null,"triggered_response":null,"rating":{},"visitor":{visitor},"session":{session},"duration":{},"agent_names":["{agent}"],"department_name":{},"id":"{chat_id}","end_timestamp":"{}","referrer_search_terms":"","referrer_search_engine":"","missed":false,"agent_ids":["{agent_id}"],"webpath":{webpath},"type":"chat","department_id":{},"triggered":false,"tags":{tags},"timestamp":"{}","update_timestamp":"{}","deleted":{deleted},"response_time":{{"max":{},"avg":{}.5,"first":{first}}},"count":{{"visitor":{n_visitor},"total":{},"agent":{n_agent}}},"zendesk_ticket_id":{ticket},"started_by":"visitor","unread":false,"history":{history}}}"#,
        if rng.chance(0.3) { "\"good\"" } else { "null" },
        p.duration,
        dept.1,
        ts(end),
        dept.0,
        ts(p.start),
        ts(p.update),
        first * 3,
        first * 2,
        n_visitor + n_agent,
    );
}

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let target = parse_size(&args.size);
    let tz = TimeZone::get("Europe/Berlin").unwrap();
    let chat_dir = args.out.join("chat");
    std::fs::create_dir_all(&chat_dir)?;

    // About 4 KB a chat on average: the rate is chosen so that `days` of history fill
    // the target size.
    let per_day = target as f64 / if args.lean { 250.0 } else { 4000.0 } / f64::from(args.days);
    let weekday_sum: f64 = WEEKDAY_SHAPE.iter().sum();
    let first_day = Date::constant(2026, 11, 2) - jiff::Span::new().days(i64::from(args.days));

    let file = std::fs::File::create(chat_dir.join("chats.jsonl"))?;
    let mut w = BufWriter::with_capacity(1 << 20, file);
    let mut rng = Rng(args.seed);
    let mut heap: BinaryHeap<Reverse<Pending>> = BinaryHeap::new();
    let mut written = 0u64;
    let mut n = 0u64;
    let mut last_update;
    let mut line = String::with_capacity(64 * 1024);
    let (mut lines, mut updated, mut deleted) = (0u64, 0u64, 0u64);
    let mut day = first_day;
    'days: loop {
        let weekend = matches!(day.weekday(), jiff::civil::Weekday::Saturday | jiff::civil::Weekday::Sunday);
        for hour in 0..24i8 {
            let shape = WEEKDAY_SHAPE[hour as usize] * if weekend { 0.25 } else { 1.0 };
            let mean = per_day * shape / weekday_sum;
            let hour_start = match day.at(hour, 0, 0, 0).to_zoned(tz.clone()) {
                Ok(z) => z.timestamp().as_second(),
                Err(_) => continue,
            };
            // Everything due before this hour is written, in update order.
            while let Some(Reverse(p)) = heap.peek().copied() {
                if p.update > hour_start {
                    break;
                }
                heap.pop();
                line.clear();
                if args.lean {
                    write_lean(&mut line, &p);
                } else {
                    write_chat(&mut line, &p);
                }
                w.write_all(line.as_bytes())?;
                written += line.len() as u64;
                lines += 1;
                last_update = p.update;
                if written >= target {
                    break 'days;
                }
            }
            let k = rng.poisson(mean);
            for _ in 0..k {
                n += 1;
                let start = hour_start + rng.below(3600) as i64;
                let offline = rng.chance(0.08);
                let duration = if offline { 0 } else { 60 + rng.exp(600.0) as i64 };
                let update = start + duration + 1 + rng.below(60) as i64;
                let seed = rng.next();
                let first = Pending { update, n, start, duration, seed, offline, version: Version::First };
                heap.push(Reverse(first));
                if !offline && rng.chance(0.03) {
                    let later = update + 3600 + rng.below(3 * 86_400) as i64;
                    heap.push(Reverse(Pending { update: later, version: Version::Updated, ..first }));
                    updated += 1;
                }
                if rng.chance(0.005) {
                    let later = update + 86_400 + rng.below(20 * 86_400) as i64;
                    heap.push(Reverse(Pending { update: later, version: Version::Deleted, ..first }));
                    deleted += 1;
                }
            }
        }
        day = day.tomorrow().unwrap();
    }
    w.flush()?;
    drop(w);

    let exported_at = ts(last_update + 600);
    std::fs::write(
        args.out.join("manifest.toml"),
        format!(
            "format = 1\nsubdomain = \"bench\"\nexported_at = \"{exported_at}\"\nexported_by = \"gen_chats seed {}\"\n",
            args.seed
        ),
    )?;
    let mut agents = String::from("[\n");
    for i in 0..40u64 {
        let _ = writeln!(
            agents,
            r#"  {{"id": {}, "email": "agent{i}@shop.example", "display_name": "Agent {i}", "enabled": {}, "role_id": 1, "departments": [], "enabled_departments": [], "skills": []}}{}"#,
            361_089_721_000 + i,
            i % 8 != 7,
            if i == 39 { "" } else { "," }
        );
    }
    agents.push_str("]\n");
    std::fs::write(chat_dir.join("agents.json"), agents)?;
    std::fs::write(
        chat_dir.join("operating_hours.json"),
        r#"{"enabled": true, "type": "account", "timezone": "Europe/Berlin",
 "account_schedule": {"0": [], "1": [{"start": 480, "end": 1080}], "2": [{"start": 480, "end": 1080}],
  "3": [{"start": 480, "end": 1080}], "4": [{"start": 480, "end": 1080}], "5": [{"start": 480, "end": 1080}], "6": []},
 "department_schedule": {}}
"#,
    )?;
    eprintln!(
        "wrote {} ({:.1} MB, {lines} lines, {n} chats, {updated} updated, {deleted} deleted, exported_at {exported_at})",
        chat_dir.join("chats.jsonl").display(),
        written as f64 / 1e6
    );
    Ok(())
}
