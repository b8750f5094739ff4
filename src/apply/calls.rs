//! From a plan to the calls apply considers: one [`Call`] per API call of the plan (plan
//! format 3: `ApiCall{key, method, path, depends_on, object, adopt_by, body}`), each with
//! the reconcile verdict of its live counterpart, plus what the plan leaves to a person (a
//! member without a Support user) and the one trigger category apply puts its Support
//! triggers in.
//!
//! References stay as the plan writes them (`{"$ref": "depends_on"}`, a group by name, a
//! trigger definition; `{id}` in a path) and are resolved by the runner when the ids exist;
//! the trigger category is referenced as `{"ref": "trigger-category"}` (apply's own call).

use crate::plan::payload::Method;
use serde_json::Value;

use super::changeset::{Call, Kind, Limits};
use super::live::Account;
use crate::account::support::SubscriptionTier;
use crate::plan::payload::{ApiCall, IdRef, Object};
use crate::plan::{Item, Outcome, Payload, Plan};
use crate::reconcile::{self, ExpectedField, ExpectedGroup, ExpectedMacro, ExpectedSchedule, ExpectedTrigger};

/// The key of the one trigger category apply puts its Support triggers in.
pub const TRIGGER_CATEGORY_KEY: &str = "trigger-category";

/// The trigger category's name: one per move, so the converted triggers are found together.
pub fn trigger_category_name(subdomain: &str) -> String {
    format!("Moved from Chat ({subdomain})")
}

fn kind(o: Object) -> Kind {
    match o {
        Object::Schedule => Kind::Schedule,
        Object::Workweek => Kind::Workweek,
        Object::Group => Kind::Group,
        Object::GroupMembership => Kind::Membership,
        Object::Macro => Kind::Macro,
        Object::TicketField => Kind::TicketField,
        Object::Trigger => Kind::Trigger,
    }
}

/// Every call of `plan`, in the plan's order (each after what it depends on).
pub fn calls(plan: &Plan, live: &Account) -> Vec<Call> {
    let mut out: Vec<Call> = Vec::new();
    for item in &plan.items {
        let Some(payload) = &item.payload else { continue };
        for api in payload.calls() {
            let mut c = call(item, api);
            c.verdict = match (payload, c.kind) {
                (Payload::Schedule(p), Kind::Schedule) => {
                    ExpectedSchedule::from_payload(p).map(|e| reconcile::schedule(&e, &live.schedules))
                }
                // The group alone: its memberships are calls of their own.
                (Payload::Group(_), Kind::Group) => Some(reconcile::group(
                    &ExpectedGroup { name: c.name.clone(), members: Vec::new() },
                    &live.groups,
                    &[],
                    &[],
                )),
                (Payload::Macro(_), Kind::Macro) => {
                    ExpectedMacro::from_body(&reconcile::resolve_refs(&api.body, &live.groups))
                        .map(|e| reconcile::macro_(&e, &live.macros))
                }
                (Payload::Response(_), Kind::TicketField) => {
                    ExpectedField::from_body(&api.body).map(|e| reconcile::ticket_field(&e, &live.ticket_fields))
                }
                (Payload::Trigger(t), Kind::Trigger) => {
                    let body = reconcile::resolve_refs(&api.body, &live.groups);
                    let rules = item.outcome != Outcome::MigratedByZendesk;
                    ExpectedTrigger::from_payload(t, Some(&body), rules).map(|e| reconcile::trigger(&e, &live.triggers))
                }
                _ => None,
            };
            if c.kind == Kind::Membership {
                let group = out.iter().find(|g| Some(&g.key) == c.depends_on.first()).map(|g| g.name.clone());
                let user = c.body.get("user_id").map(value_text).unwrap_or_default();
                let who = member_label(payload, &user);
                c.name = format!("{who} → {}", group.unwrap_or_default());
                c.pair = c.depends_on.first().map(|g| (user, g.clone()));
            }
            if c.kind == Kind::Workweek {
                c.name = out
                    .iter()
                    .find(|p| Some(&p.key) == c.depends_on.first())
                    .map(|p| p.name.clone())
                    .unwrap_or_default();
            }
            // A group named in the body: one of the account's, or one a call of the plan
            // makes (then this call depends on it, and is left when that one is).
            for r in IdRef::all_in(&api.body).unwrap_or_default() {
                if let IdRef::Group { name } = r {
                    let n = reconcile::normalise(&name);
                    if live.groups.iter().any(|g| reconcile::normalise(&g.name) == n) {
                        continue;
                    }
                    match out.iter().find(|g| g.kind == Kind::Group && reconcile::normalise(&g.name) == n) {
                        Some(g) => c.depends_on.push(g.key.clone()),
                        None if c.left.is_none() => {
                            c.left = Some(format!(
                                "it is for the group \"{name}\", which the account does not have yet (Zendesk's activation makes it from the department): run apply again after activation"
                            ));
                        }
                        None => {}
                    }
                }
            }
            if c.left.is_none()
                && let Some(why) = unresolvable(&api.body, live)
            {
                c.left = Some(why);
            }
            out.push(c);
        }
        // Members without a Support user: the plan makes no call; the change set says why.
        if let Payload::Group(g) = payload
            && let Some(group) = &g.create
        {
            let gname = out.iter().find(|c| c.key == group.key.0).map(|c| c.name.clone()).unwrap_or_default();
            for m in g.members.iter().filter(|m| m.support_user_id.is_none()) {
                let who = m.email.clone().unwrap_or_else(|| format!("Chat agent {}", m.chat_agent_id));
                out.push(Call {
                    key: format!("{}/membership/chat-agent-{}", item.source, m.chat_agent_id),
                    kind: Kind::Membership,
                    source: item.source.clone(),
                    outcome: item.outcome,
                    method: Method::Post,
                    path: Kind::Membership.collection().to_owned(),
                    body: Value::Null,
                    depends_on: vec![group.key.0.clone()],
                    name: format!("{who} → {gname}"),
                    pair: None,
                    left: Some(format!(
                        "{who} is a chat-only agent without a Support user: add them as a Support agent, then to the group"
                    )),
                    verdict: None,
                });
            }
        }
    }
    add_trigger_category(plan, &mut out);
    out
}

/// The member's email for a membership's user id, else the id.
fn member_label(payload: &Payload, user: &str) -> String {
    let Payload::Group(g) = payload else { return format!("user {user}") };
    g.members
        .iter()
        .find(|m| m.support_user_id.as_ref().is_some_and(|u| u.0 == user))
        .and_then(|m| m.email.clone())
        .unwrap_or_else(|| format!("user {user}"))
}

/// Why a body's references cannot be resolved in this account (checked before any write):
/// a channel the account's trigger definitions do not list.
fn unresolvable(body: &Value, live: &Account) -> Option<String> {
    for r in IdRef::all_in(body).ok()? {
        if let IdRef::TriggerDefinition { field, title } = r
            && super::live::definition_value(&live.trigger_definitions, &field, &title).is_none()
        {
            return Some(format!(
                "the account's trigger definitions (GET /api/v2/triggers/definitions) list no {field} value titled \"{title}\": create it by hand once the channel exists"
            ));
        }
    }
    None
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
            method: Method::Post,
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

fn call(item: &Item, api: &ApiCall) -> Call {
    let kind = kind(api.object);
    let left = match item.outcome {
        Outcome::Manual => Some(format!("the plan leaves it to a person: {}", item.reason)),
        Outcome::NotMigratable => Some(format!("not migratable: {}", item.reason)),
        Outcome::Translated | Outcome::MigratedByZendesk => None,
    };
    let body = api.body.get(kind.root()).cloned().unwrap_or_else(|| api.body.clone());
    let named =
        |k: &str| api.adopt_by.as_ref().and_then(|a| a.0.get(k)).or_else(|| body.get(k)).and_then(Value::as_str);
    let name = named("name").or_else(|| named("title")).unwrap_or_default().to_owned();
    Call {
        key: api.key.0.clone(),
        kind,
        source: item.source.clone(),
        outcome: item.outcome,
        method: api.method,
        path: api.path.as_str().to_owned(),
        body,
        depends_on: api.depends_on.iter().map(|k| k.0.clone()).collect(),
        name,
        pair: None,
        left,
        verdict: None,
    }
}

fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// The limits of the account's Support plan, from the plan's `plan` fact: no schedule on
/// Team (K9, as translate::hours says); one on Growth and Professional (support-api.md §3:
/// third-party pages only, unverified against Zendesk); no known limit on Enterprise or
/// when the tier is not known.
pub fn limits(plan: &Plan) -> Limits {
    let tier = plan.subscription();
    let max_schedules = match tier {
        Some(SubscriptionTier::SupportTeam | SubscriptionTier::SuiteTeam) => Some(0),
        Some(
            SubscriptionTier::SupportProfessional | SubscriptionTier::SuiteGrowth | SubscriptionTier::SuiteProfessional,
        ) => Some(1),
        _ => None,
    };
    Limits { max_schedules }
}
