//! The chat history, `chat/chats.jsonl`: one chat object per line, as the incremental chat
//! export returns them (chat-api.md §3), or a whole export page `{"chats":[…]}` per line.
//!
//! It is the one input that can be huge (a busy account: several GB), and it answers what
//! nothing else in the export can:
//!
//! - **activity** (D-4): chats that made a ticket, started in the 30 days before
//!   `exported_at`: this decides inactive or active;
//! - **traffic**: chats per day and by hour of the week in the account's time zone;
//! - **the off-peak launch window** (D-10): the quietest hours of the week to switch;
//! - **capacity** (D-18): peak concurrent conversations, the busiest day, and agents,
//!   against messaging's recommended limits;
//! - **how the account works** (issue 19): chats visitors rated, the departments chats went
//!   to and the sites visitors chatted from ([`usage`]: sets with a cap, never a value per
//!   chat).
//!
//! How it stays fast and small: the file is read in large chunks cut at line ends
//! ([`lines`]), chunks are parsed on every core with only the needed fields and no
//! allocation per line ([`parse`]), and in file order each chat becomes a 16-byte record
//! in a sorted, compacted set ([`chatset`]) that also de-duplicates repeats. Memory is
//! bounded by a fixed part (chunks in flight, the pending buffer) plus 16 bytes per distinct
//! chat; `README.md` ("Benchmarks") measures both speed and memory.
//!
//! Bad lines are skipped and counted, with the first few reasons kept for the plan's
//! warnings, unless more than a threshold fraction is bad: then the file is reported as not
//! a chat history, naming the first bad line.

mod chatset;
mod figures;
mod lines;
mod parse;
mod usage;

use std::collections::BTreeMap;
use std::fs::File;
use std::io;
use std::path::Path;
use std::sync::{Mutex, mpsc};

use jiff::tz::TimeZone;

use self::chatset::{ChatSet, Rec};
use self::lines::{Chunks, Piece};
use crate::capacity::{self, ConcurrentLimit, Peaks};
use crate::error::{InputError, InputErrorKind, Location};
use crate::plan::Window;
use crate::plan::history::{ChatUsage, HistorySummary, TimeZoneSource, TimeZoneUsed};

/// The file, as the plan names it.
pub const SOURCE: &str = "chat/chats.jsonl";

/// How many bad lines are kept with their reasons (all are counted).
const KEEP_BAD: usize = 10;

/// Files smaller than this are parsed on the calling thread.
const PARALLEL_FROM: u64 = 8 << 20;

/// Settings of a scan.
#[derive(Clone, Debug)]
pub struct HistoryOptions {
    /// The 30 days before `exported_at` (D-4).
    pub window: Window,
    /// Give up when more than this fraction of lines is bad.
    pub max_bad_fraction: f64,
    pub time_zone: TimeZone,
    pub time_zone_used: TimeZoneUsed,
    /// Length of the launch window, whole hours (D-10).
    pub launch_window_hours: u8,
    pub limits: ConcurrentLimit,
    /// Enabled agents in `chat/agents.json`, when exported.
    pub agents: Option<u64>,
    /// The manifest says the export of the history stopped part way.
    pub partial: bool,
    /// Parser threads; `None`: one per core for files over a few MB.
    pub threads: Option<usize>,
}

/// A line skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadLine {
    /// 1-based, blank lines counted.
    pub line: u64,
    pub reason: String,
}

/// The result of a scan: the plan's summary, and what the plan warns about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryReport {
    pub summary: HistorySummary,
    /// The first few bad lines (all are counted in `summary.bad_lines`).
    pub bad_lines: Vec<BadLine>,
    /// Objects whose `type` is neither `chat` nor `offline_msg` (counted as chats).
    pub unknown_kinds: u64,
}

/// Choose the time zone for days and hours: the account's (`chat/operating_hours.json`),
/// else `--timezone`, else UTC. Names are IANA names checked when they were read; an
/// unknown one falls through to the next choice.
pub fn resolve_time_zone(operating_hours: Option<&str>, flag: Option<&str>) -> (TimeZone, TimeZoneUsed) {
    let candidates = [(operating_hours, TimeZoneSource::OperatingHours), (flag, TimeZoneSource::Flag)];
    for (name, source) in candidates {
        if let Some(name) = name {
            if let Ok(tz) = TimeZone::get(name) {
                return (tz, TimeZoneUsed { name: name.to_owned(), source });
            }
        }
    }
    (TimeZone::UTC, TimeZoneUsed { name: "UTC".to_owned(), source: TimeZoneSource::DefaultUtc })
}

/// Stream the history and compute every figure of [`HistorySummary`].
pub fn scan(path: &Path, opts: &HistoryOptions) -> Result<HistoryReport, InputError> {
    let file = File::open(path).map_err(|e| InputError::io(path, &e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let threads = opts.threads.unwrap_or_else(|| {
        if size < PARALLEL_FROM { 1 } else { std::thread::available_parallelism().map_or(1, std::num::NonZero::get) }
    });
    let began = std::time::Instant::now();
    let mut acc = Collector::new();
    let io_err = |e: io::Error| InputError::io(path, &e);
    let pretty = spans_lines(&file).map_err(io_err)?;
    skip_bom(&file).map_err(io_err)?;
    let read = if pretty {
        values(file, &mut acc)
    } else if threads <= 1 {
        sequential(file, &mut acc)
    } else {
        parallel(file, threads, &mut acc)
    };
    read.map_err(io_err)?;
    // One object per line was assumed from the first line; a value spread over several
    // lines further down (a pretty-printed page pasted after compact ones) breaks into bad
    // lines, the first cut short ("EOF while parsing"). Read such a file value by value
    // instead, and keep that reading if it is clean. A single line cut short at the end (an
    // interrupted download) is one bad line and is not re-read.
    if !pretty && acc.bad >= 2 && acc.bad_lines.iter().any(|b| b.reason.contains("EOF while parsing")) {
        let file = File::open(path).map_err(io_err)?;
        skip_bom(&file).map_err(io_err)?;
        let mut again = Collector::new();
        values(file, &mut again).map_err(io_err)?;
        if again.bad == 0 {
            tracing::debug!("history: values spread over lines; read value by value");
            acc = again;
        }
    }

    let units = acc.objects + acc.bad;
    let bad_fraction = acc.bad as f64 / units.max(1) as f64;
    if acc.bad > 0 && bad_fraction > opts.max_bad_fraction {
        let first = acc.bad_lines.first().cloned().unwrap_or(BadLine { line: 0, reason: String::new() });
        return Err(InputError::new(
            path,
            InputErrorKind::Invalid(format!(
                "{} of {} lines are not chat objects (more than {}%); first bad line: {}",
                acc.bad,
                units,
                opts.max_bad_fraction * 100.0,
                first.reason
            )),
        )
        .at(Location { json_path: None, line: usize::try_from(first.line).ok(), column: None })
        .with_hint("each line must be one chat object (or one page) of the incremental chat export"));
    }

    tracing::debug!(
        "history: read {} lines, {} objects in {:.2?} with {threads} parser thread(s)",
        acc.nonblank,
        acc.objects,
        began.elapsed()
    );
    let (recs, repeated) = acc.set.finish();
    tracing::debug!("history: {} distinct chats after {:.2?}", recs.len(), began.elapsed());
    let (start, end) = (opts.window.start.0.as_second(), opts.window.end.0.as_second());
    let f = figures::compute(
        recs,
        &figures::Params {
            window: (start, end),
            tz: &opts.time_zone,
            tz_name: &opts.time_zone_used.name,
            launch_hours: opts.launch_window_hours,
        },
    );
    tracing::debug!("history: figures done after {:.2?}", began.elapsed());
    let peaks = Peaks {
        concurrent: f.peak_concurrent,
        timed: f.timed,
        untimed: f.untimed,
        day: f.traffic.as_ref().map(|t| (t.peak_day.clone(), t.peak_day_chats)),
    };
    let capacity = capacity::assess(&peaks, opts.agents, opts.limits);
    Ok(HistoryReport {
        summary: HistorySummary {
            source: SOURCE.to_owned(),
            partial: opts.partial,
            lines: acc.nonblank,
            bad_lines: acc.bad,
            objects: acc.objects,
            chats: f.chats,
            repeated,
            deleted: f.deleted,
            offline_messages: f.offline,
            undated: f.undated,
            out_of_order: acc.out_of_order,
            chats_in_window: f.chats_in_window,
            chat_tickets_in_window: f.chat_tickets_in_window,
            time_zone: opts.time_zone_used.clone(),
            traffic: f.traffic,
            launch_window: f.launch_window,
            capacity,
            usage: ChatUsage {
                rated_chats: f.rated,
                departments: acc.seen.departments.names.into_iter().collect(),
                more_departments: acc.seen.departments.more,
                sites: acc.seen.sites.names.into_iter().collect(),
                more_sites: acc.seen.sites.more,
            },
        },
        bad_lines: acc.bad_lines,
        unknown_kinds: acc.unknown_kinds,
    })
}

/// Everything one chunk of lines gave.
#[derive(Debug, Default)]
struct ChunkOut {
    recs: Vec<Rec>,
    /// Lines, blank ones included (for line numbers).
    lines: u64,
    nonblank: u64,
    objects: u64,
    unknown_kinds: u64,
    /// (0-based line in the chunk, reason), the first few.
    bad_lines: Vec<(u64, String)>,
    bad: u64,
    out_of_order: u64,
    first_update: u32,
    last_update: u32,
    /// Departments and sites named by the chunk's chats.
    seen: usage::Seen,
}

impl ChunkOut {
    fn clear(&mut self) {
        let mut recs = std::mem::take(&mut self.recs);
        let mut bad_lines = std::mem::take(&mut self.bad_lines);
        recs.clear();
        bad_lines.clear();
        *self = ChunkOut { recs, bad_lines, ..ChunkOut::default() };
    }

    fn bad(&mut self, line: u64, reason: String) {
        self.bad += 1;
        if self.bad_lines.len() < KEEP_BAD {
            self.bad_lines.push((line, reason));
        }
    }
}

fn parse_chunk(buf: &[u8], piece: &Piece, out: &mut ChunkOut) {
    out.clear();
    if *piece == Piece::TooLong {
        out.lines = 1;
        out.nonblank = 1;
        out.bad(0, format!("line is longer than {} MiB", lines::MAX_LINE >> 20));
        return;
    }
    let mut line_no = 0u64;
    let mut prev_update = 0u32;
    lines::each_line(buf, |line| {
        let this = line_no;
        line_no += 1;
        if line.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        out.nonblank += 1;
        let recs = &mut out.recs;
        let (objects, unknown, ooo, first, last) = (
            &mut out.objects,
            &mut out.unknown_kinds,
            &mut out.out_of_order,
            &mut out.first_update,
            &mut out.last_update,
        );
        let result = parse::line(line, &mut out.seen, &mut |c: parse::ChatObject| {
            recs.push(c.rec);
            *objects += 1;
            *unknown += u64::from(c.unknown_kind);
            if c.updated != 0 {
                if prev_update != 0 && c.updated < prev_update {
                    *ooo += 1;
                }
                if *first == 0 {
                    *first = c.updated;
                }
                *last = c.updated;
                prev_update = c.updated;
            }
        });
        match result {
            Ok(parse::Parsed::Chats { bad }) => {
                for (i, why) in bad {
                    out.bad(this, format!("chats[{i}]: {why}"));
                }
            }
            Err(why) => out.bad(this, why),
        }
    });
    out.lines = line_no;
}

/// The results of the chunks, applied in file order.
#[derive(Debug, Default)]
struct Collector {
    set: ChatSet,
    /// Lines before the next chunk.
    line_base: u64,
    nonblank: u64,
    objects: u64,
    unknown_kinds: u64,
    bad: u64,
    bad_lines: Vec<BadLine>,
    out_of_order: u64,
    last_update: u32,
    seen: usage::Seen,
}

impl Collector {
    fn new() -> Collector {
        Collector { set: ChatSet::new(), ..Collector::default() }
    }

    fn apply(&mut self, out: &ChunkOut) {
        for &r in &out.recs {
            self.set.push(r);
        }
        self.nonblank += out.nonblank;
        self.objects += out.objects;
        self.unknown_kinds += out.unknown_kinds;
        self.bad += out.bad;
        for (l, why) in &out.bad_lines {
            if self.bad_lines.len() < KEEP_BAD {
                self.bad_lines.push(BadLine { line: self.line_base + l + 1, reason: why.clone() });
            }
        }
        self.out_of_order += out.out_of_order;
        self.seen.merge(&out.seen);
        if out.first_update != 0 {
            if self.last_update != 0 && out.first_update < self.last_update {
                self.out_of_order += 1;
            }
            self.last_update = out.last_update;
        }
        self.line_base += out.lines;
    }
}

/// Whether the file holds JSON spread over several lines (a capture saved pretty-printed,
/// such as `zenpy-chat/chat.json`) rather than one object per line: its first non-blank
/// line starts an object or array that does not end on that line.
fn spans_lines(file: &File) -> io::Result<bool> {
    use std::io::{Read, Seek};
    let mut head = Vec::with_capacity(64 << 10);
    let mut f = file;
    f.take(64 << 10).read_to_end(&mut head)?;
    f.rewind()?;
    let head = head.strip_prefix(BOM).unwrap_or(&head);
    let Some(first) = head.split(|b| *b == b'\n').find(|l| !l.iter().all(u8::is_ascii_whitespace)) else {
        return Ok(false);
    };
    let starts_value = first.iter().find(|b| !b.is_ascii_whitespace()).is_some_and(|b| matches!(b, b'{' | b'['));
    Ok(starts_value
        && serde_json::from_slice::<serde::de::IgnoredAny>(first)
            .is_err_and(|e| e.classify() == serde_json::error::Category::Eof))
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Leave the file after a UTF-8 byte-order mark if it starts with one (a file saved by a
/// Windows tool), else at its start: the mark is not part of the first chat.
fn skip_bom(file: &File) -> io::Result<()> {
    use std::io::{Read, Seek, SeekFrom};
    let mut f = file;
    let mut first = [0u8; 3];
    let n = f.read(&mut first)?;
    let start = if first[..n] == *BOM { 3 } else { 0 };
    f.seek(SeekFrom::Start(start))?;
    Ok(())
}

/// A file of whitespace-separated JSON values, each spread over lines: read value by value
/// (sequentially: this is for captures and hand-saved pages, not multi-GB exports), each
/// parsed like a line and reported at the line where it starts.
///
/// Values are gathered line by line and parsed when the next one begins: a line starting
/// with `{` or `[` in its first column, as every pretty-printer and the one-per-line form
/// write them. A broken value is then one bad unit, and reading goes on with the next
/// value instead of stopping there and leaving the rest of the file unread.
fn values(file: File, acc: &mut Collector) -> io::Result<()> {
    use std::io::BufRead;
    let mut reader = io::BufReader::with_capacity(1 << 20, file);
    let mut pending = Pending::default();
    let mut out = ChunkOut::default();
    let mut line = Vec::new();
    let mut line_no = 0u64;
    loop {
        line.clear();
        if reader.read_until(b'\n', &mut line)? == 0 {
            break;
        }
        line_no += 1;
        let starts_value = matches!(line.first(), Some(b'{' | b'['));
        if starts_value && !pending.text.is_empty() {
            pending.flush(acc, &mut out, false);
        }
        if pending.text.is_empty() {
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            pending.first_line = line_no;
        }
        if pending.text.len() + line.len() > lines::MAX_LINE {
            // A value that never ends: one bad unit, not the rest of the file in memory.
            pending.text.clear();
            pending.bad(acc, pending.first_line, format!("value longer than {} MiB", lines::MAX_LINE >> 20));
            continue;
        }
        pending.text.extend_from_slice(&line);
    }
    pending.flush(acc, &mut out, true);
    Ok(())
}

/// The lines of the value being gathered by [`values`].
#[derive(Debug, Default)]
struct Pending {
    text: Vec<u8>,
    /// 1-based line where `text` starts.
    first_line: u64,
    one_line: Vec<u8>,
}

impl Pending {
    /// Parse what was gathered: each complete value like a line. A value cut short is kept
    /// gathering (a nested object may start in the first column) unless the file ends.
    fn flush(&mut self, acc: &mut Collector, out: &mut ChunkOut, at_end: bool) {
        let text = std::mem::take(&mut self.text);
        let mut stream = serde_json::Deserializer::from_slice(&text).into_iter::<&serde_json::value::RawValue>();
        let mut used = 0;
        loop {
            match stream.next() {
                None => break,
                Some(Ok(raw)) => {
                    let end = stream.byte_offset();
                    let start = end - raw.get().len();
                    let line = self.first_line + memchr::memchr_iter(b'\n', &text[..start]).count() as u64;
                    self.one_line.clear();
                    self.one_line.extend(raw.get().bytes().map(|b| if b == b'\n' || b == b'\r' { b' ' } else { b }));
                    parse_chunk(&self.one_line, &Piece::Lines, out);
                    acc.line_base = line - 1;
                    acc.apply(out);
                    used = end;
                }
                Some(Err(e)) if e.is_eof() && !at_end => {
                    // Cut short: gather the following lines too.
                    let rest_line = self.first_line + memchr::memchr_iter(b'\n', &text[..used]).count() as u64;
                    self.text = text[used..].to_vec();
                    self.first_line = rest_line;
                    return;
                }
                Some(Err(e)) => {
                    let mut msg = e.to_string();
                    if let Some(i) = msg.rfind(" at line ") {
                        msg.truncate(i);
                    }
                    let line = self.first_line + e.line().saturating_sub(1) as u64;
                    self.bad(acc, line, format!("column {}: {msg}", e.column()));
                    break;
                }
            }
        }
        self.text = text;
        self.text.clear();
    }

    fn bad(&self, acc: &mut Collector, line: u64, reason: String) {
        acc.bad += 1;
        acc.nonblank += 1;
        if acc.bad_lines.len() < KEEP_BAD {
            acc.bad_lines.push(BadLine { line, reason });
        }
    }
}

fn sequential(file: File, acc: &mut Collector) -> io::Result<()> {
    let mut chunks = Chunks::new(file);
    let mut buf = Vec::with_capacity(lines::CHUNK);
    let mut out = ChunkOut::default();
    while let Some(piece) = chunks.next(&mut buf)? {
        parse_chunk(&buf, &piece, &mut out);
        acc.apply(&out);
    }
    Ok(())
}

type Job = (u64, Vec<u8>, ChunkOut, Piece);
type Done = (u64, Vec<u8>, ChunkOut);

/// One thread reads chunks, `workers` threads parse them, and this thread applies the
/// results in file order. A fixed pool of buffers bounds the chunks in flight.
fn parallel(file: File, workers: usize, acc: &mut Collector) -> io::Result<()> {
    let broken = || io::Error::other("a history reader thread stopped");
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers);
    let job_rx = Mutex::new(job_rx);
    std::thread::scope(|s| {
        let (pool_tx, pool_rx) = mpsc::channel::<(Vec<u8>, ChunkOut)>();
        for _ in 0..workers + 2 {
            pool_tx.send((Vec::with_capacity(lines::CHUNK), ChunkOut::default())).map_err(|_| broken())?;
        }
        let (done_tx, done_rx) = mpsc::channel::<Done>();

        let reader = s.spawn(move || -> io::Result<()> {
            let mut chunks = Chunks::new(file);
            let mut seq = 0u64;
            // A closed pool or job queue means the other side stopped: end quietly.
            while let Ok((mut buf, out)) = pool_rx.recv() {
                let Some(piece) = chunks.next(&mut buf)? else { break };
                if job_tx.send((seq, buf, out, piece)).is_err() {
                    break;
                }
                seq += 1;
            }
            Ok(())
        });
        for _ in 0..workers {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            s.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => break,
                    };
                    let Ok((seq, buf, mut out, piece)) = job else { break };
                    parse_chunk(&buf, &piece, &mut out);
                    if done_tx.send((seq, buf, out)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done_tx);

        let mut next = 0u64;
        let mut waiting: BTreeMap<u64, (Vec<u8>, ChunkOut)> = BTreeMap::new();
        for (seq, buf, out) in done_rx {
            waiting.insert(seq, (buf, out));
            while let Some((buf, out)) = waiting.remove(&next) {
                acc.apply(&out);
                // The reader may have finished: a closed pool is fine.
                let _ = pool_tx.send((buf, out));
                next += 1;
            }
        }
        drop(pool_tx);
        reader.join().map_err(|_| broken())?
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_zone_choice_follows_the_rule() {
        assert_eq!(
            resolve_time_zone(Some("Europe/Berlin"), Some("Asia/Tokyo")).1.source,
            TimeZoneSource::OperatingHours
        );
        assert_eq!(resolve_time_zone(None, Some("Asia/Tokyo")).1.name, "Asia/Tokyo");
        assert_eq!(resolve_time_zone(None, None).1.source, TimeZoneSource::DefaultUtc);
    }
}
