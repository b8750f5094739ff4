//! The move on a calendar (D-1, D-4, D-6): with `--activation-date`, the plan says when
//! Zendesk's notice should arrive, puts a date on every step, and says when the launch
//! window opens.
//!
//! Every date comes from the flag and the export, never from the clock, so the same input
//! gives the same plan on any day.

use jiff::ToSpan;
use jiff::civil::Date;

use crate::account::lenient::Timestamp;
use crate::plan::{Phase, Segment, Step, Timeline, Warning};
use crate::refs;

/// D-4: inactive accounts get the email and banner 30 days before the change.
pub const INACTIVE_NOTICE_DAYS: u32 = 30;
/// D-6: active accounts get them about 60 days before activation.
pub const ACTIVE_NOTICE_DAYS: u32 = 60;

/// Parse `--activation-date`: exactly `YYYY-MM-DD`, a real calendar day.
pub fn parse_date(s: &str) -> Result<Date, String> {
    let shape = s.len() == 10
        && s.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'-' } else { b.is_ascii_digit() });
    if !shape {
        return Err(format!("expected a date as YYYY-MM-DD, found `{s}`"));
    }
    let date = s.parse::<Date>().map_err(|e| format!("`{s}` is not a calendar date: {e}"))?;
    // Every date the plan derives must exist: the launch opens the day after activation and
    // the notice comes up to 60 days before. At the ends of the calendar they would be cut
    // to the activation day itself (`9999-12-31`: launch "on" activation day; issue 11).
    let reaches = |n: i64| date.checked_add(n.days()).is_ok();
    if !reaches(1) || !reaches(-i64::from(ACTIVE_NOTICE_DAYS)) {
        return Err(format!("`{s}` leaves no room for the launch the day after or the notice before it"));
    }
    Ok(date)
}

fn days(date: Date, n: i64) -> Date {
    date.saturating_add(n.days())
}

/// The date a step of this phase belongs to: before-activation steps are due by the day
/// before activation; activation, after-activation and before-launch steps can start on
/// activation day (once Zendesk's confirmation has come, D-9); the launch and what follows
/// it open the day after.
pub fn due(phase: Phase, activation: Date) -> Date {
    match phase {
        Phase::BeforeActivation => days(activation, -1),
        Phase::Activation | Phase::AfterActivation | Phase::BeforeLaunch => activation,
        Phase::Launch | Phase::AfterLaunch => days(activation, 1),
    }
}

/// Date the steps and describe the timeline. A date on or before the export is reported:
/// the before-activation steps are then overdue.
pub fn apply(
    activation: Date,
    segment: Segment,
    exported_at: Timestamp,
    steps: &mut [Step],
    warnings: &mut Vec<Warning>,
) -> Timeline {
    for s in steps.iter_mut() {
        s.due = Some(due(s.phase, activation).to_string());
    }
    let before = due(Phase::BeforeActivation, activation);
    let launch = due(Phase::Launch, activation);
    let notice_on = |n: u32| days(activation, -i64::from(n));
    let (notice_days, notice_sentence, mut ids) = match segment {
        Segment::Inactive => (
            Some(INACTIVE_NOTICE_DAYS),
            format!(
                "As an inactive account, it gets Zendesk's email and banner 30 days before (around {}); Zendesk says activation has no effect on current support work (check the plan's reasons for chats without tickets).",
                notice_on(INACTIVE_NOTICE_DAYS)
            ),
            vec!["D-4"],
        ),
        Segment::Segment1 | Segment::Segment2 => (
            Some(ACTIVE_NOTICE_DAYS),
            // Issue 18 #24: the programme's announcement says about 60 days (D-6), Zendesk's
            // newer trigger-migration page 30 (K3): both are stated, no deadline from one.
            format!(
                "As an active account, it gets Zendesk's email and banner about 60 days before by the programme's announcement (around {}), or 30 days before by Zendesk's newer trigger-migration page (around {}).",
                notice_on(ACTIVE_NOTICE_DAYS),
                notice_on(INACTIVE_NOTICE_DAYS)
            ),
            vec!["D-6", "K3"],
        ),
        Segment::Undetermined => (
            None,
            format!(
                "The notice comes 30 days before for an inactive account (around {}) and about 60 days before for an active one (around {}); the segment is undetermined, so either may apply.",
                notice_on(INACTIVE_NOTICE_DAYS),
                notice_on(ACTIVE_NOTICE_DAYS)
            ),
            vec!["D-4", "D-6"],
        ),
    };
    ids.push("D-1");
    // An inactive account has no launch to plan (D-4: no effect on current support work);
    // D-8 and D-10 speak to the active segments.
    let launch_sentence = if segment == Segment::Inactive {
        String::new()
    } else {
        ids.extend(["D-9", "D-8", "D-10"]);
        format!(
            "; launches can start on {launch}, once the blocking steps are done: each brand in its own off-peak window"
        )
    };
    let note = format!(
        "Activation on {activation}. {notice_sentence} Steps before activation are due by {before}; steps after activation start on {activation}{launch_sentence}."
    );

    let exported = exported_at.0.to_zoned(jiff::tz::TimeZone::UTC).date();
    if activation <= exported {
        warnings.push(Warning {
            code: "activation-date-passed".into(),
            message: format!(
                "The activation date {activation} is not after the export ({exported}): the before-activation steps are overdue. Export again and plan what remains."
            ),
            source: None,
            refs: refs::list(&["D-1"]),
            blocking: false,
        });
    }

    Timeline {
        activation_date: activation.to_string(),
        notice_days,
        notice_date: notice_days.map(|n| notice_on(n).to_string()),
        before_activation_due: before.to_string(),
        launch_window_from: launch.to_string(),
        note,
        refs: refs::list(&ids),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_plain_calendar_dates_parse() {
        assert_eq!(parse_date("2026-12-15").unwrap().to_string(), "2026-12-15");
        for bad in [
            "2026-2-15",
            "15/12/2026",
            "2026-12-15T00:00",
            "2026-02-30",
            "",
            "２０２６-12-15",
            "9999-12-31",
            "-009999-01-01",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn phases_get_dates_around_activation() {
        let d = parse_date("2027-01-01").unwrap();
        assert_eq!(due(Phase::BeforeActivation, d).to_string(), "2026-12-31");
        assert_eq!(due(Phase::Activation, d).to_string(), "2027-01-01");
        assert_eq!(due(Phase::AfterActivation, d).to_string(), "2027-01-01");
        assert_eq!(due(Phase::BeforeLaunch, d).to_string(), "2027-01-01");
        assert_eq!(due(Phase::Launch, d).to_string(), "2027-01-02");
    }
}
