//! Every real Chat API capture in ../shared/research/samples loads unchanged: export
//! directories are assembled from byte-for-byte copies and planned without error.

use std::path::Path;

use migrate::plan::{Outcome, Section};

use crate::common::{new_account, plan_dir, samples};

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
    assert_eq!(plan.steps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), ["confirm-inactive"]);
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
