//! The window operator: Flink's `WindowOperator` (`processElement`, `onEventTime`,
//! `onProcessingTime`, the merging-window set) over the simulated clocks.

use super::timers::{TimerKind, Timers};
use super::trigger::{FlinkTrigger, TriggerContext, TriggerResult, TriggerState};
use super::{max_timestamp, watermark, FlinkInput, FlinkOutput, FlinkPipeline};
use crate::combine::Accumulator;
use crate::pane::{Cause, Pane, Timing};
use crate::runner::{DropReason, Dropped};
use crate::time::{Timestamp, NEG_INFINITY, POS_INFINITY};
use crate::watermark::WatermarkPoint;
use crate::window::{Window, WindowFn};
use std::collections::{BTreeMap, HashMap};

/// One window's state: its contents (`None` when empty, as Flink's state returns null), the
/// trigger's state, and how many times it fired.
#[derive(Debug)]
struct WindowState {
    contents: Option<Accumulator>,
    trigger: TriggerState,
    firings: u64,
}

/// What made the operator call the trigger.
#[derive(Clone, Copy)]
enum Call {
    Element(Timestamp),
    EventTime(Timestamp),
    ProcessingTime(Timestamp),
}

struct Operator<'a> {
    pipeline: &'a FlinkPipeline,
    keys: Vec<String>,
    windows: Vec<BTreeMap<Window, WindowState>>,
    timers: Timers,
    watermark: Timestamp,
    now: Timestamp,
    out: FlinkOutput,
}

/// Whether the assigner is an event-time one (`WindowAssigner.isEventTime`).
fn is_event_time(w: &WindowFn) -> bool {
    !matches!(w, WindowFn::Global)
}

/// Flink's `TimeWindow.intersects`: windows that only touch intersect too.
fn flink_intersects(a: &Window, b: &Window) -> bool {
    match (a, b) {
        (Window::Interval { start: s1, end: e1 }, Window::Interval { start: s2, end: e2 }) => s1 <= e2 && e1 >= s2,
        _ => false,
    }
}

impl Operator<'_> {
    /// `cleanupTime`: max timestamp + allowed lateness (`Long.MAX_VALUE` on overflow), or the max
    /// timestamp for a processing-time (global) assigner.
    fn cleanup_time(&self, w: &Window) -> Timestamp {
        let max = max_timestamp(w);
        if is_event_time(&self.pipeline.window) {
            max.checked_add(self.pipeline.allowed_lateness).unwrap_or(Timestamp::MAX)
        } else {
            max
        }
    }

    fn is_window_late(&self, w: &Window) -> bool {
        is_event_time(&self.pipeline.window) && self.cleanup_time(w) <= self.watermark
    }

    fn register_cleanup(&mut self, key: usize, w: Window) {
        let t = self.cleanup_time(&w);
        if t != Timestamp::MAX {
            self.timers.register(TimerKind::EventTime, t, key, w);
        }
    }

    fn delete_cleanup(&mut self, key: usize, w: Window) {
        let t = self.cleanup_time(&w);
        if t != Timestamp::MAX {
            self.timers.delete(TimerKind::EventTime, t, key, w);
        }
    }

    /// Calls the trigger for `call` on window `w` of `key`, and acts on its result.
    fn call(&mut self, key: usize, w: Window, call: Call) {
        let trigger: &FlinkTrigger = &self.pipeline.trigger;
        let Some(state) = self.windows[key].get_mut(&w) else { return };
        let mut ctx = TriggerContext { key, window: w, watermark: self.watermark, now: self.now, timers: &mut self.timers };
        let result: TriggerResult = match call {
            Call::Element(ts) => trigger.on_element(&mut state.trigger, ts, &mut ctx),
            Call::EventTime(t) => trigger.on_event_time(&mut state.trigger, t, &mut ctx),
            Call::ProcessingTime(t) => trigger.on_processing_time(&mut state.trigger, t, &mut ctx),
        };
        if result.fire {
            if let Some(acc) = &state.contents {
                let max = max_timestamp(&w);
                let (timing, cause) = match call {
                    Call::EventTime(t) if t == max => (Timing::OnTime, Cause::Watermark),
                    Call::EventTime(t) => (if t < max { Timing::Early } else { Timing::Late }, Cause::Watermark),
                    Call::Element(_) => (if self.watermark < max { Timing::Early } else { Timing::Late }, Cause::Element),
                    Call::ProcessingTime(_) => {
                        (if self.watermark < max { Timing::Early } else { Timing::Late }, Cause::ProcessingTime)
                    }
                };
                self.out.panes.push(Pane {
                    key: self.keys[key].clone(),
                    window: w,
                    value: self.pipeline.combine.extract(acc),
                    timing,
                    index: state.firings,
                    on_time_index: None,
                    is_first: state.firings == 0,
                    is_last: false,
                    timestamp: w.max_timestamp(),
                    emitted_at: self.now,
                    retraction: false,
                    cause,
                });
                state.firings += 1;
            }
        }
        if result.purge {
            state.contents = None;
        }
    }

    /// `clearAllState`: the contents, the trigger's state and timers, and the window itself.
    fn clear_all(&mut self, key: usize, w: Window) {
        if let Some(mut state) = self.windows[key].remove(&w) {
            let mut ctx = TriggerContext { key, window: w, watermark: self.watermark, now: self.now, timers: &mut self.timers };
            self.pipeline.trigger.clear(&mut state.trigger, &mut ctx);
        }
    }

    /// `processElement` for event `index`.
    fn element(&mut self, index: usize, key: usize, value: f64, ts: Timestamp, arrival: Timestamp) {
        let mut assigned = Vec::new();
        self.pipeline.window.assign(ts, &mut assigned);
        if matches!(self.pipeline.window, WindowFn::Sliding { .. }) {
            assigned.reverse(); // SlidingEventTimeWindows lists the latest start first
        }
        if ts <= self.watermark {
            self.out.late_events.push(index);
        }
        let mut skipped = true;
        for proto in assigned {
            let w = if self.pipeline.window.is_merging() { self.add_merging(key, proto) } else { proto };
            if self.is_window_late(&w) {
                // A late window, or a late proto-window that merged with nothing (Flink retires
                // it): skipped. A merge result is never late (it covers a window that is not).
                self.out.dropped.push(Dropped {
                    event: index,
                    key: self.keys[key].clone(),
                    value,
                    event_time: ts,
                    arrival,
                    window: w,
                    watermark: (self.watermark != NEG_INFINITY).then_some(self.watermark),
                    reason: DropReason::Expired,
                });
                continue;
            }
            skipped = false;
            let combine = &self.pipeline.combine;
            let state = self.windows[key].entry(w).or_insert_with(|| WindowState {
                contents: None,
                trigger: TriggerState::default(),
                firings: 0,
            });
            state.contents.get_or_insert_with(|| combine.create()).add(value, ts);
            self.call(key, w, Call::Element(ts));
            self.register_cleanup(key, w);
        }
        let element_late = is_event_time(&self.pipeline.window)
            && ts.saturating_add(self.pipeline.allowed_lateness) <= self.watermark;
        if skipped && element_late {
            self.out.side_output.push(index);
        }
    }

    /// `MergingWindowSet.addWindow`: the proto-window merges with every window of the key that it
    /// intersects (touching counts); returns the window the element goes to.
    fn add_merging(&mut self, key: usize, proto: Window) -> Window {
        let merged: Vec<Window> = self.windows[key].keys().filter(|w| flink_intersects(w, &proto)).copied().collect();
        if merged.is_empty() {
            return proto; // a new window; `element` creates its state unless it is late
        }
        let result = merged.iter().fold(proto, |a, b| a.span(b));
        if merged.len() == 1 && merged[0] == result {
            return result; // inside an existing window: no merge callback
        }
        // The merge callback: merge the trigger state and call onMerge for the result, then clear
        // the trigger and delete the cleanup timer of each merged window, then merge the contents.
        let mut trigger = TriggerState::default();
        let mut contents: Option<Accumulator> = None;
        let mut olds = Vec::with_capacity(merged.len());
        for w in &merged {
            if let Some(s) = self.windows[key].remove(w) {
                trigger.merge(&s.trigger);
                if let Some(c) = &s.contents {
                    match &mut contents {
                        Some(acc) => acc.merge(c),
                        None => contents = Some(c.clone()),
                    }
                }
                olds.push((*w, s));
            }
        }
        {
            let mut ctx =
                TriggerContext { key, window: result, watermark: self.watermark, now: self.now, timers: &mut self.timers };
            self.pipeline.trigger.on_merge(&trigger, &mut ctx);
        }
        for (w, mut s) in olds {
            let mut ctx = TriggerContext { key, window: w, watermark: self.watermark, now: self.now, timers: &mut self.timers };
            self.pipeline.trigger.clear(&mut s.trigger, &mut ctx);
            self.delete_cleanup(key, w);
        }
        self.windows[key].insert(result, WindowState { contents, trigger, firings: 0 });
        result
    }

    /// Processing-time timers due at or before now.
    fn processing_timers(&mut self) {
        while let Some((t, key, w)) = self.timers.pop_due(TimerKind::ProcessingTime, self.now) {
            self.call(key, w, Call::ProcessingTime(t));
            if !is_event_time(&self.pipeline.window) && t == self.cleanup_time(&w) {
                self.clear_all(key, w);
            }
        }
    }

    /// `advanceWatermark`: the watermark becomes `to`, and every event-time timer at or before it
    /// fires in time order (timers set meanwhile included).
    fn advance(&mut self, to: Timestamp) {
        if to <= self.watermark {
            return;
        }
        self.watermark = to;
        self.out.watermark.push(WatermarkPoint { at: self.now, to });
        while let Some((t, key, w)) = self.timers.pop_due(TimerKind::EventTime, to) {
            self.call(key, w, Call::EventTime(t));
            if is_event_time(&self.pipeline.window) && t == self.cleanup_time(&w) {
                self.clear_all(key, w);
            }
        }
    }
}

pub(super) fn run(pipeline: &FlinkPipeline, input: &FlinkInput) -> FlinkOutput {
    // Arrival order, stable for simultaneous arrivals.
    let mut order: Vec<usize> = (0..input.events.len()).collect();
    order.sort_by_key(|&i| input.events[i].arrival);
    let mut ids: HashMap<&str, usize> = HashMap::new();
    let mut keys = Vec::new();
    let key_of: Vec<usize> = input
        .events
        .iter()
        .map(|e| {
            *ids.entry(e.key.as_str()).or_insert_with(|| {
                keys.push(e.key.clone());
                keys.len() - 1
            })
        })
        .collect();
    let arrivals: Vec<(Timestamp, Timestamp)> =
        order.iter().map(|&i| (input.events[i].arrival, input.events[i].event_time)).collect();
    let splits: Vec<u32> = order.iter().map(|&i| input.splits.get(i).copied().unwrap_or(0)).collect();
    let last_arrival = arrivals.last().map(|a| a.0);
    let last_point = match &input.watermark {
        super::FlinkWatermarks::Punctuated(p) => p.last().map(|p| p.at),
        _ => None,
    };
    let end = input.end_of_input.or(last_arrival.max(last_point)).unwrap_or(0);
    let mut moves = watermark::periodic_path(&input.watermark, &arrivals, &splits, input.split_count, end);
    moves.push(WatermarkPoint { at: end, to: POS_INFINITY });

    let n_keys = keys.len();
    let mut op = Operator {
        pipeline,
        keys,
        windows: (0..n_keys).map(|_| BTreeMap::new()).collect(),
        timers: Timers::default(),
        watermark: NEG_INFINITY,
        now: NEG_INFINITY,
        out: FlinkOutput { panes: Vec::new(), dropped: Vec::new(), side_output: Vec::new(), watermark: Vec::new(), late_events: Vec::new() },
    };
    let (mut next_event, mut next_move) = (0, 0);
    loop {
        let arrival = arrivals.get(next_event).map(|a| a.0);
        let mv = moves.get(next_move).map(|m| m.at);
        let timer = op.timers.next_processing().filter(|_| op.watermark != POS_INFINITY).map(|t| t.max(op.now)).filter(|&t| t <= end);
        let Some(now) = [arrival, mv, timer].into_iter().flatten().min() else { break };
        op.now = op.now.max(now);
        if op.watermark != POS_INFINITY {
            op.processing_timers();
        }
        while arrivals.get(next_event).is_some_and(|a| a.0 == now) {
            let i = order[next_event];
            let e = &input.events[i];
            op.element(i, key_of[i], e.value, e.event_time, e.arrival);
            next_event += 1;
        }
        if op.watermark != POS_INFINITY {
            op.processing_timers();
        }
        while moves.get(next_move).is_some_and(|m| m.at == now) {
            let to = moves[next_move].to;
            op.advance(to);
            next_move += 1;
        }
    }
    op.out.late_events.sort_unstable();
    op.out
}
