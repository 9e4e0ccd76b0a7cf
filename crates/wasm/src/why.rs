//! The why-not part of the session: the engine's answers for a window or an element at a
//! processing time (`windowpane_engine::why`), the window under a point of the chart (the render
//! crate's layout of the last drawing), and the watermark's lag (the ingest crate's timeline of
//! the run's transport, simulated once with the run, else the engine's). No semantics here: the
//! engine and the ingest crate answer, this file only picks what to ask and writes times.

use crate::into_error;
use crate::session::{Ran, Session};
use crate::transfer::to_js;
use serde_json::{json, Value};
use wasm_bindgen::prelude::*;
use windowpane_engine::time::POS_INFINITY;
use windowpane_engine::why::{self, Formats};
use windowpane_engine::Window;
use windowpane_scenario::timefmt::{format_clock, format_duration};

/// A window as the page writes it: `[12:00:00, 12:02:00)`, or `global`.
pub(crate) fn window_text(w: &Window, base: i64) -> String {
    match w {
        Window::Global => "global".to_string(),
        Window::Interval { start, end } => format!("[{}, {})", format_clock(*start, base), format_clock(*end, base)),
    }
}

/// A processing time from JS: `null` (or not finite) is the end of the run.
fn moment(at: Option<f64>) -> i64 {
    at.filter(|t| t.is_finite()).map_or(POS_INFINITY, |t| t.round() as i64)
}

/// A window from JS: both ends null for the global window.
fn window_of(start: Option<f64>, end: Option<f64>) -> Result<Window, JsError> {
    match (start, end) {
        (None, None) => Ok(Window::Global),
        (Some(s), Some(e)) if s.is_finite() && e.is_finite() && s < e => Ok(Window::Interval { start: s as i64, end: e as i64 }),
        _ => Err(into_error("window: expected {start, end} with start < end, or both null for the global window")),
    }
}

impl Ran {
    /// The engine's answers assume Beam's semantics.
    fn beam(&self) -> Result<(), JsError> {
        match self.scenario.flink() {
            Some(_) => Err(into_error("why: the answers follow Beam's runner; this scenario runs under Flink's semantics")),
            None => Ok(()),
        }
    }

    /// The answer for (`key`, `window`) at `at`, as `{..answer, text, lines}`.
    fn window_answer(&self, key: &str, window: Window, at: i64) -> Result<Value, JsError> {
        let base = self.scenario.base;
        let (time, duration, win) = (|t| format_clock(t, base), |d| format_duration(d), |w: &Window| window_text(w, base));
        let f = Formats { time: &time, duration: &duration, window: &win };
        let a = why::window_in(&self.scenario.pipeline, &self.input, Some(&self.output), key, window, at);
        let mut lines = a.lines(&f);
        // With a transport, the shard that holds the watermark (the timeline's sample then).
        if let Some(h) = self.timeline.as_ref().and_then(|tl| tl.holding(if at == POS_INFINITY { i64::MAX } else { at })) {
            if a.watermark != POS_INFINITY {
                lines.push(h.line(&time, if self.timeline.as_ref().is_some_and(|t| t.names.len() > 1) { "shard" } else { "partition" }));
            }
        }
        let mut v = serde_json::to_value(&a).map_err(into_error)?;
        v["text"] = json!(win(&window));
        v["waiting"] = json!(a.waiting(&f));
        v["lines"] = json!(lines);
        Ok(v)
    }

    /// The key whose event nearest to (`et`, `pt`) lies in `window` (any key's nearest event
    /// when none does), measured in the plot's pixels; `None` without events.
    fn nearest_key(&self, window: &Window, et: i64, pt: i64, layout: &windowpane_render::ChartLayout) -> Option<&str> {
        let sx = f64::from(layout.plot.width) / (layout.event_time.max - layout.event_time.min).max(1) as f64;
        let sy = f64::from(layout.plot.height) / (layout.processing_time.max - layout.processing_time.min).max(1) as f64;
        let d = |e: &windowpane_engine::Event| (((e.event_time - et) as f64 * sx).powi(2) + ((e.arrival - pt) as f64 * sy).powi(2)).sqrt();
        let nearest = |inside: bool| {
            self.input
                .events
                .iter()
                .filter(|e| !inside || window_holds(window, e.event_time))
                .min_by(|a, b| d(a).total_cmp(&d(b)))
                .map(|e| e.key.as_str())
        };
        nearest(true).or_else(|| nearest(false))
    }
}

fn window_holds(w: &Window, t: i64) -> bool {
    match *w {
        Window::Global => true,
        Window::Interval { start, end } => start <= t && t < end,
    }
}

#[wasm_bindgen]
impl Session {
    /// Why (`key`, window [`start`, `end`)) has or has not fired by processing time `at` (null:
    /// the end of the run; `start` and `end` null: the global window), the engine's answer:
    /// `{key, window, at, watermark, output_watermark, state: {state, ...}, expires_after,
    /// end_passed_at, expires_at, panes, view, holding, source, text, waiting: [..], lines: [..]}`.
    /// With a transport, a last line names the shard that holds the watermark and the device
    /// whose record it waits for.
    pub fn why_window(&self, key: &str, start: Option<f64>, end: Option<f64>, at: Option<f64>) -> Result<JsValue, JsError> {
        let run = self.ran()?;
        run.beam()?;
        to_js(&run.window_answer(key, window_of(start, end)?, moment(at))?)
    }

    /// Why event `event` (its index) is late, dropped or in which pane by `at` (null: the end of
    /// the run): the engine's answer `{event, key, event_time, arrival, at, arrived,
    /// watermark_at_arrival, late, windows: [{window, expires_after, dropped, pane}], lines}`.
    pub fn why_element(&self, event: usize, at: Option<f64>) -> Result<JsValue, JsError> {
        let run = self.ran()?;
        run.beam()?;
        let base = run.scenario.base;
        let (time, duration, win) = (|t| format_clock(t, base), |d| format_duration(d), |w: &Window| window_text(w, base));
        let a = why::element(&run.scenario.pipeline, &run.input, event, moment(at)).map_err(into_error)?;
        let mut v = serde_json::to_value(&a).map_err(into_error)?;
        v["lines"] = json!(a.lines(&Formats { time: &time, duration: &duration, window: &win }));
        to_js(&v)
    }

    /// The windows under pixel (`x`, `y`) of the last chart drawn, asked about at the processing
    /// time there: `{event_time, at, key, windows: [answer as why_window gives it]}` (the key of
    /// the nearest event in the window, else of the nearest event); null outside the plot or
    /// before a drawing.
    pub fn why_at(&self, x: f64, y: f64) -> Result<JsValue, JsError> {
        let run = self.ran()?;
        run.beam()?;
        let Some(layout) = self.layout.get() else { return Ok(JsValue::NULL) };
        let Some((et, pt)) = layout.times_at(x, y) else { return Ok(JsValue::NULL) };
        let pipeline = &run.scenario.pipeline;
        let mut windows = Vec::new();
        pipeline.window.assign(et, &mut windows);
        let key = windows.first().and_then(|w| run.nearest_key(w, et, pt, &layout)).unwrap_or("").to_string();
        if pipeline.window.is_merging() {
            // A session the key's panes show there (the merged window), else the proto-window.
            if let Some(p) = run.output.panes.iter().filter(|p| p.key == key && !p.retraction).find(|p| window_holds(&p.window, et)) {
                windows = vec![p.window];
            }
        }
        let answers = windows.iter().map(|w| run.window_answer(&key, *w, pt)).collect::<Result<Vec<_>, _>>()?;
        to_js(&json!({ "event_time": et, "at": pt, "key": key, "windows": answers }))
    }

    /// The watermark's lag behind the newest event time arrived, at `at` (null: the end of the
    /// run): `{now, p50, p99, max, partitions: [{name, watermark, lag, idle, device}], holding,
    /// lines}` (ms). With a transport, the ingest crate's timeline (one sample per bucket; per
    /// shard lags and the shard holding the watermark); otherwise the engine's, over the run's
    /// arrivals and watermark moves (no partitions).
    pub fn watermark_lag(&self, at: Option<f64>) -> Result<JsValue, JsError> {
        let run = self.ran()?;
        let at = moment(at);
        let base = run.scenario.base;
        let d = |v: Option<i64>| v.map_or("—".to_string(), format_duration);
        let (mut v, holding) = match &run.timeline {
            Some(tl) => {
                let t = if at == POS_INFINITY { i64::MAX } else { at };
                // Once the input has ended the watermark is at +∞: no shard holds it any more.
                let ended = windowpane_engine::explain::watermark_at(&run.output, at) == POS_INFINITY;
                (serde_json::to_value(tl.readout(t)).map_err(into_error)?, tl.holding(t).filter(|_| !ended))
            }
            None => {
                let l = why::lag::lag(&run.input.events, &run.output, at);
                (json!({ "now": l.now, "p50": l.p50, "p99": l.p99, "max": l.max, "partitions": [] }), None)
            }
        };
        let mut lines = vec![format!(
            "watermark lag now {}; p50 {}; p99 {}; largest {}",
            d(v["now"].as_i64()),
            d(v["p50"].as_i64()),
            d(v["p99"].as_i64()),
            d(v["max"].as_i64())
        )];
        if let Some(h) = &holding {
            lines.push(h.line(&|t| format_clock(t, base), "shard"));
        }
        v["holding"] = serde_json::to_value(&holding).map_err(into_error)?;
        v["lines"] = json!(lines);
        to_js(&v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ran(text: &str) -> Ran {
        let scenario = windowpane_scenario::parse(text).expect("the example parses");
        let (input, timeline) = windowpane_scenario::transport::resolve_input_traced(&scenario).expect("it simulates");
        let output = scenario.run_on(&input).expect("it runs");
        Ran { scenario, input, output, timeline }
    }

    #[test]
    fn an_idle_shard_is_named_as_what_holds_the_watermark() {
        // The example's own story: device-9, alone on shard 2, is offline from 12:00:30 to
        // 12:01:30, and without an idle timeout shard 2 keeps its last reading (just before
        // 12:00:30) as its watermark. So at 12:01:10 device-0's window [12:00:30, 12:01:00),
        // although its end has passed in device-0's own stream, has not fired: the watermark
        // is short of 12:00:59.999, held by shard 2, which holds no record.
        let r = ran(include_str!("../../../examples/ingest-idle-shard-stall.json"));
        let at = windowpane_scenario::timefmt::parse_time("12:01:10", 0).unwrap();
        let w = Window::Interval { start: 43_230_000, end: 43_260_000 };
        let a = r.window_answer("device-0", w, at).unwrap();
        assert_eq!((a["state"]["state"].as_str(), a["panes"].as_u64()), (Some("open"), Some(0)));
        assert!(a["watermark"].as_i64().unwrap() < 43_230_000, "{a}");
        let lines: Vec<&str> = a["lines"].as_array().unwrap().iter().filter_map(Value::as_str).collect();
        let text = lines.join("\n");
        assert!(text.contains("nothing fired yet:"), "{text}");
        assert!(text.contains("has not passed the window's end 12:00:59.999"), "{text}");
        assert!(text.contains("the watermark is held by shard shardId-000000000002 at 12:00:2"), "{text}");
        assert!(text.contains("it holds no record and keeps the last event time it delivered"), "{text}");
    }
}
