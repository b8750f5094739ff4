//! Reading one file of an export: size and type checks, UTF-8, and JSON parsing that
//! reports the JSON path, line and column of any problem.
//!
//! JSON is parsed twice when its top-level shape can vary: once into a generic value
//! (syntax errors and absurd nesting are reported there), then straight from the bytes into
//! the typed model so that a wrong type is reported at its own line.

use std::io::Read;
use std::path::Path;

use serde::de::{DeserializeOwned, DeserializeSeed, IgnoredAny, MapAccess, Visitor};

use crate::error::{InputError, InputErrorKind, Location};

/// The largest JSON file accepted. Real responses are kilobytes to a few megabytes; a
/// gigabyte `triggers.json` is a mistake, reported before reading it.
pub const MAX_JSON_BYTES: u64 = 64 * 1024 * 1024;

/// The largest TOML file accepted (`manifest.toml`, a fixture's `expect.toml`).
pub const MAX_TOML_BYTES: u64 = 1024 * 1024;

/// Read a file whole, or `None` when it does not exist ("not exported").
pub fn read_file(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, InputError> {
    let meta = match std::fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return not_found(path).map(|()| None),
        Err(e) => return Err(InputError::io(path, &e)),
    };
    if meta.is_dir() {
        return Err(InputError::new(path, InputErrorKind::IsDirectory)
            .with_hint("each resource is one file; remove or rename the directory"));
    }
    regular(path, &meta)?;
    if meta.len() > limit {
        return Err(too_large(path, meta.len(), limit));
    }
    let file = std::fs::File::open(path).map_err(|e| InputError::io(path, &e))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow while we read it; never read past the limit.
    file.take(limit + 1).read_to_end(&mut bytes).map_err(|e| InputError::io(path, &e))?;
    if bytes.len() as u64 > limit {
        return Err(too_large(path, bytes.len() as u64, limit));
    }
    Ok(Some(bytes))
}

/// Only a regular file is read: a named pipe would block for ever, and a device
/// (`/dev/zero` linked as the chat history) would never end.
pub fn regular(path: &Path, meta: &std::fs::Metadata) -> Result<(), InputError> {
    if meta.is_file() {
        return Ok(());
    }
    Err(InputError::new(path, InputErrorKind::Io("not a regular file (a pipe, socket or device)".into()))
        .with_hint("an export holds plain files; copy the data into one"))
}

/// A file that is not there is "not exported"; a symbolic link whose target is not there
/// is a broken export (a moved folder, a link made relative to the wrong place), not a
/// missing file: reading it as "not exported" would silently change the plan.
pub fn not_found(path: &Path) -> Result<(), InputError> {
    match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = std::fs::read_link(path).map(|t| t.display().to_string()).unwrap_or_default();
            Err(InputError::new(
                path,
                InputErrorKind::Io(format!("a symbolic link to {target:?}, which does not exist")),
            )
            .with_hint("fix or remove the link; a file that was not exported is simply absent"))
        }
        _ => Ok(()),
    }
}

fn too_large(path: &Path, size: u64, limit: u64) -> InputError {
    InputError::new(path, InputErrorKind::TooLarge { size, limit })
        .with_hint("check that the file holds the API response for this resource only")
}

/// Check that the bytes are UTF-8 (dropping a byte-order mark) and name the first bad byte.
pub fn as_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, InputError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let (line, column) = line_col(&bytes[..e.valid_up_to()]);
        InputError::new(path, InputErrorKind::NotUtf8)
            .at(Location { json_path: None, line: Some(line), column: Some(column) })
            .with_hint("Zendesk APIs answer in UTF-8; re-export the file or convert it (iconv -t UTF-8)")
    })
}

fn line_col(prefix: &[u8]) -> (usize, usize) {
    let line = prefix.iter().filter(|&&b| b == b'\n').count() + 1;
    let last_nl = prefix.iter().rposition(|&b| b == b'\n').map_or(0, |p| p + 1);
    let column = String::from_utf8_lossy(&prefix[last_nl..]).chars().count() + 1;
    (line, column)
}

/// Parse JSON text into `T`, reporting path, line and column on failure.
pub fn parse<T: DeserializeOwned>(path: &Path, text: &str) -> Result<T, InputError> {
    parse_seed(path, text, std::marker::PhantomData::<T>)
}

/// Like [`parse`] with a seed, for shapes decided at run time.
pub fn parse_seed<'de, S: DeserializeSeed<'de>>(path: &Path, text: &'de str, seed: S) -> Result<S::Value, InputError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let mut track = serde_path_to_error::Track::new();
    let result = seed.deserialize(serde_path_to_error::Deserializer::new(&mut de, &mut track));
    match result {
        Ok(v) => {
            de.end().map_err(|e| json_error(path, text, &e, None))?;
            Ok(v)
        }
        Err(e) => {
            let p = track.path().to_string();
            Err(json_error(path, text, &e, Some(p)))
        }
    }
}

fn json_error(path: &Path, text: &str, e: &serde_json::Error, json_path: Option<String>) -> InputError {
    let mut msg = e.to_string();
    // serde_json appends " at line L column C"; we report those separately.
    if let Some(i) = msg.rfind(" at line ") {
        msg.truncate(i);
    }
    let json_path = json_path.filter(|p| p != "." && !p.is_empty());
    let (line, column) = if e.line() == 0 { (None, None) } else { (Some(e.line()), Some(e.column().max(1))) };
    // serde_json reports a number or a list where a name (an enum such as `"plan"`) belongs
    // as a syntax error ("expected value"): in a file that is valid JSON it is a wrong type,
    // and "cut short?" would send the reader the wrong way (issue 11).
    let syntax = matches!(e.classify(), serde_json::error::Category::Syntax);
    if syntax && !msg.contains("recursion limit") && serde_json::from_str::<IgnoredAny>(text).is_ok() {
        let found = match (line, column) {
            (Some(l), Some(c)) => text.lines().nth(l - 1).and_then(|t| t.get(c - 1..)).and_then(|t| t.chars().next()),
            _ => None,
        };
        let found = match found {
            Some('0'..='9' | '-') => "a number",
            Some('[') => "a list",
            Some('{') => "an object",
            Some('t' | 'f') => "a boolean",
            Some('n') => "null",
            _ => "a value of another type",
        };
        return InputError::new(
            path,
            InputErrorKind::Invalid(format!("expected one of the names this field takes (a string), found {found}")),
        )
        .at(Location { json_path, line, column })
        .with_hint(
            "the file is valid JSON, but this value has the wrong type; docs/export-format.md lists the values",
        );
    }
    let hint = if msg.contains("recursion limit") {
        Some("no real response nests this deep; the file is damaged or not an API response".to_owned())
    } else {
        match e.classify() {
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
                Some("the file is not valid JSON; was the download cut short?".to_owned())
            }
            _ => None,
        }
    };
    let err = InputError::new(path, InputErrorKind::Invalid(msg)).at(Location { json_path, line, column });
    match hint {
        Some(h) => err.with_hint(h),
        None => err,
    }
}

/// The top-level shape of a JSON document.
#[derive(Debug)]
pub enum TopLevel {
    Array,
    Object(Vec<String>),
    Other,
}

/// Learn the top-level shape cheaply: an array is known from its first byte (the typed
/// parse that follows reports any error inside it, with its position); an object's keys are
/// read with every value skipped, not built. Only a document that is neither is parsed in
/// full, to report a syntax error or say what was expected.
pub fn top_level(path: &Path, text: &str) -> Result<TopLevel, InputError> {
    match text.trim_start().as_bytes().first() {
        Some(b'[') => Ok(TopLevel::Array),
        Some(b'{') => parse_seed(path, text, KeysOnly).map(TopLevel::Object),
        _ => {
            let _: serde_json::Value = parse(path, text)?;
            Ok(TopLevel::Other)
        }
    }
}

/// The keys of a JSON object, its values skipped.
struct KeysOnly;

impl<'de> DeserializeSeed<'de> for KeysOnly {
    type Value = Vec<String>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<String>, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Vec<String>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Vec<String>, A::Error> {
                let mut keys = Vec::new();
                while let Some(k) = map.next_key::<String>()? {
                    map.next_value::<IgnoredAny>()?;
                    keys.push(k);
                }
                Ok(keys)
            }
        }
        d.deserialize_map(V)
    }
}

/// Read a list resource that may be written as an array, as `{"<plural>": [...]}` (the
/// Support API wrapper, possibly with pagination keys), as `{"<singular>": {...}}`, or as a
/// single bare object (a "show" response, as some captures are).
pub fn parse_list<T: DeserializeOwned>(
    path: &Path,
    text: &str,
    plural: &'static str,
    singular: &'static str,
) -> Result<Vec<T>, InputError> {
    match top_level(path, text)? {
        TopLevel::Array => parse_seed(path, text, Bounded::<T>::new(plural)),
        TopLevel::Object(keys) => {
            if keys.iter().any(|k| k == plural) {
                parse_seed(path, text, Keyed { key: plural, seed: Bounded::<T>::new(plural) })
            } else if keys.iter().any(|k| k == singular) {
                parse_seed(path, text, Keyed { key: singular, seed: std::marker::PhantomData::<T> }).map(|t| vec![t])
            } else {
                let hint = format!("expected a JSON array, {{\"{plural}\": [...]}} or one {singular} object");
                let (one, ignored) = parse_own::<T>(path, text).map_err(|e| e.with_hint(hint.clone()))?;
                // A single object is a "show" response only if it has a field of one: an
                // empty object, or a wrapper under another name (`{"data": [...]}`), would
                // otherwise read as one empty object and its contents be dropped unseen.
                if keys.iter().all(|k| ignored.contains(k)) {
                    let found = if keys.is_empty() {
                        "an empty object".to_owned()
                    } else {
                        let shown: Vec<String> = keys.iter().take(5).map(|k| format!("{k:?}")).collect();
                        format!("an object with no {singular} field (keys: {})", shown.join(", "))
                    };
                    return Err(InputError::new(
                        path,
                        InputErrorKind::Invalid(format!("found {found}, not a list of {plural}")),
                    )
                    .at(Location { json_path: None, line: Some(1), column: Some(1) })
                    .with_hint(hint));
                }
                Ok(vec![one])
            }
        }
        TopLevel::Other => {
            let (line, column) = {
                let start = text.len() - text.trim_start().len();
                line_col(&text.as_bytes()[..start])
            };
            let found = match text.trim_start().as_bytes().first() {
                Some(b'n') => "null",
                Some(b'"') => "a string",
                Some(b't' | b'f') => "a boolean",
                _ => "a number",
            };
            Err(InputError::new(
                path,
                InputErrorKind::Invalid(format!("expected a JSON array or object of {plural}, found {found}")),
            )
            .at(Location { json_path: None, line: Some(line), column: Some(column) }))
        }
    }
}

/// Read `{"<key>": VALUE, ...}` with `seed` for the value, ignoring the other keys,
/// keeping positions for errors.
struct Keyed<S> {
    key: &'static str,
    seed: S,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for Keyed<S> {
    type Value = S::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        struct V<S> {
            key: &'static str,
            seed: S,
        }
        impl<'de, S: DeserializeSeed<'de>> Visitor<'de> for V<S> {
            type Value = S::Value;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "an object with \"{}\"", self.key)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<S::Value, A::Error> {
                let mut seed = Some(self.seed);
                let mut found = None;
                while let Some(k) = map.next_key::<String>()? {
                    match seed.take() {
                        Some(s) if k == self.key => found = Some(map.next_value_seed(s)?),
                        other => {
                            seed = other;
                            map.next_value::<IgnoredAny>()?;
                        }
                    }
                }
                found.ok_or_else(|| serde::de::Error::missing_field(self.key))
            }
        }
        d.deserialize_map(V { key: self.key, seed: self.seed })
    }
}

/// The Chat lists whose every object becomes a plan item (triggers, shortcuts,
/// departments, goals, skills, roles, agents, OAuth clients) may hold this many bytes
/// together: each object becomes an item with its translation, rows in the guide and a
/// payload, so the plan's memory is about 11 KB per object plus about 100 times the bytes of
/// these files (measured, docs/export-format.md "Limits"; issue 11).
pub const MAX_ITEM_LISTS_BYTES: u64 = 4 * 1024 * 1024;

/// The objects those lists may hold together.
pub const MAX_ITEM_OBJECTS: usize = 20_000;

/// The most objects one list file may hold (docs/export-format.md, "Limits"). Every object
/// of a Chat list becomes a plan item with its translation and rows in the guide (about
/// 11 KB of memory and 5 KB of output for even an empty trigger), so a list of a million
/// minimal objects (19 MB) would need gigabytes: the ceiling refuses it, clearly, before
/// anything is planned (issue 11). Support's lookup lists (users, groups, brands, schedules)
/// are only matched against, and may be longer.
pub fn max_objects(plural: &str) -> usize {
    match plural {
        "users" | "groups" | "brands" | "schedules" => 100_000,
        _ => 10_000,
    }
}

/// A list with a ceiling on its length: the object past it stops the parse (at its own
/// line), so memory stays bounded by the ceiling, not by how many objects a file holds.
struct Bounded<T> {
    max: usize,
    what: &'static str,
    _t: std::marker::PhantomData<T>,
}

impl<T> Bounded<T> {
    fn new(what: &'static str) -> Self {
        Bounded { max: max_objects(what), what, _t: std::marker::PhantomData }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for Bounded<T> {
    type Value = Vec<T>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        struct V<T> {
            max: usize,
            what: &'static str,
            _t: std::marker::PhantomData<T>,
        }
        impl<'de, T: DeserializeOwned> Visitor<'de> for V<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                write!(f, "a list of {}", self.what)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
                let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(1024));
                while let Some(item) = seq.next_element::<T>()? {
                    if out.len() == self.max {
                        return Err(serde::de::Error::custom(format!(
                            "more than {} {}: more than any real account has, and more than `migrate plan` plans (docs/export-format.md, \"Limits\")",
                            crate::text::thousands(self.max as u64),
                            self.what
                        )));
                    }
                    out.push(item);
                }
                Ok(out)
            }
        }
        d.deserialize_seq(V { max: self.max, what: self.what, _t: self._t })
    }
}

/// Parse one of our own files (not an API response): like [`parse`], and also return the
/// paths of keys that were ignored, so a misspelt key is reported instead of silently
/// dropped.
pub fn parse_own<T: DeserializeOwned>(path: &Path, text: &str) -> Result<(T, Vec<String>), InputError> {
    let mut ignored = Vec::new();
    let mut de = serde_json::Deserializer::from_str(text);
    let mut track = serde_path_to_error::Track::new();
    let result = {
        let tracked = serde_path_to_error::Deserializer::new(&mut de, &mut track);
        serde_ignored::deserialize(tracked, |p| ignored.push(ignored_path(&p)))
    };
    match result {
        Ok(v) => {
            de.end().map_err(|e| json_error(path, text, &e, None))?;
            Ok((v, ignored))
        }
        Err(e) => Err(json_error(path, text, &e, Some(track.path().to_string()))),
    }
}

/// An ignored key's path as the error paths read (`pre_chat_form.fields[0].lable`):
/// serde_ignored writes an optional value as `?` (`pre_chat_form.?.lable`), which names no
/// key a user could find in the file.
pub(crate) fn ignored_path(p: &serde_ignored::Path) -> String {
    use serde_ignored::Path;
    match p {
        Path::Root => String::new(),
        Path::Seq { parent, index } => format!("{}[{index}]", ignored_path(parent)),
        Path::Map { parent, key } => {
            let head = ignored_path(parent);
            if head.is_empty() { key.clone() } else { format!("{head}.{key}") }
        }
        Path::Some { parent } | Path::NewtypeStruct { parent } | Path::NewtypeVariant { parent } => {
            ignored_path(parent)
        }
    }
}

/// A TOML error (the manifest, a fixture's `expect.toml`) located by line and column.
/// Only the message is kept, not toml's own rendering, which quotes the source line (and
/// with it any value on that line).
pub fn toml_error(path: &Path, text: &str, e: &toml::de::Error) -> InputError {
    let (line, column) = match e.span() {
        Some(span) => {
            let (l, c) = line_col(&text.as_bytes()[..span.start.min(text.len())]);
            (Some(l), Some(c))
        }
        None => (None, None),
    };
    InputError::new(path, InputErrorKind::Invalid(e.message().trim().to_owned())).at(Location {
        json_path: None,
        line,
        column,
    })
}
