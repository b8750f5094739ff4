//! The stand-in's state: an account's Support objects in memory, one collection per kind,
//! each object a JSON value as the API returns it, with the id and timestamps the store
//! gave it.
//!
//! Reads go through [`Store::list`] and [`Store::get`]; writes through [`Store::insert`],
//! [`Store::update`] and [`Store::remove`], which keep ids unique and `updated_at` moving.
//! `migrate apply` adds its POST/PUT/DELETE routes on top of these (router.rs) without a
//! change here.

use std::collections::BTreeMap;

use serde_json::{Value, json};

/// A kind of Support object: where its list lives and how it pages (support-api.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Kind {
    Schedules,
    Groups,
    Memberships,
    Users,
    Macros,
    Triggers,
    TriggerCategories,
    TicketFields,
    RecipientAddresses,
    Brands,
    Articles,
}

/// How a list pages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Paging {
    /// `page[size]` cursor pagination, or offset (`page`, `per_page`) without it.
    CursorOrOffset,
    /// `page` / `per_page` only (support addresses).
    Offset,
    /// The whole list in one answer (schedules: pagination not documented, and the
    /// recorded answer is one list).
    None,
}

impl Kind {
    pub(crate) const ALL: [Kind; 11] = [
        Kind::Schedules,
        Kind::Groups,
        Kind::Memberships,
        Kind::Users,
        Kind::Macros,
        Kind::Triggers,
        Kind::TriggerCategories,
        Kind::TicketFields,
        Kind::RecipientAddresses,
        Kind::Brands,
        Kind::Articles,
    ];

    /// The list path (without `.json`), the list key, the one-object key.
    pub(crate) fn path(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Kind::Schedules => ("/api/v2/business_hours/schedules", "schedules", "schedule"),
            Kind::Groups => ("/api/v2/groups", "groups", "group"),
            Kind::Memberships => ("/api/v2/group_memberships", "group_memberships", "group_membership"),
            Kind::Users => ("/api/v2/users", "users", "user"),
            Kind::Macros => ("/api/v2/macros", "macros", "macro"),
            Kind::Triggers => ("/api/v2/triggers", "triggers", "trigger"),
            Kind::TriggerCategories => ("/api/v2/trigger_categories", "trigger_categories", "trigger_category"),
            Kind::TicketFields => ("/api/v2/ticket_fields", "ticket_fields", "ticket_field"),
            Kind::RecipientAddresses => ("/api/v2/recipient_addresses", "recipient_addresses", "recipient_address"),
            Kind::Brands => ("/api/v2/brands", "brands", "brand"),
            Kind::Articles => ("/api/v2/help_center/articles", "articles", "article"),
        }
    }

    pub(crate) fn paging(self) -> Paging {
        match self {
            Kind::Schedules => Paging::None,
            Kind::RecipientAddresses => Paging::Offset,
            _ => Paging::CursorOrOffset,
        }
    }

    /// Trigger categories have string ids (support-api.md §1); everything else numbers.
    fn string_ids(self) -> bool {
        self == Kind::TriggerCategories
    }
}

/// The account.
#[derive(Clone, Debug)]
pub(crate) struct Store {
    collections: BTreeMap<Kind, Vec<Value>>,
    /// `GET /api/v2/account/settings` → `{"settings": …}`.
    pub(crate) settings: Value,
    /// No help centre: the articles endpoint answers 404.
    pub(crate) help_centre: bool,
    /// `GET /api/v2/triggers/definitions` → `{"definitions": …}`.
    pub(crate) trigger_definitions: Value,
    next_id: u64,
    /// Seconds since 2026-01-01T00:00:00Z, moved on by every write (deterministic timestamps).
    tick: u64,
}

impl Default for Store {
    fn default() -> Self {
        Store {
            collections: BTreeMap::new(),
            settings: json!({"agents": {"agent_workspace": false}, "routing": {"enabled": false}, "groups": {"check_group_name_uniqueness": true}}),
            help_centre: true,
            trigger_definitions: default_definitions(),
            next_id: 10_000,
            tick: 0,
        }
    }
}

impl Store {
    pub(crate) fn list(&self, kind: Kind) -> &[Value] {
        self.collections.get(&kind).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn get(&self, kind: Kind, id: &str) -> Option<&Value> {
        self.list(kind).iter().find(|o| id_of(o) == id)
    }

    fn stamp(&mut self) -> String {
        self.tick += 1;
        let t = jiff::Timestamp::from_second(1_767_225_600 + i64::try_from(self.tick).unwrap_or(0)).unwrap();
        t.strftime("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// Add an object; the store gives it an id (unless it has one) and timestamps. The id.
    pub(crate) fn insert(&mut self, kind: Kind, mut obj: Value) -> String {
        let id = match obj.get("id") {
            Some(v) if !v.is_null() => v.to_string().trim_matches('"').to_owned(),
            _ => {
                self.next_id += 1;
                let n = self.next_id;
                obj["id"] = if kind.string_ids() { json!(n.to_string()) } else { json!(n) };
                n.to_string()
            }
        };
        let now = self.stamp();
        if obj.get("created_at").is_none() {
            obj["created_at"] = json!(now);
        }
        obj["updated_at"] = json!(now);
        self.collections.entry(kind).or_default().push(obj);
        id
    }

    /// Merge `fields` into an object; `false` when there is none with that id.
    pub(crate) fn update(&mut self, kind: Kind, id: &str, fields: &Value) -> bool {
        let now = self.stamp();
        let Some(obj) = self.collections.get_mut(&kind).and_then(|l| l.iter_mut().find(|o| id_of(o) == id)) else {
            return false;
        };
        if let (Some(o), Some(f)) = (obj.as_object_mut(), fields.as_object()) {
            for (k, v) in f {
                o.insert(k.clone(), v.clone());
            }
            o.insert("updated_at".into(), json!(now));
        }
        true
    }

    pub(crate) fn remove(&mut self, kind: Kind, id: &str) -> bool {
        let Some(l) = self.collections.get_mut(&kind) else { return false };
        let before = l.len();
        l.retain(|o| id_of(o) != id);
        l.len() != before
    }

    /// Change objects in place (presets that drift an account).
    pub(crate) fn edit(&mut self, kind: Kind, f: impl FnOnce(&mut Vec<Value>)) {
        f(self.collections.entry(kind).or_default());
    }
}

/// An object's id as text (`17`, `"10001"` → `10001`).
pub(crate) fn id_of(v: &Value) -> String {
    match v.get("id") {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        _ => String::new(),
    }
}

/// Trigger definitions in the recorded shape (support-api.md §1, SALTO-REC[43]): the
/// channel condition's values as value = title. The messaging value's number is not
/// documented (unverified), so the stand-in's is made up on purpose: apply must read it.
fn default_definitions() -> Value {
    let channel = |v: &str, t: &str| json!({"value": v, "title": t, "enabled": true});
    json!({
        "actions": [],
        "conditions_all": [
            {"subject": "via_id", "title": "Channel", "type": "list",
             "operators": [{"value": "is", "title": "Is", "terminal": false}, {"value": "is_not", "title": "Is not", "terminal": false}],
             "values": [channel("0", "Web form"), channel("4", "Email"), channel("29", "Chat"), channel("48", "Web Widget"), channel("913", "Messaging")]},
            {"subject": "update_type", "title": "Ticket", "type": "list",
             "operators": [{"value": "is", "title": "Is", "terminal": false}],
             "values": [{"value": "Create", "title": "Created", "enabled": true}, {"value": "Change", "title": "Updated", "enabled": true}]}
        ],
        "conditions_any": []
    })
}
