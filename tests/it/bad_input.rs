//! Bad input gets a clear error that names the file, the JSON path and the line, a
//! non-zero exit, no panic, and no output written.

use std::path::Path;

use crate::common::{fixture, migrate, new_account};

/// Run `migrate plan DIR --out OUT` and check the failure: exit 3, the message parts, no
/// panic or backtrace, and nothing written.
fn fails_cleanly(dir: &Path, expected: &[&str]) -> String {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("plan");
    let result = migrate().arg("plan").arg(dir).arg("--out").arg(&target).env("RUST_BACKTRACE", "1").output().unwrap();
    let stderr = String::from_utf8_lossy(&result.stderr).into_owned();
    assert_eq!(result.status.code(), Some(3), "exit code for {}: {stderr}", dir.display());
    assert!(result.stdout.is_empty(), "stdout must stay empty on error");
    for e in expected {
        assert!(stderr.contains(e), "missing {e:?} in:\n{stderr}");
    }
    for bad in ["panicked", "backtrace", "RUST_BACKTRACE", "stack"] {
        assert!(!stderr.contains(bad), "{bad:?} in:\n{stderr}");
    }
    assert!(stderr.starts_with("error: "), "{stderr}");
    assert!(!target.exists(), "an output directory was created for a failed plan");
    stderr
}

#[test]
fn malformed_json_names_file_path_and_line() {
    fails_cleanly(
        &fixture("broken-json"),
        &["broken-json/chat/triggers.json:4:", "at [0].definition.condition", "EOF while parsing", "hint:"],
    );
}

#[test]
fn wrong_type_names_the_json_path() {
    fails_cleanly(
        &fixture("broken-type"),
        &["broken-type/chat/departments.json:3:", "at [1].enabled", "\"sometimes\"", "expected a boolean"],
    );
}

#[test]
fn a_directory_where_a_file_belongs() {
    fails_cleanly(
        &fixture("broken-directory"),
        &["broken-directory/chat/triggers.json", "expected a file, found a directory"],
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    fails_cleanly(&fixture("broken-utf8"), &["broken-utf8/chat/shortcuts.json:1:43", "not UTF-8"]);
}

#[test]
fn a_newer_manifest_format_is_refused() {
    fails_cleanly(
        &fixture("broken-format"),
        &["broken-format/manifest.toml:1", "format 2 is newer than this migrate understands", "upgrade migrate"],
    );
}

#[test]
fn a_trigger_nested_ten_thousand_levels_deep() {
    let err = fails_cleanly(
        &fixture("broken-deep"),
        &[
            "broken-deep/chat/triggers.json:1:",
            "at [0].definition.condition[1][1]",
            "recursion limit exceeded",
            "levels)",
        ],
    );
    // The path is shortened, not printed 10,000 levels long.
    assert!(err.len() < 1000, "{} bytes", err.len());
}

#[test]
fn a_gigabyte_triggers_file_is_refused_before_reading() {
    let acct = new_account("huge");
    let f = std::fs::File::create(acct.path().join("chat/triggers.json")).unwrap();
    // Sparse: takes no disk, reads as zeros.
    f.set_len(1 << 30).unwrap();
    // The Chat lists whose objects become plan items get 4 MiB together (issue 11).
    fails_cleanly(acct.path(), &["chat/triggers.json", "file is 1.0 GiB", "4.0 MiB"]);
    std::fs::remove_file(acct.path().join("chat/triggers.json")).unwrap();
    let f = std::fs::File::create(acct.path().join("support/users.json")).unwrap();
    f.set_len(1 << 30).unwrap();
    fails_cleanly(acct.path(), &["support/users.json", "file is 1.0 GiB", "64.0 MiB"]);
}

#[test]
fn a_missing_manifest_is_not_an_account() {
    let dir = tempfile::tempdir().unwrap();
    fails_cleanly(dir.path(), &["manifest.toml is missing", "hint:"]);
    fails_cleanly(&dir.path().join("nope"), &["no such directory"]);
}

#[test]
fn a_bad_manifest_value_names_its_line() {
    let acct = new_account("x");
    std::fs::write(
        acct.path().join("manifest.toml"),
        "format = 1\nsubdomain = \"x\"\nexported_at = \"last tuesday\"\n",
    )
    .unwrap();
    fails_cleanly(acct.path(), &["manifest.toml:3:", "last tuesday"]);
}

#[test]
fn bad_operating_hours_name_the_interval() {
    let acct = new_account("x");
    std::fs::write(
        acct.path().join("chat/operating_hours.json"),
        r#"{"enabled": true, "type": "account", "timezone": "Europe/Berlin",
"account_schedule": {"1": [{"start": 540, "end": 1020}], "2": [{"start": 1500, "end": 1600}]}}"#,
    )
    .unwrap();
    fails_cleanly(acct.path(), &["chat/operating_hours.json:2:", "account_schedule.2[0]", "start 1500"]);
    std::fs::write(
        acct.path().join("chat/operating_hours.json"),
        r#"{"enabled": true, "type": "account", "timezone": "Mars/Olympus", "account_schedule": {}}"#,
    )
    .unwrap();
    fails_cleanly(acct.path(), &["chat/operating_hours.json:1:", "at timezone", "unknown time zone \"Mars/Olympus\""]);
}

#[test]
fn a_failed_plan_leaves_earlier_output_untouched() {
    let out = tempfile::tempdir().unwrap();
    let ok = migrate().arg("plan").arg(fixture("segment-1")).arg("--out").arg(out.path()).output().unwrap();
    assert!(ok.status.success());
    let before = std::fs::read(out.path().join("plan.json")).unwrap();
    let bad = migrate().arg("plan").arg(fixture("broken-json")).arg("--out").arg(out.path()).output().unwrap();
    assert_eq!(bad.status.code(), Some(3));
    assert_eq!(std::fs::read(out.path().join("plan.json")).unwrap(), before);
    // No temporary files left behind.
    assert_eq!(crate::common::files_under(out.path()), ["messaging-config.json", "plan.json", "setup-guide.md"]);
}
