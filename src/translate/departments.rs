//! Chat departments → Support groups (mapping.md §4, K18, K1).
//!
//! With the agent workspace, a department is usually a Support group already: its
//! `settings.support_group_id` names it. A department without one needs a group (the
//! payload creates it and lists its agents, with their Support user ids when
//! `support/users.json` was exported), and a link to a group that no longer exists is a
//! blocking problem: chats routed there reach nobody.

use super::{Context, item, source};
use crate::account::chat::Department;
use crate::account::lenient::Id;
use crate::plan::payload::{AdoptBy, ApiCall, CallKey, GroupPayload, IdRef, Member, Object, Payload};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/departments.json";

pub fn members(ctx: &Context, ids: &[Id]) -> Vec<Member> {
    ids.iter()
        .map(|id| {
            let email = ctx
                .account
                .chat
                .agents
                .as_ref()
                .and_then(|a| a.iter().find(|ag| ag.id.as_ref() == Some(id)))
                .and_then(|ag| ag.email.clone());
            let support_user_id = email.as_ref().and_then(|e| {
                ctx.account
                    .support
                    .users
                    .as_ref()?
                    .iter()
                    .find(|u| u.email.as_deref().is_some_and(|ue| ue.eq_ignore_ascii_case(e)))
                    .and_then(|u| u.id.clone())
            });
            Member { chat_agent_id: id.clone(), email, support_user_id }
        })
        .collect()
}

/// One membership per member with a Support user, each after the group it joins
/// (support-api.md §4); a member without one is left to the admin (the item's notes say
/// how many).
fn memberships(source: &str, group: &ApiCall, members: &[Member]) -> Vec<ApiCall> {
    let mut seen = std::collections::BTreeSet::new();
    members
        .iter()
        .filter_map(|m| m.support_user_id.as_ref())
        .filter(|id| seen.insert((*id).clone()))
        .map(|user| {
            let group_id = IdRef::DependsOn.to_value();
            ApiCall::create(
                CallKey::new(source, &format!("membership/{user}")),
                Object::GroupMembership,
                "/api/v2/group_memberships",
                serde_json::json!({"group_membership": {"user_id": user, "group_id": group_id}}),
            )
            .after(&group.key)
            .adopt_by(AdoptBy(
                [("group_id".to_owned(), group_id), ("user_id".to_owned(), serde_json::json!(user))].into(),
            ))
        })
        .collect()
}

pub fn translate(ctx: &mut Context) {
    let Some(depts) = ctx.account.chat.departments.as_ref() else {
        ctx.undecided(
            "departments",
            &[FILE],
            "chat/departments.json was not exported: no department-to-group mapping was planned",
        );
        return;
    };
    super::warn_repeated_names(ctx, FILE, "departments", depts.iter().map(Department::label));
    for d in depts {
        department(ctx, d);
    }
}

fn department(ctx: &mut Context, d: &Department) {
    let label = d.label();
    let src = source(FILE, &label);
    let groups = ctx.account.support.groups.as_ref();
    let disabled = d.enabled.is_some_and(|e| !e.get());
    let mut notes = Vec::new();
    if disabled {
        notes.push("Disabled in Chat.".to_owned());
    }
    let payload_members = members(ctx, &d.members);
    let unresolved = payload_members.iter().filter(|m| m.support_user_id.is_none()).count();
    if ctx.account.support.users.is_some() && unresolved > 0 {
        // Second review #9: the guide names the members, not an export file.
        let who: Vec<String> = payload_members
            .iter()
            .filter(|m| m.support_user_id.is_none())
            .map(|m| m.email.clone().unwrap_or_else(|| format!("Chat agent {}", m.chat_agent_id)))
            .collect();
        notes.push(format!(
            "{unresolved} of {} {} no Support agent with the same email: {}.",
            payload_members.len(),
            if unresolved == 1 { "members has" } else { "members have" },
            who.join(", ")
        ));
    }

    let linked = d.support_group_id();
    let (target, outcome, reason, create, need) = match (linked, &groups) {
        (Some(gid), Some(gs)) => match gs.iter().find(|g| g.id.as_ref() == Some(gid)) {
            Some(g) if !g.deleted.is_some_and(|x| x.get()) => (
                format!("Support group \"{}\" ({gid})", g.name.clone().unwrap_or_default()),
                Outcome::Translated,
                "Already a Support group: nothing to do (K2).".to_owned(),
                false,
                None,
            ),
            _ => (
                format!("Support group {gid} (missing)"),
                Outcome::Manual,
                format!("Linked to Support group {gid}, which is not in support/groups.json (deleted?): chats routed to this department would reach nobody."),
                false,
                Some(true),
            ),
        },
        (Some(gid), None) => {
            notes.push("support/groups.json was not exported: the group was not verified.".into());
            (
                format!("Support group {gid}"),
                Outcome::Translated,
                "Already a Support group: nothing to do.".to_owned(),
                false,
                None,
            )
        }
        (None, Some(gs)) => match gs.iter().find(|g| g.name.as_deref().is_some_and(|n| n.eq_ignore_ascii_case(&label))) {
            Some(g) => (
                format!("Support group \"{}\" ({})", g.name.clone().unwrap_or_default(), g.id.as_ref().map(ToString::to_string).unwrap_or_default()),
                Outcome::Manual,
                "Not linked to a group; a group of the same name exists: link the department's agents to it.".to_owned(),
                false,
                Some(!disabled),
            ),
            None => (
                format!("New Support group \"{label}\""),
                Outcome::Translated,
                "No group stands for this department: the payload creates one with the department's agents.".to_owned(),
                true,
                Some(!disabled),
            ),
        },
        (None, None) => (
            format!("New Support group \"{label}\""),
            Outcome::Translated,
            "No group is linked (settings.support_group_id is empty): the payload creates one with the department's agents.".to_owned(),
            true,
            Some(!disabled),
        ),
    };
    let mut it = item(Section::Departments, src.clone(), target, outcome, reason, &["K18", "K1", "K2"]);
    it.notes = notes;
    let create = create.then(|| {
        ApiCall::create(
            CallKey::new(&src, "group"),
            Object::Group,
            "/api/v2/groups",
            serde_json::json!({"group": {"name": label, "description": d.description}}),
        )
        .adopt_by(AdoptBy::field("name", label.as_str()))
    });
    let payload = GroupPayload {
        memberships: create.as_ref().map(|g| memberships(&src, g, &payload_members)).unwrap_or_default(),
        create,
        members: payload_members,
    };
    it.payload = Some(Payload::Group(payload));
    ctx.item(it);
    if let Some(blocking) = need {
        let mut n =
            Need::new(StepId::MapDepartmentsToGroups, format!("Department \"{label}\" has no usable Support group."))
                .source(src)
                .detail(format!("{label}: {}", crate::text::plural(d.members.len() as u64, "agent")))
                .blocking(blocking);
        // Issue 18 #8: departments become groups before the agent workspace is first
        // turned on (https://support.zendesk.com/hc/pt-br/articles/4581758611866).
        if ctx.account.support.account.as_ref().and_then(|a| a.agent_workspace) == Some(false) {
            n = n.phase(crate::plan::Phase::BeforeActivation);
        }
        ctx.need(n);
    }
}
