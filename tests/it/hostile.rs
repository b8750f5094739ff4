//! Hostile input (issue 11): text an attacker can write (names, folder names, server
//! answers) reaches every human output neutralised by the one sanitiser
//! (`text::display`); reads and memory are bounded; the smaller holes stay closed.

use std::path::Path;
use std::process::Output;

use pulldown_cmark::{Event, Options, Parser, Tag};
use serde_json::Value;

use crate::common::{fixture, migrate};
use crate::robustness::copy_dir;

/// Every injection at once: a forged checklist line, a link, an image, HTML, emphasis, an
/// escape sequence (clear screen, window title), a C1 control, an unclosed bidi override,
/// a spreadsheet formula.
pub(crate) const HOSTILE: &str = "Evil\n- [x] Fake step: all done\r\n## Heading [x](http://evil.example/l) ![i](http://evil.example/i.png) <img src=x onerror=alert(1)> **(blocking)** \u{1b}[2J\u{1b}]0;pwned\u{7} \u{9b}31m \u{202e}reversed =HYPERLINK(\"http://evil.example\")";

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
pub(crate) fn skeleton(md: &str) -> Vec<String> {
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
pub(crate) fn assert_inert_markdown(md: &str) {
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
pub(crate) fn assert_inert_terminal(what: &str, text: &str) {
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
        let text = migrate::render::terminal::render(&plan, color);
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

// ---------------------------------------------------------------------------------------
// Hostile servers and files that never end

/// What the raw server sends for a request path.
enum Answer {
    /// A whole HTTP response.
    Whole(u16, String),
    /// `200` and a JSON body that never ends (3 GiB of spaces after `[`), streamed.
    Endless,
}

/// A raw HTTP/1.1 server on a local port (one thread per connection, `Connection: close`),
/// for answers wiremock cannot give: a body of gigabytes, bytes an attacker chooses.
fn raw_server(answer: impl Fn(&str) -> Answer + Send + Sync + 'static) -> String {
    use std::io::{Read as _, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let answer = std::sync::Arc::new(answer);
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut conn) = conn else { continue };
            let answer = std::sync::Arc::clone(&answer);
            std::thread::spawn(move || {
                let mut req = Vec::new();
                let mut buf = [0u8; 4096];
                while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                    match conn.read(&mut buf) {
                        Ok(0) | Err(_) => return,
                        Ok(n) => req.extend_from_slice(&buf[..n]),
                    }
                }
                let head = String::from_utf8_lossy(&req).into_owned();
                let target = head.split_whitespace().nth(1).unwrap_or("/").to_owned();
                match answer(&target) {
                    Answer::Whole(status, body) => {
                        let _ = write!(
                            conn,
                            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                            body.len()
                        );
                    }
                    Answer::Endless => {
                        let _ = conn.write_all(
                            b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n[",
                        );
                        let chunk = vec![b' '; 1 << 20];
                        for _ in 0..3 * 1024 {
                            if conn.write_all(&chunk).is_err() {
                                return;
                            }
                        }
                    }
                }
            });
        }
    });
    format!("http://{addr}")
}

const TOKEN: &str = "tok/SECRET+reflected=4242";

/// `migrate export` against `base`, with the token in a file.
fn export_cli(base: &str, extra: &[&str]) -> (Output, tempfile::TempDir) {
    let tmp = tempfile::tempdir().unwrap();
    let token = tmp.path().join("token");
    std::fs::write(&token, TOKEN).unwrap();
    let config = tmp.path().join("config.toml");
    std::fs::write(&config, "").unwrap();
    let o = migrate()
        .args(extra)
        .args(["export", "--subdomain", "acme", "--base-url", base, "--since", "30d", "--timeout", "30"])
        .args(["--chat-rate", "600000", "--support-rate", "600000", "--incremental-rate", "600000"])
        .arg("--token-file")
        .arg(&token)
        .arg("--config")
        .arg(&config)
        .arg("--out")
        .arg(tmp.path().join("acme"))
        .env_remove("RUST_LOG")
        .env_remove("ZENDESK_OAUTH_TOKEN")
        .output()
        .unwrap();
    (o, tmp)
}

#[test]
fn a_body_that_never_ends_is_cut_at_the_cap_and_exits_5() {
    let base = raw_server(|_| Answer::Endless);
    let started = std::time::Instant::now();
    let (o, tmp) = export_cli(&base, &[]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(5), "{err}");
    assert!(err.contains("the response is larger than 64.0 MiB"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(120));
    assert!(!tmp.path().join("acme").exists());
}

#[test]
fn a_servers_error_body_cannot_drive_the_terminal_and_a_reflected_token_never_shows() {
    let reflected =
        format!("/api/v2/groups.json?page=2&access_token={}", TOKEN.replace('/', "%2F").replace('+', "%2B"));
    let base = raw_server(move |target| {
        if target.starts_with("/api/v2/chat/account") {
            // Escape sequences, a C1 control, a bidi override and a line break in the error.
            Answer::Whole(
                404,
                r#"{"error": "\u001b]0;pwned\u0007\u001b[2J gone", "description": "\u009b31m\u202eevil\nok forged"}"#
                    .to_owned(),
            )
        } else if target.starts_with("/api/v2/groups.json?page=2") {
            Answer::Whole(200, r#"{"groups": [], "next_page": null}"#.to_owned())
        } else if target.starts_with("/api/v2/groups") {
            Answer::Whole(200, format!(r#"{{"groups": [], "next_page": "{reflected}&raw={TOKEN}"}}"#))
        } else {
            Answer::Whole(403, r#"{"error": "Forbidden"}"#.to_owned())
        }
    });
    let (o, _tmp) = export_cli(&base, &["-vvv", "--color", "always"]);
    let err = stderr(&o);
    assert_ne!(o.status.code(), Some(0), "{err}");
    assert!(
        err.contains("/api/v2/groups.json?page=2&access_token=[redacted]"),
        "the reflected link was followed and logged: {err}"
    );
    assert_inert_terminal("export stderr", &err);
    assert!(err.contains("\\u{1b}]0;pwned\\u{7}\\u{1b}[2J gone"), "{err}");
    for form in [TOKEN, "tok%2FSECRET%2Breflected%3D4242", "SECRET"] {
        assert!(!err.contains(form), "the token ({form}) is on stderr");
    }
}

#[cfg(unix)]
#[test]
fn settings_files_that_never_end_are_refused() {
    for (flag, what) in [("--token-file", "token file"), ("--config", "config file")] {
        let tmp = tempfile::tempdir().unwrap();
        let o = migrate()
            .args(["export", "--subdomain", "acme", flag, "/dev/zero", "--out"])
            .arg(tmp.path().join("acme"))
            .env("ZENDESK_OAUTH_TOKEN", "x-token-1234")
            .output()
            .unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("larger than the") && err.contains(what), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_expect_toml_is_refused_not_waited_for() {
    let tmp = tempfile::tempdir().unwrap();
    let fx = tmp.path().join("fx");
    copy_dir(&fixture("segment-1"), &fx);
    let _ = std::fs::remove_file(fx.join("expect.toml"));
    let made = std::process::Command::new("mkfifo").arg(fx.join("expect.toml")).status().unwrap();
    assert!(made.success());
    let o = migrate().arg("check").arg(&fx).timeout(std::time::Duration::from_secs(60)).output().unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
    assert_eq!(o.status.code(), Some(3), "{all}");
    assert!(all.contains("not a regular file"), "{all}");
}

#[test]
fn a_huge_invalid_value_is_cut_in_the_error() {
    let tmp = tempfile::tempdir().unwrap();
    let acct = tmp.path().join("acme");
    copy_dir(&fixture("acme-segment-2"), &acct);
    let text = std::fs::read_to_string(acct.join("support/account.json")).unwrap();
    let huge = "x".repeat(50 * 1024 * 1024);
    std::fs::write(acct.join("support/account.json"), text.replace("\"suite_professional\"", &format!("\"{huge}\"")))
        .unwrap();
    let o = migrate().arg("plan").arg(&acct).output().unwrap();
    assert_eq!(o.status.code(), Some(3));
    let err = stderr(&o);
    assert!(err.len() < 10_000, "{} bytes on stderr", err.len());
    assert!(err.contains("unknown variant") && err.contains("characters cut"), "{err}");
    // And as a subdomain on the command line.
    let o = migrate().args(["export", "--subdomain", &huge[..100_000]]).output().unwrap();
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).len() < 10_000, "{} bytes on stderr", stderr(&o).len());
}

// ---------------------------------------------------------------------------------------
// Memory

/// `migrate plan` on `dir` in a shell whose address space is limited to 2 GiB.
#[cfg(unix)]
fn plan_in_2gib(dir: &Path, out: &Path) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("migrate");
    std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -v 2097152 && exec \"$0\" plan \"$1\" --out \"$2\"")
        .arg(bin)
        .arg(dir)
        .arg(out)
        .output()
        .unwrap()
}

fn minimal_triggers(n: usize) -> String {
    let mut s = String::from("[");
    for i in 0..n {
        if i > 0 {
            s.push(',');
        }
        s.push_str(&format!("{{\"name\":\"t{i}\"}}"));
    }
    s.push(']');
    s
}

#[cfg(unix)]
#[test]
fn a_million_minimal_triggers_are_refused_under_2_gib_not_aborted() {
    // 10⁶ minimal triggers (19 MB) took 8.8 GB; 10⁵ (1.8 MB) 1.1 GB. Both are refused
    // before planning, with a clear error, inside a 2 GiB address space (issue 11).
    for (n, expected) in
        [(1_000_000, "file is 18.0 MiB, larger than the 4.0 MiB"), (100_000, "more than 10,000 triggers")]
    {
        let tmp = tempfile::tempdir().unwrap();
        let acct = tmp.path().join("acme");
        copy_dir(&fixture("acme-segment-2"), &acct);
        std::fs::write(acct.join("chat/triggers.json"), minimal_triggers(n)).unwrap();
        let o = plan_in_2gib(&acct, &tmp.path().join("out"));
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{n}: {err}");
        assert!(err.contains("chat/triggers.json") && err.contains(expected), "{n}: {err}");
        assert!(!err.contains("memory allocation"), "{err}");
    }
}

#[cfg(unix)]
#[test]
fn triggers_at_the_ceiling_plan_under_2_gib() {
    let tmp = tempfile::tempdir().unwrap();
    let acct = tmp.path().join("acme");
    copy_dir(&fixture("acme-segment-2"), &acct);
    std::fs::write(acct.join("chat/triggers.json"), minimal_triggers(10_000)).unwrap();
    let o = plan_in_2gib(&acct, &tmp.path().join("out"));
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(tmp.path().join("out/plan.json").is_file());
}

// ---------------------------------------------------------------------------------------
// Smaller holes

#[cfg(unix)]
#[test]
fn a_chat_or_support_folder_linked_out_of_the_account_is_refused() {
    for sub in ["chat", "support"] {
        let tmp = tempfile::tempdir().unwrap();
        let acct = tmp.path().join("acme");
        copy_dir(&fixture("acme-segment-2"), &acct);
        // The folder lives elsewhere, holding the host's files.
        let elsewhere = tmp.path().join("elsewhere");
        std::fs::rename(acct.join(sub), &elsewhere).unwrap();
        std::fs::write(elsewhere.join("host-secret-file-name.txt"), "x").unwrap();
        std::os::unix::fs::symlink(&elsewhere, acct.join(sub)).unwrap();
        let o = migrate().arg("plan").arg(&acct).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{sub}: {err}");
        assert!(err.contains("a symbolic link to") && err.contains("outside the account folder"), "{err}");
        assert!(!err.contains("host-secret-file-name"), "{err}");
        assert!(o.stdout.is_empty());
    }
    // A link inside the account is fine.
    let tmp = tempfile::tempdir().unwrap();
    let acct = tmp.path().join("acme");
    copy_dir(&fixture("acme-segment-2"), &acct);
    std::fs::rename(acct.join("chat"), acct.join("chat-data")).unwrap();
    std::os::unix::fs::symlink("chat-data", acct.join("chat")).unwrap();
    let o = migrate().arg("plan").arg(&acct).args(["--format", "json"]).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_wrong_typed_name_says_what_was_expected() {
    for (value, found) in [("5", "found a number"), ("[1]", "found a list"), ("true", "found a boolean")] {
        let tmp = tempfile::tempdir().unwrap();
        let acct = tmp.path().join("acme");
        copy_dir(&fixture("acme-segment-2"), &acct);
        let text = std::fs::read_to_string(acct.join("support/account.json")).unwrap();
        std::fs::write(acct.join("support/account.json"), text.replace("\"suite_professional\"", value)).unwrap();
        let o = migrate().arg("plan").arg(&acct).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(3), "{err}");
        assert!(err.contains("support/account.json:2:11: at plan: expected one of the names"), "{err}");
        assert!(err.contains(found), "{err}");
        assert!(!err.contains("cut short"), "{err}");
    }
}

#[test]
fn an_activation_date_without_a_day_after_is_refused() {
    let o = migrate()
        .arg("plan")
        .arg(fixture("acme-segment-2"))
        .args(["--activation-date", "9999-12-31"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("leaves no room for the launch"), "{}", stderr(&o));
    let o = migrate()
        .arg("plan")
        .arg(fixture("acme-segment-2"))
        .args(["--activation-date", "9999-12-30"])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}
