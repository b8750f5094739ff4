//! `setup-guide.md`: the steps as a checklist an admin works through, ordered by phase,
//! each with what, why, where, how to verify and its sources; then the settings table.

use std::fmt::Write as _;

use crate::plan::{Outcome, Phase, Plan};
use crate::refs::Ref;

fn links(refs: &[Ref]) -> String {
    refs.iter()
        .map(|r| match &r.url {
            Some(u) => format!("[{}]({u} \"{}\")", r.id, r.title.replace('"', "'")),
            None => r.id.clone(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Escape text for a table cell.
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

pub fn render(plan: &Plan) -> String {
    let mut o = String::new();
    let a = &plan.account;
    let c = &plan.classification;
    let _ = writeln!(o, "# Messaging setup guide: {}\n", a.subdomain);
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
    let _ = writeln!(o, "> {}\n", plan.summary_line());

    let _ = writeln!(o, "## Why this segment\n");
    for r in &c.reasons {
        let _ = writeln!(o, "- {} ({})", r.text, links(&r.refs));
    }
    let _ = writeln!(o);

    if !a.undecided.is_empty() {
        let _ = writeln!(o, "## Not decided: missing from the export\n");
        for u in &a.undecided {
            let _ = writeln!(o, "- **{}**: {} (needs `{}`)", u.fact, u.effect, u.files.join("`, `"));
        }
        let _ = writeln!(o);
    }

    if let Some(h) = &a.history {
        history_section(&mut o, h);
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
            let instance = s.instance.as_deref().map(|i| format!(" — {i}")).unwrap_or_default();
            let blocking = if s.blocking { " **(blocking)**" } else { "" };
            let due = s.due.as_deref().map(|d| format!(" — due {d}")).unwrap_or_default();
            let _ = writeln!(o, "- [ ] **{}**{instance}{blocking}{due} `{}`", s.title, s.id);
            let mut what = s.what.lines();
            let _ = writeln!(o, "  - **What:** {}", what.next().unwrap_or_default());
            for l in what {
                let _ = writeln!(o, "    {l}");
            }
            let _ = writeln!(o, "  - **Why:** {}", s.why);
            let _ = writeln!(o, "  - **Where:** {}", s.where_);
            let _ = writeln!(o, "  - **Verify:** {}", s.verify);
            let _ = writeln!(o, "  - **Sources:** {}", links(&s.refs));
        }
        let _ = writeln!(o);
    }

    let _ = writeln!(o, "## Settings\n");
    let _ = writeln!(o, "| Chat setting | Messaging | Outcome | Why | Sources |");
    let _ = writeln!(o, "|---|---|---|---|---|");
    for it in &plan.items {
        let mut why = it.reason.clone();
        for n in &it.notes {
            why.push(' ');
            why.push_str(n);
        }
        let outcome = match it.outcome {
            Outcome::NotMigratable => format!("**{}**", it.outcome.label()),
            o => o.label().to_owned(),
        };
        let _ = writeln!(
            o,
            "| `{}` | {} | {} | {} | {} |",
            cell(&it.source).replace('`', "'"),
            cell(&it.target),
            outcome,
            cell(&why),
            links(&it.refs)
        );
    }
    let _ = writeln!(o);

    if !plan.warnings.is_empty() {
        let _ = writeln!(o, "## Warnings\n");
        for w in &plan.warnings {
            let _ =
                writeln!(o, "- {}{}", w.source.as_deref().map(|s| format!("`{s}`: ")).unwrap_or_default(), w.message);
        }
        let _ = writeln!(o);
    }
    o
}

/// The chat history: activity, traffic with its heatmap, the launch window and capacity
/// (D-4, D-10, D-18).
fn history_section(o: &mut String, h: &crate::history::HistorySummary) {
    use crate::classify::thousands;
    use crate::history::CapacityStatus;
    let _ = writeln!(o, "## Chat history\n");
    let _ = writeln!(
        o,
        "From `{}`: {} chats in {} lines ({} repeated because they were updated, {} deleted, {} offline messages, {} bad lines skipped){}.\n",
        h.source,
        thousands(h.chats),
        thousands(h.lines),
        thousands(h.repeated),
        thousands(h.deleted),
        thousands(h.offline_messages),
        thousands(h.bad_lines),
        if h.partial { "; the export stopped part way" } else { "" }
    );
    let _ = writeln!(
        o,
        "- **Activity (D-4):** {} chats started in the 30 days before the export, {} with a ticket.",
        thousands(h.chats_in_window),
        thousands(h.chat_tickets_in_window)
    );
    if let Some(t) = &h.traffic {
        let _ = writeln!(
            o,
            "- **Traffic:** {} to {} ({} days): median {} chats a day; busiest day {} with {}.",
            t.first_day,
            t.last_day,
            thousands(t.days),
            thousands(t.median_per_day),
            t.peak_day,
            thousands(t.peak_day_chats)
        );
    }
    if let Some(w) = &h.launch_window {
        let _ = writeln!(o, "- **Off-peak launch window (D-10):** {}.", w.text);
    }
    for check in &h.capacity.checks {
        let flag = match check.status {
            CapacityStatus::Ok => "",
            CapacityStatus::Near => " **near the limit**",
            CapacityStatus::Over => " **over the limit**",
        };
        let _ = writeln!(
            o,
            "- **Capacity (D-18):** {} {} of {} ({}%){flag}.",
            check.figure.label(),
            thousands(check.value),
            thousands(check.limit),
            check.percent
        );
    }
    if !h.capacity.checks.is_empty() {
        let _ = writeln!(o, "- {}", h.capacity.limits.note);
    }
    if let Some(t) = &h.traffic {
        let _ = writeln!(
            o,
            "\nChats by hour of the week in {} ({}); busiest hour {} chats:\n",
            h.time_zone.name,
            h.time_zone.source.label(),
            thousands(t.heatmap.max())
        );
        let _ = writeln!(o, "```text");
        for line in t.heatmap.grid() {
            let _ = writeln!(o, "{line}");
        }
        let _ = writeln!(o, "{}", crate::history::Heatmap::LEGEND);
        let _ = writeln!(o, "```");
    }
    let _ = writeln!(o);
}
