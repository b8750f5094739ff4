//! The change set (pure): from the plan's calls, the live account and the journal, what
//! `migrate apply` will do with each call, before anything is written.
//!
//! - `+ create`: nothing stands for the call yet;
//! - `= already there`: an object with the call's name and content exists (made by an earlier
//!   run, found again by its marker after a lost response, or made by someone else and
//!   adopted as it is);
//! - `! conflict`: an object with that name but other content, or two of them: reported,
//!   never overwritten;
//! - `· left`: the tool will not make it, with why (no API for it, an agent without a
//!   Support user, Zendesk's activation makes it, the account's plan allows no more, a call it
//!   depends on is itself left or in conflict).
//!
//! Calls are given in dependency order (a workweek after its schedule, memberships after
//! their group); a call whose dependency will not be made is left, naming it.

use crate::plan::payload::Method;
use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::Value;

use super::journal::{State, Status};
use super::marker::Marker;
use crate::plan::Outcome;
use crate::reconcile::Verdict;

/// The kind of Support object a call makes or changes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Schedule,
    /// `PUT …/schedules/{id}/workweek`: part of its schedule, not an object of its own.
    Workweek,
    Group,
    Membership,
    Macro,
    TicketField,
    TriggerCategory,
    Trigger,
}

impl Kind {
    pub fn label(self) -> &'static str {
        match self {
            Kind::Schedule => "schedule",
            Kind::Workweek => "workweek",
            Kind::Group => "group",
            Kind::Membership => "membership",
            Kind::Macro => "macro",
            Kind::TicketField => "ticket field",
            Kind::TriggerCategory => "trigger category",
            Kind::Trigger => "trigger",
        }
    }

    /// Whether the object has a description to carry a marker (schedules, memberships and
    /// trigger categories have none: they are found again by name, or by their pair of ids).
    pub fn has_marker(self) -> bool {
        self.marker_field().is_some()
    }

    /// The key the API wraps the object in, in requests and answers (`{"group": {…}}`).
    pub fn root(self) -> &'static str {
        match self {
            Kind::Schedule => "schedule",
            Kind::Workweek => "workweek",
            Kind::Group => "group",
            Kind::Membership => "group_membership",
            Kind::Macro => "macro",
            Kind::TicketField => "ticket_field",
            Kind::TriggerCategory => "trigger_category",
            Kind::Trigger => "trigger",
        }
    }

    /// The collection the object is created in and listed from.
    pub fn collection(self) -> &'static str {
        match self {
            Kind::Schedule | Kind::Workweek => "/api/v2/business_hours/schedules",
            Kind::Group => "/api/v2/groups",
            Kind::Membership => "/api/v2/group_memberships",
            Kind::Macro => "/api/v2/macros",
            Kind::TicketField => "/api/v2/ticket_fields",
            Kind::TriggerCategory => "/api/v2/trigger_categories",
            Kind::Trigger => "/api/v2/triggers",
        }
    }

    /// The kinds that are objects of their own (listed, created, deleted), in the order
    /// they are made.
    pub const OBJECTS: [Kind; 7] = [
        Kind::Schedule,
        Kind::Group,
        Kind::Membership,
        Kind::Macro,
        Kind::TicketField,
        Kind::TriggerCategory,
        Kind::Trigger,
    ];

    /// The field that carries the marker: the description, or for a ticket field the
    /// description only agents see (its `description` is shown to end users).
    pub fn marker_field(self) -> Option<&'static str> {
        match self {
            Kind::Group | Kind::Macro | Kind::Trigger => Some("description"),
            Kind::TicketField => Some("agent_description"),
            _ => None,
        }
    }

    /// Whether the call changes an object another call made rather than making one.
    pub fn is_update(self) -> bool {
        matches!(self, Kind::Workweek)
    }
}

/// One call of the plan, in the terms the change set needs.
#[derive(Clone, Debug, PartialEq)]
pub struct Call {
    /// Unique in the plan; what the journal and the marker name.
    pub key: String,
    pub kind: Kind,
    /// The plan item it comes from (`chat/departments.json#"Sales"`).
    pub source: String,
    pub outcome: Outcome,
    pub method: Method,
    pub path: String,
    /// The object's fields (the inside of `{"group": {…}}`); references to objects made by
    /// other calls are resolved at run time and not compared.
    pub body: Value,
    pub depends_on: Vec<String>,
    /// What a person knows it by: a group's or schedule's name, a macro's title; for a
    /// membership, `agent@example.com → Sales`.
    pub name: String,
    /// The identity of a membership: (user id, group key) — found by the pair, not by name.
    pub pair: Option<(String, String)>,
    /// Set by the plan when no API makes it or a person must do it first.
    pub left: Option<String>,
    /// How the object stands by name and content, from [`crate::reconcile`] (the verdict
    /// `migrate verify` gives too, so the two commands never disagree about whether it is
    /// there). `None` for what reconcile does not compare (a trigger category, a
    /// membership): then the call's own fields are compared ([`differences`]).
    pub verdict: Option<Verdict>,
}

/// One object read from the live account.
#[derive(Clone, Debug, PartialEq)]
pub struct LiveObject {
    pub kind: Kind,
    pub id: String,
    pub name: String,
    pub description: Option<String>,
    pub updated_at: Option<String>,
    /// For a membership: (user id, group id).
    pub pair: Option<(String, String)>,
    /// The object as read.
    pub body: Value,
}

impl LiveObject {
    /// A live object from the JSON a list endpoint returns for it.
    pub fn from_json(kind: Kind, v: &Value) -> LiveObject {
        let text = |k: &str| match v.get(k) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        };
        LiveObject {
            kind,
            id: text("id").unwrap_or_default(),
            name: text("name").or_else(|| text("title")).unwrap_or_default(),
            description: kind.marker_field().and_then(text),
            updated_at: text("updated_at"),
            pair: (kind == Kind::Membership)
                .then(|| (text("user_id").unwrap_or_default(), text("group_id").unwrap_or_default())),
            body: v.clone(),
        }
    }
}

/// What the live account allows (the plan tier's limits).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Limits {
    /// Schedules the account's plan allows (`None`: no known limit).
    pub max_schedules: Option<usize>,
}

/// The live account as the change set needs it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Live {
    pub objects: Vec<LiveObject>,
    pub limits: Limits,
}

/// Settings that change what is made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// Also make what the plan says Zendesk's activation makes, when it is missing.
    pub fill_missing: bool,
}

/// What apply does with one call.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    Create,
    /// An update of an object this run makes or made (a schedule's workweek).
    Update,
    /// Already there: `how` says how it was found.
    Present {
        id: String,
        how: Found,
    },
    Conflict {
        ids: Vec<String>,
        why: String,
    },
    Left {
        why: String,
    },
}

/// How an object already there was found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Found {
    /// By the id the journal recorded: an earlier run made it.
    Journal,
    /// By its marker, or by name among objects that were not there before the write, after
    /// a run that lost the response: this tool made it.
    Recovered,
    /// Made by someone else with the same content: adopted, never deleted by undo.
    Adopted,
}

/// One line of the change set.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    pub key: String,
    pub kind: Kind,
    pub name: String,
    pub source: String,
    #[serde(flatten)]
    pub action: Action,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<String>,
}

/// The change set: one change per call, in the plan's order.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    pub format_version: u32,
    pub subdomain: String,
    pub changes: Vec<Change>,
    pub summary: Summary,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub create: usize,
    pub update: usize,
    pub present: usize,
    pub conflict: usize,
    pub left: usize,
}

impl ChangeSet {
    /// Whether the run would write nothing.
    pub fn is_noop(&self) -> bool {
        self.summary.create == 0 && self.summary.update == 0
    }

    pub fn get(&self, key: &str) -> Option<&Change> {
        self.changes.iter().find(|c| c.key == key)
    }
}

/// Decide every call. `plan_fingerprint` makes the markers; `journal` is the state of
/// earlier runs (empty on the first).
pub fn plan_changes(
    subdomain: &str,
    plan_fingerprint: &str,
    calls: &[Call],
    live: &Live,
    journal: Option<&State>,
    options: Options,
) -> ChangeSet {
    let mut decided: BTreeMap<&str, Action> = BTreeMap::new();
    let mut changes = Vec::with_capacity(calls.len());
    let mut schedules_after = live.objects.iter().filter(|o| o.kind == Kind::Schedule).count();
    for call in calls {
        let action = decide(call, plan_fingerprint, live, journal, options, &decided, &mut schedules_after);
        decided.insert(&call.key, action.clone());
        changes.push(Change {
            key: call.key.clone(),
            kind: call.kind,
            name: call.name.clone(),
            source: call.source.clone(),
            action,
            depends_on: call.depends_on.clone(),
        });
    }
    // A trigger category holds the triggers of this run: made only when one is.
    if !changes.iter().any(|c| c.kind == Kind::Trigger && c.action == Action::Create) {
        for c in changes.iter_mut().filter(|c| c.kind == Kind::TriggerCategory && c.action == Action::Create) {
            c.action = Action::Left { why: "no Support trigger is created in this run".to_owned() };
        }
    }
    let mut summary = Summary::default();
    for c in &changes {
        match c.action {
            Action::Create => summary.create += 1,
            Action::Update => summary.update += 1,
            Action::Present { .. } => summary.present += 1,
            Action::Conflict { .. } => summary.conflict += 1,
            Action::Left { .. } => summary.left += 1,
        }
    }
    ChangeSet { format_version: 1, subdomain: subdomain.to_owned(), changes, summary }
}

fn decide(
    call: &Call,
    plan_fingerprint: &str,
    live: &Live,
    journal: Option<&State>,
    options: Options,
    decided: &BTreeMap<&str, Action>,
    schedules_after: &mut usize,
) -> Action {
    if let Some(why) = &call.left {
        return Action::Left { why: why.clone() };
    }
    if call.outcome == Outcome::MigratedByZendesk && !options.fill_missing {
        return Action::Left {
            why: "Zendesk's activation makes it (migrate apply --fill-missing makes it if it is missing after activation)"
                .to_owned(),
        };
    }
    if !matches!(call.outcome, Outcome::Translated | Outcome::MigratedByZendesk) {
        return Action::Left { why: format!("the plan marks it {}", call.outcome.label()) };
    }
    for dep in &call.depends_on {
        match decided.get(dep.as_str()) {
            Some(Action::Create | Action::Update | Action::Present { .. }) => {}
            Some(Action::Conflict { .. } | Action::Left { .. }) | None => {
                return Action::Left { why: format!("it needs {dep}, which will not be made") };
            }
        }
    }
    let entry = journal.and_then(|j| j.entries.iter().find(|e| e.key == call.key));
    if call.kind.is_update() {
        // A workweek is part of its schedule: set on a schedule this tool makes or made,
        // never on one it adopted (adopted means its hours are already the plan's).
        let parent = call.depends_on.first().and_then(|d| decided.get(d.as_str()));
        return match (parent, entry) {
            (Some(Action::Present { id, how: Found::Adopted }), _) => {
                Action::Present { id: id.clone(), how: Found::Adopted }
            }
            (Some(Action::Present { id, .. }), Some(e)) if e.status == Status::Created => {
                Action::Present { id: id.clone(), how: Found::Journal }
            }
            _ => Action::Update,
        };
    }
    let same_kind: Vec<&LiveObject> = live.objects.iter().filter(|o| o.kind == call.kind).collect();
    // 1. The journal's id.
    if let Some(e) = entry
        && matches!(e.status, Status::Created | Status::Adopted)
        && let Some(id) = &e.id
        && same_kind.iter().any(|o| &o.id == id)
    {
        let how = if e.status == Status::Adopted { Found::Adopted } else { Found::Journal };
        return Action::Present { id: id.clone(), how };
    }
    // 2. The marker (any run of this plan, even one whose journal is gone).
    let marker = Marker::new(plan_fingerprint, &call.key);
    if call.kind.has_marker() {
        let marked: Vec<&&LiveObject> = same_kind.iter().filter(|o| marker.is_in(o.description.as_deref())).collect();
        match marked.as_slice() {
            [] => {}
            [one] => return Action::Present { id: one.id.clone(), how: Found::Recovered },
            many => {
                return Action::Conflict {
                    ids: many.iter().map(|o| o.id.clone()).collect(),
                    why: format!("{} objects carry the marker {}", many.len(), marker.text()),
                };
            }
        }
    }
    // 3. By name (or pair), telling apart what an interrupted run of ours made.
    let named: Vec<&&LiveObject> = same_kind
        .iter()
        .filter(|o| match (&call.pair, &o.pair) {
            (Some((user, group_key)), Some((u, g))) => {
                user == u && resolved_id(group_key, decided).is_some_and(|gid| gid == g.as_str())
            }
            (Some(_), _) | (_, Some(_)) => false,
            (None, None) => o.name == call.name,
        })
        .collect();
    if let Some(e) = entry
        && e.status == Status::Intent
        && !call.kind.has_marker()
    {
        let new: Vec<&&&LiveObject> = named.iter().filter(|o| !e.existing_before.contains(&o.id)).collect();
        if let [one] = new.as_slice() {
            return Action::Present { id: one.id.clone(), how: Found::Recovered };
        }
    }
    if let Some(verdict) = &call.verdict {
        match verdict {
            Verdict::Missing => {}
            Verdict::Same { id, .. } => return Action::Present { id: id.clone(), how: Found::Adopted },
            Verdict::Differs { id, differences, .. } => {
                let what: Vec<String> = differences.iter().map(ToString::to_string).collect();
                return Action::Conflict {
                    ids: vec![id.clone()],
                    why: format!("a {} with this name exists and differs: {}", call.kind.label(), what.join("; ")),
                };
            }
            Verdict::Duplicate { ids } => {
                return Action::Conflict {
                    ids: ids.clone(),
                    why: format!("{} {}s already have this name", ids.len(), call.kind.label()),
                };
            }
        }
    } else {
        match named.as_slice() {
            [] => {}
            [one] => {
                let differs = differences(&call.body, &one.body, &marker);
                return if differs.is_empty() {
                    Action::Present { id: one.id.clone(), how: Found::Adopted }
                } else {
                    Action::Conflict {
                        ids: vec![one.id.clone()],
                        why: format!(
                            "a {} with this name exists with another {}",
                            call.kind.label(),
                            differs.join(", ")
                        ),
                    }
                };
            }
            many => {
                return Action::Conflict {
                    ids: many.iter().map(|o| o.id.clone()).collect(),
                    why: format!("{} {}s already have this name", many.len(), call.kind.label()),
                };
            }
        }
    }
    if call.kind == Kind::Schedule
        && let Some(max) = live.limits.max_schedules
    {
        if *schedules_after >= max {
            return Action::Left {
                why: format!(
                    "the account's plan allows {} and {} exists: add this one by hand after removing one, or upgrade",
                    crate::text::plural(max as u64, "schedule"),
                    crate::text::plural(*schedules_after as u64, "schedule")
                ),
            };
        }
        *schedules_after += 1;
    }
    Action::Create
}

/// The live id a call's key stands for, when the change set already found it.
fn resolved_id<'a>(key: &str, decided: &'a BTreeMap<&str, Action>) -> Option<&'a str> {
    match decided.get(key) {
        Some(Action::Present { id, .. }) => Some(id),
        _ => None,
    }
}

/// The fields of `wanted` whose value differs on `live` (a description compared without
/// the marker; references to other calls, written `{"ref": …}`, are not compared).
pub fn differences(wanted: &Value, live: &Value, marker: &Marker) -> Vec<String> {
    let Some(w) = wanted.as_object() else { return Vec::new() };
    let mut out = Vec::new();
    for (k, v) in w {
        if v.get("ref").is_some() || k == "category_id" {
            continue;
        }
        let l = live.get(k).unwrap_or(&Value::Null);
        let same = match (k.as_str(), v, l) {
            ("description" | "agent_description", Value::String(a), Value::String(b)) => {
                marker.strip_from(a) == marker.strip_from(b)
            }
            (_, a, b) => a == b || (is_empty(a) && is_empty(b)),
        };
        if !same {
            out.push(k.clone());
        }
    }
    out
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Bool(b) => !b,
        _ => false,
    }
}

/// The change set for a terminal, terraform-style, with a closing line.
pub fn render_terminal(set: &ChangeSet) -> String {
    use crate::text::display::terminal_line;
    let mut out = String::new();
    for c in &set.changes {
        let name = terminal_line(&c.name);
        let what = format!("{} \"{name}\"", c.kind.label());
        let line = match &c.action {
            Action::Create => format!("  + create {what}"),
            Action::Update => format!("  ~ set    {what}"),
            Action::Present { id, how } => {
                let how = match how {
                    Found::Journal => "made by an earlier run",
                    Found::Recovered => "made by an interrupted run, found by its marker",
                    Found::Adopted => "same content, made by someone else: adopted as it is",
                };
                format!("  = there  {what} (id {id}: {how})")
            }
            Action::Conflict { ids, why } => {
                format!("  ! conflict {what} (id {}): {}; left as it is", ids.join(", "), terminal_line(why))
            }
            Action::Left { why } => format!("  · left   {what}: {}", terminal_line(why)),
        };
        out.push_str(&line);
        out.push('\n');
    }
    out.push_str(&summary_line(set));
    out.push('\n');
    out
}

/// `acme: 12 to create · 1 to set · 3 already there · 1 conflict · 2 left`, or the sentence
/// that says a complete apply has nothing left to do.
pub fn summary_line(set: &ChangeSet) -> String {
    let s = set.summary;
    if set.is_noop() && s.conflict == 0 {
        return format!("{}: nothing to change ({} already there, {} left)", set.subdomain, s.present, s.left);
    }
    format!(
        "{}: {} to create · {} to set · {} already there · {} · {} left",
        set.subdomain,
        s.create,
        s.update,
        s.present,
        crate::text::plural(s.conflict as u64, "conflict"),
        s.left
    )
}

/// The change set as JSON (`--format json`), keys in a fixed order.
pub fn render_json(set: &ChangeSet) -> String {
    let mut s = serde_json::to_string_pretty(set).unwrap_or_default();
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::journal::Entry;
    use serde_json::json;

    fn call(key: &str, kind: Kind, name: &str, body: Value) -> Call {
        Call {
            key: key.to_owned(),
            kind,
            source: format!("chat/x.json#\"{name}\""),
            outcome: Outcome::Translated,
            method: Method::Post,
            path: "/api/v2/x".to_owned(),
            body,
            depends_on: Vec::new(),
            name: name.to_owned(),
            pair: None,
            left: None,
            verdict: None,
        }
    }

    fn live(kind: Kind, id: &str, name: &str, body: Value) -> LiveObject {
        LiveObject {
            kind,
            id: id.to_owned(),
            name: name.to_owned(),
            description: body.get("description").and_then(Value::as_str).map(str::to_owned),
            updated_at: Some("t0".to_owned()),
            pair: None,
            body,
        }
    }

    fn set(calls: &[Call], live: &Live, journal: Option<&State>) -> ChangeSet {
        plan_changes("acme", "fp000001", calls, live, journal, Options::default())
    }

    fn action<'a>(s: &'a ChangeSet, key: &str) -> &'a Action {
        &s.get(key).unwrap().action
    }

    #[test]
    fn nothing_there_is_created_and_the_same_content_is_adopted_not_overwritten() {
        let calls = [
            call("group:sales", Kind::Group, "Sales", json!({"name": "Sales"})),
            call("group:support", Kind::Group, "Support", json!({"name": "Support", "description": "x"})),
            call("group:billing", Kind::Group, "Billing", json!({"name": "Billing", "description": "Chat department"})),
        ];
        let l = Live {
            objects: vec![
                live(Kind::Group, "1", "Support", json!({"name": "Support", "description": "x"})),
                live(Kind::Group, "2", "Billing", json!({"name": "Billing", "description": "by an admin"})),
            ],
            ..Live::default()
        };
        let s = set(&calls, &l, None);
        assert_eq!(action(&s, "group:sales"), &Action::Create);
        assert_eq!(action(&s, "group:support"), &Action::Present { id: "1".into(), how: Found::Adopted });
        let Action::Conflict { ids, why } = action(&s, "group:billing") else { panic!() };
        assert_eq!(ids, &["2"]);
        assert!(why.contains("description"), "{why}");
        assert_eq!(s.summary, Summary { create: 1, update: 0, present: 1, conflict: 1, left: 0 });
        assert!(render_terminal(&s).contains("  + create group \"Sales\""));
    }

    #[test]
    fn the_journal_id_comes_first_then_the_marker_and_a_deleted_object_is_planned_again() {
        let marker = Marker::new("fp000001", "macro:hi").text();
        let calls = [
            call("macro:hi", Kind::Macro, "hi", json!({"title": "hi"})),
            call("macro:bye", Kind::Macro, "bye", json!({"title": "bye"})),
            call("macro:gone", Kind::Macro, "gone", json!({"title": "gone"})),
        ];
        let l = Live {
            objects: vec![
                live(Kind::Macro, "10", "hi", json!({"title": "hi", "description": marker})),
                live(Kind::Macro, "11", "bye", json!({"title": "bye"})),
            ],
            ..Live::default()
        };
        let entry = |key: &str, status, id: Option<&str>| Entry {
            key: key.into(),
            method: Some(Method::Post),
            path: "/api/v2/macros".into(),
            marker: None,
            existing_before: vec![],
            status,
            id: id.map(str::to_owned),
            updated_at: None,
            content_hash: None,
        };
        let journal = State {
            format_version: 1,
            subdomain: "acme".into(),
            plan_fingerprint: "fp000001".into(),
            entries: vec![
                entry("macro:hi", Status::Intent, None),
                entry("macro:bye", Status::Created, Some("11")),
                entry("macro:gone", Status::Created, Some("99")),
            ],
        };
        let s = set(&calls, &l, Some(&journal));
        assert_eq!(action(&s, "macro:hi"), &Action::Present { id: "10".into(), how: Found::Recovered });
        assert_eq!(action(&s, "macro:bye"), &Action::Present { id: "11".into(), how: Found::Journal });
        // Deleted by hand since: planned again rather than stopping every later run.
        assert_eq!(action(&s, "macro:gone"), &Action::Create);
    }

    #[test]
    fn a_schedule_of_an_interrupted_run_is_told_apart_from_one_that_was_there_before() {
        let calls =
            [call("schedule:0", Kind::Schedule, "Chat operating hours", json!({"name": "Chat operating hours"}))];
        let l = Live {
            objects: vec![
                live(
                    Kind::Schedule,
                    "5",
                    "Chat operating hours",
                    json!({"name": "Chat operating hours", "time_zone": "x"}),
                ),
                live(Kind::Schedule, "6", "Chat operating hours", json!({"name": "Chat operating hours"})),
            ],
            ..Live::default()
        };
        let journal = State {
            format_version: 1,
            subdomain: "acme".into(),
            plan_fingerprint: "fp000001".into(),
            entries: vec![Entry {
                key: "schedule:0".into(),
                method: Some(Method::Post),
                path: "/api/v2/business_hours/schedules".into(),
                marker: None,
                existing_before: vec!["5".into()],
                status: Status::Intent,
                id: None,
                updated_at: None,
                content_hash: None,
            }],
        };
        assert_eq!(
            action(&set(&calls, &l, Some(&journal)), "schedule:0"),
            &Action::Present { id: "6".into(), how: Found::Recovered }
        );
        // Without the journal, two of that name are a conflict, not a guess.
        assert!(matches!(action(&set(&calls, &l, None), "schedule:0"), Action::Conflict { .. }));
    }

    #[test]
    fn dependencies_tier_limits_and_the_wizards_share_leave_calls_with_why() {
        let mut ww = call("schedule:0/workweek", Kind::Workweek, "Chat operating hours", json!({}));
        ww.depends_on = vec!["schedule:0".into()];
        let mut member = call("member:1", Kind::Membership, "a@example.com → Sales", json!({}));
        member.depends_on = vec!["group:sales".into()];
        let mut wizard = call("macro:w", Kind::Macro, "w", json!({"title": "w"}));
        wizard.outcome = Outcome::MigratedByZendesk;
        let mut chat_only = call("member:2", Kind::Membership, "b@example.com → Sales", json!({}));
        chat_only.left = Some("a chat-only agent without a Support user".into());
        let calls = [
            call("schedule:0", Kind::Schedule, "Chat operating hours", json!({"name": "Chat operating hours"})),
            ww,
            call("group:sales", Kind::Group, "Sales", json!({"name": "Sales", "is_public": true})),
            member,
            wizard.clone(),
            chat_only,
        ];
        let l = Live {
            objects: vec![
                live(Kind::Schedule, "5", "Support hours", json!({"name": "Support hours"})),
                live(Kind::Group, "8", "Sales", json!({"name": "Sales", "is_public": false})),
            ],
            limits: Limits { max_schedules: Some(1) },
        };
        let s = set(&calls, &l, None);
        assert!(matches!(action(&s, "schedule:0"), Action::Left { why } if why.contains("allows 1 schedule")));
        assert!(matches!(action(&s, "schedule:0/workweek"), Action::Left { why } if why.contains("schedule:0")));
        assert!(matches!(action(&s, "group:sales"), Action::Conflict { .. }));
        assert!(matches!(action(&s, "member:1"), Action::Left { why } if why.contains("group:sales")));
        assert!(matches!(action(&s, "macro:w"), Action::Left { why } if why.contains("activation")));
        assert!(matches!(action(&s, "member:2"), Action::Left { why } if why.contains("chat-only")));
        let filled = plan_changes("acme", "fp", &[wizard], &l, None, Options { fill_missing: true });
        assert_eq!(filled.changes[0].action, Action::Create);
    }

    #[test]
    fn a_membership_is_found_by_its_pair() {
        let mut m = call("member:1", Kind::Membership, "a@example.com → Sales", json!({}));
        m.depends_on = vec!["group:sales".into()];
        m.pair = Some(("72".into(), "group:sales".into()));
        let calls = [call("group:sales", Kind::Group, "Sales", json!({"name": "Sales"})), m];
        let mut lm = live(Kind::Membership, "300", "", json!({"user_id": 72, "group_id": 8}));
        lm.pair = Some(("72".into(), "8".into()));
        let l =
            Live { objects: vec![live(Kind::Group, "8", "Sales", json!({"name": "Sales"})), lm], ..Live::default() };
        let s = set(&calls, &l, None);
        assert_eq!(action(&s, "member:1"), &Action::Present { id: "300".into(), how: Found::Adopted });
    }

    #[test]
    fn reconciles_verdict_decides_name_and_content_when_given() {
        use crate::reconcile::Difference;
        let mut same = call("schedule:0", Kind::Schedule, "Hours", json!({"name": "Hours"}));
        same.verdict = Some(Verdict::Same { id: "5".into(), notes: vec![] });
        let mut differs = call("macro:hi", Kind::Macro, "hi", json!({"title": "hi"}));
        differs.verdict = Some(Verdict::Differs {
            id: "9".into(),
            differences: vec![Difference { what: "tags".into(), expected: "a".into(), found: "b".into() }],
            notes: vec![],
        });
        let mut dup = call("group:x", Kind::Group, "X", json!({"name": "X"}));
        dup.verdict = Some(Verdict::Duplicate { ids: vec!["1".into(), "2".into()] });
        let mut missing = call("group:y", Kind::Group, "Y", json!({"name": "Y"}));
        missing.verdict = Some(Verdict::Missing);
        let s = set(&[same, differs, dup, missing], &Live::default(), None);
        assert_eq!(action(&s, "schedule:0"), &Action::Present { id: "5".into(), how: Found::Adopted });
        assert!(
            matches!(action(&s, "macro:hi"), Action::Conflict { why, .. } if why.contains("tags a expected, b found"))
        );
        assert!(matches!(action(&s, "group:x"), Action::Conflict { ids, .. } if ids.len() == 2));
        assert_eq!(action(&s, "group:y"), &Action::Create);
    }

    #[test]
    fn a_complete_run_is_a_noop_and_says_so() {
        let calls = [call("group:sales", Kind::Group, "Sales", json!({"name": "Sales"}))];
        let l = Live { objects: vec![live(Kind::Group, "1", "Sales", json!({"name": "Sales"}))], ..Live::default() };
        let s = set(&calls, &l, None);
        assert!(s.is_noop());
        assert_eq!(summary_line(&s), "acme: nothing to change (1 already there, 0 left)");
        let json: Value = serde_json::from_str(&render_json(&s)).unwrap();
        assert_eq!(json["changes"][0]["action"], "present");
        assert_eq!(json["changes"][0]["how"], "adopted");
        assert_eq!(json["summary"]["present"], 1);
    }
}
