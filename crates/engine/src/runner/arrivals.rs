//! The events in arrival order.

use super::KeyedEvent;

/// The events in arrival order; simultaneous arrivals keep input order. Events that are already
/// in arrival order (the common case) need no index.
pub struct Arrivals<'a> {
    events: &'a [KeyedEvent],
    /// Event indices by arrival, when the events are not in arrival order.
    order: Option<Vec<usize>>,
}

impl<'a> Arrivals<'a> {
    /// The arrival order of `events`.
    #[cfg(test)]
    pub fn new(events: &'a [KeyedEvent]) -> Arrivals<'a> {
        Arrivals::knowing(events, events.windows(2).all(|w| w[0].arrival <= w[1].arrival))
    }

    /// The arrival order of `events`, where the caller has seen (in a pass over the events it
    /// makes anyway) whether they are already `in_order`.
    pub fn knowing(events: &'a [KeyedEvent], in_order: bool) -> Arrivals<'a> {
        debug_assert_eq!(in_order, events.windows(2).all(|w| w[0].arrival <= w[1].arrival));
        let order = (!in_order).then(|| {
            let mut order: Vec<usize> = (0..events.len()).collect();
            order.sort_by_key(|&i| events[i].arrival);
            order
        });
        Arrivals { events, order }
    }

    /// The number of events.
    pub fn len(&self) -> usize {
        self.events.len()
    }

    /// The index in the input of the `k`-th event to arrive.
    #[inline]
    pub fn index(&self, k: usize) -> usize {
        match &self.order {
            Some(order) => order[k],
            None => k,
        }
    }

    /// The `k`-th event to arrive.
    #[inline]
    pub fn event(&self, k: usize) -> &'a KeyedEvent {
        &self.events[self.index(k)]
    }

    /// When the `k`-th event arrives, if there is one.
    #[inline]
    pub fn arrival(&self, k: usize) -> Option<i64> {
        (k < self.len()).then(|| self.event(k).arrival)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_keep_input_order() {
        let ev = |arrival| KeyedEvent { key: 0, value: 0.0, event_time: 0, arrival };
        let events = vec![ev(5), ev(1), ev(5), ev(3)];
        let a = Arrivals::new(&events);
        let order: Vec<usize> = (0..a.len()).map(|k| a.index(k)).collect();
        assert_eq!(order, vec![1, 3, 0, 2]);
        assert_eq!(a.arrival(4), None);
        let sorted = vec![ev(1), ev(1), ev(2)];
        assert_eq!(Arrivals::new(&sorted).index(2), 2);
    }
}
