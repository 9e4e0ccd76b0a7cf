//! Apache Flink's DataStream windowing as a second semantics: Flink's `WindowOperator` with its
//! triggers, allowed lateness and late-data side output, fed by Flink's watermark strategies.
//!
//! The same events as the Beam runner ([`crate::run`]), run the way Flink 2.3 runs a keyed
//! `window(...).trigger(...).allowedLateness(...).sideOutputLateData(...)` step at parallelism 1:
//!
//! - An element goes to every window the assigner gives it (sliding windows in descending start
//!   order, as `SlidingEventTimeWindows` lists them). A window is *late* when its cleanup time
//!   (max timestamp + allowed lateness) is `<=` the watermark (`WindowOperator.isWindowLate`);
//!   the element skips late windows. An element that went to no window is what
//!   `sideOutputLateData` emits ([`FlinkOutput::side_output`]); each skipped window is listed in
//!   [`FlinkOutput::dropped`] as `expired`.
//! - Window contents accumulate: FIRE emits them and keeps them; only FIRE_AND_PURGE (a
//!   `PurgingTrigger`) clears them. A
//!   firing of a window without contents emits nothing (`emitWindowContents` needs contents).
//! - Event-time timers fire when the watermark is `>=` their time; the cleanup timer at max
//!   timestamp + allowed lateness also calls the trigger and then clears the window.
//! - Sessions merge when they overlap *or touch* (`TimeWindow.intersects`: `start <= other.end &&
//!   end >= other.start`). A merged session's `collect` list holds the merged windows' values in
//!   window order, then the new element's; Flink's list state appends them in the iteration order
//!   of a `HashSet` of the merged windows (`MergingWindowSet.addWindow`,
//!   `AbstractHeapMergingState.mergeNamespaces`), so the same values may come in another order.
//!
//! At one processing time T, in this order: the processing-time timers due at T; the arrivals at
//! T, one element after the other; the processing-time timers those set at or before T; the
//! watermark's move at T with the event-time timers it reaches. At the end of input the watermark
//! becomes `Long.MAX_VALUE` (every event-time timer fires) and no processing-time timer fires.
//!
//! Each firing is a [`Pane`]. Flink has no PaneInfo; the fields are filled as follows. `timing`:
//! ON_TIME for the event-time timer at the window's max timestamp, EARLY for any firing before the
//! watermark reached the max timestamp (or an event-time timer before it), LATE otherwise.
//! `index` counts the window's firings since an element or a merge created it; `on_time_index` is
//! always `null`, `is_last` always `false` (Flink never marks a final firing), `retraction` always
//! `false`; `timestamp` is the window's max timestamp (what Flink stamps on window results).
//!
//! ```
//! use windowpane_engine::flink::{run, FlinkInput, FlinkPipeline, FlinkTrigger, FlinkWatermarks};
//! use windowpane_engine::{Event, Timing, Value, WatermarkPoint, WindowFn};
//! let ev = |v: f64, t, a| Event { key: "k".into(), value: v, event_time: t, arrival: a };
//! let p = FlinkPipeline::new(WindowFn::Fixed { size: 60, offset: 0 });
//! let input = FlinkInput::single_split(
//!     vec![ev(1.0, 10, 100), ev(2.0, 20, 300)],
//!     // the watermark reaches 59, the max timestamp of [0, 60), at 200
//!     FlinkWatermarks::Punctuated(vec![WatermarkPoint { at: 200, to: 59 }]),
//!     None,
//! );
//! let out = run(&p, &input);
//! assert_eq!(out.panes[0].timing, Timing::OnTime);
//! // allowed lateness 0: the window was cleaned up at 59, so the element at 300 is late
//! assert_eq!(out.side_output, vec![1]);
//! assert_eq!(out.panes.len(), 1);
//! assert_eq!(out.panes[0].value, Value::Number(1.0));
//! ```

mod operator;
mod timers;
pub mod trigger;
pub mod watermark;

pub use trigger::FlinkTrigger;
pub use watermark::{FlinkWatermarks, DEFAULT_AUTO_WATERMARK_INTERVAL};

use crate::combine::Combiner;
use crate::pane::Pane;
use crate::pipeline::AccumulationMode;
use crate::runner::{Dropped, Event, Output};
use crate::time::{Duration, Timestamp};
use crate::watermark::WatermarkPoint;
use crate::window::{Window, WindowFn};
use serde::{Deserialize, Serialize};

/// A Flink windowing step: assigner, trigger, allowed lateness, aggregate.
#[derive(Clone, Debug, PartialEq)]
pub struct FlinkPipeline {
    /// The window assigner (event-time tumbling, sliding, sessions, or `GlobalWindows`).
    pub window: WindowFn,
    /// The trigger.
    pub trigger: FlinkTrigger,
    /// `allowedLateness`.
    pub allowed_lateness: Duration,
    /// The aggregate.
    pub combine: Combiner,
}

impl FlinkPipeline {
    /// The assigner with its default trigger (`EventTimeTrigger`, or `NeverTrigger` for the global
    /// window), no allowed lateness, summing.
    pub fn new(window: WindowFn) -> FlinkPipeline {
        let trigger = default_trigger(&window);
        FlinkPipeline { window, trigger, allowed_lateness: 0, combine: Combiner::Sum }
    }

    /// What a window's firings hold, in Beam's words: a `PurgingTrigger` clears the contents at
    /// each firing, so each firing holds what arrived since the last one (`Discarding`); any other
    /// trigger FIREs and keeps them, so each firing holds everything so far (`Accumulating`).
    /// Flink never retracts.
    ///
    /// ```
    /// use windowpane_engine::flink::{FlinkPipeline, FlinkTrigger};
    /// use windowpane_engine::{AccumulationMode, WindowFn};
    /// let mut p = FlinkPipeline::new(WindowFn::Fixed { size: 60, offset: 0 });
    /// assert_eq!(p.accumulation(), AccumulationMode::Accumulating);
    /// p.trigger = FlinkTrigger::Purging(Box::new(FlinkTrigger::Count { count: 2 }));
    /// assert_eq!(p.accumulation(), AccumulationMode::Discarding);
    /// ```
    pub fn accumulation(&self) -> AccumulationMode {
        match self.trigger {
            FlinkTrigger::Purging(_) => AccumulationMode::Discarding,
            _ => AccumulationMode::Accumulating,
        }
    }
}

/// The assigner's `getDefaultTrigger()`.
pub fn default_trigger(window: &WindowFn) -> FlinkTrigger {
    match window {
        WindowFn::Global => FlinkTrigger::Never,
        _ => FlinkTrigger::EventTime,
    }
}

/// What a Flink run reads.
#[derive(Clone, Debug, PartialEq)]
pub struct FlinkInput {
    /// The elements; simultaneous arrivals are processed in this order.
    pub events: Vec<Event>,
    /// Each event's source split, index for index with `events` (empty: all in split 0).
    pub splits: Vec<u32>,
    /// How many splits the source has (splits without elements hold the watermark back).
    pub split_count: usize,
    /// The watermark strategy.
    pub watermark: FlinkWatermarks,
    /// When the bounded input ends (the watermark becomes `Long.MAX_VALUE`); `None`: at the last
    /// arrival or watermark move.
    pub end_of_input: Option<Timestamp>,
}

impl FlinkInput {
    /// Input from one split.
    pub fn single_split(events: Vec<Event>, watermark: FlinkWatermarks, end_of_input: Option<Timestamp>) -> FlinkInput {
        FlinkInput { events, splits: Vec::new(), split_count: 1, watermark, end_of_input }
    }
}

/// Everything a Flink run produces.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FlinkOutput {
    /// Firings in emission order.
    pub panes: Vec<Pane>,
    /// Elements skipped by a late window, one record per window, in arrival order.
    pub dropped: Vec<Dropped>,
    /// Indices of the events that went to no window: the late-data side output.
    pub side_output: Vec<usize>,
    /// The watermark's path at the window operator, ending at plus infinity.
    pub watermark: Vec<WatermarkPoint>,
    /// Indices of the events whose timestamp was `<=` the watermark when they arrived.
    pub late_events: Vec<usize>,
}

impl FlinkOutput {
    /// The record the Beam run gives, for the views they share (charts, tables): panes, dropped
    /// elements, the watermark and the late events.
    pub fn into_output(self) -> Output {
        Output { panes: self.panes, dropped: self.dropped, watermark: self.watermark, late_events: self.late_events }
    }
}

/// Flink's `window.maxTimestamp()`: `end - 1`, or `Long.MAX_VALUE` for the global window
/// (saturating, as [`Window::max_timestamp`]).
pub(crate) fn max_timestamp(w: &Window) -> Timestamp {
    match w {
        Window::Global => Timestamp::MAX,
        Window::Interval { end, .. } => end.saturating_sub(1),
    }
}

/// Runs `pipeline` over `input` with Flink's semantics. Deterministic.
pub fn run(pipeline: &FlinkPipeline, input: &FlinkInput) -> FlinkOutput {
    operator::run(pipeline, input)
}
