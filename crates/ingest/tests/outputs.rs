//! What a run reports, recomputed from its deliveries: latency percentiles, the per-lane samples
//! over processing time; and the generated fleet's delays, clock skew and offline periods.

mod common;

use common::run;
use serde_json::{json, Value};
use windowpane_ingest::Resolved;

/// A fleet with a hot device throttling its shard, so latencies reach several seconds.
fn hot_fleet() -> (Value, Value) {
    let g = json!({"devices": {"count": 20}, "rate": 5, "duration": "40s", "seed": 11,
                   "delay": {"type": "log_normal", "median": "50ms", "p99": "700ms"},
                   "overrides": [{"device": 0, "rate": 300}]});
    let i = json!({"type": "kinesis", "shards": 4, "write_limit": 200,
                   "consumer": {"batch_size": 50, "batch_window": "250ms", "record_time": "3ms"}});
    (g, i)
}

/// Nearest rank: the smallest latency with at least `q` of them at or below it.
fn nearest_rank(sorted: &[i64], q: f64) -> i64 {
    let rank = ((q * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

#[test]
fn latency_percentiles_are_those_of_the_deliveries() {
    let (g, i) = hot_fleet();
    let r = run(g, i, None);
    let mut latencies: Vec<i64> = r.deliveries.iter().map(|d| d.arrival - d.record.created).collect();
    latencies.sort_unstable();
    assert!(*latencies.last().unwrap() > 4096, "the test needs latencies beyond the exact buckets");
    let p = r.report.latency;
    assert_eq!(p.max, latencies.last().copied());
    for (q, got) in [(0.5, p.p50), (0.9, p.p90), (0.99, p.p99)] {
        let exact = nearest_rank(&latencies, q);
        let got = got.expect("deliveries were made");
        // Exact below 2,048 ms; above, the bucket's floor, at most 1/1024 below.
        if exact < 2048 {
            assert_eq!(got, exact, "p{q}");
        } else {
            assert!(got <= exact && exact - got <= exact / 1024, "p{q}: {got} for {exact}");
        }
    }
    // Per lane: mean and largest latency of its own deliveries.
    for (lane, stats) in r.report.lanes.iter().enumerate() {
        let mine: Vec<i64> = r.deliveries.iter().filter(|d| d.lane == lane as u32).map(|d| d.arrival - d.record.created).collect();
        assert_eq!(stats.delivered as usize, mine.len());
        assert_eq!(stats.latency_max, mine.iter().copied().max());
        let mean = mine.iter().sum::<i64>() as f64 / mine.len() as f64;
        assert!((stats.latency_mean.unwrap() - mean).abs() < 1e-9);
    }
}

/// One lane's acceptance and arrival times, sorted, to count what is queued at an instant.
struct Times {
    accepted: Vec<i64>,
    arrived: Vec<i64>,
}

impl Times {
    fn of(r: &Resolved, lane: u32) -> Times {
        let mine = r.deliveries.iter().filter(|d| d.lane == lane);
        let mut accepted: Vec<i64> = mine.clone().map(|d| d.accepted).collect();
        let mut arrived: Vec<i64> = mine.map(|d| d.arrival).collect();
        accepted.sort_unstable();
        arrived.sort_unstable();
        Times { accepted, arrived }
    }

    /// Records accepted at or before `t` minus those delivered before `t` (`strict`) or at or
    /// before `t`.
    fn queued(&self, t: i64, strict: bool) -> u64 {
        let accepted = self.accepted.partition_point(|&a| a <= t);
        let delivered = self.arrived.partition_point(|&a| if strict { a < t } else { a <= t });
        (accepted - delivered) as u64
    }
}

#[test]
fn lane_samples_follow_backlog_deliveries_and_throttling_over_processing_time() {
    let (g, i) = hot_fleet();
    let r = run(g, i, None);
    let bucket = r.report.bucket;
    assert_eq!(bucket, 1000);
    let mut instants: Vec<i64> = r.deliveries.iter().flat_map(|d| [d.accepted, d.arrival]).collect();
    instants.sort_unstable();
    instants.dedup();
    for (lane, stats) in r.report.lanes.iter().enumerate() {
        let lane = lane as u32;
        let times = Times::of(&r, lane);
        assert!(!stats.samples.is_empty());
        assert_eq!(stats.samples.iter().map(|s| s.delivered).sum::<u64>(), stats.delivered);
        assert_eq!(stats.samples.iter().map(|s| s.throttled).sum::<u64>(), stats.throttled);
        for s in &stats.samples {
            let end = s.t + bucket;
            let delivered: Vec<_> = r.deliveries.iter().filter(|d| d.lane == lane && (s.t..end).contains(&d.arrival)).collect();
            assert_eq!(s.delivered as usize, delivered.len(), "lane {lane} at {}", s.t);
            let latest = delivered.iter().map(|d| d.arrival - d.record.created).max();
            assert_eq!(s.latency_max, latest, "lane {lane} at {}", s.t);
            // Most records queued in the bucket: at least what is left at the end of an instant
            // (or at the bucket's start), at most what was accepted before the instant's deliveries.
            let inside = instants.iter().copied().filter(|t| (s.t..end).contains(t));
            let low = inside.clone().map(|t| times.queued(t, false)).chain([times.queued(s.t - 1, false)]).max().unwrap();
            let high = inside.map(|t| times.queued(t, true)).chain([low]).max().unwrap();
            assert!((low..=high).contains(&s.queued), "lane {lane} at {}: {} queued, expected {low}..={high}", s.t, s.queued);
        }
    }
    // Only the hot device's shard is throttled, and records wait at its producer.
    let hot = r.deliveries.iter().find(|d| d.record.device == 0).unwrap().lane as usize;
    for (lane, stats) in r.report.lanes.iter().enumerate() {
        assert_eq!(stats.throttled > 0, lane == hot, "lane {lane}");
        assert_eq!(stats.samples.iter().any(|s| s.waiting > 0), lane == hot, "lane {lane}: records waiting at the producer");
    }
}

/// One event from each of `n` devices (1 a second for 1 s), straight through: the latencies are
/// the network delays drawn.
fn delays(n: u32, delay: Value) -> Vec<i64> {
    let g = json!({"devices": {"count": n}, "rate": 1, "duration": "1s", "seed": 3, "delay": delay});
    let r = run(g, json!({"type": "direct"}), None);
    assert_eq!(r.deliveries.len(), n as usize);
    let mut v: Vec<i64> = r.deliveries.iter().map(|d| d.arrival - d.record.created).collect();
    v.sort_unstable();
    v
}

#[test]
fn network_delays_follow_their_distributions() {
    let n = 20_000;
    assert!(delays(100, json!("250ms")).iter().all(|&d| d == 250));
    let uniform = delays(n, json!({"type": "uniform", "min": "50ms", "max": "150ms"}));
    assert_eq!((uniform[0], uniform[uniform.len() - 1]), (50, 150));
    let mean = uniform.iter().sum::<i64>() as f64 / n as f64;
    assert!((mean - 100.0).abs() < 1.5, "uniform mean {mean}");
    // Exponential with mean 200 ms: mean 200 and median 200 × ln 2 ≈ 138.6 (within about 5 %).
    let exponential = delays(n, json!({"type": "exponential", "mean": "200ms"}));
    let mean = exponential.iter().sum::<i64>() as f64 / n as f64;
    assert!((mean - 200.0).abs() < 10.0, "exponential mean {mean}");
    assert!((nearest_rank(&exponential, 0.5) - 139).abs() <= 7);
    // Log-normal by median 100 ms and p99 1 s.
    let log_normal = delays(n, json!({"type": "log_normal", "median": "100ms", "p99": "1s"}));
    let (median, p99) = (nearest_rank(&log_normal, 0.5), nearest_rank(&log_normal, 0.99));
    assert!((95..=105).contains(&median), "log-normal median {median}");
    assert!((900..=1100).contains(&p99), "log-normal p99 {p99}");
}

#[test]
fn clock_skew_and_offline_periods() {
    // Each device's clock is off by a fixed amount in [-300, 300] ms.
    let g = json!({"devices": {"count": 400}, "rate": 2, "duration": "5s", "clock_skew": "300ms"});
    let r = run(g, json!({"type": "direct"}), None);
    let mut skew = std::collections::HashMap::new();
    for d in &r.deliveries {
        let s = d.record.event_time() - d.record.created;
        assert!((-300..=300).contains(&s));
        assert_eq!(*skew.entry(d.record.device).or_insert(s), s, "one skew per device");
    }
    assert!(skew.values().any(|&s| s < -200) && skew.values().any(|&s| s > 200));
    // Device 1 is offline from 2 s to 6 s: what it creates then is sent at 6 s, at once.
    let g = json!({"devices": {"count": 2}, "rate": 4, "duration": "10s", "delay": "30ms",
                   "offline": [{"device": 1, "from": 2000, "to": 6000}]});
    let r = run(g, json!({"type": "direct"}), None);
    let offline: Vec<&windowpane_ingest::Delivery> =
        r.deliveries.iter().filter(|d| d.record.device == 1 && (2000..6000).contains(&d.record.created)).collect();
    assert_eq!(offline.len(), 16);
    assert!(offline.iter().all(|d| d.arrival == 6030));
    let online = r.deliveries.iter().filter(|d| !(d.record.device == 1 && (2000..6000).contains(&d.record.created)));
    assert!(online.clone().all(|d| d.arrival == d.record.created + 30));
    assert_eq!(online.count(), 80 - 16);
}
