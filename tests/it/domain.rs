//! Domain review: what the plan tells an admin follows the sources it cites (D-n, Kn).
//!
//! Each test pins one rule that a review found wrong or untested: activity figures that
//! disagree (D-4), brands and features at the edge of the segment rule (D-5), when to ask
//! for an activation delay (D-6, D-8, D-13), the order of the schedule steps (K9), and
//! what is the tool's inference rather than a documented fact ([I]).

use std::path::Path;

use migrate::plan::PlanOptions;
use migrate::plan::{ActivationPath, FeatureState, Known, Phase, Plan, Segment, Step};
use migrate::plan::{ReasonCode, StepId};

use crate::common::{fixture, new_account, plan_dir};

fn write(dir: &Path, rel: &str, text: &str) {
    std::fs::write(dir.join(rel), text).unwrap();
}

fn ids(plan: &Plan) -> Vec<StepId> {
    plan.steps.iter().map(|s| s.id).collect()
}

fn step(plan: &Plan, id: StepId) -> &Step {
    plan.steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}: {:?}", ids(plan)))
}

const QUIET_WIDGET: &str = r#"{"pre_chat_form": {"enabled": false}, "offline_form": {"enabled": false}, "visitor_authentication": {"enabled": false}}"#;
const HOURS_OFF: &str = r#"{"enabled": false, "timezone": "UTC"}"#;
const ONE_BRAND: &str = r#"{"brands": [{"id": 1, "name": "Main", "active": true}]}"#;
/// One chat in the window (2026-10-03 → 2026-11-02) that made no ticket.
const HISTORY_NO_TICKET: &str = r#"{"id": "1.a", "type": "chat", "timestamp": "2026-10-20T10:00:00Z", "end_timestamp": "2026-10-20T10:05:00Z", "zendesk_ticket_id": null, "update_timestamp": "2026-10-20T10:05:00Z"}
"#;

/// A segment-1-shaped account: one brand, none of the four features.
fn simple_account(subdomain: &str) -> tempfile::TempDir {
    let a = new_account(subdomain);
    write(a.path(), "support/brands.json", ONE_BRAND);
    write(a.path(), "chat/widget.json", QUIET_WIDGET);
    write(a.path(), "chat/operating_hours.json", HOURS_OFF);
    a
}

#[test]
fn a_chat_ticket_counted_anywhere_makes_the_account_active() {
    // The history counts no ticket, the Support count does: one ticket is enough (D-4).
    let a = simple_account("disagree");
    write(a.path(), "chat/chats.jsonl", HISTORY_NO_TICKET);
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 12}"#);
    let plan = plan_dir(a.path());
    let act = &plan.classification.evidence.activity;
    assert_eq!(act.active, Known::Yes);
    assert_eq!(act.chat_tickets, Some(12));
    assert_eq!(act.source.as_deref(), Some("support/account.json#chat_tickets_last_30_days"));
    assert_eq!(plan.classification.segment, Segment::Segment1);
    let w = plan.warnings.iter().find(|w| w.code == "activity-figures-disagree").expect("disagreement warned");
    assert!(w.message.contains("The chat history counts no chat ticket") && w.message.contains("counts 12"));
    assert!(w.message.contains("treats the account as active"), "{}", w.message);
    assert_eq!(w.refs.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["D-4", "D-6"]);
}

#[test]
fn figures_that_agree_are_not_warned() {
    let a = simple_account("agree");
    write(a.path(), "chat/chats.jsonl", HISTORY_NO_TICKET);
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 0, "tickets_last_30_days": 0}"#);
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Inactive);
    assert!(plan.warnings.iter().all(|w| !w.code.starts_with("activity-")), "{:?}", plan.warnings);
}

#[test]
fn tickets_on_other_channels_make_the_account_active() {
    // D-4 says "no tickets", not "no chat tickets" (digest: such an account is not shown to
    // be inactive). Issue 10: today's "Inactive: no tickets…" with 50 tickets counted.
    let a = simple_account("emailonly");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 0, "tickets_last_30_days": 50}"#);
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Segment1);
    let act = &plan.classification.evidence.activity;
    assert_eq!((act.active, act.chat_tickets, act.tickets), (Known::Yes, Some(0), Some(50)));
    assert_eq!(act.source.as_deref(), Some("support/account.json#tickets_last_30_days"));
    let r = &plan.classification.reasons[0];
    assert!(r.text.starts_with("Active: no chat ticket, but 50 tickets"), "{}", r.text);
    assert!(r.text.contains("any channel"), "{}", r.text);
    assert!(plan.warnings.iter().all(|w| w.code != "activity-chat-tickets-only"));
    // The same with the chat history as the chat figure.
    let b = simple_account("emailonly2");
    write(b.path(), "chat/chats.jsonl", HISTORY_NO_TICKET);
    write(b.path(), "support/account.json", r#"{"tickets_last_30_days": 500}"#);
    let plan = plan_dir(b.path());
    assert_eq!(plan.classification.segment, Segment::Segment1);
    // The plan never prints "no tickets" when it counted some.
    for out in [migrate::render::terminal::render(&plan, false), migrate::render::markdown::render(&plan)] {
        assert!(!out.contains("no tickets") && !out.contains("No tickets"), "{out}");
    }
}

#[test]
fn no_chat_ticket_without_a_count_of_other_tickets_is_not_called_inactive() {
    // D-4 counts tickets of any channel (digest): no chat ticket shows an account inactive
    // only when the count of all tickets is zero too. Without that count, no guess.
    let a = simple_account("chatonly");
    write(a.path(), "chat/chats.jsonl", HISTORY_NO_TICKET);
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Undetermined);
    assert!(plan.classification.possible.contains(&Segment::Inactive));
    let r = &plan.classification.reasons[0];
    assert!(r.text.starts_with("Activity unknown: no chat ticket in the 30 days"), "{}", r.text);
    assert!(r.text.contains("no count of the other tickets"), "{}", r.text);
    // The chat in the window without a ticket is said, not hidden behind "no effect".
    assert!(r.text.contains("1 chat started in the window without a ticket"), "{}", r.text);
    let u = plan.account.undecided.iter().find(|u| u.fact == "activity").expect("activity undecided");
    assert_eq!(u.files, ["support/account.json"]);
    assert!(u.effect.contains("tickets_last_30_days"), "{}", u.effect);

    // With the count of all tickets at zero, the account is inactive, and says so.
    write(a.path(), "support/account.json", r#"{"tickets_last_30_days": 0}"#);
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Inactive);
    let r = &plan.classification.reasons[0];
    assert!(r.text.starts_with("Inactive: no ticket at all in the 30 days"), "{}", r.text);
    assert!(r.text.contains("1 chat started in the window without a ticket"), "{}", r.text);
}

#[test]
fn inactive_brands_are_not_counted_and_the_plan_says_it_is_our_reading() {
    let a = simple_account("brands");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 40}"#);
    write(
        a.path(),
        "support/brands.json",
        r#"{"brands": [{"id": 1, "name": "Main", "active": true}, {"id": 2, "name": "Old", "active": false}]}"#,
    );
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.segment, Segment::Segment1);
    assert_eq!(plan.classification.evidence.brands.multi_brand, Known::No);
    let r = plan.classification.reasons.iter().find(|r| r.code == ReasonCode::InactiveBrands).expect("reason");
    assert!(r.text.contains("1 inactive brand not counted") && r.text.contains("[I]") && r.text.contains("segment 2"));
    // One brand, one widget to launch.
    assert_eq!(step(&plan, StepId::LaunchBrandOffPeak).brands, ["Main"]);
}

#[test]
fn visitor_authentication_on_without_a_secret_is_used_and_says_so() {
    let a = simple_account("nosecret");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 40}"#);
    write(
        a.path(),
        "chat/widget.json",
        r#"{"pre_chat_form": {"enabled": false}, "offline_form": {"enabled": false}, "visitor_authentication": {"enabled": true}}"#,
    );
    let plan = plan_dir(a.path());
    let f = &plan.classification.evidence.features.visitor_authentication;
    assert_eq!(f.state, FeatureState::Used);
    assert!(f.source.contains("no shared_secret exported"), "{}", f.source);
    assert_eq!(plan.classification.segment, Segment::Segment2);
    assert!(ids(&plan).contains(&StepId::CreateMessagingSigningKey));
}

#[test]
fn operating_hours_on_with_no_hours_still_count_and_ask_for_a_schedule_per_brand() {
    let a = simple_account("nohours");
    write(a.path(), "support/account.json", r#"{"plan": "suite_growth", "chat_tickets_last_30_days": 40}"#);
    write(
        a.path(),
        "support/brands.json",
        r#"{"brands": [{"id": 1, "name": "One", "active": true}, {"id": 2, "name": "Two", "active": true}]}"#,
    );
    write(
        a.path(),
        "chat/operating_hours.json",
        r#"{"enabled": true, "type": "account", "timezone": "Europe/Berlin", "account_schedule": {"0": [], "1": [], "2": [], "3": [], "4": [], "5": [], "6": []}}"#,
    );
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.evidence.features.operating_hours.state, FeatureState::Used);
    let create = step(&plan, StepId::CreateBusinessHoursSchedule);
    assert!(create.what.contains("no payload to apply"), "{}", create.what);
    assert_eq!(step(&plan, StepId::SelectScheduleOnChannel).brands, ["One", "Two"]);
}

#[test]
fn the_delay_is_offered_only_for_what_blocks_activation() {
    // Visitor authentication blocks the launch, not activation: nothing must be done before
    // activation (D-6) and the admin decides when each brand launches (D-8), so no delay
    // (D-13) is offered for it. Issue 10: no delay step unless something blocks activation.
    let plan = plan_dir(&fixture("feature-visitor-auth"));
    assert!(plan.blocking_steps() > 0);
    assert!(plan.steps.iter().filter(|s| s.blocking).all(|s| s.phase != Phase::BeforeActivation));
    assert!(!ids(&plan).contains(&StepId::RequestActivationDelay));

    // A blocking before-activation step does: the delay names it by its title. The dated
    // Data Center Location note (D-19, 2021) never blocks.
    let plan = plan_dir(&fixture("everything-segment-2"));
    let delay = step(&plan, StepId::RequestActivationDelay);
    assert!(delay.why.contains("Turn on the agent workspace"), "{}", delay.why);
    assert!(!delay.why.contains("Data Center") && !delay.why.contains("schedule"), "{}", delay.why);
    assert!(plan.warnings.iter().all(|w| !w.blocking));

    // Self-serve: the admin activates when ready; there is no date to delay.
    let opts = PlanOptions { activation: ActivationPath::SelfServe, ..PlanOptions::default() };
    let plan = migrate::pipeline::plan_account(&fixture("everything-segment-2"), &opts).unwrap();
    assert!(!ids(&plan).contains(&StepId::RequestActivationDelay));
}

/// A blocking warning stops activation as a blocking before-activation step does (D-13,
/// `Warning.blocking`): an assisted plan of an account still on legacy Chat gets the delay,
/// naming the warning; a self-serve one does not, and without the warning neither does.
#[test]
fn a_blocking_warning_offers_the_delay_too() {
    let with = |integrated: bool, activation: ActivationPath| {
        let dir = tempfile::tempdir().unwrap();
        crate::common::copy_dir(&fixture("ready-agent-workspace-clear"), dir.path());
        let p = dir.path().join("support/account.json");
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        v["chat_integrated"] = integrated.into();
        std::fs::write(&p, v.to_string()).unwrap();
        let opts = PlanOptions { activation, ..PlanOptions::default() };
        migrate::pipeline::plan_account(dir.path(), &opts).unwrap()
    };
    let rows = [
        (false, ActivationPath::Assisted, true),
        (false, ActivationPath::SelfServe, false),
        (true, ActivationPath::Assisted, false),
    ];
    for (integrated, activation, delay) in rows {
        let plan = with(integrated, activation);
        assert_eq!(plan.warnings.iter().any(|w| w.blocking), !integrated, "{integrated} {activation:?}");
        assert!(plan.steps.iter().all(|s| !(s.blocking && s.phase == Phase::BeforeActivation)), "only the warning");
        assert_eq!(ids(&plan).contains(&StepId::RequestActivationDelay), delay, "{integrated} {activation:?}");
        if delay {
            let why = &step(&plan, StepId::RequestActivationDelay).why;
            assert!(
                why.starts_with("Blocking and due before activation: Chat on this account is still legacy Chat"),
                "{why}"
            );
        }
    }
}

#[test]
fn no_step_is_built_on_the_finished_legacy_chat_upgrade() {
    // D-20 … D-24 are tasks of the legacy-Chat upgrade (digest: "How current each source
    // is"), not of this move: no password-reset, re-authorise, GET-only, export or
    // "re-integrate Message" step in any shipped fixture.
    for dir in std::fs::read_dir(crate::common::root().join("fixtures")).unwrap() {
        let dir = dir.unwrap().path();
        let Ok(plan) = migrate::pipeline::plan_account(&dir, &PlanOptions::default()) else { continue };
        for s in &plan.steps {
            assert!(s.refs.iter().all(|r| !["D-20", "D-21", "D-22", "D-24"].contains(&r.id.as_str())), "{}", s.id);
            let all = format!("{} {} {}", s.what, s.why, s.where_);
            assert!(!all.contains("re-integrat") || all.contains("nothing can be re-integrated"), "{}", s.id);
            assert!(!all.contains("Admin > Manage > Reports"), "{}: a 2021 path", s.id);
        }
    }
    // What the move does change for Chat API integrations, from K1, and the inference marked.
    let plan = plan_dir(&fixture("acme-segment-2"));
    let s = step(&plan, StepId::ReviewChatApiIntegrations);
    assert_eq!(s.refs[0].id, "K1");
    assert!(s.what.contains("Sunshine Conversations") && s.what.contains("inferred"), "{}", s.what);
    assert!(!s.blocking);
    // Chat agents not among the Support agents: a warning to check, never a reset step.
    assert!(plan.warnings.iter().any(|w| w.code == "chat-agents-not-in-support"));
}

#[test]
fn department_hours_are_decided_before_a_channel_selects_one() {
    let plan = plan_dir(&fixture("department-schedules"));
    let pos = |id: StepId| plan.steps.iter().position(|s| s.id == id).unwrap();
    assert!(pos(StepId::SplitDepartmentSchedules) < pos(StepId::SelectScheduleOnChannel), "{:?}", ids(&plan));
    assert_eq!(step(&plan, StepId::SplitDepartmentSchedules).phase, Phase::AfterActivation);
}

#[test]
fn an_offline_form_without_hours_loses_no_chat_so_nothing_blocks() {
    let plan = plan_dir(&fixture("feature-offline-form"));
    let s = step(&plan, StepId::ConfigureOutsideHoursResponse);
    assert!(!s.blocking);
    assert!(s.what.contains("always sends the business-hours response") && s.what.contains("become tickets"));
    assert_eq!(plan.blocking_steps(), 0);
}

#[test]
fn the_assisted_migration_sets_up_the_responses_and_the_step_says_to_compare() {
    let assisted = plan_dir(&fixture("feature-pre-chat-form"));
    assert!(step(&assisted, StepId::ConfigureMessagingResponse).what.contains("compare it with this plan's payload"));
    let self_serve = migrate::pipeline::plan_account(
        &fixture("feature-pre-chat-form"),
        &PlanOptions { activation: ActivationPath::SelfServe, ..PlanOptions::default() },
    )
    .unwrap();
    assert!(!step(&self_serve, StepId::ConfigureMessagingResponse).what.contains("compare it with"));
}

#[test]
fn inferences_in_the_form_translation_are_marked() {
    // mapping.md §8 tags the department picker and the phone field [I]; §6 the hours text.
    let plan = plan_dir(&fixture("acme-segment-2"));
    let payload = |src: &str| {
        serde_json::to_value(plan.items.iter().find(|i| i.source == src).unwrap().payload.as_ref().unwrap()).unwrap()
    };
    let details = payload("chat/widget.json#pre_chat_form")["customer_details"].as_array().unwrap().clone();
    for field in ["phone", "department"] {
        let d = details.iter().find(|d| d["chat_field"] == field).unwrap();
        assert!(d["note"].as_str().unwrap().contains("[I]"), "{field}: {d}");
    }
    let offline = plan.items.iter().find(|i| i.source == "chat/widget.json#offline_form").unwrap();
    assert!(offline.notes.iter().any(|n| n.contains("operating hours") && n.contains("[I]")), "{:?}", offline.notes);
}

#[test]
fn segment_1_reviews_and_launches_without_continuous_conversation_steps() {
    // D-11: segment 1 reviews the migrated settings and launches. The away-trigger and
    // support-address steps serve continuous conversations (D-29, D-26): only when the plan
    // proposes them. No chat-history export is presented as needed (D-24).
    let plan = plan_dir(&fixture("segment-1"));
    for id in [StepId::TurnOffAwayTrigger, StepId::SetUpSupportAddress, StepId::RequestActivationDelay] {
        assert!(!ids(&plan).contains(&id), "{id}: {:?}", ids(&plan));
    }
    assert!(ids(&plan).iter().all(|i| !i.as_str().contains("export")), "{:?}", ids(&plan));
}

#[test]
fn one_reason_for_all_away_triggers() {
    // Without the offline form nothing proposes continuous conversations: no away step.
    assert!(!ids(&plan_dir(&fixture("trigger-corpus"))).contains(&StepId::TurnOffAwayTrigger));
    let plan = plan_dir(&fixture("everything-segment-2"));
    let s = step(&plan, StepId::TurnOffAwayTrigger);
    assert_eq!(s.why.matches("D-29").count(), 1, "{}", s.why);
    assert!(s.what.matches("\n- ").count() >= 1, "{}", s.what);
}

#[test]
fn an_inactive_timeline_has_no_launch() {
    let plan = migrate::pipeline::plan_account(
        &fixture("inactive"),
        &PlanOptions {
            activation_date: Some(migrate::timeline::parse_date("2026-12-15").unwrap()),
            ..PlanOptions::default()
        },
    )
    .unwrap();
    let t = plan.account.timeline.as_ref().unwrap();
    assert!(t.note.contains("30 days before") && !t.note.contains("launch"), "{}", t.note);
    assert!(t.refs.iter().all(|r| r.id != "D-10"));
    // Nor does the history section offer a launch window.
    assert!(plan.account.history.as_ref().unwrap().launch_window.is_some());
    assert!(!migrate::render::markdown::render(&plan).contains("launch window"));
    assert!(!migrate::render::terminal::render(&plan, false).contains("launch window"));
}

#[test]
fn time_zones_match_the_rails_names_checked_by_hand() {
    use migrate::translate::hours::zones::{ZoneMatch, zendesk_name};
    let at: jiff::Timestamp = "2026-11-02T09:30:00Z".parse().unwrap();
    // ActiveSupport::TimeZone::MAPPING, read by hand.
    for (iana, rails) in [
        ("America/Sao_Paulo", "Brasilia"),
        ("America/Mexico_City", "Mexico City"),
        ("Australia/Melbourne", "Melbourne"),
        ("Asia/Shanghai", "Beijing"),
        ("Europe/Zurich", "Zurich"),
        ("America/Phoenix", "Arizona"),
        ("Pacific/Auckland", "Auckland"),
    ] {
        assert_eq!(zendesk_name(iana, at), Some((rails, ZoneMatch::Exact)), "{iana}");
    }
}

#[test]
fn warnings_read_as_sentences_in_the_plan() {
    // The trigger parser's messages are written like CLI errors, without a period; in the
    // plan they are prose (STYLE.md "Messages to people").
    let plan = plan_dir(&fixture("trigger-corpus"));
    assert!(plan.warnings.iter().any(|w| w.code.starts_with("trigger-")));
    for w in &plan.warnings {
        assert!(w.message.ends_with('.'), "{}: {}", w.code, w.message);
    }
}

#[test]
fn an_offline_form_with_unknown_hours_does_not_claim_they_are_unused() {
    let a = new_account("offlineunknown");
    write(a.path(), "support/account.json", r#"{"chat_tickets_last_30_days": 40}"#);
    write(a.path(), "support/brands.json", ONE_BRAND);
    write(
        a.path(),
        "chat/widget.json",
        r#"{"pre_chat_form": {"enabled": false}, "offline_form": {"enabled": true}, "visitor_authentication": {"enabled": false}}"#,
    );
    let plan = plan_dir(a.path());
    assert_eq!(plan.classification.evidence.features.operating_hours.state, FeatureState::Unknown);
    let s = step(&plan, StepId::ConfigureOutsideHoursResponse);
    assert!(!s.what.contains("are not used") && s.what.contains("is not known"), "{}", s.what);
}
