//! The guided setup steps that remain for one account (D-12: only the steps its
//! configuration needs).
//!
//! Translators and checks do not write steps; they state a [`Need`]: which step, why (the
//! setting that needs it), for which brand. This module knows how each step is described
//! (what, where, how to verify, sources), merges needs for the same step, and orders the
//! result by phase and by the catalogue order below.

use std::collections::BTreeMap;

pub(crate) use crate::plan::StepId;
use crate::plan::{Phase, Step};
use crate::refs;

struct Template {
    phase: Phase,
    title: &'static str,
    what: &'static str,
    where_: &'static str,
    verify: &'static str,
    refs: &'static [&'static str],
    blocking: bool,
}

/// A step's fixed text (title, what, where, verify), for tests that hold prose to the figures
/// it states.
#[cfg(test)]
pub(crate) fn template_text(id: StepId) -> String {
    let t = id.template();
    format!("{} {} {} {}", t.title, t.what, t.where_, t.verify)
}

impl StepId {
    /// The step's title, for prose that names another step.
    pub fn title(self) -> &'static str {
        self.template().title
    }

    fn template(self) -> Template {
        match self {
            StepId::CompleteExport => Template {
                phase: Phase::BeforeActivation,
                title: "Complete the export so the plan can decide",
                what: "Add the files listed under \"undecided\" to the export (or fill the templates) and plan again.",
                where_: "The export directory; `migrate export` fetches what the APIs give, docs/export-format.md describes the rest",
                verify: "`migrate plan` shows no undecided facts and a segment other than undetermined.",
                refs: &["D-4", "D-5"],
                blocking: false,
            },
            StepId::ConfirmInactive => Template {
                phase: Phase::BeforeActivation,
                title: "Check that the account is really inactive",
                what: "Zendesk turns messaging on at account level for an inactive account, with no effect on current support work, and tells you by email and banner 30 days before. Nothing else is needed now: the settings and triggers below matter only if the account later launches a messaging Web Widget, and then it is planned again as active. If this reading is wrong (a ticket in the 30 days before the export, a team still answering live chats, or a Web Widget (Classic) on a site that matters), plan the account as active: its notice comes about 60 days before activation by the programme's announcement (D-6), 30 by Zendesk's newer trigger-migration page (K3).",
                where_: "Zendesk's notice (email and in-product banner); Admin Center > Channels > Messaging and social > Messaging",
                verify: "The notice came 30 days before activation, and no chat or ticket has arrived since the export.",
                refs: &["D-4", "D-6", "K3"],
                blocking: false,
            },
            StepId::LearnMessaging => Template {
                phase: Phase::BeforeActivation,
                title: "Learn what changes with messaging",
                what: "Learn the differences from Chat with your agents (Zendesk's feature comparison). Try messaging in a sandbox: a channel's preview exists only once messaging is on.",
                where_: "A sandbox, if you have one",
                verify: "Agents know how messaging conversations reach them.",
                refs: &["D-6", "K8"],
                blocking: false,
            },
            StepId::TurnOnAgentWorkspace => Template {
                phase: Phase::BeforeActivation,
                title: "Turn on the agent workspace",
                what: "Turn on the Zendesk agent workspace: messaging needs it (Zendesk Suite, or Support + Chat with it on), and so do continuous conversations and channel linking. Before you first turn it on, map every Chat department to a Support group (Zendesk requires it, Z-4) and have agents end their chats: in-progress chats and replies are lost at the switch. It applies to every agent at once.",
                where_: "Admin Center > Workspaces > Agent tools > Agent Workspace",
                verify: "Admin Center shows the agent workspace on, and agents see chats and tickets in the same workspace.",
                refs: &["D-16", "Z-4", "D-26", "D-33", "D-1"],
                blocking: true,
            },
            StepId::GrowHelpCenter => Template {
                phase: Phase::BeforeActivation,
                title: "Publish at least 10 public help centre articles",
                what: "Zendesk recommends an active public help centre with at least 10 articles covering frequent questions. It matters if an AI agent will answer in messaging: only an AI agent uses help-centre content, the default messaging response suggests nothing (K8, K9). Turn the help centre on if it is off and publish articles visible to everyone.",
                where_: "Knowledge admin > Manage articles (visibility: everyone)",
                verify: "The help centre is on and shows at least 10 articles to a signed-out visitor.",
                refs: &["D-17", "K8", "K9"],
                blocking: false,
            },
            StepId::RequestActivationDelay => Template {
                phase: Phase::BeforeActivation,
                title: "Ask Zendesk to delay activation if the blocking work cannot be done in time",
                what: "Work due before activation blocks (the step or problem named under why). If it cannot be done by the activation date, ask for a delay with the form linked from Zendesk's notice email and in-product banner. Steps after activation need no delay: you decide when each brand launches.",
                where_: "The delay form linked from the activation notice (email and in-product banner)",
                verify: "Zendesk confirms the new activation date in writing.",
                refs: &["D-13", "D-8"],
                blocking: false,
            },
            StepId::ZendeskActivatesMessaging => Template {
                phase: Phase::Activation,
                title: "Let Zendesk activate messaging, then check that its wizard ran",
                what: "On the activation date Zendesk turns messaging on and its wizard copies Chat triggers, business hours and forms (D-3, K2). Do not press \"Turn on messaging for your account\" unless Zendesk's notice says so: that is the self-serve switch (K7). Live chat goes on until each brand's launch.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Manage settings",
                verify: "Manage settings shows \"Review and activate messaging rules\", listing the Chat triggers; if not, plan again as self-serve.",
                refs: &["D-3", "K3", "D-7", "D-9", "K2"],
                blocking: false,
            },
            StepId::TurnOnMessagingForAccount => Template {
                phase: Phase::Activation,
                title: "Turn messaging on for the account",
                what: "Turn messaging on for the account when you are ready (K7). Nothing of Chat is copied: Chat triggers stay Chat triggers (K4), and only the widget's position, colour and button text carry over, when you switch a brand. No website changes yet: the Web Widget (Classic) serves live chat until each brand's launch.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Manage settings > Turn on messaging for your account",
                verify: "Messaging appears in the Channels list, with Web Widget listed as an active channel.",
                refs: &["K7", "K4"],
                blocking: false,
            },
            StepId::ReviewMigratedSettings => Template {
                phase: Phase::AfterActivation,
                title: "Review the settings Zendesk migrated",
                what: "Compare each setting marked \"migrated by Zendesk\" with the values listed here, and what the wizard changes on its own (K2): a 10-minute inactivity timer that releases agent capacity; end chat becomes end session; wait-time messages become messaging triggers.",
                where_: "Each setting's page in Admin Center, as the Settings table names it",
                verify: "Each setting matches; the inactivity timer and end session are as you want them.",
                refs: &["K2", "D-11", "D-7"],
                blocking: false,
            },
            StepId::ReviewTriggerConversions => Template {
                phase: Phase::AfterActivation,
                title: "Review and activate the converted triggers",
                what: "Compare each Chat trigger with the Triggers section. Messaging triggers keep their Chat state; activate Support triggers, and publish proactive messages, after review; create what is shown beside a Support trigger.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Manage settings > Review and activate messaging rules",
                verify: "Exactly the triggers you want are active.",
                refs: &["K3", "K16", "K5", "K15"],
                blocking: false,
            },
            StepId::RecreateChatTriggers => Template {
                phase: Phase::AfterActivation,
                title: "Recreate the Chat triggers as messaging triggers",
                what: "After a self-serve activation, Chat triggers stay Chat triggers and run on live chats only. For a messaging trigger of the Triggers section, set the Chat trigger's Channel to Chat and messaging (Chat saves it only once no Chat-only condition or action is left), or create it by hand; create Support triggers and proactive messages by hand, field by field as shown there, and publish a proactive message only after review (publishing makes it live). For a standard trigger (First Reply, Request Contact Details, All Agents Offline), activate messaging's own standard trigger and copy your message into it instead of creating a second one.",
                where_: "Chat > Settings > Triggers (Channel); Admin Center > Objects and rules > Business rules > Messaging triggers (Support triggers: Business rules > Triggers; proactive messages: Channels > Messaging and social > Proactive messages, or AI agents and automation > Proactive messages)",
                verify: "Each trigger of the plan exists in messaging with the conditions and actions shown, and only one greeting of each kind is active.",
                refs: &["K4", "K16", "K17", "K5", "K15"],
                blocking: false,
            },
            StepId::CreateBusinessHoursSchedule => Template {
                phase: Phase::AfterActivation,
                title: "Create the business-hours schedule",
                what: "Create the Support schedule for the Chat operating hours. With the plan's messaging-config.json: POST its create body to /api/v2/business_hours/schedules, then PUT its workweek to /api/v2/business_hours/schedules/{id}/workweek.",
                where_: "Admin Center > Objects and rules > Business rules > Schedules (or the Schedules API)",
                verify: "GET /api/v2/business_hours/schedules/{id} returns the intervals in the plan, in the right time zone.",
                refs: &["K11", "K9", "K10"],
                blocking: true,
            },
            StepId::SplitDepartmentSchedules => Template {
                phase: Phase::AfterActivation,
                title: "Decide how department hours work in messaging",
                what: "Chat used department schedules, but a messaging channel takes only one schedule. Create one schedule per department from the plan's messaging-config.json and decide which one each channel uses (next step). Schedules do not switch agents' status (Z-1), so a group-status condition says nothing about a department's hours; for the other departments, use messaging-trigger conditions Hour of day and Day of week (UTC) with Group, or route with ticket triggers (K5).",
                where_: "Admin Center > Objects and rules > Business rules > Schedules; Channels > Messaging and social > Messaging > Responses",
                verify: "Each department's hours exist as a schedule; a test outside one department's hours gets the answer you chose.",
                // Guide review #18: the trigger reference (Hour of day, Day of week) first,
                // since the markdown links the first two articles.
                refs: &["K5", "K9", "Z-1", "K10", "K11"],
                blocking: true,
            },
            StepId::SelectScheduleOnChannel => Template {
                phase: Phase::AfterActivation,
                title: "Select the business-hours schedule on the messaging channel",
                what: "Choose the schedule made from the Chat operating hours on the Web Widget channel. From then on its Outside business hours response answers whenever you are closed: write it too (see that step).",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (Web Widget) > Responses > Business hours",
                verify: "The channel's Responses tab names the schedule and shows an Outside business hours tab (its test is in the step that writes it).",
                refs: &["K9", "K2", "D-7"],
                blocking: true,
            },
            StepId::PrepareAgentsAndRouting => Template {
                phase: Phase::AfterActivation,
                title: "Decide once: keep Chat routing, or switch to omnichannel routing",
                what: "Either keep Chat routing, whose rules and limits messaging follows (K1, K7); keep every Chat department enabled for Chat (Z-5). Or switch to omnichannel routing, possible once a web or mobile messaging channel exists, which changes live chat too (Z-1): record the Chat routing settings first (then hidden); Chat routing, Chat statuses (Invisible) and hours-driven status stop; while brands still run the Web Widget (Classic) an agent takes their capacity in messaging plus as many chats; Chat skills become ticket skills set by triggers.",
                where_: "Chat dashboard > Settings > Routing; Admin Center > Objects and rules > Omnichannel routing",
                verify: "The choice and any switch date are recorded; a test conversation reaches the right group.",
                refs: &["Z-1", "K1", "K7", "Z-5"],
                blocking: false,
            },
            StepId::GiveAgentsChatRoles => Template {
                phase: Phase::BeforeLaunch,
                title: "Give every agent who will answer messaging a Chat role that serves it",
                what: "Messaging needs a Chat role (Z-2): Agent or Admin, or a custom one that serves messaging. Agent (limited) serves social messaging and live chat only, not the Web Widget; without Chat access an agent gets no Web Widget conversations (Z-3). A chat-only agent (a Support Contributor) only adds private comments: give them an agent seat.",
                where_: "Admin Center > People > Team > Team members: each agent's Chat role and Support role",
                verify: "Each agent of a messaging group has Chat role Agent or Admin (or a custom one that serves messaging) and a Support agent role.",
                refs: &["Z-2", "Z-3"],
                blocking: true,
            },
            StepId::SuspendBannedVisitors => Template {
                phase: Phase::AfterActivation,
                title: "Suspend the users behind banned Chat visitors",
                what: "Banned visitors become suspended users in messaging. Suspend the users listed in the plan's messaging-config.json.",
                where_: "Agent workspace: the user's profile > Suspend; Customers > Suspended users",
                verify: "Each banned visitor with a user profile is listed as suspended.",
                refs: &["K2", "K19", "K7"],
                blocking: false,
            },
            StepId::RecreateGoals => Template {
                phase: Phase::AfterActivation,
                title: "Recreate the Chat goals",
                what: "Self-serve activation does not copy goals: recreate each goal of the plan as a messaging goal. A goal needs the agent groups it is assigned to and, when active, a start date; at most 15 goals can be active (Z-7). The Chat goal's attribution model and period are listed below.",
                where_: "Admin Center > Channels > Messaging and social > Messaging",
                verify: "Each goal exists with the same URL condition, assigned groups and a start date.",
                refs: &["Z-7", "K2", "K7"],
                blocking: false,
            },
            StepId::ConfigureMessagingResponse => Template {
                phase: Phase::BeforeLaunch,
                title: "Set up the messaging response that replaces the pre-chat form",
                what: "In the default messaging response, set the first message from the pre-chat greeting and the customer details (name, email, and ticket fields for the other pre-chat fields) as in the plan's messaging-config.json. Every field asked there is mandatory; custom fields must be editable by end users.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (Web Widget) > Responses",
                verify: "A test conversation asks for exactly the fields in the plan, and the ticket has them filled.",
                refs: &["K9", "K2"],
                blocking: false,
            },
            StepId::ConfigureOutsideHoursResponse => Template {
                phase: Phase::BeforeLaunch,
                title: "Write the outside-business-hours response",
                what: "Once a schedule is selected, the channel's Outside business hours response answers whenever you are closed, and messaging keeps taking conversations then (schedules do not switch agents' status, Z-1). Write its first message (closed, and when you will reply), customer details (an email address, or rely on continuous conversations) and follow-up message; from the offline form when it was on.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (Web Widget) > Responses > Outside business hours",
                verify: "A test conversation outside business hours gets this response and creates a ticket with the details asked.",
                refs: &["K9", "Z-1", "K2"],
                blocking: false,
            },
            StepId::CreateMessagingSigningKey => Template {
                phase: Phase::BeforeLaunch,
                title: "Create a messaging signing key",
                what: "Create a signing key for messaging end-user authentication and keep its key ID (kid) and secret for your backend; the Chat shared secret is not reused. Then check the email identity policy: older accounts accept verified and unverified emails, so an unauthenticated user can attach an unverified address; choose only verified emails unless you need otherwise (K12).",
                where_: "Admin Center > Account > Security > End user authentication > Messaging; email identities: Channels > Messaging and social > Messaging > Manage settings > Email identities",
                verify: "The key is listed with its ID; your backend holds the secret (it is shown once).",
                refs: &["K12", "K13"],
                blocking: true,
            },
            StepId::UpdateJwtLoginCode => Template {
                phase: Phase::BeforeLaunch,
                title: "Prepare the JWT and the login code for messaging",
                what: "Sign the messaging JWT with the new key: add the `kid` header, `scope: \"user\"` and `external_id` (the same ids as in Chat; on several brands they must be unique across all brands), keep `name`/`email` (add `email_verified` for email identities); call `zE('messenger', 'loginUser', callback)` beside the Chat login (`zESettings.webWidget.authenticate.chat.jwtFn`) and `zE('messenger', 'logoutUser')` on sign-out. Deploy it before the brand's launch: the messaging calls do nothing on the Web Widget (Classic), so no signed-in visitor starts anonymous after the switch; remove the Chat login after it.",
                where_: "Your website's widget code and the backend endpoint that signs the JWT",
                verify: "A signed-in visitor opens the messaging Web Widget and the ticket's requester is the existing user (same external_id), not a new anonymous one.",
                refs: &["K12", "K13", "K22", "K26", "K7"],
                blocking: true,
            },
            StepId::MapDepartmentsToGroups => Template {
                phase: Phase::BeforeLaunch,
                title: "Map every Chat department to a Support group",
                what: "Messaging routes to groups, not departments. Create or pick a group for each department listed and add its agents; code that creates or updates Chat departments should use the Support Groups API.",
                where_: "Admin Center > People > Team > Groups",
                verify: "Each department in the plan has a group with the same agents; a transfer to that group reaches them.",
                refs: &["K18", "K1"],
                blocking: true,
            },
            StepId::ConfigureOmnichannelRouting => Template {
                phase: Phase::BeforeLaunch,
                title: "If you switch to omnichannel routing: recreate the Chat routing in it",
                what: "Only if you chose omnichannel routing (the routing decision): record the Chat routing settings below first, as they are hidden once it is on; turn it on at a time chosen for it, since Chat routing stops for live chat on every brand at once; then recreate mode, limits, reassignment and idle as mapped below. Recreate each Chat skill as a ticket skill and add ticket triggers that apply it, or skills route nothing (Z-1). Otherwise messaging keeps following the Chat routing rules (K1).",
                where_: "Admin Center > Objects and rules > Omnichannel routing > Routing configuration; skills: Objects and rules > Business rules > Skills; triggers that apply them: Business rules > Triggers",
                verify: "The Chat routing settings are recorded; a test conversation is offered to an agent with the right skills and capacity.",
                refs: &["Z-1", "K1", "K7"],
                blocking: false,
            },
            StepId::RecreateCustomRoles => Template {
                phase: Phase::BeforeLaunch,
                title: "Recreate custom Chat roles as agent-workspace roles",
                what: "A custom Chat role is a Chat role: it still decides what its agents may do in live chat and messaging (Z-2). Check that each custom role lets its agents serve messaging, or give them Agent; recreate any Support permissions it stood for as a custom Support role.",
                where_: "Admin Center > People > Team > Roles",
                verify: "Each agent of a custom Chat role has a role with the same permissions.",
                refs: &["Z-2", "K1"],
                blocking: false,
            },
            StepId::RecreateShortcutsAsMacros => Template {
                phase: Phase::BeforeLaunch,
                title: "Recreate Chat shortcuts as macros",
                what: "Create a macro for each shortcut (the plan's messaging-config.json gives each Macros API body). Options (\"Yes/No\") and dynamic content do not work in the agent workspace: those macros are plain text.",
                where_: "Admin Center > Workspaces > Agent tools > Macros",
                verify: "Agents find each macro by the shortcut's name and it inserts the same text and tags.",
                refs: &["K1", "K18"],
                blocking: false,
            },
            StepId::RecreateIpBans => Template {
                phase: Phase::BeforeLaunch,
                title: "Recreate the IP bans for messaging",
                what: "Add the banned IP addresses from the plan's messaging-config.json to the messaging IP ban list (account-wide; Web Widget and mobile SDKs only, up to 5,000 entries; banned users are not told). Only admins and billing admins can ban IPs (on Enterprise, custom roles given the permission), and agents see a ban in the agent workspace only when IP addresses show in the customer context panel (Z-8).",
                // Z-10: "In Admin Center, click People in the sidebar, then select
                // Restrictions > Banned IP addresses."
                where_: "Admin Center > People > Restrictions > Banned IP addresses",
                verify: "The messaging IP ban list holds every address in the plan.",
                refs: &["K19", "Z-8", "Z-10"],
                blocking: false,
            },
            StepId::ReviewChatApiIntegrations => Template {
                phase: Phase::BeforeActivation,
                title: "Check the integrations built on the Chat APIs",
                what: "A bot built on the Chat Conversations API is no longer invoked once messaging is on. Zendesk recommends moving it to the Sunshine Conversations APIs before the account moves to messaging; the other documented option is a Support trigger workaround that hands messaging tickets to the bot (K1). Messaging conversations arrive as tickets, not Chat chats, so an integration reading chats through the Chat REST API does not see them: have it read tickets (inferred: Zendesk does not document this). The Chat API clients:",
                where_: "The code of each integration; its client is in the Chat dashboard > Settings > Account > API & SDKs",
                verify: "Each listed integration works with a messaging test conversation, or has been retired.",
                refs: &["K1"],
                blocking: false,
            },
            StepId::UpdateWidgetJsApi => Template {
                phase: Phase::BeforeLaunch,
                title: "Prepare the widget's JavaScript calls for messaging",
                what: "Classic widget calls (`zE('webWidget', …)`, `zESettings.webWidget`, `$zopim.livechat`) stop working once a brand's widget serves messaging, and the messaging calls do nothing before. So deploy, before each brand's launch, code that keeps each Classic call and adds its replacement listed here; after the switch, remove the Classic calls (and those listed for removal): no gap in which the site's calls fail (inferred: test it in a sandbox).",
                where_: "Your website's code around the Web Widget snippet (the snippet itself stays the same)",
                verify: "The browser console shows no widget API errors and each replaced call does what the old one did.",
                refs: &["K7", "K22"],
                blocking: true,
            },
            StepId::ReviewCapacity => Template {
                phase: Phase::BeforeLaunch,
                title: "Check the account against messaging's capacity limits",
                what: "Messaging is recommended for up to 1,300 agents online and serving at once (2,000 at lower concurrency), 8,000 concurrent conversations (a 2021 article said 4,000) and 200,000 conversations a day. This account comes near or over a limit (figures below): confirm with Zendesk that messaging will carry it before launch, and keep the launch away from the peak, brand by brand if the traffic is split across brands.",
                where_: "Your Zendesk account team; Admin Center > Channels > Messaging and social > Messaging",
                verify: "Zendesk has confirmed in writing that the account's peak volume is supported, or the launch plan keeps each step below the limits.",
                refs: &["D-18", "K1", "K18"],
                blocking: false,
            },
            StepId::TurnOffAwayTrigger => Template {
                phase: Phase::BeforeLaunch,
                title: "Turn off the away-message trigger's messaging copy with continuous conversations",
                what: "An away or offline auto-reply trigger together with continuous conversations sends end users duplicate messages. If you turn continuous conversations on, deactivate the messaging copy of each trigger listed here at the same time; leave the Chat trigger as it is while the Web Widget (Classic) still serves live chat.",
                where_: "Admin Center > Objects and rules > Business rules > Messaging triggers",
                verify: "The listed triggers are inactive; a test conversation while away gets one message, not two.",
                refs: &["D-29", "K14"],
                blocking: false,
            },
            StepId::TurnOnContinuousConversations => Template {
                phase: Phase::BeforeLaunch,
                title: "Consider continuous conversations (messaging continued by email)",
                what: "The offline form let visitors leave a message and get an answer by email. With continuous conversations, an end user who leaves the Web Widget gets an email once the conversation is deemed inactive with an unread agent reply (the inactivity timer: 10 minutes by default, Z-11), and comes back by replying or returning to the site. Web Widget only, not mobile. Turning it on creates a trigger that asks for an email address; to turn it off you need both: the ticket setting off and that trigger deactivated.",
                where_: "Admin Center > Objects and rules > Tickets > Settings > Continuous conversations > Switch messaging conversations to email; to turn it off: the same setting, and the trigger \"Request email for continuous conversations\" deactivated under Objects and rules > Business rules > Messaging triggers",
                verify: "A test conversation left with an unread agent reply sends an email; replying to it adds to the same conversation, marked as sent by email.",
                refs: &["D-25", "D-26", "D-27", "D-28", "D-29", "D-30", "D-31", "K14", "K2", "Z-11"],
                blocking: false,
            },
            StepId::LaunchBrandOffPeak => Template {
                phase: Phase::Launch,
                title: "Launch messaging brand by brand, off-peak",
                what: "Turning messaging on for a brand's Web Widget (Classic) is the launch: open live chats end, tickets in progress stay pending (K8). For each brand in turn: pick an off-peak window; close all live chats and note pending tickets; turn messaging on for its Web Widget (Classic); deploy any site code this plan prepares; test with a conversation from the website; then the next brand. Taking agents offline stops chat on every brand.",
                where_: "Agent workspace (live chats); Admin Center > Channels > Messaging and social > Messaging > Manage settings > Turn on messaging for Web Widget (Classic)",
                verify: "No live chat was open at a switch; each brand's test arrived as a messaging ticket.",
                refs: &["D-10", "D-8", "K7", "K8"],
                blocking: false,
            },
            StepId::EnableChannelLinking => Template {
                phase: Phase::AfterLaunch,
                title: "Let customers move the brand's Web Widget conversation to a social channel",
                what: "Channel linking lets an end user move a Web Widget conversation to WhatsApp, Facebook Messenger or Instagram DM (menu at the top of the widget, then a QR code or the app), leave and come back later; replies go to the channel used last. Tell agents first: a customer who has contacted you on that social channel before is merged with the Web Widget user and their older non-closed tickets are closed; linking Instagram DM creates a new ticket. Choose among the connected channels; to turn it off, clear them and save.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (the brand's Web Widget) > Basics > Allow customers to switch channels > choose the channels > Save settings",
                verify: "The brand's widget shows the channel menu; a test conversation linked by QR code continues in the app, and the widget shows both sides.",
                refs: &["D-37", "D-32", "D-33", "D-34", "D-35", "D-36"],
                blocking: false,
            },
            StepId::MoveMobileApps => Template {
                phase: Phase::AfterLaunch,
                title: "Move the mobile apps to the messaging SDKs",
                what: "Activating messaging does not change the Classic mobile SDKs (K7): in-app users keep reaching live chat after every web brand has launched, so keep live chat staffed until the apps move. Create an iOS or Android messaging channel, replace the Classic SDK with the messaging SDK in each app and release it. A 2021 article named limits of messaging on mobile (a short history, few colours, no unread count, agent availability or queue position): check the current SDK pages.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Add channel (iOS or Android); each app's code and release",
                verify: "The released apps start messaging conversations that arrive as tickets; no live chat comes from an app.",
                refs: &["K7", "D-19"],
                blocking: false,
            },
            StepId::ReplaceZendeskMessageChannels => Template {
                phase: Phase::AfterLaunch,
                title: "Connect Facebook Messenger or LINE as social messaging channels",
                what: "Zendesk Message ended on 2021-11-01: nothing can be re-integrated, and its old messages are gone. If you still want these channels, connect them as social messaging channels (Zendesk Suite, or Support + Chat with the Social Messaging add-on, Z-3).",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Add channel",
                verify: "Each wanted channel is connected, and a test message on it reaches the agent workspace.",
                refs: &["D-23", "Z-3"],
                blocking: false,
            },
        }
    }
}

/// A request for a step, with the reason this account needs it.
#[derive(Clone, Debug)]
pub struct Need {
    pub step: StepId,
    /// For steps done for each brand's Web Widget: the brand. Needs for the same step and
    /// different brands make one step that lists the brands (issue 10: a guide a person
    /// reads does not repeat a step per brand).
    pub instance: Option<String>,
    /// The setting that needs the step, in a sentence.
    pub why: String,
    /// The plan item behind it.
    pub source: Option<String>,
    /// Account-specific lines added to "what".
    pub details: Vec<String>,
    /// Overrides the catalogue's blocking flag.
    pub blocking: Option<bool>,
    /// Overrides the catalogue's "where" (a place that depends on the activation path).
    pub place: Option<String>,
    /// Overrides the catalogue's phase (a step that must come earlier for this account).
    pub phase: Option<Phase>,
}

impl Need {
    pub fn new(step: StepId, why: impl Into<String>) -> Self {
        Need {
            step,
            instance: None,
            why: why.into(),
            source: None,
            details: Vec::new(),
            blocking: None,
            place: None,
            phase: None,
        }
    }

    pub fn source(mut self, s: impl Into<String>) -> Self {
        self.source = Some(s.into());
        self
    }

    pub fn instance(mut self, s: impl Into<String>) -> Self {
        self.instance = Some(s.into());
        self
    }

    pub fn detail(mut self, d: impl Into<String>) -> Self {
        self.details.push(d.into());
        self
    }

    pub fn blocking(mut self, b: bool) -> Self {
        self.blocking = Some(b);
        self
    }

    pub fn place(mut self, p: impl Into<String>) -> Self {
        self.place = Some(p.into());
        self
    }

    pub fn phase(mut self, p: Phase) -> Self {
        self.phase = Some(p);
        self
    }
}

/// Merge the needs into steps: one step per id, listing the brands it is done for, ordered
/// by phase, then by the catalogue.
pub(crate) fn build(needs: Vec<Need>) -> Vec<Step> {
    #[derive(Default)]
    struct Acc {
        why: Unique,
        sources: Unique,
        details: Unique,
        brands: Unique,
        blocking: Option<bool>,
        place: Option<String>,
    }
    let mut acc: BTreeMap<(Phase, StepId), Acc> = BTreeMap::new();
    for n in needs {
        let t = n.step.template();
        let e = acc.entry((n.phase.unwrap_or(t.phase), n.step)).or_default();
        if !n.why.is_empty() {
            e.why.push(n.why);
        }
        if let Some(s) = n.source {
            e.sources.push(s);
        }
        if let Some(b) = n.instance {
            e.brands.push(b);
        }
        for d in n.details {
            e.details.push(d);
        }
        if let Some(b) = n.blocking {
            e.blocking = Some(e.blocking.unwrap_or(false) || b);
        }
        if n.place.is_some() {
            e.place = n.place;
        }
    }
    acc.into_iter()
        .map(|((phase, id), a)| {
            let t = id.template();
            let refs = refs::list(t.refs);
            let link = refs::first_link(&refs).map(str::to_owned);
            let mut what = t.what.to_owned();
            // Each account-specific line is one line: a line break inside one (a name quoted
            // in it) would start a line of its own, read as another detail or a checklist
            // entry (issue 11).
            let one_line = |s: &str| crate::text::display::prose(s).into_owned();
            if a.brands.list.len() > 1 {
                let names: Vec<String> = a.brands.list.iter().map(|b| one_line(b)).collect();
                what.push_str(&format!("\n- For each brand: {}.", names.join(", ")));
            } else if let [one] = a.brands.list.as_slice() {
                what.push_str(&format!("\n- Brand: {}.", one_line(one)));
            }
            for d in &a.details.list {
                what.push_str("\n- ");
                what.push_str(&one_line(d));
            }
            Step {
                id,
                brands: a.brands.list,
                phase,
                title: t.title.to_owned(),
                what,
                why: a.why.list.join(" "),
                where_: a.place.unwrap_or_else(|| t.where_.to_owned()),
                verify: t.verify.to_owned(),
                refs,
                link,
                blocking: a.blocking.unwrap_or(t.blocking),
                sources: a.sources.list,
                due: None,
            }
        })
        .collect()
}

/// The step's line for a standard trigger; the Triggers section carries the full advice
/// ([`crate::plan::payload::trigger::Standard::advice`]).
pub(crate) fn standard_trigger_line(trigger: &str, standard: &str, assisted: bool) -> String {
    if assisted {
        format!("\"{trigger}\": keep exactly one \"{standard}\" trigger active (see Triggers).")
    } else {
        format!(
            "\"{trigger}\": use messaging's standard \"{standard}\" trigger rather than a second one (see Triggers)."
        )
    }
}

/// Keeps first-seen order; a set makes it linear for accounts with thousands of
/// triggers feeding one step.
#[derive(Default)]
struct Unique {
    list: Vec<String>,
    seen: std::collections::HashSet<String>,
}

impl Unique {
    fn push(&mut self, s: String) {
        if self.seen.insert(s.clone()) {
            self.list.push(s);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `StepId::ALL` is declared with the enum (`plan/step_id.rs`), so it holds every
    /// variant; each has a template that cites a source and says where and how to verify.
    #[test]
    fn catalogue_is_complete_and_ids_unique() {
        let mut ids: Vec<&str> = StepId::ALL.iter().map(|s| s.as_str()).collect();
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(n, ids.len());
        for s in StepId::ALL {
            let t = s.template();
            assert!(!t.refs.is_empty(), "{s} cites no source");
            assert!(!t.where_.is_empty() && !t.verify.is_empty());
        }
    }

    #[test]
    fn needs_for_the_same_step_merge() {
        let steps = build(vec![
            Need::new(StepId::MapDepartmentsToGroups, "Sales has no group.").source("a"),
            Need::new(StepId::MapDepartmentsToGroups, "Billing has no group.").source("b"),
            Need::new(StepId::EnableChannelLinking, "x").instance("Two"),
            Need::new(StepId::EnableChannelLinking, "x").instance("One"),
        ]);
        assert_eq!(steps.len(), 2);
        assert_eq!(steps[0].id, StepId::MapDepartmentsToGroups);
        assert_eq!(steps[0].sources, ["a", "b"]);
        // One step for both brands, in the order the needs came (the export's order).
        assert_eq!(steps[1].brands, ["Two", "One"]);
        assert!(steps[1].what.contains("For each brand: Two, One."));
    }
}
