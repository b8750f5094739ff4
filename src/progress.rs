//! Progress bars and logs sharing one stderr.
//!
//! A progress bar redraws its line in place; a log line written in the middle of that
//! would tear it. So every log line goes through [`LogWriter`] (installed as the
//! tracing-subscriber writer in `main.rs`): while a bar is registered with [`register`],
//! the line is written inside `ProgressBar::suspend`, which clears the bar, prints, and
//! redraws it below.
//!
//! It is also the one way text reaches a person on stderr (issue 11): [`eprint_lines`],
//! [`eprint_error`] and the log writer pass every line through
//! [`crate::text::display::terminal_line`] (line breaks, escape sequences, C1 and bidi
//! controls shown escaped, long lines cut) and [`crate::secret::scrub`] (every registered
//! credential replaced). A message is a list of lines, so a line break inside a value (a
//! folder name, a server's answer) can never start a line of its own.

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

/// Write text of our own to stderr without tearing the active bar: each of its lines is
/// made safe as [`eprint_lines`] does. For a message that holds a value, use
/// [`eprint_lines`] with one line per element.
pub fn eprint(text: &str) {
    let _ = LogWriter.make().write_all(display::terminal_lines(&secret::scrub(text)).as_bytes());
}

/// One line for a person: secrets replaced, then made safe for a terminal (one line, no
/// control character, cut when very long).
pub fn safe_line(line: &str) -> String {
    display::terminal_line(&secret::scrub(line)).into_owned()
}

/// Write lines to stderr, each made safe by [`safe_line`]: a line break inside an element is
/// shown as `\n`, never as a new line.
pub fn eprint_lines<S: AsRef<str>>(lines: &[S]) {
    let mut out = String::new();
    for l in lines {
        out.push_str(&safe_line(l.as_ref()));
        out.push('\n');
    }
    let _ = LogWriter.make().write_all(out.as_bytes());
}

/// The lines of an error as printed: `error: HEADLINE`, the hint after a blank line, then
/// each cause. `error` is red with `color`; the colour is added after the text is made safe,
/// so it is the only escape sequence on the line.
pub fn error_lines(color: bool, headline: &str, hint: Option<&str>, causes: &[String]) -> Vec<String> {
    let red = anstyle::Style::new().fg_color(Some(anstyle::AnsiColor::Red.into())).bold();
    let (r, r_) = if color { (red.render().to_string(), red.render_reset().to_string()) } else { Default::default() };
    let mut lines = vec![format!("{r}error{r_}: {}", safe_line(headline))];
    if let Some(h) = hint {
        lines.push(String::new());
        lines.push(format!("hint: {}", safe_line(h)));
    }
    for c in causes {
        lines.push(format!("  caused by: {}", safe_line(c)));
    }
    lines
}

/// Print an error ([`error_lines`]) on stderr.
pub fn eprint_error(color: bool, headline: &str, hint: Option<&str>, causes: &[String]) {
    let mut out = error_lines(color, headline, hint, causes).join("\n");
    out.push('\n');
    let _ = LogWriter.make().write_all(out.as_bytes());
}

/// Whether log lines may keep the colours tracing gives them (`--color`, NO_COLOR and
/// whether stderr is a terminal decide, as for every other output).
static LOG_COLOR: AtomicBool = AtomicBool::new(false);

/// Set by `main` with the same rule as the commands' colour.
pub fn set_log_color(color: bool) {
    LOG_COLOR.store(color, Ordering::Relaxed);
}

/// A `tracing_subscriber::fmt::MakeWriter` that writes log events with [`LogWriter`]'s
/// rules: each event one safe line.
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
