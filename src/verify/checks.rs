//! The checks: every item and step of a plan against what was read of the live account.
//! Pure (a [`Plan`] and a [`Live`] in, checks out), so every rule is a unit test.
//!
//! Items: the Support objects behind a plan item are found and compared by
//! [`crate::reconcile`]; messaging-only items (messaging triggers, responses, widget
//! settings, proactive messages, signing keys, goals, IP bans) have no public API
//! (support-api.md §7) and are `unknown: no API`, never `pass`. Steps: a step whose result
//! is a Support object or setting is checked through it; a step made of plan items is the
//! sum of their checks; the rest need a person or have no API. docs/verify.md lists every
//! rule with its source.

use serde_json::Value;

use super::live::{Live, Read, Resource};
use super::report::{Check, CheckKind, Difference, Evidence, Status, Unknown};
use crate::plan::payload::ResponsePayload;
use crate::plan::payload::trigger::{Translated, TriggerOutcome, TriggerPayload};
use crate::plan::{ActivationPath, Item, Outcome, Payload, Plan, Section, Step, StepId};
use crate::reconcile::{
    self, ExpectedField, ExpectedGroup, ExpectedMacro, ExpectedSchedule, ExpectedTrigger, LiveGroup, Verdict,
    resolve_refs,
};

/// The public help-centre articles D-17 recommends before messaging goes on.
pub const RECOMMENDED_ARTICLES: u64 = 10;

/// Every check of the plan: its items, then its steps, each in the plan's order.
pub fn check(plan: &Plan, live: &Live) -> Vec<Check> {
    // The assisted migration's wizard converts Chat triggers itself (K3).
    let wizard = plan.account.activation == ActivationPath::Assisted;
    let items: Vec<Check> = plan.items.iter().map(|i| item(i, wizard, live)).collect();
    let steps: Vec<Check> = plan.steps.iter().map(|s| step(s, plan, &items, live)).collect();
    items.into_iter().chain(steps).collect()
}

fn unknown(kind: Unknown, reason: impl Into<String>) -> (Status, Option<Unknown>, String, Vec<Evidence>) {
    (Status::Unknown, Some(kind), reason.into(), Vec::new())
}

/// The name in a source's key: `chat/departments.json#"Sales"` → `Sales`.
fn source_name(source: &str) -> Option<String> {
    let key = source.split_once('#')?.1;
    serde_json::from_str::<String>(key).ok()
}

type Outcome4 = (Status, Option<Unknown>, String, Vec<Evidence>);

fn item(item: &Item, wizard: bool, live: &Live) -> Check {
    let (status, kind, reason, evidence) = item_outcome(item, wizard, live);
    Check {
        id: item.source.clone(),
        kind: CheckKind::Item,
        status,
        unknown: kind,
        title: title(item),
        reason,
        evidence,
    }
}

/// What an item is, for a person: its target, after the Chat object's name when the target
/// does not say it (`"First Reply": Messaging trigger (active, as in Chat)`).
fn title(item: &Item) -> String {
    let target = crate::render::strip_refs(&item.target).into_owned();
    match source_name(&item.source) {
        Some(name) if !target.contains(&name) => format!("\"{name}\": {target}"),
        _ => target,
    }
}

fn item_outcome(item: &Item, wizard: bool, live: &Live) -> Outcome4 {
    if item.outcome == Outcome::NotMigratable {
        return unknown(Unknown::NotApplicable, "not migrated: messaging has no equivalent, nothing to check");
    }
    match (&item.section, &item.payload) {
        (Section::BusinessHours, Some(Payload::Schedule(p))) => match ExpectedSchedule::from_payload(p) {
            Some(want) => {
                on(&live.schedules, Resource::Schedules, "schedule", &want.name, |l| reconcile::schedule(&want, l))
            }
            None => unknown(Unknown::NeedsPerson, "the plan's schedule has no name or hours to look for"),
        },
        (Section::Departments, Some(Payload::Group(p))) => {
            let want = ExpectedGroup::from_payload(&source_name(&item.source).unwrap_or_default(), p);
            group(&want, live)
        }
        (Section::Shortcuts, Some(Payload::Macro(m))) => {
            match ExpectedMacro::from_body(&resolve_refs(&m.create.body, groups(live))) {
                Some(want) => on(&live.macros, Resource::Macros, "macro", &want.title, |l| reconcile::macro_(&want, l)),
                None => unknown(Unknown::NeedsPerson, "the plan's macro has no title to look for"),
            }
        }
        (Section::Triggers, Some(Payload::Trigger(t))) => trigger(t, wizard, live),
        (Section::Forms, Some(Payload::Response(r))) => response(r, live),
        (Section::Routing, _) => routing(live),
        (Section::Authentication, _) => unknown(
            Unknown::NoApi,
            "messaging authentication (signing keys) has no public API to read; check Admin Center > Account > Security > End-user authentication",
        ),
        (Section::Goals, _) => unknown(Unknown::NoApi, "messaging goals have no public API to read"),
        (Section::Bans, Some(Payload::BannedIps(_))) => {
            unknown(Unknown::NoApi, "messaging IP bans have no public API to read")
        }
        (Section::Widget, Some(Payload::WidgetLook(_))) => {
            unknown(Unknown::NoApi, "messaging Web Widget settings have no public API to read")
        }
        (Section::Widget, _) => {
            unknown(Unknown::NeedsPerson, "the site's code is not readable through Zendesk: check the page")
        }
        (Section::Skills, _) => unknown(
            Unknown::NeedsPerson,
            "skills are not read by this version: check Admin Center > Objects and rules > Skills",
        ),
        _ => unknown(Unknown::NeedsPerson, "a person checks this in Admin Center"),
    }
}

/// Reconcile against one resource, or say why it could not be read.
fn on<T>(read: &Read<T>, res: Resource, noun: &str, name: &str, verdict: impl FnOnce(&[T]) -> Verdict) -> Outcome4 {
    match read {
        Read::Got(list) => from_verdict(&verdict(list), res, noun, name),
        Read::Refused { status } => refused(res, *status),
        Read::Skipped => unknown(Unknown::NotApplicable, format!("{} was not read", res.what())),
    }
}

fn refused(res: Resource, status: u16) -> Outcome4 {
    (
        Status::Unknown,
        Some(Unknown::NotReadable),
        format!(
            "the {} could not be read (HTTP {status}): not allowed with these credentials or on this Zendesk plan",
            res.what()
        ),
        vec![Evidence {
            read: res.read(),
            ids: Vec::new(),
            differences: Vec::new(),
            notes: vec![format!("HTTP {status}")],
        }],
    )
}

fn from_verdict(v: &Verdict, res: Resource, noun: &str, name: &str) -> Outcome4 {
    let ev = |ids: Vec<String>, differences: Vec<Difference>, notes: Vec<String>| {
        vec![Evidence { read: res.read(), ids, differences, notes }]
    };
    let name_q = format!("\"{name}\"");
    match v {
        Verdict::Missing => {
            (Status::Fail, None, format!("no {noun} named {name_q}"), ev(Vec::new(), Vec::new(), Vec::new()))
        }
        Verdict::Duplicate { ids } => (
            Status::Fail,
            None,
            format!("duplicate: {} {noun}s named {name_q} (ids {}); keep one", ids.len(), ids.join(", ")),
            ev(ids.clone(), Vec::new(), Vec::new()),
        ),
        Verdict::Same { id, notes } => {
            let mut reason = format!("{noun} {name_q} ({id}) is as planned");
            for n in notes {
                reason.push_str("; ");
                reason.push_str(n);
            }
            (Status::Pass, None, reason, ev(vec![id.clone()], Vec::new(), notes.clone()))
        }
        Verdict::Differs { id, differences, notes } => {
            let list: Vec<String> = differences.iter().map(ToString::to_string).collect();
            (
                Status::Fail,
                None,
                format!("{noun} {name_q} ({id}) differs: {}", list.join("; ")),
                ev(vec![id.clone()], differences.iter().map(Difference::from).collect(), notes.clone()),
            )
        }
    }
}

fn group(want: &ExpectedGroup, live: &Live) -> Outcome4 {
    match (&live.groups, &live.memberships, &live.users) {
        (Read::Got(g), Read::Got(m), Read::Got(u)) => {
            from_verdict(&reconcile::group(want, g, m, u), Resource::Groups, "group", &want.name)
        }
        (Read::Refused { status }, _, _) => refused(Resource::Groups, *status),
        (_, Read::Refused { status }, _) => refused(Resource::Memberships, *status),
        (_, _, Read::Refused { status }) => refused(Resource::Users, *status),
        _ => unknown(Unknown::NotApplicable, "groups were not read"),
    }
}

/// The live groups, for references by group name (empty when they were not read).
fn groups(live: &Live) -> &[LiveGroup] {
    match &live.groups {
        Read::Got(g) => g,
        _ => &[],
    }
}

/// A trigger item: a Support trigger is looked for by title; its conditions and actions are
/// compared only when the plan's own call makes it: not on the assisted path (`wizard`),
/// where the wizard converts the Chat trigger its own way (K3).
fn trigger(t: &TriggerPayload, wizard: bool, live: &Live) -> Outcome4 {
    let body = match (&t.create, &t.translated) {
        (Some(c), _) => Some(resolve_refs(&c.body, groups(live))),
        (None, Some(Translated::SupportTrigger(st))) => {
            Some(serde_json::json!({"trigger": {"title": st.name, "active": t.active_after_migration}}))
        }
        _ => None,
    };
    let want = ExpectedTrigger::from_payload(t, body.as_ref(), !wizard);
    match t.outcome {
        TriggerOutcome::SupportTrigger => match want {
            Some(want) => {
                let mut o = on(&live.triggers, Resource::Triggers, "Support trigger", &want.title, |l| {
                    reconcile::trigger(&want, l)
                });
                if o.0 == Status::Pass && !want.active {
                    o.2.push_str(" (converted triggers are created inactive)");
                }
                o
            }
            None => unknown(Unknown::NeedsPerson, "the plan has no Support trigger to look for"),
        },
        TriggerOutcome::MessagingTrigger => unknown(Unknown::NoApi, "messaging triggers have no public API to read"),
        TriggerOutcome::ProactiveMessage => unknown(Unknown::NoApi, "proactive messages have no public API to read"),
        TriggerOutcome::NotMigratable => unknown(Unknown::NotApplicable, "not migrated: nothing to check"),
    }
}

/// A form: the ticket fields it needs are checked; the messaging response itself has no
/// API, so the item is at best unknown, and fails when a ticket field is missing or differs.
fn response(r: &ResponsePayload, live: &Live) -> Outcome4 {
    let no_api = "the messaging response itself has no public API to read";
    if r.ticket_fields.is_empty() {
        return unknown(Unknown::NoApi, format!("{no_api}; check Admin Center > Channels > Messaging"));
    }
    let fields: Vec<ExpectedField> = r.ticket_fields.iter().filter_map(|c| ExpectedField::from_body(&c.body)).collect();
    let Read::Got(l) = &live.ticket_fields else {
        return match &live.ticket_fields {
            Read::Refused { status } => refused(Resource::TicketFields, *status),
            _ => unknown(Unknown::NoApi, no_api),
        };
    };
    let mut evidence = Vec::new();
    let mut failed = Vec::new();
    let mut ok = Vec::new();
    for f in &fields {
        let (status, _, reason, ev) =
            from_verdict(&reconcile::ticket_field(f, l), Resource::TicketFields, "ticket field", &f.title);
        evidence.extend(ev);
        if status == Status::Fail { failed.push(reason) } else { ok.push(format!("\"{}\"", f.title)) }
    }
    if failed.is_empty() {
        (
            Status::Unknown,
            Some(Unknown::NoApi),
            format!("ticket fields {} are as planned; {no_api}", ok.join(", ")),
            evidence,
        )
    } else {
        (Status::Fail, None, failed.join("; "), evidence)
    }
}

fn settings(live: &Live) -> Result<&Value, Outcome4> {
    match &live.settings {
        Read::Got(v) if !v.is_empty() => Ok(&v[0]),
        Read::Refused { status } => Err(refused(Resource::AccountSettings, *status)),
        _ => Err(unknown(Unknown::NotApplicable, "account settings were not read")),
    }
}

fn setting_check(live: &Live, pointer: &str, what: &str, note: &str) -> Outcome4 {
    let s = match settings(live) {
        Ok(s) => s,
        Err(o) => return o,
    };
    let ev = |notes: Vec<String>| {
        vec![Evidence { read: Resource::AccountSettings.read(), ids: Vec::new(), differences: Vec::new(), notes }]
    };
    match s.pointer(pointer).and_then(Value::as_bool) {
        Some(true) => (Status::Pass, None, format!("{what} is on{note}"), ev(vec![format!("{pointer}: true")])),
        Some(false) => (
            Status::Fail,
            None,
            format!("{what} is off{note}"),
            vec![Evidence {
                read: Resource::AccountSettings.read(),
                ids: Vec::new(),
                differences: vec![Difference {
                    what: pointer.to_owned(),
                    expected: "true".into(),
                    found: "false".into(),
                }],
                notes: Vec::new(),
            }],
        ),
        None => unknown(Unknown::NotReadable, format!("the account settings do not say whether {what} is on")),
    }
}

/// Omnichannel routing: `settings.routing.enabled` (the key's meaning is read from its name:
/// support-api.md §8, inferred).
fn routing(live: &Live) -> Outcome4 {
    setting_check(
        live,
        "/routing/enabled",
        "omnichannel routing",
        " (settings.routing.enabled; skills and capacity need a person)",
    )
}

fn step(step: &Step, plan: &Plan, items: &[Check], live: &Live) -> Check {
    let (status, kind, reason, evidence) = step_outcome(step, plan, items, live);
    Check {
        id: step.id.to_string(),
        kind: CheckKind::Step,
        status,
        unknown: kind,
        title: step.title.clone(),
        reason,
        evidence,
    }
}

/// How a step is checked (docs/verify.md has the same table).
fn step_outcome(step: &Step, plan: &Plan, items: &[Check], live: &Live) -> Outcome4 {
    let person = |what: &str| unknown(Unknown::NeedsPerson, what.to_owned());
    let no_api = |what: &str| unknown(Unknown::NoApi, what.to_owned());
    use StepId as S;
    let sum_sources = || {
        let ids: Vec<&str> = step.sources.iter().map(String::as_str).collect();
        sum(&ids, items)
    };
    match step.id {
        S::TurnOnAgentWorkspace => setting_check(live, "/agents/agent_workspace", "the agent workspace", ""),
        S::ConfigureOmnichannelRouting => routing(live),
        S::GrowHelpCenter => help_centre(live),
        S::ReviewMigratedSettings => {
            let ids: Vec<&str> = plan
                .items
                .iter()
                .filter(|i| i.outcome == Outcome::MigratedByZendesk)
                .map(|i| i.source.as_str())
                .collect();
            sum(&ids, items)
        }
        S::ReviewTriggerConversions
        | S::RecreateChatTriggers
        | S::CreateBusinessHoursSchedule
        | S::SplitDepartmentSchedules
        | S::MapDepartmentsToGroups
        | S::RecreateShortcutsAsMacros => sum_sources(),
        S::TurnOnMessagingForAccount => no_api("no public API says whether messaging is on for the account"),
        S::ZendeskActivatesMessaging => no_api(
            "the migration wizard has no API: its \"Review and activate messaging rules\" page shows what it did",
        ),
        S::SelectScheduleOnChannel | S::ConfigureMessagingResponse | S::ConfigureOutsideHoursResponse => {
            no_api("messaging responses have no public API to read")
        }
        S::CreateMessagingSigningKey => no_api("messaging signing keys have no public API to read"),
        S::RecreateGoals => no_api("messaging goals have no public API to read"),
        S::RecreateIpBans => no_api("messaging IP bans have no public API to read"),
        S::TurnOffAwayTrigger => no_api("messaging triggers have no public API to read"),
        S::TurnOnContinuousConversations | S::EnableChannelLinking => {
            no_api("messaging Web Widget settings have no public API to read")
        }
        S::CompleteExport | S::ConfirmInactive | S::RequestActivationDelay => {
            unknown(Unknown::NotApplicable, "about the export or the activation date, not the live account")
        }
        S::LearnMessaging
        | S::LaunchBrandOffPeak
        | S::PrepareAgentsAndRouting
        | S::UpdateJwtLoginCode
        | S::UpdateWidgetJsApi
        | S::ReviewChatApiIntegrations
        | S::ReviewCapacity
        | S::ReplaceZendeskMessageChannels => {
            person("a person checks this with a test conversation or on the site; no API reads it")
        }
        S::SuspendBannedVisitors | S::RecreateCustomRoles | S::GiveAgentsChatRoles => {
            person("a person checks this in Admin Center")
        }
        S::MoveMobileApps => person("a person checks the released apps open a messaging conversation"),
    }
}

/// A step made of plan items: fail when one fails, pass when all pass, else unknown of the
/// first unknown kind.
fn sum(ids: &[&str], items: &[Check]) -> Outcome4 {
    let of: Vec<&Check> = items.iter().filter(|c| ids.contains(&c.id.as_str())).collect();
    if of.is_empty() {
        return unknown(Unknown::NeedsPerson, "no plan item of this step is checkable");
    }
    let count = |s: Status| of.iter().filter(|c| c.status == s).count();
    let (pass, fail) = (count(Status::Pass), count(Status::Fail));
    let n = of.len();
    let reason = format!("{pass} of {n} pass, {fail} fail, {} unknown", n - pass - fail);
    if fail > 0 {
        let failed: Vec<&str> = of.iter().filter(|c| c.status == Status::Fail).map(|c| c.title.as_str()).collect();
        return (Status::Fail, None, format!("{reason}: {}", failed.join("; ")), Vec::new());
    }
    if pass == n {
        return (Status::Pass, None, reason, Vec::new());
    }
    let kind = of.iter().find_map(|c| c.unknown).unwrap_or(Unknown::NeedsPerson);
    (Status::Unknown, Some(kind), reason, Vec::new())
}

/// D-17: an active public help centre with at least 10 articles. Public: not a draft, and
/// seen by everyone (`user_segment_id` null), as `migrate export` counts them.
fn help_centre(live: &Live) -> Outcome4 {
    match &live.articles {
        Read::Got(list) => {
            let public = list
                .iter()
                .filter(|a| {
                    a.get("draft").and_then(Value::as_bool) != Some(true)
                        && a.get("user_segment_id").is_none_or(Value::is_null)
                })
                .count() as u64;
            let ev = vec![Evidence {
                read: Resource::Articles.read(),
                ids: Vec::new(),
                differences: Vec::new(),
                notes: vec![format!("{public} public articles")],
            }];
            if public >= RECOMMENDED_ARTICLES {
                (
                    Status::Pass,
                    None,
                    format!("{public} public help-centre articles (D-17 recommends at least {RECOMMENDED_ARTICLES})"),
                    ev,
                )
            } else {
                (
                    Status::Fail,
                    None,
                    format!("{public} public help-centre articles, at least {RECOMMENDED_ARTICLES} recommended (D-17)"),
                    ev,
                )
            }
        }
        // No help centre: the articles endpoint answers 404.
        Read::Refused { status: 404 } => {
            (Status::Fail, None, "no help centre (the articles endpoint answered 404)".into(), Vec::new())
        }
        Read::Refused { status } => refused(Resource::Articles, *status),
        Read::Skipped => unknown(Unknown::NotApplicable, "help-centre articles were not read"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::PlanOptions;

    fn acme() -> Plan {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/acme-segment-2");
        crate::pipeline::plan_account(&dir, &PlanOptions::default()).unwrap_or_else(|e| panic!("{e:#}"))
    }

    #[test]
    fn with_nothing_read_nothing_passes_and_messaging_only_items_have_no_api() {
        let plan = acme();
        let checks = check(&plan, &Live::default());
        assert_eq!(checks.len(), plan.items.len() + plan.steps.len());
        assert!(checks.iter().all(|c| c.status != Status::Pass), "nothing read, nothing passes");
        assert!(checks.iter().all(|c| (c.status == Status::Unknown) == c.unknown.is_some()));
        for item in &plan.items {
            let c = checks.iter().find(|c| c.id == item.source).unwrap();
            let messaging_only = matches!(
                &item.payload,
                Some(Payload::Jwt(_) | Payload::Goal(_) | Payload::BannedIps(_) | Payload::WidgetLook(_))
            ) || matches!(&item.payload, Some(Payload::Trigger(t)) if matches!(t.outcome, TriggerOutcome::MessagingTrigger | TriggerOutcome::ProactiveMessage));
            if messaging_only && item.outcome != Outcome::NotMigratable {
                assert_eq!(c.unknown, Some(Unknown::NoApi), "{}", item.source);
            }
        }
    }

    #[test]
    fn a_refused_list_is_not_readable_and_a_missing_help_centre_fails() {
        let plan = acme();
        let live = Live {
            schedules: Read::Refused { status: 403 },
            articles: Read::Refused { status: 404 },
            ..Live::default()
        };
        let checks = check(&plan, &live);
        let schedule = checks.iter().find(|c| c.id == "chat/operating_hours.json#account_schedule").unwrap();
        assert_eq!(schedule.unknown, Some(Unknown::NotReadable));
        assert_eq!(help_centre(&live).0, Status::Fail);
    }
}
