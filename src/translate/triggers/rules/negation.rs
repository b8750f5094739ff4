//! `not` (real captures, K25): messaging has no negation, only negated operators (K5).
//!
//! The normalise stage (`convert/normalise.rs`) pushes every `not` down the tree; this file
//! says what each step means and records it: into a group by De Morgan (`not (any of …)` is
//! all of the negations), into an operator by its opposite (`not eq` is `neq`, the table of
//! operators says which). `regex` has no opposite, so `not regex` stays negated and has no
//! counterpart.

use crate::plan::payload::trigger::ChangeKind;
use crate::translate::triggers::context::Acc;
use crate::translate::triggers::lang::Target;

pub(super) const APPLIES_TO: &[&str] = &["not"];

pub(super) const SUMMARY: &str = "`not` is folded into the opposite operator or pushed into a group (De Morgan), keeping the meaning; `not regex` has no counterpart";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging => {
            "folded into the operator (`not eq` → Is not) or pushed into a group (De Morgan); `not regex` has no counterpart"
        }
        Target::Proactive | Target::Support => "as for messaging triggers",
    }
}

/// `not` pushed into a group: `not (all of …)` is any of the negations, and back.
pub(crate) fn into_group(acc: &mut Acc, path: &str, was_all: bool) {
    let word = |b: bool| if b { "all" } else { "any" };
    acc.add(
        ChangeKind::Flattened,
        path,
        format!("not ({} of …)", word(was_all)),
        Some(format!("{} of the negated conditions", word(!was_all))),
        "`not` pushed into the group (De Morgan): same meaning",
        &[],
    );
}

/// `not` folded into the opposite operator (`to` names it and its meaning).
pub(crate) fn into_operator(acc: &mut Acc, path: &str, op_name: &str, to: String) {
    acc.add(
        ChangeKind::Flattened,
        path,
        format!("not {op_name}"),
        Some(to),
        "`not` folded into the operator: same meaning",
        &[],
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn de_morgan_swaps_all_and_any() {
        let mut acc = Acc::default();
        into_group(&mut acc, "p", false);
        assert_eq!(acc.changes[0].chat, "not (any of …)");
        assert_eq!(acc.changes[0].messaging.as_deref(), Some("all of the negated conditions"));
    }
}
