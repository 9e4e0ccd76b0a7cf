//! Running a pipeline over a stream of events: the simulation driver.

mod arrivals;
mod assign;
mod clock;
pub(crate) mod driver;
mod holds;
mod keys;
mod timers;
mod window_state;

pub use driver::{HoldKind, HoldView, WindowView};
pub use keys::intern_keys;

use crate::pane::Pane;
use crate::time::{NEG_INFINITY, POS_INFINITY};
use crate::pipeline::Pipeline;
use crate::time::Timestamp;
use crate::watermark::{WatermarkModel, WatermarkPoint};
use crate::window::Window;
use serde::{Deserialize, Serialize};

/// One input element: a keyed number with its event time and its arrival (processing) time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The grouping key.
    pub key: String,
    /// The value.
    pub value: f64,
    /// When it happened (event time).
    pub event_time: Timestamp,
    /// When it reaches the windowing step (processing time).
    pub arrival: Timestamp,
}

/// One input element whose key is an id into a table of key names ([`KeyedInput::keys`]): what a
/// reader that interns keys as it reads them hands the engine, without a string per event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct KeyedEvent {
    /// The key's index in [`KeyedInput::keys`].
    pub key: u32,
    /// The value.
    pub value: f64,
    /// When it happened (event time).
    pub event_time: Timestamp,
    /// When it reaches the windowing step (processing time).
    pub arrival: Timestamp,
}

/// What the pipeline runs over, with the keys as ids into one table of names ([`Input`] with
/// every key named once).
///
/// ```
/// use windowpane_engine::*;
/// let ev = |key, value, arrival| KeyedEvent { key, value, event_time: 10, arrival };
/// let input = KeyedInput {
///     keys: vec!["b".into(), "a".into()],
///     events: vec![ev(0, 3.0, 100), ev(1, 4.0, 200), ev(0, 5.0, 300)],
///     watermark: WatermarkModel::Perfect,
///     end_of_input: None,
/// };
/// let out = run_keyed(&Pipeline::new(WindowFn::Fixed { size: 60, offset: 0 }), &input);
/// let panes: Vec<(&str, &Value)> = out.panes.iter().map(|p| (p.key.as_str(), &p.value)).collect();
/// assert_eq!(panes, vec![("a", &Value::Number(4.0)), ("b", &Value::Number(8.0))]);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct KeyedInput {
    /// The key names, each once, in any order ([`KeyedEvent::key`] indexes them). Ties between keys
    /// break by name, whatever this order.
    pub keys: Vec<String>,
    /// The elements, in file order; simultaneous arrivals are processed in this order.
    pub events: Vec<KeyedEvent>,
    /// Where the input watermark comes from.
    pub watermark: WatermarkModel,
    /// When the input ends and the watermark moves to plus infinity. `None`: at the last
    /// arrival or watermark move.
    pub end_of_input: Option<Timestamp>,
}

impl KeyedInput {
    /// `input` with its keys interned (numbered in name order).
    pub fn new(input: &Input) -> KeyedInput {
        let (ids, keys) = intern_keys(input.events.iter().map(|e| e.key.as_str()));
        let events = input
            .events
            .iter()
            .zip(ids)
            .map(|(e, key)| KeyedEvent { key, value: e.value, event_time: e.event_time, arrival: e.arrival })
            .collect();
        KeyedInput { keys, events, watermark: input.watermark.clone(), end_of_input: input.end_of_input }
    }
}

/// What the pipeline runs over.
#[derive(Clone, Debug, PartialEq)]
pub struct Input {
    /// The elements, in file order; simultaneous arrivals are processed in this order.
    pub events: Vec<Event>,
    /// Where the input watermark comes from.
    pub watermark: WatermarkModel,
    /// When the input ends and the watermark moves to plus infinity. `None`: at the last
    /// arrival or watermark move.
    pub end_of_input: Option<Timestamp>,
}

/// Why an element was not added to a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropReason {
    /// The window had expired: its max timestamp plus allowed lateness was behind the watermark.
    Expired,
    /// The window's trigger had finished, closing the window.
    Closed,
}

/// An element left out of one of its windows.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Dropped {
    /// Index of the event in [`Input::events`].
    pub event: usize,
    /// The key.
    pub key: String,
    /// The value.
    pub value: f64,
    /// The event time.
    pub event_time: Timestamp,
    /// The arrival time.
    pub arrival: Timestamp,
    /// The window it was dropped from.
    pub window: Window,
    /// The input watermark when it arrived (`null` for plus infinity).
    pub watermark: Option<Timestamp>,
    /// Why.
    pub reason: DropReason,
}

/// Everything a run produces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Output {
    /// Panes in emission order.
    pub panes: Vec<Pane>,
    /// Elements dropped from windows, in arrival order.
    pub dropped: Vec<Dropped>,
    /// The input watermark's path: every move, in processing-time order, ending at plus infinity.
    pub watermark: Vec<WatermarkPoint>,
    /// Indices of the events that arrived behind the watermark (event time < watermark at arrival).
    pub late_events: Vec<usize>,
}

/// Runs `pipeline` over `input`. Deterministic: the same input gives the same output.
///
/// Everything that happens at one processing time T is ordered as a TestStream orders it: first
/// the processing-time timers due at T, then the arrivals at T (in input order, as one bundle:
/// all are added, then each window they touched fires if its trigger is ready, in window order),
/// then the processing-time timers that bundle set for T, then the watermark's move at T and the
/// event-time timers it passes. At
/// `end_of_input` the watermark moves to plus infinity, every window expires and emits its final
/// pane; no processing-time timer fires after the end of input.
///
/// ```
/// use windowpane_engine::*;
/// let events = vec![
///     Event { key: "k".into(), value: 3.0, event_time: 10, arrival: 100 },
///     Event { key: "k".into(), value: 4.0, event_time: 20, arrival: 200 },
/// ];
/// let input = Input { events, watermark: WatermarkModel::Perfect, end_of_input: None };
/// let out = run(&Pipeline::new(WindowFn::Fixed { size: 60, offset: 0 }), &input);
/// assert_eq!(out.panes.len(), 1);
/// assert_eq!(out.panes[0].value, Value::Number(7.0));
/// assert_eq!(out.panes[0].timing, Timing::OnTime);
/// ```
pub fn run(pipeline: &Pipeline, input: &Input) -> Output {
    run_keyed(pipeline, &KeyedInput::new(input))
}

/// Runs `pipeline` over `input` as [`run`] does, its keys given as ids into one table of names.
pub fn run_keyed(pipeline: &Pipeline, input: &KeyedInput) -> Output {
    drive(pipeline, input, None, |_| ()).0
}

/// When window `w` is garbage collected: once the watermark passes this event time.
pub fn expiry(pipeline: &Pipeline, w: &Window) -> Timestamp {
    driver::gc_time(pipeline, w)
}

/// Runs `pipeline` over `input` as [`run`] does, but only up to processing time `stop` (after
/// everything that happens at `stop`) when it is given; then `inspect` reads the driver's state
/// before the output is taken (`crate::why` asks it why nothing fired).
pub(crate) fn drive<R>(
    pipeline: &Pipeline,
    input: &KeyedInput,
    stop: Option<Timestamp>,
    inspect: impl FnOnce(&driver::Driver) -> R,
) -> (Output, R) {
    // The key ids in name order; the events renumbered unless they are already.
    let (keys, renumbered) = keys::in_name_order(&input.keys, &input.events);
    let events: &[KeyedEvent] = renumbered.as_deref().unwrap_or(&input.events);
    // One pass over the events: whether they are already in arrival order, and (while they are)
    // a bounded-out-of-orderness watermark's moves.
    let mut previous = NEG_INFINITY;
    let mut in_order = true;
    let mut bounded = match input.watermark {
        WatermarkModel::BoundedOutOfOrderness { max_delay } => Some(clock::Bounded::new(max_delay)),
        _ => None,
    };
    for e in events {
        in_order &= previous <= e.arrival;
        previous = e.arrival;
        if let (true, Some(b)) = (in_order, &mut bounded) {
            b.arrive(e);
        }
    }
    let arrivals = arrivals::Arrivals::knowing(events, in_order);
    let mut moves = match bounded {
        Some(b) if in_order => b.finish(),
        _ => clock::watermark_moves(&input.watermark, &arrivals),
    };
    let last_arrival = arrivals.len().checked_sub(1).and_then(|k| arrivals.arrival(k));
    let last_move = moves.last().map(|m| m.at);
    let end = input.end_of_input.or(last_arrival.max(last_move)).unwrap_or(0);
    moves.retain(|m| m.at <= end);
    if moves.last().is_none_or(|m| m.to != POS_INFINITY) {
        moves.push(WatermarkPoint { at: end, to: POS_INFINITY });
    }

    let mut driver = driver::Driver::new(pipeline, &keys);
    let mut applied = Vec::with_capacity(moves.len());
    let (mut next_event, mut next_move) = (0, 0);
    loop {
        let arrival = arrivals.arrival(next_event);
        let mv = moves.get(next_move).map(|m| m.at);
        let timer = driver.next_processing_timer().filter(|&t| t <= end && driver.watermark != POS_INFINITY);
        let Some(now) = [arrival, mv, timer].into_iter().flatten().min() else { break };
        if stop.is_some_and(|stop| now > stop) {
            break;
        }
        driver.now = driver.now.max(now);
        // TestStream's order: advancing processing time to T fires the timers due at T before
        // the elements added at T (the DirectRunner adds work from its roots, here the TestStream,
        // only once no fired timer is left: apache_beam/runners/direct/executor.py,
        // _add_work_if_necessary), and timers the bundle sets for T fire before the watermark's
        // move at T, which is TestStream's next event.
        if driver.watermark != POS_INFINITY {
            driver.fire_processing_timers();
        }
        let first = next_event;
        while arrivals.arrival(next_event) == Some(now) {
            next_event += 1;
        }
        if first < next_event {
            driver.process_bundle(&arrivals, first..next_event);
            if driver.watermark != POS_INFINITY {
                driver.fire_processing_timers();
            }
        }
        while let Some(m) = moves.get(next_move) {
            if m.at != now {
                break;
            }
            if m.to > driver.watermark {
                applied.push(*m);
            }
            driver.advance_watermark(m.to);
            next_move += 1;
        }
    }
    let inspected = inspect(&driver);
    let mut late_events = driver.late_events;
    late_events.sort_unstable();
    (Output { panes: driver.panes, dropped: driver.dropped, watermark: applied, late_events }, inspected)
}
