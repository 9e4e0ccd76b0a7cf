//! The input watermark's moves over processing time, from a watermark model.

use super::arrivals::Arrivals;
use super::KeyedEvent;
use crate::time::{Duration, Timestamp, NEG_INFINITY, POS_INFINITY};
use crate::watermark::{WatermarkModel, WatermarkPoint};

/// The moves of the input watermark, in processing-time order, before the end of input:
/// non-decreasing in both `at` and `to`, without repeats.
///
/// - explicit: the given points (a point that would move the watermark back is ignored: the
///   watermark never moves backwards);
/// - perfect: after the arrivals at each processing time T, the minimum event time of the
///   events arriving after T; once nothing is left to arrive, plus infinity;
/// - bounded out-of-orderness: after the arrivals at T, the max event time seen minus the delay.
pub fn watermark_moves(model: &WatermarkModel, arrivals: &Arrivals) -> Vec<WatermarkPoint> {
    let mut moves = Moves::default();
    match model {
        WatermarkModel::Explicit(points) => {
            for p in points {
                moves.push(p.at, p.to);
            }
        }
        WatermarkModel::Perfect => {
            // suffix minima of event time over the arrival order
            let mut suffix_min = vec![POS_INFINITY; arrivals.len() + 1];
            for k in (0..arrivals.len()).rev() {
                suffix_min[k] = suffix_min[k + 1].min(arrivals.event(k).event_time);
            }
            let mut k = 0;
            while let Some(at) = arrivals.arrival(k) {
                while arrivals.arrival(k) == Some(at) {
                    k += 1;
                }
                moves.push(at, suffix_min[k]);
            }
        }
        WatermarkModel::BoundedOutOfOrderness { max_delay } => {
            let mut bounded = Bounded::new(*max_delay);
            for k in 0..arrivals.len() {
                bounded.arrive(arrivals.event(k));
            }
            return bounded.finish();
        }
    }
    moves.points
}

/// Moves of a watermark as they are found: a move that would not advance the watermark is left
/// out, and moves at one processing time become one.
struct Moves {
    points: Vec<WatermarkPoint>,
    current: Timestamp,
}

impl Default for Moves {
    fn default() -> Moves {
        Moves { points: Vec::new(), current: NEG_INFINITY }
    }
}

impl Moves {
    fn push(&mut self, at: Timestamp, to: Timestamp) {
        if to > self.current {
            self.current = to;
            match self.points.last_mut() {
                Some(WatermarkPoint { at: last_at, to: last_to }) if *last_at == at => *last_to = to,
                _ => self.points.push(WatermarkPoint { at, to }),
            }
        }
    }
}

/// The bounded-out-of-orderness watermark, fed the events in arrival order: after the arrivals
/// at each processing time, the max event time seen minus the delay. The runner feeds it in its
/// first pass over events that are already in arrival order, which saves a pass.
pub struct Bounded {
    max_delay: Duration,
    max_seen: Timestamp,
    /// The arrival time of the events seen last.
    at: Option<Timestamp>,
    moves: Moves,
}

impl Bounded {
    /// Nothing seen yet.
    pub fn new(max_delay: Duration) -> Bounded {
        Bounded { max_delay, max_seen: NEG_INFINITY, at: None, moves: Moves::default() }
    }

    /// The next event to arrive (arrivals must not go back in time).
    #[inline]
    pub fn arrive(&mut self, e: &KeyedEvent) {
        debug_assert!(self.at.is_none_or(|at| at <= e.arrival), "arrivals in order");
        if self.at != Some(e.arrival) {
            self.flush();
            self.at = Some(e.arrival);
        }
        self.max_seen = self.max_seen.max(e.event_time);
    }

    fn flush(&mut self) {
        if let Some(at) = self.at {
            self.moves.push(at, self.max_seen.saturating_sub(self.max_delay));
        }
    }

    /// The moves, once every event has arrived.
    pub fn finish(mut self) -> Vec<WatermarkPoint> {
        self.flush();
        self.moves.points
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(event_time: i64, arrival: i64) -> KeyedEvent {
        KeyedEvent { key: 0, value: 1.0, event_time, arrival }
    }

    #[test]
    fn perfect_watermark_is_min_of_what_has_not_arrived() {
        let events = vec![ev(5, 10), ev(2, 20), ev(8, 20), ev(9, 30)];
        let moves = watermark_moves(&WatermarkModel::Perfect, &Arrivals::new(&events));
        // after t=10: remaining {2,8,9} → 2; after 20: {9} → 9; after 30: nothing → +inf
        assert_eq!(
            moves,
            vec![
                WatermarkPoint { at: 10, to: 2 },
                WatermarkPoint { at: 20, to: 9 },
                WatermarkPoint { at: 30, to: POS_INFINITY }
            ]
        );
    }

    #[test]
    fn bounded_watermark_trails_max_seen_and_never_goes_back() {
        let events = vec![ev(100, 1), ev(50, 2), ev(130, 3)];
        let moves = watermark_moves(&WatermarkModel::BoundedOutOfOrderness { max_delay: 20 }, &Arrivals::new(&events));
        assert_eq!(moves, vec![WatermarkPoint { at: 1, to: 80 }, WatermarkPoint { at: 3, to: 110 }]);
    }

    #[test]
    fn explicit_points_that_go_back_are_ignored() {
        let pts = vec![WatermarkPoint { at: 1, to: 10 }, WatermarkPoint { at: 2, to: 5 }, WatermarkPoint { at: 3, to: 12 }];
        let moves = watermark_moves(&WatermarkModel::Explicit(pts), &Arrivals::new(&[]));
        assert_eq!(moves, vec![WatermarkPoint { at: 1, to: 10 }, WatermarkPoint { at: 3, to: 12 }]);
    }
}
