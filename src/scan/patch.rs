//! `--patch`: a unified diff that leaves every file it touches working before and after the
//! switch (widget review, finding 1), or no diff for that file.
//!
//! Each rewrite runs on both widgets: `zE` calls pick the Classic or messaging form inside
//! the ready callback, `$zopim.livechat` calls pick theirs while the Zopim loader is there,
//! and `$zopim(function () {…})` becomes `(window.$zopim || window.zE)(function () {…})`.
//! A Chat call with no counterpart is guarded so that it does nothing, instead of throwing,
//! once `$zopim` or the legacy `zE.<method>` is gone. A file that would still hold a use
//! that fails after the switch and that no edit can make safe (an alias of
//! `$zopim.livechat`, a call through `zEmbed`) gets no patch, and the reason is given.
//!
//! Each file is read again and its edits applied from the end, so offsets stay valid; edits
//! replace only the code before a kept argument, so a call nested in another's callback
//! keeps its own edit. The diff names files as they were walked (apply it with `patch -p0`).

use std::fmt::Write as _;

use super::{Edit, Finding, LineIndex};

/// Lines of context around each change.
const CONTEXT: usize = 3;

/// The diff for all patchable findings, and one sentence for each file left out and why.
pub(crate) fn diff(findings: &[Finding]) -> (String, Vec<String>) {
    let mut by_file: std::collections::BTreeMap<&str, (Vec<&Edit>, Option<&Finding>)> =
        std::collections::BTreeMap::new();
    for f in findings {
        let entry = by_file.entry(&f.file).or_default();
        if let Some(e) = &f.edit {
            entry.0.push(e);
        }
        if f.blocks_patch && entry.1.is_none() {
            entry.1 = Some(f);
        }
    }
    let mut out = String::new();
    let mut problems = Vec::new();
    for (file, (mut edits, blocker)) in by_file {
        if edits.is_empty() {
            continue;
        }
        if let Some(b) = blocker {
            problems.push(format!(
                "{file}: no patch: line {} ({}) would still fail once the messaging snippet replaces the Classic or Zopim loader, and no edit can make it safe; change it by hand, then run --patch again",
                b.line, b.call
            ));
            continue;
        }
        edits.sort();
        edits.dedup();
        let Ok(old) = std::fs::read_to_string(file) else {
            problems.push(format!("{file}: no patch: it cannot be read any more"));
            continue;
        };
        match file_diff(file, &old, &edits) {
            Some(d) => out.push_str(&d),
            None => problems.push(format!("{file}: no patch: it changed since the scan")),
        }
    }
    (out, problems)
}

/// The diff of one file; `None` when the edits do not fit its text.
pub(crate) fn file_diff(name: &str, old: &str, edits: &[&Edit]) -> Option<String> {
    // Non-overlapping, in order.
    let mut prev_end = 0;
    for e in edits {
        if e.start < prev_end || e.end > old.len() || !old.is_char_boundary(e.start) || !old.is_char_boundary(e.end) {
            return None;
        }
        prev_end = e.end;
    }
    let idx = LineIndex::new(old);
    // Each edit touches whole lines [first, last] (1-based); merge edits on shared lines.
    let mut blocks: Vec<(usize, usize, Vec<&Edit>)> = Vec::new();
    for e in edits {
        let first = idx.position(e.start).0;
        let last = idx.position(e.end).0;
        match blocks.last_mut() {
            Some(b) if first <= b.1 => {
                b.1 = b.1.max(last);
                b.2.push(e);
            }
            _ => blocks.push((first, last, vec![e])),
        }
    }
    let old_lines: Vec<&str> = old.split_inclusive('\n').collect();
    let line_text = |n: usize| old_lines.get(n - 1).copied().unwrap_or("");
    // Group blocks into hunks whose context overlaps.
    let mut hunks: Vec<Vec<(usize, usize, Vec<&Edit>)>> = Vec::new();
    for b in blocks {
        match hunks.last_mut() {
            Some(h) if h.last().is_some_and(|l| b.0 <= l.1 + 2 * CONTEXT + 1) => h.push(b),
            _ => hunks.push(vec![b]),
        }
    }
    let mut out = format!("--- {name}\n+++ {name}\n");
    let mut delta: isize = 0;
    let total = old_lines.len().max(1);
    for h in hunks {
        let start = h[0].0.saturating_sub(CONTEXT).max(1);
        let end = (h.last().map_or(start, |l| l.1) + CONTEXT).min(total);
        let mut body = String::new();
        let (mut n_old, mut n_new) = (0usize, 0usize);
        let mut line = start;
        for (first, last, edits) in &h {
            while line < *first {
                push_line(&mut body, ' ', line_text(line));
                n_old += 1;
                n_new += 1;
                line += 1;
            }
            let from = idx.line_start(*first);
            let to = if *last < old_lines.len() { idx.line_start(*last + 1) } else { old.len() };
            let mut new = String::new();
            let mut at = from;
            for e in edits {
                new.push_str(&old[at..e.start]);
                new.push_str(&e.text);
                at = e.end;
            }
            new.push_str(&old[at..to]);
            for l in old[from..to].split_inclusive('\n') {
                push_line(&mut body, '-', l);
                n_old += 1;
            }
            for l in new.split_inclusive('\n') {
                push_line(&mut body, '+', l);
                n_new += 1;
            }
            line = *last + 1;
        }
        while line <= end {
            push_line(&mut body, ' ', line_text(line));
            n_old += 1;
            n_new += 1;
            line += 1;
        }
        let new_start = start as isize + delta;
        let _ = writeln!(out, "@@ -{start},{n_old} +{new_start},{n_new} @@");
        out.push_str(&body);
        delta += n_new as isize - n_old as isize;
    }
    Some(out)
}

fn push_line(out: &mut String, mark: char, line: &str) {
    out.push(mark);
    out.push_str(line);
    if !line.ends_with('\n') {
        out.push_str("\n\\ No newline at end of file\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_edit_gives_one_hunk_with_context() {
        let old = "a\nb\nzE('webWidget', 'open');\nc\n";
        let start = old.find("'webWidget'").expect("present");
        let e =
            Edit { start, end: start + "'webWidget', 'open'".len(), text: "'messenger', 'open'".into(), guard: false };
        let d = file_diff("x.js", old, &[&e]).expect("fits");
        assert_eq!(
            d,
            "--- x.js\n+++ x.js\n@@ -1,4 +1,4 @@\n a\n b\n-zE('webWidget', 'open');\n+zE('messenger', 'open');\n c\n"
        );
    }
}
