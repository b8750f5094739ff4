//! Walking a site the way ripgrep does and scanning its files in parallel.
//!
//! The `ignore` crate walks (`.gitignore`, `.ignore`, hidden files; `node_modules`,
//! `vendor` and `bower_components` skipped unless asked) on several threads and hands
//! paths to workers that read, pre-filter and parse. Workers run on threads with a large
//! stack, so deeply nested code cannot overflow it, and each keeps one arena for the
//! parser, reset between files, so memory stays bounded by the largest file allowed.
//! Nothing is skipped silently: a file that cannot be read, is binary or too large is
//! listed with the reason.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::{LazyLock, Mutex, mpsc};

use oxc_allocator::Allocator;
use regex::bytes::Regex;

use super::{Finding, Lang, ParseNote, Skipped, findings, lang_of};

/// Folders of installed dependencies, skipped unless `include_vendored`.
pub const VENDORED: &[&str] = &["node_modules", "vendor", "bower_components"];

/// The names any widget API use must contain; a file without one is not parsed.
/// (`benches/scan_site.sh` gives ripgrep the same pattern.)
pub const NEEDLES: &str = r"zE|zopim|zChat|zeSettings|webWidget|#launcher|__zlcstore|zdassets|embeddable_framework";

static PREFILTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(NEEDLES).expect("static regex"));

/// How a scan walks.
#[derive(Clone, Debug)]
pub struct Settings {
    pub roots: Vec<PathBuf>,
    pub hidden: bool,
    pub no_ignore: bool,
    pub include_vendored: bool,
    pub follow: bool,
    pub threads: usize,
    pub max_file_size: u64,
}

/// Everything a scan found.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    pub findings: Vec<Finding>,
    pub parse_notes: Vec<ParseNote>,
    pub skipped: Vec<Skipped>,
    /// Files scanned with a remark (invalid UTF-8 replaced).
    pub warnings: Vec<Skipped>,
    /// Site code files read.
    pub files_scanned: u64,
    /// Files of other types (images, data…), not site code.
    pub files_other: u64,
    pub bytes_scanned: u64,
}

enum Outcome {
    Scanned { bytes: u64, findings: Vec<Finding>, notes: Vec<ParseNote>, warning: Option<String> },
    Skipped(String),
    Other,
}

/// Walk the roots and scan every site file.
pub fn run(settings: &Settings) -> Scan {
    let (path_tx, path_rx) = mpsc::channel::<Result<(PathBuf, Lang), Skipped>>();
    let path_rx = Mutex::new(path_rx);
    let results: Mutex<Vec<(String, Outcome)>> = Mutex::new(Vec::new());
    let other = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|s| {
        for i in 0..settings.threads.max(1) {
            let (rx, results, limit) = (&path_rx, &results, settings.max_file_size);
            let spawned = std::thread::Builder::new()
                .name(format!("scan-{i}"))
                .stack_size(256 * 1024 * 1024)
                .spawn_scoped(s, move || {
                    let mut alloc = Allocator::default();
                    loop {
                        let next = rx.lock().map(|r| r.recv());
                        let Ok(Ok(item)) = next else { break };
                        let (name, outcome) = match item {
                            Ok((path, lang)) => {
                                let name = path.to_string_lossy().into_owned();
                                let o = scan_file(&path, &name, lang, limit, &alloc);
                                alloc.reset();
                                (name, o)
                            }
                            Err(skip) => (skip.file, Outcome::Skipped(skip.reason)),
                        };
                        if let Ok(mut r) = results.lock() {
                            r.push((name, outcome));
                        }
                    }
                });
            if spawned.is_err() {
                break;
            }
        }
        walk(settings, &path_tx, &other);
        drop(path_tx);
    });
    let mut results = results.into_inner().unwrap_or_default();
    results.sort_by(|a, b| a.0.cmp(&b.0));
    let mut scan = Scan { files_other: other.into_inner(), ..Scan::default() };
    for (file, o) in results {
        match o {
            Outcome::Scanned { bytes, findings, notes, warning } => {
                scan.files_scanned += 1;
                scan.bytes_scanned += bytes;
                scan.findings.extend(findings);
                scan.parse_notes.extend(notes);
                if let Some(w) = warning {
                    scan.warnings.push(Skipped { file, reason: w });
                }
            }
            Outcome::Skipped(reason) => scan.skipped.push(Skipped { file, reason }),
            Outcome::Other => scan.files_other += 1,
        }
    }
    scan
}

fn walk(
    settings: &Settings,
    tx: &mpsc::Sender<Result<(PathBuf, Lang), Skipped>>,
    other: &std::sync::atomic::AtomicU64,
) {
    let Some((first, rest)) = settings.roots.split_first() else { return };
    let mut b = ignore::WalkBuilder::new(first);
    for r in rest {
        b.add(r);
    }
    b.hidden(!settings.hidden)
        .ignore(!settings.no_ignore)
        .git_ignore(!settings.no_ignore)
        .git_global(!settings.no_ignore)
        .git_exclude(!settings.no_ignore)
        .parents(!settings.no_ignore)
        .follow_links(settings.follow)
        .threads(settings.threads.max(1));
    if !settings.include_vendored {
        b.filter_entry(|e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && e.depth() > 0
                && VENDORED.iter().any(|v| e.file_name() == *v))
        });
    }
    b.build_parallel().run(|| {
        let tx = tx.clone();
        Box::new(move |entry| {
            let msg = match entry {
                Ok(e) => {
                    if e.file_type().is_none_or(|t| t.is_dir()) {
                        return ignore::WalkState::Continue;
                    }
                    let lang = lang_of(&e.file_name().to_string_lossy());
                    match lang {
                        // Not followed without --follow, as ripgrep does; listed, not silent.
                        Some(_) if e.file_type().is_some_and(|t| t.is_symlink()) => Err(Skipped {
                            file: e.path().to_string_lossy().into_owned(),
                            reason: "a symbolic link, not followed (-L follows links)".into(),
                        }),
                        // Opening a named pipe would block for ever: listed, never opened.
                        Some(_) if !e.file_type().is_some_and(|t| t.is_file()) => Err(Skipped {
                            file: e.path().to_string_lossy().into_owned(),
                            reason: "not a regular file (a pipe, socket or device)".into(),
                        }),
                        Some(l) => Ok((e.into_path(), l)),
                        None => {
                            other.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            return ignore::WalkState::Continue;
                        }
                    }
                }
                Err(err) => Err(Skipped { file: error_path(&err), reason: error_reason(&err) }),
            };
            if tx.send(msg).is_err() {
                return ignore::WalkState::Quit;
            }
            ignore::WalkState::Continue
        })
    });
}

fn error_path(err: &ignore::Error) -> String {
    match err {
        ignore::Error::WithPath { path, .. } => path.to_string_lossy().into_owned(),
        ignore::Error::Loop { child, .. } => child.to_string_lossy().into_owned(),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => error_path(err),
        ignore::Error::Partial(errs) => errs.first().map(error_path).unwrap_or_default(),
        _ => String::new(),
    }
}

fn error_reason(err: &ignore::Error) -> String {
    match err {
        ignore::Error::Loop { ancestor, .. } => {
            format!("symbolic link loop back to {}", ancestor.to_string_lossy())
        }
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => error_reason(err),
        e => format!("cannot be read: {e}"),
    }
}

fn scan_file(path: &Path, name: &str, lang: Lang, limit: u64, alloc: &Allocator) -> Outcome {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) => return Outcome::Skipped(format!("cannot be read: {e}")),
    };
    match file.metadata() {
        Ok(m) if !m.is_file() => return Outcome::Other,
        Ok(m) if m.len() > limit => {
            return Outcome::Skipped(format!("larger than the {} limit ({})", mb(limit), mb(m.len())));
        }
        Ok(_) => {}
        Err(e) => return Outcome::Skipped(format!("cannot be read: {e}")),
    }
    let mut bytes = Vec::new();
    if let Err(e) = file.take(limit + 1).read_to_end(&mut bytes) {
        return Outcome::Skipped(format!("cannot be read: {e}"));
    }
    if bytes.len() as u64 > limit {
        return Outcome::Skipped(format!("larger than the {} limit (grew while read)", mb(limit)));
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Outcome::Skipped("binary (a NUL byte in its first 8 KiB)".into());
    }
    let len = bytes.len() as u64;
    if !PREFILTER.is_match(&bytes) {
        return Outcome::Scanned { bytes: len, findings: Vec::new(), notes: Vec::new(), warning: None };
    }
    let (text, warning) = match String::from_utf8(bytes) {
        Ok(t) => (t, None),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (
                String::from_utf8_lossy(e.as_bytes()).into_owned(),
                Some(format!("invalid UTF-8 at byte {at}: scanned with the bad bytes replaced")),
            )
        }
    };
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| findings(name, &text, lang, alloc)));
    match run {
        Ok((findings, notes)) => Outcome::Scanned { bytes: len, findings, notes, warning },
        Err(_) => Outcome::Skipped("internal error while parsing (please report this file's shape)".into()),
    }
}

fn mb(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}
