//! The retry work estimate against the retries the simulation makes, worked out by hand.

mod common;

use common::run_listed;
use serde_json::{json, Value};
use windowpane_ingest::{work::retry_tries, Failures, IngestSpec, Resolved, Skip, Syntax};

fn estimate(ingest: &Value, events: f64) -> f64 {
    let spec = IngestSpec::parse(ingest, "ingest", &Syntax::builtin()).expect("ingest parses");
    retry_tries(&spec, events).expect("something can fail").tries
}

fn failures(r: &Resolved) -> &Failures {
    r.report.failures.as_ref().expect("failures are reported")
}

#[test]
fn a_poison_record_with_infinite_retries_is_tried_once_a_millisecond_until_it_expires() {
    // One record, accepted at 0, 1 ms a try: tries start at 0, 1, …, 9,999; at 10,000 it is
    // 10 s old, the retention, and gone. 10,000 failed tries; the estimate allows 10,001.
    let ingest = json!({"type": "kinesis", "retention": "10s",
                        "consumer": {"batch_size": 1, "record_time": "1ms"},
                        "errors": {"poison": [{"key": "a", "at": 0}]}});
    let r = run_listed(&[("a", 0)], ingest.clone());
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.expired), (10_000, 10_000, 1));
    assert_eq!(estimate(&ingest, 1.0), 10_001.0);
}

#[test]
fn retries_and_bisections_bound_the_tries_of_a_poison_record() {
    // Four records, the second poison; batches of 4, MaximumRetryAttempts 1, bisect: tries of
    // [r0..r3] (fails), [r0, r1] (fails), [r0] ok, [r1] fails, [r1] fails again: discarded;
    // [r2, r3] ok. Record tries of failed batches: 4 + 2 + 1 + 1 = 8; estimated: 4 records ×
    // (1 retry + 1 + 2 halvings) = 16.
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 4, "batch_window": "100ms", "record_time": "10ms",
                        "max_retry_attempts": 1, "bisect_on_error": true},
                        "errors": {"poison": [{"key": "a", "at": 10}]}});
    let r = run_listed(&[("a", 0), ("a", 10), ("a", 20), ("a", 30)], ingest.clone());
    let f = failures(&r);
    assert_eq!((f.failed_invocations, f.discarded, r.report.delivered), (4, 1, 3));
    assert_eq!(estimate(&ingest, 4.0), 16.0);
}

#[test]
fn a_fifo_message_failing_every_time_is_received_max_receive_count_times() {
    // Visibility timeout 0: received again 1 ms after each failure, five times, then moved to
    // the dead-letter queue. The estimate: 1 record × 5 receives.
    let ingest = json!({"type": "sqs_fifo", "visibility_timeout": 0, "max_receive_count": 5,
                        "consumer": {"record_time": 0}, "errors": {"transient_rate": 1}});
    let r = run_listed(&[("a", 0)], ingest.clone());
    let f = failures(&r);
    assert_eq!((f.invocations, f.failed_invocations, f.to_destination), (5, 5, 1));
    assert_eq!(estimate(&ingest, 1.0), 5.0);
}

#[test]
fn transient_errors_below_one_add_their_mean_retries_and_name_the_rate() {
    let ingest = json!({"type": "kinesis", "consumer": {"max_retry_attempts": 3}, "errors": {"transient_rate": 0.75}});
    let spec = IngestSpec::parse(&ingest, "ingest", &Syntax::builtin()).unwrap();
    let w = retry_tries(&spec, 1000.0).unwrap();
    // 0.75 / 0.25 = 3 retries a record on average.
    assert_eq!((w.tries, w.path.as_str()), (3000.0, "ingest.errors.transient_rate"));
    let none = IngestSpec::parse(&json!({"type": "kinesis"}), "ingest", &Syntax::builtin()).unwrap();
    assert_eq!(retry_tries(&none, 1000.0), None, "nothing fails without errors");
}

/// Failed record tries of a run: each either retries its record or, at the last allowed try,
/// skips it (records expiring untried behind a blocked batch were never tried).
fn failed_tries(f: &Failures) -> u64 {
    let last = f.skipped.iter().filter(|s| matches!(s.reason, Skip::MaxRetryAttempts | Skip::MaxReceiveCount)).count();
    f.retried + last as u64
}

/// Over a grid of failing consumers, the failed record tries the run makes stay within the
/// estimate made before the run.
#[test]
fn the_estimate_bounds_the_tries_of_every_failing_consumer_in_a_grid() {
    let mut checked = 0;
    for errors in [json!({"poison": [{"key": "a", "at": 0}, {"key": "b", "at": 30}]}), json!({"transient_rate": 1}), json!({"transient_rate": 0.3, "seed": 5})] {
        for record_time in [0, 1000, 7000] {
            for batch_size in [1, 4, 10] {
                for (retries, bisect) in [(None, false), (Some(0), false), (Some(3), true), (None, true)] {
                    let mut consumer = json!({"batch_size": batch_size, "record_time": record_time, "bisect_on_error": bisect});
                    if let Some(n) = retries {
                        consumer["max_retry_attempts"] = json!(n);
                    }
                    let ingest = json!({"type": "kinesis", "retention": "2s", "consumer": consumer, "errors": errors});
                    let sends: Vec<(&str, i64)> = (0..12).map(|i| (if i % 3 == 0 { "b" } else { "a" }, i * 20)).collect();
                    let r = run_listed(&sends, ingest.clone());
                    let f = failures(&r);
                    let tries = failed_tries(f);
                    let bound = estimate(&ingest, 12.0);
                    // A transient rate below 1 is estimated by its mean: allow it twice that.
                    let bound = if errors.get("transient_rate") == Some(&json!(0.3)) { 2.0 * bound } else { bound };
                    assert!(tries as f64 <= bound, "{ingest}: {tries} tries, estimated {bound}");
                    checked += 1;
                }
            }
        }
    }
    for (vis, count) in [(0, None), (0, Some(3)), (500, None), (500, Some(2))] {
        let mut ingest = json!({"type": "sqs_fifo", "visibility_timeout": vis, "retention": "3s",
                                "consumer": {"record_time": 0}, "errors": {"transient_rate": 1}});
        if let Some(c) = count {
            ingest["max_receive_count"] = json!(c);
        }
        let r = run_listed(&[("a", 0), ("a", 10), ("b", 20)], ingest.clone());
        let f = failures(&r);
        let tries = failed_tries(f);
        assert!(tries as f64 <= estimate(&ingest, 3.0), "{ingest}: {tries} tries");
        checked += 1;
    }
    assert_eq!(checked, 3 * 3 * 3 * 4 + 4);
}

#[test]
fn timeouts_are_failures_in_the_estimate() {
    let s = Syntax::builtin();
    // A function of 5 s with the default 3 s timeout: every invocation fails at 3 s, so each of
    // 10 records is tried once every 3,000 ms for the 86,400,000 ms retention, plus the first:
    // 28,801 tries each.
    let i = json!({"type": "kinesis", "consumer": {"batch_size": 1, "duration": "5s"}});
    let w = retry_tries(&IngestSpec::parse(&i, "ingest", &s).unwrap(), 10.0).unwrap();
    assert_eq!((w.tries, w.path.as_str()), (288_010.0, "ingest.consumer.max_retry_attempts"));
    // Uniform 2,000 to 3,999 ms on top of a 1 ms record: a batch of one runs 2,001 to 4,000 ms,
    // past 3,000 ms half the time (3,000 to 3,999 ms drawn, 1,000 of 2,000): p = 0.5, one retry a
    // record on average; with MaximumRetryAttempts the path is the timeout.
    let i = json!({"type": "kinesis", "consumer": {"batch_size": 1, "max_retry_attempts": 2,
                   "duration": {"type": "uniform", "min": "2000ms", "max": "3999ms"}}});
    let w = retry_tries(&IngestSpec::parse(&i, "ingest", &s).unwrap(), 10.0).unwrap();
    assert_eq!((w.tries, w.path.as_str()), (10.0, "ingest.consumer.timeout"));
    // Under the timeout: nothing can fail.
    let i = json!({"type": "kinesis", "consumer": {"batch_size": 1, "duration": "2s"}});
    assert!(retry_tries(&IngestSpec::parse(&i, "ingest", &s).unwrap(), 10.0).is_none());
}
