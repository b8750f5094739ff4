//! Readiness: what decides whether the move works that is not a Chat setting.
//!
//! Accounts fail on prerequisites (the agent workspace, D-16), limits (D-18, D-19),
//! integrations that stop working after a legacy Chat move (D-20 … D-23), data that is not
//! kept (D-24), and on features worth turning on with messaging (continuous conversations,
//! D-25 … D-31; social channel linking, D-32 … D-37). Each check here reads only what the
//! export holds and turns into a step or a warning only when it applies; when the fact it
//! needs is missing it records an undecided fact naming the file that would answer it, and
//! assumes nothing.
//!
//! The facts come from `support/account.json` (filled from several Support APIs or by hand),
//! `chat/agents.json` against `support/users.json`, `chat/oauth_clients.json`,
//! `chat/triggers.json` and the classification's form evidence.

use std::collections::BTreeSet;

use crate::account::FileState;
use crate::account::chat::{OAuthClient, Trigger};
use crate::account::support::{SubscriptionTier, SupportAccount};
use crate::findings::Context;
use crate::plan::FeatureState;
use crate::steps::{Need, StepId};
use crate::text::join_and;

const ACCOUNT: &str = "support/account.json";
const AGENTS: &str = "chat/agents.json";
const USERS: &str = "support/users.json";
const CLIENTS: &str = "chat/oauth_clients.json";
const TRIGGERS: &str = "chat/triggers.json";
const WIDGET: &str = "chat/widget.json";

/// D-17: the recommended minimum of public help-centre articles.
pub const MIN_PUBLIC_ARTICLES: u64 = 10;
/// D-18: messaging/live-chat agents actively serving.
pub const MAX_AGENTS: usize = 1_300;
/// D-18: configured integrations (web, mobile, social).
pub const MAX_INTEGRATIONS: u64 = 500;
/// D-18: conversations a day in total.
pub const MAX_CONVERSATIONS_A_DAY: u64 = 200_000;

/// Run every readiness check on the account.
pub fn check(ctx: &mut Context) {
    let facts = Facts { account: ctx.account.support.account.as_ref(), state: ctx.account.state(ACCOUNT) };
    prerequisites(ctx, &facts);
    help_center(ctx, &facts);
    capacity(ctx, &facts);
    data_center_location(ctx, &facts);
    mobile_sdk_apps(ctx, &facts);
    chat_only_agents(ctx);
    oauth_clients(ctx, &facts);
    zendesk_message_channels(ctx, &facts);
    let recommended = continuous_conversations(ctx, &facts);
    support_address(ctx, &facts, recommended);
    channel_linking(ctx, &facts);
}

/// `support/account.json` and whether it was exported, filled, or left a template.
struct Facts<'a> {
    account: Option<&'a SupportAccount>,
    state: FileState,
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

    fn plan(&self) -> Option<&SubscriptionTier> {
        self.account.and_then(|a| a.plan.as_ref())
    }

    fn agent_workspace(&self) -> Option<bool> {
        self.account.and_then(|a| a.agent_workspace)
    }
}

/// Record that a check could not run for want of a key of `support/account.json`.
fn undecided_account_key(ctx: &mut Context, facts: &Facts, fact: &str, key: &str, check: &str) {
    ctx.undecided(fact, &[ACCOUNT], format!("{}: {check} did not run", facts.missing(key)));
}

fn source(key: &str) -> String {
    format!("{ACCOUNT}#{key}")
}

/// D-16: Suite, or Support + Chat, with the agent workspace on. Every plan of the export
/// contract is one of the two, so the agent workspace decides. D-19 ("Chat limits because
/// the agent workspace must be on"), D-26 and D-33 require it on Suite too, so it blocks
/// whatever the plan.
fn prerequisites(ctx: &mut Context, facts: &Facts) {
    match facts.agent_workspace() {
        Some(true) => {}
        Some(false) => {
            let on = match facts.plan() {
                Some(p) if p.is_suite() => format!(" on {}", p.as_str()),
                Some(p) => format!(" on {} (Support + Chat)", p.as_str()),
                None => String::new(),
            };
            ctx.need(
                Need::new(
                    StepId::TurnOnAgentWorkspace,
                    format!(
                        "The agent workspace is off{on} (support/account.json: agent_workspace false); messaging needs it on (D-16), and so do continuous conversations (D-26) and channel linking (D-33)."
                    ),
                )
                .source(source("agent_workspace")),
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
}

/// D-17: an active public help centre with at least 10 articles is recommended.
fn help_center(ctx: &mut Context, facts: &Facts) {
    const CHECK: &str = "the help-centre recommendation (D-17: at least 10 public articles)";
    let Some(hc) = facts.account.and_then(|a| a.help_center.as_ref()) else {
        undecided_account_key(ctx, facts, "help_center", "help_center", CHECK);
        return;
    };
    let why = match (hc.enabled, hc.public_articles) {
        (Some(false), _) => "The help centre is off (support/account.json: help_center.enabled false).".to_owned(),
        (_, Some(n)) if n < MIN_PUBLIC_ARTICLES => format!(
            "The help centre has {n} public article(s) (support/account.json: help_center.public_articles); at least {MIN_PUBLIC_ARTICLES} are recommended before messaging (D-17)."
        ),
        (_, Some(_)) => return,
        (_, None) => {
            undecided_account_key(ctx, facts, "help_center", "help_center.public_articles", CHECK);
            return;
        }
    };
    ctx.need(Need::new(StepId::GrowHelpCenter, why).source(source("help_center")));
}

/// D-18: capacity recommended for messaging. Agents, concurrent conversations and
/// conversations a day are assessed once, by the planner from the agents and the chat
/// history (`review-capacity`); this check adds what only `support/account.json` knows:
/// the integrations, and a daily figure from the chat-ticket count when there is no
/// history. The sources disagree on concurrency (mapping.md §1: 4,000 or 8,000), so every
/// figure is a warning or a review, never a failure.
fn capacity(ctx: &mut Context, facts: &Facts) {
    let account = ctx.account;
    if account.chat.agents.is_none() {
        ctx.undecided(
            "agent_capacity",
            &[AGENTS],
            format!("{AGENTS} was not exported: the agent capacity check (D-18: up to 1,300 agents) did not run"),
        );
    }

    match facts.account.and_then(|a| a.integrations) {
        Some(n) if n > MAX_INTEGRATIONS => ctx.warn(
            "capacity-integrations",
            format!(
                "{} integrations are configured; messaging is recommended for up to 500 (web, mobile and social). Remove the unused ones or talk to Zendesk before activation.",
                crate::text::thousands(n)
            ),
            Some(&source("integrations")),
            &["D-18"],
        ),
        Some(_) => {}
        None => undecided_account_key(
            ctx,
            facts,
            "integrations",
            "integrations",
            "the integrations capacity check (D-18: up to 500)",
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
        Some((n, from)) if n / 30 > MAX_CONVERSATIONS_A_DAY => ctx.warn(
            "capacity-conversations",
            format!(
                "About {} chats a day over the 30 days before the export; messaging is recommended for up to 200,000 conversations a day and 4,000 at once (a newer Zendesk page says 8,000). Talk to Zendesk about capacity before activation.",
                crate::text::thousands(n / 30)
            ),
            Some(from),
            &["D-18"],
        ),
        Some(_) => {}
        None => ctx.undecided(
            "conversation_capacity",
            &["chat/chats.jsonl", ACCOUNT],
            "no chat count for the 30 days before the export (chat/chats.jsonl or chat_tickets_last_30_days): the conversations-a-day check (D-18: up to 200,000) did not run",
        ),
    }
}

/// D-19: messaging does not support the Data Center Location add-on. Activation moves
/// data out of the region the account pays to keep it in, so this blocks.
fn data_center_location(ctx: &mut Context, facts: &Facts) {
    match facts.account.and_then(|a| a.data_center_location_addon) {
        Some(true) => ctx.warn_blocking(
            "data-center-location-addon",
            "The account has the Data Center Location add-on, which messaging does not support: messaging data is not kept in the chosen region. Decide with your data-protection lead and Zendesk before activation; if it cannot go ahead, ask for a delay (request-activation-delay).",
            Some(&source("data_center_location_addon")),
            &["D-19", "D-13"],
        ),
        Some(false) => {}
        None => undecided_account_key(
            ctx,
            facts,
            "data_center_location_addon",
            "data_center_location_addon",
            "the Data Center Location check (D-19: not supported by messaging)",
        ),
    }
}

/// D-19: the mobile SDK limits of messaging.
fn mobile_sdk_apps(ctx: &mut Context, facts: &Facts) {
    match facts.account.and_then(|a| a.mobile_sdk_apps) {
        Some(0) => {}
        Some(n) => ctx.warn(
            "mobile-sdk-limits",
            format!(
                "{n} mobile SDK app(s): on iOS and Android messaging shows only the last 100 messages of a conversation, allows little UI customisation (a few colours), and has no conversation observers — no unread message count, no agent availability, no queue position. Check that the apps do not rely on these before launch."
            ),
            Some(&source("mobile_sdk_apps")),
            &["D-19"],
        ),
        None => undecided_account_key(
            ctx,
            facts,
            "mobile_sdk_apps",
            "mobile_sdk_apps",
            "the mobile SDK check (D-19: 100-message history, no observers)",
        ),
    }
}

/// D-20: Chat agents whose email is not an agent or admin in Support are chat-only: they
/// get a reset email and must use it. Emails compare case-insensitively. D-20 to D-22 come
/// from the article on moving a legacy Chat account to the integrated experience (seed 002,
/// mapping §13 "Chat Phase 4 consequences"); the steps say so, and that applying them to
/// the move to messaging is our inference.
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
            format!(
                "{} not exported: the chat-only agents who must reset their password (D-20) were not listed",
                files.join(" and ")
            ),
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
            None => details.push(format!(
                "{}{disabled}: no email in {AGENTS}, so it could not be matched; check by hand",
                a.label()
            )),
        }
    }
    if details.is_empty() {
        return;
    }
    let mut need = Need::new(
        StepId::ResetChatOnlyPasswords,
        format!(
            "{} Chat agent(s) are not agents or admins in {USERS} (matched by email): chat-only agents must reset their password after a legacy Chat account moves to the integrated experience (D-20).",
            details.len()
        ),
    )
    .source(AGENTS);
    for d in details {
        need = need.detail(d);
    }
    ctx.need(need);
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

/// D-21: every Chat API client must be re-authorised; D-22: those that may write hit the
/// GET-only Accounts and Agents APIs. A client whose scopes were not exported may write.
/// With the agent workspace on, Chat is already integrated and those APIs already answer
/// GET only (chat-api.md §1, DOC-acct/DOC-agents): activation changes nothing for a writing
/// client, so its step does not block.
fn oauth_clients(ctx: &mut Context, facts: &Facts) {
    let account = ctx.account;
    let Some(clients) = &account.chat.oauth_clients else {
        ctx.undecided(
            "oauth_clients",
            &[CLIENTS],
            format!(
                "{CLIENTS} was not exported: the Chat API clients to re-authorise (D-21) and the integrations that write to the Accounts and Agents APIs (D-22) were not listed"
            ),
        );
        return;
    };
    if clients.is_empty() {
        return;
    }
    let mut reauth = Need::new(
        StepId::ReauthorizeChatApiClients,
        format!(
            "{} Chat API client(s) in {CLIENTS}: after a legacy Chat account moves to the integrated experience, each needs new access tokens (D-21).",
            clients.len()
        ),
    )
    .source(CLIENTS);
    for c in clients {
        reauth = reauth.detail(client_line(c));
    }
    ctx.need(reauth);

    let writers: Vec<&OAuthClient> =
        clients.iter().filter(|c| c.has_write_scope() || c.scopes.as_ref().is_none_or(|s| s.0.is_empty())).collect();
    if writers.is_empty() {
        return;
    }
    let integrated = facts.agent_workspace() == Some(true);
    let mut fix = Need::new(
        StepId::FixWriteIntegrations,
        format!(
            "{} Chat API client(s) hold the write scope (or their scopes were not exported); the Chat Accounts and Agents APIs answer GET only once Chat is integrated (D-22).{}",
            writers.len(),
            if integrated {
                " The account already uses the agent workspace (support/account.json: agent_workspace true), so its Chat is integrated and these APIs already answer GET only: a listed client that writes to them fails today, and activation does not change that [I]. Not blocking."
            } else {
                ""
            }
        ),
    )
    .source(CLIENTS);
    if integrated {
        fix = fix.blocking(false);
    }
    for c in writers {
        fix = fix.detail(client_line(c));
    }
    ctx.need(fix);
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

/// D-23: what happens to each Zendesk Message channel, in a sentence.
fn message_outcome(facebook: bool, line: bool) -> Option<&'static str> {
    match (facebook, line) {
        (true, false) => Some(
            "Facebook Messenger only: its settings are kept, its old messages are gone (export the Message analytics first).",
        ),
        (false, true) => {
            Some("LINE only: its settings are not kept; add LINE again after the change. Old messages are gone.")
        }
        (true, true) => Some(
            "Facebook Messenger and LINE: Facebook Messenger is kept, LINE must be added again; the old data of both is gone.",
        ),
        (false, false) => None,
    }
}

/// D-23, D-24: Zendesk Message channels and the export of their data before the change.
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
    let kinds: Vec<Option<MessageChannel>> = channels.iter().map(|c| message_channel(c)).collect();
    let facebook = kinds.contains(&Some(MessageChannel::Facebook));
    let line = kinds.contains(&Some(MessageChannel::Line));
    let mut need = Need::new(
        StepId::ReplaceZendeskMessageChannels,
        format!(
            "The account uses Zendesk Message ({}; support/account.json: zendesk_message_channels), which was removed (D-23).",
            channels.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        ),
    )
    .source(source("zendesk_message_channels"));
    if let Some(outcome) = message_outcome(facebook, line) {
        need = need.detail(outcome);
    }
    for (c, k) in channels.iter().zip(&kinds) {
        if k.is_none() {
            need = need.detail(format!(
                "\"{c}\" is not a Zendesk Message channel (Facebook Messenger, LINE): check what it is by hand."
            ));
        }
    }
    need = need.detail(match facts.plan() {
        Some(p) if p.is_suite() => {
            format!("The account is on {}: connect them as social messaging channels in the agent workspace.", p.as_str())
        }
        Some(p) => format!(
            "The account is on {}: keeping them needs Zendesk Suite with social messaging in the agent workspace, or re-integrating Message.",
            p.as_str()
        ),
        None => "The plan is not known (support/account.json: plan): keeping them needs Zendesk Suite with social messaging, or re-integrating Message.".to_owned(),
    });
    ctx.need(need);
    ctx.need(
        Need::new(
            StepId::ExportChatHistory,
            "Zendesk Message data is not kept (D-23): export it before the change (D-24).",
        )
        .source(source("zendesk_message_channels"))
        .detail("Zendesk Message: export the Message analytics as CSV before the change."),
    );
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
    let plan = match facts.plan() {
        Some(p) => format!("{} (met)", p.as_str()),
        None => "not known (support/account.json: plan)".to_owned(),
    };
    let workspace = match facts.agent_workspace() {
        Some(true) => "on (met)",
        Some(false) => "off: turn-on-agent-workspace comes first",
        None => "not known (support/account.json: agent_workspace)",
    };
    let address = match facts.account.and_then(|a| a.support_addresses.as_ref()) {
        Some(list) if list.iter().any(|a| !a.trim().is_empty()) => "set up (met)",
        Some(_) => "none: set-up-support-address comes first",
        None => "not known (support/account.json: support_addresses)",
    };
    need = need.detail(format!(
        "Requirements (D-26): Zendesk Suite or Support + Chat — {plan}; agent workspace — {workspace}; messaging on — after activation; a support email address — {address}."
    ));

    // D-29: an away-message trigger sends duplicates once this is on.
    need = need.detail(match &account.chat.triggers {
        Some(list) => {
            let away = away_auto_reply_triggers(list);
            if away.is_empty() {
                format!("No away or offline auto-reply trigger in {TRIGGERS}, so no duplicate messages (D-29).")
            } else {
                format!(
                    "Turn off the away/offline auto-reply trigger(s) {} before turning this on, or end users get duplicate messages (D-29).",
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
    need = need.detail(
        "To turn it off again, do both: switch the ticket setting off, and deactivate the trigger it created (D-31).",
    );
    ctx.need(need);
    true
}

/// The enabled away/offline auto-reply triggers (D-29): the trigger translator decides
/// what counts as one (`triggers::is_away_auto_reply`), so both places agree.
pub fn away_auto_reply_triggers(triggers: &[Trigger]) -> Vec<String> {
    triggers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_enabled() && crate::translate::triggers::is_away_auto_reply(t))
        .map(|(i, t)| t.key(i))
        .collect()
}

/// D-26: continuous conversations need a support email address.
fn support_address(ctx: &mut Context, facts: &Facts, recommended: bool) {
    match facts.account.and_then(|a| a.support_addresses.as_ref()) {
        Some(list) if list.iter().any(|a| !a.trim().is_empty()) => {}
        Some(_) => {
            let why = if recommended {
                "No support email address (support/account.json: support_addresses is empty), and this plan recommends continuous conversations, which need one (D-26)."
            } else {
                "No support email address (support/account.json: support_addresses is empty); continuous conversations, messaging continued by email, need one (D-26)."
            };
            ctx.need(Need::new(StepId::SetUpSupportAddress, why).source(source("support_addresses")));
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
    let suite = facts.plan().map(SubscriptionTier::is_suite);
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
        Some(false) => " It needs the agent workspace on: do turn-on-agent-workspace first.",
        None => " It needs the agent workspace on (support/account.json: agent_workspace is not known).",
    };
    let why = format!(
        "The account is on Suite with {} connected (support/account.json: social_channels): end users can move a Web Widget conversation to them (D-33).{after}",
        join_and(&channels)
    );
    for brand in ctx.brand_names() {
        let mut need = Need::new(StepId::EnableChannelLinking, why.clone())
            .source(source("social_channels"))
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

    fn trigger(enabled: bool, def: serde_json::Value) -> Trigger {
        Trigger {
            name: Some("t".into()),
            enabled: Some(crate::account::lenient::Flag(enabled)),
            definition: Some(def.into()),
            ..Trigger::default()
        }
    }

    #[test]
    fn away_auto_reply_needs_status_condition_message_and_enabled() {
        let away = serde_json::json!({"event": "chat_requested",
            "condition": ["and", ["eq", "@account_status", "Away"], ["not", ["firedBefore"]]],
            "actions": [["sendMessageToVisitor", "CS", "We are away"]]});
        assert_eq!(away_auto_reply_triggers(&[trigger(true, away.clone())]), ["t"]);
        assert!(away_auto_reply_triggers(&[trigger(false, away)]).is_empty(), "disabled");
        let offline = serde_json::json!({"event": "chat_message", "condition": ["or", ["and", ["neq", "@account_status", "online"]]],
            "action": [["sendMessageToVisitor", "CS", "x"]]});
        assert_eq!(away_auto_reply_triggers(&[trigger(true, offline)]).len(), 1, "nested, `action` spelling");
        let tag_only =
            serde_json::json!({"condition": ["eq", "@account_status", "offline"], "actions": [["addTag", "x"]]});
        assert!(away_auto_reply_triggers(&[trigger(true, tag_only)]).is_empty(), "no message sent");
        let online = serde_json::json!({"condition": ["eq", "@account_status", "online"],
            "actions": [["sendMessageToVisitor", "CS", "x"]]});
        assert!(away_auto_reply_triggers(&[trigger(true, online)]).is_empty(), "online status");
    }

    #[test]
    fn zendesk_message_outcomes_follow_d23() {
        assert!(message_outcome(true, false).unwrap().contains("settings are kept"));
        assert!(message_outcome(false, true).unwrap().contains("not kept; add LINE again"));
        let both = message_outcome(true, true).unwrap();
        assert!(both.contains("Facebook Messenger is kept") && both.contains("LINE must be added again"));
        assert_eq!(message_outcome(false, false), None);
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
