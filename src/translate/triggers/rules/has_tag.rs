//! `hasTag`: a visitor tag (public code, K25).
//!
//! Visitor tags set by *Add tag* become ticket tags in messaging, so the condition becomes
//! *Tags* with the list operators (K6, K5; the operator labels are inferred). Proactive
//! messages cannot check tags (K15).

use serde_json::Value;

use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::{Conv, leaf_out};
use crate::translate::triggers::lang::Target;

pub(super) const APPLIES_TO: &[&str] = &["hasTag"];

pub(super) const SUMMARY: &str = "a visitor tag becomes the ticket-tag condition Tags (messaging: Contains / Does not contain; ticket trigger: contains at least one of / none of), approximated; proactive messages cannot check tags";

/// The operator of a tag condition (review #14): a ticket trigger's Tags takes "Contains at
/// least one of" / "Contains none of"; K5's operator table has neither, its nearest are
/// Contains / Does not contain (which operators the messaging Tags field offers is
/// unverified [I]).
pub(crate) fn operator(target: Target, negated: bool) -> &'static str {
    match (target, negated) {
        (Target::Support, false) => "Contains at least one of",
        (Target::Support, true) => "Contains none of",
        (_, false) => "Contains",
        (_, true) => "Does not contain",
    }
}

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging => {
            "approximate: Tags Contains (Does not contain under `not`): visitor tags become ticket tags; which operators messaging's Tags offers is unverified [I]"
        }
        Target::Support => {
            "approximate: Tags Contains at least one of (Contains none of under `not`): visitor tags become ticket tags"
        }
        Target::Proactive => "no counterpart: proactive messages cannot check tags (K15)",
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let (path, chat) = (at.path, at.chat.clone());
    let Subject::HasTag(tag) = at.subject else { return super::misplaced(cx, at) };
    if cx.target == Target::Proactive {
        cx.lacks(path, chat, "proactive messages cannot check tags (K15)", &["K15"]);
        return None;
    }
    let operator = operator(cx.target, at.negated);
    cx.acc.add(
        ChangeKind::Approximated,
        path,
        chat,
        Some(format!("Tags {operator} {tag}")),
        "visitor tags (set by Add tag) become ticket tags; the operator label is inferred [I] (K6, K5)",
        &["K6", "K5"],
    );
    // support-api.md §1: `current_tags` includes / not_includes.
    let api_op = if at.negated { "not_includes" } else { "includes" };
    cx.api(path, "current_tags", Some(api_op), Value::String(tag.to_owned()));
    Some(leaf_out(None, "Tags", operator, Value::String(tag.to_owned()), path))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::triggers::rules::test_support::{conv, input};

    #[test]
    fn a_tag_becomes_tags_and_not_becomes_none_of() {
        let mut cx = conv(Target::Support);
        let out = apply(&mut cx, &input(Subject::HasTag("vip"), true, true));
        assert!(matches!(out, Some(Condition::Leaf(l)) if l.operator == "Contains none of" && l.value == "vip"));
        let mut cx = conv(Target::Proactive);
        assert!(apply(&mut cx, &input(Subject::HasTag("vip"), true, false)).is_none());
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Dropped);
    }
}
