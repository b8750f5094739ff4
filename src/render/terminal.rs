//! The readable plan for a terminal: classification with its reasons, the settings by
//! family, the steps by phase, warnings, and a one-line summary at the end.

use std::fmt::Write as _;

use anstyle::{AnsiColor, Style};

use super::{
    Emphasis, HistoryValue, due_label, history_facts, human, item_label, item_notes, prose, prose_lines, ref_links,
    strip_refs,
};
use crate::plan::{Known, Outcome, Phase, Plan};

pub fn render(plan: &Plan, color: bool) -> String {
    let bold = if color { Style::new().bold() } else { Style::new() };
    let dim = if color { Style::new().dimmed() } else { Style::new() };
    let red = if color { Style::new().fg_color(Some(AnsiColor::Red.into())).bold() } else { Style::new() };
    let yellow = if color { Style::new().fg_color(Some(AnsiColor::Yellow.into())) } else { Style::new() };
    let green = if color { Style::new().fg_color(Some(AnsiColor::Green.into())) } else { Style::new() };
    let b = |s: &str| format!("{bold}{s}{bold:#}");

    let mut o = String::new();
    let a = &plan.account;
    let c = &plan.classification;
    let _ = writeln!(o, "{} — {}", b(&prose(&a.subdomain)), b(c.segment.label()));
    let _ = writeln!(
        o,
        "{dim}exported {}{} · {} migration{dim:#}",
        a.exported_at,
        a.exported_by.as_deref().map(|e| format!(" by {}", prose(e))).unwrap_or_default(),
        match a.activation {
            crate::plan::ActivationPath::Assisted => "assisted",
            crate::plan::ActivationPath::SelfServe => "self-serve",
        }
    );

    let _ = writeln!(o, "\n{}", b("Classification"));
    for r in &c.reasons {
        let _ = writeln!(o, "  • {}", human(&r.text));
    }
    let e = &c.evidence;
    let _ = writeln!(
        o,
        "  {dim}evidence: window {} → {} · activity {} · brands {} · {}{}{dim:#}",
        e.window.start.0.strftime("%Y-%m-%d"),
        e.window.end.0.strftime("%Y-%m-%d"),
        match e.activity.active {
            Known::Yes => "active",
            Known::No => "inactive",
            Known::Unknown => "unknown",
        },
        e.brands.active.map_or_else(|| "unknown".to_owned(), |n| n.to_string()),
        super::features_sentence(&e.features),
        e.traffic.tickets_per_day.map(|t| format!(" · ~{t} tickets a day")).unwrap_or_default(),
    );

    if let Some(h) = &a.history {
        history_section(&mut o, h, color, plan.classification.segment != crate::plan::Segment::Inactive);
    }

    if let Some(t) = &a.timeline {
        let _ = writeln!(o, "\n{}", b("Timeline"));
        let _ = writeln!(o, "  {}", human(&t.note));
    }

    if !a.undecided.is_empty() {
        let _ = writeln!(o, "\n{}", b("Undecided (not exported)"));
        for u in &a.undecided {
            let _ = writeln!(
                o,
                "  • {}: {} {dim}(needs {}){dim:#}",
                prose(&u.fact.replace('_', " ")),
                human(&u.effect),
                prose(&u.files.join(", "))
            );
        }
    }

    let counts: Vec<String> = Outcome::ALL
        .iter()
        .map(|oc| (oc, plan.count(*oc)))
        .filter(|(_, n)| *n > 0)
        .map(|(oc, n)| format!("{n} {}", oc.label()))
        .collect();
    let _ = writeln!(o, "\n{}", b(&format!("Settings ({}: {})", plan.items.len(), counts.join(", "))));
    let mut section = None;
    for it in &plan.items {
        if section != Some(it.section) {
            section = Some(it.section);
            let _ = writeln!(o, "  {}", b(it.section.label()));
        }
        let style = match it.outcome {
            Outcome::MigratedByZendesk | Outcome::Translated => green,
            Outcome::Manual => yellow,
            Outcome::NotMigratable => red,
        };
        let _ = writeln!(o, "    {style}{:<19}{style:#} {}", it.outcome.label(), prose(&item_label(it)));
        let _ = writeln!(o, "    {:<19} → {}", "", human(&it.target));
        let _ = writeln!(o, "    {:<19} {}", "", human(&it.reason));
        for n in item_notes(it) {
            let _ = writeln!(o, "    {:<19} {dim}note:{dim:#} {n}", "");
        }
    }

    let _ = writeln!(o, "\n{}", b(&format!("Steps ({}, {} blocking)", plan.steps.len(), plan.blocking_steps())));
    let mut n = 0;
    for phase in Phase::ALL {
        let steps: Vec<_> = plan.steps.iter().filter(|s| s.phase == phase).collect();
        if steps.is_empty() {
            continue;
        }
        let _ = writeln!(o, "  {}", b(phase.label()));
        for s in steps {
            n += 1;
            let blocking = if s.blocking { format!(" {red}[blocking]{red:#}") } else { String::new() };
            let due = due_label(s).map(|d| format!(" ({})", prose(&d))).unwrap_or_default();
            let _ =
                writeln!(o, "  {n:>3}. {}{blocking}{due} {dim}({}){dim:#}", b(&prose(&s.title)), prose(s.id.as_str()));
            let what_text = strip_refs(&prose_lines(&s.what)).into_owned();
            let mut what = what_text.lines();
            let _ = writeln!(o, "       what:   {}", what.next().unwrap_or_default());
            for l in what {
                let _ = writeln!(o, "               {l}");
            }
            if !s.why.is_empty() {
                let _ = writeln!(o, "       why:    {}", human(&s.why));
            }
            let _ = writeln!(o, "       where:  {}", human(&s.where_));
            let _ = writeln!(o, "       verify: {}", human(&s.verify));
            let links = ref_links(&s.refs);
            if !links.is_empty() {
                let _ = writeln!(o, "       {dim}see:    {links}{dim:#}");
            }
        }
    }

    if !plan.warnings.is_empty() {
        let _ = writeln!(o, "\n{}", b(&format!("Warnings ({})", plan.warnings.len())));
        for w in &plan.warnings {
            let _ = writeln!(
                o,
                "  {yellow}!{yellow:#} {}{}",
                if w.blocking { format!("{red}[blocking]{red:#} ") } else { String::new() },
                human(&w.message),
            );
        }
    }
    let _ = writeln!(o, "\n{}", prose(&plan.summary_sentence()));
    o
}

/// The chat history: counts, activity, traffic with its heatmap, the launch window and
/// capacity (D-4, D-10, D-18).
fn history_section(o: &mut String, h: &crate::plan::history::HistorySummary, color: bool, launches: bool) {
    let bold = if color { Style::new().bold() } else { Style::new() };
    let dim = if color { Style::new().dimmed() } else { Style::new() };
    let yellow = if color { Style::new().fg_color(Some(AnsiColor::Yellow.into())) } else { Style::new() };
    let red = if color { Style::new().fg_color(Some(AnsiColor::Red.into())).bold() } else { Style::new() };

    let _ = writeln!(o, "\n{bold}Chat history{bold:#}");
    // The capacity figures share one line.
    let mut capacity: Vec<String> = Vec::new();
    let flush = |o: &mut String, capacity: &mut Vec<String>| {
        if !capacity.is_empty() {
            let _ = writeln!(o, "  capacity: {}", capacity.join(" · "));
            capacity.clear();
        }
    };
    for f in history_facts(h, launches) {
        let label = f.label.to_lowercase();
        if !matches!(f.value, HistoryValue::Capacity { .. }) {
            flush(o, &mut capacity);
        }
        match f.value {
            HistoryValue::Counts { chats, lines, notes } => {
                let notes: String = notes.iter().map(|n| format!(" · {n}")).collect();
                let _ = writeln!(o, "  {chats} from {lines}{notes}");
            }
            HistoryValue::Sentence(s) => {
                let _ = writeln!(o, "  {label}: {}", prose(&s));
            }
            HistoryValue::Traffic { first_day, last_day, days, median, peak_day, peak_chats } => {
                let _ = writeln!(
                    o,
                    "  {label}: {} → {} ({days} days) · median {median} chats a day · busiest day {} ({peak_chats})",
                    prose(&first_day),
                    prose(&last_day),
                    prose(&peak_day),
                );
            }
            HistoryValue::Heatmap { zone, zone_source, busiest, grid } => {
                let _ = writeln!(o, "  {label}, {} ({zone_source}), busiest hour {busiest}:", prose(&zone));
                for line in grid {
                    let _ = writeln!(o, "    {}", prose(&line));
                }
                let _ = writeln!(o, "    {dim}{}{dim:#}", crate::plan::history::Heatmap::LEGEND);
            }
            HistoryValue::Capacity { figure, value, limit, percent } => {
                let style = match f.emphasis {
                    Emphasis::Plain => Style::new(),
                    Emphasis::Near => yellow,
                    Emphasis::Over => red,
                };
                capacity.push(format!("{style}{figure} {value} ({percent}% of {limit}){style:#}"));
            }
            HistoryValue::Note(s) => {
                let _ = writeln!(o, "    {dim}{}{dim:#}", prose(&s));
            }
        }
    }
    flush(o, &mut capacity);
}
