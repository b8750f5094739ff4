//! The chat history, `chat/chats.jsonl`: one chat object per line, as the incremental chat
//! export returns them (chat-api.md §3). It is the one input that can be huge, so it is
//! streamed line by line and never loaded.
//!
//! What it answers that nothing else can: activity in the 30-day window (D-4), measured
//! from the chats themselves.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::Path;

use serde::Deserialize;

use crate::error::{InputError, InputErrorKind, Location};
use crate::export::lenient::Timestamp;
use crate::plan::Window;

/// Options for a scan.
#[derive(Clone, Debug)]
pub struct HistoryOptions {
    pub window: Window,
    /// Give up when more than this fraction of lines is bad.
    pub max_bad_fraction: f64,
}

/// What the history says.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryStats {
    /// Lines read (including bad ones).
    pub lines: u64,
    /// Distinct chats (deleted ones excluded, updates counted once).
    pub chats: u64,
    pub deleted: u64,
    /// Chats with a ticket, started in the window (D-4).
    pub chat_tickets_in_window: u64,
    /// All chats started in the window.
    pub chats_in_window: u64,
    /// Lines that could not be read: (line number, reason), the first few.
    pub bad_lines: Vec<(u64, String)>,
    pub bad_line_count: u64,
    /// The export of the history stopped part way (from the manifest).
    pub partial: bool,
}

impl HistoryStats {
    /// The figures the plan shows under `account.history`.
    pub fn to_plan_value(&self) -> serde_json::Value {
        serde_json::json!({
            "source": "chat/chats.jsonl",
            "lines": self.lines,
            "chats": self.chats,
            "deleted": self.deleted,
            "chats_in_window": self.chats_in_window,
            "chat_tickets_in_window": self.chat_tickets_in_window,
            "bad_lines": self.bad_line_count,
        })
    }
}

#[derive(Deserialize)]
struct ChatLine {
    #[serde(default)]
    id: Option<crate::export::lenient::Id>,
    #[serde(default)]
    timestamp: Option<serde_json::Value>,
    #[serde(default)]
    zendesk_ticket_id: Option<serde_json::Value>,
    #[serde(default)]
    deleted: Option<crate::export::lenient::Flag>,
    /// A whole incremental-export page saved as one line.
    #[serde(default)]
    chats: Option<Vec<serde_json::Value>>,
}

#[derive(Clone, Copy, Default)]
struct Seen {
    in_window: bool,
    ticket: bool,
    deleted: bool,
}

/// Stream the history and count what the plan needs.
pub fn scan(path: &Path, opts: &HistoryOptions) -> Result<HistoryStats, InputError> {
    let file = std::fs::File::open(path).map_err(|e| InputError::io(path, &e))?;
    let reader = BufReader::with_capacity(1 << 20, file);
    let mut seen: HashMap<String, Seen> = HashMap::new();
    let mut stats = HistoryStats::default();
    let mut buf = Vec::new();
    let mut reader = reader;
    let mut line_no = 0u64;
    loop {
        buf.clear();
        let n = reader.read_until(b'\n', &mut buf).map_err(|e| InputError::io(path, &e))?;
        if n == 0 {
            break;
        }
        line_no += 1;
        let line = trim(&buf);
        if line.is_empty() {
            continue;
        }
        stats.lines += 1;
        match serde_json::from_slice::<ChatLine>(line) {
            Ok(c) if c.chats.is_some() && c.id.is_none() => {
                for chat in c.chats.unwrap_or_default() {
                    match serde_json::from_value::<ChatLine>(chat) {
                        Ok(c) => record(&mut seen, c, opts, &mut stats, line_no),
                        Err(e) => bad(&mut stats, line_no, e.to_string()),
                    }
                }
            }
            Ok(c) => record(&mut seen, c, opts, &mut stats, line_no),
            Err(e) => bad(&mut stats, line_no, e.to_string()),
        }
    }
    for s in seen.values() {
        if s.deleted {
            stats.deleted += 1;
            continue;
        }
        stats.chats += 1;
        if s.in_window {
            stats.chats_in_window += 1;
            if s.ticket {
                stats.chat_tickets_in_window += 1;
            }
        }
    }
    #[allow(clippy::cast_precision_loss)]
    let bad_fraction = stats.bad_line_count as f64 / stats.lines.max(1) as f64;
    if stats.bad_line_count > 0 && bad_fraction > opts.max_bad_fraction {
        let (first_line, first_reason) = stats.bad_lines.first().cloned().unwrap_or_default();
        return Err(InputError::new(
            path,
            InputErrorKind::Invalid(format!(
                "{} of {} lines are not chat objects (more than {:.0}%); first: {first_reason}",
                stats.bad_line_count,
                stats.lines,
                opts.max_bad_fraction * 100.0
            )),
        )
        .at(Location { json_path: None, line: Some(first_line as usize), column: None })
        .with_hint("each line must be one chat object from the incremental chat export"));
    }
    Ok(stats)
}

fn record(seen: &mut HashMap<String, Seen>, c: ChatLine, opts: &HistoryOptions, stats: &mut HistoryStats, line: u64) {
    let Some(id) = c.id else {
        bad(stats, line, "chat has no id".into());
        return;
    };
    let started = c.timestamp.as_ref().and_then(|v| v.as_str()).and_then(Timestamp::parse);
    let in_window = started.is_some_and(|t| t > opts.window.start && t <= opts.window.end);
    let ticket = c.zendesk_ticket_id.as_ref().is_some_and(|v| !v.is_null());
    // A chat appears again when it is updated: the latest line wins.
    seen.insert(id.0, Seen { in_window, ticket, deleted: c.deleted.is_some_and(crate::export::lenient::Flag::get) });
}

fn bad(stats: &mut HistoryStats, line: u64, reason: String) {
    stats.bad_line_count += 1;
    if stats.bad_lines.len() < 10 {
        stats.bad_lines.push((line, reason));
    }
}

fn trim(b: &[u8]) -> &[u8] {
    let start = b.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(b.len());
    let end = b.iter().rposition(|c| !c.is_ascii_whitespace()).map_or(start, |p| p + 1);
    &b[start..end]
}
