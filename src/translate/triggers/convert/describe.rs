//! The Chat original in words: each condition and action as written in the JSON (for the
//! change list an admin reads) and as the Chat dashboard labels it (the readable summary
//! beside the translation in the guide).

use serde_json::Value;

use super::normalise::Leaf;
use crate::plan::payload::trigger::ChatSummary;
use crate::translate::triggers::parse::{ActionNode, Cond, Definition, Node};
use crate::translate::triggers::tables;

/// A leaf as it reads in the Chat JSON (`["eq", "@visitor_served", false]`).
pub(super) fn leaf_text(l: &Leaf) -> String {
    let inner = cond_json(&l.node.cond);
    // Under a `not`: shown with it, unless two `not`s cancelled out.
    let folded = matches!(&l.node.cond, Cond::Cmp { op, .. } if *op != l.op);
    if l.negated || folded { format!("[\"not\", {inner}]") } else { inner }
}

pub(super) fn cond_json(c: &Cond) -> String {
    match c {
        Cond::Cmp { op_name, var, value, .. } => format!("[\"{op_name}\", \"{var}\", {value}]"),
        Cond::HasTag(t) => format!("[\"hasTag\", {}]", Value::String(t.clone())),
        Cond::FiredBefore => "[\"firedBefore\"]".to_owned(),
        Cond::StillOnPage(n) => format!("[\"stillOnPage\", {n}]"),
        Cond::StillOnSite(n) => format!("[\"stillOnSite\", {n}]"),
        Cond::Unknown { head, args } => json_list(head, args),
        Cond::And(_) => "[\"and\", …]".to_owned(),
        Cond::Or(_) => "[\"or\", …]".to_owned(),
        Cond::Not(_) => "[\"not\", …]".to_owned(),
    }
}

pub(super) fn action_text(a: &ActionNode) -> String {
    json_list(&a.name, &a.args)
}

/// `["name", arg, …]` as written in the file, spaced like the other condition texts.
fn json_list(head: &str, args: &[Value]) -> String {
    let mut parts = vec![Value::String(head.to_owned()).to_string()];
    parts.extend(args.iter().map(Value::to_string));
    format!("[{}]", parts.join(", "))
}

/// Readable lines of the Chat original, for the side-by-side view.
pub(super) fn summarize(def: &Definition) -> ChatSummary {
    let run_trigger = match tables::event(def.event.name()) {
        Some(e) => e.chat.to_owned(),
        None => format!("`{}` (unknown event)", def.event.name()),
    };
    let mut conditions = Vec::new();
    if let Some(c) = &def.condition {
        describe(c, 0, &mut conditions);
    }
    let actions = def.actions.iter().map(describe_action).collect();
    ChatSummary { run_trigger, conditions, actions }
}

fn describe(n: &Node, indent: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(indent);
    match &n.cond {
        Cond::And(ch) | Cond::Or(ch) => {
            let word = if matches!(n.cond, Cond::And(_)) { "Check all of" } else { "Check any of" };
            out.push(format!("{pad}{word}:"));
            for c in ch {
                describe(c, indent + 1, out);
            }
        }
        Cond::Not(inner) => match &inner.cond {
            Cond::And(_) | Cond::Or(_) | Cond::Not(_) => {
                out.push(format!("{pad}Not:"));
                describe(inner, indent + 1, out);
            }
            c => out.push(format!("{pad}Not {}", describe_leaf(c))),
        },
        c => out.push(format!("{pad}{}", describe_leaf(c))),
    }
}

fn describe_leaf(c: &Cond) -> String {
    match c {
        Cond::Cmp { op, op_name, var, value } => {
            let label = tables::variable(var).map_or(var.as_str(), |v| v.chat);
            let op = op.map_or_else(|| format!("`{op_name}`"), |o| tables::operator(o).chat.to_owned());
            format!("{label} · {op} · {value}")
        }
        Cond::HasTag(t) => format!("Visitor tag · has · {t}"),
        Cond::FiredBefore => "Fired before (`firedBefore`)".to_owned(),
        Cond::StillOnPage(n) => format!("Still on page · {n} s"),
        Cond::StillOnSite(n) => format!("Still on site · {n} s"),
        other => cond_json(other),
    }
}

/// A dashboard label without its argument hint: "Send message to visitor".
pub(super) fn short(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label)
}

pub(super) fn describe_action(a: &ActionNode) -> String {
    let label = a.kind.map_or_else(|| format!("`{}`", a.name), |k| short(tables::action_kind(k).chat).to_owned());
    let args: Vec<String> = a.args.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
    if args.is_empty() { label } else { format!("{label} · {}", args.join(" · ")) }
}
