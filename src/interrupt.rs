//! Ctrl-C, handled in one place (after just's `signal_handler.rs`): one handler installed
//! once for the process, whatever commands run in it (`migrate export` goes on to ask the
//! questions of `migrate answer`).
//!
//! A command says what a first Ctrl-C means to it ([`OnInterrupt`]):
//!
//! - [`OnInterrupt::Stop`]: a stop is requested. The command checks [`Interrupt::requested`]
//!   (or awaits [`Interrupt::wait`]) between units of work (an account, a page, a write) and
//!   winds down with what is done kept. A second Ctrl-C exits at once with 130.
//! - [`OnInterrupt::Exit`]: exit at once with 130, for a command that has nothing to keep
//!   until its last step (a question on screen: nothing is written yet).
//!
//! Either way a write in progress is never cut: while a [`WriteGuard`] is held, a Ctrl-C is
//! recorded (the stop is requested) and held; a second one asked to exit exits when the
//! write is done. Messages go through the [`Printer`], even with `--quiet`.
//!
//! One thread with one small tokio runtime waits for the signal (not one runtime per
//! command). The decision on each press ([`Interrupt::press`]) is kept apart from the
//! signal, so tests drive it directly.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use crate::exit_codes::ExitCode;
use crate::printer::Printer;

/// What a first Ctrl-C does (outside a write).
#[derive(Clone, Copy, Debug)]
pub enum OnInterrupt {
    /// Request a stop between units of work and say `message`, if any; a second Ctrl-C
    /// exits at once (130).
    Stop { message: Option<&'static str> },
    /// Run `cleanup` (put the terminal back), say `message`, and exit at once (130).
    Exit { message: &'static str, cleanup: fn() },
}

/// What one press leads to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Press {
    /// A stop is requested; the work winds down (the message, if any, was said).
    Stopping,
    /// A write is in progress: the press is held until it ends.
    Held,
    /// Exit now with 130 (the message was said).
    Exit,
}

#[derive(Debug)]
struct State {
    stop: AtomicBool,
    /// Writes in progress ([`WriteGuard`]s held).
    writing: AtomicUsize,
    /// A press during a write asked to exit: exit when the last write ends.
    exit_after_write: AtomicBool,
    on: Mutex<OnInterrupt>,
    printer: Printer,
    /// Installed for the process: it exits. A detached one (tests) only says so.
    live: bool,
}

/// The process's one handler, once installed.
static INSTALLED: OnceLock<Interrupt> = OnceLock::new();

const AGAIN: &str = "interrupted again: stopping now";

/// A handle on the Ctrl-C handler: the stop flag, the mode, the write guard.
#[derive(Clone, Debug)]
pub struct Interrupt(Arc<State>);

impl Interrupt {
    /// Install the process's handler (the first call; later calls return the same one) and
    /// set what a first Ctrl-C does from now on. Messages are said through `printer` (the
    /// first caller's).
    pub fn install(printer: &Printer, on: OnInterrupt) -> Interrupt {
        let interrupt = INSTALLED.get_or_init(|| {
            let interrupt = Interrupt::new(printer.clone(), on, true);
            listen(interrupt.clone());
            interrupt
        });
        interrupt.set(on);
        interrupt.clone()
    }

    /// A handler no signal reaches (tests press it with [`Interrupt::press`]).
    pub fn detached(printer: Printer, on: OnInterrupt) -> Interrupt {
        Interrupt::new(printer, on, false)
    }

    fn new(printer: Printer, on: OnInterrupt, live: bool) -> Interrupt {
        Interrupt(Arc::new(State {
            stop: AtomicBool::new(false),
            writing: AtomicUsize::new(0),
            exit_after_write: AtomicBool::new(false),
            on: Mutex::new(on),
            printer,
            live,
        }))
    }

    /// Change what a first Ctrl-C does (a command that goes on into another).
    pub fn set(&self, on: OnInterrupt) {
        if let Ok(mut o) = self.0.on.lock() {
            *o = on;
        }
    }

    /// Whether a stop was requested.
    pub fn requested(&self) -> bool {
        self.0.stop.load(Ordering::SeqCst)
    }

    /// The stop flag itself, for library code that checks it between units of work.
    pub fn flag(&self) -> &AtomicBool {
        &self.0.stop
    }

    /// Resolves once a stop is requested (checked every 50 ms), for `select!` against
    /// the work.
    pub async fn wait(&self) {
        while !self.requested() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Hold every Ctrl-C until the returned guard is dropped: a write in progress is
    /// finished, not cut.
    pub fn writing(&self) -> WriteGuard {
        self.0.writing.fetch_add(1, Ordering::SeqCst);
        WriteGuard(Some(self.clone()))
    }

    /// One Ctrl-C: decide, say what happens, and (for [`Press::Exit`]) run the cleanup. The
    /// caller exits; the signal handler does, tests do not.
    pub fn press(&self) -> Press {
        let s = &self.0;
        let on = s.on.lock().map_or(OnInterrupt::Stop { message: None }, |o| *o);
        let first = !s.stop.swap(true, Ordering::SeqCst);
        let writing = s.writing.load(Ordering::SeqCst) > 0;
        match on {
            OnInterrupt::Exit { .. } if writing => Press::Held,
            OnInterrupt::Exit { message, cleanup } => {
                cleanup();
                s.printer.important(&["", message]);
                Press::Exit
            }
            OnInterrupt::Stop { message } if first => {
                if let Some(m) = message {
                    s.printer.important(&["", m]);
                }
                Press::Stopping
            }
            OnInterrupt::Stop { .. } if writing => {
                s.exit_after_write.store(true, Ordering::SeqCst);
                Press::Held
            }
            OnInterrupt::Stop { .. } => {
                s.printer.important(&["", AGAIN]);
                Press::Exit
            }
        }
    }
}

/// Holds Ctrl-C while a write is in progress ([`Interrupt::writing`]).
#[derive(Debug)]
#[must_use = "the write is only protected while the guard is held"]
pub struct WriteGuard(Option<Interrupt>);

impl WriteGuard {
    /// A guard on the installed handler, or none when no handler is installed (a command
    /// without one: Ctrl-C then stops it the default way, and its writes are atomic).
    pub fn installed() -> WriteGuard {
        match INSTALLED.get() {
            Some(i) => i.writing(),
            None => WriteGuard(None),
        }
    }
}

impl Drop for WriteGuard {
    fn drop(&mut self) {
        let Some(i) = self.0.take() else { return };
        let s = &i.0;
        if s.writing.fetch_sub(1, Ordering::SeqCst) == 1 && s.exit_after_write.load(Ordering::SeqCst) {
            s.printer.important(&["", AGAIN]);
            if s.live {
                std::process::exit(i32::from(ExitCode::Interrupted.code()));
            }
        }
    }
}

/// Wait for Ctrl-C on a thread of its own, with one current-thread runtime.
fn listen(interrupt: Interrupt) {
    let warn = |e: &dyn std::fmt::Display| tracing::warn!("Ctrl-C will stop at once (cannot watch for it: {e})");
    let rt = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => return warn(&e),
    };
    // Register the handler now, not when the thread first runs, so that no Ctrl-C is missed.
    #[cfg(unix)]
    let mut signal = {
        let _guard = rt.enter();
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::interrupt()) {
            Ok(s) => s,
            Err(e) => return warn(&e),
        }
    };
    let spawned = std::thread::Builder::new().name("ctrl-c".into()).spawn(move || {
        rt.block_on(async move {
            loop {
                #[cfg(unix)]
                let received = signal.recv().await.is_some();
                #[cfg(not(unix))]
                let received = tokio::signal::ctrl_c().await.is_ok();
                if !received {
                    return;
                }
                if interrupt.press() == Press::Exit {
                    std::process::exit(i32::from(ExitCode::Interrupted.code()));
                }
            }
        });
    });
    if let Err(e) = spawned {
        warn(&e);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STOP: OnInterrupt = OnInterrupt::Stop { message: Some("interrupted: finishing what is in flight") };

    #[test]
    fn a_first_press_stops_between_units_and_a_second_exits() {
        let p = Printer::memory();
        let i = Interrupt::detached(p.clone(), STOP);
        assert!(!i.requested());
        assert_eq!(i.press(), Press::Stopping);
        assert!(i.requested() && i.flag().load(Ordering::SeqCst));
        assert_eq!(i.press(), Press::Exit);
        assert_eq!(p.lines(), ["", "interrupted: finishing what is in flight", "", AGAIN]);
    }

    #[test]
    fn a_write_in_progress_is_never_cut() {
        let p = Printer::memory();
        let i = Interrupt::detached(
            p.clone(),
            OnInterrupt::Exit { message: "interrupted: nothing was written", cleanup: || {} },
        );
        let guard = i.writing();
        assert_eq!(i.press(), Press::Held, "held while writing");
        assert!(i.requested(), "but recorded");
        drop(guard);
        assert!(p.lines().is_empty(), "an exit-mode press during the write is dropped with it");
        assert_eq!(i.press(), Press::Exit);
        assert_eq!(p.lines(), ["", "interrupted: nothing was written"]);

        let p = Printer::memory();
        let i = Interrupt::detached(p.clone(), STOP);
        let guard = i.writing();
        assert_eq!(i.press(), Press::Stopping);
        assert_eq!(i.press(), Press::Held, "a second press waits for the write");
        assert_eq!(p.lines().len(), 2, "{:?}", p.lines());
        drop(guard);
        assert_eq!(p.lines().last().map(String::as_str), Some(AGAIN), "then exits (the installed handler does)");
    }
}
