//! `@visitor_previous_visits` in a proactive message: the condition "Visit history" with
//! the values New user and Returning user (K15).
//!
//! A threshold becomes New user when it holds only at zero visits, Returning user when it
//! holds for every count from one up; a threshold that holds for some counts only becomes
//! Returning user, broader than in Chat, and is flagged (mapping.md §12).

use serde_json::Value;

use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::{Conv, leaf_out};
use crate::translate::triggers::lang::{Op, Target};

pub(super) const APPLIES_TO: &[&str] = &["@visitor_previous_visits"];

pub(super) const SUMMARY: &str = "a visit-count threshold becomes the proactive Visit history New user or Returning user (K15), flagged when broader";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Proactive => {
            "`eq 0` → Visit history is New user; `gt 0`/`gte 1` → Returning user; other thresholds → Returning user (broader, reviewed)"
        }
        Target::Messaging | Target::Support => "no counterpart",
    }
}

/// Whether `x op n` holds.
fn holds(op: Op, x: i64, n: i64) -> bool {
    match op {
        Op::Eq => x == n,
        Op::Neq => x != n,
        Op::Lt => x < n,
        Op::Gt => x > n,
        Op::Lte => x <= n,
        Op::Gte => x >= n,
        _ => false,
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let (path, chat) = (at.path, at.chat.clone());
    let Subject::Cmp { op, value, .. } = at.subject else {
        cx.lacks(path, chat, "visit history is New or Returning user only (K15)", &["K15"]);
        return None;
    };
    let n = match value {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let Some(n) = n.filter(|_| at.top) else {
        cx.lacks(path, chat, "visit history is New or Returning user only (K15)", &["K15"]);
        return None;
    };
    let at0 = holds(op, 0, n);
    // Whether the condition holds for every / some visit count from 1 up.
    let all_pos = match op {
        Op::Neq | Op::Gt => n < 1,
        Op::Gte => n <= 1,
        _ => false,
    };
    let some_pos = match op {
        Op::Eq | Op::Lte => n >= 1,
        Op::Lt => n > 1,
        Op::Neq | Op::Gt | Op::Gte => true,
        _ => false,
    };
    let (value, kind, why) = if at0 && !some_pos {
        ("New user", ChangeKind::Renamed, "first visit (K15)")
    } else if !at0 && all_pos {
        ("Returning user", ChangeKind::Renamed, "any earlier visit (K15)")
    } else if !at0 && some_pos {
        (
            "Returning user",
            ChangeKind::Approximated,
            "broader: every returning visitor, not only this visit count (K15, mapping §12)",
        )
    } else {
        cx.lacks(path, chat, "visit history is New or Returning user only (K15)", &["K15"]);
        return None;
    };
    cx.acc.add(kind, path, chat, Some(format!("Visit history Is {value}")), why, &["K6", "K15"]);
    Some(leaf_out(Some("Visitor"), "Visit history", "Is", Value::String(value.to_owned()), path))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::plan::payload::trigger::ConditionLeaf;
    use crate::translate::triggers::rules::test_support::{conv, input};

    fn visits(op: Op, n: Value) -> (Option<String>, ChangeKind) {
        let mut cx = conv(Target::Proactive);
        let out = apply(&mut cx, &input(Subject::Cmp { op, value: &n }, true, false));
        let value = out.map(|c| match c {
            Condition::Leaf(ConditionLeaf { value, .. }) => value.as_str().unwrap_or_default().to_owned(),
            Condition::Group(_) => String::new(),
        });
        (value, cx.acc.changes[0].kind)
    }

    #[test]
    fn thresholds_become_new_or_returning_user() {
        assert_eq!(visits(Op::Eq, json!(0)), (Some("New user".into()), ChangeKind::Renamed));
        assert_eq!(visits(Op::Gt, json!(0)), (Some("Returning user".into()), ChangeKind::Renamed));
        assert_eq!(visits(Op::Gte, json!("1")), (Some("Returning user".into()), ChangeKind::Renamed));
        assert_eq!(visits(Op::Gt, json!(3)), (Some("Returning user".into()), ChangeKind::Approximated));
        assert_eq!(visits(Op::Lt, json!(5)), (None, ChangeKind::Dropped));
    }
}
