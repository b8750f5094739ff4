//! Progress bars and logs sharing one stderr.
//!
//! A progress bar redraws its line in place; a log line written in the middle of that
//! would tear it. So every line for stderr goes through [`StderrLine`]: while a bar is
//! registered with [`register`], the line is written inside `ProgressBar::suspend`, which
//! clears the bar, prints, and redraws it below.
//!
//! What a person reads on stderr reaches it through [`crate::printer`] (the commands' lines)
//! or [`LogEvents`] (tracing's): both pass every line through
//! [`crate::text::display::terminal_line`] (line breaks, escape sequences, C1 and bidi
//! controls shown escaped, long lines cut) and [`crate::secret::scrub`] (every registered
//! credential replaced) before [`StderrLine`] writes it (issue 11).

use std::io::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::secret;
use crate::text::display;

use indicatif::ProgressBar;

/// The bar on screen, if any.
static ACTIVE: Mutex<Option<ProgressBar>> = Mutex::new(None);

/// Make `bar` the one log lines must not tear, until the returned guard is dropped.
pub fn register(bar: &ProgressBar) -> Registration {
    if let Ok(mut slot) = ACTIVE.lock() {
        *slot = Some(bar.clone());
    }
    Registration(())
}

/// Unregisters the bar when dropped.
#[derive(Debug)]
pub struct Registration(());

impl Drop for Registration {
    fn drop(&mut self) {
        if let Ok(mut slot) = ACTIVE.lock() {
            *slot = None;
        }
    }
}

fn active() -> Option<ProgressBar> {
    ACTIVE.lock().ok().and_then(|slot| slot.clone())
}

/// Whether log lines may keep the colours tracing gives them (`--color`, NO_COLOR and
/// whether stderr is a terminal decide, as for every other output).
static LOG_COLOR: AtomicBool = AtomicBool::new(false);

/// Set by `main` with the same rule as the commands' colour.
pub fn set_log_color(color: bool) {
    LOG_COLOR.store(color, Ordering::Relaxed);
}

/// A `tracing_subscriber::fmt::MakeWriter` (installed in `main.rs`) that writes each log
/// event as one safe line through [`StderrLine`].
#[derive(Clone, Copy, Debug, Default)]
pub struct LogEvents;

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogEvents {
    type Writer = LogLine;

    fn make_writer(&'a self) -> Self::Writer {
        LogLine
    }
}

/// One log event: tracing formats it into a buffer and writes it with one `write_all`;
/// the event is made one safe line (its own colours kept only when colour is on).
#[derive(Debug)]
pub struct LogLine;

impl Write for LogLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        let text = String::from_utf8_lossy(buf);
        let body = text.strip_suffix('\n').unwrap_or(&text);
        let scrubbed = secret::scrub(body);
        let mut line = if LOG_COLOR.load(Ordering::Relaxed) {
            display::terminal_line_keeping_sgr(&scrubbed)
        } else {
            display::terminal_line(&scrubbed).into_owned()
        };
        line.push('\n');
        StderrLine.write_all(line.as_bytes())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}

/// One log line's writer (tracing formats an event into a buffer and writes it with one
/// `write_all`, so suspending around `write_all` keeps a line whole).
#[derive(Debug)]
pub struct StderrLine;

impl Write for StderrLine {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> std::io::Result<()> {
        match active() {
            Some(bar) if !bar.is_hidden() => bar.suspend(|| std::io::stderr().lock().write_all(buf)),
            _ => std::io::stderr().lock().write_all(buf),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        std::io::stderr().flush()
    }
}
