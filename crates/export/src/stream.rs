//! The scenario's input as TestStream steps: processing time, elements and watermark, in order.
//!
//! Both SDKs' `TestStream` advance processing time by a duration, add elements and advance the
//! watermark. The test clock starts at the scenario's first happening (an arrival or a
//! watermark move) and only ever advances by the difference to the next one, so the program
//! never writes the scenario's absolute clock (12:00:00) as a processing time: Beam Python
//! compares a processing-time timer's time with event times (`GeneralTriggerDriver.process_timer`
//! in `apache_beam/transforms/trigger.py`), and a test clock started at 0 keeps it before
//! every window end.
//!
//! The steps follow windowpane's ordering of simultaneous happenings at a processing time T,
//! which is a TestStream's: advancing processing time to T fires the timers due at T (the
//! DirectRunner adds the next TestStream event only once no fired timer is left), then the
//! arrivals at T come in ONE `add_elements` step (one bundle, in the file's order, as the
//! engine adds them all before checking each touched window's trigger once), then the
//! watermark's move at T. At the end of input (or earlier, when the engine's watermark
//! reaches plus infinity, as a perfect watermark does after the last arrival) the watermark
//! moves to plus infinity and processing time stops: the engine fires no processing-time timer
//! after that, so the program does not advance processing time past it either.

use crate::ExportError;
use windowpane_engine::time::{NEG_INFINITY, POS_INFINITY};
use windowpane_engine::{Event, Input, WatermarkModel, WatermarkPoint};

/// One TestStream step.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// Advance processing time by `by` ms, to the scenario's processing time `to` (the test
    /// clock itself started at 0 at the scenario's first happening).
    AdvanceProcessingTime {
        /// The scenario's processing time reached.
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
/// let s = steps(&input, &[]).unwrap();
/// // The test clock starts at the first arrival: no advance to 10_000 first.
/// assert!(matches!(&s[0], Step::AddElements(bundle) if bundle.len() == 1));
/// assert_eq!(s[1], Step::AdvanceWatermark { to: 8_000 });
/// assert_eq!(s[2], Step::AdvanceProcessingTime { to: 20_000, by: 10_000 });
/// assert_eq!(s[3], Step::WatermarkToInfinity);
/// ```
///
/// An advance that does not fit in milliseconds (times far apart) is refused, naming the
/// field whose time it advances to.
pub fn steps(input: &Input, resolved_watermark: &[WatermarkPoint]) -> Result<Vec<Step>, ExportError> {
    let points: Vec<WatermarkPoint> = match &input.watermark {
        WatermarkModel::Explicit(points) => points.clone(),
        WatermarkModel::Perfect | WatermarkModel::BoundedOutOfOrderness { .. } => resolved_watermark.to_vec(),
    };
    let explicit = matches!(input.watermark, WatermarkModel::Explicit(_));
    // (index in the file, event), stable: the file's order among equal arrivals.
    let mut arrivals: Vec<(usize, &Event)> = input.events.iter().enumerate().collect();
    arrivals.sort_by_key(|(_, e)| e.arrival);
    let mut moves: Vec<(usize, WatermarkPoint)> =
        points.into_iter().enumerate().filter(|(_, p)| p.to != NEG_INFINITY).collect();
    moves.sort_by_key(|(_, p)| p.at);
    let arrival_path = |i: usize| format!("events[{i}].arrival");
    let move_path = |j: usize| {
        if explicit {
            format!("watermark.points[{j}].at")
        } else {
            "watermark".to_string()
        }
    };

    let last_arrival = arrivals.last().map(|(_, e)| e.arrival);
    let last_move = moves.iter().map(|(_, p)| p.at).max();
    // The input ends at the end of input or, earlier, when the watermark reaches plus infinity
    // (a perfect watermark does after the last arrival): every window expires there and the
    // engine fires no processing-time timer after it.
    let infinite_at = moves.iter().find(|(_, p)| p.to == POS_INFINITY).map(|(_, p)| p.at);
    let end = match (input.end_of_input, infinite_at) {
        (Some(e), Some(i)) => Some(e.min(i)),
        (e, i) => e.or(i),
    }
    .or_else(|| last_arrival.max(last_move))
    .unwrap_or(0);

    // The test clock starts (at 0) at the first happening; without any, at the end.
    let first = arrivals.first().map(|(_, e)| e.arrival).into_iter().chain(moves.first().map(|(_, p)| p.at)).min();
    let mut clock = first.unwrap_or(end);
    let mut watermark = NEG_INFINITY;
    let mut out = Vec::new();
    let advance_to = |t: i64, path: &dyn Fn() -> String, clock: &mut i64, out: &mut Vec<Step>| {
        if t > *clock {
            let by = t.checked_sub(*clock).ok_or_else(|| ExportError::Unwritable {
                path: path(),
                message: format!("the advance of processing time from {} to {t} ms does not fit in 64 bits", *clock),
            })?;
            out.push(Step::AdvanceProcessingTime { to: t, by });
            *clock = t;
        }
        Ok::<(), ExportError>(())
    };
    let (mut a, mut m) = (0, 0);
    loop {
        let next_a = arrivals.get(a).map(|(i, e)| (e.arrival, arrival_path(*i)));
        let next_m = moves.get(m).map(|(j, p)| (p.at, move_path(*j)));
        let Some((t, path)) = next_a.into_iter().chain(next_m).min_by_key(|(t, _)| *t) else { break };
        if t > end {
            break;
        }
        advance_to(t, &|| path.clone(), &mut clock, &mut out)?;
        let bundle: Vec<Event> =
            arrivals[a..].iter().take_while(|(_, e)| e.arrival == t).map(|(_, e)| (*e).clone()).collect();
        a += bundle.len();
        if !bundle.is_empty() {
            out.push(Step::AddElements(bundle));
        }
        let mut to = watermark;
        while m < moves.len() && moves[m].1.at == t {
            to = to.max(moves[m].1.to);
            m += 1;
        }
        if to > watermark && to != POS_INFINITY {
            out.push(Step::AdvanceWatermark { to });
            watermark = to;
        }
    }
    advance_to(end, &|| "end_of_input".to_string(), &mut clock, &mut out)?;
    out.push(Step::WatermarkToInfinity);
    // Elements arriving after the end of input would arrive behind an infinite watermark.
    let mut rest = arrivals[a..].iter().peekable();
    while let Some((i, first)) = rest.next() {
        advance_to(first.arrival, &|| arrival_path(*i), &mut clock, &mut out)?;
        let mut bundle = vec![(*first).clone()];
        while let Some((_, e)) = rest.next_if(|(_, e)| e.arrival == first.arrival) {
            bundle.push((*e).clone());
        }
        out.push(Step::AddElements(bundle));
    }
    Ok(out)
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
        let s = steps(&input, &resolved).expect("steps");
        assert_eq!(s.len(), 2, "{s:?}");
        assert!(matches!(&s[0], Step::AddElements(bundle) if bundle.len() == 1));
        assert_eq!(s[1], Step::WatermarkToInfinity);
    }

    #[test]
    fn the_test_clock_starts_at_the_first_happening_and_advances_by_differences() {
        // 12:00:00 is never written: the first watermark move at 12:00:30 starts the clock.
        let at = |s: i64| 43_200_000 + s * 1000;
        let input = Input {
            events: vec![
                Event { key: "a".into(), value: 1.0, event_time: at(5), arrival: at(90) },
                Event { key: "b".into(), value: 2.0, event_time: at(6), arrival: at(60) },
            ],
            watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: at(30), to: at(1) }]),
            end_of_input: Some(at(120)),
        };
        let s = steps(&input, &[]).expect("steps");
        assert_eq!(s[0], Step::AdvanceWatermark { to: at(1) });
        assert_eq!(s[1], Step::AdvanceProcessingTime { to: at(60), by: 30_000 });
        assert!(matches!(&s[2], Step::AddElements(b) if b[0].key == "b"));
        assert_eq!(s[3], Step::AdvanceProcessingTime { to: at(90), by: 30_000 });
        assert!(matches!(&s[4], Step::AddElements(b) if b[0].key == "a"));
        assert_eq!(s[5], Step::AdvanceProcessingTime { to: at(120), by: 30_000 });
        assert_eq!(s[6], Step::WatermarkToInfinity);
        assert_eq!(s.len(), 7);
    }

    #[test]
    fn an_advance_that_overflows_is_refused_with_the_field_path() {
        let input = Input {
            events: vec![
                Event { key: "a".into(), value: 1.0, event_time: 0, arrival: i64::MIN + 5 },
                Event { key: "a".into(), value: 1.0, event_time: 0, arrival: i64::MAX - 5 },
            ],
            watermark: WatermarkModel::Explicit(vec![]),
            end_of_input: Some(i64::MAX - 5),
        };
        match steps(&input, &[]) {
            Err(e) => assert!(e.to_string().starts_with("events[1].arrival: "), "{e}"),
            Ok(s) => panic!("an overflowing advance was written: {s:?}"),
        }
    }
}
