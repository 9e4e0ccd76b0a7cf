//! The state the runner keeps per key and window: Beam's `ReduceFnRunner` state in one struct,
//! and the store of all of them.

use super::keys::FxHashMap;
use crate::combine::Accumulator;
use crate::pane::{Pane, Timing};
use crate::time::Timestamp;
use crate::trigger::machine::TriggerState;
use crate::window::{Window, WindowFn};
use std::collections::BTreeMap;

/// A key's dense id, in key name order (see `keys::Interner`).
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

impl WindowState {
    /// The state of a window before its first element: an empty accumulator, a fresh trigger.
    pub fn new(acc: Accumulator, trigger: TriggerState) -> WindowState {
        WindowState {
            acc,
            trigger,
            last_pane: None,
            non_empty: false,
            element_hold: None,
            extra_hold: None,
            gc_timer: false,
            eow_timer: false,
            emitted: None,
            to_retract: Vec::new(),
        }
    }
}

/// The states of all keys' windows, in slots found through an index by (key, window). Each
/// key remembers the windows it used recently and their slots: an element usually falls in the
/// same windows as the key's previous one, and comparing one window is cheaper than a lookup.
pub struct WindowStates {
    slots: Vec<Option<WindowState>>,
    free: Vec<usize>,
    index: Index,
    /// Per key, `1 << way_bits` recently used windows with their slots, each in the way its
    /// start hashes to (`None`: empty, or the window was removed).
    recent: Vec<Option<(Window, usize)>>,
    way_bits: u32,
}

/// Where each window's slot is.
enum Index {
    /// A hash map by (key, window).
    Hashed(FxHashMap<(KeyId, Window), usize>),
    /// Per key, its windows in order: merging windows (sessions) need to find the ones a new
    /// element's window overlaps. Closed windows (whose trigger has finished) are kept apart: they
    /// no longer merge (`MergingActiveWindowSet` offers only ACTIVE and NEW windows to
    /// `mergeWindows`), so a key's open windows are disjoint, but closed ones may overlap them.
    Ordered {
        /// Per key, the open windows.
        open: Vec<BTreeMap<Window, usize>>,
        /// Per key, the closed windows, kept until they are garbage collected.
        closed: Vec<BTreeMap<Window, usize>>,
    },
}

impl WindowStates {
    /// An empty store for `keys` keys and the windows of `window_fn`.
    pub fn new(keys: usize, window_fn: &WindowFn) -> WindowStates {
        // Ways for about twice the windows an element falls in, so that they seldom collide; fewer
        // when there are so many keys that they would take more than 2^18 entries (8 MiB).
        let per_element = match *window_fn {
            WindowFn::Sliding { size, period, .. } => size.checked_div(period).unwrap_or(1).clamp(1, 32) as usize + 1,
            _ => 1,
        };
        let mut way_bits = if per_element == 1 { 0 } else { (2 * per_element).next_power_of_two().trailing_zeros() };
        while way_bits > 0 && keys << way_bits > 1 << 18 {
            way_bits -= 1;
        }
        let index = if window_fn.is_merging() {
            Index::Ordered { open: vec![BTreeMap::new(); keys], closed: vec![BTreeMap::new(); keys] }
        } else {
            Index::Hashed(FxHashMap::default())
        };
        WindowStates {
            slots: Vec::new(),
            free: Vec::new(),
            index,
            recent: vec![None; keys << way_bits],
            way_bits,
        }
    }

    /// Where window `w` of `key` is remembered in `recent`.
    #[inline]
    fn recent_index(&self, key: KeyId, w: Window) -> usize {
        let way = match w {
            Window::Interval { start, .. } if self.way_bits > 0 => {
                ((start as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - self.way_bits)) as usize
            }
            _ => 0,
        };
        (key as usize) << self.way_bits | way
    }

    /// The slot of window `w` of `key`.
    #[inline]
    fn find(&self, key: KeyId, w: Window) -> Option<usize> {
        match self.recent[self.recent_index(key, w)] {
            Some((last, slot)) if last == w => Some(slot),
            _ => self.look_up(key, w),
        }
    }

    #[inline(never)]
    fn look_up(&self, key: KeyId, w: Window) -> Option<usize> {
        match &self.index {
            Index::Hashed(map) => map.get(&(key, w)).copied(),
            Index::Ordered { open, closed } => open[key as usize].get(&w).or_else(|| closed[key as usize].get(&w)).copied(),
        }
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
        let r = self.recent_index(key, w);
        self.recent[r] = Some((w, slot));
        Some(self.state(slot))
    }

    /// The state of window `w` of `key`, made by `new` if the window has none.
    #[inline]
    pub fn get_or_insert_with(&mut self, key: KeyId, w: Window, new: impl FnOnce() -> WindowState) -> &mut WindowState {
        let slot = match self.recent[self.recent_index(key, w)] {
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
        let r = self.recent_index(key, w);
        self.recent[r] = Some((w, slot));
        slot
    }

    /// Sets the state of window `w` of `key` (which has none); returns its slot.
    pub fn insert(&mut self, key: KeyId, w: Window, state: WindowState) -> usize {
        debug_assert!(self.find(key, w).is_none(), "window {w:?} of key {key} inserted twice");
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
        match &mut self.index {
            Index::Hashed(map) => map.insert((key, w), slot),
            Index::Ordered { open, .. } => open[key as usize].insert(w, slot),
        };
        slot
    }

    /// Takes the state of window `w` of `key` out.
    pub fn remove(&mut self, key: KeyId, w: Window) -> Option<WindowState> {
        let slot = match &mut self.index {
            Index::Hashed(map) => map.remove(&(key, w)),
            Index::Ordered { open, closed } => open[key as usize].remove(&w).or_else(|| closed[key as usize].remove(&w)),
        }?;
        let r = self.recent_index(key, w);
        if self.recent[r].is_some_and(|(last, _)| last == w) {
            self.recent[r] = None;
        }
        self.free.push(slot);
        self.slots[slot].take()
    }

    /// Marks window `w` of `key` closed: it keeps its state (the trigger's finished bits, to drop
    /// later elements) but no longer merges (`ReduceFnRunner.emit` removes a finished window from
    /// the active window set). Only merging windows keep the difference.
    pub fn close(&mut self, key: KeyId, w: Window) {
        if let Index::Ordered { open, closed } = &mut self.index {
            if let Some(slot) = open[key as usize].remove(&w) {
                closed[key as usize].insert(w, slot);
            }
        }
    }

    /// Whether window `w` of `key` is closed (merging windows only).
    pub fn is_closed(&self, key: KeyId, w: Window) -> bool {
        match &self.index {
            Index::Ordered { closed, .. } => closed[key as usize].contains_key(&w),
            Index::Hashed(_) => false,
        }
    }

    /// Every window of every key with its state (open and closed), in no particular order:
    /// read-only, for inspection (`crate::why`).
    pub fn all(&self) -> Vec<(KeyId, Window, &WindowState)> {
        let entries: Vec<(KeyId, Window, usize)> = match &self.index {
            Index::Hashed(map) => map.iter().map(|(&(k, w), &slot)| (k, w, slot)).collect(),
            Index::Ordered { open, closed } => (0..open.len())
                .flat_map(|k| open[k].iter().chain(closed[k].iter()).map(move |(&w, &slot)| (k as KeyId, w, slot)))
                .collect(),
        };
        entries.into_iter().filter_map(|(k, w, slot)| Some((k, w, self.slots[slot].as_ref()?))).collect()
    }

    /// The open windows of `key` that share an instant with `proto`, latest first (merging
    /// windows only; closed windows never merge).
    pub fn overlapping(&self, key: KeyId, proto: Window) -> Vec<Window> {
        let (Index::Ordered { open: maps, .. }, Window::Interval { end, .. }) = (&self.index, proto) else { return Vec::new() };
        // The key's active sessions are disjoint and sorted, so the ones overlapping the
        // proto-window are contiguous, just before its end.
        maps[key as usize]
            .range(..Window::Interval { start: end, end: i64::MIN })
            .rev()
            .map(|(w, _)| *w)
            .take_while(|w| w.intersects(&proto))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::combine::Combiner;
    use crate::trigger::{machine::TriggerProgram, Trigger};

    fn state(value: f64) -> WindowState {
        let mut st = WindowState::new(Combiner::Sum.create(), TriggerProgram::compile(&Trigger::Default, false).new_state());
        st.acc.add(value, 0);
        st
    }

    fn value(st: Option<&WindowState>) -> Option<f64> {
        st.map(|st| match Combiner::Sum.extract(&st.acc) {
            crate::combine::Value::Number(x) => x,
            v => panic!("a sum is a number, got {v:?}"),
        })
    }

    #[test]
    fn removed_windows_are_gone_and_their_slots_reused() {
        let iv = |start, end| Window::Interval { start, end };
        for window_fn in [
            WindowFn::Fixed { size: 10, offset: 0 },
            WindowFn::Sliding { size: 30, period: 10, offset: 0 },
            WindowFn::Sessions { gap: 10 },
        ] {
            let mut states = WindowStates::new(2, &window_fn);
            states.get_or_insert_with(0, iv(0, 10), || state(1.0));
            states.get_or_insert_with(1, iv(0, 10), || state(2.0));
            states.get_or_insert_with(0, iv(10, 20), || state(3.0));
            assert_eq!(value(states.get(0, iv(0, 10))), Some(1.0), "{window_fn:?}");
            assert_eq!(value(states.remove(0, iv(0, 10)).as_ref()), Some(1.0));
            assert_eq!(value(states.get(0, iv(0, 10))), None);
            states.get_or_insert_with(1, iv(20, 30), || state(4.0));
            assert_eq!(value(states.get(0, iv(0, 10))), None, "the freed slot is reused, not found again");
            assert_eq!(value(states.get_mut(1, iv(20, 30)).map(|st| &*st)), Some(4.0));
            assert_eq!(value(states.get(1, iv(0, 10))), Some(2.0));
            assert_eq!(value(Some(states.get_or_insert_with(0, iv(10, 20), || state(9.0)))), Some(3.0));
            let overlapping = states.overlapping(1, iv(5, 25));
            assert_eq!(overlapping, if window_fn.is_merging() { vec![iv(20, 30), iv(0, 10)] } else { vec![] });
        }
    }

    #[test]
    fn closed_windows_are_found_but_never_overlap() {
        let iv = |start, end| Window::Interval { start, end };
        let mut states = WindowStates::new(2, &WindowFn::Sessions { gap: 10 });
        states.get_or_insert_with(0, iv(0, 10), || state(1.0));
        states.get_or_insert_with(1, iv(0, 10), || state(2.0));
        states.close(0, iv(0, 10));
        assert!(states.is_closed(0, iv(0, 10)));
        assert!(!states.is_closed(1, iv(0, 10)), "closing is per key");
        assert_eq!(value(states.get(0, iv(0, 10))), Some(1.0), "a closed window keeps its state");
        assert_eq!(states.overlapping(0, iv(5, 15)), vec![], "a closed window does not merge");
        assert_eq!(states.overlapping(1, iv(5, 15)), vec![iv(0, 10)]);
        // An open window may overlap a closed one; the closed one can still be removed.
        states.get_or_insert_with(0, iv(5, 15), || state(4.0));
        assert_eq!(states.overlapping(0, iv(12, 22)), vec![iv(5, 15)]);
        assert_eq!(value(states.remove(0, iv(0, 10)).as_ref()), Some(1.0));
        assert!(!states.is_closed(0, iv(0, 10)));
        assert_eq!(value(states.get(0, iv(0, 10))), None);
        // Non-merging windows keep no difference.
        let mut fixed = WindowStates::new(1, &WindowFn::Fixed { size: 10, offset: 0 });
        fixed.get_or_insert_with(0, iv(0, 10), || state(1.0));
        fixed.close(0, iv(0, 10));
        assert!(!fixed.is_closed(0, iv(0, 10)));
        assert_eq!(value(fixed.get(0, iv(0, 10))), Some(1.0));
    }
}
