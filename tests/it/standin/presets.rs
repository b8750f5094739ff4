//! Accounts in a named state, built from a plan: what the live account looks like when
//! nothing of the plan is done, all of it, half of it, when it drifted after being done, or
//! when a hand-made copy sits beside the wizard's.
//!
//! The objects are made from the plan's own payloads through `migrate::reconcile::expected`
//! (the same reading verify and apply use), in the shapes the list endpoints return.

use serde_json::{Value, json};

use migrate::plan::payload::trigger::Translated;
use migrate::plan::{Payload, Plan};
use migrate::reconcile::{ExpectedField, ExpectedGroup, ExpectedMacro, ExpectedSchedule};

use super::store::{Kind, Store};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum State {
    /// Nothing the plan calls for exists; the account settings are off.
    NothingDone,
    /// Every Support object of the plan exists as planned; the settings are on.
    AllDone,
    /// Every other object of each kind exists (the first, the third, …).
    HalfDone,
    /// All done, then: the first schedule's first interval ends an hour early, the first
    /// planned member of the first group with members left it, and the first converted
    /// Support trigger was activated.
    Drifted,
    /// All done, plus a second schedule named like the first (in other case).
    Duplicated,
}

/// What the stand-in holds for `plan` in `state`.
pub(crate) fn store(plan: &Plan, state: State) -> Store {
    let mut s = Store::default();
    let done = state != State::NothingDone;
    s.insert(Kind::Users, json!({"id": 1, "name": "Admin", "email": "admin@example.com", "role": "admin"}));
    s.insert(Kind::Users, json!({"id": 2, "name": "A customer", "email": "customer@example.com", "role": "end-user"}));
    s.insert(Kind::Brands, json!({"id": 47, "name": plan.account.subdomain, "active": true, "default": true}));
    if done {
        s.settings = json!({"agents": {"agent_workspace": true}, "routing": {"enabled": true}, "groups": {"check_group_name_uniqueness": true}});
        s.insert(Kind::RecipientAddresses, json!({"brand_id": 47, "default": true, "email": format!("support@{}.example", plan.account.subdomain), "forwarding_status": "verified"}));
    }
    let public = if done { 12 } else { 3 };
    for i in 0..public {
        s.insert(Kind::Articles, json!({"title": format!("Article {i}"), "draft": false, "user_segment_id": null}));
    }
    s.insert(Kind::Articles, json!({"title": "Draft", "draft": true, "user_segment_id": null}));
    s.insert(Kind::TriggerCategories, json!({"name": "Chat", "position": 0}));

    // Users of every planned member, so that memberships can name them.
    let mut users: Vec<(String, String)> = Vec::new();
    for item in &plan.items {
        if let Some(Payload::Group(g)) = &item.payload {
            for m in &g.members {
                let email = m.email.clone().unwrap_or_default();
                if users.iter().any(|(e, _)| *e == email) {
                    continue;
                }
                match &m.support_user_id {
                    Some(id) => {
                        s.insert(
                            Kind::Users,
                            json!({"id": id.0.parse::<u64>().unwrap_or(0), "email": email, "role": "agent"}),
                        );
                        users.push((email, id.0.clone()));
                    }
                    // A Chat-only agent gets a Support user when the account moves.
                    None if done && !email.is_empty() => {
                        let id = s.insert(Kind::Users, json!({"email": email, "role": "agent"}));
                        users.push((email, id));
                    }
                    None => {}
                }
            }
        }
    }

    let mut n = [0usize; 5];
    let mut take = |k: usize| {
        n[k] += 1;
        match state {
            State::NothingDone => false,
            State::HalfDone => n[k] % 2 == 1,
            _ => true,
        }
    };
    for item in &plan.items {
        match &item.payload {
            Some(Payload::Schedule(p)) => {
                if let Some(e) = ExpectedSchedule::from_payload(p)
                    && take(0)
                {
                    let intervals: Vec<Value> =
                        e.intervals.iter().map(|i| json!({"start_time": i.start, "end_time": i.end})).collect();
                    s.insert(
                        Kind::Schedules,
                        json!({"name": e.name, "time_zone": e.time_zones[0], "intervals": intervals}),
                    );
                }
            }
            Some(Payload::Group(p)) => {
                let department = item
                    .source
                    .split_once('#')
                    .and_then(|(_, k)| serde_json::from_str::<String>(k).ok())
                    .unwrap_or_default();
                let e = ExpectedGroup::from_payload(&department, p);
                if take(1) {
                    let gid = s.insert(Kind::Groups, json!({"name": e.name, "deleted": false}));
                    for m in &e.members {
                        let uid = m.support_user_id.clone().or_else(|| {
                            users.iter().find(|(em, _)| Some(em) == m.email.as_ref()).map(|(_, id)| id.clone())
                        });
                        if let Some(uid) = uid {
                            s.insert(Kind::Memberships, json!({"user_id": uid.parse::<u64>().unwrap_or(0), "group_id": gid.parse::<u64>().unwrap_or(0), "default": false}));
                        }
                    }
                }
            }
            Some(Payload::Macro(m)) if ExpectedMacro::from_body(&m.create.body).is_some() && take(2) => {
                let body = resolve(&m.create.body, &s);
                s.insert(Kind::Macros, body["macro"].clone());
            }
            Some(Payload::Trigger(t)) => {
                if let Some(Translated::SupportTrigger(st)) = &t.translated
                    && take(3)
                {
                    let trigger = match &t.create {
                        Some(c) => resolve(&c.body, &s)["trigger"].clone(),
                        None => {
                            json!({"title": st.name, "active": t.active_after_migration, "conditions": {"all": [], "any": []}, "actions": []})
                        }
                    };
                    s.insert(Kind::Triggers, trigger);
                }
            }
            Some(Payload::Response(r)) => {
                for call in &r.ticket_fields {
                    if ExpectedField::from_body(&call.body).is_some() && take(4) {
                        s.insert(Kind::TicketFields, call.body["ticket_field"].clone());
                    }
                }
            }
            _ => {}
        }
    }

    match state {
        State::Drifted => {
            s.edit(Kind::Schedules, |l| {
                if let Some(end) = l.first_mut().and_then(|sch| sch.pointer_mut("/intervals/0/end_time")) {
                    *end = json!(end.as_u64().unwrap_or(60) - 60);
                }
            });
            let first_group = s.list(Kind::Memberships).first().and_then(|m| m.get("group_id").cloned());
            if let Some(g) = first_group {
                s.edit(Kind::Memberships, |l| {
                    if let Some(i) = l.iter().position(|m| m.get("group_id") == Some(&g)) {
                        l.remove(i);
                    }
                });
            }
            s.edit(Kind::Triggers, |l| {
                if let Some(t) = l.first_mut() {
                    t["active"] = json!(true);
                }
            });
        }
        State::Duplicated => {
            if let Some(first) = s.list(Kind::Schedules).first().cloned() {
                let mut copy = first;
                copy.as_object_mut().unwrap().remove("id");
                copy["name"] = json!(copy["name"].as_str().unwrap_or("").to_uppercase());
                s.insert(Kind::Schedules, copy);
            }
        }
        _ => {}
    }
    s
}

/// A plan body as the live account holds it once applied: a group named by reference is the
/// store's group of that name (a group not there yet: an id no group has), a value of the
/// trigger definitions is the messaging channel's (`75`, made up: support-api.md §1 has no
/// documented number).
fn resolve(body: &Value, s: &Store) -> Value {
    match body {
        Value::Object(m) => match m.get("$ref").and_then(Value::as_str) {
            Some("group") => {
                let name = m.get("name").and_then(Value::as_str).unwrap_or("");
                s.list(Kind::Groups).iter().find(|g| g["name"] == name).map_or(json!(999_999), |g| g["id"].clone())
            }
            Some(_) => json!("75"),
            None => Value::Object(m.iter().map(|(k, v)| (k.clone(), resolve(v, s))).collect()),
        },
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve(v, s)).collect()),
        other => other.clone(),
    }
}
