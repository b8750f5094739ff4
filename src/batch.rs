//! Planning many accounts in one run (`migrate batch`).
//!
//! Support engineers dry-run thousands of exported accounts before a rollout wave. Starting
//! `migrate plan` once per account spends most of its time starting processes and
//! flushing files; here one process plans them on a bounded pool of threads, writes each
//! account's three files under `--out/<account>/`, and streams one row per account into
//! `summary.csv`, so memory stays flat however many accounts there are (only the list of
//! paths and the rows of accounts that finished out of order are held).
//!
//! Nothing is lost: a broken account becomes an error row (with the message `migrate plan`
//! prints) and the others go on; a stop request (Ctrl-C) lets the accounts in flight finish
//! and marks the rest "not planned", and every file is written atomically. Each finished
//! account gets a small marker ([`MARKER`]) written after its outputs, recording the tool
//! version, the plan format, the plan options, a fingerprint of the input files and a hash of each
//! output, so that `--resume` can skip exactly the accounts whose outputs are complete and
//! current (see `docs/batch.md`).

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc;

use anyhow::{Context as _, Result};
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::error::{InputError, InputErrorKind, Location, UsageError, summary};
use crate::exit_codes::ExitCode;
use crate::output::{self, Durability};
use crate::pipeline::{outputs, plan_account};
use crate::plan::PlanOptions;
use crate::plan::{FORMAT_VERSION, Outcome, Plan};

/// The summary file in `--out`.
pub const SUMMARY: &str = "summary.csv";

/// Written into `--out/<account>/` after the account's outputs: what they were made from.
pub const MARKER: &str = ".migrate-batch.json";

/// The outputs of one account (the same files as `migrate plan --out`).
pub const OUTPUTS: [&str; 3] = ["plan.json", "messaging-config.json", "setup-guide.md"];

/// The columns of `summary.csv`, in their fixed order (the fields of [`Row`]).
pub const COLUMNS: [&str; 13] = [
    "account",
    "subdomain",
    "segment",
    "reasons",
    "migrated_by_zendesk",
    "translated",
    "manual",
    "not_migratable",
    "steps",
    "blocking_steps",
    "warnings",
    "error",
    "path",
];

/// One account to plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountDir {
    /// The output folder under `--out` and the `account` column: the directory's name,
    /// made unique (see [`assign_names`]).
    pub name: String,
    /// Where the export is, as given (joined to the batch directory or the CSV's folder).
    pub path: PathBuf,
}

/// One line of `summary.csv`. Field order is the column order ([`COLUMNS`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Row {
    pub account: String,
    pub subdomain: String,
    pub segment: String,
    /// Reason codes of the classification, `; `-separated.
    pub reasons: String,
    pub migrated_by_zendesk: Option<usize>,
    pub translated: Option<usize>,
    pub manual: Option<usize>,
    pub not_migratable: Option<usize>,
    pub steps: Option<usize>,
    pub blocking_steps: Option<usize>,
    pub warnings: Option<usize>,
    /// Empty when the account was planned; otherwise the message `migrate plan` gives.
    pub error: String,
    pub path: String,
}

impl Row {
    fn from_plan(account: &AccountDir, plan: &Plan) -> Row {
        Row {
            account: account.name.clone(),
            subdomain: plan.account.subdomain.clone(),
            segment: plan.classification.segment.as_str().to_owned(),
            reasons: plan.classification.reasons.iter().map(|r| r.code.as_str()).collect::<Vec<_>>().join("; "),
            migrated_by_zendesk: Some(plan.count(Outcome::MigratedByZendesk)),
            translated: Some(plan.count(Outcome::Translated)),
            manual: Some(plan.count(Outcome::Manual)),
            not_migratable: Some(plan.count(Outcome::NotMigratable)),
            steps: Some(plan.steps.len()),
            blocking_steps: Some(plan.blocking_steps()),
            warnings: Some(plan.warnings.len()),
            error: String::new(),
            path: account.path.display().to_string(),
        }
    }

    /// The row as `summary.csv` holds it: every text cell through
    /// [`crate::text::display::csv_cell`], so a folder named `=HYPERLINK(…)` (or a message
    /// quoting one) is not a formula for the spreadsheet that opens the summary (issue 11).
    /// The marker keeps the exact row.
    pub fn for_csv(&self) -> Row {
        let cell = |s: &str| crate::text::display::csv_cell(s).into_owned();
        Row {
            account: cell(&self.account),
            subdomain: cell(&self.subdomain),
            segment: cell(&self.segment),
            reasons: cell(&self.reasons),
            error: cell(&self.error),
            path: cell(&self.path),
            ..self.clone()
        }
    }

    fn error(account: &AccountDir, message: String) -> Row {
        Row {
            account: account.name.clone(),
            error: message,
            path: account.path.display().to_string(),
            ..Row::default()
        }
    }
}

// ---------------------------------------------------------------------------------------
// Finding the accounts

/// The accounts named by `input`: every account directory under a directory, or the
/// `path` column of a CSV file. `exclude` (the output directory) is never searched.
///
/// Under a directory the search recurses: a directory holding `manifest.toml` is an
/// account and is not searched further; so is one holding `chat/` or `support/` without a
/// manifest (a broken export, reported rather than skipped). Hidden directories are
/// skipped; symbolic links are followed, each directory once.
pub fn discover(input: &Path, exclude: Option<&Path>) -> Result<Vec<AccountDir>> {
    let meta = std::fs::metadata(input).map_err(|e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            InputError::new(input, InputErrorKind::NotAnAccount("no such file or directory".into()))
                .with_hint("pass a directory of exported accounts, or a CSV file with a `path` column")
        } else {
            InputError::io(input, &e)
        }
    })?;
    let paths = if meta.is_dir() { walk(input, exclude)? } else { from_csv(input)? };
    Ok(assign_names(paths))
}

/// Refuse an `--out` that would mix the plans into the accounts: one inside an exported
/// account (its plans would become part of its input), or one that holds accounts — the
/// batch folder itself, or a folder of exports, which discovery skips as the output folder
/// and whose account folders the plans would be written into.
pub fn check_out(input: &Path, out: &Path, accounts: &[AccountDir]) -> Result<(), UsageError> {
    let refuse = |why: String| {
        Err(UsageError::new(format!("--out {} {why}", out.display()))
            .with_hint("write the plans into a folder of their own, e.g. --out plans/"))
    };
    let Some(real_out) = output::resolve(out) else { return Ok(()) };
    if let Some(account) = real_out.ancestors().find(|a| a.join("manifest.toml").is_file()) {
        return refuse(format!("is inside the exported account {}", account.display()));
    }
    if input.is_dir() {
        let Ok(real_input) = input.canonicalize() else { return Ok(()) };
        if real_input == real_out {
            return refuse(format!("is the folder of the accounts, {}", input.display()));
        }
        if real_out.starts_with(&real_input) && real_out.is_dir() {
            if let Some(first) = walk(&real_out, None).ok().and_then(|v| v.into_iter().next()) {
                return refuse(format!("holds the exported account {}, which would be skipped", first.display()));
            }
        }
    } else if let Some(a) = accounts.iter().find(|a| output::is_within(&a.path, &real_out)) {
        return refuse(format!("holds the account {} listed in {}", a.path.display(), input.display()));
    }
    Ok(())
}

fn is_account(dir: &Path) -> bool {
    dir.join("manifest.toml").exists() || dir.join("chat").is_dir() || dir.join("support").is_dir()
}

/// Directories deeper than this under the batch directory are not searched (a guard
/// against pathological trees; exports sit one or two levels down).
const MAX_DEPTH: usize = 16;

fn walk(root: &Path, exclude: Option<&Path>) -> Result<Vec<PathBuf>> {
    if is_account(root) {
        return Ok(vec![root.to_path_buf()]);
    }
    let exclude = exclude.and_then(|p| p.canonicalize().ok());
    // Folders already searched, by their real path: two links to one folder search it once.
    let mut seen = BTreeSet::new();
    if let Ok(c) = root.canonicalize() {
        seen.insert(c);
    }
    // Folders reached through a symbolic link (theirs and their descendants' real paths
    // differ from root + relative path).
    let mut linked: HashSet<PathBuf> = HashSet::new();
    // (path, reached through a symbolic link)
    let mut found: Vec<(PathBuf, bool)> = Vec::new();
    // Follows symbolic links: a batch folder of links to exports is common. walkdir
    // reports a link back to an ancestor as a loop, which is skipped.
    let mut entries = walkdir::WalkDir::new(root)
        .follow_links(true)
        .min_depth(1)
        .max_depth(MAX_DEPTH)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            if !e.file_type().is_dir() || e.file_name().to_string_lossy().starts_with('.') {
                return false;
            }
            // Only a folder with the output folder's name can be it: canonicalize just those.
            let maybe_out = exclude.as_ref().is_some_and(|x| x.file_name() == Some(e.file_name()));
            if maybe_out && e.path().canonicalize().ok() == exclude {
                return false;
            }
            is_account(e.path()) || e.path().canonicalize().map_or(true, |c| seen.insert(c))
        });
    while let Some(entry) = entries.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) if e.loop_ancestor().is_some() => continue,
            Err(e) => {
                let dir = e.path().unwrap_or(root).to_path_buf();
                let cause = match e.into_io_error() {
                    Some(io) => anyhow::Error::new(io),
                    None => anyhow::anyhow!("cannot read it"),
                };
                return Err(cause.context(format!("cannot list {}", dir.display())));
            }
        };
        let path = entry.path();
        let via_link = entry.path_is_symlink() || path.parent().is_some_and(|p| linked.contains(p));
        if is_account(path) {
            found.push((path.to_path_buf(), via_link));
            entries.skip_current_dir();
        } else if via_link {
            linked.insert(path.to_path_buf());
        }
    }
    found.sort();
    // An account reached twice (a link to an account that is also there itself) is planned
    // once, under the first path. Only paths through a link need resolving: the others are
    // the resolved root joined with their relative path.
    let Ok(real_root) = root.canonicalize() else {
        return Ok(found.into_iter().map(|(p, _)| p).collect());
    };
    let real = |p: &Path, via_link: bool| {
        if via_link { p.canonicalize().ok() } else { p.strip_prefix(root).ok().map(|rel| real_root.join(rel)) }
    };
    let mut planned = BTreeSet::new();
    let mut unique = Vec::with_capacity(found.len());
    for (path, via_link) in found {
        let again = real(&path, via_link).is_some_and(|r| !planned.insert(r));
        if again {
            tracing::warn!("{} is an account already found under another path; it is planned once", path.display());
        } else {
            unique.push(path);
        }
    }
    Ok(unique)
}

/// The `path` column of a CSV file (other columns are ignored); relative paths are
/// resolved against the CSV file's folder.
fn from_csv(file: &Path) -> Result<Vec<PathBuf>> {
    let base = file.parent().unwrap_or(Path::new(""));
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(true)
        .from_path(file)
        .map_err(|e| csv_error(file, &e))?;
    let headers = reader.headers().map_err(|e| csv_error(file, &e))?.clone();
    let Some(col) = headers.iter().position(|h| h.eq_ignore_ascii_case("path")) else {
        let found: Vec<&str> = headers.iter().collect();
        return Err(InputError::new(
            file,
            InputErrorKind::Invalid(format!("no `path` column (found: {})", found.join(", "))),
        )
        .at(Location { json_path: None, line: Some(1), column: None })
        .with_hint("the first line names the columns; one of them must be `path`, one account directory per line")
        .into());
    };
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(file, &e))?;
        let line = record.position().map(|p| usize::try_from(p.line()).unwrap_or(usize::MAX));
        let cell = record.get(col).unwrap_or("");
        if cell.is_empty() {
            return Err(InputError::new(file, InputErrorKind::Invalid("empty `path`".into()))
                .at(Location { json_path: None, line, column: None })
                .into());
        }
        let p = Path::new(cell);
        let path = if p.is_absolute() { p.to_path_buf() } else { base.join(p) };
        if !seen.insert(path.clone()) {
            tracing::warn!("{}: {} is listed twice; it is planned once", file.display(), path.display());
            continue;
        }
        out.push(path);
    }
    Ok(out)
}

fn csv_error(file: &Path, e: &csv::Error) -> InputError {
    let line = e.position().map(|p| usize::try_from(p.line()).unwrap_or(usize::MAX));
    let what = match e.kind() {
        csv::ErrorKind::Io(io) => return InputError::io(file, io),
        csv::ErrorKind::Utf8 { .. } => "not UTF-8 text".to_owned(),
        _ => e.to_string(),
    };
    InputError::new(file, InputErrorKind::Invalid(what)).at(Location { json_path: None, line, column: None })
}

/// Give each path an output name: its directory name. When several share one, the first
/// by path keeps it and the others get `-2`, `-3`, … (skipping names another account
/// already has), so the names depend only on the set of paths. Sorted by name.
pub fn assign_names(mut paths: Vec<PathBuf>) -> Vec<AccountDir> {
    let mut named: Vec<(String, PathBuf)> = paths.drain(..).map(|p| (base_name(&p), p)).collect();
    named.sort();
    let reserved: BTreeSet<String> = named.iter().map(|(n, _)| n.clone()).collect();
    let mut used = BTreeSet::new();
    let mut out = Vec::with_capacity(named.len());
    for (name, path) in named {
        let name = if used.insert(name.clone()) {
            name
        } else {
            let mut k = 2;
            loop {
                let candidate = format!("{name}-{k}");
                if !reserved.contains(&candidate) && used.insert(candidate.clone()) {
                    break candidate;
                }
                k += 1;
            }
        };
        out.push(AccountDir { name, path });
    }
    out.sort_by(|a, b| a.name.cmp(&b.name));
    out
}

/// The directory's own name (`exports/acme` → `acme`; `.` → the current folder's name).
fn base_name(p: &Path) -> String {
    if let Some(n) = p.file_name() {
        return n.to_string_lossy().into_owned();
    }
    p.canonicalize()
        .ok()
        .and_then(|c| c.file_name().map(|n| n.to_string_lossy().into_owned()))
        .unwrap_or_else(|| "account".to_owned())
}

// ---------------------------------------------------------------------------------------
// Complete and current

/// What a finished account's outputs were made from ([`MARKER`]).
#[derive(Debug, Serialize, Deserialize)]
struct Marker {
    /// Version of this marker's shape.
    marker: u32,
    /// `migrate`'s version: a new version may plan differently.
    tool: String,
    plan_format: u32,
    /// The plan options, serialised as JSON (any change of options redoes the plan).
    options: String,
    /// Fingerprint of the input files ([`input_fingerprint`]).
    input: String,
    /// Hash of each output file, so a deleted, emptied or hand-edited output is redone.
    outputs: BTreeMap<String, String>,
    /// The summary row, reused when the account is skipped.
    row: Row,
}

const MARKER_VERSION: u32 = 1;

fn hash_hex(bytes: &[u8]) -> String {
    format!("{:032x}", xxhash_rust::xxh3::xxh3_128(bytes))
}

/// A fingerprint of everything the plan reads: for each non-hidden entry of the account
/// folder and of its `chat/` and `support/` folders (hidden files are ignored, as the loader
/// ignores them), its name, size, modification and status-change times and inode (xxh3-128).
///
/// Metadata rather than contents, as build tools do: reading every input a second time
/// costs a tenth of a batch. The status-change time (`ctime`) cannot be set by a user, so
/// a file replaced by one of the same size with its old modification time restored
/// (`cp -p`, `rsync -t`) still counts as changed. `None` when something cannot be read
/// (then the account is planned again, and planning reports the problem).
pub fn input_fingerprint(dir: &Path) -> Option<String> {
    let mut h = Xxh3::new();
    for sub in ["", "chat", "support"] {
        let folder = dir.join(sub);
        let entries = match std::fs::read_dir(&folder) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !sub.is_empty() => continue,
            Err(_) => return None,
        };
        // (name, metadata); `None` for a folder, whose own metadata the plan does not read.
        let mut found: Vec<(std::ffi::OsString, Option<std::fs::Metadata>)> = Vec::new();
        for entry in entries {
            let entry = entry.ok()?;
            let name = entry.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            // Relative to the open folder (one path component to resolve, not the whole
            // path); a symbolic link is followed, as the loader does.
            let meta = match entry.file_type().ok()? {
                t if t.is_dir() => None,
                t if t.is_symlink() => Some(std::fs::metadata(entry.path()).ok()?),
                _ => Some(entry.metadata().ok()?),
            };
            found.push((name, meta));
        }
        found.sort_by(|a, b| a.0.cmp(&b.0));
        for (name, meta) in found {
            h.update(sub.as_bytes());
            h.update(b"/");
            h.update(name.as_encoded_bytes());
            h.update(b"\0");
            let Some(meta) = meta.filter(|m| !m.is_dir()) else {
                h.update(b"<dir>\0");
                continue;
            };
            h.update(&meta.len().to_le_bytes());
            let mtime = meta.modified().ok()?.duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            h.update(&mtime.as_nanos().to_le_bytes());
            #[cfg(unix)]
            {
                use std::os::unix::fs::MetadataExt as _;
                h.update(&meta.ctime().to_le_bytes());
                h.update(&meta.ctime_nsec().to_le_bytes());
                h.update(&meta.ino().to_le_bytes());
            }
        }
    }
    Some(format!("{:032x}", h.digest128()))
}

/// The summary row of an account whose outputs are complete and current, if they are.
fn current(out: &Path, account: &AccountDir, input: Option<&str>, options: &str) -> Option<Row> {
    let input = input?;
    let text = std::fs::read(out.join(MARKER)).ok()?;
    let m: Marker = serde_json::from_slice(&text).ok()?;
    let fresh = m.marker == MARKER_VERSION
        && m.tool == env!("CARGO_PKG_VERSION")
        && m.plan_format == FORMAT_VERSION
        && m.options == options
        && m.input == input
        && m.row.account == account.name
        && m.row.path == account.path.display().to_string()
        && m.row.error.is_empty()
        && OUTPUTS.iter().all(|name| {
            let want = m.outputs.get(*name);
            want.is_some() && std::fs::read(out.join(name)).ok().map(|b| hash_hex(&b)).as_ref() == want
        });
    fresh.then_some(m.row)
}

/// Remove what an earlier run left for an account that now fails, so that no stale plan
/// sits beside an error row.
fn remove_stale(out: &Path) {
    for name in [MARKER].iter().chain(OUTPUTS.iter()) {
        let _ = std::fs::remove_file(out.join(name));
    }
}

// ---------------------------------------------------------------------------------------
// Running

/// Resolved settings of a batch run.
#[derive(Clone, Debug)]
pub struct Settings {
    pub out: PathBuf,
    /// Accounts planned at once (at least 1).
    pub jobs: usize,
    /// Skip accounts whose outputs are complete and current.
    pub resume: bool,
    pub options: PlanOptions,
}

/// What became of one account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Done {
    pub row: Row,
    /// `Success`, `InvalidInput` (the export could not be read) or `Failure` (an output
    /// could not be written).
    pub code: ExitCode,
    /// Skipped by `--resume`: the outputs were already complete and current.
    pub skipped: bool,
}

/// Told about each account as it finishes (in completion order), from the thread that
/// writes the summary.
pub trait Observer {
    fn finished(&self, done: &Done);
}

/// An observer that ignores everything.
#[derive(Debug)]
pub struct Quiet;

impl Observer for Quiet {
    fn finished(&self, _: &Done) {}
}

/// The outcome of a batch run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BatchReport {
    pub total: usize,
    /// Planned in this run.
    pub planned: usize,
    /// Skipped by `--resume`.
    pub skipped: usize,
    /// Accounts that could not be planned or written (not counting those never started).
    pub errors: usize,
    /// Not planned because the run was stopped.
    pub not_planned: usize,
    /// Accounts per segment (`segment_2` → 4,695), planned or skipped.
    pub segments: BTreeMap<String, usize>,
    /// The first few errors in account order: (account, message).
    pub first_errors: Vec<(String, String)>,
    pub summary: PathBuf,
    /// Every account's result merged, worst wins; `Interrupted` when stopped.
    pub code: ExitCode,
}

/// How many errors [`BatchReport::first_errors`] keeps.
pub const FIRST_ERRORS: usize = 10;

/// The message in the error column of an account a stopped run did not reach.
pub const NOT_PLANNED: &str = "not planned: the run was interrupted (rerun with --resume)";

/// Plan one account into `out/<name>/`.
pub fn plan_one(account: &AccountDir, settings: &Settings) -> Done {
    let out = settings.out.join(&account.name);
    let options = serde_json::to_string(&settings.options).unwrap_or_default();
    let input = input_fingerprint(&account.path);
    if settings.resume {
        if let Some(row) = current(&out, account, input.as_deref(), &options) {
            tracing::debug!("{}: outputs are complete and current, skipped", account.name);
            return Done { row, code: ExitCode::Success, skipped: true };
        }
    }
    let plan = match plan_account(&account.path, &settings.options) {
        Ok(plan) => plan,
        Err(e) => {
            remove_stale(&out);
            tracing::info!("{}: {}", account.name, summary(&e));
            return Done { row: Row::error(account, summary(&e)), code: ExitCode::for_error(&e), skipped: false };
        }
    };
    let row = Row::from_plan(account, &plan);
    let rendered = outputs(&plan);
    drop(plan);
    let written = write_outputs(&out, &rendered, &row, input, options);
    match written {
        Ok(()) => {
            tracing::info!("{}: {}", account.name, row_summary(&row));
            Done { row, code: ExitCode::Success, skipped: false }
        }
        Err(e) => {
            // The marker is written last, so a failed write never looks complete.
            Done { row: Row { error: summary(&e), ..row }, code: ExitCode::Failure, skipped: false }
        }
    }
}

/// [`plan_one`], with a panic (a bug in a rule, never expected) turned into an error row so
/// that one account cannot take the whole batch down.
fn plan_guarded(account: &AccountDir, settings: &Settings) -> Done {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| plan_one(account, settings))).unwrap_or_else(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Done {
            row: Row::error(account, format!("internal error while planning (please report it): {what}")),
            code: ExitCode::Failure,
            skipped: false,
        }
    })
}

fn row_summary(row: &Row) -> String {
    format!("{} · {} steps ({} blocking)", row.segment, row.steps.unwrap_or(0), row.blocking_steps.unwrap_or(0))
}

fn write_outputs(
    out: &Path,
    rendered: &[(&'static str, String); 3],
    row: &Row,
    input: Option<String>,
    options: String,
) -> Result<()> {
    let refs: Vec<(&str, &str)> = rendered.iter().map(|(n, c)| (*n, c.as_str())).collect();
    output::write_files_with(out, &refs, Durability::NoSync)?;
    let Some(input) = input else {
        // The input could not be hashed: no marker, so --resume plans it again.
        let _ = std::fs::remove_file(out.join(MARKER));
        return Ok(());
    };
    let marker = Marker {
        marker: MARKER_VERSION,
        tool: env!("CARGO_PKG_VERSION").to_owned(),
        plan_format: FORMAT_VERSION,
        options,
        input,
        outputs: rendered.iter().map(|(n, c)| ((*n).to_owned(), hash_hex(c.as_bytes()))).collect(),
        row: row.clone(),
    };
    let text = serde_json::to_vec_pretty(&marker).context("cannot encode the batch marker")?;
    output::write_file_in(out, MARKER, &text, Durability::NoSync)
}

/// Plan every account on `settings.jobs` threads, stream `summary.csv` in account order,
/// and stop taking new accounts once `stop` is set.
pub fn run(
    accounts: &[AccountDir],
    settings: &Settings,
    stop: &AtomicBool,
    observer: &dyn Observer,
) -> Result<BatchReport> {
    std::fs::create_dir_all(&settings.out).with_context(|| format!("cannot create {}", settings.out.display()))?;
    let summary_path = settings.out.join(SUMMARY);
    let tmp = crate::output::temp_in(&settings.out, SUMMARY)
        .with_context(|| format!("cannot write in {}", settings.out.display()))?;
    let mut csv = csv::WriterBuilder::new().has_headers(false).from_writer(tmp);
    csv.write_record(COLUMNS).with_context(|| format!("cannot write {}", summary_path.display()))?;

    let mut report = BatchReport {
        total: accounts.len(),
        planned: 0,
        skipped: 0,
        errors: 0,
        not_planned: 0,
        segments: BTreeMap::new(),
        first_errors: Vec::new(),
        summary: summary_path.clone(),
        code: ExitCode::Success,
    };
    let next = AtomicUsize::new(0);
    let jobs = settings.jobs.clamp(1, accounts.len().max(1));
    // Rows that finished before an earlier account: held until they can be written in
    // order. Bounded in practice by the accounts in flight.
    let mut pending: BTreeMap<usize, Row> = BTreeMap::new();
    let mut write_next = 0usize;

    std::thread::scope(|scope| -> Result<()> {
        let (tx, rx) = mpsc::channel::<(usize, Done)>();
        for _ in 0..jobs {
            let tx = tx.clone();
            let next = &next;
            scope.spawn(move || {
                while !stop.load(Ordering::SeqCst) {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    let Some(account) = accounts.get(i) else { break };
                    if tx.send((i, plan_guarded(account, settings))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        for (i, done) in rx {
            observer.finished(&done);
            report.record(&done);
            pending.insert(i, done.row);
            while let Some(row) = pending.remove(&write_next) {
                report.note_error(&row);
                if let Err(e) = csv.serialize(row.for_csv()) {
                    // Without a summary the run is pointless: stop the workers.
                    stop.store(true, Ordering::SeqCst);
                    return Err(e).with_context(|| format!("cannot write {}", summary_path.display()));
                }
                write_next += 1;
            }
        }
        Ok(())
    })?;

    // Stopped: the accounts never started still get a row, so the summary is complete.
    for (i, account) in accounts.iter().enumerate().skip(write_next) {
        let row = match pending.remove(&i) {
            Some(row) => {
                report.note_error(&row);
                row
            }
            None => {
                report.not_planned += 1;
                Row::error(account, NOT_PLANNED.to_owned())
            }
        };
        csv.serialize(row.for_csv()).with_context(|| format!("cannot write {}", summary_path.display()))?;
    }
    if stop.load(Ordering::SeqCst) {
        report.code = report.code.merge(ExitCode::Interrupted);
    }
    let tmp =
        csv.into_inner().map_err(|e| anyhow::anyhow!("cannot write {}: {}", summary_path.display(), e.error()))?;
    tmp.as_file().sync_all().with_context(|| format!("cannot write {}", summary_path.display()))?;
    tmp.persist(&summary_path)
        .map_err(|e| e.error)
        .with_context(|| format!("cannot write {}", summary_path.display()))?;
    Ok(report)
}

impl BatchReport {
    fn record(&mut self, done: &Done) {
        self.code = self.code.merge(done.code);
        if done.skipped {
            self.skipped += 1;
        } else {
            self.planned += 1;
        }
        if done.row.error.is_empty() {
            *self.segments.entry(done.row.segment.clone()).or_default() += 1;
        } else {
            self.errors += 1;
        }
    }

    /// Keep the first errors in account order (called as rows are written).
    fn note_error(&mut self, row: &Row) {
        if !row.error.is_empty() && self.first_errors.len() < FIRST_ERRORS {
            self.first_errors.push((row.account.clone(), row.error.clone()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_the_row_fields_in_order() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize(Row::default()).unwrap();
        let text = String::from_utf8(w.into_inner().unwrap()).unwrap();
        assert_eq!(text.lines().next().unwrap(), COLUMNS.join(","));
    }

    #[test]
    fn clashing_names_get_deterministic_suffixes() {
        let paths = vec![
            PathBuf::from("b/acme"),
            PathBuf::from("acme-2"),
            PathBuf::from("a/acme"),
            PathBuf::from("c/acme"),
            PathBuf::from("zeta"),
        ];
        let names: Vec<(String, String)> =
            assign_names(paths).into_iter().map(|a| (a.name, a.path.display().to_string())).collect();
        assert_eq!(
            names,
            [
                ("acme".to_owned(), "a/acme".to_owned()),
                ("acme-2".to_owned(), "acme-2".to_owned()),
                ("acme-3".to_owned(), "b/acme".to_owned()),
                ("acme-4".to_owned(), "c/acme".to_owned()),
                ("zeta".to_owned(), "zeta".to_owned()),
            ]
        );
    }

    /// The walk's rules: accounts found at any depth up to [`MAX_DEPTH`], not searched
    /// inside, hidden folders and the output folder skipped, links followed, loops and a
    /// second path to the same folder ignored.
    #[cfg(unix)]
    #[test]
    fn discovery_walks_like_the_rules_say() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        let account = |rel: &str| {
            std::fs::create_dir_all(root.join(rel)).unwrap();
            std::fs::write(root.join(rel).join("manifest.toml"), "").unwrap();
        };
        account("a");
        account("a/inner"); // inside an account: not searched
        account("nested/deeper/b");
        account(".hidden/c");
        account("plans/d"); // the output folder
        let deep: String = (1..MAX_DEPTH).map(|i| format!("d{i}/")).collect();
        account(&format!("{deep}at-the-limit"));
        account(&format!("{deep}d{MAX_DEPTH}/too-deep"));
        std::fs::create_dir(root.join("links")).unwrap();
        std::os::unix::fs::symlink("../nested", root.join("links/nested")).unwrap();
        std::os::unix::fs::symlink("..", root.join("links/loop")).unwrap();
        let found = walk(root, Some(&root.join("plans"))).unwrap();
        let rel: Vec<String> = found.iter().map(|p| p.strip_prefix(root).unwrap().display().to_string()).collect();
        // `nested` is searched once, under the path reached first in name order (links/).
        assert_eq!(rel, ["a", format!("{deep}at-the-limit").as_str(), "links/nested/deeper/b"]);
    }
}
