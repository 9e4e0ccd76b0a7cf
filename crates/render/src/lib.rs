//! windowpane's charts: a run of the Dataflow Model drawn the way its papers draw it, with
//! event time across, processing time up, the watermark as a line and panes as shaded boxes.
//!
//! Drawing is generic over plotters' [`DrawingBackend`]: [`render_svg`] gives an SVG string
//! natively (tests, docs, the CLI), and the page passes a canvas backend to [`draw`].
//! Output is deterministic: no hash-map order, numbers with fixed precision.
//!
//! ```
//! use windowpane_engine::{Event, Output, Pipeline, WindowFn, WatermarkPoint};
//! use windowpane_render::{render_svg, Chart, ChartOptions};
//!
//! let events = vec![Event { key: "k".into(), value: 5.0, event_time: 43_226_000, arrival: 43_299_000 }];
//! let pipeline = Pipeline::new(WindowFn::Fixed { size: 120_000, offset: 0 });
//! let output = Output {
//!     panes: Vec::new(),
//!     dropped: Vec::new(),
//!     watermark: vec![WatermarkPoint { at: 43_320_000, to: i64::MAX }],
//!     late_events: Vec::new(),
//! };
//! let chart = Chart { events: &events, pipeline: &pipeline, output: &output, title: Some("One element") };
//! let svg = render_svg(&chart, &ChartOptions::default()).unwrap();
//! assert!(svg.starts_with("<svg"));
//! assert!(svg.contains("One element"));
//! ```
#![forbid(missing_docs)]
#![forbid(unsafe_code)]

mod events;
pub mod format;
mod frame;
mod hits;
mod legend;
mod marks;
mod panes;
mod scale;
mod scene;
pub mod style;
mod watermark;
mod windows;
pub mod lanes;
pub mod watermark_lag;

pub use format::MINUS;
pub use hits::{Drawing, Hit, PaneBox};
pub use marks::{elements, Mark};

use plotters::coord::Shift;
use plotters::drawing::{DrawingArea, DrawingAreaErrorKind};
use plotters::prelude::{DrawingBackend, IntoDrawingArea, SVGBackend, WHITE};
use windowpane_engine::{Event, Output, Pipeline};

/// What to draw: the input events, the pipeline they ran through and the run's output.
#[derive(Clone, Copy, Debug)]
pub struct Chart<'a> {
    /// The input elements (indices match [`Output::late_events`] and the dropped records).
    pub events: &'a [Event],
    /// The pipeline, for its window function.
    pub pipeline: &'a Pipeline,
    /// Panes, dropped elements and the watermark's path.
    pub output: &'a Output,
    /// A title above the chart.
    pub title: Option<&'a str>,
}

/// How to draw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChartOptions {
    /// Width in pixels of the SVG made by [`render_svg`] ([`draw`] uses its area's size).
    pub width: u32,
    /// Height in pixels of the SVG made by [`render_svg`].
    pub height: u32,
    /// A processing-time cursor: draw only what has happened by then (arrived elements, the
    /// watermark so far, emitted panes) and a horizontal "now" line. The axes stay those of the
    /// whole run, so moving the cursor does not move the chart.
    pub at: Option<i64>,
    /// Whether the header shows the legend of marks under the title and summary (an embed may
    /// hide it).
    pub legend: bool,
}

impl Default for ChartOptions {
    /// 800 × 500 pixels, no cursor, with the legend.
    fn default() -> ChartOptions {
        ChartOptions {
            width: 800,
            height: 500,
            at: None,
            legend: true,
        }
    }
}

/// Where [`draw`] put the plot: the plot area in the drawing's pixels (y downwards) and the
/// times at its edges, so a page can map pointer positions to times and back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChartLayout {
    /// The plot area.
    pub plot: PlotRect,
    /// Event time at the left edge (`min`, at `plot.x`) and at the right edge (`max`).
    pub event_time: TimeRange,
    /// Processing time at the bottom edge (`min`, at `plot.y + plot.height`) and at the top (`max`).
    pub processing_time: TimeRange,
}

impl ChartLayout {
    /// The event time and processing time at pixel (`x`, `y`) of the drawing (the inverse of
    /// where the chart draws them), `None` outside the plot area.
    ///
    /// ```
    /// use windowpane_render::{ChartLayout, PlotRect, TimeRange};
    /// let l = ChartLayout { plot: PlotRect { x: 10, y: 0, width: 100, height: 50 },
    ///     event_time: TimeRange { min: 0, max: 1_000 }, processing_time: TimeRange { min: 0, max: 500 } };
    /// assert_eq!(l.times_at(60.0, 25.0), Some((500, 250)));
    /// assert_eq!(l.times_at(10.0, 50.0), Some((0, 0)));
    /// assert_eq!(l.times_at(5.0, 25.0), None);
    /// ```
    pub fn times_at(&self, x: f64, y: f64) -> Option<(i64, i64)> {
        let p = self.plot;
        let (left, top, width, height) = (f64::from(p.x), f64::from(p.y), f64::from(p.width), f64::from(p.height));
        if !(x >= left && x <= left + width && y >= top && y <= top + height) || width <= 0.0 || height <= 0.0 {
            return None;
        }
        let lerp = |r: TimeRange, f: f64| (r.min as f64 + f * (r.max - r.min) as f64).round() as i64;
        Some((lerp(self.event_time, (x - left) / width), lerp(self.processing_time, (top + height - y) / height)))
    }
}

/// A rectangle in pixels, from its top-left corner.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct PlotRect {
    /// Left edge.
    pub x: i32,
    /// Top edge.
    pub y: i32,
    /// Width.
    pub width: i32,
    /// Height.
    pub height: i32,
}

/// A span of time in milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TimeRange {
    /// The first instant.
    pub min: i64,
    /// The last instant.
    pub max: i64,
}

/// Why a chart could not be drawn.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RenderError {
    /// The drawing area is smaller than the chart needs.
    #[error(
        "chart area too small: {width}x{height} pixels, need at least {MIN_WIDTH}x{MIN_HEIGHT}"
    )]
    TooSmall {
        /// Width of the area.
        width: u32,
        /// Height of the area.
        height: u32,
    },
    /// The backend failed (for a canvas: the context was lost; for SVG: never in practice).
    #[error("drawing failed: {0}")]
    Drawing(String),
}

/// The smallest area a chart is drawn in.
pub const MIN_WIDTH: u32 = 240;
/// The smallest area a chart is drawn in.
pub const MIN_HEIGHT: u32 = 160;

/// Draws `chart` on `area`, filling it, and returns where the plot went. The page calls this
/// with a canvas backend.
///
/// ```
/// use plotters::prelude::*;
/// use windowpane_engine::{Output, Pipeline, WindowFn};
/// use windowpane_render::{draw, Chart, ChartOptions, RenderError};
///
/// let output = Output { panes: vec![], dropped: vec![], watermark: vec![], late_events: vec![] };
/// let pipeline = Pipeline::new(WindowFn::Global);
/// let chart = Chart { events: &[], pipeline: &pipeline, output: &output, title: None };
/// let mut svg = String::new();
/// {
///     let area = SVGBackend::with_string(&mut svg, (100, 80)).into_drawing_area();
///     let err = draw(&area, &chart, &ChartOptions::default()).unwrap_err();
///     assert!(matches!(err, RenderError::TooSmall { width: 100, height: 80 }));
/// }
/// let mut svg = String::new();
/// {
///     let area = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
///     let layout = draw(&area, &chart, &ChartOptions::default()).unwrap();
///     assert!(layout.plot.x > 0 && layout.plot.x + layout.plot.width <= 800);
///     assert!(layout.plot.y > 0 && layout.plot.y + layout.plot.height <= 500);
///     assert!(layout.event_time.min < layout.event_time.max);
/// }
/// ```
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    opts: &ChartOptions,
) -> Result<ChartLayout, RenderError> {
    draw_with(area, chart, opts, None)
}

/// A heat map of dense elements as one image, for a backend that draws an image faster than
/// many rectangles (the page's canvas): `cols` × `rows` cells of `cell` pixels, RGBA row-major
/// (transparent where no element is), its top-left cell at `(x, y)` in the backend's pixels,
/// to be clipped to `clip`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HeatMap {
    /// Left edge of the first cell, in the backend's pixels.
    pub x: i32,
    /// Top edge of the first cell.
    pub y: i32,
    /// Cells across.
    pub cols: u32,
    /// Cells down.
    pub rows: u32,
    /// Side of a cell in pixels.
    pub cell: u32,
    /// `cols * rows` RGBA pixels, one per cell.
    pub rgba: Vec<u8>,
    /// The plot area, which the image must not leave.
    pub clip: PlotRect,
}

/// Draws a [`HeatMap`] on the backend at the moment the elements' layer is drawn (so panes stay
/// under it and the cursor line over it); an `Err` becomes [`RenderError::Drawing`].
pub type HeatMapPainter<'a> = &'a mut dyn FnMut(&HeatMap) -> Result<(), String>;

/// Same as [`draw`]; past [`DENSE_EVENTS`](scene::DENSE_EVENTS) elements, the heat map goes to
/// `painter` as one image when there is one (else it is drawn as one rectangle per cell).
///
/// ```
/// use plotters::prelude::*;
/// use windowpane_engine::{Event, Output, Pipeline, WindowFn};
/// use windowpane_render::{draw_with, Chart, ChartOptions, HeatMap};
///
/// let events: Vec<Event> = (0..5000)
///     .map(|i| Event { key: "k".into(), value: 1.0, event_time: i * 10, arrival: i * 10 + 500 })
///     .collect();
/// let output = Output { panes: vec![], dropped: vec![], watermark: vec![], late_events: vec![] };
/// let pipeline = Pipeline::new(WindowFn::Global);
/// let chart = Chart { events: &events, pipeline: &pipeline, output: &output, title: None };
/// let mut svg = String::new();
/// let mut got: Option<HeatMap> = None;
/// {
///     let area = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
///     let mut keep = |h: &HeatMap| { got = Some(h.clone()); Ok(()) };
///     draw_with(&area, &chart, &ChartOptions::default(), Some(&mut keep)).unwrap();
/// }
/// let heat = got.unwrap();
/// assert_eq!(heat.rgba.len(), (heat.cols * heat.rows * 4) as usize);
/// assert!(heat.rgba.chunks(4).any(|p| p[3] == 255));
/// ```
pub fn draw_with<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    opts: &ChartOptions,
    painter: Option<HeatMapPainter>,
) -> Result<ChartLayout, RenderError> {
    draw_marked(area, chart, opts, painter, &[])
}

/// Same as [`draw_with`], with the [`Mark`]s of a comparison with another run drawn over the
/// panes they are about.
///
/// ```
/// use plotters::prelude::*;
/// use windowpane_engine::*;
/// use windowpane_render::{draw_marked, style, Chart, ChartOptions, Mark};
/// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 10, arrival: 50 }];
/// let p = Pipeline::new(WindowFn::Fixed { size: 60, offset: 0 });
/// let output = run(&p, &Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: Some(100) });
/// let chart = Chart { events: &events, pipeline: &p, output: &output, title: None };
/// let mut svg = String::new();
/// {
///     let area = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
///     draw_marked(&area, &chart, &ChartOptions::default(), None, &[Mark::Differs { index: 0, value: true, timing: false }]).unwrap();
/// }
/// let (r, g, b) = (style::COMPARE.0, style::COMPARE.1, style::COMPARE.2);
/// assert!(svg.contains(&format!("rgb({r},{g},{b})")) || svg.contains(&format!("#{r:02X}{g:02X}{b:02X}")));
/// assert!(svg.contains("≠ value"));
/// ```
pub fn draw_marked<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    opts: &ChartOptions,
    painter: Option<HeatMapPainter>,
    marks: &[Mark],
) -> Result<ChartLayout, RenderError> {
    draw_traced(area, chart, opts, painter, marks).map(|d| d.layout)
}

/// Same as [`draw_marked`], returning where everything was drawn (see [`Drawing`]), so that a
/// page can tell what is under the pointer.
pub fn draw_traced<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    opts: &ChartOptions,
    painter: Option<HeatMapPainter>,
    marks: &[Mark],
) -> Result<Drawing, RenderError> {
    let (width, height) = area.dim_in_pixel();
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Err(RenderError::TooSmall { width, height });
    }
    area.fill(&WHITE).map_err(drawing)?;
    let scene = scene::Scene::new(chart, opts.at, (width, height));
    let legend = legend::Legend::layout(area, chart.title, &scene, opts.legend).map_err(drawing)?;
    let (header, body) = area.split_vertically(legend.height());
    legend.draw(&header).map_err(drawing)?;
    let frame = frame::Frame::build(&body, &scene).map_err(drawing)?;
    windows::draw(&frame, &scene).map_err(drawing)?;
    windows::draw_horizons(&frame, &scene).map_err(drawing)?;
    let placed = panes::draw(&frame, &scene).map_err(drawing)?;
    let pane_labels: Vec<_> = placed.iter().filter_map(|p| p.label).collect();
    let (dots, values_left_out) = match painter {
        Some(paint) if scene.dense_events() => {
            let heat = events::heat_map_image(&frame, &scene);
            paint(&heat).map_err(RenderError::Drawing)?;
            (Vec::new(), 0)
        }
        _ => events::draw(&frame, &scene, &pane_labels).map_err(drawing)?,
    };
    // Over the elements: with dense events the watermark is otherwise lost under the dots.
    let line = watermark::draw(&frame, &scene).map_err(drawing)?;
    marks::draw(&frame, &scene, marks, &placed).map_err(drawing)?;
    frame.draw_now(&scene).map_err(drawing)?;
    area.present().map_err(drawing)?;
    let (ox, oy) = frame.origin;
    Ok(Drawing {
        layout: frame.layout,
        panes: placed
            .iter()
            .map(|p| {
                let (x0, y0, x1, y1) = p.rect;
                PaneBox { pane: p.index, count: p.count, rect: PlotRect { x: x0 + ox, y: y0 + oy, width: x1 - x0, height: y1 - y0 } }
            })
            .collect(),
        dots: dots.into_iter().map(|(i, x, y)| (i, x + ox, y + oy)).collect(),
        watermark: line.into_iter().map(|(x, y)| (x + ox, y + oy)).collect(),
        values_left_out,
    })
}

/// Renders `chart` to an SVG document of `opts.width` × `opts.height` pixels.
///
/// ```
/// use windowpane_engine::{Output, Pipeline, WindowFn};
/// use windowpane_render::{render_svg, Chart, ChartOptions};
///
/// let output = Output { panes: vec![], dropped: vec![], watermark: vec![], late_events: vec![] };
/// let pipeline = Pipeline::new(WindowFn::Global);
/// let chart = Chart { events: &[], pipeline: &pipeline, output: &output, title: None };
/// let svg = render_svg(&chart, &ChartOptions { width: 640, height: 400, at: None, legend: true }).unwrap();
/// assert!(svg.contains(r#"width="640" height="400""#));
/// ```
pub fn render_svg(chart: &Chart, opts: &ChartOptions) -> Result<String, RenderError> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (opts.width, opts.height)).into_drawing_area();
        draw(&area, chart, opts)?;
    }
    Ok(svg)
}

/// Turns a backend's error into a [`RenderError`].
fn drawing<E: std::error::Error + Send + Sync>(e: DrawingAreaErrorKind<E>) -> RenderError {
    RenderError::Drawing(e.to_string())
}
