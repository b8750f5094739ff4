//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};

use migrate::plan::Plan;
use migrate::plan::PlanOptions;

pub(crate) fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub(crate) fn fixture(name: &str) -> PathBuf {
    root().join("fixtures").join(name)
}

/// The real API captures beside the project (`../shared/research/samples`). Missing
/// captures fail the test under CI (env `CI` set) and skip it elsewhere, loudly.
pub(crate) fn samples() -> Option<PathBuf> {
    research("samples")
}

/// The real Support captures of `../shared/research/real/` (salto, zenpy, go-zendesk; see
/// its SOURCES.md), under the same rule as [`samples`].
pub(crate) fn real() -> Option<PathBuf> {
    research("real")
}

/// A folder of `../shared/research/` (`samples`, `real`): the one place tests find the real
/// captures, with the same rule for a missing folder.
pub(crate) fn research(folder: &str) -> Option<PathBuf> {
    let dir = root().join("../shared/research").join(folder);
    if dir.is_dir() && std::fs::read_dir(&dir).is_ok_and(|mut d| d.next().is_some()) {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the real API captures are missing at {}: CI must run with ../shared beside the project",
        dir.display()
    );
    eprintln!("skipped: {} not found (set CI to make this an error)", dir.display());
    None
}

/// The `migrate` binary.
pub(crate) fn migrate() -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("migrate").unwrap();
    cmd.env_remove("RUST_LOG").env("NO_COLOR", "1");
    cmd
}

/// Plan an account directory through the library.
pub(crate) fn plan_dir(dir: &Path) -> Plan {
    migrate::pipeline::plan_account(dir, &PlanOptions::default()).unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()))
}

/// A new export directory with a manifest, for tests that assemble accounts.
pub(crate) fn new_account(subdomain: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("manifest.toml"),
        format!(
            "format = 1\nsubdomain = \"{subdomain}\"\nexported_at = \"2026-11-02T09:30:00Z\"\nexported_by = \"test\"\n"
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("chat")).unwrap();
    std::fs::create_dir_all(dir.path().join("support")).unwrap();
    dir
}

/// Every file under `dir`, relative, sorted.
pub(crate) fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = std::fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push(p.strip_prefix(dir).unwrap().display().to_string());
            }
        }
    }
    out.sort();
    out
}

/// Copy a directory tree (a fixture into a temporary folder, to change it there).
pub(crate) fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}
