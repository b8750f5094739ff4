//! `chat/operating_hours.json`: Chat operating hours as the Chat Web SDK reports them.
//!
//! No REST endpoint exposes them (chat-api.md §5), so the shape is ours
//! (export-format.md): days `"0"`..`"6"` with 0 = Sunday, minutes from local midnight in an
//! IANA time zone. An interval may end after midnight (`end` up to 2880, or `end` before
//! `start`): Support schedules cannot span days, so the translator splits it (K11).

use std::collections::BTreeMap;

use serde::de::{self, Deserializer};
use serde::{Deserialize, Serialize};

use super::lenient::{Flag, Id, object_only};

#[derive(Clone, Debug, Deserialize)]
#[serde(remote = "Self")]
pub struct OperatingHours {
    /// `true` in a template written by `migrate export` that the admin has not completed.
    #[serde(default)]
    pub template: Option<bool>,
    /// `"admin"` when `migrate answer` wrote the file; absent in a file written or completed
    /// by hand.
    #[serde(default)]
    pub origin: Option<super::facts::Origin>,
    pub enabled: Flag,
    #[serde(rename = "type", default)]
    pub kind: Option<HoursKind>,
    pub timezone: TimeZoneName,
    #[serde(default)]
    pub account_schedule: Option<WeekSchedule>,
    #[serde(default, deserialize_with = "super::lenient::unique_keys")]
    pub department_schedule: BTreeMap<Id, WeekSchedule>,
}

impl OperatingHours {
    /// Which schedule is in force. Without `type`, the account schedule if there is one.
    pub fn kind(&self) -> HoursKind {
        self.kind.unwrap_or(if self.account_schedule.is_some() || self.department_schedule.is_empty() {
            HoursKind::Account
        } else {
            HoursKind::Department
        })
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HoursKind {
    Account,
    #[serde(alias = "departments")]
    Department,
}

/// An IANA time-zone name, checked against the bundled time-zone database.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TimeZoneName(pub String);

impl<'de> Deserialize<'de> for TimeZoneName {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        if jiff::tz::TimeZone::get(&s).is_err() {
            return Err(de::Error::custom(format!(
                "unknown time zone {s:?}: expected an IANA name such as \"Europe/Berlin\""
            )));
        }
        Ok(TimeZoneName(s))
    }
}

/// One week: day (0 = Sunday) to the day's intervals.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WeekSchedule(pub BTreeMap<u8, Vec<DayInterval>>);

impl WeekSchedule {
    pub fn is_empty(&self) -> bool {
        self.0.values().all(Vec::is_empty)
    }
}

impl<'de> Deserialize<'de> for WeekSchedule {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        // Read entry by entry: a map type would keep the last of a day written twice
        // (`"1": [...], "1": [...]`, or `"01"` beside `"1"`) and drop the other's
        // intervals unseen.
        struct V;
        impl<'de> de::Visitor<'de> for V {
            type Value = WeekSchedule;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object of days \"0\"..\"6\" (0 = Sunday) to intervals")
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<WeekSchedule, A::Error> {
                let mut out = BTreeMap::new();
                while let Some(k) = map.next_key::<String>()? {
                    let day = match k.as_str() {
                        "0" | "1" | "2" | "3" | "4" | "5" | "6" => k.as_bytes()[0] - b'0',
                        _ => {
                            return Err(de::Error::custom(format!("day key {k:?} is not \"0\"..\"6\" (0 = Sunday)")));
                        }
                    };
                    let intervals: Vec<DayInterval> = map.next_value()?;
                    if out.insert(day, intervals).is_some() {
                        return Err(de::Error::custom(format!("day {k:?} appears twice; write its intervals once")));
                    }
                }
                Ok(WeekSchedule(out))
            }
        }
        d.deserialize_map(V)
    }
}

/// Minutes from local midnight. `end` may be 1440 (midnight) or later (the interval runs
/// into the next day); `end < start` also means "into the next day".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DayInterval {
    pub start: u32,
    pub end: u32,
}

impl DayInterval {
    /// The interval as (start, end) minutes from this day's midnight, `end` > `start`.
    pub fn span(self) -> (u32, u32) {
        if self.end <= self.start { (self.start, self.end + 1440) } else { (self.start, self.end) }
    }
}

impl<'de> Deserialize<'de> for DayInterval {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(remote = "Self")]
        struct Raw {
            start: u32,
            end: u32,
        }
        object_only! { Raw => "an interval {\"start\": …, \"end\": …}" }
        let r: Raw = super::lenient::object(d)?;
        if r.start >= 1440 {
            return Err(de::Error::custom(format!("start {} is not a minute of the day (0..1439)", r.start)));
        }
        if r.end > 2880 {
            return Err(de::Error::custom(format!("end {} is more than a day after midnight", r.end)));
        }
        if r.end == r.start {
            return Err(de::Error::custom(format!("empty interval: start and end are both {}", r.start)));
        }
        Ok(DayInterval { start: r.start, end: r.end })
    }
}

object_only! {
    OperatingHours => "an operating hours object (docs/export-format.md)",
}
