//! Bad settings give errors naming the field path.

use serde_json::json;
use windowpane_ingest::{GenerateSpec, IngestSpec, Syntax};

fn ingest_error(v: serde_json::Value) -> String {
    IngestSpec::parse(&v, "ingest", &Syntax::builtin()).unwrap_err().to_string()
}

fn generate_error(v: serde_json::Value) -> String {
    GenerateSpec::parse(&v, "generate", &Syntax::builtin()).unwrap_err().to_string()
}

#[test]
fn transport_settings() {
    assert_eq!(ingest_error(json!({"type": "kinesis", "shards": 0})), "ingest.shards: expected a whole number ≥ 1, got 0");
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "consumer": {"parallelization": 11}})),
        "ingest.consumer.parallelization: expected a whole number from 1 to 10, got 11"
    );
    assert_eq!(
        ingest_error(json!({"type": "sqs_fifo", "consumer": {"batch_size": 11}})),
        "ingest.consumer.batch_size: expected a whole number from 1 to 10, got 11"
    );
    assert_eq!(
        ingest_error(json!({"type": "kafka"})),
        "ingest.type: expected one of direct, kinesis, sqs_fifo, sqs_standard, got \"kafka\""
    );
    assert!(ingest_error(json!({"type": "kinesis", "shard": 2})).starts_with("ingest.shard: unknown field"));
    assert_eq!(
        ingest_error(json!({"type": "sqs_standard", "duplicate_rate": 2})),
        "ingest.duplicate_rate: expected a probability from 0 to 1, got 2"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "consumer": {"batch_window": "1 minute"}})),
        "ingest.consumer.batch_window: expected a duration like \"1m\", \"1m30s\" or \"250ms\", got \"1 minute\""
    );
    assert_eq!(ingest_error(json!({"type": "kinesis", "write_limit": -5})), "ingest.write_limit: expected a whole number ≥ 1, got -5");
}

#[test]
fn processing_times_are_never_negative_or_absurd() {
    let expected = |got: &str| format!("expected a duration from 0 to 1d like 0.5 (ms), \"250us\" or \"2ms\", got {got}");
    let consumer = |c: serde_json::Value| json!({"type": "kinesis", "consumer": c});
    assert_eq!(
        ingest_error(consumer(json!({"record_time": "-5us"}))),
        format!("ingest.consumer.record_time: {}", expected("\"-5us\""))
    );
    assert_eq!(
        ingest_error(json!({"type": "sqs_fifo", "consumer": {"batch_overhead": -1}})),
        format!("ingest.consumer.batch_overhead: {}", expected("-1"))
    );
    assert_eq!(ingest_error(consumer(json!({"record_time": 1e300}))), format!("ingest.consumer.record_time: {}", expected("1e+300")));
    assert_eq!(ingest_error(consumer(json!({"record_time": "2d"}))), format!("ingest.consumer.record_time: {}", expected("\"2d\"")));
    assert_eq!(ingest_error(consumer(json!({"record_time": "us"}))), format!("ingest.consumer.record_time: {}", expected("\"us\"")));
    let ok = |c: serde_json::Value| match IngestSpec::parse(&consumer(c), "ingest", &Syntax::builtin()).unwrap().transport {
        windowpane_ingest::Transport::Kinesis(k) => k.consumer.record_time_us,
        other => panic!("kinesis expected, got {other:?}"),
    };
    assert_eq!(ok(json!({"record_time": "250us"})), 250);
    assert_eq!(ok(json!({"record_time": 0.5})), 500);
    assert_eq!(ok(json!({"record_time": "2ms"})), 2000);
    assert_eq!(ok(json!({"record_time": "1d"})), 86_400_000_000);
}

#[test]
fn generate_settings() {
    let base = || json!({"devices": {"count": 2}, "rate": 1, "duration": "1m"});
    let with = |k: &str, v: serde_json::Value| {
        let mut g = base();
        g[k] = v;
        generate_error(g)
    };
    assert_eq!(with("rate", json!(-2)), "generate.rate: expected a number > 0 (events per second per device), got -2");
    assert_eq!(with("devices", json!({"count": 0})), "generate.devices.count: expected a whole number ≥ 1, got 0");
    assert_eq!(
        with("devices", json!({"count": 2, "key": "dev"})),
        "generate.devices.key: expected a pattern containing {i}, like \"device-{i}\", got \"dev\""
    );
    assert_eq!(
        with("delay", json!({"type": "log_normal", "median": "100ms", "p99": "50ms"})),
        "generate.delay.p99: expected median > 0 and p99 > median, got median 100 ms, p99 50 ms"
    );
    assert_eq!(
        with("offline", json!([{"device": 7, "from": 0, "to": 10}])),
        "generate.offline[0].device: expected a device index from 0 to 1 or one of its keys, got 7"
    );
    assert_eq!(
        with("overrides", json!([{"device": "device-1", "rate": 0}])),
        "generate.overrides[0].rate: expected a number > 0 (events per second per device), got 0"
    );
    assert_eq!(with("duration", json!("0ms")), "generate.duration: expected a duration > 0, got 0");
    assert!(with("sede", json!(1)).starts_with("generate.sede: unknown field"));
}

#[test]
fn aws_settings_name_their_field() {
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "read": {"type": "polling", "consumers": 6}})),
        "ingest.read.consumers: expected a whole number from 1 to 5, got 6"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "read": {"type": "fan_out"}})),
        "ingest.read.type: expected one of polling, enhanced_fan_out, got \"fan_out\""
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "record_bytes": 2000, "write_bytes_limit": 1000})),
        "ingest.write_bytes_limit: expected at least record_bytes (2000), got 1000"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "consumer": {"max_retry_attempts": 10001}})),
        "ingest.consumer.max_retry_attempts: expected a whole number from 0 to 10000, got 10001"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "consumer": {"bisect_on_error": "yes"}})),
        "ingest.consumer.bisect_on_error: expected true or false, got \"yes\""
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "errors": {"poison": [{"key": 3, "at": 0}]}})),
        "ingest.errors.poison[0].key: expected a key as a string, got 3"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "errors": {"transient_rate": 1.5}})),
        "ingest.errors.transient_rate: expected a probability from 0 to 1, got 1.5"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "shards": 2, "reshard": [{"at": 0, "split": 2}]})),
        "ingest.reshard[0].split: expected the index of an open shard (0 to 1), got 2"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "shards": 2, "reshard": [{"at": 0, "split": 0}, {"at": 5, "merge": [0, 1]}]})),
        "ingest.reshard[1].merge: expected the index of an open shard (0 to 3), got 0"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "reshard": [{"at": 10, "split": 0}, {"at": 5, "split": 1}]})),
        "ingest.reshard[1].at: expected reshards in time order"
    );
    assert_eq!(
        ingest_error(json!({"type": "sqs_fifo", "max_receive_count": 0})),
        "ingest.max_receive_count: expected a whole number from 1 to 1000, got 0"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "shards": 3, "reshard": [{"at": 0, "merge": [0, 2]}]})),
        "ingest.reshard[0].merge: expected two shards with adjacent hash key ranges, got [0,2]"
    );
    assert!(ingest_error(json!({"type": "kinesis", "consumer": {"bisect": true}})).starts_with("ingest.consumer.bisect: unknown field"));
}

#[test]
fn a_read_share_must_hold_a_record() {
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "record_bytes": 600_000, "read": {"consumers": 4}})),
        "ingest.read.bytes_per_second: expected each consumer's share of the read throughput (524288 bytes a second) to hold one record of record_bytes (600000)"
    );
}

#[test]
fn scan_limit_timeout_and_on_demand_scaling_settings() {
    assert_eq!(
        ingest_error(json!({"type": "sqs_fifo", "scan_limit": 0})),
        "ingest.scan_limit: expected a whole number from 1 to 120000, got 0"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "consumer": {"timeout": "16m"}})),
        "ingest.consumer.timeout: expected a duration of at most 900000 ms, got \"16m\""
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "consumer": {"timeout": 0}})),
        "ingest.consumer.timeout: expected a timeout of at least 1 ms, got 0"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "scale_delay": "1m"})),
        "ingest.scale_delay: scale_delay is for \"mode\": \"on_demand\""
    );
    // Twice 10,000 records/s is 20 shards of 1,000.
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "mode": "on_demand", "previous_peak": 10_000, "max_shards": 8})),
        "ingest.previous_peak: expected at most max_shards (8) shards for twice the previous peak, got 20"
    );
    assert_eq!(
        ingest_error(json!({"type": "kinesis", "mode": "on_demand", "scale_delay": "2d"})),
        "ingest.scale_delay: expected a duration of at most 86400000 ms, got \"2d\""
    );
}
