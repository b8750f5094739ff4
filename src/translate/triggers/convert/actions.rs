//! Stage 3: every action of one trigger mapped to the target, the message text rewritten
//! (`text.rs`), and the translated trigger assembled for the Admin Center editor of its
//! target (K17 messaging trigger, K15 proactive message, ticket trigger).
//!
//! An action goes through its row in `tables.rs`: a plain counterpart becomes the target's
//! action, `None` is dropped and flagged in every target, and `Map::Rule` hands it to its
//! rule (`rules/set_department.rs`). The assembly adds what the target itself requires:
//! *Suspend user* last (K5), at least one action and condition (K17), the Support trigger's
//! base conditions, the proactive message's one response (K15).

use serde_json::Value;

use super::describe::{action_text, short};
use crate::account::chat::Trigger;
use crate::plan::payload::trigger::*;
use crate::translate::triggers::context::{Conv, WEB_WIDGET_AND_SDKS, leaf_out};
use crate::translate::triggers::parse::{self, ActionNode, Definition, Event};
use crate::translate::triggers::rules::{self, ActionInput};
use crate::translate::triggers::tables::{self, ActionKind, Map, SpellingEvidence, Target};
use crate::translate::triggers::text;

const MESSAGING_WHERE: &str = "Admin Center > Objects and rules > Business rules > Messaging triggers";
const SUPPORT_WHERE: &str = "Admin Center > Objects and rules > Business rules > Triggers";
/// Second review #10: the newest stored copy of the Web Widget page (K15) gives Messaging and
/// social; an older copy of it and the mobile-SDK page give AI agents and automation.
const PROACTIVE_WHERE: &str = "Admin Center > Channels > Messaging and social > Proactive messages (on some accounts: AI agents and automation > Proactive messages)";

impl Conv<'_> {
    /// The actions, and the translated trigger.
    pub(super) fn build(
        &mut self,
        def: &Definition,
        name: &str,
        t: &Trigger,
        match_: Match,
        conditions: Vec<Condition>,
    ) -> Option<Translated> {
        let description = t.description.clone().unwrap_or_default();
        let mut actions: Vec<ActionOut> = Vec::new();
        let mut response: Option<ProactiveResponse> = None;
        let mut tags: Vec<String> = Vec::new();
        for a in &def.actions {
            self.action(a, &mut actions, &mut response, &mut tags);
        }
        let actions_path = def.actions.first().map_or_else(|| format!("{}.actions", def.base), |a| a.path.clone());
        match self.target {
            Target::Messaging => {
                // K5: Suspend user must be the last action.
                let last_is_suspend = actions.last().is_some_and(|a| a.action == "Suspend user");
                let suspends = actions.iter().filter(|a| a.action == "Suspend user").count();
                if suspends > 0 && !(last_is_suspend && suspends == 1) {
                    let (mut s, rest): (Vec<_>, Vec<_>) = actions.into_iter().partition(|a| a.action == "Suspend user");
                    let from = s.first().map(|a| a.from.clone()).unwrap_or_default();
                    s.truncate(1);
                    actions = rest;
                    actions.extend(s);
                    self.acc.add(
                        ChangeKind::Moved,
                        &from,
                        "Block visitor",
                        Some("Suspend user, as the last action".to_owned()),
                        "messaging requires Suspend user to be the trigger's last action (K5)",
                        &["K5"],
                    );
                }
                if actions.is_empty() {
                    self.acc.add(
                        ChangeKind::NoEquivalent,
                        &actions_path,
                        "actions",
                        None,
                        "no action carries over to a messaging trigger, and a messaging trigger needs one (K17)",
                        &["K5", "K17"],
                    );
                }
                // Review #9: K17 "Run only once per ticket … only the first time the
                // conditions are met" is the brake on a request event that can run again.
                if def.event == Event::ChatRequested && !self.st.run_once {
                    self.acc.add(
                        ChangeKind::Advice,
                        &def.event_path,
                        "runs on each request",
                        Some("Run only once per ticket".to_owned()),
                        "it runs again when the customer re-engages after agent capacity is released (K5): tick Run only once per ticket if it should run once (K17)",
                        &["K5", "K17"],
                    );
                }
                if conditions.is_empty() {
                    self.acc.add(
                        ChangeKind::Approximated,
                        &format!("{}.condition", def.base),
                        "no conditions left",
                        None,
                        "a messaging trigger needs at least one condition (K17): add one, e.g. Customer is requesting conversation Is True [I]",
                        &["K17"],
                    );
                }
                Some(Translated::MessagingTrigger(MessagingTrigger {
                    name: name.to_owned(),
                    description,
                    where_: MESSAGING_WHERE.to_owned(),
                    channels: vec![WEB_WIDGET_AND_SDKS.to_owned()],
                    active: t.is_enabled(),
                    run_only_once_per_ticket: self.st.run_once,
                    // A page-load relay runs on the conversation request (second review #13).
                    run_trigger: tables::event(if def.event == Event::PageEnter {
                        Event::ChatRequested.name()
                    } else {
                        def.event.name()
                    })
                    .and_then(|e| e.messaging)
                    .unwrap_or_default()
                    .to_owned(),
                    match_,
                    conditions,
                    actions,
                }))
            }
            Target::Support => {
                if actions.is_empty() {
                    self.acc.add(
                        ChangeKind::NoEquivalent,
                        &actions_path,
                        "actions",
                        None,
                        "no action carries over to a Support trigger",
                        &["K3"],
                    );
                }
                self.acc.ticket_updated = self.st.on_update;
                let mut all = vec![
                    leaf_out(
                        None,
                        "Ticket",
                        "Is",
                        Value::String(if self.st.on_update { "Updated" } else { "Created" }.to_owned()),
                        &def.event_path,
                    ),
                    leaf_out(None, "Channel", "Is", Value::String("Messaging".to_owned()), &def.event_path),
                ];
                let match_ = if match_ == Match::Any && conditions.len() > 1 {
                    // The two base conditions must hold whatever the Chat conditions were.
                    all.push(Condition::Group(ConditionGroup {
                        match_: Match::Any,
                        conditions,
                        from: format!("{}.condition", def.base),
                        note: "ticket triggers check 'all' and 'any' lists together: put these in the ANY list"
                            .to_owned(),
                    }));
                    Match::All
                } else {
                    all.extend(conditions);
                    Match::All
                };
                Some(Translated::SupportTrigger(SupportTrigger {
                    name: name.to_owned(),
                    description,
                    where_: SUPPORT_WHERE.to_owned(),
                    active: false,
                    match_,
                    conditions: all,
                    actions,
                }))
            }
            Target::Proactive => {
                let Some(response) = response else {
                    self.acc.add(
                        ChangeKind::NoEquivalent,
                        &actions_path,
                        format!("actions: {}", def.actions.iter().map(|a| a.name.as_str()).collect::<Vec<_>>().join(", ")),
                        None,
                        "the trigger runs on page load but sends no message: a proactive message must send one (K15), and messaging triggers cannot run on page load (K4)",
                        &["K15", "K4", "K3"],
                    );
                    return None;
                };
                // K15's three frequencies: Once per customer, Once per visit, Every time the
                // conditions are met.
                let frequency =
                    if self.st.run_once { "Once per customer" } else { "Every time the conditions are met" };
                Some(Translated::ProactiveMessage(ProactiveMessage {
                    name: name.to_owned(),
                    where_: PROACTIVE_WHERE.to_owned(),
                    channel: "pick the brand and its messaging Web Widget: one channel per message, so clone it for each brand (K15)"
                        .to_owned(),
                    active: false,
                    event: if self.st.seconds.is_some() { "Visitor is on the page" } else { "Visitor loads the page" }
                        .to_owned(),
                    seconds: self.st.seconds,
                    match_,
                    conditions,
                    frequency: frequency.to_owned(),
                    send_time: "Any time".to_owned(),
                    response,
                    ticket_tags: tags,
                }))
            }
        }
    }

    fn action(
        &mut self,
        a: &ActionNode,
        out: &mut Vec<ActionOut>,
        response: &mut Option<ProactiveResponse>,
        tags: &mut Vec<String>,
    ) {
        let chat = action_text(a);
        let Some(kind) = a.kind else {
            self.unknown(&a.path, chat, &format!("action `{}`", a.name), "trigger-unknown-action");
            return;
        };
        let spec = tables::action_kind(kind);
        if spec.spelling.0 == SpellingEvidence::Inferred {
            self.acc.add(
                ChangeKind::Note,
                &a.path,
                format!("`{}`", a.name),
                None,
                format!("this JSON name for \"{}\" is inferred ({}), not verified", spec.chat, spec.spelling.1),
                &["K6"],
            );
        }
        let arg = |i: usize| a.args.get(i).cloned();
        let map = spec.map(self.target);
        let label = match map {
            Map::Same(l) | Map::Renamed(l) | Map::Values(l, _) | Map::Approx(l, _) => l,
            Map::None(why) | Map::Implied(why) => {
                self.drops_action(&a.path, chat, why, spec.refs);
                return;
            }
            Map::Rule(rule) => {
                let at = ActionInput { path: &a.path, chat, label: short(spec.chat), args: &a.args, refs: spec.refs };
                out.extend(rules::action(rule, self, &at));
                return;
            }
        };
        if let Map::Renamed(_) = map {
            self.acc.add(
                ChangeKind::Renamed,
                &a.path,
                short(spec.chat),
                Some(label.to_owned()),
                "renamed action",
                spec.refs,
            );
        }
        if let Map::Approx(_, why) = map {
            if kind == ActionKind::Wait && self.target == Target::Proactive && response.is_some() {
                self.acc.add(
                    ChangeKind::Dropped,
                    &a.path,
                    chat,
                    None,
                    "a wait after the message has no counterpart in a proactive message (K15)",
                    spec.refs,
                );
                return;
            }
            self.acc.add(ChangeKind::Approximated, &a.path, chat.clone(), Some(label.to_owned()), why, spec.refs);
        }
        let action = |action: &str, value: Option<Value>| ActionOut {
            action: action.to_owned(),
            display_name: None,
            value,
            quick_replies: None,
            from: a.path.clone(),
        };
        match (self.target, kind) {
            (_, ActionKind::SendMessage) => {
                let placeholders = self.target != Target::Proactive;
                let name = self.text(&a.path, a.args.first().and_then(Value::as_str).unwrap_or_default(), placeholders);
                let message =
                    self.text(&a.path, a.args.get(1).and_then(Value::as_str).unwrap_or_default(), placeholders);
                let options = a.args.get(2).and_then(Value::as_str).filter(|s| !s.is_empty()).map(str::to_owned);
                if let Some(o) = &options {
                    self.acc.add(
                        ChangeKind::Approximated,
                        &format!("{}[3]", a.path),
                        format!("quick replies \"{o}\""),
                        None,
                        "whether messaging triggers keep Chat's quick-reply options is unverified [I]: add them to the message text or drop them",
                        &["K5"],
                    );
                }
                if self.target == Target::Proactive {
                    if response.is_some() {
                        self.acc.add(
                            ChangeKind::Dropped,
                            &a.path,
                            chat,
                            None,
                            "a proactive message sends one message (K15): add this text to it or drop it",
                            &["K15"],
                        );
                        return;
                    }
                    // Review #12, guide review #11: About proactive messages (5381304334234):
                    // "This message is sent from the default sender defined in the channel
                    // settings"; K15: the required Proactive message box, a follow-up message,
                    // and a Customer details request "included by default".
                    self.acc.add(
                        ChangeKind::Approximated,
                        &a.path,
                        format!("display name \"{name}\""),
                        Some("Proactive message box, Human agent".to_owned()),
                        "the Chat text goes in the Proactive message box and is sent from the channel's default sender, not this display name (About proactive messages); Human agent also asks for a follow-up message, and its Customer details request (name and email) is on by default: delete both fields to send one message as Chat did (K15)",
                        &["K15"],
                    );
                    *response = Some(ProactiveResponse {
                        kind: "Human agent".to_owned(),
                        message,
                        display_name: Some(name),
                        from: a.path.clone(),
                    });
                } else {
                    out.push(ActionOut {
                        action: label.to_owned(),
                        display_name: Some(name),
                        value: Some(Value::String(message)),
                        quick_replies: options,
                        from: a.path.clone(),
                    });
                }
            }
            (Target::Proactive, ActionKind::AddTag) => {
                if let Some(t) = a.args.first().and_then(parse::scalar_text) {
                    tags.push(t);
                }
            }
            (Target::Proactive, ActionKind::Wait) => {
                // Only a wait before the message delays it.
                if response.is_none() {
                    let n = a.args.first().and_then(parse::seconds).unwrap_or(0);
                    self.st.seconds = Some(self.st.seconds.unwrap_or(0) + n);
                }
            }
            (Target::Proactive, _) => {}
            (_, ActionKind::SetTriggered) => {
                out.push(action(label, arg(0).and_then(|v| parse::flag(&v)).map(Value::Bool)))
            }
            (_, ActionKind::Wait) => out.push(action(label, arg(0).and_then(|v| parse::seconds(&v)).map(Value::from))),
            (_, ActionKind::AddTag | ActionKind::RemoveTag) => {
                let tag = arg(0).and_then(|v| parse::scalar_text(&v));
                // support-api.md §1: Add tags `current_tags`, Remove tags `remove_tags`.
                let field = if kind == ActionKind::AddTag { "current_tags" } else { "remove_tags" };
                if let Some(t) = &tag {
                    self.api(&a.path, field, None, Value::String(t.clone()));
                }
                out.push(action(label, tag.map(Value::String)));
            }
            (_, _) => out.push(action(label, None)),
        }
    }

    /// Rewrite message text and record what changed in it.
    fn text(&mut self, path: &str, s: &str, placeholders: bool) -> String {
        let r = text::rewrite(s, placeholders);
        if r.unescaped > 0 {
            self.acc.add(
                ChangeKind::Unescaped,
                path,
                "@@",
                Some("@".to_owned()),
                format!("Chat writes a literal @ as @@ in action text (K6); un-escaped {} time(s) [I]", r.unescaped),
                &["K6"],
            );
        }
        for (c, m) in &r.renamed {
            self.acc.add(
                ChangeKind::PlaceholderRenamed,
                path,
                c.clone(),
                Some(m.clone()),
                "messaging placeholder name (K6, K5)",
                &["K6", "K5"],
            );
        }
        for (c, v) in &r.variables {
            self.acc.add(
                ChangeKind::Approximated,
                path,
                c.clone(),
                Some(format!("the {v} variable")),
                format!("in the proactive message, click Add a variable and select {v} where [{v}] stands (K15); a name that is not known is left out, and on a help centre with Visitor loads the page it may not be known yet (K15)"),
                &["K15"],
            );
        }
        for c in &r.lost {
            let why = if placeholders {
                "no messaging placeholder (K5): the customer would see it verbatim; rewrite the sentence"
            } else {
                "proactive messages have name variables and dynamic content, no other placeholder (K15): the customer would see it verbatim; rewrite the sentence"
            };
            self.acc.add(ChangeKind::PlaceholderLost, path, c.clone(), None, why, &["K6", "K5"]);
        }
        for c in &r.unknown {
            self.acc.add(
                ChangeKind::UnknownPlaceholder,
                path,
                c.clone(),
                None,
                "not a Chat placeholder; kept verbatim. If it is a literal @ (an email address), Chat needed @@ (K6): check the text",
                &["K6"],
            );
            self.acc.warn(
                "trigger-unknown-placeholder",
                format!("{c} in the message at {path} is not a known placeholder: kept verbatim, check the text"),
            );
        }
        r.text
    }
}
