//! Undo (pure decision): which objects `migrate apply --undo` deletes.
//!
//! Only what the journal says this tool *created* (never an adopted object, never anything
//! else) and only when it is unchanged since: its `updated_at` is the one recorded at
//! creation (or, where the object has none, the hash of its content is). An object an admin
//! changed stays and is listed; one already gone is noted. Deletions run in the reverse order
//! of creation, so memberships go before their group and triggers before their category.

use crate::plan::payload::Method;
use serde::Serialize;

use super::changeset::LiveObject;
use super::journal::{State, Status, content_hash};

/// What undo does with one journal entry.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum UndoAction {
    Delete {
        id: String,
    },
    /// Changed since it was created: kept, with what changed.
    Keep {
        id: String,
        why: String,
    },
    /// Not in the account any more.
    Gone {
        id: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct UndoStep {
    pub key: String,
    /// The method that created it (POST).
    pub method: Method,
    pub path: String,
    #[serde(flatten)]
    pub action: UndoAction,
}

/// Decide undo for every created entry, last created first. `live` finds an object by the
/// entry's key and id (the caller reads each kind of object the journal names).
pub fn plan_undo<'a>(state: &State, live: impl Fn(&str, &str) -> Option<&'a LiveObject>) -> Vec<UndoStep> {
    let mut out = Vec::new();
    for e in state.entries.iter().rev() {
        if e.status != Status::Created || e.method != Some(Method::Post) {
            continue;
        }
        let Some(id) = e.id.clone() else { continue };
        let action = match live(&e.key, &id) {
            None => UndoAction::Gone { id },
            Some(obj) => match unchanged(e.updated_at.as_deref(), e.content_hash.as_deref(), obj) {
                Ok(()) => UndoAction::Delete { id },
                Err(why) => UndoAction::Keep { id, why },
            },
        };
        out.push(UndoStep { key: e.key.clone(), method: Method::Post, path: e.path.clone(), action });
    }
    out
}

/// Whether `obj` is as the journal recorded it: `updated_at` when both sides have one,
/// otherwise the content hash.
fn unchanged(updated_at: Option<&str>, hash: Option<&str>, obj: &LiveObject) -> Result<(), String> {
    match (updated_at, obj.updated_at.as_deref()) {
        (Some(then), Some(now)) if then == now => Ok(()),
        (Some(then), Some(now)) => Err(format!("changed since it was created (updated {now}, created {then})")),
        _ => match hash {
            Some(h) if h == content_hash(&obj.body) => Ok(()),
            Some(_) => Err("its content changed since it was created".to_owned()),
            None => Err("the journal holds nothing to tell whether it changed".to_owned()),
        },
    }
}

/// The path that deletes the object an entry's POST created: the collection path with the
/// id (`/api/v2/groups` → `/api/v2/groups/42`), `.json` kept where the plan wrote it.
pub fn delete_path(post_path: &str, id: &str) -> String {
    match post_path.strip_suffix(".json") {
        Some(base) => format!("{base}/{id}.json"),
        None => format!("{}/{id}", post_path.trim_end_matches('/')),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::apply::changeset::Kind;
    use crate::apply::journal::Entry;
    use serde_json::json;

    fn entry(key: &str, status: Status, id: &str, updated_at: &str) -> Entry {
        Entry {
            key: key.into(),
            method: Some(Method::Post),
            path: "/api/v2/groups".into(),
            marker: None,
            existing_before: vec![],
            status,
            id: Some(id.into()),
            updated_at: Some(updated_at.into()),
            content_hash: None,
        }
    }

    fn obj(id: &str, updated_at: &str) -> LiveObject {
        LiveObject {
            kind: Kind::Group,
            id: id.into(),
            name: String::new(),
            description: None,
            updated_at: Some(updated_at.into()),
            pair: None,
            body: json!({"id": id}),
        }
    }

    #[test]
    fn only_what_it_created_and_nobody_changed_is_deleted_last_first() {
        let state = State {
            format_version: 1,
            subdomain: "acme".into(),
            plan_fingerprint: "fp".into(),
            entries: vec![
                entry("group:a", Status::Created, "1", "t1"),
                entry("group:b", Status::Created, "2", "t1"),
                entry("group:c", Status::Adopted, "3", "t1"),
                entry("group:d", Status::Created, "4", "t1"),
                entry("group:e", Status::Deleted, "5", "t1"),
            ],
        };
        let live = [obj("1", "t1"), obj("2", "t9"), obj("3", "t1")];
        let steps = plan_undo(&state, |_, id| live.iter().find(|o| o.id == id));
        let keys: Vec<_> = steps.iter().map(|s| (s.key.as_str(), &s.action)).collect();
        assert_eq!(keys.len(), 3, "adopted and deleted entries are not touched: {keys:?}");
        assert_eq!(keys[0], ("group:d", &UndoAction::Gone { id: "4".into() }));
        assert!(matches!(keys[1], ("group:b", UndoAction::Keep { why, .. }) if why.contains("t9")));
        assert_eq!(keys[2], ("group:a", &UndoAction::Delete { id: "1".into() }));
    }

    #[test]
    fn without_updated_at_the_content_hash_decides() {
        let mut e = entry("k", Status::Created, "1", "t1");
        e.updated_at = None;
        let o = obj("1", "t1");
        e.content_hash = Some(content_hash(&o.body));
        let state = State { format_version: 1, subdomain: "a".into(), plan_fingerprint: "f".into(), entries: vec![e] };
        assert_eq!(plan_undo(&state, |_, _| Some(&o))[0].action, UndoAction::Delete { id: "1".into() });
        let changed = LiveObject { body: json!({"id": "1", "name": "x"}), ..o.clone() };
        assert!(matches!(plan_undo(&state, |_, _| Some(&changed))[0].action, UndoAction::Keep { .. }));
    }

    #[test]
    fn delete_paths_follow_the_create_path() {
        assert_eq!(delete_path("/api/v2/groups", "42"), "/api/v2/groups/42");
        assert_eq!(
            delete_path("/api/v2/business_hours/schedules.json", "7"),
            "/api/v2/business_hours/schedules/7.json"
        );
    }
}
