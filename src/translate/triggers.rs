//! Chat triggers → messaging triggers, Support triggers or proactive messages (mapping.md
//! §5, K3, K4, K5).
//!
//! First mapping by event and department action; the exact condition/action translation
//! lives in the trigger translator proper.

use super::{Context, item, source};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/triggers.json";

pub fn translate(ctx: &mut Context) {
    let Some(list) = ctx.export.chat.triggers.clone() else {
        ctx.undecided("triggers", &[FILE], "chat/triggers.json was not exported: no trigger was translated");
        return;
    };
    for (i, t) in list.iter().enumerate() {
        let key = t.key(i);
        let src = source(FILE, &key);
        let def = t.definition.clone().unwrap_or_default();
        let event = def.get("event").and_then(|e| e.as_str()).unwrap_or("");
        let actions = def.get("actions").or_else(|| def.get("action")).cloned().unwrap_or_default();
        let sets_department = actions
            .as_array()
            .is_some_and(|a| a.iter().any(|x| x.get(0).and_then(|n| n.as_str()) == Some("setDepartment")));
        let (target, reason) = match event {
            "page_enter" => (
                "Proactive message (created inactive)",
                "Runs when the widget loads, which messaging triggers cannot do; the nearest is a proactive message.",
            ),
            _ if sets_department => (
                "Support trigger (created inactive)",
                "Sets a department, which messaging triggers cannot do; a ticket trigger sets the group.",
            ),
            "chat_requested" | "chat_message" => {
                ("Messaging trigger", "The event has a messaging trigger counterpart.")
            }
            _ => ("Not migrated", "Unknown event."),
        };
        let outcome =
            if target == "Not migrated" { Outcome::NotMigratable } else { ctx.wizard_or(Outcome::Translated) };
        ctx.item(item(Section::Triggers, src.clone(), target, outcome, reason, &["K3", "K4", "K5"]));
        ctx.need(Need::new(StepId::ReviewTriggerConversions, "The account has Chat triggers.").source(src));
    }
}
