//! Why two runs differ, where the engine knows it: each rule reads the two configurations and
//! outputs and names one difference of the semantics or of the configurations. Sources: Flink
//! 2.3's `WindowOperator` (`isWindowLate`, `isElementLate`, the cleanup timer), `EventTimeTrigger`
//! (`onElement` FIREs when the watermark already reached the window's max timestamp),
//! `InternalTimerServiceImpl.advanceWatermark` (timers with `timestamp <= watermark` fire),
//! `TimeWindow.intersects`; Beam's runners/core-java `LateDataDroppingDoFnRunner` and
//! `ReduceFnRunner` (the ON_TIME pane, `onTimeBehavior`), `IntervalWindow.intersects`.

use crate::{Config, Explained, PaneDifference, Run, Side, Which};
use serde::Serialize;
use windowpane_engine::explain::{clock, watermark_at};
use windowpane_scenario::timefmt::format_duration;
use windowpane_engine::flink::FlinkTrigger;
use windowpane_engine::time::Timestamp;
use windowpane_engine::{AccumulationMode, Cause, Combiner, Dropped, OnTimeBehavior, Timing, Value, Window, WindowFn};

/// A reason for a difference.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Reason {
    /// The runs' panes accumulate differently: one keeps the window's contents after a firing,
    /// the other discards them.
    Accumulation,
    /// The pane is a retraction, which only accumulating-and-retracting emits.
    Retraction {
        /// The run that retracts.
        side: Which,
    },
    /// Flink's EventTimeTrigger FIREs at once for an element of a window the watermark has
    /// already reached (within the allowed lateness).
    LateFiresAtOnce {
        /// The Flink run.
        side: Which,
    },
    /// Flink fires an event-time timer when the watermark reaches its time (`<=`); Beam's
    /// on-time pane waits until the watermark passes the window's max timestamp.
    TimerAtWatermark {
        /// The Flink run.
        side: Which,
        /// The window's max timestamp, which the watermark reached exactly.
        max_timestamp: Timestamp,
    },
    /// The runs' watermarks pass the window (each by its own rule) at different processing times.
    Watermark {
        /// When run A's watermark passes it (`None`: never before the end of input).
        a: Option<Timestamp>,
        /// When run B's does.
        b: Option<Timestamp>,
    },
    /// Beam emits the ON_TIME pane even when it holds nothing new (`on_time_behavior`
    /// `fire_always`); Flink emits nothing for a firing (or a window) without new contents.
    EmptyPane {
        /// The Beam run.
        side: Which,
    },
    /// Flink drops an element when the window's max timestamp plus the allowed lateness is `<=`
    /// the watermark (`isWindowLate`); Beam only when it is `<`.
    LatenessBoundary {
        /// The Flink run.
        side: Which,
        /// The event dropped (its index; the sentence numbers events from 1, as the page lists them).
        event: usize,
        /// The cleanup time (max timestamp plus allowed lateness), equal to the watermark.
        cleanup: Timestamp,
    },
    /// An element of the window was dropped in one run only (for no reason more specific).
    Dropped {
        /// The run that dropped it.
        side: Which,
        /// The event.
        event: usize,
    },
    /// Flink merges sessions that touch (one ends where the next starts); Beam merges only
    /// sessions that overlap.
    SessionsTouch {
        /// The Flink run.
        side: Which,
    },
    /// One run's trigger fires early in this window (before the watermark passes it), the
    /// other's does not.
    EarlyFirings {
        /// The run that fires early.
        side: Which,
    },
    /// The runs emitted different numbers of panes of this window before this one, and a
    /// discarding run's pane holds only what arrived since the window's previous pane.
    EarlierPanes {
        /// How many panes of the window run A emitted before this one.
        a: u64,
        /// How many run B did.
        b: u64,
    },
    /// The allowed lateness differs.
    AllowedLateness {
        /// Run A's.
        a: i64,
        /// Run B's.
        b: i64,
    },
}

fn name(w: Which) -> &'static str {
    match w {
        Which::A => "A",
        Which::B => "B",
    }
}

fn panes(n: u64) -> String {
    match n {
        0 => "no pane".to_owned(),
        1 => "1 pane".to_owned(),
        n => format!("{n} panes"),
    }
}

fn time(t: Option<Timestamp>) -> String {
    t.map_or_else(|| "never (before the end of input)".to_owned(), |t| format!("at {}", clock(t)))
}

impl Reason {
    /// The reason in a sentence, with the configurations' accumulations (A's, B's).
    pub fn text(&self, accumulation: [AccumulationMode; 2]) -> String {
        let keeps = |m: AccumulationMode| match m {
            AccumulationMode::Discarding => "discards the window's contents at each pane",
            AccumulationMode::Accumulating => "keeps them, so each pane holds everything so far",
            AccumulationMode::AccumulatingAndRetracting => "keeps them and retracts the previous pane before each new one",
        };
        match self {
            Reason::Accumulation => format!("A {}; B {}.", keeps(accumulation[0]).replace("keeps them", "keeps the window's contents"), keeps(accumulation[1])),
            Reason::Retraction { side } => format!("{} retracts each pane before its refinement (accumulating and retracting); the other does not.", name(*side)),
            Reason::LateFiresAtOnce { side } => format!(
                "{}: Flink's EventTimeTrigger fires at once for an element that arrives after the watermark reached its window's max timestamp (within the allowed lateness).",
                name(*side)
            ),
            Reason::TimerAtWatermark { side, max_timestamp } => format!(
                "{}: Flink fires the event-time timer when the watermark reaches the window's max timestamp ({}); Beam fires the ON_TIME pane only once the watermark passes it.",
                name(*side),
                clock(*max_timestamp)
            ),
            Reason::Watermark { a, b } => format!("The watermarks differ: A's passes the window {}, B's {}.", time(*a), time(*b)),
            Reason::EmptyPane { side } => format!(
                "{}: Beam emits the ON_TIME pane even when nothing new arrived (on-time behaviour fire always); Flink emits nothing for a firing without new contents.",
                name(*side)
            ),
            Reason::LatenessBoundary { side, event, cleanup } => format!(
                "{}: Flink drops event {} because the window's max timestamp plus the allowed lateness ({}) is <= the watermark; Beam drops only when it is < the watermark.",
                name(*side),
                event + 1,
                clock(*cleanup)
            ),
            Reason::Dropped { side, event } => format!("{} dropped event {} from this window; the other kept it.", name(*side), event + 1),
            Reason::SessionsTouch { side } => format!(
                "{}: Flink merges sessions that touch (one ends where the next starts); Beam merges only sessions that overlap.",
                name(*side)
            ),
            Reason::EarlyFirings { side } => format!(
                "{}'s trigger fires EARLY panes in this window (before the watermark passes it); the other's fires none here.",
                name(*side)
            ),
            Reason::EarlierPanes { a, b } => format!(
                "A emitted {} of this window before this one, B {}; a run that discards holds in each pane only what arrived since the window's previous pane.",
                panes(*a),
                panes(*b)
            ),
            Reason::AllowedLateness { a, b } => format!("The allowed lateness differs: A's {}, B's {}.", format_duration(*a), format_duration(*b)),
        }
    }
}

fn explained(reasons: Vec<Reason>, a: Side, b: Side) -> Vec<Explained> {
    let acc = [a.config.accumulation(), b.config.accumulation()];
    let mut out: Vec<Explained> = Vec::new();
    for r in reasons {
        if !out.iter().any(|e| e.reason == r) {
            out.push(Explained { text: r.text(acc), reason: r });
        }
    }
    out
}

fn side<'r, 'a>(w: Which, a: &'r Run<'a>, b: &'r Run<'a>) -> &'r Run<'a> {
    match w {
        Which::A => a,
        Which::B => b,
    }
}

/// When a run's watermark passes window `w` by its semantics' rule: Beam's when it is `>` the
/// max timestamp, Flink's when it is `>=` (before the end of input's move to plus infinity).
fn passes(s: Side, w: &Window) -> Option<Timestamp> {
    let max = w.max_timestamp();
    let flink = s.config.is_flink();
    s.output
        .watermark
        .iter()
        .find(|m| m.to < windowpane_engine::time::POS_INFINITY && if flink { m.to >= max } else { m.to > max })
        .map(|m| m.at)
}

fn is_event_time(t: &FlinkTrigger) -> bool {
    match t {
        FlinkTrigger::EventTime => true,
        FlinkTrigger::Purging(inner) => is_event_time(inner),
        _ => false,
    }
}

/// Whether Beam pane `i` of run `s` held nothing new: discarding and empty, or accumulating and
/// the same value as the window's pane before it.
fn empty(i: usize, s: &Run, combine: Combiner) -> bool {
    let panes = &s.side.output.panes;
    let p = &panes[i];
    let nothing = match &p.value {
        Value::Null => true,
        Value::List(l) => l.is_empty(),
        Value::Number(x) => *x == 0.0 && matches!(combine, Combiner::Sum | Combiner::Count),
    };
    match s.side.config.accumulation() {
        AccumulationMode::Discarding => nothing,
        _ => {
            let group = s.group(&p.key, p.window, false);
            let earlier = &group[..group.partition_point(|&j| j < i)];
            let before = earlier.iter().rev().map(|&j| &panes[j]).find(|q| q.emitted_at <= p.emitted_at && q.index < p.index);
            before.map_or(nothing, |q| q.value == p.value)
        }
    }
}

/// The reasons for one pane difference.
pub(crate) fn of_pane(d: &PaneDifference, a: &Run, b: &Run) -> Vec<Explained> {
    let index = |w: Which| match w {
        Which::A => d.a,
        Which::B => d.b,
    };
    let pane = |w: Which| index(w).map(|i| &side(w, a, b).side.output.panes[i]);
    let mut out = Vec::new();
    let timing_differs = d.only().is_some() || d.emitted_at;
    for w in [Which::A, Which::B] {
        let (this, other) = (side(w, a, b), side(w.other(), a, b));
        let Some(p) = pane(w) else { continue };
        if p.retraction && d.only() == Some(w) {
            out.push(Reason::Retraction { side: w });
        }
        match (this.side.config, other.side.config) {
            (Config::Flink(f), Config::Beam(_)) if timing_differs => {
                if p.timing == Timing::Late && p.cause == Cause::Element && is_event_time(&f.trigger) {
                    out.push(Reason::LateFiresAtOnce { side: w });
                }
                let max = p.window.max_timestamp();
                if p.timing == Timing::OnTime && p.cause == Cause::Watermark && watermark_at(this.side.output, p.emitted_at) == max {
                    out.push(Reason::TimerAtWatermark { side: w, max_timestamp: max });
                }
                if d.only() == Some(w) && sessions(a.side, b.side) && touching_sessions_inside(&p.window, &p.key, other) {
                    out.push(Reason::SessionsTouch { side: w });
                }
            }
            (Config::Beam(bp), Config::Flink(_)) if d.only() == Some(w) => {
                if p.timing == Timing::OnTime && bp.on_time_behavior == OnTimeBehavior::FireAlways && index(w).is_some_and(|i| empty(i, this, bp.combine)) {
                    out.push(Reason::EmptyPane { side: w });
                }
                if sessions(a.side, b.side)
                    && other.panes_of(&p.key).any(|q| q.window != p.window && q.window.span(&p.window) == q.window)
                    && touches_a_session(&p.window, &p.key, this)
                {
                    out.push(Reason::SessionsTouch { side: w.other() });
                }
            }
            _ => {}
        }
    }
    for w in [Which::A, Which::B] {
        let other = side(w.other(), a, b);
        let early = |retraction| other.group(&d.key, d.window, retraction).iter().any(|&i| other.side.output.panes[i].timing == Timing::Early);
        if pane(w).is_some_and(|p| p.timing == Timing::Early) && !early(false) && !early(true) {
            out.push(Reason::EarlyFirings { side: w });
        }
    }
    // Elements of this window dropped in one run only.
    for w in [Which::A, Which::B] {
        let (this, other) = (side(w, a, b), side(w.other(), a, b));
        for x in this.dropped_from(&d.key, d.window) {
            if !other.drops(x.event, x.window) {
                out.extend(dropped_reasons(x, w, this.side, other.side));
            }
        }
    }
    // The first pane of a window holds the same under any accumulation; a later one holds, when
    // its run discards, only what arrived since the window's previous pane.
    let (a, b) = (a.side, b.side);
    if let (true, Some(pa), Some(pb)) = (d.value, pane(Which::A), pane(Which::B)) {
        let discards = |s: Side| s.config.accumulation() == AccumulationMode::Discarding;
        if a.config.accumulation() != b.config.accumulation() && (pa.index > 0 || pb.index > 0) {
            out.push(Reason::Accumulation);
        } else if pa.index != pb.index && (discards(a) || discards(b)) {
            out.push(Reason::EarlierPanes { a: pa.index, b: pb.index });
        }
    }
    if timing_differs && (d.only().is_none() || pane(d.only().unwrap_or(Which::A)).is_some_and(|p| p.timing == Timing::OnTime)) {
        let (pa, pb) = (passes(a, &d.window), passes(b, &d.window));
        if pa != pb && !out.iter().any(|r| matches!(r, Reason::TimerAtWatermark { .. })) {
            out.push(Reason::Watermark { a: pa, b: pb });
        }
    }
    if out.is_empty() && a.config.allowed_lateness() != b.config.allowed_lateness() && pane(Which::A).or(pane(Which::B)).is_some_and(|p| p.timing == Timing::Late) {
        out.push(Reason::AllowedLateness { a: a.config.allowed_lateness(), b: b.config.allowed_lateness() });
    }
    explained(out, a, b)
}

/// Whether both runs window into sessions.
fn sessions(a: Side, b: Side) -> bool {
    [a, b].iter().all(|s| matches!(s.config.window(), WindowFn::Sessions { .. }))
}

/// Whether run `s` has two sessions of `key` inside `w` where one ends where the other starts.
fn touching_sessions_inside(w: &Window, key: &str, s: &Run) -> bool {
    let inside: Vec<Window> = s.panes_of(key).filter(|q| q.window != *w && w.span(&q.window) == *w).map(|q| q.window).collect();
    inside.iter().any(|x| inside.iter().any(|y| x.end() == y.start()))
}

/// Whether run `s` has a session of `key` that touches `w` (so a run merging touching sessions
/// would have merged them).
fn touches_a_session(w: &Window, key: &str, s: &Run) -> bool {
    s.panes_of(key).any(|q| q.window != *w && (q.window.end() == w.start() || w.end() == q.window.start()))
}

/// Why run `this` dropped `x` and `other` did not.
fn dropped_reasons(x: &Dropped, by: Which, this: Side, other: Side) -> Vec<Reason> {
    let cleanup = x.window.max_timestamp().saturating_add(this.config.allowed_lateness());
    let mut out = Vec::new();
    if this.config.is_flink() && !other.config.is_flink() && x.watermark == Some(cleanup) {
        out.push(Reason::LatenessBoundary { side: by, event: x.event, cleanup });
    }
    if out.is_empty() {
        out.push(Reason::Dropped { side: by, event: x.event });
    }
    if this.config.allowed_lateness() != other.config.allowed_lateness() {
        let (a, b) = match by {
            Which::A => (this.config.allowed_lateness(), other.config.allowed_lateness()),
            Which::B => (other.config.allowed_lateness(), this.config.allowed_lateness()),
        };
        out.push(Reason::AllowedLateness { a, b });
    }
    out
}

/// The reasons for an element dropped in one run only.
pub(crate) fn of_dropped(x: &Dropped, by: Which, this: Side, other: Side) -> Vec<Explained> {
    let (a, b) = match by {
        Which::A => (this, other),
        Which::B => (other, this),
    };
    let mut reasons = dropped_reasons(x, by, this, other);
    reasons.retain(|r| !matches!(r, Reason::Dropped { .. }));
    explained(reasons, a, b)
}
