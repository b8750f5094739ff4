//! From the distinct chats to the figures: activity in the window (D-4), traffic by day
//! and by hour of the week in the account's time zone, the quietest launch window (D-10),
//! and the peak of concurrent conversations (D-18).
//!
//! Local times come from jiff and the bundled time-zone database, one offset per chat, so a
//! week that spans a change to or from summer time puts every chat in the hour its clock
//! showed.

use jiff::tz::TimeZone;

use super::chatset::{self, Rec, RecExt};
use crate::plan::history::{Heatmap, LaunchWindow, TrafficSummary, WEEKDAYS};

/// The counts that do not depend on the time zone, and the ones that do.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Figures {
    pub chats: u64,
    pub deleted: u64,
    pub offline: u64,
    /// Chats a visitor rated.
    pub rated: u64,
    pub undated: u64,
    pub chats_in_window: u64,
    pub chat_tickets_in_window: u64,
    pub traffic: Option<TrafficSummary>,
    pub launch_window: Option<LaunchWindow>,
    /// (peak, when it was first reached, unix seconds).
    pub peak_concurrent: Option<(u64, u32)>,
    pub timed: u64,
    pub untimed: u64,
}

#[derive(Debug)]
pub(super) struct Params<'a> {
    /// The D-4 window as unix seconds: `start < t <= end`.
    pub window: (i64, i64),
    pub tz: &'a TimeZone,
    pub tz_name: &'a str,
    pub launch_hours: u8,
}

/// Compute everything; `recs` is used up (its memory becomes the sweep's event list).
pub(super) fn compute(mut recs: Vec<Rec>, p: &Params<'_>) -> Figures {
    let mut f = Figures { chats: recs.len() as u64, ..Figures::default() };
    let (mut min_start, mut max_start) = (u32::MAX, 0u32);
    for r in &recs {
        if r.has(chatset::DELETED) {
            f.deleted += 1;
        }
        if r.has(chatset::OFFLINE) {
            f.offline += 1;
        }
        if r.has(chatset::RATED) {
            f.rated += 1;
        }
        let s = r.start();
        if s == 0 {
            f.undated += 1;
            continue;
        }
        min_start = min_start.min(s);
        max_start = max_start.max(s);
        if i64::from(s) > p.window.0 && i64::from(s) <= p.window.1 {
            f.chats_in_window += 1;
            if r.has(chatset::TICKET) {
                f.chat_tickets_in_window += 1;
            }
        }
    }
    if max_start > 0 {
        let (traffic, window) = traffic(&recs, p, min_start, max_start);
        f.traffic = Some(traffic);
        f.launch_window = window;
    }
    let (peak, timed, untimed) = sweep(&mut recs);
    f.peak_concurrent = peak;
    f.timed = timed;
    f.untimed = untimed;
    f
}

/// Local day (days since 1970-01-01 on the local calendar) and second of that day.
fn local(tz: &TimeZone, secs: u32) -> (i64, i64) {
    let t = i64::from(secs);
    let offset = jiff::Timestamp::from_second(t).map_or(0, |ts| i64::from(tz.to_offset(ts).seconds()));
    let l = t + offset;
    (l.div_euclid(86_400), l.rem_euclid(86_400))
}

/// Monday = 0 (1970-01-01 was a Thursday).
fn weekday(day: i64) -> usize {
    usize::try_from((day + 3).rem_euclid(7)).unwrap_or(0)
}

fn date(day: i64) -> String {
    jiff::civil::Date::constant(1970, 1, 1)
        .checked_add(jiff::Span::new().days(day))
        .map_or_else(|_| format!("day {day}"), |d| d.to_string())
}

fn traffic(recs: &[Rec], p: &Params<'_>, min_start: u32, max_start: u32) -> (TrafficSummary, Option<LaunchWindow>) {
    // A day of margin on each side: where a zone moves its clocks back across midnight, the
    // local day of a later instant can be the day before.
    let lo = local(p.tz, min_start).0 - 1;
    let hi = local(p.tz, max_start).0 + 1;
    let mut per_day = vec![0u64; usize::try_from(hi - lo + 1).unwrap_or(1)];
    let mut hours = [[0u64; 24]; 7];
    let mut chats = 0;
    for r in recs {
        let s = r.start();
        if s == 0 {
            continue;
        }
        chats += 1;
        let (day, sec) = local(p.tz, s);
        if let Some(n) = usize::try_from(day - lo).ok().and_then(|i| per_day.get_mut(i)) {
            *n += 1;
        }
        hours[weekday(day)][usize::try_from(sec / 3600).unwrap_or(0)] += 1;
    }
    // Drop the margins again (and any empty edge days).
    let lead = per_day.iter().take_while(|&&n| n == 0).count();
    let trail = per_day.iter().rev().take_while(|&&n| n == 0).count();
    let first = lo + lead as i64;
    let last = hi - trail as i64;
    let per_day = &per_day[lead..per_day.len() - trail];
    let (mut peak_i, mut peak) = (0, 0);
    for (i, &n) in per_day.iter().enumerate() {
        if n > peak {
            (peak_i, peak) = (i, n);
        }
    }
    let days = per_day.len() as u64;
    let mut sorted = per_day.to_vec();
    let mid = (sorted.len() - 1) / 2;
    let median = *sorted.select_nth_unstable(mid).1;
    let heatmap = Heatmap::new(hours);
    let window = launch_window(&heatmap, p, days);
    (
        TrafficSummary {
            first_day: date(first),
            last_day: date(last),
            days,
            chats,
            median_per_day: median,
            peak_day: date(first + peak_i as i64),
            peak_day_chats: peak,
            heatmap,
        },
        window,
    )
}

/// The quietest `launch_hours` consecutive hours of the week (wrapping from Sunday night
/// into Monday); the earliest from Monday 00:00 when several are as quiet (D-10).
pub(super) fn launch_window(heatmap: &Heatmap, p: &Params<'_>, days: u64) -> Option<LaunchWindow> {
    let len = usize::from(p.launch_hours);
    if len == 0 || len > 168 || days == 0 {
        return None;
    }
    let cell = |i: usize| heatmap.hours[(i / 24) % 7][i % 24];
    let mut best: Option<(u64, usize)> = None;
    for start in 0..168 {
        let sum: u64 = (start..start + len).map(cell).sum();
        if best.is_none_or(|(b, _)| sum < b) {
            best = Some((sum, start));
        }
    }
    let (chats, start) = best?;
    let end = start + len;
    // Chats in the window over the whole history, per week of history.
    let per_week = (chats * 7 * 2 + days) / (days * 2);
    let weeks = days.div_ceil(7);
    let (sd, sh) = (WEEKDAYS[(start / 24) % 7], start % 24);
    let (ed, eh) = (WEEKDAYS[(end / 24) % 7], end % 24);
    let span = if sd == ed && end - start < 24 {
        format!("{sd} {sh:02}:00–{eh:02}:00")
    } else {
        format!("{sd} {sh:02}:00 – {ed} {eh:02}:00")
    };
    let volume = match (chats, per_week) {
        (0, _) => format!("no chats in {}", crate::text::plural(weeks, "week")),
        (_, 0) => format!(
            "under 1 chat a week ({} in {})",
            crate::text::plural(chats, "chat"),
            crate::text::plural(weeks, "week")
        ),
        (_, 1) => "~1 chat a week".to_owned(),
        (_, n) => format!("~{n} chats a week"),
    };
    Some(LaunchWindow {
        hours: p.launch_hours,
        start_day: sd.to_owned(),
        start: format!("{sh:02}:00"),
        end_day: ed.to_owned(),
        end: format!("{eh:02}:00"),
        time_zone: p.tz_name.to_owned(),
        chats,
        chats_per_week: per_week,
        weeks,
        text: format!("{span} {}, {volume}", p.tz_name),
    })
}

/// Peak concurrency by a sweep over start and end times. The records' memory is reused for
/// the events: record `i` is read before events `2k`, `2k + 1` (`k <= i`) are written.
fn sweep(recs: &mut [Rec]) -> (Option<(u64, u32)>, u64, u64) {
    let (mut timed, mut untimed) = (0u64, 0u64);
    let mut k = 0;
    for i in 0..recs.len() {
        let r = recs[i];
        if r.has(chatset::OFFLINE) {
            continue;
        }
        let (s, e) = (r.start(), r.end());
        if s == 0 || e == 0 || e < s {
            untimed += 1;
            continue;
        }
        timed += 1;
        // At equal times an end sorts before a start: a chat that ends as another starts
        // does not overlap it.
        recs[k] = [u64::from(e) << 1, (u64::from(s) << 1) | 1];
        k += 1;
    }
    let events = recs[..k].as_flattened_mut();
    events.sort_unstable();
    let (mut open, mut peak, mut at) = (0i64, 0i64, 0u32);
    for &ev in events.iter() {
        if ev & 1 == 1 {
            open += 1;
            if open > peak {
                peak = open;
                at = (ev >> 1) as u32;
            }
        } else {
            open -= 1;
        }
    }
    let peak = if timed > 0 { Some((u64::try_from(peak).unwrap_or(0), at)) } else { None };
    (peak, timed, untimed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(id: u64, flags: u64, start: u32, end: u32) -> Rec {
        chatset::rec(id << 8, flags, start, end)
    }

    #[test]
    fn sweep_counts_overlaps_only() {
        let mut v = vec![
            rec(1, 0, 100, 200),
            rec(2, 0, 150, 250),
            rec(3, 0, 200, 300), // starts as 1 ends
            rec(4, chatset::OFFLINE, 120, 130),
            rec(5, 0, 0, 0),
            rec(6, 0, 160, 170),
        ];
        let (peak, timed, untimed) = sweep(&mut v);
        assert_eq!(peak, Some((3, 160)));
        assert_eq!((timed, untimed), (4, 1));
    }
}
