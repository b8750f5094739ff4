//! The ids of the setup steps: one enum, its list and its JSON names written once.
//!
//! `steps` (a deciding stage) knows how each step is described; the id itself lives here,
//! in the plan, because every plan's `steps[].id` holds one and `migrate verify` and
//! `migrate apply` read it back. The JSON name is the variant in kebab-case
//! (`configure-messaging-response`); a name this list does not hold is refused on reading
//! (`names.rs`).

use super::names::named_enum;

named_enum! {
    /// Every step the tool can ask for. The order here is the order within a phase.
    pub enum StepId ("step id") {
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
