//! The header: the title and a one-line summary of the run on the first line, and a legend of every mark, wrapped to the width.

use crate::scene::Scene;
use crate::style::{self, FONT, INK, KEYS, PANE_BAND};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::RGBColor;
use windowpane_engine::AccumulationMode;

/// How a legend entry's mark looks.
#[derive(Clone, Copy, Debug)]
enum Mark {
    /// A shaded pane band.
    Pane(RGBColor),
    /// A hatched retraction band.
    Retraction,
    /// A line (watermark, now).
    Line(RGBColor),
    /// An element dot.
    Dot(RGBColor),
    /// The late-element ring.
    Ring,
    /// The dropped-element cross.
    Cross,
    /// A heat-map cell.
    Density,
}

/// Width of a mark, gap after it and gap between entries.
const MARK: i32 = 16;
const GAP: i32 = 4;
const SPACING: i32 = 14;
const ROW: i32 = 18;
const TITLE: i32 = 26;
const PAD: i32 = 8;

/// The header, laid out for an area's width.
pub(crate) struct Legend {
    title: Option<String>,
    summary: String,
    /// Whether the summary has a line of its own below the title (else: right of it).
    summary_below: bool,
    /// Entries with their top-left position.
    entries: Vec<(Mark, String, (i32, i32))>,
    height: u32,
}

impl Legend {
    /// Lays out the header for `area`'s width.
    pub fn layout<DB: DrawingBackend>(
        area: &DrawingArea<DB, Shift>,
        title: Option<&str>,
        scene: &Scene,
        with_marks: bool,
    ) -> Result<Legend, DrawingAreaErrorKind<DB::ErrorType>> {
        let width = area.dim_in_pixel().0 as i32;
        let font: TextStyle = (FONT, 12).into_font().into();
        let mut marks = vec![
            (Mark::Pane(style::EARLY), "early".to_string()),
            (Mark::Pane(style::ON_TIME), "on time".to_string()),
            (Mark::Pane(style::LATE), "late".to_string()),
        ];
        let out = scene.chart.output;
        if scene.chart.pipeline.accumulation == AccumulationMode::AccumulatingAndRetracting
            || out.panes.iter().any(|p| p.retraction)
        {
            marks.push((Mark::Retraction, "retraction".into()));
        }
        marks.push((Mark::Line(style::WATERMARK), "watermark".into()));
        if !crate::windows::horizons(scene).is_empty() {
            marks.push((Mark::Line(style::HORIZON), "lateness horizon".into()));
        }
        if scene.dense_events() {
            marks.push((Mark::Density, "elements (density)".into()));
        } else if scene.per_key() {
            marks.extend(
                scene
                    .keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| (Mark::Dot(KEYS[i]), k.to_string())),
            );
        } else {
            marks.push((Mark::Dot(KEYS[0]), "element".into()));
        }
        if !scene.dense_events() {
            marks.push((Mark::Ring, "late element".into()));
            marks.push((Mark::Cross, "dropped".into()));
        }
        if scene.at.is_some() {
            marks.push((Mark::Line(style::NOW), "now".into()));
        }
        if !with_marks {
            marks.clear();
        }
        let summary = summary(scene);
        // The summary sits at the right of the title's line, or on a line of its own below the
        // title when the two would run into each other (a narrow chart, a long title).
        let title_width = match title {
            Some(t) => area.estimate_text_size(t, &(FONT, 18).into_font().style(FontStyle::Bold).into())?.0 as i32,
            None => 0,
        };
        let summary_width = area.estimate_text_size(&summary, &font)?.0 as i32;
        let summary_below = title.is_some() && PAD + title_width + SPACING + summary_width > width - PAD;
        let top = PAD + TITLE + if summary_below { ROW } else { 0 };
        let (mut x, mut y) = (PAD, top);
        let mut entries = Vec::with_capacity(marks.len());
        for (mark, text) in marks {
            let w = MARK + GAP + area.estimate_text_size(&text, &font)?.0 as i32;
            if x > PAD && x + w > width - PAD {
                x = PAD;
                y += ROW;
            }
            entries.push((mark, text, (x, y)));
            x += w + SPACING;
        }
        Ok(Legend {
            title: title.map(str::to_string),
            summary,
            summary_below,
            entries,
            height: (if with_marks { y + ROW } else { top } + PAD / 2) as u32,
        })
    }

    /// Height of the header in pixels.
    pub fn height(&self) -> u32 {
        self.height
    }

    /// Draws the header on `area` (the strip above the plot).
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
    ) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
        let width = area.dim_in_pixel().0 as i32;
        let top_left = Pos::new(HPos::Left, VPos::Top);
        if let Some(title) = &self.title {
            let font = (FONT, 18)
                .into_font()
                .style(FontStyle::Bold)
                .color(&INK)
                .pos(top_left);
            area.draw(&Text::new(title.as_str(), (PAD, PAD), font))?;
        }
        let (anchor, at) = match self.summary_below {
            true => (HPos::Left, (PAD, PAD + TITLE)),
            false => (HPos::Right, (width - PAD, PAD + 4)),
        };
        let font = (FONT, 12).into_font().color(&INK).pos(Pos::new(anchor, VPos::Top));
        area.draw(&Text::new(self.summary.as_str(), at, font))?;
        for (mark, text, (x, y)) in &self.entries {
            draw_mark(area, *mark, (*x, *y))?;
            let font = (FONT, 12)
                .into_font()
                .color(&INK)
                .pos(Pos::new(HPos::Left, VPos::Center));
            area.draw(&Text::new(
                text.as_str(),
                (x + MARK + GAP, y + ROW / 2 - 2),
                font,
            ))?;
        }
        Ok(())
    }
}

/// "12 elements · 7 panes · 1 dropped", counting what has happened by the cursor.
fn summary(scene: &Scene) -> String {
    let elements = scene.arrived().count();
    let panes = scene.emitted().count();
    let mut dropped: Vec<usize> = scene
        .chart
        .output
        .dropped
        .iter()
        .filter(|d| scene.happened(d.arrival))
        .map(|d| d.event)
        .collect();
    dropped.sort_unstable();
    dropped.dedup();
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut s = format!(
        "{} · {}",
        plural(elements, "element", "elements"),
        plural(panes, "pane", "panes")
    );
    if !dropped.is_empty() {
        s.push_str(&format!(" · {} dropped", dropped.len()));
    }
    if scene.keys.len() > 1 {
        s.push_str(&format!(" · {}", plural(scene.keys.len(), "key", "keys")));
    }
    s
}

/// Draws one legend mark in the `MARK`-wide cell at `(x, y)`.
fn draw_mark<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    mark: Mark,
    (x, y): (i32, i32),
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>> {
    let mid = y + ROW / 2 - 2;
    let band = [(x, mid - PANE_BAND / 3), (x + MARK, mid + PANE_BAND / 3)];
    match mark {
        // Legend marks are fills only, so outlined rectangles in the SVG are panes.
        Mark::Pane(color) => {
            area.draw(&Rectangle::new(band, color.mix(0.35).filled()))?;
            area.draw(&Rectangle::new(
                [(x, band[0].1), (x + MARK, band[0].1 + 2)],
                color.filled(),
            ))
        }
        Mark::Retraction => {
            let style = ShapeStyle::from(&style::RETRACTION.mix(0.6)).stroke_width(1);
            for i in (0..MARK).step_by(5) {
                let end = (i + 8).min(MARK);
                area.draw(&PathElement::new(
                    vec![(x + i, band[1].1), (x + end, band[1].1 - (end - i))],
                    style,
                ))?;
            }
            area.draw(&Rectangle::new(
                [(x, band[0].1), (x + MARK, band[0].1 + 2)],
                style::RETRACTION.filled(),
            ))
        }
        Mark::Line(color) => area.draw(&PathElement::new(
            vec![(x, mid), (x + MARK, mid)],
            ShapeStyle::from(&color).stroke_width(2),
        )),
        Mark::Dot(color) => area.draw(&Circle::new((x + MARK / 2, mid), 3, color.filled())),
        Mark::Ring => area.draw(&Circle::new(
            (x + MARK / 2, mid),
            6,
            ShapeStyle::from(&style::LATE_EVENT).stroke_width(2),
        )),
        Mark::Cross => area.draw(&Cross::new(
            (x + MARK / 2, mid),
            5,
            ShapeStyle::from(&style::DROPPED).stroke_width(2),
        )),
        Mark::Density => {
            for (i, t) in [0.2, 0.5, 0.8, 1.0].iter().enumerate() {
                let c = style::mix(style::DENSITY.0, style::DENSITY.1, *t);
                let cx = x + i as i32 * 4;
                area.draw(&Rectangle::new(
                    [(cx, mid - 4), (cx + 4, mid + 4)],
                    c.filled(),
                ))?;
            }
            Ok(())
        }
    }
}
