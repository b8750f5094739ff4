//! Operating hours → Support business-hours schedules (mapping.md §6, K9, K10, K11).
//!
//! An account schedule becomes one schedule; department schedules become one schedule each
//! plus a manual decision, because a messaging channel takes only one schedule. The
//! payloads are ready for the Schedules API: a create body and a workweek of intervals in
//! minutes from Sunday 00:00 that never span midnight, with the IANA zone mapped to the
//! Zendesk name.

use serde::Serialize;

pub mod zones;

use super::{Context, item};
use crate::account::FileState;
use crate::account::hours::{HoursKind, OperatingHours, WeekSchedule};
use crate::plan::payload::{
    AdoptBy, ApiCall, ApiPath, CallKey, Method, Object, Payload, SchedulePayload, TimeZoneMapping, ZoneMatch,
};
use crate::plan::{Outcome, Section};
use crate::steps::{Need, StepId};

const FILE: &str = "chat/operating_hours.json";

/// A schedule interval in minutes from Sunday 00:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct WeekInterval {
    pub start_time: u32,
    pub end_time: u32,
}

const WEEK: u32 = 7 * 1440;
const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/// Chat day schedules to Support intervals: `day * 1440 + minute`, split at midnight (an
/// interval may not span days, K11), sorted, and merged where they overlap within a day.
/// Returns the intervals and whether any was split.
pub fn week_intervals(week: &WeekSchedule) -> (Vec<WeekInterval>, bool) {
    let mut out = Vec::new();
    let mut split = false;
    for (&day, intervals) in &week.0 {
        for iv in intervals {
            let (s, e) = iv.span();
            let base = u32::from(day) * 1440;
            if e <= 1440 {
                out.push(WeekInterval { start_time: base + s, end_time: base + e });
            } else {
                split = true;
                out.push(WeekInterval { start_time: base + s, end_time: base + 1440 });
                // Saturday night continues on Sunday, the start of the week.
                let next = (base + 1440) % WEEK;
                out.push(WeekInterval { start_time: next, end_time: next + (e - 1440) });
            }
        }
    }
    out.sort();
    let mut merged: Vec<WeekInterval> = Vec::new();
    for iv in out {
        if let Some(last) = merged.last_mut() {
            let same_day = last.start_time / 1440 == iv.start_time / 1440;
            if same_day && iv.start_time <= last.end_time {
                last.end_time = last.end_time.max(iv.end_time);
                continue;
            }
        }
        merged.push(iv);
    }
    (merged, split)
}

fn hhmm(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// `Mon 09:00–17:00` lines.
pub fn describe(intervals: &[WeekInterval]) -> Vec<String> {
    intervals
        .iter()
        .map(|iv| {
            let day = (iv.start_time / 1440) as usize % 7;
            let s = iv.start_time % 1440;
            let e = iv.end_time - (iv.start_time / 1440) * 1440;
            format!("{} {}–{}", DAYS[day], hhmm(s), hhmm(e))
        })
        .collect()
}

/// The schedule named `name` for the plan item `source`: a create call, then the workweek
/// call that depends on it; an existing schedule of the same name is adopted.
pub fn schedule_payload(
    ctx: &Context,
    source: &str,
    name: &str,
    hours: &OperatingHours,
    week: &WeekSchedule,
) -> (SchedulePayload, bool) {
    let (intervals, split) = week_intervals(week);
    let at = ctx.account.manifest.exported_at.0;
    let mapped = zones::zendesk_name(&hours.timezone.0, at);
    let zendesk = mapped.as_ref().map(|(n, _)| (*n).to_owned());
    let create = ApiCall::create(
        CallKey::new(source, "schedule"),
        Object::Schedule,
        "/api/v2/business_hours/schedules",
        serde_json::json!({
            "schedule": {"name": name, "time_zone": zendesk.clone().unwrap_or_else(|| hours.timezone.0.clone())}
        }),
    )
    .adopt_by(AdoptBy::field("name", name));
    let workweek = ApiCall {
        key: CallKey::new(source, "workweek"),
        method: Method::Put,
        path: ApiPath::fixed("/api/v2/business_hours/schedules/{id}/workweek"),
        depends_on: Some(create.key.clone()),
        object: Object::Workweek,
        adopt_by: None,
        body: serde_json::json!({ "workweek": { "intervals": intervals } }),
    };
    let payload = SchedulePayload {
        create,
        workweek,
        time_zone: TimeZoneMapping { iana: hours.timezone.0.clone(), zendesk, matched: mapped.map(|(_, m)| m) },
        hours: describe(&intervals),
    };
    (payload, split)
}

pub fn translate(ctx: &mut Context) {
    let state = ctx.account.state(FILE);
    let Some(hours) = ctx.account.chat.operating_hours.as_ref() else {
        if ctx.classification.evidence.features.operating_hours.state == crate::plan::FeatureState::NotUsed {
            return; // Known from the Chat plan: nothing to translate.
        }
        let why = if state == FileState::Template { "is an unfilled template" } else { "was not exported" };
        ctx.undecided("operating_hours", &[FILE], format!("{FILE} {why}: no business-hours schedule was translated"));
        return;
    };
    if !hours.enabled.get() {
        ctx.item(item(
            Section::BusinessHours,
            FILE,
            "No business-hours schedule: the messaging response is the same at all hours",
            Outcome::Translated,
            "Operating hours are off in Chat, so no schedule is needed.",
            &["K9", "K10"],
        ));
        return;
    }
    let team_plan =
        ctx.account.support.account.as_ref().and_then(|a| a.tier.as_ref()).is_some_and(|p| !p.has_schedules());
    if team_plan {
        ctx.warn(
            "team-plan-no-schedules",
            "Team plans have no business-hours schedules: messaging cannot switch to an outside-hours response; use out-of-office messaging triggers instead, or upgrade the plan",
            Some(FILE),
            &["K9"],
        );
    }

    match hours.kind() {
        HoursKind::Account => account_schedule(ctx, hours, team_plan),
        HoursKind::Department => department_schedules(ctx, hours, team_plan),
    }
}

fn tz_notes(ctx: &mut Context, payload: &SchedulePayload, source: &str) -> Vec<String> {
    let mut notes = Vec::new();
    match (&payload.time_zone.zendesk, &payload.time_zone.matched) {
        (Some(z), Some(ZoneMatch::SameOffsets)) => notes.push(format!(
            "Zendesk does not list {}; {z} keeps the same UTC offsets and was used.",
            payload.time_zone.iana
        )),
        (None, _) => {
            let msg = format!(
                "no Zendesk time zone keeps the same time as {}; pick the schedule's time zone by hand",
                payload.time_zone.iana
            );
            ctx.warn("time-zone-unmapped", msg.clone(), Some(source), &["K11"]);
            notes.push(msg);
        }
        _ => {}
    }
    notes
}

fn account_schedule(ctx: &mut Context, hours: &OperatingHours, team_plan: bool) {
    let week = hours.account_schedule.clone().unwrap_or_default();
    let source = format!("{FILE}#account_schedule");
    if week.is_empty() {
        ctx.item(item(
            Section::BusinessHours,
            source.clone(),
            "Support schedule (none: the Chat schedule has no hours)",
            Outcome::Manual,
            "Operating hours are on but the account schedule has no hours, so Chat forced every agent invisible; decide the real hours before launch.",
            &["K10", "K9"],
        ));
        if team_plan {
            return;
        }
        // The feature is on, so the account still counts as using it (D-5); the schedule
        // to create is a decision, not a translation, and each channel then selects it.
        ctx.need(
            Need::new(
                StepId::CreateBusinessHoursSchedule,
                "Operating hours are on, but the Chat account schedule has no hours.",
            )
            .source(source.clone())
            .detail("There is no payload to apply: decide the real hours, then create the schedule with them (or turn the hours off in Chat if the account is open at all times)."),
        );
        select_per_brand(ctx, &source, "Operating hours are on; a channel uses them only once a schedule is selected.");
        return;
    }
    let (payload, split) = schedule_payload(ctx, &source, "Chat operating hours", hours, &week);
    let mut notes = tz_notes(ctx, &payload, &source);
    if split {
        notes.push("Intervals that ran past midnight were split at midnight (schedules cannot span days).".into());
    }
    if !hours.department_schedule.is_empty() {
        notes.push(format!(
            "The {} department schedules are not used: the account schedule overrides them.",
            hours.department_schedule.len()
        ));
    }
    let outcome = if team_plan { Outcome::Manual } else { ctx.wizard_or(Outcome::Translated) };
    let reason = match outcome {
        Outcome::MigratedByZendesk => {
            "The migration converts the account schedule into a business-hours schedule; the payload is what to expect (and to apply if it is missing). The admin still selects it on the channel."
        }
        Outcome::Manual => {
            "Team plans have no schedules; the hours must be handled with out-of-office messaging triggers."
        }
        _ => "Translated into a Support schedule ready for the Schedules API.",
    };
    let mut it = item(
        Section::BusinessHours,
        source.clone(),
        "Support schedule \"Chat operating hours\" (Admin Center > Objects and rules > Business rules > Schedules)",
        outcome,
        reason,
        &["K2", "K9", "K10", "K11", "D-7"],
    );
    it.payload = Some(Payload::Schedule(Box::new(payload)));
    it.notes = notes;
    ctx.item(it);
    if team_plan {
        return;
    }
    if outcome == Outcome::Translated {
        ctx.need(Need::new(StepId::CreateBusinessHoursSchedule, "Chat operating hours are on.").source(source.clone()));
    }
    select_per_brand(
        ctx,
        &source,
        "Chat operating hours are on; a channel uses them only once a schedule is selected.",
    );
}

/// One `select-schedule-on-channel` per brand's Web Widget (K9: the schedule is chosen on
/// each channel).
fn select_per_brand(ctx: &mut Context, source: &str, why: &str) {
    for brand in ctx.brand_names() {
        let mut n = Need::new(StepId::SelectScheduleOnChannel, why).source(source);
        if let Some(b) = brand {
            n = n.instance(b);
        }
        ctx.need(n);
    }
}

fn department_schedules(ctx: &mut Context, hours: &OperatingHours, team_plan: bool) {
    if hours.department_schedule.is_empty() {
        ctx.item(item(
            Section::BusinessHours,
            format!("{FILE}#department_schedule"),
            "Support schedules (none: no department has hours)",
            Outcome::Manual,
            "Operating hours use department schedules, but none is defined; decide the hours before launch.",
            &["K10", "K9"],
        ));
        return;
    }
    let mut names = Vec::new();
    for (id, week) in &hours.department_schedule {
        let dept = ctx.department_name(id);
        let label = dept.clone().unwrap_or_else(|| format!("department {id}"));
        names.push(label.clone());
        let source = format!("{FILE}#department_schedule.{id}");
        let (payload, split) = schedule_payload(ctx, &source, &format!("Chat hours: {label}"), hours, week);
        let mut notes = tz_notes(ctx, &payload, &source);
        if split {
            notes.push("Intervals that ran past midnight were split at midnight.".into());
        }
        if dept.is_none() && ctx.account.chat.departments.is_some() {
            notes.push(format!("Department {id} is not in chat/departments.json."));
        }
        let mut it = item(
            Section::BusinessHours,
            source.clone(),
            format!("Support schedule \"Chat hours: {label}\""),
            if team_plan { Outcome::Manual } else { Outcome::Translated },
            "One schedule per department; a messaging channel takes only one, so choosing and routing the others is manual.",
            &["K9", "K10", "K11"],
        );
        let hours_line = if payload.hours.is_empty() { "closed".to_owned() } else { payload.hours.join(", ") };
        it.payload = Some(Payload::Schedule(Box::new(payload)));
        it.notes = notes;
        ctx.item(it);
        if !team_plan {
            ctx.need(
                Need::new(
                    StepId::SplitDepartmentSchedules,
                    "Chat used department schedules; a messaging channel takes only one schedule.",
                )
                .source(source)
                .detail(format!("{label}: {hours_line}")),
            );
        }
    }
    if !team_plan {
        for brand in ctx.brand_names() {
            let mut n = Need::new(
                StepId::SelectScheduleOnChannel,
                format!("Department schedules ({}) must be reduced to one schedule per channel.", names.join(", ")),
            )
            .source(format!("{FILE}#department_schedule"));
            if let Some(b) = brand {
                n = n.instance(b);
            }
            ctx.need(n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::account::hours::DayInterval;
    use std::collections::BTreeMap;

    fn week(days: &[(u8, u32, u32)]) -> WeekSchedule {
        let mut m: BTreeMap<u8, Vec<DayInterval>> = BTreeMap::new();
        for &(d, s, e) in days {
            m.entry(d).or_default().push(DayInterval { start: s, end: e });
        }
        WeekSchedule(m)
    }

    #[test]
    fn monday_nine_to_five_is_1980_2460() {
        // K11's own example.
        let (iv, split) = week_intervals(&week(&[(1, 540, 1020)]));
        assert_eq!(iv, [WeekInterval { start_time: 1980, end_time: 2460 }]);
        assert!(!split);
    }

    #[test]
    fn overnight_hours_split_at_midnight_and_saturday_wraps_to_sunday() {
        let (iv, split) = week_intervals(&week(&[(6, 1320, 1560), (2, 1380, 120)]));
        assert!(split);
        assert_eq!(
            iv,
            [
                WeekInterval { start_time: 0, end_time: 120 },
                WeekInterval { start_time: 2 * 1440 + 1380, end_time: 3 * 1440 },
                WeekInterval { start_time: 3 * 1440, end_time: 3 * 1440 + 120 },
                WeekInterval { start_time: 6 * 1440 + 1320, end_time: 7 * 1440 },
            ]
        );
        assert_eq!(describe(&iv)[0], "Sun 00:00–02:00");
        assert_eq!(describe(&iv)[3], "Sat 22:00–24:00");
    }

    #[test]
    fn overlapping_intervals_merge_within_a_day_only() {
        let (iv, _) = week_intervals(&week(&[(1, 540, 720), (1, 700, 1020), (1, 1200, 1440), (2, 0, 60)]));
        assert_eq!(
            iv,
            [
                WeekInterval { start_time: 1980, end_time: 2460 },
                WeekInterval { start_time: 1440 + 1200, end_time: 2880 },
                WeekInterval { start_time: 2880, end_time: 2940 },
            ]
        );
    }
}
