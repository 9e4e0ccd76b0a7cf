//! windowpane's WebAssembly façade: one [`Playground`] type for the page, serde transfer types and
//! one error adapter. No semantics of its own: parsing is the scenario crate's, running the
//! engine's, drawing the render crate's.
//!
//! Two types: [`Playground`], stateless calls over a scenario text for embedders, and
//! [`Session`], the owner of one run that the page keeps in its Web Worker (see API.md).
//!
//! ```js
//! import init, { Playground } from './pkg/windowpane_wasm.js';
//! await init();
//! const pg = new Playground();
//! const { panes, reasons } = pg.run(text);   // throws Error("path: message") on a bad scenario
//! pg.draw(canvas, text, { at: null, width: 800, height: 500 });
//! ```
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

mod canvas;
mod compare;
mod extras;
mod model;
mod presets;
mod seeing;
mod session;
mod transfer;
mod transport_data;
mod why;

use plotters::prelude::IntoDrawingArea;
use std::fmt::Display;
use transfer::{to_js, DrawOptions, Layout, Preset, RunResult};
pub(crate) use transfer::layout_js;
use wasm_bindgen::prelude::*;
use wasm_bindgen::Clamped;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement, ImageData, OffscreenCanvas, OffscreenCanvasRenderingContext2d};

pub use session::Session;
use windowpane_engine::{Input, Output};
use windowpane_render::{Chart, ChartOptions, HeatMap};
use windowpane_scenario::{Scenario, ScenarioError};

/// Installs the panic hook, so a Rust panic shows its message in the browser console.
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}

/// The one error adapter: any error becomes a JS `Error` whose message is the error's Display
/// (for scenario errors, `"path: message"`).
fn into_error(e: impl Display) -> JsError {
    JsError::new(&e.to_string())
}

/// The playground: checks, runs and draws scenario texts, and lists the built-in presets.
#[wasm_bindgen]
#[derive(Default)]
pub struct Playground {
    /// The scenario text `draw_lanes` drew last, and its lanes.
    last_lanes: std::cell::RefCell<Option<(String, windowpane_render::lanes::Lanes)>>,
    /// The work limits every scenario is checked against (`set_limits`).
    limits: windowpane_scenario::Limits,
}

#[wasm_bindgen]
impl Playground {
    /// A playground. Every call takes the scenario text and keeps nothing of it (but the lanes
    /// of the last `draw_lanes`); a run kept between calls is a [`Session`]'s.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Playground {
        Playground::default()
    }

    /// Multiplies every work limit (10 million events, 40 million panes and pane values, 100
    /// years of processing time) by `factor`, a whole number ≥ 1 (1 restores the defaults).
    /// A scenario over a limit throws an `Error` naming the field that drives the cost.
    pub fn set_limits(&mut self, factor: f64) -> Result<(), JsError> {
        self.limits = limits(factor)?;
        Ok(())
    }

    /// Validates a scenario text; throws an `Error` naming the field path when it is invalid.
    pub fn check(&self, text: &str) -> Result<(), JsError> {
        self.parse(text).map(drop).map_err(into_error)
    }

    /// Every error of a scenario text, not only the first (at most `max`), as
    /// `[{path, event, message, text}]`: `path` the field path (`events[18].arrival`), `event` the
    /// listed event it names counted from 1 (or null), `text` the whole message as `check` throws
    /// it. Empty for a scenario that reads and whose input resolves.
    pub fn errors(&self, text: &str, max: usize) -> Result<JsValue, JsError> {
        #[derive(serde::Serialize)]
        struct Found {
            path: String,
            event: Option<usize>,
            message: String,
            text: String,
        }
        let found: Vec<Found> = windowpane_scenario::errors(text, &self.limits, max)
            .into_iter()
            .map(|e| Found { event: e.event().map(|i| i + 1), text: e.to_string(), path: e.path, message: e.message })
            .collect();
        transfer::to_js(&found)
    }

    /// Runs a scenario: `{scenario, events, panes, dropped, watermark, late_events, reasons}`.
    pub fn run(&self, text: &str) -> Result<JsValue, JsError> {
        // JSON.parse builds the object faster, and with less code, than a serializer field by field.
        js_sys::JSON::parse(&self.run_json(text)?).map_err(|_| into_error("run: cannot read its own JSON"))
    }

    /// Draws the chart of `text` into `canvas`; `opts` is `{at, width, height}` (all optional;
    /// `width` and `height` resize the canvas). Returns the plot's layout `{plot: {x, y, width,
    /// height}, event_time: {min, max}, processing_time: {min, max}}` in canvas pixels (y
    /// downwards; `event_time.min` at `plot.x`, `processing_time.min` at the bottom edge).
    /// Main thread only: it draws into a canvas element of the page.
    pub fn draw(&self, canvas: HtmlCanvasElement, text: &str, opts: JsValue) -> Result<JsValue, JsError> {
        let opts = DrawOptions::from_js(opts)?;
        let run = Run::new(text, &self.limits).map_err(into_error)?;
        draw_on(canvas, &run.chart(), &opts)
    }

    /// Same as [`Playground::run`], as a JSON text (faster to move between threads and to read
    /// with `JSON.parse` than a large object built field by field).
    pub fn run_json(&self, text: &str) -> Result<String, JsError> {
        let run = Run::new(text, &self.limits).map_err(into_error)?;
        serde_json::to_string(&RunResult::new(&run.scenario, run.input.events, run.output)).map_err(into_error)
    }

    /// The same chart as [`Playground::draw`], as an SVG document (`opts.width` × `opts.height`,
    /// 800 × 500 by default).
    pub fn render_svg(&self, text: &str, opts: JsValue) -> Result<String, JsError> {
        let opts = DrawOptions::from_js(opts)?;
        let run = Run::new(text, &self.limits).map_err(into_error)?;
        windowpane_render::render_svg(&run.chart(), &opts.chart()).map_err(into_error)
    }

    /// Every `examples/*.json`, embedded at build time: `[{id, title, text, group, line}]` in the
    /// menu's order (grouped: The book, Windows, Triggers, Accumulation, Combiners, Transports;
    /// the first is the book's figure 2-11, what a first visit opens), `line` one line saying
    /// what it shows.
    pub fn presets(&self) -> Result<JsValue, JsError> {
        let presets: Vec<Preset> = presets::menu().into_iter().map(|(id, text, group, line)| Preset::new(id, text, group, line)).collect();
        to_js(&presets)
    }
}

impl Playground {
    /// `text` parsed and checked against the limits.
    fn parse(&self, text: &str) -> Result<Scenario, ScenarioError> {
        windowpane_scenario::parse_with(text, &self.limits)
    }
}

/// The work limits multiplied by `factor`, a whole number ≥ 1.
fn limits(factor: f64) -> Result<windowpane_scenario::Limits, JsError> {
    if !(factor >= 1.0 && factor.fract() == 0.0) {
        return Err(into_error(format!("limits: expected a whole number ≥ 1, got {factor}")));
    }
    Ok(windowpane_scenario::Limits::default().times(factor as u64))
}

/// Sizes `canvas` as `opts` asks, draws `chart` into it and returns the layout.
fn draw_on(canvas: HtmlCanvasElement, chart: &Chart, opts: &DrawOptions) -> Result<JsValue, JsError> {
    if let Some(width) = opts.width.filter(|&w| w != canvas.width()) {
        canvas.set_width(width);
    }
    if let Some(height) = opts.height.filter(|&h| h != canvas.height()) {
        canvas.set_height(height);
    }
    let drawing = draw_into(canvas::Canvas::of(canvas)?, chart, opts, &[])?;
    to_js(&Layout::from(drawing.layout))
}

/// Draws `chart` with `backend` (a canvas already sized), with `marks` and the pane `opts.selected`
/// marked, and returns where everything went.
fn draw_into(backend: canvas::Canvas, chart: &Chart, opts: &DrawOptions, marks: &[windowpane_render::Mark]) -> Result<windowpane_render::Drawing, JsError> {
    let context = backend.context();
    let chart_opts: ChartOptions = opts.chart();
    let mut paint = |heat: &HeatMap| paint_heat_map(&context, heat).map_err(|e| format!("{e:?}"));
    let selected = opts.selected.map(|index| windowpane_render::Mark::Selected { index });
    let marks: Vec<windowpane_render::Mark> = marks.iter().cloned().chain(selected).collect();
    windowpane_render::draw_traced(&backend.into_drawing_area(), chart, &chart_opts, Some(&mut paint), &marks).map_err(into_error)
}

/// Draws a heat map as one image: its cells into an offscreen canvas, then scaled (without
/// smoothing) onto the chart, clipped to the plot, composited over what is already drawn.
fn paint_heat_map(context: &CanvasRenderingContext2d, heat: &HeatMap) -> Result<(), JsValue> {
    let image = ImageData::new_with_u8_clamped_array_and_sh(Clamped(&heat.rgba), heat.cols, heat.rows)?;
    let cells = OffscreenCanvas::new(heat.cols, heat.rows)?;
    let cells_context = cells
        .get_context("2d")?
        .ok_or_else(|| JsValue::from_str("offscreen canvas: no 2d context"))?
        .dyn_into::<OffscreenCanvasRenderingContext2d>()?;
    cells_context.put_image_data(&image, 0.0, 0.0)?;
    let clip = heat.clip;
    context.save();
    context.begin_path();
    context.rect(f64::from(clip.x), f64::from(clip.y), f64::from(clip.width), f64::from(clip.height));
    context.clip();
    context.set_image_smoothing_enabled(false);
    let (w, h) = (f64::from(heat.cols * heat.cell), f64::from(heat.rows * heat.cell));
    let drawn = context.draw_image_with_offscreen_canvas_and_dw_and_dh(&cells, f64::from(heat.x), f64::from(heat.y), w, h);
    context.restore();
    drawn
}

/// A scenario, its resolved input and the engine's output.
struct Run {
    scenario: Scenario,
    input: Input,
    output: Output,
}

impl Run {
    /// Parses and runs `text`. The input is resolved once and kept: the chart and the run result
    /// both need the events. Same as `Scenario::run`, which would resolve it again.
    fn new(text: &str, limits: &windowpane_scenario::Limits) -> Result<Run, ScenarioError> {
        let scenario = windowpane_scenario::parse_with(text, limits)?;
        let input = scenario.input()?;
        let output = scenario.run_on(&input)?;
        Ok(Run { scenario, input, output })
    }

    fn chart(&self) -> Chart<'_> {
        chart(&self.scenario, &self.input.events, &self.output)
    }
}

/// The chart of a scenario's run (its pipeline and title; the events and output of the run).
fn chart<'a>(scenario: &'a Scenario, events: &'a [windowpane_engine::Event], output: &'a Output) -> Chart<'a> {
    Chart { events, pipeline: &scenario.pipeline, output, title: scenario.title.as_deref() }
}
