//! The live Support objects reconcile compares with, as the list endpoints return them
//! (support-api.md §2–§5, §8). Only the fields a comparison reads are typed; every field is
//! optional on the wire, and `null` reads as absent, so that an object the API returns with
//! fewer keys still reads.

use serde::Deserialize;
use serde_json::Value;

use super::hours::Interval;
use crate::account::lenient::Id;

/// `GET /api/v2/business_hours/schedules` → `schedules[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveSchedule {
    pub id: Option<Id>,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub time_zone: String,
    #[serde(deserialize_with = "nullable")]
    pub intervals: Vec<LiveInterval>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct LiveInterval {
    pub start_time: u32,
    pub end_time: u32,
}

impl LiveSchedule {
    pub fn intervals(&self) -> Vec<Interval> {
        self.intervals.iter().map(|i| Interval { start: i.start_time, end: i.end_time }).collect()
    }
}

/// `GET /api/v2/groups` → `groups[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveGroup {
    pub id: Option<Id>,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    #[serde(deserialize_with = "nullable")]
    pub deleted: bool,
}

/// `GET /api/v2/group_memberships` → `group_memberships[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveMembership {
    pub id: Option<Id>,
    pub user_id: Option<Id>,
    pub group_id: Option<Id>,
}

/// `GET /api/v2/users?role[]=agent&role[]=admin` → `users[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveUser {
    pub id: Option<Id>,
    #[serde(deserialize_with = "nullable")]
    pub name: String,
    pub email: Option<String>,
    pub role: Option<String>,
}

/// `GET /api/v2/macros` → `macros[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveMacro {
    pub id: Option<Id>,
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    pub active: Option<bool>,
    #[serde(deserialize_with = "nullable")]
    pub actions: Vec<Value>,
    pub restriction: Option<Value>,
}

/// `GET /api/v2/triggers` → `triggers[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveTrigger {
    pub id: Option<Id>,
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    pub active: Option<bool>,
    #[serde(deserialize_with = "nullable")]
    pub conditions: Value,
    #[serde(deserialize_with = "nullable")]
    pub actions: Vec<Value>,
    pub category_id: Option<Id>,
}

/// `GET /api/v2/ticket_fields` → `ticket_fields[]`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(default)]
pub struct LiveTicketField {
    pub id: Option<Id>,
    #[serde(deserialize_with = "nullable")]
    pub title: String,
    #[serde(rename = "type", deserialize_with = "nullable")]
    pub kind: String,
    pub active: Option<bool>,
    pub visible_in_portal: Option<bool>,
    pub editable_in_portal: Option<bool>,
    #[serde(deserialize_with = "nullable")]
    pub custom_field_options: Vec<Value>,
}

/// A field the API may send as `null`: read as its default (an empty list, `false`).
fn nullable<'de, D: serde::Deserializer<'de>, T: Default + Deserialize<'de>>(d: D) -> Result<T, D::Error> {
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The id of a live object as text, `?` when the API gave none.
pub fn id_text(id: Option<&Id>) -> String {
    id.map_or_else(|| "?".to_owned(), |i| i.0.clone())
}
