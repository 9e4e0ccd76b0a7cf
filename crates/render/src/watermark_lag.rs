//! The watermark across partitions over processing time: one strip for the combined watermark's
//! lag behind the newest event delivered, then one strip per shard (or the queue) with that
//! partition's own lag behind the same newest event, so the shard holding the watermark back is
//! the one whose strip matches the combined one; idle stretches are shaded.
//!
//! The render crate does not know the transport simulation: the caller copies the timeline into
//! [`WatermarkLag`].
//!
//! ```
//! use windowpane_render::watermark_lag::{render_svg, LagPoint, WatermarkLag, PartitionLane};
//!
//! let lag = WatermarkLag {
//!     bucket: 1_000,
//!     combined: vec![LagPoint { t: 0, lag: Some(0) }, LagPoint { t: 1_000, lag: Some(4_000) }],
//!     partitions: vec![PartitionLane {
//!         name: "shardId-000000000001".into(),
//!         points: vec![(0, Some(0), false), (1_000, None, true)],
//!     }],
//! };
//! let svg = render_svg(&lag, 800).unwrap();
//! assert!(svg.contains("shardId-000000000001"));
//! assert!(svg.contains("largest 4 s"));
//! ```

use crate::scale::{bounds, clock, Axis};
use crate::style::{self, FONT, INK};
use crate::{drawing, RenderError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// The combined watermark's lag at the end of a bucket.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LagPoint {
    /// Start of the bucket (processing time, ms).
    pub t: i64,
    /// Newest event time delivered minus the watermark (ms); `None` while either is unknown.
    pub lag: Option<i64>,
}

/// One partition: per bucket `(start, lag behind the newest event, idle)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PartitionLane {
    /// Shard id or queue.
    pub name: String,
    /// Per bucket: its start, the partition's lag (`None`: minus infinity or idle), idle.
    pub points: Vec<(i64, Option<i64>, bool)>,
}

/// What to draw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatermarkLag {
    /// Width of a bucket (ms).
    pub bucket: i64,
    /// The combined watermark.
    pub combined: Vec<LagPoint>,
    /// The partitions, in order.
    pub partitions: Vec<PartitionLane>,
}

/// Strips drawn at most (the combined one included); the rest are counted in a last line.
pub const MAX_STRIPS: usize = 25;
/// Height of one strip, gap included.
pub const STRIP: u32 = 34;
const HEADER: u32 = 24;
const AXIS: u32 = 24;
const MORE: u32 = 18;
const LABEL: i32 = 170;
const RIGHT: i32 = 14;
const GAP: i32 = 5;
/// Colour of an idle stretch.
pub const IDLE: RGBColor = RGBColor(0xE4, 0xE4, 0xE4);

/// The height in pixels for `partitions` partitions.
///
/// ```
/// use windowpane_render::watermark_lag::{height, STRIP};
/// assert_eq!(height(3) - height(2), STRIP);
/// assert_eq!(height(500), height(600));
/// ```
pub fn height(partitions: usize) -> u32 {
    let strips = (partitions + 1).min(MAX_STRIPS);
    HEADER + strips as u32 * STRIP + AXIS + if partitions + 1 > MAX_STRIPS { MORE } else { 0 }
}

/// Draws `lag` on `area`, filling its width.
pub fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, lag: &WatermarkLag) -> Result<(), RenderError> {
    let (width, height_px) = area.dim_in_pixel();
    if width < crate::MIN_WIDTH || height_px < height(0) {
        return Err(RenderError::TooSmall { width, height: height_px });
    }
    area.fill(&WHITE).map_err(drawing)?;
    let bucket = lag.bucket.max(1);
    let starts = lag.combined.iter().map(|p| p.t).chain(lag.partitions.iter().flat_map(|l| l.points.iter().map(|p| p.0)));
    let span = bounds(starts.flat_map(|t| [t, t.saturating_add(bucket)]));
    let axis = Axis::fit(span, (width / 110).max(2));
    let plot = (LABEL, width as i32 - RIGHT);
    let x = |t: i64| {
        let f = (axis.clamp(t) - axis.min) as f64 / (axis.max - axis.min).max(1) as f64;
        plot.0 + ((plot.1 - plot.0) as f64 * f).round() as i32
    };
    let lags = lag.combined.iter().filter_map(|p| p.lag).chain(lag.partitions.iter().flat_map(|l| l.points.iter().filter_map(|p| p.1)));
    let max = lags.max().unwrap_or(0).max(1);
    let text = |size: u32, color: &RGBColor| (FONT, size).into_font().color(color).pos(Pos::new(HPos::Left, VPos::Top));
    let heading = format!("watermark lag behind the newest event delivered (0–{}) over processing time", seconds(max));
    area.draw(&Text::new(heading, (6, 5), text(12, &INK))).map_err(drawing)?;

    let strips: Vec<(String, Vec<(i64, Option<i64>, bool)>)> = std::iter::once((
        "combined".to_string(),
        lag.combined.iter().map(|p| (p.t, p.lag, false)).collect(),
    ))
    .chain(lag.partitions.iter().map(|l| (l.name.clone(), l.points.clone())))
    .collect();
    for (i, (name, points)) in strips.iter().take(MAX_STRIPS).enumerate() {
        let top = (HEADER + i as u32 * STRIP) as i32;
        let bottom = top + STRIP as i32 - GAP;
        let h = f64::from(bottom - top - 2);
        area.draw(&Rectangle::new([(plot.0, top), (plot.1, bottom)], RGBColor(0xF6, 0xF6, 0xF6).filled())).map_err(drawing)?;
        let largest = points.iter().filter_map(|p| p.1).max();
        let label = if name.chars().count() > 24 { format!("{}…", name.chars().take(23).collect::<String>()) } else { name.clone() };
        area.draw(&Text::new(label, (6, top + 1), text(12, &INK))).map_err(drawing)?;
        let note = largest.map_or_else(|| "no watermark yet".to_string(), |m| format!("largest {}", seconds(m)));
        area.draw(&Text::new(note, (6, top + 16), text(10, &style::WINDOW))).map_err(drawing)?;
        let y = |v: i64| bottom - 1 - (h * v as f64 / max as f64).round() as i32;
        let color = if i == 0 { style::WATERMARK.mix(1.0) } else { style::WATERMARK.mix(0.6) };
        let mut line: Vec<(i32, i32)> = Vec::new();
        for &(t, value, idle) in points {
            let (x0, x1) = (x(t), x(t.saturating_add(bucket)).max(x(t) + 1));
            if idle {
                area.draw(&Rectangle::new([(x0, top), (x1, bottom)], IDLE.filled())).map_err(drawing)?;
            }
            match value {
                Some(v) => line.extend([(x0, y(v)), (x1, y(v))]),
                None => {
                    if line.len() > 1 {
                        area.draw(&PathElement::new(std::mem::take(&mut line), color.stroke_width(2))).map_err(drawing)?;
                    }
                    line.clear();
                }
            }
        }
        if line.len() > 1 {
            area.draw(&PathElement::new(line, color.stroke_width(2))).map_err(drawing)?;
        }
    }
    let drawn = strips.len().min(MAX_STRIPS) as u32;
    let mut below = (HEADER + drawn * STRIP) as i32;
    if strips.len() > MAX_STRIPS {
        let more = format!("+{} more partitions, not drawn", strips.len() - MAX_STRIPS);
        area.draw(&Text::new(more, (6, below + 2), text(11, &INK))).map_err(drawing)?;
        below += MORE as i32;
    }
    area.draw(&PathElement::new(vec![(plot.0, below), (plot.1, below)], INK.stroke_width(1))).map_err(drawing)?;
    for t in axis.ticks() {
        let px = x(t);
        let anchor = if t == axis.max { HPos::Right } else { HPos::Center };
        area.draw(&PathElement::new(vec![(px, below), (px, below + 4)], INK.stroke_width(1))).map_err(drawing)?;
        let font = (FONT, 10).into_font().color(&INK).pos(Pos::new(anchor, VPos::Top));
        area.draw(&Text::new(clock(t, axis.step), (px, below + 6), font)).map_err(drawing)?;
    }
    area.present().map_err(drawing)?;
    Ok(())
}

/// Renders `lag` to an SVG document `width` wide and [`height`] high.
pub fn render_svg(lag: &WatermarkLag, width: u32) -> Result<String, RenderError> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (width, height(lag.partitions.len()))).into_drawing_area();
        draw(&area, lag)?;
    }
    Ok(svg)
}

/// Milliseconds as people read a lag: `250 ms`, `4 s`, `1.5 s`.
fn seconds(ms: i64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{} s", crate::format::number(ms as f64 / 1000.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_idle_shard_is_shaded_and_a_gap_breaks_the_line() {
        let lag = WatermarkLag {
            bucket: 1000,
            combined: vec![LagPoint { t: 0, lag: None }, LagPoint { t: 1000, lag: Some(1500) }],
            partitions: vec![
                PartitionLane { name: "a".into(), points: vec![(0, Some(0), false), (1000, Some(1500), false)] },
                PartitionLane { name: "b".into(), points: vec![(0, Some(0), false), (1000, None, true)] },
            ],
        };
        let svg = render_svg(&lag, 600).unwrap();
        assert!(svg.contains("largest 1.5 s"), "{svg}");
        assert!(svg.contains("fill=\"#E4E4E4\""), "the idle bucket is shaded");
        assert!(svg.contains("(0–1.5 s)"));
        let many = WatermarkLag { partitions: vec![PartitionLane::default(); 30], ..lag };
        assert!(render_svg(&many, 600).unwrap().contains("+6 more partitions"));
    }
}
