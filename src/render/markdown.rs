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

    if let Some(t) = &a.timeline {
        let _ = writeln!(o, "## Timeline\n");
        let _ = writeln!(o, "{} ({})\n", t.note, links(&t.refs));
    }

    if !a.undecided.is_empty() {
        let _ = writeln!(o, "## Not decided: missing from the export\n");
        for u in &a.undecided {
            let _ = writeln!(o, "- **{}**: {} (needs `{}`)", u.fact, u.effect, u.files.join("`, `"));
        }
        let _ = writeln!(o);
    }

    let warning = |o: &mut String, w: &crate::plan::Warning| {
        let source = w.source.as_deref().map(|s| format!("`{s}`: ")).unwrap_or_default();
        let refs = if w.refs.is_empty() { String::new() } else { format!(" ({})", links(&w.refs)) };
        let _ = writeln!(o, "- {source}{}{refs}", w.message);
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
            let instance = s.instance.as_deref().map(|i| format!(" — {i}")).unwrap_or_default();
            let blocking = if s.blocking { " **(blocking)**" } else { "" };
            let due = super::due_label(s).map(|d| format!(" — {d}")).unwrap_or_default();
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

    if plan.warnings.iter().any(|w| !w.blocking) {
        let _ = writeln!(o, "## Warnings\n");
        for w in plan.warnings.iter().filter(|w| !w.blocking) {
            warning(&mut o, w);
        }
        let _ = writeln!(o);
    }
    o
}
