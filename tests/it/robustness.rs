//! Adversarial input: odd and broken accounts, and command lines that point where they
//! should not. Each test pins a failure found by trying to break the CLI: a clear error
//! (file, JSON path, line), a non-zero exit, nothing half-written, secrets never shown,
//! nothing silently dropped, output that cannot break its medium.

use std::path::Path;
use std::process::Output;

use crate::common::{fixture, migrate};

/// A copy of a fixture to break, in a temporary directory.
fn copy_of(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    tmp
}

pub(crate) fn copy_dir(from: &Path, to: &Path) {
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

fn write(dir: &Path, rel: &str, contents: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, contents).unwrap();
}

/// `migrate plan DIR --out OUT` with every log turned on.
fn plan_out(dir: &Path) -> (Output, tempfile::TempDir) {
    let out = tempfile::tempdir().unwrap();
    let result = migrate()
        .arg("-vvv")
        .arg("plan")
        .arg(dir)
        .arg("--out")
        .arg(out.path().join("plan"))
        .env("RUST_LOG", "trace")
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    (result, out)
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The run failed as bad input (exit 3), wrote nothing, did not panic, and its message
/// holds every `expected` part.
fn fails_as_input(dir: &Path, expected: &[&str]) -> String {
    let (o, out) = plan_out(dir);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(3), "{err}");
    assert!(o.stdout.is_empty());
    assert!(!out.path().join("plan").exists(), "output written for a failed plan");
    for bad in ["panicked", "RUST_BACKTRACE"] {
        assert!(!err.contains(bad), "{bad:?} in:\n{err}");
    }
    for e in expected {
        assert!(err.contains(e), "missing {e:?} in:\n{err}");
    }
    err
}

// ---------------------------------------------------------------------------------------
// Secrets

const SECRET: &str = "acme-visitor-auth-secret-DO-NOT-PRINT-0123456789";

#[test]
fn a_wrong_typed_shared_secret_is_not_quoted() {
    let acct = copy_of("acme-segment-2");
    let widget = std::fs::read_to_string(acct.path().join("chat/widget.json")).unwrap();
    for (value, shown) in [("987654321012", "987654321012"), ("-98765", "-98765"), ("3.14159", "3.14159")] {
        write(acct.path(), "chat/widget.json", widget.replace(&format!("\"{SECRET}\""), value));
        let err = fails_as_input(acct.path(), &["chat/widget.json:23:", "at visitor_authentication.shared_secret"]);
        assert!(!err.contains(shown), "the secret {shown} is quoted in:\n{err}");
    }
    // A string where the settings object belongs: the string is the secret, by mistake.
    let whole =
        widget.replace(&format!("{{\"enabled\": true, \"shared_secret\": \"{SECRET}\"}}"), &format!("\"{SECRET}\""));
    assert_ne!(whole, widget);
    write(acct.path(), "chat/widget.json", whole);
    let err = fails_as_input(acct.path(), &["chat/widget.json:23:", "at visitor_authentication", "expected"]);
    assert!(!err.contains(SECRET), "{err}");
}

#[test]
fn a_wrong_typed_oauth_client_secret_is_not_quoted() {
    let acct = copy_of("acme-segment-2");
    let clients = std::fs::read_to_string(acct.path().join("chat/oauth_clients.json")).unwrap();
    write(
        acct.path(),
        "chat/oauth_clients.json",
        clients.replace("\"masked-looking-secret-value-123456\"", "123456789123"),
    );
    let err = fails_as_input(acct.path(), &["chat/oauth_clients.json:2:", "at [0].client_secret"]);
    assert!(!err.contains("123456789123"), "{err}");
    // A list of bare strings (secrets pasted instead of client objects).
    write(acct.path(), "chat/oauth_clients.json", "[\"pasted-client-secret-4242\"]");
    let err = fails_as_input(acct.path(), &["chat/oauth_clients.json:1:", "at [0]"]);
    assert!(!err.contains("pasted-client-secret-4242"), "{err}");
}

// ---------------------------------------------------------------------------------------
// Wrong types in our own files

#[test]
fn an_array_where_an_object_belongs_is_refused() {
    // serde's derive reads a struct from an array, field by field: `[]` read as "no forms,
    // no authentication" and decided the segment.
    let acct = copy_of("acme-segment-2");
    write(acct.path(), "chat/widget.json", "[]");
    fails_as_input(
        acct.path(),
        &["chat/widget.json:1:", "invalid type: sequence, expected an object of widget settings"],
    );
    let acct = copy_of("acme-segment-2");
    write(acct.path(), "support/account.json", "[null, \"suite_team\"]");
    fails_as_input(acct.path(), &["support/account.json:1:", "expected an object of Support account facts"]);
    let acct = copy_of("acme-segment-2");
    write(
        acct.path(),
        "chat/operating_hours.json",
        r#"{"enabled": true, "timezone": "UTC", "account_schedule": {"1": [[540, 1020]]}}"#,
    );
    fails_as_input(acct.path(), &["chat/operating_hours.json:1:", "at account_schedule.1[0]", "expected an interval"]);
}

#[test]
fn an_unknown_key_is_named_by_its_path() {
    let acct = copy_of("acme-segment-2");
    let widget = std::fs::read_to_string(acct.path().join("chat/widget.json")).unwrap();
    write(acct.path(), "chat/widget.json", widget.replacen("\"greeting\"", "\"greetng\"", 1));
    let plan = crate::common::plan_dir(acct.path());
    let notes: Vec<&str> =
        plan.warnings.iter().filter(|w| w.code == "unknown-key").map(|w| w.message.as_str()).collect();
    assert_eq!(notes, ["unknown key `pre_chat_form.greetng` ignored (docs/export-format.md lists the keys)."]);
}

// ---------------------------------------------------------------------------------------
// List files

#[test]
fn an_object_that_is_not_a_show_response_is_refused() {
    // A bare object is read as a "show" response, a list of one. An empty object, or a
    // wrapper under another key, was read as one empty trigger and its contents dropped.
    for (text, found) in [
        ("{}", "found an empty object, not a list of triggers"),
        (
            r#"{"data": [{"name": "Greet"}]}"#,
            "found an object with no trigger field (keys: \"data\"), not a list of triggers",
        ),
    ] {
        let acct = copy_of("acme-segment-2");
        write(acct.path(), "chat/triggers.json", text);
        fails_as_input(acct.path(), &["chat/triggers.json:1:1: ", found, "hint: expected a JSON array"]);
    }
    // A real show response still reads as a list of one.
    let acct = copy_of("acme-segment-2");
    write(acct.path(), "chat/triggers.json", r#"{"name": "Only", "enabled": false}"#);
    let plan = crate::common::plan_dir(acct.path());
    assert!(plan.items.iter().any(|i| i.source == "chat/triggers.json#\"Only\""));
}

#[test]
fn a_scalar_list_file_is_located_and_named() {
    let acct = copy_of("acme-segment-2");
    write(acct.path(), "support/brands.json", "\n  null");
    fails_as_input(acct.path(), &["support/brands.json:2:3: expected a JSON array or object of brands, found null"]);
}

// ---------------------------------------------------------------------------------------
// manifest.toml

const MANIFEST: &str = "format = 1\nsubdomain = \"acme\"\nexported_at = \"2026-11-02T09:30:00Z\"\n";

fn with_manifest(text: &str) -> tempfile::TempDir {
    let acct = copy_of("segment-1");
    write(acct.path(), "manifest.toml", text);
    acct
}

#[test]
fn unknown_manifest_keys_are_reported() {
    let acct = with_manifest(&format!(
        "{MANIFEST}subdomian = \"typo\"\n[resources.\"chat/trigers.json\"]\nstatus = \"complete\"\n"
    ));
    let plan = crate::common::plan_dir(acct.path());
    let notes: Vec<(&str, &str)> = plan
        .warnings
        .iter()
        .filter(|w| w.code == "unknown-key")
        .map(|w| (w.source.as_deref().unwrap_or(""), w.message.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            ("manifest.toml", "unknown key `subdomian` ignored (docs/export-format.md lists the keys)."),
            (
                "manifest.toml",
                "resources.\"chat/trigers.json\" names no file of the export layout and was ignored (did you mean chat/triggers.json?)."
            ),
        ]
    );
}

#[test]
fn exported_at_may_be_a_toml_date_time() {
    let quoted = with_manifest(MANIFEST);
    let bare = with_manifest(&MANIFEST.replace("\"2026-11-02T09:30:00Z\"", "2026-11-02T09:30:00Z"));
    assert_eq!(
        crate::common::plan_dir(bare.path()).account.exported_at,
        crate::common::plan_dir(quoted.path()).account.exported_at
    );
}

#[test]
fn an_implausible_exported_at_is_refused() {
    for at in ["1970-01-01T00:00:00Z", "0001-01-01T00:00:00Z", "2400-01-01T00:00:00Z"] {
        let acct = with_manifest(&MANIFEST.replace("2026-11-02T09:30:00Z", at));
        fails_as_input(
            acct.path(),
            &["manifest.toml:3: at exported_at: ", &format!("exported_at {at} is not a plausible export date")],
        );
    }
}

#[test]
fn a_subdomain_that_is_not_one_is_refused() {
    // The subdomain heads the guide and fills a CSV cell: a newline or `=cmd()` in it
    // would break both.
    for (sub, shown) in [
        ("ac\\nme\\n# injected", r#""ac\nme\n# injected""#),
        ("=HYPERLINK(\\\"x\\\")", r#""=HYPERLINK(\"x\")""#),
        ("../../etc", r#""../../etc""#),
    ] {
        let acct = with_manifest(&MANIFEST.replace("\"acme\"", &format!("\"{sub}\"")));
        fails_as_input(
            acct.path(),
            &["manifest.toml:2: at subdomain: ", &format!("subdomain {shown} is not a Zendesk subdomain")],
        );
    }
}

#[test]
fn a_quoted_format_says_how_to_write_it() {
    let acct = with_manifest(&MANIFEST.replace("format = 1", "format = \"1\""));
    fails_as_input(
        acct.path(),
        &["manifest.toml:1: at format: format must be a whole number such as 1, found a string"],
    );
}

// ---------------------------------------------------------------------------------------
// Names that try to break the output

#[test]
fn names_cannot_break_the_guide_or_drive_the_terminal() {
    let acct = copy_of("acme-segment-2");
    let triggers = std::fs::read_to_string(acct.path().join("chat/triggers.json")).unwrap();
    let triggers = triggers
        .replace("\"First Reply\"", r#""First\n## Injected heading\n- [ ] evil step""#)
        .replace("\"Away auto-reply\"", r#""Away <img src=x onerror=alert(1)> | `tick`""#)
        .replace("\"Route German visitors\"", r#""Route\r\u001b[2J\u001b]0;pwned\u0007 \u202eRTL \u0000""#);
    write(acct.path(), "chat/triggers.json", triggers);
    let brands = std::fs::read_to_string(acct.path().join("support/brands.json")).unwrap();
    write(
        acct.path(),
        "support/brands.json",
        brands.replace("\"name\": \"Acme\"", r#""name": "Acme\n# Brand heading""#),
    );

    let (o, out) = plan_out(acct.path());
    assert!(o.status.success(), "{}", stderr(&o));
    let guide = std::fs::read_to_string(out.path().join("plan/setup-guide.md")).unwrap();
    let text = migrate().arg("plan").arg(acct.path()).arg("--color").arg("always").output().unwrap();
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout).unwrap();
    let sgr = regex::Regex::new("\u{1b}\\[[0-9;]*m").unwrap();
    for (what, doc) in [("setup-guide.md", &guide), ("text plan", &text)] {
        for line in doc.lines() {
            assert!(!line.starts_with("## Injected") && !line.starts_with("- [ ] evil"), "{what}: {line:?}");
            assert!(!line.starts_with("# Brand heading"), "{what}: {line:?}");
            // Our own colours are SGR sequences; nothing else may reach the terminal.
            let without_sgr = sgr.replace_all(line, "");
            assert!(!without_sgr.contains(|c: char| c.is_control() && c != '\t'), "{what}: {line:?}");
        }
    }
    // The guide shows the markup instead of rendering it, and the override is closed.
    assert!(guide.contains("\n### Away &lt;img src=x onerror=alert(1)> \\| `tick` — "), "{guide}");
    // Only inside code spans (the source column), where Markdown shows it as written.
    for line in guide.lines().filter(|l| l.contains("<img")) {
        assert!(line.starts_with("| `chat/triggers.json#\"Away <img"), "{line}");
    }
    assert!(guide.contains("\n### Route ␛\\[2J␛\\]0;pwned␇ \u{202e}RTL ␀\u{202c} — "), "{guide}");
    // The JSON keeps the names exactly.
    let plan = crate::common::plan_dir(acct.path());
    assert!(
        plan.items.iter().any(|i| i.source == r#"chat/triggers.json#"First\n## Injected heading\n- [ ] evil step""#)
    );
}

// ---------------------------------------------------------------------------------------
// chat/chats.jsonl

fn chat_line(i: usize) -> String {
    format!(
        r#"{{"id": "c{i}", "type": "chat", "timestamp": "2026-10-20T10:{:02}:00Z", "zendesk_ticket_id": {}}}"#,
        i % 60,
        100 + i
    )
}

fn pretty(line: &str) -> String {
    serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(line).unwrap()).unwrap()
}

fn history_of(text: &str) -> migrate::plan::history::HistorySummary {
    let acct = copy_of("inactive");
    write(acct.path(), "chat/chats.jsonl", text);
    crate::common::plan_dir(acct.path()).account.history.unwrap()
}

#[test]
fn a_history_with_a_byte_order_mark_reads() {
    let lines: Vec<String> = (0..20).map(chat_line).collect();
    let h = history_of(&format!("\u{feff}{}\n", lines.join("\n")));
    assert_eq!((h.chats, h.bad_lines), (20, 0));
    let h = history_of(&format!("\u{feff}{}\n", lines.iter().map(|l| pretty(l)).collect::<Vec<_>>().join("\n")));
    assert_eq!((h.chats, h.bad_lines), (20, 0));
}

#[test]
fn a_pretty_value_after_compact_lines_reads() {
    // One object per line is assumed from the first line; a pretty-printed value further
    // down broke into bad lines and failed the whole file.
    let mut text: String = (0..20).map(|i| chat_line(i) + "\n").collect();
    text.push_str(&pretty(&chat_line(20)));
    text.push('\n');
    text.push_str(&chat_line(21));
    text.push('\n');
    let h = history_of(&text);
    assert_eq!((h.chats, h.bad_lines), (22, 0));
}

#[test]
fn a_broken_value_in_a_pretty_history_does_not_end_the_reading() {
    // Read value by value, a syntax error stopped the reading: the chats after it were
    // dropped unseen and only one bad line was counted.
    let mut values: Vec<String> = (0..300).map(|i| pretty(&chat_line(i))).collect();
    values[150] = values[150].replacen("\"type\"", "\"type\" \"x\"", 1);
    let h = history_of(&(values.join("\n") + "\n"));
    assert_eq!((h.chats, h.bad_lines), (299, 1));
}

// ---------------------------------------------------------------------------------------
// Links and folders

#[cfg(unix)]
#[test]
fn a_dangling_link_is_not_a_missing_file() {
    // A link whose target is gone read as "not exported": the plan changed silently.
    for rel in ["chat/goals.json", "chat/chats.jsonl"] {
        let acct = copy_of("acme-segment-2");
        let _ = std::fs::remove_file(acct.path().join(rel));
        std::os::unix::fs::symlink("moved-away.json", acct.path().join(rel)).unwrap();
        fails_as_input(acct.path(), &[rel, "a symbolic link to \"moved-away.json\", which does not exist", "hint:"]);
    }
    // A link loop is an error too, never "not exported".
    let acct = copy_of("acme-segment-2");
    std::fs::remove_file(acct.path().join("chat/triggers.json")).unwrap();
    std::os::unix::fs::symlink("triggers.json", acct.path().join("chat/triggers.json")).unwrap();
    fails_as_input(acct.path(), &["chat/triggers.json: cannot read: "]);
}

#[test]
fn out_inside_the_account_is_refused() {
    // Written into the account, the plan's files became unknown files of its export and
    // the next plan differed.
    let acct = copy_of("segment-1");
    for out in [acct.path().to_path_buf(), acct.path().join("plans/new"), acct.path().join("chat/../plans")] {
        let o = migrate().arg("plan").arg(acct.path()).arg("--out").arg(&out).output().unwrap();
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{err}");
        assert!(err.contains("is inside the account folder") && err.contains("hint: "), "{err}");
    }
    assert_eq!(crate::common::files_under(acct.path()), crate::common::files_under(&fixture("segment-1")));

    let exports = tempfile::tempdir().unwrap();
    copy_dir(&fixture("segment-1"), &exports.path().join("a"));
    let o =
        migrate().arg("batch").arg(exports.path()).arg("--out").arg(exports.path().join("a/plans")).output().unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("is inside the exported account"), "{}", stderr(&o));
    assert!(!exports.path().join("a/plans").exists());
}

#[test]
fn gen_fixtures_refuses_a_folder_in_use() {
    // Generating over an earlier set mixed them: a larger earlier run left accounts this
    // one does not make, and a broken account kept the manifest it should lack.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("gen");
    let generate =
        |n: &str| migrate().args(["gen-fixtures", n, "--seed", "3", "-q", "--out"]).arg(&out).output().unwrap();
    assert!(generate("3").status.success());
    let again = generate("2");
    assert_eq!(again.status.code(), Some(2), "{}", stderr(&again));
    assert!(stderr(&again).contains("is not empty"));
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 3);
    // More broken accounts than accounts was silently cut to the count.
    let o = migrate()
        .args(["gen-fixtures", "3", "--broken", "5", "--seed", "1", "--out"])
        .arg(tmp.path().join("g2"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("--broken 5 is more than the 3 accounts"), "{}", stderr(&o));
}

// ---------------------------------------------------------------------------------------
// migrate check

#[test]
fn a_bad_expect_toml_names_its_line() {
    for (text, expected) in [
        (
            "segment = \"segment_1\"\n[steps]\npresent = \"x\"\n",
            "expect.toml:3:11: invalid type: string \"x\", expected a sequence",
        ),
        ("\nsegment = \"segmnt_1\"\n", "expect.toml:2: segment \"segmnt_1\" is not one of"),
        ("segment = 5\n", "expect.toml:1:11: invalid type: integer `5`"),
    ] {
        let fixture = copy_of("segment-1");
        write(fixture.path(), "expect.toml", text);
        let o = migrate().arg("check").arg(fixture.path()).output().unwrap();
        assert_eq!(o.status.code(), Some(3), "{}", String::from_utf8_lossy(&o.stdout));
        let all = format!("{}{}", String::from_utf8_lossy(&o.stdout), stderr(&o));
        assert!(all.contains(expected), "missing {expected:?} in:\n{all}");
    }
}

// ---------------------------------------------------------------------------------------
// migrate batch

#[cfg(unix)]
#[test]
fn an_account_reached_twice_through_a_link_is_planned_once() {
    let exports = tempfile::tempdir().unwrap();
    copy_dir(&fixture("segment-1"), &exports.path().join("a"));
    std::fs::create_dir(exports.path().join("links")).unwrap();
    std::os::unix::fs::symlink("../a", exports.path().join("links/alias")).unwrap();
    std::os::unix::fs::symlink("..", exports.path().join("links/loop")).unwrap();
    let out = tempfile::tempdir().unwrap();
    let o = migrate().arg("batch").arg(exports.path()).arg("--out").arg(out.path()).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("links/alias is an account already found under another path"), "{}", stderr(&o));
    let summary = std::fs::read_to_string(out.path().join("summary.csv")).unwrap();
    assert_eq!(summary.lines().count(), 2, "{summary}");
    assert!(!out.path().join("alias").exists());
}

#[test]
fn an_empty_history_beside_a_ticket_count_is_warned() {
    // A 0-byte chat/chats.jsonl used to decide "inactive" before support/account.json's
    // 4,812 chat tickets, dropping the count without a word. One ticket makes an account
    // active (D-4): the count decides, and the disagreement is said.
    let acct = copy_of("acme-segment-2");
    write(acct.path(), "chat/chats.jsonl", "");
    let plan = crate::common::plan_dir(acct.path());
    assert_eq!(plan.classification.segment.as_str(), "segment_2");
    let w = plan.warnings.iter().find(|w| w.code == "activity-figures-disagree").expect("a warning");
    assert!(w.message.contains("4,812"), "{}", w.message);
    // Agreeing sources say nothing.
    let plan = crate::common::plan_dir(&fixture("acme-segment-2"));
    assert!(plan.warnings.iter().all(|w| w.code != "activity-figures-disagree"));
}

// ---------------------------------------------------------------------------------------
// Keys written twice

#[test]
fn a_day_or_department_written_twice_is_refused() {
    // A map keeps the last of a repeated key: the first day's intervals were dropped
    // unseen, and "01" beside "1" overwrote Monday.
    for (schedule, expected) in [
        (
            r#""account_schedule": {"1": [{"start": 540, "end": 1020}], "1": [{"start": 600, "end": 700}]}"#,
            "at account_schedule: day \"1\" appears twice",
        ),
        (r#""account_schedule": {"01": [{"start": 540, "end": 1020}]}"#, "day key \"01\" is not \"0\"..\"6\""),
        (
            r#""type": "department", "department_schedule": {"201": {"1": [{"start": 540, "end": 1020}]}, "201": {"2": [{"start": 60, "end": 120}]}}"#,
            "at department_schedule: key \"201\" appears twice",
        ),
    ] {
        let acct = copy_of("acme-segment-2");
        write(
            acct.path(),
            "chat/operating_hours.json",
            format!(r#"{{"enabled": true, "timezone": "Europe/Berlin", {schedule}}}"#),
        );
        fails_as_input(acct.path(), &["chat/operating_hours.json:1:", expected]);
    }
}

#[test]
fn a_key_repeated_in_a_trigger_definition_is_that_triggers_error() {
    // serde_json keeps the last of a repeated key: `"event"` twice planned the trigger on
    // one of them silently. It is now an error of that trigger; the others still plan.
    let acct = copy_of("acme-segment-2");
    let triggers = std::fs::read_to_string(acct.path().join("chat/triggers.json")).unwrap();
    write(
        acct.path(),
        "chat/triggers.json",
        triggers.replacen(r#""event": "page_enter","#, r#""event": "page_enter", "event": "chat_requested","#, 1),
    );
    let plan = crate::common::plan_dir(acct.path());
    let cart = plan.items.iter().find(|i| i.source == "chat/triggers.json#\"Cart helper\"").unwrap();
    assert_eq!(cart.outcome.as_str(), "not_migratable");
    assert!(cart.reason.contains("[3].definition.event: the key appears twice"), "{}", cart.reason);
    let first = plan.items.iter().find(|i| i.source == "chat/triggers.json#\"First Reply\"").unwrap();
    assert_eq!(first.outcome.as_str(), "migrated_by_zendesk");
}

#[test]
fn batch_out_that_holds_the_accounts_is_refused() {
    // `--out` = the batch folder wrote plan.json and the rest into every account folder;
    // an --out holding an account skipped it silently (the output folder is not searched).
    let exports = tempfile::tempdir().unwrap();
    copy_dir(&fixture("segment-1"), &exports.path().join("a"));
    copy_dir(&fixture("inactive"), &exports.path().join("plans/b"));
    for (out, why) in [
        (exports.path().to_path_buf(), "is the folder of the accounts"),
        (exports.path().join("plans"), "which would be skipped"),
    ] {
        let o = migrate().arg("batch").arg(exports.path()).arg("--out").arg(&out).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        assert!(stderr(&o).contains(why), "{}", stderr(&o));
    }
    assert_eq!(
        crate::common::files_under(&exports.path().join("a")),
        crate::common::files_under(&fixture("segment-1"))
    );
    // A folder of its own beside the accounts is fine.
    let o = migrate().arg("batch").arg(exports.path()).arg("--out").arg(exports.path().join("out")).output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn objects_sharing_a_name_are_warned() {
    // Two triggers named alike became two items with one source, told apart by nothing.
    let acct = copy_of("acme-segment-2");
    let triggers = std::fs::read_to_string(acct.path().join("chat/triggers.json")).unwrap();
    write(acct.path(), "chat/triggers.json", triggers.replace("\"Away auto-reply\"", "\"First Reply\""));
    let depts = std::fs::read_to_string(acct.path().join("chat/departments.json")).unwrap();
    write(acct.path(), "chat/departments.json", depts.replace("\"Billing\"", "\"Sales\""));
    let plan = crate::common::plan_dir(acct.path());
    let dup: Vec<&str> =
        plan.warnings.iter().filter(|w| w.code == "duplicate-name").map(|w| w.message.as_str()).collect();
    assert_eq!(dup.len(), 2, "{dup:?}");
    assert!(dup.iter().any(|m| m.starts_with("2 departments are named \"Sales\"")), "{dup:?}");
    assert!(dup.iter().any(|m| m.starts_with("2 triggers are named \"First Reply\"")), "{dup:?}");
    // Both are still planned.
    assert_eq!(plan.items.iter().filter(|i| i.source == "chat/triggers.json#\"First Reply\"").count(), 2);
}

#[test]
fn a_key_in_an_error_path_cannot_forge_output() {
    // The JSON path of an error holds the file's own keys: an escape sequence or a line
    // break there reached the terminal raw.
    let acct = copy_of("acme-segment-2");
    write(
        acct.path(),
        "chat/operating_hours.json",
        r#"{"enabled": true, "type": "department", "timezone": "Europe/Berlin", "department_schedule": {"\u001b]0;pwned\u0007\nerror: fake": {"1": [{"start": 5000, "end": 1020}]}}}"#,
    );
    let err =
        fails_as_input(acct.path(), &[r"at department_schedule.\u{1b}]0;pwned\u{7}\nerror: fake.1[0]: start 5000"]);
    assert!(!err.contains('\u{1b}'));
    assert_eq!(err.lines().filter(|l| l.starts_with("error:")).count(), 1, "{err}");
}

#[cfg(unix)]
#[test]
fn a_device_or_pipe_in_the_account_is_refused_not_read_for_ever() {
    // `chat/chats.jsonl -> /dev/zero` streamed for ever; a named pipe blocked the read.
    let acct = copy_of("inactive");
    std::fs::remove_file(acct.path().join("chat/chats.jsonl")).unwrap();
    std::os::unix::fs::symlink("/dev/zero", acct.path().join("chat/chats.jsonl")).unwrap();
    fails_as_input(acct.path(), &["chat/chats.jsonl: cannot read: not a regular file"]);
    let acct = copy_of("inactive");
    std::fs::remove_file(acct.path().join("chat/triggers.json")).unwrap();
    std::os::unix::fs::symlink("/dev/null", acct.path().join("chat/triggers.json")).unwrap();
    fails_as_input(acct.path(), &["chat/triggers.json: cannot read: not a regular file"]);
}

// ---------------------------------------------------------------------------------------
// migrate gen-fixtures

#[test]
fn generated_histories_agree_with_the_ticket_count() {
    // Account 7 of seed 42 is exported on the 1st of a month: its chats were dated that
    // same day after the export time, outside the window, and the active account planned
    // as inactive beside 2,422 chat tickets.
    let tmp = tempfile::tempdir().unwrap();
    migrate::r#gen::generate(tmp.path(), &migrate::r#gen::GenOptions { count: 8, seed: 42, broken: 0 }).unwrap();
    let plan = crate::common::plan_dir(&tmp.path().join("acct-00007"));
    assert!(plan.account.history.is_some());
    assert_ne!(plan.classification.segment.as_str(), "inactive");
    assert!(plan.warnings.iter().all(|w| w.code != "activity-figures-disagree"));
}
