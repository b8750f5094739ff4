//! A scan as people, machines and code-scanning tools read it: text, JSON (also the file
//! stored in the account, `chat/site_scan.json`, docs/export-format.md) and SARIF 2.1.0.
//!
//! Every list is sorted and nothing depends on the clock or the machine, so two runs on the
//! same tree give the same bytes. Text for a terminal goes through the one door for
//! untrusted text ([`crate::text::display::prose`]); JSON and SARIF keep values exact.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use super::rules::Verdict;
use super::walk::Scan;
use super::{Context, Finding};
use crate::text::display::prose;

/// Version of the JSON shape (docs/export-format.md, `chat/site_scan.json`).
pub(crate) const FORMAT_VERSION: u32 = 1;

const K22: &str = "https://developer.zendesk.com/api-reference/widget-messaging/web/core/";

#[derive(Serialize)]
struct JsonReport<'a> {
    format_version: u32,
    tool: &'static str,
    roots: &'a [String],
    summary: Summary,
    findings: Vec<JsonFinding<'a>>,
    parse_errors: Vec<JsonNote<'a>>,
    skipped: Vec<JsonSkip<'a>>,
    warnings: Vec<JsonSkip<'a>>,
}

#[derive(Serialize)]
struct Summary {
    files_scanned: u64,
    bytes_scanned: u64,
    files_skipped: usize,
    files_other: u64,
    uses: usize,
    needs_change: usize,
    by_verdict: BTreeMap<&'static str, usize>,
    visitor_auth_in_code: bool,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    call: &'a str,
    verdict: Verdict,
    messaging: Option<&'a str>,
    advice: &'a str,
    context: Context,
    patchable: bool,
}

#[derive(Serialize)]
struct JsonNote<'a> {
    file: &'a str,
    line: usize,
    column: usize,
    message: &'a str,
}

#[derive(Serialize)]
struct JsonSkip<'a> {
    file: &'a str,
    reason: &'a str,
}

fn summary(scan: &Scan) -> Summary {
    let mut by_verdict = BTreeMap::new();
    for f in &scan.findings {
        *by_verdict.entry(f.answer.verdict.as_str()).or_insert(0) += 1;
    }
    Summary {
        files_scanned: scan.files_scanned,
        bytes_scanned: scan.bytes_scanned,
        files_skipped: scan.skipped.len(),
        files_other: scan.files_other,
        uses: scan.findings.len(),
        needs_change: needs_change(scan),
        by_verdict,
        visitor_auth_in_code: scan.findings.iter().any(|f| f.answer.verdict == Verdict::VisitorAuth),
    }
}

/// How many uses still need a change on the site (`--check` fails when this is not 0).
pub(crate) fn needs_change(scan: &Scan) -> usize {
    scan.findings.iter().filter(|f| f.answer.verdict.needs_change()).count()
}

/// The JSON report (and the stored file).
pub(crate) fn json(scan: &Scan, roots: &[String]) -> String {
    let r = JsonReport {
        format_version: FORMAT_VERSION,
        tool: "migrate scan-site",
        roots,
        summary: summary(scan),
        findings: scan
            .findings
            .iter()
            .map(|f| JsonFinding {
                file: &f.file,
                line: f.line,
                column: f.column,
                call: &f.call,
                verdict: f.answer.verdict,
                messaging: f.answer.messaging.as_deref(),
                advice: f.answer.advice.as_ref(),
                context: f.context,
                patchable: f.edit.is_some(),
            })
            .collect(),
        parse_errors: scan
            .parse_notes
            .iter()
            .map(|n| JsonNote { file: &n.file, line: n.line, column: n.column, message: &n.message })
            .collect(),
        skipped: scan.skipped.iter().map(|s| JsonSkip { file: &s.file, reason: &s.reason }).collect(),
        warnings: scan.warnings.iter().map(|s| JsonSkip { file: &s.file, reason: &s.reason }).collect(),
    };
    let mut s = serde_json::to_string_pretty(&r).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

/// The report for people: uses grouped by file, then a summary. `verbose` lists skipped files.
pub(crate) fn text(scan: &Scan, verbose: bool) -> String {
    let mut o = String::new();
    let mut current: Option<&str> = None;
    for f in &scan.findings {
        if current != Some(f.file.as_str()) {
            if current.is_some() {
                o.push('\n');
            }
            let _ = writeln!(o, "{}", prose(&f.file));
            current = Some(&f.file);
        }
        let _ = writeln!(o, "  {}:{}  {}  {}", f.line, f.column, f.answer.verdict.label(), prose(&f.call));
        if let Some(m) = &f.answer.messaging {
            let _ = writeln!(o, "      → {}", prose(m));
        }
        let _ = writeln!(o, "      {}{}", where_(f), prose(&f.answer.advice));
    }
    if !scan.parse_notes.is_empty() {
        let _ = writeln!(o, "\nCode that did not parse (the uses around it were still scanned):");
        for n in &scan.parse_notes {
            let _ = writeln!(o, "  {}:{}:{}  {}", prose(&n.file), n.line, n.column, prose(&n.message));
        }
    }
    if verbose {
        for (title, list) in [("Skipped files:", &scan.skipped), ("Scanned with a remark:", &scan.warnings)] {
            if !list.is_empty() {
                let _ = writeln!(o, "\n{title}");
                for s in list {
                    let _ = writeln!(o, "  {}  {}", prose(&s.file), prose(&s.reason));
                }
            }
        }
    }
    if !scan.findings.is_empty() || !scan.parse_notes.is_empty() || (verbose && !scan.skipped.is_empty()) {
        o.push('\n');
    }
    o.push_str(&summary_line(scan));
    o.push('\n');
    o
}

fn where_(f: &Finding) -> &'static str {
    match f.context {
        Context::Code | Context::ScriptBlock | Context::Stylesheet => "",
        Context::EventAttribute => "(in an event attribute) ",
        Context::StringThatRuns => "(in a string that runs) ",
    }
}

/// One line: what was found and what was scanned.
pub(crate) fn summary_line(scan: &Scan) -> String {
    let s = summary(scan);
    let files: std::collections::BTreeSet<&str> = scan.findings.iter().map(|f| f.file.as_str()).collect();
    let mut line =
        format!("{} widget API use{} in {} file{}", s.uses, plural(s.uses), files.len(), plural(files.len()));
    if s.uses > 0 {
        let parts: Vec<String> = Verdict::ALL
            .iter()
            .filter_map(|v| s.by_verdict.get(v.as_str()).map(|n| format!("{n} {}", v.label())))
            .collect();
        let _ = write!(line, " ({})", parts.join(", "));
    }
    let _ = write!(
        line,
        "; {} file{} scanned ({:.1} MB)",
        s.files_scanned,
        plural(s.files_scanned as usize),
        s.bytes_scanned as f64 / 1e6
    );
    if s.files_skipped > 0 {
        let _ = write!(line, ", {} skipped (-v lists them)", s.files_skipped);
    }
    if !scan.warnings.is_empty() {
        let _ = write!(line, ", {} with invalid UTF-8", scan.warnings.len());
    }
    if !scan.parse_notes.is_empty() {
        let _ = write!(line, ", {} with code that did not parse", scan.parse_notes.len());
    }
    line
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// SARIF 2.1.0: one rule per verdict, one result per use, parse errors and skipped files
/// as tool notifications.
pub(crate) fn sarif(scan: &Scan) -> String {
    let rules: Vec<serde_json::Value> = Verdict::ALL
        .iter()
        .map(|v| {
            serde_json::json!({
                "id": v.as_str(),
                "shortDescription": {"text": v.description()},
                "helpUri": K22,
                "defaultConfiguration": {"level": level(*v)},
            })
        })
        .collect();
    let index = |v: Verdict| Verdict::ALL.iter().position(|x| *x == v).unwrap_or(0);
    let results: Vec<serde_json::Value> = scan
        .findings
        .iter()
        .map(|f| {
            let mut msg = format!("{}: {}", f.call, f.answer.advice);
            if let Some(m) = &f.answer.messaging {
                let _ = write!(msg, " Messaging: {m}");
            }
            serde_json::json!({
                "ruleId": f.answer.verdict.as_str(),
                "ruleIndex": index(f.answer.verdict),
                "level": level(f.answer.verdict),
                "message": {"text": msg},
                "locations": [location(&f.file, f.line, f.column)],
            })
        })
        .collect();
    let mut notes: Vec<serde_json::Value> = scan
        .parse_notes
        .iter()
        .map(|n| {
            serde_json::json!({
                "level": "warning",
                "message": {"text": format!("code that did not parse: {}", n.message)},
                "locations": [location(&n.file, n.line, n.column)],
            })
        })
        .collect();
    notes.extend(scan.skipped.iter().map(|s| {
        serde_json::json!({
            "level": "note",
            "message": {"text": format!("skipped: {}", s.reason)},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri(&s.file)}}}],
        })
    }));
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "migrate scan-site",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": K22,
                "rules": rules,
            }},
            "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": notes}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_else(|_| "{}".into());
    s.push('\n');
    s
}

fn level(v: Verdict) -> &'static str {
    if v.needs_change() { "warning" } else { "note" }
}

fn location(file: &str, line: usize, column: usize) -> serde_json::Value {
    serde_json::json!({"physicalLocation": {
        "artifactLocation": {"uri": uri(file)},
        "region": {"startLine": line, "startColumn": column},
    }})
}

/// A path as a relative URI reference: `/` separators, other reserved bytes percent-encoded.
fn uri(path: &str) -> String {
    let mut out = String::new();
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || b"-._~/".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}
