//! Transfer types: what crosses the wasm boundary, as plain JS objects (maps as objects,
//! integers as numbers). They cross as JSON (serde_json, then `JSON.parse`): the module already
//! needs serde_json for the scenario format, and a second serializer for every type (such as
//! serde-wasm-bindgen) would cost the page tens of kilobytes of wasm.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use windowpane_engine::{Dropped, Event, Output, Pane, WatermarkPoint};
use windowpane_render::{ChartLayout, ChartOptions};
use windowpane_scenario::Scenario;

/// Serializes a transfer value into a plain JS value.
pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsError> {
    let json = serde_json::to_string(value).map_err(crate::into_error)?;
    js_sys::JSON::parse(&json).map_err(|_| crate::into_error("internal: cannot read its own JSON"))
}

/// Reads a plain JS value (`what` names it in the error).
pub(crate) fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsError> {
    let json = js_sys::JSON::stringify(value).map_err(|_| crate::into_error(format!("{what}: not JSON")))?;
    serde_json::from_str(&String::from(json)).map_err(|e| crate::into_error(format!("{what}: {e}")))
}

/// What `Playground.run` returns.
#[derive(Debug, Serialize)]
pub(crate) struct RunResult {
    /// The canonical scenario (times in ms), as the scenario crate writes it.
    scenario: serde_json::Value,
    /// The resolved events (after `generate` / `ingest`).
    events: Vec<Event>,
    /// The engine's panes, in emission order.
    panes: Vec<Pane>,
    /// Elements dropped from windows.
    dropped: Vec<Dropped>,
    /// The input watermark's path.
    watermark: Vec<WatermarkPoint>,
    /// Indices of the events that arrived behind the watermark.
    late_events: Vec<usize>,
    /// One plain-language reason per pane.
    reasons: Vec<String>,
}

impl RunResult {
    pub(crate) fn new(scenario: &Scenario, events: Vec<Event>, output: Output) -> RunResult {
        let reasons = windowpane_engine::explain::reasons(&output);
        RunResult {
            scenario: windowpane_scenario::to_json(scenario),
            events,
            panes: output.panes,
            dropped: output.dropped,
            watermark: output.watermark,
            late_events: output.late_events,
            reasons,
        }
    }
}

/// One entry of `Playground.presets`.
#[derive(Debug, Serialize)]
pub(crate) struct Preset {
    /// The file name without `.json`.
    id: &'static str,
    /// The scenario's `title`, or the id when it has none.
    title: String,
    /// The file's text.
    text: &'static str,
    /// Its group in the menu (`The book`, `Windows`, …).
    group: &'static str,
    /// One line saying what it shows (its title when the menu has none).
    line: String,
}

impl Preset {
    pub(crate) fn new(id: &'static str, text: &'static str, group: &'static str, line: Option<&'static str>) -> Preset {
        #[derive(Deserialize)]
        struct Titled {
            title: Option<String>,
        }
        let title = serde_json::from_str::<Titled>(text).ok().and_then(|t| t.title).unwrap_or_else(|| id.to_owned());
        let line = line.map_or_else(|| title.clone(), str::to_owned);
        Preset { id, title, text, group, line }
    }
}

/// The `opts` of `draw` and `render_svg`: `{at, width, height, legend, selected}`, each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub(crate) struct DrawOptions {
    /// The processing-time cursor in ms (`null`: the whole run).
    pub at: Option<f64>,
    /// Width in pixels.
    pub width: Option<u32>,
    /// Height in pixels.
    pub height: Option<u32>,
    /// `false`: no legend of marks under the title (an embed's `legend=0`).
    pub legend: Option<bool>,
    /// The selected pane's index: outlined, its elements ringed.
    pub selected: Option<usize>,
}

/// Reads an `opts` object whose fields are `fields`: `undefined` and `null` mean the defaults, and
/// an unknown field is an error naming its path (serde's message would not).
pub(crate) fn read_opts<T: serde::de::DeserializeOwned + Default>(opts: JsValue, fields: &[&str]) -> Result<T, JsError> {
    if opts.is_undefined() || opts.is_null() {
        return Ok(T::default());
    }
    let object = opts.dyn_ref::<js_sys::Object>().ok_or_else(|| crate::into_error("opts: expected an object"))?;
    for key in js_sys::Object::keys(object).iter().filter_map(|k| k.as_string()) {
        if !fields.contains(&key.as_str()) {
            return Err(crate::into_error(format!("opts.{key}: unknown field, expected one of {}", fields.join(", "))));
        }
    }
    from_js(&opts, "opts")
}

impl DrawOptions {
    /// Reads `opts` (`{at, width, height, selected}`).
    pub(crate) fn from_js(opts: JsValue) -> Result<DrawOptions, JsError> {
        read_opts(opts, &["at", "width", "height", "legend", "selected"])
    }

    /// The render crate's options (a fractional cursor is rounded to the millisecond).
    pub(crate) fn chart(&self) -> ChartOptions {
        let default = ChartOptions::default();
        ChartOptions {
            width: self.width.unwrap_or(default.width),
            height: self.height.unwrap_or(default.height),
            at: self.at.filter(|t| t.is_finite()).map(|t| t.round() as i64),
            legend: self.legend.unwrap_or(default.legend),
        }
    }
}

/// What `draw` and `Session::draw` return: the render crate's [`ChartLayout`].
#[derive(Debug, Serialize)]
pub(crate) struct Layout {
    plot: Rect,
    event_time: Range,
    processing_time: Range,
}

#[derive(Debug, Serialize)]
struct Rect {
    x: i32,
    y: i32,
    width: i32,
    height: i32,
}

#[derive(Debug, Serialize)]
struct Range {
    min: f64,
    max: f64,
}

impl From<ChartLayout> for Layout {
    fn from(l: ChartLayout) -> Layout {
        let range = |r: windowpane_render::TimeRange| Range { min: r.min as f64, max: r.max as f64 };
        Layout {
            plot: Rect { x: l.plot.x, y: l.plot.y, width: l.plot.width, height: l.plot.height },
            event_time: range(l.event_time),
            processing_time: range(l.processing_time),
        }
    }
}

/// A drawing's layout as the page reads it (see [`Layout`]).
pub(crate) fn layout_js(layout: ChartLayout) -> Result<JsValue, JsError> {
    to_js(&Layout::from(layout))
}
