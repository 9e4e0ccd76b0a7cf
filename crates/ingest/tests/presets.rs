//! The transport presets that tell the AWS stories, run from their files, with figures worked
//! out by hand in the comments, and per-key order checked in each.

use serde_json::Value;
use windowpane_ingest::{resolve, IngestSpec, Listed, ListedEvent, Options, Resolved, SkippedTo, Syntax};

/// 12:00:00 on the base date.
const T0: i64 = 43_200_000;

fn preset(name: &str) -> Resolved {
    preset_edited(name, |_| {})
}

/// The preset run with its `ingest` section changed by `edit` first.
fn preset_edited(name: &str, edit: impl FnOnce(&mut Value)) -> Resolved {
    let path = format!("{}/../../examples/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let mut doc: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("preset exists")).expect("preset is JSON");
    edit(&mut doc["ingest"]);
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

// The read presets: two shards, records of 100 KB, batches of up to 100 at 10 ms a record, no
// batch window. device-0 (MD5 20ed…) is on shard 0, device-1 (d111…) on shard 1. device-1 sends
// at 0, 125, …, 875 ms, device-0 at 500, 1500, 2500.

#[test]
fn polling_consumers_share_a_shards_calls_and_bytes() {
    // "Each shard can support up to five read transactions per second ... up to a maximum total
    // data read rate of 2 MB per second" shared by the consumers polling it (Kinesis quotas;
    // developing consumers with shared throughput): five consumers, one call a second each and
    // 2,097,152 / 5 = 419,430 bytes, four records of 100,000 bytes. Shard 1: the reading of 0 is
    // read at once (the second's call), 0 → 10; the seven others wait for 1000, which reads four
    // (125 … 500; bytes), 1000 → 1040; 2000 reads the last three, 2000 → 2030. Shard 0: each
    // reading is the first of its second, read at once, 10 ms later at the pipeline.
    let r = preset("ingest-kinesis-polling-shared");
    assert_eq!(arrivals(&r), [(10, 1), (510, 1), (1040, 4), (1510, 1), (2030, 3), (2510, 1)]);
    // The longest wait: device-1's reading of 625 ms, at the pipeline at 2030.
    assert_eq!(r.report.latency.max, Some(1405));
}

#[test]
fn enhanced_fan_out_pushes_every_record_70_ms_after_acceptance() {
    // Enhanced fan-out: 2 MiB a second of each shard to this consumer (twenty records of 100 KB:
    // eight a second stay under it) and a push "around 70 ms" after acceptance on average
    // (developer guide, enhanced fan-out): every reading arrives 70 + 10 ms after it was sent.
    let r = preset("ingest-kinesis-enhanced-fan-out");
    let want: Vec<(i64, usize)> = [80, 205, 330, 455, 580, 705, 830, 955, 1580, 2580]
        .into_iter()
        .map(|t| (t, if t == 580 { 2 } else { 1 }))
        .collect();
    assert_eq!(arrivals(&r), want);
    assert_eq!(r.report.latency.max, Some(80));
}

#[test]
fn a_hot_groups_backlog_holds_back_the_groups_behind_it() {
    // Two consumers, batches of 10, 100 ms a message; a receive scans the oldest 20 messages
    // (scaled down from 120,000). 0: hot's first message alone, 0 → 100. 100: cold-1 (the 31st
    // message) is behind hot's 30: blocked though a consumer is free; hot's next ten 100 → 1100.
    // 1000: cold-2 (32nd) waits too. 1100: hot's next ten 1100 → 2100; hot has 19 left, so cold-1
    // is among the first 20: 1100 → 1200; 1200: cold-2 likewise, 1200 → 1300. 2100 → 3000: hot's
    // last nine.
    let r = preset("ingest-sqs-fifo-hot-device");
    assert_eq!(arrivals(&r), [(100, 1), (1100, 10), (1200, 1), (1300, 1), (2100, 10), (3000, 9)]);
    let cold: Vec<(&str, i64)> =
        r.report.lanes.iter().filter(|l| l.name.starts_with("cold")).map(|l| (l.name.as_str(), l.latency_max.unwrap_or(-1))).collect();
    assert_eq!(cold, [("cold-1", 1100), ("cold-2", 300)]);
    // With the full 120,000-message scan the cold groups take the free consumer at once: cold-1
    // 100 → 200, cold-2 1000 → 1100 (after hot's batch, whose timer was set first).
    let free = preset_edited("ingest-sqs-fifo-hot-device", |i| {
        i.as_object_mut().expect("an object").remove("scan_limit");
    });
    assert_eq!(arrivals(&free), [(100, 1), (200, 1), (1100, 11), (2100, 10), (3000, 9)]);
}

// The burst presets: eight devices, one in each eighth of the hash key space (MD5 of device-39
// 1b74…, device-0 20ed…, device-3 4403…, device-11 66b9…, device-12 8073…, device-9 a6c0…,
// device-1 d111…, device-5 e3c3…), two in each quarter; each sends at 0 and 3000. A shard takes
// 1 record a second; backoff 100 ms doubling (5 s at most): a write throttled at 0 is tried at
// 100, 300, 700 and 1500, the first try in the next second.

/// When each record was accepted, by send counter.
fn accepted(r: &Resolved) -> Vec<i64> {
    let mut by_seq: Vec<(u32, i64)> = r.deliveries.iter().map(|d| (d.record.seq(), d.accepted - T0)).collect();
    by_seq.sort_unstable();
    by_seq.into_iter().map(|(_, a)| a).collect()
}

#[test]
fn an_on_demand_stream_doubles_its_shards_after_a_new_peak() {
    // A new on-demand stream: four shards (4 MB/s and 4,000 records/s, four shards' worth). At 0
    // each quarter's first device is accepted, its second throttled 4 times and accepted at
    // 1500. Second 0's peak, 4, is more than half the 4 records/s: at 0 + 2 s the stream splits
    // its four shards into eight (⌈2 × 4 / 1⌉), shards 4 to 11, one device each: at 3000 all
    // eight are accepted at once. That second's peak, 8: at 5000 sixteen shards (12 to 27).
    let r = preset("ingest-kinesis-on-demand-burst");
    let first_second = [0, 1500, 0, 1500, 0, 1500, 0, 1500];
    // Send order in the file: device-39, device-0, … (pairs share a quarter) at 0, then at 3000.
    let want: Vec<i64> = first_second.iter().copied().chain([3000; 8]).collect();
    assert_eq!(accepted(&r), want);
    assert_eq!(r.report.throttled, 4 * 4);
    assert_eq!(r.report.lanes.len(), 4 + 8 + 16);
    // The readings of 3000 went through the children, one device each.
    let busy: Vec<(usize, u64)> = r.report.lanes.iter().enumerate().filter(|(_, l)| l.entered > 0).map(|(i, l)| (i, l.entered)).collect();
    assert_eq!(busy, [(0, 2), (1, 2), (2, 2), (3, 2), (4, 1), (5, 1), (6, 1), (7, 1), (8, 1), (9, 1), (10, 1), (11, 1)]);
}

#[test]
fn four_provisioned_shards_throttle_both_bursts() {
    // The same four shards, provisioned: nothing adapts. At 3000 each quarter's second device is
    // throttled at 3000, 3100, 3300, 3700 and accepted at 4500.
    let r = preset("ingest-kinesis-provisioned-burst");
    let burst = [0, 1500, 0, 1500, 0, 1500, 0, 1500];
    let want: Vec<i64> = burst.iter().copied().chain(burst.iter().map(|t| t + 3000)).collect();
    assert_eq!(accepted(&r), want);
    assert_eq!(r.report.throttled, 2 * 4 * 4);
    assert_eq!(r.report.lanes.len(), 4);
}
