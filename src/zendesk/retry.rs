//! When to send a request again, and how long to wait: [`decide`], a pure function of the
//! method and what one attempt ended with, kept apart from the client's loop and tested as a
//! table (uv's `retry.rs` does the same).
//!
//! The rule, by what the server can have done:
//!
//! - **Nothing** (a connection that could not be made, a 429, a 503 with a usable
//!   `Retry-After`): sent again for any method, after the wait the server asked for or a
//!   backoff.
//! - **Maybe something** (sent, then a timeout, a cut connection, a body cut short, or a
//!   5xx): sent again only when the method is idempotent (GET, PUT, DELETE: doing it twice
//!   is doing it once). A POST is never sent again blindly: a timed-out create may have
//!   created the object, and a second one would duplicate it (the terraform bug STYLE.md
//!   names). It ends as [`Decision::Ambiguous`] so that the caller looks the object up.
//! - **A refusal** (any other 4xx): final.
//!
//! Zendesk answers 429 (and sometimes 503) with `Retry-After`, in seconds (chat-api.md §2);
//! HTTP also allows a date there (RFC 9110 §10.2.3), and proxies in front of staging hosts
//! send one. A value we can use is honoured; a missing or wrong one (not a number, a date in
//! the past, negative) falls back to exponential backoff with jitter, and so do 5xx answers,
//! timeouts and cut-off bodies, a bounded number of times.

use std::time::{Duration, SystemTime};

use super::request::Method;

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

/// What one attempt of a request ended with, as far as the decision to send it again goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// No connection could be made: not one byte of the request reached the server.
    NotSent,
    /// The request was sent and no usable answer came back: a timeout, a cut connection, a
    /// body cut short or not JSON. The server may have done it.
    NoAnswer,
    /// The server answered with this status (and this `Retry-After`, read for every status;
    /// only a 429's and a 503's count).
    Answered { status: u16, retry_after: RetryAfter },
}

impl Outcome {
    /// A failure of the server or the network: counted against the retries and the outage
    /// budget. A 429 is not one (the server is up and says when), nor is a 4xx.
    pub fn is_failure(&self) -> bool {
        match self {
            Outcome::NotSent | Outcome::NoAnswer => true,
            Outcome::Answered { status, .. } => *status >= 500,
        }
    }

    pub fn is_rate_limited(&self) -> bool {
        matches!(self, Outcome::Answered { status: 429, .. })
    }
}

/// How many attempts of one request ended badly before this one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attempts {
    /// Failures ([`Outcome::is_failure`]).
    pub failed: u32,
    /// 429 answers.
    pub rate_limited: u32,
}

/// What to do after one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Decision {
    /// A 2xx: the answer is the result.
    Done,
    /// A 4xx (other than 429), or another status that is not a failure: the server said
    /// no, and the same request would get the same answer.
    Refused,
    /// Send it again after `wait`.
    Retry { wait: Wait },
    /// Stop: this request has used up its retries (or its 429s).
    GiveUp,
    /// Stop, and do not send it again: a write that may have been done. The caller looks
    /// the object up before anything else.
    Ambiguous,
}

/// How long to wait before sending again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Wait {
    /// What `Retry-After` asked for (already capped).
    AsAsked { wait: Duration, capped_from: Option<Duration> },
    /// The backoff of attempt `n` ([`RetryPolicy::backoff`]): random, so left to the caller.
    Backoff(u32),
}

/// Whether to send a request again after `outcome`, given the attempts before it. Pure: the
/// client's loop does what it says (waits, narrates, counts).
pub fn decide(method: Method, outcome: &Outcome, attempts: Attempts, policy: &RetryPolicy) -> Decision {
    let failure = || {
        let n = attempts.failed + 1;
        if n > policy.max_retries { Decision::GiveUp } else { Decision::Retry { wait: Wait::Backoff(n) } }
    };
    match outcome {
        // Nothing was sent: safe for any method.
        Outcome::NotSent => failure(),
        Outcome::NoAnswer if !method.is_idempotent() => Decision::Ambiguous,
        Outcome::NoAnswer => failure(),
        Outcome::Answered { status: 200..=299, .. } => Decision::Done,
        // The server refused it, and says when to come back: safe for any method.
        Outcome::Answered { status: 429, retry_after } => {
            let n = attempts.rate_limited + 1;
            if n > policy.max_rate_limited {
                Decision::GiveUp
            } else {
                Decision::Retry { wait: as_asked(retry_after).unwrap_or(Wait::Backoff(n)) }
            }
        }
        // Unavailable, come back then: the server did not take the request in.
        Outcome::Answered { status: 503, retry_after: ra @ RetryAfter::Wait { .. } } => {
            match (failure(), as_asked(ra)) {
                (Decision::Retry { .. }, Some(wait)) => Decision::Retry { wait },
                (other, _) => other,
            }
        }
        Outcome::Answered { status: 500.., .. } if !method.is_idempotent() => Decision::Ambiguous,
        Outcome::Answered { status: 500.., .. } => failure(),
        Outcome::Answered { .. } => Decision::Refused,
    }
}

fn as_asked(ra: &RetryAfter) -> Option<Wait> {
    match ra {
        RetryAfter::Wait { wait, capped_from } => Some(Wait::AsAsked { wait: *wait, capped_from: *capped_from }),
        RetryAfter::Missing | RetryAfter::Wrong(_) => None,
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

    /// The retry rule as a table: every method against every kind of outcome.
    #[test]
    fn the_decision_table() {
        use Decision::{Ambiguous, Done, Refused, Retry};
        let p = RetryPolicy::default();
        let seven = RetryAfter::Wait { wait: Duration::from_secs(7), capped_from: None };
        let asked = Retry { wait: Wait::AsAsked { wait: Duration::from_secs(7), capped_from: None } };
        let backoff = Retry { wait: Wait::Backoff(1) };
        let answered =
            |status: u16, retry_after: &RetryAfter| Outcome::Answered { status, retry_after: retry_after.clone() };
        let outcomes: [(&str, Outcome); 9] = [
            ("connect error", Outcome::NotSent),
            ("timeout", Outcome::NoAnswer),
            ("500", answered(500, &RetryAfter::Missing)),
            ("503 + Retry-After", answered(503, &seven)),
            ("503 + bad Retry-After", answered(503, &RetryAfter::Wrong("soon".into()))),
            ("429 + Retry-After", answered(429, &seven)),
            ("429", answered(429, &RetryAfter::Missing)),
            ("404", answered(404, &RetryAfter::Missing)),
            ("201", answered(201, &RetryAfter::Missing)),
        ];
        #[rustfmt::skip]
        let expected: [(Method, [Decision; 9]); 4] = [
            //                 connect           timeout           500               503+RA         503+bad RA        429+RA         429               4xx      2xx
            (Method::Get,    [backoff.clone(), backoff.clone(), backoff.clone(), asked.clone(), backoff.clone(), asked.clone(), backoff.clone(), Refused, Done]),
            (Method::Put,    [backoff.clone(), backoff.clone(), backoff.clone(), asked.clone(), backoff.clone(), asked.clone(), backoff.clone(), Refused, Done]),
            (Method::Delete, [backoff.clone(), backoff.clone(), backoff.clone(), asked.clone(), backoff.clone(), asked.clone(), backoff.clone(), Refused, Done]),
            (Method::Post,   [backoff.clone(), Ambiguous,       Ambiguous,       asked.clone(), Ambiguous,       asked.clone(), backoff.clone(), Refused, Done]),
        ];
        let mut wrong = Vec::new();
        for (method, row) in &expected {
            for ((name, outcome), want) in outcomes.iter().zip(row) {
                let got = decide(*method, outcome, Attempts::default(), &p);
                if got != *want {
                    wrong.push(format!("{method} × {name}: {got:?}, expected {want:?}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    }

    #[test]
    fn retries_and_429s_are_bounded() {
        let p = RetryPolicy::default();
        let last = Attempts { failed: p.max_retries - 1, rate_limited: 0 };
        let used = Attempts { failed: p.max_retries, rate_limited: p.max_rate_limited };
        for method in [Method::Get, Method::Post] {
            assert_eq!(
                decide(method, &Outcome::NotSent, last, &p),
                Decision::Retry { wait: Wait::Backoff(p.max_retries) },
                "{method}: the last retry"
            );
            assert_eq!(decide(method, &Outcome::NotSent, used, &p), Decision::GiveUp, "{method}");
            let limited = Outcome::Answered { status: 429, retry_after: RetryAfter::Missing };
            assert_eq!(decide(method, &limited, used, &p), Decision::GiveUp, "{method}: too many 429s");
            let unavailable = Outcome::Answered {
                status: 503,
                retry_after: RetryAfter::Wait { wait: Duration::from_secs(1), capped_from: None },
            };
            assert_eq!(decide(method, &unavailable, used, &p), Decision::GiveUp, "{method}: 503s count as failures");
        }
        // A POST that may have been done is never retried, whatever the budget left.
        assert_eq!(decide(Method::Post, &Outcome::NoAnswer, Attempts::default(), &p), Decision::Ambiguous);
    }
}
