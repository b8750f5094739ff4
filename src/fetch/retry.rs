//! When to retry and how long to wait.
//!
//! Zendesk answers 429 (and sometimes 503) with `Retry-After`, in seconds (chat-api.md §2);
//! HTTP also allows a date there (RFC 9110 §10.2.3), and proxies in front of staging hosts
//! send one. A value we can use is honoured; a missing or wrong one (not a number, a date in
//! the past, negative) falls back to exponential backoff with jitter, and so do 5xx answers,
//! timeouts and cut-off bodies, a bounded number of times.

use std::time::{Duration, SystemTime};

/// Retry limits and backoff shape.
#[derive(Clone, Copy, Debug)]
pub struct RetryPolicy {
    /// Attempts after the first for 5xx, timeouts, connection errors and broken bodies.
    pub max_retries: u32,
    /// 429 answers tolerated for one request before giving up (they are not failures: the
    /// server tells us to wait, but a server that never lets us in must not hang us).
    pub max_rate_limited: u32,
    /// First backoff; doubled on every further attempt.
    pub backoff_base: Duration,
    /// Longest backoff.
    pub backoff_cap: Duration,
    /// Longest `Retry-After` honoured; longer ones are cut to this.
    pub retry_after_cap: Duration,
    /// How long failures in a row (5xx, timeouts, broken bodies, on any request) may last
    /// before the account stops as an outage, resumable with `--resume`.
    pub outage_budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 5,
            max_rate_limited: 10,
            backoff_base: Duration::from_secs(1),
            backoff_cap: Duration::from_secs(60),
            retry_after_cap: Duration::from_secs(15 * 60),
            outage_budget: Duration::from_secs(90),
        }
    }
}

impl RetryPolicy {
    /// Exponential backoff for attempt `n` (1-based) with "equal jitter": a random wait in
    /// `[d/2, d]`, so that many clients do not retry in step and no wait is near zero.
    pub fn backoff(&self, n: u32, rng: &mut fastrand::Rng) -> Duration {
        let exp = self.backoff_base.saturating_mul(1u32 << n.saturating_sub(1).min(20));
        let d = exp.min(self.backoff_cap);
        let half = d / 2;
        half + Duration::from_secs_f64(half.as_secs_f64() * rng.f64())
    }
}

/// What a `Retry-After` header says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RetryAfter {
    /// A wait we will honour (already capped).
    Wait { wait: Duration, capped_from: Option<Duration> },
    /// The header is missing.
    Missing,
    /// The header is there but unusable; the text says why.
    Wrong(String),
}

/// Read a `Retry-After` value: delay-seconds or an HTTP date, relative to `now`.
pub fn retry_after(value: Option<&str>, now: SystemTime, cap: Duration) -> RetryAfter {
    let Some(v) = value.map(str::trim) else { return RetryAfter::Missing };
    let wait = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        match v.parse::<u64>() {
            Ok(s) => Duration::from_secs(s),
            Err(_) => return RetryAfter::Wrong(format!("{v:?} is too large")),
        }
    } else if let Ok(date) = httpdate::parse_http_date(v) {
        match date.duration_since(now) {
            // Whole seconds: the date has one-second resolution.
            Ok(d) => Duration::from_secs(d.as_secs() + u64::from(d.subsec_nanos() > 0)),
            Err(_) => return RetryAfter::Wrong(format!("the date {v:?} is in the past")),
        }
    } else {
        return RetryAfter::Wrong(format!("{v:?} is neither seconds nor an HTTP date"));
    };
    if wait > cap {
        RetryAfter::Wait { wait: cap, capped_from: Some(wait) }
    } else {
        RetryAfter::Wait { wait, capped_from: None }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seconds_and_dates_are_honoured() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let cap = Duration::from_secs(900);
        assert_eq!(
            retry_after(Some(" 7 "), now, cap),
            RetryAfter::Wait { wait: Duration::from_secs(7), capped_from: None }
        );
        let date = httpdate::fmt_http_date(now + Duration::from_secs(42));
        assert_eq!(
            retry_after(Some(&date), now, cap),
            RetryAfter::Wait { wait: Duration::from_secs(42), capped_from: None }
        );
        assert_eq!(
            retry_after(Some("3600"), now, cap),
            RetryAfter::Wait { wait: cap, capped_from: Some(Duration::from_secs(3600)) }
        );
    }

    #[test]
    fn missing_and_wrong_values_are_told_apart() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let cap = Duration::from_secs(900);
        assert_eq!(retry_after(None, now, cap), RetryAfter::Missing);
        for v in ["soon", "-5", "1.5", "", "99999999999999999999999"] {
            assert!(matches!(retry_after(Some(v), now, cap), RetryAfter::Wrong(_)), "{v}");
        }
        let past = httpdate::fmt_http_date(now - Duration::from_secs(10));
        assert!(matches!(retry_after(Some(&past), now, cap), RetryAfter::Wrong(w) if w.contains("past")));
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let p = RetryPolicy::default();
        let mut rng = fastrand::Rng::with_seed(7);
        for n in 1..=10u32 {
            let full = Duration::from_secs(1u64 << (n - 1)).min(p.backoff_cap);
            let d = p.backoff(n, &mut rng);
            assert!(d >= full / 2 && d <= full, "attempt {n}: {d:?} not in [{:?}, {full:?}]", full / 2);
        }
    }
}
