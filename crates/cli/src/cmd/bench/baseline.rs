//! The minimal loop the engine is measured against: the same work as the engine's "fixed
//! windows, default trigger, no lateness, bounded-out-of-orderness watermark" configuration
//! and nothing else (keys as integer ids, a hash map of (key, window) to sum, end-of-window timers
//! in an ordered map of window end to keys). Its panes are compared with the engine's before
//! the bench trusts the ratio.

use std::collections::{BTreeMap, HashMap};
use windowpane_engine::Event;

/// One pane of the baseline: key id, window start, sum.
pub type BasePane = (u32, i64, f64);

/// Sums of fixed windows of `size` (offset 0) over `events` (in arrival order), fired when the
/// watermark (max event time seen minus `max_delay`, moved after the arrivals at each processing
/// time) passes a window's last instant; an element whose window's last instant is behind the
/// watermark is dropped; at the end every window fires.
pub fn fixed_sums(events: &[Event], key_ids: &[u32], size: i64, max_delay: i64) -> Vec<BasePane> {
    let mut sums: HashMap<(u32, i64), f64> = HashMap::new();
    let mut timers: BTreeMap<i64, Vec<u32>> = BTreeMap::new();
    let mut panes = Vec::new();
    let mut watermark = i64::MIN;
    let mut max_seen = i64::MIN;
    let mut k = 0;
    while k < events.len() {
        let at = events[k].arrival;
        while k < events.len() && events[k].arrival == at {
            let e = &events[k];
            let start = e.event_time - e.event_time.rem_euclid(size);
            max_seen = max_seen.max(e.event_time);
            if start + size - 1 >= watermark {
                let sum = sums.entry((key_ids[k], start)).or_insert_with(|| {
                    timers.entry(start + size - 1).or_default().push(key_ids[k]);
                    0.0
                });
                *sum += e.value;
            }
            k += 1;
        }
        watermark = watermark.max(max_seen.saturating_sub(max_delay));
        fire(&mut timers, &mut sums, &mut panes, watermark, size);
    }
    fire(&mut timers, &mut sums, &mut panes, i64::MAX, size);
    panes
}

fn fire(
    timers: &mut BTreeMap<i64, Vec<u32>>,
    sums: &mut HashMap<(u32, i64), f64>,
    panes: &mut Vec<BasePane>,
    watermark: i64,
    size: i64,
) {
    while let Some(entry) = timers.first_entry() {
        if *entry.key() >= watermark && watermark != i64::MAX {
            break;
        }
        let (last, keys) = entry.remove_entry();
        let start = last + 1 - size;
        for key in keys {
            if let Some(sum) = sums.remove(&(key, start)) {
                panes.push((key, start, sum));
            }
        }
    }
}

/// Integer ids for the events' keys, in order of first appearance.
pub fn key_ids(events: &[Event]) -> Vec<u32> {
    let mut ids: HashMap<&str, u32> = HashMap::new();
    events
        .iter()
        .map(|e| {
            let next = ids.len() as u32;
            *ids.entry(e.key.as_str()).or_insert(next)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ev(key: &str, value: f64, event_time: i64, arrival: i64) -> Event {
        Event { key: key.into(), value, event_time, arrival }
    }

    #[test]
    fn sums_fire_when_the_watermark_passes_and_late_elements_are_dropped() {
        // Windows of 10, delay 0. At 1: a@3 (window 0). At 2: a@15 → watermark 15 passes 9: pane (a, 0, 1).
        // At 3: a@4 is behind the watermark (9 < 15): dropped. At 4: b@12. End: (a, 10, 2), (b, 10, 5).
        let events = vec![ev("a", 1.0, 3, 1), ev("a", 2.0, 15, 2), ev("a", 7.0, 4, 3), ev("b", 5.0, 12, 4)];
        let ids = key_ids(&events);
        assert_eq!(ids, vec![0, 0, 0, 1]);
        let panes = fixed_sums(&events, &ids, 10, 0);
        assert_eq!(panes, vec![(0, 0, 1.0), (0, 10, 2.0), (1, 10, 5.0)]);
    }
}
