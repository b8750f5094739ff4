//! The four answers (D-5) and how they are put together from what the admin gave (prompts,
//! flags, an answers file) and what the export already knows (the defaults).

use std::collections::BTreeMap;

use super::week::{self, Week};
use super::words::{self, Field};

/// Which schedule is in force (export-format.md: the account schedule overrides department
/// ones).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScheduleScope {
    Account,
    Department,
}

impl ScheduleScope {
    pub fn as_str(self) -> &'static str {
        match self {
            ScheduleScope::Account => "account",
            ScheduleScope::Department => "department",
        }
    }

    pub fn parse(text: &str) -> Result<ScheduleScope, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "account" => Ok(ScheduleScope::Account),
            "department" | "departments" => Ok(ScheduleScope::Department),
            other => Err(format!("{other:?} is not a schedule type: expected account or department")),
        }
    }
}

/// Operating hours as answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hours {
    pub enabled: bool,
    /// An IANA name, checked.
    pub timezone: String,
    pub kind: ScheduleScope,
    pub week: Week,
    /// DepartmentAnswer id → its week (department schedules).
    pub departments: BTreeMap<String, Week>,
}

/// A pre-chat or offline form as answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormAnswer {
    pub enabled: bool,
    pub greeting: String,
    pub fields: Vec<Field>,
    /// Offline form only: whether it shows the operating hours.
    pub display_operating_hours: Option<bool>,
}

/// Everything `migrate answer` writes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answers {
    pub hours: Hours,
    pub pre_chat: FormAnswer,
    pub offline: FormAnswer,
    /// On or off only: the shared secret is never asked for and never written.
    pub visitor_authentication: bool,
}

/// A department of the export, for department schedules.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DepartmentAnswer {
    pub id: String,
    pub name: String,
}

impl DepartmentAnswer {
    pub(crate) fn label(&self) -> String {
        if self.name.is_empty() { format!("department {}", self.id) } else { format!("{} (id {})", self.name, self.id) }
    }
}

/// What the export knows before anything is asked: the departments, and the facts of files
/// completed earlier (by hand or by an earlier `migrate answer`), offered as defaults.
#[derive(Clone, Debug, Default)]
pub(crate) struct KnownDefaults {
    pub departments: Vec<DepartmentAnswer>,
    pub hours: Option<Hours>,
    pub pre_chat: Option<FormAnswer>,
    pub offline: Option<FormAnswer>,
    pub visitor_authentication: Option<bool>,
    /// `chat/account.json`: whether the Chat plan includes operating hours at all.
    pub plan_has_operating_hours: Option<bool>,
    /// A time zone to offer when none was answered before.
    pub timezone_hint: Option<String>,
    /// An earlier enrolment answer (D-2).
    pub enrolled: Option<bool>,
}

/// Answers as given without a terminal (flags, or an answers file): text, checked by
/// [`resolve`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Given {
    pub hours: Option<String>,
    pub timezone: Option<String>,
    pub hours_type: Option<String>,
    pub week: Option<String>,
    /// DepartmentAnswer id or name → week.
    pub department_weeks: Vec<(String, String)>,
    pub pre_chat: GivenForm,
    pub offline: GivenForm,
    pub visitor_authentication: Option<String>,
    /// Whether the account got Zendesk's migration notice (D-2): yes, no, or not given.
    pub enrolled: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GivenForm {
    pub enabled: Option<String>,
    pub greeting: Option<String>,
    pub fields: Option<String>,
    pub display_operating_hours: Option<String>,
}

impl Given {
    /// Some answer about operating hours was given.
    pub fn touches_hours(&self) -> bool {
        self.hours.is_some()
            || self.timezone.is_some()
            || self.hours_type.is_some()
            || self.week.is_some()
            || !self.department_weeks.is_empty()
    }

    /// Some answer about the widget (forms, visitor authentication) was given.
    pub fn touches_widget(&self) -> bool {
        let form = |f: &GivenForm| {
            f.enabled.is_some() || f.greeting.is_some() || f.fields.is_some() || f.display_operating_hours.is_some()
        };
        form(&self.pre_chat) || form(&self.offline) || self.visitor_authentication.is_some()
    }

    /// `self` with every answer of `over` put over it (flags over the answers file).
    pub fn overlay(mut self, over: Given) -> Given {
        fn pick(a: &mut Option<String>, b: Option<String>) {
            if b.is_some() {
                *a = b;
            }
        }
        pick(&mut self.hours, over.hours);
        pick(&mut self.timezone, over.timezone);
        pick(&mut self.hours_type, over.hours_type);
        pick(&mut self.week, over.week);
        for (k, v) in over.department_weeks {
            self.department_weeks.retain(|(k2, _)| *k2 != k);
            self.department_weeks.push((k, v));
        }
        for (a, b) in [(&mut self.pre_chat, over.pre_chat), (&mut self.offline, over.offline)] {
            pick(&mut a.enabled, b.enabled);
            pick(&mut a.greeting, b.greeting);
            pick(&mut a.fields, b.fields);
            pick(&mut a.display_operating_hours, b.display_operating_hours);
        }
        pick(&mut self.visitor_authentication, over.visitor_authentication);
        pick(&mut self.enrolled, over.enrolled);
        self
    }
}

/// A refused answer: which one (the flag or key) and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Refused {
    pub answer: &'static str,
    pub message: String,
}

/// The name of each answer, as a flag and as a key of the answers file.
pub(crate) mod names {
    pub(crate) const HOURS: &str = "operating hours (--hours, operating_hours.enabled)";
    pub(crate) const TIMEZONE: &str = "time zone (--timezone, operating_hours.timezone)";
    pub(crate) const HOURS_TYPE: &str = "schedule type (--hours-type, operating_hours.type)";
    pub(crate) const WEEK: &str = "week (--week, operating_hours.week)";
    pub(crate) const DEPARTMENT_WEEK: &str = "department week (--department-week, operating_hours.departments)";
    pub(crate) const PRE_CHAT: &str = "pre-chat form (--pre-chat, pre_chat_form.enabled)";
    pub(crate) const PRE_CHAT_FIELDS: &str = "pre-chat fields (--pre-chat-fields, pre_chat_form.fields)";
    pub(crate) const OFFLINE: &str = "offline form (--offline-form, offline_form.enabled)";
    pub(crate) const OFFLINE_FIELDS: &str = "offline fields (--offline-fields, offline_form.fields)";
    pub(crate) const OFFLINE_HOURS: &str =
        "offline form shows hours (--offline-shows-hours, offline_form.display_operating_hours)";
    pub(crate) const VISITOR_AUTH: &str = "visitor authentication (--visitor-auth, visitor_authentication.enabled)";
    pub(crate) const ENROLLED: &str = "enrolment (--enrolled, programme.enrolled)";
}

/// The enrolment answer (D-2), when one was given: yes or no. Unlike the four facts it may
/// stay unknown; the plan then says which path it assumed.
pub(crate) fn enrolment(given: &Given) -> Result<Option<bool>, Refused> {
    given
        .enrolled
        .as_deref()
        .map(|t| {
            words::on_off(t).map_err(|_| Refused {
                answer: names::ENROLLED,
                message: format!("{:?} is not yes or no: expected yes or no", t.trim()),
            })
        })
        .transpose()
}

/// Check a time-zone name against the bundled database.
pub(crate) fn timezone(text: &str) -> Result<String, String> {
    let t = text.trim();
    match jiff::tz::TimeZone::get(t) {
        Ok(_) if !t.is_empty() => Ok(t.to_owned()),
        _ => Err(format!("{t:?} is not a time zone: expected an IANA name such as Europe/Berlin or America/New_York")),
    }
}

/// Find a department by id or by name (case-insensitive).
pub(crate) fn department<'a>(known: &'a [DepartmentAnswer], key: &str) -> Result<&'a DepartmentAnswer, String> {
    let k = key.trim();
    known
        .iter()
        .find(|d| d.id == k)
        .or_else(|| known.iter().find(|d| !d.name.is_empty() && d.name.eq_ignore_ascii_case(k)))
        .ok_or_else(|| {
            if known.is_empty() {
                format!("no department {k:?}: the export has no departments (chat/departments.json)")
            } else {
                format!(
                    "no department {k:?}: expected the id or name of one of {}",
                    known.iter().map(DepartmentAnswer::label).collect::<Vec<_>>().join(", ")
                )
            }
        })
}

/// Refusals collected while the answers are checked, so that all are reported at once.
#[derive(Default)]
struct Checker {
    refused: Vec<Refused>,
}

impl Checker {
    fn take<T>(&mut self, answer: &'static str, r: Result<T, String>) -> Option<T> {
        match r {
            Ok(v) => Some(v),
            Err(message) => {
                self.refused.push(Refused { answer, message });
                None
            }
        }
    }

    /// An answer neither given nor known from an earlier one.
    fn missing<T>(&mut self, answer: &'static str, what: &str) -> Option<T> {
        self.take(answer, Err(format!("not given, and the export does not know {what}")))
    }
}

/// Put the answers together: each given one checked, each missing one taken from what the
/// export knows; an answer neither given nor known is refused (nothing is guessed: off is
/// an answer too, and only the admin can give it). Every refusal is listed at once.
pub(crate) fn resolve(given: &Given, known: &KnownDefaults) -> Result<Answers, Vec<Refused>> {
    let mut c = Checker::default();
    let hours = resolve_hours(given, known, &mut c);
    let pre_chat = resolve_form(&given.pre_chat, known.pre_chat.as_ref(), false, &mut c);
    let offline = resolve_form(&given.offline, known.offline.as_ref(), true, &mut c);
    // Visitor authentication: on or off, nothing else.
    let visitor_authentication = match &given.visitor_authentication {
        Some(t) => c.take(names::VISITOR_AUTH, words::on_off(t)),
        None => match known.visitor_authentication {
            Some(v) => Some(v),
            None => c.missing(names::VISITOR_AUTH, "whether visitor authentication is on"),
        },
    };
    match (hours, pre_chat, offline, visitor_authentication) {
        (Some(hours), Some(pre_chat), Some(offline), Some(visitor_authentication)) if c.refused.is_empty() => {
            Ok(Answers { hours, pre_chat, offline, visitor_authentication })
        }
        _ => Err(c.refused),
    }
}

fn resolve_hours(given: &Given, known: &KnownDefaults, c: &mut Checker) -> Option<Hours> {
    let earlier = known.hours.as_ref();
    let enabled = match &given.hours {
        Some(t) => c.take(names::HOURS, words::on_off(t))?,
        None => match earlier.map(|h| h.enabled) {
            Some(v) => v,
            None => return c.missing(names::HOURS, "whether operating hours are on"),
        },
    };
    let mut departments: BTreeMap<String, Week> = earlier.map(|h| h.departments.clone()).unwrap_or_default();
    for (key, text) in &given.department_weeks {
        let d = c.take(names::DEPARTMENT_WEEK, department(&known.departments, key)).map(|d| d.id.clone());
        let w = c.take(names::DEPARTMENT_WEEK, week::parse(text).map_err(|e| format!("{key}: {e}")));
        if let (Some(d), Some(w)) = (d, w) {
            departments.insert(d, w);
        }
    }
    if !enabled {
        // Off: what was known before is kept in the file, unused (the plan reads `enabled`).
        return Some(Hours {
            enabled: false,
            timezone: earlier.map_or_else(|| "UTC".to_owned(), |h| h.timezone.clone()),
            kind: earlier.map_or(ScheduleScope::Account, |h| h.kind),
            week: earlier.map_or_else(week::closed, |h| h.week.clone()),
            departments,
        });
    }
    let on_before = earlier.filter(|h| h.enabled);
    let timezone = match &given.timezone {
        Some(t) => c.take(names::TIMEZONE, timezone(t)),
        None => match on_before.map(|h| h.timezone.clone()) {
            Some(t) => Some(t),
            None => c.missing(names::TIMEZONE, "the time zone of the operating hours"),
        },
    };
    let kind = match &given.hours_type {
        Some(t) => c.take(names::HOURS_TYPE, ScheduleScope::parse(t)),
        None => Some(earlier.map_or(ScheduleScope::Account, |h| h.kind)),
    };
    let week = match &given.week {
        Some(t) => c.take(names::WEEK, week::parse(t)),
        None => match on_before.map(|h| h.week.clone()) {
            Some(w) => Some(w),
            // DepartmentAnswer schedules in force: the account week is not used.
            None if kind == Some(ScheduleScope::Department) => Some(week::closed()),
            None => c.missing(names::WEEK, "the week of the operating hours"),
        },
    };
    if kind == Some(ScheduleScope::Department) {
        if known.departments.is_empty() && departments.is_empty() {
            c.take::<()>(
                names::HOURS_TYPE,
                Err("department schedules need departments, and the export has none (chat/departments.json): expected account".to_owned()),
            );
        }
        for d in &known.departments {
            departments.entry(d.id.clone()).or_insert_with(week::closed);
        }
    }
    Some(Hours { enabled: true, timezone: timezone?, kind: kind?, week: week?, departments })
}

fn resolve_form(g: &GivenForm, earlier: Option<&FormAnswer>, offline: bool, c: &mut Checker) -> Option<FormAnswer> {
    let (n_on, n_fields, what) = if offline {
        (names::OFFLINE, names::OFFLINE_FIELDS, "whether the offline form is on")
    } else {
        (names::PRE_CHAT, names::PRE_CHAT_FIELDS, "whether the pre-chat form is on")
    };
    let enabled = match &g.enabled {
        Some(t) => c.take(n_on, words::on_off(t)),
        None => match earlier.map(|f| f.enabled) {
            Some(v) => Some(v),
            None => c.missing(n_on, what),
        },
    };
    let fields = match &g.fields {
        Some(t) => c.take(n_fields, words::fields(t)),
        None => Some(earlier.map(|f| f.fields.clone()).unwrap_or_default()),
    };
    let display_operating_hours = match (offline, &g.display_operating_hours) {
        (false, _) => Some(None),
        (true, Some(t)) => c.take(names::OFFLINE_HOURS, words::on_off(t)).map(Some),
        (true, None) => Some(Some(earlier.and_then(|f| f.display_operating_hours).unwrap_or(false))),
    };
    let greeting = g.greeting.clone().or_else(|| earlier.map(|f| f.greeting.clone())).unwrap_or_default();
    Some(FormAnswer { enabled: enabled?, greeting, fields: fields?, display_operating_hours: display_operating_hours? })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(s: &str) -> Option<String> {
        Some(s.to_owned())
    }

    fn all_off() -> Given {
        Given {
            hours: on("off"),
            pre_chat: GivenForm { enabled: on("off"), ..GivenForm::default() },
            offline: GivenForm { enabled: on("off"), ..GivenForm::default() },
            visitor_authentication: on("off"),
            ..Given::default()
        }
    }

    #[test]
    fn nothing_known_and_nothing_given_refuses_each_of_the_four_facts() {
        let refused = resolve(&Given::default(), &KnownDefaults::default()).unwrap_err();
        let names: Vec<&str> = refused.iter().map(|r| r.answer).collect();
        assert_eq!(names, vec![names::HOURS, names::PRE_CHAT, names::OFFLINE, names::VISITOR_AUTH]);
    }

    #[test]
    fn earlier_answers_are_the_defaults_and_given_ones_win() {
        let earlier = resolve(
            &Given { hours: on("on"), timezone: on("Europe/Berlin"), week: on("Mon-Fri 09:00-17:00"), ..all_off() },
            &KnownDefaults::default(),
        )
        .unwrap();
        let known = KnownDefaults {
            hours: Some(earlier.hours.clone()),
            pre_chat: Some(earlier.pre_chat.clone()),
            offline: Some(earlier.offline.clone()),
            visitor_authentication: Some(false),
            ..KnownDefaults::default()
        };
        // Only the visitor authentication changes; the hours come back as answered.
        let again = resolve(&Given { visitor_authentication: on("on"), ..Given::default() }, &known).unwrap();
        assert_eq!(again.hours, earlier.hours);
        assert!(again.visitor_authentication);
        // Hours turned off keep what was known (unused) rather than inventing a week.
        let off = resolve(&Given { hours: on("off"), ..Given::default() }, &known).unwrap();
        assert!(!off.hours.enabled);
        assert_eq!(off.hours.timezone, "Europe/Berlin");
    }

    #[test]
    fn department_schedules_need_departments_and_fill_the_unnamed_ones_closed() {
        let given = Given { hours: on("on"), timezone: on("UTC"), hours_type: on("department"), ..all_off() };
        let refused = resolve(&given, &KnownDefaults::default()).unwrap_err();
        assert!(refused[0].message.contains("the export has none"), "{refused:?}");
        let known = KnownDefaults {
            departments: vec![
                DepartmentAnswer { id: "1".into(), name: "Sales".into() },
                DepartmentAnswer { id: "2".into(), name: String::new() },
            ],
            ..KnownDefaults::default()
        };
        let given = Given { department_weeks: vec![("SALES".into(), "Mon 09:00-10:00".into())], ..given };
        let a = resolve(&given, &known).unwrap();
        assert_eq!(a.hours.departments["1"][&1], vec![week::Span { start: 540, end: 600 }]);
        assert_eq!(a.hours.departments["2"], week::closed());
    }

    #[test]
    fn flags_overlay_the_answers_file() {
        let file =
            Given { week: on("Mon 09:00-10:00"), department_weeks: vec![("1".into(), "closed".into())], ..all_off() };
        let flags = Given {
            hours: on("on"),
            department_weeks: vec![("1".into(), "Tue 09:00-10:00".into())],
            ..Given::default()
        };
        let both = file.overlay(flags);
        assert_eq!(both.hours.as_deref(), Some("on"));
        assert_eq!(both.week.as_deref(), Some("Mon 09:00-10:00"));
        assert_eq!(both.department_weeks, vec![("1".to_owned(), "Tue 09:00-10:00".to_owned())]);
        assert_eq!(both.pre_chat.enabled.as_deref(), Some("off"));
    }
}
