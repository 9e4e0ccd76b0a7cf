//! Why nothing fired: a window's or an element's story at one processing time, read from the
//! runner's own state (the run is stopped at that time and its state inspected), not guessed.
//!
//! The semantics are the runner's (Beam's `ReduceFnRunner`, `WatermarkHold`, the trigger state
//! machines): a window exists once an element entered it; it is closed when its trigger finished
//! (it keeps only the finished bits, to drop later elements); it expires (is garbage collected)
//! when the input watermark passes its max timestamp plus the allowed lateness.

use crate::pane::Pane;
use crate::pipeline::Pipeline;
use crate::runner::{drive, DropReason, HoldKind, HoldView, Input, KeyedInput, Output, WindowView};
use crate::time::{Duration, Timestamp, NEG_INFINITY, POS_INFINITY};
use crate::trigger::machine::Progress;
use crate::window::Window;
use serde::Serialize;
use source::WatermarkSource;

pub mod lag;
pub mod source;

/// What became of a window of a key at a processing time.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum WindowState {
    /// No element of the key has entered it (yet).
    Empty,
    /// It holds state and its trigger has not finished.
    Open,
    /// Its trigger finished: it fired its last pane and drops new elements until it expires.
    Closed,
    /// The watermark passed its garbage collection time and its state was cleared.
    Expired {
        /// The processing time of the watermark move that expired it.
        at: Timestamp,
    },
    /// It merged into a larger session window.
    Merged {
        /// The window it is part of now.
        into: Window,
    },
}

/// The hold that keeps the output watermark behind the input watermark.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Holder {
    /// The hold: key, window, time and kind.
    pub hold: HoldView,
    /// For an element hold, the event (index in the input) whose timestamp it is.
    pub event: Option<usize>,
}

/// The answer for one window of one key at a processing time.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WindowAnswer {
    /// The key.
    pub key: String,
    /// The window.
    pub window: Window,
    /// The processing time asked about (after everything that happens then).
    pub at: Timestamp,
    /// The input watermark then.
    pub watermark: Timestamp,
    /// The output watermark then (the input watermark held back by the holds).
    pub output_watermark: Timestamp,
    /// What became of the window.
    pub state: WindowState,
    /// The window expires once the watermark passes this event time.
    pub expires_after: Timestamp,
    /// Panes (not retractions) the window emitted up to `at`.
    pub panes: usize,
    /// The runner's state of the window, while it keeps one.
    pub view: Option<WindowView>,
    /// The earliest hold, when it keeps the output watermark back.
    pub holding: Option<Holder>,
    /// What sets the input watermark then.
    pub source: WatermarkSource,
    /// The processing time at which the watermark passes the window's end, in the whole run
    /// (when asked with it: [`window_in`]).
    pub end_passed_at: Option<Timestamp>,
    /// The processing time at which the window expires, in the whole run (with [`window_in`]).
    pub expires_at: Option<Timestamp>,
}

/// Why the (`key`, `window`) pair has (or has not) fired by processing time `at`.
///
/// ```
/// use windowpane_engine::*;
/// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 1_000, arrival: 5_000 }];
/// let input = Input { events, watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(100_000) };
/// let pipeline = Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 });
/// let w = Window::Interval { start: 0, end: 60_000 };
/// let a = why::window(&pipeline, &input, "k", w, 10_000);
/// assert_eq!(a.state, why::WindowState::Open);
/// assert_eq!(a.panes, 0);
/// assert_eq!(a.expires_after, 59_999);
/// ```
pub fn window(pipeline: &Pipeline, input: &Input, key: &str, window: Window, at: Timestamp) -> WindowAnswer {
    window_in(pipeline, input, None, key, window, at)
}

/// [`window`], told the whole run's output (`full`, the same pipeline over the same input) so
/// that it also says when, later, the watermark passes the window's end and when it expires.
///
/// ```
/// use windowpane_engine::*;
/// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 1_000, arrival: 5_000 }];
/// let input = Input { events, watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: 70_000, to: 65_000 }]), end_of_input: Some(100_000) };
/// let pipeline = Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 });
/// let full = run(&pipeline, &input);
/// let a = why::window_in(&pipeline, &input, Some(&full), "k", Window::Interval { start: 0, end: 60_000 }, 10_000);
/// assert_eq!((a.end_passed_at, a.expires_at), (Some(70_000), Some(70_000)));
/// ```
pub fn window_in(pipeline: &Pipeline, input: &Input, full: Option<&Output>, key: &str, window: Window, at: Timestamp) -> WindowAnswer {
    let (output, (view, merged, holds, output_watermark)) = drive(pipeline, &KeyedInput::new(input), Some(at), |d| {
        let merged = d.windows_of(key).into_iter().find(|w| *w != window && w.intersects(&window) && w.span(&window) == *w);
        (d.window_view(key, window, at), merged, d.holds_view(), d.current_output_watermark())
    });
    let expires_after = crate::runner::expiry(pipeline, &window);
    let watermark = crate::explain::watermark_at(&output, at);
    let panes = output.panes.iter().filter(|p| !p.retraction && p.key == key && p.window == window).count();
    let state = match (&view, merged) {
        (Some(v), _) if v.closed => WindowState::Closed,
        (Some(_), _) => WindowState::Open,
        (None, Some(into)) => WindowState::Merged { into },
        (None, None) => {
            let entered = panes > 0 || entered(pipeline, input, &output, key, window, at);
            match output.watermark.iter().find(|m| m.to > expires_after) {
                Some(m) if entered && m.at <= at => WindowState::Expired { at: m.at },
                _ => WindowState::Empty,
            }
        }
    };
    let holding = holds.into_iter().next().filter(|h| h.at < watermark).map(|hold| {
        let event = match hold.kind {
            HoldKind::Element => hold_setter(pipeline, input, &output, &hold, at),
            HoldKind::GarbageCollection => None,
        };
        Holder { hold, event }
    });
    let end_passed_at = full.and_then(|f| source::passes(f, window.max_timestamp()));
    let expires_at = full.and_then(|f| source::passes(f, expires_after));
    let source = source::source(input, watermark, at);
    WindowAnswer {
        key: key.to_string(),
        window,
        at,
        watermark,
        output_watermark,
        state,
        expires_after,
        panes,
        view,
        holding,
        source,
        end_passed_at,
        expires_at,
    }
}

/// Whether an element of `key` entered `window` (was not dropped from it) by `at`.
fn entered(pipeline: &Pipeline, input: &Input, output: &Output, key: &str, window: Window, at: Timestamp) -> bool {
    input.events.iter().enumerate().any(|(i, e)| {
        e.key == key
            && e.arrival <= at
            && assigned(pipeline, e.event_time).contains(&window)
            && !output.dropped.iter().any(|d| d.event == i && d.window == window)
    })
}

fn assigned(pipeline: &Pipeline, t: Timestamp) -> Vec<Window> {
    let mut ws = Vec::new();
    pipeline.window.assign(t, &mut ws);
    ws
}

/// The event whose timestamp an element hold is: of the hold's key, inside its window, arrived
/// after the window's last pane (a pane releases the holds) and by `at`, with the hold's timestamp
/// (for the end-of-window combiner: the first such element of the pane).
fn hold_setter(pipeline: &Pipeline, input: &Input, output: &Output, hold: &HoldView, at: Timestamp) -> Option<usize> {
    let last_pane = output.panes.iter().filter(|p| p.key == hold.key && p.window == hold.window).map(|p| p.emitted_at).max();
    let inside = |t: Timestamp| match hold.window {
        Window::Global => true,
        Window::Interval { start, end } => start <= t && t < end,
    };
    let end_of_window = pipeline.timestamp_combiner == crate::TimestampCombiner::EndOfWindow;
    input
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.key == hold.key && inside(e.event_time) && e.arrival <= at)
        .filter(|(_, e)| last_pane.is_none_or(|t| e.arrival >= t))
        .filter(|(_, e)| end_of_window || e.event_time == hold.at)
        .min_by_key(|(_, e)| e.arrival)
        .map(|(i, _)| i)
}

/// What happened to one of an element's windows.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ElementWindow {
    /// The window (for sessions, the proto-window the element opened).
    pub window: Window,
    /// It expires once the watermark passes this event time.
    pub expires_after: Timestamp,
    /// Why it was dropped from the window; `None`: it was added.
    pub dropped: Option<DropReason>,
    /// The first pane (not a retraction) that includes it, if one was emitted by `at`.
    pub pane: Option<Pane>,
}

/// The answer for one element.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ElementAnswer {
    /// Its index in the input.
    pub event: usize,
    /// The key.
    pub key: String,
    /// Its event time.
    pub event_time: Timestamp,
    /// Its arrival (processing) time.
    pub arrival: Timestamp,
    /// The processing time asked about.
    pub at: Timestamp,
    /// Whether it had arrived by `at`.
    pub arrived: bool,
    /// The input watermark when it was processed (moves at its own arrival time come after it).
    pub watermark_at_arrival: Timestamp,
    /// Whether it arrived behind the watermark.
    pub late: bool,
    /// Its windows and what became of it in each.
    pub windows: Vec<ElementWindow>,
}

/// An element index outside the input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoSuchEvent {
    /// The index asked for.
    pub event: usize,
    /// How many events there are.
    pub events: usize,
}

impl std::fmt::Display for NoSuchEvent {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.events {
            0 => write!(f, "there is no event #{}: the input has no events", self.event),
            n => write!(f, "there is no event #{}: the events are #0 to #{}", self.event, n - 1),
        }
    }
}

impl std::error::Error for NoSuchEvent {}

/// Why element `event` (its index in the input) is late, dropped, or in which pane, by `at`.
///
/// ```
/// use windowpane_engine::*;
/// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 1_000, arrival: 90_000 }];
/// let input = Input { events, watermark: WatermarkModel::Explicit(vec![WatermarkPoint { at: 80_000, to: 70_000 }]), end_of_input: None };
/// let a = why::element(&Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 }), &input, 0, i64::MAX).unwrap();
/// assert!(a.late);
/// assert_eq!(a.windows[0].dropped, Some(DropReason::Expired));
/// assert!(why::element(&Pipeline::new(WindowFn::Global), &input, 1, 0).is_err());
/// ```
pub fn element(pipeline: &Pipeline, input: &Input, event: usize, at: Timestamp) -> Result<ElementAnswer, NoSuchEvent> {
    let e = input.events.get(event).ok_or(NoSuchEvent { event, events: input.events.len() })?;
    let (output, ()) = drive(pipeline, &KeyedInput::new(input), Some(at), |_| ());
    let watermark_at_arrival = output.watermark.iter().take_while(|m| m.at < e.arrival).last().map_or(NEG_INFINITY, |m| m.to);
    let arrived = e.arrival <= at;
    let windows = assigned(pipeline, e.event_time)
        .into_iter()
        .filter(|_| arrived)
        .map(|window| {
            let dropped = output.dropped.iter().find(|d| d.event == event && d.window == window).map(|d| d.reason);
            let pane = output
                .panes
                .iter()
                .filter(|p| !p.retraction && p.key == e.key && p.emitted_at >= e.arrival && dropped.is_none())
                .find(|p| p.window == window || (pipeline.window.is_merging() && p.window.span(&window) == p.window))
                .cloned();
            ElementWindow { window, expires_after: crate::runner::expiry(pipeline, &window), dropped, pane }
        })
        .collect();
    Ok(ElementAnswer {
        event,
        key: e.key.clone(),
        event_time: e.event_time,
        arrival: e.arrival,
        at,
        arrived,
        watermark_at_arrival,
        late: output.late_events.contains(&event),
        windows,
    })
}

/// How times and durations are written in the answers' text.
pub struct Formats<'a> {
    /// A time (event or processing time).
    pub time: &'a dyn Fn(Timestamp) -> String,
    /// A duration.
    pub duration: &'a dyn Fn(Duration) -> String,
    /// A window.
    pub window: &'a dyn Fn(&Window) -> String,
}

/// The processing time asked about, for people: plus infinity is the end of the run.
fn moment(at: Timestamp, f: &Formats) -> String {
    if at == POS_INFINITY {
        "the end of the run".to_string()
    } else {
        (f.time)(at)
    }
}

impl WindowAnswer {
    /// The answer as lines for people.
    pub fn lines(&self, f: &Formats) -> Vec<String> {
        let t = f.time;
        let w = (f.window)(&self.window);
        let now = moment(self.at, f);
        let mut out = Vec::new();
        let panes = match self.panes {
            0 => "no pane yet".to_string(),
            1 => "1 pane so far".to_string(),
            n => format!("{n} panes so far"),
        };
        out.push(match &self.state {
            WindowState::Empty => format!("{} {w} at {}: no element of the key has entered this window", self.key, now),
            WindowState::Open => format!("{} {w} at {}: open, {panes}", self.key, now),
            WindowState::Closed => format!(
                "{} {w} at {}: closed, {panes}: its trigger finished, so it drops new elements until it expires",
                self.key,
                now
            ),
            WindowState::Expired { at } => format!(
                "{} {w} at {}: expired at {}, {panes}: the watermark passed its end plus the allowed lateness, so its state was garbage collected",
                self.key,
                now,
                t(*at)
            ),
            WindowState::Merged { into } => {
                format!("{} {w} at {}: merged into the session {}", self.key, now, (f.window)(into))
            }
        });
        let end = match self.window {
            Window::Global => "the end of time".to_string(),
            Window::Interval { .. } => t(self.window.max_timestamp()),
        };
        if matches!(self.state, WindowState::Open) && self.panes == 0 {
            let waiting = self.waiting(f);
            if !waiting.is_empty() {
                out.push(format!("nothing fired yet: {}", waiting.join("; ")));
            }
        }
        out.push(format!(
            "input watermark {}; the window ends at {end}; it expires once the watermark passes {}",
            t(self.watermark),
            t(self.expires_after)
        ));
        let later = |what: &str, p: Option<Timestamp>| match p {
            Some(p) if p <= self.at => None,
            Some(p) => Some(format!("{what} at {}", moment(p, f))),
            None => None,
        };
        let later: Vec<String> = [later("the watermark passes its end", self.end_passed_at), later("it expires", self.expires_at)].into_iter().flatten().collect();
        if !later.is_empty() {
            out.push(format!("later in this run: {}", later.join("; ")));
        }
        out.push(self.source_line(f));
        if let Some(v) = &self.view {
            if !v.trigger.is_empty() {
                out.push("trigger:".to_string());
            }
            for n in &v.trigger {
                let role = n.role.map_or(String::new(), |r| format!("{r}: "));
                let status = if n.finished {
                    "finished"
                } else if !n.active {
                    "not its turn"
                } else if n.ready {
                    "ready"
                } else {
                    "waiting"
                };
                let name = match n.progress {
                    Progress::Count { need, .. } => format!("after_count {need}"),
                    Progress::ProcessingTime { delay, .. } => format!("after_processing_time {}", (f.duration)(delay)),
                    _ => n.trigger.to_string(),
                };
                let detail = progress_text(&n.progress, n.ready, f);
                let detail = if detail.is_empty() { String::new() } else { format!(": {detail}") };
                out.push(format!("{}{role}{name} [{status}]{detail}", "  ".repeat(n.depth + 1)));
            }
            let holds: Vec<String> = [(v.element_hold, "element"), (v.gc_hold, "garbage collection")]
                .into_iter()
                .filter_map(|(h, name)| Some(format!("{name} hold at {}", t(h?))))
                .collect();
            if !holds.is_empty() {
                out.push(format!("this window's watermark holds: {}", holds.join(", ")));
            }
        }
        out.push(match &self.holding {
            None => "output watermark: no hold keeps it behind the input watermark".to_string(),
            Some(h) => {
                let kind = match h.hold.kind {
                    HoldKind::Element => "element",
                    HoldKind::GarbageCollection => "garbage collection",
                };
                let by = h.event.map_or(String::new(), |i| format!(", set by event #{i}"));
                format!(
                    "output watermark {}: held back by {} {}'s {kind} hold at {}{by}",
                    t(self.output_watermark),
                    h.hold.key,
                    (f.window)(&h.hold.window),
                    t(h.hold.at)
                )
            }
        });
        out
    }
}

impl WindowAnswer {
    /// The trigger conditions still unmet, as `"name: detail"`: the active leaves that are
    /// neither ready nor finished.
    pub fn waiting(&self, f: &Formats) -> Vec<String> {
        let Some(v) = &self.view else { return Vec::new() };
        v.trigger
            .iter()
            // `never` is no condition to wait for: it only leaves the final pane at expiry.
            .filter(|n| n.active && !n.ready && !n.finished && !matches!(n.progress, Progress::Children | Progress::Never))
            .map(|n| {
                let name = match n.progress {
                    Progress::Count { need, .. } => format!("after_count {need}"),
                    Progress::ProcessingTime { delay, .. } => format!("after_processing_time {}", (f.duration)(delay)),
                    _ => n.trigger.to_string(),
                };
                format!("{name} waits ({})", progress_text(&n.progress, n.ready, f))
            })
            .collect()
    }

    /// What sets the input watermark, for people.
    fn source_line(&self, f: &Formats) -> String {
        let t = f.time;
        match &self.source {
            WatermarkSource::EndOfInput => "the input has ended: the watermark is at +∞".to_string(),
            WatermarkSource::Explicit { last, next } => {
                let last = last.map_or("the watermark has not moved yet".to_string(), |p| format!("the watermark moved to {} at {}", t(p.to), t(p.at)));
                let next = next.map_or("it does not move again before the end of input".to_string(), |p| {
                    format!("its next move is at {}, to {}", t(p.at), if p.to == POS_INFINITY { "+∞".to_string() } else { t(p.to) })
                });
                format!("{last}; {next}")
            }
            WatermarkSource::Perfect { event: Some(i) } => {
                format!("perfect watermark: event #{i}, not arrived yet, holds it at its event time")
            }
            WatermarkSource::Perfect { event: None } => "perfect watermark: every event has arrived".to_string(),
            WatermarkSource::Bounded { event: Some(i), max_delay } => {
                format!("the watermark trails the newest event seen, #{i}, by {}", (f.duration)(*max_delay))
            }
            WatermarkSource::Bounded { event: None, .. } => "no event seen yet: the watermark is at −∞".to_string(),
        }
    }
}

fn progress_text(p: &Progress, ready: bool, f: &Formats) -> String {
    let t = f.time;
    match *p {
        Progress::Watermark { watermark, end } if ready || watermark > end => {
            format!("the watermark {} has passed the window's end {}", t(watermark), t(end))
        }
        Progress::Watermark { watermark, end } => {
            format!("the watermark {} has not passed the window's end {}", t(watermark), t(end))
        }
        Progress::Count { have, need } => format!("{have} of {need} elements"),
        Progress::ProcessingTime { fires_at: Some(at), now, .. } if now >= at => format!("its time {} has come", t(at)),
        Progress::ProcessingTime { fires_at: Some(at), .. } => format!("fires at {}", t(at)),
        Progress::ProcessingTime { fires_at: None, delay, .. } => {
            format!("waits for the pane's first element, then {}", (f.duration)(delay))
        }
        Progress::Never => "never fires; only the final pane at expiry".to_string(),
        Progress::Children => String::new(),
    }
}

impl ElementAnswer {
    /// The answer as lines for people.
    pub fn lines(&self, f: &Formats) -> Vec<String> {
        let t = f.time;
        let mut out = vec![format!(
            "event #{} ({}, event time {}, arrival {})",
            self.event,
            self.key,
            t(self.event_time),
            t(self.arrival)
        )];
        if !self.arrived {
            out.push(format!("it has not arrived by {}", moment(self.at, f)));
            return out;
        }
        let wm = if self.watermark_at_arrival == POS_INFINITY { "+∞".to_string() } else { t(self.watermark_at_arrival) };
        out.push(match self.late {
            true => format!("late: it arrived when the watermark was {wm}, past its event time"),
            false => format!("on time: it arrived when the watermark was {wm}, not past its event time"),
        });
        for w in &self.windows {
            let name = (f.window)(&w.window);
            out.push(match (w.dropped, &w.pane) {
                (Some(DropReason::Expired), _) => format!(
                    "{name}: dropped, the window had expired (the watermark {wm} was past its garbage collection time {})",
                    t(w.expires_after)
                ),
                (Some(DropReason::Closed), _) => format!("{name}: dropped, the window was closed (its trigger had finished)"),
                (None, Some(p)) => format!(
                    "{name}: added; first in the pane {}emitted at {} ({}, index {})",
                    if p.window == w.window { String::new() } else { format!("of {} ", (f.window)(&p.window)) },
                    t(p.emitted_at),
                    p.timing.label(),
                    p.index
                ),
                (None, None) => format!("{name}: added; no pane with it yet by {}", moment(self.at, f)),
            });
        }
        out
    }
}

#[cfg(test)]
mod tests;
