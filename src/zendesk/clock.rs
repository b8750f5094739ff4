//! Time, injectable. Pacing and backoff sleep a lot (an export at 10 requests a minute is
//! mostly waiting); tests must not. [`RealClock`] sleeps on tokio's timer; [`FakeClock`]
//! returns at once, advances a virtual clock and records every wait, so a test can assert
//! "waited 7 s because the server said so" in a millisecond.
//!
//! Only pacing and backoff go through the clock. Socket timeouts stay real (reqwest's own
//! timer): tokio's paused clock would auto-advance while a socket waits and fire them.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

/// A source of time and a way to wait.
pub trait Clock: Send + Sync + fmt::Debug {
    /// Monotonic now, for pacing.
    fn now(&self) -> Instant;
    /// Wall-clock now, for `Retry-After` HTTP dates.
    fn wall(&self) -> SystemTime;
    /// Wait `d`.
    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// The real thing.
#[derive(Debug, Default, Clone, Copy)]
pub struct RealClock;

impl Clock for RealClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn wall(&self) -> SystemTime {
        SystemTime::now()
    }

    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(tokio::time::sleep(d))
    }
}

/// A clock for tests: sleeping advances virtual time instantly and is recorded.
#[derive(Debug)]
pub struct FakeClock {
    base: Instant,
    wall_base: SystemTime,
    state: Mutex<FakeState>,
}

#[derive(Debug, Default)]
struct FakeState {
    offset: Duration,
    sleeps: Vec<Duration>,
}

impl Default for FakeClock {
    fn default() -> Self {
        FakeClock { base: Instant::now(), wall_base: SystemTime::now(), state: Mutex::new(FakeState::default()) }
    }
}

impl FakeClock {
    pub fn new() -> Self {
        FakeClock::default()
    }

    /// Every wait requested so far, in order.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.state.lock().map(|s| s.sleeps.clone()).unwrap_or_default()
    }

    /// Virtual time elapsed (the sum of the waits).
    pub fn elapsed(&self) -> Duration {
        self.state.lock().map(|s| s.offset).unwrap_or_default()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.base + self.elapsed()
    }

    fn wall(&self) -> SystemTime {
        self.wall_base + self.elapsed()
    }

    fn sleep(&self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        if let Ok(mut s) = self.state.lock() {
            s.offset += d;
            s.sleeps.push(d);
        }
        Box::pin(std::future::ready(()))
    }
}
