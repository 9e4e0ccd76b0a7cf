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

/// Sessions [0, 90) close at the watermark 100; the 30 later starts [30, 90) beside them, and the
/// 0 after it merges with that open session into [0, 90), the closed window itself. The run must
/// neither panic (two states for one window) nor lose the elements: each is in a pane or dropped.
#[test]
fn open_sessions_that_span_a_closed_window_exactly_lose_no_element() {
    let events = vec![ev(1.0, 0, 1), ev(2.0, 30, 1), ev(4.0, 30, 200), ev(8.0, 0, 300)];
    let watermark = WatermarkModel::Explicit(vec![WatermarkPoint { at: 100, to: 100 }, WatermarkPoint { at: 400, to: 1_000 }]);
    let input = Input { events, watermark, end_of_input: Some(500) };
    let out = run(&sessions_after_watermark(), &input);
    let first = &out.panes[0];
    assert_eq!((first.window, first.timing, first.is_last), (iv(0, 90), Timing::OnTime, true));
    assert_eq!(first.value, Value::Number(3.0));
    // The 4's proto-window [30, 90) is not the closed window: it is a new session, not dropped.
    assert!(out.dropped.iter().all(|d| d.event != 2), "{:?}", out.dropped);
    let later: f64 = out.panes[1..]
        .iter()
        .filter(|p| p.is_last)
        .map(|p| match p.value {
            Value::Number(x) => x,
            ref v => panic!("a sum is a number, got {v:?}"),
        })
        .sum();
    let dropped: f64 = out.dropped.iter().map(|d| d.value).sum();
    assert_eq!(later + dropped, 12.0, "the 4 and the 8 are each in a final pane or dropped: {out:#?}");
}

/// A closed window drops an element whose proto-window is exactly that window even when the
/// element also overlaps an open session (ReduceFnRunner.mergeWindows skips closed windows, so
/// the element merges with nothing); other keys are not affected.
#[test]
fn a_proto_window_equal_to_a_closed_window_is_dropped_not_merged() {
    let mut events = vec![ev(1.0, 0, 1), ev(2.0, 40, 200), ev(4.0, 0, 210)];
    events.push(Event { key: "other".into(), value: 16.0, event_time: 0, arrival: 210 });
    let watermark = WatermarkModel::Explicit(vec![WatermarkPoint { at: 100, to: 100 }]);
    let input = Input { events, watermark, end_of_input: Some(500) };
    let out = run(&sessions_after_watermark(), &input);
    assert_eq!(out.dropped.len(), 1, "{:?}", out.dropped);
    assert_eq!((out.dropped[0].event, out.dropped[0].window, out.dropped[0].reason), (2, iv(0, 60), DropReason::Closed));
    let windows: Vec<(String, Window, Value)> = out.panes.iter().map(|p| (p.key.clone(), p.window, p.value.clone())).collect();
    assert_eq!(
        windows,
        vec![
            ("k".to_string(), iv(0, 60), Value::Number(1.0)),
            ("k".to_string(), iv(40, 100), Value::Number(2.0)),
            ("other".to_string(), iv(0, 60), Value::Number(16.0)),
        ]
    );
}
