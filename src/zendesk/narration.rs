//! Narration of an export on stderr: per resource (items), every wait with its reason,
//! every retry, and the result. Lines, not bars: an export runs for minutes to hours, often
//! under a scheduler whose log wants lines. `--quiet` silences it. Tests capture it in memory.
//!
//! *Progress* (a line per page of a long list) is narration only a person watching needs:
//! it is said only when stderr is a terminal and `--no-progress` was not given, the same
//! rule as `migrate batch`'s bar (issue 14).

use std::sync::{Arc, Mutex};

#[derive(Debug)]
enum Sink {
    Stderr,
    Memory(Mutex<Vec<String>>),
}

/// Where narration goes, prefixed by the account it is about.
#[derive(Clone, Debug)]
pub struct Narrator {
    sink: Arc<Sink>,
    quiet: bool,
    /// Whether per-page progress lines are said.
    progress: bool,
    prefix: String,
}

impl Narrator {
    /// Narration on stderr (nothing when `quiet`); progress lines too when `progress`.
    pub fn stderr(quiet: bool, progress: bool) -> Self {
        Narrator { sink: Arc::new(Sink::Stderr), quiet, progress: progress && !quiet, prefix: String::new() }
    }

    /// Narration kept in memory, progress included, for tests.
    pub fn memory() -> Self {
        Narrator {
            sink: Arc::new(Sink::Memory(Mutex::new(Vec::new()))),
            quiet: false,
            progress: true,
            prefix: String::new(),
        }
    }

    /// The same sink, each line prefixed with `name: `.
    pub fn for_account(&self, name: &str) -> Self {
        Narrator {
            sink: Arc::clone(&self.sink),
            quiet: self.quiet,
            progress: self.progress,
            prefix: format!("{name}: "),
        }
    }

    /// A progress line (a page of a long list): only for a person watching a terminal.
    pub fn progress(&self, msg: &str) {
        if self.progress {
            self.say(msg);
        }
    }

    /// One line of narration.
    pub fn say(&self, msg: &str) {
        if self.quiet {
            return;
        }
        let line = format!("{}{msg}", self.prefix);
        match &*self.sink {
            // One line for a person: escaped and scrubbed of secrets (issue 11).
            Sink::Stderr => crate::progress::eprint_lines(&[line]),
            Sink::Memory(lines) => {
                if let Ok(mut l) = lines.lock() {
                    l.push(crate::progress::safe_line(&line));
                }
            }
        }
    }

    /// A warning: says what to do about it.
    pub fn warn(&self, msg: &str) {
        self.say(&format!("warning: {msg}"));
    }

    /// The lines said so far (memory sink only).
    pub fn lines(&self) -> Vec<String> {
        match &*self.sink {
            Sink::Memory(lines) => lines.lock().map(|l| l.clone()).unwrap_or_default(),
            Sink::Stderr => Vec::new(),
        }
    }
}
