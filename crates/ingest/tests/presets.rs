//! The transport presets that tell the AWS stories, run from their files, with figures worked
//! out by hand in the comments, and per-key order checked in each.

use serde_json::Value;
use windowpane_ingest::{resolve, IngestSpec, Listed, ListedEvent, Options, Resolved, SkippedTo, Syntax};

/// 12:00:00 on the base date.
const T0: i64 = 43_200_000;

fn preset(name: &str) -> Resolved {
    let path = format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("preset exists")).expect("preset is JSON");
    let s = Syntax::builtin();
    let events = doc["events"]
        .as_array()
        .expect("listed events")
        .iter()
        .map(|e| {
            let t = (s.time)(e["event_time"].as_str().expect("a time")).expect("a time of day");
            ListedEvent { key: e["key"].as_str().expect("a key").to_string(), value: 1.0, event_time: t, sent: t }
        })
        .collect();
    let spec = IngestSpec::parse(&doc["ingest"], "ingest", &s).expect("ingest parses");
    let r = resolve(&mut Listed::new(events), &spec, &Options::default());
    // Per key, first deliveries in send order.
    let mut high = std::collections::HashMap::new();
    for d in &r.deliveries {
        let h = high.entry(d.record.device).or_insert(0u32);
        assert!(d.record.seq() >= *h, "{name}: key {} out of order", d.record.device);
        *h = d.record.seq();
    }
    assert_eq!(r.report.order_violations, 0);
    r
}

/// Arrivals relative to 12:00:00, with how many arrive at each.
fn arrivals(r: &Resolved) -> Vec<(i64, usize)> {
    let mut out: Vec<(i64, usize)> = Vec::new();
    for d in &r.deliveries {
        match out.last_mut() {
            Some((t, n)) if *t == d.arrival - T0 => *n += 1,
            _ => out.push((d.arrival - T0, 1)),
        }
    }
    out
}

// Both Kinesis presets: device-1 sends at 0, 1, …, 9 s, device-2 at 0.5, …, 9.5 s (in send
// order, seq 0..19: device-1's reading of 3 s is seq 6, the poison record). One shard; batches
// of up to 10 gathered for 2 s, 10 ms a record. The window opened at 0 closes at 2000 with the
// five records sent by then (the one sent at 2000 reaches the shard first): 2000 → 2050. The
// next opens at 2500 and closes at 4500 with five (2500 … 4500, the poison record among them):
// 4500 → 4550, failed.

#[test]
fn the_poison_record_blocks_its_shard_until_retention() {
    // Retried whole every 50 ms: starts 4500 + 50k. Retention 60 s: at 62500 (k = 1160) the
    // record sent at 2500 is 60 s old and expires; the four left fail every 40 ms from 62500
    // until the poison record (sent at 3000) expires at the first start ≥ 63000: 62500 + 40 × 13
    // = 63020. The three left go 63020 → 63050; then the ten waiting (5000 … 9500), a full
    // batch, 63050 → 63150.
    let r = preset("ingest-kinesis-poison-record");
    assert_eq!(arrivals(&r), [(2050, 5), (63_050, 3), (63_150, 10)]);
    let f = r.report.failures.as_ref().expect("failures");
    // Failed: 1160 of five records (4500 … 62450) and 13 of four (62500 … 62980).
    assert_eq!(f.failed_invocations, 1160 + 13);
    assert_eq!(f.invocations, 1 + 1160 + 13 + 2);
    assert_eq!(f.retried, 1160 * 5 + 13 * 4);
    assert_eq!(f.expired, 2);
    // device-1 has two records in each failed batch (3000, 4000), device-2 three then two.
    let keys: Vec<(&str, u64, u64)> = f.keys.iter().map(|k| (k.key.as_str(), k.retried, k.expired)).collect();
    assert_eq!(keys, [("device-1", 1173 * 2, 1), ("device-2", 1160 * 3 + 13 * 2, 1)]);
    assert_eq!(r.report.delivered, 18);
}

#[test]
fn bisecting_sends_only_the_poison_record_to_the_destination() {
    // 4550: failed five split 2 + 3; 4550 → 4570 fails: split 1 + 1; 4570 → 4580 delivers the
    // record sent at 2500; the poison record fails at 4590, 4600 (retries 1, 2) and 4610 (more
    // than 2): to the on-failure destination. 4610 → 4640: the three left. Then the windows
    // opened at 5000 and 7500: 7000 → 7050 and 9500 → 9550, five each.
    let r = preset("ingest-kinesis-poison-bisect");
    assert_eq!(arrivals(&r), [(2050, 5), (4580, 1), (4640, 3), (7050, 5), (9550, 5)]);
    let f = r.report.failures.as_ref().expect("failures");
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.to_destination), (10, 5, 5 + 2 + 1 + 1, 1));
    let s = &f.skipped[0];
    assert_eq!((s.key.as_str(), s.seq, s.at - T0, s.to), ("device-1", 6, 4610, SkippedTo::OnFailureDestination));
}

#[test]
fn the_failing_fifo_message_holds_back_only_its_group() {
    // Two consumers, batches of 10, 100 ms a message. At 0 "hot"'s first message is alone in
    // the queue: received 0 → 100 and fails (invisible until 5000); cold-1 0 → 100; cold-2 on
    // the first free consumer, 100 → 200. 5000: hot's first ten (its poison message received a
    // 2nd time) 5000 → 6000, fail, invisible until 10000; 10000 → 11000 the same (3rd receive).
    // 15000: received 3 times, the poison message moves to the dead-letter queue; the group
    // drains: 15000 → 16000, 16000 → 17000 (ten each), 17000 → 17900 (nine).
    let r = preset("ingest-sqs-fifo-failing-group");
    assert_eq!(arrivals(&r), [(100, 1), (200, 1), (16_000, 10), (17_000, 10), (17_900, 9)]);
    let f = r.report.failures.as_ref().expect("failures");
    // Retried: the poison message after its 1st and 2nd receives, its nine companions after
    // their 1st and 2nd (the 3rd failure retries nine: the poison message is done).
    assert_eq!((f.invocations, f.failed_invocations, f.retried, f.to_destination), (8, 3, 1 + 10 + 9, 1));
    assert_eq!((f.skipped[0].key.as_str(), f.skipped[0].at - T0, f.skipped[0].to), ("hot", 15_000, SkippedTo::DeadLetterQueue));
}

#[test]
fn the_split_during_a_burst_keeps_each_key_in_order() {
    // 4 records a second. At 1000 the first four of the eight (in file order: device-0 and
    // device-1 alternating) are accepted; the fifth is throttled (retry 1100), the rest wait;
    // 1100 and 1300: second 1 is used up, four throttled each (retry 1300, 1700). 1500: the split
    // moves device-0's two to shard 1 and device-1's two to shard 2, which accept them at once.
    // Batches gathered for 1 s, 10 ms a record: the parent's four 2000 → 2040; the children are
    // read at 2040, their windows (from 1500) close at 2500 → 2520; the readings of 3000 go
    // 4000 → 4010.
    let r = preset("ingest-kinesis-reshard-burst");
    assert_eq!(arrivals(&r), [(2040, 4), (2520, 4), (4010, 2)]);
    assert_eq!(r.report.throttled, 1 + 4 + 4);
    let per_lane: Vec<(&str, u64)> = r.report.lanes.iter().map(|l| (l.name.as_str(), l.delivered)).collect();
    assert_eq!(per_lane, [("shardId-000000000000", 4), ("shardId-000000000001", 3), ("shardId-000000000002", 3)]);
}
