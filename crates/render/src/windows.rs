//! Window boundaries: vertical lines at the edges of fixed and sliding windows (from the window
//! function) and of session windows (from the panes' windows); the global window has none.

use crate::frame::{Drawn, Frame};
use crate::scale::Axis;
use crate::scene::Scene;
use crate::style::{HORIZON, WINDOW};
use plotters::prelude::*;
use std::collections::BTreeSet;
use windowpane_engine::window::window_start;
use windowpane_engine::{Window, WindowFn};

/// Most boundaries drawn; beyond this the windows are narrower than a few pixels and lines are left out.
const MAX_BOUNDARIES: usize = 400;

/// The event times of the window boundaries visible on `x`, ascending.
pub(crate) fn boundaries(scene: &Scene) -> BTreeSet<i64> {
    let x = scene.x;
    match scene.chart.pipeline.window {
        WindowFn::Global => BTreeSet::new(),
        WindowFn::Fixed { size, offset } => grid(&x, size, offset, 0),
        WindowFn::Sliding {
            size,
            period,
            offset,
        } => {
            let mut set = grid(&x, period, offset, 0);
            set.extend(grid(&x, period, offset, size));
            set
        }
        WindowFn::Sessions { .. } => scene
            .emitted()
            .flat_map(|p| p.window.start().into_iter().chain(p.window.end()))
            .filter(|t| x.contains(*t))
            .collect(),
    }
}

/// The instants `offset + shift + k * every` within `x`, or none when there would be too many.
fn grid(x: &Axis, every: i64, offset: i64, shift: i64) -> BTreeSet<i64> {
    if every <= 0 || (x.max - x.min) / every > MAX_BOUNDARIES as i64 {
        return BTreeSet::new();
    }
    let mut t = window_start(x.min, every, offset.saturating_add(shift));
    let mut set = BTreeSet::new();
    while t <= x.max {
        if t >= x.min {
            set.insert(t);
        }
        match t.checked_add(every) {
            Some(next) => t = next,
            None => break, // past i64::MAX, so past the axis
        }
    }
    set
}

/// Draws the boundaries as thin grey lines across the whole processing-time range.
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Drawn<DB> {
    let style = ShapeStyle::from(&WINDOW).stroke_width(1);
    for t in boundaries(scene) {
        let (px, _) = frame.px(t, scene.y.min);
        frame
            .area
            .draw(&PathElement::new(vec![(px, 0), (px, frame.size.1)], style))?;
    }
    Ok(())
}

/// The allowed-lateness horizon of each window that fired (figure 2-12 of Streaming Systems):
/// the processing time at which the watermark first passes the window's max timestamp plus the
/// allowed lateness, after which the window is garbage collected and its late elements are
/// dropped. As `(window start, window end, processing time)` in event time, for the windows whose
/// horizon has happened by the cursor and lies on the chart; none without allowed lateness.
pub(crate) fn horizons(scene: &Scene) -> Vec<(i64, i64, i64)> {
    let lateness = scene.chart.pipeline.allowed_lateness;
    if lateness <= 0 {
        return Vec::new();
    }
    let windows: BTreeSet<Window> = scene.emitted().map(|p| p.window).filter(|w| *w != Window::Global).collect();
    let mut out = Vec::new();
    for w in windows {
        let gc = w.max_timestamp().saturating_add(lateness);
        let Some(passed) = scene.chart.output.watermark.iter().find(|m| m.to > gc) else { continue };
        if scene.happened(passed.at) && scene.y.contains(passed.at) {
            let (start, end) = scene.extent(&w);
            out.push((start, end, passed.at));
        }
    }
    out
}

/// Draws each horizon as a thick line across its window at the processing time it is reached.
pub(crate) fn draw_horizons<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Drawn<DB> {
    let style = ShapeStyle::from(&HORIZON).stroke_width(2);
    for (start, end, at) in horizons(scene) {
        let (x0, y) = frame.px(start, at);
        let (x1, _) = frame.px(end, at);
        frame.area.draw(&PathElement::new(vec![(x0, y), (x1, y)], style))?;
    }
    Ok(())
}
