//! Typed Chat API objects, as `GET /api/v2/chat/...` returns them (chat-api.md §4).
//!
//! Only the fields a plan needs are typed; the rest are ignored. Trigger definitions stay
//! raw JSON here: the trigger translator parses them one by one so that one bad trigger
//! is reported on its own and the others still plan.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::lenient::{Flag, Id, Limit, StringList, Timestamp, null_as_empty, object_only};
use crate::secret::Secret;

/// `GET /api/v2/chat/account`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct ChatAccount {
    pub account_key: Option<String>,
    pub status: Option<String>,
    pub create_date: Option<Timestamp>,
    /// The Chat subscription (`plan` in the file).
    #[serde(rename = "plan")]
    pub subscription: Option<ChatSubscription>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct ChatSubscription {
    pub name: Option<String>,
    pub max_agents: Option<Limit>,
    pub max_departments: Option<Limit>,
    pub max_concurrent_chats: Option<Limit>,
    pub operating_hours: Option<Flag>,
    pub goals: Option<Limit>,
}

/// `GET /api/v2/chat/agents` (all pages concatenated).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Agent {
    pub id: Option<Id>,
    pub email: Option<String>,
    pub display_name: Option<String>,
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub enabled: Option<Flag>,
    pub role_id: Option<Id>,
    #[serde(deserialize_with = "null_as_empty")]
    pub departments: Vec<Id>,
    #[serde(deserialize_with = "null_as_empty")]
    pub enabled_departments: Vec<Id>,
    #[serde(deserialize_with = "null_as_empty")]
    pub skills: Vec<Id>,
    pub roles: Option<AgentRoles>,
}

impl Agent {
    pub fn label(&self) -> String {
        if let Some(n) = self.display_name.as_deref().filter(|s| !s.is_empty()) {
            return n.to_owned();
        }
        let full = format!("{} {}", self.first_name.as_deref().unwrap_or(""), self.last_name.as_deref().unwrap_or(""));
        let full = full.trim();
        if !full.is_empty() {
            return full.to_owned();
        }
        self.email
            .clone()
            .or_else(|| self.id.as_ref().map(|i| format!("agent {i}")))
            .unwrap_or_else(|| "unnamed agent".to_owned())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct AgentRoles {
    pub administrator: Option<Flag>,
    pub owner: Option<Flag>,
}

/// `GET /api/v2/chat/departments`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Department {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<Flag>,
    #[serde(deserialize_with = "null_as_empty")]
    pub members: Vec<Id>,
    pub settings: Option<DepartmentSettings>,
}

impl Department {
    pub fn label(&self) -> String {
        match (&self.name, &self.id) {
            (Some(n), _) if !n.is_empty() => n.clone(),
            (_, Some(id)) => format!("department {id}"),
            _ => "unnamed department".to_owned(),
        }
    }

    pub fn support_group_id(&self) -> Option<&Id> {
        self.settings.as_ref().and_then(|s| s.support_group_id.as_ref())
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct DepartmentSettings {
    pub support_group_id: Option<Id>,
    pub chat_enabled: Option<Flag>,
}

/// `GET /api/v2/chat/triggers`. A trigger may lack `id` (its name is its key), `enabled`
/// may be `1`/`0`, and the definition is kept as the API sent it.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Trigger {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<Flag>,
    pub definition: Option<RawDefinition>,
}

/// A trigger's `definition` exactly as the API sent it, and the first key it repeats. A
/// JSON object with a key twice (`{"event": "page_enter", "event": "chat_requested"}`)
/// would silently keep the last; the trigger translator reports it on that trigger
/// instead, and the other triggers still plan.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RawDefinition {
    pub value: serde_json::Value,
    /// Path of the first repeated key inside the definition (`condition[1].x`, `event`).
    pub repeated_key: Option<String>,
}

impl From<serde_json::Value> for RawDefinition {
    fn from(value: serde_json::Value) -> Self {
        RawDefinition { value, repeated_key: None }
    }
}

impl<'de> Deserialize<'de> for RawDefinition {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let mut repeated_key = None;
        let value = d.deserialize_any(ValueVisitor { at: &Seg::Root, repeated: &mut repeated_key })?;
        Ok(RawDefinition { value, repeated_key })
    }
}

/// Where a value is inside the definition, as a chain up to the root: the path text is
/// only built for a repeated key, not for every value read.
enum Seg<'a> {
    Root,
    Key(&'a str, &'a Seg<'a>),
    Index(usize, &'a Seg<'a>),
}

impl std::fmt::Display for Seg<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Seg::Root => Ok(()),
            Seg::Key(k, Seg::Root) => f.write_str(k),
            Seg::Key(k, parent) => write!(f, "{parent}.{k}"),
            Seg::Index(i, parent) => write!(f, "{parent}[{i}]"),
        }
    }
}

/// Builds a `serde_json::Value`, noting the first key an object repeats.
struct ValueVisitor<'a> {
    at: &'a Seg<'a>,
    repeated: &'a mut Option<String>,
}

impl<'de> serde::de::DeserializeSeed<'de> for ValueVisitor<'_> {
    type Value = serde_json::Value;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for ValueVisitor<'_> {
    type Value = serde_json::Value;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_i64<E>(self, v: i64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E>(self, v: f64) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_str<E>(self, v: &str) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_string<E>(self, v: String) -> Result<serde_json::Value, E> {
        Ok(v.into())
    }
    fn visit_unit<E>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_none<E>(self) -> Result<serde_json::Value, E> {
        Ok(serde_json::Value::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<serde_json::Value, D::Error> {
        d.deserialize_any(self)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<serde_json::Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let at = Seg::Index(items.len(), self.at);
            match seq.next_element_seed(ValueVisitor { at: &at, repeated: &mut *self.repeated })? {
                Some(v) => items.push(v),
                None => break,
            }
        }
        Ok(serde_json::Value::Array(items))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<serde_json::Value, A::Error> {
        let mut object = serde_json::Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let at = Seg::Key(&key, self.at);
            let value = map.next_value_seed(ValueVisitor { at: &at, repeated: &mut *self.repeated })?;
            if object.contains_key(&key) && self.repeated.is_none() {
                *self.repeated = Some(at.to_string());
            }
            object.insert(key, value);
        }
        Ok(serde_json::Value::Object(object))
    }
}

impl Trigger {
    /// The definition as the API sent it (the last of a repeated key).
    pub fn definition_value(&self) -> Option<&serde_json::Value> {
        self.definition.as_ref().map(|d| &d.value)
    }

    /// The name that keys this trigger in the plan (`chat/triggers.json#"First Reply"`).
    pub fn key(&self, index: usize) -> String {
        match (&self.name, &self.id) {
            (Some(n), _) if !n.is_empty() => n.clone(),
            (_, Some(id)) => format!("id {id}"),
            _ => format!("#{index}"),
        }
    }

    /// Chat creates triggers enabled; a missing flag is read as enabled.
    pub fn is_enabled(&self) -> bool {
        self.enabled.is_none_or(Flag::get)
    }
}

/// `GET /api/v2/chat/shortcuts`. `id` equals `name` in real data.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Shortcut {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub message: Option<String>,
    pub options: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub tags: Vec<String>,
    pub scope: Option<String>,
    #[serde(deserialize_with = "null_as_empty")]
    pub departments: Vec<Id>,
    #[serde(deserialize_with = "null_as_empty")]
    pub agents: Vec<Id>,
}

impl Shortcut {
    pub fn key(&self, index: usize) -> String {
        self.name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| self.id.as_ref().map(ToString::to_string))
            .unwrap_or_else(|| format!("#{index}"))
    }
}

/// `GET /api/v2/chat/bans`: `{"visitor": [...], "ip_address": [...]}`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Bans {
    #[serde(deserialize_with = "null_as_empty")]
    pub visitor: Vec<VisitorBan>,
    #[serde(deserialize_with = "null_as_empty")]
    pub ip_address: Vec<IpBan>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct VisitorBan {
    pub id: Option<Id>,
    pub visitor_id: Option<String>,
    pub visitor_name: Option<String>,
    pub reason: Option<String>,
    #[serde(alias = "create_date")]
    pub created_at: Option<Timestamp>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct IpBan {
    pub id: Option<Id>,
    pub ip_address: Option<String>,
    pub reason: Option<String>,
    #[serde(alias = "create_date")]
    pub created_at: Option<Timestamp>,
}

/// `GET /api/v2/chat/goals`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Goal {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<Flag>,
    pub attribution_model: Option<String>,
    pub attribution_period: Option<u64>,
    pub settings: Option<serde_json::Value>,
}

/// `GET /api/v2/chat/skills`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Skill {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<Flag>,
    #[serde(deserialize_with = "null_as_empty")]
    pub members: Vec<Id>,
}

/// `GET /api/v2/chat/roles`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Role {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub enabled: Option<Flag>,
    pub members_count: Option<u64>,
    pub permissions: BTreeMap<String, serde_json::Value>,
}

/// `GET /api/v2/chat/routing_settings/account`: `{"data": {...}}`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct RoutingSettingsFile {
    pub data: RoutingSettings,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct RoutingSettings {
    pub routing_mode: Option<String>,
    pub chat_limit: Option<ChatLimit>,
    pub skill_routing: Option<SkillRouting>,
    pub reassignment: Option<Reassignment>,
    pub auto_idle: Option<AutoIdle>,
    pub auto_accept: Option<AutoAccept>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct ChatLimit {
    pub enabled: Option<Flag>,
    pub limit: Option<u64>,
    pub limit_type: Option<String>,
    pub allow_agent_override: Option<Flag>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct SkillRouting {
    pub enabled: Option<Flag>,
    pub max_wait_time: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Reassignment {
    pub enabled: Option<Flag>,
    pub timeout: Option<u64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct AutoIdle {
    pub enabled: Option<Flag>,
    pub reassignments_before_idle: Option<u64>,
    pub new_status: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct AutoAccept {
    pub enabled: Option<Flag>,
}

/// `GET /api/v2/chat/oauth/clients`. The secret is read into a [`Secret`] and never
/// written anywhere.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct OAuthClient {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub company: Option<String>,
    pub agent_id: Option<Id>,
    pub client_identifier: Option<String>,
    pub client_secret: Option<Secret>,
    pub client_type: Option<String>,
    pub scopes: Option<StringList>,
    pub redirect_uris: Option<StringList>,
}

impl OAuthClient {
    pub fn label(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| self.client_identifier.clone())
            .or_else(|| self.id.as_ref().map(|i| format!("client {i}")))
            .unwrap_or_else(|| "unnamed client".to_owned())
    }

    pub fn has_write_scope(&self) -> bool {
        self.scopes.as_ref().is_some_and(|s| s.0.iter().any(|x| x == "write"))
    }
}

object_only! {
    ChatAccount => "a Chat account object",
    ChatSubscription => "a plan object",
    Agent => "an agent object",
    AgentRoles => "a roles object",
    Department => "a department object",
    DepartmentSettings => "a department settings object",
    Trigger => "a trigger object",
    Shortcut => "a shortcut object",
    Bans => "an object {\"visitor\": [...], \"ip_address\": [...]}",
    VisitorBan => "a visitor ban object",
    IpBan => "an IP ban object",
    Goal => "a goal object",
    Skill => "a skill object",
    Role => "a role object",
    RoutingSettingsFile => "an object {\"data\": {...}}",
    RoutingSettings => "a routing settings object",
    ChatLimit => "a chat limit object",
    SkillRouting => "a skill routing object",
    Reassignment => "a reassignment object",
    AutoIdle => "an auto idle object",
    AutoAccept => "an auto accept object",
    OAuthClient => "an OAuth client object",
}
