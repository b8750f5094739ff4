//! `firedBefore`: "this trigger already fired for this visitor" (real captures, K25).
//!
//! Only `not firedBefore` at the top of the trigger has a counterpart: the messaging
//! trigger's *Run only once per ticket* (K17; Chat counted once per visitor, messaging once
//! per ticket, an inference), the proactive message's frequency *once per customer* (K15,
//! mapping.md §12), and for a Support trigger on *Ticket is Created* nothing at all, since
//! such a trigger runs once per ticket anyway (inferred). A Support trigger on *Ticket is
//! Updated* (from `chat_message`) runs on every update: there it has no counterpart.

use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::Conv;
use crate::translate::triggers::lang::Target;

pub(super) const APPLIES_TO: &[&str] = &["firedBefore"];

pub(super) const SUMMARY: &str = "`not firedBefore` at the top becomes the target's run-once setting, or is implied; any other use has no counterpart";

/// Why a condition that is really a trigger setting must sit at the top.
pub(super) const NOT_HERE: &str = "it can only apply to the whole trigger, not inside an any-group or a nested group";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging => {
            "`not firedBefore` at the top level → Run only once per ticket (K17): Chat counted per visitor [I]; anything else has no counterpart"
        }
        Target::Proactive => {
            "`not firedBefore` at the top level → Frequency: once per customer (K15) [I]; anything else has no counterpart"
        }
        Target::Support => {
            "`not firedBefore` at the top level is implied: a ticket trigger on 'Ticket is Created' runs once per ticket [I]; on 'Ticket is Updated' (from `chat_message`) it has no counterpart: add a tag and test for it [I]; anything else has no counterpart"
        }
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let (path, chat) = (at.path, at.chat.clone());
    if !matches!(at.subject, Subject::FiredBefore) || !at.negated {
        cx.lacks(path, chat, "a condition that holds only after the trigger fired has no counterpart", &["K5"]);
        return None;
    }
    if !at.top {
        cx.lacks(path, chat, NOT_HERE, &["K5", "K17"]);
        return None;
    }
    let run_once = match cx.target {
        Target::Messaging => Some((
            "Run only once per ticket",
            "the nearest option (K17): Chat counted once per visitor, messaging counts once per ticket [I]",
            &["K17", "K25"][..],
        )),
        Target::Proactive => Some((
            "Frequency: once per customer",
            "the proactive message's frequency setting (K15, mapping §12) [I]",
            &["K15"][..],
        )),
        Target::Support if cx.st.on_update => {
            cx.lacks(
                path,
                chat,
                "a ticket trigger on 'Ticket is Updated' runs on every update; to run it once, add a tag in its actions and the condition Tags contains none of that tag [I]",
                &["K3"],
            );
            return None;
        }
        Target::Support => None,
    };
    match run_once {
        Some((setting, reason, refs)) => {
            cx.st.run_once = true;
            cx.acc.add(ChangeKind::RunOnce, path, chat, Some(setting.to_owned()), reason, refs);
        }
        None => cx.acc.add(
            ChangeKind::Implied,
            path,
            chat,
            None,
            "a ticket trigger on 'Ticket is Created' runs once per ticket [I]",
            &[],
        ),
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::triggers::rules::test_support::{conv, input};

    #[test]
    fn only_not_fired_before_at_the_top_runs_once() {
        let mut cx = conv(Target::Messaging);
        apply(&mut cx, &input(Subject::FiredBefore, true, true));
        assert!(cx.st.run_once);
        let mut cx = conv(Target::Messaging);
        apply(&mut cx, &input(Subject::FiredBefore, false, true));
        assert!(!cx.st.run_once);
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::NoEquivalent);
        let mut cx = conv(Target::Support);
        apply(&mut cx, &input(Subject::FiredBefore, true, true));
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Implied);
        // On every ticket update it does not run once (issue 10 item 9).
        let mut cx = conv(Target::Support);
        cx.st.on_update = true;
        apply(&mut cx, &input(Subject::FiredBefore, true, true));
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Dropped);
    }
}
