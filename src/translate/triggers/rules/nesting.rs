//! `and` / `or`: Chat nests groups of conditions. What each target can hold differs:
//!
//! - a messaging trigger checks ALL or ANY of its conditions and cannot mix them (K5: "You
//!   must select one – and only one – of the condition statements");
//! - a proactive message takes nested conditions with AND and OR (K15: "To create a nested
//!   condition, click the + and select Add nested condition … especially useful when
//!   combining conditions using both AND and OR"; trigger review #5);
//! - a ticket trigger has an `all` list and an `any` list checked together (the Support
//!   conditions reference, <https://developer.zendesk.com/documentation/ticketing/reference-guides/conditions-reference/>:
//!   "all | array | Logical AND … any | array | Logical OR"), so one any-group of plain
//!   conditions inside the top ALL fits (trigger review #4); any other mix does not.
//!
//! The normalise stage (`convert/normalise.rs`) walks the tree; this file says what each
//! rewrite means and records it: a group inside a group of the same kind, or a group of
//! one, is merged without changing the meaning; a mix the target can hold is kept as it
//! is; any other mix is kept as a group and flagged, because only splitting the trigger
//! expresses it.

use crate::plan::payload::trigger::{ChangeKind, Condition, ConditionGroup, Match};
use crate::translate::triggers::context::Acc;
use crate::translate::triggers::lang::Target;

pub(super) const APPLIES_TO: &[&str] = &["and / or"];

pub(super) const SUMMARY: &str = "nested groups of the same kind, and groups of one, are merged (same meaning); a mix of all and any is kept where the target holds it (proactive messages: nested conditions; ticket triggers: one ANY list beside the ALL list), else flagged: split the trigger";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging => {
            "nested groups of the same kind are merged; a mix of all and any cannot be expressed and is flagged (K5, K6)"
        }
        Target::Proactive => "a mix of all and any is kept as nested conditions (K15)",
        Target::Support => {
            "one any-group of plain conditions inside the top all is the ticket trigger's ANY list (conditions reference); any other mix is flagged"
        }
    }
}

fn word(all: bool) -> &'static str {
    if all { "all" } else { "any" }
}

/// A group merged into its parent of the same kind.
pub(crate) fn merged(acc: &mut Acc, path: &str, all: bool) {
    acc.add(
        ChangeKind::Flattened,
        path,
        format!("nested {} group", word(all)),
        Some(format!("merged into the trigger's {}", word(all))),
        "a group inside a group of the same kind means the same flattened; messaging has one level (K5)",
        &["K5"],
    );
}

/// A group holding one condition, replaced by that condition.
pub(crate) fn group_of_one(acc: &mut Acc, path: &str) {
    acc.add(
        ChangeKind::Flattened,
        path,
        "group of one condition",
        None,
        "a group of one is that condition: same meaning",
        &[],
    );
}

/// A group of the other kind than its parent, which the target holds as it is (`fits`): a
/// proactive message's nested condition, a ticket trigger's ANY list.
pub(crate) fn kept(acc: &mut Acc, target: Target, path: &str, all: bool, len: usize) {
    let (to, why): (&str, &str) = match target {
        Target::Support => (
            "the ticket trigger's ANY list",
            "a ticket trigger checks all of its ALL list and at least one of its ANY list (conditions reference): same meaning",
        ),
        _ => {
            ("a nested condition", "proactive messages take nested conditions combining AND and OR (K15): same meaning")
        }
    };
    acc.add(
        ChangeKind::Flattened,
        path,
        format!("{} of {len} conditions inside {}", word(all), word(!all)),
        Some(to.to_owned()),
        why,
        if target == Target::Support { &[] } else { &["K15"] },
    );
}

/// A group of the other kind than its parent: kept, flagged, for the admin to split.
pub(crate) fn mixed(acc: &mut Acc, path: &str, all: bool, len: usize) {
    let outer = word(!all);
    acc.add(
        ChangeKind::NotEquivalentNesting,
        path,
        format!("{} of {len} conditions inside {outer}", word(all)),
        None,
        "messaging checks ALL or ANY of the conditions for the whole trigger and cannot mix them (K5, K6): split the trigger into one per branch, or rewrite the conditions",
        &["K5", "K6"],
    );
}

/// The kept group, as the translation shows it.
pub(crate) fn group(target: Target, fits: bool, all: bool, conditions: Vec<Condition>, path: &str) -> Condition {
    let note = match (target, fits) {
        (Target::Proactive, _) => "a nested condition (+ > Add nested condition)",
        (Target::Support, true) => "the ticket trigger's ANY list: at least one must hold",
        (Target::Support, false) => "cannot be expressed in one ticket trigger: split it",
        (Target::Messaging, _) => "cannot be expressed in one messaging trigger: split it",
    };
    Condition::Group(ConditionGroup {
        match_: if all { Match::All } else { Match::Any },
        conditions,
        from: path.to_owned(),
        note: note.to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mix_is_flagged_as_manual_and_a_merge_is_not() {
        let mut acc = Acc::default();
        merged(&mut acc, "p", true);
        mixed(&mut acc, "q", false, 2);
        assert!(!acc.changes[0].kind.manual());
        assert!(acc.changes[1].kind.manual());
        assert_eq!(acc.changes[1].chat, "any of 2 conditions inside all");
    }
}
