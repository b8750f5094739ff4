//! Chat triggers → messaging triggers, Support triggers or proactive messages (mapping.md
//! §5, §12, §16; K3, K4, K5, K6, K15, K16, K20).
//!
//! Triggers hold an account's real behaviour (greetings, away replies, routing, proactive
//! offers), and Zendesk's wizard sorts each into one of four outcomes (K3). This module
//! decides the same outcome for every trigger, with the exact reasons, and writes the
//! translation an admin recreates in Admin Center (no public API creates messaging
//! triggers, mapping.md §14.2):
//!
//! - [`parse`] reads one definition into a typed tree, with per-trigger errors that carry
//!   the JSON path inside `chat/triggers.json`;
//! - [`tables`] holds every event, operator, variable, action and placeholder with its
//!   counterpart and sources (also printed in `docs/triggers.md`);
//! - [`rules`] holds the special rules a table row names when no plain counterpart says it
//!   (one file each, with its docs text and its code);
//! - [`convert`] decides the outcome and lists every change, stage by stage (normalise,
//!   conditions, actions, describe, outcome);
//! - the payload written into the plan item is [`crate::plan::payload::trigger`];
//! - `context` is what the stages and the rules record into, `lang` the words they share.

mod context;
pub mod convert;
mod lang;

pub mod parse;
pub mod rules;
pub mod tables;
pub mod text;

use serde_json::Value;

use super::{Context, item, source};
pub use crate::plan::payload::trigger::{TriggerOutcome, TriggerPayload};
use crate::plan::payload::{AdoptBy, ApiCall, CallKey, Object};
use crate::plan::{Outcome, Payload, Section};
use crate::steps::{Need, StepId};
pub use convert::{Converted, DepartmentGroup};

const FILE: &str = "chat/triggers.json";

pub fn translate(ctx: &mut Context) {
    let account = ctx.account;
    let Some(list) = account.chat.triggers.as_ref() else {
        ctx.undecided("triggers", &[FILE], "chat/triggers.json was not exported: no trigger was translated");
        return;
    };
    if list.is_empty() {
        return;
    }
    super::warn_repeated_names(ctx, FILE, "triggers", list.iter().enumerate().map(|(i, t)| t.key(i)));
    // `setDepartment` names a Chat department by id; its Support group comes from
    // `settings.support_group_id` (departments.rs does the same mapping).
    let dept = |v: &Value| -> Option<DepartmentGroup> {
        let key = match v {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let d =
            account.chat.departments.as_ref()?.iter().find(|d| {
                d.id.as_ref().is_some_and(|i| i.as_str() == key) || d.name.as_deref() == Some(key.as_str())
            })?;
        // Guide review #9: a department linked to a group the export does not name is still
        // linked: say which group by its id, never "none linked yet".
        let group = d.support_group_id().map(|gid| {
            account
                .support
                .groups
                .as_ref()
                .and_then(|gs| gs.iter().find(|g| g.id.as_ref() == Some(gid)))
                .and_then(|g| g.name.clone())
                .unwrap_or_else(|| format!("Support group {gid}"))
        });
        Some(DepartmentGroup { name: d.label(), group })
    };

    let mut converted = Vec::with_capacity(list.len());
    for (i, t) in list.iter().enumerate() {
        converted.push((i, t, convert::convert(i, t, &dept)));
    }

    for (i, t, c) in converted {
        let key = t.key(i);
        let src = source(FILE, &key);
        for w in &c.warnings {
            ctx.warn(w.code, w.message.clone(), Some(&src), &["K20", "K6"]);
        }
        let p = &c.payload;
        let outcome = if p.outcome == TriggerOutcome::NotMigratable {
            Outcome::NotMigratable
        } else if c.unresolved {
            // A department that was not exported: its group is unknown to the plan, and no
            // source says the wizard knows it [I].
            Outcome::Manual
        } else if c.manual {
            // Trigger review #3: K3 says the wizard recreates triggers with AI and asks for a
            // review; it states no rule for what this plan cannot express exactly (a dropped or
            // approximated part, all/any mixed, no condition left). Claiming "migrated by
            // Zendesk" for those would be our guess: they are manual on either path.
            Outcome::Manual
        } else {
            ctx.wizard_or(Outcome::Translated)
        };
        // The trigger step is worded once, by the planner from the items' payloads (the
        // outcomes, the standard triggers, the path); each trigger is one of its sources.
        ctx.need(Need::new(StepId::ReviewTriggerConversions, "").source(src.clone()));
        // D-29: an enabled away/offline auto-reply that stays a running messaging trigger.
        // Whether ongoing conversations will be turned on is not in the export.
        if p.away_auto_reply && p.active_after_migration {
            // One sentence for all of them (the step merges equal reasons); the triggers
            // are the step's detail lines.
            ctx.need(
                Need::new(
                    StepId::TurnOffAwayTrigger,
                    "The triggers listed are enabled away/offline auto-replies; once continuous conversations are turned on, their messaging copies send end users duplicate messages (D-29, K14).",
                )
                .source(src.clone())
                .detail(format!("\"{key}\" (its messaging copy).")),
            );
        }

        let notes = c
            .payload
            .changes
            .iter()
            .map(|ch| {
                let to = ch.messaging.as_deref().map(|m| format!(" → {m}")).unwrap_or_default();
                format!("{}: {} {}{to}: {}", ch.kind.as_str(), ch.path, ch.chat, ch.reason)
            })
            .collect();
        // After a self-serve activation Chat triggers stay Chat triggers (K4): nothing is
        // created or kept active. K4 documents editing a Chat trigger to run on messaging
        // ("Change the Channel to either Messaging or Chat and messaging"; it cannot be saved
        // while a Chat-only condition or action is left: review #17); the rest the admin
        // creates. A proactive message goes live when published (K15; review #18).
        let target = if ctx.assisted() {
            c.target.clone()
        } else {
            match c.payload.outcome {
                TriggerOutcome::MessagingTrigger => match &c.payload.standard {
                    // K16: messaging ships this one; a second would greet twice.
                    Some(st) => format!("Messaging's standard \"{}\" trigger (no second one)", st.name),
                    None if c.manual => {
                        "Messaging trigger (set the Chat trigger's Channel to Chat and messaging and fix the parts listed, or create it by hand)".to_owned()
                    }
                    None => "Messaging trigger (set the Chat trigger's Channel to Chat and messaging, or create it by hand)"
                        .to_owned(),
                },
                TriggerOutcome::SupportTrigger => {
                    "Support trigger (to create by hand, inactive until reviewed)".to_owned()
                }
                TriggerOutcome::ProactiveMessage => {
                    "Proactive message (to create by hand; publish it after review: publishing makes it live)".to_owned()
                }
                TriggerOutcome::NotMigratable => c.target.clone(),
            }
        };
        let mut payload = c.payload;
        payload.create = c.support_body.map(|body| {
            let title = body["trigger"]["title"].clone();
            ApiCall::create(CallKey::new(&src, "trigger"), Object::Trigger, "/api/v2/triggers", body)
                .adopt_by(AdoptBy::field("title", title))
        });
        // Review #1, #11: the companion is part of what the admin gets.
        let target = match payload.companion.as_ref().map(|x| &x.translated) {
            Some(crate::plan::payload::trigger::Translated::MessagingTrigger(_)) => {
                format!("{target}, with a messaging trigger beside it")
            }
            Some(crate::plan::payload::trigger::Translated::ProactiveMessage(_)) => {
                format!("{target}, with a proactive message beside it")
            }
            _ => target,
        };
        let mut it = item(Section::Triggers, src, target, outcome, c.reason.clone(), &c.refs);
        it.payload = Some(Payload::Trigger(Box::new(payload)));
        it.notes = notes;
        ctx.item(it);
    }
}
