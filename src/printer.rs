//! The one printer (after uv's `printer.rs`): every line a command says to a person, and
//! the data it prints, go through a [`Printer`], which decides once, from the flags, the
//! environment and the terminals, what is said and how:
//!
//! - **stdout is data** ([`Printer::stdout`]): a closed pipe (`migrate plan … | head`) is
//!   not an error;
//! - **narration** ([`Printer::info`], [`Printer::warn`]) goes to stderr and is silenced by
//!   `--quiet`; **progress lines** ([`Printer::progress`]) only when a person watches a
//!   terminal and `--no-progress` was not given (the rule of `migrate batch`'s bar, issue 14);
//! - **what must be seen** ([`Printer::important`], errors) is said even with `--quiet`;
//! - **colour** follows `--color`, `NO_COLOR` and whether each stream is a terminal.
//!
//! [`Printer::for_account`] prefixes each narrated line with an account (`acme: …`), for
//! commands that work on many. [`Printer::memory`] keeps the lines for tests.
//!
//! Every stderr line is made safe on the way out ([`safe_line`]): secrets scrubbed
//! ([`crate::secret::scrub`]), then escaped for a terminal
//! ([`crate::text::display::terminal_line`]: line breaks, escape sequences, C1 and bidi
//! controls shown escaped, long lines cut). A message is a list of lines, so a line break
//! inside a value (a folder name, a server's answer) can never start a line of its own.
//! Lines are written through [`crate::progress`], which keeps a progress bar whole.

use std::io::{IsTerminal as _, Write as _};
use std::sync::{Arc, Mutex};

use crate::secret;
use crate::text::display;

/// When to use colour (the raw `--color` value).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    Auto,
    Always,
    Never,
}

#[derive(Debug)]
enum Sink {
    Stderr,
    /// Lines kept for tests, as they would be printed (safe, without colour).
    Memory(Mutex<Vec<String>>),
}

/// Where and how a command speaks. Cheap to clone: clones share the sink.
#[derive(Clone, Debug)]
pub struct Printer {
    sink: Arc<Sink>,
    quiet: bool,
    progress: bool,
    color_stdout: bool,
    color_stderr: bool,
    /// `acme: ` before each narrated line ([`Printer::for_account`]).
    prefix: String,
}

impl Printer {
    /// The printer of a run: `--color`, `--quiet`, `--no-progress`, `NO_COLOR` and the
    /// terminals decide.
    pub fn new(color: Color, quiet: bool, no_progress: bool) -> Printer {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let decide = |tty: bool| match color {
            Color::Always => true,
            Color::Never => false,
            Color::Auto => tty && !no_color,
        };
        let stderr_tty = std::io::stderr().is_terminal();
        Printer {
            sink: Arc::new(Sink::Stderr),
            quiet,
            progress: !quiet && !no_progress && stderr_tty,
            color_stdout: decide(std::io::stdout().is_terminal()),
            color_stderr: decide(stderr_tty),
            prefix: String::new(),
        }
    }

    /// A printer that keeps its stderr lines in memory (progress included, no colour), for
    /// tests: read them with [`Printer::lines`].
    pub fn memory() -> Printer {
        Printer {
            sink: Arc::new(Sink::Memory(Mutex::new(Vec::new()))),
            quiet: false,
            progress: true,
            color_stdout: false,
            color_stderr: false,
            prefix: String::new(),
        }
    }

    /// The same printer, each narrated line prefixed with `name: `.
    pub fn for_account(&self, name: &str) -> Printer {
        Printer { prefix: format!("{name}: "), ..self.clone() }
    }

    /// `--quiet`: nothing on stderr but errors and what must be seen.
    pub fn is_quiet(&self) -> bool {
        self.quiet
    }

    /// Progress (a bar, per-page lines) is shown: stderr is a terminal, and neither
    /// `--quiet` nor `--no-progress` was given.
    pub fn shows_progress(&self) -> bool {
        self.progress
    }

    pub fn color_stdout(&self) -> bool {
        self.color_stdout
    }

    pub fn color_stderr(&self) -> bool {
        self.color_stderr
    }

    /// A line of narration (silenced by `--quiet`).
    pub fn info(&self, msg: &str) {
        if !self.quiet {
            self.emit(std::slice::from_ref(&msg));
        }
    }

    /// Lines of narration, each one line whatever it holds (silenced by `--quiet`).
    pub fn info_lines<S: AsRef<str>>(&self, lines: &[S]) {
        if !self.quiet {
            self.emit(lines);
        }
    }

    /// A warning: says what to do about it (silenced by `--quiet`).
    pub fn warn(&self, msg: &str) {
        self.info(&format!("warning: {msg}"));
    }

    /// A progress line (a page of a long list): only for a person watching a terminal.
    pub fn progress(&self, msg: &str) {
        if self.progress {
            self.info(msg);
        }
    }

    /// Lines a person must see even with `--quiet` (an interrupt, a failed batch's count).
    pub fn important<S: AsRef<str>>(&self, lines: &[S]) {
        self.emit(lines);
    }

    /// An error on stderr, with its hint after a blank line and its causes
    /// ([`crate::error::parts`]). Printed even with `--quiet`.
    pub fn error(&self, err: &anyhow::Error) {
        let (headline, hint, causes) = crate::error::parts(err);
        self.error_parts(&headline, hint.as_deref(), &causes);
    }

    /// The one error printer: `error: [ACCOUNT: ]MESSAGE`, then `hint: …` after a blank
    /// line; each part one safe line. Errors are printed even with `--quiet`.
    pub fn print_error(&self, account: Option<&str>, message: &str, hint: Option<&str>) {
        let prefix = account.map(|a| format!("{a}: ")).unwrap_or_default();
        self.error_parts(&format!("{prefix}{message}"), hint, &[]);
    }

    fn error_parts(&self, headline: &str, hint: Option<&str>, causes: &[String]) {
        match &*self.sink {
            Sink::Stderr => {
                let mut out = error_lines(self.color_stderr, headline, hint, causes).join("\n");
                out.push('\n');
                write_stderr(&out);
            }
            Sink::Memory(kept) => {
                if let Ok(mut kept) = kept.lock() {
                    kept.extend(error_lines(false, headline, hint, causes));
                }
            }
        }
    }

    /// Data on stdout. A closed pipe (`migrate plan … | head`) is not an error.
    pub fn stdout(&self, s: &str) -> anyhow::Result<()> {
        print_stdout(s)
    }

    /// The lines said so far (memory printer only).
    pub fn lines(&self) -> Vec<String> {
        match &*self.sink {
            Sink::Memory(kept) => kept.lock().map(|l| l.clone()).unwrap_or_default(),
            Sink::Stderr => Vec::new(),
        }
    }

    /// Each line prefixed, made safe, and written at once (one write keeps them together).
    fn emit<S: AsRef<str>>(&self, lines: &[S]) {
        match &*self.sink {
            Sink::Stderr => {
                let mut out = String::new();
                for l in lines {
                    out.push_str(&safe_line(&format!("{}{}", self.prefix, l.as_ref())));
                    out.push('\n');
                }
                write_stderr(&out);
            }
            Sink::Memory(kept) => {
                if let Ok(mut kept) = kept.lock() {
                    kept.extend(lines.iter().map(|l| safe_line(&format!("{}{}", self.prefix, l.as_ref()))));
                }
            }
        }
    }
}

/// Write data to stdout. A closed pipe (`migrate plan … | head`) is not an error.
pub fn print_stdout(s: &str) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(s.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
    }
}

/// One line for a person: secrets replaced, then made safe for a terminal (one line, no
/// control character, cut when very long).
pub fn safe_line(line: &str) -> String {
    display::terminal_line(&secret::scrub(line)).into_owned()
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

/// Text already made safe, onto stderr without tearing the progress bar.
fn write_stderr(text: &str) {
    let _ = crate::progress::StderrLine.write_all(text.as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn narration_is_prefixed_safe_and_kept_in_memory() {
        let p = Printer::memory();
        let acme = p.for_account("acme");
        acme.info("exporting\nforged line");
        acme.warn("slow");
        acme.progress("page 2");
        p.print_error(Some("acme"), "HTTP 401", Some("check the token"));
        assert_eq!(
            p.lines(),
            [
                "acme: exporting\\nforged line",
                "acme: warning: slow",
                "acme: page 2",
                "error: acme: HTTP 401",
                "",
                "hint: check the token"
            ]
        );
    }

    #[test]
    fn quiet_keeps_only_what_must_be_seen() {
        let p = Printer { quiet: true, progress: false, ..Printer::memory() };
        p.info("narration");
        p.warn("a warning");
        p.progress("a page");
        p.important(&["", "interrupted"]);
        p.print_error(None, "failed", None);
        assert_eq!(p.lines(), ["", "interrupted", "error: failed"]);
    }
}
