//! Errors a user can act on.
//!
//! Every problem with an exported account becomes an [`InputError`] that names the file,
//! and for JSON the path inside it and the line and column, so that a support engineer can
//! open the file at the right place. Callers that must tell failures apart (the batch
//! summary, the exit code) match on [`InputErrorKind`]; everything else goes through
//! `anyhow` with context.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::text::human_bytes;

/// Where in a file a problem is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// JSON path such as `[3].definition.condition[2]`, when known.
    pub json_path: Option<String>,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// A problem with the input, named precisely enough to fix.
#[derive(Debug)]
pub struct InputError {
    pub file: PathBuf,
    pub location: Option<Box<Location>>,
    pub kind: InputErrorKind,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputErrorKind {
    /// The account directory itself is missing or not a directory.
    NotAnAccount(String),
    /// A path that must be a file is a directory.
    IsDirectory,
    /// A JSON file larger than any real response.
    TooLarge { size: u64, limit: u64 },
    /// Bytes that are not UTF-8.
    NotUtf8,
    /// JSON or TOML that does not parse, or has the wrong shape.
    Invalid(String),
    /// A manifest written by a newer layout.
    UnsupportedFormat { found: i64, supported: i64 },
    /// The file could not be read.
    Io(String),
}

impl InputError {
    pub fn new(file: impl Into<PathBuf>, kind: InputErrorKind) -> Self {
        InputError { file: file.into(), location: None, kind, hint: None }
    }

    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn io(file: &Path, err: &std::io::Error) -> Self {
        InputError::new(file, InputErrorKind::Io(err.to_string()))
    }

    /// The one-line message, without the hint.
    pub fn headline(&self) -> String {
        let mut s = self.file.display().to_string();
        if let Some(loc) = &self.location {
            if let (Some(l), Some(c)) = (loc.line, loc.column) {
                s.push_str(&format!(":{l}:{c}"));
            } else if let Some(l) = loc.line {
                s.push_str(&format!(":{l}"));
            }
            s.push_str(": ");
            if let Some(p) = &loc.json_path {
                s.push_str(&format!("at {}: ", abbreviate_path(p)));
            }
        } else {
            s.push_str(": ");
        }
        s.push_str(&self.kind.to_string());
        // The path and the message can carry text from the file (an object key in the
        // JSON path, a folder name, a 50 MB value serde quoted): a line break, an escape
        // sequence or a bidi override there would forge a line of output or drive the
        // terminal. Shown escaped (`\n`, `\u{1b}`), the line cut when very long (issue 11).
        crate::text::display::terminal_line(&s).into_owned()
    }
}

impl fmt::Display for InputErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InputErrorKind::NotAnAccount(why) => f.write_str(why),
            InputErrorKind::IsDirectory => f.write_str("expected a file, found a directory"),
            InputErrorKind::TooLarge { size, limit } => write!(
                f,
                "file is {}, larger than the {} any real API response needs",
                human_bytes(*size),
                human_bytes(*limit)
            ),
            InputErrorKind::NotUtf8 => f.write_str("not UTF-8 text"),
            InputErrorKind::Invalid(msg) => f.write_str(msg),
            InputErrorKind::UnsupportedFormat { found, supported } => {
                write!(f, "export format {found} is newer than this migrate understands (format {supported})")
            }
            InputErrorKind::Io(msg) => write!(f, "cannot read: {msg}"),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.headline())?;
        if let Some(h) = &self.hint {
            write!(f, "\n\nhint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}

/// Long paths (a trigger nested 10,000 levels deep) are shortened to their ends.
pub fn abbreviate_path(p: &str) -> String {
    const KEEP: usize = 60;
    if p.chars().count() <= KEEP * 2 {
        return p.to_owned();
    }
    let depth = p.matches('[').count() + p.matches('.').count();
    let head: String = p.chars().take(KEEP).collect();
    let tail: String = {
        let v: Vec<char> = p.chars().collect();
        v[v.len() - 24..].iter().collect()
    };
    format!("{head}…{tail} ({depth} levels)")
}

/// A command line that cannot be carried out as given (exit code 2), such as an output
/// folder inside the account it would be written from.
#[derive(Debug)]
pub struct UsageError {
    pub message: String,
    pub hint: Option<String>,
}

impl UsageError {
    pub fn new(message: impl Into<String>) -> Self {
        UsageError { message: message.into(), hint: None }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)?;
        if let Some(h) = &self.hint {
            write!(f, "\n\nhint: {h}")?;
        }
        Ok(())
    }
}

impl std::error::Error for UsageError {}

/// An error as the lines it is printed in: its headline, its hint, and the causes under it;
/// each is one line (the sink escapes any line break a value brings). The one reading of an
/// error that every printer uses: the command's error lines and [`summary`].
pub fn parts(err: &anyhow::Error) -> (String, Option<String>, Vec<String>) {
    if let Some(input) = err.downcast_ref::<InputError>() {
        return (input.headline(), input.hint.clone(), Vec::new());
    }
    if let Some(usage) = err.downcast_ref::<UsageError>() {
        return (usage.message.clone(), usage.hint.clone(), Vec::new());
    }
    let causes = err.chain().skip(1).map(ToString::to_string).collect();
    (err.to_string(), None, causes)
}

/// The text of any error on one line, as batch rows and check verdicts show it: the
/// headline and its causes, then the hint.
pub fn summary(err: &anyhow::Error) -> String {
    let (headline, hint, causes) = parts(err);
    let mut line = std::iter::once(headline).chain(causes).collect::<Vec<_>>().join(": ");
    if let Some(h) = hint {
        line.push_str(&format!("; hint: {h}"));
    }
    crate::text::display::terminal_line(&line).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summary_is_headline_and_hint() {
        let e: anyhow::Error =
            InputError::new("x/manifest.toml", InputErrorKind::Invalid("bad".into())).with_hint("fix it").into();
        assert_eq!(summary(&e), "x/manifest.toml: bad; hint: fix it");
    }
}
