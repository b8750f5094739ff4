//! `setup-guide.md`: the steps as a checklist an admin works through, ordered by phase,
//! each with what, why, where, how to verify and its sources; then the settings table.

use std::fmt::Write as _;

use super::{
    Emphasis, HistoryFact, HistoryValue, item_label, item_notes, md_code, md_inline, prose, prose_lines, strip_refs,
};
use crate::plan::{Outcome, Phase, Plan};
use crate::refs::Ref;

/// The articles behind the references, each linked once by its name (never a bare id).
fn links(refs: &[Ref]) -> String {
    crate::refs::articles(refs)
        .into_iter()
        .map(|(name, url)| format!("[{}]({url})", name.replace(['[', ']'], "")))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plan text for Markdown prose: free of source ids ([`prose`]), on one line in which
/// nothing is Markdown syntax (a name such as `[x](https://…)`, `<img src=…>` or
/// `- [x] Done` is shown as written, not rendered): [`md_inline`], the one sanitiser for
/// Markdown (issue 11).
fn text(s: &str) -> String {
    md_inline(&strip_refs(s)).into_owned()
}

/// Plan text for a table cell: [`text`] (which escapes pipes too).
fn cell(s: &str) -> String {
    text(s)
}

pub fn render(plan: &Plan) -> String {
    let mut o = String::new();
    let a = &plan.account;
    let c = &plan.classification;
    let _ = writeln!(o, "# Messaging setup guide: {}\n", text(&a.subdomain));
    let _ = writeln!(
        o,
        "**Segment:** {} · **exported:** {} · **migration:** {}\n",
        c.segment.label(),
        a.exported_at,
        match a.activation {
            crate::plan::ActivationPath::Assisted => "assisted",
            crate::plan::ActivationPath::SelfServe => "self-serve",
        }
    );
    let _ = writeln!(o, "> {}\n", text(&plan.summary_sentence()));

    let _ = writeln!(o, "## Why this segment\n");
    for r in &c.reasons {
        let _ = writeln!(o, "- {}", text(&r.text));
    }
    // The four facts that split active accounts (D-5), and who gave each (issue 14).
    if c.segment != crate::plan::Segment::Inactive {
        let _ = writeln!(o, "- The four deciding facts: {}.", super::features_sentence(&c.evidence.features));
    }
    let _ = writeln!(o);

    if let Some(t) = &a.timeline {
        let _ = writeln!(o, "## Timeline\n");
        let _ = writeln!(o, "{}\n", text(&t.note));
    }

    if !a.undecided.is_empty() {
        let _ = writeln!(o, "## Not decided: missing from the export\n");
        for u in &a.undecided {
            // "chat/bans.json was not exported: …" names the file the line ends with.
            let effect = u.files.iter().fold(u.effect.as_str(), |e, f| {
                e.strip_prefix(f.as_str())
                    .and_then(|r| r.strip_prefix(" was not exported: ").or_else(|| r.strip_prefix(" not exported: ")))
                    .unwrap_or(e)
            });
            let _ = writeln!(
                o,
                "- **{}** (add `{}`): {}",
                text(&u.fact.replace('_', " ")),
                u.files.iter().map(|f| md_code(f)).collect::<Vec<_>>().join("`, `"),
                text(effect)
            );
        }
        let _ = writeln!(o);
    }

    if let Some(h) = &a.history {
        history_section(&mut o, h, plan.classification.segment != crate::plan::Segment::Inactive);
    }

    let warning = |o: &mut String, w: &crate::plan::Warning| {
        let _ = writeln!(o, "- {}", text(&w.message));
    };
    // Blocking warnings come before the checklist: activation should not go ahead while
    // one is open (D-13).
    if plan.warnings.iter().any(|w| w.blocking) {
        let _ = writeln!(o, "## Blocking: resolve before activation\n");
        for w in plan.warnings.iter().filter(|w| w.blocking) {
            warning(&mut o, w);
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## Checklist\n");
    if plan.steps.is_empty() {
        let _ = writeln!(o, "Nothing to do.\n");
    }
    for phase in Phase::ALL {
        let steps: Vec<_> = plan.steps.iter().filter(|s| s.phase == phase).collect();
        if steps.is_empty() {
            continue;
        }
        let _ = writeln!(o, "### {}\n", phase.label());
        for s in steps {
            let blocking = if s.blocking { " **(blocking)**" } else { "" };
            let due = super::due_label(s).map(|d| format!(" — {}", text(&d))).unwrap_or_default();
            let _ = writeln!(o, "- [ ] **{}**{blocking}{due} `{}`", text(&s.title), md_code(s.id.as_str()));
            // `what` is ours line by line (each account-specific line starts `- `, and
            // steps::build makes each one line); each line's text is escaped.
            let what_text = strip_refs(&prose_lines(&s.what)).into_owned();
            let mut what = what_text.lines().map(|l| match l.strip_prefix("- ") {
                Some(rest) => format!("- {}", md_inline(rest)),
                None => md_inline(l).into_owned(),
            });
            let _ = writeln!(o, "  - **What:** {}", what.next().unwrap_or_default());
            for l in what {
                let _ = writeln!(o, "    {l}");
            }
            if !s.why.is_empty() {
                let _ = writeln!(o, "  - **Why:** {}", text(&s.why));
            }
            let _ = writeln!(o, "  - **Where:** {}", text(&s.where_));
            let _ = writeln!(o, "  - **Verify:** {}", text(&s.verify));
            let sources = links(&s.refs);
            if !sources.is_empty() {
                let _ = writeln!(o, "  - **Sources:** {sources}");
            }
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## Settings\n");
    let _ = writeln!(o, "| Chat setting | Messaging | Outcome | Why |");
    let _ = writeln!(o, "|---|---|---|---|");
    for it in &plan.items {
        // Cells stay short: a trigger's detail lives in the Triggers section.
        let why = if it.section == crate::plan::Section::Triggers {
            "See Triggers below.".to_owned()
        } else {
            let mut why = it.reason.clone();
            for n in item_notes(it) {
                why.push(' ');
                why.push_str(&n);
            }
            why
        };
        let outcome = match it.outcome {
            Outcome::NotMigratable => format!("**{}**", it.outcome.label()),
            o => o.label().to_owned(),
        };
        let _ = writeln!(o, "| {} | {} | {} | {} |", cell(&item_label(it)), cell(&it.target), outcome, cell(&why));
    }
    let _ = writeln!(o);
    o.push_str(&triggers_section(plan));

    if plan.warnings.iter().any(|w| !w.blocking) {
        let _ = writeln!(o, "## Warnings\n");
        for w in plan.warnings.iter().filter(|w| !w.blocking) {
            warning(&mut o, w);
        }
        let _ = writeln!(o);
    }
    o
}

/// "Triggers": each convertible Chat trigger beside its messaging translation, row by row
/// as the Admin Center editor shows it, then its exact changes; then the ones that are not
/// migrated and why (K3, K5, K15).
fn triggers_section(plan: &Plan) -> String {
    use crate::plan::Payload;
    use crate::plan::payload::trigger::{Condition, Translated, TriggerOutcome};

    fn value(v: &serde_json::Value) -> String {
        v.as_str().map_or_else(|| v.to_string(), str::to_owned)
    }
    fn conditions(list: &[Condition], depth: usize, out: &mut Vec<String>) {
        let pad = "&nbsp;&nbsp;".repeat(depth);
        for c in list {
            match c {
                Condition::Leaf(l) => {
                    let object = l.object.as_deref().map(|o| format!("{}: ", cell(o))).unwrap_or_default();
                    out.push(format!(
                        "{pad}{object}{} · {} · {}",
                        cell(&l.condition),
                        cell(&l.operator),
                        cell(&value(&l.value))
                    ));
                }
                Condition::Group(g) => {
                    out.push(format!("{pad}**{}** ({}):", cell(g.match_.label()), cell(&g.note)));
                    conditions(&g.conditions, depth + 1, out);
                }
            }
        }
    }
    /// Lines already escaped (by [`conditions`]) in one table cell.
    fn join_cells(lines: &[String]) -> String {
        if lines.is_empty() { "—".to_owned() } else { lines.join("<br>") }
    }
    /// Plain lines in one table cell, each escaped.
    fn join(lines: &[String]) -> String {
        // Leading spaces (nesting) would collapse in a table cell.
        let line = |l: &String| {
            let body = l.trim_start_matches(' ');
            format!("{}{}", "&nbsp;".repeat(l.len() - body.len()), cell(body))
        };
        join_cells(&lines.iter().map(line).collect::<Vec<_>>())
    }

    let triggers: Vec<_> = plan
        .items
        .iter()
        .filter_map(|it| match &it.payload {
            Some(Payload::Trigger(p)) => Some((it, p.as_ref())),
            _ => None,
        })
        .collect();
    if triggers.is_empty() {
        return String::new();
    }
    let mut o = String::new();
    let _ = writeln!(o, "## Triggers\n");
    let assisted = plan.account.activation == crate::plan::ActivationPath::Assisted;
    let _ = writeln!(
        o,
        "Each Chat trigger beside its messaging counterpart, as the Admin Center editor shows it. {}\n",
        if assisted {
            "The migration creates them (the step above says what to review)."
        } else {
            "After a self-serve activation Chat triggers stay Chat triggers: set a messaging trigger's Chat copy to the Channel Chat and messaging, or create it by hand like the others (no public API creates messaging triggers)."
        }
    );
    let mut not_migrated = Vec::new();
    for (it, p) in &triggers {
        let Some(t) = &p.translated else {
            not_migrated.push((it, p));
            continue;
        };
        let chat = &p.chat;
        let summary = chat.summary.clone().unwrap_or_default();
        let _ = writeln!(o, "### {} — {}\n", text(&chat.name), text(&it.target));
        let chat_state = if chat.enabled { "enabled" } else { "disabled" };
        // The translation, then its companion (trigger review #1, #11): the messaging trigger
        // or proactive message that keeps what the Support trigger cannot.
        let companion = p.companion.as_ref().map(|c| &c.translated);
        for (n, t) in std::iter::once(t).chain(companion).enumerate() {
            let mut rows: Vec<(&str, String, String)> = Vec::new();
            // The companion's Chat side is the same trigger: not repeated.
            let (chat_conditions, chat_actions) = if n == 0 {
                (join(&summary.conditions), join(&summary.actions))
            } else {
                ("as above".to_owned(), "as above".to_owned())
            };
            let label = match t {
                Translated::MessagingTrigger(_) => "messaging trigger",
                Translated::SupportTrigger(_) => "Support trigger",
                Translated::ProactiveMessage(_) => "proactive message",
            };
            if n > 0 {
                let _ = writeln!(o, "Beside it, create this {label}: it keeps what a ticket trigger cannot.\n");
            }
            match t {
                Translated::MessagingTrigger(m) => {
                    let mut conds = vec![cell(m.match_.label())];
                    conditions(&m.conditions, 0, &mut conds);
                    let actions: Vec<String> = m
                        .actions
                        .iter()
                        .map(|a| {
                            let mut s = a.action.clone();
                            if let Some(d) = &a.display_name {
                                s.push_str(&format!(" · {d}"));
                            }
                            if let Some(v) = &a.value {
                                s.push_str(&format!(" · {}", value(v)));
                            }
                            if let Some(q) = &a.quick_replies {
                                s.push_str(&format!(" · quick replies: {q}"));
                            }
                            s
                        })
                        .collect();
                    rows.push(("Where", "Chat > Settings > Triggers".into(), cell(&m.where_)));
                    rows.push((
                        "Status",
                        chat_state.into(),
                        if m.active { "active".into() } else { "inactive".into() },
                    ));
                    rows.push(("Channels", "—".into(), cell(&m.channels.join(", "))));
                    rows.push(("Run trigger", cell(&summary.run_trigger), cell(&m.run_trigger)));
                    rows.push(("Conditions", chat_conditions, join_cells(&conds)));
                    rows.push(("Actions", chat_actions, join(&actions)));
                    rows.push((
                        "Run only once per ticket",
                        "—".into(),
                        if m.run_only_once_per_ticket { "yes".into() } else { "no".into() },
                    ));
                }
                Translated::SupportTrigger(s) => {
                    let mut conds = vec![cell(s.match_.label())];
                    conditions(&s.conditions, 0, &mut conds);
                    let actions: Vec<String> = s
                        .actions
                        .iter()
                        .map(|a| match &a.value {
                            Some(v) => format!("{} · {}", a.action, value(v)),
                            None => a.action.clone(),
                        })
                        .collect();
                    rows.push(("Where", "Chat > Settings > Triggers".into(), cell(&s.where_)));
                    rows.push(("Status", chat_state.into(), "inactive (activate after review)".into()));
                    rows.push(("Run trigger", cell(&summary.run_trigger), "Ticket trigger".into()));
                    rows.push(("Conditions", chat_conditions, join_cells(&conds)));
                    rows.push(("Actions", chat_actions, join(&actions)));
                }
                Translated::ProactiveMessage(pm) => {
                    let mut conds = vec![cell(pm.match_.label())];
                    conditions(&pm.conditions, 0, &mut conds);
                    let event = match pm.seconds {
                        Some(n) => format!("{} · {n} seconds", pm.event),
                        None => pm.event.clone(),
                    };
                    let mut actions = vec![format!(
                        "{} response · {}{}",
                        pm.response.kind,
                        pm.response.display_name.as_deref().map(|d| format!("{d} · ")).unwrap_or_default(),
                        pm.response.message
                    )];
                    if !pm.ticket_tags.is_empty() {
                        actions.push(format!("Ticket tags · {}", pm.ticket_tags.join(" ")));
                    }
                    rows.push(("Where", "Chat > Settings > Triggers".into(), cell(&pm.where_)));
                    // Guide review #11, trigger review #18: published, not activated (K15); what
                    // publishing needs (About proactive messages).
                    rows.push((
                        "Status",
                        chat_state.into(),
                        "not live until published (needs AI agents – Essential and the brand's messaging Web Widget)"
                            .into(),
                    ));
                    rows.push(("Channel", "—".into(), cell(&pm.channel)));
                    rows.push(("Run trigger / event", cell(&summary.run_trigger), cell(&event)));
                    rows.push(("Conditions", chat_conditions, join_cells(&conds)));
                    rows.push(("Actions / response", chat_actions, join(&actions)));
                    rows.push(("Frequency", "—".into(), cell(&pm.frequency)));
                    rows.push(("Send time", "—".into(), cell(&pm.send_time)));
                }
            }
            let _ = writeln!(o, "| | Chat (original) | {label} |");
            let _ = writeln!(o, "|---|---|---|");
            for (k, a, b) in rows {
                let _ = writeln!(o, "| **{k}** | {a} | {b} |");
            }
            let _ = writeln!(o);
        }
        if let Some(s) = &p.standard {
            let advice = s.advice(&chat.name, p.active_after_migration, assisted);
            let _ = writeln!(o, "> {}\n", text(&advice));
        }
        let changes = item_notes(it);
        if !changes.is_empty() {
            let _ = writeln!(o, "To redo by hand:\n");
            for c in changes {
                let _ = writeln!(o, "- {}", md_inline(&c));
            }
            let _ = writeln!(o);
        }
    }
    if !not_migrated.is_empty() {
        let _ = writeln!(o, "### Not migrated\n");
        for (it, p) in not_migrated {
            debug_assert_eq!(p.outcome, TriggerOutcome::NotMigratable);
            let state = if p.chat.enabled { "" } else { " (disabled in Chat)" };
            let _ = writeln!(o, "- **{}**{state}: {}", text(&p.chat.name), text(&it.reason));
        }
        let _ = writeln!(o);
    }
    o
}

/// The chat history: activity, traffic with its heatmap, the launch window and capacity
/// (D-4, D-10, D-18).
fn history_section(o: &mut String, h: &crate::plan::history::HistorySummary, launches: bool) {
    let _ = writeln!(o, "## Chat history\n");
    let facts = super::history_facts(h, launches);
    // A code block cannot sit inside the list: the heatmap follows it.
    let mut heatmap = None;
    for f in &facts {
        match &f.value {
            HistoryValue::Counts { chats, lines, notes } => {
                let notes = if notes.is_empty() { String::new() } else { format!(" ({})", notes.join(", ")) };
                let _ = writeln!(o, "From the chat history: {chats} in {lines}{notes}.\n");
            }
            HistoryValue::Sentence(s) => {
                let _ = writeln!(o, "- **{}:** {}.", f.label, text(s));
            }
            HistoryValue::Traffic { first_day, last_day, days, median, peak_day, peak_chats } => {
                let _ = writeln!(
                    o,
                    "- **{}:** {} to {} ({days} days): median {median} chats a day; busiest day {} with {peak_chats}.",
                    f.label,
                    text(first_day),
                    text(last_day),
                    text(peak_day),
                );
            }
            HistoryValue::Capacity { figure, value, limit, percent } => {
                let flag = match f.emphasis {
                    Emphasis::Plain => "",
                    Emphasis::Near => " **near the limit**",
                    Emphasis::Over => " **over the limit**",
                };
                let _ = writeln!(o, "- **{}:** {figure} {value} of {limit} ({percent}%){flag}.", f.label);
            }
            HistoryValue::Note(s) => {
                let _ = writeln!(o, "- {}", text(s));
            }
            HistoryValue::Heatmap { .. } => heatmap = Some(f),
        }
    }
    if let Some(HistoryFact { label, value: HistoryValue::Heatmap { zone, zone_source, busiest, grid }, .. }) = heatmap
    {
        let _ = writeln!(o, "\n{label} in {} ({zone_source}); busiest hour: {busiest}.\n", text(zone));
        let _ = writeln!(o, "```text");
        // Inside a code block nothing is Markdown: one line each, and no fence.
        for line in grid {
            let _ = writeln!(o, "{}", prose(line).replace('`', "'"));
        }
        let _ = writeln!(o, "{}", crate::plan::history::Heatmap::LEGEND);
        let _ = writeln!(o, "```");
    }
    let _ = writeln!(o);
}
