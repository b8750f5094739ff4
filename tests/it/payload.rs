//! Typed payloads (issue 13, item 2; issue 17, item 3): a plan's JSON reads back into the
//! same plan, each payload into the shape its `kind` names (which its section implies), and
//! writes out byte for byte as before; every API call of a plan can be executed in order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use migrate::plan::{ActivationPath, Item, Payload, Plan, PlanOptions, Section};

use crate::common::{copy_dir, fixture};

/// Every fixture that plans (the `broken-*` ones are refused by design).
fn fixtures() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(crate::common::root().join("fixtures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with("broken-"))
        .collect();
    names.sort();
    names
}

fn plan(name: &str, activation: ActivationPath) -> Plan {
    plan_at(&fixture(name), activation)
}

fn plan_at(dir: &Path, activation: ActivationPath) -> Plan {
    let options = PlanOptions { activation, ..PlanOptions::default() };
    migrate::pipeline::plan_account(dir, &options).unwrap_or_else(|e| panic!("{}: {e:#}", dir.display()))
}

/// `acme-segment-2` with a custom Chat role, the one payload shape no fixture carries.
fn with_custom_role() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixture("acme-segment-2"), dir.path());
    let roles = dir.path().join("chat/roles.json");
    let mut list: Vec<serde_json::Value> = serde_json::from_str(&std::fs::read_to_string(&roles).unwrap()).unwrap();
    list.push(serde_json::json!({
        "enabled": true,
        "permissions": {"view_past_chats": "account", "manage_bans": "none", "edit_chat_tags": true},
        "description": null,
        "name": "Team lead",
        "id": 360_002_849_001_u64,
        "members_count": 3
    }));
    std::fs::write(&roles, serde_json::to_string_pretty(&list).unwrap()).unwrap();
    dir
}

/// The variant a section and source call for: the same rule as `Payload::from_json`, written
/// out again here so that a change to either is caught.
fn expected_variant(item: &Item) -> &'static str {
    let key = item.source.split_once('#').map_or("", |(_, k)| k);
    match item.section {
        Section::BusinessHours => "schedule",
        Section::Forms => "response",
        Section::Authentication => "jwt",
        Section::Departments => "group",
        Section::Routing => "routing",
        Section::Skills => "skill",
        Section::Roles => "role",
        Section::Goals => "goal",
        Section::Shortcuts => "macro",
        Section::Bans if key == "visitor" => "banned visitors",
        Section::Bans if key == "ip_address" => "banned ips",
        Section::Triggers => "trigger",
        Section::Widget if key == "appearance" => "widget look",
        Section::Widget if key.starts_with("js_api_calls[") => "js api rewrite",
        _ => "none",
    }
}

fn variant(p: &Payload) -> &'static str {
    match p {
        Payload::Schedule(_) => "schedule",
        Payload::Response(_) => "response",
        Payload::Jwt(_) => "jwt",
        Payload::Group(_) => "group",
        Payload::Routing(_) => "routing",
        Payload::Skill(_) => "skill",
        Payload::Role(_) => "role",
        Payload::Goal(_) => "goal",
        Payload::Macro(_) => "macro",
        Payload::BannedVisitors(_) => "banned visitors",
        Payload::BannedIps(_) => "banned ips",
        Payload::Trigger(_) => "trigger",
        Payload::WidgetLook(_) => "widget look",
        Payload::JsApiRewrite(_) => "js api rewrite",
    }
}

#[test]
fn plan_json_round_trips_byte_for_byte_with_typed_payloads() {
    let mut seen = BTreeSet::new();
    let role = with_custom_role();
    let mut dirs: Vec<(String, PathBuf)> = fixtures().into_iter().map(|n| (n.clone(), fixture(&n))).collect();
    dirs.push(("acme-segment-2 with a custom role".into(), role.path().to_path_buf()));
    for (name, dir) in &dirs {
        for activation in [ActivationPath::Assisted, ActivationPath::SelfServe] {
            let plan = plan_at(dir, activation);
            let json = migrate::render::json::plan(&plan);
            let back: Plan = serde_json::from_str(&json).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(back, plan, "{name}: the plan reads back equal");
            assert_eq!(migrate::render::json::plan(&back), json, "{name}: re-serialised byte for byte");
            for item in &back.items {
                if let Some(p) = &item.payload {
                    assert_eq!(variant(p), expected_variant(item), "{name}: {}", item.source);
                    seen.insert(variant(p));
                }
            }
        }
    }
    // The fixtures exercise every shape, so the round trip above is not vacuous.
    let all = [
        "schedule",
        "response",
        "jwt",
        "group",
        "routing",
        "skill",
        "role",
        "goal",
        "macro",
        "banned visitors",
        "banned ips",
        "trigger",
        "widget look",
        "js api rewrite",
    ];
    let missing: Vec<_> = all.iter().filter(|v| !seen.contains(*v)).collect();
    assert!(missing.is_empty(), "no fixture carries a payload of shape {missing:?}");
}

#[test]
fn the_rich_fixtures_round_trip() {
    for name in ["everything-segment-2", "trigger-corpus"] {
        let plan = plan(name, ActivationPath::Assisted);
        let json = migrate::render::json::plan(&plan);
        let back: Plan = serde_json::from_str(&json).unwrap();
        assert_eq!(migrate::render::json::plan(&back), json, "{name}");
        let triggers = back.items.iter().filter(|i| matches!(i.payload, Some(Payload::Trigger(_)))).count();
        assert!(triggers > 0, "{name} has trigger payloads");
    }
}

#[test]
fn a_payload_is_read_by_its_kind_not_by_guessing() {
    let plan = plan("acme-segment-2", ActivationPath::Assisted);
    let json: serde_json::Value = serde_json::from_str(&migrate::render::json::plan(&plan)).unwrap();
    let i = json["items"].as_array().unwrap().iter().position(|it| it["section"] == "shortcuts").expect("a shortcut");
    assert_eq!(json["items"][i]["payload"]["kind"], "macro");
    // Without its tag a payload is refused, whatever its section and source say.
    let mut untagged = json.clone();
    untagged["items"][i]["payload"].as_object_mut().unwrap().remove("kind");
    let err = serde_json::from_value::<Plan>(untagged).unwrap_err().to_string();
    assert!(err.contains("missing field `kind`"), "{err}");
    // A tag that names another shape, or no shape, is refused too.
    for kind in ["schedule", "recipe"] {
        let mut other = json.clone();
        other["items"][i]["payload"]["kind"] = kind.into();
        assert!(serde_json::from_value::<Plan>(other).is_err(), "{kind}");
    }
}

/// Every call of every fixture's plan can be executed in plan order: unique keys, each
/// dependency before its dependant, ids known only at apply time typed (`$ref`), and the
/// workweek after its schedule, each membership after its group.
#[test]
fn every_fixture_plans_calls_that_can_be_executed() {
    use migrate::plan::payload::{IdRef, Method, Object, api::check_calls};
    let mut objects = BTreeSet::new();
    for name in fixtures() {
        for activation in [ActivationPath::Assisted, ActivationPath::SelfServe] {
            let plan = plan(&name, activation);
            let calls: Vec<_> = plan.calls().map(|(_, c)| c).collect();
            check_calls(calls.iter().copied()).unwrap_or_else(|e| panic!("{name}: {e}"));
            for c in &calls {
                objects.insert(format!("{:?}", c.object));
                assert!(!c.path.as_str().contains("{schedule_id}"), "{name}: {}", c.key);
                match c.object {
                    Object::Workweek => {
                        assert_eq!(c.method, Method::Put);
                        assert!(c.path.needs_id() && c.depends_on.as_ref().is_some_and(|d| d.0.ends_with("/schedule")));
                    }
                    Object::GroupMembership => {
                        assert!(IdRef::all_in(&c.body).unwrap().contains(&IdRef::DependsOn), "{}", c.key);
                        assert!(c.depends_on.as_ref().is_some_and(|d| d.0.ends_with("/group")));
                    }
                    _ => {
                        assert_eq!(c.method, Method::Post, "{}", c.key);
                        assert!(c.adopt_by.is_some(), "{name}: {} says how to find it again", c.key);
                    }
                }
            }
        }
    }
    let want = ["Group", "GroupMembership", "Macro", "Schedule", "TicketField", "Trigger", "Workweek"];
    let missing: Vec<_> = want.iter().filter(|o| !objects.contains(**o)).collect();
    assert!(missing.is_empty(), "no fixture plans a call for {missing:?}");
}
