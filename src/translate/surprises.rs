//! The surprises real teams hit on the move (docs/surprises.md, issue 19), said in the step
//! where each one bites, and only when the account shows what predicts it (D-12: no list of
//! generic warnings).
//!
//! From the export: Broadcast routing, which cannot be used for messaging with omnichannel
//! routing; a per-agent chat limit on an account that is not staffed around the clock, whose
//! messaging capacity is exceeded once inactive conversations stop counting. From the chat
//! history: offline messages, which show that visitors write when nobody is online; the
//! departments chats went to, which the messaging response's department drop-down or the
//! department-to-group routing must cover (ratings and the sites visitors chatted from are
//! said by the planner, in the steps it alone builds). The site
//! scan's surprises (a Content Security Policy, a wrapper library, a consent gate, code
//! driven by availability) are its own findings, listed under the widget JavaScript step by
//! [`super::site_scan`].

use super::Context;
use crate::account::lenient::Flag;
use crate::plan::FeatureState;
use crate::steps::{Need, StepId};
use crate::text::thousands;

const ROUTING: &str = "chat/routing_settings.json";
/// "Broadcast … It cannot be used for messaging with omnichannel routing."
pub(crate) const ROUTING_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/5020833543450";
/// "By default, Zendesk doesn't count inactive messaging tickets toward the capacity limit."
pub(crate) const CAPACITY_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/5308501814042";

/// "When omnichannel routing is turned on, none of the existing Chat routing functionality
/// will work … Chat availability statuses aren't supported. Operating hours aren't supported
/// to automatically change agent statuses."
pub(crate) const OMNICHANNEL_CHAT_ARTICLE: &str = "https://support.zendesk.com/hc/en-us/articles/6249962577690";

pub fn translate(ctx: &mut Context) {
    chat_departments(ctx);
    broadcast_routing(ctx);
    inactive_capacity(ctx);
    // The two below bite once omnichannel routing replaces the Chat routing, a step the
    // plan has when the Chat routing settings were exported.
    if ctx.account.chat.routing.is_some() {
        status_triggers(ctx);
        hours_and_statuses(ctx);
    }
}

/// Whether a trigger's definition tests the account's or a department's Chat status.
fn tests_status(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::String(s) => matches!(s.as_str(), "@account_status" | "@department_status"),
        serde_json::Value::Array(a) => a.iter().any(tests_status),
        serde_json::Value::Object(o) => o.values().any(tests_status),
        _ => false,
    }
}

/// Chat triggers on `@account_status` / `@department_status`.
fn status_triggers(ctx: &mut Context) {
    let Some(triggers) = ctx.account.chat.triggers.as_ref() else { return };
    let names: Vec<String> = triggers
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_enabled() && t.definition.as_ref().is_some_and(|d| tests_status(&d.value)))
        .map(|(i, t)| t.key(i))
        .collect();
    if names.is_empty() {
        return;
    }
    let shown: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    ctx.need(
        Need::new(StepId::ConfigureOmnichannelRouting, "Chat triggers test the account or department status.")
            .source("chat/triggers.json")
            .detail(format!(
                "{} test{} the Chat account or department status ({}). Once omnichannel routing is on, agent statuses are unified statuses and Chat availability statuses are not supported; Zendesk says the Account status and Department status trigger conditions do not work when agent statuses are managed through the Agent Availability APIs ({OMNICHANNEL_CHAT_ARTICLE}). Rebuild what these triggers do (an away message, a queue notice) with business hours before you turn omnichannel routing on.",
                crate::text::plural(names.len() as u64, "Chat trigger"),
                if names.len() == 1 { "s" } else { "" },
                crate::text::join_and(&shown.iter().map(String::as_str).collect::<Vec<_>>()),
            )),
    );
}

/// Operating hours that set agents away out of hours.
fn hours_and_statuses(ctx: &mut Context) {
    if ctx.classification.evidence.features.operating_hours.state != FeatureState::Used {
        return;
    }
    ctx.need(
        Need::new(StepId::ConfigureOmnichannelRouting, "Chat operating hours are on.")
            .source("chat/operating_hours.json")
            .detail(format!(
                "Chat operating hours are on: with omnichannel routing they no longer change agents' statuses by themselves ({OMNICHANNEL_CHAT_ARTICLE}). Decide how agents' statuses change at the start and end of the day (agents set them, or your own tooling does; inferred, the article does not say how)."
            )),
    );
}

/// surprises.md broadcast-routing-incompatible.
fn broadcast_routing(ctx: &mut Context) {
    let Some(r) = ctx.account.chat.routing.as_ref() else { return };
    if r.routing_mode.as_deref() != Some("broadcast") {
        return;
    }
    ctx.need(
        Need::new(StepId::ConfigureOmnichannelRouting, "Chat routing is Broadcast.")
            .source(format!("{ROUTING}#routing_mode"))
            .detail(format!(
                "Your Chat routing is Broadcast: every agent sees every request and clicks Serve. Broadcast cannot be used for messaging with omnichannel routing ({ROUTING_ARTICLE}). Choose assigned or omnichannel routing before the switch, tell agents who pick requests from the queue how conversations now reach them, and give them a view of unassigned messaging conversations."
            )),
    );
}

/// surprises.md capacity-inactive-messaging-overload: a Chat limit per agent, and an
/// account not staffed around the clock (operating hours, or offline messages in the
/// history), so conversations wait overnight and come back together.
fn inactive_capacity(ctx: &mut Context) {
    let Some(limit) = ctx.account.chat.routing.as_ref().and_then(|r| r.chat_limit.as_ref()) else { return };
    if !limit.enabled.is_some_and(Flag::get) {
        return;
    }
    let hours = ctx.classification.evidence.features.operating_hours.state == FeatureState::Used;
    let offline = ctx.history.map_or(0, |h| h.offline_messages);
    if !hours && offline == 0 {
        return;
    }
    let mut why = Vec::new();
    if hours {
        why.push("operating hours are on".to_owned());
    }
    if offline > 0 {
        why.push(format!("the chat history holds {} offline messages left when nobody was online", thousands(offline)));
    }
    let n = limit.limit.map(|n| format!(" of {n}")).unwrap_or_default();
    ctx.need(
        Need::new(StepId::ConfigureOmnichannelRouting, "Chat limits how many chats an agent takes.")
            .source(format!("{ROUTING}#chat_limit"))
            .detail(format!(
                "Chat holds each agent to a limit{n} chats; the team is not online around the clock ({}). On messaging with omnichannel routing, a conversation becomes inactive after 10 minutes without a reply from the visitor and, by default, stops counting toward the agent's capacity, so agents get more conversations than their limit, most of all when the conversations left overnight come back ({CAPACITY_ARTICLE}; {ROUTING_ARTICLE}). In the routing configuration, turn on counting inactive conversations toward capacity, tune the inactivity period, and answer out-of-hours conversations with a business-hours reply.",
                why.join("; ")
            )),
    );
}

/// Departments the chats went to (`department_name` in the history). Messaging has no
/// department picker (K1, mapping.md §3): when the pre-chat form let visitors choose one,
/// the messaging response's drop-down stands in for it and must offer each department
/// visitors used; otherwise the chats reached departments by routing (triggers, widget
/// code), and each needs a group.
fn chat_departments(ctx: &mut Context) {
    let Some(h) = ctx.history else { return };
    let used = &h.usage.departments;
    if used.is_empty() {
        return;
    }
    let source = format!("{}#department_name", crate::history::SOURCE);
    let mut names: Vec<String> = used.iter().map(|d| format!("\"{d}\"")).collect();
    if h.usage.more_departments {
        names.push("more".to_owned());
    }
    let listed = crate::text::join_and(&names.iter().map(String::as_str).collect::<Vec<_>>());
    let picker = ctx
        .account
        .chat
        .widget
        .as_ref()
        .and_then(|w| w.pre_chat_form.as_ref())
        .filter(|f| f.enabled.get())
        .and_then(|f| f.fields.iter().find(|x| x.name.eq_ignore_ascii_case("department")));
    let Some(field) = picker else {
        ctx.need(
            Need::new(StepId::MapDepartmentsToGroups, "Chats in the history went to departments.")
                .source(source)
                .detail(format!(
                    "Chats in the chat history went to {listed}, without a department picker in the pre-chat form: routing (Chat triggers or the site's widget code) chose them. Messaging has no departments; give each of these a group and route to it, or those conversations reach no one in particular."
                )),
        );
        return;
    };
    let offered = super::forms::department_choices(field.options.as_deref(), ctx.account);
    let missing: Vec<String> = used
        .iter()
        .filter(|d| !offered.iter().any(|o| o.eq_ignore_ascii_case(d)))
        .map(|d| format!("\"{d}\""))
        .collect();
    let mut detail = format!(
        "Visitors chose a department in the pre-chat form, and chats in the chat history went to {listed}. Messaging has no department picker: the messaging response's department drop-down (a ticket field) and a ticket trigger that sets the group from it route these conversations (our proposal, not a documented equivalent; inferred)."
    );
    if !missing.is_empty() {
        detail.push_str(&format!(
            " Not among the drop-down's options: {} (renamed, disabled or deleted since); add an option for each that still takes conversations.",
            crate::text::join_and(&missing.iter().map(String::as_str).collect::<Vec<_>>())
        ));
    }
    ctx.need(
        Need::new(StepId::ConfigureMessagingResponse, "Visitors chose departments.").source(source).detail(detail),
    );
}
