//! The Support API calls of a plan: what `migrate apply` sends to create the objects a plan
//! item stands for (a schedule, a group and its members, a macro, a ticket field, a ticket
//! trigger), and how `migrate verify` and `apply` find such an object when it already exists.
//!
//! A call is data, not text to fill in (`docs/plan-format.md`, "API calls"):
//!
//! - `key` names it, unique in the plan and derived from its item's source and its role
//!   (`chat/departments.json#"Returns"/group`), so a journal can say which calls are done;
//! - `depends_on` names the call whose object it needs (a workweek needs its schedule, a
//!   membership its group); the id that call created or found fills `{id}` in `path` and
//!   every `{"$ref": "depends_on"}` in `body`;
//! - other ids known only when the plan is applied are typed references in the body
//!   ([`IdRef`]): a group by name, a value of the trigger definitions;
//! - `object` says what kind of Support object the call makes, and with it where such
//!   objects are listed; `adopt_by` says which fields identify an existing one.
//!
//! Body shapes follow `../shared/domain/support-api.md` (§1 triggers, §2 macros, §3
//! schedules, §4 groups and memberships, §5 ticket fields).

use std::collections::BTreeMap;

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::Value;

/// An HTTP method: the one type a plan's calls, apply's journal and the Zendesk client share.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum Method {
    Get,
    Post,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }

    /// Whether sending it twice leaves the server as sending it once (RFC 9110 §9.2.2): GET,
    /// PUT (the same full body sets the same state) and DELETE (a second one finds the object
    /// gone: 404, which the caller reads as done). POST is not: a second one creates a second
    /// object.
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The key of one call: unique in a plan, the same for the same export and options.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CallKey(pub String);

impl CallKey {
    /// `SOURCE/ROLE`: the item's source and what the call does for it (`group`,
    /// `membership/72`).
    pub fn new(source: &str, role: &str) -> CallKey {
        CallKey(format!("{source}/{role}"))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for CallKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The kind of Support object a call creates or changes, and where objects of that kind
/// are listed (to find one that already exists, or to check it).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Object {
    /// A business-hours schedule (support-api.md §3).
    Schedule,
    /// A schedule's intervals: `PUT …/schedules/{id}/workweek` replaces them (§3).
    Workweek,
    /// A group (§4).
    Group,
    /// An agent's membership of a group (§4).
    GroupMembership,
    /// A macro (§2).
    Macro,
    /// A custom ticket field (§5).
    TicketField,
    /// A ticket trigger (§1).
    Trigger,
}

impl Object {
    /// The `GET` that lists objects of this kind, and the key of the list in its answer;
    /// `None` for a workweek, which is read through its schedule.
    pub fn list(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            Object::Schedule => ("/api/v2/business_hours/schedules", "schedules"),
            Object::Workweek => return None,
            Object::Group => ("/api/v2/groups", "groups"),
            Object::GroupMembership => ("/api/v2/group_memberships", "group_memberships"),
            Object::Macro => ("/api/v2/macros", "macros"),
            Object::TicketField => ("/api/v2/ticket_fields", "ticket_fields"),
            Object::Trigger => ("/api/v2/triggers", "triggers"),
        })
    }
}

/// A request path under `/api/v2/`. `{id}` (at most once) stands for the id of the object
/// the call named by `depends_on` created or found; no other placeholder exists.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ApiPath(String);

/// The one placeholder a path may hold.
pub const ID_SLOT: &str = "{id}";

impl ApiPath {
    /// A path, checked: `/api/v2/…`, and no placeholder but one `{id}`.
    pub fn new(path: impl Into<String>) -> Result<ApiPath, String> {
        let path = path.into();
        if !path.starts_with("/api/v2/") {
            return Err(format!("path {path:?} does not start with /api/v2/"));
        }
        let rest = path.replacen(ID_SLOT, "", 1);
        if rest.contains(['{', '}']) {
            return Err(format!("path {path:?} holds a placeholder other than one {ID_SLOT}"));
        }
        Ok(ApiPath(path))
    }

    /// A path known to be valid (a constant of the translators).
    pub(crate) fn fixed(path: &str) -> ApiPath {
        debug_assert!(ApiPath::new(path).is_ok(), "{path}");
        ApiPath(path.to_owned())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the path needs the id of the object `depends_on` names.
    pub fn needs_id(&self) -> bool {
        self.0.contains(ID_SLOT)
    }

    /// The path with `{id}` replaced by `id`.
    pub fn with_id(&self, id: &str) -> String {
        self.0.replacen(ID_SLOT, id, 1)
    }
}

impl Serialize for ApiPath {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for ApiPath {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ApiPath, D::Error> {
        ApiPath::new(String::deserialize(d)?).map_err(serde::de::Error::custom)
    }
}

/// An id the plan cannot know, written in a body as a JSON object with a `$ref` key and
/// resolved when the plan is applied.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "$ref", rename_all = "snake_case")]
pub enum IdRef {
    /// `{"$ref": "depends_on"}`: the id of the object the call named by `depends_on`
    /// created or found.
    DependsOn,
    /// `{"$ref": "group", "name": "Billing"}`: the id of the account's Support group of
    /// this name.
    Group { name: String },
    /// `{"$ref": "trigger_definition", "field": "via_id", "title": "Messaging"}`: the value
    /// of the ticket-trigger condition `field` whose title is `title`, as
    /// `GET /api/v2/triggers/definitions` lists it for the account (support-api.md §1: the
    /// messaging channel's `via_id` is read there, not guessed).
    TriggerDefinition { field: String, title: String },
}

impl IdRef {
    /// The reference as it is written into a body.
    pub fn to_value(&self) -> Value {
        serde_json::to_value(self).unwrap_or(Value::Null)
    }

    /// Every reference in a body, in document order; an object with a `$ref` key that is
    /// not one of them is an error.
    pub fn all_in(body: &Value) -> Result<Vec<IdRef>, String> {
        fn walk(v: &Value, out: &mut Vec<IdRef>) -> Result<(), String> {
            match v {
                Value::Object(m) if m.contains_key("$ref") => {
                    out.push(serde_json::from_value(v.clone()).map_err(|e| format!("{v}: {e}"))?);
                }
                Value::Object(m) => m.values().try_for_each(|x| walk(x, out))?,
                Value::Array(a) => a.iter().try_for_each(|x| walk(x, out))?,
                _ => {}
            }
            Ok(())
        }
        let mut out = Vec::new();
        walk(body, &mut out)?;
        Ok(out)
    }
}

/// The fields that identify an object of the call's kind that already exists: an object
/// listed with every one of these values (a value may be an [`IdRef`]) is the one the call
/// would have made, and is adopted instead of created (name for schedules and groups, title
/// for macros, ticket fields and triggers, user and group for a membership).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct AdoptBy(pub BTreeMap<String, Value>);

impl AdoptBy {
    pub fn field(name: &str, value: impl Into<Value>) -> AdoptBy {
        AdoptBy(BTreeMap::from([(name.to_owned(), value.into())]))
    }
}

/// One Support API request of a plan.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCall {
    pub key: CallKey,
    pub method: Method,
    pub path: ApiPath,
    /// The call whose object this one needs; it comes earlier in the plan.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depends_on: Option<CallKey>,
    pub object: Object,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adopt_by: Option<AdoptBy>,
    pub body: Value,
}

impl ApiCall {
    /// A `POST` that creates an object of `object`'s kind.
    pub(crate) fn create(key: CallKey, object: Object, path: &str, body: Value) -> ApiCall {
        ApiCall {
            key,
            method: Method::Post,
            path: ApiPath::fixed(path),
            depends_on: None,
            object,
            adopt_by: None,
            body,
        }
    }

    pub(crate) fn adopt_by(mut self, by: AdoptBy) -> ApiCall {
        self.adopt_by = Some(by);
        self
    }

    pub(crate) fn after(mut self, key: &CallKey) -> ApiCall {
        self.depends_on = Some(key.clone());
        self
    }

    /// What is wrong with this call on its own: a `{id}` or a `depends_on` reference
    /// without `depends_on`, an unknown `$ref`.
    pub fn check(&self) -> Result<(), String> {
        let mut refs = IdRef::all_in(&self.body)?;
        if let Some(a) = &self.adopt_by {
            for v in a.0.values() {
                refs.extend(IdRef::all_in(v)?);
            }
        }
        let needs_parent = self.path.needs_id() || refs.contains(&IdRef::DependsOn);
        if needs_parent && self.depends_on.is_none() {
            return Err(format!("call {}: uses the id of `depends_on`, but names none", self.key));
        }
        Ok(())
    }
}

/// Check the calls of a plan, in plan order: each is valid on its own, keys are unique, and
/// `depends_on` names an earlier call.
pub fn check_calls<'a>(calls: impl IntoIterator<Item = &'a ApiCall>) -> Result<(), String> {
    let mut seen = std::collections::HashSet::new();
    for c in calls {
        c.check()?;
        if let Some(d) = &c.depends_on {
            if !seen.contains(d) {
                return Err(format!("call {}: depends on {d}, which is not an earlier call of the plan", c.key));
            }
        }
        if !seen.insert(&c.key) {
            return Err(format!("call {}: the key is used twice", c.key));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_path_holds_at_most_one_id_slot() {
        assert!(ApiPath::new("/api/v2/business_hours/schedules/{id}/workweek").unwrap().needs_id());
        assert!(!ApiPath::new("/api/v2/groups").unwrap().needs_id());
        assert!(ApiPath::new("/api/v2/schedules/{schedule_id}/workweek").is_err());
        assert!(ApiPath::new("/api/v2/a/{id}/b/{id}").is_err());
        assert!(ApiPath::new("https://x.zendesk.com/api/v2/groups").is_err());
        assert_eq!(ApiPath::new("/api/v2/s/{id}/w").unwrap().with_id("42"), "/api/v2/s/42/w");
    }

    #[test]
    fn references_are_typed_and_unknown_ones_refused() {
        let body = json!({"m": {"group_id": {"$ref": "depends_on"}, "ids": [{"$ref": "group", "name": "Billing"}]}});
        assert_eq!(IdRef::all_in(&body).unwrap(), [IdRef::DependsOn, IdRef::Group { name: "Billing".into() }]);
        assert!(IdRef::all_in(&json!({"x": {"$ref": "brand", "name": "B"}})).is_err());
        assert!(IdRef::all_in(&json!({"x": {"$ref": "group"}})).is_err());
    }

    #[test]
    fn dependencies_must_be_named_and_come_first() {
        let g = ApiCall::create(CallKey::new("s", "group"), Object::Group, "/api/v2/groups", json!({}));
        let body = json!({"group_membership": {"user_id": 1, "group_id": {"$ref": "depends_on"}}});
        let m = ApiCall::create(
            CallKey::new("s", "membership/1"),
            Object::GroupMembership,
            "/api/v2/group_memberships",
            body,
        );
        assert!(m.check().is_err(), "a reference to depends_on needs depends_on");
        let m = m.after(&g.key);
        assert!(check_calls([&g, &m]).is_ok());
        assert!(check_calls([&m, &g]).is_err(), "the dependency comes first");
        assert!(check_calls([&g, &g]).is_err(), "keys are unique");
        let json = serde_json::to_value(&m).unwrap();
        assert_eq!(json["method"], "POST");
        assert_eq!(serde_json::from_value::<ApiCall>(json).unwrap(), m);
    }
}
