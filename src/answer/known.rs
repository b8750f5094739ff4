//! What the export already knows about the four facts, offered as defaults: a file
//! completed earlier (by hand or by an earlier `migrate answer`), the departments (for
//! department schedules), the Chat plan (a plan without operating hours cannot use them)
//! and the Support schedules' time zone.

use std::collections::BTreeMap;

use super::model::{DepartmentAnswer, FormAnswer, Hours, KnownDefaults, ScheduleScope};
use super::week::{Span, Week};
use super::words::Field;
use crate::account::Account;
use crate::account::hours::{self, WeekSchedule};
use crate::account::widget;

fn week(w: Option<&WeekSchedule>) -> Week {
    let mut out = super::week::closed();
    if let Some(w) = w {
        for (day, spans) in &w.0 {
            out.insert(*day, spans.iter().map(|s| Span { start: s.start, end: s.end }).collect());
        }
    }
    out
}

fn form(f: &widget::Form) -> FormAnswer {
    FormAnswer {
        enabled: f.enabled.get(),
        greeting: f.greeting.clone().unwrap_or_default(),
        fields: f
            .fields
            .iter()
            .map(|x| Field { name: x.name.to_ascii_lowercase(), required: x.is_required() })
            .collect(),
        display_operating_hours: f.display_operating_hours.map(|d| d.get()),
    }
}

/// The defaults for `account`.
pub(crate) fn known(account: &Account) -> KnownDefaults {
    let departments = account
        .chat
        .departments
        .iter()
        .flatten()
        .filter_map(|d| {
            Some(DepartmentAnswer { id: d.id.as_ref()?.as_str().to_owned(), name: d.name.clone().unwrap_or_default() })
        })
        .collect();
    let hours = account.chat.operating_hours.as_ref().map(|h| Hours {
        enabled: h.enabled.get(),
        timezone: h.timezone.0.clone(),
        kind: match h.kind() {
            hours::HoursKind::Account => ScheduleScope::Account,
            hours::HoursKind::Department => ScheduleScope::Department,
        },
        week: week(h.account_schedule.as_ref()),
        departments: h
            .department_schedule
            .iter()
            .map(|(id, w)| (id.as_str().to_owned(), week(Some(w))))
            .collect::<BTreeMap<_, _>>(),
    });
    let w = account.chat.widget.as_ref();
    // The Support schedules' zone (a Rails name) as the IANA zone it stands for.
    let timezone_hint = account.support.schedules.iter().flatten().find_map(|s| {
        let rails = s.time_zone.as_deref()?;
        crate::translate::hours::zones::RAILS_ZONES
            .iter()
            .find(|(r, _)| *r == rails)
            .map(|(_, iana)| (*iana).to_owned())
    });
    KnownDefaults {
        departments,
        hours,
        pre_chat: w.and_then(|w| w.pre_chat_form.as_ref()).map(form),
        offline: w.and_then(|w| w.offline_form.as_ref()).map(form),
        visitor_authentication: w.and_then(|w| w.visitor_authentication.as_ref()).map(|a| a.enabled.get()),
        plan_has_operating_hours: account
            .chat
            .account
            .as_ref()
            .and_then(|a| a.subscription.as_ref())
            .and_then(|p| p.operating_hours)
            .map(|f| f.get()),
        timezone_hint,
        enrolled: account.support.account.as_ref().and_then(|a| a.enrolled),
    }
}
