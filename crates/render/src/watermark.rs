//! The watermark's path as a line: at processing time `at` it jumps to event time `to`, so the
//! curve of points (x = watermark, y = processing time) is a staircase rising up the chart.

use crate::frame::Frame;
use plotters::drawing::DrawingAreaErrorKind;
use crate::scale::Axis;
use crate::scene::Scene;
use crate::style::WATERMARK;
use plotters::prelude::*;
use windowpane_engine::WatermarkPoint;

/// The staircase through `points` up to processing time `until`, in data coordinates
/// (event time, processing time), with the infinities clamped onto `x`. Empty when the watermark
/// never moved by `until`.
pub(crate) fn path(points: &[WatermarkPoint], until: i64, x: &Axis) -> Vec<(i64, i64)> {
    let mut out: Vec<(i64, i64)> = Vec::new();
    let mut push = |p: (i64, i64)| {
        if out.last() != Some(&p) {
            out.push(p);
        }
    };
    let mut last: Option<i64> = None;
    for p in points.iter().take_while(|p| p.at <= until) {
        if let Some(prev) = last {
            push((x.clamp(prev), p.at));
        }
        push((x.clamp(p.to), p.at));
        last = Some(p.to);
    }
    if let Some(prev) = last {
        if prev != windowpane_engine::time::POS_INFINITY {
            push((x.clamp(prev), until));
        }
    }
    out
}

/// Draws the watermark line: up to the cursor if there is one, else to the top of the chart.
/// Returns the line's points in the plotting area's pixels (none when it is not drawn).
pub(crate) fn draw<DB: DrawingBackend>(frame: &Frame<DB>, scene: &Scene) -> Result<Vec<(i32, i32)>, DrawingAreaErrorKind<DB::ErrorType>> {
    let until = scene.at.unwrap_or(scene.y.max).min(scene.y.max);
    let points = path(&scene.chart.output.watermark, until, &scene.x);
    if points.len() < 2 {
        return Ok(Vec::new());
    }
    let pixels: Vec<(i32, i32)> = points.iter().map(|&(t, p)| frame.px(t, p)).collect();
    frame.area.draw(&PathElement::new(
        pixels.clone(),
        ShapeStyle::from(&WATERMARK).stroke_width(2),
    ))?;
    Ok(pixels)
}

#[cfg(test)]
mod tests {
    use super::*;
    use windowpane_engine::time::{NEG_INFINITY, POS_INFINITY};

    const X: Axis = Axis {
        min: 0,
        max: 100,
        step: 10,
    };

    fn wm(at: i64, to: i64) -> WatermarkPoint {
        WatermarkPoint { at, to }
    }

    #[test]
    fn staircase_rises_with_processing_time_and_ends_at_infinity_on_the_right_edge() {
        let pts = [wm(10, 20), wm(30, 50), wm(60, POS_INFINITY)];
        assert_eq!(
            path(&pts, 1_000, &X),
            vec![(20, 10), (20, 30), (50, 30), (50, 60), (100, 60)]
        );
    }

    #[test]
    fn cursor_cuts_the_path_and_extends_the_last_level_up_to_it() {
        let pts = [wm(10, 20), wm(30, 50), wm(60, POS_INFINITY)];
        assert_eq!(
            path(&pts, 40, &X),
            vec![(20, 10), (20, 30), (50, 30), (50, 40)]
        );
        assert!(path(&pts, 5, &X).is_empty());
    }

    #[test]
    fn values_outside_the_axis_are_clamped() {
        let pts = [wm(10, NEG_INFINITY), wm(20, -50), wm(30, 500)];
        assert_eq!(
            path(&pts, 40, &X),
            vec![(0, 10), (0, 20), (0, 30), (100, 30), (100, 40)]
        );
    }
}
