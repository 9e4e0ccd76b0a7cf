//! Elements: a dot at (event time, arrival) with its value, a ring when it arrived behind the
//! watermark, a cross when it was dropped; past [`DENSE_EVENTS`](crate::scene::DENSE_EVENTS)
//! elements, a heat map of binned counts instead.

use crate::format;
use crate::frame::{Drawn, Frame};
use crate::scene::{Scene, LABELLED_EVENTS};
use crate::style::{mix, DENSITY, DROPPED, FONT, INK, KEYS, LATE_EVENT};
use plotters::drawing::DrawingAreaErrorKind;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Side of a heat-map cell in pixels.
pub(crate) const CELL: i32 = 4;

/// Where each drawn element dot is, in the plotting area's pixels: `(event index, x, y)`, and how
/// many element values were left out because no place beside their dot was free.
pub(crate) type Dots = (Vec<(usize, i32, i32)>, usize);

/// Whether two boxes `(left, top, right, bottom)` share pixels.
fn overlaps(a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Draws the elements that have arrived by the cursor. An element's value is written beside its
/// dot, above right, else above left, below right or below left, at the first place that runs
/// into no pane label (`taken`) and no value already written; with none free it is left out and
/// counted, and the count is written in the plot's lower right corner.
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene, taken: &[(i32, i32, i32, i32)]) -> Result<Dots, DrawingAreaErrorKind<DB::ErrorType>> {
    if scene.dense_events() {
        heat_map(frame, scene)?;
        return Ok((Vec::new(), 0));
    }
    let labels = scene.chart.events.len() <= LABELLED_EVENTS;
    let mut written: Vec<(i32, i32, i32, i32)> = taken.to_vec();
    let mut dots = Vec::new();
    let mut left_out = 0;
    for (i, e) in scene.arrived() {
        let (x, y) = frame.px(e.event_time, e.arrival);
        dots.push((i, x, y));
        let color = KEYS[if scene.per_key() {
            scene.lane(&e.key)
        } else {
            0
        }];
        frame.area.draw(&Circle::new((x, y), 3, color.filled()))?;
        if labels {
            let text = format::number(e.value);
            let font = (FONT, 10).into_font().color(&color);
            let (w, h) = frame.area.estimate_text_size(&text, &font)?;
            // A pixel of room around the text, so that neighbours do not touch.
            let (w, h) = (w as i32 + 2, h as i32 + 1);
            // Top-left corners of the four places, tried in order.
            let places = [(x + 4, y - 3 - h), (x - 4 - w, y - 3 - h), (x + 4, y + 3), (x - 4 - w, y + 3)];
            let inside = |(l, t): (i32, i32)| l >= 0 && t >= 0 && l + w <= frame.size.0 && t + h <= frame.size.1;
            let free = places.into_iter().map(|(l, t)| (l, t, l + w, t + h)).find(|&b| inside((b.0, b.1)) && !written.iter().any(|&o| overlaps(o, b)));
            match free {
                Some(b) => {
                    written.push(b);
                    let font = font.pos(Pos::new(HPos::Left, VPos::Bottom));
                    frame.area.draw(&Text::new(text, (b.0, b.3), font))?;
                }
                None => left_out += 1,
            }
        }
    }
    if left_out > 0 {
        let font = (FONT, 10).into_font().color(&INK.mix(0.7)).pos(Pos::new(HPos::Right, VPos::Bottom));
        let text = format!("{left_out} value{} not written (no room)", if left_out == 1 { "" } else { "s" });
        frame.area.draw(&Text::new(text, (frame.size.0 - 4, frame.size.1 - 3), font))?;
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
    Ok((dots, left_out))
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
