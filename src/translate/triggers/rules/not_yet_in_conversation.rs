//! `@visitor_requesting_chat` / `@visitor_served` in a proactive message.
//!
//! A proactive message reaches visitors before they ask for a conversation or an agent
//! serves them (K15), so "not requesting" / "not served" at the top of the trigger is
//! implied (an inference); the other values ask about a conversation state proactive
//! messages cannot check.

use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::Conv;
use crate::translate::triggers::lang::{Op, Target, flag};

pub(super) const APPLIES_TO: &[&str] = &["@visitor_requesting_chat", "@visitor_served"];

pub(super) const SUMMARY: &str = "\"not requesting a chat\" / \"not served\" is implied in a proactive message, which reaches visitors before either [I]; the opposite has no counterpart";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Proactive => {
            "`eq false` is implied: a proactive message reaches visitors who have not asked for a conversation and that no agent serves yet [I]; `eq true` has no counterpart"
        }
        Target::Messaging | Target::Support => "no counterpart",
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let is_false = match at.subject {
        Subject::Cmp { op: Op::Eq, value, .. } => flag(value) == Some(false),
        Subject::Cmp { op: Op::Neq, value, .. } => flag(value) == Some(true),
        _ => false,
    };
    if is_false && at.top {
        cx.acc.add(
            ChangeKind::Implied,
            at.path,
            at.chat.clone(),
            None,
            "a proactive message reaches visitors before they ask for or get a conversation [I] (K15)",
            &["K15"],
        );
    } else {
        cx.lacks(at.path, at.chat.clone(), "proactive messages cannot check the conversation state (K15)", &["K15"]);
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::translate::triggers::rules::test_support::{conv, input};

    #[test]
    fn not_served_is_implied_and_served_is_dropped() {
        let f = json!(false);
        let mut cx = conv(Target::Proactive);
        apply(&mut cx, &input(Subject::Cmp { op: Op::Eq, value: &f }, true, false));
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Implied);
        let mut cx = conv(Target::Proactive);
        apply(&mut cx, &input(Subject::Cmp { op: Op::Neq, value: &f }, true, false));
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Dropped);
    }
}
