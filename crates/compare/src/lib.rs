//! Compares two runs over the same events: two configurations of a pipeline, or one scenario
//! under Beam's semantics and under Flink's.
//!
//! The panes are matched by key, window and order: the n-th pane of a (key, window) in run A is
//! matched with the n-th pane of that (key, window) in run B (retractions among retractions). A
//! pane without a partner is present in one run only; a matched pair differs when its value, its
//! timing (EARLY / ON_TIME / LATE) or its emission time differ. The rest of Beam's PaneInfo is
//! not compared: Flink has none (its firings are numbered, never last, never retracted).
//! Elements dropped from a window in one run only are listed too.
//!
//! Each difference carries the reasons the engine knows for it ([`Reason`]), for instance that
//! Flink's EventTimeTrigger fires at once for a late element, or that Flink drops an element when
//! the window's max timestamp plus the allowed lateness is `<=` the watermark (Beam: `<`).
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

mod reasons;
#[cfg(test)]
mod tests;

pub use reasons::Reason;

use serde::Serialize;
use std::collections::BTreeMap;
use windowpane_engine::flink::FlinkPipeline;
use windowpane_engine::time::Timestamp;
use windowpane_engine::{AccumulationMode, DropReason, Output, Pane, Pipeline, Window, WindowFn};

/// The configuration a run was made with.
#[derive(Clone, Copy, Debug)]
pub enum Config<'a> {
    /// A Beam pipeline.
    Beam(&'a Pipeline),
    /// A Flink windowing step.
    Flink(&'a FlinkPipeline),
}

impl Config<'_> {
    /// What the panes hold, in Beam's words (Flink: whether the trigger purges).
    pub fn accumulation(&self) -> AccumulationMode {
        match self {
            Config::Beam(p) => p.accumulation,
            Config::Flink(p) => p.accumulation(),
        }
    }

    /// The allowed lateness.
    pub fn allowed_lateness(&self) -> i64 {
        match self {
            Config::Beam(p) => p.allowed_lateness,
            Config::Flink(p) => p.allowed_lateness,
        }
    }

    /// The window function.
    pub fn window(&self) -> &WindowFn {
        match self {
            Config::Beam(p) => &p.window,
            Config::Flink(p) => &p.window,
        }
    }

    fn is_flink(&self) -> bool {
        matches!(self, Config::Flink(_))
    }
}

/// One run: its configuration and its output.
#[derive(Clone, Copy, Debug)]
pub struct Side<'a> {
    /// How the run was made.
    pub config: Config<'a>,
    /// What it produced.
    pub output: &'a Output,
}

/// Which run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Which {
    /// The first run (configuration A).
    A,
    /// The second run (configuration B).
    B,
}

impl Which {
    /// The other run.
    pub fn other(self) -> Which {
        match self {
            Which::A => Which::B,
            Which::B => Which::A,
        }
    }
}

/// How a matched pair, or a pane without a partner, differs.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PaneDifference {
    /// The key.
    pub key: String,
    /// The window.
    pub window: Window,
    /// The pane's index in run A's panes (`None`: present in run B only).
    pub a: Option<usize>,
    /// The pane's index in run B's panes (`None`: present in run A only).
    pub b: Option<usize>,
    /// Whether the values differ (false when the pane is in one run only).
    pub value: bool,
    /// Whether the timings (EARLY / ON_TIME / LATE) differ.
    pub timing: bool,
    /// Whether the emission times differ.
    pub emitted_at: bool,
    /// What the engine knows of why, most specific first (may be empty).
    pub reasons: Vec<Explained>,
}

impl PaneDifference {
    /// The run the pane is in, when it is in one run only.
    pub fn only(&self) -> Option<Which> {
        match (self.a, self.b) {
            (Some(_), None) => Some(Which::A),
            (None, Some(_)) => Some(Which::B),
            _ => None,
        }
    }
}

/// An element dropped from a window in one run only.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DroppedDifference {
    /// The event's index.
    pub event: usize,
    /// The window it was dropped from.
    pub window: Window,
    /// The run that dropped it.
    pub dropped_by: Which,
    /// Why it was dropped (expired, or closed by a finished trigger).
    pub drop_reason: DropReason,
    /// What the engine knows of why the other run kept it.
    pub reasons: Vec<Explained>,
}

/// A reason with its sentence.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Explained {
    /// The reason.
    #[serde(flatten)]
    pub reason: Reason,
    /// The reason in a sentence (runs named "A" and "B").
    pub text: String,
}

/// What differs between two runs over the same events.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Comparison {
    /// How many matched pairs are equal.
    pub same: usize,
    /// The differences, in order of the earlier emission time of their panes.
    pub panes: Vec<PaneDifference>,
    /// Elements dropped from a window in one run only, in arrival order.
    pub dropped: Vec<DroppedDifference>,
}

/// Compares run `a` with run `b` (see the crate's documentation).
///
/// ```
/// use windowpane_compare::{compare, Config, Side};
/// use windowpane_engine::*;
/// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 0, arrival: 10 },
///                   Event { key: "k".into(), value: 2.0, event_time: 1, arrival: 20 }];
/// let input = Input { events, watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(30) };
/// let mut each = Pipeline::new(WindowFn::Global);
/// each.trigger = Trigger::Repeatedly(Box::new(Trigger::AfterCount { count: 1 }));
/// let (mut deltas, mut totals) = (each.clone(), each);
/// deltas.accumulation = AccumulationMode::Discarding;
/// totals.accumulation = AccumulationMode::Accumulating;
/// let (a, b) = (run(&deltas, &input), run(&totals, &input));
/// let c = compare(Side { config: Config::Beam(&deltas), output: &a }, Side { config: Config::Beam(&totals), output: &b });
/// // Panes 1 then 2 against 1 then 3; the final pane (empty, 0 against 3) differs too.
/// assert_eq!(c.same, 1);
/// assert_eq!(c.panes.len(), 2);
/// assert!(c.panes[0].value && !c.panes[0].timing);
/// assert_eq!(c.panes[0].reasons[0].reason, windowpane_compare::Reason::Accumulation);
/// ```
pub fn compare(a: Side, b: Side) -> Comparison {
    let (ga, gb) = (groups(&a.output.panes), groups(&b.output.panes));
    let mut keys: Vec<&(&str, Window, bool)> = ga.keys().chain(gb.keys()).collect();
    keys.sort();
    keys.dedup();
    let mut same = 0;
    let mut panes = Vec::new();
    for key in keys {
        let (la, lb) = (ga.get(key).map_or(&[][..], Vec::as_slice), gb.get(key).map_or(&[][..], Vec::as_slice));
        for n in 0..la.len().max(lb.len()) {
            let (ia, ib) = (la.get(n).copied(), lb.get(n).copied());
            let (pa, pb) = (ia.map(|i| &a.output.panes[i]), ib.map(|i| &b.output.panes[i]));
            let (value, timing, emitted_at) = match (pa, pb) {
                (Some(x), Some(y)) => (x.value != y.value, x.timing != y.timing, x.emitted_at != y.emitted_at),
                _ => (false, false, false),
            };
            if pa.is_some() && pb.is_some() && !value && !timing && !emitted_at {
                same += 1;
                continue;
            }
            let mut d = PaneDifference { key: key.0.to_owned(), window: key.1, a: ia, b: ib, value, timing, emitted_at, reasons: Vec::new() };
            d.reasons = reasons::of_pane(&d, a, b);
            panes.push(d);
        }
    }
    let first = |d: &PaneDifference| -> Timestamp {
        let at = |s: Side, i: Option<usize>| i.map_or(Timestamp::MAX, |i| s.output.panes[i].emitted_at);
        at(a, d.a).min(at(b, d.b))
    };
    panes.sort_by_key(|d| (first(d), d.a.unwrap_or(usize::MAX), d.b.unwrap_or(usize::MAX)));
    let dropped = dropped_differences(a, b);
    Comparison { same, panes, dropped }
}

/// A run's pane indices by (key, window, retraction), in emission order.
fn groups(panes: &[Pane]) -> BTreeMap<(&str, Window, bool), Vec<usize>> {
    let mut g: BTreeMap<(&str, Window, bool), Vec<usize>> = BTreeMap::new();
    for (i, p) in panes.iter().enumerate() {
        g.entry((p.key.as_str(), p.window, p.retraction)).or_default().push(i);
    }
    g
}

/// The elements dropped from a window in one run only.
fn dropped_differences(a: Side, b: Side) -> Vec<DroppedDifference> {
    let mut out = Vec::new();
    for (by, this, other) in [(Which::A, a, b), (Which::B, b, a)] {
        for d in &this.output.dropped {
            if other.output.dropped.iter().any(|o| o.event == d.event && o.window == d.window) {
                continue;
            }
            let reasons = reasons::of_dropped(d, by, this, other);
            out.push((d.arrival, DroppedDifference { event: d.event, window: d.window, dropped_by: by, drop_reason: d.reason, reasons }));
        }
    }
    out.sort_by_key(|(arrival, d)| (*arrival, d.event, d.dropped_by));
    out.into_iter().map(|(_, d)| d).collect()
}
