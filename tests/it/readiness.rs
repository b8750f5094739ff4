//! Readiness checks (D-16 … D-37) and the timeline (D-1, D-4, D-6), asserted through the
//! JSON plan: every check has a fixture where it applies and one where it does not.

use migrate::plan::PlanOptions;
use migrate::plan::StepId;
use migrate::plan::{Phase, Plan, Segment, Step};

use crate::common::{fixture, migrate, plan_dir};

/// What a check leaves in the plan when it applies.
#[derive(Clone, Copy, Debug)]
enum Mark {
    Step(StepId),
    Warning(&'static str),
}

/// One readiness check: `fixtures/ready-<name>-applies` and `fixtures/ready-<name>-clear`,
/// what it writes when it applies, and the undecided facts it would record if its input
/// were missing (never present when the check ran).
struct Check {
    name: &'static str,
    marks: &'static [Mark],
    facts: &'static [&'static str],
}

const CHECKS: &[Check] = &[
    Check { name: "agent-workspace", marks: &[Mark::Step(StepId::TurnOnAgentWorkspace)], facts: &["agent_workspace"] },
    Check { name: "help-center", marks: &[Mark::Step(StepId::GrowHelpCenter)], facts: &["help_center"] },
    Check {
        name: "capacity",
        marks: &[
            Mark::Step(StepId::ReviewCapacity),
            Mark::Warning("capacity-integrations"),
            Mark::Warning("capacity-conversations"),
        ],
        facts: &["agent_capacity", "integrations", "conversation_capacity"],
    },
    Check {
        name: "data-center-location",
        marks: &[Mark::Warning("data-center-location-addon")],
        facts: &["data_center_location_addon"],
    },
    Check { name: "mobile-sdk", marks: &[Mark::Step(StepId::MoveMobileApps)], facts: &["mobile_sdk_apps"] },
    // D-20 … D-22 were tasks of the legacy-Chat upgrade: a warning and a K1 step remain.
    Check {
        name: "chat-only-agents",
        marks: &[Mark::Warning("chat-agents-not-in-support")],
        facts: &["chat_only_agents"],
    },
    Check { name: "oauth-clients", marks: &[Mark::Step(StepId::ReviewChatApiIntegrations)], facts: &["oauth_clients"] },
    Check {
        name: "zendesk-message",
        marks: &[Mark::Step(StepId::ReplaceZendeskMessageChannels)],
        facts: &["zendesk_message_channels"],
    },
    Check {
        name: "continuous-conversations",
        marks: &[Mark::Step(StepId::TurnOnContinuousConversations), Mark::Warning("continuous-conversations-email")],
        facts: &["continuous_conversations"],
    },
    Check { name: "channel-linking", marks: &[Mark::Step(StepId::EnableChannelLinking)], facts: &["channel_linking"] },
];

fn json_plan(dir: &str, extra: &[&str]) -> Plan {
    let out = migrate().args(["plan", "--format", "json"]).arg(fixture(dir)).args(extra).output().unwrap();
    assert!(out.status.success(), "{dir}: {}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn has(plan: &Plan, mark: Mark) -> bool {
    match mark {
        Mark::Step(id) => plan.steps.iter().any(|s| s.id == id),
        Mark::Warning(code) => plan.warnings.iter().any(|w| w.code == code),
    }
}

fn step(plan: &Plan, id: StepId) -> &Step {
    plan.steps.iter().find(|s| s.id == id).unwrap_or_else(|| panic!("no step {id}"))
}

fn undecided<'a>(plan: &'a Plan, fact: &str) -> Option<&'a migrate::plan::Undecided> {
    plan.account.undecided.iter().find(|u| u.fact == fact)
}

#[test]
fn every_check_applies_in_one_fixture_and_not_in_the_other() {
    for c in CHECKS {
        let applies = json_plan(&format!("ready-{}-applies", c.name), &[]);
        let clear = json_plan(&format!("ready-{}-clear", c.name), &[]);
        for m in c.marks {
            assert!(has(&applies, *m), "ready-{}-applies: {m:?} missing", c.name);
            assert!(!has(&clear, *m), "ready-{}-clear: {m:?} present", c.name);
        }
        for f in c.facts {
            assert!(undecided(&applies, f).is_none(), "ready-{}-applies: {f} undecided", c.name);
            assert!(undecided(&clear, f).is_none(), "ready-{}-clear: {f} undecided: the check did not run", c.name);
        }
        // Every readiness step and warning cites its source.
        for m in c.marks {
            let refs = match m {
                Mark::Step(id) => &step(&applies, *id).refs,
                Mark::Warning(code) => &applies.warnings.iter().find(|w| w.code == *code).unwrap().refs,
            };
            assert!(refs.iter().any(|r| r.url.is_some()), "{m:?} links no source");
        }
    }
}

#[test]
fn a_missing_fact_says_which_check_did_not_run_and_which_file_answers_it() {
    let plan = plan_dir(&fixture("ready-facts-missing"));
    let expected = [
        ("agent_workspace", "support/account.json", "D-16"),
        ("help_center", "support/account.json", "D-17"),
        ("agent_capacity", "chat/agents.json", "D-18"),
        ("integrations", "support/account.json", "D-18"),
        ("data_center_location_addon", "support/account.json", "D-19"),
        ("mobile_sdk_apps", "support/account.json", "D-19"),
        ("chat_only_agents", "support/users.json", "Support agents"),
        ("oauth_clients", "chat/oauth_clients.json", "K1"),
        ("zendesk_message_channels", "support/account.json", "D-23"),
        ("continuous_conversations", "chat/widget.json", "D-25"),
        ("channel_linking", "support/account.json", "D-33"),
    ];
    for (fact, file, rule) in expected {
        let u = undecided(&plan, fact).unwrap_or_else(|| panic!("{fact} not listed as undecided"));
        assert!(u.files.iter().any(|f| f == file), "{fact}: {:?}", u.files);
        assert!(u.effect.contains(rule), "{fact}: {}", u.effect);
    }
    // Nothing was assumed: no readiness step or warning.
    for c in CHECKS {
        for m in c.marks {
            assert!(!has(&plan, *m), "{m:?} written without its facts");
        }
    }
}

#[test]
fn agent_workspace_off_blocks_activation() {
    let plan = plan_dir(&fixture("ready-agent-workspace-applies"));
    let s = step(&plan, StepId::TurnOnAgentWorkspace);
    assert!(s.blocking);
    assert_eq!(s.phase, Phase::BeforeActivation);
    assert_eq!(s.where_, "Admin Center > Workspaces > Agent tools > Agent Workspace");
    assert!(s.why.contains("Support Professional (Support + Chat)"), "{}", s.why);
    // Issue 18 #8: the programme takes accounts on the agent workspace (D-1): with it off
    // and nothing said about the notice, the plan assumes self-serve, so no delay form.
    assert_eq!(plan.account.activation_basis, migrate::plan::ActivationBasis::AgentWorkspaceOff);
    assert!(plan.steps.iter().all(|s| s.id != StepId::RequestActivationDelay));
    // Told assisted, the delay names the step.
    let plan = json_plan("ready-agent-workspace-applies", &["--activation", "assisted"]);
    assert!(step(&plan, StepId::RequestActivationDelay).why.contains("Turn on the agent workspace"));
}

#[test]
fn help_center_needs_ten_public_articles() {
    let plan = plan_dir(&fixture("ready-help-center-applies"));
    let s = step(&plan, StepId::GrowHelpCenter);
    assert!(s.why.contains("9 public articles"), "{}", s.why);
    assert!(!s.blocking, "a recommendation (D-17) does not block");
}

#[test]
fn capacity_counts_enabled_agents_and_is_a_warning() {
    let plan = plan_dir(&fixture("ready-capacity-applies"));
    // Agents are assessed once, with the history's figures when there is a history (D-18).
    let review = step(&plan, StepId::ReviewCapacity);
    // 1,302 agents, one disabled.
    // Issue 18 #17: enabled agents over the limit of agents online at once is near, not over.
    assert!(review.why.contains("1,301 enabled agents, the most that could be online at once"), "{}", review.why);
    assert!(!review.blocking);
    assert!(plan.warnings.iter().all(|w| w.code != "capacity-agents"), "agents are not warned twice");
    let integrations = plan.warnings.iter().find(|w| w.code == "capacity-integrations").unwrap();
    assert!(integrations.message.starts_with("501 integrations"), "{}", integrations.message);
    let chats = plan.warnings.iter().find(|w| w.code == "capacity-conversations").unwrap();
    assert!(chats.message.contains("200,001 chats a day"), "{}", chats.message);
}

#[test]
fn data_center_location_is_a_dated_note_that_never_blocks() {
    // D-19 is a 2021 statement; Zendesk's Regional Data Hosting Policy now covers messaging
    // (digest: "How current each source is"). A note to check the current page.
    let plan = plan_dir(&fixture("ready-data-center-location-applies"));
    let w = plan.warnings.iter().find(|w| w.code == "data-center-location-addon").unwrap();
    assert!(!w.blocking);
    assert!(w.message.contains("2021") && w.message.contains("4408883599130"), "{}", w.message);
    assert_eq!(w.source.as_deref(), Some("support/account.json#data_center_location_addon"));
    assert!(plan.steps.iter().all(|s| s.id != StepId::RequestActivationDelay));
    let md = migrate::render::markdown::render(&plan);
    assert!(!md.contains("## Blocking"), "{md}");
    // The JSON says `blocking` only when true.
    let json: serde_json::Value = serde_json::from_str(&migrate::render::json::plan(&plan)).unwrap();
    let w = json["warnings"].as_array().unwrap().iter().find(|w| w["code"] == "data-center-location-addon").unwrap();
    assert!(w.get("blocking").is_none(), "{w}");
}

#[test]
fn mobile_sdk_apps_get_their_own_move_and_the_dated_limits_stay_a_note() {
    // Issue 18 #19: activation leaves the Classic SDKs as they are (K7): the apps keep live
    // chat until moved; the 2021 limits (D-19) are a note in that step.
    let plan = plan_dir(&fixture("ready-mobile-sdk-applies"));
    let s = step(&plan, StepId::MoveMobileApps);
    assert!(s.why.contains("2 mobile SDK apps") && s.why.contains("live chat"), "{}", s.why);
    assert!(s.what.contains("keep live chat staffed") && s.what.contains("2021"), "{}", s.what);
    assert!(!s.blocking);
    assert!(plan.warnings.iter().all(|w| w.code != "mobile-sdk-limits"));
}

#[test]
fn chat_only_agents_are_listed_by_email_case_insensitively() {
    let plan = plan_dir(&fixture("ready-chat-only-agents-applies"));
    // D-20's reset was a task of the legacy-Chat upgrade: no step (the catalogue has none,
    // `StepId` refuses its old id), a warning to check.
    let w = plan.warnings.iter().find(|w| w.code == "chat-agents-not-in-support").unwrap();
    // Ana is an admin under another case; Cy is only an end-user in Support; Bo is absent.
    assert!(w.message.contains("Bo <bo@team.example>"), "{}", w.message);
    assert!(w.message.contains("Cy <cy@team.example>"), "{}", w.message);
    assert!(!w.message.to_lowercase().contains("ana@team.example"), "{}", w.message);
    // Issue 18 #4: documented (Z-2), not inferred; the roles step comes with it.
    assert!(w.message.starts_with("2 Chat agents are") && w.message.contains("Contributor"), "{}", w.message);
    assert!(!w.message.contains("inferred"), "{}", w.message);
    assert!(step(&plan, StepId::GiveAgentsChatRoles).blocking);
}

#[test]
fn oauth_clients_are_listed_without_their_secrets() {
    let plan = plan_dir(&fixture("ready-write-integrations-applies"));
    let s = step(&plan, StepId::ReviewChatApiIntegrations);
    assert!(s.what.contains("\"Reporting sync\"") && s.what.contains("\"Agent provisioning\""), "{}", s.what);
    assert!(s.what.contains("\"Agent provisioning\" (client_identifier provisioning; scopes: read write"));
    assert!(!s.blocking, "the export does not say what a client does");
    // Re-authorizing clients and fixing write integrations were tasks of the legacy-Chat
    // upgrade (D-21, D-22): the catalogue has no such step, and `StepId` refuses their ids.
    for id in ["reauthorize-chat-api-clients", "fix-write-integrations"] {
        assert!(serde_json::from_value::<StepId>(serde_json::json!(id)).is_err(), "{id}");
    }
    let json = migrate::render::json::plan(&plan);
    let md = migrate::render::markdown::render(&plan);
    let text = migrate::render::terminal::render(&plan, false);
    for out in [&json, &md, &text] {
        assert!(!out.contains("DO-NOT-PRINT"), "an OAuth client secret leaked");
    }
}

#[test]
fn zendesk_message_is_never_offered_for_re_integration() {
    // D-23: Zendesk Message ended on 2021-11-01; Messenger and LINE are connected as
    // social messaging channels, after the launch, and nothing is exported for it.
    let plan = plan_dir(&fixture("ready-zendesk-message-applies"));
    let s = step(&plan, StepId::ReplaceZendeskMessageChannels);
    assert!(s.what.contains("nothing can be re-integrated") && s.what.contains("social messaging channels"));
    assert!(s.why.contains("Facebook Messenger and LINE"), "{}", s.why);
    assert_eq!(s.phase, Phase::AfterLaunch);
    assert!(!s.blocking);
    assert!(plan.steps.iter().all(|s| !s.id.as_str().contains("export")));
}

#[test]
fn continuous_conversations_are_recommended_with_requirements_conflicts_and_the_way_back() {
    let plan = plan_dir(&fixture("ready-continuous-conversations-applies"));
    let s = step(&plan, StepId::TurnOnContinuousConversations);
    assert!(!s.blocking);
    for part in [
        "Requirements (D-26, K14)",
        "at least one agent with Chat access",
        "a support email address — set up (met)",
        "\"Offline auto-reply\"",
        "duplicate messages (D-29)",
        "extended characters",
        "to turn it off you need both",
        "deemed inactive",
        "Web Widget only, not mobile",
    ] {
        assert!(s.what.contains(part), "{part}: {}", s.what);
    }
    assert!(!s.what.contains("\"First Reply\""), "not an away trigger");
    assert!(s.where_.starts_with("Admin Center > Objects and rules > Tickets > Settings"), "{}", s.where_);
    assert!(s.where_.contains("Request email for continuous conversations"), "{}", s.where_);
    assert!(!s.where_.contains("Chat > Settings > Triggers"), "{}", s.where_);
    let w = plan.warnings.iter().find(|w| w.code == "continuous-conversations-email").unwrap();
    assert!(w.message.contains("offline form") && w.refs.iter().any(|r| r.id == "D-27"));
}

#[test]
fn channel_linking_is_one_step_for_the_brand_widgets_with_the_exact_path() {
    let plan = plan_dir(&fixture("ready-channel-linking-applies"));
    let steps: Vec<&Step> = plan.steps.iter().filter(|s| s.id == StepId::EnableChannelLinking).collect();
    assert_eq!(steps.len(), 1, "one step that lists the brands");
    assert_eq!(steps[0].brands, ["North", "South"], "inactive brands have no widget");
    for s in steps {
        assert_eq!(
            s.where_,
            "Admin Center > Channels > Messaging and social > Messaging > (the brand's Web Widget) > Basics > Allow customers to switch channels > choose the channels > Save settings"
        );
        assert!(s.what.contains("Channels to offer: WhatsApp and Instagram DM."), "LINE does not link: {}", s.what);
        assert_eq!(s.phase, Phase::AfterLaunch);
    }
}

fn plan_on(dir: &str, date: &str) -> Plan {
    let opts =
        PlanOptions { activation_date: Some(migrate::timeline::parse_date(date).unwrap()), ..PlanOptions::default() };
    migrate::pipeline::plan_account(&fixture(dir), &opts).unwrap()
}

#[test]
fn activation_date_puts_dates_on_every_step() {
    let plan = plan_on("everything-segment-2", "2027-01-15");
    let t = plan.account.timeline.as_ref().unwrap();
    assert_eq!(t.activation_date, "2027-01-15");
    assert_eq!((t.notice_days, t.notice_date.as_deref()), (Some(60), Some("2026-11-16")), "active: 60 days (D-6)");
    assert!(t.note.contains("60 days before") && t.refs.iter().any(|r| r.id == "D-6"));
    for s in &plan.steps {
        let expected = match s.phase {
            Phase::BeforeActivation => "2027-01-14",
            Phase::Activation | Phase::AfterActivation | Phase::BeforeLaunch => "2027-01-15",
            Phase::Launch | Phase::AfterLaunch => "2027-01-16",
        };
        assert_eq!(s.due.as_deref(), Some(expected), "{}", s.id);
    }
    let md = migrate::render::markdown::render(&plan);
    assert!(md.contains("**Turn on the agent workspace** **(blocking)** — by 2027-01-14"));
    assert!(md.contains("— from 2027-01-16 `launch-brand-off-peak`"));
    assert!(md.contains("— from 2027-01-15 `zendesk-activates-messaging`"));

    let inactive = plan_on("inactive", "2027-01-15");
    assert_eq!(inactive.classification.segment, Segment::Inactive);
    let t = inactive.account.timeline.as_ref().unwrap();
    assert_eq!((t.notice_days, t.notice_date.as_deref()), (Some(30), Some("2026-12-16")), "inactive: 30 days (D-4)");

    let unknown = plan_on("undetermined", "2027-01-15");
    let t = unknown.account.timeline.as_ref().unwrap();
    assert_eq!(t.notice_days, None, "undetermined: the notice is not guessed");
    assert!(t.note.contains("2026-12-16") && t.note.contains("2026-11-16"), "{}", t.note);

    let undated = plan_dir(&fixture("everything-segment-2"));
    assert!(undated.account.timeline.is_none() && undated.steps.iter().all(|s| s.due.is_none()));
}

#[test]
fn an_activation_date_before_the_export_is_reported() {
    let plan = plan_on("segment-1", "2026-11-02");
    let w = plan.warnings.iter().find(|w| w.code == "activation-date-passed").unwrap();
    assert!(w.message.contains("2026-11-02"), "{}", w.message);
    assert!(!plan_on("segment-1", "2026-11-03").warnings.iter().any(|w| w.code == "activation-date-passed"));
}

#[test]
fn activation_date_flag_is_validated_and_reaches_the_json() {
    let plan = json_plan("segment-1", &["--activation-date", "2027-03-01"]);
    assert_eq!(plan.account.timeline.unwrap().before_activation_due, "2027-02-28");
    for bad in ["2027-02-29", "01/03/2027", "tomorrow"] {
        let out = migrate().args(["plan", "--activation-date", bad]).arg(fixture("segment-1")).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        assert!(out.stdout.is_empty());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--activation-date") && err.contains(bad), "{err}");
    }
}

/// The complete, ordered checklist of a segment-2, multi-brand account with every check
/// triggered.
#[test]
fn everything_reads_as_one_ordered_checklist() {
    use Phase::*;
    let plan = plan_on("everything-segment-2", "2027-01-15");
    assert_eq!(plan.classification.segment, Segment::Segment2);
    assert!(plan.account.undecided.is_empty(), "{:?}", plan.account.undecided);
    // Issue 10: the switch of each brand's widget is the launch, after closing its chats;
    // activation is its own moment; a step done per brand is one step listing the brands;
    // no step is built on the finished legacy-Chat upgrade (D-20 … D-24).
    let both: &[&str] = &["Everything Co", "Everything Outlet"];
    let expected: &[(StepId, &[&str], Phase)] = &[
        (StepId::LearnMessaging, &[], BeforeActivation),
        (StepId::TurnOnAgentWorkspace, &[], BeforeActivation),
        (StepId::GrowHelpCenter, &[], BeforeActivation),
        // Issue 18 #7: Chat Conversations API bots move before activation (K1).
        (StepId::ReviewChatApiIntegrations, &[], BeforeActivation),
        (StepId::RequestActivationDelay, &[], BeforeActivation),
        // Issue 18 #1: assisted (a date from Zendesk's notice), Zendesk activates.
        (StepId::ZendeskActivatesMessaging, &[], Activation),
        (StepId::ReviewMigratedSettings, &[], AfterActivation),
        (StepId::ReviewTriggerConversions, &[], AfterActivation),
        (StepId::SelectScheduleOnChannel, both, AfterActivation),
        (StepId::PrepareAgentsAndRouting, &[], AfterActivation),
        // Issue 18 #4: chat-only agents need a Chat role and a Support seat.
        (StepId::GiveAgentsChatRoles, &[], BeforeLaunch),
        (StepId::ConfigureMessagingResponse, both, BeforeLaunch),
        (StepId::ConfigureOutsideHoursResponse, both, BeforeLaunch),
        (StepId::ConfigureOmnichannelRouting, &[], BeforeLaunch),
        (StepId::ReviewCapacity, &[], BeforeLaunch),
        // Issue 18 #13: no support-address step: every account has the default one.
        (StepId::TurnOffAwayTrigger, &[], BeforeLaunch),
        (StepId::TurnOnContinuousConversations, &[], BeforeLaunch),
        (StepId::LaunchBrandOffPeak, both, Launch),
        (StepId::EnableChannelLinking, both, AfterLaunch),
        // Issue 18 #19: the apps keep live chat until they move.
        (StepId::MoveMobileApps, &[], AfterLaunch),
        (StepId::ReplaceZendeskMessageChannels, &[], AfterLaunch),
    ];
    let got: Vec<(StepId, Vec<&str>, Phase)> =
        plan.steps.iter().map(|s| (s.id, s.brands.iter().map(String::as_str).collect(), s.phase)).collect();
    let want: Vec<(StepId, Vec<&str>, Phase)> = expected.iter().map(|(i, b, p)| (*i, b.to_vec(), *p)).collect();
    assert_eq!(got, want);
    let codes: Vec<&str> = plan.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(
        codes,
        [
            "capacity-integrations",
            "capacity-conversations",
            "data-center-location-addon",
            "chat-agents-not-in-support",
            "continuous-conversations-email"
        ]
    );

    // The guide: timeline, blockers, then the checklist by phase in the same order, every
    // step a tick box with its id, then the settings and the other warnings.
    let md = migrate::render::markdown::render(&plan);
    let at = |needle: &str| md.find(needle).unwrap_or_else(|| panic!("{needle} missing"));
    let sections = [
        "## Timeline",
        "## Checklist",
        "### Before activation",
        "### Activation",
        "### After activation",
        "### Before launch",
        "### Launch",
        "### After launch",
        "## Settings",
        "## Warnings",
    ];
    assert!(sections.windows(2).all(|w| at(w[0]) < at(w[1])), "sections out of order");
    let ticked: Vec<&str> = md.lines().filter_map(checklist_entry).collect();
    let expected_ids: Vec<&str> = expected.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ticked, expected_ids);
    assert!(!md.contains("## Blocking"), "no warning blocks: the 2021 limits are dated notes (D-19)");
    assert!(!md.contains("## Not decided"), "every fact was exported");
}

/// `- [ ] **Title** **(blocking)** — by 2027-01-14 `id`` → id.
fn checklist_entry(line: &str) -> Option<&str> {
    let rest = line.strip_prefix("- [ ] **")?;
    rest.rsplit('`').nth(1)
}

/// D-20 … D-22 belong to the finished legacy-Chat upgrade (digest, "How current each source
/// is"): no step is built on them, but an export that shows legacy Chat is a prerequisite
/// problem, said as such and blocking; integrated or unknown says nothing.
#[test]
fn legacy_chat_is_a_prerequisite_problem_only_when_the_export_shows_it() {
    let base = fixture("ready-agent-workspace-clear");
    let with = |integrated: Option<bool>| {
        let dir = tempfile::tempdir().unwrap();
        crate::common::copy_dir(&base, dir.path());
        let p = dir.path().join("support/account.json");
        let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&p).unwrap()).unwrap();
        if let Some(b) = integrated {
            v["chat_integrated"] = serde_json::Value::Bool(b);
        }
        std::fs::write(&p, v.to_string()).unwrap();
        plan_dir(dir.path())
    };
    let legacy = with(Some(false));
    let w = legacy.warnings.iter().find(|w| w.code == "legacy-chat").expect("a legacy-chat warning");
    assert!(w.blocking);
    assert!(w.message.contains("prerequisite problem") && w.message.contains("4408831023258"), "{}", w.message);
    assert!(legacy.steps.iter().all(|s| s.refs.iter().all(|r| !["D-20", "D-21", "D-22"].contains(&r.id.as_str()))));
    for plan in [with(Some(true)), with(None)] {
        assert!(plan.warnings.iter().all(|w| w.code != "legacy-chat"));
    }
}
