//! A timing wheel: a priority queue for items keyed by millisecond, O(1) when times are dense
//! and near (sends a period ahead, network delays), with a heap for the far future.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

const SLOTS: usize = 1 << 12; // ms covered by the wheel
const MASK: i64 = SLOTS as i64 - 1;

/// Items ordered by `(time, item)`; `item`'s order breaks ties, so runs are deterministic.
/// Pushes may not go behind the last popped time.
pub(crate) struct Wheel<T: Ord + Copy> {
    /// Per slot, items of one time; the slot at `sorted` is sorted descending (next one last).
    slots: Vec<Vec<T>>,
    /// The last popped time: every item is at or after it, and the wheel covers
    /// `[floor, floor + SLOTS)`.
    floor: i64,
    /// No item in the wheel is before it.
    cursor: i64,
    sorted: i64,
    in_wheel: usize,
    far: BinaryHeap<Reverse<(i64, T)>>,
}

impl<T: Ord + Copy> Wheel<T> {
    pub(crate) fn new() -> Wheel<T> {
        let slots = (0..SLOTS).map(|_| Vec::new()).collect();
        Wheel { slots, floor: i64::MIN, cursor: i64::MIN, sorted: i64::MIN, in_wheel: 0, far: BinaryHeap::new() }
    }

    fn near(&self, t: i64) -> bool {
        self.floor != i64::MIN && t - self.floor < SLOTS as i64
    }

    fn insert(&mut self, t: i64, item: T) {
        let slot = &mut self.slots[(t & MASK) as usize];
        if t == self.sorted {
            let at = slot.partition_point(|x| *x > item);
            slot.insert(at, item);
        } else {
            slot.push(item);
        }
        self.cursor = if self.in_wheel == 0 { t } else { self.cursor.min(t) };
        self.in_wheel += 1;
    }

    pub(crate) fn push(&mut self, t: i64, item: T) {
        debug_assert!(t >= self.floor, "pushed {t} behind the last popped time {}", self.floor);
        if self.near(t) {
            self.insert(t, item);
        } else {
            self.far.push(Reverse((t, item)));
        }
    }

    /// The earliest item's time. Far items are all later than every item in the wheel.
    pub(crate) fn peek(&mut self) -> Option<i64> {
        if self.in_wheel == 0 {
            return self.far.peek().map(|r| r.0 .0);
        }
        while self.slots[(self.cursor & MASK) as usize].is_empty() {
            self.cursor += 1;
        }
        if self.sorted != self.cursor {
            self.sorted = self.cursor;
            self.slots[(self.cursor & MASK) as usize].sort_unstable_by(|a, b| b.cmp(a));
        }
        Some(self.cursor)
    }

    pub(crate) fn pop(&mut self) -> Option<(i64, T)> {
        let t = self.peek()?;
        let item = if self.in_wheel == 0 {
            self.far.pop()?.0 .1
        } else {
            self.in_wheel -= 1;
            self.slots[(t & MASK) as usize].pop()?
        };
        self.floor = t;
        while self.far.peek().is_some_and(|r| self.near(r.0 .0)) {
            let Some(Reverse((t, item))) = self.far.pop() else { break };
            self.insert(t, item);
        }
        Some((t, item))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prng::SplitMix64;

    #[test]
    fn pops_in_the_order_of_a_sorted_list() {
        let mut rng = SplitMix64::new(3);
        let mut wheel = Wheel::new();
        let mut all = Vec::new();
        let mut now = 0;
        for i in 0..3_000u32 {
            // Interleave pushes (near and far) with pops, never behind the cursor.
            let t = now + [0, 1, 7, 999, 5_000, 100_000][rng.below(6) as usize];
            wheel.push(t, i);
            all.push((t, i));
            if rng.below(3) == 0 {
                let popped = wheel.pop().unwrap();
                now = popped.0;
                all.sort_unstable();
                assert_eq!(all.remove(0), popped);
            }
        }
        all.sort_unstable();
        let rest: Vec<(i64, u32)> = std::iter::from_fn(|| wheel.pop()).collect();
        assert_eq!(rest, all);
    }
}
