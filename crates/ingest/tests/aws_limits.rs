//! The transport as AWS runs it, worked out by hand from the documented limits: Kinesis' write
//! limit in bytes, GetRecords calls and bytes per second shared by polling consumers, enhanced
//! fan-out; a Lambda consumer's failure handling; resharding; SQS FIFO's visibility timeout and
//! dead-letter queue. Per-key order is checked in every run.

mod common;

use common::{journeys, run_listed};
use serde_json::{json, Value};
use windowpane_ingest::{Failures, Resolved, SkippedTo};

/// Every key's first deliveries in send order, and the report agreeing.
fn assert_in_order(r: &Resolved) {
    let mut high = std::collections::HashMap::new();
    for d in &r.deliveries {
        let h = high.entry(d.record.device).or_insert(0u32);
        assert!(d.record.seq() >= *h, "key {} delivered {} after {}", d.record.device, d.record.seq(), h);
        *h = d.record.seq();
    }
    assert_eq!(r.report.order_violations, 0);
}

fn failures(r: &Resolved) -> &Failures {
    r.report.failures.as_ref().expect("a Kinesis or SQS FIFO run reports its failures")
}

#[test]
fn a_shard_takes_one_mib_a_second_whatever_the_record_count() {
    // 300,000-byte records: 1 MiB (1,048,576 bytes) a second is 3 records, far below 1,000.
    // Five sent at 0, one after the other; backoff 100 ms doubling to 400 ms. 0: r0..r2
    // accepted, r3 throttled (r4 then waits behind the backoff); 100, 300, 700: second 0 is used
    // up (r3, r4 throttled each time) → 300, 700, 1100; 1100: r3, r4 accepted.
    let ingest = json!({"type": "kinesis", "shards": 1, "record_bytes": 300_000,
                        "retry": {"base": "100ms", "max": "400ms"}, "consumer": {"record_time": 0}});
    let r = run_listed(&[("a", 0); 5], ingest);
    assert_eq!(journeys(&r), [(0, 0), (0, 0), (0, 0), (1100, 1100), (1100, 1100)]);
    assert_eq!(r.report.throttled, 1 + 3 * 2);
    assert_in_order(&r);
}

#[test]
fn polling_consumers_share_a_shards_calls_and_bytes_and_fan_out_does_not() {
    // 400,000-byte records: the shard accepts 2 a second (1 MiB). Four sent at 0: r0, r1 at 0;
    // r2, r3 throttled at 0, 100, 300, 700, accepted at 1100.
    let sends = [("a", 0); 4];
    let ingest = |read: Value| {
        json!({"type": "kinesis", "shards": 1, "record_bytes": 400_000, "read": read,
               "retry": {"base": "100ms", "max": "400ms"}, "consumer": {"record_time": 0}})
    };
    // Four polling consumers: this one gets 5 / 4 = 1 GetRecords call and 2 MiB / 4 = 524,288
    // bytes (one record) a second. 0: r0; 1000: r1; 1100: no call left in second 1; 2000: r2;
    // 3000: r3.
    let r = run_listed(&sends, ingest(json!({"type": "polling", "consumers": 4})));
    assert_eq!(journeys(&r), [(0, 0), (0, 1000), (1100, 2000), (1100, 3000)]);
    assert_in_order(&r);
    // Enhanced fan-out: pushed 70 ms after acceptance at 2 MiB a second of its own (5 records).
    let r = run_listed(&sends, ingest(json!({"type": "enhanced_fan_out"})));
    assert_eq!(journeys(&r), [(0, 70), (0, 70), (1100, 1170), (1100, 1170)]);
    assert_in_order(&r);
}

#[test]
fn five_get_records_calls_a_second_per_shard() {
    // Ten records at 0, 10, …, 90 ms, each read by a call of its own while calls are left:
    // 0..40 take the 5 calls of second 0; the other five wait for one call at 1000.
    let sends: Vec<(&str, i64)> = (0..10).map(|i| ("a", i * 10)).collect();
    let ingest = |consumers: u32| {
        json!({"type": "kinesis", "shards": 1, "read": {"consumers": consumers}, "consumer": {"record_time": 0}})
    };
    let arrivals = |r: &Resolved| journeys(r).iter().map(|j| j.1).collect::<Vec<i64>>();
    let r = run_listed(&sends, ingest(1));
    assert_eq!(arrivals(&r), [0, 10, 20, 30, 40, 1000, 1000, 1000, 1000, 1000]);
    // Two polling consumers: 5 / 2 = 2 calls a second for this one.
    let r = run_listed(&sends, ingest(2));
    assert_eq!(arrivals(&r), [0, 10, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000]);
    assert_in_order(&r);
}

/// Key "a" sends at 0, 10, 20 and 30 ms; its record sent at 10 is poison. Batches of up to 10
/// gathered for 100 ms, 10 ms per record: the first batch holds all four, 100 → 140.
fn poison(on_error: Value) -> Resolved {
    let mut consumer = json!({"batch_size": 10, "batch_window": "100ms", "record_time": "10ms"});
    consumer.as_object_mut().unwrap().extend(on_error.as_object().unwrap().clone());
    let ingest = json!({"type": "kinesis", "shards": 1, "consumer": consumer,
                        "errors": {"poison": [{"key": "a", "at": 10}]}});
    let r = run_listed(&[("a", 0), ("a", 10), ("a", 20), ("a", 30)], ingest);
    assert_in_order(&r);
    r
}

#[test]
fn a_poison_record_fails_its_whole_batch_until_the_retries_run_out() {
    // 140, 180: the batch fails and is retried whole (40 ms each); 220: third failure, more
    // than 2 retries: the four records go to the on-failure destination. Nothing is delivered.
    let r = poison(json!({"max_retry_attempts": 2, "on_failure_destination": true}));
    assert!(r.deliveries.is_empty());
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.to_destination), (3, 3, 8, 4));
    assert_eq!(f.keys.len(), 1);
    assert_eq!((f.keys[0].key.as_str(), f.keys[0].retried, f.keys[0].to_destination), ("a", 8, 4));
    let skipped: Vec<(u32, i64, SkippedTo)> = f.skipped.iter().map(|s| (s.seq, s.at, s.to)).collect();
    assert_eq!(skipped, [(0, 220, SkippedTo::OnFailureDestination), (1, 220, SkippedTo::OnFailureDestination),
                         (2, 220, SkippedTo::OnFailureDestination), (3, 220, SkippedTo::OnFailureDestination)]);
    // The watermark is not held back by what was skipped.
    assert_eq!(r.watermark.last().map(|w| w.to), Some(30));
}

#[test]
fn bisecting_isolates_the_poison_record() {
    // 100 → 140 fails: halves [r0, r1], [r2, r3] (no retry counted). 140 → 160 fails: [r0], [r1].
    // 160 → 170: r0 delivered. 170 → 180: r1 fails (retry 1 of 1); 180 → 190 fails again: r1
    // goes to the destination. 190 → 210: r2, r3 delivered.
    let r = poison(json!({"bisect_on_error": true, "max_retry_attempts": 1, "on_failure_destination": true}));
    let delivered: Vec<(u32, i64)> = r.deliveries.iter().map(|d| (d.record.seq(), d.arrival)).collect();
    assert_eq!(delivered, [(0, 170), (2, 210), (3, 210)]);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.to_destination), (6, 4, 4 + 2 + 1, 1));
    assert_eq!((f.skipped[0].seq, f.skipped[0].at), (1, 190));
}

#[test]
fn a_partial_batch_response_checkpoints_before_the_poison_record() {
    // 100 → 140: the function reports r1 as its first failure: r0 is delivered, r1..r3 retried
    // (40 → 30 ms); 140 → 170: r1 fails again, more than 1 retry: r1, r2, r3 are discarded (no
    // destination configured).
    let r = poison(json!({"report_batch_item_failures": true, "max_retry_attempts": 1}));
    let delivered: Vec<(u32, i64)> = r.deliveries.iter().map(|d| (d.record.seq(), d.arrival)).collect();
    assert_eq!(delivered, [(0, 140)]);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.discarded, f.to_destination), (2, 2, 3, 3, 0));
    assert!(f.skipped.iter().all(|s| s.at == 170 && s.to == SkippedTo::Discarded));
}

#[test]
fn a_maximum_record_age_lets_the_records_after_the_poison_through() {
    // Retried whole at 140 (r0 is 140 ms old, not over 150); at 180 r0, r1, r2 (180, 170, 160 ms
    // old) are over 150 ms and skipped, r3 (150 ms) goes alone: 180 → 190.
    let r = poison(json!({"max_record_age": "150ms"}));
    let delivered: Vec<(u32, i64)> = r.deliveries.iter().map(|d| (d.record.seq(), d.arrival)).collect();
    assert_eq!(delivered, [(3, 190)]);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.discarded), (3, 2, 8, 3));
    assert!(f.skipped.iter().all(|s| s.at == 180 && s.reason == windowpane_ingest::Skip::MaxRecordAge));
}

#[test]
fn with_no_limits_a_poison_record_blocks_its_shard_until_the_retention_period() {
    // Retried every 40 ms from 100: the attempt starting at 1020 is the first at which r0, r1, r2
    // are 1 s old (the retention, scaled down from 24 h): they expire; r3 goes alone, 1020 →
    // 1030. Attempts at 100, 140, …, 980 (23) failed, each retrying 4 records.
    let ingest = json!({"type": "kinesis", "shards": 1, "retention": "1s",
                        "consumer": {"batch_size": 10, "batch_window": "100ms", "record_time": "10ms"},
                        "errors": {"poison": [{"key": "a", "at": 10}]}});
    let r = run_listed(&[("a", 0), ("a", 10), ("a", 20), ("a", 30)], ingest);
    let delivered: Vec<(u32, i64)> = r.deliveries.iter().map(|d| (d.record.seq(), d.arrival)).collect();
    assert_eq!(delivered, [(3, 1030)]);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.expired), (24, 23, 92, 3));
    assert_in_order(&r);
}

#[test]
fn a_split_shards_children_are_read_after_the_parent_is_drained() {
    // One shard taking 2 records a second, split at 500 ms. MD5("a") starts 0x0c (lower half:
    // child shard 1), MD5("abc") 0x90 (upper half: child shard 2). "a" sends six at 0: r0, r1
    // accepted by the parent at 0; r2..r5 wait (throttled at 0, 100, 300). At 500 they move to
    // shard 1, whose own limit takes r2, r3 at once; r4, r5 are throttled at 500, 600, 800 and
    // accepted at 1200. "abc" sends at 600: shard 2 accepts it at once.
    // Batches of one record, 1 s each: the parent's r0 goes 0 → 1000, r1 1000 → 2000. The
    // children are read only then (else r2 would go 500 → 1500, before r1): shard 1's four go
    // one after the other, 2000 → 3000 → 4000 → 5000 → 6000; shard 2's one 2000 → 3000.
    let mut sends = vec![("a", 0); 6];
    sends.push(("abc", 600));
    let ingest = json!({"type": "kinesis", "shards": 1, "write_limit": 2, "retry": {"base": "100ms", "max": "400ms"},
                        "reshard": [{"at": 500, "split": 0}],
                        "consumer": {"batch_size": 1, "record_time": "1s"}});
    let r = run_listed(&sends, ingest);
    assert_eq!(journeys(&r), [(0, 1000), (0, 2000), (500, 3000), (500, 4000), (1200, 5000), (1200, 6000), (600, 3000)]);
    let per_lane: Vec<u64> = r.report.lanes.iter().map(|l| l.delivered).collect();
    assert_eq!(per_lane, [2, 4, 1]);
    assert_in_order(&r);
}

#[test]
fn merged_shards_child_waits_for_both_parents() {
    // Two shards ("a" in 0, "abc" in 1) merged at 500 into shard 2. Each parent's record sent at
    // 0 goes at 1000 (window 1 s) → 1010. The records sent at 600 reach shard 2 and are read
    // once both parents are drained, at 1010; their window (from 600) closes at 1600 → 1620.
    let sends = [("a", 0), ("abc", 0), ("a", 600), ("abc", 600)];
    let ingest = json!({"type": "kinesis", "shards": 2, "reshard": [{"at": 500, "merge": [0, 1]}],
                        "consumer": {"batch_size": 100, "batch_window": "1s", "record_time": "10ms"}});
    let r = run_listed(&sends, ingest);
    assert_eq!(journeys(&r), [(0, 1010), (0, 1010), (600, 1620), (600, 1620)]);
    assert_in_order(&r);
}

#[test]
fn a_failing_sqs_fifo_message_holds_back_its_group_until_the_dead_letter_queue() {
    // One consumer, batches of 1, 10 ms a message, visibility timeout 1 s, maxReceiveCount 2.
    // g0 (poison) is received at 0 and fails at 10: it stays in flight, blocking g1, until 1000.
    // h0 is received at 10 → 20. 1000: g0 received again (2nd time), fails at 1010, visible at
    // 2000: received twice, it moves to the dead-letter queue; g1 is received at 2000 → 2010.
    let sends = [("g", 0), ("g", 0), ("h", 0)];
    let ingest = json!({"type": "sqs_fifo", "visibility_timeout": "1s", "max_receive_count": 2,
                        "errors": {"poison": [{"key": "g", "at": 0}]},
                        "consumer": {"batch_size": 1, "concurrency": 1, "record_time": "10ms"}});
    let r = run_listed(&sends, ingest);
    assert_eq!(journeys(&r), [(0, 2010), (0, 20)]);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.to_destination), (4, 2, 1, 1));
    assert_eq!((f.skipped[0].key.as_str(), f.skipped[0].seq, f.skipped[0].at, f.skipped[0].to), ("g", 0, 2000, SkippedTo::DeadLetterQueue));
    assert_in_order(&r);
}

#[test]
fn transient_errors_retry_in_order_with_the_seeded_draws() {
    // Five records of "a" at 0, 10, …, 40 ms; batches of one, 10 ms each, so invocation k runs
    // from 10k to 10k + 10 on the head record (the next one has always arrived by then). It fails
    // when the k-th draw of SplitMix64(seed 3) is below 0.5; the head record is delivered at the
    // end of its first successful invocation.
    let ingest = json!({"type": "kinesis", "shards": 1, "errors": {"transient_rate": 0.5, "seed": 3},
                        "consumer": {"batch_size": 1, "record_time": "10ms"}});
    let sends: Vec<(&str, i64)> = (0..5).map(|i| ("a", i * 10)).collect();
    let r = run_listed(&sends, ingest);
    let mut rng = windowpane_ingest::prng::SplitMix64::new(3);
    let (mut expected, mut failed, mut k) = (Vec::new(), 0, 0i64);
    while expected.len() < 5 {
        if rng.next_f64() < 0.5 {
            failed += 1;
        } else {
            expected.push(10 * k + 10);
        }
        k += 1;
    }
    assert!(failed > 0, "seed 3 should fail some invocations");
    assert_eq!(journeys(&r).iter().map(|j| j.1).collect::<Vec<i64>>(), expected);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried), (k as u64, failed, failed));
    assert_in_order(&r);
}

#[test]
fn without_a_dead_letter_queue_a_failing_fifo_message_lives_until_the_retention_period() {
    // g0 (poison) is received at 0, 1000 and 2000 (visibility timeout 1 s), failing 10 ms later
    // each time; at 3000 it and g1, waiting behind it since 0, are 3 s old: deleted. h0 is
    // received at 10 → 20.
    let sends = [("g", 0), ("g", 0), ("h", 0)];
    let ingest = json!({"type": "sqs_fifo", "visibility_timeout": "1s", "retention": "3s",
                        "errors": {"poison": [{"key": "g", "at": 0}]},
                        "consumer": {"batch_size": 1, "concurrency": 1, "record_time": "10ms"}});
    let r = run_listed(&sends, ingest);
    assert_eq!(journeys(&r), [(0, 20)]);
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.expired), (4, 3, 3, 2));
    assert!(f.skipped.iter().all(|s| s.at == 3000 && s.to == SkippedTo::Expired));
    assert_in_order(&r);
}
