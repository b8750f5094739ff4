//! `migrate plan` from the outside: formats, --out, determinism, secrets, pipes.

use std::process::{Command, Stdio};

use clap::CommandFactory;
use migrate::plan::{Plan, Segment};

use crate::common::{fixture, migrate, plan_dir};

#[test]
fn cli_definition_is_valid() {
    migrate::cli::Cli::command().debug_assert();
}

#[test]
fn readme_first_command_prints_a_plan_and_its_summary() {
    let out = migrate().args(["plan", "fixtures/acme-segment-2"]).current_dir(crate::common::root()).output().unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let last = text.lines().last().unwrap();
    assert!(last.starts_with("acme: segment 2 · "), "{last}");
    assert!(last.contains(" settings · ") && last.ends_with(" blocking"), "{last}");
    assert!(text.contains("Classification") && text.contains("Steps ("));
    assert!(!text.contains("\u{1b}["), "no colour when NO_COLOR is set or stdout is not a terminal");
}

#[test]
fn json_output_is_the_plan_contract() {
    let out = migrate().args(["plan", "--format", "json"]).arg(fixture("acme-segment-2")).output().unwrap();
    assert!(out.status.success());
    let plan: Plan = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(plan.format_version, migrate::plan::FORMAT_VERSION);
    assert_eq!(plan.classification.segment, Segment::Segment2);
    // Top-level keys in the documented order.
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["format_version", "account", "classification", "items", "steps", "warnings"]);
    // Every item and step cites a source.
    assert!(plan.items.iter().all(|i| !i.refs.is_empty()), "an item without refs");
    assert!(plan.steps.iter().all(|s| !s.refs.is_empty() && s.link.is_some()), "a step without refs or link");
}

#[test]
fn out_writes_three_files_matching_stdout() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("plans/acme");
    let out = migrate().arg("plan").arg(fixture("acme-segment-2")).arg("--out").arg(&target).output().unwrap();
    assert!(out.status.success());
    assert!(out.stdout.is_empty(), "--out alone prints no data on stdout");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("acme: segment_2"), "{stderr}");
    assert_eq!(crate::common::files_under(&target), ["messaging-config.json", "plan.json", "setup-guide.md"]);
    let json = migrate().args(["plan", "--format", "json"]).arg(fixture("acme-segment-2")).output().unwrap();
    assert_eq!(std::fs::read(target.join("plan.json")).unwrap(), json.stdout);
    let md = std::fs::read_to_string(target.join("setup-guide.md")).unwrap();
    assert!(md.starts_with("# Messaging setup guide: acme"));
    assert!(md.contains("- [ ] **"));
    let config: serde_json::Value =
        serde_json::from_slice(&std::fs::read(target.join("messaging-config.json")).unwrap()).unwrap();
    assert_eq!(config["format_version"], 3);
    assert!(config["items"].as_array().unwrap().len() > 10);
}

#[test]
fn two_runs_give_byte_identical_files_wherever_the_account_is() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    // Same account under another path (absolute vs relative, another name).
    let copy = tempfile::tempdir().unwrap();
    copy_dir(&fixture("acme-segment-2"), &copy.path().join("elsewhere"));
    assert!(
        migrate()
            .arg("plan")
            .arg(fixture("acme-segment-2"))
            .arg("--out")
            .arg(a.path())
            .output()
            .unwrap()
            .status
            .success()
    );
    assert!(
        migrate()
            .arg("plan")
            .arg(copy.path().join("elsewhere"))
            .arg("--out")
            .arg(b.path())
            .output()
            .unwrap()
            .status
            .success()
    );
    for f in ["plan.json", "messaging-config.json", "setup-guide.md"] {
        assert_eq!(std::fs::read(a.path().join(f)).unwrap(), std::fs::read(b.path().join(f)).unwrap(), "{f} differs");
    }
}

fn copy_dir(from: &std::path::Path, to: &std::path::Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            copy_dir(&p, &to.join(e.file_name()));
        } else {
            std::fs::copy(&p, to.join(e.file_name())).unwrap();
        }
    }
}

#[test]
fn secrets_never_reach_any_output() {
    let secrets = [
        "acme-visitor-auth-secret-DO-NOT-PRINT-0123456789",
        "masked-looking-secret-value-123456",
        "another-secret-value-7890",
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut outputs = Vec::new();
    for format in ["text", "json", "markdown"] {
        let o = migrate().args(["plan", "-vvv", "--format", format]).arg(fixture("acme-segment-2")).output().unwrap();
        outputs.push(o.stdout);
        outputs.push(o.stderr);
    }
    assert!(
        migrate()
            .arg("plan")
            .arg(fixture("acme-segment-2"))
            .arg("--out")
            .arg(dir.path())
            .output()
            .unwrap()
            .status
            .success()
    );
    for f in crate::common::files_under(dir.path()) {
        outputs.push(std::fs::read(dir.path().join(f)).unwrap());
    }
    for out in outputs {
        let s = String::from_utf8_lossy(&out);
        for secret in secrets {
            assert!(!s.contains(secret), "a secret leaked");
        }
    }
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("migrate"))
        .args(["plan"])
        .arg(fixture("acme-segment-2"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Hang up before the plan is written, like `| true`: the write meets a closed pipe.
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert!(out.stderr.is_empty(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());
}

#[test]
fn every_fixture_account_gets_its_expected_segment() {
    for (name, segment) in [
        ("acme-segment-2", Segment::Segment2),
        ("segment-1", Segment::Segment1),
        ("inactive", Segment::Inactive),
        ("undetermined", Segment::Undetermined),
        ("multi-brand", Segment::Segment2),
        ("department-schedules", Segment::Segment2),
        ("feature-operating-hours", Segment::Segment2),
        ("feature-pre-chat-form", Segment::Segment2),
        ("feature-offline-form", Segment::Segment2),
        ("feature-visitor-auth", Segment::Segment2),
    ] {
        let plan = plan_dir(&fixture(name));
        assert_eq!(plan.classification.segment, segment, "{name}");
        // Each feature fixture is segment 2 because of its one feature (D-5).
        if let Some(feature) = name.strip_prefix("feature-") {
            let code = format!("uses-{}", feature.replace("visitor-auth", "visitor-authentication"));
            let codes: Vec<&str> = plan.classification.reasons.iter().map(|r| r.code.as_str()).collect();
            assert!(codes.contains(&code.as_str()), "{name}: {codes:?}");
            assert_eq!(codes.iter().filter(|c| c.starts_with("uses-")).count(), 1, "{name}: {codes:?}");
        }
    }
}

/// Outputs get the permissions of any new file (0666 less the umask), not a temporary
/// file's private 0600: a plan is meant to be shared.
#[cfg(unix)]
#[test]
fn outputs_have_ordinary_file_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    assert!(
        migrate().arg("plan").arg(fixture("segment-1")).arg("--out").arg(dir.path()).output().unwrap().status.success()
    );
    let ordinary = dir.path().join("ordinary");
    std::fs::File::create(&ordinary).unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    for f in ["plan.json", "messaging-config.json", "setup-guide.md"] {
        assert_eq!(mode(&dir.path().join(f)), mode(&ordinary), "{f}");
    }
}

/// Issue 14: completions and man pages come from the clap definitions, so they name every
/// command and flag the binary has.
#[test]
fn completions_and_man_pages_are_generated_from_the_command_line() {
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = migrate().args(["completions", shell]).assert().success().get_output().stdout.clone();
        let text = String::from_utf8(out).unwrap();
        for word in ["answer", "export", "no-progress", "visitor-auth"] {
            assert!(text.contains(word), "{shell} completions lack {word}");
        }
    }
    migrate().args(["completions", "tcsh"]).assert().code(2);
    let page = migrate().arg("man").assert().success().get_output().stdout.clone();
    let page = String::from_utf8(page).unwrap();
    assert!(page.starts_with(".ie") || page.contains(".TH migrate 1"), "{}", &page[..page.len().min(200)]);
    assert!(page.contains("answer"));
    let tmp = tempfile::tempdir().unwrap();
    migrate().arg("man").arg("--out").arg(tmp.path()).assert().success();
    let pages = crate::common::files_under(tmp.path());
    for p in ["migrate.1", "migrate-answer.1", "migrate-export.1", "migrate-plan.1", "migrate-batch.1"] {
        assert!(pages.contains(&p.to_owned()), "{pages:?}");
    }
    let answer = std::fs::read_to_string(tmp.path().join("migrate-answer.1")).unwrap();
    assert!(answer.contains(".TH migrate-answer 1") && answer.contains("visitor\\-auth"), "{answer}");
}

/// Issue 14: the same flags everywhere. `--no-progress` and `--quiet` are accepted by every
/// command (before or after it), and a quiet successful run says nothing on stderr.
#[test]
fn every_command_takes_no_progress_and_quiet() {
    let tmp = tempfile::tempdir().unwrap();
    let acct = fixture("acme-segment-2");
    let runs: Vec<Vec<std::ffi::OsString>> = vec![
        vec!["plan".into(), acct.clone().into()],
        vec!["batch".into(), acct.clone().into(), "--out".into(), tmp.path().join("plans").into()],
        vec!["check".into(), acct.clone().into()],
        vec!["gen-fixtures".into(), "2".into(), "--out".into(), tmp.path().join("gen").into()],
        vec!["man".into()],
    ];
    for args in runs {
        let out = migrate().args(&args).args(["--no-progress", "--quiet"]).assert().success().get_output().clone();
        assert_eq!(String::from_utf8_lossy(&out.stderr), "", "{args:?}");
        migrate().arg("--no-progress").args(&args[..1]).arg("--help").assert().success();
    }
    // export and answer parse them too (they fail later, for want of a token or answers).
    migrate()
        .args(["export", "--no-progress", "--quiet", "--out"])
        .arg(tmp.path().join("x"))
        .env_remove("ZENDESK_SUBDOMAIN")
        .env("MIGRATE_CONFIG", tmp.path().join("none.toml"))
        .assert()
        .code(2);
    migrate().args(["answer", "--no-progress", "--quiet", "--no-input"]).arg(tmp.path()).assert().code(3);
}
