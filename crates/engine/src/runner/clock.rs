//! The input watermark's moves over processing time, from a watermark model.

use super::arrivals::Arrivals;
use crate::time::{Timestamp, NEG_INFINITY, POS_INFINITY};
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
    let mut moves = Vec::new();
    let mut current = NEG_INFINITY;
    let mut push = |at: Timestamp, to: Timestamp, moves: &mut Vec<WatermarkPoint>| {
        if to > current {
            current = to;
            match moves.last_mut() {
                Some(WatermarkPoint { at: last_at, to: last_to }) if *last_at == at => *last_to = to,
                _ => moves.push(WatermarkPoint { at, to }),
            }
        }
    };
    match model {
        WatermarkModel::Explicit(points) => {
            for p in points {
                push(p.at, p.to, &mut moves);
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
                push(at, suffix_min[k], &mut moves);
            }
        }
        WatermarkModel::BoundedOutOfOrderness { max_delay } => {
            let mut max_seen = NEG_INFINITY;
            let mut k = 0;
            while let Some(at) = arrivals.arrival(k) {
                while arrivals.arrival(k) == Some(at) {
                    max_seen = max_seen.max(arrivals.event(k).event_time);
                    k += 1;
                }
                push(at, max_seen.saturating_sub(*max_delay), &mut moves);
            }
        }
    }
    moves
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runner::Event;

    fn ev(event_time: i64, arrival: i64) -> Event {
        Event { key: "k".into(), value: 1.0, event_time, arrival }
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
