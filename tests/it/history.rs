//! The chat history (`chat/chats.jsonl`): activity (D-4), traffic and the heatmap in the
//! account's time zone, the launch window (D-10) and capacity (D-18), with repeats,
//! deletions, bad lines and the real captures.

// Helpers outside `#[test]` functions unwrap too: a failed setup is a failed test.
#![allow(clippy::unwrap_used)]

use std::fmt::Write as _;
use std::path::Path;

use assert_cmd::Command;
use migrate::account::lenient::Timestamp;
use migrate::capacity::ConcurrentLimit;
use migrate::history::{self, HistoryOptions};
use migrate::plan::Plan;
use migrate::plan::PlanOptions;
use migrate::plan::StepId;
use migrate::plan::history::{CapacityFigure, CapacityStatus, HistorySummary, TimeZoneSource};

const EXPORTED_AT: &str = "2026-11-02T09:30:00Z";

/// An account directory with a manifest, the given history lines and optional files.
struct Account {
    dir: tempfile::TempDir,
}

impl Account {
    fn new(lines: &[String]) -> Account {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("chat")).unwrap();
        std::fs::write(
            dir.path().join("manifest.toml"),
            format!("format = 1\nsubdomain = \"hist\"\nexported_at = \"{EXPORTED_AT}\"\n"),
        )
        .unwrap();
        let mut text = lines.join("\n");
        text.push('\n');
        std::fs::write(dir.path().join("chat/chats.jsonl"), text).unwrap();
        Account { dir }
    }

    fn with(self, rel: &str, contents: &str) -> Account {
        std::fs::write(self.dir.path().join(rel), contents).unwrap();
        self
    }

    fn with_time_zone(self, tz: &str) -> Account {
        let hours = format!(
            r#"{{"enabled": false, "type": "account", "timezone": "{tz}", "account_schedule": {{}}, "department_schedule": {{}}}}"#
        );
        self.with("chat/operating_hours.json", &hours)
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn plan(&self, opts: &PlanOptions) -> Plan {
        migrate::pipeline::plan_account(self.path(), opts).unwrap()
    }

    fn history(&self) -> HistorySummary {
        self.plan(&PlanOptions::default()).account.history.unwrap()
    }
}

/// A chat line: `id`, start (UTC), duration in seconds, ticket or not, extra JSON members.
fn chat(id: &str, start: &str, secs: i64, ticket: bool, extra: &str) -> String {
    let t = Timestamp::parse(start).unwrap().0;
    let end = t.checked_add(jiff::SignedDuration::from_secs(secs)).unwrap();
    format!(
        r#"{{"id":"{id}","type":"chat","timestamp":"{}","end_timestamp":"{}","duration":{secs},"zendesk_ticket_id":{},"history":[{{"type":"chat.msg","msg":"hi }} {{ \" ]"}}]{extra}}}"#,
        Timestamp(t),
        Timestamp(end),
        if ticket { "42" } else { "null" }
    )
}

fn step(plan: &Plan, id: StepId) -> Option<&migrate::plan::Step> {
    plan.steps.iter().find(|s| s.id == id)
}

#[test]
fn activity_counts_ticket_chats_in_the_30_days_before_the_export() {
    let a = Account::new(&[
        chat("in-ticket", "2026-10-20T10:00:00Z", 300, true, ""),
        chat("in-no-ticket", "2026-10-21T10:00:00Z", 300, false, ""),
        chat("before-window", "2026-10-01T10:00:00Z", 300, true, ""),
        chat("edge-start", "2026-10-03T09:30:00Z", 60, true, ""), // exactly 30 days before: outside
        chat("edge-end", EXPORTED_AT, 60, true, ""),              // exactly at the export: inside
    ]);
    let plan = a.plan(&PlanOptions::default());
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.chats, h.chats_in_window, h.chat_tickets_in_window), (5, 3, 2));
    let act = &plan.classification.evidence.activity;
    assert_eq!(act.chat_tickets, Some(2));
    assert_eq!(act.source.as_deref(), Some("chat/chats.jsonl"));
}

#[test]
fn a_chat_updated_later_counts_once_and_its_last_line_wins() {
    let a = Account::new(&[
        chat("a", "2026-10-20T10:00:00Z", 300, false, r#","update_timestamp":"2026-10-20T10:06:00Z""#),
        chat("b", "2026-10-20T11:00:00Z", 300, true, r#","update_timestamp":"2026-10-20T11:06:00Z""#),
        // `a` got a ticket later; `b` lost its (the later line says null).
        chat("a", "2026-10-20T10:00:00Z", 300, true, r#","update_timestamp":"2026-10-21T08:00:00Z","tags":["x"]"#),
        chat("b", "2026-10-20T11:00:00Z", 300, false, r#","update_timestamp":"2026-10-21T09:00:00Z""#),
        chat("a", "2026-10-20T10:00:00Z", 300, true, r#","update_timestamp":"2026-10-22T08:00:00Z""#),
    ]);
    let h = a.history();
    assert_eq!((h.objects, h.chats, h.repeated), (5, 2, 3));
    assert_eq!((h.chats_in_window, h.chat_tickets_in_window), (2, 1));
    assert_eq!(h.out_of_order, 0);
    assert_eq!(h.traffic.as_ref().unwrap().chats, 2);
}

#[test]
fn a_deleted_chat_counts_once_even_when_its_deletion_line_is_bare() {
    let a = Account::new(&[
        chat("gone", "2026-10-20T10:00:00Z", 300, true, r#","deleted":false"#),
        chat("kept", "2026-10-20T12:00:00Z", 300, true, r#","deleted":false"#),
        // The deletion repeats the chat with only its id and the flag.
        r#"{"id":"gone","deleted":true,"update_timestamp":"2026-10-25T00:00:00Z"}"#.to_owned(),
    ]);
    let h = a.history();
    assert_eq!((h.chats, h.deleted, h.repeated), (2, 1, 1));
    // The conversation and its ticket happened: the deletion does not undo the activity.
    assert_eq!(h.chat_tickets_in_window, 2);
    assert_eq!(h.capacity.timed_chats, 2);
}

#[test]
fn lines_out_of_update_order_are_counted_and_warned() {
    let a = Account::new(&[
        chat("a", "2026-10-20T10:00:00Z", 300, true, r#","update_timestamp":"2026-10-22T00:00:00Z""#),
        chat("b", "2026-10-20T11:00:00Z", 300, true, r#","update_timestamp":"2026-10-21T00:00:00Z""#),
    ]);
    let plan = a.plan(&PlanOptions::default());
    assert_eq!(plan.account.history.as_ref().unwrap().out_of_order, 1);
    assert!(plan.warnings.iter().any(|w| w.code == "history-out-of-order"));
}

#[test]
fn hours_follow_the_local_clock_across_a_change_to_summer_time() {
    // Europe/Berlin moves from CET (+1) to CEST (+2) on Sunday 2026-03-29 at 02:00.
    let a = Account::new(&[
        chat("sat", "2026-03-28T10:00:00Z", 60, false, ""), // Saturday 11:00 CET
        chat("sun-night", "2026-03-28T23:30:00Z", 60, false, ""), // Sunday 00:30 CET: a new local day
        chat("mon", "2026-03-30T10:00:00Z", 60, false, ""), // Monday 12:00 CEST
    ])
    .with_time_zone("Europe/Berlin");
    let h = a.history();
    assert_eq!(h.time_zone.name, "Europe/Berlin");
    assert_eq!(h.time_zone.source, TimeZoneSource::OperatingHours);
    let t = h.traffic.unwrap();
    let hours = t.heatmap.hours;
    assert_eq!(hours[5][11], 1, "Saturday 11:00");
    assert_eq!(hours[6][0], 1, "Sunday 00:30");
    assert_eq!(hours[0][12], 1, "Monday 12:00");
    assert_eq!(hours.iter().flatten().sum::<u64>(), 3);
    assert_eq!((t.first_day.as_str(), t.last_day.as_str(), t.days), ("2026-03-28", "2026-03-30", 3));
}

#[test]
fn the_hour_that_repeats_when_summer_time_ends_holds_both_chats() {
    // On 2026-10-25 Berlin's clocks go from 03:00 CEST back to 02:00 CET: 00:30 UTC and
    // 01:30 UTC are both 02:30 local.
    let a = Account::new(&[
        chat("first", "2026-10-25T00:30:00Z", 60, false, ""),
        chat("second", "2026-10-25T01:30:00Z", 60, false, ""),
    ])
    .with_time_zone("Europe/Berlin");
    let t = a.history().traffic.unwrap();
    assert_eq!(t.heatmap.hours[6][2], 2);
    assert_eq!((t.days, t.peak_day.as_str(), t.peak_day_chats), (1, "2026-10-25", 2));
}

#[test]
fn the_time_zone_comes_from_operating_hours_then_the_flag_then_utc() {
    let line = [chat("a", "2026-10-20T23:30:00Z", 60, false, "")];
    let flag = PlanOptions { timezone: Some("Asia/Tokyo".into()), ..PlanOptions::default() };

    let h = Account::new(&line).plan(&PlanOptions::default()).account.history.unwrap();
    assert_eq!((h.time_zone.name.as_str(), h.time_zone.source), ("UTC", TimeZoneSource::DefaultUtc));
    assert_eq!(h.traffic.unwrap().heatmap.hours[1][23], 1, "Tuesday 23:30 UTC");

    let h = Account::new(&line).plan(&flag).account.history.unwrap();
    assert_eq!((h.time_zone.name.as_str(), h.time_zone.source), ("Asia/Tokyo", TimeZoneSource::Flag));
    assert_eq!(h.traffic.unwrap().heatmap.hours[2][8], 1, "Wednesday 08:30 in Tokyo");

    let plan = Account::new(&line).with_time_zone("America/New_York").plan(&flag);
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!(h.time_zone.source, TimeZoneSource::OperatingHours);
    let w = plan.warnings.iter().find(|w| w.code == "timezone-flag-unused").unwrap();
    assert!(w.message.contains("America/New_York"), "{}", w.message);
}

/// Chats in every hour of the week but Tuesday 02:00–04:00, over two weeks.
fn busy_week_but_tuesday_night() -> Vec<String> {
    busy_weeks_except(&[26, 27])
}

/// One chat in every hour of two weeks (Berlin time) but the hours of the week given
/// (0 = Monday 00:00).
fn busy_weeks_except(quiet: &[i64]) -> Vec<String> {
    let mut lines = Vec::new();
    // 2026-10-05 is a Monday; Berlin is on CEST (+2) for both weeks.
    let monday = jiff::civil::date(2026, 10, 5)
        .at(0, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::get("Europe/Berlin").unwrap())
        .unwrap();
    for week in 0..2 {
        for hour in 0..168i64 {
            if quiet.contains(&hour) {
                continue;
            }
            let t = monday.checked_add(jiff::Span::new().hours(week * 168 + hour).minutes(10)).unwrap();
            let start = Timestamp(t.timestamp()).to_string();
            lines.push(chat(&format!("w{week}h{hour}"), &start, 600, true, ""));
        }
    }
    lines
}

#[test]
fn the_launch_window_is_the_quietest_stretch_and_lands_in_the_launch_step() {
    let a = Account::new(&busy_week_but_tuesday_night()).with_time_zone("Europe/Berlin");
    let plan = a.plan(&PlanOptions::default());
    let w = plan.account.history.as_ref().unwrap().launch_window.clone().unwrap();
    assert_eq!((w.start_day.as_str(), w.start.as_str(), w.end.as_str(), w.chats), ("Tuesday", "02:00", "04:00", 0));
    assert_eq!(w.text, "Tuesday 02:00–04:00 Europe/Berlin, no chats in 2 weeks");
    let s = step(&plan, StepId::LaunchBrandOffPeak).unwrap();
    assert!(s.what.contains("Quietest 2-hour window of the week: Tuesday 02:00–04:00 Europe/Berlin"), "{}", s.what);
    assert!(s.what.contains("time zone from chat/operating_hours.json"), "{}", s.what);

    // Three hours cannot avoid a busy hour: the first such stretch, with its volume.
    let plan = a.plan(&PlanOptions { launch_window_hours: 3, ..PlanOptions::default() });
    let w = plan.account.history.unwrap().launch_window.unwrap();
    assert_eq!((w.hours, w.start_day.as_str(), w.start.as_str(), w.end.as_str()), (3, "Tuesday", "01:00", "04:00"));
    assert_eq!(w.text, "Tuesday 01:00–04:00 Europe/Berlin, ~1 chat a week");
}

#[test]
fn a_window_across_midnight_names_both_days() {
    // Quiet only from Sunday 23:00 to Monday 01:00: the window wraps around the week.
    let a = Account::new(&busy_weeks_except(&[167, 0])).with_time_zone("Europe/Berlin");
    let w = a.history().launch_window.unwrap();
    assert_eq!((w.start_day.as_str(), w.end_day.as_str(), w.chats), ("Sunday", "Monday", 0));
    assert_eq!(w.text, "Sunday 23:00 – Monday 01:00 Europe/Berlin, no chats in 2 weeks");
    // A whole day is written with both days too.
    let plan = a.plan(&PlanOptions { launch_window_hours: 24, ..PlanOptions::default() });
    let w = plan.account.history.unwrap().launch_window.unwrap();
    assert_eq!(w.text, "Sunday 01:00 – Monday 01:00 Europe/Berlin, ~22 chats a week");
}

#[test]
fn capacity_is_checked_against_the_limit_in_use() {
    // Twelve chats open at once, eleven minutes in.
    let lines: Vec<String> =
        (0..12).map(|i| chat(&format!("c{i}"), &format!("2026-10-20T10:{i:02}:00Z"), 3600, true, "")).collect();
    let a = Account::new(&lines);

    let plan = a.plan(&PlanOptions::default());
    let c = &plan.account.history.as_ref().unwrap().capacity;
    assert_eq!(c.peak_concurrent, Some(12));
    assert_eq!(c.peak_concurrent_at.map(|t| t.to_string()).as_deref(), Some("2026-10-20T10:11:00Z"));
    // Issue 18 #17: the current K1 figure, the 2021 one in the note.
    assert_eq!((c.limits.concurrent, c.limits.concurrent_source.as_str()), (8_000, "D-18"));
    assert!(c.limits.note.contains("4,000"));
    assert!(step(&plan, StepId::ReviewCapacity).is_none());

    let plan = a.plan(&PlanOptions { concurrent_limit: Some(10), ..PlanOptions::default() });
    let c = &plan.account.history.as_ref().unwrap().capacity;
    assert_eq!(c.limits.concurrent_source, "--concurrent-limit");
    let check = c.checks.iter().find(|k| k.figure == CapacityFigure::ConcurrentConversations).unwrap();
    assert_eq!((check.value, check.limit, check.percent, check.status), (12, 10, 120, CapacityStatus::Over));
    let s = step(&plan, StepId::ReviewCapacity).unwrap();
    assert!(s.why.contains("peak concurrent conversations 12 of 10 (120%, over the limit)"), "{}", s.why);
    assert!(s.refs.iter().any(|r| r.id == "D-18"));
    assert_eq!(s.phase, migrate::plan::Phase::BeforeLaunch);

    let plan = a.plan(&PlanOptions { concurrent_limit: Some(15), ..PlanOptions::default() });
    let s = step(&plan, StepId::ReviewCapacity).unwrap();
    assert!(s.why.contains("12 of 15 (80%, near the limit)"), "{}", s.why);
}

#[test]
fn many_agents_ask_for_a_capacity_review_even_without_a_history() {
    let a = Account::new(&[]);
    std::fs::remove_file(a.path().join("chat/chats.jsonl")).unwrap();
    let mut agents = String::from("[");
    for i in 0..1_100 {
        let _ = write!(agents, r#"{}{{"id": {i}, "enabled": {}}}"#, if i > 0 { "," } else { "" }, i % 50 != 0);
    }
    agents.push(']');
    // Activity from the Support account so the account is active.
    let a = a.with("chat/agents.json", &agents);
    std::fs::create_dir_all(a.path().join("support")).unwrap();
    let a = a.with("support/account.json", r#"{"tickets_last_30_days": 500}"#);
    let plan = a.plan(&PlanOptions::default());
    assert!(plan.account.history.is_none());
    let s = step(&plan, StepId::ReviewCapacity).unwrap();
    assert!(s.why.contains("1,078 enabled agents, the most that could be online at once"), "{}", s.why);
    assert_eq!(s.sources, ["chat/agents.json"]);
}

#[test]
fn a_few_bad_lines_are_skipped_with_a_counted_warning() {
    let mut lines: Vec<String> =
        (0..300).map(|i| chat(&format!("c{i}"), "2026-10-20T10:00:00Z", 60, true, "")).collect();
    lines[9] = r#"{"id":"broken","timestamp":"2026-10-20T10:00:00Z""#.to_owned(); // cut short
    lines[99] = r#"{"type":"chat"}"#.to_owned();
    let plan = Account::new(&lines).plan(&PlanOptions::default());
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.bad_lines, h.chats, h.lines), (2, 298, 300));
    let warned: Vec<&str> =
        plan.warnings.iter().filter(|w| w.code == "history-bad-line").map(|w| w.message.as_str()).collect();
    assert_eq!(warned.len(), 2, "{warned:?}");
    assert!(warned[0].starts_with("line 10 skipped: column "), "{}", warned[0]);
    assert!(warned[1].starts_with("line 100 skipped: not a chat object: no `id`"), "{}", warned[1]);
}

#[test]
fn too_many_bad_lines_are_an_error_naming_the_file_and_the_first_bad_line() {
    let mut lines: Vec<String> =
        (0..50).map(|i| chat(&format!("c{i}"), "2026-10-20T10:00:00Z", 60, true, "")).collect();
    lines.insert(3, String::new()); // a blank line still counts for line numbers
    lines[7] = "not json".to_owned();
    lines[20] = r#"{"id":"x","timestamp":"next tuesday"}"#.to_owned();
    let a = Account::new(&lines);
    let err = migrate::pipeline::plan_account(a.path(), &PlanOptions::default()).unwrap_err();
    let msg = err.to_string();
    assert!(msg.contains("chats.jsonl:8: 2 of 50 lines are not chat objects (more than 1%)"), "{msg}");
    assert!(msg.contains("first bad line: not a JSON object"), "{msg}");

    // The command: exit code 3, the message on stderr, nothing written (beside the account:
    // an --out inside it is refused).
    let beside = tempfile::tempdir().unwrap();
    let out = beside.path().join("out");
    Command::cargo_bin("migrate")
        .unwrap()
        .args(["plan", "--out"])
        .arg(&out)
        .arg(a.path())
        .assert()
        .code(3)
        .stderr(predicates::str::contains("chats.jsonl:8:"));
    assert!(!out.exists());
}

#[test]
fn a_page_line_counts_its_chats_and_its_bad_chats() {
    let page = format!(
        r#"{{"chats":[{},{},{{"id":"p3","timestamp":"soon"}}],"count":3,"end_id":"p3","end_time":1,"next_page":null}}"#,
        chat("p1", "2026-10-20T10:00:00Z", 60, true, ""),
        chat("p2", "2026-10-20T11:00:00Z", 60, false, "")
    );
    let lines: Vec<String> = std::iter::once(page)
        .chain((0..200).map(|i| chat(&format!("c{i}"), "2026-10-01T10:00:00Z", 60, false, "")))
        .collect();
    let plan = Account::new(&lines).plan(&PlanOptions::default());
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.chats, h.bad_lines, h.chat_tickets_in_window), (202, 1, 1));
    assert!(plan.warnings.iter().any(|w| w.message.starts_with("line 1 skipped: chats[2]: ")));
}

#[test]
fn parallel_and_single_threaded_scans_agree() {
    // Over 8 MB, so the file is cut into several chunks.
    let mut lines = Vec::new();
    let pad = "x".repeat(2_000);
    for i in 0..5_000 {
        let day = 1 + i % 28;
        let line = chat(
            &format!("c{}", i % 4_500),
            &format!("2026-10-{day:02}T{:02}:17:00Z", i % 24),
            60 + i64::from(i % 900),
            i % 3 == 0,
            &format!(r#","pad":"{pad}""#),
        );
        lines.push(line);
        if i % 1_000 == 0 {
            lines.push("garbage".to_owned());
        }
    }
    let a = Account::new(&lines);
    let path = a.path().join("chat/chats.jsonl");
    let (time_zone, time_zone_used) = history::resolve_time_zone(Some("Europe/Berlin"), None);
    let at = Timestamp::parse(EXPORTED_AT).unwrap();
    let opts = |threads| HistoryOptions {
        window: migrate::plan::Window::thirty_days_before(at),
        max_bad_fraction: 0.01,
        time_zone: time_zone.clone(),
        time_zone_used: time_zone_used.clone(),
        launch_window_hours: 2,
        limits: ConcurrentLimit::default(),
        agents: Some(3),
        partial: false,
        threads: Some(threads),
    };
    let one = history::scan(&path, &opts(1)).unwrap();
    let three = history::scan(&path, &opts(3)).unwrap();
    assert_eq!(one, three);
    assert_eq!((one.summary.chats, one.summary.repeated, one.summary.bad_lines), (4_500, 500, 5));
    assert_eq!(one.bad_lines.iter().map(|b| b.line).collect::<Vec<_>>(), [2, 1003, 2004, 3005, 4006]);
}

#[test]
fn the_plan_shows_the_heatmap_in_text_and_markdown_and_json_is_stable() {
    let a = Account::new(&busy_week_but_tuesday_night()).with_time_zone("Europe/Berlin");
    let plan = a.plan(&PlanOptions::default());
    let text = migrate::render::terminal::render(&plan, false);
    assert!(text.contains("Chat history\n"), "{text}");
    assert!(text.contains("chats by hour of the week, Europe/Berlin (from chat/operating_hours.json)"), "{text}");
    let tue = text.lines().find(|l| l.trim_start().starts_with("Tue  ")).unwrap();
    assert!(tue.contains("██····██"), "{tue}");
    assert!(text.contains("launch window: Tuesday 02:00–04:00 Europe/Berlin"), "{text}");
    assert!(text.contains("peak concurrent conversations 1 (0% of 8,000)"), "{text}");

    let md = migrate::render::markdown::render(&plan);
    assert!(md.contains("## Chat history"), "{md}");
    assert!(md.contains("```text\n     00    03"), "{md}");
    assert!(md.contains("- **Off-peak launch window:** Tuesday 02:00–04:00 Europe/Berlin"), "{md}");

    let json = migrate::render::json::plan(&plan);
    assert_eq!(json, migrate::render::json::plan(&a.plan(&PlanOptions::default())));
    let back: Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back.account.history, plan.account.history);
    // Keys in declaration order.
    let at = json.find("\"history\": {").unwrap();
    let pos = |k: &str| json[at..].find(&format!("\"{k}\":")).unwrap();
    assert!(pos("source") < pos("partial") && pos("partial") < pos("lines") && pos("traffic") < pos("capacity"));
}

#[test]
fn cli_flags_are_validated() {
    let a = Account::new(&[chat("a", "2026-10-20T10:00:00Z", 60, true, "")]);
    for (flag, value, says) in [
        ("--launch-window", "90m", "not a whole number of hours"),
        ("--launch-window", "0h", "out of range"),
        ("--launch-window", "soon", "not a duration"),
        ("--timezone", "Mars/Olympus", "unknown time zone"),
        ("--concurrent-limit", "0", "invalid value '0' for '--concurrent-limit"),
    ] {
        Command::cargo_bin("migrate")
            .unwrap()
            .args(["plan", flag, value])
            .arg(a.path())
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
    }
    let out = Command::cargo_bin("migrate")
        .unwrap()
        .args([
            "plan",
            "--format",
            "json",
            "--launch-window",
            "3h",
            "--timezone",
            "Europe/Berlin",
            "--concurrent-limit",
            "8000",
        ])
        .arg(a.path())
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let plan: Plan = serde_json::from_slice(&out).unwrap();
    let h = plan.account.history.unwrap();
    assert_eq!(h.launch_window.unwrap().hours, 3);
    assert_eq!(h.time_zone.source, TimeZoneSource::Flag);
    assert_eq!(h.capacity.limits.concurrent, 8_000);
}

/// The real captures: `zenpy-chat/chat.json` and `offline_message.json` (one object each,
/// pretty-printed: written here as one line each) and Airbyte's incremental page (one line
/// holding `{"chats":[…]}`).
#[test]
fn the_real_captures_load() {
    let Some(root) = crate::common::samples() else {
        return;
    };
    let compact = |rel: &str| -> String {
        let v: serde_json::Value = serde_json::from_slice(&std::fs::read(root.join(rel)).unwrap()).unwrap();
        serde_json::to_string(&v).unwrap()
    };
    let a = Account::new(&[
        compact("zenpy-chat/chat.json"),
        compact("zenpy-chat/offline_message.json"),
        compact("airbyte-chat/incremental_chats_page.json"),
    ]);
    let plan = a.plan(&PlanOptions::default());
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.lines, h.bad_lines, h.chats, h.offline_messages, h.undated), (3, 0, 3, 2, 0));
    // chat.json: 04:36:45 to 04:50:01 (end_timestamp), the one timed chat.
    assert_eq!((h.capacity.timed_chats, h.capacity.peak_concurrent), (1, Some(1)));
    let t = h.traffic.as_ref().unwrap();
    assert_eq!((t.first_day.as_str(), t.last_day.as_str()), ("2017-04-24", "2021-04-26"));
    // Long before the export: not active by the history.
    assert_eq!(h.chat_tickets_in_window, 0);
    assert!(plan.warnings.iter().all(|w| !w.code.starts_with("history")), "{:?}", plan.warnings);
}

/// A history saved pretty-printed (one chat spread over lines, as `jq .` writes it) is read
/// value by value; a bad value is reported at the line where it starts.
#[test]
fn pretty_printed_values_are_read_and_located() {
    let chat = |id: &str, ts: &str| {
        serde_json::to_string_pretty(
            &serde_json::json!({"id": id, "type": "chat", "timestamp": ts, "zendesk_ticket_id": 7}),
        )
        .unwrap()
    };
    let values = [
        chat("a", "2026-10-20T10:00:00Z"),
        chat("b", "2026-10-21T10:00:00Z"),
        // A JSON value that is not a chat object: line 13, where it starts.
        "[\n  1,\n  2\n]".to_owned(),
        chat("c", "2026-10-22T10:00:00Z"),
    ];
    let a = Account::new(&values);
    let lines_before_bad: usize = values[..2].iter().map(|v| v.lines().count()).sum();
    let plan = migrate::pipeline::plan_account(
        a.path(),
        &PlanOptions { max_bad_history_fraction: 0.5, ..PlanOptions::default() },
    )
    .unwrap();
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.chats, h.chat_tickets_in_window, h.bad_lines), (3, 3, 1));
    let w = plan.warnings.iter().find(|w| w.code == "history-bad-line").unwrap();
    assert!(w.message.starts_with(&format!("line {} skipped", lines_before_bad + 1)), "{}", w.message);
}

#[test]
fn the_two_guides_state_the_same_history_facts() {
    // One fact list (issue 13 item 8): every sentence, count and figure it holds is in both
    // the text and the markdown guide, in the same words.
    use migrate::render::{HistoryValue, history_facts};
    let mut lines = busy_week_but_tuesday_night();
    lines.push(lines[3].clone());
    let plan = Account::new(&lines).with_time_zone("Europe/Berlin").plan(&PlanOptions::default());
    let h = plan.account.history.as_ref().unwrap();
    let text = migrate::render::terminal::render(&plan, false);
    let md = migrate::render::markdown::render(&plan);
    let facts = history_facts(h, true);
    let mut words: Vec<String> = Vec::new();
    for f in &facts {
        match &f.value {
            HistoryValue::Counts { chats, lines, notes } => {
                words.extend([chats.clone(), lines.clone()]);
                words.extend(notes.iter().cloned());
            }
            HistoryValue::Sentence(s) | HistoryValue::Note(s) => words.push(s.clone()),
            HistoryValue::Traffic { median, .. } => words.push(format!("median {median} chats a day")),
            HistoryValue::Heatmap { grid, .. } => words.extend(grid.iter().cloned()),
            HistoryValue::Capacity { figure, value, .. } => words.push(format!("{figure} {value}")),
        }
        if !matches!(f.value, HistoryValue::Counts { .. } | HistoryValue::Note(_)) {
            let label = f.label.to_lowercase();
            assert!(text.contains(&format!("  {label}")), "text lacks {label}:\n{text}");
            assert!(md.contains(f.label), "markdown lacks {}:\n{md}", f.label);
        }
    }
    assert!(words.contains(&"1 repeated because updated later".to_owned()), "{words:?}");
    assert!(words.iter().any(|w| w.starts_with("Tuesday 02:00–04:00")), "{words:?}");
    for w in &words {
        assert!(text.contains(w.as_str()), "text lacks {w:?}:\n{text}");
        assert!(md.contains(w.as_str()), "markdown lacks {w:?}:\n{md}");
    }
    // No launch to plan, no launch window in either (D-4).
    assert!(history_facts(h, false).iter().all(|f| f.label != "Off-peak launch window"));
}
