//! The guide read against Zendesk's current pages (issue 18, `guide-review.md`): one test
//! per finding, each on an account that shows it, most through the plan's own types (step
//! ids, item outcomes), a few on the sentence the admin reads.

use std::path::Path;

use migrate::account::facts::Origin;
use migrate::plan::{ActivationBasis, ActivationPath, Phase, Plan, PlanOptions, Step};

use crate::common::{copy_dir, fixture, migrate};

fn plan_with(dir: &Path, activation: Option<ActivationPath>) -> Plan {
    migrate::pipeline::plan_account(dir, &PlanOptions { activation, ..PlanOptions::default() }).unwrap()
}

fn plan(name: &str) -> Plan {
    plan_with(&fixture(name), None)
}

/// A step by its id; an id no step has is a typo in the test, never "absent".
fn sid(id: &str) -> migrate::plan::StepId {
    migrate::plan::StepId::parse(id).unwrap_or_else(|| panic!("{id} is no step id"))
}

fn step<'a>(p: &'a Plan, id: &str) -> Option<&'a Step> {
    let id = sid(id);
    p.steps.iter().find(|s| s.id == id)
}

fn ids(p: &Plan) -> Vec<&str> {
    p.steps.iter().map(|s| s.id.as_str()).collect()
}

fn md(p: &Plan) -> String {
    migrate::render::markdown::render(p)
}

/// Issue 18 item 2: enrolment is a fact the admin answers, recorded with its origin; the
/// plan follows it unless `--activation` is given, and says in its first lines what it
/// assumed when nobody answered.
#[test]
fn enrolment_is_answered_recorded_and_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let a = tmp.path().join("bloom");
    copy_dir(&fixture("segment-1"), &a);
    let before = plan_with(&a, None);
    assert_eq!(before.account.activation, ActivationPath::Assisted);
    assert_eq!(before.account.activation_basis, ActivationBasis::Assumed);
    let head: String = md(&before).lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(head.contains("Assumed assisted") && head.contains("--enrolled no"), "{head}");

    migrate().arg("answer").arg(&a).args(["--enrolled", "no", "--no-input"]).assert().success();
    let after = plan_with(&a, None);
    assert_eq!(after.account.activation, ActivationPath::SelfServe);
    assert_eq!(after.account.activation_basis, ActivationBasis::NotEnrolled);
    let fact = after.account.facts.iter().find(|f| f.fact == "enrolled").unwrap();
    assert_eq!((fact.value.as_bool(), fact.origin), (Some(false), Some(Origin::Admin)));
    assert!(ids(&after).contains(&"recreate-chat-triggers"), "{:?}", ids(&after));
    // --activation still overrides the answer.
    let forced = plan_with(&a, Some(ActivationPath::Assisted));
    assert_eq!(
        (forced.account.activation, forced.account.activation_basis),
        (ActivationPath::Assisted, ActivationBasis::Flag)
    );
    assert!(!md(&forced).contains("Assumed"));
    // A bad answer is refused, nothing written.
    migrate().arg("answer").arg(&a).args(["--enrolled", "maybe", "--no-input"]).assert().code(2);
}

/// A copy of a fixture with one JSON file changed, for an account that shows a finding.
fn edited(name: &str, rel: &str, edit: impl FnOnce(&mut serde_json::Value)) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture(name), tmp.path());
    let path = tmp.path().join(rel);
    let mut v: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    edit(&mut v);
    std::fs::write(&path, serde_json::to_string_pretty(&v).unwrap()).unwrap();
    tmp
}

fn assisted(name: &str) -> Plan {
    plan_with(&fixture(name), Some(ActivationPath::Assisted))
}

fn self_serve(name: &str) -> Plan {
    plan_with(&fixture(name), Some(ActivationPath::SelfServe))
}

fn must<'a>(p: &'a Plan, id: &str) -> &'a Step {
    step(p, id).unwrap_or_else(|| panic!("no step {id}: {:?}", ids(p)))
}

/// #1: an assisted account is not sent to the self-serve button, and the verify line proves
/// the wizard ran (K3), not that an email came; self-serve checks the Channels list (K7).
#[test]
fn g01_assisted_activation_is_zendesks_and_proves_the_wizard_ran() {
    let p = assisted("acme-segment-2");
    assert!(!ids(&p).contains(&"turn-on-messaging-for-account"), "{:?}", ids(&p));
    let s = must(&p, "zendesk-activates-messaging");
    assert_eq!(s.phase, Phase::Activation);
    assert!(s.what.contains("Do not press \"Turn on messaging for your account\""), "{}", s.what);
    assert!(s.verify.contains("Review and activate messaging rules") && s.verify.contains("Chat triggers"));
    assert!(!s.verify.contains("confirmation"), "{}", s.verify);
    let p = self_serve("acme-segment-2");
    let s = must(&p, "turn-on-messaging-for-account");
    assert!(s.verify.contains("Channels list"), "{}", s.verify);
}

/// #3: routing is decided once, with what omnichannel routing does to live chat (Z-1).
#[test]
fn g03_routing_is_an_either_or_with_its_effect_on_live_chat() {
    let p = assisted("acme-segment-2");
    let s = must(&p, "prepare-agents-and-routing");
    assert!(s.what.starts_with("Either keep Chat routing"), "{}", s.what);
    for part in ["record the Chat routing settings first", "Invisible", "plus as many chats", "ticket skills"] {
        assert!(s.what.contains(part), "{part}: {}", s.what);
    }
    assert!(!s.what.contains("still apply to messaging: check them"), "{}", s.what);
    assert!(s.refs.iter().any(|r| r.id == "Z-1"));
    let o = must(&p, "configure-omnichannel-routing");
    assert!(
        o.what.starts_with("Only if you chose omnichannel routing") && o.what.contains("ticket triggers that apply it")
    );
    assert!(!o.what.contains("falls back to the Chat routing rules"), "{}", o.what);
}

/// #4: Chat roles are what lets an agent serve messaging (Z-2): no "nothing to do", and a
/// blocking step before launch.
#[test]
fn g04_chat_roles_are_required_for_messaging() {
    use migrate::plan::{Outcome, Section};
    let p = assisted("acme-segment-2");
    for it in p.items.iter().filter(|i| i.section == Section::Roles) {
        assert_ne!(it.outcome, Outcome::NotMigratable, "{}", it.source);
        assert!(!it.reason.contains("nothing to do") && !it.reason.contains("do not apply"), "{}", it.reason);
    }
    let s = must(&p, "give-agents-chat-roles");
    assert!(s.blocking && s.phase == Phase::BeforeLaunch);
    assert!(s.what.contains("Agent (limited)") && s.what.contains("Contributor"), "{}", s.what);
}

/// #5: hours on and the offline form off: selecting the schedule turns on an outside-hours
/// response someone must write (K9).
#[test]
fn g05_an_outside_hours_response_is_written_whenever_a_schedule_is_selected() {
    use migrate::plan::Outcome;
    let p = assisted("feature-operating-hours");
    let it = p.items.iter().find(|i| i.source == "chat/widget.json#offline_form").unwrap();
    assert_eq!(it.outcome, Outcome::Manual, "{}", it.target);
    let s = must(&p, "configure-outside-hours-response");
    assert!(s.what.contains("keeps taking conversations"), "{}", s.what);
}

/// #6: no hours: messaging takes conversations at any hour; the standard "All Agents
/// Offline" trigger is proposed (K16).
#[test]
fn g06_segment_1_hears_that_messaging_takes_conversations_when_nobody_is_online() {
    let p = assisted("segment-1");
    let it = p.items.iter().find(|i| i.source == "chat/operating_hours.json").unwrap();
    assert!(it.reason.contains("All Agents Offline"), "{}", it.reason);
    assert!(md(&p).contains("All Agents Offline"));
}

/// #7: Chat Conversations API bots move before activation; both documented options (K1).
#[test]
fn g07_chat_api_bots_move_before_activation() {
    let p = assisted("acme-segment-2");
    let s = must(&p, "review-chat-api-integrations");
    assert_eq!(s.phase, Phase::BeforeActivation);
    assert!(s.what.contains("before the account moves") && s.what.contains("Support trigger workaround"));
}

/// #8: with the agent workspace off the account is not in the programme (D-1); departments
/// become groups before the first switch, and agents end their chats.
#[test]
fn g08_agent_workspace_off_is_self_serve_and_departments_come_first() {
    let p = plan("ready-agent-workspace-applies");
    assert_eq!(p.account.activation_basis, ActivationBasis::AgentWorkspaceOff);
    assert_eq!(p.account.activation, ActivationPath::SelfServe);
    assert!(md(&p).lines().take(8).any(|l| l.contains("Assumed: self-serve")));
    let s = must(&p, "turn-on-agent-workspace");
    assert!(s.what.contains("map every Chat department to a Support group") && s.what.contains("end their chats"));
    // An account with an unlinked department and the agent workspace off.
    let a = edited("acme-segment-2", "support/account.json", |v| v["agent_workspace"] = false.into());
    let p = plan_with(a.path(), None);
    assert_eq!(must(&p, "map-departments-to-groups").phase, Phase::BeforeActivation);
    let at = |id: &str| p.steps.iter().position(|s| s.id == sid(id)).unwrap();
    assert!(at("map-departments-to-groups") < at("turn-on-agent-workspace"), "{:?}", ids(&p));
}

/// #9: a department already linked to a group is not "migrated by Zendesk" (K2 lists no
/// departments), and a trigger that sets it shows that group even without groups.json.
#[test]
fn g09_a_linked_department_is_linked_everywhere() {
    use migrate::plan::{Outcome, Section};
    let p = assisted("segment-1");
    let d = p.items.iter().find(|i| i.section == Section::Departments).unwrap();
    assert_eq!(d.outcome, Outcome::Translated, "{}", d.reason);
    let a = tempfile::tempdir().unwrap();
    copy_dir(&fixture("acme-segment-2"), a.path());
    std::fs::remove_file(a.path().join("support/groups.json")).unwrap();
    let out = md(&plan_with(a.path(), Some(ActivationPath::Assisted)));
    assert!(!out.contains("none linked yet"), "a linked department shown as unlinked");
}

/// #10 (guide side; the conversion itself is the triggers branch's): a department action
/// Chat ran only on page load (K6) never routed; the guide says so, and what activating
/// the Support trigger does.
#[test]
fn g10_a_department_trigger_that_never_routed_in_chat_says_so() {
    let p = assisted("acme-segment-2");
    let s = must(&p, "review-trigger-conversions");
    assert!(s.what.contains("routed nothing"), "{}", s.what);
    let out = md(&p);
    let section = &out[out.find("### Route German visitors").unwrap()..];
    assert!(section.contains("only when the trigger runs on page load"), "{section}");
}

/// #11 (guide side): what a proactive message needs (Z-9, K15), and its sender is
/// documented, not inferred.
#[test]
fn g11_proactive_messages_need_ai_agents_essential_a_widget_and_publishing() {
    let p = assisted("acme-segment-2");
    let s = must(&p, "review-trigger-conversions");
    for part in ["AI agents – Essential", "messaging Web Widget exists", "clone it for each brand", "Live"] {
        assert!(s.what.contains(part), "{part}: {}", s.what);
    }
    assert!(!md(&p).contains("the Chat display name may not be kept"));
}

/// #12: self-serve: what is set on a brand's messaging Web Widget is prepared before and
/// applied in the launch window (K7); nothing is reviewed as if Zendesk had migrated it.
#[test]
fn g12_self_serve_prepares_channel_settings_for_the_launch_window() {
    let p = self_serve("acme-segment-2");
    for id in ["select-schedule-on-channel", "configure-messaging-response", "configure-outside-hours-response"] {
        assert!(must(&p, id).what.contains("apply it in the launch window"), "{id}");
    }
    assert!(must(&p, "launch-brand-off-peak").what.contains("apply what you prepared"));
    assert!(!ids(&p).contains(&"review-migrated-settings"), "{:?}", ids(&p));
}

/// #13: every account has support@<subdomain>.zendesk.com (Z-6): no step to set one up.
#[test]
fn g13_the_default_support_address_always_exists() {
    let p = assisted("everything-segment-2");
    assert!(!ids(&p).contains(&"set-up-support-address"));
    let s = must(&p, "turn-on-continuous-conversations");
    assert!(s.what.contains(".zendesk.com, which every account has"), "{}", s.what);
    assert!(!s.what.contains("set up a support address first"), "{}", s.what);
}

/// #14: Support + Chat uses social messaging with the Social Messaging add-on (Z-3).
#[test]
fn g14_social_messaging_on_support_needs_the_add_on_not_suite() {
    let a =
        edited("ready-zendesk-message-applies", "support/account.json", |v| v["plan"] = "support_professional".into());
    let p = plan_with(a.path(), None);
    let s = must(&p, "replace-zendesk-message-channels");
    assert!(s.what.contains("Social Messaging add-on"), "{}", s.what);
    assert!(!s.what.contains("need Zendesk Suite"), "{}", s.what);
}

/// #15: older accounts accept unverified emails; where the setting is; unique external ids
/// across brands (K12).
#[test]
fn g15_email_identities_default_and_place_and_unique_external_ids() {
    let p = assisted("feature-visitor-auth");
    let key = must(&p, "create-messaging-signing-key");
    assert!(key.what.contains("older accounts accept verified and unverified emails"), "{}", key.what);
    assert!(!key.what.contains("only verified emails is the default"));
    assert!(key.where_.contains("Email identities"), "{}", key.where_);
    assert!(must(&p, "update-jwt-login-code").what.contains("unique across all brands"));
}

/// #16: the email goes out when the conversation is deemed inactive; the trigger is on the
/// messaging triggers page only; Web Widget only; an agent with Chat access (K14).
#[test]
fn g16_continuous_conversations_timing_and_place() {
    let p = assisted("acme-segment-2");
    let s = must(&p, "turn-on-continuous-conversations");
    assert!(s.what.contains("deemed inactive") && !s.what.contains("stays unread for 10 minutes"), "{}", s.what);
    assert!(s.what.contains("not mobile") && s.what.contains("at least one agent with Chat access"));
    assert!(!s.where_.contains("Chat > Settings > Triggers"), "{}", s.where_);
}

/// #17: 8,000 concurrent conversations (current K1); enabled agents are not agents online.
#[test]
fn g17_capacity_follows_the_current_page_and_counts_online_agents() {
    let p = assisted("ready-capacity-applies");
    let s = must(&p, "review-capacity");
    assert!(s.what.contains("8,000 concurrent conversations") && s.what.contains("online"), "{}", s.what);
    assert!(s.why.contains("enabled agents, the most that could be online at once") && !s.why.contains("(100%, over"));
}

/// #18: department hours: Hour of day / Day of week with Group, not group status or SLAs.
#[test]
fn g18_department_hours_use_conditions_that_express_hours() {
    let p = assisted("department-schedules");
    let s = must(&p, "split-department-schedules");
    assert!(s.what.contains("Hour of day") && s.what.contains("Day of week"), "{}", s.what);
    assert!(!s.what.contains("SLA policies"), "{}", s.what);
}

/// #19: mobile apps keep live chat until they move to the messaging SDKs (K7).
#[test]
fn g19_mobile_apps_move_on_their_own() {
    let p = assisted("everything-segment-2");
    let s = must(&p, "move-mobile-apps");
    assert!(s.what.contains("keep live chat staffed"), "{}", s.what);
}

/// #20: the launch procedure is documented (K8): no "offline form shows", no "inferred";
/// pending tickets; agent status is account-wide.
#[test]
fn g20_the_launch_is_the_documented_procedure() {
    let p = assisted("segment-1");
    let s = must(&p, "launch-brand-off-peak");
    assert!(!s.what.contains("offline form shows") && !s.what.contains("inferred"), "{}", s.what);
    assert!(s.what.contains("pending") && s.what.contains("every brand"), "{}", s.what);
    assert!(s.refs.iter().any(|r| r.id == "K8"));
}

/// #21: what the wizard changes on its own is reviewed (K2).
#[test]
fn g21_the_wizards_own_changes_are_reviewed() {
    let s = must(&assisted("segment-1"), "review-migrated-settings").what.clone();
    for part in ["CSAT", "10-minute inactivity timer", "end session", "wait-time"] {
        assert!(s.contains(part), "{part}: {s}");
    }
}

/// #22: the inactive guide does not promise copies no source promises (D-4), and says the
/// settings matter only for a later launch.
#[test]
fn g22_the_inactive_guide_points_at_nothing_it_lacks() {
    use migrate::plan::Outcome;
    let p = plan("inactive");
    assert!(p.items.iter().all(|i| i.outcome != Outcome::MigratedByZendesk));
    let s = must(&p, "confirm-inactive");
    assert!(s.what.contains("only if the account later launches"), "{}", s.what);
    let out = md(&p);
    assert!(out.contains("Nothing here is needed now") && !out.contains("The migration creates them"));
}

/// #23 (guide side): an enabled "no agent answered" message points at the queue trigger.
#[test]
fn g23_a_waiting_message_points_at_the_queue_trigger() {
    let s = must(&assisted("trigger-corpus"), "review-trigger-conversions").what.clone();
    assert!(s.contains("added to the queue") && s.contains("@wait_time_max"), "{s}");
}

/// #24: 60 days (D-6) and 30 days (K3) are both stated, never one alone.
#[test]
fn g24_both_notice_lead_times_are_stated() {
    let opts = PlanOptions {
        activation_date: Some(migrate::timeline::parse_date("2027-02-01").unwrap()),
        ..PlanOptions::default()
    };
    let p = migrate::pipeline::plan_account(&fixture("segment-1"), &opts).unwrap();
    let note = &p.account.timeline.as_ref().unwrap().note;
    assert!(note.contains("about 60 days before") && note.contains("30 days before"), "{note}");
    assert!(must(&plan("inactive"), "confirm-inactive").what.contains("30 by Zendesk's newer"));
}

/// #25: the IP ban page by its name, and who may use it (Z-8).
#[test]
fn g25_ip_bans_name_the_page_and_who_may_use_it() {
    let s = must(&assisted("acme-segment-2"), "recreate-ip-bans").clone();
    assert!(s.where_.contains("Banned IP addresses"), "{}", s.where_);
    assert!(s.what.contains("billing admins") && s.what.contains("customer context panel"), "{}", s.what);
}

/// #26: a messaging goal needs groups and a start date, at most 15 active; the Chat
/// attribution is shown (Z-7).
#[test]
fn g26_goals_say_what_a_messaging_goal_requires() {
    let s = must(&self_serve("acme-segment-2"), "recreate-goals").clone();
    assert!(s.what.contains("start date") && s.what.contains("15"), "{}", s.what);
    assert!(s.what.contains("attribution first_touch, over 15 days"), "{}", s.what);
}

/// #27: channel linking merges users and closes older non-closed tickets (D-32 page).
#[test]
fn g27_channel_linking_warns_of_merges_and_closed_tickets() {
    let s = must(&assisted("acme-segment-2"), "enable-channel-linking").what.clone();
    assert!(
        s.contains("older non-closed tickets are closed") && s.contains("Instagram DM creates a new ticket"),
        "{s}"
    );
}

/// #28: the review step shows the hours, time zone and customer details it asks to compare.
#[test]
fn g28_the_review_step_shows_the_values_it_compares() {
    let s = must(&assisted("acme-segment-2"), "review-migrated-settings").what.clone();
    assert!(s.contains("Business hours: Mon 09:00–17:00") && s.contains("(time zone Berlin)"), "{s}");
    assert!(s.contains("Business hours response: customer details name, email"), "{s}");
}

/// #29: trying messaging means a sandbox; no "Nothing must be done before activation" above
/// a blocking before-activation step.
#[test]
fn g29_learning_points_at_a_sandbox() {
    let s = must(&assisted("everything-segment-2"), "learn-messaging").clone();
    assert!(s.what.contains("sandbox") && !s.what.contains("Nothing must be done"), "{}", s.what);
    assert!(!s.where_.contains("(preview)"), "{}", s.where_);
}

/// #30: code that makes both calls is deployed before the switch, so signed-in visitors are
/// never anonymous in between.
#[test]
fn g30_login_and_widget_code_are_deployed_before_the_switch() {
    let p = assisted("acme-segment-2");
    assert!(must(&p, "update-jwt-login-code").what.contains("Deploy it before the brand's launch"));
    assert!(must(&p, "update-widget-js-api").what.contains("before each brand's launch"));
}

/// #31: the help centre matters for an AI agent; the default response suggests nothing.
#[test]
fn g31_the_help_centre_matters_for_an_ai_agent() {
    let s = must(&assisted("everything-segment-2"), "grow-help-center").what.clone();
    assert!(s.contains("AI agent") && !s.contains("so that the bot has answers"), "{s}");
}

/// #2: the fixture of an account that got no notice plans self-serve by itself, from the
/// recorded answer, and says so in its first lines (D-2, K2).
#[test]
fn g02_an_account_without_the_notice_plans_self_serve_from_its_answer() {
    let p = plan("self-serve");
    assert_eq!(
        (p.account.activation, p.account.activation_basis),
        (ActivationPath::SelfServe, ActivationBasis::NotEnrolled)
    );
    let head: String = md(&p).lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(head.contains("**migration:** self-serve") && head.contains("got no migration email"), "{head}");
    assert!(!ids(&p).contains(&"review-migrated-settings") && !ids(&p).contains(&"zendesk-activates-messaging"));
}

/// Second review #1: the Banned IP addresses page is under People > Restrictions (Z-10),
/// and the Settings row names the same path as the step.
#[test]
fn r01_the_ip_ban_page_is_under_people_restrictions() {
    let p = assisted("acme-segment-2");
    let path = "Admin Center > People > Restrictions > Banned IP addresses";
    let s = must(&p, "recreate-ip-bans");
    assert_eq!(s.where_, path);
    assert!(s.refs.iter().any(|r| r.id == "Z-10"));
    let it = p.items.iter().find(|i| i.source == "chat/bans.json#ip_address").unwrap();
    assert!(it.target.contains(path), "{}", it.target);
}

/// Second review #2: a messaging Group condition takes a group (K5 "Name of the group
/// assigned to the conversation"), never the Chat department id it came from.
#[test]
fn r02_a_department_condition_never_offers_a_department_id_as_a_group() {
    let m = md(&plan("trigger-corpus"));
    assert!(!m.contains("Group · Is · 7<br>"), "a Chat department id is shown as a group");
    assert!(m.contains("Group · Is · the group to pick: Chat department 7 is not among the exported departments"));
}

/// Second review #3: Zendesk says triggers apply skills to tickets (Z-1: "configure triggers
/// to apply the skills to tickets"), not that omnichannel routing sets them.
#[test]
fn r03_a_dropped_set_skills_says_a_ticket_trigger_applies_skills() {
    let m = md(&plan("trigger-corpus"));
    assert!(!m.contains("skills are set by omnichannel routing"));
    assert!(m.contains("a ticket trigger applies skills"), "no replacement named for setSkills");
}

/// Second review #5: a Skill row says what the routing step says: a ticket skill does nothing
/// until a trigger applies it (Z-1).
#[test]
fn r05_a_skill_row_names_the_trigger_that_applies_it() {
    let p = assisted("acme-segment-2");
    let it = p.items.iter().find(|i| i.source.starts_with("chat/skills.json")).unwrap();
    assert!(it.reason.contains("trigger"), "{}", it.reason);
    assert!(it.refs.iter().any(|r| r.id == "Z-1"));
}

/// Second review #8: the self-serve launch step asks to apply prepared channel settings only
/// when the plan prepares some (a schedule or a response step).
#[test]
fn r08_the_launch_applies_prepared_settings_only_when_some_were_prepared() {
    let apply = |p: &Plan| must(p, "launch-brand-off-peak").what.contains("apply what you prepared");
    assert!(!apply(&plan("self-serve")), "segment 1 prepares no schedule or response");
    assert!(apply(&self_serve("acme-segment-2")));
}

/// Second review #12: after a self-serve activation the "messaging copy" of an away trigger
/// may be the Chat trigger itself, set to Chat and messaging (K4): the step says how to stop
/// it on messaging without stopping it on live chat.
#[test]
fn r12_self_serve_away_trigger_may_be_the_chat_trigger_itself() {
    let s = must(&self_serve("acme-segment-2"), "turn-off-away-trigger").clone();
    assert!(s.what.contains("Channel back to Chat"), "{}", s.what);
    let a = must(&assisted("acme-segment-2"), "turn-off-away-trigger").clone();
    assert!(!a.what.contains("Channel back to Chat"), "{}", a.what);
}

/// Second review #9: the guide names the members without a Support agent, not an export file.
#[test]
fn r09_a_department_note_names_its_members_not_an_export_file() {
    let m = md(&assisted("acme-segment-2"));
    assert!(!m.contains("support/users.json"));
    assert!(m.contains("no Support agent with the same email: dee.chatonly@acme.example"));
}

/// Second review #7: the schedule step checks what selecting it does (the Outside business
/// hours tab appears, K9); the outside-hours test belongs to the step that writes it.
#[test]
fn r07_the_schedule_step_does_not_test_a_response_written_later() {
    let s = must(&assisted("acme-segment-2"), "select-schedule-on-channel").clone();
    assert!(!s.verify.contains("outside-hours response"), "{}", s.verify);
    assert!(s.verify.contains("Outside business hours tab"), "{}", s.verify);
}

/// Second review #14: the inactivity timer is 10 minutes by default (Z-11), whoever
/// activated; "the wizard sets" is not said in a self-serve plan.
#[test]
fn r14_the_inactivity_timer_is_a_default_not_the_wizards() {
    let s = must(&self_serve("acme-segment-2"), "turn-on-continuous-conversations").clone();
    assert!(!s.what.contains("the wizard sets"), "{}", s.what);
    assert!(s.what.contains("10 minutes by default") && s.refs.iter().any(|r| r.id == "Z-11"), "{}", s.what);
}

/// Second review #4: the limit counts agents online and serving at once (D-18, K1); the
/// plan knows enabled agents only, so it prints no share of the limit for them and says
/// what the admin compares.
#[test]
fn r04_enabled_agents_are_not_given_as_a_share_of_the_online_limit() {
    let p = assisted("everything-segment-2");
    let s = must(&p, "review-capacity");
    assert!(!s.why.contains("of 1,300 online at once") && !s.why.contains("100%"), "{}", s.why);
    assert!(s.why.contains("1,302 enabled agents, the most that could be online at once"), "{}", s.why);
    assert!(s.why.contains("compare your peak of agents online at once with 1,300"), "{}", s.why);
}

/// Second review #6: omnichannel routing needs messaging and a web or mobile messaging
/// channel (Z-1: "At least one web or mobile messaging channel must be configured"); a
/// self-serve plan has its first one only after a brand's switch at launch (K7).
#[test]
fn r06_omnichannel_routing_waits_for_a_messaging_channel() {
    let a = assisted("acme-segment-2");
    let s = must(&a, "prepare-agents-and-routing");
    assert!(s.what.contains("possible once a web or mobile messaging channel exists"), "{}", s.what);
    let p = self_serve("acme-segment-2");
    for id in ["prepare-agents-and-routing", "configure-omnichannel-routing"] {
        let s = must(&p, id);
        assert!(s.what.contains("after the first brand's switch at launch"), "{id}: {}", s.what);
        assert!(s.refs.iter().any(|r| r.id == "Z-1"), "{id}");
    }
    assert!(!must(&a, "configure-omnichannel-routing").what.contains("Self-serve"));
}

/// Second review #11: no 2025 page says an assisted activation creates the brand's
/// messaging Web Widget: the first step that relies on it says it is inferred, once, and
/// what to do without it; self-serve plans keep their own note (K7).
#[test]
fn r11_assisted_channel_after_activation_is_marked_inferred() {
    let a = assisted("acme-segment-2");
    let s = must(&a, "select-schedule-on-channel");
    assert!(s.what.contains("Inferred: that activation creates each brand's messaging Web Widget"), "{}", s.what);
    let m = md(&a);
    assert_eq!(m.matches("Inferred: that activation creates").count(), 1, "said more than once");
    let p = self_serve("acme-segment-2");
    assert!(!md(&p).contains("Inferred: that activation creates"));
}

/// Second review #10: the pages disagree on where proactive messages live (K15's newest
/// copy: Messaging and social; its older copy and the mobile-SDK page: AI agents and
/// automation): the guide names both, the newer first.
#[test]
fn r10_proactive_messages_name_both_admin_center_paths() {
    let m = md(&plan("trigger-corpus"));
    assert!(
        m.contains("Messaging and social > Proactive messages (on some accounts: AI agents and automation > Proactive messages)"),
        "a proactive message names one path only"
    );
    let s = must(&self_serve("acme-segment-2"), "recreate-chat-triggers").clone();
    assert!(
        s.where_
            .contains("Messaging and social > Proactive messages, or AI agents and automation > Proactive messages"),
        "{}",
        s.where_
    );
}

/// Second review #13: a page-load trigger that only routes (T41: page URL contains /pricing,
/// set department) keeps its page-URL condition through a messaging trigger on the
/// conversation request that adds a tag the Support trigger tests (K5 "Customer page URL",
/// "Add tags"); a proactive message would need a message (K15).
#[test]
fn r13_a_page_load_routing_trigger_relays_its_page_url_by_a_tag() {
    let m = md(&plan("trigger-corpus"));
    let start = m.find("### T41 Route pricing").expect("T41 section");
    let end = m[start + 4..].find("\n### ").map_or(m.len(), |i| start + 4 + i);
    let t41 = &m[start..end];
    assert!(t41.contains("with a messaging trigger beside it"), "{t41}");
    for part in [
        "Customer page URL · Contains · /pricing",
        "Add tags · chat_route_t41_route_pricing",
        "Tags · Contains at least one of · chat_route_t41_route_pricing",
        "| **Run trigger** | When a visitor has loaded the chat widget | When a customer requests a conversation |",
    ] {
        assert!(t41.contains(part), "{part}: {t41}");
    }
    assert!(!t41.contains("dropped: \\[\"icontains\", \"@visitor_page_url\""), "{t41}");
}

/// Guide review #18 re-read: the department-hours advice names the K5 conditions and the
/// guide links K5, the page that defines "Hour of day" and "Day of week" (UTC), among the two
/// sources it shows.
#[test]
fn r18_department_hours_link_the_page_that_defines_their_conditions() {
    let m = md(&assisted("department-schedules"));
    let start = m.find("`split-department-schedules`").expect("the step");
    let step = &m[start..start + m[start..].find("- [ ]").unwrap_or(m.len() - start)];
    let sources = step.lines().find(|l| l.contains("**Sources:**")).expect("sources line");
    assert!(sources.contains("https://support.zendesk.com/hc/en-us/articles/8015292388378"), "{sources}");
    assert!(!step.contains("group-status conditions in messaging triggers or with SLA policies"), "{step}");
}
