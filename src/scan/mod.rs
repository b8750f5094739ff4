//! `migrate scan-site`: find every Web Widget (Classic) and Chat JavaScript API use in a
//! website's source, and say what each becomes on messaging (issue 12, K22, mapping.md §3).
//!
//! The admin's hand-typed `js_api_calls` list misses what real sites do: calls in
//! templates, components, plugins, inline attributes and minified bundles
//! (widget-js-api.md). This module walks the site like ripgrep ([`walk`]), pulls the code
//! out of markup ([`markup`]), parses it with a real JavaScript/TypeScript parser
//! ([`js`]), and answers each use from one table ([`rules`]). It depends on nothing above
//! the low-level helpers, so the plan reads its stored result (`chat/site_scan.json`) as
//! one more file of the account.

pub(crate) mod js;
pub(crate) mod markup;
pub(crate) mod names;
pub(crate) mod patch;
pub(crate) mod report;
/// The rules table lives with the widget translation (one table for `scan-site` and for the
/// hand-typed calls of `chat/widget.json`).
pub(crate) use crate::translate::widget_api as rules;
pub(crate) mod site;
pub(crate) mod walk;

use oxc_allocator::Allocator;
use oxc_span::SourceType;
use serde::Serialize;

use rules::{Answer, Api};

/// Where a use sits, for a person reading the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(crate) enum Context {
    /// A JavaScript or TypeScript file.
    Code,
    /// A `<script>` block of a page, component or template.
    ScriptBlock,
    /// An event-handler attribute or a `javascript:` link.
    EventAttribute,
    /// A string that runs (`innerHTML` with a script, `eval`, a PHP `echo`, React's `__html`).
    StringThatRuns,
    /// A stylesheet.
    Stylesheet,
}

/// What a piece of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    Js(SourceType),
    Markup,
    Css,
    /// A package manifest or lock file (`package.json`, `yarn.lock`, `pubspec.yaml`…).
    Manifest,
    /// A web server's config (nginx, Apache): headers such as Content-Security-Policy.
    ServerConfig,
}

/// Code found inside other code, with where it starts.
#[derive(Clone, Debug)]
pub(crate) struct Piece {
    /// Offset in the enclosing text.
    pub start: usize,
    pub text: String,
    /// Whether offsets inside `text` map one to one onto the enclosing text (false when
    /// escapes or entities were decoded: every position then maps to `start`).
    pub exact: bool,
    pub lang: Lang,
    pub context: Context,
    /// Whether `--patch` may edit code of this piece: not in a framework's template
    /// attribute (Vue's `@click` runs in the component's scope, not the page's), not in a
    /// string whose quoting the scan does not know.
    pub patch: bool,
    /// The quote that ends this piece in the file (an attribute's), which an edit must not hold.
    pub quote: Option<u8>,
}

/// A replacement `--patch` can make: byte range of the file and its new text.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Edit {
    pub start: usize,
    pub end: usize,
    pub text: String,
    /// A guard, not a rewrite: the Classic call kept for the Classic widget and skipped on
    /// messaging, where it would throw (widget review findings 1 and 12).
    pub guard: bool,
}

/// One use, with its offset in the text scanned.
#[derive(Clone, Debug)]
pub(crate) struct Hit {
    pub offset: usize,
    pub call: String,
    pub api: Api,
    pub edit: Option<Edit>,
    pub context: Context,
    /// Whether the use fails once the messaging snippet replaces the Classic, Zopim or
    /// zEmbed loader (not inside code already written for both widgets).
    pub fails_after: bool,
}

/// A parse error: the tolerant parse went on, and this is where the code stopped parsing.
#[derive(Clone, Debug)]
pub(crate) struct Problem {
    pub offset: usize,
    pub message: String,
}

/// One use with its place in the file and its answer.
#[derive(Clone, Debug)]
pub(crate) struct Finding {
    pub file: String,
    pub line: usize,
    /// 1-based, in characters (Unicode code points).
    pub column: usize,
    pub call: String,
    pub answer: Answer,
    pub context: Context,
    pub edit: Option<Edit>,
    /// A use that still fails once the messaging snippet replaces the Classic or Zopim
    /// loader and that `--patch` cannot make safe: the file gets no patch (finding 1).
    pub blocks_patch: bool,
}

/// A parse error with its place.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct ParseNote {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// Why a file was not scanned.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Skipped {
    pub file: String,
    pub reason: String,
}

/// Code not scanned at the deepest level of strings in strings.
const MAX_DEPTH: usize = 4;

/// The language of a file, from its name; `None` for files that are not site code.
pub(crate) fn lang_of(name: &str) -> Option<Lang> {
    let lower = name.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "package.json" | "package-lock.json" | "npm-shrinkwrap.json" | "yarn.lock" | "pnpm-lock.yaml" | "pubspec.yaml"
    ) {
        return Some(Lang::Manifest);
    }
    if lower.ends_with(".conf") || lower == ".htaccess" || lower.ends_with(".vhost") {
        return Some(Lang::ServerConfig);
    }
    if [".js.erb", ".js.liquid", ".js.php", ".js.twig", ".js.ejs"].iter().any(|s| lower.ends_with(s)) {
        return Some(Lang::Js(SourceType::cjs()));
    }
    let ext = lower.rsplit_once('.')?.1;
    Some(match ext {
        "js" | "jsx" | "cjs" => Lang::Js(SourceType::jsx().with_unambiguous(true)),
        "mjs" => Lang::Js(SourceType::mjs().with_jsx(true)),
        "ts" | "mts" | "cts" => Lang::Js(SourceType::ts()),
        "tsx" => Lang::Js(SourceType::tsx()),
        "html" | "htm" | "xhtml" | "shtml" | "vue" | "svelte" | "astro" | "php" | "phtml" | "erb" | "rhtml" | "jsp"
        | "jspf" | "twig" | "liquid" | "hbs" | "handlebars" | "mustache" | "ejs" | "njk" | "jinja" | "jinja2"
        | "j2" | "cshtml" | "aspx" | "ascx" | "asp" | "tpl" | "rb" | "py" | "haml" | "ftl" | "vm" => Lang::Markup,
        "css" | "scss" | "sass" | "less" => Lang::Css,
        _ => return None,
    })
}

/// Scan the text of one file. Hits and problems carry byte offsets into `text`.
pub(crate) fn scan_text(alloc: &Allocator, text: &str, lang: Lang) -> (Vec<Hit>, Vec<Problem>) {
    let mut hits = Vec::new();
    let mut problems = Vec::new();
    let top = Piece {
        start: 0,
        text: String::new(),
        exact: true,
        lang,
        context: if lang == Lang::Css { Context::Stylesheet } else { Context::Code },
        patch: true,
        quote: None,
    };
    // The top piece borrows `text` instead of copying it.
    let mut queue: Vec<(Piece, usize)> = vec![(top, 0)];
    while let Some((piece, depth)) = queue.pop() {
        let body: &str = if depth == 0 { text } else { &piece.text };
        let mut local = Vec::new();
        let mut more = Vec::new();
        let mut errs = Vec::new();
        match piece.lang {
            Lang::Js(ty) => js::scan(alloc, body, ty, piece.context, &mut local, &mut more, &mut errs),
            Lang::Markup => more = markup::extract(body, &mut local),
            Lang::Css => markup::css(body, &mut local),
            Lang::Manifest => site::manifest(body, &mut local),
            Lang::ServerConfig => site::config_lines(body, &mut local),
        }
        let at = |off: usize| if piece.exact { piece.start + off } else { piece.start };
        for mut h in local {
            h.offset = at(h.offset);
            // An edit is kept only where the scanned text is the file's own text over the
            // edit's range (no template tag blanked there), and its text cannot end the
            // attribute it sits in.
            h.edit = h
                .edit
                .filter(|e| {
                    piece.exact
                        && piece.patch
                        && piece.context != Context::StringThatRuns
                        && piece.quote.is_none_or(|q| !e.text.as_bytes().contains(&q))
                        && body.get(e.start..e.end).is_some_and(|seen| text.get(at(e.start)..at(e.end)) == Some(seen))
                })
                .map(|e| Edit { start: at(e.start), end: at(e.end), ..e });
            if depth > 0 && h.context == Context::Code {
                h.context = piece.context;
            }
            hits.push(h);
        }
        // A string handed back because it looks like it runs (it holds `<script`, it goes
        // to innerHTML) may be prose or an example: its uses count, its parse errors are noise.
        if piece.context != Context::StringThatRuns {
            problems.extend(errs.into_iter().map(|p| Problem { offset: at(p.offset), message: p.message }));
        }
        if depth + 1 < MAX_DEPTH {
            for m in more {
                let exact = piece.exact && m.exact;
                // A script inside a string that runs is still a string that runs.
                let context = if piece.context == Context::StringThatRuns { piece.context } else { m.context };
                let patch = piece.patch && m.patch;
                queue.push((Piece { start: at(m.start), exact, context, patch, ..m }, depth + 1));
            }
        }
    }
    (hits, problems)
}

/// Line starts of a text, to turn byte offsets into 1-based lines and columns.
///
/// Which lines are pure ASCII is noted once, so that a column on a minified line of
/// megabytes costs a subtraction, not a count of every character before it (thousands of
/// uses on one line would otherwise make the report quadratic).
#[derive(Debug)]
pub(crate) struct LineIndex<'t> {
    text: &'t str,
    starts: Vec<usize>,
    ascii: Vec<bool>,
}

impl<'t> LineIndex<'t> {
    pub(crate) fn new(text: &'t str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let ascii = starts
            .iter()
            .enumerate()
            .map(|(i, s)| text.as_bytes()[*s..starts.get(i + 1).copied().unwrap_or(text.len())].is_ascii())
            .collect();
        LineIndex { text, starts, ascii }
    }

    /// (line, column), both from 1; the column counts characters.
    pub(crate) fn position(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|s| *s <= offset).max(1);
        let start = self.starts[line - 1];
        if self.ascii[line - 1] {
            return (line, offset - start + 1);
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        (line, self.text[start..end].chars().count() + 1)
    }

    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.starts.get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }
}

/// `#` line comments of Ruby and Python blanked (offsets kept); a `#` inside a quoted string
/// on the same line is not a comment.
fn blank_hash_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('#') {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut bytes = text.as_bytes().to_vec();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let mut quote: Option<u8> = None;
        let b = line.as_bytes();
        let mut i = 0;
        while i < b.len() {
            match (quote, b[i]) {
                (Some(_), b'\\') => i += 1,
                (Some(q), c) if c == q => quote = None,
                (None, c @ (b'"' | b'\'')) => quote = Some(c),
                (None, b'#') => {
                    let end = if line.ends_with('\n') { b.len() - 1 } else { b.len() };
                    names::blank(&mut bytes[start + i..start + end]);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        start += line.len();
    }
    std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
}

/// Findings of one file's text, sorted.
pub(crate) fn findings(file: &str, text: &str, lang: Lang, alloc: &Allocator) -> (Vec<Finding>, Vec<ParseNote>) {
    // Ruby and Python files are read as markup (a heredoc or a string of a script runs):
    // their `#` line comments never do, so they are blanked first (offsets kept).
    let lower_name = file.to_ascii_lowercase();
    let hash_comments = lower_name.ends_with(".rb") || lower_name.ends_with(".py");
    let clean = if hash_comments { blank_hash_comments(text) } else { std::borrow::Cow::Borrowed(text) };
    let (mut hits, problems) = scan_text(alloc, &clean, lang);
    // Rails and Django set their Content Security Policy in Ruby and Python code.
    if hash_comments && (clean.contains("_src") || clean.contains("_SRC")) {
        site::config_lines(&clean, &mut hits);
    }
    let index = LineIndex::new(text);
    let mut out: Vec<Finding> = hits
        .into_iter()
        .map(|h| {
            let (line, column) = index.position(h.offset);
            let answer = rules::answer(&h.api);
            let edit = h.edit.filter(|e| answer.one_to_one || e.guard);
            let blocks_patch = edit.is_none() && h.fails_after;
            Finding {
                file: file.to_owned(),
                line,
                column,
                call: h.call,
                answer,
                context: h.context,
                edit,
                blocks_patch,
            }
        })
        .collect();
    out.sort_by(|a, b| (a.line, a.column, &a.call).cmp(&(b.line, b.column, &b.call)));
    out.dedup_by(|a, b| a.line == b.line && a.column == b.column && a.call == b.call);
    let mut notes: Vec<ParseNote> = problems
        .into_iter()
        .map(|p| {
            let (line, column) = index.position(p.offset);
            ParseNote { file: file.to_owned(), line, column, message: p.message }
        })
        .collect();
    notes.sort();
    notes.dedup();
    (out, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan(src: &str, name: &str) -> Vec<(usize, usize, String)> {
        let alloc = Allocator::default();
        let lang = lang_of(name).expect("known type");
        findings(name, src, lang, &alloc).0.into_iter().map(|f| (f.line, f.column, f.call)).collect()
    }

    #[test]
    fn comments_never_count_and_aliases_resolve() {
        let src = "// zE('webWidget', 'open');\n/* $zopim.livechat.setName('x') */\nvar chat = $zopim.livechat;\nchat.setName('Ann');\nwindow['zE']('webWidget', 'hide');\n";
        let got = scan(src, "a.js");
        assert_eq!(
            got,
            vec![
                (4, 1, "$zopim.livechat.setName(…) (via alias chat)".to_owned()),
                (5, 1, "zE('webWidget', 'hide')".to_owned())
            ]
        );
    }

    proptest::proptest! {
        /// Any mix of the shapes the scanner cares about, cut anywhere: no panic, every
        /// position inside the text, every edit on character boundaries.
        #[test]
        fn never_panics_and_places_stay_inside(
            parts in proptest::collection::vec(proptest::sample::select(&[
                "zE(", "'webWidget'", "'open'", "'setLocale'", ", ", ")", ";", "<script>", "</script>",
                "<script type=\"module\">", "{{ x }}", "<?php echo \"", "?>", "<!--", "-->", "`", "${a}", "{",
                "}", "\n", "<a onclick=\"", "\"", "'", "$zopim.livechat.", "window.show()", "window['zE']",
                "/*", "*/", "//", "é", "\u{1b}", "var c = $zopim.livechat;", "c.setName(1)", "&quot;",
                "zESettings = {webWidget: {chat: {", "innerHTML = '", "#launcher", "(function(){", "\\",
            ][..]), 0..40),
            kind in 0..3usize,
        ) {
            let text: String = parts.concat();
            let name = ["a.js", "a.html", "a.css"][kind];
            let alloc = Allocator::default();
            let (found, notes) = findings(name, &text, lang_of(name).expect("known"), &alloc);
            let lines = text.split('\n').count();
            for f in &found {
                proptest::prop_assert!(f.line >= 1 && f.line <= lines && f.column >= 1);
                if let Some(e) = &f.edit {
                    proptest::prop_assert!(e.start <= e.end && e.end <= text.len());
                    proptest::prop_assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
                }
            }
            for n in &notes {
                proptest::prop_assert!(n.line >= 1 && n.line <= lines);
            }
        }
    }

    /// The case the property test above once shrank to (a multi-byte character before a
    /// template tag inside a script), kept as a plain test instead of a regressions file.
    #[test]
    fn a_multibyte_character_before_a_template_tag_stays_on_boundaries() {
        let text = "<script>é{{ x }}";
        let alloc = Allocator::default();
        let (found, notes) = findings("a.html", text, lang_of("a.html").expect("known"), &alloc);
        for f in &found {
            assert!(f.line == 1 && f.column >= 1);
            if let Some(e) = &f.edit {
                assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
            }
        }
        assert!(notes.iter().all(|n| n.line == 1));
    }

    proptest::proptest! {
        /// Arbitrary text, including control characters and any Unicode: no panic.
        #[test]
        fn arbitrary_text_never_panics(text in "(?s).{0,300}", kind in 0..3usize) {
            let name = ["a.tsx", "a.php", "a.scss"][kind];
            let alloc = Allocator::default();
            let _ = findings(name, &text, lang_of(name).expect("known"), &alloc);
        }
    }

    #[test]
    fn a_minified_local_named_ze_is_not_the_widget() {
        // A minifier may name its own function zE; calls through window stay the widget's.
        let src = "!function(){function zE(t){return t+1}zE(1);zE.call(null,2);window.zE('webWidget','open')}();";
        assert_eq!(scan(src, "app.min.js"), vec![(1, 61, "zE('webWidget', 'open')".to_owned())]);
        // `var zE = window.zE` and TypeScript's `declare` name the global itself.
        assert_eq!(scan("var zE = window.zE;\nzE('webWidget', 'hide');\n", "a.js").len(), 1);
        assert_eq!(scan("declare const zE: any;\nzE('webWidget', 'hide');\n", "a.ts").len(), 1);
    }

    #[test]
    fn columns_count_characters() {
        let idx = LineIndex::new("é zE\nab");
        assert_eq!(idx.position(3), (1, 3));
        assert_eq!(idx.position(6), (2, 1));
    }
}
