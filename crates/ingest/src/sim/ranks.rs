//! The messages still in a queue, by queue order, with the count of those older than a given
//! one (a Fenwick tree over queue orders that grows as messages are accepted).

/// Live messages by queue order (1, 2, …): insert, remove, and count those before an order, each
/// in O(log n).
#[derive(Debug, Default)]
pub(crate) struct Ranks {
    /// `tree[i]` counts the live orders in `(i - lowbit(i), i]`; `tree[0]` is unused.
    tree: Vec<u32>,
    live: u32,
}

impl Ranks {
    /// The capacity: a power of two, the largest order the tree holds.
    fn cap(&self) -> usize {
        self.tree.len().saturating_sub(1)
    }

    fn add(&mut self, order: u64, delta: i32) {
        let mut i = order as usize;
        debug_assert!(i >= 1 && i <= self.cap(), "order {order} outside the tree (capacity {})", self.cap());
        while i <= self.cap() {
            self.tree[i] = self.tree[i].wrapping_add_signed(delta);
            i += i & i.wrapping_neg();
        }
    }

    /// Message `order` (≥ 1, each order once) is in the queue.
    pub(crate) fn insert(&mut self, order: u64) {
        while order as usize > self.cap() {
            // Doubling a Fenwick tree keeps every entry of the first half; of the new ones only the
            // last, covering everything, is not empty.
            let old = self.cap();
            let new = (old * 2).max(1024);
            self.tree.resize(new + 1, 0);
            self.tree[new] = self.live;
        }
        self.add(order, 1);
        self.live += 1;
    }

    /// Message `order` left the queue (deleted, dead-lettered or expired).
    pub(crate) fn remove(&mut self, order: u64) {
        self.add(order, -1);
        self.live -= 1;
    }

    /// Live messages older than `order`.
    pub(crate) fn before(&self, order: u64) -> u32 {
        let mut i = (order.saturating_sub(1) as usize).min(self.cap());
        let mut n = 0u32;
        while i > 0 {
            n += self.tree[i];
            i &= i - 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::Ranks;

    #[test]
    fn counts_the_live_messages_before_an_order_as_the_tree_grows() {
        let mut r = Ranks::default();
        for o in 1..=3000 {
            r.insert(o);
        }
        for o in (2..=3000).step_by(2) {
            r.remove(o);
        }
        // Live: the odd orders 1, 3, …, 2999.
        assert_eq!(r.before(1), 0);
        assert_eq!(r.before(2), 1);
        assert_eq!(r.before(1025), 512);
        assert_eq!(r.before(3001), 1500);
        r.insert(5000);
        assert_eq!(r.before(5001), 1501);
        assert_eq!(r.before(4000), 1500);
    }
}
