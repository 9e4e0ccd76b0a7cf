//! Compares two runs over the same events: two configurations of a pipeline, or one scenario
//! under Beam's semantics and under Flink's.
//!
//! The panes are matched by key, window, timing and order: the n-th EARLY pane of a (key,
//! window) in run A is matched with the n-th EARLY pane of that (key, window) in run B, ON_TIME
//! with ON_TIME, the n-th LATE with the n-th LATE, retractions among retractions. So one run's
//! early firings do not shift the pairing of the panes that follow them: they are panes present
//! in that run only, and its ON_TIME pane is compared with the other's. A matched pair differs
//! when its value or its emission time differ. The rest of Beam's PaneInfo is not compared:
//! Flink has none (its firings are numbered, never last, never retracted).
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
use std::collections::{BTreeMap, HashMap, HashSet};
use windowpane_engine::flink::FlinkPipeline;
use windowpane_engine::time::Timestamp;
use windowpane_engine::{AccumulationMode, DropReason, Dropped, Output, Pane, Pipeline, Timing, Window, WindowFn};

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
/// // EARLY panes 1 then 2 against 1 then 3; the ON_TIME pane at the end (0 against 3) differs too.
/// assert_eq!(c.same, 1);
/// assert_eq!(c.panes.len(), 2);
/// assert!(c.panes[0].value && !c.panes[0].emitted_at);
/// assert_eq!(c.panes[0].reasons[0].reason, windowpane_compare::Reason::Accumulation);
/// ```
pub fn compare(a: Side, b: Side) -> Comparison {
    let (ra, rb) = (Run::new(a), Run::new(b));
    let mut keys: Vec<(&str, Window, bool)> = ra.groups().chain(rb.groups()).collect();
    keys.sort();
    keys.dedup();
    let mut same = 0;
    let mut panes = Vec::new();
    for key in keys {
        let (la, lb) = (ra.group(key.0, key.1, key.2), rb.group(key.0, key.1, key.2));
        for timing in [Timing::Early, Timing::OnTime, Timing::Late] {
            let of = |s: Side, l: &[usize]| -> Vec<usize> { l.iter().copied().filter(|&i| s.output.panes[i].timing == timing).collect() };
            let (la, lb) = (of(a, la), of(b, lb));
            for n in 0..la.len().max(lb.len()) {
                let (ia, ib) = (la.get(n).copied(), lb.get(n).copied());
                let (pa, pb) = (ia.map(|i| &a.output.panes[i]), ib.map(|i| &b.output.panes[i]));
                let (value, emitted_at) = match (pa, pb) {
                    (Some(x), Some(y)) => (x.value != y.value, x.emitted_at != y.emitted_at),
                    _ => (false, false),
                };
                if pa.is_some() && pb.is_some() && !value && !emitted_at {
                    same += 1;
                    continue;
                }
                let mut d = PaneDifference { key: key.0.to_owned(), window: key.1, a: ia, b: ib, value, emitted_at, reasons: Vec::new() };
                d.reasons = reasons::of_pane(&d, &ra, &rb);
                panes.push(d);
            }
        }
    }
    let first = |d: &PaneDifference| -> Timestamp {
        let at = |s: Side, i: Option<usize>| i.map_or(Timestamp::MAX, |i| s.output.panes[i].emitted_at);
        at(a, d.a).min(at(b, d.b))
    };
    panes.sort_by_key(|d| (first(d), d.a.unwrap_or(usize::MAX), d.b.unwrap_or(usize::MAX)));
    let dropped = dropped_differences(&ra, &rb);
    Comparison { same, panes, dropped }
}

/// One run with its panes and dropped elements indexed once, so that the reasons of each
/// difference are looked up rather than searched for over the whole output (a comparison of two
/// large runs stays linear in their sizes, up to the panes of one key).
pub(crate) struct Run<'a> {
    /// The run.
    pub side: Side<'a>,
    /// Per key: its panes and dropped elements.
    keys: HashMap<&'a str, Keyed>,
    /// The (event, window) of each dropped element.
    dropped_from: HashSet<(usize, Window)>,
}

/// One key's part of a run.
#[derive(Default)]
struct Keyed {
    /// Pane indices, in emission order.
    panes: Vec<usize>,
    /// Pane indices by (window, retraction), in emission order.
    groups: BTreeMap<(Window, bool), Vec<usize>>,
    /// Indices of the elements dropped, by window, in the output's order.
    dropped: HashMap<Window, Vec<usize>>,
}

impl<'a> Run<'a> {
    fn new(side: Side<'a>) -> Run<'a> {
        let mut keys: HashMap<&str, Keyed> = HashMap::new();
        for (i, p) in side.output.panes.iter().enumerate() {
            let k = keys.entry(p.key.as_str()).or_default();
            k.panes.push(i);
            k.groups.entry((p.window, p.retraction)).or_default().push(i);
        }
        let mut dropped_from = HashSet::new();
        for (i, d) in side.output.dropped.iter().enumerate() {
            keys.entry(d.key.as_str()).or_default().dropped.entry(d.window).or_default().push(i);
            dropped_from.insert((d.event, d.window));
        }
        Run { side, keys, dropped_from }
    }

    /// Every (key, window, retraction) with a pane.
    fn groups(&self) -> impl Iterator<Item = (&'a str, Window, bool)> + '_ {
        self.keys.iter().flat_map(|(&key, k)| k.groups.keys().map(move |&(w, r)| (key, w, r)))
    }

    /// The pane indices of a (key, window, retraction), in emission order.
    pub fn group(&self, key: &str, window: Window, retraction: bool) -> &[usize] {
        self.keys.get(key).and_then(|k| k.groups.get(&(window, retraction))).map_or(&[], Vec::as_slice)
    }

    /// The panes of `key`, in emission order.
    pub fn panes_of<'s>(&'s self, key: &str) -> impl Iterator<Item = &'a Pane> + use<'s, 'a> {
        let panes = self.keys.get(key).map_or(&[][..], |k| &k.panes);
        panes.iter().map(|&i| &self.side.output.panes[i])
    }

    /// The elements of `key` dropped from window `w`, in the output's order.
    pub fn dropped_from<'s>(&'s self, key: &str, w: Window) -> impl Iterator<Item = &'a Dropped> + use<'s, 'a> {
        let dropped = self.keys.get(key).and_then(|k| k.dropped.get(&w)).map_or(&[][..], Vec::as_slice);
        dropped.iter().map(|&i| &self.side.output.dropped[i])
    }

    /// Whether the run dropped event `event` from window `w`.
    pub fn drops(&self, event: usize, w: Window) -> bool {
        self.dropped_from.contains(&(event, w))
    }
}

/// The elements dropped from a window in one run only.
fn dropped_differences(a: &Run, b: &Run) -> Vec<DroppedDifference> {
    let mut out = Vec::new();
    for (by, this, other) in [(Which::A, a, b), (Which::B, b, a)] {
        for d in &this.side.output.dropped {
            if other.drops(d.event, d.window) {
                continue;
            }
            let reasons = reasons::of_dropped(d, by, this.side, other.side);
            out.push((d.arrival, DroppedDifference { event: d.event, window: d.window, dropped_by: by, drop_reason: d.reason, reasons }));
        }
    }
    out.sort_by_key(|(arrival, d)| (*arrival, d.event, d.dropped_by));
    out.into_iter().map(|(_, d)| d).collect()
}
