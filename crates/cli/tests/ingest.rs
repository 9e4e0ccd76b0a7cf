//! `windowpane ingest` and `windowpane run` over the transport sections: statistics per shard,
//! standard input, errors naming the field path, the benchmark's output.

mod common;

use common::{text, windowpane};

/// The hot-device preset: 12 devices at 1 event/s for a minute, device-3 at 20/s, 4 shards taking
/// 15 records/s each. The first hex digit of each key's MD5 (`printf %s device-3 | md5sum`) picks
/// its shard: 0-3 → shard 0 (device-0, 2, 6, 7, 10), 4-7 → 1 (device-3, 4, 8, 11), 8-b → 2
/// (device-9), c-f → 3 (device-1, 5). So the shards see 300, 1200 + 180, 60 and 120 records.
#[test]
fn ingest_prints_each_shards_statistics() {
    let out = windowpane(&["ingest", "examples/ingest-kinesis-hot-device.json", "--format", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(report["transport"], "kinesis");
    assert_eq!(report["lane_kind"], "shard");
    assert_eq!(report["sent"], 1860);
    assert_eq!(report["delivered"], 1860);
    assert_eq!(report["order_violations"], 0);
    let lanes = report["lanes"].as_array().expect("lanes");
    let names: Vec<&str> = lanes.iter().map(|l| l["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["shardId-000000000000", "shardId-000000000001", "shardId-000000000002", "shardId-000000000003"]);
    let entered: Vec<u64> = lanes.iter().map(|l| l["entered"].as_u64().unwrap()).collect();
    assert_eq!(entered, [300, 1380, 60, 120]);
    let throttled: Vec<bool> = lanes.iter().map(|l| l["throttled"].as_u64().unwrap() > 0).collect();
    assert_eq!(throttled, [false, true, false, false], "only the hot device's shard is throttled");
    assert!(lanes.iter().all(|l| l.get("samples").is_none()), "samples only with --timelines");
    let latency = &report["latency"];
    // Numbers, not null: `None <= Some(_)` would let a missing percentile pass.
    let [p50, p99, max] = ["p50", "p99", "max"].map(|q| latency[q].as_i64().unwrap_or_else(|| panic!("latency {q}: {}", latency[q])));
    assert!(p50 <= p99 && p99 <= max, "{latency}");
    let cost = &report["cost"];
    assert_eq!(cost["items"].as_array().map(Vec::len), Some(2));

    let out = windowpane(&["ingest", "examples/ingest-kinesis-hot-device.json", "--format", "json", "--timelines"], None);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    let samples = report["lanes"][1]["samples"].as_array().expect("samples of shard 1");
    let delivered: u64 = samples.iter().map(|s| s["delivered"].as_u64().unwrap()).sum();
    assert_eq!(delivered, 1380);

    let out = windowpane(&["ingest", "examples/ingest-kinesis-hot-device.json"], None);
    let table = text(&out.stdout);
    assert!(table.starts_with("transport kinesis: sent 1860, delivered 1860, throttled writes "), "{table}");
    assert!(table.lines().any(|l| l.starts_with("shardId-000000000002") && l.split_whitespace().nth(1) == Some("60")), "{table}");
    assert!(table.contains("\ncost total: "));
    // 1,860 records, nothing failing: no retries, nothing skipped.
    assert!(table.contains(" 0 failed, 0 throttled by the concurrency limit; records retried 0, to the on-failure destination or dead-letter queue 0, discarded 0, expired 0\n"), "{table}");
}

const SMALL: &str = r#"{"format": "windowpane/1",
  "generate": {"devices": {"count": 3}, "rate": 2, "duration": "5s"},
  "ingest": {"type": "sqs_fifo"}, "watermark": {"model": "ingest"},
  "pipeline": {"window": {"type": "fixed", "size": "1s"}}}"#;

#[test]
fn ingest_reads_standard_input_and_names_bad_fields() {
    let out = windowpane(&["ingest", "-"], Some(SMALL));
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).starts_with("transport sqs_fifo: sent 30, delivered 30,"), "{}", text(&out.stdout));
    let bad = [
        (r#""ingest": {"type": "sqs_fifo"}"#, r#""ingest": {"type": "kinesis", "shards": 0}"#, "ingest.shards: expected a whole number ≥ 1, got 0"),
        (
            r#""ingest": {"type": "sqs_fifo"}"#,
            r#""ingest": {"type": "kinesis", "consumer": {"parallelization": 11}}"#,
            "ingest.consumer.parallelization: expected a whole number from 1 to 10, got 11",
        ),
        (r#""rate": 2"#, r#""rate": -3"#, "generate.rate: expected a number > 0 (events per second per device), got -3"),
    ];
    for (from, to, message) in bad {
        let scenario = SMALL.replace(from, to);
        for command in ["ingest", "run", "check"] {
            let out = windowpane(&[command, "-"], Some(&scenario));
            assert!(!out.status.success(), "{command} must fail on {to}");
            assert_eq!(text(&out.stderr), format!("error: {message}\n"), "{command}");
        }
    }
    let out = windowpane(&["ingest", "-"], Some(r#"{"format": "windowpane/1", "events": [], "pipeline": {"window": {"type": "global"}}}"#));
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("no \"ingest\" or \"generate\" section"));
}

#[test]
fn run_shows_the_data_an_idle_timeout_turns_late() {
    // device-9 is alone on its shard and offline from 12:00:30 to 12:01:30. Without a timeout its
    // shard holds the watermark and nothing is dropped; with one, its buffered burst is dropped.
    let dropped = |file: &str| {
        let out = windowpane(&["run", file, "--format", "json"], None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        let output: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
        output["dropped"].as_array().expect("dropped").iter().map(|d| d["key"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert!(dropped("examples/ingest-idle-shard-stall.json").is_empty());
    let timed_out = dropped("examples/ingest-idle-shard-timeout.json");
    assert!(!timed_out.is_empty());
    assert!(timed_out.iter().all(|k| k == "device-9"), "{timed_out:?}");
}

#[test]
fn the_benchmark_reports_its_events_and_memory() {
    let out = windowpane(&["ingest", "--bench", "--devices", "2000", "--shards", "2", "--seconds", "3"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(stdout.starts_with("bench: 2000 devices × 1 event/s × 3 s through 2 Kinesis shards, with failures and a split and merge\nevents: 6000 in "), "{stdout}");
    assert!(stdout.contains(" of this thread (CLOCK_THREAD_CPUTIME_ID) = "), "{stdout}");
    assert!(stdout.contains("\nfailures: "), "{stdout}");
    // Its memory: the peak RSS where /proc gives it, else a line that says it is unavailable.
    assert!(stdout.contains("\npeak RSS (VmHWM): ") || stdout.contains("\npeak RSS: unavailable"), "{stdout}");
    assert!(stdout.contains("\ndelivered 6000, throttled writes "), "{stdout}");
}

/// The hot-device preset's device-3 sends 20 records/s and a shard takes 15 (its
/// `write_limit`): no shard count carries it; the solver names the key.
#[test]
fn ingest_solve_names_the_hot_key_no_shard_count_carries() {
    let out = windowpane(&["ingest", "--solve", "examples/ingest-kinesis-hot-device.json", "--p99", "5s", "--max", "16", "--format", "json"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let a: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON object");
    assert_eq!(a["meets"], false);
    assert_eq!(a["bottleneck"]["limit"], "hot_key");
    assert_eq!(a["hot_key"][0], "device-3");
    // 20 / 15 = 133 %.
    assert!((a["bottleneck"]["utilization"].as_f64().unwrap() - 20.0 / 15.0).abs() < 0.01, "{}", a["bottleneck"]);
    let out = windowpane(&["ingest", "--solve", "examples/ingest-kinesis-hot-device.json"], None);
    assert!(!out.status.success());
    assert!(text(&out.stderr).contains("--solve needs a latency target"), "{}", text(&out.stderr));
}
