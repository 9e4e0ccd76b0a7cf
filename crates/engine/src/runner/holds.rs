//! Watermark holds: the multiset of hold timestamps that keeps the output watermark back.

use crate::time::Timestamp;
use std::collections::BTreeMap;

/// All watermark holds of all keys and windows of the step.
#[derive(Default, Debug)]
pub struct Holds {
    counts: BTreeMap<Timestamp, u32>,
}

impl Holds {
    /// Adds a hold.
    pub fn add(&mut self, t: Timestamp) {
        *self.counts.entry(t).or_insert(0) += 1;
    }

    /// Removes one hold at `t` (which must exist).
    pub fn remove(&mut self, t: Timestamp) {
        match self.counts.get_mut(&t) {
            Some(1) => {
                self.counts.remove(&t);
            }
            Some(n) => *n -= 1,
            None => debug_assert!(false, "removing a watermark hold at {t} that was never added"),
        }
    }

    /// Replaces hold `old` by `new` (either may be absent). Inlined: most calls (an element
    /// joining a window whose hold it does not move) change nothing.
    #[inline]
    pub fn replace(&mut self, old: Option<Timestamp>, new: Option<Timestamp>) {
        if old != new {
            self.change(old, new);
        }
    }

    fn change(&mut self, old: Option<Timestamp>, new: Option<Timestamp>) {
        if let Some(t) = old {
            self.remove(t);
        }
        if let Some(t) = new {
            self.add(t);
        }
    }

    /// The earliest hold.
    pub fn min(&self) -> Option<Timestamp> {
        self.counts.first_key_value().map(|(&t, _)| t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_follows_adds_and_removes() {
        let mut h = Holds::default();
        h.add(5);
        h.add(3);
        h.add(3);
        assert_eq!(h.min(), Some(3));
        h.remove(3);
        assert_eq!(h.min(), Some(3));
        h.replace(Some(3), Some(9));
        assert_eq!(h.min(), Some(5));
        h.remove(5);
        h.remove(9);
        assert_eq!(h.min(), None);
    }
}
