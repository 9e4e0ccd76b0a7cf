//! What the chart drew where, in the drawing's pixels (y downwards): the boxes of the panes, the
//! element dots and the watermark's path, as the layers placed them. A page asks it what is under
//! the pointer ([`Drawing::hit`]) and where a pane is (for keyboard focus), instead of working
//! the geometry out again.

use crate::{Chart, ChartLayout, PlotRect};
use windowpane_engine::{explain, Window, WindowFn};

/// The chart as drawn: its layout and where each thing went.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Drawing {
    /// The plot area and its time ranges.
    pub layout: ChartLayout,
    /// Each pane box drawn, in drawing order (later ones on top).
    pub panes: Vec<PaneBox>,
    /// Each element dot drawn: `(event index, x, y)`. Empty when the elements are a heat map.
    pub dots: Vec<(usize, i32, i32)>,
    /// The watermark's path as drawn, as pixel points.
    pub watermark: Vec<(i32, i32)>,
    /// Element values left out for want of room beside their dot.
    pub values_left_out: usize,
}

/// One pane box on the chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PaneBox {
    /// The index of the pane in the run's panes (the first of the panes the box stands for).
    pub pane: usize,
    /// How many panes the box stands for (more than one: one per key of many keys).
    pub count: usize,
    /// The box.
    pub rect: PlotRect,
}

/// What is under a point of the chart.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Hit {
    /// An element's dot.
    Event {
        /// The event's index.
        index: usize,
    },
    /// A pane's box.
    Pane(PaneBox),
    /// The watermark line, at processing time `at`, where the watermark is `to`.
    Watermark {
        /// The processing time under the point.
        at: i64,
        /// The input watermark then.
        to: i64,
    },
    /// The plot, over the windows that hold the event time under the point.
    Windows {
        /// The event time under the point.
        event_time: i64,
        /// The windows holding it (for sessions: the windows of panes drawn).
        windows: Vec<Window>,
    },
}

/// How far from a dot's centre, in pixels, the dot is hit.
const DOT: i32 = 6;
/// How far from the watermark's path, in pixels, the line is hit.
const LINE: f64 = 4.0;

impl Drawing {
    /// What is under pixel `(x, y)` of `chart` drawn as `self`: the nearest dot within a few
    /// pixels, else the topmost pane box, else the watermark line within a few pixels, else the
    /// windows at that event time when the point is on the plot; `None` off the plot.
    ///
    /// ```
    /// use plotters::prelude::*;
    /// use windowpane_engine::*;
    /// use windowpane_render::{draw_traced, Chart, ChartOptions, Hit};
    /// let events = vec![Event { key: "k".into(), value: 1.0, event_time: 10_000, arrival: 50_000 }];
    /// let p = Pipeline::new(WindowFn::Fixed { size: 60_000, offset: 0 });
    /// let output = run(&p, &Input { events: events.clone(), watermark: WatermarkModel::Perfect, end_of_input: Some(100_000) });
    /// let chart = Chart { events: &events, pipeline: &p, output: &output, title: None };
    /// let mut svg = String::new();
    /// let drawing = {
    ///     let area = SVGBackend::with_string(&mut svg, (800, 500)).into_drawing_area();
    ///     draw_traced(&area, &chart, &ChartOptions::default(), None, &[]).unwrap()
    /// };
    /// let (_, x, y) = drawing.dots[0];
    /// assert_eq!(drawing.hit(&chart, x + 1, y), Some(Hit::Event { index: 0 }));
    /// let b = drawing.panes[0].rect;
    /// assert!(matches!(drawing.hit(&chart, b.x + b.width / 2, b.y + b.height / 2), Some(Hit::Pane(p)) if p.pane == 0));
    /// assert_eq!(drawing.hit(&chart, 1, 1), None);
    /// ```
    pub fn hit(&self, chart: &Chart, x: i32, y: i32) -> Option<Hit> {
        let nearest = self
            .dots
            .iter()
            .map(|&(i, dx, dy)| (i, (dx - x).pow(2) + (dy - y).pow(2)))
            .filter(|&(_, d)| d <= DOT * DOT)
            .min_by_key(|&(i, d)| (d, i));
        if let Some((index, _)) = nearest {
            return Some(Hit::Event { index });
        }
        if let Some(b) = self.panes.iter().rev().find(|b| contains(b.rect, x, y)) {
            return Some(Hit::Pane(*b));
        }
        let l = self.layout;
        if !contains(l.plot, x, y) {
            return None;
        }
        let at = self.processing_time_at(y);
        if self.watermark.windows(2).any(|s| distance((x, y), s[0], s[1]) <= LINE) {
            return Some(Hit::Watermark { at, to: explain::watermark_at(chart.output, at) });
        }
        let event_time = self.event_time_at(x);
        let windows = match chart.pipeline.window {
            WindowFn::Sessions { .. } => {
                let mut ws: Vec<Window> = self
                    .panes
                    .iter()
                    .filter_map(|b| chart.output.panes.get(b.pane))
                    .map(|p| p.window)
                    .filter(|w| matches!(*w, Window::Interval { start, end } if start <= event_time && event_time < end))
                    .collect();
                ws.sort();
                ws.dedup();
                ws
            }
            ref f => {
                let mut ws = Vec::new();
                f.assign(event_time, &mut ws);
                ws
            }
        };
        Some(Hit::Windows { event_time, windows })
    }

    /// The box of pane `index` as drawn (the box of the group it leads), if it was drawn.
    pub fn pane_box(&self, index: usize) -> Option<PaneBox> {
        self.panes.iter().rev().find(|b| b.pane == index).copied()
    }

    /// The event time at pixel column `x` (rounded to the millisecond).
    pub fn event_time_at(&self, x: i32) -> i64 {
        let l = self.layout;
        let f = f64::from(x - l.plot.x) / f64::from(l.plot.width.max(1));
        l.event_time.min + (f * (l.event_time.max - l.event_time.min) as f64).round() as i64
    }

    /// The processing time at pixel row `y` (rounded to the millisecond).
    pub fn processing_time_at(&self, y: i32) -> i64 {
        let l = self.layout;
        let f = f64::from(l.plot.y + l.plot.height - y) / f64::from(l.plot.height.max(1));
        l.processing_time.min + (f * (l.processing_time.max - l.processing_time.min) as f64).round() as i64
    }
}

fn contains(r: PlotRect, x: i32, y: i32) -> bool {
    x >= r.x && x <= r.x + r.width && y >= r.y && y <= r.y + r.height
}

/// The distance from `p` to the segment `a`–`b`.
fn distance(p: (i32, i32), a: (i32, i32), b: (i32, i32)) -> f64 {
    let (px, py) = (f64::from(p.0), f64::from(p.1));
    let (ax, ay, bx, by) = (f64::from(a.0), f64::from(a.1), f64::from(b.0), f64::from(b.1));
    let (dx, dy) = (bx - ax, by - ay);
    let len = dx * dx + dy * dy;
    let t = if len == 0.0 { 0.0 } else { (((px - ax) * dx + (py - ay) * dy) / len).clamp(0.0, 1.0) };
    ((px - ax - t * dx).powi(2) + (py - ay - t * dy).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::distance;

    #[test]
    fn distance_to_a_segment() {
        assert_eq!(distance((5, 3), (0, 0), (10, 0)), 3.0);
        assert_eq!(distance((14, 0), (0, 0), (10, 0)), 4.0);
        assert_eq!(distance((0, 0), (2, 2), (2, 2)), 8f64.sqrt());
    }
}
