//! Scan a `chats.jsonl` alone, with a chosen number of parser threads, and print the
//! summary as JSON: for the history benchmark (README, "Benchmarks"), to see the scan's
//! speed and memory apart from the rest of `migrate plan`.
//!
//! ```sh
//! cargo run --release --example scan_history -- /tmp/migrate-bench/acct-1g/chat/chats.jsonl 2026-11-02T00:00:00Z 1
//! ```

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::path::PathBuf;

use migrate::account::lenient::Timestamp;
use migrate::capacity::ConcurrentLimit;
use migrate::history::{self, HistoryOptions};

fn main() -> std::process::ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (Some(path), Some(at)) = (args.first(), args.get(1).and_then(|s| Timestamp::parse(s))) else {
        eprintln!("usage: scan_history CHATS.JSONL EXPORTED_AT [THREADS]");
        return std::process::ExitCode::FAILURE;
    };
    let threads = args.get(2).and_then(|t| t.parse().ok());
    let (time_zone, time_zone_used) = history::resolve_time_zone(Some("Europe/Berlin"), None);
    let opts = HistoryOptions {
        window: migrate::plan::Window::thirty_days_before(at),
        max_bad_fraction: 0.01,
        time_zone,
        time_zone_used,
        launch_window_hours: 2,
        limits: ConcurrentLimit::default(),
        agents: None,
        partial: false,
        threads,
    };
    match history::scan(&PathBuf::from(path), &opts) {
        Ok(r) => {
            println!("{}", serde_json::to_string(&r.summary).unwrap_or_default());
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
