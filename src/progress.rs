//! Progress bars and logs sharing one stderr.
//!
//! A progress bar redraws its line in place; a log line written in the middle of that
//! would tear it. So every log line goes through [`LogWriter`] (installed as the
//! tracing-subscriber writer in `main.rs`): while a bar is registered with [`register`],
//! the line is written inside `ProgressBar::suspend`, which clears the bar, prints, and
//! redraws it below.

use std::io::Write;
use std::sync::Mutex;

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

/// Write to stderr without tearing the active bar.
pub fn eprint(text: &str) {
    let _ = LogWriter.make().write_all(text.as_bytes());
}

/// A `tracing_subscriber::fmt::MakeWriter` for stderr that suspends the active bar around
/// each log line.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogWriter;

impl LogWriter {
    fn make(self) -> StderrLine {
        StderrLine
    }
}

impl<'a> tracing_subscriber::fmt::MakeWriter<'a> for LogWriter {
    type Writer = StderrLine;

    fn make_writer(&'a self) -> Self::Writer {
        self.make()
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
