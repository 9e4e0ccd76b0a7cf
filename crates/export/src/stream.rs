//! The scenario's input as TestStream steps: processing time, elements and watermark, in order.
//!
//! Both SDKs' `TestStream` advance processing time by a duration, add elements and advance the
//! watermark. The steps follow windowpane's ordering of simultaneous happenings at a processing
//! time T: first the arrivals at T (in the file's order), then the watermark's move at T. Each
//! element is its own `add_elements` step, so a runner that evaluates triggers once per bundle
//! (Beam Python's DirectRunner) still sees one element at a time.

use windowpane_engine::time::{NEG_INFINITY, POS_INFINITY};
use windowpane_engine::{Event, Input, Pipeline, Trigger, WatermarkModel, WatermarkPoint};

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
    /// Add one element with its event time (its arrival is the current processing time).
    AddElement(Event),
    /// Advance the watermark to `to`.
    AdvanceWatermark {
        /// The new watermark (ms since the epoch).
        to: i64,
    },
    /// The end of input: the watermark moves to plus infinity.
    WatermarkToInfinity,
    /// After the end of input, advance processing time past every timer a trigger may still
    /// have pending (`by` ms), so that the runner does not wait for them forever.
    FlushProcessingTime {
        /// The advance in milliseconds (> 0).
        by: i64,
    },
}

/// The TestStream steps for `input` under `pipeline`.
///
/// `resolved_watermark` is the watermark's path when the model is not explicit (perfect,
/// bounded out-of-orderness): the engine's own resolution, ending with the move to plus
/// infinity at the end of input.
///
/// ```
/// use windowpane_engine::{Event, Input, Pipeline, WatermarkModel, WatermarkPoint, WindowFn};
/// use windowpane_export::stream::{steps, Step};
/// let input = Input {
///     events: vec![Event { key: "a".into(), value: 1.0, event_time: 5_000, arrival: 10_000 }],
///     watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: 10_000, to: 8_000 }]),
///     end_of_input: Some(20_000),
/// };
/// let s = steps(&Pipeline::new(WindowFn::Global), &input, &[]);
/// assert_eq!(s[0], Step::AdvanceProcessingTime { to: 10_000, by: 10_000 });
/// assert!(matches!(s[1], Step::AddElement(_)));
/// assert_eq!(s[2], Step::AdvanceWatermark { to: 8_000 });
/// assert_eq!(s[3], Step::AdvanceProcessingTime { to: 20_000, by: 10_000 });
/// assert_eq!(s[4], Step::WatermarkToInfinity);
/// ```
pub fn steps(pipeline: &Pipeline, input: &Input, resolved_watermark: &[WatermarkPoint]) -> Vec<Step> {
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
    let end = input
        .end_of_input
        .or_else(|| moves.iter().find(|p| p.to == POS_INFINITY).map(|p| p.at))
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
        while a < arrivals.len() && arrivals[a].arrival == t {
            out.push(Step::AddElement(arrivals[a].clone()));
            a += 1;
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
    for e in &arrivals[a..] {
        advance_to(e.arrival, &mut clock, &mut out);
        out.push(Step::AddElement((*e).clone()));
    }
    if let Some(delay) = longest_timer(&pipeline.trigger) {
        out.push(Step::FlushProcessingTime { by: delay + 1_000 });
    }
    out
}

/// The longest processing-time delay a trigger can have pending, if it has any
/// processing-time trigger.
fn longest_timer(trigger: &Trigger) -> Option<i64> {
    match trigger {
        Trigger::Default | Trigger::Never | Trigger::AfterCount { .. } => None,
        Trigger::AfterProcessingTime { delay, align } => {
            Some(delay + align.map_or(0, |a| a.period + a.offset.abs()))
        }
        Trigger::AfterWatermark { early, late } => {
            early.iter().chain(late.iter()).filter_map(|t| longest_timer(t)).max()
        }
        Trigger::Repeatedly(t) => longest_timer(t),
        Trigger::AfterEach(ts) | Trigger::AfterAny(ts) | Trigger::AfterAll(ts) => {
            ts.iter().filter_map(longest_timer).max()
        }
        Trigger::OrFinally { trigger, until } => longest_timer(trigger).max(longest_timer(until)),
    }
}
