//! The façade in a real browser (wasm-bindgen-test, headless Chromium):
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver crates/wasm`.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use windowpane_wasm::{Playground, Session};

wasm_bindgen_test_configure!(run_in_browser);

/// Early, on-time and late firings over fixed 2-minute windows (DESIGN.md's example, one key).
const SCENARIO: &str = r#"{
  "format": "windowpane/1",
  "title": "Early, on-time and late firings",
  "events": [
    {"key": "TeamX", "value": 5, "event_time": "12:00:26", "arrival": "12:04:59"},
    {"key": "TeamX", "value": 9, "event_time": "12:01:24", "arrival": "12:05:39"},
    {"key": "TeamX", "value": 7, "event_time": "12:02:26", "arrival": "12:05:50"},
    {"key": "TeamX", "value": 3, "event_time": "12:00:47", "arrival": "12:08:20"}
  ],
  "watermark": {"model": "explicit", "points": [
    {"at": "12:05:00", "to": "12:01:00"},
    {"at": "12:07:00", "to": "12:04:10"}
  ]},
  "end_of_input": "12:10:00",
  "pipeline": {
    "window": {"type": "fixed", "size": "2m"},
    "trigger": {"type": "after_watermark",
                "early": {"type": "after_processing_time", "delay": "1m"},
                "late": {"type": "after_count", "count": 1}},
    "accumulation": "accumulating",
    "allowed_lateness": "1000d",
    "combine": "sum"
  }
}"#;

fn get(v: &JsValue, field: &str) -> JsValue {
    Reflect::get(v, &field.into()).unwrap_or_else(|_| panic!("cannot read {field}"))
}

fn array(v: &JsValue, field: &str) -> Array {
    get(v, field).dyn_into::<Array>().unwrap_or_else(|v| panic!("{field} is not an array: {v:?}"))
}

fn error_message(e: JsValue) -> String {
    let e: js_sys::Error = e.dyn_into().unwrap_or_else(|v| panic!("not an Error: {v:?}"));
    e.message().into()
}

#[wasm_bindgen_test]
fn run_returns_pane_records() {
    let out = Playground::new().run(SCENARIO).map_err(JsValue::from).expect("the scenario runs");
    for field in ["scenario", "events", "panes", "dropped", "watermark", "late_events", "reasons"] {
        assert!(Reflect::has(&out, &field.into()).unwrap(), "run() result lacks {field}");
    }
    assert_eq!(array(&out, "events").length(), 4, "the 4 events come back resolved");
    let first = array(&out, "events").get(0);
    assert_eq!(get(&first, "event_time").as_f64(), Some(43_226_000.0), "12:00:26 in ms");

    let panes = array(&out, "panes");
    assert!(panes.length() >= 2, "two windows with data give at least two panes, got {}", panes.length());
    for pane in panes.iter() {
        for field in [
            "key", "window", "value", "timing", "index", "on_time_index", "is_first", "is_last",
            "timestamp", "emitted_at", "retraction", "cause",
        ] {
            assert!(Reflect::has(&pane, &field.into()).unwrap(), "pane lacks {field}: {pane:?}");
        }
        let window = get(&pane, "window");
        assert!(get(&window, "start").as_f64().is_some() && get(&window, "end").as_f64().is_some());
        let timing = get(&pane, "timing").as_string().expect("timing is a string");
        assert!(["EARLY", "ON_TIME", "LATE"].contains(&timing.as_str()), "timing {timing}");
    }
    // The late element (value 3 into [12:00, 12:02), after the watermark passed 12:02) fires a
    // LATE pane with the accumulated value 5 + 9 + 3.
    let late_17 = panes.iter().any(|p| {
        get(&p, "timing").as_string().as_deref() == Some("LATE") && get(&p, "value").as_f64() == Some(17.0)
    });
    assert!(late_17, "a LATE pane with value 17: {:?}", js_sys::JSON::stringify(&panes.into()));
    assert_eq!(array(&out, "reasons").length(), panes.length(), "one reason per pane");
}

#[wasm_bindgen_test]
fn check_throws_an_error_naming_the_path() {
    let pg = Playground::new();
    pg.check(SCENARIO).map_err(JsValue::from).expect("the scenario is valid");
    let bad = SCENARIO.replace(r#""delay": "1m""#, r#""delay": "1 minute""#);
    let message = error_message(pg.check(&bad).map_err(JsValue::from).expect_err("a bad duration is an error"));
    assert!(message.starts_with("pipeline.trigger.early.delay: "), "message: {message}");
    let message = error_message(pg.run(&bad).map_err(JsValue::from).expect_err("run checks too"));
    assert!(message.starts_with("pipeline.trigger.early.delay: "), "message: {message}");
}

#[wasm_bindgen_test]
fn every_preset_is_a_valid_scenario() {
    let pg = Playground::new();
    let presets: Array = pg.presets().map_err(JsValue::from).expect("presets").dyn_into().expect("an array");
    for preset in presets.iter() {
        let id = get(&preset, "id").as_string().expect("id is a string");
        assert!(get(&preset, "title").as_string().is_some_and(|t| !t.is_empty()), "{id}: no title");
        let text = get(&preset, "text").as_string().expect("text is a string");
        if let Err(e) = pg.check(&text) {
            panic!("examples/{id}.json: {}", error_message(e.into()));
        }
    }
}

/// A detached 800 × 500 canvas, drawn by `Playground.draw`, read back as RGBA rows.
fn drawn_pixels(text: &str) -> (Vec<u8>, u32, u32) {
    use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    document.body().expect("a body").append_child(&canvas).unwrap();
    let opts = js_sys::JSON::parse(r#"{"at": null, "width": 800, "height": 500}"#).unwrap();
    Playground::new().draw(canvas.clone(), text, opts).map_err(JsValue::from).expect("draw succeeds");
    assert_eq!((canvas.width(), canvas.height()), (800, 500), "opts size the canvas");
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").unwrap().expect("2d").dyn_into().unwrap();
    let data = ctx.get_image_data(0.0, 0.0, 800.0, 500.0).unwrap().data().0;
    canvas.remove();
    (data, 800, 500)
}

/// Pixels of `rgba` in rows `y0..` whose colour is within `tolerance` of `color` in every channel.
fn count_near(rgba: &[u8], width: u32, y0: u32, color: (u8, u8, u8), tolerance: u8) -> usize {
    rgba.chunks_exact(4)
        .skip((y0 * width) as usize)
        .filter(|p| {
            p[0].abs_diff(color.0) <= tolerance && p[1].abs_diff(color.1) <= tolerance && p[2].abs_diff(color.2) <= tolerance
        })
        .count()
}

/// `color` at 35% over white: how the render crate shades a pane.
fn shaded(c: (u8, u8, u8)) -> (u8, u8, u8) {
    let mix = |x: u8| (0.35 * f64::from(x) + 0.65 * 255.0).round() as u8;
    (mix(c.0), mix(c.1), mix(c.2))
}

#[wasm_bindgen_test]
fn draw_paints_the_chart_into_a_canvas() {
    use windowpane_render::style::{EARLY, LATE, ON_TIME, WATERMARK};
    let rgb = |c: plotters::style::RGBColor| (c.0, c.1, c.2);
    let (rgba, width, height) = drawn_pixels(SCENARIO);
    // Below the header (title and legend, whose marks use the same colours): the plot.
    let plot_top = 150;
    let plot_pixels = ((height - plot_top) * width) as usize;
    let background = count_near(&rgba, width, plot_top, (255, 255, 255), 0);
    assert!(
        plot_pixels - background > plot_pixels / 100,
        "the plot has ink: {} of {plot_pixels} pixels are not white",
        plot_pixels - background
    );
    assert!(count_near(&rgba, width, plot_top, rgb(WATERMARK), 24) > 20, "the watermark line is drawn");
    for (name, color) in [("EARLY", EARLY), ("ON_TIME", ON_TIME), ("LATE", LATE)] {
        let n = count_near(&rgba, width, plot_top, shaded(rgb(color)), 6) + count_near(&rgba, width, plot_top, rgb(color), 24);
        assert!(n > 20, "{name} panes are drawn in their colour ({n} pixels)");
    }
}

#[wasm_bindgen_test]
fn draw_and_render_svg_report_bad_input() {
    let pg = Playground::new();
    let bad = SCENARIO.replace(r#""size": "2m""#, r#""size": 0"#);
    let message = error_message(pg.render_svg(&bad, JsValue::UNDEFINED).map_err(JsValue::from).expect_err("bad size"));
    assert!(message.starts_with("pipeline.window.size: "), "message: {message}");
    let opts = js_sys::JSON::parse(r#"{"widht": 800}"#).unwrap();
    let message = error_message(pg.render_svg(SCENARIO, opts).map_err(JsValue::from).expect_err("a typo in opts"));
    assert!(message.starts_with("opts.widht: "), "message: {message}");
    let svg = pg.render_svg(SCENARIO, JsValue::NULL).map_err(JsValue::from).expect("an SVG");
    assert!(svg.starts_with("<svg") && svg.contains("Early, on-time and late firings"), "{svg:.200}");
}

/// A JS value as JSON, to compare with `run_json`'s.
fn json(v: &JsValue) -> serde_json::Value {
    serde_json::from_str(&String::from(js_sys::JSON::stringify(v).expect("JSON"))).expect("JSON")
}

/// `run_json` of `text` as the page reads it (through `JSON.parse`: 3.0 and 3 are one number).
fn json_of_run(pg: &Playground, text: &str) -> serde_json::Value {
    json(&js_sys::JSON::parse(&pg.run_json(text).map_err(JsValue::from).expect("runs")).expect("JSON"))
}

/// The page's session (kept in its worker): a run gives the counts and the events as columns, then
/// the same panes, reasons, marks and watermark as `run`, read a window at a time; an edit of the
/// pipeline runs over the kept events, which are not sent again; the chart drawn into an
/// OffscreenCanvas has the same pixels as `draw` into a canvas element.
#[wasm_bindgen_test]
fn the_session_keeps_the_run_and_draws_the_same_chart_offscreen() {
    let pg = Playground::new();
    let mut session = Session::new();
    let info = session.run(SCENARIO, false).map_err(JsValue::from).expect("the scenario runs");
    let events = get(&info, "events");
    let times: js_sys::Float64Array = get(&events, "event_time").dyn_into().expect("a Float64Array");
    assert_eq!(times.to_vec(), vec![43_226_000.0, 43_284_000.0, 43_346_000.0, 43_247_000.0]);
    assert_eq!(array(&events, "keys").length(), 1);
    let run = json_of_run(&pg, SCENARIO);
    let scenario: serde_json::Value = serde_json::from_str(&get(&info, "scenario").as_string().expect("a string")).unwrap();
    assert_eq!(scenario["pipeline"], run["scenario"]["pipeline"], "the canonical scenario");
    let n = run["panes"].as_array().unwrap().len();
    assert_eq!(get(&info, "panes").as_f64(), Some(n as f64));
    assert_eq!(json(&session.panes(0, 1000).map_err(JsValue::from).unwrap()), run["panes"], "the same panes as run");
    assert_eq!(json(&session.panes(1, 2).map_err(JsValue::from).unwrap()), serde_json::json!([run["panes"][1]]));
    assert_eq!(session.reason(0).map_err(JsValue::from).unwrap(), run["reasons"][0].as_str().unwrap());
    assert_eq!(json(&session.watermark().map_err(JsValue::from).unwrap()), run["watermark"]);
    let late: Vec<u32> = session.late().map_err(JsValue::from).unwrap().to_vec();
    assert_eq!(serde_json::json!(late), run["late_events"]);
    let marks = session.marks().map_err(JsValue::from).unwrap().to_vec();
    assert_eq!(marks.len(), 4);
    for (i, m) in marks.iter().enumerate() {
        assert_eq!(m & 1 != 0, late.contains(&(i as u32)), "event {i}: late mark");
    }
    let first = run["panes"].as_array().unwrap().iter().map(|p| p["emitted_at"].as_f64().unwrap()).fold(f64::MAX, f64::min);
    assert!(get(&info, "first").as_f64().unwrap() <= first);
    assert!(error_message(session.reason(n).map_err(JsValue::from).unwrap_err()).contains("no such pane"));

    // Drawn offscreen from the session's run: the same pixels as `draw` of the whole text.
    let canvas = web_sys::OffscreenCanvas::new(10, 10).expect("an OffscreenCanvas");
    let opts = js_sys::JSON::parse(r#"{"at": null, "width": 800, "height": 500}"#).unwrap();
    session.draw(&canvas, opts).map_err(JsValue::from).expect("draws");
    assert_eq!((canvas.width(), canvas.height()), (800, 500));
    let ctx: web_sys::OffscreenCanvasRenderingContext2d = canvas.get_context("2d").unwrap().expect("2d").dyn_into().unwrap();
    let offscreen = ctx.get_image_data(0.0, 0.0, 800.0, 500.0).unwrap().data().0;
    let (drawn, _, _) = drawn_pixels(SCENARIO);
    assert_eq!(offscreen.len(), drawn.len());
    let differing = offscreen.iter().zip(&drawn).filter(|(a, b)| a != b).count();
    // Text is rasterised the same way on both kinds of canvas, so the pictures agree exactly.
    assert_eq!(differing, 0, "the session draws offscreen what draw draws");

    // An edit of the pipeline: run over the kept events, which are not sent again.
    let mut head: serde_json::Value = serde_json::from_str(SCENARIO).unwrap();
    head["events"] = serde_json::json!([]);
    head["pipeline"]["allowed_lateness"] = serde_json::json!("0s");
    let mut edited: serde_json::Value = serde_json::from_str(SCENARIO).unwrap();
    edited["pipeline"]["allowed_lateness"] = serde_json::json!("0s");
    let run = json_of_run(&pg, &edited.to_string());
    assert!(!run["dropped"].as_array().unwrap().is_empty(), "a lateness of 0s drops the last element");
    assert!(session.holds_events());
    let again = session.run(&head.to_string(), true).map_err(JsValue::from).expect("runs over the kept events");
    assert!(get(&again, "events").is_null(), "unchanged events are not sent again");
    assert_eq!(json(&session.panes(0, 1000).map_err(JsValue::from).unwrap()), run["panes"]);
    assert_eq!(json(&session.dropped(0, 1000).map_err(JsValue::from).unwrap()), run["dropped"]);
    let dropped_event = run["dropped"][0]["event"].as_u64().unwrap() as usize;
    assert_eq!(session.marks().map_err(JsValue::from).unwrap().to_vec()[dropped_event] & 2, 2, "dropped mark");

    // A text that fails leaves the last good run; a bad pipeline over the kept events keeps them.
    let mut bad_head = head.clone();
    bad_head["pipeline"]["combine"] = serde_json::json!("median");
    let message = error_message(session.run(&bad_head.to_string(), true).map_err(JsValue::from).unwrap_err());
    assert!(message.starts_with("pipeline.combine: "), "{message}");
    assert_eq!(json(&session.panes(0, 1000).map_err(JsValue::from).unwrap()), run["panes"], "the last good run");
    assert!(session.holds_events());
    // A whole text that does not parse keeps no events (its own did not parse).
    let mut bad = edited.clone();
    bad["pipeline"]["combine"] = serde_json::json!("median");
    assert!(session.run(&bad.to_string(), false).is_err());
    assert!(!session.holds_events());
    assert_eq!(json(&session.panes(0, 1000).map_err(JsValue::from).unwrap()), run["panes"], "still the last good run");
    session.clear();
    assert!(error_message(session.panes(0, 1).map_err(JsValue::from).unwrap_err()).starts_with("run: none"));
    assert!(!session.holds_events());
    let message = error_message(session.run(&head.to_string(), true).map_err(JsValue::from).unwrap_err());
    assert!(message.starts_with("events: the session keeps none"), "{message}");

    // A large document's text given once (`keep_events`), then its edited head: the events'
    // columns come with that first run, and the panes are those of the whole edited text.
    session.keep_events(SCENARIO).map_err(JsValue::from).expect("parses");
    let first = session.run(&head.to_string(), true).map_err(JsValue::from).expect("runs over the events kept");
    let times: js_sys::Float64Array = get(&get(&first, "events"), "event_time").dyn_into().expect("the columns, sent once");
    assert_eq!(times.length(), 4);
    assert_eq!(json(&session.panes(0, 1000).map_err(JsValue::from).unwrap()), run["panes"]);
    assert!(get(&session.run(&head.to_string(), true).map_err(JsValue::from).unwrap(), "events").is_null());
}

/// Drawing measures its labels on the canvas: it adds nothing to the page (a measuring element
/// added to the page would make the browser lay the whole page out for every label), and the
/// labels still fit: a wider text measures wider.
#[wasm_bindgen_test]
fn drawing_leaves_the_page_alone() {
    use web_sys::{HtmlCanvasElement, MutationObserver, MutationObserverInit};
    let document = web_sys::window().and_then(|w| w.document()).expect("a document");
    let body = document.body().expect("a body");
    let canvas: HtmlCanvasElement = document.create_element("canvas").unwrap().dyn_into().unwrap();
    body.append_child(&canvas).unwrap();
    let observer = MutationObserver::new(&js_sys::Function::new_no_args("")).unwrap();
    let init = MutationObserverInit::new();
    init.set_child_list(true);
    init.set_subtree(true);
    observer.observe_with_options(&body, &init).unwrap();
    let opts = js_sys::JSON::parse(r#"{"at": null, "width": 800, "height": 500}"#).unwrap();
    let layout = Playground::new().draw(canvas.clone(), SCENARIO, opts).map_err(JsValue::from).expect("draws");
    let changes = observer.take_records().length();
    observer.disconnect();
    canvas.remove();
    assert_eq!(changes, 0, "drawing added or removed elements of the page");
    // The plot leaves room for the axis labels on the left, measured in the labels' font.
    let plot = get(&layout, "plot");
    let x = get(&plot, "x").as_f64().unwrap();
    assert!(x > 30.0 && x < 200.0, "plot.x = {x}");
}
