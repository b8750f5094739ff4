//! Readiness: what decides whether the move works that is not a Chat setting.
//!
//! Accounts fail on prerequisites (the agent workspace, D-16) and capacity (D-18); dated
//! limits (D-19, 2021) are notes, never blockers; the tasks of the finished legacy-Chat
//! upgrade (D-20 … D-24) are not steps of this move (digest: "How current each source
//! is"), but what the move changes for Chat API integrations (K1) and for Zendesk Message
//! channels (D-23) is said; features worth turning on with messaging (continuous
//! conversations, D-25 … D-31; social channel linking, D-32 … D-37) are proposed. Each check here reads only what the
//! export holds and turns into a step or a warning only when it applies; when the fact it
//! needs is missing it records an undecided fact naming the file that would answer it, and
//! assumes nothing.
//!
//! The facts come from `support/account.json` (filled from several Support APIs or by hand),
//! `chat/agents.json` against `support/users.json`, `chat/oauth_clients.json`,
//! `chat/triggers.json` and the classification's form evidence.

use std::collections::BTreeSet;

use crate::account::FileState;
use crate::account::chat::OAuthClient;
use crate::account::facts::{ADDRESSES, FactSource, Origin, SETTINGS};
use crate::account::support::{SubscriptionTier, SupportAccount};
use crate::capacity;
use crate::findings::Context;
use crate::plan::{FeatureState, Item, Payload};
use crate::steps::{Need, StepId};
use crate::text::{join_and, plural, thousands};

const ACCOUNT: &str = "support/account.json";
const AGENTS: &str = "chat/agents.json";
const USERS: &str = "support/users.json";
const CLIENTS: &str = "chat/oauth_clients.json";
const TRIGGERS: &str = "chat/triggers.json";
const WIDGET: &str = "chat/widget.json";

/// D-17: the recommended minimum of public help-centre articles.
pub(crate) const MIN_PUBLIC_ARTICLES: u64 = 10;

/// Run every readiness check on the account.
pub(crate) fn check(ctx: &mut Context) {
    let facts = Facts {
        account: ctx.account.support.account.as_ref(),
        state: ctx.account.state(ACCOUNT),
        origins: &ctx.account.support.origins,
    };
    prerequisites(ctx, &facts);
    help_center(ctx, &facts);
    capacity(ctx, &facts);
    data_center_location(ctx, &facts);
    mobile_sdk_apps(ctx, &facts);
    chat_only_agents(ctx);
    oauth_clients(ctx);
    zendesk_message_channels(ctx, &facts);
    let recommended = continuous_conversations(ctx, &facts);
    support_address(ctx, &facts, recommended);
    channel_linking(ctx, &facts);
}

/// `support/account.json` (with the API files' facts merged in) and whether it was
/// exported, filled, or left a template.
struct Facts<'a> {
    account: Option<&'a SupportAccount>,
    state: FileState,
    /// Where each key came from (`account::facts::merge`).
    origins: &'a std::collections::BTreeMap<String, FactSource>,
}

impl Facts<'_> {
    /// Why a key of `support/account.json` is not known, in a phrase.
    fn missing(&self, key: &str) -> String {
        match self.state {
            FileState::Template => format!("{ACCOUNT} is an unfilled template"),
            FileState::Missing => format!("{ACCOUNT} was not exported"),
            FileState::Loaded => format!("{ACCOUNT} has no `{key}`"),
        }
    }

    fn tier(&self) -> Option<&SubscriptionTier> {
        self.account.and_then(|a| a.tier.as_ref())
    }

    fn agent_workspace(&self) -> Option<bool> {
        self.account.and_then(|a| a.agent_workspace)
    }

    /// The file and key a fact was read from: an API file when one answered it (issue 14),
    /// else `support/account.json`.
    fn source(&self, key: &str) -> String {
        match self.origins.get(key) {
            Some(s) if s.origin == Origin::Api && !s.source.starts_with(ACCOUNT) => s.source.clone(),
            _ => format!("{ACCOUNT}#{key}"),
        }
    }
}

/// The files that would answer a key of `support/account.json`: an API file, when one
/// gives it, and the file itself.
fn files_for(key: &str) -> Vec<&'static str> {
    match key {
        "agent_workspace" | "chat_integrated" => vec![SETTINGS, ACCOUNT],
        "support_addresses" => vec![ADDRESSES, ACCOUNT],
        _ => vec![ACCOUNT],
    }
}

/// A Zendesk plan as an admin reads it: `suite_enterprise` → `Suite Enterprise`.
fn plan_name(p: &SubscriptionTier) -> String {
    p.as_str()
        .split('_')
        .map(|w| {
            let mut c = w.chars();
            c.next().map_or_else(String::new, |f| f.to_uppercase().collect::<String>() + c.as_str())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Record that a check could not run for want of a key of `support/account.json`.
fn undecided_account_key(ctx: &mut Context, facts: &Facts, fact: &str, key: &str, check: &str) {
    ctx.undecided(fact, &files_for(key), format!("{}: {check} did not run", facts.missing(key)));
}

/// D-16: Suite, or Support + Chat, with the agent workspace on. Every plan of the export
/// contract is one of the two, so the agent workspace decides. D-19 ("Chat limits because
/// the agent workspace must be on"), D-26 and D-33 require it on Suite too, so it blocks
/// whatever the plan.
fn prerequisites(ctx: &mut Context, facts: &Facts) {
    match facts.agent_workspace() {
        Some(true) => {}
        Some(false) => {
            let on = match facts.tier() {
                Some(p) if p.is_suite() => format!(" on {}", plan_name(p)),
                Some(p) => format!(" on {} (Support + Chat)", plan_name(p)),
                None => String::new(),
            };
            ctx.need(
                Need::new(
                    StepId::TurnOnAgentWorkspace,
                    format!(
                        "The agent workspace is off{on}; messaging needs it on (D-16), and so do continuous conversations (D-26) and channel linking (D-33)."
                    ),
                )
                .source(facts.source("agent_workspace")),
            );
        }
        None => undecided_account_key(
            ctx,
            facts,
            "agent_workspace",
            "agent_workspace",
            "the prerequisite check (D-16: messaging needs the agent workspace on)",
        ),
    }
    // D-20 … D-22 are tasks of the finished upgrade of legacy Chat to the integrated Chat
    // experience, not of this move (digest, "How current each source is"). They matter only
    // when the export shows the account still on legacy Chat, and then as a prerequisite
    // problem: the programme takes agent-workspace accounts (D-1), and Zendesk upgraded the
    // remaining legacy accounts by the end of 2023. Unknown is not a problem: the API is
    // read when it answers (issue 14), and nothing is guessed.
    if facts.account.and_then(|a| a.chat_integrated) == Some(false) {
        ctx.warn_blocking(
            "legacy-chat",
            "Chat on this account is still legacy Chat, not the integrated Chat experience of the agent workspace. That is a prerequisite problem, not a step of this move: the move to messaging is for accounts on the agent workspace, and Zendesk upgraded the remaining legacy Chat accounts by the end of 2023 (https://support.zendesk.com/hc/en-us/articles/4408831023258). Ask Zendesk to complete the upgrade before activation; its own tasks (passwords of chat-only agents, Chat API clients to authorise again, integrations that write to the Chat accounts and agents APIs) come with it",
            Some(&facts.source("chat_integrated")),
            &["D-1", "D-20", "D-21", "D-22"],
        );
    }
}

/// D-17: an active public help centre with at least 10 articles is recommended.
fn help_center(ctx: &mut Context, facts: &Facts) {
    const CHECK: &str = "the help-centre recommendation (D-17: at least 10 public articles)";
    let Some(hc) = facts.account.and_then(|a| a.help_center.as_ref()) else {
        undecided_account_key(ctx, facts, "help_center", "help_center", CHECK);
        return;
    };
    let why = match (hc.enabled, hc.public_articles) {
        (Some(false), _) => "The help centre is off.".to_owned(),
        (_, Some(n)) if n < MIN_PUBLIC_ARTICLES => format!(
            "The help centre has {}; at least {MIN_PUBLIC_ARTICLES} are recommended before messaging (D-17).",
            plural(n, "public article")
        ),
        (_, Some(_)) => return,
        (_, None) => {
            undecided_account_key(ctx, facts, "help_center", "help_center.public_articles", CHECK);
            return;
        }
    };
    ctx.need(Need::new(StepId::GrowHelpCenter, why).source(facts.source("help_center")));
}

/// D-18: capacity recommended for messaging. Agents, concurrent conversations and
/// conversations a day are assessed once, by the planner from the agents and the chat
/// history (`review-capacity`); this check adds what only `support/account.json` knows:
/// the integrations, and a daily figure from the chat-ticket count when there is no
/// history. The sources disagree on concurrency (mapping.md §1: see `capacity`), so every
/// figure is a warning or a review, never a failure.
fn capacity(ctx: &mut Context, facts: &Facts) {
    let account = ctx.account;
    if account.chat.agents.is_none() {
        ctx.undecided(
            "agent_capacity",
            &[AGENTS],
            format!(
                "{AGENTS} was not exported: the agent capacity check (D-18: up to {} agents) did not run",
                thousands(capacity::AGENT_LIMIT)
            ),
        );
    }

    match facts.account.and_then(|a| a.integrations) {
        Some(n) if n > capacity::INTEGRATION_LIMIT => ctx.warn(
            "capacity-integrations",
            format!(
                "{} integrations are configured; messaging is recommended for up to {} (web, mobile and social). Remove the unused ones or talk to Zendesk before activation.",
                thousands(n),
                thousands(capacity::INTEGRATION_LIMIT)
            ),
            Some(&facts.source("integrations")),
            &["D-18"],
        ),
        Some(_) => {}
        None => undecided_account_key(
            ctx,
            facts,
            "integrations",
            "integrations",
            &format!("the integrations capacity check (D-18: up to {})", capacity::INTEGRATION_LIMIT),
        ),
    }

    // Conversations a day without a history: the chat-ticket count of the 30-day window,
    // an average, so a busy day can be higher still. With a history, review-capacity has
    // the busiest real day.
    if account.chat.chats.is_some() {
        return;
    }
    let activity = &ctx.classification.evidence.activity;
    let chats = (activity.source.as_deref() == Some("support/account.json#chat_tickets_last_30_days"))
        .then_some(activity.chat_tickets)
        .flatten()
        .map(|n| (n, "support/account.json#chat_tickets_last_30_days"));
    match chats {
        Some((n, from)) if n / 30 > capacity::PER_DAY_LIMIT => ctx.warn(
            "capacity-conversations",
            format!(
                "About {} chats a day over the 30 days before the export; messaging is recommended for up to {} conversations a day and {} at once (a newer Zendesk page says {}). Talk to Zendesk about capacity before launch.",
                thousands(n / 30),
                thousands(capacity::PER_DAY_LIMIT),
                thousands(capacity::CONCURRENT_LIMIT),
                thousands(capacity::NEWER_CONCURRENT_LIMIT)
            ),
            Some(from),
            &["D-18"],
        ),
        Some(_) => {}
        None => ctx.undecided(
            "conversation_capacity",
            &["chat/chats.jsonl", ACCOUNT],
            format!(
                "no chat count for the 30 days before the export (no chat history and no chat-ticket count): the conversations-a-day check (D-18: up to {}) did not run",
                thousands(capacity::PER_DAY_LIMIT)
            ),
        ),
    }
}

/// D-19 (2021): messaging was then not covered by the Data Center Location add-on. The
/// digest marks D-19 dated: Zendesk's Regional Data Hosting Policy now lists messaging
/// functionality as covered (https://support.zendesk.com/hc/en-us/articles/4408883599130).
/// So a note to check the current page, never a blocker.
fn data_center_location(ctx: &mut Context, facts: &Facts) {
    match facts.account.and_then(|a| a.data_center_location_addon) {
        Some(true) => ctx.warn(
            "data-center-location-addon",
            "The account has the Data Center Location add-on. A 2021 article said messaging was not covered; Zendesk's Regional Data Hosting Policy now lists messaging functionality as covered (https://support.zendesk.com/hc/en-us/articles/4408883599130). Check the current page with your data-protection lead; nothing here blocks activation.",
            Some(&facts.source("data_center_location_addon")),
            &["D-19"],
        ),
        Some(false) => {}
        None => undecided_account_key(
            ctx,
            facts,
            "data_center_location_addon",
            "data_center_location_addon",
            "the Data Center Location note (D-19, dated 2021)",
        ),
    }
}

/// D-19 (2021): the mobile SDK limits named then; the 100-message history limit was
/// announced for removal. A dated note.
fn mobile_sdk_apps(ctx: &mut Context, facts: &Facts) {
    match facts.account.and_then(|a| a.mobile_sdk_apps) {
        Some(0) => {}
        Some(n) => ctx.warn(
            "mobile-sdk-limits",
            format!(
                "{}: a 2021 article named limits of messaging on iOS and Android (a history of the last 100 messages, announced then for removal; few colours to customise; no unread count, agent availability or queue position). Check the current mobile SDK pages before the launch.",
                plural(n, "mobile SDK app")
            ),
            Some(&facts.source("mobile_sdk_apps")),
            &["D-19"],
        ),
        None => undecided_account_key(
            ctx,
            facts,
            "mobile_sdk_apps",
            "mobile_sdk_apps",
            "the mobile SDK note (D-19, dated 2021)",
        ),
    }
}

/// Chat agents whose email is not an agent or admin in Support. D-20 (their password reset)
/// was a task of the finished legacy-Chat upgrade, not of this move, so no step is built on
/// it; but messaging is answered in the agent workspace, so such an agent is worth a check
/// (our inference: Zendesk does not document it for this move). A warning, never blocking.
/// Emails compare case-insensitively.
fn chat_only_agents(ctx: &mut Context) {
    let account = ctx.account;
    let (Some(agents), Some(users)) = (&account.chat.agents, &account.support.users) else {
        let files: Vec<&str> = [(AGENTS, account.chat.agents.is_none()), (USERS, account.support.users.is_none())]
            .iter()
            .filter(|(_, missing)| *missing)
            .map(|(f, _)| *f)
            .collect();
        ctx.undecided(
            "chat_only_agents",
            &files,
            format!("{} not exported: Chat agents who are not Support agents were not looked for", files.join(" and ")),
        );
        return;
    };
    let support: BTreeSet<String> = users
        .iter()
        .filter(|u| {
            u.role.as_deref().is_none_or(|r| r.eq_ignore_ascii_case("agent") || r.eq_ignore_ascii_case("admin"))
        })
        .filter_map(|u| u.email.as_deref().map(|e| e.trim().to_lowercase()))
        .collect();
    let mut details = Vec::new();
    for a in agents {
        let disabled = if a.enabled.is_some_and(|f| !f.get()) { " (disabled in Chat)" } else { "" };
        match a.email.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
            Some(e) if support.contains(&e.to_lowercase()) => {}
            Some(e) => details.push(format!("{} <{e}>{disabled}", a.label())),
            None => details.push(format!("{}{disabled} (no email, so not matched)", a.label())),
        }
    }
    if details.is_empty() {
        return;
    }
    let n = details.len() as u64;
    const SHOWN: usize = 10;
    let more = details.len().saturating_sub(SHOWN);
    let mut list = details.into_iter().take(SHOWN).collect::<Vec<_>>().join("; ");
    if more > 0 {
        list.push_str(&format!("; and {more} more"));
    }
    ctx.warn(
        "chat-agents-not-in-support",
        format!(
            "{} not found among the Support agents and admins (matched by email): {list}. Messaging is answered in the agent workspace, so check that each can sign in there and take messaging conversations before the launch (inferred: Zendesk does not document this for the move).",
            if n == 1 { "1 Chat agent is".to_owned() } else { format!("{n} Chat agents are") }
        ),
        Some(AGENTS),
        &["D-16"],
    );
}

/// One line about an OAuth client: never its secret.
fn client_line(c: &OAuthClient) -> String {
    let mut facts = Vec::new();
    if let Some(id) = c.client_identifier.as_deref().filter(|i| Some(*i) != c.name.as_deref()) {
        facts.push(format!("client_identifier {id}"));
    }
    facts.push(match &c.scopes {
        Some(s) if !s.0.is_empty() => format!("scopes: {}", s.0.join(" ")),
        _ => "scopes not exported".to_owned(),
    });
    if let Some(company) = c.company.as_deref().filter(|s| !s.is_empty()) {
        facts.push(format!("company {company}"));
    }
    format!("\"{}\" ({})", c.label(), facts.join("; "))
}

/// What the move to messaging changes for integrations built on the Chat APIs. D-21 and
/// D-22 (re-authorise, GET-only Accounts and Agents APIs) were tasks of the finished
/// legacy-Chat upgrade, not of this move. For this move: bots built on the Chat
/// Conversations API stop being invoked once messaging is on, and move to the Sunshine
/// Conversations APIs (K1, mapping.md "Chat Conversations API (CCAPI) bots"); messaging
/// conversations are tickets, not Chat chats, so Chat REST API readers do not see them
/// (our inference). One step listing the clients, not blocking: the export does not say
/// what each client does.
fn oauth_clients(ctx: &mut Context) {
    let account = ctx.account;
    let Some(clients) = &account.chat.oauth_clients else {
        ctx.undecided(
            "oauth_clients",
            &[CLIENTS],
            format!("{CLIENTS} was not exported: the integrations built on the Chat APIs (K1) were not listed"),
        );
        return;
    };
    if clients.is_empty() {
        return;
    }
    let mut need = Need::new(
        StepId::ReviewChatApiIntegrations,
        format!(
            "The account has {}; what they do is not in the export.",
            plural(clients.len() as u64, "Chat API client")
        ),
    )
    .source(CLIENTS);
    for c in clients {
        need = need.detail(client_line(c));
    }
    ctx.need(need);
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum MessageChannel {
    Facebook,
    Line,
}

fn message_channel(name: &str) -> Option<MessageChannel> {
    match name.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
        "facebook" | "facebook_messenger" | "messenger" => Some(MessageChannel::Facebook),
        "line" => Some(MessageChannel::Line),
        _ => None,
    }
}

/// D-23: Zendesk Message ended on 2021-11-01; nothing can be re-integrated. A channel the
/// account still lists is connected as a social messaging channel, if still wanted: a step
/// after the launch, never a blocker, and no export (its data is long gone, D-24 was for
/// that upgrade).
fn zendesk_message_channels(ctx: &mut Context, facts: &Facts) {
    let Some(channels) = facts.account.and_then(|a| a.zendesk_message_channels.as_ref()) else {
        undecided_account_key(
            ctx,
            facts,
            "zendesk_message_channels",
            "zendesk_message_channels",
            "the Zendesk Message check (D-23: Facebook Messenger and LINE through Message)",
        );
        return;
    };
    let channels: Vec<&String> = channels.iter().filter(|c| !c.trim().is_empty()).collect();
    if channels.is_empty() {
        return;
    }
    let names: Vec<String> = channels
        .iter()
        .map(|c| match message_channel(c) {
            Some(MessageChannel::Facebook) => "Facebook Messenger".to_owned(),
            Some(MessageChannel::Line) => "LINE".to_owned(),
            None => format!("\"{c}\" (not a Zendesk Message channel: check what it is)"),
        })
        .collect();
    let mut need = Need::new(
        StepId::ReplaceZendeskMessageChannels,
        format!(
            "The export still lists Zendesk Message channels: {}.",
            join_and(&names.iter().map(String::as_str).collect::<Vec<_>>())
        ),
    )
    .source(facts.source("zendesk_message_channels"));
    if let Some(p) = facts.tier().filter(|p| !p.is_suite()) {
        need =
            need.detail(format!("The account is on {}: social messaging channels need Zendesk Suite.", plan_name(p)));
    }
    ctx.need(need);
}

/// D-25 … D-31: continuous conversations carry on what the offline form did (an answer by
/// email after the visitor left), so they are recommended when the offline form was used.
/// Returns whether they were recommended.
fn continuous_conversations(ctx: &mut Context, facts: &Facts) -> bool {
    match ctx.classification.evidence.features.offline_form.state {
        FeatureState::Used => {}
        FeatureState::NotUsed => return false,
        FeatureState::Unknown => {
            ctx.undecided(
                "continuous_conversations",
                &[WIDGET],
                "the offline form's state is not known: continuous conversations (D-25) were neither recommended nor ruled out",
            );
            return false;
        }
    }
    let account = ctx.account;
    let mut need = Need::new(
        StepId::TurnOnContinuousConversations,
        "The Chat offline form is on: visitors left messages and got answers by email; continuous conversations do that in messaging (D-25).",
    )
    .source("chat/widget.json#offline_form");

    // D-26: the requirements, each with what the export says about it.
    let plan = match facts.tier() {
        Some(p) => format!("{} (met)", plan_name(p)),
        None => "not known (not exported)".to_owned(),
    };
    let workspace = match facts.agent_workspace() {
        Some(true) => "on (met)",
        Some(false) => "off: turn on the agent workspace first",
        None => "not known (not exported)",
    };
    let address = match facts.account.and_then(|a| a.support_addresses.as_ref()) {
        Some(list) if list.iter().any(|a| !a.trim().is_empty()) => "set up (met)",
        Some(_) => "none: set up a support address first",
        None => "not known (not exported)",
    };
    need = need.detail(format!(
        "Requirements (D-26): Zendesk Suite or Support + Chat — {plan}; agent workspace — {workspace}; messaging on — after activation; a support email address — {address}."
    ));

    // D-29: an away-message trigger sends duplicates once this is on.
    need = need.detail(match &account.chat.triggers {
        Some(_) => {
            let away = away_auto_reply_triggers(&ctx.out.items);
            if away.is_empty() {
                format!("No away or offline auto-reply trigger in {TRIGGERS}, so no duplicate messages (D-29).")
            } else {
                format!(
                    "Turn off the away or offline auto-reply {} {} before turning this on, or end users get duplicate messages (D-29).",
                    if away.len() == 1 { "trigger" } else { "triggers" },
                    away.iter().map(|k| format!("\"{k}\"")).collect::<Vec<_>>().join(", ")
                )
            }
        }
        None => format!(
            "{TRIGGERS} was not exported: check by hand for an away-message trigger and turn it off, or end users get duplicate messages (D-29)."
        ),
    });

    // D-27: end users are asked for an email address, and some addresses are refused.
    let asks_email: Vec<&str> = account
        .chat
        .widget
        .as_ref()
        .map(|w| {
            [("pre-chat form", w.pre_chat_form.as_ref()), ("offline form", w.offline_form.as_ref())]
                .into_iter()
                .filter(|(_, f)| f.is_some_and(|f| f.enabled.get() && f.fields.iter().any(|x| x.name == "email")))
                .map(|(n, _)| n)
                .collect()
        })
        .unwrap_or_default();
    let characters = "End-user email addresses must not contain extended characters (umlauts, accents, …): those are refused (D-27).";
    need = need.detail(characters);
    if !asks_email.is_empty() {
        ctx.warn(
            "continuous-conversations-email",
            format!(
                "The {} asked visitors for their email address. With continuous conversations, addresses with extended characters (umlauts, accents, …) are refused: tell end users with such an address to give another one, and check the agents' replies reach them.",
                asks_email.join(" and ")
            ),
            Some("chat/widget.json"),
            &["D-27"],
        );
    }
    // D-31 (turning it off needs both) is in the step's own text.
    ctx.need(need);
    true
}

/// The enabled away/offline auto-reply triggers (D-29), by name in export order: the trigger
/// translator decides what counts as one and marks it in its item's payload
/// (`away_auto_reply`), so both places agree. Readiness runs after the translators.
pub(crate) fn away_auto_reply_triggers(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|i| match &i.payload {
            Some(Payload::Trigger(p)) if p.enabled_in_chat && p.away_auto_reply => Some(p.chat.name.clone()),
            _ => None,
        })
        .collect()
}

/// D-26: continuous conversations need a support email address.
fn support_address(ctx: &mut Context, facts: &Facts, recommended: bool) {
    match facts.account.and_then(|a| a.support_addresses.as_ref()) {
        Some(list) if list.iter().any(|a| !a.trim().is_empty()) => {}
        Some(_) => {
            let why = if recommended {
                "No support email address is set up, and this plan recommends continuous conversations, which need one (D-26)."
            } else {
                "No support email address is set up; continuous conversations, messaging continued by email, need one (D-26)."
            };
            ctx.need(Need::new(StepId::SetUpSupportAddress, why).source(facts.source("support_addresses")));
        }
        None => undecided_account_key(
            ctx,
            facts,
            "support_addresses",
            "support_addresses",
            "the support-address check (D-26: continuous conversations need one)",
        ),
    }
}

const LINKABLE: [&str; 3] = ["WhatsApp", "Facebook Messenger", "Instagram DM"];

/// The social channels channel linking can use (D-32), by their names in the export.
fn linkable(name: &str) -> Option<&'static str> {
    match name.trim().to_ascii_lowercase().replace([' ', '-'], "_").as_str() {
        "whatsapp" => Some("WhatsApp"),
        "facebook_messenger" | "facebook" | "messenger" => Some("Facebook Messenger"),
        "instagram_dm" | "instagram" => Some("Instagram DM"),
        _ => None,
    }
}

/// D-32 … D-37: channel linking, one step per brand's Web Widget, when the plan is Suite and
/// a linkable social channel is connected. The agent workspace (also required, D-33) is a
/// prerequisite of messaging itself: when it is off, `turn-on-agent-workspace` blocks
/// activation, so the step is still written and says it comes after that.
fn channel_linking(ctx: &mut Context, facts: &Facts) {
    let social = facts.account.and_then(|a| a.social_channels.as_ref());
    // In D-32's order, each once.
    let channels: Option<Vec<&'static str>> = social.map(|list| {
        let found: Vec<&'static str> = list.iter().filter_map(|c| linkable(c)).collect();
        LINKABLE.iter().copied().filter(|c| found.contains(c)).collect()
    });
    let suite = facts.tier().map(SubscriptionTier::is_suite);
    let channels = match (channels, suite) {
        (Some(c), _) if c.is_empty() => return,
        (_, Some(false)) => return,
        (Some(c), Some(true)) => c,
        (c, s) => {
            let mut keys = Vec::new();
            if c.is_none() {
                keys.push("social_channels");
            }
            if s.is_none() {
                keys.push("plan");
            }
            let why = match facts.state {
                FileState::Loaded => format!("{ACCOUNT} has no `{}`", keys.join("` or `")),
                _ => facts.missing(""),
            };
            ctx.undecided(
                "channel_linking",
                &[ACCOUNT],
                format!("{why}: the channel-linking check (D-33: Suite and a connected social channel) did not run"),
            );
            return;
        }
    };
    let after = match facts.agent_workspace() {
        Some(true) => "",
        Some(false) => " It needs the agent workspace on: turn it on first.",
        None => " It needs the agent workspace on (whether it is on was not exported).",
    };
    let why = format!(
        "The account is on Suite with {} connected: end users can move a Web Widget conversation to them (D-33).{after}",
        join_and(&channels)
    );
    for brand in ctx.brand_names() {
        let mut need = Need::new(StepId::EnableChannelLinking, why.clone())
            .source(facts.source("social_channels"))
            .detail(format!("Channels to offer: {}.", join_and(&channels)));
        if let Some(name) = brand {
            need = need.instance(name);
        }
        ctx.need(need);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A trigger item as the translator writes it (only what this check reads).
    fn trigger_item(name: &str, enabled: bool, away: bool) -> Item {
        serde_json::from_value(serde_json::json!({
            "section": "triggers", "source": name, "target": "", "outcome": "translated", "reason": "", "refs": [],
            "payload": {"kind": "trigger", "outcome": "messaging_trigger", "enabled_in_chat": enabled,
                "active_after_migration": enabled, "away_auto_reply": away, "targets_messaging": false,
                "changes": [], "chat": {"name": name, "enabled": enabled, "definition": null}}
        }))
        .unwrap()
    }

    /// What counts as an away auto-reply is the translator's decision (tested with it,
    /// `translate/triggers/convert`); this check lists the enabled ones it marked.
    #[test]
    fn away_auto_replies_are_the_enabled_triggers_the_translator_marked() {
        let items = [trigger_item("a", true, true), trigger_item("b", false, true), trigger_item("c", true, false)];
        assert_eq!(away_auto_reply_triggers(&items), ["a"]);
    }

    #[test]
    fn zendesk_message_channels_are_recognised() {
        assert_eq!(message_channel("Facebook Messenger"), Some(MessageChannel::Facebook));
        assert_eq!(message_channel("LINE"), Some(MessageChannel::Line));
        assert_eq!(message_channel("wechat"), None);
    }

    #[test]
    fn only_three_social_channels_link() {
        assert_eq!(linkable("whatsapp"), Some("WhatsApp"));
        assert_eq!(linkable("Instagram-DM"), Some("Instagram DM"));
        assert_eq!(linkable("line"), None);
    }
}
