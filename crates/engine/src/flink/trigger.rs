//! Flink's window triggers (`org.apache.flink.streaming.api.windowing.triggers`), their per-window
//! state, and the four callbacks Flink's `WindowOperator` calls: on element, on event time, on
//! processing time, on merge, and clear.
//!
//! Each callback follows the Flink 2.3 class of the same name: `EventTimeTrigger`,
//! `ProcessingTimeTrigger`, `CountTrigger`, `ContinuousEventTimeTrigger`,
//! `ContinuousProcessingTimeTrigger`, `PurgingTrigger` and `GlobalWindows.NeverTrigger`.

use super::timers::{Timers, TimerKind};
use crate::time::{Duration, Timestamp};
use crate::window::Window;

/// A Flink trigger as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlinkTrigger {
    /// `EventTimeTrigger`: fires when the watermark reaches the window's max timestamp, and at
    /// once for every element of a window the watermark has already reached.
    EventTime,
    /// `ProcessingTimeTrigger`: fires when processing time reaches the window's max timestamp.
    ProcessingTime,
    /// `CountTrigger.of(count)`: fires every `count` elements (the count is reset at each firing).
    Count {
        /// Elements per firing (> 0).
        count: u64,
    },
    /// `ContinuousEventTimeTrigger.of(interval)`: fires every `interval` of event time, and at the
    /// window's max timestamp.
    ContinuousEventTime {
        /// Event-time interval (> 0).
        interval: Duration,
    },
    /// `ContinuousProcessingTimeTrigger.of(interval)`: fires every `interval` of processing time.
    ContinuousProcessingTime {
        /// Processing-time interval (> 0).
        interval: Duration,
    },
    /// `PurgingTrigger.of(trigger)`: every FIRE of the inner trigger becomes FIRE_AND_PURGE.
    Purging(Box<FlinkTrigger>),
    /// `GlobalWindows.NeverTrigger`: never fires (the global window's default).
    Never,
}

/// What a callback asks the operator to do (Flink's `TriggerResult`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TriggerResult {
    /// Emit the window's contents.
    pub fire: bool,
    /// Clear the window's contents (after emitting them, when both are set).
    pub purge: bool,
}

const CONTINUE: TriggerResult = TriggerResult { fire: false, purge: false };
const FIRE: TriggerResult = TriggerResult { fire: true, purge: false };

/// A trigger's partitioned state in one window: `CountTrigger`'s count and the continuous
/// triggers' next fire time (a `ReducingState` with `Min`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TriggerState {
    /// Elements since the last count firing.
    pub count: u64,
    /// The continuous triggers' next fire timestamp.
    pub fire_time: Option<Timestamp>,
}

impl TriggerState {
    /// Folds another window's state in, as `mergePartitionedState` does: counts add up, fire
    /// times keep the minimum.
    pub fn merge(&mut self, other: &TriggerState) {
        self.count += other.count;
        self.fire_time = match (self.fire_time, other.fire_time) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
}

/// What a trigger sees: the key and window it runs for, the clocks, and the timer service.
pub struct TriggerContext<'a> {
    /// The key's id.
    pub key: usize,
    /// The window.
    pub window: Window,
    /// The operator's current watermark.
    pub watermark: Timestamp,
    /// The current processing time.
    pub now: Timestamp,
    /// The operator's timers.
    pub timers: &'a mut Timers,
}

impl TriggerContext<'_> {
    fn max_timestamp(&self) -> Timestamp {
        super::max_timestamp(&self.window)
    }
    fn register(&mut self, kind: TimerKind, t: Timestamp) {
        self.timers.register(kind, t, self.key, self.window);
    }
    fn delete(&mut self, kind: TimerKind, t: Timestamp) {
        self.timers.delete(kind, t, self.key, self.window);
    }
    /// The continuous triggers' `registerNextFireTimestamp`: the next fire time is
    /// `min(time + interval, window.maxTimestamp())`.
    /// An interval below 1 ms (refused by the scenario) counts as 1 ms, as the auto-watermark
    /// interval does: with 0 the timer would set itself again at its own time, for ever.
    fn next_fire(&mut self, kind: TimerKind, state: &mut TriggerState, time: Timestamp, interval: Duration) {
        let next = time.saturating_add(interval.max(1)).min(self.max_timestamp());
        state.fire_time = Some(state.fire_time.map_or(next, |f| f.min(next)));
        self.register(kind, next);
    }
}

impl FlinkTrigger {
    /// `onElement`, for an element with timestamp `ts` added to the window.
    pub fn on_element(&self, state: &mut TriggerState, ts: Timestamp, ctx: &mut TriggerContext) -> TriggerResult {
        let max = ctx.max_timestamp();
        match self {
            FlinkTrigger::EventTime => {
                if max <= ctx.watermark {
                    return FIRE;
                }
                ctx.register(TimerKind::EventTime, max);
                CONTINUE
            }
            FlinkTrigger::ProcessingTime => {
                ctx.register(TimerKind::ProcessingTime, max);
                CONTINUE
            }
            FlinkTrigger::Count { count } => {
                state.count += 1;
                if state.count >= *count {
                    state.count = 0;
                    return FIRE;
                }
                CONTINUE
            }
            FlinkTrigger::ContinuousEventTime { interval } => {
                if max <= ctx.watermark {
                    return FIRE;
                }
                ctx.register(TimerKind::EventTime, max);
                if state.fire_time.is_none() {
                    let start = interval_start(ts, *interval);
                    ctx.next_fire(TimerKind::EventTime, state, start, *interval);
                }
                CONTINUE
            }
            FlinkTrigger::ContinuousProcessingTime { interval } => {
                if state.fire_time.is_none() {
                    let now = ctx.now;
                    let start = interval_start(now, *interval);
                    ctx.next_fire(TimerKind::ProcessingTime, state, start, *interval);
                }
                CONTINUE
            }
            FlinkTrigger::Purging(inner) => purge(inner.on_element(state, ts, ctx)),
            FlinkTrigger::Never => CONTINUE,
        }
    }

    /// `onEventTime`, for an event-time timer at `time` of this window.
    pub fn on_event_time(&self, state: &mut TriggerState, time: Timestamp, ctx: &mut TriggerContext) -> TriggerResult {
        match self {
            FlinkTrigger::EventTime if time == ctx.max_timestamp() => FIRE,
            FlinkTrigger::ContinuousEventTime { interval } => continuous_fire(TimerKind::EventTime, *interval, state, time, ctx),
            FlinkTrigger::Purging(inner) => purge(inner.on_event_time(state, time, ctx)),
            _ => CONTINUE,
        }
    }

    /// `onProcessingTime`, for a processing-time timer at `time` of this window.
    pub fn on_processing_time(&self, state: &mut TriggerState, time: Timestamp, ctx: &mut TriggerContext) -> TriggerResult {
        match self {
            FlinkTrigger::ProcessingTime => FIRE,
            // Flink 2.3 compares the processing-time timer with the window's (event-time) max
            // timestamp too, and then registers no further timer.
            FlinkTrigger::ContinuousProcessingTime { interval } => {
                continuous_fire(TimerKind::ProcessingTime, *interval, state, time, ctx)
            }
            FlinkTrigger::Purging(inner) => purge(inner.on_processing_time(state, time, ctx)),
            _ => CONTINUE,
        }
    }

    /// `onMerge`, for the window that several windows merged into; `state` is already merged.
    pub fn on_merge(&self, state: &TriggerState, ctx: &mut TriggerContext) {
        let max = ctx.max_timestamp();
        match self {
            FlinkTrigger::EventTime if max > ctx.watermark => ctx.register(TimerKind::EventTime, max),
            FlinkTrigger::ProcessingTime if max > ctx.now => ctx.register(TimerKind::ProcessingTime, max),
            FlinkTrigger::ContinuousEventTime { .. } => {
                if let Some(f) = state.fire_time {
                    ctx.register(TimerKind::EventTime, f);
                }
            }
            FlinkTrigger::ContinuousProcessingTime { .. } => {
                if let Some(f) = state.fire_time {
                    ctx.register(TimerKind::ProcessingTime, f);
                }
            }
            FlinkTrigger::Purging(inner) => inner.on_merge(state, ctx),
            _ => {}
        }
    }

    /// `clear`: deletes the trigger's timers and state for the window.
    pub fn clear(&self, state: &mut TriggerState, ctx: &mut TriggerContext) {
        let max = ctx.max_timestamp();
        match self {
            FlinkTrigger::EventTime => ctx.delete(TimerKind::EventTime, max),
            FlinkTrigger::ProcessingTime => ctx.delete(TimerKind::ProcessingTime, max),
            FlinkTrigger::Count { .. } => state.count = 0,
            FlinkTrigger::ContinuousEventTime { .. } => {
                if let Some(f) = state.fire_time.take() {
                    ctx.delete(TimerKind::EventTime, f);
                }
            }
            FlinkTrigger::ContinuousProcessingTime { .. } => {
                if let Some(f) = state.fire_time.take() {
                    ctx.delete(TimerKind::ProcessingTime, f);
                }
            }
            FlinkTrigger::Purging(inner) => inner.clear(state, ctx),
            FlinkTrigger::Never => {}
        }
    }
}

/// A continuous trigger's timer at `time` (`ContinuousEventTimeTrigger.onEventTime`,
/// `ContinuousProcessingTimeTrigger.onProcessingTime`): the window's max timestamp fires, and so
/// does the trigger's own next firing time, which then registers the one after it.
fn continuous_fire(kind: TimerKind, interval: Duration, state: &mut TriggerState, time: Timestamp, ctx: &mut TriggerContext) -> TriggerResult {
    if time == ctx.max_timestamp() {
        return FIRE;
    }
    if state.fire_time == Some(time) {
        state.fire_time = None;
        ctx.next_fire(kind, state, time, interval);
        return FIRE;
    }
    CONTINUE
}

/// The continuous triggers' first interval start, `t - t % interval` (Java's `%` truncates toward
/// zero, as Rust's does, so the start lies between `t` and 0: no overflow). An interval below
/// 1 ms counts as 1 ms (see `next_fire`), so there is no division by zero.
fn interval_start(t: Timestamp, interval: Duration) -> Timestamp {
    t - t % interval.max(1)
}

/// `PurgingTrigger`: `result.isFire() ? FIRE_AND_PURGE : result`.
fn purge(r: TriggerResult) -> TriggerResult {
    if r.fire {
        TriggerResult { fire: true, purge: true }
    } else {
        r
    }
}
