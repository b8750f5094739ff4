//! Stage 2: the run event and every condition of one trigger, mapped to the target.
//!
//! The normalised tree (`normalise.rs`) is walked once. A comparison `[op, "@variable",
//! value]` goes through its variable's row in `tables.rs` for the target: a plain
//! counterpart (`Same`, `Renamed`, `Values`, `Approx`) becomes the target's condition with
//! the operator's counterpart; `Implied` and `None` are recorded; `Map::Rule` hands the
//! condition to its rule (`rules/`). The conditions that are not comparisons (`hasTag`,
//! `firedBefore`, `stillOnPage`, `stillOnSite`) always go to the rule their row in
//! `tables::SPECIALS` names. A mix of all and any stays a group, flagged (`rules/nesting.rs`).

use serde_json::Value;

use super::describe::leaf_text;
use super::normalise::{Leaf, Norm, normalize};
use crate::plan::payload::IdRef;
use crate::plan::payload::trigger::*;
use crate::translate::triggers::context::{Conv, DepartmentGroup, leaf_out};
use crate::translate::triggers::parse::{self, Cond, Definition, Event};
use crate::translate::triggers::rules::{self, Input, Subject, has_tag, nesting};
use crate::translate::triggers::tables::{self, Map, Op, Target};

impl Conv<'_> {
    pub(super) fn event(&mut self, def: &Definition) {
        let spec = tables::event(def.event.name());
        let chat = format!("{} (`{}`)", spec.map_or("", |e| e.chat), def.event.name());
        match self.target {
            // Second review #13: only a routing relay (`companion.rs`) converts a page-load
            // trigger for messaging; it runs when the ticket the Support trigger routes is
            // created, the conversation request (K5), not on page load (K4).
            Target::Messaging if def.event == Event::PageEnter => {
                let to = tables::event(Event::ChatRequested.name()).and_then(|e| e.messaging).unwrap_or_default();
                self.acc.add(
                    ChangeKind::Approximated,
                    &def.event_path,
                    chat,
                    Some(to.to_owned()),
                    "messaging triggers cannot run on page load (K4): this messaging trigger only adds the tag the Support trigger routes on, so it runs when the conversation is requested and the ticket is created (K5); Customer page URL is then the widget's location at the customer's most recent event (K5), not the page first loaded [I]",
                    &["K4", "K5"],
                );
            }
            Target::Messaging => {
                let to = spec.and_then(|e| e.messaging).unwrap_or_default();
                // Review #9: the messaging events fire at other moments than Chat's (K5).
                let why = if def.event == Event::ChatRequested {
                    "messaging run event (K5): it runs when the AI agent hands the conversation off and a ticket is created, and again when the end user re-engages after agent capacity is released (K5), so it can run more than once per ticket"
                } else {
                    "messaging run event (K5): it runs when a customer sends a message once a messaging ticket exists, which is created when the AI agent hands the conversation off (K5); messages to the AI agent before that do not run it"
                };
                self.acc.add(ChangeKind::Renamed, &def.event_path, chat, Some(to.to_owned()), why, &["K6", "K5"]);
            }
            Target::Proactive => {
                self.acc.add(
                    ChangeKind::Renamed,
                    &def.event_path,
                    chat,
                    Some("proactive message event".to_owned()),
                    "messaging triggers cannot run on page load (K4); the wizard makes page-load triggers proactive messages, created inactive (K3). Proactive messages need AI agents – Essential and belong to one brand's Web Widget (K15)",
                    &["K4", "K3", "K15"],
                );
            }
            Target::Support => {
                // A Chat trigger on each chat message runs on each ticket update once it is a
                // ticket trigger (issue 10 item 9); the others when the ticket is created.
                self.st.on_update = def.event == Event::ChatMessage;
                let (to, why, refs): (&str, &str, &[&'static str]) = if self.st.on_update {
                    (
                        "Ticket is Updated, channel messaging",
                        "setting a department is routing, which messaging triggers cannot do (mapping §5.4, K3); a Chat trigger on each chat message becomes a ticket trigger that runs when the messaging ticket is updated, not when it is created, so it runs on every customer message its conditions allow: each message updates the ticket [I]",
                        &["K3", "K6", "K25"],
                    )
                } else {
                    (
                        "Ticket is Created, channel messaging",
                        if def.event == Event::PageEnter {
                            "setting a department is routing, which messaging triggers cannot do; a ticket trigger sets the group when the messaging ticket is created, not when the widget loads (mapping §5.4, K3); Channel Is Messaging and Ticket Is Created are the conditions of Zendesk's Routing messaging tickets (https://support.zendesk.com/hc/en-us/articles/4408829019162)"
                        } else {
                            "setting a department is routing, which messaging triggers cannot do; a ticket trigger sets the group when the messaging ticket is created (mapping §5.4, K3); Channel Is Messaging and Ticket Is Created are the conditions of Zendesk's Routing messaging tickets (https://support.zendesk.com/hc/en-us/articles/4408829019162)"
                        },
                        &["K3", "K6"],
                    )
                };
                self.acc.add(ChangeKind::Approximated, &def.event_path, chat, Some(to.to_owned()), why, refs);
                // Review #2, guide review #10: K6 "Set visitor department … Only works when Run
                // trigger is set to When a visitor has loaded the chat widget".
                if def.event != Event::PageEnter {
                    self.acc.add(
                        ChangeKind::NewBehaviour,
                        &def.event_path,
                        format!("Set visitor department on {}", def.event.name()),
                        None,
                        "Chat runs Set visitor department only when the trigger runs on page load (K6), so this action never routed a chat in Chat: activating the Support trigger starts routing that never existed; activate it only if you want that",
                        &["K6"],
                    );
                }
            }
        }
    }

    /// The conditions of the target, after normalizing the Chat tree.
    pub(super) fn conditions(&mut self, def: &Definition) -> (Match, Vec<Condition>) {
        let norm = def.condition.as_ref().map(|n| normalize(n, false, None, &mut self.acc, true));
        let (all, items) = match norm {
            None => (true, Vec::new()),
            Some(Norm::Group { all, items, .. }) => (all, items),
            Some(leaf) => (true, vec![leaf]),
        };
        // Review #4: a ticket trigger holds one ANY list of plain conditions beside its ALL.
        let groups: Vec<&Norm> = items.iter().filter(|i| matches!(i, Norm::Group { .. })).collect();
        let any_list = self.target == Target::Support
            && all
            && groups.len() == 1
            && matches!(groups[0], Norm::Group { all: false, items: inner, .. } if inner.iter().all(|i| matches!(i, Norm::Leaf(_))));
        let mut out = Vec::new();
        for it in &items {
            // Conditions that are really settings (run once, event duration, channel)
            // lift out only from an ALL at the top.
            if let Some(c) = self.norm(it, all, any_list) {
                out.push(c);
            }
        }
        (if all { Match::All } else { Match::Any }, out)
    }

    /// `any_list`: a group here is the ticket trigger's ANY list (see `conditions`).
    fn norm(&mut self, n: &Norm, top: bool, any_list: bool) -> Option<Condition> {
        match n {
            Norm::Leaf(l) => self.leaf(l, top),
            Norm::Group { all, path, items } => {
                // Review #5: proactive messages take nested AND/OR as they are.
                let fits = self.target == Target::Proactive || any_list;
                if fits {
                    nesting::kept(&mut self.acc, self.target, path, *all, items.len());
                } else {
                    nesting::mixed(&mut self.acc, path, *all, items.len());
                }
                let conditions = items.iter().filter_map(|i| self.norm(i, false, false)).collect();
                Some(nesting::group(self.target, fits, *all, conditions, path))
            }
        }
    }

    fn leaf(&mut self, l: &Leaf, top: bool) -> Option<Condition> {
        let chat = leaf_text(l);
        let path = l.path;
        let (name, subject) = match &l.node.cond {
            Cond::Cmp { op_name, var, value, .. } => return self.cmp(l, op_name, var, value, top),
            Cond::HasTag(tag) => ("hasTag", Subject::HasTag(tag)),
            Cond::FiredBefore => ("firedBefore", Subject::FiredBefore),
            Cond::StillOnPage(n) => ("stillOnPage", Subject::StillOn { seconds: *n, page: true }),
            Cond::StillOnSite(n) => ("stillOnSite", Subject::StillOn { seconds: *n, page: false }),
            Cond::Unknown { .. } => {
                self.unknown(path, chat, "condition", "trigger-unknown-condition");
                return None;
            }
            // `normalize` never yields groups or `not` as leaves.
            Cond::And(_) | Cond::Or(_) | Cond::Not(_) => return None,
        };
        let Some(spec) = tables::special(name) else {
            self.unknown(path, chat, "condition", "trigger-unknown-condition");
            return None;
        };
        rules::condition(spec.rule, self, &Input { path, chat, negated: l.negated, top, subject })
    }

    fn cmp(&mut self, l: &Leaf, op_name: &str, var: &str, value: &Value, top: bool) -> Option<Condition> {
        let path = l.path;
        let chat = leaf_text(l);
        let Some(op) = l.op else {
            self.unknown(path, chat, &format!("operator `{op_name}`"), "trigger-unknown-operator");
            return None;
        };
        let Some(spec) = tables::variable(var) else {
            self.unknown(path, chat, &format!("variable `{var}`"), "trigger-unknown-variable");
            return None;
        };
        if l.negated {
            self.lacks(path, chat, "messaging has no negated regular expression", &["K5"]);
            return None;
        }
        let map = spec.map(self.target);
        let label = match map {
            Map::Rule(rule) => {
                let at = Input { path, chat, negated: false, top, subject: Subject::Cmp { op, value } };
                return rules::condition(rule, self, &at);
            }
            Map::Same(l) | Map::Renamed(l) | Map::Values(l, _) | Map::Approx(l, _) => l,
            Map::Implied(why) => {
                self.acc.add(ChangeKind::Implied, path, chat, None, why, spec.refs);
                return None;
            }
            Map::None(why) => {
                self.lacks(path, chat, why, spec.refs);
                return None;
            }
        };
        // Tags: review #14, `rules/has_tag.rs`.
        let operator = if label == "Tags" {
            match op {
                Op::Eq | Op::Contains | Op::IContains => has_tag::operator(self.target, false),
                Op::Neq | Op::NContains | Op::NIContains => has_tag::operator(self.target, true),
                _ => {
                    self.lacks(path, chat, "tags are matched as a list: only contains / does not contain", &["K5"]);
                    return None;
                }
            }
        } else {
            let ops = tables::operator(op);
            let op_map = if self.target == Target::Proactive { ops.proactive } else { ops.messaging };
            match op_map {
                Map::Same(o) | Map::Renamed(o) => o,
                Map::Approx(o, why) => {
                    self.acc.add(
                        ChangeKind::Approximated,
                        path,
                        format!("`{op_name}`"),
                        Some(o.to_owned()),
                        why,
                        &["K5", "K15"],
                    );
                    o
                }
                Map::None(why) | Map::Implied(why) => {
                    self.lacks(path, chat, why, &["K5", "K15"]);
                    return None;
                }
                // Operators name no rules (tested in tables.rs).
                Map::Rule(_) => {
                    self.lacks(path, chat, "no rule for this operator", &["K5", "K15"]);
                    return None;
                }
                // Operators carry no value tables.
                Map::Values(o, _) => o,
            }
        };
        let mut out_value = value.clone();
        let from = format!("{} (`{var}`)", spec.chat);
        match map {
            Map::Renamed(l) => {
                self.acc.add(ChangeKind::Renamed, path, from, Some(l.to_owned()), "renamed condition", spec.refs);
            }
            Map::Values(l, vals) => {
                if l != spec.chat {
                    self.acc.add(ChangeKind::Renamed, path, from, Some(l.to_owned()), "renamed condition", spec.refs);
                }
                match value.as_str().and_then(|s| vals.iter().find(|(c, _, _)| c.eq_ignore_ascii_case(s))) {
                    Some((c, m, flagged)) => {
                        out_value = Value::String((*m).to_owned());
                        if *flagged {
                            self.acc.add(
                                ChangeKind::ValueChanged,
                                path,
                                format!("{var} = \"{c}\""),
                                Some(format!("{l} = {m}")),
                                "the value has a different name in messaging (K6, K5)",
                                spec.refs,
                            );
                        }
                    }
                    None => self.acc.add(
                        ChangeKind::Approximated,
                        path,
                        format!("{var} = {value}"),
                        None,
                        format!(
                            "not one of the values messaging offers ({}); kept verbatim, pick the right one",
                            vals.iter().map(|(_, m, _)| *m).collect::<Vec<_>>().join(", ")
                        ),
                        spec.refs,
                    ),
                }
            }
            Map::Approx(l, why) => {
                self.acc.add(ChangeKind::Approximated, path, from, Some(l.to_owned()), why, spec.refs);
            }
            _ => {}
        }
        // Review #16: K5 "When a message is sent: The trigger runs when a customer enters the
        // conversation and sends a message"; K17 likewise. An agent sender may never match.
        if var == "@sender_type"
            && self.target == Target::Messaging
            && value.as_str().is_some_and(|v| v.eq_ignore_ascii_case("agent"))
        {
            self.acc.add(
                ChangeKind::Approximated,
                path,
                format!("{var} = {value}"),
                Some("Sender Type Is Agent".to_owned()),
                "Zendesk describes the messaging events as runs on a customer's message (K5, K17) although Sender Type lists Agent: this trigger may never fire; test it before relying on it [I]",
                &["K5", "K17"],
            );
        }
        if matches!(var, "@department" | "@department_status" | "@visitor_department_id" | "@visitor_department_name") {
            let found = (self.dept)(value);
            // Second review #2: the messaging Group condition takes a group (K5 "Name of the
            // group assigned to the conversation"), never the Chat department id.
            match &found {
                Some(DepartmentGroup { group: Some(g), .. }) => out_value = Value::String(g.clone()),
                Some(DepartmentGroup { name, group: None }) => {
                    out_value = Value::String(format!("the group for department \"{name}\" (none linked yet)"));
                }
                None if value.is_number() => {
                    out_value = Value::String(format!(
                        "the group to pick: Chat department {value} is not among the exported departments"
                    ));
                }
                None => {}
            }
            let group = found.and_then(|d| d.group.map(|g| format!("group \"{g}\" (department \"{}\")", d.name)));
            self.acc.add(
                ChangeKind::Approximated,
                path,
                format!("{var} {value}"),
                Some(group.unwrap_or_else(|| "the group mapped from this department".to_owned())),
                "messaging routes to groups: pick the group mapped from the department (map-departments-to-groups); the JSON shape of department conditions is inferred [I]",
                &["K18", "K5"],
            );
        }
        self.api_condition(path, var, op, value);
        let object = (self.target == Target::Proactive).then_some("Visitor");
        Some(leaf_out(object, label, operator, out_value, path))
    }

    /// The Triggers API field of a plain Support-trigger condition (support-api.md §1):
    /// ticket tags, or the group mapped from a department (by name, resolved when the plan
    /// is applied). Recorded under the Chat condition's path; a condition with none leaves
    /// the Support trigger without an API call.
    fn api_condition(&mut self, path: &str, var: &str, op: Op, value: &Value) {
        let is = match op {
            Op::Eq | Op::Contains | Op::IContains => true,
            Op::Neq | Op::NContains | Op::NIContains => false,
            _ => return,
        };
        match var {
            "@visitor_tags" => {
                let Some(tag) = parse::scalar_text(value) else { return };
                self.api(path, "current_tags", Some(if is { "includes" } else { "not_includes" }), Value::String(tag));
            }
            "@department" if matches!(op, Op::Eq | Op::Neq) => {
                let Some(d) = (self.dept)(value) else { return };
                let group = IdRef::Group { name: d.group.unwrap_or(d.name) }.to_value();
                self.api(path, "group_id", Some(if is { "is" } else { "is_not" }), group);
            }
            _ => {}
        }
    }
}
