//! The typed payload of a plan item: the details a person or a script applies (an API body,
//! a translated trigger, code), one shape per kind of item.
//!
//! Translators build these values; the renderers read them by `match`, never by decoding
//! JSON again. The JSON form is the body itself, without a tag (`docs/plan-format.md`,
//! `payload`): which shape an item holds follows from its `section` (and, where a section has
//! several shapes, from its `source`), so reading a plan back picks the shape from those
//! fields ([`Payload::from_json`]) rather than trying shapes in turn.

use std::borrow::Cow;
use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::Section;
use crate::account::lenient::Id;

pub mod trigger;

pub use trigger::TriggerPayload;

/// The details of one plan item; the variant follows from the item's section and source.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Payload {
    /// Operating hours: the Support schedule (K11).
    Schedule(SchedulePayload),
    /// A form: the default messaging response it becomes (K9).
    Response(ResponsePayload),
    /// Visitor authentication: the messaging JWT (K12, K13).
    Jwt(JwtPayload),
    /// A department: its Support group (K18).
    Group(GroupPayload),
    /// Routing settings: each Chat setting next to its omnichannel counterpart (K1).
    Routing(Vec<RoutingLine>),
    /// A Chat skill to recreate (K1).
    Skill(SkillPayload),
    /// A custom Chat role to recreate (K1).
    Role(RolePayload),
    /// A Chat goal (K2).
    Goal(GoalPayload),
    /// A shortcut: the Macros API request (K18).
    Macro(ApiCall),
    /// Banned visitors (`chat/bans.json#visitor`, K19).
    BannedVisitors(Vec<VisitorBan>),
    /// Banned IP addresses (`chat/bans.json#ip_address`, K19).
    BannedIps(Vec<IpBan>),
    /// A trigger: its translation and every change (K3).
    Trigger(Box<TriggerPayload>),
    /// The Web Widget's look that activation keeps (K7).
    WidgetLook(WidgetLook),
    /// A classic widget API call and its messaging rewrite (K22).
    JsApiRewrite(JsApiRewrite),
}

impl Payload {
    /// Read the payload of an item from its JSON, choosing the shape by the item's section
    /// and source. An item of a section that carries no payload, or a body of another shape,
    /// is an error that names the item.
    pub fn from_json(section: Section, source: &str, value: Value) -> Result<Payload, String> {
        fn read<T: serde::de::DeserializeOwned>(source: &str, value: Value) -> Result<T, String> {
            serde_json::from_value(value).map_err(|e| format!("payload of {source}: {e}"))
        }
        let key = source.split_once('#').map_or("", |(_, k)| k);
        let v = value;
        Ok(match section {
            Section::BusinessHours => Payload::Schedule(read(source, v)?),
            Section::Forms => Payload::Response(read(source, v)?),
            Section::Authentication => Payload::Jwt(read(source, v)?),
            Section::Departments => Payload::Group(read(source, v)?),
            Section::Routing => Payload::Routing(read(source, v)?),
            Section::Skills => Payload::Skill(read(source, v)?),
            Section::Roles => Payload::Role(read(source, v)?),
            Section::Goals => Payload::Goal(read(source, v)?),
            Section::Shortcuts => Payload::Macro(read(source, v)?),
            Section::Bans if key == "visitor" => Payload::BannedVisitors(read(source, v)?),
            Section::Bans if key == "ip_address" => Payload::BannedIps(read(source, v)?),
            Section::Triggers => Payload::Trigger(read(source, v)?),
            Section::Widget if key == "appearance" => Payload::WidgetLook(read(source, v)?),
            Section::Widget if key.starts_with("js_api_calls[") => Payload::JsApiRewrite(read(source, v)?),
            // A use `migrate scan-site` found in the site's code (its place is the key).
            Section::Widget if source.starts_with("chat/site_scan.json#") => Payload::JsApiRewrite(read(source, v)?),
            Section::Bans | Section::Widget | Section::Account | Section::Agents | Section::Integrations => {
                return Err(format!(
                    "payload of {source}: an item of section \"{}\" from this source carries no payload",
                    section.label()
                ));
            }
        })
    }
}

/// One API request: method, path and body (`{schedule_id}` in a path is filled in by the
/// person applying it).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiCall {
    pub method: Cow<'static, str>,
    pub path: String,
    pub body: Value,
}

/// A Support schedule, as the two API calls that create it (K11).
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
    /// Ticket fields to create first (Ticket Fields API bodies).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ticket_fields: Vec<Value>,
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

/// The Support group a department becomes: created when none stands for it (K18).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupPayload {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub create: Option<ApiCall>,
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
