//! The code inside markup: `<script>` blocks, event-handler attributes (`onclick`, Vue's
//! `@click`, Angular's `(click)`), `javascript:` links and `<style>` blocks of HTML, Vue
//! and Svelte components and server templates (PHP, ERB, JSP, Jinja, Twig, Liquid,
//! Handlebars, EJS).
//!
//! Comments of the markup and of the template language are skipped, so a commented-out
//! snippet never counts. Template tags inside a script (`{{ lang }}`, `<?= $key ?>`,
//! `{% if %}`) are blanked to a value or to spaces of the same length, so the script still
//! parses and every offset still points into the original file. A PHP `echo` or a Ruby
//! heredoc of a `<script>` is found the same way: the scanner reads the file as text and
//! takes every script tag it meets.

use oxc_span::SourceType;

use super::names::{RISKY, blank, has_token, loader_name};
use super::rules::{Api, Loader};
use super::site;
use super::{Context, Hit, Lang, Piece};

/// Comment delimiters of markup and template languages.
const COMMENTS: &[(&str, &str)] = &[
    ("<!--", "-->"),
    ("<%--", "--%>"),
    ("<%#", "%>"),
    ("{#", "#}"),
    ("{{!--", "--}}"),
    ("{{!", "}}"),
    ("{% comment %}", "{% endcomment %}"),
    ("{%- comment -%}", "{%- endcomment -%}"),
    ("@*", "*@"),
];

/// Template tags that stand for a value inside a script, and those that are statements.
const VALUE_TAGS: &[(&str, &str)] = &[("<?=", "?>"), ("<%=", "%>"), ("<%-", "%>"), ("{{", "}}")];
const STATEMENT_TAGS: &[(&str, &str)] = &[("<?php", "?>"), ("<?", "?>"), ("<%", "%>"), ("{%", "%}"), ("{#", "#}")];

/// Split markup into the pieces of code it runs. Offsets are relative to `text`.
pub(crate) fn extract(text: &str, hits: &mut Vec<Hit>) -> Vec<Piece> {
    let clean = blank_server_comments(text);
    let text: &str = &clean;
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let Some(step) = memchr::memchr3(b'<', b'{', b'@', &b[i..]) else { break };
        i += step;
        if let Some(end) = comment_end(text, i) {
            i = end;
            continue;
        }
        if b[i] != b'<' {
            i += 1;
            continue;
        }
        let rest = &b[i + 1..];
        if !rest.first().is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            continue;
        }
        let name_len =
            rest.iter().position(|c| !(c.is_ascii_alphanumeric() || *c == b'-' || *c == b':')).unwrap_or(rest.len());
        let name = text[i + 1..i + 1 + name_len].to_ascii_lowercase();
        let (attrs, tag_end) = attributes(text, i + 1 + name_len);
        for a in &attrs {
            attribute_code(text, a, &mut out);
        }
        let tag_start = i;
        i = tag_end;
        match name.as_str() {
            "meta" => {
                let attr = |n: &str| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(n));
                if attr("http-equiv").is_some_and(|a| a.value(text).eq_ignore_ascii_case("content-security-policy"))
                    && let Some(c) = attr("content")
                {
                    site::policy_text(&c.value(text), c.value_start, hits, Context::ScriptBlock);
                }
            }
            "script" => {
                let close = find_ci(text, i, "</script").unwrap_or(b.len());
                let attr = |n: &str| attrs.iter().find(|a| a.name.eq_ignore_ascii_case(n)).map(|a| a.value(text));
                if let Some(src) = attr("src") {
                    let at = attrs.iter().find(|a| a.name.eq_ignore_ascii_case("src")).map_or(i, |a| a.value_start);
                    loader(&src, at, hits);
                }
                // A consent manager's script: it runs once the visitor consents.
                let pairs: Vec<(String, String)> = attrs.iter().map(|a| (a.name.to_owned(), a.value(text))).collect();
                let gate = site::consent_manager(&pairs);
                if let Some(manager) = gate {
                    let body = &text[i..close.max(i)];
                    let widget = attr("src").is_some_and(|s| s.contains("zdassets") || s.contains("zopim"))
                        || ["zE(", "$zopim", "zopim.com", "ekr/snippet"].iter().any(|n| body.contains(n));
                    if widget {
                        hits.push(Hit {
                            offset: tag_start,
                            call: "consent-gated widget script".into(),
                            api: Api::ConsentGate(manager.into()),
                            edit: None,
                            context: Context::ScriptBlock,
                            fails_after: false,
                        });
                    }
                }
                let ty = if gate.is_some() { None } else { attr("type").map(|t| t.trim().to_ascii_lowercase()) };
                let lang = attr("lang").map(|t| t.trim().to_ascii_lowercase());
                let runs = match ty.as_deref() {
                    None
                    | Some("" | "text/javascript" | "application/javascript" | "module" | "text/babel" | "text/jsx") => {
                        true
                    }
                    Some(_) => false,
                };
                if runs && close > i {
                    let source = match (lang.as_deref(), ty.as_deref()) {
                        (Some("ts"), _) => SourceType::ts(),
                        (Some("tsx"), _) => SourceType::tsx(),
                        (Some("jsx"), _) | (_, Some("text/babel" | "text/jsx")) => SourceType::jsx(),
                        (_, Some("module")) => SourceType::mjs(),
                        _ => SourceType::cjs(),
                    };
                    out.push(Piece {
                        start: i,
                        text: blank_template_tags(&text[i..close]),
                        exact: true,
                        lang: Lang::Js(source),
                        context: Context::ScriptBlock,
                        patch: true,
                        quote: None,
                    });
                }
                i = close;
            }
            "style" => {
                let close = find_ci(text, i, "</style").unwrap_or(b.len());
                out.push(Piece {
                    start: i,
                    text: text[i..close].to_owned(),
                    exact: true,
                    lang: Lang::Css,
                    context: Context::Stylesheet,
                    patch: false,
                    quote: None,
                });
                i = close;
            }
            _ => {}
        }
    }
    out
}

/// Comments inside server code (`<?php … ?>`, `<% … %>`) blanked, offsets kept: a
/// commented-out `echo '<script>…</script>'` never reaches the page, so it is never a use.
/// PHP and Java comments (`//`, `#`, `/* */`) outside the block's strings; a line comment
/// ends at the line's end or at the block's close, as in PHP.
pub(crate) fn blank_server_comments(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("<?") && !text.contains("<%") {
        return std::borrow::Cow::Borrowed(text);
    }
    let src = text.as_bytes();
    let mut bytes = src.to_vec();
    let mut i = 0;
    let mut changed = false;
    while let Some(p) = memchr::memchr(b'<', &src[i..]) {
        let open = i + p;
        let close: &[u8] = match src.get(open + 1) {
            Some(b'?') if !src[open..].starts_with(b"<?xml") => b"?>",
            Some(b'%') => b"%>",
            _ => {
                i = open + 1;
                continue;
            }
        };
        let end = memchr::memmem::find(&src[open + 2..], close).map_or(src.len(), |q| open + 2 + q);
        let mut j = open + 2;
        let mut quote: Option<u8> = None;
        while j < end {
            let c = src[j];
            match quote {
                Some(q) => {
                    if c == b'\\' {
                        j += 1;
                    } else if c == q {
                        quote = None;
                    }
                    j += 1;
                }
                None if c == b'"' || c == b'\'' || c == b'`' => {
                    quote = Some(c);
                    j += 1;
                }
                None if c == b'#' || (c == b'/' && src.get(j + 1) == Some(&b'/')) => {
                    let stop = memchr::memchr(b'\n', &src[j..end]).map_or(end, |q| j + q);
                    blank(&mut bytes[j..stop]);
                    changed = true;
                    j = stop;
                }
                None if c == b'/' && src.get(j + 1) == Some(&b'*') => {
                    let stop = memchr::memmem::find(&src[j + 2..end], b"*/").map_or(end, |q| j + 2 + q + 2);
                    blank(&mut bytes[j..stop]);
                    changed = true;
                    j = stop;
                }
                None => j += 1,
            }
        }
        i = end.max(open + 1);
        if i >= src.len() {
            break;
        }
    }
    if changed {
        std::borrow::Cow::Owned(String::from_utf8_lossy(&bytes).into_owned())
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// Where a comment that starts at `i` ends (just past its closing delimiter).
fn comment_end(text: &str, i: usize) -> Option<usize> {
    let rest = &text[i..];
    let (open, close) = COMMENTS.iter().find(|(o, _)| rest.starts_with(o))?;
    Some(rest[open.len()..].find(close).map_or(text.len(), |p| i + open.len() + p + close.len()))
}

fn find_ci(text: &str, from: usize, needle: &str) -> Option<usize> {
    let n = needle.as_bytes();
    text.as_bytes()[from..].windows(n.len()).position(|w| w.eq_ignore_ascii_case(n)).map(|p| from + p)
}

#[derive(Debug)]
struct Attr<'t> {
    name: &'t str,
    value_start: usize,
    value_end: usize,
    /// The quote around the value, if any.
    quote: Option<u8>,
}

impl Attr<'_> {
    fn value(&self, text: &str) -> String {
        decode_entities(&text[self.value_start..self.value_end])
    }
}

/// The attributes of a tag whose name ends at `i`, and the offset just past its `>`.
fn attributes(text: &str, mut i: usize) -> (Vec<Attr<'_>>, usize) {
    let b = text.as_bytes();
    let mut attrs = Vec::new();
    while i < b.len() {
        match b[i] {
            b'>' => return (attrs, i + 1),
            c if c.is_ascii_whitespace() || c == b'/' => i += 1,
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'=' | b'>') {
                    i += 1;
                }
                let name = &text[start..i];
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if b.get(i) != Some(&b'=') {
                    continue;
                }
                i += 1;
                while i < b.len() && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                let (vs, ve, quote) = match b.get(i) {
                    Some(q @ (b'"' | b'\'')) => {
                        let end = memchr::memchr(*q, &b[i + 1..]).map_or(b.len(), |p| i + 1 + p);
                        let r = (i + 1, end, Some(*q));
                        i = (end + 1).min(b.len());
                        r
                    }
                    _ => {
                        let s = i;
                        while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                            i += 1;
                        }
                        // An unquoted value ends at a space: no edit may add one.
                        (s, i, Some(b' '))
                    }
                };
                attrs.push(Attr { name, value_start: vs, value_end: ve, quote });
            }
        }
    }
    (attrs, b.len())
}

/// An attribute whose value runs: an event handler or a `javascript:` URL.
fn attribute_code(text: &str, a: &Attr, out: &mut Vec<Piece>) {
    let n = a.name.to_ascii_lowercase();
    let raw = &text[a.value_start..a.value_end];
    let handler = (n.starts_with("on") && n.len() > 2)
        || n.starts_with('@')
        || n.starts_with("v-on:")
        || n.starts_with("x-on:")
        || (n.starts_with('(') && n.ends_with(')'));
    let (skip, code) = if handler {
        (0, raw)
    } else if raw.trim_start().to_ascii_lowercase().starts_with("javascript:") {
        let lead = raw.len() - raw.trim_start().len() + "javascript:".len();
        (lead, &raw[lead..])
    } else {
        return;
    };
    let decoded = decode_entities(code);
    let exact = decoded == code;
    out.push(Piece {
        start: if exact { a.value_start + skip } else { a.value_start },
        text: if exact { blank_template_tags(code) } else { decoded },
        exact,
        lang: Lang::Js(SourceType::cjs()),
        context: Context::EventAttribute,
        // Vue, Alpine and Angular evaluate their handlers in the component's scope, where
        // `window` and `zE` are not the page's: only native handlers and links are patched.
        patch: n.starts_with("on") || !handler,
        quote: a.quote,
    });
}

fn loader(src: &str, at: usize, hits: &mut Vec<Hit>) {
    let api = if src.contains("ekr/snippet.js") {
        Loader::ZeSnippet
    } else if src.contains("zopim.com") {
        Loader::Zopim
    } else if src.contains("embeddable_framework") {
        Loader::Zembed
    } else {
        return;
    };
    hits.push(Hit {
        offset: at,
        call: loader_name(api, src),
        api: Api::Loader(api),
        edit: None,
        context: Context::ScriptBlock,
        fails_after: false,
    });
}

/// Template tags inside a script replaced by a value (`0`) or by spaces, lengths kept.
pub(crate) fn blank_template_tags(code: &str) -> String {
    if !code.contains("<%")
        && !code.contains("<?")
        && !code.contains("{{")
        && !code.contains("{%")
        && !code.contains("{#")
    {
        return code.to_owned();
    }
    let src = code.as_bytes();
    let mut bytes = src.to_vec();
    let mut i = 0;
    while i < src.len() {
        // Bytes, not `&str`: `i` may sit inside a multi-byte character.
        let rest = &src[i..];
        let value = VALUE_TAGS.iter().find(|(o, _)| rest.starts_with(o.as_bytes()));
        let found = value.or_else(|| STATEMENT_TAGS.iter().find(|(o, _)| rest.starts_with(o.as_bytes())));
        let Some((open, close)) = found else {
            i += 1;
            continue;
        };
        let end = memchr::memmem::find(&rest[open.len()..], close.as_bytes())
            .map_or(src.len(), |p| i + open.len() + p + close.len());
        blank(&mut bytes[i..end]);
        if value.is_some() {
            bytes[i] = b'0';
        }
        i = end.max(i + 1);
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The common HTML entities of attribute values.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Selectors and keys of a stylesheet that target the Classic widget (comments skipped).
pub(crate) fn css(text: &str, hits: &mut Vec<Hit>) {
    let mut bytes = text.as_bytes().to_vec();
    let mut from = 0;
    while let Some(p) = text[from..].find("/*") {
        let s = from + p;
        let e = text[s + 2..].find("*/").map_or(text.len(), |q| s + 2 + q + 2);
        blank(&mut bytes[s..e]);
        from = e;
    }
    let clean = String::from_utf8_lossy(&bytes);
    for (n, line) in clean.split('\n').scan(0usize, |off, l| {
        let start = *off;
        *off += l.len() + 1;
        Some((start, l))
    }) {
        for (needle, risk) in RISKY {
            if let Some(col) = line.find(needle)
                && has_token(line, needle)
            {
                hits.push(Hit {
                    offset: n + col,
                    call: format!("{} {{…}}", line.split('{').next().unwrap_or("").trim()),
                    api: Api::Risk(*risk),
                    edit: None,
                    context: Context::Stylesheet,
                    fails_after: false,
                });
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_are_skipped_and_handlers_found() {
        let html = "<!-- <script>zE('webWidget','open')</script> -->\n<a onclick=\"zE('webWidget','hide')\">x</a>";
        let mut hits = Vec::new();
        let pieces = extract(html, &mut hits);
        assert_eq!(pieces.len(), 1);
        assert_eq!(&html[pieces[0].start..pieces[0].start + pieces[0].text.len()], pieces[0].text);
        assert_eq!(pieces[0].context, Context::EventAttribute);
    }

    #[test]
    fn template_tags_keep_offsets() {
        let s = "zE('webWidget', 'setLocale', '{{ lang }}'); var k = <?= $k ?>;";
        let b = blank_template_tags(s);
        assert_eq!(b.len(), s.len());
        assert!(b.contains("var k = 0"));
    }
}
