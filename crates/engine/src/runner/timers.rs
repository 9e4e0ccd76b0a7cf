//! Pending timers of all keys and windows, bucketed by time: windows that end together (every key's
//! fixed window, every sliding window of one period) share one bucket, so setting a timer is a push
//! and firing a batch is one sort, where an ordered set of every timer paid a tree walk for each.

use super::window_state::KeyId;
use crate::time::Timestamp;
use crate::window::Window;
use std::collections::BTreeMap;

/// A timer: when, for which key and window.
pub type Timer = (Timestamp, KeyId, Window);

/// A set of timers, taken out in firing order (time, then key, then window).
#[derive(Default)]
pub struct TimerQueue {
    /// Per time, the (key, window) pairs with a timer then, unordered, possibly repeated; never empty.
    buckets: BTreeMap<Timestamp, Vec<(KeyId, Window)>>,
}

impl TimerQueue {
    /// Sets a timer (setting one that is set already changes nothing).
    pub fn insert(&mut self, (t, key, w): Timer) {
        self.buckets.entry(t).or_default().push((key, w));
    }

    /// Deletes a timer, if it is set.
    pub fn remove(&mut self, &(t, key, w): &Timer) {
        if let Some(bucket) = self.buckets.get_mut(&t) {
            bucket.retain(|&e| e != (key, w));
            if bucket.is_empty() {
                self.buckets.remove(&t);
            }
        }
    }

    /// The earliest time with a timer.
    pub fn first_time(&self) -> Option<Timestamp> {
        self.buckets.first_key_value().map(|(&t, _)| t)
    }

    /// Takes out the timers whose time is `due`, in firing order, each once. Times are tested in
    /// order, up to the first that is not due.
    pub fn take_due(&mut self, due: impl Fn(Timestamp) -> bool) -> Vec<Timer> {
        let mut batch = Vec::new();
        while let Some(entry) = self.buckets.first_entry() {
            let t = *entry.key();
            if !due(t) {
                break;
            }
            let mut bucket = entry.remove();
            let window = bucket[0].1;
            if bucket.iter().all(|e| e.1 == window) {
                // One window for every key (fixed windows, one end of sliding windows): the key
                // ids alone give the order.
                sort_keys(&mut bucket, window);
            } else {
                bucket.sort_unstable();
                bucket.dedup();
            }
            batch.extend(bucket.into_iter().map(|(key, w)| (t, key, w)));
        }
        batch
    }
}

/// Sorts the timers of one time and one window by key, each key once. Key ids are dense, so when
/// the bucket holds many of them a bitmap of the ids present is a linear sort.
fn sort_keys(bucket: &mut Vec<(KeyId, Window)>, window: Window) {
    let max = bucket.iter().map(|e| e.0).max().unwrap_or(0) as usize;
    if bucket.len() < 64 || bucket.len() * 8 < max {
        bucket.sort_unstable_by_key(|e| e.0);
        bucket.dedup();
        return;
    }
    let mut present = vec![0u64; max / 64 + 1];
    for &(key, _) in bucket.iter() {
        present[key as usize / 64] |= 1 << (key % 64);
    }
    bucket.clear();
    for (i, mut word) in present.into_iter().enumerate() {
        while word != 0 {
            let bit = word.trailing_zeros();
            bucket.push(((i * 64) as KeyId + bit, window));
            word &= word - 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iv(start: i64, end: i64) -> Window {
        Window::Interval { start, end }
    }

    #[test]
    fn due_timers_come_out_in_order_once_and_the_rest_stay() {
        let mut q = TimerQueue::default();
        for t in [(5, 1, iv(0, 10)), (3, 0, iv(0, 10)), (5, 0, iv(10, 20)), (5, 0, iv(0, 10)), (9, 0, iv(0, 10)), (5, 1, iv(0, 10))] {
            q.insert(t);
        }
        assert_eq!(q.first_time(), Some(3));
        assert_eq!(q.take_due(|t| t <= 5), vec![(3, 0, iv(0, 10)), (5, 0, iv(0, 10)), (5, 0, iv(10, 20)), (5, 1, iv(0, 10))]);
        assert_eq!(q.take_due(|t| t <= 5), vec![]);
        assert_eq!(q.first_time(), Some(9));
        assert_eq!(q.take_due(|_| true), vec![(9, 0, iv(0, 10))]);
        assert_eq!(q.first_time(), None);
    }

    #[test]
    fn a_large_bucket_of_one_window_comes_out_by_key_once() {
        // Enough keys for the bitmap, in a scrambled order, each set twice.
        let mut q = TimerQueue::default();
        let keys: Vec<KeyId> = (0..500u32).map(|i| (i * 263) % 500).collect();
        for &k in keys.iter().chain(&keys) {
            q.insert((9, k, iv(0, 10)));
        }
        q.insert((9, 7, iv(0, 5)));
        assert_eq!(q.take_due(|_| true).len(), 501, "a second window: the general sort");
        for &k in keys.iter().chain(&keys) {
            q.insert((9, k, iv(0, 10)));
        }
        let out = q.take_due(|_| true);
        assert_eq!(out, (0..500).map(|k| (9, k, iv(0, 10))).collect::<Vec<_>>());
        // Few keys with a large id: sorted without a bitmap.
        for k in [1_000_000, 3, 1_000_000, 0] {
            q.insert((1, k, iv(0, 10)));
        }
        assert_eq!(q.take_due(|_| true), vec![(1, 0, iv(0, 10)), (1, 3, iv(0, 10)), (1, 1_000_000, iv(0, 10))]);
    }

    #[test]
    fn removed_timers_do_not_fire_and_others_of_their_time_do() {
        let mut q = TimerQueue::default();
        q.insert((5, 0, iv(0, 10)));
        q.insert((5, 0, iv(0, 10)));
        q.insert((5, 1, iv(0, 10)));
        q.insert((7, 0, iv(0, 10)));
        q.remove(&(5, 0, iv(0, 10)));
        q.remove(&(6, 0, iv(0, 10)));
        q.remove(&(7, 0, iv(0, 10)));
        assert_eq!(q.first_time(), Some(5));
        assert_eq!(q.take_due(|_| true), vec![(5, 1, iv(0, 10))], "a timer set twice is removed once and for all");
        assert_eq!(q.first_time(), None, "an emptied time is gone");
    }
}
