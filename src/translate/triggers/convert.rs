//! One Chat trigger → its outcome, its translation and the exact list of changes.
//!
//! The target follows mapping.md §16 and K3, in this order:
//! 1. a definition that cannot be read, or an unknown event → not migrated;
//! 2. `setDepartment` (routing) → Support trigger (messaging triggers cannot route);
//! 3. `page_enter` → proactive message when it sends a message, else not migrated;
//! 4. `chat_requested` / `chat_message` → messaging trigger.
//!
//! Then every condition and action is mapped through `tables.rs`. A condition without a
//! counterpart blocks a messaging trigger (it keeps its enabled state, K3, and would fire
//! more broadly than in Chat); Support triggers and proactive messages are created
//! inactive (K3), so there it is dropped and flagged for the admin to replace before
//! activating. Anything unknown blocks: the wizard's "conversion failed" (K3).
//!
//! Chat's JSON can nest `and`/`or`/`not`; messaging checks ALL or ANY for the whole
//! trigger (K5, K6). Nested groups of the same kind are merged and `not` is folded into
//! operators or pushed into groups (De Morgan), which keeps the meaning; a real mix of all
//! and any is kept as a group and flagged.

use std::collections::BTreeSet;

use serde_json::Value;

use super::model::*;
use super::parse::{self, ActionNode, Cond, Definition, Event, Node};
use super::tables::{self, ActionKind, Evidence, Map, Op, Target};
use super::text;
use crate::account::chat::Trigger;

const MESSAGING_WHERE: &str = "Admin Center > Objects and rules > Business rules > Messaging triggers";
const SUPPORT_WHERE: &str = "Admin Center > Objects and rules > Business rules > Triggers";
const PROACTIVE_WHERE: &str = "Admin Center > Channels > Messaging > Proactive messages";
const WEB_WIDGET_AND_SDKS: &str = "Web Widget & SDKs";

/// A Chat department and the Support group it maps to, for `setDepartment`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Department {
    pub name: String,
    pub group: Option<String>,
}

/// A warning to put in the plan for this trigger.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warn {
    pub code: &'static str,
    pub message: String,
}

/// Everything the plan needs about one trigger.
#[derive(Clone, Debug, PartialEq)]
pub struct Converted {
    pub payload: TriggerPayload,
    /// One paragraph for `Item.reason`, naming the deciding condition or action.
    pub reason: String,
    /// For `Item.target`.
    pub target: String,
    /// Parts must be redone by hand.
    pub manual: bool,
    pub refs: Vec<&'static str>,
    pub warnings: Vec<Warn>,
}

#[derive(Default)]
struct Acc {
    changes: Vec<Change>,
    warnings: Vec<Warn>,
    refs: BTreeSet<&'static str>,
}

impl Acc {
    fn add(
        &mut self,
        kind: ChangeKind,
        path: &str,
        chat: impl Into<String>,
        messaging: Option<String>,
        reason: impl Into<String>,
        refs: &[&'static str],
    ) {
        self.refs.extend(refs.iter().copied());
        self.changes.push(Change {
            kind,
            path: path.to_owned(),
            chat: chat.into(),
            messaging,
            reason: reason.into(),
            refs: refs.iter().map(|r| (*r).to_owned()).collect(),
        });
    }

    fn warn(&mut self, code: &'static str, message: String) {
        self.warnings.push(Warn { code, message });
    }
}

/// Settings of the target that Chat expressed as conditions or actions.
#[derive(Default)]
struct Settings {
    run_once: bool,
    channel: bool,
    seconds: Option<u64>,
}

/// A condition after `not` was pushed down: the node it came from, whether a `not` that
/// could not be folded still applies, and the operator after folding.
#[derive(Clone, Copy)]
struct Leaf<'a> {
    node: &'a Node,
    /// The path to report: the outermost `not` around it, or the node itself.
    path: &'a str,
    negated: bool,
    op: Option<Op>,
}

enum Norm<'a> {
    Group { all: bool, path: &'a str, items: Vec<Norm<'a>> },
    Leaf(Leaf<'a>),
}

struct Conv<'a> {
    target: Target,
    acc: Acc,
    st: Settings,
    dept: &'a dyn Fn(&Value) -> Option<Department>,
}

/// Convert trigger number `index` of `chat/triggers.json`.
pub fn convert(index: usize, t: &Trigger, dept: &dyn Fn(&Value) -> Option<Department>) -> Converted {
    let base = format!("[{index}].definition");
    let name = t.key(index);
    let enabled = t.is_enabled();
    let mut chat = ChatOriginal {
        name: name.clone(),
        id: t.id.as_ref().map(ToString::to_string),
        description: t.description.clone().unwrap_or_default(),
        enabled,
        definition: t.definition_value().cloned().unwrap_or(Value::Null),
        summary: None,
    };
    let def = match parse::parse_trigger(t, &base) {
        Ok(d) => d,
        Err(e) => {
            let mut acc = Acc::default();
            acc.add(ChangeKind::ParseError, &e.path, "definition", None, e.message.clone(), &["K20"]);
            acc.warn(
                "trigger-parse-error",
                format!(
                    "the definition could not be read at {}: {}; the trigger is planned as not migrated: fix it in Chat > Settings > Triggers or recreate it by hand",
                    e.path, e.message
                ),
            );
            return finish(acc, None, chat, &def_stub(), enabled, None, &name);
        }
    };
    chat.summary = Some(summarize(&def));

    let mut acc = Acc::default();
    for p in &def.decoded {
        acc.add(
            ChangeKind::Note,
            p,
            "JSON-encoded string",
            None,
            "read as the JSON it contains (lenient reading)",
            &[],
        );
    }
    for p in &def.unknown_keys {
        acc.add(
            ChangeKind::Note,
            p,
            "unknown key",
            None,
            "not part of the trigger language this tool reads; kept verbatim in the Chat original",
            &["K20"],
        );
        acc.warn(
            "trigger-unknown-key",
            format!(
                "{p} is not a known part of a trigger definition; it is kept verbatim in the plan, check it by hand"
            ),
        );
    }

    let has = |k: ActionKind| def.actions.iter().any(|a| a.kind == Some(k));
    let target = match &def.event {
        Event::Unknown(e) => {
            acc.add(
                ChangeKind::Unknown,
                &def.event_path,
                format!("\"{e}\""),
                None,
                "unknown event: Chat documents page_enter, chat_requested and chat_message (K20); kept verbatim",
                &["K20"],
            );
            acc.warn(
                "trigger-unknown-event",
                format!("unknown event \"{e}\" at {}: kept verbatim; the trigger is not migrated, recreate it by hand if it matters", def.event_path),
            );
            return finish(acc, None, chat, &def, enabled, None, &name);
        }
        _ if has(ActionKind::SetDepartment) => Target::Support,
        Event::PageEnter => Target::Proactive,
        Event::ChatRequested | Event::ChatMessage => Target::Messaging,
    };

    let mut conv = Conv { target, acc, st: Settings::default(), dept };
    conv.event(&def);
    let (match_, conditions) = conv.conditions(&def);
    if target == Target::Messaging && looks_proactive(&def) {
        conv.acc.add(
            ChangeKind::Note,
            &def.event_path,
            def.event.name().to_owned(),
            None,
            "its conditions look proactive (a delay on the page and no chat requested): if it was meant to run on page load, recreate it as a proactive message (K15) [I]",
            &["K15"],
        );
    }
    let translated = conv.build(&def, &name, t, match_, conditions);
    let Conv { acc, .. } = conv;
    let standard = standard_match(&name, &translated);
    finish(acc, translated, chat, &def, enabled, standard, &name)
}

/// An empty definition, for triggers whose definition could not be read.
fn def_stub() -> Definition {
    Definition {
        base: String::new(),
        event: Event::Unknown(String::new()),
        event_path: String::new(),
        condition: None,
        actions: Vec::new(),
        decoded: Vec::new(),
        unknown_keys: Vec::new(),
    }
}

impl Conv<'_> {
    /// Record a condition the target cannot express: it blocks a messaging trigger, and is
    /// dropped (and flagged) from the inactive targets.
    fn lacks(&mut self, path: &str, chat: String, why: &str, refs: &[&'static str]) {
        match self.target {
            Target::Messaging => self.acc.add(
                ChangeKind::NoEquivalent,
                path,
                chat,
                None,
                format!("no messaging-trigger equivalent: {why}"),
                refs,
            ),
            t => self.acc.add(
                ChangeKind::Dropped,
                path,
                chat,
                None,
                format!(
                    "no {} equivalent: {why}; left out of the inactive {}: replace it before activating, or it runs more broadly than in Chat (K3)",
                    t.label(),
                    t.label()
                ),
                refs,
            ),
        }
    }

    fn unknown(&mut self, path: &str, chat: String, what: &str, code: &'static str) {
        self.acc.add(
            ChangeKind::Unknown,
            path,
            chat.clone(),
            None,
            format!("unknown {what}: not in the Chat trigger reference (K20, K6); kept verbatim, the trigger cannot be converted safely"),
            &["K20", "K6"],
        );
        self.acc.warn(
            code,
            format!("unknown {what} {chat} at {path}: kept verbatim; the trigger is not migrated, check it in Chat > Settings > Triggers and recreate it by hand"),
        );
    }

    fn event(&mut self, def: &Definition) {
        let spec = tables::event(def.event.name());
        let chat = format!("{} (`{}`)", spec.map_or("", |e| e.chat), def.event.name());
        match self.target {
            Target::Messaging => {
                let to = spec.and_then(|e| e.messaging).unwrap_or_default();
                self.acc.add(
                    ChangeKind::Renamed,
                    &def.event_path,
                    chat,
                    Some(to.to_owned()),
                    "messaging run event (K5)",
                    &["K6", "K5"],
                );
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
                self.acc.add(
                    ChangeKind::Approximated,
                    &def.event_path,
                    chat,
                    Some("Ticket is Created, channel messaging".to_owned()),
                    "setting a department is routing, which messaging triggers cannot do; a ticket trigger sets the group when the messaging ticket is created, not when the widget loads (mapping §5.4, K3); the ticket-trigger labels are inferred [I]",
                    &["K3", "K6"],
                );
                if def.event != Event::PageEnter {
                    self.acc.add(
                        ChangeKind::Note,
                        &def.event_path,
                        def.event.name().to_owned(),
                        None,
                        "Chat applies Set visitor department only when the trigger runs on page load (K6): in Chat this action may never have run",
                        &["K6"],
                    );
                }
            }
        }
    }

    /// The conditions of the target, after normalizing the Chat tree.
    fn conditions(&mut self, def: &Definition) -> (Match, Vec<Condition>) {
        let norm = def.condition.as_ref().map(|n| normalize(n, false, None, &mut self.acc, true));
        let (all, items) = match norm {
            None => (true, Vec::new()),
            Some(Norm::Group { all, items, .. }) => (all, items),
            Some(leaf) => (true, vec![leaf]),
        };
        let mut out = Vec::new();
        for it in &items {
            // Conditions that are really settings (run once, event duration, channel)
            // lift out only from an ALL at the top.
            if let Some(c) = self.norm(it, all) {
                out.push(c);
            }
        }
        (if all { Match::All } else { Match::Any }, out)
    }

    fn norm(&mut self, n: &Norm, top: bool) -> Option<Condition> {
        match n {
            Norm::Leaf(l) => self.leaf(l, top),
            Norm::Group { all, path, items } => {
                let inner = if *all { "all" } else { "any" };
                let outer = if *all { "any" } else { "all" };
                self.acc.add(
                    ChangeKind::NotEquivalentNesting,
                    path,
                    format!("{inner} of {} conditions inside {outer}", items.len()),
                    None,
                    "messaging checks ALL or ANY of the conditions for the whole trigger and cannot mix them (K5, K6): split the trigger into one per branch, or rewrite the conditions",
                    &["K5", "K6"],
                );
                let conditions = items.iter().filter_map(|i| self.norm(i, false)).collect();
                Some(Condition::Group(ConditionGroup {
                    match_: if *all { Match::All } else { Match::Any },
                    conditions,
                    from: (*path).to_owned(),
                    note: "cannot be expressed in one messaging trigger: split it".to_owned(),
                }))
            }
        }
    }

    fn leaf(&mut self, l: &Leaf, top: bool) -> Option<Condition> {
        let chat = leaf_text(l);
        let path = l.path;
        let not_here = "it can only apply to the whole trigger, not inside an any-group or a nested group";
        match &l.node.cond {
            Cond::Cmp { op_name, var, value, .. } => self.cmp(l, op_name, var, value, top),
            Cond::HasTag(tag) => {
                if self.target == Target::Proactive {
                    self.lacks(path, chat, "proactive messages cannot check tags (K15)", &["K15"]);
                    return None;
                }
                let operator = if l.negated { "Contains none of" } else { "Contains at least one of" };
                self.acc.add(
                    ChangeKind::Approximated,
                    path,
                    chat,
                    Some(format!("Tags {operator} {tag}")),
                    "visitor tags (set by Add tag) become ticket tags; the operator label is inferred [I] (K6, K5)",
                    &["K6", "K5"],
                );
                Some(leaf_out(None, "Tags", operator, Value::String(tag.clone()), path))
            }
            Cond::FiredBefore => {
                if !l.negated {
                    self.lacks(
                        path,
                        chat,
                        "a condition that holds only after the trigger fired has no counterpart",
                        &["K5"],
                    );
                    return None;
                }
                if !top {
                    self.lacks(path, chat, not_here, &["K5", "K17"]);
                    return None;
                }
                let run_once = match self.target {
                    Target::Messaging => Some((
                        "Run only once per ticket",
                        "the nearest option (K17): Chat counted once per visitor, messaging counts once per ticket [I]",
                        &["K17", "K25"][..],
                    )),
                    Target::Proactive => Some((
                        "Frequency: once per customer",
                        "the proactive message's frequency setting (K15, mapping §12) [I]",
                        &["K15"][..],
                    )),
                    Target::Support => None,
                };
                match run_once {
                    Some((setting, reason, refs)) => {
                        self.st.run_once = true;
                        self.acc.add(ChangeKind::RunOnce, path, chat, Some(setting.to_owned()), reason, refs);
                    }
                    None => self.acc.add(
                        ChangeKind::Implied,
                        path,
                        chat,
                        None,
                        "a ticket trigger on 'Ticket is Created' runs once per ticket [I]",
                        &[],
                    ),
                }
                None
            }
            Cond::StillOnPage(n) | Cond::StillOnSite(n) => {
                let page = matches!(l.node.cond, Cond::StillOnPage(_));
                if self.target != Target::Proactive {
                    self.lacks(
                        path,
                        chat,
                        "it waits and re-checks the conditions, which messaging and ticket triggers cannot do; the nearest is a proactive message's time on the page (mapping §5.3, K15)",
                        &["K6", "K5", "K15"],
                    );
                    return None;
                }
                if l.negated || !top {
                    self.lacks(path, chat, not_here, &["K15"]);
                    return None;
                }
                self.st.seconds = Some(self.st.seconds.unwrap_or(0).max(*n));
                self.acc.add(
                    ChangeKind::Approximated,
                    path,
                    chat,
                    Some(format!("Event: Visitor is on the page, {n} seconds")),
                    if page {
                        "the delay becomes the time on the page before the message (K15, mapping §12) [I]"
                    } else {
                        "time on the site is read as time on the page (K15, mapping §12) [I]"
                    },
                    &["K15"],
                );
                None
            }
            Cond::Unknown { .. } => {
                self.unknown(path, chat, "condition", "trigger-unknown-condition");
                None
            }
            // `normalize` never yields groups or `not` as leaves.
            Cond::And(_) | Cond::Or(_) | Cond::Not(_) => None,
        }
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
        // Rules that depend on the value.
        match (var, self.target) {
            ("@visitor_source_type", _) => {
                if top && op == Op::Eq && value.as_str() == Some("sunco_web") {
                    self.st.channel = true;
                    self.acc.add(
                        ChangeKind::Channel,
                        path,
                        chat,
                        Some(format!("channel {WEB_WIDGET_AND_SDKS}")),
                        "the Chat trigger already runs on messaging conversations (K25, K4): keep only one of the two after migration, or end users get the message twice [I]",
                        &["K25", "K4", "K17"],
                    );
                } else {
                    self.lacks(
                        path,
                        chat,
                        "it restricts the trigger to a source other than messaging (live chat), or cannot be expressed here",
                        &["K25", "K4"],
                    );
                }
                return None;
            }
            ("@visitor_previous_visits", Target::Proactive) => return self.visit_history(l, op, value, top),
            ("@visitor_time_on_page" | "@visitor_time_on_site", Target::Proactive) => {
                match parse::seconds(value) {
                    Some(n) if top && matches!(op, Op::Gt | Op::Gte) => {
                        self.st.seconds = Some(self.st.seconds.unwrap_or(0).max(n));
                        self.acc.add(
                            ChangeKind::Approximated,
                            path,
                            chat,
                            Some(format!("Event: Visitor is on the page, {n} seconds")),
                            "time spent becomes the event duration (K15) [I]",
                            &["K15"],
                        );
                    }
                    _ => self.lacks(path, chat, "only 'at least N seconds' becomes the event duration (K15)", &["K15"]),
                }
                return None;
            }
            ("@visitor_requesting_chat" | "@visitor_served", Target::Proactive) => {
                let is_false = match op {
                    Op::Eq => parse::flag(value) == Some(false),
                    Op::Neq => parse::flag(value) == Some(true),
                    _ => false,
                };
                if is_false && top {
                    self.acc.add(
                        ChangeKind::Implied,
                        path,
                        chat,
                        None,
                        "a proactive message reaches visitors before they ask for or get a conversation [I] (K15)",
                        &["K15"],
                    );
                } else {
                    self.lacks(path, chat, "proactive messages cannot check the conversation state (K15)", &["K15"]);
                }
                return None;
            }
            _ => {}
        }
        let map = spec.map(self.target);
        let label = match map {
            Map::Same(l) | Map::Renamed(l) | Map::Values(l, _) | Map::Approx(l, _) => l,
            Map::Implied(why) => {
                self.acc.add(ChangeKind::Implied, path, chat, None, why, spec.refs);
                return None;
            }
            Map::None(why) | Map::Special(why) => {
                self.lacks(path, chat, why, spec.refs);
                return None;
            }
        };
        // Tags take list operators (K5) [I].
        let operator = if label == "Tags" {
            match op {
                Op::Eq | Op::Contains | Op::IContains => "Contains at least one of",
                Op::Neq | Op::NContains | Op::NIContains => "Contains none of",
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
                Map::None(why) | Map::Special(why) | Map::Implied(why) => {
                    self.lacks(path, chat, why, &["K5", "K15"]);
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
        if var == "@department" || var == "@department_status" {
            let group =
                (self.dept)(value).and_then(|d| d.group.map(|g| format!("group \"{g}\" (department \"{}\")", d.name)));
            self.acc.add(
                ChangeKind::Approximated,
                path,
                format!("{var} {value}"),
                Some(group.unwrap_or_else(|| "the group mapped from this department".to_owned())),
                "messaging routes to groups: pick the group mapped from the department (map-departments-to-groups); the JSON shape of department conditions is inferred [I]",
                &["K18", "K5"],
            );
        }
        let object = (self.target == Target::Proactive).then_some("Visitor");
        Some(leaf_out(object, label, operator, out_value, path))
    }

    /// `@visitor_previous_visits` → proactive "Visit history: New / Returning user" (K15).
    fn visit_history(&mut self, l: &Leaf, op: Op, value: &Value, top: bool) -> Option<Condition> {
        let path = l.path;
        let chat = leaf_text(l);
        let n = match value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        };
        let Some(n) = n.filter(|_| top) else {
            self.lacks(path, chat, "visit history is New or Returning user only (K15)", &["K15"]);
            return None;
        };
        let at0 = holds(op, 0, n);
        // Whether the condition holds for every / some visit count from 1 up.
        let all_pos = match op {
            Op::Neq | Op::Gt => n < 1,
            Op::Gte => n <= 1,
            _ => false,
        };
        let some_pos = match op {
            Op::Eq | Op::Lte => n >= 1,
            Op::Lt => n > 1,
            Op::Neq | Op::Gt | Op::Gte => true,
            _ => false,
        };
        let (value, kind, why) = if at0 && !some_pos {
            ("New user", ChangeKind::Renamed, "first visit (K15)")
        } else if !at0 && all_pos {
            ("Returning user", ChangeKind::Renamed, "any earlier visit (K15)")
        } else if !at0 && some_pos {
            (
                "Returning user",
                ChangeKind::Approximated,
                "broader: every returning visitor, not only this visit count (K15, mapping §12)",
            )
        } else {
            self.lacks(path, chat, "visit history is New or Returning user only (K15)", &["K15"]);
            return None;
        };
        self.acc.add(kind, path, chat, Some(format!("Visit history Is {value}")), why, &["K6", "K15"]);
        Some(leaf_out(Some("Visitor"), "Visit history", "Is", Value::String(value.to_owned()), path))
    }

    /// The actions, and the translated trigger.
    fn build(
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
                    run_trigger: tables::event(def.event.name())
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
                let mut all = vec![
                    leaf_out(None, "Ticket", "Is", Value::String("Created".to_owned()), &def.event_path),
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
                let frequency = if self.st.run_once { "Once per customer" } else { "Every time" };
                Some(Translated::ProactiveMessage(ProactiveMessage {
                    name: name.to_owned(),
                    where_: PROACTIVE_WHERE.to_owned(),
                    channel: "the brand's Web Widget (one channel per proactive message, K15)".to_owned(),
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
        if spec.spelling.0 == Evidence::Inferred {
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
            Map::None(why) | Map::Implied(why) | Map::Special(why) => {
                self.acc.add(
                    ChangeKind::Dropped,
                    &a.path,
                    chat,
                    None,
                    format!("no {} equivalent: {why}; redo it by hand if it matters", self.target.label()),
                    spec.refs,
                );
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
                    self.acc.add(
                        ChangeKind::Approximated,
                        &a.path,
                        format!("display name \"{name}\""),
                        None,
                        "a proactive message is shown as sent by the AI agent or the brand; the Chat display name may not be kept (K15, K5) [I]",
                        &["K15", "K5"],
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
                out.push(action(label, arg(0).and_then(|v| parse::scalar_text(&v)).map(Value::String)));
            }
            (_, ActionKind::SetDepartment) => {
                let id = arg(0).unwrap_or(Value::Null);
                let value = match (self.dept)(&id) {
                    Some(Department { name, group: Some(g) }) => format!("{g} (from department \"{name}\")"),
                    Some(Department { name, group: None }) => {
                        format!("the group for department \"{name}\" (none linked yet: map-departments-to-groups)")
                    }
                    None => format!("the group for Chat department {id} (not found in chat/departments.json)"),
                };
                out.push(action(label, Some(Value::String(value))));
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
        for c in &r.lost {
            let why = if placeholders {
                "no messaging placeholder (K5): the customer would see it verbatim; rewrite the sentence"
            } else {
                "proactive messages document no placeholders (K15): the customer would see it verbatim; rewrite the sentence [I]"
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

fn leaf_out(object: Option<&str>, condition: &str, operator: &str, value: Value, from: &str) -> Condition {
    Condition::Leaf(ConditionLeaf {
        object: object.map(str::to_owned),
        condition: condition.to_owned(),
        operator: operator.to_owned(),
        value,
        from: from.to_owned(),
    })
}

fn holds(op: Op, x: i64, n: i64) -> bool {
    match op {
        Op::Eq => x == n,
        Op::Neq => x != n,
        Op::Lt => x < n,
        Op::Gt => x > n,
        Op::Lte => x <= n,
        Op::Gte => x >= n,
        _ => false,
    }
}

/// Push `not` down and merge nested groups of the same kind. Each rewrite that keeps the
/// meaning is recorded as `flattened`. Depth is bounded by the parser.
fn normalize<'a>(node: &'a Node, neg: bool, outer: Option<&'a str>, acc: &mut Acc, root: bool) -> Norm<'a> {
    let path = outer.unwrap_or(&node.path);
    match &node.cond {
        Cond::And(children) | Cond::Or(children) => {
            let is_and = matches!(node.cond, Cond::And(_));
            let all = is_and != neg;
            let word = |b: bool| if b { "all" } else { "any" };
            if neg {
                acc.add(
                    ChangeKind::Flattened,
                    path,
                    format!("not ({} of …)", word(is_and)),
                    Some(format!("{} of the negated conditions", word(all))),
                    "`not` pushed into the group (De Morgan): same meaning",
                    &[],
                );
            }
            let mut items = Vec::with_capacity(children.len());
            for c in children {
                match normalize(c, neg, None, acc, false) {
                    Norm::Group { all: a, path: p, items: inner } if a == all => {
                        acc.add(
                            ChangeKind::Flattened,
                            p,
                            format!("nested {} group", word(a)),
                            Some(format!("merged into the trigger's {}", word(all))),
                            "a group inside a group of the same kind means the same flattened; messaging has one level (K5)",
                            &["K5"],
                        );
                        items.extend(inner);
                    }
                    other => items.push(other),
                }
            }
            if items.len() == 1 {
                if let Some(only) = items.pop() {
                    if !root {
                        acc.add(
                            ChangeKind::Flattened,
                            path,
                            "group of one condition",
                            None,
                            "a group of one is that condition: same meaning",
                            &[],
                        );
                    }
                    return only;
                }
            }
            Norm::Group { all, path, items }
        }
        Cond::Not(inner) => normalize(inner, !neg, Some(path), acc, root),
        Cond::Cmp { op: Some(op), op_name, .. } if neg => match tables::operator(*op).negation {
            Some(n) => {
                let to = tables::operator(n);
                acc.add(
                    ChangeKind::Flattened,
                    path,
                    format!("not {op_name}"),
                    Some(format!("{} ({})", to.name, to.chat)),
                    "`not` folded into the operator: same meaning",
                    &[],
                );
                Norm::Leaf(Leaf { node, path, negated: false, op: Some(n) })
            }
            None => Norm::Leaf(Leaf { node, path, negated: true, op: Some(*op) }),
        },
        Cond::Cmp { op, .. } => Norm::Leaf(Leaf { node, path, negated: neg, op: *op }),
        _ => Norm::Leaf(Leaf { node, path, negated: neg, op: None }),
    }
}

/// A leaf as it reads in the Chat JSON (`["eq", "@visitor_served", false]`).
fn leaf_text(l: &Leaf) -> String {
    let inner = cond_json(&l.node.cond);
    // Under a `not`: shown with it, unless two `not`s cancelled out.
    let folded = matches!(&l.node.cond, Cond::Cmp { op, .. } if *op != l.op);
    if l.negated || folded { format!("[\"not\", {inner}]") } else { inner }
}

fn cond_json(c: &Cond) -> String {
    match c {
        Cond::Cmp { op_name, var, value, .. } => format!("[\"{op_name}\", \"{var}\", {value}]"),
        Cond::HasTag(t) => format!("[\"hasTag\", {}]", Value::String(t.clone())),
        Cond::FiredBefore => "[\"firedBefore\"]".to_owned(),
        Cond::StillOnPage(n) => format!("[\"stillOnPage\", {n}]"),
        Cond::StillOnSite(n) => format!("[\"stillOnSite\", {n}]"),
        Cond::Unknown { head, args } => json_list(head, args),
        Cond::And(_) => "[\"and\", …]".to_owned(),
        Cond::Or(_) => "[\"or\", …]".to_owned(),
        Cond::Not(_) => "[\"not\", …]".to_owned(),
    }
}

fn action_text(a: &ActionNode) -> String {
    json_list(&a.name, &a.args)
}

/// `["name", arg, …]` as written in the file, spaced like the other condition texts.
fn json_list(head: &str, args: &[Value]) -> String {
    let mut parts = vec![Value::String(head.to_owned()).to_string()];
    parts.extend(args.iter().map(Value::to_string));
    format!("[{}]", parts.join(", "))
}

/// Readable lines of the Chat original, for the side-by-side view.
fn summarize(def: &Definition) -> ChatSummary {
    let run_trigger = match tables::event(def.event.name()) {
        Some(e) => e.chat.to_owned(),
        None => format!("`{}` (unknown event)", def.event.name()),
    };
    let mut conditions = Vec::new();
    if let Some(c) = &def.condition {
        describe(c, 0, &mut conditions);
    }
    let actions = def.actions.iter().map(describe_action).collect();
    ChatSummary { run_trigger, conditions, actions }
}

fn describe(n: &Node, indent: usize, out: &mut Vec<String>) {
    let pad = "  ".repeat(indent);
    match &n.cond {
        Cond::And(ch) | Cond::Or(ch) => {
            let word = if matches!(n.cond, Cond::And(_)) { "Check all of" } else { "Check any of" };
            out.push(format!("{pad}{word}:"));
            for c in ch {
                describe(c, indent + 1, out);
            }
        }
        Cond::Not(inner) => match &inner.cond {
            Cond::And(_) | Cond::Or(_) | Cond::Not(_) => {
                out.push(format!("{pad}Not:"));
                describe(inner, indent + 1, out);
            }
            c => out.push(format!("{pad}Not {}", describe_leaf(c))),
        },
        c => out.push(format!("{pad}{}", describe_leaf(c))),
    }
}

fn describe_leaf(c: &Cond) -> String {
    match c {
        Cond::Cmp { op, op_name, var, value } => {
            let label = tables::variable(var).map_or(var.as_str(), |v| v.chat);
            let op = op.map_or_else(|| format!("`{op_name}`"), |o| tables::operator(o).chat.to_owned());
            format!("{label} · {op} · {value}")
        }
        Cond::HasTag(t) => format!("Visitor tag · has · {t}"),
        Cond::FiredBefore => "Fired before (`firedBefore`)".to_owned(),
        Cond::StillOnPage(n) => format!("Still on page · {n} s"),
        Cond::StillOnSite(n) => format!("Still on site · {n} s"),
        other => cond_json(other),
    }
}

/// A dashboard label without its argument hint: "Send message to visitor".
fn short(label: &str) -> &str {
    label.split(" (").next().unwrap_or(label)
}

fn describe_action(a: &ActionNode) -> String {
    let label = a.kind.map_or_else(|| format!("`{}`", a.name), |k| short(tables::action_kind(k).chat).to_owned());
    let args: Vec<String> = a.args.iter().map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned)).collect();
    if args.is_empty() { label } else { format!("{label} · {}", args.join(" · ")) }
}

fn standard_match(name: &str, translated: &Option<Translated>) -> Option<Standard> {
    let spec = tables::standard(name)?;
    let message = match translated {
        Some(Translated::MessagingTrigger(m)) => m.actions.iter().find_map(|a| {
            (a.action == "Send message to customer")
                .then(|| a.value.as_ref().and_then(Value::as_str).unwrap_or_default().to_owned())
        }),
        _ => None,
    };
    let same_message = message.as_deref() == Some(spec.message);
    let mut recommendation = format!(
        "Messaging also has a standard \"{}\" trigger, inactive (K16): keep exactly one of the two active, never both",
        spec.name
    );
    if !same_message {
        recommendation
            .push_str("; this trigger's message differs from the stock one: copy it into the standard trigger");
    }
    recommendation.push_str("; compare the conditions in the side-by-side view");
    Some(Standard { name: spec.name.to_owned(), same_message, recommendation })
}

/// A delay condition together with "visitor not requesting a chat" at the top level: the
/// shape of a proactive offer filed under the wrong event (the stock "Product Discounts").
fn looks_proactive(def: &Definition) -> bool {
    let top: Vec<&Node> = match &def.condition {
        Some(Node { cond: Cond::And(ch), .. }) => ch.iter().collect(),
        Some(n) => vec![n],
        None => Vec::new(),
    };
    let delay = top.iter().any(|n| matches!(n.cond, Cond::StillOnPage(_) | Cond::StillOnSite(_)));
    let not_requesting = top.iter().any(|n| {
        matches!(&n.cond, Cond::Cmp { op: Some(Op::Eq), var, value, .. } if var == "@visitor_requesting_chat" && parse::flag(value) == Some(false))
    });
    delay && not_requesting
}

/// Whether the account status must be away or offline for the conditions to hold.
pub(super) fn requires_away(n: &Node, neg: bool) -> bool {
    match &n.cond {
        Cond::And(ch) | Cond::Or(ch) => {
            let all = matches!(n.cond, Cond::And(_)) != neg;
            if all {
                ch.iter().any(|c| requires_away(c, neg))
            } else {
                !ch.is_empty() && ch.iter().all(|c| requires_away(c, neg))
            }
        }
        Cond::Not(inner) => requires_away(inner, !neg),
        Cond::Cmp { op: Some(op), var, value, .. } if var == "@account_status" => {
            let op = if neg { tables::operator(*op).negation } else { Some(*op) };
            let v = value.as_str().unwrap_or_default().to_ascii_lowercase();
            match op {
                Some(Op::Eq) => matches!(v.as_str(), "away" | "offline" | "invisible"),
                Some(Op::Neq) => v == "online",
                _ => false,
            }
        }
        _ => false,
    }
}

/// An away/offline auto-reply: runs on a chat request or message, sends a message, and
/// only when the account is away or offline (D-29, K14).
pub(super) fn away_reply(def: &Definition) -> bool {
    matches!(def.event, Event::ChatRequested | Event::ChatMessage)
        && def.actions.iter().any(|a| a.kind == Some(ActionKind::SendMessage))
        && def.condition.as_ref().is_some_and(|c| requires_away(c, false))
}

/// Sort reference ids naturally (D-3 before D-29, K3 before K14).
fn ref_key(id: &str) -> (String, u32) {
    let split = id.find(|c: char| c.is_ascii_digit()).unwrap_or(id.len());
    (id[..split].to_owned(), id[split..].parse().unwrap_or(0))
}

fn finish(
    acc: Acc,
    translated: Option<Translated>,
    chat: ChatOriginal,
    def: &Definition,
    enabled: bool,
    standard: Option<Standard>,
    name: &str,
) -> Converted {
    let Acc { mut changes, warnings, refs } = acc;
    let blocked = changes.iter().any(|c| c.kind.blocks());
    let outcome = match (&translated, blocked) {
        (Some(Translated::MessagingTrigger(_)), false) => TriggerOutcome::MessagingTrigger,
        (Some(Translated::SupportTrigger(_)), false) => TriggerOutcome::SupportTrigger,
        (Some(Translated::ProactiveMessage(_)), false) => TriggerOutcome::ProactiveMessage,
        _ => TriggerOutcome::NotMigratable,
    };
    let translated = if outcome == TriggerOutcome::NotMigratable { None } else { translated };
    let standard = standard.filter(|_| outcome == TriggerOutcome::MessagingTrigger);
    if let Some(s) = &standard {
        changes.push(Change {
            kind: ChangeKind::Standard,
            path: def.base.clone(),
            chat: format!("\"{name}\""),
            messaging: Some(format!("standard \"{}\" trigger", s.name)),
            reason: s.recommendation.clone(),
            refs: vec!["K16".to_owned(), "K4".to_owned()],
        });
    }
    let manual = changes.iter().any(|c| c.kind.manual());
    let away = away_reply(def);
    let targets_messaging = changes.iter().any(|c| c.kind == ChangeKind::Channel);
    let active_after_migration = outcome == TriggerOutcome::MessagingTrigger && enabled;

    let state = if enabled { "active" } else { "inactive" };
    let target = match outcome {
        TriggerOutcome::MessagingTrigger => format!("Messaging trigger ({state}, as in Chat)"),
        TriggerOutcome::SupportTrigger => "Support trigger (created inactive)".to_owned(),
        TriggerOutcome::ProactiveMessage => "Proactive message (created inactive)".to_owned(),
        TriggerOutcome::NotMigratable => "Not migrated".to_owned(),
    };
    let first = |kinds: &[ChangeKind]| -> Vec<String> {
        changes
            .iter()
            .filter(|c| kinds.contains(&c.kind))
            .map(|c| format!("{} at {}: {}", c.chat, c.path, c.reason))
            .collect()
    };
    let mut reason = match outcome {
        TriggerOutcome::NotMigratable => {
            let why = first(&[ChangeKind::ParseError, ChangeKind::Unknown, ChangeKind::NoEquivalent]);
            format!("Not migrated (K3): {}", why.join("; "))
        }
        TriggerOutcome::MessagingTrigger => format!("Becomes a messaging trigger and stays {state} (K3)"),
        TriggerOutcome::SupportTrigger => {
            "Sets a department: becomes a Support trigger that sets the group, created inactive (K3, mapping §16)"
                .to_owned()
        }
        TriggerOutcome::ProactiveMessage => {
            "Runs on page load and sends a message: becomes a proactive message, created inactive (K3, K15)".to_owned()
        }
    };
    if !enabled {
        reason.push_str("; disabled in Chat");
    }
    if let Some(s) = &standard {
        reason.push_str(&format!(
            "; messaging also has a standard \"{}\" trigger: keep exactly one of the two active (K3, K16)",
            s.name
        ));
    }
    if outcome != TriggerOutcome::NotMigratable && manual {
        let todo: Vec<String> =
            changes.iter().filter(|c| c.kind.manual()).map(|c| format!("{} ({})", c.chat, c.kind.as_str())).collect();
        reason.push_str(&format!("; redo by hand: {}", todo.join(", ")));
    }
    if away && enabled {
        reason.push_str("; an away/offline auto-reply: turn it off before turning on ongoing conversations (D-29)");
    } else if away {
        reason.push_str("; an away/offline auto-reply: keep it off if ongoing conversations are turned on (D-29)");
    }
    if !reason.ends_with('.') {
        reason.push('.');
    }

    let mut ids: Vec<&'static str> = vec!["K3"];
    match outcome {
        TriggerOutcome::MessagingTrigger => ids.push("K5"),
        TriggerOutcome::SupportTrigger => ids.push("K4"),
        TriggerOutcome::ProactiveMessage => ids.push("K15"),
        TriggerOutcome::NotMigratable => ids.push("K6"),
    }
    let mut rest: Vec<&'static str> = refs.into_iter().filter(|r| !ids.contains(r)).collect();
    if standard.is_some() && !rest.contains(&"K16") {
        rest.push("K16");
    }
    if away {
        rest.extend(["D-29", "K14"]);
    }
    rest.sort_by_key(|r| ref_key(r));
    rest.dedup();
    ids.extend(rest);

    Converted {
        payload: TriggerPayload {
            outcome,
            enabled_in_chat: enabled,
            active_after_migration,
            away_auto_reply: away,
            targets_messaging,
            standard,
            translated,
            changes,
            chat,
        },
        reason,
        target,
        manual,
        refs: ids,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn run(v: Value) -> Converted {
        let t: Trigger = serde_json::from_value(v).unwrap();
        let dept =
            |v: &Value| (v == &json!(7)).then(|| Department { name: "Sales".into(), group: Some("Sales team".into()) });
        convert(0, &t, &dept)
    }

    fn messaging(c: &Converted) -> &MessagingTrigger {
        match &c.payload.translated {
            Some(Translated::MessagingTrigger(m)) => m,
            other => panic!("not a messaging trigger: {other:?} / {:?}", c.payload.changes),
        }
    }

    fn kinds(c: &Converted, kind: ChangeKind) -> Vec<(&str, &str)> {
        c.payload.changes.iter().filter(|x| x.kind == kind).map(|x| (x.path.as_str(), x.chat.as_str())).collect()
    }

    fn leaf(c: &Condition) -> (&str, &str, &Value) {
        match c {
            Condition::Leaf(l) => (l.condition.as_str(), l.operator.as_str(), &l.value),
            Condition::Group(g) => panic!("group {g:?}"),
        }
    }

    #[test]
    fn nested_all_is_flattened_and_values_change() {
        let c = run(json!({"name": "Rescue", "enabled": true, "definition": {"event": "chat_message",
            "condition": ["and", ["and", ["neq", "@account_status", "offline"], ["eq", "@sender_type", "visitor"]], ["icontains", "@message", "help"]],
            "actions": [["sendMessageToVisitor", "Bot", "Hi"]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::MessagingTrigger);
        let m = messaging(&c);
        assert_eq!(m.match_, Match::All);
        assert_eq!(m.run_trigger, "When a message is sent");
        let got: Vec<_> = m.conditions.iter().map(leaf).collect();
        assert_eq!(got[0], ("Account status", "Is not", &json!("Invisible")));
        assert_eq!(got[1], ("Sender Type", "Is", &json!("Customer")));
        assert_eq!(got[2], ("Message", "Contains", &json!("help")));
        assert_eq!(kinds(&c, ChangeKind::Flattened), vec![("[0].definition.condition[1]", "nested all group")]);
        let values: Vec<_> = c.payload.changes.iter().filter(|x| x.kind == ChangeKind::ValueChanged).collect();
        assert_eq!(values.len(), 2);
        assert_eq!(values[0].messaging.as_deref(), Some("Account status = Invisible"));
        assert_eq!(values[1].chat, "@sender_type = \"visitor\"");
        assert!(!c.manual, "{:?}", c.payload.changes);
    }

    #[test]
    fn not_is_folded_and_pushed_into_groups() {
        let c = run(json!({"name": "x", "definition": {"event": "chat_requested",
            "condition": ["not", ["or", ["eq", "@visitor_served", true], ["lt", "@queue_size", 3]]],
            "actions": [["wait", 2]]}}));
        let m = messaging(&c);
        assert_eq!(m.match_, Match::All);
        let got: Vec<_> = m.conditions.iter().map(leaf).collect();
        assert_eq!(
            got,
            vec![("Customer served", "Is not", &json!(true)), ("Queue Size", "Greater than or equal to", &json!(3))]
        );
        let flat = kinds(&c, ChangeKind::Flattened);
        assert_eq!(flat[0], ("[0].definition.condition", "not (any of …)"));
        assert_eq!(flat.len(), 3, "{flat:?}");
    }

    #[test]
    fn mixed_all_and_any_is_flagged_not_flattened() {
        let c = run(json!({"name": "x", "definition": {"event": "chat_requested",
            "condition": ["and", ["eq", "@visitor_requesting_chat", true], ["or", ["eq", "@account_status", "away"], ["eq", "@account_status", "offline"]]],
            "actions": [["sendMessageToVisitor", "CS", "We are away"]]}}));
        assert_eq!(c.payload.outcome, TriggerOutcome::MessagingTrigger);
        assert!(c.manual);
        assert_eq!(
            kinds(&c, ChangeKind::NotEquivalentNesting),
            vec![("[0].definition.condition[2]", "any of 2 conditions inside all")]
        );
        let m = messaging(&c);
        assert!(matches!(&m.conditions[1], Condition::Group(g) if g.match_ == Match::Any && g.conditions.len() == 2));
        // Away in either form: an away auto-reply (D-29).
        assert!(c.payload.away_auto_reply);
    }

    #[test]
    fn at_at_is_unescaped_and_placeholders_renamed() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["eq", "@visitor_requesting_chat", true],
            "actions": [["sendMessageToVisitor", "CS", "Hi @visitor_name, mail help@@acme.example from @visitor_city"]]}}),
        );
        let m = messaging(&c);
        assert_eq!(m.actions[0].value, Some(json!("Hi @customer_name, mail help@acme.example from @visitor_city")));
        assert_eq!(kinds(&c, ChangeKind::Unescaped), vec![("[0].definition.actions[0]", "@@")]);
        assert_eq!(kinds(&c, ChangeKind::PlaceholderRenamed), vec![("[0].definition.actions[0]", "@visitor_name")]);
        assert_eq!(kinds(&c, ChangeKind::PlaceholderLost), vec![("[0].definition.actions[0]", "@visitor_city")]);
        assert!(c.manual);
    }

    #[test]
    fn ban_becomes_suspend_user_as_last_action() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_message", "condition": ["icontains", "@message", "spam"],
            "actions": [["ban"], ["addTag", "spam"]]}}),
        );
        let m = messaging(&c);
        let names: Vec<_> = m.actions.iter().map(|a| a.action.as_str()).collect();
        assert_eq!(names, ["Add tags", "Suspend user"]);
        assert_eq!(kinds(&c, ChangeKind::Moved), vec![("[0].definition.actions[0]", "Block visitor")]);
    }

    #[test]
    fn fired_before_becomes_run_once_only_at_the_top() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["and", ["not", ["firedBefore"]], ["eq", "@visitor_served", false]], "actions": [["wait", 1]]}}),
        );
        assert!(messaging(&c).run_only_once_per_ticket);
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["or", ["not", ["firedBefore"]], ["eq", "@visitor_served", false]], "actions": [["wait", 1]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::NotMigratable);
        assert_eq!(
            kinds(&c, ChangeKind::NoEquivalent),
            vec![("[0].definition.condition[1]", "[\"not\", [\"firedBefore\"]]")]
        );
    }

    #[test]
    fn set_department_makes_a_support_trigger_with_the_group() {
        let c = run(
            json!({"name": "Route", "enabled": true, "definition": {"event": "page_enter", "condition": ["and", ["icontains", "@visitor_page_url", "/pricing"]], "actions": [["setDepartment", 7], ["sendMessageToVisitor", "a", "b"]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::SupportTrigger);
        assert!(!c.payload.active_after_migration);
        let Some(Translated::SupportTrigger(s)) = &c.payload.translated else { panic!() };
        assert_eq!(s.actions[0].value, Some(json!("Sales team (from department \"Sales\")")));
        // The page URL has no ticket-trigger condition, the message no ticket action: both flagged.
        assert_eq!(kinds(&c, ChangeKind::Dropped).len(), 2);
        assert!(c.manual);
    }

    #[test]
    fn unknown_parts_block_and_are_reported() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@visitor_mood", "happy"], ["startswith", "@message", "hi"]], "actions": [["sendSurvey", 1]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::NotMigratable);
        let codes: Vec<_> = c.warnings.iter().map(|w| w.code).collect();
        assert_eq!(codes, ["trigger-unknown-variable", "trigger-unknown-operator", "trigger-unknown-action"]);
        assert!(
            c.reason.contains("@visitor_mood") && c.reason.contains("startswith") && c.reason.contains("sendSurvey"),
            "{}",
            c.reason
        );
        // The original stays verbatim in the payload.
        assert_eq!(c.payload.chat.definition["actions"][0][0], json!("sendSurvey"));
    }

    #[test]
    fn a_bad_definition_is_not_migrated_with_its_path() {
        let c = run(
            json!({"name": "x", "definition": {"event": "chat_requested", "condition": ["and", ["eq", "@visitor_served"]]}}),
        );
        assert_eq!(c.payload.outcome, TriggerOutcome::NotMigratable);
        assert_eq!(c.payload.changes[0].kind, ChangeKind::ParseError);
        assert_eq!(c.payload.changes[0].path, "[0].definition.condition[1]");
        assert_eq!(c.warnings[0].code, "trigger-parse-error");
    }

    #[test]
    fn source_type_marks_a_trigger_that_already_targets_messaging() {
        let c = run(json!({"name": "x", "definition": {"event": "chat_message",
            "condition": ["and", ["eq", "@visitor_source_type", "sunco_web"], ["and", ["eq", "@visitor_served", false], ["gt", "@visitor_previous_chats", 0]]],
            "actions": [["sendMessageToVisitor", "Sales Support", "How May I help you?"]]}}));
        assert!(c.payload.targets_messaging);
        let m = messaging(&c);
        assert_eq!(m.conditions.len(), 2);
        assert_eq!(leaf(&m.conditions[1]).0, "Customer previous conversations");
    }

    #[test]
    fn only_a_wait_before_the_proactive_message_delays_it() {
        let c = run(json!({"name": "x", "definition": {"event": "page_enter", "condition": ["stillOnPage", 10],
            "actions": [["wait", 5], ["sendMessageToVisitor", "a", "Hi"], ["wait", 30]]}}));
        let Some(Translated::ProactiveMessage(p)) = &c.payload.translated else { panic!("{:?}", c.payload) };
        assert_eq!(p.seconds, Some(15));
        assert_eq!(kinds(&c, ChangeKind::Dropped), vec![("[0].definition.actions[2]", "[\"wait\", 30]")]);
    }

    #[test]
    fn proactive_visit_history() {
        let c = run(
            json!({"name": "x", "definition": {"event": "page_enter", "condition": ["and", ["eq", "@visitor_previous_visits", 0]], "actions": [["sendMessageToVisitor", "a", "Welcome"]]}}),
        );
        let Some(Translated::ProactiveMessage(p)) = &c.payload.translated else { panic!("{:?}", c.payload) };
        assert_eq!(leaf(&p.conditions[0]), ("Visit history", "Is", &json!("New user")));
        assert_eq!(p.event, "Visitor loads the page");
    }
}
