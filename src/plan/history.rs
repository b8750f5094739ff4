//! What the plan says about the chat history (`account.history` in `plan.json`).
//!
//! Part of the plan contract: keys in declaration order, integers wherever a figure is a
//! count, times as whole-second UTC timestamps, days as local `YYYY-MM-DD`, nothing of the
//! run itself, so two runs on one export give the same bytes.

use serde::{Deserialize, Serialize};

use crate::account::lenient::Timestamp;

/// The figures from `chat/chats.jsonl`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistorySummary {
    pub source: String,
    /// The export of the history stopped part way (from the manifest): it can prove
    /// activity, not inactivity.
    pub partial: bool,
    /// Lines read, blank lines not counted.
    pub lines: u64,
    /// Lines (or chats of a page line) skipped because they could not be read.
    pub bad_lines: u64,
    /// Chat objects read, repeats included.
    pub objects: u64,
    /// Distinct chats (by id), offline messages and deleted chats included.
    pub chats: u64,
    /// Objects that repeated a chat already read (it was updated or deleted later): each
    /// chat counts once, as its last line says.
    pub repeated: u64,
    /// Chats whose last line says `deleted: true`. They still count: deleting a chat does
    /// not undo the conversation or its ticket.
    pub deleted: u64,
    pub offline_messages: u64,
    /// Chats with no start time (`timestamp` or `session.start_date`).
    pub undated: u64,
    /// Places where `update_timestamp` goes backwards: the file is not in export order, so
    /// "the later line wins" may not pick the latest version there.
    pub out_of_order: u64,
    /// Chats started in the 30 days before `exported_at` (D-4).
    pub chats_in_window: u64,
    /// Of those, the chats that made a ticket: the activity figure (D-4).
    pub chat_tickets_in_window: u64,
    pub time_zone: TimeZoneUsed,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub traffic: Option<TrafficSummary>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_window: Option<LaunchWindow>,
    pub capacity: Capacity,
    /// What the chats show about how the account works (issue 19); left out when they
    /// show none of it.
    #[serde(default, skip_serializing_if = "ChatUsage::is_empty")]
    pub usage: ChatUsage,
}

/// Counts and capped sets read from the chats themselves, never a value per chat.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatUsage {
    /// Distinct chats with a visitor's rating (`rating` not null; the later line wins).
    #[serde(default)]
    pub rated_chats: u64,
    /// `department_name`s of the chats, sorted, at most 50.
    #[serde(default)]
    pub departments: Vec<String>,
    /// More departments than the 50 listed.
    #[serde(default)]
    pub more_departments: bool,
    /// Hosts of the pages visitors went through (`webpath`): the sites carrying the widget,
    /// sorted, at most 50.
    #[serde(default)]
    pub sites: Vec<String>,
    #[serde(default)]
    pub more_sites: bool,
}

impl ChatUsage {
    pub fn is_empty(&self) -> bool {
        self.rated_chats == 0 && self.departments.is_empty() && self.sites.is_empty()
    }
}

/// The time zone days, hours and the launch window are given in.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeZoneUsed {
    pub name: String,
    pub source: TimeZoneSource,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeZoneSource {
    /// `timezone` of `chat/operating_hours.json`: the account's own.
    OperatingHours,
    /// `migrate plan --timezone`.
    Flag,
    /// Neither was given.
    DefaultUtc,
}

impl TimeZoneSource {
    pub fn label(self) -> &'static str {
        match self {
            TimeZoneSource::OperatingHours => "from chat/operating_hours.json",
            TimeZoneSource::Flag => "from --timezone",
            TimeZoneSource::DefaultUtc => "UTC: no operating hours exported and no --timezone given",
        }
    }
}

/// Chats per day and by hour of the week, over the whole history, in [`TimeZoneUsed`].
/// Every dated chat counts, offline messages included: in messaging, a visitor who would
/// have left an offline message starts a conversation too.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrafficSummary {
    pub first_day: String,
    pub last_day: String,
    /// Calendar days from the first to the last, both included.
    pub days: u64,
    pub chats: u64,
    /// The median of chats per calendar day, days without chats included (the lower
    /// median when the number of days is even).
    pub median_per_day: u64,
    pub peak_day: String,
    pub peak_day_chats: u64,
    pub heatmap: Heatmap,
}

/// Chats started in each hour of the week, summed over the whole history.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Heatmap {
    /// Row labels, Monday first.
    pub days: [String; 7],
    /// `hours[day][hour]`, the hour in local time (0 = midnight to 1 am).
    pub hours: [[u64; 24]; 7],
}

pub const WEEKDAYS: [&str; 7] = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

impl Heatmap {
    pub fn new(hours: [[u64; 24]; 7]) -> Heatmap {
        Heatmap { days: WEEKDAYS.map(|d| d[..3].to_owned()), hours }
    }

    pub fn max(&self) -> u64 {
        self.hours.iter().flatten().copied().max().unwrap_or(0)
    }

    /// The heatmap as text: a header of hours and one row a day, two characters an hour,
    /// shaded by share of the busiest hour (see [`Heatmap::LEGEND`]). Plain characters, so
    /// it reads the same in a terminal and in a markdown code block.
    pub fn grid(&self) -> Vec<String> {
        let max = self.max();
        let mut out = Vec::with_capacity(8);
        let mut head = String::from("     ");
        for h in (0..24).step_by(3) {
            head.push_str(&format!("{h:02}    "));
        }
        out.push(head.trim_end().to_owned());
        for (label, row) in self.days.iter().zip(&self.hours) {
            let mut line = format!("{label:<5}");
            for &n in row {
                let g = shade(n, max);
                line.push(g);
                line.push(g);
            }
            out.push(line);
        }
        out
    }

    pub const LEGEND: &'static str = "· none  ░ under 10%  ▒ under 40%  ▓ under 70%  █ 70% or more of the busiest hour";
}

/// The first step is small on purpose: a launch window is chosen among the quiet hours,
/// and "a few chats" must look different from "a third of the peak".
fn shade(n: u64, max: u64) -> char {
    if n == 0 || max == 0 {
        return '·';
    }
    let tenths = n.saturating_mul(10);
    if tenths < max {
        '░'
    } else if tenths < max.saturating_mul(4) {
        '▒'
    } else if tenths < max.saturating_mul(7) {
        '▓'
    } else {
        '█'
    }
}

/// The quietest stretch of the week to switch to the messaging Web Widget (D-10).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaunchWindow {
    pub hours: u8,
    pub start_day: String,
    /// Local time, `HH:MM`.
    pub start: String,
    pub end_day: String,
    pub end: String,
    pub time_zone: String,
    /// Chats that started in these hours over the whole history.
    pub chats: u64,
    /// `chats` over the weeks of the history, rounded: what to expect in one such window.
    pub chats_per_week: u64,
    pub weeks: u64,
    /// For people: `Tuesday 02:00–04:00 Europe/Berlin, ~3 chats a week`.
    pub text: String,
}

/// Messaging's recommended limits (D-18) against the account's figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Capacity {
    /// The most conversations open at one moment, over the whole history (a sweep over
    /// start and end times; offline messages have no duration and are not in it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_concurrent: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_concurrent_at: Option<Timestamp>,
    /// Chats with a start and an end, the ones the sweep saw.
    pub timed_chats: u64,
    /// Chats (not offline messages) without a usable start and end.
    pub untimed_chats: u64,
    /// The busiest calendar day's conversations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_day: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peak_day_conversations: Option<u64>,
    /// Enabled agents in `chat/agents.json`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agents: Option<u64>,
    pub limits: CapacityLimits,
    pub checks: Vec<CapacityCheck>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityLimits {
    pub agents: u64,
    pub concurrent: u64,
    /// Where `concurrent` came from: `D-18` or `--concurrent-limit`.
    pub concurrent_source: String,
    pub per_day: u64,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapacityCheck {
    pub figure: CapacityFigure,
    pub value: u64,
    pub limit: u64,
    /// `value` as a whole percentage of `limit`, rounded down.
    pub percent: u64,
    pub status: CapacityStatus,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityFigure {
    Agents,
    ConcurrentConversations,
    ConversationsPerDay,
}

impl CapacityFigure {
    pub fn label(self) -> &'static str {
        match self {
            CapacityFigure::Agents => "enabled agents",
            CapacityFigure::ConcurrentConversations => "peak concurrent conversations",
            CapacityFigure::ConversationsPerDay => "conversations on the busiest day",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapacityStatus {
    Ok,
    /// At least [`crate::capacity::NEAR_PERCENT`] of the limit.
    Near,
    Over,
}

impl CapacityCheck {
    /// `peak concurrent conversations 3,412 of 4,000 (85%)`
    pub fn sentence(&self) -> String {
        // Issue 18 #17, second review #4: the agent limit counts agents online and serving
        // at once, which no export holds; enabled agents are only an upper bound, so no
        // percentage of the limit is printed, and the admin is told what to compare.
        if self.figure == CapacityFigure::Agents {
            let limit = crate::text::thousands(self.limit);
            return format!(
                "{} enabled agents, the most that could be online at once (the export has no count of agents online); the limit is {limit} agents online and serving at once: compare your peak of agents online at once with {limit}",
                crate::text::thousands(self.value),
            );
        }
        format!(
            "{} {} of {} ({}%{})",
            self.figure.label(),
            crate::text::thousands(self.value),
            crate::text::thousands(self.limit),
            self.percent,
            match self.status {
                CapacityStatus::Ok => "",
                CapacityStatus::Near => ", near the limit",
                CapacityStatus::Over => ", over the limit",
            }
        )
    }
}

impl Capacity {
    /// The checks that call for a review.
    pub fn concerns(&self) -> impl Iterator<Item = &CapacityCheck> {
        self.checks.iter().filter(|c| c.status != CapacityStatus::Ok)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_shades_by_share_of_the_busiest_hour() {
        let mut hours = [[0u64; 24]; 7];
        hours[1][2] = 9;
        hours[1][3] = 39;
        hours[1][4] = 69;
        hours[1][5] = 100;
        let g = Heatmap::new(hours).grid();
        assert_eq!(g.len(), 8);
        assert!(g[0].starts_with("     00    03"));
        assert_eq!(g[2], format!("Tue  {}░░▒▒▓▓██{}", "·".repeat(4), "·".repeat(36)));
        assert_eq!(g[1].chars().count(), 5 + 48);
    }
}
