//! Everything a plan is printed as. Renderers take the plan and a few presentation
//! choices (colour); they never decide anything and never touch the terminal or files.

pub mod json;
pub mod markdown;
pub mod terminal;

use std::borrow::Cow;

use crate::refs::Ref;

/// The links of the articles behind some references, each once: `https://… https://…`.
pub fn ref_links(refs: &[Ref]) -> String {
    crate::refs::articles(refs).into_iter().map(|(_, url)| url).collect::<Vec<_>>().join(" ")
}

/// What the settings of an inactive account's plan are (issue 18 #22: D-4 promises no copy).
pub(crate) const INACTIVE_SETTINGS: &str =
    "Nothing here is needed now: it is what each setting becomes if the account later launches messaging.";

/// Plan prose for a person (text and markdown): the JSON keeps the source ids, section
/// numbers and evidence tags; a guide links the articles instead (issue 10, item 8). So
/// `(K3, K16)` and `(mapping §16)` go, `(D-18: up to 1,300 agents)` keeps its words, and
/// `[I]` says what it means.
pub fn strip_refs(s: &str) -> Cow<'_, str> {
    if !s.contains(['(', '[', '§', 'K', 'D', 'Z']) {
        return Cow::Borrowed(s);
    }
    let s = s.replace(" [I]", " (inferred: Zendesk does not document this)").replace("[I]", "(inferred)");
    let mut out = String::with_capacity(s.len());
    let mut rest = s.as_str();
    while let Some(open) = rest.find('(') {
        let (before, after) = rest.split_at(open);
        let Some(close) = after.find(')').filter(|c| !after[1..*c].contains('(')) else {
            out.push_str(before);
            out.push('(');
            rest = &after[1..];
            continue;
        };
        let inner = &after[1..close];
        let sep = if inner.contains("; ") { "; " } else { ", " };
        let parts: Vec<&str> = inner.split(sep).map(str::trim).collect();
        let touched = parts.iter().any(|p| is_ref(p) || ref_prefix(p).is_some() || p.starts_with("mapping §"));
        if touched {
            let kept: Vec<&str> = parts
                .iter()
                .filter(|p| !is_ref(p) && !p.starts_with("mapping §"))
                .map(|p| ref_prefix(p).unwrap_or(p))
                .filter(|p| !p.is_empty())
                .collect();
            if kept.is_empty() {
                out.push_str(before.trim_end_matches(' '));
            } else {
                out.push_str(before);
                out.push('(');
                out.push_str(&kept.join(sep));
                out.push(')');
            }
        } else {
            out.push_str(before);
            out.push_str(&after[..=close]);
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    Cow::Owned(bare_ids(&strip_paths(&out)))
}

/// ` at [21].definition.condition[1]` (where in `chat/triggers.json`) is the JSON's detail.
fn strip_paths(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(" at [") {
        let tail = &rest[i + 5..];
        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 || !tail[digits..].starts_with("].") {
            out.push_str(&rest[..i + 5]);
            rest = tail;
            continue;
        }
        out.push_str(&rest[..i]);
        let end = tail.find([':', ';', ',', ' ']).unwrap_or(tail.len());
        rest = &tail[end..];
    }
    out.push_str(rest);
    out
}

/// A source id left in a sentence (`K4 lists it`) becomes words.
fn bare_ids(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let b = s.as_bytes();
    let mut i = 0;
    while i < s.len() {
        let before_ok = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'-' || b[i - 1] == b'_');
        let start = match (b[i], b.get(i + 1)) {
            (b'K', _) => Some(i + 1),
            (b'D', Some(b'-')) => Some(i + 2),
            _ => None,
        };
        if let (true, Some(d)) = (before_ok, start) {
            let n = b[d..].iter().take_while(|c| c.is_ascii_digit()).count();
            let after_ok = b.get(d + n).is_none_or(|c| !(c.is_ascii_alphanumeric() || *c == b'_'));
            if n > 0 && after_ok {
                out.push_str("Zendesk's article");
                i = d + n;
                continue;
            }
        }
        let ch = s[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    out
}

/// `D-12`, `K7`, `K7 step 3`.
fn is_ref(p: &str) -> bool {
    let p = p.strip_suffix(" step 3").unwrap_or(p);
    let digits = p.strip_prefix("D-").or_else(|| p.strip_prefix("Z-")).or_else(|| p.strip_prefix('K'));
    digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `D-18: up to 1,300 agents` → `up to 1,300 agents`.
fn ref_prefix(p: &str) -> Option<&str> {
    let (head, tail) = p.split_once(": ")?;
    is_ref(head).then_some(tail)
}

/// A plan item named as an admin knows it ("Trigger "First Reply"", "Pre-chat form"),
/// not by its file and key (`chat/triggers.json#"First Reply"`); the JSON keeps the source.
pub fn item_label(item: &crate::plan::Item) -> String {
    let (file, key) = item.source.split_once('#').unwrap_or((item.source.as_str(), ""));
    let name = key.trim_matches('"');
    let fixed = match (file, key) {
        (_, "pre_chat_form") => Some("Pre-chat form"),
        (_, "offline_form") => Some("Offline form"),
        (_, "visitor_authentication") => Some("Visitor authentication"),
        (_, "appearance") => Some("Web Widget appearance"),
        ("chat/operating_hours.json", "") => Some("Operating hours"),
        ("chat/operating_hours.json", "account_schedule") => Some("Operating hours (account schedule)"),
        ("chat/operating_hours.json", "department_schedule") => Some("Operating hours (department schedules)"),
        ("chat/routing_settings.json", "") => Some("Routing settings"),
        _ => None,
    };
    if let Some(f) = fixed {
        return f.to_owned();
    }
    let kind = match file {
        "chat/triggers.json" => "Trigger",
        "chat/shortcuts.json" => "Shortcut",
        "chat/departments.json" => "Department",
        "chat/roles.json" => "Role",
        "chat/skills.json" => "Skill",
        "chat/goals.json" => "Goal",
        "chat/bans.json" => "Bans",
        "chat/widget.json" if key.starts_with("js_api_calls") => "Widget API call",
        _ => item.section.label(),
    };
    if name.is_empty() {
        kind.to_owned()
    } else if key.starts_with('"') {
        format!("{kind} \"{name}\"")
    } else if let Some(i) = key.strip_prefix("js_api_calls[").and_then(|r| r.strip_suffix(']')) {
        i.parse::<usize>().map_or_else(|_| kind.to_owned(), |n| format!("{kind} {}", n + 1))
    } else {
        format!("{kind}: {}", name.replace('_', " "))
    }
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

/// Plan prose for one line of a guide: safe ([`inline`]) and free of source ids ([`prose`]).
pub fn human(s: &str) -> String {
    strip_refs(&prose(s)).into_owned()
}

/// The detail lines of a plan item for a guide: for a trigger, each change without its
/// JSON path (the JSON keeps it); otherwise the notes.
pub fn item_notes(item: &crate::plan::Item) -> Vec<String> {
    match &item.payload {
        Some(crate::plan::Payload::Trigger(p)) => {
            let mut notes = change_notes(&p.changes);
            if let Some(c) = &p.companion {
                notes.extend(change_notes(&c.changes));
            }
            notes
        }
        _ => item.notes.iter().map(|n| human(n)).collect(),
    }
}

/// The changes of a trigger a guide shows, one line each, without JSON paths.
pub fn change_notes(changes: &[crate::plan::payload::trigger::Change]) -> Vec<String> {
    changes
        .iter()
        .filter(|c| c.kind.shown())
        .map(|c| {
            let to = c.messaging.as_deref().map(|m| format!(" → {m}")).unwrap_or_default();
            human(&format!("{}: {}{to}: {}", c.kind.as_str(), c.chat, c.reason))
        })
        .collect()
}

/// The four D-5 features in words, with who gave each fact (issue 14): "operating hours
/// used, pre-chat form not used, … (all answered by the admin)"; the origin is said once when
/// all four share it.
pub fn features_sentence(features: &crate::plan::Features) -> String {
    let all = features.all();
    let state = |f: &crate::plan::Feature| match f.state {
        crate::plan::FeatureState::Used => "used",
        crate::plan::FeatureState::NotUsed => "not used",
        crate::plan::FeatureState::Unknown => "unknown",
    };
    let first = all[0].1.origin;
    if all.iter().all(|(_, f)| f.origin == first && f.state == crate::plan::FeatureState::NotUsed) {
        return match first {
            Some(o) => format!("none used (all {})", o.label()),
            None => "none used".to_owned(),
        };
    }
    if all.iter().all(|(_, f)| f.origin == first) {
        let list = all.iter().map(|(name, f)| format!("{name} {}", state(f))).collect::<Vec<_>>().join(", ");
        return match first {
            Some(o) => format!("{list} (all {})", o.label()),
            None => list,
        };
    }
    all.iter()
        .map(|(name, f)| match f.origin {
            Some(o) => format!("{name} {} ({})", state(f), o.label()),
            None => format!("{name} {}", state(f)),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// How a fact of the chat history is stressed: capacity near or over its limit (D-18).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emphasis {
    Plain,
    Near,
    Over,
}

/// One fact of the chat-history section, as both guides (text and markdown) state it: the
/// figures are formatted here once (thousands, plurals), the guides only lay them out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HistoryFact {
    /// The admin's name for the fact ("Activity", "Capacity").
    pub label: &'static str,
    /// The facts it rests on (D-4, D-10, D-18): for the reader of this code; guides speak
    /// an admin's language and print none.
    pub refs: &'static [&'static str],
    pub value: HistoryValue,
    pub emphasis: Emphasis,
}

/// The value of a [`HistoryFact`], its figures already in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HistoryValue {
    /// What was read: "3 chats", "3 lines", and what else the history holds ("1 deleted").
    Counts { chats: String, lines: String, notes: Vec<String> },
    /// One sentence, said the same way by both guides.
    Sentence(String),
    /// The days the history covers and its busiest day.
    Traffic { first_day: String, last_day: String, days: String, median: String, peak_day: String, peak_chats: String },
    /// Chats by hour of the week: the zone, where it came from, the busiest hour, the grid.
    Heatmap { zone: String, zone_source: &'static str, busiest: String, grid: Vec<String> },
    /// One capacity figure against its limit.
    Capacity { figure: &'static str, value: String, limit: String, percent: String },
    /// An aside on the facts before it (the limits the capacity figures are checked against).
    Note(String),
}

/// The facts of the chat-history section, in order: counts, activity (D-4), traffic (D-5),
/// the heatmap and the off-peak launch window (D-10, offered only when the account has a
/// launch to plan: `launches`), each capacity check and the limits' note (D-18).
pub fn history_facts(h: &crate::plan::history::HistorySummary, launches: bool) -> Vec<HistoryFact> {
    use crate::plan::history::{CapacityFigure, CapacityStatus};
    use crate::text::{plural, thousands};
    let fact = |label, refs, value| HistoryFact { label, refs, value, emphasis: Emphasis::Plain };
    let mut notes: Vec<String> = [
        (h.repeated, "repeated because updated later"),
        (h.deleted, "deleted"),
        (h.offline_messages, if h.offline_messages == 1 { "offline message" } else { "offline messages" }),
        (h.undated, "without a start time"),
        (h.bad_lines, "bad lines skipped"),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(n, what)| format!("{} {what}", thousands(n)))
    .collect();
    if h.partial {
        notes.push("the export stopped part way".to_owned());
    }
    let mut facts = vec![
        fact(
            "Chats",
            &[],
            HistoryValue::Counts { chats: plural(h.chats, "chat"), lines: plural(h.lines, "line"), notes },
        ),
        fact(
            "Activity",
            &["D-4"],
            HistoryValue::Sentence(format!(
                "{} started in the 30 days before the export, {} with a ticket",
                plural(h.chats_in_window, "chat"),
                thousands(h.chat_tickets_in_window)
            )),
        ),
    ];
    if let Some(t) = &h.traffic {
        facts.push(fact(
            "Traffic",
            &["D-5"],
            HistoryValue::Traffic {
                first_day: t.first_day.clone(),
                last_day: t.last_day.clone(),
                days: thousands(t.days),
                median: thousands(t.median_per_day),
                peak_day: t.peak_day.clone(),
                peak_chats: thousands(t.peak_day_chats),
            },
        ));
        facts.push(fact(
            "Chats by hour of the week",
            &["D-10"],
            HistoryValue::Heatmap {
                zone: h.time_zone.name.clone(),
                zone_source: h.time_zone.source.label(),
                busiest: plural(t.heatmap.max(), "chat"),
                grid: t.heatmap.grid(),
            },
        ));
    }
    // An inactive account has no launch to plan (D-4); D-10 is for the active segments.
    if let Some(w) = h.launch_window.as_ref().filter(|_| launches) {
        facts.push(fact("Off-peak launch window", &["D-10"], HistoryValue::Sentence(w.text.clone())));
    }
    for check in &h.capacity.checks {
        let emphasis = match check.status {
            CapacityStatus::Ok => Emphasis::Plain,
            CapacityStatus::Near => Emphasis::Near,
            CapacityStatus::Over => Emphasis::Over,
        };
        // Enabled agents are not the figure the limit counts (second review #4): said as
        // the check's sentence, with no percentage of the limit.
        let value = if check.figure == CapacityFigure::Agents {
            HistoryValue::Sentence(check.sentence())
        } else {
            HistoryValue::Capacity {
                figure: check.figure.label(),
                value: thousands(check.value),
                limit: thousands(check.limit),
                percent: check.percent.to_string(),
            }
        };
        facts.push(HistoryFact { label: "Capacity", refs: &["D-18"], value, emphasis });
    }
    if !h.capacity.checks.is_empty() {
        facts.push(fact("Capacity limits", &["D-18"], HistoryValue::Note(h.capacity.limits.note.clone())));
    }
    facts
}

// Plan text for the text output: one line (`inline`), or lines where the text is ours
// (`lines`); Markdown uses `md_inline`/`md_code`. One sanitiser for every medium (issue 11):
// crate::text::display.
pub use crate::text::display::{md_code, md_inline, prose, prose_lines};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_keeps_words_and_drops_source_ids() {
        assert_eq!(strip_refs("Keep one (K3, K16)."), "Keep one.");
        assert_eq!(strip_refs("up to 1,300 (D-18: agents serving)"), "up to 1,300 (agents serving)");
        assert_eq!(
            strip_refs("the check (D-18: up to 1,300 agents) did not run"),
            "the check (up to 1,300 agents) did not run"
        );
        assert_eq!(strip_refs("a Support trigger (K3, mapping §16)"), "a Support trigger");
        assert_eq!(strip_refs("once per ticket [I]"), "once per ticket (inferred: Zendesk does not document this)");
        assert_eq!(strip_refs("left (as is) and (K7 step 3)"), "left (as is) and");
        assert_eq!(strip_refs("no parens"), "no parens");
        assert_eq!(strip_refs("x at [21].definition.condition[1]: no"), "x: no");
        assert_eq!(strip_refs("not in the list (K4 lists it)"), "not in the list (Zendesk's article lists it)");
        assert_eq!(strip_refs("T-K9 and K9x stay"), "T-K9 and K9x stay");
    }
}
