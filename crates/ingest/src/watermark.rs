//! The `ingest` watermark: per partition (shard or queue) the oldest event time not yet
//! delivered, else the last delivered event time; the pipeline's watermark is the minimum over
//! partitions that are not idle, and never goes back.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// A multiset of (event time, device) with a cheap minimum (lazy deletion): the oldest event
/// time and the device whose record it is.
#[derive(Default, Debug)]
struct MinSet {
    live: BinaryHeap<Reverse<(i64, u32)>>,
    gone: BinaryHeap<Reverse<(i64, u32)>>,
}

impl MinSet {
    fn insert(&mut self, t: i64, device: u32) {
        self.live.push(Reverse((t, device)));
    }
    fn remove(&mut self, t: i64, device: u32) {
        self.gone.push(Reverse((t, device)));
    }
    fn min(&mut self) -> Option<(i64, u32)> {
        while let (Some(a), Some(b)) = (self.live.peek(), self.gone.peek()) {
            if a != b {
                break;
            }
            self.live.pop();
            self.gone.pop();
        }
        self.live.peek().map(|r| r.0)
    }
}

/// One partition of the transport whose position the watermark follows.
#[derive(Default, Debug)]
struct Partition {
    pending: MinSet,
    count: u64,
    last_delivered: Option<i64>,
    last_accept: i64,
    /// Closed (a shard split or merged away, or not made yet): holds nothing back once empty.
    closed: bool,
}

/// Every partition's state and the pipeline watermark made from them.
#[derive(Debug)]
pub struct Watermarks {
    parts: Vec<Partition>,
    idle_timeout: Option<i64>,
    current: Option<i64>,
    dirty: bool,
}

impl Watermarks {
    /// `n` partitions, none holding anything yet, all active since `origin`.
    ///
    /// ```
    /// use windowpane_ingest::watermark::Watermarks;
    /// let mut w = Watermarks::new(2, 0, None);
    /// w.accept(0, 10, 100, 0);
    /// w.deliver(0, 10, 100, 0);
    /// assert_eq!(w.evaluate(10), None); // partition 1 knows nothing yet: minus infinity
    /// w.accept(1, 11, 50, 1);
    /// assert_eq!(w.evaluate(11), Some(50));
    /// ```
    pub fn new(n: usize, origin: i64, idle_timeout: Option<i64>) -> Watermarks {
        let parts = (0..n).map(|_| Partition { last_accept: origin, ..Partition::default() }).collect();
        Watermarks { parts, idle_timeout, current: None, dirty: true }
    }

    /// The pipeline watermark; `None` is minus infinity.
    pub fn current(&self) -> Option<i64> {
        self.current
    }

    /// The number of partitions.
    pub fn len(&self) -> usize {
        self.parts.len()
    }

    /// Whether there is no partition.
    pub fn is_empty(&self) -> bool {
        self.parts.is_empty()
    }

    /// The idle timeout, if any.
    pub fn idle_timeout(&self) -> Option<i64> {
        self.idle_timeout
    }

    /// A record of `device` with `event_time` entered partition `p` at `t`.
    pub fn accept(&mut self, p: u32, t: i64, event_time: i64, device: u32) {
        let part = &mut self.parts[p as usize];
        part.pending.insert(event_time, device);
        part.count += 1;
        part.last_accept = t;
        self.dirty = true;
    }

    /// A record left partition `p` for the pipeline. Returns the time at which the partition
    /// turns idle if it is now empty and an idle timeout is set.
    pub fn deliver(&mut self, p: u32, _t: i64, event_time: i64, device: u32) -> Option<i64> {
        let part = &mut self.parts[p as usize];
        debug_assert!(part.count > 0, "delivered more than was accepted in partition {p}");
        part.pending.remove(event_time, device);
        part.count -= 1;
        part.last_delivered = Some(event_time);
        self.dirty = true;
        let empty = part.count == 0;
        self.idle_timeout.filter(|_| empty).map(|d| part.last_accept.saturating_add(d))
    }

    /// A new partition, closed (holding nothing back) until it is opened; returns its index.
    pub fn add(&mut self, t: i64) -> u32 {
        self.parts.push(Partition { last_accept: t, closed: true, ..Partition::default() });
        (self.parts.len() - 1) as u32
    }

    /// Closes or reopens partition `p`: a closed partition holds the watermark back only while
    /// it still holds records (a parent shard being drained).
    pub fn set_closed(&mut self, p: u32, closed: bool) {
        self.parts[p as usize].closed = closed;
        self.dirty = true;
    }

    /// Something may have changed at `t` (an idle timeout expired).
    pub fn touch(&mut self) {
        self.dirty = true;
    }

    /// Partition `p`'s own watermark at `t`: `Some(None)` for minus infinity, `None` when the
    /// partition is idle (it holds nothing back).
    pub fn partition(&mut self, p: usize, t: i64) -> Option<Option<i64>> {
        let timeout = self.idle_timeout;
        let part = &mut self.parts[p];
        if part.count == 0 && part.closed {
            return None;
        }
        if part.count == 0 && timeout.is_some_and(|d| t.saturating_sub(part.last_accept) >= d) {
            return None;
        }
        Some(part.pending.min().map(|(t, _)| t).or(part.last_delivered))
    }

    /// The device whose record is the oldest partition `p` holds (its watermark), if it holds one.
    ///
    /// ```
    /// use windowpane_ingest::watermark::Watermarks;
    /// let mut w = Watermarks::new(1, 0, None);
    /// w.accept(0, 1, 500, 7);
    /// w.accept(0, 2, 300, 4);
    /// assert_eq!(w.oldest(0), Some(4));
    /// w.deliver(0, 3, 300, 4);
    /// assert_eq!(w.oldest(0), Some(7));
    /// ```
    pub fn oldest(&mut self, p: usize) -> Option<u32> {
        self.parts[p].pending.min().map(|(_, d)| d)
    }

    /// Recomputes the pipeline watermark at `t` if anything changed; returns it when it advanced.
    pub fn evaluate(&mut self, t: i64) -> Option<i64> {
        if !std::mem::take(&mut self.dirty) {
            return None;
        }
        let mut min: Option<Option<i64>> = None; // None: every partition idle
        for p in 0..self.parts.len() {
            if let Some(w) = self.partition(p, t) {
                // Option's order puts None (minus infinity) first.
                min = Some(min.map_or(w, |m| m.min(w)));
            }
        }
        match min {
            Some(Some(w)) if self.current.is_none_or(|c| w > c) => {
                self.current = Some(w);
                Some(w)
            }
            _ => None,
        }
    }
}
