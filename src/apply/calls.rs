//! From a plan to the calls apply considers: one [`Call`] per object the plan's payloads
//! make (a schedule and its workweek, a group and one membership per agent, a macro, a
//! ticket field per pre-chat field, a Support trigger and the one trigger category they go
//! in), each with the reconcile verdict of its live counterpart.
//!
//! Reads plan format 2's payloads (`ApiCall{method, path, body}`, `{schedule_id}` in the
//! workweek path). An id known only at apply time is a reference by key: `{"ref": KEY}` in a
//! body, `{KEY}` in a path, resolved by the runner.

use serde_json::Value;

use super::changeset::{Call, Kind, Limits};
use super::live::Account;
use crate::account::support::SubscriptionTier;
use crate::plan::payload::ApiCall;
use crate::plan::payload::trigger::Translated;
use crate::plan::{Item, Outcome, Payload, Plan};
use crate::reconcile::{self, ExpectedField, ExpectedGroup, ExpectedMacro, ExpectedSchedule, Verdict};

/// The key of the one trigger category apply puts its Support triggers in.
pub const TRIGGER_CATEGORY_KEY: &str = "trigger-category";

/// The trigger category's name: one per move, so the converted triggers are found together.
pub fn trigger_category_name(subdomain: &str) -> String {
    format!("Moved from Chat ({subdomain})")
}

/// Every call of `plan`, in dependency order (each call after what it depends on).
pub fn calls(plan: &Plan, live: &Account) -> Vec<Call> {
    let mut out = Vec::new();
    for item in &plan.items {
        let Some(payload) = &item.payload else { continue };
        match payload {
            Payload::Schedule(p) => {
                let key = format!("schedule:{}", item.source);
                let name = text(p.create.body.pointer("/schedule/name"));
                let verdict = ExpectedSchedule::from_payload(p).map(|e| reconcile::schedule(&e, &live.schedules));
                out.push(call(item, &key, Kind::Schedule, &name, &p.create, "schedule", verdict, vec![]));
                let mut ww = call(
                    item,
                    &format!("{key}/workweek"),
                    Kind::Workweek,
                    &name,
                    &p.workweek,
                    "workweek",
                    None,
                    vec![key.clone()],
                );
                ww.path = p.workweek.path.replace("{schedule_id}", &format!("{{{key}}}"));
                out.push(ww);
            }
            Payload::Group(p) => {
                let Some(create) = &p.create else { continue };
                let key = format!("group:{}", item.source);
                let name = text(create.body.pointer("/group/name"));
                // The group alone: its members are calls of their own.
                let want = ExpectedGroup { name: name.clone(), members: Vec::new() };
                let verdict = reconcile::group(&want, &live.groups, &[], &[]);
                out.push(call(item, &key, Kind::Group, &name, create, "group", Some(verdict), vec![]));
                for m in &p.members {
                    let who = m.email.clone().unwrap_or_else(|| format!("Chat agent {}", m.chat_agent_id));
                    let label = format!("{who} → {name}");
                    let mkey = format!("member:{}:{}", item.source, m.chat_agent_id);
                    let body = serde_json::json!({"group_membership": {
                        "user_id": m.support_user_id.as_ref().map(|u| id_value(&u.0)),
                        "group_id": {"ref": key},
                    }});
                    let api = ApiCall { method: "POST".into(), path: Kind::Membership.collection().into(), body };
                    let mut c =
                        call(item, &mkey, Kind::Membership, &label, &api, "group_membership", None, vec![key.clone()]);
                    match &m.support_user_id {
                        Some(u) => c.pair = Some((u.0.clone(), key.clone())),
                        None => {
                            c.left = Some(format!(
                                "{who} is a chat-only agent without a Support user: add them as a Support agent first, then to the group"
                            ));
                        }
                    }
                    out.push(c);
                }
            }
            Payload::Macro(api) => {
                let key = format!("macro:{}", item.source);
                let name = text(api.body.pointer("/macro/title"));
                let verdict = ExpectedMacro::from_body(&api.body).map(|e| reconcile::macro_(&e, &live.macros));
                out.push(call(item, &key, Kind::Macro, &name, api, "macro", verdict, vec![]));
            }
            Payload::Response(p) => {
                for body in &p.ticket_fields {
                    let name = text(body.pointer("/ticket_field/title"));
                    let key = format!("field:{}:{name}", item.source);
                    let verdict =
                        ExpectedField::from_body(body).map(|e| reconcile::ticket_field(&e, &live.ticket_fields));
                    let api = ApiCall {
                        method: "POST".into(),
                        path: Kind::TicketField.collection().into(),
                        body: body.clone(),
                    };
                    out.push(call(item, &key, Kind::TicketField, &name, &api, "ticket_field", verdict, vec![]));
                }
            }
            Payload::Trigger(t) => {
                if let Some(Translated::SupportTrigger(s)) = &t.translated {
                    let key = format!("trigger:{}", item.source);
                    let api =
                        ApiCall { method: "POST".into(), path: Kind::Trigger.collection().into(), body: Value::Null };
                    let mut c = call(item, &key, Kind::Trigger, &s.name, &api, "trigger", None, vec![]);
                    // Format 2 gives a Support trigger in Admin Center terms only, without the
                    // API fields a create needs: left to a person, with the guide's steps.
                    c.left = Some(
                        "the plan gives this trigger in Admin Center terms, not as API fields: create it by hand (inactive) as the guide shows"
                            .to_owned(),
                    );
                    out.push(c);
                }
            }
            _ => {}
        }
    }
    add_trigger_category(plan, &mut out);
    out
}

/// The trigger category goes before the first trigger apply will make, and every trigger
/// made depends on it (`category_id` a reference to it); created inactive (K3).
fn add_trigger_category(plan: &Plan, out: &mut Vec<Call>) {
    let Some(first) = out.iter().position(|c| c.kind == Kind::Trigger && c.left.is_none()) else { return };
    for c in out.iter_mut().filter(|c| c.kind == Kind::Trigger && c.left.is_none()) {
        c.depends_on.push(TRIGGER_CATEGORY_KEY.to_owned());
        if let Some(o) = c.body.as_object_mut() {
            o.insert("active".into(), Value::Bool(false));
            o.insert("category_id".into(), serde_json::json!({"ref": TRIGGER_CATEGORY_KEY}));
        }
    }
    let name = trigger_category_name(&plan.account.subdomain);
    out.insert(
        first,
        Call {
            key: TRIGGER_CATEGORY_KEY.to_owned(),
            kind: Kind::TriggerCategory,
            source: "chat/triggers.json".to_owned(),
            outcome: Outcome::Translated,
            method: "POST".to_owned(),
            path: Kind::TriggerCategory.collection().to_owned(),
            body: serde_json::json!({"name": name}),
            depends_on: Vec::new(),
            name,
            pair: None,
            left: None,
            verdict: None,
        },
    );
}

#[allow(clippy::too_many_arguments)]
fn call(
    item: &Item,
    key: &str,
    kind: Kind,
    name: &str,
    api: &ApiCall,
    root: &str,
    verdict: Option<Verdict>,
    depends_on: Vec<String>,
) -> Call {
    let left = match item.outcome {
        Outcome::Manual => Some(format!("the plan leaves it to a person: {}", item.reason)),
        Outcome::NotMigratable => Some(format!("not migratable: {}", item.reason)),
        Outcome::Translated | Outcome::MigratedByZendesk => None,
    };
    Call {
        key: key.to_owned(),
        kind,
        source: item.source.clone(),
        outcome: item.outcome,
        method: api.method.to_string(),
        path: api.path.clone(),
        body: api.body.get(root).cloned().unwrap_or_else(|| api.body.clone()),
        depends_on,
        name: name.to_owned(),
        pair: None,
        left,
        verdict,
    }
}

fn text(v: Option<&Value>) -> String {
    v.and_then(Value::as_str).unwrap_or_default().to_owned()
}

fn id_value(id: &str) -> Value {
    id.parse::<u64>().map_or_else(|_| Value::String(id.to_owned()), Value::from)
}

/// The limits of the account's Support plan, from the plan's `plan` fact: no schedule on
/// Team (K9, as translate::hours says); one on Growth and Professional (support-api.md §3:
/// third-party pages only, unverified against Zendesk); no known limit on Enterprise or
/// when the tier is not known.
pub fn limits(plan: &Plan) -> Limits {
    let tier = plan
        .account
        .facts
        .iter()
        .find(|f| f.fact == "plan")
        .and_then(|f| serde_json::from_value::<SubscriptionTier>(f.value.clone()).ok());
    let max_schedules = match tier {
        Some(SubscriptionTier::SupportTeam | SubscriptionTier::SuiteTeam) => Some(0),
        Some(
            SubscriptionTier::SupportProfessional | SubscriptionTier::SuiteGrowth | SubscriptionTier::SuiteProfessional,
        ) => Some(1),
        _ => None,
    };
    Limits { max_schedules }
}

/// The value of a channel in the account's trigger definitions (`conditions_all[subject
/// = via_id].values`, support-api.md §1), by its title: read at run time, never guessed.
pub fn channel_value(definitions: &Value, title: &str) -> Option<String> {
    definitions
        .get("conditions_all")?
        .as_array()?
        .iter()
        .find(|d| d.get("subject").and_then(Value::as_str) == Some("via_id"))?
        .get("values")?
        .as_array()?
        .iter()
        .find(|v| v.get("title").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(title)))
        .and_then(|v| match v.get("value")? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_channel_is_read_from_the_definitions_by_title() {
        let defs = json!({"conditions_all": [
            {"subject": "update_type", "values": [{"value": "Create", "title": "Created"}]},
            {"subject": "via_id", "values": [{"value": "29", "title": "Chat"}, {"value": 913, "title": "Messaging"}]}
        ]});
        assert_eq!(channel_value(&defs, "messaging").as_deref(), Some("913"));
        assert_eq!(channel_value(&defs, "Chat").as_deref(), Some("29"));
        assert_eq!(channel_value(&defs, "Fax"), None);
        assert_eq!(channel_value(&Value::Null, "Chat"), None);
    }
}
