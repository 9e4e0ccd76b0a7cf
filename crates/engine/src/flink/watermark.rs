//! Flink's watermark strategies at the source, per split, into the watermark path the window
//! operator sees.
//!
//! - Periodic bounded out-of-orderness (`BoundedOutOfOrdernessWatermarks`, and
//!   `forMonotonousTimestamps` as a delay of 0): each split's generator remembers the greatest
//!   timestamp it saw and, at every auto-watermark tick (every `interval` of processing time, on
//!   the grid of multiples of `interval`), emits `max - delay - 1` (`Long.MIN_VALUE` before any
//!   element).
//! - `withIdleness(timeout)` (`WatermarksWithIdleness`): idleness is judged at ticks only. The
//!   countdown starts at the first tick that saw no element since the previous tick, and the split
//!   is marked idle at the first tick more than `timeout` after that; an element makes it active
//!   again, and its next tick's watermark counts again.
//! - The source's combined watermark (`WatermarkOutputMultiplexer`, `CombinedWatermarkStatus`):
//!   the minimum over the splits that are not idle, emitted only when it advances; when every
//!   split is idle, nothing is emitted.
//! - Punctuated: the watermark moves as given.
//!
//! The end instant is included: a tick (or a punctuated point) at exactly the end of input is
//! emitted, and the end's `Long.MAX_VALUE` follows it. In Flink 2.3 the periodic emission is a
//! processing-time callback of the source (`ProgressiveTimestampsAndWatermarks
//! .startPeriodicWatermarkEmits` schedules `emitPeriodicWatermark`, which calls each generator's
//! `onPeriodicEmit`, with `scheduleWithFixedDelay`); at the end of input `SourceOperator`
//! cancels it (`stopPeriodicWatermarkEmits`, no last emission) and `MAX_WATERMARK` follows. A
//! tick due at the end instant thus runs when the callback comes before the end, and the
//! engine's order at one instant puts processing-time callbacks first (timers at T, then
//! arrivals at T, then the watermark's move at T). Until 2026-12 the path stopped before the
//! end instant, so such a tick vanished from the watermark path (the panes were the same: every
//! timer at or below it fires at the end anyway, in time order). The ticks are on the grid of
//! multiples of the interval, a model of the fixed delay (a real source's first tick depends on
//! when it starts).

use crate::time::{Duration, Timestamp, NEG_INFINITY};
use crate::watermark::WatermarkPoint;

/// Flink's default auto-watermark interval (`pipeline.auto-watermark-interval`): 200 ms.
pub const DEFAULT_AUTO_WATERMARK_INTERVAL: Duration = 200;

/// A watermark strategy.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FlinkWatermarks {
    /// Watermarks emitted as given (a punctuated generator): at `at`, the watermark becomes `to`.
    Punctuated(Vec<WatermarkPoint>),
    /// Bounded out-of-orderness per split, emitted periodically.
    Periodic {
        /// The out-of-orderness bound (0: `forMonotonousTimestamps`).
        max_delay: Duration,
        /// The auto-watermark interval (> 0).
        interval: Duration,
        /// `withIdleness(timeout)`, if set (> 0).
        idleness: Option<Duration>,
    },
}

#[derive(Clone, Copy, Debug)]
struct Split {
    max: Option<Timestamp>,
    counter: u64,
    last_counter: u64,
    inactive_since: Option<Timestamp>,
    idle_now: bool,
    /// The split's output in the multiplexer (`PartialWatermark`).
    watermark: Timestamp,
    idle: bool,
}

/// The combined watermark's path for events arriving at `arrivals` (sorted) on `splits` (index
/// for index), up to and including processing time `end` (a tick at `end` is emitted before the
/// end of input). Moves never go back.
///
/// ```
/// use windowpane_engine::flink::watermark::{periodic_path, FlinkWatermarks};
/// use windowpane_engine::WatermarkPoint;
/// // one split, delay 5, ticks every 200 ms: an element at event time 1000 arriving at 150
/// let w = FlinkWatermarks::Periodic { max_delay: 5, interval: 200, idleness: None };
/// let path = periodic_path(&w, &[(150, 1000)], &[0], 1, 1_000);
/// assert_eq!(path, vec![WatermarkPoint { at: 200, to: 994 }]);
/// ```
pub fn periodic_path(
    strategy: &FlinkWatermarks,
    arrivals: &[(Timestamp, Timestamp)],
    splits: &[u32],
    split_count: usize,
    end: Timestamp,
) -> Vec<WatermarkPoint> {
    let (max_delay, interval, idleness) = match strategy {
        FlinkWatermarks::Punctuated(points) => {
            let mut out: Vec<WatermarkPoint> = Vec::new();
            for p in points.iter().filter(|p| p.at <= end) {
                if out.last().is_none_or(|l| p.to > l.to) {
                    out.push(*p);
                }
            }
            return out;
        }
        FlinkWatermarks::Periodic { max_delay, interval, idleness } => (*max_delay, (*interval).max(1), *idleness),
    };
    let fresh = Split {
        max: None,
        counter: 0,
        last_counter: 0,
        inactive_since: None,
        idle_now: false,
        watermark: NEG_INFINITY,
        idle: false,
    };
    let mut parts = vec![fresh; split_count.max(1)];
    let mut combined = NEG_INFINITY;
    let mut out = Vec::new();
    let grid_at_or_after = |t: Timestamp| -> Timestamp {
        let r = t.rem_euclid(interval);
        if r == 0 { t } else { t.saturating_add(interval - r) }
    };
    let mut next_event = 0;
    let mut tick = match arrivals.first() {
        Some(&(a, _)) => grid_at_or_after(a),
        None => return out,
    };
    while tick <= end {
        // The arrivals up to this tick (those at the tick come first: the order at one instant).
        while let Some(&(a, ts)) = arrivals.get(next_event) {
            if a > tick {
                break;
            }
            let n = parts.len();
            let s = &mut parts[splits.get(next_event).copied().unwrap_or(0) as usize % n];
            s.max = Some(s.max.map_or(ts, |m| m.max(ts)));
            s.counter += 1;
            s.idle_now = false;
            next_event += 1;
        }
        // Each split's onPeriodicEmit on its deferred output, then the multiplexer's combine.
        for s in parts.iter_mut() {
            let idle = match idleness {
                None => false,
                Some(timeout) => {
                    if s.counter != s.last_counter {
                        s.last_counter = s.counter;
                        s.inactive_since = None;
                        false
                    } else if let Some(since) = s.inactive_since {
                        // In i128: a countdown may span more than i64 (ticks near both ends).
                        tick as i128 - since as i128 > timeout as i128
                    } else {
                        s.inactive_since = Some(tick);
                        false
                    }
                }
            };
            if idle {
                if !s.idle_now {
                    s.idle = true;
                    s.idle_now = true;
                }
            } else {
                let w = s.max.map_or(NEG_INFINITY, |m| m.saturating_sub(max_delay).saturating_sub(1));
                s.idle = false;
                s.watermark = s.watermark.max(w);
            }
        }
        if let Some(min) = parts.iter().filter(|s| !s.idle).map(|s| s.watermark).min() {
            if min > combined {
                combined = min;
                out.push(WatermarkPoint { at: tick, to: min });
            }
        }
        // The next tick at which anything can change.
        let mut next = arrivals.get(next_event).map(|&(a, _)| grid_at_or_after(a));
        let mut consider = |t: Timestamp| next = Some(next.map_or(t, |n: Timestamp| n.min(t)));
        for s in &parts {
            match idleness {
                Some(timeout) if !s.idle_now => match s.inactive_since {
                    _ if s.counter != s.last_counter => consider(tick.saturating_add(interval)),
                    None => consider(tick.saturating_add(interval)),
                    Some(since) => consider(idle_tick(since, timeout, interval)),
                },
                _ => {}
            }
        }
        let after = match next {
            Some(n) if n > tick => n,
            Some(_) => tick.saturating_add(interval),
            None => break,
        };
        // Only at i64::MAX does the next tick saturate to this one: it lies past the end of time.
        if after == tick {
            break;
        }
        tick = after;
    }
    out
}

/// The first tick (on the grid of `since`, every `interval`) more than `timeout` after `since`:
/// where a split whose countdown started at `since` turns idle. Computed exactly in i128 and
/// capped at `i64::MAX`; a saturated product would come short of the true tick and leave the
/// countdown unfinished.
fn idle_tick(since: Timestamp, timeout: Duration, interval: Duration) -> Timestamp {
    let (since, timeout, interval) = (since as i128, timeout as i128, interval as i128);
    let t = since + (timeout / interval + 1) * interval;
    t.min(Timestamp::MAX as i128) as Timestamp
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(at: Timestamp, to: Timestamp) -> WatermarkPoint {
        WatermarkPoint { at, to }
    }

    #[test]
    fn an_empty_split_holds_the_watermark_at_minus_infinity() {
        let w = FlinkWatermarks::Periodic { max_delay: 0, interval: 200, idleness: None };
        assert_eq!(periodic_path(&w, &[(100, 5_000)], &[0], 2, 10_000), vec![]);
    }

    #[test]
    fn idleness_starts_at_the_first_quiet_tick_and_needs_more_than_the_timeout() {
        // split 0: an element at 100 (ts 5000); split 1 never sees one. timeout 1000, ticks of 200.
        // tick 200: split 1 starts its countdown (split 0 saw an element). tick 400: split 0's
        // countdown starts. split 1 is idle at the first tick > 200 + 1000: 1400; split 0 emits
        // 4999 at every tick before it turns idle at 1600 (> 400 + 1000).
        let w = FlinkWatermarks::Periodic { max_delay: 0, interval: 200, idleness: Some(1000) };
        assert_eq!(periodic_path(&w, &[(100, 5_000)], &[0], 2, 10_000), vec![p(1400, 4999)]);
    }

    #[test]
    fn a_tick_at_exactly_the_end_is_emitted() {
        // Delay 0, ticks of 200: ts 1000 arrives at 100, ts 3000 at 350. Ticks: 200 emits 999;
        // 400 emits 2999. With the end at 400 the tick at 400 is the end instant itself: it is
        // emitted (before the end's Long.MAX_VALUE); with the end at 399 it is not.
        let w = FlinkWatermarks::Periodic { max_delay: 0, interval: 200, idleness: None };
        let arrivals = [(100, 1_000), (350, 3_000)];
        assert_eq!(periodic_path(&w, &arrivals, &[0, 0], 1, 400), vec![p(200, 999), p(400, 2999)]);
        assert_eq!(periodic_path(&w, &arrivals, &[0, 0], 1, 399), vec![p(200, 999)]);
        // A punctuated point at the end instant is kept too.
        let q = FlinkWatermarks::Punctuated(vec![p(100, 5), p(400, 9), p(401, 12)]);
        assert_eq!(periodic_path(&q, &[], &[], 1, 400), vec![p(100, 5), p(400, 9)]);
    }
}
