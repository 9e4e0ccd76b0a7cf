//! The operator's timer service: event-time and processing-time timers per key and window.
//!
//! Like Flink's `InternalTimerServiceImpl`, a timer is identified by its time, key and window
//! (namespace): registering it twice keeps one timer. Timers due at one time fire in (key,
//! window) order here; Flink's heap leaves that order unspecified.

use crate::time::Timestamp;
use crate::window::Window;
use std::collections::BTreeSet;

/// Which clock a timer follows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerKind {
    /// Fires when the watermark reaches its time.
    EventTime,
    /// Fires when processing time reaches its time.
    ProcessingTime,
}

/// The registered timers.
#[derive(Debug, Default)]
pub struct Timers {
    event: BTreeSet<(Timestamp, usize, Window)>,
    processing: BTreeSet<(Timestamp, usize, Window)>,
}

impl Timers {
    fn set(&mut self, kind: TimerKind) -> &mut BTreeSet<(Timestamp, usize, Window)> {
        match kind {
            TimerKind::EventTime => &mut self.event,
            TimerKind::ProcessingTime => &mut self.processing,
        }
    }

    /// Registers a timer (a no-op if it exists).
    pub fn register(&mut self, kind: TimerKind, t: Timestamp, key: usize, window: Window) {
        self.set(kind).insert((t, key, window));
    }

    /// Deletes a timer, if it exists.
    pub fn delete(&mut self, kind: TimerKind, t: Timestamp, key: usize, window: Window) {
        self.set(kind).remove(&(t, key, window));
    }

    /// Removes and returns the earliest timer due at or before `limit`.
    pub fn pop_due(&mut self, kind: TimerKind, limit: Timestamp) -> Option<(Timestamp, usize, Window)> {
        let set = self.set(kind);
        let first = *set.first()?;
        (first.0 <= limit).then(|| {
            set.remove(&first);
            first
        })
    }

    /// The earliest processing-time timer.
    pub fn next_processing(&self) -> Option<Timestamp> {
        self.processing.first().map(|t| t.0)
    }
}
