//! `@message` in a Support trigger: the text of the comment the update adds.
//!
//! Real Chat triggers test the message text (`["icontains", "@message", …]`, K25; issue 10
//! item 9). A ticket trigger has no chat message, but it can test the text of the comment
//! an update adds, the condition *Comment text* (Zendesk's reference:
//! https://support.zendesk.com/hc/en-us/articles/4408893545882). That a customer's messaging
//! message reaches the ticket as such a comment, the labels, and how the comparison treats
//! case are inferred: Zendesk does not document them for messaging tickets. So the condition
//! is approximated, not dropped: dropped, the Support trigger (created inactive, K3) would
//! run on every messaging ticket once an admin activates it.

use super::Input;
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::{Conv, leaf_out};
use crate::translate::triggers::lang::{Op, Target, scalar_text};

pub(super) const APPLIES_TO: &[&str] = &["@message"];

pub(super) const SUMMARY: &str = "in a Support trigger, a test of the chat message becomes Comment text contains / does not contain the string, approximated [I]";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Support => {
            "approximate: Comment text Contains the following string (`contains`, `icontains`, and `eq`, broader) / Does not contain the following string (`ncontains`, `nicontains`) [I]; other operators have no counterpart"
        }
        Target::Messaging | Target::Proactive => "no counterpart",
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let (path, chat) = (at.path, at.chat.clone());
    let Some((op, value)) = at.cmp() else { return super::misplaced(cx, at) };
    // support-api.md §1: `comment_includes_word` `is` "contains string", `is_not` "does
    // not contain string".
    let (operator, api_op, broader) = match op {
        Op::Contains | Op::IContains => ("Contains the following string", "is", false),
        Op::Eq => ("Contains the following string", "is", true),
        Op::NContains | Op::NIContains => ("Does not contain the following string", "is_not", false),
        _ => {
            cx.lacks(
                path,
                chat,
                "the comment text is matched by words or a string, not by regular expression, equality or order [I]",
                &["K25"],
            );
            return None;
        }
    };
    let Some(text) = scalar_text(value) else {
        cx.lacks(path, chat, "the message is compared with text only", &["K25"]);
        return None;
    };
    let mut why = String::from(
        "a ticket trigger has no chat message; the nearest condition is the text of the comment the update adds (Comment text): a customer's message reaches the ticket as a comment [I]",
    );
    if broader {
        why.push_str("; an exact match becomes 'contains', which is broader");
    }
    why.push_str(
        ". Kept rather than dropped: without it the Support trigger would run on every messaging ticket once activated (K25, K3). The labels follow the Admin Center editor, and how it treats case is not documented for messaging tickets",
    );
    cx.acc.add(
        ChangeKind::Approximated,
        path,
        chat,
        Some(format!("Comment text {operator} \"{text}\"")),
        why,
        &["K25", "K3"],
    );
    cx.api(path, "comment_includes_word", Some(api_op), serde_json::Value::String(text.clone()));
    Some(leaf_out(None, "Comment text", operator, serde_json::Value::String(text), path))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::translate::triggers::rules::Subject;
    use crate::translate::triggers::rules::test_support::{conv, input};

    /// Issue 10 item 9, K25: the message condition is approximated, not dropped.
    #[test]
    fn the_message_becomes_the_comment_text() {
        let v = json!("refund");
        let mut cx = conv(Target::Support);
        let out = apply(&mut cx, &input(Subject::Cmp { op: Op::IContains, value: &v }, true, false));
        assert!(
            matches!(&out, Some(Condition::Leaf(l)) if l.condition == "Comment text" && l.operator == "Contains the following string" && l.value == "refund"),
            "{out:?}"
        );
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Approximated);

        let mut cx = conv(Target::Support);
        apply(&mut cx, &input(Subject::Cmp { op: Op::Eq, value: &v }, true, false));
        assert!(cx.acc.changes[0].reason.contains("broader"));

        let mut cx = conv(Target::Support);
        assert!(apply(&mut cx, &input(Subject::Cmp { op: Op::Regex, value: &v }, true, false)).is_none());
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Dropped);
    }
}
