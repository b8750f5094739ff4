//! Benchmark of `migrate verify` pacing (issue 20): a plan of 300 items checked against the
//! stateful Support stand-in, which answers at most R requests per second (429 with
//! `Retry-After: 1` beyond it, over a sliding second), with pages of P objects.
//!
//! Prints the requests made, the wall time, the floor the limit sets (requests ÷ R: no
//! client can do the same reads faster), their ratio (goal ≤ 1.15) and the 429s. The same
//! measure as `benches/export.rs`.
//!
//! ```sh
//! cargo bench --bench verify -- [--rate R] [--page P] [--items N]
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used, clippy::expect_used)]

#[path = "../tests/it/standin/mod.rs"]
mod standin;

use std::sync::Arc;
use std::time::{Duration, Instant};

use migrate::plan::payload::trigger::Translated;
use migrate::plan::{Item, Payload, Plan, PlanOptions, Section};
use migrate::printer::Printer;
use migrate::secret::Secret;
use migrate::verify::{Report, Status};
use migrate::zendesk::pace::Rates;
use migrate::zendesk::retry::RetryPolicy;
use migrate::zendesk::{Auth, Client, ClientOptions, RealClock};
use serde_json::json;
use standin::{Options, StandIn, State, presets};

fn arg(args: &[String], name: &str, default: usize) -> usize {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(|v| v.parse().unwrap_or_else(|_| panic!("{name} takes a number")))
        .unwrap_or(default)
}

/// A plan of `n` items made from the acme fixture's: its items repeated under new names
/// (schedules, groups, macros, Support triggers, messaging-only ones, in the fixture's mix),
/// its steps kept.
fn big_plan(n: usize) -> Plan {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let base = migrate::pipeline::plan_account(&root.join("fixtures/acme-segment-2"), &PlanOptions::default()).unwrap();
    let mut plan = base.clone();
    plan.items.clear();
    let mut i = 0usize;
    while plan.items.len() < n {
        for item in &base.items {
            if plan.items.len() >= n {
                break;
            }
            plan.items.push(renamed(item, i));
        }
        i += 1;
    }
    plan
}

fn renamed(item: &Item, i: usize) -> Item {
    let mut it = item.clone();
    let name = |s: &str| format!("{s} {i}");
    let (file, key) =
        it.source.split_once('#').map_or((it.source.clone(), String::new()), |(f, k)| (f.to_owned(), k.to_owned()));
    it.source = format!("{file}#{}", serde_json::to_string(&name(key.trim_matches('"'))).unwrap());
    match &mut it.payload {
        Some(Payload::Schedule(p)) => {
            let n = name(p.create.body["schedule"]["name"].as_str().unwrap_or("Hours"));
            p.create.body["schedule"]["name"] = json!(n);
        }
        Some(Payload::Group(p)) => {
            if let Some(c) = &mut p.create {
                let n = name(c.body["group"]["name"].as_str().unwrap_or("Group"));
                c.body["group"]["name"] = json!(n);
            }
        }
        Some(Payload::Macro(m)) => {
            let n = name(m.create.body["macro"]["title"].as_str().unwrap_or("Macro"));
            m.create.body["macro"]["title"] = json!(n);
        }
        Some(Payload::Trigger(t)) => {
            if let Some(Translated::SupportTrigger(st)) = &mut t.translated {
                st.name = name(&st.name);
            }
            if let Some(c) = &mut t.create {
                let n = name(c.body["trigger"]["title"].as_str().unwrap_or("Trigger"));
                c.body["trigger"]["title"] = json!(n);
            }
        }
        Some(Payload::Response(r)) => {
            for f in r.ticket_fields.iter_mut().map(|c| &mut c.body) {
                let n = name(f["ticket_field"]["title"].as_str().unwrap_or("Field"));
                f["ticket_field"]["title"] = json!(n);
                // Tags can't be re-used across ticket fields (support-api.md §5).
                if let Some(opts) = f.pointer_mut("/ticket_field/custom_field_options").and_then(|o| o.as_array_mut()) {
                    for o in opts {
                        let v = format!("{}_{i}", o["value"].as_str().unwrap_or("v"));
                        o["value"] = json!(v);
                    }
                }
            }
        }
        _ => {}
    }
    debug_assert!(it.section != Section::Account || it.payload.is_none());
    // Groups named by reference (a macro's restriction, a trigger's action) follow the
    // renamed departments.
    match &mut it.payload {
        Some(Payload::Macro(m)) => rename_refs(&mut m.create.body, i),
        Some(Payload::Trigger(t)) => {
            if let Some(c) = &mut t.create {
                rename_refs(&mut c.body, i);
            }
        }
        _ => {}
    }
    it
}

fn rename_refs(v: &mut serde_json::Value, i: usize) {
    match v {
        serde_json::Value::Object(m) if m.get("$ref").and_then(|r| r.as_str()) == Some("group") => {
            if let Some(serde_json::Value::String(n)) = m.get_mut("name") {
                *n = format!("{n} {i}");
            }
        }
        serde_json::Value::Object(m) => m.values_mut().for_each(|x| rename_refs(x, i)),
        serde_json::Value::Array(a) => a.iter_mut().for_each(|x| rename_refs(x, i)),
        _ => {}
    }
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    let rate = arg(&args, "--rate", 10);
    let page = arg(&args, "--page", 10);
    let items = arg(&args, "--items", 300);

    let plan = big_plan(items);
    let token = "bench-token";
    let mut options = Options::bearer(token);
    options.page_cap = page;
    options.rate_per_sec = Some(rate);
    let standin = StandIn::start(presets::store(&plan, State::AllDone), options).await;

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
    eprintln!(
        "verifying a plan of {} items and {} steps against a stand-in serving pages of {page} and allowing {rate} requests/s …",
        plan.items.len(),
        plan.steps.len()
    );
    let started = Instant::now();
    let live = migrate::verify::read::read(&client, &migrate::verify::needs(&plan)).await.expect("verify failed");
    let report = Report::new(&plan.account.subdomain, migrate::verify::check(&plan, &live));
    let wall = started.elapsed().as_secs_f64();

    let hits = standin.hits();
    let rejected = hits.iter().filter(|h| h.status == 429).count();
    let floor = hits.len() as f64 / rate as f64;
    println!("rate limit R            {rate} requests/s (pages of {page})");
    println!("plan                    {} items, {} steps", plan.items.len(), plan.steps.len());
    println!("checks                  {}", report.summary.line());
    println!("requests made           {}", hits.len());
    println!("  of which 429          {rejected}");
    println!("wall time               {wall:.2} s");
    println!("floor (requests / R)    {floor:.2} s");
    println!("ratio wall / floor      {:.3}   (goal <= 1.15)", wall / floor);
    let fails = report.checks.iter().filter(|c| c.status == Status::Fail).count();
    let ok = wall / floor <= 1.15 && fails == 0;
    println!("result                  {}", if ok { "within the goal" } else { "OUTSIDE the goal (or a check failed)" });
}
