//! Where each readiness fact came from: a Zendesk API, the admin (`migrate answer`), or a
//! file written by hand.
//!
//! Two documented Support endpoints answer readiness facts that `support/account.json`
//! would otherwise need by hand (issue 14): `GET /api/v2/account/settings` (the agent
//! workspace, D-16; Chat integrated or still legacy, which decides whether D-20 … D-22
//! apply; the active features) and `GET /api/v2/recipient_addresses` (the support addresses,
//! D-26). Their files are read exactly as the API returns them (the real captures in
//! `../shared/research/real/` load unchanged) and merged here into the account's facts:
//! what an API file says wins, a hand-filled key that disagrees is reported, and a fact no
//! file gives stays unknown.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::lenient::{Flag, Id, object_only};
use super::support::SupportAccount;
use super::{Account, LoadNote, SupportData};

/// Who gave a fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// A Zendesk API answer, fetched by `migrate export` (or saved by hand with curl).
    Api,
    /// The admin, through `migrate answer`.
    Admin,
    /// A file of the export written or completed by hand.
    ExportFile,
}

impl Origin {
    /// For people: where the fact comes from.
    pub fn label(self) -> &'static str {
        match self {
            Origin::Api => "from the Zendesk API",
            Origin::Admin => "answered by the admin",
            Origin::ExportFile => "from the export files, filled by hand",
        }
    }
}

/// A fact's origin and the file (and key) or request it was read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FactSource {
    pub origin: Origin,
    pub source: String,
}

pub const SETTINGS: &str = "support/account_settings.json";
pub const ADDRESSES: &str = "support/recipient_addresses.json";
const ACCOUNT: &str = "support/account.json";

/// `GET /api/v2/account/settings`: `{"settings": {…}}`. Only what readiness reads; the
/// response has dozens of other sections.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct AccountSettingsFile {
    pub settings: AccountSettings,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct AccountSettings {
    #[serde(default)]
    pub agents: Option<AgentSettings>,
    #[serde(default)]
    pub chat: Option<ChatSettings>,
    /// Feature name → on.
    #[serde(default)]
    pub active_features: Option<BTreeMap<String, serde_json::Value>>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct AgentSettings {
    #[serde(default)]
    pub agent_workspace: Option<Flag>,
}

/// `settings.chat`: `enabled`, and `integrated` (the integrated Chat experience, as
/// opposed to legacy Chat; digest "How current": D-20 … D-22 apply only to legacy).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct ChatSettings {
    #[serde(default)]
    pub enabled: Option<Flag>,
    #[serde(default)]
    pub integrated: Option<Flag>,
    #[serde(default)]
    pub available: Option<Flag>,
}

impl AccountSettings {
    /// The features the account has on, by name, sorted.
    pub fn active_features(&self) -> Option<Vec<String>> {
        self.active_features
            .as_ref()
            .map(|m| m.iter().filter(|(_, v)| v.as_bool() == Some(true)).map(|(k, _)| k.clone()).collect())
    }
}

/// `GET /api/v2/recipient_addresses`: one support address.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(remote = "Self")]
pub struct RecipientAddress {
    #[serde(default)]
    pub id: Option<Id>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub default: Option<Flag>,
    #[serde(default)]
    pub forwarding_status: Option<String>,
}

object_only! {
    AccountSettingsFile => "an account settings response {\"settings\": {…}}",
    AccountSettings => "an object of account settings",
    AgentSettings => "an object of agent settings",
    ChatSettings => "an object of Chat settings",
    RecipientAddress => "a recipient address object",
}

/// Merge the facts of the API files into `support.account` (creating it when only API
/// files exist) and say where each fact of it came from. A hand-filled key of
/// `support/account.json` that an API file contradicts is reported and overridden: the API
/// said what the account was at export time.
pub fn merge(support: &mut SupportData, notes: &mut Vec<LoadNote>) -> BTreeMap<String, FactSource> {
    let mut origins = BTreeMap::new();
    if let Some(acc) = &support.account {
        let from_api = acc.from_api.clone().unwrap_or_default();
        let by_admin = acc.answered_by_admin.clone().unwrap_or_default();
        for key in acc.keys() {
            let source = match from_api.get(key) {
                Some(request) => FactSource { origin: Origin::Api, source: format!("{ACCOUNT}#{key} ({request})") },
                None if by_admin.iter().any(|k| k == key) => {
                    FactSource { origin: Origin::Admin, source: format!("{ACCOUNT}#{key}") }
                }
                None => FactSource { origin: Origin::ExportFile, source: format!("{ACCOUNT}#{key}") },
            };
            origins.insert(key.to_owned(), source);
        }
    }
    let settings = support.settings.clone();
    let workspace = settings.as_ref().and_then(|s| s.agents.as_ref()).and_then(|a| a.agent_workspace).map(Flag::get);
    let integrated = settings.as_ref().and_then(|s| s.chat.as_ref()).and_then(|c| c.integrated).map(Flag::get);
    let addresses: Option<Vec<String>> = support.recipient_addresses.as_ref().map(|list| {
        let mut emails: Vec<String> =
            list.iter().filter_map(|a| a.email.clone()).filter(|e| !e.trim().is_empty()).collect();
        emails.sort();
        emails.dedup();
        emails
    });

    let mut set = |key: &str, file: &str, path: &str, apply: &dyn Fn(&mut SupportAccount) -> bool| {
        let acc = support.account.get_or_insert_with(SupportAccount::default);
        if apply(acc) {
            notes.push(LoadNote {
                code: "fact-conflict",
                file: ACCOUNT.to_owned(),
                message: format!(
                    "`{key}` in {ACCOUNT} differs from what the API said ({file}: {path}); the API's answer is used"
                ),
            });
        }
        origins.insert(key.to_owned(), FactSource { origin: Origin::Api, source: format!("{file}#{path}") });
    };
    if let Some(v) = workspace {
        set("agent_workspace", SETTINGS, "settings.agents.agent_workspace", &|a| {
            a.agent_workspace.replace(v).is_some_and(|old| old != v)
        });
    }
    if let Some(v) = integrated {
        set("chat_integrated", SETTINGS, "settings.chat.integrated", &|a| {
            a.chat_integrated.replace(v).is_some_and(|old| old != v)
        });
    }
    if let Some(list) = addresses {
        set("support_addresses", ADDRESSES, "recipient_addresses[].email", &|a| {
            let old = a.support_addresses.replace(list.clone());
            old.is_some_and(|mut o| {
                o.sort();
                o.dedup();
                o != list
            })
        });
    }
    origins
}

/// One readiness fact as the plan lists it: its value (null when unknown), who gave it and
/// where it was read.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct KnownFact {
    pub fact: String,
    pub value: serde_json::Value,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub origin: Option<Origin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// Every readiness fact of the account, in a fixed order, known or not.
pub fn known_facts(account: &Account) -> Vec<KnownFact> {
    use serde_json::{Value, json};
    let a = account.support.account.as_ref();
    let hc = a.and_then(|a| a.help_center.as_ref());
    let from = |key: &str| account.support.origins.get(key);
    let entries: Vec<(&str, &str, Option<Value>)> = vec![
        ("agent_workspace", "agent_workspace", a.and_then(|a| a.agent_workspace).map(Value::Bool)),
        ("chat_integrated", "chat_integrated", a.and_then(|a| a.chat_integrated).map(Value::Bool)),
        ("support_addresses", "support_addresses", a.and_then(|a| a.support_addresses.clone()).map(|l| json!(l))),
        ("help_center_enabled", "help_center", hc.and_then(|h| h.enabled).map(Value::Bool)),
        ("help_center_public_articles", "help_center", hc.and_then(|h| h.public_articles).map(|n| json!(n))),
        ("plan", "plan", a.and_then(|a| a.tier.as_ref()).map(|p| json!(p.as_str()))),
        (
            "chat_tickets_last_30_days",
            "chat_tickets_last_30_days",
            a.and_then(|a| a.chat_tickets_last_30_days).map(|n| json!(n)),
        ),
        ("tickets_last_30_days", "tickets_last_30_days", a.and_then(|a| a.tickets_last_30_days).map(|n| json!(n))),
        ("social_channels", "social_channels", a.and_then(|a| a.social_channels.clone()).map(|l| json!(l))),
        (
            "zendesk_message_channels",
            "zendesk_message_channels",
            a.and_then(|a| a.zendesk_message_channels.clone()).map(|l| json!(l)),
        ),
        (
            "data_center_location_addon",
            "data_center_location_addon",
            a.and_then(|a| a.data_center_location_addon).map(Value::Bool),
        ),
        ("integrations", "integrations", a.and_then(|a| a.integrations).map(|n| json!(n))),
        ("mobile_sdk_apps", "mobile_sdk_apps", a.and_then(|a| a.mobile_sdk_apps).map(|n| json!(n))),
        ("enrolled", "enrolled", a.and_then(|a| a.enrolled).map(Value::Bool)),
    ];
    let mut out: Vec<KnownFact> = entries
        .into_iter()
        .map(|(fact, key, value)| {
            let src = value.as_ref().and(from(key));
            KnownFact {
                fact: fact.to_owned(),
                value: value.unwrap_or(Value::Null),
                origin: src.map(|s| s.origin),
                source: src.map(|s| s.source.clone()),
            }
        })
        .collect();
    let features = account.support.settings.as_ref().and_then(AccountSettings::active_features);
    out.insert(
        2,
        KnownFact {
            fact: "active_features".to_owned(),
            origin: features.as_ref().map(|_| Origin::Api),
            source: features.as_ref().map(|_| format!("{SETTINGS}#settings.active_features")),
            value: features.map_or(Value::Null, |f| json!(f)),
        },
    );
    out
}
