//! Weekly hours as the Schedules API holds them: intervals in minutes since Sunday 00:00,
//! none spanning a calendar day (support-api.md §3). Two lists of intervals mean the same
//! hours when their canonical forms are equal: sorted, overlapping or touching intervals
//! merged, then cut again at each midnight. The plan cuts at midnight (`translate/hours`),
//! a person may enter 09:00–12:00 and 12:00–17:00 as two rows: both compare equal.

use super::Difference;

/// Minutes in a day and in a week.
const DAY: u32 = 24 * 60;
const WEEK: u32 = 7 * DAY;

/// One interval, `[start, end)` in minutes since Sunday 00:00.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Interval {
    pub start: u32,
    pub end: u32,
}

/// The canonical form: sorted, merged, cut at each midnight; empty intervals and anything
/// past the end of the week dropped.
pub fn canonical(intervals: &[Interval]) -> Vec<Interval> {
    let mut v: Vec<Interval> = intervals
        .iter()
        .map(|i| Interval { start: i.start.min(WEEK), end: i.end.min(WEEK) })
        .filter(|i| i.end > i.start)
        .collect();
    v.sort();
    let mut merged: Vec<Interval> = Vec::with_capacity(v.len());
    for i in v {
        match merged.last_mut() {
            Some(last) if i.start <= last.end => last.end = last.end.max(i.end),
            _ => merged.push(i),
        }
    }
    let mut out = Vec::with_capacity(merged.len());
    for i in merged {
        let mut start = i.start;
        while start < i.end {
            let midnight = (start / DAY + 1) * DAY;
            let end = i.end.min(midnight);
            out.push(Interval { start, end });
            start = end;
        }
    }
    out
}

/// The week's days, Monday first (the order people read a week in; the API counts from
/// Sunday), each with its index from Sunday.
const DAYS: [(usize, &str); 7] =
    [(1, "Monday"), (2, "Tuesday"), (3, "Wednesday"), (4, "Thursday"), (5, "Friday"), (6, "Saturday"), (0, "Sunday")];

fn clock(m: u32) -> String {
    format!("{:02}:{:02}", m / 60, m % 60)
}

/// One day's hours: `09:00–12:00, 13:00–17:00`, or `closed`.
fn day_text(intervals: &[Interval], day: usize) -> String {
    let base = u32::try_from(day).unwrap_or(0) * DAY;
    let parts: Vec<String> = intervals
        .iter()
        .filter(|i| (i.start / DAY) as usize == day)
        .map(|i| format!("{}–{}", clock(i.start - base), clock(i.end - base)))
        .collect();
    if parts.is_empty() { "closed".to_owned() } else { parts.join(", ") }
}

/// The whole week, one `Monday 09:00–17:00` per open day.
pub fn week_text(intervals: &[Interval]) -> Vec<String> {
    let c = canonical(intervals);
    DAYS.iter()
        .filter_map(|&(d, name)| {
            let t = day_text(&c, d);
            (t != "closed").then(|| format!("{name} {t}"))
        })
        .collect()
}

/// Each day whose hours differ: `Monday 09:00–17:00 expected, 09:00–16:00 found`.
pub fn differences(expected: &[Interval], found: &[Interval]) -> Vec<Difference> {
    let (e, f) = (canonical(expected), canonical(found));
    if e == f {
        return Vec::new();
    }
    DAYS.iter()
        .filter_map(|&(d, name)| {
            let (te, tf) = (day_text(&e, d), day_text(&f, d));
            (te != tf).then(|| Difference { what: name.to_owned(), expected: te, found: tf })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(list: &[(u32, u32)]) -> Vec<Interval> {
        list.iter().map(|&(start, end)| Interval { start, end }).collect()
    }

    #[test]
    fn canonical_forms() {
        // (input, canonical)
        type Row = (&'static [(u32, u32)], &'static [(u32, u32)]);
        let table: &[Row] = &[
            (&[], &[]),
            // Unsorted in, sorted out.
            (&[(3420, 3900), (1980, 2460)], &[(1980, 2460), (3420, 3900)]),
            // Touching rows merge: 09:00–12:00 + 12:00–17:00 on Monday.
            (&[(1980, 2160), (2160, 2460)], &[(1980, 2460)]),
            // Overlapping rows merge.
            (&[(1980, 2200), (2100, 2460)], &[(1980, 2460)]),
            // A night shift across midnight is cut there (Mon 22:00 – Tue 02:00).
            (&[(2760, 2880), (2880, 3000)], &[(2760, 2880), (2880, 3000)]),
            (&[(2760, 3000)], &[(2760, 2880), (2880, 3000)]),
            // Empty and out-of-week intervals are dropped.
            (&[(100, 100), (10080, 10200)], &[]),
        ];
        for (input, want) in table {
            assert_eq!(canonical(&iv(input)), iv(want), "canonical({input:?})");
        }
    }

    #[test]
    fn differences_name_the_day_and_both_hours() {
        let plan = iv(&[(1980, 2460), (3420, 3900)]);
        let live = iv(&[(1980, 2400), (3420, 3900), (8640, 8760)]);
        let d: Vec<String> = differences(&plan, &live).iter().map(ToString::to_string).collect();
        assert_eq!(
            d,
            ["Monday 09:00–17:00 expected, 09:00–16:00 found", "Saturday closed expected, 00:00–02:00 found"]
        );
        assert!(differences(&plan, &iv(&[(3420, 3900), (1980, 2160), (2160, 2460)])).is_empty());
    }

    #[test]
    fn the_week_reads_monday_first() {
        assert_eq!(week_text(&iv(&[(600, 700), (1980, 2460)])), ["Monday 09:00–17:00", "Sunday 10:00–11:40"]);
        // The end of a day is 24:00.
        assert_eq!(week_text(&iv(&[(1440 + 1380, 2880)])), ["Monday 23:00–24:00"]);
    }
}
