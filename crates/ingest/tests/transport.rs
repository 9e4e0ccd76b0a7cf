//! Transport behaviour: determinism, per-key order, throughput limits, duplicates.

mod common;

use common::run;
use serde_json::{json, Value};
use std::collections::HashMap;

fn fleet(seed: u64) -> Value {
    json!({
        "devices": {"count": 24, "key": "device-{i}"},
        "rate": 4, "duration": "30s", "start": "12:00:00", "seed": seed,
        "delay": {"type": "log_normal", "median": "60ms", "p99": "900ms"},
        "clock_skew": "300ms",
        "offline": [{"device": 5, "from": "12:00:05", "to": "12:00:15"}],
        "overrides": [{"device": "device-3", "rate": 700}],
        "value": {"type": "uniform", "min": 10, "max": 30}
    })
}

fn kinesis() -> Value {
    json!({"type": "kinesis", "shards": 3, "write_limit": 400,
           "consumer": {"batch_size": 20, "batch_window": "200ms", "record_time": 0.5, "parallelization": 4}})
}

fn fifo(send_batch: u32) -> Value {
    json!({"type": "sqs_fifo", "send_batch": send_batch, "ops_limit": 60,
           "consumer": {"batch_size": 10, "concurrency": 3, "record_time": "2ms", "batch_overhead": "10ms"}})
}

fn standard() -> Value {
    json!({"type": "sqs_standard", "duplicate_rate": 0.05, "visibility_timeout": "3s",
           "consumer": {"batch_size": 10, "concurrency": 4, "record_time": "5ms"}})
}

#[test]
fn the_same_seed_gives_the_same_run_and_another_seed_another() {
    for ingest in [kinesis(), fifo(10), standard(), json!({"type": "direct"})] {
        let a = run(fleet(7), ingest.clone(), Some(2000));
        let b = run(fleet(7), ingest.clone(), Some(2000));
        assert_eq!(a.events, b.events);
        assert_eq!(a.watermark, b.watermark);
        assert_eq!(serde_json::to_value(&a.report).unwrap(), serde_json::to_value(&b.report).unwrap());
        let c = run(fleet(8), ingest, Some(2000));
        assert_ne!(a.events, c.events, "seed 8 should change the events");
    }
}

/// Per key: the send counters of first deliveries, in delivery order.
fn delivered_seqs(r: &windowpane_ingest::Resolved) -> HashMap<u32, Vec<u32>> {
    let mut per_key: HashMap<u32, Vec<u32>> = HashMap::new();
    for d in r.deliveries.iter().filter(|d| !d.record.is_duplicate()) {
        per_key.entry(d.record.device).or_default().push(d.record.seq());
    }
    per_key
}

#[test]
fn kinesis_and_fifo_keep_every_keys_order() {
    for seed in 1..=5 {
        for ingest in [kinesis(), fifo(10), fifo(1)] {
            let r = run(fleet(seed), ingest.clone(), None);
            assert_eq!(r.report.sent, r.report.delivered, "everything arrives once ({ingest})");
            for (device, seqs) in delivered_seqs(&r) {
                let expected: Vec<u32> = (0..seqs.len() as u32).collect();
                assert_eq!(seqs, expected, "device {device} out of order with {ingest}, seed {seed}");
            }
            assert_eq!(r.report.order_violations, 0);
            assert!(r.report.violations.is_empty());
        }
    }
}

#[test]
fn the_order_check_finds_what_sqs_standard_reorders() {
    let r = run(fleet(3), standard(), None);
    // Count independently: a first delivery whose counter is below one delivered before it.
    let mut expected = 0;
    for seqs in delivered_seqs(&r).values() {
        let mut high = None;
        for &s in seqs {
            if high.is_some_and(|h| s < h) {
                expected += 1;
            } else {
                high = Some(s);
            }
        }
    }
    assert!(expected > 0, "a standard queue with 4 consumers reorders something");
    assert_eq!(r.report.order_violations, expected);
    let v = &r.report.violations[0];
    assert!(v.seq < v.after && v.key.starts_with("device-"));
    // At-least-once: duplicates happen, each of a record delivered before.
    assert!(r.report.duplicates > 0);
    assert_eq!(r.report.delivered, r.report.sent + r.report.duplicates);
    let firsts: std::collections::HashSet<(u32, u32)> =
        r.deliveries.iter().filter(|d| !d.record.is_duplicate()).map(|d| (d.record.device, d.record.seq())).collect();
    assert_eq!(firsts.len() as u64, r.report.sent);
    for d in r.deliveries.iter().filter(|d| d.record.is_duplicate()) {
        assert!(firsts.contains(&(d.record.device, d.record.seq())));
    }
}

/// Accepted records per aligned second of processing time, per lane.
fn accepted_per_second(r: &windowpane_ingest::Resolved, by_lane: bool) -> HashMap<(u32, i64), u32> {
    let mut counts = HashMap::new();
    for d in r.deliveries.iter().filter(|d| !d.record.is_duplicate()) {
        let lane = if by_lane { d.lane } else { 0 };
        *counts.entry((lane, d.accepted.div_euclid(1000))).or_insert(0) += 1;
    }
    counts
}

/// SQS calls made per aligned second, at least: the messages accepted at one instant need
/// ⌈n / batch⌉ SendMessageBatch calls.
fn send_calls_per_second(r: &windowpane_ingest::Resolved, batch: u32) -> HashMap<i64, u32> {
    let mut per_instant: HashMap<i64, u32> = HashMap::new();
    for d in r.deliveries.iter().filter(|d| !d.record.is_duplicate()) {
        *per_instant.entry(d.accepted).or_insert(0) += 1;
    }
    let mut calls = HashMap::new();
    for (t, n) in per_instant {
        *calls.entry(t.div_euclid(1000)).or_insert(0) += n.div_ceil(batch);
    }
    calls
}

#[test]
fn no_second_exceeds_a_throughput_limit() {
    // Kinesis: 400 records/s per shard; device-3 alone sends 700/s.
    let r = run(fleet(2), kinesis(), None);
    assert!(r.report.throttled > 0, "the hot device must be throttled");
    let worst = accepted_per_second(&r, true).into_values().max().unwrap();
    assert!(worst <= 400, "a shard accepted {worst} records in one second");
    assert_eq!(worst, 400, "the hot shard should run at its limit");
    // SQS FIFO: 60 calls/s, so 600 messages/s in batches of 10 and 60/s without batching.
    for (batch, limit) in [(10, 600), (1, 60)] {
        let r = run(fleet(2), fifo(batch), None);
        let worst = accepted_per_second(&r, false).into_values().max().unwrap();
        assert!(worst <= limit, "the queue accepted {worst} messages in one second (limit {limit})");
        assert!(r.report.throttled > 0);
        let calls = send_calls_per_second(&r, batch).into_values().max().unwrap();
        assert!(calls <= 60, "{calls} send calls in one second");
    }
}

#[test]
fn sqs_fifo_counts_calls_so_unbatched_sends_are_throttled() {
    // 100 devices sending one message a second each, spread over the second: 100 messages/s is
    // well below 60 calls × 10, but sent one by one they would need 100 calls a second.
    let g = json!({"devices": {"count": 100}, "rate": 1, "duration": "20s", "seed": 5});
    let r = run(g, fifo(10), None);
    assert_eq!(r.report.sent, 2000);
    assert_eq!(r.report.delivered, 2000);
    let calls = send_calls_per_second(&r, 10);
    assert!(calls.values().all(|&c| c <= 60), "send calls per second: {calls:?}");
    assert!(r.report.throttled > 0, "the 61st single-message call of a second is throttled");
    // After a throttle the producer's backlog goes out in fuller batches: fewer calls than messages.
    assert!(calls.values().sum::<u32>() < 2000);
}

/// SQS FIFO batches as (group, start, end): deliveries of a group at one instant are one batch
/// (one batch in flight per group), and with 10 ms per batch and 2 ms per message it started
/// 10 + 2n ms before it ended.
fn fifo_batches(r: &windowpane_ingest::Resolved) -> Vec<(u32, i64, i64)> {
    let mut sizes: HashMap<(u32, i64), i64> = HashMap::new();
    for d in &r.deliveries {
        *sizes.entry((d.lane, d.arrival)).or_insert(0) += 1;
    }
    let mut batches: Vec<(u32, i64, i64)> = sizes.into_iter().map(|((g, end), n)| (g, end - 10 - 2 * n, end)).collect();
    batches.sort_unstable();
    batches
}

#[test]
fn fifo_keeps_one_batch_in_flight_per_group_and_respects_concurrency() {
    for seed in [4, 9] {
        let r = run(fleet(seed), fifo(10), None);
        let batches = fifo_batches(&r);
        assert!(batches.iter().all(|&(_, s, e)| e - s <= 10 + 2 * 10), "at most 10 messages a batch");
        // One batch in flight per group: a group's batches do not overlap.
        for w in batches.windows(2) {
            if w[0].0 == w[1].0 {
                assert!(w[1].1 >= w[0].2, "group {} has two batches in flight: {w:?}", w[0].0);
            }
        }
        // At most 3 consumers busy at any instant (intervals [start, end)).
        let mut edges: Vec<(i64, i32)> = batches.iter().flat_map(|&(_, s, e)| [(s, 1), (e, -1)]).collect();
        edges.sort_unstable_by_key(|&(t, d)| (t, d));
        let mut busy = 0;
        for (t, d) in edges {
            busy += d;
            assert!(busy <= 3, "{busy} batches in flight at {t}");
        }
        // One ReceiveMessage per batch: at most 60 a second.
        let mut receives: HashMap<i64, u32> = HashMap::new();
        for &(_, s, _) in &batches {
            *receives.entry(s.div_euclid(1000)).or_insert(0) += 1;
        }
        assert!(receives.values().all(|&n| n <= 60), "receives per second: {receives:?}");
    }
}

#[test]
fn cost_uses_the_entered_prices() {
    let mut ingest = kinesis();
    ingest["prices"] = json!({"shard_hour": 0.015, "put_payload_units_per_million": 0.014});
    let r = run(fleet(1), ingest, None);
    let cost = r.report.cost.expect("prices given");
    let span_h = (r.report.last_arrival.unwrap() - r.report.origin) as f64 / 3.6e6;
    assert!((cost.items[0].amount - 3.0 * span_h * 0.015).abs() < 1e-12);
    assert!((cost.items[1].quantity - r.report.sent as f64 / 1e6).abs() < 1e-12);
    assert!((cost.total - cost.items[0].amount - cost.items[1].amount).abs() < 1e-12);
    // SQS: requests as counted, at the entered price per million; a 60 KB record is 3 PUT
    // payload units of 25 KB on Kinesis.
    let mut ingest = fifo(10);
    ingest["prices"] = json!({"requests_per_million": 0.5});
    let r = run(fleet(1), ingest, None);
    let cost = r.report.cost.clone().expect("prices given");
    assert_eq!(cost.items.len(), 1);
    assert!(r.report.requests >= r.report.sent / 10 + 2 * fifo_batches(&r).len() as u64);
    assert!((cost.total - r.report.requests as f64 / 1e6 * 0.5).abs() < 1e-12);
    let mut ingest = kinesis();
    ingest["record_bytes"] = json!(60 * 1024);
    ingest["prices"] = json!({"put_payload_units_per_million": 1.0});
    let r = run(fleet(1), ingest, None);
    let units = &r.report.cost.expect("prices given").items[1];
    assert!((units.quantity - 3.0 * r.report.sent as f64 / 1e6).abs() < 1e-12);
}
