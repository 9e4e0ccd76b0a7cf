//! What a chart shows, decided once before drawing: axes, keys, the cursor, and how dense to draw.

use crate::scale::{bounds, Axis};
use crate::Chart;
use windowpane_engine::time::{NEG_INFINITY, POS_INFINITY};
use windowpane_engine::{Event, Pane, Window};

/// Above this many elements, the chart draws a density heat map instead of dots.
pub(crate) const DENSE_EVENTS: usize = 2_000;
/// Above this many panes, panes are drawn without labels.
pub(crate) const DENSE_PANES: usize = 1_000;
/// Above this many elements, dots are drawn without their values.
pub(crate) const LABELLED_EVENTS: usize = 300;
/// Up to this many keys, each key has its own colour and pane lane; above, keys are aggregated.
pub(crate) const MAX_KEYS: usize = 5;

/// The distinct keys, sorted. A set, not a sort of every element's key: a million elements
/// usually carry a handful of keys.
fn distinct_keys<'a>(keys: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut seen = std::collections::BTreeSet::new();
    let mut last = None;
    for k in keys {
        if last != Some(k) {
            seen.insert(k);
            last = Some(k);
        }
    }
    seen.into_iter().collect()
}

/// The decisions of one chart.
pub(crate) struct Scene<'a> {
    /// What to draw.
    pub chart: &'a Chart<'a>,
    /// The processing-time cursor.
    pub at: Option<i64>,
    /// Event time (across).
    pub x: Axis,
    /// Processing time (up).
    pub y: Axis,
    /// The distinct keys, sorted.
    pub keys: Vec<&'a str>,
}

impl<'a> Scene<'a> {
    /// Fits the axes to everything in the run (not only what the cursor shows), for an area of `size` pixels.
    pub fn new(chart: &'a Chart<'a>, at: Option<i64>, size: (u32, u32)) -> Scene<'a> {
        let out = chart.output;
        let windows = out
            .panes
            .iter()
            .map(|p| p.window)
            .chain(out.dropped.iter().map(|d| d.window));
        let window_edges = windows.flat_map(|w| w.start().into_iter().chain(w.end()));
        let mut xb = bounds(
            chart
                .events
                .iter()
                .map(|e| e.event_time)
                .chain(window_edges)
                .chain(out.dropped.iter().map(|d| d.event_time)),
        );
        if xb.is_none() {
            xb = bounds(
                out.watermark
                    .iter()
                    .map(|p| p.to)
                    .filter(|&t| t != NEG_INFINITY && t != POS_INFINITY),
            );
        }
        let yb = bounds(
            chart
                .events
                .iter()
                .map(|e| e.arrival)
                .chain(out.panes.iter().map(|p| p.emitted_at))
                .chain(out.watermark.iter().map(|p| p.at))
                .chain(at),
        );
        let x = Axis::fit(xb, (size.0 / 110).max(2));
        let mut y = Axis::fit(yb, (size.1 / 70).max(2));
        // Pane bands hang below their emission time: leave room under the earliest one, and
        // keep the last happenings off the top edge, where the watermark leaves at infinity.
        if let Some(first) = out.panes.iter().map(|p| p.emitted_at).min() {
            if first.saturating_sub(y.min) < y.step / 3 {
                y.min -= y.step;
            }
        }
        if let Some((_, last)) = yb {
            if y.max.saturating_sub(last) < y.step / 4 {
                y.max += y.step;
            }
        }
        let keys = distinct_keys(
            chart
                .events
                .iter()
                .map(|e| e.key.as_str())
                .chain(out.panes.iter().map(|p| p.key.as_str())),
        );
        Scene {
            chart,
            at,
            x,
            y,
            keys,
        }
    }

    /// Whether each key gets its own colour, lane and label prefix (2 to [`MAX_KEYS`] keys).
    pub fn per_key(&self) -> bool {
        (2..=MAX_KEYS).contains(&self.keys.len())
    }

    /// The lane of `key` (0 when keys are not drawn apart).
    pub fn lane(&self, key: &str) -> usize {
        if self.per_key() {
            self.keys.binary_search(&key).unwrap_or(0)
        } else {
            0
        }
    }

    /// Whether elements are drawn as a heat map.
    pub fn dense_events(&self) -> bool {
        self.chart.events.len() > DENSE_EVENTS
    }

    /// Whether panes carry their value.
    pub fn pane_labels(&self) -> bool {
        self.chart.output.panes.len() <= DENSE_PANES
    }

    /// Whether something at processing time `t` has happened by the cursor.
    pub fn happened(&self, t: i64) -> bool {
        !matches!(self.at, Some(at) if t > at)
    }

    /// The elements that have arrived by the cursor, with their indices.
    pub fn arrived(&self) -> impl Iterator<Item = (usize, &'a Event)> + '_ {
        self.chart
            .events
            .iter()
            .enumerate()
            .filter(|(_, e)| self.happened(e.arrival))
    }

    /// The panes emitted by the cursor, with their indices in the output.
    pub fn emitted_indexed(&self) -> impl Iterator<Item = (usize, &'a Pane)> + '_ {
        self.chart
            .output
            .panes
            .iter()
            .enumerate()
            .filter(|(_, p)| self.happened(p.emitted_at))
    }

    /// The panes emitted by the cursor.
    pub fn emitted(&self) -> impl Iterator<Item = &'a Pane> + '_ {
        self.chart
            .output
            .panes
            .iter()
            .filter(|p| self.happened(p.emitted_at))
    }

    /// The event-time extent of `w` on the chart (the global window spans it).
    pub fn extent(&self, w: &Window) -> (i64, i64) {
        match *w {
            Window::Global => (self.x.min, self.x.max),
            Window::Interval { start, end } => (self.x.clamp(start), self.x.clamp(end)),
        }
    }
}
