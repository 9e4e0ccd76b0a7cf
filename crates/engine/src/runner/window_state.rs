//! The state the runner keeps per key and window: Beam's `ReduceFnRunner` state in one struct.

use crate::combine::Accumulator;
use crate::pane::{Pane, Timing};
use crate::time::Timestamp;
use crate::trigger::machine::TriggerState;

/// PaneInfo of the last emitted pane, as `PaneInfoTracker` stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LastPane {
    /// Its index.
    pub index: u64,
    /// Its non-speculative index; -1 for an EARLY pane (as Beam stores it).
    pub non_speculative_index: i64,
    /// Its timing.
    pub timing: Timing,
}

/// Everything the runner keeps for one window of one key.
#[derive(Clone, Debug)]
pub struct WindowState {
    /// The combined elements (since the last pane in discarding mode).
    pub acc: Accumulator,
    /// The trigger's state.
    pub trigger: TriggerState,
    /// The last emitted pane's info; `None` before the first pane.
    pub last_pane: Option<LastPane>,
    /// Whether elements arrived since the last firing (Beam's `NonEmptyPanes`).
    pub non_empty: bool,
    /// The element watermark hold (combined by the timestamp combiner).
    pub element_hold: Option<Timestamp>,
    /// The extra (garbage collection) watermark hold.
    pub extra_hold: Option<Timestamp>,
    /// Whether the garbage collection timer is set.
    pub gc_timer: bool,
    /// Whether the end-of-window timer is set.
    pub eow_timer: bool,
    /// The last pane emitted, for retractions (accumulating and retracting mode only).
    pub emitted: Option<Box<Pane>>,
    /// Panes of windows merged into this one, to retract before its next pane.
    pub to_retract: Vec<Pane>,
}
