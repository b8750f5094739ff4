//! `migrate check` over the project's fixtures, a changed expectation, broken fixtures and
//! `--bless`.

// Test helpers outside #[test] functions fail loudly too (.clippy.toml allows it in tests).
#![allow(clippy::unwrap_used)]

use std::path::PathBuf;

use crate::common::{copy_dir, migrate, root};

fn fixtures() -> PathBuf {
    root().join("fixtures")
}

/// A copy of `fixtures/acme-segment-2` in a temporary folder of fixtures.
fn acme() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("fixtures").join("acme");
    copy_dir(&fixtures().join("acme-segment-2"), &dir);
    (tmp, dir)
}

fn run(args: &[&std::ffi::OsStr]) -> (i32, String) {
    let out = migrate().args(args).output().unwrap();
    (out.status.code().unwrap_or(-1), String::from_utf8(out.stdout).unwrap())
}

#[test]
fn the_project_fixtures_match_their_expectations() {
    let (code, stdout) = run(&["check".as_ref(), fixtures().as_os_str()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("ok "), "{stdout}");
    assert!(stdout.ends_with(" 0 failed\n"), "{stdout}");
    assert!(fixtures().join("acme-segment-2/expect.toml").is_file());
}

#[test]
fn a_changed_expectation_fails_with_a_diff() {
    let (tmp, dir) = acme();
    let expect = dir.join("expect.toml");
    let text = std::fs::read_to_string(&expect).unwrap();
    let changed = text
        .replace("segment = \"segment_2\"", "segment = \"segment_1\"")
        .replace("\"confirm-inactive\",", "\"confirm-inactive\",\n    \"review-trigger-conversions\",")
        .replace("'chat/shortcuts.json#\"hi\"' = \"translated\"", "'chat/shortcuts.json#\"hi\"' = \"manual\"");
    assert_ne!(changed, text);
    std::fs::write(&expect, changed).unwrap();
    let (code, stdout) = run(&["check".as_ref(), tmp.path().join("fixtures").as_os_str()]);
    assert_eq!(code, 4, "{stdout}");
    for line in [
        "FAIL ",
        "    segment\n      - expected: segment_1\n      + found:    segment_2\n",
        "    step review-trigger-conversions\n      - expected: absent\n      + found:    in the plan\n",
        "    item chat/shortcuts.json#\"hi\"\n      - expected: manual\n      + found:    translated\n",
        "check: 0 passed, 1 failed\n",
    ] {
        assert!(stdout.contains(line), "missing {line:?} in:\n{stdout}");
    }
}

/// An `absent` step the catalogue does not hold would always hold: the file is refused,
/// naming the id, and nothing is checked against it.
#[test]
fn an_expectation_naming_no_step_is_refused() {
    let (tmp, dir) = acme();
    let expect = dir.join("expect.toml");
    let text = std::fs::read_to_string(&expect).unwrap();
    std::fs::write(
        &expect,
        text.replace("\"confirm-inactive\",", "\"confirm-inactive\",\n    \"reset-chat-only-passwords\","),
    )
    .unwrap();
    let out = migrate().arg("check").arg(tmp.path().join("fixtures")).output().unwrap();
    let all = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert_ne!(out.status.code(), Some(0), "{all}");
    assert!(all.contains("unknown step id \"reset-chat-only-passwords\""), "{all}");
    assert!(all.contains("expect.toml"), "{all}");
}

#[test]
fn an_exact_expectation_fails_on_a_new_item() {
    let (tmp, dir) = acme();
    let expect = dir.join("expect.toml");
    let text = std::fs::read_to_string(&expect).unwrap();
    std::fs::write(&expect, text.replace("'chat/shortcuts.json#\"hi\"' = \"translated\"\n", "")).unwrap();
    let (code, stdout) = run(&["check".as_ref(), tmp.path().join("fixtures").as_os_str()]);
    assert_eq!(code, 4, "{stdout}");
    assert!(
        stdout.contains("item chat/shortcuts.json#\"hi\"\n      - expected: not in [items] (exact = true)"),
        "{stdout}"
    );
}

#[test]
fn bless_round_trips() {
    let (tmp, dir) = acme();
    let expect = dir.join("expect.toml");
    let committed = std::fs::read_to_string(&expect).unwrap();
    std::fs::remove_file(&expect).unwrap();
    let fixtures = tmp.path().join("fixtures");
    let (code, stdout) = run(&["check".as_ref(), "--bless".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 0, "{stdout}");
    assert!(stdout.contains("1 expect.toml rewritten"), "{stdout}");
    let blessed = std::fs::read_to_string(&expect).unwrap();
    // The committed file is the blessed one plus hand-written `absent` ids.
    assert_eq!(
        blessed.replace("\n", ""),
        committed.replace("\n", "").replace(
            "absent = [    \"complete-export\",    \"confirm-inactive\",    \"split-department-schedules\",]",
            ""
        )
    );
    let (code, _) = run(&["check".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 0);
    // Blessing again changes nothing, and keeps hand-written absent ids that still hold.
    std::fs::write(&expect, &committed).unwrap();
    let (code, stdout) = run(&["check".as_ref(), "--bless".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 0);
    assert!(stdout.contains("0 expect.toml rewritten"), "{stdout}");
    assert_eq!(std::fs::read_to_string(&expect).unwrap(), committed);
}

#[test]
fn broken_fixtures_state_their_error() {
    let tmp = tempfile::tempdir().unwrap();
    let fixtures = tmp.path().join("fixtures");
    let dir = fixtures.join("broken-json");
    copy_dir(&self::fixtures().join("acme-segment-2"), &dir);
    std::fs::remove_file(dir.join("expect.toml")).unwrap();
    std::fs::write(dir.join("chat/triggers.json"), "[{\"id\": 1,\n  \"name\": }]\n").unwrap();

    // No expectation: an unreadable fixture is invalid input.
    let (code, stdout) = run(&["check".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("ERROR ") && stdout.contains("chat/triggers.json:2"), "{stdout}");

    // Blessed: the error is expected, without the fixture's own path.
    let (code, _) = run(&["check".as_ref(), "--bless".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 0);
    let expect = std::fs::read_to_string(dir.join("expect.toml")).unwrap();
    assert!(expect.contains("error = \"chat/triggers.json:2:"), "{expect}");
    let (code, stdout) = run(&["check".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 0, "{stdout}");

    // Another error than the expected one fails the check.
    std::fs::write(dir.join("expect.toml"), "error = \"manifest.toml\"\n").unwrap();
    let (code, stdout) = run(&["check".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 4, "{stdout}");
    assert!(stdout.contains("- expected: containing \"manifest.toml\""), "{stdout}");

    // A fixture that plans although an error is expected fails too.
    std::fs::copy(self::fixtures().join("acme-segment-2/chat/triggers.json"), dir.join("chat/triggers.json")).unwrap();
    let (code, stdout) = run(&["check".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 4, "{stdout}");
    assert!(stdout.contains("+ found:    planned: acme: segment_2"), "{stdout}");

    // A broken expect.toml is invalid input.
    std::fs::write(dir.join("expect.toml"), "segmnet = 1\n").unwrap();
    let (code, stdout) = run(&["check".as_ref(), fixtures.as_os_str()]);
    assert_eq!(code, 3, "{stdout}");
    assert!(stdout.contains("segmnet"), "{stdout}");
}

#[test]
fn the_command_line_is_consistent() {
    use clap::CommandFactory as _;
    migrate::cli::Cli::command().debug_assert();
}
