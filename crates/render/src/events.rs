//! Elements: a dot at (event time, arrival) with its value, a ring when it arrived behind the
//! watermark, a cross when it was dropped; past [`DENSE_EVENTS`](crate::scene::DENSE_EVENTS)
//! elements, a heat map of binned counts instead.

use crate::format;
use crate::frame::{Drawn, Frame};
use crate::scene::{Scene, LABELLED_EVENTS};
use crate::style::{mix, DENSITY, DROPPED, FONT, KEYS, LATE_EVENT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Side of a heat-map cell in pixels.
pub(crate) const CELL: i32 = 4;

/// Draws the elements that have arrived by the cursor.
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Drawn<DB> {
    if scene.dense_events() {
        return heat_map(frame, scene);
    }
    let labels = scene.chart.events.len() <= LABELLED_EVENTS;
    for (_, e) in scene.arrived() {
        let (x, y) = frame.px(e.event_time, e.arrival);
        let color = KEYS[if scene.per_key() {
            scene.lane(&e.key)
        } else {
            0
        }];
        frame.area.draw(&Circle::new((x, y), 3, color.filled()))?;
        if labels {
            let font = (FONT, 10)
                .into_font()
                .color(&color)
                .pos(Pos::new(HPos::Left, VPos::Bottom));
            frame
                .area
                .draw(&Text::new(format::number(e.value), (x + 4, y - 3), font))?;
        }
    }
    let out = scene.chart.output;
    for &i in &out.late_events {
        let Some(e) = scene.chart.events.get(i) else {
            continue;
        };
        if scene.happened(e.arrival) {
            let ring = ShapeStyle::from(&LATE_EVENT).stroke_width(2);
            frame
                .area
                .draw(&Circle::new(frame.px(e.event_time, e.arrival), 6, ring))?;
        }
    }
    // An element can be dropped from several (sliding) windows: cross it out once.
    let mut crossed = std::collections::BTreeSet::new();
    for d in out.dropped.iter().filter(|d| scene.happened(d.arrival)) {
        if !crossed.insert(d.event) {
            continue;
        }
        let style = ShapeStyle::from(&DROPPED).stroke_width(2);
        frame
            .area
            .draw(&Cross::new(frame.px(d.event_time, d.arrival), 5, style))?;
    }
    Ok(())
}

/// Counts of arrived elements per `CELL`-pixel cell, row-major, and the number of columns.
pub(crate) fn bin<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> (Vec<u32>, usize) {
    let cols = (frame.size.0 / CELL + 1) as usize;
    let rows = (frame.size.1 / CELL + 1) as usize;
    let mut counts = vec![0u32; cols * rows];
    for (_, e) in scene.arrived() {
        let (x, y) = frame.px(e.event_time, e.arrival);
        let (c, r) = ((x.max(0) / CELL) as usize, (y.max(0) / CELL) as usize);
        counts[r.min(rows - 1) * cols + c.min(cols - 1)] += 1;
    }
    (counts, cols)
}

/// The colour of each non-empty bin, darker for more elements (log scale), with its index.
fn shades(counts: &[u32]) -> impl Iterator<Item = (usize, RGBColor)> + '_ {
    let max = counts.iter().copied().max().unwrap_or(0);
    let scale = f64::from(max).ln_1p();
    counts.iter().enumerate().filter(|(_, &n)| n > 0).map(move |(i, &n)| {
        let t = if scale > 0.0 {
            f64::from(n).ln_1p() / scale
        } else {
            1.0
        };
        (i, mix(DENSITY.0, DENSITY.1, 0.15 + 0.85 * t))
    })
}

/// The heat map as one RGBA image of one pixel per cell (for [`crate::draw_with`]).
pub(crate) fn heat_map_image<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> crate::HeatMap {
    let (counts, cols) = bin(frame, scene);
    let rows = counts.len() / cols;
    let mut rgba = vec![0u8; counts.len() * 4];
    for (i, color) in shades(&counts) {
        rgba[i * 4..i * 4 + 4].copy_from_slice(&[color.0, color.1, color.2, 255]);
    }
    let (x, y) = frame.origin;
    crate::HeatMap {
        x,
        y,
        cols: cols as u32,
        rows: rows as u32,
        cell: CELL as u32,
        rgba,
        clip: crate::PlotRect {
            x,
            y,
            width: frame.size.0,
            height: frame.size.1,
        },
    }
}

/// One filled cell per non-empty bin, darker for more elements (log scale).
fn heat_map<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Drawn<DB> {
    let (counts, cols) = bin(frame, scene);
    for (i, color) in shades(&counts) {
        let (c, r) = ((i % cols) as i32, (i / cols) as i32);
        let (x0, y0) = (c * CELL, r * CELL);
        frame.area.draw(&Rectangle::new(
            [(x0, y0), (x0 + CELL, y0 + CELL)],
            color.filled(),
        ))?;
    }
    Ok(())
}
