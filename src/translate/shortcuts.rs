//! Chat shortcuts → macros (mapping.md §9, K1, K18).
//!
//! Each shortcut gets a Macros API body: the message as the public comment, its tags
//! added, restricted to the department's group or the agent as in Chat. Options
//! ("Yes/No" quick replies) and dynamic content do not work in the agent workspace (K18):
//! such a shortcut still gets its macro, as plain text, and is marked manual.

use super::{Context, item, source};
use crate::account::chat::Shortcut;
use crate::account::lenient::Id;
use crate::plan::payload::{AdoptBy, ApiCall, CallKey, IdRef, MacroPayload, Object, Payload};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/shortcuts.json";

pub fn translate(ctx: &mut Context) {
    let Some(list) = ctx.account.chat.shortcuts.as_ref() else {
        ctx.undecided("shortcuts", &[FILE], "chat/shortcuts.json was not exported: no macros were planned");
        return;
    };
    super::warn_repeated_names(ctx, FILE, "shortcuts", list.iter().enumerate().map(|(i, s)| s.key(i)));
    for (i, s) in list.iter().enumerate() {
        shortcut(ctx, s, i);
    }
}

/// A group in a macro's restriction: by name when `support/groups.json` names it, resolved
/// to the account's id when the plan is applied (the id in the export may be stale);
/// otherwise the id the department links to.
fn group_ref(ctx: &Context, gid: &Id) -> serde_json::Value {
    let name = ctx
        .account
        .support
        .groups
        .as_ref()
        .and_then(|gs| gs.iter().find(|g| g.id.as_ref() == Some(gid)))
        .and_then(|g| g.name.clone());
    match name {
        Some(name) => IdRef::Group { name }.to_value(),
        None => serde_json::to_value(gid).unwrap_or_default(),
    }
}

fn shortcut(ctx: &mut Context, s: &Shortcut, index: usize) {
    let name = s.key(index);
    let src = source(FILE, &name);
    let message = s.message.clone().unwrap_or_default();
    let mut notes = Vec::new();
    let mut manual = false;
    let options = s.options.as_deref().map(str::trim).filter(|o| !o.is_empty());
    if let Some(o) = options {
        manual = true;
        notes.push(format!("Options \"{o}\" do not work in the agent workspace: the macro sends the text only."));
    }
    if message.contains("{{") {
        manual = true;
        notes.push("The message holds dynamic content ({{…}}), which the agent workspace does not support in shortcuts: rewrite it with macro placeholders such as {{ticket.requester.first_name}}.".into());
    }
    let mut actions = vec![serde_json::json!({"field": "comment_value", "value": message})];
    if !s.tags.is_empty() {
        actions.push(serde_json::json!({"field": "current_tags", "value": s.tags.join(" ")}));
    }
    let mut body = serde_json::json!({"title": name, "active": true, "actions": actions});
    match s.scope.as_deref() {
        Some("department") if !s.departments.is_empty() => {
            let groups: Vec<serde_json::Value> = s
                .departments
                .iter()
                .filter_map(|d| {
                    let gid = ctx
                        .account
                        .chat
                        .departments
                        .as_ref()?
                        .iter()
                        .find(|x| x.id.as_ref() == Some(d))?
                        .support_group_id()?;
                    Some(group_ref(ctx, gid))
                })
                .collect();
            if groups.len() == s.departments.len() {
                body["restriction"] = serde_json::json!({"type": "Group", "ids": groups});
            } else {
                manual = true;
                notes.push("Restricted to departments without a known Support group: set the macro's group restriction by hand.".into());
            }
        }
        Some("agent") if !s.agents.is_empty() => {
            let users = super::departments::members(ctx, &s.agents);
            match users.as_slice() {
                [one] if one.support_user_id.is_some() => {
                    body["restriction"] = serde_json::json!({"type": "User", "id": one.support_user_id});
                }
                _ => {
                    manual = true;
                    notes.push("A personal shortcut whose agent has no known Support user: make it a personal macro of that agent by hand.".into());
                }
            }
        }
        _ => {}
    }
    let mut it = item(
        Section::Shortcuts,
        src.clone(),
        format!("Macro \"{name}\""),
        if manual { Outcome::Manual } else { Outcome::Translated },
        if manual {
            "Recreate it as a macro by hand: part of it has no macro equivalent."
        } else {
            "Translated into a macro ready for the Macros API (POST /api/v2/macros)."
        },
        &["K1", "K18"],
    );
    it.notes = notes;
    let create = ApiCall::create(
        CallKey::new(&src, "macro"),
        Object::Macro,
        "/api/v2/macros",
        serde_json::json!({ "macro": body }),
    )
    .adopt_by(AdoptBy::field("title", name.as_str()));
    it.payload = Some(Payload::Macro(MacroPayload { create }));
    ctx.item(it);
    ctx.need(
        Need::new(
            StepId::RecreateShortcutsAsMacros,
            "The account has Chat shortcuts; the agent workspace uses macros.",
        )
        .source(src),
    );
}
