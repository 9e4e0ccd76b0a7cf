//! The pipeline spec: windowing, trigger, accumulation, lateness and combining, as the user wrote it.

use crate::combine::Combiner;
use crate::time::Duration;
use crate::trigger::Trigger;
use crate::window::WindowFn;

/// How successive panes of a window relate (Beam's `AccumulationMode`, plus the paper's retractions).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccumulationMode {
    /// Each pane holds only the elements since the previous pane.
    Discarding,
    /// Each pane holds all elements of the window so far.
    Accumulating,
    /// Accumulating, and each refinement is preceded by a retraction of the previous pane.
    AccumulatingAndRetracting,
}

/// Which timestamp a pane is given (Beam's `TimestampCombiner`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimestampCombiner {
    /// The window's max timestamp.
    EndOfWindow,
    /// The earliest element timestamp that holds the watermark.
    Earliest,
    /// The latest element timestamp that holds the watermark.
    Latest,
}

/// Whether the final pane at window expiry is emitted when it has no new elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClosingBehavior {
    /// Emit the final pane only if it has new elements (Beam's default).
    FireIfNonEmpty,
    /// Always emit the final pane.
    FireAlways,
}

/// Whether the ON_TIME pane is emitted when it has no new elements.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnTimeBehavior {
    /// Always emit the ON_TIME pane (Beam's default).
    FireAlways,
    /// Emit the ON_TIME pane only if it has new elements.
    FireIfNonEmpty,
}

/// The windowing step of a pipeline: `GroupByKey` + `Combine` under a windowing strategy.
#[derive(Clone, Debug, PartialEq)]
pub struct Pipeline {
    /// How elements are assigned to windows.
    pub window: WindowFn,
    /// When panes fire.
    pub trigger: Trigger,
    /// How panes relate to earlier panes of the window.
    pub accumulation: AccumulationMode,
    /// How long after the end of a window late data is still accepted.
    pub allowed_lateness: Duration,
    /// How element values combine into the pane's value.
    pub combine: Combiner,
    /// The pane's output timestamp.
    pub timestamp_combiner: TimestampCombiner,
    /// Whether an empty final pane is emitted.
    pub closing_behavior: ClosingBehavior,
    /// Whether an empty ON_TIME pane is emitted.
    pub on_time_behavior: OnTimeBehavior,
}

impl Pipeline {
    /// A pipeline with Beam's defaults for everything but the window function.
    pub fn new(window: WindowFn) -> Pipeline {
        Pipeline {
            window,
            trigger: Trigger::Default,
            accumulation: AccumulationMode::Discarding,
            allowed_lateness: 0,
            combine: Combiner::Sum,
            timestamp_combiner: TimestampCombiner::EndOfWindow,
            closing_behavior: ClosingBehavior::FireIfNonEmpty,
            on_time_behavior: OnTimeBehavior::FireAlways,
        }
    }
}
