//! The compact week an admin types: `Mon-Fri 09:00-17:00, Sat 10:00-14:00`.
//!
//! Chat's operating hours are a list of intervals per weekday (chat-api.md §5), which
//! `chat/operating_hours.json` writes as minutes from local midnight with days `"0"`..`"6"`,
//! 0 = Sunday (export-format.md). Nobody types that: this module reads the form a person
//! writes from the Chat dashboard's table and prints a week back in the same form (the
//! default offered when the question is asked again).
//!
//! Grammar: groups separated by `,` or `;`; a group is days then intervals. Days are `Mon`
//! … `Sun` (or full names, any case), a range `Mon-Fri` (it may wrap: `Sat-Mon`), or a list
//! `Mon/Wed`. Intervals are `HH:MM-HH:MM`, several separated by spaces (`Mon 09:00-12:00
//! 13:00-17:00`); `24:00` ends at midnight; an end before the start runs overnight
//! (`Fri 22:00-02:00`); `closed` names a day with no hours. Days not named are closed.
//! `closed` alone is a week with no hours.

use std::collections::BTreeMap;

/// An interval in minutes from local midnight; `end` is 1440 for midnight, and smaller than
/// `start` for an interval that runs overnight (export-format.md allows both).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    /// (start, end) with the end moved past midnight when the interval runs overnight.
    fn extent(self) -> (u32, u32) {
        if self.end <= self.start { (self.start, self.end + 1440) } else { (self.start, self.end) }
    }
}

/// Day (0 = Sunday) → intervals, every day present (an empty list is closed).
pub(crate) type Week = BTreeMap<u8, Vec<Span>>;

/// The order a week is read and written in: Monday first, as the Chat dashboard shows it.
const ORDER: [u8; 7] = [1, 2, 3, 4, 5, 6, 0];
const NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const FULL: [&str; 7] = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

/// What a week looks like, for error messages and prompts.
pub(crate) const EXPECTED: &str = "days and hours such as `Mon-Fri 09:00-17:00, Sat 10:00-14:00` (several intervals: `Mon 09:00-12:00 13:00-17:00`; a day off: `Sun closed`)";

/// An empty week: every day closed.
pub(crate) fn closed() -> Week {
    (0..7).map(|d| (d, Vec::new())).collect()
}

/// Read a week typed by a person. The error says what was expected and what was found.
pub(crate) fn parse(text: &str) -> Result<Week, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!("no hours given: expected {EXPECTED}"));
    }
    let mut week = closed();
    if text.eq_ignore_ascii_case("closed") || text.eq_ignore_ascii_case("none") {
        return Ok(week);
    }
    let mut named: BTreeMap<u8, String> = BTreeMap::new();
    for group in text.split([',', ';']) {
        let group = group.trim();
        if group.is_empty() {
            return Err(format!("an empty group between commas in {text:?}: expected {EXPECTED}"));
        }
        let mut words = group.split_whitespace();
        let Some(days_word) = words.next() else { continue };
        let days = parse_days(days_word)?;
        let rest: Vec<&str> = words.collect();
        let spans = parse_spans(group, &rest)?;
        for d in days {
            if let Some(first) = named.insert(d, group.to_owned()) {
                return Err(format!(
                    "{} is given twice (in {first:?} and {group:?}): name each day once",
                    NAMES[usize::from(d)]
                ));
            }
            week.insert(d, spans.clone());
        }
    }
    Ok(week)
}

fn day(word: &str) -> Result<u8, String> {
    let w = word.to_ascii_lowercase();
    match FULL.iter().position(|full| w.len() >= 3 && full.starts_with(&w)) {
        Some(i) => u8::try_from(i).map_err(|_| word.to_owned()),
        None => Err(format!("{word:?} is not a day: expected Mon, Tue, Wed, Thu, Fri, Sat or Sun")),
    }
}

/// `Mon`, `Mon-Fri` (wrapping: `Sat-Mon`), `Mon/Wed/Fri`.
fn parse_days(word: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    for part in word.split('/') {
        match part.split_once('-') {
            Some((a, b)) => {
                let (a, b) = (day(a)?, day(b)?);
                let from = ORDER.iter().position(|d| *d == a).unwrap_or(0);
                let mut i = from;
                loop {
                    out.push(ORDER[i]);
                    if ORDER[i] == b {
                        break;
                    }
                    i = (i + 1) % 7;
                }
            }
            None => out.push(day(part)?),
        }
    }
    Ok(out)
}

fn parse_spans(group: &str, words: &[&str]) -> Result<Vec<Span>, String> {
    if words.is_empty() {
        return Err(format!("{group:?} names days but no hours: expected {EXPECTED}"));
    }
    if words.len() == 1 && (words[0].eq_ignore_ascii_case("closed") || words[0].eq_ignore_ascii_case("off")) {
        return Ok(Vec::new());
    }
    let mut spans = Vec::new();
    for w in words {
        let (a, b) = w.split_once('-').ok_or_else(|| {
            format!("{w:?} in {group:?} is not an interval: expected HH:MM-HH:MM such as 09:00-17:00")
        })?;
        let start = time(a, group)?;
        let end = time(b, group)?;
        if start == 1440 {
            return Err(format!("{w:?} in {group:?} starts at 24:00: an interval starts between 00:00 and 23:59"));
        }
        if start == end {
            return Err(format!("{w:?} in {group:?} is empty: its start and end are the same"));
        }
        // 00:00 as an end means midnight.
        let end = if end == 0 { 1440 } else { end };
        spans.push(Span { start, end });
    }
    spans.sort();
    for pair in spans.windows(2) {
        let (a, b) = (pair[0].extent(), pair[1].extent());
        if b.0 < a.1 {
            return Err(format!("{} and {} overlap in {group:?}: give each hour once", show(pair[0]), show(pair[1])));
        }
    }
    Ok(spans)
}

/// `9:00`, `09:00`, `24:00` → minutes.
fn time(s: &str, group: &str) -> Result<u32, String> {
    let bad = || format!("{s:?} in {group:?} is not a time: expected HH:MM from 00:00 to 24:00");
    let (h, m) = s.split_once(':').ok_or_else(bad)?;
    if h.is_empty()
        || h.len() > 2
        || m.len() != 2
        || !h.bytes().all(|b| b.is_ascii_digit())
        || !m.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(bad());
    }
    let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
    if m > 59 || h > 24 || (h == 24 && m != 0) {
        return Err(bad());
    }
    Ok(h * 60 + m)
}

fn hhmm(min: u32) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

fn show(s: Span) -> String {
    format!("{}-{}", hhmm(s.start), hhmm(s.end))
}

/// A week in the compact form, consecutive days with the same hours joined (`Mon-Fri`).
/// `closed` when no day has hours. `parse(format(w)) == w` for every week `parse` accepts.
pub(crate) fn format(week: &Week) -> String {
    let hours = |d: u8| week.get(&d).cloned().unwrap_or_default();
    let mut groups: Vec<String> = Vec::new();
    let mut i = 0;
    while i < 7 {
        let spans = hours(ORDER[i]);
        let mut j = i;
        while j + 1 < 7 && hours(ORDER[j + 1]) == spans {
            j += 1;
        }
        if !spans.is_empty() {
            let days = if i == j {
                NAMES[usize::from(ORDER[i])].to_owned()
            } else {
                format!("{}-{}", NAMES[usize::from(ORDER[i])], NAMES[usize::from(ORDER[j])])
            };
            let list: Vec<String> = spans.iter().map(|s| show(*s)).collect();
            groups.push(format!("{days} {}", list.join(" ")));
        }
        i = j + 1;
    }
    if groups.is_empty() { "closed".to_owned() } else { groups.join(", ") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(w: &Week, d: u8) -> Vec<(u32, u32)> {
        w[&d].iter().map(|s| (s.start, s.end)).collect()
    }

    #[test]
    fn the_issue_example_reads_as_minutes_with_sunday_zero() {
        let w = parse("Mon-Fri 09:00-17:00, Sat 10:00-14:00").unwrap();
        for d in 1..=5 {
            assert_eq!(spans(&w, d), vec![(540, 1020)]);
        }
        assert_eq!(spans(&w, 6), vec![(600, 840)]);
        assert!(w[&0].is_empty());
        assert_eq!(format(&w), "Mon-Fri 09:00-17:00, Sat 10:00-14:00");
    }

    #[test]
    fn several_intervals_overnight_midnight_wrap_and_lists() {
        let w = parse("mon 09:00-12:00 13:00-17:00; Fri 22:00-02:00, Sat-Sun 0:00-24:00, Wed/Thu 8:30-9:45").unwrap();
        assert_eq!(spans(&w, 1), vec![(540, 720), (780, 1020)]);
        assert_eq!(spans(&w, 5), vec![(1320, 120)]);
        assert_eq!(spans(&w, 6), vec![(0, 1440)]);
        assert_eq!(spans(&w, 0), vec![(0, 1440)]);
        assert_eq!(spans(&w, 3), vec![(510, 585)]);
        assert!(w[&2].is_empty());
        assert_eq!(parse(&format(&w)).unwrap(), w);
        assert_eq!(parse("Sat-Mon 10:00-11:00").unwrap().iter().filter(|(_, s)| !s.is_empty()).count(), 3);
        assert_eq!(format(&parse("closed").unwrap()), "closed");
    }

    #[test]
    fn bad_weeks_are_refused_with_what_was_expected() {
        for (text, says) in [
            ("", "no hours given"),
            ("Mox 09:00-17:00", "\"Mox\" is not a day"),
            ("Mon-Fri", "names days but no hours"),
            ("Mon 9-17", "is not a time"),
            ("Mon 09:00", "is not an interval"),
            ("Mon 25:00-26:00", "is not a time"),
            ("Mon 09:60-10:00", "is not a time"),
            ("Mon 09:00-09:00", "is empty"),
            ("Mon 24:00-01:00", "starts at 24:00"),
            ("Mon 09:00-12:00 11:00-13:00", "overlap"),
            ("Mon-Fri 09:00-17:00, Fri 10:00-11:00", "Fri is given twice"),
            ("Mon 09:00-17:00,, Tue 09:00-17:00", "empty group"),
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.contains(says), "{text:?}: {e}");
        }
    }
}
