//! Closed windows (whose trigger has finished) with merging windows: they keep dropping the
//! elements of their own proto-window but no longer merge (`ReduceFnRunner.emit` removes a
//! finished window from the active window set; `MergingActiveWindowSet` merges only ACTIVE and NEW
//! windows), so open sessions may overlap them, and may even come to span one exactly.

use windowpane_engine::*;

fn ev(value: f64, event_time: i64, arrival: i64) -> Event {
    Event { key: "k".into(), value, event_time, arrival }
}

fn sessions_after_watermark() -> Pipeline {
    Pipeline {
        trigger: Trigger::AfterWatermark { early: None, late: None },
        allowed_lateness: 10_000,
        accumulation: AccumulationMode::Accumulating,
        ..Pipeline::new(WindowFn::Sessions { gap: 60 })
    }
}

fn iv(start: i64, end: i64) -> Window {
    Window::Interval { start, end }
}

/// Session [0, 90) closes when after_count(2) fires for its two elements; the 30 later starts
/// [30, 90) beside it, and the 0 after that merges with that open session into [0, 90), the closed
/// window itself. TriggerStateMachineRunner.onMerge starts from the merge result's own finished
/// bits (closed) and AfterPaneStateMachine.onMerge only ever sets them (when finished in any
/// merging window), so the merged window stays closed: the 0 is dropped as closed, and the 30,
/// merged into it, never comes out (Java's GC timer finds the window closed and emits nothing).
/// The run must not panic on the two states for one window.
#[test]
fn open_sessions_that_span_a_closed_window_exactly_merge_into_it_closed() {
    let events = vec![ev(1.0, 0, 1), ev(2.0, 30, 1), ev(4.0, 30, 200), ev(8.0, 0, 300)];
    let input = Input { events, watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(500) };
    let pipeline = Pipeline { trigger: Trigger::AfterCount { count: 2 }, ..sessions_after_watermark() };
    let out = run(&pipeline, &input);
    let panes: Vec<(Window, Value, bool, i64)> = out.panes.iter().map(|p| (p.window, p.value.clone(), p.is_last, p.emitted_at)).collect();
    assert_eq!(panes, vec![(iv(0, 90), Value::Number(3.0), true, 1)]);
    let dropped: Vec<(usize, Window, DropReason)> = out.dropped.iter().map(|d| (d.event, d.window, d.reason)).collect();
    assert_eq!(dropped, vec![(3, iv(0, 90), DropReason::Closed)]);
}

/// A proto-window equal to a closed window is added as NEW like any other
/// (ReduceFnRunner.mergeWindows): alone, the element is dropped because that window's trigger is
/// closed; overlapping an open session, it merges with it and is kept. Other keys are not affected.
#[test]
fn a_proto_window_equal_to_a_closed_window_merges_if_it_can_and_is_dropped_if_alone() {
    let watermark = WatermarkModel::Explicit(vec![WatermarkPoint { at: 100, to: 100 }]);
    let other = Event { key: "other".into(), value: 16.0, event_time: 0, arrival: 210 };
    let alone = vec![ev(1.0, 0, 1), ev(4.0, 0, 210), other.clone()];
    let out = run(&sessions_after_watermark(), &Input { events: alone, watermark: watermark.clone(), end_of_input: Some(500) });
    assert_eq!(out.dropped.len(), 1, "{:?}", out.dropped);
    assert_eq!((out.dropped[0].event, out.dropped[0].window, out.dropped[0].reason), (1, iv(0, 60), DropReason::Closed));
    let merging = vec![ev(1.0, 0, 1), ev(2.0, 50, 200), ev(4.0, 0, 210), other];
    let out = run(&sessions_after_watermark(), &Input { events: merging, watermark, end_of_input: Some(500) });
    assert_eq!(out.dropped, vec![]);
    // "other" fires at once (the watermark has passed its end); [0, 110) at the end of input.
    let windows: Vec<(String, Window, Value)> = out.panes.iter().map(|p| (p.key.clone(), p.window, p.value.clone())).collect();
    assert_eq!(
        windows,
        vec![
            ("k".to_string(), iv(0, 60), Value::Number(1.0)),
            ("other".to_string(), iv(0, 60), Value::Number(16.0)),
            ("k".to_string(), iv(0, 110), Value::Number(6.0)),
        ]
    );
}

/// An element whose proto-window lies inside its key's open session merges into that session
/// unchanged (the merge result is the session itself: same window, its pane history, its
/// trigger's count). Gap 60: the 0 and the 50 make [0, 110), counted two by the early
/// after_count(3); the 30 ([30, 90)) falls inside and is the third, so the session fires at its
/// arrival with the three values; the 100 ([100, 160)) extends the session to [0, 160) and
/// counts one; the end of input fires the ON_TIME pane (FIRE_ALWAYS, accumulating).
#[test]
fn an_element_inside_an_open_session_joins_it_and_its_trigger_counts_on() {
    let events = vec![ev(1.0, 0, 1), ev(2.0, 50, 2), ev(4.0, 30, 3), ev(8.0, 100, 4)];
    let input = Input { events, watermark: WatermarkModel::Explicit(vec![]), end_of_input: Some(500) };
    let pipeline = Pipeline {
        trigger: Trigger::AfterWatermark { early: Some(Box::new(Trigger::AfterCount { count: 3 })), late: None },
        ..sessions_after_watermark()
    };
    let out = run(&pipeline, &input);
    let panes: Vec<(Window, Value, Timing, i64)> =
        out.panes.iter().map(|p| (p.window, p.value.clone(), p.timing, p.emitted_at)).collect();
    assert_eq!(
        panes,
        vec![
            (iv(0, 110), Value::Number(7.0), Timing::Early, 3),
            (iv(0, 160), Value::Number(15.0), Timing::OnTime, 500),
        ]
    );
}
