//! Panes: a band spanning the pane's window in event time, hanging from its emission time,
//! coloured by timing and labelled with its value; retractions are hatched and show the value negated.

use crate::format;
use crate::frame::{Drawn, Frame};
use crate::scene::Scene;
use crate::style::{timing_color, FONT, INK, PANE_BAND, RETRACTION};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use windowpane_engine::Pane;

/// Distance between hatch lines of a retraction, in pixels.
const HATCH: i32 = 5;

/// The pixel box of a pane: `(left, top, right, bottom)`, clamped into the plotting area.
///
/// Bands hang below the emission time, one row per key lane. When the run has retractions,
/// each lane has two rows: the refinement on top, the retraction emitted just before it below
/// (lower is earlier in processing time).
pub(crate) fn pane_box<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene, pane: &Pane, retractions: bool) -> (i32, i32, i32, i32) {
    let (start, end) = scene.extent(&pane.window);
    let (x0, top) = frame.px(start, pane.emitted_at);
    let (x1, _) = frame.px(end, pane.emitted_at);
    let rows = if retractions { 2 } else { 1 };
    let row = scene.lane(&pane.key) as i32 * rows + i32::from(pane.retraction);
    let top = (top + row * PANE_BAND).min(frame.size.1 - PANE_BAND);
    (x0 + 1, top, (x1 - 1).max(x0 + 2), top + PANE_BAND)
}

/// The text in a pane's band.
pub(crate) fn label(scene: &Scene, pane: &Pane) -> String {
    let value = if pane.retraction { format::retraction(&pane.value) } else { format::value(&pane.value) };
    if scene.per_key() {
        format!("{}: {value}", pane.key)
    } else {
        value
    }
}

/// Draws every pane emitted by the cursor, in emission order (later panes on top).
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Drawn<DB> {
    let labels = scene.pane_labels();
    let retractions = scene.chart.output.panes.iter().any(|p| p.retraction);
    for pane in scene.emitted() {
        let (x0, y0, x1, y1) = pane_box(frame, scene, pane, retractions);
        let color = if pane.retraction { RETRACTION } else { timing_color(pane.timing) };
        if pane.retraction {
            hatch(frame, (x0, y0, x1, y1))?;
        } else {
            frame.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], color.mix(0.35).filled()))?;
        }
        frame.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], ShapeStyle::from(&color).stroke_width(1)))?;
        if labels {
            let ink = if pane.retraction { RETRACTION } else { INK };
            let font = (FONT, 12).into_font().color(&ink).pos(Pos::new(HPos::Center, VPos::Center));
            frame.area.draw(&Text::new(label(scene, pane), ((x0 + x1) / 2, (y0 + y1) / 2), font))?;
        }
    }
    Ok(())
}

/// Diagonal lines across a box, clipped to it.
fn hatch<DB: DrawingBackend>(frame: &Frame<DB>, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> Drawn<DB> {
    let h = y1 - y0;
    let style = ShapeStyle::from(&RETRACTION.mix(0.6)).stroke_width(1);
    let mut i = x0 - h;
    while i < x1 {
        // The line from (i, y1) to (i + h, y0), clipped to x0..=x1.
        let (xa, xb) = (i.max(x0), (i + h).min(x1));
        if xa < xb {
            frame.area.draw(&PathElement::new(vec![(xa, y1 - (xa - i)), (xb, y1 - (xb - i))], style))?;
        }
        i += HATCH;
    }
    Ok(())
}
