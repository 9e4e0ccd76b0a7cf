//! Property tests of the engine over generated scenarios (proptest).

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use windowpane_engine::*;

const S: i64 = 1000;

fn window_fn(merging: bool) -> BoxedStrategy<WindowFn> {
    let mut options = vec![
        Just(WindowFn::Global).boxed(),
        (1i64..=60, 0i64..60).prop_map(|(size, off)| WindowFn::Fixed { size: size * S, offset: (off % size) * S }).boxed(),
        (1i64..=6, 1i64..=4)
            .prop_map(|(k, period)| WindowFn::Sliding { size: k * period * 10 * S, period: period * 10 * S, offset: 0 })
            .boxed(),
    ];
    if merging {
        options.push((1i64..=60).prop_map(|gap| WindowFn::Sessions { gap: gap * S }).boxed());
    }
    proptest::strategy::Union::new(options).boxed()
}

fn leaf() -> BoxedStrategy<Trigger> {
    prop_oneof![
        Just(Trigger::Default),
        Just(Trigger::Never),
        (1u64..4).prop_map(|count| Trigger::AfterCount { count }),
        (0i64..60, proptest::option::of(1i64..4)).prop_map(|(d, a)| Trigger::AfterProcessingTime {
            delay: d * S,
            align: a.map(|p| Alignment { period: p * 30 * S, offset: 0 })
        }),
        Just(Trigger::AfterWatermark { early: None, late: None }),
    ]
    .boxed()
}

fn trigger() -> BoxedStrategy<Trigger> {
    leaf()
        .prop_recursive(3, 12, 3, |inner| {
            prop_oneof![
                inner.clone().prop_map(|t| Trigger::Repeatedly(Box::new(t))),
                (proptest::option::of(inner.clone()), proptest::option::of(inner.clone()))
                    .prop_map(|(e, l)| Trigger::AfterWatermark { early: e.map(Box::new), late: l.map(Box::new) }),
                proptest::collection::vec(inner.clone(), 2..4).prop_map(Trigger::AfterEach),
                proptest::collection::vec(inner.clone(), 2..4).prop_map(Trigger::AfterAny),
                proptest::collection::vec(inner.clone(), 2..4).prop_map(Trigger::AfterAll),
                (inner.clone(), inner).prop_map(|(t, u)| Trigger::OrFinally { trigger: Box::new(t), until: Box::new(u) }),
            ]
        })
        .boxed()
}

fn events() -> BoxedStrategy<Vec<Event>> {
    proptest::collection::vec((0usize..3, 1i64..10, 0i64..300, 0i64..120), 0..25)
        .prop_map(|v| {
            v.into_iter()
                .map(|(k, value, t, delay)| Event {
                    key: ["a", "b", "c"][k].to_string(),
                    value: value as f64,
                    event_time: t * S,
                    // arrivals on a coarse grid, so that several often arrive at once
                    arrival: (t + delay) / 10 * 10 * S,
                })
                .collect()
        })
        .boxed()
}

fn watermark() -> BoxedStrategy<WatermarkModel> {
    prop_oneof![
        Just(WatermarkModel::Perfect),
        (0i64..90).prop_map(|d| WatermarkModel::BoundedOutOfOrderness { max_delay: d * S }),
        proptest::collection::vec((0i64..40, 0i64..40), 0..8).prop_map(|steps| {
            let (mut at, mut to) = (0, 0);
            let points = steps
                .into_iter()
                .map(|(da, dt)| {
                    at += da * 10 * S;
                    to += dt * 10 * S;
                    WatermarkPoint { at, to }
                })
                .collect();
            WatermarkModel::Explicit(points)
        }),
    ]
    .boxed()
}

fn pipeline(merging: bool, accumulation: BoxedStrategy<AccumulationMode>) -> BoxedStrategy<Pipeline> {
    (
        window_fn(merging),
        trigger(),
        accumulation,
        0i64..120,
        prop_oneof![Just(ClosingBehavior::FireIfNonEmpty), Just(ClosingBehavior::FireAlways)],
        prop_oneof![Just(OnTimeBehavior::FireAlways), Just(OnTimeBehavior::FireIfNonEmpty)],
        prop_oneof![
            Just(TimestampCombiner::EndOfWindow),
            Just(TimestampCombiner::Earliest),
            Just(TimestampCombiner::Latest)
        ],
    )
        .prop_map(|(window, trigger, accumulation, lateness, closing, on_time, ts)| Pipeline {
            trigger,
            accumulation,
            allowed_lateness: lateness * S,
            closing_behavior: closing,
            on_time_behavior: on_time,
            timestamp_combiner: ts,
            ..Pipeline::new(window)
        })
        .boxed()
}

fn any_mode() -> BoxedStrategy<AccumulationMode> {
    prop_oneof![
        Just(AccumulationMode::Discarding),
        Just(AccumulationMode::Accumulating),
        Just(AccumulationMode::AccumulatingAndRetracting)
    ]
    .boxed()
}

/// The sum of the elements of each (key, window) that were not dropped from it.
fn kept_sums(p: &Pipeline, input: &Input, out: &Output) -> BTreeMap<(String, Window), f64> {
    let dropped: BTreeSet<(usize, Window)> = out.dropped.iter().map(|d| (d.event, d.window)).collect();
    let mut sums = BTreeMap::new();
    for (i, e) in input.events.iter().enumerate() {
        let mut ws = Vec::new();
        p.window.assign(e.event_time, &mut ws);
        for w in ws {
            if !dropped.contains(&(i, w)) {
                *sums.entry((e.key.clone(), w)).or_insert(0.0) += e.value;
            }
        }
    }
    sums
}

fn number(v: &Value) -> f64 {
    match v {
        Value::Number(x) => *x,
        other => panic!("sum gave {other:?}"),
    }
}

/// The number of cases: `PROPTEST_CASES` when set (for longer runs), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn input_of(events: Vec<Event>, watermark: WatermarkModel) -> Input {
    Input { events, watermark, end_of_input: None }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    #[test]
    fn accumulating_last_pane_is_the_sum_of_all_kept_elements(
        p in pipeline(false, Just(AccumulationMode::Accumulating).boxed()), ev in events(), wm in watermark()
    ) {
        let input = input_of(ev, wm);
        let out = run(&p, &input);
        let mut last: BTreeMap<(String, Window), &Pane> = BTreeMap::new();
        for pane in &out.panes {
            last.insert((pane.key.clone(), pane.window), pane);
        }
        for (kw, sum) in kept_sums(&p, &input, &out) {
            let pane = last.get(&kw);
            prop_assert!(pane.is_some(), "no pane for {:?} holding {}", kw, sum);
            prop_assert_eq!(number(&pane.unwrap().value), sum, "last pane of {:?}", kw);
        }
    }

    #[test]
    fn discarding_panes_of_a_window_add_up_to_its_kept_elements(
        p in pipeline(false, Just(AccumulationMode::Discarding).boxed()), ev in events(), wm in watermark()
    ) {
        let input = input_of(ev, wm);
        let out = run(&p, &input);
        let mut totals: BTreeMap<(String, Window), f64> = BTreeMap::new();
        for pane in &out.panes {
            *totals.entry((pane.key.clone(), pane.window)).or_insert(0.0) += number(&pane.value);
        }
        let kept = kept_sums(&p, &input, &out);
        for (kw, sum) in &kept {
            prop_assert_eq!(totals.get(kw).copied().unwrap_or(0.0), *sum, "window {:?}", kw);
        }
        for (kw, total) in &totals {
            prop_assert!(kept.contains_key(kw) || *total == 0.0, "panes without kept elements in {:?}", kw);
        }
    }

    #[test]
    fn a_perfect_watermark_gives_no_late_pane_and_drops_nothing_as_expired(
        p in pipeline(true, any_mode()), ev in events()
    ) {
        let p = Pipeline { closing_behavior: ClosingBehavior::FireIfNonEmpty, ..p };
        let out = run(&p, &input_of(ev, WatermarkModel::Perfect));
        prop_assert!(out.late_events.is_empty());
        prop_assert!(out.dropped.iter().all(|d| d.reason != DropReason::Expired), "{:?}", out.dropped);
        prop_assert!(out.panes.iter().all(|pane| pane.timing != Timing::Late), "{:?}", out.panes);
    }

    #[test]
    fn every_retraction_equals_an_earlier_pane_retracted_once(
        p in pipeline(true, Just(AccumulationMode::AccumulatingAndRetracting).boxed()), ev in events(), wm in watermark()
    ) {
        let out = run(&p, &input_of(ev, wm));
        let mut open: Vec<&Pane> = Vec::new();
        for pane in &out.panes {
            if pane.retraction {
                let pos = open.iter().position(|q| Pane { retraction: true, emitted_at: pane.emitted_at, cause: pane.cause, ..(*q).clone() } == *pane);
                prop_assert!(pos.is_some(), "retraction {:?} matches no earlier unretracted pane", pane);
                open.remove(pos.unwrap());
            } else {
                open.push(pane);
            }
        }
    }

    #[test]
    fn with_the_default_trigger_the_order_of_simultaneous_arrivals_does_not_matter(
        p in pipeline(true, any_mode()), ev in events(), wm in watermark(), seed in any::<u64>()
    ) {
        let p = Pipeline { trigger: Trigger::Default, ..p };
        let input = input_of(ev.clone(), wm.clone());
        let mut shuffled = ev;
        // shuffle within each arrival time (a seeded Fisher-Yates over the whole vector, then a
        // stable sort by arrival keeps the shuffled order inside each arrival)
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        shuffled.sort_by_key(|e| e.arrival);
        let a = run(&p, &input);
        let b = run(&p, &input_of(shuffled, wm));
        prop_assert_eq!(&a.panes, &b.panes);
        let drops = |o: &Output| {
            let mut d: Vec<String> = o.dropped.iter().map(|d| format!("{} {} {} {} {:?} {:?}", d.key, d.value, d.event_time, d.arrival, d.window, d.reason)).collect();
            d.sort();
            d
        };
        prop_assert_eq!(drops(&a), drops(&b));
        prop_assert_eq!(a.watermark, b.watermark);
    }

    #[test]
    fn the_same_scenario_gives_byte_identical_output(
        p in pipeline(true, any_mode()), ev in events(), wm in watermark()
    ) {
        let input = input_of(ev, wm);
        let a = serde_json::to_string(&run(&p, &input)).unwrap();
        let b = serde_json::to_string(&run(&p, &input)).unwrap();
        prop_assert_eq!(a, b);
    }

    #[test]
    fn pane_info_is_consistent(p in pipeline(true, any_mode()), ev in events(), wm in watermark()) {
        let out = run(&p, &input_of(ev, wm));
        let mut seen: BTreeMap<(String, Window), (u64, bool, bool)> = BTreeMap::new(); // next index, on-time seen, last seen
        for pane in out.panes.iter().filter(|p| !p.retraction) {
            let e = seen.entry((pane.key.clone(), pane.window)).or_insert((0, false, false));
            if pane.is_first { *e = (0, false, false); } // a merged session window starts afresh
            prop_assert!(!e.2, "a pane after the last pane: {:?}", pane);
            prop_assert_eq!(pane.index, e.0, "indices count up: {:?}", pane);
            prop_assert_eq!(pane.is_first, pane.index == 0);
            prop_assert_eq!(pane.on_time_index.is_none(), pane.timing == Timing::Early);
            if pane.timing == Timing::OnTime { prop_assert!(!e.1, "two ON_TIME panes: {:?}", pane); }
            if pane.timing == Timing::Early { prop_assert!(!e.1, "EARLY after ON_TIME/LATE: {:?}", pane); }
            if pane.timing != Timing::Early { e.1 = true; }
            e.0 += 1;
            e.2 = pane.is_last;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(100)))]

    #[test]
    fn output_round_trips_through_json(p in pipeline(true, any_mode()), ev in events(), wm in watermark()) {
        let out = run(&p, &input_of(ev, wm));
        let text = serde_json::to_string(&out).unwrap();
        let back: Output = serde_json::from_str(&text).unwrap();
        prop_assert_eq!(back, out);
    }
}
