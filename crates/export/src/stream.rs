//! The scenario's input as TestStream steps: processing time, elements and watermark, in order.
//!
//! Both SDKs' `TestStream` advance processing time by a duration, add elements and advance the
//! watermark. The steps follow windowpane's ordering of simultaneous happenings at a processing
//! time T: first the arrivals at T, all in ONE `add_elements` step (one bundle, in the file's
//! order, as the engine adds them all before checking each touched window's trigger once), then
//! the watermark's move at T. At the end of input (or earlier, when the engine's watermark
//! reaches plus infinity, as a perfect watermark does after the last arrival) the watermark
//! moves to plus infinity and processing time stops: the engine fires no processing-time timer
//! after that, so the program does not advance processing time past it either.

use windowpane_engine::time::{NEG_INFINITY, POS_INFINITY};
use windowpane_engine::{Event, Input, WatermarkModel, WatermarkPoint};

/// One TestStream step.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Advance processing time by `by` ms, to `to`.
    AdvanceProcessingTime {
        /// The processing time reached.
        to: i64,
        /// The advance in milliseconds (> 0).
        by: i64,
    },
    /// Add the elements arriving at the current processing time, as one bundle, in the file's
    /// order.
    AddElements(Vec<Event>),
    /// Advance the watermark to `to`.
    AdvanceWatermark {
        /// The new watermark (ms since the epoch).
        to: i64,
    },
    /// The end of input: the watermark moves to plus infinity.
    WatermarkToInfinity,
}

/// The TestStream steps for `input`.
///
/// `resolved_watermark` is the watermark's path when the model is not explicit (perfect,
/// bounded out-of-orderness): the engine's own resolution, ending with the move to plus
/// infinity (at the end of input, or at the last arrival for a perfect watermark).
///
/// ```
/// use windowpane_engine::{Event, Input, WatermarkModel, WatermarkPoint};
/// use windowpane_export::stream::{steps, Step};
/// let input = Input {
///     events: vec![Event { key: "a".into(), value: 1.0, event_time: 5_000, arrival: 10_000 }],
///     watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: 10_000, to: 8_000 }]),
///     end_of_input: Some(20_000),
/// };
/// let s = steps(&input, &[]);
/// assert_eq!(s[0], Step::AdvanceProcessingTime { to: 10_000, by: 10_000 });
/// assert!(matches!(&s[1], Step::AddElements(bundle) if bundle.len() == 1));
/// assert_eq!(s[2], Step::AdvanceWatermark { to: 8_000 });
/// assert_eq!(s[3], Step::AdvanceProcessingTime { to: 20_000, by: 10_000 });
/// assert_eq!(s[4], Step::WatermarkToInfinity);
/// ```
pub fn steps(input: &Input, resolved_watermark: &[WatermarkPoint]) -> Vec<Step> {
    let points: Vec<WatermarkPoint> = match &input.watermark {
        WatermarkModel::Explicit(points) => points.clone(),
        WatermarkModel::Perfect | WatermarkModel::BoundedOutOfOrderness { .. } => resolved_watermark.to_vec(),
    };
    let mut arrivals: Vec<&Event> = input.events.iter().collect();
    arrivals.sort_by_key(|e| e.arrival); // stable: the file's order among equal arrivals
    let mut moves: Vec<WatermarkPoint> = points.into_iter().filter(|p| p.to != NEG_INFINITY).collect();
    moves.sort_by_key(|p| p.at);

    let last_arrival = arrivals.last().map(|e| e.arrival);
    let last_move = moves.iter().map(|p| p.at).max();
    // The input ends at the end of input or, earlier, when the watermark reaches plus infinity
    // (a perfect watermark does after the last arrival): every window expires there and the
    // engine fires no processing-time timer after it.
    let infinite_at = moves.iter().find(|p| p.to == POS_INFINITY).map(|p| p.at);
    let end = match (input.end_of_input, infinite_at) {
        (Some(e), Some(i)) => Some(e.min(i)),
        (e, i) => e.or(i),
    }
    .or_else(|| last_arrival.max(last_move))
    .unwrap_or(0);

    let first = arrivals.first().map(|e| e.arrival).into_iter().chain(moves.first().map(|p| p.at)).min();
    let mut clock = first.unwrap_or(0).min(0);
    let mut watermark = NEG_INFINITY;
    let mut out = Vec::new();
    let advance_to = |t: i64, clock: &mut i64, out: &mut Vec<Step>| {
        if t > *clock {
            out.push(Step::AdvanceProcessingTime { to: t, by: t - *clock });
            *clock = t;
        }
    };
    let (mut a, mut m) = (0, 0);
    loop {
        let next_a = arrivals.get(a).map(|e| e.arrival);
        let next_m = moves.get(m).map(|p| p.at);
        let Some(t) = next_a.into_iter().chain(next_m).min() else { break };
        if t > end {
            break;
        }
        advance_to(t, &mut clock, &mut out);
        let bundle: Vec<Event> = arrivals[a..].iter().take_while(|e| e.arrival == t).map(|e| (*e).clone()).collect();
        a += bundle.len();
        if !bundle.is_empty() {
            out.push(Step::AddElements(bundle));
        }
        let mut to = watermark;
        while m < moves.len() && moves[m].at == t {
            to = to.max(moves[m].to);
            m += 1;
        }
        if to > watermark && to != POS_INFINITY {
            out.push(Step::AdvanceWatermark { to });
            watermark = to;
        }
    }
    advance_to(end, &mut clock, &mut out);
    out.push(Step::WatermarkToInfinity);
    // Elements arriving after the end of input would arrive behind an infinite watermark.
    let mut rest = arrivals[a..].iter().peekable();
    while let Some(first) = rest.next() {
        advance_to(first.arrival, &mut clock, &mut out);
        let mut bundle = vec![(*first).clone()];
        while let Some(e) = rest.next_if(|e| e.arrival == first.arrival) {
            bundle.push((*e).clone());
        }
        out.push(Step::AddElements(bundle));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_watermark_at_infinity_before_the_end_of_input_ends_the_stream_there() {
        let input = Input {
            events: vec![Event { key: "a".into(), value: 1.0, event_time: 5_000, arrival: 10_000 }],
            watermark: WatermarkModel::Perfect,
            end_of_input: Some(60_000),
        };
        let resolved = [WatermarkPoint { at: 10_000, to: POS_INFINITY }];
        let s = steps(&input, &resolved);
        assert_eq!(s.len(), 3, "{s:?}");
        assert_eq!(s[0], Step::AdvanceProcessingTime { to: 10_000, by: 10_000 });
        assert!(matches!(&s[1], Step::AddElements(bundle) if bundle.len() == 1));
        assert_eq!(s[2], Step::WatermarkToInfinity);
    }
}
