//! The `ingest` watermark, recomputed independently from the deliveries.

mod common;

use common::run;
use serde_json::json;
use windowpane_engine::WatermarkPoint;
use windowpane_ingest::partition::{hash_key, shard_of};
use windowpane_ingest::Resolved;

/// Per shard at the end of instant `t`: oldest event time accepted and not delivered, else the
/// event time of the last delivery; then the minimum over shards (None: minus infinity).
fn min_over_shards(r: &Resolved, shards: u32, t: i64) -> Option<i64> {
    (0..shards)
        .map(|s| {
            let mut mine = r.deliveries.iter().filter(|d| d.lane == s);
            let pending = mine.clone().filter(|d| d.accepted <= t && d.arrival > t).map(|d| d.record.event_time()).min();
            pending.or_else(|| mine.rfind(|d| d.arrival <= t).map(|d| d.record.event_time()))
        })
        .min()
        .flatten()
}

/// The path's value at the end of instant `t`.
fn path_at(points: &[WatermarkPoint], t: i64) -> Option<i64> {
    points.iter().take_while(|p| p.at <= t).last().map(|p| p.to)
}

#[test]
fn the_watermark_is_the_minimum_over_shards_and_never_goes_back() {
    for seed in 1..=3 {
        let g = json!({"devices": {"count": 16}, "rate": 2, "duration": "20s", "seed": seed,
                       "delay": {"type": "exponential", "mean": "150ms"}, "clock_skew": "100ms"});
        let i = json!({"type": "kinesis", "shards": 4,
                       "consumer": {"batch_size": 5, "batch_window": "300ms", "parallelization": 2}});
        let r = run(g, i, None);
        assert!(r.watermark.len() > 10);
        assert!(r.watermark.windows(2).all(|w| w[0].at < w[1].at && w[0].to < w[1].to), "strictly forward");
        // At every instant something happened, the path is the running maximum of the minimum.
        let mut instants: Vec<i64> = r.deliveries.iter().flat_map(|d| [d.accepted, d.arrival]).collect();
        instants.sort_unstable();
        instants.dedup();
        let mut high: Option<i64> = None;
        for t in instants {
            high = high.max(min_over_shards(&r, 4, t));
            assert_eq!(path_at(&r.watermark, t), high, "watermark at {t}");
        }
    }
}

/// Keys of `n` devices named device-{i} that land on `shard` of `shards`.
fn devices_on(shard: u32, shards: u32, n: usize) -> Vec<u32> {
    (0..).filter(|i| shard_of(hash_key(&format!("device-{i}")), shards) == shard).take(n).collect()
}

#[test]
fn an_empty_shard_stalls_the_watermark_until_the_idle_timeout() {
    // 8 devices, all on shard 0 of 2, by choosing the device count so that shard 1 gets none.
    let on_1 = devices_on(1, 2, 1)[0];
    assert!(on_1 > 0, "device-0 must be on shard 0 for this test");
    let g = json!({"devices": {"count": on_1}, "rate": 1, "duration": "30s"});
    let i = json!({"type": "kinesis", "shards": 2});
    let stalled = run(g.clone(), i.clone(), None);
    assert!(stalled.deliveries.iter().all(|d| d.lane == 0));
    assert!(stalled.watermark.is_empty(), "shard 1 has never had data: minus infinity");
    let freed = run(g, i, Some(5_000));
    let first = freed.watermark.first().expect("the idle shard stops holding it back");
    assert!(first.at >= 5_000, "not before the timeout: {first:?}");
}

#[test]
fn data_from_a_shard_that_went_idle_turns_late_only_with_the_timeout() {
    let shard_1 = devices_on(1, 2, 1)[0];
    let count = shard_1 + 1;
    let g = json!({"devices": {"count": count}, "rate": 1, "duration": "60s",
                   "offline": [{"device": shard_1, "from": "00:00:10", "to": "00:00:40"}]});
    let i = json!({"type": "kinesis", "shards": 2, "consumer": {"record_time": 0}});
    let held = run(g.clone(), i.clone(), None);
    let lane_1_late = |r: &Resolved| r.deliveries.iter().filter(|d| d.lane == 1 && d.late).count();
    assert_eq!(lane_1_late(&held), 0, "without a timeout the offline shard holds the watermark");
    let stall = held.watermark.iter().find(|p| p.at >= 10_000 && p.at < 40_000).map(|p| p.to);
    assert!(stall.is_none_or(|w| w < 10_000), "held below the offline device's last event: {stall:?}");
    let moved = run(g, i, Some(3_000));
    let late = lane_1_late(&moved);
    assert!(late >= 25, "the buffered burst arrives behind the watermark: {late} late");
    assert_eq!(moved.report.lanes[1].late as usize, late);
    assert!(moved.watermark.iter().any(|p| p.at > 13_000 && p.at < 40_000 && p.to > 20_000));
}

#[test]
fn the_watermark_timeline_has_each_shards_watermark_and_the_combined_lag() {
    use windowpane_ingest::lag::{LagSample, PartitionSample};
    use windowpane_ingest::{resolve, IngestSpec, Listed, ListedEvent, Options, Syntax};
    // MD5("a") = 0cc1… is in shard 0 of 2, MD5("b") = 92eb… in shard 1. a sends at 0, 1000,
    // 2000, 3000, b at 0 only; each record is read at once and delivered 1 ms later. Idle timeout
    // 1.5 s: b's shard, empty since 1, turns idle at 0 + 1500 (its last acceptance). Buckets of
    // 1 s from 0, each sample the state at its end: bucket 0: both shards at 0, combined 0,
    // newest 0; bucket 1: a's shard 1000, b's idle, combined 1000 (from 1500), newest 1000;
    // bucket 2: 2000; bucket 3: 3000. The run ends at 4500, when a's shard turns idle too
    // (3000 + 1500): bucket 4 has both idle and the combined watermark stays at 3000.
    let ingest = json!({"type": "kinesis", "shards": 2});
    let spec = IngestSpec::parse(&ingest, "ingest", &Syntax::builtin()).unwrap();
    let sends = [("a", 0), ("b", 0), ("a", 1000), ("a", 2000), ("a", 3000)];
    let listed = sends.iter().map(|&(k, t)| ListedEvent { key: k.to_string(), value: 1.0, event_time: t, sent: t }).collect();
    let r = resolve(&mut Listed::new(listed), &spec, &Options { idle_timeout: Some(1500), timelines: true, ..Options::default() });
    let tl = r.report.watermarks.as_ref().expect("a timeline with timelines on");
    assert_eq!(tl.names, ["shardId-000000000000", "shardId-000000000001"]);
    let lag = |t, w: i64| LagSample { t, watermark: Some(w), newest: Some(w) };
    assert_eq!(tl.combined, [lag(0, 0), lag(1000, 1000), lag(2000, 2000), lag(3000, 3000), lag(4000, 3000)]);
    let at = |t, w: i64| PartitionSample { t, watermark: Some(w), idle: false, oldest: None };
    let idle = |t| PartitionSample { t, watermark: None, idle: true, oldest: None };
    assert_eq!(tl.partitions[0], [at(0, 0), at(1000, 1000), at(2000, 2000), at(3000, 3000), idle(4000)]);
    assert_eq!(tl.partitions[1], [at(0, 0), idle(1000), idle(2000), idle(3000), idle(4000)]);
    assert!(tl.combined.iter().all(|s| s.lag() == Some(0)));
}

#[test]
fn an_idle_shard_without_an_idle_timeout_holds_the_watermark_and_the_lag_grows() {
    use windowpane_ingest::{resolve, IngestSpec, Listed, ListedEvent, Options, Syntax};
    // As above, without an idle timeout: b's shard (1) is empty from 1 ms on and keeps the last
    // event time it delivered, 0, so the pipeline watermark stays at 0 while a's shard follows
    // a's sends (0, 1000, 2000, 3000), each delivered 1 ms after its send.
    let ingest = json!({"type": "kinesis", "shards": 2});
    let spec = IngestSpec::parse(&ingest, "ingest", &Syntax::builtin()).unwrap();
    let sends = [("a", 0), ("b", 0), ("a", 1000), ("a", 2000), ("a", 3000)];
    let listed = sends.iter().map(|&(k, t)| ListedEvent { key: k.to_string(), value: 1.0, event_time: t, sent: t }).collect();
    let r = resolve(&mut Listed::new(listed), &spec, &Options { timelines: true, ..Options::default() });
    let tl = r.report.watermarks.as_ref().expect("a timeline with timelines on");
    assert_eq!(tl.keys, ["a", "b"]);
    let h = tl.holding(2_500).expect("a shard holds the watermark");
    assert_eq!((h.name.as_str(), h.watermark, h.device, h.active, h.combined), ("shardId-000000000001", Some(0), None, 2, Some(0)));
    // At 3.5 s (bucket 3): the newest event is 3000 and the watermark 0: lag 3 s. The buckets so
    // far lagged 0, 1000, 2000, 3000: the median (nearest rank 2 of 4) 1 s, the 99th
    // percentile (rank 4) 3 s. a's shard lags 0, b's 3 s.
    let l = tl.readout(3_500);
    assert_eq!((l.now, l.p50, l.p99, l.max), (Some(3000), Some(1000), Some(3000), Some(3000)));
    let shards: Vec<_> = l.partitions.iter().map(|p| (p.watermark, p.lag, p.idle)).collect();
    assert_eq!(shards, [(Some(3000), Some(0), false), (Some(0), Some(3000), false)]);
    assert_eq!(tl.readout(-1), Default::default(), "before the first sample nothing is known");
}
