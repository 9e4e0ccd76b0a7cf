//! The runner: Beam's `ReduceFnRunner` (and `LateDataDroppingDoFnRunner`) for every key, driven
//! by arrivals, processing-time timers and watermark moves.
//!
//! References in comments are to Beam's Java runner core,
//! `runners/core-java/src/main/java/org/apache/beam/runners/core/`.

use super::arrivals::Arrivals;
use super::assign::Assigner;
use super::window_state::{KeyId, LastPane, WindowState, WindowStates};
use super::{DropReason, Dropped, KeyedEvent};
use crate::pane::{Cause, Pane, Timing};
use crate::pipeline::{AccumulationMode, ClosingBehavior, OnTimeBehavior, Pipeline, TimestampCombiner};
use crate::runner::holds::Holds;
use crate::runner::timers::TimerQueue;
use crate::time::{add, Timestamp, END_OF_GLOBAL_WINDOW, NEG_INFINITY, POS_INFINITY};
use crate::trigger::machine::{MergeSources, TimerRequest, TriggerContext, TriggerProgram, TriggerState};
use crate::window::Window;
use std::ops::Range;

mod inspect;
pub use inspect::{HoldKind, HoldView, WindowView};

/// The pending timers of all keys and windows, in firing order.
#[derive(Default)]
struct Timers {
    event: TimerQueue,
    processing: TimerQueue,
}

impl Timers {
    /// Sets the timers a trigger asked for (emptying `requests`); the end-of-window timer once.
    fn set(&mut self, requests: &mut Vec<TimerRequest>, st: &mut WindowState, key: KeyId, w: Window) {
        for &r in requests.iter() {
            match r {
                TimerRequest::EventTime(t) => {
                    if t == w.max_timestamp() {
                        if st.eow_timer {
                            continue;
                        }
                        st.eow_timer = true;
                    }
                    self.event.insert((t, key, w));
                }
                TimerRequest::ProcessingTime(t) => {
                    self.processing.insert((t, key, w));
                }
            }
        }
        requests.clear();
    }
}

/// Runs the windowing step for all keys.
pub struct Driver<'a> {
    pipeline: &'a Pipeline,
    program: TriggerProgram,
    keys: &'a [&'a str],
    windows: WindowStates,
    timers: Timers,
    holds: Holds,
    /// The input watermark.
    pub watermark: Timestamp,
    /// The processing time.
    pub now: Timestamp,
    /// Emitted panes.
    pub panes: Vec<Pane>,
    /// Dropped elements.
    pub dropped: Vec<Dropped>,
    /// Events that arrived behind the watermark.
    pub late_events: Vec<usize>,
    assigner: Assigner,
    merging: bool,
    assigned: Vec<Window>,
    touched: Vec<(KeyId, Window)>,
    /// The output watermark when the current bundle began.
    bundle_output_watermark: Timestamp,
    requests: Vec<TimerRequest>,
}

impl<'a> Driver<'a> {
    /// A driver for `pipeline` over the keys named in `keys` (key ids index into it).
    pub fn new(pipeline: &'a Pipeline, keys: &'a [&'a str]) -> Driver<'a> {
        let program = TriggerProgram::compile(&pipeline.trigger, pipeline.window.is_merging());
        Driver {
            pipeline,
            program,
            windows: WindowStates::new(keys.len(), &pipeline.window),
            keys,
            timers: Timers::default(),
            holds: Holds::default(),
            watermark: NEG_INFINITY,
            now: NEG_INFINITY,
            panes: Vec::new(),
            dropped: Vec::new(),
            late_events: Vec::new(),
            assigner: Assigner::new(&pipeline.window),
            merging: pipeline.window.is_merging(),
            assigned: Vec::new(),
            touched: Vec::new(),
            bundle_output_watermark: NEG_INFINITY,
            requests: Vec::new(),
        }
    }

    /// The earliest pending processing-time timer.
    pub fn next_processing_timer(&self) -> Option<Timestamp> {
        self.timers.processing.first_time()
    }

    fn gc_time(&self, w: &Window) -> Timestamp {
        gc_time(self.pipeline, w)
    }

    fn context(&self, window: Window) -> TriggerContext {
        TriggerContext { window, watermark: self.watermark, now: self.now }
    }

    /// The output watermark: the input watermark held back by every watermark hold, and, while a
    /// timer fires, by that timer (the runner's pending timers hold the output watermark).
    fn output_watermark(&self, firing_timer: Option<Timestamp>) -> Timestamp {
        let mut wm = self.watermark;
        if let Some(h) = self.holds.min() {
            wm = wm.min(h);
        }
        if let Some(t) = firing_timer {
            wm = wm.min(t);
        }
        wm
    }

    /// The elements arriving at one processing time, as one bundle: each is added to its windows
    /// (after dropping expired windows and merging sessions), then every window the bundle touched
    /// fires if its trigger is ready (`ReduceFnRunner.processElements`). Windows fire in window
    /// order, then key order. `bundle` is a range of positions in arrival order.
    pub fn process_bundle(&mut self, arrivals: &Arrivals, bundle: Range<usize>) {
        let mut touched = std::mem::take(&mut self.touched);
        touched.clear();
        // Like Beam's runners, a bundle sees the output watermark as it was when the bundle began,
        // so the order of the elements inside it cannot change which of them hold the watermark.
        self.bundle_output_watermark = self.output_watermark(None);
        for k in bundle {
            let index = arrivals.index(k);
            let event = arrivals.event(k);
            self.process_element(index, event, event.key, &mut touched);
        }
        if !touched.windows(2).all(|p| (p[0].1, p[0].0) <= (p[1].1, p[1].0)) {
            touched.sort_unstable_by_key(|&(key, w)| (w, key));
        }
        touched.dedup();
        for &(key, w) in &touched {
            let ready = match self.windows.get(key, w) {
                Some(st) => !self.program.is_closed(&st.trigger) && self.program.should_fire(&st.trigger, &self.context(w)),
                None => false,
            };
            if ready {
                self.emit(key, w, Cause::Element, self.bundle_output_watermark);
            }
        }
        self.touched = touched;
    }

    fn process_element(&mut self, index: usize, event: &KeyedEvent, key: KeyId, touched: &mut Vec<(KeyId, Window)>) {
        if event.event_time < self.watermark {
            self.late_events.push(index);
        }
        // LateDataDroppingDoFnRunner: drop the element from windows that have expired.
        let (pipeline, watermark) = (self.pipeline, self.watermark);
        let expired = |w: &Window| gc_time(pipeline, w) < watermark;
        let windows = self.assigner.assign(event.event_time);
        if let [w] = *windows {
            // One window (fixed windows, sessions): no list of the windows kept.
            if expired(&w) {
                self.dropped.push(dropped_record(index, event, self.keys[key as usize], w, watermark, DropReason::Expired));
            } else {
                self.add_to_windows(index, event, key, &mut [w], touched);
            }
            return;
        }
        let mut assigned = std::mem::take(&mut self.assigned);
        assigned.clear();
        for &w in windows {
            if expired(&w) {
                self.dropped.push(dropped_record(index, event, self.keys[key as usize], w, watermark, DropReason::Expired));
            } else {
                assigned.push(w);
            }
        }
        self.add_to_windows(index, event, key, &mut assigned, touched);
        self.assigned = assigned;
    }

    /// Adds the element to the windows it has not expired from, after merging them with the key's
    /// windows (sessions). Adding elements never makes a ready trigger unready, so a window whose
    /// trigger is ready after this element is ready after the bundle: only those need a second look.
    /// Always inlined, so that the one-window case is a single call of `add_to_window`.
    #[inline(always)]
    fn add_to_windows(&mut self, index: usize, event: &KeyedEvent, key: KeyId, windows: &mut [Window], touched: &mut Vec<(KeyId, Window)>) {
        if self.merging {
            self.merge_windows(key, windows, touched);
        }
        for &w in windows.iter() {
            if self.add_to_window(index, event, key, w) {
                touched.push((key, w));
            }
        }
    }

    /// ReduceFnRunner.processElement for one (element, window). Returns whether the window's
    /// trigger is ready to fire.
    fn add_to_window(&mut self, index: usize, event: &KeyedEvent, key: KeyId, w: Window) -> bool {
        let gc = self.gc_time(&w);
        let output_wm = self.bundle_output_watermark;
        let ctx = self.context(w);
        let pipeline = self.pipeline;
        let program = &self.program;
        let st = self.windows.get_or_insert_with(key, w, || new_window_state(pipeline, program));
        if program.is_closed(&st.trigger) {
            self.dropped.push(dropped_record(index, event, self.keys[key as usize], w, self.watermark, DropReason::Closed));
            return false;
        }
        st.non_empty = true;
        if !st.gc_timer {
            st.gc_timer = true;
            self.timers.event.insert((gc, key, w));
        }
        // WatermarkHold.addHolds: an element hold if it can still hold the output watermark and the
        // end of the window has not passed; otherwise a garbage collection hold.
        let element_hold = match pipeline.timestamp_combiner {
            TimestampCombiner::EndOfWindow => w.max_timestamp(),
            TimestampCombiner::Earliest | TimestampCombiner::Latest => event.event_time,
        };
        let too_late = element_hold < output_wm || w.max_timestamp() < self.watermark;
        if !too_late {
            let combined = match (st.element_hold, pipeline.timestamp_combiner) {
                (None, _) => element_hold,
                (Some(h), TimestampCombiner::Latest) => h.max(element_hold),
                (Some(h), _) => h.min(element_hold),
            };
            self.holds.replace(st.element_hold, Some(combined));
            st.element_hold = Some(combined);
        } else if let Some(h) = gc_hold(pipeline, gc, output_wm, self.watermark, false) {
            let combined = st.extra_hold.map_or(h, |old| old.min(h));
            self.holds.replace(st.extra_hold, Some(combined));
            st.extra_hold = Some(combined);
        }
        st.acc.add(event.value, event.event_time);
        program.on_element(&mut st.trigger, &ctx, &mut self.requests);
        if !self.requests.is_empty() {
            self.timers.set(&mut self.requests, st, key, w);
        }
        program.should_fire(&st.trigger, &ctx)
    }

    /// Merges the key's active windows with the new proto-windows (sessions), and maps each
    /// proto-window in `assigned` to the window it merged into (`MergingActiveWindowSet`,
    /// `ReduceFnRunner.OnMergeCallback`).
    fn merge_windows(&mut self, key: KeyId, assigned: &mut [Window], touched: &mut [(KeyId, Window)]) {
        for i in 0..assigned.len() {
            let proto = assigned[i];
            // Only open windows merge. A proto-window equal to a closed window is added as NEW
            // like any other (ReduceFnRunner.mergeWindows: "It will then be added as NEW here,
            // and fall into the merging logic as usual"); if it merges with nothing it stays
            // itself, and processElement drops the element from it as closed.
            let mut group = self.windows.overlapping(key, proto);
            if group.is_empty() || group == [proto] {
                continue;
            }
            if let [session] = *group {
                if session.span(&proto) == session {
                    // The element falls inside its key's open session: the merge's result is that
                    // session, so its state stays where it is (see `merge_into_containing`).
                    self.merge_into_containing(key, session, proto);
                    // `touched` holds open windows only (each merged through to its result), and
                    // the proto-window is not one of them: only this element's window changes.
                    debug_assert!(!touched.contains(&(key, proto)));
                    assigned[i] = session;
                    continue;
                }
            }
            if !group.contains(&proto) {
                group.push(proto);
            }
            group.sort_unstable();
            let result = group.iter().fold(proto, |span, w| span.span(w));
            self.merge_group(key, &group, result);
            for w in assigned.iter_mut().chain(touched.iter_mut().filter(|(k, _)| *k == key).map(|(_, w)| w)) {
                if group.contains(w) {
                    *w = result;
                }
            }
        }
    }

    fn merge_group(&mut self, key: KeyId, group: &[Window], result: Window) {
        let (pipeline, program) = (self.pipeline, &self.program);
        // The states being merged: active windows' states, and fresh ones for new proto-windows
        // (a proto-window equal to a closed window is NEW too: the closed window's finished bits
        // stay where they are, OnMergeCallback.onMerge merges only the ACTIVE windows' state).
        let mut sources: Vec<(Window, WindowState)> = Vec::with_capacity(group.len());
        for w in group {
            let st = match self.windows.is_closed(key, *w) {
                true => None,
                false => self.windows.remove(key, *w),
            };
            sources.push((*w, st.unwrap_or_else(|| new_window_state(pipeline, program))));
        }
        let result_idx = sources.iter().position(|(w, _)| *w == result);
        // The merged window may be one that closed earlier (a closed session that later, open
        // sessions now span exactly). Its state keeps only the trigger's finished bits, which
        // TriggerStateMachineRunner.onMerge starts from (it reads the merge result's own bits,
        // then lets the trigger merge the merging windows' bits); it is not a merging window.
        let closed_result = match self.windows.is_closed(key, result) {
            true => self.windows.remove(key, result),
            false => None,
        };
        let mut merged = match (closed_result, result_idx) {
            (Some(closed), _) => closed,
            (None, Some(i)) => sources[i].1.clone(),
            (None, None) => new_window_state(pipeline, program),
        };
        // reduceFn.onMerge: combine the accumulators.
        merged.acc = self.pipeline.combine.create();
        merged.non_empty = false;
        merged.to_retract.clear();
        for (w, st) in &sources {
            merged.acc.merge(&st.acc);
            merged.non_empty |= st.non_empty;
            merged.to_retract.extend(st.to_retract.iter().cloned());
            if *w != result {
                merged.to_retract.extend(st.emitted.iter().map(|p| (**p).clone()));
            }
        }
        // WatermarkHold.onMerge: merge element holds, re-place the garbage collection hold.
        let mut element_hold: Option<Timestamp> = None;
        for (_, st) in &sources {
            self.holds.replace(st.element_hold, None);
            self.holds.replace(st.extra_hold, None);
            if let Some(h) = st.element_hold {
                element_hold = Some(match (element_hold, self.pipeline.timestamp_combiner) {
                    (_, TimestampCombiner::EndOfWindow) => result.max_timestamp(),
                    (None, _) => h,
                    (Some(e), TimestampCombiner::Latest) => e.max(h),
                    (Some(e), _) => e.min(h),
                });
            }
        }
        merged.element_hold = element_hold;
        self.holds.replace(None, element_hold);
        let output_wm = self.bundle_output_watermark;
        merged.extra_hold = gc_hold(self.pipeline, self.gc_time(&result), output_wm, self.watermark, false);
        self.holds.replace(None, merged.extra_hold);
        // Delete the timers of merged-away windows; the merged window gets its own.
        for (w, st) in &sources {
            if *w != result {
                if st.eow_timer {
                    self.timers.event.remove(&(w.max_timestamp(), key, *w));
                }
                if st.gc_timer {
                    self.timers.event.remove(&(self.gc_time(w), key, *w));
                }
            }
        }
        if result_idx.is_none() {
            merged.eow_timer = false;
            merged.gc_timer = false;
            // PaneInfoTracker state of merged-away windows is cleared: a new window starts afresh.
            merged.last_pane = None;
            merged.emitted = None;
        }
        // TriggerStateMachineRunner.onMerge.
        let states: Vec<&TriggerState> = sources.iter().map(|(_, st)| &st.trigger).collect();
        let ctx = self.context(result);
        self.requests.clear();
        self.program.on_merge(&mut merged.trigger, &MergeSources { states: &states }, &ctx, &mut self.requests);
        let gc = self.gc_time(&result);
        if !merged.gc_timer {
            merged.gc_timer = true;
            self.timers.event.insert((gc, key, result));
        }
        self.timers.set(&mut self.requests, &mut merged, key, result);
        self.windows.insert(key, result, merged);
    }

    /// `merge_group(key, [proto, session], session)` where `session` contains the proto-window,
    /// without moving the session's state out and back. The proto-window's state would be fresh:
    /// merging its empty accumulator, its lack of holds, timers and panes changes nothing, so
    /// what is left is what `merge_group` does to the result's own state: the element hold
    /// re-combined, the garbage collection hold re-placed (WatermarkHold.onMerge) and the
    /// trigger's onMerge over both windows' trigger states, in window order.
    fn merge_into_containing(&mut self, key: KeyId, session: Window, proto: Window) {
        let ctx = self.context(session);
        let gc = self.gc_time(&session);
        let extra_hold = gc_hold(self.pipeline, gc, self.bundle_output_watermark, self.watermark, false);
        let combiner = self.pipeline.timestamp_combiner;
        let fresh = self.program.new_state();
        let Some(st) = self.windows.get_mut(key, session) else { return };
        let element_hold = st.element_hold.map(|h| match combiner {
            TimestampCombiner::EndOfWindow => session.max_timestamp(),
            _ => h,
        });
        self.holds.replace(st.element_hold, element_hold);
        st.element_hold = element_hold;
        self.holds.replace(st.extra_hold, extra_hold);
        st.extra_hold = extra_hold;
        let own = st.trigger.clone();
        let states: [&TriggerState; 2] = if proto < session { [&fresh, &own] } else { [&own, &fresh] };
        self.requests.clear();
        self.program.on_merge(&mut st.trigger, &MergeSources { states: &states }, &ctx, &mut self.requests);
        if !st.gc_timer {
            st.gc_timer = true;
            self.timers.event.insert((gc, key, session));
        }
        self.timers.set(&mut self.requests, st, key, session);
    }

    /// ReduceFnRunner.emit: the trigger fired. `output_wm` is the output watermark the pane is
    /// labelled against: the one at the start of the bundle or timer batch that fires it.
    fn emit(&mut self, key: KeyId, w: Window, cause: Cause, output_wm: Timestamp) {
        let ctx = self.context(w);
        let Some(st) = self.windows.get_mut(key, w) else { return };
        self.program.on_fire(&mut st.trigger, &ctx);
        let finished = self.program.is_closed(&st.trigger);
        let discard = finished || self.pipeline.accumulation == AccumulationMode::Discarding;
        self.on_trigger(key, w, finished, cause, output_wm);
        let Some(st) = self.windows.get_mut(key, w) else { return };
        st.non_empty = false;
        if discard {
            st.acc = self.pipeline.combine.create();
        }
        if finished {
            // The window is closed: keep only the trigger's finished bits, to drop later elements.
            self.holds.replace(st.element_hold.take(), None);
            self.holds.replace(st.extra_hold.take(), None);
            st.last_pane = None;
            st.emitted = None;
            st.to_retract.clear();
            // activeWindows.remove: a closed window no longer merges with new sessions.
            self.windows.close(key, w);
        }
    }

    /// ReduceFnRunner.onTrigger: release the holds, compute the PaneInfo, and emit the pane if it
    /// has data or an empty pane is wanted. `output_wm` is the output watermark as the runner's
    /// timer internals give it (`currentOutputWatermarkTime`): the one at the start of the bundle
    /// or timer batch, so holds released by earlier panes of the same bundle do not count yet.
    fn on_trigger(&mut self, key: KeyId, w: Window, finished: bool, cause: Cause, output_wm: Timestamp) {
        let input_wm = self.watermark;
        let gc = self.gc_time(&w);
        let pipeline = self.pipeline;
        let Some(st) = self.windows.get_mut(key, w) else { return };
        // WatermarkHold.extractAndRelease: the pane's timestamp is the earliest hold, or the end of
        // the window when there is none (or only the garbage collection hold).
        let max_ts = w.max_timestamp();
        let hold = match (st.element_hold, st.extra_hold) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        let timestamp = match hold {
            Some(h) if h <= max_ts => h,
            _ => max_ts,
        };
        self.holds.replace(st.element_hold.take(), None);
        self.holds.replace(st.extra_hold.take(), None);
        if !finished {
            st.extra_hold = gc_hold(pipeline, gc, output_wm, input_wm, true);
            self.holds.replace(None, st.extra_hold);
        }
        let empty = !st.non_empty;
        if empty
            && pipeline.closing_behavior == ClosingBehavior::FireIfNonEmpty
            && pipeline.on_time_behavior == OnTimeBehavior::FireIfNonEmpty
        {
            return;
        }
        // PaneInfoTracker.describePane.
        let (is_first, index, mut non_speculative) = match st.last_pane {
            None => (true, 0, 0),
            Some(p) => (false, p.index + 1, p.non_speculative_index + 1),
        };
        let late_for_output = max_ts < output_wm;
        let only_early_so_far = st.last_pane.is_none_or(|p| p.timing == Timing::Early);
        let early_for_input = input_wm <= max_ts;
        let timing = if late_for_output || !only_early_so_far {
            Timing::Late
        } else if early_for_input {
            non_speculative = -1;
            Timing::Early
        } else {
            Timing::OnTime
        };
        // ReduceFnRunner.needToEmit.
        let emit = !empty
            || (timing == Timing::OnTime && pipeline.on_time_behavior == OnTimeBehavior::FireAlways)
            || (finished && pipeline.closing_behavior == ClosingBehavior::FireAlways);
        if !emit {
            return;
        }
        st.last_pane = Some(LastPane { index, non_speculative_index: non_speculative, timing });
        let pane = Pane {
            key: self.keys[key as usize].to_string(),
            window: w,
            value: pipeline.combine.extract(&st.acc),
            timing,
            index,
            on_time_index: (non_speculative >= 0).then_some(non_speculative as u64),
            is_first,
            is_last: finished,
            timestamp,
            emitted_at: self.now,
            retraction: false,
            cause,
        };
        if pipeline.accumulation == AccumulationMode::AccumulatingAndRetracting {
            let now = self.now;
            let retract = |p: Pane| Pane { retraction: true, emitted_at: now, cause, ..p };
            for p in st.to_retract.drain(..) {
                self.panes.push(retract(p));
            }
            if let Some(p) = st.emitted.take() {
                self.panes.push(retract(*p));
            }
            st.emitted = Some(Box::new(pane.clone()));
        }
        self.panes.push(pane);
    }

    /// Fires the processing-time timers due at or before `self.now`, in batches (see
    /// [`Driver::advance_watermark`]; processing-time timers do not hold the output watermark).
    pub fn fire_processing_timers(&mut self) {
        let now = self.now;
        loop {
            let batch = self.timers.processing.take_due(|t| t <= now);
            if batch.is_empty() {
                break;
            }
            let output_wm = self.output_watermark(None);
            for (t, key, w) in batch {
                self.on_timer(key, w, t, false, output_wm);
            }
        }
    }

    /// Moves the input watermark to `to` and fires the event-time timers it passes.
    ///
    /// The timers due are fired as one batch (`ReduceFnRunner.onTimers` gets them together), and
    /// every pane the batch fires is labelled against the output watermark at the batch's start:
    /// the runner's timer internals give the watermark committed before the bundle
    /// (`DirectTimerInternals.currentOutputWatermarkTime` reads `TransformWatermarks`, which the
    /// `WatermarkManager` refreshes only when a bundle commits its holds), held back by the
    /// earliest timer of the batch, which is pending until then. Timers that the batch sets and
    /// that are already due fire in a following batch, after the first one's holds are released.
    pub fn advance_watermark(&mut self, to: Timestamp) {
        if to <= self.watermark {
            return;
        }
        self.watermark = to;
        loop {
            let batch = self.timers.event.take_due(|t| t < to);
            let Some(&(earliest, _, _)) = batch.first() else { break };
            let output_wm = self.output_watermark(Some(earliest));
            for (t, key, w) in batch {
                self.on_timer(key, w, t, true, output_wm);
            }
        }
    }

    /// ReduceFnRunner.onTimers for one timer. As in Beam, what happens depends on the window's
    /// state, not on which of its timers went off (`WindowActivation`): once the watermark has
    /// passed the window's garbage collection time, any timer of the window emits its final pane
    /// (without asking the trigger) and clears it, so a watermark that leaps past both the end of
    /// the window and its expiry gives one final pane, not an on-time pane and then another.
    /// `output_wm` is the output watermark at the start of the timer batch. A timer whose window
    /// an earlier timer of the batch cleared finds no state and does nothing.
    fn on_timer(&mut self, key: KeyId, w: Window, t: Timestamp, event_time: bool, output_wm: Timestamp) {
        let gc = self.gc_time(&w);
        let Some(st) = self.windows.get(key, w) else { return };
        let expired = self.watermark > gc;
        if !event_time && expired {
            // Processing-time timers of an expired window are ignored, like late elements.
            return;
        }
        let open = !self.program.is_closed(&st.trigger);
        let end_of_window = event_time && t == w.max_timestamp();
        if expired {
            if open {
                let cause = if end_of_window { Cause::Watermark } else { Cause::GarbageCollection };
                self.on_trigger(key, w, true, cause, output_wm);
            }
            // Clear all state of the window; its other timers find nothing and are ignored.
            if let Some(st) = self.windows.remove(key, w) {
                self.holds.replace(st.element_hold, None);
                self.holds.replace(st.extra_hold, None);
                if st.eow_timer && !end_of_window {
                    self.timers.event.remove(&(w.max_timestamp(), key, w));
                }
                if st.gc_timer && t != gc {
                    self.timers.event.remove(&(gc, key, w));
                }
            }
            return;
        }
        if open && self.program.should_fire(&st.trigger, &self.context(w)) {
            let cause = if event_time { Cause::Watermark } else { Cause::ProcessingTime };
            self.emit(key, w, cause, output_wm);
        }
        if end_of_window {
            if let Some(st) = self.windows.get_mut(key, w) {
                st.eow_timer = false;
                if !st.gc_timer {
                    st.gc_timer = true;
                    self.timers.event.insert((gc, key, w));
                }
            }
        }
    }
}

/// When the window's state is garbage collected: its max timestamp plus allowed lateness,
/// capped at the end of the global window (`LateDataUtils.garbageCollectionTime`).
pub(crate) fn gc_time(pipeline: &Pipeline, w: &Window) -> Timestamp {
    add(w.max_timestamp(), pipeline.allowed_lateness).min(END_OF_GLOBAL_WINDOW)
}

/// WatermarkHold.addGarbageCollectionHold: a hold at the window's garbage collection time, only
/// with allowed lateness, only if it can still hold the output watermark, and (for a pane known
/// to be empty) only when the final pane will fire even if empty.
fn gc_hold(p: &Pipeline, gc: Timestamp, output_wm: Timestamp, input_wm: Timestamp, pane_is_empty: bool) -> Option<Timestamp> {
    if p.allowed_lateness <= 0 {
        return None;
    }
    if pane_is_empty && p.closing_behavior == ClosingBehavior::FireIfNonEmpty {
        return None;
    }
    if gc >= END_OF_GLOBAL_WINDOW || gc < output_wm || gc < input_wm {
        return None;
    }
    Some(gc)
}

fn new_window_state(pipeline: &Pipeline, program: &TriggerProgram) -> WindowState {
    WindowState::new(pipeline.combine.create(), program.new_state())
}

/// The report of an element left out of `window`.
fn dropped_record(index: usize, event: &KeyedEvent, key: &str, window: Window, watermark: Timestamp, reason: DropReason) -> Dropped {
    Dropped {
        event: index,
        key: key.to_string(),
        value: event.value,
        event_time: event.event_time,
        arrival: event.arrival,
        window,
        watermark: (watermark != POS_INFINITY).then_some(watermark),
        reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gc_hold_only_with_lateness_and_only_where_it_can_hold() {
        let mut p = Pipeline::new(crate::window::WindowFn::Fixed { size: 10, offset: 0 });
        assert_eq!(gc_hold(&p, 100, 0, 0, false), None, "no allowed lateness, no hold");
        p.allowed_lateness = 50;
        assert_eq!(gc_hold(&p, 100, 0, 0, false), Some(100));
        assert_eq!(gc_hold(&p, 100, 100, 100, false), Some(100), "at the watermarks it still holds");
        assert_eq!(gc_hold(&p, 100, 101, 0, false), None, "behind the output watermark");
        assert_eq!(gc_hold(&p, 100, 0, 101, false), None, "behind the input watermark");
        assert_eq!(gc_hold(&p, 100, 0, 0, true), None, "an empty final pane would not fire");
        p.closing_behavior = ClosingBehavior::FireAlways;
        assert_eq!(gc_hold(&p, 100, 0, 0, true), Some(100));
        assert_eq!(gc_hold(&p, END_OF_GLOBAL_WINDOW, 0, 0, false), None, "the global window's end");
    }
}
