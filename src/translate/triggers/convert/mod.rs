//! One Chat trigger → its outcome, its translation and the exact list of changes.
//!
//! The target follows mapping.md §16 and K3, in this order:
//! 1. a definition that cannot be read, or an unknown event → not migrated;
//! 2. `setDepartment` (routing) → Support trigger (messaging triggers cannot route; the
//!    rule in `rules/set_department.rs`);
//! 3. `page_enter` → proactive message when it sends a message, else not migrated;
//! 4. `chat_requested` / `chat_message` → messaging trigger.
//!
//! Then every condition and action is mapped through `tables.rs`. A condition without a
//! counterpart blocks a messaging trigger (it keeps its enabled state, K3, and would fire
//! more broadly than in Chat); Support triggers and proactive messages are created
//! inactive (K3), so there it is dropped and flagged for the admin to replace before
//! activating. Anything unknown blocks: the wizard's "conversion failed" (K3).
//!
//! This file runs the stages in order; each stage is one file:
//! - [`normalise`]: `not` pushed down and nested groups merged (the Chat tree → one level);
//! - [`conditions`]: the run event and every condition, through the tables and the rules;
//! - [`actions`]: every action and the message text, and the translated trigger assembled;
//! - [`describe`]: the Chat original in words, for the side-by-side view and the notes;
//! - [`outcome`]: the outcome, the reason an admin reads, the sources, the away check.

mod actions;
mod companion;
mod conditions;
mod describe;
mod normalise;
mod outcome;

use serde_json::Value;

use super::context::{Acc, Conv, Settings};
pub use super::context::{DepartmentGroup, Warn};
use super::parse::{self, Definition, Event};
use super::rules::Rule;
use super::tables::{self, Map, Target};
use crate::account::chat::Trigger;
use crate::plan::payload::trigger::*;

/// Everything the plan needs about one trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub payload: TriggerPayload,
    /// One paragraph for `Item.reason`, naming the deciding condition or action.
    pub reason: String,
    /// For `Item.target`.
    pub target: String,
    /// Parts must be redone by hand.
    pub manual: bool,
    pub refs: Vec<&'static str>,
    pub warnings: Vec<Warn>,
    /// A part the plan cannot settle and no source says the wizard can (a department that
    /// was not exported): the item is manual on either activation path.
    pub unresolved: bool,
    /// A Support trigger's Triggers API body, when every condition and action has an API
    /// field (the item's call is made from it, `TriggerPayload::create`).
    pub support_body: Option<Value>,
}

/// Convert trigger number `index` of `chat/triggers.json`.
pub fn convert(index: usize, t: &Trigger, dept: &dyn Fn(&Value) -> Option<DepartmentGroup>) -> Converted {
    let base = format!("[{index}].definition");
    let name = t.key(index);
    let enabled = t.is_enabled();
    let mut chat = ChatOriginal {
        name: name.clone(),
        id: t.id.as_ref().map(ToString::to_string),
        description: t.description.clone().unwrap_or_default(),
        enabled,
        definition: t.definition_value().cloned().unwrap_or(Value::Null),
        summary: None,
    };
    let def = match parse::parse_trigger(t, &base) {
        Ok(d) => d,
        Err(e) => {
            let mut acc = Acc::default();
            acc.add(ChangeKind::ParseError, &e.path, "definition", None, e.message.clone(), &["K20"]);
            acc.warn(
                "trigger-parse-error",
                format!(
                    "the definition could not be read at {}: {}; the trigger is planned as not migrated: fix it in Chat > Settings > Triggers or recreate it by hand",
                    e.path, e.message
                ),
            );
            return outcome::finish(acc, None, chat, &def_stub(), enabled, None, &name);
        }
    };
    chat.summary = Some(describe::summarize(&def));

    let mut acc = Acc::default();
    for p in &def.decoded {
        acc.add(
            ChangeKind::Note,
            p,
            "JSON-encoded string",
            None,
            "read as the JSON it contains (lenient reading)",
            &[],
        );
    }
    for p in &def.unknown_keys {
        acc.add(
            ChangeKind::Note,
            p,
            "unknown key",
            None,
            "not part of the trigger language this tool reads; kept verbatim in the Chat original",
            &["K20"],
        );
        acc.warn(
            "trigger-unknown-key",
            format!(
                "{p} is not a known part of a trigger definition; it is kept verbatim in the plan, check it by hand"
            ),
        );
    }

    // A rule named by an action's messaging column that routes: the trigger becomes a Support
    // trigger (rules/set_department.rs).
    let routes = def
        .actions
        .iter()
        .any(|a| a.kind.is_some_and(|k| matches!(tables::action_kind(k).messaging, Map::Rule(Rule::SetDepartment))));
    let target = match &def.event {
        Event::Unknown(e) => {
            acc.add(
                ChangeKind::Unknown,
                &def.event_path,
                format!("\"{e}\""),
                None,
                "unknown event: Chat documents page_enter, chat_requested and chat_message (K20); kept verbatim",
                &["K20"],
            );
            acc.warn(
                "trigger-unknown-event",
                format!("unknown event \"{e}\" at {}: kept verbatim; the trigger is not migrated, recreate it by hand if it matters", def.event_path),
            );
            return outcome::finish(acc, None, chat, &def, enabled, None, &name);
        }
        _ if routes => Target::Support,
        Event::PageEnter => Target::Proactive,
        Event::ChatRequested | Event::ChatMessage => Target::Messaging,
    };

    let mut conv = Conv { target, acc, st: Settings::default(), dept };
    conv.event(&def);
    let (match_, conditions) = conv.conditions(&def);
    if target == Target::Messaging && outcome::looks_proactive(&def) {
        conv.acc.add(
            ChangeKind::Note,
            &def.event_path,
            def.event.name().to_owned(),
            None,
            "its conditions look proactive (a delay on the page and no chat requested): if it was meant to run on page load, recreate it as a proactive message (K15) [I]",
            &["K15"],
        );
    }
    let mut translated = conv.build(&def, &name, t, match_, conditions);
    let Conv { mut acc, .. } = conv;
    let companion = if target == Target::Support {
        companion::attach(&def, &name, t, dept, &mut translated, &mut acc)
    } else {
        None
    };
    let standard = outcome::standard_match(&name, &translated, &def.event);
    let mut done = outcome::finish(acc, translated, chat, &def, enabled, standard, &name);
    if done.payload.outcome == TriggerOutcome::SupportTrigger {
        done.payload.companion = companion;
    }
    done
}

/// An empty definition, for triggers whose definition could not be read.
fn def_stub() -> Definition {
    Definition {
        base: String::new(),
        event: Event::Unknown(String::new()),
        event_path: String::new(),
        condition: None,
        actions: Vec::new(),
        decoded: Vec::new(),
        unknown_keys: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(v: Value) -> Converted {
        let t: Trigger = serde_json::from_value(v).unwrap();
        let dept = |v: &Value| {
            (v == &json!(7)).then(|| DepartmentGroup { name: "Sales".into(), group: Some("Sales team".into()) })
        };
        convert(0, &t, &dept)
    }

    fn messaging(c: &Converted) -> &MessagingTrigger {
        match &c.payload.translated {
            Some(Translated::MessagingTrigger(m)) => m,
            other => panic!("not a messaging trigger: {other:?} / {:?}", c.payload.changes),
        }
    }

    fn kinds(c: &Converted, kind: ChangeKind) -> Vec<(&str, &str)> {
        c.payload.changes.iter().filter(|x| x.kind == kind).map(|x| (x.path.as_str(), x.chat.as_str())).collect()
    }

    fn leaf(c: &Condition) -> (&str, &str, &Value) {
        match c {
            Condition::Leaf(l) => (l.condition.as_str(), l.operator.as_str(), &l.value),
            Condition::Group(g) => panic!("group {g:?}"),
        }
    }

    #[test]
    fn nested_all_is_flattened_and_values_change() {
        let c = run(json!({"name": "Rescue", "enabled": true, "definition": {"event": "chat_message",
            "condition": ["and", ["and", ["neq", "@account_status", "offline"], ["eq", "@sender_type", "visitor"]], ["icontains", "@message", "help"]],
            "actions": [["sendMessageToVisitor", "Bot", "Hi"]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::MessagingTrigger);
        let m = messaging(&c);
        assert_eq!(m.match_, Match::All);
        assert_eq!(m.run_trigger, "When a message is sent");
        let got: Vec<_> = m.conditions.iter().map(leaf).collect();
        assert_eq!(got[0], ("Account status", "Is not", &json!("Invisible")));
        assert_eq!(got[1], ("Sender Type", "Is", &json!("Customer")));
        assert_eq!(got[2], ("Message", "Contains", &json!("help")));
        assert_eq!(kinds(&c, ChangeKind::Flattened), vec![("[0].definition.condition[1]", "nested all group")]);
        let values: Vec<_> = c.payload.changes.iter().filter(|x| x.kind == ChangeKind::ValueChanged).collect();
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].messaging.as_deref(), Some("Account status = Invisible"));
        assert_eq!(values[1].chat, "@sender_type = \"visitor\"");
        assert!(!c.manual, "{:?}", c.payload.changes);
    }

    #[test]
    fn not_is_folded_and_pushed_into_groups() {
        let c = run(json!({"name": "x", "definition": {"event": "chat_requested",
            "condition": ["not", ["or", ["eq", "@visitor_served", true], ["lt", "@queue_size", 3]]],
            "actions": [["wait", 2]]}}));
        let m = messaging(&c);
        assert_eq!(m.match_, Match::All);
        let got: Vec<_> = m.conditions.iter().map(leaf).collect();
        assert_eq!(
            got,
            vec![("Customer served", "Is not", &json!(true)), ("Queue Size", "Greater than or equal to", &json!(3))]
        );
        let flat = kinds(&c, ChangeKind::Flattened);
        assert_eq!(flat[0], ("[0].definition.condition", "not (any of …)"));
        assert_eq!(flat.len(), 3, "{flat:?}");
    }

    #[test]
    fn mixed_all_and_any_is_flagged_not_flattened() {
        let c = run(json!({"name": "x", "definition": {"event": "chat_requested",
            "condition": ["and", ["eq", "@visitor_requesting_chat", true], ["or", ["eq", "@account_status", "away"], ["eq", "@account_status", "offline"]]],
            "actions": [["sendMessageToVisitor", "CS", "We are away"]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::MessagingTrigger);
        assert!(c.manual);
        assert_eq!(
            kinds(&c, ChangeKind::NotEquivalentNesting),
            vec![("[0].definition.condition[2]", "any of 2 conditions inside all")]
        );
        let m = messaging(&c);
        assert!(matches!(&m.conditions[1], Condition::Group(g) if g.match_ == Match::Any && g.conditions.len() == 2));
        // Away in either form: an away auto-reply (D-29).
        assert!(c.payload.away_auto_reply);
    }

    #[test]
    fn at_at_is_unescaped_and_placeholders_renamed() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["eq", "@visitor_requesting_chat", true],
            "actions": [["sendMessageToVisitor", "CS", "Hi @visitor_name, mail help@@acme.example from @visitor_city"]]}}),
        );
        let m = messaging(&c);
        assert_eq!(m.actions[0].value, Some(json!("Hi @customer_name, mail help@acme.example from @visitor_city")));
        assert_eq!(kinds(&c, ChangeKind::Unescaped), vec![("[0].definition.actions[0]", "@@")]);
        assert_eq!(kinds(&c, ChangeKind::PlaceholderRenamed), vec![("[0].definition.actions[0]", "@visitor_name")]);
        assert_eq!(kinds(&c, ChangeKind::PlaceholderLost), vec![("[0].definition.actions[0]", "@visitor_city")]);
        assert!(c.manual);
    }

    #[test]
    fn ban_becomes_suspend_user_as_last_action() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_message", "condition": ["icontains", "@message", "spam"],
            "actions": [["ban"], ["addTag", "spam"]]}}),
        );
        let m = messaging(&c);
        let names: Vec<_> = m.actions.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(names, ["Add tags", "Suspend user"]);
        assert_eq!(kinds(&c, ChangeKind::Moved), vec![("[0].definition.actions[0]", "Block visitor")]);
    }

    #[test]
    fn fired_before_becomes_run_once_only_at_the_top() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["and", ["not", ["firedBefore"]], ["eq", "@visitor_served", false]], "actions": [["wait", 1]]}}),
        );
        assert!(messaging(&c).run_only_once_per_ticket);
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["or", ["not", ["firedBefore"]], ["eq", "@visitor_served", false]], "actions": [["wait", 1]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::NotMigratable);
        assert_eq!(
            kinds(&c, ChangeKind::NoEquivalent),
            vec![("[0].definition.condition[1]", "[\"not\", [\"firedBefore\"]]")]
        );
    }

    #[test]
    fn set_department_makes_a_support_trigger_with_the_group() {
        let c = run(
            json!({"name": "Route", "enabled": true, "definition": {"event": "page_enter", "condition": ["and", ["icontains", "@visitor_page_url", "/pricing"]], "actions": [["setDepartment", 7], ["sendMessageToVisitor", "a", "b"]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::SupportTrigger);
        assert!(!c.payload.active_after_migration);
        let Some(Translated::SupportTrigger(s)) = &c.payload.translated else { panic!() };
        assert_eq!(s.actions[0].value, Some(json!("Sales team (from department \"Sales\")")));
        // Review #1, #11: the page URL has no ticket-trigger condition and the message no
        // ticket action; both are kept by a proactive message beside it, which adds a tag
        // the Support trigger tests.
        assert!(kinds(&c, ChangeKind::Dropped).is_empty(), "{:?}", c.payload.changes);
        assert_eq!(kinds(&c, ChangeKind::Moved).len(), 2);
        let companion = c.payload.companion.as_ref().expect("a companion");
        assert_eq!(companion.relay_tag.as_deref(), Some("chat_route_route"));
        let Translated::ProactiveMessage(p) = &companion.translated else { panic!("{companion:?}") };
        assert_eq!(p.response.message, "b");
        assert_eq!(p.ticket_tags, ["chat_route_route"]);
        assert_eq!(leaf(&p.conditions[0]).0, "Page URL");
        assert!(
            s.conditions
                .iter()
                .any(|x| matches!(x, Condition::Leaf(l) if l.condition == "Tags" && l.value == "chat_route_route"))
        );
        assert!(c.manual);
    }

    /// An away/offline auto-reply (D-29) runs on a request or a message, sends a message,
    /// and requires the account away or offline; readiness lists the enabled ones from the
    /// payload (`readiness::away_auto_reply_triggers`).
    #[test]
    fn away_auto_reply_needs_status_condition_and_message() {
        let away = |def: Value| run(json!({"name": "t", "definition": def})).payload.away_auto_reply;
        assert!(away(json!({"event": "chat_requested",
            "condition": ["and", ["eq", "@account_status", "Away"], ["not", ["firedBefore"]]],
            "actions": [["sendMessageToVisitor", "CS", "We are away"]]})));
        let offline = json!({"event": "chat_message", "condition": ["or", ["and", ["neq", "@account_status", "online"]]],
            "action": [["sendMessageToVisitor", "CS", "x"]]});
        assert!(away(offline), "nested, `action` spelling");
        assert!(
            !away(json!({"condition": ["eq", "@account_status", "offline"], "actions": [["addTag", "x"]]})),
            "no message sent"
        );
        assert!(
            !away(
                json!({"condition": ["eq", "@account_status", "online"], "actions": [["sendMessageToVisitor", "CS", "x"]]})
            ),
            "online status"
        );
        // Disabled or not, it is one; whether it matters is readiness's question.
        let c = run(json!({"name": "t", "enabled": false, "definition": {"event": "chat_requested",
            "condition": ["eq", "@account_status", "away"], "actions": [["sendMessageToVisitor", "CS", "x"]]}}));
        assert!(c.payload.away_auto_reply && !c.payload.enabled_in_chat);
    }

    /// Each part of a Support trigger has its Triggers API field (support-api.md §1), the
    /// channel and the group by typed reference; a part without one leaves no API body.
    #[test]
    fn a_support_trigger_carries_its_api_body() {
        let c = run(json!({"name": "Route", "description": "d", "definition": {"event": "chat_message",
            "condition": ["or", ["eq", "@sender_type", "visitor"], ["icontains", "@message", "refund"], ["hasTag", "vip"], ["eq", "@department", 7]],
            "actions": [["setDepartment", 7], ["addTag", "routed"], ["removeTag", "new"]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::SupportTrigger);
        let body = c.support_body.as_ref().expect("every part has an API field");
        assert_eq!(
            body,
            &json!({"trigger": {"title": "Route", "description": "d", "active": false,
            "conditions": {
                "all": [
                    {"field": "update_type", "operator": "is", "value": "Change"},
                    {"field": "via_id", "operator": "is", "value": {"$ref": "trigger_definition", "field": "via_id", "title": "Messaging"}},
                ],
                "any": [
                    {"field": "role", "operator": "is", "value": "end_user"},
                    {"field": "comment_includes_word", "operator": "is", "value": "refund"},
                    {"field": "current_tags", "operator": "includes", "value": "vip"},
                    {"field": "group_id", "operator": "is", "value": {"$ref": "group", "name": "Sales team"}},
                ]},
            "actions": [
                {"field": "group_id", "value": {"$ref": "group", "name": "Sales team"}},
                {"field": "current_tags", "value": "routed"},
                {"field": "remove_tags", "value": "new"},
            ]}})
        );
        // A department the export does not hold: the group is the admin's to pick, no body.
        let c = run(json!({"name": "x", "definition": {"event": "page_enter", "actions": [["setDepartment", 9]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::SupportTrigger);
        assert!(c.support_body.is_none());
    }

    /// Review #1: a chat-event trigger that greets and routes keeps its greeting in a
    /// messaging trigger; Chat never ran its department action (review #2).
    #[test]
    fn a_message_and_a_department_keep_the_message() {
        let c = run(json!({"name": "Q2", "enabled": true, "definition": {"event": "chat_requested",
            "condition": ["and", ["eq", "@visitor_country_code", "DE"]],
            "actions": [["sendMessageToVisitor", "CS", "Hallo"], ["setDepartment", 7]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::SupportTrigger);
        let companion = c.payload.companion.as_ref().expect("a companion");
        let Translated::MessagingTrigger(m) = &companion.translated else { panic!("{companion:?}") };
        assert_eq!(m.run_trigger, "When a customer requests a conversation");
        assert_eq!(leaf(&m.conditions[0]), ("Customer country", "Is", &json!("DE")));
        let actions: Vec<_> = m.actions.iter().map(|a| (a.action.as_str(), a.value.clone())).collect();
        assert_eq!(
            actions,
            [("Send message to customer", Some(json!("Hallo"))), ("Add tags", Some(json!("chat_route_q2")))]
        );
        assert_eq!(kinds(&c, ChangeKind::NewBehaviour).len(), 1);
        // Without a condition messaging lacks, no companion is invented.
        let c = run(json!({"name": "x", "definition": {"event": "chat_requested",
            "condition": ["eq", "@visitor_city", "Berlin"], "actions": [["sendMessageToVisitor", "CS", "Hi"], ["setDepartment", 7]]}}));
        assert!(c.payload.companion.is_none());
        assert_eq!(kinds(&c, ChangeKind::Dropped).len(), 2);
    }

    #[test]
    fn unknown_parts_block_and_are_reported() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@visitor_mood", "happy"], ["startswith", "@message", "hi"]], "actions": [["sendSurvey", 1]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::NotMigratable);
        let codes: Vec<_> = c.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["trigger-unknown-variable", "trigger-unknown-operator", "trigger-unknown-action"]);
        assert!(
            c.reason.contains("@visitor_mood") && c.reason.contains("startswith") && c.reason.contains("sendSurvey"),
            "{}",
            c.reason
        );
        // The original stays verbatim in the payload.
        assert_eq!(c.payload.chat.definition["actions"][0][0], json!("sendSurvey"));
    }

    #[test]
    fn a_bad_definition_is_not_migrated_with_its_path() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@visitor_served"]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::NotMigratable);
        assert_eq!(c.payload.changes[0].kind, ChangeKind::ParseError);
        assert_eq!(c.payload.changes[0].path, "[0].definition.condition[1]");
        assert_eq!(c.warnings[0].code, "trigger-parse-error");
    }

    #[test]
    fn source_type_marks_a_trigger_that_already_targets_messaging() {
        let c = run(json!({"name": "x", "definition": {"event": "chat_message",
            "condition": ["and", ["eq", "@visitor_source_type", "sunco_web"], ["and", ["eq", "@visitor_served", false], ["gt", "@visitor_previous_chats", 0]]],
            "actions": [["sendMessageToVisitor", "Sales Support", "How May I help you?"]]}}));
        assert!(c.payload.targets_messaging);
        let m = messaging(&c);
        assert_eq!(m.conditions.len(), 2);
        assert_eq!(leaf(&m.conditions[1]).0, "Customer previous conversations");
    }

    #[test]
    fn only_a_wait_before_the_proactive_message_delays_it() {
        let c = run(json!({"name": "x", "definition": {"event": "page_enter", "condition": ["stillOnPage", 10],
            "actions": [["wait", 5], ["sendMessageToVisitor", "a", "Hi"], ["wait", 30]]}}));
        let Some(Translated::ProactiveMessage(p)) = &c.payload.translated else { panic!("{:?}", c.payload) };
        assert_eq!(p.seconds, Some(15));
        assert_eq!(kinds(&c, ChangeKind::Dropped), vec![("[0].definition.actions[2]", "[\"wait\", 30]")]);
    }

    #[test]
    fn proactive_visit_history() {
        let c = run(
            json!({"name": "x", "definition": {"event": "page_enter", "condition": ["and", ["eq", "@visitor_previous_visits", 0]], "actions": [["sendMessageToVisitor", "a", "Welcome"]]}}),
        );
        let Some(Translated::ProactiveMessage(p)) = &c.payload.translated else { panic!("{:?}", c.payload) };
        assert_eq!(leaf(&p.conditions[0]), ("Visit history", "Is", &json!("New user")));
        assert_eq!(p.event, "Visitor loads the page");
    }
}
