//! Support-side objects: brands, groups, schedules, users, and the facts of
//! `support/account.json` (export-format.md).

use serde::{Deserialize, Serialize};

use super::lenient::{Flag, Id, Timestamp, object_only};

/// `GET /api/v2/brands`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Brand {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub subdomain: Option<String>,
    pub brand_url: Option<String>,
    pub active: Option<Flag>,
    pub default: Option<Flag>,
    pub has_help_center: Option<Flag>,
    pub help_center_state: Option<String>,
    pub created_at: Option<Timestamp>,
}

impl Brand {
    /// Brands are active unless the API says otherwise.
    pub fn is_active(&self) -> bool {
        self.active.is_none_or(Flag::get)
    }

    pub fn label(&self) -> String {
        self.name
            .clone()
            .filter(|n| !n.is_empty())
            .or_else(|| self.subdomain.clone())
            .or_else(|| self.id.as_ref().map(|i| format!("brand {i}")))
            .unwrap_or_else(|| "unnamed brand".to_owned())
    }
}

/// `GET /api/v2/groups`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Group {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub deleted: Option<Flag>,
}

/// `GET /api/v2/business_hours/schedules`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct Schedule {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub time_zone: Option<String>,
    pub intervals: Vec<ScheduleInterval>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct ScheduleInterval {
    pub start_time: u32,
    pub end_time: u32,
}

/// `GET /api/v2/users?role[]=agent&role[]=admin`.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct User {
    pub id: Option<Id>,
    pub name: Option<String>,
    pub email: Option<String>,
    pub role: Option<String>,
    pub active: Option<Flag>,
    pub suspended: Option<Flag>,
}

/// The Zendesk plan. Support plans mean Support + Chat (export-format.md).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SubscriptionTier {
    SupportTeam,
    SupportProfessional,
    SupportEnterprise,
    SuiteTeam,
    SuiteGrowth,
    SuiteProfessional,
    SuiteEnterprise,
    SuiteEnterprisePlus,
}

impl SubscriptionTier {
    pub fn is_suite(&self) -> bool {
        matches!(
            self,
            SubscriptionTier::SuiteTeam
                | SubscriptionTier::SuiteGrowth
                | SubscriptionTier::SuiteProfessional
                | SubscriptionTier::SuiteEnterprise
                | SubscriptionTier::SuiteEnterprisePlus
        )
    }

    /// Team plans have no business-hours schedules (K9).
    pub fn has_schedules(&self) -> bool {
        !matches!(self, SubscriptionTier::SupportTeam | SubscriptionTier::SuiteTeam)
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            SubscriptionTier::SupportTeam => "support_team",
            SubscriptionTier::SupportProfessional => "support_professional",
            SubscriptionTier::SupportEnterprise => "support_enterprise",
            SubscriptionTier::SuiteTeam => "suite_team",
            SubscriptionTier::SuiteGrowth => "suite_growth",
            SubscriptionTier::SuiteProfessional => "suite_professional",
            SubscriptionTier::SuiteEnterprise => "suite_enterprise",
            SubscriptionTier::SuiteEnterprisePlus => "suite_enterprise_plus",
        }
    }
}

/// `support/account.json`: facts several Support APIs give, or an admin fills by hand.
/// Every field is optional: a missing one is "unknown" and the checks that need it say so.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct SupportAccount {
    /// `true` in a template written by `migrate export` that the admin has not completed.
    pub template: Option<bool>,
    /// The Zendesk subscription (`plan` in the file).
    #[serde(rename = "plan")]
    pub tier: Option<SubscriptionTier>,
    pub agent_workspace: Option<bool>,
    /// Chat is the integrated experience, not legacy Chat (`settings.chat.integrated` of
    /// `GET /api/v2/account/settings`).
    pub chat_integrated: Option<bool>,
    pub help_center: Option<HelpCenter>,
    pub support_addresses: Option<Vec<String>>,
    pub social_channels: Option<Vec<String>>,
    pub zendesk_message_channels: Option<Vec<String>>,
    pub data_center_location_addon: Option<bool>,
    pub integrations: Option<u64>,
    pub mobile_sdk_apps: Option<u64>,
    pub chat_tickets_last_30_days: Option<u64>,
    pub tickets_last_30_days: Option<u64>,
    /// Whether the account is in Zendesk's 2025 migration programme: it got the email and
    /// in-product banner (D-2). Only an enrolled account gets the migration wizard (K2); no
    /// API says it, so the admin answers it (`migrate answer --enrolled`).
    pub enrolled: Option<bool>,
    /// Keys the admin answered with `migrate answer` (origin "admin").
    pub answered_by_admin: Option<Vec<String>>,
    /// Keys `migrate export` filled from an API, each with the request that gave it; keys
    /// not listed were filled by hand.
    pub from_api: Option<std::collections::BTreeMap<String, String>>,
}

impl SupportAccount {
    /// The fact keys present, in the contract's order.
    pub fn keys(&self) -> Vec<&'static str> {
        [
            ("plan", self.tier.is_some()),
            ("agent_workspace", self.agent_workspace.is_some()),
            ("chat_integrated", self.chat_integrated.is_some()),
            ("help_center", self.help_center.is_some()),
            ("support_addresses", self.support_addresses.is_some()),
            ("social_channels", self.social_channels.is_some()),
            ("zendesk_message_channels", self.zendesk_message_channels.is_some()),
            ("data_center_location_addon", self.data_center_location_addon.is_some()),
            ("integrations", self.integrations.is_some()),
            ("mobile_sdk_apps", self.mobile_sdk_apps.is_some()),
            ("chat_tickets_last_30_days", self.chat_tickets_last_30_days.is_some()),
            ("tickets_last_30_days", self.tickets_last_30_days.is_some()),
            ("enrolled", self.enrolled.is_some()),
        ]
        .into_iter()
        .filter(|(_, present)| *present)
        .map(|(k, _)| k)
        .collect()
    }
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
#[serde(remote = "Self")]
pub struct HelpCenter {
    pub enabled: Option<bool>,
    pub public_articles: Option<u64>,
}

object_only! {
    Brand => "a brand object",
    Group => "a group object",
    Schedule => "a schedule object",
    User => "a user object",
    SupportAccount => "an object of Support account facts (docs/export-format.md)",
    HelpCenter => "an object {\"enabled\": …, \"public_articles\": …}",
}
