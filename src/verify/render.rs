//! The verify report for a person: text for a terminal, Markdown to paste next to the
//! guide. Both name each check by what it is in the plan's words (the item's target, the
//! step's title), never by file keys; every name read from the live account goes through
//! the one door of its medium (`text::display`). The JSON is `serde_json` of
//! [`super::Report`].

use std::fmt::Write as _;

use super::report::{Check, CheckKind, Report, Status};
use crate::text::display::{md_inline, terminal_line};

fn label(c: &Check) -> String {
    match (c.status, c.unknown) {
        (Status::Pass, _) => "pass".to_owned(),
        (Status::Fail, _) => "FAIL".to_owned(),
        (Status::Unknown, Some(k)) => format!("unknown: {}", k.label()),
        (Status::Unknown, None) => "unknown".to_owned(),
    }
}

/// The text report: the checks of items, then of steps, then the summary line.
pub fn text(r: &Report) -> String {
    let mut s = String::new();
    for (kind, heading) in [(CheckKind::Item, "Settings"), (CheckKind::Step, "Steps")] {
        let checks: Vec<&Check> = r.checks.iter().filter(|c| c.kind == kind).collect();
        if checks.is_empty() {
            continue;
        }
        let _ = writeln!(s, "{heading}");
        for c in checks {
            let _ = writeln!(s, "  {:<26}{}", label(c), terminal_line(&c.title));
            let _ = writeln!(s, "  {:<26}{}", "", terminal_line(&c.reason));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{}", terminal_line(&r.summary.line()));
    s
}

/// The Markdown report: one table per kind, then the summary line.
pub fn markdown(r: &Report) -> String {
    let mut s = format!("## Verification of {}\n\n", md_inline(&r.summary.account));
    for (kind, heading) in [(CheckKind::Item, "Settings"), (CheckKind::Step, "Steps")] {
        let checks: Vec<&Check> = r.checks.iter().filter(|c| c.kind == kind).collect();
        if checks.is_empty() {
            continue;
        }
        let _ = writeln!(s, "### {heading}\n\n| Result | What | Found |\n|---|---|---|");
        for c in checks {
            let result = match c.status {
                Status::Fail => format!("**{}**", label(c)),
                _ => label(c),
            };
            let _ = writeln!(s, "| {result} | {} | {} |", md_inline(&c.title), md_inline(&c.reason));
        }
        s.push('\n');
    }
    let _ = writeln!(s, "{}", md_inline(&r.summary.line()));
    s
}

/// The JSON report (deterministic: the checks in the plan's order, keys in a fixed order).
pub fn json(r: &Report) -> String {
    let mut s = serde_json::to_string_pretty(r).unwrap_or_default();
    s.push('\n');
    s
}
