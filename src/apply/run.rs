//! Executing a change set: each write journalled before it is sent and completed after.
//!
//! The remote side is a [`Remote`]: the Zendesk client in the command, an in-memory
//! account in the tests. Its answer to a write is one of three: done (the object), refused
//! (the server provably did nothing: a 4xx, or a 429/503 the client already waited out and
//! retried as far as it may), or *ambiguous* (a timeout, a 5xx, a lost response: the object
//! may exist). An ambiguous create is never sent again blindly: the run lists that kind of
//! object and looks for the marker (or, for an object without a description, a new object
//! of that name that was not there before the write). Found, it is recorded as made;
//! not found, the run stops and the next run looks again before creating anything.

use crate::plan::payload::Method;
use std::collections::BTreeMap;

use serde_json::Value;

use super::changeset::{Action, Call, ChangeSet, Found, Kind, LiveObject};
use super::journal::{Intent, Journal, JournalError, Status, Written, content_hash};
use super::live::Account;
use super::marker::Marker;
pub use super::remote::{Remote, RemoteError};
use super::undo::{UndoAction, UndoStep};

/// Why a run stopped before the end.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error("{what}: Zendesk refused it: {message}")]
    Refused { key: String, what: String, message: String },
    #[error(
        "{what}: no answer to the write ({message}), and the object was not found afterwards; the next run looks it up again before creating it"
    )]
    Ambiguous { key: String, what: String, message: String },
    #[error("interrupted before {what}: nothing is half-written; run again to go on")]
    Interrupted { key: String, what: String },
    #[error("{what}: {message}")]
    Unresolved { key: String, what: String, message: String },
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunReport {
    /// Keys created by this run.
    pub created: Vec<String>,
    /// Keys an earlier, interrupted run had made, found and recorded.
    pub recovered: Vec<String>,
    /// Keys of updates (workweeks) sent.
    pub updated: Vec<String>,
    /// Keys adopted (same content, made by someone else).
    pub adopted: Vec<String>,
    /// Writes sent, retries by the client not counted.
    pub writes: usize,
}

/// Apply `set` (decided over `calls` and `live`). Stops at the first write that fails, with
/// the journal telling the next run where it stood. `interrupted` is asked before each write.
pub async fn apply<R: Remote>(
    remote: &mut R,
    journal: &mut Journal,
    plan_fingerprint: &str,
    set: &ChangeSet,
    calls: &[Call],
    account: &Account,
    interrupted: &dyn Fn() -> bool,
) -> Result<RunReport, RunError> {
    let live = &account.objects;
    let by_key: BTreeMap<&str, &Call> = calls.iter().map(|c| (c.key.as_str(), c)).collect();
    let mut ids = Ids {
        definitions: Some(&account.trigger_definitions),
        groups: live
            .iter()
            .filter(|o| o.kind == Kind::Group)
            .map(|o| (crate::reconcile::normalise(&o.name), o.id.clone()))
            .collect(),
        ..Ids::default()
    };
    let mut report = RunReport::default();
    for change in &set.changes {
        let Some(call) = by_key.get(change.key.as_str()).copied() else { continue };
        let what = format!("{} \"{}\"", call.kind.label(), call.name);
        match &change.action {
            Action::Left { .. } | Action::Conflict { .. } => {}
            Action::Present { id, how } => {
                ids.by_key.insert(call.key.clone(), (call.kind, id.clone()));
                if call.kind == Kind::Group {
                    ids.groups.insert(crate::reconcile::normalise(&call.name), id.clone());
                }
                let obj = live.iter().find(|o| o.kind == call.kind && &o.id == id);
                let written = || Written {
                    id: id.clone(),
                    updated_at: obj.and_then(|o| o.updated_at.clone()),
                    content_hash: obj.map(|o| content_hash(&o.body)).unwrap_or_default(),
                };
                let recorded = journal.entry(&call.key).map(|e| e.status);
                match how {
                    Found::Recovered if recorded != Some(Status::Created) => {
                        journal.created(&call.key, written())?;
                        report.recovered.push(call.key.clone());
                    }
                    Found::Adopted if recorded.is_none() || recorded == Some(Status::Intent) => {
                        journal.adopted(&call.key, written())?;
                        report.adopted.push(call.key.clone());
                    }
                    _ => {}
                }
            }
            Action::Create | Action::Update => {
                if interrupted() {
                    return Err(RunError::Interrupted { key: call.key.clone(), what });
                }
                let unresolved =
                    |message: String| RunError::Unresolved { key: call.key.clone(), what: what.clone(), message };
                let parent = call.depends_on.first().map(String::as_str);
                let path = resolve_path(&call.path, parent, &ids).map_err(&unresolved)?;
                let mut inner = resolve_refs(&call.body, parent, &ids).map_err(&unresolved)?;
                let marker = Marker::new(plan_fingerprint, &call.key);
                if let (Some(field), Some(obj)) = (call.kind.marker_field(), inner.as_object_mut()) {
                    let d = marker.append_to(obj.get(field).and_then(Value::as_str));
                    obj.insert(field.to_owned(), Value::String(d));
                }
                let body = serde_json::json!({ call.kind.root(): inner });
                let existing_before: Vec<String> = live
                    .iter()
                    .filter(|o| o.kind == call.kind && o.name == call.name && o.pair.is_none())
                    .map(|o| o.id.clone())
                    .collect();
                journal.intent(Intent {
                    key: call.key.clone(),
                    method: call.method,
                    path: path.clone(),
                    marker: call.kind.has_marker().then(|| marker.text()),
                    existing_before: existing_before.clone(),
                })?;
                report.writes += 1;
                // A second Ctrl-C waits for this write and its journal entry.
                let _guard = crate::interrupt::WriteGuard::installed();
                let answer = remote.send(call.method, &path, Some(&body)).await;
                let obj = match answer {
                    Ok(v) => v.get(call.kind.root()).cloned().unwrap_or(v),
                    Err(RemoteError::Refused(message)) => {
                        return Err(RunError::Refused { key: call.key.clone(), what, message });
                    }
                    Err(RemoteError::Ambiguous(message)) => {
                        if call.kind.is_update() {
                            // A PUT of the same workweek is safe to send again: the next run does.
                            return Err(RunError::Ambiguous { key: call.key.clone(), what, message });
                        }
                        match look_up(remote, call, &marker, &existing_before, &ids.by_key).await {
                            Some(found) => {
                                report.recovered.push(call.key.clone());
                                found.body
                            }
                            None => return Err(RunError::Ambiguous { key: call.key.clone(), what, message }),
                        }
                    }
                };
                if call.kind.is_update() {
                    // The workweek belongs to its schedule: the schedule's entry first records
                    // its new `updated_at` (so that undo still sees it unchanged since this
                    // tool made it), then the workweek's entry the schedule's id.
                    let parent_key = call.depends_on.first().cloned().unwrap_or_default();
                    let (parent_kind, parent_id) =
                        ids.by_key.get(&parent_key).cloned().unwrap_or((Kind::Schedule, String::new()));
                    if journal.entry(&parent_key).is_some_and(|e| e.status == Status::Created) {
                        let objects = remote.list(parent_kind).await.map_err(|e| RunError::Ambiguous {
                            key: call.key.clone(),
                            what: what.clone(),
                            message: format!("reading the schedule back: {e}"),
                        })?;
                        if let Some(p) = objects.iter().find(|o| o.id == parent_id) {
                            journal.created(
                                &parent_key,
                                Written {
                                    id: parent_id.clone(),
                                    updated_at: p.updated_at.clone(),
                                    content_hash: content_hash(&p.body),
                                },
                            )?;
                        }
                    }
                    // Last: a run killed before this line sends the same workweek again.
                    journal.created(
                        &call.key,
                        Written { id: parent_id.clone(), updated_at: None, content_hash: content_hash(&obj) },
                    )?;
                    report.updated.push(call.key.clone());
                    continue;
                }
                let id = obj.get("id").map(value_text).unwrap_or_default();
                journal.created(
                    &call.key,
                    Written {
                        id: id.clone(),
                        updated_at: obj.get("updated_at").and_then(Value::as_str).map(str::to_owned),
                        content_hash: content_hash(&obj),
                    },
                )?;
                if !report.recovered.contains(&call.key) {
                    report.created.push(call.key.clone());
                }
                if call.kind == Kind::Group {
                    ids.groups.insert(crate::reconcile::normalise(&call.name), id.clone());
                }
                ids.by_key.insert(call.key.clone(), (call.kind, id));
            }
        }
    }
    Ok(report)
}

/// After an ambiguous create: the object the write made, if it exists.
async fn look_up<R: Remote>(
    remote: &mut R,
    call: &Call,
    marker: &Marker,
    existing_before: &[String],
    ids: &BTreeMap<String, (Kind, String)>,
) -> Option<LiveObject> {
    let objects = remote.list(call.kind).await.ok()?;
    let mut hits = objects.into_iter().filter(|o| {
        if call.kind.has_marker() {
            marker.is_in(o.description.as_deref())
        } else if let (Some((user, group_key)), Some((u, g))) = (&call.pair, &o.pair) {
            user == u && ids.get(group_key).is_some_and(|(_, gid)| gid == g)
        } else {
            o.name == call.name && !existing_before.contains(&o.id)
        }
    });
    let first = hits.next()?;
    // Two new objects for one write cannot come from this write alone: leave it to a person.
    if hits.next().is_some() { None } else { Some(first) }
}

/// An id as text: `42` and `"42"` are the same.
fn value_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What references resolve against: the ids of the objects made or found so far (by call
/// key), the account's groups by name, and its trigger definitions.
#[derive(Debug, Default)]
pub struct Ids<'a> {
    pub by_key: BTreeMap<String, (Kind, String)>,
    /// Normalised group name → id (live groups, then the groups this run makes or finds).
    pub groups: BTreeMap<String, String>,
    pub definitions: Option<&'a Value>,
}

impl Ids<'_> {
    fn of(&self, key: &str) -> Result<&(Kind, String), String> {
        self.by_key.get(key).ok_or_else(|| format!("it needs the id of {key}, which is not known"))
    }
}

/// `body` with every reference replaced by its id: `{"$ref": "depends_on"}` (the object of
/// the call named first in `depends_on`), `{"$ref": "group", "name": …}` (the group of that
/// name), `{"$ref": "trigger_definition", "field": …, "title": …}` (the account's value),
/// and apply's own `{"ref": KEY}`. Ids are numbers where the API's are, text for a trigger
/// category (its ids are strings, support-api.md §1) and for definition values.
pub fn resolve_refs(body: &Value, depends_on: Option<&str>, ids: &Ids<'_>) -> Result<Value, String> {
    let typed = |kind: &Kind, id: &str| match (kind, id.parse::<u64>()) {
        (Kind::TriggerCategory, _) | (_, Err(_)) => Value::String(id.to_owned()),
        (_, Ok(n)) => Value::from(n),
    };
    Ok(match body {
        Value::Object(m) if m.len() == 1 && m.get("ref").is_some_and(Value::is_string) => {
            let (kind, id) = ids.of(m["ref"].as_str().unwrap_or_default())?;
            typed(kind, id)
        }
        Value::Object(m) if m.contains_key("$ref") => {
            let r: crate::plan::payload::IdRef =
                serde_json::from_value(body.clone()).map_err(|e| format!("{body}: {e}"))?;
            match r {
                crate::plan::payload::IdRef::DependsOn => {
                    let key = depends_on.ok_or("a reference to depends_on in a call that depends on nothing")?;
                    let (kind, id) = ids.of(key)?;
                    typed(kind, id)
                }
                crate::plan::payload::IdRef::Group { name } => {
                    let id = ids
                        .groups
                        .get(&crate::reconcile::normalise(&name))
                        .ok_or_else(|| format!("no Support group is named \"{name}\""))?;
                    typed(&Kind::Group, id)
                }
                crate::plan::payload::IdRef::TriggerDefinition { field, title } => {
                    let v = ids.definitions.and_then(|d| super::live::definition_value(d, &field, &title));
                    Value::String(
                        v.ok_or_else(|| format!("the trigger definitions list no {field} titled \"{title}\""))?,
                    )
                }
            }
        }
        Value::Object(m) => Value::Object(
            m.iter().map(|(k, v)| Ok((k.clone(), resolve_refs(v, depends_on, ids)?))).collect::<Result<_, String>>()?,
        ),
        Value::Array(a) => Value::Array(a.iter().map(|v| resolve_refs(v, depends_on, ids)).collect::<Result<_, _>>()?),
        other => other.clone(),
    })
}

/// `path` with `{id}` replaced by the id of the object of `depends_on`.
pub fn resolve_path(path: &str, depends_on: Option<&str>, ids: &Ids<'_>) -> Result<String, String> {
    if !path.contains("{id}") {
        return Ok(path.to_owned());
    }
    let key = depends_on.ok_or_else(|| format!("{path} needs the id of depends_on, and the call names none"))?;
    Ok(path.replacen("{id}", &ids.of(key)?.1, 1))
}

/// What an undo run did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UndoReport {
    pub deleted: Vec<String>,
    pub kept: Vec<(String, String)>,
    pub gone: Vec<String>,
}

/// Carry out undo's decisions: DELETE each unchanged object, journalled as deleted.
pub async fn undo<R: Remote>(
    remote: &mut R,
    journal: &mut Journal,
    steps: &[UndoStep],
    interrupted: &dyn Fn() -> bool,
) -> Result<UndoReport, RunError> {
    let mut report = UndoReport::default();
    for s in steps {
        match &s.action {
            UndoAction::Keep { why, .. } => report.kept.push((s.key.clone(), why.clone())),
            UndoAction::Gone { .. } => {
                journal.deleted(&s.key)?;
                report.gone.push(s.key.clone());
            }
            UndoAction::Delete { id } => {
                let what = format!("{} (id {id})", s.key);
                if interrupted() {
                    return Err(RunError::Interrupted { key: s.key.clone(), what });
                }
                let path = super::undo::delete_path(&s.path, id);
                match remote.send(Method::Delete, &path, None).await {
                    Ok(_) => {}
                    // Deleting twice is harmless: a lost answer is settled by the next undo
                    // (the object is then gone).
                    Err(RemoteError::Refused(message)) if message.contains("404") => {}
                    Err(RemoteError::Refused(message)) => {
                        return Err(RunError::Refused { key: s.key.clone(), what, message });
                    }
                    Err(RemoteError::Ambiguous(message)) => {
                        return Err(RunError::Ambiguous { key: s.key.clone(), what, message });
                    }
                }
                journal.deleted(&s.key)?;
                report.deleted.push(s.key.clone());
            }
        }
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_become_ids_of_the_right_type() {
        let defs =
            json!({"conditions_all": [{"subject": "via_id", "values": [{"value": "913", "title": "Messaging"}]}]});
        let ids = Ids {
            by_key: [
                ("g/group".to_owned(), (Kind::Group, "42".to_owned())),
                ("category".to_owned(), (Kind::TriggerCategory, "10001".to_owned())),
            ]
            .into(),
            groups: [("billing".to_owned(), "7".to_owned())].into(),
            definitions: Some(&defs),
        };
        let body = json!({
            "category_id": {"ref": "category"},
            "group_id": {"$ref": "depends_on"},
            "restriction": {"type": "Group", "ids": [{"$ref": "group", "name": "Billing "}]},
            "conditions": {"all": [{"field": "via_id", "operator": "is", "value": {"$ref": "trigger_definition", "field": "via_id", "title": "Messaging"}}]}
        });
        assert_eq!(
            resolve_refs(&body, Some("g/group"), &ids).unwrap(),
            json!({
                "category_id": "10001",
                "group_id": 42,
                "restriction": {"type": "Group", "ids": [7]},
                "conditions": {"all": [{"field": "via_id", "operator": "is", "value": "913"}]}
            })
        );
        assert!(resolve_refs(&json!({"ref": "nope"}), None, &ids).unwrap_err().contains("nope"));
        assert!(resolve_refs(&json!({"$ref": "group", "name": "Sales"}), None, &ids).unwrap_err().contains("Sales"));
        assert!(resolve_refs(&json!({"$ref": "depends_on"}), None, &ids).is_err());
        assert_eq!(resolve_path("/api/v2/s/{id}/workweek", Some("g/group"), &ids).unwrap(), "/api/v2/s/42/workweek");
        assert!(resolve_path("/api/v2/s/{id}/workweek", None, &ids).is_err());
    }
}
