//! `migrate batch` over generated accounts: the summary, error rows, exit codes, resume and
//! a stopped run.

// Test helpers outside #[test] functions fail loudly too (.clippy.toml allows it in tests).
#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use assert_cmd::Command;
use migrate::batch::{self, Done, MARKER, NOT_PLANNED, OUTPUTS, Observer, Row, Settings};
use migrate::exit_codes::ExitCode;
use migrate::r#gen::{GenOptions, GenReport, generate};
use migrate::plan::PlanOptions;

fn generated(count: usize, broken: usize) -> (tempfile::TempDir, PathBuf, GenReport) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("exports");
    let report = generate(&dir, &GenOptions { count, seed: 11, broken }).unwrap();
    (tmp, dir, report)
}

fn rows(summary: &Path) -> Vec<Row> {
    let mut r = csv::Reader::from_path(summary).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    assert_eq!(headers, batch::COLUMNS);
    r.deserialize().map(Result::unwrap).collect()
}

fn migrate() -> Command {
    Command::cargo_bin("migrate").unwrap()
}

/// Every file under `dir` whose name marks an unfinished write.
fn temp_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "tmp") {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn broken_accounts_become_error_rows_and_the_rest_are_planned() {
    let (tmp, exports, gen_report) = generated(14, 4);
    let out = tmp.path().join("plans");
    let assert = migrate().arg("batch").arg(&exports).arg("--out").arg(&out).args(["--jobs", "2"]).assert();
    // The broken accounts cannot be read: worst of (success, invalid input) is invalid input.
    let output = assert.code(i32::from(ExitCode::InvalidInput.code())).get_output().clone();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("14 of 14 accounts done"), "{stderr}");
    assert!(stderr.contains("planned: 10\n"), "{stderr}");
    assert!(stderr.contains("errors: 4"), "{stderr}");
    assert!(output.stdout.is_empty(), "stdout is for data only");

    let rows = rows(&out.join(batch::SUMMARY));
    assert_eq!(rows.len(), 14);
    let names: Vec<&str> = rows.iter().map(|r| r.account.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "rows are in account order");
    let failed: Vec<String> = rows.iter().filter(|r| !r.error.is_empty()).map(|r| r.account.clone()).collect();
    assert_eq!(failed, gen_report.broken);
    for row in &rows {
        let dir = out.join(&row.account);
        if row.error.is_empty() {
            assert!(row.steps.is_some() && !row.segment.is_empty(), "{row:?}");
            for f in OUTPUTS.iter().chain([&MARKER]) {
                assert!(dir.join(f).is_file(), "{}/{f}", row.account);
            }
        } else {
            // The same clear message `migrate plan` gives: file, and where in it.
            assert!(row.error.contains(&row.account), "{}", row.error);
            assert!(row.segment.is_empty() && row.steps.is_none());
            assert!(!dir.join("plan.json").exists());
        }
    }
    assert!(temp_files(&out).is_empty());
}

#[test]
fn batch_outputs_are_the_files_plan_writes() {
    let (tmp, exports, _) = generated(3, 0);
    let out = tmp.path().join("plans");
    migrate().arg("batch").arg(&exports).arg("--out").arg(&out).arg("-q").assert().success();
    let account = "acct-00001";
    let single = tmp.path().join("single");
    migrate().arg("plan").arg(exports.join(account)).arg("--out").arg(&single).arg("-q").assert().success();
    for f in OUTPUTS {
        let a = std::fs::read(out.join(account).join(f)).unwrap();
        let b = std::fs::read(single.join(f)).unwrap();
        assert!(a == b, "{f} differs between batch and plan");
    }
}

#[test]
fn a_csv_lists_accounts_relative_to_itself() {
    let (tmp, exports, _) = generated(3, 0);
    let list = tmp.path().join("accounts.csv");
    std::fs::write(&list, "owner,path\nana,exports/acct-00002\nbo,exports/acct-00000\n").unwrap();
    let out = tmp.path().join("plans");
    migrate().arg("batch").arg(&list).arg("--out").arg(&out).arg("-q").assert().success();
    let rows = rows(&out.join(batch::SUMMARY));
    let names: Vec<&str> = rows.iter().map(|r| r.account.as_str()).collect();
    assert_eq!(names, ["acct-00000", "acct-00002"]);
    assert_eq!(rows[0].path, exports.join("acct-00000").display().to_string());

    std::fs::write(&list, "account\nexports/acct-00002\n").unwrap();
    let err = migrate().arg("batch").arg(&list).arg("--out").arg(&out).assert().code(3).get_output().stderr.clone();
    let err = String::from_utf8(err).unwrap();
    assert!(err.contains("accounts.csv:1: no `path` column (found: account)"), "{err}");
}

#[derive(Default)]
struct Record(Mutex<Vec<Done>>);

impl Observer for Record {
    fn finished(&self, done: &Done) {
        self.0.lock().unwrap().push(done.clone());
    }
}

impl Record {
    fn skipped(&self) -> Vec<String> {
        let mut v: Vec<String> =
            self.0.lock().unwrap().iter().filter(|d| d.skipped).map(|d| d.row.account.clone()).collect();
        v.sort();
        v
    }
}

fn settings(out: &Path, resume: bool) -> Settings {
    Settings { out: out.to_path_buf(), jobs: 2, resume, options: PlanOptions::default() }
}

#[test]
fn resume_skips_complete_current_outputs_and_redoes_the_rest() {
    let (tmp, exports, gen_report) = generated(6, 1);
    let out = tmp.path().join("plans");
    let accounts = batch::discover(&exports, Some(&out)).unwrap();
    let stop = AtomicBool::new(false);
    let first = batch::run(&accounts, &settings(&out, false), &stop, &batch::Quiet).unwrap();
    assert_eq!(first.code, ExitCode::InvalidInput);
    let summary_before = std::fs::read(out.join(batch::SUMMARY)).unwrap();

    // Nothing changed: every planned account is skipped; the broken one is tried again.
    let rec = Record::default();
    let again = batch::run(&accounts, &settings(&out, true), &stop, &rec).unwrap();
    assert_eq!((again.skipped, again.planned), (5, 1));
    assert!(!rec.skipped().contains(&gen_report.broken[0]));
    assert_eq!(std::fs::read(out.join(batch::SUMMARY)).unwrap(), summary_before, "same summary");

    // Change one input, delete one output, edit another's output: those three are redone.
    let ok: Vec<String> = accounts.iter().map(|a| a.name.clone()).filter(|n| *n != gen_report.broken[0]).collect();
    let manifest = exports.join(&ok[0]).join("manifest.toml");
    let text = std::fs::read_to_string(&manifest).unwrap();
    std::fs::write(&manifest, text.replace("exported_by = \"migrate gen-fixtures\"", "exported_by = \"hand-made\""))
        .unwrap();
    std::fs::remove_file(out.join(&ok[1]).join("setup-guide.md")).unwrap();
    std::fs::write(out.join(&ok[2]).join("plan.json"), "{}").unwrap();
    let rec = Record::default();
    let third = batch::run(&accounts, &settings(&out, true), &stop, &rec).unwrap();
    assert_eq!(rec.skipped(), ok[3..].to_vec());
    assert_eq!(third.planned, 4);
    let plan: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join(&ok[0]).join("plan.json")).unwrap()).unwrap();
    assert_eq!(plan["account"]["exported_by"], "hand-made", "the changed account was planned again");
    assert!(std::fs::read(out.join(&ok[2]).join("plan.json")).unwrap().len() > 2);

    // A file replaced by one of the same size, its modification time put back (`cp -p`):
    // still a change.
    let brands = exports.join(&ok[3]).join("support/brands.json");
    let before = std::fs::metadata(&brands).unwrap();
    let text = std::fs::read_to_string(&brands).unwrap();
    let same_size = text.replacen("\"default\": true", "\"default\": 1   ", 1);
    assert!(same_size.len() == text.len() && same_size != text);
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(&brands, same_size).unwrap();
    std::fs::File::options().write(true).open(&brands).unwrap().set_modified(before.modified().unwrap()).unwrap();
    assert_eq!(std::fs::metadata(&brands).unwrap().len(), before.len());
    let rec = Record::default();
    batch::run(&accounts, &settings(&out, true), &stop, &rec).unwrap();
    assert!(!rec.skipped().contains(&ok[3]), "{:?}", rec.skipped());
    assert!(rec.skipped().contains(&ok[4]));

    // Other plan options make every plan stale.
    let mut s = settings(&out, true);
    s.options.activation = Some(migrate::plan::ActivationPath::SelfServe);
    let fourth = batch::run(&accounts, &s, &stop, &batch::Quiet).unwrap();
    assert_eq!(fourth.skipped, 0);

    // The marker keys the options by their serialised form, not by Debug output.
    let marker: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join(&ok[0]).join(MARKER)).unwrap()).unwrap();
    let options: serde_json::Value = serde_json::from_str(marker["options"].as_str().unwrap()).unwrap();
    assert_eq!(options["activation"], "self_serve", "{marker}");
}

/// Stops the run after the first finished account, like a Ctrl-C.
struct StopAfterFirst<'a>(&'a AtomicBool);

impl Observer for StopAfterFirst<'_> {
    fn finished(&self, _: &Done) {
        self.0.store(true, Ordering::SeqCst);
    }
}

#[test]
fn a_stopped_run_keeps_what_it_finished_and_resume_completes_it() {
    // Enough accounts that the one worker cannot finish them all before the stop is seen.
    let (tmp, exports, _) = generated(30, 0);
    let out = tmp.path().join("plans");
    let accounts = batch::discover(&exports, Some(&out)).unwrap();
    let stop = AtomicBool::new(false);
    let mut s = settings(&out, false);
    s.jobs = 1;
    let report = batch::run(&accounts, &s, &stop, &StopAfterFirst(&stop)).unwrap();
    assert_eq!(report.code, ExitCode::Interrupted);
    assert!(report.planned >= 1 && report.not_planned >= 1, "{report:?}");
    assert_eq!(report.planned + report.not_planned, 30);

    let rows = rows(&out.join(batch::SUMMARY));
    assert_eq!(rows.len(), 30, "every account has a row");
    for row in &rows {
        let dir = out.join(&row.account);
        if row.error == NOT_PLANNED {
            assert!(!dir.exists(), "{} was not started", row.account);
        } else {
            assert!(OUTPUTS.iter().chain([&MARKER]).all(|f| dir.join(f).is_file()));
        }
    }
    assert!(temp_files(&out).is_empty(), "no half-written file");

    let stop = AtomicBool::new(false);
    let resumed = batch::run(&accounts, &settings(&out, true), &stop, &batch::Quiet).unwrap();
    assert_eq!(resumed.code, ExitCode::Success);
    assert_eq!((resumed.skipped, resumed.planned), (report.planned, report.not_planned));
    assert!(rows_ok(&out));
}

fn rows_ok(out: &Path) -> bool {
    rows(&out.join(batch::SUMMARY)).iter().all(|r| r.error.is_empty())
}

#[test]
fn generated_accounts_cover_every_segment_and_are_deterministic() {
    let (tmp, exports, _) = generated(40, 0);
    let again = tmp.path().join("again");
    generate(&again, &GenOptions { count: 40, seed: 11, broken: 0 }).unwrap();
    let out = tmp.path().join("plans");
    migrate().arg("batch").arg(&exports).arg("--out").arg(&out).arg("-q").assert().success();
    let segments: std::collections::BTreeSet<String> =
        rows(&out.join(batch::SUMMARY)).into_iter().map(|r| r.segment).collect();
    assert_eq!(segments.into_iter().collect::<Vec<_>>(), ["inactive", "segment_1", "segment_2", "undetermined"],);
    for name in ["acct-00000", "acct-00017", "acct-00039"] {
        for f in ["manifest.toml", "support/brands.json", "chat/agents.json"] {
            assert_eq!(
                std::fs::read(exports.join(name).join(f)).unwrap(),
                std::fs::read(again.join(name).join(f)).unwrap()
            );
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly_with_exit_130() {
    let (tmp, exports, _) = generated(300, 0);
    let out = tmp.path().join("plans");
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("migrate"))
        .arg("batch")
        .arg(&exports)
        .arg("--out")
        .arg(&out)
        .args(["--jobs", "1", "-q"])
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    // The handler is installed before the first account is planned: wait for one.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while !out.join("acct-00000").join(MARKER).exists() {
        assert!(std::time::Instant::now() < deadline, "batch did not start");
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let killed = std::process::Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    let rows = rows(&out.join(batch::SUMMARY));
    assert_eq!(rows.len(), 300, "every account has a row");
    let not_planned = rows.iter().filter(|r| r.error == NOT_PLANNED).count();
    assert!(not_planned > 0, "stopped before the end");
    for row in rows.iter().filter(|r| r.error.is_empty()) {
        assert!(OUTPUTS.iter().chain([&MARKER]).all(|f| out.join(&row.account).join(f).is_file()));
    }
    assert!(temp_files(&out).is_empty(), "no half-written file");
}

#[test]
fn nested_folders_are_searched_and_clashing_names_made_unique() {
    let (tmp, exports, _) = generated(3, 0);
    let nested = tmp.path().join("nested");
    for (region, account) in [("emea", "acct-00000"), ("apac", "acct-00001"), ("apac/old", "acct-00002")] {
        std::fs::create_dir_all(nested.join(region)).unwrap();
        std::fs::rename(exports.join(account), nested.join(region).join("acme")).unwrap();
    }
    // A folder that is not an account and holds none is ignored; the output folder too.
    std::fs::create_dir_all(nested.join("notes")).unwrap();
    let out = nested.join("plans");
    migrate().arg("batch").arg(&nested).arg("--out").arg(&out).arg("-q").assert().success();
    let rows = rows(&out.join(batch::SUMMARY));
    let got: Vec<(String, String)> = rows
        .iter()
        .map(|r| (r.account.clone(), Path::new(&r.path).strip_prefix(&nested).unwrap().display().to_string()))
        .collect();
    assert_eq!(
        got,
        [
            ("acme".to_owned(), "apac/acme".to_owned()),
            ("acme-2".to_owned(), "apac/old/acme".to_owned()),
            ("acme-3".to_owned(), "emea/acme".to_owned()),
        ]
    );
    // A second run does not plan its own output folder.
    migrate().arg("batch").arg(&nested).arg("--out").arg(&out).arg("-q").assert().success();
    assert_eq!(rows_len(&out), 3);
}

fn rows_len(out: &Path) -> usize {
    rows(&out.join(batch::SUMMARY)).len()
}
