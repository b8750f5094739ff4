//! Messaging's recommended capacity (D-18, K1, K18) in one place: the limits, the check of
//! a figure against a limit, and the assessment of an account's agents and history peaks.
//! The history scan, the readiness checks and the steps read the limits from here, so a
//! figure Zendesk changes is changed once.

use crate::account::lenient::Timestamp;
use crate::plan::history::{Capacity, CapacityCheck, CapacityFigure, CapacityLimits, CapacityStatus};
use crate::text::thousands;

/// Messaging's recommended limits (D-18, with its figures from the current K1 as the
/// digest's source table says: issue 18 #17). The agent limit counts agents online and
/// actively serving (2,000 possible at lower concurrency), not agents enabled.
pub const AGENT_LIMIT: u64 = 1_300;
/// K1 (current): "No more than 8,000 concurrent conversations".
pub const CONCURRENT_LIMIT: u64 = 8_000;
/// The 2021 article's figure (D-18 as first written), kept for the note.
pub const OLDER_CONCURRENT_LIMIT: u64 = 4_000;
pub const PER_DAY_LIMIT: u64 = 200_000;
/// Configured integrations: web, mobile and social (D-18).
pub const INTEGRATION_LIMIT: u64 = 500;

/// The concurrent-conversation limit to check against, and where it came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConcurrentLimit {
    pub concurrent: u64,
    pub from_flag: bool,
}

impl ConcurrentLimit {
    /// `--concurrent-limit` when given, D-18's figure otherwise.
    pub fn from_options(flag: Option<u64>) -> ConcurrentLimit {
        ConcurrentLimit { concurrent: flag.unwrap_or(CONCURRENT_LIMIT), from_flag: flag.is_some() }
    }
}

impl Default for ConcurrentLimit {
    fn default() -> Self {
        ConcurrentLimit { concurrent: CONCURRENT_LIMIT, from_flag: false }
    }
}

/// From this share of a limit on, the plan asks for a capacity review.
pub const NEAR_PERCENT: u64 = 80;

impl CapacityCheck {
    pub fn new(figure: CapacityFigure, value: u64, limit: u64) -> CapacityCheck {
        let limit = limit.max(1);
        let percent = value.saturating_mul(100) / limit;
        let status = if value > limit && figure != CapacityFigure::Agents {
            CapacityStatus::Over
        } else if value > limit {
            // Enabled agents are not agents online at once, which the limit counts: more
            // enabled agents than the limit is a reason to check, not a breach (#17).
            CapacityStatus::Near
        } else if percent >= NEAR_PERCENT {
            CapacityStatus::Near
        } else {
            CapacityStatus::Ok
        };
        CapacityCheck { figure, value, limit, percent, status }
    }
}

/// The history's peaks, as far as known.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Peaks {
    /// (conversations, unix seconds when first reached).
    pub concurrent: Option<(u64, u32)>,
    pub timed: u64,
    pub untimed: u64,
    /// (local day, conversations).
    pub day: Option<(String, u64)>,
}

/// Check the figures against messaging's recommended limits (D-18). Works without a
/// history too (agents only).
pub fn assess(peaks: &Peaks, agents: Option<u64>, limit: ConcurrentLimit) -> Capacity {
    let mut checks = Vec::new();
    if let Some(a) = agents {
        checks.push(CapacityCheck::new(CapacityFigure::Agents, a, AGENT_LIMIT));
    }
    if let Some((n, _)) = peaks.concurrent {
        checks.push(CapacityCheck::new(CapacityFigure::ConcurrentConversations, n, limit.concurrent));
    }
    if let Some((_, n)) = &peaks.day {
        checks.push(CapacityCheck::new(CapacityFigure::ConversationsPerDay, *n, PER_DAY_LIMIT));
    }
    let (source, used) = if limit.from_flag {
        ("--concurrent-limit".to_owned(), "set with --concurrent-limit")
    } else {
        ("D-18".to_owned(), "the current page's figure")
    };
    Capacity {
        peak_concurrent: peaks.concurrent.map(|(n, _)| n),
        peak_concurrent_at: peaks
            .concurrent
            .and_then(|(_, at)| jiff::Timestamp::from_second(i64::from(at)).ok())
            .map(Timestamp),
        timed_chats: peaks.timed,
        untimed_chats: peaks.untimed,
        peak_day: peaks.day.as_ref().map(|(d, _)| d.clone()),
        peak_day_conversations: peaks.day.as_ref().map(|(_, n)| *n),
        agents,
        limits: CapacityLimits {
            agents: AGENT_LIMIT,
            concurrent: limit.concurrent,
            concurrent_source: source,
            per_day: PER_DAY_LIMIT,
            note: format!(
                "Zendesk's pages differ on concurrent conversations: {} (the current page) or {} (a 2021 article); this plan checks against {} ({used}).",
                thousands(CONCURRENT_LIMIT),
                thousands(OLDER_CONCURRENT_LIMIT),
                thousands(limit.concurrent),
            ),
        },
        checks,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prose that states the limits (a step's template, a source's title) is static text: it
    /// must say the figures defined here.
    #[test]
    fn prose_states_the_limits_defined_here() {
        let step = crate::steps::template_text(crate::steps::StepId::ReviewCapacity);
        let title = crate::refs::list(&["D-18"]).remove(0).title;
        for limit in [AGENT_LIMIT, CONCURRENT_LIMIT, OLDER_CONCURRENT_LIMIT, PER_DAY_LIMIT] {
            assert!(step.contains(&thousands(limit)), "review-capacity does not say {limit}: {step}");
        }
        for limit in [AGENT_LIMIT, CONCURRENT_LIMIT, PER_DAY_LIMIT, INTEGRATION_LIMIT] {
            assert!(title.contains(&thousands(limit)), "D-18's title does not say {limit}: {title}");
        }
    }

    #[test]
    fn checks_say_near_and_over() {
        assert_eq!(CapacityCheck::new(CapacityFigure::Agents, 1039, 1300).status, CapacityStatus::Ok);
        assert_eq!(CapacityCheck::new(CapacityFigure::Agents, 1040, 1300).status, CapacityStatus::Near);
        assert_eq!(CapacityCheck::new(CapacityFigure::Agents, 1300, 1300).status, CapacityStatus::Near);
        let over = CapacityCheck::new(CapacityFigure::ConcurrentConversations, 4100, 4000);
        assert_eq!((over.status, over.percent), (CapacityStatus::Over, 102));
        assert_eq!(over.sentence(), "peak concurrent conversations 4,100 of 4,000 (102%, over the limit)");
        // Issue 18 #17: enabled agents above the limit of agents online at once is near,
        // never over.
        let agents = CapacityCheck::new(CapacityFigure::Agents, 1302, AGENT_LIMIT);
        assert_eq!(agents.status, CapacityStatus::Near);
        // Second review #4: enabled agents are an upper bound, not the figure the limit
        // counts: no percentage of the limit, and what to compare is said.
        let s = agents.sentence();
        assert!(!s.contains('%') && !s.contains("of 1,300 online"), "{s}");
        assert!(
            s.contains("1,302 enabled agents") && s.contains("compare your peak of agents online at once with 1,300"),
            "{s}"
        );
    }
}
