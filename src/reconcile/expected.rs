//! What the plan says a live object should be, read from the item's payload: the API bodies
//! the plan carries (schedule, group, macro, ticket field) or the translated trigger.
//!
//! Builders return `None` when the payload does not say enough to look for an object (a
//! schedule body without a name): the caller reports that item as not checkable rather
//! than guessing.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

use super::hours::Interval;
use super::live::LiveMacro;
use crate::plan::payload::trigger::TriggerPayload;
use crate::plan::payload::{GroupPayload, SchedulePayload};

fn text(v: Option<&Value>) -> Option<String> {
    v.and_then(Value::as_str).map(str::to_owned)
}

fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        _ => None,
    }
}

/// A Support schedule (K11): `POST /api/v2/business_hours/schedules` and its workweek.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedSchedule {
    pub name: String,
    /// The names the time zone may have on the live schedule: the Zendesk (Rails) name the
    /// plan sends first, then the IANA name.
    pub time_zones: Vec<String>,
    pub intervals: Vec<Interval>,
}

impl ExpectedSchedule {
    pub fn from_payload(p: &SchedulePayload) -> Option<ExpectedSchedule> {
        let s = p.create.body.get("schedule")?;
        let name = text(s.get("name"))?;
        let mut time_zones: Vec<String> = Vec::new();
        for z in [text(s.get("time_zone")), p.time_zone.zendesk.clone(), Some(p.time_zone.iana.clone())]
            .into_iter()
            .flatten()
        {
            if !time_zones.contains(&z) {
                time_zones.push(z);
            }
        }
        let intervals = p
            .workweek
            .body
            .pointer("/workweek/intervals")?
            .as_array()?
            .iter()
            .map(|i| {
                let n = |k: &str| i.get(k).and_then(Value::as_u64).and_then(|n| u32::try_from(n).ok());
                Some(Interval { start: n("start_time")?, end: n("end_time")? })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(ExpectedSchedule { name, time_zones, intervals })
    }
}

/// A planned member of a group: the Support user of the Chat agent's email (K18).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedMember {
    pub email: Option<String>,
    pub support_user_id: Option<String>,
    pub chat_agent_id: String,
}

impl ExpectedMember {
    /// How the member is named to a person: the email, else the Chat agent.
    pub fn label(&self) -> String {
        self.email.clone().unwrap_or_else(|| format!("Chat agent {}", self.chat_agent_id))
    }
}

/// A Support group a department becomes (K18), with the agents the plan puts in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedGroup {
    pub name: String,
    pub members: Vec<ExpectedMember>,
}

impl ExpectedGroup {
    /// The group's name is the one the plan creates it with, else the department's (the
    /// wizard names a department's group after it, K18; `department` is the name in the
    /// item's source).
    pub fn from_payload(department: &str, p: &GroupPayload) -> ExpectedGroup {
        let name = p
            .create
            .as_ref()
            .and_then(|c| text(c.body.pointer("/group/name")))
            .unwrap_or_else(|| department.to_owned());
        let members = p
            .members
            .iter()
            .map(|m| ExpectedMember {
                email: m.email.clone(),
                support_user_id: m.support_user_id.as_ref().map(|i| i.0.clone()),
                chat_agent_id: m.chat_agent_id.0.clone(),
            })
            .collect();
        ExpectedGroup { name, members }
    }
}

/// Who may use a macro: `{"type": "Group", "ids": [...]}` (support-api.md §2).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Restriction {
    pub kind: String,
    pub ids: BTreeSet<String>,
}

impl Restriction {
    fn from_json(v: &Value) -> Option<Restriction> {
        let kind = text(v.get("type"))?;
        let mut ids: BTreeSet<String> =
            v.get("ids").and_then(Value::as_array).map(|a| a.iter().filter_map(id_text).collect()).unwrap_or_default();
        if ids.is_empty()
            && let Some(id) = v.get("id").and_then(id_text)
        {
            ids.insert(id);
        }
        Some(Restriction { kind, ids })
    }
}

impl fmt::Display for Restriction {
    /// `group 9002`, `groups 1, 2`; an unresolved reference as it reads
    /// (`group "Billing" (not found)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = self.kind.to_lowercase();
        let (ids, named): (Vec<&str>, Vec<&str>) =
            self.ids.iter().map(String::as_str).partition(|i| i.bytes().all(|b| b.is_ascii_digit()));
        let mut parts = Vec::new();
        if !ids.is_empty() {
            let s = if ids.len() == 1 { "" } else { "s" };
            parts.push(format!("{kind}{s} {}", ids.join(", ")));
        }
        parts.extend(named.into_iter().map(str::to_owned));
        f.write_str(&parts.join(", "))
    }
}

/// A macro a shortcut becomes (K18): the fields of `POST /api/v2/macros` that matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedMacro {
    pub title: String,
    pub active: bool,
    /// The `comment_value` text.
    pub comment: Option<String>,
    /// The `current_tags` (Add tags) values, split at spaces.
    pub tags: BTreeSet<String>,
    pub restriction: Option<Restriction>,
}

impl ExpectedMacro {
    /// From the body `{"macro": {title, active, actions, restriction}}`.
    pub fn from_body(body: &Value) -> Option<ExpectedMacro> {
        let m = body.get("macro")?;
        let title = text(m.get("title"))?;
        let actions = m.get("actions").and_then(Value::as_array).cloned().unwrap_or_default();
        let restriction = m.get("restriction").and_then(Restriction::from_json);
        Some(Self::read(title, m.get("active").and_then(Value::as_bool), &actions, restriction))
    }

    /// The same fields of a live macro, so that the two compare field by field.
    pub fn from_live(m: &LiveMacro) -> ExpectedMacro {
        let restriction = m.restriction.as_ref().and_then(Restriction::from_json);
        Self::read(m.title.clone(), m.active, &m.actions, restriction)
    }

    fn read(title: String, active: Option<bool>, actions: &[Value], restriction: Option<Restriction>) -> ExpectedMacro {
        let mut comment = None;
        let mut tags = BTreeSet::new();
        for a in actions {
            match a.get("field").and_then(Value::as_str) {
                // `comment_value` is a text, or `[channel, text]` (support-api.md §2).
                Some("comment_value") => {
                    comment = match a.get("value") {
                        Some(Value::String(s)) => Some(s.replace("\r\n", "\n").trim().to_owned()),
                        Some(Value::Array(v)) => {
                            v.last().and_then(Value::as_str).map(|s| s.replace("\r\n", "\n").trim().to_owned())
                        }
                        _ => comment,
                    };
                }
                Some("current_tags") => {
                    let add = |s: &str| s.split_whitespace().map(str::to_owned).collect::<Vec<_>>();
                    match a.get("value") {
                        Some(Value::String(s)) => tags.extend(add(s)),
                        Some(Value::Array(v)) => tags.extend(v.iter().filter_map(Value::as_str).flat_map(add)),
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        // The API's default when `active` is left out is active (a macro is shown).
        ExpectedMacro { title, active: active.unwrap_or(true), comment, tags, restriction }
    }
}

/// A Support trigger converted from a Chat trigger (K3).
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedTrigger {
    pub title: String,
    /// Converted Support triggers are created inactive (K3).
    pub active: bool,
    /// `(conditions {all, any}, actions [...])` as API fields, references resolved
    /// ([`super::resolve_refs`]), when they are to be compared: for a trigger the plan's own
    /// call creates. The wizard converts a Chat trigger itself (K3), so for its copy only
    /// existence and the active flag are compared.
    pub rules: Option<(Value, Value)>,
}

impl ExpectedTrigger {
    /// The Support trigger of a trigger item (its create call's body, already resolved);
    /// `None` when the item creates none.
    pub fn from_payload(p: &TriggerPayload, body: Option<&Value>, compare_rules: bool) -> Option<ExpectedTrigger> {
        let t = body?.get("trigger")?;
        let title = text(t.get("title"))?;
        let active = t.get("active").and_then(Value::as_bool).unwrap_or(p.active_after_migration);
        let rules = compare_rules.then(|| {
            (t.get("conditions").cloned().unwrap_or(Value::Null), t.get("actions").cloned().unwrap_or(Value::Null))
        });
        Some(ExpectedTrigger { title, active, rules })
    }
}

/// A ticket field the plan creates for a form field (K9): `{"ticket_field": {...}}`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExpectedField {
    pub title: String,
    pub kind: String,
    pub visible_in_portal: Option<bool>,
    pub editable_in_portal: Option<bool>,
    /// The drop-down options' values (tags).
    pub options: BTreeSet<String>,
}

impl ExpectedField {
    pub fn from_body(body: &Value) -> Option<ExpectedField> {
        let f = body.get("ticket_field")?;
        Some(ExpectedField {
            title: text(f.get("title"))?,
            // `text` is the API's default type (support-api.md §5).
            kind: text(f.get("type")).unwrap_or_else(|| "text".to_owned()),
            visible_in_portal: f.get("visible_in_portal").and_then(Value::as_bool),
            editable_in_portal: f.get("editable_in_portal").and_then(Value::as_bool),
            options: f
                .get("custom_field_options")
                .and_then(Value::as_array)
                .map(|a| a.iter().filter_map(|o| text(o.get("value"))).collect())
                .unwrap_or_default(),
        })
    }
}
