//! Triggers: the spec tree the user writes and its per-window state machine.

pub mod machine;

use crate::time::Duration;

/// A trigger as the user wrote it (Beam's `Trigger`); its runtime state lives elsewhere.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Beam's default: fire when the watermark passes the end of the window, and again for every
    /// late element (`Repeatedly(AfterWatermark)`).
    Default,
    /// Never fires; only the final pane at window expiry comes out.
    Never,
    /// Fires when the watermark passes the end of the window, with optional early and late
    /// firings (each implicitly repeated).
    AfterWatermark {
        /// Fired repeatedly before the watermark passes the end of the window.
        early: Option<Box<Trigger>>,
        /// Fired repeatedly after the on-time pane.
        late: Option<Box<Trigger>>,
    },
    /// Fires `delay` of processing time after the first element of the pane, optionally rounded
    /// up to the next multiple of `align.period` plus `align.offset`.
    AfterProcessingTime {
        /// Processing-time delay past the first element.
        delay: Duration,
        /// Rounding of the firing time.
        align: Option<Alignment>,
    },
    /// Fires once at least `count` elements are in the pane.
    AfterCount {
        /// Number of elements (> 0).
        count: u64,
    },
    /// Runs its trigger again and again, forever.
    Repeatedly(Box<Trigger>),
    /// Runs its triggers one after another: each fires once, then the next takes over.
    AfterEach(Vec<Trigger>),
    /// Fires when any of its triggers fires, then finishes (Beam's `AfterFirst`).
    AfterAny(Vec<Trigger>),
    /// Fires when all of its triggers have fired, then finishes.
    AfterAll(Vec<Trigger>),
    /// Fires as `trigger` does, and finishes for good when `until` fires.
    OrFinally {
        /// The trigger that produces panes.
        trigger: Box<Trigger>,
        /// The trigger that ends the window.
        until: Box<Trigger>,
    },
}

/// Rounding of a processing-time firing up to a grid of `period`, shifted by `offset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Alignment {
    /// Grid spacing (> 0).
    pub period: Duration,
    /// Grid shift.
    pub offset: Duration,
}

#[cfg(test)]
mod tests;
