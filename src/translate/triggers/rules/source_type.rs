//! `@visitor_source_type`: a Chat trigger that already runs on messaging conversations.
//!
//! Public code (K25) shows Chat triggers switched to the messaging channel carrying
//! `["eq", "@visitor_source_type", "sunco_web"]` (mapping.md §14.1; the meaning is inferred).
//! At the top of the trigger it is the channel *Web Widget & SDKs* (K17); anywhere else, or
//! with another value, it restricts the trigger to a source messaging does not have.

use super::{Input, Subject};
use crate::plan::payload::trigger::{ChangeKind, Condition};
use crate::translate::triggers::context::{Conv, WEB_WIDGET_AND_SDKS};
use crate::translate::triggers::lang::{Op, Target};

pub(super) const APPLIES_TO: &[&str] = &["@visitor_source_type"];

pub(super) const SUMMARY: &str = "a top-level `@visitor_source_type = \"sunco_web\"` marks a Chat trigger that already runs on messaging (K25): it becomes the channel, and the admin keeps one of the two copies";

pub(super) fn doc(t: Target) -> &'static str {
    match t {
        Target::Messaging => {
            "`eq \"sunco_web\"` as a top-level condition: the trigger already targets messaging; becomes the channel Web Widget & SDKs [I]; any other use limits it to live chat"
        }
        Target::Proactive | Target::Support => "as for messaging triggers",
    }
}

pub(super) fn apply(cx: &mut Conv, at: &Input) -> Option<Condition> {
    let sunco = matches!(at.subject, Subject::Cmp { op: Op::Eq, value, .. } if value.as_str() == Some("sunco_web"));
    if at.top && sunco {
        cx.st.channel = true;
        cx.acc.add(
            ChangeKind::Channel,
            at.path,
            at.chat.clone(),
            Some(format!("channel {WEB_WIDGET_AND_SDKS}")),
            "the Chat trigger already runs on messaging conversations (K25, K4): keep only one of the two after migration, or end users get the message twice [I]",
            &["K25", "K4", "K17"],
        );
    } else {
        cx.lacks(
            at.path,
            at.chat.clone(),
            "it restricts the trigger to a source other than messaging (live chat), or cannot be expressed here",
            &["K25", "K4"],
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::translate::triggers::rules::test_support::{conv, input};

    #[test]
    fn sunco_web_at_the_top_is_the_channel_and_elsewhere_blocks() {
        let v = json!("sunco_web");
        let mut cx = conv(Target::Messaging);
        let at = input(Subject::Cmp { op: Op::Eq, value: &v }, true, false);
        assert!(apply(&mut cx, &at).is_none());
        assert!(cx.st.channel);
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::Channel);

        let mut cx = conv(Target::Messaging);
        let at = input(Subject::Cmp { op: Op::Eq, value: &v }, false, false);
        apply(&mut cx, &at);
        assert!(!cx.st.channel);
        assert_eq!(cx.acc.changes[0].kind, ChangeKind::NoEquivalent);
    }
}
