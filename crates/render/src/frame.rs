//! The plot frame: axes with clock-time ticks, and the mapping from (event time, processing time)
//! to pixels of the plotting area, which every layer draws on.

use crate::scale::{clock, Axis};
use crate::scene::Scene;
use crate::{ChartLayout, PlotRect, TimeRange};
use crate::style::{FONT, INK, NOW};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The result of a drawing call on a backend `DB`.
pub(crate) type Drawn<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The plotting area (pixel coordinates relative to its top-left corner) and the data mapping.
pub(crate) struct Frame<DB: DrawingBackend> {
    /// Where the layers draw, in pixels.
    pub area: DrawingArea<DB, Shift>,
    /// Width and height of the plotting area.
    pub size: (i32, i32),
    /// The plotting area's top-left corner in the pixels of the whole drawing.
    pub origin: (i32, i32),
    /// Event time to pixel: the axis and the pixels of its ends.
    x: (Axis, (i32, i32)),
    /// Processing time to pixel (the pixel of `min` is below that of `max`).
    y: (Axis, (i32, i32)),
    /// The plot area and its time ranges in the pixels of the whole drawing (for the page).
    pub layout: ChartLayout,
}

impl<DB: DrawingBackend> Frame<DB> {
    /// Draws the axes on `body` and returns the frame inside them.
    pub fn build(
        body: &DrawingArea<DB, Shift>,
        scene: &Scene,
    ) -> Result<Frame<DB>, DrawingAreaErrorKind<DB::ErrorType>> {
        let (x, y) = (scene.x, scene.y);
        let xs = (x.min..x.max).with_key_points(x.ticks());
        let ys = (y.min..y.max).with_key_points(y.ticks());
        let mut chart = ChartBuilder::on(body)
            .margin_top(6)
            .margin_right(32)
            .margin_left(6)
            .x_label_area_size(40)
            .y_label_area_size(72)
            .build_cartesian_2d(xs, ys)?;
        let x_label = |t: &i64| clock(*t, x.step);
        let y_label = |t: &i64| clock(*t, y.step);
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(RGBColor(0xEE, 0xEE, 0xEE))
            .axis_style(INK)
            .x_label_formatter(&x_label)
            .y_label_formatter(&y_label)
            .label_style((FONT, 11).into_font().color(&INK))
            .axis_desc_style((FONT, 12).into_font().color(&INK))
            .x_desc("event time")
            .y_desc("processing time")
            .draw()?;
        // plotters maps the axis ends onto these pixels; `px` repeats its linear mapping,
        // relative to the plotting area.
        let plotting = chart.plotting_area();
        let base = plotting.get_base_pixel();
        let lo = plotting.map_coordinate(&(x.min, y.min));
        let hi = plotting.map_coordinate(&(x.max, y.max));
        let area = plotting.strip_coord_spec();
        let (w, h) = area.dim_in_pixel();
        // `lo` and `hi` are in the backend's pixels (the whole canvas): x.min at the left edge,
        // y.min at the bottom edge.
        let layout = ChartLayout {
            plot: PlotRect {
                x: lo.0,
                y: hi.1,
                width: hi.0 - lo.0,
                height: lo.1 - hi.1,
            },
            event_time: TimeRange { min: x.min, max: x.max },
            processing_time: TimeRange { min: y.min, max: y.max },
        };
        Ok(Frame {
            layout,
            area,
            size: (w as i32, h as i32),
            origin: base,
            x: (x, (lo.0 - base.0, hi.0 - base.0)),
            y: (y, (lo.1 - base.1, hi.1 - base.1)),
        })
    }

    /// The pixel of event time `t` and processing time `p`, clamped into the plotting area.
    pub fn px(&self, t: i64, p: i64) -> (i32, i32) {
        (map(&self.x, t), map(&self.y, p))
    }

    /// The horizontal "now" line of the cursor, labelled with its time.
    pub fn draw_now(&self, scene: &Scene) -> Drawn<DB> {
        let Some(at) = scene.at else { return Ok(()) };
        let (_, y) = self.px(scene.x.min, at);
        let style = ShapeStyle::from(&NOW).stroke_width(2);
        self.area
            .draw(&PathElement::new(vec![(0, y), (self.size.0, y)], style))?;
        let text = format!("now {}", clock(at, if at % 1_000 == 0 { 1_000 } else { 1 }));
        let font = (FONT, 12)
            .into_font()
            .color(&NOW)
            .pos(Pos::new(HPos::Right, VPos::Bottom));
        self.area
            .draw(&Text::new(text, (self.size.0 - 4, y - 3), font))
    }
}

/// plotters' linear mapping of a numeric coordinate onto the pixels `limit`, after clamping.
fn map((axis, limit): &(Axis, (i32, i32)), v: i64) -> i32 {
    let v = axis.clamp(v);
    let fraction = (v as f64 - axis.min as f64) / (axis.max as f64 - axis.min as f64);
    let length = limit.1 - limit.0;
    if length >= 0 {
        limit.0 + (f64::from(length) * fraction + 1e-3).floor() as i32
    } else {
        limit.0 + (f64::from(length) * fraction - 1e-3).ceil() as i32
    }
}
