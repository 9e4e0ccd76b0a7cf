//! Time arithmetic at the ends of `i64`: every time and duration computation of the engine is
//! total (these tests run with overflow checks on: `[profile.test] overflow-checks = true`).
//!
//! Scenario files cannot reach most of these inputs (their times lie in the years 0000 to 9999,
//! their durations are positive), but the engine's own API takes any `i64`, so each computation
//! either saturates at the infinities, is computed exactly in `i128`, or is proven in range by the
//! way its operands are made (the audit is listed in the README's tests section).

use windowpane_engine::calendar::{civil_from_days, days_from_civil, MS_PER_DAY};
use windowpane_engine::explain::clock;
use windowpane_engine::flink::watermark::{periodic_path, FlinkWatermarks};
use windowpane_engine::flink::{self, FlinkInput, FlinkPipeline, FlinkTrigger};
use windowpane_engine::trigger::machine::target_time;
use windowpane_engine::*;

const MAX: i64 = i64::MAX;
const MIN: i64 = i64::MIN;

fn ev(value: f64, event_time: i64, arrival: i64) -> Event {
    Event { key: "k".into(), value, event_time, arrival }
}

/// The aligned processing-time target `now + delay` rounded up to the grid `offset + k * period`:
/// `t - offset` overflowed for a target near plus infinity or an offset far from it.
#[test]
fn an_aligned_processing_time_target_is_computed_without_overflow() {
    let align = |period, offset| Some(Alignment { period, offset });
    // (5 - MIN) mod MAX = (5 + MAX + 1) - MAX = 6, so 5 rounds up by MAX - 6 to MAX - 1.
    assert_eq!(target_time(5, 0, align(MAX, MIN)), MAX - 1);
    // MAX - 10 + 100 saturates at plus infinity; rounding it up stays there.
    assert_eq!(target_time(MAX - 10, 100, align(1000, -3)), MAX);
    // The grid point just below minus infinity's neighbour: MIN + 7 is on the grid 7 + k * 2^62
    // (k = -2), so it is its own target.
    assert_eq!(target_time(MIN + 7, 0, align(1 << 62, 7)), MIN + 7);
    // A delay of MAX from a negative time does not saturate: -1 + MAX = MAX - 1.
    assert_eq!(target_time(-1, MAX, None), MAX - 1);
    // In range, unchanged: 30 s + 1 min = 90 s, rounded up to the 2-minute grid shifted by 10 s.
    assert_eq!(target_time(30_000, 60_000, align(120_000, 10_000)), 130_000);
}

/// A processing-time delay of `i64::MAX` never comes due: the only pane is the final one at the
/// end of input, which the watermark fires.
#[test]
fn a_processing_time_delay_of_i64_max_never_fires() {
    let trigger = Trigger::Repeatedly(Box::new(Trigger::AfterProcessingTime { delay: MAX, align: None }));
    let p = Pipeline { trigger, ..Pipeline::new(WindowFn::Fixed { size: 10, offset: 0 }) };
    let input = Input { events: vec![ev(1.0, 1, 1)], watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(100) };
    let out = run(&p, &input);
    let panes: Vec<_> = out.panes.iter().map(|p| (p.value.clone(), p.cause, p.emitted_at, p.is_last)).collect();
    assert_eq!(panes, vec![(Value::Number(1.0), Cause::Watermark, 100, true)]);
}

/// Times at both ends of `i64` with the largest lateness, delays and gaps: every element ends up in
/// exactly one pane (its windows' final panes at the end of input).
#[test]
fn extreme_times_with_extreme_durations_run() {
    let events = vec![ev(1.0, MIN + 1, MIN + 1), ev(2.0, -1, 0), ev(4.0, MAX - 2, MAX - 2)];
    let triggers = [
        Trigger::Default,
        Trigger::AfterWatermark {
            early: Some(Box::new(Trigger::AfterProcessingTime { delay: MAX, align: Some(Alignment { period: MAX, offset: MIN }) })),
            late: Some(Box::new(Trigger::AfterCount { count: 1 })),
        },
        Trigger::Repeatedly(Box::new(Trigger::AfterProcessingTime { delay: 1, align: Some(Alignment { period: 1 << 62, offset: -(1 << 62) }) })),
    ];
    let watermarks = [
        WatermarkModel::Perfect,
        WatermarkModel::BoundedOutOfOrderness { max_delay: MAX },
        WatermarkModel::BoundedOutOfOrderness { max_delay: -MAX },
        WatermarkModel::Explicit(vec![WatermarkPoint { at: MIN + 1, to: MAX - 1 }]),
    ];
    for window in [WindowFn::Fixed { size: MAX, offset: MIN }, WindowFn::Sessions { gap: MAX }, WindowFn::Global] {
        for trigger in &triggers {
            for watermark in &watermarks {
                let p = Pipeline {
                    trigger: trigger.clone(),
                    allowed_lateness: MAX,
                    accumulation: AccumulationMode::Discarding,
                    ..Pipeline::new(window.clone())
                };
                let input = Input { events: events.clone(), watermark: watermark.clone(), end_of_input: Some(MAX) };
                let out = run(&p, &input);
                let total: f64 = out.panes.iter().map(|p| if let Value::Number(x) = p.value { x } else { 0.0 }).sum();
                let dropped: f64 = out.dropped.iter().map(|d| d.value).sum();
                assert_eq!(total + dropped, 7.0, "{window:?} {trigger:?} {watermark:?}: {:?}", out.panes);
            }
        }
    }
}

/// Flink's periodic watermark: the next tick `tick + interval` passed `i64::MAX`.
#[test]
fn a_flink_tick_beyond_i64_max_ends_the_path() {
    // One split, ticks every 2^62 ms: the element at 2^62 is seen at that tick (watermark 5000 - 1);
    // the next tick would be 2^63, past the end of time.
    let w = FlinkWatermarks::Periodic { max_delay: 0, interval: 1 << 62, idleness: Some(1) };
    assert_eq!(periodic_path(&w, &[(1 << 62, 5_000)], &[0], 1, MAX), vec![WatermarkPoint { at: 1 << 62, to: 4_999 }]);
}

/// Flink's idleness: `tick - since` and the tick at which a split turns idle are exact, not
/// wrapped or saturated (a saturated countdown never ended: the path ticked every millisecond).
#[test]
fn a_flink_idleness_countdown_spanning_all_of_i64_is_exact() {
    // Ticks every 1 ms, idle after more than MAX ms without an element; split 0 gets one element at
    // MIN (event time 5000), split 1 none.
    // tick MIN: split 0 active (4999); split 1 starts its countdown at MIN: the minimum is -∞.
    // tick MIN + 1: split 0 starts its countdown. The first tick more than MAX after MIN is 0,
    // where split 1 turns idle and the combined watermark becomes split 0's 4999; split 0 turns
    // idle at 1 (1 - (MIN + 1) = 2^63 > MAX), and with every split idle nothing more is emitted.
    let w = FlinkWatermarks::Periodic { max_delay: 0, interval: 1, idleness: Some(MAX) };
    assert_eq!(periodic_path(&w, &[(MIN, 5_000)], &[0], 2, MAX), vec![WatermarkPoint { at: 0, to: 4_999 }]);
}

/// Flink's continuous triggers start from `t - t % interval` and step by `interval`: an interval
/// of 0 (refused by the scenario, possible through the API) divided by zero, and would have set
/// its timer again at its own time for ever; it counts as 1 ms.
#[test]
fn flink_continuous_triggers_with_extreme_intervals_run() {
    // Three elements far apart, each alone in its window: every firing carries one of them.
    let events = vec![ev(1.0, MIN + 1, 0), ev(2.0, 5, 10), ev(4.0, MAX - 2, 20)];
    let huge = [MAX, 1 << 62].map(|i| (i, WindowFn::Sessions { gap: 1 << 61 }));
    let tiny = [0, -5, MIN, 1].map(|i| (i, WindowFn::Fixed { size: 10, offset: 0 }));
    for (interval, window) in huge.into_iter().chain(tiny) {
        for trigger in [FlinkTrigger::ContinuousEventTime { interval }, FlinkTrigger::ContinuousProcessingTime { interval }] {
            let p = FlinkPipeline { trigger: trigger.clone(), allowed_lateness: MAX, ..FlinkPipeline::new(window.clone()) };
            let input = FlinkInput::single_split(
                events.clone(),
                FlinkWatermarks::Periodic { max_delay: MAX, interval: MAX, idleness: Some(MAX) },
                Some(30),
            );
            let out = flink::run(&p, &input);
            assert!(!out.panes.is_empty(), "{trigger:?} {window:?}");
            for pane in &out.panes {
                assert!([1.0, 2.0, 4.0].map(Value::Number).contains(&pane.value), "{trigger:?} {window:?}: {pane:?}");
            }
        }
    }
}

/// Calendar arithmetic over every day number a timestamp has, and clock text at the ends.
#[test]
fn day_numbers_of_every_timestamp_convert() {
    for t in [MIN, MIN + 1, -1, 0, MAX - 1, MAX] {
        let day = t.div_euclid(MS_PER_DAY);
        let (y, m, d) = civil_from_days(day);
        assert_eq!(days_from_civil(y, m, d), day, "{t}");
    }
    // i64::MIN and i64::MAX ms are -292275055-05-16T16:47:04.192Z and +292278994-08-17T07:12:55.807Z
    // (java.time.Instant.ofEpochMilli, the same proleptic calendar with a year 0).
    assert_eq!(civil_from_days(MAX.div_euclid(MS_PER_DAY)).0, 292_278_994);
    assert_eq!(clock(MIN + 1), "-292275055-05-16 16:47:04.193");
    assert_eq!(clock(MAX - 2), "292278994-08-17 07:12:55.805");
    assert_eq!(clock(MAX - 1), "+∞", "the end of the global window");
}

/// A session gap of 0 or less (refused by the scenario, possible through the API) makes a window
/// `[t, t + gap)` whose end is `i64::MIN` for an element at `i64::MIN`: its max timestamp
/// `end - 1` overflowed. It saturates; the run is meaningless but ends, under both semantics.
#[test]
fn a_session_gap_of_zero_or_less_at_i64_min_runs() {
    for gap in [0, -5, MIN] {
        let events = vec![ev(1.0, MIN, MIN), ev(2.0, 3, 4)];
        let input = Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: None };
        let out = run(&Pipeline::new(WindowFn::Sessions { gap }), &input);
        assert!(out.panes.len() <= 2, "{gap}: {:?}", out.panes);
        let input = FlinkInput::single_split(events, FlinkWatermarks::Periodic { max_delay: 0, interval: 200, idleness: None }, None);
        let out = flink::run(&FlinkPipeline::new(WindowFn::Sessions { gap }), &input);
        assert!(out.panes.len() <= 2, "{gap}: {:?}", out.panes);
    }
}
