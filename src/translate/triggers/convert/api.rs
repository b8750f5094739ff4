//! Stage 5: a Support trigger's Triggers API body (support-api.md §1), from the translated
//! Support trigger in its final form (after `companion.rs` added the relay tag).
//!
//! Each condition and action the Support target keeps recorded its API field under the path
//! of the Chat part it came from ([`Conv::api`](crate::translate::triggers::context)); the
//! relay tag records its own. The base conditions are added here: the ticket is created (or
//! updated, for a Chat trigger on each message), and its channel is messaging, whose `via_id`
//! the account's `GET /api/v2/triggers/definitions` gives (a typed reference, not a guess).
//! A part without an API field, or a nesting a ticket trigger cannot hold, leaves no body:
//! the admin recreates that trigger from the translation.

use serde_json::Value;

use crate::plan::payload::IdRef;
use crate::plan::payload::trigger::{Condition, Match, SupportTrigger};
use crate::translate::triggers::context::{Acc, ApiField};

/// The body of `POST /api/v2/triggers` for `s`, created inactive (K3).
pub(super) fn support_body(acc: &Acc, s: &SupportTrigger) -> Option<Value> {
    let field = |from: &str| acc.api.get(from).map(ApiField::to_json);
    // The first two conditions are the base ones (`actions.rs`), built again below.
    let mut all = Vec::new();
    let mut any = Vec::new();
    for c in s.conditions.iter().skip(2) {
        match c {
            Condition::Leaf(l) => all.push(field(&l.from)?),
            // Ticket triggers have one ANY list beside the ALL one: an ANY group of leaves.
            Condition::Group(g) if g.match_ == Match::Any && any.is_empty() => {
                for inner in &g.conditions {
                    let Condition::Leaf(l) = inner else { return None };
                    any.push(field(&l.from)?);
                }
            }
            Condition::Group(_) => return None,
        }
    }
    let actions: Vec<Value> = s.actions.iter().map(|a| field(&a.from)).collect::<Option<_>>()?;
    if actions.is_empty() {
        return None;
    }
    let update = if acc.ticket_updated { "Change" } else { "Create" };
    let channel = IdRef::TriggerDefinition { field: "via_id".to_owned(), title: "Messaging".to_owned() };
    let mut conditions = vec![
        ApiField { field: "update_type", operator: Some("is"), value: Value::String(update.to_owned()) }.to_json(),
        ApiField { field: "via_id", operator: Some("is"), value: channel.to_value() }.to_json(),
    ];
    conditions.extend(all);
    let mut trigger = serde_json::Map::new();
    trigger.insert("title".into(), Value::String(s.name.clone()));
    if !s.description.is_empty() {
        trigger.insert("description".into(), Value::String(s.description.clone()));
    }
    trigger.insert("active".into(), Value::Bool(false));
    trigger.insert("conditions".into(), serde_json::json!({"all": conditions, "any": any}));
    trigger.insert("actions".into(), Value::Array(actions));
    Some(serde_json::json!({ "trigger": trigger }))
}
