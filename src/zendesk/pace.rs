//! Client-side pacing: stay under the account's limits instead of running into 429s.
//!
//! Zendesk counts requests per minute and per API family (chat-api.md §2): the Chat API
//! allows 200/min on every plan, the Support API 200–2500/min by plan, and the incremental
//! exports 10/min. Each family is a [`Lane`]; a request reserves a slot on every lane it
//! counts against (an incremental chat page counts against Chat *and* Incremental), and
//! starts when the latest of those slots comes.
//!
//! Slots are spaced evenly at `60 s / (limit × HEADROOM)`: bursts are what trip a limit that
//! is enforced over a sliding window, and the few percent of headroom absorbs the jitter
//! between when we send and when the server counts.

use std::time::{Duration, Instant};

/// The share of the published limit we use.
pub const HEADROOM: f64 = 0.95;

/// An API family with its own limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lane {
    Chat,
    Support,
    Incremental,
}

impl Lane {
    pub fn name(self) -> &'static str {
        match self {
            Lane::Chat => "Chat API",
            Lane::Support => "Support API",
            Lane::Incremental => "incremental export",
        }
    }

    fn index(self) -> usize {
        match self {
            Lane::Chat => 0,
            Lane::Support => 1,
            Lane::Incremental => 2,
        }
    }
}

/// Requests per minute for each lane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rates {
    pub chat: u32,
    pub support: u32,
    pub incremental: u32,
}

impl Default for Rates {
    /// The published limits (chat-api.md §2): Chat 200/min on every plan, Support 200/min on
    /// the smallest plan (a larger plan is opted into with `--support-plan`), incremental
    /// exports 10/min.
    fn default() -> Self {
        Rates { chat: 200, support: 200, incremental: 10 }
    }
}

impl Rates {
    pub fn get(&self, lane: Lane) -> u32 {
        match lane {
            Lane::Chat => self.chat,
            Lane::Support => self.support,
            Lane::Incremental => self.incremental,
        }
    }
}

#[derive(Clone, Copy, Debug)]
struct LaneState {
    interval: Duration,
    next: Option<Instant>,
}

/// The pacing schedule of one account.
#[derive(Clone, Debug)]
pub struct Pacer {
    rates: Rates,
    lanes: [LaneState; 3],
}

/// When a request may start, and which lane made it wait (for narration).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub at: Instant,
    pub waited_for: Option<Lane>,
}

impl Pacer {
    pub fn new(rates: Rates) -> Self {
        let lane = |per_min: u32| LaneState {
            interval: Duration::from_secs_f64(60.0 / (f64::from(per_min.max(1)) * HEADROOM)),
            next: None,
        };
        Pacer { rates, lanes: [lane(rates.chat), lane(rates.support), lane(rates.incremental)] }
    }

    pub fn rates(&self) -> Rates {
        self.rates
    }

    /// Reserve the next slot on every lane of `lanes`.
    pub fn reserve(&mut self, now: Instant, lanes: &[Lane]) -> Slot {
        let mut at = now;
        let mut waited_for = None;
        for l in lanes {
            if let Some(next) = self.lanes[l.index()].next
                && next > at
            {
                at = next;
                waited_for = Some(*l);
            }
        }
        for l in lanes {
            let st = &mut self.lanes[l.index()];
            st.next = Some(at + st.interval);
        }
        Slot { at, waited_for }
    }

    /// The server said "not before `until`" (a 429): no lane of `lanes` starts earlier.
    pub fn hold(&mut self, lanes: &[Lane], until: Instant) {
        for l in lanes {
            let st = &mut self.lanes[l.index()];
            st.next = Some(st.next.map_or(until, |n| n.max(until)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_are_spaced_per_lane_and_a_request_waits_for_its_slowest_lane() {
        let t0 = Instant::now();
        let mut p = Pacer::new(Rates { chat: 60, support: 600, incremental: 6 });
        let chat = Duration::from_secs_f64(1.0 / HEADROOM);
        let s1 = p.reserve(t0, &[Lane::Chat]);
        assert_eq!(s1, Slot { at: t0, waited_for: None });
        let s2 = p.reserve(t0, &[Lane::Chat]);
        assert_eq!(s2.at, t0 + chat);
        assert_eq!(s2.waited_for, Some(Lane::Chat));
        // Support is another lane: not held back by Chat.
        assert_eq!(p.reserve(t0, &[Lane::Support]).at, t0);
        // Incremental counts against Chat too.
        let s3 = p.reserve(t0, &[Lane::Chat, Lane::Incremental]);
        assert_eq!(s3.at, t0 + chat * 2);
        let s4 = p.reserve(t0, &[Lane::Chat, Lane::Incremental]);
        assert_eq!(s4.at, s3.at + Duration::from_secs_f64(10.0 / HEADROOM));
        assert_eq!(s4.waited_for, Some(Lane::Incremental));
    }

    #[test]
    fn a_hold_pushes_the_next_slot() {
        let t0 = Instant::now();
        let mut p = Pacer::new(Rates::default());
        p.reserve(t0, &[Lane::Support]);
        p.hold(&[Lane::Support], t0 + Duration::from_secs(30));
        assert_eq!(p.reserve(t0, &[Lane::Support]).at, t0 + Duration::from_secs(30));
        // A hold never pulls a slot earlier.
        p.hold(&[Lane::Support], t0);
        assert!(p.reserve(t0, &[Lane::Support]).at > t0 + Duration::from_secs(30));
    }
}
