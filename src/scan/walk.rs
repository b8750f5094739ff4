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
pub(crate) const VENDORED: &[&str] = &["node_modules", "vendor", "bower_components"];

/// The names any widget API use, wrapper dependency or widget Content Security Policy must
/// contain; a file without one is not parsed.
/// (`benches/scan_site.sh` gives ripgrep the same pattern.)
pub(crate) const NEEDLES: &str =
    r"zE|zopim|zChat|zeSettings|webWidget|#launcher|__zlcstore|zdassets|embeddable_framework|zendesk|smooch";

static PREFILTER: LazyLock<Regex> = LazyLock::new(|| Regex::new(NEEDLES).expect("static regex"));

/// How a scan walks.
#[derive(Clone, Debug)]
pub(crate) struct Settings {
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
pub(crate) struct Scan {
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
}

type Results = Mutex<Vec<(String, Outcome)>>;

/// A file whose text holds one of the names: parsed on a worker with a large stack.
struct ToParse {
    name: String,
    bytes: Vec<u8>,
    lang: Lang,
}

/// Walk the roots and scan every site file.
///
/// The walker's threads read each file into a reused buffer and run the pre-filter (most
/// files of a real tree hold none of the names and end there, as cheaply as a search);
/// only the files that hold one go to the parser workers.
pub(crate) fn run(settings: &Settings) -> Scan {
    let (tx, rx) = mpsc::channel::<ToParse>();
    let rx = Mutex::new(rx);
    let results: Results = Mutex::new(Vec::new());
    let other = std::sync::atomic::AtomicU64::new(0);
    std::thread::scope(|s| {
        for i in 0..settings.threads.max(1) {
            let (rx, results) = (&rx, &results);
            let spawned = std::thread::Builder::new()
                .name(format!("scan-{i}"))
                .stack_size(256 * 1024 * 1024)
                .spawn_scoped(s, move || {
                    let mut alloc = Allocator::default();
                    loop {
                        let next = rx.lock().map(|r| r.recv());
                        let Ok(Ok(job)) = next else { break };
                        let outcome = parse(&job, &alloc);
                        alloc.reset();
                        if let Ok(mut r) = results.lock() {
                            r.push((job.name, outcome));
                        }
                    }
                });
            if spawned.is_err() {
                break;
            }
        }
        walk(settings, &tx, &results, &other);
        drop(tx);
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
        }
    }
    scan
}

/// One walker thread's state: its read buffer and its results, handed over when it ends.
struct WalkerState<'r> {
    buf: Vec<u8>,
    local: Vec<(String, Outcome)>,
    results: &'r Results,
}

impl Drop for WalkerState<'_> {
    fn drop(&mut self) {
        if let Ok(mut r) = self.results.lock() {
            r.append(&mut self.local);
        }
    }
}

fn walk(settings: &Settings, tx: &mpsc::Sender<ToParse>, results: &Results, other: &std::sync::atomic::AtomicU64) {
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
    let limit = settings.max_file_size;
    b.build_parallel().run(|| {
        let tx = tx.clone();
        let mut state = WalkerState { buf: Vec::new(), local: Vec::new(), results };
        Box::new(move |entry| {
            let e = match entry {
                Ok(e) => e,
                Err(err) => {
                    state.local.push((error_path(&err), Outcome::Skipped(error_reason(&err))));
                    return ignore::WalkState::Continue;
                }
            };
            if e.file_type().is_none_or(|t| t.is_dir()) {
                return ignore::WalkState::Continue;
            }
            let Some(lang) = lang_of(&e.file_name().to_string_lossy()) else {
                other.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                return ignore::WalkState::Continue;
            };
            let name = e.path().to_string_lossy().into_owned();
            let skip = if e.file_type().is_some_and(|t| t.is_symlink()) {
                // Not followed without --follow, as ripgrep does; listed, not silent.
                Some("a symbolic link, not followed (-L follows links)".to_owned())
            } else if !e.file_type().is_some_and(|t| t.is_file()) {
                // Opening a named pipe would block for ever: listed, never opened.
                Some("not a regular file (a pipe, socket or device)".to_owned())
            } else {
                read(e.path(), limit, &mut state.buf).err()
            };
            if let Some(reason) = skip {
                state.local.push((name, Outcome::Skipped(reason)));
            } else if PREFILTER.is_match(&state.buf) {
                let job = ToParse { name, bytes: std::mem::take(&mut state.buf), lang };
                if tx.send(job).is_err() {
                    return ignore::WalkState::Quit;
                }
            } else {
                let bytes = state.buf.len() as u64;
                state
                    .local
                    .push((name, Outcome::Scanned { bytes, findings: Vec::new(), notes: Vec::new(), warning: None }));
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

/// Read a site file into `buf`, or say why it is skipped.
fn read(path: &Path, limit: u64, buf: &mut Vec<u8>) -> Result<(), String> {
    buf.clear();
    let file = std::fs::File::open(path).map_err(|e| format!("cannot be read: {e}"))?;
    match file.metadata() {
        Ok(m) if m.len() > limit => return Err(format!("larger than the {} limit ({})", mb(limit), mb(m.len()))),
        Ok(_) => {}
        Err(e) => return Err(format!("cannot be read: {e}")),
    }
    file.take(limit + 1).read_to_end(buf).map_err(|e| format!("cannot be read: {e}"))?;
    if buf.len() as u64 > limit {
        return Err(format!("larger than the {} limit (grew while read)", mb(limit)));
    }
    if memchr::memchr(0, &buf[..buf.len().min(8192)]).is_some() {
        return Err("binary (a NUL byte in its first 8 KiB)".into());
    }
    Ok(())
}

fn parse(job: &ToParse, alloc: &Allocator) -> Outcome {
    let len = job.bytes.len() as u64;
    let (text, warning) = match std::str::from_utf8(&job.bytes) {
        Ok(t) => (std::borrow::Cow::Borrowed(t), None),
        Err(e) => (
            String::from_utf8_lossy(&job.bytes),
            Some(format!("invalid UTF-8 at byte {}: scanned with the bad bytes replaced", e.valid_up_to())),
        ),
    };
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| findings(&job.name, &text, job.lang, alloc)));
    match run {
        Ok((findings, notes)) => Outcome::Scanned { bytes: len, findings, notes, warning },
        Err(_) => Outcome::Skipped("internal error while parsing (please report this file's shape)".into()),
    }
}

fn mb(n: u64) -> String {
    format!("{:.1} MB", n as f64 / 1_000_000.0)
}
