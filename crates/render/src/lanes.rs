//! The transport's lanes: one strip per shard, message group or queue, with its backlog
//! (records waiting at the producer and queued in the transport) and its deliveries over
//! processing time, drawn under the main chart.
//!
//! The render crate does not know the transport simulation: the caller (the wasm façade, the
//! CLI) copies each lane's counts and samples into [`Lanes`].
//!
//! ```
//! use windowpane_render::lanes::{render_svg, Lane, LaneSample, Lanes, LanesOptions};
//!
//! let sample = |t, queued, delivered| LaneSample { t, waiting: 0, queued, delivered, throttled: 0 };
//! let lanes = Lanes {
//!     kind: "shard".into(),
//!     bucket: 1_000,
//!     lanes: vec![Lane {
//!         name: "shardId-000000000000".into(),
//!         delivered: 7,
//!         throttled: 0,
//!         max_backlog: 3,
//!         samples: vec![sample(43_200_000, 3, 2), sample(43_201_000, 2, 5)],
//!     }],
//! };
//! let svg = render_svg(&lanes, &LanesOptions::default()).unwrap();
//! assert!(svg.contains("shardId-000000000000"));
//! assert!(svg.contains("7 delivered"));
//! ```

use crate::scale::{bounds, clock, Axis};
use crate::style::{self, FONT, INK, NOW};
use crate::{drawing, RenderError};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// One time bucket of a lane (the transport's per-lane sample).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct LaneSample {
    /// Start of the bucket (processing time, ms).
    pub t: i64,
    /// Most records waiting at the producer (throttled, not yet accepted) during the bucket.
    pub waiting: u64,
    /// Most records accepted and not yet delivered during the bucket.
    pub queued: u64,
    /// Records delivered during the bucket.
    pub delivered: u64,
    /// Writes rejected by throttling during the bucket.
    pub throttled: u64,
}

/// One shard, message group or queue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lane {
    /// Its name (shard id, group id, queue).
    pub name: String,
    /// Records delivered through it.
    pub delivered: u64,
    /// Writes rejected by throttling.
    pub throttled: u64,
    /// Largest backlog (waiting + queued).
    pub max_backlog: u64,
    /// Its samples, in time order, one per bucket.
    pub samples: Vec<LaneSample>,
}

/// What to draw: every lane of one transport.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lanes {
    /// What a lane is: `shard`, `group`, `queue` or `network`.
    pub kind: String,
    /// Width of a sample bucket (ms).
    pub bucket: i64,
    /// The lanes, in order.
    pub lanes: Vec<Lane>,
}

/// How to draw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LanesOptions {
    /// Width in pixels of the SVG made by [`render_svg`] (its height is [`height`]).
    pub width: u32,
    /// A processing-time cursor: a vertical "now" line (the strips stay whole).
    pub at: Option<i64>,
}

impl Default for LanesOptions {
    /// 800 pixels wide, no cursor.
    fn default() -> LanesOptions {
        LanesOptions {
            width: 800,
            at: None,
        }
    }
}

/// Lanes drawn at most; the rest are counted in a last line.
pub const MAX_LANES: usize = 24;
/// Height of one lane's strip, gap included.
pub const LANE_HEIGHT: u32 = 46;
const HEADER: u32 = 24;
const AXIS: u32 = 24;
const MORE: u32 = 18;
const LABEL: i32 = 170;
const RIGHT: i32 = 14;
const GAP: i32 = 6;

/// Colour of the backlog queued in the transport.
pub const QUEUED: RGBColor = RGBColor(0x9E, 0xCA, 0xE1);
/// Colour of the backlog waiting at the producer (throttled writes).
pub const WAITING: RGBColor = style::EARLY;
/// Colour of the deliveries line.
pub const DELIVERED: RGBColor = style::ON_TIME;
/// Colour of the throttling ticks.
pub const THROTTLED: RGBColor = style::DROPPED;

/// The height in pixels of a lane chart of `lanes` lanes (at most [`MAX_LANES`] drawn).
///
/// ```
/// use windowpane_render::lanes::{height, LANE_HEIGHT};
/// assert_eq!(height(4) - height(3), LANE_HEIGHT);
/// assert_eq!(height(100), height(200));
/// ```
pub fn height(lanes: usize) -> u32 {
    let drawn = lanes.min(MAX_LANES);
    HEADER + drawn as u32 * LANE_HEIGHT + AXIS + if lanes > MAX_LANES { MORE } else { 0 }
}

/// Draws `lanes` on `area`, filling its width; strips are [`LANE_HEIGHT`] high from the top.
pub fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    lanes: &Lanes,
    opts: &LanesOptions,
) -> Result<(), RenderError> {
    let (width, height_px) = area.dim_in_pixel();
    if width < crate::MIN_WIDTH
        || height_px < height(lanes.lanes.len().max(1)).min(HEADER + LANE_HEIGHT + AXIS)
    {
        return Err(RenderError::TooSmall {
            width,
            height: height_px,
        });
    }
    area.fill(&WHITE).map_err(drawing)?;
    let bucket = lanes.bucket.max(1);
    let span = bounds(
        lanes
            .lanes
            .iter()
            .flat_map(|l| l.samples.iter().flat_map(|s| [s.t, s.t.saturating_add(bucket)])),
    );
    let axis = Axis::fit(span, (width / 110).max(2));
    let plot = (LABEL, width as i32 - RIGHT);
    let x = |t: i64| {
        let f = (axis.clamp(t) - axis.min) as f64 / (axis.max - axis.min) as f64;
        plot.0 + ((plot.1 - plot.0) as f64 * f).round() as i32
    };
    let backlog_max = lanes
        .lanes
        .iter()
        .flat_map(|l| &l.samples)
        .map(|s| s.waiting + s.queued)
        .max()
        .unwrap_or(0)
        .max(1);
    let delivered_max = lanes
        .lanes
        .iter()
        .flat_map(|l| &l.samples)
        .map(|s| s.delivered)
        .max()
        .unwrap_or(0)
        .max(1);
    let text =
        |size: u32, color: &RGBColor, pos: Pos| (FONT, size).into_font().color(color).pos(pos);
    let left_top = Pos::new(HPos::Left, VPos::Top);

    let heading = format!(
        "{} lanes: backlog (0–{backlog_max}) and deliveries per {} (0–{delivered_max}) over processing time",
        lanes.kind,
        duration(bucket)
    );
    area.draw(&Text::new(heading, (6, 5), text(12, &INK, left_top)))
        .map_err(drawing)?;
    let mut key_x = width as i32 - RIGHT;
    for (label, color) in [
        ("throttled", THROTTLED),
        ("delivered", DELIVERED),
        ("waiting", WAITING),
        ("queued", QUEUED),
    ] {
        let w = 14 + 6 * label.chars().count() as i32;
        key_x -= w + 10;
        area.draw(&Rectangle::new(
            [(key_x, 7), (key_x + 10, 15)],
            color.filled(),
        ))
        .map_err(drawing)?;
        area.draw(&Text::new(label, (key_x + 13, 5), text(11, &INK, left_top)))
            .map_err(drawing)?;
    }

    for (i, lane) in lanes.lanes.iter().take(MAX_LANES).enumerate() {
        let top = (HEADER + i as u32 * LANE_HEIGHT) as i32;
        let bottom = top + LANE_HEIGHT as i32 - GAP;
        let h = f64::from(bottom - top - 2);
        area.draw(&Rectangle::new(
            [(plot.0, top), (plot.1, bottom)],
            RGBColor(0xF6, 0xF6, 0xF6).filled(),
        ))
        .map_err(drawing)?;
        area.draw(&Text::new(
            shorten(&lane.name, 24),
            (6, top + 2),
            text(12, &INK, left_top),
        ))
        .map_err(drawing)?;
        let mut counts = format!(
            "{} delivered · max backlog {}",
            lane.delivered, lane.max_backlog
        );
        if lane.throttled > 0 {
            counts.push_str(&format!(" · {} throttled", lane.throttled));
        }
        area.draw(&Text::new(
            counts,
            (6, top + 19),
            text(10, &style::WINDOW, left_top),
        ))
        .map_err(drawing)?;
        let y = |v: u64, max: u64| bottom - 1 - (h * v as f64 / max as f64).round() as i32;
        let mut line = Vec::with_capacity(lane.samples.len());
        for s in &lane.samples {
            let (x0, x1) = (x(s.t), x(s.t.saturating_add(bucket)).max(x(s.t) + 1));
            if s.queued > 0 {
                area.draw(&Rectangle::new(
                    [(x0, y(s.queued, backlog_max)), (x1, bottom)],
                    QUEUED.filled(),
                ))
                .map_err(drawing)?;
            }
            if s.waiting > 0 {
                let base = y(s.queued, backlog_max);
                area.draw(&Rectangle::new(
                    [(x0, y(s.queued + s.waiting, backlog_max)), (x1, base)],
                    WAITING.mix(0.7).filled(),
                ))
                .map_err(drawing)?;
            }
            if s.throttled > 0 {
                area.draw(&Rectangle::new(
                    [(x0, bottom - 4), (x1, bottom)],
                    THROTTLED.filled(),
                ))
                .map_err(drawing)?;
            }
            line.push(((x0 + x1) / 2, y(s.delivered, delivered_max)));
        }
        if line.len() > 1 {
            area.draw(&PathElement::new(line, DELIVERED.stroke_width(2)))
                .map_err(drawing)?;
        }
    }

    let drawn = lanes.lanes.len().min(MAX_LANES) as u32;
    let mut below = (HEADER + drawn * LANE_HEIGHT) as i32;
    if lanes.lanes.len() > MAX_LANES {
        let more = format!(
            "+{} more {}s, not drawn (see the statistics)",
            lanes.lanes.len() - MAX_LANES,
            lanes.kind
        );
        area.draw(&Text::new(more, (6, below + 2), text(11, &INK, left_top)))
            .map_err(drawing)?;
        below += MORE as i32;
    }
    area.draw(&PathElement::new(
        vec![(plot.0, below), (plot.1, below)],
        INK.stroke_width(1),
    ))
    .map_err(drawing)?;
    for t in axis.ticks() {
        let px = x(t);
        // The last label ends at its tick, so it stays inside the drawing.
        let anchor = if t == axis.max {
            HPos::Right
        } else {
            HPos::Center
        };
        area.draw(&PathElement::new(
            vec![(px, below), (px, below + 4)],
            INK.stroke_width(1),
        ))
        .map_err(drawing)?;
        area.draw(&Text::new(
            clock(t, axis.step),
            (px, below + 6),
            text(10, &INK, Pos::new(anchor, VPos::Top)),
        ))
        .map_err(drawing)?;
    }
    if let Some(at) = opts.at.filter(|&t| axis.contains(t)) {
        let px = x(at);
        area.draw(&PathElement::new(
            vec![(px, HEADER as i32), (px, below)],
            NOW.stroke_width(2),
        ))
        .map_err(drawing)?;
    }
    area.present().map_err(drawing)?;
    Ok(())
}

/// Renders `lanes` to an SVG document `opts.width` wide and [`height`] high.
pub fn render_svg(lanes: &Lanes, opts: &LanesOptions) -> Result<String, RenderError> {
    let mut svg = String::new();
    {
        let area = SVGBackend::with_string(&mut svg, (opts.width, height(lanes.lanes.len())))
            .into_drawing_area();
        draw(&area, lanes, opts)?;
    }
    Ok(svg)
}

/// A name cut to `max` characters with an ellipsis.
fn shorten(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        return name.to_string();
    }
    let mut s: String = name.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// A bucket width as text: `1 s`, `250 ms`, `2 min`.
fn duration(ms: i64) -> String {
    match ms {
        m if m % 60_000 == 0 => format!("{} min", m / 60_000),
        m if m % 1_000 == 0 => format!("{} s", m / 1_000),
        m => format!("{m} ms"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lanes(n: usize) -> Lanes {
        let lanes = (0..n)
            .map(|i| Lane {
                name: format!("shardId-{i:012}"),
                delivered: 10 + i as u64,
                throttled: if i == 1 { 5 } else { 0 },
                max_backlog: 3,
                samples: (0..10)
                    .map(|k| LaneSample {
                        t: 43_200_000 + k * 1_000,
                        waiting: u64::from(i == 1 && k > 4),
                        queued: (k % 3) as u64,
                        delivered: 1 + i as u64,
                        throttled: u64::from(i == 1 && k == 5) * 5,
                    })
                    .collect(),
            })
            .collect();
        Lanes {
            kind: "shard".into(),
            bucket: 1_000,
            lanes,
        }
    }

    fn hex(c: RGBColor) -> String {
        format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
    }

    #[test]
    fn one_strip_per_lane_with_its_counts() {
        let svg = render_svg(&lanes(4), &LanesOptions::default()).unwrap();
        assert!(svg.contains(&format!(r#"height="{}""#, height(4))));
        for i in 0..4 {
            assert_eq!(
                svg.matches(&format!("shardId-{i:012}")).count(),
                1,
                "lane {i} is labelled once"
            );
            assert!(svg.contains(&format!("{} delivered · max backlog 3", 10 + i)));
        }
        assert!(svg.contains("11 delivered · max backlog 3 · 5 throttled"));
        // One deliveries line per lane.
        let lines = svg
            .lines()
            .filter(|l| l.starts_with("<polyline") && l.contains(&hex(DELIVERED)))
            .count();
        assert_eq!(lines, 4);
        assert!(svg
            .lines()
            .any(|l| l.starts_with("<rect") && l.contains(&hex(THROTTLED))));
        assert!(svg.contains("\n12:00:04\n"), "clock-time ticks");
        assert!(svg.contains("shard lanes: backlog (0–3) and deliveries per 1 s (0–4)"));
    }

    #[test]
    fn many_lanes_are_capped_and_counted() {
        let svg = render_svg(&lanes(30), &LanesOptions::default()).unwrap();
        assert!(svg.contains(&format!("shardId-{:012}", MAX_LANES - 1)));
        assert!(!svg.contains(&format!("shardId-{:012}", MAX_LANES)));
        assert!(svg.contains("+6 more shards, not drawn"));
    }

    #[test]
    fn cursor_and_empty_lanes() {
        let svg = render_svg(
            &lanes(2),
            &LanesOptions {
                width: 600,
                at: Some(43_203_000),
            },
        )
        .unwrap();
        assert!(svg
            .lines()
            .any(|l| l.starts_with("<polyline") && l.contains(&hex(NOW))));
        let empty = Lanes {
            kind: "group".into(),
            bucket: 1_000,
            lanes: vec![Lane {
                name: "a".into(),
                ..Lane::default()
            }],
        };
        assert!(render_svg(&empty, &LanesOptions::default())
            .unwrap()
            .contains("0 delivered"));
        assert_eq!(shorten("abcdef", 4), "abc…");
        assert_eq!(
            (duration(250), duration(2_000), duration(120_000)),
            ("250 ms".into(), "2 s".into(), "2 min".into())
        );
    }

    #[test]
    fn too_small() {
        let mut svg = String::new();
        let area = SVGBackend::with_string(&mut svg, (100, 40)).into_drawing_area();
        assert!(matches!(
            draw(&area, &lanes(1), &LanesOptions::default()),
            Err(RenderError::TooSmall { .. })
        ));
    }
}
