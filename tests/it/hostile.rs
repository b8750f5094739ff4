//! Hostile input (issue 11): text an attacker can write (names, folder names, server
//! answers) reaches every human output neutralised by the one sanitiser
//! (`text::display`); reads and memory are bounded; the smaller holes stay closed.

use std::path::Path;
use std::process::Output;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

use crate::common::{fixture, migrate};

/// Every injection at once: a forged checklist line, a link, an image, HTML, emphasis, an
/// escape sequence (clear screen, window title), a C1 control, an unclosed bidi override,
/// a spreadsheet formula.
pub const HOSTILE: &str = "Evil\n- [x] Fake step: all done\r\n## Heading [x](http://evil.example/l) ![i](http://evil.example/i.png) <img src=x onerror=alert(1)> **(blocking)** \u{1b}[2J\u{1b}]0;pwned\u{7} \u{9b}31m \u{202e}reversed =HYPERLINK(\"http://evil.example\")";

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Set `field` of the first object of a list file to `value`.
fn rename_first(dir: &Path, rel: &str, field: &str, value: &str) {
    let p = dir.join(rel);
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
    let first = match &mut v {
        Value::Array(a) => &mut a[0],
        other => other,
    };
    first[field] = Value::String(value.to_owned());
    std::fs::write(&p, serde_json::to_string_pretty(&v).unwrap()).unwrap();
}

/// What a Markdown document is made of, text left out: block and inline structure only.
#[allow(dead_code)]
pub fn skeleton(md: &str) -> Vec<String> {
    let mut out = Vec::new();
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH) {
        let s = match e {
            Event::Text(_) | Event::Code(_) => "text".to_owned(),
            Event::Start(Tag::Link { dest_url, .. }) => format!("link {dest_url}"),
            Event::Start(Tag::Image { dest_url, .. }) => format!("image {dest_url}"),
            Event::Start(t) => format!("start {t:?}"),
            Event::End(t) => format!("end {t:?}"),
            other => format!("{other:?}"),
        };
        // Escapes split a text run into several events; one run is one "text".
        if s == "text" && out.last().is_some_and(|l| l == "text") {
            continue;
        }
        out.push(s);
    }
    out
}

/// The guide's structure is what Markdown makes of it: no link or image to the attacker's
/// host, no HTML, no task marked done, no heading beyond the guide's own.
pub fn assert_inert_markdown(md: &str) {
    for e in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_TASKLISTS | Options::ENABLE_STRIKETHROUGH) {
        match e {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                assert!(!dest_url.contains("evil"), "a live link to {dest_url}");
            }
            // Our own line breaks in table cells are the only HTML.
            Event::Html(h) | Event::InlineHtml(h) => assert_eq!(&*h, "<br>", "HTML in the guide"),
            Event::TaskListMarker(true) => panic!("a checklist entry marked done"),
            _ => {}
        }
    }
    for line in md.lines() {
        assert!(!line.contains("Fake step") || !line.trim_start().starts_with("- [x]"), "{line}");
        assert!(!line.starts_with("## Heading"), "{line}");
    }
}

/// A terminal line shows nothing but text: no control character but our own SGR colours,
/// no bidi control left open.
pub fn assert_inert_terminal(what: &str, text: &str) {
    let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    for line in text.lines() {
        let plain = sgr.replace_all(line, "");
        assert!(!plain.contains(|c: char| c.is_control()), "{what}: control character in {line:?}");
        let opened = plain.matches(['\u{202a}', '\u{202b}', '\u{202d}', '\u{202e}']).count();
        let closed = plain.matches('\u{202c}').count();
        assert!(opened <= closed, "{what}: bidi override left open in {line:?}");
        assert!(!line.trim_start().starts_with("- [x] Fake") && !line.starts_with("ok "), "{what}: forged {line:?}");
    }
}

#[test]
fn a_name_with_every_injection_reaches_every_renderer_neutralised() {
    let tmp = tempfile::tempdir().unwrap();
    let acct = tmp.path().join("acme");
    copy_dir(&fixture("acme-segment-2"), &acct);
    for (rel, field) in [
        ("chat/oauth_clients.json", "name"),
        ("chat/departments.json", "name"),
        ("chat/skills.json", "name"),
        ("chat/roles.json", "name"),
        ("chat/agents.json", "display_name"),
        ("chat/triggers.json", "name"),
        ("chat/shortcuts.json", "name"),
    ] {
        rename_first(&acct, rel, field, &format!("{HOSTILE} ({rel})"));
    }
    let plan = crate::common::plan_dir(&acct);
    // Every file's name made it into the plan (so each renderer saw it).
    let json = migrate::render::json::plan(&plan);
    for rel in ["oauth_clients", "departments", "skills", "roles", "triggers", "shortcuts"] {
        assert!(json.contains(&format!("(chat/{rel}.json)")), "{rel} not in the plan");
    }
    // The JSON keeps the values exactly.
    let back: migrate::plan::Plan = serde_json::from_str(&json).unwrap();
    assert_eq!(back, plan);
    assert!(json.contains(&serde_json::to_string(HOSTILE).unwrap()[1..HOSTILE.len() / 2]));

    let guide = migrate::render::markdown::render(&plan);
    assert_inert_markdown(&guide);
    for color in [false, true] {
        let text = migrate::render::text::render(&plan, color);
        assert_inert_terminal("text plan", &text);
    }
    // Through the command line too.
    let o = migrate().arg("plan").arg(&acct).args(["--color", "always"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_inert_terminal("migrate plan", &String::from_utf8_lossy(&o.stdout));
}

#[cfg(unix)]
#[test]
fn folder_names_cannot_forge_batch_or_check_lines_or_spreadsheet_formulas() {
    let exports = tempfile::tempdir().unwrap();
    // A broken account (no manifest) whose name clears the screen and forges a line.
    let forged = "x\u{1b}[2J\u{1b}]0;pwned\u{7}\nok forged \u{202e}desrever";
    std::fs::create_dir_all(exports.path().join(forged).join("chat")).unwrap();
    // A good account whose name is a spreadsheet formula.
    let formula = "=HYPERLINK(\"evil.example\";\"x\")";
    copy_dir(&fixture("segment-1"), &exports.path().join(formula));
    let out = tempfile::tempdir().unwrap();
    let o = migrate()
        .arg("batch")
        .arg(exports.path())
        .arg("--out")
        .arg(out.path().join("plans"))
        .args(["--color", "always", "--no-progress"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    let err = stderr(&o);
    assert_inert_terminal("batch stderr", &err);
    assert!(err.contains("x\\u{1b}[2J\\u{1b}]0;pwned\\u{7}\\nok forged \\u{202e}desrever: "), "{err}");
    // summary.csv: no cell a spreadsheet would run.
    let mut r = csv::Reader::from_path(out.path().join("plans/summary.csv")).unwrap();
    let mut accounts = Vec::new();
    for row in r.records() {
        let row = row.unwrap();
        for cell in row.iter() {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "formula cell {cell:?}");
        }
        accounts.push(row[0].to_owned());
    }
    assert!(accounts.contains(&format!("'{formula}")), "{accounts:?}");

    // migrate check: the fixture list.
    let o = migrate().arg("check").arg(exports.path()).args(["--color", "always"]).output().unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_inert_terminal("check output", &all);
    assert!(all.contains("ok forged \\u{202e}desrever"), "{all}");
}

#[test]
fn logs_have_no_colour_without_a_terminal_or_with_color_never() {
    let exports = tempfile::tempdir().unwrap();
    copy_dir(&fixture("segment-1"), &exports.path().join("a"));
    for args in [&["-v"][..], &["-v", "--color", "never"][..]] {
        let out = tempfile::tempdir().unwrap();
        let o = migrate().args(args).arg("batch").arg(exports.path()).arg("--out").arg(out.path()).output().unwrap();
        assert!(o.status.success());
        let err = stderr(&o);
        assert!(err.contains("INFO") || err.contains("DEBUG"), "no log lines: {err}");
        assert!(!err.contains('\u{1b}'), "ANSI in the logs: {err:?}");
    }
}
