//! Flink semantics, worked out by hand from Flink 2.3's `WindowOperator`, its triggers and its
//! watermark generators (each case says which lines decide it). Times are milliseconds.

use windowpane_engine::flink::{run, FlinkInput, FlinkOutput, FlinkPipeline, FlinkTrigger, FlinkWatermarks};
use windowpane_engine::{Cause, Event, Timing, Value, WatermarkPoint, Window, WindowFn};

fn ev(key: &str, value: f64, event_time: i64, arrival: i64) -> Event {
    Event { key: key.into(), value, event_time, arrival }
}

fn wm(points: &[(i64, i64)]) -> FlinkWatermarks {
    FlinkWatermarks::Punctuated(points.iter().map(|&(at, to)| WatermarkPoint { at, to }).collect())
}

fn iv(start: i64, end: i64) -> Window {
    Window::Interval { start, end }
}

/// (window, value, timing, emitted_at) of every pane, in emission order.
fn panes(out: &FlinkOutput) -> Vec<(Window, f64, Timing, i64)> {
    out.panes
        .iter()
        .map(|p| {
            let Value::Number(v) = p.value else { panic!("not a number: {:?}", p.value) };
            (p.window, v, p.timing, p.emitted_at)
        })
        .collect()
}

fn fixed(size: i64) -> FlinkPipeline {
    FlinkPipeline::new(WindowFn::Fixed { size, offset: 0 })
}

#[test]
fn a_late_element_within_the_lateness_fires_again_at_once_with_the_accumulated_contents() {
    // EventTimeTrigger.onElement: maxTimestamp <= currentWatermark -> FIRE (not purged: the
    // contents stay). The cleanup timer at 59 + 100 = 159 clears the window; isWindowLate is
    // then true (159 <= 159), so the element at 500 goes to the side output.
    let mut p = fixed(60);
    p.allowed_lateness = 100;
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 10, 100), ev("k", 2.0, 20, 300), ev("k", 4.0, 30, 500)],
        wm(&[(200, 59), (400, 159)]),
        Some(1000),
    );
    let out = run(&p, &input);
    assert_eq!(
        panes(&out),
        vec![(iv(0, 60), 1.0, Timing::OnTime, 200), (iv(0, 60), 3.0, Timing::Late, 300)]
    );
    assert_eq!(out.panes[1].cause, Cause::Element);
    assert_eq!((out.panes[1].index, out.panes[1].is_first, out.panes[1].is_last), (1, false, false));
    assert_eq!(out.panes[0].on_time_index, None, "Flink has no on-time index");
    assert_eq!(out.side_output, vec![2]);
    assert_eq!(out.dropped.len(), 1);
    assert_eq!(out.dropped[0].window, iv(0, 60));
}

#[test]
fn the_lateness_boundary_drops_at_equality_and_the_timer_fires_at_equality() {
    // Timer at 59: not at watermark 58, yes at 59 (advanceWatermark: timestamp <= watermark).
    // Then an element at 59 with watermark 59: cleanup 59 + 0 <= 59, late (Beam keeps it: its
    // window expires only once the watermark is past 59 + lateness).
    let p = fixed(60);
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 10, 100), ev("k", 5.0, 59, 400), ev("k", 7.0, 60, 400)],
        wm(&[(200, 58), (300, 59)]),
        Some(1000),
    );
    let out = run(&p, &input);
    assert_eq!(
        panes(&out),
        vec![(iv(0, 60), 1.0, Timing::OnTime, 300), (iv(60, 120), 7.0, Timing::OnTime, 1000)]
    );
    assert_eq!(out.side_output, vec![1]);
    assert_eq!(out.late_events, vec![1], "59 <= watermark 59: late; 60 is not");
}

#[test]
fn count_triggers_accumulate_unless_purged() {
    // CountTrigger FIREs (keeps contents) every 2 elements; PurgingTrigger turns it into
    // FIRE_AND_PURGE. The global window has no cleanup timer: the fifth element never comes out.
    let events: Vec<Event> = (1..=5).map(|i| ev("k", i as f64, i, 100 * i)).collect();
    let mut p = FlinkPipeline::new(WindowFn::Global);
    assert_eq!(p.trigger, FlinkTrigger::Never);
    p.trigger = FlinkTrigger::Count { count: 2 };
    let input = FlinkInput::single_split(events, wm(&[]), Some(1000));
    let out = run(&p, &input);
    let g = Window::Global;
    assert_eq!(panes(&out), vec![(g, 3.0, Timing::Early, 200), (g, 10.0, Timing::Early, 400)]);
    p.trigger = FlinkTrigger::Purging(Box::new(FlinkTrigger::Count { count: 2 }));
    let out = run(&p, &input);
    assert_eq!(panes(&out), vec![(g, 3.0, Timing::Early, 200), (g, 7.0, Timing::Early, 400)]);
    p.trigger = FlinkTrigger::Never;
    assert!(run(&p, &input).panes.is_empty(), "NeverTrigger");
}

#[test]
fn a_count_trigger_replaces_the_event_time_firing() {
    // With CountTrigger on a tumbling window nothing fires at the end of the window: the cleanup
    // timer calls onEventTime (CONTINUE) and clears the window and its odd element.
    let mut p = fixed(60);
    p.trigger = FlinkTrigger::Count { count: 2 };
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 1, 100), ev("k", 2.0, 2, 110), ev("k", 4.0, 3, 120)],
        wm(&[(200, 100)]),
        Some(1000),
    );
    assert_eq!(panes(&run(&p, &input)), vec![(iv(0, 60), 3.0, Timing::Early, 110)]);
}

#[test]
fn continuous_event_time_fires_at_each_interval_then_at_the_end_of_the_window() {
    // onElement: timer at maxTimestamp 59, and the first fire time min(0 + 20, 59) = 20 (start =
    // 5 - 5 % 20). Watermark 45: the timer at 20 fires and sets min(40, 59) = 40, which is also
    // due, and sets 59. Watermark 59: time == maxTimestamp, FIRE, then the cleanup clears.
    let mut p = fixed(60);
    p.trigger = FlinkTrigger::ContinuousEventTime { interval: 20 };
    let input = FlinkInput::single_split(vec![ev("k", 1.0, 5, 100)], wm(&[(200, 45), (300, 59)]), Some(1000));
    let out = run(&p, &input);
    assert_eq!(
        panes(&out),
        vec![
            (iv(0, 60), 1.0, Timing::Early, 200),
            (iv(0, 60), 1.0, Timing::Early, 200),
            (iv(0, 60), 1.0, Timing::OnTime, 300)
        ]
    );
    // Purged, the two early firings empty the window: the firing at 59 has no contents and
    // emits nothing (emitWindowContents only runs for contents that are not null).
    p.trigger = FlinkTrigger::Purging(Box::new(FlinkTrigger::ContinuousEventTime { interval: 20 }));
    assert_eq!(panes(&run(&p, &input)), vec![(iv(0, 60), 1.0, Timing::Early, 200)]);
}

#[test]
fn sessions_that_only_touch_merge() {
    // TimeWindow.intersects is start <= other.end && end >= other.start: [0, 10) and [10, 20)
    // merge into [0, 20) (Beam keeps them apart). EventTimeTrigger.onMerge registers 19.
    let p = FlinkPipeline::new(WindowFn::Sessions { gap: 10 });
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 0, 100), ev("k", 2.0, 10, 110), ev("j", 4.0, 10, 120)],
        wm(&[(200, 19), (300, 25)]),
        Some(1000),
    );
    let out = run(&p, &input);
    // j's session [10, 20) has the same max timestamp 19; timers due at one time fire in key
    // order here (k came first), an order Flink leaves open.
    assert_eq!(panes(&out), vec![(iv(0, 20), 3.0, Timing::OnTime, 200), (iv(10, 20), 4.0, Timing::OnTime, 200)]);
    assert_eq!((out.panes[0].key.as_str(), out.panes[1].key.as_str()), ("k", "j"));
}

#[test]
fn periodic_bounded_out_of_orderness_emits_max_minus_delay_minus_one_at_each_tick() {
    // BoundedOutOfOrdernessWatermarks(5): at the tick at 200 the watermark is 1000 - 5 - 1 = 994;
    // at 400, 2000 - 5 - 1 = 1994 >= 999: [0, 1000) fires with the element that came at 300
    // (its window's cleanup 999 > 994, not late); [1000, 2000) needs 1999, 5 ms more.
    let p = fixed(1000);
    let w = FlinkWatermarks::Periodic { max_delay: 5, interval: 200, idleness: None };
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 1000, 150), ev("k", 2.0, 2000, 250), ev("k", 4.0, 10, 300)],
        w,
        Some(5000),
    );
    let out = run(&p, &input);
    assert_eq!(
        panes(&out),
        vec![
            (iv(0, 1000), 4.0, Timing::OnTime, 400),
            (iv(1000, 2000), 1.0, Timing::OnTime, 5000),
            (iv(2000, 3000), 2.0, Timing::OnTime, 5000)
        ]
    );
    assert_eq!(
        out.watermark,
        vec![
            WatermarkPoint { at: 200, to: 994 },
            WatermarkPoint { at: 400, to: 1994 },
            WatermarkPoint { at: 5000, to: i64::MAX }
        ]
    );
}

#[test]
fn an_idle_split_holds_the_watermark_unless_with_idleness() {
    // Split 1 never sees an element: its watermark stays Long.MIN_VALUE and so does the minimum.
    // withIdleness(1000): split 1's countdown starts at the tick at 200 and it is idle at the
    // first tick more than 1000 later, 1400; split 0 (last element at 150) still counts then,
    // with 2500 - 0 - 1 = 2499 >= 1999.
    let p = fixed(1000);
    let events = vec![ev("k", 1.0, 1500, 100), ev("k", 2.0, 2500, 150)];
    let mut input = FlinkInput {
        events,
        splits: vec![0, 0],
        split_count: 2,
        watermark: FlinkWatermarks::Periodic { max_delay: 0, interval: 200, idleness: None },
        end_of_input: Some(5000),
    };
    assert_eq!(
        panes(&run(&p, &input)),
        vec![(iv(1000, 2000), 1.0, Timing::OnTime, 5000), (iv(2000, 3000), 2.0, Timing::OnTime, 5000)]
    );
    input.watermark = FlinkWatermarks::Periodic { max_delay: 0, interval: 200, idleness: Some(1000) };
    let out = run(&p, &input);
    assert_eq!(
        panes(&out),
        vec![(iv(1000, 2000), 1.0, Timing::OnTime, 1400), (iv(2000, 3000), 2.0, Timing::OnTime, 5000)]
    );
    assert_eq!(out.watermark[0], WatermarkPoint { at: 1400, to: 2499 });
}

#[test]
fn the_side_output_holds_only_elements_that_went_to_no_window() {
    // Sliding 20 by 10, watermark 25. ts 12: [10, 30) takes it, [0, 20) is late (19 <= 25):
    // skipped and listed, not side output. ts 5: [0, 20) and [-10, 10) both late: side output.
    let p = FlinkPipeline::new(WindowFn::Sliding { size: 20, period: 10, offset: 0 });
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 12, 100), ev("k", 2.0, 5, 110)],
        wm(&[(50, 25)]),
        Some(1000),
    );
    let out = run(&p, &input);
    assert_eq!(out.side_output, vec![1]);
    let dropped: Vec<(usize, Window)> = out.dropped.iter().map(|d| (d.event, d.window)).collect();
    assert_eq!(dropped, vec![(0, iv(0, 20)), (1, iv(0, 20)), (1, iv(-10, 10))]);
    // [10, 30)'s max timestamp 29 > 25: waits for the end of input.
    assert_eq!(panes(&out), vec![(iv(10, 30), 1.0, Timing::OnTime, 1000)]);
}

#[test]
fn processing_time_trigger_fires_at_the_window_max_timestamp_as_a_processing_time() {
    // ProcessingTimeTrigger registers a processing-time timer at window.maxTimestamp() (999).
    // The second element, at 1500, registers 999 again: a timer in the past fires at once, after
    // the arrivals at 1500. FIRE keeps the contents.
    let mut p = fixed(1000);
    p.trigger = FlinkTrigger::ProcessingTime;
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 10, 100), ev("k", 2.0, 20, 1500)],
        wm(&[(50, 0)]),
        Some(3000),
    );
    let out = run(&p, &input);
    assert_eq!(
        panes(&out),
        vec![(iv(0, 1000), 1.0, Timing::Early, 999), (iv(0, 1000), 3.0, Timing::Early, 1500)]
    );
    assert!(out.panes.iter().all(|p| p.cause == Cause::ProcessingTime));
}

#[test]
fn continuous_processing_time_fires_on_its_grid() {
    // onElement at processing time 130: first fire time min(130 - 130 % 100 + 100, 59_999) = 200
    // (the cap is the window's event-time max timestamp), then 300 (fire time == timer). Nothing
    // fires at the end of input: the watermark becomes +inf and the cleanup timer at 59_999
    // calls onEventTime, which a ContinuousProcessingTimeTrigger answers CONTINUE.
    let mut p = fixed(60_000);
    p.trigger = FlinkTrigger::ContinuousProcessingTime { interval: 100 };
    let input = FlinkInput::single_split(
        vec![ev("k", 1.0, 10, 130), ev("k", 2.0, 20, 250)],
        wm(&[]),
        Some(350),
    );
    assert_eq!(
        panes(&run(&p, &input)),
        vec![
            (iv(0, 60_000), 1.0, Timing::Early, 200),
            (iv(0, 60_000), 3.0, Timing::Early, 300)
        ]
    );
}
