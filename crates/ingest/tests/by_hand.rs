//! Small runs whose every acceptance and arrival is worked out by hand in the comments: the
//! Kinesis consumer's batch size, batch window, per-record time and parallelization factor, the
//! producer's throttling and backoff, and SQS FIFO's limit on calls per second.

mod common;

use common::{journeys, run_listed};
use serde_json::json;

#[test]
fn a_kinesis_batch_waits_for_its_window_unless_it_is_full() {
    // Key "a" sends at 0, 100 and 200 ms. Batches of up to 100 within 500 ms, 2 ms per record:
    // the first record opens the window at 0, it closes at 500 with all three, done at 506.
    let sends = [("a", 0), ("a", 100), ("a", 200)];
    let consumer = |size: u32| json!({"batch_size": size, "batch_window": "500ms", "record_time": "2ms"});
    let r = run_listed(&sends, json!({"type": "kinesis", "shards": 1, "consumer": consumer(100)}));
    assert_eq!(journeys(&r), [(0, 506), (100, 506), (200, 506)]);
    // Batches of 2: the second record fills a batch at 100 (done 104); the third opens a new
    // window at 200, which closes at 700 (done 702).
    let r = run_listed(&sends, json!({"type": "kinesis", "shards": 1, "consumer": consumer(2)}));
    assert_eq!(journeys(&r), [(0, 104), (100, 104), (200, 702)]);
}

#[test]
fn a_kinesis_consumer_without_a_window_takes_what_is_there_one_batch_at_a_time() {
    // No window, 2 ms per record plus 5 ms per batch. Singles at 0, 100, 200 take 7 ms each. A
    // burst of four at 1000: the first is alone in a batch (1000 → 1007); the other three wait
    // for it and go together (1007 → 1007 + 5 + 3 × 2 = 1018).
    let sends = [("a", 0), ("a", 100), ("a", 200), ("a", 1000), ("a", 1000), ("a", 1000), ("a", 1000)];
    let ingest = json!({"type": "kinesis", "shards": 1,
                        "consumer": {"batch_size": 100, "record_time": "2ms", "batch_overhead": "5ms"}});
    let r = run_listed(&sends, ingest);
    let arrivals: Vec<i64> = journeys(&r).iter().map(|j| j.1).collect();
    assert_eq!(arrivals, [7, 107, 207, 1007, 1018, 1018, 1018]);
}

#[test]
fn the_parallelization_factor_runs_keys_side_by_side_and_each_key_in_order() {
    // MD5("a") = 0cc175b9…772661 is odd, MD5("abc") = 900150…7f72 is even (RFC 1321's test
    // suite), so with a factor of 2 they go to different batch readers of the one shard.
    // Batches of 1, 10 ms each; "a", "abc", "a" all sent at 0.
    let sends = [("a", 0), ("abc", 0), ("a", 0)];
    let ingest = |factor: u32| {
        json!({"type": "kinesis", "shards": 1,
               "consumer": {"batch_size": 1, "record_time": "10ms", "parallelization": factor}})
    };
    // Factor 1: one reader, one record after the other.
    assert_eq!(journeys(&run_listed(&sends, ingest(1))), [(0, 10), (0, 20), (0, 30)]);
    // Factor 2: "abc" runs beside the first "a"; the second "a" still waits for the first.
    assert_eq!(journeys(&run_listed(&sends, ingest(2))), [(0, 10), (0, 10), (0, 20)]);
}

#[test]
fn a_throttled_kinesis_producer_backs_off_exponentially() {
    // A shard taking 2 records a second; seven records sent at 0; backoff 100 ms doubling up to
    // 400 ms, back to 100 ms after a call that got something through.
    //   0: r0, r1 accepted; r2 throttled (1)             → retry at 100
    //   100, 300, 700: second 0 is used up; r2..r6 throttled (5 each) → 300, 700, 1100
    //   1100: r2, r3 accepted, r4..r6 throttled (3)      → 1200
    //   1200, 1400, 1800: throttled (3 each)             → 1400, 1800, 2200
    //   2200: r4, r5 accepted, r6 throttled (1)          → 2300
    //   2300, 2500, 2900: throttled (1 each)             → 2500, 2900, 3300
    //   3300: r6 accepted.
    let sends = [("a", 0); 7];
    let ingest = json!({"type": "kinesis", "shards": 1, "write_limit": 2, "retry": {"base": "100ms", "max": "400ms"},
                        "consumer": {"record_time": 0}});
    let r = run_listed(&sends, ingest);
    let accepted: Vec<i64> = journeys(&r).iter().map(|j| j.0).collect();
    assert_eq!(accepted, [0, 0, 1100, 1100, 2200, 2200, 3300]);
    assert_eq!(r.report.throttled, 1 + 3 * 5 + 4 * 3 + 4);
    assert_eq!(r.report.lanes[0].throttled, r.report.throttled);
    assert_eq!(r.report.order_violations, 0);
}

#[test]
fn sqs_fifo_limits_calls_a_second_not_messages() {
    // 3 calls a second for each API action, batches of up to 10 to send, of 1 to receive,
    // one consumer, 1 ms per message. Ten messages of group "g" sent at 0:
    //   send:    0: r0, r1, r2 in one call each; r3 throttled → retry at 100;
    //            100, 300, 700: second 0 has no calls left; 7 throttled each → 300, 700, 1100;
    //            1100: one call takes r3..r9.
    //   receive: 0, 1, 2: r0, r1, r2 (arrive 1, 2, 3); 1100, 1101, 1102: r3, r4, r5 (1101..1103);
    //            second 1 has no receive calls left: 2000, 2001, 2002: r6, r7, r8; 3000: r9.
    let sends = [("g", 0); 10];
    let ingest = json!({"type": "sqs_fifo", "ops_limit": 3, "send_batch": 10, "retry": {"base": "100ms", "max": "400ms"},
                        "consumer": {"batch_size": 1, "concurrency": 1, "record_time": "1ms"}});
    let r = run_listed(&sends, ingest);
    let (accepted, arrivals): (Vec<i64>, Vec<i64>) = journeys(&r).into_iter().unzip();
    assert_eq!(accepted, [0, 0, 0, 1100, 1100, 1100, 1100, 1100, 1100, 1100]);
    assert_eq!(arrivals, [1, 2, 3, 1101, 1102, 1103, 2001, 2002, 2003, 3001]);
    assert_eq!(r.report.throttled, 1 + 3 * 7);
    // Requests: 4 send calls that got through and 4 throttled, 10 receives, 10 deletes.
    assert_eq!(r.report.requests, 8 + 10 + 10);
}

#[test]
fn a_throttled_sqs_batch_counts_for_each_of_its_groups() {
    // One call a second, batches of up to 10. "g" at 0 takes second 0's call; "h" at 0 is
    // throttled alone (1 for h) → retry at 100; "g" at 0 waits behind it. At 100, 300 and 700
    // the call holds h and g and is throttled whole (1 for each) → 300, 700, 1100; at 1100 it
    // goes through. So h is throttled 1 + 3 = 4 times and g 3 times.
    let sends = [("g", 0), ("h", 0), ("g", 0)];
    let ingest = json!({"type": "sqs_fifo", "ops_limit": 1, "send_batch": 10, "retry": {"base": "100ms", "max": "400ms"},
                        "consumer": {"batch_size": 1, "concurrency": 1, "record_time": "1ms"}});
    let r = run_listed(&sends, ingest);
    let accepted: Vec<i64> = journeys(&r).iter().map(|j| j.0).collect();
    assert_eq!(accepted, [0, 1100, 1100]);
    let throttled: Vec<(&str, u64)> = r.report.lanes.iter().map(|l| (l.name.as_str(), l.throttled)).collect();
    assert_eq!(throttled, [("g", 3), ("h", 4)]);
    assert_eq!(r.report.throttled, 7);
}
