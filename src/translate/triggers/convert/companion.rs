//! Stage 4b: what a Support trigger leaves out that messaging keeps (trigger review #1, #11;
//! guide review #10).
//!
//! A trigger that sets a department becomes a Support trigger (`rules/set_department.rs`),
//! and a ticket trigger can neither post into the conversation nor test the page URL or the
//! country. Both have messaging counterparts:
//!
//! - the message: "Send message to customer" in a messaging trigger (K5), or the proactive
//!   message for a page-load trigger (K15). For a trigger on a chat event the message is the
//!   only part that ever ran in Chat (K6: *Set visitor department* "Only works when Run
//!   trigger is set to When a visitor has loaded the chat widget");
//! - the conditions: a messaging trigger tests "Customer page URL" / "Customer country" (K5)
//!   and adds a tag ("Add tags | Adds tags to the ticket", K5; a proactive message adds
//!   ticket tags, K15); the Support trigger then routes on that tag (`current_tags`, the
//!   Support conditions reference). Whether the ticket trigger runs after the tag is added
//!   is not documented: inferred, to be tested.
//!
//! A page-load trigger's companion is a proactive message when it sends a message, and a
//! messaging trigger on "When a customer requests a conversation" when it only routes: a
//! proactive message must send one (K15), and the request is when the ticket the Support
//! trigger routes is created (second review #13).
//!
//! The companion is the same Chat trigger converted again for messaging (or as a proactive
//! message) without its `setDepartment`: the same tables and rules, its own change list. When
//! it cannot be converted (a condition messaging lacks), there is no companion and the
//! Support trigger's dropped parts stay flagged.

use serde_json::Value;

use super::Conv;
use crate::plan::payload::trigger::*;
use crate::translate::triggers::context::{Acc, ApiField, DepartmentGroup, Settings, leaf_out};
use crate::translate::triggers::parse::{ActionNode, Definition, Event};
use crate::translate::triggers::rules::Rule;
use crate::translate::triggers::tables::{self, ActionKind, Map, Target};

/// The tag a relay adds and the Support trigger tests: `chat_route_` and the trigger's name
/// in lower-case letters, digits and underscores (deterministic, readable).
pub(super) fn relay_tag(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('_') && !slug.is_empty() {
            slug.push('_');
        }
    }
    let slug = slug.trim_end_matches('_');
    let slug: String = slug.chars().take(40).collect();
    if slug.is_empty() { "chat_route".to_owned() } else { format!("chat_route_{slug}") }
}

/// An action that routes (the row names the `setDepartment` rule).
fn routes(a: &ActionNode) -> bool {
    a.kind.is_some_and(|k| matches!(tables::action_kind(k).messaging, Map::Rule(Rule::SetDepartment)))
}

/// Build the companion of a Support trigger and adjust the Support trigger and its changes:
/// the message moves to the companion; dropped conditions are relayed by a tag.
pub(super) fn attach(
    def: &Definition,
    name: &str,
    t: &crate::account::chat::Trigger,
    dept: &dyn Fn(&Value) -> Option<DepartmentGroup>,
    support: &mut Option<Translated>,
    acc: &mut Acc,
) -> Option<Companion> {
    let Some(Translated::SupportTrigger(s)) = support.as_mut() else { return None };
    let rest: Vec<_> = def.actions.iter().filter(|a| !routes(a)).cloned().collect();
    let sends = rest.iter().any(|a| a.kind == Some(ActionKind::SendMessage));
    let dropped: Vec<String> = acc
        .changes
        .iter()
        .filter(|c| c.kind == ChangeKind::Dropped && c.path.contains(".condition"))
        // A dropped "run once" is not relayed: the tag would stay and route every update.
        .filter(|c| !c.chat.contains("firedBefore"))
        .map(|c| c.path.clone())
        .collect();
    if !sends && dropped.is_empty() {
        return None;
    }
    // A proactive message must send a message (K15): a page-load trigger that only routes
    // relays its conditions through a messaging trigger on the conversation request, when
    // the ticket is created (second review #13; `Conv::event`).
    let target = if def.event == Event::PageEnter && sends { Target::Proactive } else { Target::Messaging };
    let def2 = Definition { actions: rest, ..def.clone() };
    let mut conv = Conv { target, acc: Acc::default(), st: Settings::default(), dept };
    conv.event(&def2);
    let (match_, conditions) = conv.conditions(&def2);
    let mut translated = conv.build(&def2, name, t, match_, conditions)?;
    let Conv { acc: cacc, .. } = conv;
    let mut cchanges = cacc.changes;
    // The Support trigger's dropped conditions the companion expresses: relayed by a tag.
    let lacks = |p: &str| {
        cchanges.iter().any(|c| c.path == *p && matches!(c.kind, ChangeKind::Dropped | ChangeKind::NoEquivalent))
    };
    let unrelayable = acc.changes.iter().any(|c| c.kind == ChangeKind::Dropped && c.chat.contains("firedBefore"));
    let relay = !dropped.is_empty() && !unrelayable && dropped.iter().all(|p| !lacks(p));
    if relay {
        // Its one action is the tag it adds.
        cchanges.retain(|c| !(c.kind == ChangeKind::NoEquivalent && c.chat == "actions"));
    }
    if cchanges.iter().any(|c| c.kind.blocks()) || !(sends || relay) {
        return None;
    }
    let tag = relay.then(|| relay_tag(name));
    if let Some(tag) = &tag {
        match &mut translated {
            Translated::MessagingTrigger(m) => m.actions.insert(
                m.actions.iter().position(|a| a.action == "Suspend user").unwrap_or(m.actions.len()),
                ActionOut {
                    action: "Add tags".to_owned(),
                    display_name: None,
                    value: Some(Value::String(tag.clone())),
                    quick_replies: None,
                    from: format!("{}.condition", def.base),
                },
            ),
            Translated::ProactiveMessage(p) => p.ticket_tags.push(tag.clone()),
            Translated::SupportTrigger(_) => {}
        }
        let leaf = leaf_out(
            None,
            "Tags",
            "Contains at least one of",
            Value::String(tag.clone()),
            &format!("{}.condition", def.base),
        );
        // support-api.md §1: `current_tags` includes the tag (`convert/api.rs`).
        acc.api.insert(
            format!("{}.condition", def.base),
            ApiField { field: "current_tags", operator: Some("includes"), value: Value::String(tag.clone()) },
        );
        // The tag stands for the dropped conditions: in the ALL list when Chat checked all,
        // beside the other alternatives in the ANY list when Chat checked any.
        let any_top = s.conditions.iter().skip(2).any(|c| matches!(c, Condition::Group(g) if g.from == format!("{}.condition", def.base) && g.match_ == Match::Any))
            || (match_ == Match::Any);
        if any_top {
            let mut rest: Vec<Condition> = s.conditions.drain(2..).collect();
            let inner = match rest.as_slice() {
                [Condition::Group(g)] if g.match_ == Match::Any => Some(g.conditions.clone()),
                _ => None,
            };
            if let Some(inner) = inner {
                rest = inner;
            }
            rest.push(leaf);
            s.conditions.push(Condition::Group(ConditionGroup {
                match_: Match::Any,
                conditions: rest,
                from: format!("{}.condition", def.base),
                note: "the ticket trigger's ANY list: at least one must hold".to_owned(),
            }));
        } else {
            s.conditions.push(leaf);
        }
        for c in acc.changes.iter_mut().filter(|c| dropped.contains(&c.path)) {
            c.kind = ChangeKind::Moved;
            c.messaging = Some(format!("the {} beside it, which adds the tag {tag}", target.label()));
            c.reason = format!(
                "no ticket-trigger condition for it, but the {} tests it and adds the tag {tag}, and this Support trigger tests Tags contains {tag} (K5); that the ticket trigger runs after the tag is added is inferred [I]: test it, and use Ticket Is Updated if the tag comes later",
                target.label()
            );
        }
    }
    // The message is the companion's.
    if sends {
        let message_paths: Vec<String> =
            def.actions.iter().filter(|a| a.kind == Some(ActionKind::SendMessage)).map(|a| a.path.clone()).collect();
        for c in acc.changes.iter_mut().filter(|c| c.kind == ChangeKind::Dropped && message_paths.contains(&c.path)) {
            c.kind = ChangeKind::Moved;
            c.messaging = Some(format!("the {} beside it", target.label()));
            c.reason = format!(
                "a Support trigger does not post into the conversation: the message is kept in the {} beside it (K5, K15)",
                target.label()
            );
        }
    }
    let what = match (sends, tag.is_some()) {
        (true, true) => "send the message nor test every condition",
        (true, false) => "send the message",
        _ => "test every condition",
    };
    let relayed = tag.as_ref().map_or_else(String::new, |t| {
        format!(
            "; it adds the tag {t}, which the Support trigger tests instead (that the ticket trigger runs after the tag is added is inferred: test it, else use Ticket Is Updated)"
        )
    });
    acc.add(
        ChangeKind::Approximated,
        &def.base,
        format!("\"{name}\": one Chat trigger"),
        Some(format!("a Support trigger and a {}", target.label())),
        format!(
            "a ticket trigger cannot {what}: create the {} shown beside it too (K5, K15){relayed}; no source says Zendesk's migration splits a trigger in two [I]",
            target.label()
        ),
        &["K5", "K15", "K3"],
    );
    Some(Companion { translated, relay_tag: tag, changes: cchanges })
}
