//! Benchmark of `migrate export` pacing (issue 5): a local fake Zendesk that answers at most
//! R requests per second (429 with `Retry-After: 1` beyond it, over a sliding one-second
//! window), and an export of a synthetic account with hundreds of pages.
//!
//! Prints the requests made, the wall time, the floor the limit sets (requests ÷ R), their
//! ratio (goal ≤ 1.15) and the 429s per minute of export (goal ≤ 1).
//!
//! ```sh
//! cargo bench --bench export -- [--rate R] [--chats N] [--agents N] [--users N]
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/it/fake_zendesk.rs"]
mod fake_zendesk;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fake_zendesk::{Account, Fake, Options};
use migrate::export::{Job, export_account};
use migrate::printer::{Color, Printer};
use migrate::secret::Secret;
use migrate::zendesk::Auth;
use migrate::zendesk::pace::Rates;
use migrate::zendesk::retry::RetryPolicy;
use migrate::zendesk::{Client, ClientOptions, RealClock};

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name} takes a number")))
        .unwrap_or(default)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rate = arg(&args, "--rate", 50);
    let chats = arg(&args, "--chats", 40_000);
    let agents = arg(&args, "--agents", 200);
    let users = arg(&args, "--users", 300);
    const CHAT_PAGE: u32 = 100;

    let token = "bench-token";
    let mut options = Options::bearer(token);
    options.page_size = 10;
    options.rate_per_sec = Some(rate);
    let fake = Fake::start(Account::synthetic(agents, 100, chats, users), options).await;

    let per_minute = u32::try_from(rate * 60).expect("rate");
    let opts = ClientOptions {
        base_url: url::Url::parse(&fake.uri()).unwrap(),
        auth: Auth::Bearer(Secret::new(token)),
        rates: Rates { chat: per_minute, support: per_minute, incremental: per_minute },
        timeout: Duration::from_secs(10),
        policy: RetryPolicy::default(),
        seed: None,
    };
    let client = Client::new(opts, Arc::new(RealClock), Printer::new(Color::Never, true, true)).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let job = Job {
        subdomain: "bench".into(),
        out: tmp.path().join("bench"),
        since: jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 90),
        now: jiff::Timestamp::now(),
        resume: false,
        chats: true,
        chat_page_limit: CHAT_PAGE,
    };
    eprintln!(
        "exporting a synthetic account ({chats} chats in pages of {CHAT_PAGE}) from a server allowing {rate} requests/s …"
    );
    let started = Instant::now();
    let report = export_account(&client, &job).await.expect("the export failed");
    let wall = started.elapsed().as_secs_f64();

    let hits = fake.hits();
    let requests = hits.len() as f64;
    let rejected = hits.iter().filter(|h| h.status == 429).count();
    let floor = requests / rate as f64;
    let per_min = rejected as f64 / (wall / 60.0);
    println!("rate limit R            {rate} requests/s");
    println!("requests made           {}", hits.len());
    println!("  of which 429          {rejected}");
    println!("client's own count      {} (rate-limited {})", report.stats.requests, report.stats.rate_limited);
    println!("wall time               {wall:.2} s");
    println!("floor (requests / R)    {floor:.2} s");
    println!("ratio wall / floor      {:.3}   (goal <= 1.15)", wall / floor);
    println!("429s per minute         {per_min:.2}   (goal <= 1)");
    let ok = wall / floor <= 1.15 && per_min <= 1.0;
    println!("result                  {}", if ok { "within the goals" } else { "OUTSIDE the goals" });
}
