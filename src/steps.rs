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
                what: "Zendesk turns messaging on at account level for an inactive account, with no effect on current support work, and tells you by email and banner 30 days before. Nothing else is needed. If that is wrong (the account had a ticket in the 30 days before the export, a team still answers live chats, or a Web Widget (Classic) is on a site that matters), plan the account as active: its notice then comes about 60 days before activation.",
                where_: "Zendesk's notice (email and in-product banner); Admin Center > Channels > Messaging and social > Messaging",
                verify: "The notice came 30 days before activation, and no chat or ticket has arrived since the export.",
                refs: &["D-4", "D-6"],
                blocking: false,
            },
            StepId::LearnMessaging => Template {
                phase: Phase::BeforeActivation,
                title: "Learn what changes with messaging, and try it",
                what: "Nothing must be done before activation, but Zendesk suggests that you and your agents learn the differences from Chat, read the feature comparison and try messaging first, for example with \"Test it now\" in the widget preview.",
                where_: "Admin Center > Channels > Messaging and social > Messaging (preview)",
                verify: "Your agents have tried a messaging conversation.",
                refs: &["D-6", "K1", "K8"],
                blocking: false,
            },
            StepId::TurnOnAgentWorkspace => Template {
                phase: Phase::BeforeActivation,
                title: "Turn on the agent workspace",
                what: "Turn on the Zendesk agent workspace for the account. Messaging needs Zendesk Suite, or Support + Chat with the agent workspace on; continuous conversations and social channel linking need it as well. The setting applies to every agent at once.",
                where_: "Admin Center > Workspaces > Agent tools > Agent Workspace",
                verify: "Admin Center shows the agent workspace on, and agents see chats and tickets in the same workspace.",
                refs: &["D-16", "D-26", "D-33"],
                blocking: true,
            },
            StepId::GrowHelpCenter => Template {
                phase: Phase::BeforeActivation,
                title: "Publish at least 10 public help centre articles",
                what: "Zendesk recommends an active public help centre with at least 10 articles covering frequent questions before turning messaging on, so that the bot has answers to suggest. Turn the help centre on if it is off and publish articles visible to everyone until there are at least 10.",
                where_: "Knowledge admin > Manage articles (visibility: everyone)",
                verify: "The help centre is on and shows at least 10 articles to a signed-out visitor.",
                refs: &["D-17", "K8"],
                blocking: false,
            },
            StepId::RequestActivationDelay => Template {
                phase: Phase::BeforeActivation,
                title: "Ask Zendesk to delay activation if the blocking work cannot be done in time",
                what: "A step due before activation blocks (listed under why). If it cannot be done by the activation date, ask for a delay with the form linked from Zendesk's notice email and in-product banner. Steps after activation need no delay: you decide when each brand launches.",
                where_: "The delay form linked from the activation notice (email and in-product banner)",
                verify: "Zendesk confirms the new activation date in writing.",
                refs: &["D-13", "D-8"],
                blocking: false,
            },
            StepId::TurnOnMessagingForAccount => Template {
                phase: Phase::Activation,
                title: "Turn messaging on for the account, then wait for the confirmation",
                what: "Turn messaging on for the account, then wait for Zendesk's email and in-product confirmation. No website changes yet: the Web Widget (Classic) serves live chat until each brand's launch.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Manage settings > Turn on messaging for your account",
                verify: "The confirmation has arrived.",
                refs: &["D-7", "D-9", "D-3", "K7"],
                blocking: false,
            },
            StepId::ReviewMigratedSettings => Template {
                phase: Phase::AfterActivation,
                title: "Review the settings Zendesk migrated",
                what: "Compare each setting marked \"migrated by Zendesk\" with this plan.",
                where_: "Each setting's own page in Admin Center, as the Settings table names it",
                verify: "Each one has the values shown in this plan.",
                refs: &["D-11", "D-7", "K2"],
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
                where_: "Chat > Settings > Triggers (Channel); Admin Center > Objects and rules > Business rules > Messaging triggers (Support triggers: Business rules > Triggers; proactive messages: Channels > Messaging and social > Proactive messages)",
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
                what: "Chat used department schedules, but a messaging channel takes only one schedule. Create one schedule per department from the plan's messaging-config.json, decide which one each channel uses (select it on the channel in the next step), and cover the other departments' hours with group-status conditions in messaging triggers or with SLA policies.",
                where_: "Admin Center > Objects and rules > Business rules > Schedules; Channels > Messaging and social > Messaging > Responses",
                verify: "Each department's hours exist as a schedule; a test outside one department's hours gets the answer you chose.",
                refs: &["K9", "K10", "K11"],
                blocking: true,
            },
            StepId::SelectScheduleOnChannel => Template {
                phase: Phase::AfterActivation,
                title: "Select the business-hours schedule on the messaging channel",
                what: "Choose the schedule made from the Chat operating hours on the Web Widget channel, so that the outside-business-hours response is used when you are closed.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (Web Widget) > Responses > Business hours",
                verify: "The channel's Responses tab names the schedule; a test conversation outside the hours gets the outside-hours response.",
                refs: &["K9", "K2", "D-7"],
                blocking: true,
            },
            StepId::PrepareAgentsAndRouting => Template {
                phase: Phase::AfterActivation,
                title: "Prepare routing and agents for messaging",
                what: "Chat limits set in the Chat dashboard still apply to messaging: check them. Route messaging tickets to the right groups (triggers or omnichannel routing), and show agents how messaging conversations arrive in the agent workspace.",
                where_: "Chat dashboard > Settings > Routing (chat limits); Admin Center > Objects and rules > Omnichannel routing",
                verify: "A test conversation reaches an agent of the right group.",
                refs: &["K7", "K1"],
                blocking: false,
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
                what: "Self-serve activation does not copy goals; recreate the goals in the plan as messaging goals.",
                where_: "Admin Center > Channels > Messaging and social > Messaging",
                verify: "Each goal exists with the same URL condition.",
                refs: &["K2", "K7"],
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
                title: "Set up the outside-business-hours response that replaces the offline form",
                what: "On the outside-business-hours tab of the messaging response, set the first message from the offline-form greeting and the customer details from its fields. It is used only when the channel has a schedule.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (Web Widget) > Responses > Outside business hours",
                verify: "A test conversation outside business hours gets this response and creates a ticket with the details asked.",
                refs: &["K9", "K2"],
                blocking: false,
            },
            StepId::CreateMessagingSigningKey => Template {
                phase: Phase::BeforeLaunch,
                title: "Create a messaging signing key",
                what: "Create a signing key for messaging end-user authentication and keep its key ID (kid) and secret for your backend. The Chat shared secret is not reused. Decide the email identity policy (only verified emails is the default).",
                where_: "Admin Center > Account > Security > End user authentication > Messaging",
                verify: "The key is listed with its ID; your backend holds the secret (it is shown once).",
                refs: &["K12", "K13"],
                blocking: true,
            },
            StepId::UpdateJwtLoginCode => Template {
                phase: Phase::BeforeLaunch,
                title: "Prepare the JWT and the login code for messaging",
                what: "Prepare this ahead of time and deploy it for each brand right after turning messaging on for its Web Widget (Classic): until then signed-in visitors still use the Chat login. Sign the messaging JWT with the new key: add the `kid` header, `scope: \"user\"` and `external_id` (same ids as in Chat), keep `name`/`email` (add `email_verified` for email identities); replace `zESettings.webWidget.authenticate.chat.jwtFn` with `zE('messenger', 'loginUser', callback)` and call `zE('messenger', 'logoutUser')` on sign-out.",
                where_: "Your website's widget code and the backend endpoint that signs the JWT",
                verify: "A signed-in visitor opens the messaging Web Widget and the ticket's requester is the existing user (same external_id), not a new anonymous one.",
                refs: &["K12", "K13", "K22", "K26"],
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
                title: "Set up omnichannel routing from the Chat routing settings",
                what: "Recreate the Chat routing (mode, chat limits, skills, reassignment, idle) in omnichannel routing, as the plan's messaging-config.json maps it. Without omnichannel routing, messaging falls back to the Chat routing rules.",
                where_: "Admin Center > Objects and rules > Omnichannel routing > Routing configuration; skills: Objects and rules > Business rules > Skills",
                verify: "A test conversation is offered to an agent with the right skills and capacity; the agent's capacity matches the old chat limit.",
                refs: &["K1", "K7"],
                blocking: false,
            },
            StepId::RecreateCustomRoles => Template {
                phase: Phase::BeforeLaunch,
                title: "Recreate custom Chat roles as agent-workspace roles",
                what: "Chat roles do not apply in the agent workspace. Create custom roles with the permissions listed for each Chat role and assign them to the same agents.",
                where_: "Admin Center > People > Team > Roles",
                verify: "Each agent of a custom Chat role has a role with the same permissions.",
                refs: &["K1"],
                blocking: false,
            },
            StepId::RecreateShortcutsAsMacros => Template {
                phase: Phase::BeforeLaunch,
                title: "Recreate Chat shortcuts as macros",
                what: "Create a macro for each shortcut from the plan's messaging-config.json (Macros API body given). Shortcuts with options (\"Yes/No\") and dynamic content do not work in the agent workspace: their macros are plain text.",
                where_: "Admin Center > Workspaces > Agent tools > Macros",
                verify: "Agents find each macro by the shortcut's name and it inserts the same text and tags.",
                refs: &["K1", "K18"],
                blocking: false,
            },
            StepId::RecreateIpBans => Template {
                phase: Phase::BeforeLaunch,
                title: "Recreate the IP bans for messaging",
                what: "Add the banned IP addresses from the plan's messaging-config.json to the messaging IP ban list (account-wide; Web Widget and mobile SDKs only, up to 5,000 entries; banned users are not told).",
                where_: "Admin Center, the messaging Banned IPs page",
                verify: "The messaging IP ban list holds every address in the plan.",
                refs: &["K19"],
                blocking: false,
            },
            StepId::ReviewChatApiIntegrations => Template {
                phase: Phase::BeforeLaunch,
                title: "Check the integrations built on the Chat APIs",
                what: "A bot built on the Chat Conversations API is no longer invoked once messaging is on: move it to the Sunshine Conversations APIs. Messaging conversations arrive as tickets, not as Chat chats, so an integration that reads chats through the Chat REST API does not see them; have it read tickets through the Support API instead (inferred: Zendesk does not document this). The Chat API clients:",
                where_: "The code of each integration; its client is in the Chat dashboard > Settings > Account > API & SDKs",
                verify: "Each listed integration works with a messaging test conversation, or has been retired.",
                refs: &["K1"],
                blocking: false,
            },
            StepId::UpdateWidgetJsApi => Template {
                phase: Phase::BeforeLaunch,
                title: "Prepare the widget's JavaScript calls for messaging",
                what: "Classic widget calls (`zE('webWidget', …)`, `zESettings.webWidget`, `$zopim.livechat`) stop working once a brand's widget serves messaging, and the messaging calls do nothing before. Prepare the replacement for each call listed (its messaging equivalent from this plan, or its removal) ahead of time, and deploy it for each brand right after turning messaging on for that brand's Web Widget (Classic), in the launch window.",
                where_: "Your website's code around the Web Widget snippet (the snippet itself stays the same)",
                verify: "The browser console shows no widget API errors and each replaced call does what the old one did.",
                refs: &["K7", "K22"],
                blocking: true,
            },
            StepId::ReviewCapacity => Template {
                phase: Phase::BeforeLaunch,
                title: "Check the account against messaging's capacity limits",
                what: "Messaging is recommended for up to 1,300 agents serving at once, 4,000 concurrent conversations (newer Zendesk pages say 8,000) and 200,000 conversations a day. This account comes near or over a limit (figures below, from its chat history and agents): confirm with Zendesk that messaging will carry it before launch, and keep the launch away from the peak, brand by brand if the traffic is split across brands.",
                where_: "Your Zendesk account team; Admin Center > Channels > Messaging and social > Messaging",
                verify: "Zendesk has confirmed in writing that the account's peak volume is supported, or the launch plan keeps each step below the limits.",
                refs: &["D-18", "K1", "K18"],
                blocking: false,
            },
            StepId::SetUpSupportAddress => Template {
                phase: Phase::BeforeLaunch,
                title: "Set up a support email address",
                what: "Add a support email address. Continuous conversations (messaging continued by email) need one: the agent's reply reaches an end user who left the Web Widget by email, and the end user answers by email.",
                where_: "Admin Center > Channels > Talk and email > Email > Support addresses",
                verify: "The address is listed as a support address and a test email to it creates a ticket.",
                refs: &["D-26", "D-25", "K14"],
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
                what: "The offline form let visitors leave a message and get an answer by email. With continuous conversations, an end user who leaves the Web Widget gets an email when an agent's reply stays unread for 10 minutes, and comes back by replying to it or by returning to the site; agents work the whole conversation in the agent workspace. Turning it on creates a trigger that asks the end user for an email address. To turn it off again you need both: the ticket setting off, and that trigger deactivated.",
                where_: "Admin Center > Objects and rules > Tickets > Settings > Continuous conversations > Switch messaging conversations to email; to turn it off: the same setting, and the trigger \"Request email address for ongoing conversations\" (now \"Request email for continuous conversations\") deactivated under Chat > Settings > Triggers or Objects and rules > Business rules > Messaging triggers",
                verify: "A test conversation left with an unread agent reply sends an email; replying to it adds to the same conversation, marked as sent by email.",
                refs: &["D-25", "D-26", "D-27", "D-28", "D-29", "D-30", "D-31", "K14"],
                blocking: false,
            },
            StepId::LaunchBrandOffPeak => Template {
                phase: Phase::Launch,
                title: "Launch messaging brand by brand, off-peak",
                what: "Turning messaging on for a brand's Web Widget (Classic) is the launch: the same snippet then serves messaging, keeping position, colour and button text. For each brand in turn: pick an off-peak window; stop new chats (agents Invisible: the offline form shows; inferred); close all live chats; turn messaging on for its Web Widget (Classic); deploy any site code this plan prepares; test with a conversation from the website; then the next brand.",
                where_: "Agent workspace (active chats); Admin Center > Channels > Messaging and social > Messaging > Manage settings > Turn on messaging for Web Widget (Classic), then choose the brand",
                verify: "No live chat was open at a switch; each brand's test arrived as a messaging ticket.",
                refs: &["D-10", "D-8", "K7"],
                blocking: false,
            },
            StepId::EnableChannelLinking => Template {
                phase: Phase::AfterLaunch,
                title: "Let customers move the brand's Web Widget conversation to a social channel",
                what: "Channel linking lets an end user move a Web Widget conversation to WhatsApp, Facebook Messenger or Instagram DM (menu at the top of the widget, then a QR code or the app on the same device), leave and come back later. Each social channel shows only its own replies; the widget shows the whole history; agents work in the agent workspace and replies go to the channel the end user used last. Choose among the channels connected to the account. To turn it off, clear the channels and save.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > (the brand's Web Widget) > Basics > Allow customers to switch channels > choose the channels > Save settings",
                verify: "The brand's widget shows the channel menu; a test conversation linked by QR code continues in the app, and the widget shows both sides.",
                refs: &["D-37", "D-32", "D-33", "D-34", "D-35", "D-36"],
                blocking: false,
            },
            StepId::ReplaceZendeskMessageChannels => Template {
                phase: Phase::AfterLaunch,
                title: "Connect Facebook Messenger or LINE as social messaging channels",
                what: "Zendesk Message ended on 2021-11-01: nothing can be re-integrated, and its old messages are gone. If you still want these channels, connect them as social messaging channels, which needs Zendesk Suite.",
                where_: "Admin Center > Channels > Messaging and social > Messaging > Add channel",
                verify: "Each wanted channel is connected, and a test message on it reaches the agent workspace.",
                refs: &["D-23"],
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
}

impl Need {
    pub fn new(step: StepId, why: impl Into<String>) -> Self {
        Need { step, instance: None, why: why.into(), source: None, details: Vec::new(), blocking: None, place: None }
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
        let e = acc.entry((t.phase, n.step)).or_default();
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
        format!(
            "\"{trigger}\": keep exactly one \"{standard}\" trigger active, the migrated copy or messaging's standard one (see Triggers)."
        )
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
