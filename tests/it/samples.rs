//! Every real Chat API capture in ../shared/research/samples loads unchanged: export
//! directories are assembled from byte-for-byte copies and planned without error.

use std::path::Path;

use migrate::plan::StepId;
use migrate::plan::{Outcome, Section};

use migrate::account::facts::Origin;
use serde_json::{Value, json};

use crate::common::{new_account, plan_dir, real, samples};

fn copy(samples: &Path, from: &str, account: &Path, to: &str) {
    let src = samples.join(from);
    let bytes = std::fs::read(&src).unwrap_or_else(|e| panic!("{}: {e}", src.display()));
    std::fs::write(account.join(to), bytes).unwrap();
}

#[test]
fn airbyte_captures_plan_unchanged() {
    let Some(s) = samples() else { return };
    let acct = new_account("d3v-airbyte");
    let a = acct.path();
    for (from, to) in [
        ("airbyte-chat/account.json", "chat/account.json"),
        ("airbyte-chat/agents.json", "chat/agents.json"),
        ("airbyte-chat/bans.json", "chat/bans.json"),
        ("airbyte-chat/departments.json", "chat/departments.json"),
        ("airbyte-chat/goals.json", "chat/goals.json"),
        ("airbyte-chat/roles.json", "chat/roles.json"),
        ("airbyte-chat/routing_settings_account.json", "chat/routing_settings.json"),
        ("airbyte-chat/shortcuts.json", "chat/shortcuts.json"),
        ("airbyte-chat/skills.json", "chat/skills.json"),
        ("airbyte-chat/triggers.json", "chat/triggers.json"),
        // The incremental export page as saved: one pretty-printed `{"chats": [...]}`.
        ("airbyte-chat/incremental_chats_page.json", "chat/chats.jsonl"),
    ] {
        copy(&s, from, a, to);
    }
    // No chat ticket in the window decides "inactive" only with the count of all tickets
    // at zero too (D-4 counts any ticket): the one fact the captures do not hold.
    std::fs::create_dir_all(a.join("support")).unwrap();
    std::fs::write(a.join("support/account.json"), r#"{"tickets_last_30_days": 0}"#).unwrap();
    let plan = plan_dir(a);
    let of = |section: Section| plan.items.iter().filter(|i| i.section == section).collect::<Vec<_>>();
    assert_eq!(of(Section::Triggers).len(), 6, "six stock triggers");
    assert_eq!(of(Section::Shortcuts).len(), 4);
    // Two shortcuts carry "Yes/No" options, which the agent workspace cannot do (K18).
    assert_eq!(of(Section::Shortcuts).iter().filter(|i| i.outcome == Outcome::Manual).count(), 2);
    // Three departments name their Support group; "Department 3" has none (settings: {}).
    let depts = of(Section::Departments);
    assert_eq!(depts.len(), 4);
    let d3 = depts.iter().find(|i| i.source == "chat/departments.json#\"Department 3\"").unwrap();
    assert_eq!(d3.outcome, Outcome::Translated);
    assert_eq!(of(Section::Skills).len(), 3);
    assert_eq!(of(Section::Roles).len(), 2);
    assert_eq!(of(Section::Goals).len(), 2);
    assert_eq!(of(Section::Bans).len(), 2);
    assert_eq!(of(Section::Routing).len(), 1);
    // Inactive (below): D-4's short plan, whatever the settings hold (issue 10).
    assert_eq!(plan.steps.iter().map(|s| s.id).collect::<Vec<_>>(), [StepId::ConfirmInactive]);
    // The page holds one offline message from 2021; the window ends 2026-11-02.
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.objects, h.chats, h.offline_messages, h.bad_lines), (1, 1, 1, 0));
    assert_eq!(plan.classification.segment, migrate::plan::Segment::Inactive);
}

#[test]
fn zenpy_captures_plan_unchanged() {
    let Some(s) = samples() else { return };
    let acct = new_account("testapizenpy");
    let a = acct.path();
    for (from, to) in [
        ("zenpy-chat/account.json", "chat/account.json"),
        // Single objects ("show" responses) where the layout has lists.
        ("zenpy-chat/agent.json", "chat/agents.json"),
        ("zenpy-chat/ban.json", "chat/bans.json"),
        ("zenpy-chat/department.json", "chat/departments.json"),
        ("zenpy-chat/goal.json", "chat/goals.json"),
        ("zenpy-chat/shortcut.json", "chat/shortcuts.json"),
        ("zenpy-chat/trigger.json", "chat/triggers.json"),
        ("zenpy-support/brand.json", "support/brands.json"),
        ("zenpy-support/group.json", "support/groups.json"),
        ("zenpy-support/schedule.json", "support/schedules.json"),
    ] {
        copy(&s, from, a, to);
    }
    // The chat and the offline message, pretty-printed as captured, one after the other.
    let mut history = std::fs::read(s.join("zenpy-chat/chat.json")).unwrap();
    history.extend(std::fs::read(s.join("zenpy-chat/offline_message.json")).unwrap());
    std::fs::write(a.join("chat/chats.jsonl"), history).unwrap();
    let plan = plan_dir(a);
    // The trigger has no id: its name is its key.
    assert!(plan.items.iter().any(|i| i.source == "chat/triggers.json#\"Chat Rescuer\""));
    // The shortcut has no id either.
    assert!(plan.items.iter().any(|i| i.source == "chat/shortcuts.json#\"help\""));
    assert!(plan.items.iter().any(|i| i.source == "chat/departments.json#\"TestDepartment\""));
    assert_eq!(plan.classification.evidence.brands.active, Some(1));
    let h = plan.account.history.as_ref().unwrap();
    assert_eq!((h.chats, h.offline_messages, h.bad_lines), (2, 1, 0));
    // chat.json ran 04:36:45–04:50:01 on Monday 24 April 2017.
    assert_eq!(h.capacity.peak_concurrent, Some(1));
    assert_eq!(h.traffic.as_ref().unwrap().first_day, "2017-04-24");
    assert_eq!(plan.account.subdomain, "testapizenpy");
}

fn fact<'a>(plan: &'a migrate::plan::Plan, name: &str) -> &'a migrate::account::facts::KnownFact {
    plan.account.facts.iter().find(|f| f.fact == name).unwrap_or_else(|| panic!("no fact {name}"))
}

/// Issue 14: the salto recording's Support answers (account settings, support addresses,
/// brands, groups, users, schedules) load unchanged, and the readiness facts say they came
/// from the API.
#[test]
fn salto_support_captures_plan_unchanged_with_api_facts() {
    let Some(r) = real() else { return };
    let acct = new_account("mybrand");
    let a = acct.path();
    for (from, to) in [
        ("salto-zendesk-adapter/account_settings.json", "support/account_settings.json"),
        ("salto-zendesk-adapter/recipient_addresses.json", "support/recipient_addresses.json"),
        ("salto-zendesk-adapter/brands.json", "support/brands.json"),
        ("salto-zendesk-adapter/groups.json", "support/groups.json"),
        ("salto-zendesk-adapter/users.json", "support/users.json"),
        ("salto-zendesk-adapter/schedules.json", "support/schedules.json"),
    ] {
        copy(&r, from, a, to);
    }
    let plan = plan_dir(a);
    // settings.agents.agent_workspace true, settings.chat.integrated false (D-16; D-20 … D-22).
    let aw = fact(&plan, "agent_workspace");
    assert_eq!((&aw.value, aw.origin), (&json!(true), Some(Origin::Api)));
    assert_eq!(aw.source.as_deref(), Some("support/account_settings.json#settings.agents.agent_workspace"));
    assert_eq!(fact(&plan, "chat_integrated").value, json!(false));
    let features = fact(&plan, "active_features");
    assert_eq!(features.origin, Some(Origin::Api));
    let on: Vec<&str> = features.value.as_array().unwrap().iter().filter_map(Value::as_str).collect();
    assert!(on.contains(&"business_hours") && on.contains(&"explore") && !on.contains(&"chat"), "{on:?}");
    let addresses = fact(&plan, "support_addresses");
    assert_eq!(addresses.origin, Some(Origin::Api));
    assert_eq!(addresses.value.as_array().map(Vec::len), Some(1));
    // The prerequisite check ran: no turn-on-agent-workspace step, no undecided workspace.
    assert!(!plan.steps.iter().any(|s| s.id == StepId::TurnOnAgentWorkspace));
    assert!(!plan.account.undecided.iter().any(|u| u.fact == "agent_workspace"));
    assert!(!plan.account.undecided.iter().any(|u| u.fact == "support_addresses"));
    assert_eq!(plan.classification.evidence.brands.total, Some(3));
}

/// The zenpy cassette's 7 support addresses (two default, one still `waiting`) and the
/// go-zendesk Support lists load unchanged.
#[test]
fn zenpy_and_go_zendesk_support_captures_load_unchanged() {
    let Some(r) = real() else { return };
    let acct = new_account("z3n-jteitelbaum");
    let a = acct.path();
    for (from, to) in [
        ("zenpy-betamax/recipient_addresses.json", "support/recipient_addresses.json"),
        ("zenpy-betamax/groups_cursor_page.json", "support/groups.json"),
        ("zenpy-betamax/users.json", "support/users.json"),
        ("go-zendesk/brands.json", "support/brands.json"),
    ] {
        copy(&r, from, a, to);
    }
    let account = migrate::account::load(a).unwrap();
    assert_eq!(account.support.recipient_addresses.as_ref().map(Vec::len), Some(7));
    let plan = plan_dir(a);
    let addresses = fact(&plan, "support_addresses");
    assert_eq!(addresses.origin, Some(Origin::Api));
    assert!(addresses.value.as_array().unwrap().iter().any(|e| e == "support@z3n-jteitelbaum.zendesk.com"));
    // No account settings: the agent workspace stays unknown, never guessed.
    assert_eq!(fact(&plan, "agent_workspace").value, Value::Null);
    assert!(
        plan.account
            .undecided
            .iter()
            .any(|u| u.fact == "agent_workspace" && u.files.contains(&"support/account_settings.json".to_owned()))
    );
    assert_eq!(plan.classification.evidence.brands.total, Some(2));
}

/// A hand-filled key that the API contradicts is reported, and the API's answer is used.
#[test]
fn a_hand_filled_fact_the_api_contradicts_is_reported() {
    let Some(r) = real() else { return };
    let acct = new_account("mybrand");
    let a = acct.path();
    copy(&r, "salto-zendesk-adapter/account_settings.json", a, "support/account_settings.json");
    std::fs::write(a.join("support/account.json"), r#"{"agent_workspace": false, "plan": "suite_growth"}"#).unwrap();
    let account = migrate::account::load(a).unwrap();
    assert!(account.notes.iter().any(|n| n.code == "fact-conflict" && n.message.contains("agent_workspace")));
    let plan = plan_dir(a);
    assert_eq!(fact(&plan, "agent_workspace").value, json!(true));
    assert_eq!(fact(&plan, "agent_workspace").origin, Some(Origin::Api));
    assert_eq!(fact(&plan, "plan").origin, Some(Origin::ExportFile));
    assert!(!plan.steps.iter().any(|s| s.id == StepId::TurnOnAgentWorkspace));
}

/// Every real capture of a Support list the layout holds loads unchanged, one account per
/// file, with the number of objects the recording holds (SOURCES.md): offset and cursor
/// wrappers, and "show" responses read as a list of one.
#[test]
fn every_real_support_capture_of_the_layout_loads_unchanged() {
    let Some(r) = real() else { return };
    for (from, to, count) in [
        ("salto-zendesk-adapter/brands.json", "support/brands.json", 3),
        ("salto-zendesk-adapter/groups.json", "support/groups.json", 4),
        ("salto-zendesk-adapter/users.json", "support/users.json", 1),
        ("salto-zendesk-adapter/schedules.json", "support/schedules.json", 3),
        ("salto-zendesk-adapter/recipient_addresses.json", "support/recipient_addresses.json", 1),
        ("zenpy-betamax/groups.json", "support/groups.json", 9),
        ("zenpy-betamax/groups_cursor_page.json", "support/groups.json", 9),
        ("zenpy-betamax/users.json", "support/users.json", 100),
        ("zenpy-betamax/brand.json", "support/brands.json", 1),
        ("zenpy-betamax/recipient_addresses.json", "support/recipient_addresses.json", 7),
        ("go-zendesk/brands.json", "support/brands.json", 2),
        ("go-zendesk/groups.json", "support/groups.json", 1),
        ("go-zendesk/users.json", "support/users.json", 2),
        ("go-zendesk-jacobpotter/schedule.json", "support/schedules.json", 1),
    ] {
        let acct = new_account("captures");
        copy(&r, from, acct.path(), to);
        let account = migrate::account::load(acct.path()).unwrap_or_else(|e| panic!("{from}: {}", e.headline()));
        let s = &account.support;
        let n = match to {
            "support/brands.json" => s.brands.as_ref().map(Vec::len),
            "support/groups.json" => s.groups.as_ref().map(Vec::len),
            "support/users.json" => s.users.as_ref().map(Vec::len),
            "support/schedules.json" => s.schedules.as_ref().map(Vec::len),
            _ => s.recipient_addresses.as_ref().map(Vec::len),
        };
        assert_eq!(n, Some(count), "{from}");
        plan_dir(acct.path());
    }
}
