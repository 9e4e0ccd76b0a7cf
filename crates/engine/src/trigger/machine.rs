//! The trigger state machine: a spec tree compiled into pre-order nodes, with per-window state.
//!
//! Mirrors Beam's Java runner core (`ExecutableTriggerStateMachine`, `FinishedTriggersBitSet` and the
//! `*StateMachine` classes in `runners/core-java/.../core/triggers/`): each node has the five
//! callbacks `on_element`, `on_merge`, `should_fire`, `on_fire` and `clear`; "finished" is a bit per
//! node, and resetting a subtree clears a contiguous range of bits. Triggers never read a clock:
//! the context carries the input watermark and the processing time, and timers are requests
//! returned to the driver.

mod inspect;

pub use inspect::{NodeStatus, Progress};

use super::{Alignment, Trigger};
use crate::time::{add, Duration, Timestamp};
use crate::window::Window;

/// A timer a trigger asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerRequest {
    /// Wake up when the input watermark passes this event time.
    EventTime(Timestamp),
    /// Wake up at this processing time.
    ProcessingTime(Timestamp),
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Kind {
    /// `Repeatedly(AfterWatermark)` as one node (Beam's `DefaultTriggerStateMachine`).
    Default,
    Never,
    /// AfterWatermark without early or late firings (`FromEndOfWindow`).
    EndOfWindow,
    /// AfterWatermark with early firings (child 0, `Never` if absent) and optional late firings (child 1).
    EarlyAndLate { has_late: bool },
    AfterProcessingTime { delay: Duration, align: Option<Alignment> },
    AfterCount { count: u64 },
    Repeatedly,
    AfterEach,
    AfterAny,
    AfterAll,
    /// Child 0 is the trigger, child 1 the `until`.
    OrFinally,
}

#[derive(Clone, Debug)]
struct Node {
    kind: Kind,
    children: Vec<usize>,
    /// First index after this node's subtree.
    end: usize,
    /// Index into the per-window slots (count or delayed-until), for nodes that keep state.
    slot: usize,
}

/// A trigger compiled for execution: nodes numbered in pre-order.
#[derive(Clone, Debug)]
pub struct TriggerProgram {
    nodes: Vec<Node>,
    slots: usize,
    merging: bool,
}

const NO_SLOT: usize = usize::MAX;
/// Slot value meaning "not set" for a delayed-until slot.
const UNSET: i64 = i64::MIN;

/// The runtime state of a trigger for one window.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TriggerState {
    finished: Bits,
    slots: Vec<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Bits {
    Small(u64),
    Large(Vec<u64>),
}

impl Bits {
    fn new(n: usize) -> Bits {
        if n <= 64 {
            Bits::Small(0)
        } else {
            Bits::Large(vec![0; n.div_ceil(64)])
        }
    }
    fn get(&self, i: usize) -> bool {
        match self {
            Bits::Small(b) => b >> i & 1 == 1,
            Bits::Large(v) => v[i / 64] >> (i % 64) & 1 == 1,
        }
    }
    fn set(&mut self, i: usize, on: bool) {
        let (word, bit) = match self {
            Bits::Small(b) => (b, i),
            Bits::Large(v) => (&mut v[i / 64], i % 64),
        };
        if on {
            *word |= 1 << bit;
        } else {
            *word &= !(1 << bit);
        }
    }
}

/// What a trigger callback sees: the window, the clocks, and whether windows merge.
#[derive(Clone, Copy, Debug)]
pub struct TriggerContext {
    /// The window the trigger runs for.
    pub window: Window,
    /// The current input watermark (event time).
    pub watermark: Timestamp,
    /// The current processing time.
    pub now: Timestamp,
}

impl TriggerContext {
    fn end_of_window_reached(&self) -> bool {
        self.watermark > self.window.max_timestamp()
    }
}

/// The states of the windows being merged, as the merge callbacks see them.
pub struct MergeSources<'a> {
    /// The trigger states of the windows that merge (before the merge).
    pub states: &'a [&'a TriggerState],
}

impl MergeSources<'_> {
    fn finished_in_any(&self, i: usize) -> bool {
        self.states.iter().any(|s| s.finished.get(i))
    }
    fn finished_in_all(&self, i: usize) -> bool {
        self.states.iter().all(|s| s.finished.get(i))
    }
}

impl TriggerProgram {
    /// Compiles a trigger spec. `merging` says whether windows merge (sessions), which makes
    /// AfterEach and AfterWatermark run all their subtriggers in parallel, as in Beam.
    ///
    /// ```
    /// use windowpane_engine::trigger::{machine::TriggerProgram, Trigger};
    /// let p = TriggerProgram::compile(&Trigger::Repeatedly(Box::new(Trigger::AfterCount { count: 2 })), false);
    /// assert_eq!(p.len(), 2);
    /// assert!(!p.is_empty());
    /// ```
    pub fn compile(trigger: &Trigger, merging: bool) -> TriggerProgram {
        let mut program = TriggerProgram { nodes: Vec::new(), slots: 0, merging };
        program.add(trigger);
        program
    }

    /// Number of nodes in the tree.
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True for an empty program (never: every trigger has a root).
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    fn push(&mut self, kind: Kind, stateful: bool) -> usize {
        let slot = if stateful {
            self.slots += 1;
            self.slots - 1
        } else {
            NO_SLOT
        };
        self.nodes.push(Node { kind, children: Vec::new(), end: 0, slot });
        self.nodes.len() - 1
    }

    /// Numbers the tree in pre-order without recursion, so that deep trees cannot overflow the stack.
    fn add(&mut self, root: &Trigger) {
        let mut stack: Vec<(&Trigger, Option<usize>)> = vec![(root, None)];
        while let Some((trigger, parent)) = stack.pop() {
            let (kind, children, stateful): (Kind, Vec<&Trigger>, bool) = match trigger {
                Trigger::Default => (Kind::Default, vec![], false),
                Trigger::Never => (Kind::Never, vec![], false),
                Trigger::AfterWatermark { early: None, late: None } => (Kind::EndOfWindow, vec![], false),
                Trigger::AfterWatermark { early, late } => {
                    let mut children = vec![early.as_deref().unwrap_or(&Trigger::Never)];
                    children.extend(late.as_deref());
                    (Kind::EarlyAndLate { has_late: late.is_some() }, children, false)
                }
                Trigger::AfterProcessingTime { delay, align } => {
                    (Kind::AfterProcessingTime { delay: *delay, align: *align }, vec![], true)
                }
                Trigger::AfterCount { count } => (Kind::AfterCount { count: *count }, vec![], true),
                Trigger::Repeatedly(t) => (Kind::Repeatedly, vec![t.as_ref()], false),
                Trigger::AfterEach(ts) => (Kind::AfterEach, ts.iter().collect(), false),
                Trigger::AfterAny(ts) => (Kind::AfterAny, ts.iter().collect(), false),
                Trigger::AfterAll(ts) => (Kind::AfterAll, ts.iter().collect(), false),
                Trigger::OrFinally { trigger, until } => {
                    (Kind::OrFinally, vec![trigger.as_ref(), until.as_ref()], false)
                }
            };
            let id = self.push(kind, stateful);
            if let Some(parent) = parent {
                self.nodes[parent].children.push(id);
            }
            stack.extend(children.into_iter().rev().map(|c| (c, Some(id))));
        }
        for i in (0..self.nodes.len()).rev() {
            self.nodes[i].end = self.nodes[i].children.last().map_or(i + 1, |&c| self.nodes[c].end);
        }
    }

    /// A fresh state: nothing finished, no counts, no delays.
    pub fn new_state(&self) -> TriggerState {
        TriggerState { finished: Bits::new(self.nodes.len()), slots: vec![0; self.slots] }
            .with_unset_delays(self)
    }

    /// Whether the root has finished: the window is closed.
    pub fn is_closed(&self, s: &TriggerState) -> bool {
        s.finished.get(0)
    }

    /// Whether the whole trigger is the default one, which the per-element callbacks handle
    /// without walking the tree: it is the common case, and they run for every element.
    fn is_default(&self) -> bool {
        matches!(self.nodes[0].kind, Kind::Default)
    }

    /// A new element arrived in the window.
    #[inline]
    pub fn on_element(&self, s: &mut TriggerState, c: &TriggerContext, timers: &mut Vec<TimerRequest>) {
        if self.is_default() {
            request_end_of_window(c, timers);
        } else {
            self.element(0, s, c, timers)
        }
    }

    /// Whether the trigger is ready to fire.
    #[inline]
    pub fn should_fire(&self, s: &TriggerState, c: &TriggerContext) -> bool {
        if self.is_default() {
            c.end_of_window_reached()
        } else {
            self.ready(0, s, c)
        }
    }

    /// The trigger fired; updates finished bits and clears what the firing consumed.
    pub fn on_fire(&self, s: &mut TriggerState, c: &TriggerContext) {
        self.fire(0, s, c)
    }

    /// Windows merged into the window of `c`; `s` is the merged window's state (fresh, or the
    /// state of the window that the merge result equals), `sources` the states being merged.
    pub fn on_merge(
        &self,
        s: &mut TriggerState,
        sources: &MergeSources<'_>,
        c: &TriggerContext,
        timers: &mut Vec<TimerRequest>,
    ) {
        self.merge(0, s, sources, c, timers)
    }

    fn first_unfinished(&self, s: &TriggerState, i: usize) -> Option<usize> {
        self.nodes[i].children.iter().copied().find(|&c| !s.finished.get(c))
    }

    /// Clears the per-window state of node `i` and its subtree (not the finished bits), like Beam's `clear`.
    fn clear(&self, i: usize, s: &mut TriggerState) {
        for j in i..self.nodes[i].end {
            match self.nodes[j].kind {
                Kind::AfterCount { .. } => s.slots[self.nodes[j].slot] = 0,
                Kind::AfterProcessingTime { .. } => s.slots[self.nodes[j].slot] = UNSET,
                _ => {}
            }
        }
    }

    /// Clears the finished bits and state of the subtree of `i` (Beam's `resetTree`).
    fn reset_tree(&self, i: usize, s: &mut TriggerState) {
        for j in i..self.nodes[i].end {
            s.finished.set(j, false);
        }
        self.clear(i, s);
    }

    fn element(&self, i: usize, s: &mut TriggerState, c: &TriggerContext, timers: &mut Vec<TimerRequest>) {
        let node = &self.nodes[i];
        match node.kind {
            Kind::Default | Kind::EndOfWindow => request_end_of_window(c, timers),
            Kind::EarlyAndLate { .. } => {
                request_end_of_window(c, timers);
                self.element_in_turn(i, s, c, timers);
            }
            Kind::Never => {}
            Kind::AfterProcessingTime { delay, align } => {
                if s.slots[node.slot] != UNSET {
                    return;
                }
                let target = target_time(c.now, delay, align);
                s.slots[node.slot] = target;
                timers.push(TimerRequest::ProcessingTime(target));
            }
            Kind::AfterCount { .. } => s.slots[node.slot] += 1,
            Kind::Repeatedly | Kind::AfterAny | Kind::OrFinally => {
                for &child in &node.children {
                    self.element(child, s, c, timers);
                }
            }
            Kind::AfterAll => {
                for &child in &node.children {
                    if !s.finished.get(child) {
                        self.element(child, s, c, timers);
                    }
                }
            }
            Kind::AfterEach => {
                self.element_in_turn(i, s, c, timers);
            }
        }
    }

    /// Passes an element to the first unfinished child only, or, when windows merge, to every
    /// child (a finished one may be revived by a merge and needs its state), as AfterEach and
    /// AfterWatermark do in Beam.
    fn element_in_turn(&self, i: usize, s: &mut TriggerState, c: &TriggerContext, timers: &mut Vec<TimerRequest>) {
        if !self.merging {
            if let Some(child) = self.first_unfinished(s, i) {
                self.element(child, s, c, timers);
            }
        } else {
            for &child in &self.nodes[i].children {
                self.element(child, s, c, timers);
            }
        }
    }

    fn ready(&self, i: usize, s: &TriggerState, c: &TriggerContext) -> bool {
        let node = &self.nodes[i];
        match node.kind {
            Kind::Default | Kind::EndOfWindow => c.end_of_window_reached(),
            Kind::EarlyAndLate { has_late } => {
                let early = node.children[0];
                if !s.finished.get(early) {
                    self.ready(early, s, c) || c.end_of_window_reached()
                } else if has_late {
                    self.ready(node.children[1], s, c)
                } else {
                    false
                }
            }
            Kind::Never => false,
            // Beam compares "now is after delayed-until"; our processing-time timers fire exactly
            // at their instant, and the trigger is ready at that instant (see DESIGN: timers fire
            // exactly at their time).
            Kind::AfterProcessingTime { .. } => {
                let until = s.slots[node.slot];
                until != UNSET && c.now >= until
            }
            Kind::AfterCount { count } => s.slots[node.slot] as u64 >= count,
            Kind::Repeatedly => self.ready(node.children[0], s, c),
            Kind::AfterEach => self.first_unfinished(s, i).is_some_and(|child| self.ready(child, s, c)),
            Kind::AfterAny => node.children.iter().any(|&ch| s.finished.get(ch) || self.ready(ch, s, c)),
            Kind::AfterAll => node.children.iter().all(|&ch| s.finished.get(ch) || self.ready(ch, s, c)),
            Kind::OrFinally => self.ready(node.children[0], s, c) || self.ready(node.children[1], s, c),
        }
    }

    fn fire(&self, i: usize, s: &mut TriggerState, c: &TriggerContext) {
        let node = &self.nodes[i];
        match node.kind {
            Kind::Default => {}
            Kind::EndOfWindow => s.finished.set(i, true),
            Kind::EarlyAndLate { has_late } => {
                let early = node.children[0];
                if !s.finished.get(early) {
                    if !c.end_of_window_reached() {
                        // An early firing; the early trigger repeats implicitly.
                        self.fire(early, s, c);
                        self.clear(early, s);
                        s.finished.set(early, false);
                    } else {
                        // The on-time firing: the early trigger is done; the late one starts afresh.
                        if self.ready(early, s, c) {
                            self.fire(early, s, c);
                        }
                        s.finished.set(early, true);
                        self.clear(early, s);
                        if has_late {
                            self.clear(node.children[1], s);
                        } else {
                            s.finished.set(i, true);
                        }
                    }
                } else if has_late {
                    let late = node.children[1];
                    self.fire(late, s, c);
                    self.clear(late, s);
                    s.finished.set(late, false);
                } else {
                    s.finished.set(i, true);
                }
            }
            Kind::Never | Kind::AfterProcessingTime { .. } | Kind::AfterCount { .. } => {
                // Once-triggers: clear and finish.
                self.clear(i, s);
                s.finished.set(i, true);
            }
            Kind::Repeatedly => {
                let child = node.children[0];
                self.fire(child, s, c);
                if s.finished.get(child) {
                    self.reset_tree(child, s);
                }
            }
            Kind::AfterEach => {
                if let Some(child) = self.first_unfinished(s, i) {
                    self.fire(child, s, c);
                }
                if self.merging {
                    for &child in &node.children {
                        self.clear(child, s);
                    }
                }
                let done = self.first_unfinished(s, i).is_none();
                s.finished.set(i, done);
            }
            Kind::AfterAny => {
                for &child in &node.children {
                    if self.ready(child, s, c) {
                        self.fire(child, s, c);
                    } else {
                        self.clear(child, s);
                    }
                }
                s.finished.set(i, true);
            }
            Kind::AfterAll => {
                for &child in &node.children {
                    self.fire(child, s, c);
                }
                s.finished.set(i, true);
            }
            Kind::OrFinally => {
                let (actual, until) = (node.children[0], node.children[1]);
                if self.ready(until, s, c) {
                    self.fire(until, s, c);
                    self.clear(actual, s);
                } else {
                    self.fire(actual, s, c);
                }
                let done = s.finished.get(actual) || s.finished.get(until);
                s.finished.set(i, done);
            }
        }
    }

    fn merge(
        &self,
        i: usize,
        s: &mut TriggerState,
        src: &MergeSources<'_>,
        c: &TriggerContext,
        timers: &mut Vec<TimerRequest>,
    ) {
        let node = &self.nodes[i];
        match node.kind {
            Kind::Default => request_end_of_window(c, timers),
            Kind::EndOfWindow => {
                let done = src.finished_in_all(i) && c.end_of_window_reached();
                s.finished.set(i, done);
            }
            Kind::EarlyAndLate { has_late } => {
                let early = node.children[0];
                if !src.finished_in_all(early) || !c.end_of_window_reached() {
                    self.merge(early, s, src, c, timers);
                    s.finished.set(early, false);
                    if has_late {
                        let late = node.children[1];
                        s.finished.set(late, false);
                        self.clear(late, s);
                    }
                } else {
                    s.finished.set(early, true);
                    if has_late {
                        self.merge(node.children[1], s, src, c, timers);
                    }
                }
            }
            Kind::Never => {}
            Kind::AfterProcessingTime { .. } => {
                if s.finished.get(i) {
                    s.slots[node.slot] = UNSET;
                    return;
                }
                let earliest = src.states.iter().map(|st| st.slots[node.slot]).filter(|&t| t != UNSET).min();
                s.slots[node.slot] = earliest.unwrap_or(UNSET);
                if let Some(t) = earliest {
                    timers.push(TimerRequest::ProcessingTime(t));
                }
            }
            Kind::AfterCount { .. } => {
                if src.finished_in_any(i) {
                    s.finished.set(i, true);
                    s.slots[node.slot] = 0;
                    return;
                }
                s.slots[node.slot] = src.states.iter().map(|st| st.slots[node.slot]).sum();
            }
            Kind::Repeatedly => self.merge(node.children[0], s, src, c, timers),
            Kind::AfterEach => {
                let mut prior_all_finished = true;
                for &child in &node.children {
                    if prior_all_finished {
                        self.merge(child, s, src, c, timers);
                        prior_all_finished &= s.finished.get(child);
                    } else {
                        self.clear(child, s);
                    }
                }
                let done = self.first_unfinished(s, i).is_none();
                s.finished.set(i, done);
            }
            Kind::AfterAny | Kind::OrFinally => {
                for &child in &node.children {
                    self.merge(child, s, src, c, timers);
                }
                let any = node.children.iter().any(|&ch| s.finished.get(ch));
                s.finished.set(i, any);
            }
            Kind::AfterAll => {
                for &child in &node.children {
                    self.merge(child, s, src, c, timers);
                }
                let all = node.children.iter().all(|&ch| s.finished.get(ch));
                s.finished.set(i, all);
            }
        }
    }
}

/// AfterWatermark's timer: the end of the window, unless the watermark has passed it.
fn request_end_of_window(c: &TriggerContext, timers: &mut Vec<TimerRequest>) {
    if !c.end_of_window_reached() {
        timers.push(TimerRequest::EventTime(c.window.max_timestamp()));
    }
}

impl TriggerState {
    fn with_unset_delays(mut self, p: &TriggerProgram) -> TriggerState {
        for n in &p.nodes {
            if let Kind::AfterProcessingTime { .. } = n.kind {
                self.slots[n.slot] = UNSET;
            }
        }
        self
    }
}

/// The processing time at which an AfterProcessingTime trigger fires for a first element at
/// `now`: `now + delay`, then rounded up to the next point of the alignment grid (unchanged when
/// already on it), as Beam's `plusDelayOf(..).alignedTo(..)`.
///
/// ```
/// use windowpane_engine::trigger::{machine::target_time, Alignment};
/// let align = Some(Alignment { period: 120_000, offset: 0 });
/// assert_eq!(target_time(30_000, 0, align), 120_000);
/// assert_eq!(target_time(120_000, 0, align), 120_000);
/// assert_eq!(target_time(30_000, 60_000, None), 90_000);
/// ```
///
/// Total: `now + delay` and the rounding saturate at plus infinity, and the distance to the grid
/// is taken from `t` and `offset` reduced modulo the period apart, so that `t - offset` (which
/// can leave `i64`) is never formed. A period below 1 ms, which the scenario refuses, counts as 1.
pub fn target_time(now: Timestamp, delay: Duration, align: Option<Alignment>) -> Timestamp {
    let t = add(now, delay);
    match align {
        None => t,
        Some(Alignment { period, offset }) => {
            let period = period.max(1);
            // Both residues lie in [0, period): their difference cannot overflow.
            let since = (t.rem_euclid(period) - offset.rem_euclid(period)).rem_euclid(period);
            if since == 0 {
                t
            } else {
                add(t, period - since)
            }
        }
    }
}
