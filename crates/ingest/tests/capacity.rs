//! The Lambda function's concurrency and duration, KPL aggregation, on-demand Kinesis, and SQS
//! FIFO's high throughput mode and in-flight limit, worked out by hand from AWS's documented
//! limits. Per-key order is checked in every run.

mod common;

use common::{journeys, run_listed};
use serde_json::json;
use windowpane_ingest::{IngestSpec, Resolved, Syntax};

fn in_order(r: &Resolved) {
    assert_eq!(r.report.order_violations, 0, "per-key order");
}

fn arrivals(r: &Resolved) -> Vec<i64> {
    journeys(r).iter().map(|j| j.1).collect()
}

fn accepted(r: &Resolved) -> Vec<i64> {
    journeys(r).iter().map(|j| j.0).collect()
}

#[test]
fn a_concurrency_limit_throttles_invocations_until_an_instance_is_free() {
    // MD5("a") = 0cc1… is in shard 0 of 2, MD5("b") = 92eb… in shard 1. One instance, 100 ms a
    // record, batches of 1. 0: a0 runs (→ 100), b's shard is throttled and waits. 100: a0
    // delivered; the waiting shard 1 goes first: b (→ 200); a1 (read at 50) is throttled.
    // 200: b delivered, a1 runs (→ 300).
    let ingest = json!({"type": "kinesis", "shards": 2,
                        "consumer": {"batch_size": 1, "record_time": "100ms", "concurrency_limit": 1}});
    let r = run_listed(&[("a", 0), ("b", 0), ("a", 50)], ingest);
    assert_eq!(arrivals(&r), [100, 200, 300]);
    let f = r.report.failures.as_ref().unwrap();
    assert_eq!((f.invocations, f.throttled_invocations), (3, 2));
    in_order(&r);
    // Without a limit each shard has its own instance: a0 and b at 100, a1 at 200.
    let free = json!({"type": "kinesis", "shards": 2, "consumer": {"batch_size": 1, "record_time": "100ms"}});
    assert_eq!(arrivals(&run_listed(&[("a", 0), ("b", 0), ("a", 50)], free)), [100, 100, 200]);
}

#[test]
fn the_functions_duration_adds_to_every_invocation() {
    // 10 ms a record plus a fixed 30 ms: a batch of one read at 0 is done at 40, the next
    // (read at 5, waiting) runs 40 → 80.
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 1, "record_time": "10ms", "duration": "30ms"}});
    let r = run_listed(&[("a", 0), ("a", 5)], ingest);
    assert_eq!(arrivals(&r), [40, 80]);
    // Uniform 10..=20 ms on top of 10 ms: each invocation takes 20 to 30 ms, one after another
    // (enough GetRecords calls that all fifty are read at 0).
    let ingest = json!({"type": "kinesis", "read": {"calls_per_second": 100}, "consumer": {"batch_size": 1, "record_time": "10ms",
                        "duration": {"type": "uniform", "min": "10ms", "max": "20ms"}, "seed": 7}});
    let sends: Vec<(&str, i64)> = (0..50).map(|_| ("a", 0)).collect();
    let a = arrivals(&run_listed(&sends, ingest.clone()));
    assert!((20..=30).contains(&a[0]), "{}", a[0]);
    assert!(a.windows(2).all(|w| (20..=30).contains(&(w[1] - w[0]))), "{a:?}");
    assert!(a.windows(2).any(|w| w[1] - w[0] != a[0]), "the draws vary");
    assert_eq!(a, arrivals(&run_listed(&sends, ingest)), "same seed, same durations");
}

#[test]
fn an_invocation_past_the_functions_timeout_fails_and_is_retried() {
    // The default timeout, 3 s: 10 ms a record plus 2,990 ms is 3,000 ms, not past it: delivered
    // at 3000.
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 1, "record_time": "10ms", "duration": "2990ms"}});
    let r = run_listed(&[("a", 0)], ingest);
    assert_eq!(arrivals(&r), [3000]);
    assert_eq!(r.report.failures.as_ref().unwrap().timed_out_invocations, 0);
    // 2,991 ms: stopped at 3000, failed; retried (MaximumRetryAttempts 1) 3000 → 6000, stopped
    // again; discarded at 6000. The next record, sent at 5, waits behind it: 6000 → 9000 →
    // 12000 the same way.
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 1, "record_time": "10ms", "duration": "2991ms",
                        "max_retry_attempts": 1}});
    let r = run_listed(&[("a", 0), ("a", 5)], ingest);
    assert!(r.deliveries.is_empty());
    let f = r.report.failures.as_ref().unwrap();
    assert_eq!((f.invocations, f.failed_invocations, f.timed_out_invocations, f.retried, f.discarded), (4, 4, 4, 2, 2));
    let at: Vec<i64> = f.skipped.iter().map(|s| s.at).collect();
    assert_eq!(at, [6000, 12_000]);
    // A 15-minute timeout (the largest) and a 20-minute function: stopped at 900,000, failed;
    // MaximumRetryAttempts 0 discards it there.
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 1, "record_time": "10ms", "duration": "20m",
                        "timeout": "15m", "max_retry_attempts": 0}});
    let r = run_listed(&[("a", 0)], ingest);
    assert_eq!(r.report.failures.as_ref().unwrap().skipped[0].at, 900_000);
    // Bisecting a timed-out batch of two (2 × 10 ms + 2,985 ms = 3,005 ms; one record: 2,995 ms,
    // under the timeout; both read at 0 by two of the second's five calls): 0 → 3000 failed,
    // split; each half 3000 → 5995 and 5995 → 8990.
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 2, "batch_window": "1s",
                        "record_time": "10ms", "duration": "2985ms", "bisect_on_error": true}});
    let r = run_listed(&[("a", 0), ("a", 0)], ingest);
    assert_eq!(arrivals(&r), [5995, 8990]);
    in_order(&r);
}

#[test]
fn kpl_aggregation_multiplies_the_records_limit_not_the_bytes_limit() {
    // 2 Kinesis records a second, 5 user records each: 10 user records a second. Twelve sent
    // at 0: ten accepted at 0; two throttled at 0, 100, 300, 700 (backoff 100 ms doubling to
    // 400 ms), accepted at 1100.
    let ingest = json!({"type": "kinesis", "write_limit": 2, "aggregation": 5,
                        "retry": {"base": "100ms", "max": "400ms"}, "consumer": {"record_time": 0},
                        "prices": {"put_payload_units_per_million": 1.0}});
    let r = run_listed(&[("a", 0); 12], ingest);
    let mut want = vec![0; 10];
    want.extend([1100, 1100]);
    assert_eq!(accepted(&r), want);
    in_order(&r);
    // 12 user records of 200 bytes in ⌈12 / 5⌉ = 3 Kinesis records of 1,000 bytes: one 25 KB
    // PUT payload unit each.
    let cost = r.report.cost.as_ref().unwrap();
    let units = cost.items.iter().find(|i| i.item == "million PUT payload units").unwrap();
    assert_eq!(units.quantity, 3.0 / 1e6);
    // Aggregated records past 1 MiB cannot be written.
    let e = IngestSpec::parse(&json!({"type": "kinesis", "aggregation": 6000}), "ingest", &Syntax::builtin()).unwrap_err();
    assert_eq!(e.to_string(), "ingest.aggregation: expected aggregated records of at most write_bytes_limit (1048576) bytes, got 6000 × 200");
}

#[test]
fn an_on_demand_stream_has_twice_the_previous_peak_but_each_shard_keeps_its_limit() {
    let shards = |v: serde_json::Value| match IngestSpec::parse(&v, "ingest", &Syntax::builtin()).unwrap().transport {
        windowpane_ingest::Transport::Kinesis(k) => k.shards,
        _ => unreachable!(),
    };
    // The default 4,000 records/s on shards of 1,000; twice 10,000 records/s; 100 KB records:
    // the default 4 MiB/s is four shards of 1 MiB/s (ten records of 100,000 bytes a second each).
    assert_eq!(shards(json!({"type": "kinesis", "mode": "on_demand"})), 4);
    assert_eq!(shards(json!({"type": "kinesis", "mode": "on_demand", "previous_peak": 10_000})), 20);
    assert_eq!(shards(json!({"type": "kinesis", "mode": "on_demand", "record_bytes": 100_000})), 4);
    let e = IngestSpec::parse(&json!({"type": "kinesis", "mode": "on_demand", "shards": 2}), "ingest", &Syntax::builtin()).unwrap_err();
    assert_eq!(e.path, "ingest.shards");
    // One hot key still has one shard: 1,500 records at 0, 1,000 accepted at 0, the rest
    // throttled at 0, 100, 300, 700 (backoff 100, 200, 400, 800 ms) and accepted at 1500.
    let ingest = json!({"type": "kinesis", "mode": "on_demand", "consumer": {"record_time": 0},
                        "prices": {"stream_hour": 1.0, "gb_written": 1.0}});
    let r = run_listed(&[("a", 0); 1500], ingest);
    let a = accepted(&r);
    assert_eq!((a.iter().filter(|&&t| t == 0).count(), a.iter().filter(|&&t| t == 1500).count()), (1000, 500));
    in_order(&r);
    // 1,500 records of 200 bytes, each rounded up to 1 KB: 1,500 KiB = 1500 / 2^20 GB.
    let cost = r.report.cost.as_ref().unwrap();
    let gb = cost.items.iter().find(|i| i.item == "GB written").unwrap();
    assert_eq!(gb.quantity, 1500.0 / 1_048_576.0);
}

#[test]
fn fifo_high_throughput_mode_raises_the_calls_per_second() {
    // Unbatched sends (send_batch 1) of 400 messages at 0: 300 calls a second accept 300 at 0,
    // the other 100 in the next second; high throughput mode's 70,000 accept all at 0.
    let sends = [("a", 0); 400];
    let fifo = |high: bool| json!({"type": "sqs_fifo", "send_batch": 1, "high_throughput": high, "consumer": {"record_time": 0}});
    let r = run_listed(&sends, fifo(false));
    assert_eq!(accepted(&r).iter().filter(|&&t| t == 0).count(), 300);
    let r = run_listed(&sends, fifo(true));
    assert!(accepted(&r).iter().all(|&t| t == 0));
    in_order(&r);
}

#[test]
fn the_fifo_in_flight_limit_caps_what_is_received() {
    // Five messages of one group sent at 0, batches of 10, 100 ms a message. The first is
    // received alone as it arrives (0 → 100); the group is blocked meanwhile. In flight at most
    // 3: the next receive takes 3 of the 4 (100 → 400), the last one 400 → 500.
    let fifo = |limit: u32| json!({"type": "sqs_fifo", "in_flight_limit": limit, "consumer": {"record_time": "100ms"}});
    let r = run_listed(&[("a", 0); 5], fifo(3));
    assert_eq!(arrivals(&r), [100, 400, 400, 400, 500]);
    in_order(&r);
    // Without the cap the second receive takes all 4: 100 → 500.
    assert_eq!(arrivals(&run_listed(&[("a", 0); 5], fifo(120_000))), [100, 500, 500, 500, 500]);
}

#[test]
fn a_fifo_partial_batch_response_deletes_the_messages_before_the_failure() {
    // a0..a3 sent at 0, 10, 20, 30 ms; a2 is poison (the first created at or after 20 ms).
    // 100 ms a message. a0 arrives alone and is received alone (0 → 100, delivered). 100: a1,
    // a2, a3 received (→ 400): a2 fails. With a partial batch response a1 is deleted and
    // delivered at 400; a2 and a3 stay in flight until 100 + 1 s = 1100, when, received once
    // (maxReceiveCount 1), both go to the dead-letter queue. Without it, a1 goes there too.
    let fifo = |partial: bool| {
        json!({"type": "sqs_fifo", "visibility_timeout": "1s", "max_receive_count": 1, "report_batch_item_failures": partial,
               "consumer": {"record_time": "100ms"}, "errors": {"poison": [{"key": "a", "at": 20}]}})
    };
    let sends = [("a", 0), ("a", 10), ("a", 20), ("a", 30)];
    let r = run_listed(&sends, fifo(true));
    assert_eq!(arrivals(&r), [100, 400]);
    let f = r.report.failures.as_ref().unwrap();
    assert_eq!((f.failed_invocations, f.to_destination), (1, 2));
    assert!(f.skipped.iter().all(|s| s.at == 1100), "{:?}", f.skipped);
    in_order(&r);
    let r = run_listed(&sends, fifo(false));
    assert_eq!(arrivals(&r), [100]);
    assert_eq!(r.report.failures.as_ref().unwrap().to_destination, 3);
}

#[test]
fn a_delete_waiting_for_the_call_limit_holds_its_message_group_back() {
    // One DeleteMessageBatch call a second; a0, b0, b1, c0 sent at 0, 100 ms a message. a0, b0
    // and c0 are received at once (0 → 100); b1 waits behind b0. 100: all three delivered; a's
    // delete is second 0's call, b's and c's wait: b's at 1000, when b1 is received (→ 1100),
    // c's at 2000, b1's at 3000.
    let fifo = json!({"type": "sqs_fifo", "delete_ops_limit": 1, "consumer": {"record_time": "100ms"}});
    let r = run_listed(&[("a", 0), ("b", 0), ("b", 0), ("c", 0)], fifo);
    assert_eq!(arrivals(&r), [100, 100, 1100, 100]);
    in_order(&r);
    // With the default 300 calls a second b1 is received at 100: delivered at 200.
    let fifo = json!({"type": "sqs_fifo", "consumer": {"record_time": "100ms"}});
    assert_eq!(arrivals(&run_listed(&[("a", 0), ("b", 0), ("b", 0), ("c", 0)], fifo)), [100, 100, 200, 100]);
}
