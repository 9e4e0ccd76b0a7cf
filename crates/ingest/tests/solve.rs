//! The solver against trying every design on small fleets, and its bottlenecks worked out by
//! hand from the documented limits.

use serde_json::{json, Value};
use windowpane_ingest::solve::{solve, Bounds, Design, Limit, Solution, Target};
use windowpane_ingest::{simulate, Discard, Fleet, GenerateSpec, IngestSpec, Options, Source, Syntax};

fn specs(generate: &Value, ingest: &Value) -> (GenerateSpec, IngestSpec) {
    let s = Syntax::builtin();
    (GenerateSpec::parse(generate, "generate", &s).unwrap(), IngestSpec::parse(ingest, "ingest", &s).unwrap())
}

fn solved(generate: &Value, ingest: &Value, target: Target, max: u32) -> Solution {
    let (g, i) = specs(generate, ingest);
    let mut make = || Box::new(Fleet::new(g.clone())) as Box<dyn Source>;
    solve(&mut make, &i, target, Bounds { max, ..Bounds::default() }).expect("solvable spec")
}

/// Whether `design` meets `target`, simulated directly (not through the solver).
fn meets(g: &GenerateSpec, i: &IngestSpec, d: Design, target: Target) -> bool {
    let mut spec = i.clone();
    match &mut spec.transport {
        windowpane_ingest::Transport::Kinesis(k) => {
            k.shards = d.shards.unwrap();
            k.consumer.parallelization = d.parallelization.unwrap();
            k.consumer.batch_window = d.batch_window.unwrap();
        }
        windowpane_ingest::Transport::SqsFifo(f) => f.consumer.concurrency = d.concurrency.unwrap(),
        _ => unreachable!(),
    }
    let r = simulate(&mut Fleet::new(g.clone()), &spec, &Options::default(), &mut Discard);
    let lost = r.failures.as_ref().map_or(0, |f| f.to_destination + f.discarded + f.expired);
    let ok = |got: Option<i64>, want: Option<i64>| want.is_none_or(|w| got.is_some_and(|g| g <= w));
    r.delivered - r.duplicates == r.sent && lost == 0 && ok(r.latency.p50, target.p50) && ok(r.latency.p99, target.p99)
}

#[test]
fn the_fewest_shards_then_parallelization_agree_with_trying_every_design() {
    let fleets = [
        json!({"devices": {"count": 12}, "rate": 200, "duration": "6s", "seed": 3}),
        json!({"devices": {"count": 30}, "rate": 60, "duration": "8s", "seed": 5,
               "delay": {"type": "log_normal", "median": "50ms", "p99": "400ms"}}),
        json!({"devices": {"count": 8}, "rate": 20, "duration": "6s", "overrides": [{"device": 2, "rate": 700}]}),
    ];
    let consumers = [
        json!({"batch_size": 100, "record_time": "200us"}),
        json!({"batch_size": 50, "batch_window": "200ms", "record_time": "2ms"}),
    ];
    // Answers from 1 × 1 to 4 × 4 and 2 × 9, and one met by no design (the hot device's 700
    // records/s are more than one sub-partition processes at 2 ms a record).
    let targets = [Target { p50: None, p99: Some(2500) }, Target { p50: Some(1000), p99: Some(1700) }];
    let mut checked = 0;
    for g in &fleets {
        for c in &consumers {
            let ingest = json!({"type": "kinesis", "consumer": c});
            let (gs, is) = specs(g, &ingest);
            for &t in &targets {
                let answer = solved(g, &ingest, t, 8);
                // The file's batch window, then halved (down to none) only if no design meets the
                // target with it; the fewest shards, then the smallest factor.
                let mut windows = vec![c["batch_window"].as_str().map_or(0, |_| 200)];
                while let Some(&w) = windows.last().filter(|&&w| w > 0) {
                    windows.push(if w >= 20 { w / 2 } else { 0 });
                }
                let brute = windows
                    .iter()
                    .flat_map(|&w| (1..=8u32).flat_map(move |s| (1..=10u32).map(move |p| Design::kinesis(s, p, w))))
                    .find(|&d| meets(&gs, &is, d, t));
                match brute {
                    Some(d) => {
                        assert!(answer.meets, "{g} {c} {t:?}: brute force found {d:?}");
                        assert_eq!(answer.design, d, "{g} {c} {t:?}");
                    }
                    None => assert!(!answer.meets, "{g} {c} {t:?}: nothing meets it up to 8 shards"),
                }
                checked += 1;
            }
        }
    }
    assert_eq!(checked, 12);
}

#[test]
fn the_batch_window_is_shortened_only_when_no_shard_count_meets_the_target() {
    // Twelve devices a reading a second over a mobile network (p99 1.5 s): no shard count gets
    // the p99 under 3 s with the 500 ms batch window; a shorter window does.
    let g = json!({"devices": {"count": 12}, "rate": 1, "duration": "2m", "seed": 7,
                   "delay": {"type": "log_normal", "median": "80ms", "p99": "1500ms"}});
    let ingest = json!({"type": "kinesis", "consumer": {"batch_size": 100, "batch_window": "500ms", "record_time": "2ms"}});
    let t = Target { p50: None, p99: Some(3000) };
    let (gs, is) = specs(&g, &ingest);
    let answer = solved(&g, &ingest, t, 8);
    let brute = [500, 250, 125, 62, 31, 15, 0]
        .iter()
        .flat_map(|&w| (1..=8u32).flat_map(move |s| (1..=10u32).map(move |p| Design::kinesis(s, p, w))))
        .find(|&d| meets(&gs, &is, d, t))
        .expect("a design meets it");
    assert!(brute.batch_window < Some(500), "{brute:?}");
    assert_eq!((answer.meets, answer.design), (true, brute));
    assert_eq!(answer.bottleneck.limit, Limit::BatchWindow);
}

#[test]
fn the_fewest_fifo_consumers_agree_with_trying_every_count() {
    let g = json!({"devices": {"count": 40}, "rate": 5, "duration": "10s", "seed": 9});
    for record_time in ["5ms", "20ms"] {
        let ingest = json!({"type": "sqs_fifo", "consumer": {"batch_size": 10, "record_time": record_time}});
        let (gs, is) = specs(&g, &ingest);
        let t = Target { p50: None, p99: Some(1000) };
        let answer = solved(&g, &ingest, t, 32);
        let brute = (1..=32u32).map(Design::fifo).find(|&d| meets(&gs, &is, d, t));
        assert_eq!((answer.meets, Some(answer.design)), (brute.is_some(), brute.or(Some(answer.design))), "{record_time}");
    }
}

#[test]
fn the_deciding_limit_is_named_with_its_figures() {
    // 100 devices × 25 records/s = 2,500 records/s. A shard takes 1,000 records/s of 200-byte
    // records: at least 3 shards, each 2500 / 3 = 83 % full, 125 % with two.
    let g = json!({"devices": {"count": 100}, "rate": 25, "duration": "20s"});
    let a = solved(&g, &json!({"type": "kinesis", "consumer": {"record_time": "100us"}}), Target { p50: None, p99: Some(2000) }, 64);
    assert!(a.meets);
    assert_eq!(a.bottleneck.limit, Limit::WriteRecords);
    let s = a.design.shards.unwrap();
    assert!(s >= 3);
    assert!((a.bottleneck.utilization - 2500.0 / (1000.0 * f64::from(s))).abs() < 0.02, "{:?}", a.bottleneck);
    // 4,096-byte records: 1 MiB / 4,096 = 256 records/s a shard; 2,500 / 256 = 9.8 → 10 shards
    // at least, decided by bytes.
    let a = solved(&g, &json!({"type": "kinesis", "record_bytes": 4096, "consumer": {"record_time": "100us"}}), Target { p50: None, p99: Some(2000) }, 64);
    assert_eq!(a.bottleneck.limit, Limit::WriteBytes);
    assert!(a.design.shards.unwrap() >= 10);
    // Cost per hour at the list prices: 10+ shard-hours at $0.015, and 2,500 × 3,600 records of
    // one 25 KB PUT payload unit each: 9 million units at $0.014.
    let put = a.cost_per_hour.iter().find(|i| i.item == "million PUT payload units").unwrap();
    assert!((put.quantity - 9.0).abs() < 0.1, "{put:?}");
    // One device at 1,500 records/s: more than any one shard takes, whatever the shards.
    let hot = json!({"devices": {"count": 10}, "rate": 1, "duration": "10s", "overrides": [{"device": 0, "rate": 1500}]});
    let a = solved(&hot, &json!({"type": "kinesis"}), Target { p50: None, p99: Some(2000) }, 16);
    assert!(!a.meets);
    assert_eq!(a.bottleneck.limit, Limit::HotKey);
    assert!(a.bottleneck.detail.starts_with("device-0 sends"), "{}", a.bottleneck.detail);
}

#[test]
fn the_search_stops_before_it_simulates_more_events_than_its_limit() {
    // 100 devices × 25 records/s × 20 s = 50,000 events a candidate; a limit of 120,000 allows
    // two: 1 shard (misses), 2 shards (misses); the third would pass it.
    let g = json!({"devices": {"count": 100}, "rate": 25, "duration": "20s"});
    let (gs, is) = specs(&g, &json!({"type": "kinesis", "consumer": {"record_time": "100us"}}));
    let mut make = || Box::new(Fleet::new(gs.clone())) as Box<dyn Source>;
    let a = solve(&mut make, &is, Target { p50: None, p99: Some(2000) }, Bounds { max: 64, max_events: 120_000 }).unwrap();
    assert_eq!(a.trials.len(), 2);
    assert!(!a.meets);
    assert_eq!(a.stopped.as_deref(), Some("after 2 designs of 50000 events each: another would pass the limit of 120000 events simulated"));
}
