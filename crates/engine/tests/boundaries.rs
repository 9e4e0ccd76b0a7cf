//! The runner's boundaries, each at the instant where Beam's comparison decides it, and one step
//! either side: the allowed lateness (LateDataDroppingDoFnRunner drops an element from a window
//! only once its garbage collection time is *before* the input watermark), the end-of-window timer
//! (a timer at t fires once the watermark is *after* t), and the order at one processing time.

use windowpane_engine::*;

fn ev(value: f64, event_time: i64, arrival: i64) -> Event {
    Event { key: "k".into(), value, event_time, arrival }
}

fn points(p: &[(i64, i64)]) -> WatermarkModel {
    WatermarkModel::Explicit(p.iter().map(|&(at, to)| WatermarkPoint { at, to }).collect())
}

fn fixed_10(allowed_lateness: i64) -> Pipeline {
    Pipeline { allowed_lateness, ..Pipeline::new(WindowFn::Fixed { size: 10, offset: 0 }) }
}

/// Window [0, 10) with lateness 5 expires at 9 + 5 = 14: an element arriving with the watermark at
/// 14 is kept (LATE), at 15 dropped as expired.
#[test]
fn an_element_is_dropped_only_once_the_watermark_is_past_the_garbage_collection_time() {
    for (watermark, kept) in [(13, true), (14, true), (15, false)] {
        let input = Input { events: vec![ev(1.0, 0, 100)], watermark: points(&[(50, watermark)]), end_of_input: Some(200) };
        let out = run(&fixed_10(5), &input);
        assert_eq!(out.dropped.len(), usize::from(!kept), "watermark {watermark}: {:?}", out.dropped);
        if kept {
            assert_eq!(out.panes.len(), 1, "watermark {watermark}");
            assert_eq!(out.panes[0].timing, Timing::Late, "watermark {watermark}");
        } else {
            assert_eq!(out.dropped[0].reason, DropReason::Expired);
            assert!(out.panes.is_empty());
        }
    }
}

/// The end-of-window timer of [0, 10) is at 9: the watermark at 9 does not fire it, at 10 it does.
#[test]
fn the_end_of_window_timer_fires_once_the_watermark_is_after_it() {
    let input = Input { events: vec![ev(1.0, 0, 1)], watermark: points(&[(2, 9), (3, 10)]), end_of_input: Some(100) };
    let out = run(&fixed_10(0), &input);
    assert_eq!(out.panes.len(), 1, "{:?}", out.panes);
    assert_eq!((out.panes[0].emitted_at, out.panes[0].timing, out.panes[0].cause), (3, Timing::OnTime, Cause::Watermark));
}

/// At one processing time: the timer due then fires first (without the element arriving then),
/// the element then waits for its own timer; the watermark's move at that instant comes last, so
/// the element is still on time for its window.
#[test]
fn timers_then_arrivals_then_the_watermark_at_one_instant() {
    let pipeline = Pipeline {
        trigger: Trigger::Repeatedly(Box::new(Trigger::AfterProcessingTime { delay: 5, align: None })),
        allowed_lateness: 1_000,
        ..Pipeline::new(WindowFn::Fixed { size: 100, offset: 0 })
    };
    // The 1 arrives at 10 (timer at 15); the 2 arrives at 15, when the watermark moves past the
    // window's end too.
    let input = Input { events: vec![ev(1.0, 0, 10), ev(2.0, 50, 15)], watermark: points(&[(15, 100)]), end_of_input: Some(40) };
    let out = run(&pipeline, &input);
    let panes: Vec<(f64, Timing, Cause, i64)> = out
        .panes
        .iter()
        .map(|p| match p.value {
            Value::Number(x) => (x, p.timing, p.cause, p.emitted_at),
            ref v => panic!("a sum is a number, got {v:?}"),
        })
        .collect();
    assert_eq!(
        panes,
        vec![
            // The timer due at 15, before the 2 is added: EARLY (the watermark has not moved yet).
            (1.0, Timing::Early, Cause::ProcessingTime, 15),
            // The 2's timer, at 20: the watermark (100) has passed the window's max timestamp (99)
            // but the output watermark is held by the 2's hold at 99, so the pane is ON_TIME.
            (2.0, Timing::OnTime, Cause::ProcessingTime, 20),
        ]
    );
    assert!(out.dropped.is_empty());
}
