//! Untrusted text made safe to show, one function per medium (issue 11).
//!
//! Names, folder names, file paths and server answers are written by whoever made the
//! export or runs the server: a department named `"Billing\n- [x] Done"`, a folder named
//! with an escape sequence, a 404 body with OSC codes. Everything printed for a person
//! passes through one of these functions on its way out:
//!
//! - [`terminal_line`]: one line on a terminal (errors, logs, narration, the batch and
//!   check lists): every control character, line break and bidirectional control is shown
//!   escaped (`\u{1b}`, `\n`, `\u{202e}`), and the line is cut to [`MAX_LINE`] characters.
//! - [`quote`]: a value quoted inside a message: `"…"`, escaped, cut to [`MAX_QUOTE`].
//! - [`prose`] / [`prose_lines`]: plan text in the text output: line breaks become spaces,
//!   control characters their visible symbol (`␛`), and bidi overrides left open are closed.
//! - [`md_inline`] / [`md_code`]: plan text in Markdown: [`prose`], then Markdown's own
//!   syntax escaped, so a name cannot make a link, an image, HTML, emphasis or a checkbox.
//! - [`csv_cell`]: a spreadsheet cell that cannot start a formula.
//!
//! The JSON outputs keep every value exactly; only what a person reads goes through here.
//! This module imports nothing from the crate: everything may use it.

use std::borrow::Cow;

/// Longest terminal line shown; longer ones keep their start and end.
pub const MAX_LINE: usize = 2000;
/// Longest value quoted in a message.
pub const MAX_QUOTE: usize = 80;

/// Bidirectional controls: embeddings and overrides (U+202A–202E), isolates (U+2066–2069).
pub fn is_bidi(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that must never reach a terminal as themselves: C0 (line breaks and tabs
/// included), DEL, C1, the Unicode line and paragraph separators, bidi controls and the
/// invisible direction marks.
pub fn is_unsafe_for_terminal(c: char) -> bool {
    c.is_control() || is_bidi(c) || matches!(c, '\u{2028}' | '\u{2029}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// One line for a terminal: unsafe characters escaped as `\n`, `\u{1b}`, `\u{202e}`, and
/// the line cut to [`MAX_LINE`] characters (its start and end kept).
pub fn terminal_line(s: &str) -> Cow<'_, str> {
    let escaped = escape(s);
    match cut(&escaped, MAX_LINE) {
        Some(c) => Cow::Owned(c),
        None => escaped,
    }
}

/// Like [`terminal_line`], keeping SGR sequences (`ESC [ … m`: colours, bold), which only
/// change how text looks. For log lines whose colours the logger added; every other escape
/// sequence is shown escaped.
pub fn terminal_line_keeping_sgr(s: &str) -> String {
    // Cut first: a cut through a colour leaves a bare ESC, which is then escaped.
    let cut_input = cut(s, MAX_LINE * 2);
    let s = cut_input.as_deref().unwrap_or(s);
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('\u{1b}') {
        out.push_str(&escape(&rest[..i]));
        let after = &rest[i + 1..];
        let sgr_len = after
            .strip_prefix('[')
            .and_then(|p| p.find(|c: char| !(c.is_ascii_digit() || c == ';')).filter(|&n| p[n..].starts_with('m')))
            .map(|n| n + 2);
        match sgr_len {
            Some(n) => {
                out.push('\u{1b}');
                out.push_str(&after[..n]);
                rest = &after[n..];
            }
            None => {
                out.push_str("\\u{1b}");
                rest = after;
            }
        }
    }
    out.push_str(&escape(rest));
    out
}

/// Several lines for a terminal: each line as [`terminal_line`]; the line breaks between
/// them are kept. For text that is ours line by line (a hint), never for a value.
pub fn terminal_lines(s: &str) -> String {
    s.split('\n').map(terminal_line).collect::<Vec<_>>().join("\n")
}

fn escape(s: &str) -> Cow<'_, str> {
    if !s.contains(is_unsafe_for_terminal) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        if is_unsafe_for_terminal(c) {
            match c {
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                '\t' => out.push_str("\\t"),
                c => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `s` cut to `max` characters, keeping its start and end around a note of what was cut;
/// `None` when it is short enough.
fn cut(s: &str, max: usize) -> Option<String> {
    let n = s.chars().count();
    if n <= max {
        return None;
    }
    let tail_len = max / 4;
    let head_len = max - tail_len;
    let head: String = s.chars().take(head_len).collect();
    let tail: String = s.chars().skip(n - tail_len).collect();
    Some(format!("{head}…[{} characters cut]…{tail}", n - head_len - tail_len))
}

/// A value quoted in a message: `"value"`, escaped as [`terminal_line`], and cut to
/// [`MAX_QUOTE`] characters (`"start…" (N characters)`).
pub fn quote(s: &str) -> String {
    let n = s.chars().count();
    if n <= MAX_QUOTE {
        return format!("\"{}\"", escape(s).replace('"', "\\\""));
    }
    let head: String = s.chars().take(MAX_QUOTE).collect();
    format!("\"{}…\" ({n} characters)", escape(&head).replace('"', "\\\""))
}

/// Text from the export made safe for one line of the plan's text output.
///
/// Line breaks and tabs become spaces, other control characters their visible symbol
/// (`␛`, `␀`; C1 controls `�`), and bidirectional overrides left open are closed at the end
/// of the value, so that they cannot reverse the text that follows.
pub fn prose(s: &str) -> Cow<'_, str> {
    clean(s, false)
}

/// Like [`prose`], keeping line breaks (`\n`) where the text is ours and meant to have
/// several lines (a step's "what").
pub fn prose_lines(s: &str) -> Cow<'_, str> {
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

fn close_bidi(out: &mut String, embeddings: &mut usize, isolates: &mut usize) {
    out.extend(std::iter::repeat_n('\u{202C}', *embeddings));
    out.extend(std::iter::repeat_n('\u{2069}', *isolates));
    (*embeddings, *isolates) = (0, 0);
}

/// Markdown's inline syntax, escaped with a backslash: links, images and checkboxes (`[`,
/// `]`), emphasis (`*`, `~`, and `_` where it could open or close one: not inside a word),
/// table cells (`|`) and the backslash itself. `<` (HTML, autolinks) becomes `&lt;`. The
/// rest (`#`, `>`, `-`, `1.`) only means something at the start of a line, where a value
/// never is.
const MD_SPECIAL: &[char] = &['\\', '`', '*', '_', '[', ']', '~', '|', '<'];

/// Plan text for Markdown prose and table cells: one line ([`prose`]) in which nothing is
/// Markdown syntax but code spans: a name such as `[x](https://evil)`, `![i](…)`,
/// `<img …>`, `**(blocking)**` or `- [x] Done` is shown as written.
///
/// Code spans are kept, because the plan's own prose marks code with them (`` `kid` ``):
/// a single backtick closed by the next single backtick, with none between, is a span
/// (only its pipes are escaped: nothing inside a span is Markdown); every other backtick
/// is escaped. So a value can at most turn text into code or back, which shows it
/// literally either way.
pub fn md_inline(s: &str) -> Cow<'_, str> {
    let line = prose(s);
    if !line.contains(MD_SPECIAL) {
        return line;
    }
    let chars: Vec<char> = line.chars().collect();
    let tick = |i: usize| chars.get(i) == Some(&'`');
    let mut out = String::with_capacity(line.len() + 8);
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        // A code span: a lone backtick, text without backticks, a lone backtick.
        if c == '`' && (i == 0 || !tick(i - 1)) && !tick(i + 1) {
            if let Some(len) = chars[i + 1..].iter().position(|&c| c == '`') {
                let close = i + 1 + len;
                if len > 0 && !tick(close + 1) {
                    out.push('`');
                    for &c in &chars[i + 1..close] {
                        if c == '|' {
                            out.push('\\');
                        }
                        out.push(c);
                    }
                    out.push('`');
                    i = close + 1;
                    continue;
                }
            }
        }
        let word = |j: Option<usize>| j.and_then(|j| chars.get(j)).is_some_and(|c| c.is_alphanumeric());
        match c {
            '<' => out.push_str("&lt;"),
            // `snake_case` cannot open or close emphasis (CommonMark, intraword `_`).
            '_' if word(i.checked_sub(1)) && word(Some(i + 1)) => out.push('_'),
            c if MD_SPECIAL.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// Plan text inside a code span in a table cell: one line ([`prose`]), backticks (which
/// would end the span) as `'`, pipes (which would end the cell) escaped. Entities are not
/// decoded in a code span, so nothing else is escaped.
pub fn md_code(s: &str) -> String {
    prose(s).replace('`', "'").replace('|', "\\|")
}

/// A cell of a CSV file meant for a spreadsheet: a value starting with `=`, `+`, `-`, `@`
/// (or their full-width forms), a tab or a carriage return would be read as a formula, so
/// it gets a leading `'` (OWASP, "CSV Injection").
pub fn csv_cell(s: &str) -> Cow<'_, str> {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}') => {
            Cow::Owned(format!("'{s}"))
        }
        _ => Cow::Borrowed(s),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_lines_escape_every_control_and_bidi() {
        assert_eq!(terminal_line("plain ünïcödé 😀 עברית"), "plain ünïcödé 😀 עברית");
        assert!(matches!(terminal_line("plain"), Cow::Borrowed(_)));
        assert_eq!(terminal_line("a\nok b\r\tc"), "a\\nok b\\r\\tc");
        assert_eq!(terminal_line("\u{1b}[2J\u{1b}]0;t\u{7}"), "\\u{1b}[2J\\u{1b}]0;t\\u{7}");
        assert_eq!(terminal_line("c1\u{9b}31m del\u{7f}"), "c1\\u{9b}31m del\\u{7f}");
        assert_eq!(terminal_line("x\u{202e}y\u{2066}z\u{2028}"), "x\\u{202e}y\\u{2066}z\\u{2028}");
    }

    #[test]
    fn log_lines_keep_only_their_colours() {
        assert_eq!(
            terminal_line_keeping_sgr("\u{1b}[2m12:00\u{1b}[0m \u{1b}[32mINFO\u{1b}[0m a\u{1b}]0;t\u{7}\nb\u{1b}[2J"),
            "\u{1b}[2m12:00\u{1b}[0m \u{1b}[32mINFO\u{1b}[0m a\\u{1b}]0;t\\u{7}\\nb\\u{1b}[2J"
        );
    }

    #[test]
    fn long_lines_and_quotes_are_cut() {
        let long = "a".repeat(10 * MAX_LINE);
        let line = terminal_line(&long);
        assert!(line.chars().count() < MAX_LINE + 40, "{}", line.len());
        assert!(line.contains("characters cut"));
        let q = quote(&"x".repeat(50_000_000 / 1000));
        assert!(q.starts_with("\"xxx") && q.ends_with("…\" (50000 characters)"), "{q}");
        assert_eq!(quote("a\"b\nc"), "\"a\\\"b\\nc\"");
    }

    #[test]
    fn prose_cannot_break_the_line_or_drive_the_terminal() {
        assert_eq!(prose("First Reply"), "First Reply");
        assert!(matches!(prose("plain, ünïcödé 😀 עברית"), Cow::Borrowed(_)));
        assert_eq!(prose("a\n## b\r\nc\td"), "a ## b  c d");
        assert_eq!(prose("\u{1b}[31mred\u{1b}]0;title\u{7}"), "␛[31mred␛]0;title␇");
        assert_eq!(prose("nul\u{0}del\u{7f}c1\u{9b}"), "nul␀del␡c1\u{FFFD}");
        assert_eq!(prose("line\u{2028}sep"), "line sep");
        assert_eq!(prose("abc\u{202E}def"), "abc\u{202E}def\u{202C}");
        assert_eq!(prose("x\u{2067}y\u{2069}\u{2069}"), "x\u{2067}y\u{2069}");
        assert_eq!(prose_lines("what\nnext\r"), "what\nnext ");
        assert_eq!(prose_lines("\u{202E}a\nb"), "\u{202E}a\u{202C}\nb");
    }

    #[test]
    fn markdown_syntax_in_a_value_is_shown_not_rendered() {
        assert_eq!(md_inline("Sales (EU), 2nd line"), "Sales (EU), 2nd line");
        assert_eq!(md_inline("[x](http://e) ![i](u)"), "\\[x\\](http://e) !\\[i\\](u)");
        assert_eq!(md_inline("a\n- [x] Fake"), "a - \\[x\\] Fake");
        assert_eq!(md_inline("<img src=x>"), "&lt;img src=x>");
        assert_eq!(md_inline("support_group_id __b__ _i_"), "support_group_id \\_\\_b\\_\\_ \\_i\\_");
        assert_eq!(md_inline("**(blocking)** a|b \\"), "\\*\\*(blocking)\\*\\* a\\|b \\\\");
        // Code spans stay code spans; other backticks are escaped.
        assert_eq!(md_inline("key `a|b<c>` ok"), "key `a\\|b<c>` ok");
        assert_eq!(md_inline("`a` and `b"), "`a` and \\`b");
        assert_eq!(md_inline("``x`` `` ` `"), "\\`\\`x\\`\\` \\`\\` ` `");
        assert_eq!(md_code("a`b|c\nd"), "a'b\\|c d");
    }

    #[test]
    fn csv_cells_cannot_start_a_formula() {
        for bad in ["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "＝1"] {
            assert!(csv_cell(bad).starts_with('\''), "{bad}");
        }
        assert_eq!(csv_cell("acme"), "acme");
        assert_eq!(csv_cell(""), "");
    }
}
