//! Everything a plan is printed as. Renderers take the plan and a few presentation
//! choices (colour); they never decide anything and never touch the terminal or files.

pub mod json;
pub mod markdown;
pub mod text;

use std::borrow::Cow;

use crate::refs::Ref;

/// `[D-4, K9]`
pub fn ref_ids(refs: &[Ref]) -> String {
    if refs.is_empty() {
        return String::new();
    }
    format!("[{}]", refs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>().join(", "))
}

/// How a step's date reads: before-activation steps are due by it; the others can start on it
/// (`docs/plan-format.md`, `due`).
pub fn due_label(step: &crate::plan::Step) -> Option<String> {
    let d = step.due.as_deref()?;
    Some(match step.phase {
        crate::plan::Phase::BeforeActivation => format!("by {d}"),
        _ => format!("from {d}"),
    })
}

/// One of the four D-5 features in words, with who gave the fact (issue 14): "not used,
/// answered by the admin".
pub fn feature_words(f: &crate::plan::Feature) -> String {
    let state = match f.state {
        crate::plan::FeatureState::Used => "used",
        crate::plan::FeatureState::NotUsed => "not used",
        crate::plan::FeatureState::Unknown => "unknown",
    };
    match f.origin {
        Some(o) => format!("{state}, {}", o.label()),
        None => state.to_owned(),
    }
}

/// Text from the export made safe for one line of output.
///
/// Names and messages come from the account (a trigger named `"First\n## Done"`, an
/// agent named with an escape sequence) and are printed inside our own structure: a line
/// break would start a Markdown heading or a fake checklist entry, and a control character
/// would drive the terminal. So line breaks and tabs become spaces, other control
/// characters their visible symbol (`␛`, `␀`), and bidirectional overrides left open are
/// closed at the end of the value, so that they cannot reverse the text that follows. The
/// JSON output keeps the values exactly; only the renderers for people use this.
pub fn inline(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Like [`inline`], keeping line breaks (`\n`) where the text is meant to have several lines
/// (a step's "what").
pub fn lines(s: &str) -> Cow<'_, str> {
    clean(s, true)
}

fn clean(s: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_char = |c: char| c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}');
    if !s.contains(unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    // Open embeddings/overrides (closed by PDF) and isolates (closed by PDI).
    let (mut embeddings, mut isolates) = (0usize, 0usize);
    for c in s.chars() {
        match c {
            '\n' if keep_newlines => {
                close_bidi(&mut out, &mut embeddings, &mut isolates);
                out.push('\n');
            }
            '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}' => out.push(' '),
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => {
                embeddings += 1;
                out.push(c);
            }
            '\u{202C}' => {
                if embeddings > 0 {
                    embeddings -= 1;
                    out.push(c);
                }
            }
            '\u{2066}' | '\u{2067}' | '\u{2068}' => {
                isolates += 1;
                out.push(c);
            }
            '\u{2069}' => {
                if isolates > 0 {
                    isolates -= 1;
                    out.push(c);
                }
            }
            // C0 controls and DEL: the Control Pictures block shows which one it was.
            c if u32::from(c) < 0x20 => out.push(char::from_u32(0x2400 + u32::from(c)).unwrap_or('\u{FFFD}')),
            '\u{7F}' => out.push('\u{2421}'),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    close_bidi(&mut out, &mut embeddings, &mut isolates);
    Cow::Owned(out)
}

fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

fn close_bidi(out: &mut String, embeddings: &mut usize, isolates: &mut usize) {
    out.extend(std::iter::repeat_n('\u{202C}', *embeddings));
    out.extend(std::iter::repeat_n('\u{2069}', *isolates));
    (*embeddings, *isolates) = (0, 0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_cannot_break_the_line_or_drive_the_terminal() {
        assert_eq!(inline("First Reply"), "First Reply");
        assert!(matches!(inline("plain, ünïcödé 😀 עברית"), Cow::Borrowed(_)));
        assert_eq!(inline("a\n## b\r\nc\td"), "a ## b  c d");
        assert_eq!(inline("\u{1b}[31mred\u{1b}]0;title\u{7}"), "␛[31mred␛]0;title␇");
        assert_eq!(inline("nul\u{0}del\u{7f}c1\u{9b}"), "nul␀del␡c1\u{FFFD}");
        assert_eq!(inline("line\u{2028}sep"), "line sep");
        // An override left open is closed; a stray closer is dropped.
        assert_eq!(inline("abc\u{202E}def"), "abc\u{202E}def\u{202C}");
        assert_eq!(inline("x\u{2067}y\u{2069}\u{2069}"), "x\u{2067}y\u{2069}");
        assert_eq!(lines("what\nnext\r"), "what\nnext ");
        assert_eq!(lines("\u{202E}a\nb"), "\u{202E}a\u{202C}\nb");
    }
}
