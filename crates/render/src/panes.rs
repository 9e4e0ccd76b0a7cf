//! Panes: a band spanning the pane's window in event time, hanging from its emission time,
//! coloured by timing and labelled with its value; retractions are hatched and show the value negated.
//! Panes that would cover each other get rows: per key, per overlapping sliding window, and
//! retraction below refinement; with many keys, simultaneous panes of a window are drawn as one.

use crate::format;
use crate::frame::{Drawn, Frame};
use plotters::drawing::DrawingAreaErrorKind;
use crate::scene::{Scene, LABELLED_EVENTS, MAX_KEYS};
use crate::style::{timing_color, FONT, INK, PANE_BAND, RETRACTION};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::collections::btree_map::{BTreeMap, Entry};
use windowpane_engine::{Pane, Timing, Window, WindowFn};

/// Distance between hatch lines of a retraction, in pixels.
const HATCH: i32 = 5;

/// Most rows a window phase of sliding windows gets; further phases share rows.
const MAX_PHASES: i64 = 6;

/// The row of a pane's band below its emission time. Rows nest: key lane (up to
/// [`MAX_KEYS`](crate::scene::MAX_KEYS) keys), then the phase of overlapping sliding windows
/// (windows that overlap never share a row), then retraction below refinement when the run has
/// retractions (lower is earlier: the retraction is emitted just before its refinement).
pub(crate) fn row(scene: &Scene, pane: &Pane, retractions: bool) -> i32 {
    // `windows_per_element` rounds up without overflowing for sizes near i64::MAX.
    let phases = scene.chart.pipeline.window.windows_per_element().clamp(1, MAX_PHASES);
    let phase = match (&scene.chart.pipeline.window, pane.window) {
        (&WindowFn::Sliding { period, offset, .. }, Window::Interval { start, .. })
            if period > 0 =>
        {
            // In i128: `start - offset` overflows i64 for a start clamped at minus infinity.
            (i128::from(start) - i128::from(offset)).div_euclid(i128::from(period)).rem_euclid(i128::from(phases)) as i64
        }
        _ => 0,
    };
    let lane = scene.lane(&pane.key) as i64 * phases + phase;
    (lane * if retractions { 2 } else { 1 } + i64::from(retractions && pane.retraction)) as i32
}

/// The pixel box of a pane: `(left, top, right, bottom)`, hanging from its emission time in
/// its [`row`], clamped into the plotting area.
pub(crate) fn pane_box<DB: DrawingBackend>(
    frame: &Frame<DB>,
    scene: &Scene,
    pane: &Pane,
    retractions: bool,
) -> (i32, i32, i32, i32) {
    let (start, end) = scene.extent(&pane.window);
    let (x0, top) = frame.px(start, pane.emitted_at);
    let (x1, _) = frame.px(end, pane.emitted_at);
    let top = (top + row(scene, pane, retractions) * PANE_BAND).min(frame.size.1 - PANE_BAND);
    (x0 + 1, top, (x1 - 1).max(x0 + 2), top + PANE_BAND)
}

/// The text in a pane's band, for a group of `count` panes drawn as one.
pub(crate) fn label(scene: &Scene, pane: &Pane, count: usize) -> String {
    if count > 1 {
        return format!("{count} panes");
    }
    let value = if pane.retraction {
        format::retraction(&pane.value)
    } else {
        format::value(&pane.value)
    };
    if scene.per_key() {
        format!("{}: {value}", pane.key)
    } else {
        value
    }
}

/// A pane drawn as one box: the pane (the first of its group), its index in the output and the
/// number of panes it stands for.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Group<'a> {
    /// Index of the pane in the output's panes.
    pub index: usize,
    /// The pane.
    pub pane: &'a Pane,
    /// How many panes the box stands for (one, or one per key with many keys).
    pub count: usize,
}

/// Where the pane layer put a box, in the plotting area's pixels.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Placed {
    /// Index of the pane (the first of its group) in the output's panes.
    pub index: usize,
    /// How many panes the box stands for.
    pub count: usize,
    /// `(left, top, right, bottom)`.
    pub rect: (i32, i32, i32, i32),
    /// The box of its label's text, when the label was written.
    pub label: Option<(i32, i32, i32, i32)>,
}

/// The panes emitted by the cursor, in emission order, each with the number of panes it stands
/// for. With more keys than [`MAX_KEYS`](crate::scene::MAX_KEYS), panes of one window with the
/// same emission time, timing and retraction flag (one per key) are drawn as one.
pub(crate) fn groups<'a>(scene: &Scene<'a>) -> Vec<Group<'a>> {
    if scene.keys.len() <= MAX_KEYS {
        return scene.emitted_indexed().map(|(index, pane)| Group { index, pane, count: 1 }).collect();
    }
    let mut out: Vec<Group> = Vec::new();
    let mut index: BTreeMap<(Window, i64, u8, bool), usize> = BTreeMap::new();
    for (i, p) in scene.emitted_indexed() {
        let timing = match p.timing {
            Timing::Early => 0,
            Timing::OnTime => 1,
            Timing::Late => 2,
        };
        match index.entry((p.window, p.emitted_at, timing, p.retraction)) {
            Entry::Occupied(e) => out[*e.get()].count += 1,
            Entry::Vacant(e) => {
                e.insert(out.len());
                out.push(Group { index: i, pane: p, count: 1 });
            }
        }
    }
    out
}

/// The boxes of the panes emitted by the cursor, as [`draw`] places them (stacked), with their groups.
pub(crate) fn placed<'a, DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene<'a>) -> (Vec<Group<'a>>, Vec<(i32, i32, i32, i32)>) {
    let retractions = scene.chart.output.panes.iter().any(|p| p.retraction);
    let groups = groups(scene);
    let mut boxes: Vec<_> = groups.iter().map(|g| pane_box(frame, scene, g.pane, retractions)).collect();
    stack(&groups, &mut boxes);
    (groups, boxes)
}

/// Draws the panes emitted by the cursor, in emission order (later panes on top). Of panes
/// whose boxes land on the same pixels in the same colour, only the last is drawn: filling the
/// same box again only darkens it, and the page benchmark's 739 pane boxes at 10,000 events land
/// on 68 distinct ones, its 116,390 at a million on 652 (`windowpane render --width 830
/// --height 456`, the page's chart size). A label that a later pane's label would be
/// written over is left out (see [`unreadable`]).
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Result<Vec<Placed>, DrawingAreaErrorKind<DB::ErrorType>> {
    let labels = scene.pane_labels();
    let (groups, boxes) = placed(frame, scene);
    let hidden = if labels { unreadable(&boxes) } else { Vec::new() };
    let look = |i: usize| {
        let pane = groups[i].pane;
        (boxes[i], pane.timing as u8, pane.retraction)
    };
    let last: std::collections::HashMap<_, usize> = (0..groups.len()).map(|i| (look(i), i)).collect();
    let centred = |ink: &RGBColor| {
        (FONT, 12)
            .into_font()
            .color(ink)
            .pos(Pos::new(HPos::Center, VPos::Center))
    };
    let (ink_font, retraction_font) = (centred(&INK), centred(&RETRACTION));
    // Where the element dots will be, so that a label steps aside from a dot in its band.
    let dots: Vec<(i32, i32)> = if labels && scene.chart.events.len() <= LABELLED_EVENTS {
        scene.arrived().map(|(_, e)| frame.px(e.event_time, e.arrival)).collect()
    } else {
        Vec::new()
    };
    let mut out = Vec::with_capacity(groups.len());
    for (i, (g, &(x0, y0, x1, y1))) in groups.iter().zip(&boxes).enumerate() {
        let mut placed = Placed { index: g.index, count: g.count, rect: (x0, y0, x1, y1), label: None };
        if last[&look(i)] != i {
            out.push(placed);
            continue; // drawn again later on the same pixels (its label, if any, is left out too)
        }
        let pane = g.pane;
        let color = if pane.retraction {
            RETRACTION
        } else {
            timing_color(pane.timing)
        };
        if pane.retraction {
            hatch(frame, (x0, y0, x1, y1))?;
        } else {
            frame.area.draw(&Rectangle::new(
                [(x0, y0), (x1, y1)],
                color.mix(0.35).filled(),
            ))?;
        }
        frame.area.draw(&Rectangle::new(
            [(x0, y0), (x1, y1)],
            ShapeStyle::from(&color).stroke_width(1),
        ))?;
        if labels && !hidden[i] {
            let font = if pane.retraction { &retraction_font } else { &ink_font };
            let text = label(scene, pane, g.count);
            let (w, h) = frame.area.estimate_text_size(&text, font)?;
            let (w, h) = (w as i32, h as i32);
            let cy = (y0 + y1) / 2;
            let cx = label_x(&dots, (x0, x1), cy, (w, h));
            placed.label = Some((cx - w / 2, cy - h / 2, cx + (w + 1) / 2, cy + (h + 1) / 2));
            frame.area.draw(&Text::new(text, (cx, cy), font.clone()))?;
        }
        out.push(placed);
    }
    Ok(out)
}

/// The centre of a label `size` wide and high in a band spanning `x0..x1` at height `cy`: the
/// middle, unless an element's dot (of `dots`) would sit on the text there; then the first of a
/// few places further left or right, inside the band, that no dot touches (else the middle).
fn label_x(dots: &[(i32, i32)], (x0, x1): (i32, i32), cy: i32, (w, h): (i32, i32)) -> i32 {
    let mid = (x0 + x1) / 2;
    let free = |cx: i32| {
        !dots.iter().any(|&(x, y)| (x - cx).abs() <= w / 2 + 5 && (y - cy).abs() <= h / 2 + 4)
    };
    let (lo, hi) = (x0 + w / 2 + 3, x1 - w / 2 - 3);
    if free(mid) || lo > hi {
        return mid;
    }
    let step = w / 2 + 8;
    (1..=4)
        .flat_map(|k| [mid - k * step, mid + k * step])
        .filter(|&cx| (lo..=hi).contains(&cx))
        .find(|&cx| free(cx))
        .unwrap_or(mid)
}

/// Moves a pane's box up, just above the box of its window's previous pane, where the two would
/// overlap and their timings differ: an EARLY pane, the ON_TIME pane a second later and a LATE
/// pane soon after (figures 2-11 and 2-12), or a pane and its window's next one in discarding
/// mode, are then boxes with their own labels instead of one, whatever the scale. A box moves by
/// one box height above the previous one, at most [`MAX_STACK`] boxes in a row: a run of many
/// close panes of one timing stays where it is (its labels are thinned by [`unreadable`]), so
/// nothing towers out of the chart.
pub(crate) fn stack(groups: &[Group], boxes: &mut [(i32, i32, i32, i32)]) {
    // Per window: the last pane's position in `groups`, and how many boxes in a row moved.
    let mut previous: std::collections::HashMap<(&str, Window, bool), (usize, usize)> = std::collections::HashMap::new();
    for i in 0..groups.len() {
        let pane = groups[i].pane;
        let column = (pane.key.as_str(), pane.window, pane.retraction);
        let mut moved = 0;
        if let Some(&(j, j_moved)) = previous.get(&column) {
            let (prev, this) = (boxes[j], boxes[i]);
            let overlap = this.1 < prev.3 && this.3 > prev.1;
            if overlap && j_moved < MAX_STACK && groups[j].pane.timing != pane.timing && prev.1 - PANE_BAND >= 0 {
                boxes[i] = (this.0, prev.1 - PANE_BAND, this.2, prev.1);
                moved = j_moved + 1;
            }
        }
        previous.insert(column, (i, moved));
    }
}

/// Most boxes of one window moved up in a row by [`stack`] (EARLY, ON_TIME, LATE: two moves).
const MAX_STACK: usize = 2;

/// Least vertical distance between the centres of two labels in one column, in pixels, for
/// both to be read (the labels' text is 12 pixels high, digits about 9).
const LABEL_GAP: i32 = 8;

/// For each box (in drawing order), whether its label would be written over by the label of a
/// box drawn later in the same column (same left and right edges) less than [`LABEL_GAP`]
/// pixels above or below: two labels there are one smudge. Only the topmost, the one on top,
/// is written; in a sparse chart every label is.
pub(crate) fn unreadable(boxes: &[(i32, i32, i32, i32)]) -> Vec<bool> {
    let mut later: std::collections::HashMap<(i32, i32), Vec<i32>> = std::collections::HashMap::new();
    let mut hidden = vec![false; boxes.len()];
    for (i, &(x0, y0, x1, y1)) in boxes.iter().enumerate().rev() {
        let centre = (y0 + y1) / 2;
        let column = later.entry((x0, x1)).or_default();
        hidden[i] = column.iter().any(|&c| (c - centre).abs() < LABEL_GAP);
        column.push(centre);
    }
    hidden
}

/// Diagonal lines across a box, clipped to it.
fn hatch<DB: DrawingBackend>(
    frame: &Frame<DB>,
    (x0, y0, x1, y1): (i32, i32, i32, i32),
) -> Drawn<DB> {
    let h = y1 - y0;
    let style = ShapeStyle::from(&RETRACTION.mix(0.6)).stroke_width(1);
    let mut i = x0 - h;
    while i < x1 {
        // The line from (i, y1) to (i + h, y0), clipped to x0..=x1.
        let (xa, xb) = (i.max(x0), (i + h).min(x1));
        if xa < xb {
            frame.area.draw(&PathElement::new(
                vec![(xa, y1 - (xa - i)), (xb, y1 - (xb - i))],
                style,
            ))?;
        }
        i += HATCH;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::{label_x, unreadable};

    #[test]
    fn a_label_steps_aside_from_a_dot_in_its_band() {
        // A band 0..200 at height 50, a label 20 x 12: in the middle unless a dot is there.
        assert_eq!(label_x(&[], (0, 200), 50, (20, 12)), 100);
        assert_eq!(label_x(&[(100, 300)], (0, 200), 50, (20, 12)), 100, "a dot elsewhere");
        let x = label_x(&[(104, 52)], (0, 200), 50, (20, 12));
        assert!((x - 104).abs() > 15 && (13..=187).contains(&x), "moved to {x}");
        // A band too narrow to move in keeps its middle.
        assert_eq!(label_x(&[(10, 50)], (0, 24), 50, (20, 12)), 12);
    }

    #[test]
    fn a_label_under_a_later_label_is_left_out() {
        // Column (10, 50): a box at 100 written over by one 5 px higher; 20 px higher is readable.
        // Another column at the same height is not in the way.
        let boxes = [(10, 100, 50, 116), (10, 95, 50, 111), (10, 80, 50, 96), (60, 95, 90, 111)];
        assert_eq!(unreadable(&boxes), vec![true, false, false, false]);
        // 8 px apart (the fixed example's on-time and late panes are 9 apart): both readable.
        assert_eq!(unreadable(&[(0, 100, 9, 116), (0, 92, 9, 108)]), vec![false, false]);
        assert_eq!(unreadable(&[(0, 100, 9, 116), (0, 93, 9, 109)]), vec![true, false]);
    }
}
