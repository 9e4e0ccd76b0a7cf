//! A change detector for the engine: several thousand seeded random pipelines and streams, each
//! run, its whole output (panes, dropped elements, watermark path, late events) written as JSON
//! and reduced to a 64-bit FNV-1a digest, compared with `tests/differential/outputs.txt`.
//!
//! This is not a correctness test (the transcripts and the Beam conformance run are): it makes any
//! change to what the engine emits visible. A change meant to keep the output (speed work, a
//! clean-up) must leave every line as it is; a change meant to alter the semantics shows which
//! scenarios moved, and the new file is reviewed in the diff. To rewrite the file after such a
//! reviewed change: `WINDOWPANE_UPDATE_DIFFERENTIAL=1 cargo test -p windowpane-tests --test differential`.

use windowpane_engine::{
    run, run_keyed, AccumulationMode, Alignment, ClosingBehavior, Combiner, Event, Input, KeyedEvent, KeyedInput,
    OnTimeBehavior, Pipeline,
    TimestampCombiner, Trigger, WatermarkModel, WatermarkPoint, WindowFn,
};
use windowpane_tests::SplitMix64;

const SEED: u64 = 0x5EED_2015;
const SCENARIOS: usize = 3000;
const FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/differential/outputs.txt");

/// The scenario generator's random numbers, from the shared SplitMix64 (same on every machine).
struct Rng(SplitMix64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0.next()
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn pick<T: Copy>(&mut self, xs: &[T]) -> T {
        xs[self.below(xs.len() as u64) as usize]
    }
}

fn trigger(r: &mut Rng, depth: u32) -> Trigger {
    let leaf = depth >= 2 || r.below(3) == 0;
    let kind = if leaf { r.below(4) } else { 4 + r.below(6) };
    let sub = |r: &mut Rng| Box::new(trigger(r, depth + 1));
    match kind {
        0 => Trigger::AfterCount { count: r.range(1, 3) as u64 },
        1 => Trigger::AfterProcessingTime {
            delay: r.range(0, 30),
            align: (r.below(4) == 0).then(|| Alignment { period: r.range(5, 20), offset: r.range(0, 4) }),
        },
        2 => Trigger::Default,
        3 => Trigger::AfterWatermark { early: None, late: None },
        4 => Trigger::Repeatedly(sub(r)),
        5 => Trigger::AfterWatermark {
            early: (r.below(2) == 0).then(|| sub(r)),
            late: (r.below(2) == 0).then(|| sub(r)),
        },
        6 => Trigger::AfterAny((0..r.range(1, 3)).map(|_| trigger(r, depth + 1)).collect()),
        7 => Trigger::AfterAll((0..r.range(1, 3)).map(|_| trigger(r, depth + 1)).collect()),
        8 => Trigger::AfterEach((0..r.range(1, 3)).map(|_| trigger(r, depth + 1)).collect()),
        _ => Trigger::OrFinally { trigger: sub(r), until: sub(r) },
    }
}

fn scenario(r: &mut Rng) -> (Pipeline, Input) {
    let window = match r.below(4) {
        0 => WindowFn::Fixed { size: r.range(5, 40), offset: r.range(0, 4) },
        1 => {
            let period = r.range(3, 15);
            WindowFn::Sliding { size: period * r.range(1, 4), period, offset: r.range(0, 2) }
        }
        2 => WindowFn::Sessions { gap: r.range(3, 20) },
        _ => WindowFn::Global,
    };
    let pipeline = Pipeline {
        window,
        trigger: trigger(r, 0),
        accumulation: r.pick(&[
            AccumulationMode::Discarding,
            AccumulationMode::Accumulating,
            AccumulationMode::AccumulatingAndRetracting,
        ]),
        allowed_lateness: r.pick(&[0, 0, 5, 20, 1_000]),
        combine: r.pick(&[
            Combiner::Sum,
            Combiner::Count,
            Combiner::Min,
            Combiner::Max,
            Combiner::Mean,
            Combiner::Latest,
            Combiner::Collect,
        ]),
        timestamp_combiner: r.pick(&[
            TimestampCombiner::EndOfWindow,
            TimestampCombiner::Earliest,
            TimestampCombiner::Latest,
        ]),
        closing_behavior: r.pick(&[ClosingBehavior::FireIfNonEmpty, ClosingBehavior::FireAlways]),
        on_time_behavior: r.pick(&[OnTimeBehavior::FireAlways, OnTimeBehavior::FireIfNonEmpty]),
    };
    let keys = r.range(1, 3);
    let events: Vec<Event> = (0..r.range(0, 30))
        .map(|_| {
            let event_time = r.range(0, 100);
            Event {
                key: format!("k{}", r.below(keys as u64)),
                value: r.range(-3, 9) as f64,
                event_time,
                // arrivals on a coarse grid, so simultaneous arrivals are common
                arrival: event_time + 5 * r.range(0, 12),
            }
        })
        .collect();
    let watermark = match r.below(3) {
        0 => WatermarkModel::Perfect,
        1 => WatermarkModel::BoundedOutOfOrderness { max_delay: r.range(0, 30) },
        _ => {
            let mut at = 0;
            let mut to = -10;
            let points = (0..r.range(0, 6))
                .map(|_| {
                    at += 5 * r.range(0, 8);
                    to += r.range(-5, 40);
                    WatermarkPoint { at, to }
                })
                .collect();
            WatermarkModel::Explicit(points)
        }
    };
    let end_of_input = (r.below(3) == 0).then(|| r.range(100, 200));
    (pipeline, Input { events, watermark, end_of_input })
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[test]
fn engine_output_is_unchanged_over_seeded_scenarios() {
    let mut r = Rng(SplitMix64(SEED));
    let mut lines = vec![format!("# seed {SEED:#x}, {SCENARIOS} scenarios: index, FNV-1a of the output JSON, panes")];
    let mut shown = Vec::new();
    for i in 0..SCENARIOS {
        let (pipeline, input) = scenario(&mut r);
        let output = run(&pipeline, &input);
        let json = serde_json::to_string(&output).expect("an output serializes");
        lines.push(format!("{i} {:016x} {}", fnv1a(json.as_bytes()), output.panes.len()));
        shown.push((pipeline, input, json));
    }
    let now = lines.join("\n") + "\n";
    if std::env::var_os("WINDOWPANE_UPDATE_DIFFERENTIAL").is_some() {
        std::fs::write(FILE, &now).expect("write the outputs file");
        return;
    }
    let before = std::fs::read_to_string(FILE).expect("tests/differential/outputs.txt (see this file's doc)");
    if before == now {
        return;
    }
    let old: Vec<&str> = before.lines().collect();
    let changed: Vec<usize> =
        (0..SCENARIOS).filter(|&i| old.get(i + 1).copied() != Some(lines[i + 1].as_str())).collect();
    let mut report = format!("{} of {SCENARIOS} scenarios changed their output; the first:\n", changed.len());
    for &i in changed.iter().take(3) {
        let (p, input, json) = &shown[i];
        report += &format!("#{i}: {p:?}\n{input:?}\nnow: {json}\nwas: {:?}\n\n", old.get(i + 1));
    }
    panic!("{report}");
}

/// The keys given as ids, their names in reverse order of first appearance (not name order, so
/// the engine renumbers them): the same output as with the names on every event.
#[test]
fn keys_given_as_ids_in_any_order_give_the_same_output() {
    let mut r = Rng(SplitMix64(SEED));
    for i in 0..SCENARIOS {
        let (pipeline, input) = scenario(&mut r);
        if i % 4 != 0 {
            continue;
        }
        let mut keys: Vec<String> = Vec::new();
        for e in &input.events {
            if !keys.contains(&e.key) {
                keys.push(e.key.clone());
            }
        }
        keys.reverse();
        let events = input
            .events
            .iter()
            .map(|e| {
                let key = keys.iter().position(|k| *k == e.key).expect("every key is named") as u32;
                KeyedEvent { key, value: e.value, event_time: e.event_time, arrival: e.arrival }
            })
            .collect();
        let keyed = KeyedInput { keys, events, watermark: input.watermark.clone(), end_of_input: input.end_of_input };
        assert_eq!(run_keyed(&pipeline, &keyed), run(&pipeline, &input), "scenario #{i}");
    }
}
