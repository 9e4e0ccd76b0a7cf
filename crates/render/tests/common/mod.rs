//! Hand-made runs (events, pipeline, output) for the chart tests: they do not depend on the
//! engine's `run`, so they pin the drawing, not the semantics.
#![allow(dead_code)]

use windowpane_engine::time::POS_INFINITY;
use windowpane_engine::*;
use plotters::prelude::{IntoDrawingArea, SVGBackend};
use windowpane_render::{draw_marked, Chart, ChartOptions, Mark};

/// A run to draw.
pub struct Case {
    pub name: &'static str,
    pub title: &'static str,
    pub events: Vec<Event>,
    pub pipeline: Pipeline,
    pub output: Output,
    pub at: Option<i64>,
    /// Marks drawn over the panes (a selection, a comparison's).
    pub marks: Vec<Mark>,
}

impl Case {
    /// A case without a processing-time cursor.
    pub fn new(
        name: &'static str,
        title: &'static str,
        events: Vec<Event>,
        pipeline: Pipeline,
        output: Output,
    ) -> Case {
        Case {
            name,
            title,
            events,
            pipeline,
            output,
            at: None,
            marks: Vec::new(),
        }
    }
}

/// The case's chart, with its title and cursor, as SVG.
pub fn svg_of(case: &Case) -> String {
    let chart = Chart {
        events: &case.events,
        pipeline: &case.pipeline,
        output: &case.output,
        title: Some(case.title),
    };
    let opts = ChartOptions { at: case.at, ..ChartOptions::default() };
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (opts.width, opts.height)).into_drawing_area();
        draw_marked(&area, &chart, &opts, None, &case.marks).expect("the chart renders");
    }
    svg
}

/// A run's output from its parts.
pub fn output(
    panes: Vec<Pane>,
    dropped: Vec<Dropped>,
    watermark: Vec<WatermarkPoint>,
    late_events: Vec<usize>,
) -> Output {
    Output {
        panes,
        dropped,
        watermark,
        late_events,
    }
}

/// Fixed windows of `size` milliseconds, offset 0, otherwise the defaults.
pub fn fixed_windows(size: i64) -> Pipeline {
    Pipeline::new(WindowFn::Fixed { size, offset: 0 })
}

/// "HH:MM:SS" on 1970-01-01 in milliseconds.
pub fn t(clock: &str) -> i64 {
    let p: Vec<i64> = clock
        .split(':')
        .map(|x| x.parse().expect("a clock time"))
        .collect();
    ((p[0] * 60 + p[1]) * 60 + p[2]) * 1_000
}

pub fn ev(key: &str, value: f64, event_time: &str, arrival: &str) -> Event {
    Event {
        key: key.into(),
        value,
        event_time: t(event_time),
        arrival: t(arrival),
    }
}

pub fn win(start: &str, end: &str) -> Window {
    Window::Interval {
        start: t(start),
        end: t(end),
    }
}

pub fn wm(points: &[(&str, Option<&str>)]) -> Vec<WatermarkPoint> {
    points
        .iter()
        .map(|(at, to)| WatermarkPoint {
            at: t(at),
            to: to.map_or(POS_INFINITY, t),
        })
        .collect()
}

/// A pane; `index` and friends are filled in plausibly from the order of the calls.
pub fn pane(key: &str, window: Window, value: f64, timing: Timing, emitted_at: &str) -> Pane {
    Pane {
        key: key.into(),
        window,
        value: Value::Number(value),
        timing,
        index: 0,
        on_time_index: (timing != Timing::Early).then_some(0),
        is_first: false,
        is_last: false,
        timestamp: window.max_timestamp(),
        emitted_at: t(emitted_at),
        retraction: false,
        cause: match timing {
            Timing::Early => Cause::ProcessingTime,
            Timing::OnTime => Cause::Watermark,
            Timing::Late => Cause::Element,
        },
    }
}

pub fn retract(mut p: Pane) -> Pane {
    p.retraction = true;
    p
}

/// Fixed two-minute windows, accumulating, early firings a minute after the first element,
/// a late firing per late element, two minutes of allowed lateness: early, on-time and late
/// panes, and one element dropped from an expired window.
pub fn fixed() -> Case {
    let events = vec![
        ev("TeamX", 5.0, "12:00:26", "12:01:30"),
        ev("TeamX", 7.0, "12:01:24", "12:02:40"),
        ev("TeamX", 3.0, "12:03:06", "12:03:39"),
        ev("TeamX", 4.0, "12:02:30", "12:05:10"),
        ev("TeamX", 8.0, "12:05:39", "12:06:13"),
        ev("TeamX", 3.0, "12:06:50", "12:07:02"),
        ev("TeamX", 1.0, "12:04:40", "12:07:20"),
        ev("TeamX", 9.0, "12:01:10", "12:09:00"),
        ev("TeamX", 2.0, "12:01:50", "12:04:45"),
    ];
    let mut pipeline = fixed_windows(120_000);
    pipeline.accumulation = AccumulationMode::Accumulating;
    pipeline.allowed_lateness = 120_000;
    let (a, b, c, d) = (
        win("12:00:00", "12:02:00"),
        win("12:02:00", "12:04:00"),
        win("12:04:00", "12:06:00"),
        win("12:06:00", "12:08:00"),
    );
    use Timing::*;
    let panes = vec![
        pane("TeamX", a, 5.0, Early, "12:02:30"),
        pane("TeamX", a, 12.0, Early, "12:03:40"),
        pane("TeamX", a, 12.0, OnTime, "12:04:30"),
        pane("TeamX", b, 3.0, Early, "12:04:39"),
        pane("TeamX", a, 14.0, Late, "12:04:45"),
        pane("TeamX", b, 7.0, OnTime, "12:05:30"),
        pane("TeamX", c, 8.0, OnTime, "12:06:30"),
        pane("TeamX", c, 9.0, Late, "12:07:20"),
        pane("TeamX", d, 3.0, Early, "12:08:02"),
        pane("TeamX", d, 3.0, OnTime, "12:10:00"),
    ];
    let dropped = vec![Dropped {
        event: 7,
        key: "TeamX".into(),
        value: 9.0,
        event_time: t("12:01:10"),
        arrival: t("12:09:00"),
        window: a,
        watermark: Some(t("12:07:00")),
        reason: DropReason::Expired,
    }];
    let watermark = wm(&[
        ("12:02:00", Some("12:00:00")),
        ("12:03:30", Some("12:01:00")),
        ("12:04:30", Some("12:02:10")),
        ("12:05:30", Some("12:04:00")),
        ("12:06:30", Some("12:06:10")),
        ("12:08:00", Some("12:07:00")),
        ("12:10:00", None),
    ]);
    Case::new(
        "fixed",
        "Fixed windows: early, on-time and late panes",
        events,
        pipeline,
        output(panes, dropped, watermark, vec![6, 7, 8]),
    )
}

/// The fixed case with the processing-time cursor at 12:06:00.
pub fn fixed_at() -> Case {
    Case {
        name: "fixed-at",
        title: "Fixed windows at 12:06:00",
        at: Some(t("12:06:00")),
        ..fixed()
    }
}

/// Sessions with a one-minute gap, two keys, the default trigger: one ON_TIME pane per session,
/// two of them (one per key) at the same processing time.
pub fn sessions() -> Case {
    let events = vec![
        ev("alice", 2.0, "12:00:10", "12:00:40"),
        ev("bob", 6.0, "12:00:30", "12:02:05"),
        ev("alice", 3.0, "12:00:50", "12:01:05"),
        ev("bob", 1.0, "12:02:00", "12:02:20"),
        ev("alice", 4.0, "12:03:00", "12:03:20"),
    ];
    let pipeline = Pipeline::new(WindowFn::Sessions { gap: 60_000 });
    use Timing::*;
    let panes = vec![
        pane(
            "alice",
            win("12:00:10", "12:01:50"),
            5.0,
            OnTime,
            "12:02:10",
        ),
        pane("bob", win("12:00:30", "12:01:30"), 6.0, OnTime, "12:02:10"),
        pane(
            "alice",
            win("12:03:00", "12:04:00"),
            4.0,
            OnTime,
            "12:04:00",
        ),
        pane("bob", win("12:02:00", "12:03:00"), 1.0, OnTime, "12:04:00"),
    ];
    let watermark = wm(&[
        ("12:00:40", Some("12:00:30")),
        ("12:02:10", Some("12:02:00")),
        ("12:02:20", Some("12:03:00")),
        ("12:04:00", None),
    ]);
    Case::new(
        "sessions",
        "Sessions (gap 1m), two keys",
        events,
        pipeline,
        output(panes, vec![], watermark, vec![]),
    )
}

/// Accumulating and retracting: every refinement is preceded by a retraction of the previous pane.
pub fn retraction() -> Case {
    let events = vec![
        ev("k", 5.0, "12:00:20", "12:00:30"),
        ev("k", 7.0, "12:01:10", "12:01:40"),
        ev("k", 4.0, "12:02:40", "12:03:00"),
        ev("k", 3.0, "12:01:30", "12:03:10"),
    ];
    let mut pipeline = fixed_windows(120_000);
    pipeline.accumulation = AccumulationMode::AccumulatingAndRetracting;
    pipeline.allowed_lateness = 300_000;
    let (a, b) = (win("12:00:00", "12:02:00"), win("12:02:00", "12:04:00"));
    use Timing::*;
    let panes = vec![
        pane("k", a, 5.0, Early, "12:01:00"),
        retract(pane("k", a, 5.0, Early, "12:01:40")),
        pane("k", a, 12.0, Early, "12:01:40"),
        retract(pane("k", a, 12.0, Early, "12:02:30")),
        pane("k", a, 12.0, OnTime, "12:02:30"),
        retract(pane("k", a, 12.0, OnTime, "12:03:10")),
        pane("k", a, 15.0, Late, "12:03:10"),
        pane("k", b, 4.0, OnTime, "12:04:30"),
    ];
    let watermark = wm(&[
        ("12:01:00", Some("12:00:20")),
        ("12:02:30", Some("12:02:05")),
        ("12:04:30", None),
    ]);
    Case::new(
        "retraction",
        "Accumulating and retracting",
        events,
        pipeline,
        output(panes, vec![], watermark, vec![3]),
    )
}

/// The fixed case with its second pane (the EARLY 12 of the first window) selected: outlined,
/// its elements ringed.
pub fn selected() -> Case {
    Case {
        name: "selected",
        title: "Fixed windows, pane 2 selected",
        marks: vec![Mark::Selected { index: 1 }],
        ..fixed()
    }
}

/// Element values where pane labels are (an element's dot just under a pane's label, as in
/// figure 2-11's "18 8") and a cluster of elements too close for all their values: each value
/// is moved beside its dot or left out and counted, never written over a pane's label.
pub fn crowded() -> Case {
    let mut events = vec![
        ev("k", 8.0, "12:00:57", "12:04:52"),
        ev("k", 3.0, "12:01:05", "12:02:10"),
    ];
    for i in 0..6 {
        events.push(ev("k", 10.0 + f64::from(i), &format!("12:03:0{i}"), &format!("12:03:0{i}")));
    }
    let mut pipeline = fixed_windows(120_000);
    pipeline.accumulation = AccumulationMode::Accumulating;
    let (a, b) = (win("12:00:00", "12:02:00"), win("12:02:00", "12:04:00"));
    use Timing::*;
    let panes = vec![
        pane("k", a, 3.0, Early, "12:03:00"),
        pane("k", a, 11.0, OnTime, "12:05:00"),
        pane("k", b, 75.0, OnTime, "12:05:00"),
    ];
    let watermark = wm(&[("12:02:00", Some("12:01:00")), ("12:05:00", Some("12:04:10")), ("12:06:00", None)]);
    Case::new("crowded", "Values beside their dots, never over a pane", events, pipeline, output(panes, vec![], watermark, vec![0]))
}

/// Every golden case.
pub fn all() -> Vec<Case> {
    vec![fixed(), sessions(), retraction(), fixed_at(), selected(), crowded()]
}
