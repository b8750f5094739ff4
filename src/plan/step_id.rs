//! The ids of the setup steps: one enum, its list and its JSON names written once.
//!
//! `steps` (a deciding stage) knows how each step is described; the id itself lives here,
//! in the plan, because every plan's `steps[].id` holds one and `migrate verify` and
//! `migrate apply` read it back. The JSON name is the variant in kebab-case
//! (`configure-messaging-response`); a name this list does not hold is refused on reading.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares [`StepId`] with its catalogue order ([`StepId::ALL`]) and JSON names from one
/// list, so that no variant can be missing from `ALL` or lack a name.
macro_rules! step_ids {
    ($($variant:ident => $name:literal,)+) => {
        /// Every step the tool can ask for. The order here is the order within a phase.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum StepId {
            $($variant,)+
        }

        impl StepId {
            /// Every step, in catalogue order.
            pub const ALL: &'static [StepId] = &[$(StepId::$variant,)+];

            /// The stable id written into plans (`configure-messaging-response`).
            pub fn as_str(self) -> &'static str {
                match self {
                    $(StepId::$variant => $name,)+
                }
            }
        }
    };
}

step_ids! {
    CompleteExport => "complete-export",
    ConfirmInactive => "confirm-inactive",
    LearnMessaging => "learn-messaging",
    TurnOnAgentWorkspace => "turn-on-agent-workspace",
    GrowHelpCenter => "grow-help-center",
    RequestActivationDelay => "request-activation-delay",
    TurnOnMessagingForAccount => "turn-on-messaging-for-account",
    ReviewMigratedSettings => "review-migrated-settings",
    ReviewTriggerConversions => "review-trigger-conversions",
    RecreateChatTriggers => "recreate-chat-triggers",
    CreateBusinessHoursSchedule => "create-business-hours-schedule",
    SplitDepartmentSchedules => "split-department-schedules",
    SelectScheduleOnChannel => "select-schedule-on-channel",
    PrepareAgentsAndRouting => "prepare-agents-and-routing",
    SuspendBannedVisitors => "suspend-banned-visitors",
    RecreateGoals => "recreate-goals",
    ConfigureMessagingResponse => "configure-messaging-response",
    ConfigureOutsideHoursResponse => "configure-outside-hours-response",
    CreateMessagingSigningKey => "create-messaging-signing-key",
    UpdateJwtLoginCode => "update-jwt-login-code",
    MapDepartmentsToGroups => "map-departments-to-groups",
    ConfigureOmnichannelRouting => "configure-omnichannel-routing",
    RecreateCustomRoles => "recreate-custom-roles",
    RecreateShortcutsAsMacros => "recreate-shortcuts-as-macros",
    RecreateIpBans => "recreate-ip-bans",
    ReviewChatApiIntegrations => "review-chat-api-integrations",
    UpdateWidgetJsApi => "update-widget-js-api",
    ReviewCapacity => "review-capacity",
    SetUpSupportAddress => "set-up-support-address",
    TurnOffAwayTrigger => "turn-off-away-trigger",
    TurnOnContinuousConversations => "turn-on-continuous-conversations",
    LaunchBrandOffPeak => "launch-brand-off-peak",
    EnableChannelLinking => "enable-channel-linking",
    ReplaceZendeskMessageChannels => "replace-zendesk-message-channels",
}

impl StepId {
    /// The step of this id, if there is one.
    pub fn parse(s: &str) -> Option<StepId> {
        StepId::ALL.iter().copied().find(|id| id.as_str() == s)
    }
}

impl std::fmt::Display for StepId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StepId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for StepId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StepId, D::Error> {
        let s = std::borrow::Cow::<'de, str>::deserialize(d)?;
        StepId::parse(&s).ok_or_else(|| {
            serde::de::Error::custom(format!("unknown step id {:?} (docs/mapping.md lists the steps)", s.as_ref()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JSON name is the variant's name in kebab-case, and no two are equal.
    #[test]
    fn names_are_the_kebab_case_variants_and_unique() {
        let mut seen = std::collections::BTreeSet::new();
        for id in StepId::ALL {
            let debug = format!("{id:?}");
            let mut kebab = String::new();
            for (i, c) in debug.chars().enumerate() {
                if c.is_ascii_uppercase() && i > 0 {
                    kebab.push('-');
                }
                kebab.push(c.to_ascii_lowercase());
            }
            assert_eq!(id.as_str(), kebab);
            assert!(seen.insert(id.as_str()), "{id} twice");
            let json = serde_json::to_string(id).unwrap();
            assert_eq!(serde_json::from_str::<StepId>(&json).unwrap(), *id);
        }
        // The catalogue order is the declaration order.
        assert!(StepId::ALL.windows(2).all(|w| w[0] < w[1]));
        assert!(serde_json::from_str::<StepId>("\"reset-chat-only-passwords\"").is_err());
    }
}
