//! Large and deep inputs: a correct result, never a panic, a hang or unbounded memory.

use windowpane_engine::*;

#[test]
fn five_million_events_give_the_right_totals() {
    let n: i64 = 5_000_000;
    let keys: Vec<String> = (0..100).map(|k| format!("k{k}")).collect();
    let events: Vec<Event> = (0..n)
        .map(|i| Event { key: keys[(i % 100) as usize].clone(), value: 1.0, event_time: i, arrival: i + (i % 7) })
        .collect();
    let input = Input { events, watermark: WatermarkModel::BoundedOutOfOrderness { max_delay: 10 }, end_of_input: None };
    let out = run(&Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 }), &input);
    let total: f64 = out.panes.iter().map(|p| if let Value::Number(x) = p.value { x } else { 0.0 }).sum();
    let dropped = out.dropped.len() as f64;
    assert_eq!(total + dropped, n as f64, "every element is in a pane or reported as dropped");
    // 5,000,000 ms = 83.3 windows of a minute, for each of 100 keys
    let windows: std::collections::BTreeSet<_> = out.panes.iter().map(|p| (p.key.clone(), p.window)).collect();
    assert_eq!(windows.len(), 84 * 100);
}

#[test]
fn a_trigger_tree_a_thousand_deep_runs() {
    let mut t = Trigger::AfterCount { count: 2 };
    for i in 0..1000 {
        t = if i % 2 == 0 {
            Trigger::Repeatedly(Box::new(t))
        } else {
            Trigger::OrFinally { trigger: Box::new(t), until: Box::new(Trigger::Never) }
        };
    }
    let events: Vec<Event> = (0..10).map(|i| Event { key: "k".into(), value: 1.0, event_time: i, arrival: i }).collect();
    let input = Input { events, watermark: WatermarkModel::Perfect, end_of_input: None };
    let p = Pipeline { trigger: t, ..Pipeline::new(WindowFn::Global) };
    let out = run(&p, &input);
    // fires after every second element: 5 panes of 2
    assert_eq!(out.panes.iter().filter(|p| p.value == Value::Number(2.0)).count(), 5, "{:?}", out.panes);
}

#[test]
fn extreme_times_do_not_overflow() {
    let events = vec![
        Event { key: "k".into(), value: 1.0, event_time: -62_135_596_800_000, arrival: 0 },
        Event { key: "k".into(), value: 2.0, event_time: 253_402_300_799_999, arrival: 1 },
    ];
    for window in [
        WindowFn::Fixed { size: 1000 * 86_400_000, offset: 0 },
        WindowFn::Sliding { size: 3_600_000, period: 60_000, offset: 0 },
        WindowFn::Sessions { gap: i64::MAX / 4 },
        WindowFn::Global,
    ] {
        let input = Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: None };
        let p = Pipeline { allowed_lateness: i64::MAX / 2, ..Pipeline::new(window.clone()) };
        let out = run(&p, &input);
        let total: f64 = out.panes.iter().map(|p| if let Value::Number(x) = p.value { x } else { 0.0 }).sum();
        let per_element_windows = if let WindowFn::Sliding { .. } = window { 60.0 } else { 1.0 };
        assert_eq!(total, 3.0 * per_element_windows, "{window:?}: {:?}", out.panes);
    }
}
