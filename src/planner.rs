//! From a loaded account and its scanned history to a plan: classify, translate, add the
//! steps every account of its segment needs, and collect the warnings. Pure: it reads no
//! file and knows no terminal.

use crate::account::{Account, FileState};
use crate::capacity;
use crate::classify;
use crate::findings::Context;
use crate::history::{self, HistoryReport};
use crate::plan::history::{Capacity, CapacityCheck, CapacityFigure, HistorySummary, TimeZoneSource};
use crate::plan::{
    AccountInfo, ActivationBasis, ActivationPath, Classification, FORMAT_VERSION, Item, Known, Outcome, Phase, Plan,
    PlanOptions, Section, Segment, Warning,
};
use crate::steps::{self, Need, StepId};
use crate::text::plural;
use crate::{readiness, translate};

/// Make the plan for one loaded account and its scanned history (`None` when the export
/// has no `chat/chats.jsonl`). Pure: no file is read here, so the same inputs give the same
/// plan; [`crate::pipeline`] loads the account and scans the history.
pub fn plan(account: &Account, report: Option<&HistoryReport>, options: &PlanOptions) -> Plan {
    // Issue 18: the path is `--activation`, else the admin's answer about the notice, else
    // an assumption the plan states in its first lines. Every stage reads the resolved path.
    let (path, basis) = activation(account, options);
    let options = &PlanOptions { activation: Some(path), ..options.clone() };
    let agents = enabled_agents(account);
    let limit = capacity::ConcurrentLimit::from_options(options.concurrent_limit);
    let history: Option<&HistorySummary> = report.map(|r| &r.summary);
    // Capacity (D-18): from the history when there is one, from the agents alone otherwise.
    let capacity =
        history.map_or_else(|| capacity::assess(&capacity::Peaks::default(), agents, limit), |h| h.capacity.clone());
    let classification = classify::classify(account, history);
    let mut ctx = Context::new(account, &classification, options);
    ctx.history = history;
    translate::translate(&mut ctx);
    readiness::check(&mut ctx);
    let mut out = ctx.out;
    translate::unique_call_keys(&mut out.items);
    // Items are listed by family in the plan's section order; within a family, in the
    // order of the export (stable sort keeps it).
    out.items.sort_by_key(|i| i.section);

    if classification.evidence.activity.active == Known::Unknown {
        out.undecided.insert(
            0,
            crate::plan::Undecided {
                fact: "activity".into(),
                // No chat ticket is counted: only the count of all tickets can decide (D-4).
                files: if classification.evidence.activity.chat_tickets == Some(0) {
                    vec!["support/account.json".into()]
                } else {
                    vec!["chat/chats.jsonl".into(), "support/account.json".into()]
                },
                effect: if classification.evidence.activity.chat_tickets == Some(0) {
                    "the segment is undetermined: add tickets_last_30_days, the count of all tickets in the 30 days before the export".into()
                } else {
                    "the segment is undetermined".into()
                },
            },
        );
    }
    if classification.evidence.brands.multi_brand == Known::Unknown {
        out.undecided.push(crate::plan::Undecided {
            fact: "brands".into(),
            files: vec!["support/brands.json".into()],
            effect: "per-brand steps are written once, for every brand".into(),
        });
    }

    let mut warnings: Vec<Warning> = account
        .notes
        .iter()
        .map(|n| Warning {
            code: n.code.to_owned(),
            message: n.message.clone(),
            source: Some(n.file.clone()),
            refs: vec![],
            blocking: false,
        })
        .collect();
    if let Some(r) = report {
        warnings.extend(history_warnings(r, options.timezone.as_deref()));
    }
    warnings.extend(classify::activity_warnings(account, history));
    warnings.append(&mut out.warnings);
    // Warnings are plan prose, read in the guide: full sentences (STYLE.md's no-period rule
    // is for one-line CLI messages). Some come from code shared with CLI errors.
    for w in &mut warnings {
        end_sentence(&mut w.message);
    }

    if classification.segment == Segment::Inactive {
        // D-4's short plan: the readiness checks and per-setting steps do not apply, so
        // neither do the facts they missed.
        out.undecided.clear();
        // Issue 18 #22: D-4 says only that messaging is turned on; no source says the
        // wizard copies anything for an inactive account. The items stay for a later launch.
        for it in out.items.iter_mut().filter(|i| i.outcome == Outcome::MigratedByZendesk) {
            it.outcome = Outcome::Manual;
            it.notes.push(
                "Only if the account later launches messaging: no source says Zendesk copies it for an inactive account (D-4)."
                    .into(),
            );
        }
    }
    let mut needs = std::mem::take(&mut out.needs);
    segment_steps(account, &classification, options, &out.items, &mut needs, &out.undecided, history, &capacity);
    let mut steps_list = steps::build(needs);
    // D-13: an admin who is not ready can ask Zendesk to delay activation. Only what must be
    // settled before activation is a reason: a blocking before-activation step, or a
    // blocking warning (one that stops activation until it is resolved, `Warning.blocking`),
    // named by its first sentence. Steps after activation need no delay, since nothing must
    // be done before activation (D-6) and the admin decides when each brand launches (D-8).
    // A self-serve admin activates when ready, so there is no date to delay.
    let before: Vec<&str> = steps_list
        .iter()
        .filter(|s| s.blocking && s.phase == Phase::BeforeActivation)
        .map(|s| s.title.as_str())
        .chain(warnings.iter().filter(|w| w.blocking).map(|w| first_sentence(&w.message)))
        .collect();
    if !before.is_empty() && classification.segment != Segment::Inactive && path == ActivationPath::Assisted {
        let why = format!("Blocking and due before activation: {}.", before.join("; "));
        let mut extra = steps::build(vec![Need::new(StepId::RequestActivationDelay, why)]);
        steps_list.append(&mut extra);
        steps_list.sort_by_key(|s| s.phase);
    }
    let timeline = options.activation_date.map(|date| {
        crate::timeline::apply(
            date,
            classification.segment,
            account.manifest.exported_at,
            &mut steps_list,
            &mut warnings,
        )
    });

    let files = crate::account::LAYOUT
        .iter()
        .map(|f| ((*f).to_owned(), account.files.get(*f).copied().unwrap_or(FileState::Missing)))
        .collect();
    Plan {
        format_version: FORMAT_VERSION,
        account: AccountInfo {
            subdomain: account.manifest.subdomain.clone(),
            exported_at: account.manifest.exported_at,
            input_fingerprint: account.fingerprint.clone(),
            exported_by: account.manifest.exported_by.clone(),
            activation: path,
            activation_basis: basis,
            files,
            undecided: out.undecided,
            facts: crate::account::facts::known_facts(account),
            history: report.map(|r| r.summary.clone()),
            timeline,
        },
        classification,
        items: out.items,
        steps: steps_list,
        warnings,
    }
}

/// The activation path and why (issue 18 item 2): `--activation` wins; then the admin's
/// answer about Zendesk's notice (D-2: an enrolled account got the email and banner; only
/// enrolled accounts get the wizard, K2); then, with nothing said, self-serve when the agent
/// workspace is off (the programme takes accounts on it, D-1) and no activation date from
/// Zendesk's notice was given, else assisted.
fn activation(account: &Account, options: &PlanOptions) -> (ActivationPath, ActivationBasis) {
    let facts = account.support.account.as_ref();
    if let Some(p) = options.activation {
        return (p, ActivationBasis::Flag);
    }
    match (facts.and_then(|a| a.enrolled), facts.and_then(|a| a.agent_workspace)) {
        (Some(true), _) => (ActivationPath::Assisted, ActivationBasis::Enrolled),
        (Some(false), _) => (ActivationPath::SelfServe, ActivationBasis::NotEnrolled),
        // A date from Zendesk's notice (`--activation-date`) says the account is in the
        // programme: no self-serve assumption then.
        (None, Some(false)) if options.activation_date.is_none() => {
            (ActivationPath::SelfServe, ActivationBasis::AgentWorkspaceOff)
        }
        (None, _) => (ActivationPath::Assisted, ActivationBasis::Assumed),
    }
}

fn end_sentence(s: &mut String) {
    let t = s.trim_end();
    if !t.is_empty() && !t.ends_with(['.', '!', '?']) {
        s.truncate(t.len());
        s.push('.');
    }
}

/// The first sentence of plan prose, without its full stop.
fn first_sentence(s: &str) -> &str {
    let end = s.find(". ").unwrap_or(s.len());
    s[..end].trim_end_matches('.')
}

/// Steps that follow from the segment rather than from one setting, and what each segment
/// keeps of the translators' needs (D-4, D-6, D-7, D-9, D-10, D-11, D-12, K7).
#[allow(clippy::too_many_arguments)]
fn segment_steps(
    account: &Account,
    classification: &Classification,
    options: &PlanOptions,
    items: &[Item],
    needs: &mut Vec<Need>,
    undecided: &[crate::plan::Undecided],
    history: Option<&HistorySummary>,
    capacity: &Capacity,
) {
    let assisted = options.activation != Some(ActivationPath::SelfServe);
    if classification.segment == Segment::Inactive {
        // D-4: Zendesk turns messaging on at account level with no effect on current support
        // work. The short plan is what happens, the notice, and what to check if that is
        // wrong; the translated settings stay in the plan's settings for if chat resumes.
        needs.clear();
        let mut n = Need::new(StepId::ConfirmInactive, inactive_why(&classification.evidence.activity));
        if let Some(c) = classification.evidence.activity.chats.filter(|c| *c > 0) {
            n = n.detail(format!(
                "{} started in the 30 days before the export without a ticket: someone still reaches live chat. Find out who answers these chats before relying on \"no effect\".",
                plural(c, "chat")
            ));
        }
        needs.push(n);
        return;
    }

    // Triggers: one review step built from the plan's trigger items, worded for the path
    // (K3 assisted, K4 self-serve) and for the standard triggers (K16).
    let trigger_sources: Vec<String> =
        needs.iter().filter(|n| n.step == StepId::ReviewTriggerConversions).filter_map(|n| n.source.clone()).collect();
    needs.retain(|n| n.step != StepId::ReviewTriggerConversions);
    if let Some(n) = trigger_need(items, assisted) {
        let step = n.step;
        needs.push(n);
        // One need per trigger keeps every trigger among the step's sources.
        needs.extend(trigger_sources.into_iter().map(|s| Need::new(step, "").source(s)));
    }
    // D-29, D-26: the away-trigger and support-address steps serve continuous conversations;
    // they appear only when the plan proposes them (the export does not say whether they
    // are already on).
    if !needs.iter().any(|n| n.step == StepId::TurnOnContinuousConversations) {
        needs.retain(|n| n.step != StepId::TurnOffAwayTrigger);
    }

    // D-6: nothing must be done before activation, but learning and trying are advised.
    needs.push(Need::new(StepId::LearnMessaging, ""));
    // D-7, D-9: activation is its own moment.
    // Issue 18 #1: assisted, Zendesk activates and the verify line proves its wizard ran;
    // self-serve, the admin presses the switch (K7) and nothing is copied (K4).
    needs.push(Need::new(
        if assisted { StepId::ZendeskActivatesMessaging } else { StepId::TurnOnMessagingForAccount },
        "",
    ));

    let migrated = items.iter().filter(|i| i.outcome == Outcome::MigratedByZendesk).count() as u64;
    if migrated > 0 && assisted {
        let mut n = Need::new(
            StepId::ReviewMigratedSettings,
            format!(
                "{} here {} marked migrated by Zendesk.",
                plural(migrated, "setting"),
                if migrated == 1 { "is" } else { "are" }
            ),
        );
        if !assisted {
            n = n.place("Admin Center > Channels > Messaging and social > Messaging > (the brand's Web Widget)");
        }
        for d in expected_values(items) {
            n = n.detail(d);
        }
        // K2: the wizard turns CSAT on when Chat ratings were used; said only when the
        // history shows visitors rated chats (issue 19, D-12).
        // Without a history it is unknown, and said so (guide review #21).
        match history.map(|h| h.usage.rated_chats) {
            Some(0) => {}
            Some(rated) => {
                n = n
                    .detail(format!(
                        "Visitors rated {} in the chat history, so the migration wizard turns on CSAT for messaging (a survey when a conversation ends; {K2_ARTICLE}). Check that CSAT is on, and read its survey before customers see it.",
                        plural(rated, "chat")
                    ))
                    .source(format!("{}#rating", history::SOURCE));
            }
            None => {
                n = n.detail(format!(
                    "No chat history was exported, so whether visitors rated chats is unknown: the migration wizard turns on CSAT for messaging when Chat ratings were used ({K2_ARTICLE}). Check whether CSAT is on, and that you want it."
                ));
            }
        }
        needs.push(n);
    }
    // K7: the work after activation that applies to every active account: the routing
    // decision (issue 18 #3).
    needs.push(Need::new(StepId::PrepareAgentsAndRouting, ""));
    // Issue 18 #12: after a self-serve activation a brand's messaging Web Widget exists only
    // once its Web Widget (Classic) is converted, which is the launch (K7): what is set on
    // that channel is prepared before and applied inside the launch window.
    let mut prepared = false;
    // Second review #11: no 2025 page says an assisted activation creates the brand's
    // messaging Web Widget (the 2024 programme's did): the first step that relies on it
    // says so, and what to do if the channel is not there.
    if assisted {
        let first = [
            StepId::SelectScheduleOnChannel,
            StepId::ConfigureMessagingResponse,
            StepId::ConfigureOutsideHoursResponse,
        ]
        .into_iter()
        .find(|id| needs.iter().any(|n| n.step == *id));
        if let Some(n) = first.and_then(|id| needs.iter_mut().find(|n| n.step == id)) {
            n.details.push(ASSISTED_CHANNEL.to_owned());
        }
    }
    if !assisted {
        for n in needs.iter_mut().filter(|n| {
            matches!(
                n.step,
                StepId::SelectScheduleOnChannel
                    | StepId::ConfigureMessagingResponse
                    | StepId::ConfigureOutsideHoursResponse
            )
        }) {
            n.details.push(SELF_SERVE_CHANNEL.to_owned());
            prepared = true;
        }
        // Second review #6: omnichannel routing needs a web or mobile messaging channel
        // (Z-1), which a self-serve plan first has after a brand's switch at launch (K7).
        for n in needs
            .iter_mut()
            .filter(|n| matches!(n.step, StepId::PrepareAgentsAndRouting | StepId::ConfigureOmnichannelRouting))
        {
            n.details.push(SELF_SERVE_ROUTING.to_owned());
        }
        // Second review #12: after a self-serve activation the "messaging copy" may be the
        // Chat trigger itself, its Channel set to Chat and messaging (K4).
        for n in needs.iter_mut().filter(|n| n.step == StepId::TurnOffAwayTrigger) {
            n.details.push(SELF_SERVE_AWAY.to_owned());
        }
    }
    for b in account.widget_brands() {
        let mut n = launch_need(history);
        // Second review #8: only when a step above prepared something for the channel.
        if prepared {
            n = n.detail("Self-serve: right after the switch, apply what you prepared for the brand's new messaging Web Widget (schedule, responses), then test.");
        }
        if let Some(name) = b {
            n = n.instance(name);
        }
        needs.push(n);
    }
    if let Some(n) = capacity_need(capacity) {
        needs.push(n);
    }
    if classification.segment == Segment::Undetermined {
        needs.push(Need::new(
            StepId::CompleteExport,
            format!(
                "Undecided: {}.",
                undecided.iter().map(|u| u.fact.replace('_', " ")).collect::<Vec<_>>().join(", ")
            ),
        ));
    }
}

/// The channel a self-serve step configures does not exist before the brand's switch (K7).
const SELF_SERVE_CHANNEL: &str = "Self-serve: the brand's messaging Web Widget appears only when you turn messaging on for its Web Widget (Classic) at launch (K7): prepare this now and apply it in the launch window, before the test.";

/// That an assisted activation creates the brand's messaging Web Widget is inferred (K2
/// migrates responses and hours onto a channel; only the 2024 programme's page said so).
const ASSISTED_CHANNEL: &str = "Inferred: that activation creates each brand's messaging Web Widget (no 2025 page says so); if the Channels list shows none, prepare this and apply it when you turn messaging on for the brand at launch.";

/// Omnichannel routing needs a web or mobile messaging channel (Z-1); self-serve, the first
/// one is a brand's messaging Web Widget, made at its switch (K7).
const SELF_SERVE_ROUTING: &str = "Self-serve: omnichannel routing can be turned on only once a web or mobile messaging channel exists (Z-1), here after the first brand's switch at launch (K7): decide now, turn it on after that switch.";

/// A self-serve away trigger switched to "Chat and messaging" is one trigger for both (K4).
const SELF_SERVE_AWAY: &str = "Self-serve: if you set a Chat trigger's Channel to Chat and messaging, it is one trigger for both: set its Channel back to Chat instead of deactivating it.";

/// The values a migrated schedule or response should have, for the review step (issue 18
/// #28: the guide shows what it asks to compare, not only messaging-config.json).
fn expected_values(items: &[Item]) -> Vec<String> {
    use crate::plan::Payload;
    items
        .iter()
        .filter(|i| i.outcome == Outcome::MigratedByZendesk)
        .filter_map(|i| match &i.payload {
            Some(Payload::Schedule(s)) => Some(format!(
                "Business hours: {} (time zone {}).",
                if s.hours.is_empty() { "closed".to_owned() } else { s.hours.join(", ") },
                s.time_zone.zendesk.as_deref().unwrap_or(&s.time_zone.iana)
            )),
            Some(Payload::Response(r)) => {
                let tab = if r.tab == "outside_business_hours" { "Outside business hours" } else { "Business hours" };
                let asks: Vec<String> = r
                    .customer_details
                    .iter()
                    .filter(|d| d.messaging != "none")
                    .map(|d| d.title.clone().unwrap_or_else(|| d.messaging.replace('_', " ")))
                    .collect();
                Some(format!(
                    "{tab} response: customer details {}.",
                    if asks.is_empty() { "none".to_owned() } else { asks.join(", ") }
                ))
            }
            _ => None,
        })
        .collect()
}

/// Why the account is taken as inactive, in words that never say "no tickets" when only
/// chat tickets were counted (D-4).
fn inactive_why(a: &crate::plan::Activity) -> String {
    let counted = match (a.chat_tickets, a.tickets) {
        (_, Some(0)) => "no ticket at all",
        (Some(0), None) => "no chat ticket (the export has no count of other tickets)",
        _ => "no ticket",
    };
    format!(
        "The export shows {counted} in the 30 days before it: Zendesk turns messaging on at account level with no effect on current support work (D-4)."
    )
}

/// The trigger step: `review-trigger-conversions` after an assisted activation (K3),
/// `recreate-chat-triggers` after a self-serve one (K4: Chat triggers stay Chat triggers).
fn trigger_need(items: &[Item], assisted: bool) -> Option<Need> {
    use crate::plan::Payload;
    use crate::translate::triggers::TriggerOutcome;
    let payloads: Vec<_> = items
        .iter()
        .filter_map(|i| match &i.payload {
            Some(Payload::Trigger(p)) if i.section == Section::Triggers => Some(p.as_ref()),
            _ => None,
        })
        .collect();
    if payloads.is_empty() {
        return None;
    }
    let count = |o: TriggerOutcome| payloads.iter().filter(|p| p.outcome == o).count() as u64;
    let mut parts = Vec::new();
    for (o, one, many) in [
        (TriggerOutcome::MessagingTrigger, "becomes a messaging trigger", "become messaging triggers"),
        (TriggerOutcome::SupportTrigger, "becomes a Support trigger", "become Support triggers"),
        (TriggerOutcome::ProactiveMessage, "becomes a proactive message", "become proactive messages"),
        (TriggerOutcome::NotMigratable, "cannot be migrated", "cannot be migrated"),
    ] {
        match count(o) {
            0 => {}
            1 => parts.push(format!("1 {one}")),
            n => parts.push(format!("{n} {many}")),
        }
    }
    let why = format!(
        "The account has {}: {}.",
        plural(payloads.len() as u64, "Chat trigger"),
        crate::text::join_and(&parts.iter().map(String::as_str).collect::<Vec<_>>())
    );
    let step = if assisted { StepId::ReviewTriggerConversions } else { StepId::RecreateChatTriggers };
    let mut n = Need::new(step, why);
    for p in &payloads {
        if let Some(s) = &p.standard {
            n = n.detail(steps::standard_trigger_line(&p.chat.name, &s.name, assisted));
        }
    }
    // Issue 18 #10: a Support trigger made from a department action Chat ran only on page
    // load (K6) never routed in Chat; activating it creates routing.
    let never_ran =
        payloads.iter().filter(|p| p.enabled_in_chat && p.changes.iter().any(|c| c.chat_behaviour())).count() as u64;
    if assisted && never_ran > 0 {
        n = n.detail(format!(
            "{} a department that Chat set only on page load: in Chat {} routed nothing, so activating {} sends messaging tickets to a group as never before (K6). Activate only if you want that routing.",
            if never_ran == 1 { "1 Support trigger sets".to_owned() } else { format!("{never_ran} Support triggers set") },
            if never_ran == 1 { "it" } else { "they" },
            if never_ran == 1 { "it" } else { "them" },
        ));
    }
    let inactive = count(TriggerOutcome::SupportTrigger) + count(TriggerOutcome::ProactiveMessage);
    if assisted && inactive > 0 {
        n = n.detail(format!(
            "{} created inactive: activate only those enabled in Chat, once no dropped condition widens them.",
            if inactive == 1 {
                "1 Support trigger or proactive message is".to_owned()
            } else {
                format!("{inactive} Support triggers or proactive messages are")
            }
        ));
    }
    // Issue 18 #11: what a proactive message needs (Z-9, K15).
    if count(TriggerOutcome::ProactiveMessage) > 0 {
        n = n.detail("Proactive messages are part of AI agents – Essential and can be published only once a messaging Web Widget exists; each has one brand and one channel, so clone it for each brand's widget. Publishing makes it Live at once; pause it to stop it (Z-9, K15).");
    }
    if count(TriggerOutcome::NotMigratable) > 0 {
        n = n.detail("For the triggers that cannot be migrated, the Triggers section says why: recreate what matters by hand, or retire them.");
        // Issue 18 #23: an enabled auto-reply to waiting customers has a messaging form.
        if payloads.iter().any(|p| {
            p.outcome == TriggerOutcome::NotMigratable && p.enabled_in_chat && sends_message(&p.chat.definition)
        }) {
            n = n.detail("A message to customers kept waiting becomes a messaging trigger run when a conversation is added to the queue, with @wait_time_min, @wait_time_max or @queue_size (K5, K2).");
        }
    }
    Some(n)
}

/// The Chat trigger sends a message to the visitor (`sendMessageToVisitor`, K6).
fn sends_message(definition: &serde_json::Value) -> bool {
    ["actions", "action"].iter().filter_map(|k| definition.get(*k)?.as_array()).flatten().any(|a| {
        a.as_array().and_then(|a| a.first()).and_then(serde_json::Value::as_str) == Some("sendMessageToVisitor")
    })
}

/// Enabled agents in `chat/agents.json` (an agent without `enabled` counts: the capacity
/// check errs on the side of more).
pub fn enabled_agents(account: &Account) -> Option<u64> {
    account.chat.agents.as_ref().map(|list| list.iter().filter(|a| a.enabled.is_none_or(|f| f.get())).count() as u64)
}

/// D-10: per brand, close the live chats and switch off-peak; with a history, the quietest
/// window of the week (account-wide: the history does not say which brand a chat was for).
/// K2, "About the live chat-to-messaging migration wizard".
const K2_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/9435865466906";

fn launch_need(history: Option<&HistorySummary>) -> Need {
    let mut n = Need::new(StepId::LaunchBrandOffPeak, "So that no chat is lost in the switch (D-10).");
    // Issue 19: the sites visitors chatted from carry the widget; each needs the switch
    // tested and the site code deployed.
    if let Some(h) = history.filter(|h| !h.usage.sites.is_empty()) {
        let mut sites: Vec<&str> = h.usage.sites.iter().map(String::as_str).collect();
        if h.usage.more_sites {
            sites.push("more");
        }
        n = n
            .detail(format!(
                "Visitors chatted from pages on {} (the chat history): each of these sites carries the widget. Deploy the site code this plan prepares on each, scan each one's code for widget calls, and test a conversation from each after its brand's switch.",
                crate::text::join_and(&sites)
            ))
            .source(format!("{}#webpath", history::SOURCE));
    }
    if let Some(h) = history {
        if let (Some(w), Some(t)) = (&h.launch_window, &h.traffic) {
            n = n
                .detail(format!(
                    "Quietest {}-hour window of the week: {} (from the chat history, {} to {}; time zone {}). With several brands, use this window on successive days or weeks, one brand at a time.",
                    w.hours,
                    w.text,
                    t.first_day,
                    t.last_day,
                    h.time_zone.source.label()
                ))
                .source(history::SOURCE);
        }
    }
    n
}

/// D-18: a review when a figure is near or over messaging's recommended limits.
fn capacity_need(c: &Capacity) -> Option<Need> {
    let concerns: Vec<String> = c.concerns().map(CapacityCheck::sentence).collect();
    if concerns.is_empty() {
        return None;
    }
    let mut n = Need::new(
        StepId::ReviewCapacity,
        format!("The account is near or over messaging's recommended capacity: {}.", concerns.join("; ")),
    );
    for check in c.concerns() {
        n = n.source(match check.figure {
            CapacityFigure::Agents => "chat/agents.json",
            _ => history::SOURCE,
        });
    }
    Some(n)
}

/// What the plan warns about in the history: skipped lines, a file out of export order,
/// chat types it does not know, and a `--timezone` the account's own time zone overrode.
fn history_warnings(r: &HistoryReport, flag_tz: Option<&str>) -> Vec<Warning> {
    let h = &r.summary;
    let warn = |code: &str, message: String| Warning {
        code: code.to_owned(),
        message,
        source: Some(history::SOURCE.to_owned()),
        refs: vec![],
        blocking: false,
    };
    let mut w = Vec::new();
    for b in &r.bad_lines {
        w.push(warn("history-bad-line", format!("line {} skipped: {}", b.line, b.reason)));
    }
    let shown = r.bad_lines.len() as u64;
    if h.bad_lines > shown {
        w.push(warn(
            "history-bad-line",
            format!(
                "{} more bad lines skipped ({} of {} in all); check how the file was written if the figures matter",
                h.bad_lines - shown,
                h.bad_lines,
                h.objects + h.bad_lines
            ),
        ));
    }
    if h.out_of_order > 0 {
        w.push(warn(
            "history-out-of-order",
            format!(
                "update_timestamp goes backwards at {}: the file is not in export order, so for a chat that appears twice the later line was used, which may not be its latest version; export the history again in one run to be sure",
                plural(h.out_of_order, "place")
            ),
        ));
    }
    if r.unknown_kinds > 0 {
        w.push(warn(
            "history-unknown-type",
            format!(
                "{} with a type other than chat or offline_msg, counted as chats",
                plural(r.unknown_kinds, "chat object")
            ),
        ));
    }
    if let Some(flag) = flag_tz {
        if h.time_zone.source == TimeZoneSource::OperatingHours && h.time_zone.name != flag {
            w.push(Warning {
                code: "timezone-flag-unused".into(),
                message: format!(
                    "--timezone {flag} was not used: chat/operating_hours.json gives the account's time zone, {}",
                    h.time_zone.name
                ),
                source: Some("chat/operating_hours.json".into()),
                refs: vec![],
                blocking: false,
            });
        }
    }
    w
}
