//! Marks of a comparison with another run over the same events: a pane of this run that differs
//! from its partner (value, timing or emission time), a pane with no partner, and an outline
//! where the other run emitted a pane that this run has not. The comparison itself is computed
//! elsewhere (the compare crate); this layer only draws what it is given. Also the selection: the
//! pane the reader asked about, outlined, with its elements ringed.

use crate::frame::{Drawn, Frame};
use crate::panes::{pane_box, Placed};
use crate::scene::Scene;
use crate::style::{COMPARE, FONT, SELECTED};
use crate::Chart;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;
use windowpane_engine::{AccumulationMode, Cause, Pane, Window};

/// One mark of a comparison on this run's chart.
#[derive(Clone, Debug, PartialEq)]
pub enum Mark {
    /// Pane `index` of this run differs from its partner in the other run.
    Differs {
        /// The pane's index in this run's panes.
        index: usize,
        /// The values differ.
        value: bool,
        /// The emission times differ (panes are paired within a timing, EARLY / ON_TIME / LATE).
        timing: bool,
    },
    /// Pane `index` of this run has no partner in the other run.
    Only {
        /// The pane's index in this run's panes.
        index: usize,
    },
    /// The other run emitted this pane and this run has no partner for it: an empty outline
    /// where it would hang.
    Missing {
        /// The other run's pane.
        pane: Pane,
    },
    /// Pane `index` of this run is selected (the reader asked why it fired): outlined, and its
    /// elements ringed ([`elements`]).
    Selected {
        /// The pane's index in this run's panes.
        index: usize,
    },
}

impl Mark {
    /// The tag written next to the mark.
    pub fn tag(&self) -> &'static str {
        match self {
            Mark::Differs { value: true, timing: true, .. } => "≠ value, time",
            Mark::Differs { value: true, .. } => "≠ value",
            Mark::Differs { .. } => "≠ time",
            Mark::Only { .. } => "only here",
            Mark::Missing { .. } => "missing here",
            Mark::Selected { .. } => "",
        }
    }
}

/// The elements pane `index` of the chart's run was computed from, as the chart rings them: the
/// events of its key whose event time lies in its window, that were in the window by the pane's
/// emission (an arrival at that instant is, unless a processing-time timer fired the pane, as
/// timers go first) and were not dropped from it; in discarding mode only those since the
/// window's previous pane. A retraction's are those of the pane it withdraws. Empty for an index
/// out of range.
///
/// ```
/// use windowpane_engine::*;
/// use windowpane_render::{elements, Chart};
/// let events = vec![
///     Event { key: "k".into(), value: 1.0, event_time: 10, arrival: 20 },
///     Event { key: "k".into(), value: 2.0, event_time: 70, arrival: 30 },
///     Event { key: "k".into(), value: 3.0, event_time: 20, arrival: 40 },
/// ];
/// let p = Pipeline::new(WindowFn::Fixed { size: 60, offset: 0 });
/// let output = run(&p, &Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: Some(100) });
/// let chart = Chart { events: &events, pipeline: &p, output: &output, title: None };
/// let first = output.panes.iter().position(|p| p.window == Window::Interval { start: 0, end: 60 }).unwrap();
/// assert_eq!(elements(&chart, first), vec![0, 2]);
/// ```
pub fn elements(chart: &Chart, index: usize) -> Vec<usize> {
    let panes = &chart.output.panes;
    let Some(pane) = panes.get(index) else { return Vec::new() };
    let same = |p: &Pane| p.key == pane.key && p.window == pane.window && !p.retraction;
    // The pane whose elements are shown: a retraction withdraws the window's previous pane.
    let (shown, upto) = if pane.retraction {
        match panes[..index].iter().enumerate().rev().find(|(_, p)| same(p)) {
            Some((j, p)) => (j, p),
            None => return Vec::new(),
        }
    } else {
        (index, pane)
    };
    let inside = |p: &Pane, arrival: i64| arrival < p.emitted_at || (arrival == p.emitted_at && p.cause != Cause::ProcessingTime);
    let since = match chart.pipeline.accumulation {
        AccumulationMode::Discarding => panes[..shown].iter().rev().find(|p| same(p)),
        _ => None,
    };
    let in_window = |t: i64| match upto.window {
        Window::Global => true,
        Window::Interval { start, end } => start <= t && t < end,
    };
    let dropped: std::collections::BTreeSet<usize> =
        chart.output.dropped.iter().filter(|d| d.window == upto.window).map(|d| d.event).collect();
    chart
        .events
        .iter()
        .enumerate()
        .filter(|(i, e)| {
            e.key == upto.key
                && in_window(e.event_time)
                && inside(upto, e.arrival)
                && since.is_none_or(|p| !inside(p, e.arrival))
                && !dropped.contains(i)
        })
        .map(|(i, _)| i)
        .collect()
}

/// Draws the marks of the panes emitted by the cursor, around the boxes where the pane layer
/// `placed` them.
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene, marks: &[Mark], placed: &[Placed]) -> Drawn<DB> {
    if marks.is_empty() {
        return Ok(());
    }
    let retractions = scene.chart.output.panes.iter().any(|p| p.retraction);
    let placed: HashMap<usize, (i32, i32, i32, i32)> = placed.iter().map(|p| (p.index, p.rect)).collect();
    let panes = &scene.chart.output.panes;
    let font = (FONT, 11).into_font().color(&COMPARE).pos(Pos::new(HPos::Left, VPos::Bottom));
    let (w, h) = frame.size;
    for mark in marks {
        let (pane, placed_box) = match mark {
            Mark::Differs { index, .. } | Mark::Only { index } | Mark::Selected { index } => {
                let Some(p) = panes.get(*index) else { continue };
                (p, placed.get(index).copied())
            }
            Mark::Missing { pane } => (pane, None),
        };
        if !scene.happened(pane.emitted_at) {
            continue;
        }
        let (x0, y0, x1, y1) = placed_box.unwrap_or_else(|| pane_box(frame, scene, pane, retractions));
        let clamp = |v: i32, hi: i32| v.clamp(0, hi.max(0));
        if let Mark::Selected { index } = mark {
            selected(frame, scene, *index, (clamp(x0 - 2, w), clamp(y0 - 2, h), clamp(x1 + 2, w), clamp(y1 + 2, h)))?;
            continue;
        }
        let (x0, x1) = (clamp(x0 - 3, w), clamp(x1 + 3, w));
        let (y0, y1) = (clamp(y0 - 3, h), clamp(y1 + 3, h));
        let width = if matches!(mark, Mark::Missing { .. }) { 1 } else { 3 };
        frame.area.draw(&Rectangle::new([(x0, y0), (x1, y1)], ShapeStyle::from(&COMPARE).stroke_width(width)))?;
        if let Mark::Missing { .. } = mark {
            // A second, inner outline: an empty box reads as "a pane is missing here".
            frame.area.draw(&Rectangle::new([(x0 + 3, y0 + 3), (x1 - 3, y1 - 3)], ShapeStyle::from(&COMPARE.mix(0.5)).stroke_width(1)))?;
        }
        frame.area.draw(&Text::new(mark.tag(), (x0, (y0 - 1).max(11)), font.clone()))?;
    }
    Ok(())
}

/// The selection: a thick outline around the pane's box, a ring around each of its elements
/// that has arrived by the cursor, and a thin line from each ring to the box.
fn selected<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene, index: usize, (x0, y0, x1, y1): (i32, i32, i32, i32)) -> Drawn<DB> {
    // Three nested one-pixel outlines: a thick one on every backend (an SVG rect has no stroke width).
    let style = ShapeStyle::from(&SELECTED).stroke_width(1);
    for d in 0..3 {
        frame.area.draw(&Rectangle::new([(x0 - d, y0 - d), (x1 + d, y1 + d)], style))?;
    }
    let thin = ShapeStyle::from(&SELECTED.mix(0.45)).stroke_width(1);
    for i in elements(scene.chart, index) {
        let e = &scene.chart.events[i];
        if !scene.happened(e.arrival) {
            continue;
        }
        let (x, y) = frame.px(e.event_time, e.arrival);
        let to = (x.clamp(x0, x1), if y > y1 { y1 } else { y0 });
        if y > y1 + 8 || y < y0 - 8 {
            frame.area.draw(&PathElement::new(vec![(x, if y > y1 { y - 7 } else { y + 7 }), to], thin))?;
        }
        frame.area.draw(&Circle::new((x, y), 7, ShapeStyle::from(&SELECTED).stroke_width(2)))?;
    }
    Ok(())
}
