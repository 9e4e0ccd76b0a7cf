//! Structural checks on the SVG: the marks the chart promises are there, as many as expected.
//! Marks are found by their colour (see `windowpane_render::style`): pane boxes are the only
//! outlined rectangles in pane colours (legend marks are fills only).

mod common;

use common::*;
use plotters::style::RGBColor;
use windowpane_engine::time::POS_INFINITY;
use windowpane_engine::*;
use windowpane_render::style::{self, timing_color};
use windowpane_render::{render_svg, Chart, ChartOptions, RenderError, MINUS};

fn hex(c: RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

fn stroke(c: RGBColor) -> String {
    format!(r#"stroke="{}""#, hex(c))
}

fn fill(c: RGBColor) -> String {
    format!(r#"fill="{}""#, hex(c))
}

fn render(
    events: &[Event],
    pipeline: &Pipeline,
    output: &Output,
    title: Option<&str>,
    opts: &ChartOptions,
) -> Result<String, RenderError> {
    let chart = Chart {
        events,
        pipeline,
        output,
        title,
    };
    render_svg(&chart, opts)
}

/// The chart of a run, untitled and at the default size, as SVG.
fn svg_for(events: &[Event], pipeline: &Pipeline, output: &Output) -> String {
    render(events, pipeline, output, None, &ChartOptions::default()).expect("renders")
}

/// The value of the first attribute whose name ends in `name` on an SVG element's line.
fn attr<'a>(line: &'a str, name: &str) -> Option<&'a str> {
    line.split(&format!("{name}=\"")).nth(1)?.split('"').next()
}

/// The SVG elements (one per line in plotters' output) named `tag` that contain every attribute in `attrs`.
fn count(svg: &str, tag: &str, attrs: &[String]) -> usize {
    svg.lines()
        .filter(|l| {
            l.starts_with(&format!("<{tag} ")) && attrs.iter().all(|a| l.contains(a.as_str()))
        })
        .count()
}

fn outlined(svg: &str, c: RGBColor) -> usize {
    count(svg, "rect", &[r#"fill="none""#.into(), stroke(c)])
}

/// Element dots in the first key's colour (every element of a one-key run), legend's included.
fn dots(svg: &str) -> usize {
    count(svg, "circle", &[fill(style::KEYS[0])])
}

fn pane_boxes(svg: &str) -> usize {
    [style::EARLY, style::ON_TIME, style::LATE, style::RETRACTION]
        .iter()
        .map(|&c| outlined(svg, c))
        .sum()
}

/// The text lines of the SVG (plotters writes each text's content on its own line).
fn texts(svg: &str) -> Vec<&str> {
    let lines: Vec<&str> = svg.lines().collect();
    lines
        .windows(2)
        .filter(|w| w[0].starts_with("<text "))
        .map(|w| w[1])
        .collect()
}

/// The `y` of every outlined rectangle (pane boxes), in drawing order.
fn box_tops(svg: &str) -> Vec<i64> {
    svg.lines()
        .filter(|l| l.starts_with("<rect ") && l.contains(r#"fill="none""#))
        .map(|l| attr(l, "y").and_then(|s| s.parse().ok()).expect("y"))
        .collect()
}

/// The polylines stroked in `c`, in drawing order.
fn polylines(svg: &str, c: RGBColor) -> Vec<&str> {
    let stroke = stroke(c);
    svg.lines()
        .filter(|l| l.starts_with("<polyline ") && l.contains(&stroke))
        .collect()
}

#[test]
fn one_box_per_pane_coloured_by_timing() {
    let case = fixed();
    let svg = svg_of(&case);
    assert_eq!(pane_boxes(&svg), case.output.panes.len());
    for timing in [Timing::Early, Timing::OnTime, Timing::Late] {
        let n = case
            .output
            .panes
            .iter()
            .filter(|p| p.timing == timing)
            .count();
        assert_eq!(outlined(&svg, timing_color(timing)), n, "{timing:?}");
    }
    let texts = texts(&svg);
    for label in ["5", "12", "14", "7", "8", "9", "3"] {
        assert!(
            texts.contains(&label),
            "pane value {label} missing from {texts:?}"
        );
    }
    assert!(texts.contains(&"12:04:00"), "clock-time tick labels");
    assert!(texts.contains(&"Fixed windows: early, on-time and late panes"));
    assert!(texts.contains(&"9 elements · 10 panes · 1 dropped"));
}

#[test]
fn watermark_is_one_polyline_ending_at_the_right_edge_for_infinity() {
    let case = fixed();
    let svg = svg_of(&case);
    let points = |l: &str| -> Vec<(i32, i32)> {
        let list = attr(l, "points").expect("points");
        list.split_whitespace()
            .map(|p| {
                p.split_once(',')
                    .map(|(x, y)| (x.parse().expect("x"), y.parse().expect("y")))
                    .expect("x,y")
            })
            .collect()
    };
    // The legend's mark has two points; the plot's line is the other one.
    let lines = polylines(&svg, style::WATERMARK);
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert_eq!(points(lines[0]).len(), 2);
    let path = points(lines[1]);
    // 6 finite moves and the move to infinity: two points per move but the first, then
    // the last level runs right to the edge instead of up.
    assert_eq!(path.len(), 13, "{path:?}");
    assert!(
        path.windows(2)
            .all(|w| w[1].1 <= w[0].1 && w[1].0 >= w[0].0),
        "rises and moves right: {path:?}"
    );
    let right = path.iter().map(|p| p.0).max().expect("points");
    assert_eq!(path.last().map(|p| p.0), Some(right));
    let mut noinf = case.output.clone();
    noinf.watermark.retain(|p| p.to != POS_INFINITY);
    let svg2 = svg_for(&case.events, &case.pipeline, &noinf);
    let line2 = *polylines(&svg2, style::WATERMARK)
        .get(1)
        .expect("watermark line");
    let path2 = points(line2);
    assert_eq!(
        path2.len(),
        12,
        "without infinity the last level rises to the top instead: {path2:?}"
    );
    assert_eq!(path2[11].0, path2[10].0);
    assert!(path2[11].1 < path2[10].1);
}

#[test]
fn late_elements_are_ringed_and_dropped_ones_crossed() {
    let case = fixed();
    let svg = svg_of(&case);
    let ring = [r#"fill="none""#.to_string(), stroke(style::LATE_EVENT)];
    // One ring per late element plus the legend's.
    assert_eq!(
        count(&svg, "circle", &ring),
        case.output.late_events.len() + 1
    );
    // A cross is two lines; one in the plot and one in the legend.
    assert_eq!(count(&svg, "line", &[stroke(style::DROPPED)]), 4);
    // Every element is a dot.
    assert_eq!(dots(&svg), case.events.len() + 1);
}

#[test]
fn retractions_are_hatched_and_negated() {
    let case = retraction();
    let svg = svg_of(&case);
    let retractions = case.output.panes.iter().filter(|p| p.retraction).count();
    assert_eq!(retractions, 3);
    assert_eq!(outlined(&svg, style::RETRACTION), retractions);
    assert_eq!(pane_boxes(&svg), case.output.panes.len());
    let texts = texts(&svg);
    assert!(texts.contains(&format!("{MINUS}5").as_str()), "{texts:?}");
    assert_eq!(
        texts.iter().filter(|t| **t == format!("{MINUS}12")).count(),
        2
    );
    assert!(texts.contains(&"retraction"), "legend entry");
}

#[test]
fn cursor_shows_only_what_has_happened_and_a_now_line() {
    let case = fixed_at();
    let at = case.at.expect("a cursor");
    let svg = svg_of(&case);
    let emitted = case
        .output
        .panes
        .iter()
        .filter(|p| p.emitted_at <= at)
        .count();
    assert!(emitted < case.output.panes.len());
    assert_eq!(pane_boxes(&svg), emitted);
    let arrived = case.events.iter().filter(|e| e.arrival <= at).count();
    assert_eq!(dots(&svg), arrived + 1);
    assert_eq!(
        count(&svg, "line", &[stroke(style::DROPPED)]),
        2,
        "the drop happens after the cursor"
    );
    assert!(texts(&svg).contains(&"now 12:06:00"));
    assert_eq!(
        polylines(&svg, style::NOW).len(),
        2,
        "now line and its legend mark"
    );
    // The axes do not move with the cursor.
    let full = svg_of(&fixed());
    let ticks = |s: &str| {
        texts(s)
            .into_iter()
            .filter(|t| t.len() == 8 && t.as_bytes()[2] == b':')
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    assert_eq!(ticks(&svg), ticks(&full));
}

#[test]
fn keys_get_lanes_and_prefixed_labels() {
    let case = sessions();
    let svg = svg_of(&case);
    assert_eq!(pane_boxes(&svg), 4);
    let texts = texts(&svg);
    for label in ["alice: 5", "bob: 6", "alice: 4", "bob: 1", "alice", "bob"] {
        assert!(texts.contains(&label), "{label} missing from {texts:?}");
    }
    // Two panes at the same processing time sit in different rows.
    let tops = box_tops(&svg);
    assert_eq!(tops.len(), 4);
    assert_eq!(
        (tops[1] - tops[0]).abs(),
        16,
        "alice and bob at 12:02:10, one band apart: {tops:?}"
    );
}

#[test]
fn sessions_draw_boundaries_of_the_panes_windows() {
    let case = sessions();
    let svg = svg_of(&case);
    let boundaries = polylines(&svg, style::WINDOW).len();
    // Edges of the four sessions, 12:02:00 and 12:03:00 shared: 12:00:10 12:00:30 12:01:30 12:01:50 12:02 12:03 12:04.
    assert_eq!(boundaries, 7);
    let global = Pipeline::new(WindowFn::Global);
    let svg = svg_for(&case.events, &global, &case.output);
    assert_eq!(polylines(&svg, style::WINDOW).len(), 0);
}

fn many(n: usize, panes: usize) -> (Vec<Event>, Pipeline, Output) {
    // A deterministic spread: event times over 10 minutes, arrivals 0–60 s later.
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let base = t("12:00:00");
    let events: Vec<Event> = (0..n)
        .map(|i| {
            let et = base + (next() % 600_000) as i64;
            Event {
                key: format!("device-{}", i % 40),
                value: (next() % 10) as f64,
                event_time: et,
                arrival: et + (next() % 60_000) as i64,
            }
        })
        .collect();
    let pipeline = fixed_windows(60_000);
    let panes = (0..panes)
        .map(|i| {
            let start = base + (i % 10) as i64 * 60_000;
            let mut p = pane(
                "device-0",
                Window::Interval {
                    start,
                    end: start + 60_000,
                },
                i as f64,
                Timing::Early,
                "12:01:00",
            );
            p.emitted_at = start + 60_000 + (i / 10) as i64 * 10;
            p
        })
        .collect();
    let watermark = vec![WatermarkPoint {
        at: base + 660_000,
        to: POS_INFINITY,
    }];
    (events, pipeline, output(panes, vec![], watermark, vec![]))
}

#[test]
fn dense_runs_draw_a_heat_map_and_unlabelled_panes() {
    let (events, pipeline, output) = many(5_000, 1_500);
    let svg = svg_for(&events, &pipeline, &output);
    assert_eq!(dots(&svg), 0, "no dots");
    let lightest = fill(style::DENSITY.1);
    assert!(
        count(&svg, "rect", &[lightest]) >= 1,
        "the densest cell has the darkest colour"
    );
    assert!(svg.lines().filter(|l| l.starts_with("<rect ")).count() > 100);
    // The 1,500 panes (10 windows, 150 emissions 10 ms apart each) land on a pixel row or two per
    // window: a box drawn again on the same pixels is not drawn again, and every window has one.
    let boxes: Vec<&str> = svg
        .lines()
        .filter(|l| {
            l.starts_with("<rect ")
                && l.contains(r#"fill="none""#)
                && l.contains(&hex(style::EARLY))
        })
        .collect();
    assert_eq!(pane_boxes(&svg), boxes.len());
    let distinct: std::collections::HashSet<&str> = boxes.iter().copied().collect();
    assert_eq!(distinct.len(), boxes.len(), "no box is drawn twice");
    let lefts: std::collections::HashSet<&str> =
        boxes.iter().map(|l| attr(l, "x").unwrap()).collect();
    assert_eq!(lefts.len(), 10, "a box for each window");
    assert!(
        (10..=30).contains(&boxes.len()),
        "{} boxes for 1,500 panes",
        boxes.len()
    );
    assert!(!texts(&svg).contains(&"1499"), "no pane labels");
    assert!(texts(&svg).contains(&"elements (density)"));
    // Below the thresholds: dots and labels.
    let (events, pipeline, output) = many(50, 20);
    let svg = svg_for(&events, &pipeline, &output);
    assert!(dots(&svg) >= 50);
    assert!(texts(&svg).contains(&"19"));
}

#[test]
fn output_is_deterministic_and_small_areas_are_refused() {
    let case = sessions();
    assert_eq!(svg_of(&case), svg_of(&case));
    let small = ChartOptions {
        width: 100,
        height: 400,
        at: None,
        ..ChartOptions::default()
    };
    let err = render(&case.events, &case.pipeline, &case.output, None, &small).unwrap_err();
    assert_eq!(
        err,
        RenderError::TooSmall {
            width: 100,
            height: 400
        }
    );
}

/// An embed may hide the legend: the header keeps the title and summary, loses every mark's
/// entry, and the plot gets the height.
#[test]
fn the_legend_can_be_hidden() {
    let case = sessions();
    let with = render(&case.events, &case.pipeline, &case.output, Some("A title"), &ChartOptions::default()).unwrap();
    let without = render(&case.events, &case.pipeline, &case.output, Some("A title"), &ChartOptions { legend: false, ..ChartOptions::default() }).unwrap();
    for t in ["on time", "watermark", "late"] {
        assert!(texts(&with).contains(&t), "{t} in the legend");
        assert!(!texts(&without).contains(&t), "{t} not drawn without the legend");
    }
    assert!(texts(&without).contains(&"A title"));
    assert!(without.len() < with.len());
}

#[test]
fn empty_run_draws_axes_only() {
    let empty = output(vec![], vec![], vec![], vec![]);
    let svg = svg_for(&[], &fixed_windows(60_000), &empty);
    assert_eq!(pane_boxes(&svg), 0);
    assert!(texts(&svg).contains(&"0 elements · 0 panes"));
}

/// `cargo test --release -p windowpane-render --test structure -- --ignored --nocapture`
#[test]
#[ignore = "timing: run in release"]
fn render_one_million_events() {
    let (events, pipeline, output) = many(1_000_000, 2_000);
    let opts = ChartOptions {
        width: 1200,
        height: 800,
        at: None,
        ..ChartOptions::default()
    };
    let start = std::time::Instant::now();
    let svg = render(&events, &pipeline, &output, Some("1M events"), &opts).expect("renders");
    let elapsed = start.elapsed();
    println!(
        "rendered 1,000,000 events and 2,000 panes to {} KB of SVG in {elapsed:?}",
        svg.len() / 1024
    );
    assert!(elapsed.as_secs() < 5, "too slow: {elapsed:?}");
}

#[test]
fn overlapping_sliding_windows_get_their_own_rows() {
    let events = vec![
        ev("k", 1.0, "12:00:30", "12:00:40"),
        ev("k", 2.0, "12:01:10", "12:01:20"),
    ];
    let pipeline = Pipeline::new(WindowFn::Sliding {
        size: 120_000,
        period: 60_000,
        offset: 0,
    });
    let panes = [
        ("11:59:00", "12:01:00", 1.0),
        ("12:00:00", "12:02:00", 3.0),
        ("12:01:00", "12:03:00", 2.0),
    ]
    .map(|(start, end, value)| pane("k", win(start, end), value, Timing::OnTime, "12:03:00"))
    .to_vec();
    let run = output(panes, vec![], wm(&[("12:03:00", None)]), vec![]);
    let svg = svg_for(&events, &pipeline, &run);
    let tops = box_tops(&svg);
    assert_eq!(tops.len(), 3);
    assert_eq!(
        (tops[1] - tops[0]).abs(),
        16,
        "overlapping windows one row apart: {tops:?}"
    );
    assert_eq!(
        tops[2], tops[0],
        "windows that do not overlap share a row: {tops:?}"
    );
    // Window boundaries every period (starts and ends coincide on the minute).
    assert!(polylines(&svg, style::WINDOW).len() >= 4);
}

#[test]
fn many_keys_are_aggregated_into_one_box_per_window_and_time() {
    let keys: Vec<String> = (0..8).map(|i| format!("device-{i}")).collect();
    let events: Vec<Event> = keys
        .iter()
        .map(|k| ev(k, 1.0, "12:00:30", "12:00:40"))
        .collect();
    let pipeline = fixed_windows(60_000);
    let mut panes: Vec<Pane> = keys
        .iter()
        .map(|k| {
            pane(
                k,
                win("12:00:00", "12:01:00"),
                1.0,
                Timing::OnTime,
                "12:01:10",
            )
        })
        .collect();
    panes.push(pane(
        "device-3",
        win("12:00:00", "12:01:00"),
        2.0,
        Timing::Late,
        "12:01:30",
    ));
    let watermark = wm(&[("12:01:10", Some("12:01:05")), ("12:02:00", None)]);
    let run = output(panes, vec![], watermark, vec![]);
    let svg = svg_for(&events, &pipeline, &run);
    assert_eq!(outlined(&svg, style::ON_TIME), 1);
    assert_eq!(outlined(&svg, style::LATE), 1);
    let texts = texts(&svg);
    assert!(texts.contains(&"8 panes"), "{texts:?}");
    assert!(
        texts.contains(&"2"),
        "a group of one shows its value: {texts:?}"
    );
    assert!(texts.contains(&"8 elements · 9 panes · 8 keys"));
    // All keys' dots share one colour and the legend has no per-key entries.
    assert!(!texts.contains(&"device-0"));
}

#[test]
fn a_pane_on_the_same_pixels_as_a_later_one_is_drawn_once() {
    let mut case = fixed();
    let threes = |svg: &str| texts(svg).iter().filter(|t| **t == "3").count();
    let before = threes(&svg_of(&case)); // panes b early, d early, d on time, and two elements
                                         // A pane of window d emitted with d's on-time pane: the same box, drawn after it.
    let mut again = case.output.panes[9].clone();
    again.value = Value::Number(6.0);
    case.output.panes.push(again);
    let svg = svg_of(&case);
    assert_eq!(pane_boxes(&svg), case.output.panes.len() - 1);
    assert_eq!(
        threes(&svg),
        before - 1,
        "the covered pane's label is left out"
    );
    assert!(
        texts(&svg).contains(&"6"),
        "the later pane's label is written"
    );
}

/// Regression (fuzzing): files that `check`, `run` and `export` accept panicked here: a fixed
/// window of i64::MAX ms ("capacity overflow" in Frame::build), one of 106751991167d
/// (`scale.rs` "min > max"), and one whose start is before i64::MIN.
#[test]
fn the_widest_windows_render() {
    const DAY: i64 = 86_400_000;
    let events = vec![ev("a", 1.0, "12:00:00", "12:00:05"), Event { key: "a".into(), value: 2.0, event_time: -62_167_219_200_000, arrival: t("12:00:06") }];
    for (size, offset) in [(i64::MAX, 0), (106_751_991_167 * DAY, 0), (106_751_991_167 * DAY, 106_751_991_166 * DAY)] {
        let pipeline = Pipeline::new(WindowFn::Fixed { size, offset });
        let input = Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: Some(t("12:10:00")) };
        let output = windowpane_engine::run(&pipeline, &input);
        assert!(!output.panes.is_empty());
        let svg = svg_for(&events, &pipeline, &output);
        assert!(svg.starts_with("<svg"), "size {size}");
    }
}

/// Regression (the fuzz seeds under overflow checks): sliding windows of 106751991167d whose
/// first start clamps at minus infinity overflowed `start - offset` in the pane rows.
#[test]
fn the_widest_sliding_windows_render() {
    const DAY: i64 = 86_400_000;
    let events = vec![Event { key: "a".into(), value: 1.0, event_time: -62_167_219_200_000, arrival: 5 }];
    for offset in [0, 10_675_199_115 * DAY] {
        let pipeline = Pipeline::new(WindowFn::Sliding { size: 106_751_991_167 * DAY, period: 10_675_199_116 * DAY, offset });
        let input = Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: None };
        let output = windowpane_engine::run(&pipeline, &input);
        assert!(output.panes.len() >= 10, "{} panes", output.panes.len());
        assert!(svg_for(&events, &pipeline, &output).starts_with("<svg"));
    }
}

/// Figure 2-11's first window: an EARLY pane at 12:05:59 and the ON_TIME pane a second later. At the
/// chart's scale a second is less than a pixel, so the ON_TIME box is moved above the EARLY one:
/// two boxes that do not overlap, both labels written. In discarding mode the second pane's value
/// differs (0), and both values must still be readable.
#[test]
fn panes_of_one_window_a_second_apart_are_both_visible_with_both_values() {
    for (first, second) in [(6.0, 7.0), (6.0, 0.0)] {
        let w = win("12:00:00", "12:02:00");
        let events = vec![ev("k", 5.0, "12:00:30", "12:05:00")];
        let panes = vec![
            pane("k", w, first, Timing::Early, "12:05:59"),
            pane("k", w, second, Timing::OnTime, "12:06:00"),
        ];
        let out = output(panes, vec![], wm(&[("12:06:00", Some("12:02:00"))]), vec![]);
        let svg = svg_for(&events, &fixed_windows(120_000), &out);
        let tops = box_tops(&svg);
        assert_eq!(tops.len(), 2, "{svg}");
        assert!((tops[0] - tops[1]).abs() >= i64::from(16), "boxes overlap: tops {tops:?}");
        let labels: Vec<&str> = texts(&svg).into_iter().filter(|t| t.trim() == format!("{first}") || t.trim() == format!("{second}")).collect();
        assert_eq!(labels.len(), 2, "labels {labels:?} in {svg}");
    }
}

/// The watermark is drawn over the element dots (and the panes), so dense dots cannot bury it.
#[test]
fn the_watermark_is_drawn_over_the_elements() {
    let case = fixed();
    let svg = svg_of(&case);
    let lines: Vec<&str> = svg.lines().collect();
    let last_dot = lines.iter().rposition(|l| l.starts_with("<circle ") && l.contains(&fill(style::KEYS[0]))).expect("dots");
    let watermark = lines.iter().rposition(|l| l.starts_with("<polyline ") && l.contains(&stroke(style::WATERMARK))).expect("watermark");
    assert!(watermark > last_dot, "the watermark (line {watermark}) is drawn before the last dot (line {last_dot})");
}

/// The allowed-lateness horizon (figure 2-12): one line per fired window, at the processing time
/// the watermark first passes its max timestamp plus the lateness. The fixed case (lateness 2m):
/// [12:00, 12:02) at 12:05:30 (watermark 12:04:00 > 12:03:59.999), [12:02, 12:04) at 12:06:30
/// (12:06:10), [12:04, 12:06) and [12:06, 12:08) at 12:10:00 (+∞): four lines, in the legend.
/// Without allowed lateness there is none, and no legend entry.
#[test]
fn each_fired_window_has_its_lateness_horizon() {
    let case = fixed();
    let svg = svg_of(&case);
    // Four lines on the chart and the legend's mark.
    assert_eq!(polylines(&svg, style::HORIZON).len(), 4 + 1, "{svg}");
    assert!(texts(&svg).iter().any(|t| t.trim() == "lateness horizon"));
    let mut pipeline = case.pipeline.clone();
    pipeline.allowed_lateness = 0;
    let svg = svg_for(&case.events, &pipeline, &case.output);
    assert_eq!(polylines(&svg, style::HORIZON).len(), 0);
    assert!(!texts(&svg).iter().any(|t| t.trim() == "lateness horizon"));
}

/// Figure 2-12's first window: EARLY at 12:05:59, ON_TIME at 12:06:00 and LATE at 12:06:39 are
/// within one box height of each other at the chart's scale: three boxes, none over another,
/// three labels.
#[test]
fn early_on_time_and_late_panes_close_together_are_three_boxes() {
    let w = win("12:00:00", "12:02:00");
    // Processing time from 12:00 to 12:12 on the chart, as in the book's figure.
    let events = vec![ev("k", 5.0, "12:00:30", "12:00:40"), ev("k", 1.0, "12:01:00", "12:12:00")];
    let panes = vec![
        pane("k", w, 6.0, Timing::Early, "12:05:59"),
        pane("k", w, 7.0, Timing::OnTime, "12:06:00"),
        pane("k", w, 11.0, Timing::Late, "12:06:39"),
    ];
    let out = output(panes, vec![], wm(&[("12:06:00", Some("12:02:00")), ("12:12:00", Some("12:04:00"))]), vec![]);
    let svg = svg_for(&events, &fixed_windows(120_000), &out);
    let mut tops = box_tops(&svg);
    assert_eq!(tops.len(), 3, "{svg}");
    tops.sort_unstable();
    assert!(tops.windows(2).all(|p| p[1] - p[0] >= 16), "boxes overlap: tops {tops:?}");
    for v in ["6", "7", "11"] {
        assert!(texts(&svg).iter().any(|t| t.trim() == v), "no label {v}");
    }
}

/// On a narrow chart (the page at 400 px) a long title and the summary would run into each
/// other on one line: the summary gets its own line below the title. At the default width they
/// share the line.
#[test]
fn the_summary_moves_below_a_title_it_would_run_into() {
    let case = fixed();
    let y_of = |svg: &str, text: &str| -> i64 {
        let lines: Vec<&str> = svg.lines().collect();
        let i = lines.iter().position(|l| l.trim() == text).unwrap_or_else(|| panic!("no {text:?} in {svg}"));
        attr(lines[i - 1], "y").and_then(|y| y.parse().ok()).expect("y")
    };
    let summary = "9 elements · 10 panes · 1 dropped";
    let wide = svg_of(&case);
    assert_eq!(y_of(&wide, summary) - y_of(&wide, case.title), 4);
    let narrow = render(&case.events, &case.pipeline, &case.output, Some(case.title), &ChartOptions { width: 380, ..ChartOptions::default() }).unwrap();
    assert!(y_of(&narrow, summary) >= y_of(&narrow, case.title) + 18, "{narrow}");
}

#[test]
fn a_selected_pane_is_outlined_and_its_elements_ringed() {
    let case = selected();
    let svg = svg_of(&case);
    let outline = stroke(style::SELECTED);
    assert_eq!(svg.lines().filter(|l| l.starts_with("<rect") && l.contains(&outline)).count(), 3, "one thick outline");
    // Pane 2 (EARLY 12 at 12:03:40, accumulating) holds the 5 and the 7: two rings.
    let ring = format!(r#"{} stroke-width="2""#, stroke(style::SELECTED));
    assert_eq!(svg.lines().filter(|l| l.starts_with("<circle") && l.contains(&ring)).count(), 2);
    assert_eq!(windowpane_render::elements(&Chart { events: &case.events, pipeline: &case.pipeline, output: &case.output, title: None }, 1), vec![0, 1]);
    // Without the mark, neither.
    assert!(!svg_of(&fixed()).contains(&stroke(style::SELECTED)));
}

#[test]
fn element_values_move_away_from_pane_labels_or_are_counted() {
    use plotters::prelude::{IntoDrawingArea, SVGBackend};
    let case = crowded();
    let chart = Chart { events: &case.events, pipeline: &case.pipeline, output: &case.output, title: Some(case.title) };
    let mut svg = String::new();
    let drawing = {
        let area = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
        windowpane_render::draw_traced(&area, &chart, &ChartOptions::default(), None, &[]).unwrap()
    };
    // The 8's dot sits where the ON_TIME 11's label would be centred: the label steps aside
    // (right), and the 8's value, written beside its dot, ends before the 11 begins.
    let &(_, dot_x, _) = drawing.dots.iter().find(|d| d.0 == 0).unwrap();
    let lines: Vec<&str> = svg.lines().collect();
    let x_of = |text: &str, anchor: &str| -> i32 {
        let i = lines.iter().enumerate().position(|(i, l)| *l == text && i > 0 && lines[i - 1].contains(anchor)).expect(text);
        attr(lines[i - 1], "x").unwrap().parse().unwrap()
    };
    let (eight, eleven) = (x_of("8", "text-anchor=\"start\""), x_of("11", "text-anchor=\"middle\""));
    assert!(eleven - dot_x >= 12, "the 11 centred at {eleven}, the dot at {dot_x}");
    assert!(eight + 7 < eleven - 6, "the 8 at {eight}, the 11 centred at {eleven}");
    // Six values one second apart cannot all be written: the rest are counted on the chart.
    assert!(drawing.values_left_out >= 1);
    assert!(svg.contains(&format!("{} value", drawing.values_left_out)));
    assert_eq!(drawing.dots.len(), case.events.len());
}
