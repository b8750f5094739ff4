//! `stillOnPage` / `stillOnSite`: wait N seconds (at most 3600), then check the conditions
//! again (K20).
//!
//! Messaging and ticket triggers cannot wait and re-check (mapping.md §5.3). A proactive
//! message can wait: the delay becomes its event *Visitor is on the page* for N seconds
//! (K15, mapping.md §12; time on the site read as time on the page is an inference).

use super::run_once::NOT_HERE;
use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::Conv;
use crate::translate::triggers::lang::Target;

pub(super) const APPLIES_TO: &[&str] = &["stillOnPage", "stillOnSite"];

pub(super) const SUMMARY: &str = "the wait-and-re-check delay becomes the proactive event 'Visitor is on the page' for N seconds; messaging and ticket triggers have no counterpart";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging | Target::Support => {
            "no counterpart: messaging and ticket triggers cannot wait and re-check conditions (mapping §5.3); the nearest is a proactive message's time on the page"
        }
        Target::Proactive => {
            "approximate: the delay becomes the event Visitor is on the page, N seconds; time on the site is read as time on the page (K15) [I]"
        }
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let (path, chat) = (at.path, at.chat.clone());
    let Subject::StillOn { seconds: n, page } = at.subject else { return super::misplaced(cx, at) };
    if cx.target != Target::Proactive {
        cx.lacks(
            path,
            chat,
            "it waits and re-checks the conditions, which messaging and ticket triggers cannot do; the nearest is a proactive message's time on the page (mapping §5.3, K15)",
            &["K6", "K5", "K15"],
        );
        return None;
    }
    if at.negated || !at.top {
        cx.lacks(path, chat, NOT_HERE, &["K15"]);
        return None;
    }
    cx.st.seconds = Some(cx.st.seconds.unwrap_or(0).max(n));
    cx.acc.add(
        ChangeKind::Approximated,
        path,
        chat,
        Some(format!("Event: Visitor is on the page, {n} seconds")),
        if page {
            "the delay becomes the time on the page before the message (K15, mapping §12) [I]"
        } else {
            "time on the site is read as time on the page (K15, mapping §12) [I]"
        },
        &["K15"],
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::translate::triggers::rules::test_support::{conv, input};

    #[test]
    fn the_delay_is_kept_only_by_a_proactive_message() {
        let mut cx = conv(Target::Proactive);
        apply(&mut cx, &input(Subject::StillOn { seconds: 60, page: false }, true, false));
        assert_eq!(cx.st.seconds, Some(60));
        let mut cx = conv(Target::Messaging);
        apply(&mut cx, &input(Subject::StillOn { seconds: 60, page: true }, true, false));
        assert_eq!(cx.st.seconds, None);
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::NoEquivalent);
    }
}
