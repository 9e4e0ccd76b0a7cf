//! The transport and export part of the façade: the Beam code of a scenario, the transport's
//! statistics and its lane chart. Like the rest of the façade, no semantics: the export crate
//! writes the code, the ingest crate simulates and counts, the render crate draws.

use crate::into_error;
use crate::transfer::{read_opts, to_js};
use plotters::prelude::IntoDrawingArea;
use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use web_sys::HtmlCanvasElement;
use windowpane_ingest::stats::LaneStats;
use windowpane_ingest::{simulate, Discard};
use windowpane_render::lanes::{self, Lane, LaneSample, Lanes, LanesOptions};
use windowpane_scenario::transport::transport;
use windowpane_scenario::{Limits, Scenario};

use crate::Playground;

/// What `Playground.export_beam` returns.
#[derive(Debug, Serialize)]
struct BeamExport {
    /// The program's source text.
    code: String,
    /// What the SDK cannot express (each also commented in the code).
    warnings: Vec<String>,
}

/// The `opts` of `draw_lanes`: `{at, width}`, each optional.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct LanesDrawOptions {
    /// The processing-time cursor in ms (`null`: none).
    at: Option<f64>,
    /// Width in pixels (the height follows from the number of lanes).
    width: Option<u32>,
}

impl LanesDrawOptions {
    fn from_js(opts: JsValue) -> Result<LanesDrawOptions, JsError> {
        read_opts(opts, &["at", "width"])
    }
}

fn parse(text: &str, limits: &Limits) -> Result<Scenario, JsError> {
    windowpane_scenario::parse_with(text, limits).map_err(into_error)
}

/// The lanes of a scenario's transport (an error when it has none).
fn lanes_of(text: &str, limits: &Limits) -> Result<Lanes, JsError> {
    let scenario = parse(text, limits)?;
    if scenario.ingest.is_none() {
        return Err(into_error("ingest: the scenario has no ingest section, so no lanes to draw"));
    }
    let (mut source, spec, mut options) = transport(&scenario).map_err(into_error)?;
    options.timelines = true; // the chart draws the samples (at most MAX_SAMPLES per lane)
    let report = simulate(source.as_mut(), &spec, &options, &mut Discard);
    Ok(Lanes { kind: report.lane_kind.to_string(), bucket: report.bucket, lanes: report.lanes.iter().map(lane).collect() })
}

/// The render crate's lane from the ingest crate's statistics.
fn lane(stats: &LaneStats) -> Lane {
    Lane {
        name: stats.name.clone(),
        delivered: stats.delivered,
        throttled: stats.throttled,
        max_backlog: stats.max_backlog,
        samples: stats
            .samples
            .iter()
            .map(|s| LaneSample {
                t: s.t,
                waiting: s.waiting,
                queued: s.queued,
                delivered: s.delivered,
                throttled: s.throttled,
            })
            .collect(),
    }
}

#[wasm_bindgen]
impl Playground {
    /// The scenario as an Apache Beam program: `lang` is `"python"` or `"java"`; returns
    /// `{code, warnings}`, the warnings naming what the SDK cannot express.
    pub fn export_beam(&self, text: &str, lang: &str) -> Result<JsValue, JsError> {
        let scenario = parse(text, &self.limits)?;
        let export = match lang {
            "python" => windowpane_export::beam_python(&scenario),
            "java" => windowpane_export::beam_java(&scenario),
            other => {
                return Err(into_error(format!(
                    "lang: expected \"python\" or \"java\", got {other:?}"
                )))
            }
        }
        .map_err(into_error)?;
        to_js(&BeamExport {
            code: export.code,
            warnings: export.warnings,
        })
    }

    /// The transport's statistics (`windowpane ingest`'s report): `{transport, lane_kind, sent,
    /// delivered, throttled, duplicates, late, order_violations, violations, latency: {p50, p90,
    /// p99, max}, watermark_moves, origin, last_arrival, requests, cost, bucket, lanes: [{name,
    /// entered, delivered, throttled, duplicates, late, max_backlog, latency_mean,
    /// latency_max}]}`; `null` when the scenario has no `ingest` section.
    pub fn ingest_report(&self, text: &str) -> Result<JsValue, JsError> {
        let scenario = parse(text, &self.limits)?;
        if scenario.ingest.is_none() {
            return Ok(JsValue::NULL);
        }
        let (mut source, spec, mut options) = transport(&scenario).map_err(into_error)?;
        options.timelines = false;
        to_js(&simulate(source.as_mut(), &spec, &options, &mut Discard))
    }

    /// Draws the transport's lanes of `text` into `canvas`, one strip per shard, message group or
    /// queue: backlog and deliveries over processing time. `opts` is `{at, width}` (optional);
    /// the canvas is resized to `width` and to the height the lanes need. Throws when the
    /// scenario has no `ingest` section. Main thread only.
    pub fn draw_lanes(
        &self,
        canvas: HtmlCanvasElement,
        text: &str,
        opts: JsValue,
    ) -> Result<(), JsError> {
        let opts = LanesDrawOptions::from_js(opts)?;
        // The page redraws the lanes at every move of the timeline: the transport is simulated
        // once per scenario text, not once per frame.
        let mut last = self.last_lanes.borrow_mut();
        if last.as_ref().is_none_or(|(t, _)| t != text) {
            *last = Some((text.to_owned(), lanes_of(text, &self.limits)?));
        }
        let drawn = &last.as_ref().expect("just set").1;
        let width = opts.width.unwrap_or(canvas.width());
        let height = lanes::height(drawn.lanes.len());
        if width != canvas.width() {
            canvas.set_width(width);
        }
        if height != canvas.height() {
            canvas.set_height(height);
        }
        let at = opts.at.filter(|t| t.is_finite()).map(|t| t.round() as i64);
        let backend = crate::canvas::Canvas::of(canvas)?;
        lanes::draw(
            &backend.into_drawing_area(),
            drawn,
            &LanesOptions { width, at },
        )
        .map_err(into_error)
    }
}
