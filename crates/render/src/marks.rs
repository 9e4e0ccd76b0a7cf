//! Marks of a comparison with another run over the same events: a pane of this run that differs
//! from its partner (value, timing or emission time), a pane with no partner, and an outline
//! where the other run emitted a pane that this run has not. The comparison itself is computed
//! elsewhere (the compare crate); this layer only draws what it is given.

use crate::frame::{Drawn, Frame};
use crate::panes::{groups, pane_box, stack};
use crate::scene::Scene;
use crate::style::{COMPARE, FONT};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::HashMap;
use windowpane_engine::Pane;

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
        }
    }
}

/// Draws the marks of the panes emitted by the cursor.
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene, marks: &[Mark]) -> Drawn<DB> {
    if marks.is_empty() {
        return Ok(());
    }
    let retractions = scene.chart.output.panes.iter().any(|p| p.retraction);
    // The boxes as the pane layer placed them (stacked), by pane address.
    let groups = groups(scene);
    let mut boxes: Vec<_> = groups.iter().map(|(pane, _)| pane_box(frame, scene, pane, retractions)).collect();
    stack(&groups, &mut boxes);
    let placed: HashMap<usize, (i32, i32, i32, i32)> =
        groups.iter().zip(&boxes).map(|((p, _), b)| (*p as *const Pane as usize, *b)).collect();
    let panes = &scene.chart.output.panes;
    let font = (FONT, 11).into_font().color(&COMPARE).pos(Pos::new(HPos::Left, VPos::Bottom));
    let (w, h) = frame.size;
    for mark in marks {
        let (pane, placed_box) = match mark {
            Mark::Differs { index, .. } | Mark::Only { index } => {
                let Some(p) = panes.get(*index) else { continue };
                (p, placed.get(&(p as *const Pane as usize)).copied())
            }
            Mark::Missing { pane } => (pane, None),
        };
        if !scene.happened(pane.emitted_at) {
            continue;
        }
        let (x0, y0, x1, y1) = placed_box.unwrap_or_else(|| pane_box(frame, scene, pane, retractions));
        let clamp = |v: i32, hi: i32| v.clamp(0, hi.max(0));
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
