//! Classification and translation rules, one account assembled per case.

use std::path::Path;

use migrate::plan::PlanOptions;
use migrate::plan::StepId;
use migrate::plan::{ActivationPath, FeatureState, Known, Outcome, Plan, Segment};

use crate::common::{fixture, new_account, plan_dir};

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join(rel), text).unwrap();
}

fn plan_with(dir: &Path, activation: ActivationPath) -> Plan {
    migrate::pipeline::plan_account(dir, &PlanOptions { activation: Some(activation), ..PlanOptions::default() })
        .unwrap()
}

fn step_ids(plan: &Plan) -> Vec<StepId> {
    plan.steps.iter().map(|s| s.id).collect()
}

const QUIET_WIDGET: &str = r#"{"pre_chat_form": {"enabled": false}, "offline_form": {"enabled": false}, "visitor_authentication": {"enabled": false}}"#;
const HOURS_OFF: &str = r#"{"enabled": false, "timezone": "UTC"}"#;
const ONE_BRAND: &str = r#"{"brands": [{"id": 1, "name": "Main", "active": true}]}"#;

#[test]
fn traffic_is_reported_and_decides_nothing() {
    let a = new_account("quiet");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 4}"#);
    write(a.path(), "support/brands.json", ONE_BRAND);
    write(a.path(), "chat/widget.json", QUIET_WIDGET);
    write(a.path(), "chat/operating_hours.json", HOURS_OFF);
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Segment1);
    // Issue 10: no invented threshold (the old "<30 tickets" was one); D-5 gives none.
    // `low-traffic` is no reason code any more: a plan holding one is refused.
    assert!(serde_json::from_value::<migrate::plan::ReasonCode>(serde_json::json!("low-traffic")).is_err());
    let t = &plan.classification.evidence.traffic;
    assert_eq!(t.level, migrate::plan::TrafficLevel::Some);
    assert!(t.note.contains("4 chat tickets in 30 days") && t.note.contains("no traffic threshold"), "{}", t.note);
    assert_eq!(t.tickets_per_day, Some(0.1));
}

#[test]
fn all_tickets_count_when_chat_tickets_are_not_given() {
    let a = new_account("t");
    write(a.path(), "support/account.json", r#"{"tickets_last_30_days": 50}"#);
    let plan = plan_dir(a.path());
    let act = &plan.classification.evidence.activity;
    assert_eq!(act.active, Known::Yes);
    assert_eq!(act.source.as_deref(), Some("support/account.json#tickets_last_30_days"));
    // Brands and features unknown: active, but segment 1 or 2 cannot be told.
    assert_eq!(plan.classification.segment, Segment::Undetermined);
    assert_eq!(plan.classification.possible, [Segment::Segment1, Segment::Segment2]);
    assert!(step_ids(&plan).contains(&StepId::CompleteExport));
}

#[test]
fn a_known_feature_decides_segment_2_even_with_other_facts_missing() {
    let a = new_account("t");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 100}"#);
    write(
        a.path(),
        "chat/operating_hours.json",
        r#"{"enabled": true, "timezone": "Europe/Paris", "account_schedule": {"1": [{"start": 540, "end": 1020}]}}"#,
    );
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Segment2);
    assert!(plan.account.undecided.iter().any(|u| u.fact == "pre_chat_form" && u.files == ["chat/widget.json"]));
    assert!(plan.account.undecided.iter().any(|u| u.fact == "brands"));
}

#[test]
fn unknown_activity_lists_every_possible_segment() {
    let plan = plan_dir(&fixture("undetermined"));
    assert_eq!(plan.classification.segment, Segment::Undetermined);
    assert_eq!(plan.classification.possible, [Segment::Inactive, Segment::Segment1]);
    assert_eq!(plan.account.undecided[0].fact, "activity");
    let r = plan.classification.reasons.iter().find(|r| r.code == migrate::plan::ReasonCode::Undetermined).unwrap();
    assert!(r.text.contains("inactive") && r.text.contains("segment 1"), "{}", r.text);
}

#[test]
fn self_serve_moves_the_wizard_settings_to_the_admin() {
    let acme = fixture("acme-segment-2");
    let assisted = plan_with(&acme, ActivationPath::Assisted);
    let self_serve = plan_with(&acme, ActivationPath::SelfServe);
    let outcome = |p: &Plan, src: &str| p.items.iter().find(|i| i.source == src).unwrap().outcome;
    let hours = "chat/operating_hours.json#account_schedule";
    assert_eq!(outcome(&assisted, hours), Outcome::MigratedByZendesk);
    assert_eq!(outcome(&self_serve, hours), Outcome::Translated);
    assert_eq!(outcome(&self_serve, "chat/bans.json#visitor"), Outcome::Manual);
    assert_eq!(outcome(&self_serve, "chat/goals.json#\"Goal 3\""), Outcome::Manual);
    // The widget's look carries over either way (K7).
    assert_eq!(outcome(&self_serve, "chat/widget.json#appearance"), Outcome::MigratedByZendesk);
    let ids = step_ids(&self_serve);
    for id in [StepId::CreateBusinessHoursSchedule, StepId::SuspendBannedVisitors, StepId::RecreateGoals] {
        assert!(ids.contains(&id), "{id} missing: {ids:?}");
        assert!(!step_ids(&assisted).contains(&id), "{id} in the assisted plan");
    }
}

#[test]
fn one_schedule_step_and_one_launch_listing_the_brands() {
    let plan = plan_dir(&fixture("acme-segment-2"));
    let launch: Vec<_> = plan.steps.iter().filter(|s| s.id == StepId::LaunchBrandOffPeak).collect();
    // Two active brands; the inactive "Acme Legacy" has no widget to launch.
    assert_eq!(launch.len(), 1);
    assert_eq!(launch[0].brands, ["Acme", "Acme Outlet"]);
    let select: Vec<_> = plan.steps.iter().filter(|s| s.id == StepId::SelectScheduleOnChannel).collect();
    assert_eq!((select.len(), select[0].brands.len()), (1, 2));
    // Its blocking steps all come after activation, which the admin schedules per brand
    // (D-8), and nothing must be done before activation (D-6): no delay is offered (D-13).
    assert!(plan.blocking_steps() > 0);
    assert!(plan.steps.iter().all(|s| s.id != StepId::RequestActivationDelay));
    // Phases never go backwards.
    assert!(plan.steps.windows(2).all(|w| w[0].phase <= w[1].phase));
}

#[test]
fn segment_1_reviews_and_launches_and_nothing_blocks() {
    let plan = plan_dir(&fixture("segment-1"));
    let ids = step_ids(&plan);
    assert!(ids.contains(&StepId::ReviewMigratedSettings), "{ids:?}");
    assert!(ids.contains(&StepId::LaunchBrandOffPeak));
    assert_eq!(plan.blocking_steps(), 0);
    assert!(!ids.contains(&StepId::RequestActivationDelay));
}

#[test]
fn an_inactive_account_gets_a_short_plan_not_an_empty_one() {
    let plan = plan_dir(&fixture("inactive"));
    let ids = step_ids(&plan);
    // D-4's short plan only: what happens, the notice, what to check if that is wrong.
    assert_eq!(ids, [StepId::ConfirmInactive]);
    let s = &plan.steps[0];
    assert!(s.what.contains("30 days before") && s.what.contains("plan the account as active"), "{}", s.what);
    // One chat in the window made no ticket: never a silent "no effect on support work".
    assert!(s.what.contains("1 chat started in the 30 days before the export without a ticket"), "{}", s.what);
    assert!(plan.account.undecided.is_empty(), "the readiness checks do not apply");
    assert_eq!(plan.blocking_steps(), 0);
    // No chat ticket in the history (old chats only, the deleted one not counted), and the
    // count of all tickets at zero decides it (D-4 counts any ticket).
    let act = &plan.classification.evidence.activity;
    assert_eq!(act.source.as_deref(), Some("support/account.json#tickets_last_30_days"));
    assert_eq!((act.chat_tickets, act.tickets), (Some(0), Some(0)));
}

#[test]
fn department_schedules_become_one_schedule_each() {
    let plan = plan_dir(&fixture("department-schedules"));
    let schedules: Vec<_> =
        plan.items.iter().filter(|i| i.source.starts_with("chat/operating_hours.json#department_schedule.")).collect();
    assert_eq!(schedules.len(), 2);
    let sales = schedules.iter().find(|i| i.target.contains("Sales")).unwrap();
    // The payload as the plan's JSON carries it.
    let p = serde_json::to_value(sales.payload.as_ref().unwrap()).unwrap();
    assert_eq!(p["create"]["body"]["schedule"]["time_zone"], "Berlin");
    assert_eq!(
        p["workweek"]["body"]["workweek"]["intervals"],
        serde_json::json!([{"start_time": 1920, "end_time": 2640}, {"start_time": 3360, "end_time": 4080}])
    );
    let split = plan.steps.iter().find(|s| s.id == StepId::SplitDepartmentSchedules).unwrap();
    assert!(split.blocking);
    assert!(split.what.contains("- Sales: Mon 08:00–20:00, Tue 08:00–20:00"), "{}", split.what);
}

#[test]
fn an_offline_form_without_a_schedule_needs_a_person() {
    let plan = plan_dir(&fixture("feature-offline-form"));
    let item = plan.items.iter().find(|i| i.source == "chat/widget.json#offline_form").unwrap();
    assert_eq!(item.outcome, Outcome::Manual);
    let step = plan.steps.iter().find(|s| s.id == StepId::ConfigureOutsideHoursResponse).unwrap();
    // A person decides, but nothing is lost meanwhile: conversations become tickets (K9,
    // mapping §8), so the step does not block the launch.
    assert!(!step.blocking);
    assert!(step.what.contains("create a schedule") && step.what.contains("main response"), "{}", step.what);
}

#[test]
fn visitor_authentication_plans_key_and_code_without_the_secret() {
    let plan = plan_dir(&fixture("feature-visitor-auth"));
    let item = plan.items.iter().find(|i| i.source == "chat/widget.json#visitor_authentication").unwrap();
    assert_eq!(item.outcome, Outcome::Manual);
    let payload = serde_json::to_string(item.payload.as_ref().unwrap()).unwrap();
    for needle in ["\"kid\"", "scope", "external_id", "loginUser"] {
        assert!(payload.contains(needle), "{needle}");
    }
    assert!(!serde_json::to_string(&plan).unwrap().contains("signedin-shared-secret"));
    let ids = step_ids(&plan);
    assert!(ids.contains(&StepId::CreateMessagingSigningKey) && ids.contains(&StepId::UpdateJwtLoginCode));
    assert_eq!(plan.classification.evidence.features.visitor_authentication.state, FeatureState::Used);
}

#[test]
fn pre_chat_fields_map_to_customer_details() {
    let plan = plan_dir(&fixture("feature-pre-chat-form"));
    let item = plan.items.iter().find(|i| i.source == "chat/widget.json#pre_chat_form").unwrap();
    let p = serde_json::to_value(item.payload.as_ref().unwrap()).unwrap();
    assert_eq!(p["first_message"], "Hello! Who are we talking to?");
    let details: Vec<(&str, &str)> = p["customer_details"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["chat_field"].as_str().unwrap(), d["messaging"].as_str().unwrap()))
        .collect();
    assert_eq!(
        details,
        [("name", "name"), ("email", "email"), ("phone", "ticket_field"), ("department", "ticket_field")]
    );
    // Each field is a Ticket Fields API call, end-user visible and editable (support-api.md
    // §5), found again by its title.
    let fields = p["ticket_fields"].as_array().unwrap();
    assert_eq!(fields[0]["method"], "POST");
    assert_eq!(fields[0]["path"], "/api/v2/ticket_fields");
    assert_eq!(fields[0]["key"], "chat/widget.json#pre_chat_form/ticket_field/phone");
    assert_eq!(fields[0]["adopt_by"], serde_json::json!({"title": "Phone number"}));
    let body = |i: usize| &fields[i]["body"]["ticket_field"];
    assert_eq!(body(0)["type"], "text");
    assert_eq!(body(0)["title"], "Phone number");
    assert!(body(0)["visible_in_portal"] == true && body(0)["editable_in_portal"] == true);
    assert_eq!(body(1)["type"], "tagger");
    assert_eq!(body(1)["custom_field_options"][1]["value"], "department_returns");
    // Optional in Chat, mandatory in messaging (K9).
    assert!(item.notes.iter().any(|n| n.contains("email, phone")), "{:?}", item.notes);
    // Team plan: no schedules (K9).
    assert!(plan.warnings.iter().all(|w| w.code != "team-plan-no-schedules"), "hours are off here");
}

#[test]
fn team_plans_cannot_use_schedules() {
    let a = new_account("team");
    write(a.path(), "support/account.json", r#"{"plan": "suite_team", "chat_tickets_last_30_days": 9}"#);
    write(
        a.path(),
        "chat/operating_hours.json",
        r#"{"enabled": true, "timezone": "UTC", "account_schedule": {"1": [{"start": 0, "end": 600}]}}"#,
    );
    let plan = plan_dir(a.path());
    assert!(plan.warnings.iter().any(|w| w.code == "team-plan-no-schedules"));
    let item = plan.items.iter().find(|i| i.source == "chat/operating_hours.json#account_schedule").unwrap();
    assert_eq!(item.outcome, Outcome::Manual);
    assert!(!step_ids(&plan).contains(&StepId::SelectScheduleOnChannel));
}

#[test]
fn unknown_files_and_keys_are_reported_not_dropped() {
    let a = new_account("typos");
    write(a.path(), "chat/trigers.json", "[]");
    write(a.path(), "support/account.json", r#"{"agent_worksapce": true, "chat_tickets_last_30_days": 3}"#);
    let plan = plan_dir(a.path());
    let w: Vec<(&str, &str)> = plan.warnings.iter().map(|w| (w.code.as_str(), w.message.as_str())).collect();
    assert!(w.iter().any(|(c, m)| *c == "unknown-file" && m.contains("did you mean chat/triggers.json?")), "{w:?}");
    assert!(w.iter().any(|(c, m)| *c == "unknown-key" && m.contains("agent_worksapce")), "{w:?}");
}

#[test]
fn templates_are_validated_but_their_facts_stay_unverified() {
    let a = new_account("tmpl");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 300}"#);
    write(a.path(), "support/brands.json", ONE_BRAND);
    write(
        a.path(),
        "chat/widget.json",
        r#"{"template": true, "pre_chat_form": {"enabled": false}, "offline_form": {"enabled": false}, "visitor_authentication": {"enabled": false}}"#,
    );
    write(a.path(), "chat/operating_hours.json", r#"{"template": true, "enabled": false, "timezone": "UTC"}"#);
    let plan = plan_dir(a.path());
    assert_eq!(plan.account.files["chat/widget.json"], migrate::account::FileState::Template);
    assert_eq!(plan.classification.evidence.features.pre_chat_form.state, FeatureState::Unknown);
    assert_eq!(plan.classification.segment, Segment::Undetermined);
    assert!(
        plan.warnings
            .iter()
            .any(|w| w.code == "template-unverified" && w.source.as_deref() == Some("chat/widget.json"))
    );
    // Once completed, the same facts decide.
    write(a.path(), "chat/widget.json", QUIET_WIDGET);
    write(a.path(), "chat/operating_hours.json", HOURS_OFF);
    assert_eq!(plan_dir(a.path()).classification.segment, Segment::Segment1);
}

#[test]
fn a_department_linked_to_a_deleted_group_blocks() {
    let a = new_account("g");
    write(
        a.path(),
        "chat/departments.json",
        r#"[{"id": 1, "name": "Gone", "enabled": true, "members": [], "settings": {"support_group_id": 77}}]"#,
    );
    write(a.path(), "support/groups.json", r#"{"groups": [{"id": 78, "name": "Other"}]}"#);
    let plan = plan_dir(a.path());
    let item = plan.items.iter().find(|i| i.source == "chat/departments.json#\"Gone\"").unwrap();
    assert_eq!(item.outcome, Outcome::Manual);
    assert!(item.reason.contains("77"));
    assert!(plan.steps.iter().any(|s| s.id == StepId::MapDepartmentsToGroups && s.blocking));
}

/// Every place that states the exit-code merge rule (README, docs/, `--help` texts) states it
/// as `ExitCode::merge` implements it, for the codes it names (issue 13: one source).
#[test]
fn merge_order_in_docs_and_help_follows_severity() {
    use migrate::exit_codes::ExitCode;
    let root = env!("CARGO_MANIFEST_DIR");
    let mut texts: Vec<(String, String)> = ["README.md", "docs/cli.md", "docs/batch.md", "docs/export.md"]
        .iter()
        .map(|f| ((*f).to_owned(), std::fs::read_to_string(format!("{root}/{f}")).unwrap()))
        .collect();
    texts.push(("exit_codes::HELP".into(), migrate::exit_codes::HELP.into()));
    texts.push(("export --help".into(), migrate::cli::EXPORT_AFTER_HELP.into()));
    texts.push(("verify --help".into(), migrate::cli::VERIFY_AFTER_HELP.into()));
    texts.push(("apply --help".into(), migrate::cli::APPLY_AFTER_HELP.into()));
    for f in ["docs/verify.md", "docs/apply.md"] {
        texts.push((f.to_owned(), std::fs::read_to_string(format!("{root}/{f}")).unwrap()));
    }
    let order = regex::Regex::new(r"\b\d+(?: > \d+)+").unwrap();
    let mut seen = 0;
    for (name, text) in &texts {
        for m in order.find_iter(text) {
            let codes: Vec<ExitCode> = m
                .as_str()
                .split(" > ")
                .map(|n| {
                    let n: u8 = n.parse().unwrap();
                    *ExitCode::ALL.iter().find(|c| c.code() == n).unwrap_or_else(|| panic!("{name}: no exit code {n}"))
                })
                .collect();
            assert_eq!(m.as_str(), ExitCode::merge_order(&codes), "{name} states the merge order out of date");
            seen += 1;
        }
    }
    assert!(seen >= 6, "the merge order was found only {seen} times");
}
