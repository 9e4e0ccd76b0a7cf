//! What the sink holds: the downstream table that a pipeline's panes build, for three kinds of
//! sink, and where that table disagrees with the windows' values.
//!
//! The Dataflow paper's closing point: the system downstream must decide what to do when it
//! receives the same window twice. An append-only sink keeps every pane as a row; an upsert sink
//! keyed by (key, window) keeps the latest pane (a retraction deletes the row, as a tombstone
//! does); a retraction-aware sink adds a row per pane and removes the row a retraction withdraws.
//! A window's value is what its panes mean under the accumulation mode: the latest pane when
//! panes accumulate, the sum of the panes when they are discarded (deltas; only for sums and
//! counts, whose deltas add up).
//!
//! The panes' meaning is a [`Reading`]: Beam's accumulation mode, or for Flink's firings whether
//! the trigger purges (a `PurgingTrigger` makes each firing a delta; any other trigger keeps the
//! window's contents, so each firing holds everything so far).
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

use serde::Serialize;
use std::collections::BTreeMap;
use windowpane_engine::time::Timestamp;
use windowpane_engine::flink::FlinkPipeline;
use windowpane_scenario::Scenario;
use windowpane_engine::{AccumulationMode, Combiner, Pane, Pipeline, Timing, Value, Window};

#[cfg(test)]
mod tests;

/// What a window's panes hold: everything so far (accumulating) or what arrived since the last
/// pane (discarding), and the combiner (whether partial results add up).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reading {
    /// The accumulation the panes follow.
    pub accumulation: AccumulationMode,
    /// The combiner that made their values.
    pub combine: Combiner,
}

impl Reading {
    /// The panes of a Beam pipeline.
    pub fn beam(p: &Pipeline) -> Reading {
        Reading { accumulation: p.accumulation, combine: p.combine }
    }

    /// The firings of a Flink pipeline: deltas when the trigger purges, else accumulating.
    ///
    /// ```
    /// use windowpane_engine::flink::{FlinkPipeline, FlinkTrigger};
    /// use windowpane_engine::{AccumulationMode, WindowFn};
    /// use windowpane_sink::Reading;
    /// let p = FlinkPipeline::new(WindowFn::Fixed { size: 60, offset: 0 });
    /// assert_eq!(Reading::flink(&p).accumulation, AccumulationMode::Accumulating);
    /// ```
    pub fn flink(p: &FlinkPipeline) -> Reading {
        Reading { accumulation: p.accumulation(), combine: p.combine }
    }

    /// The panes of `scenario`, under its semantics.
    pub fn of(scenario: &Scenario) -> Reading {
        match scenario.flink() {
            Some(spec) => Reading::flink(&spec.pipeline),
            None => Reading::beam(&scenario.pipeline),
        }
    }
}

/// How the sink treats the panes it receives.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SinkKind {
    /// Every pane is a new row (retractions too: the sink does not know them).
    Append,
    /// One row per (key, window): the latest pane wins; a retraction deletes the row.
    Upsert,
    /// Every pane is a new row; a retraction removes the row of the pane it withdraws.
    Retracting,
}

/// One row of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    /// The key.
    pub key: String,
    /// The window.
    pub window: Window,
    /// The pane's value.
    pub value: Value,
    /// The pane's timing.
    pub timing: Timing,
    /// The pane's index in its window.
    pub index: u64,
    /// When the pane was emitted.
    pub emitted_at: Timestamp,
    /// Whether the pane was a retraction (an append-only sink keeps it as a row).
    pub retraction: bool,
}

/// Where the table disagrees with a window's value.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    /// The window's rows add up to more than its value.
    DoubleCounted {
        /// What the rows add up to.
        rows_total: f64,
        /// The window's value (0 when it has none: merged away and retracted).
        value: f64,
    },
    /// The window's rows add up to less than its value (an upsert sink keeps only the last delta).
    Undercounted {
        /// What the rows add up to.
        rows_total: f64,
        /// The window's value.
        value: f64,
    },
    /// Several rows hold values of one window that cannot be added up (means, maxima, lists):
    /// a reader sees several answers.
    SeveralRows {
        /// How many rows.
        rows: usize,
    },
    /// The window is a session that merged into a larger one, whose panes count its elements
    /// again, and the table still holds its rows (no retraction withdrew them).
    MergedAway {
        /// The session it merged into.
        into: Window,
        /// How many of its rows remain.
        rows: usize,
    },
    /// The rows hold partial results (discarded panes of a combiner whose partial results do not
    /// combine from the values alone): the table cannot give the window's value.
    Partial {
        /// How many panes the window emitted.
        panes: usize,
    },
}

/// A problem of one window of one key.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Flag {
    /// The key.
    pub key: String,
    /// The window.
    pub window: Window,
    /// What is wrong.
    #[serde(flatten)]
    pub problem: Problem,
}

impl Flag {
    /// The flag in a sentence, its windows written by `window` and its numbers by `number` (the
    /// CLI's and the page's own formats).
    ///
    /// ```
    /// use windowpane_engine::Window;
    /// use windowpane_sink::{Flag, Problem};
    /// let f = Flag { key: "k".into(), window: Window::Interval { start: 0, end: 60 }, problem: Problem::SeveralRows { rows: 2 } };
    /// let w = |w: &Window| format!("{w:?}");
    /// assert_eq!(f.text(&w, &|x| x.to_string()), "SEVERAL ROWS k Interval { start: 0, end: 60 }: 2 rows hold values of one window");
    /// ```
    pub fn text(&self, window: &dyn Fn(&Window) -> String, number: &dyn Fn(f64) -> String) -> String {
        let w = format!("{} {}", self.key, window(&self.window));
        match self.problem {
            Problem::DoubleCounted { rows_total, value } => {
                format!("DOUBLE COUNTED {w}: its rows add up to {}, the window's value is {}", number(rows_total), number(value))
            }
            Problem::Undercounted { rows_total, value } => {
                format!("UNDERCOUNTED {w}: its rows add up to {}, the window's value is {}", number(rows_total), number(value))
            }
            Problem::MergedAway { into, rows } => format!(
                "MERGED AWAY {w}: the session merged into {}, whose panes count its elements again; rows of it left in the table: {rows}",
                window(&into)
            ),
            Problem::SeveralRows { rows } => format!("SEVERAL ROWS {w}: {rows} rows hold values of one window"),
            Problem::Partial { panes } => format!("PARTIAL {w}: {panes} discarded panes hold partial results the table cannot combine"),
        }
    }
}

/// The table a sink holds at a processing time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SinkTable {
    /// The kind of sink.
    pub kind: SinkKind,
    /// The processing time (`None`: after every pane, the final table).
    pub at: Option<Timestamp>,
    /// Its rows: in arrival order for the append and retraction-aware sinks, in (key, window)
    /// order for the upsert sink.
    pub rows: Vec<Row>,
    /// The windows where the table and the window's value disagree, in (key, window) order.
    pub flags: Vec<Flag>,
}

/// The table the `kind` sink holds after receiving the panes emitted up to `at` (all of them for
/// `None`), and its problems.
///
/// ```
/// use windowpane_engine::*;
/// use windowpane_sink::{table, Problem, Reading, SinkKind};
/// let events = vec![
///     Event { key: "k".into(), value: 1.0, event_time: 0, arrival: 10 },
///     Event { key: "k".into(), value: 2.0, event_time: 1, arrival: 20 },
/// ];
/// let mut p = Pipeline::new(WindowFn::Global);
/// p.trigger = Trigger::Repeatedly(Box::new(Trigger::AfterCount { count: 1 }));
/// p.accumulation = AccumulationMode::Accumulating;
/// let out = run(&p, &Input { events, watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(30) });
/// // Early panes 1 and 3, then the on-time 3 at the end of input: an append-only sink adds
/// // them up to 7, the window's value is 3.
/// let t = table(Reading::beam(&p), &out.panes, SinkKind::Append, None);
/// assert_eq!(t.rows.len(), 3);
/// assert_eq!(t.flags[0].problem, Problem::DoubleCounted { rows_total: 7.0, value: 3.0 });
/// assert!(table(Reading::beam(&p), &out.panes, SinkKind::Upsert, None).flags.is_empty());
/// ```
pub fn table(reading: Reading, panes: &[Pane], kind: SinkKind, at: Option<Timestamp>) -> SinkTable {
    let panes: Vec<&Pane> = panes.iter().filter(|p| at.is_none_or(|t| p.emitted_at <= t)).collect();
    let mut rows: Vec<Row> = Vec::new();
    for p in &panes {
        let row = Row {
            key: p.key.clone(),
            window: p.window,
            value: p.value.clone(),
            timing: p.timing,
            index: p.index,
            emitted_at: p.emitted_at,
            retraction: p.retraction,
        };
        let same = |r: &Row| r.key == p.key && r.window == p.window;
        match (kind, p.retraction) {
            (SinkKind::Append, _) | (SinkKind::Retracting, false) => rows.push(row),
            (SinkKind::Upsert, true) => rows.retain(|r| !same(r)),
            (SinkKind::Upsert, false) => match rows.iter_mut().find(|r| same(r)) {
                Some(r) => *r = row,
                None => rows.push(row),
            },
            (SinkKind::Retracting, true) => {
                if let Some(i) = rows.iter().position(|r| same(r) && r.index == p.index && r.value == p.value) {
                    rows.remove(i);
                }
            }
        }
    }
    if kind == SinkKind::Upsert {
        rows.sort_by(|a, b| (&a.key, a.window).cmp(&(&b.key, b.window)));
    }
    let flags = flags(reading, &panes, &rows);
    SinkTable { kind, at, rows, flags }
}

/// What one window's panes say, and what the table holds for it.
#[derive(Default)]
struct Tally<'a> {
    panes: Vec<&'a Pane>,
    rows: Vec<&'a Row>,
}

fn flags(reading: Reading, panes: &[&Pane], rows: &[Row]) -> Vec<Flag> {
    let mut windows: BTreeMap<(&str, Window), Tally> = BTreeMap::new();
    for p in panes {
        windows.entry((&p.key, p.window)).or_default().panes.push(p);
    }
    for r in rows {
        windows.entry((&r.key, r.window)).or_default().rows.push(r);
    }
    let additive = matches!(reading.combine, Combiner::Sum | Combiner::Count);
    let discarding = reading.accumulation == AccumulationMode::Discarding;
    let mut out = Vec::new();
    for (&(key, window), tally) in &windows {
        let last = tally.panes.last().map_or(Timestamp::MIN, |p| p.emitted_at);
        let into = panes.iter().find(|p| {
            !p.retraction && p.key == key && p.window != window && p.window.span(&window) == p.window && p.emitted_at >= last
        });
        let problem = if let (Some(into), false) = (into, tally.rows.is_empty()) {
            Some(Problem::MergedAway { into: into.window, rows: tally.rows.len() })
        } else if into.is_some() {
            None
        } else if additive {
            let value = match discarding {
                true => tally.panes.iter().filter(|p| !p.retraction).map(|p| number(&p.value)).sum(),
                false => current(&tally.panes).map_or(0.0, |p| number(&p.value)),
            };
            let rows_total: f64 = tally.rows.iter().map(|r| number(&r.value)).sum();
            let tolerance = 1e-9 * value.abs().max(rows_total.abs()).max(1.0);
            if rows_total > value + tolerance {
                Some(Problem::DoubleCounted { rows_total, value })
            } else if rows_total < value - tolerance {
                Some(Problem::Undercounted { rows_total, value })
            } else {
                None
            }
        } else {
            let emitted = tally.panes.iter().filter(|p| !p.retraction).count();
            if discarding && emitted > 1 {
                Some(Problem::Partial { panes: emitted })
            } else if tally.rows.len() > 1 {
                Some(Problem::SeveralRows { rows: tally.rows.len() })
            } else {
                None
            }
        };
        if let Some(problem) = problem {
            out.push(Flag { key: key.to_string(), window, problem });
        }
    }
    out
}

/// The pane that gives an accumulating window's value: its latest pane, unless a retraction
/// withdrew it since (a session merged away).
fn current<'a>(panes: &[&'a Pane]) -> Option<&'a Pane> {
    match panes.last() {
        Some(p) if !p.retraction => Some(p),
        _ => None,
    }
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        Value::Null | Value::List(_) => 0.0,
    }
}
