//! Reading the live account for apply: every list the change set compares with (the lists
//! `migrate verify` reads, through the same client), kept both raw (ids, descriptions with
//! markers, `updated_at`) and typed for [`crate::reconcile`].

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::changeset::{Kind, Limits, Live, LiveObject};
use super::remote::{Remote, RemoteError};
use crate::reconcile::{LiveGroup, LiveMacro, LiveMembership, LiveSchedule, LiveTicketField, LiveTrigger};
use crate::verify::Resource;
use crate::zendesk::pace::Lane;
use crate::zendesk::{ApiError, ApiErrorKind, Client, Method, Request, pages};

/// The live Support objects of the kinds apply makes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Account {
    pub objects: Vec<LiveObject>,
    pub schedules: Vec<LiveSchedule>,
    pub groups: Vec<LiveGroup>,
    pub memberships: Vec<LiveMembership>,
    pub macros: Vec<LiveMacro>,
    pub triggers: Vec<LiveTrigger>,
    pub ticket_fields: Vec<LiveTicketField>,
    /// `GET /api/v2/triggers/definitions` → `definitions` (for the channel value).
    pub trigger_definitions: Value,
}

impl Account {
    /// From the raw lists of each kind.
    pub fn from_lists(lists: &[(Kind, Vec<Value>)], trigger_definitions: Value) -> Account {
        fn typed<T: DeserializeOwned>(v: &[Value]) -> Vec<T> {
            v.iter().filter_map(|o| serde_json::from_value(o.clone()).ok()).collect()
        }
        let mut a = Account { trigger_definitions, ..Account::default() };
        for (kind, list) in lists {
            a.objects.extend(list.iter().map(|o| LiveObject::from_json(*kind, o)));
            match kind {
                Kind::Schedule => a.schedules = typed(list),
                Kind::Group => a.groups = typed(list),
                Kind::Membership => a.memberships = typed(list),
                Kind::Macro => a.macros = typed(list),
                Kind::Trigger => a.triggers = typed(list),
                Kind::TicketField => a.ticket_fields = typed(list),
                Kind::TriggerCategory | Kind::Workweek => {}
            }
        }
        a
    }

    /// The change set's view, with the account's limits.
    pub fn live(&self, limits: Limits) -> Live {
        Live { objects: self.objects.clone(), limits }
    }
}

/// The list of a kind: its path and key (verify's table where verify reads it).
fn list_of(kind: Kind) -> (&'static str, &'static str, bool) {
    match kind {
        Kind::Schedule | Kind::Workweek => Resource::Schedules.path(),
        Kind::Group => Resource::Groups.path(),
        Kind::Membership => Resource::Memberships.path(),
        Kind::Macro => Resource::Macros.path(),
        Kind::Trigger => Resource::Triggers.path(),
        Kind::TicketField => Resource::TicketFields.path(),
        // Cursor pagination (support-api.md §1, trigger categories).
        Kind::TriggerCategory => ("/api/v2/trigger_categories", "trigger_categories", true),
    }
}

/// Apply's side of the one Zendesk client: writes paced on the Support lane, their outcome
/// sorted into done / refused / ambiguous as the client's retry decision left it.
#[derive(Debug)]
pub struct ZendeskRemote<'a> {
    pub client: &'a Client,
}

impl ZendeskRemote<'_> {
    /// Every list apply compares with, and the trigger definitions when `definitions`.
    pub async fn read(&mut self, definitions: bool) -> Result<Account, ApiError> {
        let mut lists = Vec::new();
        for kind in Kind::OBJECTS {
            let (path, key, cursor) = list_of(kind);
            let got = pages::support_list(self.client, path, key, cursor, kind.label()).await;
            let list = match got {
                Ok(p) => p.value.get(key).and_then(Value::as_array).cloned().unwrap_or_default(),
                // No trigger categories on this account (403 TriggerCategoriesNotEnabled).
                Err(ApiError { kind: ApiErrorKind::Forbidden { .. }, .. }) if kind == Kind::TriggerCategory => {
                    Vec::new()
                }
                Err(e) => return Err(e),
            };
            lists.push((kind, list));
        }
        let defs = if definitions {
            pages::single(self.client, "/api/v2/triggers/definitions", &[Lane::Support], "trigger definitions")
                .await?
                .value
                .get("definitions")
                .cloned()
                .unwrap_or(Value::Null)
        } else {
            Value::Null
        };
        Ok(Account::from_lists(&lists, defs))
    }
}

impl Remote for ZendeskRemote<'_> {
    async fn send(&mut self, m: Method, path: &str, body: Option<&Value>) -> Result<Value, RemoteError> {
        let url = self.client.url(path).map_err(|e| RemoteError::Refused(e.to_string()))?;
        let what = format!("{m} {path}");
        let req = Request { method: m, url, body: body.cloned(), lanes: &[Lane::Support], what: &what };
        match self.client.send(&req).await {
            Ok(r) => Ok(r.body),
            Err(e) => match e.kind {
                ApiErrorKind::Ambiguous { .. } => Err(RemoteError::Ambiguous(e.to_string())),
                // Everything else: the server said no, or the request never left (connection
                // refused every time), or rate limiting outlasted the waits: nothing was done.
                _ => Err(RemoteError::Refused(e.to_string())),
            },
        }
    }

    async fn list(&mut self, kind: Kind) -> Result<Vec<LiveObject>, RemoteError> {
        let (path, key, cursor) = list_of(kind);
        let got = pages::support_list(self.client, path, key, cursor, kind.label())
            .await
            .map_err(|e| RemoteError::Ambiguous(e.to_string()))?;
        Ok(got
            .value
            .get(key)
            .and_then(Value::as_array)
            .map(|a| a.iter().map(|o| LiveObject::from_json(kind, o)).collect())
            .unwrap_or_default())
    }
}

/// The value of a condition in the account's trigger definitions (`conditions_all[subject
/// = field].values`, support-api.md §1), by its title: the messaging channel's `via_id` is
/// read at run time, never guessed.
pub fn definition_value(definitions: &Value, field: &str, title: &str) -> Option<String> {
    definitions
        .get("conditions_all")?
        .as_array()?
        .iter()
        .find(|d| d.get("subject").and_then(Value::as_str) == Some(field))?
        .get("values")?
        .as_array()?
        .iter()
        .find(|v| v.get("title").and_then(Value::as_str).is_some_and(|t| t.eq_ignore_ascii_case(title)))
        .and_then(|v| match v.get("value")? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_channel_is_read_from_the_definitions_by_title() {
        let defs = json!({"conditions_all": [
            {"subject": "update_type", "values": [{"value": "Create", "title": "Created"}]},
            {"subject": "via_id", "values": [{"value": "29", "title": "Chat"}, {"value": 913, "title": "Messaging"}]}
        ]});
        assert_eq!(definition_value(&defs, "via_id", "messaging").as_deref(), Some("913"));
        assert_eq!(definition_value(&defs, "via_id", "Chat").as_deref(), Some("29"));
        assert_eq!(definition_value(&defs, "via_id", "Fax"), None);
        assert_eq!(definition_value(&defs, "update_type", "Created").as_deref(), Some("Create"));
        assert_eq!(definition_value(&Value::Null, "via_id", "Chat"), None);
    }
}
