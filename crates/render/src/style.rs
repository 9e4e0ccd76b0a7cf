//! The chart's palette (Okabe–Ito, readable by colour-blind readers) and sizes.
//!
//! Public so that a page can draw a matching legend, and so tests can find marks in an SVG.

use plotters::style::RGBColor;
use windowpane_engine::Timing;

/// EARLY panes (speculative, before the watermark passed the window).
pub const EARLY: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// ON_TIME panes (the watermark passed the end of the window).
pub const ON_TIME: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// LATE panes (after the on-time pane).
pub const LATE: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Retractions of an earlier pane: hatched, never filled.
pub const RETRACTION: RGBColor = RGBColor(0x6E, 0x6E, 0x6E);
/// The watermark line.
pub const WATERMARK: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// The ring around an element that arrived behind the watermark.
pub const LATE_EVENT: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// The cross over an element dropped from an expired or closed window.
pub const DROPPED: RGBColor = RGBColor(0xC0, 0x00, 0x00);
/// The "now" line of the processing-time cursor.
pub const NOW: RGBColor = RGBColor(0x7B, 0x32, 0x94);
/// The allowed-lateness horizon of a window (the watermark passed its end plus the lateness).
pub const HORIZON: RGBColor = RGBColor(0x99, 0x55, 0x00);
/// The marks of a comparison with another run (a pane that differs, or is in one run only).
pub const COMPARE: RGBColor = RGBColor(0xC2, 0x18, 0x5B);
/// The selected pane's outline and the rings around its elements.
pub const SELECTED: RGBColor = RGBColor(0x1A, 0x3F, 0xD6);
/// Window boundaries.
pub const WINDOW: RGBColor = RGBColor(0xA0, 0xA0, 0xA0);
/// Axis, tick labels and text.
pub const INK: RGBColor = RGBColor(0x22, 0x22, 0x22);
/// Element dots, one colour per key (the first key uses the first colour).
pub const KEYS: [RGBColor; 5] = [
    RGBColor(0x33, 0x33, 0x33),
    RGBColor(0x56, 0xB4, 0xE9),
    RGBColor(0x8C, 0x56, 0x4B),
    RGBColor(0x94, 0x67, 0xBD),
    RGBColor(0x17, 0xBE, 0xCF),
];
/// The lightest and darkest colours of the density heat map.
pub const DENSITY: (RGBColor, RGBColor) = (RGBColor(0xDE, 0xEB, 0xF7), RGBColor(0x08, 0x30, 0x6B));

/// The colour of a pane of this timing.
pub fn timing_color(timing: Timing) -> RGBColor {
    match timing {
        Timing::Early => EARLY,
        Timing::OnTime => ON_TIME,
        Timing::Late => LATE,
    }
}

/// The colour `t` of the way from `a` to `b` (`t` in 0..=1).
pub(crate) fn mix(a: RGBColor, b: RGBColor, t: f64) -> RGBColor {
    let t = t.clamp(0.0, 1.0);
    let c = |x: u8, y: u8| (f64::from(x) + (f64::from(y) - f64::from(x)) * t).round() as u8;
    RGBColor(c(a.0, b.0), c(a.1, b.1), c(a.2, b.2))
}

/// Height of a pane's band in pixels.
pub(crate) const PANE_BAND: i32 = 16;
/// Font family of all text (generic, so no font file is needed).
pub(crate) const FONT: &str = "sans-serif";
