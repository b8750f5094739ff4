//! The typed payload of a plan item: the details a person or a script applies (an API body,
//! a translated trigger, code), one shape per kind of item.
//!
//! Translators build these values; the renderers read them by `match`, never by decoding
//! JSON again. The JSON form carries its shape's name in `kind` (`docs/plan-format.md`,
//! "Payload shapes"), so a saved plan reads back without guessing from the item's section
//! or source. The Support objects an item creates are [`ApiCall`]s (`api.rs`).

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::account::lenient::Id;

pub mod api;
pub mod trigger;

pub use api::{AdoptBy, ApiCall, ApiPath, CallKey, IdRef, Method, Object};
pub use trigger::TriggerPayload;

/// The details of one plan item, tagged with its shape (`"kind": "schedule"`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// Operating hours: the Support schedule (K11).
    Schedule(Box<SchedulePayload>),
    /// A form: the default messaging response it becomes (K9).
    Response(ResponsePayload),
    /// Visitor authentication: the messaging JWT (K12, K13).
    Jwt(JwtPayload),
    /// A department: its Support group (K18).
    Group(GroupPayload),
    /// Routing settings: each Chat setting next to its omnichannel counterpart (K1).
    Routing(RoutingPayload),
    /// A Chat skill to recreate (K1).
    Skill(SkillPayload),
    /// A custom Chat role to recreate (K1).
    Role(RolePayload),
    /// A Chat goal (K2).
    Goal(GoalPayload),
    /// A shortcut: the Macros API request (K18).
    Macro(MacroPayload),
    /// Banned visitors (`chat/bans.json#visitor`, K19).
    BannedVisitors(BannedVisitors),
    /// Banned IP addresses (`chat/bans.json#ip_address`, K19).
    BannedIps(BannedIps),
    /// A trigger: its translation and every change (K3).
    Trigger(Box<TriggerPayload>),
    /// The Web Widget's look that activation keeps (K7).
    WidgetLook(WidgetLook),
    /// A classic widget API call and its messaging rewrite (K22).
    JsApiRewrite(JsApiRewrite),
}

impl Payload {
    /// The Support API calls of this payload, in the order they are made (a call comes
    /// after the one it depends on).
    pub fn calls(&self) -> Vec<&ApiCall> {
        match self {
            Payload::Schedule(s) => vec![&s.create, &s.workweek],
            Payload::Response(r) => r.ticket_fields.iter().collect(),
            Payload::Group(g) => g.create.iter().chain(&g.memberships).collect(),
            Payload::Macro(m) => vec![&m.create],
            Payload::Trigger(t) => t.create.iter().collect(),
            Payload::Jwt(_)
            | Payload::Routing(_)
            | Payload::Skill(_)
            | Payload::Role(_)
            | Payload::Goal(_)
            | Payload::BannedVisitors(_)
            | Payload::BannedIps(_)
            | Payload::WidgetLook(_)
            | Payload::JsApiRewrite(_) => Vec::new(),
        }
    }

    /// The same calls, to change in place (keys made unique across a plan).
    pub(crate) fn calls_mut(&mut self) -> Vec<&mut ApiCall> {
        match self {
            Payload::Schedule(s) => vec![&mut s.create, &mut s.workweek],
            Payload::Response(r) => r.ticket_fields.iter_mut().collect(),
            Payload::Group(g) => g.create.iter_mut().chain(&mut g.memberships).collect(),
            Payload::Macro(m) => vec![&mut m.create],
            Payload::Trigger(t) => t.create.iter_mut().collect(),
            _ => Vec::new(),
        }
    }
}

/// A Support schedule, as the two API calls that create it (K11): the schedule, then its
/// workweek (which depends on it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchedulePayload {
    pub create: ApiCall,
    pub workweek: ApiCall,
    pub time_zone: TimeZoneMapping,
    /// The same hours, readable: `Mon 09:00–17:00`.
    pub hours: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneMapping {
    pub iana: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zendesk: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matched: Option<ZoneMatch>,
}

/// How an IANA zone was matched to a Zendesk (Rails) zone name.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZoneMatch {
    /// Rails lists this IANA zone.
    Exact,
    /// Rails does not list it; this Rails zone has the same offsets around `at`.
    SameOffsets,
}

/// The messaging response a form becomes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResponsePayload {
    /// Which tab of the default messaging response.
    pub tab: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_message: Option<String>,
    pub customer_details: Vec<CustomerDetail>,
    /// Ticket fields to create first (Ticket Fields API calls).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticket_fields: Vec<ApiCall>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerDetail {
    pub chat_field: String,
    /// `name`, `email` (built in), `ticket_field`, or `none`.
    pub messaging: Cow<'static, str>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub required_in_chat: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What messaging authentication needs instead of the Chat JWT (K12, K13, K26).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwtPayload {
    pub signing_key: Cow<'static, str>,
    pub header: Value,
    pub claims: Vec<Claim>,
    pub client: ClientCode,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub claim: Cow<'static, str>,
    pub chat: Cow<'static, str>,
    pub messaging: Cow<'static, str>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientCode {
    pub chat: Cow<'static, str>,
    pub messaging: Cow<'static, str>,
}

/// The Support group a department becomes: created when none stands for it (K18), with a
/// membership for each member who has a Support user (each depends on the group).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPayload {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<ApiCall>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub memberships: Vec<ApiCall>,
    pub members: Vec<Member>,
}

/// A Chat agent, with the Support user of the same email when there is one.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Member {
    pub chat_agent_id: Id,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub support_user_id: Option<Id>,
}

/// The Chat routing settings, each next to its counterpart.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingPayload {
    pub settings: Vec<RoutingLine>,
}

/// A shortcut's macro: the Macros API request that creates it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MacroPayload {
    pub create: ApiCall,
}

/// The banned visitors of `chat/bans.json#visitor`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannedVisitors {
    pub visitors: Vec<VisitorBan>,
}

/// The banned IP addresses of `chat/bans.json#ip_address`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BannedIps {
    pub ip_addresses: Vec<IpBan>,
}

/// One Chat routing setting, its value as exported, and where its counterpart lives.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutingLine {
    pub chat_setting: Cow<'static, str>,
    /// The Chat setting as exported (its shape differs per setting).
    pub value: Value,
    pub messaging: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillPayload {
    pub name: String,
    pub description: Option<String>,
    pub agents: Vec<Member>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolePayload {
    pub name: String,
    pub description: Option<String>,
    /// How many agents hold the role.
    pub members: Option<u64>,
    /// The Chat permissions as exported.
    pub chat_permissions: BTreeMap<String, Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GoalPayload {
    pub name: String,
    pub attribution_model: Option<String>,
    pub attribution_period: Option<u64>,
    /// The goal's settings as exported.
    pub settings: Option<Value>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VisitorBan {
    pub visitor_id: Option<String>,
    pub visitor_name: Option<String>,
    pub reason: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IpBan {
    pub ip_address: Option<String>,
    pub reason: Option<String>,
}

/// What a brand's messaging Web Widget keeps from the classic one (K7).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WidgetLook {
    pub position: Option<String>,
    pub color: Option<String>,
    pub launcher_text: Option<String>,
    pub brands: Vec<String>,
}

/// A classic widget API call and the messaging call that replaces it, if any (K22).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JsApiRewrite {
    pub classic: String,
    pub messaging: Option<String>,
}
