//! Benchmark of `migrate apply` pacing (issue 21): N objects (groups and macros, half each)
//! created in the stateful Support stand-in, which answers at most R requests per second
//! (429 with `Retry-After: 1` beyond it, over a sliding second). Everything a run does is
//! timed: the reads of the live account, the change set, and each write with its journal
//! entry written and flushed (file and directory fsync) before and after.
//!
//! Prints the requests made, the wall time, the floor the limit sets (requests ÷ R: no
//! client can make the same requests faster), their ratio (goal ≤ 1.15) and the 429s; then
//! checks that every object exists once and that a second run writes nothing.
//!
//! ```sh
//! cargo bench --bench apply -- [--rate R] [--objects N]
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/it/standin/mod.rs"]
#[allow(unused_imports)]
mod standin;

use std::sync::Arc;
use std::time::{Duration, Instant};

use migrate::apply::changeset::{Call, Kind, Limits, Options as SetOptions, plan_changes};
use migrate::apply::journal::Journal;
use migrate::apply::live::ZendeskRemote;
use migrate::plan::Outcome;
use migrate::printer::Printer;
use migrate::secret::Secret;
use migrate::zendesk::pace::Rates;
use migrate::zendesk::retry::RetryPolicy;
use migrate::zendesk::{Auth, Client, ClientOptions, RealClock};
use serde_json::{Value, json};
use standin::store::{Kind as StoreKind, Store};
use standin::{Options, StandIn};

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name} takes a number")))
        .unwrap_or(default)
}

fn call(key: String, kind: Kind, name: String, body: Value) -> Call {
    Call {
        key,
        kind,
        source: format!("bench#{name}"),
        outcome: Outcome::Translated,
        method: migrate::zendesk::Method::Post,
        path: kind.collection().into(),
        body,
        depends_on: Vec::new(),
        name,
        pair: None,
        left: None,
        verdict: None,
    }
}

fn calls(n: usize) -> Vec<Call> {
    (0..n)
        .map(|i| {
            if i % 2 == 0 {
                let name = format!("Group {i}");
                call(format!("bench/group/{i}"), Kind::Group, name.clone(), json!({"name": name}))
            } else {
                let title = format!("Macro {i}");
                let body =
                    json!({"title": title, "active": true, "actions": [{"field": "comment_value", "value": "Hi"}]});
                call(format!("bench/macro/{i}"), Kind::Macro, title, body)
            }
        })
        .collect()
}

async fn run(client: &Client, dir: &std::path::Path, calls: &[Call]) -> usize {
    let mut journal = Journal::open(dir, "acme", "bench0001").unwrap();
    let mut remote = ZendeskRemote { client };
    let account = remote.read(false).await.expect("read failed");
    let live = account.live(Limits::default());
    let set = plan_changes("acme", "bench0001", calls, &live, Some(journal.state()), SetOptions::default());
    let report = migrate::apply::run::apply(&mut remote, &mut journal, "bench0001", &set, calls, &account, &|| false)
        .await
        .expect("apply failed");
    report.writes
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rate = arg(&args, "--rate", 10);
    let objects = arg(&args, "--objects", 300);

    let token = "bench-token";
    let mut options = Options::bearer(token);
    options.rate_per_sec = Some(rate);
    let standin = StandIn::start(Store::default(), options).await;
    let per_minute = u32::try_from(rate * 60).expect("rate");
    let opts = ClientOptions {
        base_url: url::Url::parse(&standin.uri()).unwrap(),
        auth: Auth::Bearer(Secret::new(token)),
        rates: Rates { chat: per_minute, support: per_minute, incremental: per_minute },
        timeout: Duration::from_secs(10),
        policy: RetryPolicy::default(),
        seed: None,
    };
    let client = Client::new(opts, Arc::new(RealClock), Printer::memory()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let calls = calls(objects);
    eprintln!("applying {objects} objects against a stand-in allowing {rate} requests/s …");

    let started = Instant::now();
    let writes = run(&client, dir.path(), &calls).await;
    let wall = started.elapsed().as_secs_f64();
    let hits = standin.hits();
    let rejected = hits.iter().filter(|h| h.status == 429).count();
    let floor = hits.len() as f64 / rate as f64;

    let groups = standin.with_store(|s| s.list(StoreKind::Groups).len());
    let macros = standin.with_store(|s| s.list(StoreKind::Macros).len());
    let before = standin.hits().len();
    let second = run(&client, dir.path(), &calls).await;
    let second_writes = standin.hits()[before..].iter().filter(|h| h.method != "GET").count();

    println!("rate limit R            {rate} requests/s");
    println!("objects                 {objects} ({groups} groups, {macros} macros in the account)");
    println!("requests made           {} ({writes} writes)", hits.len());
    println!("  of which 429          {rejected}");
    println!("wall time               {wall:.2} s");
    println!("floor (requests / R)    {floor:.2} s");
    println!("ratio wall / floor      {:.3}   (goal <= 1.15)", wall / floor);
    println!("second run              {second} writes sent, {second_writes} seen by the server");
    let ok = wall / floor <= 1.15 && groups + macros == objects && second_writes == 0;
    println!(
        "result                  {}",
        if ok { "within the goal" } else { "OUTSIDE the goal (or a duplicate / a write on the second run)" }
    );
}
