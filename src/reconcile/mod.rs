//! Reconcile a plan item with the live Support objects that stand for it: which object
//! (by name or title, normalised; more than one is a duplicate), and how its content
//! differs from what the plan says.
//!
//! Pure: plan payloads and live objects in ([`expected`], [`live`]), a [`Verdict`] out.
//! `migrate verify` turns a verdict into pass / fail; `migrate apply` turns the same
//! verdict into `+ create` ([`Verdict::Missing`]), `= already there` ([`Verdict::Same`]) or
//! `! conflict` ([`Verdict::Differs`], [`Verdict::Duplicate`]), so the two commands never
//! disagree about whether an object is there.
//!
//! What is compared, per object (support-api.md §1–§5):
//! - schedule: name, time zone (the plan's Zendesk name or its IANA name), intervals after
//!   normalising ([`hours`]);
//! - group: name, and each planned member is a member (extra members are not a difference:
//!   an admin may add agents);
//! - macro: title, active, comment text, tags, restriction;
//! - Support trigger: exists, active flag (an inactive trigger the admin activated is a
//!   note, not a difference), and conditions/actions when the plan gives them as API fields;
//! - ticket field: title, type, visible and editable for end users, drop-down options.

use std::collections::BTreeSet;
use std::fmt;

use serde_json::Value;

pub mod expected;
pub mod hours;
pub mod live;

pub use expected::{ExpectedField, ExpectedGroup, ExpectedMacro, ExpectedMember, ExpectedSchedule, ExpectedTrigger};
pub use live::{LiveGroup, LiveMacro, LiveMembership, LiveSchedule, LiveTicketField, LiveTrigger, LiveUser, id_text};

/// A name as Zendesk objects are matched: trimmed, inner whitespace collapsed, case folded.
/// `"Chat  operating hours "` and `"chat operating hours"` are the same schedule.
pub fn normalise(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// The live objects that stand for one plan item.
#[derive(Debug, PartialEq)]
pub enum Found<'a, T> {
    None,
    One(&'a T),
    /// Two or more: the wizard's copy plus a hand-made one, say.
    Many(Vec<&'a T>),
}

/// The live objects whose name (by `name_of`) is `name`, normalised.
pub fn find<'a, T>(name: &str, live: &'a [T], name_of: impl Fn(&T) -> &str) -> Found<'a, T> {
    let want = normalise(name);
    let mut hits: Vec<&T> = live.iter().filter(|o| normalise(name_of(o)) == want).collect();
    match hits.len() {
        0 => Found::None,
        1 => Found::One(hits.remove(0)),
        _ => Found::Many(hits),
    }
}

/// One difference between the plan and the live object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Difference {
    /// What differs: `Monday`, `time zone`, `tags`.
    pub what: String,
    pub expected: String,
    pub found: String,
}

impl fmt::Display for Difference {
    /// `Monday 09:00–17:00 expected, 09:00–16:00 found`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {} expected, {} found", self.what, self.expected, self.found)
    }
}

/// How a plan item stands against the live account.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Nothing stands for it.
    Missing,
    /// One object, as planned. `notes` are facts worth reporting that are not differences
    /// (an inactive trigger the admin has activated, extra group members).
    Same { id: String, notes: Vec<String> },
    /// One object, not as planned.
    Differs { id: String, differences: Vec<Difference>, notes: Vec<String> },
    /// Several objects match by name: which one stands for the item is not decidable.
    Duplicate { ids: Vec<String> },
}

impl Verdict {
    fn of(id: String, differences: Vec<Difference>, notes: Vec<String>) -> Verdict {
        if differences.is_empty() { Verdict::Same { id, notes } } else { Verdict::Differs { id, differences, notes } }
    }
}

fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

fn yes_no(b: bool) -> String {
    (if b { "yes" } else { "no" }).to_owned()
}

/// Find and compare in one: duplicates and absence first, then the content.
fn reconcile<'a, T>(
    name: &str,
    live: &'a [T],
    name_of: impl Fn(&T) -> &str,
    id_of: impl Fn(&T) -> String,
    compare: impl FnOnce(&'a T) -> (Vec<Difference>, Vec<String>),
) -> Verdict {
    match find(name, live, name_of) {
        Found::None => Verdict::Missing,
        Found::Many(v) => Verdict::Duplicate { ids: v.into_iter().map(id_of).collect() },
        Found::One(o) => {
            let (d, n) = compare(o);
            Verdict::of(id_of(o), d, n)
        }
    }
}

/// A schedule: name, time zone, intervals.
pub fn schedule(want: &ExpectedSchedule, live: &[LiveSchedule]) -> Verdict {
    reconcile(
        &want.name,
        live,
        |s| &s.name,
        |s| id_text(s.id.as_ref()),
        |s| {
            let mut d = Vec::new();
            let zone = normalise(&s.time_zone);
            if !want.time_zones.iter().any(|z| normalise(z) == zone) {
                d.push(Difference {
                    what: "time zone".into(),
                    expected: want.time_zones.first().map_or_else(String::new, |z| quoted(z)),
                    found: quoted(&s.time_zone),
                });
            }
            d.extend(hours::differences(&want.intervals, &s.intervals()));
            (d, Vec::new())
        },
    )
}

/// A group and its members. `users` are the account's agents (to find a planned member by
/// email when the plan has no Support user id for them).
pub fn group(
    want: &ExpectedGroup,
    groups: &[LiveGroup],
    memberships: &[LiveMembership],
    users: &[LiveUser],
) -> Verdict {
    let live: Vec<&LiveGroup> = groups.iter().filter(|g| !g.deleted).collect();
    reconcile(
        &want.name,
        &live,
        |g| &g.name,
        |g| id_text(g.id.as_ref()),
        |g| {
            let gid = g.id.as_ref();
            let members: BTreeSet<&str> = memberships
                .iter()
                .filter(|m| m.group_id.is_some() && m.group_id.as_ref() == gid)
                .filter_map(|m| m.user_id.as_ref().map(|u| u.as_str()))
                .collect();
            let mut d = Vec::new();
            let mut planned: BTreeSet<String> = BTreeSet::new();
            for m in &want.members {
                let by_email = m.email.as_deref().and_then(|e| {
                    let e = e.to_lowercase();
                    users.iter().find(|u| u.email.as_deref().map(str::to_lowercase).as_deref() == Some(e.as_str()))
                });
                let id =
                    m.support_user_id.clone().or_else(|| by_email.and_then(|u| u.id.as_ref().map(|i| i.0.clone())));
                let who = m.label();
                match id {
                    Some(id) => {
                        if !members.contains(id.as_str()) {
                            d.push(Difference {
                                what: format!("member {who}"),
                                expected: "a member".into(),
                                found: "not a member".into(),
                            });
                        }
                        planned.insert(id);
                    }
                    None => d.push(Difference {
                        what: format!("member {who}"),
                        expected: "a Support agent".into(),
                        found: "no Support user with this email".into(),
                    }),
                }
            }
            let extra = members.iter().filter(|m| !planned.contains(**m)).count();
            let notes = if extra > 0 {
                vec![format!("{} not in the plan", crate::text::plural(extra as u64, "other member"))]
            } else {
                Vec::new()
            };
            (d, notes)
        },
    )
}

/// A macro: title, active, comment text, tags, restriction.
pub fn macro_(want: &ExpectedMacro, live: &[LiveMacro]) -> Verdict {
    reconcile(
        &want.title,
        live,
        |m| &m.title,
        |m| id_text(m.id.as_ref()),
        |m| {
            let got = ExpectedMacro::from_live(m);
            let mut d = Vec::new();
            if want.active != got.active {
                d.push(Difference { what: "active".into(), expected: yes_no(want.active), found: yes_no(got.active) });
            }
            if want.comment != got.comment {
                let text = |c: &Option<String>| c.as_deref().map_or_else(|| "no comment".to_owned(), quoted);
                d.push(Difference { what: "comment".into(), expected: text(&want.comment), found: text(&got.comment) });
            }
            if want.tags != got.tags {
                let text = |t: &BTreeSet<String>| {
                    if t.is_empty() { "none".to_owned() } else { t.iter().cloned().collect::<Vec<_>>().join(" ") }
                };
                d.push(Difference { what: "tags".into(), expected: text(&want.tags), found: text(&got.tags) });
            }
            if want.restriction != got.restriction {
                let text = |r: &Option<expected::Restriction>| {
                    r.as_ref().map_or_else(|| "everyone".to_owned(), ToString::to_string)
                };
                d.push(Difference {
                    what: "available to".into(),
                    expected: text(&want.restriction),
                    found: text(&got.restriction),
                });
            }
            (d, Vec::new())
        },
    )
}

/// A Support trigger: exists; its active flag; conditions and actions when the plan gives
/// them as API fields. A trigger planned inactive (K3: the wizard creates converted Support
/// triggers inactive) and found active is the admin's decision: a note, not a difference.
pub fn trigger(want: &ExpectedTrigger, live: &[LiveTrigger]) -> Verdict {
    reconcile(
        &want.title,
        live,
        |t| &t.title,
        |t| id_text(t.id.as_ref()),
        |t| {
            let mut d = Vec::new();
            let mut notes = Vec::new();
            let active = t.active.unwrap_or(true);
            match (want.active, active) {
                (false, true) => notes.push("active: the admin has activated it".to_owned()),
                (true, false) => {
                    d.push(Difference { what: "active".into(), expected: yes_no(true), found: yes_no(false) });
                }
                _ => {}
            }
            if let Some((conditions, actions)) = &want.rules {
                if !same_conditions(conditions, &t.conditions) {
                    d.push(Difference {
                        what: "conditions".into(),
                        expected: compact(conditions),
                        found: compact(&t.conditions),
                    });
                }
                let live_actions = Value::Array(t.actions.clone());
                if !same_list(actions, &live_actions) {
                    d.push(Difference {
                        what: "actions".into(),
                        expected: compact(actions),
                        found: compact(&live_actions),
                    });
                }
            }
            (d, notes)
        },
    )
}

/// A ticket field: title, type, end-user visibility, drop-down options.
pub fn ticket_field(want: &ExpectedField, live: &[LiveTicketField]) -> Verdict {
    reconcile(
        &want.title,
        live,
        |f| &f.title,
        |f| id_text(f.id.as_ref()),
        |f| {
            let mut d = Vec::new();
            if !want.kind.eq_ignore_ascii_case(&f.kind) {
                d.push(Difference { what: "type".into(), expected: want.kind.clone(), found: f.kind.clone() });
            }
            for (what, w, got) in [
                ("visible to end users", want.visible_in_portal, f.visible_in_portal),
                ("editable by end users", want.editable_in_portal, f.editable_in_portal),
            ] {
                if let Some(w) = w
                    && got != Some(w)
                {
                    d.push(Difference {
                        what: what.into(),
                        expected: yes_no(w),
                        found: got.map_or_else(|| "unknown".into(), yes_no),
                    });
                }
            }
            let options: BTreeSet<String> = f
                .custom_field_options
                .iter()
                .filter_map(|o| o.get("value").and_then(Value::as_str).map(str::to_owned))
                .collect();
            let missing: Vec<&str> =
                want.options.iter().filter(|o| !options.contains(*o)).map(String::as_str).collect();
            if !missing.is_empty() {
                d.push(Difference {
                    what: "options".into(),
                    expected: want.options.iter().cloned().collect::<Vec<_>>().join(", "),
                    found: format!("{} missing", missing.join(", ")),
                });
            }
            (d, Vec::new())
        },
    )
}

/// The value a resolved body holds where the account decides it (a `trigger_definition`
/// reference): any live value matches.
pub const ANY_VALUE: &str = "\u{0}any";

/// Every reference of a plan body (`{"$ref": …}`, plan-format.md "API calls") replaced by
/// what it stands for in the live account: a group by name becomes that group's id (when
/// exactly one live group has the name; else a text naming the group, which matches
/// nothing); a value of the trigger definitions becomes [`ANY_VALUE`] (verify does not read
/// the definitions: the field and operator are compared, not the account's value).
pub fn resolve_refs(body: &Value, groups: &[LiveGroup]) -> Value {
    match body {
        Value::Object(m) => match m.get("$ref").and_then(Value::as_str) {
            Some("group") => {
                let name = m.get("name").and_then(Value::as_str).unwrap_or("");
                let live: Vec<&LiveGroup> = groups.iter().filter(|g| !g.deleted).collect();
                match find(name, &live, |g| &g.name) {
                    Found::One(g) => Value::String(id_text(g.id.as_ref())),
                    _ => Value::String(format!("group \"{name}\" (not found)")),
                }
            }
            Some(_) => Value::String(ANY_VALUE.to_owned()),
            None => Value::Object(m.iter().map(|(k, v)| (k.clone(), resolve_refs(v, groups))).collect()),
        },
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve_refs(v, groups)).collect()),
        other => other.clone(),
    }
}

/// One condition or action as comparable text parts: field, operator, value (values as
/// text, so `"29"` and `29` are the same channel; a list's values sorted).
fn parts(c: &Value) -> (String, String, String) {
    fn text(x: Option<&Value>) -> String {
        match x {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Null) | None => String::new(),
            Some(Value::Array(a)) => {
                let mut v: Vec<String> = a.iter().map(|x| text(Some(x))).collect();
                v.sort();
                v.join(" ")
            }
            Some(other) => other.to_string(),
        }
    }
    (text(c.get("field")), text(c.get("operator")), text(c.get("value")))
}

/// Whether two lists of conditions or actions hold the same entries in any order (order
/// does not change what a trigger matches; a planned [`ANY_VALUE`] matches any value).
fn same_list(want: &Value, live: &Value) -> bool {
    let list = |v: &Value| v.as_array().map(|a| a.iter().map(parts).collect::<Vec<_>>()).unwrap_or_default();
    let (want, mut live) = (list(want), list(live));
    if want.len() != live.len() {
        return false;
    }
    for (f, o, v) in want {
        let hit = live.iter().position(|(lf, lo, lv)| *lf == f && *lo == o && (v == ANY_VALUE || *lv == v));
        match hit {
            Some(i) => {
                live.remove(i);
            }
            None => return false,
        }
    }
    true
}

/// Conditions `{all: [...], any: [...]}` compared list by list.
fn same_conditions(want: &Value, live: &Value) -> bool {
    let get = |v: &Value, k: &str| v.get(k).cloned().unwrap_or(Value::Array(Vec::new()));
    same_list(&get(want, "all"), &get(live, "all")) && same_list(&get(want, "any"), &get(live, "any"))
}

fn compact(v: &Value) -> String {
    let s = v.to_string().replace(ANY_VALUE, "*");
    if s.chars().count() > 200 { format!("{}…", s.chars().take(200).collect::<String>()) } else { s }
}

#[cfg(test)]
mod tests;
