//! Where the input watermark stands at a processing time, and what puts it there: the element
//! that holds a perfect watermark, the newest element a bounded-out-of-orderness watermark
//! trails, or the scenario's own moves; and when the watermark will pass a time later on.

use crate::runner::{Input, Output};
use crate::time::{Duration, Timestamp, POS_INFINITY};
use crate::watermark::{WatermarkModel, WatermarkPoint};
use serde::Serialize;

/// What sets the input watermark at a processing time.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum WatermarkSource {
    /// The input ended: the watermark is at plus infinity.
    EndOfInput,
    /// The scenario lists the watermark's moves (or a transport computed them): the last one
    /// by then and the next one.
    Explicit {
        /// The last move at or before the time asked about.
        last: Option<WatermarkPoint>,
        /// The next move after it.
        next: Option<WatermarkPoint>,
    },
    /// A perfect watermark: the oldest event time of the events not arrived yet.
    Perfect {
        /// That event (its index in the input): it holds the watermark.
        event: Option<usize>,
    },
    /// The newest event time seen minus a delay.
    Bounded {
        /// The newest event seen (its index in the input), if any.
        event: Option<usize>,
        /// The delay.
        max_delay: Duration,
    },
}

/// What sets the watermark at `at` (after everything at `at`); `watermark` is its value then.
///
/// ```
/// use windowpane_engine::*;
/// use windowpane_engine::why::source::{source, WatermarkSource};
/// let ev = |t, a| Event { key: "k".into(), value: 1.0, event_time: t, arrival: a };
/// let input = Input { events: vec![ev(5_000, 1_000), ev(2_000, 9_000)], watermark: WatermarkModel::Perfect, end_of_input: None };
/// // At 3 s the event of event time 2 s has not arrived: it holds the watermark.
/// assert_eq!(source(&input, 2_000, 3_000), WatermarkSource::Perfect { event: Some(1) });
/// ```
pub fn source(input: &Input, watermark: Timestamp, at: Timestamp) -> WatermarkSource {
    if watermark == POS_INFINITY {
        return WatermarkSource::EndOfInput;
    }
    match &input.watermark {
        WatermarkModel::Explicit(points) => WatermarkSource::Explicit {
            last: points.iter().filter(|p| p.at <= at).max_by_key(|p| (p.at, p.to)).copied(),
            next: points.iter().filter(|p| p.at > at && p.to > watermark).min_by_key(|p| p.at).copied(),
        },
        WatermarkModel::Perfect => WatermarkSource::Perfect {
            event: input.events.iter().enumerate().filter(|(_, e)| e.arrival > at).min_by_key(|(i, e)| (e.event_time, *i)).map(|(i, _)| i),
        },
        WatermarkModel::BoundedOutOfOrderness { max_delay } => WatermarkSource::Bounded {
            event: input.events.iter().enumerate().filter(|(_, e)| e.arrival <= at).max_by_key(|(i, e)| (e.event_time, std::cmp::Reverse(*i))).map(|(i, _)| i),
            max_delay: *max_delay,
        },
    }
}

/// The processing time at which the watermark of the whole run `full` first passes `t` (is
/// strictly greater), if it does.
///
/// ```
/// use windowpane_engine::*;
/// let input = Input { events: vec![], watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: 10, to: 50 }]), end_of_input: Some(100) };
/// let out = run(&Pipeline::new(WindowFn::Global), &input);
/// assert_eq!(why::source::passes(&out, 49), Some(10));
/// assert_eq!(why::source::passes(&out, 50), Some(100)); // at the end of input, to +∞
/// ```
pub fn passes(full: &Output, t: Timestamp) -> Option<Timestamp> {
    full.watermark.iter().find(|m| m.to > t).map(|m| m.at)
}
