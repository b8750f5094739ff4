//! `@visitor_time_on_page` / `@visitor_time_on_site` in a proactive message.
//!
//! A proactive message runs when the visitor "is on the page" for N seconds (K15): "at
//! least N seconds" (`gt`/`gte`) at the top of the trigger becomes that duration. Time on
//! the site is read as time on the page, which is an inference (mapping.md §12).

use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::Conv;
use crate::translate::triggers::lang::{Op, Target, seconds};

pub(super) const APPLIES_TO: &[&str] = &["@visitor_time_on_page", "@visitor_time_on_site"];

pub(super) const SUMMARY: &str = "\"at least N seconds\" on the page or site becomes the proactive event 'Visitor is on the page' for N seconds (K15) [I]";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Proactive => {
            "`gt`/`gte` N becomes the event 'Visitor is on the page' for N seconds; time on site is read as time on page (K15) [I]"
        }
        Target::Messaging | Target::Support => "no counterpart",
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let n = match at.subject {
        Subject::Cmp { op: Op::Gt | Op::Gte, value, .. } if at.top && cx.target == Target::Proactive => seconds(value),
        _ => None,
    };
    match n {
        Some(n) => {
            cx.st.seconds = Some(cx.st.seconds.unwrap_or(0).max(n));
            cx.acc.add(
                ChangeKind::Approximated,
                at.path,
                at.chat.clone(),
                Some(format!("Event: Visitor is on the page, {n} seconds")),
                "time spent becomes the event duration (K15) [I]",
                &["K15"],
            );
        }
        None => {
            cx.lacks(at.path, at.chat.clone(), "only 'at least N seconds' becomes the event duration (K15)", &["K15"])
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::translate::triggers::rules::test_support::{conv, input};

    #[test]
    fn at_least_n_seconds_becomes_the_longest_delay() {
        let mut cx = conv(Target::Proactive);
        cx.st.seconds = Some(5);
        let v = json!("30");
        apply(&mut cx, &input(Subject::Cmp { op: Op::Gte, value: &v }, true, false));
        assert_eq!(cx.st.seconds, Some(30));
        let mut cx = conv(Target::Proactive);
        apply(&mut cx, &input(Subject::Cmp { op: Op::Lt, value: &v }, true, false));
        assert_eq!(cx.st.seconds, None);
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Dropped);
    }
}
