//! Routing settings, skills, roles and goals (mapping.md §4, §10; K1, K2, K7).
//!
//! Chat routing becomes omnichannel routing, a manual configuration: the payload lines up
//! each Chat setting with where its counterpart lives. Skills move to Support skills; Chat
//! roles do not apply in the agent workspace (K1); goals are copied by the migration (K2).

use super::departments::members;
use super::{Context, item, source};
use crate::account::lenient::Flag;
use crate::plan::payload::{GoalPayload, Payload, RolePayload, RoutingLine, RoutingPayload, SkillPayload};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

fn on(f: Option<Flag>) -> bool {
    f.is_some_and(Flag::get)
}

pub fn translate(ctx: &mut Context) {
    routing(ctx);
    skills(ctx);
    roles(ctx);
    goals(ctx);
}

fn routing(ctx: &mut Context) {
    const FILE: &str = "chat/routing_settings.json";
    let Some(r) = ctx.account.chat.routing.as_ref() else {
        ctx.undecided(
            "routing_settings",
            &[FILE],
            "chat/routing_settings.json was not exported: omnichannel routing is not planned from it",
        );
        return;
    };
    let mut lines = Vec::new();
    if let Some(mode) = &r.routing_mode {
        lines.push(RoutingLine {
            chat_setting: "routing_mode".into(),
            value: serde_json::json!(mode),
            messaging: match mode.as_str() {
                "broadcast" => "Omnichannel routing offers each conversation to one agent at a time; Chat's broadcast to all agents has no equivalent.".into(),
                _ => "Omnichannel routing assigns conversations to available agents with capacity, as assigned routing did.".into(),
            },
        });
    }
    if let Some(l) = &r.chat_limit {
        lines.push(RoutingLine {
            chat_setting: "chat_limit".into(),
            value: serde_json::json!({"enabled": on(l.enabled), "limit": l.limit, "limit_type": l.limit_type, "allow_agent_override": on(l.allow_agent_override)}),
            messaging: if on(l.enabled) {
                format!("Capacity rule: messaging capacity {} per agent. Without omnichannel routing the Chat limit keeps applying to messaging.", l.limit.unwrap_or_default())
            } else {
                "No chat limit was set; give the capacity rule an explicit messaging capacity.".into()
            },
        });
    }
    if let Some(s) = &r.skill_routing {
        lines.push(RoutingLine {
            chat_setting: "skill_routing".into(),
            value: serde_json::json!({"enabled": on(s.enabled), "max_wait_time": s.max_wait_time}),
            messaging: if on(s.enabled) {
                "Turn on skills-based routing in omnichannel routing; set its timeout from max_wait_time and recreate the skills (see the skill items).".into()
            } else {
                "Skills routing was off.".into()
            },
        });
    }
    if let Some(re) = &r.reassignment {
        lines.push(RoutingLine {
            chat_setting: "reassignment".into(),
            value: serde_json::json!({"enabled": on(re.enabled), "timeout": re.timeout}),
            messaging: "Omnichannel routing's reassignment of offers an agent does not accept.".into(),
        });
    }
    if let Some(a) = &r.auto_idle {
        lines.push(RoutingLine {
            chat_setting: "auto_idle".into(),
            value: serde_json::json!({"enabled": on(a.enabled), "reassignments_before_idle": a.reassignments_before_idle, "new_status": a.new_status}),
            messaging: "Unified agent status: change an agent's status after missed offers. The migration sets the conversation inactivity timer to 10 minutes and releases capacity then (K2).".into(),
        });
    }
    if let Some(a) = &r.auto_accept {
        lines.push(RoutingLine {
            chat_setting: "auto_accept".into(),
            value: serde_json::json!({"enabled": on(a.enabled)}),
            messaging: "Omnichannel routing's auto-accept setting.".into(),
        });
    }
    let mut it = item(
        Section::Routing,
        FILE,
        "Omnichannel routing (Admin Center > Objects and rules > Omnichannel routing > Routing configuration)",
        Outcome::Manual,
        "Chat routing settings do not carry over; Zendesk recommends omnichannel routing, and without it messaging falls back to the Chat routing rules.",
        &["K1", "K7", "K2"],
    );
    it.payload = Some(Payload::Routing(RoutingPayload { settings: lines }));
    it.notes.push("The setting-by-setting counterparts are the tool's reading of the sources, not a documented one-to-one mapping: check each in Admin Center.".into());
    ctx.item(it);
    ctx.need(Need::new(StepId::ConfigureOmnichannelRouting, "The account has Chat routing settings.").source(FILE));
}

fn skills(ctx: &mut Context) {
    const FILE: &str = "chat/skills.json";
    let Some(skills) = ctx.account.chat.skills.as_ref() else { return };
    for s in skills {
        let name = s.name.clone().unwrap_or_else(|| s.id.as_ref().map(ToString::to_string).unwrap_or_default());
        let src = source(FILE, &name);
        let mut it = item(
            Section::Skills,
            src.clone(),
            format!("Skill \"{name}\" (Admin Center > Objects and rules > Business rules > Skills)"),
            Outcome::Manual,
            // Second review #5, Z-1: "recreate your Chat skills as ticket skills and
            // configure triggers to apply the skills to tickets".
            "Chat skills do not carry over: recreate it as a ticket skill for the same agents, and a ticket trigger that applies it, or it routes nothing.",
            &["K1", "Z-1"],
        );
        if s.enabled.is_some_and(|e| !e.get()) {
            it.notes.push("Disabled in Chat.".into());
        }
        it.payload = Some(Payload::Skill(SkillPayload {
            name: name.clone(),
            description: s.description.clone(),
            agents: members(ctx, &s.members),
        }));
        ctx.item(it);
        ctx.need(
            Need::new(StepId::ConfigureOmnichannelRouting, "The account uses Chat skills.")
                .source(src)
                .detail(format!("Skill {name}: {}", crate::text::plural(s.members.len() as u64, "agent"))),
        );
    }
}

fn roles(ctx: &mut Context) {
    const FILE: &str = "chat/roles.json";
    let Some(roles) = ctx.account.chat.roles.as_ref() else { return };
    for r in roles {
        let name = r.name.clone().unwrap_or_else(|| r.id.as_ref().map(ToString::to_string).unwrap_or_default());
        let src = source(FILE, &name);
        // Issue 18 #4: Chat roles are what lets an agent serve messaging (Z-2): Admin and
        // Agent serve it, Agent (limited) only social messaging and live chat.
        ctx.need(
            Need::new(StepId::GiveAgentsChatRoles, "The account uses Chat roles; only some serve messaging.")
                .source(src.clone()),
        );
        let builtin = matches!(name.as_str(), "Administrator" | "Agent");
        if builtin {
            ctx.item(item(
                Section::Roles,
                src,
                format!("Chat role {} (kept)", if name == "Administrator" { "Admin" } else { "Agent" }),
                Outcome::Translated,
                "The Chat role stays and serves live chat and messaging alike: its agents need nothing more (Z-2).",
                &["Z-2"],
            ));
            continue;
        }
        let mut it = item(
            Section::Roles,
            src.clone(),
            format!("Custom Chat role \"{name}\" (Admin Center > People > Team > Roles)"),
            Outcome::Manual,
            "A custom Chat role stays a Chat role: check that it lets its agents serve messaging (Z-2).",
            &["Z-2", "K1"],
        );
        it.payload = Some(Payload::Role(RolePayload {
            name: name.clone(),
            description: r.description.clone(),
            members: r.members_count,
            chat_permissions: r.permissions.clone(),
        }));
        ctx.item(it);
        ctx.need(
            Need::new(StepId::RecreateCustomRoles, format!("Custom Chat role \"{name}\"."))
                .source(src)
                .detail(name.clone()),
        );
    }
}

fn goals(ctx: &mut Context) {
    const FILE: &str = "chat/goals.json";
    let Some(goals) = ctx.account.chat.goals.as_ref() else { return };
    for g in goals {
        let name = g.name.clone().unwrap_or_else(|| g.id.as_ref().map(ToString::to_string).unwrap_or_default());
        let src = source(FILE, &name);
        let outcome = ctx.wizard_or(Outcome::Manual);
        let mut it = item(
            Section::Goals,
            src.clone(),
            format!("Messaging goal \"{name}\""),
            outcome,
            if outcome == Outcome::MigratedByZendesk {
                "The migration copies goals into messaging goals."
            } else {
                "Self-serve activation does not copy goals: recreate it."
            },
            &["K2"],
        );
        it.payload = Some(Payload::Goal(GoalPayload {
            name: name.clone(),
            attribution_model: g.attribution_model.clone(),
            attribution_period: g.attribution_period,
            settings: g.settings.clone(),
        }));
        if g.enabled.is_some_and(|e| !e.get()) {
            it.notes.push("Disabled in Chat.".into());
        }
        ctx.item(it);
        if outcome == Outcome::Manual {
            // Issue 18 #26: the Chat goal's attribution, which the messaging goal asks for.
            let attribution = match (g.attribution_model.as_deref(), g.attribution_period) {
                (Some(m), Some(p)) => format!("{name}: attribution {m}, over {p} days"),
                (Some(m), None) => format!("{name}: attribution {m}"),
                (None, Some(p)) => format!("{name}: attribution over {p} days"),
                (None, None) => name.clone(),
            };
            ctx.need(Need::new(StepId::RecreateGoals, "The account has Chat goals.").source(src).detail(attribution));
        }
    }
}
