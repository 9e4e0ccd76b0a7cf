//! The state the runner keeps per key and window: Beam's `ReduceFnRunner` state in one struct,
//! and the store of all of them.

use super::keys::FxHashMap;
use crate::combine::Accumulator;
use crate::pane::{Pane, Timing};
use crate::time::Timestamp;
use crate::trigger::machine::TriggerState;
use crate::window::Window;
use std::collections::BTreeSet;

/// A key's dense id (see `keys::intern`).
pub type KeyId = u32;

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

/// The states of all keys' windows, in slots found through a hash map by (key, window). Each
/// key remembers its last window and slot: an element usually falls in the same window as the
/// key's previous one, and comparing one window is cheaper than a hash lookup. For merging
/// windows (sessions) each key's windows are also kept in order, to find the ones a new
/// element's window overlaps.
pub struct WindowStates {
    slots: Vec<Option<WindowState>>,
    free: Vec<usize>,
    index: FxHashMap<(KeyId, Window), usize>,
    /// Per key, the window it used last and its slot (`None` once that window is removed).
    last: Vec<Option<(Window, usize)>>,
    /// Per key, its windows in order (merging windows only).
    ordered: Option<Vec<BTreeSet<Window>>>,
}

impl WindowStates {
    /// An empty store for `keys` keys; `merging` keeps the windows' order too.
    pub fn new(keys: usize, merging: bool) -> WindowStates {
        WindowStates {
            slots: Vec::new(),
            free: Vec::new(),
            index: FxHashMap::default(),
            last: vec![None; keys],
            ordered: merging.then(|| vec![BTreeSet::new(); keys]),
        }
    }

    /// The slot of window `w` of `key`.
    #[inline]
    fn find(&self, key: KeyId, w: Window) -> Option<usize> {
        match self.last[key as usize] {
            Some((last, slot)) if last == w => Some(slot),
            _ => self.look_up(key, w),
        }
    }

    #[inline(never)]
    fn look_up(&self, key: KeyId, w: Window) -> Option<usize> {
        self.index.get(&(key, w)).copied()
    }

    fn state(&mut self, slot: usize) -> &mut WindowState {
        match &mut self.slots[slot] {
            Some(st) => st,
            None => unreachable!("slot {slot} is in the index but empty"),
        }
    }

    /// The state of window `w` of `key`.
    pub fn get(&self, key: KeyId, w: Window) -> Option<&WindowState> {
        self.slots[self.find(key, w)?].as_ref()
    }

    /// The state of window `w` of `key`, to change.
    pub fn get_mut(&mut self, key: KeyId, w: Window) -> Option<&mut WindowState> {
        let slot = self.find(key, w)?;
        self.last[key as usize] = Some((w, slot));
        Some(self.state(slot))
    }

    /// The state of window `w` of `key`, made by `new` if the window has none.
    #[inline]
    pub fn get_or_insert_with(&mut self, key: KeyId, w: Window, new: impl FnOnce() -> WindowState) -> &mut WindowState {
        let slot = match self.last[key as usize] {
            Some((last, slot)) if last == w => slot,
            _ => self.find_or_insert_with(key, w, new),
        };
        self.state(slot)
    }

    /// Out of line, so that the common path of `get_or_insert_with` stays small.
    #[inline(never)]
    fn find_or_insert_with(&mut self, key: KeyId, w: Window, new: impl FnOnce() -> WindowState) -> usize {
        let slot = match self.look_up(key, w) {
            Some(slot) => slot,
            None => self.insert(key, w, new()),
        };
        self.last[key as usize] = Some((w, slot));
        slot
    }

    /// Sets the state of window `w` of `key` (which has none); returns its slot.
    pub fn insert(&mut self, key: KeyId, w: Window, state: WindowState) -> usize {
        debug_assert!(self.find(key, w).is_none(), "window {w:?} of key {key} inserted twice");
        if let Some(o) = &mut self.ordered {
            o[key as usize].insert(w);
        }
        let slot = match self.free.pop() {
            Some(slot) => {
                self.slots[slot] = Some(state);
                slot
            }
            None => {
                self.slots.push(Some(state));
                self.slots.len() - 1
            }
        };
        self.index.insert((key, w), slot);
        slot
    }

    /// Takes the state of window `w` of `key` out.
    pub fn remove(&mut self, key: KeyId, w: Window) -> Option<WindowState> {
        let slot = self.index.remove(&(key, w))?;
        if let Some(o) = &mut self.ordered {
            o[key as usize].remove(&w);
        }
        if self.last[key as usize].is_some_and(|(last, _)| last == w) {
            self.last[key as usize] = None;
        }
        self.free.push(slot);
        self.slots[slot].take()
    }
    /// The windows of `key` that share an instant with `proto`, latest first (merging windows only).
    pub fn overlapping(&self, key: KeyId, proto: Window) -> Vec<Window> {
        let (Some(o), Window::Interval { end, .. }) = (&self.ordered, proto) else { return Vec::new() };
        // The key's active sessions are disjoint and sorted, so the ones overlapping the
        // proto-window are contiguous, just before its end.
        o[key as usize]
            .range(..Window::Interval { start: end, end: i64::MIN })
            .rev()
            .copied()
            .take_while(|w| w.intersects(&proto))
            .collect()
    }
}
