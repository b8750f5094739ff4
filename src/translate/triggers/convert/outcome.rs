//! Stage 5: what the plan says about one trigger: its outcome (K3), the reason an admin
//! reads, whether it is one of the three standard triggers (K16) or an away/offline
//! auto-reply (D-29, K14), and the sources it cites.

use serde_json::Value;

use super::Converted;
use crate::plan::payload::trigger::*;
use crate::translate::triggers::context::Acc;
use crate::translate::triggers::parse::{self, Cond, Definition, Event, Node};
use crate::translate::triggers::tables::{self, ActionKind, Op};

pub(super) fn standard_match(name: &str, translated: &Option<Translated>, event: &Event) -> Option<Standard> {
    let spec = tables::standard(name)?;
    let message = match translated {
        Some(Translated::MessagingTrigger(m)) => m.actions.iter().find_map(|a| {
            (a.action == "Send message to customer")
                .then(|| a.value.as_ref().and_then(Value::as_str).unwrap_or_default().to_owned())
        }),
        _ => None,
    };
    let same_message = message.as_deref() == Some(spec.message);
    // K16: each standard messaging trigger runs "When a customer requests a conversation";
    // a Chat copy on `chat_message` replies on every message instead (review #7).
    let same_event = *event == Event::ChatRequested;
    let mut recommendation = format!(
        "Messaging also has a standard \"{}\" trigger, inactive (K16): keep exactly one of the two active, never both",
        spec.name
    );
    if !same_message {
        recommendation
            .push_str("; this trigger's message differs from the stock one: copy it into the standard trigger");
    }
    if !same_event {
        recommendation.push_str(
            "; the standard one runs When a customer requests a conversation, this one When a message is sent: activating the standard one changes when and how often the reply is sent",
        );
    }
    recommendation.push_str("; compare the conditions in the side-by-side view");
    Some(Standard { name: spec.name.to_owned(), same_message, same_event, recommendation })
}

/// A delay condition together with "visitor not requesting a chat" at the top level: the
/// shape of a proactive offer filed under the wrong event (the stock "Product Discounts").
pub(super) fn looks_proactive(def: &Definition) -> bool {
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
fn requires_away(n: &Node, neg: bool) -> bool {
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
pub(crate) fn away_reply(def: &Definition) -> bool {
    matches!(def.event, Event::ChatRequested | Event::ChatMessage)
        && def.actions.iter().any(|a| a.kind == Some(ActionKind::SendMessage))
        && def.condition.as_ref().is_some_and(|c| requires_away(c, false))
}

/// Whether some condition of the tree satisfies `f`.
fn any_cond(n: &Node, f: &dyn Fn(&Cond) -> bool) -> bool {
    match &n.cond {
        Cond::And(ch) | Cond::Or(ch) => ch.iter().any(|c| any_cond(c, f)),
        Cond::Not(inner) => any_cond(inner, f),
        c => f(c),
    }
}

/// A message to customers who wait (review #8, guide review #23): a chat-event trigger that
/// sends a message and tests the queue or how long the visitor has stayed, or quotes the
/// queue size. Messaging's documented way is a trigger on "When a conversation is added to
/// the queue" with the estimated wait (K5; Displaying estimated wait time, 8009787999514).
pub(super) fn waiting_message(def: &Definition) -> bool {
    let chat_event = matches!(def.event, Event::ChatRequested | Event::ChatMessage);
    let sends = def.actions.iter().any(|a| a.kind == Some(ActionKind::SendMessage));
    let quotes_queue =
        def.actions.iter().any(|a| a.args.iter().any(|v| v.as_str().is_some_and(|s| s.contains("@queue_size"))));
    let tests_wait = def.condition.as_ref().is_some_and(|c| {
        any_cond(c, &|c| match c {
            Cond::StillOnPage(_) | Cond::StillOnSite(_) => true,
            Cond::Cmp { var, .. } => var == "@queue_size",
            _ => false,
        })
    });
    chat_event && sends && (quotes_queue || tests_wait)
}

const WAITING_ADVICE: &str = "to tell a waiting customer how long the wait is, messaging has the run event When a conversation is added to the queue and the placeholders @wait_time_min, @wait_time_max and @queue_size (K5; Displaying estimated wait time: https://support.zendesk.com/hc/en-us/articles/8009787999514)";

/// Sort reference ids naturally (D-3 before D-29, K3 before K14).
fn ref_key(id: &str) -> (String, u32) {
    let split = id.find(|c: char| c.is_ascii_digit()).unwrap_or(id.len());
    (id[..split].to_owned(), id[split..].parse().unwrap_or(0))
}

pub(super) fn finish(
    acc: Acc,
    translated: Option<Translated>,
    chat: ChatOriginal,
    def: &Definition,
    enabled: bool,
    standard: Option<Standard>,
    name: &str,
) -> Converted {
    let Acc { mut changes, warnings, refs, unresolved, support_body, .. } = acc;
    let waiting = waiting_message(def);
    if waiting {
        changes.push(Change {
            kind: ChangeKind::Advice,
            path: def.event_path.clone(),
            chat: "a message to waiting customers".to_owned(),
            messaging: Some("When a conversation is added to the queue".to_owned()),
            reason: WAITING_ADVICE.to_owned(),
            refs: vec!["K5".to_owned(), "K2".to_owned()],
        });
    }
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
        // Review #3: "as in Chat" only where the translation is exact.
        TriggerOutcome::MessagingTrigger if manual => {
            format!("Messaging trigger ({state}; redo the parts listed: the wizard's copy may differ)")
        }
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
            let mut r = format!("Not migrated (K3): {}", why.join("; "));
            if waiting {
                r.push_str("; ");
                r.push_str(WAITING_ADVICE);
            }
            r
        }
        TriggerOutcome::MessagingTrigger => format!("Becomes a messaging trigger and stays {state} (K3)"),
        TriggerOutcome::SupportTrigger if def.event == Event::ChatMessage => {
            "Sets a department on each chat message, where Chat never ran that action (K6): becomes a Support trigger that sets the group, created inactive (K3; that the wizard does this is inferred [I]); it runs when the messaging ticket is updated (each customer message), not when the ticket is created [I]"
                .to_owned()
        }
        TriggerOutcome::SupportTrigger if def.event == Event::ChatRequested => {
            "Sets a department on a chat request, where Chat never ran that action (K6): becomes a Support trigger that sets the group, created inactive (K3; that the wizard does this is inferred [I])"
                .to_owned()
        }
        TriggerOutcome::SupportTrigger => {
            "Sets a department: becomes a Support trigger that sets the group, created inactive (K3; that the wizard does this is inferred [I])"
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
        reason.push_str(
            "; an away/offline auto-reply: turn its messaging copy off when turning on continuous conversations (D-29)",
        );
    } else if away {
        reason.push_str("; an away/offline auto-reply: keep it off if continuous conversations are turned on (D-29)");
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
            companion: None,
            create: None,
            changes,
            chat,
        },
        reason,
        target,
        manual,
        refs: ids,
        warnings,
        unresolved: unresolved && outcome != TriggerOutcome::NotMigratable,
        support_body: support_body.filter(|_| outcome == TriggerOutcome::SupportTrigger),
    }
}
