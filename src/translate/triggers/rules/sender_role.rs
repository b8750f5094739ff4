//! `@sender_type` in a Support trigger: the role of the user whose update runs it.
//!
//! Chat's sender type (`visitor` / `agent`) says who sent the chat message; real Chat
//! triggers test it (K25; issue 10 item 9). A ticket trigger has no message sender, but it
//! can test the role of the user who updated the ticket, the condition *Current user*:
//! real Support triggers spell it `role` with `end_user` and `agent`
//! (`../shared/research/real/{go-zendesk,salto-zendesk-adapter,zenpy-betamax}/triggers.json`;
//! Zendesk's reference: https://support.zendesk.com/hc/en-us/articles/4408893545882).
//! That a customer's messaging message is an end-user update of the ticket, and an agent's
//! reply an agent update, is inferred: Zendesk does not document it. So the condition is
//! approximated, not dropped: dropped, the Support trigger (created inactive, K3) would run
//! on every update, whoever made it, once an admin activates it.

use serde_json::Value;

use super::Input;
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::{Conv, leaf_out};
use crate::translate::triggers::lang::{Op, Target};

pub(super) const APPLIES_TO: &[&str] = &["@sender_type"];

pub(super) const SUMMARY: &str = "in a Support trigger, the message's sender type becomes the role of the user who updated the ticket (Current user is end user / agent), approximated [I]";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Support => {
            "approximate: Current user Is / Is not (end user) for `visitor`, (agent) for `agent`: the role of the user whose update runs the ticket trigger [I]; other operators have no counterpart"
        }
        Target::Messaging | Target::Proactive => "no counterpart",
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let (path, chat) = (at.path, at.chat.clone());
    let Some((op, value)) = at.cmp() else { return super::misplaced(cx, at) };
    let operator = match op {
        Op::Eq => "Is",
        Op::Neq => "Is not",
        _ => {
            cx.lacks(path, chat, "the user's role is compared with Is or Is not only [I]", &["K25"]);
            return None;
        }
    };
    let (role, api_role) = match value.as_str().map(str::to_ascii_lowercase).as_deref() {
        Some("visitor") => ("(end user)", "end_user"),
        Some("agent") => ("(agent)", "agent"),
        _ => {
            cx.lacks(path, chat, "Chat's sender types are visitor and agent (K6)", &["K6", "K25"]);
            return None;
        }
    };
    cx.acc.add(
        ChangeKind::Approximated,
        path,
        chat,
        Some(format!("Current user {operator} {role}")),
        "a ticket trigger has no message sender; the nearest condition is the role of the user who updated the ticket (Current user, as the Admin Center editor labels it): a customer's message counts as an end-user update, an agent's reply as an agent update [I]. Kept rather than dropped: without it the Support trigger would run on every update once activated (K25, K3)",
        &["K25", "K3"],
    );
    // support-api.md §1: `role` is / is_not `end_user` or `agent`.
    let api_op = if op == Op::Eq { "is" } else { "is_not" };
    cx.api(path, "role", Some(api_op), Value::String(api_role.to_owned()));
    Some(leaf_out(None, "Current user", operator, Value::String(role.to_owned()), path))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::plan::payload::trigger::ConditionLeaf;
    use crate::translate::triggers::rules::Subject;
    use crate::translate::triggers::rules::test_support::{conv, input};

    fn role(op: Op, v: Value) -> (Option<(String, Value)>, ChangeKind) {
        let mut cx = conv(Target::Support);
        let out = apply(&mut cx, &input(Subject::Cmp { op, value: &v }, true, false));
        let out = out.map(|c| match c {
            Condition::Leaf(ConditionLeaf { operator, value, .. }) => (operator, value),
            Condition::Group(_) => (String::new(), Value::Null),
        });
        (out, cx.acc.changes[0].kind)
    }

    /// Issue 10 item 9, K25: the sender type is approximated, not dropped.
    #[test]
    fn sender_type_becomes_the_current_user_role() {
        assert_eq!(
            role(Op::Eq, json!("visitor")),
            (Some(("Is".into(), json!("(end user)"))), ChangeKind::Approximated)
        );
        assert_eq!(
            role(Op::Neq, json!("Agent")),
            (Some(("Is not".into(), json!("(agent)"))), ChangeKind::Approximated)
        );
        assert_eq!(role(Op::IContains, json!("visitor")), (None, ChangeKind::Dropped));
        assert_eq!(role(Op::Eq, json!("bot")), (None, ChangeKind::Dropped));
    }
}
