//! The transport and export part of the façade in a real browser: `export_beam`,
//! `ingest_report` and `draw_lanes` (`wasm-pack test --headless --chrome --chromedriver
//! /usr/bin/chromedriver crates/wasm`).
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use windowpane_wasm::Playground;

wasm_bindgen_test_configure!(run_in_browser);

const KINESIS: &str = include_str!("../../../examples/ingest-kinesis-fleet.json");
const FIFO: &str = include_str!("../../../examples/ingest-sqs-fifo-fleet.json");
const HOT: &str = include_str!("../../../examples/ingest-kinesis-hot-device.json");
const RETRACTING: &str =
    include_str!("../../../examples/book-2-14-accumulating-and-retracting.json");
const PLAIN: &str = include_str!("../../../examples/several-keys.json");

fn get(v: &JsValue, field: &str) -> JsValue {
    Reflect::get(v, &field.into()).unwrap_or_else(|_| panic!("cannot read {field}"))
}

fn number(v: &JsValue, field: &str) -> f64 {
    get(v, field)
        .as_f64()
        .unwrap_or_else(|| panic!("{field} is not a number"))
}

fn array(v: &JsValue, field: &str) -> Array {
    get(v, field)
        .dyn_into::<Array>()
        .unwrap_or_else(|v| panic!("{field} is not an array: {v:?}"))
}

fn error_message(e: JsValue) -> String {
    let e: js_sys::Error = e
        .dyn_into()
        .unwrap_or_else(|v| panic!("not an Error: {v:?}"));
    e.message().into()
}

fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}

fn canvas() -> HtmlCanvasElement {
    let document = web_sys::window().unwrap().document().unwrap();
    document
        .create_element("canvas")
        .unwrap()
        .dyn_into()
        .unwrap()
}

#[wasm_bindgen_test]
fn export_beam_in_both_languages() {
    let pg = Playground::new();
    let python = pg.export_beam(PLAIN, "python").unwrap();
    assert!(get(&python, "code")
        .as_string()
        .unwrap()
        .contains("apache_beam"));
    assert_eq!(array(&python, "warnings").length(), 0);
    let java = pg.export_beam(PLAIN, "java").unwrap();
    assert!(get(&java, "code")
        .as_string()
        .unwrap()
        .contains("org.apache.beam"));
    let retracting = pg.export_beam(RETRACTING, "python").unwrap();
    let warnings = array(&retracting, "warnings");
    assert!(warnings.length() > 0);
    assert!(warnings
        .iter()
        .any(|w| w.as_string().unwrap().to_lowercase().contains("retract")));
    let message = error_message(
        pg.export_beam(PLAIN, "go")
            .map_err(JsValue::from)
            .expect_err("no Go SDK"),
    );
    assert_eq!(message, r#"lang: expected "python" or "java", got "go""#);
}

#[wasm_bindgen_test]
fn ingest_report_per_shard_and_group() {
    let pg = Playground::new();
    let report = pg.ingest_report(KINESIS).unwrap();
    assert_eq!(
        get(&report, "transport").as_string().as_deref(),
        Some("kinesis")
    );
    assert_eq!(
        get(&report, "lane_kind").as_string().as_deref(),
        Some("shard")
    );
    let lanes = array(&report, "lanes");
    assert_eq!(lanes.length(), 4);
    let delivered: f64 = lanes.iter().map(|l| number(&l, "delivered")).sum();
    assert_eq!(delivered, number(&report, "delivered"));
    assert_eq!(number(&report, "sent"), 12.0 * 120.0);
    for lane in lanes.iter() {
        for field in [
            "entered",
            "throttled",
            "duplicates",
            "late",
            "max_backlog",
            "latency_mean",
            "latency_max",
        ] {
            assert!(!get(&lane, field).is_undefined(), "lanes[].{field}");
        }
        assert!(
            get(&lane, "samples").is_undefined(),
            "no timelines in the report"
        );
    }
    let latency = get(&report, "latency");
    assert!(number(&latency, "p50") <= number(&latency, "p99"));
    assert_eq!(number(&report, "order_violations"), 0.0);
    assert!(number(&get(&report, "cost"), "total") > 0.0);

    let fifo = pg.ingest_report(FIFO).unwrap();
    assert_eq!(
        get(&fifo, "lane_kind").as_string().as_deref(),
        Some("group")
    );
    assert_eq!(array(&fifo, "lanes").length(), 12);

    let hot = pg.ingest_report(HOT).unwrap();
    assert!(number(&hot, "throttled") > 0.0);
    assert!(
        pg.ingest_report(PLAIN).unwrap().is_null(),
        "no ingest section: null"
    );
}

#[wasm_bindgen_test]
fn draw_lanes_sizes_the_canvas_per_lane() {
    let pg = Playground::new();
    let c = canvas();
    pg.draw_lanes(
        c.clone(),
        KINESIS,
        json(r#"{"width": 700, "at": 43230000}"#),
    )
    .unwrap();
    assert_eq!(c.width(), 700);
    let four = c.height();
    pg.draw_lanes(c.clone(), FIFO, JsValue::UNDEFINED).unwrap();
    assert_eq!(c.width(), 700, "the width stays when not given");
    assert!(c.height() > four, "12 groups need more room than 4 shards");
    let ctx: CanvasRenderingContext2d = c.get_context("2d").unwrap().unwrap().dyn_into().unwrap();
    let pixels = ctx
        .get_image_data(0.0, 0.0, 700.0, f64::from(c.height()))
        .unwrap()
        .data();
    assert!(pixels.chunks(4).any(|p| p[0] < 200), "something was drawn");
    // The lanes of the last text are kept for the next draw; another text gets its own again.
    pg.draw_lanes(c.clone(), KINESIS, json(r#"{"at": 43260000}"#)).unwrap();
    assert_eq!(c.height(), four, "back to the 4 shards");

    let message = error_message(
        pg.draw_lanes(canvas(), PLAIN, JsValue::UNDEFINED)
            .map_err(JsValue::from)
            .expect_err("no lanes"),
    );
    assert!(message.starts_with("ingest: "), "{message}");
    let opts = json(r#"{"widht": 700}"#);
    let message = error_message(
        pg.draw_lanes(canvas(), KINESIS, opts)
            .map_err(JsValue::from)
            .expect_err("a typo"),
    );
    assert_eq!(
        message,
        "opts.widht: unknown field, expected one of at, width"
    );
}
